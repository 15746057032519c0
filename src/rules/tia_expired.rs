//! `tia-expired`: an assessment at or near the end of the period the law
//! gives it (past it, the transfer has no basis: `evidence-missing`).

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Basis, Verdict};
use crate::model::{Date, Mechanism, Regime};
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain tia-expired` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns when an assessment (`tia`) whose validity the law limits ends within 90 days of the as-of date, or has ended for a mechanism it does not itself carry: 3 years for a Malaysian PDPA s.129 assessment (Guideline No. 3/2025, Cross Border Personal Data Transfer, 2025-04-29). An assessment past its period that is the mechanism itself is an `evidence-missing` error instead.",
    why: "An assessment describes the destination's law at one moment. Where the law sets a period of validity, the transfer loses its basis the day after it ends: the assessment must be repeated in time.",
    example: "[[transfers]]
to = \"SG\"
mechanism = \"my-s129-assessment\"
tia = 2025-04-01   # checked on 2028-03-01, valid until 2028-03-31",
    fix: "Repeat the assessment and record its new date: tia = 2028-03-15",
};

/// How many days before its end an assessment is reported.
pub const NOTICE_DAYS: i64 = 90;

/// An assessment near or past the end of its period of validity.
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
                "{}: the `{}` assessment of {} is valid only until {} under {} ({} months): repeat it before then",
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
            let until = tia.last_day_of_months(months);
            let key = (e.subprocessor.file, *index, e.regime);
            // Within the last 90 days of its validity (past it, an
            // assessment that is the mechanism makes the entry invalid).
            let near = until >= ctx.as_of && ctx.as_of.plus_days(NOTICE_DAYS) >= until;
            if (near || until < ctx.as_of) && !seen.contains(&key) {
                seen.push(key);
                out.push(
                    Diagnostic::from(TiaExpired {
                        subprocessor: &e.subprocessor.value.name,
                        mechanism: entry.mechanism,
                        regime: e.regime,
                        tia,
                        until,
                        months,
                        reference: &fact.reference,
                        span: e.subprocessor.span(Field::entry(*index, EntryKey::Tia)),
                    })
                    .with_subject(e.subject(Some(entry.mechanism))),
                );
            }
        }
    }
}
