//! `unknown-country`: country and location codes must be ISO 3166-1 alpha-2.

use isocountry::CountryCode;

use crate::diag::{Diagnostic, Rule, Span};
use crate::knowledge::Knowledge;
use crate::load::Loaded;
use crate::model::{Field, TransferKey};

use super::Context;

/// What `subreg explain unknown-country` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Checks that every country and location is an ISO 3166-1 alpha-2 code in upper case: the organisation's and each sub-processor's `country`, each of `locations` and each transfer's `to`. Locations and destinations may also be an area word the knowledge base defines (`EU`, `EEA`) or an international organisation it knows (`INT-EPO`); a `country` may be such an organisation too, which is established in no country.",
    why: "Transfer rules are decided per destination. A code the tool cannot resolve (`USA`, `UK`, `EL`, `us`) cannot be matched against adequacy decisions, so the transfer would go unchecked.",
    example: "country = \"UK\"",
    fix: "country = \"GB\"   # ISO 3166-1: United Kingdom is GB, Greece is GR, the United States US",
};

/// A code that is not ISO 3166-1 alpha-2, with the likely intended code.
pub struct UnknownCountry<'a> {
    /// The value as written.
    pub value: &'a str,
    /// Where it is.
    pub span: Span,
    /// The code it probably means, with its country name.
    pub suggestion: Option<(&'static str, &'static str)>,
    /// Whether area words and organisations are allowed here.
    pub location: bool,
}

impl From<UnknownCountry<'_>> for Diagnostic {
    fn from(f: UnknownCountry<'_>) -> Self {
        let mut d = Diagnostic::new(
            Rule::UnknownCountry,
            format!("`{}` is not an ISO 3166-1 alpha-2 country code", f.value),
            Some(f.span),
        );
        if let Some((code, name)) = f.suggestion {
            d = d.with_note(format!("did you mean \"{code}\" ({name})?"));
        }
        let allowed = if f.location {
            "write the two-letter upper-case code (e.g. \"US\", \"GB\", \"DE\"), or \"EU\" / \"EEA\" for somewhere inside that area"
        } else {
            "write the two-letter upper-case code of the country of establishment, e.g. \"US\", \"GB\", \"DE\" (for an international organisation the knowledge base knows, its code, e.g. \"INT-EPO\")"
        };
        d.with_note(allowed)
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
        && CountryCode::as_array_alpha2()
            .binary_search_by(|c| c.alpha2().cmp(code))
            .is_ok()
}

/// Whether `code` is a valid location or destination: ISO, an area group
/// of the knowledge base, or an international organisation it knows.
#[must_use]
pub fn is_known_location(code: &str, knowledge: &Knowledge) -> bool {
    is_iso_country(code)
        || knowledge
            .areas
            .iter()
            .any(|a| a.groups.iter().any(|g| g == code))
        || knowledge.knows_organisation(code)
}

/// The ISO code a mistyped value probably means: lower case, alpha-3,
/// the EU's own abbreviations (UK, EL), or a country's English name.
#[must_use]
pub fn suggest(value: &str) -> Option<(&'static str, &'static str)> {
    let trimmed = value.trim();
    let upper = trimmed.to_uppercase();
    let exceptions = [
        ("UK", "GB"),
        ("EL", "GR"),
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
            false,
            ctx.knowledge,
            out,
        );
    }
}

/// Each sub-processor's country, locations and destinations.
pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let k = ctx.knowledge;
    for sp in ctx.subprocessors() {
        check_value(sp, &sp.value.country, Field::Country, false, k, out);
        for (i, location) in sp.value.locations.iter().enumerate() {
            if !super::vague_location::is_vague(location) {
                check_value(sp, location, Field::Location(i), true, k, out);
            }
        }
        for (i, transfer) in sp.value.transfers.iter().enumerate() {
            check_value(
                sp,
                &transfer.to,
                Field::Transfer(i, Some(TransferKey::To)),
                true,
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
    location: bool,
    k: &Knowledge,
    out: &mut Vec<Diagnostic>,
) {
    let known = if location {
        is_known_location(value, k)
    } else {
        // An international organisation is established in no country: its
        // code (INT-EPO) stands for one, where the base knows it.
        is_iso_country(value) || k.knows_organisation(value)
    };
    if !known {
        out.push(
            UnknownCountry {
                value,
                span: loaded.span(field),
                suggestion: suggest(value),
                location,
            }
            .into(),
        );
    }
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
