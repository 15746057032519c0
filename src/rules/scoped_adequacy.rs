//! `scoped-adequacy`: an adequacy decision that covers only some
//! recipients in the destination.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Basis;
use crate::model::Regime;
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::{Evaluation, Gap};

/// What `subreg explain scoped-adequacy` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer that relies on `adequacy` where the decision covers only some recipients: Canada (organisations subject to PIPEDA), Japan (business operators under the APPI with the Supplementary Rules), Korea (PIPA, with exclusions), Brazil (LGPD), Israel. The finding quotes the condition.",
    why: "A scoped decision is a basis only if the importer falls inside the scope; a Canadian provincial public body, or a Japanese public authority, is not covered.",
    example: "country = \"CA\"\n[[transfers]]\nto = \"CA\"\nmechanism = \"adequacy\"",
    fix: "Confirm the importer is in scope (e.g. that PIPEDA applies to it) and allow the finding for this entry, or rely on SCCs if it is not.",
};

/// A transfer on a decision of limited scope.
pub struct ScopedAdequacy<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The regime.
    pub regime: Regime,
    /// The destination.
    pub destination: &'a str,
    /// Who the decision covers.
    pub condition: &'a str,
    /// The decision.
    pub reference: String,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<ScopedAdequacy<'_>> for Diagnostic {
    fn from(f: ScopedAdequacy<'_>) -> Self {
        Diagnostic::new(
            Rule::ScopedAdequacy,
            format!(
                "{}: adequacy for {} under {} covers only {}",
                f.subprocessor, f.destination, f.regime, f.condition
            ),
            Some(f.span),
        )
        .with_note(f.reference)
        .with_note(format!(
            "confirm that {} is covered, or rely on clauses instead",
            f.subprocessor
        ))
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    for e in evaluations.iter().filter(|e| !e.has_complete_entry(ctx)) {
        for (index, basis) in e.solid_entries() {
            let (Some(Gap::Scope), Basis::Decision(decision)) = (e.gap(ctx, index, &basis), basis)
            else {
                continue;
            };
            out.push(
                Diagnostic::from(ScopedAdequacy {
                    subprocessor: &e.subprocessor.value.name,
                    regime: e.regime,
                    destination: e.destination.code,
                    condition: basis.condition().unwrap_or_default(),
                    reference: decision.reference_on(ctx.as_of),
                    span: e
                        .subprocessor
                        .span(Field::entry(index, EntryKey::Mechanism)),
                })
                .with_subject(
                    e.subject(
                        e.subprocessor
                            .value
                            .transfers
                            .get(index)
                            .map(|t| t.mechanism),
                    ),
                ),
            );
        }
    }
}
