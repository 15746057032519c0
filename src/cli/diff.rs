//! `subreg diff`: what changed between two registries, each a git revision
//! or a registry folder.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use subreg::diff::{self, Judged, Sides};
use subreg::model::Date;
use subreg::revision::{Checkout, Repository};
use subreg::session::Session;

use super::{Exit, Failure, out, parse_date};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base: a git revision (branch, tag, commit) or a registry folder; default: where HEAD left the default branch (origin/HEAD, main or master).
    base: Option<String>,
    /// The head: a git revision or a registry folder; default: the registry folder as it is now (the working tree).
    head: Option<String>,
    /// The registry folder of the working tree, whose path the revisions are read at.
    #[arg(long, value_name = "DIR", default_value = "registry")]
    registry: PathBuf,
    /// The day on which both sides are judged (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Render this template with the head's context and the changes instead (`notice.md` or `notice.txt`: the customer notice; the templates folder beside the registry overrides it).
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// `human` for a terminal, `json` for scripts, `markdown` for a pull-request comment.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
}

pub fn run(args: &DiffArgs) -> Exit {
    match compare(args) {
        Ok(text) => {
            out(&text);
            Exit::Clean
        }
        Err(failure) => Exit::Failed(failure),
    }
}

/// One side of the comparison, kept alive while it is read.
enum Side {
    Folder(PathBuf),
    Revision(Checkout),
}

impl Side {
    fn registry(&self) -> &Path {
        match self {
            Self::Folder(dir) => dir,
            Self::Revision(checkout) => checkout.registry(),
        }
    }
}

fn compare(args: &DiffArgs) -> Result<String, Failure> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let repo = || Repository::of(&args.registry).map_err(Failure::from);
    let (base_name, base) = match &args.base {
        Some(name) => (name.clone(), side(name, repo)?),
        None => {
            let repository = repo()?;
            let commit = repository.merge_base()?;
            let short: String = commit.chars().take(12).collect();
            (short, Side::Revision(repository.checkout(&commit)?))
        }
    };
    let (head_name, head) = match &args.head {
        Some(name) => (name.clone(), side(name, repo)?),
        None => (
            "working tree".to_owned(),
            Side::Folder(args.registry.clone()),
        ),
    };
    let mut before = Session::open(base.registry())?;
    let mut after = Session::open(head.registry())?;
    let base_found = before.verdicts(as_of);
    let head_found = after.verdicts(as_of);
    let changes = diff::compare(
        Judged {
            registry: &before.registry,
            files: &before.files,
            found: &base_found,
        },
        Judged {
            registry: &after.registry,
            files: &after.files,
            found: &head_found,
        },
    );
    if let Some(name) = &args.template {
        let dir = args
            .registry
            .parent()
            .map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"));
        let templates = subreg::documents::load_templates(&dir)?;
        let context = subreg::documents::context_with_changes(
            &after.registry,
            &after.knowledge,
            as_of,
            &changes,
        );
        return templates
            .render(name, &context)
            .map_err(|e| Failure::render(e, None));
    }
    let as_of = as_of.to_string();
    let sides = Sides {
        base: &base_name,
        head: &head_name,
        as_of: &as_of,
    };
    Ok(match args.format {
        DiffFormat::Human => diff::human(&changes, sides),
        DiffFormat::Json => diff::json(&changes, sides),
        DiffFormat::Markdown => diff::markdown(&changes, sides),
    })
}

/// A side named on the command line: a folder holding `registry.toml`
/// (or a `registry/` folder that does), else a revision of the repository.
fn side(name: &str, repo: impl FnOnce() -> Result<Repository, Failure>) -> Result<Side, Failure> {
    let path = Path::new(name);
    if path.join("registry.toml").is_file() {
        return Ok(Side::Folder(path.to_path_buf()));
    }
    if path.join("registry/registry.toml").is_file() {
        return Ok(Side::Folder(path.join("registry")));
    }
    Ok(Side::Revision(repo()?.checkout(name)?))
}
