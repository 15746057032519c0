//! Knowledge-base files: dated, sourced transfer-law facts.
//!
//! The built-in base (`src/knowledge/data/*.toml`) and a registry's own
//! `registry/knowledge.toml` share this format and its generated schema.
//! Every record carries its legal reference, its dates, its scope, a
//! verification mark and the date it was last checked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Authority, Date, Mechanism, Regime, Role};

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

/// How well a fact is established (the marks of the knowledge base: v, s, ?).
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
    /// Members whose place in the area is dated (accessions, a withdrawal, territories that changed status). A code listed here and not in `members` is inside the area only between its dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dated_members: Vec<DatedMember>,
    /// Why making personal data available to an importer established
    /// outside the area (remote access included) is a transfer even when
    /// the data are stored inside it: the provision or guidance, e.g. "EDPB
    /// Guidelines 05/2021". Absent: only the places the data go
    /// (`locations`) are destinations, not the importer's `country`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<String>,
    /// The texts that require a transfer impact assessment for clauses and
    /// BCRs under the regime, each cited only on the days it exists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_texts: Vec<DatedText>,
    /// When the regime's transfer rules came into force; before it, no rule applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Date>,
    /// The laws that governed the regime's transfers over time, each with its dates, the instrument findings name and how much of it the knowledge base holds. A date outside every epoch (when there are epochs) is a `knowledge-gap`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epochs: Vec<Epoch>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// The first day a mechanism serves exporters of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExporterFrom {
    /// The exporter's role.
    pub role: Role,
    /// The first day it serves them.
    pub from: Date,
    /// The text that opened it to them, e.g. "Article 29 Working Party, WP 195 of 6 June 2012".
    pub reference: String,
}

/// A text a finding cites, between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedText {
    /// First day it exists (adoption, judgment); absent: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day it is cited (superseded); absent: still cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The citation, e.g. "CJEU C-311/18 Schrems II, ECLI:EU:C:2020:559".
    pub text: String,
    /// The mechanisms it concerns (e.g. Clause 14 the 2021 SCCs only); empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<Mechanism>,
}

impl DatedText {
    /// Whether it is cited for `mechanism` on `date`.
    #[must_use]
    pub fn applies(&self, mechanism: Mechanism, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date)
            && self.until.is_none_or(|u| date <= u)
            && (self.mechanisms.is_empty() || self.mechanisms.contains(&mechanism))
    }
}

/// A member of an area between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedMember {
    /// ISO 3166-1 alpha-2 code, e.g. "HR".
    pub code: String,
    /// First day inside the area; absent: since before any date judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day inside the area; absent: still inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The instrument that dates it, e.g. "Treaty of Accession of Croatia, OJ L 112, 24.4.2012".
    pub reference: String,
}

/// One period of a regime's transfer law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Epoch {
    /// First day of the period; absent: from the beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day of the period; absent: still in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The law findings name for dates in the period, e.g. "Directive 95/46/EC, Arts. 25-26".
    pub law: String,
    /// The provision under which an adequacy finding lets data flow with no
    /// further authorisation in this period, e.g. "Directive 95/46/EC
    /// Art. 25(6)" or "GDPR Art. 45(1)": what a note on whole-country
    /// adequacy cites for a day in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adequacy: Option<String>,
    /// Another regime whose facts and area decide transfers in this period, e.g. eu-gdpr for a UK exporter before 2021-01-01.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged_as: Option<Regime>,
    /// The exporters the period's transfer rules bind, by role; absent:
    /// controllers and processors alike (GDPR Art. 44 binds both). An
    /// organisation of another role is not judged under the regime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binds: Option<Binds>,
    /// How much of the period's law the knowledge base holds.
    #[serde(default)]
    pub coverage: Coverage,
}

/// Whom a period's transfer rules bind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Binds {
    /// The exporter roles the rules address, e.g. `["controller"]`.
    #[schemars(length(min = 1))]
    pub roles: Vec<Role>,
    /// The provisions that say so, e.g. "PDPA 2010 s.129(1) (a data user;
    /// s.4: not a data processor)".
    pub reference: String,
    /// What is not confirmed about it, when something is: the finding
    /// that relies on it says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
}

/// How much of a period's law the knowledge base holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Its adequacy findings and mechanisms: transfers are judged.
    #[default]
    Complete,
    /// Its mechanisms but not its list of adequate destinations: a destination with no valid entry is a `knowledge-gap`, not unlawful.
    NoAdequacyList,
    /// Nothing: every transfer in the period is a `knowledge-gap`.
    None,
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
    /// For a certification-based framework: the first day its list could
    /// hold a certification, when earlier than the day it took effect (the
    /// UK Extension and the Swiss-US DPF accepted certifications from
    /// 2023-07-17, before the UK and Swiss acts applied). A `verified` check
    /// from this day is evidence; absent: the first day of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifiable_from: Option<Date>,
    /// For a certification-based framework: the list an importer's
    /// certification is checked on, as findings name it, e.g. "the Privacy
    /// Shield List".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Whether it covers every recipient in the destination or only some.
    pub scope: Scope,
    /// For a conditional scope: which recipients are covered, e.g. "organisations on the DPF List".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// History worth showing, e.g. extensions and renewals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// For an instrument that is no adequacy decision but has its effect:
    /// what it makes of a transmission, said in place of "covered by", e.g.
    /// "not a transfer to a third country" (the EU-UK Trade and Cooperation
    /// Agreement's interim provision, Art. 782).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    /// Later acts that amended, extended or renewed it, each dated: a finding
    /// about a day names only those in force on or before that day (a
    /// decision judged in 2003 is not "as amended by (EU) 2016/2295").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A dated act that changed a decision: an amendment, extension or renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// First day on which it applies.
    pub from: Date,
    /// How findings name it after `reference`, e.g. "as amended by Implementing Decision (EU) 2016/2295".
    pub text: String,
}

impl DecisionFact {
    /// The decision's name on `date`: its `reference` followed by the
    /// amendments that apply on or before that day.
    #[must_use]
    pub fn reference_on(&self, date: Date) -> String {
        let mut out = self.reference.clone();
        for amendment in self.amendments.iter().filter(|a| a.from <= date) {
            out.push_str(", ");
            out.push_str(&amendment.text);
        }
        out
    }
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
    /// When the instrument's text first existed (adopted, or laid before Parliament): a contract on it signed from this day, before `available_from`, is a basis from `available_from` (the 2021 SCCs: adopted 2021-06-04, in force 2021-06-27; the IDTA: laid 2022-02-02, in force 2022-03-21). A signing before this day (or before `available_from` when absent) predates the instrument. Every set of clauses with an `available_from` states it, so all follow the same rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Date>,
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
    /// For a certification-based framework: the first day its list could
    /// hold a certification, when earlier than the day it took effect (the
    /// UK Extension and the Swiss-US DPF accepted certifications from
    /// 2023-07-17, before the UK and Swiss acts applied). A `verified` check
    /// from this day is evidence; absent: the first day of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifiable_from: Option<Date>,
    /// For a certification-based framework: the list an importer's
    /// certification is checked on, as findings name it, e.g. "the Privacy
    /// Shield List".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Exporter roles for which the mechanism opened later than for others,
    /// e.g. BCRs for processors only from WP 195 (2012-06-06).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exporters_from: Vec<ExporterFrom>,
    /// Whether a transfer impact assessment must be documented for it.
    #[serde(default)]
    pub needs_tia: bool,
    /// First day from which the assessment is required (e.g. the Schrems II
    /// judgment, 2020-07-16, for EU clauses); absent: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia_required_from: Option<Date>,
    /// SCC modules whose clauses require no assessment as a rule, e.g.
    /// `[4]` for the 2021 SCCs: Clause 14 applies in Module Four only where
    /// the processor in the EU combines the personal data received from the
    /// controller in the third country with personal data it collected in
    /// the EU.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tia_not_for_modules: Vec<u8>,
    /// Months an assessment stays valid, when the law sets a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia_valid_months: Option<u32>,
    /// The text that sets `tia_valid_months`, cited when an assessment has
    /// expired, e.g. "Guideline No. 3/2025, Cross Border Personal Data
    /// Transfer (2025-04-29)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia_valid_because: Option<String>,
    /// Whether it is meant only for occasional transfers (derogations).
    #[serde(default)]
    pub occasional_only: bool,
    /// For an occasional-only mechanism: the text that says so, as a
    /// finding cites it, e.g. "GDPR recital 111; EDPB Guidelines 2/2018".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional_because: Option<String>,
    /// The provisions an entry's `article` may name under this regime, each exactly (e.g. "49(1)(a)" ... "49(1)(g)"), compared after dropping "Art."/"Article"/"s." and spaces; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// For a framework that serves one destination (Safe Harbor and the
    /// Privacy Shields: the United States), its ISO 3166-1 alpha-2 codes;
    /// empty: any destination.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// For clauses made for one kind of importer (the 2001 and 2004 SCCs for controllers, the 2010 SCCs for processors): that role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importer: Option<Role>,
    /// For clauses made for one kind of exporter (every pre-2021 set of SCCs: a controller, Decision 2010/87/EU recital 23; a processor signs them only under its controller's mandate, WP 176): that role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exporter: Option<Role>,
    /// For bcr: the authorities whose approval serves this regime; empty: any approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<Authority>,
    /// Earlier wording of the basis, for dates before a change of law (e.g. Directive 95/46/EC before the GDPR): `reference` and `articles` for dates up to `until`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierBasis>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// How a mechanism was referred to before a change of law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierBasis {
    /// Last day on which this wording applies.
    pub until: Date,
    /// The instrument, e.g. "Directive 95/46/EC Art. 26(1)".
    pub reference: String,
    /// The provisions an entry's `article` may name up to `until`, each exactly; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// For bcr: the authorities whose approval served the regime up to `until` (e.g. the ICO under the EU GDPR until 2020-12-31); empty: those of the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<Authority>,
    /// For a derogation: the text that made it occasional-only up to `until`; absent: the record's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional_because: Option<String>,
}

/// Whether a threat is a case still to be decided or a ruling already given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskStatus {
    /// A case pending before a court: the mechanism may fall when it is decided.
    #[default]
    Pending,
    /// A ruling already given that undermines the mechanism's premises; the mechanism stands until repealed or annulled.
    Decided,
    /// A challenge announced but not (known to be) filed.
    Announced,
}

impl RiskStatus {
    /// How a finding describes it.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Pending => "pending case",
            Self::Decided => "decided ruling",
            Self::Announced => "announced challenge, not yet filed",
        }
    }
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
    /// The mechanisms the case or ruling is directly about (Latombe: only
    /// Decision (EU) 2023/1795, `eu-us-dpf`); the others of `mechanisms`
    /// rest on the same framework and are at risk indirectly. Empty: all
    /// directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Mechanism>,
    /// What threatens them, with dates and case numbers, as known on the
    /// days the record applies (from `since`, before `resolved`): never a
    /// later event.
    pub summary: String,
    /// Whether it is a pending case, a decided ruling or an announced challenge.
    #[serde(default)]
    pub status: RiskStatus,
    /// First day on which the risk is known.
    pub since: Date,
    /// Day on which it was resolved, when it is no longer pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Date>,
    /// Where the fact comes from and how sure it is.
    #[serde(flatten)]
    pub provenance: Provenance,
}
