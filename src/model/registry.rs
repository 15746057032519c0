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
    /// Calendar days of advance notice promised to customers before a new sub-processor starts processing (the objection window of the data processing agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
