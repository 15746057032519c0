//! `transfer-at-risk`: a valid mechanism under pending legal challenge.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Mechanism, RiskFact};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain transfer-at-risk` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns when a transfer relies only on mechanisms that the knowledge base lists under a pending legal challenge on the as-of date, such as the EU-US Data Privacy Framework (appeal C-703/25 P in Latombe from 2025-10-31; Trump v. Slaughter from 2026-06-29), with no unchallenged fallback for the same destination. The finding gives the facts and their dates.",
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
    /// The pending challenges on the as-of date.
    pub risks: Vec<&'a RiskFact>,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<TransferAtRisk<'_>> for Diagnostic {
    fn from(f: TransferAtRisk<'_>) -> Self {
        let mut d = Diagnostic::new(
            Rule::TransferAtRisk,
            format!(
                "{}: `{}` is under legal challenge and the transfer has no fallback",
                f.subprocessor, f.mechanism
            ),
            Some(f.span),
        );
        for risk in &f.risks {
            d = d.with_note(risk.summary.clone());
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
        let fallback = solid.iter().any(|(i, _)| {
            transfers
                .get(*i)
                .is_some_and(|t| pending(t.mechanism).is_empty())
        });
        if fallback {
            continue;
        }
        for (index, _) in solid {
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
                TransferAtRisk {
                    subprocessor: &e.subprocessor.value.name,
                    mechanism: entry.mechanism,
                    risks,
                    span: e
                        .subprocessor
                        .span(&format!("/transfers/{index}/mechanism")),
                }
                .into(),
            );
        }
    }
}
