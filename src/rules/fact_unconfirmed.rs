//! `fact-unconfirmed`: verdicts that rest on a fact the knowledge base has
//! not verified in a primary source ("needs confirmation").

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Basis;

/// What `subreg explain fact-unconfirmed` prints.
pub const DOC: super::Doc = super::Doc {
    what: "A note, not a finding: once per fact, names each knowledge-base fact marked `secondary` or `unverified` that some verdict of the run rests on (e.g. the Swiss listing of Monaco, or Malaysian BCRs counting as s.129(3)(f) due diligence), with what remains in doubt and how many transfers rest on it. The verdict is given, and flagged: it neither silently passes nor fails.",
    why: "A DPO relying on a verdict must know when it rests on a fact only a secondary source states, or that nobody has confirmed, and confirm it in the official source before signing.",
    example: "subreg check   # a transfer to MC under ch-fadp rests on an unverified listing",
    fix: "Confirm the fact in its official source and record it in registry/knowledge.toml with `verification = \"verified\"`, or rely on another mechanism.",
};

/// A verdict that rests on a fact not verified in a primary source.
pub struct NeedsConfirmation<'a> {
    /// The first sub-processor whose transfer rests on the fact.
    pub subprocessor: &'a str,
    /// Its destination.
    pub destination: &'a str,
    /// The fact.
    pub basis: Basis<'a>,
    /// The day judged: the fact is named as it stood then.
    pub as_of: crate::model::Date,
    /// How many transfers rest on it.
    pub transfers: usize,
    /// The first entry's `mechanism`.
    pub span: Span,
    /// What the first transfer resting on the fact is about.
    pub subject: crate::diag::Subject,
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
            Rule::FactUnconfirmed,
            format!(
                "needs confirmation: {} to {}{others} rest on {} (marked {})",
                f.subprocessor,
                f.destination,
                f.basis.reference_on(f.as_of),
                provenance.verification.as_str()
            ),
            Some(f.span),
        )
        .with_note(doubt)
        .with_note("confirm the fact in its official source before relying on these verdicts")
        .with_subject(f.subject)
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

/// Counts one more transfer resting on `basis`, or records it.
pub(super) fn note_doubt<'a>(
    doubts: &mut Vec<NeedsConfirmation<'a>>,
    doubt: NeedsConfirmation<'a>,
) {
    match doubts.iter_mut().find(|d| d.basis.id() == doubt.basis.id()) {
        Some(first) => first.transfers += 1,
        None => doubts.push(doubt),
    }
}
