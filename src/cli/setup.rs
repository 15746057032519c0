//! What every registry command does first: load the registry, the
//! knowledge base with the registry's overrides, and the rule levels.

use subreg::diag::{Diagnostic, Files, Levels, Rule, Span};
use subreg::knowledge::{self, Knowledge};
use subreg::load::{self, Registry};
use subreg::schema::Validators;

use super::RegistryArgs;

/// A loaded registry with everything the commands need.
pub struct Session {
    pub files: Files,
    pub registry: Registry,
    pub knowledge: Knowledge,
    pub levels: Levels,
    /// Problems found while loading (structural, overrides, rule names).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads everything; `Err` is a message for exit code 2.
pub fn load(args: &RegistryArgs) -> Result<Session, String> {
    let validators = Validators::new()?;
    let mut files = Files::new();
    let mut knowledge = Knowledge::builtin(&mut files, &validators).map_err(|d| {
        format!("the built-in knowledge base does not load (a bug in this release): {d:?}")
    })?;
    let (registry, mut diagnostics) =
        load::load_registry(&args.registry, &mut files, &validators).map_err(|e| e.to_string())?;
    match knowledge::read_registry_knowledge(&args.registry, &mut files) {
        Ok(Some(file)) => match knowledge.add_overrides(file, &files, &validators) {
            Ok(overrides) => diagnostics.extend(knowledge::override_notes(&overrides)),
            Err(found) => diagnostics.extend(found),
        },
        Ok(None) => {}
        Err(e) => {
            return Err(format!(
                "cannot read {}/knowledge.toml: {e}",
                args.registry.display()
            ));
        }
    }
    let mut levels = Levels::default();
    if let Some(config) = &registry.config {
        for (name, level) in &config.value.rules {
            match name.parse::<Rule>() {
                Ok(rule) => levels.set(rule, *level),
                Err(message) => {
                    let pointer = subreg::pointer::join("/rules", &[name]);
                    let range = config.spans.key_or_value(&pointer);
                    diagnostics.push(Diagnostic::new(
                        Rule::UnknownKey,
                        message,
                        Some(Span {
                            file: config.file,
                            range,
                        }),
                    ));
                }
            }
        }
    }
    Ok(Session {
        files,
        registry,
        knowledge,
        levels,
        diagnostics,
    })
}
