//! `registry/registry.toml`: who we are and which laws and documents apply.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Regime;

/// The contents of `registry/registry.toml`: the organisation, the regimes that apply, the documents kept in sync, rule levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "subreg registry", extend("$id" = "https://subreg.dev/schemas/registry.schema.json"))]
pub struct RegistryConfig {
    /// The regimes whose transfer rules apply to this organisation's data, e.g. ["eu-gdpr", "uk-gdpr"]. Each destination outside a regime's area needs a valid mechanism under that regime.
    #[schemars(length(min = 1))]
    pub regimes: Vec<Regime>,
    /// Calendar days of advance notice promised to customers before a new sub-processor starts processing (the objection window of the data processing agreement), at most 3653 (ten years: a longer period is a typo, and its end would fall past the calendar subreg dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 3653))]
    pub notice_days: Option<u32>,
    /// The organisation that publishes this list: the data exporter.
    pub organization: Organization,
    /// The list's "Last updated" date as published (calendar date); in the render context as `published`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<super::Date>,
    /// Documents whose marker regions subreg keeps in sync with this registry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentRef>,
    /// Level per rule name ("deny", "warn" or "allow"), overriding the rule's default; the command line's -D/-W/-A win over these.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Level>,
    /// Known gaps accepted for a while: each waives one rule's findings about one sub-processor until a date, instead of lowering the rule's level for every case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
}

/// A known gap accepted until a date (a transfer impact assessment being written, a vendor being replaced). While it holds, the findings it matches are notes naming its reason; after `until` they return at their level, with a `waiver-expired` finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule whose findings are waived, by name or code, e.g. "tia-missing" or "SR0205".
    #[schemars(length(min = 1))]
    pub rule: String,
    /// The id of the sub-processor the findings are about (its file stem), e.g. "aws".
    #[schemars(length(min = 1))]
    pub subprocessor: String,
    /// Only findings about this regime, e.g. "uk-gdpr"; all regimes when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
    /// Only findings about this destination, as the findings name it (an ISO 3166-1 alpha-2 code or a `provider:region`), e.g. "US"; all destinations when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub destination: Option<String>,
    /// Why the gap is accepted and what closes it, as a reviewer would read it, e.g. "TIA with counsel, ticket LEG-42".
    #[schemars(length(min = 1))]
    pub reason: String,
    /// The last day the waiver holds (calendar date, ISO 8601, inclusive).
    pub until: super::Date,
}

/// The organisation that publishes the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Legal name, exactly as printed in the policy, e.g. "UpSmith Sdn. Bhd.".
    #[schemars(length(min = 1))]
    pub name: String,
    /// Country of establishment, ISO 3166-1 alpha-2 in upper case, e.g. "MY".
    pub country: String,
    /// Whether the organisation is the controller or a processor of the data the sub-processors receive; decides the SCC module (2 or 3).
    pub role: Role,
    /// Other names that legitimately refer to the organisation, e.g. a trading name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The organisation's website, e.g. "https://upsmith.com": its host names the organisation in the ids of the change feed's entries (RFC 4151 tag URIs), and the feed links to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1), regex(pattern = r"^https?://[^/?#\s]+"))]
    pub website: Option<String>,
    /// The email address customers write to with questions and objections to a new sub-processor (GDPR Art. 28(2)), e.g. "privacy@example.com": the customer notice names it, and without a `website` it names the organisation in the change feed's ids (RFC 4151 allows an email address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"))]
    pub contact: Option<String>,
}

/// The organisation's role for the personal data its sub-processors receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// It decides the purposes and means of processing (GDPR Art. 4(7)); its vendors are processors, and SCC transfers to them use Module 2.
    Controller,
    /// It processes on behalf of its customers (GDPR Art. 4(8)); its vendors are sub-processors, and SCC transfers to them use Module 3.
    Processor,
}

impl Role {
    /// The word used in registry.toml, e.g. `processor`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Controller => "controller",
            Self::Processor => "processor",
        }
    }
}

/// A document with marker regions that subreg regenerates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// Path of the document, relative to registry.toml, e.g. "../docs/privacy-policy.md".
    #[schemars(length(min = 1))]
    pub path: String,
}

/// How a rule's findings are treated.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Findings are errors: `subreg check` exits 1.
    Deny,
    /// Findings are warnings: reported, exit code unaffected.
    Warn,
    /// Findings are hidden.
    Allow,
}

impl Level {
    /// The word used in registry.toml, e.g. `deny`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deny => "deny",
            Self::Warn => "warn",
            Self::Allow => "allow",
        }
    }
}
