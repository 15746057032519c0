//! Human output: each finding with its source line and a caret, as rustc
//! and cargo-deny print them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::{self, Chars, Config};

use super::{Diagnostic, Files, Severity};

/// Renders `diagnostics` as text, one block per finding, without colour.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let converted = convert(diagnostic);
        match term::emit_into_string(&config, files.codespan(), &converted) {
            Ok(text) => out.push_str(&text),
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
