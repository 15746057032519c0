//! Characters that must never reach a terminal, a log or a published
//! document raw, and the one sanitiser every printer uses.
//!
//! A control character (ESC, NUL, VT, ...) can recolour or rewrite a CI
//! log; a bidirectional override can make a line read differently from
//! what it holds; an invisible character can make two different values look
//! the same. Printers show each as `<U+XXXX>`; the loader refuses them in
//! values (see [`crate::load`]).

use std::borrow::Cow;
use std::ops::Range;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Whether a printer must escape `c`: every character [`refusal`] refuses
/// in a value of several lines (a control character, a direction control,
/// an invisible one: a format character, a line or paragraph separator, a
/// filler letter, the combining grapheme joiner) but tab and line feed,
/// which every output shows as themselves (a carriage return is handled by
/// [`visible`]). One rule for what is refused and what is escaped, so a
/// character subreg refuses is never printed raw in the finding about it.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control() && c != '\t' && c != '\n';
    }
    class(c).is_some()
}

/// Whether `c` is refused anywhere in a registry value or file: a control
/// character other than tab, line feed and carriage return, or a
/// bidirectional embedding, override or isolate (U+202A-U+202E,
/// U+2066-U+2069), which reorder the text around them.
#[must_use]
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// Whether `c` at byte `at` of a file's text may not stand there raw,
/// wherever it is (a value, a comment, a template's tag): what
/// [`is_forbidden`] refuses, and a byte order mark after the start (two
/// files joined together). Registry files and templates share this rule.
#[must_use]
pub fn is_forbidden_raw(at: usize, c: char) -> bool {
    is_forbidden(c) || (c == '\u{feff}' && at > 0)
}

/// Whether `c` shows as nothing or as blank space: white space and the
/// invisible format characters (zero-width space, joiners, word joiner,
/// byte order mark, direction marks, ...). A value made only of these is
/// blank.
#[must_use]
pub fn is_blank(c: char) -> bool {
    if c.is_whitespace() {
        return true;
    }
    if let Some(known) = below_arabic(c) {
        return known && !c.is_control();
    }
    get_general_category(c) == GeneralCategory::Format
}

/// Below U+0600 the only control, format or separator characters are C0,
/// DEL, C1 and U+00AD SOFT HYPHEN: whether `c` is one of them, without the
/// table lookup (most text is Latin, Greek or Cyrillic); `None` above.
fn below_arabic(c: char) -> Option<bool> {
    (u32::from(c) < 0x600).then(|| c.is_control() || c == '\u{ad}')
}

/// Whether `c` shows nothing on its own in a published cell: a blank
/// ([`is_blank`]), a filler letter that renders as empty space (the Hangul
/// fillers U+115F, U+1160, U+3164, U+FFA0; the Khmer inherent vowels
/// U+17B4, U+17B5; the blank braille pattern U+2800), or a combining mark
/// (a variation selector, the combining grapheme joiner, an accent with no
/// letter to sit on). A value of only such characters publishes an empty
/// cell; inside a value they are ordinary text.
#[must_use]
pub fn shows_nothing(c: char) -> bool {
    is_blank(c)
        || is_filler(c)
        || matches!(
            get_general_category(c),
            GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
        )
}

/// Why a character may not stand inside a registry value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A control character ([`is_forbidden`]).
    Control,
    /// A bidirectional embedding, override or isolate, or a direction mark
    /// (U+200E, U+200F, U+061C).
    Direction,
    /// A character that shows nothing: a format character (general
    /// category Cf), a line or paragraph separator (Zl, Zp), a filler
    /// letter or the combining grapheme joiner.
    Invisible,
    /// A tab in a value without a line break.
    Tab,
    /// A noncharacter (U+FDD0..U+FDEF, and the last two code points of
    /// every plane, U+FFFE and U+FFFF included): Unicode reserves them for
    /// a program's own use, and XML 1.0 (an Atom feed) may not hold them.
    Noncharacter,
}

/// The first character of `text` that a registry value may not hold, with
/// its index among the value's characters and why.
///
/// The rule, from Unicode's general categories: no control character (Cc)
/// but line feed and carriage return (and tab only in a value of several
/// lines), no format character (Cf), no line or paragraph separator (Zl,
/// Zp), no filler letter (U+115F, U+1160, U+3164, U+FFA0, U+17B4, U+17B5,
/// U+2800) and no combining grapheme joiner (U+034F). Names legitimately
/// use two format characters, so they are allowed where they do work:
/// U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER between two
/// letters or marks of a script that joins (Arabic, Syriac, N'Ko, the
/// Indic scripts, Tibetan, Myanmar, Khmer, Mongolian), and U+200D between
/// two emoji.
#[must_use]
pub fn refused_in_value(text: &str) -> Option<(usize, char, Refusal)> {
    let several_lines = text.contains(['\n', '\r']);
    let (at, c, why) = refused_chars(text, several_lines).next()?;
    Some((text[..at].chars().count(), c, why))
}

/// Every character of `text` that published text may not hold, in order,
/// each with its byte offset and why: the rule of [`refused_in_value`],
/// with a tab allowed when `tab_allowed` (text of several lines, such as a
/// template's). A joiner is judged by the characters on either side of it
/// in `text`.
pub fn refused_chars(
    text: &str,
    tab_allowed: bool,
) -> impl Iterator<Item = (usize, char, Refusal)> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut before = None;
    std::iter::from_fn(move || {
        loop {
            let (at, c) = chars.next()?;
            let after = chars.peek().map(|&(_, c)| c);
            let previous = before.replace(c);
            if let Some(why) = refusal(c, !tab_allowed)
                && !joins(c, previous, after)
            {
                return Some((at, c, why));
            }
        }
    })
}

/// Why `c` may not stand in a value (`one_line`: a value without a line
/// break, where a tab is refused too); `None` when it may.
fn refusal(c: char, one_line: bool) -> Option<Refusal> {
    match c {
        '\n' | '\r' => None,
        '\t' => one_line.then_some(Refusal::Tab),
        _ => class(c),
    }
}

/// What kind of character `c` is among those that must not reach a reader
/// raw (tab and line breaks are controls here; [`refusal`] and
/// [`is_hidden`] say where they are allowed); `None` for ordinary text.
fn class(c: char) -> Option<Refusal> {
    let code = u32::from(c);
    if (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE {
        return Some(Refusal::Noncharacter);
    }
    match c {
        '\u{200e}' | '\u{200f}' | '\u{61c}' => Some(Refusal::Direction),
        _ if is_bidi_control(c) => Some(Refusal::Direction),
        _ if c.is_control() => Some(Refusal::Control),
        _ if is_filler(c) || c == '\u{34f}' || is_other_ignorable(c) => Some(Refusal::Invisible),
        _ if u32::from(c) < 0x600 => (c == '\u{ad}').then_some(Refusal::Invisible),
        _ => matches!(
            get_general_category(c),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
        .then_some(Refusal::Invisible),
    }
}

/// The letters that render as empty space: the Hangul fillers U+115F,
/// U+1160, U+3164, U+FFA0, the Khmer inherent vowels U+17B4, U+17B5 and
/// the blank braille pattern U+2800.
fn is_filler(c: char) -> bool {
    matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{17B4}' | '\u{17B5}' | '\u{2800}'
    )
}

/// Whether a joiner `c` does its work between `before` and `after`.
fn joins(c: char, before: Option<char>, after: Option<char>) -> bool {
    if is_variation_selector(c) {
        // A selector varies the character before it (an emoji's
        // presentation, an ideographic variant, a Mongolian letter's form);
        // alone, after a space or after another mark it shows nothing.
        return before.is_some_and(|b| match u32::from(c) {
            // Mongolian letters take the free variation selectors.
            0x180B..=0x180F => (0x1820..=0x18AF).contains(&u32::from(b)),
            // Han ideographs take ideographic variation sequences; symbols,
            // digits and emoji take the text and emoji presentation ones.
            _ => {
                matches!(u32::from(b), 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
                    || matches!(
                        get_general_category(b),
                        GeneralCategory::DecimalNumber
                            | GeneralCategory::OtherSymbol
                            | GeneralCategory::MathSymbol
                    )
                    || matches!(b, '#' | '*')
            }
        });
    }
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    let letter_of_joining_script = |x: char| {
        is_joining_script(x)
            && matches!(
                get_general_category(x),
                GeneralCategory::UppercaseLetter
                    | GeneralCategory::LowercaseLetter
                    | GeneralCategory::OtherLetter
                    | GeneralCategory::ModifierLetter
                    | GeneralCategory::NonspacingMark
                    | GeneralCategory::SpacingMark
            )
    };
    let emoji = |x: char| {
        x == '\u{fe0f}'
            || (u32::from(x) >= 0x2300
                && matches!(
                    get_general_category(x),
                    GeneralCategory::OtherSymbol | GeneralCategory::ModifierSymbol
                ))
    };
    match c {
        '\u{200c}' => letter_of_joining_script(before) && letter_of_joining_script(after),
        '\u{200d}' => {
            (letter_of_joining_script(before) && letter_of_joining_script(after))
                || (emoji(before) && emoji(after) && after != '\u{fe0f}')
        }
        _ => false,
    }
}

/// Variation selectors: U+FE00-U+FE0F, U+E0100-U+E01EF, and the Mongolian
/// free variation selectors U+180B-U+180D, U+180F.
fn is_variation_selector(c: char) -> bool {
    matches!(u32::from(c), 0x180B..=0x180D | 0x180F | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// The Unicode Default_Ignorable_Code_Point characters that are neither
/// format characters nor fillers: the variation selectors and the code
/// points reserved as ignorable (U+2065, U+FFF0-U+FFF8, U+E0000-U+E0FFF
/// outside the tags). They show nothing.
fn is_other_ignorable(c: char) -> bool {
    is_variation_selector(c) || matches!(u32::from(c), 0x2065 | 0xFFF0..=0xFFF8 | 0xE0000..=0xE0FFF)
}

/// Scripts whose spelling uses the zero-width joiners.
fn is_joining_script(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0600..=0x08FF     // Arabic, Syriac, Thaana, N'Ko, Arabic supplements
            | 0x0900..=0x0DFF // Devanagari to Sinhala
            | 0x0F00..=0x0FFF // Tibetan
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x18AF // Khmer, Mongolian
            | 0xA8E0..=0xA8FF // Devanagari extended
            | 0xFB50..=0xFDFF // Arabic presentation forms A
            | 0xFE70..=0xFEFE // Arabic presentation forms B
    )
}

/// `text` with every [`is_hidden`] character, and a carriage return not
/// followed by a line feed, written as `<U+XXXX>`. Borrowed when nothing
/// needs escaping, the usual case.
#[must_use]
pub fn visible(text: &str) -> Cow<'_, str> {
    let needs = |(i, c): (usize, char)| {
        if c == '\r' {
            !text[i + 1..].starts_with('\n')
        } else {
            is_hidden(c)
        }
    };
    if !text.char_indices().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if needs((i, c)) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`], and a tab too, written `<U+0009>`: for outputs read line
/// by line or as one line (workflow commands, diffs, clap's messages),
/// where a tab from data would shift or split what follows.
#[must_use]
pub fn visible_one_line(text: &str) -> Cow<'_, str> {
    match visible(text) {
        Cow::Borrowed(text) if !text.contains('\t') => Cow::Borrowed(text),
        shown => Cow::Owned(shown.replace('\t', &escaped('\t'))),
    }
}

/// A name shown in one line of output (a file name in a message, a diff
/// header, an `updated` line): [`visible_one_line`], and line breaks too,
/// written `<U+000A>`, so a name cannot start a line of its own in a CI log
/// (`::error ...` in GitHub Actions).
#[must_use]
pub fn visible_name(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return visible_one_line(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() || is_hidden(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `path` as written, through [`visible_name`]: for messages that name a
/// path as the user gave it.
#[must_use]
pub fn shown_path(path: &std::path::Path) -> String {
    visible_name(&path.display().to_string()).into_owned()
}

/// A file's text as a printer shows it, with a way between byte offsets
/// of the original and of the shown text, so that a caret still points at
/// what it pointed at and columns stay those of the original.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The text with every hidden character escaped, a byte order mark at
    /// the very start too: it is no column ([`super::Files`] counts columns
    /// in the original), but printed raw it is bytes a terminal hides.
    pub text: String,
    /// Each escaped character: its bytes in the original and in the shown
    /// text, in offset order.
    shifts: Vec<(Range<usize>, Range<usize>)>,
}

impl Shown {
    /// The escaped form of `text`, or `None` when it needs none.
    #[must_use]
    pub fn of(text: &str) -> Option<Self> {
        let needs = |i: usize, c: char| match c {
            '\r' => !text[i + 1..].starts_with('\n'),
            _ => is_hidden(c),
        };
        if !text.char_indices().any(|(i, c)| needs(i, c)) {
            return None;
        }
        let mut shown = String::with_capacity(text.len() + 16);
        let mut shifts = Vec::new();
        for (i, c) in text.char_indices() {
            if needs(i, c) {
                let start = shown.len();
                shown.push_str(&escaped(c));
                shifts.push((i..i + c.len_utf8(), start..shown.len()));
            } else {
                shown.push(c);
            }
        }
        Some(Self {
            text: shown,
            shifts,
        })
    }

    /// Where byte `offset` of the original is in the shown text: an offset
    /// at an escaped character is the start of its escape, one after it the
    /// end.
    #[must_use]
    pub fn offset(&self, offset: usize) -> usize {
        self.map(offset, true)
    }

    /// The inverse of [`Shown::offset`]: where byte `offset` of the shown
    /// text is in the original (inside an escape: its character's start).
    #[must_use]
    pub fn original(&self, offset: usize) -> usize {
        self.map(offset, false)
    }

    /// Maps `offset` from one side of the shifts to the other: from the
    /// original when `from_original`, else from the shown text.
    fn map(&self, offset: usize, from_original: bool) -> usize {
        let pick = |shift: &(Range<usize>, Range<usize>)| {
            if from_original {
                (shift.0.clone(), shift.1.clone())
            } else {
                (shift.1.clone(), shift.0.clone())
            }
        };
        let before = self
            .shifts
            .partition_point(|shift| pick(shift).0.start < offset);
        match before.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => offset,
            Some(shift) => {
                let (from, to) = pick(shift);
                if offset >= from.end {
                    to.end + (offset - from.end)
                } else {
                    to.start
                }
            }
        }
    }
}

/// A character quoted in a message: `` `é` `` when it shows on its own,
/// else by code point and name (`U+0301 COMBINING ACUTE ACCENT`, `U+200B
/// ZERO WIDTH SPACE`): a lone combining mark would sit on the quote.
#[must_use]
pub fn quoted_char(c: char) -> String {
    let alone = !c.is_whitespace()
        && !is_hidden(c)
        && !shows_nothing(c)
        && get_general_category(c) != GeneralCategory::SpacingMark;
    if alone { format!("`{c}`") } else { describe(c) }
}

/// How [`visible`] writes `c`: `<U+001B>`.
#[must_use]
pub fn escaped(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

/// The code point and, for the characters people meet, the name:
/// `U+0000 NUL`, `U+202E RIGHT-TO-LEFT OVERRIDE`, `U+0085`.
#[must_use]
pub fn describe(c: char) -> String {
    match name(c) {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The character's name: for controls, which Unicode leaves unnamed, and
/// the byte order mark, the alias a reader knows (Unicode NameAliases.txt);
/// else its Unicode name (from `unicode_names2`); `None` for an unassigned
/// code point.
fn name(c: char) -> Option<String> {
    let alias = match c {
        '\0' => "NUL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\t' => "TAB",
        '\n' => "LINE FEED",
        '\u{b}' => "LINE TABULATION (VT)",
        '\u{c}' => "FORM FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{9b}' => "CONTROL SEQUENCE INTRODUCER",
        '\u{feff}' => "BYTE ORDER MARK",
        _ => return unicode_names2::name(c).map(|name| name.to_string()),
    };
    Some(alias.to_owned())
}

#[cfg(test)]
mod tests {

    /// Variation selectors and the reserved ignorable code points show
    /// nothing: refused, except a selector that varies what precedes it
    /// (an emoji, a digit of a keycap, a Han ideograph, a Mongolian letter).
    #[test]
    fn ignorable_code_points_are_refused_unless_they_vary_their_base() {
        let at = |t: &str| refused_in_value(t).map(|(i, c, _)| (i, c));
        assert_eq!(at("Acme\u{fe0f}"), Some((4, '\u{fe0f}')));
        assert_eq!(at("\u{fe00}Acme"), Some((0, '\u{fe00}')));
        assert_eq!(at("Ac\u{e0100}me"), Some((2, '\u{e0100}')));
        assert_eq!(at("Acme \u{180b}"), Some((5, '\u{180b}')));
        assert_eq!(at("A\u{2065}B"), Some((1, '\u{2065}')));
        assert_eq!(at("A\u{fff0}B"), Some((1, '\u{fff0}')));
        assert_eq!(at("A\u{e0090}B"), Some((1, '\u{e0090}')));
        assert_eq!(at("I \u{2764}\u{fe0f} cloud"), None);
        assert_eq!(at("1\u{fe0f}\u{20e3}"), None);
        assert_eq!(at("\u{845b}\u{e0100}"), None);
        assert_eq!(at("\u{1820}\u{180b}"), None);
        assert!(is_hidden('\u{fe0f}') && is_hidden('\u{e0100}') && is_hidden('\u{2065}'));
    }

    use super::*;

    #[test]
    fn escapes_controls_bidi_and_invisibles_and_keeps_the_rest() {
        assert_eq!(
            visible("a\u{1b}[31mb\u{202e}c\u{200b}d\0e\u{85}f\u{2028}"),
            "a<U+001B>[31mb<U+202E>c<U+200B>d<U+0000>e<U+0085>f<U+2028>"
        );
        assert!(matches!(visible("Café\tx\r\ny\n"), Cow::Borrowed(_)));
        assert_eq!(visible("a\rb\r\n"), "a<U+000D>b\r\n");
        assert_eq!(visible("\r"), "<U+000D>");
    }

    #[test]
    fn printers_escape_exactly_what_values_refuse() {
        // Fillers and the combining grapheme joiner show nothing: refused in
        // values, so escaped wherever they are printed.
        assert_eq!(
            visible("a\u{3164}b\u{115f}\u{1160}\u{ffa0}\u{17b4}\u{17b5}\u{2800}\u{34f}c"),
            "a<U+3164>b<U+115F><U+1160><U+FFA0><U+17B4><U+17B5><U+2800><U+034F>c"
        );
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let refused = refusal(c, false).is_some() || c == '\r';
            assert_eq!(is_hidden(c), refused, "{}", describe(c));
        }
        assert_eq!(quoted_char('\u{3164}'), "U+3164 HANGUL FILLER");
    }

    #[test]
    fn shown_text_maps_offsets_both_ways() {
        assert!(Shown::of("a = 1\r\n").is_none());
        let leading = Shown::of("\u{feff}a = 1\r\n").map(|s| (s.text.clone(), s.original(8)));
        assert_eq!(leading, Some(("<U+FEFF>a = 1\r\n".to_owned(), 3)));
        let Some(shown) = Shown::of("a\0b\u{202e}c") else {
            panic!("nothing escaped");
        };
        // a<U+0000>b<U+202E>c: the NUL at 1 becomes 1..9, `b` is at 9, the
        // override at 3..6 becomes 10..18, `c` at 18.
        assert_eq!(shown.text, "a<U+0000>b<U+202E>c");
        let forward: Vec<usize> = [0, 1, 2, 3, 6, 7].map(|o| shown.offset(o)).to_vec();
        assert_eq!(forward, [0, 1, 9, 10, 18, 19]);
        let back: Vec<usize> = [0, 1, 5, 9, 10, 12, 18, 19]
            .map(|o| shown.original(o))
            .to_vec();
        assert_eq!(back, [0, 1, 1, 2, 3, 3, 6, 7]);
    }

    #[test]
    fn classifies_what_values_may_hold() {
        for c in [
            '\0', '\u{1b}', '\u{b}', '\u{c}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            assert!(is_forbidden(c), "{}", describe(c));
        }
        for c in ['\t', '\n', '\r', 'é', '\u{200b}', '\u{200e}', '\u{feff}'] {
            assert!(!is_forbidden(c), "{}", describe(c));
        }
        for c in [
            ' ', '\u{a0}', '\u{3000}', '\u{200b}', '\u{2060}', '\u{feff}', '\u{61c}',
        ] {
            assert!(is_blank(c), "{}", describe(c));
        }
        assert!(!is_blank('a') && !is_blank('\0') && is_blank('\u{ad}'));
        for c in '\0'..='\u{5ff}' {
            let category = get_general_category(c);
            let hidden = (matches!(category, GeneralCategory::Control | GeneralCategory::Format)
                || c == '\u{34f}')
                && c != '\t'
                && c != '\n';
            assert_eq!(is_hidden(c), hidden, "{}", describe(c));
        }
        assert_eq!(describe('\0'), "U+0000 NUL");
        assert_eq!(describe('\u{9b}'), "U+009B CONTROL SEQUENCE INTRODUCER");
        assert_eq!(describe('\u{feff}'), "U+FEFF BYTE ORDER MARK");
        // Every assigned character is named, not only the refused ones.
        assert_eq!(describe('\u{e9}'), "U+00E9 LATIN SMALL LETTER E WITH ACUTE");
        assert_eq!(describe('\u{3164}'), "U+3164 HANGUL FILLER");
        assert_eq!(describe('\u{10ffff}'), "U+10FFFF");
        assert_eq!(describe('\u{e0001}'), "U+E0001 LANGUAGE TAG");
        assert_eq!(describe('\u{e0067}'), "U+E0067 TAG LATIN SMALL LETTER G");
        assert_eq!(describe('\u{301}'), "U+0301 COMBINING ACUTE ACCENT");
        assert_eq!(quoted_char('\u{301}'), "U+0301 COMBINING ACUTE ACCENT");
        assert_eq!(quoted_char('é'), "`é`");
        assert_eq!(quoted_char('\u{a0}'), "U+00A0 NO-BREAK SPACE");
    }

    #[test]
    fn values_refuse_every_invisible_character_but_joiners_at_work() {
        let refused = |text: &str| refused_in_value(text).map(|(i, c, why)| (i, describe(c), why));
        for c in [
            '\u{200b}',
            '\u{200d}',
            '\u{feff}',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{ad}',
            '\u{3164}',
            '\u{2061}',
            '\u{2064}',
            '\u{180e}',
            '\u{34f}',
            '\u{e0041}',
            '\u{fff9}',
            '\u{fffb}',
            '\u{1d173}',
            '\u{1d17a}',
            '\u{2028}',
            '\u{2029}',
            '\t',
            '\u{200c}',
        ] {
            let text = format!("Data{c}hosting");
            assert!(
                refused(&text).is_some_and(|(i, ..)| i == 4),
                "{}",
                describe(c)
            );
        }
        assert_eq!(
            refused("ab\u{200b}"),
            Some((2, "U+200B ZERO WIDTH SPACE".to_owned(), Refusal::Invisible))
        );
        assert_eq!(refused("a\tb").map(|r| r.2), Some(Refusal::Tab));
        assert_eq!(refused("a\u{200f}b").map(|r| r.2), Some(Refusal::Direction));
        // Joiners where a script or an emoji sequence needs them.
        for text in [
            "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}", // Persian می‌خواهم
            "\u{915}\u{94d}\u{200d}\u{937}",                             // Devanagari
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",               // family
            "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}",                        // rainbow flag
            "Line one\n\tindented\r\n",
            "Café Ünïcödé 東京 Ελλάδα",
        ] {
            assert_eq!(refused(text), None, "{text}");
        }
        assert!(refused("\u{200d}\u{1f469}").is_some());
        assert!(refused("\u{1f468}\u{200d}").is_some());
    }
}
