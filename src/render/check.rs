//! Static check of a parsed template against the shape of its context.
//!
//! Handlebars' strict mode only sees what one render walks through: a typo in
//! an `{{else}}` branch, in the branch of an `{{#if}}` that is not taken, in
//! the body of an `{{#each}}` over an empty list, or in the condition of
//! `{{#if}}` / `{{#unless}}` / the list of an `{{#each}}` that has an
//! `{{else}}` (a missing value is just falsy there) renders silently. This
//! module walks every branch of the parsed template instead, resolving each
//! path against a [`Shape`] the way handlebars would at render time.

use std::collections::BTreeMap;

use handlebars::template::{BlockParam, HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{Path, PathSeg};
use serde_json::Value;

use super::OutputKind;
use super::helpers::{self, Role, Spec};

/// The fields a context offers, merged over every item of every list.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Shape {
    /// Anything may be there: nothing is checked below this point.
    Unknown,
    /// A field that is present and null (unset), everywhere it was seen.
    Null,
    /// Text, a number or a boolean.
    Scalar,
    /// A list; `None` when every instance was empty, so item fields are unknown.
    Array(Option<Box<Shape>>),
    /// An object and its fields.
    Object(BTreeMap<String, Shape>),
}

impl Shape {
    /// The shape of `value`. A list's item shape is the union of its items,
    /// so a field present in any item counts as known.
    pub(crate) fn of(value: &Value) -> Shape {
        match value {
            Value::Null => Shape::Null,
            Value::Bool(_) | Value::Number(_) | Value::String(_) => Shape::Scalar,
            Value::Array(items) => {
                let mut item: Option<Box<Shape>> = None;
                for value in items {
                    match &mut item {
                        Some(shape) => shape.absorb(value),
                        None => item = Some(Box::new(Shape::of(value))),
                    }
                }
                Shape::Array(item)
            }
            Value::Object(map) => {
                Shape::Object(map.iter().map(|(k, v)| (k.clone(), Shape::of(v))).collect())
            }
        }
    }

    /// `self.merge(Shape::of(value))`, in place: a list of 10,000 rows costs
    /// one walk over them, not 10,000 shapes built and merged.
    fn absorb(&mut self, value: &Value) {
        match (&mut *self, value) {
            // Nothing below Unknown is checked; a null leaves what is known.
            (Shape::Unknown, _) | (_, Value::Null) => {}
            (Shape::Null, _) | (Shape::Scalar, Value::Array(_) | Value::Object(_)) => {
                *self = Shape::of(value);
            }
            (
                Shape::Scalar | Shape::Object(_) | Shape::Array(_),
                Value::Bool(_) | Value::Number(_) | Value::String(_),
            ) => {}
            (Shape::Object(fields), Value::Object(map)) => {
                for (key, value) in map {
                    match fields.get_mut(key) {
                        Some(shape) => shape.absorb(value),
                        None => {
                            fields.insert(key.clone(), Shape::of(value));
                        }
                    }
                }
            }
            (Shape::Array(item), Value::Array(items)) => {
                for value in items {
                    match item {
                        Some(shape) => shape.absorb(value),
                        None => *item = Some(Box::new(Shape::of(value))),
                    }
                }
            }
            (Shape::Object(_), Value::Array(_)) | (Shape::Array(_), Value::Object(_)) => {
                *self = Shape::Unknown;
            }
        }
    }

    fn merge(self, other: Shape) -> Shape {
        match (self, other) {
            (Shape::Unknown, _) | (_, Shape::Unknown) => Shape::Unknown,
            // Null is "unset here": the other instances say what it holds.
            (Shape::Null, s) | (s, Shape::Null) => s,
            (Shape::Scalar, Shape::Scalar) => Shape::Scalar,
            (Shape::Object(mut a), Shape::Object(b)) => {
                for (key, shape) in b {
                    let merged = match a.remove(&key) {
                        Some(old) => old.merge(shape),
                        None => shape,
                    };
                    a.insert(key, merged);
                }
                Shape::Object(a)
            }
            (Shape::Array(a), Shape::Array(b)) => Shape::Array(match (a, b) {
                (Some(a), Some(b)) => Some(Box::new(a.merge(*b))),
                (a, b) => a.or(b),
            }),
            // A value that is sometimes plain and sometimes structured: let the
            // structure through; strict mode catches the plain instances.
            (Shape::Scalar, s @ (Shape::Object(_) | Shape::Array(_)))
            | (s @ (Shape::Object(_) | Shape::Array(_)), Shape::Scalar) => s,
            (Shape::Object(_), Shape::Array(_)) | (Shape::Array(_), Shape::Object(_)) => {
                Shape::Unknown
            }
        }
    }

    /// The shape of one item when iterating with `#each`.
    fn item(&self) -> Shape {
        match self {
            Shape::Array(Some(item)) => (**item).clone(),
            Shape::Object(fields) => fields
                .values()
                .cloned()
                .reduce(Shape::merge)
                .unwrap_or(Shape::Unknown),
            _ => Shape::Unknown,
        }
    }
}

/// A problem found by the check, positioned in the template source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
    pub(crate) hint: String,
}

/// Checks every expression of `template`, in every branch, against `root`.
/// Returns the first problem in source order.
pub(crate) fn check(template: &Template, kind: OutputKind, root: &Shape) -> Result<(), Problem> {
    let mut checker = Checker {
        root,
        kind,
        frames: vec![Frame {
            base: root.clone(),
            locals: Locals::None,
            params: Vec::new(),
        }],
        position: None,
    };
    checker.template(template)
}

/// Which `@` variables a block defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Locals {
    None,
    /// `#each` over a list: `@index`, `@first`, `@last`.
    List,
    /// `#each` over an object: also `@key`.
    Map,
    /// `#each` over a value of unknown shape: any of the above.
    Any,
}

/// One handlebars block context: the root, or an `#each` / `#with` body.
/// `#if` and `#unless` do not open one, as in handlebars.
struct Frame {
    base: Shape,
    locals: Locals,
    params: Vec<(String, Shape)>,
}

struct Checker<'a> {
    root: &'a Shape,
    /// The template's output kind, which decides what `{{{ }}}` may write.
    kind: OutputKind,
    frames: Vec<Frame>,
    /// Line and column of the element being checked; parameters and chained
    /// `{{else if}}` have no position of their own and use the enclosing one.
    position: Option<(usize, usize)>,
}

type Checked<T> = Result<T, Problem>;

impl Checker<'_> {
    fn problem(&self, message: String, hint: impl Into<String>) -> Problem {
        Problem {
            line: self.position.map(|p| p.0),
            column: self.position.map(|p| p.1),
            message,
            hint: hint.into(),
        }
    }

    fn template(&mut self, template: &Template) -> Checked<()> {
        for (i, element) in template.elements.iter().enumerate() {
            if let Some(m) = template.mapping.get(i) {
                self.position = Some((m.0, m.1));
            }
            self.element(element)?;
        }
        Ok(())
    }

    fn element(&mut self, element: &TemplateElement) -> Checked<()> {
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => Ok(()),
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                if matches!(element, TemplateElement::HtmlExpression(_)) {
                    self.unescaped(ht)?;
                }
                match self.expression(ht, false)? {
                    Shape::Object(fields) => Err(self.printed_object(ht, &fields)),
                    Shape::Array(_) => Err(self.printed_list(ht)),
                    _ => Ok(()),
                }
            }
            TemplateElement::HelperBlock(ht) => self.block(ht),
            TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => Err(self
                .problem(
                    "partials (`{{> name}}`) are not supported".to_owned(),
                    "write the markup in this template: each template is rendered with the \
                     escaping of its own output kind, so sharing fragments across kinds is unsafe",
                )),
            _ => Err(self.problem(
                "decorators (`{{* name}}`, `{{#*inline}}`) are not supported".to_owned(),
                "remove the decorator and write the markup in this template",
            )),
        }
    }

    /// `{{{md name}}}` in an HTML template writes Markdown-escaped text with
    /// no HTML escape after it, so a value's `<script>` would reach the
    /// page (and `{{{html name}}}` in Markdown a value's `|` or link): an
    /// escape helper inside `{{{ }}}` must hold in the template's own
    /// output kind ([`OutputKind::holds_in`]).
    fn unescaped(&self, ht: &HelperTemplate) -> Checked<()> {
        let spec = helper_name(&ht.name).and_then(helpers::find);
        match spec.map(|s| s.role) {
            Some(Role::Escape(own)) if !own.holds_in(self.kind) => {
                let name = spec.map_or("", |s| s.name);
                let value = match ht.params.first() {
                    Some(Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw)))) => {
                        raw.clone()
                    }
                    _ => "value".to_owned(),
                };
                Err(self.problem(
                    format!(
                        "`{{{{{{{name} {value}}}}}}}` writes {} escaping unescaped into {} output, \
                         where it does not protect: {}",
                        own.language(),
                        self.kind.language(),
                        self.kind.live_markup()
                    ),
                    format!(
                        "write `{{{{{name} {value}}}}}` (the {} escape, then this template's) or \
                         `{{{{{value}}}}}`",
                        own.language()
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    /// `{{organization}}` would publish `[object]`: said with its fields.
    fn printed_object(&self, ht: &HelperTemplate, fields: &BTreeMap<String, Shape>) -> Problem {
        let raw = raw_name(&ht.name);
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let example = names
            .iter()
            .find(|n| **n == "name")
            .or(names.first())
            .copied()
            .unwrap_or("name");
        self.problem(
            format!(
                "`{{{{{raw}}}}}` is an object, which would publish as `[object]`; its fields: {}",
                names.join(", ")
            ),
            format!("write one of its fields, e.g. `{{{{{raw}.{example}}}}}`"),
        )
    }

    /// `{{purposes}}` would publish `[a, b]` (or `[[object], [object]]`):
    /// said as a list, with the ways to print its items.
    fn printed_list(&self, ht: &HelperTemplate) -> Problem {
        let raw = raw_name(&ht.name);
        self.problem(
            format!(
                "`{{{{{raw}}}}}` is a list, which would publish as `[item, item]` (or \
                 `[[object], [object]]`)"
            ),
            format!(
                "print its items with `{{{{join {raw} \", \"}}}}` or \
                 `{{{{#each {raw}}}}}...{{{{/each}}}}`"
            ),
        )
    }

    /// An `{{expression}}` or a `(subexpression)`; returns its value's shape.
    fn expression(&mut self, ht: &HelperTemplate, nested: bool) -> Checked<Shape> {
        let name_only = ht.params.is_empty() && ht.hash.is_empty();
        match &ht.name {
            Parameter::Subexpression(_) => self.parameter(&ht.name),
            name if name_only => match helper_name(name).and_then(helpers::find) {
                // `{{join}}` calls the helper, as handlebars does.
                Some(spec) => self.call(spec, ht, nested),
                None => self.parameter(name),
            },
            name => {
                let spec = self.helper(name)?;
                self.call(spec, ht, nested)
            }
        }
    }

    fn helper(&self, name: &Parameter) -> Checked<&'static Spec> {
        let name = helper_name(name).unwrap_or_default();
        helpers::find(name).ok_or_else(|| {
            let known: Vec<&str> = helpers::HELPERS.iter().map(|s| s.name).collect();
            self.problem(
                format!("unknown helper `{name}`"),
                suggest(name, known.iter().copied(), "helpers"),
            )
        })
    }

    /// A non-block helper call: checks its role, arity and every argument.
    fn call(&mut self, spec: &Spec, ht: &HelperTemplate, nested: bool) -> Checked<Shape> {
        match spec.role {
            Role::Value => {}
            Role::Escape(_) if !nested => {}
            Role::Escape(_) => {
                return Err(self.problem(
                    format!("`{}` cannot be used inside `( )`", spec.name),
                    format!(
                        "call it directly, as `{{{{{} value}}}}`: it writes its output itself",
                        spec.name
                    ),
                ));
            }
            Role::Conditional | Role::Iterate | Role::Scope | Role::Raw => {
                return Err(self.problem(
                    format!("`{}` is a block helper", spec.name),
                    format!("write `{{{{#{0} ...}}}}...{{{{/{0}}}}}`", spec.name),
                ));
            }
        }
        self.arguments(spec, ht)?;
        if spec.name == "lookup" {
            return self.lookup(ht);
        }
        Ok(Shape::Scalar)
    }

    fn arguments(&mut self, spec: &Spec, ht: &HelperTemplate) -> Checked<()> {
        let n = ht.params.len();
        if n < spec.min || spec.max.is_some_and(|max| n > max) {
            let expected = match spec.max {
                Some(max) if max == spec.min => format!("{max}"),
                Some(max) => format!("{} to {max}", spec.min),
                None => format!("at least {}", spec.min),
            };
            return Err(self.problem(
                format!("`{}` takes {expected} parameter(s), got {n}", spec.name),
                usage(spec.name),
            ));
        }
        for p in &ht.params {
            self.parameter(p)?;
        }
        // Sorted so the first problem reported does not depend on hash order.
        let mut hash: Vec<_> = ht.hash.iter().collect();
        hash.sort_by(|a, b| a.0.cmp(b.0));
        for (_, p) in hash {
            self.parameter(p)?;
        }
        Ok(())
    }

    /// `lookup obj "key"` with a literal key is checked like `obj.key`.
    fn lookup(&mut self, ht: &HelperTemplate) -> Checked<Shape> {
        let (Some(target), Some(Parameter::Literal(key))) = (ht.params.first(), ht.params.get(1))
        else {
            return Ok(Shape::Unknown);
        };
        let shape = self.parameter(target)?;
        let key = match key {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.field(&shape, &key, &format!("lookup … {key:?}"))
    }

    fn parameter(&mut self, p: &Parameter) -> Checked<Shape> {
        match p {
            Parameter::Literal(v) => Ok(Shape::of(v)),
            Parameter::Path(path) => self.path(path),
            Parameter::Name(name) => self.path_of_names(&[name.as_str()], name),
            Parameter::Subexpression(sub) => match sub.as_element() {
                TemplateElement::Expression(ht) => self.expression(ht, true),
                _ => Ok(Shape::Unknown),
            },
            // `Parameter` is non-exhaustive; a new kind is not ours to judge.
            _ => Ok(Shape::Unknown),
        }
    }

    fn block(&mut self, ht: &HelperTemplate) -> Checked<()> {
        let spec = self.helper(&ht.name)?;
        let position = self.position;
        match spec.role {
            Role::Raw => return Ok(()),
            Role::Value | Role::Escape(_) => {
                return Err(self.problem(
                    format!("`{}` is not a block helper", spec.name),
                    format!("write `{{{{{} ...}}}}` without `#` and `/`", spec.name),
                ));
            }
            Role::Conditional | Role::Iterate | Role::Scope => {}
        }
        self.arguments(spec, ht)?;
        let subject = match ht.params.first() {
            Some(p) => self.parameter(p)?,
            None => Shape::Unknown,
        };
        // In strict mode `#each` and `#with` fail on null unless they have an
        // `{{else}}`; when the value is null everywhere, say so now.
        if matches!(spec.role, Role::Iterate | Role::Scope)
            && subject == Shape::Null
            && ht.inverse.is_none()
        {
            return Err(self.problem(
                format!("`#{}` over `{}`, which is null", spec.name, param_text(ht)),
                "add an `{{else}}` branch, guard the block with `{{#if}}`, \
                 or give an unset list as `[]` in the context",
            ));
        }
        if let Some(body) = &ht.template {
            match spec.role {
                Role::Iterate => {
                    if subject == Shape::Scalar {
                        return Err(self.problem(
                            format!("`#each` over `{}`, which is a single value", param_text(ht)),
                            "iterate over a list or an object, or use `#if` / `#with`",
                        ));
                    }
                    let locals = match subject {
                        Shape::Object(_) => Locals::Map,
                        Shape::Array(_) => Locals::List,
                        _ => Locals::Any,
                    };
                    let item = subject.item();
                    let mut params = Vec::new();
                    match &ht.block_param {
                        Some(BlockParam::Single(v)) => params.push((name_of(v), item.clone())),
                        Some(BlockParam::Pair((v, k))) => {
                            params.push((name_of(v), item.clone()));
                            params.push((name_of(k), Shape::Scalar));
                        }
                        _ => {}
                    }
                    let frame = Frame {
                        base: item,
                        locals,
                        params,
                    };
                    self.nested(frame, body)?;
                }
                Role::Scope => {
                    let mut params = Vec::new();
                    if let Some(BlockParam::Single(v)) = &ht.block_param {
                        params.push((name_of(v), subject.clone()));
                    }
                    let frame = Frame {
                        base: subject,
                        // handlebars copies `@index` and friends into `#with`.
                        locals: self.frames.last().map_or(Locals::None, |f| f.locals),
                        params,
                    };
                    self.nested(frame, body)?;
                }
                _ => self.template(body)?,
            }
        }
        // `{{else}}` renders in the enclosing scope, whatever the helper.
        self.position = position;
        if let Some(inverse) = &ht.inverse {
            self.template(inverse)?;
        }
        Ok(())
    }

    fn nested(&mut self, frame: Frame, body: &Template) -> Checked<()> {
        self.frames.push(frame);
        let result = self.template(body);
        self.frames.pop();
        result
    }

    fn path(&self, path: &Path) -> Checked<Shape> {
        match path {
            Path::Local((level, name, raw)) => self.local(*level, name, raw),
            Path::Relative((segs, raw)) => self.relative(segs, raw),
        }
    }

    fn path_of_names(&self, names: &[&str], raw: &str) -> Checked<Shape> {
        let segs: Vec<PathSeg> = names
            .iter()
            .map(|n| PathSeg::Named((*n).to_owned()))
            .collect();
        self.relative(&segs, raw)
    }

    /// `@index`, `@../key`: only inside the matching `#each`.
    fn local(&self, level: usize, name: &str, raw: &str) -> Checked<Shape> {
        let frame = self
            .frames
            .len()
            .checked_sub(level + 1)
            .and_then(|i| self.frames.get(i));
        let defined = matches!(
            (frame.map(|f| f.locals), name),
            (
                Some(Locals::List | Locals::Map | Locals::Any),
                "index" | "first" | "last"
            ) | (Some(Locals::Map | Locals::Any), "key")
        );
        if defined {
            Ok(Shape::Scalar)
        } else {
            Err(self.problem(
                format!("`{raw}` is not defined here"),
                "`@index`, `@first` and `@last` exist directly inside `{{#each}}` (and `@key` \
                 when it iterates over an object); from a nested `#each` or `#with`, write `@../index`",
            ))
        }
    }

    /// Resolves a path as handlebars does: `@root`, then `../` levels, then a
    /// block parameter (searched from the innermost block), then the field
    /// chain from that starting point.
    fn relative(&self, segs: &[PathSeg], raw: &str) -> Checked<Shape> {
        let mut rest = segs;
        let mut start: Option<Shape> = None;
        let mut ups = 0;
        if let Some(PathSeg::Ruled(rule)) = rest.first()
            && format!("{rule:?}") == "path_root"
        {
            start = Some(self.root.clone());
            rest = &rest[1..];
        } else {
            while let Some(PathSeg::Ruled(rule)) = rest.first() {
                if format!("{rule:?}") != "path_up" {
                    break;
                }
                ups += 1;
                rest = &rest[1..];
            }
        }
        if start.is_none()
            && let Some(PathSeg::Named(first)) = rest.first()
            && let Some(shape) = self
                .frames
                .iter()
                .rev()
                .find_map(|f| f.params.iter().find(|(n, _)| n == first).map(|(_, s)| s))
        {
            start = Some(shape.clone());
            rest = &rest[1..];
        }
        let mut shape = match start {
            Some(s) => s,
            None => match self.frames.len().checked_sub(ups + 1) {
                Some(i) => self
                    .frames
                    .get(i)
                    .map_or(Shape::Unknown, |f| f.base.clone()),
                None => {
                    return Err(self.problem(
                        format!("`{raw}` climbs above the top level of the context"),
                        "remove one `../`: each one leaves one `#each` or `#with`",
                    ));
                }
            },
        };
        for seg in rest {
            // `this` and `./` are rules, not field names: they stay put.
            if let PathSeg::Named(name) = seg {
                shape = self.field(&shape, name, raw)?;
            }
        }
        Ok(shape)
    }

    fn field(&self, shape: &Shape, name: &str, raw: &str) -> Checked<Shape> {
        match shape {
            Shape::Unknown => Ok(Shape::Unknown),
            Shape::Array(item) => match name.parse::<usize>() {
                Ok(_) => Ok(item.as_deref().cloned().unwrap_or(Shape::Unknown)),
                Err(_) => Err(self.problem(
                    format!("`{raw}`: `{name}` is not an index, this is a list"),
                    "iterate with `{{#each list}}...{{/each}}`, or use `{{len list}}` for its length",
                )),
            },
            Shape::Object(fields) => match fields.get(name) {
                Some(s) => Ok(s.clone()),
                None => Err(self.problem(
                    format!("unknown field `{name}` in `{raw}`"),
                    suggest(name, fields.keys().map(String::as_str), "fields here"),
                )),
            },
            Shape::Null | Shape::Scalar => Err(self.problem(
                format!("`{raw}`: cannot look up `{name}` in a plain value or null"),
                "remove the last part of the path: the value before it has no fields",
            )),
        }
    }
}

/// The helper name of an expression: an identifier, or a one-part path.
/// A printed expression's name as the template writes it.
fn raw_name(name: &Parameter) -> String {
    match name {
        Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw))) => raw.clone(),
        other => name_of(other),
    }
}

fn helper_name(p: &Parameter) -> Option<&str> {
    match p {
        Parameter::Name(n) => Some(n),
        Parameter::Path(Path::Relative((segs, raw))) if segs.len() == 1 => Some(raw),
        _ => None,
    }
}

fn name_of(p: &Parameter) -> String {
    p.as_name().unwrap_or_default().to_owned()
}

fn param_text(ht: &HelperTemplate) -> String {
    match ht.params.first() {
        Some(Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw)))) => raw.clone(),
        _ => "its parameter".to_owned(),
    }
}

fn usage(name: &str) -> String {
    match name {
        "join" => "write `{{join list \", \"}}` (the separator defaults to \", \")".to_owned(),
        "md" | "html" => format!("write `{{{{{name} value}}}}`"),
        "lookup" => "write `{{lookup object \"field\"}}`".to_owned(),
        _ => format!("see the handlebars documentation of `{name}`"),
    }
}

/// "did you mean" from the closest known name, else the list of known names.
fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str> + Clone, what: &str) -> String {
    let best = known
        .clone()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => {
            let list: Vec<&str> = known.collect();
            if list.is_empty() {
                "there are no fields here".to_owned()
            } else {
                format!("known {what}: {}", list.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::Shape;

    /// JSON values whose objects share a few keys, so that merging meets
    /// every pair of shapes: null, scalars, lists and objects at one path.
    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            "[a-c]{0,2}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-c]", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn absorbing_a_value_is_merging_its_shape(first in values(), second in values()) {
            let mut absorbed = Shape::of(&first);
            absorbed.absorb(&second);
            prop_assert_eq!(absorbed, Shape::of(&first).merge(Shape::of(&second)));
        }
    }

    #[test]
    fn a_list_has_the_union_of_its_items_fields() {
        let rows = json!([{"a": 1, "b": null}, {"b": "x"}, {"c": [{"d": true}]}, null]);
        let Shape::Array(Some(item)) = Shape::of(&rows) else {
            panic!("not a list shape: {:?}", Shape::of(&rows));
        };
        let Shape::Object(fields) = *item else {
            panic!("not an object shape: {item:?}");
        };
        let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(fields.get("b"), Some(&Shape::Scalar));
        assert_eq!(
            fields.get("c"),
            Some(&Shape::Array(Some(Box::new(Shape::Object(
                [("d".to_owned(), Shape::Scalar)].into_iter().collect()
            )))))
        );
    }
}
