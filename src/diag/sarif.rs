//! `--format sarif`: SARIF 2.1.0 for code-scanning services (GitHub code
//! scanning), with every rule's help text and each result's region.

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};

use super::visible::visible;
use super::{Diagnostic, Files, Rule, Severity};
use crate::model::Level;

/// The schema URI written into the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders a SARIF 2.1.0 log with one run. `help` gives each rule's
/// documentation (what `subreg explain` prints), so reviewers see it beside
/// the alert.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files, help: &dyn Fn(Rule) -> String) -> String {
    let rules: Vec<ReportingDescriptor> = Rule::ALL
        .iter()
        .map(|rule| {
            ReportingDescriptor::builder()
                .id(rule.code())
                .name(rule.name())
                .short_description(text(rule.summary()))
                .full_description(text(rule.summary()))
                .help(text(&help(*rule)))
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level_word(rule.default_level())))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = diagnostics.iter().map(|d| result(d, files)).collect();
    let driver = ToolComponent::builder()
        .name("subreg")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/upsmith/subreg")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn result(d: &Diagnostic, files: &Files) -> SarifResult {
    let mut result = located(d, files);
    result.properties = subject_properties(d);
    result.suppressions = d.waiver.as_ref().map(|w| vec![suppression(w, files)]);
    result
}

/// A waiver as SARIF's suppression (§3.35): `external`, since it lives in
/// registry.toml rather than beside the value it waives; `accepted`, since
/// the registry's reviewers merged it; its reason as the justification.
fn suppression(w: &super::Waived, files: &Files) -> Suppression {
    Suppression::builder()
        .kind(serde_json::json!("external"))
        .status(serde_json::json!("accepted"))
        .justification(visible(&format!("{} (until {})", w.reason, w.until)))
        .location(location(&w.span, files))
        .build()
}

/// The finding's subject (sub-processor id, regime, destination,
/// mechanism) as result properties, keys in alphabetical order, so scripts
/// reading SARIF never parse messages.
fn subject_properties(d: &Diagnostic) -> Option<PropertyBag> {
    let subject = d.subject.as_ref()?;
    let mut properties = std::collections::BTreeMap::new();
    properties.insert(
        "subprocessor".to_owned(),
        serde_json::json!(visible(&subject.subprocessor)),
    );
    if let Some(regime) = subject.regime {
        properties.insert("regime".to_owned(), serde_json::json!(regime));
    }
    if let Some(destination) = &subject.destination {
        properties.insert(
            "destination".to_owned(),
            serde_json::json!(visible(destination)),
        );
    }
    if let Some(mechanism) = subject.mechanism {
        properties.insert("mechanism".to_owned(), serde_json::json!(mechanism));
    }
    Some(
        PropertyBag::builder()
            .additional_properties(properties)
            .build(),
    )
}

fn located(d: &Diagnostic, files: &Files) -> SarifResult {
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push('\n');
        message.push_str(note);
    }
    // A waived finding keeps its level; its suppression says it is waived.
    let severity = d.waiver.as_ref().map_or(d.severity, |w| w.severity);
    let level = match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    };
    let rule_index = Rule::ALL
        .iter()
        .position(|r| *r == d.rule)
        .and_then(|i| i64::try_from(i).ok())
        .unwrap_or(0);
    let builder = SarifResult::builder()
        .rule_id(d.rule.code())
        .rule_index(rule_index)
        .level(level)
        .message(Message::builder().text(visible(&message)).build());
    match &d.span {
        Some(span) => builder.locations(vec![location(span, files)]).build(),
        None => builder.build(),
    }
}

/// `span` as a SARIF location: the file as a URI reference and the region,
/// 1-based lines and columns.
fn location(span: &super::Span, files: &Files) -> Location {
    let start = files.line_col(span.file, span.range.start);
    let end = files.line_col(span.file, span.range.end.max(span.range.start));
    let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let region = Region::builder()
        .start_line(as_i64(start.line))
        .start_column(as_i64(start.column))
        .end_line(as_i64(end.line))
        .end_column(as_i64(end.column.max(if end.line == start.line {
            start.column
        } else {
            1
        })))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri_reference(files.name(span.file)))
                .build(),
        )
        .region(region)
        .build();
    Location::builder().physical_location(physical).build()
}

/// A file name as the relative URI reference SARIF's `artifactLocation.uri`
/// is (RFC 3986 §4.2): every byte but an unreserved character, a
/// sub-delimiter, `@` and the `/` between segments percent-encoded, so a
/// blank, a `#` (else a fragment), a `%` (else read as an escape), a `:`
/// (else a scheme), a control character and every non-ASCII byte survive
/// the reader's decoding as the name they were.
fn uri_reference(name: &str) -> String {
    const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=')
        .remove(b'@')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(name, KEPT).to_string()
}

fn text(value: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(value).build()
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn a_file_name_is_a_percent_encoded_uri_reference() {
        for (name, uri) in [
            (
                "registry/subprocessors/aws.toml",
                "registry/subprocessors/aws.toml",
            ),
            ("docs/privacy policy#1.md", "docs/privacy%20policy%231.md"),
            (
                "registry/subprocessors/g%2C.toml",
                "registry/subprocessors/g%252C.toml",
            ),
            ("docs/a?b.md", "docs/a%3Fb.md"),
            ("c:policy.md", "c%3Apolicy.md"),
            ("docs/r\u{d}.md", "docs/r%0D.md"),
            ("docs/\u{1b}[31m.md", "docs/%1B%5B31m.md"),
            ("docs/d\u{fc}sseldorf.md", "docs/d%C3%BCsseldorf.md"),
            ("docs/\u{200b}.md", "docs/%E2%80%8B.md"),
            ("/tmp/a b/x.md", "/tmp/a%20b/x.md"),
            ("docs/[v2] (draft)+x@y.md", "docs/%5Bv2%5D%20(draft)+x@y.md"),
        ] {
            assert_eq!(uri_reference(name), uri, "{name:?}");
        }
    }
}
