//! Diagnostics: what a run found, where, and how bad it is.
//!
//! Checking code builds [`Diagnostic`]s from named finding structs; the
//! printers in [`human`] and [`json`] turn them into text at the edge of the
//! program. Nothing here prints.

mod code;
mod files;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod visible;

pub use code::{Group, Rule};
pub use files::{FileId, Files, LineCol, Span};

use std::collections::BTreeMap;

use crate::model::Level;

/// How serious a finding is, after rule levels are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Blocks: `subreg check` exits 1.
    Error,
    /// Reported; the exit code is unaffected.
    Warning,
    /// Information, e.g. why a transfer passes or a fact to confirm.
    Note,
}

impl Severity {
    /// The lower-case word used in JSON and human output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// A secondary location that explains a finding, e.g. "first declared here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that produced it.
    pub rule: Rule,
    /// Its severity, from the rule's level (or `Note` for information).
    pub severity: Severity,
    /// One sentence saying what is wrong, naming the value.
    pub message: String,
    /// The value the user is blamed for; `None` when no file is involved.
    pub span: Option<Span>,
    /// Other places that explain the finding.
    pub labels: Vec<Label>,
    /// Facts behind the finding (legal references, dates) and the fix.
    pub notes: Vec<String>,
    /// For a finding about a transfer: what it is about, as fields of
    /// their own so that scripts never parse messages.
    pub subject: Option<Subject>,
    /// When a `[[waivers]]` entry of registry.toml waives the finding: the
    /// waiver, and the severity the finding had before.
    pub waiver: Option<Waived>,
    /// Whether its severity is fixed: the levels of registry.toml do not
    /// change it (the notice period a change under review breaks: the same
    /// change could lower the level).
    pub pinned: bool,
    /// The day it was judged on, when that is not the run's as-of day (an
    /// addition judged on the day it starts): a waiver covers it only if
    /// it holds on that day.
    pub judged_on: Option<crate::model::Date>,
}

/// How a finding was waived. A waived finding is a note; SARIF reports it
/// at its former level with a suppression, as code-scanning services expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waived {
    /// The finding's severity before it was waived.
    pub severity: Severity,
    /// The waiver's `reason`.
    pub reason: String,
    /// The waiver's `until`: the last day it holds.
    pub until: crate::model::Date,
    /// The waiver's entry in registry.toml.
    pub span: Span,
}

/// What a transfer finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    /// The sub-processor's id (its file stem).
    pub subprocessor: String,
    /// The regime, when the finding is about one.
    pub regime: Option<&'static str>,
    /// The destination, when the finding is about one.
    pub destination: Option<String>,
    /// The entry's mechanism, when the finding is about an entry.
    pub mechanism: Option<&'static str>,
    /// The entry's index in `transfers`, when the finding blames one entry
    /// (not rendered: it lets a later rule see the entry is already blamed).
    pub entry: Option<usize>,
}

impl Subject {
    /// A subject for sub-processor `id`.
    #[must_use]
    pub fn new(id: &str) -> Self {
        Self {
            subprocessor: id.to_owned(),
            ..Self::default()
        }
    }

    /// The same subject about `regime`.
    #[must_use]
    pub fn regime(mut self, regime: crate::model::Regime) -> Self {
        self.regime = Some(regime.id());
        self
    }

    /// The same subject about `destination`.
    #[must_use]
    pub fn destination(mut self, destination: &str) -> Self {
        self.destination = Some(destination.to_owned());
        self
    }

    /// The same subject about the entry at `index` of `transfers`.
    #[must_use]
    pub fn entry(mut self, index: usize) -> Self {
        self.entry = Some(index);
        self
    }

    /// The same subject about an entry on `mechanism`.
    #[must_use]
    pub fn mechanism(mut self, mechanism: crate::model::Mechanism) -> Self {
        self.mechanism = Some(mechanism.id());
        self
    }
}

impl Diagnostic {
    /// A finding at the rule's default level.
    #[must_use]
    pub fn new(rule: Rule, message: impl Into<String>, span: Option<Span>) -> Self {
        Self {
            rule,
            severity: severity_for(rule.default_level()).unwrap_or(Severity::Warning),
            message: message.into(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            subject: None,
            waiver: None,
            pinned: false,
            judged_on: None,
        }
    }

    /// The same finding, about `subject`.
    #[must_use]
    pub fn with_subject(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }

    /// The same finding at `severity` (a rule whose findings are errors
    /// only in some cases, e.g. `mechanism-not-applicable` when the entry
    /// leaves its destination without a basis). A level configured for the
    /// rule still wins.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// An informational note attached to a rule (never an error).
    #[must_use]
    pub fn note(rule: Rule, message: impl Into<String>, span: Option<Span>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::new(rule, message, span)
        }
    }

    /// Adds a note line.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Waives the finding by `waiver` (whose `severity` is ignored: the
    /// finding's own is kept in it); the finding becomes a note that names
    /// the reason and points at the waiver.
    pub fn waive(&mut self, mut waiver: Waived) {
        waiver.severity = self.severity;
        self.severity = Severity::Note;
        self.notes.push(format!(
            "waived until {} by registry.toml's `[[waivers]]`: {}",
            waiver.until, waiver.reason
        ));
        self.labels.push(Label {
            span: waiver.span.clone(),
            message: format!("waived here until {}", waiver.until),
        });
        self.waiver = Some(waiver);
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// Rule levels in force for a run: the defaults, overridden by the
/// registry's `[rules]`, overridden by the command line.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    overrides: BTreeMap<Rule, Level>,
}

impl Levels {
    /// These levels with every rule at least as strict as its default: what
    /// a customer notice is judged on, since the change it announces could
    /// lower a level in registry.toml as well as waive a finding.
    #[must_use]
    pub fn at_least_defaults(&self) -> Self {
        Self {
            overrides: self
                .overrides
                .iter()
                .filter(|(rule, level)| **level < rule.default_level())
                .map(|(rule, level)| (*rule, *level))
                .collect(),
        }
    }

    /// Sets the level of one rule; a later call wins. A rule whose level
    /// is fixed ([`Rule::level_is_fixed`]) keeps its default.
    pub fn set(&mut self, rule: Rule, level: Level) {
        if !rule.level_is_fixed() {
            self.overrides.insert(rule, level);
        }
    }

    /// The level in force for `rule`.
    #[must_use]
    pub fn level(&self, rule: Rule) -> Level {
        self.overrides
            .get(&rule)
            .copied()
            .unwrap_or_else(|| rule.default_level())
    }

    /// Applies the levels: errors and warnings take their rule's level,
    /// allowed findings are dropped, notes stay notes.
    #[must_use]
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if d.severity == Severity::Note || d.pinned {
                    return Some(d);
                }
                // A finding keeps the severity it was given unless the
                // registry configures the rule's level.
                match self.overrides.get(&d.rule) {
                    Some(level) => d.severity = severity_for(*level)?,
                    None => {
                        severity_for(d.rule.default_level())?;
                    }
                }
                Some(d)
            })
            .collect()
    }
}

/// Sorts diagnostics into the order every printer uses: by file, position,
/// severity, code and message, findings without a file last, so output is
/// the same on every machine.
pub fn sort(diagnostics: &mut [Diagnostic], files: &Files) {
    // Borrowed keys, compared field by field: no allocation per comparison.
    let key = |d: &Diagnostic| {
        // Findings about no file in particular come after the others.
        let (located, name, offset) = d.span.as_ref().map_or((false, "", 0), |s| {
            (true, files.name(s.file), s.range.start)
        });
        (!located, name, offset, d.severity, d.rule.code())
    };
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message)));
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Informational notes, waived findings included.
    pub notes: usize,
    /// Findings waived by registry.toml (counted among the notes too).
    pub waived: usize,
}

impl Counts {
    /// Counts `diagnostics`.
    #[must_use]
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Self::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Note => counts.notes += 1,
            }
            counts.waived += usize::from(d.waiver.is_some());
        }
        counts
    }
}

fn severity_for(level: Level) -> Option<Severity> {
    match level {
        Level::Deny => Some(Severity::Error),
        Level::Warn => Some(Severity::Warning),
        Level::Allow => None,
    }
}
