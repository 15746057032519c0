//! `subreg import` on the sub-processor lists real companies publish
//! (tests/fixtures/real-lists/, sources in its README): entities, names,
//! countries, locations, groups and transfers asserted exactly; then
//! `check` on the result (no structural finding), the review report, and
//! hostile or foreign-language inputs.

mod common;

use std::path::Path;

use common::{Error, TestResult, repo_root, run_in};

const AS_OF: &str = "2026-12-02";

/// A folder set up by `subreg init` for a German processor under the EU
/// GDPR, with `list` imported into it: the run and the folder.
fn imported(list: &str, extra: &[&str]) -> Result<(common::Run, tempfile::TempDir), Error> {
    let dir = tempfile::tempdir()?;
    let init = run_in(
        dir.path(),
        &[
            "init",
            ".",
            "--org",
            "Acme GmbH",
            "--country",
            "DE",
            "--role",
            "processor",
            "--as-of",
            AS_OF,
        ],
    )?;
    assert_eq!(init.code, 0, "{}", init.stderr);
    let path = repo_root().join("tests/fixtures/real-lists").join(list);
    let path = path.to_string_lossy().into_owned();
    let mut args = vec!["import", path.as_str(), "--as-of", AS_OF];
    args.extend(extra);
    let run = run_in(dir.path(), &args)?;
    Ok((run, dir))
}

/// Each written file as `id | name | country | locations | group |
/// transfers` (empty trailing fields dropped), in published order.
fn summary(dir: &Path) -> Result<Vec<String>, Error> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dir.join("registry/subprocessors"))? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path)?)?;
        let text = |key: &str| {
            table
                .get(key)
                .and_then(toml::Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let list = |key: &str| -> Vec<String> {
            table
                .get(key)
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let transfers: Vec<String> = table
            .get("transfers")
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|t| {
                        format!(
                            "{}:{}",
                            t.get("to").and_then(toml::Value::as_str).unwrap_or(""),
                            t.get("mechanism")
                                .and_then(toml::Value::as_str)
                                .unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = format!(
            "{id} | {} | {} | {} | {} | {}",
            text("name"),
            text("country"),
            list("locations").join(" "),
            text("group"),
            transfers.join(" ")
        );
        let order = table
            .get("order")
            .and_then(toml::Value::as_integer)
            .unwrap_or(0);
        rows.push((order, line.trim_end_matches([' ', '|']).to_owned()));
    }
    rows.sort();
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

/// Imports `list`, asserts the report's summary line and every entity,
/// and that `check` finds nothing structural in what was written.
fn assert_import(list: &str, summary_line: &str, expected: &[&str]) -> TestResult {
    let (run, dir) = imported(list, &[])?;
    assert_eq!(
        run.code, 1,
        "{list}: items to review: {}{}",
        run.stdout, run.stderr
    );
    let shown = repo_root().join("tests/fixtures/real-lists").join(list);
    let wanted = format!("{}: {summary_line}\n", shown.display());
    assert!(
        run.stdout.contains(&wanted),
        "{list}: no `{wanted}` in\n{}",
        run.stdout
    );
    assert_eq!(summary(dir.path())?, expected, "{list}");
    let check = run_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"])?;
    let report: serde_json::Value = serde_json::from_str(&check.stdout)?;
    let structural: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter(|d| {
            [
                "toml-syntax",
                "schema-violation",
                "unknown-key",
                "invalid-encoding",
            ]
            .contains(&d["rule"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(structural.is_empty(), "{list}: {structural:?}");
    Ok(())
}

#[test]
fn github_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "01-github.md",
        "29 sub-processors from 30 rows; 36 to review",
        &[
            "amazon-web-services-inc-aws | Amazon Web Services Inc (AWS) | US | US | Third Party Subprocessors",
            "anthropic-pbc | Anthropic PBC | US | US | Third Party Subprocessors",
            "cloudflare | Cloudflare | US | US | Third Party Subprocessors",
            "elasticsearch-inc | Elasticsearch, Inc. | US | US | Third Party Subprocessors",
            "fastly | Fastly | US | US | Third Party Subprocessors",
            "fireworks-ai | Fireworks AI | US | US DE IS | Third Party Subprocessors",
            "fullstory-inc | FullStory, Inc. | US | US | Third Party Subprocessors",
            "google-cloud-platform-gcp | Google Cloud Platform (GCP) | US | US BE SG | Third Party Subprocessors",
            "hewlett-packard-limited | Hewlett-Packard Limited | US | US | Third Party Subprocessors",
            "lambdatest | LambdaTest | US | US | Third Party Subprocessors",
            "microsoft-azure | Microsoft (Azure) | US | US CA CL MX | Third Party Subprocessors",
            "microsoft | Microsoft | US | US AU BR CA FR JP NO ES SE CH GB | Third Party Subprocessors",
            "moveworks | Moveworks | US | US | Third Party Subprocessors",
            "nexmo-inc-aka-vonage | NexMo Inc (aka Vonage) | US | US | Third Party Subprocessors",
            "obsidian-security | Obsidian Security | US | US | Third Party Subprocessors",
            "openai | OpenAI | US | US | Third Party Subprocessors",
            "oracle-america-inc | Oracle America, Inc. | US | US | Third Party Subprocessors",
            "pusher | Pusher | US | US | Third Party Subprocessors",
            "tines-automation-inc | Tines Automation Inc. | US | US | Third Party Subprocessors",
            "twilio-sendgrid | Twilio (SendGrid) | US | US | Third Party Subprocessors",
            "xai | xAI | US | US | Third Party Subprocessors",
            "zendesk | Zendesk | US | US | Third Party Subprocessors",
            "github-australia-pty-ltd | GitHub Australia Pty Ltd | AU | AU | GitHub Subsidiaries",
            "github-bv | GitHub BV | NL | NL | GitHub Subsidiaries",
            "github-canada-ulc | GitHub Canada ULC | CA | CA | GitHub Subsidiaries",
            "github-germany-gmbh | GitHub Germany GmbH | DE | DE | GitHub Subsidiaries",
            "github-india-pty-ltd | GitHub India Pty Ltd | IN | IN | GitHub Subsidiaries",
            "npm-inc | npm Inc | US | US | GitHub Subsidiaries",
            "semmle-inc | Semmle Inc | US | US | GitHub Subsidiaries",
        ],
    )
}

#[test]
fn retool_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "02-retool.md",
        "8 sub-processors from 9 rows; 18 to review",
        &[
            "amazon-web-services-inc | Amazon Web Services, Inc. | XX | US | Infrastructure Subprocessors",
            "temporal-technologies | Temporal Technologies | XX | US | Infrastructure Subprocessors",
            "datastax-inc | DataStax, Inc. | XX | US | Infrastructure Subprocessors",
            "openai-inc | OpenAI, Inc. | XX | US | Infrastructure Subprocessors",
            "neon-inc | Neon, Inc. | XX | US | Infrastructure Subprocessors",
            "supabase-inc | Supabase, Inc. | XX | US | Infrastructure Subprocessors",
            "intercom-inc | Intercom, Inc.. | XX | US | Other Subprocessors",
            "mailgun-technologies-inc | Mailgun Technologies Inc. | XX | US | Other Subprocessors",
        ],
    )
}

#[test]
fn bento_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "03-bento.md",
        "19 sub-processors from 19 rows; 38 to review",
        &[
            "amazon-web-services-aws | Amazon Web Services (AWS) | XX | US | Current subprocessors",
            "heroku | Heroku | XX | US | Current subprocessors",
            "vercel | Vercel | XX | US | Current subprocessors",
            "cloudflare | Cloudflare | XX | US | Current subprocessors",
            "elastic | Elastic | XX | US | Current subprocessors",
            "planetscale | PlanetScale | XX | US | Current subprocessors",
            "redis | Redis | XX | not-stated | Current subprocessors",
            "openai | OpenAI | XX | US | Current subprocessors",
            "stripe | Stripe | XX | US | Current subprocessors",
            "sendgrid | SendGrid | XX | US | Current subprocessors",
            "hetzner | Hetzner | XX | EU | Current subprocessors",
            "new-relic | New Relic | XX | US | Current subprocessors",
            "honeybadger | Honeybadger | XX | US | Current subprocessors",
            "sentry | Sentry | XX | US | Current subprocessors",
            "better-stack | Better Stack | XX | US | Current subprocessors",
            "close | Close | XX | US | Current subprocessors",
            "google-workspace-gmail | Google Workspace (Gmail) | XX | US | Current subprocessors",
            "contentful | Contentful | XX | US | Current subprocessors",
            "spamhaus | Spamhaus | XX | US | Current subprocessors",
        ],
    )
}

#[test]
fn sage_bionetworks_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "05-sage-bionetworks.md",
        "13 sub-processors from 13 rows (list dated 2025-05-15); 25 to review",
        &[
            "amazon-web-services-aws | Amazon Web Services (AWS) | XX | US DE IE",
            "atlassian | Atlassian | XX | US",
            "clear-company | Clear Company | XX | US",
            "docusign | DocuSign | XX | US",
            "google-llc | Google LLC | XX | US",
            "jfrog-ltd | JFrog Ltd | XX | US",
            "jumpcloud | JumpCloud | XX | US",
            "mailchimp | Mailchimp | XX | US",
            "slack | Slack | XX | US",
            "snowflake-inc | Snowflake Inc. | XX | US",
            "stripe | Stripe | XX | US",
            "zoom | Zoom | XX | US",
            "cloudmailin | CloudMailin | XX | GB",
        ],
    )
}

#[test]
fn embrace_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "07-embrace.md",
        "4 sub-processors from 5 rows (list dated 2025-03-19); 7 to review",
        &[
            "amazon-web-services-inc | Amazon Web Services, Inc | XX | US EU | United States",
            "ovh-us-llc | OVH US, LLC | XX | US | United States",
            "ovh-groupe-sa | OVH Groupe SA | XX | EU | European Union",
            "scaleway-s-a-s | SCALEWAY S.A.S. | XX | EU | European Union",
        ],
    )
}

#[test]
fn basecamp_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "08-basecamp.md",
        "11 sub-processors from 11 rows (list dated 2023-06-08); 21 to review",
        &[
            "amazon-web-services | Amazon Web Services | XX | US",
            "braintree | Braintree | XX | US",
            "cloudflare | Cloudflare | XX | US",
            "convert-com | Convert.com | XX | US",
            "google-cloud-platform | Google Cloud Platform | XX | US",
            "hcaptcha | hCaptcha | XX | US",
            "help-scout | Help Scout | XX | US",
            "mailchimp | Mailchimp | XX | US",
            "sentry | Sentry | XX | US",
            "taxjar | TaxJar | XX | US",
            "appsignal | AppSignal | XX | EU",
        ],
    )
}

#[test]
fn gruntwork_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "10-gruntwork.yml",
        "11 sub-processors from 11 rows; 13 to review",
        &[
            "docusign | DocuSign | US | US",
            "foqal | Foqal | US | US",
            "github | GitHub | US | US",
            "google | Google | US | US",
            "hubspot | HubSpot | US | US",
            "mailchimp | MailChimp | US | US",
            "slack | Slack | US | US",
            "stripe | Stripe | US | US",
            "teachable | Teachable | US | US",
            "zapier | Zapier | US | US",
            "zendesk | ZenDesk | US | US",
        ],
    )
}

#[test]
fn deltagreen_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "11-deltagreen.json",
        "6 sub-processors from 6 rows (list dated 2025-04-01); 8 to review",
        &[
            "amazon-web-services-aws | Amazon Web Services (AWS) | XX | EU",
            "google-workspace | Google Workspace | XX | EU",
            "hubspot | HubSpot | XX | US |  | US:eu-scc-2021",
            "datadog | Datadog | XX | EU",
            "sentry | Sentry | XX | US |  | US:eu-scc-2021",
            "stripe | Stripe | XX | US EU |  | US:eu-scc-2021",
        ],
    )
}

#[test]
fn basecamp_hey_is_imported_entity_for_entity() -> TestResult {
    assert_import(
        "basecamp-hey.md",
        "10 sub-processors from 10 rows (list dated 2023-06-08); 19 to review",
        &[
            "amazon-web-services | Amazon Web Services | XX | US",
            "braintree | Braintree | XX | US",
            "cloudflare | Cloudflare | XX | US",
            "google-cloud-platform | Google Cloud Platform | XX | US",
            "hcaptcha | hCaptcha | XX | US",
            "help-scout | Help Scout | XX | US",
            "mailchimp | Mailchimp | XX | US",
            "sentry | Sentry | XX | US",
            "taxjar | TaxJar | XX | US",
            "appsignal | AppSignal | XX | EU",
        ],
    )
}

/// Imports `text` saved as `name` into a new registry (a processor in
/// Germany under the EU GDPR and the UK GDPR): the run and the folder.
fn import_text(
    name: &str,
    text: &str,
    extra: &[&str],
) -> Result<(common::Run, tempfile::TempDir), Error> {
    let dir = tempfile::tempdir()?;
    let init = run_in(
        dir.path(),
        &[
            "init",
            ".",
            "--org",
            "Acme GmbH",
            "--country",
            "DE",
            "--role",
            "processor",
            "--regimes",
            "eu-gdpr,uk-gdpr",
            "--as-of",
            AS_OF,
        ],
    )?;
    assert_eq!(init.code, 0, "{}", init.stderr);
    std::fs::write(dir.path().join(name), text)?;
    let mut args = vec!["import", name, "--as-of", AS_OF];
    args.extend(extra);
    let run = run_in(dir.path(), &args)?;
    Ok((run, dir))
}

fn file(dir: &Path, id: &str) -> Result<String, Error> {
    Ok(std::fs::read_to_string(
        dir.join("registry/subprocessors")
            .join(format!("{id}.toml")),
    )?)
}

#[test]
fn a_german_list_is_read_with_its_date_places_and_clauses() -> TestResult {
    let (run, dir) = import_text(
        "unterauftragsverarbeiter.md",
        "# Unterauftragsverarbeiter\n\nStand: 1. März 2024\n\n\
         | Unterauftragsverarbeiter | Zweck der Verarbeitung | Standort | Geeignete Garantien |\n\
         | --- | --- | --- | --- |\n\
         | Amazon Web Services EMEA SARL | Hosting | Deutschland, Irland | keine Übermittlung |\n\
         | Zendesk, Inc.¹ | Kundensupport | Vereinigte Staaten | Standardvertragsklauseln |\n",
        &[],
    )?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        summary(dir.path())?,
        [
            "amazon-web-services-emea-sarl | Amazon Web Services EMEA SARL | XX | DE IE | Unterauftragsverarbeiter",
            "zendesk-inc | Zendesk, Inc. | XX | US | Unterauftragsverarbeiter | US:eu-scc-2021",
        ]
    );
    let zendesk = file(dir.path(), "zendesk-inc")?;
    for line in [
        "name = \"Zendesk, Inc.\"   # published with the footnote marker `¹`\n",
        "locations = [\"US\"]   # published: \"Vereinigte Staaten\"\n",
        "added = 2024-03-01   # to confirm: the list's date; the list does not say when the entity was engaged\n",
        "mechanism = \"eu-scc-2021\"   # published: \"Standardvertragsklauseln\"\n",
        "module = 3\nsigned = 2024-03-01\nassumed = [\"module\", \"signed\"]   # to confirm: not published\n",
    ] {
        assert!(zendesk.contains(line), "no `{line}` in\n{zendesk}");
    }
    // The EU's clauses do not serve the UK GDPR: said, not invented.
    assert!(
        run.stdout.contains(
            "unterauftragsverarbeiter.md:8: Zendesk, Inc.: the transfer to US under uk-gdpr has no \
         mechanism in the list; add one\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(list dated 2024-03-01)"));
    Ok(())
}

#[test]
fn french_italian_and_spanish_lists_are_read_too() -> TestResult {
    let (run, dir) = import_text(
        "sous-traitants.csv",
        "Sous-traitant,Finalité,Localisation,Garanties\n\
         OVHcloud SAS,Hébergement,France,\n\
         \"Mailjet, Inc.\",E-mails,États-Unis,Clauses contractuelles types\n",
        &[],
    )?;
    assert_eq!(run.code, 1);
    assert_eq!(
        summary(dir.path())?,
        [
            "ovhcloud-sas | OVHcloud SAS | XX | FR",
            "mailjet-inc | Mailjet, Inc. | XX | US |  | US:eu-scc-2021",
        ]
    );
    let (_, dir) = import_text(
        "sub-responsabili.yaml",
        "ultimo_aggiornamento: 8 giugno 2023\nsub_responsabili:\n  - nome: Aruba S.p.A.\n    finalita: Hosting\n    sede: Italia\n  - nome: Brevo\n    finalita: Newsletter\n    sede: Francia\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "aruba-s-p-a | Aruba S.p.A. | IT | IT",
            "brevo | Brevo | FR | FR"
        ]
    );
    assert!(file(dir.path(), "brevo")?.contains("\nadded = 2023-06-08 "));
    let (_, dir) = import_text(
        "subencargados.json",
        r#"{"fecha de actualizacion": "2024-02-01", "subencargados": [
            {"nombre": "Acme Cloud S.L.", "finalidad": "Alojamiento", "ubicacion": "España y Portugal"},
            {"nombre": "Beta Corp", "finalidad": "Soporte", "ubicacion": "Reino Unido"}]}"#,
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "acme-cloud-s-l | Acme Cloud S.L. | XX | ES PT",
            "beta-corp | Beta Corp | XX | GB"
        ]
    );
    Ok(())
}

#[test]
fn one_place_or_another_is_no_list_of_places() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "| Sub-processor | Purpose | Location |\n| --- | --- | --- |\n\
         | Alpha Ltd | Hosting | United States or EU |\n\
         | Beta GmbH | Hosting | Depending on the customer's region |\n\
         | Gamma Inc | Hosting | Worldwide |\n\
         | Delta SA | Hosting | US, EU (Frankfurt) |\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "alpha-ltd | Alpha Ltd | XX | not-stated",
            "beta-gmbh | Beta GmbH | XX | customer-choice",
            "gamma-inc | Gamma Inc | XX | not-stated",
            "delta-sa | Delta SA | XX | US EU",
        ]
    );
    for message in [
        "list.md:3: Alpha Ltd: location `United States or EU` read as `not-stated`: the list names one place or another, not all of them\n",
        "list.md:4: Beta GmbH: location `Depending on the customer's region` read as `customer-choice`: the place depends on the customer's choice\n",
        "list.md:6: Delta SA: the details `Frankfurt` of location `US, EU (Frankfurt)` were left out",
    ] {
        assert!(
            run.stdout.contains(message),
            "no `{message}` in\n{}",
            run.stdout
        );
    }
    Ok(())
}

#[test]
fn import_overwrites_nothing_and_says_so() -> TestResult {
    let list =
        "| Name | Purpose | Location |\n| --- | --- | --- |\n| Alpha Ltd | Hosting | Germany |\n";
    let (first, dir) = import_text("list.md", list, &[])?;
    assert_eq!(first.code, 1);
    let before = file(dir.path(), "alpha-ltd")?;
    let again = run_in(dir.path(), &["import", "list.md", "--as-of", AS_OF])?;
    assert_eq!(again.code, 1);
    assert!(
        again.stdout.contains(
            "list.md:3: Alpha Ltd was not written: registry/subprocessors/alpha-ltd.toml exists \
         (subreg import overwrites nothing)\n"
        ),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("list.md: 0 sub-processors from 1 row; ")
    );
    assert_eq!(file(dir.path(), "alpha-ltd")?, before);
    Ok(())
}

#[test]
fn a_dry_run_writes_nothing() -> TestResult {
    let list =
        "| Name | Purpose | Location |\n| --- | --- | --- |\n| Alpha Ltd | Hosting | Germany |\n";
    let (run, dir) = import_text("list.md", list, &["--dry-run"])?;
    assert!(
        run.stdout
            .starts_with("would create registry/subprocessors/alpha-ltd.toml\n"),
        "{}",
        run.stdout
    );
    assert!(
        !dir.path()
            .join("registry/subprocessors/alpha-ltd.toml")
            .exists()
    );
    Ok(())
}

#[test]
fn an_unreadable_list_writes_nothing_and_exits_2() -> TestResult {
    for (name, text, message) in [
        (
            "list.json",
            "[{\"name\": \"A\",}]",
            "error: list.json: trailing comma at line 1 column 15; nothing was written\n",
        ),
        (
            "list.adoc",
            "|===\n",
            "error: list.adoc: subreg import does not read .adoc files yet; save the list as \
             Markdown, reStructuredText, HTML, CSV, JSON or YAML; nothing was written\n",
        ),
        (
            "list.csv",
            "Name,Purpose\n\"A,Hosting\n",
            "error: list.csv: line 2: a quote (\") is opened and never closed; nothing was written\n",
        ),
    ] {
        let (run, dir) = import_text(name, text, &[])?;
        assert_eq!((run.code, run.stderr.as_str()), (2, message));
        assert_eq!(
            std::fs::read_dir(dir.path().join("registry/subprocessors"))?.count(),
            1
        );
    }
    let (run, _dir) = import_text("latin1.csv", "", &[])?;
    assert_eq!(run.code, 1, "an empty list reads as no row");
    Ok(())
}

#[test]
fn a_file_of_many_organisations_lists_is_read_one_at_a_time() -> TestResult {
    let (run, _) = imported("13-ai-vendors-scrape.csv", &[])?;
    assert!(run.stdout.contains(
        "the column `Company` is no registry field and was not read; its 47 values look like the \
         organisations whose lists the file holds: import one with --where 'Company=VALUE'\n"
    ), "{}", &run.stdout[..run.stdout.len().min(2000)]);
    let (run, dir) = imported("13-ai-vendors-scrape.csv", &["--where", "company=Cursor"])?;
    assert_eq!(run.code, 1);
    let rows = summary(dir.path())?;
    assert_eq!(rows.len(), 26);
    assert_eq!(
        rows[..3],
        [
            "aws | AWS | XX | not-stated",
            "microsoft-azure | Microsoft Azure | XX | not-stated",
            "google-cloud-platform-gcp | Google Cloud Platform (GCP) | XX | not-stated"
        ]
    );
    let (run, _) = imported("13-ai-vendors-scrape.csv", &["--where", "Firma=Cursor"])?;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no table has a column `Firma`; its headers are `Company`, `Sub-processor`, `Service category / What they do`"), "{}", run.stderr);
    Ok(())
}

fn fixture(name: &str) -> Result<String, Error> {
    Ok(std::fs::read_to_string(
        repo_root().join("tests/fixtures/import").join(name),
    )?)
}

#[test]
fn restructured_text_grid_simple_and_list_tables_are_read() -> TestResult {
    let (run, dir) = import_text("list.rst", &fixture("list.rst")?, &[])?;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        summary(dir.path())?,
        [
            "hetzner-online-gmbh | Hetzner Online GmbH | XX | DE | EU",
            "scaleway | Scaleway | XX | FR | EU",
            "stripe-inc | Stripe, Inc. | XX | US | US",
            "zendesk-inc | Zendesk, Inc. | XX | US | US",
            "brevo | Brevo | XX | FR | US",
        ]
    );
    // A grid cell over two lines is one value; the date is the list's.
    let hetzner = file(dir.path(), "hetzner-online-gmbh")?;
    assert!(
        hetzner.contains("\npurposes = [\"Hosting and backups\"]\n"),
        "{hetzner}"
    );
    assert!(hetzner.contains("\nadded = 2024-05-01 "));
    Ok(())
}

#[test]
fn html_tables_are_read_as_browsers_parse_them() -> TestResult {
    let (run, dir) = import_text("list.html", &fixture("list.html")?, &[])?;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        summary(dir.path())?,
        [
            "stripe-inc | Stripe, Inc. | XX | US | Sub-processors",
            "hetzner-online-gmbh | Hetzner Online GmbH | XX | DE | Sub-processors",
        ]
    );
    let stripe = file(dir.path(), "stripe-inc")?;
    // `<br>` separates words; the `<sup>` footnote mark is no part of the name.
    assert!(stripe.contains("\nname = \"Stripe, Inc.\"\n"), "{stripe}");
    assert!(stripe.contains("\npurposes = [\"Payments and billing\"]\n"));
    assert!(stripe.contains("\nwebsite = \"https://stripe.com\"\n"));
    assert!(
        run.stdout
            .contains("list.html: 2 sub-processors from 2 rows (list dated 2025-02-03); ")
    );
    Ok(())
}

#[test]
fn an_html_table_inside_markdown_yaml_or_mdx_is_read() -> TestResult {
    let table = "<table><tr><th>Name</th><th>Purpose</th><th>Location</th></tr>\
                 <tr><td>Alpha Ltd</td><td>Hosting</td><td>Ireland</td></tr></table>";
    let (_, dir) = import_text("list.md", &format!("# Vendors\n\n{table}\n"), &[])?;
    assert_eq!(
        summary(dir.path())?,
        ["alpha-ltd | Alpha Ltd | XX | IE | Vendors"]
    );
    let yaml = format!(
        "title: Sub-processors\nbody: \"{}\"\n",
        table.replace('"', "\\\"")
    );
    let (_, dir) = import_text("page.yaml", &yaml, &[])?;
    assert_eq!(summary(dir.path())?, ["alpha-ltd | Alpha Ltd | XX | IE"]);
    let json = serde_json::json!({ "content": table }).to_string();
    let (_, dir) = import_text("page.json", &json, &[])?;
    assert_eq!(summary(dir.path())?, ["alpha-ltd | Alpha Ltd | XX | IE"]);
    let mdx = "import Note from './note'\n\n# Vendors\n\n<Note>Updated yearly</Note>\n\n\
               | Name | Purpose | Location |\n| --- | --- | --- |\n| Beta GmbH | Mail | Germany |\n";
    let (_, dir) = import_text("vendors.mdx", mdx, &[])?;
    assert_eq!(
        summary(dir.path())?,
        ["beta-gmbh | Beta GmbH | XX | DE | Vendors"]
    );
    Ok(())
}

/// The cells of every GFM table of `markdown`, row by row (header first),
/// and its headings: what a list says, whatever its column padding.
fn table_rows(markdown: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut text: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableCell | Tag::Heading { .. }) => text = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(text.take().map(|t| t.trim().to_owned())),
            Event::End(TagEnd::Heading(_)) => {
                rows.extend(text.take().map(|t| vec![format!("# {t}")]))
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Text(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

#[test]
fn the_generated_template_renders_the_list_again_but_for_what_was_reported() -> TestResult {
    let (run, dir) = imported("07-embrace.md", &["--template", "embrace"])?;
    let source = repo_root().join("tests/fixtures/real-lists/07-embrace.md");
    let shown = source.display().to_string();
    let report: Vec<String> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("created templates/"))
        .take_while(|l| !l.is_empty())
        .map(|l| l.replace(&shown, "LIST"))
        .collect();
    // Said: where the markers go, and each line the template renders
    // otherwise: the entity of two sections once, under its first, and the
    // rows' column padding. The places print in the list's own words.
    assert_eq!(
        report,
        [
            "created templates/embrace.md.hbs: put `<!-- subreg:begin template=embrace.md -->` \
             before line 1 and `<!-- subreg:end -->` after line 14 of LIST, then `subreg inject`",
            "  LIST: it is outside the repository (the folder that holds the registry folder): copy \
             it in, then list it under `[[documents]]` in registry.toml, so that `subreg check` and \
             `subreg inject` keep it in sync",
            "  LIST: the template renders lines 1-14 otherwise, as `subreg inject --check` will show:",
            "  LIST:5: the template renders `| Amazon Web Services, Inc | United States, European Union \
             | Infrastructure services |` for `| Amazon Web Services, Inc | United States  \
             | Infrastructure services          |`",
            "  LIST:6: 4 lines are rendered the same but for column padding or line endings (lines 6, 11, 13-14)",
            "  LIST:12: `| Amazon Web Services, Inc | European Union | Infrastructure services          |` \
             is not rendered by the template",
        ],
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains(
        "07-embrace.md:5: Amazon Web Services, Inc is listed under `United States` and \
         `European Union`; its group is the first\n"
    ));

    // The markers where the report says: `inject --check` shows exactly
    // the published lines the report named, and nothing else.
    let published = std::fs::read_to_string(&source)?;
    let lines: Vec<&str> = published.lines().collect();
    let document = format!(
        "<!-- subreg:begin template=embrace.md -->\n{}\n<!-- subreg:end -->\n{}\n",
        lines[..14].join("\n"),
        lines[14..].join("\n")
    );
    std::fs::create_dir_all(dir.path().join("docs"))?;
    std::fs::write(dir.path().join("docs/list.md"), &document)?;
    let check = run_in(
        dir.path(),
        &["inject", "--check", "docs/list.md", "--as-of", AS_OF],
    )?;
    assert_eq!(check.code, 1, "{}", check.stderr);
    let removed: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .map(|l| &l[1..])
        .collect();
    let named: Vec<&str> = [5, 6, 11, 12, 13, 14]
        .iter()
        .map(|n| lines[n - 1])
        .collect();
    assert_eq!(removed, named, "{}", check.stdout);
    let added: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .map(|l| &l[1..])
        .collect();
    assert_eq!(
        added,
        [
            "| Amazon Web Services, Inc | United States, European Union | Infrastructure services |",
            "| OVH US, LLC | United States | Infrastructure services |",
            "|--------------------------|----------------|----------------------------------|",
            "| OVH Groupe SA | European Union | Infrastructure services |",
            "| SCALEWAY S.A.S. | European Union | Infrastructure services |",
        ]
    );
    // After `inject`, the check passes and the cells are as published but
    // for the entity listed once.
    let inject = run_in(dir.path(), &["inject", "docs/list.md", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 0, "{}", inject.stderr);
    let again = run_in(
        dir.path(),
        &["inject", "--check", "docs/list.md", "--as-of", AS_OF],
    )?;
    assert_eq!(again.code, 0, "{}", again.stdout);
    let cells =
        |rows: &[Vec<String>]| -> Vec<String> { rows.iter().map(|r| r.join(" | ")).collect() };
    assert_eq!(
        cells(&table_rows(&std::fs::read_to_string(
            dir.path().join("docs/list.md")
        )?)),
        [
            "# United States",
            "Company | Location | Processing Purpose",
            "Amazon Web Services, Inc | United States, European Union | Infrastructure services",
            "OVH US, LLC | United States | Infrastructure services",
            "# European Union",
            "Company | Location | Processing Purpose",
            "OVH Groupe SA | European Union | Infrastructure services",
            "SCALEWAY S.A.S. | European Union | Infrastructure services",
        ]
    );
    let aws = std::fs::read_to_string(
        dir.path()
            .join("registry/subprocessors/amazon-web-services-inc.toml"),
    )?;
    assert!(
        aws.contains(
            "locations = [\"US\", \"EU\"]   # published: \"United States\", \"European Union\"\n"
        ),
        "{aws}"
    );
    // A second run overwrites neither the files nor the template.
    let again = imported_again(dir.path(), "07-embrace.md", &["--template", "embrace"])?;
    assert!(
        again.contains("templates/embrace.md.hbs was not written: it exists"),
        "{again}"
    );
    Ok(())
}

fn imported_again(dir: &Path, list: &str, extra: &[&str]) -> Result<String, Error> {
    let path = repo_root().join("tests/fixtures/real-lists").join(list);
    let path = path.to_string_lossy().into_owned();
    let mut args = vec!["import", path.as_str(), "--as-of", AS_OF];
    args.extend(extra);
    Ok(run_in(dir, &args)?.stdout)
}

#[test]
fn a_published_safeguard_is_never_dropped_in_silence() -> TestResult {
    // A US company with its servers in Frankfurt: the list's place is no
    // transfer, but its safeguard column must not vanish.
    let (run, dir) = import_text(
        "list.md",
        "| Name | Purpose | Location | Safeguards |\n| --- | --- | --- | --- |\n\
         | Amazon Web Services, Inc. | Hosting | Germany (Frankfurt) | EU-US DPF, SCCs |\n\
         | Hetzner Online GmbH | Backups | Germany | None required (EEA) |\n\
         | Zendesk, Inc. | Support | United States | Binding Corporate Rules |\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "amazon-web-services-inc | Amazon Web Services, Inc. | XX | DE",
            "hetzner-online-gmbh | Hetzner Online GmbH | XX | DE",
            "zendesk-inc | Zendesk, Inc. | XX | US |  | US:bcr",
        ]
    );
    let aws = file(dir.path(), "amazon-web-services-inc")?;
    assert!(
        aws.contains("# published safeguard, no transfer entry written: \"EU-US DPF, SCCs\"\n"),
        "{aws}"
    );
    assert!(run.stdout.contains(
        "list.md:3: Amazon Web Services, Inc.: the safeguard `EU-US DPF, SCCs` is published, but \
         is no basis this registry can use for the row's destinations (DE); it is kept as a \
         comment"
    ), "{}", run.stdout);
    // "None required" says there is no transfer: nothing to keep.
    assert!(!file(dir.path(), "hetzner-online-gmbh")?.contains("published safeguard"));
    // No placeholder passes as a BCR approval reference.
    let zendesk = file(dir.path(), "zendesk-inc")?;
    assert!(!zendesk.contains("reference"), "{zendesk}");
    // Every file says which of its values were assumed.
    assert!(
        aws.contains(
            "\nassumed = [\"added\"]   # `check` warns until these are confirmed and removed\n"
        ),
        "{aws}"
    );
    let check = run_in(dir.path(), &["check", "--as-of", AS_OF])?;
    assert!(check.stdout.contains(
        "warning[SR0215]: evidence-assumed: Amazon Web Services, Inc.: `added` is assumed, not taken \
         from the organisation's own records"
    ), "{}", check.stdout);
    Ok(())
}

#[test]
fn a_safeguard_counts_for_its_own_row_and_only_where_it_is_a_basis() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "| Name | Purpose | Location | Transfer mechanism |\n| --- | --- | --- | --- |\n\
         | Acme | Support | US | SCCs |\n\
         | Acme | Support | India | |\n\
         | Beta | Hosting | US, India | DPF |\n\
         | Gamma | Mail | US | no SCCs |\n\
         | Delta | CRM | US | Standard Contractual Clauses (Module 2) |\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "acme | Acme | XX | US IN |  | US:eu-scc-2021",
            "beta | Beta | XX | US IN |  | US:eu-us-dpf",
            "gamma | Gamma | XX | US",
            "delta | Delta | XX | US |  | US:eu-scc-2021",
        ]
    );
    for message in [
        "list.md:3: Acme: the transfer to IN under eu-gdpr has no mechanism in the list; add one\n",
        "list.md:5: Beta: the transfer to IN under eu-gdpr has no mechanism in the list; add one\n",
        "list.md:6: Gamma: the safeguard `no SCCs` was not read: it says the mechanism is not, not yet or no longer in place\n",
    ] {
        assert!(
            run.stdout.contains(message),
            "no `{message}` in\n{}",
            run.stdout
        );
    }
    // A published module is the list's, not assumed.
    let delta = file(dir.path(), "delta")?;
    assert!(
        delta.contains("\nmodule = 2\nsigned = 2026-12-02\nassumed = [\"signed\"]"),
        "{delta}"
    );
    Ok(())
}

#[test]
fn hostile_cells_never_make_a_structural_finding() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "# Group\twith tab\n\nLast updated: 2026-01-05\n\n| Name | Purpose | Location | Website |\n| --- | --- | --- | --- |\n\
         | Hetzner\u{ad}Online GmbH | Host\u{202e}ing | US and Germany | https://example.com:99999/ |\n\
         | Zero\u{200b}Width | Mail | New Jersey | https://ex.com/{id} |\n\
         | Plain | Mail | Outside the EU | https://plain.example/ok |\n",
        &[],
    )?;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        summary(dir.path())?,
        [
            "hetzneronline-gmbh | HetznerOnline GmbH | XX | US DE | Group with tab",
            "zerowidth | ZeroWidth | XX | not-stated | Group with tab",
            "plain | Plain | XX | not-stated | Group with tab",
        ]
    );
    assert!(
        run.stdout
            .contains("list.md:7: 2 control or invisible characters were removed from this row\n"),
        "{}",
        run.stdout
    );
    assert!(!file(dir.path(), "hetzneronline-gmbh")?.contains("website"));
    assert!(file(dir.path(), "plain")?.contains("\nwebsite = \"https://plain.example/ok\"\n"));
    let check = run_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"])?;
    let report: serde_json::Value = serde_json::from_str(&check.stdout)?;
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .ok_or("no diagnostics")?
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    for structural in [
        "toml-syntax",
        "schema-violation",
        "unknown-key",
        "invalid-encoding",
    ] {
        assert!(!rules.contains(&structural), "{structural} in {rules:?}");
    }
    Ok(())
}

#[test]
fn a_future_list_date_hides_no_transfer_and_yaml_bombs_are_refused() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "Last updated: December 31, 2030\n\n| Name | Purpose | Location |\n| --- | --- | --- |\n| Stripe | Payments | US |\n",
        &[],
    )?;
    assert!(run.stdout.contains(
        "list.md:1: the list's date 2030-12-31 is after the day judged (2026-12-02); `added` is \
         the day of the import, give each entity the day it was engaged\n"
    ), "{}", run.stdout);
    assert!(file(dir.path(), "stripe")?.contains("\nadded = 2026-12-02 "));
    let (run, dir) = import_text(
        "bomb.yaml",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        &[],
    )?;
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: bomb.yaml: line 2: a YAML alias (`*name`); write the values out; nothing was written\n"
        )
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("registry/subprocessors"))?.count(),
        1
    );
    let deep = format!("{}x\n", "- ".repeat(10_000));
    let (run, _) = import_text("deep.yaml", &deep, &[])?;
    assert_eq!(run.code, 2, "{}", run.stderr);
    Ok(())
}

#[test]
fn section_rows_spanning_cells_and_wide_characters_are_read_as_published() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "| Name | Purpose | Location |\n| --- | --- | --- |\n| **Infrastructure** | | |\n\
         | Hetzner Online GmbH | Hosting | Germany |\n| **Analytics** | | |\n| Matomo | Analytics | France |\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "hetzner-online-gmbh | Hetzner Online GmbH | XX | DE | Infrastructure",
            "matomo | Matomo | XX | FR | Analytics",
        ]
    );
    assert!(run.stdout.contains("list.md:3: the row `Infrastructure` has only its first cell: read as the section of the rows below it, not as a sub-processor\n"), "{}", run.stdout);
    let (_, dir) = import_text(
        "list.rst",
        "+-------------+-----------+----------+\n| Name        | Purpose   | Location |\n+=============+===========+==========+\n\
         | Über GmbH   | Hosting   | Germany  |\n+-------------+-----------+----------+\n| Société Gé  | Mail      | France   |\n\
         +-------------+-----------+----------+\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "uber-gmbh | Über GmbH | XX | DE",
            "societe-ge | Société Gé | XX | FR"
        ]
    );
    let (_, dir) = import_text(
        "list.json",
        r#"{"infrastructure": [{"name": "Stripe", "location": "US"}], "analytics": [{"name": "Matomo", "location": "France"}, {"name": "Plausible", "location": "Estonia"}]}"#,
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        [
            "stripe | Stripe | XX | US",
            "matomo | Matomo | XX | FR",
            "plausible | Plausible | XX | EE"
        ]
    );
    Ok(())
}

#[test]
fn spreadsheet_csv_footnote_marks_and_empty_lists_are_read_as_meant() -> TestResult {
    let (_, dir) = import_text(
        "liste.csv",
        "Unterauftragsverarbeiter;Zweck;Standort\nIONOS SE;Hosting;Deutschland\n",
        &[],
    )?;
    assert_eq!(summary(dir.path())?, ["ionos-se | IONOS SE | XX | DE"]);
    let (_, dir) = import_text(
        "list.md",
        "| Name | Purpose | Location |\n| --- | --- | --- |\n| AWS<sup>1</sup> | Hosting | US |\n| Box[^1] | Files | US |\n\n[^1]: Since 2024.\n",
        &[],
    )?;
    assert_eq!(
        summary(dir.path())?,
        ["aws | AWS | XX | US", "box | Box | XX | US"]
    );
    let (run, _) = import_text("empty.md", "# Sub-processors\n\nNone at the moment.\n", &[])?;
    assert!(run.stdout.contains(
        "empty.md: no table or list of sub-processors was found: a table needs a header naming \
         the sub-processor (`Name`, `Sub-processor`), a list items that start with a link or bold name\n"
    ), "{}", run.stdout);
    Ok(())
}

#[test]
fn rows_that_disagree_about_one_entity_are_reported() -> TestResult {
    let (run, _) = import_text(
        "list.md",
        "| Name | Purpose | Location | Corporate location | Website |\n| --- | --- | --- | --- | --- |\n\
         | Stripe, Inc. | Payments | US | United States | https://stripe.com |\n\
         | Stripe, Inc. | Billing | Ireland | Ireland | https://evil.example |\n",
        &[],
    )?;
    for message in [
        "list.md:3: Stripe, Inc.: its rows give 2 websites (https://stripe.com, https://evil.example); the first is kept\n",
        "list.md:3: Stripe, Inc.: its rows give 2 countries of establishment (IE, US); the first is kept\n",
    ] {
        assert!(
            run.stdout.contains(message),
            "no `{message}` in\n{}",
            run.stdout
        );
    }
    Ok(())
}

#[test]
fn a_struck_through_row_is_a_removed_sub_processor() -> TestResult {
    let (run, dir) = import_text(
        "list.md",
        "| Name | Purpose | Location |\n| --- | --- | --- |\n| ~~Oldco~~ | Mail | US |\n| Newco | Mail | Germany |\n",
        &[],
    )?;
    assert_eq!(summary(dir.path())?, ["newco | Newco | XX | DE"]);
    assert!(
        run.stdout.contains(
            "list.md:3: `Oldco` is struck through: read as removed from the list, not imported"
        ),
        "{}",
        run.stdout
    );
    Ok(())
}

#[test]
fn a_list_the_template_renders_as_published_is_said_to_round_trip_exactly() -> TestResult {
    let list = "# Sub-processors\n\nLast updated: 10 January 2025\n\n\
                | Name | Purpose | Location | Country |\n\
                | --- | --- | --- | --- |\n\
                | Acme Ltd | Hosting | United Kingdom, Deutschland | United Kingdom |\n\
                | Beta GmbH | Support | Deutschland | Deutschland |\n\
                | Gamma Inc. | Email | aws:eu-west-1 | USA |\n\
                \nMore text.\n";
    let (run, dir) = import_text("list.md", list, &["--template", "list"])?;
    assert!(
        run.stdout.contains(
            "created templates/list.md.hbs: put `<!-- subreg:begin template=list.md -->` before \
             line 5 and `<!-- subreg:end -->` after line 9 of list.md, then `subreg inject`\n  \
             list.md: it is no document of the registry yet: add `[[documents]]` with `path = \
             \"../list.md\"` to registry.toml, so that `subreg check` and `subreg inject` keep it \
             in sync\n  list.md:5-9: the template renders these lines exactly as published\n"
        ),
        "{}",
        run.stdout
    );
    // Each place in the list's own words: a country named in German stays
    // `Deutschland`, a cloud region stays the region.
    let template = std::fs::read_to_string(dir.path().join("templates/list.md.hbs"))?;
    assert!(template.contains(
        "{{#if (eq location \"GB\")}}United Kingdom{{else if (eq location \"DE\")}}Deutschland\
         {{else if (eq location \"aws:eu-west-1\")}}aws:eu-west-1{{else if (eq location \"US\")}}USA{{else}}"
    ));
    let mut lines: Vec<&str> = list.lines().collect();
    lines.insert(9, "<!-- subreg:end -->");
    lines.insert(4, "<!-- subreg:begin template=list.md -->");
    std::fs::write(dir.path().join("list.md"), lines.join("\n") + "\n")?;
    let check = run_in(
        dir.path(),
        &["inject", "--check", "list.md", "--as-of", AS_OF],
    )?;
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, ""),
        "{}",
        check.stderr
    );
    Ok(())
}

#[test]
fn a_list_saved_with_crlf_line_endings_is_reported_at_the_same_lines() -> TestResult {
    for (name, list) in [
        (
            "list.csv",
            "Name,Purpose,Location\nAcme Ltd,Hosting,Germany\n\"Beta, Inc.\",Email,Mars\n",
        ),
        (
            "list.md",
            "# List\n\n| Name | Purpose | Location |\n| --- | --- | --- |\n\
             | Acme Ltd | Hosting | Germany |\n| Beta, Inc. | Email | Mars |\n",
        ),
    ] {
        let lines = |text: &str| -> Result<Vec<String>, Error> {
            let (run, _dir) = import_text(name, text, &["--dry-run"])?;
            Ok(run
                .stdout
                .lines()
                .filter(|l| l.starts_with(&format!("  {name}:")))
                .map(str::to_owned)
                .collect())
        };
        let lf = lines(list)?;
        let crlf = lines(&list.replace('\n', "\r\n"))?;
        assert_eq!(crlf, lf, "{name}");
        let at = if name.ends_with("csv") { 3 } else { 6 };
        assert!(
            lf.iter().any(|l| l.starts_with(&format!(
                "  {name}:{at}: Beta, Inc.: location `Mars` read as `not-stated`"
            ))),
            "{lf:?}"
        );
    }
    Ok(())
}

#[test]
fn an_mdx_comment_is_no_part_of_a_name_or_a_place() -> TestResult {
    let (run, dir) = import_text(
        "list.mdx",
        "import Note from './note'\n\n| Name | Purpose | Location |\n| --- | --- | --- |\n\
         | Acme Ltd {/* legal team: check the entity */} | Hosting | Germany {/* Frankfurt */} |\n",
        &[],
    )?;
    assert!(
        run.stdout
            .contains("created registry/subprocessors/acme-ltd.toml\n"),
        "{}",
        run.stdout
    );
    let acme = file(dir.path(), "acme-ltd")?;
    assert!(acme.contains("name = \"Acme Ltd\"\n"), "{acme}");
    assert!(acme.contains("locations = [\"DE\"]"), "{acme}");
    Ok(())
}

/// The import's report for `list` with `--template t`: its lines from the
/// template's, the run's exit code, and the folder.
fn template_report(name: &str, list: &str) -> Result<(i32, Vec<String>, tempfile::TempDir), Error> {
    let (run, dir) = import_text(name, list, &["--template", "t"])?;
    run.assert_no_panic();
    let lines = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("created templates/"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.contains("no document of the registry"))
        .map(str::to_owned)
        .collect();
    Ok((run.code, lines, dir))
}

#[test]
fn the_round_trip_holds_for_hostile_line_endings_headers_and_neighbours() -> TestResult {
    // A lone CR: said, nothing compared, no panic.
    let (code, lines, _dir) = template_report("list.md", "| Name |\r|---|\r| Stripe |\r")?;
    assert_eq!(code, 1);
    assert_eq!(
        lines[1..],
        [
            "  list.md:1: this line ends with a lone CR (a carriage return without a line feed): \
          the lines were not compared; save the list with LF or CRLF line endings and import it again"
        ]
    );
    // One LF row in a CRLF list: inject writes CRLF there, and says so.
    let (_, lines, _dir) = template_report(
        "list.md",
        "| Name | Purpose |\r\n| --- | --- |\r\n| Stripe, Inc. | Payments |\n| Hetzner | Hosting |\r\n",
    )?;
    assert_eq!(
        lines,
        [
            "  list.md: the template renders lines 1-4 otherwise, as `subreg inject --check` will show:",
            "  list.md:3: 1 line is rendered the same but for column padding or line endings (line 3)",
        ]
    );
    // A BOM stays before the markers: the lines render as published.
    let (_, lines, _dir) = template_report(
        "list.md",
        "\u{feff}| Name | Purpose |\n| --- | --- |\n| Stripe, Inc. | Payments |\n",
    )?;
    assert_eq!(
        lines,
        ["  list.md:1-3: the template renders these lines exactly as published"]
    );
    // Template syntax in a header is printed, never run; a glossary table
    // is no part of the list.
    let (code, lines, dir) = template_report(
        "list.md",
        "| Term | Meaning |\n| --- | --- |\n| DPA | Agreement |\n\n\
         | Name | Purpose \\{{organization.name}} |\n| --- | --- |\n| Stripe, Inc. | Payments |\n",
    )?;
    assert_ne!(code, 2);
    assert_eq!(
        lines[1..],
        [
            "  list.md:5: the template renders `| Name | Purpose &#123;&#123;organization.name&#125;&#125; |` \
             for `| Name | Purpose \\{{organization.name}} |`",
        ]
    );
    assert!(
        lines[0].contains("renders lines 5-7 otherwise"),
        "{lines:?}"
    );
    assert!(
        dir.path()
            .join("registry/subprocessors/stripe-inc.toml")
            .exists()
    );
    Ok(())
}

#[test]
fn the_template_keeps_the_lists_words_for_safeguards_and_its_table_style() -> TestResult {
    // Safeguards in the list's words, "None required" where there is no
    // transfer; a lone CR after the list moves no line.
    let (_, lines, dir) = template_report(
        "list.md",
        "Last updated: 3 March 2025\n\n| Name | Purpose | Location | Safeguard |\n| --- | --- | --- | --- |\n\
         | Stripe, Inc. | Payments | United States | EU-US DPF |\n\
         | Hetzner Online GmbH | Hosting | Germany | None required |\n\
         | Zendesk, Inc. | Support | United States | SCCs |\n\r",
    )?;
    assert_eq!(
        lines,
        ["  list.md:3-7: the template renders these lines exactly as published"]
    );
    let template = std::fs::read_to_string(dir.path().join("templates/t.md.hbs"))?;
    assert!(template.contains(
        "{{#each transfers}}{{#unless ended}}{{#unless @first}}, {{/unless}}\
         {{#if (eq mechanism \"eu-us-dpf\")}}EU-US DPF{{else if (eq mechanism \"eu-scc-2021\")}}SCCs\
         {{else}}{{mechanism}}{{/if}}{{/unless}}{{else}}None required{{/each}}"
    ));
    // A table without outer pipes is rendered without them.
    let (_, lines, _dir) = template_report(
        "list.md",
        "Name | Purpose | Location\n--- | --- | ---\nStripe, Inc. | Payments | USA\nAcme Ltd | Mail | Germany\n",
    )?;
    assert_eq!(
        lines,
        ["  list.md:1-4: the template renders these lines exactly as published"]
    );
    // A table of no sub-processors between two sections is named.
    let (_, lines, _dir) = template_report(
        "list.md",
        "## Infrastructure\n\n| Name | Purpose | Location |\n|---|---|---|\n| Stripe, Inc. | Payments | USA |\n\n\
         ## Glossary\n\n| Term | Meaning |\n|---|---|\n| SCC | Clauses |\n\n\
         ## AI\n\n| Name | Purpose | Location |\n|---|---|---|\n| OpenAI, L.L.C. | AI | USA |\n",
    )?;
    assert_eq!(
        lines[0],
        "  list.md:9: lines 9-11 hold a table that names no sub-processors, between the list's \
         tables: move it above line 1 or below line 17 before putting the markers, or `subreg \
         inject` replaces it"
    );
    Ok(())
}

#[test]
fn safeguards_named_together_and_escaped_names_are_said_at_their_lines() -> TestResult {
    let (_, lines, dir) = template_report(
        "list.md",
        "Last updated: 3 March 2025\n\n| Name | Purpose | Location | Safeguard |\n| --- | --- | --- | --- |\n\
         | Stripe, Inc. | Payments | USA | EU-US DPF, SCCs |\n\
         | Brace {Inc} | Hosting | Germany | None required |\n",
    )?;
    let template = std::fs::read_to_string(dir.path().join("templates/t.md.hbs"))?;
    assert!(template.contains(
        "{{#if (eq mechanism \"eu-us-dpf\")}}EU-US DPF{{else if (eq mechanism \"eu-scc-2021\")}}SCCs{{else}}"
    ), "{template}");
    // The registry keeps its own order of entries; a brace is escaped for
    // Markdown: each said as the change of its own line.
    assert_eq!(
        lines[1..],
        [
            "  list.md:5: the template renders `| Stripe, Inc. | Payments | USA | SCCs, EU-US DPF |` \
             for `| Stripe, Inc. | Payments | USA | EU-US DPF, SCCs |`",
            "  list.md:6: the template renders `| Brace \\{Inc\\} | Hosting | Germany | None required |` \
             for `| Brace {Inc} | Hosting | Germany | None required |`",
        ]
    );
    Ok(())
}
