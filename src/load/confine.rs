//! Documents listed in registry.toml stay inside the repository.
//!
//! A `[[documents]]` path comes from a pull request: left unchecked, an
//! absolute path or one climbing out with `..` (or through a symbolic link)
//! makes `check` print any file of the CI machine into the log and `inject`
//! rewrite it. The repository is the folder that holds the registry folder
//! (DESIGN §5); a listed document must resolve, links followed, inside it.
//! Paths given explicitly on the command line are the user's own choice and
//! are not confined.

use std::io;
use std::path::{Component, Path, PathBuf};

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

/// Why a listed document path is refused.
#[derive(Debug)]
pub enum Confinement {
    /// The path is absolute (`/etc/passwd`, `C:\x`).
    Absolute,
    /// The path resolves outside the repository; `resolved` is where it leads.
    Outside {
        /// The repository's folder, links resolved.
        root: PathBuf,
    },
    /// The registry folder itself cannot be resolved.
    Io(io::Error),
}

impl Confinement {
    /// What is wrong, in one sentence naming `path` as written.
    #[must_use]
    pub fn message(&self, path: &str) -> String {
        match self {
            Self::Absolute => format!(
                "document path `{path}` is absolute; a listed document must lie inside the repository"
            ),
            Self::Outside { .. } => format!(
                "document path `{path}` leads outside the repository; subreg reads and writes only \
                 documents inside it"
            ),
            Self::Io(error) => {
                format!("cannot resolve document path `{path}`: {error}")
            }
        }
    }

    /// How to fix it.
    #[must_use]
    pub fn fix(&self) -> String {
        match self {
            Self::Absolute | Self::Outside { .. } => "write the path relative to registry.toml, to a \
                file in the folder that holds the registry folder (e.g. \"../docs/privacy-policy.md\"); \
                a document elsewhere can be named on the command line: `subreg inject FILE`"
                .to_owned(),
            Self::Io(_) => "check that the registry folder can be read".to_owned(),
        }
    }
}

/// Resolves `path` (as written under `[[documents]]`, relative to
/// `registry_dir`) and confines it to the repository: the parent of
/// `registry_dir`, links resolved.
///
/// A file that does not exist yet is resolved through its nearest existing
/// folder, so a missing document outside the repository is refused too
/// rather than reported as unreadable.
///
/// # Errors
/// [`Confinement`] when the path is absolute, leads outside the repository,
/// or the registry folder cannot be resolved. Nothing is read but the
/// folders' metadata.
pub fn confine(registry_dir: &Path, path: &str) -> Result<DocumentPath, Confinement> {
    let written = Path::new(path);
    if written.is_absolute() || written.has_root() {
        return Err(Confinement::Absolute);
    }
    if written
        .components()
        .any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err(Confinement::Absolute);
    }
    let registry = std::fs::canonicalize(registry_dir).map_err(Confinement::Io)?;
    let root = registry.parent().unwrap_or(&registry).to_path_buf();
    let real = resolve(&registry.join(written));
    if !real.starts_with(&root) {
        return Err(Confinement::Outside { root });
    }
    Ok(DocumentPath {
        shown: registry_dir.join(written),
        real,
    })
}

/// `path` with links resolved through its longest existing prefix; the
/// components after it (which do not exist, so cannot be links) are folded
/// lexically.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let components: Vec<Component<'_>> = path.components().collect();
    for split in (0..components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        let Ok(mut real) = std::fs::canonicalize(&prefix) else {
            continue;
        };
        for component in &components[split..] {
            match component {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(part) => real.push(part),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        return real;
    }
    path.to_path_buf()
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

    #[test]
    fn a_document_inside_is_resolved() -> TestResult {
        let dir = repo()?;
        let registry = dir.path().join("registry");
        let found = confine(&registry, "../docs/policy.md").map_err(|e| e.message("p"))?;
        assert_eq!(found.shown, registry.join("../docs/policy.md"));
        assert_eq!(
            found.real,
            std::fs::canonicalize(dir.path())?.join("docs/policy.md")
        );
        Ok(())
    }

    #[test]
    fn absolute_and_climbing_paths_are_refused() -> TestResult {
        let dir = repo()?;
        let registry = dir.path().join("registry");
        assert!(matches!(
            confine(&registry, "/etc/passwd"),
            Err(Confinement::Absolute)
        ));
        assert!(matches!(
            confine(&registry, "../../etc/passwd"),
            Err(Confinement::Outside { .. })
        ));
        // A missing file outside is refused, not reported as unreadable.
        assert!(matches!(
            confine(&registry, "../nowhere/../../x.md"),
            Err(Confinement::Outside { .. })
        ));
        // Climbing out and back in is fine.
        let name = dir
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(confine(&registry, &format!("../../{name}/docs/policy.md")).is_ok());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_repository_is_refused() -> TestResult {
        let dir = repo()?;
        let outside = tempfile::tempdir()?;
        std::fs::write(outside.path().join("secret"), "s")?;
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("docs/link.md"),
        )?;
        std::os::unix::fs::symlink(outside.path(), dir.path().join("docs/out"))?;
        let registry = dir.path().join("registry");
        assert!(matches!(
            confine(&registry, "../docs/link.md"),
            Err(Confinement::Outside { .. })
        ));
        assert!(matches!(
            confine(&registry, "../docs/out/new.md"),
            Err(Confinement::Outside { .. })
        ));
        Ok(())
    }
}
