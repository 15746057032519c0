//! `location-unknown`: a location recorded as not known cannot be judged.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Located;
use crate::model::{Field, Unstated};

use super::Context;

/// What `subreg explain location-unknown` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags each location written `not-stated` (the vendor does not say where the data are stored or accessed) or `customer-choice` (they are where the customer chooses), in every sub-processor file (retired and future ones too, like the other location checks). An error: no regime's verdict covers a place nobody named, while the sub-processor's other locations and its country are judged as usual.",
    why: "Transfer rules apply per destination (GDPR Art. 44; UK GDPR Art. 44; FADP Art. 16; PDPA s.129). Recording that a location is not known is honest, and better than a guessed country, but the check cannot pass on it: the controller must know where its processor sends the data (GDPR Art. 28(3)(a) and 30(1)(e)), and when the customer chooses, the choice made for this organisation's account is a fact to record.",
    example: "locations = [\"customer-choice\"]",
    fix: "locations = [\"aws:eu-central-1\"]   # the region chosen for our account (judged as DE)",
};

/// A location recorded as not known.
pub struct LocationUnknown<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// Which kind of not known.
    pub unstated: Unstated,
    /// Where it is.
    pub span: Span,
}

impl From<LocationUnknown<'_>> for Diagnostic {
    fn from(f: LocationUnknown<'_>) -> Self {
        let (what, fix) = match f.unstated {
            Unstated::NotStated => (
                "the vendor does not state where the data are stored or accessed",
                "ask the vendor for its hosting and support locations (its DPA or its own sub-processor list) and list them as ISO 3166-1 alpha-2 codes or cloud regions (`provider:region`)",
            ),
            Unstated::CustomerChoice => (
                "where the data are depends on the customer's choice",
                "record the choice made for this organisation's account: the region (e.g. \"aws:eu-central-1\") or the country (e.g. \"DE\")",
            ),
        };
        Diagnostic::new(
            Rule::LocationUnknown,
            format!(
                "{}: {what}, so the transfers there cannot be judged",
                f.subprocessor
            ),
            Some(f.span),
        )
        .with_note(fix)
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Every file, retired and future ones too, as every location check
    // does: a location is a fact of the record, whatever the day judged.
    for sp in ctx.subprocessors() {
        for (i, location) in sp.value.locations.iter().enumerate() {
            if let Located::Unstated(unstated) = ctx.knowledge.locate(location) {
                out.push(
                    LocationUnknown {
                        subprocessor: &sp.value.name,
                        unstated,
                        span: sp.span(Field::Location(i)),
                    }
                    .into(),
                );
            }
        }
    }
}
