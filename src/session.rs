//! A registry opened for a run: the registry, the knowledge base with the
//! registry's overrides, the rule levels, and the whole `check` pipeline on
//! top of them. The CLI and the benchmarks share this code.

mod diags;

pub use diags::{DocumentChecksSkipped, LevelFixed, TransferChecksSkipped, UnknownRuleName};

use std::path::Path;

use crate::diag::{self, Diagnostic, Files, Group, Levels, Rule, Severity};
use crate::documents;
use crate::documents::TemplateError;
use crate::knowledge::{self, Knowledge};
use crate::load::{self, LoadError, Registry};
use crate::model::Date;
use crate::rules::{self, Context};
use crate::schema::Validators;

/// Why a registry could not be opened at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A generated schema does not compile (a bug in this release).
    #[error("{0}")]
    Schemas(String),
    /// The built-in knowledge base has problems (a bug in this release).
    #[error("the built-in knowledge base does not load (a bug in this release): {0:?}")]
    BuiltinKnowledge(Vec<Diagnostic>),
    /// The registry folder or one of its files cannot be read.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// The registry's `knowledge.toml` exists but cannot be read.
    #[error("cannot read {}: {source}", load::display_path(.path))]
    Knowledge {
        /// The file.
        path: std::path::PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

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
    /// The ids of the sub-processors that the change under review adds
    /// (`check --base`): announced on the as-of day, so their notice period
    /// runs from it.
    pub announced: Vec<String>,
    /// The `notice_days` of the registry the change under review starts
    /// from (`check --base`): kept when the change lowers or deletes it.
    pub base_notice_days: Option<u32>,
    /// For each sub-processor the change under review announces, the first
    /// day (UTC) one of its commits touched the file (`check --base`).
    pub floors: std::collections::BTreeMap<String, Date>,
    /// The ids of the sub-processors the change under review adds: no
    /// waiver waives their findings, and the levels of registry.toml cannot
    /// make them milder than the rules' defaults (the change could lower
    /// them too).
    pub added: Vec<String>,
}

impl Session {
    /// Opens the registry in `dir`.
    ///
    /// # Errors
    /// [`OpenError`] when the registry cannot be read at all.
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        let validators = Validators::new().map_err(OpenError::Schemas)?;
        let mut files = Files::new();
        let mut knowledge =
            Knowledge::builtin(&mut files, &validators).map_err(OpenError::BuiltinKnowledge)?;
        let (registry, mut diagnostics) = load::load_registry(dir, &mut files, &validators)?;
        match knowledge::read_registry_knowledge(dir, &registry.repository, &mut files) {
            Ok(Some(file)) => match knowledge.add_overrides(file, &files, &validators) {
                Ok(overrides) => diagnostics.extend(knowledge::override_notes(&overrides)),
                Err(found) => diagnostics.extend(found),
            },
            Ok(None) => {}
            Err(source) => {
                return Err(OpenError::Knowledge {
                    path: dir.join("knowledge.toml"),
                    source,
                });
            }
        }
        let mut levels = Levels::default();
        let configured = registry.config.as_ref().map(|c| &c.value.rules);
        for key in &registry.rule_keys {
            match key.name.parse::<Rule>() {
                Err(message) => diagnostics.push(Diagnostic::from(UnknownRuleName {
                    message,
                    span: key.span.clone(),
                })),
                // The level is known only when the file passed its schema.
                Ok(rule) => match configured.and_then(|rules| rules.get(&key.name)) {
                    Some(level) if rule.level_is_fixed() && *level != rule.default_level() => {
                        diagnostics.push(Diagnostic::from(LevelFixed {
                            name: &key.name,
                            rule,
                            span: key.span.clone(),
                        }));
                    }
                    Some(level) => levels.set(rule, *level),
                    None => {}
                },
            }
        }
        Ok(Self {
            files,
            registry,
            knowledge,
            levels,
            diagnostics,
            announced: Vec::new(),
            base_notice_days: None,
            floors: std::collections::BTreeMap::new(),
            added: Vec::new(),
        })
    }

    /// Every finding of `subreg check` on this registry on `as_of`: loading
    /// problems, registry and transfer rules, and the documents rendered with
    /// the templates in `templates`; levels and waivers applied, sorted. With `explain`,
    /// a note for every transfer that passes.
    ///
    /// # Errors
    /// [`TemplateError`]: templates or a document cannot be read, or a
    /// template fails.
    pub fn check(
        &mut self,
        templates: &Path,
        as_of: Date,
        explain: bool,
    ) -> Result<Vec<Diagnostic>, TemplateError> {
        let Self {
            files,
            registry,
            knowledge,
            levels,
            diagnostics,
            announced,
            base_notice_days,
            floors,
            added,
        } = self;
        let ctx = Context::new(registry, knowledge, as_of, explain)
            .with_announced(announced)
            .with_base_notice(*base_notice_days)
            .with_floors(floors);
        let mut found = std::mem::take(diagnostics);
        if registry.config.is_none() {
            found.push(TransferChecksSkipped.into());
        }
        // A file left out by a structural error would look like a removal to
        // the documents: judge them only on a registry that loaded whole.
        let whole = !found
            .iter()
            .any(|d| d.severity == Severity::Error && d.rule.group() == Group::Structural);
        let has_documents = !registry.documents.is_empty();
        // A refused document path is a structural error, so `whole` is false;
        // the documents listed are those inside the repository. Their
        // markers are theirs alone: checked in the same run, while their
        // regions wait for the registry.
        // A registry.toml that did not load may list documents that could
        // not be read from it: its templates are checked all the same.
        if !whole && (has_documents || registry.config.is_none()) {
            if registry.config.is_some() {
                found.push(DocumentChecksSkipped.into());
            }
            let templates = checked_templates(templates)?;
            for path in &documents::distinct(registry.documents.clone()) {
                found.extend(documents::check_markers_listed(path, &templates, files)?);
            }
        }
        // The rules and the documents read the registry independently: on a
        // large registry, run them side by side.
        let (from_rules, from_documents) = rayon::join(
            || rules::run(&ctx),
            || {
                if whole {
                    check_documents(registry, ctx.knowledge, templates, as_of, files)
                } else {
                    Ok(Vec::new())
                }
            },
        );
        found.extend(from_rules);
        found.extend(rules::run_at_start(&ctx));
        found.extend(from_documents?);
        let found = apply_levels(found, levels, registry, added);
        let mut found = rules::waive(found, registry, as_of, levels, added);
        diag::sort(&mut found, files);
        Ok(found)
    }
}

impl Session {
    /// The findings of the registry's files on `as_of`, without the
    /// documents: loading problems, registry and transfer rules, levels and
    /// waivers applied, sorted. What `subreg diff` compares.
    #[must_use]
    pub fn verdicts(&self, as_of: Date) -> Vec<Diagnostic> {
        let found = self.unwaived(as_of);
        let mut found = rules::waive(found, &self.registry, as_of, &self.levels, &self.added);
        diag::sort(&mut found, &self.files);
        found
    }

    /// [`Session::verdicts`] before the waivers: what a customer notice is
    /// judged on, since a waiver is the organisation's own acceptance of a
    /// gap, not a safeguard it can announce.
    #[must_use]
    pub fn unwaived(&self, as_of: Date) -> Vec<Diagnostic> {
        self.judged(as_of, &self.levels)
    }

    fn judged(&self, as_of: Date, levels: &Levels) -> Vec<Diagnostic> {
        let ctx = Context::new(&self.registry, &self.knowledge, as_of, false)
            .with_announced(&self.announced)
            .with_base_notice(self.base_notice_days)
            .with_floors(&self.floors);
        let mut found = self.diagnostics.clone();
        found.extend(rules::run(&ctx));
        found.extend(rules::run_at_start(&ctx));
        let mut found = apply_levels(found, levels, &self.registry, &self.added);
        diag::sort(&mut found, &self.files);
        found
    }
}

/// `found` at `levels`, those about a sub-processor in `added` at levels
/// no milder than the rules' defaults ([`Levels::at_least_defaults`]).
fn apply_levels(
    found: Vec<Diagnostic>,
    levels: &Levels,
    registry: &Registry,
    added: &[String],
) -> Vec<Diagnostic> {
    if added.is_empty() {
        return levels.apply(found);
    }
    let files = rules::files_of(registry);
    let (theirs, rest): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|d| rules::about(d, &files).is_some_and(|id| added.iter().any(|a| a == id)));
    let mut found = levels.apply(rest);
    found.extend(levels.at_least_defaults().apply(theirs));
    found
}

/// `document-stale` and `marker-error` findings for every document of the
/// registry.
fn check_documents(
    registry: &Registry,
    knowledge: &Knowledge,
    templates: &Path,
    as_of: Date,
    files: &mut Files,
) -> Result<Vec<Diagnostic>, TemplateError> {
    if registry.documents.is_empty() {
        return Ok(Vec::new());
    }
    let templates = checked_templates(templates)?;
    let context = documents::context(registry, knowledge, as_of);
    let mut found = Vec::new();
    for path in &documents::distinct(registry.documents.clone()) {
        let mut outcome = documents::process_listed(path, &templates, &context, files)?;
        outcome.label_blame(registry, files);
        found.extend(outcome.diagnostics);
    }
    Ok(found)
}

/// The templates of the folder `dir` and the built-in ones, each checked
/// against the context's full shape: a broken override of a built-in
/// fails this run, not the day a region first names it, whether or not
/// the registry loaded whole.
///
/// # Errors
/// [`TemplateError`]: the folder or a template cannot be read, or a
/// template fails on the shape.
fn checked_templates(dir: &Path) -> Result<crate::render::Templates, TemplateError> {
    let templates = documents::load_templates(dir)?;
    let prototype = documents::prototype();
    for name in templates.names() {
        templates
            .check(&name, &prototype)
            .map_err(|e| TemplateError::Render(Box::new(e)))?;
    }
    Ok(templates)
}
