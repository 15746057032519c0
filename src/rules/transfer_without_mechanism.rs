//! `transfer-without-mechanism`: data go outside a regime's area with no
//! legal basis valid on the as-of date.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Invalidity, NotApplicable, Verdict};
use crate::model::{Date, Mechanism, Regime, Verification};
use crate::model::{EntryKey, Field};

use super::Context;
use super::fact_unconfirmed::{NeedsConfirmation, note_doubt};
use super::transfer_lawful::TransferPasses;
use super::transfers::{Evaluation, inside_area};

/// What `subreg explain transfer-without-mechanism` prints.
pub const DOC: super::Doc = super::Doc {
    what: "For every sub-processor, every regime in `regimes` and every destination outside that regime's area (each of `locations`, and the `country` of the entity), checks that a `[[transfers]]` entry for that destination names a mechanism valid under that regime on the as-of date: an adequacy decision that covers the destination, a DPF certification for a US importer, clauses (SCCs, IDTA, Addendum, Swiss SCCs), BCRs, a derogation, or for Malaysia a s.129 assessment or exception. One defect, one error: where an entry for the destination already has an error of its own under that regime (invalidated, evidence missing, no mechanism of the regime, a derogation for a sub-processor), that finding stands for the transfer and this rule says nothing more.",
    why: "GDPR Art. 44 (and UK GDPR Art. 44, FADP Art. 16, PDPA s.129) allow a transfer only on such a basis. Making data available to an importer established abroad, remote access included, is a transfer even when the data are stored inside the area (EDPB Guidelines 05/2021).",
    example: "name = \"Amazon Web Services, Inc.\"\ncountry = \"US\"\nlocations = [\"US\"]\n# no [[transfers]] entry for US",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01   # date the DPF List entry was checked",
};

/// A destination with no valid mechanism under a regime.
pub struct TransferWithoutMechanism<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The regime, with the law then in force for a past period.
    pub regime: String,
    /// The destination.
    pub destination: &'a str,
    /// Whether the destination is the entity's country rather than a location.
    pub entity_country: bool,
    /// Why each entry for the destination does not count.
    pub reasons: Vec<String>,
    /// Mechanisms valid for the destination under the regime on the day,
    /// each with whether the record that makes it one is unconfirmed
    /// (`secondary` or `unverified`): the verified ones come first.
    pub options: Vec<(Mechanism, bool)>,
    /// The as-of date.
    pub as_of: Date,
    /// Where the destination is stated.
    pub span: Span,
}

impl From<TransferWithoutMechanism<'_>> for Diagnostic {
    fn from(f: TransferWithoutMechanism<'_>) -> Self {
        let mut d = Diagnostic::new(
            Rule::TransferWithoutMechanism,
            format!(
                "{}: transfer to {} has no mechanism valid under {} on {}",
                f.subprocessor, f.destination, f.regime, f.as_of
            ),
            Some(f.span),
        );
        if f.entity_country {
            d = d.with_note(format!(
                "the entity is established in {}: making the data available to it is a transfer even when they are stored elsewhere",
                f.destination
            ));
        }
        for reason in f.reasons {
            d = d.with_note(reason);
        }
        let options: Vec<String> = f
            .options
            .iter()
            .map(|(m, unconfirmed)| {
                if *unconfirmed {
                    format!("{m} (unconfirmed)")
                } else {
                    m.id().to_owned()
                }
            })
            .collect();
        let fix = if options.is_empty() {
            format!(
                "no mechanism of {} is open to new transfers to {} on {}: judge the transfer by hand",
                f.regime, f.destination, f.as_of
            )
        } else {
            format!(
                "add a [[transfers]] entry with to = \"{}\" and one of: {}",
                f.destination,
                options.join(", ")
            )
        };
        d.with_note(fix)
    }
}

/// Findings and passing notes go to `out`; the facts in doubt that
/// verdicts rest on go to `doubts` (see [`super::fact_unconfirmed::merge_doubts`]),
/// reported once for the whole registry.
pub(super) fn check<'a>(
    ctx: &Context<'a>,
    evaluations: &[Evaluation<'a>],
    blamed: &super::transfers::Blamed,
    out: &mut Vec<Diagnostic>,
    doubts: &mut Vec<NeedsConfirmation<'a>>,
) {
    if ctx.explain {
        // Said, not left silent: an auditor sees why a listed sub-processor
        // has no verdict on the day.
        for sp in ctx
            .subprocessors()
            .iter()
            .filter(|sp| !super::transfers::is_current(sp, ctx))
        {
            let from = sp.value.effective.unwrap_or(sp.value.added);
            let key = if sp.value.removed.is_some_and(|r| r <= ctx.as_of) {
                Field::Removed
            } else if sp.value.effective.is_some() {
                Field::Effective
            } else {
                Field::Added
            };
            out.push(
                Diagnostic::from(TransferPasses::NotEngaged {
                    subprocessor: &sp.value.name,
                    from,
                    removed: sp.value.removed,
                    as_of: ctx.as_of,
                    span: sp.span(key),
                })
                .with_subject(crate::diag::Subject::new(&sp.id)),
            );
        }
        for (sp, regime, destination) in inside_area(ctx) {
            out.push(
                Diagnostic::from(TransferPasses::Inside {
                    subprocessor: &sp.value.name,
                    regime,
                    destination: destination.code,
                    area: ctx.knowledge.area_name(regime, ctx.as_of),
                    entry: false,
                    span: sp.span(destination.field()),
                })
                .with_subject(
                    crate::diag::Subject::new(&sp.id)
                        .regime(regime)
                        .destination(destination.code),
                ),
            );
        }
    }
    for e in evaluations {
        let name = &e.subprocessor.value.name;
        if let Some((index, Verdict::Valid(basis))) = e.valid_entry() {
            let Some(entry) = e.subprocessor.value.transfers.get(*index) else {
                continue;
            };
            let pointer = Field::entry(*index, EntryKey::Mechanism);
            // One note per doubtful fact, at its first use, with a count.
            if basis.provenance().verification != Verification::Verified {
                note_doubt(
                    doubts,
                    NeedsConfirmation {
                        subprocessor: name,
                        destination: e.destination.code,
                        basis: *basis,
                        as_of: ctx.as_of,
                        transfers: 1,
                        span: e.subprocessor.span(pointer),
                        subject: e.subject(Some(entry.mechanism)),
                    },
                );
            }
            // An entry that does not fit the relationship (wrong module or
            // roles, a derogation) has a blocking finding of its own.
            if ctx.explain && e.fits(ctx, *index, basis) {
                out.push(
                    Diagnostic::from(TransferPasses::Entry {
                        subprocessor: name,
                        regime: e.law.label(),
                        destination: e.destination.code,
                        mechanism: entry.mechanism,
                        basis: *basis,
                        as_of: ctx.as_of,
                        verified: entry.verified,
                        span: e.subprocessor.span(pointer),
                    })
                    .with_subject(e.subject(Some(entry.mechanism))),
                );
            }
            continue;
        }
        if let Some(decision) = e.adequacy {
            let basis = crate::knowledge::Basis::Decision(decision);
            if decision.provenance.verification != Verification::Verified {
                note_doubt(
                    doubts,
                    NeedsConfirmation {
                        subprocessor: name,
                        destination: e.destination.code,
                        basis,
                        as_of: ctx.as_of,
                        transfers: 1,
                        span: e.subprocessor.span(e.destination.field()),
                        subject: e.subject(None),
                    },
                );
            }
            if ctx.explain {
                out.push(
                    Diagnostic::from(TransferPasses::Adequacy {
                        subprocessor: name,
                        regime: e.law.label(),
                        destination: e.destination.code,
                        decision,
                        as_of: ctx.as_of,
                        provision: e.law.epoch.and_then(|x| x.adequacy.as_deref()),
                        span: e.subprocessor.span(e.destination.field()),
                    })
                    .with_subject(e.subject(None)),
                );
            }
            continue;
        }
        // An entry for the destination that has an error of its own (it
        // lost its basis, lacks the evidence that is the mechanism, is no
        // mechanism of the regime, has the wrong module, is a derogation
        // ...) already says the transfer has no basis: one defect, one error.
        if blamed.covers(e) {
            continue;
        }
        if super::knowledge_gap::check(ctx, e, out) {
            continue;
        }
        let transfers = &e.subprocessor.value.transfers;
        let mut reasons: Vec<String> = Vec::new();
        let mut other_regimes: Vec<&str> = Vec::new();
        for (i, verdict) in &e.entries {
            let Some(t) = transfers.get(*i) else { continue };
            if matches!(verdict, Verdict::NotApplicable(NotApplicable::OtherRegime)) {
                other_regimes.push(t.mechanism.id());
            } else {
                reasons.push(reason(
                    ctx.as_of,
                    t.mechanism,
                    e.regime,
                    e.destination.code,
                    verdict,
                ));
            }
        }
        reasons.sort();
        reasons.dedup();
        other_regimes.sort_unstable();
        other_regimes.dedup();
        if !other_regimes.is_empty() {
            reasons.push(format!(
                "the entries for {} use {}, which are not mechanisms of {}",
                e.destination.code,
                other_regimes.join(", "),
                e.law.label()
            ));
        }
        out.push(
            Diagnostic::from(TransferWithoutMechanism {
                subprocessor: name,
                regime: e.law.label(),
                destination: e.destination.code,
                entity_country: e.destination.entity_country(),
                reasons,
                options: ranked(
                    ctx,
                    e.law.facts,
                    ctx.knowledge.options(
                        e.regime,
                        e.destination.code,
                        ctx.as_of,
                        super::transfers::roles(ctx, e.subprocessor),
                    ),
                ),
                as_of: ctx.as_of,
                span: e.subprocessor.span(e.destination.field()),
            })
            .with_subject(e.subject(None)),
        );
    }
}

/// `options` with whether each rests on an unconfirmed record of
/// `regime` (e.g. BCRs as s.129(3)(f) due diligence), the confirmed first.
fn ranked(ctx: &Context<'_>, regime: Regime, options: Vec<Mechanism>) -> Vec<(Mechanism, bool)> {
    let mut ranked: Vec<(Mechanism, bool)> = options
        .into_iter()
        .map(|m| {
            let unconfirmed = ctx
                .knowledge
                .mechanism(regime, m)
                .is_some_and(|r| r.provenance.verification != Verification::Verified);
            (m, unconfirmed)
        })
        .collect();
    ranked.sort_by_key(|(_, unconfirmed)| *unconfirmed);
    ranked
}

fn reason(
    as_of: Date,
    mechanism: Mechanism,
    regime: Regime,
    destination: &str,
    verdict: &Verdict<'_>,
) -> String {
    match verdict {
        Verdict::NotApplicable(NotApplicable::OtherRegime) => {
            format!("`{mechanism}` is not a mechanism of {regime}")
        }
        Verdict::NotApplicable(NotApplicable::NoDecision { instead }) if instead.is_empty() => {
            format!("`{mechanism}`: {regime} has no such decision for {destination}")
        }
        Verdict::NotApplicable(NotApplicable::NoDecision { instead }) => {
            let names: Vec<&str> = instead.iter().map(|m| m.id()).collect();
            format!(
                "`{mechanism}` is not a basis for {destination} under {regime}: the decisions for {destination} cover it through {}",
                names.join(", ")
            )
        }
        Verdict::Invalid(Invalidity::NotYetAvailable { basis, from }) => {
            format!(
                "`{mechanism}` for {destination} applies only from {from} ({})",
                basis.reference_on(as_of)
            )
        }
        Verdict::Invalid(Invalidity::NotYetForExporter {
            role,
            from,
            reference,
            ..
        }) => {
            format!(
                "`{mechanism}` serves an exporter that is a {} only from {from} ({reference})",
                role.as_str()
            )
        }
        Verdict::Invalid(Invalidity::SignedAfter { signed, .. }) => {
            format!("`{mechanism}` for {destination} was signed on {signed}, after the day judged")
        }
        Verdict::Invalid(Invalidity::EvidenceBefore {
            basis,
            key,
            date,
            from,
        }) => {
            format!(
                "`{mechanism}` for {destination}: its `{}` is {date}, before {} could hold a certification ({from}); it is no evidence",
                key.id(),
                basis.list()
            )
        }
        Verdict::Invalid(Invalidity::EvidenceLater { key, date, .. }) => {
            format!(
                "`{mechanism}` for {destination}: its `{}` is {date}, after the day judged; on that day the entry had no evidence yet",
                key.id()
            )
        }
        Verdict::NotApplicable(NotApplicable::Article {
            article, reference, ..
        }) => {
            format!("`{mechanism}` names {article}, a provision {reference} does not have")
        }
        Verdict::NotApplicable(NotApplicable::Authority {
            authority,
            reference,
            ..
        }) => {
            format!(
                "`{mechanism}` approved by `{}` does not serve {regime} ({reference})",
                authority.id()
            )
        }
        Verdict::Invalid(_) | Verdict::Valid(_) => {
            format!("`{mechanism}` is not valid on this date")
        }
    }
}
