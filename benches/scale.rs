//! Scale benchmarks (issue: 10,000 sub-processors checked within twice the
//! time it takes to parse them). Run with `cargo bench --bench scale`.
//!
//! Every stage is measured at N = 100, 1,000 and 10,000 synthetic
//! sub-processors, beside the baseline: reading the same files and parsing
//! them with the toml crate.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use subreg::diag::Files;
use subreg::knowledge::Knowledge;
use subreg::load::{self, Registry};
use subreg::model::Date;
use subreg::rules::{self, Context};
use subreg::schema::{SchemaFile, Validators};

const SIZES: [usize; 3] = [100, 1_000, 10_000];

// The allocator of the `subreg` binary (src/main.rs), for every stage and
// for the baseline alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// One generated registry per size, in a temporary folder kept for the run.
fn registry_dir(n: usize) -> &'static Path {
    static DIRS: OnceLock<Vec<(usize, tempfile::TempDir)>> = OnceLock::new();
    let dirs = DIRS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&size| {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
                subreg::synthetic::write(dir.path(), size, 1)
                    .unwrap_or_else(|e| panic!("generate: {e}"));
                let root = Path::new(env!("CARGO_MANIFEST_DIR"));
                for sub in ["templates"] {
                    let to = dir.path().join(sub);
                    std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
                    for entry in std::fs::read_dir(root.join(sub))
                        .unwrap_or_else(|e| panic!("{e}"))
                        .flatten()
                    {
                        std::fs::copy(entry.path(), to.join(entry.file_name()))
                            .unwrap_or_else(|e| panic!("{e}"));
                    }
                }
                (size, dir)
            })
            .collect()
    });
    dirs.iter()
        .find(|(size, _)| *size == n)
        .map(|(_, d)| d.path())
        .unwrap_or_else(|| panic!("no registry of {n}"))
}

fn toml_paths(n: usize) -> Vec<PathBuf> {
    let dir = registry_dir(n).join("registry/subprocessors");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
}

fn as_of() -> Date {
    "2026-11-29".parse().unwrap_or_else(|e| panic!("{e}"))
}

fn loaded(n: usize) -> (Registry, Files) {
    let validators = Validators::new().unwrap_or_else(|e| panic!("{e}"));
    let mut files = Files::new();
    let (registry, _) =
        load::load_registry(&registry_dir(n).join("registry"), &mut files, &validators)
            .unwrap_or_else(|e| panic!("{e}"));
    (registry, files)
}

/// The baseline: read every file and parse it with the toml crate.
#[divan::bench(args = SIZES, sample_count = 10)]
fn baseline_read_and_parse(bencher: Bencher, n: usize) {
    let paths = toml_paths(n);
    bencher.bench(|| {
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let _ = divan::black_box(toml::de::DeTable::parse(&text).is_ok());
        }
    });
}

/// Loading: read, parse, index spans, validate against the schema, deserialize.
#[divan::bench(args = SIZES, sample_count = 10)]
fn load_registry(bencher: Bencher, n: usize) {
    let dir = registry_dir(n).join("registry");
    let validators = Validators::new().unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| {
        let mut files = Files::new();
        divan::black_box(
            load::load_registry(&dir, &mut files, &validators)
                .map(|(r, _)| r.subprocessors.len())
                .ok(),
        )
    });
}

/// Schema validation alone, on already converted JSON.
#[divan::bench(args = SIZES, sample_count = 10)]
fn schema_validation(bencher: Bencher, n: usize) {
    let validators = Validators::new().unwrap_or_else(|e| panic!("{e}"));
    let values: Vec<serde_json::Value> = toml_paths(n)
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let table = toml::de::DeTable::parse(&text).ok()?;
            Some(load::to_json(&table))
        })
        .collect();
    bencher.bench(|| {
        values
            .iter()
            .map(|v| validators.validate(SchemaFile::Subprocessor, v).len())
            .sum::<usize>()
    });
}

/// Every registry and transfer rule on a loaded registry.
#[divan::bench(args = SIZES, sample_count = 10)]
fn rules_run(bencher: Bencher, n: usize) {
    let (registry, _) = loaded(n);
    let mut files = Files::new();
    let validators = Validators::new().unwrap_or_else(|e| panic!("{e}"));
    let knowledge =
        Knowledge::builtin(&mut files, &validators).unwrap_or_else(|_| panic!("knowledge"));
    bencher.bench(|| {
        let ctx = Context::new(&registry, &knowledge, as_of(), false);
        rules::run(&ctx).len()
    });
}

/// The whole `subreg check` pipeline minus printing: the same code as the
/// CLI (load, knowledge, rules and documents, side by side).
#[divan::bench(args = SIZES, sample_count = 10)]
fn full_check(bencher: Bencher, n: usize) {
    let dir = registry_dir(n);
    bencher.bench(|| {
        let mut session =
            subreg::session::Session::open(&dir.join("registry")).unwrap_or_else(|e| panic!("{e}"));
        let found = session
            .check(&dir.join("templates"), as_of(), false)
            .unwrap_or_else(|e| panic!("{e}"));
        // Dropped after the sample, as the CLI leaves them to the exit.
        (session, found)
    });
}

/// Rendering the sub-processor table: building the context the templates
/// see, checking the template against it, rendering.
#[divan::bench(args = SIZES, sample_count = 10)]
fn render_table(bencher: Bencher, n: usize) {
    let (registry, mut files) = loaded(n);
    let knowledge = builtin_knowledge(&mut files);
    let templates = subreg::documents::load_templates(&registry_dir(n).join("templates"))
        .unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| {
        let context = subreg::documents::context(&registry, &knowledge, as_of());
        let table = templates
            .render("subprocessors.md", &context)
            .unwrap_or_default();
        (context, table)
    });
}

/// Injecting the rendered table into a document.
#[divan::bench(args = SIZES, sample_count = 10)]
fn inject_table(bencher: Bencher, n: usize) {
    let (registry, mut files) = loaded(n);
    let knowledge = builtin_knowledge(&mut files);
    let templates = subreg::documents::load_templates(&registry_dir(n).join("templates"))
        .unwrap_or_else(|e| panic!("{e}"));
    let context = subreg::documents::context(&registry, &knowledge, as_of());
    let table = templates
        .render("subprocessors.md", &context)
        .unwrap_or_default();
    let document =
        std::fs::read_to_string(registry_dir(n).join("docs/policy.md")).unwrap_or_default();
    bencher.bench(|| {
        subreg::inject::inject(&document, |_| {
            Ok::<_, std::convert::Infallible>(table.clone())
        })
        .map(|t| t.len())
        .unwrap_or_default()
    });
}

/// The built-in knowledge base (with the region tables the context resolves).
fn builtin_knowledge(files: &mut Files) -> Knowledge {
    let validators = Validators::new().unwrap_or_else(|e| panic!("{e}"));
    Knowledge::builtin(files, &validators).unwrap_or_else(|_| panic!("knowledge"))
}
