//! `evidence-assumed`: evidence taken from the vendor's public documents
//! rather than the organisation's own records.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{EntryKey, Mechanism, RecordKey};
use crate::model::{Field, TransferKey};

use super::Context;
use super::transfers::current_entries;

/// What `subreg explain evidence-assumed` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Warns about each transfer entry whose `assumed` list names keys (`signed`, `verified`, `tia`, ...) whose values come from the vendor's public documents (its DPA, trust centre or DPF List page) rather than the organisation's own signed records or checks, and about each sub-processor file whose own `assumed` names keys (`added`, `country`, `locations`, ...) filled in without a record, as `subreg import` does for what a published list does not say. The values count for the verdict; the warning stays until they are confirmed and removed from `assumed`.",
    why: "A vendor publishing that its DPA incorporates the 2021 SCCs, or that it is on the DPF List, makes the mechanism likely, not proven for this organisation: the DPO needs the accepted DPA and the day of the organisation's own check.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-12-01\nassumed = [\"verified\"]",
    fix: "Check the DPF List yourself (or find the signed DPA), set the date, and delete `assumed`:\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-12-01",
};

/// An entry with evidence still to confirm.
pub struct EvidenceAssumed<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The destination.
    pub destination: &'a str,
    /// The assumed keys.
    pub keys: &'a [EntryKey],
    /// The entry's `assumed`.
    pub span: Span,
}

impl From<EvidenceAssumed<'_>> for Diagnostic {
    fn from(f: EvidenceAssumed<'_>) -> Self {
        let names: Vec<String> = f.keys.iter().map(|k| format!("`{}`", k.id())).collect();
        Diagnostic::new(
            Rule::EvidenceAssumed,
            format!(
                "{}: the `{}` entry for {} takes {} from outside the organisation's own records (the vendor's public documents, or filled in by `subreg import`)",
                f.subprocessor,
                f.mechanism,
                f.destination,
                names.join(", ")
            ),
            Some(f.span),
        )
        .with_note("confirm each value against the organisation's own records (the accepted DPA, its own check of the DPF List), then remove the key from `assumed`")
    }
}

/// A sub-processor file with values still to confirm.
pub struct ValuesAssumed<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The assumed keys.
    pub keys: &'a [RecordKey],
    /// The file's `assumed`.
    pub span: Span,
}

impl From<ValuesAssumed<'_>> for Diagnostic {
    fn from(f: ValuesAssumed<'_>) -> Self {
        let names: Vec<String> = f.keys.iter().map(|k| format!("`{}`", k.id())).collect();
        Diagnostic::new(
            Rule::EvidenceAssumed,
            format!(
                "{}: {} {} assumed, not taken from the organisation's own records",
                f.subprocessor,
                names.join(", "),
                if f.keys.len() == 1 { "is" } else { "are" }
            ),
            Some(f.span),
        )
        .with_note("confirm each value (the signed DPA, the vendor's own statement of where it is established and processes data), then remove the key from `assumed`")
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for sp in ctx.subprocessors() {
        if !sp.value.assumed.is_empty() {
            out.push(Diagnostic::from(ValuesAssumed {
                subprocessor: &sp.value.name,
                keys: &sp.value.assumed,
                span: sp.span(Field::Assumed),
            }));
        }
    }
    for (sp, i, entry) in current_entries(ctx) {
        if entry.assumed.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::from(EvidenceAssumed {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                destination: &entry.to,
                keys: &entry.assumed,
                span: sp.span(Field::Transfer(i, Some(TransferKey::Assumed))),
            })
            .with_subject(super::transfers::entry_subject(ctx, sp, entry)),
        );
    }
}
