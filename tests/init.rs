//! `subreg init`: a new registry that `check` and `inject --check` pass as
//! written, refusals that write nothing, and answers checked before any
//! file is made.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{AS_OF, Error, TestResult, run_in};

const ORG: [&str; 8] = [
    "--org",
    "Beispiel \"Nord\" GmbH",
    "--country",
    "de",
    "--role",
    "controller",
    "--as-of",
    AS_OF,
];

/// Every file under `dir` (relative path -> bytes), hidden ones included.
fn tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
                found.insert(relative, std::fs::read(&path)?);
            }
        }
    }
    Ok(found)
}

fn init(dir: &Path, extra: &[&str]) -> Result<common::Run, Error> {
    let mut args = vec!["init", "."];
    args.extend(ORG);
    args.extend(extra);
    run_in(dir, &args)
}

#[test]
fn a_new_registry_passes_check_and_inject_check_as_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run = init(dir.path(), &[])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<String> = tree(dir.path())?.into_keys().collect();
    assert_eq!(
        files,
        [
            ".github/workflows/subreg.yml",
            ".pre-commit-config.yaml",
            "docs/privacy-policy.md",
            "registry/registry.toml",
            "registry/subprocessors/.gitkeep",
            "schemas/knowledge.schema.json",
            "schemas/regions.schema.json",
            "schemas/registry.schema.json",
            "schemas/subprocessor.schema.json",
        ]
    );
    assert!(
        run.stdout.starts_with("created registry/registry.toml\n"),
        "{}",
        run.stdout
    );

    let registry = std::fs::read_to_string(dir.path().join("registry/registry.toml"))?;
    assert!(registry.starts_with("#:schema ../schemas/registry.schema.json\n"));
    assert!(
        registry.contains("\nregimes = [\"eu-gdpr\"]\n"),
        "{registry}"
    );
    assert!(registry.contains("\nname = 'Beispiel \"Nord\" GmbH'\ncountry = \"DE\"\n"));
    let policy = std::fs::read_to_string(dir.path().join("docs/privacy-policy.md"))?;
    assert!(policy.ends_with(
        "<!-- subreg:begin template=subprocessors.md -->\n\
         | Third Party | Purpose |\n\
         | :--- | :--- |\n\
         <!-- subreg:end -->\n"
    ));
    // The schemas a new repository's `#:schema` lines find are subreg's own.
    let schema = std::fs::read_to_string(dir.path().join("schemas/subprocessor.schema.json"))?;
    assert_eq!(
        schema,
        std::fs::read_to_string(common::repo_root().join("schemas/subprocessor.schema.json"))?
    );

    let check = run_in(dir.path(), &["check", "--as-of", AS_OF])?;
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            0,
            "0 errors, 0 warnings, 0 notes in 1 file (0 sub-processors checked)\n"
        )
    );
    let inject = run_in(dir.path(), &["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(
        (inject.code, inject.stdout.as_str()),
        (0, ""),
        "{}",
        inject.stderr
    );
    // From inside the registry folder, `--registry .` names it.
    let inside = run_in(
        &dir.path().join("registry"),
        &["check", "--registry", ".", "--as-of", AS_OF],
    )?;
    assert_eq!(
        (inside.code, inside.stdout.as_str()),
        (
            0,
            "0 errors, 0 warnings, 0 notes in 1 file (0 sub-processors checked)\n"
        )
    );
    // A CI that also verifies the schemas passes on the new repository.
    let schemas = run_in(dir.path(), &["schema", "--check"])?;
    assert_eq!(schemas.code, 0, "{}{}", schemas.stdout, schemas.stderr);
    Ok(())
}

#[test]
fn a_second_init_is_refused_and_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    assert_eq!(init(dir.path(), &[])?.code, 0);
    std::fs::write(dir.path().join("docs/privacy-policy.md"), "edited\n")?;
    let before = tree(dir.path())?;
    let run = run_in(
        dir.path(),
        &[
            "init",
            ".",
            "--org",
            "Other Ltd",
            "--country",
            "GB",
            "--role",
            "processor",
        ],
    )?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: registry exists: a registry is set up there already; run `subreg check`, or \
             set up another folder; nothing was written\n"
        )
    );
    assert_eq!(
        tree(dir.path())?,
        before,
        "a refused init changed the folder"
    );
    Ok(())
}

#[test]
fn a_repository_with_its_own_hooks_is_told_to_leave_them_out() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), "repos: []\n")?;
    let run = init(dir.path(), &[])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: .pre-commit-config.yaml already exists; subreg init overwrites nothing, so \
             nothing was written: keep yours and pass --without pre-commit\n"
        )
    );
    assert_eq!(tree(dir.path())?.len(), 1);

    let run = init(
        dir.path(),
        &["--without", "pre-commit", "--without", "policy"],
    )?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = tree(dir.path())?;
    assert!(!files.contains_key("docs/privacy-policy.md"));
    assert_eq!(files[".pre-commit-config.yaml"], b"repos: []\n");
    let registry = String::from_utf8(files["registry/registry.toml"].clone())?;
    assert!(!registry.contains("[[documents]]"), "{registry}");
    let check = run_in(dir.path(), &["check", "--as-of", AS_OF])?;
    assert_eq!(check.code, 0, "{}", check.stdout);
    Ok(())
}

#[test]
fn a_folder_that_does_not_exist_is_created_and_named_in_the_next_steps() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut args = vec!["init", "new/compliance"];
    args.extend(ORG);
    let run = run_in(dir.path(), &args)?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("created new/compliance/registry/registry.toml\n")
    );
    assert!(
        run.stdout.contains(
            "Next: import the list you publish (`cd new/compliance && subreg import LIST.md \
             --template subprocessors-published`)"
        ),
        "{}",
        run.stdout
    );
    let check = run_in(
        &dir.path().join("new/compliance"),
        &["check", "--as-of", AS_OF],
    )?;
    assert_eq!(check.code, 0, "{}", check.stdout);
    Ok(())
}

#[test]
fn without_a_terminal_every_missing_answer_is_named_and_nothing_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run = run_in(dir.path(), &["init", "out", "--country", "US"])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: subreg init needs --org NAME, --role controller|processor, --regimes LIST \
             (no regime's area holds the country of establishment) (it asks only on a \
             terminal); nothing was written\n"
        )
    );
    assert!(!dir.path().join("out").exists());
    Ok(())
}

#[test]
fn a_bad_answer_is_refused_before_any_file_is_made() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (args, message) in [
        (
            vec!["--org", "A", "--country", "Germany", "--role", "controller"],
            "error: --country `Germany` is not an ISO 3166-1 alpha-2 country code; the code of \
             `Germany` is DE\n",
        ),
        (
            vec!["--org", "A\nB", "--country", "DE", "--role", "controller"],
            "error: the organisation's name holds U+000A LINE FEED; give it on one line, \
             without control characters\n",
        ),
        (
            vec![
                "--org",
                "A",
                "--country",
                "DE",
                "--role",
                "controller",
                "--regimes",
                "gdpr",
            ],
            "error: invalid value 'gdpr' for '--regimes <LIST>': `gdpr` is no regime; give one \
             of eu-gdpr, uk-gdpr, ch-fadp, my-pdpa\n\nFor more information, try '--help'.\n",
        ),
    ] {
        let mut all = vec!["init", "out"];
        all.extend(args);
        let run = run_in(dir.path(), &all)?;
        assert_eq!((run.code, run.stderr.as_str()), (2, message));
        assert!(!dir.path().join("out").exists());
    }
    Ok(())
}

#[test]
fn the_regimes_given_are_written_in_a_stable_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run = run_in(
        dir.path(),
        &[
            "init",
            ".",
            "--org",
            "UpSmith Sdn. Bhd.",
            "--country",
            "MY",
            "--role",
            "processor",
            "--regimes",
            "my-pdpa,eu-gdpr,uk-gdpr,ch-fadp,eu-gdpr",
        ],
    )?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let registry = std::fs::read_to_string(dir.path().join("registry/registry.toml"))?;
    assert!(
        registry.contains("\nregimes = [\"eu-gdpr\", \"uk-gdpr\", \"ch-fadp\", \"my-pdpa\"]\n"),
        "{registry}"
    );
    assert!(registry.contains("\nrole = \"processor\""));
    Ok(())
}

#[test]
fn init_into_a_file_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("policy.md"), "x")?;
    let mut args = vec!["init", "policy.md"];
    args.extend(ORG);
    let run = run_in(dir.path(), &args)?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: policy.md is a file, not a folder; give `subreg init` a folder (it is \
             created if missing)\n"
        )
    );
    Ok(())
}

#[test]
fn links_and_files_in_the_way_are_refused_before_anything_is_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let outside = tempfile::tempdir()?;
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".github"))?;
    let run = init(dir.path(), &[])?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: ./.github is a link: subreg init writes only inside ."),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(outside.path())?.count(), 0);
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("schemas"), "x")?;
    let run = init(dir.path(), &[])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: ./schemas is a file, and schemas/registry.schema.json needs a folder there; \
             move it away or set up another folder; nothing was written\n"
        )
    );
    Ok(())
}

#[test]
fn a_failed_init_leaves_no_folder_it_made() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run = run_in(
        dir.path(),
        &[
            "init",
            "a/b/c",
            "--org",
            "Bad\u{200b}Name",
            "--country",
            "DE",
            "--role",
            "controller",
        ],
    )?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give --org without it"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("a").exists());
    Ok(())
}

#[test]
fn a_repository_that_publishes_a_policy_is_told_how_to_import_its_list() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("docs"))?;
    std::fs::write(dir.path().join("docs/privacy-policy.md"), "# Privacy\n")?;
    let run = init(dir.path(), &[])?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: docs/privacy-policy.md already exists; subreg init overwrites nothing, so \
             nothing was written: keep yours and pass --without policy; then `subreg import \
             docs/privacy-policy.md --template subprocessors-published` reads the list it \
             publishes\n"
        )
    );
    let run = init(dir.path(), &["--without", "policy"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(
            "then run `subreg check` and `subreg inject`. List the document that publishes the \
             table under `[[documents]]` in registry/registry.toml (the import says how), then \
             follow the comments in the workflow and the pre-commit configuration to check it \
             there too.\n"
        ),
        "{}",
        run.stdout
    );
    let hooks = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml"))?;
    assert!(hooks.starts_with(
        "# pre-commit (https://pre-commit.com): `pre-commit install` once, then every\n\
         # commit checks the registry.\n"
    ));
    Ok(())
}

#[test]
fn regimes_that_leave_out_the_home_law_are_said() -> TestResult {
    let dir = tempfile::tempdir()?;
    let run = init(dir.path(), &["--regimes", "uk-gdpr"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let registry = std::fs::read_to_string(dir.path().join("registry/registry.toml"))?;
    assert!(registry.contains("regimes = [\"uk-gdpr\"]\n"), "{registry}");
    assert_eq!(
        run.stderr,
        "warning: --regimes leaves out eu-gdpr, the law of DE where the organisation is \
         established on 2026-11-29; its transfers are judged only under uk-gdpr\n"
    );
    // Naming the home law too says nothing.
    let dir = tempfile::tempdir()?;
    let run = init(dir.path(), &["--regimes", "eu-gdpr,uk-gdpr"])?;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    Ok(())
}

/// `subreg init TARGET` on a pseudo-terminal (util-linux `script` gives
/// it one), answering with `answers`: whether it succeeded, and what the
/// terminal showed.
#[cfg(target_os = "linux")]
fn init_on_a_terminal(target: &Path, answers: &[u8]) -> Result<(bool, String), Error> {
    use std::io::Write as _;
    let command = format!(
        "{} init {} --as-of {AS_OF}",
        env!("CARGO_BIN_EXE_subreg"),
        target.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("this test needs util-linux `script` on PATH: {e}"))?;
    child.stdin.take().ok_or("no stdin")?.write_all(answers)?;
    let output = child.wait_with_output()?;
    Ok((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).replace('\r', ""),
    ))
}

/// On a terminal, a bad answer is said and asked again, and the good one
/// is taken.
#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_a_bad_answer_is_asked_again() -> TestResult {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("new");
    let (success, shown) = init_on_a_terminal(
        &target,
        b"Acme GmbH\nUK\nGB\ncontrol\ncontroller\neu-gdpr,,uk-gdpr\n",
    )?;
    assert!(success, "{shown}");
    assert!(
        shown.contains(
            "`UK` is not an ISO 3166-1 alpha-2 country code; the code of `UK` is GB; try again\n"
        ),
        "{shown}"
    );
    assert!(shown.contains("`control` is no role;"), "{shown}");
    let registry = std::fs::read_to_string(target.join("registry/registry.toml"))?;
    assert!(
        registry.contains("country = \"GB\"\nrole = \"controller\""),
        "{registry}"
    );
    assert!(
        registry.contains("regimes = [\"eu-gdpr\", \"uk-gdpr\"]\n"),
        "{registry}"
    );
    // Where no regime is the default, a blank answer is asked again.
    let target = dir.path().join("us");
    let (success, shown) = init_on_a_terminal(&target, b"Acme Inc.\nUS\ncontroller\n\neu-gdpr\n")?;
    assert!(success, "{shown}");
    assert!(
        shown.contains(
            "no regime's area holds the country of establishment, so there is no default: name at \
         least one regime; try again\n"
        ),
        "{shown}"
    );
    let registry = std::fs::read_to_string(target.join("registry/registry.toml"))?;
    assert!(registry.contains("regimes = [\"eu-gdpr\"]\n"), "{registry}");
    Ok(())
}
