//! Lines that look like a marker but are not one: said at their own line,
//! with what differs, rather than a document with "no marker region" or an
//! end marker blamed for a begin marker that was misspelt.

use std::ops::Range;

use super::markers::Directive;
use crate::diag::visible::{describe, is_blank};

/// A line that a reader takes for a marker and subreg does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NearMiss {
    /// Which marker it was meant as, when the word says so.
    pub(super) directive: Directive,
    /// Byte range in the line body: from the first visible character (or
    /// an invisible one before it) to the end of the line.
    pub(super) range: Range<usize>,
    /// What differs from a marker, and how to write it.
    pub(super) what: String,
}

/// Checks a line that did not parse as a marker: after at most three
/// spaces and any invisible characters, `<!` and dashes or blanks, then
/// `subreg`, a colon or not, and `begin` or `end` in any case. Prose that
/// mentions a marker mid-line is never one.
#[must_use]
pub(super) fn near_miss(body: &str) -> Option<NearMiss> {
    let spaces = body.bytes().take_while(|&b| b == b' ').count();
    if spaces > 3 {
        return None; // an indented code block
    }
    let mut invisible = None;
    let mut at = spaces;
    for (i, c) in body[spaces..].char_indices() {
        if c == '<' {
            at = spaces + i;
            break;
        }
        if !is_blank(c) {
            return None;
        }
        if !c.is_whitespace() && invisible.is_none() {
            invisible = Some((spaces + i, c));
        }
        at = spaces + i + c.len_utf8();
    }
    let rest = body.get(at..)?;
    let after_open = rest.strip_prefix("<!")?;
    let opener_len = after_open.len()
        - after_open
            .trim_start_matches(|c: char| c == '-' || c == ' ' || c == '\t' || is_blank(c))
            .len();
    let opener = &rest[..2 + opener_len];
    let tail = &after_open[opener_len..];
    let lower = tail.to_ascii_lowercase();
    let after_word = lower.strip_prefix("subreg")?;
    let gap_before = after_word.len() - after_word.trim_start().len();
    let after_gap = &after_word[gap_before..];
    let (colon, after_colon) = match after_gap.strip_prefix(':') {
        Some(rest) => (true, rest),
        None => (false, after_gap),
    };
    let gap_after = after_colon.len() - after_colon.trim_start().len();
    let word_part = &after_colon[gap_after..];
    let directive = if word_part.starts_with("begin") {
        Directive::Begin
    } else if word_part.starts_with("end") {
        Directive::End
    } else {
        return None;
    };
    let word_len = if directive == Directive::Begin { 5 } else { 3 };
    // `<!-- Subreg: beginning of the table -->` is a comment, not a marker.
    let boundary = word_part[word_len..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == '-' || c == '>' || c == '*');
    if !boundary {
        return None;
    }
    let written_len = "subreg".len() + gap_before + usize::from(colon) + gap_after + word_len;
    let written = tail.get(..written_len).unwrap_or(tail);
    let right = if directive == Directive::Begin {
        "subreg:begin"
    } else {
        "subreg:end"
    };
    let what = if let Some((_, c)) = invisible {
        format!(
            "it starts with {}, an invisible character; delete it",
            describe(c)
        )
    } else if let Some(c) = opener.chars().find(|c| !c.is_whitespace() && is_blank(*c)) {
        format!(
            "`<!--` holds {}, an invisible character; delete it",
            describe(c)
        )
    } else if opener.trim_end() != "<!--" {
        format!(
            "it opens with `{}`, not `<!--`; write `<!-- {right}`",
            opener.trim_end()
        )
    } else if !colon {
        format!("`{written}` has no colon; write `{right}`")
    } else if gap_before + gap_after > 0 {
        format!("`{written}` has a blank around the colon; write `{right}`")
    } else if written != right {
        format!("`{written}` is not lower case; write `{right}`")
    } else {
        // Spelt right: what follows the word is the problem.
        let after = tail.get(written_len..).unwrap_or("");
        let close = after.find(['-', '>']).map(|i| &after[i..]);
        match close {
            Some(close) if !close.starts_with("-->") => format!(
                "it closes with `{}`, not `-->`; write `-->` without blanks",
                close.trim_end()
            ),
            _ => format!("write `<!-- {right} ... -->` exactly"),
        }
    };
    let start = invisible.map_or(at, |(i, _)| i);
    Some(NearMiss {
        directive,
        range: start..body.len(),
        what,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(body: &str) -> Option<String> {
        near_miss(body).map(|n| n.what)
    }

    #[test]
    fn says_what_differs() {
        let cases = [
            (
                "<!--- subreg:begin template=a.md -->",
                "it opens with `<!---`, not `<!--`; write `<!-- subreg:begin`",
            ),
            (
                "<! -- subreg:end -->",
                "it opens with `<! --`, not `<!--`; write `<!-- subreg:end`",
            ),
            (
                "<!-- SUBREG:BEGIN template=a.md -->",
                "`SUBREG:BEGIN` is not lower case; write `subreg:begin`",
            ),
            (
                "<!-- Subreg:End -->",
                "`Subreg:End` is not lower case; write `subreg:end`",
            ),
            (
                "<!-- subreg: begin template=a.md -->",
                "`subreg: begin` has a blank around the colon; write `subreg:begin`",
            ),
            (
                "<!-- subreg end -->",
                "`subreg end` has no colon; write `subreg:end`",
            ),
            (
                "\u{200b}<!-- subreg:end -->",
                "it starts with U+200B ZERO WIDTH SPACE, an invisible character; delete it",
            ),
            (
                " \u{feff} <!-- subreg:begin template=a.md -->",
                "it starts with U+FEFF BYTE ORDER MARK, an invisible character; delete it",
            ),
            (
                "<!--\u{200d} subreg:end -->",
                "`<!--` holds U+200D ZERO WIDTH JOINER, an invisible character; delete it",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(what(body).as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn prose_code_and_other_comments_are_no_near_miss() {
        for body in [
            "See <!-- subreg:begin --> in the README.",
            "    <!--- subreg:begin template=a.md -->",
            "<!-- subregion:begin -->",
            "<!-- subreg:beginning -->",
            "<!-- Subreg: beginning of the table -->",
            "<!-- SUBREG endpoint -->",
            "<!-- a comment -->",
            "`<!-- SUBREG:BEGIN -->`",
            "",
        ] {
            assert_eq!(near_miss(body), None, "{body}");
        }
        let found = near_miss("\u{200b}<!-- subreg:end -->").map(|n| n.range);
        assert_eq!(found, Some(0..22));
    }
}
