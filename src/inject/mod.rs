//! Marker regions in documents: find them, replace their content, diff the
//! result. Pure functions on text; the caller reads and writes files.
//!
//! # Markers
//!
//! ```text
//! <!-- subreg:begin template=subprocessors.md -->
//! ...generated; never edit by hand...
//! <!-- subreg:end -->
//! ```
//!
//! * A marker is a whole line: up to 3 leading spaces (as CommonMark allows
//!   for an HTML block), then the comment, then only spaces or tabs. A line
//!   indented by 4 or more columns (or by a tab) is an indented code block
//!   and never a marker, so documentation can show a marker that way too;
//!   such a line is reported only when the document's markers need it (its
//!   partner is alone, or the document has no marker at all).
//! * Only lines that *start* with `<!--`, optional blanks and `subreg:` are
//!   markers; a marker quoted mid-line in prose is plain text. A line that
//!   starts like a marker but is malformed is an error, never ignored.
//! * Inside the comment: `subreg:begin` or `subreg:end`, then blank-separated
//!   `name=value` attributes. Values may be unquoted, `"double"`- or
//!   `'single'`-quoted (no escapes); blanks around `=` are allowed. The only
//!   attribute is `template` on a begin marker, required, a plain file name
//!   (letters, digits, `.`, `_`, `-`; no `/`, no `..`). The comment ends at
//!   the first `-->`, as in HTML. `subreg:` and the words are lower case.
//! * Lines inside fenced code blocks (CommonMark: up to 3 spaces, then at
//!   least three `` ` `` or `~`; closed by the same character, at least as
//!   many, then only blanks; unclosed runs to the end) are never markers.
//!   Fences nested in list items or block quotes are not tracked.
//! * Only LF ends a line; CRLF is LF with a CR before it; a lone CR is text,
//!   and a marker after a lone CR is reported as not on a line of its own.
//! * A line that a reader would take for a marker (text or a quote or list
//!   prefix before it, look-alike or invisible characters, a misspelt
//!   `subreg`, a wrong case, colon or closing) is a near miss, reported at
//!   its line with what differs (see `near_miss`).
//!
//! # Bytes
//!
//! Everything outside region contents is copied byte for byte (BOM, line
//! endings, missing final newline). A region's content is the rendered text
//! with each line ending replaced by the begin marker line's ending, and a
//! line ending added after its last line; empty rendered text gives an empty
//! region.

mod markers;
mod near_miss;
mod syntax;

pub use syntax::Syntax;

use std::fmt;
use std::ops::Range;

use crate::render::OutputKind;
use markers::{Directive, LineKind};

/// One marker region of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The begin marker's `template` attribute, e.g. `subprocessors.md`
    /// (a file under `templates/`, without `.hbs`).
    pub template: String,
    /// 1-based line of the `<!-- subreg:begin ... -->` marker.
    pub begin_line: usize,
    /// 1-based line of the `<!-- subreg:end -->` marker.
    pub end_line: usize,
    /// Byte range of the generated content: from just after the begin
    /// line's ending to the first byte of the end marker line. Empty when the
    /// markers are on consecutive lines.
    pub content: Range<usize>,
    /// The begin marker line's ending, used for the generated content.
    pub line_ending: LineEnding,
}

/// A line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The ending's bytes as text: `"\n"` or `"\r\n"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// A problem with the markers of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column, counted in characters (a BOM is not counted).
    pub column: usize,
    /// Byte range in the document of the offending text, for source
    /// snippets; within `line`.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: MarkerErrorKind,
    /// Another line involved: the open begin marker for
    /// [`MarkerErrorKind::NestedBegin`], a later begin marker for
    /// [`MarkerErrorKind::EndWithoutBegin`] (markers likely swapped), an
    /// unclosed code fence that hides the end marker for
    /// [`MarkerErrorKind::UnclosedBegin`] or [`MarkerErrorKind::NoRegions`].
    pub related_line: Option<usize>,
    /// For a [`MarkerErrorKind::NearMiss`]: the template that the marker it
    /// was meant as names, so that an unknown one is told in the same run.
    pub meant_template: Option<String>,
    /// The comment syntax of the document, in which the message writes
    /// marker lines.
    pub syntax: Syntax,
}

/// The kinds of marker problems.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkerErrorKind {
    /// A begin marker with no end marker after it.
    UnclosedBegin,
    /// An end marker with no open begin marker before it.
    EndWithoutBegin,
    /// A begin marker inside a region that is still open.
    NestedBegin,
    /// A begin marker without a `template` attribute.
    MissingTemplate,
    /// Attribute syntax is wrong; the text says how.
    BadAttribute(String),
    /// An attribute subreg does not know (the name).
    UnknownAttribute(String),
    /// An attribute given twice (the name).
    DuplicateAttribute(String),
    /// A `template` value that is not a plain file name (the value).
    BadTemplateName(String),
    /// `subreg:WORD` where WORD is not `begin` or `end` (the word).
    UnknownDirective(String),
    /// Text after the closing `-->` on a marker line.
    TrailingText,
    /// A marker line without `-->`; markers cannot span lines.
    UnterminatedComment,
    /// The document has no marker at all outside code blocks.
    NoRegions,
    /// A line that looks like a marker but is not one; the text says what
    /// differs and how to write it.
    NearMiss(String),
    /// A begin marker naming a template that `templates/` does not hold:
    /// the name, and the template it was likely meant as.
    UnknownTemplate {
        /// The name as written.
        name: String,
        /// The closest template's name, when one is close.
        meant: Option<String>,
    },
}

impl MarkerError {
    /// The message without the `line N, column C: ` prefix, for printers
    /// that show the location themselves.
    pub fn message(&self) -> String {
        self.syntax.translate(&self.kind.words(self.related_line))
    }
}

impl MarkerErrorKind {
    /// What this kind of marker error is told, `related` being the line
    /// it refers to (an open fence, a begin marker after an orphan end,
    /// the region a begin nests in): the one place of these words.
    pub(super) fn words(&self, related: Option<usize>) -> String {
        use MarkerErrorKind as K;
        let begin = "<!-- subreg:begin template=NAME -->";
        let end = "<!-- subreg:end -->";
        match (self, related) {
            (K::UnclosedBegin, Some(fence)) => format!(
                "this begin marker is never closed: the code fence opened on line {fence} is \
                 never closed, so every line after it, including any `{end}`, is code; close \
                 the fence"
            ),
            (K::UnclosedBegin, None) => format!(
                "this begin marker is never closed; add a line `{end}` after the generated \
                 content"
            ),
            (K::EndWithoutBegin, Some(begin_line)) => format!(
                "this end marker has no begin marker before it, and the begin marker on line \
                 {begin_line} comes after it; put `{begin}` before `{end}`"
            ),
            (K::EndWithoutBegin, None) => format!(
                "this end marker has no begin marker before it; remove it or add `{begin}` \
                 above the generated content"
            ),
            (K::NestedBegin, Some(open)) => format!(
                "this begin marker is inside the region opened on line {open}, and regions \
                 cannot nest; add `{end}` before this line to close that region"
            ),
            (K::NestedBegin, None) => {
                format!("this begin marker is inside another region; add `{end}` before it")
            }
            (K::MissingTemplate, _) => format!(
                "this begin marker names no template; write `{begin}`, where NAME is a file \
                 in templates/ without `.hbs`"
            ),
            (K::BadAttribute(what), _) => {
                format!("malformed marker attribute: {what}; write attributes as name=value")
            }
            (
                K::UnknownTemplate {
                    name,
                    meant: Some(meant),
                },
                _,
            ) => format!(
                "this region names the template `{name}`, which is neither built in nor in the \
                 templates folder; did you mean `{meant}`?"
            ),
            (K::UnknownTemplate { name, meant: None }, _) => format!(
                "this region names the template `{name}`, which is neither built in nor in the \
                 templates folder; add `{name}.hbs` to the folder or name one that exists"
            ),
            (K::UnknownAttribute(name), _) if markers::means_template(name) => format!(
                "unknown marker attribute `{name}`{}: did you mean `template`?",
                near_miss::named_characters(name)
            ),
            (K::UnknownAttribute(name), _) => format!(
                "unknown marker attribute `{name}`: a begin marker takes only `template`, an \
                 end marker takes none; remove it"
            ),
            (K::DuplicateAttribute(name), _) => {
                format!("attribute `{name}` is given twice; keep one")
            }
            (K::BadTemplateName(name), _) => format!(
                "template name `{name}` is not a plain file name; use letters, digits, `.`, \
                 `_` and `-`, starting with a letter or digit (e.g. `subprocessors.md`)"
            ),
            (K::UnknownDirective(word), _) => format!(
                "`subreg:{word}` is not a marker{}; use `{begin}` or `{end}`",
                near_miss::named_characters(word)
            ),
            (K::TrailingText, _) => "text after `-->`: a marker must be alone on its line \
                 (trailing spaces and tabs are allowed); move the text to the next line"
                .to_owned(),
            (K::UnterminatedComment, _) => {
                "this marker has no `-->` on its line; markers cannot span lines".to_owned()
            }
            (K::NoRegions, Some(fence)) => format!(
                "no marker region found: the code fence opened on line {fence} is never \
                 closed, so every line after it is code; close the fence"
            ),
            (K::NearMiss(what), _) => {
                format!("this line looks like a subreg marker but is not one: {what}")
            }
            (K::NoRegions, None) => format!(
                "no marker region found (markers inside fenced code blocks do not count); add \
                 `{begin}` and `{end}` on lines of their own where the generated content \
                 belongs"
            ),
        }
    }
}

impl fmt::Display for MarkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line,
            self.column,
            self.message()
        )
    }
}

impl std::error::Error for MarkerError {}

/// Where [`find_regions`] files the near misses: the quiet ones, the lines
/// meant as markers, the findings.
type Found<'a> = (
    &'a mut Vec<(MarkerError, Directive)>,
    &'a mut Vec<(usize, Directive)>,
    &'a mut Vec<MarkerError>,
);

/// Files a near miss found on line `line` as `error`: with the quiet ones
/// (said only when the markers need them), or as a finding that also keeps
/// its partner from being an orphan.
fn file_near_miss(
    miss: &near_miss::NearMiss,
    error: MarkerError,
    line: usize,
    (quiet, near, errors): Found<'_>,
) {
    if miss.quiet {
        quiet.push((error, miss.directive));
    } else {
        near.push((line, miss.directive));
        errors.push(error);
    }
}

/// Why [`inject`] produced nothing.
#[derive(Debug)]
pub enum InjectError<E> {
    /// The markers are broken; every problem found, sorted by position.
    Markers(Vec<MarkerError>),
    /// `render` failed for `region`.
    Render {
        /// The region being rendered.
        region: Region,
        /// The renderer's error.
        error: E,
    },
    /// The rendered text would break the document's markers on the next run.
    Output {
        /// The region being rendered.
        region: Region,
        /// What is wrong with the rendered text.
        problem: OutputProblem,
    },
}

/// Rendered text that cannot go between markers, with 1-based line numbers
/// within the rendered text and the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputProblem {
    /// A line that starts like a subreg marker (or a misspelt one, which
    /// the next run would report), outside a code fence.
    MarkerLine {
        /// Line within the rendered text.
        line: usize,
        /// The line, without its line ending.
        text: String,
    },
    /// A code fence left open, which would hide the end marker.
    UnclosedFence {
        /// Line of the opening fence within the rendered text.
        line: usize,
        /// The fence line, without its line ending.
        text: String,
    },
}

impl OutputProblem {
    /// The offending line of the rendered text.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Self::MarkerLine { text, .. } | Self::UnclosedFence { text, .. } => text,
        }
    }
}

impl<E: fmt::Display> fmt::Display for InjectError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InjectError::Markers(errors) => {
                write!(f, "{} marker error(s):", errors.len())?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            InjectError::Render { region, error } => write!(
                f,
                "rendering template `{}` for the region on lines {}-{} failed: {error}",
                region.template, region.begin_line, region.end_line
            ),
            InjectError::Output { region, problem } => {
                let (line, what) = match problem {
                    OutputProblem::MarkerLine { line, .. } => (line, "a subreg marker line"),
                    OutputProblem::UnclosedFence { line, .. } => {
                        (line, "a code fence that is never closed")
                    }
                };
                write!(
                    f,
                    "template `{}` (region on lines {}-{}) produced {what} at its line {line}, \
                     which would break the document's markers; fix the template",
                    region.template, region.begin_line, region.end_line
                )
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for InjectError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InjectError::Render { error, .. } => Some(error),
            InjectError::Markers(_) | InjectError::Output { .. } => None,
        }
    }
}

/// Finds the marker regions of `text`, in document order.
///
/// # Errors
///
/// Every marker problem in the document (not just the first), sorted by
/// line and column: syntax errors of single marker lines, unpaired,
/// reversed or nested markers, and [`MarkerErrorKind::NoRegions`] when the
/// document has no marker outside code blocks at all.
pub fn find_regions(text: &str) -> Result<Vec<Region>, Vec<MarkerError>> {
    let scan = markers::scan(text, true);
    let mut errors = Vec::new();
    let mut regions = Vec::new();
    // Open begin markers; more than one means nesting (already reported).
    let mut open: Vec<OpenBegin> = Vec::new();
    let mut begin_lines = Vec::new();
    let mut orphan_ends = Vec::new();
    let mut saw_marker = false;

    // Lines meant as markers but misspelt: (line, meant as a begin marker).
    let mut near_misses: Vec<(usize, Directive)> = Vec::new();

    // Quiet near misses (indented as code, HTML-escaped, prose in a
    // comment): reported only if the document needs them.
    let mut quiet_misses: Vec<(MarkerError, Directive)> = Vec::new();
    // Lone CRs before the current line, for the line an editor shows.
    let mut lone_crs = 0;

    for (line, kind) in &scan.lines {
        let miss_at = |offset: usize, miss: &near_miss::NearMiss| MarkerError {
            line: line.number,
            column: column_of(line.body, offset + miss.range.start),
            span: line.body_start + offset + miss.range.start
                ..line.body_start + offset + miss.range.end,
            kind: MarkerErrorKind::NearMiss(miss.what()),
            related_line: None,
            meant_template: miss.template.clone(),
            syntax: Syntax::Html,
        };
        if !matches!(kind, LineKind::Code) {
            let behind = near_miss::behind_lone_crs(line.body, line.number + lone_crs);
            lone_crs += line.body.matches('\r').count();
            if !behind.is_empty() {
                for (offset, miss) in &behind {
                    near_misses.push((line.number, miss.directive));
                    errors.push(miss_at(*offset, miss));
                }
                continue;
            }
        }
        let marker = match kind {
            // Prose in a comment that happens to start like a marker.
            LineKind::Marker(marker) if !marker.errors.is_empty() => {
                if let Some(miss) = near_miss::prose_comment(line.body) {
                    quiet_misses.push((miss_at(0, &miss), miss.directive));
                    continue;
                }
                marker
            }
            LineKind::Marker(marker) => marker,
            LineKind::Text => {
                if let Some(miss) = near_miss::near_miss(line.body) {
                    let error = miss_at(0, &miss);
                    let found = (&mut quiet_misses, &mut near_misses, &mut errors);
                    file_near_miss(&miss, error, line.number, found);
                }
                continue;
            }
            LineKind::Code => continue,
        };
        let error_at = |kind: MarkerErrorKind, range: &Range<usize>, related_line| MarkerError {
            line: line.number,
            column: column_of(line.body, range.start),
            span: line.body_start + range.start..line.body_start + range.end,
            kind,
            related_line,
            meant_template: None,
            syntax: Syntax::Html,
        };
        // `subreg:` and a blank: `<!-- subreg: end -->` is a marker with a
        // blank after the colon, `<!-- subreg: see README -->` is prose.
        // An unknown directive is judged as a near miss when it reads as
        // `begin` or `end` (look-alike or invisible characters in it:
        // `subreg:\u{435}nd`) or words follow it that make the line a
        // comment; any other word followed by words (`subreg:note legal
        // reviewed`) is prose about subreg, no marker at all.
        let unknown = marker.errors.iter().find_map(|(kind, range)| match kind {
            MarkerErrorKind::UnknownDirective(word) => Some((word.as_str(), range.end)),
            _ => None,
        });
        if let Some((word, word_end)) = unknown {
            let miss = near_miss::near_miss(line.body);
            if word.is_empty()
                || near_miss::reads_as_directive(word)
                || miss.as_ref().is_some_and(|m| m.quiet)
            {
                if let Some(miss) = miss {
                    let error = miss_at(0, &miss);
                    let found = (&mut quiet_misses, &mut near_misses, &mut errors);
                    file_near_miss(&miss, error, line.number, found);
                }
                continue;
            }
            if near_miss::meant_directive(word).is_none()
                && near_miss::words_follow(&line.body[word_end..])
            {
                continue;
            }
        }
        saw_marker = true;
        for (kind, range) in &marker.errors {
            let said = match kind {
                MarkerErrorKind::UnknownDirective(word) => near_miss::lookalike_directive(word)
                    .map_or_else(|| kind.clone(), MarkerErrorKind::NearMiss),
                _ => kind.clone(),
            };
            let near = matches!(said, MarkerErrorKind::NearMiss(_));
            errors.push(MarkerError {
                // A closing or blank near miss names its template too.
                meant_template: if near { marker.template.clone() } else { None },
                ..error_at(said, range, None)
            });
            // `subreg:ned`, `subreg:stop`: reported here, and the marker it
            // was meant as does not leave its partner an orphan.
            if let MarkerErrorKind::UnknownDirective(word) = kind {
                let meant = near_miss::meant_directive(word).unwrap_or(if open.is_empty() {
                    Directive::Begin
                } else {
                    Directive::End
                });
                near_misses.push((line.number, meant));
            }
        }
        // A marker line with a syntax error is reported for it alone: it
        // opens or closes no region, so a misspelt begin before the real
        // one is not also "never closed", nor the real one "nested".
        if !marker.errors.is_empty() {
            if let Some(directive) = marker.directive {
                near_misses.push((line.number, directive));
            }
            continue;
        }
        match marker.directive {
            Some(Directive::Begin) => {
                if let Some(outer) = open.last() {
                    let nested = MarkerErrorKind::NestedBegin;
                    errors.push(error_at(nested, &marker.span, Some(outer.line)));
                }
                begin_lines.push(line.number);
                open.push(OpenBegin {
                    line: line.number,
                    template: marker.template.clone(),
                    content_start: line.next_start(),
                    line_ending: line.ending.unwrap_or(LineEnding::Lf),
                    if_unclosed: error_at(MarkerErrorKind::UnclosedBegin, &marker.span, None),
                });
            }
            Some(Directive::End) => match open.pop() {
                Some(begin) => {
                    if let (true, Some(template)) = (open.is_empty(), begin.template) {
                        regions.push(Region {
                            template,
                            begin_line: begin.line,
                            end_line: line.number,
                            content: begin.content_start..line.start,
                            line_ending: begin.line_ending,
                        });
                    }
                }
                None => {
                    let orphan = MarkerErrorKind::EndWithoutBegin;
                    orphan_ends.push(error_at(orphan, &marker.span, None));
                }
            },
            None => {}
        }
    }

    // An end marker whose begin marker was misspelt, or the reverse, is
    // not a second problem: the misspelt line is reported where it is.
    // A quiet near miss (indented as code, escaped, prose) is the
    // explanation when its partner is alone or the document has no
    // marker: then every such line is said.
    let missed = |directive: Directive, lines: std::ops::Range<usize>| {
        near_misses
            .iter()
            .any(|(line, d)| *d == directive && lines.contains(line))
    };
    let missed_quietly = |directive: Directive, lines: std::ops::Range<usize>| {
        quiet_misses
            .iter()
            .any(|(e, d)| *d == directive && lines.contains(&e.line))
    };
    let mut quiet_needed = !saw_marker && near_misses.is_empty() && !quiet_misses.is_empty();
    for mut orphan in orphan_ends {
        if missed(Directive::Begin, 0..orphan.line) {
            continue;
        }
        if missed_quietly(Directive::Begin, 0..orphan.line) {
            quiet_needed = true;
            continue;
        }
        orphan.related_line = begin_lines.iter().copied().find(|&b| b > orphan.line);
        errors.push(orphan);
    }
    for begin in open {
        if missed(Directive::End, begin.line..usize::MAX) {
            continue;
        }
        if missed_quietly(Directive::End, begin.line..usize::MAX) {
            quiet_needed = true;
            continue;
        }
        errors.push(MarkerError {
            related_line: scan.open_fence.filter(|&fence| fence > begin.line),
            ..begin.if_unclosed
        });
    }
    if quiet_needed {
        errors.extend(quiet_misses.into_iter().map(|(e, _)| e));
    } else if !saw_marker && near_misses.is_empty() {
        // Said at the fence that hides every marker, when one does.
        let fence = scan.open_fence.and_then(|number| {
            let (line, _) = scan.lines.iter().find(|(l, _)| l.number == number)?;
            let indent = line.body.len() - line.body.trim_start_matches(' ').len();
            Some((
                number,
                column_of(line.body, indent),
                line.body_start + indent,
                line,
            ))
        });
        let (line, column, span) = match fence {
            Some((number, column, start, line)) => {
                (number, column, start..line.body_start + line.body.len())
            }
            None => (1, 1, 0..0),
        };
        errors.push(MarkerError {
            line,
            column,
            span,
            kind: MarkerErrorKind::NoRegions,
            related_line: scan.open_fence,
            meant_template: None,
            syntax: Syntax::Html,
        });
    }

    if errors.is_empty() {
        Ok(regions)
    } else {
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

/// Replaces the content of every region of `text` with `render(region)`,
/// converted to the region's line ending (see the module docs), and returns
/// the new document. Bytes outside region contents are copied unchanged.
/// Idempotent: injecting the same rendered text again changes nothing.
///
/// # Errors
///
/// Nothing is produced when:
/// [`InjectError::Markers`] — the markers are broken ([`find_regions`]);
/// [`InjectError::Render`] — `render` failed (the first failure stops);
/// [`InjectError::Output`] — a rendered text contains a marker line or an
/// unclosed code fence, which would break the markers on the next run.
pub fn inject<E>(
    text: &str,
    render: impl FnMut(&Region) -> Result<String, E>,
) -> Result<String, InjectError<E>> {
    inject_in(text, Syntax::Html, render)
}

/// Finds the marker regions of `text`, a document whose markers are
/// written in `syntax` ([`find_regions`] for [`Syntax::Html`]).
///
/// # Errors
/// Every marker problem of the document, as [`find_regions`] says them.
pub fn find_regions_in(text: &str, syntax: Syntax) -> Result<Vec<Region>, Vec<MarkerError>> {
    match syntax {
        Syntax::Html => find_regions(text),
        other => syntax::find_regions(text, other),
    }
}

/// [`inject`] for a document whose markers are written in `syntax`.
///
/// # Errors
/// As [`inject`].
pub fn inject_in<E>(
    text: &str,
    syntax: Syntax,
    mut render: impl FnMut(&Region) -> Result<String, E>,
) -> Result<String, InjectError<E>> {
    let regions = find_regions_in(text, syntax).map_err(InjectError::Markers)?;
    let mut contents = Vec::with_capacity(regions.len());
    for region in &regions {
        let rendered = render(region).map_err(|error| InjectError::Render {
            region: region.clone(),
            error,
        })?;
        let content = with_line_ending(&rendered, region.line_ending);
        let kind = OutputKind::from_name(&region.template);
        if let Some(problem) = output_problem(&content, kind, syntax) {
            return Err(InjectError::Output {
                region: region.clone(),
                problem,
            });
        }
        contents.push(content);
    }

    // Rebuild line by line so that nothing is sliced by offset.
    let mut out =
        String::with_capacity(text.len() + contents.iter().map(String::len).sum::<usize>());
    let mut pending = regions.iter().zip(&contents).peekable();
    let mut skip_before = 0;
    for line in markers::lines(text, true) {
        if line.number < skip_before {
            continue;
        }
        out.push_str(line.raw);
        if let Some((region, content)) = pending.next_if(|(r, _)| r.begin_line == line.number) {
            out.push_str(content);
            skip_before = region.end_line;
        }
    }
    Ok(out)
}

/// A unified diff from `old` to `new` with 3 lines of context, headed
/// `--- a/PATH_LABEL` and `+++ b/PATH_LABEL`, lines as in the inputs (a CR
/// of a CRLF ending is kept), `\ No newline at end of file` where one is
/// missing. The empty string when `old == new`.
pub fn unified_diff(path_label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path_label}"), &format!("b/{path_label}"))
        .to_string()
}

/// A begin marker waiting for its end marker.
struct OpenBegin {
    line: usize,
    template: Option<String>,
    content_start: usize,
    line_ending: LineEnding,
    /// The error to report if no end marker follows.
    if_unclosed: MarkerError,
}

/// 1-based character column of byte `offset` in `body`.
fn column_of(body: &str, offset: usize) -> usize {
    body.get(..offset)
        .map_or(offset, |before| before.chars().count())
        + 1
}

/// `rendered` with every line ended by `ending`, including the last one.
fn with_line_ending(rendered: &str, ending: LineEnding) -> String {
    let mut out = String::with_capacity(rendered.len() + rendered.len() / 16);
    for piece in rendered.split_inclusive('\n') {
        let line = piece.strip_suffix('\n').unwrap_or(piece);
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.push_str(line);
        out.push_str(ending.as_str());
    }
    out
}

/// Whether one line of rendered text, outside a code fence, reads as a
/// marker: to the next run (a marker line, one subreg refuses such as
/// `<!-- subreg:stop -->` included, or a near miss), or to a reader of the
/// document a template of `kind` writes, who sees the line with its
/// escapes undone (`\<!-- subreg:stop -->` in Markdown, `&lt;div&gt;&lt;!--
/// subreg:end --&gt;&lt;/div&gt;` in HTML). Such a line cannot be written
/// between markers.
#[must_use]
pub fn reads_as_marker_line(body: &str, kind: OutputKind) -> bool {
    let reads =
        |line: &str| markers::parse_marker(line).is_some() || near_miss::reads_as_marker(line);
    // A line break a reference decodes to (`&#13;&#10;`, which the HTML
    // escape writes for one in a value) is inside this source line: a
    // reader sees it as a blank in the text, and no marker scan starts a
    // line there, so it is judged as the blank.
    reads(body)
        || kind
            .shown(body)
            .is_some_and(|shown| reads(&shown.replace(['\r', '\n'], " ")))
}

/// Whether `content`, placed between a begin and an end marker by a
/// template of `kind`, would change how the document's markers are read,
/// or write a line a reader takes for one ([`reads_as_marker_line`]). The
/// begin marker is outside any fence, so scanning the content on its own
/// gives the same fence states.
fn output_problem(content: &str, kind: OutputKind, syntax: Syntax) -> Option<OutputProblem> {
    let scan = markers::scan(content, false);
    let marker_line = scan.lines.iter().find_map(|(line, line_kind)| {
        let marker = match line_kind {
            LineKind::Marker(_) => true,
            LineKind::Text => {
                reads_as_marker_line(line.body, kind)
                    || (syntax != Syntax::Html && syntax::reads_as_marker(line.body, syntax))
            }
            LineKind::Code => {
                syntax != Syntax::Html
                    && syntax != Syntax::Mdx
                    && syntax::reads_as_marker(line.body, syntax)
            }
        };
        marker.then(|| (line.number, line.body.to_owned()))
    });
    // Only Markdown and MDX documents have fences that hide markers.
    let open_fence = scan
        .open_fence
        .filter(|_| matches!(syntax, Syntax::Html | Syntax::Mdx));
    let fence_text = |number: usize| {
        scan.lines
            .iter()
            .find(|(line, _)| line.number == number)
            .map(|(line, _)| line.body.to_owned())
            .unwrap_or_default()
    };
    match (marker_line, open_fence) {
        (Some((line, text)), _) => Some(OutputProblem::MarkerLine { line, text }),
        (None, Some(line)) => Some(OutputProblem::UnclosedFence {
            line,
            text: fence_text(line),
        }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    const BEGIN: &str = "<!-- subreg:begin template=subprocessors.md -->";
    const END: &str = "<!-- subreg:end -->";

    /// Injects `rendered` into every region.
    fn put(text: &str, rendered: &str) -> Result<String, InjectError<Infallible>> {
        inject(text, |_| Ok(rendered.to_owned()))
    }

    /// (line, column, kind, related_line) of each marker error of `text`.
    fn problems(text: &str) -> Vec<(usize, usize, MarkerErrorKind, Option<usize>)> {
        match find_regions(text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.line, e.column, e.kind, e.related_line))
                .collect(),
        }
    }

    #[test]
    fn a_single_region_is_replaced() -> Result<(), InjectError<Infallible>> {
        let text = format!("# Policy\n\n{BEGIN}\nold row\nold row 2\n{END}\n\nAfter.\n");
        let regions = find_regions(&text).map_err(InjectError::Markers)?;
        assert_eq!(
            regions,
            vec![Region {
                template: "subprocessors.md".to_owned(),
                begin_line: 3,
                end_line: 6,
                content: 58..76,
                line_ending: LineEnding::Lf,
            }]
        );
        assert_eq!(text.get(58..76), Some("old row\nold row 2\n"));
        assert_eq!(
            put(&text, "| A | B |\n|---|---|")?,
            format!("# Policy\n\n{BEGIN}\n| A | B |\n|---|---|\n{END}\n\nAfter.\n")
        );
        Ok(())
    }

    #[test]
    fn each_region_gets_its_own_rendering() -> Result<(), InjectError<Infallible>> {
        let text = "<!-- subreg:begin template=a -->\n<!-- subreg:end -->\n\
                    <!-- subreg:begin template='b.md' -->\nx\n<!-- subreg:end -->\n";
        let out = inject(text, |r| {
            Ok(format!("{} {}-{}\n", r.template, r.begin_line, r.end_line))
        })?;
        assert_eq!(
            out,
            "<!-- subreg:begin template=a -->\na 1-2\n<!-- subreg:end -->\n\
             <!-- subreg:begin template='b.md' -->\nb.md 3-5\n<!-- subreg:end -->\n"
        );
        Ok(())
    }

    #[test]
    fn crlf_stays_crlf_byte_for_byte() -> Result<(), InjectError<Infallible>> {
        let text = format!("Intro\r\n\r\n{BEGIN}\r\nold\r\n{END}\r\nTail \r\n");
        let out = put(&text, "row 1\nrow 2\r\n")?;
        assert_eq!(
            out,
            format!("Intro\r\n\r\n{BEGIN}\r\nrow 1\r\nrow 2\r\n{END}\r\nTail \r\n")
        );
        Ok(())
    }

    #[test]
    fn mixed_endings_are_kept_and_content_follows_the_begin_line()
    -> Result<(), InjectError<Infallible>> {
        let text = format!("a\r\nb\n{BEGIN}\r\nold\n{END}\nc\r\n");
        let out = put(&text, "x\ny")?;
        assert_eq!(out, format!("a\r\nb\n{BEGIN}\r\nx\r\ny\r\n{END}\nc\r\n"));
        Ok(())
    }

    #[test]
    fn a_bom_is_kept_and_a_marker_right_after_it_counts() -> Result<(), InjectError<Infallible>> {
        let text = format!("\u{feff}{BEGIN}\nold\n{END}\n");
        let out = put(&text, "new\n")?;
        assert_eq!(out, format!("\u{feff}{BEGIN}\nnew\n{END}\n"));
        assert!(out.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        Ok(())
    }

    #[test]
    fn a_missing_final_newline_stays_missing() -> Result<(), InjectError<Infallible>> {
        let text = format!("x\n{BEGIN}\nold\n{END}");
        assert_eq!(put(&text, "new")?, format!("x\n{BEGIN}\nnew\n{END}"));
        let text = format!("{BEGIN}\n{END}\ntail");
        assert_eq!(put(&text, "new")?, format!("{BEGIN}\nnew\n{END}\ntail"));
        Ok(())
    }

    #[test]
    fn markers_at_the_very_start_and_end() -> Result<(), InjectError<Infallible>> {
        let text = format!("{BEGIN}\r\n{END}");
        let regions = find_regions(&text).map_err(InjectError::Markers)?;
        assert_eq!(
            regions
                .iter()
                .map(|r| (r.content.start, r.content.end))
                .collect::<Vec<_>>(),
            [(49, 49)]
        );
        assert_eq!(
            put(&text, "a\n\nb\n")?,
            format!("{BEGIN}\r\na\r\n\r\nb\r\n{END}")
        );
        Ok(())
    }

    #[test]
    fn empty_rendering_empties_the_region() -> Result<(), InjectError<Infallible>> {
        let text = format!("{BEGIN}\nold\n{END}\n");
        assert_eq!(put(&text, "")?, format!("{BEGIN}\n{END}\n"));
        Ok(())
    }

    #[test]
    fn markers_in_fenced_code_are_ignored() -> Result<(), InjectError<Infallible>> {
        let text = format!(
            "Example:\n```md\n{BEGIN}\n{END}\n```\n\n~~~~\n{END}\n~~~\n{BEGIN}\n~~~~~\n\
             {BEGIN}\nold\n{END}\n\n  ```\n{END}\n"
        );
        let regions = find_regions(&text).map_err(InjectError::Markers)?;
        let lines: Vec<_> = regions.iter().map(|r| (r.begin_line, r.end_line)).collect();
        assert_eq!(lines, [(12, 14)]);
        let out = put(&text, "new\n")?;
        assert_eq!(out, text.replace("\nold\n", "\nnew\n"));
        Ok(())
    }

    #[test]
    fn indented_and_inline_markers_are_text() -> Result<(), InjectError<Infallible>> {
        let text = format!("    {BEGIN}\nSee `{END}`.\n   {BEGIN} \t\nold\n{END}\t\n");
        let regions = find_regions(&text).map_err(InjectError::Markers)?;
        let lines: Vec<_> = regions.iter().map(|r| (r.begin_line, r.end_line)).collect();
        assert_eq!(lines, [(3, 5)]);
        Ok(())
    }

    #[test]
    fn pairing_errors_name_the_lines() {
        use MarkerErrorKind as K;
        // Unclosed.
        assert_eq!(
            problems(&format!("a\n{BEGIN}\nx\n")),
            [(2, 1, K::UnclosedBegin, None)]
        );
        // End without begin.
        assert_eq!(
            problems(&format!("a\n\n{END}\n")),
            [(3, 1, K::EndWithoutBegin, None)]
        );
        // Reversed: end first, then begin.
        assert_eq!(
            problems(&format!("{END}\nx\n{BEGIN}\n")),
            [
                (1, 1, K::EndWithoutBegin, Some(3)),
                (3, 1, K::UnclosedBegin, None)
            ]
        );
        // Nested.
        assert_eq!(
            problems(&format!("{BEGIN}\n  {BEGIN}\n{END}\n{END}\n")),
            [(2, 3, K::NestedBegin, Some(1))]
        );
        // Duplicated begin (the first region's end was forgotten).
        assert_eq!(
            problems(&format!("{BEGIN}\nx\n{BEGIN}\ny\n{END}\n")),
            [
                (1, 1, K::UnclosedBegin, None),
                (3, 1, K::NestedBegin, Some(1))
            ]
        );
        // Duplicated end.
        assert_eq!(
            problems(&format!("{BEGIN}\n{END}\n{END}\n")),
            [(3, 1, K::EndWithoutBegin, None)]
        );
        // An unclosed fence inside the region hides its end marker.
        assert_eq!(
            problems(&format!("{BEGIN}\n```\n{END}\n")),
            [(1, 1, K::UnclosedBegin, Some(2))]
        );
        // A begin line with a syntax error before the real begin: said
        // once, at its closing; the real region pairs as if it were absent.
        assert_eq!(
            problems(&format!(
                "<!-- subreg:begin template=t.md -- -->\n{BEGIN}\nx\n{END}\n"
            )),
            [(
                1,
                33,
                K::NearMiss(
                    "it closes with `-- -->`, not `-->`; write `-->` without blanks".to_owned()
                ),
                None
            )]
        );
        // Alone, with its end: the end is no orphan of a second problem.
        assert_eq!(
            problems("<!-- subreg:begin -->\nx\n<!-- subreg:end -->\n"),
            [(1, 1, K::MissingTemplate, None)]
        );
        // Prose in a comment that starts like a marker is no marker.
        for prose in [
            "<!-- subreg: end of the generated list, do not edit above -->",
            "<!-- subreg:begin and subreg:end mark generated content -->",
            "<!-- subreg: see README -->",
            "<!-- subreg: generated, do not edit -->",
        ] {
            assert_eq!(
                problems(&format!("{prose}\n{BEGIN}\nx\n{END}\n")),
                [],
                "{prose}"
            );
        }
        // A blank after the colon is said as such; `templat` once, as `template` misspelt.
        assert_eq!(
            problems(&format!("{BEGIN}\n<!-- subreg: end -->\n")),
            [(
                2,
                6,
                K::NearMiss(
                    "`subreg: end` has a blank around the colon; write `subreg:end`".to_owned()
                ),
                None
            )]
        );
        assert_eq!(
            problems(&format!("<!-- subreg:begin templat=t.md -->\nx\n{END}\n")),
            [(1, 19, K::UnknownAttribute("templat".to_owned()), None)]
        );
        // No markers at all (the one in the fence does not count).
        assert_eq!(problems("text\n"), [(1, 1, K::NoRegions, None)]);
        assert_eq!(problems(""), [(1, 1, K::NoRegions, None)]);
        assert_eq!(
            problems(&format!("~~~\n{BEGIN}\n{END}\n")),
            [(1, 1, K::NoRegions, Some(1))]
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        use MarkerErrorKind as K;
        let text = "ok\n\
                    <!-- subreg:begin -->\n\
                    <!-- subreg:end -->\n\
                    <!-- subreg:begin template=a lang=en -->\n\
                    <!-- subreg:end --> trailing\n\
                    <!-- subreg:begin template=a template=b -->\n\
                    <!-- subreg:end\n\
                    <!-- subreg:begin template=../etc -->\n\
                    <!-- subreg:finish -->\n\
                    <!-- subreg:end -->\n\
                    <!-- subreg:begin template=\"é -->\n\
                    <!-- subreg:end -->\n";
        assert_eq!(
            problems(text),
            [
                (2, 1, K::MissingTemplate, None),
                (4, 30, K::UnknownAttribute("lang".to_owned()), None),
                (5, 21, K::TrailingText, None),
                (6, 30, K::DuplicateAttribute("template".to_owned()), None),
                (7, 1, K::UnterminatedComment, None),
                (8, 19, K::BadTemplateName("../etc".to_owned()), None),
                (9, 13, K::UnknownDirective("finish".to_owned()), None),
                (
                    11,
                    19,
                    K::BadAttribute("the value of `template` has no closing \"".to_owned()),
                    None
                ),
            ]
        );
    }

    #[test]
    fn all_errors_are_reported_and_nothing_is_produced() {
        let text = format!("{END}\n{BEGIN}\n<!-- subreg:begin x=1 -->\n");
        let mut calls = 0;
        let result: Result<String, InjectError<Infallible>> = inject(&text, |_| {
            calls += 1;
            Ok(String::new())
        });
        let Err(InjectError::Markers(errors)) = result else {
            panic!("expected marker errors, got {result:?}");
        };
        assert_eq!(calls, 0);
        let lines: Vec<_> = errors.iter().map(|e| (e.line, e.kind.clone())).collect();
        assert_eq!(
            lines,
            [
                (1, MarkerErrorKind::EndWithoutBegin),
                (2, MarkerErrorKind::UnclosedBegin),
                // Same line: by column, then in the order found. A begin
                // line with a syntax error is said for that alone, not
                // also as nested in line 2 or never closed.
                (3, MarkerErrorKind::MissingTemplate),
                (3, MarkerErrorKind::UnknownAttribute("x".to_owned())),
            ]
        );
        // The span points at the marker, BOM excluded.
        let errors = find_regions(&format!("\u{feff}{END}\n"))
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.span.start, e.span.end))
                .collect::<Vec<_>>(),
            [(3, 22)]
        );
    }

    #[test]
    fn messages_say_what_and_how() {
        let errors = find_regions(&format!("{END}\n{BEGIN}\n"))
            .err()
            .unwrap_or_default();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 1, column 1: this end marker has no begin marker before it, and the begin \
                 marker on line 2 comes after it; put `<!-- subreg:begin template=NAME -->` \
                 before `<!-- subreg:end -->`",
                "line 2, column 1: this begin marker is never closed; add a line \
                 `<!-- subreg:end -->` after the generated content",
            ]
        );
    }

    #[test]
    fn render_and_output_errors_produce_nothing() {
        let text = format!("{BEGIN}\nold\n{END}\n");
        let result = inject(&text, |_| Err("no such template"));
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err(
                "rendering template `subprocessors.md` for the region on lines 1-3 failed: \
                 no such template"
                    .to_owned()
            )
        );
        let problem = |rendered: &str| match put(&text, rendered) {
            Err(InjectError::Output { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(
            problem("a\n<!-- subreg:end -->\n"),
            Some(OutputProblem::MarkerLine {
                line: 2,
                text: "<!-- subreg:end -->".to_owned()
            })
        );
        // A misspelt marker too: the next run would report it.
        assert_eq!(
            problem("a\n<!-- SUBREG:END -->\n"),
            Some(OutputProblem::MarkerLine {
                line: 2,
                text: "<!-- SUBREG:END -->".to_owned()
            })
        );
        assert_eq!(
            problem("a\n\n```\ncode\n"),
            Some(OutputProblem::UnclosedFence {
                line: 3,
                text: "```".to_owned()
            })
        );
        // A marker shown inside a closed fence is fine.
        assert_eq!(problem("```\n<!-- subreg:end -->\n```\n"), None);
    }

    #[test]
    fn injecting_twice_changes_nothing() -> Result<(), InjectError<Infallible>> {
        for text in [
            format!("\u{feff}{BEGIN}\r\nold\r\n{END}"),
            format!("a\n{BEGIN}\nold\n{END}\n{BEGIN}\r\n{END}\r\n"),
        ] {
            for rendered in [
                "",
                "x",
                "x\ny\n",
                "x\r\n\r\n",
                "```\n<!-- subreg:end -->\n```",
            ] {
                let once = put(&text, rendered)?;
                assert_eq!(put(&once, rendered)?, once, "{text:?} with {rendered:?}");
            }
        }
        Ok(())
    }

    /// Random documents built from marker, fence and line-ending fragments:
    /// nothing panics; every success is idempotent, keeps its regions, and
    /// keeps every byte outside them.
    #[test]
    fn random_documents_hold_the_invariants() {
        // Whole lines (each gets a random ending) and a few odd fragments.
        const PIECES: [&str; 16] = [
            "<!-- subreg:begin template=t -->",
            "<!-- subreg:begin template=t -->",
            "<!-- subreg:end -->",
            "<!-- subreg:end -->",
            "<!-- subreg:begin template=\"t\" --> ",
            "  <!-- subreg:end -->\t",
            "<!-- subreg:",
            "```",
            "~~~~",
            "    ```",
            "\u{feff}",
            "text é",
            "",
            "\r",
            "`<!-- subreg:end -->`",
            "-->",
        ];
        const ENDINGS: [&str; 5] = ["\n", "\n", "\r\n", "", " \n"];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            // xorshift64: deterministic, so a failure reproduces.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let outside = |text: &str, regions: &[Region]| {
            let mut kept = String::new();
            let mut from = 0;
            for r in regions {
                kept.push_str(text.get(from..r.content.start).unwrap_or("<bad range>"));
                from = r.content.end;
            }
            kept.push_str(text.get(from..).unwrap_or("<bad range>"));
            kept
        };
        let mut successes = 0;
        for _ in 0..20_000 {
            let len = next() % 12;
            let mut text = String::new();
            for _ in 0..len {
                let piece = PIECES.get((next() % PIECES.len() as u64) as usize);
                let ending = ENDINGS.get((next() % ENDINGS.len() as u64) as usize);
                text.push_str(piece.copied().unwrap_or(""));
                text.push_str(ending.copied().unwrap_or(""));
            }
            let rendered = if next() % 2 == 0 { "r1\nr2" } else { "" };
            let Ok(out) = put(&text, rendered) else {
                continue;
            };
            successes += 1;
            let (Ok(before), Ok(after)) = (find_regions(&text), find_regions(&out)) else {
                panic!("output of {text:?} no longer parses");
            };
            assert_eq!(before.len(), after.len(), "{text:?}");
            assert_eq!(outside(&text, &before), outside(&out, &after), "{text:?}");
            assert_eq!(put(&out, rendered).ok().as_ref(), Some(&out), "{text:?}");
        }
        // The generator must reach the interesting case often enough.
        assert!(
            successes > 300,
            "only {successes} documents had valid markers"
        );
    }

    #[test]
    fn unified_diff_is_exact() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh";
        assert_eq!(
            unified_diff("docs/policy.md", old, new),
            "--- a/docs/policy.md\n\
             +++ b/docs/policy.md\n\
             @@ -2,7 +2,7 @@\n\
             \x20b\n\
             \x20c\n\
             \x20d\n\
             -e\n\
             +E\n\
             \x20f\n\
             \x20g\n\
             -h\n\
             +h\n\
             \\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("p", old, old), "");
    }
}
