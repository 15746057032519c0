//! `subreg diff` on git repositories built here, one commit per kind of
//! change (add, replace, change a location, change a mechanism, remove),
//! and on two registry folders: the exact changes in every format.

mod common;

use std::path::Path;
use std::process::Command;

use common::{AWS, EU_REGISTRY, Error, Fixture, HETZNER, TestResult};

/// A US mailer on the EU-US DPF.
const MAILER: &str = r#"name = "Mailer Inc."
country = "US"
purposes = ["Email delivery"]
locations = ["US"]
added = 2026-02-01

[[transfers]]
to = "US"
mechanism = "eu-us-dpf"
verified = 2026-10-01
"#;

/// A host that takes over Hetzner's purpose.
const OVH: &str = r#"name = "OVH SAS"
country = "FR"
purposes = ["backups"]
locations = ["FR"]
added = 2026-03-01
effective = 2026-04-01
"#;

/// Runs git in `dir` with a fixed identity and date, failing on error.
fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Legal")
        .env("GIT_AUTHOR_EMAIL", "legal@example.com")
        .env("GIT_COMMITTER_NAME", "Legal")
        .env("GIT_COMMITTER_EMAIL", "legal@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-01T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-01T10:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()?;
    if !output.status.success() {
        return Err(format!("git {args:?}: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Commits everything with `message` and tags the commit `tag`.
fn commit(fixture: &Fixture, message: &str, tag: &str) -> TestResult {
    git(fixture.path(), &["add", "-A"])?;
    git(fixture.path(), &["commit", "-q", "-m", message])?;
    git(fixture.path(), &["tag", tag])?;
    Ok(())
}

/// Makes `fixture`'s folder a repository with one commit on `main`, tagged
/// `v1`.
fn started(fixture: &Fixture) -> TestResult {
    git(fixture.path(), &["init", "-q", "-b", "main"])?;
    commit(fixture, "start", "v1")
}

/// A repository whose tags `v1` to `v5` are one change each.
fn history() -> Result<Fixture, Error> {
    let fixture = Fixture::new(EU_REGISTRY)?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?;
    git(fixture.path(), &["init", "-q", "-b", "main"])?;
    commit(&fixture, "aws and hetzner", "v1")?;
    fixture.write("registry/subprocessors/mailer.toml", MAILER)?;
    commit(&fixture, "add a mailer", "v2")?;
    std::fs::remove_file(fixture.path().join("registry/subprocessors/hetzner.toml"))?;
    fixture.write("registry/subprocessors/ovh.toml", OVH)?;
    commit(&fixture, "replace hetzner by ovh", "v3")?;
    fixture.write(
        "registry/subprocessors/aws.toml",
        AWS.replace("locations = [\"US\"]", "locations = [\"US\", \"IN\"]"),
    )?;
    commit(&fixture, "aws also in India", "v4")?;
    fixture.write(
        "registry/subprocessors/mailer.toml",
        MAILER.replace(
            "mechanism = \"eu-us-dpf\"\nverified = 2026-10-01",
            "mechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2026-10-01\ntia = 2026-09-20",
        ),
    )?;
    commit(&fixture, "mailer on clauses", "v5")?;
    Ok(fixture)
}

/// The diagnostics of `report` of `rule`, in order.
fn of_rule<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn diff(fixture: &Fixture, args: &[&str]) -> Result<(i32, String), Error> {
    let mut all = vec!["diff", "--as-of", "2026-11-29"];
    all.extend_from_slice(args);
    let run = fixture.run(&all)?;
    Ok((run.code, run.stdout + &run.stderr))
}

#[test]
fn each_commit_is_said_as_the_change_it_is() -> TestResult {
    let fixture = history()?;
    let cases: [(&str, &str, &str); 4] = [
        (
            "v1",
            "v2",
            "added: Mailer Inc. (mailer): purposes Email delivery; established in US; locations US; safeguards US: eu-us-dpf; added 2026-02-01\n\
             new warning transfer-at-risk (mailer, eu-gdpr, US): Mailer Inc.: `eu-us-dpf` is under legal challenge and the transfer has no complete fallback\n\
             1 added, 0 removed, 0 replaced, 0 renamed, 0 changed; 1 finding new, 0 resolved (v1 → v2, judged on 2026-11-29)\n",
        ),
        (
            "v2",
            "v3",
            "replaced: Hetzner Online GmbH (hetzner) by OVH SAS (ovh): for backups; purposes backups; established in FR; locations FR; added 2026-03-01, effective 2026-04-01\n\
             0 added, 0 removed, 1 replaced, 0 renamed, 0 changed; 0 findings new, 0 resolved (v2 → v3, judged on 2026-11-29)\n",
        ),
        (
            "v3",
            "v4",
            "changed: Amazon Web Services, Inc. (aws): locations\n    locations: + IN\n\
             new error transfer-without-mechanism (aws, eu-gdpr, IN): Amazon Web Services, Inc.: transfer to IN has no mechanism valid under eu-gdpr on 2026-11-29\n\
             0 added, 0 removed, 0 replaced, 0 renamed, 1 changed; 1 finding new, 0 resolved (v3 → v4, judged on 2026-11-29)\n",
        ),
        (
            "v4",
            "v5",
            "changed: Mailer Inc. (mailer): transfers\n    transfers: + US eu-scc-2021; - US eu-us-dpf\n\
             resolved warning transfer-at-risk (mailer, eu-gdpr, US): Mailer Inc.: `eu-us-dpf` is under legal challenge and the transfer has no complete fallback\n\
             0 added, 0 removed, 0 replaced, 0 renamed, 1 changed; 0 findings new, 1 resolved (v4 → v5, judged on 2026-11-29)\n",
        ),
    ];
    for (base, head, expected) in cases {
        let (code, text) = diff(&fixture, &[base, head])?;
        assert_eq!((code, text.as_str()), (0, expected), "{base} → {head}");
    }
    // Backwards, an addition is a removal.
    let (_, text) = diff(&fixture, &["v2", "v1"])?;
    assert_eq!(
        text.lines().next(),
        Some(
            "removed: Mailer Inc. (mailer): its file was deleted, so the changelog and the feed \
             lose its history; keep the file with a `removed` date instead"
        )
    );
    Ok(())
}

#[test]
fn json_and_markdown_carry_the_same_changes() -> TestResult {
    let fixture = history()?;
    let (code, text) = diff(&fixture, &["v1", "v3", "--format", "json"])?;
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&text)?;
    let kinds: Vec<(&str, &str)> = report["changes"]
        .as_array()
        .ok_or("no changes")?
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or(""),
                c["subprocessor"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(kinds, vec![("added", "mailer"), ("replaced", "ovh")]);
    let replaced = &report["changes"][1];
    assert_eq!(replaced["old"]["name"], "Hetzner Online GmbH");
    assert_eq!(replaced["entry"]["effective"], "2026-04-01");
    assert_eq!(report["changes"][0]["old"], serde_json::Value::Null);
    assert_eq!(
        report["changes"][0]["entry"]["safeguards"],
        serde_json::json!(["US: eu-us-dpf"])
    );
    assert_eq!(replaced["purposes"], serde_json::json!(["backups"]));
    assert_eq!(
        (report["base"].as_str(), report["head"].as_str()),
        (Some("v1"), Some("v3"))
    );

    let (_, markdown) = diff(&fixture, &["v3", "v4", "--format", "markdown"])?;
    assert_eq!(
        markdown,
        "### Sub-processor changes: ` v3 ` → ` v4 `\n\n\
         | Change | Sub-processor | Details |\n| :--- | :--- | :--- |\n\
         | changed | Amazon Web Services, Inc. (aws) | locations: + IN |\n\n\
         **Verdicts that changed**\n\n\
         - new error transfer-without-mechanism (aws, eu-gdpr, IN): Amazon Web Services, Inc.: transfer to IN has no mechanism valid under eu-gdpr on 2026-11-29\n\n\
         0 added, 0 removed, 0 replaced, 0 renamed, 1 changed; 1 finding new, 0 resolved (v3 → v4, judged on 2026-11-29)\n"
    );
    Ok(())
}

#[test]
fn by_default_a_branch_is_compared_from_where_it_left_main_to_the_working_tree() -> TestResult {
    let fixture = history()?;
    git(fixture.path(), &["checkout", "-q", "-b", "swap-host", "v3"])?;
    // Uncommitted: the working tree is the head.
    fixture.write(
        "registry/subprocessors/ovh.toml",
        OVH.replace("locations = [\"FR\"]", "locations = [\"FR\", \"DE\"]"),
    )?;
    let (code, text) = diff(&fixture, &[])?;
    assert_eq!(code, 0, "{text}");
    let base = git(fixture.path(), &["rev-parse", "v3"])?;
    assert_eq!(
        text,
        format!(
            "changed: OVH SAS (ovh): locations\n    locations: + DE\n\
             0 added, 0 removed, 0 replaced, 0 renamed, 1 changed; 0 findings new, 0 resolved ({} → working tree, judged on 2026-11-29)\n",
            &base[..12]
        )
    );
    Ok(())
}

#[test]
fn two_registry_folders_are_compared_without_git() -> TestResult {
    let old = Fixture::new(EU_REGISTRY)?.subprocessor("hetzner", HETZNER)?;
    let new = Fixture::new(EU_REGISTRY)?.subprocessor(
        "hetzner",
        HETZNER.replace("Backups", "Backups\", \"Monitoring"),
    )?;
    let (code, text) = diff(
        &old,
        &[
            &old.path().join("registry").display().to_string(),
            &new.path().display().to_string(),
        ],
    )?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(
            "changed: Hetzner Online GmbH (hetzner): purposes\n    purposes: + Monitoring\n"
        ),
        "{text}"
    );
    Ok(())
}

#[test]
fn a_name_that_is_no_folder_or_revision_stops_with_exit_2() -> TestResult {
    let fixture = history()?;
    for (args, message) in [
        (
            vec!["v9", "v1"],
            "error: `v9` is neither a folder nor a revision of the repository (try a branch, a tag or a commit)",
        ),
        (
            vec!["--upload-pack=touch x", "v1"],
            "error: `--upload-pack=touch x` is neither a folder nor a revision of the repository (try a branch, a tag or a commit)",
        ),
    ] {
        let run = fixture.run(&[&["diff", "--"][..], &args[..]].concat())?;
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.trim_end(), message);
    }
    let plain = Fixture::new(EU_REGISTRY)?;
    let run = plain.run(&["diff", "v1"])?;
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "error: registry is not inside a git repository: give two registry folders to compare"
    );
    Ok(())
}

#[test]
fn a_file_that_does_not_load_is_not_said_to_be_removed() -> TestResult {
    let fixture = history()?;
    fixture.write("registry/subprocessors/mailer.toml", "name = \n")?;
    let (_, text) = diff(&fixture, &["v5"])?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "not compared: mailer: its file does not load in the head; see its findings"
    );
    assert!(
        lines[1].starts_with("new error toml-syntax (mailer): "),
        "{text}"
    );
    assert_eq!(lines.len(), 3, "{text}");
    Ok(())
}

#[test]
fn a_branch_that_adds_a_sub_processor_sooner_than_the_notice_period_fails_check_base() -> TestResult
{
    let fixture = history()?;
    fixture.write(
        "registry/registry.toml",
        EU_REGISTRY.replace("[organization]", "notice_days = 30\n\n[organization]"),
    )?;
    // Without v4's transfer to India, which has no mechanism.
    fixture.write("registry/subprocessors/aws.toml", AWS)?;
    commit(&fixture, "a 30-day notice period", "v6")?;
    git(fixture.path(), &["checkout", "-q", "-b", "add-ovh-eu"])?;
    // Judged on 2026-11-29: 29 days before 2026-12-28 is one too few, 30
    // before 2026-12-29 enough.
    for (effective, expected) in [
        (
            "2026-11-30",
            Some(
                "Scaleway SAS: 1 day of notice (announced by this change on 2026-11-29, effective 2026-11-30), but the registry promises 30 days",
            ),
        ),
        (
            "2026-12-28",
            Some(
                "Scaleway SAS: 29 days of notice (announced by this change on 2026-11-29, effective 2026-12-28), but the registry promises 30 days",
            ),
        ),
        ("2026-12-29", None),
    ] {
        fixture.write(
            "registry/subprocessors/scaleway.toml",
            format!(
                "name = \"Scaleway SAS\"\ncountry = \"FR\"\npurposes = [\"Object storage\"]\nlocations = [\"FR\"]\nadded = 2026-11-01\neffective = {effective}\n"
            ),
        )?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        let found: Vec<(&str, &str, &str, u64)> = of_rule(&report, "notice-period-too-short")
            .into_iter()
            .map(|d| {
                (
                    d["severity"].as_str().unwrap_or(""),
                    d["message"].as_str().unwrap_or(""),
                    d["subprocessor"].as_str().unwrap_or(""),
                    d["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        match expected {
            Some(message) => {
                assert_eq!(
                    found,
                    vec![("error", message, "scaleway", 6)],
                    "{effective}"
                );
                assert_eq!(run.code, 1, "{effective}");
            }
            None => {
                assert_eq!(found, vec![], "{effective}");
                assert_eq!(run.code, 0, "{effective}: {}", run.stdout);
            }
        }
        // Without --base the list's own `added` date is the announcement: 2026-11-01.
        let (_, plain) = fixture.check_json(&[])?;
        let plain_found: Vec<&str> = of_rule(&plain, "notice-period-too-short")
            .into_iter()
            .filter_map(|d| d["severity"].as_str())
            .collect();
        assert_eq!(
            plain_found,
            if effective == "2026-11-30" {
                vec!["warning"]
            } else {
                vec![]
            },
            "{effective}"
        );
    }
    Ok(())
}

#[test]
fn replacing_a_host_in_a_branch_gives_a_notice_a_changelog_and_a_feed_entry() -> TestResult {
    let registry = EU_REGISTRY.replace(
        "role = \"processor\"",
        "role = \"processor\"\ncontact = \"privacy@acme.example\"\nwebsite = \"https://acme.example/privacy\"",
    );
    let fixture =
        Fixture::new(&registry.replace("[organization]", "notice_days = 30\n\n[organization]"))?
            .subprocessor("hetzner", HETZNER)?;
    git(fixture.path(), &["init", "-q", "-b", "main"])?;
    commit(&fixture, "hetzner", "v1")?;
    git(fixture.path(), &["checkout", "-q", "-b", "move-backups"])?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace(
            "added = 2023-11-08",
            "added = 2023-11-08\nremoved = 2027-01-15",
        ),
    )?;
    fixture.write(
        "registry/subprocessors/ovh.toml",
        OVH.replace(
            "added = 2026-03-01\neffective = 2026-04-01",
            "added = 2026-11-29\neffective = 2027-01-15",
        ),
    )?;
    let (code, notice) = diff(&fixture, &["--template", "notice.md"])?;
    assert_eq!(code, 0, "{notice}");
    assert_eq!(
        notice,
        "# Changes to our sub-processors\n\n\
         Acme GmbH intends to make the following changes to the sub-processors that process personal data on its customers' behalf. This notice is dated 2026-11-29.\n\n\
         ## Replaced: Hetzner Online GmbH by OVH SAS\n\n\
         - For: backups\n\
         - Established in: France\n\
         - Where the data are: FR\n\
         - Transfer safeguards: none recorded\n\
         - Processing starts: 2027-01-15; Hetzner Online GmbH stops processing on 2027-01-15\n\n\
         You may object to these changes until 2026-12-28 by writing to privacy@acme.example. No new sub-processor starts before 2026-12-29, 30 days after this notice.\n"
    );
    // A start sooner than the notice period allows is not promised: the
    // notice gives the period's end (and check --base fails on the date).
    fixture.write(
        "registry/subprocessors/ovh.toml",
        OVH.replace(
            "added = 2026-03-01\neffective = 2026-04-01",
            "added = 2026-11-29\neffective = 2026-12-01",
        ),
    )?;
    let (_, early) = diff(&fixture, &["--template", "notice.md"])?;
    assert!(
        early.contains("\n- Processing starts: 2026-12-29; Hetzner"),
        "{early}"
    );
    let (_, text) = diff(&fixture, &["--template", "notice.txt"])?;
    assert!(
        text.starts_with("CHANGES TO OUR SUB-PROCESSORS\n"),
        "{text}"
    );
    assert!(
        text.contains("\nReplaced: Hetzner Online GmbH by OVH SAS\n"),
        "{text}"
    );
    assert!(!text.contains('#'), "{text}");
    fixture.write(
        "registry/subprocessors/ovh.toml",
        OVH.replace(
            "added = 2026-03-01\neffective = 2026-04-01",
            "added = 2026-11-29\neffective = 2027-01-15",
        ),
    )?;
    // The branch keeps its promise: effective 47 days after today.
    let (run, _) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 0, "{}", run.stdout);

    // The changelog and the feed, rendered on the day the replacement is done.
    let changelog = fixture.run(&[
        "render",
        "--template",
        "changelog.md",
        "--as-of",
        "2027-01-15",
    ])?;
    assert_eq!(
        changelog.stdout,
        "- **2027-01-15**: removed Hetzner Online GmbH (Backups; DE)\n\
         - **2026-11-29**: added OVH SAS (backups; FR), processing from 2027-01-15\n\
         - **2023-11-08**: added Hetzner Online GmbH (Backups; DE)\n"
    );
    let feed = fixture.run(&["render", "--template", "feed.xml", "--as-of", "2027-01-15"])?;
    assert_eq!(feed.code, 0, "{}", feed.stderr);
    let parsed: atom_syndication::Feed = feed.stdout.parse()?;
    assert_eq!(
        parsed.id(),
        "https://acme.example/privacy#sub-processor-changes"
    );
    assert_eq!(parsed.title().as_str(), "Acme GmbH: sub-processor changes");
    assert_eq!(parsed.updated().to_rfc3339(), "2027-01-15T00:00:00+00:00");
    assert_eq!(parsed.links()[0].href(), "https://acme.example/privacy");
    // RFC 4287 §4.1.2: each entry has content (and here a link as well).
    for e in parsed.entries() {
        let content = e.content().ok_or("an entry without content")?;
        assert_eq!(content.content_type(), Some("text"), "{}", feed.stdout);
        assert_eq!(e.links()[0].href(), "https://acme.example/privacy");
    }
    assert_eq!(
        parsed.entries()[1].content().and_then(|c| c.value()),
        Some("backups; data in FR; processing from 2027-01-15")
    );
    let entries: Vec<(&str, String, String)> = parsed
        .entries()
        .iter()
        .map(|e| {
            (
                e.id(),
                e.title().as_str().to_owned(),
                e.updated().to_rfc3339(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                "tag:acme.example,2027-01-15:subprocessors/hetzner/removed",
                "Removed: Hetzner Online GmbH".to_owned(),
                "2027-01-15T00:00:00+00:00".to_owned()
            ),
            (
                "tag:acme.example,2026-11-29:subprocessors/ovh/added",
                "Added: OVH SAS".to_owned(),
                "2026-11-29T00:00:00+00:00".to_owned()
            ),
            (
                "tag:acme.example,2023-11-08:subprocessors/hetzner/added",
                "Added: Hetzner Online GmbH".to_owned(),
                "2023-11-08T00:00:00+00:00".to_owned()
            ),
        ]
    );
    // Before the removal, its entry is not in the feed yet; the others keep their ids.
    let earlier = fixture.run(&["render", "--template", "feed.xml", "--as-of", "2026-12-01"])?;
    let parsed: atom_syndication::Feed = earlier.stdout.parse()?;
    let ids: Vec<&str> = parsed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        vec![
            "tag:acme.example,2026-11-29:subprocessors/ovh/added",
            "tag:acme.example,2023-11-08:subprocessors/hetzner/added",
        ]
    );
    Ok(())
}

#[test]
fn a_value_cannot_break_the_feeds_xml() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor(
        "odd",
        HETZNER.replace("Hetzner Online GmbH", "A & B <Hosting> \\\"GmbH\\\""),
    )?;
    let feed = fixture.run(&["render", "--template", "feed.xml", "--as-of", "2026-11-29"])?;
    let parsed: atom_syndication::Feed = feed.stdout.parse()?;
    assert_eq!(
        parsed.entries()[0].title().as_str(),
        "Added: A & B <Hosting> \"GmbH\""
    );
    // Without a website or contact, the ids name the organisation under
    // .invalid: the feed's, the version 5 UUID of
    // `tag:acme-gmbh.invalid:sub-processor-changes` (Python's uuid5 in the
    // URL namespace gives the same).
    assert_eq!(parsed.id(), "urn:uuid:443c4269-7b5e-5260-837a-9c2dfa5ae836");
    assert!(
        parsed.entries()[0]
            .id()
            .starts_with("tag:acme-gmbh.invalid,2023-11-08:"),
        "{}",
        parsed.entries()[0].id()
    );
    // A back-dated entry and another as-of day keep the feed's id.
    let earlier = fixture.subprocessor("old", HETZNER.replace("2023-11-08", "2019-02-01"))?;
    let feed = earlier.run(&["render", "--template", "feed.xml", "--as-of", "2027-03-01"])?;
    let again: atom_syndication::Feed = feed.stdout.parse()?;
    assert_eq!(again.id(), parsed.id());
    Ok(())
}

#[test]
fn a_file_moved_to_another_id_is_a_rename_not_a_replacement() -> TestResult {
    let fixture = history()?;
    git(
        fixture.path(),
        &[
            "mv",
            "registry/subprocessors/aws.toml",
            "registry/subprocessors/amazon.toml",
        ],
    )?;
    let (code, text) = diff(&fixture, &["v5"])?;
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        text,
        "renamed: Amazon Web Services, Inc. (aws → amazon)\n\
         0 added, 0 removed, 0 replaced, 1 renamed, 0 changed; 0 findings new, 0 resolved (v5 → working tree, judged on 2026-11-29)\n"
    );
    // Renamed and changed in one go: the change is listed under the rename.
    fixture.write("registry/subprocessors/amazon.toml", AWS)?;
    let (_, text) = diff(&fixture, &["v5"])?;
    assert_eq!(
        text,
        "renamed: Amazon Web Services, Inc. (aws → amazon): locations\n    locations: - IN\n\
         resolved error transfer-without-mechanism (amazon, eu-gdpr, IN): Amazon Web Services, Inc.: transfer to IN has no mechanism valid under eu-gdpr on 2026-11-29\n\
         0 added, 0 removed, 0 replaced, 1 renamed, 0 changed; 0 findings new, 1 resolved (v5 → working tree, judged on 2026-11-29)\n"
    );
    Ok(())
}

#[test]
fn an_announced_date_is_where_the_notice_period_starts() -> TestResult {
    let registry = EU_REGISTRY.replace("[organization]", "notice_days = 30\n\n[organization]");
    for (announced, expected) in [
        (
            "",
            Some(
                "OVH SAS: 10 days of notice (added 2026-03-22, effective 2026-04-01), but the registry promises 30 days",
            ),
        ),
        (
            "announced = 2026-03-03\n",
            Some(
                "OVH SAS: 29 days of notice (announced 2026-03-03, effective 2026-04-01), but the registry promises 30 days",
            ),
        ),
        ("announced = 2026-03-02\n", None),
    ] {
        let ovh = OVH.replace(
            "added = 2026-03-01\n",
            &format!("added = 2026-03-22\n{announced}"),
        );
        let fixture = Fixture::new(&registry)?.subprocessor("ovh", ovh)?;
        let (_, report) = fixture.check_json(&[])?;
        let found: Vec<&str> = of_rule(&report, "notice-period-too-short")
            .into_iter()
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert_eq!(
            found,
            expected.into_iter().collect::<Vec<_>>(),
            "{announced}"
        );
        assert!(of_rule(&report, "date-order").is_empty(), "{report}");
    }
    // Announced after processing started: the dates are out of order, said
    // at `effective`, with or without a notice period.
    for registry in [EU_REGISTRY.to_owned(), registry] {
        let ovh = OVH.replace(
            "added = 2026-03-01
",
            "added = 2026-03-01
announced = 2026-04-05
",
        );
        let fixture = Fixture::new(&registry)?.subprocessor("ovh", ovh)?;
        let (_, report) = fixture.check_json(&[])?;
        let found: Vec<(&str, u64)> = of_rule(&report, "date-order")
            .into_iter()
            .map(|d| {
                (
                    d["message"].as_str().unwrap_or(""),
                    d["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(
                "`effective` (2026-04-01) is before `announced` (2026-04-05)",
                7
            )]
        );
    }
    Ok(())
}

/// A registry with a 30-day notice period, committed on `main` as `v1`,
/// and a branch `feature` checked out.
fn on_a_branch() -> Result<Fixture, Error> {
    let registry = EU_REGISTRY.replace("[organization]", "notice_days = 30\n\n[organization]");
    let fixture = Fixture::new(&registry)?
        .subprocessor("aws", AWS)?
        .subprocessor("hetzner", HETZNER)?;
    started(&fixture)?;
    git(fixture.path(), &["checkout", "-q", "-b", "feature"])?;
    Ok(fixture)
}

fn rules_of(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] != "note")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn an_addition_is_judged_on_the_day_it_starts() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/openai.toml",
        "name = \"OpenAI, L.L.C.\"\ncountry = \"US\"\npurposes = [\"AI features\"]\nlocations = [\"US\"]\nadded = 2026-11-29\neffective = 2027-02-01\n",
    )?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        rules_of(&report)
            .into_iter()
            .filter(|(rule, _)| rule == "transfer-without-mechanism")
            .collect::<Vec<_>>(),
        vec![(
            "transfer-without-mechanism".to_owned(),
            "OpenAI, L.L.C.: transfer to US has no mechanism valid under eu-gdpr on 2027-02-01"
                .to_owned()
        )]
    );
    let d = common::diagnostic(
        &report,
        "transfer-without-mechanism",
        "registry/subprocessors/openai.toml",
        4,
    )
    .ok_or("no finding at the location")?;
    assert_eq!(
        common::notes(d).last().copied(),
        Some("judged on 2027-02-01, the day it starts processing: the change under review adds it")
    );
    // Without --base it is not engaged yet: nothing to judge today.
    let (plain, _) = fixture.check_json(&[])?;
    assert_eq!(plain.code, 0, "{}", plain.stdout);
    // The diff says the same.
    let (_, text) = diff(&fixture, &[])?;
    assert!(
        text.contains("\nnew error transfer-without-mechanism (openai, eu-gdpr, US): OpenAI, L.L.C.: transfer to US has no mechanism valid under eu-gdpr on 2027-02-01\n"),
        "{text}"
    );
    Ok(())
}

#[test]
fn another_entity_in_the_same_file_is_a_replacement_and_needs_notice() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER
            .replace("Hetzner Online GmbH", "OVH SAS")
            .replace("\"DE\"", "\"FR\""),
    )?;
    let (_, text) = diff(&fixture, &[])?;
    assert!(
        text.starts_with(
            "replaced: Hetzner Online GmbH (hetzner) by OVH SAS (hetzner): for Backups; purposes \
             Backups; established in FR; locations FR; added 2023-11-08; the file keeps Hetzner \
             Online GmbH's history, so the changelog and the feed would say OVH SAS was added on \
             2023-11-08: retire the old entity with a `removed` date and add the new one in a \
             file of its own instead\n"
        ),
        "{text}"
    );
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        rules_of(&report)
            .into_iter()
            .filter(|(rule, _)| rule != "transfer-at-risk")
            .collect::<Vec<_>>(),
        vec![(
            "notice-period-too-short".to_owned(),
            "OVH SAS: no notice: processing starts 1117 days before (announced by this change on 2026-11-29, effective 2023-11-08), but the registry promises 30 days".to_owned()
        )]
    );
    // The same name without its punctuation, or a name the base listed as
    // an alias, is the same entity: a change.
    for name in [
        "Hetzner Online GmbH\"\naliases = [\"Hetzner\"]",
        "Hetzner Online, GmbH\"",
    ] {
        fixture.write(
            "registry/subprocessors/hetzner.toml",
            HETZNER.replace("Hetzner Online GmbH\"", name),
        )?;
        let (_, text) = diff(&fixture, &[])?;
        assert!(text.starts_with("changed: "), "{name}: {text}");
    }
    // The same entity renamed keeps its old name as an alias: a change.
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace(
            "Hetzner Online GmbH\"",
            "Hetzner Online SE\"\naliases = [\"Hetzner Online GmbH\"]",
        ),
    )?;
    let (_, text) = diff(&fixture, &[])?;
    assert!(
        text.starts_with("changed: Hetzner Online SE (hetzner): aliases, name\n"),
        "{text}"
    );
    Ok(())
}

#[test]
fn check_base_compares_with_where_the_branch_left_the_base() -> TestResult {
    let fixture = on_a_branch()?;
    git(fixture.path(), &["checkout", "-q", "main"])?;
    // The trunk gains a sub-processor after the branch left it.
    fixture.write("registry/subprocessors/mailer.toml", MAILER)?;
    commit(&fixture, "trunk adds a mailer", "v2")?;
    git(fixture.path(), &["checkout", "-q", "feature"])?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        rules_of(&report)
            .iter()
            .all(|(rule, _)| rule != "notice-period-too-short")
    );
    let (_, text) = diff(&fixture, &["main"])?;
    assert!(
        text.starts_with("0 added, 0 removed, 0 replaced, 0 renamed, 0 changed;"),
        "{text}"
    );
    // A registry folder as the base.
    let (run, _) = fixture.check_json(&[
        "--base",
        &fixture.path().join("registry").display().to_string(),
    ])?;
    assert_eq!(run.code, 0);
    Ok(())
}

#[test]
fn a_cancelled_removal_and_registry_settings_are_changes() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace(
            "added = 2023-11-08",
            "added = 2023-11-08\nremoved = 2027-06-30",
        ),
    )?;
    commit(&fixture, "plan a removal", "v2")?;
    fixture.write("registry/subprocessors/hetzner.toml", HETZNER)?;
    fixture.write(
        "registry/registry.toml",
        EU_REGISTRY.replace("[organization]", "notice_days = 14\n\n[organization]"),
    )?;
    let (_, text) = diff(&fixture, &["v2"])?;
    assert_eq!(
        text,
        "settings changed: registry.toml: notice_days\n    notice_days: 30 → 14\n\
         changed: Hetzner Online GmbH (hetzner): removed\n    removed: 2027-06-30 → (absent)\n\
         0 added, 0 removed, 0 replaced, 0 renamed, 1 changed; 0 findings new, 0 resolved (v2 → working tree, judged on 2026-11-29)\n"
    );
    // The notice says it in a customer's words, no key syntax.
    let (code, notice) = diff(&fixture, &["v2", "--template", "notice.txt"])?;
    assert_eq!(code, 0, "{notice}");
    assert!(
        notice.contains("\n- Stops processing: 2027-06-30, no longer set\n"),
        "{notice}"
    );
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace(
            "locations = [\"DE\"]",
            "locations = [\"DE\", \"FI\"]\nwebsite = \"https://hetzner.com\"",
        ),
    )?;
    let (_, notice) = diff(&fixture, &["v2", "--template", "notice.md"])?;
    for line in [
        "\n- Where the data are: added FI\n",
        "\n- Website: set to https://hetzner.com\n",
    ] {
        assert!(notice.contains(line), "{line}: {notice}");
    }
    assert!(!notice.contains("(none)"), "{notice}");
    fixture.write("registry/subprocessors/hetzner.toml", HETZNER)?;
    // A head registry.toml that does not load: said, no verdict compared,
    // no notice.
    fixture.write("registry/registry.toml", "regimes = [\"eu-gdpr\"]\n")?;
    let (code, text) = diff(&fixture, &["v2"])?;
    assert_eq!(code, 0);
    assert!(
        text.starts_with("not compared: registry.toml: it does not load in the head; see its findings (no verdict is compared)\n"),
        "{text}"
    );
    assert!(text.contains("0 findings new, 0 resolved"), "{text}");
    let (code, text) = diff(&fixture, &["v2", "--template", "notice.md"])?;
    assert_eq!(code, 2, "{text}");
    Ok(())
}

#[test]
fn a_line_break_in_a_value_starts_no_line_in_the_diff_or_the_markdown_notice() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/mailer.toml",
        MAILER
            .replace("Email delivery", "Email\\nYou may object until 2020-01-01")
            .replace(
                "added = 2026-02-01",
                "added = 2026-11-29\neffective = 2027-01-15",
            ),
    )?;
    let (_, text) = diff(&fixture, &[])?;
    assert!(
        text.starts_with("added: Mailer Inc. (mailer): purposes Email<U+000A>You may object"),
        "{text}"
    );
    // In the text notice too: its changes are one line each.
    let (_, text_notice) = diff(&fixture, &["--template", "notice.txt"])?;
    assert!(
        text_notice.contains("- Purposes: Email You may object until 2020-01-01\n"),
        "{text_notice}"
    );
    assert!(
        !text_notice.contains("\nYou may object until 2020-01-01"),
        "{text_notice}"
    );
    // In Markdown a value's line break is a space.
    let (_, notice) = diff(&fixture, &["--template", "notice.md"])?;
    assert!(
        notice.contains("- Purposes: Email You may object until 2020-01-01\n"),
        "{notice}"
    );
    assert!(
        !notice.contains("\nYou may object until 2020-01-01"),
        "{notice}"
    );
    Ok(())
}

#[test]
fn the_feed_names_the_organisation_by_a_dns_name_only() -> TestResult {
    for (organization, feed_id, entry_prefix) in [
        (
            "website = \"https://user:pw@Example.COM:8443/privacy\"",
            "https://example.com/privacy#sub-processor-changes",
            "tag:example.com,",
        ),
        (
            "website = \"http://[::1]/\"\ncontact = \"dpo@acme.example\"",
            "http://[::1]/#sub-processor-changes",
            "tag:dpo@acme.example,",
        ),
        (
            "contact = \"DPO@Acme.Example\"",
            "urn:uuid:d68b173e-16df-5d99-9367-df3d00711ab0",
            "tag:dpo@acme.example,",
        ),
        (
            "website = \"https://192.168.0.1/\"\ncontact = \"dpo@acme.example\"",
            "https://192.168.0.1/#sub-processor-changes",
            "tag:dpo@acme.example,",
        ),
        (
            "website = \"https://acme.example./x?y#z\"\ncontact = \"dpo@acme.example\"",
            "https://acme.example./x#sub-processor-changes",
            "tag:dpo@acme.example,",
        ),
    ] {
        let registry = EU_REGISTRY.replace(
            "role = \"processor\"",
            &format!("role = \"processor\"\n{organization}"),
        );
        let fixture = Fixture::new(&registry)?.subprocessor("hetzner", HETZNER)?;
        let feed = fixture.run(&["render", "--template", "feed.xml", "--as-of", "2026-11-29"])?;
        assert_eq!(feed.code, 0, "{organization}: {}", feed.stderr);
        let parsed: atom_syndication::Feed = feed.stdout.parse()?;
        assert_eq!(parsed.id(), feed_id, "{organization}");
        assert!(
            parsed.entries()[0].id().starts_with(entry_prefix),
            "{organization}: {}",
            parsed.entries()[0].id()
        );
    }
    // A noncharacter cannot be published (XML may not hold it).
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor(
        "hetzner",
        HETZNER.replace("Hetzner Online GmbH", "Hetzner\\uFFFF GmbH"),
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&report)[0].0, "schema-violation");
    Ok(())
}

/// A notice does not announce an addition that `check` fails: a transfer
/// on no safeguard is named with its rule, and nothing is written
/// (exit 2); once the addition has its mechanism, the notice is written.
#[test]
fn no_notice_announces_an_addition_that_fails_check() -> TestResult {
    let fixture = on_a_branch()?;
    let unsafe_mailer = MAILER
        .replace(
            "added = 2026-02-01",
            "added = 2026-11-29\neffective = 2027-01-15",
        )
        .replace(
            "\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01\n",
            "",
        );
    fixture.write("registry/subprocessors/mailer.toml", &unsafe_mailer)?;
    let (code, output) = diff(&fixture, &["main", "--template", "notice.md"])?;
    assert_eq!(code, 2, "{output}");
    assert!(
        output.starts_with("error: no notice is written: a change it would announce has errors: "),
        "{output}"
    );
    assert!(output.contains("(transfer-without-mechanism)"), "{output}");
    assert!(!output.contains("You may object"), "{output}");
    fixture.write(
        "registry/subprocessors/mailer.toml",
        MAILER.replace(
            "added = 2026-02-01",
            "added = 2026-11-29\neffective = 2027-01-15",
        ),
    )?;
    let (code, notice) = diff(&fixture, &["main", "--template", "notice.md"])?;
    assert_eq!(code, 0, "{notice}");
    assert!(notice.contains("Mailer Inc."), "{notice}");
    Ok(())
}

/// A file that appears already retired is a past engagement entered for
/// the record: `recorded`, not `added`; `check --base` asks no notice for
/// it and the customer notice does not announce it.
#[test]
fn a_file_that_appears_already_retired_is_recorded_not_added() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/oldcdn.toml",
        OVH.replace(
            "added = 2026-03-01\neffective = 2026-04-01",
            "added = 2020-01-10\nremoved = 2024-06-30",
        ),
    )?;
    let (code, text) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(
            "recorded: OVH SAS (oldcdn): a past engagement, retired on 2024-06-30: history only, nothing to announce\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("0 added, 0 removed, 0 replaced, 0 renamed, 0 changed, 1 recorded;"),
        "{text}"
    );
    let (_, json) = diff(&fixture, &["main", "--format", "json"])?;
    let json: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(json["changes"][0]["kind"], "recorded");
    assert_eq!(json["changes"][0]["retired"], "2024-06-30");
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 0, "{report}");
    assert!(of_rule(&report, "notice-period-too-short").is_empty());
    let (code, notice) = diff(&fixture, &["main", "--template", "notice.md"])?;
    assert_eq!(code, 0, "{notice}");
    assert!(notice.contains("No sub-processor changes."), "{notice}");
    Ok(())
}

/// The notice-period findings of `report`: (severity, message).
fn notice_findings(report: &serde_json::Value) -> Vec<(String, String)> {
    of_rule(report, "notice-period-too-short")
        .into_iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or("").to_owned(),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

const NEWCO: &str = "name = \"NewCo GmbH\"\ncountry = \"DE\"\npurposes = [\"Analytics\"]\nlocations = [\"DE\"]\nadded = 2026-11-29\neffective = 2026-11-30\n";

/// [`NEWCO`] established in the US, its data there, starting 2027-02-01,
/// with no transfer entry.
fn newco_in_us() -> String {
    NEWCO
        .replace("country = \"DE\"", "country = \"US\"")
        .replace("locations = [\"DE\"]", "locations = [\"US\"]")
        .replace("effective = 2026-11-30", "effective = 2027-02-01")
}

/// [`on_a_branch`] whose `main` also holds `newco.toml` as `pending`
/// (tagged `pending`), the branch `moves` checked out from it.
fn with_pending_on_main(pending: &str) -> Result<Fixture, Error> {
    let fixture = on_a_branch()?;
    git(fixture.path(), &["checkout", "-q", "main"])?;
    fixture.write("registry/subprocessors/newco.toml", pending)?;
    commit(&fixture, "pending", "pending")?;
    git(fixture.path(), &["checkout", "-q", "-b", "moves"])?;
    Ok(fixture)
}

/// `fixture`'s folder as a repository whose `main` holds a README and no
/// registry, the branch `adopt` checked out: the change brings the registry.
fn adopting(fixture: &Fixture) -> TestResult {
    git(fixture.path(), &["init", "-q", "-b", "main"])?;
    fixture.write("README.md", "# repo\n")?;
    git(fixture.path(), &["add", "README.md"])?;
    git(fixture.path(), &["commit", "-q", "-m", "readme"])?;
    git(fixture.path(), &["checkout", "-q", "-b", "adopt"])?;
    Ok(())
}

/// A change cannot shorten the promise it is judged on: with `notice_days`
/// lowered or deleted in the same branch, the base's 30 days stand; nor
/// can it waive the customers' notice period.
#[test]
fn a_branch_cannot_lower_waive_or_delete_its_own_notice_period() -> TestResult {
    let promised = "NewCo GmbH: 1 day of notice (announced by this change on 2026-11-29, \
                    effective 2026-11-30), but the registry promises 30 days";
    for edit in ["notice_days = 1\n", ""] {
        let fixture = on_a_branch()?;
        let registry = fixture.read_string("registry/registry.toml")?;
        fixture.write(
            "registry/registry.toml",
            registry.replace("notice_days = 30\n", edit),
        )?;
        fixture.write("registry/subprocessors/newco.toml", NEWCO)?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(run.code, 1, "{edit:?}: {}", run.stdout);
        assert_eq!(
            notice_findings(&report),
            [("error".to_owned(), promised.to_owned())],
            "{edit:?}"
        );
        // The notice gives the base's period too: start on 2026-12-29.
        let (code, notice) = diff(&fixture, &["main", "--template", "notice.txt"])?;
        assert_eq!(code, 0, "{notice}");
        assert!(notice.contains("2026-12-29"), "{edit:?}: {notice}");
    }
    let fixture = on_a_branch()?;
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write(
        "registry/registry.toml",
        format!(
            "{registry}\n[[waivers]]\nrule = \"notice-period-too-short\"\nsubprocessor = \"newco\"\nreason = \"urgent\"\nuntil = 2027-06-30\n"
        ),
    )?;
    fixture.write("registry/subprocessors/newco.toml", NEWCO)?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        notice_findings(&report),
        [("error".to_owned(), promised.to_owned())]
    );
    let unused = of_rule(&report, "waiver-unused");
    assert_eq!(unused.len(), 1, "{report}");
    assert_eq!(
        unused[0]["message"],
        "the waiver of `notice-period-too-short` for `newco` waives nothing: the notice period \
         is the customers' time to object under the data processing agreement (GDPR Art. \
         28(2)); the processor cannot waive it for them"
    );
    Ok(())
}

/// A branch that moves the start of a sub-processor not yet started (its
/// `effective` earlier, or deleted so that it starts on `added`) announces
/// that start: the notice period runs from today.
#[test]
fn a_branch_that_moves_a_pending_start_earlier_needs_notice_again() -> TestResult {
    let pending = NEWCO
        .replace("effective = 2026-11-30", "effective = 2027-01-10")
        .replace("added = 2026-11-29", "added = 2026-11-01");
    for (edit, expected) in [
        (
            "effective = 2026-12-05",
            "NewCo GmbH: 6 days of notice (announced by this change on 2026-11-29, effective \
             2026-12-05), but the registry promises 30 days",
        ),
        (
            "",
            "NewCo GmbH: no notice: processing starts 28 days before (announced by this change \
             on 2026-11-29, effective 2026-11-01), but the registry promises 30 days",
        ),
    ] {
        let fixture = with_pending_on_main(&pending)?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(run.code, 0, "{}", run.stdout);
        assert_eq!(notice_findings(&report), []);
        fixture.write(
            "registry/subprocessors/newco.toml",
            pending.replace("effective = 2027-01-10", edit),
        )?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(run.code, 1, "{edit:?}: {}", run.stdout);
        assert_eq!(
            notice_findings(&report),
            [("error".to_owned(), expected.to_owned())],
            "{edit:?}"
        );
    }
    Ok(())
}

/// No notice is written for an addition whose finding a waiver hides
/// (the waiver is the organisation's own acceptance of the gap, not a
/// safeguard), or whose location cannot be judged.
#[test]
fn no_notice_announces_an_addition_a_waiver_hides_or_one_that_cannot_be_judged() -> TestResult {
    let us = newco_in_us();
    let fixture = on_a_branch()?;
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write(
        "registry/registry.toml",
        format!(
            "{registry}\n[[waivers]]\nrule = \"transfer-without-mechanism\"\nsubprocessor = \"newco\"\nreason = \"SCCs being signed\"\nuntil = 2027-06-30\n"
        ),
    )?;
    fixture.write("registry/subprocessors/newco.toml", &us)?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.md"])?;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "NewCo GmbH: transfer to US has no mechanism valid under eu-gdpr on 2027-02-01 \
             (transfer-without-mechanism)"
        ),
        "{out}"
    );
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/newco.toml",
        NEWCO
            .replace("locations = [\"DE\"]", "locations = [\"not-stated\"]")
            .replace("effective = 2026-11-30", "effective = 2027-02-01"),
    )?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.md"])?;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("(location-unknown)"), "{out}");
    Ok(())
}

/// A retired sub-processor engaged again by moving `removed` past today
/// is an addition; its file deleted is history lost, said as `deleted`.
#[test]
fn a_retired_sub_processor_engaged_again_or_deleted_is_said() -> TestResult {
    let fixture = on_a_branch()?;
    git(fixture.path(), &["checkout", "-q", "main"])?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        format!("{HETZNER}removed = 2026-06-30\n"),
    )?;
    commit(&fixture, "retire", "retired")?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        format!("{HETZNER}removed = 2028-01-01\n"),
    )?;
    let (code, out) = diff(&fixture, &["retired"])?;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("added: Hetzner Online GmbH (hetzner): "),
        "{out}"
    );
    std::fs::remove_file(fixture.path().join("registry/subprocessors/hetzner.toml"))?;
    let (code, out) = diff(&fixture, &["retired"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().next(),
        Some(
            "deleted: Hetzner Online GmbH (hetzner): retired on 2026-06-30; its file was \
             deleted, so the changelog and the feed lose its history; keep the file instead"
        ),
        "{out}"
    );
    assert!(out.contains(", 1 deleted;"), "{out}");
    Ok(())
}

/// What is no change is not said as one: a list reordered or re-cased,
/// a name's punctuation edited in place or with `git mv` (the same legal
/// entity), and two identical registry folders whose names occur in the
/// findings' words.
#[test]
fn reorders_punctuation_and_folder_names_are_no_change() -> TestResult {
    let two = AWS.replace(
        "locations = [\"US\"]",
        "locations = [\"US\", \"aws:eu-central-1\"]",
    );
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("aws", &two)?;
    started(&fixture)?;
    fixture.write(
        "registry/subprocessors/aws.toml",
        two.replace(
            "[\"US\", \"aws:eu-central-1\"]",
            "[\"AWS:EU-CENTRAL-1\", \"US\"]",
        ),
    )?;
    let (code, out) = diff(&fixture, &["v1"])?;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("0 added, 0 removed, 0 replaced, 0 renamed, 0 changed;"),
        "{out}"
    );
    git(fixture.path(), &["checkout", "-q", "--", "."])?;
    git(
        fixture.path(),
        &[
            "mv",
            "registry/subprocessors/aws.toml",
            "registry/subprocessors/amazon.toml",
        ],
    )?;
    fixture.write(
        "registry/subprocessors/amazon.toml",
        two.replace("Amazon Web Services, Inc.", "Amazon Web Services Inc"),
    )?;
    let (code, out) = diff(&fixture, &["v1"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().next(),
        Some("renamed: Amazon Web Services Inc (aws → amazon): name"),
        "{out}"
    );
    assert!(out.contains("0 findings new, 0 resolved"), "{out}");
    // Folders named like words of the findings (`eu`, `US`).
    let copy = |to: &str| -> TestResult {
        let status = Command::new("cp")
            .args(["-r", "registry", to])
            .current_dir(fixture.path())
            .status()?;
        assert!(status.success());
        Ok(())
    };
    git(fixture.path(), &["checkout", "-q", "-f", "v1"])?;
    git(fixture.path(), &["clean", "-q", "-fd"])?;
    copy("eu")?;
    copy("US")?;
    let (code, out) = diff(&fixture, &["eu", "US"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "0 added, 0 removed, 0 replaced, 0 renamed, 0 changed; 0 findings new, 0 resolved \
         (eu → US, judged on 2026-11-29)\n"
    );
    Ok(())
}

/// The notice lets an addition start at the notice period's end: its
/// transfers are judged on that day too, so a safeguard that ends before
/// it blocks the notice and fails `check --base`.
#[test]
fn an_addition_is_judged_on_the_day_the_notice_lets_it_start() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/newco.toml",
        "name = \"NewCo Inc.\"\ncountry = \"US\"\npurposes = [\"Analytics\"]\nlocations = [\"US\"]\n\
         added = 2026-11-29\neffective = 2026-12-05\n\n[[transfers]]\nto = \"US\"\n\
         mechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2026-10-01\ntia = 2026-09-20\n\
         ended = 2026-12-20\n",
    )?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let gaps = of_rule(&report, "transfer-without-mechanism");
    assert_eq!(gaps.len(), 1, "{report}");
    assert_eq!(
        gaps[0]["message"],
        "NewCo Inc.: transfer to US has no mechanism valid under eu-gdpr on 2026-12-29"
    );
    assert_eq!(
        common::notes(gaps[0]).last().copied(),
        Some(
            "judged on 2026-12-29, the day a notice sent on 2026-11-29 lets it start: the \
             change under review adds it"
        )
    );
    let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
    assert_eq!(code, 2, "{out}");
    Ok(())
}

/// With no `effective`, processing starts on `added`: an `announced` day
/// after it came after processing started, said as no notice at all; under
/// `check --base`, a later `announced` day is where the notice runs from.
#[test]
fn an_announcement_after_processing_started_is_no_notice() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        format!("{HETZNER}announced = 2023-12-08\n"),
    )?;
    let (_, report) = fixture.check_json(&[])?;
    assert_eq!(
        notice_findings(&report),
        [(
            "warning".to_owned(),
            "Hetzner Online GmbH: no notice: processing starts 30 days before (announced \
             2023-12-08, effective 2023-11-08), but the registry promises 30 days"
                .to_owned()
        )]
    );
    fixture.write("registry/subprocessors/hetzner.toml", HETZNER)?;
    fixture.write(
        "registry/subprocessors/newco.toml",
        NEWCO.replace(
            "effective = 2026-11-30",
            "announced = 2027-06-01\neffective = 2027-06-10",
        ),
    )?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        notice_findings(&report),
        [(
            "error".to_owned(),
            "NewCo GmbH: 9 days of notice (announced 2027-06-01, effective 2027-06-10), but \
             the registry promises 30 days"
                .to_owned()
        )]
    );
    Ok(())
}

/// A finding a new waiver covers is not resolved: it is said as waived,
/// with the waiver's reason and end, and not counted as resolved.
#[test]
fn a_finding_a_new_waiver_covers_is_waived_not_resolved() -> TestResult {
    let fixture = history()?;
    git(fixture.path(), &["checkout", "-q", "v4"])?;
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write(
        "registry/registry.toml",
        format!(
            "{registry}\n[[waivers]]\nrule = \"transfer-without-mechanism\"\nsubprocessor = \"aws\"\nreason = \"SCCs for IN being signed\"\nuntil = 2027-01-31\n"
        ),
    )?;
    let (code, out) = diff(&fixture, &["v4"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "settings changed: registry.toml: waivers\n    waivers: + {rule = \
         transfer-without-mechanism, subprocessor = aws, reason = SCCs for IN being signed, \
         until = 2027-01-31}\n\
         waived error transfer-without-mechanism (aws, eu-gdpr, IN): Amazon Web Services, \
         Inc.: transfer to IN has no mechanism valid under eu-gdpr on 2026-11-29 (waived until \
         2027-01-31: SCCs for IN being signed; nothing was fixed)\n\
         0 added, 0 removed, 0 replaced, 0 renamed, 0 changed; 0 findings new, 0 resolved, 1 \
         waived (v4 → working tree, judged on 2026-11-29)\n"
    );
    Ok(())
}

/// Clauses signed anew beside the old ones, which end: the new entry is
/// added, named by its dates; deleting the old one later removes it,
/// without a word about the new one.
#[test]
fn entries_for_the_same_destination_and_mechanism_are_told_apart_by_their_dates() -> TestResult {
    let clauses = |signed: &str, ended: &str| {
        format!(
            "\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = {signed}\ntia = 2025-01-05\n{ended}"
        )
    };
    let base = format!("{MAILER}{}", clauses("2025-01-10", ""));
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("mailer", &base)?;
    started(&fixture)?;
    // The new clauses first: matched by their values, not their place.
    let both = format!(
        "{MAILER}{}{}",
        clauses("2026-12-01", ""),
        clauses("2025-01-10", "ended = 2026-12-01\n")
    );
    fixture.write("registry/subprocessors/mailer.toml", &both)?;
    commit(&fixture, "re-signed", "v2")?;
    fixture.write(
        "registry/subprocessors/mailer.toml",
        format!("{MAILER}{}", clauses("2026-12-01", "")),
    )?;
    commit(&fixture, "old deleted", "v3")?;
    let (code, out) = diff(&fixture, &["v1", "v2"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().take(3).collect::<Vec<_>>(),
        [
            "changed: Mailer Inc. (mailer): transfers, transfers[US eu-scc-2021 (signed \
             2025-01-10, tia 2025-01-05, ended 2026-12-01)].ended",
            "    transfers: + US eu-scc-2021 (signed 2026-12-01, tia 2025-01-05)",
            "    transfers[US eu-scc-2021 (signed 2025-01-10, tia 2025-01-05, ended 2026-12-01)].ended: (absent) → 2026-12-01",
        ],
        "{out}"
    );
    let (code, out) = diff(&fixture, &["v2", "v3"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().take(2).collect::<Vec<_>>(),
        [
            "changed: Mailer Inc. (mailer): transfers",
            "    transfers: - US eu-scc-2021 (signed 2025-01-10, tia 2025-01-05, ended 2026-12-01)",
        ],
        "{out}"
    );
    Ok(())
}

/// A notice tells customers what changes for them: a file renamed with
/// nothing else changed, or registry.toml's own settings, is no change of
/// sub-processors; a base file that does not load stops the notice.
#[test]
fn a_notice_of_a_rename_or_of_settings_alone_says_no_change() -> TestResult {
    let fixture = on_a_branch()?;
    git(
        fixture.path(),
        &[
            "mv",
            "registry/subprocessors/aws.toml",
            "registry/subprocessors/amazon.toml",
        ],
    )?;
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write(
        "registry/registry.toml",
        format!("{registry}\n[rules]\ntia-missing = \"deny\"\n"),
    )?;
    for template in ["notice.md", "notice.txt"] {
        let (code, out) = diff(&fixture, &["main", "--template", template])?;
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("No sub-processor changes."),
            "{template}: {out}"
        );
        assert!(!out.contains("Changed:"), "{template}: {out}");
    }
    // A base whose file does not load.
    git(fixture.path(), &["checkout", "-q", "main"])?;
    fixture.write("registry/subprocessors/broken.toml", "name = 5\n")?;
    commit(&fixture, "broken", "broken")?;
    git(fixture.path(), &["checkout", "-q", "-b", "fixes"])?;
    fixture.write("registry/subprocessors/broken.toml", OVH)?;
    let (code, out) = diff(&fixture, &["broken", "--template", "notice.md"])?;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "no notice is written: the base's broken does not load, so what changes for it \
             cannot be said"
        ),
        "{out}"
    );
    Ok(())
}

/// Appends `text` to the registry.toml of `fixture`.
fn append_registry(fixture: &Fixture, text: &str) -> TestResult {
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write("registry/registry.toml", format!("{registry}\n{text}"))?;
    Ok(())
}

/// A change cannot lower the levels it is judged on: the notice period it
/// breaks stays an error whatever `[rules]` says, and the customer notice
/// is judged at the rules' default levels, before waivers.
#[test]
fn a_branch_cannot_lower_the_levels_of_its_own_findings() -> TestResult {
    for level in ["allow", "warn"] {
        let fixture = on_a_branch()?;
        append_registry(
            &fixture,
            &format!("[rules]\nnotice-period-too-short = \"{level}\"\n"),
        )?;
        fixture.write("registry/subprocessors/newco.toml", NEWCO)?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(run.code, 1, "{level}: {}", run.stdout);
        assert_eq!(notice_findings(&report).len(), 1, "{level}: {report}");
        assert_eq!(notice_findings(&report)[0].0, "error");
    }
    let fixture = on_a_branch()?;
    append_registry(
        &fixture,
        "[rules]\ntransfer-without-mechanism = \"warn\"\nlocation-unknown = \"warn\"\n",
    )?;
    fixture.write(
        "registry/subprocessors/newco.toml",
        NEWCO
            .replace("country = \"DE\"", "country = \"US\"")
            .replace(
                "locations = [\"DE\"]",
                "locations = [\"US\", \"not-stated\"]",
            )
            .replace("effective = 2026-11-30", "effective = 2027-02-01"),
    )?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("(transfer-without-mechanism)"), "{out}");
    assert!(out.contains("(location-unknown)"), "{out}");
    // A change to an existing sub-processor is judged as well: a new
    // location with no safeguard is not announced.
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/aws.toml",
        AWS.replace("locations = [\"US\"]", "locations = [\"US\", \"CN\"]"),
    )?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("transfer to CN has no mechanism"), "{out}");
    Ok(())
}

/// A new file for another legal name is no rename, even listing the old
/// name as an alias; a renamed file whose pending start moves earlier is
/// announced again, while a start moved later is not.
#[test]
fn renames_keep_the_legal_name_and_their_pending_start() -> TestResult {
    let fixture = on_a_branch()?;
    git(
        fixture.path(),
        &["rm", "-q", "registry/subprocessors/hetzner.toml"],
    )?;
    fixture.write(
        "registry/subprocessors/shady.toml",
        "name = \"Shady Hosting LLC\"\naliases = [\"Hetzner Online GmbH\"]\ncountry = \"DE\"\n\
         purposes = [\"Backups\"]\nlocations = [\"DE\"]\nadded = 2026-11-29\n",
    )?;
    let (code, out) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("replaced: Hetzner Online GmbH (hetzner) by Shady Hosting LLC (shady)"),
        "{out}"
    );
    let pending = NEWCO
        .replace("effective = 2026-11-30", "effective = 2027-01-10")
        .replace("added = 2026-11-29", "added = 2026-11-01");
    for (effective, errors) in [("2026-12-05", 1), ("2027-01-11", 0)] {
        let fixture = with_pending_on_main(&pending)?;
        git(
            fixture.path(),
            &[
                "mv",
                "registry/subprocessors/newco.toml",
                "registry/subprocessors/newco-gmbh.toml",
            ],
        )?;
        fixture.write(
            "registry/subprocessors/newco-gmbh.toml",
            pending.replace(
                "effective = 2027-01-10",
                &format!("effective = {effective}"),
            ),
        )?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(
            notice_findings(&report).len(),
            errors,
            "{effective}: {report}"
        );
        assert_eq!(
            run.code,
            i32::from(errors == 1),
            "{effective}: {}",
            run.stdout
        );
        if errors == 1 {
            // The notice gives the start the period allows.
            let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
            assert_eq!(code, 0, "{out}");
            assert!(out.contains("- Processing starts: 2026-12-29"), "{out}");
            assert!(!out.contains("2027-01-10 to 2026-12-05"), "{out}");
        }
    }
    Ok(())
}

/// Under `check --base`, the findings of an addition are not waived by the
/// change's own waivers, and `diff` says such a finding as new.
#[test]
fn a_change_cannot_waive_the_findings_of_its_own_additions() -> TestResult {
    let us = newco_in_us();
    let fixture = on_a_branch()?;
    append_registry(
        &fixture,
        "[[waivers]]\nrule = \"transfer-without-mechanism\"\nsubprocessor = \"newco\"\nreason = \"SCCs next week\"\nuntil = 2026-12-10\n",
    )?;
    fixture.write("registry/subprocessors/newco.toml", &us)?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let gaps = of_rule(&report, "transfer-without-mechanism");
    assert_eq!(gaps.len(), 1, "{report}");
    assert_eq!(gaps[0]["severity"], "error");
    assert!(
        common::notes(gaps[0]).contains(
            &"not waived: the change under review adds this sub-processor, and a change cannot \
              waive its own findings"
        ),
        "{report}"
    );
    assert_eq!(of_rule(&report, "waiver-unused").len(), 0, "{report}");
    let (code, out) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("new error transfer-without-mechanism (newco, eu-gdpr, US)"),
        "{out}"
    );
    Ok(())
}

/// The pull request that introduces the registry: the base has none, so
/// every sub-processor is an addition, judged on the notice period.
#[test]
fn a_base_from_before_the_registry_existed_makes_everything_an_addition() -> TestResult {
    let registry = EU_REGISTRY.replace("[organization]", "notice_days = 30\n\n[organization]");
    let fixture = Fixture::new(&registry)?;
    adopting(&fixture)?;
    fixture.write("registry/subprocessors/newco.toml", NEWCO)?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(notice_findings(&report).len(), 1, "{report}");
    let (code, out) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("added: NewCo GmbH (newco): "), "{out}");
    Ok(())
}

/// Under `check --base`, an `announced` day made while the change was
/// under review (on or after the first day, UTC, a commit of the change
/// touched the file) is where the notice runs from, so a pull request does
/// not turn red as its review goes on; one before that (a back-dated
/// notice), or for a change not committed yet, counts from the as-of day.
#[test]
fn an_announcement_during_the_review_counts_under_check_base() -> TestResult {
    for (announced, committed, errors) in [
        ("2026-11-02", true, 0),
        ("2026-10-01", true, 1),
        ("2026-11-02", false, 1),
    ] {
        let fixture = on_a_branch()?;
        fixture.write(
            "registry/subprocessors/newco.toml",
            NEWCO.replace(
                "effective = 2026-11-30",
                &format!("announced = {announced}\neffective = 2026-12-05"),
            ),
        )?;
        if committed {
            // Committed on 2026-11-01 (the test's git clock).
            commit(&fixture, "newco", "newco")?;
        }
        let (run, report) = fixture.check_json_on("2026-11-29", &["--base", "main"])?;
        let case = format!("{announced} committed {committed}");
        assert_eq!(notice_findings(&report).len(), errors, "{case}: {report}");
        assert_eq!(run.code, i32::from(errors > 0), "{case}: {}", run.stdout);
        // The pull-request comment says the same.
        let (_, out) = diff(&fixture, &["main"])?;
        assert_eq!(
            out.contains("new error notice-period-too-short"),
            errors > 0,
            "{case}: {out}"
        );
    }
    Ok(())
}

/// Run from inside the registry folder (`--registry .`), or with
/// `./registry/`, an unchanged registry with file-level findings changes
/// no verdict.
#[test]
fn a_registry_named_from_inside_or_with_dots_changes_no_verdict() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?
        .subprocessor("hetzner", HETZNER)?
        .subprocessor("Evil", HETZNER)?;
    fixture.write("registry/stray.toml", "x = 1\n")?;
    started(&fixture)?;
    let inside = common::run_in(
        &fixture.path().join("registry"),
        &["diff", "--registry", ".", "v1", "--as-of", "2026-11-29"],
    )?;
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    let dotted = diff(&fixture, &["--registry", "./registry/", "v1"])?;
    for out in [inside.stdout, dotted.1] {
        assert!(
            out.starts_with(
                "0 added, 0 removed, 0 replaced, 0 renamed, 0 changed; 0 findings new, 0 resolved"
            ),
            "{out}"
        );
    }
    Ok(())
}

/// An addition to be announced later (`announced` after the notice's
/// day) may start no earlier than that day plus the notice period, as
/// `check --base` judges it: the notice says so.
#[test]
fn a_later_announcement_moves_the_start_the_notice_gives() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/newco.toml",
        NEWCO.replace(
            "effective = 2026-11-30",
            "announced = 2027-01-01\neffective = 2027-01-30",
        ),
    )?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("- Processing starts: 2027-01-31"), "{out}");
    Ok(())
}

/// Only a set's order is no change: a purpose in another case is one (the
/// published table shows it), and so is the order of footnotes.
#[test]
fn a_purposes_case_or_the_footnotes_order_is_a_change() -> TestResult {
    let notes = HETZNER.replace(
        "locations = [\"DE\"]",
        "locations = [\"DE\"]\nfootnotes = [\"First.\", \"Second.\"]",
    );
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("hetzner", &notes)?;
    started(&fixture)?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        notes
            .replace("[\"Backups\"]", "[\"BACKUPS\"]")
            .replace("[\"First.\", \"Second.\"]", "[\"Second.\", \"First.\"]"),
    )?;
    let (code, out) = diff(&fixture, &["v1"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().take(3).collect::<Vec<_>>(),
        [
            "changed: Hetzner Online GmbH (hetzner): footnotes, purposes",
            "    footnotes: [\"First.\",\"Second.\"] → [\"Second.\",\"First.\"]",
            "    purposes: + BACKUPS; - Backups",
        ],
        "{out}"
    );
    Ok(())
}

/// A change's own waivers and levels do not soften its additions, whatever
/// rule finds them (those without a transfer subject, such as
/// `location-unknown`, included); a gap the base accepted does not stop a
/// notice about a changed sub-processor.
#[test]
fn an_additions_findings_keep_their_default_level_and_are_not_waived() -> TestResult {
    let unknown = NEWCO
        .replace("locations = [\"DE\"]", "locations = [\"not-stated\"]")
        .replace("effective = 2026-11-30", "effective = 2027-02-01");
    for extra in [
        "[[waivers]]\nrule = \"location-unknown\"\nsubprocessor = \"newco\"\nreason = \"vendor asked\"\nuntil = 2027-03-01\n",
        "[rules]\nlocation-unknown = \"warn\"\n",
    ] {
        let fixture = on_a_branch()?;
        append_registry(&fixture, extra)?;
        fixture.write("registry/subprocessors/newco.toml", &unknown)?;
        let (run, report) = fixture.check_json(&["--base", "main"])?;
        assert_eq!(run.code, 1, "{extra}: {}", run.stdout);
        let found = of_rule(&report, "location-unknown");
        assert!(!found.is_empty(), "{extra}: {report}");
        assert!(
            found.iter().all(|d| d["severity"] == "error"),
            "{extra}: {report}"
        );
        let (_, out) = diff(&fixture, &["main"])?;
        assert!(out.contains("new error location-unknown"), "{extra}: {out}");
    }
    // Accepted on main: a new purpose of that sub-processor is announced.
    let fixture = on_a_branch()?;
    git(fixture.path(), &["checkout", "-q", "main"])?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER.replace("locations = [\"DE\"]", "locations = [\"customer-choice\"]"),
    )?;
    append_registry(
        &fixture,
        "[[waivers]]\nrule = \"location-unknown\"\nsubprocessor = \"hetzner\"\nreason = \"region per customer\"\nuntil = 2027-06-01\n",
    )?;
    commit(&fixture, "accepted", "accepted")?;
    git(fixture.path(), &["checkout", "-q", "-b", "purpose"])?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        HETZNER
            .replace("locations = [\"DE\"]", "locations = [\"customer-choice\"]")
            .replace("[\"Backups\"]", "[\"Backups\", \"Archiving\"]"),
    )?;
    let (code, out) = diff(&fixture, &["main", "--template", "notice.txt"])?;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("- Purposes: added Archiving"), "{out}");
    Ok(())
}

/// The change that brings the registry lists the sub-processors already
/// engaged: those that started are no additions needing notice; one
/// starting later is. The base's settings are the head's, without its
/// waivers, so no waiver reads as gone unused.
#[test]
fn adopting_subreg_asks_no_notice_for_the_list_as_it_was() -> TestResult {
    let registry = EU_REGISTRY.replace("[organization]", "notice_days = 30\n\n[organization]");
    let fixture = Fixture::new(&format!(
        "{registry}\n[[waivers]]\nrule = \"transfer-at-risk\"\nsubprocessor = \"aws\"\nreason = \"fallback being signed\"\nuntil = 2027-06-01\n"
    ))?
    .subprocessor("aws", AWS)?;
    adopting(&fixture)?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(notice_findings(&report), []);
    let (code, out) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("waiver-unused"), "{out}");
    fixture.write(
        "registry/subprocessors/newco.toml",
        NEWCO.replace("effective = 2026-11-30", "effective = 2026-12-05"),
    )?;
    let (run, report) = fixture.check_json(&["--base", "main"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(notice_findings(&report).len(), 1, "{report}");
    Ok(())
}

/// A file the change adds that does not load is said as not compared, not
/// left out of the changes.
#[test]
fn an_added_file_that_does_not_load_is_said() -> TestResult {
    let fixture = on_a_branch()?;
    fixture.write(
        "registry/subprocessors/openai.toml",
        NEWCO.replace("added = 2026-11-29", "added = \"2026-11-29\""),
    )?;
    let (code, out) = diff(&fixture, &["main"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().next(),
        Some("not compared: openai: its file does not load in the head; see its findings"),
        "{out}"
    );
    Ok(())
}
