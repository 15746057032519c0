//! `tia-missing`: clauses or BCRs to a destination without adequacy need a
//! documented transfer impact assessment.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Basis;
use crate::model::{Date, Mechanism, Regime};
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::{Evaluation, Gap};

/// What `subreg explain tia-missing` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer that relies on a mechanism the knowledge base marks as needing an assessment (SCCs, the IDTA and Addendum, Swiss SCCs, BCRs, a PDPA s.129 assessment) when the entry has no `tia` date. No assessment is needed where a whole-country adequacy decision covers the destination, nor as a rule in Module Four of the 2021 SCCs and the Swiss SCCs (Clause 14 applies there only where the processor in the EU combines the data received from the controller abroad with personal data it collected in the EU: then date the assessment all the same).",
    why: "Since Schrems II (CJEU C-311/18) clauses and BCRs are valid only with a documented transfer impact assessment of the destination's law and practice (EDPB Recommendations 01/2020). Under the Malaysian PDPA s.129 as amended by Act A1727 the assessment is the mechanism itself. Without the date, an auditor cannot see that it exists.",
    example: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15",
    fix: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10   # date of the documented assessment",
};

/// A transfer whose mechanism needs an assessment that the entry does not date.
pub struct TiaMissing<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The regime.
    pub regime: Regime,
    /// The destination.
    pub destination: &'a str,
    /// The instrument that requires the assessment.
    pub reference: &'a str,
    /// The entry's `tia` when it is after the as-of date (not yet made then).
    pub dated_later: Option<Date>,
    /// The texts that require the assessment on the day judged (knowledge
    /// data: those that existed then).
    pub texts: Vec<&'a str>,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<TiaMissing<'_>> for Diagnostic {
    fn from(f: TiaMissing<'_>) -> Self {
        let message = match f.dated_later {
            Some(tia) => format!(
                "{}: the assessment for the `{}` transfer to {} under {} is dated {tia}, after the day judged",
                f.subprocessor, f.mechanism, f.destination, f.regime
            ),
            None => format!(
                "{}: `{}` transfer to {} under {} has no assessment date (`tia`)",
                f.subprocessor, f.mechanism, f.destination, f.regime
            ),
        };
        Diagnostic::new(Rule::TiaMissing, message, Some(f.span))
            .with_note(format!(
                "{}: a documented assessment of the destination's law and practice is required ({})",
                f.reference,
                f.texts.join("; ")
            ))
            .with_note(
                "document the assessment and add `tia = YYYY-MM-DD` (its date) to this entry",
            )
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    for e in evaluations.iter().filter(|e| !e.has_complete_entry(ctx)) {
        for (index, basis) in e.solid_entries() {
            let (Some(Gap::Assessment), Basis::Mechanism(fact)) =
                (e.gap(ctx, index, &basis), basis)
            else {
                continue;
            };
            let Some(entry) = e.subprocessor.value.transfers.get(index) else {
                continue;
            };
            out.push(
                Diagnostic::from(TiaMissing {
                    subprocessor: &e.subprocessor.value.name,
                    mechanism: entry.mechanism,
                    regime: e.regime,
                    destination: e.destination.code,
                    reference: &fact.reference,
                    dated_later: entry.tia.filter(|tia| *tia > ctx.as_of),
                    texts: ctx
                        .knowledge
                        .assessment_texts(e.regime, entry.mechanism, ctx.as_of),
                    span: e
                        .subprocessor
                        .span(Field::entry(index, EntryKey::Mechanism)),
                })
                .with_subject(e.subject(Some(entry.mechanism))),
            );
        }
    }
}
