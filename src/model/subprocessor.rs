//! `registry/subprocessors/<id>.toml`: one sub-processor and its transfers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Mechanism, Role};

/// A published link: `http` or `https`, a host of dot-separated labels
/// (none empty or starting or ending with `-`), no user name before the
/// host, a port from 1 to 65535, and no blank.
const URL_PATTERN: &str = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@:.\[\]\\-]([^\s/?#@:.\[\]\\]*[^\s/?#@:.\[\]\\-])?(\.[^\s/?#@:.\[\]\\-]([^\s/?#@:.\[\]\\]*[^\s/?#@:.\[\]\\-])?)*\.?(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?([/?#]\S*)?$";

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
    /// Where the personal data are stored or accessed: ISO 3166-1 alpha-2 codes, "EU" / "EEA" for somewhere inside that area, cloud regions written `provider:region` and judged as their country (e.g. "aws:eu-central-1", "gcp:europe-west3", "azure:germanywestcentral"; providers aws, azure, do, gcp, hetzner, oci, ovh, scaleway), or "not-stated" / "customer-choice" where the vendor does not say (reported by `location-unknown` until a place replaces it).
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub locations: Vec<String>,
    /// The sub-processor's website, an absolute `http` or `https` URL (a
    /// published link: no `javascript:` or `data:` scheme), with a host
    /// of dot-separated labels (none empty or starting or ending with `-`),
    /// no user name before the host (`https://aws.amazon.com@evil.example`
    /// goes to evil.example), a port from 1 to 65535, and no blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        url,
        regex(
            pattern = URL_PATTERN
        )
    )]
    pub website: Option<String>,
    /// Other names used for the entity in documents, e.g. ["AWS"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Categories of personal data it receives, e.g. ["account data"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<String>,
    /// When the entry was added to the published list (calendar date).
    pub added: Date,
    /// When customers were told of the entry, if not on the day it was `added` to the published list (a notice sent before the list was updated, calendar date): the notice period runs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<Date>,
    /// When processing starts; the notice period runs from `announced` (else `added`) to this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// When the sub-processor stopped processing; retired entries stay for history and leave the published table from that date. It is engaged from `effective` (or `added`) until the day before `removed`, and transfer rules judge it only on those days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Date>,
    /// The importer's role for the data: "processor" (acts on our instructions; the default) or "controller" (an independent controller, e.g. a payment provider). With the organisation's role it fixes the SCC module: controller->processor 2, controller->controller 1, processor->processor 3, processor->controller 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// One entry per (destination, mechanism): the legal basis of each transfer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    /// The section of the published list it appears in, e.g. "Infrastructure" or "AI providers"; the render context's `groups` gathers the entries of each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub group: Option<String>,
    /// Its place in the published list: entries are listed by `order`, then by id, and entries without one come after those with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 4_294_967_295_u32))]
    pub order: Option<u32>,
    /// The name the published list shows when it is not the legal entity's, e.g. "AWS"; `name` stays the entity that is judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub published_name: Option<String>,
    /// Notes the published list prints beside the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub notes: Vec<String>,
    /// Footnotes the published list attaches to the entry, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub footnotes: Vec<String>,
    /// Whose personal data it receives, e.g. ["customers", "customers' end users"] (GDPR Art. 28(3): the categories of data subjects).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub data_subjects: Vec<String>,
    /// Pages about the sub-processor (its DPA, its own sub-processor list, ...), each with the day it was consulted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The id of the sub-processor of this registry whose infrastructure this one runs on, e.g. "aws" (the file `subprocessors/aws.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub runs_on: Option<String>,
    /// Keys of this file whose values were assumed rather than taken from the organisation's records (by `subreg import`, which had to fill them in, or by whoever wrote them), e.g. ["added", "country"]. Each file with a list gets an `evidence-assumed` warning until the values are confirmed and the keys removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub assumed: Vec<RecordKey>,
}

impl Subprocessor {
    /// The safeguard of each transfer entry in force on `on` (no `ended`
    /// date, or one after `on`), as published: `DESTINATION:
    /// MECHANISM-ID`, e.g. `US: eu-scc-2021`, in the order of the file.
    #[must_use]
    pub fn safeguards(&self, on: Date) -> Vec<String> {
        self.transfers
            .iter()
            .filter(|t| t.ended.is_none_or(|ended| ended > on))
            .map(|t| format!("{}: {}", t.to, t.mechanism.id()))
            .collect()
    }
}

/// A page about a sub-processor, as the published list links it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the page is.
    pub kind: LinkKind,
    /// The page, an absolute `http` or `https` URL (the same rules as `website`).
    #[schemars(
        url,
        regex(
            pattern = URL_PATTERN
        )
    )]
    pub url: String,
    /// The day the page was last read (calendar date).
    pub consulted: Date,
    /// The link text the published list shows, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub title: Option<String>,
}

/// The kinds of page a sub-processor entry links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// The data processing agreement (GDPR Art. 28(3)).
    Dpa,
    /// The vendor's own list of sub-processors.
    Subprocessors,
    /// The vendor's privacy policy or notice.
    Privacy,
    /// The vendor's security or trust page.
    Security,
    /// Anything else.
    Other,
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
    /// For bcr: the authority that approved the rules: "eu" (an EEA supervisory authority, GDPR Art. 47 and 63-64), "ico" (UK Information Commissioner, UK GDPR Art. 47) or "fdpic" (Swiss FDPIC, FADP Art. 16(2)(e)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<Authority>,
    /// The first day on which this entry no longer applies (the contract ended, the certification lapsed); the entry stays for history and is ignored from that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Date>,
    /// Keys of this entry whose values were taken from the vendor's public documents (DPA, trust centre, DPF List page) rather than the organisation's own records, e.g. ["signed"]. They count as evidence, and the entry gets an `evidence-assumed` warning until they are confirmed and removed from this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<EntryKey>,
}

impl Transfer {
    /// A transfer entry with only `to` and `mechanism` set.
    #[must_use]
    pub fn new(to: impl Into<String>, mechanism: Mechanism) -> Self {
        Self {
            to: to.into(),
            mechanism,
            module: None,
            signed: None,
            tia: None,
            verified: None,
            reference: None,
            article: None,
            approved_by: None,
            ended: None,
            assumed: Vec::new(),
        }
    }

    /// Whether the entry applies on `date`: not yet `ended`.
    #[must_use]
    pub fn in_force(&self, date: Date) -> bool {
        self.ended.is_none_or(|ended| ended > date)
    }

    /// The keys of the entry that are set, other than `to`, `mechanism`, `ended` and `assumed`.
    #[must_use]
    pub fn evidence_keys(&self) -> Vec<EntryKey> {
        let mut out = Vec::new();
        let set = [
            (EntryKey::Module, self.module.is_some()),
            (EntryKey::Signed, self.signed.is_some()),
            (EntryKey::Tia, self.tia.is_some()),
            (EntryKey::Verified, self.verified.is_some()),
            (EntryKey::Reference, self.reference.is_some()),
            (EntryKey::Article, self.article.is_some()),
            (EntryKey::ApprovedBy, self.approved_by.is_some()),
        ];
        for (key, present) in set {
            if present {
                out.push(key);
            }
        }
        out
    }
}

/// An authority that approves Binding Corporate Rules.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Authority {
    /// An EEA supervisory authority, through the GDPR's consistency procedure (Arts. 47, 63-64).
    Eu,
    /// The UK Information Commissioner (UK GDPR Art. 47; DPA 2018 Sch. 21 para. 9).
    Ico,
    /// The Swiss Federal Data Protection and Information Commissioner (FADP Art. 16(2)(e)).
    Fdpic,
}

impl Authority {
    /// The word used in files, e.g. `ico`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Eu => "eu",
            Self::Ico => "ico",
            Self::Fdpic => "fdpic",
        }
    }
}

/// A key of a sub-processor file whose value can be assumed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecordKey {
    /// `country`: where the entity is established.
    Country,
    /// `purposes`.
    Purposes,
    /// `locations`.
    Locations,
    /// `added`: when it was engaged.
    Added,
    /// `effective`.
    Effective,
}

impl RecordKey {
    /// The key as written in files, e.g. `added`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Purposes => "purposes",
            Self::Locations => "locations",
            Self::Added => "added",
            Self::Effective => "effective",
        }
    }
}

/// A key of a `[[transfers]]` entry that carries evidence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKey {
    /// `mechanism`.
    Mechanism,
    /// `module`.
    Module,
    /// `signed`.
    Signed,
    /// `tia`.
    Tia,
    /// `verified`.
    Verified,
    /// `reference`.
    Reference,
    /// `article`.
    Article,
    /// `approved_by`.
    ApprovedBy,
}

impl EntryKey {
    /// The key as written in files, e.g. `approved_by`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Mechanism => "mechanism",
            Self::Module => "module",
            Self::Signed => "signed",
            Self::Tia => "tia",
            Self::Verified => "verified",
            Self::Reference => "reference",
            Self::Article => "article",
            Self::ApprovedBy => "approved_by",
        }
    }
}
