//! The text a template writes into every document, judged by the rule of
//! registry values ([`visible::refused_chars`]), a tab allowed since a
//! template has several lines.
//!
//! What is literal text is handlebars' decision, not a scanner's of ours:
//! its text between tags, the body of a raw block (`{{{{raw}}}}`) and the
//! strings of its tags (`{{join purposes ", "}}`), not a comment nor a
//! tag's own syntax. To find where in the source a refused character of
//! that text stands, each refused character of the source is replaced by
//! a sentinel naming it, the source compiled again, and the sentinels that
//! reach literal text read back.

use handlebars::template::{Parameter, Template, TemplateElement};
use serde_json::Value;

use super::RenderError;
use super::diags::PublishedCharacter;
use crate::diag::visible::{self, Refusal};

/// A refused character of a template's literal text, the first in source
/// order.
struct Found {
    /// 1-based line and character column.
    at: (usize, usize),
    c: char,
    why: Refusal,
    /// Written as an escape in a tag's string.
    escaped: bool,
}

/// The refusal of the first character of `template`'s literal text (it
/// compiled from `text`) that a registry value could not hold, at its line
/// and column; `None` when every character may be published.
pub(super) fn published_character(
    name: &str,
    text: &str,
    template: &Template,
) -> Option<RenderError> {
    let raw: Vec<(usize, char, Refusal)> = visible::refused_chars(text, true).collect();
    let at_raw = |index: usize| {
        raw.get(index).map(|&(offset, c, why)| Found {
            at: line_col(text, offset),
            c,
            why,
            escaped: false,
        })
    };
    let mut found: Option<Found> = None;
    let mut keep = |candidate: Found| {
        if found.as_ref().is_none_or(|f| candidate.at < f.at) {
            found = Some(candidate);
        }
    };
    // With raw characters, the template again with each replaced by its
    // sentinel; `None` when no sentinel can be told from the text (it
    // holds every mark) or, which cannot happen, that fails to compile.
    let marked = (!raw.is_empty())
        .then(|| Sentinels::new(text))
        .flatten()
        .and_then(|sentinels| {
            let marked = super::compile(name, &sentinels.mark(text, &raw)).ok()?;
            Some((sentinels, marked))
        });
    match &marked {
        // Nothing raw to find: only escapes in strings can be refused.
        None if raw.is_empty() => walk(template, None, &mut |piece, at| {
            escaped_in(piece, at, &mut keep);
        }),
        // The raw characters cannot be told apart: the first, wherever it
        // is.
        None => {
            if let Some(first) = at_raw(0) {
                keep(first);
            }
        }
        Some((sentinels, marked)) => walk(marked, None, &mut |piece, at| {
            for index in sentinels.read(piece.text()) {
                if let Some(raw) = at_raw(index) {
                    keep(raw);
                }
            }
            escaped_in(piece, at, &mut keep);
        }),
    }
    found.map(|f| error(name, &f))
}

fn error(name: &str, found: &Found) -> RenderError {
    RenderError::from(PublishedCharacter {
        template: name,
        at: found.at,
        c: found.c,
        why: found.why,
        escaped: found.escaped,
    })
}

/// A refused character in a tag's string that is no raw character of the
/// source (a sentinel is none): written as an escape, at the tag.
fn escaped_in(piece: Piece<'_>, at: Option<(usize, usize)>, keep: &mut impl FnMut(Found)) {
    let (Piece::String(s), Some(at)) = (piece, at) else {
        return;
    };
    if let Some((_, c, why)) = visible::refused_chars(s, true).next() {
        keep(Found {
            at,
            c,
            why,
            escaped: true,
        });
    }
}

/// A piece of literal text: text between tags, or a tag's string.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Text(&'a str),
    String(&'a str),
}

impl<'a> Piece<'a> {
    fn text(self) -> &'a str {
        match self {
            Piece::Text(s) | Piece::String(s) => s,
        }
    }
}

/// Calls `f` with every piece of literal text of `template` and the line
/// and column of the element that holds it (a parameter has none of its
/// own: `at`, its tag's).
fn walk(
    template: &Template,
    at: Option<(usize, usize)>,
    f: &mut impl FnMut(Piece<'_>, Option<(usize, usize)>),
) {
    for (i, element) in template.elements.iter().enumerate() {
        let at = template.mapping.get(i).map(|m| (m.0, m.1)).or(at);
        element_pieces(element, at, f);
    }
}

fn element_pieces(
    element: &TemplateElement,
    at: Option<(usize, usize)>,
    f: &mut impl FnMut(Piece<'_>, Option<(usize, usize)>),
) {
    match element {
        TemplateElement::RawString(text) => f(Piece::Text(text), at),
        TemplateElement::Comment(_) => {}
        TemplateElement::Expression(ht)
        | TemplateElement::HtmlExpression(ht)
        | TemplateElement::HelperBlock(ht) => {
            for p in std::iter::once(&ht.name)
                .chain(&ht.params)
                .chain(ht.hash.values())
            {
                parameter(p, at, f);
            }
            for inner in [&ht.template, &ht.inverse].into_iter().flatten() {
                walk(inner, at, f);
            }
        }
        TemplateElement::DecoratorExpression(dt)
        | TemplateElement::DecoratorBlock(dt)
        | TemplateElement::PartialExpression(dt)
        | TemplateElement::PartialBlock(dt) => {
            for p in std::iter::once(&dt.name)
                .chain(&dt.params)
                .chain(dt.hash.values())
            {
                parameter(p, at, f);
            }
            if let Some(inner) = &dt.template {
                walk(inner, at, f);
            }
        }
        // A kind of element this handlebars does not have.
        _ => {}
    }
}

fn parameter(
    p: &Parameter,
    at: Option<(usize, usize)>,
    f: &mut impl FnMut(Piece<'_>, Option<(usize, usize)>),
) {
    match p {
        Parameter::Literal(value) => {
            let mut stack = vec![value];
            while let Some(value) = stack.pop() {
                match value {
                    Value::String(s) => f(Piece::String(s), at),
                    Value::Array(items) => stack.extend(items),
                    Value::Object(map) => stack.extend(map.values()),
                    _ => {}
                }
            }
        }
        Parameter::Subexpression(sub) => element_pieces(sub.as_element(), at, f),
        // A name or a path (handlebars syntax), or a kind it does not have.
        _ => {}
    }
}

/// Sentinels that stand for the refused characters of a template while it
/// is compiled again: a mark no character of the template is, then two
/// characters of plane 16 that spell the character's index. Handlebars
/// treats every character from U+0080 up alike (text, a name, a string), so
/// the sentinels land where the characters they replace would.
struct Sentinels {
    mark: char,
}

/// The first code point of the digits, in Supplementary Private Use Area-B.
const DIGITS: u32 = 0x10_0000;

impl Sentinels {
    /// A mark from Supplementary Private Use Area-A that `text` does not
    /// hold; `None` when it holds every one of them.
    fn new(text: &str) -> Option<Self> {
        let used: std::collections::HashSet<char> = text
            .chars()
            .filter(|c| (0xF_0000..=0xF_FFFD).contains(&u32::from(*c)))
            .collect();
        (0xF_0000..=0xF_FFFD)
            .filter_map(char::from_u32)
            .find(|c| !used.contains(c))
            .map(|mark| Sentinels { mark })
    }

    /// `text` with the character at each offset of `raw` replaced by the
    /// sentinel of its index.
    fn mark(&self, text: &str, raw: &[(usize, char, Refusal)]) -> String {
        let mut out = String::with_capacity(text.len() + raw.len() * 12);
        let mut from = 0;
        for (index, &(offset, c, _)) in raw.iter().enumerate() {
            out.push_str(text.get(from..offset).unwrap_or_default());
            out.push(self.mark);
            // A template holds at most 16 MiB, so fewer than 2^32 characters.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            for digit in [index >> 16, index & 0xFFFF] {
                out.push(char::from_u32(DIGITS + digit).unwrap_or(self.mark));
            }
            from = offset + c.len_utf8();
        }
        out.push_str(text.get(from..).unwrap_or_default());
        out
    }

    /// The indexes of the sentinels in `text`.
    fn read<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut chars = text.chars();
        std::iter::from_fn(move || {
            loop {
                if chars.next()? != self.mark {
                    continue;
                }
                let mut digit = || {
                    chars
                        .next()
                        .and_then(|c| u32::from(c).checked_sub(DIGITS))
                        .filter(|d| *d <= 0xFFFF)
                };
                let (Some(high), Some(low)) = (digit(), digit()) else {
                    continue;
                };
                return usize::try_from((high << 16) | low).ok();
            }
        })
    }
}

/// The 1-based line and character column of byte `offset` of `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize, String, bool)> {
        let template = super::super::compile("t.md", text).ok()?;
        let error = published_character("t.md", text, &template)?;
        let escaped = error.message.contains("in a string of this tag");
        let named = error
            .message
            .split(" in ")
            .next()
            .unwrap_or_default()
            .trim_start_matches("the template holds ")
            .to_owned();
        Some((error.line?, error.column?, named, escaped))
    }

    #[test]
    fn literal_text_is_judged_and_tags_are_not() {
        let raw = |line, column, named: &str| Some((line, column, named.to_owned(), false));
        let escape = |line, column, named: &str| Some((line, column, named.to_owned(), true));
        let cases = [
            (
                "| a |\n| \u{200e}{{name}} |\n",
                raw(2, 3, "U+200E LEFT-TO-RIGHT MARK"),
            ),
            // In a comment, then after a tag; a raw block's body is text,
            // and so is an escaped tag.
            (
                "{{!-- \u{200b} --}}{{#each x}}\u{2060}{{/each}}",
                raw(1, 24, "U+2060 WORD JOINER"),
            ),
            (
                "{{{{raw}}}}\u{2029}{{{{/raw}}}}",
                raw(1, 12, "U+2029 PARAGRAPH SEPARATOR"),
            ),
            ("a\n\\{{x\u{3164}}}\n", raw(2, 5, "U+3164 HANGUL FILLER")),
            // A tab, a joiner at work, a blank: allowed.
            (
                "\tक\u{200d}ष {{name}}\u{3000}x\n\u{1f468}\u{200d}\u{1f469}",
                None,
            ),
            // Names and comments are handlebars syntax, not published.
            ("{{!x\u{200b}}}{{! \u{ad} }}{{na\u{200b}me}}", None),
            // Strings of tags are published: raw at the character, an
            // escape at the tag; the first in source order either way.
            (
                "x {{join purposes \"\u{e0041}\"}}",
                raw(1, 20, "U+E0041 TAG LATIN CAPITAL LETTER A"),
            ),
            (
                "x\n  {{join purposes \"\\u200B\"}}",
                escape(2, 3, "U+200B ZERO WIDTH SPACE"),
            ),
            (
                "{{join purposes \"\\u00AD\"}}\u{feff}",
                escape(1, 1, "U+00AD SOFT HYPHEN"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(at(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_template_that_holds_the_sentinels_is_judged_alike() {
        let marks: String = (0xF_0000..=0xF_0003).filter_map(char::from_u32).collect();
        let text = format!("{marks}{{{{x}}}}\u{034f}");
        assert_eq!(at(&text).map(|f| (f.0, f.1)), Some((1, 10)), "{text:?}");
    }
}
