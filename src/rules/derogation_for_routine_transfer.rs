//! `derogation-for-routine-transfer`: Art. 49 derogations are for occasional
//! transfers, not for a sub-processor.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{NotApplicable, Verdict};
use crate::model::{EntryKey, Field};
use crate::model::{Mechanism, Regime};

use super::Context;
use super::transfers::current_entries;

/// What `subreg explain derogation-for-routine-transfer` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry of a sub-processor that relies on a mechanism the knowledge base marks as occasional only: the derogations of GDPR Art. 49 (and their UK and Swiss counterparts).",
    why: "Derogations are exceptions for occasional, non-repetitive transfers (GDPR recital 111 and EDPB Guidelines 2/2018; under Directive 95/46/EC, Art. 26(1) read strictly by the Article 29 Working Party's WP 114 of 2005-11-25; the UK and Swiss exceptions are read alike, which the finding marks). Each finding cites the text of its regime in force on the day. A sub-processor receives data routinely for as long as it is engaged, so it needs an adequacy decision, clauses or BCRs instead.",
    example: "[[transfers]]\nto = \"IN\"\nmechanism = \"derogation\"\narticle = \"49(1)(b)\"",
    fix: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10",
};

/// A derogation used for a standing relationship.
pub struct DerogationForRoutineTransfer<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The regimes under which it is occasional only.
    pub regimes: Vec<Regime>,
    /// The provisions it names that a regime does not have: (regime, the
    /// article given, the instrument and its provisions). Folded into this
    /// finding, the one defect of the entry, instead of a second error.
    pub foreign_articles: Vec<ForeignArticle>,
    /// Whether it names no `article` at all (folded in, as above).
    pub no_article: bool,
    /// For each regime, the text that makes the mechanism occasional-only
    /// on the day (the Directive era's, the GDPR's, a national one).
    pub because: Vec<(Regime, String)>,
    /// The entry's `mechanism`.
    pub span: Span,
}

/// An article named by a derogation that is not among the regime's exceptions.
pub struct ForeignArticle {
    /// The regime.
    pub regime: Regime,
    /// The article given.
    pub article: String,
    /// The provisions the regime has.
    pub allowed: Vec<String>,
    /// The instrument that lists them.
    pub reference: String,
}

impl From<DerogationForRoutineTransfer<'_>> for Diagnostic {
    fn from(f: DerogationForRoutineTransfer<'_>) -> Self {
        let regimes: Vec<&str> = f.regimes.iter().map(|r| r.id()).collect();
        let d = Diagnostic::new(
            Rule::DerogationForRoutineTransfer,
            format!(
                "{}: `{}` covers only occasional transfers ({}), not a sub-processor's routine ones",
                f.subprocessor,
                f.mechanism,
                regimes.join(", ")
            ),
            Some(f.span),
        );
        let d = f.because.iter().fold(d, |d, (regime, because)| {
            d.with_note(format!("{regime}: {because}"))
        });
        let d = f.foreign_articles.into_iter().fold(d, |d, a| {
            d.with_note(format!(
                "it also names {}, which is not among the exceptions of {} ({} provides: {})",
                a.article,
                a.regime,
                a.reference,
                a.allowed.join(", ")
            ))
        });
        let d = if f.no_article {
            d.with_note(
                "it names no `article` either: not even an occasional transfer could rest on it",
            )
        } else {
            d
        };
        // No assessment named here: it is a condition of clauses only from
        // C-311/18 on, and the regime's own findings say when it is due.
        d.with_note(
            "rely on an adequacy decision, contractual clauses or BCRs, with the evidence each requires",
        )
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    // Only the regimes judged on the day: one not in force yet says nothing.
    let judged = super::transfers::judged_regimes(ctx);
    for (sp, i, entry) in current_entries(ctx) {
        let regimes: Vec<Regime> = config
            .value
            .regimes
            .iter()
            .copied()
            .filter(|r| judged.iter().any(|(j, _)| j == r))
            .filter(|r| {
                ctx.knowledge
                    .mechanism(*r, entry.mechanism)
                    .is_some_and(|m| m.occasional_only)
            })
            .collect();
        if !regimes.is_empty() {
            let foreign_articles = regimes
                .iter()
                .filter_map(
                    |r| match ctx.knowledge.assess(*r, &entry.to, entry, ctx.as_of) {
                        Verdict::NotApplicable(NotApplicable::Article {
                            article,
                            allowed,
                            reference,
                        }) => Some(ForeignArticle {
                            regime: *r,
                            article,
                            allowed,
                            reference,
                        }),
                        _ => None,
                    },
                )
                .collect();
            let because = regimes
                .iter()
                .filter_map(|r| {
                    let fact = ctx.knowledge.mechanism(*r, entry.mechanism)?;
                    let because = fact.occasional_because_on(ctx.as_of)?;
                    Some((*r, because.to_owned()))
                })
                .collect();
            // Occasional-only under one regime: the finding is about it.
            let subject = super::transfers::entry_subject(ctx, sp, entry).entry(i);
            let subject = match regimes.as_slice() {
                [one] => subject.regime(*one),
                _ => subject,
            };
            out.push(
                Diagnostic::from(DerogationForRoutineTransfer {
                    subprocessor: &sp.value.name,
                    mechanism: entry.mechanism,
                    regimes,
                    foreign_articles,
                    no_article: entry.article.is_none(),
                    because,
                    span: sp.span(Field::entry(i, EntryKey::Mechanism)),
                })
                .with_subject(subject),
            );
        }
    }
}
