//! Values cannot change the structure of what subreg renders, and templates
//! come only from the templates folder unless given on the command line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::json;
use subreg::render::Templates;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn repo_templates() -> Result<Templates, Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    Ok(subreg::documents::load_templates(&dir)?)
}

fn context(rows: &[(String, Vec<String>)]) -> serde_json::Value {
    let subprocessors: Vec<_> = rows
        .iter()
        .map(|(name, purposes)| json!({"name": name, "purposes": purposes}))
        .collect();
    json!({"subprocessors": subprocessors})
}

/// The table of a Markdown document: each row's cells as plain text, and
/// every event that is not table structure or text (emphasis, links, HTML,
/// code, breaks: anything a value could have injected).
fn table(markdown: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut other = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow | Tag::TableHead) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                if let Some(row) = rows.last_mut() {
                    row.push(String::new());
                }
            }
            Event::Text(text) => {
                if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                    cell.push_str(&text);
                }
            }
            Event::Start(Tag::Table(_))
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => {}
            other_event => other.push(format!("{other_event:?}")),
        }
    }
    (rows, other)
}

/// What a reader must see in a cell for `value`: line endings become one
/// space each, and the table trims blanks at either end of a cell.
fn shown(value: &str) -> String {
    value
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .trim_matches([' ', '\t'])
        .to_owned()
}

/// Text with the characters of every inline syntax, HTML, template and
/// Liquid syntax, and line breaks, but no NUL (which Markdown replaces).
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 \\\\`*_~\\[\\]()<>&|${}#!=\"':;.,/%+\r\n-]{0,24}",
        prop::sample::select(vec![
            "{{organization.name}}",
            "{{{raw}}}",
            "{% include secrets %}",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](https://evil.example)",
            "![x](https://evil.example/x.png)",
            "&lt;b&gt; &#60; &amp;",
            "a | b | c",
            "line\n# Heading\n- item",
            "`code` **bold** _it_ ~~del~~",
            "$x$ $$y$$",
            "\\|",
            "<!-- subreg:end -->",
        ])
        .prop_map(str::to_owned),
    ]
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the names and purposes, the shipped Markdown template gives
    /// one table with one row per sub-processor and two cells per row, each
    /// showing exactly the value, and nothing else: no HTML, no link, no
    /// emphasis, no code, no template or Liquid syntax.
    #[test]
    fn markdown_values_stay_text_in_their_cell(
        rows in prop::collection::vec((hostile(), prop::collection::vec(hostile(), 1..3)), 1..4),
    ) {
        let templates = repo_templates().map_err(fail)?;
        let markdown = templates.render("subprocessors.md", &context(&rows).into()).map_err(fail)?;
        let (cells, other) = table(&markdown);
        prop_assert_eq!(other, Vec::<String>::new(), "{}", markdown);
        let mut expected = vec![vec!["Third Party".to_owned(), "Purpose".to_owned()]];
        expected.extend(rows.iter().map(|(name, purposes)| {
            vec![shown(name), shown(&purposes.join(", "))]
        }));
        prop_assert_eq!(cells, expected, "{}", markdown);
        let template_syntax = markdown.contains("{{") || markdown.contains("{%");
        prop_assert!(!template_syntax, "{}", markdown);
    }

    /// In the HTML template every value is escaped once: the tags are the
    /// template's own, and unescaping a cell gives the value back.
    #[test]
    fn html_values_stay_text_in_their_cell(
        rows in prop::collection::vec((hostile(), prop::collection::vec(hostile(), 1..3)), 1..4),
    ) {
        let templates = repo_templates().map_err(fail)?;
        let html = templates.render("subprocessors.html", &context(&rows).into()).map_err(fail)?;
        let plain: Vec<_> = rows.iter().map(|_| ("x".to_owned(), vec!["y".to_owned()])).collect();
        let baseline = templates.render("subprocessors.html", &context(&plain).into()).map_err(fail)?;
        prop_assert_eq!(html.matches('<').count(), baseline.matches('<').count(), "{}", html);
        prop_assert_eq!(html.matches('>').count(), baseline.matches('>').count());
        let cells: Vec<String> = html
            .split("<td>")
            .skip(1)
            .map(|rest| unescape(rest.split("</td>").next().unwrap_or_default()))
            .collect();
        let expected: Vec<String> = rows
            .iter()
            .flat_map(|(name, purposes)| [name.clone(), purposes.join(", ")])
            .collect();
        prop_assert_eq!(cells, expected);
    }
}

/// A full row of the export templates for each (name, purposes).
fn export_context(rows: &[(String, Vec<String>)]) -> serde_json::Value {
    let subprocessors: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, (name, purposes))| {
            json!({
                "id": format!("sp-{i}"), "name": name, "country": "US", "purposes": purposes,
                "locations": [name], "safeguards": [format!("US: {name}")],
                "added": "2023-11-08", "effective": null,
            })
        })
        .collect();
    json!({"organization": {"name": "Acme, \"Inc.\""}, "as_of": "2026-12-01",
           "subprocessors": subprocessors})
}

/// Any text, or hostile text (line breaks, quotes, commas included).
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![hostile(), "\\PC{0,16}", any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the values, the CSV export parses (RFC 4180, the csv
    /// crate's reader) into the header and one row of eight fields per
    /// sub-processor, each field the value itself; the JSON export parses
    /// and holds every value unchanged.
    #[test]
    fn csv_and_json_exports_read_every_value_back(
        rows in prop::collection::vec((any_text(), prop::collection::vec(any_text(), 1..3)), 1..4),
    ) {
        let templates = repo_templates().map_err(fail)?;
        let context = export_context(&rows);
        let csv_text = templates.render("subprocessors.csv", &context.clone().into()).map_err(fail)?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.as_bytes());
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_owned).collect()))
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        let mut expected = vec![
            ["id", "name", "country", "purposes", "locations", "safeguards", "added", "effective"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for (i, (name, purposes)) in rows.iter().enumerate() {
            let purposes = purposes.join("; ");
            expected.push(vec![
                format!("sp-{i}"), name.clone(), "US".to_owned(), purposes,
                name.clone(), format!("US: {name}"), "2023-11-08".to_owned(), String::new(),
            ]);
        }
        prop_assert_eq!(records, expected, "{}", csv_text);

        let json_text = templates.render("subprocessors.json", &context.into()).map_err(fail)?;
        let parsed: serde_json::Value = serde_json::from_str(&json_text).map_err(fail)?;
        prop_assert_eq!(&parsed["organization"], "Acme, \"Inc.\"");
        let listed = parsed["subprocessors"].as_array().map_or(0, Vec::len);
        prop_assert_eq!(listed, rows.len(), "{}", json_text);
        for (i, (name, purposes)) in rows.iter().enumerate() {
            let row = &parsed["subprocessors"][i];
            prop_assert_eq!(&row["name"], &json!(name));
            prop_assert_eq!(&row["purposes"], &json!(purposes.join("; ")));
            prop_assert_eq!(&row["safeguards"], &json!(format!("US: {name}")));
            prop_assert_eq!(&row["effective"], "");
        }
    }
}

/// The inverse of handlebars' HTML escape.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x60;", "`")
        .replace("&#x3D;", "=")
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

#[test]
fn a_value_is_never_evaluated_as_a_template() -> TestResult {
    let templates = repo_templates()?;
    let rows = [(
        "{{organization.name}}".to_owned(),
        vec!["{{#each rules}}x{{/each}}".to_owned()],
    )];
    let markdown = templates.render("subprocessors.md", &context(&rows).into())?;
    assert!(markdown.ends_with(
        "| \\{\\{organization.name\\}\\} | \\{\\{#each rules\\}\\}x\\{\\{/each\\}\\} |\n"
    ));
    let html = templates.render("subprocessors.html", &context(&rows).into())?;
    assert!(
        html.contains("<tr><td>{{organization.name}}</td><td>{{#each rules}}x{{/each}}</td></tr>")
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Where templates come from.

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for sub in ["registry", "docs", "templates"] {
        let to = dir.path().join(sub);
        fs::create_dir_all(&to)?;
        for entry in fs::read_dir(root().join(sub))? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                let nested = to.join(entry.file_name());
                fs::create_dir_all(&nested)?;
                for inner in fs::read_dir(entry.path())? {
                    let inner = inner?;
                    fs::copy(inner.path(), nested.join(inner.file_name()))?;
                }
            } else {
                fs::copy(entry.path(), to.join(entry.file_name()))?;
            }
        }
    }
    Ok(dir)
}

fn subreg(dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_subreg"))
        .args(args)
        .args(["--as-of", "2026-11-29"])
        .current_dir(dir)
        .output()
}

#[test]
fn a_marker_cannot_name_a_template_outside_the_folder() -> TestResult {
    let dir = workspace()?;
    fs::write(dir.path().join("secret.md.hbs"), "SECRET\n")?;
    let policy = dir.path().join("docs/privacy-policy.md");
    for name in [
        "../secret.md",
        "/etc/passwd",
        "templates/../../secret.md",
        "..",
        "a/b",
    ] {
        let text = format!("<!-- subreg:begin template={name} -->\n<!-- subreg:end -->\n");
        fs::write(&policy, &text)?;
        let output = subreg(dir.path(), &["inject", "--format", "json"])?;
        assert_eq!(output.status.code(), Some(1), "{name}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
        let rules: Vec<_> = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| (d["rule"].clone(), d["line"].clone()))
            .collect();
        assert_eq!(
            rules,
            [(json!("marker-error"), json!(1))],
            "{name}: {report}"
        );
        let message = report["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(
            message.starts_with(&format!("template name `{name}` is not a plain file name")),
            "{message}"
        );
        assert_eq!(fs::read_to_string(&policy)?, text);
    }
    Ok(())
}

#[test]
fn a_template_linked_to_a_file_outside_the_folder_is_refused() -> TestResult {
    let dir = workspace()?;
    fs::write(dir.path().join("secret.txt"), "SECRET\n")?;
    std::os::unix::fs::symlink("../secret.txt", dir.path().join("templates/leak.md.hbs"))?;
    let policy = dir.path().join("docs/privacy-policy.md");
    let before = fs::read(&policy)?;
    let output = subreg(dir.path(), &["inject", "--check"])?;
    assert_eq!(output.status.code(), Some(2));
    // Where the link leads is not shown: it may name a file of the CI machine.
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: templates/leak.md.hbs leads outside the templates folder; subreg reads only \
         templates inside it (a template elsewhere can be given explicitly: `subreg render \
         --template PATH`)\n"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("SECRET"));
    assert_eq!(fs::read(&policy)?, before);
    // A link that stays inside the folder is fine.
    fs::remove_file(dir.path().join("templates/leak.md.hbs"))?;
    std::os::unix::fs::symlink(
        "subprocessors.md.hbs",
        dir.path().join("templates/alias.md.hbs"),
    )?;
    let output = subreg(dir.path(), &["render", "--template", "alias.md"])?;
    assert_eq!(output.status.code(), Some(0));
    Ok(())
}

#[test]
fn an_explicit_template_path_may_be_anywhere() -> TestResult {
    let dir = workspace()?;
    let elsewhere = tempfile::tempdir()?;
    let path = elsewhere.path().join("names.md.hbs");
    fs::write(&path, "{{#each subprocessors}}{{name}};{{/each}}\n")?;
    let explicit = path.to_string_lossy().into_owned();
    let output = subreg(dir.path(), &["render", "--template", &explicit])?;
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        // Rows in id order: atlassian, aws.
        "Atlassian Pty Ltd;Amazon Web Services, Inc.;\n"
    );
    // A name, not a path, is looked up in the templates folder only.
    let output = subreg(dir.path(), &["render", "--template", "../names.md"])?;
    assert_eq!(output.status.code(), Some(2));
    Ok(())
}

/// Runs `subreg ARGS` in `dir`, killed after 20 s: a run that opened a FIFO
/// to read it would block forever.
fn subreg_bounded(dir: &Path, args: &[&str]) -> Result<Output, Box<dyn std::error::Error>> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_subreg"))
        .args(args)
        .args(["--as-of", "2026-11-29"])
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let started = std::time::Instant::now();
    while child.try_wait()?.is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill()?;
            return Err(format!("subreg {args:?} hung").into());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(child.wait_with_output()?)
}

/// A template that is a FIFO, a socket or a device (by path, or in the
/// templates folder, under its own name or through a link) is refused
/// from its metadata, never opened: exit 2, saying what it is.
#[test]
fn a_template_that_is_no_regular_file_is_refused_without_hanging() -> TestResult {
    let dir = workspace()?;
    let fifo = dir.path().join("pipe.md.hbs");
    assert!(Command::new("mkfifo").arg(&fifo).status()?.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("sock.md.hbs"))?;
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md.hbs"))?;
    let not_regular = |shown: &str, kind: &str| {
        format!(
            "error: {shown} is not a regular file (it is {kind}); subreg reads templates and \
             documents only from regular files\n"
        )
    };
    for (path, shown, kind) in [
        ("./pipe.md.hbs", "pipe.md.hbs", "a FIFO (named pipe)"),
        ("./sock.md.hbs", "sock.md.hbs", "a socket"),
        ("./zero.md.hbs", "zero.md.hbs", "a device"),
    ] {
        let output = subreg_bounded(dir.path(), &["render", "--template", path])?;
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            not_regular(shown, kind)
        );
        assert!(output.stdout.is_empty());
    }
    // In the templates folder: every command that loads templates.
    let inside = dir.path().join("templates/pipe.md.hbs");
    assert!(Command::new("mkfifo").arg(&inside).status()?.success());
    let before = fs::read(dir.path().join("docs/privacy-policy.md"))?;
    for args in [
        &["render", "--template", "subprocessors.md"][..],
        &["inject"],
        &["inject", "--check"],
        &["check"],
    ] {
        let output = subreg_bounded(dir.path(), args)?;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            not_regular("templates/pipe.md.hbs", "a FIFO (named pipe)"),
            "{args:?}"
        );
    }
    assert_eq!(fs::read(dir.path().join("docs/privacy-policy.md"))?, before);
    Ok(())
}

/// A document named on the command line that is a device, a socket or a
/// folder is refused the same way; a FIFO stays readable (the user's
/// explicit choice), and a registry-listed document must be a regular file.
#[test]
fn a_document_that_is_no_regular_file_is_refused() -> TestResult {
    let dir = workspace()?;
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("docs/sock.md"))?;
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("docs/zero.md"))?;
    for (path, kind) in [
        ("docs/sock.md", "a socket"),
        ("docs/zero.md", "a device"),
        ("docs", "a folder"),
    ] {
        for args in [&["inject", path][..], &["inject", "--check", path]] {
            let output = subreg_bounded(dir.path(), args)?;
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert_eq!(
                String::from_utf8_lossy(&output.stderr),
                format!(
                    "error: {path} is not a regular file (it is {kind}); subreg reads templates \
                     and documents only from regular files\n"
                ),
                "{args:?}"
            );
        }
    }
    Ok(())
}

/// A byte order mark after a template's start, or a control or direction
/// character anywhere in its text, would be copied into every row and into
/// the published policy: the template is refused at the character's line
/// and column, naming it, for `check`, `render` and `inject`; the policy is
/// untouched and the error prints no raw character.
#[test]
fn a_template_holding_an_invisible_or_control_character_is_refused_at_it() -> TestResult {
    let dir = workspace()?;
    let policy = dir.path().join("docs/privacy-policy.md");
    let before = fs::read(&policy)?;
    let template = dir.path().join("templates/subprocessors.md.hbs");
    let cases = [
        (
            "| Third Party | Purpose |\n| :--- | :--- |\n{{#each subprocessors}}\u{feff}| {{name}} |\n{{/each}}\n",
            "3:24",
            "U+FEFF BYTE ORDER MARK",
        ),
        (
            "\u{feff}| Third Party |\n| :--- |\n{{#each subprocessors}}\n| {{name}}\u{1b}[8m |\n{{/each}}\n",
            "4:11",
            "U+001B ESCAPE",
        ),
        (
            "| Third Party |\r\n| :--- |\r\n{{#each subprocessors}}| \u{202e}{{name}} |\r\n{{/each}}\r\n",
            "3:26",
            "U+202E",
        ),
        ("| a |\n|\u{0}|\n", "2:2", "U+0000 NUL"),
    ];
    for (text, at, named) in cases {
        fs::write(&template, text)?;
        for args in [&["check"][..], &["render"], &["inject"]] {
            let output = subreg(dir.path(), args)?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?} {at}: {stderr}");
            assert!(
                stderr.contains(&format!(
                    "templates/subprocessors.md.hbs:{at}: the template holds {named}"
                )),
                "{args:?}: {stderr}"
            );
            assert!(
                !stderr.contains(['\u{feff}', '\u{1b}', '\u{202e}', '\u{0}']),
                "{stderr:?}"
            );
            assert_eq!(fs::read(&policy)?, before);
        }
    }
    Ok(())
}

/// A template file that writes nothing (saved empty, or cut down to blanks
/// and comments) would empty every region naming it; as an override of a
/// built-in template it would also hide that one. Refused at its 1:1 with
/// exit 2 by `check`, `render` and `inject`, the policy untouched.
#[test]
fn an_empty_template_is_refused_and_no_region_is_emptied() -> TestResult {
    let dir = workspace()?;
    let policy = dir.path().join("docs/privacy-policy.md");
    let before = fs::read(&policy)?;
    let template = dir.path().join("templates/subprocessors.md.hbs");
    for text in [
        "",
        "\n\n",
        "\u{feff}  \r\n",
        "{{!-- the table goes here --}}\n",
    ] {
        fs::write(&template, text)?;
        for args in [&["check"][..], &["render"], &["inject"]] {
            let output = subreg(dir.path(), args)?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?} {text:?}: {stderr}");
            assert!(
                stderr.contains(
                    "templates/subprocessors.md.hbs:1:1: the template writes nothing (it holds \
                     only blanks and comments), so every region that names it would be emptied"
                ),
                "{args:?}: {stderr}"
            );
            assert_eq!(fs::read(&policy)?, before);
        }
    }
    Ok(())
}

/// The text a template writes into every document (between tags, a raw
/// block's body, a tag's string) may hold only what a registry value may:
/// a direction mark, a zero-width or other format character, a byte order
/// mark, a tag character, a line or paragraph separator, a filler or the
/// combining grapheme joiner is refused at its line and column, named, with
/// exit 2, for `check`, `render` and `inject`, the policy untouched. A tab,
/// a joiner between letters of a script that spells with it, and any of
/// these in a comment or a tag's name are accepted.
#[test]
fn a_template_writing_a_format_character_is_refused_at_it() -> TestResult {
    let dir = workspace()?;
    let policy = dir.path().join("docs/privacy-policy.md");
    let before = fs::read(&policy)?;
    let template = dir.path().join("templates/subprocessors.md.hbs");
    let original = fs::read_to_string(&template)?;
    let table = |row: &str| {
        format!(
            "| Third Party | Purpose |\n| :--- | :--- |\n{{{{#each subprocessors}}}}\n{row}\n{{{{/each}}}}\n"
        )
    };
    let cases = [
        ("\u{200e}", "U+200E LEFT-TO-RIGHT MARK"),
        ("\u{200f}", "U+200F RIGHT-TO-LEFT MARK"),
        ("\u{200b}", "U+200B ZERO WIDTH SPACE"),
        ("\u{2060}", "U+2060 WORD JOINER"),
        ("\u{ad}", "U+00AD SOFT HYPHEN"),
        ("\u{2028}", "U+2028 LINE SEPARATOR"),
        ("\u{2029}", "U+2029 PARAGRAPH SEPARATOR"),
        ("\u{e0001}", "U+E0001 LANGUAGE TAG"),
        ("\u{e0041}", "U+E0041 TAG LATIN CAPITAL LETTER A"),
        ("\u{3164}", "U+3164 HANGUL FILLER"),
        ("\u{ffa0}", "U+FFA0 HALFWIDTH HANGUL FILLER"),
        ("\u{115f}", "U+115F HANGUL CHOSEONG FILLER"),
        ("\u{34f}", "U+034F COMBINING GRAPHEME JOINER"),
        ("\u{200d}", "U+200D ZERO WIDTH JOINER"),
    ];
    for (c, named) in cases {
        // Line 4, after `| {{name}} | ` (13 characters).
        let text = table(&format!(
            "| {{{{name}}}} | {c}{{{{join purposes \", \"}}}} |"
        ));
        fs::write(&template, &text)?;
        for args in [&["check"][..], &["render"], &["inject"]] {
            let output = subreg(dir.path(), args)?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?} {named}: {stderr}");
            assert!(
                stderr.contains(&format!(
                    "templates/subprocessors.md.hbs:4:14: the template holds {named} in its text"
                )),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains(c), "{stderr:?}");
            assert_eq!(fs::read(&policy)?, before);
        }
    }
    // A string of a tag is published too: raw at the character, written
    // as an escape at the tag; a raw block's body at the character.
    for (text, at, named) in [
        (
            table("| {{name}} | {{join purposes \",\u{2060} \"}} |"),
            "4:32",
            "U+2060 WORD JOINER in its text",
        ),
        (
            table("| {{name}} |  {{join purposes \"\\u200F\"}} |"),
            "4:15",
            "U+200F RIGHT-TO-LEFT MARK in a string of this tag",
        ),
        (
            format!(
                "{{{{{{{{raw}}}}}}}}\n{{{{x}}}}\u{2029}{{{{{{{{/raw}}}}}}}}\n{}",
                table("| {{name}} |")
            ),
            "2:6",
            "U+2029 PARAGRAPH SEPARATOR in its text",
        ),
    ] {
        fs::write(&template, &text)?;
        let output = subreg(dir.path(), &["inject"])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "templates/subprocessors.md.hbs:{at}: the template holds {named}"
            )),
            "{text:?}: {stderr}"
        );
        assert_eq!(fs::read(&policy)?, before);
    }
    // Accepted: the policy is regenerated byte for byte as with the
    // shipped template.
    for text in [
        original.replace("| {{name}} |", "|\t{{name}} |"),
        original.replace("{{!--", "{{!-- \u{200b}\u{3164}"),
        format!("{{{{!\u{200e}}}}}{original}"),
        format!("{original}\u{915}\u{94d}\u{200d}\u{937}\n"),
    ] {
        fs::write(&template, &text)?;
        let output = subreg(dir.path(), &["inject", "--check"])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_ne!(output.status.code(), Some(2), "{text:?}: {stderr}");
    }
    fs::write(&template, &original)?;
    assert_eq!(
        subreg(dir.path(), &["inject", "--check"])?.status.code(),
        Some(0)
    );
    assert_eq!(fs::read(&policy)?, before);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the values, a YAML template parses (yaml-rust2) into one
    /// entry per sub-processor holding the value itself, and a
    /// reStructuredText line holds each value escaped so that undoing the
    /// escapes gives it back with its line breaks as spaces.
    #[test]
    fn yaml_and_rst_outputs_read_every_value_back(
        rows in prop::collection::vec((any_text(), prop::collection::vec(any_text(), 1..3)), 1..4),
    ) {
        let templates = Templates::new([
            ("list.yaml".to_owned(), "{{#each subprocessors}}\n- name: {{name}}\n  purposes: [{{#each purposes}}{{#unless @first}}, {{/unless}}{{this}}{{/each}}]\n{{/each}}".to_owned()),
            ("list.rst".to_owned(), "{{#each subprocessors}}\n* {{name}} -- {{join purposes \" / \"}}\n{{/each}}".to_owned()),
        ]).map_err(fail)?;
        let data = context(&rows);
        let yaml = templates.render("list.yaml", &data.clone().into()).map_err(fail)?;
        let docs = yaml_rust2::YamlLoader::load_from_str(&yaml).map_err(fail)?;
        let list = docs[0].as_vec().ok_or_else(|| fail(&yaml))?;
        prop_assert_eq!(list.len(), rows.len(), "{}", yaml);
        for (entry, (name, purposes)) in list.iter().zip(&rows) {
            prop_assert_eq!(entry["name"].as_str(), Some(name.as_str()), "{}", yaml);
            let read: Vec<&str> = entry["purposes"].as_vec().ok_or_else(|| fail(&yaml))?
                .iter().filter_map(yaml_rust2::Yaml::as_str).collect();
            prop_assert_eq!(read, purposes.iter().map(String::as_str).collect::<Vec<_>>());
        }
        let rst = templates.render("list.rst", &data.into()).map_err(fail)?;
        let lines: Vec<&str> = rst.lines().collect();
        prop_assert_eq!(lines.len(), rows.len(), "{}", rst);
        let one_line = |v: &str| v.replace("\r\n", " ").replace(['\r', '\n'], " ");
        for (line, (name, purposes)) in lines.iter().zip(&rows) {
            let expected = format!("* {} -- {}", one_line(name), one_line(&purposes.join(" / ")));
            prop_assert_eq!(subreg::render::escape::shown_rst(line), expected);
            // No unescaped inline markup character is left.
            let mut chars = line.strip_prefix("* ").unwrap_or(line).chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    chars.next();
                    continue;
                }
                prop_assert!(!"`*_|<>[]".contains(c), "{}", line);
            }
        }
    }
}
