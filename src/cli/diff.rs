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
pub(super) enum Side {
    Folder(PathBuf),
    Revision(Checkout),
    /// A revision from before the registry existed (the change under
    /// review introduces it): the working tree's registry.toml with no
    /// sub-processor, so that every sub-processor is an addition.
    Empty {
        /// Kept so that the folder lives as long as the side.
        _dir: tempfile::TempDir,
        /// The registry folder in it.
        registry: PathBuf,
    },
}

impl Side {
    pub(super) fn registry(&self) -> &Path {
        match self {
            Self::Folder(dir) | Self::Empty { registry: dir, .. } => dir,
            Self::Revision(checkout) => checkout.registry(),
        }
    }
}

/// [`Side::Empty`] for the registry folder `registry` of the working tree.
fn empty_side(registry: &Path) -> Result<Side, Failure> {
    let io = |source: std::io::Error| Failure::CannotCreate {
        dir: std::env::temp_dir(),
        source,
    };
    let dir = tempfile::tempdir().map_err(io)?;
    let folder = dir.path().join("registry");
    std::fs::create_dir_all(folder.join("subprocessors")).map_err(io)?;
    let config = std::fs::read(registry.join("registry.toml")).map_err(io)?;
    // Its settings, not its waivers: they name sub-processors the empty
    // side does not have, which would read as waivers gone unused.
    let table = std::str::from_utf8(&config)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok());
    let config = match table {
        Some(mut table) if table.contains_key("waivers") => {
            table.remove("waivers");
            toml::to_string(&table).map_or(config, String::into_bytes)
        }
        _ => config,
    };
    std::fs::write(folder.join("registry.toml"), config).map_err(io)?;
    Ok(Side::Empty {
        _dir: dir,
        registry: folder,
    })
}

fn compare(args: &DiffArgs) -> Result<String, Failure> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let (base_name, base) = match &args.base {
        // Against the working tree, a revision is where the branch left it.
        Some(name) if args.head.is_none() => (name.clone(), base_side(name, &args.registry)?),
        Some(name) => (name.clone(), named_side(name, &args.registry)?),
        None => {
            let repository = Repository::of(&args.registry)?;
            let commit = repository.merge_base()?;
            let short: String = commit.chars().take(12).collect();
            (short, revision_side(&repository, &commit, &args.registry)?)
        }
    };
    let (head_name, head) = match &args.head {
        Some(name) => (name.clone(), named_side(name, &args.registry)?),
        None => (
            "working tree".to_owned(),
            Side::Folder(args.registry.clone()),
        ),
    };
    // A folder named from inside it (`--registry .`) names its files with
    // no prefix: read it by its full path, so both sides' messages name
    // their files alike.
    let folder = |dir: &Path| {
        if dir.is_relative() {
            std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
        } else {
            dir.to_path_buf()
        }
    };
    let before = Session::open(&folder(base.registry()))?;
    let mut after = Session::open(&folder(head.registry()))?;
    // The additions are judged as `check --base` judges them: on the day
    // they start too, with the base's notice period kept.
    let head_rev = args.head.as_deref().unwrap_or("HEAD");
    Review::of(&before, &base, &after, head_rev, &args.registry, as_of).apply(&mut after);
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
        as_of,
    );
    if let Some(name) = &args.template {
        // A notice is sent on a registry that loads whole: a file left out
        // would silently leave its change out of the notice.
        let broken = after.registry.config.is_none()
            || head_found.iter().any(|d| {
                d.severity == subreg::diag::Severity::Error
                    && d.rule.group() == subreg::diag::Group::Structural
            });
        if broken {
            return Err(Failure::RegistryInvalid {
                registry: args.registry.clone(),
            });
        }
        // Nor one whose base file does not load: its change is unknown.
        if let Some(diff::Change::NotCompared { id, .. }) = changes
            .entries
            .iter()
            .find(|c| matches!(c, diff::Change::NotCompared { in_head: false, .. }))
        {
            return Err(Failure::NoticeBaseBroken { id: id.clone() });
        }
        // Nor does it announce an addition or a change that `check` fails
        // (a transfer on no safeguard, a location that cannot be judged),
        // judged before the waivers: a waiver is the organisation's own
        // acceptance of a gap, not a safeguard to announce. A start inside
        // the notice period is no reason: the notice gives the period's end
        // as the start.
        // The head's verdicts: an addition's findings at levels no milder
        // than the defaults and never waived (the review above); a changed
        // sub-processor's as the registry judges them, so that a gap its
        // base reviewed and accepted does not stop every notice about it.
        // What the notice announces: additions, and sub-processors whose
        // locations, transfers or other keys change.
        let added: Vec<String> = changes
            .entries
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    diff::Change::Added(_)
                        | diff::Change::Replaced { .. }
                        | diff::Change::Modified { .. }
                        | diff::Change::Renamed { .. }
                )
            })
            .map(|c| c.id().to_owned())
            .collect();
        let files = subreg::rules::files_of(&after.registry);
        let mut said = std::collections::BTreeSet::new();
        let blocked: Vec<String> = head_found
            .iter()
            .filter(|d| {
                d.severity == subreg::diag::Severity::Error
                    && matches!(
                        d.rule.group(),
                        subreg::diag::Group::Transfers | subreg::diag::Group::Registry
                    )
                    && d.rule != subreg::diag::Rule::NoticePeriodTooShort
            })
            .filter(|d| {
                subreg::rules::about(d, &files).is_some_and(|id| added.iter().any(|a| a == id))
            })
            // Judged on two days, one gap is said once.
            .filter(|d| {
                let about = d
                    .subject
                    .as_ref()
                    .map(|s| (s.subprocessor.clone(), s.regime, s.destination.clone()));
                said.insert((
                    d.rule,
                    about,
                    d.subject.is_none().then(|| d.message.clone()),
                ))
            })
            .map(|d| format!("{} ({})", d.message, d.rule.name()))
            .collect();
        if !blocked.is_empty() {
            return Err(Failure::NoticeBlocked {
                registry: args.registry.clone(),
                findings: blocked,
            });
        }
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

/// What the base of a change under review tells the judging of its head:
/// the sub-processors whose start the change announces and those it adds,
/// the base's notice period, and for each announced one the first day
/// (UTC) a commit of the change touched its file.
pub(super) struct Review {
    announced: Vec<String>,
    added: Vec<String>,
    notice_days: Option<u32>,
    floors: std::collections::BTreeMap<String, Date>,
}

impl Review {
    /// The review of `head` (the registry folder `registry`, at `head_rev`
    /// of its repository: `HEAD` for the working tree) against `base`,
    /// read from `side`, judged on `as_of`.
    pub(super) fn of(
        base: &Session,
        side: &Side,
        head: &Session,
        head_rev: &str,
        registry: &Path,
        as_of: Date,
    ) -> Self {
        let changes = diff::compare(unjudged(base), unjudged(head), as_of);
        let (mut announced, mut added) = (changes.announced(), changes.added());
        // A change that brings the registry itself lists the sub-processors
        // already engaged: those that started are the list as it was.
        if matches!(side, Side::Empty { .. }) {
            let started = |id: &String| {
                head.registry
                    .subprocessors
                    .iter()
                    .any(|sp| sp.id == *id && sp.value.effective.unwrap_or(sp.value.added) <= as_of)
            };
            announced.retain(|id| !started(id));
            added.retain(|id| !started(id));
        }
        let floors = match side {
            Side::Revision(checkout) => Repository::of(registry)
                .map(|repository| {
                    announced
                        .iter()
                        .filter_map(|id| {
                            let file = format!("subprocessors/{id}.toml");
                            let day = repository
                                .first_touch_day(&checkout.commit, head_rev, &file)
                                .ok()??;
                            Some((id.clone(), day))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => std::collections::BTreeMap::new(),
        };
        Self {
            announced,
            added,
            notice_days: diff::notice_days(&base.registry),
            floors,
        }
    }

    /// Sets the review on `session`, the head.
    pub(super) fn apply(self, session: &mut Session) {
        session.announced = self.announced;
        session.added = self.added;
        session.base_notice_days = self.notice_days;
        session.floors = self.floors;
    }
}

/// `session` for a comparison of its files alone.
pub(super) fn unjudged(session: &Session) -> Judged<'_> {
    Judged {
        registry: &session.registry,
        files: &session.files,
        found: &[],
    }
}

/// The base a branch is compared with: a registry folder, or the merge
/// base of `HEAD` and the revision `name` of the repository holding
/// `registry`.
pub(super) fn base_side(name: &str, registry: &Path) -> Result<Side, Failure> {
    side(name, registry, || {
        let repository = Repository::of(registry)?;
        let commit = repository.merge_base_with(name)?;
        Ok((repository, commit))
    })
}

/// A registry folder, or the revision `name` as it is (its tip), of the
/// repository holding `registry`.
fn named_side(name: &str, registry: &Path) -> Result<Side, Failure> {
    side(name, registry, || {
        let repository = Repository::of(registry)?;
        let commit = repository.commit(name)?;
        Ok((repository, commit))
    })
}

/// A side named on the command line: a folder holding `registry.toml`
/// (or a `registry/` folder that does), else a revision of the repository.
fn side(
    name: &str,
    registry: &Path,
    repo: impl FnOnce() -> Result<(Repository, String), Failure>,
) -> Result<Side, Failure> {
    if name.is_empty() {
        return Err(subreg::revision::RevisionError::UnknownRevision(String::new()).into());
    }
    let path = Path::new(name);
    if path.join("registry.toml").is_file() {
        return Ok(Side::Folder(path.to_path_buf()));
    }
    if path.join("registry/registry.toml").is_file() {
        return Ok(Side::Folder(path.join("registry")));
    }
    let (repository, commit) = repo()?;
    revision_side(&repository, &commit, registry)
}

/// The registry folder `registry` at `commit` of `repository`; an empty
/// registry ([`Side::Empty`]) when the commit comes from before it existed
/// (the change under review adds the registry itself).
fn revision_side(repository: &Repository, commit: &str, registry: &Path) -> Result<Side, Failure> {
    match repository.checkout(commit) {
        Ok(checkout) => Ok(Side::Revision(checkout)),
        Err(subreg::revision::RevisionError::NoRegistry { .. }) => empty_side(registry),
        Err(other) => Err(other.into()),
    }
}
