//! `subreg inject`: regenerate the marker regions of documents, or with
//! `--check` show what would change.

use std::path::PathBuf;
use subreg::diag::json::RunInfo;

use clap::Args;
use subreg::diag::{self, Counts, Severity};
use subreg::load::DocumentPath;
use subreg::{atomic, documents, lock};

use super::report::{Format, OutputArgs, summary};
use super::{Exit, Failure, RegistryArgs, err, out};

#[derive(Debug, Args)]
pub struct InjectArgs {
    #[command(flatten)]
    registry: RegistryArgs,
    /// Documents to update; default: the registry's `[[documents]]`.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Write nothing; print a unified diff and exit 1 when a document is stale.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: &InjectArgs) -> Exit {
    let mut session = match subreg::session::Session::open(&args.registry.registry) {
        Ok(session) => session,
        Err(e) => return Exit::Failed(e.into()),
    };
    let Some(config) = &session.registry.config else {
        return Exit::Failed(Failure::ConfigInvalid);
    };
    if session
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Exit::Failed(Failure::RegistryInvalid {
            registry: args.registry.registry.clone(),
        });
    }
    // Registry-listed documents were confined to the repository when the
    // registry loaded (a refused one is an error above); paths given on the
    // command line are the user's own choice.
    let paths: Vec<DocumentPath> = if args.files.is_empty() {
        if config.value.documents.len() != session.registry.documents.len() {
            return Exit::Failed(Failure::DocumentOutside);
        }
        session.registry.documents.clone()
    } else {
        args.files
            .iter()
            .map(|p| DocumentPath {
                shown: p.clone(),
                real: p.clone(),
            })
            .collect()
    };
    let paths = documents::distinct(paths);
    if paths.is_empty() {
        return Exit::Failed(Failure::NoDocuments);
    }
    let templates = match args
        .registry
        .templates(&session.registry.repository)
        .and_then(|dir| documents::load_templates(&dir).map_err(Failure::from))
    {
        Ok(t) => t,
        Err(failure) => return Exit::Failed(failure),
    };
    let as_of = args.registry.as_of();
    let context = documents::context(&session.registry, &session.knowledge, as_of);
    // The day the regions are rendered for (a sub-processor removed by
    // then is left out), printed like `check`'s; no knowledge is read.
    let info = RunInfo {
        as_of: Some(as_of.to_string()),
        ..RunInfo::tool()
    };

    // Two runs on one document take turns: the second reads it only after
    // the first has written it. `--check` writes nothing and needs no turn.
    let _locks = if args.check {
        None
    } else {
        let locked = lock::lock_folders(paths.iter().map(|p| p.real.as_path()), |folder| {
            err(&format!(
                "waiting for another subreg run to finish writing in {}\n",
                folder.display()
            ));
        });
        match locked {
            Ok(locks) => Some(locks),
            Err(e) => return Exit::Failed(e.into()),
        }
    };
    // Render every document before writing any, so a broken template or
    // marker leaves all of them untouched.
    let mut outcomes = Vec::new();
    for path in &paths {
        match documents::process_listed(path, &templates, &context, &mut session.files) {
            Ok(mut outcome) => {
                outcome.label_blame(&session.registry, &session.files);
                outcomes.push(outcome);
            }
            Err(e) => return Exit::Failed(e.into()),
        }
    }
    let mut problems: Vec<_> = outcomes
        .iter()
        .flat_map(|o| {
            o.diagnostics
                .iter()
                .filter(|d| d.rule != diag::Rule::DocumentStale)
                .cloned()
        })
        .collect();
    if !problems.is_empty() {
        diag::sort(&mut problems, &session.files);
        let line = summary(
            Counts::of(&problems),
            outcomes.len(),
            session.registry.subprocessors.len(),
        );
        out(&args.output.render(&problems, &session.files, &line, &info));
        return Exit::Findings;
    }
    if args.check {
        return check(args, &outcomes, &session.files, &info);
    }
    for outcome in outcomes.iter().filter(|o| o.is_stale()) {
        let label = session.files.name(outcome.file).to_owned();
        if let Some(new) = &outcome.new {
            // `old` is exactly the bytes read: a document that is not UTF-8
            // never gets a `new`. An edit made since then is not overwritten.
            match atomic::replace_if_unchanged(
                &outcome.path,
                outcome.old.as_bytes(),
                new.as_bytes(),
            ) {
                Ok(_) => out(&format!(
                    "updated {}\n",
                    diag::visible::visible_name(&label)
                )),
                Err(atomic::WriteError::Changed(_)) => {
                    return Exit::Failed(Failure::DocumentChanged { label });
                }
                Err(atomic::WriteError::ReadOnly(_)) => {
                    return Exit::Failed(Failure::DocumentReadOnly { label });
                }
                Err(source) => {
                    return Exit::Failed(Failure::DocumentNotWritten { label, source });
                }
            }
        }
    }
    Exit::Clean
}

/// `--check`: a unified diff in human format; one `document-stale` finding
/// per stale region, the diff in its notes, in the machine formats.
fn check(
    args: &InjectArgs,
    outcomes: &[documents::Outcome],
    files: &diag::Files,
    info: &RunInfo,
) -> Exit {
    let stale = outcomes.iter().any(documents::Outcome::is_stale);
    if args.output.format == Format::Human {
        for outcome in outcomes.iter().filter(|o| o.is_stale()) {
            // The published text may hold characters a terminal obeys, and
            // tabs that would misalign the diff's columns.
            // The name in the headers is one line: a line break in it
            // would forge a line of the log.
            let name = diag::visible::visible_name(files.name(outcome.file));
            out(&diag::visible::visible_one_line(&outcome.diff(&name)));
        }
    } else {
        let mut found: Vec<_> = outcomes
            .iter()
            .flat_map(|o| {
                let diff = o.diff(&diag::visible::visible_name(files.name(o.file)));
                o.diagnostics
                    .iter()
                    .cloned()
                    .map(move |d| d.with_note(diff.clone()))
            })
            .collect();
        diag::sort(&mut found, files);
        out(&args.output.render(&found, files, "", info));
    }
    if stale { Exit::Findings } else { Exit::Clean }
}
