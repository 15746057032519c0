//! `irrelevant-key`: a key that means nothing for the entry's mechanism.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Field;
use crate::model::{EntryKey, Mechanism};

use super::Context;
use super::transfers::current_entries;

/// What `subreg explain irrelevant-key` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a key of a `[[transfers]]` entry that makes no sense for its mechanism: `verified` (a DPF List check) on clauses, `article` on the IDTA, `module` on a DPF entry or on clauses that have no modules (the IDTA, the 2001, 2004 and 2010 SCCs), `signed` or `tia` on adequacy. A warning: the key is ignored.",
    why: "A key in the wrong place usually means the entry's mechanism is not the one the author had in mind (a DPF check recorded on clauses, a derogation article on a contract). Silently accepting it hides the mistake from the reviewer.",
    example: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10\nverified = 2026-10-01",
    fix: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-15\ntia = 2024-01-10",
};

/// Keys an entry's mechanism does not use.
pub struct IrrelevantKey<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The keys.
    pub keys: Vec<EntryKey>,
    /// The first such key.
    pub span: Span,
}

impl From<IrrelevantKey<'_>> for Diagnostic {
    fn from(f: IrrelevantKey<'_>) -> Self {
        let names: Vec<String> = f.keys.iter().map(|k| format!("`{}`", k.id())).collect();
        let used: Vec<String> = f
            .mechanism
            .relevant_keys()
            .iter()
            .map(|k| format!("`{}`", k.id()))
            .collect();
        let used = if used.is_empty() {
            "none besides `to`".to_owned()
        } else {
            used.join(", ")
        };
        Diagnostic::new(
            Rule::IrrelevantKey,
            format!(
                "{}: {} means nothing for `{}` and is ignored",
                f.subprocessor,
                names.join(", "),
                f.mechanism
            ),
            Some(f.span),
        )
        .with_note(format!("`{}` uses: {used}", f.mechanism))
        .with_note("delete the key, or correct `mechanism` if the entry meant another basis")
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (sp, i, entry) in current_entries(ctx) {
        let relevant = entry.mechanism.relevant_keys();
        let keys: Vec<EntryKey> = entry
            .evidence_keys()
            .into_iter()
            .filter(|k| !relevant.contains(k))
            .collect();
        let Some(first) = keys.first() else { continue };
        let span = sp.span(Field::entry(i, *first));
        out.push(
            Diagnostic::from(IrrelevantKey {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                keys,
                span,
            })
            .with_subject(super::transfers::entry_subject(ctx, sp, entry)),
        );
    }
}
