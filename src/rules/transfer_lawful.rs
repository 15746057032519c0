//! `transfer-lawful`: notes saying why a transfer passes, for auditors
//! (`--verbose`), and that an entry for a destination inside the regime's
//! area documents no transfer at all.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Basis;
use crate::model::Field;
use crate::model::{Binds, Date, DecisionFact, Mechanism, Regime, Role};

use super::transfers::Unjudged;

/// What `subreg explain transfer-lawful` prints.
pub const DOC: super::Doc = super::Doc {
    what: "A note, not a finding: with `--verbose`, says for every destination of every engaged sub-processor why it passes under each regime: \"no transfer\" when it is inside the regime's area on the as-of date (the EEA for eu-gdpr, with its dated members), the whole-country adequacy decision that covers it (named by its CELEX or SI number), or the entry and the instrument it rests on; for a sub-processor not engaged on the day (before `effective` or `added`, or from `removed` on), that its transfers are not judged; and, once per regime whose transfer rules are not yet in force on the day, \"no law in force: <regime> applies from <date> (<instrument>)\" (eu-gdpr from 1998-10-24, Directive 95/46/EC; ch-fadp from 1993-07-01, the former FADP; my-pdpa from 2013-11-15, the PDPA 2010), under which no rule judges anything. Always, once per regime whose transfer rules do not bind an exporter of the organisation's `role`, \"<regime> does not bind a <role>\" with the provisions (my-pdpa and a data processor: PDPA 2010 s.129(1) binds the data user, which s.4 says does not include a data processor); no rule judges anything under it either. Without `--verbose` it otherwise notes only an `adequacy` entry for a destination inside the area, which documents no transfer.",
    why: "A DPO signs on the verdicts: the reason a transfer passes must be visible and cite the instrument, not only the absence of an error. GDPR Art. 45(1): a transfer covered by an adequacy decision needs no specific authorisation, so it needs no entry either.",
    example: "subreg check --verbose",
    fix: "Nothing to fix; an `adequacy` entry for a destination inside the area can be deleted. For a regime that does not bind the organisation's role, set `role` to what the organisation is for this personal data, or remove the regime from `regimes`.",
};

/// A regime of the registry whose transfer rules are not in force on the
/// day judged: no rule judges it (e.g. my-pdpa before the PDPA 2010 came
/// into force on 2013-11-15).
pub struct NoLawInForce<'a> {
    /// The regime.
    pub regime: Regime,
    /// Its first day.
    pub from: Date,
    /// The instrument that laid its rules down.
    pub instrument: &'a str,
    /// The day judged.
    pub as_of: Date,
    /// The regime in the registry's `regimes`.
    pub span: Span,
}

impl From<NoLawInForce<'_>> for Diagnostic {
    fn from(f: NoLawInForce<'_>) -> Self {
        Diagnostic::note(
            Rule::TransferLawful,
            format!(
                "no law in force: {} applies from {} ({}); no transfer is judged under it on {}",
                f.regime, f.from, f.instrument, f.as_of
            ),
            Some(f.span),
        )
    }
}

/// A regime of the registry whose transfer rules do not bind an exporter
/// of the organisation's role: no rule judges its transfers under it (e.g.
/// my-pdpa and a data processor: PDPA 2010 s.129(1) binds the data user,
/// which s.4 says is not a data processor).
pub struct RegimeDoesNotBind<'a> {
    /// The regime.
    pub regime: Regime,
    /// The organisation's role.
    pub role: Role,
    /// Whom the regime's rules bind, and the provisions that say so.
    pub binds: &'a Binds,
    /// The regime in the registry's `regimes`.
    pub span: Span,
}

impl From<RegimeDoesNotBind<'_>> for Diagnostic {
    fn from(f: RegimeDoesNotBind<'_>) -> Self {
        let whom: Vec<&str> = f.binds.roles.iter().map(|r| r.as_str()).collect();
        let whom = whom.join(" or ");
        let d = Diagnostic::note(
            Rule::TransferLawful,
            format!(
                "{} does not bind a {}: its transfer rules bind the {whom} ({}); no transfer is \
                 judged under it",
                f.regime,
                f.role.as_str(),
                f.binds.reference
            ),
            Some(f.span),
        )
        .with_note(format!(
            "the {whom} for whom the organisation processes is bound instead; if the \
             organisation is itself the {whom} of this personal data, set `role = \"{}\"` in \
             [organization]",
            f.binds.roles.first().map_or("controller", |r| r.as_str())
        ));
        match &f.binds.doubt {
            Some(doubt) => d.with_note(format!("needs confirmation: {doubt}")),
            None => d,
        }
    }
}

/// One note for each regime of the registry that no rule judges on the
/// as-of date: always for one that does not bind the organisation's role
/// (a setting to revisit), with `--verbose` for one not in force yet.
pub(super) fn check_regimes(ctx: &super::Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    for (regime, why) in super::transfers::unjudged(ctx) {
        let index = config
            .value
            .regimes
            .iter()
            .position(|r| *r == regime)
            .unwrap_or_default();
        let span = config.span(Field::Regime(index));
        match why {
            Unjudged::NotBinding(role, binds) => out.push(Diagnostic::from(RegimeDoesNotBind {
                regime,
                role,
                binds,
                span,
            })),
            Unjudged::NotInForce if ctx.explain => {
                let Some((from, instrument)) = ctx.knowledge.start(regime) else {
                    continue;
                };
                out.push(Diagnostic::from(NoLawInForce {
                    regime,
                    from,
                    instrument,
                    as_of: ctx.as_of,
                    span,
                }));
            }
            Unjudged::NotInForce => {}
        }
    }
}

/// Why a transfer passes.
pub enum TransferPasses<'a> {
    /// A transfer entry valid on the day.
    Entry {
        /// The sub-processor's name.
        subprocessor: &'a str,
        /// The regime and the law then in force.
        regime: String,
        /// The destination.
        destination: &'a str,
        /// The entry's mechanism.
        mechanism: Mechanism,
        /// The fact it rests on.
        basis: Basis<'a>,
        /// The day judged.
        as_of: Date,
        /// The entry's `verified` date, for certification-based mechanisms.
        verified: Option<Date>,
        /// The entry's `mechanism`.
        span: Span,
    },
    /// A whole-country adequacy decision: no entry needed.
    Adequacy {
        /// The sub-processor's name.
        subprocessor: &'a str,
        /// The regime and the law then in force.
        regime: String,
        /// The destination.
        destination: &'a str,
        /// The decision.
        decision: &'a DecisionFact,
        /// The day judged: the decision is named as it stood then.
        as_of: Date,
        /// The provision of the law then in force under which adequacy
        /// needs no further authorisation (e.g. Directive 95/46/EC Art. 25(6)).
        provision: Option<&'a str>,
        /// Where the destination is stated.
        span: Span,
    },
    /// Not engaged on the day judged: before `effective` (or `added`), or
    /// from `removed` on; its transfers are not judged.
    NotEngaged {
        /// The sub-processor's name.
        subprocessor: &'a str,
        /// The first day it is engaged.
        from: Date,
        /// The day it stopped, when it has.
        removed: Option<Date>,
        /// The day judged.
        as_of: Date,
        /// The date that decides: `effective`/`added`, or `removed`.
        span: Span,
    },
    /// Inside the regime's area: no transfer.
    Inside {
        /// The sub-processor's name.
        subprocessor: &'a str,
        /// The regime.
        regime: Regime,
        /// The destination.
        destination: &'a str,
        /// The area, e.g. "the EEA".
        area: String,
        /// Whether an `adequacy` entry names it (reported even without `--verbose`).
        entry: bool,
        /// The destination or the entry.
        span: Span,
    },
}

impl From<TransferPasses<'_>> for Diagnostic {
    fn from(f: TransferPasses<'_>) -> Self {
        match f {
            TransferPasses::Entry {
                subprocessor,
                regime,
                destination,
                mechanism,
                basis,
                as_of,
                verified,
                span,
            } => {
                let verified = verified
                    .map(|v| format!(", verified {v}"))
                    .unwrap_or_default();
                let provenance = basis.provenance();
                Diagnostic::note(
                    Rule::TransferLawful,
                    format!(
                        "{subprocessor}: {destination} under {regime}: covered by {} via {mechanism}{verified}",
                        basis.reference_on(as_of)
                    ),
                    Some(span),
                )
                .with_note(format!(
                    "fact last checked {}; sources: {}",
                    provenance.checked,
                    provenance.sources.join("; ")
                ))
            }
            TransferPasses::Adequacy {
                subprocessor,
                regime,
                destination,
                decision,
                as_of,
                provision,
                span,
            } => {
                let celex = decision
                    .celex
                    .as_ref()
                    .map(|c| format!(" (CELEX {c})"))
                    .unwrap_or_default();
                let checked = format!(
                    "fact last checked {}; sources: {}",
                    decision.provenance.checked,
                    decision.provenance.sources.join("; ")
                );
                let reference = decision.reference_on(as_of);
                let (message, why) = match (&decision.effect, provision) {
                    // No adequacy decision, but its effect (the TCA bridge).
                    (Some(effect), _) => (
                        format!(
                            "{subprocessor}: {destination} under {regime}: {effect} under {reference}{celex}; no transfer entry is needed"
                        ),
                        checked,
                    ),
                    (None, provision) => (
                        format!(
                            "{subprocessor}: {destination} under {regime}: covered as a whole by {reference}{celex}; no transfer entry is needed"
                        ),
                        // The Directive's Art. 25(6) and the GDPR's Art. 45(1)
                        // alike: the finding is the basis, nothing else is.
                        match provision {
                            Some(provision) => format!(
                                "a whole-country adequacy finding is itself the basis of the transfer: no safeguard is needed beside it ({provision}); {checked}"
                            ),
                            None => format!(
                                "a whole-country adequacy finding is itself the basis of the transfer: no safeguard is needed beside it; {checked}"
                            ),
                        },
                    ),
                };
                Diagnostic::note(Rule::TransferLawful, message, Some(span)).with_note(why)
            }
            TransferPasses::NotEngaged {
                subprocessor,
                from,
                removed,
                as_of,
                span,
            } => {
                let period = match removed {
                    Some(removed) => format!("from {from} until the day before {removed}"),
                    None => format!("from {from}"),
                };
                Diagnostic::note(
                    Rule::TransferLawful,
                    format!(
                        "{subprocessor}: not engaged on {as_of} (engaged {period}): no transfer to it is judged"
                    ),
                    Some(span),
                )
            }
            TransferPasses::Inside {
                subprocessor,
                regime,
                destination,
                area,
                entry,
                span,
            } => {
                let d = Diagnostic::note(
                    Rule::TransferLawful,
                    format!(
                        "{subprocessor}: no transfer: {destination} is inside {area} under {regime}"
                    ),
                    Some(span),
                );
                if entry {
                    d.with_note(format!(
                        "data moving inside {area} are not transferred to a third country: the `adequacy` entry documents nothing and can be deleted"
                    ))
                } else {
                    d
                }
            }
        }
    }
}
