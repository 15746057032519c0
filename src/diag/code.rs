//! The catalogue of rules: stable names, codes and default levels.
//!
//! This table is the one place where a rule's identity is defined. Codes are
//! assigned once and never reused: a retired rule keeps its code reserved.

use std::fmt;
use std::str::FromStr;

use crate::model::Level;

macro_rules! rules {
    ($($(#[doc = $doc:literal])* $variant:ident => ($name:literal, $code:literal, $level:ident, $group:ident),)*) => {
        /// A rule: one kind of finding, with a stable kebab-case name,
        /// a stable code and a default level.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case name, e.g. `transfer-without-mechanism`.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The stable code, e.g. `SR0201`.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// The level a finding has unless configured otherwise.
            #[must_use]
            pub fn default_level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// The family the rule belongs to.
            #[must_use]
            pub fn group(self) -> Group {
                match self { $(Rule::$variant => Group::$group,)* }
            }

            /// A one-line summary of what the rule reports.
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

rules! {
    /// The file is not valid TOML.
    TomlSyntax => ("toml-syntax", "SR0101", Deny, Structural),
    /// A value does not match the generated JSON Schema.
    SchemaViolation => ("schema-violation", "SR0102", Deny, Structural),
    /// A key that the file format does not define.
    UnknownKey => ("unknown-key", "SR0103", Deny, Structural),
    /// The file is not UTF-8 text.
    InvalidEncoding => ("invalid-encoding", "SR0104", Deny, Structural),
    /// A sub-processor file name that is not a valid id.
    InvalidId => ("invalid-id", "SR0105", Deny, Structural),
    /// A document or file named by the registry that lies outside the repository; its level cannot be lowered.
    PathOutsideRepository => ("path-outside-repository", "SR0106", Deny, Structural),
    /// A transfer to a destination outside a regime's area without a valid mechanism.
    TransferWithoutMechanism => ("transfer-without-mechanism", "SR0201", Deny, Transfers),
    /// A mechanism that was invalidated, repealed or has expired on the as-of date.
    InvalidatedMechanism => ("invalidated-mechanism", "SR0202", Deny, Transfers),
    /// A mechanism that does not serve this regime or destination; an error when it leaves the destination without a basis.
    MechanismNotApplicable => ("mechanism-not-applicable", "SR0203", Deny, Transfers),
    /// An adequacy decision that covers only some recipients in the destination.
    ScopedAdequacy => ("scoped-adequacy", "SR0204", Warn, Transfers),
    /// Clauses or BCRs without a transfer impact assessment.
    TiaMissing => ("tia-missing", "SR0205", Warn, Transfers),
    /// An assessment older than its period of validity.
    TiaExpired => ("tia-expired", "SR0206", Warn, Transfers),
    /// A DPF certification not checked recently.
    DpfVerificationStale => ("dpf-verification-stale", "SR0207", Warn, Transfers),
    /// Standard Contractual Clauses of the wrong module for the two parties' roles.
    SccModuleMismatch => ("scc-module-mismatch", "SR0208", Deny, Transfers),
    /// A derogation used for a standing sub-processor relationship.
    DerogationForRoutineTransfer => ("derogation-for-routine-transfer", "SR0209", Deny, Transfers),
    /// A transfer entry for a destination that is not among the sub-processor's locations.
    TransferOutsideLocations => ("transfer-outside-locations", "SR0210", Warn, Transfers),
    /// A mechanism under pending legal challenge.
    TransferAtRisk => ("transfer-at-risk", "SR0211", Warn, Transfers),
    /// The knowledge base has not been checked recently.
    StaleKnowledge => ("stale-knowledge", "SR0212", Warn, Transfers),
    /// A transfer entry without the evidence that is its mechanism (DPF check, signature, approval, provision, assessment).
    EvidenceMissing => ("evidence-missing", "SR0213", Deny, Transfers),
    /// A key of a transfer entry that means nothing for its mechanism.
    IrrelevantKey => ("irrelevant-key", "SR0214", Warn, Transfers),
    /// Evidence taken from the vendor's public documents, still to confirm.
    EvidenceAssumed => ("evidence-assumed", "SR0215", Warn, Transfers),
    /// A transfer the knowledge base holds no facts to judge on the as-of date.
    KnowledgeGap => ("knowledge-gap", "SR0216", Deny, Transfers),
    /// Notes: why a transfer passes, or that a destination is no transfer.
    TransferLawful => ("transfer-lawful", "SR0217", Allow, Transfers),
    /// Notes: a verdict rests on a fact not verified in a primary source.
    FactUnconfirmed => ("fact-unconfirmed", "SR0218", Allow, Transfers),
    /// A country or location that is not an ISO 3166-1 alpha-2 code.
    UnknownCountry => ("unknown-country", "SR0301", Deny, Registry),
    /// Two files describe the same legal entity.
    DuplicateSubprocessor => ("duplicate-subprocessor", "SR0302", Deny, Registry),
    /// Dates in the wrong order.
    DateOrder => ("date-order", "SR0303", Deny, Registry),
    /// Less notice than the registry promises.
    NoticePeriodTooShort => ("notice-period-too-short", "SR0304", Warn, Registry),
    /// A location too vague to assess.
    VagueLocation => ("vague-location", "SR0305", Deny, Registry),
    /// A location recorded as not stated by the vendor or left to the customer's choice.
    LocationUnknown => ("location-unknown", "SR0306", Deny, Registry),
    /// A `runs_on` that names no other sub-processor of the registry.
    UnknownReference => ("unknown-reference", "SR0307", Deny, Registry),
    /// A waiver past its `until` date: the findings it waived are reported again.
    WaiverExpired => ("waiver-expired", "SR0308", Warn, Registry),
    /// A waiver that waives no finding.
    WaiverUnused => ("waiver-unused", "SR0309", Warn, Registry),
    /// A document's generated region differs from what the registry renders.
    DocumentStale => ("document-stale", "SR0401", Deny, Documents),
    /// Missing, unpaired, nested or malformed markers in a document.
    MarkerError => ("marker-error", "SR0402", Deny, Documents),
    /// A committed JSON Schema differs from what subreg generates.
    SchemaStale => ("schema-stale", "SR0403", Deny, Documents),
}

/// The families of rules, in the order the README lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Whether a file can be read at all.
    Structural,
    /// Transfer compliance.
    Transfers,
    /// Consistency of the registry's entries.
    Registry,
    /// Documents kept in sync with the registry.
    Documents,
}

impl Rule {
    /// Whether the rule's level is fixed at its default: a refusal that
    /// protects the CI machine must not be switched off by the pull request
    /// it protects against.
    #[must_use]
    pub fn level_is_fixed(self) -> bool {
        matches!(self, Self::PathOutsideRepository)
    }

    /// Finds a rule by its name (`tia-missing`) or code (`SR0205`, any case).
    #[must_use]
    pub fn lookup(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|r| r.name() == text || r.code().eq_ignore_ascii_case(text))
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::lookup(text).ok_or_else(|| {
            let names = Self::ALL.iter().map(|r| r.name());
            match crate::suggest::closest(text, names) {
                Some(best) => format!("unknown rule `{text}`; did you mean `{best}`?"),
                None => format!("unknown rule `{text}`; `subreg explain --list` lists every rule"),
            }
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_well_formed() {
        let mut names = HashSet::new();
        let mut codes = HashSet::new();
        for rule in Rule::ALL {
            assert!(names.insert(rule.name()), "duplicate name {}", rule.name());
            assert!(codes.insert(rule.code()), "duplicate code {}", rule.code());
            assert!(
                rule.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-')
            );
            assert!(rule.code().starts_with("SR") && rule.code().len() == 6);
            assert!(!rule.summary().is_empty());
        }
    }

    #[test]
    fn the_catalogue_is_stable() {
        let listing: Vec<String> = Rule::ALL
            .iter()
            .map(|r| format!("{} {} {:?}", r.code(), r.name(), r.default_level()))
            .collect();
        insta::assert_snapshot!(listing.join("\n"));
    }

    #[test]
    fn lookup_by_name_or_code() {
        assert_eq!(Rule::lookup("tia-missing"), Some(Rule::TiaMissing));
        assert_eq!(Rule::lookup("sr0201"), Some(Rule::TransferWithoutMechanism));
        assert_eq!(
            "tia-mising".parse::<Rule>(),
            Err("unknown rule `tia-mising`; did you mean `tia-missing`?".to_owned())
        );
    }
}
