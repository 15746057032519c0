//! `subreg import`: published lists into registry files, never over an
//! existing file, with a review report of every assumed or lossy step.

use std::path::{Path, PathBuf};

use clap::Args;
use subreg::import::{self, Format, Target};
use subreg::session::Session;

use super::{Exit, Failure, out, parse_date};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Published lists: Markdown or MDX (tables, bullet lists), reStructuredText, HTML, CSV, JSON or YAML.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// The registry to import into (made by `subreg init`).
    #[arg(long, value_name = "DIR", default_value = "registry")]
    registry: PathBuf,
    /// The day judged (areas, adequacy), and `added` when a list has no
    /// date (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<subreg::model::Date>,
    /// Only the rows whose column holds a value, as COLUMN=VALUE (repeatable):
    /// one organisation's rows of a list that holds several, e.g. `Company=Cursor`.
    #[arg(long = "where", value_name = "COLUMN=VALUE", value_parser = parse_where)]
    only: Vec<(String, String)>,
    /// Also write `templates/NAME.md.hbs`, a template that renders the list
    /// again (its first table's columns, one table per section), to put
    /// between markers in place of the published list.
    #[arg(long, value_name = "NAME", value_parser = parse_template_name)]
    template: Option<String>,
    /// Print the files that would be written, and the review, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &ImportArgs) -> Exit {
    match import_all(args) {
        Ok(clean) if clean => Exit::Clean,
        Ok(_) => Exit::Findings,
        Err(failure) => Exit::Failed(failure),
    }
}

/// Imports every file; `Ok(true)` when nothing needs review.
fn import_all(args: &ImportArgs) -> Result<bool, Failure> {
    let session = Session::open(&args.registry)?;
    let Some(config) = &session.registry.config else {
        return Err(Failure::ConfigInvalid);
    };
    let as_of = args.as_of.unwrap_or_else(super::today);
    let folder = args.registry.join("subprocessors");
    // Every list is read before any file is written: an unreadable one
    // leaves the registry as it was.
    let mut lists = Vec::new();
    for file in &args.files {
        let shown = subreg::diag::visible::shown_path(file);
        let format = format_of(file)?;
        // A FIFO or a device would block or never end: refused, as a list
        // is a file; so is one larger than a document may be.
        if let Some(kind) = subreg::documents::special_kind(file) {
            return Err(Failure::Import(format!(
                "{shown}: is {}, not a file; nothing was written",
                kind
            )));
        }
        let bytes = subreg::limits::read_bounded(file, subreg::limits::MAX_DOCUMENT_BYTES).map_err(|e| match e {
            subreg::limits::ReadError::Io(source) => Failure::CannotRead {
                path: file.clone(),
                source,
            },
            subreg::limits::ReadError::TooLarge { size, .. } => Failure::Import(format!(
                "{shown}: is {}, more than the {} subreg reads in a list; split it; nothing was written",
                subreg::limits::human_size(size),
                subreg::limits::human_size(subreg::limits::MAX_DOCUMENT_BYTES)
            )),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Failure::Import(format!(
                "{shown}: not UTF-8 text (byte {}); save it as UTF-8 and import again",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let target = Target {
            source: shown.clone(),
            regimes: config.value.regimes.clone(),
            role: config.value.organization.role,
            as_of,
            knowledge: &session.knowledge,
            only: args.only.clone(),
        };
        let imported = import::import(text.trim_start_matches('\u{feff}'), format, &target)
            .map_err(|e| Failure::Import(format!("{shown}: {e}; nothing was written")))?;
        // The text as read: line numbers and the round trip without a BOM,
        // which stays before any marker.
        lists.push((
            shown,
            imported,
            text.trim_start_matches('\u{feff}').to_owned(),
        ));
    }

    let mut report = String::new();
    let mut clean = true;
    // The files this run created: removed again if a later one fails, so
    // a run writes all its lists or nothing.
    let mut created: Vec<PathBuf> = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for (shown, imported, _) in &lists {
        let mut review: Vec<(usize, String)> = imported
            .review
            .iter()
            .map(|r| (r.line, r.message.clone()))
            .collect();
        let mut written = 0;
        for entity in &imported.entities {
            let path = folder.join(format!("{}.toml", entity.id));
            let text = format!(
                "#:schema ../../schemas/subprocessor.schema.json\n{}",
                entity.text
            );
            if !taken.insert(entity.id.clone()) {
                review.push((
                    entity.line,
                    format!(
                        "{} was not written: an entity of an earlier list of this run has the id `{}`; \
                         import the lists one at a time, or rename one file",
                        entity.name, entity.id
                    ),
                ));
                continue;
            }
            if std::fs::symlink_metadata(&path).is_ok() {
                review.push((
                    entity.line,
                    format!(
                        "{} was not written: {} exists (subreg import overwrites nothing)",
                        entity.name,
                        subreg::diag::visible::shown_path(&path)
                    ),
                ));
                continue;
            }
            if args.dry_run {
                report.push_str(&format!(
                    "would create {}\n",
                    subreg::diag::visible::shown_path(&path)
                ));
                written += 1;
                continue;
            }
            match subreg::atomic::create_new(&path, text.as_bytes()) {
                Ok(()) => {
                    report.push_str(&format!(
                        "created {}\n",
                        subreg::diag::visible::shown_path(&path)
                    ));
                    created.push(path.clone());
                    written += 1;
                }
                Err(subreg::atomic::CreateError::Exists(_)) => review.push((
                    entity.line,
                    format!(
                        "{} was not written: the file appeared meanwhile",
                        entity.name
                    ),
                )),
                Err(subreg::atomic::CreateError::Io(source)) => {
                    for done in &created {
                        let _ = std::fs::remove_file(done);
                    }
                    return Err(Failure::Import(format!(
                        "cannot write {}: {source}; the {} files this run had created were removed, \
                         nothing was written",
                        subreg::diag::visible::shown_path(&path),
                        created.len()
                    )));
                }
            }
        }
        review.sort_by_key(|(line, _)| *line);
        report.push_str(&format!(
            "{shown}: {} {} from {} {}{}; {} to review\n",
            written,
            if written == 1 {
                "sub-processor"
            } else {
                "sub-processors"
            },
            imported.rows,
            if imported.rows == 1 { "row" } else { "rows" },
            imported
                .date
                .map(|(_, d)| format!(" (list dated {d})"))
                .unwrap_or_default(),
            review.len()
        ));
        for (line, message) in &review {
            let at = if *line == 0 {
                shown.clone()
            } else {
                format!("{shown}:{line}")
            };
            let message =
                subreg::diag::visible::visible_one_line(&message.replace(['\n', '\r'], " "))
                    .into_owned();
            report.push_str(&format!("  {at}: {message}\n"));
        }
        clean &= review.is_empty();
    }
    if let Some(name) = &args.template {
        match write_template(args, name, &lists, &config.value.documents, &mut report) {
            Ok(written) => clean &= written,
            Err(failure) => {
                // All or nothing: the registry files of this run go too.
                for done in &created {
                    let _ = std::fs::remove_file(done);
                }
                return Err(failure);
            }
        }
    }
    if !clean {
        report.push_str(
            "\nThen run `subreg check`: it reports every value marked \"to confirm\" in `assumed`, \
             and every transfer without a mechanism.\n",
        );
    }
    out(&subreg::diag::visible::visible(&report));
    Ok(clean)
}

fn format_of(file: &Path) -> Result<Format, Failure> {
    let name = file.to_string_lossy();
    Format::of(&name).ok_or_else(|| {
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let why = match extension.as_str() {
            "adoc" | "txt" | "pdf" | "docx" => format!(
                "subreg import does not read .{extension} files yet; save the list as Markdown, \
                 reStructuredText, HTML, CSV, JSON or YAML"
            ),
            _ => "name the file by its format: .md, .mdx, .rst, .html, .csv, .json, .yaml or .yml"
                .to_owned(),
        };
        Failure::Import(format!(
            "{}: {why}; nothing was written",
            subreg::diag::visible::shown_path(file)
        ))
    })
}

fn parse_where(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((column, value)) if !column.trim().is_empty() => {
            Ok((column.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err("give COLUMN=VALUE, e.g. `Company=Cursor`".to_owned()),
    }
}

/// Writes the first list's template as `templates/NAME.md.hbs` beside the
/// registry, after checking that it compiles against the context's shape;
/// `Ok(false)` when it was not written (the file exists, or no table names
/// the sub-processors).
fn write_template(
    args: &ImportArgs,
    name: &str,
    lists: &[(String, import::Imported, String)],
    documents: &[subreg::model::DocumentRef],
    report: &mut String,
) -> Result<bool, Failure> {
    let Some((shown, imported, published)) = lists.first() else {
        return Ok(true);
    };
    let Some(template) = &imported.template else {
        report.push_str(&format!(
            "  {shown}: no template written: no table names the sub-processors\n"
        ));
        return Ok(false);
    };
    let text = &template.text;
    let file = format!("{name}.md.hbs");
    let templates = subreg::render::Templates::new([(file.clone(), text.clone())])
        .map_err(|e| Failure::render(e, None))?;
    templates
        .check(&format!("{name}.md"), &subreg::documents::prototype())
        .map_err(|e| Failure::render(e, None))?;
    let folder = args
        .registry
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"));
    let path = folder.join(&file);
    let shown_path = subreg::diag::visible::shown_path(&path);
    if args.dry_run {
        report.push_str(&format!("would create {shown_path}\n"));
        if let Some((first, last)) = template.lines {
            report.push_str(&format!(
                "  {shown}: its markers would go before line {first} and after line {last}; \
                 what it renders otherwise is listed when the files are written\n"
            ));
        }
        return Ok(true);
    }
    std::fs::create_dir_all(&folder).map_err(|source| Failure::CannotCreate {
        dir: folder.clone(),
        source,
    })?;
    match subreg::atomic::create_new(&path, text.as_bytes()) {
        Ok(()) => {
            // The markers in the list's own comment syntax (an .mdx or .rst list).
            let syntax = subreg::inject::Syntax::of_name(&shown.to_string());
            let Some(lines) = template.lines else {
                report.push_str(&syntax.translate(&format!(
                    "created {shown_path}: put `<!-- subreg:begin template={name}.md -->` and \
                     `<!-- subreg:end -->` around the published list, then `subreg inject`\n"
                )));
                return Ok(true);
            };
            report.push_str(&syntax.translate(&format!(
                "created {shown_path}: put `<!-- subreg:begin template={name}.md -->` before line \
                 {} and `<!-- subreg:end -->` after line {} of {shown}, then `subreg inject`\n",
                lines.0, lines.1
            )));
            if let Some(hint) = unlisted(args, documents) {
                report.push_str(&format!("  {shown}: {hint}\n"));
            }
            for (a, b) in &template.inside {
                report.push_str(&format!(
                    "  {shown}:{a}: lines {a}-{b} hold a table that names no sub-processors, \
                     between the list's tables: move it above line {} or below line {} before \
                     putting the markers, or `subreg inject` replaces it\n",
                    lines.0, lines.1
                ));
            }
            let review = match round_trip(args, &templates, &format!("{name}.md"), published, lines)
            {
                Ok(review) => review,
                Err(failure) => {
                    let _ = std::fs::remove_file(&path);
                    return Err(failure);
                }
            };
            if review.is_empty() {
                report.push_str(&format!(
                    "  {shown}:{}-{}: the template renders these lines exactly as published\n",
                    lines.0, lines.1
                ));
                return Ok(true);
            }
            report.push_str(&format!(
                "  {shown}: the template renders lines {}-{} otherwise, as `subreg inject --check` \
                 will show:\n",
                lines.0, lines.1
            ));
            for item in &review {
                let message = subreg::diag::visible::visible_one_line(&item.message).into_owned();
                report.push_str(&format!("  {shown}:{}: {message}\n", item.line));
            }
            Ok(false)
        }
        Err(subreg::atomic::CreateError::Exists(_)) => {
            report.push_str(&format!(
                "  {shown_path} was not written: it exists (subreg import overwrites nothing)\n"
            ));
            Ok(false)
        }
        Err(subreg::atomic::CreateError::Io(source)) => Err(Failure::CannotWrite {
            path,
            source: source.into(),
        }),
    }
}

/// What the written template renders, for the registry as it now is,
/// against `lines` of the published list: the changes `inject --check`
/// will show once the template stands between markers there.
fn round_trip(
    args: &ImportArgs,
    templates: &subreg::render::Templates,
    name: &str,
    published: &str,
    lines: (usize, usize),
) -> Result<Vec<import::Review>, Failure> {
    let session = Session::open(&args.registry)?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    let context = subreg::documents::context(&session.registry, &session.knowledge, as_of);
    let rendered = templates
        .render(name, &context)
        .map_err(|e| Failure::render(e, None))?;
    Ok(import::differences(published, lines, &rendered))
}

/// How to list the imported document in registry.toml, when it is not
/// among `documents` (registry.toml's): `check` and `inject` keep only
/// listed documents in sync.
fn unlisted(args: &ImportArgs, documents: &[subreg::model::DocumentRef]) -> Option<String> {
    let file = std::fs::canonicalize(args.files.first()?).ok()?;
    let registry = std::fs::canonicalize(&args.registry).ok()?;
    let listed = documents
        .iter()
        .any(|d| std::fs::canonicalize(registry.join(&d.path)).is_ok_and(|p| p == file));
    if listed {
        return None;
    }
    // A listed document must lie in the repository: the folder that
    // holds the registry folder.
    if !registry.parent().is_some_and(|root| file.starts_with(root)) {
        return Some(
            "it is outside the repository (the folder that holds the registry folder): copy it \
             in, then list it under `[[documents]]` in registry.toml, so that `subreg check` and \
             `subreg inject` keep it in sync"
                .to_owned(),
        );
    }
    // The path from the registry folder, as registry.toml names documents.
    let common = registry
        .components()
        .zip(file.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in registry.components().skip(common) {
        relative.push("..");
    }
    relative.extend(file.components().skip(common));
    let relative = relative.to_string_lossy().replace('\\', "/");
    Some(format!(
        "it is no document of the registry yet: add `[[documents]]` with `path = \"{}\"` to \
         registry.toml, so that `subreg check` and `subreg inject` keep it in sync",
        relative.replace('"', "\\\"")
    ))
}

fn parse_template_name(text: &str) -> Result<String, String> {
    let name = text.trim_end_matches(".hbs").trim_end_matches(".md");
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || name.starts_with('.')
    {
        return Err(
            "give a template name of letters, digits, `-`, `_` and `.`, e.g. `subprocessors-list`"
                .to_owned(),
        );
    }
    Ok(name.to_owned())
}
