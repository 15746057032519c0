//! One check over every text value of a parsed file, whatever its key:
//! no control or direction character, and no value that shows as nothing.
//! The schema cannot say this for every string, and a value breaks the
//! published table or the terminal whichever key holds it.

use serde_json::Value;

use unicode_normalization::char::canonical_combining_class;

use crate::diag::visible::{Refusal, describe, is_forbidden, refused_in_value, shows_nothing};
use crate::limits::MAX_COMBINING_RUN;
use crate::pointer::push_token;

/// A text value that may not be published, located by JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// Where the value is, e.g. `/purposes/1`.
    pub pointer: String,
    /// What is wrong, naming the key and the character.
    pub message: String,
    /// How to fix it.
    pub note: String,
    /// The index, among the value's characters, of the character refused,
    /// so that the caret can point at it.
    pub at_char: Option<usize>,
}

/// Every string of `root` (the file as JSON) that holds a character
/// [`is_forbidden`] refuses, or that is blank: empty, or only white space
/// and invisible characters (zero-width, direction marks, a byte order
/// mark). In document order of the tree; iterative, so any depth is safe.
#[must_use]
pub fn text_value_problems(root: &Value) -> Vec<ValueProblem> {
    // Nearly every file is clean: find that out without building pointers.
    if !any_problem(root) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), root)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::String(text) => problems.extend(judge(&pointer, text)),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{i}"), item));
                }
            }
            Value::Object(map) => {
                for (key, item) in map.iter().rev() {
                    let mut child = pointer.clone();
                    push_token(&mut child, key);
                    stack.push((child, item));
                }
            }
            _ => {}
        }
    }
    problems
}

/// Whether any string of `root` is refused, without allocating.
fn any_problem(root: &Value) -> bool {
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text)
                if text.chars().all(shows_nothing)
                    || refused_in_value(text).is_some()
                    || overstacked(text).is_some() =>
            {
                return true;
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

fn judge(pointer: &str, text: &str) -> Option<ValueProblem> {
    let key = key_words(pointer);
    let refused = refused_in_value(text);
    let blank = text.chars().all(shows_nothing);
    // A control or direction character is said as such even in a value
    // that is otherwise blank; an invisible one, as a blank value.
    if let Some((at, c, why)) = refused.filter(|r| {
        !blank || is_forbidden(r.1) || matches!(r.2, Refusal::Direction) && !c_is_mark(r.1)
    }) {
        let what = describe(c);
        let code = u32::from(c);
        let (message, note) = match why {
            Refusal::Control => (
                format!(
                    "{key} holds {what}, a control character: it would reach the published \
                     document and terminals raw"
                ),
                format!(
                    "delete it (in the file it may be written as an escape such as \\u{code:04X}); \
                     for a line break or a space, type one"
                ),
            ),
            Refusal::Direction => (
                format!(
                    "{key} holds {what}, a direction control: it makes the text around it \
                     read differently from what it holds"
                ),
                format!(
                    "delete it (in the file it may be written as \\u{code:04X}); right-to-left \
                     names display correctly without it"
                ),
            ),
            Refusal::Invisible => (
                format!(
                    "{key} holds {what}, an invisible character: it would be published raw, and \
                     two values that look the same would differ"
                ),
                format!(
                    "delete it (in the file it may be written as \\u{code:04X}); a zero-width \
                     joiner or non-joiner is kept only between letters of a script that uses it \
                     (Arabic, Indic, ...) or between emoji"
                ),
            ),
            Refusal::Tab => (
                format!(
                    "{key} holds {what} in a one-line value: it would be published as a gap of \
                     unknown width and break one-line outputs"
                ),
                "replace it with a space".to_owned(),
            ),
            Refusal::Noncharacter => (
                format!(
                    "{key} holds {what}, a Unicode noncharacter: it stands for no text, and an \
                     XML document such as the change feed may not hold it"
                ),
                format!("delete it (in the file it may be written as \\u{code:04X})"),
            ),
        };
        return Some(ValueProblem {
            pointer: pointer.to_owned(),
            message,
            note,
            at_char: Some(at),
        });
    }
    if let Some(at) = overstacked(text) {
        return Some(ValueProblem {
            pointer: pointer.to_owned(),
            message: format!(
                "{key} stacks more than {MAX_COMBINING_RUN} combining marks on one character \
                 (the bound of Unicode's Stream-Safe Text Format, UAX #15): they would draw \
                 over the text around it in the published document"
            ),
            note: format!(
                "keep the marks the name is spelt with; no script puts more than \
                 {MAX_COMBINING_RUN} on one letter"
            ),
            at_char: Some(at),
        });
    }
    if blank {
        let message = match text.chars().find(|c| *c != ' ') {
            _ if text.is_empty() => format!("{key} is empty"),
            None => format!("{key} is blank: it holds only spaces"),
            Some(c) => format!(
                "{key} is blank: it holds only spaces or invisible characters (such as {})",
                describe(c)
            ),
        };
        return Some(ValueProblem {
            pointer: pointer.to_owned(),
            message,
            note: "write the value, or leave the key out if it is optional".to_owned(),
            at_char: None,
        });
    }
    None
}

/// The index, among `text`'s characters, of the first combining mark
/// beyond [`MAX_COMBINING_RUN`] in a row, if there is one.
fn overstacked(text: &str) -> Option<usize> {
    let mut run = 0;
    for (i, c) in text.chars().enumerate() {
        if canonical_combining_class(c) == 0 {
            run = 0;
        } else {
            run += 1;
            if run > MAX_COMBINING_RUN {
                return Some(i);
            }
        }
    }
    None
}

/// The direction marks, which are invisible rather than controls of the
/// text around them: a value of only them is blank.
fn c_is_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// `/transfers/0/to` as a reader of the file says it: `` `to` of transfer entry 1 ``.
fn key_words(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut words = String::new();
    for token in &tokens {
        match token.parse::<usize>() {
            Ok(i) => words.push_str(&format!("[{i}]")),
            Err(_) if words.is_empty() => words.push_str(token),
            Err(_) => {
                words.push('.');
                words.push_str(token);
            }
        }
    }
    if words.is_empty() {
        "the value".to_owned()
    } else {
        format!("`{words}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_of_the_tree_is_judged_in_document_order() {
        let json = serde_json::json!({
            "name": "Acme\u{1b}[2J",
            "purposes": ["Fine", "\u{200b} \u{200e}", ""],
            "transfers": [{"to": "US", "article": "49\u{202e}(1)"}],
            "count": 3,
        });
        let found: Vec<(String, String)> = text_value_problems(&json)
            .into_iter()
            .map(|p| (p.pointer, p.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/name".to_owned(),
                    "`name` holds U+001B ESCAPE, a control character: it would reach the \
                     published document and terminals raw"
                        .to_owned()
                ),
                (
                    "/purposes/1".to_owned(),
                    "`purposes[1]` is blank: it holds only spaces or invisible characters \
                     (such as U+200B ZERO WIDTH SPACE)"
                        .to_owned()
                ),
                (
                    "/purposes/2".to_owned(),
                    "`purposes[2]` is empty".to_owned()
                ),
                (
                    "/transfers/0/article".to_owned(),
                    "`transfers[0].article` holds U+202E RIGHT-TO-LEFT OVERRIDE, a direction \
                     control: it makes the text around it read differently from what it holds"
                        .to_owned()
                ),
            ]
        );
    }

    /// Vietnamese stacks two marks on a letter, Tibetan several; 30 in a
    /// row is Unicode's own bound, 31 is refused at the 31st.
    #[test]
    fn combining_marks_beyond_the_stream_safe_bound_are_refused_at_the_first_too_many() {
        let at_bound = format!("Z{}", "\u{301}".repeat(MAX_COMBINING_RUN));
        let over = format!("Ac{} GmbH", "\u{301}\u{316}".repeat(16));
        let json = serde_json::json!({
            "name": "Nguy\u{1ec5}n Vi\u{0065}\u{0323}\u{0302}t",
            "purposes": [at_bound, over, "\u{f40}\u{fb5}\u{f74}\u{f7a}"]
        });
        let found: Vec<(String, Option<usize>)> = text_value_problems(&json)
            .into_iter()
            .map(|p| (p.pointer, p.at_char))
            .collect();
        assert_eq!(found, [("/purposes/1".to_owned(), Some(32))]);
        let message = text_value_problems(&json)
            .into_iter()
            .map(|p| p.message)
            .next();
        assert_eq!(
            message.as_deref(),
            Some(
                "`purposes[1]` stacks more than 30 combining marks on one character (the bound \
                 of Unicode's Stream-Safe Text Format, UAX #15): they would draw over the text \
                 around it in the published document"
            )
        );
    }

    #[test]
    fn line_breaks_tabs_of_several_lines_and_joiners_at_work_are_kept() {
        let json = serde_json::json!([
            "Line\r\ntwo\tthree",
            "\u{645}\u{6cc}\u{200c}\u{62e}",
            "שלום"
        ]);
        assert!(text_value_problems(&json).is_empty());
    }

    #[test]
    fn every_element_of_a_list_is_judged_and_the_character_named() {
        let json = serde_json::json!({"purposes": ["Data\u{200d}hosting", "\u{200b}", "a\tb"]});
        let found: Vec<(String, String, Option<usize>)> = text_value_problems(&json)
            .into_iter()
            .map(|p| (p.pointer, p.message, p.at_char))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/purposes/0".to_owned(),
                    "`purposes[0]` holds U+200D ZERO WIDTH JOINER, an invisible character: it \
                     would be published raw, and two values that look the same would differ"
                        .to_owned(),
                    Some(4)
                ),
                (
                    "/purposes/1".to_owned(),
                    "`purposes[1]` is blank: it holds only spaces or invisible characters \
                     (such as U+200B ZERO WIDTH SPACE)"
                        .to_owned(),
                    None
                ),
                (
                    "/purposes/2".to_owned(),
                    "`purposes[2]` holds U+0009 TAB in a one-line value: it would be published \
                     as a gap of unknown width and break one-line outputs"
                        .to_owned(),
                    Some(1)
                ),
            ]
        );
    }
}
