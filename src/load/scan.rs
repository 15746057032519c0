//! One lexical pass over TOML text for the places the parser's errors do
//! not give (where an unclosed value opened, where nesting goes too deep):
//! comments and strings skipped as the parser reads them, so a `[` inside
//! a multi-line string or a comment is never taken for structure.

/// What [`pieces`] yields, in text order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    /// A character outside every comment and string.
    Char {
        /// Its byte offset.
        at: usize,
        /// The character.
        c: char,
        /// Whether only spaces, tabs or carriage returns precede it on its line.
        line_start: bool,
    },
    /// A one-line string from its opening quote at `at` to `end`, just after
    /// its closing quote (or the end of its line, where it is unclosed).
    Text {
        /// The offset of its opening quote.
        at: usize,
        /// Just after it.
        end: usize,
    },
    /// A multi-line string (`"""` or `'''`) opening at byte `at`; `end` is
    /// the offset just after its closing delimiter, `None` if it never closes.
    Multiline {
        /// The offset of its opening delimiter.
        at: usize,
        /// Just after its closing delimiter, if it has one.
        end: Option<usize>,
    },
}

/// The pieces of `text`: every character outside comments and strings, and
/// every multi-line string. A one-line string ends at its closing quote or
/// at the line's end (where the parser reports it); a backslash escapes the
/// next character in basic strings only; a multi-line string's closing
/// delimiter may be followed by one or two more quotes that belong to it.
pub(super) fn pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    std::iter::from_fn(move || {
        loop {
            let c = text.get(i..)?.chars().next()?;
            let at = i;
            let starts = line_start;
            line_start = c == '\n' || (starts && matches!(c, ' ' | '\t' | '\r'));
            match c {
                '#' => {
                    i += text[i..].find('\n').unwrap_or(text.len() - i);
                }
                '"' | '\'' => {
                    let quote = c as u8;
                    let triple = [quote; 3];
                    if bytes[i..].starts_with(&triple) {
                        let end = multiline_end(bytes, i, quote);
                        i = end.unwrap_or(bytes.len());
                        return Some(Piece::Multiline { at, end });
                    }
                    i += 1;
                    while let Some(&b) = bytes.get(i) {
                        if b == b'\n' {
                            break;
                        }
                        i += 1;
                        if b == b'\\' && quote == b'"' {
                            i += 1;
                        } else if b == quote {
                            break;
                        }
                    }
                    // The parser reads on after an unclosed one-line string
                    // at the next line, as does this.
                    i = i.min(bytes.len());
                    while !text.is_char_boundary(i) {
                        i += 1;
                    }
                    return Some(Piece::Text { at, end: i });
                }
                _ => {
                    i += c.len_utf8();
                    return Some(Piece::Char {
                        at,
                        c,
                        line_start: starts,
                    });
                }
            }
        }
    })
}

/// The byte ranges of every string of `text`, one-line and multi-line,
/// quotes included, found lexically: for when the file does not parse.
pub(super) fn string_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    pieces(text)
        .filter_map(|piece| match piece {
            Piece::Text { at, end } => Some(at..end),
            Piece::Multiline { at, end } => Some(at..end.unwrap_or(text.len())),
            Piece::Char { .. } => None,
        })
        .collect()
}

/// Just after the closing delimiter of the multi-line string whose opening
/// `"""` or `'''` is at `start`: three quotes, and up to two more that
/// belong to the string. `None` when it never closes.
fn multiline_end(bytes: &[u8], start: usize, quote: u8) -> Option<usize> {
    let triple = [quote; 3];
    let mut j = start + 3;
    loop {
        match bytes.get(j)? {
            b'\\' if quote == b'"' => j += 2,
            &b if b == quote && bytes[j..].starts_with(&triple) => {
                j += 3;
                let mut more = 0;
                while more < 2 && bytes.get(j) == Some(&quote) {
                    j += 1;
                    more += 1;
                }
                return Some(j);
            }
            _ => j += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> String {
        pieces(text)
            .filter_map(|p| match p {
                Piece::Char { c, .. } => Some(c),
                Piece::Multiline { .. } => Some('M'),
                Piece::Text { .. } => None,
            })
            .collect()
    }

    #[test]
    fn comments_and_strings_of_every_kind_are_skipped() {
        assert_eq!(chars("a = \"[x\" # [y\nb = '[z'\n"), "a =  \nb = \n");
        // An escaped quote does not end a basic string; it ends a literal one.
        assert_eq!(chars(r#"a = "\"[" 'b\' ["#), "a =   [");
        // An unclosed one-line string ends at its line.
        assert_eq!(chars("a = \"[\n[b]"), "a = \n[b]");
    }

    /// `"""` opens a multi-line string, not an empty string and a quote:
    /// the brackets on its later lines are text.
    #[test]
    fn a_multi_line_string_is_one_piece_with_its_end() {
        let text = "a = \"\"\"\n[not]\n{x\n\"\"\"\"\"\nb = [1]\n";
        let found: Vec<Piece> = pieces(text)
            .filter(|p| {
                !matches!(
                    p,
                    Piece::Char {
                        c: ' ' | '=' | '\n' | 'a' | 'b' | '1',
                        ..
                    }
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                Piece::Multiline {
                    at: 4,
                    end: Some(22)
                },
                Piece::Char {
                    at: 27,
                    c: '[',
                    line_start: false
                },
                Piece::Char {
                    at: 29,
                    c: ']',
                    line_start: false
                },
            ]
        );
        assert_eq!(
            pieces("x = '''\n[y]\n").collect::<Vec<_>>().last(),
            Some(&Piece::Multiline { at: 4, end: None })
        );
    }

    #[test]
    fn string_ranges_hold_every_string_and_no_comment() {
        let text = "a = \"x\" # \"c\"\nb = '''\ny'''\nc = \"open\nd = 1\n";
        let ranges: Vec<&str> = string_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(ranges, ["\"x\"", "'''\ny'''", "\"open"]);
    }

    #[test]
    fn a_character_knows_whether_it_starts_its_line() {
        let starts: Vec<(char, bool)> = pieces("[a]\n  [b] # [c]\nx = [\n")
            .filter_map(|p| match p {
                Piece::Char {
                    c: c @ '[',
                    line_start,
                    ..
                } => Some((c, line_start)),
                _ => None,
            })
            .collect();
        assert_eq!(starts, [('[', true), ('[', true), ('[', false)]);
    }
}
