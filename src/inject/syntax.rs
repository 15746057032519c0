//! Markers in the comment syntax of documents other than Markdown and HTML
//! (DESIGN §5): MDX `{/* subreg:begin template=NAME */}`, reStructuredText
//! `.. subreg:begin template=NAME`, YAML and TOML `# subreg:begin
//! template=NAME`, AsciiDoc `// subreg:begin template=NAME`.
//!
//! The words inside the comment are those of an HTML marker and are read by
//! the same grammar ([`parse_marker`]); regions pair, nest and fail as
//! theirs do. A marker is a whole line: leading blanks, the comment, then
//! only spaces or tabs. In MDX, lines inside fenced code blocks are never
//! markers; the other syntaxes have no code block that subreg follows.
//! A line that opens the comment and names `subreg` in another case or with
//! blanks around the colon is a near miss, said at its line.

use std::ops::Range;

use super::markers::{self, Directive, LineKind, parse_marker};
use super::{LineEnding, MarkerError, MarkerErrorKind, Region};

/// The comment syntax a document's markers are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// Markdown and HTML: `<!-- subreg:begin template=NAME -->`.
    #[default]
    Html,
    /// MDX 2: `{/* subreg:begin template=NAME */}`.
    Mdx,
    /// reStructuredText: `.. subreg:begin template=NAME`.
    Rst,
    /// YAML and TOML: `# subreg:begin template=NAME`.
    Hash,
    /// AsciiDoc: `// subreg:begin template=NAME`.
    Slash,
}

impl Syntax {
    /// The syntax of a document named `name`, from its extension (case
    /// aside): `.mdx`; `.rst`, `.rest`; `.yaml`, `.yml`, `.toml`; `.adoc`,
    /// `.asciidoc`, `.asc`; anything else is Markdown or HTML.
    #[must_use]
    pub fn of_name(name: &str) -> Self {
        let ext = name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "mdx" => Self::Mdx,
            "rst" | "rest" => Self::Rst,
            "yaml" | "yml" | "toml" => Self::Hash,
            "adoc" | "asciidoc" | "asc" => Self::Slash,
            _ => Self::Html,
        }
    }

    /// What opens the comment of a marker line.
    #[must_use]
    pub fn opener(self) -> &'static str {
        match self {
            Self::Html => "<!--",
            Self::Mdx => "{/*",
            Self::Rst => "..",
            Self::Hash => "#",
            Self::Slash => "//",
        }
    }

    /// What closes it, when the line does not.
    #[must_use]
    pub fn closer(self) -> Option<&'static str> {
        match self {
            Self::Html => Some("-->"),
            Self::Mdx => Some("*/}"),
            Self::Rst | Self::Hash | Self::Slash => None,
        }
    }

    /// A marker line of this syntax around `words` (`subreg:end`).
    #[must_use]
    pub fn marker(self, words: &str) -> String {
        match self.closer() {
            Some(closer) => format!("{} {words} {closer}", self.opener()),
            None => format!("{} {words}", self.opener()),
        }
    }

    /// `words` (a marker error's message, written with HTML markers) with
    /// every marker line in it written in this syntax.
    #[must_use]
    pub fn translate(self, words: &str) -> String {
        if self == Self::Html {
            return words.to_owned();
        }
        let mut out = String::with_capacity(words.len());
        let mut rest = words;
        while let Some(at) = rest.find("<!-- subreg:") {
            out.push_str(&rest[..at]);
            let marker = &rest[at + "<!-- ".len()..];
            match marker.find(" -->") {
                Some(end) => {
                    out.push_str(&self.marker(&marker[..end]));
                    rest = &marker[end + " -->".len()..];
                }
                None => {
                    out.push_str(&rest[at..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Finds the marker regions of `text`, a document of `syntax` other than
/// [`Syntax::Html`], as [`super::find_regions`] does for HTML markers.
///
/// # Errors
/// Every marker problem of the document, sorted by line and column, each
/// told in this syntax.
pub(super) fn find_regions(text: &str, syntax: Syntax) -> Result<Vec<Region>, Vec<MarkerError>> {
    let code: std::collections::HashSet<usize> = if syntax == Syntax::Mdx {
        markers::scan(text, true)
            .lines
            .iter()
            .filter(|(_, kind)| matches!(kind, LineKind::Code))
            .map(|(line, _)| line.number)
            .collect()
    } else {
        std::collections::HashSet::new()
    };
    let mut errors = Vec::new();
    let mut regions = Vec::new();
    let mut open: Option<Open> = None;
    let mut saw_marker = false;
    for line in markers::lines(text, true) {
        if code.contains(&line.number) {
            continue;
        }
        let Some(found) = marker_line(line.body, syntax) else {
            continue;
        };
        saw_marker = true;
        let error_at = |kind: MarkerErrorKind, range: Range<usize>, related_line| MarkerError {
            line: line.number,
            column: line.body[..range.start].chars().count() + 1,
            span: line.body_start + range.start..line.body_start + range.end,
            kind,
            related_line,
            meant_template: None,
            syntax,
        };
        let marker = match found {
            Found::NearMiss(range, words) => {
                errors.push(error_at(MarkerErrorKind::NearMiss(words), range, None));
                continue;
            }
            Found::Marker(marker) => marker,
        };
        // A marker line with an error is reported for it alone: a broken
        // begin still pairs with its end (and is not also "never closed"),
        // a broken end still closes its begin.
        if !marker.errors.is_empty() {
            for (kind, range) in marker.errors {
                errors.push(error_at(kind, range, None));
            }
            match marker.directive {
                Some(Directive::Begin) if open.is_none() => {
                    open = Some((line.number, None, line.next_start(), LineEnding::Lf, None));
                }
                Some(Directive::End) => open = None,
                _ => {}
            }
            continue;
        }
        match marker.directive {
            Some(Directive::Begin) => {
                if let Some((outer, ..)) = &open {
                    let nested = MarkerErrorKind::NestedBegin;
                    errors.push(error_at(nested, marker.span.clone(), Some(*outer)));
                    continue;
                }
                let unclosed = error_at(MarkerErrorKind::UnclosedBegin, marker.span.clone(), None);
                open = Some((
                    line.number,
                    marker.template,
                    line.next_start(),
                    line.ending.unwrap_or(LineEnding::Lf),
                    Some(unclosed),
                ));
            }
            Some(Directive::End) => match open.take() {
                Some((begin_line, template, content_start, line_ending, _)) => {
                    if let Some(template) = template {
                        regions.push(Region {
                            template,
                            begin_line,
                            end_line: line.number,
                            content: content_start..line.start,
                            line_ending,
                        });
                    }
                }
                None => errors.push(error_at(
                    MarkerErrorKind::EndWithoutBegin,
                    marker.span.clone(),
                    None,
                )),
            },
            None => {}
        }
    }
    if let Some((.., Some(unclosed))) = open {
        errors.push(unclosed);
    }
    if !saw_marker {
        errors.push(MarkerError {
            line: 1,
            column: 1,
            span: 0..0,
            kind: MarkerErrorKind::NoRegions,
            related_line: None,
            meant_template: None,
            syntax,
        });
    }
    if errors.is_empty() {
        Ok(regions)
    } else {
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

/// The open begin marker: its line, template, content start, line ending,
/// and the error if it is never closed (none for a broken one).
type Open = (
    usize,
    Option<String>,
    usize,
    LineEnding,
    Option<MarkerError>,
);

/// Whether the line `body` of rendered text reads as a marker of `syntax`
/// (a near miss included): such a line cannot be written between markers.
pub(super) fn reads_as_marker(body: &str, syntax: Syntax) -> bool {
    marker_line(body, syntax).is_some()
}

/// Whether what follows `subreg` (any case) in a comment reads as a
/// marker's rest rather than prose: a colon, or blanks and then `begin` or
/// `end` as a word, then no words of prose (`subregion: Western Europe`,
/// `Subreg keeps the table below`, `subreg: see the README` are comments).
fn reads_as_marker_words(rest: &str) -> bool {
    if rest.starts_with(char::is_alphanumeric) {
        return false;
    }
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let (colon, after) = match trimmed.strip_prefix(':') {
        Some(after) => (true, after.trim_start_matches([' ', '\t'])),
        None => (false, trimmed),
    };
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    let directive = word.eq_ignore_ascii_case("begin") || word.eq_ignore_ascii_case("end");
    let tail = &after[word.len()..];
    if !directive {
        // `subreg:stop`, `subreg:ned`: the grammar says what is wrong,
        // unless words of prose follow.
        return colon && !words_follow(tail);
    }
    // `end` followed by prose (`subreg:end of the generated table`).
    !words_follow(tail)
}

/// Whether `tail` starts with blanks and a word of prose (no `=`).
fn words_follow(tail: &str) -> bool {
    let inner = tail.split("*/}").next().unwrap_or(tail);
    tail.starts_with([' ', '\t']) && super::near_miss::prose_starts(tail, inner)
}

/// A marker line of a syntax, or a line that a reader takes for one.
enum Found {
    /// The line read by the marker grammar, its ranges in the line's body.
    Marker(markers::Marker),
    /// What differs from a marker, and where.
    NearMiss(Range<usize>, String),
}

/// Reads `body` as a marker line of `syntax`: leading blanks, the opener,
/// blanks, `subreg:` and the marker's words, then the closer (MDX) and only
/// blanks. `None` for a line that is no marker.
fn marker_line(body: &str, syntax: Syntax) -> Option<Found> {
    let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
    let after_opener = body[lead..].strip_prefix(syntax.opener())?;
    // `#subreg` and `# subreg` alike; `## subreg` is no marker (a heading
    // of a YAML comment block), nor `...` in reStructuredText.
    if after_opener.starts_with(syntax.opener()) {
        return None;
    }
    let words_at = body.len() - after_opener.trim_start_matches([' ', '\t']).len();
    let words = &body[words_at..];
    let named = words
        .get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("subreg"));
    if !named || !reads_as_marker_words(&words[6..]) {
        return None;
    }
    let meant = |what: &str| {
        format!(
            "{what}; write `{}` or `{}`",
            syntax.marker("subreg:begin template=NAME"),
            syntax.marker("subreg:end")
        )
    };
    if !words.starts_with("subreg:") {
        let what = if words.starts_with("subreg") {
            "`subreg` is followed by another character than `:`".to_owned()
        } else {
            format!("`{}` is not lower case", &words[..6])
        };
        return Some(Found::NearMiss(lead..body.len(), meant(&what)));
    }
    // The comment's inside, up to the closer; then only blanks.
    let (inside, after) = match syntax.closer() {
        Some(closer) => match words.find(closer) {
            Some(at) => (&words[..at], &words[at + closer.len()..]),
            None => {
                let what = format!("the comment is not closed by `{closer}` on its line");
                return Some(Found::NearMiss(lead..body.len(), meant(&what)));
            }
        },
        None => (words, ""),
    };
    if !after.trim_matches([' ', '\t']).is_empty() {
        let at = body.len() - after.len();
        let what = "text follows the marker on its line; a marker stands alone on its line";
        return Some(Found::NearMiss(at..body.len(), meant(what)));
    }
    // Read by the HTML grammar, its ranges moved back to this line.
    let inside = inside.trim_end_matches([' ', '\t']);
    let html = format!("<!-- {inside} -->");
    let shift = |at: usize| (words_at + at.saturating_sub(5)).min(words_at + inside.len());
    let mut marker = parse_marker(&html)?;
    marker.span = lead..body.len();
    for (_, range) in &mut marker.errors {
        *range = shift(range.start)..shift(range.end).max(shift(range.start) + 1);
    }
    Some(Found::Marker(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_found_in_every_syntax() {
        for (syntax, begin, end) in [
            (
                Syntax::Mdx,
                "{/* subreg:begin template=subprocessors.md */}",
                "{/* subreg:end */}",
            ),
            (
                Syntax::Rst,
                ".. subreg:begin template=subprocessors.rst",
                ".. subreg:end",
            ),
            (
                Syntax::Hash,
                "  # subreg:begin template=subprocessors.yaml",
                "  # subreg:end",
            ),
            (
                Syntax::Slash,
                "// subreg:begin template=subprocessors.md",
                "// subreg:end",
            ),
        ] {
            let text = format!("intro\n{begin}\nold\n{end}\nafter\n");
            let regions = find_regions(&text, syntax).expect("regions");
            assert_eq!(regions.len(), 1, "{syntax:?}");
            assert_eq!(&text[regions[0].content.clone()], "old\n", "{syntax:?}");
            assert_eq!((regions[0].begin_line, regions[0].end_line), (2, 4));
        }
    }

    #[test]
    fn marker_errors_are_located_and_told_in_the_syntax() {
        let text = "a\n# subreg:begin tempalte=x.yaml\n# subreg:end\n";
        let errors = find_regions(text, Syntax::Hash).expect_err("errors");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 16));
        assert_eq!(&text[errors[0].span.clone()], "tempalte=x.yaml");
        let text = "# SUBREG:end\n";
        let errors = find_regions(text, Syntax::Hash).expect_err("errors");
        assert_eq!(
            errors[0].message(),
            "this line looks like a subreg marker but is not one: `SUBREG` is not lower case; \
             write `# subreg:begin template=NAME` or `# subreg:end`"
        );
        let text = "{/* subreg:end */}\n";
        let errors = find_regions(text, Syntax::Mdx).expect_err("errors");
        assert_eq!(
            errors[0].message(),
            "this end marker has no begin marker before it; remove it or add `{/* \
             subreg:begin template=NAME */}` above the generated content"
        );
        // Markdown fences hide MDX markers; `## subreg` is a comment.
        let text = "```\n{/* subreg:begin template=a.md */}\n```\n## subreg:end\n";
        let errors = find_regions(text, Syntax::Mdx).expect_err("errors");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind, MarkerErrorKind::NoRegions);
        assert!(find_regions("## subreg:end\n", Syntax::Hash).is_err());
        // Prose comments that start with the word are no markers.
        for prose in [
            "# Subregions follow the UN M49 scheme",
            "  # subregion: Western Europe",
            "# Subreg keeps the table below in sync",
            "# subreg: see the README",
            "# SUBREG:END of the table",
        ] {
            assert!(!reads_as_marker(prose, Syntax::Hash), "{prose}");
        }
        assert!(reads_as_marker("# Subreg:end", Syntax::Hash));
        assert!(reads_as_marker("# subreg end", Syntax::Hash));
        assert!(!reads_as_marker("## subreg:end", Syntax::Hash));
        assert!(reads_as_marker("#subreg:end", Syntax::Hash));
    }
}
