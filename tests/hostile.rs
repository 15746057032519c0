//! Hostile input: every malformed or adversarial file gives a clear
//! finding at the right file:line:column, and subreg never panics (every
//! run goes through `common::run_in`, which fails on exit code 101 or a
//! "panicked" message).

mod common;

use common::{
    AS_OF, AWS, EU_REGISTRY, Fixture, HETZNER, TestResult, at, diagnostic, findings, notes,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

// ---------------------------------------------------------------- values that fight the table

/// The cells of every row (header first) of the GFM tables in `markdown`,
/// as a reader sees them, and whether any raw HTML got through.
fn table_cells(markdown: &str) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut html = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Vec::new(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => html = true,
            _ => {}
        }
    }
    (rows, html)
}

/// A name and purposes with every character that could break a Markdown
/// table row or inject markup.
const EVIL: &str = r#"name = "Pipe | Co\nLine two <script>alert(1)</script> *star* _under_ [link](https://x.test) `tick` &amp; \\ $x$ ~s~"
country = "DE"
purposes = ["A | B", "C\r\nD", "<img src=x onerror=alert(1)>"]
locations = ["DE"]
added = 2023-11-08
"#;

const EVIL_NAME: &str = "Pipe | Co Line two <script>alert(1)</script> *star* _under_ [link](https://x.test) `tick` &amp; \\ $x$ ~s~";

#[test]
fn markup_in_names_stays_text_in_the_markdown_table() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("evil", EVIL)?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;

    // The values are legal: check has nothing to say about them.
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(findings(&report)?, Vec::new());

    let run = fixture.run(&["render", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One line per row: the newlines did not split the row.
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);
    let (rows, html) = table_cells(&run.stdout);
    assert!(!html, "raw HTML reached the document:\n{}", run.stdout);
    assert_eq!(
        rows,
        vec![
            vec!["Third Party".to_owned(), "Purpose".to_owned()],
            vec![
                EVIL_NAME.to_owned(),
                "A | B, C D, <img src=x onerror=alert(1)>".to_owned()
            ],
            vec!["Hetzner Online GmbH".to_owned(), "Backups".to_owned()],
        ]
    );
    Ok(())
}

#[test]
fn markup_in_names_is_escaped_once_in_html() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("evil", EVIL)?.templates()?;
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors.html",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Line two &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("&amp;amp;"), "{}", run.stdout);
    Ok(())
}

const TEMPLATE_SYNTAX: &str = r#"name = "{{organization.name}} Ltd"
country = "DE"
purposes = ["{{name}}", "{{{name}}}", "{{#each subprocessors}}x{{/each}}"]
locations = ["DE"]
added = 2023-11-08
"#;

#[test]
fn template_syntax_in_a_value_is_printed_literally() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("curly", TEMPLATE_SYNTAX)?
        .templates()?;
    let md = fixture.run(&["render", "--as-of", AS_OF])?;
    assert_eq!(md.code, 0, "{}", md.stderr);
    // Escaped so that no `{{` reaches a Liquid pass (Jekyll) either.
    assert!(!md.stdout.contains("{{"), "{}", md.stdout);
    let (rows, _) = table_cells(&md.stdout);
    assert_eq!(
        rows.get(1),
        Some(&vec![
            "{{organization.name}} Ltd".to_owned(),
            "{{name}}, {{{name}}}, {{#each subprocessors}}x{{/each}}".to_owned()
        ])
    );

    let html = fixture.run(&[
        "render",
        "--template",
        "subprocessors.html",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout.contains(
            "<tr><td>{{organization.name}} Ltd</td><td>{{name}}, {{{name}}}, {{#each subprocessors}}x{{/each}}</td></tr>"
        ),
        "{}",
        html.stdout
    );
    assert!(!html.stdout.contains("Acme GmbH"), "{}", html.stdout);
    Ok(())
}

// ---------------------------------------------------------------- encodings and line endings

#[test]
fn a_latin1_byte_is_invalid_encoding_at_its_line() -> TestResult {
    let latin1: &[u8] =
        b"name = \"Cafe SARL\"\ncountry = \"FR\"\npurposes = [\"Caf\xe9 orders\"]\nlocations = [\"FR\"]\nadded = 2023-11-08\n";
    let fixture = Fixture::eu()?
        .subprocessor("cafe", latin1)?
        .subprocessor("hetzner", HETZNER)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0104",
            "invalid-encoding",
            "error",
            "registry/subprocessors/cafe.toml",
            3,
            17
        )]
    );
    let d = &report["diagnostics"][0];
    assert_eq!(
        d["message"],
        "the file is not UTF-8: byte 0xE9 is not valid here"
    );
    assert_eq!(
        notes(d),
        ["save the file as UTF-8 (without changing its characters); every editor offers this"]
    );
    Ok(())
}

#[test]
fn a_utf16_file_is_invalid_encoding() -> TestResult {
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "name = \"A\"\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let fixture = Fixture::eu()?.subprocessor("wide", utf16)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0104",
            "invalid-encoding",
            "error",
            "registry/subprocessors/wide.toml",
            1,
            1
        )]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "the file is UTF-16, not UTF-8"
    );
    Ok(())
}

#[test]
fn a_bom_is_accepted_and_does_not_shift_columns() -> TestResult {
    let with_bom = format!(
        "\u{feff}{}",
        HETZNER.replace("country = \"DE\"", "country = \"UK\"")
    );
    let clean_with_bom = format!("\u{feff}{}", HETZNER.replace("Hetzner", "Clean"));
    // `country` first, so the finding is on the BOM's own line.
    let first_line = "\u{feff}country = \"UK\"\nname = \"First Line Ltd\"\npurposes = [\"x\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n";
    let fixture = Fixture::eu()?
        .subprocessor("bom", with_bom)?
        .subprocessor("clean", clean_with_bom)?
        .subprocessor("first", first_line)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        findings(&report)?,
        vec![
            at(
                "SR0301",
                "unknown-country",
                "error",
                "registry/subprocessors/bom.toml",
                2,
                11
            ),
            at(
                "SR0301",
                "unknown-country",
                "error",
                "registry/subprocessors/first.toml",
                1,
                11
            ),
        ]
    );
    let human = fixture.run(&["check", "--as-of", AS_OF])?;
    assert!(
        human.stdout.contains(
            "  --> registry/subprocessors/first.toml:1:11\n  |\n1 | country = \"UK\"\n  |           ^^^^\n"
        ),
        "{}",
        human.stdout
    );
    Ok(())
}

#[test]
fn crlf_files_get_the_right_line_numbers() -> TestResult {
    let structural = "name = \"Crlf Co\"\r\ncountry = \"FR\"\r\npurposes = [\"X\"]\r\nlocations = [\"FR\"]\r\nadded = 2023-11-08\r\n\r\n[[transfers]]\r\nto = \"US\"\r\nmechanism = \"eu-us-dfp\"\r\n";
    let rule = "name = \"Crlf Rule\"\r\ncountry = \"FR\"\r\npurposes = [\"X\"]\r\nlocations = [\"FR\", \"UK\"]\r\nadded = 2023-11-08\r\n";
    let fixture = Fixture::eu()?
        .subprocessor("crlf-a", structural)?
        .subprocessor("crlf-b", rule)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/subprocessors/crlf-a.toml",
                9,
                13
            ),
            at(
                "SR0301",
                "unknown-country",
                "error",
                "registry/subprocessors/crlf-b.toml",
                4,
                20
            ),
        ]
    );
    Ok(())
}

#[test]
fn a_lone_carriage_return_is_a_syntax_error_not_a_panic() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "cr",
        "name = \"A\"\r\ncountry = \"FR\"\rpurposes = [\"x\"]\n",
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0101",
            "toml-syntax",
            "error",
            "registry/subprocessors/cr.toml",
            2,
            16
        )]
    );
    Ok(())
}

/// A file saved with lone-CR line ends (an old Mac editor) is one finding
/// at its first CR, not one per line each printing the whole file.
#[test]
fn a_file_with_lone_cr_line_ends_is_one_finding() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor("mac", HETZNER.replace('\n', "\r").repeat(40))?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0101",
            "toml-syntax",
            "error",
            "registry/subprocessors/mac.toml",
            1,
            29
        )]
    );
    let d = diagnostic(&report, "toml-syntax", "registry/subprocessors/mac.toml", 1)
        .ok_or("no finding")?;
    assert_eq!(
        d["message"],
        "this file ends its lines with a lone CR (U+000D CARRIAGE RETURN), 200 times: TOML \
         ends a line with LF or CRLF, so the whole file reads as one line"
    );
    Ok(())
}

/// Thousands of findings on one line print its source a few times and
/// list one rule's findings up to a limit: human output grows with the
/// input, not with its square; JSON lists every finding.
#[test]
fn many_findings_on_one_line_keep_the_human_output_bounded() -> TestResult {
    let keys: Vec<String> = (0..2000).map(|i| format!("k{i:04} = 1")).collect();
    let text = format!(
        "{HETZNER}transfers = [{{ to = \"DE\", mechanism = \"adequacy\", {} }}]\n",
        keys.join(", ")
    );
    let fixture = Fixture::eu()?.subprocessor("many", &text)?;
    let human = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(human.code, 1, "{}", human.stderr);
    let line_len = text.lines().map(str::len).max().unwrap_or(0);
    assert!(
        human.stdout.len() < 20 * line_len + 200 * 1000,
        "{} bytes of output for a {line_len}-byte line",
        human.stdout.len()
    );
    assert!(
        human.stdout.contains(
            "note: 1900 more unknown-key findings in registry/subprocessors/many.toml are not \
             shown here"
        ),
        "{}",
        &human.stdout[human.stdout.len().saturating_sub(2000)..]
    );
    let (_, report) = fixture.check_json(&[])?;
    let listed = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["file"] == "registry/subprocessors/many.toml")
        .count();
    assert_eq!(listed, 2000);
    Ok(())
}

// ---------------------------------------------------------------- TOML and schema faults

#[test]
fn a_duplicate_key_is_reported_at_the_second_key() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "dup",
        "name = \"Dup Co\"\ncountry = \"FR\"\npurposes = [\"X\"]\nlocations = [\"FR\"]\nadded = 2023-11-08\nname = \"Dup Again\"\n",
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0101",
            "toml-syntax",
            "error",
            "registry/subprocessors/dup.toml",
            6,
            1
        )]
    );
    Ok(())
}

#[test]
fn a_date_time_where_a_date_is_expected() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "timed",
        HETZNER.replace("added = 2023-11-08", "added = 2023-11-08T10:00:00Z"),
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let file = "registry/subprocessors/timed.toml";
    assert_eq!(
        findings(&report)?,
        vec![at("SR0102", "schema-violation", "error", file, 5, 9)]
    );
    let d = &report["diagnostics"][0];
    assert_eq!(
        d["message"],
        "\"2023-11-08T10:00:00Z\" is not a calendar date"
    );
    assert_eq!(
        notes(d),
        ["write the date as YYYY-MM-DD, unquoted, e.g. 2023-11-08 (no time of day)"]
    );
    Ok(())
}

#[test]
fn an_impossible_date_is_reported_at_its_value() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "feb",
        HETZNER.replace("added = 2023-11-08", "added = 2023-02-30"),
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0101",
            "toml-syntax",
            "error",
            "registry/subprocessors/feb.toml",
            5,
            9
        )]
    );
    Ok(())
}

#[test]
fn notice_days_must_be_a_whole_number() -> TestResult {
    for (value, message, note) in [
        (
            "30.0",
            "expected a whole number, found 30.0",
            "write a whole number without a decimal point, e.g. 30",
        ),
        (
            "\"30\"",
            "expected a whole number, found \"30\"",
            "remove the quotes: 30",
        ),
    ] {
        let registry = EU_REGISTRY.replace(
            "regimes = [\"eu-gdpr\"]\n",
            &format!("regimes = [\"eu-gdpr\"]\nnotice_days = {value}\n"),
        );
        let fixture = Fixture::new(&registry)?.subprocessor("hetzner", HETZNER)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "notice_days = {value}");
        assert_eq!(
            findings(&report)?,
            vec![at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/registry.toml",
                2,
                15
            )],
            "notice_days = {value}"
        );
        let d = &report["diagnostics"][0];
        assert_eq!(d["message"], message);
        assert_eq!(notes(d), [note], "notice_days = {value}");
    }
    Ok(())
}

#[test]

fn an_oversized_number_is_not_called_a_string() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "huge",
        "name = \"A\"\ncountry = \"FR\"\npurposes = [\"x\"]\nlocations = [\"FR\"]\nadded = 2023-11-08\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 99999999999999999999999\n",
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let d = diagnostic(
        &report,
        "schema-violation",
        "registry/subprocessors/huge.toml",
        10,
    )
    .ok_or("no finding at line 10")?;
    let message = d["message"].as_str().unwrap_or_default();
    assert!(!message.contains('"'), "{message}");
    assert!(
        !notes(d).iter().any(|n| n.contains("remove the quotes")),
        "{:?}",
        notes(d)
    );
    Ok(())
}

#[test]

fn an_empty_location_list_gets_a_location_example() -> TestResult {
    let fixture = Fixture::eu()?.subprocessor(
        "nowhere",
        HETZNER.replace("locations = [\"DE\"]", "locations = []"),
    )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let d = diagnostic(
        &report,
        "schema-violation",
        "registry/subprocessors/nowhere.toml",
        4,
    )
    .ok_or("no finding at line 4")?;
    assert_eq!(d["message"], "needs at least 1 value");
    assert!(
        !notes(d).iter().any(|n| n.contains("Data hosting")),
        "{:?}",
        notes(d)
    );
    Ok(())
}

#[test]
fn an_unknown_key_in_the_second_of_three_files() -> TestResult {
    let second = "name = \"Second GmbH\"\ncountry = \"DE\"\npurpose = [\"Mail\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n";
    let fixture = Fixture::eu()?
        .subprocessor(
            "alpha",
            HETZNER.replace("Hetzner Online GmbH", "Alpha GmbH"),
        )?
        .subprocessor("beta", second)?
        .subprocessor(
            "gamma",
            HETZNER.replace("Hetzner Online GmbH", "Gamma GmbH"),
        )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let file = "registry/subprocessors/beta.toml";
    assert_eq!(
        findings(&report)?,
        // One mistake, one finding: the missing `purposes` is the misspelt key.
        vec![at("SR0103", "unknown-key", "error", file, 3, 1),]
    );
    let unknown = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["severity"] != "note"))
        .ok_or("no finding")?;
    assert_eq!(unknown["message"], "unknown key `purpose`");
    assert_eq!(notes(unknown), ["did you mean `purposes`?"]);
    Ok(())
}

#[test]
fn an_unknown_key_inside_a_transfer_entry() -> TestResult {
    let text = "name = \"A\"\ncountry = \"US\"\npurposes = [\"x\"]\nlocations = [\"US\"]\nadded = 2023-11-08\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\n    moduel = 3\n";
    let fixture = Fixture::eu()?.subprocessor("nested", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0103",
            "unknown-key",
            "error",
            "registry/subprocessors/nested.toml",
            10,
            5
        )]
    );
    assert_eq!(notes(&report["diagnostics"][0]), ["did you mean `module`?"]);
    Ok(())
}

#[test]
fn a_missing_key_in_the_second_transfer_is_reported_at_that_entry() -> TestResult {
    let text = "name = \"A\"\ncountry = \"US\"\npurposes = [\"x\"]\nlocations = [\"US\"]\nadded = 2023-11-08\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-10-01\n\n[[transfers]]\nto = \"US\"\nmodule = 3\nsigned = 2024-01-15\n";
    let inline = "name = \"B\"\ncountry = \"US\"\npurposes = [\"x\"]\nlocations = [\"US\"]\nadded = 2023-11-08\ntransfers = [\n  { to = \"US\", mechanism = \"eu-us-dpf\", verified = 2026-10-01 },\n  { mechanism = \"eu-scc-2021\", module = 3 },\n]\n";
    let fixture = Fixture::eu()?
        .subprocessor("a-tables", text)?
        .subprocessor("b-inline", inline)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![
            at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/subprocessors/a-tables.toml",
                12,
                1
            ),
            at(
                "SR0102",
                "schema-violation",
                "error",
                "registry/subprocessors/b-inline.toml",
                8,
                3
            ),
        ]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "missing required key `mechanism`"
    );
    assert_eq!(
        report["diagnostics"][1]["message"],
        "missing required key `to`"
    );
    Ok(())
}

#[test]
fn a_transfers_table_instead_of_an_array_of_tables() -> TestResult {
    let text = "name = \"A\"\ncountry = \"US\"\npurposes = [\"x\"]\nlocations = [\"US\"]\nadded = 2023-11-08\n\n[transfers]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\n";
    let fixture = Fixture::eu()?.subprocessor("single", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0102",
            "schema-violation",
            "error",
            "registry/subprocessors/single.toml",
            7,
            1
        )]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "expected a list [ ... ], found a table"
    );
    Ok(())
}

// ---------------------------------------------------------------- countries

#[test]
fn common_country_slips_get_the_iso_code() -> TestResult {
    let text = "name = \"Slips Inc.\"\ncountry = \"USA\"\npurposes = [\"x\"]\nlocations = [\"UK\", \"EL\", \"us\"]\nadded = 2023-11-08\n";
    let fixture = Fixture::eu()?.subprocessor("slips", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let file = "registry/subprocessors/slips.toml";
    assert_eq!(
        findings(&report)?,
        vec![
            at("SR0301", "unknown-country", "error", file, 2, 11),
            at("SR0301", "unknown-country", "error", file, 4, 14),
            at("SR0301", "unknown-country", "error", file, 4, 20),
            at("SR0301", "unknown-country", "error", file, 4, 26),
        ]
    );
    let suggestions: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["severity"] != "note")
        .map(|d| {
            (
                d["message"].as_str().unwrap_or_default(),
                notes(d).first().copied().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        suggestions,
        [
            (
                "`USA` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"US\" (United States of America)?"
            ),
            (
                "`UK` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"GB\" (United Kingdom of Great Britain and Northern Ireland)?"
            ),
            (
                "`EL` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"GR\" (Greece)?"
            ),
            (
                "`us` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"US\" (United States of America)?"
            ),
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------- one run, every file

#[test]
fn every_problem_of_every_file_in_one_run() -> TestResult {
    let fixture = Fixture::eu()?
        .subprocessor("aws", AWS)?
        .subprocessor(
            "bad-encoding",
            b"name = \"Caf\xe9\"\ncountry = \"FR\"\npurposes = [\"x\"]\nlocations = [\"FR\"]\nadded = 2023-11-08\n",
        )?
        .subprocessor("bad-syntax", "name = \"Unclosed\ncountry = \"FR\"\n")?
        .subprocessor(
            "bad-values",
            "name = \"V\"\ncountry = \"FR\"\npurposes = \"x\"\nlocations = [\"FR\"]\nadded = 2023-11-08\nwebsite = \"not a url\"\n",
        )?
        .subprocessor(
            "bad-country",
            HETZNER.replace("locations = [\"DE\"]", "locations = [\"Germany\"]"),
        )?
        .subprocessor(
            "no-basis",
            "name = \"Remote Ops LLC\"\ncountry = \"US\"\npurposes = [\"x\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n",
        )?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let dir = "registry/subprocessors";
    assert_eq!(
        findings(&report)?,
        vec![
            at(
                "SR0211",
                "transfer-at-risk",
                "warning",
                &format!("{dir}/aws.toml"),
                9,
                13
            ),
            at(
                "SR0301",
                "unknown-country",
                "error",
                &format!("{dir}/bad-country.toml"),
                4,
                14
            ),
            at(
                "SR0104",
                "invalid-encoding",
                "error",
                &format!("{dir}/bad-encoding.toml"),
                1,
                12
            ),
            at(
                "SR0101",
                "toml-syntax",
                "error",
                &format!("{dir}/bad-syntax.toml"),
                1,
                17
            ),
            at(
                "SR0102",
                "schema-violation",
                "error",
                &format!("{dir}/bad-values.toml"),
                3,
                12
            ),
            at(
                "SR0102",
                "schema-violation",
                "error",
                &format!("{dir}/bad-values.toml"),
                6,
                11
            ),
            at(
                "SR0201",
                "transfer-without-mechanism",
                "error",
                &format!("{dir}/no-basis.toml"),
                2,
                11
            ),
        ]
    );
    assert_eq!(report["errors"], 6);
    assert_eq!(report["warnings"], 1);
    let country = diagnostic(
        &report,
        "unknown-country",
        &format!("{dir}/bad-country.toml"),
        4,
    )
    .ok_or("no unknown-country")?;
    assert_eq!(notes(country)[0], "did you mean \"DE\" (Germany)?");
    let no_basis = diagnostic(
        &report,
        "transfer-without-mechanism",
        &format!("{dir}/no-basis.toml"),
        2,
    )
    .ok_or("no transfer-without-mechanism")?;
    assert_eq!(
        notes(no_basis)[0],
        "the entity is established in US: making the data available to it is a transfer even when they are stored elsewhere"
    );
    Ok(())
}

// ---------------------------------------------------------------- garbage never panics

#[test]
fn garbage_files_give_findings_not_panics() -> TestResult {
    let deep = format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let long_line = format!("name = \"{}\"\n", "A".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, u64)> = vec![
        ("empty", Vec::new(), 1),
        ("nul", b"\x00\x01\x02garbage[[[".to_vec(), 1),
        ("deep", deep.into_bytes(), 1),
        ("long", long_line.into_bytes(), 1),
        ("only-bom", b"\xEF\xBB\xBF".to_vec(), 1),
        ("truncated-utf8", b"name = \"\xE2\x82".to_vec(), 1),
        ("array-of-arrays", b"[[[x]]]\n".to_vec(), 1),
        ("negative-module", b"name = \"A\"\ncountry = \"FR\"\npurposes = [\"x\"]\nlocations = [\"FR\"]\nadded = 2023-11-08\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = -1\n".to_vec(), 9),
    ];
    let mut fixture = Fixture::eu()?;
    for (id, bytes, _) in &cases {
        fixture = fixture.subprocessor(id, bytes)?;
    }
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    for (id, _, line) in &cases {
        let file = format!("registry/subprocessors/{id}.toml");
        let first = findings(&report)?
            .into_iter()
            .find(|p| p.3 == file)
            .ok_or(format!("no finding for {file}"))?;
        assert_eq!(
            (first.2.as_str(), first.4),
            ("error", *line),
            "{file}: {first:?}"
        );
    }
    // The human printer copes too (long lines, control characters).
    let human = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(human.code, 1);
    Ok(())
}

#[test]
fn odd_registry_layouts_are_errors_not_panics() -> TestResult {
    // A hidden file is skipped (editors leave them).
    let fixture = Fixture::eu()?.subprocessor("hetzner", HETZNER)?;
    fixture.write("registry/subprocessors/.hidden.toml", "not = [toml")?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(findings(&report)?, Vec::new());

    // A folder named like a sub-processor file is no sub-processor: said, not skipped.
    std::fs::create_dir_all(fixture.path().join("registry/subprocessors/folder.toml"))?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("registry/subprocessors/folder.toml is a directory, not a file"),
        "{}",
        run.stderr
    );

    // An upper-case file name is not a valid id.
    let fixture = Fixture::eu()?.subprocessor("Hetzner_Online", HETZNER)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        vec![at(
            "SR0105",
            "invalid-id",
            "error",
            "registry/subprocessors/Hetzner_Online.toml",
            1,
            1
        )]
    );
    assert_eq!(
        notes(&report["diagnostics"][0]),
        ["rename the file to hetzner-online.toml"]
    );

    // registry.toml that is a folder.
    let fixture = Fixture::eu()?;
    std::fs::remove_file(fixture.path().join("registry/registry.toml"))?;
    std::fs::create_dir_all(fixture.path().join("registry/registry.toml"))?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    Ok(())
}

#[test]

fn a_missing_document_is_called_a_document() -> TestResult {
    let registry = format!("{EU_REGISTRY}\n[[documents]]\npath = \"../docs/missing.md\"\n");
    let fixture = Fixture::new(&registry)?
        .subprocessor("hetzner", HETZNER)?
        .templates()?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("templates"), "{}", run.stderr);
    Ok(())
}

// ---------------------------------------------------------------- implausible dates

#[test]

fn a_verification_after_the_as_of_date_does_not_count() -> TestResult {
    // `2062` for `2026`: a typo that would silently pass for 36 years; and
    // an audit `--as-of` a past day cannot rely on a later verification.
    let typo = common::AWS.replace("verified = 2026-10-01", "verified = 2062-10-01");
    let fixture = Fixture::eu()?.subprocessor("aws", typo)?;
    let (_, report) = fixture.check_json(&[])?;
    // The check did not exist on the day judged: the entry is no basis
    // then (Decision (EU) 2023/1795 covers organisations on the DPF List on
    // the day of the transfer), and the destination has none.
    assert!(
        findings(&report)?
            .iter()
            .any(|p| p.1 == "transfer-without-mechanism"),
        "{report:#}"
    );
    let (_, audit) = Fixture::eu()?
        .subprocessor("aws", AWS)?
        .check_json_on("2024-06-01", &[])?;
    assert!(
        findings(&audit)?
            .iter()
            .any(|p| p.1 == "transfer-without-mechanism"),
        "{audit:#}"
    );
    Ok(())
}

#[test]

fn scc_2021_signed_before_they_existed_is_not_a_basis() -> TestResult {
    let text = "name = \"Newsletter Inc.\"\ncountry = \"US\"\npurposes = [\"Newsletters\"]\nlocations = [\"US\"]\nadded = 2018-01-10\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2019-05-01\ntia = 2019-04-20\n";
    let fixture = Fixture::eu()?.subprocessor("newsletter", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{report:#}");
    assert!(
        findings(&report)?.iter().any(|p| p.2 == "error"),
        "{report:#}"
    );
    Ok(())
}

#[test]
fn an_empty_purpose_is_a_schema_violation() -> TestResult {
    // Real lists have rows with no service text; the table must not publish
    // an empty Purpose cell.
    let fixture =
        Fixture::eu()?.subprocessor("blank", HETZNER.replace("[\"Backups\"]", "[\"\"]"))?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let d = diagnostic(
        &report,
        "schema-violation",
        "registry/subprocessors/blank.toml",
        3,
    )
    .ok_or("no finding at line 3")?;
    assert_eq!(d["message"], "must not be empty");
    Ok(())
}

/// Periods a file may state (a registry's `notice_days`, up to ten years;
/// a knowledge record's `tia_valid_months`, up to u32::MAX, which a pull
/// request can add) may run past the calendar: the check ends, no panic,
/// the promise said in days and its fix in `notice_days` rather than a
/// date in year 9999.
#[test]
fn periods_past_the_calendar_are_judged_without_a_panic() -> TestResult {
    // A period longer than ten years is refused as a typo, in words.
    let registry = EU_REGISTRY.replace(
        "regimes = [\"eu-gdpr\"]",
        "notice_days = 4294967295\nregimes = [\"eu-gdpr\"]",
    );
    let (run, report) = Fixture::new(&registry)?.check_json(&[])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "4294967295 is out of range: a whole number of days from 0 to 3,653 is expected here"
    );
    let registry = EU_REGISTRY.replace(
        "regimes = [\"eu-gdpr\"]",
        "notice_days = 3653\nregimes = [\"eu-gdpr\"]",
    );
    let hetzner = HETZNER.replace(
        "added = 2023-11-08",
        "added = 9999-05-31\neffective = 9999-06-01",
    );
    let fixture = Fixture::new(&registry)?.subprocessor("hetzner", hetzner)?;
    let (run, report) = fixture.check_json_on("9999-06-02", &[])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let notice = diagnostic(
        &report,
        "notice-period-too-short",
        "registry/subprocessors/hetzner.toml",
        6,
    )
    .ok_or("no notice-period-too-short")?;
    assert_eq!(
        notice["message"],
        "Hetzner Online GmbH: 1 day of notice (added 9999-05-31, effective 9999-06-01), but the \
         registry promises 3653 days"
    );
    assert_eq!(
        notes(notice),
        [
            "the promised notice runs past 9999-12-31: set `notice_days` in registry.toml to the \
          notice the data processing agreement promises"
        ]
    );

    let knowledge = "[[mechanisms]]\nid = \"eu-scc-2021\"\nmechanism = \"eu-scc-2021\"\n\
                     regime = \"eu-gdpr\"\nreference = \"TEST FIXTURE\"\navailable_from = 2021-06-27\n\
                     needs_tia = true\ntia_valid_months = 4294967295\nverification = \"verified\"\n\
                     sources = [\"test fixture\"]\nchecked = 2026-11-01\n";
    let acme = "name = \"Acme Inc.\"\ncountry = \"US\"\npurposes = [\"Hosting\"]\n\
                locations = [\"US\"]\nadded = 2023-11-08\n\n[[transfers]]\nto = \"US\"\n\
                mechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2023-01-01\ntia = 2023-01-01\n";
    let fixture = Fixture::eu()?.subprocessor("acme", acme)?;
    fixture.write("registry/knowledge.toml", knowledge)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(rules, ["stale-knowledge", "transfer-lawful"], "{report:#}");
    Ok(())
}
