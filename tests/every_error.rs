//! Every error of a file in one run, ordered by position, in plain words:
//! no keyword of JSON Schema (`anyOf`), no Rust type (`u32`, `i128`).

mod common;

use common::{EU_REGISTRY, Fixture, TestResult};
use serde_json::Value;

/// (file, line, column, message) of every error, in the order printed.
fn errors(report: &Value) -> Vec<(String, u64, u64, String)> {
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
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Type errors of every kind the two stages (schema, then the types JSON
/// cannot tell apart) find, keys out of alphabetical order on purpose.
const MIXED: &str = r#"removed = 2025-02-03T04:05:06
name = 1970-01-01
country = "DE"
purposes = ["x"]
locations = ["DE"]
added = 2023-11-08
effective = 2024-05-06 07:08:09

[[transfers]]
to = "US"
mechanism = "eu-scc-2021"
module = 2.0
signed = "yesterday"
tia = 2023-01-01T10:00:00+02:00

[[transfers]]
to = "US"
mechanism = "eu-scc-2021"
module = 0x7FFFFFFFFFFFFFFFFF
signed = 2023-01-01
"#;

#[test]
fn all_type_errors_of_a_file_arrive_in_one_run_by_position() -> TestResult {
    let registry = EU_REGISTRY.replace(
        "regimes = [\"eu-gdpr\"]",
        "regimes = [\"eu-gdpr\"]\nnotice_days = 1e1",
    ) + "\n[[documents]]\npath = 2024-01-01\n";
    let fixture = Fixture::new(&registry)?.subprocessor("mixed", MIXED)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/mixed.toml";
    let at = |file: &str, line, column, message: &str| {
        (file.to_owned(), line, column, message.to_owned())
    };
    let date = |found: &str| format!("\"{found}\" is not a calendar date");
    assert_eq!(
        errors(&report),
        [
            at(
                "registry/registry.toml",
                2,
                15,
                "expected a whole number, found 1e1"
            ),
            at(
                "registry/registry.toml",
                10,
                8,
                "expected text, found the date or time 2024-01-01"
            ),
            at(file, 1, 11, &date("2025-02-03T04:05:06")),
            at(
                file,
                2,
                8,
                "expected text, found the date or time 1970-01-01"
            ),
            // TOML's own spelling of the date-time, with its `T`.
            at(file, 7, 13, &date("2024-05-06T07:08:09")),
            at(file, 12, 10, "expected a whole number, found 2.0"),
            at(
                file,
                13,
                10,
                "expected a calendar date without quotes, found the text \"yesterday\"",
            ),
            at(file, 14, 7, &date("2023-01-01T10:00:00+02:00")),
            at(
                file,
                19,
                10,
                "0x7FFFFFFFFFFFFFFFFF is out of range: a whole number from 1 to 4 is expected \
                 here"
            ),
        ]
    );
    let text = serde_json::to_string(&report)?;
    for jargon in ["anyOf", "oneOf", "u32", "u8", "i128", "i64", "invalid type"] {
        assert!(!text.contains(jargon), "`{jargon}` in {text}");
    }
    Ok(())
}

#[test]
fn integers_out_of_their_type_say_the_range_in_words() -> TestResult {
    for (value, message) in [
        (
            "4294967296",
            "4294967296 is out of range: a whole number of days from 0 to 3,653 is expected here",
        ),
        (
            "-1",
            "-1 is out of range: a whole number of days from 0 to 3,653 is expected here",
        ),
        // Ten years at most: a longer notice period is a typo.
        (
            "3654",
            "3654 is out of range: a whole number of days from 0 to 3,653 is expected here",
        ),
        (
            "170141183460469231731687303715884105728",
            "170141183460469231731687303715884105728 is out of range: a whole number of days \
             from 0 to 3,653 is expected here",
        ),
    ] {
        let registry = EU_REGISTRY.replace(
            "regimes = [\"eu-gdpr\"]",
            &format!("regimes = [\"eu-gdpr\"]\nnotice_days = {value}"),
        );
        let fixture = Fixture::new(&registry)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{value}: {}", run.stdout);
        assert_eq!(
            errors(&report),
            [(
                "registry/registry.toml".to_owned(),
                2,
                15,
                message.to_owned()
            )],
            "{value}"
        );
    }
    Ok(())
}

/// `nan`, `inf`, `-inf` and numbers too large for a float (`1e999`)
/// wherever a registry expects something else: in words for the field's
/// type, every one in one run, by position, keys out of order on purpose.
#[test]
fn numbers_json_cannot_hold_are_all_said_in_one_run_in_words() -> TestResult {
    let registry = EU_REGISTRY
        .replace(
            "regimes = [\"eu-gdpr\"]",
            "regimes = [\"eu-gdpr\"]\nnotice_days = nan",
        )
        .replace("name = \"Acme GmbH\"", "name = -inf");
    let subprocessor = "purposes = [\"x\", +inf]\nname = \"A\"\ncountry = \"DE\"\n\
                        locations = [\"DE\"]\nadded = 1e999\n\n[[transfers]]\nto = \"US\"\n\
                        mechanism = \"eu-scc-2021\"\nmodule = inf\nsigned = 2023-01-01\n";
    let fixture = Fixture::new(&registry)?.subprocessor("odd", subprocessor)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/odd.toml";
    let at = |file: &str, line, column, message: &str| {
        (file.to_owned(), line, column, message.to_owned())
    };
    let reg = "registry/registry.toml";
    assert_eq!(
        errors(&report),
        [
            at(
                reg,
                2,
                15,
                "expected a whole number of days from 0 to 3,653, found nan, which is \
                 not a number"
            ),
            at(reg, 5, 8, "expected text, found -inf, which is infinite"),
            at(file, 1, 18, "expected text, found +inf, which is infinite"),
            at(
                file,
                5,
                9,
                "expected a calendar date, found 1e999, which is too large to be a number"
            ),
            at(
                file,
                10,
                10,
                "expected a whole number from 1 to 4, found inf, which is infinite"
            ),
        ]
    );
    let text = serde_json::to_string(&report)?;
    for jargon in [
        "f64",
        "u32",
        "u8",
        "remove the quotes",
        "\"nan\"",
        "\"inf\"",
    ] {
        assert!(!text.contains(jargon), "`{jargon}` in {text}");
    }
    Ok(())
}

#[test]
fn a_header_nested_too_deeply_is_reported_once_at_its_line() -> TestResult {
    // Deeper than the TOML parser itself goes, after a valid start.
    let deep: Vec<String> = (0..300).map(|i| format!("k{i}")).collect();
    let text = format!(
        "name = \"A\"\ncountry = \"DE\"\n\n# a comment with [[[ brackets\n[{}]\nx = 1\n\n[{}]\ny = 2\n",
        deep.join("."),
        deep.join(".")
    );
    let fixture = Fixture::eu()?.subprocessor("deep", &text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        errors(&report),
        [(
            "registry/subprocessors/deep.toml".to_owned(),
            5,
            1,
            "values nested more than 32 tables or lists deep, too deep for the TOML parser"
                .to_owned()
        )]
    );
    Ok(())
}

/// An unclosed array or inline table: the parser gives up lines later,
/// once per level; it is one finding, at the bracket that opens it, and the
/// file's other syntax errors stay.
#[test]
fn an_unclosed_value_is_reported_once_at_its_opening() -> TestResult {
    for (value, column, message) in [
        ("[[[[[", 12, "unclosed array, expected `]`"),
        (
            "[\"x\", {a = [1, {b = 2",
            12,
            "unclosed array, expected `]`",
        ),
        ("{a = [[[", 12, "unclosed inline table, expected `}`"),
    ] {
        let text = format!(
            "name = \"A\"\nname = \"B\"\ncountry = \"DE\"\npurposes = {value}\nlocations = [\"DE\"]\n\
             added = 2023-11-08\n"
        );
        let fixture = Fixture::eu()?.subprocessor("open", &text)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        let file = "registry/subprocessors/open.toml".to_owned();
        assert_eq!(
            errors(&report),
            [
                (file.clone(), 2, 1, "duplicate key `name`".to_owned()),
                (file.clone(), 4, column, message.to_owned()),
            ],
            "{value}"
        );
    }
    Ok(())
}

/// Brackets inside a multi-line string (basic or literal, closed with
/// extra quotes) are text: an unclosed array after it is still found at
/// its own opening bracket, not at a `[` of the string's lines.
#[test]
fn brackets_inside_a_multi_line_string_are_no_opening() -> TestResult {
    for (quotes, two) in [("\"\"\"", "\"\""), ("\'\'\'", "\'\'")] {
        let text = format!(
            "name = \"A\"\naliases = [{quotes}\nsee [the list {{x\n{quotes}{two}]\n\
             purposes = [\"Hosting\"\ncountry = \"DE\"\nlocations = [\"DE\"]\nadded = 2023-11-08\n"
        );
        let fixture = Fixture::eu()?.subprocessor("open", &text)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        let file = "registry/subprocessors/open.toml".to_owned();
        assert_eq!(
            errors(&report).first(),
            Some(&(file, 5, 12, "unclosed array, expected `]`".to_owned())),
            "{text}"
        );
    }
    Ok(())
}

/// A multi-line string that never closes runs to the end of the file,
/// where the parser gives up: it is one finding at its opening `"""` or
/// `'''`, and the syntax errors before it stay. A string closed on a
/// later line, or quotes inside a comment or a one-line string, are no
/// opening.
#[test]
fn an_unclosed_multi_line_string_is_reported_at_its_opening() -> TestResult {
    for (value, quotes) in [("\"\"\"", "\"\"\""), ("'''", "'''")] {
        let text = format!(
            "name = \"A\"\nname = \"B\" # \"\"\" '''\ncountry = \"\\\"'''\"\n\
             aliases = \"\"\"x\n\"\"\"\"\npurposes = {value}Hosting\"]\nlocations = [\"DE\"]\n\
             added = 2023-11-08\n"
        );
        let fixture = Fixture::eu()?.subprocessor("open", &text)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        let file = "registry/subprocessors/open.toml".to_owned();
        assert_eq!(
            errors(&report),
            [
                (file.clone(), 2, 1, "duplicate key `name`".to_owned()),
                (
                    file.clone(),
                    6,
                    12,
                    format!("this multi-line string is never closed: no `{quotes}` after it")
                ),
            ],
            "{text}"
        );
    }
    Ok(())
}

/// A value nested deeper than subreg reads (33 levels, within what the
/// TOML parser accepts) is cut out of the file before the schema and the
/// types are judged: it is one finding at the bracket that goes too deep,
/// and the file's other errors, before and after it, still arrive.
#[test]
fn a_value_nested_too_deeply_does_not_hide_the_other_errors() -> TestResult {
    let list = format!("{}\"x\"{}", "[".repeat(33), "]".repeat(33));
    let table = format!("{}1{}", "{a = ".repeat(33), "}".repeat(33));
    let text = format!(
        "name = \"A\"\ncountry = 1\npurposes = {list}\nlocations = [\"DE\"]\nadded = 2023-11-08\n\
         colour = \"red\"\n\n[[transfers]]\nto = {table}\n\n[[transfers]]\nto = \"US\"\n\
         mechanism = \"eu-scc-2021\"\nmodule = 2.0\n"
    );
    let fixture = Fixture::eu()?.subprocessor("deep", &text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/deep.toml";
    let at = |line, column, message: &str| (file.to_owned(), line, column, message.to_owned());
    let deep = "values nested more than 32 tables or lists deep";
    assert_eq!(
        errors(&report),
        [
            at(2, 11, "expected a string, found 1"),
            at(3, 44, deep),
            at(6, 1, "unknown key `colour`"),
            at(8, 1, "missing required key `mechanism`"),
            // `to` is 3 levels deep: its 31st `{` opens level 33.
            at(9, 156, deep),
            at(14, 10, "expected a whole number, found 2.0"),
        ]
    );
    Ok(())
}

/// The README's dates are unquoted TOML dates: a quoted one is refused at
/// its value with the fix; a date where a number belongs is said to be a
/// date, never quoted as if it were text.
#[test]
fn quoted_dates_are_refused_and_dates_for_numbers_are_named_dates() -> TestResult {
    let registry = EU_REGISTRY.replace("regimes", "notice_days = 1979-05-27\nregimes");
    let acme = "name = \"Acme GmbH\"\n\
                country = \"US\"\n\
                purposes = [\"Hosting\"]\n\
                locations = [\"US\"]\n\
                added = \"2023-11-08\"\n\
                \n\
                [[transfers]]\n\
                to = \"US\"\n\
                mechanism = \"eu-scc-2021\"\n\
                module = 2023-11-08\n\
                signed = \"2023-11-08\"\n\
                \n\
                [[transfers]]\n\
                to = \"US\"\n\
                mechanism = \"eu-us-dpf\"\n\
                verified = \"2026-12-01\"\n";
    let fixture = Fixture::new(&registry)?.subprocessor("acme", acme)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let sp = "registry/subprocessors/acme.toml";
    let quoted = |line, column, text: &str| {
        (
            sp.to_owned(),
            line,
            column,
            format!("expected a calendar date without quotes, found the text \"{text}\""),
        )
    };
    assert_eq!(
        errors(&report),
        [
            (
                "registry/registry.toml".to_owned(),
                1,
                15,
                "expected a whole number of days from 0 to 3,653, found the date or time \
                 1979-05-27"
                    .to_owned()
            ),
            quoted(5, 9, "2023-11-08"),
            (
                sp.to_owned(),
                10,
                10,
                "expected a whole number from 1 to 4, found the date or time 2023-11-08".to_owned()
            ),
            quoted(11, 10, "2023-11-08"),
            quoted(16, 12, "2026-12-01"),
        ]
    );
    let notes: Vec<&str> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["file"] == sp && d["line"] == 5)
        .filter_map(|d| d["notes"][0].as_str())
        .collect();
    assert_eq!(notes, ["write it unquoted: added = 2023-11-08"]);
    Ok(())
}

/// A website is published as a link: only an http or https address is
/// accepted, so a registry value cannot publish a `javascript:` or `data:`
/// link; each is said at the value, in words.
#[test]
fn a_website_is_an_http_or_https_address() -> TestResult {
    for (website, refused) in [
        ("javascript:alert(1)", true),
        ("data:text/html,x", true),
        ("ftp://vendor.example", true),
        // A host that is no host, a user name that hides the real host,
        // a port out of range, a blank.
        ("https://", true),
        ("http:///x", true),
        ("https://a..com", true),
        ("https://-a.com", true),
        ("https://aws.amazon.com@evil.example/", true),
        ("http://vendor.example:99999/", true),
        ("https://vendor.example", false),
        ("HTTP://vendor.example/dpa", false),
        ("https://vendor.example:8443/dpa?lang=en#s2", false),
        ("https://vendor.example./legal@team", false),
    ] {
        let text = format!(
            "name = \"A\"\ncountry = \"US\"\npurposes = [\"Hosting\"]\nlocations = [\"US\"]\n\
             added = 2023-11-08\nwebsite = \"{website}\"\n"
        );
        let fixture = Fixture::eu()?.subprocessor("site", &text)?;
        let (_, report) = fixture.check_json(&[])?;
        let found: Vec<_> = errors(&report)
            .into_iter()
            .filter(|(_, line, _, _)| *line == 6)
            .collect();
        let expected = if refused {
            vec![(
                "registry/subprocessors/site.toml".to_owned(),
                6,
                11,
                format!("\"{website}\" is not an http or https address"),
            )]
        } else {
            vec![]
        };
        assert_eq!(found, expected, "{website}");
    }
    Ok(())
}

/// `[rules]` names are judged from the TOML even when the file fails its
/// schema: a level written `"Allow"`, an unknown rule and a misspelt one
/// are three findings of one run, in file order, each at its key or value.
/// A rule name that is right gives nothing, whatever its level.
#[test]
fn rule_names_and_levels_are_said_in_one_run() -> TestResult {
    let registry = format!(
        "{EU_REGISTRY}\n[rules]\nnope = \"deny\"\ntia-missing = \"Allow\"\n\
         tia-misssing = \"warn\"\n\"transfer-lawful\" = \"allow\"\n"
    );
    let fixture = Fixture::new(&registry)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/registry.toml".to_owned();
    assert_eq!(
        errors(&report),
        [
            (
                file.clone(),
                9,
                1,
                "unknown rule `nope`; `subreg explain --list` lists every rule".to_owned()
            ),
            (
                file.clone(),
                10,
                15,
                "\"Allow\" is not an accepted value here".to_owned()
            ),
            (
                file,
                11,
                1,
                "unknown rule `tia-misssing`; did you mean `tia-missing`?".to_owned()
            ),
        ]
    );
    Ok(())
}

/// A transfer entry that ends before it was signed is a `date-order`
/// error at its `ended`, naming both dates, beside the file's other date
/// checks.
#[test]
fn a_contract_ended_before_it_was_signed_is_a_date_order_error() -> TestResult {
    let text = "name = \"Acme\"\ncountry = \"IN\"\npurposes = [\"Hosting\"]\nlocations = [\"IN\"]\n\
                added = 2024-01-01\n\n[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\n\
                module = 3\nsigned = 2024-05-01\ntia = 2024-04-20\nended = 2024-03-01\n";
    let fixture = Fixture::eu()?.subprocessor("acme", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/acme.toml".to_owned();
    assert!(
        errors(&report).contains(&(
            file,
            13,
            9,
            "`ended` (2024-03-01) is before `signed` (2024-05-01)".to_owned()
        )),
        "{:#?}",
        errors(&report)
    );
    Ok(())
}

/// A control or direction character stops the file's parse where it
/// stands; the syntax errors before it are still said beside it.
#[test]
fn syntax_errors_before_a_control_character_still_arrive() -> TestResult {
    let text = "name = \"A\"\n[[[\ncountry = \"DE\" # ok\u{202e}\n";
    let fixture = Fixture::eu()?.subprocessor("mixed", text)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found: Vec<(u64, u64)> = errors(&report)
        .into_iter()
        .map(|(_, line, column, _)| (line, column))
        .collect();
    assert_eq!(found.first(), Some(&(2, 3)), "{found:?}");
    assert_eq!(found.last(), Some(&(3, 20)), "{found:?}");
    Ok(())
}
