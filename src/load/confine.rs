//! Files named by the registry stay inside the repository.
//!
//! A registry arrives in pull requests. Left unchecked, a `[[documents]]`
//! path that is absolute or climbs out with `..`, or a committed symbolic
//! link (a registry file, the templates folder, a document, or a folder on
//! the way to one), makes `check` print a file of the CI machine into the
//! log (`/proc/self/environ` holds its secrets) and `inject` rewrite it.
//!
//! The repository is the folder that holds the registry folder, as the
//! registry folder is named: a link named `registry` does not
//! move it. Every file subreg reads or writes because the registry names
//! it must resolve, links followed, inside it. Paths given explicitly on
//! the command line are the user's own choice and are not confined.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The folder that registry-named files must lie in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    root: PathBuf,
}

/// A registry-listed document: the path shown to users and the path read
/// and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPath {
    /// As the user wrote it, joined to the registry folder, e.g.
    /// `registry/../docs/privacy-policy.md` (shown as `docs/privacy-policy.md`).
    pub shown: PathBuf,
    /// The same file with every link resolved: inside the repository.
    pub real: PathBuf,
}

/// Why a path named by the registry is refused.
#[derive(Debug)]
pub enum Confinement {
    /// The path is absolute (`/etc/passwd`, `C:\x`).
    Absolute,
    /// The path resolves outside the repository.
    Outside,
    /// It exists but is no regular file or folder (a FIFO, a socket, a
    /// device): reading it could block or print a device.
    Special,
    /// The path cannot be resolved (a loop of links, a link to a pipe, an
    /// unreadable folder); it is refused rather than guessed at.
    Unresolvable(io::Error),
    /// A registry file (registry.toml, knowledge.toml) that is a folder.
    Folder,
    /// A `[[documents]]` path that names a folder.
    FolderDocument,
    /// A `[[documents]]` path holding a line break or another character a
    /// file name shown in a log may not hold raw: printed in a diff header
    /// or an `updated` line it would forge log lines (`::error ...` in
    /// GitHub Actions).
    Unprintable,
}

impl Repository {
    /// The repository of the registry folder `registry_dir`: its parent as
    /// named (`--registry .` inside the registry folder works), with the
    /// links above it resolved.
    ///
    /// # Errors
    /// The working directory or the parent folder cannot be resolved.
    ///
    /// A registry named inside the working folder must have its repository
    /// there too: with `--registry ci/registry` and a committed link
    /// `ci -> ..`, the repository would be the folder above the checkout.
    pub fn of(registry_dir: &Path) -> io::Result<Self> {
        let named = fold(&std::path::absolute(registry_dir)?);
        let parent = named.parent().unwrap_or(&named);
        let root = std::fs::canonicalize(parent)?;
        let cwd = std::env::current_dir()?;
        if parent.starts_with(&cwd) && !root.starts_with(std::fs::canonicalize(&cwd)?) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the folder that holds it is a link out of the working folder; name the \
                 registry by a path without such links",
            ));
        }
        Ok(Self { root })
    }

    /// A repository at `root`, taken as it is: the caller has resolved it
    /// (in-memory registries, tests).
    #[must_use]
    pub fn at(root: PathBuf) -> Self {
        Self { root }
    }

    /// The repository's folder, links resolved.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves `path` as the operating system would open it and confines
    /// it to the repository. A file that does not exist yet resolves
    /// through its nearest existing folder; its first missing component
    /// must be missing indeed, not a dangling link.
    ///
    /// # Errors
    /// [`Confinement`] when the path leads outside, is a special file, or
    /// cannot be resolved. Nothing is read but metadata.
    pub fn confine(&self, path: &Path) -> Result<PathBuf, Confinement> {
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => resolve_missing(path)?,
            Err(e) => return Err(Confinement::Unresolvable(e)),
        };
        if !real.starts_with(&self.root) {
            return Err(Confinement::Outside);
        }
        match std::fs::metadata(&real) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(Confinement::Special),
            _ => Ok(real),
        }
    }

    /// Whether the registry file `path` (registry.toml, knowledge.toml)
    /// exists, and if it does, that it is a regular file inside the
    /// repository: one place for the reasons it is refused, so that every
    /// registry file is refused in the same precise words.
    ///
    /// # Errors
    /// As [`Repository::confine`], a link to nothing or a loop of links
    /// as [`Confinement::Unresolvable`], and [`Confinement::Folder`].
    pub fn registry_file(&self, path: &Path) -> Result<bool, Confinement> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(Confinement::Unresolvable(e)),
            Ok(_) => {}
        }
        let real = self.confine(path)?;
        if real.is_dir() {
            return Err(Confinement::Folder);
        }
        Ok(true)
    }

    /// Confines a `[[documents]]` path, written relative to
    /// `registry_dir`.
    ///
    /// # Errors
    /// [`Confinement::Absolute`] for an absolute path, otherwise as
    /// [`Repository::confine`].
    pub fn document(
        &self,
        registry_dir: &Path,
        written: &str,
    ) -> Result<DocumentPath, Confinement> {
        if written
            .chars()
            .any(|c| c.is_control() || crate::diag::visible::is_hidden(c))
        {
            return Err(Confinement::Unprintable);
        }
        let relative = Path::new(written);
        if relative.has_root()
            || relative
                .components()
                .any(|c| matches!(c, Component::Prefix(_)))
        {
            return Err(Confinement::Absolute);
        }
        let shown = registry_dir.join(relative);
        let real = self.confine(&shown)?;
        if real.is_dir() {
            return Err(Confinement::FolderDocument);
        }
        Ok(DocumentPath { shown, real })
    }
}

impl Confinement {
    /// What is wrong, in one sentence naming `path` as the user wrote it.
    #[must_use]
    pub fn message(&self, path: &str) -> String {
        match self {
            Self::Absolute => {
                format!(
                    "`{path}` is absolute; a file the registry names must lie inside the repository"
                )
            }
            Self::Outside => format!(
                "`{path}` leads outside the repository; subreg reads and writes only files inside it"
            ),
            Self::Special => format!(
                "`{path}` is a special file (a FIFO, socket or device), not a document or registry file"
            ),
            Self::Unresolvable(error) => format!("cannot resolve `{path}`: {error}"),
            Self::Folder | Self::FolderDocument => format!("`{path}` is a folder, not a file"),
            Self::Unprintable => format!(
                "`{path}` holds a line break or a control or invisible character, which no \
                 document's name may hold"
            ),
        }
    }

    /// How to fix it.
    #[must_use]
    pub fn fix(&self) -> &'static str {
        match self {
            Self::Absolute | Self::Outside => {
                "keep the file inside the repository (the folder that holds the registry folder) \
                 and reach it without links that lead out; a file elsewhere can be named on the \
                 command line (`subreg inject FILE`, `--templates DIR`, `subreg schema --dir DIR`)"
            }
            Self::Special => "replace it with a regular file",
            Self::Folder => "move the folder away and write the file in its place",
            Self::FolderDocument => {
                "name the document file in that folder, e.g. `../docs/privacy-policy.md`"
            }
            Self::Unprintable => "write the file's name on one line, with visible characters only",
            Self::Unresolvable(_) => {
                "name an existing file inside the repository, reached without a link that loops or \
                 leads nowhere"
            }
        }
    }
}

/// `path` with `.` dropped and `dir/..` folded, without asking the file
/// system (for the registry folder as the user named it).
fn fold(path: &Path) -> PathBuf {
    let mut folded = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                folded.pop();
            }
            other => folded.push(other),
        }
    }
    folded
}

/// A path that does not exist: its longest existing prefix resolved, the
/// rest appended. The component after the prefix must be truly missing (a
/// dangling link or a loop is refused), so no link lies in the rest and
/// folding its `..` lexically matches what the system would do.
fn resolve_missing(path: &Path) -> Result<PathBuf, Confinement> {
    let components: Vec<Component<'_>> = path.components().collect();
    for split in (0..components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        let prefix = if prefix.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            prefix
        };
        let mut real = match std::fs::canonicalize(&prefix) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Confinement::Unresolvable(e)),
        };
        // A `..` after the missing folder could climb back into existing
        // ones, through links this folding would not see; the system could
        // not open such a path anyway.
        if components[split..].contains(&Component::ParentDir) {
            return Err(Confinement::Unresolvable(io::Error::new(
                io::ErrorKind::NotFound,
                "a `..` after a folder that does not exist",
            )));
        }
        if let Some(Component::Normal(first)) = components.get(split) {
            match std::fs::symlink_metadata(real.join(first)) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Ok(_) => {
                    return Err(Confinement::Unresolvable(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "a symbolic link that leads to nothing subreg can read",
                    )));
                }
                Err(e) => return Err(Confinement::Unresolvable(e)),
            }
        }
        for component in &components[split..] {
            match component {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(part) => real.push(part),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        return Ok(real);
    }
    Err(Confinement::Unresolvable(io::Error::from(
        io::ErrorKind::NotFound,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn repo() -> Result<tempfile::TempDir, io::Error> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("registry"))?;
        std::fs::create_dir_all(dir.path().join("docs"))?;
        std::fs::write(dir.path().join("docs/policy.md"), "x")?;
        Ok(dir)
    }

    fn document(dir: &Path, written: &str) -> Result<DocumentPath, Confinement> {
        let registry = dir.join("registry");
        Repository::of(&registry)
            .map_err(Confinement::Unresolvable)?
            .document(&registry, written)
    }

    #[test]
    fn a_document_inside_is_resolved() -> TestResult {
        let dir = repo()?;
        let found = document(dir.path(), "../docs/policy.md").map_err(|e| e.message("p"))?;
        assert_eq!(found.shown, dir.path().join("registry/../docs/policy.md"));
        assert_eq!(
            found.real,
            std::fs::canonicalize(dir.path())?.join("docs/policy.md")
        );
        // Not there yet: resolved through its folder.
        let missing = document(dir.path(), "../docs/new/later.md").map_err(|e| e.message("p"))?;
        assert_eq!(
            missing.real,
            std::fs::canonicalize(dir.path())?.join("docs/new/later.md")
        );
        // A `..` after a missing folder is refused: it could climb back
        // through a link the folding would not see.
        assert!(matches!(
            document(dir.path(), "../docs/new/../later.md"),
            Err(Confinement::Unresolvable(_))
        ));
        Ok(())
    }

    #[test]
    fn absolute_and_climbing_paths_are_refused() -> TestResult {
        let dir = repo()?;
        assert!(matches!(
            document(dir.path(), "/etc/passwd"),
            Err(Confinement::Absolute)
        ));
        assert!(matches!(
            document(dir.path(), "../../etc/passwd"),
            Err(Confinement::Outside)
        ));
        // A missing file outside is refused, not reported as unreadable.
        assert!(matches!(
            document(dir.path(), "../nowhere/../../x.md"),
            Err(Confinement::Unresolvable(_))
        ));
        // Climbing out and back in is fine.
        let name = dir
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(document(dir.path(), &format!("../../{name}/docs/policy.md")).is_ok());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_repository_are_refused() -> TestResult {
        use std::os::unix::fs::symlink;
        let dir = repo()?;
        let outside = tempfile::tempdir()?;
        std::fs::write(outside.path().join("secret"), "s")?;
        let docs = dir.path().join("docs");
        symlink(outside.path().join("secret"), docs.join("link.md"))?;
        symlink(outside.path(), docs.join("out"))?;
        assert!(matches!(
            document(dir.path(), "../docs/link.md"),
            Err(Confinement::Outside)
        ));
        assert!(matches!(
            document(dir.path(), "../docs/out/new.md"),
            Err(Confinement::Outside)
        ));
        // A chain of links too long to resolve hides nothing: the system
        // refuses it, and so does subreg, rather than folding it as text.
        for i in 0..45 {
            symlink(format!("h{}", i + 1), docs.join(format!("h{i}")))?;
        }
        symlink(".", docs.join("h45"))?;
        assert!(matches!(
            document(dir.path(), "../docs/h0/out/secret"),
            Err(Confinement::Unresolvable(_))
        ));
        // A dangling link is no missing file to be created.
        symlink(outside.path().join("gone"), docs.join("dangling.md"))?;
        assert!(matches!(
            document(dir.path(), "../docs/dangling.md"),
            Err(Confinement::Unresolvable(_) | Confinement::Outside)
        ));
        // A missing folder, then `..` back to a link that leads out.
        assert!(document(dir.path(), "../docs/nothere/../link.md").is_err());
        // A link to a pipe (/dev/stdin) cannot be resolved: refused.
        symlink("/dev/stdin", docs.join("stdin.md"))?;
        assert!(document(dir.path(), "../docs/stdin.md").is_err());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_registry_link_does_not_move_the_repository() -> TestResult {
        // `registry -> .` at the repository's root would make the folder
        // above the checkout the "repository".
        let dir = tempfile::tempdir()?;
        let checkout = dir.path().join("checkout");
        std::fs::create_dir_all(&checkout)?;
        std::fs::write(dir.path().join("secret.md"), "s")?;
        std::os::unix::fs::symlink(".", checkout.join("registry"))?;
        let registry = checkout.join("registry");
        let repository = Repository::of(&registry)?;
        assert_eq!(repository.root(), std::fs::canonicalize(&checkout)?);
        assert!(matches!(
            repository.document(&registry, "../secret.md"),
            Err(Confinement::Outside)
        ));
        Ok(())
    }
}
