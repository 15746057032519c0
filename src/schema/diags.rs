//! The finding of `subreg schema --check`: a named struct that holds its
//! words, turned into a [`Diagnostic`] in one `From` impl.

use crate::diag::{Diagnostic, Rule, Span};

/// A committed schema that differs from the generated one (`schema-stale`).
pub struct SchemaStale {
    /// The committed file as shown.
    pub label: String,
    /// The unified diff from the committed to the generated text.
    pub diff: String,
    /// The committed file.
    pub span: Span,
}

impl From<SchemaStale> for Diagnostic {
    fn from(f: SchemaStale) -> Self {
        Diagnostic::new(
            Rule::SchemaStale,
            format!("{} differs from the schema subreg generates", f.label),
            Some(f.span),
        )
        .with_note("run `subreg schema` and commit schemas/")
        .with_note(f.diff)
    }
}
