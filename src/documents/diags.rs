//! The findings about documents: each a named struct that holds its words,
//! turned into a [`Diagnostic`] in one `From` impl.

use crate::diag::{Diagnostic, Rule, Span};
use crate::inject::{MarkerError, OutputProblem};

use super::Blame;

/// A document that is not UTF-8 (`invalid-encoding`).
pub struct DocumentNotUtf8 {
    /// The first bytes that are not UTF-8.
    pub span: Span,
}

impl From<DocumentNotUtf8> for Diagnostic {
    fn from(f: DocumentNotUtf8) -> Self {
        Diagnostic::new(
            Rule::InvalidEncoding,
            "the document is not UTF-8",
            Some(f.span),
        )
        .with_note("save the document as UTF-8; subreg leaves it untouched until then")
    }
}

/// A marker of a document that does not pair or parse (`marker-error`).
pub struct BrokenMarker<'a> {
    /// The marker problem.
    pub error: &'a MarkerError,
    /// The offending text.
    pub span: Span,
}

impl From<BrokenMarker<'_>> for Diagnostic {
    fn from(f: BrokenMarker<'_>) -> Self {
        Diagnostic::new(Rule::MarkerError, f.error.message(), Some(f.span))
            .with_note("the document is left untouched until its markers are fixed")
    }
}

/// A region whose text differs from what its template renders now
/// (`document-stale`).
pub struct RegionStale<'a> {
    /// The region's template.
    pub template: &'a str,
    /// The region's begin marker.
    pub span: Span,
}

impl From<RegionStale<'_>> for Diagnostic {
    fn from(f: RegionStale<'_>) -> Self {
        Diagnostic::new(
            Rule::DocumentStale,
            format!(
                "the region rendered by template `{}` is out of date",
                f.template
            ),
            Some(f.span),
        )
        .with_note("run `subreg inject` and commit the regenerated document")
    }
}

/// A rendered region that would break the document's markers
/// (`marker-error`), blamed on a registry value or on the template.
pub struct OutputBreaksMarkers<'a> {
    /// What the rendered text holds.
    pub problem: &'a OutputProblem,
    /// The region's template.
    pub template: &'a str,
    /// The registry value that holds the offending line, if one does.
    pub blame: Option<&'a Blame>,
    /// The region's begin marker.
    pub span: Span,
}

impl From<OutputBreaksMarkers<'_>> for Diagnostic {
    fn from(f: OutputBreaksMarkers<'_>) -> Self {
        let what = match f.problem {
            OutputProblem::MarkerLine { .. } => "a line that reads as a subreg marker",
            OutputProblem::UnclosedFence { .. } => "a code fence that is never closed",
        };
        let line = f.problem.text().trim();
        let template = f.template;
        let span = Some(f.span);
        match f.blame {
            Some(blame) if blame.written.is_some() => Diagnostic::new(
                Rule::MarkerError,
                format!(
                    "{} {} `{}`, which template `{template}` writes into the line `{line}`, so \
                     it would write {what} into this region and break the document's markers",
                    blame.words(),
                    if blame.whole {
                        "is printed as"
                    } else {
                        "holds a line break and then text printed as"
                    },
                    blame.written.as_deref().unwrap_or_default()
                ),
                span,
            )
            .with_note("change the registry value; the document is untouched"),
            Some(blame) if blame.whole => Diagnostic::new(
                Rule::MarkerError,
                format!(
                    "{} is printed by template `{template}` on a line of its own as `{line}`, \
                     so it would write {what} into this region and break the document's markers",
                    blame.words()
                ),
                span,
            )
            .with_note("change the registry value; the document is untouched"),
            Some(blame) => Diagnostic::new(
                Rule::MarkerError,
                format!(
                    "{} holds a line break and then text that template `{template}` prints as \
                     `{line}`, so it would write {what} into this region and break the \
                     document's markers",
                    blame.words()
                ),
                span,
            )
            .with_note("remove the line break from the registry value; the document is untouched"),
            None => Diagnostic::new(
                Rule::MarkerError,
                format!(
                    "template `{template}` writes {what} into this region (`{line}`), which would \
                     break the document's markers"
                ),
                span,
            )
            .with_note("fix the template; the document is untouched"),
        }
    }
}
