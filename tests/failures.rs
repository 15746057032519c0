//! What subreg does when the world gets in the way: each failure ends with
//! exit code 2, a message naming the file, and the document byte for byte
//! as it was (or, for a link or a file's mode and owner, updated in place
//! of the right file).
//!
//! The tests run as root in CI, where file permissions do not stop anyone.
//! Where a test needs a real refusal it uses what also stops root: the
//! permission bits subreg checks itself, a read-only or full file system
//! (mounted when the test may mount), or running subreg as user `nobody`.
//! When none is available the test fails, naming what it needs, unless
//! `SUBREG_TESTS_MAY_SKIP=1` is set: then it passes without asserting and
//! says "skipped" on stderr, so a machine without those rights can run the
//! rest of the suite knowingly, never by accident.

// A skipped test says so on stderr, which the test harness shows.
#![allow(clippy::print_stderr)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AS_OF: &str = "2026-11-29";
const POLICY: &str = "docs/privacy-policy.md";
/// How subreg names the policy: the registry's `[[documents]]` path.
const POLICY_LABEL: &str = "docs/privacy-policy.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the repository's registry, documents and templates in which
/// the policy is stale: AWS gained a purpose, so `inject` wants to write.
fn stale_workspace() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for sub in ["registry", "docs", "templates"] {
        copy_dir(&root().join(sub), &dir.path().join(sub))?;
    }
    let aws = dir.path().join("registry/subprocessors/aws.toml");
    let text = fs::read_to_string(&aws)?.replace(
        "purposes = [\"Data hosting\"]",
        "purposes = [\"Data hosting\", \"Backups\"]",
    );
    fs::write(&aws, text)?;
    Ok(dir)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn subreg(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_subreg"));
    command
        .args(args)
        .arg("--as-of")
        .arg(AS_OF)
        .current_dir(dir);
    command
}

fn run(dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    subreg(dir, args).output()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether this process ignores file permissions (root, or CAP_DAC_OVERRIDE):
/// it can read a file whose mode is 000.
fn privileged() -> Result<bool, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let probe = dir.path().join("probe");
    fs::write(&probe, "x")?;
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000))?;
    Ok(fs::read(&probe).is_ok())
}

/// What a test does when this machine cannot refuse what it must refuse:
/// fails naming `needs`, or, with `SUBREG_TESTS_MAY_SKIP` set, says
/// "skipped" and passes.
fn unavailable(needs: &str) -> TestResult {
    if std::env::var_os("SUBREG_TESTS_MAY_SKIP").is_some() {
        eprintln!("skipped: this test needs {needs}");
        Ok(())
    } else {
        Err(format!(
            "this test needs {needs}, which this machine does not give; set \
             SUBREG_TESTS_MAY_SKIP=1 to skip it knowingly"
        )
        .into())
    }
}

/// A file system mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `size` (mount(8) syntax) at `at`; `None` when this
    /// process may not mount.
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Mount(at.to_path_buf()))
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Names in `dir`, sorted: shows that no temporary file was left behind.
fn entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

#[test]
fn a_read_only_document_is_refused_and_untouched() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    fs::set_permissions(&policy, fs::Permissions::from_mode(0o444))?;
    let before = fs::read(&policy)?;

    let output = run(dir.path(), &["inject"])?;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot write {POLICY_LABEL}: it is read-only; make it writable (chmod u+w) \
             to let subreg update it; the file is unchanged\n"
        )
    );
    assert_eq!(fs::read(&policy)?, before);
    assert_eq!(fs::metadata(&policy)?.mode() & 0o777, 0o444);
    assert_eq!(entries(&dir.path().join("docs"))?, ["privacy-policy.md"]);
    Ok(())
}

#[test]
fn a_read_only_directory_is_an_error_and_the_document_is_untouched() -> TestResult {
    let dir = stale_workspace()?;
    let docs = dir.path().join("docs");
    let policy = dir.path().join(POLICY);
    let before = fs::read(&policy)?;
    // A read-only file system stops root too; without mount rights, a
    // directory without write permission stops everyone else.
    let moved = dir.path().join("policy.orig");
    fs::rename(&policy, &moved)?;
    let mount = Mount::tmpfs(&docs, "1m");
    fs::copy(&moved, &policy)?;
    let read_only_fs = mount.as_ref().is_some_and(Mount::remount_read_only);
    if !read_only_fs {
        fs::set_permissions(&docs, fs::Permissions::from_mode(0o555))?;
    }
    // Root without mount rights is refused as `nobody`, who owns the
    // workspace (so only the folder's mode stops the write).
    let as_other_user = !read_only_fs && privileged()?;
    if as_other_user {
        chown_all(dir.path(), 65534)?;
    }

    let output = if as_other_user {
        match as_nobody(dir.path(), &["inject"])? {
            Some(output) => output,
            None => return unavailable("a read-only mount, or running subreg as `nobody`"),
        }
    } else {
        run(dir.path(), &["inject"])?
    };
    let after = fs::read(&policy)?;
    let left = entries(&docs)?;
    drop(mount);
    let _ = fs::set_permissions(&docs, fs::Permissions::from_mode(0o755));

    let expected_reason = if read_only_fs {
        "Read-only file system (os error 30)"
    } else {
        "Permission denied (os error 13)"
    };
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("error: cannot write {POLICY_LABEL}: {expected_reason}; the file is unchanged\n")
    );
    assert_eq!(after, before);
    assert_eq!(left, ["privacy-policy.md"]);
    Ok(())
}

#[test]
fn a_full_disk_is_an_error_and_the_document_is_untouched() -> TestResult {
    let dir = stale_workspace()?;
    let docs = dir.path().join("docs");
    let policy = dir.path().join(POLICY);
    let text = fs::read_to_string(&policy)?;
    let mount = Mount::tmpfs(&docs, "64k");
    // 40 KiB fit once in 64 KiB, not twice: the temporary copy cannot be
    // written completely.
    let padding = "Padding outside the region.\n".repeat(40 * 1024 / 28);
    let document = format!("{text}\n{padding}");
    fs::write(&policy, &document)?;

    let (output, reason) = if mount.is_some() {
        (
            run(dir.path(), &["inject"])?,
            "No space left on device (os error 28)",
        )
    } else {
        // Without mount rights a file-size limit (setrlimit RLIMIT_FSIZE,
        // 16 KiB) stops the same write halfway, for any user.
        let output = Command::new("bash")
            .arg("-c")
            .arg("ulimit -f 16 && trap '' XFSZ && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_subreg"))
            .args(["inject", "--as-of", AS_OF])
            .current_dir(dir.path())
            .output()?;
        (output, "File too large (os error 27)")
    };
    let after = fs::read_to_string(&policy)?;
    let left = entries(&docs)?;
    drop(mount);

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("error: cannot write {POLICY_LABEL}: {reason}; the file is unchanged\n")
    );
    assert_eq!(after, document);
    assert_eq!(left, ["privacy-policy.md"]);
    Ok(())
}

#[test]
fn a_symlinked_document_updates_its_target_and_keeps_the_link() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    fs::create_dir(dir.path().join("published"))?;
    let real = dir.path().join("published/policy.md");
    fs::rename(&policy, &real)?;
    symlink("../published/policy.md", &policy)?;
    let before = fs::read_to_string(&real)?;

    let output = run(dir.path(), &["inject"])?;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("updated {POLICY_LABEL}\n")
    );
    assert!(fs::symlink_metadata(&policy)?.file_type().is_symlink());
    assert_eq!(fs::read_link(&policy)?, Path::new("../published/policy.md"));
    let after = fs::read_to_string(&real)?;
    assert_eq!(
        after,
        before.replace(
            "| Amazon Web Services, Inc. | Data hosting |",
            "| Amazon Web Services, Inc. | Data hosting, Backups |"
        )
    );
    assert_ne!(after, before);
    Ok(())
}

#[test]
fn mode_and_owner_are_preserved() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    fs::set_permissions(&policy, fs::Permissions::from_mode(0o640))?;
    // Only a privileged process can give a file away; otherwise the owner
    // is ours before and after, which the test still checks.
    let _ = std::os::unix::fs::chown(&policy, Some(65534), Some(65534));
    let before = fs::metadata(&policy)?;

    let output = run(dir.path(), &["inject"])?;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = fs::metadata(&policy)?;
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_ne!(after.ino(), before.ino(), "replaced by a rename");
    Ok(())
}

#[test]
fn a_document_edited_while_inject_runs_is_not_overwritten() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    // A second document that is a FIFO: subreg reads the policy, then
    // blocks reading the FIFO until this test has edited the policy. That
    // puts the edit exactly between subreg's read and its write.
    let fifo = dir.path().join("docs/second.md");
    let status = Command::new("mkfifo").arg(&fifo).status()?;
    assert!(status.success());
    let child = subreg(dir.path(), &["inject", POLICY, "docs/second.md"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    // Opening the FIFO for writing waits until subreg opens it to read,
    // which it does only after reading the policy.
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo)?;
    let edited = fs::read_to_string(&policy)? + "\nA paragraph added by the legal team.\n";
    fs::write(&policy, &edited)?;
    std::io::Write::write_all(
        &mut writer,
        b"<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
    )?;
    drop(writer);
    let output = child.wait_with_output()?;

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot write {POLICY}: it changed after subreg read it (another program or \
             person edited it); it was not overwritten, run subreg again\n"
        )
    );
    assert_eq!(fs::read_to_string(&policy)?, edited);
    assert_eq!(
        entries(&dir.path().join("docs"))?,
        ["privacy-policy.md", "second.md"]
    );
    Ok(())
}

#[test]
fn two_injects_on_one_document_take_turns() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    let before = fs::read(&policy)?;
    let rendered = run(dir.path(), &["render", "--template", "subprocessors.md"])?;
    let current_region = format!(
        "<!-- subreg:begin template=subprocessors.md -->\n{}<!-- subreg:end -->\n",
        String::from_utf8(rendered.stdout)?
    );
    // The first run holds its turn while it blocks reading a FIFO listed
    // after the policy; the second, on the policy alone, starts meanwhile.
    let fifo = dir.path().join("docs/second.md");
    assert!(Command::new("mkfifo").arg(&fifo).status()?.success());
    let first = subreg(dir.path(), &["inject", POLICY, "docs/second.md"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    // Opening the FIFO returns once the first run has read the policy.
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo)?;
    let mut second = subreg(dir.path(), &["inject", POLICY])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        second.try_wait()?.is_none(),
        "the second run must wait for the first"
    );
    assert_eq!(fs::read(&policy)?, before, "nothing written yet");
    // The FIFO's region is current, so the first run writes the policy only.
    std::io::Write::write_all(&mut writer, current_region.as_bytes())?;
    drop(writer);
    let first = first.wait_with_output()?;
    let second = second.wait_with_output()?;

    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        format!("updated {POLICY}\n")
    );
    // The second run read the document the first had written: nothing to do.
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(String::from_utf8_lossy(&second.stdout), "");
    assert!(
        stderr(&second).starts_with("waiting for another subreg run to finish writing in "),
        "{}",
        stderr(&second)
    );
    let after = fs::read_to_string(&policy)?;
    assert!(after.contains("| Amazon Web Services, Inc. | Data hosting, Backups |"));
    assert_eq!(
        after,
        String::from_utf8(before)?.replace(
            "| Amazon Web Services, Inc. | Data hosting |",
            "| Amazon Web Services, Inc. | Data hosting, Backups |"
        )
    );
    Ok(())
}

/// Gives `path` and everything under it to user and group `id`.
fn chown_all(path: &Path, id: u32) -> std::io::Result<()> {
    std::os::unix::fs::chown(path, Some(id), Some(id))?;
    if fs::symlink_metadata(path)?.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_all(&entry?.path(), id)?;
        }
    }
    Ok(())
}

/// Runs subreg with `args` in `dir` as user and group 65534 (`nobody`),
/// from a copy of the binary that user can reach (a checkout under a
/// private home is not); `None` when this process may not switch users.
fn as_nobody(dir: &Path, args: &[&str]) -> Result<Option<Output>, Box<dyn std::error::Error>> {
    let bin = tempfile::tempdir()?;
    let exe = bin.path().join("subreg");
    fs::copy(env!("CARGO_BIN_EXE_subreg"), &exe)?;
    fs::set_permissions(bin.path(), fs::Permissions::from_mode(0o755))?;
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755))?;
    // A temporary directory is private to its owner; `nobody` needs to
    // reach the workspace in it.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))?;
    let mut command = Command::new(&exe);
    command
        .args(args)
        .arg("--as-of")
        .arg(AS_OF)
        .current_dir(dir)
        .uid(65534)
        .gid(65534);
    Ok(command.output().ok())
}

#[test]
fn an_unreadable_registry_file_is_named() -> TestResult {
    let dir = stale_workspace()?;
    let aws = dir.path().join("registry/subprocessors/aws.toml");
    fs::set_permissions(&aws, fs::Permissions::from_mode(0o000))?;

    let output = if privileged()? {
        // Root reads a mode-000 file; only another user is refused.
        match as_nobody(dir.path(), &["check"])? {
            Some(output) => output,
            None => return unavailable("running subreg as user `nobody`"),
        }
    } else {
        run(dir.path(), &["check"])?
    };
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read registry/subprocessors/aws.toml: Permission denied (os error 13)\n"
    );
    assert_eq!(output.stdout, b"");
    Ok(())
}

#[test]
fn a_50_mb_registry_file_is_refused_by_name() -> TestResult {
    let dir = stale_workspace()?;
    let big = dir.path().join("registry/subprocessors/big.toml");
    fs::write(&big, "# padding\n".repeat(5 * 1024 * 1024))?;

    let output = run(dir.path(), &["check"])?;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: registry/subprocessors/big.toml is 50 MiB, more than the 1 MiB subreg reads in \
         a registry file (a sub-processor file is normally under 4 KiB); move it out of the \
         registry folder\n"
    );
    Ok(())
}

#[test]
fn a_50_mb_document_is_refused_by_name_and_untouched() -> TestResult {
    let dir = stale_workspace()?;
    let policy = dir.path().join(POLICY);
    let text = fs::read_to_string(&policy)? + &"x".repeat(50 * 1024 * 1024);
    fs::write(&policy, &text)?;

    let output = run(dir.path(), &["inject"])?;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot read {POLICY_LABEL}: the file is 50.0 MiB, more than the 16 MiB \
             subreg reads in a document or template\n"
        )
    );
    assert_eq!(fs::read_to_string(&policy)?, text);
    Ok(())
}

/// `check --format json` of a workspace whose AWS file is `text`.
fn check_json(text: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let dir = stale_workspace()?;
    fs::write(dir.path().join("registry/subprocessors/aws.toml"), text)?;
    let output = run(dir.path(), &["check", "--format", "json"])?;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// (rule, file, line, message) of each error about the AWS file in a JSON
/// report (the policy is also stale, since AWS no longer loads).
fn errors(report: &serde_json::Value) -> Vec<(String, String, u64, String)> {
    let field = |d: &serde_json::Value, key: &str| d[key].as_str().unwrap_or_default().to_owned();
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error" && d["file"] == AWS)
        .map(|d| {
            let line = d["line"].as_u64().unwrap_or_default();
            (
                field(d, "rule"),
                field(d, "file"),
                line,
                field(d, "message"),
            )
        })
        .collect()
}

const AWS: &str = "registry/subprocessors/aws.toml";

#[test]
fn ten_thousand_nested_tables_or_arrays_are_a_finding_not_a_crash() -> TestResult {
    let keys: Vec<String> = (0..10_000).map(|i| format!("k{i}")).collect();
    let too_deep = "values nested more than 32 tables or lists deep, too deep for the TOML parser";
    for text in [
        format!("[[{}]]\n", keys.join(".")),
        format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("a = {}1{}\n", "{b = ".repeat(10_000), "}".repeat(10_000)),
    ] {
        let report = check_json(&text)?;
        assert_eq!(
            errors(&report),
            [(
                "toml-syntax".to_owned(),
                AWS.to_owned(),
                1,
                too_deep.to_owned()
            )]
        );
    }
    Ok(())
}

/// Found while writing these tests: 78 dotted keys inside each of 78
/// nested inline tables pass the TOML parser's limits (80 per construct)
/// yet nest 6,084 levels deep, and `subreg check` overflowed its stack
/// converting them. Now refused after parsing, before anything recursive.
#[test]
fn nesting_that_multiplies_the_parser_limits_is_refused() -> TestResult {
    let dotted = (0..78)
        .map(|i| format!("k{i}"))
        .collect::<Vec<_>>()
        .join(".");
    let mut value = "1".to_owned();
    for _ in 0..78 {
        value = format!("{{{dotted} = {value}}}");
    }
    let report = check_json(&format!("a = {value}\n"))?;
    // The depth stops nothing else: the file's other errors come with it.
    let at_line_1 =
        |rule: &str, message: &str| (rule.to_owned(), AWS.to_owned(), 1, message.to_owned());
    assert_eq!(
        errors(&report),
        [
            at_line_1("schema-violation", "missing required key `added`"),
            at_line_1("schema-violation", "missing required key `country`"),
            at_line_1("schema-violation", "missing required key `locations`"),
            at_line_1("schema-violation", "missing required key `name`"),
            at_line_1("schema-violation", "missing required key `purposes`"),
            at_line_1("unknown-key", "unknown key `a`"),
            at_line_1(
                "schema-violation",
                "values nested more than 32 tables or lists deep"
            ),
        ]
    );
    Ok(())
}

#[test]
fn a_100_000_element_array_is_checked_and_its_unknown_key_named() -> TestResult {
    let base = fs::read_to_string(root().join(AWS))?;
    // 100,000 elements each, within the 1 MiB a registry file may have.
    let purposes = vec!["\"p\""; 100_000].join(",");
    let unknown = vec!["0"; 100_000].join(",");
    let text = base.replace(
        "purposes = [\"Data hosting\"]",
        &format!("purposes = [{purposes}]\nextra = [{unknown}]"),
    );
    let report = check_json(&text)?;
    assert_eq!(
        errors(&report),
        [(
            "unknown-key".to_owned(),
            AWS.to_owned(),
            12,
            "unknown key `extra`".to_owned()
        )]
    );
    Ok(())
}

/// The registry listing follows links to files.
#[test]
fn a_symlinked_subprocessor_file_is_checked() -> TestResult {
    let dir = stale_workspace()?;
    let subprocessors = dir.path().join("registry/subprocessors");
    let kept = dir.path().join("kept");
    fs::create_dir_all(&kept)?;
    fs::rename(subprocessors.join("aws.toml"), kept.join("aws.toml"))?;
    symlink("../../kept/aws.toml", subprocessors.join("aws.toml"))?;
    let output = run(dir.path(), &["check"])?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    // Only the stale policy fails: aws.toml was read through its link (else
    // the document would be judged without it, or skipped).
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        text.contains("document-stale: the region rendered"),
        "{text}"
    );
    assert!(text.contains("(2 sub-processors checked)"), "{text}");
    Ok(())
}

/// A `*.toml` entry that cannot be read as a file stops the run (exit 2)
/// with its name: a sub-processor is never left out in silence.
#[test]
fn a_subprocessor_entry_that_is_no_file_is_named_not_skipped() -> TestResult {
    type Make = fn(&Path) -> std::io::Result<()>;
    let cases: [(&str, Make, &str); 2] = [
        (
            "folder.toml",
            |p| fs::create_dir_all(p),
            "registry/subprocessors/folder.toml is a directory, not a file: every *.toml in \
             subprocessors/ is read as a sub-processor; move it out of the folder or rename it",
        ),
        (
            "gone.toml",
            |p| symlink("../../kept/gone.toml", p),
            "cannot read registry/subprocessors/gone.toml: No such file or directory",
        ),
    ];
    for (name, make, expected) in cases {
        let dir = stale_workspace()?;
        make(&dir.path().join("registry/subprocessors").join(name))?;
        let output = run(dir.path(), &["check"])?;
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{name}: {}",
            stderr(&output)
        );
    }
    Ok(())
}
