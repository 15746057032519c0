//! Dated transfer scenarios written from the law, not from the code (issue 10).
//!
//! The cases are data: `tests/fixtures/scenarios-law/<class>.toml`, one file
//! per class of the issue, each an array of `[[case]]` tables. Every case is
//! one sub-processor in a registry of its own, judged by the `subreg` binary
//! (`check --as-of DATE --format json --verbose`) on one day. A case says:
//!
//! - `description`: the instrument that decides it and why;
//! - `as_of`: the day judged;
//! - `regimes`, `organization` (`country`, `role`): the registry;
//! - `subprocessor`: the sub-processor file (`country`, `locations`, `role`,
//!   `added`, `effective`, `removed`, `[[transfers]]` ...); `name` and
//!   `purposes` are filled in when absent;
//! - `verdict`: `"lawful"` (exit 0, no finding at error level) or
//!   `"unlawful"` (exit 1, at least one finding at error level);
//! - `must_include` (optional): rule names that must be among the findings,
//!   at any level, only where the v2 contract fixes them;
//! - `exactly` (optional): the rule names of every finding at error or
//!   warning level, sorted, repeats included: one defect, one finding;
//! - `cites` (optional): a string, or an array of strings that must all be
//!   found, in the message or notes of some finding (case-insensitive);
//!   `|` inside one string separates alternatives (a decision number or its
//!   CELEX number);
//! - `not_cites` (optional): strings no finding may contain (an act later
//!   than the day judged, the law of another era), outside the list of
//!   sources where the fact was checked.
//!
//! A case whose registry the loader rejects (a structural finding such as
//! `unknown-key` or `unknown-country` at error level, or exit code 2) fails
//! whatever its verdict: an "unlawful" verdict must come from the transfer
//! rules, not from the file format.
//!
//! Each class is one test that runs all its cases and reports every wrong
//! verdict in one panic message, with the case and the whole JSON report.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use common::{Fixture, TestResult};
use serde_json::Value;
use toml::{Table, Value as Toml};

/// Rules that say the registry itself is malformed: a case must never trip them.
const STRUCTURAL: &[&str] = &[
    "toml-syntax",
    "schema-violation",
    "unknown-key",
    "invalid-encoding",
    "invalid-id",
    "document-outside-repository",
    "unknown-country",
    "duplicate-subprocessor",
    "date-order",
    "document-stale",
    "marker-error",
];

/// The folder of the case files.
fn cases_dir() -> PathBuf {
    common::repo_root().join("tests/fixtures/scenarios-law")
}

/// One case, as read from its file.
struct Case {
    index: usize,
    description: String,
    as_of: String,
    registry: String,
    subprocessor: String,
    lawful: bool,
    must_include: Vec<String>,
    exactly: Option<Vec<String>>,
    cites: Vec<String>,
    not_cites: Vec<String>,
}

fn text<'a>(table: &'a Table, key: &str, index: usize) -> Result<&'a str, String> {
    table
        .get(key)
        .and_then(Toml::as_str)
        .ok_or_else(|| format!("case {index}: `{key}` missing or not a string"))
}

fn strings(value: Option<&Toml>, key: &str, index: usize) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Toml::String(s)) => Ok(vec![s.clone()]),
        Some(Toml::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("case {index}: `{key}` holds a non-string"))
            })
            .collect(),
        Some(_) => Err(format!("case {index}: `{key}` is not a string or array")),
    }
}

/// Parses one class file into cases.
fn load(class: &str) -> Result<Vec<Case>, String> {
    let path = cases_dir().join(format!("{class}.toml"));
    let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: Table = toml::from_str(&source).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = file
        .get("case")
        .and_then(Toml::as_array)
        .ok_or_else(|| format!("{}: no [[case]] array", path.display()))?;
    let mut cases = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let index = index + 1;
        let case = item
            .as_table()
            .ok_or_else(|| format!("case {index}: not a table"))?;
        let description = text(case, "description", index)?.to_owned();
        let as_of = case
            .get("as_of")
            .and_then(Toml::as_datetime)
            .ok_or_else(|| format!("case {index} ({description}): `as_of` is not a date"))?
            .to_string();
        let regimes = strings(case.get("regimes"), "regimes", index)?;
        if regimes.is_empty() {
            return Err(format!("case {index} ({description}): no regimes"));
        }
        let organization = case
            .get("organization")
            .and_then(Toml::as_table)
            .ok_or_else(|| format!("case {index} ({description}): no organization"))?;
        let registry = format!(
            "regimes = [{}]\n\n[organization]\nname = \"Exporter Ltd\"\ncountry = \"{}\"\nrole = \"{}\"\n",
            regimes
                .iter()
                .map(|r| format!("\"{r}\""))
                .collect::<Vec<_>>()
                .join(", "),
            text(organization, "country", index)?,
            text(organization, "role", index)?,
        );
        let mut subprocessor = case
            .get("subprocessor")
            .and_then(Toml::as_table)
            .cloned()
            .ok_or_else(|| format!("case {index} ({description}): no subprocessor"))?;
        subprocessor
            .entry("name")
            .or_insert_with(|| Toml::String(format!("Importer {index} Inc.")));
        subprocessor
            .entry("purposes")
            .or_insert_with(|| Toml::Array(vec![Toml::String("Processing".to_owned())]));
        let subprocessor = toml::to_string(&subprocessor)
            .map_err(|e| format!("case {index} ({description}): {e}"))?;
        let lawful = match text(case, "verdict", index)? {
            "lawful" => true,
            "unlawful" => false,
            other => return Err(format!("case {index} ({description}): verdict `{other}`")),
        };
        cases.push(Case {
            index,
            description,
            as_of,
            registry,
            subprocessor,
            lawful,
            must_include: strings(case.get("must_include"), "must_include", index)?,
            exactly: case
                .get("exactly")
                .map(|v| strings(Some(v), "exactly", index))
                .transpose()?
                .map(|mut v| {
                    v.sort();
                    v
                }),
            cites: strings(case.get("cites"), "cites", index)?,
            not_cites: strings(case.get("not_cites"), "not_cites", index)?,
        });
    }
    Ok(cases)
}

/// Everything a finding says, lower-cased: its message and its notes.
fn said(diagnostic: &Value) -> String {
    let mut all = diagnostic["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for note in common::notes(diagnostic) {
        all.push('\n');
        all.push_str(note);
    }
    all.to_lowercase()
}

/// What is wrong with the verdict on one case, or `None` when it is right.
fn judge(case: &Case) -> Result<Option<String>, common::Error> {
    let fixture = Fixture::new(&case.registry)?.subprocessor("importer", &case.subprocessor)?;
    let args = [
        "check",
        "--as-of",
        case.as_of.as_str(),
        "--format",
        "json",
        "--verbose",
    ];
    let run = fixture.run(&args)?;
    let report: Value = match serde_json::from_str(&run.stdout) {
        Ok(report) => report,
        Err(e) => {
            return Ok(Some(format!(
                "exit {}, stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                run.code, run.stdout, run.stderr
            )));
        }
    };
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let rule = |d: &Value| d["rule"].as_str().unwrap_or_default().to_owned();
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(rule)
        .collect();
    let mut problems = Vec::new();
    let structural: Vec<&String> = errors
        .iter()
        .filter(|r| STRUCTURAL.contains(&r.as_str()))
        .collect();
    if !structural.is_empty() {
        problems.push(format!(
            "the registry was rejected as malformed ({structural:?}), so no verdict was given"
        ));
    } else if run.code == 2 {
        problems.push(format!("exit 2 (could not do the job): {}", run.stderr));
    } else if case.lawful {
        if run.code != 0 || !errors.is_empty() {
            problems.push(format!(
                "expected LAWFUL, got exit {} with errors {errors:?}",
                run.code
            ));
        }
    } else if run.code != 1 || errors.is_empty() {
        problems.push(format!(
            "expected UNLAWFUL, got exit {} and no finding at error level",
            run.code
        ));
    }
    let rules: Vec<String> = diagnostics.iter().map(rule).collect();
    for wanted in &case.must_include {
        if !rules.contains(wanted) {
            problems.push(format!("no `{wanted}` finding (rules: {rules:?})"));
        }
    }
    if let Some(exactly) = &case.exactly {
        let mut found: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error" || d["severity"] == "warning")
            .map(rule)
            .collect();
        found.sort();
        if &found != exactly {
            problems.push(format!(
                "expected exactly {exactly:?} at error or warning level, got {found:?}"
            ));
        }
    }
    let all: Vec<String> = diagnostics.iter().map(said).collect();
    for cite in &case.cites {
        let found = cite
            .split('|')
            .map(|alt| alt.trim().to_lowercase())
            .any(|alt| all.iter().any(|s| s.contains(&alt)));
        if !found {
            problems.push(format!("no finding cites `{cite}`"));
        }
    }
    let cited: Vec<String> = all
        .iter()
        .map(|s| {
            s.lines()
                .map(|line| line.split("; sources: ").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    for cite in &case.not_cites {
        let alt = cite.to_lowercase();
        if cited.iter().any(|s| s.contains(&alt)) {
            problems.push(format!("a finding cites `{cite}`, which it must not"));
        }
    }
    if problems.is_empty() {
        return Ok(None);
    }
    let pretty = serde_json::to_string_pretty(&report)?;
    Ok(Some(format!(
        "{}\n  --- registry.toml\n{}  --- subprocessors/importer.toml\n{}  --- report (check --as-of {} --format json --verbose, exit {})\n{pretty}",
        problems.join("\n"),
        indent(&case.registry),
        indent(&case.subprocessor),
        case.as_of,
        run.code,
    )))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  | {l}\n")).collect()
}

/// Runs every case of a class file and fails once, listing every wrong verdict.
fn run_class(class: &str) -> TestResult {
    let cases = load(class)?;
    assert!(!cases.is_empty(), "{class}: no cases");
    let mut failures = String::new();
    let mut failed = 0;
    for case in &cases {
        if let Some(problem) = judge(case)? {
            failed += 1;
            let _ = writeln!(
                failures,
                "\n=== [{class} #{}] {} (as of {}, expected {})\n{problem}",
                case.index,
                case.description,
                case.as_of,
                if case.lawful { "lawful" } else { "unlawful" },
            );
        }
    }
    if failed > 0 {
        panic!(
            "{class}: {failed} of {} cases have a wrong verdict:{failures}",
            cases.len()
        );
    }
    Ok(())
}

/// Class 1a: instruments bounded at both ends (the day before and the day of
/// each start and end).
#[test]
fn instruments_are_bounded_at_both_ends() -> TestResult {
    run_class("1-instruments")
}

/// Class 1b: the regime's own area is dated (accessions, the UK's exit and
/// the bridge, outermost regions and Åland).
#[test]
fn the_regime_area_is_dated() -> TestResult {
    run_class("1-areas")
}

/// Class 1c: each regime has its own start; findings before 2018-05-25 name
/// Directive 95/46/EC; uk-gdpr before 2021 and ch-fadp before 2023-09-01.
#[test]
fn each_regime_has_its_own_era() -> TestResult {
    run_class("1-eras")
}

/// Class 2: a sub-processor is judged only while engaged; an ended entry no
/// longer counts.
#[test]
fn a_subprocessor_is_judged_only_while_engaged() -> TestResult {
    run_class("2-engagement")
}

/// Class 3: whole-country adequacy needs no entry; scoped adequacy does.
#[test]
fn whole_country_adequacy_needs_no_entry() -> TestResult {
    run_class("3-adequacy")
}

/// Class 4: evidence that is the mechanism is required at deny level.
#[test]
fn evidence_that_is_the_mechanism_is_required() -> TestResult {
    run_class("4-evidence")
}

/// Class 5: the importer's role with the organisation's fixes the SCC module.
#[test]
fn the_importer_role_fixes_the_scc_module() -> TestResult {
    run_class("5-roles")
}

/// Class 6: the gaps left by issue 10 (review of 2026-12-01): the 2002
/// controller-to-processor clauses, notes built from the facts in force on
/// the day, citations from the era of the law, the days before a regime's
/// law, one finding per defect, adequacy scopes, and fix suggestions that
/// exist on the day.
#[test]
fn the_gaps_of_the_review_are_closed() -> TestResult {
    run_class("6-review")
}

/// Class 7: before a regime's rules are in force no rule judges it, and
/// `--verbose` says so once per regime with the day and the instrument.
#[test]
fn no_rule_judges_a_regime_before_its_law() -> TestResult {
    run_class("7-no-law")
}

/// Class 8: one defect, one error: a transfer whose entry is blamed is not
/// blamed again, and a defect that makes another moot is a note.
#[test]
fn one_defect_gives_one_error() -> TestResult {
    run_class("8-one-defect")
}

/// Class 9: the DPO review of 2026-12-01: territories whose status changed
/// (Gibraltar), clause texts that existed before they could be used, the
/// window in which a framework's list could hold a certification, the exact
/// provisions of each regime's derogations and exceptions, the UK's law from
/// 2026-02-05, and wording that names only what applies on the day.
#[test]
fn the_dpo_review_is_closed() -> TestResult {
    run_class("9-dpo")
}
