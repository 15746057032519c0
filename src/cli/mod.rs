//! Argument parsing and dispatch; the only code that prints, exits or
//! reads the clock.

mod check;
mod diff;
mod explain;
mod failure;
mod import;
mod init;
mod inject;
mod render;
mod report;
mod schema;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use subreg::model::Date;

use failure::Failure;

/// Keeps a GDPR sub-processor list as reviewed data: checks every
/// cross-border transfer against dated law and keeps the published privacy
/// policy in sync.
#[derive(Debug, Parser)]
#[command(name = "subreg", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up a registry, its schemas, a policy, a workflow and pre-commit hooks; overwrites nothing.
    Init(init::InitArgs),
    /// Read a published list (Markdown, MDX, reStructuredText, HTML, CSV, JSON, YAML) into registry files; overwrites nothing.
    Import(import::ImportArgs),
    /// Validate the registry and check every transfer and document.
    Check(check::CheckArgs),
    /// Print a template rendered from the registry.
    Render(render::RenderArgs),
    /// What changed between two revisions (git) or two registry folders: sub-processors, fields and verdicts.
    Diff(diff::DiffArgs),
    /// Regenerate the marker regions of documents.
    Inject(inject::InjectArgs),
    /// Write or verify the JSON Schemas in schemas/.
    Schema(schema::SchemaArgs),
    /// Print a rule's documentation.
    #[command(override_usage = "subreg explain <RULE>\n       subreg explain --list")]
    Explain(explain::ExplainArgs),
}

/// Options shared by the commands that read a registry.
#[derive(Debug, Clone, Args)]
struct RegistryArgs {
    /// The registry folder (holds registry.toml and subprocessors/).
    #[arg(long, value_name = "DIR", default_value = "registry")]
    registry: PathBuf,
    /// The day on which to judge (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// The templates folder; default: `templates` beside the registry folder.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

impl RegistryArgs {
    /// The as-of date: given, or today in UTC.
    fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(today)
    }

    /// The templates folder: `--templates` as given, or `templates` beside
    /// the registry folder, which, coming with the registry, must lie
    /// inside `repository` (a committed link out is refused).
    fn templates(&self, repository: &subreg::load::Repository) -> Result<PathBuf, Failure> {
        // A folder named on the command line must exist: a typo there would
        // otherwise render the built-in templates in silence.
        if let Some(explicit) = &self.templates {
            return match std::fs::metadata(explicit) {
                Ok(_) => Ok(explicit.clone()),
                Err(error) => Err(Failure::from(subreg::documents::TemplateError::Io {
                    path: explicit.clone(),
                    error,
                })),
            };
        }
        // `--registry .` (or `..`) names the folder by a path whose parent
        // is no folder beside it: then the repository's own folder.
        let named_by_dots = matches!(
            self.registry.components().next_back(),
            Some(std::path::Component::CurDir | std::path::Component::ParentDir)
        );
        let parent = self.registry.parent().filter(|p| !p.as_os_str().is_empty());
        let default = if named_by_dots {
            repository.root().join("templates")
        } else {
            parent.map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"))
        };
        match repository.confine(&default) {
            Ok(_) => Ok(default),
            Err(reason) => Err(Failure::outside(&default, reason)),
        }
    }
}

/// Today in UTC: the one place subreg reads the clock.
fn today() -> Date {
    Date(
        jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    )
}

/// How a command ended.
enum Exit {
    /// Nothing at error level.
    Clean,
    /// Findings at error level, or stale files under --check.
    Findings,
    /// The tool could not do its job; its words say why and how to fix it.
    Failed(Failure),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse_arguments(&error),
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Inject(args) => inject::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Explain(args) => explain::run(&args),
    };
    match result {
        Exit::Clean => ExitCode::SUCCESS,
        Exit::Findings => ExitCode::from(1),
        Exit::Failed(failure) => {
            // Messages name files and values from outside: never raw controls.
            let message = arguments_on_one_line(&failure.to_string());
            let message = subreg::diag::visible::visible(&message);
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Clap's own message (a bad value, an unknown flag, `--help`), shown
/// through the one sanitiser: it quotes the arguments as given, and an
/// argument can hold any character.
fn refuse_arguments(error: &clap::Error) -> ExitCode {
    let rendered = arguments_on_one_line(&error.render().to_string());
    let shown = subreg::diag::visible::visible_one_line(&rendered);
    if error.use_stderr() {
        let _ = std::io::stderr().write_all(shown.as_bytes());
    } else {
        out(&shown);
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// `message` with every command-line argument that holds a control
/// character written on one line, each shown as `<U+XXXX>`: messages quote
/// arguments as given (clap with its controls stripped), and a quoted line
/// break would start a line of the log of its own (`::error ...` in GitHub
/// Actions). The message's own line breaks stay.
fn arguments_on_one_line(message: &str) -> String {
    let mut message = message.to_owned();
    for arg in std::env::args_os().skip(1) {
        let arg = arg.to_string_lossy();
        if !arg.chars().any(char::is_control) {
            continue;
        }
        let shown = subreg::diag::visible::visible_name(&arg);
        message = message.replace(arg.as_ref(), &shown);
        // clap drops escape sequences and control characters from what it
        // quotes: the argument it quotes is then the stripped one.
        let stripped: String = anstream::adapter::strip_str(&arg)
            .to_string()
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
            .collect();
        if !stripped.is_empty() {
            for (open, close) in [("'", "'"), ("`", "`")] {
                message = message.replace(
                    &format!("{open}{stripped}{close}"),
                    &format!("{open}{shown}{close}"),
                );
            }
        }
    }
    message
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
}

fn parse_rule(text: &str) -> Result<subreg::diag::Rule, String> {
    text.parse()
}

/// Writes to stdout; a closed pipe (`subreg render | head`) is not an error.
fn out(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Writes a progress message to stderr; a closed stderr is not an error.
fn err(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}
