//! The knowledge base: dated, sourced transfer-law facts, and the queries
//! the rules ask of them.
//!
//! The facts are data (`src/knowledge/data/*.toml`, compiled into the
//! binary), loaded through the same loader and generated schema as a
//! registry. A registry may add or replace records in
//! `registry/knowledge.toml`, for a decision adopted after a release.

mod assess;
mod places;

pub use assess::{Basis, Invalidity, NotApplicable, Verdict};
pub use places::{BUILTIN_REGIONS, Located, RegionRef, is_iso_country};

/// The law that decides a regime's transfers on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Law<'k> {
    /// The regime the registry follows.
    pub regime: Regime,
    /// The regime whose facts and area decide (another one for a period
    /// such as the UK's before 2021-01-01, when the EU GDPR applied there).
    pub facts: Regime,
    /// The period of the regime's law, when the base dates its law.
    pub epoch: Option<&'k Epoch>,
    /// How much of that law the knowledge base holds.
    pub coverage: Coverage,
}

impl Law<'_> {
    /// The law's name for findings: the instrument of its period, e.g.
    /// "Directive 95/46/EC, Arts. 25-26", or "" when the base has no epochs.
    #[must_use]
    pub fn instrument(&self) -> &str {
        self.epoch.map_or("", |e| e.law.as_str())
    }

    /// "eu-gdpr (Directive 95/46/EC, Arts. 25-26)": the regime and, for a
    /// past period of its law, the law then in force; the current law is
    /// the regime's own name.
    #[must_use]
    pub fn label(&self) -> String {
        match self.epoch {
            Some(e) if e.until.is_some() || e.judged_as.is_some() => {
                format!("{} ({})", self.regime, e.law)
            }
            _ => self.regime.id().to_owned(),
        }
    }
}

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Files, Rule, Span};
use crate::load::{Loaded, parse_file};
use crate::model::{
    AreaFact, Binds, Coverage, Date, DecisionFact, Epoch, KnowledgeFile, Mechanism, MechanismFact,
    Regime, RegionCatalogue, RiskFact, Role,
};
use crate::schema::{SchemaFile, Validators};

/// The built-in knowledge-base files: (name shown in diagnostics, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "<builtin>/knowledge/eu-gdpr.toml",
        include_str!("data/eu-gdpr.toml"),
    ),
    (
        "<builtin>/knowledge/uk-gdpr.toml",
        include_str!("data/uk-gdpr.toml"),
    ),
    (
        "<builtin>/knowledge/ch-fadp.toml",
        include_str!("data/ch-fadp.toml"),
    ),
    (
        "<builtin>/knowledge/my-pdpa.toml",
        include_str!("data/my-pdpa.toml"),
    ),
];

/// All facts in force for a run: the built-in base plus a registry's own.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// Areas, one per regime.
    pub areas: Vec<AreaFact>,
    /// Adequacy decisions and DPF-type frameworks.
    pub decisions: Vec<DecisionFact>,
    /// Validity of other mechanisms.
    pub mechanisms: Vec<MechanismFact>,
    /// Threats to valid mechanisms.
    pub risks: Vec<RiskFact>,
    /// Cloud providers' region tables, one per provider.
    pub regions: Vec<RegionCatalogue>,
    /// Decisions by regime and concrete destination (area groups expanded),
    /// so a lookup does not scan every record; rebuilt by [`Self::reindex`].
    // Ordered maps: a lookup is a few comparisons of short codes, cheaper
    // than hashing them, and asked once per transfer and rule.
    index: BTreeMap<Regime, BTreeMap<String, Vec<usize>>>,
}

impl AreaFact {
    /// The dated members that joined and have not left: what an area group
    /// such as "EEA" in a record or entry stands for besides `members`. A
    /// member that left (GB) is not covered by the group on any date.
    pub fn joined(&self) -> impl Iterator<Item = &str> {
        self.dated_members
            .iter()
            .filter(|m| m.until.is_none())
            .map(|m| m.code.as_str())
    }
}

/// A record of a registry's `knowledge.toml`: one that replaced a built-in
/// record of its id, or one it added. Both are reported, since verdicts
/// may rest on them and a pull request could otherwise add a fact in
/// silence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The record's id (an area's: its regime).
    pub id: String,
    /// Whether it replaced a built-in record (else it is new).
    pub replaced: bool,
    /// Where the record's id is.
    pub span: Span,
}

impl Knowledge {
    /// Loads the built-in base into `files`.
    ///
    /// # Errors
    /// Diagnostics for a built-in file that does not load: a bug in the
    /// release, reported like any other file's problems.
    pub fn builtin(files: &mut Files, validators: &Validators) -> Result<Self, Vec<Diagnostic>> {
        let mut knowledge = Self::default();
        let mut problems = Vec::new();
        for (name, text) in BUILTIN {
            let file = files.add(*name, *text);
            match parse_file::<KnowledgeFile>(
                file,
                name,
                Some(SchemaFile::Knowledge),
                files,
                validators,
            ) {
                Ok(loaded) => knowledge.extend(loaded.value),
                Err(found) => problems.extend(found),
            }
        }
        for (name, text) in BUILTIN_REGIONS {
            let file = files.add(*name, *text);
            match parse_file::<RegionCatalogue>(
                file,
                name,
                Some(SchemaFile::Regions),
                files,
                validators,
            ) {
                Ok(loaded) => knowledge.regions.push(loaded.value),
                Err(found) => problems.extend(found),
            }
        }
        if problems.is_empty() {
            knowledge.reindex();
            Ok(knowledge)
        } else {
            Err(problems)
        }
    }

    /// Adds a registry's `knowledge.toml`, read by the caller into `files`:
    /// a record whose id exists replaces it (returned, to be reported as a
    /// note); a new id adds a record.
    ///
    /// # Errors
    /// The file's structural problems.
    pub fn add_overrides(
        &mut self,
        file: crate::diag::FileId,
        files: &Files,
        validators: &Validators,
    ) -> Result<Vec<Override>, Vec<Diagnostic>> {
        let loaded: Loaded<KnowledgeFile> = parse_file(
            file,
            "knowledge",
            Some(SchemaFile::Knowledge),
            files,
            validators,
        )?;
        let mut overrides = Vec::new();
        let mut note = |id: &str, pointer: String, replaced: bool| {
            overrides.push(Override {
                id: id.to_owned(),
                replaced,
                span: loaded.span_at(&pointer),
            });
        };
        let value = loaded.value.clone();
        for (i, area) in value.areas.into_iter().enumerate() {
            let before = self.areas.len();
            self.areas.retain(|a| a.regime != area.regime);
            let replaced = self.areas.len() != before;
            note(area.regime.id(), format!("/areas/{i}/regime"), replaced);
            self.areas.push(area);
        }
        for (i, d) in value.decisions.into_iter().enumerate() {
            let replaced = replace_by_id(&mut self.decisions, d, |x| &x.id);
            note(
                &self
                    .decisions
                    .last()
                    .map(|x| x.id.clone())
                    .unwrap_or_default(),
                format!("/decisions/{i}/id"),
                replaced,
            );
        }
        for (i, m) in value.mechanisms.into_iter().enumerate() {
            let replaced = replace_by_id(&mut self.mechanisms, m, |x| &x.id);
            note(
                &self
                    .mechanisms
                    .last()
                    .map(|x| x.id.clone())
                    .unwrap_or_default(),
                format!("/mechanisms/{i}/id"),
                replaced,
            );
        }
        for (i, r) in value.risks.into_iter().enumerate() {
            let replaced = replace_by_id(&mut self.risks, r, |x| &x.id);
            note(
                &self.risks.last().map(|x| x.id.clone()).unwrap_or_default(),
                format!("/risks/{i}/id"),
                replaced,
            );
        }
        self.reindex();
        Ok(overrides)
    }

    /// The area of `regime`, if the base defines it.
    #[must_use]
    pub fn area(&self, regime: Regime) -> Option<&AreaFact> {
        self.areas.iter().find(|a| a.regime == regime)
    }

    /// The law deciding `regime`'s transfers on `date`: the period of its
    /// area's `epochs` that contains the date (none: a knowledge gap), or
    /// the regime's own facts when its area has no epochs.
    #[must_use]
    pub fn law(&self, regime: Regime, date: Date) -> Law<'_> {
        let area = self.area(regime);
        let epochs = area.map_or(&[][..], |a| a.epochs.as_slice());
        if epochs.is_empty() {
            return Law {
                regime,
                facts: regime,
                epoch: None,
                coverage: Coverage::Complete,
            };
        }
        let epoch = epochs.iter().find(|e| {
            e.from.is_none_or(|from| from <= date) && e.until.is_none_or(|until| until >= date)
        });
        Law {
            regime,
            facts: epoch.and_then(|e| e.judged_as).unwrap_or(regime),
            epoch,
            coverage: epoch.map_or(Coverage::None, |e| e.coverage),
        }
    }

    /// Whether `destination` is inside `regime`'s area on `date` (no
    /// transfer): a member, a dated member between its dates, or one of
    /// the area's groups. The area is the one of the regime whose facts
    /// decide on that date. An unknown regime area counts as outside, so
    /// nothing passes silently.
    #[must_use]
    pub fn in_area(&self, regime: Regime, destination: &str, date: Date) -> bool {
        let facts = self.law(regime, date).facts;
        self.area(facts).is_some_and(|a| {
            a.members.iter().any(|m| m == destination)
                || a.groups.iter().any(|g| g == destination)
                || a.dated_members.iter().any(|m| {
                    m.code == destination
                        && m.from.is_none_or(|from| from <= date)
                        && m.until.is_none_or(|until| until >= date)
                })
        })
    }

    /// The name of `regime`'s area for findings, e.g. "the EEA".
    #[must_use]
    pub fn area_name(&self, regime: Regime, date: Date) -> String {
        let facts = self.law(regime, date).facts;
        match self.area(facts).and_then(|a| a.groups.last()) {
            Some(group) => format!("the {group}"),
            None => self
                .area(facts)
                .map_or_else(|| facts.id().to_owned(), |a| a.members.join(", ")),
        }
    }

    /// Whether `regime`'s transfer rules are in force on `date`.
    #[must_use]
    pub fn in_force(&self, regime: Regime, date: Date) -> bool {
        self.area(regime)
            .and_then(|a| a.in_force)
            .is_none_or(|from| from <= date)
    }

    /// Whom `regime`'s transfer rules bind on `date`, when they do not bind
    /// an exporter of `role` (e.g. my-pdpa: s.129(1) binds the data user,
    /// which s.4 says is not a data processor); `None` when they bind it.
    #[must_use]
    pub fn not_binding(&self, regime: Regime, role: Role, date: Date) -> Option<&Binds> {
        self.law(regime, date)
            .epoch
            .and_then(|e| e.binds.as_ref())
            .filter(|b| !b.roles.contains(&role))
    }

    /// The texts that require a transfer impact assessment for `mechanism`
    /// under `regime` on `date`, in the base's order: those of the area of
    /// the regime whose facts decide then (the EU's for a UK exporter
    /// before 2021-01-01).
    #[must_use]
    pub fn assessment_texts(&self, regime: Regime, mechanism: Mechanism, date: Date) -> Vec<&str> {
        let facts = self.law(regime, date).facts;
        self.area(facts)
            .map(|a| {
                a.assessment_texts
                    .iter()
                    .filter(|t| t.applies(mechanism, date))
                    .map(|t| t.text.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first day of `regime`'s transfer rules and the instrument that
    /// laid them down (the law of the era that begins then, else the
    /// area's reference), when the base dates their start.
    #[must_use]
    pub fn start(&self, regime: Regime) -> Option<(Date, &str)> {
        let area = self.area(regime)?;
        let from = area.in_force?;
        let law = area
            .epochs
            .iter()
            .find(|e| e.from == Some(from))
            .map_or(area.reference.as_str(), |e| e.law.as_str());
        Some((from, law))
    }

    /// Whether a record about `destination` (or a transfer entry's `to`)
    /// covers the concrete destination `target`: the same code, or an
    /// area group such as "EEA" that contains it.
    #[must_use]
    pub fn covers(&self, destination: &str, target: &str) -> bool {
        destination == target
            || self.areas.iter().any(|a| {
                a.groups.iter().any(|g| g == destination)
                    && (a.members.iter().any(|m| m == target)
                        || a.joined().any(|m| m == target)
                        || a.groups.iter().any(|g| g == target))
            })
    }

    /// The decisions of `regime` about `destination`, any mechanism, any date.
    pub fn decisions_for<'a>(
        &'a self,
        regime: Regime,
        destination: &str,
    ) -> impl Iterator<Item = &'a DecisionFact> + use<'a> {
        let indices = self
            .index
            .get(&regime)
            .and_then(|m| m.get(destination))
            .map_or(&[][..], Vec::as_slice);
        indices.iter().filter_map(|i| self.decisions.get(*i))
    }

    /// Rebuilds the lookup index; call it after changing the record lists.
    pub fn reindex(&mut self) {
        let mut index: BTreeMap<Regime, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
        for (i, d) in self.decisions.iter().enumerate() {
            let mut covered = vec![d.destination.clone()];
            for area in self
                .areas
                .iter()
                .filter(|a| a.groups.contains(&d.destination))
            {
                covered.extend(area.members.iter().cloned());
                covered.extend(area.joined().map(str::to_owned));
                covered.extend(area.groups.iter().cloned());
            }
            covered.sort();
            covered.dedup();
            let by_destination = index.entry(d.regime).or_default();
            for destination in covered {
                by_destination.entry(destination).or_default().push(i);
            }
        }
        self.index = index;
    }

    /// The validity record of `mechanism` under `regime`.
    #[must_use]
    pub fn mechanism(&self, regime: Regime, mechanism: Mechanism) -> Option<&MechanismFact> {
        self.mechanisms
            .iter()
            .find(|m| m.regime == regime && m.mechanism == mechanism)
    }

    /// Whether any record of `regime` concerns `mechanism`.
    #[must_use]
    pub fn serves(&self, regime: Regime, mechanism: Mechanism) -> bool {
        self.mechanism(regime, mechanism).is_some()
            || self
                .decisions
                .iter()
                .any(|d| d.regime == regime && d.mechanism == mechanism)
    }

    /// Whether a whole-country decision of `regime` covers `destination`
    /// on `date` (then clauses need no transfer impact assessment).
    #[must_use]
    pub fn whole_adequacy(&self, regime: Regime, destination: &str, date: Date) -> bool {
        self.whole_decision(regime, destination, date).is_some()
    }

    /// The whole-country adequacy decision of the law deciding `regime` on
    /// `date` that covers `destination` (GDPR Art. 45(1): such a transfer
    /// needs no specific authorisation, so no transfer entry either).
    #[must_use]
    pub fn whole_decision(
        &self,
        regime: Regime,
        destination: &str,
        date: Date,
    ) -> Option<&DecisionFact> {
        let law = self.law(regime, date);
        if law.coverage == Coverage::None {
            return None;
        }
        self.decisions_for(law.facts, destination).find(|d| {
            d.scope == crate::model::Scope::Whole
                && d.mechanism == Mechanism::Adequacy
                && d.effective <= date
                && d.valid_until.is_none_or(|u| u >= date)
                && d.invalidated.is_none_or(|i| i > date)
        })
    }

    /// The regimes under which some record concerns `mechanism`.
    #[must_use]
    pub fn regimes_of(&self, mechanism: Mechanism) -> Vec<Regime> {
        Regime::ALL
            .into_iter()
            .filter(|r| self.serves(*r, mechanism))
            .collect()
    }

    /// Mechanisms a new transfer entry could use for `destination` under
    /// `regime` on `date`, between an exporter and an importer of these
    /// `roles`: the decisions in force that cover it, then the other
    /// mechanisms open to new contracts that serve the destination and are
    /// made for the two roles, derogations excluded (they are for
    /// occasional transfers).
    #[must_use]
    pub fn options(
        &self,
        regime: Regime,
        destination: &str,
        date: Date,
        roles: (Role, Role),
    ) -> Vec<Mechanism> {
        let (exporter, importer) = roles;
        let law = self.law(regime, date);
        if law.coverage == Coverage::None {
            return Vec::new();
        }
        let regime = law.facts;
        let decisions = self.decisions_for(regime, destination).filter(|d| {
            d.effective <= date
                && d.valid_until.is_none_or(|u| u >= date)
                && d.invalidated.is_none_or(|i| i > date)
        });
        let mechanisms = self.mechanisms.iter().filter(|m| {
            m.regime == regime
                && !m.occasional_only
                && m.available_from.is_none_or(|f| f <= date)
                && m.new_contracts_until.is_none_or(|u| u >= date)
                && m.valid_until.is_none_or(|u| u >= date)
                && m.invalidated.is_none_or(|i| i > date)
                // Clauses and BCRs are made for importers in third
                // countries: an international organisation (INT-EPO), which
                // BCRs (GDPR Art. 47: a group of undertakings) cannot bind,
                // is offered only what names it.
                && (if self.knows_organisation(destination) {
                    m.destinations.iter().any(|d| d == destination)
                } else {
                    m.destinations.is_empty() || m.destinations.iter().any(|d| d == destination)
                })
                && m.importer.is_none_or(|r| r == importer)
                && m.exporter.is_none_or(|r| r == exporter)
                && m.closed_to(exporter, date).is_none()
        });
        let mut out: Vec<Mechanism> = decisions.map(|d| d.mechanism).collect();
        for m in mechanisms.map(|m| m.mechanism) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// Whether `code` is an international organisation the base knows (`INT-EPO`).
    #[must_use]
    pub fn knows_organisation(&self, code: &str) -> bool {
        code.starts_with("INT-") && self.decisions.iter().any(|d| d.destination == code)
    }

    /// The earliest `checked` date of any record: how fresh the base is.
    #[must_use]
    pub fn oldest_check(&self) -> Option<Date> {
        let areas = self.areas.iter().map(|a| a.provenance.checked);
        let decisions = self.decisions.iter().map(|d| d.provenance.checked);
        let mechanisms = self.mechanisms.iter().map(|m| m.provenance.checked);
        let risks = self.risks.iter().map(|r| r.provenance.checked);
        areas.chain(decisions).chain(mechanisms).chain(risks).min()
    }

    fn extend(&mut self, file: KnowledgeFile) {
        self.areas.extend(file.areas);
        self.decisions.extend(file.decisions);
        self.mechanisms.extend(file.mechanisms);
        self.risks.extend(file.risks);
    }
}

/// Reads a registry's optional `knowledge.toml` into the source map.
///
/// # Errors
/// The I/O error when the file exists but cannot be read.
pub fn read_registry_knowledge(
    dir: &Path,
    repository: &crate::load::Repository,
    files: &mut Files,
) -> std::io::Result<Option<crate::diag::FileId>> {
    let path = dir.join("knowledge.toml");
    // A link out of the repository, a loop, a folder or a FIFO is refused
    // before anything is read, in the words registry.toml gets.
    let exists = repository.registry_file(&path).map_err(|reason| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}; {}", reason.message("knowledge.toml"), reason.fix()),
        )
    })?;
    if !exists {
        return Ok(None);
    }
    // Bounded like every registry file: the same limit, the same reasons.
    let limit = crate::limits::MAX_REGISTRY_FILE_BYTES;
    let bytes = crate::limits::read_bounded(&path, limit).map_err(|e| match e {
        crate::limits::ReadError::Io(error) => error,
        crate::limits::ReadError::TooLarge { size, .. } => std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is {}, more than the {} subreg reads in a registry file",
                crate::limits::human_size(size),
                crate::limits::human_size(limit)
            ),
        ),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text; save it as UTF-8",
        )
    })?;
    let name = crate::load::display_path(&path);
    Ok(Some(files.add(name, text)))
}

/// A note for each record a registry replaced.
#[must_use]
pub fn override_notes(overrides: &[Override]) -> Vec<Diagnostic> {
    overrides
        .iter()
        .map(|o| {
            let what = if o.replaced {
                "is replaced by"
            } else {
                "is added by"
            };
            Diagnostic::note(
                Rule::StaleKnowledge,
                format!(
                    "knowledge record `{}` {what} the registry's knowledge.toml: verdicts may rest on it",
                    o.id
                ),
                Some(o.span.clone()),
            )
            .with_note(
                "review it against its sources; remove it once a subreg release carries the same fact",
            )
        })
        .collect()
}

fn replace_by_id<T>(records: &mut Vec<T>, record: T, id: impl Fn(&T) -> &String) -> bool {
    let before = records.len();
    let new_id = id(&record).clone();
    records.retain(|r| *id(r) != new_id);
    let replaced = records.len() != before;
    records.push(record);
    replaced
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Result<Knowledge, String> {
        let validators = Validators::new()?;
        let mut files = Files::new();
        Knowledge::builtin(&mut files, &validators).map_err(|d| format!("{d:?}"))
    }

    #[test]
    fn the_builtin_base_loads() -> Result<(), String> {
        let k = builtin()?;
        assert!(k.in_area(Regime::EuGdpr, "DE", "2026-01-01".parse()?));
        assert!(k.in_area(Regime::EuGdpr, "EEA", "2026-01-01".parse()?));
        assert!(!k.in_area(Regime::EuGdpr, "GB", "2026-01-01".parse()?));
        assert!(k.covers("EEA", "NO"));
        assert!(!k.covers("EEA", "GB"));
        assert!(k.serves(Regime::EuGdpr, Mechanism::EuUsDpf));
        assert!(!k.serves(Regime::EuGdpr, Mechanism::UkIdta));
        assert!(k.knows_organisation("INT-EPO"));
        Ok(())
    }

    /// A group word covers the members that joined later and have not
    /// left (Croatia from 2013-07-01, Bulgaria from 2007-01-01), never one
    /// that left (the UK) nor a stranger.
    #[test]
    fn a_group_covers_the_members_that_joined_and_stayed() -> Result<(), String> {
        let k = builtin()?;
        assert!(k.covers("EEA", "HR"));
        assert!(k.covers("EU", "BG"));
        assert!(!k.covers("EEA", "GB"));
        assert!(!k.covers("EEA", "US"));
        let joined: Vec<&str> = k.area(Regime::EuGdpr).ok_or("no area")?.joined().collect();
        assert!(
            joined.contains(&"HR") && !joined.contains(&"GB"),
            "{joined:?}"
        );
        Ok(())
    }

    /// Findings name the area by its last group ("the EEA"), else its
    /// members; a code covers itself; whole-country adequacy is found for
    /// Argentina (Decision 2003/490/EC, from 2003-06-30), not before, and
    /// never for the scoped Japanese or US decisions.
    #[test]
    fn areas_are_named_and_whole_decisions_found() -> Result<(), String> {
        let k = builtin()?;
        let d = |s: &str| s.parse::<Date>();
        assert_eq!(k.area_name(Regime::EuGdpr, d("2026-01-01")?), "the EEA");
        assert_eq!(k.area_name(Regime::UkGdpr, d("2019-06-03")?), "the EEA");
        assert_eq!(k.area_name(Regime::MyPdpa, d("2026-01-01")?), "MY");
        assert!(k.covers("US", "US"));
        assert!(!k.covers("US", "CA"));
        assert!(k.whole_adequacy(Regime::EuGdpr, "AR", d("2003-06-30")?));
        assert!(!k.whole_adequacy(Regime::EuGdpr, "AR", d("2003-06-29")?));
        assert!(!k.whole_adequacy(Regime::EuGdpr, "JP", d("2026-01-01")?));
        assert!(!k.whole_adequacy(Regime::EuGdpr, "US", d("2026-01-01")?));
        Ok(())
    }

    /// A whole-country decision stops covering on the day it is
    /// invalidated (a judgment takes effect on its day), not the day after.
    #[test]
    fn an_invalidated_decision_covers_until_the_day_before() -> Result<(), String> {
        let validators = Validators::new()?;
        let mut files = Files::new();
        let mut k = Knowledge::builtin(&mut files, &validators).map_err(|d| format!("{d:?}"))?;
        let text = r#"
[[decisions]]
id = "eu-adequacy-zz-test"
regime = "eu-gdpr"
destination = "ZZ"
mechanism = "adequacy"
reference = "a decision struck down"
effective = 2020-01-01
invalidated = 2021-03-01
scope = "whole"
verification = "verified"
sources = ["a test"]
checked = 2026-12-01
"#;
        let file = files.add("registry/knowledge.toml", text);
        k.add_overrides(file, &files, &validators)
            .map_err(|d| format!("{d:?}"))?;
        let covered = |day: &str| -> Result<bool, String> {
            Ok(k.whole_decision(Regime::EuGdpr, "ZZ", day.parse()?)
                .is_some())
        };
        assert!(covered("2021-02-28")?);
        assert!(!covered("2021-03-01")?);
        assert!(!covered("2021-03-02")?);
        assert!(!covered("2019-12-31")?);
        Ok(())
    }

    /// A registry's knowledge.toml replaces a built-in record of the same
    /// id and adds a new one, each reported at its id.
    #[test]
    fn overrides_replace_by_id_and_add_new_records() -> Result<(), String> {
        let validators = Validators::new()?;
        let mut files = Files::new();
        let mut k = Knowledge::builtin(&mut files, &validators).map_err(|d| format!("{d:?}"))?;
        let text = r#"
[[decisions]]
id = "eu-adequacy-ch"
regime = "eu-gdpr"
destination = "CH"
mechanism = "adequacy"
reference = "replaced"
effective = 2000-07-26
scope = "whole"
verification = "verified"
sources = ["a test"]
checked = 2026-12-01

[[decisions]]
id = "eu-adequacy-zz-test"
regime = "eu-gdpr"
destination = "ZZ"
mechanism = "adequacy"
reference = "added"
effective = 2020-01-01
scope = "whole"
verification = "verified"
sources = ["a test"]
checked = 2026-12-01
"#;
        let before = k.decisions.len();
        let file = files.add("registry/knowledge.toml", text);
        let overrides = k
            .add_overrides(file, &files, &validators)
            .map_err(|d| format!("{d:?}"))?;
        let ids: Vec<(&str, bool)> = overrides
            .iter()
            .map(|o| (o.id.as_str(), o.replaced))
            .collect();
        assert_eq!(
            ids,
            [("eu-adequacy-ch", true), ("eu-adequacy-zz-test", false)]
        );
        assert_eq!(
            text.get(overrides[0].span.range.clone()),
            Some("\"eu-adequacy-ch\"")
        );
        assert_eq!(k.decisions.len(), before + 1);
        let reference = |id: &str| {
            k.decisions
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.reference.clone())
        };
        assert_eq!(reference("eu-adequacy-ch").as_deref(), Some("replaced"));
        assert_eq!(reference("eu-adequacy-zz-test").as_deref(), Some("added"));
        Ok(())
    }

    /// One instrument (a set of clauses, a framework) opens on one day
    /// whichever regime relies on it: no regime's record of it may start
    /// earlier, explicitly or by having no start of its own before the
    /// regime's rules begin. Generic kinds (BCRs, derogations, the
    /// Malaysian routes) are each regime's own and are not compared.
    #[test]
    fn no_record_opens_an_instrument_before_the_instrument_exists() -> Result<(), String> {
        let k = builtin()?;
        for m in &k.mechanisms {
            if matches!(
                m.mechanism,
                Mechanism::Bcr
                    | Mechanism::Derogation
                    | Mechanism::MyS129Assessment
                    | Mechanism::MyS129Exception
            ) {
                continue;
            }
            let Some(instrument) = k
                .mechanisms
                .iter()
                .filter(|o| o.mechanism == m.mechanism)
                .filter_map(|o| o.available_from)
                .min()
            else {
                continue;
            };
            // Without a start of its own a record applies from the first
            // day the regime is judged on its own facts.
            let own = k.area(m.regime).and_then(|a| {
                a.epochs
                    .iter()
                    .filter(|e| e.judged_as.is_none() && e.coverage != Coverage::None)
                    .map(|e| e.from)
                    .min()
                    .unwrap_or(a.in_force)
            });
            let start = m.available_from.or(own);
            assert!(
                start.is_some_and(|s| s >= instrument),
                "record `{}` opens `{}` from {start:?}, before the instrument ({instrument})",
                m.id,
                m.mechanism.id()
            );
        }
        Ok(())
    }

    /// One rule for every set of clauses: the day its text existed and the
    /// day it could be used are both data, so a contract signed in between
    /// is a basis from the second (the 2021 SCCs, the IDTA and Addendum).
    #[test]
    fn every_set_of_clauses_dates_its_text_and_its_use() -> Result<(), String> {
        let k = builtin()?;
        for m in &k.mechanisms {
            let clauses = m
                .mechanism
                .evidence_keys()
                .contains(&crate::model::EntryKey::Signed);
            if let (true, Some(from)) = (clauses, m.available_from) {
                let adopted = m.adopted.ok_or(format!("{}: no `adopted`", m.id))?;
                assert!(adopted <= from, "{}: adopted after available_from", m.id);
            }
        }
        Ok(())
    }

    #[test]
    fn record_ids_are_unique_across_the_builtin_files() -> Result<(), String> {
        let k = builtin()?;
        let ids: Vec<&str> = k
            .decisions
            .iter()
            .map(|d| d.id.as_str())
            .chain(k.mechanisms.iter().map(|m| m.id.as_str()))
            .chain(k.risks.iter().map(|r| r.id.as_str()))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for id in &ids {
            assert!(seen.insert(*id), "duplicate knowledge id {id}");
        }
        // eu-gdpr: 19 decisions (the TCA bridge and Hungary before 2004
        // included), 9 mechanisms, 4 risks; uk-gdpr: 16 + 7; ch-fadp: 15 +
        // 7; my-pdpa: 4 mechanisms.
        assert_eq!(ids.len(), 19 + 9 + 4 + 16 + 7 + 15 + 7 + 4);
        for regime in Regime::ALL {
            assert!(k.area(regime).is_some(), "no area for {regime}");
        }
        Ok(())
    }
}
