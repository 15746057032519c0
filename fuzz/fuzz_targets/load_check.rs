//! Loading and checking a registry from arbitrary bytes: the loader (UTF-8,
//! TOML, nesting, schema, serde), every rule, every output format and the
//! shipped templates. The input is split at 0xFF bytes (never part of
//! UTF-8 text): the first part is `registry.toml`, the next ones (up to
//! four) sub-processor files. Any panic, overflow or abort is a crash.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use subreg::diag::{self, Files, Levels};
use subreg::knowledge::Knowledge;
use subreg::load::{self, Registry, Repository};
use subreg::model::{Date, RegistryConfig, Subprocessor};
use subreg::render::Templates;
use subreg::rules::{self, Context};
use subreg::schema::{SchemaFile, Validators};

/// Built once: compiling schemas and the knowledge base per input would
/// make each run a hundred times slower.
struct Fixed {
    validators: Validators,
    knowledge: Knowledge,
    /// The knowledge base's files, re-added first to each input's source map
    /// so that the knowledge's file ids stay valid there.
    knowledge_files: Vec<(String, String)>,
    templates: Templates,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let validators = Validators::new().unwrap_or_else(|e| panic!("schemas: {e}"));
        let mut files = Files::new();
        let knowledge = Knowledge::builtin(&mut files, &validators)
            .unwrap_or_else(|e| panic!("knowledge: {e:?}"));
        let mut knowledge_files = Vec::new();
        let mut id = 0;
        while !files.name(id).is_empty() {
            knowledge_files.push((files.name(id).to_owned(), files.text(id).to_owned()));
            id += 1;
        }
        let templates = Templates::new([
            (
                "subprocessors.md.hbs".to_owned(),
                include_str!("../../templates/subprocessors.md.hbs").to_owned(),
            ),
            (
                "subprocessors.html.hbs".to_owned(),
                include_str!("../../templates/subprocessors.html.hbs").to_owned(),
            ),
        ])
        .unwrap_or_else(|e| panic!("templates: {e}"));
        Fixed {
            validators,
            knowledge,
            knowledge_files,
            templates,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let fixed = fixed();
    let mut files = Files::new();
    for (name, text) in &fixed.knowledge_files {
        files.add(name.clone(), text.clone());
    }
    let mut parts = data.split(|&b| b == 0xFF);
    let config_bytes = parts.next().unwrap_or_default();
    let mut diagnostics = Vec::new();
    let config = load::parse_source::<RegistryConfig>(
        "registry/registry.toml".to_owned(),
        config_bytes,
        "registry",
        SchemaFile::Registry,
        &mut files,
        &fixed.validators,
        &mut diagnostics,
    );
    let mut subprocessors = Vec::new();
    let mut files_read = 0;
    for (i, bytes) in parts.take(4).enumerate() {
        files_read += 1;
        let id = ["aws", "atlassian", "b-2", "c"][i];
        let loaded = load::parse_source::<Subprocessor>(
            format!("registry/subprocessors/{id}.toml"),
            bytes,
            id,
            SchemaFile::Subprocessor,
            &mut files,
            &fixed.validators,
            &mut diagnostics,
        );
        subprocessors.extend(loaded);
    }
    subprocessors.sort_by(|a, b| a.id.cmp(&b.id));
    let registry = Registry {
        dir: PathBuf::from("registry"),
        config,
        subprocessors,
        files_read,
        unloaded: Vec::new(),
        repository: Repository::at(PathBuf::from(".")),
        documents: Vec::new(),
        rule_keys: Vec::new(),
    };
    let as_of = Date::new(2026, 11, 29).unwrap_or_else(|e| panic!("date: {e}"));
    let ctx = Context::new(&registry, &fixed.knowledge, as_of, true);
    diagnostics.extend(rules::run(&ctx));
    let mut levels = Levels::default();
    if let Some(config) = &registry.config {
        for (name, level) in &config.value.rules {
            if let Ok(rule) = name.parse() {
                levels.set(rule, *level);
            }
        }
    }
    let mut found = levels.apply(diagnostics);
    diag::sort(&mut found, &files);
    let json = diag::json::render(&found, &files, &diag::json::RunInfo::tool());
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        panic!("the JSON output does not parse: {json}");
    }
    let _ = diag::human::render(&found, &files, false);
    let _ = diag::github::render(&found, &files);
    let _ = diag::sarif::render(&found, &files, &|rule| rule.summary().to_owned());

    let context = subreg::documents::context(&registry, &fixed.knowledge, as_of);
    for name in ["subprocessors.md", "subprocessors.html"] {
        // A rendering error is a finding, not a crash; only panics count.
        let _ = fixed.templates.render(name, &context);
    }
});
