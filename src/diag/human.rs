//! Human output: each finding with its source line and a caret, as rustc
//! and cargo-deny print them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config};

use super::visible::{Shown, visible};
use super::{Diagnostic, Files, Severity, Span};

/// Renders `diagnostics` as text, one block per finding; with `color`, as
/// ANSI-coloured text for a terminal.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files, color: bool) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let (shown_files, shown) = shown(diagnostics, files);
    let files = &shown_files;
    let mut out = String::new();
    // Output bounded by a small multiple of the input: a line with many
    // findings (thousands of unknown keys, a file of lone CRs) shows its
    // source a few times, and one rule's findings in one file are listed up
    // to a limit, then counted; `--format json` lists them all.
    let mut excerpts: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let mut per_rule: std::collections::BTreeMap<(usize, super::Rule), usize> =
        std::collections::BTreeMap::new();
    for diagnostic in &shown {
        if let Some(span) = &diagnostic.span {
            let listed = per_rule.entry((span.file, diagnostic.rule)).or_default();
            *listed += 1;
            if *listed > MAX_PER_RULE_AND_FILE {
                continue;
            }
        }
        let mut converted = convert(diagnostic);
        if let Some(span) = &diagnostic.span {
            let at = files.line_col(span.file, span.range.start);
            let seen = excerpts.entry((span.file, at.line)).or_default();
            *seen += 1;
            if *seen > MAX_EXCERPTS_PER_LINE {
                converted.labels.clear();
                converted.notes.insert(
                    0,
                    format!(
                        "at {}:{}:{} (its line is shown above)",
                        files.name(span.file),
                        at.line,
                        at.column
                    ),
                );
            }
        }
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        match term::emit_to_write_style(&mut buffer, &config, files, &converted) {
            Ok(()) => out.push_str(&String::from_utf8_lossy(buffer.as_slice())),
            // A span outside its file is a bug in subreg; still say what was found.
            Err(_) => {
                out.push_str(&format!(
                    "{}[{}]: {}\n\n",
                    diagnostic.severity.as_str(),
                    diagnostic.rule.code(),
                    diagnostic.message
                ));
            }
        }
    }
    for ((file, rule), count) in per_rule {
        if count > MAX_PER_RULE_AND_FILE {
            out.push_str(&format!(
                "note: {} more {} findings in {} are not shown here; `--format json` lists \
                 them all\n\n",
                count - MAX_PER_RULE_AND_FILE,
                rule.name(),
                files.name(file)
            ));
        }
    }
    out
}

/// How many findings on one source line show it; the others give their
/// place only.
const MAX_EXCERPTS_PER_LINE: usize = 3;

/// How many findings of one rule in one file are shown.
const MAX_PER_RULE_AND_FILE: usize = 100;

/// The files and findings as the terminal may see them: no raw control,
/// bidi or invisible character from a file name, a source line or a
/// message, and every span moved to where its text is in the escaped copy.
/// Only the files that findings point at are scanned.
fn shown(diagnostics: &[Diagnostic], files: &Files) -> (Files, Vec<Diagnostic>) {
    let mut used = vec![false; files.len()];
    for d in diagnostics {
        for span in d.span.iter().chain(d.labels.iter().map(|l| &l.span)) {
            if let Some(flag) = used.get_mut(span.file) {
                *flag = true;
            }
        }
    }
    let mut shown_files = Files::new();
    let mut maps = Vec::with_capacity(files.len());
    for (file, used) in used.into_iter().enumerate() {
        let name = one_line(files.name(file));
        let escaped = if used {
            Shown::of(files.text(file))
        } else {
            None
        };
        match escaped {
            Some(escaped) => {
                maps.push(Some(escaped.clone()));
                shown_files.add_shown(name, files.shared_text(file), escaped);
            }
            None => {
                shown_files.add(name, files.shared_text(file));
                maps.push(None);
            }
        }
    }
    let move_span = |span: &mut Span| {
        if let Some(Some(map)) = maps.get(span.file) {
            span.range = map.offset(span.range.start)..map.offset(span.range.end);
        }
    };
    let shown = diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.message = one_line(&d.message);
            for note in &mut d.notes {
                *note = one_line(note);
            }
            if let Some(span) = &mut d.span {
                move_span(span);
            }
            for label in &mut d.labels {
                label.message = one_line(&label.message);
                move_span(&mut label.span);
            }
            d
        })
        .collect();
    (shown_files, shown)
}

/// `text` for a line of its own: [`visible`], and a line break or tab (in
/// a file name or a value quoted by a message or note) escaped too, the
/// carriage return of a CRLF pair included, so that no data can start a
/// line that looks like subreg's own output or a CI workflow command.
fn one_line(text: &str) -> String {
    visible(text)
        .replace('\r', &super::visible::escaped('\r'))
        .replace('\n', &super::visible::escaped('\n'))
        .replace('\t', &super::visible::escaped('\t'))
}

fn convert(diagnostic: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match diagnostic.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    };
    let mut labels = Vec::new();
    if let Some(span) = &diagnostic.span {
        labels.push(CsLabel::primary(span.file, span.range.clone()));
    }
    for label in &diagnostic.labels {
        labels.push(
            CsLabel::secondary(label.span.file, label.span.range.clone())
                .with_message(label.message.clone()),
        );
    }
    CsDiagnostic::new(severity)
        .with_code(diagnostic.rule.code())
        .with_message(format!(
            "{}: {}",
            diagnostic.rule.name(),
            diagnostic.message
        ))
        .with_labels(labels)
        .with_notes(diagnostic.notes.clone())
}
