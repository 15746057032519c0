//! Registry-listed documents stay inside the repository (DESIGN §5): a
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

/// `check` and `inject` on the fixture: the finding at registry.toml line
/// 9 (the `path` value), no secret in any output, the outside file intact.
fn assert_refused(fixture: &Fixture, outside: &tempfile::TempDir, column: u64) -> TestResult {
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        findings(&report)?,
        [at(
            "SR0106",
            "document-outside-repository",
            "error",
            "registry/registry.toml",
            9,
            column
        )]
    );
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
    assert!(message.ends_with("is absolute; a listed document must lie inside the repository"));
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
