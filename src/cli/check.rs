//! `subreg check`: schema, rules and documents, in one run.

use clap::Args;
use subreg::diag::{self, Counts};
use subreg::documents;
use subreg::rules::{self, Context};

use super::{Exit, Format, RegistryArgs, out, setup};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    registry: RegistryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also say why each transfer passes (JSON output always includes these notes).
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: &CheckArgs) -> Exit {
    let mut session = match setup::load(&args.registry) {
        Ok(session) => session,
        Err(message) => return Exit::Failed(message),
    };
    let as_of = args.registry.as_of();
    let explain = args.verbose || args.format == Format::Json;
    let ctx = Context {
        registry: &session.registry,
        knowledge: &session.knowledge,
        as_of,
        explain,
    };
    let mut found = std::mem::take(&mut session.diagnostics);
    found.extend(rules::run(&ctx));

    if let Some(config) = &session.registry.config
        && !config.value.documents.is_empty()
    {
        let templates = match documents::load_templates(&args.registry.templates()) {
            Ok(t) => t,
            Err(e) => return Exit::Failed(e.to_string()),
        };
        let context = documents::context(&session.registry, as_of);
        for doc in &config.value.documents {
            let path = args.registry.registry.join(&doc.path);
            match documents::process(&path, &templates, &context, &mut session.files) {
                Ok(outcome) => found.extend(outcome.diagnostics),
                Err(e) => return Exit::Failed(e.to_string()),
            }
        }
    }

    let mut found = session.levels.apply(found);
    diag::sort(&mut found, &session.files);
    let counts = Counts::of(&found);
    match args.format {
        Format::Human => {
            out(&diag::human::render(&found, &session.files));
            out(&summary(
                counts,
                session.registry.files_read + 1,
                session.registry.subprocessors.len(),
            ));
        }
        Format::Json => out(&diag::json::render(&found, &session.files)),
    }
    if counts.errors > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

fn summary(counts: Counts, files: usize, subprocessors: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {} in {} ({} checked)\n",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.notes, "note"),
        plural(files, "file"),
        plural(subprocessors, "sub-processor"),
    )
}
