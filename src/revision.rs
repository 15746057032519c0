//! A registry folder as it was at a git revision, read with the `git`
//! command line into a temporary folder, so that the loader reads it as it
//! reads any registry: same checks, same findings.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::limits::MAX_REGISTRY_FILE_BYTES;

/// Why a revision could not be read (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    /// `git` could not be started.
    #[error("cannot run git ({0}): install git, or compare two registry folders instead")]
    NoGit(std::io::Error),
    /// The registry folder is not in a git work tree.
    #[error("{0} is not inside a git repository: give two registry folders to compare")]
    NotARepository(String),
    /// The name is no commit of the repository.
    #[error(
        "`{0}` is neither a folder nor a revision of the repository (try a branch, a tag or a commit)"
    )]
    UnknownRevision(String),
    /// No default branch to take the merge base with.
    #[error(
        "no default branch found (origin/HEAD, main or master): name the base revision, e.g. `subreg diff main`"
    )]
    NoDefaultBranch,
    /// `HEAD` and the revision share no commit (or a shallow clone lacks it).
    #[error(
        "HEAD and `{0}` share no commit that git can see (in a shallow clone, fetch the history: `git fetch --unshallow`), so the change cannot be told apart; name both revisions"
    )]
    NoMergeBase(String),
    /// A symbolic link in the registry folder at a revision.
    #[error(
        "{path} at revision `{rev}` is a symbolic link, which subreg follows only in the working tree; commit the file itself"
    )]
    Link {
        /// The revision as given.
        rev: String,
        /// The link's path in the repository.
        path: String,
    },
    /// The revision holds no registry at the registry folder's path.
    #[error("revision `{rev}` has no {path}/registry.toml")]
    NoRegistry {
        /// The revision as given.
        rev: String,
        /// The registry folder's path in the repository.
        path: String,
    },
    /// A file of the revision is larger than a registry file may be.
    #[error("{path} at revision `{rev}` is larger than {MAX_REGISTRY_FILE_BYTES} bytes")]
    TooLarge {
        /// The revision as given.
        rev: String,
        /// The file's path in the repository.
        path: String,
    },
    /// git failed.
    #[error("git {command} failed: {stderr}")]
    Git {
        /// The git subcommand.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// The temporary folder could not be written.
    #[error("cannot write a temporary copy of the registry: {0}")]
    Io(#[from] std::io::Error),
}

/// A registry folder of a git revision, copied to a temporary folder that
/// is deleted when this is dropped.
#[derive(Debug)]
pub struct Checkout {
    _dir: tempfile::TempDir,
    registry: PathBuf,
    /// The commit the revision names, as a full object id.
    pub commit: String,
}

impl Checkout {
    /// The copied registry folder.
    #[must_use]
    pub fn registry(&self) -> &Path {
        &self.registry
    }
}

/// The repository that holds the registry folder `registry` (a folder of
/// a work tree).
#[derive(Debug, Clone)]
pub struct Repository {
    top: PathBuf,
    /// The registry folder's path from the top of the work tree, with `/`
    /// separators and no trailing one (empty at the top).
    prefix: String,
}

impl Repository {
    /// The repository of the work tree that holds `registry`.
    ///
    /// # Errors
    /// [`RevisionError::NoGit`] or [`RevisionError::NotARepository`].
    pub fn of(registry: &Path) -> Result<Self, RevisionError> {
        let shown = crate::load::display_path(registry);
        let top = git_in(registry, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
            RevisionError::Git { .. } => RevisionError::NotARepository(shown.clone()),
            other => other,
        })?;
        let prefix = git_in(registry, &["rev-parse", "--show-prefix"])?;
        Ok(Self {
            top: PathBuf::from(top.trim_end_matches(['\n', '\r'])),
            prefix: prefix.trim_end().trim_end_matches('/').to_owned(),
        })
    }

    /// The commit `rev` names.
    ///
    /// # Errors
    /// [`RevisionError::UnknownRevision`] when it names none.
    pub fn commit(&self, rev: &str) -> Result<String, RevisionError> {
        // A name that git would read as an option names no revision.
        if rev.starts_with('-') || rev.is_empty() {
            return Err(RevisionError::UnknownRevision(rev.to_owned()));
        }
        git_in(
            &self.top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map(|id| id.trim().to_owned())
        .map_err(|e| match e {
            RevisionError::Git { .. } => RevisionError::UnknownRevision(rev.to_owned()),
            other => other,
        })
    }

    /// The merge base of `HEAD` and the default branch (`origin/HEAD`,
    /// else `main`, else `master`): where a pull request's branch started.
    ///
    /// # Errors
    /// [`RevisionError::NoDefaultBranch`] when there is none.
    pub fn merge_base(&self) -> Result<String, RevisionError> {
        let branch = ["origin/HEAD", "main", "master"]
            .into_iter()
            .find(|name| self.commit(name).is_ok())
            .ok_or(RevisionError::NoDefaultBranch)?;
        self.merge_base_with(branch)
    }

    /// The merge base of `HEAD` and `rev`: where the current branch left
    /// `rev`, so that what `rev` gained since is not taken for a change of
    /// the branch.
    ///
    /// # Errors
    /// [`RevisionError::UnknownRevision`] when `rev` names no commit,
    /// [`RevisionError::NoMergeBase`] when the two share no commit.
    pub fn merge_base_with(&self, rev: &str) -> Result<String, RevisionError> {
        let commit = self.commit(rev)?;
        git_in(&self.top, &["merge-base", "HEAD", &commit])
            .map(|id| id.trim().to_owned())
            .map_err(|e| match e {
                RevisionError::Git { .. } => RevisionError::NoMergeBase(rev.to_owned()),
                other => other,
            })
    }

    /// The first day (UTC, from the committer's time stamp) on which a
    /// commit after `since` up to `until` touched the file `relative` of
    /// the registry folder: when a change under review first wrote it.
    /// `None` when no commit of that range touches it (the change is not
    /// committed yet).
    ///
    /// # Errors
    /// [`RevisionError`] when git fails.
    pub fn first_touch_day(
        &self,
        since: &str,
        until: &str,
        relative: &str,
    ) -> Result<Option<crate::model::Date>, RevisionError> {
        let path = if self.prefix.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", self.prefix)
        };
        let range = format!("{since}..{until}");
        let stamps = git_in(
            &self.top,
            &["log", "--format=%ct", "--reverse", &range, "--", &path],
        )?;
        let Some(first) = stamps.lines().next() else {
            return Ok(None);
        };
        let seconds: i64 = first
            .trim()
            .parse()
            .map_err(|_| RevisionError::UnknownRevision(range.clone()))?;
        let stamp = jiff::Timestamp::from_second(seconds)
            .map_err(|_| RevisionError::UnknownRevision(range.clone()))?;
        let day = jiff::tz::Offset::UTC.to_datetime(stamp).date();
        Ok(Some(crate::model::Date(day)))
    }

    /// Copies the registry folder as it is at `rev` to a temporary folder.
    ///
    /// # Errors
    /// [`RevisionError`] when `rev` names no commit, the commit has no
    /// registry there, or git or the copy fails.
    pub fn checkout(&self, rev: &str) -> Result<Checkout, RevisionError> {
        let commit = self.commit(rev)?;
        let pathspec = if self.prefix.is_empty() {
            ".".to_owned()
        } else {
            format!("{}/", self.prefix)
        };
        let listing = git_in(
            &self.top,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                &commit,
                "--",
                &pathspec,
            ],
        )?;
        let dir = tempfile::tempdir()?;
        let registry = dir.path().join("registry");
        std::fs::create_dir_all(&registry)?;
        let mut has_config = false;
        for record in listing.split('\0').filter(|r| !r.is_empty()) {
            // `<mode> <type> <object>\t<path>`; only regular files are
            // registry files (a symbolic link is not followed out of git).
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if mode == "120000" {
                return Err(RevisionError::Link {
                    rev: rev.to_owned(),
                    path: path.to_owned(),
                });
            }
            if !mode.starts_with("100") {
                continue;
            }
            let relative = path
                .strip_prefix(&pathspec)
                .or_else(|| (pathspec == ".").then_some(path))
                .unwrap_or(path);
            // git refuses `..` and absolute paths in trees; never write outside anyway.
            let safe = Path::new(relative)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !safe {
                continue;
            }
            let size = git_in(&self.top, &["cat-file", "-s", object])?;
            if size.trim().parse::<u64>().unwrap_or(u64::MAX) > MAX_REGISTRY_FILE_BYTES {
                return Err(RevisionError::TooLarge {
                    rev: rev.to_owned(),
                    path: path.to_owned(),
                });
            }
            let bytes = git_bytes(&self.top, &["cat-file", "blob", object])?;
            let target = registry.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, bytes)?;
            has_config |= relative == "registry.toml";
        }
        if !has_config {
            return Err(RevisionError::NoRegistry {
                rev: rev.to_owned(),
                path: if self.prefix.is_empty() {
                    ".".to_owned()
                } else {
                    self.prefix.clone()
                },
            });
        }
        // The loader requires the folder, which git does not keep empty.
        std::fs::create_dir_all(registry.join("subprocessors"))?;
        Ok(Checkout {
            _dir: dir,
            registry,
            commit,
        })
    }
}

/// Runs `git ARGS` in `dir`; its standard output as text.
fn git_in(dir: &Path, args: &[&str]) -> Result<String, RevisionError> {
    let bytes = git_bytes(dir, args)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Never a pager or a prompt: subreg reads, it does not converse.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .output()
        .map_err(RevisionError::NoGit)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(RevisionError::Git {
            command: args.first().copied().unwrap_or_default().to_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}
