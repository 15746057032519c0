//! `notice-period-too-short`: less notice than the registry promises.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Date;
use crate::model::Field;

use super::Context;

/// What `subreg explain notice-period-too-short` prints.
pub const DOC: super::Doc = super::Doc {
    what: "When registry.toml sets `notice_days`, checks that each sub-processor with an `effective` date was `added` to the published list at least that many days before it (a warning: the list's history). Under `check --base REV`, a sub-processor the change under review adds is announced on the as-of day at the earliest: its `effective` date, else its `added` date, must be at least `notice_days` later (an error: merging would break the promise).",
    why: "Data processing agreements promise customers advance notice of a new sub-processor so they can object (GDPR Art. 28(2)). Starting earlier breaks that promise.",
    example: "# registry.toml: notice_days = 30\nadded = 2026-03-01\neffective = 2026-03-10",
    fix: "effective = 2026-03-31   # at least 30 days after it was published",
};

/// Too little notice before processing starts.
pub struct NoticePeriodTooShort<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// When it was published, or is announced by the change under review.
    pub added: Date,
    /// Whether `added` is the day the change under review announces it
    /// (`check --base`) rather than its `added` date.
    pub announced: bool,
    /// When processing starts.
    pub effective: Date,
    /// The promised notice, in days.
    pub promised: u32,
    /// The entry's `effective`.
    pub span: Span,
}

impl From<NoticePeriodTooShort<'_>> for Diagnostic {
    fn from(f: NoticePeriodTooShort<'_>) -> Self {
        let earliest = f.added.plus_days(i64::from(f.promised));
        let given = f.added.days_until(f.effective);
        let days = |n: i64| format!("{n} day{}", if n == 1 { "" } else { "s" });
        let start = if f.announced {
            "announced by this change on"
        } else {
            "added"
        };
        let d = Diagnostic::new(
            Rule::NoticePeriodTooShort,
            format!(
                "{}: {} of notice ({start} {}, effective {}), but the registry promises {}",
                f.subprocessor,
                days(given),
                f.added,
                f.effective,
                days(i64::from(f.promised))
            ),
            Some(f.span),
        );
        // A promise that runs past the calendar's last day is a typo in
        // `notice_days`, not a date to move `effective` to.
        if earliest == Date::LAST {
            d.with_note(format!(
                "the promised notice runs past {earliest}: set `notice_days` in registry.toml to \
                 the notice the data processing agreement promises"
            ))
        } else {
            d.with_note(format!(
                "move `effective` to {earliest} or later, or notify customers again"
            ))
        }
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(promised) = ctx.config().and_then(|c| c.value.notice_days) else {
        return;
    };
    for sp in ctx.subprocessors() {
        // A sub-processor the change under review adds is announced by it,
        // today at the earliest; processing starts on `effective`, else on
        // `added`. Otherwise the list announced it on `added`.
        let announced = ctx.announced.contains(&sp.id);
        let (start, effective, field) = match (announced, sp.value.effective) {
            (true, Some(day)) => (ctx.as_of, day, Field::Effective),
            (true, None) => (ctx.as_of, sp.value.added, Field::Added),
            (false, Some(day)) => (sp.value.added, day, Field::Effective),
            (false, None) => continue,
        };
        if start.days_until(effective) < i64::from(promised) {
            let found = Diagnostic::from(NoticePeriodTooShort {
                subprocessor: &sp.value.name,
                added: start,
                announced,
                effective,
                promised,
                span: sp.span(field),
            })
            .with_subject(crate::diag::Subject::new(&sp.id));
            // A pull request that breaks the promise must not be merged; a
            // past breach is history to note.
            out.push(if announced {
                found.with_severity(crate::diag::Severity::Error)
            } else {
                found
            });
        }
    }
}
