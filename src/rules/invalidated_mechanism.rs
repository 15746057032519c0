//! `invalidated-mechanism`: a transfer relies on a mechanism that a court
//! struck down, that was repealed, or whose deadline has passed.

use crate::diag::{Diagnostic, Rule, Span, Subject};
use crate::knowledge::{Basis, Invalidity, Verdict};
use crate::model::{Date, Mechanism};
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::{current_entries, judged_regimes};

/// What `subreg explain invalidated-mechanism` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry whose mechanism is not valid on the as-of date under a regime the registry follows: invalidated by a court (Safe Harbor from 2015-10-06, Privacy Shield from 2020-07-16), repealed with a deadline (the 2001, 2004 and 2010 SCCs: no new contracts from 2021-09-27, none usable after 2022-12-27 under the EU GDPR), or signed after new contracts were no longer allowed. The finding names the judgment or act and its date.",
    why: "A transfer on an invalid mechanism is unlawful from the day it became invalid, whatever the contract says. Regulators have fined companies that kept relying on Privacy Shield after Schrems II.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"privacy-shield\"",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"   # if the importer is on the DPF List\nverified = 2026-10-01",
};

/// A transfer entry whose mechanism is invalid under a regime on the day.
pub struct InvalidatedMechanism<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The entry's destination.
    pub to: &'a str,
    /// The regime, with the law then in force for a past period.
    pub regime: String,
    /// Why it is invalid, with the fact.
    pub invalidity: Invalidity<'a>,
    /// The as-of date.
    pub as_of: Date,
    /// Mechanisms valid under the regime for the destination on the day;
    /// the entry's own only when it was signed before its text existed
    /// (then it is to be signed again).
    pub alternatives: Vec<Mechanism>,
    /// The entry's `mechanism` value.
    pub span: Span,
}

impl From<InvalidatedMechanism<'_>> for Diagnostic {
    fn from(f: InvalidatedMechanism<'_>) -> Self {
        let (basis, message) = match &f.invalidity {
            Invalidity::Invalidated { basis, from } => (
                basis,
                format!(
                    "`{}` is invalid under {} since {from}",
                    f.mechanism, f.regime
                ),
            ),
            Invalidity::Expired { basis, until } => (
                basis,
                format!(
                    "`{}` can no longer be relied on under {}: its last valid day was {until}",
                    f.mechanism, f.regime
                ),
            ),
            Invalidity::SignedTooLate {
                basis,
                signed,
                deadline,
            } => (
                basis,
                format!(
                    "`{}` signed on {signed} is not valid under {}: no new contracts on it after {deadline}",
                    f.mechanism, f.regime
                ),
            ),
            Invalidity::SignedBeforeAvailable {
                basis,
                signed,
                from,
            } => (
                basis,
                format!(
                    "`{}` signed on {signed} predates the instrument under {}: its text exists only from {from}",
                    f.mechanism, f.regime
                ),
            ),
            Invalidity::SigningDateMissing { basis, deadline } => (
                basis,
                format!(
                    "`{}` under {} is valid only for contracts signed by {deadline}, and this entry has no `signed` date",
                    f.mechanism, f.regime
                ),
            ),
            Invalidity::SignedAfter { basis, signed } => (
                basis,
                format!(
                    "`{}` was signed on {signed}, after {}",
                    f.mechanism, f.as_of
                ),
            ),
            Invalidity::NotYetForExporter {
                basis, role, from, ..
            } => (
                basis,
                format!(
                    "`{}` does not serve an exporter that is a {} under {} before {from}",
                    f.mechanism,
                    role.as_str(),
                    f.regime
                ),
            ),
            Invalidity::NotYetAvailable { basis, from } => (
                basis,
                format!(
                    "`{}` does not apply under {} before {from}",
                    f.mechanism, f.regime
                ),
            ),
            // Reported by evidence-missing and transfer-without-mechanism.
            Invalidity::EvidenceMissing { basis, .. }
            | Invalidity::EvidenceLater { basis, .. }
            | Invalidity::EvidenceBefore { basis, .. }
            | Invalidity::AssessmentExpired { basis, .. } => (
                basis,
                format!("`{}` lacks its evidence under {}", f.mechanism, f.regime),
            ),
        };
        let mut d = Diagnostic::new(
            Rule::InvalidatedMechanism,
            format!("{} (transfer to {}): {message}", f.subprocessor, f.to),
            Some(f.span),
        );
        d = d.with_note(fact_note(basis, f.as_of));
        // Clauses signed before their text existed are signed again, on
        // the text in force now; any other lost basis is replaced.
        let again = matches!(f.invalidity, Invalidity::SignedBeforeAvailable { .. })
            && f.alternatives.contains(&f.mechanism);
        let others: Vec<&str> = f
            .alternatives
            .iter()
            .filter(|m| **m != f.mechanism)
            .map(|m| m.id())
            .collect();
        match (again, others.is_empty()) {
            (true, true) => {
                d = d.with_note(format!(
                    "sign `{}` again and set `signed` to that day: it is open to new contracts under {} on {}",
                    f.mechanism, f.regime, f.as_of
                ));
            }
            (true, false) => {
                d = d.with_note(format!(
                    "sign `{}` again and set `signed` to that day (it is open to new contracts under {} on {}), or replace it with one of: {}",
                    f.mechanism,
                    f.regime,
                    f.as_of,
                    others.join(", ")
                ));
            }
            (false, false) => {
                d = d.with_note(format!(
                    "replace it with a mechanism valid under {} on {}: {}",
                    f.regime,
                    f.as_of,
                    others.join(", ")
                ));
            }
            (false, true) => {}
        }
        d
    }
}

/// "Reference: why, (verification)" for a note.
#[must_use]
pub fn fact_note(basis: &Basis<'_>, date: crate::model::Date) -> String {
    let why = match basis {
        Basis::Mechanism(m) => m.invalidated_by.as_deref(),
        Basis::Decision(d) => d.invalidated_by.as_deref().or(d.history.as_deref()),
    };
    match why {
        Some(why) => format!("{}: {why}", basis.reference_on(date)),
        None => basis.reference_on(date),
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let regimes = judged_regimes(ctx);
    for (sp, i, entry) in current_entries(ctx) {
        for (regime, law) in &regimes {
            let regime = *regime;
            if !ctx.knowledge.serves(law.facts, entry.mechanism) {
                continue;
            }
            let verdict = ctx.knowledge.assess(regime, &entry.to, entry, ctx.as_of);
            let Verdict::Invalid(invalidity) = verdict else {
                continue;
            };
            // A mechanism not in place yet on the day is a missing one, not an invalid one.
            if !invalidity.is_lost_basis() {
                continue;
            }
            // The mechanism itself is proposed again only to be signed again
            // (see the finding's words).
            let alternatives = ctx
                .knowledge
                .options(
                    regime,
                    &entry.to,
                    ctx.as_of,
                    super::transfers::roles(ctx, sp),
                )
                .into_iter()
                .filter(|m| {
                    *m != entry.mechanism
                        || matches!(invalidity, Invalidity::SignedBeforeAvailable { .. })
                })
                .collect();
            out.push(
                Diagnostic::from(InvalidatedMechanism {
                    subprocessor: &sp.value.name,
                    mechanism: entry.mechanism,
                    to: &entry.to,
                    regime: law.label(),
                    invalidity,
                    as_of: ctx.as_of,
                    alternatives,
                    span: sp.span(Field::entry(i, EntryKey::Mechanism)),
                })
                .with_subject(
                    Subject::new(&sp.id)
                        .regime(regime)
                        .destination(&entry.to)
                        .mechanism(entry.mechanism)
                        .entry(i),
                ),
            );
        }
    }
}
