//! `--format github`: GitHub Actions workflow commands, one per finding,
//! which GitHub shows as annotations on the offending line of the pull
//! request.

use super::{Diagnostic, Files, Severity};

/// Renders one `::error`, `::warning` or `::notice` command per finding.
///
/// Shape: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE rule::message`,
/// with the notes on following lines of the message. Values are escaped as
/// the workflow-command syntax requires (`%`, CR, LF; in properties also
/// `:` and `,`).
#[must_use]
pub fn render(diagnostics: &[Diagnostic], files: &Files) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some(span) = &d.span {
            let start = files.line_col(span.file, span.range.start);
            let end = files.line_col(span.file, span.range.end);
            properties.push(format!("file={}", escape_property(files.name(span.file))));
            properties.push(format!("line={}", start.line));
            properties.push(format!("col={}", start.column));
            properties.push(format!("endLine={}", end.line));
            properties.push(format!("endColumn={}", end.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.rule.code(), d.rule.name()))
        ));
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push('\n');
            message.push_str(note);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// Also writes control, bidi and invisible characters and tabs as `<U+XXXX>`: the
/// runner prints the message into the log before it makes an annotation.
fn escape_data(text: &str) -> String {
    super::visible::visible_one_line(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Rule, Span};

    #[test]
    fn one_command_per_finding_with_escaping() {
        let mut files = Files::new();
        let file = files.add(
            "registry/subprocessors/a,b.toml",
            "name = \"x\"\nto = \"USA\"\n",
        );
        let d = Diagnostic::new(
            Rule::UnknownCountry,
            "`USA` is 100% wrong",
            Some(Span {
                file,
                range: 16..21,
            }),
        )
        .with_note("did you mean \"US\"?");
        assert_eq!(
            render(&[d], &files),
            "::error file=registry/subprocessors/a%2Cb.toml,line=2,col=6,endLine=2,endColumn=11,title=SR0301 unknown-country::`USA` is 100%25 wrong%0Adid you mean \"US\"?\n"
        );
    }
}
