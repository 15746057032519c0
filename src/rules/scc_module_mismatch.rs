//! `scc-module-mismatch`: the SCC module must match who the two parties are.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{EntryKey, Field};
use crate::model::{Mechanism, Role};

use super::Context;
use super::transfers::{current_entries, importer_role};

/// What `subreg explain scc-module-mismatch` prints.
pub const DOC: super::Doc = super::Doc {
    what: "For transfers on the 2021 EU SCCs and the instruments built on them (`eu-scc-2021`, `ch-scc`, `uk-addendum`), checks that `module` is given and fits the two parties' roles: the organisation's `role` in registry.toml (the exporter) and the sub-processor's `role` (the importer, \"processor\" by default). Controller to controller is Module 1, controller to processor Module 2, processor to processor Module 3, processor to controller Module 4. The message names the module the two roles call for. An error: clauses of the wrong module are no basis for the transfer.",
    why: "Decision (EU) 2021/914 is modular (Clause 1 and Annex): each module sets out the obligations of one relationship. Clauses of the wrong module do not describe what the parties do and do not provide the appropriate safeguards of GDPR Art. 46(2)(c).",
    example: "# registry.toml: role = \"processor\"\nrole = \"controller\"   # the importer decides its own purposes\n[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 3",
    fix: "[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 4   # processor to controller",
};

/// The module of Decision (EU) 2021/914 for an exporter and an importer
/// of these roles.
#[must_use]
pub fn expected_module(exporter: Role, importer: Role) -> u8 {
    match (exporter, importer) {
        (Role::Controller, Role::Controller) => 1,
        (Role::Controller, Role::Processor) => 2,
        (Role::Processor, Role::Processor) => 3,
        (Role::Processor, Role::Controller) => 4,
    }
}

/// Clauses of the wrong module, or of no stated module.
pub struct SccModuleMismatch<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The module in the entry.
    pub module: Option<u8>,
    /// The module the roles call for.
    pub expected: u8,
    /// The organisation's role (the exporter).
    pub exporter: Role,
    /// The sub-processor's role (the importer).
    pub importer: Role,
    /// The entry's `module`, or `mechanism` when absent.
    pub span: Span,
}

impl From<SccModuleMismatch<'_>> for Diagnostic {
    fn from(f: SccModuleMismatch<'_>) -> Self {
        let word = |role: Role| match role {
            Role::Processor => "processor",
            Role::Controller => "controller",
        };
        let roles = format!("a {} exporting to a {}", word(f.exporter), word(f.importer));
        let message = match f.module {
            Some(module) => format!(
                "{}: `{}` with Module {module}, but {roles} needs Module {}",
                f.subprocessor, f.mechanism, f.expected
            ),
            None => format!(
                "{}: `{}` does not say which module; {roles} needs Module {}",
                f.subprocessor, f.mechanism, f.expected
            ),
        };
        Diagnostic::new(Rule::SccModuleMismatch, message, Some(f.span))
            .with_note("Decision (EU) 2021/914 (CELEX 32021D0914), Annex: Module 1 controller to controller, 2 controller to processor, 3 processor to processor, 4 processor to controller")
            .with_note(format!(
                "set `module = {}` after checking the signed clauses; if the importer's role is wrong, correct `role` in the sub-processor's file",
                f.expected
            ))
    }
}

/// Clauses made for another kind of exporter or importer (the old SCCs).
pub struct ClausesForOtherRoles<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The organisation's role, and the one the clauses are made for when it differs.
    pub exporter: (Role, Option<Role>),
    /// The importer's role, and the one the clauses are made for when it differs.
    pub importer: (Role, Option<Role>),
    /// The instrument.
    pub reference: &'a str,
    /// The regime whose record of the clauses names other roles.
    pub regime: crate::model::Regime,
    /// Mechanisms open on the day to the two parties for the destination
    /// (from `Knowledge::options`), the entry's own left out.
    pub options: Vec<Mechanism>,
    /// The as-of date.
    pub as_of: crate::model::Date,
    /// The entry's `mechanism`.
    pub span: Span,
}

impl From<ClausesForOtherRoles<'_>> for Diagnostic {
    fn from(f: ClausesForOtherRoles<'_>) -> Self {
        let word = |role: Role| match role {
            Role::Processor => "processor",
            Role::Controller => "controller",
        };
        let mut wrong = Vec::new();
        if let (is, Some(made_for)) = f.exporter {
            wrong.push(format!(
                "transfers by a {}, but the organisation is a {}",
                word(made_for),
                word(is)
            ));
        }
        if let (is, Some(made_for)) = f.importer {
            wrong.push(format!(
                "transfers to a {}, but the importer is a {}",
                word(made_for),
                word(is)
            ));
        }
        let importer_fits = f.importer.1.is_none();
        let module = expected_module(f.exporter.0, f.importer.0);
        // Only what is open on the day to these two parties is offered.
        let options: Vec<String> = f
            .options
            .iter()
            .map(|m| {
                if m.is_modular() {
                    format!("`{m}` (Module {module})")
                } else {
                    format!("`{m}`")
                }
            })
            .collect();
        let open = if options.is_empty() {
            format!(
                "no other mechanism of {} is open on {} to a {} exporting to a {} there: judge the transfer by hand",
                f.regime,
                f.as_of,
                word(f.exporter.0),
                word(f.importer.0)
            )
        } else {
            format!(
                "open on {} to a {} exporting to a {} under {}: {}",
                f.as_of,
                word(f.exporter.0),
                word(f.importer.0),
                f.regime,
                options.join(", ")
            )
        };
        let instead = if matches!(f.exporter, (Role::Processor, _)) && importer_fits {
            format!(
                "a processor could rely on them only as signed on its controller's behalf, under the controller's mandate (Article 29 Working Party, WP 176, FAQs on Decision 2010/87/EU): record that mandate; {open}"
            )
        } else {
            open
        };
        let d = Diagnostic::new(
            Rule::SccModuleMismatch,
            format!(
                "{}: `{}` is made for {}",
                f.subprocessor,
                f.mechanism,
                wrong.join(", and for ")
            ),
            Some(f.span),
        )
        .with_note(f.reference.to_owned())
        .with_note(instead);
        // Clauses for another importer are no safeguard; a processor signing
        // controller clauses under its controller's mandate may be one.
        if importer_fits {
            d.with_severity(crate::diag::Severity::Warning)
        } else {
            d
        }
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    let exporter = config.value.organization.role;
    let regimes = super::transfers::judged_regimes(ctx);
    for (sp, i, entry) in current_entries(ctx) {
        let importer = importer_role(sp);
        let differs = |made_for: Option<Role>, is: Role| made_for.filter(|r| *r != is);
        let fact = regimes.iter().find_map(|(regime, law)| {
            ctx.knowledge
                .mechanism(law.facts, entry.mechanism)
                .filter(|m| {
                    differs(m.importer, importer).is_some()
                        || differs(m.exporter, exporter).is_some()
                })
                .map(|m| (*regime, m))
        });
        let Some((regime, fact)) = fact else { continue };
        let options = ctx
            .knowledge
            .options(regime, &entry.to, ctx.as_of, (exporter, importer))
            .into_iter()
            .filter(|m| *m != entry.mechanism)
            .collect();
        out.push(
            Diagnostic::from(ClausesForOtherRoles {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                exporter: (exporter, differs(fact.exporter, exporter)),
                importer: (importer, differs(fact.importer, importer)),
                reference: &fact.reference,
                regime,
                options,
                as_of: ctx.as_of,
                span: sp.span(Field::entry(i, EntryKey::Mechanism)),
            })
            // The finding is about the record of one regime: it says which.
            .with_subject(
                super::transfers::entry_subject(ctx, sp, entry)
                    .entry(i)
                    .regime(regime),
            ),
        );
    }
    check_modules(ctx, out);
}

fn check_modules(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = ctx.config() else {
        return;
    };
    let exporter = config.value.organization.role;
    let judged = super::transfers::judged_regimes(ctx);
    for (sp, i, entry) in current_entries(ctx) {
        // Clauses that no regime judged on the day knows are no mechanism
        // there (mechanism-not-applicable says so) or not judged at all:
        // their module is moot. One defect, one error.
        if !judged
            .iter()
            .any(|(_, law)| ctx.knowledge.serves(law.facts, entry.mechanism))
        {
            continue;
        }
        let importer = importer_role(sp);
        let expected = expected_module(exporter, importer);
        if !entry.mechanism.is_modular() || entry.module == Some(expected) {
            continue;
        }
        let key = if entry.module.is_some() {
            EntryKey::Module
        } else {
            EntryKey::Mechanism
        };
        out.push(
            Diagnostic::from(SccModuleMismatch {
                subprocessor: &sp.value.name,
                mechanism: entry.mechanism,
                module: entry.module,
                expected,
                exporter,
                importer,
                span: sp.span(Field::entry(i, key)),
            })
            .with_subject(super::transfers::entry_subject(ctx, sp, entry).entry(i)),
        );
    }
}
