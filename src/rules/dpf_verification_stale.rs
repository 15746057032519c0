//! `dpf-verification-stale`: a certification-based transfer whose DPF List
//! entry has not been checked within 12 months.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Basis, Verdict};
use crate::model::{Date, Mechanism};
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::Evaluation;

/// How long a check of the DPF List is taken as current, in months.
pub const MAX_AGE_MONTHS: u32 = 12;

/// What `subreg explain dpf-verification-stale` prints.
pub const DOC: super::Doc = super::Doc {
    what: "For transfers on a certification-based decision (eu-us-dpf, uk-us-data-bridge, swiss-us-dpf), checks that `verified`, the day the importer's entry on the Data Privacy Framework List was last checked, is no more than 12 months before the as-of date. A warning: documentation quality. An entry with no `verified` is no basis at all (`evidence-missing`, an error), and one checked only after the day judged was no basis on that day.",
    why: "Decision (EU) 2023/1795 and its UK and Swiss counterparts cover only organisations whose certification is active on the day of the transfer. Certifications lapse every year unless renewed, and organisations are removed from the List.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2025-01-10   # checked on 2026-06-01",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01   # checked on dataprivacyframework.gov",
};

/// A certification not checked recently, or never.
pub struct DpfVerificationStale<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The last check, if any.
    pub verified: Option<Date>,
    /// The list the certification is checked on.
    pub list: &'a str,
    /// The as-of date.
    pub as_of: Date,
    /// The entry's `verified`, or its `mechanism` when absent.
    pub span: Span,
}

impl From<DpfVerificationStale<'_>> for Diagnostic {
    fn from(f: DpfVerificationStale<'_>) -> Self {
        let message = match f.verified {
            Some(day) if day > f.as_of => format!(
                "{}: the `{}` certification is marked verified on {day}, after {}: a later check cannot support a verdict on that day",
                f.subprocessor, f.mechanism, f.as_of
            ),
            Some(day) => format!(
                "{}: the `{}` certification was last verified on {day}, more than {MAX_AGE_MONTHS} months before {}",
                f.subprocessor, f.mechanism, f.as_of
            ),
            None => format!(
                "{}: the `{}` certification has no `verified` date",
                f.subprocessor, f.mechanism
            ),
        };
        Diagnostic::new(Rule::DpfVerificationStale, message, Some(f.span))
            .with_note(format!("check the importer's entry on {} (active, and covering this part of the framework), then set `verified` to today's date", f.list))
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for e in evaluations {
        for (index, verdict) in &e.entries {
            let Verdict::Valid(Basis::Decision(decision)) = verdict else {
                continue;
            };
            let Some(entry) = e.subprocessor.value.transfers.get(*index) else {
                continue;
            };
            // Certification-based: a conditional decision that is not plain adequacy.
            if decision.mechanism == Mechanism::Adequacy
                || decision.scope != crate::model::Scope::Conditional
            {
                continue;
            }
            let fresh = entry
                .verified
                .is_some_and(|v| v <= ctx.as_of && v.plus_months(MAX_AGE_MONTHS) >= ctx.as_of);
            let key = (e.subprocessor.file, *index);
            if fresh || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let key = if entry.verified.is_some() {
                EntryKey::Verified
            } else {
                EntryKey::Mechanism
            };
            out.push(
                Diagnostic::from(DpfVerificationStale {
                    subprocessor: &e.subprocessor.value.name,
                    mechanism: entry.mechanism,
                    verified: entry.verified,
                    list: Basis::Decision(decision).list(),
                    as_of: ctx.as_of,
                    span: e.subprocessor.span(Field::entry(*index, key)),
                })
                .with_subject(e.subject(Some(entry.mechanism))),
            );
        }
    }
}
