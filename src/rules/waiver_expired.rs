//! `waiver-expired`: a waiver past its `until` date.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Date;

/// What `subreg explain waiver-expired` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Reports a `[[waivers]]` entry of registry.toml whose `until` date has passed on the as-of day while findings it matches remain. Those findings are reported again at their own level, each with a note that its waiver expired.",
    why: "A waiver records a gap the organisation accepted for a while: a transfer impact assessment being written, a vendor being replaced. Accountability (GDPR Art. 5(2)) means the acceptance is reviewed when its time is up, not kept by default: an expired waiver is a decision nobody took again.",
    example: "[[waivers]]\nrule = \"tia-missing\"\nsubprocessor = \"aws\"\nreason = \"TIA with counsel, ticket LEG-42\"\nuntil = 2026-11-30   # checked on 2026-12-01",
    fix: "# add the assessment (tia = 2026-11-28) and delete the waiver, or, after review:\nuntil = 2027-01-31",
};

/// A waiver past its `until` while findings it matches remain.
pub struct WaiverExpired<'a> {
    /// The rule as the waiver names it.
    pub rule: &'a str,
    /// The sub-processor's id as the waiver names it.
    pub subprocessor: &'a str,
    /// The waiver's last day.
    pub until: Date,
    /// The waiver's reason.
    pub reason: &'a str,
    /// How many findings it would waive.
    pub findings: usize,
    /// The waiver's `until`.
    pub span: Span,
}

impl From<WaiverExpired<'_>> for Diagnostic {
    fn from(f: WaiverExpired<'_>) -> Self {
        let them = if f.findings == 1 {
            "its finding is".to_owned()
        } else {
            format!("its {} findings are", f.findings)
        };
        Diagnostic::new(
            Rule::WaiverExpired,
            format!(
                "the waiver of `{}` for `{}` expired on {}: {them} reported again",
                f.rule, f.subprocessor, f.until
            ),
            Some(f.span),
        )
        .with_note(format!("it was granted for: {}", f.reason))
        .with_note(
            "fix what it waived and delete the waiver, or, if the gap is still accepted after \
             review, set a new `until`",
        )
    }
}
