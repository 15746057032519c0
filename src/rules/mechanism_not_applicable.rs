//! `mechanism-not-applicable`: a transfer entry that is no basis under any
//! regime the registry follows, for its destination.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{NotApplicable, Verdict};
use crate::model::{Mechanism, Regime};

use super::Context;
use super::transfers::current_entries;

/// What `subreg explain mechanism-not-applicable` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry whose mechanism serves none of the registry's `regimes` (e.g. `uk-idta` in a registry that follows only eu-gdpr), or that no decision supports for its destination (e.g. plain `adequacy` for the US, where the EU decision covers only organisations certified under the Data Privacy Framework: the mechanism is `eu-us-dpf`).",
    why: "Each mechanism is a legal basis under one body of law. An entry that serves no regime in force gives a false sense of cover: the transfer it seems to document is checked as if it had no basis.",
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
    /// The registry's regimes that recognise the mechanism (empty: none does).
    pub serving: Vec<Regime>,
    /// The regimes the registry follows.
    pub registry_regimes: Vec<Regime>,
    /// The regimes that recognise the mechanism at all.
    pub regimes_of: Vec<Regime>,
    /// Mechanisms that decisions for the destination do use.
    pub instead: Vec<Mechanism>,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<MechanismNotApplicable<'_>> for Diagnostic {
    fn from(f: MechanismNotApplicable<'_>) -> Self {
        let ids = |list: &[Regime]| list.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ");
        if f.serving.is_empty() {
            let message = format!(
                "{}: `{}` is not a transfer mechanism under {}",
                f.subprocessor,
                f.mechanism,
                ids(&f.registry_regimes)
            );
            let note = if f.regimes_of.is_empty() {
                "delete the entry: no regime subreg knows recognises this mechanism".to_owned()
            } else {
                format!(
                    "subreg knows `{}` only under {}: delete the entry, or list that regime in `regimes` if its law applies to these data",
                    f.mechanism,
                    ids(&f.regimes_of)
                )
            };
            return Diagnostic::new(Rule::MechanismNotApplicable, message, Some(f.span))
                .with_note(note);
        }
        let mut d = Diagnostic::new(
            Rule::MechanismNotApplicable,
            format!(
                "{}: `{}` is not a basis for {} under {}",
                f.subprocessor,
                f.mechanism,
                f.to,
                ids(&f.serving)
            ),
            Some(f.span),
        );
        if f.instead.is_empty() {
            d = d.with_note(format!("no {} decision covers {}", ids(&f.serving), f.to));
        } else {
            let names: Vec<&str> = f.instead.iter().map(|m| m.id()).collect();
            d = d.with_note(format!(
                "the decisions for {} are relied on through: {}",
                f.to,
                names.join(", ")
            ));
        }
        d
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    for (sp, i, entry) in current_entries(ctx) {
        if !super::unknown_country::is_known_location(&entry.to, ctx.knowledge) {
            continue;
        }
        let serving: Vec<Regime> = config
            .value
            .regimes
            .iter()
            .copied()
            .filter(|r| ctx.knowledge.serves(*r, entry.mechanism))
            .collect();
        let mut instead = Vec::new();
        let applicable =
            serving.iter().any(
                |r| match ctx.knowledge.assess(*r, &entry.to, entry, ctx.as_of) {
                    Verdict::NotApplicable(NotApplicable::NoDecision { instead: other }) => {
                        instead.extend(other);
                        false
                    }
                    Verdict::NotApplicable(NotApplicable::OtherRegime) => false,
                    _ => true,
                },
            );
        if applicable {
            continue;
        }
        instead.sort();
        instead.dedup();
        out.push(
            MechanismNotApplicable {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                to: &entry.to,
                regimes_of: ctx.knowledge.regimes_of(entry.mechanism),
                registry_regimes: config.value.regimes.clone(),
                serving,
                instead,
                span: sp.span(&format!("/transfers/{i}/mechanism")),
            }
            .into(),
        );
    }
}
