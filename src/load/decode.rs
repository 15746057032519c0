//! Bytes to text: UTF-8 only, a leading BOM dropped, never a panic.

use std::ops::Range;

/// A file's text, and what was wrong with its encoding if anything.
pub struct Decoded {
    /// The text without a BOM; invalid bytes replaced by U+FFFD.
    pub text: String,
    /// The first encoding problem.
    pub problem: Option<Problem>,
}

/// An encoding problem at a byte range of [`Decoded::text`].
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// Where, in the decoded text.
    pub range: Range<usize>,
}

/// Decodes `bytes` as UTF-8. A UTF-8 BOM is dropped (editors on Windows
/// add one; it carries no content), so positions match what an editor shows.
pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        // A second one right after is no byte order mark but two files
        // joined together; named here, as the scan for raw characters
        // cannot tell it from the first.
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            return Decoded {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                problem: Some(Problem {
                    message: "U+FEFF BYTE ORDER MARK twice at the start of the file: it belongs \
                              there only once (were two files joined together?)"
                        .to_owned(),
                    range: 0..3,
                }),
            };
        }
    }
    // Valid UTF-8, the usual case, becomes the text without a copy.
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            problem: None,
        },
        Err(error) => decode_invalid(error.as_bytes(), error.utf8_error().valid_up_to()),
    }
}

/// The text and first problem of bytes that are not valid UTF-8 from byte
/// `at` on.
fn decode_invalid(bytes: &[u8], at: usize) -> Decoded {
    let text = String::from_utf8_lossy(bytes).into_owned();
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Decoded {
            text,
            problem: Some(Problem {
                message: "the file is UTF-16, not UTF-8".to_owned(),
                range: 0..0,
            }),
        };
    }
    let byte = bytes.get(at).copied().unwrap_or_default();
    // The valid prefix is identical in the lossy text; the bad byte
    // became a 3-byte U+FFFD right after it.
    Decoded {
        text,
        problem: Some(Problem {
            message: format!("the file is not UTF-8: byte 0x{byte:02X} is not valid here"),
            range: at..at + 3,
        }),
    }
}

/// At most this many characters of [`raw_characters`] are reported per
/// file: a binary file would otherwise give one finding per byte.
pub const MAX_CHARACTER_PROBLEMS: usize = 10;

/// Characters no registry file may hold raw, wherever they are (a value, a
/// comment, between tokens): a control character other than tab and line
/// breaks (TOML allows no other), a bidirectional control (it makes a
/// reviewer read the line differently from what it holds), and a byte order
/// mark after the start (two files joined together). Each problem names the
/// character and spans exactly it.
///
/// With `ascii` false only the characters outside ASCII are looked for
/// (C1 controls, direction controls, a BOM), which a fast byte search rules
/// out for nearly every file: the TOML parser refuses ASCII controls
/// itself, so the loader scans for them only when parsing failed.
pub fn raw_characters(text: &str, ascii: bool) -> Vec<Problem> {
    use crate::diag::visible::{describe, is_forbidden_raw};
    // C1 controls start with 0xC2, direction controls with 0xE2, a BOM
    // with 0xEF.
    if !ascii && memchr::memchr3(0xC2, 0xE2, 0xEF, text.as_bytes()).is_none() {
        return Vec::new();
    }
    text.char_indices()
        .filter(|&(_, c)| ascii || !c.is_ascii())
        .filter(|&(i, c)| is_forbidden_raw(i, c))
        .take(MAX_CHARACTER_PROBLEMS)
        .map(|(i, c)| {
            let what = describe(c);
            let message = if c == '\u{feff}' {
                format!(
                    "{what} in the middle of the file: it belongs, if anywhere, only at the \
                     very start (were two files joined together?)"
                )
            } else if c.is_control() {
                format!(
                    "{what}, a control character, in the file: a registry file is text, and \
                     TOML allows no control character but tab and line breaks"
                )
            } else {
                format!(
                    "{what} in the file: a direction control makes the text around it read \
                     differently from what it holds"
                )
            };
            Problem {
                message,
                range: i..i + c.len_utf8(),
            }
        })
        .collect()
}

/// The characters of [`raw_characters`]' rule widened to everything a
/// registry value may not hold ([`refused_chars`], a tab allowed and a
/// joiner where it joins), found outside the string values at `strings`
/// (byte ranges of the text): in a comment, a quoted key, between tokens.
/// There an invisible character (a zero-width space, a tag character, a
/// filler) hides text from a reviewer, and a line or paragraph separator
/// shows as a line break TOML does not read, so a comment seems to end
/// before `removed = ...`. Inside a string value the value check names
/// them, with the rest of the file's findings. Outside ASCII only, what
/// [`raw_characters`] reports left out; at most [`MAX_CHARACTER_PROBLEMS`].
///
/// [`refused_chars`]: crate::diag::visible::refused_chars
pub fn hidden_outside_values(text: &str, strings: &[Range<usize>]) -> Vec<Problem> {
    use crate::diag::visible::{Refusal, describe, is_forbidden_raw, refused_chars};
    if text.is_ascii() {
        return Vec::new();
    }
    let mut strings = strings.to_vec();
    strings.sort_by_key(|r| r.start);
    let inside = |at: usize| {
        let after = strings.partition_point(|r| r.start <= at);
        after > 0 && strings[after - 1].contains(&at)
    };
    // A run of invisible characters (tag characters spelling a hidden
    // instruction, say) is one finding over the run, named by its first.
    let mut runs: Vec<(Range<usize>, char, Refusal, usize)> = Vec::new();
    for (i, c, why) in refused_chars(text, true)
        .filter(|&(i, c, _)| !c.is_ascii() && !is_forbidden_raw(i, c) && !inside(i))
    {
        let separator = matches!(c, '\u{2028}' | '\u{2029}');
        let full = runs.len() == MAX_CHARACTER_PROBLEMS;
        match runs.last_mut() {
            Some((range, first, Refusal::Invisible, more))
                if range.end == i
                    && why == Refusal::Invisible
                    && !separator
                    && !matches!(*first, '\u{2028}' | '\u{2029}') =>
            {
                range.end = i + c.len_utf8();
                *more += 1;
            }
            _ if full => break,
            _ => runs.push((i..i + c.len_utf8(), c, why, 0)),
        }
    }
    runs.into_iter()
        .map(|(range, c, why, more)| {
            let what = describe(c);
            let message = if matches!(c, '\u{2028}' | '\u{2029}') {
                format!(
                    "{what} in the file: editors show it as a line break that TOML does not \
                     read, so what follows it seems to be a line of its own"
                )
            } else if why == Refusal::Direction {
                format!(
                    "{what} in the file: a direction mark makes the text around it read \
                     differently from what it holds"
                )
            } else if more > 0 {
                format!(
                    "{what} and {more} more invisible character{} right after it in the file: \
                     a reviewer of the change cannot see them",
                    if more == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{what}, an invisible character, in the file: a reviewer of the change \
                     cannot see it"
                )
            };
            Problem { message, range }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_bom_and_reports_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa = 1".to_vec()).text, "a = 1");
        let latin1 = decode(b"name = \"Caf\xE9\"".to_vec());
        let problem = latin1.problem.map(|p| (p.message, p.range));
        assert_eq!(
            problem,
            Some((
                "the file is not UTF-8: byte 0xE9 is not valid here".to_owned(),
                11..14
            ))
        );
    }

    #[test]
    fn names_raw_controls_and_a_mid_file_bom_at_their_bytes() {
        let found: Vec<_> =
            raw_characters("\u{feff}a = 1\n# \u{202e}x\nb = \"\0\"\u{feff}\t\r\n", true)
                .into_iter()
                .map(|p| p.range)
                .collect();
        assert_eq!(found, [11..14, 21..22, 23..26]);
        assert_eq!(
            raw_characters(&"\0".repeat(50), true).len(),
            MAX_CHARACTER_PROBLEMS
        );
        // Without `ascii`, only what the TOML parser lets through.
        let outside: Vec<_> = raw_characters("a\0\u{85}\u{2066}", false)
            .into_iter()
            .map(|p| p.range)
            .collect();
        assert_eq!(outside, [2..4, 4..7]);
    }

    /// What a value may not hold, a comment may not hold raw either: a
    /// line separator that fakes a line break, a zero-width space, tag
    /// characters spelling a hidden word, a filler, a direction mark, a
    /// selector after a blank. Inside a string value they are left to the
    /// value check; a joiner between letters of a joining script, a
    /// selector after an emoji, a no-break space and accents stay.
    #[test]
    fn invisible_characters_outside_values_are_named_at_their_bytes() {
        let text = "a = 1 # x\u{2028}removed = 2024-01-01\n\
                    # \u{200b}\u{e0049}\u{e0047}\u{3164}\u{200e} \u{3164}\n\
                    b = \"\u{200b}\" # \u{0915}\u{094d}\u{200d}\u{0937} \u{2764}\u{fe0f} \u{a0}D\u{fc}sseldorf \u{fe0f}\n";
        let value = text.find("\"\u{200b}").unwrap_or_default();
        let strings = vec![value..value + 5; 1];
        let found: Vec<_> = hidden_outside_values(text, &strings)
            .into_iter()
            .map(|p| (&text[p.range], p.message))
            .collect();
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|(c, m)| (*c, m.split(" in the file").next().unwrap_or_default()))
            .collect();
        assert_eq!(
            names,
            [
                ("\u{2028}", "U+2028 LINE SEPARATOR"),
                (
                    "\u{200b}\u{e0049}\u{e0047}\u{3164}",
                    "U+200B ZERO WIDTH SPACE and 3 more invisible characters right after it"
                ),
                ("\u{200e}", "U+200E LEFT-TO-RIGHT MARK"),
                ("\u{3164}", "U+3164 HANGUL FILLER, an invisible character,"),
                (
                    "\u{fe0f}",
                    "U+FE0F VARIATION SELECTOR-16, an invisible character,"
                ),
            ]
        );
        assert_eq!(
            found[0].1,
            "U+2028 LINE SEPARATOR in the file: editors show it as a line break that TOML does \
             not read, so what follows it seems to be a line of its own"
        );
        assert_eq!(
            hidden_outside_values(&"# \u{200b}\n".repeat(50), &[]).len(),
            MAX_CHARACTER_PROBLEMS
        );
        // What `raw_characters` reports is not said twice.
        assert!(hidden_outside_values("# \u{202e}\u{85}\n", &[]).is_empty());
    }
}
