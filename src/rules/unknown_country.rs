//! `unknown-country`: country and location codes must be ISO 3166-1 alpha-2.

use isocountry::CountryCode;

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::{Knowledge, Located};
use crate::load::Loaded;
use crate::model::{Field, RegionCatalogue, TransferKey};

use super::Context;

/// What `subreg explain unknown-country` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Checks that every country and location names a place subreg can judge: the organisation's and each sub-processor's `country` and each transfer's `to` are ISO 3166-1 alpha-2 codes in upper case; each of `locations` is such a code, a cloud region written `provider:region` (`aws:eu-central-1`, `gcp:europe-west3`, `azure:germanywestcentral`; the providers aws, azure, do, gcp, hetzner, oci, ovh and scaleway, from their published region lists), or `not-stated` / `customer-choice` (see `location-unknown`). Locations and destinations may also be an area word the knowledge base defines (`EU`, `EEA`) or an international organisation it knows (`INT-EPO`); a `country` may be such an organisation too, which is established in no country. A bare region id (`eu-central-1`) or a city (`Frankfurt`) gets the spelling it was meant as.",
    why: "Transfer rules are decided per destination. A code the tool cannot resolve (`USA`, `UK`, `EL`, `us`, `eu-central-1`) cannot be matched against adequacy decisions, so the transfer would go unchecked.",
    example: "country = \"UK\"\nlocations = [\"eu-central-1\"]",
    fix: "country = \"GB\"   # ISO 3166-1: United Kingdom is GB, Greece is GR, the United States US\nlocations = [\"aws:eu-central-1\"]   # judged as DE (Frankfurt)",
};

/// Which key a value stands in: what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A `country`: an ISO code, or an organisation the base knows.
    Country,
    /// An element of `locations`: also an area, a cloud region or an unstated place.
    Location,
    /// A transfer's `to`: also an area, but no region (its country is the destination).
    Destination,
}

/// A value that names no place subreg knows, with what it was likely meant as.
pub struct UnknownCountry<'a> {
    /// The value as written.
    pub value: &'a str,
    /// Where it is.
    pub span: Span,
    /// The code it probably means, with its country name.
    pub suggestion: Option<(&'static str, &'static str)>,
    /// Cloud regions it may mean, described (`aws:eu-central-1` (Frankfurt, DE)):
    /// a bare region id's, or a city's.
    pub regions: Vec<String>,
    /// Which key it stands in.
    pub slot: Slot,
    /// A word of the format it was likely meant as (`not-stated`).
    pub spelling: Option<&'static str>,
}

/// How many region spellings a hint lists before it says how many more.
const LISTED_REGIONS: usize = 4;

impl From<UnknownCountry<'_>> for Diagnostic {
    fn from(f: UnknownCountry<'_>) -> Self {
        let mut d = Diagnostic::new(
            Rule::UnknownCountry,
            format!("`{}` is not an ISO 3166-1 alpha-2 country code", f.value),
            Some(f.span),
        );
        if let Some(word) = f.spelling {
            d = d.with_note(format!("did you mean \"{word}\"?"));
        } else if let Some((code, name)) = f.suggestion {
            d = d.with_note(format!("did you mean \"{code}\" ({name})?"));
        }
        if !f.regions.is_empty() && f.slot == Slot::Location {
            let listed = listed(&f.regions);
            d = d.with_note(format!(
                "a cloud region is written with its provider: {listed}"
            ));
        }
        let allowed = match f.slot {
            Slot::Location => {
                "write the two-letter upper-case code (e.g. \"US\", \"GB\", \"DE\"), \"EU\" / \"EEA\" for somewhere inside that area, a cloud region as `provider:region` (e.g. \"aws:eu-central-1\"), or \"not-stated\" / \"customer-choice\" when the vendor does not say"
            }
            Slot::Destination => {
                "write the two-letter upper-case code of the destination country (e.g. \"US\", \"GB\", \"DE\"), or \"EU\" / \"EEA\" for somewhere inside that area; a cloud region in `locations` is judged as its country"
            }
            Slot::Country => {
                "write the two-letter upper-case code of the country of establishment, e.g. \"US\", \"GB\", \"DE\" (for an international organisation the knowledge base knows, its code, e.g. \"INT-EPO\")"
            }
        };
        d.with_note(allowed)
    }
}

/// A `provider:region` location whose provider or region the region tables
/// do not hold.
pub struct UnknownRegion<'a> {
    /// The value as written.
    pub value: &'a str,
    /// Where it is.
    pub span: Span,
    /// The provider's table, when the provider is known.
    pub catalogue: Option<&'a RegionCatalogue>,
    /// The regions it was likely meant as, described: the nearest id of
    /// the provider, the value without its blanks, or the providers that
    /// have a region of that id when the provider is missing or unknown.
    pub meant: Vec<String>,
    /// The known providers' prefixes, in order.
    pub providers: Vec<&'a str>,
}

impl From<UnknownRegion<'_>> for Diagnostic {
    fn from(f: UnknownRegion<'_>) -> Self {
        let (provider, id) = f.value.split_once(':').unwrap_or((f.value, ""));
        let mut d = match f.catalogue {
            None if provider.trim().is_empty() => Diagnostic::new(
                Rule::UnknownCountry,
                format!("`{}` has no provider before the colon", f.value),
                Some(f.span),
            ),
            None => Diagnostic::new(
                Rule::UnknownCountry,
                format!(
                    "`{}` names no cloud provider subreg knows (`{provider}`)",
                    f.value
                ),
                Some(f.span),
            ),
            Some(_) if provider != provider.trim() || id != id.trim() => Diagnostic::new(
                Rule::UnknownCountry,
                format!("`{}` has a blank around its provider or region", f.value),
                Some(f.span),
            ),
            Some(catalogue) if id.trim().is_empty() => Diagnostic::new(
                Rule::UnknownCountry,
                format!(
                    "`{}` has no region after the colon (a region of {})",
                    f.value, catalogue.name
                ),
                Some(f.span),
            ),
            Some(catalogue) => Diagnostic::new(
                Rule::UnknownCountry,
                format!(
                    "`{}` is not a region of {} (its region table, checked {})",
                    f.value, catalogue.name, catalogue.checked
                ),
                Some(f.span),
            ),
        };
        if !f.meant.is_empty() {
            d = d.with_note(format!("did you mean {}?", listed(&f.meant)));
        }
        match f.catalogue {
            None => d.with_note(format!(
                "the providers with region tables are {}; for another provider, write the country of the region, e.g. \"DE\"",
                f.providers.join(", ")
            )),
            Some(catalogue) => d.with_note(format!(
                "if {} opened the region after {}, write the country of its data centres instead (e.g. \"DE\"); the region table is {}",
                catalogue.name, catalogue.checked, catalogue.source
            )),
        }
    }
}

pub use crate::knowledge::is_iso_country;

/// Whether `code` is a valid destination: ISO, an area group of the
/// knowledge base, or an international organisation it knows.
#[must_use]
pub fn is_known_location(code: &str, knowledge: &Knowledge) -> bool {
    knowledge.knows_place(code)
}

/// The ISO code a mistyped value probably means: lower case, alpha-3,
/// the EU's own abbreviations (UK, EL), a code ISO 3166-1 reserves for a
/// part of a country (IC, the Canary Islands, is Spain's), or a country's
/// English name.
#[must_use]
pub fn suggest(value: &str) -> Option<(&'static str, &'static str)> {
    let trimmed = value.trim();
    let upper = trimmed.to_uppercase();
    let exceptions = [
        ("UK", "GB"),
        ("EL", "GR"),
        // ISO 3166-1 exceptionally (FX: transitionally) reserved codes of
        // places that are part of an assigned country.
        ("IC", "ES"),
        ("EA", "ES"),
        ("AC", "SH"),
        ("TA", "SH"),
        ("CP", "FR"),
        ("FX", "FR"),
        ("DG", "IO"),
        ("GREAT BRITAIN", "GB"),
        ("ENGLAND", "GB"),
        ("USA", "US"),
        ("UNITED STATES", "US"),
    ];
    let code = exceptions
        .iter()
        .find(|(alias, _)| *alias == upper)
        .and_then(|(_, code)| CountryCode::for_alpha2(code).ok())
        .or_else(|| CountryCode::for_alpha2(&upper).ok())
        .or_else(|| CountryCode::for_alpha3(&upper).ok())
        .or_else(|| by_name(trimmed))?;
    Some((code.alpha2(), code.name()))
}

/// The organisation's own country, in `registry.toml`.
pub(super) fn check_organization(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(config) = ctx.config() {
        check_value(
            config,
            &config.value.organization.country,
            Field::OrganizationCountry,
            Slot::Country,
            ctx.knowledge,
            out,
        );
    }
}

/// Each sub-processor's country, locations and destinations.
pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let k = ctx.knowledge;
    for sp in ctx.subprocessors() {
        check_value(sp, &sp.value.country, Field::Country, Slot::Country, k, out);
        for (i, location) in sp.value.locations.iter().enumerate() {
            let field = Field::Location(i);
            match k.locate(location) {
                Located::Code | Located::Region(_) | Located::Unstated(_) => {}
                Located::UnknownRegion => {
                    out.push(unknown_region(location, sp.span(field), k).into())
                }
                Located::Unknown if super::vague_location::is_vague(location) => {}
                Located::Unknown => check_value(sp, location, field, Slot::Location, k, out),
            }
        }
        for (i, transfer) in sp.value.transfers.iter().enumerate() {
            check_value(
                sp,
                &transfer.to,
                Field::Transfer(i, Some(TransferKey::To)),
                Slot::Destination,
                k,
                out,
            );
        }
    }
}

fn check_value<T>(
    loaded: &Loaded<T>,
    value: &str,
    field: Field,
    slot: Slot,
    k: &Knowledge,
    out: &mut Vec<Diagnostic>,
) {
    let known = match slot {
        Slot::Location | Slot::Destination => k.knows_place(value),
        // An international organisation is established in no country: its
        // code (INT-EPO) stands for one, where the base knows it.
        Slot::Country => is_iso_country(value) || k.knows_organisation(value),
    };
    if known {
        return;
    }
    // A region where a country belongs is meant as its country.
    let region = value
        .split_once(':')
        .and_then(|(provider, id)| k.region(provider, id));
    // A country's name is said as its code alone, not also as the regions
    // whose display name holds it ("EU (Germany)").
    let (suggestion, regions) = match (region, suggest(value)) {
        (Some(found), _) => (country(&found.region.country), Vec::new()),
        (None, Some(named)) => (Some(named), Vec::new()),
        (None, None) => regions_meant(value, k),
    };
    out.push(
        UnknownCountry {
            value,
            span: loaded.span(field),
            suggestion: suggestion.or_else(|| suggest(value)),
            regions,
            slot,
            spelling: (slot == Slot::Location)
                .then(|| unstated_meant(value))
                .flatten(),
        }
        .into(),
    );
}

/// The country and the regions a location names as a bare region id
/// (`eu-central-1`) or as a city, alone or in words such as
/// "EU (Frankfurt)" or "Frankfurt, Germany".
fn regions_meant(
    value: &str,
    k: &Knowledge,
) -> (Option<(&'static str, &'static str)>, Vec<String>) {
    let meant = |regions: Vec<crate::knowledge::RegionRef<'_>>| {
        let described = regions
            .iter()
            .map(crate::knowledge::RegionRef::described)
            .collect();
        (unique_country(&regions), described)
    };
    let by_id = k.regions_with_id(value);
    if !by_id.is_empty() {
        return meant(by_id);
    }
    let inner = value
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside);
    let pieces = std::iter::once(value)
        .chain(inner)
        .chain(value.split([',', '/', '-']));
    for piece in pieces {
        let named = k.regions_named(piece);
        if !named.is_empty() {
            return meant(named);
        }
    }
    (None, Vec::new())
}

/// The country all of `regions` are in, when they are in one.
fn unique_country(
    regions: &[crate::knowledge::RegionRef<'_>],
) -> Option<(&'static str, &'static str)> {
    let first = &regions.first()?.region.country;
    regions
        .iter()
        .all(|r| &r.region.country == first)
        .then(|| country(first))
        .flatten()
}

/// The first [`LISTED_REGIONS`] of `regions`, and how many more there are.
fn listed(regions: &[String]) -> String {
    let mut text = regions[..regions.len().min(LISTED_REGIONS)].join(", ");
    if regions.len() > LISTED_REGIONS {
        text.push_str(&format!(" and {} more", regions.len() - LISTED_REGIONS));
    }
    text
}

/// The ISO code and English name of `code`, from the ISO table.
fn country(code: &str) -> Option<(&'static str, &'static str)> {
    CountryCode::for_alpha2(code)
        .ok()
        .map(|c| (c.alpha2(), c.name()))
}

fn unknown_region<'a>(value: &'a str, span: Span, k: &'a Knowledge) -> UnknownRegion<'a> {
    let (provider, id) = value.split_once(':').unwrap_or((value, ""));
    let (provider, id) = (provider.trim(), id.trim());
    // The provider as written, else the one a single edit away (`awz`).
    let catalogue = k.provider(provider).or_else(|| {
        k.regions
            .iter()
            .map(|c| {
                (
                    strsim::damerau_levenshtein(&c.provider, &provider.to_ascii_lowercase()),
                    c,
                )
            })
            .filter(|(distance, _)| *distance <= 1 && !provider.is_empty())
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, c)| c)
    });
    let written = k.provider(provider).is_some();
    // Blanks around the parts (` aws:eu-central-1`), or a near id of the
    // provider; else (no provider, an unknown one, or an id of another
    // provider) the providers that have a region of this id.
    let mut meant: Vec<String> = catalogue
        .and_then(|c| {
            k.region(&c.provider, id)
                .or_else(|| k.nearest_region(c, id))
        })
        .map(|r| r.described())
        .into_iter()
        .collect();
    if meant.is_empty() {
        meant = k
            .regions_with_id(id)
            .iter()
            .map(crate::knowledge::RegionRef::described)
            .collect();
    }
    UnknownRegion {
        value,
        span,
        catalogue: catalogue.filter(|_| written),
        meant,
        providers: k.regions.iter().map(|c| c.provider.as_str()).collect(),
    }
}

/// The word for a location not known that `value` was likely meant as:
/// `Not-Stated`, `not stated`, `customer_choice`.
fn unstated_meant(value: &str) -> Option<&'static str> {
    let normal: String = value
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect();
    crate::model::Unstated::ALL
        .into_iter()
        .map(crate::model::Unstated::id)
        .find(|id| strsim::damerau_levenshtein(id, &normal) <= 2)
}

/// A country whose English name matches, ignoring case; names such as
/// "United Kingdom of Great Britain and Northern Ireland" also match their
/// leading words ("United Kingdom").
fn by_name(name: &str) -> Option<CountryCode> {
    let wanted = name.to_lowercase();
    if wanted.len() < 4 {
        return None;
    }
    CountryCode::iter().copied().find(|c| {
        let full = c.name().to_lowercase();
        full == wanted
            || full.starts_with(&format!("{wanted} "))
            || full.starts_with(&format!("{wanted},"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_two_letter_code_is_judged_as_the_iso_crate_does() {
        let mut known = 0;
        for first in b'A'..=b'Z' {
            for second in b'A'..=b'Z' {
                let code = String::from_utf8(vec![first, second]).unwrap_or_default();
                let iso = CountryCode::for_alpha2(&code).is_ok();
                assert_eq!(is_iso_country(&code), iso, "{code}");
                known += usize::from(iso);
            }
        }
        assert_eq!(known, 249);
        assert!(!is_iso_country("gb") && !is_iso_country("GBR") && !is_iso_country(""));
    }

    #[test]
    fn suggestions_for_common_slips() {
        let code = |v: &str| suggest(v).map(|(c, _)| c);
        assert_eq!(code("USA"), Some("US"));
        assert_eq!(code("UK"), Some("GB"));
        // Canary Islands, Ceuta and Melilla; Tristan da Cunha; Clipperton.
        assert_eq!(
            ["IC", "EA", "TA", "CP"].map(code),
            [Some("ES"), Some("ES"), Some("SH"), Some("FR")]
        );
        assert_eq!(code("EL"), Some("GR"));
        assert_eq!(code("us"), Some("US"));
        assert_eq!(code("Germany"), Some("DE"));
        assert_eq!(code("United Kingdom"), Some("GB"));
        assert_eq!(code("United States"), Some("US"));
        assert_eq!(code("Atlantis"), None);
    }

    #[test]
    fn iso_codes_are_upper_case_alpha_2() {
        assert!(is_iso_country("US"));
        assert!(!is_iso_country("us"));
        assert!(!is_iso_country("UK"));
        assert!(!is_iso_country("USA"));
    }
}
