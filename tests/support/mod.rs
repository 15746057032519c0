//! Builders shared by the library-level tests: an in-memory registry, the
//! built-in knowledge base, and a run of the registry and transfer rules.
//!
//! Registries are built as values, not files, so that hundreds of cases run
//! in a second. Spans are empty (no source text): these tests judge
//! verdicts and messages, not positions.

#![allow(dead_code)] // each test crate uses a different part

use std::collections::BTreeMap;
use std::path::PathBuf;

use subreg::diag::{Diagnostic, Files, Severity};
use subreg::knowledge::Knowledge;
use subreg::load::{LazySpans, Loaded, Registry};
use subreg::model::{
    Date, Mechanism, Organization, Regime, RegistryConfig, Role, Subprocessor, Transfer,
};
use subreg::rules::{Context, run};
use subreg::schema::Validators;

/// Errors of the test helpers (bad ids or dates in a table, a broken base).
pub type Error = Box<dyn std::error::Error>;

/// What every test returns.
pub type TestResult = Result<(), Error>;

/// The built-in knowledge base, loaded as `subreg check` loads it.
///
/// # Errors
/// When the schemas do not compile or a built-in file does not load.
pub fn knowledge() -> Result<Knowledge, Error> {
    let validators = Validators::new()?;
    Knowledge::builtin(&mut Files::new(), &validators).map_err(|problems| {
        let messages: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        format!("the built-in knowledge base does not load: {messages:?}").into()
    })
}

/// A calendar date from `YYYY-MM-DD`.
///
/// # Errors
/// When the text is not a calendar date.
pub fn day(text: &str) -> Result<Date, Error> {
    Ok(text.parse::<Date>()?)
}

/// An optional date: `""` is none.
///
/// # Errors
/// When the text is neither empty nor a calendar date.
pub fn opt_day(text: &str) -> Result<Option<Date>, Error> {
    if text.is_empty() {
        Ok(None)
    } else {
        day(text).map(Some)
    }
}

/// A mechanism by its id (`eu-us-dpf`).
///
/// # Errors
/// For an id the registry format does not define.
pub fn mechanism(id: &str) -> Result<Mechanism, Error> {
    Mechanism::ALL
        .into_iter()
        .find(|m| m.id() == id)
        .ok_or_else(|| format!("unknown mechanism `{id}`").into())
}

/// Regimes from ids joined by `+` (`"eu-gdpr+uk-gdpr"`).
///
/// # Errors
/// For an id the registry format does not define.
pub fn regimes(ids: &str) -> Result<Vec<Regime>, Error> {
    ids.split('+')
        .map(|id| {
            Regime::ALL
                .into_iter()
                .find(|r| r.id() == id)
                .ok_or_else(|| format!("unknown regime `{id}`").into())
        })
        .collect()
}

/// The organisation's role from `"processor"` or `"controller"`.
///
/// # Errors
/// For any other word.
pub fn role(word: &str) -> Result<Role, Error> {
    match word {
        "processor" => Ok(Role::Processor),
        "controller" => Ok(Role::Controller),
        other => Err(format!("unknown role `{other}`").into()),
    }
}

/// One `[[transfers]]` entry as a table row:
/// `(to, mechanism, module, signed, tia, verified, article)`, where `0`
/// and `""` mean "absent".
pub type Tx = (
    &'static str,
    &'static str,
    u8,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// A transfer entry from a table row.
///
/// # Errors
/// For an unknown mechanism or a bad date.
pub fn transfer(row: &Tx) -> Result<Transfer, Error> {
    let (to, mech, module, signed, tia, verified, article) = *row;
    Ok(Transfer {
        module: (module != 0).then_some(module),
        signed: opt_day(signed)?,
        tia: opt_day(tia)?,
        verified: opt_day(verified)?,
        article: (!article.is_empty()).then(|| article.to_owned()),
        ..Transfer::new(to, mechanism(mech)?)
    })
}

/// A transfer entry with only `to` and `mechanism`.
#[must_use]
pub fn bare(to: &str, mechanism: Mechanism) -> Transfer {
    Transfer::new(to, mechanism)
}

/// A current sub-processor (added long ago, never removed).
///
/// # Errors
/// Never in practice; a `Result` for symmetry with the other builders.
pub fn subprocessor(
    name: &str,
    country: &str,
    locations: &[&str],
    transfers: Vec<Transfer>,
) -> Result<Subprocessor, Error> {
    Ok(Subprocessor {
        name: name.to_owned(),
        country: country.to_owned(),
        purposes: vec!["Data hosting".to_owned()],
        locations: locations.iter().map(|l| (*l).to_owned()).collect(),
        website: None,
        aliases: Vec::new(),
        data_categories: Vec::new(),
        added: day("2000-01-01")?,
        announced: None,
        effective: None,
        removed: None,
        role: None,
        transfers,
        group: None,
        order: None,
        published_name: None,
        notes: Vec::new(),
        footnotes: Vec::new(),
        data_subjects: Vec::new(),
        links: Vec::new(),
        runs_on: None,
        assumed: Vec::new(),
    })
}

/// A `registry.toml` with no documents, no notice period and default levels.
#[must_use]
pub fn config(regimes: Vec<Regime>, role: Role) -> RegistryConfig {
    RegistryConfig {
        regimes,
        notice_days: None,
        organization: Organization {
            name: "Exporter GmbH".to_owned(),
            country: "DE".to_owned(),
            role,
            aliases: Vec::new(),
            website: None,
            contact: None,
        },
        published: None,
        documents: Vec::new(),
        rules: BTreeMap::new(),
        waivers: Vec::new(),
    }
}

/// Wraps a value as if loaded from file number `file`.
#[must_use]
pub fn loaded<T>(id: &str, file: usize, value: T) -> Loaded<T> {
    Loaded {
        id: id.to_owned(),
        file,
        value,
        spans: LazySpans::new(std::sync::Arc::from("")),
    }
}

/// A registry of `config` and the sub-processors `(id, value)`, in that order.
#[must_use]
pub fn registry(config: RegistryConfig, subprocessors: Vec<(&str, Subprocessor)>) -> Registry {
    let files_read = subprocessors.len();
    Registry {
        dir: PathBuf::from("registry"),
        config: Some(loaded("registry", 0, config)),
        subprocessors: subprocessors
            .into_iter()
            .enumerate()
            .map(|(i, (id, sp))| loaded(id, i + 1, sp))
            .collect(),
        files_read,
        unloaded: Vec::new(),
        repository: subreg::load::Repository::at(PathBuf::from(".")),
        documents: Vec::new(),
        rule_keys: Vec::new(),
    }
}

/// Every finding of the registry and transfer rules on `as_of`, notes included.
#[must_use]
pub fn check(registry: &Registry, knowledge: &Knowledge, as_of: Date) -> Vec<Diagnostic> {
    run(&Context::new(registry, knowledge, as_of, false))
}

/// The findings at error or warning level (notes dropped).
#[must_use]
pub fn findings(registry: &Registry, knowledge: &Knowledge, as_of: Date) -> Vec<Diagnostic> {
    check(registry, knowledge, as_of)
        .into_iter()
        .filter(|d| d.severity != Severity::Note)
        .collect()
}

/// The sorted, deduplicated rule names of `diagnostics`.
#[must_use]
pub fn rule_names(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = diagnostics.iter().map(|d| d.rule.name()).collect();
    names.sort_unstable();
    names.dedup();
    names
}
