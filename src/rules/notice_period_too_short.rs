//! `notice-period-too-short`: less notice than the registry promises.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Date;
use crate::model::Field;

use super::Context;

/// What `subreg explain notice-period-too-short` prints.
pub const DOC: super::Doc = super::Doc {
    what: "When registry.toml sets `notice_days`, checks that each sub-processor with an `effective` date was announced (its `announced` date, else the day it was `added` to the published list) at least that many days before it, and that one without `effective` was not announced after it was `added` (a warning: the list's history). Under `check --base REV`, a sub-processor the change under review adds, engages again, or whose start it moves while it has not started yet, is announced on the as-of day (or its later `announced` day): its `effective` date, else its `added` date, must be at least `notice_days` later, counted with the base's `notice_days` when the change lowers or deletes it (an error: merging would break the promise). Its findings cannot be waived: the notice period is the customers' time to object.",
    why: "Data processing agreements promise customers advance notice of a new sub-processor so they can object (GDPR Art. 28(2)). Starting earlier breaks that promise.",
    example: "# registry.toml: notice_days = 30\nadded = 2026-03-01\neffective = 2026-03-10",
    fix: "effective = 2026-03-31   # at least 30 days after it was published",
};

/// The day a notice period is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announced {
    /// The entry's `added` date: the published list was the notice.
    Added,
    /// The entry's own `announced` date.
    Declared,
    /// The as-of day: the change under review adds the entry.
    ByChange,
}

/// Too little notice before processing starts.
pub struct NoticePeriodTooShort<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// When it was published, or is announced by the change under review.
    pub added: Date,
    /// What `added` is: its `added` date, its `announced` date, or the day
    /// the change under review (`check --base`) announces it.
    pub announced: Announced,
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
        let start = match f.announced {
            Announced::ByChange => "announced by this change on",
            Announced::Declared => "announced",
            Announced::Added => "added",
        };
        // Processing before the announcement is no notice at all.
        let notice = if given < 0 {
            format!("no notice: processing starts {} before", days(-given))
        } else {
            format!("{} of notice", days(given))
        };
        let d = Diagnostic::new(
            Rule::NoticePeriodTooShort,
            format!(
                "{}: {notice} ({start} {}, effective {}), but the registry promises {}",
                f.subprocessor,
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
                "move `effective` to {earliest} or later (set it when the entry has none), or \
                 notify customers again"
            ))
        }
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(promised) = ctx.notice_days() else {
        return;
    };
    for sp in ctx.subprocessors() {
        // A sub-processor the change under review adds (or whose start it
        // moves) is announced by it, today at the earliest, or on its own
        // later `announced` day; processing starts on `effective`, else on
        // `added`. Otherwise the list announced it on `announced`, else on
        // `added`: with no `effective`, an announcement after `added` came
        // after processing started.
        let by_change = ctx.announced.contains(&sp.id);
        let declared = sp.value.announced;
        let (start, effective, field) = match (by_change, sp.value.effective) {
            (true, Some(day)) => (ctx.announced_on(&sp.id, declared), day, Field::Effective),
            (true, None) => (
                ctx.announced_on(&sp.id, declared),
                sp.value.added,
                Field::Added,
            ),
            (false, Some(day)) => (declared.unwrap_or(sp.value.added), day, Field::Effective),
            (false, None) => match declared {
                Some(day) if day > sp.value.added => (day, sp.value.added, Field::Added),
                _ => continue,
            },
        };
        if start.days_until(effective) < i64::from(promised) {
            let announced = match (by_change, sp.value.announced) {
                (true, Some(day)) if day == start => Announced::Declared,
                (true, _) => Announced::ByChange,
                (false, Some(_)) => Announced::Declared,
                (false, None) => Announced::Added,
            };
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
            // Pinned: the change under review could lower the level too.
            out.push(if by_change {
                crate::diag::Diagnostic {
                    pinned: true,
                    ..found.with_severity(crate::diag::Severity::Error)
                }
            } else {
                found
            });
        }
    }
}
