//! `waiver-unused`: a waiver that waives no finding.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Date;

/// What `subreg explain waiver-unused` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Reports a `[[waivers]]` entry of registry.toml that waives no finding on the as-of day: its rule or sub-processor names nothing (with the closest name), its rule cannot be waived (structural rules, document rules, rules whose findings are notes), the rule's level hides its findings anyway, or the gap it accepted is closed.",
    why: "A waiver that matches nothing is not harmless: a review reads it as an accepted gap, a misspelt one leaves the finding it was meant for standing, and one left behind after its gap closed hides the same gap when it comes back, without anyone deciding again. Deleting a waiver when its gap closes keeps the list of accepted gaps true.",
    example: "[[waivers]]\nrule = \"tia-mising\"\nsubprocessor = \"aws\"\nreason = \"TIA with counsel\"\nuntil = 2027-01-31",
    fix: "rule = \"tia-missing\"   # or delete the waiver once the assessment is in the file",
};

/// Why a waiver waives nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unused<'a> {
    /// Its `rule` is no rule's name or code; the closest name, if close.
    UnknownRule(Option<&'static str>),
    /// Its rule's findings cannot be waived.
    NotWaivable(Rule),
    /// Its rule's level is `allow`: the findings are hidden anyway.
    Hidden(Rule),
    /// Its `subprocessor` is no sub-processor of the registry; the closest id.
    UnknownSubprocessor(Option<&'a str>),
    /// Its `destination` is none of the sub-processor's (country,
    /// locations, transfer destinations); the closest, if close.
    UnknownDestination(Option<&'a str>),
    /// An earlier waiver, at this span, waives the same findings.
    Duplicate(Span),
    /// No finding of the run matches it.
    NothingMatched(Date),
}

/// A waiver that waives nothing.
pub struct WaiverUnused<'a> {
    /// The rule as the waiver names it.
    pub rule: &'a str,
    /// The sub-processor's id as the waiver names it.
    pub subprocessor: &'a str,
    /// Why.
    pub why: Unused<'a>,
    /// The key at fault, or the entry.
    pub span: Span,
}

impl From<WaiverUnused<'_>> for Diagnostic {
    fn from(f: WaiverUnused<'_>) -> Self {
        let (message, note) = match &f.why {
            Unused::UnknownRule(nearest) => (
                format!("the waiver names the rule `{}`, which does not exist", f.rule),
                nearest.map_or_else(
                    || "name a rule as `subreg explain --list` lists it, by name or code".to_owned(),
                    |name| format!("did you mean `{name}`?"),
                ),
            ),
            Unused::NotWaivable(rule) => (
                format!("the waiver of `{}` for `{}` waives nothing: {}", f.rule, f.subprocessor, not_waivable(*rule)),
                "delete the waiver and fix the finding".to_owned(),
            ),
            Unused::Hidden(rule) => (
                format!(
                    "the waiver of `{}` for `{}` waives nothing: the rule's level is `allow`, so its findings are hidden",
                    f.rule, f.subprocessor
                ),
                format!("delete the waiver; the level of `{}` is set to `allow` in registry.toml's `[rules]` or with `-A` on the command line", rule.name()),
            ),
            Unused::UnknownSubprocessor(nearest) => (
                format!(
                    "the waiver of `{}` names the sub-processor `{}`, which is no file of this registry",
                    f.rule, f.subprocessor
                ),
                nearest.map_or_else(
                    || "write the id of a sub-processor file (`subprocessors/<id>.toml`)".to_owned(),
                    |id| format!("did you mean `{id}`?"),
                ),
            ),
            Unused::UnknownDestination(nearest) => (
                format!(
                    "the waiver of `{}` for `{}` names a destination the sub-processor has no finding about: it is none of its country, locations or transfer destinations",
                    f.rule, f.subprocessor
                ),
                nearest.map_or_else(
                    || "write the destination as the findings name it: an ISO 3166-1 alpha-2 code in upper case or a `provider:region`".to_owned(),
                    |to| format!("did you mean `{to}`?"),
                ),
            ),
            Unused::Duplicate(_) => (
                format!(
                    "the waiver of `{}` for `{}` repeats an earlier waiver of the same findings",
                    f.rule, f.subprocessor
                ),
                "delete one of the two; keep the reason and `until` that were reviewed".to_owned(),
            ),
            Unused::NothingMatched(as_of) => (
                format!(
                    "the waiver of `{}` for `{}` matches no finding on {as_of}",
                    f.rule, f.subprocessor
                ),
                "the gap it accepted is closed (or its `regime` or `destination` names another case): delete the waiver".to_owned(),
            ),
        };
        let d = Diagnostic::new(Rule::WaiverUnused, message, Some(f.span)).with_note(note);
        match f.why {
            Unused::Duplicate(earlier) => d.with_label(earlier, "the earlier waiver"),
            _ => d,
        }
    }
}

/// Why the findings of `rule` cannot be waived.
fn not_waivable(rule: Rule) -> &'static str {
    use crate::diag::Group;
    if rule.level_is_fixed() {
        "its level is fixed, and a waiver cannot lower it"
    } else if matches!(rule, Rule::WaiverExpired | Rule::WaiverUnused) {
        "a waiver's own findings cannot be waived"
    } else if rule == Rule::NoticePeriodTooShort {
        // The notice period is the customers' time to object (GDPR Art.
        // 28(2)): the processor cannot waive it for them.
        "the notice period is the customers' time to object under the data processing \
         agreement (GDPR Art. 28(2)); the processor cannot waive it for them"
    } else {
        match rule.group() {
            Group::Structural => {
                "a file that does not load cannot be judged, so its errors cannot be waived"
            }
            Group::Documents => "findings about documents are not about one sub-processor",
            // The remaining rules give notes only.
            Group::Transfers | Group::Registry => "its findings are notes, not errors or warnings",
        }
    }
}
