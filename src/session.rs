//! A registry opened for a run: the registry, the knowledge base with the
//! registry's overrides, the rule levels, and the whole `check` pipeline on
//! top of them. The CLI and the benchmarks share this code.

use std::path::Path;

use crate::diag::{self, Diagnostic, Files, Group, Levels, Rule, Severity, Span};
use crate::documents;
use crate::knowledge::{self, Knowledge};
use crate::load::{self, Registry};
use crate::model::Date;
use crate::rules::{self, Context};
use crate::schema::Validators;

/// A loaded registry with everything the commands need.
pub struct Session {
    /// The source map of every file read.
    pub files: Files,
    /// The registry's structurally valid files.
    pub registry: Registry,
    /// The facts in force (built-in and the registry's overrides).
    pub knowledge: Knowledge,
    /// Rule levels from registry.toml; callers may override them.
    pub levels: Levels,
    /// Problems found while loading (structural, overrides, rule names).
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    /// Opens the registry in `dir`.
    ///
    /// # Errors
    /// A message for exit code 2 when the registry cannot be read at all.
    pub fn open(dir: &Path) -> Result<Self, String> {
        let validators = Validators::new()?;
        let mut files = Files::new();
        let mut knowledge = Knowledge::builtin(&mut files, &validators).map_err(|d| {
            format!("the built-in knowledge base does not load (a bug in this release): {d:?}")
        })?;
        let (registry, mut diagnostics) =
            load::load_registry(dir, &mut files, &validators).map_err(|e| e.to_string())?;
        match knowledge::read_registry_knowledge(dir, &registry.repository, &mut files) {
            Ok(Some(file)) => match knowledge.add_overrides(file, &files, &validators) {
                Ok(overrides) => diagnostics.extend(knowledge::override_notes(&overrides)),
                Err(found) => diagnostics.extend(found),
            },
            Ok(None) => {}
            Err(e) => {
                return Err(format!(
                    "cannot read {}: {e}",
                    load::display_path(&dir.join("knowledge.toml"))
                ));
            }
        }
        let mut levels = Levels::default();
        if let Some(config) = &registry.config {
            for (name, level) in &config.value.rules {
                match name.parse::<Rule>() {
                    Ok(rule) if rule.level_is_fixed() && *level != rule.default_level() => {
                        let pointer = crate::pointer::join("/rules", &[name]);
                        diagnostics.push(
                            Diagnostic::new(
                                Rule::SchemaViolation,
                                format!("the level of `{name}` cannot be changed"),
                                Some(Span {
                                    file: config.file,
                                    range: config.spans.key_or_value(&pointer),
                                }),
                            )
                            .with_note(format!(
                                "delete this line: `{name}` protects the machine that runs subreg \
                                 and stays at \"{}\"",
                                rule.default_level().as_str()
                            )),
                        );
                    }
                    Ok(rule) => levels.set(rule, *level),
                    Err(message) => {
                        let pointer = crate::pointer::join("/rules", &[name]);
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
        Ok(Self {
            files,
            registry,
            knowledge,
            levels,
            diagnostics,
        })
    }

    /// Every finding of `subreg check` on this registry on `as_of`: loading
    /// problems, registry and transfer rules, and the documents rendered with
    /// the templates in `templates`; levels applied, sorted. With `explain`,
    /// a note for every transfer that passes.
    ///
    /// # Errors
    /// A message for exit code 2: templates or a document cannot be read, or
    /// a template fails.
    pub fn check(
        &mut self,
        templates: &Path,
        as_of: Date,
        explain: bool,
    ) -> Result<Vec<Diagnostic>, String> {
        let Self {
            files,
            registry,
            knowledge,
            levels,
            diagnostics,
        } = self;
        let ctx = Context::new(registry, knowledge, as_of, explain);
        let mut found = std::mem::take(diagnostics);
        if registry.config.is_none() {
            found.push(Diagnostic::note(
                Rule::TransferWithoutMechanism,
                "transfer and document checks are skipped until registry.toml is valid",
                None,
            ));
        }
        // A file left out by a structural error would look like a removal to
        // the documents: judge them only on a registry that loaded whole.
        let whole = !found
            .iter()
            .any(|d| d.severity == Severity::Error && d.rule.group() == Group::Structural);
        let has_documents = registry
            .config
            .as_ref()
            .is_some_and(|c| !c.value.documents.is_empty());
        // A refused document path is a structural error, so `whole` is false
        // and nothing outside the repository is read.
        if !whole && has_documents {
            found.push(Diagnostic::note(
                Rule::DocumentStale,
                "document checks are skipped until every registry file is valid",
                None,
            ));
        }
        // The rules and the documents read the registry independently: on a
        // large registry, run them side by side.
        let (from_rules, from_documents) = rayon::join(
            || rules::run(&ctx),
            || {
                if whole {
                    check_documents(registry, templates, as_of, files)
                } else {
                    Ok(Vec::new())
                }
            },
        );
        found.extend(from_rules);
        found.extend(from_documents?);
        let mut found = levels.apply(found);
        diag::sort(&mut found, files);
        Ok(found)
    }
}

/// `document-stale` and `marker-error` findings for every document of the
/// registry.
fn check_documents(
    registry: &Registry,
    templates: &Path,
    as_of: Date,
    files: &mut Files,
) -> Result<Vec<Diagnostic>, String> {
    if registry.documents.is_empty() {
        return Ok(Vec::new());
    }
    let templates = documents::load_templates(templates).map_err(|e| e.to_string())?;
    let context = documents::context(registry, as_of);
    let mut found = Vec::new();
    for path in &documents::distinct(registry.documents.clone()) {
        let mut outcome = documents::process_listed(path, &templates, &context, files)
            .map_err(|e| e.to_string())?;
        outcome.label_blame(registry, files);
        found.extend(outcome.diagnostics);
    }
    Ok(found)
}
