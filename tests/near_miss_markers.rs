//! Lines that look like markers but are not, and rendered output that would
//! break the markers: each reported where it is, blaming the registry value
//! when data caused it; the document untouched.

mod common;

use common::{AS_OF, EU_REGISTRY_WITH_POLICY, Fixture, HETZNER, TestResult};
use serde_json::Value;

/// (line, column, message) of every `marker-error` about docs/policy.md.
fn marker_errors(report: &Value) -> Vec<(u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "marker-error" && d["file"] == "docs/policy.md")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The note of the first `marker-error` that says where the blamed value
/// is.
fn blame_note(report: &Value) -> String {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["rule"] == "marker-error")
        .and_then(|d| d["notes"][1].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// `inject` refuses (exit 1) and leaves docs/policy.md as `policy`.
fn assert_refused_untouched(fixture: &Fixture, policy: &str) -> TestResult {
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    Ok(())
}

fn fixture(policy: &str) -> Result<Fixture, common::Error> {
    Fixture::new(EU_REGISTRY_WITH_POLICY)?
        .templates()?
        .doc("policy.md", policy)?
        .subprocessor("hetzner", HETZNER)
}

#[test]
fn near_miss_markers_are_reported_at_their_lines_with_what_differs() -> TestResult {
    let policy = "# Policy\n\n\
        <!--- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n\
        <!-- Subreg:Begin template=subprocessors.md -->\nold\n<!-- subreg:end --  >\n\n  \
        \u{2060}<!-- subreg: begin template=subprocessors.md -->\nold\n<! -- subreg end -->\n";
    let fixture = fixture(policy)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    assert_eq!(
        marker_errors(&report),
        [
            (
                3,
                1,
                miss("it opens with `<!---`, not `<!--`; write `<!-- subreg:begin`")
            ),
            (
                7,
                6,
                miss("`Subreg:Begin` is not lower case; write `subreg:begin`")
            ),
            (
                9,
                17,
                miss("it closes with `--  >`, not `-->`; write `-->` without blanks")
            ),
            (
                11,
                3,
                miss(
                    "it starts with U+2060 WORD JOINER, an invisible character; delete it; also, \
                     `subreg: begin` has a blank around the colon; write `subreg:begin`"
                )
            ),
            (
                13,
                1,
                miss(
                    "it opens with `<! --`, not `<!--`; write `<!-- subreg:end`; also, \
                     `subreg end` has no colon; write `subreg:end`"
                )
            ),
        ]
    );
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    Ok(())
}

/// Every kind of near miss the general comparison knows, each at its own
/// line and column, none blamed on its partner or on line 1, and the
/// document left byte for byte as it was.
#[test]
fn near_misses_of_every_kind_are_reported_where_they_are() -> TestResult {
    let policy = "# Policy\n\n\
        Our list: <!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n\
        <!\u{2014} subreg:begin template=subprocessors.md \u{2014}>\nold\n<!-- subreg:end -->\n\n\
        \u{ff1c}!\u{2013}\u{2013} subreg:begin template=subprocessors.md -->\nold\n\
        <!-- subreg:end -->\n\n\
        <!-- subrge:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n\
        <!-- \u{0455}ubreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n\
        > <!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n\
        <!-- subreg:begin template=subprocessors.md -->\nold\n  - <!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    assert_eq!(
        marker_errors(&report),
        [
            // Each at the column where the line stops being a marker: the
            // text or prefix before it, after the blanks a marker may have,
            // or its first odd character when nothing stands before it.
            (
                3,
                1,
                miss(
                    "it follows `Our list:` on the same line, and a marker must be a line of its \
                     own; move `Our list:` to the line above"
                )
            ),
            (
                7,
                3,
                miss("the dashes are U+2014 EM DASH, not `-` (U+002D HYPHEN-MINUS); write `--`")
            ),
            (
                11,
                1,
                miss(
                    "`\u{ff1c}` is U+FF1C FULLWIDTH LESS-THAN SIGN, which looks like `<`; write \
                     `<`; also, the dashes are U+2013 EN DASH, not `-` (U+002D HYPHEN-MINUS); \
                     write `--`"
                )
            ),
            (15, 6, miss("`subrge` is misspelt; write `subreg`")),
            (
                19,
                6,
                miss(
                    "`\u{0455}` is U+0455 CYRILLIC SMALL LETTER DZE, which looks like `s`; write \
                     `s`"
                )
            ),
            (
                23,
                1,
                miss(
                    "it is inside a block quote (`>`), where subreg does not read markers; \
                     remove `>` so that the marker starts its line"
                )
            ),
            (
                29,
                3,
                miss(
                    "it is inside a list item (`-`), where subreg does not read markers; remove \
                     `-` so that the marker starts its line"
                )
            ),
        ]
    );
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    Ok(())
}

/// Old Mac line ends: the whole document is one line to subreg, and each
/// marker in it is said where it is, with the line an editor shows.
#[test]
fn markers_after_lone_crs_are_reported_each_at_its_place() -> TestResult {
    let policy = "# Policy\r\r<!-- subreg:begin template=subprocessors.md -->\rold\r\
                  <!-- subreg:end -->\r";
    let fixture = fixture(policy)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let cr = |line: usize| {
        format!(
            "this line looks like a subreg marker but is not one: this document ends its lines \
             with a lone CR (U+000D CARRIAGE RETURN), which subreg does not read as a line end, \
             so the marker (line {line} in an editor) is not on a line of its own; convert the \
             line ends to LF or CRLF"
        )
    };
    assert_eq!(marker_errors(&report), [(1, 11, cr(3)), (1, 63, cr(5))]);
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    Ok(())
}

/// Markers indented by four spaces are Markdown code: an example in the
/// policy stays quiet beside a real region, but when they are the only
/// markers, or a partner is alone, they are said at their lines.
#[test]
fn markers_indented_as_code_are_said_only_when_the_markers_need_them() -> TestResult {
    let example = "    <!-- subreg:begin template=subprocessors.md -->\n    <!-- subreg:end -->\n";
    let region = "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";
    let quiet = format!("# Policy\n\nExample:\n\n{example}\n{region}");
    let (run, report) = fixture(&quiet)?.check_json(&[])?;
    assert!(marker_errors(&report).is_empty(), "{}", run.stdout);

    let indented = "it is indented by 4 spaces, which Markdown reads as a code block, so it is \
                    not read as a marker; indent it by at most 3 spaces";
    let miss = format!("this line looks like a subreg marker but is not one: {indented}");
    let only = format!("# Policy\n\n{example}");
    let half = "# Policy\n\n<!-- subreg:begin template=subprocessors.md -->\nold\n    \
                <!-- subreg:end -->\n"
        .to_owned();
    for (policy, expected) in [
        (&only, vec![(3, 5, miss.clone()), (4, 5, miss.clone())]),
        (&half, vec![(5, 5, miss.clone())]),
    ] {
        let fixture = fixture(policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert_eq!(marker_errors(&report), expected, "{policy}");
        let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
        assert_eq!(&fixture.read_string("docs/policy.md")?, policy);
    }
    Ok(())
}

#[test]
fn a_value_that_would_write_a_marker_line_is_blamed_at_the_begin_marker() -> TestResult {
    let policy =
        "# Policy\n\nText.\n<!-- subreg:begin template=names.txt -->\n<!-- subreg:end -->\n";
    let evil = HETZNER.replace(
        "name = \"Hetzner Online GmbH\"",
        "name = \"Evil Ltd\\n<!-- subreg:end -->\"",
    );
    let fenced = HETZNER.replace("name = \"Hetzner Online GmbH\"", "name = \"Fence\\n~~~ \"");
    for (id, text, line) in [
        ("evil", &evil, "<!-- subreg:end -->"),
        ("fenced", &fenced, "~~~"),
    ] {
        let fixture = Fixture::new(EU_REGISTRY_WITH_POLICY)?
            .doc("policy.md", policy)?
            .subprocessor(id, text)?;
        fixture.write(
            "templates/names.txt.hbs",
            "{{#each subprocessors}}{{name}}\n{{/each}}",
        )?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        let what = if id == "evil" {
            "a line that reads as a subreg marker"
        } else {
            "a code fence that is never closed"
        };
        assert_eq!(
            marker_errors(&report),
            [(
                4,
                1,
                format!(
                    "`name` of sub-processor `{id}` holds a line break and then text that \
                     template `names.txt` prints as `{line}`, so it would write {what} into \
                     this region and break the document's markers"
                )
            )]
        );
        // The human format also marks the value itself, in the registry file.
        let human = fixture.run(&["check", "--as-of", AS_OF])?;
        assert!(
            human.stdout.contains(&format!(
                "registry/subprocessors/{id}.toml:1:8
  |
1 | name = "
            )),
            "{}",
            human.stdout
        );
        assert!(
            human.stdout.contains("this value holds the line break"),
            "{}",
            human.stdout
        );
        let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
        assert!(
            inject.stdout.contains("this value holds the line break"),
            "{}",
            inject.stdout
        );
        assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    }
    Ok(())
}

/// A registry value that is itself a marker line or a fence line, written
/// by a template on a line of its own: the finding names the value and its
/// file:line:col, in every format, and the document is untouched.
#[test]
fn a_value_that_is_a_marker_or_fence_line_is_named_with_its_place() -> TestResult {
    let policy =
        "# Policy\n\nText.\n<!-- subreg:begin template=names.txt -->\n<!-- subreg:end -->\n";
    let marker = HETZNER.replace(
        "name = \"Hetzner Online GmbH\"",
        "name = \"<!-- subreg:end -->\"",
    );
    let fence = HETZNER.replace("purposes = [", "purposes = [\"~~~~\", ");
    for (id, text, key, at, line, what) in [
        (
            "marker",
            &marker,
            "name",
            "1:8",
            "<!-- subreg:end -->",
            "a line that reads as a subreg marker",
        ),
        (
            "fence",
            &fence,
            "purposes[0]",
            "3:13",
            "~~~~",
            "a code fence that is never closed",
        ),
    ] {
        let fixture = Fixture::new(EU_REGISTRY_WITH_POLICY)?
            .doc("policy.md", policy)?
            .subprocessor(id, text)?;
        fixture.write(
            "templates/names.txt.hbs",
            "{{#each subprocessors}}{{#each purposes}}{{this}}\n{{/each}}{{name}}\n{{/each}}",
        )?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert_eq!(
            marker_errors(&report),
            [(
                4,
                1,
                format!(
                    "`{key}` of sub-processor `{id}` is printed by template `names.txt` on a \
                     line of its own as `{line}`, so it would write {what} into this region \
                     and break the document's markers"
                )
            )]
        );
        let finding = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["rule"] == "marker-error")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            finding["notes"][1],
            format!("the value is at registry/subprocessors/{id}.toml:{at}"),
            "{finding}"
        );
        let human = fixture.run(&["check", "--as-of", AS_OF])?;
        assert!(
            human.stdout.contains("this value is the line"),
            "{}",
            human.stdout
        );
        let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
        assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    }
    Ok(())
}

#[test]
fn line_breaks_in_values_do_not_break_the_shipped_html_template() -> TestResult {
    let policy = "<p>Sub-processors</p>\n<!-- subreg:begin template=subprocessors.html -->\n<!-- subreg:end -->\n";
    let evil = HETZNER.replace(
        "name = \"Hetzner Online GmbH\"",
        "name = \"Evil\\n<!-- subreg:end -->\\n```\\r\\n<!--- subreg:begin\"",
    );
    let fixture = fixture(policy)?.subprocessor("evil", evil)?;
    let first = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    let written = fixture.read_string("docs/policy.md")?;
    assert!(
        written.contains(
            "<tr><td>Evil&#10;&lt;!-- subreg:end --&gt;&#10;&#x60;&#x60;&#x60;&#13;&#10;&lt;!--- subreg:begin</td>"
        ),
        "{written}"
    );
    assert_eq!(written.lines().count(), 12, "{written}");
    // The next run reads its own output back: nothing to change, no error.
    let second = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(second.code, 0, "{}{}", second.stdout, second.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, written);
    // An escaped CRLF or lone CR right before a marker in a value is a
    // reference on the same line, as an LF is: no marker line is written.
    for (written_break, reference) in [("\\r\\n", "&#13;&#10;"), ("\\r", "&#13;"), ("\\n", "&#10;")]
    {
        let value = HETZNER.replace(
            "purposes = [\"Backups\"]",
            &format!("purposes = [\"Data{written_break}<!-- subreg:end -->\"]"),
        );
        let broken = self::fixture(policy)?.subprocessor("hetzner", value)?;
        let run = broken.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(run.code, 0, "{written_break}: {}{}", run.stdout, run.stderr);
        let written = broken.read_string("docs/policy.md")?;
        assert!(
            written.contains(&format!(
                "<td>Data{reference}&lt;!-- subreg:end --&gt;</td>"
            )),
            "{written_break}: {written}"
        );
        let again = broken.run(&["check", "--as-of", AS_OF, "-q"])?;
        assert_eq!(again.code, 0, "{written_break}: {}", again.stdout);
    }
    Ok(())
}

/// A registry file saved with CRLF line ends (a Windows checkout with
/// `core.autocrlf`) publishes the same bytes as the file with LF: the raw
/// line breaks of its multi-line strings are read as LF, in HTML and
/// Markdown, while an escaped `\r` before one stays a CR in both.
#[test]
fn a_registry_file_with_crlf_line_ends_renders_as_with_lf() -> TestResult {
    for (name, template, shown) in [
        (
            "Hetzner\nOnline GmbH",
            "subprocessors.html",
            "<td>Hetzner&#10;Online GmbH</td>",
        ),
        (
            "Hetzner\nOnline GmbH",
            "subprocessors.md",
            "| Hetzner Online GmbH |",
        ),
        (
            "Hetzner\\r\nOnline GmbH",
            "subprocessors.html",
            "<td>Hetzner&#13;&#10;Online GmbH</td>",
        ),
    ] {
        let lf = HETZNER.replace(
            "name = \"Hetzner Online GmbH\"",
            &format!("name = \"\"\"{name}\"\"\""),
        );
        let crlf = lf.replace('\n', "\r\n");
        let policy =
            format!("# P\n\n<!-- subreg:begin template={template} -->\n<!-- subreg:end -->\n");
        let mut written = Vec::new();
        for text in [&lf, &crlf] {
            let fixture = fixture(&policy)?.subprocessor("hetzner", text)?;
            let run = fixture.run(&["inject", "--as-of", AS_OF])?;
            assert_eq!(run.code, 0, "{template}: {}{}", run.stdout, run.stderr);
            written.push(fixture.read_string("docs/policy.md")?);
        }
        assert!(written[0].contains(shown), "{template}: {}", written[0]);
        assert_eq!(written[0], written[1], "{template}");
    }
    Ok(())
}

/// The policy of the near-miss cases below: a begin marker on line 3, the
/// end marker replaced by `end` on line 5.
fn with_end(end: &str) -> String {
    format!("# Policy\n\n<!-- subreg:begin template=subprocessors.md -->\nold\n{end}\n\nAfter.\n")
}

/// Every near miss of an end marker is said at its own line, with what
/// differs, and the begin marker it would have closed is no orphan: blanks
/// other than a space (Unicode `Zs`), compatibility forms of letters (NFKC:
/// mathematical alphanumerics) and small capitals, look-alikes in the
/// directive, punctuation other than `:`, HTML tags around the marker, a
/// misspelt or unknown directive, a control character before it, and a
/// closing otherwise than `-->`. The document is left byte for byte.
#[test]
fn near_misses_of_every_class_are_said_once_and_leave_no_orphan() -> TestResult {
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    let cases: Vec<(String, u64, String)> = vec![
        (
            "<!--\u{2007}subreg:end\u{2007}-->".to_owned(),
            5,
            miss(
                "it holds U+2007 FIGURE SPACE where a plain space belongs; write a space (U+0020)",
            ),
        ),
        (
            "<!--\u{205f}subreg:end -->".to_owned(),
            5,
            miss(
                "it holds U+205F MEDIUM MATHEMATICAL SPACE where a plain space belongs; write a \
                 space (U+0020)",
            ),
        ),
        (
            "<!-- \u{1d5cc}ubreg:end -->".to_owned(),
            6,
            miss(
                "`\u{1d5cc}` is U+1D5CC MATHEMATICAL SANS-SERIF SMALL S, which looks like `s`; write `s`",
            ),
        ),
        (
            "<!-- subreg:\u{1d07}nd -->".to_owned(),
            13,
            miss(
                "`\u{1d07}` is U+1D07 LATIN LETTER SMALL CAPITAL E, which looks like `e`; write `e`",
            ),
        ),
        (
            "<!-- subreg/end -->".to_owned(),
            6,
            miss("`subreg/end` does not have a colon between its words; write `subreg:end`"),
        ),
        (
            "<!-- subreg_end -->".to_owned(),
            6,
            miss("`subreg_end` does not have a colon between its words; write `subreg:end`"),
        ),
        (
            "<p><!-- subreg:end --></p>".to_owned(),
            1,
            miss(
                "it follows `<p>` on the same line, and a marker must be a line of its own; move \
                 `<p>` to the line above; also, it is followed by `</p>` on the same line; move \
                 `</p>` to the line below",
            ),
        ),
        (
            "<!-- subreg:edn -->".to_owned(),
            13,
            "`subreg:edn` is not a marker; use `<!-- subreg:begin template=NAME -->` or \
             `<!-- subreg:end -->`"
                .to_owned(),
        ),
        (
            "<!-- subreg:finish -->".to_owned(),
            13,
            "`subreg:finish` is not a marker; use `<!-- subreg:begin template=NAME -->` or \
             `<!-- subreg:end -->`"
                .to_owned(),
        ),
        (
            "<!-- subreg:\u{0435}nd -->".to_owned(),
            13,
            miss("`\u{0435}` is U+0435 CYRILLIC SMALL LETTER IE, which looks like `e`; write `e`"),
        ),
        (
            "\u{b}<!-- subreg:end -->".to_owned(),
            1,
            miss("it starts with U+000B LINE TABULATION (VT), an invisible character; delete it"),
        ),
        (
            "<!-- subreg:end -!>".to_owned(),
            17,
            miss("it closes with `-!>`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end --->".to_owned(),
            17,
            miss("it closes with `--->`, not `-->`; write `-->`"),
        ),
        // A dash or blank inside the word, an accent on one of its
        // letters, an opener mistyped or missing its `<`, emphasis around.
        (
            "<!-- sub-reg:end -->".to_owned(),
            6,
            miss("`sub-reg` is misspelt; write `subreg`"),
        ),
        (
            "<!-- sub reg:end -->".to_owned(),
            6,
            miss("`sub reg` is misspelt; write `subreg`"),
        ),
        (
            "<!-- sub_reg:end -->".to_owned(),
            6,
            miss("`sub_reg` is misspelt; write `subreg`"),
        ),
        (
            "<!-- sub.reg:end -->".to_owned(),
            6,
            miss("`sub.reg` is misspelt; write `subreg`"),
        ),
        (
            "<!-- sub - reg:end -->".to_owned(),
            6,
            miss("`sub - reg` is misspelt; write `subreg`"),
        ),
        (
            "<!-- subreg:end --  -- -->".to_owned(),
            17,
            miss("it closes with `--  -- -->`, not `-->`; write `-->` without blanks"),
        ),
        (
            "<!-- subreg:end -- -->".to_owned(),
            17,
            miss("it closes with `-- -->`, not `-->`; write `-->` without blanks"),
        ),
        (
            "<!-- s\u{301}ubreg:end -->".to_owned(),
            7,
            miss("a letter of the marker carries U+0301 COMBINING ACUTE ACCENT; delete the accent"),
        ),
        (
            "<?-- subreg:end -->".to_owned(),
            1,
            miss("it opens with `<?--`, not `<!--`; write `<!-- subreg:end`"),
        ),
        (
            "!-- subreg:end -->".to_owned(),
            1,
            miss("it opens with `!--`, not `<!--`; write `<!-- subreg:end`"),
        ),
        (
            "**<!-- subreg:end -->**".to_owned(),
            1,
            miss(
                "it is wrapped in `**` (emphasis), and a marker must be a line of its own; remove `**`",
            ),
        ),
        (
            "<!-- subreg:end ---->".to_owned(),
            17,
            miss("it closes with `---->`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end - ->".to_owned(),
            17,
            miss("it closes with `- ->`, not `-->`; write `-->` without blanks"),
        ),
        // Words after a near miss (it may be prose): said because the
        // begin marker needs it, with every difference and the words.
        (
            "<!-- Subreg:End generated table -->".to_owned(),
            6,
            miss(
                "`Subreg:End` is not lower case; write `subreg:end`; also, `generated table` follows \
                 `subreg:end`, so subreg reads the line as a comment, not a marker; write \
                 `<!-- subreg:end -->`, alone on its line: move the words to a comment of their own",
            ),
        ),
        (
            "<!--- subreg:end keep -->".to_owned(),
            1,
            miss(
                "it opens with `<!---`, not `<!--`; write `<!-- subreg:end`; also, `keep` follows \
                 `subreg:end`, so subreg reads the line as a comment, not a marker; write \
                 `<!-- subreg:end -->`, alone on its line: move the words to a comment of their own",
            ),
        ),
        (
            "<!-- subreg:end; generated, do not edit -->".to_owned(),
            1,
            miss(
                "`generated, do not edit` follows `subreg:end`, so subreg reads the line as a \
                 comment, not a marker; write `<!-- subreg:end -->`, alone on its line: move the \
                 words to a comment of their own",
            ),
        ),
    ];
    for (end, column, message) in cases {
        let policy = with_end(&end);
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{end:?}: {}", run.stdout);
        assert_eq!(marker_errors(&report), [(5, column, message)], "{end:?}");
        let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(
            inject.code, 1,
            "{end:?}: {}{}",
            inject.stdout, inject.stderr
        );
        assert_eq!(fixture.read_string("docs/policy.md")?, policy, "{end:?}");
    }
    Ok(())
}

/// A code fence left open before every marker (never closed, or a
/// four-backtick fence "closed" by three) hides them: said at the fence's
/// own line and column, not at the document's start.
#[test]
fn a_fence_that_hides_every_marker_is_said_at_the_fence() -> TestResult {
    let markers = "<!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n";
    for (fence, column) in [("````\ncode\n```\n", 1), ("  ~~~ toml\nx = 1\n", 3)] {
        let policy = format!("---\ntitle: Policy\n---\n\n{fence}{markers}");
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{fence:?}: {}", run.stdout);
        assert_eq!(
            marker_errors(&report),
            [(
                5,
                column,
                "no marker region found: the code fence opened on line 5 is never closed, so \
                 every line after it is code; close the fence"
                    .to_owned()
            )],
            "{fence:?}"
        );
        let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
        assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
        assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    }
    Ok(())
}

/// A value that is a marker line, printed escaped (`{{name}}`) as well as
/// raw (`{{{name}}}`): both findings name the value and its file:line:col,
/// never the template.
#[test]
fn a_marker_value_printed_escaped_is_named_like_one_printed_raw() -> TestResult {
    for (template, written) in [
        (
            "{{#each subprocessors}}{{name}}\n{{/each}}",
            "\\<!-- subreg:begin template=names.md -->",
        ),
        (
            "{{#each subprocessors}}{{{name}}}\n{{/each}}",
            "<!-- subreg:begin template=names.md -->",
        ),
    ] {
        assert_blamed_on_the_name(
            "names.md",
            template,
            "\"<!-- subreg:begin template=names.md -->\"",
            &format!(
                "`name` of sub-processor `marker` is printed by template `names.md` on a line \
                 of its own as `{written}`, so it would write a line that reads as a subreg \
                 marker into this region and break the document's markers"
            ),
            "the value is at",
        )?;
    }
    Ok(())
}

/// The sub-processor `marker`, named `value` (TOML), printed by `template`
/// (a file `templates/{name}.hbs`) into docs/policy.md: its one
/// `marker-error` says `message` at the region's begin marker, with a note
/// `{note} registry/subprocessors/marker.toml:1:8`; `inject` refuses and
/// leaves the document untouched.
fn assert_blamed_on_the_name(
    name: &str,
    template: &str,
    value: &str,
    message: &str,
    note: &str,
) -> TestResult {
    let policy =
        format!("# Policy\n\n<!-- subreg:begin template={name} -->\n<!-- subreg:end -->\n");
    let marker = HETZNER.replace("\"Hetzner Online GmbH\"", value);
    let fixture = Fixture::new(EU_REGISTRY_WITH_POLICY)?
        .doc("policy.md", &policy)?
        .subprocessor("marker", &marker)?;
    fixture.write(&format!("templates/{name}.hbs"), template)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{template}: {}", run.stdout);
    assert_eq!(
        marker_errors(&report),
        [(3, 1, message.to_owned())],
        "{template} {value}"
    );
    assert_eq!(
        blame_note(&report),
        format!("{note} registry/subprocessors/marker.toml:1:8")
    );
    assert_refused_untouched(&fixture, &policy)
}

/// A registry value whose text, as the template prints it, makes a line a
/// reader takes for a marker (an unknown directive, one wrapped in HTML
/// tags, a near miss after a line break the Markdown escape turned into a
/// space), printed escaped or raw, in a Markdown, HTML or text template,
/// alone on its line or inside one: refused, blamed on the value at its
/// file:line:col, never on the template; the document untouched.
#[test]
fn a_value_that_reads_as_a_marker_once_printed_is_blamed_on_the_value() -> TestResult {
    let each = |row: &str| format!("{{{{#each subprocessors}}}}{row}\n{{{{/each}}}}");
    let cases = [
        // (template, its file, name in TOML, what the message says)
        (
            "names.md",
            each("{{name}}"),
            r#""<!-- subreg:stop -->""#,
            "is printed by template `names.md` on a line of its own as `\\<!-- subreg:stop -->`"
                .to_owned(),
        ),
        (
            "names.md",
            each("{{name}}"),
            r#""<div><!-- subreg:end --></div>""#,
            "is printed by template `names.md` on a line of its own as \
             `\\<div>\\<!-- subreg:end -->\\</div>`"
                .to_owned(),
        ),
        (
            "names.md",
            each("<div>{{name}}</div>"),
            r#""<!-- subreg:end -->""#,
            "is printed as `\\<!-- subreg:end -->`, which template `names.md` writes into the line \
             `<div>\\<!-- subreg:end --></div>`"
                .to_owned(),
        ),
        (
            "names.md",
            each("{{name}}"),
            "\"\"\"\nAcme\n<!-- SUBREG:END -->\"\"\"",
            "is printed by template `names.md` on a line of its own as `Acme \\<!-- SUBREG:END -->`"
                .to_owned(),
        ),
        (
            "names.html",
            each("{{name}}"),
            r#""<!-- subreg:stop -->""#,
            "is printed by template `names.html` on a line of its own as \
             `&lt;!-- subreg:stop --&gt;`"
                .to_owned(),
        ),
        // An escape helper's output, raw, is a printing of the value too.
        (
            "names.html",
            each("{{md name}}"),
            r#""<!-- subreg:end -->""#,
            "is printed by template `names.html` on a line of its own as \
             `\\&lt;!-- subreg:end --&gt;`"
                .to_owned(),
        ),
        (
            "names.txt",
            each("{{{md name}}}"),
            r#""<!-- subreg:end -->""#,
            "is printed by template `names.txt` on a line of its own as `\\<!-- subreg:end -->`"
                .to_owned(),
        ),
        (
            "names.txt",
            each("Name: {{name}}"),
            "\"\"\"\nAcme\n<!-- SUBREG:END -->\"\"\"",
            "holds a line break and then text that template `names.txt` prints as \
             `<!-- SUBREG:END -->`, so it would write a line that reads as a subreg marker into \
             this region and break the document's markers"
                .to_owned(),
        ),
    ];
    for (name, template, value, says) in cases {
        let (message, note) = if says.starts_with("holds a line break") {
            (
                format!("`name` of sub-processor `marker` {says}"),
                "the value with the line break is at",
            )
        } else {
            (
                format!(
                    "`name` of sub-processor `marker` {says}, so it would write a line that \
                     reads as a subreg marker into this region and break the document's markers"
                ),
                "the value is at",
            )
        };
        assert_blamed_on_the_name(name, &template, value, &message, note)?;
    }
    Ok(())
}

/// A marker that holds an odd blank or a look-alike letter names the
/// character; one whose closing is a `>` without dashes, `!>` or
/// look-alike dashes is one finding, not one per part it splits; the
/// document untouched.
#[test]
fn a_marker_names_its_odd_character_in_one_finding() -> TestResult {
    let begin = "<!-- subreg:begin template=subprocessors.md -->";
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    let cases = [
        (
            "<!-- subreg:begin\u{3000}template=subprocessors.md -->",
            3,
            18,
            miss("it holds U+3000 IDEOGRAPHIC SPACE where a plain space belongs; write a space (U+0020)"),
        ),
        (
            "<!-- subreg:end\u{2001}-->",
            5,
            16,
            miss("it holds U+2001 EM QUAD where a plain space belongs; write a space (U+0020)"),
        ),
        (
            "<!-- subreg:beg\u{3bd}n template=subprocessors.md -->",
            3,
            13,
            "`subreg:beg\u{3bd}n` is not a marker (`\u{3bd}` is U+03BD GREEK SMALL LETTER NU); use \
             `<!-- subreg:begin template=NAME -->` or `<!-- subreg:end -->`"
                .to_owned(),
        ),
        (
            "<!-- subreg:end >",
            5,
            17,
            miss("it closes with `>`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end>",
            5,
            16,
            miss("it closes with `>`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end !>",
            5,
            17,
            miss("it closes with `!>`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end \u{2010}\u{2010}>",
            5,
            17,
            miss(
                "it closes with `\u{2010}\u{2010}>` (`\u{2010}` is U+2010 HYPHEN), not `-->`; \
                 write `-->`",
            ),
        ),
        (
            "<!\u{2010}\u{2010} subreg:end \u{2010}\u{2010}>",
            5,
            3,
            miss("the dashes are U+2010 HYPHEN, not `-` (U+002D HYPHEN-MINUS); write `--`"),
        ),
    ];
    for (line, at_line, column, message) in cases {
        let policy = if at_line == 3 {
            format!("# Policy\n\n{line}\nold\n<!-- subreg:end -->\n")
        } else {
            format!("# Policy\n\n{begin}\nold\n{line}\n")
        };
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert_eq!(
            marker_errors(&report),
            [(at_line, column, message)],
            "{line}"
        );
        assert_refused_untouched(&fixture, &policy)?;
    }
    Ok(())
}

/// A marker line with a syntax error takes no part in pairing: a begin
/// closed with `-- -->` before the real one is said once, at its closing,
/// not also as "never closed" with the real begin "nested" in it; an
/// ordinary comment that starts like a marker (`sub reg: end of list`) is
/// no near miss at all.
#[test]
fn a_broken_marker_line_is_said_once_and_prose_comments_are_left_alone() -> TestResult {
    let policy = "# Policy\n\n<!-- sub reg: end of list -->\n\
        <!-- subreg:begin template=subprocessors.md -- -->\ntext\n\
        <!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        marker_errors(&report),
        [(
            4,
            45,
            "this line looks like a subreg marker but is not one: it closes with `-- -->`, not \
             `-->`; write `-->` without blanks"
                .to_owned()
        )]
    );
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    Ok(())
}

/// A region naming a template the folder does not hold is a marker
/// problem at the template's name, with the name it was meant as; the run
/// reports everything else too (exit 1, not 2) and the document is kept.
#[test]
fn a_region_naming_an_unknown_template_is_said_at_the_name() -> TestResult {
    let policy =
        "# Policy\n\n<!-- subreg:begin template=Subprocessors.md -->\nold\n<!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            28,
            "this region names the template `Subprocessors.md`, which is neither built in nor \
             in the templates folder; did you mean `subprocessors.md`?"
                .to_owned()
        )]
    );
    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 1, "{}{}", inject.stdout, inject.stderr);
    assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    // Every such region of a document in one run.
    let policy = format!("{policy}\n<!-- subreg:begin template=nope.md -->\n<!-- subreg:end -->\n");
    let two = self::fixture(&policy)?;
    let (_, report) = two.check_json(&[])?;
    let lines: Vec<(u64, u64)> = marker_errors(&report)
        .iter()
        .map(|(l, c, _)| (*l, *c))
        .collect();
    assert_eq!(lines, [(3, 28), (7, 28)]);
    Ok(())
}

/// The third attack: a look-alike or invisible character in `begin` or
/// `end` followed by words is a near miss with words (quiet beside a real
/// pair, said with every difference when the markers need it), as one in
/// `subreg` is; a near miss with attributes is told what the marker line it
/// was meant as would still lack; an unknown directive followed by words
/// (`subreg:note legal reviewed`) is prose about subreg, never a finding.
#[test]
fn look_alike_directives_attributes_after_a_near_miss_and_prose_about_subreg() -> TestResult {
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    let foo = "`foo` follows `subreg:end`, so subreg reads the line as a comment, not a marker; \
               write `<!-- subreg:end -->`, alone on its line: move the words to a comment of \
               their own";
    let ends = [
        (
            "<!-- subreg:\u{435}nd foo -->",
            13,
            miss(&format!(
                "`\u{435}` is U+0435 CYRILLIC SMALL LETTER IE, which looks like `e`; write `e`; \
                 also, {foo}"
            )),
        ),
        (
            "<!-- subreg:\u{200b}end foo -->",
            13,
            miss(&format!(
                "the marker holds U+200B ZERO WIDTH SPACE, an invisible character; delete it; \
                 also, {foo}"
            )),
        ),
        (
            "<!-- SUBREG:END foo=bar -->",
            6,
            miss(
                "`SUBREG:END` is not lower case; write `subreg:end`; also, unknown marker \
                 attribute `foo`: a begin marker takes only `template`, an end marker takes \
                 none; remove it",
            ),
        ),
        // A letter that no table maps (Greek eta) is a misspelling.
        (
            "<!-- subreg:e\u{3b7}d foo -->",
            6,
            miss(&format!(
                "`e\u{3b7}d` is no directive of subreg; write `end`; also, {foo}"
            )),
        ),
    ];
    for (end, column, message) in ends {
        let policy = with_end(end);
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{end}");
        assert_eq!(marker_errors(&report), [(5, column, message)], "{end}");
        assert_refused_untouched(&fixture, &policy)?;
    }
    // Beside a real pair, a near miss with words is quiet; one with an
    // attribute is not, as the marker line it was meant as would not be.
    let stray = |line: &str| {
        format!(
            "# P\n\n<!-- subreg:begin template=subprocessors.md -->\nold\n<!-- subreg:end -->\n\n{line}\n"
        )
    };
    for (line, expected) in [
        ("<!-- subreg:\u{435}nd foo -->", 0),
        ("<!-- subreg:\u{e9}nd the table -->", 0),
        ("<!-- subreg:note legal reviewed 2024 -->", 0),
        ("<!-- subreg:todo check aws -->", 0),
        ("<!-- subreg:e\u{3b7}d foo -->", 0),
        ("<!-- subreg:\u{1dd}nd legal note -->", 0),
        (
            "<!-- subreg:\u{392}\u{395}\u{393}\u{399}\u{39d} the table -->",
            0,
        ),
        ("<!-- subreg:e\u{3b7}d -->", 1),
        // What is glued to the directive misspells it.
        ("<!-- subreg:end2 -->", 1),
        ("<!-- subreg:end. -->", 1),
        ("<!-- subreg:begin2 template=subprocessors.md -->", 1),
        ("<!-- subreg:end. legal note -->", 0),
        ("<!-- subreg:end\" -->", 1),
        ("<!-- subreg:begin= template=subprocessors.md -->", 1),
        // Words in any script are words.
        (
            "<!-- \u{455}ubreg:\u{435}nd \u{442}\u{430}\u{431}\u{43b}\u{438}\u{446}\u{44b} -->",
            0,
        ),
        (
            "<!-- subreg:end \u{3c4}\u{3ad}\u{3bb}\u{3bf}\u{3c2} \u{3c0}\u{3af}\u{3bd}\u{3b1}\u{3ba}\u{3b1} -->",
            0,
        ),
        ("<!-- SUBREG:END foo=bar -->", 1),
    ] {
        let fixture = fixture(&stray(line))?;
        let (_, report) = fixture.check_json(&[])?;
        assert_eq!(marker_errors(&report).len(), expected, "{line}: {report}");
    }
    // A near miss naming a template that does not exist is told that too,
    // in the same run, with the name it is likely meant as.
    let unknown = "which is neither built in nor in the templates folder";
    for (name, fix) in [
        (
            "nosuch.md",
            "add `nosuch.md.hbs` to the folder or name one that exists".to_owned(),
        ),
        (
            "Subprocessors.md",
            "did you mean `subprocessors.md`?".to_owned(),
        ),
    ] {
        let policy =
            format!("# P\n\n<!-- subreg:Begin template={name} -->\nold\n<!-- subreg:end -->\n");
        let (_, report) = self::fixture(&policy)?.check_json(&[])?;
        assert_eq!(
            marker_errors(&report),
            [(
                3,
                6,
                miss(&format!(
                    "`subreg:Begin` is not lower case; write `subreg:begin`; also, this region \
                     names the template `{name}`, {unknown}; {fix}"
                ))
            )]
        );
    }
    // A closing near miss too.
    let policy = "# P\n\n<!-- subreg:begin template=nosuch.md --->\nold\n<!-- subreg:end -->\n";
    let (_, report) = self::fixture(policy)?.check_json(&[])?;
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            38,
            miss(&format!(
                "it closes with `--->`, not `-->`; write `-->`; also, this region names the \
                 template `nosuch.md`, {unknown}; add `nosuch.md.hbs` to the folder or name one \
                 that exists"
            ))
        )]
    );
    // A begin marker with words after its attribute is told both.
    let policy =
        "# P\n\n<!-- Subreg:Begin template=subprocessors.md now -->\nold\n<!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    let (_, report) = fixture.check_json(&[])?;
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            6,
            miss(
                "`Subreg:Begin` is not lower case; write `subreg:begin`; also, malformed marker \
                 attribute: attribute `now` has no value; write `now=VALUE`; write attributes \
                 as name=value"
            )
        )]
    );
    // Prose about subreg in place of the end marker leaves the begin
    // marker unclosed, said there: it was never meant as the end.
    let (_, report) =
        self::fixture(&with_end("<!-- subreg:note legal reviewed 2024 -->"))?.check_json(&[])?;
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            1,
            "this begin marker is never closed; add a line `<!-- subreg:end -->` after the \
             generated content"
                .to_owned()
        )]
    );
    Ok(())
}

/// The round after the first attack: a marker with no opener or another
/// separator, a closing without `>` or escaped, and an empty `template=`
/// are each said once at their own line, the begin marker no orphan; an
/// HTML-escaped marker and prose in a comment that starts like one are
/// quiet beside a real pair and said when the markers need them.
#[test]
fn opener_separator_closing_escaped_and_prose_misses_are_said_once() -> TestResult {
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    let escaped = "it is HTML-escaped (`&lt;`, `&gt;`), so it shows as a marker but is none; \
                   write the characters themselves (`<`, `>`, `-`) in the document's source";
    let cases = [
        (
            "-- subreg:end -->",
            1,
            miss("it opens with `--`, not `<!--`; write `<!-- subreg:end`"),
        ),
        (
            "subreg:end -->",
            1,
            miss("it has no `<!--` before `subreg:end`; write `<!-- subreg:end`"),
        ),
        (
            "<!-- subreg -- end -->",
            6,
            miss("`subreg -- end` does not have a colon between its words; write `subreg:end`"),
        ),
        (
            "<!-- subreg:end --",
            17,
            miss("it closes with `--`, not `-->`; write `-->`"),
        ),
        (
            "<!-- subreg:end --&gt;",
            17,
            miss(&escaped.replace("`&lt;`, ", "")),
        ),
        ("&lt;!-- subreg:end --&gt;", 1, miss(escaped)),
        (
            "<!-- subreg:end of the generated list -->",
            1,
            miss(
                "`of the generated list` follows `subreg:end`, so subreg reads the line as a \
                 comment, not a marker; write `<!-- subreg:end -->`, alone on its line: move \
                 the words to a comment of their own",
            ),
        ),
    ];
    for (end, column, message) in cases {
        let policy = with_end(end);
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert_eq!(marker_errors(&report), [(5, column, message)], "{end}");
        assert_refused_untouched(&fixture, &policy)?;
    }

    // `template=` with no value: one finding, not also "names no template".
    let policy = "# Policy\n\n<!-- subreg:begin template= -->\nold\n<!-- subreg:end -->\n";
    let (_, report) = fixture(policy)?.check_json(&[])?;
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            19,
            "malformed marker attribute: attribute `template` has no value; write \
             `template=VALUE`; write attributes as name=value"
                .to_owned()
        )]
    );

    // Beside a real pair, the escaped example and the prose comment are quiet.
    let quiet = "# Policy\n\nA page shows &lt;!-- subreg:end --&gt; to readers:\n\
        &lt;!-- subreg:begin template=subprocessors.md --&gt;\n\
        <!-- subreg:end of the generated list -->\n\
        <!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";
    let (run, report) = fixture(quiet)?.check_json(&[])?;
    assert!(marker_errors(&report).is_empty(), "{}", run.stdout);
    Ok(())
}

/// A document's markers are its own: a registry file that does not load
/// (a schema error, an unknown rule name) leaves the regions unjudged, but
/// a broken marker is said in the same run, and the document is untouched.
#[test]
fn a_broken_marker_is_said_beside_the_registrys_own_errors() -> TestResult {
    let policy = with_end("<!--- subreg:end -->");
    for (file, text) in [
        (
            "registry/subprocessors/broken.toml",
            "name = 5\n".to_owned(),
        ),
        (
            "registry/registry.toml",
            format!("{EU_REGISTRY_WITH_POLICY}\n[rules]\ntia-mising = \"warn\"\n"),
        ),
        // registry.toml itself does not load: its documents are read from
        // its TOML.
        (
            "registry/registry.toml",
            EU_REGISTRY_WITH_POLICY.replace("role = \"processor\"", "role = \"boss\""),
        ),
        // Nor does it parse (a syntax error, a NUL): its documents are read
        // from its `[[documents]]` lines.
        (
            "registry/registry.toml",
            EU_REGISTRY_WITH_POLICY.replace("role = \"processor\"", "role = \"processor"),
        ),
        (
            "registry/registry.toml",
            format!("{EU_REGISTRY_WITH_POLICY}\n# \0\n"),
        ),
    ] {
        let fixture = fixture(&policy)?;
        fixture.write(file, text)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{file}");
        assert_eq!(
            marker_errors(&report),
            [(
                5,
                1,
                "this line looks like a subreg marker but is not one: it opens with `<!---`, \
                 not `<!--`; write `<!-- subreg:end`"
                    .to_owned()
            )],
            "{file}"
        );
        let registry_errors = report["diagnostics"]
            .as_array()
            .ok_or("no diagnostics")?
            .iter()
            .filter(|d| d["severity"] == "error" && d["file"] != "docs/policy.md")
            .count();
        assert!(registry_errors >= 1, "{file}: {report}");
        assert_eq!(fixture.read_string("docs/policy.md")?, policy);
    }
    // A region naming a template that does not exist is said beside them
    // too; a template that fails on the context's shape stops the run
    // (exit 2) whether or not the registry loaded whole.
    let policy =
        "# P\n\n<!-- subreg:begin template=subprocesors.md -->\nold\n<!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    fixture.write("registry/subprocessors/broken.toml", "name = 5\n")?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            28,
            "this region names the template `subprocesors.md`, which is neither built in nor \
             in the templates folder; did you mean `subprocessors.md`?"
                .to_owned()
        )]
    );
    fixture.write("templates/broken.md.hbs", "{{nmae}}\n")?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("templates/broken.md.hbs:1:1"),
        "{}",
        run.stderr
    );
    // The same when registry.toml is empty or not TOML: no document can be
    // read from it, and the templates are checked all the same.
    for text in [String::new(), "[organization\n".to_owned()] {
        fixture.write("registry/registry.toml", &text)?;
        let run = fixture.run(&["check", "--as-of", AS_OF])?;
        assert_eq!(run.code, 2, "{text:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("templates/broken.md.hbs:1:1"),
            "{}",
            run.stderr
        );
    }
    Ok(())
}

/// A file in the templates folder meant as a template but not named as one
/// is not skipped in silence, which would publish the built-in table in
/// its place: the run stops (exit 2) naming it and the name it needs.
#[test]
fn a_template_file_not_named_as_one_stops_the_run() -> TestResult {
    let policy = "# P\n\n<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";
    for (file, meant) in [
        ("subprocessors.md.HBS", "subprocessors.md.hbs"),
        ("subprocessors.md.handlebars", "subprocessors.md.hbs"),
        ("subprocessors.md.hbs ", "subprocessors.md.hbs"),
        ("subprocessors.md", "subprocessors.md.hbs"),
        ("Subprocessors.md.hbs", "subprocessors.md.hbs"),
        ("Subprocessors.md.HBS", "subprocessors.md.hbs"),
    ] {
        let fixture = fixture(policy)?;
        fixture.write(
            &format!("templates/{file}"),
            "OVERRIDE {{organization.name}}\n",
        )?;
        let run = fixture.run(&["check", "--as-of", AS_OF])?;
        assert_eq!(run.code, 2, "{file}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "is not read: a template file is named NAME.hbs (lower case, no blanks); rename it \
                 to `{meant}`"
            )),
            "{file}: {}",
            run.stderr
        );
    }
    // Other files in the folder are no template.
    let fixture = fixture(policy)?;
    fixture.write("templates/README.md", "# our templates\n")?;
    fixture.write(
        "templates/CHANGELOG.md",
        "# what changed in our templates\n",
    )?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    // The empty region is stale: the built-in table is what it renders.
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("document-stale"), "{}", run.stdout);
    Ok(())
}

/// A lone CR never reaches a published document: in a template's text it
/// stops the run at its line, and a value's CR in a text template is
/// written as LF.
#[test]
fn a_lone_cr_reaches_no_published_document() -> TestResult {
    let policy = "# P\n\n<!-- subreg:begin template=probe.md -->\n<!-- subreg:end -->\n\n<!-- subreg:begin template=names.txt -->\n<!-- subreg:end -->\n";
    let fixture = fixture(policy)?;
    fixture.write("templates/probe.md.hbs", "a\rb\n")?;
    fixture.write(
        "templates/names.txt.hbs",
        "{{#each subprocessors}}\n{{name}}\n{{/each}}\n",
    )?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("templates/probe.md.hbs:1:2: the template holds a lone CR"),
        "{}",
        run.stderr
    );
    fixture.write("templates/probe.md.hbs", "a\r\nb\n")?;
    fixture.write(
        "registry/subprocessors/hetzner.toml",
        common::HETZNER.replace("Hetzner Online GmbH", "Hetzner\\rOnline GmbH"),
    )?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let written = fixture.read_string("docs/policy.md")?;
    assert!(!written.replace("\r\n", "").contains('\r'), "{written:?}");
    assert!(written.contains("Hetzner\nOnline GmbH\n"), "{written:?}");
    Ok(())
}

/// Look-alikes beyond the hand-made table (Unicode's confusables, UTS
/// #39) in place of a marker's end marker are said at its line, and one in
/// an attribute name is named in the attribute's message.
#[test]
fn confusables_beyond_the_table_are_said_at_their_line() -> TestResult {
    let miss = |what: &str| format!("this line looks like a subreg marker but is not one: {what}");
    for (end, column, message) in [
        (
            "<!-- subreg\u{703}end -->",
            12,
            miss("`\u{703}` is U+0703 SYRIAC SUPRALINEAR COLON, which looks like `:`; write `:`"),
        ),
        (
            "<!-- su\u{15af}reg:end -->",
            8,
            miss(
                "`\u{15af}` is U+15AF CANADIAN SYLLABICS AIVILIK B, which looks like `b`; write `b`",
            ),
        ),
    ] {
        let policy = with_end(end);
        let fixture = fixture(&policy)?;
        let (run, report) = fixture.check_json(&[])?;
        assert_eq!(run.code, 1, "{end}");
        assert_eq!(marker_errors(&report), [(5, column, message)], "{end}");
        assert_refused_untouched(&fixture, &policy)?;
    }
    let policy =
        "# P\n\n<!-- subreg:begin templ\u{430}te=subprocessors.md -->\nold\n<!-- subreg:end -->\n";
    let (_, report) = fixture(policy)?.check_json(&[])?;
    assert_eq!(
        marker_errors(&report),
        [(
            3,
            19,
            "unknown marker attribute `templ\u{430}te` (`\u{430}` is U+0430 CYRILLIC SMALL LETTER \
             A): did you mean `template`?"
                .to_owned()
        )]
    );
    Ok(())
}
