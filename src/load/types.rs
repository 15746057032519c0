//! Types that JSON cannot tell apart, judged on the TOML tree against the
//! schema, every value in one pass: `30.0` where a whole number belongs
//! (JSON Schema counts it as an integer), a date where text or a number
//! belongs and quoted text where a date belongs (the schema sees dates as
//! strings), and whole numbers outside the range of
//! their type or too large for JSON. Without this pass serde would report
//! the first of them only, one per run, in its own words (`u32`).

use toml::de::{DeTable, DeValue};

use crate::pointer::push_token;
use crate::schema::{SchemaFile, Validators, expected_type, integer_range, whole_number};

/// A value of the wrong type, located by JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeProblem {
    /// Where the value is.
    pub pointer: String,
    /// What is wrong, naming the value as written.
    pub message: String,
    /// How to fix it.
    pub note: String,
}

/// Every such value of `root`, a file of `kind`. Iterative; the caller has
/// bounded the nesting depth.
#[must_use]
pub fn type_problems(
    root: &DeTable<'_>,
    kind: SchemaFile,
    validators: &Validators,
) -> Vec<TypeProblem> {
    let mut problems = Vec::new();
    let mut stack: Vec<(String, &DeValue<'_>)> = Vec::new();
    push_table(&mut stack, "", root);
    while let Some((pointer, value)) = stack.pop() {
        match value {
            DeValue::Table(table) => push_table(&mut stack, &pointer, table),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{i}"), item.get_ref()));
                }
            }
            scalar => {
                let Some(expected) = validators.expected(kind, &pointer) else {
                    continue;
                };
                problems.extend(judge(&pointer, scalar, expected));
            }
        }
    }
    problems
}

/// Pushes the entries of `table` (at `pointer`) so that they pop in order.
fn push_table<'t, 'a>(
    stack: &mut Vec<(String, &'t DeValue<'a>)>,
    pointer: &str,
    table: &'t DeTable<'a>,
) {
    let children: Vec<_> = table.iter().collect();
    for (key, value) in children.into_iter().rev() {
        let mut child = pointer.to_owned();
        push_token(&mut child, key.get_ref());
        stack.push((child, value.get_ref()));
    }
}

fn judge(pointer: &str, value: &DeValue<'_>, expected: &serde_json::Value) -> Option<TypeProblem> {
    let problem = |message: String, note: String| TypeProblem {
        pointer: pointer.to_owned(),
        message,
        note,
    };
    if let DeValue::Float(float) = value {
        let written = float.as_str();
        let number: f64 = written.replace('_', "").parse().ok()?;
        if !number.is_finite() {
            return Some(not_finite(pointer, written, number, expected));
        }
    }
    match value {
        DeValue::Float(float) if expected_type(expected) == Some("integer") => {
            let written = float.as_str();
            let number: f64 = written.replace('_', "").parse().ok()?;
            // A fraction is a type error the schema reports itself.
            if number.fract() != 0.0 {
                return None;
            }
            let whole = written.split(['.', 'e', 'E']).next().unwrap_or(written);
            Some(problem(
                format!("expected a whole number, found {written}"),
                format!("write a whole number without a decimal point, e.g. {whole}"),
            ))
        }
        DeValue::Datetime(datetime)
            if expected_type(expected) == Some("string") && expected.get("format").is_none() =>
        {
            Some(problem(
                format!("expected text, found the date or time {datetime}"),
                format!("put it in quotes if it is meant as text: \"{datetime}\""),
            ))
        }
        DeValue::String(text) if is_date(expected) => {
            let key = pointer.rsplit('/').next().unwrap_or("date");
            let note = if text.parse::<crate::model::Date>().is_ok() {
                format!("write it unquoted: {key} = {text}")
            } else {
                format!("write a calendar date without quotes: {key} = 2024-05-01")
            };
            Some(problem(
                format!(
                    "expected a calendar date without quotes, found the text \"{}\"",
                    crate::diag::visible::visible(text)
                ),
                note,
            ))
        }
        DeValue::Datetime(datetime)
            if !matches!(expected_type(expected), Some("string") | None) =>
        {
            let wanted = match (expected_type(expected), integer_range(expected)) {
                (Some("integer"), Some((low, high))) => whole_number(pointer, low, high),
                (Some("integer" | "number"), _) => "a number".to_owned(),
                (Some("boolean"), _) => "true or false".to_owned(),
                (Some("array"), _) => "a list".to_owned(),
                (Some("object"), _) => "a table".to_owned(),
                _ => "a value of another kind".to_owned(),
            };
            Some(problem(
                format!("expected {wanted}, found the date or time {datetime}"),
                format!("write {wanted}"),
            ))
        }
        DeValue::Integer(integer) => {
            let (low, high) = integer_range(expected)?;
            let parsed = i128::from_str_radix(&integer.as_str().replace('_', ""), integer.radix());
            // Within 64 bits and the schema's own bounds the schema judges it.
            let fits_json = parsed
                .as_ref()
                .is_ok_and(|n| i64::try_from(*n).is_ok() || u64::try_from(*n).is_ok());
            let bounded = expected.get("minimum").is_some() && expected.get("maximum").is_some();
            if parsed.as_ref().is_ok_and(|n| (low..=high).contains(n)) || (fits_json && bounded) {
                return None;
            }
            let wanted = whole_number(pointer, low, high);
            Some(problem(
                format!("{integer} is out of range: {wanted} is expected here"),
                format!("write {wanted}"),
            ))
        }
        _ => None,
    }
}

/// Whether `expected` is the schema of a calendar date.
fn is_date(expected: &serde_json::Value) -> bool {
    expected_type(expected) == Some("string")
        && expected.get("format").and_then(|f| f.as_str()) == Some("date")
}

/// `nan`, `inf`, `-inf` or a number too large to hold (`1e999`), which
/// JSON cannot hold and which no field of a registry accepts, said in
/// words for the type the field expects.
fn not_finite(
    pointer: &str,
    written: &str,
    number: f64,
    expected: &serde_json::Value,
) -> TypeProblem {
    let lower = written.to_ascii_lowercase();
    let which = if number.is_nan() {
        "which is not a number"
    } else if lower.contains("inf") {
        "which is infinite"
    } else {
        "which is too large to be a number"
    };
    let (wanted, note) = match (expected_type(expected), integer_range(expected)) {
        (Some("integer"), Some((low, high))) => {
            let wanted = whole_number(pointer, low, high);
            (wanted.clone(), format!("write {wanted}"))
        }
        (Some("string"), _) if expected.get("format").and_then(|f| f.as_str()) == Some("date") => (
            "a calendar date".to_owned(),
            "write a calendar date without quotes, e.g. 2024-05-01".to_owned(),
        ),
        (Some("string"), _) => (
            "text".to_owned(),
            format!("put it in quotes if it is meant as text: \"{written}\""),
        ),
        _ => (
            "a value of another kind".to_owned(),
            "see the schema for what this key takes".to_owned(),
        ),
    };
    TypeProblem {
        pointer: pointer.to_owned(),
        message: format!("expected {wanted}, found {written}, {which}"),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(kind: SchemaFile, text: &str) -> Result<Vec<(String, String)>, String> {
        let validators = Validators::new()?;
        let root = DeTable::parse(text).map_err(|e| e.to_string())?;
        Ok(type_problems(root.get_ref(), kind, &validators)
            .into_iter()
            .map(|p| (p.pointer, p.message))
            .collect())
    }

    #[test]
    fn every_value_json_cannot_judge_is_found() -> Result<(), String> {
        let text = "name = 2023-11-08\ncountry = \"DE\"\npurposes = [\"x\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3.0\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 99999999999999999999\n";
        assert_eq!(
            problems(SchemaFile::Subprocessor, text)?,
            [
                (
                    "/name".to_owned(),
                    "expected text, found the date or time 2023-11-08".to_owned()
                ),
                (
                    "/transfers/0/module".to_owned(),
                    "expected a whole number, found 3.0".to_owned()
                ),
                (
                    "/transfers/1/module".to_owned(),
                    "99999999999999999999 is out of range: a whole number from 1 to 4 is \
                     expected here"
                        .to_owned()
                ),
            ]
        );
        let registry = "regimes = [\"eu-gdpr\"]\nnotice_days = 99_999_999_999_999_999_999\n";
        assert_eq!(
            problems(SchemaFile::Registry, registry)?,
            [(
                "/notice_days".to_owned(),
                "99999999999999999999 is out of range: a whole number of days from 0 to \
                 3,653 is expected here"
                    .to_owned()
            )]
        );
        // In range, or judged by the schema (5 for 1-4): nothing here.
        let fine = "regimes = [\"eu-gdpr\"]\nnotice_days = 30\n";
        assert_eq!(problems(SchemaFile::Registry, fine)?, []);
        Ok(())
    }

    #[test]
    fn numbers_json_cannot_hold_are_said_in_words() -> Result<(), String> {
        let registry = "regimes = [\"eu-gdpr\"]\nnotice_days = nan\n[organization]\n\
                        name = inf\ncountry = \"MY\"\nrole = \"processor\"\naliases = [-inf, 1e999]\n";
        // In key order here; the loader orders findings by position.
        assert_eq!(
            problems(SchemaFile::Registry, registry)?,
            [
                (
                    "/notice_days".to_owned(),
                    "expected a whole number of days from 0 to 3,653, found nan, which \
                     is not a number"
                        .to_owned()
                ),
                (
                    "/organization/aliases/0".to_owned(),
                    "expected text, found -inf, which is infinite".to_owned()
                ),
                (
                    "/organization/aliases/1".to_owned(),
                    "expected text, found 1e999, which is too large to be a number".to_owned()
                ),
                (
                    "/organization/name".to_owned(),
                    "expected text, found inf, which is infinite".to_owned()
                ),
            ]
        );
        Ok(())
    }
}
