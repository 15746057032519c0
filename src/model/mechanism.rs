//! Transfer mechanisms: the legal bases a transfer entry may name.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::EntryKey;

/// The legal basis of a transfer. The regimes each mechanism
/// serves and the dates on which it is valid are facts of the knowledge
/// base; historic mechanisms are accepted so that the rules can say why they
/// no longer work.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// The destination has a whole-country adequacy finding under the regime (GDPR Art. 45, UK GDPR Art. 45, FADP Art. 16(1)).
    Adequacy,
    /// The US importer is certified under the EU-US Data Privacy Framework (Decision (EU) 2023/1795); eu-gdpr only. Needs `verified`.
    EuUsDpf,
    /// The US importer is certified to the UK Extension of the DPF, the "UK-US data bridge" (SI 2023/1028); uk-gdpr only. Needs `verified`.
    UkUsDataBridge,
    /// The US importer is certified under the Swiss-US Data Privacy Framework; ch-fadp only. Needs `verified`.
    SwissUsDpf,
    /// Standard Contractual Clauses of Decision (EU) 2021/914; eu-gdpr. Needs `module` (1-4), `signed` and, without adequacy, `tia`.
    #[serde(rename = "eu-scc-2021")]
    EuScc2021,
    /// The ICO International Data Transfer Agreement; uk-gdpr. Needs `signed` and `tia`.
    UkIdta,
    /// The ICO International Data Transfer Addendum to the EU SCCs; uk-gdpr. Needs `signed` and `tia`.
    UkAddendum,
    /// The EU 2021 SCCs with the Swiss adaptations recognised by the FDPIC; ch-fadp. Needs `signed` and `tia`.
    ChScc,
    /// Approved Binding Corporate Rules (GDPR Art. 47); `reference` names the approval.
    Bcr,
    /// A derogation for specific situations (GDPR Art. 49); `article` such as "49(1)(b)". Occasional transfers only.
    Derogation,
    /// PDPA s.129 as amended by Act A1727: a documented assessment that the destination's law is substantially similar or protection is equivalent; `tia` is the assessment's date.
    MyS129Assessment,
    /// A PDPA s.129(3) exception; `article` such as "129(3)(f)".
    MyS129Exception,
    /// Historic: EU-US Privacy Shield (Decision (EU) 2016/1250), invalidated by CJEU C-311/18 (Schrems II).
    PrivacyShield,
    /// Historic: Swiss-US Privacy Shield, found inadequate by the FDPIC.
    SwissUsPrivacyShield,
    /// Historic: Safe Harbor (Decision 2000/520/EC), invalidated by CJEU C-362/14 (Schrems I).
    SafeHarbor,
    /// Historic: SCCs of Decision 2010/87/EU (controller to processor), repealed by (EU) 2021/914.
    #[serde(rename = "eu-scc-2010")]
    EuScc2010,
    /// Historic: SCCs of Decision 2004/915/EC (controller to controller, set II), repealed by (EU) 2021/914.
    #[serde(rename = "eu-scc-2004")]
    EuScc2004,
    /// Historic: SCCs of Decision 2001/497/EC (controller to controller, set I), repealed by (EU) 2021/914.
    #[serde(rename = "eu-scc-2001")]
    EuScc2001,
    /// Historic: SCCs of Decision 2002/16/EC (controller to processor), replaced by Decision 2010/87/EU from 2010-05-15.
    #[serde(rename = "eu-scc-2002")]
    EuScc2002,
}

impl Mechanism {
    /// Every mechanism, in declaration order.
    pub const ALL: [Self; 19] = [
        Self::Adequacy,
        Self::EuUsDpf,
        Self::UkUsDataBridge,
        Self::SwissUsDpf,
        Self::EuScc2021,
        Self::UkIdta,
        Self::UkAddendum,
        Self::ChScc,
        Self::Bcr,
        Self::Derogation,
        Self::MyS129Assessment,
        Self::MyS129Exception,
        Self::PrivacyShield,
        Self::SwissUsPrivacyShield,
        Self::SafeHarbor,
        Self::EuScc2010,
        Self::EuScc2004,
        Self::EuScc2001,
        Self::EuScc2002,
    ];

    /// The kebab-case id used in files, e.g. `eu-us-dpf`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Adequacy => "adequacy",
            Self::EuUsDpf => "eu-us-dpf",
            Self::UkUsDataBridge => "uk-us-data-bridge",
            Self::SwissUsDpf => "swiss-us-dpf",
            Self::EuScc2021 => "eu-scc-2021",
            Self::UkIdta => "uk-idta",
            Self::UkAddendum => "uk-addendum",
            Self::ChScc => "ch-scc",
            Self::Bcr => "bcr",
            Self::Derogation => "derogation",
            Self::MyS129Assessment => "my-s129-assessment",
            Self::MyS129Exception => "my-s129-exception",
            Self::PrivacyShield => "privacy-shield",
            Self::SwissUsPrivacyShield => "swiss-us-privacy-shield",
            Self::SafeHarbor => "safe-harbor",
            Self::EuScc2010 => "eu-scc-2010",
            Self::EuScc2004 => "eu-scc-2004",
            Self::EuScc2001 => "eu-scc-2001",
            Self::EuScc2002 => "eu-scc-2002",
        }
    }
}

impl Mechanism {
    /// The keys of a `[[transfers]]` entry that mean something for this
    /// mechanism (besides `to`, `mechanism`, `ended` and `assumed`): any
    /// other key set on the entry is an `irrelevant-key` finding. This is
    /// the registry format's contract, not a fact of law.
    #[must_use]
    pub fn relevant_keys(self) -> &'static [EntryKey] {
        match self {
            Self::Adequacy => &[],
            Self::EuUsDpf
            | Self::UkUsDataBridge
            | Self::SwissUsDpf
            | Self::PrivacyShield
            | Self::SwissUsPrivacyShield
            | Self::SafeHarbor => &[EntryKey::Verified],
            Self::EuScc2021 | Self::UkAddendum | Self::ChScc => {
                &[EntryKey::Module, EntryKey::Signed, EntryKey::Tia]
            }
            Self::UkIdta
            | Self::EuScc2010
            | Self::EuScc2004
            | Self::EuScc2001
            | Self::EuScc2002 => &[EntryKey::Signed, EntryKey::Tia],
            Self::Bcr => &[EntryKey::Reference, EntryKey::ApprovedBy, EntryKey::Tia],
            Self::Derogation | Self::MyS129Exception => &[EntryKey::Article],
            Self::MyS129Assessment => &[EntryKey::Tia],
        }
    }

    /// The keys whose values are the mechanism itself: without them the
    /// entry is no basis (`evidence-missing`). A certification is its check
    /// on the DPF List, clauses are their signature, BCRs their approval, a
    /// derogation or exception the provision relied on, a Malaysian s.129
    /// assessment its date.
    #[must_use]
    pub fn evidence_keys(self) -> &'static [EntryKey] {
        match self {
            Self::Adequacy => &[],
            Self::EuUsDpf
            | Self::UkUsDataBridge
            | Self::SwissUsDpf
            | Self::PrivacyShield
            | Self::SwissUsPrivacyShield
            | Self::SafeHarbor => &[EntryKey::Verified],
            Self::EuScc2021
            | Self::UkAddendum
            | Self::ChScc
            | Self::UkIdta
            | Self::EuScc2010
            | Self::EuScc2004
            | Self::EuScc2001
            | Self::EuScc2002 => &[EntryKey::Signed],
            Self::Bcr => &[EntryKey::ApprovedBy, EntryKey::Reference],
            Self::Derogation | Self::MyS129Exception => &[EntryKey::Article],
            Self::MyS129Assessment => &[EntryKey::Tia],
        }
    }

    /// Whether the clauses come in modules (Decision (EU) 2021/914 and the
    /// instruments built on it).
    #[must_use]
    pub fn is_modular(self) -> bool {
        matches!(self, Self::EuScc2021 | Self::UkAddendum | Self::ChScc)
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_serde_names() -> Result<(), serde_json::Error> {
        for m in Mechanism::ALL {
            assert_eq!(serde_json::to_value(m)?, serde_json::json!(m.id()));
        }
        Ok(())
    }
}
