//! `--format json`: one JSON object, whose keys are a stable contract for scripts.

use std::borrow::Cow;

use serde::Serialize;

use super::visible::visible;
use super::{Counts, Diagnostic, Files};

/// What the run was: printed with the findings so that a report can be
/// traced to the tool, the day judged and the facts used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunInfo {
    /// The tool's version.
    pub version: &'static str,
    /// The day judged, `YYYY-MM-DD`; null for commands that judge no day.
    pub as_of: Option<String>,
    /// The oldest `checked` date of the knowledge base in force; null when none was loaded.
    pub knowledge_checked: Option<String>,
}

impl RunInfo {
    /// A run of this build of the tool that judged no day.
    #[must_use]
    pub fn tool() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION"),
            as_of: None,
            knowledge_checked: None,
        }
    }
}

/// The document printed by `--format json`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// The tool's version.
    pub version: &'static str,
    /// The day judged.
    pub as_of: Option<&'a str>,
    /// The knowledge base's checked date.
    pub knowledge_checked: Option<&'a str>,
    /// Every finding, in the sorted order.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// How many findings are errors.
    pub errors: usize,
    /// How many findings are warnings.
    pub warnings: usize,
    /// How many findings are waived (notes whose `waiver` is set).
    pub waived: usize,
}

/// The waiver of a waived finding.
#[derive(Debug, Serialize)]
pub struct JsonWaiver<'a> {
    /// The finding's severity before it was waived.
    pub severity: &'static str,
    /// Why the gap is accepted.
    pub reason: Cow<'a, str>,
    /// The last day the waiver holds, `YYYY-MM-DD`.
    pub until: String,
    /// registry.toml, relative to the working directory.
    pub file: Cow<'a, str>,
    /// 1-based line of the waiver.
    pub line: usize,
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
    /// For a transfer finding: the sub-processor's id; otherwise null.
    pub subprocessor: Option<Cow<'a, str>>,
    /// For a transfer finding: the regime; otherwise null.
    pub regime: Option<&'static str>,
    /// For a transfer finding: the destination; otherwise null.
    pub destination: Option<Cow<'a, str>>,
    /// For a finding about a transfer entry: its mechanism; otherwise null.
    pub mechanism: Option<&'static str>,
    /// For a waived finding: its waiver; otherwise null.
    pub waiver: Option<JsonWaiver<'a>>,
}

/// Renders `diagnostics` as one JSON object followed by a newline. Control,
/// bidi and invisible characters in messages and file names are written as
/// `<U+XXXX>` (see [`super::visible`]): JSON would escape only some of them,
/// and logs show the rest raw.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files, info: &RunInfo) -> String {
    let counts = Counts::of(diagnostics);
    let report = Report {
        version: info.version,
        as_of: info.as_of.as_deref(),
        knowledge_checked: info.knowledge_checked.as_deref(),
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
                    subprocessor: d.subject.as_ref().map(|s| visible(&s.subprocessor)),
                    regime: d.subject.as_ref().and_then(|s| s.regime),
                    destination: d
                        .subject
                        .as_ref()
                        .and_then(|s| s.destination.as_deref())
                        .map(visible),
                    mechanism: d.subject.as_ref().and_then(|s| s.mechanism),
                    waiver: d.waiver.as_ref().map(|w| JsonWaiver {
                        severity: w.severity.as_str(),
                        reason: visible(&w.reason),
                        until: w.until.to_string(),
                        file: visible(files.name(w.span.file)),
                        line: files.line_col(w.span.file, w.span.range.start).line,
                    }),
                }
            })
            .collect(),
        errors: counts.errors,
        warnings: counts.warnings,
        waived: counts.waived,
    };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
