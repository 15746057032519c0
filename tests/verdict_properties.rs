//! Properties of the verdicts (issue 10): no verdict changes when a
//! sub-processor's `[[transfers]]` entries are reordered, or when an entry
//! for a regime the registry does not follow is added.

mod support;

use proptest::prelude::*;
use subreg::diag::{Diagnostic, Severity};
use subreg::model::{Regime, Transfer};
use support::{Tx, check, day, knowledge, role};

/// Entries that exercise every kind of verdict: valid, incomplete, invalid,
/// for another regime, scoped, occasional.
const POOL: &[Tx] = &[
    ("US", "eu-us-dpf", 0, "", "", "2025-05-01", ""),
    ("US", "eu-us-dpf", 0, "", "", "", ""),
    ("US", "uk-us-data-bridge", 0, "", "", "2025-05-01", ""),
    ("US", "swiss-us-dpf", 0, "", "", "2025-05-01", ""),
    ("US", "eu-scc-2021", 3, "2024-01-15", "2024-01-10", "", ""),
    ("US", "eu-scc-2021", 2, "2024-01-15", "", "", ""),
    ("US", "uk-addendum", 3, "2024-01-15", "", "", ""),
    ("US", "ch-scc", 3, "", "2024-01-10", "", ""),
    ("US", "privacy-shield", 0, "", "", "2020-01-01", ""),
    ("US", "adequacy", 0, "", "", "", ""),
    ("US", "derogation", 0, "", "", "", "49(1)(a)"),
    ("US", "my-s129-exception", 0, "", "", "", "129(3)(a)"),
    ("US", "my-s129-assessment", 0, "", "2024-06-01", "", ""),
    ("IN", "eu-scc-2010", 0, "2019-01-01", "2020-01-01", "", ""),
    ("IN", "uk-idta", 0, "2023-01-01", "2023-01-01", "", ""),
    ("JP", "adequacy", 0, "", "", "", ""),
    ("EEA", "adequacy", 0, "", "", "", ""),
];

const DAYS: &[&str] = &[
    "2016-06-01",
    "2019-06-01",
    "2020-12-31",
    "2021-03-01",
    "2022-06-01",
    "2024-06-01",
    "2025-06-01",
    "2026-12-01",
];

const LOCATIONS: &[&str] = &["US", "IN", "JP", "DE", "GB", "CH", "MY"];

/// A mechanism only `regime` recognises, for an entry of "another regime".
fn own_mechanism(regime: Regime) -> Tx {
    match regime {
        Regime::EuGdpr => ("US", "eu-us-dpf", 0, "", "", "2025-05-01", ""),
        Regime::UkGdpr => ("US", "uk-idta", 0, "2023-01-01", "2023-01-01", "", ""),
        Regime::ChFadp => ("US", "ch-scc", 3, "2023-01-01", "2023-01-01", "", ""),
        Regime::MyPdpa => ("US", "my-s129-assessment", 0, "", "2025-05-01", "", ""),
    }
}

fn run(
    regimes: &[Regime],
    org: &str,
    locations: &[&str],
    entries: Vec<Transfer>,
    as_of: &str,
) -> Result<Vec<Diagnostic>, support::Error> {
    let sp = support::subprocessor("Importer Ltd", "US", locations, entries)?;
    let registry = support::registry(
        support::config(regimes.to_vec(), role(org)?),
        vec![("importer", sp)],
    );
    Ok(check(&registry, &knowledge()?, day(as_of)?))
}

/// Every finding's rule, severity and words, sorted (positions aside).
fn words(found: &[Diagnostic]) -> Vec<(String, Severity, String)> {
    let mut out: Vec<_> = found
        .iter()
        .map(|d| (d.rule.name().to_owned(), d.severity, d.message.clone()))
        .collect();
    out.sort();
    out
}

/// For each (regime, destination) of the registry: is it without an error?
fn verdicts(found: &[Diagnostic], regimes: &[Regime], locations: &[&str]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for regime in regimes {
        for to in locations.iter().chain(std::iter::once(&"US")) {
            let error = found.iter().any(|d| {
                d.severity == Severity::Error
                    && d.subject.as_ref().is_some_and(|s| {
                        s.regime == Some(regime.id()) && s.destination.as_deref() == Some(*to)
                    })
            });
            out.push((format!("{regime} {to}"), !error));
        }
    }
    out.sort();
    out.dedup();
    out
}

fn setup() -> impl Strategy<Value = (Vec<Regime>, bool, Vec<usize>, Vec<usize>, usize, Vec<usize>)>
{
    (
        proptest::sample::subsequence(Regime::ALL.to_vec(), 1..=3),
        any::<bool>(),
        proptest::collection::vec(0..LOCATIONS.len(), 1..3),
        proptest::collection::vec(0..POOL.len(), 0..6),
        0..DAYS.len(),
        Just(Vec::<usize>::new()),
    )
        .prop_flat_map(|(regimes, controller, locs, picks, day, _)| {
            let n = picks.len();
            (
                Just(regimes),
                Just(controller),
                Just(locs),
                Just(picks),
                Just(day),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn reordering_entries_changes_no_finding(
        (regimes, controller, locs, picks, day_index, order) in setup()
    ) {
        let org = if controller { "controller" } else { "processor" };
        let locations: Vec<&str> = locs.iter().map(|i| LOCATIONS[*i]).collect();
        let entries: Vec<Transfer> = picks
            .iter()
            .map(|i| support::transfer(&POOL[*i]))
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let shuffled: Vec<Transfer> = order.iter().map(|i| entries[*i].clone()).collect();
        let as_of = DAYS[day_index];
        let a = run(&regimes, org, &locations, entries, as_of)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = run(&regimes, org, &locations, shuffled, as_of)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(words(&a), words(&b));
    }

    #[test]
    fn an_entry_for_another_regime_changes_no_verdict(
        (regimes, controller, locs, picks, day_index, _order) in setup()
    ) {
        let Some(other) = Regime::ALL.into_iter().find(|r| !regimes.contains(r)) else {
            return Ok(());
        };
        let org = if controller { "controller" } else { "processor" };
        let locations: Vec<&str> = locs.iter().map(|i| LOCATIONS[*i]).collect();
        let entries: Vec<Transfer> = picks
            .iter()
            .map(|i| support::transfer(&POOL[*i]))
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut more = entries.clone();
        more.push(
            support::transfer(&own_mechanism(other))
                .map_err(|e| TestCaseError::fail(e.to_string()))?,
        );
        let as_of = DAYS[day_index];
        let a = run(&regimes, org, &locations, entries, as_of)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = run(&regimes, org, &locations, more, as_of)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(
            verdicts(&a, &regimes, &locations),
            verdicts(&b, &regimes, &locations)
        );
    }
}
