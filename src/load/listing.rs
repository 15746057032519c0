//! What `subprocessors/` holds: the files read as sub-processors, and every
//! other entry, which is a finding rather than skipped in silence (only
//! hidden entries and editor backups are ignored).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::LoadError;

/// The entries of a `subprocessors/` folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// The `*.toml` files, read as sub-processors, in id order.
    pub files: Vec<PathBuf>,
    /// Entries that are not read: each a finding.
    pub skipped: Vec<Skipped>,
    /// The name of every entry, as shown, to tell which names are taken.
    names: Vec<String>,
}

/// An entry of `subprocessors/` that is not read.
#[derive(Debug)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// Whether it is a folder (its files are not read either).
    pub folder: bool,
}

/// The entries a registry folder may hold.
pub const REGISTRY_ENTRIES: [&str; 3] = ["registry.toml", "knowledge.toml", "subprocessors"];

/// [`REGISTRY_ENTRIES`] as a sentence says them.
pub const REGISTRY_ENTRIES_IN_WORDS: &str = "registry.toml, knowledge.toml and subprocessors/";

/// An entry of the registry folder that is none of [`REGISTRY_ENTRIES`].
#[derive(Debug)]
pub struct Stray {
    /// The entry.
    pub path: PathBuf,
    /// Whether it is a folder.
    pub folder: bool,
    /// The known entry its name is a near miss of (`Subprocessors`,
    /// `sub-processors`, `Registry.TOML`).
    pub near: Option<String>,
}

/// Every entry of the registry folder `dir` that looks like registry
/// content but is not read: a `.toml` file of another name, or a near miss
/// of a known entry (`Subprocessors/`, `Registry.TOML`); in name order.
/// Other entries (a README, `docs/` beside a registry kept at the root) are
/// not the registry's; hidden entries and editor backups are ignored as in
/// `subprocessors/`.
///
/// # Errors
/// [`LoadError::Io`] when the folder cannot be listed.
pub fn strays(dir: &Path) -> Result<Vec<Stray>, LoadError> {
    let io = |error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = shown_name(&entry.file_name());
        if is_ignored(&name) || REGISTRY_ENTRIES.contains(&name.as_str()) {
            continue;
        }
        let path = entry.path();
        let folder = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        let near = crate::suggest::closest(&name, REGISTRY_ENTRIES).map(|known| {
            if known == "subprocessors" {
                "subprocessors/".to_owned()
            } else {
                known.to_owned()
            }
        });
        // Only what looks like registry content: a TOML file, or a near
        // miss of a known entry. A registry kept at a repository's root
        // (`--registry .`) sits beside README.md, docs/ and templates/.
        let toml_like = name.to_lowercase().contains(".toml");
        if near.is_none() && !toml_like {
            continue;
        }
        strays.push(Stray { path, folder, near });
    }
    strays.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(strays)
}

/// Whether `name` is ignored without a word: a hidden entry (`.git`,
/// `.aws.toml.swp`) or an editor backup (`aws.toml~`, `#aws.toml#`).
#[must_use]
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// Lists `dir`: every entry named `*.toml` (links followed) is read; one
/// that is not a regular file stops the run ([`LoadError::NotAFile`]).
///
/// # Errors
/// [`LoadError`] when the folder or an entry cannot be read.
pub fn list(dir: &Path) -> Result<Listing, LoadError> {
    let mut listing = Listing::default();
    if !dir.exists() {
        return Ok(listing);
    }
    let entries = std::fs::read_dir(dir).map_err(|error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    for entry in entries {
        let entry = entry.map_err(|error| LoadError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let path = entry.path();
        let name = shown_name(&entry.file_name());
        if is_ignored(&name) {
            continue;
        }
        listing.names.push(name);
        if path.extension().is_none_or(|e| e != "toml") {
            // Not read, so a link to nothing is no reason to stop: it is
            // reported like any other entry that is not a sub-processor.
            let folder = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            listing.skipped.push(Skipped { path, folder });
            continue;
        }
        // The entry's type comes with the listing on most file systems; only
        // a symbolic link (or an unknown type) costs a stat of its target.
        let kind = match entry.file_type() {
            Ok(kind) if !kind.is_symlink() => kind,
            _ => std::fs::metadata(&path)
                .map_err(|error| LoadError::Io {
                    path: path.clone(),
                    error,
                })?
                .file_type(),
        };
        if !kind.is_file() {
            let kind = if kind.is_dir() {
                "a directory"
            } else {
                "a special file (FIFO, socket or device)"
            };
            return Err(LoadError::NotAFile { path, kind });
        }
        listing.files.push(path);
    }
    // In id (file stem) order, each key taken out once: a path comparison
    // parses both paths' components every time.
    listing
        .files
        .sort_by_cached_key(|path| path.file_stem().map(OsStr::to_owned));
    listing.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(listing)
}

impl Listing {
    /// The fix for every entry whose name is not `<id>.toml` with a valid
    /// id (read files and skipped entries alike), by path: a new name, or
    /// why none is offered. A name is offered only when no entry has it and
    /// no other entry would be offered it too.
    #[must_use]
    pub fn renames(&self, needs: &[&Path]) -> BTreeMap<PathBuf, Rename> {
        let proposed: Vec<(&Path, Option<String>)> = needs
            .iter()
            .map(|path| (*path, path.file_name().and_then(proposed_name)))
            .collect();
        proposed
            .iter()
            .map(|(path, name)| {
                let rename = match name {
                    None => Rename::NoName,
                    Some(name) if self.names.iter().any(|n| n == name) => {
                        Rename::Taken(name.clone())
                    }
                    Some(name)
                        if proposed
                            .iter()
                            .filter(|(_, other)| other.as_ref() == Some(name))
                            .count()
                            > 1 =>
                    {
                        Rename::Shared(name.clone())
                    }
                    Some(name) => Rename::To(name.clone()),
                };
                (path.to_path_buf(), rename)
            })
            .collect()
    }
}

/// How to fix a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rename {
    /// Rename the file to this name.
    To(String),
    /// The name the id would be is another entry's already.
    Taken(String),
    /// Two or more entries would be offered this name.
    Shared(String),
    /// No id can be made of the name.
    NoName,
}

impl Rename {
    /// The note that says what to do.
    #[must_use]
    pub fn note(&self) -> String {
        match self {
            Self::To(name) => format!("rename the file to {name}"),
            Self::Taken(name) => format!(
                "{name} exists already: if both describe the same sub-processor merge them, \
                 else rename this one to another id of lower-case letters, digits and '-'"
            ),
            Self::Shared(name) => format!(
                "more than one file here would become {name}: give each its own id of \
                 lower-case letters, digits and '-'"
            ),
            Self::NoName => "rename the file to <id>.toml, the id of lower-case letters, digits \
                             and '-' (e.g. the vendor's name: aws.toml)"
                .to_owned(),
        }
    }
}

/// Whether `id` is a valid sub-processor id: lower-case ASCII letters and
/// digits, in words joined by single `-` (`[a-z0-9]+(-[a-z0-9]+)*`), so
/// `--`, `-aws` and `aws-` are no ids.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A file or folder name as shown to users: bytes that are not UTF-8 as
/// `\xFF` (so two names that differ only there are told apart), the rest
/// as it is (printers escape control characters).
#[must_use]
pub fn shown_name(name: &OsStr) -> String {
    let mut shown = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    shown
}

/// `<id>.toml` for an entry that looks meant as a sub-processor file
/// (`AWS.TOML`, `aws.toml `, `aws.toml.bak`, `aws.tml`, `A.B.toml`), its id
/// made of the name's letters and digits; `None` when the name has no
/// letter or digit, or does not look like TOML at all (`notes.md`).
fn proposed_name(name: &OsStr) -> Option<String> {
    let lower = shown_name(name).trim().to_lowercase();
    // `café.toml` is not offered as `caf.toml`: a letter outside ASCII has
    // no id spelling subreg could guess, so the writer chooses one.
    if lower.chars().any(|c| c.is_alphanumeric() && !c.is_ascii()) {
        return None;
    }
    let stem = match lower.find(".toml") {
        Some(at) => &lower[..at],
        None => {
            let (stem, extension) = lower.rsplit_once('.')?;
            if strsim::damerau_levenshtein(extension, "toml") > 2 {
                return None;
            }
            stem
        }
    };
    // Undecodable bytes (`\xFF`) are no letters of the id.
    let mut cleaned = String::new();
    let mut rest = stem;
    while let Some(at) = rest.find("\\x") {
        cleaned.push_str(&rest[..at]);
        cleaned.push('-');
        rest = rest.get(at + 4..).unwrap_or_default();
    }
    cleaned.push_str(rest);
    let mut id = String::new();
    for c in cleaned.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (id.is_empty() || id.ends_with('-'))) {
            id.push(c);
        }
    }
    let id = id.trim_end_matches('-');
    (!id.is_empty()).then(|| format!("{id}.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposed(name: &str) -> Option<String> {
        proposed_name(OsStr::new(name))
    }

    #[test]
    fn names_meant_as_toml_get_an_id() {
        assert_eq!(proposed("AWS.TOML").as_deref(), Some("aws.toml"));
        assert_eq!(proposed("aws.toml ").as_deref(), Some("aws.toml"));
        assert_eq!(proposed("aws.toml.bak").as_deref(), Some("aws.toml"));
        assert_eq!(proposed("aws.tml").as_deref(), Some("aws.toml"));
        assert_eq!(proposed("A.B.toml").as_deref(), Some("a-b.toml"));
        assert_eq!(
            proposed("Hetzner_Online.toml").as_deref(),
            Some("hetzner-online.toml")
        );
        assert_eq!(proposed("Café.toml"), None);
        assert_eq!(proposed("--.toml"), None);
        assert_eq!(proposed("a--b.toml").as_deref(), Some("a-b.toml"));
        assert_eq!(proposed("notes.md"), None);
        assert_eq!(proposed("___.toml"), None);
        assert_eq!(proposed("README"), None);
    }

    #[test]
    fn ids_are_words_joined_by_single_dashes() {
        for id in ["aws", "hetzner-online", "a1", "3m"] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in ["", "-", "--", "-aws", "aws-", "a--b", "café", "AWS", "a_b"] {
            assert!(!is_valid_id(id), "{id}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn undecodable_bytes_are_shown_and_are_no_letters() {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"n\xff.toml");
        assert_eq!(shown_name(name), "n\\xFF.toml");
        assert_eq!(proposed_name(name).as_deref(), Some("n.toml"));
    }

    #[test]
    fn a_taken_or_shared_name_is_not_offered() {
        let listing = Listing {
            names: vec!["a-b.toml".to_owned()],
            ..Listing::default()
        };
        let paths = [
            Path::new("s/a.b.toml"),
            Path::new("s/X.toml"),
            Path::new("s/x.TOML"),
        ];
        let renames = listing.renames(&paths);
        assert_eq!(
            renames.values().cloned().collect::<Vec<_>>(),
            [
                Rename::Shared("x.toml".to_owned()),
                Rename::Taken("a-b.toml".to_owned()),
                Rename::Shared("x.toml".to_owned()),
            ]
        );
    }

    #[test]
    fn hidden_entries_and_editor_backups_are_ignored() {
        for name in [".git", ".aws.toml.swp", "aws.toml~", "#aws.toml#"] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["aws.toml.bak", "AWS.TOML", "aws.toml ", "#aws.toml"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
