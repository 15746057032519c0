//! `stale-knowledge`: the knowledge base has not been checked recently.

use crate::diag::{Diagnostic, Rule};
use crate::model::Date;

use super::Context;

/// Days after which an unchecked knowledge base is stale.
pub const MAX_AGE_DAYS: i64 = 180;

/// What `subreg explain stale-knowledge` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns when the oldest `checked` date of the knowledge base in force (built-in facts and the registry's knowledge.toml) is more than 180 days before the as-of date. Also notes each record a registry's knowledge.toml replaces.",
    why: "Transfer law moves: adequacy decisions are adopted, extended and struck down. Verdicts on facts nobody has re-checked for half a year may be wrong today.",
    example: "subreg check --as-of 2027-06-01   # built-in facts last checked 2026-12-01",
    fix: "Update subreg to a release with re-checked facts, or re-check the facts and record them in registry/knowledge.toml with a new `checked` date.",
};

/// A knowledge base older than the limit.
pub struct StaleKnowledge {
    /// The oldest check.
    pub checked: Date,
    /// The as-of date.
    pub as_of: Date,
}

impl From<StaleKnowledge> for Diagnostic {
    fn from(f: StaleKnowledge) -> Self {
        Diagnostic::new(
            Rule::StaleKnowledge,
            format!(
                "the knowledge base was last checked on {}, {} days before {} (limit {MAX_AGE_DAYS})",
                f.checked,
                f.checked.days_until(f.as_of),
                f.as_of
            ),
            None,
        )
        .with_note("update subreg, or re-check the facts and record them in registry/knowledge.toml")
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(checked) = ctx.knowledge.oldest_check()
        && checked.days_until(ctx.as_of) > MAX_AGE_DAYS
    {
        out.push(
            StaleKnowledge {
                checked,
                as_of: ctx.as_of,
            }
            .into(),
        );
    }
}
