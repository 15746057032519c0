//! Every command of the CLI, its exit codes (the README's "Commands": 0 clean, 1
//! findings or stale under --check, 2 could not do the job) and the JSON
//! shape of `check --format json`.

mod common;

use std::time::{Duration, SystemTime};

use common::{
    AS_OF, AWS, EU_REGISTRY, EU_REGISTRY_WITH_POLICY, Fixture, HETZNER, TWO_ROW_TABLE, TestResult,
    at, diagnostic, findings, notes, positions, repo_root, run_in,
};

// ---------------------------------------------------------------- check --format json

const MAILER_PRIVACY_SHIELD: &str = r#"name = "Mailer Inc."
country = "US"
purposes = ["Email delivery"]
locations = ["US"]
added = 2018-01-10

[[transfers]]
to = "US"
mechanism = "privacy-shield"
verified = 2020-07-01
"#;

const NO_BASIS: &str = r#"name = "Analytics Corp."
country = "US"
purposes = ["Product analytics"]
locations = ["US"]
added = 2024-03-01
"#;

const TYPO_MECHANISM: &str = r#"name = "Crm Corp."
country = "US"
purposes = ["Customer relations"]
locations = ["US"]
added = 2024-03-01

[[transfers]]
to = "US"
mechanism = "eu-us-dfp"
verified = 2026-10-01
"#;

const UK_COUNTRY: &str = r#"name = "Support Ltd"
country = "UK"
purposes = ["Support desk"]
locations = ["DE"]
added = 2024-03-01
"#;

fn faulty() -> Result<Fixture, Box<dyn std::error::Error>> {
    Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor("crm", TYPO_MECHANISM)?
        .subprocessor("mailer", MAILER_PRIVACY_SHIELD)?
        .subprocessor("analytics", NO_BASIS)?
        .subprocessor("support", UK_COUNTRY)
}

#[test]
fn check_json_lists_every_finding_with_its_position() -> TestResult {
    let fixture = faulty()?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        positions(&report)?,
        vec![
            at(
                "SR0201",
                "transfer-without-mechanism",
                "error",
                "registry/subprocessors/analytics.toml",
                4,
                14
            ),
            at(
                "SR0211",
                "transfer-at-risk",
                "warning",
                "registry/subprocessors/aws.toml",
                9,
                13
            ),
            at(
                "SR0217",
                "transfer-lawful",
                "note",
                "registry/subprocessors/aws.toml",
                9,
                13
            ),
            at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/subprocessors/crm.toml",
                9,
                13
            ),
            at(
                "SR0202",
                "invalidated-mechanism",
                "error",
                "registry/subprocessors/mailer.toml",
                9,
                13
            ),
            at(
                "SR0301",
                "unknown-country",
                "error",
                "registry/subprocessors/support.toml",
                2,
                11
            ),
            // --verbose: DE is inside the EEA, no transfer.
            at(
                "SR0217",
                "transfer-lawful",
                "note",
                "registry/subprocessors/support.toml",
                4,
                14
            ),
        ]
    );
    assert_eq!(report["errors"], 4);
    assert_eq!(report["warnings"], 1);
    // The keys the README's JSON shape gives at the top (the run: version, as-of date,
    // knowledge checked), and per finding the eight plus its subject.
    let mut top: Vec<&String> = report.as_object().ok_or("not an object")?.keys().collect();
    top.sort();
    assert_eq!(
        top,
        [
            "as_of",
            "diagnostics",
            "errors",
            "knowledge_checked",
            "version",
            "waived",
            "warnings"
        ]
    );
    assert_eq!(report["as_of"], "2026-11-29");
    assert_eq!(report["knowledge_checked"], "2026-12-01");
    let first = &report["diagnostics"][0];
    let mut keys: Vec<&String> = first.as_object().ok_or("not an object")?.keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "destination",
            "file",
            "line",
            "mechanism",
            "message",
            "notes",
            "regime",
            "rule",
            "severity",
            "subprocessor",
            "waiver"
        ]
    );
    assert_eq!(first["waiver"], serde_json::Value::Null);
    assert_eq!(report["waived"], 0);
    assert_eq!(first["subprocessor"], "analytics");
    assert_eq!(first["regime"], "eu-gdpr");
    assert_eq!(first["destination"], "US");
    assert_eq!(first["mechanism"], serde_json::Value::Null);
    assert_eq!(
        first["message"],
        "Analytics Corp.: transfer to US has no mechanism valid under eu-gdpr on 2026-11-29"
    );
    let typo = diagnostic(
        &report,
        "schema-violation",
        "registry/subprocessors/crm.toml",
        9,
    )
    .ok_or("no schema-violation in crm.toml")?;
    assert_eq!(
        typo["message"],
        "\"eu-us-dfp\" is not an accepted value here"
    );
    assert_eq!(notes(typo)[0], "did you mean \"eu-us-dpf\"?");
    let country = diagnostic(
        &report,
        "unknown-country",
        "registry/subprocessors/support.toml",
        2,
    )
    .ok_or("no unknown-country in support.toml")?;
    assert_eq!(
        notes(country)[0],
        "did you mean \"GB\" (United Kingdom of Great Britain and Northern Ireland)?"
    );
    Ok(())
}

#[test]
fn check_human_ends_with_the_summary_line() -> TestResult {
    let run = faulty()?.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .ends_with("4 errors, 1 warning, 0 notes in 6 files (4 sub-processors checked)\n"),
        "{}",
        run.stdout
    );
    Ok(())
}

// ---------------------------------------------------------------- check exit codes

#[test]
fn check_exits_0_on_a_clean_registry_even_with_warnings() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0211",
            "transfer-at-risk",
            "warning",
            "registry/subprocessors/aws.toml",
            9,
            13
        )]
    );
    let human = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(human.code, 0);
    assert!(
        human
            .stdout
            .ends_with("0 errors, 1 warning, 0 notes in 3 files (2 sub-processors checked)\n"),
        "{}",
        human.stdout
    );
    Ok(())
}

#[test]
fn check_exits_1_on_an_error() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("analytics", NO_BASIS)?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "error[SR0201]: transfer-without-mechanism: Analytics Corp.: transfer to US has no \
             mechanism valid under eu-gdpr on 2026-11-29\n  --> registry/subprocessors/analytics.toml:4:14"
        ),
        "{}",
        run.stdout
    );
    Ok(())
}

#[test]
fn check_exits_2_without_a_registry_dir() -> TestResult {
    let fixture = Fixture::eu()?;
    let run = fixture.run(&["check", "--registry", "nowhere", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: there is no registry folder `nowhere`; set one up with `subreg init`, or pass \
         --registry DIR (the folder that holds registry.toml)\n"
    );
    fixture.write("afile", "x")?;
    let run = fixture.run(&["check", "--registry", "afile", "--as-of", AS_OF])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: afile is not a registry directory; pass --registry DIR, the folder that \
             holds registry.toml (`subreg init` sets one up)\n"
        )
    );
    Ok(())
}

#[test]
fn check_exits_2_for_a_dir_without_registry_toml() -> TestResult {
    let fixture = Fixture::eu()?;
    fixture.write("other/readme.txt", "not a registry")?;
    let run = fixture.run(&["check", "--registry", "other", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: other has no registry.toml; set one up with `subreg init` (README.md, \"The \
         registry\") or pass --registry DIR\n"
    );
    Ok(())
}

#[test]
fn check_exits_2_for_a_bad_as_of() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("hetzner", HETZNER)?;
    for (bad, why) in [
        ("2026-02-30", "is not a day of the calendar"),
        ("2026-13-01", "is not a day of the calendar"),
        ("29/11/2026", "is not a calendar date"),
        ("2026-11-29T10:00:00Z", "is not a calendar date"),
    ] {
        let run = fixture.run(&["check", "--as-of", bad])?;
        assert_eq!(run.code, 2, "--as-of {bad}");
        assert_eq!(run.stdout, "", "--as-of {bad}");
        assert!(
            run.stderr.contains(&format!(
                "invalid value '{bad}' for '--as-of <DATE>': `{bad}` {why}"
            )),
            "--as-of {bad}: {}",
            run.stderr
        );
    }
    Ok(())
}

// ---------------------------------------------------------------- check --as-of decides

const BRAZIL_ADEQUACY: &str = r#"name = "Suporte Ltda."
country = "BR"
purposes = ["Support desk"]
locations = ["BR"]
added = 2018-01-10

[[transfers]]
to = "BR"
mechanism = "adequacy"
"#;

#[test]
fn privacy_shield_is_valid_until_schrems_ii() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("mailer", MAILER_PRIVACY_SHIELD)?;
    let file = "registry/subprocessors/mailer.toml";

    let (run, before) = fixture.check_json_on("2020-07-15", &[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        positions(&before)?,
        vec![at("SR0217", "transfer-lawful", "note", file, 9, 13)]
    );
    assert_eq!(
        before["diagnostics"][0]["message"],
        "Mailer Inc.: US under eu-gdpr: covered by Commission Implementing Decision (EU) 2016/1250 of 12 July 2016 (EU-US Privacy Shield) via privacy-shield, verified 2020-07-01"
    );

    let (run, after) = fixture.check_json_on("2020-07-16", &[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        positions(&after)?,
        vec![at("SR0202", "invalidated-mechanism", "error", file, 9, 13)]
    );
    assert_eq!(
        after["diagnostics"][0]["message"],
        "Mailer Inc. (transfer to US): `privacy-shield` is invalid under eu-gdpr since 2020-07-16"
    );
    assert_eq!(
        notes(&after["diagnostics"][0])[0],
        "Commission Implementing Decision (EU) 2016/1250 of 12 July 2016 (EU-US Privacy Shield): CJEU judgment of 16 July 2020, C-311/18 Schrems II"
    );
    Ok(())
}

#[test]
fn brazil_adequacy_applies_from_2026_01_26() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("suporte", BRAZIL_ADEQUACY)?;
    let file = "registry/subprocessors/suporte.toml";

    let (run, before) = fixture.check_json_on("2026-01-25", &[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        positions(&before)?,
        vec![at(
            "SR0201",
            "transfer-without-mechanism",
            "error",
            file,
            4,
            14
        )]
    );
    assert_eq!(
        notes(&before["diagnostics"][0]),
        vec![
            "`adequacy` for BR applies only from 2026-01-26 (Commission Implementing Decision (EU) 2026/179 (Brazil))",
            "add a [[transfers]] entry with to = \"BR\" and one of: eu-scc-2021, bcr",
        ]
    );

    let (run, after) = fixture.check_json_on("2026-01-26", &[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        positions(&after)?,
        vec![
            at("SR0204", "scoped-adequacy", "warning", file, 9, 13),
            at("SR0217", "transfer-lawful", "note", file, 9, 13),
        ]
    );
    assert_eq!(
        after["diagnostics"][0]["message"],
        "Suporte Ltda.: adequacy for BR under eu-gdpr covers only controllers and processors subject to the LGPD"
    );
    Ok(())
}

// ---------------------------------------------------------------- render

fn two_rows() -> Result<Fixture, Box<dyn std::error::Error>> {
    Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?
        .templates()
}

#[test]
fn render_prints_the_policy_table() -> TestResult {
    let run = two_rows()?.run(&["render", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, TWO_ROW_TABLE);
    assert_eq!(run.stderr, "");
    Ok(())
}

#[test]
fn render_leaves_out_removed_subprocessors() -> TestResult {
    let retired = HETZNER.replace(
        "added = 2023-11-08",
        "added = 2023-11-08\nremoved = 2026-01-31",
    );
    let fixture = Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", retired)?
        .templates()?;
    let before = fixture.run(&["render", "--as-of", "2026-01-30"])?;
    assert_eq!(before.stdout, TWO_ROW_TABLE);
    let after = fixture.run(&["render", "--as-of", "2026-01-31"])?;
    assert_eq!(
        after.stdout,
        "| Third Party | Purpose |\n| :--- | :--- |\n| Amazon Web Services, Inc. | Data hosting |\n"
    );
    Ok(())
}

#[test]
fn render_html_template() -> TestResult {
    let run = two_rows()?.run(&[
        "render",
        "--template",
        "subprocessors.html",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "<table>
  <thead>
    <tr><th>Third Party</th><th>Purpose</th></tr>
  </thead>
  <tbody>
    <tr><td>Amazon Web Services, Inc.</td><td>Data hosting</td></tr>
    <tr><td>Hetzner Online GmbH</td><td>Backups</td></tr>
  </tbody>
</table>
"
    );
    Ok(())
}

#[test]
fn render_a_template_given_by_path() -> TestResult {
    let fixture = two_rows()?;
    fixture.write(
        "elsewhere/names.txt.hbs",
        "{{#each subprocessors}}{{id}}={{name}};{{/each}}\n",
    )?;
    let run = fixture.run(&[
        "render",
        "--template",
        "elsewhere/names.txt.hbs",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "aws=Amazon Web Services, Inc.;hetzner=Hetzner Online GmbH;\n"
    );
    Ok(())
}

#[test]
fn render_unknown_template_exits_2_naming_it() -> TestResult {
    let run = two_rows()?.run(&[
        "render",
        "--template",
        "subprocessors.pdf",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("no template named `subprocessors.pdf`"),
        "{}",
        run.stderr
    );
    // The help lists what exists, whatever templates the repository ships.
    let known = run
        .stderr
        .lines()
        .find_map(|l| l.split_once("known templates: ").map(|(_, list)| list))
        .ok_or("no list of known templates")?;
    let known: Vec<&str> = known.split(", ").collect();
    assert!(known.contains(&"subprocessors.md"), "{known:?}");
    assert!(known.contains(&"subprocessors.html"), "{known:?}");
    Ok(())
}

/// A `--template` written as a path is read as one: a missing `.hbs`
/// file is said as such, and a path to something other than a `.hbs` file
/// says what `--template` takes, never "no template named `./x`".
#[test]
fn render_a_template_path_that_is_missing_or_not_hbs_says_so() -> TestResult {
    let fixture = two_rows()?;
    for (template, stderr) in [
        (
            "./missing.md.hbs",
            "error: cannot read template ./missing.md.hbs: No such file or directory (os error \
             2)\n",
        ),
        (
            "./subprocessors.md",
            "error: --template ./subprocessors.md is written as a path but does not end in \
             `.hbs`; give a template name from the templates folder (`subprocessors.md`) or the \
             path of a `.hbs` file (`./mine.md.hbs`)\n",
        ),
    ] {
        let run = fixture.run(&["render", "--template", template, "--as-of", AS_OF])?;
        assert_eq!(run.code, 2, "{template}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{template}");
        assert_eq!(run.stderr, stderr, "{template}");
    }
    Ok(())
}

#[test]
fn render_refuses_a_registry_with_errors() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("crm", TYPO_MECHANISM)?
        .templates()?;
    let run = fixture.run(&["render", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: the registry has errors; run `subreg check --registry registry` and fix them first\n"
    );
    Ok(())
}

// ---------------------------------------------------------------- inject

const POLICY: &str = "# Privacy policy\n\nWe use these sub-processors:\n\n<!-- subreg:begin template=subprocessors.md -->\n| Third Party | Purpose |\n| :--- | :--- |\n| Amazon Web Services, Inc. | Data hosting |\n| Hetzner Online GmbH | Backups |\n<!-- subreg:end -->\n\nContact us.\n";

fn with_policy(policy: impl AsRef<[u8]>) -> Result<Fixture, Box<dyn std::error::Error>> {
    Fixture::new(EU_REGISTRY_WITH_POLICY)?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?
        .templates()?
        .doc("policy.md", policy)
}

#[test]
fn inject_check_passes_on_an_up_to_date_document() -> TestResult {
    let fixture = with_policy(POLICY)?;
    let run = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    // `check` agrees: no document-stale.
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(report["errors"], 0);
    Ok(())
}

#[test]
fn inject_check_shows_a_changed_purpose_as_a_diff() -> TestResult {
    let fixture = with_policy(POLICY)?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace("[\"Backups\"]", "[\"Off-site backups\"]"),
    )?;
    let run = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let diff = &run.stdout;
    assert!(
        diff.starts_with("--- a/docs/policy.md\n+++ b/docs/policy.md\n@@ "),
        "{diff}"
    );
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-| Hetzner Online GmbH | Backups |",
            "+| Hetzner Online GmbH | Off-site backups |",
        ]
    );
    // --check writes nothing.
    assert_eq!(fixture.read_string("docs/policy.md")?, POLICY);
    // check reports the stale region at its begin marker.
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at("SR0401", "document-stale", "error", "docs/policy.md", 5, 1),
            at(
                "SR0211",
                "transfer-at-risk",
                "warning",
                "registry/subprocessors/aws.toml",
                9,
                13
            ),
        ]
    );
    Ok(())
}

#[test]
fn inject_writes_once_then_leaves_the_file_alone() -> TestResult {
    let fixture = with_policy(POLICY)?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace("[\"Backups\"]", "[\"Off-site backups\"]"),
    )?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "updated docs/policy.md\n");
    let expected = POLICY.replace(
        "| Hetzner Online GmbH | Backups |",
        "| Hetzner Online GmbH | Off-site backups |",
    );
    assert_eq!(fixture.read_string("docs/policy.md")?, expected);

    // Backdate the file: a second run that rewrote it would move the time.
    let path = fixture.path().join("docs/policy.md");
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)?
        .set_modified(old)?;
    let again = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "");
    assert_eq!(std::fs::metadata(&path)?.modified()?, old);
    assert_eq!(fixture.read_string("docs/policy.md")?, expected);
    let check = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(check.code, 0, "{}", check.stdout);
    Ok(())
}

#[test]
fn inject_with_an_unclosed_begin_marker_touches_nothing() -> TestResult {
    let broken = "# Privacy policy\n\n<!-- subreg:begin template=subprocessors.md -->\n| old |\n\nContact us.\n";
    let fixture = with_policy(broken)?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // The finding is printed with the other findings, on stdout.
    assert!(
        run.stdout.contains(
            "error[SR0402]: marker-error: this begin marker is never closed; add a line \
             `<!-- subreg:end -->` after the generated content\n  --> docs/policy.md:3:1\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("updated"), "{}", run.stdout);
    assert_eq!(fixture.read("docs/policy.md")?, broken.as_bytes());

    let check = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(check.code, 1);
    assert_eq!(fixture.read("docs/policy.md")?, broken.as_bytes());
    Ok(())
}

#[test]
fn inject_reports_every_broken_marker_by_line() -> TestResult {
    let broken = "# P\n\n<!-- subreg:end -->\n\n<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";
    let fixture = with_policy(broken)?;
    let (run, report) = {
        let run = fixture.run(&["inject", "--format", "json", "--as-of", AS_OF])?;
        let report: serde_json::Value = serde_json::from_str(&run.stdout)?;
        (run, report)
    };
    assert_eq!(run.code, 1);
    let lines: Vec<(String, u64)> = positions(&report)?
        .into_iter()
        .map(|p| (p.1, p.4))
        .collect();
    assert_eq!(
        lines,
        [
            ("marker-error".to_owned(), 3),
            ("marker-error".to_owned(), 5),
            ("marker-error".to_owned(), 6),
        ]
    );
    // The day rendered for, as `check` prints it; no facts are read.
    assert_eq!(report["as_of"], AS_OF);
    assert_eq!(report["knowledge_checked"], serde_json::Value::Null);
    assert_eq!(fixture.read("docs/policy.md")?, broken.as_bytes());
    // `--check` of a stale region says the same day.
    let stale =
        "# P\n\n<!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n";
    fixture.write("docs/policy.md", stale)?;
    let run = fixture.run(&["inject", "--check", "--format", "json", "--as-of", AS_OF])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)?;
    assert_eq!(report["as_of"], AS_OF);
    assert_eq!(report["diagnostics"][0]["rule"], "document-stale");
    assert_eq!(fixture.read("docs/policy.md")?, stale.as_bytes());
    Ok(())
}

#[test]
fn inject_keeps_crlf_and_bom_outside_the_region() -> TestResult {
    let before = "\u{feff}# Privacy policy\r\n\r\n<!-- subreg:begin template=subprocessors.md -->\r\nstale\r\n<!-- subreg:end -->\r\n\r\nContact us.";
    let fixture = with_policy(before)?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let expected = format!(
        "\u{feff}# Privacy policy\r\n\r\n<!-- subreg:begin template=subprocessors.md -->\r\n{}<!-- subreg:end -->\r\n\r\nContact us.",
        TWO_ROW_TABLE.replace('\n', "\r\n")
    );
    assert_eq!(fixture.read("docs/policy.md")?, expected.as_bytes());
    let check = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(check.code, 0, "{}", check.stdout);
    Ok(())
}

/// A stale region is reported on its begin marker, the line ending left
/// out whether it is LF or CRLF.
#[test]
fn a_stale_region_spans_its_marker_without_the_line_ending() -> TestResult {
    let marker = "<!-- subreg:begin template=subprocessors.md -->";
    for ending in ["\n", "\r\n"] {
        let policy =
            format!("# Policy{ending}{marker}{ending}stale{ending}<!-- subreg:end -->{ending}");
        let fixture = with_policy(&policy)?;
        let run = fixture.run(&["check", "--format", "github", "--as-of", AS_OF])?;
        let stale = run
            .stdout
            .lines()
            .find(|l| l.contains("document-stale"))
            .unwrap_or_default()
            .to_owned();
        let end_column = marker.chars().count() + 1;
        assert!(
            stale.starts_with(&format!(
                "::error file=docs/policy.md,line=2,col=1,endLine=2,endColumn={end_column},"
            )),
            "{ending:?}: {}",
            run.stdout
        );
    }
    Ok(())
}

/// A byte order mark is no column: a marker at the start of a document
/// with one is at column 1, as editors show it.
#[test]
fn a_marker_after_a_byte_order_mark_is_at_column_1() -> TestResult {
    let policy =
        "\u{feff}<!-- subreg:begin template=subprocessors.md -->\nstale\n<!-- subreg:end -->\n";
    let fixture = with_policy(policy)?;
    let run = fixture.run(&["check", "--format", "github", "--as-of", AS_OF])?;
    assert!(
        run.stdout
            .contains("::error file=docs/policy.md,line=1,col=1,endLine=1,endColumn=48,"),
        "{}",
        run.stdout
    );
    Ok(())
}

#[test]
fn inject_named_file_overrides_the_registry_documents() -> TestResult {
    let fixture = with_policy(POLICY)?.doc(
        "other.md",
        "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    let run = fixture.run(&["inject", "docs/other.md", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "updated docs/other.md\n");
    assert_eq!(
        fixture.read_string("docs/other.md")?,
        format!(
            "<!-- subreg:begin template=subprocessors.md -->\n{TWO_ROW_TABLE}<!-- subreg:end -->\n"
        )
    );
    assert_eq!(fixture.read_string("docs/policy.md")?, POLICY);
    Ok(())
}

#[test]
fn inject_exits_2_for_a_missing_document() -> TestResult {
    let fixture = with_policy(POLICY)?;
    let run = fixture.run(&["inject", "docs/missing.md", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("docs/missing.md"), "{}", run.stderr);
    Ok(())
}

// ---------------------------------------------------------------- schema

#[test]
fn schema_check_passes_in_the_repository() -> TestResult {
    let run = run_in(&repo_root(), &["schema", "--check"])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    Ok(())
}

#[test]
fn schema_writes_files_that_then_pass_the_check() -> TestResult {
    let fixture = Fixture::eu()?;
    let missing = fixture.run(&["schema", "--check"])?;
    assert_eq!(missing.code, 1);

    let run = fixture.run(&["schema"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "wrote schemas/registry.schema.json\nwrote schemas/subprocessor.schema.json\nwrote schemas/knowledge.schema.json\nwrote schemas/regions.schema.json\n"
    );
    for name in [
        "registry.schema.json",
        "subprocessor.schema.json",
        "knowledge.schema.json",
        "regions.schema.json",
    ] {
        let written = fixture.read(&format!("schemas/{name}"))?;
        let committed = std::fs::read(repo_root().join("schemas").join(name))?;
        assert!(
            written == committed,
            "schemas/{name} differs from the committed one"
        );
    }
    let check = fixture.run(&["schema", "--check"])?;
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(check.stdout, "");
    Ok(())
}

#[test]
fn schema_check_shows_an_edited_schema_as_a_diff() -> TestResult {
    let fixture = Fixture::eu()?;
    assert_eq!(fixture.run(&["schema"])?.code, 0);
    let path = "schemas/subprocessor.schema.json";
    let original = fixture.read_string(path)?;
    let edited = original.replacen("\"minItems\": 1", "\"minItems\": 2", 1);
    assert_ne!(edited, original, "the schema has no minItems to edit");
    fixture.write(path, &edited)?;

    let run = fixture.run(&["schema", "--check"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with(
            "--- a/schemas/subprocessor.schema.json\n+++ b/schemas/subprocessor.schema.json\n@@ "
        ),
        "{}",
        run.stdout
    );
    let changed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .map(str::trim_end)
        .collect();
    assert_eq!(changed.len(), 2, "{}", run.stdout);
    assert_eq!(changed[0].trim_start_matches('-').trim(), "\"minItems\": 2");
    assert_eq!(changed[1].trim_start_matches('+').trim(), "\"minItems\": 1");
    assert!(
        run.stdout
            .ends_with("the schemas are stale: run `subreg schema` and commit schemas/\n"),
        "{}",
        run.stdout
    );
    // --check wrote nothing.
    assert_eq!(fixture.read_string(path)?, edited);

    assert_eq!(fixture.run(&["schema"])?.code, 0);
    assert_eq!(fixture.read_string(path)?, original);
    assert_eq!(fixture.run(&["schema", "--check"])?.code, 0);
    Ok(())
}

// ---------------------------------------------------------------- explain

/// The rule names fixed by the design contract (the README's rule table).
const DESIGN_RULES: [&str; 23] = [
    "toml-syntax",
    "schema-violation",
    "unknown-key",
    "invalid-encoding",
    "unknown-country",
    "duplicate-subprocessor",
    "date-order",
    "notice-period-too-short",
    "vague-location",
    "transfer-without-mechanism",
    "invalidated-mechanism",
    "mechanism-not-applicable",
    "scoped-adequacy",
    "tia-missing",
    "tia-expired",
    "dpf-verification-stale",
    "scc-module-mismatch",
    "derogation-for-routine-transfer",
    "transfer-outside-locations",
    "transfer-at-risk",
    "stale-knowledge",
    "document-stale",
    "marker-error",
];

#[test]
fn explain_prints_the_four_sections() -> TestResult {
    let fixture = Fixture::eu()?;
    let run = fixture.run(&["explain", "transfer-without-mechanism"])?;
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(
            "transfer-without-mechanism (SR0201)\nA transfer to a destination outside a regime's area without a valid mechanism.\nDefault level: deny\n"
        ),
        "{}",
        run.stdout
    );
    let headings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("## "))
        .collect();
    assert_eq!(
        headings,
        ["## What it does", "## Why", "## Example", "## Fix"]
    );
    Ok(())
}

#[test]
fn explain_accepts_a_code() -> TestResult {
    let fixture = Fixture::eu()?;
    let by_name = fixture.run(&["explain", "transfer-without-mechanism"])?;
    for code in ["SR0201", "sr0201"] {
        let run = fixture.run(&["explain", code])?;
        assert_eq!(run.code, 0, "{code}");
        assert_eq!(run.stdout, by_name.stdout, "{code}");
    }
    Ok(())
}

#[test]
fn explain_a_misspelled_rule_suggests_the_name() -> TestResult {
    let run = Fixture::eu()?.run(&["explain", "tia-mising"])?;
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: unknown rule `tia-mising`; did you mean `tia-missing`?\n"
    );
    Ok(())
}

#[test]
fn explain_list_names_every_rule_of_the_design() -> TestResult {
    let fixture = Fixture::eu()?;
    let run = fixture.run(&["explain", "--list"])?;
    assert_eq!(run.code, 0);
    let listed: Vec<(&str, &str)> = run
        .stdout
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .collect();
    for rule in DESIGN_RULES {
        assert!(
            listed.iter().any(|(_, name)| *name == rule),
            "`explain --list` lacks {rule}:\n{}",
            run.stdout
        );
        // Every listed rule has its own documentation.
        let doc = fixture.run(&["explain", rule])?;
        assert_eq!(doc.code, 0, "explain {rule}");
        assert_eq!(
            doc.stdout.lines().filter(|l| l.starts_with("## ")).count(),
            4,
            "explain {rule}"
        );
    }
    // Codes are unique.
    let mut codes: Vec<&str> = listed.iter().map(|(code, _)| *code).collect();
    let total = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), total, "{}", run.stdout);
    assert_eq!(
        listed
            .iter()
            .find(|(_, name)| *name == "transfer-without-mechanism"),
        Some(&("SR0201", "transfer-without-mechanism"))
    );
    Ok(())
}

/// A registry's knowledge.toml replaces a built-in record by id (reported
/// as a note at the replacing record) and adds new ones. The record here
/// is test data, not a legal fact: Brazil's decision moved to a later day.
#[test]
fn registry_knowledge_overrides_a_builtin_record() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("suporte", BRAZIL_ADEQUACY)?;
    let knowledge = r#"[[decisions]]
id = "eu-adequacy-br"
regime = "eu-gdpr"
destination = "BR"
mechanism = "adequacy"
reference = "TEST FIXTURE: a later decision for Brazil"
effective = 2026-03-01
scope = "whole"
verification = "verified"
sources = ["test fixture"]
checked = 2026-11-01
"#;
    fixture.write("registry/knowledge.toml", knowledge)?;

    let (run, report) = fixture.check_json_on("2026-02-01", &[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/suporte.toml";
    assert!(
        findings(&report)?.contains(&at(
            "SR0201",
            "transfer-without-mechanism",
            "error",
            file,
            4,
            14
        )),
        "{report:#}"
    );
    let note = diagnostic(&report, "stale-knowledge", "registry/knowledge.toml", 2)
        .ok_or("no override note")?;
    assert_eq!(note["severity"], "note");
    assert_eq!(
        note["message"],
        "knowledge record `eu-adequacy-br` is replaced by the registry's knowledge.toml: verdicts may rest on it"
    );

    // From the replaced record's day, whole scope: no finding at all.
    let (run, report) = fixture.check_json_on("2026-03-01", &[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(findings(&report)?, vec![]);
    Ok(())
}

/// A record knowledge.toml adds is reported as visibly as one it
/// replaces: a pull request cannot make a transfer lawful by adding a fact
/// in silence. The record is test data, not a legal fact.
#[test]
fn a_record_added_by_registry_knowledge_is_reported() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("suporte", BRAZIL_ADEQUACY)?;
    let knowledge = r#"[[decisions]]
id = "test-adequacy-br-added"
regime = "eu-gdpr"
destination = "BR"
mechanism = "adequacy"
reference = "TEST FIXTURE: an added decision"
effective = 2020-01-01
scope = "whole"
verification = "verified"
sources = ["test fixture"]
checked = 2026-11-01
"#;
    fixture.write("registry/knowledge.toml", knowledge)?;
    let (run, report) = fixture.check_json_on("2025-06-02", &[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    let note = diagnostic(&report, "stale-knowledge", "registry/knowledge.toml", 2)
        .ok_or("no note for the added record")?;
    assert_eq!(note["severity"], "note");
    assert_eq!(
        note["message"],
        "knowledge record `test-adequacy-br-added` is added by the registry's knowledge.toml: verdicts may rest on it"
    );
    Ok(())
}

#[test]
fn github_format_puts_each_finding_on_its_line() -> TestResult {
    let run = faulty()?.run(&["check", "--as-of", AS_OF, "--format", "github"])?;
    assert_eq!(run.code, 1);
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .map(|line| line.split("::").take(2).collect::<Vec<_>>())
        .filter_map(|parts| parts.get(1).copied())
        .collect();
    assert_eq!(
        heads,
        vec![
            "error file=registry/subprocessors/analytics.toml,line=4,col=14,endLine=4,endColumn=18,title=SR0201 transfer-without-mechanism",
            "warning file=registry/subprocessors/aws.toml,line=9,col=13,endLine=9,endColumn=24,title=SR0211 transfer-at-risk",
            "error file=registry/subprocessors/crm.toml,line=9,col=13,endLine=9,endColumn=24,title=SR0102 schema-violation",
            "error file=registry/subprocessors/mailer.toml,line=9,col=13,endLine=9,endColumn=29,title=SR0202 invalidated-mechanism",
            "error file=registry/subprocessors/support.toml,line=2,col=11,endLine=2,endColumn=15,title=SR0301 unknown-country",
        ]
    );
    Ok(())
}

#[test]
fn rule_levels_from_the_registry_and_the_command_line() -> TestResult {
    // registry.toml makes transfer-at-risk an error and allows unknown-country.
    let registry = format!(
        "{EU_REGISTRY}\n[rules]\ntransfer-at-risk = \"deny\"\nunknown-country = \"allow\"\n"
    );
    let fixture = Fixture::new(&registry)?
        .subprocessor("aws", AWS)?
        .subprocessor("support", UK_COUNTRY)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0211",
            "transfer-at-risk",
            "error",
            "registry/subprocessors/aws.toml",
            9,
            13
        )]
    );
    // The command line wins: by name and by code.
    let (run, report) = fixture.check_json(&["-W", "transfer-at-risk", "-D", "SR0301"])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at(
                "SR0211",
                "transfer-at-risk",
                "warning",
                "registry/subprocessors/aws.toml",
                9,
                13
            ),
            at(
                "SR0301",
                "unknown-country",
                "error",
                "registry/subprocessors/support.toml",
                2,
                11
            ),
        ]
    );
    let (run, report) = fixture.check_json(&["-A", "transfer-at-risk"])?;
    assert_eq!(run.code, 0);
    assert_eq!(findings(&report)?, vec![]);
    Ok(())
}

#[test]
fn unknown_rule_names_are_errors_with_a_suggestion() -> TestResult {
    let run = faulty()?.run(&["check", "--as-of", AS_OF, "-A", "tia-mising"])?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule `tia-mising`; did you mean `tia-missing`?"),
        "{}",
        run.stderr
    );

    let registry = format!("{EU_REGISTRY}\n[rules]\ntransfer-at-rsk = \"allow\"\n");
    let fixture = Fixture::new(&registry)?.subprocessor("aws", AWS)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let d = diagnostic(&report, "unknown-key", "registry/registry.toml", 9)
        .ok_or(format!("{report:#}"))?;
    assert_eq!(
        d["message"],
        "unknown rule `transfer-at-rsk`; did you mean `transfer-at-risk`?"
    );
    Ok(())
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() -> TestResult {
    let fixture = faulty()?;
    let plain = fixture.run(&["check", "--as-of", AS_OF])?;
    assert!(!plain.stdout.contains('\u{1b}'), "colour in a pipe");
    let always = fixture.run(&["check", "--as-of", AS_OF, "--color", "always"])?;
    assert!(
        always.stdout.contains("\u{1b}["),
        "no colour with --color always"
    );
    let quiet = fixture.run(&["check", "--as-of", AS_OF, "--quiet"])?;
    assert!(!quiet.stdout.contains("warning["), "{}", quiet.stdout);
    assert!(
        quiet
            .stdout
            .ends_with("4 errors, 1 warning, 0 notes in 6 files (4 sub-processors checked)\n")
    );
    Ok(())
}

#[test]
fn a_failing_template_given_by_path_is_named_by_its_path() -> TestResult {
    let fixture = two_rows()?;
    fixture.write(
        "elsewhere/broken.md.hbs",
        "{{#each subprocessors}}{{nmae}}{{/each}}\n",
    )?;
    let run = fixture.run(&[
        "render",
        "--template",
        "elsewhere/broken.md.hbs",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: elsewhere/broken.md.hbs:1:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("templates/"), "{}", run.stderr);
    Ok(())
}

/// One file named several times (the same name twice, through `./`, `..`
/// or a symbolic link), on the command line or under `[[documents]]`, is
/// read and written once and reported once, under the first name given.
#[test]
fn a_document_named_twice_is_written_and_reported_once() -> TestResult {
    let stale = HETZNER.replace("[\"Backups\"]", "[\"Off-site backups\"]");
    let expected = POLICY.replace(
        "| Hetzner Online GmbH | Backups |",
        "| Hetzner Online GmbH | Off-site backups |",
    );

    let fixture = with_policy(POLICY)?;
    fixture.write("registry/subprocessors/hetzner.toml", &stale)?;
    std::os::unix::fs::symlink("policy.md", fixture.path().join("docs/link.md"))?;
    let run = fixture.run(&[
        "inject",
        "docs/policy.md",
        "docs/policy.md",
        "./docs/policy.md",
        "docs/../docs/policy.md",
        "docs/link.md",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "updated docs/policy.md\n");
    assert_eq!(fixture.read_string("docs/policy.md")?, expected);

    let twice = EU_REGISTRY_WITH_POLICY.to_owned()
        + "\n[[documents]]\npath = \"../docs/./policy.md\"\n\n[[documents]]\npath = \
           \"../docs/link.md\"\n\n[[documents]]\npath = \"../registry/../docs/policy.md\"\n";
    let fixture = Fixture::new(&twice)?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", &stale)?
        .templates()?
        .doc("policy.md", POLICY)?;
    std::os::unix::fs::symlink("policy.md", fixture.path().join("docs/link.md"))?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let stale_findings: Vec<_> = findings(&report)?
        .into_iter()
        .filter(|p| p.1 == "document-stale")
        .collect();
    assert_eq!(
        stale_findings,
        [at(
            "SR0401",
            "document-stale",
            "error",
            "docs/policy.md",
            5,
            1
        )]
    );
    let check = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert_eq!(
        check.stdout.matches("+++ b/").count(),
        1,
        "{}",
        check.stdout
    );
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "updated docs/policy.md\n");
    assert_eq!(fixture.read_string("docs/policy.md")?, expected);
    Ok(())
}

/// Values clap refuses are quoted in its message: they go through the
/// sanitiser like every other message, so an argument cannot recolour or
/// retitle the terminal.
#[test]
fn refused_arguments_are_never_echoed_raw() -> TestResult {
    let fixture = Fixture::eu()?;
    for args in [
        &["check", "-D", "x\u{1b}]0;PWNED\u{7}"][..],
        &["check", "--as-of", "x\u{202e}"],
        &["check", "-W", "a\u{200b}\tb"],
        &["check", "-A", "\u{9b}31m"],
        &["check", "--format", "json\u{1b}[2J"],
        &["check", "--bogus\u{2066}"],
    ] {
        let output = fixture.command(args)?.output()?;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr)?;
        let raw = stderr
            .chars()
            .find(|&c| (c.is_control() && c != '\n') || subreg::diag::visible::is_hidden(c));
        assert_eq!(raw, None, "{args:?}: {stderr:?}");
        // clap drops ANSI escape sequences from what it renders; every
        // other hidden character is shown by its code point.
        if !args.iter().any(|a| a.contains('\u{1b}')) {
            assert!(stderr.contains("<U+"), "{args:?}: {stderr}");
        }
    }
    // A line break in an argument never starts a line of the log: clap's
    // messages and subreg's own quote it as `<U+000A>`.
    for args in [
        &["check", "-D", "x\n::error::forged"][..],
        &["check", "--as-of", "2026\n::error::forged"],
        &["check", "--format", "x\n::error::forged"],
        &["check", "--bogus\n::error::forged"],
        &["explain", "x\n::error::forged"],
        &["render", "--template", "x\n::error::forged"],
        &["check", "-W", "x\u{7}\n::error::forged"],
    ] {
        let fixture = Fixture::eu()?.templates()?;
        let output = fixture.command(args)?.output()?;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr)?;
        assert!(
            stderr.contains("x<U+000A>::error::forged")
                || stderr.contains("x<U+0007><U+000A>::error::forged")
                || stderr.contains("2026<U+000A>::error::forged")
                || stderr.contains("bogus<U+000A>::error::forged"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.lines().any(|l| l.starts_with("::")),
            "{args:?}: {stderr}"
        );
    }
    let help = fixture.command(&["check", "--help"])?.output()?;
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8(help.stdout)?.contains("--as-of"));
    Ok(())
}

#[test]
fn template_errors_name_the_folder_that_was_given() -> TestResult {
    let fixture = Fixture::eu()?;
    fixture.write("mine/broken.md.hbs", "{{#each subprocessors}}\n")?;
    let run = fixture.run(&[
        "render",
        "--templates",
        "mine",
        "--template",
        "none",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: mine/broken.md.hbs:2:1: syntax error: "),
        "{}",
        run.stderr
    );
    std::fs::remove_file(fixture.path().join("mine/broken.md.hbs"))?;
    let run = fixture.run(&[
        "render",
        "--templates",
        "mine/",
        "--template",
        "none",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: mine/none.hbs: no template named `none`\n  = help: known templates: \
             changelog.md, feed.xml, notice.md, notice.txt, subprocessors-detailed.md, \
             subprocessors.csv, subprocessors.html, subprocessors.json, subprocessors.md\n"
        )
    );
    // The registry's own folder keeps its name.
    let run = fixture.run(&["render", "--template", "none", "--as-of", AS_OF])?;
    assert!(
        run.stderr
            .starts_with("error: templates/none.hbs: no template named"),
        "{}",
        run.stderr
    );
    Ok(())
}

/// A finding about a transfer under one regime names it in its own field
/// (DESIGN's JSON contract): a derogation occasional under one regime, and
/// clauses whose record under one regime names other roles.
#[test]
fn transfer_findings_about_one_regime_name_it_in_json() -> TestResult {
    let derogation = "name = \"Offshore Ltd\"\ncountry = \"IN\"\npurposes = [\"Support\"]\n\
        locations = [\"IN\"]\nadded = 2020-01-06\n\n[[transfers]]\nto = \"IN\"\n\
        mechanism = \"derogation\"\narticle = \"49(1)(b)\"\n";
    // A processor exporting on the 2010 clauses, made for controllers.
    let clauses = "name = \"Old Clauses Ltd\"\ncountry = \"IN\"\npurposes = [\"Support\"]\n\
        locations = [\"IN\"]\nadded = 2020-01-06\n\n[[transfers]]\nto = \"IN\"\n\
        mechanism = \"eu-scc-2010\"\nsigned = 2020-01-06\ntia = 2020-08-03\n";
    // Two regimes: the mechanism alone does not say which one is meant.
    let registry = EU_REGISTRY.replace(r#"["eu-gdpr"]"#, r#"["eu-gdpr", "uk-gdpr"]"#);
    let fixture = Fixture::new(&registry)?
        .subprocessor("offshore", derogation)?
        .subprocessor("old-clauses", clauses)?;
    let (_, report) = fixture.check_json_on("2021-03-01", &[])?;
    let subjects: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| {
            d["rule"] == "derogation-for-routine-transfer" || d["rule"] == "scc-module-mismatch"
        })
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["subprocessor"].as_str().unwrap_or_default().to_owned(),
                d["regime"].as_str().unwrap_or("null").to_owned(),
            )
        })
        .collect();
    let row =
        |rule: &str, id: &str, regime: &str| (rule.to_owned(), id.to_owned(), regime.to_owned());
    assert_eq!(
        subjects,
        [
            // Occasional-only under both regimes: one finding, about neither alone.
            row("derogation-for-routine-transfer", "offshore", "null"),
            // The 2010 clauses serve both; the record that names other roles is eu-gdpr's.
            row("scc-module-mismatch", "old-clauses", "eu-gdpr"),
        ]
    );
    Ok(())
}

/// The TCA's interim provision is no adequacy decision: the note says what
/// it does (a transmission is not a transfer to a third country), and an
/// adequacy decision's note says the finding is the basis.
#[test]
fn the_tca_bridge_is_said_as_what_it_does() -> TestResult {
    let uk = HETZNER
        .replace("Hetzner Online GmbH", "London Ltd")
        .replace("\"DE\"", "\"GB\"")
        .replace("2023-11-08", "2021-01-04");
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("london", uk)?;
    let note = |report: &serde_json::Value| -> Result<(String, String), String> {
        let d = report["diagnostics"]
            .as_array()
            .and_then(|all| all.iter().find(|d| d["rule"] == "transfer-lawful"))
            .ok_or("no transfer-lawful note")?;
        Ok((
            d["message"].as_str().unwrap_or_default().to_owned(),
            d["notes"][0].as_str().unwrap_or_default().to_owned(),
        ))
    };
    let (_, report) = fixture.check_json_on("2021-03-01", &[])?;
    let (message, why) = note(&report)?;
    assert!(
        message.starts_with(
            "London Ltd: GB under eu-gdpr: a transmission is not a transfer to a third country \
             under EU-UK Trade and Cooperation Agreement, Art. 782"
        ),
        "{message}"
    );
    assert!(why.starts_with("fact last checked "), "{why}");
    let (_, report) = fixture.check_json_on("2021-07-01", &[])?;
    let (message, why) = note(&report)?;
    assert!(message.contains(": covered as a whole by "), "{message}");
    assert!(
        why.starts_with(
            "a whole-country adequacy finding is itself the basis of the transfer: no safeguard \
             is needed beside it (GDPR Art. 45(1)); fact last checked "
        ),
        "{why}"
    );
    Ok(())
}

/// The built-in exports: one CSV row and one JSON object per
/// sub-processor, the safeguards of its transfers in force; an empty value
/// is the empty quoted field `""`, which no reader skips as a blank line.
#[test]
fn render_exports_csv_and_json() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?;
    let csv = fixture.run(&[
        "render",
        "--template",
        "subprocessors.csv",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_eq!(
        csv.stdout,
        "id,name,country,purposes,locations,safeguards,added,effective\n\
         aws,\"Amazon Web Services, Inc.\",US,Data hosting,US,US: eu-us-dpf,2023-11-08,\"\"\n\
         hetzner,Hetzner Online GmbH,DE,Backups,DE,\"\",2023-11-08,\"\"\n"
    );
    let json = fixture.run(&[
        "render",
        "--template",
        "subprocessors.json",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(json.code, 0, "{}", json.stderr);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout)?;
    assert_eq!(
        parsed["subprocessors"][0]["name"],
        "Amazon Web Services, Inc."
    );
    assert_eq!(parsed["subprocessors"][0]["safeguards"], "US: eu-us-dpf");
    assert_eq!(parsed["subprocessors"][1]["id"], "hetzner");
    assert_eq!(parsed["as_of"], AS_OF);
    Ok(())
}
