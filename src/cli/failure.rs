//! Why a command could not do its job (exit code 2): every failure the CLI
//! reports, each worded once in its `#[error]`; `main` prints them.

use std::io;
use std::path::PathBuf;

use subreg::atomic::WriteError;
use subreg::documents::TemplateError;
use subreg::load::{Confinement, display_name};
use subreg::lock::LockError;
use subreg::render::RenderError;
use subreg::session::OpenError;

/// A failure of a command, in the words printed after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The registry could not be opened.
    #[error("{0}")]
    Open(#[from] OpenError),
    /// Templates or documents could not be read, or a template fails.
    #[error("{0}")]
    Template(#[from] TemplateError),
    /// A template fails to compile or render; one given by path is named
    /// by that path.
    #[error("{}", render_text(.error, .path.as_ref()))]
    Render {
        /// What went wrong.
        error: Box<RenderError>,
        /// The template file given with `--template PATH`, if it was.
        path: Option<PathBuf>,
    },
    /// A folder that comes with the repository leads outside it.
    #[error("{}; {}", .reason.message(&display_name(.path)), .reason.fix())]
    Outside {
        /// The folder or file as named.
        path: PathBuf,
        /// Why it is refused.
        reason: Confinement,
    },
    /// `--template` written as a path (it holds a `/`) to a file that is
    /// not a `.hbs` template.
    #[error(
        "--template {} is written as a path but does not end in `.hbs`; give a template name \
         from the templates folder (`subprocessors.md`) or the path of a `.hbs` file \
         (`./mine.md.hbs`)",
        subreg::diag::visible::shown_path(.path)
    )]
    TemplatePathNotHbs {
        /// The value as given.
        path: PathBuf,
    },
    /// A revision of `subreg diff` could not be read.
    #[error("{0}")]
    Revision(#[from] subreg::revision::RevisionError),
    /// The rule named on the command line does not exist.
    #[error("{0}")]
    UnknownRule(String),
    /// registry.toml itself has errors.
    #[error("registry.toml has errors; run `subreg check` and fix them first")]
    ConfigInvalid,
    /// The registry has errors, so nothing is rendered from it.
    #[error(
        "the registry has errors; run `subreg check --registry {}` and fix them first",
        subreg::diag::visible::shown_path(.registry)
    )]
    RegistryInvalid {
        /// The registry folder as given.
        registry: PathBuf,
    },
    /// The customer notice would announce an addition that fails `check`.
    #[error(
        "no notice is written: a change it would announce has errors: {}; run `subreg \
         check --registry {}` and fix them first",
        subreg::diag::visible::visible_one_line(&.findings.join("; ")),
        subreg::diag::visible::shown_path(.registry)
    )]
    NoticeBlocked {
        /// The registry folder as given.
        registry: PathBuf,
        /// Each error of the additions: message and rule.
        findings: Vec<String>,
    },
    /// A sub-processor file of the base does not load, so the notice
    /// could not say its change.
    #[error(
        "no notice is written: the base's {} does not load, so what changes for it cannot be \
         said; fix it at the base or compare with another base",
        subreg::diag::visible::visible_one_line(.id)
    )]
    NoticeBaseBroken {
        /// The id of the file (or `registry.toml`).
        id: String,
    },
    /// A document of registry.toml was refused when the registry loaded.
    #[error("a document of registry.toml lies outside the repository; run `subreg check`")]
    DocumentOutside,
    /// Nothing to inject into.
    #[error("no documents: list them under [[documents]] in registry.toml or pass FILE")]
    NoDocuments,
    /// A document's folder could not be locked.
    #[error("{0}; no document was changed")]
    Lock(#[from] LockError),
    /// A document changed between reading and writing.
    #[error(
        "cannot write {label}: it changed after subreg read it (another program \
         or person edited it); it was not overwritten, run subreg again"
    )]
    DocumentChanged {
        /// The document as shown.
        label: String,
    },
    /// A document is read-only.
    #[error(
        "cannot write {label}: it is read-only; make it writable (chmod u+w) to \
         let subreg update it; the file is unchanged"
    )]
    DocumentReadOnly {
        /// The document as shown.
        label: String,
    },
    /// A document could not be written.
    #[error("cannot write {label}: {source}; the file is unchanged")]
    DocumentNotWritten {
        /// The document as shown.
        label: String,
        /// Why.
        source: WriteError,
    },
    /// The working folder cannot be resolved.
    #[error("cannot resolve the working folder: {0}")]
    WorkingFolder(#[source] io::Error),
    /// A file could not be read.
    #[error("cannot read {}: {source}", display_name(.path))]
    CannotRead {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// A folder could not be created.
    #[error("cannot create {}: {source}", subreg::diag::visible::shown_path(.dir))]
    CannotCreate {
        /// The folder.
        dir: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// `import` cannot read a list; the text names it and says why.
    #[error("{0}")]
    Import(String),
    /// `init` cannot set up the folder; the text says why and what to do.
    #[error("{0}")]
    Init(String),
    /// `init` was pointed at a file.
    #[error(
        "{} is a file, not a folder; give `subreg init` a folder (it is created if missing)",
        subreg::diag::visible::shown_path(.0)
    )]
    InitNotAFolder(PathBuf),
    /// `init` would overwrite files; nothing was written.
    #[error(
        "{} already exist{}; subreg init overwrites nothing, so nothing was written: {}",
        .paths.join(", "),
        if .paths.len() == 1 { "s" } else { "" },
        init_fix(.paths, .parts)
    )]
    InitWouldOverwrite {
        /// The files that exist, as shown.
        paths: Vec<String>,
        /// The parts of the set-up (`--without` words) those files belong to.
        parts: Vec<&'static str>,
    },
    /// `init` without a terminal to ask on, and flags left out.
    #[error(
        "subreg init needs {} (it asks only on a terminal); nothing was written",
        .0.join(", ")
    )]
    InitMissing(Vec<&'static str>),
    /// A file could not be written.
    #[error("cannot write {}: {source}", display_name(.path))]
    CannotWrite {
        /// The file.
        path: PathBuf,
        /// Why.
        source: WriteError,
    },
}

impl Failure {
    /// A template that fails; `path` when it was given by path.
    pub fn render(error: RenderError, path: Option<PathBuf>) -> Self {
        Self::Render {
            error: Box::new(error),
            path,
        }
    }

    /// A path refused for lying outside the repository.
    pub fn outside(path: &std::path::Path, reason: Confinement) -> Self {
        Self::Outside {
            path: path.to_path_buf(),
            reason,
        }
    }
}

/// A template's error names it as `FOLDER/NAME.hbs`; one given by path
/// is named by that path instead.
fn render_text(error: &RenderError, path: Option<&PathBuf>) -> String {
    let text = error.to_string();
    let prefix = error.file();
    match (path, text.strip_prefix(&prefix)) {
        (Some(path), Some(rest)) => format!("{}{rest}", display_name(path)),
        _ => text,
    }
}

/// What to do when `init` would overwrite: leave out the parts a
/// repository has already, or set up another folder.
fn init_fix(paths: &[String], parts: &[&str]) -> String {
    if !parts.is_empty() && parts.len() == paths.len() {
        let flags: Vec<String> = parts.iter().map(|p| format!("--without {p}")).collect();
        let import = if parts.contains(&"policy") {
            format!(
                "; then `subreg import {} --template subprocessors-published` reads the list it \
                 publishes",
                subreg::scaffold::POLICY
            )
        } else {
            String::new()
        };
        format!("keep yours and pass {}{import}", flags.join(" "))
    } else {
        format!(
            "set up another folder, or move {} away",
            if paths.len() == 1 { "it" } else { "them" }
        )
    }
}
