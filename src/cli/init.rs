//! `subreg init`: set up a registry in a folder, with everything a
//! repository needs around it, without overwriting anything.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use clap::Args;
use subreg::diag::{Files, Severity};
use subreg::knowledge::Knowledge;
use subreg::model::{Date, Regime, Role};
use subreg::scaffold::{self, NewFile, Part, Setup};
use subreg::schema::Validators;
use subreg::session::Session;

use super::{Exit, Failure, out, parse_date};

/// The tag of the release the new workflow and hooks pin: this version's.
const TAG: &str = concat!("v", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing); default: the working folder.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// The organisation's legal name, exactly as the policy prints it, e.g. "Example GmbH".
    #[arg(long, value_name = "NAME")]
    org: Option<String>,
    /// Its country of establishment, ISO 3166-1 alpha-2, e.g. DE.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Whether it is the controller of the data its sub-processors receive,
    /// or a processor acting for its customers.
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    role: Option<Role>,
    /// The regimes whose transfer rules apply, comma-separated (eu-gdpr,
    /// uk-gdpr, ch-fadp, my-pdpa); default: those of the country of
    /// establishment.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_regime)]
    regimes: Vec<Regime>,
    /// Leave a part out, for a repository that has its own (repeatable:
    /// policy, workflow, pre-commit).
    #[arg(long, value_name = "PART", value_parser = parse_part)]
    without: Vec<Part>,
    /// The day whose law decides the default regimes (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
}

pub fn run(args: &InitArgs) -> Exit {
    match init(args) {
        Ok(written) => {
            let mut text = String::new();
            for file in &written {
                text.push_str(&format!("created {}\n", shown(&args.dir, &file.path)));
            }
            let registry = shown(&args.dir, scaffold::REGISTRY_DIR);
            let cd = if args.dir == Path::new(".") {
                String::new()
            } else {
                format!(
                    "cd {} && ",
                    shell_word(&subreg::diag::visible::shown_path(&args.dir))
                )
            };
            let document = if args.without.contains(&Part::Policy) {
                format!(
                    " List the document that publishes the table under `[[documents]]` in \
                     {registry}/registry.toml (the import says how), then follow the comments \
                     in the workflow and the pre-commit configuration to check it there too."
                )
            } else {
                String::new()
            };
            text.push_str(&format!(
                "\nNext: import the list you publish (`{cd}subreg import LIST.md --template \
                 subprocessors-published`), or add one TOML file per sub-processor to \
                 {registry}/subprocessors/ (the schemas complete them in an editor); then run \
                 `subreg check` and `subreg inject`.{document}\n"
            ));
            out(&text);
            Exit::Clean
        }
        Err(failure) => Exit::Failed(failure),
    }
}

/// Asks what the flags left out, checks that nothing would be overwritten,
/// writes every file to a staging folder, renders the policy's region and
/// checks the result there, then links each file into place.
fn init(args: &InitArgs) -> Result<Vec<NewFile>, Failure> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let mut files = Files::new();
    let validators = Validators::new().map_err(|e| Failure::Init(e.to_string()))?;
    let knowledge = Knowledge::builtin(&mut files, &validators)
        .map_err(|_| Failure::Init("the built-in knowledge base does not load".to_owned()))?;
    let setup = answers(args, &knowledge, as_of)?;
    // Regimes given that leave out the one where the organisation is
    // established: allowed (a registry may judge one regime only), but said.
    let home: Vec<&str> = Regime::ALL
        .into_iter()
        .filter(|r| knowledge.in_area(*r, &setup.country, as_of) && !setup.regimes.contains(r))
        .map(|r| r.id())
        .collect();
    if !home.is_empty() {
        super::err(&format!(
            "warning: --regimes leaves out {}, the law of {} where the organisation is \
             established on {as_of}; its transfers are judged only under {}\n",
            home.join(", "),
            setup.country,
            setup
                .regimes
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let new = scaffold::files(&setup, env!("CARGO_PKG_REPOSITORY"), TAG, &args.without);

    match std::fs::symlink_metadata(&args.dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Failure::Init(format!(
                "{} is a link; give `subreg init` the folder itself, so that every file it writes \
                 lies inside it; nothing was written",
                subreg::diag::visible::shown_path(&args.dir)
            )));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(Failure::InitNotAFolder(args.dir.clone()));
        }
        _ => {}
    }
    // A folder on the way to a file that is a link (`.github -> ../x`) or
    // a file would put it outside DIR or fail half-way: refused first.
    for file in &new {
        let mut at = args.dir.clone();
        let parts: Vec<&str> = file.path.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(Failure::Init(format!(
                        "{} is a link: subreg init writes only inside {}; replace it by a folder or \
                         set up another folder; nothing was written",
                        subreg::diag::visible::shown_path(&at),
                        subreg::diag::visible::shown_path(&args.dir)
                    )));
                }
                Ok(meta) if !meta.is_dir() => {
                    return Err(Failure::Init(format!(
                        "{} is a file, and {} needs a folder there; move it away or set up another \
                         folder; nothing was written",
                        subreg::diag::visible::shown_path(&at),
                        file.path
                    )));
                }
                _ => {}
            }
        }
    }
    // A registry folder that exists holds a registry already (or the start
    // of one): its files would be judged with the new ones unseen.
    let registry = args.dir.join(scaffold::REGISTRY_DIR);
    if std::fs::symlink_metadata(&registry).is_ok() {
        return Err(Failure::Init(format!(
            "{} exists: a registry is set up there already; run `subreg check`, or set up another \
             folder; nothing was written",
            shown(&args.dir, scaffold::REGISTRY_DIR)
        )));
    }
    let taken: Vec<&NewFile> = new
        .iter()
        .filter(|f| std::fs::symlink_metadata(args.dir.join(&f.path)).is_ok())
        .collect();
    if !taken.is_empty() {
        return Err(Failure::InitWouldOverwrite {
            paths: taken.iter().map(|f| shown(&args.dir, &f.path)).collect(),
            parts: Part::ALL
                .into_iter()
                .filter(|p| taken.iter().any(|f| f.path == p.path()))
                .map(Part::id)
                .collect(),
        });
    }

    // The folders this run creates, outermost first: on failure only they
    // go, and only if empty (another run may have written in them).
    let mut made: Vec<PathBuf> = args
        .dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    made.reverse();
    std::fs::create_dir_all(&args.dir).map_err(|source| Failure::CannotCreate {
        dir: args.dir.clone(),
        source,
    })?;
    let result = stage_and_place(args, new, as_of);
    if result.is_err() {
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

fn stage_and_place(
    args: &InitArgs,
    mut new: Vec<NewFile>,
    as_of: Date,
) -> Result<Vec<NewFile>, Failure> {
    // Staged in the system's temporary folder: the files are placed from
    // memory, so an interrupted run (Ctrl-C) leaves nothing in DIR. Beside
    // DIR only when no temporary folder can be made.
    let staging = tempfile::Builder::new()
        .prefix("subreg-init-")
        .tempdir()
        .or_else(|_| {
            tempfile::Builder::new()
                .prefix(".subreg-init-")
                .tempdir_in(&args.dir)
        })
        .map_err(|source| Failure::CannotCreate {
            dir: args.dir.clone(),
            source,
        })?;
    write_all(staging.path(), &new)?;
    // The repository's own templates, if it has them, render the region.
    let own = args.dir.join("templates");
    let templates = if own.is_dir() {
        own
    } else {
        staging.path().join("templates")
    };
    render_policy(staging.path(), &templates, &mut new, as_of)?;
    self_check(staging.path(), &templates, as_of)?;
    place(&args.dir, &new)?;
    Ok(new)
}

/// Writes every file under `root`, creating folders.
fn write_all(root: &Path, new: &[NewFile]) -> Result<(), Failure> {
    for file in new {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Failure::CannotCreate {
                dir: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, &file.text).map_err(|source| Failure::CannotWrite {
            path: path.clone(),
            source: source.into(),
        })?;
    }
    Ok(())
}

/// Renders the staged policy's region from the staged registry, so that
/// `inject --check` passes on the files as written.
fn render_policy(
    root: &Path,
    templates: &Path,
    new: &mut [NewFile],
    as_of: Date,
) -> Result<(), Failure> {
    let mut session = Session::open(&root.join(scaffold::REGISTRY_DIR))?;
    let templates = subreg::documents::load_templates(templates)?;
    let context = subreg::documents::context(&session.registry, &session.knowledge, as_of);
    let documents = session.registry.documents.clone();
    for document in &documents {
        let outcome =
            subreg::documents::process_listed(document, &templates, &context, &mut session.files)?;
        if let Some(text) = outcome.new {
            std::fs::write(&document.real, &text).map_err(|source| Failure::CannotWrite {
                path: document.real.clone(),
                source: source.into(),
            })?;
            if let Some(file) = new.iter_mut().find(|f| f.path == scaffold::POLICY) {
                file.text = text;
            }
        }
    }
    Ok(())
}

/// `subreg check` on the staged folder: a new registry that fails it is
/// subreg's bug, and is not written.
fn self_check(root: &Path, templates: &Path, as_of: Date) -> Result<(), Failure> {
    let mut session = Session::open(&root.join(scaffold::REGISTRY_DIR))?;
    let found = session.check(templates, as_of, false)?;
    let errors: Vec<String> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Init(format!(
            "the new registry would fail `subreg check` ({}); nothing was written, please \
             report this",
            errors.join("; ")
        )))
    }
}

/// Creates each file in its place, whole or not at all: a file that
/// appeared meanwhile is not overwritten, and on any failure the files
/// placed so far are removed again.
fn place(dir: &Path, new: &[NewFile]) -> Result<(), Failure> {
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    let result = new.iter().try_for_each(|file| {
        let target = dir.join(&file.path);
        let mut missing: Vec<PathBuf> = target
            .ancestors()
            .skip(1)
            .take_while(|a| std::fs::symlink_metadata(a).is_err())
            .map(Path::to_path_buf)
            .collect();
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Failure::CannotCreate {
                dir: parent.to_path_buf(),
                source,
            })?;
        }
        missing.reverse();
        made.extend(missing);
        match subreg::atomic::create_new(&target, file.text.as_bytes()) {
            Ok(()) => {
                placed.push(target);
                Ok(())
            }
            Err(subreg::atomic::CreateError::Exists(_)) => Err(Failure::InitWouldOverwrite {
                paths: vec![shown(dir, &file.path)],
                parts: Vec::new(),
            }),
            Err(subreg::atomic::CreateError::Io(source)) => Err(Failure::CannotWrite {
                path: target,
                source: source.into(),
            }),
        }
    });
    if result.is_err() {
        for path in placed.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

/// The answers: the flags, then on a terminal a question for each one
/// missing; elsewhere a missing answer is an error naming its flag.
fn answers(args: &InitArgs, knowledge: &Knowledge, as_of: Date) -> Result<Setup, Failure> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut missing = Vec::new();
    let organization = match &args.org {
        Some(name) => Some(name.clone()),
        None if interactive => Some(ask_until(
            "Legal name of the organisation (as the policy prints it)",
            |answer| scaffold::check_organization(answer).map(|()| answer.to_owned()),
        )?),
        None => {
            missing.push("--org NAME");
            None
        }
    };
    let country = match &args.country {
        Some(code) => Some(code.clone()),
        None if interactive => Some(ask_until(
            "Country of establishment (ISO 3166-1 alpha-2, e.g. DE)",
            |answer| country_answer(answer).map(|()| answer.to_owned()),
        )?),
        None => {
            missing.push("--country CC");
            None
        }
    };
    let role = match args.role {
        Some(role) => Some(role),
        None if interactive => Some(ask_until(
            "Role for the data your sub-processors receive (controller, or processor for your customers)",
            parse_role,
        )?),
        None => {
            missing.push("--role controller|processor");
            None
        }
    };
    if let Some(given) = &country {
        country_answer(given).map_err(|e| Failure::Init(format!("--country {e}")))?;
    }
    let country = country.map(|c| c.trim().to_ascii_uppercase());
    let mut regimes = args.regimes.clone();
    if regimes.is_empty() {
        let home: Vec<Regime> = country
            .as_deref()
            .map(|code| {
                Regime::ALL
                    .into_iter()
                    .filter(|r| knowledge.in_area(*r, code, as_of))
                    .collect()
            })
            .unwrap_or_default();
        let asked_before = args.org.is_none() || args.country.is_none() || args.role.is_none();
        regimes = if interactive && asked_before {
            let default: Vec<&str> = home.iter().map(|r| r.id()).collect();
            let asked: Vec<Regime> = ask_until(
                &format!(
                    "Regimes whose transfer rules apply, comma-separated (eu-gdpr, uk-gdpr, ch-fadp, my-pdpa){}",
                    if default.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", default.join(","))
                    }
                ),
                |answer| {
                    if answer.is_empty() {
                        return if home.is_empty() {
                            Err(
                                "no regime's area holds the country of establishment, so there \
                                 is no default: name at least one regime"
                                    .to_owned(),
                            )
                        } else {
                            Ok(Vec::new())
                        };
                    }
                    answer
                        .split(',')
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(parse_regime)
                        .collect()
                },
            )?;
            if asked.is_empty() { home } else { asked }
        } else {
            home
        };
        if regimes.is_empty() && country.is_some() {
            missing.push("--regimes LIST (no regime's area holds the country of establishment)");
        }
    }
    if !missing.is_empty() {
        return Err(Failure::InitMissing(missing));
    }
    let organization = organization.unwrap_or_default();
    scaffold::check_organization(&organization).map_err(Failure::Init)?;
    regimes.sort();
    regimes.dedup();
    Ok(Setup {
        organization: organization.trim().to_owned(),
        country: country.unwrap_or_default(),
        role: role.unwrap_or(Role::Controller),
        regimes,
    })
}

/// Asks `question` until `parse` takes the answer, saying why it did not
/// each time; after five answers it takes none, the last reason is the
/// error.
fn ask_until<T>(question: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<T, Failure> {
    const TRIES: usize = 5;
    let mut why = String::new();
    for attempt in 1..=TRIES {
        match parse(&ask(question)?) {
            Ok(value) => return Ok(value),
            Err(e) if attempt < TRIES => super::err(&format!("{e}; try again\n")),
            Err(e) => why = e,
        }
    }
    Err(Failure::Init(format!("{why}; nothing was written")))
}

/// Whether `given` is an ISO 3166-1 alpha-2 code (any case, blanks
/// around it), or else what to give instead.
fn country_answer(given: &str) -> Result<(), String> {
    if subreg::knowledge::is_iso_country(&given.trim().to_ascii_uppercase()) {
        return Ok(());
    }
    let hint = subreg::import::country_code(given)
        .map(|code| format!("; the code of `{}` is {code}", given.trim()))
        .unwrap_or_else(|| "; give two letters, e.g. DE for Germany".to_owned());
    Err(format!(
        "`{}` is not an ISO 3166-1 alpha-2 country code{hint}",
        subreg::diag::visible::visible_name(given)
    ))
}

/// One question on stderr, its answer from stdin.
fn ask(question: &str) -> Result<String, Failure> {
    let _ = write!(std::io::stderr(), "{question}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Init(format!("cannot read the answer: {e}")))?;
    if read == 0 {
        return Err(Failure::Init(
            "no answer (the input ended); give the answers as flags (--org, --country, --role, \
             --regimes); nothing was written"
                .to_owned(),
        ));
    }
    Ok(line.trim().to_owned())
}

/// `path` inside `dir`, as the user would type it.
fn shown(dir: &Path, path: &str) -> String {
    if dir == Path::new(".") {
        path.to_owned()
    } else {
        subreg::diag::visible::shown_path(&dir.join(path))
    }
}

fn parse_role(text: &str) -> Result<Role, String> {
    match text.trim() {
        "controller" => Ok(Role::Controller),
        "processor" => Ok(Role::Processor),
        other => Err(format!(
            "`{other}` is no role; give `controller` (you decide why and how the data is \
             processed) or `processor` (you process it for your customers)"
        )),
    }
}

fn parse_regime(text: &str) -> Result<Regime, String> {
    Regime::ALL
        .into_iter()
        .find(|r| r.id() == text.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = Regime::ALL.iter().map(|r| r.id()).collect();
            format!("`{text}` is no regime; give one of {}", ids.join(", "))
        })
}

fn parse_part(text: &str) -> Result<Part, String> {
    Part::ALL
        .into_iter()
        .find(|p| p.id() == text.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = Part::ALL.iter().map(|p| p.id()).collect();
            format!(
                "`{text}` is no part of the set-up; give one of {}",
                ids.join(", ")
            )
        })
}

/// `text` as one word of a POSIX shell: as it is when it holds only
/// letters, digits and `._/-`, else in single quotes.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
