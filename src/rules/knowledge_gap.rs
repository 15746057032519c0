//! `knowledge-gap`: the knowledge base holds no facts to judge a transfer
//! under a regime on the as-of date; subreg says so instead of judging.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Coverage, Date, Regime};

use super::Context;
use super::transfers::Evaluation;

/// What `subreg explain knowledge-gap` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Reports a transfer that subreg cannot judge because its knowledge base holds no facts for the law in force on the as-of date: the UK before 2000-03-01 (the Data Protection Act 1984, before the Act of 1998 came into force), or Switzerland before 2023-09-01 (the former FADP and the FDPIC's non-binding country list, which the base does not hold) when no entry valid then covers the destination. An error: neither \"lawful\" nor \"unlawful\" can be said.",
    why: "A verdict given without the facts would be a guess, and a DPO might sign on it. Each regime's law is dated in the knowledge base (e.g. Directive 95/46/EC until 2018-05-24, the GDPR from 2018-05-25; the EU GDPR for UK exporters until 2020-12-31, the UK GDPR from 2021-01-01); where it holds nothing, it says so.",
    example: "subreg check --as-of 2022-06-01   # ch-fadp, a transfer to DE with no entry",
    fix: "Judge the transfer by hand under the law then in force and record the basis relied on; or record the missing facts in registry/knowledge.toml; or allow the finding for dates the registry does not need to prove.",
};

/// A transfer the knowledge base cannot judge.
pub struct KnowledgeGap<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The regime.
    pub regime: Regime,
    /// The destination.
    pub destination: &'a str,
    /// The law then in force, when the base names it.
    pub law: &'a str,
    /// What the base lacks.
    pub coverage: Coverage,
    /// The day judged.
    pub as_of: Date,
    /// Where the destination is stated.
    pub span: Span,
}

impl From<KnowledgeGap<'_>> for Diagnostic {
    fn from(f: KnowledgeGap<'_>) -> Self {
        let law = if f.law.is_empty() {
            "the law then in force".to_owned()
        } else {
            f.law.to_owned()
        };
        let (message, note) = match f.coverage {
            Coverage::NoAdequacyList => (
                format!(
                    "{}: transfer to {} under {} on {} cannot be judged: no entry valid then covers it, and the knowledge base does not hold the list of adequate destinations of {law}",
                    f.subprocessor, f.destination, f.regime, f.as_of
                ),
                format!(
                    "check whether {} was adequate under {law} on {}, or record the safeguard relied on",
                    f.destination, f.as_of
                ),
            ),
            Coverage::None | Coverage::Complete => (
                format!(
                    "{}: transfer to {} under {} on {} cannot be judged: the knowledge base holds no facts for {law}",
                    f.subprocessor, f.destination, f.regime, f.as_of
                ),
                format!(
                    "judge the transfer under {law} by hand, or record the facts in registry/knowledge.toml"
                ),
            ),
        };
        Diagnostic::new(Rule::KnowledgeGap, message, Some(f.span)).with_note(note)
    }
}

/// Reports `e` as a gap when its law is one the base has no facts for,
/// or has no adequacy list for and no entry covers it. Returns whether it did.
pub(super) fn check(ctx: &Context<'_>, e: &Evaluation<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let gap = match e.law.coverage {
        Coverage::None => true,
        Coverage::NoAdequacyList => true,
        Coverage::Complete => false,
    };
    if !gap {
        return false;
    }
    out.push(
        Diagnostic::from(KnowledgeGap {
            subprocessor: &e.subprocessor.value.name,
            regime: e.regime,
            destination: e.destination.code,
            law: e.law.instrument(),
            coverage: e.law.coverage,
            as_of: ctx.as_of,
            span: e.subprocessor.span(e.destination.field()),
        })
        .with_subject(e.subject(None)),
    );
    true
}
