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
}
