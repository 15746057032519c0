//! `transfer-at-risk`: a valid mechanism under pending legal challenge.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{EntryKey, Field};
use crate::model::{Mechanism, Regime, RiskFact};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain transfer-at-risk` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns when a transfer relies only on mechanisms that the knowledge base lists under a pending legal challenge on the as-of date, such as the EU-US Data Privacy Framework (appeal C-703/25 P in Latombe from 2025-10-31; Trump v. Slaughter from 2026-06-29), with no complete unchallenged fallback for the same destination (clauses count only with their signature, module and assessment). The finding names the instrument at risk under each regime (Decision (EU) 2023/1795; SI 2023/1028 for the UK bridge; the Federal Council's amendment of Annex 1 DPO for the Swiss-US DPF) and says whether each threat is a pending case, a decided ruling or an announced challenge.",
    why: "Safe Harbor and Privacy Shield were struck down overnight, leaving their users without a basis. A transfer on a challenged mechanism should have a fallback ready, such as SCCs with a transfer impact assessment.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01",
    fix: "Keep the entry and add a fallback:\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10",
};

/// A transfer on a challenged mechanism, with no unchallenged fallback.
pub struct TransferAtRisk<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The regime.
    pub regime: Regime,
    /// The instrument at risk under that regime (e.g. SI 2023/1028 for the UK bridge).
    pub instrument: String,
    /// The pending challenges on the as-of date.
    pub risks: Vec<&'a RiskFact>,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<TransferAtRisk<'_>> for Diagnostic {
    fn from(f: TransferAtRisk<'_>) -> Self {
        let direct = f
            .risks
            .iter()
            .any(|r| r.targets.is_empty() || r.targets.contains(&f.mechanism));
        let message = if direct {
            format!(
                "{}: `{}` is under legal challenge and the transfer has no complete fallback",
                f.subprocessor, f.mechanism
            )
        } else {
            format!(
                "{}: `{}` is not itself challenged, but rests on the same US framework as an instrument that is (an indirect risk), and the transfer has no complete fallback",
                f.subprocessor, f.mechanism
            )
        };
        let mut d = Diagnostic::new(Rule::TransferAtRisk, message, Some(f.span));
        d = d.with_note(format!("at risk under {}: {}", f.regime, f.instrument));
        for risk in &f.risks {
            let indirect = !risk.targets.is_empty() && !risk.targets.contains(&f.mechanism);
            d = d.with_note(format!(
                "{}{} ({})",
                if indirect { "indirectly: " } else { "" },
                risk.summary,
                risk.status.describe()
            ));
            if let Some(doubt) = &risk.provenance.doubt {
                d = d.with_note(format!("needs confirmation: {doubt}"));
            }
        }
        d.with_note("add a fallback entry for the same destination (e.g. SCCs with a transfer impact assessment) so the transfer keeps a basis if the mechanism falls")
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let pending = |mechanism: Mechanism| -> Vec<&RiskFact> {
        ctx.knowledge
            .risks
            .iter()
            .filter(|r| {
                r.mechanisms.contains(&mechanism)
                    && r.since <= ctx.as_of
                    && r.resolved.is_none_or(|d| d > ctx.as_of)
            })
            .collect()
    };
    let mut seen = Vec::new();
    for e in evaluations {
        let transfers = &e.subprocessor.value.transfers;
        let solid = e.solid_entries();
        // A fallback counts only when it is itself complete.
        let fallback = e.adequacy.is_some()
            || solid.iter().any(|(i, basis)| {
                transfers
                    .get(*i)
                    .is_some_and(|t| pending(t.mechanism).is_empty())
                    && e.is_complete(ctx, *i, basis)
            });
        if fallback {
            continue;
        }
        for (index, basis) in solid {
            let Some(entry) = transfers.get(index) else {
                continue;
            };
            let risks = pending(entry.mechanism);
            let key = (e.subprocessor.file, index);
            if risks.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            out.push(
                Diagnostic::from(TransferAtRisk {
                    subprocessor: &e.subprocessor.value.name,
                    mechanism: entry.mechanism,
                    regime: e.regime,
                    instrument: basis.reference_on(ctx.as_of),
                    risks,
                    span: e
                        .subprocessor
                        .span(Field::entry(index, EntryKey::Mechanism)),
                })
                .with_subject(e.subject(Some(entry.mechanism))),
            );
        }
    }
}
