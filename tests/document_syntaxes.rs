//! Documents whose markers are written in their own comment syntax (MDX,
//! reStructuredText, YAML, AsciiDoc): kept in sync by `inject`, judged by
//! `inject --check` and `check`, with the bytes outside the regions kept,
//! and their marker errors told in the document's syntax. Outputs are read
//! back with real parsers (YAML) where one exists.

mod common;

use common::{EU_REGISTRY, Fixture, HETZNER, TestResult};

const AS_OF: &str = "2026-11-29";

/// A YAML export: one double-quoted scalar per value.
const YAML_TEMPLATE: &str = "{{#each subprocessors}}\n- name: {{name}}\n  purposes: [{{#each purposes}}{{#unless @first}}, {{/unless}}{{this}}{{/each}}]\n{{/each}}";

/// A reStructuredText bullet list.
const RST_TEMPLATE: &str =
    "{{#each subprocessors}}\n* **{{name}}**: {{join purposes \", \"}}\n{{/each}}";

/// The registry, listing one document of each syntax.
fn registry() -> String {
    let mut text = EU_REGISTRY.to_owned();
    for path in ["policy.mdx", "policy.rst", "list.yaml", "policy.adoc"] {
        text.push_str(&format!("\n[[documents]]\npath = \"../docs/{path}\"\n"));
    }
    text
}

/// Each document: its path, its text with an empty region, and the
/// rendered line its region must hold for [`HETZNER`].
fn documents() -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "docs/policy.mdx",
            "# Policy\n\n{/* subreg:begin template=subprocessors.md */}\n{/* subreg:end */}\r\n\nBye"
                .to_owned(),
            "| Hetzner Online GmbH | Backups |",
        ),
        (
            "docs/policy.rst",
            "Policy\n======\n\n.. subreg:begin template=list.rst\n.. subreg:end\n".to_owned(),
            "* **Hetzner Online GmbH**: Backups",
        ),
        (
            "docs/list.yaml",
            "# generated below\nsubprocessors:\n  # subreg:begin template=list.yaml\n  # subreg:end\n"
                .to_owned(),
            "- name: \"Hetzner Online GmbH\"",
        ),
        (
            "docs/policy.adoc",
            "= Policy\n\n// subreg:begin template=subprocessors.md\n// subreg:end\n".to_owned(),
            "| Hetzner Online GmbH | Backups |",
        ),
    ]
}

fn fixture(hetzner: &str) -> Result<Fixture, common::Error> {
    let fixture = Fixture::new(&registry())?.subprocessor("hetzner", hetzner)?;
    fixture.write("templates/list.yaml.hbs", YAML_TEMPLATE)?;
    fixture.write("templates/list.rst.hbs", RST_TEMPLATE)?;
    for (path, text, _) in documents() {
        fixture.write(path, text)?;
    }
    Ok(fixture)
}

#[test]
fn documents_of_every_syntax_are_kept_in_sync() -> TestResult {
    let fixture = fixture(HETZNER)?;
    let stale = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(stale.code, 1, "{}{}", stale.stdout, stale.stderr);
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let stale: Vec<(&str, u64)> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["rule"] == "document-stale")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or(""),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        stale,
        [
            ("docs/list.yaml", 3),
            ("docs/policy.adoc", 3),
            ("docs/policy.mdx", 3),
            ("docs/policy.rst", 4)
        ]
    );
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (path, before, line) in documents() {
        let after = fixture.read_string(path)?;
        assert!(after.contains(line), "{path}: {after}");
        // Outside the region, byte for byte: the CRLF of the MDX end
        // marker and its missing final newline too.
        let (head, _) = before.split_once("subreg:begin").ok_or("no begin")?;
        let tail = &before[before.find("subreg:end").ok_or("no end")?..];
        assert!(after.starts_with(head), "{path}: {after}");
        assert!(after.ends_with(tail), "{path}: {after}");
    }
    let fresh = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
    Ok(())
}

/// Any name in a YAML document is read back unchanged by a YAML parser,
/// and a value holding a marker line of the document's syntax writes no
/// such line.
#[test]
fn a_yaml_value_is_read_back_and_writes_no_marker() -> TestResult {
    let name = "Evil: \\\"x\\\" # subreg:end\\n# subreg:end\\n- name: forged";
    let evil = HETZNER.replace("Hetzner Online GmbH", name);
    let fixture = fixture(&evil)?;
    let run = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let yaml = fixture.read_string("docs/list.yaml")?;
    let docs = yaml_rust2::YamlLoader::load_from_str(&yaml)?;
    let list = docs[0]["subprocessors"]
        .as_vec()
        .ok_or_else(|| format!("no list: {yaml}"))?;
    assert_eq!(list.len(), 1, "{yaml}");
    assert_eq!(
        list[0]["name"].as_str(),
        Some("Evil: \"x\" # subreg:end\n# subreg:end\n- name: forged")
    );
    assert_eq!(list[0]["purposes"][0].as_str(), Some("Backups"));
    let rst = fixture.read_string("docs/policy.rst")?;
    assert!(
        rst.contains("* **Evil\\: \"x\" # subreg\\:end # subreg\\:end - name\\: forged**: Backups"),
        "{rst}"
    );
    Ok(())
}

/// Marker errors are located and told in the document's own syntax.
#[test]
fn marker_errors_are_told_in_the_documents_syntax() -> TestResult {
    let fixture = fixture(HETZNER)?;
    fixture.write(
        "docs/list.yaml",
        "subprocessors:\n  # subreg:begin template=lsit.yaml\n  # subreg:end\n",
    )?;
    fixture.write("docs/policy.rst", ".. subreg:end\n")?;
    fixture.write("docs/policy.mdx", "{/* SUBREG:end */}\n")?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let errors: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| d["rule"] == "marker-error")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "docs/list.yaml".to_owned(),
                2,
                27,
                "this region names the template `lsit.yaml`, which is neither built in nor in \
                 the templates folder; did you mean `list.yaml`?"
                    .to_owned()
            ),
            (
                "docs/policy.mdx".to_owned(),
                1,
                1,
                "this line looks like a subreg marker but is not one: `SUBREG` is not lower \
                 case; write `{/* subreg:begin template=NAME */}` or `{/* subreg:end */}`"
                    .to_owned()
            ),
            (
                "docs/policy.rst".to_owned(),
                1,
                1,
                "this end marker has no begin marker before it; remove it or add `.. \
                 subreg:begin template=NAME` above the generated content"
                    .to_owned()
            ),
        ]
    );
    Ok(())
}
