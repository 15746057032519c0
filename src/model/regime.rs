//! Regimes: bodies of transfer law whose rules a registry declares it follows.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A body of transfer law. Which destinations are inside a
/// regime's area, and which mechanisms it recognises, are facts of the
/// knowledge base, not of this type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// EU GDPR, Chapter V (Regulation (EU) 2016/679, Art. 44-50); area: the EEA.
    EuGdpr,
    /// UK GDPR and Data Protection Act 2018, Chapter V; area: the United Kingdom (GB).
    UkGdpr,
    /// Swiss Federal Act on Data Protection (revised FADP, Art. 16-17); area: Switzerland (CH).
    ChFadp,
    /// Malaysian Personal Data Protection Act 2010 (Act 709), s.129; area: Malaysia (MY).
    MyPdpa,
}

impl Regime {
    /// Every regime, in declaration order.
    pub const ALL: [Self; 4] = [Self::EuGdpr, Self::UkGdpr, Self::ChFadp, Self::MyPdpa];

    /// The kebab-case id used in files, e.g. `eu-gdpr`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::EuGdpr => "eu-gdpr",
            Self::UkGdpr => "uk-gdpr",
            Self::ChFadp => "ch-fadp",
            Self::MyPdpa => "my-pdpa",
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
