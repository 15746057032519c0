//! Cloud regions as locations (`provider:region`), judged as their
//! countries, and locations recorded as not known (`location-unknown`).

mod common;
mod support;

use std::collections::BTreeSet;

use common::{EU_REGISTRY, Fixture, diagnostic, notes};
use serde_json::Value;
use subreg::knowledge::is_iso_country;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Every provider the format promises has a table; in each, ids are
/// unique without regard to case and sorted, every country is ISO 3166-1
/// alpha-2, the source is the provider's own https page, and the table
/// says the day it was checked.
#[test]
fn every_region_table_is_complete_unique_and_maps_to_iso_countries() -> TestResult {
    let k = support::knowledge()?;
    let providers: Vec<&str> = k.regions.iter().map(|c| c.provider.as_str()).collect();
    assert_eq!(
        providers,
        [
            "aws", "azure", "do", "gcp", "hetzner", "oci", "ovh", "scaleway"
        ]
    );
    let mut total = 0;
    for catalogue in &k.regions {
        let ids: Vec<String> = catalogue
            .regions
            .iter()
            .map(|r| r.id.to_ascii_lowercase())
            .collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{}: duplicate ids",
            catalogue.provider
        );
        let mut sorted = catalogue
            .regions
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>();
        sorted.sort();
        let as_written: Vec<String> = catalogue.regions.iter().map(|r| r.id.clone()).collect();
        assert_eq!(
            as_written, sorted,
            "{}: not sorted by id",
            catalogue.provider
        );
        for region in &catalogue.regions {
            assert!(
                is_iso_country(&region.country),
                "{}:{} is in {}",
                catalogue.provider,
                region.id,
                region.country
            );
            assert!(
                !region.city.trim().is_empty(),
                "{}:{}",
                catalogue.provider,
                region.id
            );
        }
        assert!(
            catalogue.source.starts_with("https://"),
            "{}",
            catalogue.source
        );
        assert_eq!(
            catalogue.checked.to_string(),
            "2026-12-02",
            "{}",
            catalogue.provider
        );
        total += catalogue.regions.len();
    }
    // The tables as checked: a region added or dropped changes this count.
    assert_eq!(total, 242);
    Ok(())
}

/// Frankfurt is Germany at every provider that has a region there, and a
/// few regions each provider is known for resolve to their country.
#[test]
fn regions_resolve_to_their_countries() -> TestResult {
    let k = support::knowledge()?;
    let country = |value: &str| k.judged_as(value).map(str::to_owned);
    for (value, expected) in [
        ("aws:eu-central-1", "DE"),
        ("AWS:EU-CENTRAL-1", "DE"),
        ("aws:us-east-1", "US"),
        ("gcp:europe-west3", "DE"),
        ("gcp:us-east4", "US"),
        ("azure:germanywestcentral", "DE"),
        ("azure:westeurope", "NL"),
        ("oci:eu-frankfurt-1", "DE"),
        ("do:fra1", "DE"),
        ("do:sgp1", "SG"),
        ("hetzner:fsn1", "DE"),
        ("hetzner:ash", "US"),
        ("ovh:GRA11", "FR"),
        ("ovh:gra11", "FR"),
        ("scaleway:fr-par", "FR"),
        ("scaleway:pl-waw-1", "PL"),
        ("DE", "DE"),
        ("EU", "EU"),
    ] {
        assert_eq!(country(value).as_deref(), Some(expected), "{value}");
    }
    for value in [
        "not-stated",
        "customer-choice",
        "aws:eu-central-9",
        "mars:olympus-1",
        "eu-central-1",
        "Global",
    ] {
        assert_eq!(country(value), None, "{value}");
    }
    Ok(())
}

const CLOUDY: &str = r#"name = "Cloudy GmbH"
country = "DE"
purposes = ["Hosting"]
locations = ["aws:eu-central-1", "gcp:us-east4", "eu-west-1", "Frankfurt", "aws:eu-central-9", "foo:bar", "customer-choice", "not-stated"]
added = 2025-01-01
"#;

/// Each kind of location is judged or said at its own value: a region in
/// the EU is no transfer, one in the US is a transfer to the US without a
/// mechanism, a bare id and a city get the spelling they were meant as,
/// an unknown region its nearest neighbour, an unknown provider the list
/// of providers, and the unstated ones `location-unknown`.
#[test]
fn every_kind_of_location_is_judged_or_said_where_it_is() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("cloudy", CLOUDY)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let file = "registry/subprocessors/cloudy.toml";
    let found: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] != "note")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let owned =
        |rule: &str, column: u64, message: &str| (rule.to_owned(), column, message.to_owned());
    assert_eq!(
        found,
        [
            owned(
                "transfer-without-mechanism",
                34,
                "Cloudy GmbH: transfer to US has no mechanism valid under eu-gdpr on 2026-11-29"
            ),
            owned(
                "unknown-country",
                50,
                "`eu-west-1` is not an ISO 3166-1 alpha-2 country code"
            ),
            owned(
                "unknown-country",
                63,
                "`Frankfurt` is not an ISO 3166-1 alpha-2 country code"
            ),
            owned(
                "unknown-country",
                76,
                "`aws:eu-central-9` is not a region of Amazon Web Services (its region table, checked 2026-12-02)"
            ),
            owned(
                "unknown-country",
                96,
                "`foo:bar` names no cloud provider subreg knows (`foo`)"
            ),
            owned(
                "location-unknown",
                107,
                "Cloudy GmbH: where the data are depends on the customer's choice, so the transfers there cannot be judged"
            ),
            owned(
                "location-unknown",
                126,
                "Cloudy GmbH: the vendor does not state where the data are stored or accessed, so the transfers there cannot be judged"
            ),
        ]
    );
    let notes_at = |rule: &str, column: u64| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| {
                d["rule"] == rule && d["file"] == file && d["column"].as_u64() == Some(column)
            })
            .map(|d| notes(d).into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        notes_at("unknown-country", 50)[..2],
        [
            "did you mean \"IE\" (Ireland)?",
            "a cloud region is written with its provider: `aws:eu-west-1` (Ireland, IE)",
        ]
    );
    assert_eq!(
        notes_at("unknown-country", 63)[..2],
        [
            "did you mean \"DE\" (Germany)?",
            "a cloud region is written with its provider: `aws:eu-central-1` (Frankfurt, DE), \
             `azure:germanywestcentral` (Frankfurt, DE), `do:fra1` (Frankfurt, DE), \
             `gcp:europe-west3` (Frankfurt, DE) and 3 more",
        ]
    );
    assert_eq!(
        notes_at("unknown-country", 76)[0],
        "did you mean `aws:eu-central-1` (Frankfurt, DE)?"
    );
    assert_eq!(
        notes_at("unknown-country", 96),
        [
            "the providers with region tables are aws, azure, do, gcp, hetzner, oci, ovh, scaleway; \
          for another provider, write the country of the region, e.g. \"DE\""
        ]
    );
    Ok(())
}

/// A transfer entry for the region's country makes the region's transfer
/// lawful; a region in `to` is refused with its country as the fix.
#[test]
fn a_region_is_covered_by_an_entry_for_its_country_and_refused_in_to() -> TestResult {
    let covered = "name = \"Cloudy GmbH\"\ncountry = \"DE\"\npurposes = [\"Hosting\"]\n\
        locations = [\"gcp:us-east4\", \"hetzner:fsn1\"]\nadded = 2025-01-01\n\n\
        [[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-11-01\n";
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("cloudy", covered)?;
    let (run, report) = fixture.check_json(&[])?;
    let found: Vec<(&str, &str, u64, u64)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["file"] == "registry/subprocessors/cloudy.toml")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    // Falkenstein is no transfer (said at the region); the US region rests
    // on the DPF entry, with the framework's pending challenge as a warning.
    assert_eq!(
        found,
        [
            (
                "transfer-lawful",
                "Cloudy GmbH: no transfer: DE is inside the EEA under eu-gdpr",
                4,
                30
            ),
            (
                "transfer-at-risk",
                "Cloudy GmbH: `eu-us-dpf` is under legal challenge and the transfer has no complete fallback",
                9,
                13
            ),
            (
                "transfer-lawful",
                "Cloudy GmbH: US under eu-gdpr: covered by Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework) via eu-us-dpf, verified 2026-11-01",
                9,
                13
            ),
        ],
        "{}",
        run.stdout
    );
    let in_to = covered.replace("to = \"US\"", "to = \"gcp:us-east4\"");
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("cloudy", in_to)?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1);
    let d: &Value = diagnostic(
        &report,
        "unknown-country",
        "registry/subprocessors/cloudy.toml",
        8,
    )
    .ok_or("no unknown-country finding at the entry's `to`")?;
    assert_eq!(
        notes(d)[0],
        "did you mean \"US\" (United States of America)?"
    );
    Ok(())
}

/// A template sees each location resolved (provider, region, city,
/// country), every transfer entry with its keys, the as-of day and the
/// regimes, and names countries through `country_name`; a field that does
/// not exist in the context's shape fails even when no region is listed.
#[test]
fn templates_see_resolved_places_transfers_and_country_names() -> TestResult {
    let sp = "name = \"Cloudy GmbH\"\ncountry = \"DE\"\npurposes = [\"Hosting\"]\n\
        locations = [\"aws:eu-central-1\", \"gcp:us-east4\", \"customer-choice\", \"EU\"]\n\
        added = 2025-01-01\n\n[[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-11-01\n";
    let template = "{{#each subprocessors}}{{name}} ({{country_name country}}):\
        {{#each places}} {{#if region}}{{provider_name}} {{region}} [{{region_name}}] \
        ({{city}}, {{country_name country}}){{else}}{{location}}{{#if unstated}} (unstated){{/if}}{{/if}};{{/each}}\
        {{#each transfers}} to {{country_name to}} on {{mechanism}}, verified {{verified}}{{/each}}\n{{/each}}\
        {{as_of}} {{join regimes}} {{country_name \"GB\"}} {{country_name \"EEA\"}}\n";
    let fixture = Fixture::new(EU_REGISTRY)?
        .subprocessor("cloudy", sp)?
        .templates()?;
    fixture.write("templates/places.md.hbs", template)?;
    let run = fixture.run(&["render", "--template", "places.md", "--as-of", "2026-11-29"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Cloudy GmbH (Germany): Amazon Web Services eu-central-1 [Europe (Frankfurt)] (Frankfurt, \
         Germany); Google Cloud us-east4 [Northern Virginia] (Ashburn, United States of America); \
         customer-choice (unstated); EU; to United States of America on eu-us-dpf, verified \
         2026-11-01\n2026-11-29 eu-gdpr United Kingdom of Great Britain and Northern Ireland EEA\n"
    );
    // Checked against the shape, not the data: a typo fails with no region listed.
    let fixture = Fixture::new(EU_REGISTRY)?.templates()?;
    fixture.write(
        "templates/places.md.hbs",
        "{{#each subprocessors}}{{#each places}}{{cty}}{{/each}}{{/each}}",
    )?;
    let run = fixture.run(&["render", "--template", "places.md", "--as-of", "2026-11-29"])?;
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("unknown field `cty` in `cty`")
            && run.stderr.contains("did you mean `city`?"),
        "{}",
        run.stderr
    );
    Ok(())
}

/// `subreg explain context` lists every field of the prototype the
/// templates are checked against, with the kind of its value.
#[test]
fn explain_context_lists_every_field_a_template_may_name() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?;
    let run = fixture.run(&["explain", "context"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fields: Vec<(&str, String)> = run
        .stdout
        .lines()
        .skip(2)
        .filter_map(|l| {
            l.split_once("  ")
                .map(|(path, kind)| (path, kind.trim().to_owned()))
        })
        .collect();
    assert_eq!(fields.len(), 109, "{}", run.stdout);
    for (path, kind) in [
        ("subprocessors[].transfers[].instruments[].regime", "text"),
        (
            "subprocessors[].transfers[].instruments[].reference",
            "text",
        ),
        ("subprocessors[].transfers[].instruments[].celex", "text"),
        ("subprocessors[].transfers[].instruments[].url", "text"),
        ("as_of", "date (YYYY-MM-DD)"),
        ("subprocessors[].places[].city", "text"),
        ("subprocessors[].places[].unstated", "text"),
        ("subprocessors[].transfers[].module", "number"),
        ("subprocessors[].transfers[].assumed[]", "text"),
        ("regimes[]", "text"),
        ("published", "date (YYYY-MM-DD)"),
        ("groups[].name", "text"),
        ("groups[].subprocessors[]", "each as subprocessors[] below"),
        ("subprocessors[].links[].consulted", "date (YYYY-MM-DD)"),
        ("subprocessors[].runs_on", "text"),
        ("organization.contact", "text"),
        ("history[].entry_id", "text"),
        ("feed.updated", "date (YYYY-MM-DD)"),
        ("changes[].old.effective", "date (YYYY-MM-DD)"),
        ("changes[].fields[].added[]", "text"),
        ("changes[].fields[].label", "text"),
        ("notice.object_until", "date (YYYY-MM-DD)"),
    ] {
        assert!(
            fields.contains(&(path, kind.to_owned())),
            "{path}: {}",
            run.stdout
        );
    }
    Ok(())
}

/// The presentation keys reach the templates: entries in `order` (those
/// without one last, by id), `groups` in the order of their first entry,
/// the published name, links with the day consulted, and `published`.
#[test]
fn presentation_keys_order_and_group_the_published_list() -> TestResult {
    let registry = EU_REGISTRY.replace(
        "regimes = [\"eu-gdpr\"]",
        "regimes = [\"eu-gdpr\"]\npublished = 2025-03-19",
    );
    let fixture = Fixture::new(&registry)?
        .subprocessor("alpha", entry("Alpha GmbH", "group = \"Support\"\n"))?
        .subprocessor(
            "beta",
            entry("Beta GmbH", "group = \"Infrastructure\"\norder = 2\n"),
        )?
        .subprocessor(
            "gamma",
            entry(
                "Gamma GmbH",
                "group = \"Infrastructure\"\norder = 1\npublished_name = \"Gamma\"\n\
                 data_subjects = [\"end users\"]\nruns_on = \"beta\"\n\n[[links]]\nkind = \"dpa\"\n\
                 url = \"https://gamma.example/dpa\"\nconsulted = 2025-03-01\n",
            ),
        )?
        .templates()?;
    fixture.write(
        "templates/list.md.hbs",
        "{{#each groups}}## {{name}}\n{{#each subprocessors}}- {{#if published_name}}{{published_name}}{{else}}{{name}}{{/if}}\
         {{#each links}} [{{kind}}]({{url}}, {{long_date consulted}}){{/each}}{{#if runs_on}} on {{runs_on}}{{/if}}\n\
         {{/each}}{{/each}}Last updated {{long_date published \"long\"}}\n",
    )?;
    let run = fixture.run(&["render", "--template", "list.md", "--as-of", "2026-11-29"])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "## Infrastructure\n- Gamma [dpa](https://gamma.example/dpa, Mar 1, 2025) on beta\n- Beta GmbH\n\
         ## Support\n- Alpha GmbH\nLast updated March 19, 2025\n"
    );
    // A `runs_on` naming no file is an error at its value.
    let fixture = Fixture::new(EU_REGISTRY)?
        .subprocessor("gamma", entry("Gamma GmbH", "runs_on = \"betta\"\n"))?
        .subprocessor("beta", entry("Beta GmbH", ""))?;
    let (run, report) = fixture.check_json(&[])?;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = diagnostic(
        &report,
        "unknown-reference",
        "registry/subprocessors/gamma.toml",
        6,
    )
    .ok_or("no unknown-reference finding at `runs_on`")?;
    assert_eq!(d["column"], 11);
    assert_eq!(notes(d), ["did you mean `beta`?"]);
    Ok(())
}

/// Every way of writing a place that is not the format's gets the spelling
/// it was meant as: cities with or without accents (all providers'
/// regions), a provider's display name, a misspelt `not-stated`, and a
/// region form with an empty, blank-padded or misspelt part.
#[test]
fn near_misses_of_places_get_what_they_were_meant_as() -> TestResult {
    let sp = "name = \"Cloudy GmbH\"\ncountry = \"DE\"\npurposes = [\"Hosting\"]\n\
        locations = [\"São Paulo\", \"Montreal\", \"US East (N. Virginia)\", \"Not-Stated\", \
        \"customer choice\", \"aws:\", \":eu-central-1\", \" aws:eu-central-1\", \"awz:fra1\"]\n\
        added = 2025-01-01\n";
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("cloudy", sp)?;
    let (_, report) = fixture.check_json(&[])?;
    let said: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "unknown-country")
        .map(|d| {
            (
                d["message"].as_str().unwrap_or_default().to_owned(),
                notes(d).first().copied().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let pair = |m: &str, n: &str| (m.to_owned(), n.to_owned());
    assert_eq!(
        said,
        [
            pair(
                "`São Paulo` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"BR\" (Brazil)?"
            ),
            pair(
                "`Montreal` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"CA\" (Canada)?"
            ),
            pair(
                "`US East (N. Virginia)` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"US\" (United States of America)?"
            ),
            pair(
                "`Not-Stated` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"not-stated\"?"
            ),
            pair(
                "`customer choice` is not an ISO 3166-1 alpha-2 country code",
                "did you mean \"customer-choice\"?"
            ),
            pair(
                "`aws:` has no region after the colon (a region of Amazon Web Services)",
                "if Amazon Web Services opened the region after 2026-12-02, write the country of its data centres instead (e.g. \"DE\"); the region table is https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html"
            ),
            pair(
                "`:eu-central-1` has no provider before the colon",
                "did you mean `aws:eu-central-1` (Frankfurt, DE)?"
            ),
            pair(
                "` aws:eu-central-1` has a blank around its provider or region",
                "did you mean `aws:eu-central-1` (Frankfurt, DE)?"
            ),
            pair(
                "`awz:fra1` names no cloud provider subreg knows (`awz`)",
                "did you mean `do:fra1` (Frankfurt, DE)?"
            ),
        ]
    );
    // Montréal with or without its accent names both providers' regions.
    let d = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("`Montreal`"))
        })
        .ok_or("no finding for Montreal")?;
    assert_eq!(
        notes(d)[1],
        "a cloud region is written with its provider: `gcp:northamerica-northeast1` (Montréal, CA), `oci:ca-montreal-1` (Montreal, CA)"
    );
    Ok(())
}

/// The shipped templates are built in: a registry without a templates
/// folder checks and renders them (the detailed table shows where each
/// entity is established, its places with their city, and the safeguard
/// of each transfer in force); a folder named on the command line must
/// exist.
#[test]
fn built_in_templates_serve_a_registry_without_a_templates_folder() -> TestResult {
    let sp = "name = \"Cloudy GmbH\"\ncountry = \"DE\"\npurposes = [\"Hosting\", \"Backups\"]\n\
        locations = [\"hetzner:fsn1\", \"gcp:us-east4\", \"customer-choice\"]\nadded = 2025-01-01\n\n\
        [[transfers]]\nto = \"US\"\nmechanism = \"eu-us-dpf\"\nverified = 2026-11-01\n\n\
        [[transfers]]\nto = \"US\"\nmechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = 2024-01-01\n\
        tia = 2024-01-01\nended = 2025-06-01\n";
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("cloudy", sp)?;
    assert!(!fixture.path().join("templates").exists());
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors-detailed.md",
        "--as-of",
        "2026-11-29",
    ])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "| Sub-processor | Purpose | Established in | Data locations | Safeguards |\n\
         | :--- | :--- | :--- | :--- | :--- |\n\
         | Cloudy GmbH | Hosting, Backups | Germany | Falkenstein, Germany (Hetzner Cloud fsn1); \
         Ashburn, United States of America (Google Cloud us-east4); chosen by the customer | \
         eu-us-dpf to United States of America |\n"
    );
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors.md",
        "--as-of",
        "2026-11-29",
    ])?;
    assert_eq!(
        run.stdout,
        "| Third Party | Purpose |\n| :--- | :--- |\n| Cloudy GmbH | Hosting, Backups |\n"
    );
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors.md",
        "--templates",
        "nope",
        "--as-of",
        "2026-11-29",
    ])?;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: cannot read templates in nope:"),
        "{}",
        run.stderr
    );
    // `check` judges every template, a broken override no document uses too.
    let with_policy = Fixture::new(common::EU_REGISTRY_WITH_POLICY)?
        .subprocessor("cloudy", sp)?
        .doc(
            "policy.md",
            "<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n",
        )?;
    with_policy.write(
        "templates/subprocessors.html.hbs",
        "{{#each subprocessors}}{{nme}}{{/each}}\n",
    )?;
    let run = with_policy.run(&["check", "--as-of", "2026-11-29"])?;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("subprocessors.html") && run.stderr.contains("`nme`"),
        "{}",
        run.stderr
    );
    // A file of the folder replaces the built-in template of its name.
    fixture.write(
        "templates/subprocessors.md.hbs",
        "{{#each subprocessors}}{{id}}{{/each}}\n",
    )?;
    let run = fixture.run(&[
        "render",
        "--template",
        "subprocessors.md",
        "--as-of",
        "2026-11-29",
    ])?;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "cloudy\n"),
        "{}",
        run.stderr
    );
    Ok(())
}

/// `runs_on` is judged against what the registry holds on the day: a
/// target retired while the referrer is engaged, a circle, and not a file
/// that exists but fails to load (said for its own errors).
#[test]
fn runs_on_is_judged_on_the_day_and_around_broken_files() -> TestResult {
    let said = |fixture: &Fixture| -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let (_, report) = fixture.check_json(&[])?;
        Ok(report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["rule"] == "unknown-reference")
            .filter_map(|d| d["message"].as_str().map(str::to_owned))
            .collect())
    };
    let retired = Fixture::new(EU_REGISTRY)?
        .subprocessor("app", entry("App GmbH", "runs_on = \"host\"\n"))?
        .subprocessor("host", entry("Host GmbH", "removed = 2026-01-01\n"))?;
    assert_eq!(
        said(&retired)?,
        ["App GmbH: `runs_on` names `host`, which is not engaged on 2026-11-29"]
    );
    let circle = Fixture::new(EU_REGISTRY)?
        .subprocessor("a", entry("A GmbH", "runs_on = \"b\"\n"))?
        .subprocessor("b", entry("B GmbH", "runs_on = \"a\"\n"))?;
    assert_eq!(
        said(&circle)?,
        [
            "A GmbH: `runs_on` goes round in a circle: a -> b -> a",
            "B GmbH: `runs_on` goes round in a circle: b -> a -> b"
        ]
    );
    let broken = Fixture::new(EU_REGISTRY)?
        .subprocessor("app", entry("App GmbH", "runs_on = \"host\"\n"))?
        .subprocessor("host", entry("Host GmbH", "bogus = 1\n"))?;
    assert_eq!(said(&broken)?, Vec::<String>::new());
    Ok(())
}

/// A sub-processor file in Germany, engaged since 2025-01-01, with `extra`
/// keys after its required ones.
fn entry(name: &str, extra: &str) -> String {
    format!(
        "name = \"{name}\"\ncountry = \"DE\"\npurposes = [\"Hosting\"]\nlocations = [\"DE\"]\n\
         added = 2025-01-01\n{extra}"
    )
}

/// Each transfer names its legal instrument under each regime, from the
/// knowledge base: the decision in effect for a DPF transfer, the clauses'
/// decision for SCCs, each with its EUR-Lex address.
#[test]
fn a_transfer_names_its_instrument_under_each_regime() -> TestResult {
    let fixture = Fixture::new(EU_REGISTRY)?.subprocessor("aws", common::AWS)?;
    fixture.write(
        "templates/instruments.md.hbs",
        "{{#each subprocessors}}{{#each transfers}}{{to}} {{mechanism}}: {{#each instruments}}{{regime}} | {{{reference}}} | {{celex}} | {{{url}}}{{/each}}\n{{/each}}{{/each}}",
    )?;
    let run = fixture.run(&[
        "render",
        "--template",
        "instruments.md",
        "--as-of",
        "2026-11-29",
    ])?;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "US eu-us-dpf: eu-gdpr | Commission Implementing Decision (EU) 2023/1795 (EU-US Data \
         Privacy Framework) | 32023D1795 | \
         https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32023D1795\n"
    );
    // Before the decision took effect, none is cited.
    let run = fixture.run(&[
        "render",
        "--template",
        "instruments.md",
        "--as-of",
        "2023-07-09",
    ])?;
    assert_eq!(run.stdout, "US eu-us-dpf: \n", "{}", run.stderr);
    Ok(())
}
