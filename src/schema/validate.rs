//! Validation of parsed files against the generated schemas, with errors
//! translated into words a legal-ops reader can act on.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::SchemaFile;
use crate::diag::Rule;
use crate::suggest;

/// Compiled validators for every schema file, built once per run.
pub struct Validators {
    registry: Compiled,
    subprocessor: Compiled,
    knowledge: Compiled,
    regions: Compiled,
}

struct Compiled {
    schema: Value,
    validator: Validator,
}

/// One schema error, located by JSON Pointer; the loader maps the pointer
/// to a span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// `schema-violation` or `unknown-key`.
    pub rule: Rule,
    /// Where the fault is, e.g. `/transfers/0/mechanism`.
    pub pointer: String,
    /// Whether to point at the key rather than the value (unknown keys).
    pub at_key: bool,
    /// Whether it says that the table at `pointer` lacks a key, rather than
    /// what is wrong with the value there.
    pub missing_key: bool,
    /// What is wrong, naming the value.
    pub message: String,
    /// How to fix it.
    pub notes: Vec<String>,
}

impl Validators {
    /// Compiles the generated schemas.
    ///
    /// # Errors
    /// Only if a generated schema is not a valid JSON Schema, a bug in subreg.
    pub fn new() -> Result<Self, String> {
        Ok(Self {
            registry: Compiled::new(SchemaFile::Registry)?,
            subprocessor: Compiled::new(SchemaFile::Subprocessor)?,
            knowledge: Compiled::new(SchemaFile::Knowledge)?,
            regions: Compiled::new(SchemaFile::Regions)?,
        })
    }

    /// Validates `instance` against `kind`'s schema; every error, in
    /// document order of their pointers.
    #[must_use]
    pub fn validate(&self, kind: SchemaFile, instance: &Value) -> Vec<SchemaError> {
        let compiled = match kind {
            SchemaFile::Registry => &self.registry,
            SchemaFile::Subprocessor => &self.subprocessor,
            SchemaFile::Knowledge => &self.knowledge,
            SchemaFile::Regions => &self.regions,
        };
        // Most files are valid: the yes/no check stops at nothing and builds
        // no errors, about twice as fast as collecting them.
        if compiled.validator.is_valid(instance) {
            return Vec::new();
        }
        let mut errors: Vec<SchemaError> = compiled
            .validator
            .iter_errors(instance)
            .flat_map(|e| translate(&e, &compiled.schema, instance))
            .collect();
        errors.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
        errors.dedup();
        // A misspelt key is one mistake: when an unknown key's suggestion is
        // the required key reported missing, keep only the unknown key.
        let suggested: Vec<(String, String)> = errors
            .iter()
            .filter(|e| e.rule == Rule::UnknownKey)
            .filter_map(|e| {
                let wanted = e
                    .notes
                    .first()?
                    .strip_prefix("did you mean `")?
                    .strip_suffix("`?")?;
                let parent = e.pointer.rsplit_once('/').map_or("", |(p, _)| p);
                Some((
                    parent.to_owned(),
                    format!("missing required key `{wanted}`"),
                ))
            })
            .collect();
        errors.retain(|e| {
            !suggested
                .iter()
                .any(|(p, m)| *p == e.pointer && *m == e.message)
        });
        errors
    }
}

impl Validators {
    /// The schema of the value at `pointer` in a file of `kind` (optional
    /// values unwrapped, `$ref`s followed), for checks the schema language
    /// cannot state; `None` where the path leaves the schema.
    #[must_use]
    pub fn expected(&self, kind: SchemaFile, pointer: &str) -> Option<&Value> {
        let schema = match kind {
            SchemaFile::Registry => &self.registry.schema,
            SchemaFile::Subprocessor => &self.subprocessor.schema,
            SchemaFile::Knowledge => &self.knowledge.schema,
            SchemaFile::Regions => &self.regions.schema,
        };
        subschema_at(schema, pointer)
    }
}

/// What a schema expects, in words: `a whole number`, `a calendar date
/// (YYYY-MM-DD)`, `a string`, ...
#[must_use]
pub fn expected_words(schema: &Value) -> String {
    describe_type(schema)
}

/// The schema's `type`, ignoring the `null` that optional values add.
#[must_use]
pub fn expected_type(schema: &Value) -> Option<&str> {
    primary_type(schema)
}

/// The whole numbers a schema allows: its `minimum` and `maximum`, within
/// the range of its integer `format` (`uint8`, `uint32`, `int64`, ...).
#[must_use]
pub fn integer_range(schema: &Value) -> Option<(i128, i128)> {
    if primary_type(schema) != Some("integer") {
        return None;
    }
    let (low, high): (i128, i128) = match schema.get("format").and_then(Value::as_str) {
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64" | "uint") => (0, u64::MAX.into()),
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let bound = |key: &str| schema.get(key).and_then(Value::as_i64).map(i128::from);
    Some((
        bound("minimum").map_or(low, |m| m.max(low)),
        bound("maximum").map_or(high, |m| m.min(high)),
    ))
}

/// `a whole number of days from 0 to 3,653`: the range in words (see
/// [`integer_range`]),
/// with the unit a key's name gives (`notice_days`).
pub fn whole_number(pointer: &str, low: i128, high: i128) -> String {
    let key = pointer.rsplit('/').next().unwrap_or("");
    let unit = if key.ends_with("_days") {
        " of days"
    } else {
        ""
    };
    format!(
        "a whole number{unit} from {} to {}",
        grouped(low),
        grouped(high)
    )
}

/// `4294967295` as `4,294,967,295`.
fn grouped(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl Compiled {
    fn new(kind: SchemaFile) -> Result<Self, String> {
        let schema = kind.value();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| format!("{}: {e}", kind.file_name()))?;
        Ok(Self { schema, validator })
    }
}

fn translate(error: &ValidationError<'_>, schema: &Value, instance: &Value) -> Vec<SchemaError> {
    let pointer = error.instance_path().as_str().to_owned();
    let found = instance.pointer(&pointer).unwrap_or(&Value::Null);
    let expected = subschema_at(schema, &pointer);
    let violation = |message: String, notes: Vec<String>| SchemaError {
        rule: Rule::SchemaViolation,
        pointer: pointer.clone(),
        at_key: false,
        missing_key: false,
        message,
        notes,
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|key| {
                let mut error = unknown_key(&pointer, key, expected);
                if let Some(note) = belongs_above(schema, &pointer, key) {
                    error.notes = vec![note];
                }
                error
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = describe_property(expected, name);
            vec![SchemaError {
                missing_key: true,
                ..violation(
                    format!("missing required key `{name}`"),
                    vec![format!("add `{name} = ...`{what}")],
                )
            }]
        }
        ValidationErrorKind::Type { .. } => {
            let wanted = expected
                .map(describe_type)
                .unwrap_or_else(|| "another type".to_owned());
            vec![violation(
                format!("expected {wanted}, found {}", describe_value(found)),
                hint_for_type(expected, found),
            )]
        }
        ValidationErrorKind::Format { format } if format == "date" => vec![violation(
            format!("{} is not a calendar date", describe_value(found)),
            vec![
                "write the date as YYYY-MM-DD, unquoted, e.g. 2023-11-08 (no time of day)"
                    .to_owned(),
            ],
        )],
        ValidationErrorKind::Format { format } => vec![violation(
            format!("{} is not a valid {format}", describe_value(found)),
            vec![format_hint(format)],
        )],
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            vec![choice_error(&pointer, found, &allowed)]
        }
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. }
            if expected.is_some_and(|s| !const_choices(s).is_empty()) =>
        {
            let allowed = expected.map(const_choices).unwrap_or_default();
            vec![choice_error(&pointer, found, &allowed)]
        }
        // An optional value (`anyOf: [T, null]`) that is not a T: say what
        // a T is, as for a required value, not which keyword failed.
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. }
            if expected.is_some_and(|s| s.get("anyOf").is_none()) =>
        {
            let schema = expected.unwrap_or(&Value::Null);
            let kind = primary_type(schema);
            let matches = match (kind, found) {
                (Some("string"), Value::String(_)) | (Some("boolean"), Value::Bool(_)) => true,
                (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
                (Some("number"), Value::Number(_)) => true,
                (Some("array"), Value::Array(_)) | (Some("object"), Value::Object(_)) => true,
                _ => false,
            };
            match schema.get("format").and_then(Value::as_str) {
                Some("date") if matches => vec![violation(
                    format!("{} is not a calendar date", describe_value(found)),
                    vec![
                        "write the date as YYYY-MM-DD, unquoted, e.g. 2023-11-08 (no time of day)"
                            .to_owned(),
                    ],
                )],
                Some(format) if matches => vec![violation(
                    format!("{} is not a valid {format}", describe_value(found)),
                    vec![format_hint(format)],
                )],
                _ => vec![violation(
                    format!(
                        "expected {}, found {}",
                        describe_type(schema),
                        describe_value(found)
                    ),
                    hint_for_type(Some(schema), found),
                )],
            }
        }
        // The only pattern of the format: `website` (model::Subprocessor).
        ValidationErrorKind::Pattern { pattern } if pattern.contains("[Hh][Tt][Tt][Pp]") => {
            // A value with no scheme at all is no URL: its `format` error
            // says so, once.
            let has_scheme = found.as_str().is_some_and(|s| {
                s.split_once(':').is_some_and(|(scheme, _)| {
                    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                })
            });
            // A blank makes it no URI either: its `format` error says so.
            if !has_scheme
                || found
                    .as_str()
                    .is_some_and(|s| s.contains(char::is_whitespace))
            {
                return Vec::new();
            }
            vec![violation(
                format!("{} is not an http or https address", describe_value(found)),
                vec![
                    "write the full web address, e.g. \"https://vendor.example\": http or https, a host name, no user name before it, a port from 1 to 65535 (a published link may not run script or hide where it leads)"
                        .to_owned(),
                ],
            )]
        }
        ValidationErrorKind::MinItems { limit } => vec![violation(
            format!(
                "needs at least {limit} value{}",
                if *limit == 1 { "" } else { "s" }
            ),
            vec!["write one or more values between the brackets".to_owned()],
        )],
        ValidationErrorKind::MinLength { .. } => vec![violation(
            "must not be empty".to_owned(),
            vec!["write the value, or remove the key if it is optional".to_owned()],
        )],
        // Out of a whole number's range: the range in words, as the type
        // check says it.
        ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. }
            if expected.and_then(integer_range).is_some() =>
        {
            let (low, high) = expected.and_then(integer_range).unwrap_or_default();
            vec![violation(
                format!(
                    "{} is out of range: {} is expected here",
                    describe_value(found),
                    whole_number(&pointer, low, high)
                ),
                Vec::new(),
            )]
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            vec![violation(
                format!("{} is below the minimum {limit}", describe_value(found)),
                Vec::new(),
            )]
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            vec![violation(
                format!("{} is above the maximum {limit}", describe_value(found)),
                Vec::new(),
            )]
        }
        _ => vec![violation(error.to_string(), Vec::new())],
    }
}

/// The schema that describes the value at `pointer`, following `$ref`s into
/// `$defs`, `properties` and `items`; `None` where the path leaves the schema.
fn subschema_at<'s>(schema: &'s Value, pointer: &str) -> Option<&'s Value> {
    let mut node = resolve(schema, schema)?;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = if let Some(property) = node.get("properties").and_then(|p| p.get(&token)) {
            resolve(schema, property)?
        } else if let Some(items) = node.get("items") {
            resolve(schema, items)?
        } else if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
            resolve(schema, extra)?
        } else {
            return None;
        };
    }
    Some(node)
}

/// Follows local `$ref`s (`#/$defs/Name`), and unwraps `anyOf: [T, null]`
/// that schemars emits for optional values.
fn resolve<'s>(root: &'s Value, node: &'s Value) -> Option<&'s Value> {
    let mut node = node;
    for _ in 0..16 {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            node = root.pointer(reference.strip_prefix('#')?)?;
        } else if let Some(options) = node.get("anyOf").and_then(Value::as_array) {
            let non_null: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            match non_null.as_slice() {
                [only] => node = only,
                _ => return Some(node),
            }
        } else {
            return Some(node);
        }
    }
    Some(node)
}

/// When `key`, unknown in the table at `pointer`, is a key of a table
/// that holds it (the top level, say): the note that TOML put it in the
/// table whose header stands above it.
fn belongs_above(schema: &Value, pointer: &str, key: &str) -> Option<String> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let last = tokens.last()?;
    // `[organization]`, or `[[documents]]` for an item of an array of tables.
    let name: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| t.parse::<usize>().is_err())
        .collect();
    let header = if last.parse::<usize>().is_ok() {
        format!("[[{}]]", name.join("."))
    } else {
        format!("[{}]", name.join("."))
    };
    (0..tokens.len()).rev().find_map(|k| {
        let outer: String = tokens[..k].iter().map(|t| format!("/{t}")).collect();
        let known = subschema_at(schema, &outer)?
            .get("properties")?
            .as_object()?
            .contains_key(key);
        known.then(|| {
            let place = if k == 0 {
                "the top level".to_owned()
            } else {
                format!("`[{}]`", tokens[..k].join("."))
            };
            format!(
                "`{key}` is a key of {place}: after a `{header}` header every key belongs to \
                 that table, so move `{key}` above the `{header}` line"
            )
        })
    })
}

fn unknown_key(pointer: &str, key: &str, expected: Option<&Value>) -> SchemaError {
    let known: Vec<&str> = expected
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut notes = Vec::new();
    match suggest::closest(key, known.iter().copied()) {
        Some(best) => notes.push(format!("did you mean `{best}`?")),
        None if !known.is_empty() => {
            notes.push(format!("the keys allowed here are: {}", known.join(", ")))
        }
        None => {}
    }
    let mut child = pointer.to_owned();
    crate::pointer::push_token(&mut child, key);
    SchemaError {
        rule: Rule::UnknownKey,
        pointer: child,
        at_key: true,
        missing_key: false,
        message: format!("unknown key `{key}`"),
        notes,
    }
}

fn choice_error(pointer: &str, found: &Value, allowed: &[&str]) -> SchemaError {
    let mut notes = Vec::new();
    if let Some(best) = found
        .as_str()
        .and_then(|f| suggest::closest(f, allowed.iter().copied()))
    {
        notes.push(format!("did you mean \"{best}\"?"));
    }
    notes.push(format!("expected one of: {}", allowed.join(", ")));
    SchemaError {
        rule: Rule::SchemaViolation,
        pointer: pointer.to_owned(),
        at_key: false,
        missing_key: false,
        message: format!("{} is not an accepted value here", describe_value(found)),
        notes,
    }
}

/// The `const` strings of a `oneOf` of documented constants, as schemars
/// emits for enums whose variants have doc comments.
fn const_choices(schema: &Value) -> Vec<&str> {
    let options = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array);
    let mut choices = Vec::new();
    for option in options.into_iter().flatten() {
        if let Some(c) = option.get("const").and_then(Value::as_str) {
            choices.push(c);
        } else if let Some(e) = option.get("enum").and_then(Value::as_array) {
            choices.extend(e.iter().filter_map(Value::as_str));
        }
    }
    choices
}

fn describe_property(object: Option<&Value>, name: &str) -> String {
    object
        .and_then(|o| o.get("properties"))
        .and_then(|p| p.get(name))
        .and_then(|p| p.get("description"))
        .and_then(Value::as_str)
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

fn describe_type(schema: &Value) -> String {
    if !const_choices(schema).is_empty() {
        return "one of the listed words, as a string".to_owned();
    }
    let kind = primary_type(schema).unwrap_or_default();
    let is_date = schema.get("format").and_then(Value::as_str) == Some("date");
    match kind {
        "string" if is_date => "a calendar date (YYYY-MM-DD)".to_owned(),
        "string" => "a string".to_owned(),
        "integer" => "a whole number".to_owned(),
        "number" => "a number".to_owned(),
        "boolean" => "true or false".to_owned(),
        "array" => "a list [ ... ]".to_owned(),
        "object" => "a table".to_owned(),
        _ => "another type".to_owned(),
    }
}

fn hint_for_type(expected: Option<&Value>, found: &Value) -> Vec<String> {
    match (expected.and_then(primary_type), found) {
        (Some("integer"), Value::Number(n)) if n.is_f64() => {
            vec![format!(
                "write a whole number without a decimal point, e.g. {}",
                n.as_f64().map_or(0, |f| f.trunc() as i64)
            )]
        }
        (Some("integer"), Value::String(s)) => vec![format!("remove the quotes: {s}")],
        (Some("array"), Value::String(s)) => vec![format!("write a list: [\"{s}\"]")],
        (Some("array"), Value::Object(_)) => vec![
            "each entry of a list of tables starts with a double-bracket header, e.g. [[transfers]]".to_owned(),
        ],
        (Some("string"), v) if !v.is_object() && !v.is_array() => {
            vec![format!(
                "put the value in quotes: \"{}\"",
                v.to_string().trim_matches('"')
            )]
        }
        _ => Vec::new(),
    }
}

/// The schema's `type`, ignoring the `null` that optional values add.
fn primary_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn format_hint(format: &str) -> String {
    match format {
        "uri" => "write an absolute URL, e.g. https://example.com".to_owned(),
        _ => format!("write a valid {format}"),
    }
}

/// A value as a reader would recognise it from the file.
fn describe_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a table".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn large_numbers_are_grouped() {
        assert_eq!(grouped(4_294_967_295), "4,294,967,295");
        assert_eq!(grouped(-128), "-128");
        assert_eq!(grouped(255), "255");
    }

    fn errors(kind: SchemaFile, instance: &Value) -> Result<Vec<SchemaError>, String> {
        Ok(Validators::new()?.validate(kind, instance))
    }

    fn minimal() -> Value {
        json!({"name": "A", "country": "US", "purposes": ["x"], "locations": ["US"], "added": "2023-11-08"})
    }

    #[test]
    fn a_minimal_subprocessor_is_valid() -> Result<(), String> {
        assert_eq!(errors(SchemaFile::Subprocessor, &minimal())?, Vec::new());
        Ok(())
    }

    #[test]
    fn unknown_key_suggests_the_close_one() -> Result<(), String> {
        let mut value = minimal();
        value["purpose"] = json!(["x"]);
        let found = errors(SchemaFile::Subprocessor, &value)?;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::UnknownKey);
        assert_eq!(found[0].pointer, "/purpose");
        assert_eq!(found[0].notes, vec!["did you mean `purposes`?".to_owned()]);
        Ok(())
    }

    #[test]
    fn a_top_level_key_under_a_table_header_is_told_to_move_up() -> Result<(), String> {
        // A registry.toml with `key = 30` written under the table at `pointer`.
        let config = |pointer: &str, key: &str| {
            let mut value = json!({"regimes": ["eu-gdpr"], "organization": {"name": "A", "country": "DE", "role": "processor"}, "documents": [{"path": "p.md"}]});
            if let Some(Value::Object(table)) = value.pointer_mut(pointer) {
                table.insert(key.to_owned(), json!(30));
            }
            value
        };
        let found = errors(
            SchemaFile::Registry,
            &config("/organization", "notice_days"),
        )?;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/organization/notice_days");
        assert_eq!(
            found[0].notes,
            [
                "`notice_days` is a key of the top level: after a `[organization]` header every key \
              belongs to that table, so move `notice_days` above the `[organization]` line"
            ]
        );
        let found = errors(SchemaFile::Registry, &config("/documents/0", "notice_days"))?;
        assert_eq!(
            found[0].notes,
            [
                "`notice_days` is a key of the top level: after a `[[documents]]` header every key \
              belongs to that table, so move `notice_days` above the `[[documents]]` line"
            ]
        );
        // A key no table holds keeps the usual advice.
        let found = errors(SchemaFile::Registry, &config("/organization", "nmae"))?;
        assert_eq!(found[0].notes, ["did you mean `name`?"]);
        Ok(())
    }

    #[test]
    fn wrong_types_and_formats_say_how_to_fix() -> Result<(), String> {
        let mut value = minimal();
        value["added"] = json!("2023-11-08T10:00:00Z");
        value["transfers"] = json!([{"to": "US", "mechanism": "eu-us-dfp", "module": 5}]);
        let found = errors(SchemaFile::Subprocessor, &value)?;
        let summary: Vec<(String, String)> = found
            .iter()
            .map(|e| (e.pointer.clone(), e.message.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "/added".to_owned(),
                    "\"2023-11-08T10:00:00Z\" is not a calendar date".to_owned()
                ),
                (
                    "/transfers/0/mechanism".to_owned(),
                    "\"eu-us-dfp\" is not an accepted value here".to_owned()
                ),
                (
                    "/transfers/0/module".to_owned(),
                    "5 is out of range: a whole number from 1 to 4 is expected here".to_owned()
                ),
            ]
        );
        assert_eq!(found[1].notes[0], "did you mean \"eu-us-dpf\"?");
        Ok(())
    }

    #[test]
    fn notice_days_must_be_a_whole_number() -> Result<(), String> {
        let base = json!({"regimes": ["eu-gdpr"], "organization": {"name": "U", "country": "MY", "role": "processor"}});
        // 30.0 is an integer to JSON Schema; the loader's serde stage rejects it
        // (tested in tests/hostile.rs).
        for (bad, hint) in [
            (
                json!(30.5),
                "write a whole number without a decimal point, e.g. 30",
            ),
            (json!("30"), "remove the quotes: 30"),
        ] {
            let mut value = base.clone();
            value["notice_days"] = bad;
            let found = errors(SchemaFile::Registry, &value)?;
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].pointer, "/notice_days");
            assert_eq!(found[0].notes, vec![hint.to_owned()]);
        }
        Ok(())
    }

    #[test]
    fn missing_keys_are_reported_on_their_table() -> Result<(), String> {
        let found = errors(
            SchemaFile::Subprocessor,
            &json!({"name": "A", "country": "US", "purposes": ["x"], "locations": ["US"], "added": "2023-11-08", "transfers": [{"to": "US"}]}),
        )?;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/transfers/0");
        assert_eq!(found[0].message, "missing required key `mechanism`");
        Ok(())
    }
}
