//! `transfer-at-risk`: a valid mechanism under pending legal challenge.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Verdict;
use crate::model::{Mechanism, RiskFact};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain transfer-at-risk` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns when a transfer relies on a mechanism that the knowledge base lists under a pending legal challenge on the as-of date, such as the EU-US Data Privacy Framework (appeal C-703/25 P in Latombe; Trump v. Slaughter). The finding gives the facts and their dates.",
    why: "Safe Harbor and Privacy Shield were struck down overnight, leaving their users without a basis. A transfer on a challenged mechanism should have a fallback ready, such as SCCs with a transfer impact assessment.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01",
    fix: "Keep the entry and add a fallback:\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10",
};

/// A transfer on a challenged mechanism.
pub struct TransferAtRisk<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The risk.
    pub risk: &'a RiskFact,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<TransferAtRisk<'_>> for Diagnostic {
    fn from(f: TransferAtRisk<'_>) -> Self {
        let mut d = Diagnostic::new(
            Rule::TransferAtRisk,
            format!("{}: `{}` is under legal challenge", f.subprocessor, f.mechanism),
            Some(f.span),
        )
        .with_note(f.risk.summary.clone())
        .with_note("prepare a fallback (e.g. SCCs with a transfer impact assessment) so the transfer keeps a basis if the mechanism falls");
        if let Some(doubt) = &f.risk.provenance.doubt {
            d = d.with_note(format!("needs confirmation: {doubt}"));
        }
        d
    }
}

pub(super) fn check(ctx: &Context<'_>, evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for e in evaluations {
        for (index, verdict) in &e.entries {
            let Verdict::Valid(_) = verdict else { continue };
            let Some(entry) = e.subprocessor.value.transfers.get(*index) else {
                continue;
            };
            let risk = ctx.knowledge.risks.iter().find(|r| {
                r.mechanisms.contains(&entry.mechanism)
                    && r.since <= ctx.as_of
                    && r.resolved.is_none_or(|d| d > ctx.as_of)
            });
            let key = (e.subprocessor.file, *index);
            if let Some(risk) = risk
                && !seen.contains(&key)
            {
                seen.push(key);
                out.push(
                    TransferAtRisk {
                        subprocessor: &e.subprocessor.value.name,
                        mechanism: entry.mechanism,
                        risk,
                        span: e
                            .subprocessor
                            .span(&format!("/transfers/{index}/mechanism")),
                    }
                    .into(),
                );
            }
        }
    }
}
