//! Cloud regions as locations, and locations that are not known.
//!
//! A location may be a provider's region written `provider:region`
//! (`aws:eu-central-1`): it is judged as the region's country and keeps
//! its region for rendering. The region tables are reference data, one file
//! per provider (`src/knowledge/regions/<provider>.toml`), each with its
//! source and the day it was checked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Date;

/// One provider's public regions: `src/knowledge/regions/<provider>.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "subreg cloud regions", extend("$id" = "https://subreg.dev/schemas/regions.schema.json"))]
pub struct RegionCatalogue {
    /// The prefix of `provider:region` locations, lower case, e.g. "aws".
    #[schemars(regex(pattern = r"^[a-z][a-z0-9]*$"))]
    pub provider: String,
    /// The provider's name, e.g. "Amazon Web Services".
    #[schemars(length(min = 1))]
    pub name: String,
    /// The provider's own public page that lists its regions (URL).
    #[schemars(url)]
    pub source: String,
    /// What was read to build the table: a repository, file and commit, or a page.
    #[schemars(length(min = 1))]
    pub read_from: String,
    /// The day the table was last compared with its source (calendar date).
    pub checked: Date,
    /// What could not be confirmed for the table as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
    /// Every public region, sorted by id.
    #[schemars(length(min = 1))]
    pub regions: Vec<CloudRegion>,
}

/// One region of a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudRegion {
    /// The region's id as the provider spells it, e.g. "eu-central-1"; matched without regard to ASCII case.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9-]*$"))]
    pub id: String,
    /// The provider's display name, e.g. "Europe (Frankfurt)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The city or metro area of its data centres, in English, e.g. "Frankfurt" (the provider's own word where it names only a state or country).
    #[schemars(length(min = 1))]
    pub city: String,
    /// The country of its data centres, ISO 3166-1 alpha-2, e.g. "DE".
    #[schemars(regex(pattern = "^[A-Z]{2}$"))]
    pub country: String,
    /// What could not be confirmed for this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
}

/// A location that the registry records as not known, in place of a
/// country: it cannot be judged, so `location-unknown` reports it until a
/// place replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unstated {
    /// `not-stated`: the vendor does not say where the data are.
    NotStated,
    /// `customer-choice`: the vendor stores them where its customer chooses.
    CustomerChoice,
}

impl Unstated {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Self; 2] = [Self::NotStated, Self::CustomerChoice];

    /// The word written in `locations`, e.g. `customer-choice`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::NotStated => "not-stated",
            Self::CustomerChoice => "customer-choice",
        }
    }

    /// The kind that `value` names, exactly as written.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.id() == value)
    }
}
