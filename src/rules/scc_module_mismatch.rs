//! `scc-module-mismatch`: the SCC module must match who we are.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Mechanism, Role};

use super::Context;
use super::transfers::current_entries;

/// What `subreg explain scc-module-mismatch` prints.
pub const DOC: super::Doc = super::Doc {
    what: "For transfers on the 2021 EU SCCs and the instruments built on them (`eu-scc-2021`, `ch-scc`, `uk-addendum`), checks that `module` is given and fits the organisation's `role`: a processor engaging a sub-processor uses Module 3 (processor to processor); a controller engaging a processor uses Module 2.",
    why: "Decision (EU) 2021/914 is modular: each module fits one relationship. Clauses of the wrong module do not describe the parties' obligations and do not provide appropriate safeguards for the transfer.",
    example: "# registry.toml: role = \"processor\"\n[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 2",
    fix: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3   # processor to processor",
};

/// Clauses of the wrong module, or of no stated module.
pub struct SccModuleMismatch<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The module in the entry.
    pub module: Option<u8>,
    /// The module the role calls for.
    pub expected: u8,
    /// The organisation's role.
    pub role: Role,
    /// The entry's `module`, or `mechanism` when absent.
    pub span: Span,
}

impl From<SccModuleMismatch<'_>> for Diagnostic {
    fn from(f: SccModuleMismatch<'_>) -> Self {
        let role = match f.role {
            Role::Processor => "a processor engaging a sub-processor",
            Role::Controller => "a controller engaging a processor",
        };
        let message = match f.module {
            Some(module) => format!(
                "{}: `{}` with Module {module}, but {role} needs Module {}",
                f.subprocessor, f.mechanism, f.expected
            ),
            None => format!(
                "{}: `{}` does not say which module; {role} needs Module {}",
                f.subprocessor, f.mechanism, f.expected
            ),
        };
        Diagnostic::new(Rule::SccModuleMismatch, message, Some(f.span))
            .with_note("Decision (EU) 2021/914: Module 2 controller to processor, Module 3 processor to processor")
            .with_note(format!("set `module = {}` after checking the signed clauses", f.expected))
    }
}

/// The mechanisms that carry an SCC module.
const MODULAR: [Mechanism; 3] = [
    Mechanism::EuScc2021,
    Mechanism::ChScc,
    Mechanism::UkAddendum,
];

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    let role = config.value.organization.role;
    let expected = match role {
        Role::Processor => 3,
        Role::Controller => 2,
    };
    for (sp, i, entry) in current_entries(ctx) {
        if !MODULAR.contains(&entry.mechanism) || entry.module == Some(expected) {
            continue;
        }
        let pointer = if entry.module.is_some() {
            "module"
        } else {
            "mechanism"
        };
        out.push(
            SccModuleMismatch {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                module: entry.module,
                expected,
                role,
                span: sp.span(&format!("/transfers/{i}/{pointer}")),
            }
            .into(),
        );
    }
}
