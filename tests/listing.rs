//! Nothing in `registry/subprocessors/` is skipped in silence: every entry
//! that is not read as a sub-processor is a finding naming it, with a
//! rename that is never a name already taken.

mod common;

use std::os::unix::ffi::OsStrExt as _;

use common::{Fixture, TestResult, findings, notes};
use serde_json::Value;

/// A valid sub-processor inside the EEA named `name`.
fn valid(name: &str) -> String {
    format!(
        "name = \"{name}\"\ncountry = \"DE\"\npurposes = [\"Backups\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n"
    )
}

/// (file, line, column, message, first note) of every error, in order.
fn errors(report: &Value) -> Vec<(String, u64, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter(|d| d["severity"] == "error")
                .map(|d| {
                    (
                        d["file"].as_str().unwrap_or_default().to_owned(),
                        d["line"].as_u64().unwrap_or_default(),
                        d["column"].as_u64().unwrap_or_default(),
                        d["message"].as_str().unwrap_or_default().to_owned(),
                        notes(d).first().copied().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn entries_not_read_are_findings_that_name_them() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("hetzner", valid("Hetzner Online GmbH"))?
        .subprocessor("a-b", valid("A-B GmbH"))?
        .subprocessor("a.b", valid("Alpha Beta GmbH"))?;
    let dir = "registry/subprocessors";
    for (name, text) in [
        ("Ovh.TOML", valid("OVH SAS")),
        ("hetzner.toml ", valid("Hetzner Copy")),
        ("scaleway.toml.bak", valid("Scaleway SAS")),
        ("ionos.tml", valid("IONOS SE")),
        ("notes.md", "# notes\n".to_owned()),
        ("eu/aws.toml", valid("Amazon EU")),
        // Ignored, as the README says: hidden files and editor backups.
        (".draft.toml", "not = [toml".to_owned()),
        ("hetzner.toml~", "not = [toml".to_owned()),
        ("#hetzner.toml#", "not = [toml".to_owned()),
    ] {
        fixture.write(&format!("{dir}/{name}"), text)?;
    }
    // Two names that differ only in bytes that are not UTF-8.
    let folder = fixture.path().join(dir);
    for (byte, name) in [(b'\xff', "N One"), (b'\xe2', "N Two")] {
        let bytes = [b'n', byte, b'.', b't', b'o', b'm', b'l'];
        std::fs::write(
            folder.join(std::ffi::OsStr::from_bytes(&bytes)),
            valid(name),
        )?;
    }

    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let not_read = |name: &str, fix: &str| {
        (
            format!("{dir}/{name}"),
            1,
            1,
            format!(
                "`{dir}/{name}` is not read{}: only files named <id>.toml are sub-processors, so \
                 it is neither checked nor published",
                if name.ends_with(' ') {
                    " (its name ends with a blank)"
                } else {
                    ""
                }
            ),
            format!("{fix}, or move it out of subprocessors/ if it is no sub-processor"),
        )
    };
    let invalid = |name: &str, stem: &str, fix: &str| {
        (
            format!("{dir}/{name}"),
            1,
            1,
            format!(
                "`{stem}` is not a valid sub-processor id: use lower-case letters and digits, in \
                 words joined by single '-'"
            ),
            fix.to_owned(),
        )
    };
    let shared = "more than one file here would become n.toml: give each its own id of lower-case \
                  letters, digits and '-'";
    assert_eq!(
        errors(&report),
        [
            not_read("Ovh.TOML", "rename the file to ovh.toml"),
            invalid(
                "a.b.toml",
                "a.b",
                "a-b.toml exists already: if both describe the same sub-processor merge them, \
                 else rename this one to another id of lower-case letters, digits and '-'"
            ),
            (
                format!("{dir}/eu"),
                1,
                1,
                format!(
                    "`{dir}/eu` is a folder: subreg reads only the files directly in \
                     subprocessors/, so nothing in it is checked or published"
                ),
                "move its sub-processor files up into subprocessors/, or the folder out of the \
                 registry"
                    .to_owned()
            ),
            not_read(
                "hetzner.toml ",
                "hetzner.toml exists already: if both describe the same sub-processor merge \
                 them, else rename this one to another id of lower-case letters, digits and '-'"
            ),
            not_read("ionos.tml", "rename the file to ionos.toml"),
            invalid("n\\xE2.toml", "n\\xE2", shared),
            invalid("n\\xFF.toml", "n\\xFF", shared),
            not_read(
                "notes.md",
                "rename the file to <id>.toml, the id of lower-case letters, digits and '-' \
                 (e.g. the vendor's name: aws.toml)"
            ),
            not_read("scaleway.toml.bak", "rename the file to scaleway.toml"),
        ]
    );
    assert!(findings(&report)?.iter().all(|f| f.1 == "invalid-id"));
    Ok(())
}

/// Ids follow the grammar: words of lower-case ASCII letters and digits
/// joined by single dashes. `--.toml` is refused at its file; `café.toml`
/// is named whole, its `é` said, and no rename to `caf.toml` is offered.
#[test]
fn names_outside_the_id_grammar_are_refused_by_their_whole_name() -> TestResult {
    let mut fixture = Fixture::eu()?;
    for id in ["--", "café", "-aws", "ovh-"] {
        fixture = fixture.subprocessor(id, valid(&format!("Vendor {id}")))?;
    }
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let dir = "registry/subprocessors";
    let ascii = |stem: &str| {
        format!(
            "`{stem}` is not a valid sub-processor id: use lower-case letters and digits, in \
             words joined by single '-'"
        )
    };
    let no_name = "rename the file to <id>.toml, the id of lower-case letters, digits and '-' \
                   (e.g. the vendor's name: aws.toml)";
    let at = |name: &str, message: String, fix: &str| {
        (format!("{dir}/{name}"), 1, 1, message, fix.to_owned())
    };
    assert_eq!(
        errors(&report),
        [
            at("--.toml", ascii("--"), no_name),
            at("-aws.toml", ascii("-aws"), "rename the file to aws.toml"),
            at(
                "café.toml",
                "`café` is not a valid sub-processor id: it holds `é`, and an id is ASCII \
                 lower-case letters and digits, in words joined by single '-'"
                    .to_owned(),
                no_name
            ),
            at("ovh-.toml", ascii("ovh-"), "rename the file to ovh.toml"),
        ]
    );
    let text = serde_json::to_string(&report)?;
    assert!(!text.contains("caf.toml"), "{text}");
    Ok(())
}

#[test]
fn a_clean_folder_has_no_listing_finding() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("hetzner", valid("Hetzner Online GmbH"))?;
    fixture.write("registry/subprocessors/.hidden.toml", "x")?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(findings(&report)?, Vec::new());
    Ok(())
}

#[test]
fn a_link_to_nothing_or_a_name_with_a_line_break_is_named_not_fatal() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("hetzner", valid("Hetzner Online GmbH"))?;
    let dir = fixture.path().join("registry/subprocessors");
    std::os::unix::fs::symlink("../nowhere", dir.join("old-vendor"))?;
    std::fs::write(
        dir.join("fake\nerror[SR0000]: forged.toml"),
        valid("Forged GmbH"),
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(
        files,
        [
            "registry/subprocessors/fake\nerror[SR0000]: forged.toml",
            "registry/subprocessors/old-vendor"
        ]
    );
    // The human format keeps the line break out of its own lines.
    let human = fixture.run(&["check", "--as-of", common::AS_OF])?;
    assert!(
        human
            .stdout
            .contains("--> registry/subprocessors/fake<U+000A>error[SR0000]: forged.toml:1:1"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("\nerror[SR0000]"),
        "{}",
        human.stdout
    );
    Ok(())
}

/// Every entry of the registry folder that subreg does not read is a
/// finding naming it, with the known name it is a near miss of.
#[test]
fn stray_entries_of_the_registry_folder_are_named() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("hetzner", valid("Hetzner Online GmbH"))?;
    fixture.write("registry/Registry.TOML", "x = 1\n")?;
    fixture.write("registry/evil.toml", "x = 1\n")?;
    fixture.write("registry/sub-processors/aws.toml", valid("Amazon"))?;
    fixture.write("registry/.hidden", "")?;
    // Not registry content: a registry kept at a repository's root has
    // these beside it.
    fixture.write("registry/README.md", "# Registry\n")?;
    fixture.write("registry/docs/notes.md", "notes\n")?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let not_read = |name: &str, what: &str, note: &str| {
        (
            format!("registry/{name}"),
            1,
            1,
            format!(
                "`registry/{name}` is not read: subreg knows no {what} of that name in a \
                 registry, so it is neither checked nor published"
            ),
            note.to_owned(),
        )
    };
    assert_eq!(
        errors(&report),
        [
            not_read(
                "Registry.TOML",
                "file",
                "did you mean `registry.toml`? rename it"
            ),
            not_read(
                "evil.toml",
                "file",
                "move it out of the registry folder, which holds only registry.toml, \
                 knowledge.toml and subprocessors/"
            ),
            not_read(
                "sub-processors",
                "folder",
                "did you mean `subprocessors/`? rename it"
            ),
        ]
    );
    Ok(())
}

/// Without `subprocessors/` nothing would be checked or published: exit 2,
/// naming the near miss when there is one; an empty folder is fine.
#[test]
fn a_registry_without_its_subprocessors_folder_is_refused() -> TestResult {
    for (folder, says) in [
        (
            Some("Subprocessors"),
            "rename `Subprocessors` to subprocessors",
        ),
        (
            Some("subprocesors"),
            "rename `subprocesors` to subprocessors",
        ),
        (
            None,
            "create it (an empty folder for a registry without sub-processors)",
        ),
    ] {
        let fixture = Fixture::eu()?;
        std::fs::remove_dir(fixture.path().join("registry/subprocessors"))?;
        if let Some(folder) = folder {
            fixture.write(&format!("registry/{folder}/aws.toml"), valid("Amazon"))?;
        }
        for args in [&["check"][..], &["inject", "--check"], &["render"]] {
            let run = fixture.run(args)?;
            assert_eq!(run.code, 2, "{args:?} {folder:?}: {}", run.stdout);
            assert_eq!(
                run.stderr,
                format!(
                    "error: registry has no subprocessors/ folder, so no sub-processor would be \
                     checked or published; {says}\n"
                ),
                "{args:?}"
            );
        }
    }
    let empty = Fixture::eu()?.run(&["check"])?;
    assert_eq!(empty.code, 0, "{}{}", empty.stdout, empty.stderr);
    Ok(())
}

/// registry.toml that is no readable file is said precisely, in the words
/// knowledge.toml gets, never "create it".
#[test]
fn a_registry_toml_that_is_no_file_says_why() -> TestResult {
    use std::os::unix::fs::symlink;
    type Make = fn(&std::path::Path) -> std::io::Result<()>;
    let cases: [(&str, Make, &str); 4] = [
        (
            "a link to itself",
            |p| symlink("registry.toml", p),
            "cannot resolve `registry/registry.toml`: Too many levels of symbolic links (os error 40)",
        ),
        (
            "a link to nothing",
            |p| symlink("gone.toml", p),
            "cannot resolve `registry/registry.toml`: a symbolic link that leads to nothing subreg can read",
        ),
        (
            "a folder",
            |p| std::fs::create_dir(p),
            "`registry/registry.toml` is a folder, not a file",
        ),
        (
            "a FIFO",
            |p| {
                let status = std::process::Command::new("mkfifo").arg(p).status()?;
                assert!(status.success());
                Ok(())
            },
            "`registry/registry.toml` is a special file (a FIFO, socket or device), not a \
             document or registry file",
        ),
    ];
    for (what, make, says) in cases {
        let fixture = Fixture::eu()?;
        let path = fixture.path().join("registry/registry.toml");
        std::fs::remove_file(&path)?;
        make(&path)?;
        let run = fixture.run(&["check"])?;
        assert_eq!(run.code, 2, "{what}");
        assert!(
            run.stderr.starts_with(&format!("error: {says}; ")),
            "{what}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("create it"), "{what}");
    }
    Ok(())
}
