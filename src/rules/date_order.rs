//! `date-order`: a sub-processor's dates must follow each other.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Field, TransferKey};

use super::Context;

/// What `subreg explain date-order` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Checks that `effective` and `removed` are not before `added`, that `effective` is not before `announced`, that `removed` is not before `effective`, and that a transfer entry's `ended` is not before its `signed`.",
    why: "The dates drive the notice period promised to customers and the moment an entry leaves the published table. Dates in the wrong order are a typo that silently changes both.",
    example: "added = 2024-03-01\neffective = 2024-02-01",
    fix: "added = 2024-02-01\neffective = 2024-03-01   # processing starts after the entry is published",
};

/// A date earlier than one it must follow.
pub struct DateOrder<'a> {
    /// The later field, e.g. `effective`.
    pub field: &'a str,
    /// Its value.
    pub value: crate::model::Date,
    /// The field it must not precede, e.g. `added`.
    pub after: &'a str,
    /// That field's value.
    pub after_value: crate::model::Date,
    /// The later field's value.
    pub span: Span,
}

impl From<DateOrder<'_>> for Diagnostic {
    fn from(f: DateOrder<'_>) -> Self {
        Diagnostic::new(
            Rule::DateOrder,
            format!(
                "`{}` ({}) is before `{}` ({})",
                f.field, f.value, f.after, f.after_value
            ),
            Some(f.span),
        )
        .with_note(format!(
            "`{}` must be on or after `{}`; correct whichever date is wrong",
            f.field, f.after
        ))
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for sp in ctx.subprocessors() {
        let v = &sp.value;
        let pairs = [
            (
                Field::Effective,
                "effective",
                v.effective,
                "added",
                Some(v.added),
            ),
            // Customers are told before processing starts, never after.
            (
                Field::Effective,
                "effective",
                v.effective,
                "announced",
                v.announced,
            ),
            (Field::Removed, "removed", v.removed, "added", Some(v.added)),
            (
                Field::Removed,
                "removed",
                v.removed,
                "effective",
                v.effective,
            ),
        ];
        // A contract cannot end before it was signed.
        let entries = v.transfers.iter().enumerate().map(|(i, t)| {
            (
                Field::Transfer(i, Some(TransferKey::Ended)),
                "ended",
                t.ended,
                "signed",
                t.signed,
            )
        });
        for (at, field, value, after, after_value) in pairs.into_iter().chain(entries) {
            if let (Some(value), Some(after_value)) = (value, after_value)
                && value < after_value
            {
                out.push(
                    DateOrder {
                        field,
                        value,
                        after,
                        after_value,
                        span: sp.span(at),
                    }
                    .into(),
                );
            }
        }
    }
}
