//! The findings of opening and checking a registry that belong to no rule
//! file: each a named struct that holds its words, turned into a
//! [`Diagnostic`] in one `From` impl.

use crate::diag::{Diagnostic, Rule, Span};

/// registry.toml sets the level of a rule whose level is fixed
/// (`schema-violation`).
pub struct LevelFixed<'a> {
    /// The rule as written in `[rules]`.
    pub name: &'a str,
    /// The rule.
    pub rule: Rule,
    /// The `[rules]` line.
    pub span: Span,
}

impl From<LevelFixed<'_>> for Diagnostic {
    fn from(f: LevelFixed<'_>) -> Self {
        let name = f.name;
        Diagnostic::new(
            Rule::SchemaViolation,
            format!("the level of `{name}` cannot be changed"),
            Some(f.span),
        )
        .with_note(format!(
            "delete this line: `{name}` protects the machine that runs subreg \
             and stays at \"{}\"",
            f.rule.default_level().as_str()
        ))
    }
}

/// registry.toml names a rule that does not exist (`unknown-key`).
pub struct UnknownRuleName {
    /// Why the name is no rule (with the closest one, when there is one).
    pub message: String,
    /// The `[rules]` key.
    pub span: Span,
}

impl From<UnknownRuleName> for Diagnostic {
    fn from(f: UnknownRuleName) -> Self {
        Diagnostic::new(Rule::UnknownKey, f.message, Some(f.span))
    }
}

/// The transfer and document checks wait for a valid registry.toml.
pub struct TransferChecksSkipped;

impl From<TransferChecksSkipped> for Diagnostic {
    fn from(_: TransferChecksSkipped) -> Self {
        Diagnostic::note(
            Rule::TransferWithoutMechanism,
            "transfer checks are skipped, and documents are checked for their markers only, until registry.toml is valid",
            None,
        )
    }
}

/// The document checks wait for every registry file to be valid.
pub struct DocumentChecksSkipped;

impl From<DocumentChecksSkipped> for Diagnostic {
    fn from(_: DocumentChecksSkipped) -> Self {
        Diagnostic::note(
            Rule::DocumentStale,
            "documents are checked for their markers only until every registry file is valid",
            None,
        )
    }
}
