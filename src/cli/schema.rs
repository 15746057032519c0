//! `subreg schema`: write the generated JSON Schemas, or verify them.

use std::path::PathBuf;
use subreg::diag::json::RunInfo;

use clap::Args;
use subreg::diag::{self, Diagnostic, Files, Rule, Span};
use subreg::schema::SchemaFile;
use subreg::{atomic, inject};

use super::report::{Format, OutputArgs};
use super::{Exit, out};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The folder holding the committed schemas.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    dir: PathBuf,
    /// Write nothing; print a unified diff and exit 1 when a schema is stale.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: &SchemaArgs) -> Exit {
    let mut stale = false;
    let mut files = Files::new();
    let mut found = Vec::new();
    for kind in SchemaFile::ALL {
        let path = args.dir.join(kind.file_name());
        let label = subreg::load::display_path(&path);
        let expected = kind.text();
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Exit::Failed(format!("cannot read {label}: {e}")),
        };
        if current == expected {
            continue;
        }
        stale = true;
        if args.check {
            let diff = inject::unified_diff(&label, &current, &expected);
            if args.output.format == Format::Human {
                out(&diff);
            }
            let file = files.add(label.clone(), current);
            found.push(
                Diagnostic::new(
                    Rule::SchemaStale,
                    format!("{label} differs from the schema subreg generates"),
                    Some(Span { file, range: 0..0 }),
                )
                .with_note("run `subreg schema` and commit schemas/")
                .with_note(diff),
            );
        } else {
            if let Err(e) = std::fs::create_dir_all(&args.dir) {
                return Exit::Failed(format!("cannot create {}: {e}", args.dir.display()));
            }
            if let Err(e) = atomic::write_if_changed(&path, expected.as_bytes()) {
                return Exit::Failed(format!("cannot write {label}: {e}"));
            }
            out(&format!("wrote {label}\n"));
        }
    }
    if args.check && args.output.format != Format::Human {
        diag::sort(&mut found, &files);
        out(&args.output.render(&found, &files, "", &RunInfo::tool()));
    } else if args.check && stale {
        out("the schemas are stale: run `subreg schema` and commit schemas/\n");
    }
    if args.check && stale {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
