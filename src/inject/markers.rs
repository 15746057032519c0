//! Line scanning for [`super`]: splitting a document into lines, tracking
//! fenced code blocks, and parsing marker lines.
//!
//! Everything here works on byte offsets that come from `split_inclusive`,
//! `find` and ASCII-only advances, and slices only through `str::get`, so no
//! input can make it panic.

use std::ops::Range;

use super::{LineEnding, MarkerErrorKind};

/// The UTF-8 byte order mark, as text.
const BOM: char = '\u{feff}';

/// Most spaces a marker or fence line may be indented by; a fourth makes the
/// line an indented code block in CommonMark.
const MAX_INDENT: usize = 3;

/// One physical line of a document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the first byte of the line (a BOM included).
    pub start: usize,
    /// The whole line: BOM (line 1 only), body and line ending.
    pub raw: &'a str,
    /// The line without BOM and line ending.
    pub body: &'a str,
    /// Byte offset of `body` in the document.
    pub body_start: usize,
    /// How the line ends; `None` for a last line without final newline.
    pub ending: Option<LineEnding>,
}

impl Line<'_> {
    /// Byte offset just past this line, i.e. where the next line starts.
    pub fn next_start(&self) -> usize {
        self.start + self.raw.len()
    }
}

/// Splits `text` into lines. Only LF ends a line; a CR directly before it
/// belongs to the line ending, a lone CR is ordinary text. With `strip_bom`,
/// a BOM at the very start is kept out of line 1's body.
pub(super) fn lines(text: &str, strip_bom: bool) -> impl Iterator<Item = Line<'_>> {
    let mut next = 0;
    text.split_inclusive('\n')
        .enumerate()
        .map(move |(index, raw)| {
            let start = next;
            next += raw.len();
            let (without_ending, ending) = match raw.strip_suffix('\n') {
                Some(rest) => match rest.strip_suffix('\r') {
                    Some(rest) => (rest, Some(LineEnding::CrLf)),
                    None => (rest, Some(LineEnding::Lf)),
                },
                None => (raw, None),
            };
            let (body, bom_len) = match without_ending.strip_prefix(BOM) {
                Some(body) if strip_bom && index == 0 => (body, BOM.len_utf8()),
                _ => (without_ending, 0),
            };
            Line {
                number: index + 1,
                start,
                raw,
                body,
                body_start: start + bom_len,
                ending,
            }
        })
}

/// What a line is, as far as markers are concerned.
#[derive(Debug)]
pub(super) enum LineKind {
    /// Ordinary text (including text that merely mentions a marker mid-line).
    Text,
    /// A fence line or a line inside a fenced code block: never a marker.
    Code,
    /// A line that starts like a marker, parsed (possibly with errors).
    Marker(Marker),
}

/// The result of scanning a whole document.
#[derive(Debug)]
pub(super) struct Scan<'a> {
    /// Every line with its kind, in order.
    pub lines: Vec<(Line<'a>, LineKind)>,
    /// The line of a code fence still open at the end of the document.
    pub open_fence: Option<usize>,
}

/// Classifies every line of `text`, following CommonMark fenced code blocks
/// at the top level of the document.
pub(super) fn scan(text: &str, strip_bom: bool) -> Scan<'_> {
    let mut fence: Option<Fence> = None;
    let mut out = Vec::new();
    for line in lines(text, strip_bom) {
        let kind = match &fence {
            Some(open) => {
                if open.is_closed_by(line.body) {
                    fence = None;
                }
                LineKind::Code
            }
            None => {
                if let Some(opened) = Fence::open(line.body, line.number) {
                    fence = Some(opened);
                    LineKind::Code
                } else {
                    match parse_marker(line.body) {
                        Some(marker) => LineKind::Marker(marker),
                        None => LineKind::Text,
                    }
                }
            }
        };
        out.push((line, kind));
    }
    Scan {
        lines: out,
        open_fence: fence.map(|f| f.line),
    }
}

/// An open fenced code block.
#[derive(Debug)]
struct Fence {
    /// `` ` `` or `~`.
    ch: char,
    /// Number of fence characters in the opening fence (at least 3).
    len: usize,
    /// Line of the opening fence.
    line: usize,
}

impl Fence {
    /// CommonMark §4.5: up to 3 spaces of indentation, then at least three
    /// backticks or tildes; a backtick fence's info string may not contain a
    /// backtick (otherwise it is inline code, not a fence).
    fn open(body: &str, line: usize) -> Option<Fence> {
        let rest = strip_indent(body)?;
        let ch = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let len = rest.chars().take_while(|&c| c == ch).count();
        if len < 3 {
            return None;
        }
        // `len` fence characters are ASCII, so `len` is also a byte count.
        let info = rest.get(len..).unwrap_or("");
        if ch == '`' && info.contains('`') {
            return None;
        }
        Some(Fence { ch, len, line })
    }

    /// A closing fence: up to 3 spaces of indentation, at least as many of
    /// the same character as the opening fence, then only blanks.
    fn is_closed_by(&self, body: &str) -> bool {
        let Some(rest) = strip_indent(body) else {
            return false;
        };
        let len = rest.chars().take_while(|&c| c == self.ch).count();
        len >= self.len && is_blank(rest.get(len..).unwrap_or(""))
    }
}

/// `body` without its indentation, if that is at most [`MAX_INDENT`] spaces.
/// A tab in the indentation reaches column 4, i.e. an indented code block.
fn strip_indent(body: &str) -> Option<&str> {
    let spaces = body.bytes().take_while(|&b| b == b' ').count();
    let rest = body.get(spaces..)?;
    (spaces <= MAX_INDENT && !rest.starts_with('\t')).then_some(rest)
}

/// True when `s` holds only spaces and tabs.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c == ' ' || c == '\t')
}

/// Which marker a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Directive {
    /// `subreg:begin`
    Begin,
    /// `subreg:end`
    End,
}

/// A parsed marker-like line. Offsets are byte offsets into the line body.
#[derive(Debug)]
pub(super) struct Marker {
    /// `None` when the word after `subreg:` is neither `begin` nor `end`.
    pub directive: Option<Directive>,
    /// The `template` attribute of a begin marker, if present and valid.
    pub template: Option<String>,
    /// The whole marker, from `<!--` to the end of `-->` (or of the line).
    pub span: Range<usize>,
    /// Syntax problems of this line alone, with where they are.
    pub errors: Vec<(MarkerErrorKind, Range<usize>)>,
}

/// Parses a line body that starts (after at most 3 spaces) with
/// `<!--`, optional blanks and `subreg:`. Returns `None` for any other line,
/// so prose or inline code that mentions a marker mid-line is left alone.
pub(super) fn parse_marker(body: &str) -> Option<Marker> {
    let mut cur = Cursor::new(body);
    let indent = cur.eat_while(|c| c == ' ').len();
    if indent > MAX_INDENT {
        return None;
    }
    let start = cur.pos;
    if !cur.eat_str("<!--") {
        return None;
    }
    cur.eat_while(is_blank_char);
    if !cur.eat_str("subreg:") {
        return None;
    }
    // A no-break, em or ideographic space where a space belongs
    // (`subreg:end\u{2001}-->`): one finding naming it, not one per part
    // it splits; the marker is what the line reads as with spaces there.
    if let Some((at, words)) = super::near_miss::odd_blanks(cur.rest()) {
        let spaced: String = body
            .chars()
            .map(|c| {
                if super::near_miss::is_odd_blank(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let meant = parse_marker(&spaced).and_then(|m| m.directive);
        return Some(Marker {
            directive: meant,
            template: None,
            span: start..body.len(),
            errors: vec![(MarkerErrorKind::NearMiss(words), cur.pos + at..body.len())],
        });
    }

    let mut errors = Vec::new();
    // HTML ends a comment at the first `-->`, quotes or not; so do we.
    let inner_start = cur.pos;
    let (inner_end, span_end) = match cur.rest().find("-->") {
        Some(at) => {
            let mut inner_end = inner_start + at;
            let span_end = inner_end + 3;
            // `--->` or `---->`: HTML closes the comment there too, and the
            // extra dashes are a closing written long, not an attribute.
            // `-- -->` and `- -->` too: dashes, then blanks, before it.
            let inner = &body[inner_start..inner_end];
            let kept = inner.trim_end_matches(|c| c == '-' || is_blank_char(c));
            let tail = &inner[kept.len()..];
            let extra = tail
                .find('-')
                .map_or(0, |first_dash| tail.len() - first_dash);
            if extra > 0 {
                inner_end -= extra;
                errors.push((
                    MarkerErrorKind::NearMiss(super::near_miss::closing_words(
                        body.get(inner_end..span_end).unwrap_or(""),
                    )),
                    inner_end..span_end,
                ));
            }
            let tail = body.get(span_end..).unwrap_or("");
            let junk = tail.len() - tail.trim_start_matches(is_blank_char).len();
            if !is_blank(tail) {
                let junk_start = span_end + junk;
                errors.push((MarkerErrorKind::TrailingText, junk_start..body.len()));
            }
            (inner_end, span_end)
        }
        None => {
            // `--  >`, `- ->`, `--!>`, `->`: a closing meant as `-->`,
            // said as such (and nothing after it read as an attribute).
            let rest = cur.rest();
            let meant = super::near_miss::meant_closing(rest)
                .map(|r| (inner_start + r.start, inner_start + r.end));
            match meant {
                Some((close_start, close_end)) => {
                    errors.push((
                        MarkerErrorKind::NearMiss(super::near_miss::closing_words(
                            body.get(close_start..close_end).unwrap_or(""),
                        )),
                        close_start..close_end,
                    ));
                    // The attributes end where the closing was meant.
                    (close_start, body.len())
                }
                // `<!-- subreg:end --&gt;`: a closing escaped; and
                // `<!-- subreg:end --`: one without its `>`. Each said as
                // such, its dashes no attribute.
                None => match super::near_miss::escaped_closing(rest) {
                    Some((at, words)) => {
                        let close_start = inner_start + at;
                        let close_end = inner_start + rest.trim_end_matches(is_blank_char).len();
                        errors.push((MarkerErrorKind::NearMiss(words), close_start..close_end));
                        (close_start, body.len())
                    }
                    None => unclosed(rest, inner_start, body, start, &mut errors),
                },
            }
        }
    };

    let inner = body.get(..inner_end).unwrap_or("");
    let mut cur = Cursor::at(inner, inner_start);
    let word_start = cur.pos;
    let word = cur.eat_while(|c| !is_blank_char(c));
    let directive = match word {
        "begin" => Some(Directive::Begin),
        "end" => Some(Directive::End),
        other => {
            errors.push((
                MarkerErrorKind::UnknownDirective(other.to_owned()),
                word_start..cur.pos,
            ));
            None
        }
    };

    let mut template = None;
    if let Some(directive) = directive {
        let mut seen_template = false;
        let complete = parse_attributes(&mut cur, &mut errors, |name, value, range, errors| {
            match (directive, name) {
                (Directive::Begin, "template") if seen_template => {
                    errors.push((MarkerErrorKind::DuplicateAttribute(name.to_owned()), range));
                }
                (Directive::Begin, "template") => {
                    seen_template = true;
                    if is_valid_template_name(value) {
                        template = Some(value.to_owned());
                    } else {
                        errors.push((MarkerErrorKind::BadTemplateName(value.to_owned()), range));
                    }
                }
                // `templat=`, `Template=`: the template, misspelt; said
                // once, not also as a begin marker naming none.
                (Directive::Begin, _) if means_template(name) => {
                    seen_template = true;
                    errors.push((MarkerErrorKind::UnknownAttribute(name.to_owned()), range));
                }
                _ => errors.push((MarkerErrorKind::UnknownAttribute(name.to_owned()), range)),
            }
        });
        // `template=` with no value, or a syntax error before any
        // template: that one finding, not also "names no template".
        if directive == Directive::Begin && !seen_template && complete {
            errors.push((MarkerErrorKind::MissingTemplate, start..span_end));
        }
    }

    Some(Marker {
        directive,
        template,
        span: start..span_end,
        errors,
    })
}

/// A marker line with no `-->` nor a closing meant as one: `--` without
/// its `>` (`<!-- subreg:end --`) is said as that closing, its dashes no
/// attribute; else the comment is unterminated. Records the finding in
/// `errors` and returns where the attributes end and the marker's span
/// ends, as offsets in `body`.
fn unclosed(
    rest: &str,
    inner_start: usize,
    body: &str,
    start: usize,
    errors: &mut Vec<(MarkerErrorKind, Range<usize>)>,
) -> (usize, usize) {
    match dashes_at_end(rest) {
        Some(at) => {
            let close_start = inner_start + at;
            let close = body.get(close_start..).unwrap_or("").trim_end();
            let close_end = close_start + close.len();
            errors.push((
                MarkerErrorKind::NearMiss(super::near_miss::closing_words(close)),
                close_start..close_end,
            ));
            (close_start, body.len())
        }
        None => {
            errors.push((MarkerErrorKind::UnterminatedComment, start..body.len()));
            (body.len(), body.len())
        }
    }
}

/// Where the run of dashes (and blanks between them) that ends `rest`
/// starts, blanks before it left out; `None` when `rest` ends otherwise.
fn dashes_at_end(rest: &str) -> Option<usize> {
    let trimmed = rest.trim_end_matches(is_blank_char);
    if !trimmed.ends_with('-') {
        return None;
    }
    let run = trimmed.trim_end_matches(|c| c == '-' || is_blank_char(c));
    let tail = &trimmed[run.len()..];
    // One dash glued to a value (`template=a-`) is the value's.
    if tail.matches('-').count() < 2 && !tail.starts_with(is_blank_char) && !run.is_empty() {
        return None;
    }
    Some(run.len() + tail.len() - tail.trim_start_matches(is_blank_char).len())
}

/// Parses `name=value` pairs separated by blanks until the cursor's end,
/// calling `accept(name, value, range_of_pair, errors)` for each. Values are
/// `"double"`- or `'single'`-quoted (no escapes) or unquoted (no blanks,
/// quotes, `=`, `<`, `>` or backticks); blanks around `=` are allowed. Stops
/// at the first syntax error, since what follows it cannot be trusted, and
/// then returns `false`.
fn parse_attributes(
    cur: &mut Cursor<'_>,
    errors: &mut Vec<(MarkerErrorKind, Range<usize>)>,
    mut accept: impl FnMut(&str, &str, Range<usize>, &mut Vec<(MarkerErrorKind, Range<usize>)>),
) -> bool {
    loop {
        cur.eat_while(is_blank_char);
        if cur.rest().is_empty() {
            return true;
        }
        let pair_start = cur.pos;
        // Any letters, so that a look-alike in a name (`templ\u{430}te`) is
        // one unknown name, not a name cut short.
        let name = cur.eat_while(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if name.is_empty() {
            let found: String = cur.rest().chars().take(1).collect();
            let message = format!("unexpected `{found}` where an attribute name should start");
            errors.push((MarkerErrorKind::BadAttribute(message), cur.pos..cur.end()));
            return false;
        }
        cur.eat_while(is_blank_char);
        if !cur.eat_str("=") {
            let message = format!("attribute `{name}` has no value; write `{name}=VALUE`");
            errors.push((MarkerErrorKind::BadAttribute(message), pair_start..cur.pos));
            return false;
        }
        cur.eat_while(is_blank_char);
        let quote = cur.rest().chars().next().filter(|&c| c == '"' || c == '\'');
        let value = match quote {
            Some(q) => {
                cur.eat_str(if q == '"' { "\"" } else { "'" });
                let value = cur.eat_while(|c| c != q);
                if !cur.eat_str(if q == '"' { "\"" } else { "'" }) {
                    let message = format!("the value of `{name}` has no closing {q}");
                    errors.push((MarkerErrorKind::BadAttribute(message), pair_start..cur.pos));
                    return false;
                }
                if cur.rest().chars().next().is_some_and(|c| !is_blank_char(c)) {
                    let message = format!("put a blank after the closing {q} of `{name}`");
                    errors.push((
                        MarkerErrorKind::BadAttribute(message),
                        pair_start..cur.end(),
                    ));
                    return false;
                }
                value
            }
            None => {
                let value = cur.eat_while(|c| !is_blank_char(c));
                if value.is_empty() {
                    let message = format!("attribute `{name}` has no value; write `{name}=VALUE`");
                    errors.push((MarkerErrorKind::BadAttribute(message), pair_start..cur.pos));
                    return false;
                }
                if let Some(bad) = value.chars().find(|c| "\"'=<>`".contains(*c)) {
                    let message =
                        format!("unquoted value of `{name}` contains `{bad}`; quote the value");
                    errors.push((MarkerErrorKind::BadAttribute(message), pair_start..cur.pos));
                    return false;
                }
                value
            }
        };
        accept(name, value, pair_start..cur.pos, errors);
    }
}

/// Template names are plain file names under `templates/` (without `.hbs`):
/// ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit.
/// No `/` and no `..`, so a document cannot point subreg outside
/// `templates/`.
fn is_valid_template_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !name.contains("..")
}

/// Space or tab: the blanks CommonMark and HTML attribute lists use here.
fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// A read position in a string. Advances only by whole characters or found
/// substrings, and slices through `get`, so it never panics.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, pos: 0 }
    }

    fn at(s: &'a str, pos: usize) -> Self {
        Cursor { s, pos }
    }

    fn end(&self) -> usize {
        self.s.len()
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    /// Consumes the longest prefix whose characters satisfy `keep`.
    fn eat_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or("")
    }

    /// Consumes `prefix` if the rest starts with it.
    fn eat_str(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix);
        if found {
            self.pos += prefix.len();
        }
        found
    }
}

/// Whether an attribute name is `template` misspelt: within two edits of
/// it, without regard to case.
pub(super) fn means_template(name: &str) -> bool {
    name != "template" && strsim::damerau_levenshtein(&name.to_ascii_lowercase(), "template") <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Option<(Option<Directive>, Option<String>, Vec<MarkerErrorKind>)> {
        parse_marker(body).map(|m| {
            (
                m.directive,
                m.template,
                m.errors.into_iter().map(|(k, _)| k).collect(),
            )
        })
    }

    #[test]
    fn begin_marker_forms() {
        let ok = |t: &str| Some((Some(Directive::Begin), Some(t.to_owned()), vec![]));
        assert_eq!(kinds("<!-- subreg:begin template=a.md -->"), ok("a.md"));
        assert_eq!(kinds("<!-- subreg:begin template=\"a.md\" -->"), ok("a.md"));
        assert_eq!(kinds("<!-- subreg:begin template='a.md' -->"), ok("a.md"));
        assert_eq!(kinds("<!--subreg:begin template = a.md-->"), ok("a.md"));
        assert_eq!(
            kinds("   <!-- subreg:begin template=a.md --> \t"),
            ok("a.md")
        );
        assert_eq!(kinds("<!-- subreg:begin\ttemplate=a.md\t-->"), ok("a.md"));
    }

    #[test]
    fn lines_that_are_not_markers() {
        assert!(kinds("    <!-- subreg:begin template=a.md -->").is_none());
        assert!(kinds("\t<!-- subreg:begin template=a.md -->").is_none());
        assert!(kinds("see `<!-- subreg:end -->` below").is_none());
        assert!(kinds("<!-- other comment -->").is_none());
        assert!(kinds("<!-- SUBREG:end -->").is_none());
        assert!(kinds("").is_none());
    }

    #[test]
    fn attribute_errors() {
        use MarkerErrorKind as K;
        let errs = |b: &str| kinds(b).map(|k| k.2).unwrap_or_default();
        assert_eq!(errs("<!-- subreg:begin -->"), vec![K::MissingTemplate]);
        assert_eq!(
            errs("<!-- subreg:begin template=\"\" -->"),
            vec![K::BadTemplateName(String::new())]
        );
        assert_eq!(
            errs("<!-- subreg:begin template=../x -->"),
            vec![K::BadTemplateName("../x".to_owned())]
        );
        assert_eq!(
            errs("<!-- subreg:begin template=a lang=en -->"),
            vec![K::UnknownAttribute("lang".to_owned())]
        );
        assert_eq!(
            errs("<!-- subreg:end template=a -->"),
            vec![K::UnknownAttribute("template".to_owned())]
        );
        assert_eq!(
            errs("<!-- subreg:begin template=a template=b -->"),
            vec![K::DuplicateAttribute("template".to_owned())]
        );
        assert_eq!(
            errs("<!-- subreg:begin template -->"),
            vec![
                // One defect, one finding: not also "names no template".
                K::BadAttribute(
                    "attribute `template` has no value; write `template=VALUE`".to_owned()
                ),
            ]
        );
        assert_eq!(
            errs("<!-- subreg:begin template=\"a -->"),
            vec![K::BadAttribute(
                "the value of `template` has no closing \"".to_owned()
            )]
        );
        assert_eq!(errs("<!-- subreg:end --> x"), vec![K::TrailingText]);
        assert_eq!(errs("<!-- subreg:end"), vec![K::UnterminatedComment]);
        // A closing without `>`, or escaped: that one finding, its dashes
        // no attribute.
        for (body, closing) in [
            (
                "<!-- subreg:end --",
                "it closes with `--`, not `-->`; write `-->`",
            ),
            (
                "<!-- subreg:end--  ",
                "it closes with `--`, not `-->`; write `-->`",
            ),
            (
                "<!-- subreg:begin template=a.md - -",
                "it closes with `- -`, not `-->`; write `-->` without blanks",
            ),
            (
                "<!-- subreg:end --&gt;",
                "it is HTML-escaped (`&gt;`), so it shows as a marker but is none; write the \
                 characters themselves (`<`, `>`, `-`) in the document's source",
            ),
            (
                "<!-- subreg:begin template=a.md &#45;&#x2d;&GT",
                "it is HTML-escaped (`&#45;`, `&#x2d;`, `&GT`), so it shows as a marker but is \
                 none; write the characters themselves (`<`, `>`, `-`) in the document's source",
            ),
        ] {
            assert_eq!(errs(body), vec![K::NearMiss(closing.to_owned())], "{body}");
        }
        // One dash glued to a value is the value's.
        assert_eq!(
            errs("<!-- subreg:begin template=a-"),
            vec![K::UnterminatedComment]
        );
        assert_eq!(
            errs("<!-- subreg:start -->"),
            vec![K::UnknownDirective("start".to_owned())]
        );
    }

    #[test]
    fn error_ranges_point_at_the_problem() {
        let marker = parse_marker("<!-- subreg:begin template=a lang=en -->");
        let ranges: Vec<_> = marker
            .map(|m| m.errors.into_iter().map(|e| e.1).collect())
            .unwrap_or_default();
        assert_eq!(ranges, vec![29..36]);
    }

    #[test]
    fn fences_follow_commonmark() {
        assert!(Fence::open("```", 1).is_some());
        assert!(Fence::open("   ~~~ info `x`", 1).is_some());
        assert!(Fence::open("    ```", 1).is_none());
        assert!(Fence::open("``", 1).is_none());
        assert!(Fence::open("``` a`b", 1).is_none());
        let fence = Fence {
            ch: '`',
            len: 4,
            line: 1,
        };
        assert!(fence.is_closed_by("`````  "));
        assert!(!fence.is_closed_by("```"));
        assert!(!fence.is_closed_by("~~~~"));
        assert!(!fence.is_closed_by("```` x"));
    }

    /// Cross-checks our line-based fence tracking against pulldown-cmark, a
    /// full CommonMark parser, on a document full of fence corner cases.
    #[test]
    fn fenced_lines_agree_with_pulldown_cmark() {
        use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
        let doc = "# Title\r\n\
                   ```md\n\
                   <!-- subreg:end -->\n\
                   ```\n\
                   text\n\
                   ~~~~\n\
                   ```\n\
                   ~~~\n\
                   ~~~~~\n\
                   \n\
                   ``` not`a fence\n\
                   \n\
                   \x20\x20\x20```\n\
                   in\n\
                   \x20\x20\x20```\n\
                   \n\
                   \x20\x20\x20\x20```\n\
                   \n\
                   ~~~\n\
                   never closed\n";
        let ours: Vec<bool> = scan(doc, true)
            .lines
            .iter()
            .map(|(_, kind)| matches!(kind, LineKind::Code))
            .collect();
        let mut code_ranges = Vec::new();
        for (event, range) in Parser::new(doc).into_offset_iter() {
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = event {
                code_ranges.push(range);
            }
        }
        let theirs: Vec<bool> = lines(doc, true)
            .map(|l| {
                code_ranges
                    .iter()
                    .any(|r| r.start < l.next_start() && l.start < r.end)
            })
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(
            ours,
            [
                false, true, true, true, false, true, true, true, true, false, false, false, true,
                true, true, false, false, false, true, true
            ]
        );
    }

    #[test]
    fn lines_keep_endings_and_strip_only_a_leading_bom() {
        let text = "\u{feff}a\r\nb\n\u{feff}c";
        let got: Vec<_> = lines(text, true)
            .map(|l| (l.number, l.start, l.body, l.body_start, l.ending))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 0, "a", 3, Some(LineEnding::CrLf)),
                (2, 6, "b", 6, Some(LineEnding::Lf)),
                (3, 8, "\u{feff}c", 8, None),
            ]
        );
    }
}
