//! `transfer-without-mechanism`: data go outside a regime's area with no
//! legal basis valid on the as-of date.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Basis, Invalidity, NotApplicable, Verdict};
use crate::model::{Date, Mechanism, Regime, Verification};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain transfer-without-mechanism` prints.
pub const DOC: super::Doc = super::Doc {
    what: "For every sub-processor, every regime in `regimes` and every destination outside that regime's area (each of `locations`, and the `country` of the entity), checks that a `[[transfers]]` entry for that destination names a mechanism valid under that regime on the as-of date: an adequacy decision that covers the destination, a DPF certification for a US importer, clauses (SCCs, IDTA, Addendum, Swiss SCCs), BCRs, a derogation, or for Malaysia a s.129 assessment or exception.",
    why: "GDPR Art. 44 (and UK GDPR Art. 44, FADP Art. 16, PDPA s.129) allow a transfer only on such a basis. Making data available to an importer established abroad, remote access included, is a transfer even when the data are stored inside the area (EDPB Guidelines 05/2021).",
    example: "name = \"Amazon Web Services, Inc.\"\ncountry = \"US\"\nlocations = [\"US\"]\n# no [[transfers]] entry for US",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01   # date the DPF List entry was checked",
};

/// A destination with no valid mechanism under a regime.
pub struct TransferWithoutMechanism<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The regime.
    pub regime: Regime,
    /// The destination.
    pub destination: &'a str,
    /// Whether the destination is the entity's country rather than a location.
    pub entity_country: bool,
    /// Why each entry for the destination does not count.
    pub reasons: Vec<String>,
    /// Mechanisms valid for the destination under the regime on the day.
    pub options: Vec<Mechanism>,
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
        let options: Vec<&str> = f.options.iter().map(|m| m.id()).collect();
        let fix = if options.is_empty() {
            format!(
                "add a [[transfers]] entry with to = \"{}\" and a mechanism of {}",
                f.destination, f.regime
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

/// Why a transfer passes, for auditors (`--verbose`, JSON notes).
pub struct TransferPasses<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The regime.
    pub regime: Regime,
    /// The destination.
    pub destination: &'a str,
    /// The entry's mechanism.
    pub mechanism: Mechanism,
    /// The fact it rests on.
    pub basis: Basis<'a>,
    /// The entry's `verified` date, for certification-based mechanisms.
    pub verified: Option<Date>,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<TransferPasses<'_>> for Diagnostic {
    fn from(f: TransferPasses<'_>) -> Self {
        let verified = f
            .verified
            .map(|v| format!(", verified {v}"))
            .unwrap_or_default();
        let provenance = f.basis.provenance();
        let mut d = Diagnostic::note(
            Rule::TransferWithoutMechanism,
            format!(
                "{}: {} under {}: covered by {} via {}{verified}",
                f.subprocessor,
                f.destination,
                f.regime,
                f.basis.reference(),
                f.mechanism
            ),
            Some(f.span),
        );
        d = d.with_note(format!(
            "fact last checked {}; sources: {}",
            provenance.checked,
            provenance.sources.join("; ")
        ));
        d
    }
}

/// A verdict that rests on a fact not verified in a primary source.
pub struct NeedsConfirmation<'a> {
    /// The first sub-processor whose transfer rests on the fact.
    pub subprocessor: &'a str,
    /// Its destination.
    pub destination: &'a str,
    /// The fact.
    pub basis: Basis<'a>,
    /// How many transfers rest on it.
    pub transfers: usize,
    /// The first entry's `mechanism`.
    pub span: Span,
}

impl From<NeedsConfirmation<'_>> for Diagnostic {
    fn from(f: NeedsConfirmation<'_>) -> Self {
        let provenance = f.basis.provenance();
        let doubt = provenance
            .doubt
            .clone()
            .unwrap_or_else(|| "the fact is not verified in a primary source".to_owned());
        let others = match f.transfers {
            1 => String::new(),
            2 => " and 1 other transfer".to_owned(),
            n => format!(" and {} other transfers", n - 1),
        };
        Diagnostic::note(
            Rule::TransferWithoutMechanism,
            format!(
                "needs confirmation: {} to {}{others} rest on {} (marked {})",
                f.subprocessor,
                f.destination,
                f.basis.reference(),
                provenance.verification.as_str()
            ),
            Some(f.span),
        )
        .with_note(doubt)
        .with_note("confirm the fact in its official source before relying on these verdicts")
    }
}

/// Adds `share`'s doubts to `doubts`, the doubts of the sub-processors
/// before it: one per fact, at its first use, with the counts summed.
pub(super) fn merge_doubts<'a>(
    doubts: &mut Vec<NeedsConfirmation<'a>>,
    share: Vec<NeedsConfirmation<'a>>,
) {
    for doubt in share {
        match doubts.iter_mut().find(|d| d.basis.id() == doubt.basis.id()) {
            Some(first) => first.transfers += doubt.transfers,
            None => doubts.push(doubt),
        }
    }
}

/// Findings and passing notes go to `out`; the facts in doubt that
/// verdicts rest on go to `doubts` (see [`merge_doubts`]), reported once
/// for the whole registry.
pub(super) fn check<'a>(
    ctx: &Context<'a>,
    evaluations: &[Evaluation<'a>],
    out: &mut Vec<Diagnostic>,
    doubts: &mut Vec<NeedsConfirmation<'a>>,
) {
    for e in evaluations {
        if let Some((index, Verdict::Valid(basis))) = e.valid_entry() {
            let Some(entry) = e.subprocessor.value.transfers.get(*index) else {
                continue;
            };
            let pointer = format!("/transfers/{index}/mechanism");
            let name = &e.subprocessor.value.name;
            // One note per doubtful fact, at its first use, with a count.
            if basis.provenance().verification != Verification::Verified {
                match doubts.iter_mut().find(|d| d.basis.id() == basis.id()) {
                    Some(doubt) => doubt.transfers += 1,
                    None => doubts.push(NeedsConfirmation {
                        subprocessor: name,
                        destination: e.destination.code,
                        basis: *basis,
                        transfers: 1,
                        span: e.subprocessor.span(&pointer),
                    }),
                }
            }
            if ctx.explain {
                out.push(
                    TransferPasses {
                        subprocessor: name,
                        regime: e.regime,
                        destination: e.destination.code,
                        mechanism: entry.mechanism,
                        basis: *basis,
                        verified: entry.verified,
                        span: e.subprocessor.span(&pointer),
                    }
                    .into(),
                );
            }
            continue;
        }
        // An entry that is invalid on the day is reported by invalidated-mechanism,
        // which already says the transfer has lost its basis.
        let explained = e
            .entries
            .iter()
            .any(|(_, v)| matches!(v, Verdict::Invalid(i) if i.is_lost_basis()));
        if explained {
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
                reasons.push(reason(t.mechanism, e.regime, e.destination.code, verdict));
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
                e.regime
            ));
        }
        out.push(
            TransferWithoutMechanism {
                subprocessor: &e.subprocessor.value.name,
                regime: e.regime,
                destination: e.destination.code,
                entity_country: e.destination.entity_country(),
                reasons,
                options: ctx
                    .knowledge
                    .options(e.regime, e.destination.code, ctx.as_of),
                as_of: ctx.as_of,
                span: e.subprocessor.span(&e.destination.pointer()),
            }
            .into(),
        );
    }
}

fn reason(
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
                basis.reference()
            )
        }
        Verdict::Invalid(Invalidity::SignedAfter { signed, .. }) => {
            format!("`{mechanism}` for {destination} was signed on {signed}, after the day judged")
        }
        Verdict::Invalid(_) | Verdict::Valid(_) => {
            format!("`{mechanism}` is not valid on this date")
        }
    }
}
