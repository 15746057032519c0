//! Output options shared by the commands that report findings, and the one
//! place that chooses a printer.

use std::io::IsTerminal as _;

use clap::{Args, ValueEnum};
use subreg::diag::{self, Counts, Diagnostic, Files, Severity};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Each finding with its source line and a caret, then a summary line.
    Human,
    /// One JSON object: {"diagnostics": [...], "errors": N, "warnings": N}.
    Json,
    /// GitHub Actions workflow commands: annotations on the offending lines.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// A Markdown table of the findings under the summary line, for a job
    /// summary or a pull-request comment.
    Markdown,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Human output: only errors and the summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

impl OutputArgs {
    fn color(&self) -> bool {
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// Renders sorted findings in the chosen format; `summary` is the human
    /// summary line.
    pub fn render(
        &self,
        found: &[Diagnostic],
        files: &Files,
        summary: &str,
        info: &diag::json::RunInfo,
    ) -> String {
        match self.format {
            Format::Human => {
                let shown: Vec<Diagnostic> = found
                    .iter()
                    .filter(|d| !self.quiet || d.severity == Severity::Error)
                    .cloned()
                    .collect();
                let mut text = diag::human::render(&shown, files, self.color());
                text.push_str(summary);
                text
            }
            Format::Json => diag::json::render(found, files, info),
            Format::Github => diag::github::render(found, files),
            Format::Markdown => {
                diag::markdown::render(found, files, summary, info.as_of.as_deref())
            }
            Format::Sarif => {
                diag::sarif::render(found, files, &|rule| super::explain::explain(rule))
            }
        }
    }
}

/// "1 error, 2 warnings, 0 notes in 3 files (2 sub-processors checked)".
pub fn summary(counts: Counts, files: usize, subprocessors: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // Said only when there are some: a registry without waivers reads as before.
    let waived = if counts.waived > 0 {
        format!(" ({} waived)", counts.waived)
    } else {
        String::new()
    };
    format!(
        "{}, {}, {}{waived} in {} ({} checked)\n",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.notes, "note"),
        plural(files, "file"),
        plural(subprocessors, "sub-processor"),
    )
}
