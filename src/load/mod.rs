//! Reading a registry directory: files into the source map, TOML into
//! spanned trees, schema validation, then the typed model.
//!
//! Every problem of every file is collected before anything stops, so one
//! run reports them all; a file with structural errors is left out of the
//! rules, the others are checked.

mod confine;
mod decode;
mod diags;
mod error;
mod listing;
mod scan;
mod tree;
mod types;
mod values;

pub use listing::{is_ignored, is_valid_id, shown_name};

pub use confine::{Confinement, DocumentPath, Repository};

pub use diags::{
    DateWhereText, DocumentOutside, InvalidId, LoneCrLines, NotRead, NotUtf8, NotWholeNumber,
    RawCharacter, SyntaxProblem, TomlSyntax, TooDeep,
};
pub use error::LoadError;

pub use tree::{LazySpans, SpanIndex, Spans, span_index, to_json};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use serde::de::DeserializeOwned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, FileId, Files, Rule, Span};
use crate::limits::{self, MAX_REGISTRY_FILE_BYTES, MAX_TOML_DEPTH, ReadError};
use crate::model::{RegistryConfig, Subprocessor};
use crate::schema::{SchemaFile, Validators};

/// A registry as loaded: the files that passed the structural checks.
#[derive(Debug)]
pub struct Registry {
    /// The registry directory as given, e.g. `registry`.
    pub dir: PathBuf,
    /// `registry.toml`, when it is structurally valid.
    pub config: Option<Loaded<RegistryConfig>>,
    /// Every structurally valid sub-processor file, sorted by id.
    pub subprocessors: Vec<Loaded<Subprocessor>>,
    /// How many sub-processor files were read, valid or not.
    pub files_read: usize,
    /// The ids of sub-processor files that were read but did not load
    /// (syntax or schema errors), sorted: they exist, so a reference to
    /// one is not said to name nothing.
    pub unloaded: Vec<String>,
    /// The folder that files named by the registry must lie in.
    pub repository: Repository,
    /// The `[[documents]]` of `registry.toml` that lie inside the
    /// repository, in the order listed; the others are findings.
    pub documents: Vec<DocumentPath>,
    /// Every key of `registry.toml`'s `[rules]` table, in file order, when
    /// the file is TOML, whether or not it passes its schema: an unknown
    /// rule name is said in the same run as the file's other errors.
    pub rule_keys: Vec<RuleKey>,
}

/// A key of `registry.toml`'s `[rules]` table and the span of the key.
#[derive(Debug, Clone)]
pub struct RuleKey {
    /// The rule name as written, e.g. `tia-missing`.
    pub name: String,
    /// The key in `registry.toml`.
    pub span: Span,
}

/// A typed value with the file it came from and the spans of its values.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file stem (`aws` for `subprocessors/aws.toml`; `registry` for the config).
    pub id: String,
    /// The file in the source map.
    pub file: FileId,
    /// The typed contents.
    pub value: T,
    /// Spans of every key and value, by JSON Pointer (built on first use).
    pub spans: LazySpans,
}

impl<T> Loaded<T> {
    /// The span of `field`, or of the nearest ancestor that exists (e.g.
    /// the entry that lacks the key): how rules locate their findings.
    #[must_use]
    pub fn span(&self, field: crate::model::Field) -> Span {
        self.span_at(&field.pointer())
    }

    /// The span of the value at the JSON Pointer `pointer`, or of the
    /// nearest ancestor that exists: for pointers that come from outside
    /// the model (a schema validator's path, a template context's value).
    #[must_use]
    pub fn span_at(&self, pointer: &str) -> Span {
        Span {
            file: self.file,
            range: self.spans.value_or_ancestor(pointer),
        }
    }
}

/// Loads the registry in `dir`: `registry.toml` and every
/// `subprocessors/*.toml` (other files are ignored), in file-name order.
///
/// # Errors
/// [`LoadError`] when the directory, its `registry.toml` or a file in it
/// cannot be read; problems inside files are diagnostics instead.
pub fn load_registry(
    dir: &Path,
    files: &mut Files,
    validators: &Validators,
) -> Result<(Registry, Vec<Diagnostic>), LoadError> {
    if std::fs::metadata(dir).is_err() {
        return Err(LoadError::NoRegistry(dir.to_path_buf()));
    }
    if !dir.is_dir() {
        return Err(LoadError::NotADirectory(dir.to_path_buf()));
    }
    let config_path = dir.join("registry.toml");
    let repository = Repository::of(dir).map_err(|error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    match repository.registry_file(&config_path) {
        Ok(true) => {}
        Ok(false) => return Err(LoadError::MissingConfig(dir.to_path_buf())),
        Err(reason) => {
            return Err(LoadError::Outside {
                path: config_path,
                reason,
            });
        }
    }
    let strays = listing::strays(dir)?;
    if std::fs::symlink_metadata(dir.join("subprocessors")).is_err() {
        let near = strays
            .iter()
            .find(|s| s.near.as_deref() == Some("subprocessors/"))
            .and_then(|s| s.path.file_name().map(shown_name));
        return Err(LoadError::NoSubprocessors {
            dir: dir.to_path_buf(),
            near,
        });
    }
    let inside = |path: &Path| {
        repository
            .confine(path)
            .map(drop)
            .map_err(|reason| LoadError::Outside {
                path: path.to_path_buf(),
                reason,
            })
    };
    inside(&config_path)?;
    let mut diagnostics = Vec::new();
    let (config_file, config) = stage::<RegistryConfig>(
        &config_path,
        SchemaFile::Registry,
        validators,
    )?
    .commit("registry", files, &mut diagnostics);
    let rule_keys = rule_keys(files, config_file);
    let documents = match &config {
        Some(c) => confined_documents(&repository, dir, c, &mut diagnostics),
        // registry.toml did not load: its documents' markers are theirs
        // alone, so their paths are read from the TOML (and confined) to
        // check them in the same run.
        None => listed_documents(files, config_file)
            .into_iter()
            .filter_map(|(path, span)| match repository.document(dir, &path) {
                Ok(path) => Some(path),
                Err(refused) => {
                    diagnostics.push(Diagnostic::from(DocumentOutside {
                        path: &path,
                        refused: &refused,
                        span,
                    }));
                    None
                }
            })
            .collect(),
    };

    // Reading and parsing dominate a large registry's check and files are
    // independent: stage them on every core, then join the source map in
    // file-name order so ids, output and errors stay deterministic.
    let folder = dir.join("subprocessors");
    // A link to nothing is no empty folder: it would publish an empty table.
    if std::fs::symlink_metadata(&folder).is_ok() {
        inside(&folder)?;
    }
    let listing = listing::list(&folder)?;
    let paths = &listing.files;
    for path in paths {
        inside(path)?;
    }
    // Collected whole, then the first error in file order: with two
    // unreadable files, the one named must not depend on thread timing.
    let staged: Vec<Result<Staged<Subprocessor>, LoadError>> = paths
        .par_iter()
        .map(|path| stage(path, SchemaFile::Subprocessor, validators))
        .collect();
    let staged: Vec<Staged<Subprocessor>> = staged.into_iter().collect::<Result<_, _>>()?;
    let mut subprocessors = Vec::new();
    let mut unloaded = Vec::new();
    let mut invalid = Vec::new();
    for (path, staged) in paths.iter().zip(staged) {
        let id = path.file_stem().map(shown_name).unwrap_or_default();
        let (file, loaded) = staged.commit(&id, files, &mut diagnostics);
        // Judged whether or not the file loads: a rename is due either way.
        if !is_valid_id(&id) {
            invalid.push((path.as_path(), file));
        }
        match loaded {
            Some(loaded) => subprocessors.push(loaded),
            None => unloaded.push(id),
        }
    }
    let mut needs: Vec<&Path> = invalid.iter().map(|(path, _)| *path).collect();
    needs.extend(listing.skipped.iter().map(|s| s.path.as_path()));
    let renames = listing.renames(&needs);
    let rename = |path: &Path| {
        renames
            .get(path)
            .map_or_else(|| listing::Rename::NoName.note(), listing::Rename::note)
    };
    for (path, file) in invalid {
        diagnostics.push(invalid_id(path, file, rename(path)));
    }
    for skipped in &listing.skipped {
        diagnostics.push(not_read(skipped, files, rename(&skipped.path)));
    }
    for stray in &strays {
        diagnostics.push(stray_entry(stray, files));
    }
    subprocessors.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((
        Registry {
            dir: dir.to_path_buf(),
            config,
            subprocessors,
            files_read: listing.files.len(),
            unloaded,
            repository,
            documents,
            rule_keys,
        },
        diagnostics,
    ))
}

/// The `path` of each `[[documents]]` entry of `file` and the span of its
/// value, read from its TOML alone; none when it is not TOML.
fn listed_documents(files: &Files, file: FileId) -> Vec<(String, Span)> {
    let Ok(table) = DeTable::parse(files.text(file)) else {
        return scanned_documents(files.text(file))
            .into_iter()
            .map(|(path, range)| (path, Span { file, range }))
            .collect();
    };
    let mut found = Vec::new();
    if let Some(toml::de::DeValue::Array(entries)) =
        table.get_ref().get("documents").map(|v| v.get_ref())
    {
        for entry in entries {
            if let toml::de::DeValue::Table(entry) = entry.get_ref()
                && let Some(path) = entry.get("path")
                && let toml::de::DeValue::String(text) = path.get_ref()
            {
                found.push((
                    text.to_string(),
                    Span {
                        file,
                        range: path.span(),
                    },
                ));
            }
        }
    }
    tree::dismantle(table.into_inner());
    found
}

/// For a file that is not TOML (a syntax error elsewhere in it): the paths
/// of its `[[documents]]` tables, read line by line, each line that can be
/// parsed alone as TOML (so escapes, literal strings and quoted keys are
/// read as TOML reads them): `path = ...` under a `[[documents]]` header,
/// or `documents = [{ path = ... }]` at the top. Lines inside a multi-line
/// string are text, never a header. Each path with the byte range of its
/// value (of the line, for an inline array).
fn scanned_documents(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut in_documents = false;
    let mut top_level = true;
    let mut in_string: Option<&str> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        // Multi-line strings: a line that opens one without closing it, up
        // to the line that closes it, is no TOML of its own.
        if let Some(delimiter) = in_string {
            if line.matches(delimiter).count() % 2 == 1 {
                in_string = None;
            }
            continue;
        }
        let trimmed = line.trim();
        let opens = ["\"\"\"", "\'\'\'"]
            .into_iter()
            .find(|d| trimmed.matches(*d).count() % 2 == 1);
        if let Some(delimiter) = opens {
            in_string = Some(delimiter);
            continue;
        }
        if trimmed.starts_with('[') {
            let header: String = trimmed
                .split('#')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            in_documents = header == "[[documents]]";
            top_level = false;
            continue;
        }
        let Ok(parsed) = toml::from_str::<toml::Table>(trimmed) else {
            continue;
        };
        let lead = at + (line.len() - line.trim_start().len());
        if in_documents && let Some(path) = parsed.get("path").and_then(toml::Value::as_str) {
            // The value: after the `=`, up to a comment (a path holding `#`
            // is cut there, which only narrows the caret).
            let eq = trimmed.find('=').map_or(0, |i| i + 1);
            let after = &trimmed[eq..];
            let from = eq + (after.len() - after.trim_start().len());
            let value = trimmed[from..]
                .split(" #")
                .next()
                .unwrap_or_default()
                .trim_end();
            if !path.is_empty() {
                found.push((path.to_owned(), lead + from..lead + from + value.len()));
            }
        } else if top_level
            && let Some(entries) = parsed.get("documents").and_then(toml::Value::as_array)
        {
            for path in entries
                .iter()
                .filter_map(|e| e.get("path").and_then(toml::Value::as_str))
                .filter(|p| !p.is_empty())
            {
                found.push((path.to_owned(), lead..lead + trimmed.len()));
            }
        }
    }
    found
}

/// The keys of the `[rules]` table of `file`, read from its TOML alone;
/// none when it is not TOML or has no such table.
fn rule_keys(files: &Files, file: FileId) -> Vec<RuleKey> {
    let Ok(table) = DeTable::parse(files.text(file)) else {
        return Vec::new();
    };
    let keys = match table.get_ref().get("rules").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::Table(rules)) => rules
            .keys()
            .map(|key| RuleKey {
                name: key.get_ref().to_string(),
                span: Span {
                    file,
                    range: key.span(),
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    // A table nested thousands of levels deep would overflow the stack
    // in the compiler's drop.
    tree::dismantle(table.into_inner());
    keys
}

/// Parses one file's text as `T`, through the same stages as a registry
/// file: decoding, TOML syntax, schema, typed model. Used for files that
/// are not in a registry directory (fixtures, the knowledge base).
///
/// # Errors
/// The diagnostics that kept the file from loading.
pub fn parse_file<T: DeserializeOwned>(
    file: FileId,
    id: &str,
    kind: Option<SchemaFile>,
    files: &Files,
    validators: &Validators,
) -> Result<Loaded<T>, Vec<Diagnostic>> {
    let (value, spans) = parse_text(&files.shared_text(file), file, kind, validators)?;
    Ok(Loaded {
        id: id.to_owned(),
        file,
        value,
        spans,
    })
}

/// The stages after decoding, on `text` known as `file`: TOML syntax,
/// schema, typed model. Diagnostics carry `file` in their spans.
fn parse_text<T: DeserializeOwned>(
    shared: &Arc<str>,
    file: FileId,
    kind: Option<SchemaFile>,
    validators: &Validators,
) -> Result<(T, LazySpans), Vec<Diagnostic>> {
    let text: &str = shared;
    let raw_characters =
        |ascii: bool| character_findings(decode::raw_characters(text, ascii), file);
    let (table, errors) = DeTable::parse_recoverable(text);
    // The parser's errors that `keep` keeps, by where the parser saw them.
    let syntax_errors_where = |keep: &dyn Fn(usize) -> bool| {
        let mut deep_reported = false;
        let found = errors
            .iter()
            .filter(|e| keep(e.span().map_or(0, |s| s.start)))
            .filter_map(|e| {
                let mut range = e.span().unwrap_or(0..0);
                let message = syntax_message(e.message());
                // The parser's depth limit, which it reports at the start of
                // the file (and once per construct it gives up on): once, at
                // the header or value that goes too deep.
                let problem = if is_depth_message(e.message()) {
                    if std::mem::replace(&mut deep_reported, true) {
                        return None;
                    }
                    if let Some(place) = tree::deep_place(text, MAX_TOML_DEPTH) {
                        range = place;
                    }
                    SyntaxProblem::TooDeep
                } else if message == "duplicate key" {
                    SyntaxProblem::DuplicateKey(text.get(range.clone()).unwrap_or_default())
                } else if message.starts_with("invalid multi-line")
                    && let Some(opening) = tree::unclosed_multiline(text, range.start)
                {
                    range = opening..opening + 3;
                    SyntaxProblem::UnclosedString(text.get(range.clone()).unwrap_or_default())
                } else {
                    SyntaxProblem::Other(message)
                };
                Some(Diagnostic::from(TomlSyntax {
                    problem,
                    span: Span { file, range },
                }))
            })
            .collect::<Vec<_>>();
        once_at_its_opening(text, found)
    };
    let syntax_errors = || syntax_errors_where(&|_| true);
    // Checked before anything recursive touches the tree (the conversion to
    // JSON, serde, even dropping it): the parser's own limit of 80 levels
    // applies per construct, and they multiply. A value nested too deeply
    // is cut out of the tree, so that the file's other errors are found.
    let mut table = table;
    let mut cuts = Vec::new();
    if tree::too_deep(table.get_ref(), MAX_TOML_DEPTH).is_some() {
        if !errors.is_empty() {
            tree::dismantle(table.into_inner());
            return Err(syntax_errors());
        }
        cuts = tree::cut_deep(table.get_mut(), MAX_TOML_DEPTH);
    }
    let deep: Vec<Diagnostic> = cuts
        .iter()
        .map(|cut| too_deep(text, file, cut.start))
        .collect();
    // A raw control, direction character or BOM is said by name, at the
    // character, rather than as whatever syntax error it caused. The parser
    // refuses ASCII controls itself, so they are looked for only then.
    let raw = raw_characters(!errors.is_empty());
    if !raw.is_empty() {
        // The syntax errors the parser met before the first such character
        // still stand; judged where the parser met them, not where they are
        // said (a multi-line string "never closed" because of a control
        // character inside it is said at its opening, before the character).
        let first = raw
            .iter()
            .filter_map(|d| d.span.as_ref().map(|s| s.range.start))
            .min()
            .unwrap_or(0);
        let before: Vec<Diagnostic> = if errors.is_empty() {
            Vec::new()
        } else {
            syntax_errors_where(&|at| at < first)
        };
        return Err(before.into_iter().chain(deep).chain(raw).collect());
    }
    if !errors.is_empty() {
        // Invisible characters outside strings are said with the syntax
        // errors (one between tokens is often their cause), found lexically.
        let mut found = syntax_errors();
        found.extend(character_findings(
            decode::hidden_outside_values(text, &scan::string_ranges(text)),
            file,
        ));
        return Err(found);
    }
    // Invisible characters outside values are said beside the other
    // findings: the file parsed, and the value check names those inside.
    let hidden = character_findings(
        decode::hidden_outside_values(text, &tree::string_spans(table.get_ref())),
        file,
    );
    let json = to_json(&table);
    let spans = LazySpans::new(Arc::clone(shared));
    let mut errors = kind.map_or_else(Vec::new, |kind| validators.validate(kind, &json));
    let values = values::text_value_problems(&json);
    if cuts.is_empty() && errors.is_empty() && values.is_empty() && hidden.is_empty() {
        return match T::deserialize(toml::de::Deserializer::from(table)) {
            Ok(value) => Ok((value, spans)),
            // The schema accepted what serde rejects: types JSON cannot tell
            // apart. Find every one (serde stops at the first); the text
            // parsed a moment ago, so it parses again.
            Err(e) => {
                let types = match (kind, DeTable::parse(text)) {
                    (Some(kind), Ok(table)) => {
                        types::type_problems(table.get_ref(), kind, validators)
                    }
                    _ => Vec::new(),
                };
                if types.is_empty() {
                    Err(vec![serde_mismatch(&e, text, file)])
                } else {
                    Err(located(Vec::new(), Vec::new(), types, &spans, file))
                }
            }
        };
    }
    // What the schema says of a value that holds the cut one (a list where
    // text belongs) is the depth finding again; a missing or unknown key
    // beside it is a fault of its own.
    errors.retain(|e| {
        e.at_key
            || e.missing_key
            || !cuts
                .iter()
                .any(|cut| !e.pointer.is_empty() && tree::is_within(&cut.pointer, &e.pointer))
    });
    let types = kind.map_or_else(Vec::new, |kind| {
        types::type_problems(table.get_ref(), kind, validators)
    });
    let mut found = located(errors, values, types, &spans, file);
    found.extend(deep);
    found.extend(hidden);
    Err(found)
}

/// The `invalid-encoding` findings of characters a file may not hold raw.
fn character_findings(problems: Vec<decode::Problem>, file: FileId) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|problem| {
            Diagnostic::from(RawCharacter {
                message: problem.message,
                span: Span {
                    file,
                    range: problem.range,
                },
            })
        })
        .collect()
}

/// The finding for a value nested deeper than [`MAX_TOML_DEPTH`] that
/// starts at byte `start` of `text`: one byte there, since the value's
/// whole span may be huge.
fn too_deep(text: &str, file: FileId, start: usize) -> Diagnostic {
    let end = if text.is_char_boundary(start + 1) {
        start + 1
    } else {
        start
    };
    Diagnostic::from(TooDeep {
        span: Span {
            file,
            range: start..end,
        },
    })
}

/// Syntax errors once each: the parser reports an unclosed array or inline
/// table once per level, where it gave up (often on a later line), and
/// what it then misreads; that becomes one finding at the outermost
/// opening bracket, and repeats of one message at one place become one.
fn once_at_its_opening(text: &str, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let is_unclosed = |d: &Diagnostic| {
        d.message.starts_with("unclosed array") || d.message.starts_with("unclosed inline")
    };
    let unclosed = found.iter().find_map(|d| {
        let gave_up = d.span.as_ref()?.range.start;
        let opening = tree::unclosed_opening(text, gave_up)?;
        is_unclosed(d).then_some((opening, gave_up))
    });
    let mut out: Vec<Diagnostic> = Vec::new();
    for mut d in found {
        if let Some((opening, gave_up)) = unclosed {
            let unclosed_here = is_unclosed(&d);
            if let Some(span) = d.span.as_mut() {
                if (opening..=gave_up).contains(&span.range.start) && !unclosed_here {
                    continue; // misread because the value never closed
                }
                if unclosed_here {
                    span.range = opening..opening + 1;
                    d.message = if text.get(opening..=opening) == Some("{") {
                        "unclosed inline table, expected `}`".to_owned()
                    } else {
                        "unclosed array, expected `]`".to_owned()
                    };
                }
            }
        }
        let range = |d: &Diagnostic| d.span.as_ref().map(|s| s.range.clone());
        if !out
            .iter()
            .any(|o| o.message == d.message && range(o) == range(&d))
        {
            out.push(d);
        }
    }
    out
}

/// Every problem the schema, the text-value check and the type pass found
/// in one file, one finding per value: a type problem replaces what the
/// schema says at its value, a schema error a text-value one.
fn located(
    mut errors: Vec<crate::schema::SchemaError>,
    mut values: Vec<values::ValueProblem>,
    types: Vec<types::TypeProblem>,
    spans: &LazySpans,
    file: FileId,
) -> Vec<Diagnostic> {
    errors.retain(|e| !types.iter().any(|t| t.pointer == e.pointer));
    values.retain(|v| !errors.iter().any(|e| e.pointer == v.pointer));
    values.retain(|v| !types.iter().any(|t| t.pointer == v.pointer));
    values.extend(types.into_iter().map(|t| values::ValueProblem {
        pointer: t.pointer,
        message: t.message,
        note: t.note,
        at_char: None,
    }));
    let mut found: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| {
            let range = if e.at_key {
                spans.key_or_value(&e.pointer)
            } else {
                spans.value_or_ancestor(&e.pointer)
            };
            let mut d = Diagnostic::new(e.rule, e.message, Some(Span { file, range }));
            d.notes = e.notes;
            d
        })
        .collect();
    found.extend(values.into_iter().map(|v| {
        let mut range = spans.value_or_ancestor(&v.pointer);
        if let Some(at) = v.at_char {
            let literal = spans.text().get(range.clone()).unwrap_or_default();
            if let Some(inner) = char_in_literal(literal, at) {
                range = range.start + inner.start..range.start + inner.end;
            }
        }
        Diagnostic::new(Rule::SchemaViolation, v.message, Some(Span { file, range }))
            .with_note(v.note)
    }));
    found
}

/// Where the `at`-th character of the string written as `literal` (a
/// TOML string, quotes included: basic or literal, one-line or
/// multi-line) is written in it: the character itself, or the escape that
/// stands for it. A multi-line string's first line break and, in a basic
/// one, a line-ending backslash with the blanks and line breaks after it
/// are not characters of the value (TOML 1.0, "String"). `None` when the
/// value has no such character.
fn char_in_literal(literal: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let basic = literal.starts_with('"');
    if !basic && !literal.starts_with('\'') {
        return None;
    }
    let multi = literal.starts_with("\"\"\"") || literal.starts_with("'''");
    let mut start = if multi { 3 } else { 1 };
    if multi {
        if literal[start..].starts_with("\r\n") {
            start += 2;
        } else if literal[start..].starts_with('\n') {
            start += 1;
        }
    }
    let mut chars = literal
        .char_indices()
        .skip_while(|&(i, _)| i < start)
        .peekable();
    let mut n = 0;
    while let Some((i, c)) = chars.next() {
        let end = if basic && c == '\\' {
            // A line-ending backslash: the blanks and line breaks after it
            // are trimmed, and it stands for no character.
            if multi
                && literal[i + 1..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(['\n', '\r'])
            {
                while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
                continue;
            }
            let width = match chars.next() {
                Some((_, 'u')) => 4,
                Some((_, 'U')) => 8,
                Some(_) => 0,
                None => return None,
            };
            for _ in 0..width {
                chars.next();
            }
            chars.peek().map_or(literal.len(), |&(j, _)| j)
        } else {
            i + c.len_utf8()
        };
        if n == at {
            return Some(i..end);
        }
        n += 1;
    }
    None
}

/// A file read, decoded and parsed, not yet in the source map (so that
/// files can be staged in parallel). Spans in `problems` use a placeholder
/// file id until [`Staged::commit`].
struct Staged<T> {
    name: String,
    text: Arc<str>,
    outcome: Result<(T, LazySpans), Vec<Diagnostic>>,
}

/// The file id diagnostics carry while a file is staged.
const STAGED: FileId = usize::MAX;

fn stage<T: DeserializeOwned>(
    path: &Path,
    kind: SchemaFile,
    validators: &Validators,
) -> Result<Staged<T>, LoadError> {
    let bytes = limits::read_bounded(path, MAX_REGISTRY_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(error) => LoadError::Io {
            path: path.to_path_buf(),
            error,
        },
        ReadError::TooLarge { size, .. } => LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
    })?;
    Ok(stage_bytes(display_path(path), bytes, kind, validators))
}

/// Decodes and parses one file's bytes, to be committed to the source map later.
fn stage_bytes<T: DeserializeOwned>(
    name: String,
    bytes: Vec<u8>,
    kind: SchemaFile,
    validators: &Validators,
) -> Staged<T> {
    let decoded = decode::decode(bytes);
    // A file saved with CRLF line ends (a Windows checkout with
    // `core.autocrlf`) is read as with LF, as TOML lets a parser normalise
    // the line breaks of a multi-line string: its values are the same
    // bytes. Only raw line ends change; an escaped `\r` stays a CR, and
    // lines and columns stay where they were.
    let text: Arc<str> = match decoded.problem {
        None if decoded.text.contains("\r\n") => Arc::from(decoded.text.replace("\r\n", "\n")),
        _ => Arc::from(decoded.text),
    };
    let outcome = match decoded.problem {
        Some(problem) => Err(vec![Diagnostic::from(NotUtf8 {
            message: problem.message,
            span: Span {
                file: STAGED,
                range: problem.range,
            },
        })]),
        None => match lone_cr_lines(&text) {
            Some(found) => Err(vec![Diagnostic::from(found)]),
            None => parse_text(&text, STAGED, Some(kind), validators),
        },
    };
    Staged {
        name,
        text,
        outcome,
    }
}

/// A file whose lines end with lone CRs (more of them than of LFs, and at
/// least two): one finding for the file, where the parser would give one
/// per line, each showing the whole file as its line.
fn lone_cr_lines(text: &str) -> Option<LoneCrLines> {
    let lone: Vec<usize> = text
        .match_indices('\r')
        .map(|(i, _)| i)
        .filter(|&i| !text[i + 1..].starts_with('\n'))
        .collect();
    let first = *lone.first()?;
    (lone.len() >= 2 && lone.len() > text.matches('\n').count()).then(|| LoneCrLines {
        count: lone.len(),
        span: Span {
            file: STAGED,
            range: first..first + 1,
        },
    })
}

/// Loads one registry file from its bytes, as [`load_registry`] does after
/// reading it: decoding (UTF-8, a BOM dropped), TOML syntax, nesting depth,
/// schema `kind`, typed model. The file is added to `files` under `name`.
///
/// Returns the typed value, or `None` with the reasons pushed onto
/// `diagnostics`. Never panics, whatever the bytes; memory and time grow
/// linearly with their length (callers bound it, see
/// [`MAX_REGISTRY_FILE_BYTES`]).
pub fn parse_source<T: DeserializeOwned>(
    name: String,
    bytes: &[u8],
    id: &str,
    kind: SchemaFile,
    files: &mut Files,
    validators: &Validators,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Loaded<T>> {
    stage_bytes(name, bytes.to_vec(), kind, validators)
        .commit(id, files, diagnostics)
        .1
}

impl<T> Staged<T> {
    /// Adds the file to the source map; its value, or its problems with
    /// their spans pointing at it.
    fn commit(
        self,
        id: &str,
        files: &mut Files,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (FileId, Option<Loaded<T>>) {
        let file = files.add(self.name, self.text);
        let loaded = match self.outcome {
            Ok((value, spans)) => Some(Loaded {
                id: id.to_owned(),
                file,
                value,
                spans,
            }),
            Err(found) => {
                diagnostics.extend(found.into_iter().map(|mut d| {
                    if let Some(span) = &mut d.span {
                        span.file = file;
                    }
                    d
                }));
                None
            }
        };
        (file, loaded)
    }
}

/// A path as shown to users: as given (relative to the working directory),
/// with `/`, `.` removed and `dir/..` folded lexically, so
/// `registry/../docs/policy.md` shows as `docs/policy.md`; bytes that are
/// not UTF-8 as `\xFF` ([`shown_name`]).
#[must_use]
pub fn display_path(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_owned());
                }
            }
            Component::Normal(part) => parts.push(shown_name(part)),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned())
            }
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// [`display_path`] on one line, for a message: line breaks and every
/// character a printer escapes written `<U+XXXX>`
/// ([`crate::diag::visible::visible_name`]), so a name cannot start a line
/// of its own in a CI log.
#[must_use]
pub fn display_name(path: &Path) -> String {
    crate::diag::visible::visible_name(&display_path(path)).into_owned()
}

/// The listed documents that lie inside the repository; one
/// `path-outside-repository` finding, at the path's value, per other.
fn confined_documents(
    repository: &Repository,
    dir: &Path,
    config: &Loaded<RegistryConfig>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<DocumentPath> {
    let mut documents = Vec::new();
    for (i, doc) in config.value.documents.iter().enumerate() {
        match repository.document(dir, &doc.path) {
            Ok(path) => documents.push(path),
            Err(refused) => {
                let pointer = crate::pointer::join("/documents", &[&i.to_string(), "path"]);
                diagnostics.push(Diagnostic::from(DocumentOutside {
                    path: &doc.path,
                    refused: &refused,
                    span: config.span_at(&pointer),
                }));
            }
        }
    }
    documents
}

fn invalid_id(path: &Path, file: FileId, fix: String) -> Diagnostic {
    Diagnostic::from(InvalidId {
        stem: path.file_stem().map(shown_name).unwrap_or_default(),
        fix,
        span: Span { file, range: 0..0 },
    })
}

/// An entry of the registry folder that subreg does not know, as a
/// finding at the entry, with the name it was likely meant to have.
fn stray_entry(stray: &listing::Stray, files: &mut Files) -> Diagnostic {
    let name = display_path(&stray.path);
    let what = if stray.folder { "folder" } else { "file" };
    let fix = match &stray.near {
        Some(known) => format!("did you mean `{known}`? rename it"),
        None => format!(
            "move it out of the registry folder, which holds only {}",
            listing::REGISTRY_ENTRIES_IN_WORDS
        ),
    };
    let file = files.add(name.clone(), "");
    Diagnostic::new(
        Rule::InvalidId,
        format!(
            "`{name}` is not read: subreg knows no {what} of that name in a registry, so it is \
             neither checked nor published"
        ),
        Some(Span { file, range: 0..0 }),
    )
    .with_note(fix)
}

/// An entry of `subprocessors/` that is not read, as a finding at the
/// entry (in the source map with no text, so every format names it).
fn not_read(skipped: &listing::Skipped, files: &mut Files, fix: String) -> Diagnostic {
    let name = display_path(&skipped.path);
    let entry = skipped.path.file_name().map(shown_name).unwrap_or_default();
    let file = files.add(name.clone(), "");
    Diagnostic::from(NotRead {
        name,
        entry,
        folder: skipped.folder,
        fix,
        span: Span { file, range: 0..0 },
    })
}

/// serde rejects a few values that JSON Schema cannot tell apart from valid
/// ones, notably `30.0` where a whole number is expected (JSON Schema counts
/// 30.0 as an integer); word those like the schema stage does.
///
/// Likewise a TOML date where text is expected: the schema sees dates as
/// strings (so that `format: date` can judge them), serde sees a date.
fn serde_mismatch(error: &toml::de::Error, text: &str, file: FileId) -> Diagnostic {
    let range = error.span().unwrap_or(0..0);
    let found = text
        .get(range.clone())
        .unwrap_or_default()
        .trim()
        .to_owned();
    let span = Some(Span { file, range });
    let message = error.message();
    if message.starts_with("invalid type: map, expected a string") && !found.starts_with('{') {
        return Diagnostic::from(DateWhereText { found, span });
    }
    if let Some(rest) = message.strip_prefix("invalid type: floating point `") {
        let number = rest.split('`').next().unwrap_or_default();
        return Diagnostic::from(NotWholeNumber { number, span });
    }
    Diagnostic::new(Rule::SchemaViolation, syntax_message(message), span)
}

/// Whether a toml crate message is its nesting limit.
fn is_depth_message(message: &str) -> bool {
    message.starts_with("cannot recurse further") || message == "recursion limit"
}

/// The toml crate's messages start lower-case and may span lines; keep the
/// first line, which names the problem.
fn syntax_message(message: &str) -> String {
    // The parser's own depth limits, in the words of subreg's.
    if is_depth_message(message) {
        return format!(
            "values nested too deeply for the TOML parser (subreg accepts at most \
             {MAX_TOML_DEPTH} levels)"
        );
    }
    message
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character found in the literal is the value's character at that
    /// index, as the TOML parser reads the value, for every kind of string.
    #[test]
    fn document_paths_are_read_from_a_file_that_is_not_toml() {
        let text = "[organization\nname = \"X\"\n\n[[documents]]\npath = \"a.md\"\n\n\
                    [ [documents] ] # second\n  path='b.md'  \n\n[rules]\npath = \"c.md\"\n\n\
                    [[documents]]\n\"path\" = \"..\\u002fd.md\" # escaped\n\n\
                    [[documents]]\nnote = \"\"\"\n[[documents]]\npath = \"in-a-string.md\"\n\"\"\"\n";
        let found = scanned_documents(text);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md", "../d.md"]);
        let values: Vec<&str> = found.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(values, ["\"a.md\"", "'b.md'", "\"..\\u002fd.md\""]);
        let inline = "documents = [{ path = \"x.md\" }, { path = 'y.md' }]\n[organization\n";
        let found = scanned_documents(inline);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["x.md", "y.md"]);
    }

    #[test]
    fn a_character_is_found_where_the_literal_writes_it() {
        for literal in [
            "\"Ama\u{200b}zon\"",
            "'Ama\u{200b}zon'",
            "\"\"\"\nAma\u{200b}zon\"\"\"",
            "\"\"\"\r\nA\r\nma\u{200b}zon\"\"\"",
            "'''\nAma\u{200b}zon'''",
            "\"\"\"Am\\\n   a\u{200b}zon\"\"\"",
            "\"\"\"A\\tm\\u00e9a\u{200b}zon\"\"\"",
        ] {
            let parsed: toml::Table = toml::from_str(&format!("x = {literal}")).unwrap_or_default();
            let value = parsed.get("x").and_then(|v| v.as_str()).unwrap_or_default();
            let at = value.chars().position(|c| c == '\u{200b}');
            let range = at.and_then(|at| char_in_literal(literal, at));
            assert_eq!(
                range.map(|r| &literal[r]),
                Some("\u{200b}"),
                "{literal:?} read as {value:?}"
            );
        }
    }
}
