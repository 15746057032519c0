//! `invalidated-mechanism`: a transfer relies on a mechanism that a court
//! struck down, that was repealed, or whose deadline has passed.

use crate::diag::{Diagnostic, Rule, Severity, Span, Subject};
use crate::knowledge::{Basis, Invalidity, Verdict};
use crate::model::{Date, Mechanism};
use crate::model::{EntryKey, Field};

use super::Context;
use super::transfers::{Evaluation, current_entries, judged_regimes};

/// What `subreg explain invalidated-mechanism` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry whose mechanism is not valid on the as-of date under a regime the registry follows: invalidated by a court (Safe Harbor from 2015-10-06, Privacy Shield from 2020-07-16), repealed with a deadline (the 2001, 2004 and 2010 SCCs: no new contracts from 2021-09-27, none usable after 2022-12-27 under the EU GDPR), or signed after new contracts were no longer allowed. The finding names the judgment or act and its date. An error when it leaves the destination without a basis; a warning when another entry (or an adequacy decision) covers it, saying which `ended` date closes the dead entry.",
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
    /// Whether another entry, or an adequacy decision, gives the
    /// destination a basis under the regime: then the dead entry is a
    /// record to close (a warning), not a transfer without a basis.
    pub covered: bool,
    /// The entry's `signed`, if any: an entry signed after the day it
    /// would close on never served, so it is removed, not ended.
    pub signed: Option<Date>,
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
        if f.covered {
            let close = match f.invalidity {
                Invalidity::Invalidated { from, .. } => Some(from),
                Invalidity::Expired { until, .. } => Some(until.plus_days(1)),
                _ => None,
            }
            .filter(|day| f.signed.is_none_or(|signed| signed <= *day));
            d = d
                .with_severity(Severity::Warning)
                .with_note("another entry covers the destination, so the transfer keeps a basis");
            return match close {
                Some(day) => d.with_note(format!(
                    "set `ended = {day}` on this entry: it stopped serving that day, and the \
                     registry keeps it as history"
                )),
                None => d.with_note("remove this entry or correct it: it serves nothing"),
            };
        }
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

/// Whether every destination of sub-processor `file` that `to` covers has
/// a basis under `regime` (a valid entry or an adequacy decision); false
/// when there is none to judge.
fn covered(
    ctx: &Context<'_>,
    evaluations: &[Evaluation<'_>],
    file: crate::diag::FileId,
    regime: crate::model::Regime,
    to: &str,
) -> bool {
    let mut judged = evaluations.iter().filter(|e| {
        e.subprocessor.file == file
            && e.regime == regime
            && ctx.knowledge.covers(to, e.destination.code)
    });
    let mut any = false;
    let all = judged.all(|e| {
        any = true;
        e.valid_entry().is_some() || e.adequacy.is_some()
    });
    any && all
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

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
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
                    covered: covered(ctx, evaluations, sp.file, regime, &entry.to),
                    signed: entry.signed,
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
