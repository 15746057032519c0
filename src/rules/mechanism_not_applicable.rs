//! `mechanism-not-applicable`: a transfer entry that is no basis under the
//! regimes the registry follows, for its destination.

use crate::diag::{Diagnostic, Rule, Severity, Span, Subject};
use crate::knowledge::{NotApplicable, Verdict};
use crate::model::{Authority, Mechanism, Regime};
use crate::model::{EntryKey, Field, TransferKey};

use super::Context;
use super::transfer_lawful::TransferPasses;
use super::transfers::{Evaluation, current_entries, judged_regimes, unjudged_only};

/// What `subreg explain mechanism-not-applicable` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry that is no basis for its destination: a mechanism that serves none of the registry's `regimes` (e.g. `uk-idta` in a registry that follows only eu-gdpr); plain `adequacy` where the decision works through another mechanism (the US: `eu-us-dpf`); an exception article the regime does not have (\"49(1)(b)\" on `my-s129-exception`, whose provisions are PDPA s.129(3)); BCRs approved by an authority whose approval does not serve the regime (an EEA approval under uk-gdpr, which needs the ICO's). An error when it leaves the destination without a basis under a regime; a warning when another entry covers it. An `adequacy` entry for a destination inside the regime's own area is a note instead: no transfer.",
    why: "Each mechanism is a legal basis under one body of law. An entry that is no basis gives a false sense of cover: the transfer it seems to document has none (UK GDPR Art. 47 and DPA 2018 Sch. 21 para. 9: BCRs authorised by the Commissioner; PDPA s.129(3): the exceptions it lists).",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"adequacy\"",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01",
};

/// An entry that is no basis under the registry's regimes.
pub struct MechanismNotApplicable<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The entry's destination.
    pub to: &'a str,
    /// Why.
    pub why: Why,
    /// Whether the destination is left without a basis (an error) or another entry covers it (a warning).
    pub leaves_no_basis: bool,
    /// Mechanisms a new entry could use for the destination under the
    /// regimes judged on the day (transfer-without-mechanism stands aside
    /// for a blamed entry, so the fix is given here).
    pub options: Vec<Mechanism>,
    /// The entry's `mechanism` or `article` / `approved_by`.
    pub span: Span,
}

/// Why an entry is no basis.
pub enum Why {
    /// No regime of the registry recognises the mechanism.
    NoRegime {
        /// The regimes the registry follows.
        registry_regimes: Vec<Regime>,
        /// The regimes that recognise the mechanism at all.
        regimes_of: Vec<Regime>,
    },
    /// The regimes recognise it, but no decision covers the destination with it.
    NoDecision {
        /// Those regimes.
        serving: Vec<Regime>,
        /// Mechanisms that decisions for the destination do use.
        instead: Vec<Mechanism>,
    },
    /// The article is not among the provisions the mechanism rests on under the regime.
    Article {
        /// The regime.
        regime: Regime,
        /// The article given.
        article: String,
        /// The provisions it has.
        allowed: Vec<String>,
        /// The instrument.
        reference: String,
    },
    /// The approving authority does not serve the regime.
    Authority {
        /// The regime.
        regime: Regime,
        /// The authority given.
        authority: Authority,
        /// The authorities that serve it.
        allowed: Vec<Authority>,
        /// The instrument.
        reference: String,
    },
}

impl From<MechanismNotApplicable<'_>> for Diagnostic {
    fn from(f: MechanismNotApplicable<'_>) -> Self {
        let ids = |list: &[Regime]| list.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ");
        let d = match f.why {
            Why::NoRegime {
                registry_regimes,
                regimes_of,
            } => {
                let message = format!(
                    "{}: `{}` is not a transfer mechanism under {}",
                    f.subprocessor,
                    f.mechanism,
                    ids(&registry_regimes)
                );
                let note = if regimes_of.is_empty() {
                    "delete the entry: no regime subreg knows recognises this mechanism".to_owned()
                } else {
                    format!(
                        "subreg knows `{}` only under {}: delete the entry, or list that regime in `regimes` if its law applies to these data",
                        f.mechanism,
                        ids(&regimes_of)
                    )
                };
                Diagnostic::new(Rule::MechanismNotApplicable, message, Some(f.span)).with_note(note)
            }
            Why::NoDecision { serving, instead } => {
                let d = Diagnostic::new(
                    Rule::MechanismNotApplicable,
                    format!(
                        "{}: `{}` is not a basis for {} under {}",
                        f.subprocessor,
                        f.mechanism,
                        f.to,
                        ids(&serving)
                    ),
                    Some(f.span),
                );
                if instead.is_empty() {
                    d.with_note(format!("no {} decision covers {}", ids(&serving), f.to))
                } else {
                    let names: Vec<&str> = instead.iter().map(|m| m.id()).collect();
                    d.with_note(format!(
                        "the decisions for {} are relied on through: {}",
                        f.to,
                        names.join(", ")
                    ))
                }
            }
            Why::Article {
                regime,
                article,
                allowed,
                reference,
            } => Diagnostic::new(
                Rule::MechanismNotApplicable,
                format!(
                    "{}: `{}` names {article}, which is not among the provisions it rests on under {regime}",
                    f.subprocessor, f.mechanism
                ),
                Some(f.span),
            )
            .with_note(format!("{reference} provides: {}", allowed.join(", ")))
            .with_note("name the provision of that regime the transfer relies on"),
            Why::Authority {
                regime,
                authority,
                allowed,
                reference,
            } => {
                let names: Vec<&str> = allowed.iter().map(|a| a.id()).collect();
                Diagnostic::new(
                    Rule::MechanismNotApplicable,
                    format!(
                        "{}: BCRs approved by `{}` are no basis under {regime}",
                        f.subprocessor,
                        authority.id()
                    ),
                    Some(f.span),
                )
                .with_note(format!(
                    "{reference}: approval by {} is required",
                    names.join(" or ")
                ))
                .with_note("obtain that approval, or rely on clauses of that regime")
            }
        };
        if f.leaves_no_basis {
            if f.options.is_empty() {
                d
            } else {
                let names: Vec<&str> = f.options.iter().map(|m| m.id()).collect();
                d.with_note(format!(
                    "the transfer to {} has no basis: rely instead on one of: {}",
                    f.to,
                    names.join(", ")
                ))
            }
        } else {
            d.with_severity(Severity::Warning)
                .with_note("another entry covers the destination, so the transfer keeps a basis")
        }
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let judged = judged_regimes(ctx);
    // No regime is judged on the day (none in force yet, or only laws the
    // base holds no facts for): no entry can be said to be no basis.
    if judged.is_empty() {
        return;
    }
    let judged_ids: Vec<Regime> = judged.iter().map(|(r, _)| *r).collect();
    for (sp, i, entry) in current_entries(ctx) {
        if !super::unknown_country::is_known_location(&entry.to, ctx.knowledge) {
            continue;
        }
        if unjudged_only(ctx, &judged, entry.mechanism) {
            continue;
        }
        let outside: Vec<Regime> = judged
            .iter()
            .map(|(r, _)| *r)
            .filter(|r| !ctx.knowledge.in_area(*r, &entry.to, ctx.as_of))
            .collect();
        let subject = Subject::new(&sp.id)
            .destination(&entry.to)
            .mechanism(entry.mechanism)
            .entry(i);
        if outside.is_empty() && !judged.is_empty() {
            if entry.mechanism == Mechanism::Adequacy {
                let (regime, _) = judged[0];
                out.push(
                    Diagnostic::from(TransferPasses::Inside {
                        subprocessor: &sp.value.name,
                        regime,
                        destination: &entry.to,
                        area: ctx.knowledge.area_name(regime, ctx.as_of),
                        entry: true,
                        span: sp.span(Field::Transfer(i, Some(TransferKey::To))),
                    })
                    .with_subject(subject.regime(regime)),
                );
            }
            continue;
        }
        // Whether the entry's destination has no basis under one of `regimes`.
        let bare = |regimes: &[Regime]| {
            evaluations.iter().any(|e| {
                e.subprocessor.file == sp.file
                    && regimes.contains(&e.regime)
                    && ctx.knowledge.covers(&entry.to, e.destination.code)
                    && e.valid_entry().is_none()
                    && e.adequacy.is_none()
            })
        };
        // What a new entry could use under `regimes`, never this mechanism.
        let options = |regimes: &[Regime]| {
            let mut found: Vec<Mechanism> = Vec::new();
            for r in regimes {
                let roles = super::transfers::roles(ctx, sp);
                for m in ctx.knowledge.options(*r, &entry.to, ctx.as_of, roles) {
                    if m != entry.mechanism && !found.contains(&m) {
                        found.push(m);
                    }
                }
            }
            found
        };
        let serving: Vec<Regime> = outside
            .iter()
            .copied()
            .filter(|r| {
                ctx.knowledge
                    .serves(ctx.knowledge.law(*r, ctx.as_of).facts, entry.mechanism)
            })
            .collect();
        // A mechanism of a regime whose law on the day is another's (the
        // IDTA for a UK exporter in 2019, under the EU GDPR): it is the
        // regime's, not yet usable; transfer-without-mechanism says so.
        let later_law = outside.iter().any(|r| {
            ctx.knowledge.serves(*r, entry.mechanism)
                && ctx.knowledge.law(*r, ctx.as_of).facts != *r
        });
        let pointer = Field::entry(i, EntryKey::Mechanism);
        if serving.is_empty() && later_law {
            continue;
        }
        if serving.is_empty() {
            // The finding is the transfer's own when it leaves exactly one
            // regime without a basis: it names that regime, and
            // transfer-without-mechanism stands aside (one defect, one error).
            let bare_regimes: Vec<Regime> =
                outside.iter().copied().filter(|r| bare(&[*r])).collect();
            let subject = match bare_regimes.as_slice() {
                [only] => subject.clone().regime(*only),
                _ => subject.clone(),
            };
            out.push(
                Diagnostic::from(MechanismNotApplicable {
                    subprocessor: &sp.value.name,
                    mechanism: entry.mechanism,
                    to: &entry.to,
                    why: Why::NoRegime {
                        registry_regimes: judged_ids.clone(),
                        regimes_of: ctx.knowledge.regimes_of(entry.mechanism),
                    },
                    leaves_no_basis: bare(&outside),
                    options: options(&outside),
                    span: sp.span(pointer),
                })
                .with_subject(subject),
            );
            continue;
        }
        let occasional = |r: Regime| {
            ctx.knowledge
                .mechanism(ctx.knowledge.law(r, ctx.as_of).facts, entry.mechanism)
                .is_some_and(|m| m.occasional_only)
        };
        let mut instead = Vec::new();
        let mut applicable = false;
        for regime in &serving {
            match ctx.knowledge.assess(*regime, &entry.to, entry, ctx.as_of) {
                Verdict::NotApplicable(NotApplicable::NoDecision { instead: other }) => {
                    instead.extend(other);
                }
                Verdict::NotApplicable(NotApplicable::OtherRegime) => {}
                Verdict::NotApplicable(NotApplicable::Article { .. }) if occasional(*regime) => {
                    // derogation-for-routine-transfer blames the entry and
                    // names the article in its notes: one defect, one error.
                    applicable = true;
                }
                Verdict::NotApplicable(NotApplicable::Article {
                    article,
                    allowed,
                    reference,
                }) => {
                    applicable = true;
                    out.push(
                        Diagnostic::from(MechanismNotApplicable {
                            subprocessor: &sp.value.name,
                            mechanism: entry.mechanism,
                            to: &entry.to,
                            why: Why::Article {
                                regime: *regime,
                                article,
                                allowed,
                                reference,
                            },
                            leaves_no_basis: bare(&[*regime]),
                            options: options(&[*regime]),
                            span: sp.span(Field::entry(i, EntryKey::Article)),
                        })
                        .with_subject(subject.clone().regime(*regime)),
                    );
                }
                Verdict::NotApplicable(NotApplicable::Authority {
                    authority,
                    allowed,
                    reference,
                }) => {
                    applicable = true;
                    out.push(
                        Diagnostic::from(MechanismNotApplicable {
                            subprocessor: &sp.value.name,
                            mechanism: entry.mechanism,
                            to: &entry.to,
                            why: Why::Authority {
                                regime: *regime,
                                authority,
                                allowed,
                                reference,
                            },
                            leaves_no_basis: bare(&[*regime]),
                            options: options(&[*regime]),
                            span: sp.span(Field::entry(i, EntryKey::ApprovedBy)),
                        })
                        .with_subject(subject.clone().regime(*regime)),
                    );
                }
                Verdict::Valid(_) | Verdict::Invalid(_) => applicable = true,
            }
        }
        if applicable {
            continue;
        }
        instead.sort();
        instead.dedup();
        let bare_regimes: Vec<Regime> = serving.iter().copied().filter(|r| bare(&[*r])).collect();
        let subject = match bare_regimes.as_slice() {
            [only] => subject.regime(*only),
            _ => subject,
        };
        out.push(
            Diagnostic::from(MechanismNotApplicable {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                to: &entry.to,
                why: Why::NoDecision {
                    serving: serving.clone(),
                    instead,
                },
                leaves_no_basis: bare(&serving),
                options: options(&serving),
                span: sp.span(pointer),
            })
            .with_subject(subject),
        );
    }
}
