//! Registry-listed documents stay inside the repository: a
//! `[[documents]]` path that is absolute, climbs out with `..` or leads out
//! through a symbolic link is refused at its own line, its content is never
//! printed, and `inject` writes nothing outside. A path given on the command
//! line stays allowed.

mod common;

use common::{AS_OF, EU_REGISTRY, Fixture, HETZNER, TWO_ROW_TABLE, TestResult, at, findings};

/// A document that a stale region would make subreg print as a diff.
fn stale_policy() -> String {
    "# Policy\n\n<!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\nTOP-SECRET-TOKEN=hunter2\n".to_owned()
}

/// A fixture whose registry lists `path` as its only document, and a
/// secret file outside the fixture's repository.
fn listing(path: &str) -> Result<(Fixture, tempfile::TempDir), Box<dyn std::error::Error>> {
    let outside = tempfile::tempdir()?;
    std::fs::write(outside.path().join("secret.md"), stale_policy())?;
    let registry = format!("{EU_REGISTRY}\n[[documents]]\npath = \"{path}\"\n");
    let fixture = Fixture::new(&registry.replace("{OUT}", &outside.path().display().to_string()))?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    Ok((fixture, outside))
}

/// `check --format json` on the fixture: exit 1 and one finding, the
/// refused path at registry.toml line 9, `column`; the report.
fn refused_at(
    fixture: &Fixture,
    column: u64,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        findings(&report)?,
        [at(
            "SR0106",
            "path-outside-repository",
            "error",
            "registry/registry.toml",
            9,
            column
        )]
    );
    Ok(report)
}

/// `check` and `inject` on the fixture: the finding at registry.toml line
/// 9 (the `path` value), no secret in any output, the outside file intact.
fn assert_refused(fixture: &Fixture, outside: &tempfile::TempDir, column: u64) -> TestResult {
    refused_at(fixture, column)?;
    for args in [
        vec!["check", "--as-of", AS_OF],
        vec!["check", "--as-of", AS_OF, "--format", "github"],
        vec!["check", "--as-of", AS_OF, "--format", "sarif"],
        vec!["inject", "--as-of", AS_OF],
        vec!["inject", "--check", "--as-of", AS_OF],
        vec!["inject", "--check", "--as-of", AS_OF, "--format", "json"],
    ] {
        let run = fixture.run(&args)?;
        assert_ne!(run.code, 0, "{args:?}");
        assert!(
            !run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"),
            "{args:?} printed the outside file:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("secret.md"))?,
        stale_policy()
    );
    Ok(())
}

#[test]
fn an_absolute_document_path_is_refused() -> TestResult {
    let (fixture, outside) = listing("{OUT}/secret.md")?;
    assert_refused(&fixture, &outside, 8)?;
    let (_, report) = fixture.check_json(&[])?;
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.ends_with("is absolute; a file the registry names must lie inside the repository")
    );
    Ok(())
}

#[test]
fn a_path_climbing_out_of_the_repository_is_refused() -> TestResult {
    // From registry/: `..` is the repository, `../..` the folder above it.
    let (fixture, outside) = listing("../../../../../../../../../../../../../etc/passwd")?;
    assert_refused(&fixture, &outside, 8)?;
    let (fixture, outside) = listing("../docs/../../x/../../etc/hostname")?;
    assert_refused(&fixture, &outside, 8)?;
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_link_leading_out_of_the_repository_is_refused() -> TestResult {
    let (fixture, outside) = listing("../docs/policy.md")?;
    std::fs::create_dir_all(fixture.path().join("docs"))?;
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        fixture.path().join("docs/policy.md"),
    )?;
    assert_refused(&fixture, &outside, 8)?;

    // A linked folder leads out just the same.
    let (fixture, outside) = listing("../docs/secret.md")?;
    std::os::unix::fs::symlink(outside.path(), fixture.path().join("docs"))?;
    assert_refused(&fixture, &outside, 8)?;
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_repository_is_followed_and_kept() -> TestResult {
    let (fixture, _outside) = listing("../docs/policy.md")?;
    let fixture = fixture.doc(
        "real.md",
        "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    std::os::unix::fs::symlink("real.md", fixture.path().join("docs/policy.md"))?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "updated docs/policy.md\n");
    let table = TWO_ROW_TABLE
        .lines()
        .filter(|l| !l.contains("Amazon"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        fixture.read_string("docs/real.md")?,
        format!("<!-- subreg:begin template=subprocessors.md -->\n{table}\n<!-- subreg:end -->\n")
    );
    assert!(
        std::fs::symlink_metadata(fixture.path().join("docs/policy.md"))?
            .file_type()
            .is_symlink()
    );
    Ok(())
}

#[test]
fn a_document_named_on_the_command_line_may_lie_anywhere() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    let outside = tempfile::tempdir()?;
    let path = outside.path().join("policy.md");
    std::fs::write(
        &path,
        "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    let path = path.display().to_string();
    let run = fixture.run(&["inject", "--check", "--as-of", AS_OF, &path])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let run = fixture.run(&["inject", "--as-of", AS_OF, &path])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(std::fs::read_to_string(&path)?.contains("| Hetzner Online GmbH | Backups |"));
    Ok(())
}

/// A listed document that is a folder is a finding at its `path` value,
/// in every output format, never a stop naming the resolved absolute path;
/// a folder named on the command line stops the run (exit 2), named as
/// given.
#[test]
fn a_listed_document_that_is_a_folder_is_a_finding_at_its_path() -> TestResult {
    let (fixture, _outside) = listing("../docs/policy.md")?;
    std::fs::create_dir_all(fixture.path().join("docs/policy.md"))?;
    let report = refused_at(&fixture, 8)?;
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(message, "`../docs/policy.md` is a folder, not a file");
    let clean = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    std::fs::create_dir_all(clean.path().join("docs/policy.md"))?;
    let run = clean.run(&["inject", "--check", "--as-of", AS_OF, "docs/policy.md"])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("docs/policy.md is not a regular file (it is a folder)"),
        "{}",
        run.stderr
    );
    Ok(())
}

/// A file name never starts a line of its own in a CI log: a listed path
/// holding a line break is refused at its value, and a document named on
/// the command line with one is shown with `<U+000A>` in the diff headers,
/// the `updated` line and the error about a missing file, so no
/// `::error ...` workflow command can be forged.
#[cfg(unix)]
#[test]
fn a_line_break_in_a_document_name_never_reaches_the_log_raw() -> TestResult {
    let (fixture, _outside) = listing("../docs/a\\n::error::forged.md")?;
    refused_at(&fixture, 8)?;
    let fixture = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    let name = "docs/a\n::error::forged.md";
    fixture.write(name, stale_policy())?;
    let forged = |text: &str| text.lines().any(|l| l.starts_with("::error"));
    for args in [
        &["inject", "--check", "--as-of", AS_OF, name][..],
        &["inject", "--as-of", AS_OF, name],
        &["inject", "--as-of", AS_OF, "docs/missing\n::error::x.md"],
        &["check", "--registry", "x\n::error::x"],
    ] {
        let run = fixture.run(args)?;
        assert!(
            !forged(&run.stdout) && !forged(&run.stderr),
            "{args:?}: {}{}",
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout.contains("<U+000A>::error") || run.stderr.contains("<U+000A>::error"),
            "{args:?}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    Ok(())
}

/// `check` and `inject --check` on `fixture` stop with exit 2, name
/// `shown` and print no byte of the outside file.
#[cfg(unix)]
fn assert_stops(fixture: &Fixture, shown: &str) -> TestResult {
    for args in [
        vec!["check", "--as-of", AS_OF],
        vec!["check", "--as-of", AS_OF, "--format", "json"],
        vec!["inject", "--check", "--as-of", AS_OF],
        vec!["render", "--as-of", AS_OF],
    ] {
        let run = fixture.run(&args)?;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .starts_with(&format!("error: `{shown}` leads outside the repository")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"),
            "{args:?} printed the outside file:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn registry_files_linked_out_of_the_repository_are_refused_unread() -> TestResult {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir()?;
    // Not TOML: read, it would be quoted line by line as syntax errors.
    std::fs::write(outside.path().join("env"), "CI_TOKEN=hunter2\n")?;
    let secret = outside.path().join("env");

    let fixture = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    symlink(
        &secret,
        fixture.path().join("registry/subprocessors/env.toml"),
    )?;
    assert_stops(&fixture, "registry/subprocessors/env.toml")?;

    let fixture = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    symlink(&secret, fixture.path().join("registry/knowledge.toml"))?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: cannot read registry/knowledge.toml: `knowledge.toml` leads outside the repository"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"));

    // The whole folder of sub-processors.
    let fixture = Fixture::eu()?.templates()?;
    std::fs::remove_dir(fixture.path().join("registry/subprocessors"))?;
    std::fs::write(outside.path().join("x.toml"), "CI_TOKEN=hunter2\n")?;
    symlink(
        outside.path(),
        fixture.path().join("registry/subprocessors"),
    )?;
    assert_stops(&fixture, "registry/subprocessors")?;
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_templates_folder_linked_out_is_refused_unless_named() -> TestResult {
    let outside = tempfile::tempdir()?;
    std::fs::write(
        outside.path().join("subprocessors.md.hbs"),
        "hunter2 {{#each subprocessors}}{{name}}{{/each}}\n",
    )?;
    let fixture = Fixture::new(&format!(
        "{EU_REGISTRY}\n[[documents]]\npath = \"../docs/policy.md\"\n"
    ))?
    .subprocessor("hetzner", HETZNER)?
    .doc(
        "policy.md",
        "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    std::os::unix::fs::symlink(outside.path(), fixture.path().join("templates"))?;
    assert_stops(&fixture, "templates")?;
    // Named on the command line, the same folder is the user's choice.
    let dir = outside.path().display().to_string();
    let run = fixture.run(&["render", "--as-of", AS_OF, "--templates", &dir])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "hunter2 Hetzner Online GmbH\n");
    Ok(())
}

/// A checkout folder `name` holding registry.toml (listing `../secret.md`)
/// and an empty `subprocessors/` at its root, with the secret in the
/// folder above it.
#[cfg(unix)]
fn checkout_with_secret_above(
    name: &str,
) -> Result<(tempfile::TempDir, std::path::PathBuf), Box<dyn std::error::Error>> {
    let top = tempfile::tempdir()?;
    std::fs::write(top.path().join("secret.md"), stale_policy())?;
    let checkout = top.path().join(name);
    std::fs::create_dir_all(checkout.join("subprocessors"))?;
    std::fs::write(
        checkout.join("registry.toml"),
        format!("{EU_REGISTRY}\n[[documents]]\npath = \"../secret.md\"\n"),
    )?;
    Ok((top, checkout))
}

#[cfg(unix)]
#[test]
fn a_registry_link_to_the_root_does_not_widen_the_repository() -> TestResult {
    // registry.toml at the checkout's root and `registry -> .`: the folder
    // holding the link is the repository, not the one above the checkout.
    let (top, checkout) = checkout_with_secret_above("checkout")?;
    std::fs::write(checkout.join("subprocessors/hetzner.toml"), HETZNER)?;
    std::os::unix::fs::symlink(".", checkout.join("registry"))?;
    let run = common::run_in(&checkout, &["inject", "--check", "--as-of", AS_OF])?;
    assert_ne!(run.code, 0);
    assert!(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"));
    let run = common::run_in(&checkout, &["check", "--as-of", AS_OF, "--format", "json"])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)?;
    assert_eq!(
        findings(&report)?,
        [at(
            "SR0106",
            "path-outside-repository",
            "error",
            "registry/registry.toml",
            9,
            8
        )]
    );
    assert_eq!(
        std::fs::read_to_string(top.path().join("secret.md"))?,
        stale_policy()
    );
    Ok(())
}

#[test]
fn the_refusal_cannot_be_switched_off() -> TestResult {
    let (fixture, outside) = listing("../../secret.md")?;
    let registry = fixture.read_string("registry/registry.toml")?;
    fixture.write(
        "registry/registry.toml",
        format!("{registry}\n[rules]\npath-outside-repository = \"allow\"\n"),
    )?;
    let (run, report) = fixture.check_json(&["-A", "path-outside-repository"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        findings(&report)?,
        [
            at(
                "SR0106",
                "path-outside-repository",
                "error",
                "registry/registry.toml",
                9,
                8
            ),
            at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/registry.toml",
                12,
                1
            ),
        ]
    );
    assert_eq!(
        report["diagnostics"][1]["message"],
        "the level of `path-outside-repository` cannot be changed"
    );
    drop(outside);
    Ok(())
}

#[cfg(unix)]
#[test]
fn committed_schemas_linked_out_are_neither_printed_nor_written() -> TestResult {
    use std::os::unix::fs::symlink;
    let fixture = Fixture::eu()?;
    let outside = tempfile::tempdir()?;
    let secret = outside.path().join("registry.schema.json");
    std::fs::write(&secret, "{\"hunter2\": true}\n")?;
    std::fs::create_dir_all(fixture.path().join("schemas"))?;
    symlink(&secret, fixture.path().join("schemas/registry.schema.json"))?;
    for args in [
        vec!["schema", "--check"],
        vec!["schema", "--check", "--format", "json"],
        vec!["schema"],
    ] {
        let run = fixture.run(&args)?;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stderr,
            "error: `schemas/registry.schema.json` leads outside the repository; subreg reads and \
             writes only files inside it; keep the file inside the repository (the folder that \
             holds the registry folder) and reach it without links that lead out; a file \
             elsewhere can be named on the command line (`subreg inject FILE`, `--templates \
             DIR`, `subreg schema --dir DIR`)\n"
        );
        assert!(!run.stdout.contains("hunter2"));
    }
    assert_eq!(std::fs::read_to_string(&secret)?, "{\"hunter2\": true}\n");
    // Named on the command line, the folder is the user's choice.
    let dir = outside.path().display().to_string();
    let run = fixture.run(&["schema", "--check", "--dir", &dir])?;
    assert_eq!(run.code, 1, "{}", run.stderr);
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_bare_template_name_is_never_read_from_the_working_folder() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    let outside = tempfile::tempdir()?;
    std::fs::write(outside.path().join("t"), "hunter2\n")?;
    std::os::unix::fs::symlink(
        outside.path().join("t"),
        fixture.path().join("subprocessors.md.hbs"),
    )?;
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors.md.hbs",
        "--as-of",
        AS_OF,
    ])?;
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_subprocessors_link_to_nothing_stops_the_run() -> TestResult {
    let fixture = Fixture::new(&format!(
        "{EU_REGISTRY}\n[[documents]]\npath = \"../docs/policy.md\"\n"
    ))?
    .templates()?
    .doc(
        "policy.md",
        format!(
            "<!-- subreg:begin template=subprocessors.md -->\n{TWO_ROW_TABLE}<!-- subreg:end -->\n"
        ),
    )?;
    std::fs::remove_dir(fixture.path().join("registry/subprocessors"))?;
    std::os::unix::fs::symlink(
        "subprocessors",
        fixture.path().join("registry/subprocessors"),
    )?;
    for args in [
        vec!["check", "--as-of", AS_OF],
        vec!["inject", "--as-of", AS_OF],
    ] {
        let run = fixture.run(&args)?;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .starts_with("error: cannot resolve `registry/subprocessors`"),
            "{}",
            run.stderr
        );
    }
    assert!(fixture.read_string("docs/policy.md")?.contains("Hetzner"));
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_link_above_a_named_registry_does_not_widen_the_repository() -> TestResult {
    // A checkout named `registry` (as CI runners name them) with the
    // registry at its root, a committed `ci -> ..` and `--registry
    // ci/registry`: the repository would be the folder above the checkout.
    let (top, checkout) = checkout_with_secret_above("registry")?;
    std::os::unix::fs::symlink("..", checkout.join("ci"))?;
    for args in [
        vec!["check", "--registry", "ci/registry", "--as-of", AS_OF],
        vec!["inject", "--registry", "ci/registry", "--as-of", AS_OF],
    ] {
        let run = common::run_in(&checkout, &args)?;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stderr,
            "error: cannot read ci/registry: the folder that holds it is a link out of the \
             working folder; name the registry by a path without such links\n"
        );
    }
    assert_eq!(
        std::fs::read_to_string(top.path().join("secret.md"))?,
        stale_policy()
    );
    Ok(())
}

#[test]
fn a_registry_named_from_inside_finds_the_templates_beside_it() -> TestResult {
    let fixture = Fixture::new(&format!(
        "{EU_REGISTRY}\n[[documents]]\npath = \"../docs/policy.md\"\n"
    ))?
    .subprocessor("hetzner", HETZNER)?
    .templates()?
    .doc(
        "policy.md",
        "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    let inside = fixture.path().join("registry");
    let run = common::run_in(&inside, &["inject", "--registry", ".", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Paths are shown relative to the working folder.
    assert_eq!(run.stdout, "updated ../docs/policy.md\n");
    assert!(
        fixture
            .read_string("docs/policy.md")?
            .contains("| Hetzner Online GmbH | Backups |")
    );
    Ok(())
}
