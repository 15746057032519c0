//! The values of registry files that findings point at, typed: a rule names
//! `Field::Transfer(1, TransferKey::Entry(EntryKey::Mechanism))`, never a
//! hand-written `/transfers/1/mechanism`, so a change of the model makes the
//! compiler find every place a finding is located.

use super::EntryKey;

/// A value in `registry.toml` or a sub-processor file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A sub-processor's `name`.
    Name,
    /// A sub-processor's `country`.
    Country,
    /// The element at this index of a sub-processor's `locations`.
    Location(usize),
    /// The element at this index of a sub-processor's `aliases`.
    Alias(usize),
    /// A sub-processor's `added`.
    Added,
    /// A sub-processor's `effective`.
    Effective,
    /// A sub-processor's `removed`.
    Removed,
    /// A key of the `[[transfers]]` entry at this index, or the entry itself.
    Transfer(usize, Option<TransferKey>),
    /// The element at this index of registry.toml's `regimes`.
    Regime(usize),
    /// registry.toml's `[organization]` `country`.
    OrganizationCountry,
    /// A sub-processor's `runs_on`.
    RunsOn,
    /// `assumed`, the file's own list of assumed keys.
    Assumed,
    /// A key of registry.toml's `[[waivers]]` entry at this index, or the entry itself.
    Waiver(usize, Option<WaiverKey>),
}

/// A key of a `[[waivers]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverKey {
    /// `rule`.
    Rule,
    /// `subprocessor`.
    Subprocessor,
    /// `until`.
    Until,
    /// `destination`.
    Destination,
}

/// A key of a `[[transfers]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKey {
    /// `to`.
    To,
    /// `assumed`.
    Assumed,
    /// `ended`.
    Ended,
    /// `mechanism` or one of the evidence keys.
    Entry(EntryKey),
}

impl Field {
    /// The key `key` of the entry at `index` of `[[transfers]]`.
    #[must_use]
    pub fn entry(index: usize, key: EntryKey) -> Self {
        Self::Transfer(index, Some(TransferKey::Entry(key)))
    }

    /// The field as a JSON Pointer (RFC 6901) into its file, e.g.
    /// `/transfers/1/mechanism`.
    #[must_use]
    pub fn pointer(self) -> String {
        match self {
            Self::Name => "/name".to_owned(),
            Self::Country => "/country".to_owned(),
            Self::Location(i) => format!("/locations/{i}"),
            Self::Alias(i) => format!("/aliases/{i}"),
            Self::Added => "/added".to_owned(),
            Self::Effective => "/effective".to_owned(),
            Self::Removed => "/removed".to_owned(),
            Self::Transfer(i, None) => format!("/transfers/{i}"),
            Self::Transfer(i, Some(key)) => format!("/transfers/{i}/{}", key.id()),
            Self::Regime(i) => format!("/regimes/{i}"),
            Self::OrganizationCountry => "/organization/country".to_owned(),
            Self::RunsOn => "/runs_on".to_owned(),
            Self::Assumed => "/assumed".to_owned(),
            Self::Waiver(i, None) => format!("/waivers/{i}"),
            Self::Waiver(i, Some(key)) => format!(
                "/waivers/{i}/{}",
                match key {
                    WaiverKey::Rule => "rule",
                    WaiverKey::Subprocessor => "subprocessor",
                    WaiverKey::Until => "until",
                    WaiverKey::Destination => "destination",
                }
            ),
        }
    }
}

impl TransferKey {
    /// The key as written in files, e.g. `approved_by`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::To => "to",
            Self::Assumed => "assumed",
            Self::Ended => "ended",
            Self::Entry(key) => key.id(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_the_keys_of_the_files() {
        assert_eq!(
            Field::entry(1, EntryKey::ApprovedBy).pointer(),
            "/transfers/1/approved_by"
        );
        assert_eq!(
            Field::Transfer(0, Some(TransferKey::To)).pointer(),
            "/transfers/0/to"
        );
        assert_eq!(
            Field::Transfer(2, Some(TransferKey::Assumed)).pointer(),
            "/transfers/2/assumed"
        );
        assert_eq!(Field::Transfer(3, None).pointer(), "/transfers/3");
        assert_eq!(
            Field::Transfer(1, Some(TransferKey::Ended)).pointer(),
            "/transfers/1/ended"
        );
        assert_eq!(Field::Location(4).pointer(), "/locations/4");
        assert_eq!(Field::Alias(0).pointer(), "/aliases/0");
        assert_eq!(Field::Regime(2).pointer(), "/regimes/2");
        assert_eq!(Field::Removed.pointer(), "/removed");
        assert_eq!(Field::Country.pointer(), "/country");
        assert_eq!(
            Field::OrganizationCountry.pointer(),
            "/organization/country"
        );
    }
}
