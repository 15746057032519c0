//! Why templates or documents could not be used (exit code 2): each
//! failure and its words, in one place.

use std::path::PathBuf;

use crate::limits::{MAX_DOCUMENT_BYTES, human_size};
use crate::load::display_name;
use crate::render::RenderError;

/// Why templates could not be used (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The folder or a file in it could not be read.
    #[error("cannot read templates in {}: {error}", display_name(.path))]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        error: std::io::Error,
    },
    /// A template file could not be read, or is not UTF-8.
    #[error("cannot read template {}: {error}", crate::diag::visible::shown_path(.path))]
    Template {
        /// The file, as named.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        error: std::io::Error,
    },
    /// A document or template is larger than
    /// [`crate::limits::MAX_DOCUMENT_BYTES`].
    #[error(
        "cannot read {}: the file is {}, more than the {} subreg reads in a document or \
         template",
        display_name(.path),
        human_size(*.size),
        human_size(MAX_DOCUMENT_BYTES)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// A file in the templates folder is a symbolic link to a file outside
    /// it. A pull request could otherwise add a link to any file on the CI
    /// machine and have its content printed as a diff in the CI log.
    #[error(
        "{} leads outside the templates folder; subreg reads only templates inside it \
         (a template elsewhere can be given explicitly: `subreg render --template PATH`)",
        display_name(.path)
    )]
    Outside {
        /// The link in the templates folder (where it leads is never shown:
        /// a link to `/dev/fd/0` would disclose a path of the CI machine).
        path: PathBuf,
    },
    /// A file in the templates folder that reads as a template but is not
    /// one subreg loads (`x.md.HBS`, `x.md.handlebars`, `x.md.hbs ` with a
    /// blank, `subprocessors.md` without `.hbs`): skipped in silence, the
    /// built-in template of its name would be published instead.
    #[error(
        "{} is not read: a template file is named NAME.hbs (lower case, no blanks); rename \
         it to `{meant}`",
        display_name(.path)
    )]
    NotATemplateName {
        /// The file.
        path: PathBuf,
        /// The name it is likely meant as.
        meant: String,
    },
    /// A template, or a document named on the command line, is a FIFO, a
    /// socket, a device or a folder: reading it could block forever or
    /// never end.
    #[error(
        "{} is not a regular file (it is {kind}); subreg reads templates and documents \
         only from regular files",
        display_name(.path)
    )]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is instead.
        kind: SpecialKind,
    },
    /// A template does not compile or does not render.
    #[error("{0}")]
    Render(Box<RenderError>),
    /// A document listed in registry.toml or named on the command line
    /// cannot be read.
    #[error(
        "cannot read document {}: {error}; check the path under [[documents]] in registry.toml",
        display_name(.path)
    )]
    Document {
        /// The document.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        error: std::io::Error,
    },
    /// A region of a document names a template that fails.
    #[error("{document}:{line}: the region's template fails: {error}")]
    Region {
        /// The document.
        document: String,
        /// The 1-based line of the region's begin marker.
        line: usize,
        /// What went wrong.
        error: Box<RenderError>,
    },
}

/// What a path that is no regular file is, after following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A named pipe.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A character or block device.
    Device,
    /// A directory.
    Folder,
}

impl std::fmt::Display for SpecialKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Fifo => "a FIFO (named pipe)",
            Self::Socket => "a socket",
            Self::Device => "a device",
            Self::Folder => "a folder",
        })
    }
}
