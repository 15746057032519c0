//! Knowledge-base files: dated, sourced transfer-law facts.
//!
//! The built-in base (`src/knowledge/data/*.toml`) and a registry's own
//! `registry/knowledge.toml` share this format and its generated schema.
//! Every record carries its legal reference, its dates, its scope, a
//! verification mark and the date it was last checked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Mechanism, Regime};

/// One knowledge-base file. Each list may be empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "subreg knowledge base", extend("$id" = "https://subreg.dev/schemas/knowledge.schema.json"))]
pub struct KnowledgeFile {
    /// Areas of regimes: where data may go without a transfer tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaFact>,
    /// Adequacy decisions and frameworks that work like them (DPF, data bridge), per destination.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionFact>,
    /// When each other mechanism (clauses, BCRs, derogations, historic frameworks) is valid under a regime.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<MechanismFact>,
    /// Pending litigation and other threats to a mechanism that is still valid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<RiskFact>,
}

/// Provenance shared by every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// How well the fact is established.
    pub verification: Verification,
    /// What remains to be confirmed, when `verification` is not `verified` or a detail is doubtful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
    /// Where the fact comes from: the official publication, judgment or secondary source.
    #[schemars(length(min = 1))]
    pub sources: Vec<String>,
    /// When the fact was last checked against its sources (calendar date).
    pub checked: Date,
}

/// How well a fact is established (the marks of transfer-law.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// Verified in a primary source, or two independent secondary ones: (v).
    Verified,
    /// One reputable secondary source: (s).
    Secondary,
    /// Not verified: (?). Findings that rely on it say "needs confirmation".
    Unverified,
}

impl Verification {
    /// The word used in files, e.g. `unverified`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Secondary => "secondary",
            Self::Unverified => "unverified",
        }
    }
}

/// The area of a regime: destinations inside it are not transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaFact {
    /// The regime.
    pub regime: Regime,
    /// ISO 3166-1 alpha-2 codes of the states in the area.
    #[schemars(length(min = 1))]
    pub members: Vec<String>,
    /// Location words that mean "somewhere inside this area", e.g. "EU", "EEA".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The law that defines the area, e.g. "GDPR Art. 44; EEA Agreement".
    pub reference: String,
    /// When the regime's transfer rules came into force; before it, no rule applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Date>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// An adequacy decision, or a framework that works like one for certified importers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionFact {
    /// Stable id of the record, e.g. "eu-adequacy-jp"; a registry's knowledge.toml overrides a record by id.
    pub id: String,
    /// The regime under which the decision was made.
    pub regime: Regime,
    /// The destination: ISO 3166-1 alpha-2, an area group such as "EEA", or an international organisation id such as "INT-EPO".
    pub destination: String,
    /// The mechanism a transfer entry names to rely on it: "adequacy", or a DPF mechanism for the US.
    pub mechanism: Mechanism,
    /// The instrument, e.g. "Commission Implementing Decision (EU) 2019/419".
    pub reference: String,
    /// CELEX number on EUR-Lex, where there is one, e.g. "32019D0419".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub celex: Option<String>,
    /// When it was adopted (calendar date), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Date>,
    /// First day on which it applies.
    pub effective: Date,
    /// Last day on which it applies, when it has an end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// First day on which it no longer applies because a court or authority struck it down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidated: Option<Date>,
    /// The judgment or act that struck it down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidated_by: Option<String>,
    /// Whether it covers every recipient in the destination or only some.
    pub scope: Scope,
    /// For a conditional scope: which recipients are covered, e.g. "organisations on the DPF List".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// History worth showing, e.g. extensions and renewals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Which recipients a decision covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every recipient in the destination.
    Whole,
    /// Only recipients that meet `condition`; the registry must confirm the importer does.
    Conditional,
}

/// When a mechanism other than a decision is valid under a regime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MechanismFact {
    /// Stable id of the record, e.g. "eu-scc-2010-eu".
    pub id: String,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The regime under which this record states its validity.
    pub regime: Regime,
    /// The instrument, e.g. "Commission Implementing Decision (EU) 2021/914".
    pub reference: String,
    /// CELEX number on EUR-Lex, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub celex: Option<String>,
    /// First day on which it can be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<Date>,
    /// Last day on which a new contract on it could be signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_contracts_until: Option<Date>,
    /// Last day on which any contract on it could be relied on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// First day on which it is invalid whatever its signing date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidated: Option<Date>,
    /// The judgment, act or finding that made it invalid or set its deadlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidated_by: Option<String>,
    /// Whether a transfer impact assessment must be documented for it.
    #[serde(default)]
    pub needs_tia: bool,
    /// First day from which the assessment is required (e.g. the Schrems II
    /// judgment, 2020-07-16, for EU clauses); absent: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia_required_from: Option<Date>,
    /// Months an assessment stays valid, when the law sets a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia_valid_months: Option<u32>,
    /// Whether it is meant only for occasional transfers (derogations).
    #[serde(default)]
    pub occasional_only: bool,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A threat to a mechanism that is still valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskFact {
    /// Stable id of the record, e.g. "dpf-latombe-appeal".
    pub id: String,
    /// The mechanisms at risk.
    #[schemars(length(min = 1))]
    pub mechanisms: Vec<Mechanism>,
    /// What threatens them, with dates and case numbers.
    pub summary: String,
    /// First day on which the risk is known.
    pub since: Date,
    /// Day on which it was resolved, when it is no longer pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Date>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}
