//! A parsed TOML file as JSON (what the schema validates) plus the span of
//! every key and value (what diagnostics point at).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::scan::{self, Piece};
use crate::limits::MAX_TOML_DEPTH;
use crate::pointer::push_token;

/// The spans of one file's keys and values, addressed by JSON Pointer
/// (RFC 6901), e.g. `/transfers/1/mechanism`.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    entries: HashMap<String, Spans>,
}

/// The key (absent for array elements and the root) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spans {
    /// The key's bytes, e.g. `mechanism` in `mechanism = "x"`.
    pub key: Option<Range<usize>>,
    /// The value's bytes; for a table from a `[header]`, the whole table.
    pub value: Range<usize>,
}

impl SpanIndex {
    /// The spans at `pointer`, if the file has a value there.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<&Spans> {
        self.entries.get(pointer)
    }

    /// The value at `pointer` or, when it is absent, at the nearest ancestor
    /// that exists (e.g. the entry that lacks a key). Never fails: the root
    /// falls back to the start of the file.
    #[must_use]
    pub fn value_or_ancestor(&self, pointer: &str) -> Range<usize> {
        let mut current = pointer;
        loop {
            if let Some(spans) = self.entries.get(current) {
                return spans.value.clone();
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return 0..0,
            }
        }
    }

    /// The key at `pointer` when there is one, else its value.
    #[must_use]
    pub fn key_or_value(&self, pointer: &str) -> Range<usize> {
        match self.entries.get(pointer) {
            Some(Spans { key: Some(key), .. }) => key.clone(),
            Some(spans) => spans.value.clone(),
            None => self.value_or_ancestor(pointer),
        }
    }
}

/// The span of the first value (in document order) nested more than
/// `limit` tables and arrays deep, if any. Iterative, so any depth is safe.
#[must_use]
pub fn too_deep(root: &DeTable<'_>, limit: usize) -> Option<Range<usize>> {
    // (value, its depth); a value directly in the root table has depth 1.
    let mut stack: Vec<(&Spanned<DeValue<'_>>, usize)> =
        root.values().rev().map(|v| (v, 1)).collect();
    while let Some((value, depth)) = stack.pop() {
        if depth > limit {
            return Some(value.span());
        }
        match value.get_ref() {
            DeValue::Table(table) => stack.extend(table.values().rev().map(|v| (v, depth + 1))),
            DeValue::Array(array) => stack.extend(array.iter().rev().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    None
}

/// A table or array that nested too deeply, emptied by [`cut_deep`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepCut {
    /// The JSON Pointer of the emptied table or array.
    pub pointer: String,
    /// Where the first value it held, the one nested too deeply, began.
    pub start: usize,
}

/// Empties every table and array `limit` levels deep that holds anything
/// (what it holds is nested deeper than `limit`), so that the rest of the
/// file can still be checked; where each was, in document order.
/// Iterative, and what is cut out is dismantled without recursion.
pub fn cut_deep(root: &mut DeTable<'_>, limit: usize) -> Vec<DeepCut> {
    let mut cuts = Vec::new();
    let mut stack = Vec::new();
    push_children_mut(&mut stack, "", root, 1);
    while let Some((pointer, value, depth)) = stack.pop() {
        let value = value.get_mut();
        if depth >= limit {
            let first = match &*value {
                DeValue::Table(table) => table.values().next().map(|v| v.span().start),
                DeValue::Array(array) => array.first().map(|v| v.span().start),
                _ => None,
            };
            if let Some(start) = first {
                cuts.push(DeepCut { pointer, start });
                match value {
                    DeValue::Table(table) => dismantle(std::mem::take(table)),
                    DeValue::Array(array) => dismantle_values(
                        std::mem::replace(array, DeArray::new())
                            .into_iter()
                            .collect(),
                    ),
                    _ => {}
                }
            }
            continue;
        }
        match value {
            DeValue::Table(table) => push_children_mut(&mut stack, &pointer, table, depth + 1),
            DeValue::Array(array) => {
                for (i, item) in array.iter_mut().enumerate().rev() {
                    stack.push((format!("{pointer}/{i}"), item, depth + 1));
                }
            }
            _ => {}
        }
    }
    cuts
}

/// Whether `pointer` is `ancestor` or lies inside it (`/a/0` inside `/a`).
#[must_use]
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A value to visit: its pointer, the value, its depth.
type Visit<'t, 'i> = (String, &'t mut Spanned<DeValue<'i>>, usize);

/// Pushes the entries of `table` (at `pointer`) so that they pop in order.
fn push_children_mut<'t, 'i>(
    stack: &mut Vec<Visit<'t, 'i>>,
    pointer: &str,
    table: &'t mut DeTable<'i>,
    depth: usize,
) {
    let children: Vec<_> = table.iter_mut().collect();
    for (key, value) in children.into_iter().rev() {
        let mut child = pointer.to_owned();
        push_token(&mut child, key.get_ref());
        stack.push((child, value, depth));
    }
}

/// The outermost `[` or `{` of a value still open at byte `end` of `text`
/// (the parser reports an unclosed array where it gave up, often lines
/// later, once per level): its offset, or `None`. Table headers, strings
/// and comments are skipped ([`scan::pieces`]).
#[must_use]
pub fn unclosed_opening(text: &str, end: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_header = false;
    for piece in scan::pieces(text) {
        let Piece::Char { at, c, line_start } = piece else {
            continue;
        };
        if at >= end {
            break;
        }
        match c {
            '\n' => in_header = false,
            _ if in_header => {}
            '[' if line_start && open.is_empty() => in_header = true,
            '[' | '{' => open.push(at),
            ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().copied()
}

/// The opening `"""` or `'''` of a multi-line string still open at byte
/// `end` of `text` (the parser reports one that never closes at the end of
/// the file): its offset, or `None`. Comments and one-line strings are
/// skipped, as the parser reads them.
#[must_use]
pub fn unclosed_multiline(text: &str, end: usize) -> Option<usize> {
    scan::pieces(text)
        .map_while(|piece| match piece {
            Piece::Char { at, .. } | Piece::Text { at, .. } | Piece::Multiline { at, .. }
                if at >= end =>
            {
                None
            }
            piece => Some(piece),
        })
        .find_map(|piece| match piece {
            Piece::Multiline { at, end: close } if close.is_none_or(|close| close > end) => {
                Some(at)
            }
            _ => None,
        })
}

/// Where `text` first nests deeper than `limit`, found without parsing
/// (for when the parser gave up): the first table header with more than
/// `limit` dotted keys, as its whole header, or the bracket or brace that
/// opens level `limit + 1` of a value. Strings and comments are skipped.
#[must_use]
pub fn deep_place(text: &str, limit: usize) -> Option<Range<usize>> {
    let mut depth = 0usize;
    let mut in_header = false;
    for piece in scan::pieces(text) {
        let Piece::Char { at, c, line_start } = piece else {
            continue;
        };
        match c {
            '\n' => in_header = false,
            _ if in_header => {}
            '[' if line_start && depth == 0 => {
                let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
                if text[at..end].split('.').count() > limit {
                    return Some(at..end);
                }
                in_header = true;
            }
            '[' | '{' => {
                depth += 1;
                if depth > limit {
                    return Some(at..at + 1);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The byte ranges of every string value of a parsed document (quotes
/// included), in no particular order; keys are not values. Without
/// recursion, so a document nested deeply costs no stack.
#[must_use]
pub fn string_spans(root: &DeTable<'_>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut stack: Vec<&Spanned<DeValue<'_>>> = root.values().collect();
    while let Some(value) = stack.pop() {
        match value.get_ref() {
            DeValue::String(_) => spans.push(value.span()),
            DeValue::Table(table) => stack.extend(table.values()),
            DeValue::Array(array) => stack.extend(array.iter()),
            _ => {}
        }
    }
    spans
}

/// Drops a parsed document without recursion: the compiler's drop of a
/// table nested thousands of levels deep would overflow the stack.
pub fn dismantle(root: DeTable<'_>) {
    dismantle_values(root.into_iter().map(|(_, v)| v).collect());
}

/// Drops values without recursion, as [`dismantle`] does.
fn dismantle_values(values: Vec<Spanned<DeValue<'_>>>) {
    let mut stack: Vec<DeValue<'_>> = values.into_iter().map(Spanned::into_inner).collect();
    while let Some(value) = stack.pop() {
        match value {
            DeValue::Table(table) => stack.extend(table.into_iter().map(|(_, v)| v.into_inner())),
            DeValue::Array(array) => stack.extend(array.into_iter().map(Spanned::into_inner)),
            _ => {}
        }
    }
}

/// Converts a parsed TOML document to JSON, the form the schema validates.
///
/// Dates and date-times become their TOML text (`2023-11-08`), as editors
/// such as Taplo do, so that the schema's `format: date` judges them.
/// Integers beyond 64 bits become (imprecise) floats, which the schema
/// rejects by range; non-finite floats become strings, rejected by type.
///
/// Recursive: for documents from outside, use [`crate::load::parse_file`],
/// which refuses nesting deeper than [`crate::limits::MAX_TOML_DEPTH`] first.
#[must_use]
pub fn to_json(root: &Spanned<DeTable<'_>>) -> Value {
    table_to_json(root.get_ref())
}

/// The span of every key and value of a parsed document, by JSON Pointer.
///
/// Recursive, but no deeper than [`MAX_TOML_DEPTH`] levels: values nested
/// deeper (a file refused for it) have no spans of their own.
#[must_use]
pub fn span_index(root: &Spanned<DeTable<'_>>) -> SpanIndex {
    let mut index = SpanIndex::default();
    index.entries.insert(
        String::new(),
        Spans {
            key: None,
            value: root.span(),
        },
    );
    index_table(root.get_ref(), &mut String::new(), &mut index, 1);
    index
}

/// A file's span index, built on first use from its text: most files of a
/// large registry never need one, so loading does not pay for it.
#[derive(Debug, Clone)]
pub struct LazySpans {
    text: Arc<str>,
    index: OnceLock<SpanIndex>,
}

impl LazySpans {
    /// Spans of `text`, a file that parsed without errors.
    #[must_use]
    pub fn new(text: Arc<str>) -> Self {
        Self {
            text,
            index: OnceLock::new(),
        }
    }

    /// The text the spans are of.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The index; empty if the text no longer parses (it did when loaded).
    pub fn index(&self) -> &SpanIndex {
        self.index.get_or_init(|| {
            DeTable::parse(&self.text)
                .map(|root| {
                    let index = span_index(&root);
                    dismantle(root.into_inner());
                    index
                })
                .unwrap_or_default()
        })
    }

    /// See [`SpanIndex::value_or_ancestor`].
    #[must_use]
    pub fn value_or_ancestor(&self, pointer: &str) -> Range<usize> {
        self.index().value_or_ancestor(pointer)
    }

    /// See [`SpanIndex::key_or_value`].
    #[must_use]
    pub fn key_or_value(&self, pointer: &str) -> Range<usize> {
        self.index().key_or_value(pointer)
    }
}

fn table_to_json(table: &DeTable<'_>) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        map.insert(key.get_ref().to_string(), value_to_json(value.get_ref()));
    }
    Value::Object(map)
}

fn value_to_json(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(integer) => {
            // Beyond 64 bits the value is still a number to the reader: keep it
            // one (as f64) so the schema reports its range, not its type.
            match i64::from_str_radix(integer.as_str(), integer.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => i128::from_str_radix(integer.as_str(), integer.radix())
                    .ok()
                    .and_then(|n| Number::from_f64(n as f64))
                    .map_or_else(|| Value::String(integer.to_string()), Value::Number),
            }
        }
        DeValue::Float(float) => {
            let parsed: Option<f64> = float.as_str().replace('_', "").parse().ok();
            parsed
                .and_then(Number::from_f64)
                .map_or_else(|| Value::String(float.as_str().to_owned()), Value::Number)
        }
        DeValue::Boolean(flag) => Value::Bool(*flag),
        DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
        DeValue::Array(array) => Value::Array(
            array
                .iter()
                .map(|item| value_to_json(item.get_ref()))
                .collect(),
        ),
        DeValue::Table(table) => table_to_json(table),
    }
}

/// Records the spans of `table`'s keys and values below `pointer`, the
/// table's own pointer (restored on return).
fn index_table(table: &DeTable<'_>, pointer: &mut String, index: &mut SpanIndex, depth: usize) {
    if depth > MAX_TOML_DEPTH {
        return;
    }
    for (key, value) in table {
        let mark = pointer.len();
        push_token(pointer, key.get_ref());
        index.entries.insert(
            pointer.clone(),
            Spans {
                key: Some(key.span()),
                value: value.span(),
            },
        );
        index_value(value.get_ref(), pointer, index, depth + 1);
        pointer.truncate(mark);
    }
}

fn index_value(value: &DeValue<'_>, pointer: &mut String, index: &mut SpanIndex, depth: usize) {
    match value {
        DeValue::Array(array) if depth <= MAX_TOML_DEPTH => {
            for (i, item) in array.iter().enumerate() {
                let mark = pointer.len();
                let _ = write!(pointer, "/{i}");
                index.entries.insert(
                    pointer.clone(),
                    Spans {
                        key: None,
                        value: item.span(),
                    },
                );
                index_value(item.get_ref(), pointer, index, depth + 1);
                pointer.truncate(mark);
            }
        }
        DeValue::Table(table) => index_table(table, pointer, index, depth),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(Value, SpanIndex), toml::de::Error> {
        let root = DeTable::parse(text)?;
        Ok((to_json(&root), span_index(&root)))
    }

    #[test]
    fn converts_values_and_indexes_spans() -> Result<(), toml::de::Error> {
        let text = "name = \"A\"\nadded = 2023-11-08\nn = 0x1F\n\n[[transfers]]\nto = \"US\"\n\n[[transfers]]\nto = \"IN\"\n";
        let (json, index) = parse(text)?;
        assert_eq!(
            json,
            serde_json::json!({"name": "A", "added": "2023-11-08", "n": 31,
                "transfers": [{"to": "US"}, {"to": "IN"}]})
        );
        let to = index.get("/transfers/1/to").map(|s| s.value.clone());
        assert_eq!(to.map(|r| &text[r]), Some("\"IN\""));
        let key = index.get("/added").and_then(|s| s.key.clone());
        assert_eq!(key.map(|r| &text[r]), Some("added"));
        Ok(())
    }

    #[test]
    fn the_deep_place_is_the_header_or_the_opening_bracket() {
        let header = format!("a = 1\n  [{}]\nb = 2\n", vec!["k"; 40].join("."));
        assert_eq!(deep_place(&header, 32), Some(8..89));
        let array = format!(
            "a = \"[[[\" # [[[\nb = {}1{}\n",
            "[".repeat(33),
            "]".repeat(33)
        );
        assert_eq!(deep_place(&array, 32), Some(52..53));
        assert_eq!(deep_place("[a.b]\nc = [[1], {d = [2]}]\n", 32), None);
        // A line that opens with a bracket inside a list is no header.
        let listed = format!("a = [\n{}\n]\n", "[".repeat(32));
        assert_eq!(deep_place(&listed, 32), Some(37..38));
    }

    #[test]
    fn a_deep_value_is_cut_and_the_rest_kept() -> Result<(), toml::de::Error> {
        let text = format!(
            "a = 1\nb = [{{c = {}2{}}}]\nd = 3\n",
            "[".repeat(4),
            "]".repeat(4)
        );
        let mut root = DeTable::parse(&text)?;
        // b = 1, its table 2, c 3: the list at depth 4 holds depth 5.
        let cuts = cut_deep(root.get_mut(), 4);
        assert_eq!(
            cuts,
            [DeepCut {
                pointer: "/b/0/c/0".to_owned(),
                start: 18
            }]
        );
        assert_eq!(&text[18..19], "[");
        assert_eq!(too_deep(root.get_ref(), 4), None);
        assert_eq!(
            to_json(&root),
            serde_json::json!({"a": 1, "b": [{"c": [[]]}], "d": 3})
        );
        assert!(is_within("/b/0/c/0", "/b") && !is_within("/bc", "/b"));
        Ok(())
    }

    #[test]
    fn missing_values_fall_back_to_their_entry() -> Result<(), toml::de::Error> {
        let text = "[[transfers]]\nto = \"US\"\n";
        let (_, index) = parse(text)?;
        let fallback = index.value_or_ancestor("/transfers/0/mechanism");
        assert_eq!(
            Some(fallback),
            index.get("/transfers/0").map(|s| s.value.clone())
        );
        Ok(())
    }
}
