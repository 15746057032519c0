//! `--format markdown`: a report for a pull request's page (GitHub's job
//! summary, a review comment): the summary line, then one table row per
//! finding.

use super::{Diagnostic, Files, Severity};

/// Renders `diagnostics` under a `### subreg` heading.
///
/// Shape: the heading; `summary` (the human summary line) and the as-of day
/// when given; then either `No findings.` or a GFM table with the columns
/// Level, Code, Rule, Where (`file:line:column`, 1-based) and Finding.
/// Every cell is escaped for a GFM table (`|`, emphasis, links, HTML, line
/// breaks as spaces) and shows control characters as `<U+XXXX>`, so that
/// a registry value cannot add markup or rows to the page.
#[must_use]
pub fn render(
    diagnostics: &[Diagnostic],
    files: &Files,
    summary: &str,
    as_of: Option<&str>,
) -> String {
    let mut out = String::from("### subreg\n\n");
    let summary = summary.trim_end();
    if !summary.is_empty() {
        out.push_str(&cell(summary));
        if let Some(day) = as_of {
            out.push_str(&format!(", as of {}", cell(day)));
        }
        out.push_str(".\n\n");
    }
    if diagnostics.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| Level | Code | Rule | Where | Finding |\n");
    out.push_str("| :--- | :--- | :--- | :--- | :--- |\n");
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let place = d.span.as_ref().map_or_else(String::new, |span| {
            let at = files.line_col(span.file, span.range.start);
            format!("{}:{}:{}", files.name(span.file), at.line, at.column)
        });
        out.push_str(&format!(
            "| {level} | {} | {} | {} | {} |\n",
            d.rule.code(),
            d.rule.name(),
            cell(&place),
            cell(&d.message)
        ));
    }
    out
}

/// `text` for one GFM table cell.
fn cell(text: &str) -> String {
    crate::render::escape::markdown(&super::visible::visible_one_line(text))
}
