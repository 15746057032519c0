//! `subreg schema`: write the generated JSON Schemas, or verify them.

use std::path::PathBuf;
use subreg::diag::json::RunInfo;

use clap::Args;
use subreg::diag::{self, Diagnostic, Files, Span};
use subreg::schema::{SchemaFile, SchemaStale};
use subreg::{atomic, inject};

use super::report::{Format, OutputArgs};
use super::{Exit, Failure, out};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The folder holding the committed schemas; default: `schemas`, which
    /// must lie (links followed) inside the working folder.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Write nothing; print a unified diff and exit 1 when a schema is stale.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: &SchemaArgs) -> Exit {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("schemas"));
    // The default folder comes with the repository: a committed link in it
    // (`schemas/x.json -> /proc/self/environ`) must not be printed as a
    // diff or written through. A folder named on the command line is the
    // user's choice.
    let inside = |path: &std::path::Path| -> Result<(), Failure> {
        if args.dir.is_some() {
            return Ok(());
        }
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .map_err(Failure::WorkingFolder)?;
        let repository = subreg::load::Repository::at(cwd);
        repository
            .confine(path)
            .map(drop)
            .map_err(|reason| Failure::outside(path, reason))
    };
    if let Err(failure) = inside(&dir) {
        return Exit::Failed(failure);
    }
    let mut stale = false;
    let mut files = Files::new();
    let mut found = Vec::new();
    for kind in SchemaFile::ALL {
        let path = dir.join(kind.file_name());
        if let Err(failure) = inside(&path) {
            return Exit::Failed(failure);
        }
        let label = subreg::load::display_path(&path);
        let expected = kind.text();
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Exit::Failed(Failure::CannotRead { path, source }),
        };
        if current == expected {
            continue;
        }
        stale = true;
        if args.check {
            let diff = inject::unified_diff(&label, &current, &expected);
            if args.output.format == Format::Human {
                out(&subreg::diag::visible::visible(&diff));
            }
            let file = files.add(label.clone(), current);
            found.push(Diagnostic::from(SchemaStale {
                label: label.clone(),
                diff,
                span: Span { file, range: 0..0 },
            }));
        } else {
            if let Err(e) = std::fs::create_dir_all(&dir) {
                return Exit::Failed(Failure::CannotCreate {
                    dir: dir.clone(),
                    source: e,
                });
            }
            if let Err(source) = atomic::write_if_changed(&path, expected.as_bytes()) {
                return Exit::Failed(Failure::CannotWrite { path, source });
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
