//! What a repository that adopts subreg runs: the composite action's
//! steps (run here with bash, as a runner would), the pre-commit hooks and
//! the release workflow the action downloads from. actionlint and Taplo
//! lint the same files in `.ci/run` (scripts/lint/adoption.sh).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{AS_OF, EU_REGISTRY, Error, Fixture, TestResult, repo_root};
use yaml_rust2::{Yaml, YamlLoader};

const NO_BASIS: &str = r#"name = "Analytics Corp."
country = "US"
purposes = ["Product analytics"]
locations = ["US"]
added = 2024-03-01
"#;

fn action() -> Result<Yaml, Error> {
    let text = std::fs::read_to_string(repo_root().join("action.yml"))?;
    Ok(YamlLoader::load_from_str(&text)?.remove(0))
}

fn steps(action: &Yaml) -> Result<&Vec<Yaml>, Error> {
    action["runs"]["steps"]
        .as_vec()
        .ok_or_else(|| "action.yml has no runs.steps".into())
}

/// The step whose `id` or `name` is `key`.
fn step<'a>(action: &'a Yaml, key: &str) -> Result<&'a Yaml, Error> {
    steps(action)?
        .iter()
        .find(|s| s["id"].as_str() == Some(key) || s["name"].as_str() == Some(key))
        .ok_or_else(|| format!("action.yml has no step {key}").into())
}

/// The step named `name` of job `job` of workflow `file`.
fn workflow_step(file: &str, job: &str, name: &str) -> Result<Yaml, Error> {
    let text = std::fs::read_to_string(repo_root().join(file))?;
    let workflow = YamlLoader::load_from_str(&text)?.remove(0);
    workflow["jobs"][job]["steps"]
        .as_vec()
        .and_then(|s| s.iter().find(|s| s["name"].as_str() == Some(name)))
        .cloned()
        .ok_or_else(|| format!("{file} has no step {name} in job {job}").into())
}

/// Runs a step's script with bash, with `env` as its environment
/// (the runner's own variables included) and the built subreg on PATH.
fn run_step(step: &Yaml, dir: &Path, env: &BTreeMap<&str, String>) -> Result<i32, Error> {
    let script = step["run"].as_str().ok_or("step without run")?;
    assert_eq!(step["shell"].as_str(), Some("bash"));
    let bin = Path::new(env!("CARGO_BIN_EXE_subreg"))
        .parent()
        .ok_or("no bin dir")?;
    // A test's own `PATH` entry (fake tools) comes first.
    let path = [
        env.get("PATH").cloned(),
        Some(bin.display().to_string()),
        std::env::var("PATH").ok(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(":");
    let output = Command::new("bash")
        .args(["-e", "-c", script])
        .envs(env)
        .env("PATH", path)
        .current_dir(dir)
        .output()?;
    assert!(
        output.stderr.is_empty() || output.status.success() || output.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(output.status.code().unwrap_or(-1))
}

#[test]
fn the_action_checks_summarises_and_fails_on_an_error() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?;
    fixture.write("registry/subprocessors/analytics.toml", NO_BASIS)?;
    let runner = tempfile::tempdir()?;
    let output = runner.path().join("output");
    let summary = runner.path().join("summary.md");
    let action = action()?;

    let env = BTreeMap::from([
        ("REGISTRY", "registry".to_owned()),
        ("ARGS", format!("--as-of {AS_OF}")),
        ("GITHUB_OUTPUT", output.display().to_string()),
    ]);
    assert_eq!(run_step(step(&action, "check")?, fixture.path(), &env)?, 0);
    assert_eq!(std::fs::read_to_string(&output)?, "status=1\n");

    let env = BTreeMap::from([
        ("REGISTRY", "registry".to_owned()),
        ("ARGS", format!("--as-of {AS_OF}")),
        ("INJECT", "1".to_owned()),
        ("GITHUB_STEP_SUMMARY", summary.display().to_string()),
    ]);
    assert_eq!(
        run_step(
            step(&action, "Write the job summary")?,
            fixture.path(),
            &env
        )?,
        0
    );
    let written = std::fs::read_to_string(&summary)?;
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "### subreg",
            "",
            "1 error, 0 warnings, 0 notes in 2 files (1 sub-processor checked), as of 2026-11-29.",
            "",
            "| Level | Code | Rule | Where | Finding |",
            "| :--- | :--- | :--- | :--- | :--- |",
        ]
    );
    assert!(
        lines[6].starts_with(
            "| error | SR0201 | transfer-without-mechanism | registry/subprocessors/analytics.toml:4:"
        ),
        "{written}"
    );
    assert_eq!(
        lines[7..],
        [
            "",
            "A published document is stale: run `subreg inject` and commit the result."
        ],
        "{written}"
    );

    let fail = step(&action, "Fail on findings")?;
    let env = BTreeMap::from([("CHECK", "1".to_owned()), ("INJECT", "0".to_owned())]);
    assert_eq!(run_step(fail, fixture.path(), &env)?, 1);
    let env = BTreeMap::from([("CHECK", "0".to_owned()), ("INJECT", "0".to_owned())]);
    assert_eq!(run_step(fail, fixture.path(), &env)?, 0);
    Ok(())
}

#[test]
fn the_action_refers_only_to_inputs_and_steps_it_declares() -> TestResult {
    let action = action()?;
    let text = std::fs::read_to_string(repo_root().join("action.yml"))?;
    let inputs: Vec<&str> = action["inputs"]
        .as_hash()
        .ok_or("no inputs")?
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(
        inputs,
        ["version", "registry", "args", "inject-check", "sarif"]
    );
    for used in text.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(
            inputs.contains(&name.as_str()),
            "inputs.{name} is not declared"
        );
    }
    // A step's outputs are read only after the step (ids in order).
    let mut seen = Vec::new();
    for step in steps(&action)? {
        let body = format!("{:?}", step);
        for used in body.split("steps.").skip(1) {
            let id: String = used
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(seen.contains(&id), "steps.{id} read before it ran");
        }
        if step["run"].as_str().is_some() {
            assert_eq!(step["shell"].as_str(), Some("bash"), "{body}");
        }
        if let Some(id) = step["id"].as_str() {
            seen.push(id.to_owned());
        }
    }
    Ok(())
}

#[test]
fn the_action_downloads_what_the_release_workflow_attaches() -> TestResult {
    let action = std::fs::read_to_string(repo_root().join("action.yml"))?;
    let release = std::fs::read_to_string(repo_root().join(".github/workflows/release.yml"))?;
    assert!(action.contains(r#"archive="subreg-${TAG}-${TARGET}.tar.gz""#));
    assert!(release.contains(r#"archive="subreg-${GITHUB_REF_NAME}-${TARGET}.tar.gz""#));
    // Every binary the action asks for is built by a release.
    for line in action.lines().filter(|l| l.contains(") target=")) {
        let target = line
            .split("target=")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .ok_or("no target")?;
        if target != "source" {
            assert!(
                release.contains(&format!("target: {target} }}")),
                "{target} is not released"
            );
        }
    }
    Ok(())
}

#[test]
fn the_hooks_init_adopts_exist_and_run_a_locked_build() -> TestResult {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml"))?;
    let hooks = YamlLoader::load_from_str(&hooks)?.remove(0);
    let hooks = hooks.as_vec().ok_or("no hook list")?;
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["subreg-check", "subreg-inject"]);
    for hook in hooks {
        let entry = hook["entry"].as_str().ok_or("no entry")?;
        let script = entry.split_whitespace().next().ok_or("empty entry")?;
        let path = repo_root().join(script);
        let text = std::fs::read_to_string(&path)?;
        assert!(text.contains("cargo install --quiet --locked"), "{script}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_ne!(std::fs::metadata(&path)?.permissions().mode() & 0o111, 0);
        }
    }
    // The configuration `init` writes names exactly these hooks, at the
    // tag of this version.
    let dir = tempfile::tempdir()?;
    let run = common::run_in(
        dir.path(),
        &[
            "init",
            ".",
            "--org",
            "A",
            "--country",
            "DE",
            "--role",
            "controller",
        ],
    )?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml"))?;
    let config = YamlLoader::load_from_str(&config)?.remove(0);
    let repo = &config["repos"][0];
    assert_eq!(repo["repo"].as_str(), Some(env!("CARGO_PKG_REPOSITORY")));
    assert_eq!(
        repo["rev"].as_str().map(str::to_owned),
        Some(format!("v{}", env!("CARGO_PKG_VERSION")))
    );
    let adopted: Vec<&str> = repo["hooks"]
        .as_vec()
        .ok_or("no hooks")?
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert_eq!(adopted, ["subreg-inject", "subreg-check"]);
    let workflow = std::fs::read_to_string(dir.path().join(".github/workflows/subreg.yml"))?;
    assert!(workflow.contains(&format!(
        "      - uses: upsmith/subreg@v{}\n",
        env!("CARGO_PKG_VERSION")
    )));
    Ok(())
}

#[test]
fn the_action_picks_a_release_binary_or_builds_what_no_release_holds() -> TestResult {
    let action = action()?;
    let pick = step(&action, "release")?;
    let dir = tempfile::tempdir()?;
    let output = dir.path().join("output");
    for (reference, os, arch, code, expected) in [
        (
            "v0.2.0",
            "Linux",
            "X64",
            0,
            "tag=v0.2.0\ntarget=x86_64-unknown-linux-musl\nbin=/cache/subreg/v0.2.0/x86_64-unknown-linux-musl\n",
        ),
        (
            "v0.2.0",
            "Linux",
            "ARM64",
            0,
            "tag=v0.2.0\ntarget=source\nbin=/cache/subreg/v0.2.0/source\n",
        ),
        (
            "0123456789abcdef0123456789abcdef01234567",
            "Windows",
            "X64",
            0,
            "tag=0123456789abcdef0123456789abcdef01234567\ntarget=source\nbin=/cache/subreg/0123456789abcdef0123456789abcdef01234567/source\n",
        ),
        ("v1\nbin=/etc", "Linux", "X64", 2, ""),
    ] {
        let _ = std::fs::remove_file(&output);
        let env = BTreeMap::from([
            ("VERSION", String::new()),
            ("ACTION_REF", reference.to_owned()),
            ("RUNNER_OS", os.to_owned()),
            ("RUNNER_ARCH", arch.to_owned()),
            ("RUNNER_TOOL_CACHE", "/cache".to_owned()),
            ("GITHUB_OUTPUT", output.display().to_string()),
        ]);
        assert_eq!(run_step(pick, dir.path(), &env)?, code, "{reference}");
        assert_eq!(
            std::fs::read_to_string(&output).unwrap_or_default(),
            expected,
            "{reference}"
        );
    }
    Ok(())
}

/// A stand-in for `gh release download TAG --repo REPO --pattern P...`: it
/// copies each asset from `$RELEASES/REPO/TAG/` and fails, as gh does, when
/// one is not attached.
const FAKE_GH: &str = r#"#!/bin/sh
[ "$1 $2" = "release download" ] || { echo "unexpected: gh $*" >&2; exit 9; }
tag="$3"; shift 3
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="$2"; shift 2 ;;
    --pattern) patterns="$patterns $2"; shift 2 ;;
    *) echo "unexpected argument $1" >&2; exit 9 ;;
  esac
done
for p in $patterns; do
  cp "$RELEASES/$repo/$tag/$p" . 2>/dev/null || { echo "no assets match the file pattern $p"; exit 1; }
done
"#;

#[test]
#[cfg(unix)]
fn the_action_installs_the_binary_the_release_workflow_packs_and_refuses_a_forged_one() -> TestResult
{
    use std::os::unix::fs::PermissionsExt as _;
    let target = "x86_64-unknown-linux-musl";
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let root = tempfile::tempdir()?;
    let path = |p: &str| root.path().join(p);

    // The release job packs a build of this commit.
    let checkout = path("checkout");
    let built = checkout.join(format!("target/{target}/release"));
    std::fs::create_dir_all(&built)?;
    std::fs::copy(env!("CARGO_BIN_EXE_subreg"), built.join("subreg"))?;
    let package = workflow_step(".github/workflows/release.yml", "build", "Package")?;
    let env = BTreeMap::from([
        ("GITHUB_REF_NAME", tag.clone()),
        ("TARGET", target.to_owned()),
        ("RUNNER_OS", "Linux".to_owned()),
    ]);
    assert_eq!(run_step(&package, &checkout, &env)?, 0);
    let archive = format!("subreg-{tag}-{target}.tar.gz");
    let release = path(&format!("releases/upsmith/subreg/{tag}"));
    std::fs::create_dir_all(&release)?;
    for asset in [archive.clone(), format!("{archive}.sha256")] {
        std::fs::rename(checkout.join(&asset), release.join(&asset))?;
    }

    std::fs::create_dir_all(path("tools"))?;
    std::fs::write(path("tools/gh"), FAKE_GH)?;
    std::fs::set_permissions(path("tools/gh"), std::fs::Permissions::from_mode(0o755))?;
    let action = action()?;
    let download = step(
        &action,
        &format!("Download subreg {}", "${{ steps.release.outputs.tag }}"),
    )?;
    let install = |bin: &Path, target: &str| -> Result<i32, Error> {
        let env = BTreeMap::from([
            ("TAG", tag.clone()),
            ("TARGET", target.to_owned()),
            ("BIN", bin.display().to_string()),
            ("REPOSITORY", "upsmith/subreg".to_owned()),
            ("GH_TOKEN", "token".to_owned()),
            ("RELEASES", path("releases").display().to_string()),
            ("PATH", path("tools").display().to_string()),
        ]);
        run_step(download, root.path(), &env)
    };

    // Downloaded, checked and unpacked where the cache and PATH look.
    let bin = path(&format!("cache/subreg/{tag}/{target}"));
    assert_eq!(install(&bin, target)?, 0);
    let on_path = path("github_path");
    let env = BTreeMap::from([
        ("BIN", bin.display().to_string()),
        ("GITHUB_PATH", on_path.display().to_string()),
    ]);
    assert_eq!(
        run_step(step(&action, "Put subreg on the PATH")?, root.path(), &env)?,
        0
    );
    assert_eq!(
        std::fs::read_to_string(&on_path)?,
        format!("{}\n", bin.display())
    );
    let version = Command::new(bin.join("subreg")).arg("--version").output()?;
    assert_eq!(
        String::from_utf8(version.stdout)?,
        format!("subreg {}\n", env!("CARGO_PKG_VERSION"))
    );

    // An archive that is not the one the checksum names is not installed.
    let mut forged = std::fs::read(release.join(&archive))?;
    forged.extend_from_slice(b"\0");
    std::fs::write(release.join(&archive), forged)?;
    let bin = path(&format!("cache2/subreg/{tag}/{target}"));
    assert_eq!(install(&bin, target)?, 1);
    assert!(!bin.exists());
    // Nor is a target the release does not hold.
    let bin = path(&format!("cache3/subreg/{tag}/x86_64-apple-darwin"));
    assert_eq!(install(&bin, "x86_64-apple-darwin")?, 1);
    assert!(!bin.exists());
    Ok(())
}
