//! The reviewed text of `subreg check`'s human output: every finding with
//! its file:line:column, the source line, a caret under the value, the
//! notes, and the summary line. A change here is a change legal staff see.

mod common;

use common::{AS_OF, EU_REGISTRY_WITH_POLICY, Fixture, TestResult};

/// Faults in the middle of files, each surrounded by valid lines.
fn several_faults() -> Result<Fixture, Box<dyn std::error::Error>> {
    Fixture::new(EU_REGISTRY_WITH_POLICY)?
        .templates()?
        .doc(
            "policy.md",
            "# Privacy policy\n\nWe use these sub-processors:\n\n<!-- subreg:begin template=subprocessors.md -->\n| Third Party | Purpose |\n| :--- | :--- |\n<!-- subreg:end -->\n\nContact us.\n",
        )?
        .subprocessor(
            "analytics",
            r#"# Product analytics, US entity, data in Frankfurt.
name = "Analytics Corp."
country = "US"
purposes = ["Product analytics"]
locations = ["DE"]
website = "https://analytics.example"
added = 2024-03-01
"#,
        )?
        .subprocessor(
            "crm",
            r#"name = "Crm Corp."
country = "IE"
purposes = ["Customer relations"]
locations = ["IE", "Germany"]
website = "https://crm.example"
data_categories = ["contact data"]
added = 2024-03-01
"#,
        )?
        .subprocessor(
            "mailer",
            r#"name = "Mailer Inc."
country = "US"
purpose = ["Email delivery"]
locations = ["US"]
added = 2018-01-10

[[transfers]]
to = "US"
mechanism = "eu-us-dpf"
verified = 2026-10-01
"#,
        )?
        .subprocessor(
            "newsletter",
            r#"name = "Newsletter Inc."
country = "US"
purposes = ["Newsletters"]
locations = ["US"]
added = 2018-01-10

[[transfers]]
to = "US"
mechanism = "privacy-shield"

[[transfers]]
to = "US"
mechanism = "eu-scc-2021"
module = 3
signed = 2021-05-01
tia = 2021-04-20
"#,
        )?
        .subprocessor(
            "storage",
            r#"name = "Storage GmbH"
country = "DE"
purposes = ["Backups"]
locations = ["DE"]
added = 2023-11-08T10:00:00Z
effective = 2023-11-08
"#,
        )
}

#[test]
fn check_human_output() -> TestResult {
    let fixture = several_faults()?;
    let run = fixture.run(&["check", "--as-of", AS_OF, "--color", "never"])?;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
    Ok(())
}
