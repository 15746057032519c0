//! Human output: each finding with its source line and a caret, as rustc
//! and cargo-deny print them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config};

use super::{Diagnostic, Files, Severity};

/// Renders `diagnostics` as text, one block per finding; with `color`, as
/// ANSI-coloured text for a terminal.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files, color: bool) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let converted = convert(diagnostic);
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
    out
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
