//! Control, direction and invisible characters: refused in registry values
//! and files at the value or the character itself, and never printed raw
//! in any output format.

mod common;

use common::{
    AS_OF, EU_REGISTRY_WITH_POLICY, Fixture, HETZNER, TestResult, at, diagnostic, findings,
};

const POLICY: &str =
    "# Policy\n\n<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";

/// Values written with TOML escapes: the file is valid TOML, the values
/// are not publishable.
const ESCAPED: &str = r#"name = "Acme\u001B[2J Ltd"
country = "DE"
purposes = ["Hosting", "\u202Egnitsoh", "\u200B\u00A0"]
locations = ["DE"]
added = 2023-11-08
aliases = ["Acme\u0085", "  "]
"#;

fn fixture() -> Result<Fixture, Box<dyn std::error::Error>> {
    Fixture::new(EU_REGISTRY_WITH_POLICY)?
        .templates()?
        .doc("policy.md", POLICY)?
        .subprocessor("hetzner", HETZNER)
}

#[test]
fn control_direction_and_blank_values_are_refused_at_their_values() -> TestResult {
    let fixture = fixture()?.subprocessor("acme", ESCAPED)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/acme.toml";
    let violation = |line, column| at("SR0102", "schema-violation", "error", file, line, column);
    assert_eq!(
        findings(&report)?,
        [
            // Each caret on the character itself (its `\u` escape).
            violation(1, 13),
            violation(3, 25),
            violation(3, 41),
            violation(6, 17),
            violation(6, 26),
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`name` holds U+001B ESCAPE, a control character: it would reach the published \
             document and terminals raw",
            "`purposes[1]` holds U+202E RIGHT-TO-LEFT OVERRIDE, a direction control: it makes \
             the text around it read differently from what it holds",
            "`purposes[2]` is blank: it holds only spaces or invisible characters (such as \
             U+200B ZERO WIDTH SPACE)",
            "`aliases[0]` holds U+0085 NEXT LINE, a control character: it would reach the \
             published document and terminals raw",
            "`aliases[1]` is blank: it holds only spaces",
        ]
    );
    // inject refuses the registry and leaves the document byte for byte.
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 2, "{}", inject.stderr);
    assert_eq!(fixture.read("docs/policy.md")?, POLICY.as_bytes());
    Ok(())
}

#[test]
fn a_value_in_registry_toml_is_judged_the_same_way() -> TestResult {
    let registry = EU_REGISTRY_WITH_POLICY.replace("Acme GmbH", "Acme\\fGmbH");
    let fixture = Fixture::new(&registry)?
        .templates()?
        .doc("policy.md", POLICY)?
        .subprocessor("hetzner", HETZNER)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&report)?,
        [at(
            "SR0102",
            "schema-violation",
            "error",
            "registry/registry.toml",
            4,
            13
        )]
    );
    let d =
        diagnostic(&report, "schema-violation", "registry/registry.toml", 4).ok_or("no finding")?;
    assert_eq!(
        d["message"],
        "`organization.name` holds U+000C FORM FEED, a control character: it would reach the \
         published document and terminals raw"
    );
    Ok(())
}

#[test]
fn raw_characters_in_a_file_are_named_and_marked_where_they_are() -> TestResult {
    // A direction override in a comment (it reorders what a reviewer sees),
    // a byte order mark between two joined files, a NUL inside a string.
    let raw = "name = \"Raw Ltd\" # \u{202e}checked\ncountry = \"DE\"\n\u{feff}purposes = [\"A\0\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n";
    let fixture = fixture()?.subprocessor("raw", raw)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let file = "registry/subprocessors/raw.toml";
    let encoding = |line, column| at("SR0104", "invalid-encoding", "error", file, line, column);
    assert_eq!(
        findings(&report)?,
        [encoding(1, 20), encoding(3, 1), encoding(3, 16)]
    );
    let message =
        |line| diagnostic(&report, "invalid-encoding", file, line).map(|d| d["message"].clone());
    assert_eq!(
        message(1).ok_or("no finding on line 1")?,
        "U+202E RIGHT-TO-LEFT OVERRIDE in the file: a direction control makes the text around \
         it read differently from what it holds"
    );
    assert_eq!(
        message(3).ok_or("no finding on line 3")?,
        "U+FEFF BYTE ORDER MARK in the middle of the file: it belongs, if anywhere, only at the \
         very start (were two files joined together?)"
    );
    let nul = report["diagnostics"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|d| d["rule"] == "invalid-encoding" && d["line"] == 3 && d["column"] == 16)
        })
        .ok_or("no finding at 3:16")?;
    assert_eq!(
        nul["message"],
        "U+0000 NUL, a control character, in the file: a registry file is text, and TOML allows \
         no control character but tab and line breaks"
    );
    // The human format shows each character escaped, the caret under it.
    let human = fixture.command(&["check", "--as-of", AS_OF])?.output()?;
    let stdout = String::from_utf8(human.stdout)?;
    assert!(
        stdout.contains(
            "  --> registry/subprocessors/raw.toml:3:16\n  |\n3 | <U+FEFF>purposes = [\"A<U+0000>\"]\n  |                       ^^^^^^^^\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "1 | name = \"Raw Ltd\" # <U+202E>checked\n  |                    ^^^^^^^^\n"
        ),
        "{stdout}"
    );
    Ok(())
}

/// A control character inside a multi-line string is one finding at the
/// character: the string, which closes on its line, is not said to be
/// "never closed" because the parser stopped at the character.
#[test]
fn a_control_character_in_a_multi_line_string_is_no_unclosed_string() -> TestResult {
    for (quotes, character) in [
        ("\"\"\"", "\u{b}"),
        ("\'\'\'", "\u{1b}"),
        ("\"\"\"", "\u{7f}"),
    ] {
        let raw = format!(
            "name = {quotes}Raw{character} Ltd{quotes}\ncountry = \"DE\"\npurposes = [\"A\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n"
        );
        let fixture = fixture()?.subprocessor("raw", raw)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{quotes}{character:?}");
        assert_eq!(
            findings(&report)?,
            [at(
                "SR0104",
                "invalid-encoding",
                "error",
                "registry/subprocessors/raw.toml",
                1,
                14
            )],
            "{quotes}{character:?}"
        );
    }
    Ok(())
}

/// A document's leading byte order mark is no column and no error, but a
/// line 1 quoted in a finding shows it escaped, never as raw bytes.
#[test]
fn a_documents_leading_byte_order_mark_is_shown_escaped() -> TestResult {
    let policy = "\u{feff}<!-- subreg:begn template=subprocessors.md -->\n<!-- subreg:end -->\n";
    let fixture = fixture()?.doc("policy.md", policy)?;
    let run = fixture.run(&["check", "--as-of", AS_OF, "--color", "never"])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "  --> docs/policy.md:1:13\n  |\n1 | <U+FEFF><!-- subreg:begn template=subprocessors.md -->\n  |                     ^^^^\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{feff}'), "{}", run.stdout);
    Ok(())
}

/// The characters that render as empty space, and U+034F, which shows
/// nothing: refused in values, so never printed raw either.
const FILLERS: [char; 8] = [
    '\u{115f}', '\u{1160}', '\u{3164}', '\u{ffa0}', '\u{17b4}', '\u{17b5}', '\u{2800}', '\u{34f}',
];

/// Every byte a format printed is text: no control character but line
/// feed, no direction control, no invisible character.
fn assert_printable(format: &str, bytes: &[u8]) -> TestResult {
    let text = std::str::from_utf8(bytes)?;
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || ('\u{200b}'..='\u{200f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || c == '\u{feff}'
            || FILLERS.contains(&c)
    });
    assert_eq!(bad, None, "{format} printed {bad:?}:\n{text}");
    Ok(())
}

#[test]
fn no_format_prints_a_raw_control_character_from_data() -> TestResult {
    // A UTF-16 file (its source line is full of NULs), a file whose name
    // holds ESC, and raw and escaped characters in values and comments.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "name = \"Wide\"\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let fixture = fixture()?
        .subprocessor("acme", ESCAPED)?
        .subprocessor("wide", utf16)?
        .subprocessor("e\u{1b}[31mred", HETZNER)?
        .subprocessor("raw", "name = \"\u{7}\u{200b}\" # \u{2067}\u{b}\n")?;
    for format in ["human", "json", "github", "sarif"] {
        let output = fixture
            .command(&["check", "--as-of", AS_OF, "--format", format])?
            .output()?;
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert_printable(format, &output.stdout)?;
        assert_printable(format, &output.stderr)?;
    }
    let human = fixture.command(&["check", "--as-of", AS_OF])?.output()?;
    let stdout = String::from_utf8(human.stdout)?;
    assert!(
        stdout.contains("registry/subprocessors/e<U+001B>[31mred.toml"),
        "{stdout}"
    );
    Ok(())
}

/// Data can never start a line of the human output: the carriage return
/// of a CRLF pair in a value, and a line feed in a file name quoted by a
/// note, are escaped like every other line break (a CI log would otherwise
/// take `::error ...` at the start of a line as a workflow command).
#[test]
fn no_line_break_from_data_reaches_the_human_output() -> TestResult {
    // In the US without a mechanism: its name opens a finding.
    let crlf = HETZNER
        .replace("Hetzner Online GmbH", "A\\r\\n::error::forged")
        .replace("[\"DE\"]", "[\"US\"]");
    let fixture = fixture()?
        .subprocessor("crlf", crlf)?
        .subprocessor("hetzner-copy\n::error::forged", HETZNER)?;
    let run = fixture
        .command(&["check", "--as-of", AS_OF, "--color", "never"])?
        .output()?;
    let stdout = String::from_utf8(run.stdout)?;
    assert!(!stdout.contains('\r'), "{stdout:?}");
    assert!(
        stdout
            .lines()
            .all(|l| !l.trim_start().starts_with("::error")),
        "{stdout}"
    );
    assert!(
        stdout.contains("<U+000D><U+000A>::error::forged"),
        "{stdout}"
    );
    Ok(())
}

/// A second byte order mark right after the first is two files joined
/// together: named, at the start, not taken for the file's own mark.
#[test]
fn two_byte_order_marks_at_the_start_are_named() -> TestResult {
    let fixture = fixture()?.subprocessor("twice", format!("\u{feff}\u{feff}{HETZNER}"))?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = diagnostic(
        &report,
        "invalid-encoding",
        "registry/subprocessors/twice.toml",
        1,
    )
    .ok_or("no finding at line 1")?;
    assert_eq!(
        d["message"],
        "U+FEFF BYTE ORDER MARK twice at the start of the file: it belongs there only once (were \
         two files joined together?)"
    );
    assert_eq!(d["column"], 1);
    Ok(())
}

/// Letters that render as nothing (Hangul fillers, the blank braille
/// pattern) and marks with no letter to sit on publish an empty cell, like
/// blanks; inside a real name, combining marks are ordinary text.
#[test]
fn values_that_show_nothing_are_blank() -> TestResult {
    for (i, invisible) in [
        "\\u3164",
        "\\uFFA0\\u115F",
        "\\u2800",
        "\\u0301",
        "\\uFE0F\\u034F",
    ]
    .iter()
    .enumerate()
    {
        let text = HETZNER.replace("Hetzner Online GmbH", invisible);
        let fixture = fixture()?.subprocessor("blank", text)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{i}: {}", run.stdout);
        let d = diagnostic(
            &report,
            "schema-violation",
            "registry/subprocessors/blank.toml",
            1,
        )
        .ok_or(format!("{i}: no finding at line 1"))?;
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m
                    .starts_with("`name` is blank: it holds only spaces or invisible characters")),
            "{i}: {d}"
        );
    }
    // "Café" with a combining acute accent, and Persian with a zero-width
    // non-joiner, are names.
    for name in [
        "Cafe\\u0301 GmbH",
        "\\u0645\\u06CC\\u200C\\u062E\\u0648\\u0627\\u0647\\u0645",
    ] {
        let fixture =
            fixture()?.subprocessor("named", HETZNER.replace("Hetzner Online GmbH", name))?;
        let (_, report) = fixture.check_json(&[])?;
        let rules: Vec<String> = findings(&report)?.into_iter().map(|p| p.1).collect();
        // The policy's region is stale, as it should be: nothing else.
        assert_eq!(rules, ["document-stale"], "{name}: {report:#}");
    }
    Ok(())
}

/// Invisible characters outside values (a comment, a quoted key) are
/// `invalid-encoding` at the character, in the same run as the file's
/// other findings: a line separator that makes `removed = ...` look like a
/// line of its own, tag characters spelling a hidden word (one finding over
/// the run), a filler, a direction mark. A value error in the same file
/// is still said; a joiner in a Hindi comment is not.
#[test]
fn invisible_characters_outside_values_are_said_with_the_rest() -> TestResult {
    let acme = "name = \"Acme\"\n\
                country = \"DE\"\n\
                purposes = [\"Hosting\", 7] # to confirm\u{2028}removed = 2024-01-01\n\
                locations = [\"DE\"]\n\
                # \u{e0049}\u{e0047}\u{e004e}\u{e004f}\u{e0052}\u{e0045} \u{3164}\n\
                # \u{915}\u{94d}\u{200d}\u{937} \u{200f}x\n\
                added = 2023-11-08\n";
    let fixture = fixture()?.subprocessor("acme", acme)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/acme.toml";
    let encoding = |line, column| at("SR0104", "invalid-encoding", "error", file, line, column);
    let errors: Vec<_> = findings(&report)?
        .into_iter()
        .filter(|f| f.2 == "error")
        .collect();
    assert_eq!(
        errors,
        [
            at("SR0102", "schema-violation", "error", file, 3, 24),
            encoding(3, 39),
            encoding(5, 3),
            encoding(5, 10),
            encoding(6, 8),
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["rule"] == "invalid-encoding")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "U+2028 LINE SEPARATOR in the file: editors show it as a line break that TOML does \
             not read, so what follows it seems to be a line of its own",
            "U+E0049 TAG LATIN CAPITAL LETTER I and 5 more invisible characters right after it \
             in the file: a reviewer of the change cannot see them",
            "U+3164 HANGUL FILLER, an invisible character, in the file: a reviewer of the change \
             cannot see it",
            "U+200F RIGHT-TO-LEFT MARK in the file: a direction mark makes the text around it \
             read differently from what it holds",
        ]
    );
    Ok(())
}

/// A file that does not parse still has its invisible characters outside
/// strings named, beside its syntax errors: one in a comment, and one
/// between tokens that is the syntax error's cause.
#[test]
fn invisible_characters_are_named_beside_syntax_errors() -> TestResult {
    let acme = "name = \"Acme\" # see\u{200b}\ncountry\u{200b}= \"DE\"\n\
                purposes = [\"Hosting\"]\nlocations = [\"DE\"]\nadded = 2023-11-08\n\
                aliases = [\"\u{200b}\"]\n";
    let fixture = fixture()?.subprocessor("acme", acme)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/acme.toml";
    let encoding: Vec<_> = findings(&report)?
        .into_iter()
        .filter(|f| f.1 == "invalid-encoding")
        .collect();
    assert_eq!(
        encoding,
        [
            at("SR0104", "invalid-encoding", "error", file, 1, 20),
            at("SR0104", "invalid-encoding", "error", file, 2, 8),
        ]
    );
    let rules: Vec<String> = findings(&report)?.into_iter().map(|f| f.1).collect();
    assert!(rules.contains(&"toml-syntax".to_owned()), "{rules:?}");
    Ok(())
}

/// Invisible and format characters inside a value, escaped and raw: each
/// value refused at the character (the escape that writes it), naming it,
/// every element of a list judged; joiners doing their work are kept.
#[test]
fn invisible_characters_inside_a_value_are_refused_at_the_character() -> TestResult {
    let acme = "name = \"Ac\\u00ADme\"\n\
                country = \"DE\"\n\
                purposes = [\"Data\\u200Dhosting\", \"\\u200B\", \"Back\tups\"]\n\
                locations = [\"DE\"]\n\
                added = 2023-11-08\n\
                aliases = ['Acme\u{3164}', \"x\\U000E0041y\", \"Acme\u{2028}Ltd\"]\n\
                data_categories = [\"a\u{2062}b\", \"\u{645}\u{6cc}\u{200c}\u{62e}\", \"\u{1f468}\u{200d}\u{1f469}\"]\n";
    let fixture = fixture()?.subprocessor("acme", acme)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/acme.toml";
    let violation = |line, column| at("SR0102", "schema-violation", "error", file, line, column);
    assert_eq!(
        findings(&report)?,
        [
            violation(1, 11),
            violation(3, 18),
            violation(3, 34),
            violation(3, 49),
            violation(6, 17),
            violation(6, 23),
            violation(6, 42),
            violation(7, 22),
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["message"].as_str())
        .collect();
    let invisible = |key: &str, what: &str| {
        format!(
            "`{key}` holds {what}, an invisible character: it would be published raw, and two \
             values that look the same would differ"
        )
    };
    assert_eq!(
        messages,
        [
            invisible("name", "U+00AD SOFT HYPHEN"),
            invisible("purposes[0]", "U+200D ZERO WIDTH JOINER"),
            "`purposes[1]` is blank: it holds only spaces or invisible characters (such as \
             U+200B ZERO WIDTH SPACE)"
                .to_owned(),
            "`purposes[2]` holds U+0009 TAB in a one-line value: it would be published as a gap \
             of unknown width and break one-line outputs"
                .to_owned(),
            invisible("aliases[0]", "U+3164 HANGUL FILLER"),
            invisible("aliases[1]", "U+E0041 TAG LATIN CAPITAL LETTER A"),
            invisible("aliases[2]", "U+2028 LINE SEPARATOR"),
            invisible("data_categories[0]", "U+2062 INVISIBLE TIMES"),
        ]
    );
    // The human output draws the caret under the character, shown escaped.
    let human = fixture.run(&["check", "--as-of", AS_OF, "--color", "never"])?;
    assert!(
        human
            .stdout
            .contains("--> registry/subprocessors/acme.toml:3:49"),
        "{}",
        human.stdout
    );
    for format in ["human", "github", "json", "sarif"] {
        let output = fixture
            .command(&["check", "--as-of", AS_OF, "--format", format])?
            .output()?;
        assert_printable(format, &output.stdout)?;
    }
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 2, "{}", inject.stderr);
    assert_eq!(fixture.read("docs/policy.md")?, POLICY.as_bytes());
    Ok(())
}

/// A filler letter or U+034F in a value, a key or a file name is written
/// `<U+3164>` by every printer: the human source line (the caret under
/// the escape, not under an empty-looking gap), json, github and sarif,
/// and clap's message about a refused argument.
#[test]
fn fillers_and_the_grapheme_joiner_are_printed_escaped_everywhere() -> TestResult {
    let acme = "name = \"Acme\u{3164}\"\n\
                country = \"DE\"\n\
                purposes = [\"Hosting\"]\n\
                locations = [\"DE\"]\n\
                added = 2023-11-08\n\
                \"aliases\u{34f}\" = [\"A\"]\n";
    let fixture = fixture()?
        .subprocessor("acme", acme)?
        .subprocessor("ac\u{ffa0}me", HETZNER)?;
    let human = fixture.run(&["check", "--as-of", AS_OF, "--color", "never"])?;
    assert_eq!(human.code, 1, "{}", human.stdout);
    let stdout = &human.stdout;
    assert!(
        stdout.contains(
            "  --> registry/subprocessors/acme.toml:1:13\n  |\n1 | name = \"Acme<U+3164>\"\n  |             ^^^^^^^^"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("`aliases<U+034F>`"), "{stdout}");
    assert!(stdout.contains("ac<U+FFA0>me.toml"), "{stdout}");
    for format in ["human", "json", "github", "sarif"] {
        let output = fixture
            .command(&["check", "--as-of", AS_OF, "--format", format])?
            .output()?;
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert_printable(format, &output.stdout)?;
        assert_printable(format, &output.stderr)?;
        let text = String::from_utf8(output.stdout)?;
        assert!(text.contains("aliases<U+034F>"), "{format}: {text}");
        assert!(text.contains("ac<U+FFA0>me"), "{format}: {text}");
    }
    for args in [
        &["check", "--as-of", "2026-11-29\u{3164}"][..],
        &["check", "-D", "tia-missing\u{34f}"],
    ] {
        let output = fixture.command(args)?.output()?;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr)?;
        assert_printable("clap", stderr.as_bytes())?;
        assert!(
            stderr.contains("<U+3164>") || stderr.contains("<U+034F>"),
            "{stderr}"
        );
    }
    Ok(())
}
