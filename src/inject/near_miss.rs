//! Lines that look like a marker but are not one: said at their own line,
//! with what differs, rather than a document with "no marker region" or an
//! end marker blamed for a begin marker that was misspelt.
//!
//! One comparison serves every kind of near miss: the line is normalised
//! (look-alike characters mapped to the ASCII the marker grammar uses,
//! invisible characters set aside, case folded), searched for
//! `<!`, dashes, a word within two edits of `subreg`, an optional colon and
//! `begin` or `end`, and then compared with the marker grammar part by
//! part: what stands before it on the line, invisible characters, look-alike
//! characters, the opener, the word, the colon, the case, the closing.

use std::ops::Range;

use super::MarkerErrorKind;
use super::markers::{Directive, parse_marker};
use crate::diag::visible::{describe, is_hidden};

/// A line that a reader takes for a marker and subreg does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NearMiss {
    /// Which marker it was meant as.
    pub(super) directive: Directive,
    /// Byte range in the line body: from the `<` (or an invisible character
    /// before it) to the end of the line.
    pub(super) range: Range<usize>,
    /// What differs from a marker, in the order a reader meets it.
    pub(super) differences: Vec<Difference>,
    /// Reported only when the document's markers need it (its partner is
    /// alone, or the document has no marker at all), so a documented
    /// example stays quiet: indented as a Markdown code block, HTML-escaped
    /// (a page that shows a marker), or prose in a comment that starts like
    /// one (`<!-- subreg:end of the list -->`).
    pub(super) quiet: bool,
    /// The `template` the marker it was meant as names, when it names a
    /// valid one: the documents tell it too when no template has that name.
    pub(super) template: Option<String>,
}

impl NearMiss {
    /// What differs, in words, each part with its fix.
    pub(super) fn what(&self) -> String {
        let right = match self.directive {
            Directive::Begin => "subreg:begin",
            Directive::End => "subreg:end",
        };
        let mut parts: Vec<String> = Vec::new();
        for words in self.differences.iter().map(|d| d.words(right)) {
            // `**` on both sides is said once.
            if !parts.contains(&words) {
                parts.push(words);
            }
        }
        parts.join("; also, ")
    }
}

/// One way a near miss differs from a marker. [`Difference::words`] is the
/// only place that holds their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Difference {
    /// The document ends lines with a lone CR; the line an editor shows.
    LoneCr { editor_line: usize },
    /// Indented by this many spaces (`None`: a tab).
    Indented(Option<usize>),
    /// After a block quote or list item prefix, e.g. `> ` or `- `.
    Container { prefix: String, quote: bool },
    /// Other text before it on the line.
    TextBefore(String),
    /// An invisible character before `<`.
    InvisibleBefore(char),
    /// An invisible character inside the opener (`true`) or further on.
    InvisibleInside { c: char, in_opener: bool },
    /// A combining mark (an accent) on a letter of the marker.
    Mark(char),
    /// A character that looks like the one the grammar wants.
    Lookalike { found: char, meant: char },
    /// A blank other than a space or tab (U+00A0, U+3000, ...).
    OddBlank(char),
    /// Other text after it on the line: only HTML tags (`</div>`).
    TextAfter(String),
    /// `subreg` and its directive separated by other punctuation than `:`.
    Separator(String),
    /// The opener, written otherwise than `<!--` (empty: none at all).
    Opener(String),
    /// Written with HTML character references (`&lt;`, `&#45;`), as a
    /// page shows a marker: these, in the order written.
    Escaped(Vec<String>),
    /// Words after the directive, which make the line a comment.
    Prose(String),
    /// The word, misspelt.
    Misspelt(String),
    /// `subreg` and its directive with no colon between them.
    NoColon(String),
    /// A blank before or after the colon.
    BlankAroundColon(String),
    /// A directive that is neither `begin` nor `end` but reads as one of
    /// them (`NED`, `STOP`, `Ende`), as written.
    Directive(String),
    /// Not lower case.
    Case(String),
    /// What the line would still lack once its marker is written right
    /// (an attribute without a value, an end marker's attribute, a begin
    /// marker naming no template), in the words a marker line is told.
    Remains(Vec<String>),
    /// The closing, written otherwise than `-->`.
    Closing(String),
    /// Nothing more specific found.
    Exactly,
}

impl Difference {
    fn words(&self, right: &str) -> String {
        match self {
            Self::LoneCr { editor_line } => format!(
                "this document ends its lines with a lone CR (U+000D CARRIAGE RETURN), which \
                 subreg does not read as a line end, so the marker (line {editor_line} in an \
                 editor) is not on a line of its own; convert the line ends to LF or CRLF"
            ),
            Self::Indented(Some(spaces)) => format!(
                "it is indented by {spaces} spaces, which Markdown reads as a code block, so it \
                 is not read as a marker; indent it by at most 3 spaces"
            ),
            Self::Indented(None) => "it is indented by a tab, which Markdown reads as a code \
                 block, so it is not read as a marker; indent it by at most 3 spaces"
                .to_owned(),
            Self::Container { prefix, quote } => format!(
                "it is inside a {} (`{prefix}`), where subreg does not read markers; remove \
                 `{prefix}` so that the marker starts its line",
                if *quote { "block quote" } else { "list item" }
            ),
            // Emphasis markup around it adds nothing to move: it goes.
            Self::TextBefore(text) | Self::TextAfter(text) if is_emphasis(text) => format!(
                "it is wrapped in `{text}` (emphasis), and a marker must be a line of its own; \
                 remove `{text}`"
            ),
            Self::TextBefore(text) => format!(
                "it follows `{text}` on the same line, and a marker must be a line of its own; \
                 move `{text}` to the line above"
            ),
            Self::InvisibleBefore(c) => format!(
                "it starts with {}, an invisible character; delete it",
                describe(*c)
            ),
            Self::InvisibleInside { c, in_opener } => format!(
                "{} holds {}, an invisible character; delete it",
                if *in_opener { "`<!--`" } else { "the marker" },
                describe(*c)
            ),
            Self::Mark(c) => format!(
                "a letter of the marker carries {}; delete the accent",
                describe(*c)
            ),
            Self::OddBlank(c) => format!(
                "it holds {} where a plain space belongs; write a space (U+0020)",
                name(*c)
            ),
            Self::TextAfter(text) => format!(
                "it is followed by `{text}` on the same line; move `{text}` to the line below"
            ),
            Self::Separator(written) => {
                format!("`{written}` does not have a colon between its words; write `{right}`")
            }
            Self::Lookalike { found, meant: '-' } => format!(
                "the dashes are {}, not `-` (U+002D HYPHEN-MINUS); write `--`",
                name(*found)
            ),
            Self::Lookalike { found, meant } => format!(
                "`{found}` is {}, which looks like `{meant}`; write `{meant}`",
                name(*found)
            ),
            Self::Opener(opener) if opener.is_empty() => {
                format!("it has no `<!--` before `{right}`; write `<!-- {right}`")
            }
            Self::Opener(opener) => {
                format!("it opens with `{opener}`, not `<!--`; write `<!-- {right}`")
            }
            Self::Escaped(references) => format!(
                "it is HTML-escaped ({}), so it shows as a marker but is none; write the \
                 characters themselves (`<`, `>`, `-`) in the document's source",
                references
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Prose(words) => format!(
                "`{words}` follows `{right}`, so subreg reads the line as a comment, not a \
                 marker; {}, alone on its line: move the words to a comment of their own",
                if right.ends_with("begin") {
                    format!("write `<!-- {right} template=NAME -->`")
                } else {
                    format!("write `<!-- {right} -->`")
                }
            ),
            Self::Misspelt(word) => format!("`{word}` is misspelt; write `subreg`"),
            Self::NoColon(written) => format!("`{written}` has no colon; write `{right}`"),
            Self::BlankAroundColon(written) => {
                format!("`{written}` has a blank around the colon; write `{right}`")
            }
            Self::Directive(word) => format!(
                "`{word}` is no directive of subreg; write `{}`",
                right.rsplit(':').next().unwrap_or(right)
            ),
            Self::Case(written) => format!("`{written}` is not lower case; write `{right}`"),
            Self::Remains(words) => words.join("; also, "),
            Self::Closing(close) => closing_words(close),
            Self::Exactly => format!("write `<!-- {right} ... -->` exactly"),
        }
    }
}

/// What a closing written otherwise than `-->` is told: the one place of
/// these words, for near misses and for marker lines alike.
pub(super) fn closing_words(close: &str) -> String {
    let named = named_characters(close);
    if close.contains([' ', '\t']) {
        format!("it closes with `{close}`{named}, not `-->`; write `-->` without blanks")
    } else {
        format!("it closes with `{close}`{named}, not `-->`; write `-->`")
    }
}

/// The closing a reader means as `-->` at the end of `rest` when `rest`
/// holds no `-->`: a `>` (or a look-alike of it) ending the line, with the
/// run of dashes (look-alike ones included: `‐‐>`, `—>`), blanks and `!`
/// before it (`--!>`, `->`, `--  >`, `- ->`, ` >`, `!>`, or none:
/// `subreg:end>`). The byte range of that run in `rest`, blanks before it
/// left out.
pub(super) fn meant_closing(rest: &str) -> Option<Range<usize>> {
    let gt = rest.trim_end_matches([' ', '\t']);
    let end = gt.len();
    let body = gt.strip_suffix(|c: char| fold(c) == '>')?;
    let in_run = |c: char| matches!(c, '!' | ' ' | '\t') || fold(c) == '-';
    let start = body.trim_end_matches(in_run).len();
    let start = start + (body[start..].len() - body[start..].trim_start_matches([' ', '\t']).len());
    Some(start..end)
}

/// The blanks of `text` other than space and tab (U+00A0, U+2001, U+3000,
/// ...: every `Zs` the marker grammar reads as a space), said as a
/// near miss is: the offset of the first, and what differs, each blank
/// named once.
pub(super) fn odd_blanks(text: &str) -> Option<(usize, String)> {
    let mut first = None;
    let mut parts: Vec<String> = Vec::new();
    for (at, c) in text.char_indices().filter(|&(_, c)| is_odd_blank(c)) {
        first.get_or_insert(at);
        let words = Difference::OddBlank(c).words("");
        if !parts.contains(&words) {
            parts.push(words);
        }
    }
    Some((first?, parts.join("; also, ")))
}

/// Whether `c` is a blank the marker grammar reads as a space but is no
/// space (U+00A0, U+2001, U+3000: general category `Zs`).
pub(super) fn is_odd_blank(c: char) -> bool {
    c != ' ' && fold(c) == ' '
}

/// The characters of a marker's word outside ASCII, each named, for the
/// message about an unknown directive: `` (`ν` is U+03BD GREEK SMALL
/// LETTER NU) ``; empty when the word is ASCII.
pub(super) fn named_characters(word: &str) -> String {
    let mut named: Vec<String> = Vec::new();
    for c in word.chars().filter(|c| !c.is_ascii()) {
        let quoted = crate::diag::visible::quoted_char(c);
        let words = if quoted.starts_with('`') {
            format!("{quoted} is {}", name(c))
        } else {
            name(c)
        };
        if !named.contains(&words) {
            named.push(words);
        }
    }
    if named.is_empty() {
        String::new()
    } else {
        format!(" ({})", named.join(", "))
    }
}

/// The directive a marker line with an unknown word (`subreg:ned`,
/// `subreg:\u{03B5}nd`) was meant as, when the word, its look-alike
/// characters mapped, is within reach of `begin` or `end`.
pub(super) fn meant_directive(word: &str) -> Option<Directive> {
    let word: String = word.chars().map(|c| fold(c).to_ascii_lowercase()).collect();
    let begin = strsim::damerau_levenshtein(&word, "begin");
    let end = strsim::damerau_levenshtein(&word, "end");
    if end <= 1 && end < begin {
        Some(Directive::End)
    } else if begin <= 2 && begin < end {
        Some(Directive::Begin)
    } else {
        None
    }
}

/// Whether `word`, its invisible characters and accents set aside and its
/// look-alike characters mapped, is `begin` or `end` in any case
/// (`\u{435}nd`, `e\u{200B}nd`, `\u{c9}ND`).
pub(super) fn reads_as_directive(word: &str) -> bool {
    let folded: String = word
        .chars()
        .filter(|&c| !is_invisible(c) && !is_mark(c))
        .map(|c| fold(c).to_ascii_lowercase())
        .collect();
    folded == "begin" || folded == "end"
}

/// Whether `rest`, what follows a marker's word up to the line's end,
/// starts with words rather than an attribute (`name=value`) or the
/// closing: `legal reviewed 2024 -->`.
pub(super) fn words_follow(rest: &str) -> bool {
    let inner = rest.split("-->").next().unwrap_or(rest);
    prose_starts(rest, inner) && !inner.trim_start().contains('=')
}

/// Whether `rest` starts with a blank and `inner` (its part before the
/// comment's closing) with a word of prose: letters, no `=`.
pub(super) fn prose_starts(rest: &str, inner: &str) -> bool {
    rest.starts_with(char::is_whitespace)
        && inner
            .split_whitespace()
            .next()
            .is_some_and(|w| w.starts_with(char::is_alphabetic) && !w.contains('='))
}

/// For a directive word written with look-alike characters
/// (`subreg:\u{0435}nd`): what differs, in words, when mapping them gives
/// `begin` or `end`.
pub(super) fn lookalike_directive(word: &str) -> Option<String> {
    let folded: String = word.chars().map(fold).collect();
    let right = match folded.as_str() {
        "begin" => "subreg:begin",
        "end" => "subreg:end",
        _ => return None,
    };
    let mut parts: Vec<String> = Vec::new();
    for c in word.chars().filter(|&c| fold(c) != c) {
        let words = Difference::Lookalike {
            found: c,
            meant: fold(c),
        }
        .words(right);
        if !parts.contains(&words) {
            parts.push(words);
        }
    }
    Some(parts.join("; also, "))
}

/// Checks a line that did not parse as a marker. Prose that mentions a
/// marker mid-line (text on both sides, or inside backticks) is never one.
#[must_use]
pub(super) fn near_miss(body: &str) -> Option<NearMiss> {
    near_miss_within(body, 2)
}

/// [`near_miss`], decoding HTML character references at most `decodes`
/// times more (a page escaped twice shows `&amp;lt;`).
fn near_miss_within(body: &str, decodes: u8) -> Option<NearMiss> {
    // A line that writes the marker's punctuation as character references
    // is judged as a reader sees it: decoded.
    if decodes > 0
        && let Some(decoded) = escaped(body, decodes - 1)
    {
        return decoded;
    }
    // Every candidate holds `!` (or a look-alike of it, or the `?` written
    // for it), or ends like a closing (`subreg:end -->`, its opener
    // missing): most lines stop here.
    if !body.contains(['!', '?', '\u{FF01}', '\u{01C3}', '\u{FE57}', '\u{FE15}'])
        && !body.contains("<--")
        && !body.trim_end().ends_with('>')
    {
        return None;
    }
    let chars = normalise(body);
    let seen: Vec<&Ch> = chars.iter().filter(|c| !c.invisible).collect();
    let found = (0..seen.len()).find_map(|i| candidate(&seen, i))?;
    let lt = seen[found.lt].at;
    let prefix = body.get(..lt).unwrap_or("");
    let prefix_text = prefix;
    let mut differences = Vec::new();
    let mut code = false;
    let mut start = lt;

    // What stands before the `<` on the line.
    let shown: String = prefix.chars().filter(|&c| !is_invisible(c)).collect();
    let first_invisible = chars
        .iter()
        .find(|c| c.invisible && c.at < lt)
        .map(|c| (c.at, c.orig));
    // A blank other than space or tab before the `<`: the line stops
    // being a marker at the first one, where the caret goes.
    let mut odd_before = None;
    for (at, c) in prefix
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace() && c != ' ' && c != '\t' && !is_invisible(c))
    {
        odd_before.get_or_insert(at);
        let d = Difference::OddBlank(c);
        if !differences.contains(&d) {
            differences.push(d);
        }
    }
    if shown.chars().all(char::is_whitespace) {
        let spaces = shown.chars().take_while(|&c| c == ' ').count();
        if shown.starts_with('\t') || shown[spaces..].starts_with('\t') {
            differences.push(Difference::Indented(None));
            code = true;
        } else if spaces > 3 {
            differences.push(Difference::Indented(Some(spaces)));
            code = true;
        }
    } else if let Some((prefix, quote)) = container(&shown) {
        differences.push(Difference::Container { prefix, quote });
        start = lead(prefix_text);
    } else {
        // Inline code, or a marker quoted in the middle of a sentence;
        // HTML tags around it (`<div>...</div>`) are no sentence.
        let after = text_after(&seen, found.end);
        if shown.matches('`').count() % 2 == 1
            || after.as_deref().is_some_and(|a| !only_tags(a))
            || (after.is_some() && !only_tags(shown.trim()))
        {
            return None;
        }
        differences.push(Difference::TextBefore(shown.trim().to_owned()));
        start = lead(prefix_text);
    }
    let after = text_after(&seen, found.end).filter(|a| only_tags(a));
    // The fault begins where the line stops being a marker: at the text or
    // prefix before it (after the blanks a marker may have), or at an
    // invisible character, whichever comes first.
    if let Some((at, c)) = first_invisible
        && !code
    {
        differences.push(Difference::InvisibleBefore(c));
        start = start.min(at);
    }
    if let Some(at) = odd_before
        && !code
    {
        start = start.min(at);
    }
    // Nothing wrong before the `<`: the caret goes to the first character
    // inside that is not the marker's (an odd blank, an invisible or a
    // look-alike character), when the line's first difference is one.
    let clean_before = differences.is_empty();

    // Inside the marker.
    let word_at = seen[found.word.start].at;
    for c in chars.iter().filter(|c| c.invisible && c.at > lt) {
        let in_opener = c.at < word_at;
        let d = if is_mark(c.orig) {
            Difference::Mark(c.orig)
        } else {
            Difference::InvisibleInside {
                c: c.orig,
                in_opener,
            }
        };
        if !differences.contains(&d) {
            differences.push(d);
        }
    }
    // Look-alikes are the marker's own: in words of prose after it (a
    // Cyrillic `б` is no `6` there) they are no difference.
    let grammar_end = if found.words { found.end } else { seen.len() };
    for c in seen[found.lt..grammar_end]
        .iter()
        .filter(|c| c.orig != c.norm)
    {
        let d = if c.norm == ' ' {
            Difference::OddBlank(c.orig)
        } else {
            Difference::Lookalike {
                found: c.orig,
                meant: c.norm,
            }
        };
        if !differences.contains(&d) {
            differences.push(d);
        }
    }
    let odd_inside = chars
        .iter()
        .filter(|c| c.at >= lt && (c.invisible || c.orig != c.norm))
        .map(|c| c.at)
        .min();
    if clean_before && let Some(at) = odd_inside {
        start = at;
    }
    // Else at the first part that differs, as each is compared below: the
    // opener (at `<`), the word or its colon, the case, the closing.
    let mut first_part = None;
    let opener = as_meant(&seen[found.lt..found.word.start]);
    if opener.trim_end() != "<!--" {
        let written: String = seen[found.lt..found.word.start]
            .iter()
            .map(|c| c.orig)
            .collect();
        differences.push(Difference::Opener(written.trim_end().to_owned()));
        first_part.get_or_insert(lt);
    }
    let word: String = seen[found.word.clone()].iter().map(|c| c.norm).collect();
    let written: String = seen[found.word.start..found.end]
        .iter()
        .map(|c| c.orig)
        .collect();
    let mapped: String = seen[found.word.start..found.end]
        .iter()
        .map(|c| c.norm)
        .collect();
    let before_word = differences.len();
    let misspelt = !word.eq_ignore_ascii_case("subreg");
    if misspelt {
        let orig: String = seen[found.word.clone()].iter().map(|c| c.orig).collect();
        differences.push(Difference::Misspelt(orig));
    }
    // A misspelt word glued to its directive (`subrgend`) lacks the colon
    // too; otherwise one fault of the word is said at a time.
    let glued = seen[found.word.end..found.end]
        .iter()
        .all(|c| c.norm.is_ascii_alphabetic());
    if !misspelt || glued {
        if found.separator {
            differences.push(Difference::Separator(written.clone()));
        } else if !found.colon {
            differences.push(Difference::NoColon(written.clone()));
        } else if found.blank_around_colon {
            differences.push(Difference::BlankAroundColon(written.clone()));
        }
    }
    if let Some(range) = found.other_directive.clone() {
        let orig: String = seen[range].iter().map(|c| c.orig).collect();
        differences.push(Difference::Directive(orig));
    }
    if mapped != mapped.to_ascii_lowercase() {
        differences.push(Difference::Case(written));
    }
    if differences.len() > before_word {
        first_part.get_or_insert(word_at);
    }
    let rest = &seen[found.end..];
    let rest_end = after.as_ref().map_or(rest.len(), |_| {
        rest.iter()
            .position(|c| c.norm == '>')
            .map_or(rest.len(), |i| i + 1)
    });
    let rest = &rest[..rest_end];
    if let Some(i) = rest.iter().position(|c| c.norm == '-' || c.norm == '>') {
        let close = as_meant(&rest[i..]);
        if !close.starts_with("-->") {
            let orig: String = rest[i..].iter().map(|c| c.orig).collect();
            differences.push(Difference::Closing(orig.trim_end().to_owned()));
            first_part.get_or_insert(rest[i].at);
        }
    }
    let corrected = corrected(found.directive, &seen[found.end..]);
    let closed_otherwise = differences
        .iter()
        .any(|d| matches!(d, Difference::Closing(_)));
    if let Some(after) = after {
        differences.push(Difference::TextAfter(after));
    } else if !found.words && !closed_otherwise {
        // Its attributes, judged as the marker line it was meant as.
        let remains = remains(corrected.as_ref());
        if !remains.is_empty() {
            differences.push(Difference::Remains(remains));
        }
    }
    if found.words {
        differences.push(Difference::Prose(words_after(&seen[found.end..])));
    }
    if differences.is_empty() {
        differences.push(Difference::Exactly);
    }
    if clean_before
        && odd_inside.is_none()
        && let Some(at) = first_part
    {
        start = at;
    }
    Some(NearMiss {
        directive: found.directive,
        range: start..body.len(),
        differences,
        quiet: code || found.words,
        template: corrected
            .filter(|_| !found.words)
            .and_then(|marker| marker.template),
    })
}

/// The marker line written right up to its directive, then `rest` as
/// the grammar reads it: what the line was meant as.
fn corrected(directive: Directive, rest: &[&Ch]) -> Option<super::markers::Marker> {
    let rest: String = rest.iter().map(|c| c.norm).collect();
    let word = match directive {
        Directive::Begin => "begin",
        Directive::End => "end",
    };
    parse_marker(&format!("<!-- subreg:{word}{rest}"))
}

/// What the [`corrected`] marker line would still be told: the errors of
/// its attributes, each in a marker line's words.
fn remains(corrected: Option<&super::markers::Marker>) -> Vec<String> {
    corrected.map_or_else(Vec::new, |marker| {
        marker
            .errors
            .iter()
            .filter(|(kind, _)| !matches!(kind, MarkerErrorKind::NearMiss(_)))
            .map(|(kind, _)| kind.words(None))
            .collect()
    })
}

fn words_after(rest: &[&Ch]) -> String {
    let text: String = rest.iter().map(|c| c.orig).collect();
    let inner = text.split("--").next().unwrap_or(&text);
    let inner = inner.split('>').next().unwrap_or(inner);
    inner
        .trim_start_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .trim_end()
        .to_owned()
}

/// A marker or near miss written with HTML character references
/// (`&lt;!-- subreg:end --&gt;`): a page that shows a marker, or a
/// document an editor escaped. Quiet ([`NearMiss::quiet`]). `None` when
/// the line writes none of the marker's punctuation (`<>!-:=&`) as a
/// reference; else what the decoded line is (prose mid-sentence stays
/// prose).
fn escaped(body: &str, decodes: u8) -> Option<Option<NearMiss>> {
    let lower = body.to_ascii_lowercase();
    if !body.contains('&') || !(lower.contains("sub") || lower.contains("reg")) {
        return None;
    }
    let references = references(body);
    if references.is_empty() {
        return None;
    }
    let decoded = decode_references(body);
    Some(escaped_miss(body, &decoded, references, decodes))
}

/// The quiet near miss of `body`, read as `decoded`, its references
/// decoded.
fn escaped_miss(
    body: &str,
    decoded: &str,
    references: Vec<String>,
    decodes: u8,
) -> Option<NearMiss> {
    let (directive, mut rest) = match parse_marker(decoded) {
        Some(marker) if marker.errors.is_empty() => (marker.directive?, Vec::new()),
        _ => {
            let miss = near_miss_within(decoded, decodes)?;
            (miss.directive, miss.differences)
        }
    };
    rest.retain(|d| !matches!(d, Difference::Escaped(_)));
    let mut differences = vec![Difference::Escaped(references)];
    differences.append(&mut rest);
    Some(NearMiss {
        directive,
        range: lead(body)..body.len(),
        differences,
        quiet: true,
        template: None,
    })
}

/// For a marker line with no `-->`: where a closing written with HTML
/// character references (`--&gt;`, `&#45;&#45;>`) starts in `rest`, and
/// what differs, in words.
pub(super) fn escaped_closing(rest: &str) -> Option<(usize, String)> {
    let trimmed = rest.trim_end_matches([' ', '\t']);
    if !trimmed.contains('&') {
        return None;
    }
    // From the right: the shortest tail that reads as `-->`.
    let floor = trimmed.len().saturating_sub(64);
    let at = (floor..trimmed.len())
        .rev()
        .filter(|&i| trimmed.is_char_boundary(i) && trimmed[i..].starts_with(['-', '&']))
        .find(|&i| decode_references(&trimmed[i..]) == "-->")?;
    let close = &trimmed[at..];
    Some((at, Difference::Escaped(references(close)).words("")))
}

/// The HTML character references in `text` (`&lt;`, `&#x2D;`, `&gt`
/// without its `;` as browsers read it too), each once, in the order
/// written; a `&` that starts none is left out.
fn references(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('&') {
        let tail = &text[at + 1..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(tail.len());
        let mut end = at + 1 + len + usize::from(tail[len..].starts_with(';'));
        // Escaped twice: `&amp;lt;` is said whole.
        if text[at..end].eq_ignore_ascii_case("&amp;") {
            let next = &text[end..];
            let more = next
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .unwrap_or(next.len());
            if more > 0 {
                end += more + usize::from(next[more..].starts_with(';'));
            }
        }
        let written = &text[at..end];
        let decoded = decode_references(written);
        let punctuation =
            decoded != written && decoded.contains(['<', '>', '!', '-', ':', '=', '&']);
        if len > 0 && punctuation && !found.iter().any(|f| f == written) {
            found.push(written.to_owned());
        }
    }
    found
}

/// `text` with its character references decoded as a browser decodes
/// them in text (html5ever, through scraper); `<` stays `<`.
fn decode_references(text: &str) -> String {
    let fragment = scraper::Html::parse_fragment(&text.replace('<', "&lt;"));
    fragment.root_element().text().collect()
}

/// The markers, exact or near, in the pieces of `body` between lone CRs
/// (a document written with old Mac line ends), with their byte offsets in
/// `body`. `editor_line` is the line an editor that ends lines at a lone CR
/// shows for the first piece. Empty when `body` holds no CR or no piece is
/// a marker.
pub(super) fn behind_lone_crs(body: &str, editor_line: usize) -> Vec<(usize, NearMiss)> {
    if !body.contains('\r') {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut offset = 0;
    for (index, piece) in body.split('\r').enumerate() {
        let lone_cr = Difference::LoneCr {
            editor_line: editor_line + index,
        };
        let miss = match parse_marker(piece) {
            Some(marker) => marker.directive.map(|directive| NearMiss {
                directive,
                range: marker.span.start..piece.len(),
                differences: vec![lone_cr],
                quiet: false,
                template: marker.template.clone(),
            }),
            None => near_miss(piece).filter(|m| !m.quiet).map(|mut m| {
                // The lone CR comes first: the caret goes where the
                // marker begins, not to what else differs in it.
                m.differences.insert(0, lone_cr);
                m.range.start = m.range.start.min(lead(piece));
                m.range.end = piece.len();
                m
            }),
        };
        if let Some(miss) = miss {
            found.push((offset, miss));
        }
        offset += piece.len() + 1;
    }
    found
}

/// A line that parses as a marker with errors but is prose in an HTML
/// comment instead: two or more words after `subreg:begin` / `subreg:end`
/// (blanks allowed after the colon), the first no attribute (`name=value`),
/// as in `<!-- subreg: end of the generated list -->` or
/// `<!-- subreg:begin and subreg:end mark generated content -->`. Quiet
/// ([`NearMiss::quiet`]): said only when the document's markers need it.
pub(super) fn prose_comment(body: &str) -> Option<NearMiss> {
    let lower = body.to_ascii_lowercase();
    let at = lower.find("subreg:")?;
    let after_colon = at + "subreg:".len();
    let rest = lower[after_colon..].trim_start();
    let (directive, rest) = match rest.strip_prefix("begin") {
        Some(rest) => (Directive::Begin, rest),
        None => (Directive::End, rest.strip_prefix("end")?),
    };
    // A sentence may go on after a stop (`subreg:end. Do not edit`).
    let stop = rest
        .strip_prefix(['.', ',', ';', ':', '!', '?'])
        .filter(|after| after.starts_with(char::is_whitespace));
    let rest = stop.unwrap_or(rest);
    let inner = rest.split("-->").next().unwrap_or(rest);
    // Words, not a closing written with blanks (`--  -- -->`).
    let words: Vec<&str> = inner
        .split_whitespace()
        .take_while(|w| w.starts_with(char::is_alphabetic))
        .collect();
    let prose = rest.starts_with(char::is_whitespace)
        && words.len() >= if stop.is_some() { 1 } else { 2 }
        && !words[0].contains('=')
        && words.get(1).is_none_or(|w| !w.starts_with('='));
    if !prose {
        return None;
    }
    // The words as written (ASCII lower-casing keeps every offset).
    let from = body.len() - rest.len();
    let text = body[from..from + inner.len()]
        .trim_start_matches([' ', '\t'])
        .trim_end_matches([' ', '\t', '-']);
    Some(NearMiss {
        directive,
        range: lead(body)..body.len(),
        differences: vec![Difference::Prose(text.to_owned())],
        quiet: true,
        template: None,
    })
}

/// Whether the next run would read `body` as a marker or report it as a
/// near miss (quiet ones aside): such a line cannot be written
/// between markers.
pub(super) fn reads_as_marker(body: &str) -> bool {
    near_miss(body).is_some_and(|m| !m.quiet) || !behind_lone_crs(body, 1).is_empty()
}

/// One character of a line: where it is, what it is, what the grammar
/// would take it for.
#[derive(Debug)]
struct Ch {
    at: usize,
    orig: char,
    norm: char,
    invisible: bool,
}

/// Where the parts of a candidate marker are, as indexes into the visible
/// characters.
struct Candidate {
    lt: usize,
    word: Range<usize>,
    colon: bool,
    /// Punctuation other than `:` between the word and the directive.
    separator: bool,
    blank_around_colon: bool,
    directive: Directive,
    /// Just past the directive word.
    end: usize,
    /// The directive as written, when it is a near miss of `begin` or
    /// `end` (`NED`, `STOP`) rather than one of them.
    other_directive: Option<Range<usize>>,
    /// Words follow the directive that are no attribute
    /// (`<!-- SUBREG:END of the table -->`): it may be prose, so the near
    /// miss is quiet, said when the markers need it.
    words: bool,
}

/// Whether what follows a directive word ending at `i` lets the line be a
/// marker: `<!-- Subreg: beginning of the table -->` is a comment, and so
/// is `<!-- sub reg: end of list -->`, whose word after the directive is no
/// attribute (`name=value`, blanks allowed around `=`) but prose.
fn after_directive(seen: &[&Ch], i: usize) -> bool {
    let at = |i: usize| seen.get(i).map(|c| c.norm);
    let blank = |c: char| c == ' ' || c == '\t';
    if !at(i).is_none_or(|c| c.is_whitespace() || c == '-' || c == '>' || c == '*') {
        return false;
    }
    let mut j = i;
    while at(j).is_some_and(blank) {
        j += 1;
    }
    // Words in any script (`таблица`, `τέλος`), not only Latin ones.
    if j > i && at(j).is_some_and(char::is_alphabetic) {
        while at(j).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            j += 1;
        }
        while at(j).is_some_and(blank) {
            j += 1;
        }
        if at(j) != Some('=') {
            return false;
        }
    }
    true
}

fn normalise(body: &str) -> Vec<Ch> {
    body.char_indices()
        .map(|(at, orig)| Ch {
            at,
            orig,
            norm: fold(orig),
            // A combining accent is set aside like an invisible character,
            // so `s\u{301}ubreg` is read as `subreg` and the mark named.
            invisible: is_invisible(orig) || is_mark(orig),
        })
        .collect()
}

/// What the marker grammar takes `c` for: every blank (Unicode `Zs`) a
/// space, then the NFKC form of `c` when that is one ASCII character (the
/// mathematical alphanumerics, full-width forms, `\u{FE63}`), then the
/// look-alike table.
fn fold(c: char) -> char {
    use unicode_general_category::{GeneralCategory, get_general_category};
    use unicode_normalization::UnicodeNormalization;
    if c.is_ascii() {
        return c;
    }
    if get_general_category(c) == GeneralCategory::SpaceSeparator {
        return ' ';
    }
    let mut nfkc = std::iter::once(c).nfkc();
    let folded = match (nfkc.next(), nfkc.next()) {
        (Some(one), None) => one,
        _ => c,
    };
    if folded.is_ascii() {
        return folded;
    }
    // An accented Latin letter (`é`) is its base letter with a mark.
    let mut nfd = std::iter::once(folded).nfd();
    if let Some(base) = nfd.next()
        && base.is_ascii_alphabetic()
        && nfd.all(is_mark)
    {
        return base;
    }
    lookalike(folded).unwrap_or(folded)
}

/// A combining mark (general category Mn): an accent set on the letter
/// before it.
fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    !c.is_ascii() && get_general_category(c) == GeneralCategory::NonspacingMark
}

/// Invisible: a control character other than tab and CR (a form feed,
/// ESC, NUL), or any other character the printers escape ([`is_hidden`]:
/// zero-width, direction marks, BOM, fillers, U+034F) that is no blank.
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\r') || (!c.is_whitespace() && is_hidden(c))
}

/// Whether `text` is only Markdown emphasis delimiters (`**`, `_`, `~~`).
fn is_emphasis(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '*' | '_' | '~'))
}

/// Whether `text` is nothing but HTML tags and blanks (`<div>`, `</p>`).
fn only_tags(text: &str) -> bool {
    let mut rest = text.trim();
    if rest.is_empty() {
        return false;
    }
    // Emphasis around it (`**...**`, `_..._`, `~~...~~`) is no sentence.
    if is_emphasis(rest) {
        return true;
    }
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return false;
        }
        let Some(close) = tag.find('>') else {
            return false;
        };
        if tag[..close].contains('<') {
            return false;
        }
        rest = tag[close + 1..].trim_start();
    }
    true
}

/// `<!`, dashes and blanks, a word within two edits of `subreg`, blanks, an
/// optional colon, blanks, then `begin` or `end` as a whole word.
fn candidate(seen: &[&Ch], lt: usize) -> Option<Candidate> {
    let at = |i: usize| seen.get(i).map(|c| c.norm);
    // `<!--`, and what it is mistyped as: `<?--`, `<!?-`, or `!--` with
    // its `<` missing (then the candidate starts at the `!`).
    // `<--` with its `!` missing too. At the line's start, `--` or the word
    // itself with no opener at all (`subreg:end -->`), when a closing ends
    // the line.
    let blank = |c: char| c == ' ' || c == '\t';
    let starts_line = seen[..lt].iter().all(|c| blank(c.norm));
    let (opens, bare) = match (at(lt)?, at(lt + 1)) {
        ('<', Some('!' | '?')) => (true, false),
        ('<', Some('-')) => (at(lt + 2) == Some('-'), false),
        ('!', Some('-')) => (lt == 0 || at(lt - 1) != Some('<'), false),
        ('-', Some('-')) => (starts_line, true),
        (c, _) if c.is_ascii_alphabetic() => (starts_line, true),
        _ => (false, false),
    };
    if !opens || (bare && !closes_line(seen)) {
        return None;
    }
    let mut i = match at(lt) {
        Some('<') => lt + 2,
        Some(c) if c.is_ascii_alphabetic() => lt,
        _ => lt + 1,
    };
    while at(i).is_some_and(|c| c == '-' || c == '?' || blank(c)) {
        i += 1;
    }
    let word_start = i;
    while at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        i += 1;
    }
    // `sub-reg`, `sub_reg`, `sub.reg`, `sub  reg`: one run of dashes,
    // underscores, dots or blanks inside the word, when the letters on
    // both sides make it.
    let joiner = |c: char| matches!(c, '-' | '_' | '.') || blank(c);
    let mut gap = i;
    while at(gap).is_some_and(joiner) {
        gap += 1;
    }
    if gap > i && at(gap).is_some_and(|c| c.is_ascii_alphabetic()) {
        let mut j = gap;
        while at(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            j += 1;
        }
        let joined: String = seen[word_start..j]
            .iter()
            .filter(|c| c.norm.is_ascii_alphabetic())
            .map(|c| c.norm.to_ascii_lowercase())
            .collect();
        if joined == "subreg" {
            i = j;
        }
    }
    let mut word: String = seen[word_start..i]
        .iter()
        .map(|c| c.norm.to_ascii_lowercase())
        .collect();
    // `subregbegin`, `subregend`: the directive glued to the word, without
    // a colon; the word is judged without it.
    let mut glued = None;
    for (suffix, directive) in [("begin", Directive::Begin), ("end", Directive::End)] {
        if let Some(stem) = word.strip_suffix(suffix)
            && (4..=9).contains(&stem.len())
            && strsim::damerau_levenshtein(stem, "subreg") <= 2
            && glued.is_none()
        {
            glued = Some((directive, i - suffix.len()));
        }
    }
    if let Some((_, stem_end)) = glued {
        word.truncate(stem_end - word_start);
    }
    // Judged on its letters: `sub - reg` is `subreg` with a gap.
    let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
    if !(4..=9).contains(&letters.len()) || strsim::damerau_levenshtein(&letters, "subreg") > 2 {
        return None;
    }
    let word = word_start..glued.map_or(i, |(_, stem_end)| stem_end);
    if let Some((directive, _)) = glued {
        return Some(Candidate {
            lt,
            word,
            colon: false,
            separator: false,
            blank_around_colon: false,
            directive,
            end: i,
            other_directive: None,
            words: !after_directive(seen, i),
        });
    }
    let mut gaps = 0;
    while at(i).is_some_and(blank) {
        i += 1;
        gaps += 1;
    }
    let colon = at(i) == Some(':');
    // `subreg -- end`, `subreg / end`: a run of punctuation and blanks.
    let punctuation = |c: char| c.is_ascii_punctuation() && !matches!(c, '<' | '>' | '!');
    let separator = !colon && at(i).is_some_and(punctuation);
    if colon {
        i += 1;
        while at(i).is_some_and(blank) {
            i += 1;
            gaps += 1;
        }
    } else if separator {
        while at(i).is_some_and(|c| punctuation(c) || blank(c)) {
            i += 1;
        }
    }
    // Any letters: `e\u{3b7}d` is `end` with a letter no table maps; and
    // what is glued to them (`end2`, `end.`, `end\u{a9}`) is part of the
    // word, a misspelt directive rather than words after one.
    let dir_start = i;
    while at(i).is_some_and(char::is_alphabetic) {
        i += 1;
    }
    if i > dir_start {
        while at(i).is_some_and(|c| !c.is_whitespace() && !matches!(c, '-' | '>' | '*')) {
            i += 1;
        }
    }
    let directive: String = seen[dir_start..i]
        .iter()
        .map(|c| c.norm.to_ascii_lowercase())
        .collect();
    // Another word after `subreg:` that reads as a directive (`NED`,
    // `Ende`, `STOP`) is one, misspelt; any other word is no marker.
    let (directive, other_directive) = match directive.as_str() {
        "begin" => (Directive::Begin, None),
        "end" => (Directive::End, None),
        other if colon || separator => {
            let meant = meant_directive(other).or(match other {
                "stop" | "fin" | "finish" | "close" => Some(Directive::End),
                "start" | "open" => Some(Directive::Begin),
                _ => None,
            });
            (meant?, Some(dir_start..i))
        }
        _ => return None,
    };
    Some(Candidate {
        lt,
        word,
        colon: colon || separator,
        separator,
        blank_around_colon: gaps > 0,
        directive,
        end: i,
        other_directive,
        words: !after_directive(seen, i),
    })
}

/// Whether the line ends with `>` (or a look-alike), as a marker's
/// closing does.
fn closes_line(seen: &[&Ch]) -> bool {
    seen.iter()
        .rev()
        .find(|c| !matches!(c.norm, ' ' | '\t'))
        .is_some_and(|c| c.norm == '>')
}

/// The normalised text of `chars`, a run of dashes that holds a look-alike
/// one read as `--`: a word processor turns `--` into one `—`.
fn as_meant(chars: &[&Ch]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.norm == '-').count();
        if run > 0 && chars[i..i + run].iter().any(|c| c.orig != '-') {
            out.push_str("--");
            i += run;
        } else {
            out.push(chars[i].norm);
            i += 1;
        }
    }
    out
}

/// The text other than blanks after the candidate's closing `>` (a marker
/// quoted mid-sentence, or HTML tags around it), trimmed.
fn text_after(seen: &[&Ch], end: usize) -> Option<String> {
    let rest = &seen[end.min(seen.len())..];
    let i = rest.iter().position(|c| c.norm == '>')?;
    let text: String = rest[i + 1..].iter().map(|c| c.orig).collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The offset in `prefix` of its first character that is neither a blank
/// nor invisible: where what stands before a near-miss marker begins.
fn lead(prefix: &str) -> usize {
    prefix
        .char_indices()
        .find(|&(_, c)| c != ' ' && c != '\t' && !is_invisible(c))
        .map_or(prefix.len(), |(i, _)| i)
}

/// A block quote or list item prefix (`> `, `- `, `* `, `+ `, `1. `, `1) `,
/// nested), trimmed, and whether it is a quote.
fn container(shown: &str) -> Option<(String, bool)> {
    let mut rest = shown.trim_start_matches(' ');
    let mut quote = false;
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = if let Some(r) = rest.strip_prefix('>') {
            quote = true;
            r
        } else if let Some(r) = rest.strip_prefix(['-', '*', '+']) {
            if !r.starts_with([' ', '\t']) {
                return None;
            }
            quote = false;
            r
        } else if (1..=9).contains(&digits) {
            let r = rest[digits..].strip_prefix(['.', ')'])?;
            if !r.starts_with([' ', '\t']) {
                return None;
            }
            quote = false;
            r
        } else {
            return None;
        };
        any = true;
        rest = after.trim_start_matches([' ', '\t']);
    }
    any.then(|| (shown.trim().to_owned(), quote))
}

/// The ASCII character of the marker grammar that `c` looks like, for the
/// characters a word processor, a keyboard layout or a hostile edit puts in
/// its place. A subset of Unicode's confusables table (UTS #39,
/// <https://www.unicode.org/Public/security/latest/confusables.txt>) for the
/// characters `<`, `!`, `-`, `:`, `=`, `>` and the letters of `subreg`,
/// `begin`, `end` and `template`, plus every dash punctuation (general
/// category Pd) and the full-width forms U+FF01-U+FF5E.
fn lookalike(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    if let Some(&(_, ascii, _)) = LOOKALIKES.iter().find(|(l, _, _)| *l == c) {
        return Some(ascii);
    }
    let code = u32::from(c);
    if (0xFF01..=0xFF5E).contains(&code) {
        return char::from_u32(code - 0xFEE0);
    }
    use unicode_general_category::{GeneralCategory, get_general_category};
    if get_general_category(c) == GeneralCategory::DashPunctuation {
        return Some('-');
    }
    // The rest of Unicode's confusables (UTS #39 skeleton, through the
    // unicode-security crate): a character whose skeleton is one ASCII
    // letter, digit or character of the marker grammar (`U+0703 SYRIAC
    // SUPRALINEAR COLON` for `:`).
    let mut buffer = [0; 4];
    let mut skeleton = unicode_security::skeleton(c.encode_utf8(&mut buffer));
    match (skeleton.next(), skeleton.next()) {
        (Some(ascii), None)
            if ascii.is_ascii_alphanumeric()
                || matches!(ascii, '<' | '!' | '-' | ':' | '=' | '>') =>
        {
            Some(ascii)
        }
        _ => None,
    }
}

/// Look-alike characters and the ASCII they pass for (see [`lookalike`]).
const LOOKALIKES: &[(char, char, &str)] = &[
    // `<` and `>`
    ('\u{2039}', '<', "SINGLE LEFT-POINTING ANGLE QUOTATION MARK"),
    ('\u{2329}', '<', "LEFT-POINTING ANGLE BRACKET"),
    ('\u{3008}', '<', "LEFT ANGLE BRACKET"),
    (
        '\u{276E}',
        '<',
        "HEAVY LEFT-POINTING ANGLE QUOTATION MARK ORNAMENT",
    ),
    ('\u{02C2}', '<', "MODIFIER LETTER LEFT ARROWHEAD"),
    ('\u{FE64}', '<', "SMALL LESS-THAN SIGN"),
    (
        '\u{203A}',
        '>',
        "SINGLE RIGHT-POINTING ANGLE QUOTATION MARK",
    ),
    ('\u{232A}', '>', "RIGHT-POINTING ANGLE BRACKET"),
    ('\u{3009}', '>', "RIGHT ANGLE BRACKET"),
    (
        '\u{276F}',
        '>',
        "HEAVY RIGHT-POINTING ANGLE QUOTATION MARK ORNAMENT",
    ),
    ('\u{02C3}', '>', "MODIFIER LETTER RIGHT ARROWHEAD"),
    ('\u{FE65}', '>', "SMALL GREATER-THAN SIGN"),
    // `!`, `:`, `=`, `-`
    ('\u{01C3}', '!', "LATIN LETTER RETROFLEX CLICK"),
    ('\u{FE57}', '!', "SMALL EXCLAMATION MARK"),
    ('\u{2236}', ':', "RATIO"),
    ('\u{0589}', ':', "ARMENIAN FULL STOP"),
    ('\u{05C3}', ':', "HEBREW PUNCTUATION SOF PASUQ"),
    ('\u{A789}', ':', "MODIFIER LETTER COLON"),
    ('\u{FE55}', ':', "SMALL COLON"),
    ('\u{FE66}', '=', "SMALL EQUALS SIGN"),
    ('\u{2010}', '-', "HYPHEN"),
    ('\u{2011}', '-', "NON-BREAKING HYPHEN"),
    ('\u{2012}', '-', "FIGURE DASH"),
    ('\u{2013}', '-', "EN DASH"),
    ('\u{2014}', '-', "EM DASH"),
    ('\u{2015}', '-', "HORIZONTAL BAR"),
    ('\u{2E3A}', '-', "TWO-EM DASH"),
    ('\u{2E3B}', '-', "THREE-EM DASH"),
    ('\u{FE58}', '-', "SMALL EM DASH"),
    ('\u{FE63}', '-', "SMALL HYPHEN-MINUS"),
    ('\u{FF0D}', '-', "FULLWIDTH HYPHEN-MINUS"),
    ('\u{FF1C}', '<', "FULLWIDTH LESS-THAN SIGN"),
    ('\u{FF1E}', '>', "FULLWIDTH GREATER-THAN SIGN"),
    ('\u{FF01}', '!', "FULLWIDTH EXCLAMATION MARK"),
    ('\u{FF1A}', ':', "FULLWIDTH COLON"),
    ('\u{FF1D}', '=', "FULLWIDTH EQUALS SIGN"),
    ('\u{2212}', '-', "MINUS SIGN"),
    ('\u{2043}', '-', "HYPHEN BULLET"),
    ('\u{02D7}', '-', "MODIFIER LETTER MINUS SIGN"),
    ('\u{06D4}', '-', "ARABIC FULL STOP"),
    // Blanks, all read as a space before this table (see `fold`): named here.
    ('\u{1680}', ' ', "OGHAM SPACE MARK"),
    ('\u{2000}', ' ', "EN QUAD"),
    ('\u{2001}', ' ', "EM QUAD"),
    ('\u{2002}', ' ', "EN SPACE"),
    ('\u{2003}', ' ', "EM SPACE"),
    ('\u{2004}', ' ', "THREE-PER-EM SPACE"),
    ('\u{2005}', ' ', "FOUR-PER-EM SPACE"),
    ('\u{2006}', ' ', "SIX-PER-EM SPACE"),
    ('\u{2007}', ' ', "FIGURE SPACE"),
    ('\u{2008}', ' ', "PUNCTUATION SPACE"),
    ('\u{2009}', ' ', "THIN SPACE"),
    ('\u{200A}', ' ', "HAIR SPACE"),
    ('\u{202F}', ' ', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', ' ', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{3000}', ' ', "IDEOGRAPHIC SPACE"),
    // Small capitals (no NFKC form), read as the lower-case letter.
    ('\u{1D00}', 'a', "LATIN LETTER SMALL CAPITAL A"),
    ('\u{0299}', 'b', "LATIN LETTER SMALL CAPITAL B"),
    ('\u{1D04}', 'c', "LATIN LETTER SMALL CAPITAL C"),
    ('\u{1D05}', 'd', "LATIN LETTER SMALL CAPITAL D"),
    ('\u{1D07}', 'e', "LATIN LETTER SMALL CAPITAL E"),
    ('\u{0262}', 'g', "LATIN LETTER SMALL CAPITAL G"),
    ('\u{026A}', 'i', "LATIN LETTER SMALL CAPITAL I"),
    ('\u{029F}', 'l', "LATIN LETTER SMALL CAPITAL L"),
    ('\u{1D0D}', 'm', "LATIN LETTER SMALL CAPITAL M"),
    ('\u{0274}', 'n', "LATIN LETTER SMALL CAPITAL N"),
    ('\u{1D18}', 'p', "LATIN LETTER SMALL CAPITAL P"),
    ('\u{0280}', 'r', "LATIN LETTER SMALL CAPITAL R"),
    ('\u{A731}', 's', "LATIN LETTER SMALL CAPITAL S"),
    ('\u{1D1B}', 't', "LATIN LETTER SMALL CAPITAL T"),
    ('\u{1D1C}', 'u', "LATIN LETTER SMALL CAPITAL U"),
    // Cyrillic, Greek, Armenian and Latin letters.
    ('\u{03B5}', 'e', "GREEK SMALL LETTER EPSILON"),
    ('\u{03BD}', 'v', "GREEK SMALL LETTER NU"),
    ('\u{0430}', 'a', "CYRILLIC SMALL LETTER A"),
    ('\u{0251}', 'a', "LATIN SMALL LETTER ALPHA"),
    ('\u{044C}', 'b', "CYRILLIC SMALL LETTER SOFT SIGN"),
    ('\u{0441}', 'c', "CYRILLIC SMALL LETTER ES"),
    ('\u{0501}', 'd', "CYRILLIC SMALL LETTER KOMI DE"),
    ('\u{0435}', 'e', "CYRILLIC SMALL LETTER IE"),
    ('\u{212E}', 'e', "ESTIMATED SYMBOL"),
    ('\u{212F}', 'e', "SCRIPT SMALL E"),
    ('\u{0261}', 'g', "LATIN SMALL LETTER SCRIPT G"),
    ('\u{0581}', 'g', "ARMENIAN SMALL LETTER CO"),
    (
        '\u{0456}',
        'i',
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{03B9}', 'i', "GREEK SMALL LETTER IOTA"),
    ('\u{0131}', 'i', "LATIN SMALL LETTER DOTLESS I"),
    ('\u{0458}', 'j', "CYRILLIC SMALL LETTER JE"),
    ('\u{04CF}', 'l', "CYRILLIC SMALL LETTER PALOCHKA"),
    ('\u{0578}', 'n', "ARMENIAN SMALL LETTER VO"),
    ('\u{043E}', 'o', "CYRILLIC SMALL LETTER O"),
    ('\u{03BF}', 'o', "GREEK SMALL LETTER OMICRON"),
    ('\u{0440}', 'p', "CYRILLIC SMALL LETTER ER"),
    ('\u{03C1}', 'p', "GREEK SMALL LETTER RHO"),
    ('\u{0433}', 'r', "CYRILLIC SMALL LETTER GHE"),
    ('\u{0455}', 's', "CYRILLIC SMALL LETTER DZE"),
    ('\u{057D}', 'u', "ARMENIAN SMALL LETTER SEH"),
    ('\u{03C5}', 'u', "GREEK SMALL LETTER UPSILON"),
    ('\u{0443}', 'y', "CYRILLIC SMALL LETTER U"),
    ('\u{0445}', 'x', "CYRILLIC SMALL LETTER HA"),
    ('\u{0410}', 'A', "CYRILLIC CAPITAL LETTER A"),
    ('\u{0391}', 'A', "GREEK CAPITAL LETTER ALPHA"),
    ('\u{0412}', 'B', "CYRILLIC CAPITAL LETTER VE"),
    ('\u{0392}', 'B', "GREEK CAPITAL LETTER BETA"),
    ('\u{0421}', 'C', "CYRILLIC CAPITAL LETTER ES"),
    ('\u{0415}', 'E', "CYRILLIC CAPITAL LETTER IE"),
    ('\u{0395}', 'E', "GREEK CAPITAL LETTER EPSILON"),
    ('\u{0405}', 'S', "CYRILLIC CAPITAL LETTER DZE"),
    (
        '\u{0406}',
        'I',
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{0399}', 'I', "GREEK CAPITAL LETTER IOTA"),
    ('\u{041C}', 'M', "CYRILLIC CAPITAL LETTER EM"),
    ('\u{039C}', 'M', "GREEK CAPITAL LETTER MU"),
    ('\u{041D}', 'H', "CYRILLIC CAPITAL LETTER EN"),
    ('\u{039D}', 'N', "GREEK CAPITAL LETTER NU"),
    ('\u{041E}', 'O', "CYRILLIC CAPITAL LETTER O"),
    ('\u{039F}', 'O', "GREEK CAPITAL LETTER OMICRON"),
    ('\u{0420}', 'P', "CYRILLIC CAPITAL LETTER ER"),
    ('\u{03A1}', 'P', "GREEK CAPITAL LETTER RHO"),
    ('\u{0422}', 'T', "CYRILLIC CAPITAL LETTER TE"),
    ('\u{03A4}', 'T', "GREEK CAPITAL LETTER TAU"),
    ('\u{0425}', 'X', "CYRILLIC CAPITAL LETTER HA"),
];

/// `c` named for a message: `U+2014 EM DASH`.
fn name(c: char) -> String {
    let code = u32::from(c);
    if let Some((_, _, name)) = LOOKALIKES.iter().find(|(l, _, _)| *l == c) {
        return format!("U+{code:04X} {name}");
    }
    match lookalike(c) {
        Some(ascii) if ascii.is_ascii_alphabetic() && (0xFF01..=0xFF5E).contains(&code) => {
            let size = if ascii.is_ascii_lowercase() {
                "SMALL"
            } else {
                "CAPITAL"
            };
            let letter = ascii.to_ascii_uppercase();
            format!("U+{code:04X} FULLWIDTH LATIN {size} LETTER {letter}")
        }
        Some(ascii) if (0xFF01..=0xFF5E).contains(&code) => {
            format!("U+{code:04X}, a full-width `{ascii}`")
        }
        _ => describe(c),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn what(body: &str) -> Option<String> {
        near_miss(body).map(|n| n.what())
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
            "<!-- subregion:begin -->",
            "<!-- subreg:beginning -->",
            "<!-- Subreg: beginning of the table -->",
            "<!-- SUBREG endpoint -->",
            "<!-- subregending -->",
            "<-- an arrow -->",
            "<!-- a comment -->",
            "`<!-- SUBREG:BEGIN -->`",
            "",
        ] {
            assert_eq!(near_miss(body), None, "{body}");
        }
        let found = near_miss("\u{200b}<!-- subreg:end -->").map(|n| n.range);
        assert_eq!(found, Some(0..22));
    }

    /// A near miss that words follow may be prose: quiet, and said with
    /// every difference and the words when the markers need it.
    #[test]
    fn words_after_a_near_miss_make_it_quiet_with_its_differences() {
        let cases = [
            (
                "<!-- sub reg: end of list -->",
                vec![
                    Difference::Misspelt("sub reg".to_owned()),
                    Difference::Prose("of list".to_owned()),
                ],
            ),
            (
                "<!-- subreg: begin here the table -->",
                vec![
                    Difference::BlankAroundColon("subreg: begin".to_owned()),
                    Difference::Prose("here the table".to_owned()),
                ],
            ),
            (
                "<!-- SUBREG:END foo -->",
                vec![
                    Difference::Case("SUBREG:END".to_owned()),
                    Difference::Prose("foo".to_owned()),
                ],
            ),
            (
                "<!--- subreg:begin subprocessors -->",
                vec![
                    Difference::Opener("<!---".to_owned()),
                    Difference::Prose("subprocessors".to_owned()),
                ],
            ),
            (
                "<!-- subrég:end x -->",
                vec![
                    Difference::Lookalike {
                        found: 'é',
                        meant: 'e',
                    },
                    Difference::Prose("x".to_owned()),
                ],
            ),
        ];
        for (body, expected) in cases {
            let miss = near_miss(body);
            assert_eq!(miss.as_ref().map(|m| m.quiet), Some(true), "{body}");
            assert_eq!(miss.map(|m| m.differences), Some(expected), "{body}");
        }
        // A misspelt directive with another difference is said with both.
        for (body, expected) in [
            (
                "<!-- SUBREG:NED -->",
                vec![
                    Difference::Directive("NED".to_owned()),
                    Difference::Case("SUBREG:NED".to_owned()),
                ],
            ),
            (
                "<!--- subreg:stop -->",
                vec![
                    Difference::Opener("<!---".to_owned()),
                    Difference::Directive("stop".to_owned()),
                ],
            ),
        ] {
            let miss = near_miss(body);
            assert_eq!(miss.as_ref().map(|m| m.quiet), Some(false), "{body}");
            assert_eq!(miss.map(|m| m.differences), Some(expected), "{body}");
        }
        assert_eq!(near_miss("<!-- SUBREG:ENDPOINT -->"), None);
        // Attributes are judged as the marker line it was meant as.
        let miss = near_miss("<!-- SUBREG:BEGIN -->");
        assert_eq!(
            miss.map(|m| m.differences),
            Some(vec![
                Difference::Case("SUBREG:BEGIN".to_owned()),
                Difference::Remains(vec![MarkerErrorKind::MissingTemplate.words(None)]),
            ])
        );
        assert!(reads_as_directive("\u{435}nd") && reads_as_directive("E\u{200b}ND"));
        assert!(!reads_as_directive("ned") && !reads_as_directive("ending"));
        assert!(words_follow(" legal reviewed 2024 -->"));
        assert!(!words_follow(" template=x -->") && !words_follow(" -->"));
        // The same, exactly spelt, after a stop: prose too.
        let miss = prose_comment("<!-- subreg:end. Do not edit above this line. -->");
        assert_eq!(
            miss.map(|m| m.differences),
            Some(vec![Difference::Prose(
                "Do not edit above this line.".to_owned()
            )])
        );
        assert_eq!(prose_comment("<!-- subreg:end. -->"), None);
    }

    #[test]
    fn the_general_comparison_names_each_difference() {
        let cases = [
            (
                "Intro <!-- subreg:begin template=a.md -->",
                "it follows `Intro` on the same line, and a marker must be a line of its own; \
                 move `Intro` to the line above",
                0,
            ),
            (
                "<!\u{2014} subreg:end \u{2014}>",
                "the dashes are U+2014 EM DASH, not `-` (U+002D HYPHEN-MINUS); write `--`",
                2,
            ),
            (
                "<!\u{2013}\u{2013} subreg:end -->",
                "the dashes are U+2013 EN DASH, not `-` (U+002D HYPHEN-MINUS); write `--`",
                2,
            ),
            (
                "\u{ff1c}!\u{ff0d}\u{ff0d} subreg:end -->",
                "`\u{ff1c}` is U+FF1C FULLWIDTH LESS-THAN SIGN, which looks like `<`; write `<`; \
                 also, the dashes are U+FF0D FULLWIDTH HYPHEN-MINUS, not `-` (U+002D \
                 HYPHEN-MINUS); write `--`",
                0,
            ),
            (
                "<!-- subrge:begin template=a.md -->",
                "`subrge` is misspelt; write `subreg`",
                5,
            ),
            (
                "<!-- subregbegin template=a.md -->",
                "`subregbegin` has no colon; write `subreg:begin`",
                5,
            ),
            (
                "<!-- subrgend -->",
                "`subrg` is misspelt; write `subreg`; also, `subrgend` has no colon; write \
                 `subreg:end`",
                5,
            ),
            (
                "<-- subreg:end -->",
                "it opens with `<--`, not `<!--`; write `<!-- subreg:end`",
                0,
            ),
            (
                "**<!-- subreg:end -->**",
                "it is wrapped in `**` (emphasis), and a marker must be a line of its own; \
                 remove `**`",
                0,
            ),
            (
                "<!-- SubReg:end -->",
                "`SubReg:end` is not lower case; write `subreg:end`",
                5,
            ),
            (
                "<!-- subreg:end --->",
                "it closes with `--->`, not `-->`; write `-->`",
                16,
            ),
            (
                "<!--- subreg:end -->",
                "it opens with `<!---`, not `<!--`; write `<!-- subreg:end`",
                0,
            ),
            (
                "<!-- sub\u{0440}eg:end -->",
                "`\u{0440}` is U+0440 CYRILLIC SMALL LETTER ER, which looks like `p`; write `p`; \
                 also, `sub\u{0440}eg` is misspelt; write `subreg`",
                8,
            ),
            (
                "<!-- subr\u{0435}g:end -->",
                "`\u{0435}` is U+0435 CYRILLIC SMALL LETTER IE, which looks like `e`; write `e`",
                9,
            ),
            (
                "  Intro <!-- subreg:end -->",
                "it follows `Intro` on the same line, and a marker must be a line of its own; \
                 move `Intro` to the line above",
                2,
            ),
            (
                "\u{200b}> <!-- subreg:end -->",
                "it is inside a block quote (`>`), where subreg does not read markers; remove \
                 `>` so that the marker starts its line; also, it starts with U+200B ZERO WIDTH \
                 SPACE, an invisible character; delete it",
                0,
            ),
            (
                "> <!-- subreg:end -->",
                "it is inside a block quote (`>`), where subreg does not read markers; remove \
                 `>` so that the marker starts its line",
                0,
            ),
            (
                "- <!-- subreg:begin template=a.md -->",
                "it is inside a list item (`-`), where subreg does not read markers; remove `-` \
                 so that the marker starts its line",
                0,
            ),
            (
                "    <!-- subreg:end -->",
                "it is indented by 4 spaces, which Markdown reads as a code block, so it is not \
                 read as a marker; indent it by at most 3 spaces",
                4,
            ),
            (
                "<!-- subreg\u{ff1a}end -->",
                "`\u{ff1a}` is U+FF1A FULLWIDTH COLON, which looks like `:`; write `:`",
                11,
            ),
            // An odd blank is where the caret goes, before the marker or in it.
            (
                "\u{a0}<!-- subreg:end -->",
                "it holds U+00A0 NO-BREAK SPACE where a plain space belongs; write a space \
                 (U+0020)",
                0,
            ),
            (
                "<!--\u{3000}subreg:end -->",
                "it holds U+3000 IDEOGRAPHIC SPACE where a plain space belongs; write a space \
                 (U+0020)",
                4,
            ),
        ];
        for (body, expected, start) in cases {
            let miss = near_miss(body);
            assert_eq!(
                miss.as_ref().map(NearMiss::what).as_deref(),
                Some(expected),
                "{body}"
            );
            assert_eq!(miss.map(|m| m.range.start), Some(start), "{body}");
        }
        assert!(near_miss("    <!-- subreg:end -->").is_some_and(|m| m.quiet));
        assert!(near_miss("\t<!-- subreg:end -->").is_some_and(|m| m.quiet));
        assert!(near_miss("> <!-- subreg:end -->").is_some_and(|m| !m.quiet));
    }

    #[test]
    fn markers_with_no_opener_or_another_separator_are_near_misses() {
        // (line, what differs, where the caret goes)
        let cases = [
            (
                "-- subreg:end -->",
                "it opens with `--`, not `<!--`; write `<!-- subreg:end`",
                0,
            ),
            (
                "  subreg:begin template=a.md -->",
                "it has no `<!--` before `subreg:begin`; write `<!-- subreg:begin`",
                2,
            ),
            (
                "Subreg:End>",
                "it has no `<!--` before `subreg:end`; write `<!-- subreg:end`; also, \
                 `Subreg:End` is not lower case; write `subreg:end`; also, it closes with `>`, \
                 not `-->`; write `-->`",
                0,
            ),
            (
                "<!-- subreg -- end -->",
                "`subreg -- end` does not have a colon between its words; write `subreg:end`",
                5,
            ),
            (
                "<!-- subreg / begin template=a.md -->",
                "`subreg / begin` does not have a colon between its words; write \
                 `subreg:begin`",
                5,
            ),
        ];
        for (body, expected, start) in cases {
            let miss = near_miss(body);
            assert_eq!(
                miss.as_ref().map(NearMiss::what).as_deref(),
                Some(expected),
                "{body}"
            );
            assert_eq!(
                miss.map(|m| (m.range.start, m.quiet)),
                Some((start, false)),
                "{body}"
            );
        }
        // Without a closing, a line that starts with the word is prose.
        for body in [
            "subreg:end marks where the table stops",
            "subreg:begin",
            "-- subreg:end",
            "Use subreg:end --> to close it.",
        ] {
            assert_eq!(near_miss(body), None, "{body}");
        }
    }

    #[test]
    fn escaped_markers_and_prose_comments_are_quiet_near_misses() {
        let escaped = [
            (
                "&lt;!-- subreg:end --&gt;",
                "`&lt;`, `&gt;`",
                Directive::End,
                "",
            ),
            (
                "&#60;!-- subreg:begin template=a.md --&#x3E;",
                "`&#60;`, `&#x3E;`",
                Directive::Begin,
                "",
            ),
            (
                "&amp;lt;!-- subreg:end --&amp;gt;",
                "`&amp;lt;`, `&amp;gt;`",
                Directive::End,
                "",
            ),
            (
                "&lt;!-- SUBREG:END --&gt;",
                "`&lt;`, `&gt;`",
                Directive::End,
                "; also, `SUBREG:END` is not lower case; write `subreg:end`",
            ),
        ];
        for (body, references, directive, more) in escaped {
            let miss = near_miss(body).unwrap_or_else(|| panic!("{body}"));
            assert_eq!(
                (miss.directive, miss.quiet, miss.range.clone(), miss.what()),
                (
                    directive,
                    true,
                    0..body.len(),
                    format!(
                        "it is HTML-escaped ({references}), so it shows as a marker but is none; \
                         write the characters themselves (`<`, `>`, `-`) in the document's \
                         source{more}"
                    )
                ),
                "{body}"
            );
        }
        for body in [
            "AT&T &amp; subreg users",
            "&lt;!-- a comment --&gt;",
            "&lt;b&gt;subreg&lt;/b&gt;",
            // Mid-sentence once decoded: prose, as a reader sees it.
            "A page shows &lt;!-- subreg:end --&gt; to readers.",
        ] {
            assert_eq!(near_miss(body), None, "{body}");
        }
        let prose = prose_comment("<!-- subreg:end of the generated list --->");
        assert_eq!(
            prose.map(|m| (m.directive, m.quiet, m.range.clone(), m.what())),
            Some((
                Directive::End,
                true,
                0..42,
                "`of the generated list` follows `subreg:end`, so subreg reads the line as a \
                 comment, not a marker; write `<!-- subreg:end -->`, alone on its line: move the \
                 words to a comment of their own"
                    .to_owned()
            ))
        );
        assert_eq!(prose_comment("<!-- subreg:end -->"), None);
        assert_eq!(prose_comment("<!-- subreg:begin template=a.md -->"), None);
    }

    #[test]
    fn markers_behind_lone_crs_are_found_in_every_piece() {
        let body = "Intro\r<!-- subreg:begin template=a.md -->\rold\r<!-- Subreg:end -->";
        let found: Vec<(usize, usize, String)> = behind_lone_crs(body, 3)
            .into_iter()
            .map(|(offset, m)| (offset, m.range.start, m.what()))
            .collect();
        let cr = |line: usize| {
            format!(
                "this document ends its lines with a lone CR (U+000D CARRIAGE RETURN), which \
                 subreg does not read as a line end, so the marker (line {line} in an editor) is \
                 not on a line of its own; convert the line ends to LF or CRLF"
            )
        };
        assert_eq!(
            found,
            vec![
                (6, 0, cr(4)),
                (
                    46,
                    0,
                    format!(
                        "{}; also, `Subreg:end` is not lower case; write `subreg:end`",
                        cr(6)
                    )
                ),
            ]
        );
        assert!(behind_lone_crs("no cr <!-- subreg:end -->", 1).is_empty());
        assert!(behind_lone_crs("a\rb\rc", 1).is_empty());
    }
}
