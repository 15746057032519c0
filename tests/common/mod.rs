//! Fixture builder for the CLI tests: a temporary working directory holding
//! `registry/registry.toml`, `registry/subprocessors/<id>.toml`, optionally
//! the repository's `templates/` and documents under `docs/`, and helpers
//! that run the built `subreg` binary in it.

// Each test crate (cli, hostile, snapshots) uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// What every test returns, so that `?` replaces `unwrap`.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A boxed error for helpers.
pub type Error = Box<dyn std::error::Error>;

/// The as-of date of the tests: fixed, so that verdicts do not depend on
/// the day the suite runs (the built-in facts were checked on 2026-06-30,
/// less than 180 days before).
pub const AS_OF: &str = "2026-11-29";

/// A registry under the EU GDPR only, without documents.
pub const EU_REGISTRY: &str = r#"regimes = ["eu-gdpr"]

[organization]
name = "Acme GmbH"
country = "DE"
role = "processor"
"#;

/// [`EU_REGISTRY`] that also keeps `docs/policy.md` in sync.
pub const EU_REGISTRY_WITH_POLICY: &str = r#"regimes = ["eu-gdpr"]

[organization]
name = "Acme GmbH"
country = "DE"
role = "processor"

[[documents]]
path = "../docs/policy.md"
"#;

/// A US importer on the EU-US DPF, checked recently: clean under eu-gdpr
/// apart from the `transfer-at-risk` warning on the DPF.
pub const AWS: &str = r#"name = "Amazon Web Services, Inc."
country = "US"
purposes = ["Data hosting"]
locations = ["US"]
added = 2023-11-08

[[transfers]]
to = "US"
mechanism = "eu-us-dpf"
verified = 2026-10-01
"#;

/// A processor inside the EEA: no transfer at all.
pub const HETZNER: &str = r#"name = "Hetzner Online GmbH"
country = "DE"
purposes = ["Backups"]
locations = ["DE"]
added = 2023-11-08
"#;

/// The table `subprocessors.md` renders for [`AWS`] and [`HETZNER`].
pub const TWO_ROW_TABLE: &str = "\
| Third Party | Purpose |
| :--- | :--- |
| Amazon Web Services, Inc. | Data hosting |
| Hetzner Online GmbH | Backups |
";

/// A temporary working directory with a registry in it.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A working directory with `registry/registry.toml` holding `registry_toml`
    /// and an empty `registry/subprocessors/`.
    pub fn new(registry_toml: &str) -> Result<Self, Error> {
        let fixture = Self {
            dir: tempfile::tempdir()?,
        };
        fixture.write("registry/registry.toml", registry_toml)?;
        std::fs::create_dir_all(fixture.path().join("registry/subprocessors"))?;
        Ok(fixture)
    }

    /// [`Fixture::new`] with [`EU_REGISTRY`].
    pub fn eu() -> Result<Self, Error> {
        Self::new(EU_REGISTRY)
    }

    /// Adds `registry/subprocessors/<id>.toml`.
    pub fn subprocessor(self, id: &str, text: impl AsRef<[u8]>) -> Result<Self, Error> {
        self.write(&format!("registry/subprocessors/{id}.toml"), text)?;
        Ok(self)
    }

    /// Copies the repository's `templates/*.hbs` into `templates/`.
    pub fn templates(self) -> Result<Self, Error> {
        let source = repo_root().join("templates");
        for entry in std::fs::read_dir(&source)? {
            let path = entry?.path();
            if let Some(name) = path.file_name().and_then(|n| n.to_str())
                && name.ends_with(".hbs")
            {
                self.write(&format!("templates/{name}"), std::fs::read(&path)?)?;
            }
        }
        Ok(self)
    }

    /// Adds `docs/<name>`.
    pub fn doc(self, name: &str, text: impl AsRef<[u8]>) -> Result<Self, Error> {
        self.write(&format!("docs/{name}"), text)?;
        Ok(self)
    }

    /// Writes a file at `relative` (creating folders).
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        Ok(())
    }

    /// Reads a file at `relative`.
    pub fn read(&self, relative: &str) -> Result<Vec<u8>, Error> {
        Ok(std::fs::read(self.path().join(relative))?)
    }

    /// Reads a UTF-8 file at `relative`.
    pub fn read_string(&self, relative: &str) -> Result<String, Error> {
        Ok(std::fs::read_to_string(self.path().join(relative))?)
    }

    /// The working directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `subreg ARGS` with the fixture as working directory.
    pub fn command(&self, args: &[&str]) -> Result<Command, Error> {
        command_in(self.path(), args)
    }

    /// Runs `subreg ARGS` in the fixture.
    pub fn run(&self, args: &[&str]) -> Result<Run, Error> {
        run_in(self.path(), args)
    }

    /// Runs `subreg check --as-of AS_OF --format json EXTRA` and parses stdout.
    pub fn check_json(&self, extra: &[&str]) -> Result<(Run, Value), Error> {
        self.check_json_on(AS_OF, extra)
    }

    /// Runs `subreg check --as-of DATE --format json --verbose EXTRA` and
    /// parses stdout (verbose: the notes on passing transfers are checked too).
    pub fn check_json_on(&self, as_of: &str, extra: &[&str]) -> Result<(Run, Value), Error> {
        let mut args = vec!["check", "--as-of", as_of, "--format", "json", "--verbose"];
        args.extend_from_slice(extra);
        let run = self.run(&args)?;
        let json = serde_json::from_str(&run.stdout)
            .map_err(|e| format!("stdout is not JSON ({e}):\n{}", run.stdout))?;
        Ok((run, json))
    }
}

/// The repository root (holds Cargo.toml, templates/, schemas/).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `subreg ARGS` with `dir` as working directory, colour off.
pub fn command_in(dir: &Path, args: &[&str]) -> Result<Command, Error> {
    let mut cmd = Command::cargo_bin("subreg")?;
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    Ok(cmd)
}

/// What a run of `subreg` gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`-1` when killed by a signal).
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Fails the test when the process panicked (exit code 101 or the
    /// panic message), whatever else it did.
    pub fn assert_no_panic(&self) {
        assert_ne!(self.code, 101, "subreg panicked:\n{}", self.stderr);
        assert!(
            !self.stderr.contains("panicked"),
            "subreg panicked:\n{}",
            self.stderr
        );
    }
}

/// Runs `subreg ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Result<Run, Error> {
    let output = command_in(dir, args)?.output()?;
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_no_panic();
    Ok(run)
}

/// One finding as `(code, rule, severity, file, line, column)`.
pub type Position = (String, String, String, String, u64, u64);

/// Every diagnostic of a `--format json` report, in order, as [`Position`]s.
pub fn positions(report: &Value) -> Result<Vec<Position>, Error> {
    let list = report["diagnostics"]
        .as_array()
        .ok_or("`diagnostics` is not an array")?;
    list.iter()
        .map(|d| {
            let text = |key: &str| -> Result<String, Error> {
                Ok(d[key]
                    .as_str()
                    .ok_or_else(|| format!("`{key}` is not a string in {d}"))?
                    .to_owned())
            };
            let number = |key: &str| -> Result<u64, Error> {
                Ok(d[key]
                    .as_u64()
                    .ok_or_else(|| format!("`{key}` is not a number in {d}"))?)
            };
            // A finding about no file in particular has null position fields.
            if d["file"].is_null() {
                if !d["line"].is_null() || !d["column"].is_null() {
                    return Err(format!("a null file with a position in {d}").into());
                }
                return Ok((
                    text("code")?,
                    text("rule")?,
                    text("severity")?,
                    String::new(),
                    0,
                    0,
                ));
            }
            Ok((
                text("code")?,
                text("rule")?,
                text("severity")?,
                text("file")?,
                number("line")?,
                number("column")?,
            ))
        })
        .collect()
}

/// [`positions`] without the `note` findings (why a transfer passes).
pub fn findings(report: &Value) -> Result<Vec<Position>, Error> {
    Ok(positions(report)?
        .into_iter()
        .filter(|p| p.2 != "note")
        .collect())
}

/// The diagnostic of `report` with this rule and file at this line, for
/// looking at its message and notes.
pub fn diagnostic<'a>(report: &'a Value, rule: &str, file: &str, line: u64) -> Option<&'a Value> {
    report["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["rule"] == rule && d["file"] == file && d["line"].as_u64() == Some(line))
}

/// The notes of a diagnostic, as strings.
pub fn notes(diagnostic: &Value) -> Vec<&str> {
    diagnostic["notes"]
        .as_array()
        .map(|n| n.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Builds a [`Position`] from literals.
pub fn at(code: &str, rule: &str, severity: &str, file: &str, line: u64, column: u64) -> Position {
    (
        code.to_owned(),
        rule.to_owned(),
        severity.to_owned(),
        file.to_owned(),
        line,
        column,
    )
}
