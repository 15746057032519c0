//! The importer's reference data, compiled in: header words, country and
//! area names, mechanism words and date words, each file with its source
//! and the day it was checked.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::{Date, EntryKey};

use super::text::fold;

/// The registry fields a published column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The legal entity's name.
    Name,
    /// What it does.
    Purpose,
    /// Where the data are.
    Location,
    /// Where the entity is established.
    Country,
    /// The transfer mechanism.
    Mechanism,
    /// Its website.
    Website,
    /// The categories of personal data.
    DataCategories,
    /// Remarks printed beside the entry.
    Notes,
}

impl Column {
    /// The registry key the column fills, e.g. `locations`.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Purpose => "purposes",
            Self::Location => "locations",
            Self::Country => "country",
            Self::Mechanism => "transfers",
            Self::Website => "website",
            Self::DataCategories => "data_categories",
            Self::Notes => "notes",
        }
    }
}

/// A data file's provenance.
#[derive(Debug, Deserialize)]
pub struct Provenance {
    /// Where its content comes from.
    pub source: String,
    /// The day it was checked against that source.
    pub checked: Date,
}

/// A mechanism and the phrases that name it.
#[derive(Debug)]
pub struct MechanismWords {
    /// Its id in registry files, e.g. `eu-scc-2021`; `None` for "no transfer".
    pub id: Option<crate::model::Mechanism>,
    /// The entry keys a list never states, filled and marked `assumed`.
    pub assume: Vec<EntryKey>,
    /// The phrases, folded, every language together.
    pub phrases: Vec<String>,
}

/// Everything the importer knows about published lists.
#[derive(Debug)]
pub struct Data {
    /// Per column, its header phrases folded, most specific first.
    pub headers: Vec<(Column, Vec<String>)>,
    /// Folded country name -> ISO 3166-1 alpha-2 code, every language.
    pub countries: BTreeMap<String, String>,
    /// Folded area name -> area code (`EU`, `EEA`).
    pub areas: BTreeMap<String, String>,
    /// Folded words that name no judged place (`worldwide`).
    pub vague: Vec<String>,
    /// Folded phrases that leave the place to the customer.
    pub choice: Vec<String>,
    /// Folded words that make a place one of several (`or`).
    pub either: Vec<String>,
    /// Folded words that negate a place or a mechanism (`outside`, `no`).
    pub negations: Vec<String>,
    /// The mechanisms, in file order.
    pub mechanisms: Vec<MechanismWords>,
    /// Folded words that make a named mechanism no basis (`no`, `pending`).
    pub negated: Vec<String>,
    /// Folded labels of a list's date (`last updated`).
    pub date_labels: Vec<String>,
    /// Folded month name -> month number (1-12).
    pub months: BTreeMap<String, i8>,
    /// Every file's provenance, by file name.
    pub provenance: Vec<(&'static str, Provenance)>,
}

/// The data files, by name, as compiled in.
pub const FILES: &[(&str, &str)] = &[
    ("headers.toml", include_str!("headers.toml")),
    ("places.toml", include_str!("places.toml")),
    ("mechanisms.toml", include_str!("mechanisms.toml")),
    ("dates.toml", include_str!("dates.toml")),
    ("countries/en.toml", include_str!("countries/en.toml")),
    ("countries/de.toml", include_str!("countries/de.toml")),
    ("countries/fr.toml", include_str!("countries/fr.toml")),
    ("countries/it.toml", include_str!("countries/it.toml")),
    ("countries/es.toml", include_str!("countries/es.toml")),
    (
        "countries/cldr-en.toml",
        include_str!("countries/cldr-en.toml"),
    ),
    (
        "countries/cldr-de.toml",
        include_str!("countries/cldr-de.toml"),
    ),
    (
        "countries/cldr-fr.toml",
        include_str!("countries/cldr-fr.toml"),
    ),
    (
        "countries/cldr-it.toml",
        include_str!("countries/cldr-it.toml"),
    ),
    (
        "countries/cldr-es.toml",
        include_str!("countries/cldr-es.toml"),
    ),
];

/// The data, parsed once.
///
/// # Errors
/// A data file that does not parse: a bug of this build, said by name.
pub fn data() -> Result<&'static Data, String> {
    static DATA: LazyLock<Result<Data, String>> = LazyLock::new(parse);
    DATA.as_ref().map_err(Clone::clone)
}

#[derive(Deserialize)]
struct HeadersFile {
    #[serde(flatten)]
    provenance: Provenance,
    columns: BTreeMap<Column, BTreeMap<String, Vec<String>>>,
}

#[derive(Deserialize)]
struct PlacesFile {
    #[serde(flatten)]
    provenance: Provenance,
    areas: BTreeMap<String, Vec<String>>,
    vague: Words,
    negations: Words,
    depends: Depends,
}

#[derive(Deserialize)]
struct Words {
    words: Vec<String>,
}

#[derive(Deserialize)]
struct Depends {
    choice: Vec<String>,
    either: Vec<String>,
}

#[derive(Deserialize)]
struct MechanismsFile {
    #[serde(flatten)]
    provenance: Provenance,
    negated: Vec<String>,
    mechanisms: Vec<MechanismEntry>,
}

#[derive(Deserialize)]
struct MechanismEntry {
    id: String,
    #[serde(default)]
    none: bool,
    #[serde(default)]
    assume: Vec<EntryKey>,
    #[serde(flatten)]
    languages: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct DatesFile {
    #[serde(flatten)]
    provenance: Provenance,
    labels: Vec<String>,
    months: BTreeMap<String, Vec<Vec<String>>>,
}

#[derive(Deserialize)]
struct CountriesFile {
    #[serde(flatten)]
    provenance: Provenance,
    names: BTreeMap<String, String>,
}

/// The languages every phrase list gives, in the order they are read.
const LANGUAGES: [&str; 5] = ["en", "de", "fr", "it", "es"];

fn parse() -> Result<Data, String> {
    let text = |name: &str| {
        FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| format!("no data file {name}"))
    };
    let bad = |name: &str, e: toml::de::Error| format!("import data {name}: {e}");
    let mut provenance = Vec::new();

    let headers: HeadersFile =
        toml::from_str(text("headers.toml")?).map_err(|e| bad("headers.toml", e))?;
    provenance.push(("headers.toml", headers.provenance));
    let headers = headers
        .columns
        .into_iter()
        .map(|(column, languages)| {
            let phrases = LANGUAGES
                .iter()
                .flat_map(|l| languages.get(*l).into_iter().flatten())
                .map(|p| fold(p))
                .collect();
            (column, phrases)
        })
        .collect();

    let places: PlacesFile =
        toml::from_str(text("places.toml")?).map_err(|e| bad("places.toml", e))?;
    provenance.push(("places.toml", places.provenance));
    let areas = places
        .areas
        .into_iter()
        .flat_map(|(code, names)| names.into_iter().map(move |n| (fold(&n), code.clone())))
        .collect();

    let mechanisms: MechanismsFile =
        toml::from_str(text("mechanisms.toml")?).map_err(|e| bad("mechanisms.toml", e))?;
    provenance.push(("mechanisms.toml", mechanisms.provenance));
    let negated = mechanisms.negated.iter().map(|w| fold(w)).collect();
    let mechanisms = mechanisms
        .mechanisms
        .into_iter()
        .map(|m| {
            let id =
                if m.none {
                    None
                } else {
                    Some(toml::Value::String(m.id.clone()).try_into().map_err(|_| {
                        format!("import data mechanisms.toml: no mechanism `{}`", m.id)
                    })?)
                };
            let phrases = LANGUAGES
                .iter()
                .flat_map(|l| m.languages.get(*l).into_iter().flatten())
                .map(|p| fold(p))
                .collect();
            Ok(MechanismWords {
                id,
                assume: m.assume,
                phrases,
            })
        })
        .collect::<Result<_, String>>()?;

    let dates: DatesFile = toml::from_str(text("dates.toml")?).map_err(|e| bad("dates.toml", e))?;
    provenance.push(("dates.toml", dates.provenance));
    let mut months = BTreeMap::new();
    for names in dates.months.values() {
        for (i, forms) in names.iter().enumerate() {
            let number = i8::try_from(i + 1).map_err(|e| e.to_string())?;
            for form in forms {
                months.insert(fold(form), number);
            }
        }
    }

    let mut countries = BTreeMap::new();
    let sources = LANGUAGES
        .iter()
        .map(|l| format!("countries/cldr-{l}.toml"))
        .chain(LANGUAGES.iter().map(|l| format!("countries/{l}.toml")));
    for name in sources {
        let file: CountriesFile = toml::from_str(text(&name)?).map_err(|e| bad(&name, e))?;
        for (country, code) in file.names {
            // The first language's reading of a name wins (English first).
            countries.entry(fold(&country)).or_insert(code);
        }
        let name: &'static str = FILES
            .iter()
            .map(|(n, _)| *n)
            .find(|n| *n == name)
            .unwrap_or("countries");
        provenance.push((name, file.provenance));
    }

    Ok(Data {
        headers,
        countries,
        areas,
        vague: places.vague.words.iter().map(|w| fold(w)).collect(),
        choice: places.depends.choice.iter().map(|w| fold(w)).collect(),
        either: places.depends.either.iter().map(|w| fold(w)).collect(),
        negations: places.negations.words.iter().map(|w| fold(w)).collect(),
        mechanisms,
        negated,
        date_labels: dates.labels.iter().map(|w| fold(w)).collect(),
        months,
        provenance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_parses_and_names_its_source() {
        let data = data().expect("import data parse");
        assert_eq!(data.provenance.len(), FILES.len());
        assert!(data.provenance.iter().all(|(_, p)| !p.source.is_empty()));
        assert_eq!(
            data.countries.get("deutschland").map(String::as_str),
            Some("DE")
        );
        assert_eq!(
            data.countries.get("united states").map(String::as_str),
            Some("US")
        );
        assert_eq!(
            data.countries.get("etats unis").map(String::as_str),
            Some("US")
        );
        assert_eq!(
            data.countries.get("regno unito").map(String::as_str),
            Some("GB")
        );
        assert_eq!(data.countries.get("espana").map(String::as_str), Some("ES"));
        assert_eq!(
            data.areas.get("unione europea").map(String::as_str),
            Some("EU")
        );
        assert_eq!(data.months.get("marz"), Some(&3));
        assert_eq!(data.headers.len(), 8);
    }

    #[test]
    fn every_country_code_is_iso_3166_1() {
        let data = data().expect("import data parse");
        for (name, code) in &data.countries {
            assert!(crate::knowledge::is_iso_country(code), "{name} -> {code}");
        }
    }
}
