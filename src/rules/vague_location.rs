//! `vague-location`: "Global" or "Worldwide" is not a place the law can judge.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Field;

use super::Context;

/// What `subreg explain vague-location` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags locations such as \"Global\", \"Worldwide\" or \"Multiple\" that name no country. An error: the transfers behind it cannot be judged, so the check cannot pass on them.",
    why: "Transfer rules apply per destination (GDPR Art. 44). A vague location hides every destination behind it, so none of them can be checked against adequacy decisions or safeguards, and readers of the policy learn nothing about where their data go; a mechanism for one country (the DPF for the US) says nothing of the others.",
    example: "locations = [\"Global\"]",
    fix: "locations = [\"US\", \"IE\", \"SG\"]   # every country where the data are stored or accessed",
};

/// Words that stand for "anywhere" rather than a place. Compared without case.
const VAGUE: &[&str] = &[
    "global",
    "worldwide",
    "world",
    "world-wide",
    "international",
    "multiple",
    "various",
    "all",
    "any",
    "anywhere",
    "everywhere",
];

/// A location that names no country.
pub struct VagueLocation<'a> {
    /// The value as written.
    pub value: &'a str,
    /// Where it is.
    pub span: Span,
}

impl From<VagueLocation<'_>> for Diagnostic {
    fn from(f: VagueLocation<'_>) -> Self {
        Diagnostic::new(
            Rule::VagueLocation,
            format!(
                "\"{}\" does not say where the data go, so the transfers to it cannot be judged",
                f.value
            ),
            Some(f.span),
        )
            .with_note("list every country where the data are stored or accessed, as ISO 3166-1 alpha-2 codes or cloud regions (`provider:region`); ask the vendor for its list of hosting and support locations, and write \"not-stated\" until it answers")
    }
}

/// Whether `location` is a vague word rather than a place.
#[must_use]
pub fn is_vague(location: &str) -> bool {
    let lowered = location.trim().to_lowercase();
    VAGUE.contains(&lowered.as_str())
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for sp in ctx.subprocessors() {
        for (i, location) in sp.value.locations.iter().enumerate() {
            if is_vague(location) {
                out.push(
                    VagueLocation {
                        value: location,
                        span: sp.span(Field::Location(i)),
                    }
                    .into(),
                );
            }
        }
    }
}
