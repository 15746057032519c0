//! `[[waivers]]` in registry.toml: a finding waived until a date is a note
//! naming the reason (a suppression in SARIF, a `waiver` object in JSON),
//! it returns at its level the day after `until` with `waiver-expired`, and
//! a waiver that waives nothing is `waiver-unused`, saying why.

mod common;

use common::{AWS, Fixture, TestResult, at, diagnostic, findings, notes};
use serde_json::json;

/// Acme is established in the US and has no transfer entry: under each
/// regime, `transfer-without-mechanism` at its `locations` (line 4).
const ACME: &str = r#"name = "Acme Analytics Inc."
country = "US"
purposes = ["Analytics"]
locations = ["US"]
added = 2023-11-08
"#;

const ACME_FILE: &str = "registry/subprocessors/acme.toml";
const REGISTRY_FILE: &str = "registry/registry.toml";

/// A registry under the EU and UK GDPR; `waivers` is appended at line 8.
fn registry(waivers: &str) -> String {
    format!(
        "regimes = [\"eu-gdpr\", \"uk-gdpr\"]\n\n[organization]\nname = \"Acme GmbH\"\ncountry = \"DE\"\nrole = \"processor\"\n\n{waivers}"
    )
}

/// One waiver of Acme's UK finding until 2026-11-29, at lines 8-13.
const UK_WAIVER: &str = r#"[[waivers]]
rule = "transfer-without-mechanism"
subprocessor = "acme"
regime = "uk-gdpr"
reason = "IDTA with the vendor's counsel, ticket LEG-7"
until = 2026-11-29
"#;

#[test]
fn a_waiver_holds_through_its_last_day_and_its_finding_returns_the_day_after() -> TestResult {
    let fixture = Fixture::new(&registry(UK_WAIVER))?.subprocessor("acme", ACME)?;
    for day in ["2026-11-01", "2026-11-29"] {
        let (run, report) = fixture.check_json_on(day, &[])?;
        // The EU finding is not waived: the waiver names the UK regime only.
        assert_eq!(run.code, 1, "{day}");
        assert_eq!(
            findings(&report)?,
            vec![at(
                "SR0201",
                "transfer-without-mechanism",
                "error",
                ACME_FILE,
                4,
                14
            )],
            "{day}"
        );
        let waived: Vec<_> = report["diagnostics"]
            .as_array()
            .ok_or("no diagnostics")?
            .iter()
            .filter(|d| !d["waiver"].is_null())
            .collect();
        assert_eq!(waived.len(), 1, "{day}");
        assert_eq!(waived[0]["severity"], "note");
        assert_eq!(waived[0]["regime"], "uk-gdpr");
        assert_eq!(
            waived[0]["waiver"],
            json!({"severity": "error", "reason": "IDTA with the vendor's counsel, ticket LEG-7",
                   "until": "2026-11-29", "file": REGISTRY_FILE, "line": 8})
        );
        assert_eq!(
            notes(waived[0]).last().copied(),
            Some(
                "waived until 2026-11-29 by registry.toml's `[[waivers]]`: IDTA with the vendor's counsel, ticket LEG-7"
            )
        );
        assert_eq!(
            (report["errors"].as_u64(), report["waived"].as_u64()),
            (Some(1), Some(1))
        );
    }
    let (run, report) = fixture.check_json_on("2026-11-30", &[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at("SR0308", "waiver-expired", "warning", REGISTRY_FILE, 13, 9),
            at(
                "SR0201",
                "transfer-without-mechanism",
                "error",
                ACME_FILE,
                4,
                14
            ),
            at(
                "SR0201",
                "transfer-without-mechanism",
                "error",
                ACME_FILE,
                4,
                14
            ),
        ]
    );
    let expired = diagnostic(&report, "waiver-expired", REGISTRY_FILE, 13).ok_or("no SR0308")?;
    assert_eq!(
        expired["message"],
        "the waiver of `transfer-without-mechanism` for `acme` expired on 2026-11-29: its finding is reported again"
    );
    assert_eq!(
        notes(expired)[0],
        "it was granted for: IDTA with the vendor's counsel, ticket LEG-7"
    );
    let returned: Vec<_> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["regime"] == "uk-gdpr")
        .collect();
    assert_eq!(returned.len(), 1);
    assert!(returned[0]["waiver"].is_null());
    assert_eq!(
        notes(returned[0]).last().copied(),
        Some("its waiver in registry.toml expired on 2026-11-29")
    );
    assert_eq!(report["waived"], 0);
    Ok(())
}

#[test]
fn a_waiver_of_every_finding_of_a_sub_processor_lets_check_pass() -> TestResult {
    // No regime: both regimes' findings; by code, in any case.
    let waiver = UK_WAIVER
        .replace("regime = \"uk-gdpr\"\n", "")
        .replace("\"transfer-without-mechanism\"", "\"sr0201\"");
    let fixture = Fixture::new(&registry(&waiver))?.subprocessor("acme", ACME)?;
    let (run, report) = fixture.check_json_on("2026-11-29", &[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(findings(&report)?, vec![]);
    assert_eq!(report["waived"], 2);
    let human = fixture.run(&["check", "--as-of", "2026-11-29"])?;
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.ends_with(
            "0 errors, 0 warnings, 2 notes (2 waived) in 2 files (1 sub-processor checked)\n"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("waived here until 2026-11-29"),
        "{}",
        human.stdout
    );
    Ok(())
}

#[test]
fn sarif_keeps_a_waived_findings_level_and_adds_an_accepted_suppression() -> TestResult {
    let fixture = Fixture::new(&registry(UK_WAIVER))?.subprocessor("acme", ACME)?;
    let run = fixture.run(&["check", "--as-of", "2026-11-29", "--format", "sarif"])?;
    let log: serde_json::Value = serde_json::from_str(&run.stdout)?;
    // The official schema; its one stray `]` escaped as tests/formats.rs explains.
    let schema = std::fs::read_to_string(
        common::repo_root().join("tests/fixtures/sarif-schema-2.1.0.json"),
    )?
    .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema)?)?;
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    let results = log["runs"][0]["results"].as_array().ok_or("no results")?;
    let levels: Vec<(&str, bool)> = results
        .iter()
        .map(|r| {
            (
                r["level"].as_str().unwrap_or(""),
                r.get("suppressions").is_some(),
            )
        })
        .collect();
    assert_eq!(levels, vec![("error", false), ("error", true)]);
    let suppressed = results
        .iter()
        .find(|r| r.get("suppressions").is_some())
        .ok_or("none")?;
    assert_eq!(
        suppressed["suppressions"],
        json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "IDTA with the vendor's counsel, ticket LEG-7 (until 2026-11-29)",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": REGISTRY_FILE},
                "region": {"startLine": 8, "startColumn": 1, "endLine": 8, "endColumn": 12}
            }}
        }])
    );
    Ok(())
}

#[test]
fn a_waiver_that_waives_nothing_says_why_at_the_key_at_fault() -> TestResult {
    let waivers = [
        // at line 8: a misspelt rule
        ("tia-mising", "acme", "", "rule"),
        // at line 14: a misspelt sub-processor
        ("transfer-without-mechanism", "acmee", "", "subprocessor"),
        // at line 20: a structural rule
        ("toml-syntax", "acme", "", "rule"),
        // at line 26: a rule about documents
        ("document-stale", "acme", "", "rule"),
        // at line 32: the findings are notes
        ("transfer-lawful", "acme", "", "rule"),
        // at line 38: a destination Acme has none of
        (
            "transfer-without-mechanism",
            "acme",
            "destination = \"IN\"\n",
            "",
        ),
        // at line 45: waives the UK finding
        (
            "transfer-without-mechanism",
            "acme",
            "regime = \"uk-gdpr\"\n",
            "",
        ),
        // at line 52: the same again
        (
            "transfer-without-mechanism",
            "acme",
            "regime = \"uk-gdpr\"\n",
            "",
        ),
        // at line 59: the rule is allowed in [rules]
        ("tia-missing", "aws", "", "rule"),
    ];
    let mut text = String::new();
    for (rule, id, extra, _) in waivers {
        text.push_str(&format!(
            "[[waivers]]\nrule = \"{rule}\"\nsubprocessor = \"{id}\"\n{extra}reason = \"r\"\nuntil = 2027-01-31\n\n"
        ));
    }
    text.push_str("[rules]\ntia-missing = \"allow\"\n");
    let fixture = Fixture::new(&registry(&text))?
        .subprocessor("acme", ACME)?
        .subprocessor("aws", AWS)?;
    let (run, report) = fixture.check_json_on("2026-11-29", &[])?;
    assert_eq!(run.code, 1, "the EU finding stands");
    let unused: Vec<(u64, u64, &str, Vec<&str>)> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["rule"] == "waiver-unused")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or(""),
                notes(d),
            )
        })
        .collect();
    assert_eq!(
        unused,
        vec![
            (
                9,
                8,
                "the waiver names the rule `tia-mising`, which does not exist",
                vec!["did you mean `tia-missing`?"]
            ),
            (
                16,
                16,
                "the waiver of `transfer-without-mechanism` names the sub-processor `acmee`, which is no file of this registry",
                vec!["did you mean `acme`?"]
            ),
            (
                21,
                8,
                "the waiver of `toml-syntax` for `acme` waives nothing: a file that does not load cannot be judged, so its errors cannot be waived",
                vec!["delete the waiver and fix the finding"]
            ),
            (
                27,
                8,
                "the waiver of `document-stale` for `acme` waives nothing: findings about documents are not about one sub-processor",
                vec!["delete the waiver and fix the finding"]
            ),
            (
                33,
                8,
                "the waiver of `transfer-lawful` for `acme` waives nothing: its findings are notes, not errors or warnings",
                vec!["delete the waiver and fix the finding"]
            ),
            (
                41,
                15,
                "the waiver of `transfer-without-mechanism` for `acme` names a destination the sub-processor has no finding about: it is none of its country, locations or transfer destinations",
                vec![
                    "write the destination as the findings name it: an ISO 3166-1 alpha-2 code in upper case or a `provider:region`"
                ]
            ),
            (
                52,
                1,
                "the waiver of `transfer-without-mechanism` for `acme` repeats an earlier waiver of the same findings",
                vec!["delete one of the two; keep the reason and `until` that were reviewed"]
            ),
            (
                60,
                8,
                "the waiver of `tia-missing` for `aws` waives nothing: the rule's level is `allow`, so its findings are hidden",
                vec![
                    "delete the waiver; the level of `tia-missing` is set to `allow` in registry.toml's `[rules]` or with `-A` on the command line"
                ]
            ),
        ]
    );
    assert_eq!(report["waived"], 1);
    // A waiver's own findings take the levels of the command line.
    let strict = fixture.run(&[
        "check",
        "--as-of",
        "2026-11-29",
        "-A",
        "SR0201",
        "-D",
        "waiver-unused",
    ])?;
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.contains("error[SR0309]"), "{}", strict.stdout);
    Ok(())
}

#[test]
fn a_waiver_that_breaks_the_format_is_located_and_judges_nothing() -> TestResult {
    let broken = UK_WAIVER
        .replace(
            "reason = \"IDTA with the vendor's counsel, ticket LEG-7\"\n",
            "",
        )
        .replace("until = 2026-11-29", "until = \"2026-11-29\"");
    let fixture = Fixture::new(&registry(&broken))?.subprocessor("acme", ACME)?;
    let (run, report) = fixture.check_json_on("2026-11-29", &[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at("SR0102", "schema-violation", "error", REGISTRY_FILE, 8, 1),
            at("SR0102", "schema-violation", "error", REGISTRY_FILE, 12, 9),
        ]
    );
    Ok(())
}

#[test]
fn a_waiver_in_force_wins_over_an_expired_one_and_names_are_read_in_any_case() -> TestResult {
    let waivers = "[[waivers]]\nrule = \"TRANSFER-WITHOUT-MECHANISM\"\nsubprocessor = \"acme\"\nreason = \"old\"\nuntil = 2026-01-31\n\n\
        [[waivers]]\nrule = \"transfer-without-mechanism\"\nsubprocessor = \"acme\"\nregime = \"uk-gdpr\"\nreason = \"IDTA with counsel\"\nuntil = 2026-12-31\n\n\
        [[waivers]]\nrule = \"transfer-without-mechanism\"\nsubprocessor = \"acme\"\ndestination = \"us\"\nreason = \"typo\"\nuntil = 2026-12-31\n";
    let fixture = Fixture::new(&registry(waivers))?.subprocessor("acme", ACME)?;
    let (_, report) = fixture.check_json_on("2026-11-29", &[])?;
    let list = report["diagnostics"].as_array().ok_or("no diagnostics")?;
    let uk = list
        .iter()
        .find(|d| d["rule"] == "transfer-without-mechanism" && d["regime"] == "uk-gdpr")
        .ok_or("no UK finding")?;
    assert_eq!(uk["severity"], "note");
    assert_eq!(uk["waiver"]["reason"], "IDTA with counsel");
    let eu = list
        .iter()
        .find(|d| d["rule"] == "transfer-without-mechanism" && d["regime"] == "eu-gdpr")
        .ok_or("no EU finding")?;
    assert_eq!(eu["severity"], "error");
    let own: Vec<(&str, &str, Vec<&str>)> = list
        .iter()
        .filter(|d| d["rule"] == "waiver-expired" || d["rule"] == "waiver-unused")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or(""),
                notes(d),
            )
        })
        .collect();
    assert_eq!(own.len(), 2, "{own:?}");
    assert_eq!(own[0].0, "waiver-expired");
    assert_eq!(
        (own[1].1, own[1].2.clone()),
        (
            "the waiver of `transfer-without-mechanism` for `acme` names a destination the sub-processor has no finding about: it is none of its country, locations or transfer destinations",
            vec!["did you mean `US`?"]
        )
    );
    Ok(())
}
