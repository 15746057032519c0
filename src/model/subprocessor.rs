//! `registry/subprocessors/<id>.toml`: one sub-processor and its transfers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Mechanism};

/// One sub-processor of `registry/subprocessors/<id>.toml`. Its id is the file stem, not a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "subreg sub-processor", extend("$id" = "https://subreg.dev/schemas/subprocessor.schema.json"))]
pub struct Subprocessor {
    /// Legal entity that processes the data, exactly as published in the table, e.g. "Amazon Web Services, Inc.".
    #[schemars(length(min = 1))]
    pub name: String,
    /// Country where the entity is established, ISO 3166-1 alpha-2 in upper case, e.g. "US". An importer established abroad receives the data even when it stores them at home.
    pub country: String,
    /// What the sub-processor does for us, as published, e.g. ["Data hosting"].
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub purposes: Vec<String>,
    /// Where the personal data are stored or accessed: ISO 3166-1 alpha-2 codes, or "EU" / "EEA" for somewhere inside that area.
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub locations: Vec<String>,
    /// The sub-processor's website, an absolute URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(url)]
    pub website: Option<String>,
    /// Other names used for the entity in documents, e.g. ["AWS"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Categories of personal data it receives, e.g. ["account data"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<String>,
    /// When the entry was added to the published list (calendar date).
    pub added: Date,
    /// When processing starts; the notice period runs from `added` to this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// When the sub-processor stopped processing; retired entries stay for history and leave the published table from that date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Date>,
    /// One entry per (destination, mechanism): the legal basis of each transfer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
}

/// The legal basis for sending data to one destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The destination outside the regime's area: an ISO 3166-1 alpha-2 code, e.g. "US".
    pub to: String,
    /// The legal basis: adequacy, eu-us-dpf, uk-us-data-bridge, swiss-us-dpf, eu-scc-2021, uk-idta, uk-addendum, ch-scc, bcr, derogation, my-s129-assessment or my-s129-exception (historic ones are accepted so that subreg can say why they no longer work).
    pub mechanism: Mechanism,
    /// SCC module: 1 controller to controller, 2 controller to processor, 3 processor to processor, 4 processor to controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 4))]
    pub module: Option<u8>,
    /// When the clauses or agreement were signed (calendar date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
    /// Date of the transfer impact assessment (for my-s129-assessment: of the s.129 assessment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tia: Option<Date>,
    /// For DPF mechanisms: when the importer's entry on the DPF List was last checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Date>,
    /// For bcr: the approval (authority and reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// For derogation and my-s129-exception: the provision relied on, e.g. "49(1)(b)" or "129(3)(f)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}
