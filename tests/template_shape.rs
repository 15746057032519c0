//! Templates are checked against the full shape of the render context, not
//! against the data of the day: a field typo fails with no sub-processor,
//! with every sub-processor removed, and inside `{{#each}}` over a list
//! that is empty today. A template saved with a byte order mark does not
//! put it into the document.

mod common;

use common::{AS_OF, EU_REGISTRY_WITH_POLICY, Fixture, HETZNER, TestResult};

const POLICY: &str = "# Policy\n\n<!-- subreg:begin template=typo.md -->\n<!-- subreg:end -->\n";

/// A registry whose policy uses `templates/typo.md.hbs` holding `template`,
/// with the sub-processors `subprocessors` (id, text).
fn fixture(template: &str, subprocessors: &[(&str, &str)]) -> Result<Fixture, common::Error> {
    let mut fixture = Fixture::new(EU_REGISTRY_WITH_POLICY)?.doc("policy.md", POLICY)?;
    fixture.write("templates/typo.md.hbs", template)?;
    for (id, text) in subprocessors {
        fixture = fixture.subprocessor(id, text)?;
    }
    Ok(fixture)
}

/// `check` and `inject` both refuse the template, naming its line and
/// column and the field; the policy is untouched.
fn assert_refused(fixture: &Fixture, line_col: &str, field: &str) -> TestResult {
    for args in [
        vec!["check", "--as-of", AS_OF],
        vec!["inject", "--as-of", AS_OF],
    ] {
        let run = fixture.run(&args)?;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .contains(&format!("templates/typo.md.hbs:{line_col}: ")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(&format!("`{field}`")), "{}", run.stderr);
    }
    assert_eq!(fixture.read_string("docs/policy.md")?, POLICY);
    Ok(())
}

#[test]
fn a_typo_fails_with_no_subprocessor_at_all() -> TestResult {
    let template = "| Name |\n| :--- |\n{{#each subprocessors}}\n| {{nmae}} |\n{{/each}}\n";
    assert_refused(&fixture(template, &[])?, "4:3", "nmae")
}

#[test]
fn a_typo_fails_when_every_subprocessor_is_removed() -> TestResult {
    let removed = format!("{HETZNER}removed = 2024-01-01\n");
    let template = "{{#each subprocessors}}{{#if website}}{{webiste}}{{/if}}{{/each}}\n";
    assert_refused(
        &fixture(template, &[("hetzner", &removed)])?,
        "1:39",
        "webiste",
    )
}

#[test]
fn a_typo_fails_inside_each_over_a_list_that_is_empty_today() -> TestResult {
    // Hetzner has no aliases or data categories: both lists are empty.
    let template = "{{#each subprocessors}}\n{{name}}: {{#each data_categories}}{{this}}{{/each}}\
                    {{#each aliases}}{{alias.name}}{{/each}}\n{{/each}}\n";
    assert_refused(
        &fixture(template, &[("hetzner", HETZNER)])?,
        "2:70",
        "alias",
    )
}

#[test]
fn a_correct_template_renders_and_its_bom_stays_out_of_the_document() -> TestResult {
    let template =
        "\u{feff}{{#each subprocessors}}- {{name}}{{#each aliases}} ({{this}}){{/each}}\n{{/each}}";
    let fixture = fixture(template, &[("hetzner", HETZNER)])?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        fixture.read_string("docs/policy.md")?,
        "# Policy\n\n<!-- subreg:begin template=typo.md -->\n- Hetzner Online GmbH\n<!-- subreg:end -->\n"
    );
    Ok(())
}

/// `{{organization}}` would publish `[object]` (Markdown-escaped as
/// `\[object\]`): a template-shape error at its line naming the fields,
/// in `check` and `inject`, inside `{{#each}}` too; the policy untouched.
#[test]
fn an_object_printed_whole_is_refused_with_its_fields() -> TestResult {
    let template = "# Us\n\n{{organization}}\n";
    let fixture = fixture(template, &[])?;
    assert_refused(&fixture, "3:1", "{{organization}}")?;
    let run = fixture.run(&["check", "--as-of", AS_OF])?;
    assert!(
        run.stderr.contains(
            "templates/typo.md.hbs:3:1: `{{organization}}` is an object, which would publish \
             as `[object]`; its fields: aliases, contact, country, name, role, website"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("write one of its fields, e.g. `{{organization.name}}`"),
        "{}",
        run.stderr
    );
    let nested = "{{#each subprocessors}}\n| {{name}} | {{this}} |\n{{/each}}\n";
    assert_refused(&fixture_of(nested)?, "2:14", "{{this}}")
}

fn fixture_of(template: &str) -> Result<Fixture, common::Error> {
    fixture(template, &[("hetzner", HETZNER)])
}

/// A list printed whole would publish `[a, b]` (Markdown-escaped as
/// `\[a, b\]`, or `\[\[object\], \[object\]\]` for rows): a template-shape
/// error at its line and column saying it is a list and how to print its
/// items, for lists of text, of objects, inside `{{#each}}`, and for
/// `{{this}}` over an object whose values include a list; the policy
/// untouched.
#[test]
fn a_list_printed_whole_is_refused_with_its_ways_out() -> TestResult {
    let cases = [
        (
            "Who:\n  {{organization.aliases}}\n",
            "2:3",
            "{{organization.aliases}}",
        ),
        (
            "# Rows\n\n{{{subprocessors}}}\n",
            "3:1",
            "{{subprocessors}}",
        ),
        (
            "{{#each subprocessors}}\n- {{name}}: {{locations}}\n{{/each}}\n",
            "2:13",
            "{{locations}}",
        ),
        (
            "{{#each organization}}{{@key}}={{this}};{{/each}}\n",
            "1:32",
            "{{this}}",
        ),
    ];
    for (template, at, field) in cases {
        let fixture = fixture_of(template)?;
        assert_refused(&fixture, at, field)?;
        let run = fixture.run(&["check", "--as-of", AS_OF])?;
        assert!(
            run.stderr.contains(&format!(
                "templates/typo.md.hbs:{at}: `{field}` is a list, which would publish as \
                 `[item, item]` (or `[[object], [object]]`)"
            )),
            "{template}: {}",
            run.stderr
        );
        let raw = field.trim_matches(['{', '}']);
        assert!(
            run.stderr.contains(&format!(
                "print its items with `{{{{join {raw} \", \"}}}}` or \
                 `{{{{#each {raw}}}}}...{{{{/each}}}}`"
            )),
            "{template}: {}",
            run.stderr
        );
    }
    Ok(())
}
