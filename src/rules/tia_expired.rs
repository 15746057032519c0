//! `tia-expired`: an assessment older than the period the law gives it.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Basis, Verdict};
use crate::model::{Date, Mechanism, Regime};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain tia-expired` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer whose assessment (`tia`) is older than the validity period the knowledge base gives the mechanism on the as-of date: 3 years for a Malaysian PDPA s.129 assessment (Cross Border Personal Data Transfer Guideline, 2025-04-29).",
    why: "An assessment describes the destination's law at one moment. Where the law sets a period of validity, a transfer on an older assessment has lost its basis.",
    example: "[[transfers]]\nto = \"SG\"\nmechanism = \"my-s129-assessment\"\ntia = 2025-04-01   # checked on 2028-04-02",
    fix: "Repeat the assessment and record its new date: tia = 2028-03-15",
};

/// An assessment past its period of validity.
pub struct TiaExpired<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The regime.
    pub regime: Regime,
    /// The assessment's date.
    pub tia: Date,
    /// Its last valid day.
    pub until: Date,
    /// The period in months.
    pub months: u32,
    /// The instrument that sets the period.
    pub reference: &'a str,
    /// The entry's `tia`.
    pub span: Span,
}

impl From<TiaExpired<'_>> for Diagnostic {
    fn from(f: TiaExpired<'_>) -> Self {
        Diagnostic::new(
            Rule::TiaExpired,
            format!(
                "{}: the `{}` assessment of {} was valid until {} under {} ({} months)",
                f.subprocessor, f.mechanism, f.tia, f.until, f.regime, f.months
            ),
            Some(f.span),
        )
        .with_note(format!(
            "{}: assessments are valid for {} months",
            f.reference, f.months
        ))
        .with_note("repeat the assessment and update `tia` to its date")
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for e in evaluations {
        for (index, verdict) in &e.entries {
            let Verdict::Valid(Basis::Mechanism(fact)) = verdict else {
                continue;
            };
            let (Some(months), Some(entry)) = (
                fact.tia_valid_months,
                e.subprocessor.value.transfers.get(*index),
            ) else {
                continue;
            };
            let Some(tia) = entry.tia else { continue };
            let until = tia.plus_months(months).plus_days(-1);
            let key = (e.subprocessor.file, *index, e.regime);
            if until < ctx.as_of && !seen.contains(&key) {
                seen.push(key);
                out.push(
                    TiaExpired {
                        subprocessor: &e.subprocessor.value.name,
                        mechanism: entry.mechanism,
                        regime: e.regime,
                        tia,
                        until,
                        months,
                        reference: &fact.reference,
                        span: e.subprocessor.span(&format!("/transfers/{index}/tia")),
                    }
                    .into(),
                );
            }
        }
    }
}
