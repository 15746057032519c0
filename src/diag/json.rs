//! `--format json`: one JSON object (DESIGN.md §6).

use std::borrow::Cow;

use serde::Serialize;

use super::visible::visible;
use super::{Counts, Diagnostic, Files};

/// The document printed by `--format json`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Every finding, in the sorted order.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// How many findings are errors.
    pub errors: usize,
    /// How many findings are warnings.
    pub warnings: usize,
}

/// One finding. `line` and `column` are 1-based; `file` is relative to the
/// working directory; all three are null when no file is involved.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The stable code, e.g. `SR0201`.
    pub code: &'static str,
    /// The stable rule name, e.g. `transfer-without-mechanism`.
    pub rule: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: Cow<'a, str>,
    /// The file the finding is in.
    pub file: Option<Cow<'a, str>>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// Facts behind the finding and the fix.
    pub notes: Vec<Cow<'a, str>>,
}

/// Renders `diagnostics` as one JSON object followed by a newline. Control,
/// bidi and invisible characters in messages and file names are written as
/// `<U+XXXX>` (see [`super::visible`]): JSON would escape only some of them,
/// and logs show the rest raw.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files) -> String {
    let counts = Counts::of(diagnostics);
    let report = Report {
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let position = d
                    .span
                    .as_ref()
                    .map(|s| (s, files.line_col(s.file, s.range.start)));
                JsonDiagnostic {
                    code: d.rule.code(),
                    rule: d.rule.name(),
                    severity: d.severity.as_str(),
                    message: visible(&d.message),
                    file: position.map(|(s, _)| visible(files.name(s.file))),
                    line: position.map(|(_, lc)| lc.line),
                    column: position.map(|(_, lc)| lc.column),
                    notes: d.notes.iter().map(|n| visible(n)).collect(),
                }
            })
            .collect(),
        errors: counts.errors,
        warnings: counts.warnings,
    };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
