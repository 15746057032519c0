//! Why a registry could not be loaded at all (exit code 2): each failure
//! and its words, in one place.

use std::path::PathBuf;

use super::{Confinement, display_name};
use crate::limits::{MAX_REGISTRY_FILE_BYTES, human_size};

/// Why a registry could not be loaded at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The registry path does not exist.
    #[error(
        "there is no registry folder `{}`; set one up with `subreg init`, or pass --registry DIR \
         (the folder that holds registry.toml)",
        crate::diag::visible::shown_path(.0)
    )]
    NoRegistry(PathBuf),
    /// The registry path is not a directory.
    #[error(
        "{} is not a registry directory; pass --registry DIR, the folder that holds \
         registry.toml (`subreg init` sets one up)",
        crate::diag::visible::shown_path(.0)
    )]
    NotADirectory(PathBuf),
    /// The directory has no `registry.toml`.
    #[error(
        "{} has no registry.toml; set one up with `subreg init` (README.md, \"The registry\") \
         or pass --registry DIR",
        crate::diag::visible::shown_path(.0)
    )]
    MissingConfig(PathBuf),
    /// The directory has no `subprocessors/` folder (an empty one is a
    /// registry without sub-processors).
    #[error(
        "{} has no subprocessors/ folder, so no sub-processor would be checked or \
         published; {}",
        display_name(.dir),
        match .near {
            Some(near) => format!("rename `{near}` to subprocessors"),
            None => "create it (an empty folder for a registry without sub-processors)".to_owned(),
        }
    )]
    NoSubprocessors {
        /// The registry directory.
        dir: PathBuf,
        /// The name of an entry that looks meant as `subprocessors/`.
        near: Option<String>,
    },
    /// A file is larger than [`MAX_REGISTRY_FILE_BYTES`].
    #[error(
        "{} is {}, more than the {} subreg reads in a registry file (a sub-processor \
         file is normally under 4 KiB); move it out of the registry folder",
        display_name(.path),
        human_size(*.size),
        human_size(MAX_REGISTRY_FILE_BYTES)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// A `*.toml` entry of `subprocessors/` is not a regular file: a
    /// directory, a FIFO, a device (after following links).
    #[error(
        "{} is {kind}, not a file: every *.toml in subprocessors/ is read as a \
         sub-processor; move it out of the folder or rename it",
        display_name(.path)
    )]
    NotAFile {
        /// The entry.
        path: PathBuf,
        /// What it is instead, e.g. `a directory`.
        kind: &'static str,
    },
    /// A registry file, or the `subprocessors/` folder, leads outside the
    /// repository through a link, or cannot be resolved. Its content is
    /// never read: a link to `/proc/self/environ` would print the CI
    /// machine's secrets as TOML errors.
    #[error("{}; {}", .reason.message(&display_name(.path)), .reason.fix())]
    Outside {
        /// The path as listed.
        path: PathBuf,
        /// Why it is refused.
        reason: Confinement,
    },
    /// A file or directory could not be read (a link to nothing included).
    #[error("cannot read {}: {error}", display_name(.path))]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        error: std::io::Error,
    },
}
