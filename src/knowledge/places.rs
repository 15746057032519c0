//! Locations resolved to what the rules judge: a code (a country, an area
//! or an organisation), a cloud region's country, or nothing known.

use crate::model::{CloudRegion, RegionCatalogue, Unstated};

use super::Knowledge;

/// The built-in region tables, one per provider: (name shown in
/// diagnostics, text).
pub const BUILTIN_REGIONS: &[(&str, &str)] = &[
    (
        "<builtin>/regions/aws.toml",
        include_str!("regions/aws.toml"),
    ),
    (
        "<builtin>/regions/azure.toml",
        include_str!("regions/azure.toml"),
    ),
    ("<builtin>/regions/do.toml", include_str!("regions/do.toml")),
    (
        "<builtin>/regions/gcp.toml",
        include_str!("regions/gcp.toml"),
    ),
    (
        "<builtin>/regions/hetzner.toml",
        include_str!("regions/hetzner.toml"),
    ),
    (
        "<builtin>/regions/oci.toml",
        include_str!("regions/oci.toml"),
    ),
    (
        "<builtin>/regions/ovh.toml",
        include_str!("regions/ovh.toml"),
    ),
    (
        "<builtin>/regions/scaleway.toml",
        include_str!("regions/scaleway.toml"),
    ),
];

/// What one value of `locations` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located<'k> {
    /// An ISO 3166-1 alpha-2 code, an area group (`EU`) or an international
    /// organisation the base knows (`INT-EPO`): judged as itself.
    Code,
    /// A cloud region `provider:region`: judged as its country.
    Region(RegionRef<'k>),
    /// Recorded as not known (`not-stated`, `customer-choice`).
    Unstated(Unstated),
    /// A region form whose provider or region the tables do not hold.
    UnknownRegion,
    /// Anything else.
    Unknown,
}

/// A region of one provider's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRef<'k> {
    /// The provider's table.
    pub catalogue: &'k RegionCatalogue,
    /// The region.
    pub region: &'k CloudRegion,
}

impl RegionRef<'_> {
    /// How a location names it, e.g. `aws:eu-central-1`.
    #[must_use]
    pub fn spelling(&self) -> String {
        format!("{}:{}", self.catalogue.provider, self.region.id)
    }

    /// The spelling with where it is, e.g.
    /// `aws:eu-central-1` (Frankfurt, DE).
    #[must_use]
    pub fn described(&self) -> String {
        format!(
            "`{}` ({}, {})",
            self.spelling(),
            self.region.city,
            self.region.country
        )
    }
}

/// Whether `code` is an ISO 3166-1 alpha-2 code (upper case).
#[must_use]
pub fn is_iso_country(code: &str) -> bool {
    // A binary search of the codes in alpha-2 order: `for_alpha2` compares
    // with each of the 249 codes in turn, and this is asked for every
    // location of every sub-processor.
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && isocountry::CountryCode::as_array_alpha2()
            .binary_search_by(|c| c.alpha2().cmp(code))
            .is_ok()
}

impl Knowledge {
    /// Whether `code` names a place as itself: an ISO 3166-1 alpha-2 code,
    /// an area group of the base (`EU`), or an international organisation
    /// it knows (`INT-EPO`).
    #[must_use]
    pub fn knows_place(&self, code: &str) -> bool {
        is_iso_country(code)
            || self
                .areas
                .iter()
                .any(|a| a.groups.iter().any(|g| g == code))
            || self.knows_organisation(code)
    }

    /// What `value`, an element of `locations`, stands for.
    #[must_use]
    pub fn locate(&self, value: &str) -> Located<'_> {
        if let Some(unstated) = Unstated::parse(value) {
            return Located::Unstated(unstated);
        }
        if let Some((provider, id)) = value.split_once(':') {
            return match self.region(provider, id) {
                Some(found) => Located::Region(found),
                None => Located::UnknownRegion,
            };
        }
        if self.knows_place(value) {
            Located::Code
        } else {
            Located::Unknown
        }
    }

    /// The code a location is judged as: itself, or its region's country;
    /// `None` when it cannot be judged (not known, or no place).
    #[must_use]
    pub fn judged_as<'a>(&'a self, value: &'a str) -> Option<&'a str> {
        match self.locate(value) {
            Located::Code => Some(value),
            Located::Region(found) => Some(found.region.country.as_str()),
            Located::Unstated(_) | Located::UnknownRegion | Located::Unknown => None,
        }
    }

    /// The table of `provider` (its prefix, without regard to ASCII case).
    #[must_use]
    pub fn provider(&self, provider: &str) -> Option<&RegionCatalogue> {
        self.regions
            .iter()
            .find(|c| c.provider.eq_ignore_ascii_case(provider))
    }

    /// Region `id` of `provider`, both without regard to ASCII case.
    #[must_use]
    pub fn region(&self, provider: &str, id: &str) -> Option<RegionRef<'_>> {
        let catalogue = self.provider(provider)?;
        let region = catalogue
            .regions
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id))?;
        Some(RegionRef { catalogue, region })
    }

    /// Every region, provider by provider in their tables' order.
    pub fn all_regions(&self) -> impl Iterator<Item = RegionRef<'_>> {
        self.regions.iter().flat_map(|catalogue| {
            catalogue
                .regions
                .iter()
                .map(move |region| RegionRef { catalogue, region })
        })
    }

    /// The regions whose id is `id` at any provider: what a bare region id
    /// (`eu-central-1`) was meant as.
    #[must_use]
    pub fn regions_with_id(&self, id: &str) -> Vec<RegionRef<'_>> {
        let id = id.trim();
        self.all_regions()
            .filter(|r| r.region.id.eq_ignore_ascii_case(id))
            .collect()
    }

    /// The regions that `name` names: their city (`Frankfurt`, `São Paulo`),
    /// their display name (`Germany West Central`, `US East (N. Virginia)`)
    /// or the part of it in parentheses (`N. Virginia`), compared without
    /// regard to case or accents: what a place written as a location was
    /// meant as.
    #[must_use]
    pub fn regions_named(&self, name: &str) -> Vec<RegionRef<'_>> {
        let wanted = folded(name);
        if wanted.is_empty() {
            return Vec::new();
        }
        self.all_regions()
            .filter(|r| {
                let display = r.region.name.as_deref().unwrap_or_default();
                let inner = display
                    .split_once('(')
                    .and_then(|(_, rest)| rest.split_once(')'))
                    .map_or("", |(inside, _)| inside);
                [r.region.city.as_str(), display, inner]
                    .iter()
                    .any(|candidate| !candidate.is_empty() && folded(candidate) == wanted)
            })
            .collect()
    }

    /// The region of `catalogue` whose id is closest to `id` (at most two
    /// edits away), for a did-you-mean.
    #[must_use]
    pub fn nearest_region<'k>(
        &'k self,
        catalogue: &'k RegionCatalogue,
        id: &str,
    ) -> Option<RegionRef<'k>> {
        let id = id.to_ascii_lowercase();
        catalogue
            .regions
            .iter()
            .map(|region| {
                let distance = strsim::damerau_levenshtein(&region.id.to_ascii_lowercase(), &id);
                (distance, region)
            })
            .filter(|(distance, _)| *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, region)| RegionRef { catalogue, region })
    }
}

/// `text` trimmed, lower case, without accents (NFD, combining marks
/// dropped): `São Paulo` and `Sao Paulo` compare equal.
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.trim()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}
