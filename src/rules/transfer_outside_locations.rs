//! `transfer-outside-locations`: a transfer entry for a place the
//! sub-processor does not list.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Field, TransferKey};

use super::Context;
use super::transfers::is_current;

/// What `subreg explain transfer-outside-locations` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a `[[transfers]]` entry whose `to` is neither one of the sub-processor's `locations` nor the `country` of its entity (an area word such as \"EEA\" counts when it contains one of them).",
    why: "Either the locations are incomplete, and the published policy hides a destination from customers, or the entry is left over from an old set-up and documents a basis for nothing.",
    example: "locations = [\"US\"]\n[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"",
    fix: "locations = [\"US\", \"IN\"]   # if the data do go to India; otherwise delete the entry",
};

/// An entry for a destination the sub-processor does not list.
pub struct TransferOutsideLocations<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The entry's destination.
    pub to: &'a str,
    /// The entry's `to`.
    pub span: Span,
}

impl From<TransferOutsideLocations<'_>> for Diagnostic {
    fn from(f: TransferOutsideLocations<'_>) -> Self {
        Diagnostic::new(
            Rule::TransferOutsideLocations,
            format!(
                "{}: transfer entry for {}, which is neither a location nor the entity's country",
                f.subprocessor, f.to
            ),
            Some(f.span),
        )
        .with_note(format!(
            "add \"{}\" to `locations` if the data go there; otherwise delete this entry",
            f.to
        ))
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for sp in ctx.subprocessors().iter().filter(|sp| is_current(sp, ctx)) {
        // Cloud regions count as their countries.
        let places: Vec<&str> = sp
            .value
            .locations
            .iter()
            .filter_map(|l| ctx.knowledge.judged_as(l))
            .chain(std::iter::once(sp.value.country.as_str()))
            .collect();
        for (i, entry) in sp.value.transfers.iter().enumerate() {
            let listed = places
                .iter()
                .any(|p| ctx.knowledge.covers(&entry.to, p) || ctx.knowledge.covers(p, &entry.to));
            if !listed && super::unknown_country::is_known_location(&entry.to, ctx.knowledge) {
                out.push(
                    Diagnostic::from(TransferOutsideLocations {
                        subprocessor: &sp.value.name,
                        to: &entry.to,
                        span: sp.span(Field::Transfer(i, Some(TransferKey::To))),
                    })
                    .with_subject(super::transfers::entry_subject(ctx, sp, entry)),
                );
            }
        }
    }
}
