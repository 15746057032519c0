//! `evidence-missing`: an entry lacks the evidence that is the mechanism
//! itself, so it is no basis for the transfer.

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Basis, Invalidity, Verdict};
use crate::model::Field;
use crate::model::{Date, EntryKey, Mechanism};

use super::transfers::Evaluation;

/// What `subreg explain evidence-missing` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags a transfer entry that lacks the evidence that is the mechanism: a DPF mechanism (`eu-us-dpf`, `uk-us-data-bridge`, `swiss-us-dpf`) with no `verified` date; clauses (`eu-scc-2021`, `uk-idta`, `uk-addendum`, `ch-scc`, the old SCCs) with no `signed` date; `bcr` with no `approved_by` or `reference`; a `derogation` or `my-s129-exception` with no `article`; a `my-s129-assessment` with no `tia` date, or one past its 3-year validity. Such an entry is no basis, so the finding is an error and replaces `transfer-without-mechanism` for the destination; a warning when another complete entry or a whole-country decision covers the destination.",
    why: "A DPF decision covers only organisations whose certification is active on the DPF List on the day of the transfer (Decision (EU) 2023/1795, Annex I); clauses bind only once signed (GDPR Art. 46(2)(c)); BCRs are a basis only once approved by the competent authority (GDPR Art. 47(1)); a derogation or exception is a specific provision; under PDPA s.129 as amended by Act A1727 the documented assessment is the basis, valid for three years (Guideline No. 3/2025). Without the evidence the registry claims a basis it cannot show.",
    example: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"",
    fix: "[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01   # the day the DPF List entry was checked",
};

/// An entry without the evidence that is its mechanism.
pub struct EvidenceMissing<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The destination.
    pub destination: &'a str,
    /// The regime, with the law then in force for a past period.
    pub regime: String,
    /// The instrument the entry relies on.
    pub reference: String,
    /// The list a certification under it is checked on (certification-based frameworks).
    pub list: String,
    /// What is missing.
    pub what: Missing,
    /// Whether another entry or a whole-country decision still covers the destination (then a warning).
    pub covered: bool,
    /// The entry's `mechanism` or `tia`.
    pub span: Span,
}

/// What an entry lacks.
pub enum Missing {
    /// These keys are absent.
    Keys(Vec<EntryKey>),
    /// The evidence predates the instrument.
    Before {
        /// The key.
        key: EntryKey,
        /// Its date.
        date: Date,
        /// The instrument's first day.
        from: Date,
    },
    /// The assessment is past its validity.
    Expired {
        /// Its date.
        tia: Date,
        /// Its last valid day.
        until: Date,
        /// The period in months.
        months: u32,
        /// The text that sets the period (knowledge data).
        because: Option<String>,
    },
}

impl From<EvidenceMissing<'_>> for Diagnostic {
    fn from(f: EvidenceMissing<'_>) -> Self {
        let covered = f.covered;
        let d = match f.what {
            Missing::Keys(keys) => {
                let names: Vec<String> = keys.iter().map(|k| format!("`{}`", k.id())).collect();
                let mut d = Diagnostic::new(
                    Rule::EvidenceMissing,
                    format!(
                        "{}: the `{}` entry for {} has no {}: without it the entry is no basis under {}",
                        f.subprocessor,
                        f.mechanism,
                        f.destination,
                        names.join(" or "),
                        f.regime
                    ),
                    Some(f.span),
                )
                .with_note(f.reference.clone());
                for key in keys {
                    d = if key == EntryKey::Verified {
                        d.with_note(format!(
                            "set `verified` to the day you checked that the importer's certification is active on {}, for the part of the framework relied on",
                            f.list
                        ))
                    } else {
                        d.with_note(explain(key))
                    };
                }
                d
            }
            Missing::Before { key, date, from } => Diagnostic::new(
                Rule::EvidenceMissing,
                format!(
                    "{}: the `{}` entry for {} has `{}` = {date}, before {} could hold a certification ({from}): it is no evidence, so the entry is no basis under {}",
                    f.subprocessor,
                    f.mechanism,
                    f.destination,
                    key.id(),
                    f.list,
                    f.regime
                ),
                Some(f.span),
            )
            .with_note(f.reference.clone())
            .with_note(explain(key)),
            Missing::Expired {
                tia,
                until,
                months,
                because,
            } => Diagnostic::new(
                Rule::EvidenceMissing,
                format!(
                    "{}: the `{}` assessment of {tia} for {} was valid until {until} ({months} month{}): the transfer has no basis under {}",
                    f.subprocessor, f.mechanism, f.destination, if months == 1 { "" } else { "s" }, f.regime
                ),
                Some(f.span),
            )
            .with_note(match because {
                Some(because) => format!(
                    "{}: an assessment is valid for {months} month{} ({because})",
                    f.reference,
                    if months == 1 { "" } else { "s" }
                ),
                None => format!(
                    "{}: an assessment is valid for {months} month{}",
                    f.reference,
                    if months == 1 { "" } else { "s" }
                ),
            })
            .with_note("repeat the assessment and set `tia` to its date"),
        };
        if covered {
            d.with_severity(crate::diag::Severity::Warning)
                .with_note("another entry covers the destination, so the transfer keeps a basis; complete or delete this one")
        } else {
            d
        }
    }
}

/// What each key of evidence is, and how to record it.
fn explain(key: EntryKey) -> &'static str {
    match key {
        EntryKey::Verified => {
            "set `verified` to the day you checked that the importer's certification is active on the framework's list, for the part of the framework relied on"
        }
        EntryKey::Signed => {
            "set `signed` to the day the clauses were signed (or the vendor's DPA accepted); unsigned clauses bind nobody"
        }
        EntryKey::ApprovedBy => {
            "set `approved_by` to the authority that approved the BCRs: \"eu\" (an EEA supervisory authority), \"ico\" or \"fdpic\""
        }
        EntryKey::Reference => "set `reference` to the approval's reference",
        EntryKey::Article => {
            "set `article` to the provision relied on, e.g. \"49(1)(a)\" or \"129(3)(a)\""
        }
        EntryKey::Tia => "set `tia` to the date of the documented assessment",
        EntryKey::Module | EntryKey::Mechanism => "add the key",
    }
}

pub(super) fn check(evaluations: &[Evaluation<'_>], out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for e in evaluations {
        for (index, verdict) in &e.entries {
            let Verdict::Invalid(invalidity) = verdict else {
                continue;
            };
            let (basis, what, at): (&Basis<'_>, Missing, EntryKey) = match invalidity {
                Invalidity::EvidenceMissing { basis, missing } => {
                    (basis, Missing::Keys(missing.clone()), EntryKey::Mechanism)
                }
                Invalidity::EvidenceBefore {
                    basis,
                    key,
                    date,
                    from,
                } => (
                    basis,
                    Missing::Before {
                        key: *key,
                        date: *date,
                        from: *from,
                    },
                    *key,
                ),
                Invalidity::AssessmentExpired {
                    basis,
                    tia,
                    until,
                    months,
                } => (
                    basis,
                    Missing::Expired {
                        tia: *tia,
                        until: *until,
                        months: *months,
                        because: match basis {
                            Basis::Mechanism(m) => m.tia_valid_because.clone(),
                            Basis::Decision(_) => None,
                        },
                    },
                    EntryKey::Tia,
                ),
                _ => continue,
            };
            // A derogation for a sub-processor is no basis whatever its
            // evidence: derogation-for-routine-transfer blames the entry and
            // names what it lacks. One defect, one error.
            if matches!(basis, Basis::Mechanism(m) if m.occasional_only) {
                continue;
            }
            let Some(entry) = e.subprocessor.value.transfers.get(*index) else {
                continue;
            };
            // Per destination too: whether another entry covers it differs.
            let key = (e.subprocessor.file, *index, e.regime, e.destination.code);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            out.push(
                Diagnostic::from(EvidenceMissing {
                    subprocessor: &e.subprocessor.value.name,
                    mechanism: entry.mechanism,
                    destination: e.destination.code,
                    regime: e.law.label(),
                    reference: basis.reference_on(e.as_of),
                    list: basis.list().to_owned(),
                    what,
                    covered: e.valid_entry().is_some() || e.adequacy.is_some(),
                    span: e.subprocessor.span(Field::entry(*index, at)),
                })
                .with_subject(e.subject(Some(entry.mechanism)).entry(*index)),
            );
        }
    }
}
