//! Deterministic synthetic registries of any size, for benchmarks, scale
//! tests and the validator comparison (`examples/generate.rs`).
//!
//! The mix is meant to look like a large group's list: about 40% of
//! entities in the EEA, 20% in countries with an adequacy decision and 40%
//! elsewhere; one to three locations; transfer entries per (regime, destination outside its area) on mechanisms the
//! knowledge base offers, in turn so every kind appears, with a fault in
//! about one file in twenty; about 4 KB per file, so 10,000 sub-processors
//! make about 40 MB and some 30,000 transfers. The same `n` and
//! `seed` give the same bytes on every machine.

use std::path::{Path, PathBuf};

use crate::diag::Files;
use crate::knowledge::Knowledge;
use crate::model::{Date, Mechanism, Regime};
use crate::schema::Validators;

/// Destinations inside the EEA.
const EEA: &[&str] = &[
    "DE", "FR", "IE", "NL", "SE", "ES", "IT", "PL", "AT", "DK", "FI", "NO",
];
/// Destinations with an EU adequacy decision.
const ADEQUATE: &[&str] = &["CH", "GB", "JP", "CA", "KR", "NZ", "IL", "UY", "AR"];
/// Destinations without one.
const ELSEWHERE: &[&str] = &["US", "IN", "SG", "AU", "BR", "ZA", "MX", "PH", "VN", "MY"];
const PURPOSES: &[&str] = &[
    "Data hosting",
    "Customer support",
    "Email delivery",
    "Payment processing",
    "Error monitoring",
    "Product analytics",
    "Identity verification",
    "Backups",
];
const CATEGORIES: &[&str] = &[
    "account data",
    "contact details",
    "usage data",
    "support tickets",
    "billing records",
    "device identifiers",
    "IP addresses",
    "audit logs",
];
const SUFFIXES: &[&str] = &[
    "GmbH",
    "Inc.",
    "Ltd",
    "SAS",
    "K.K.",
    "Pte. Ltd.",
    "B.V.",
    "AB",
];

/// The files of a synthetic registry: (path relative to the registry
/// folder's parent, text). Paths: `registry/registry.toml`,
/// `registry/subprocessors/vendor-NNNNN.toml`, `docs/policy.md`.
#[must_use]
pub fn files(n: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let knowledge = builtin_knowledge();
    let mut out = Vec::with_capacity(n + 2);
    out.push((PathBuf::from("registry/registry.toml"), REGISTRY.to_owned()));
    for i in 0..n {
        out.push((
            PathBuf::from(format!("registry/subprocessors/vendor-{i:05}.toml")),
            subprocessor(i, &mut rng, &knowledge),
        ));
    }
    out.push((PathBuf::from("docs/policy.md"), POLICY.to_owned()));
    out
}

/// Writes [`files`] under `dir` (created if needed).
///
/// # Errors
/// The first I/O error.
pub fn write(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    for (path, text) in files(n, seed) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

const REGISTRY: &str = "#:schema ../schemas/registry.schema.json
regimes = [\"eu-gdpr\", \"uk-gdpr\", \"ch-fadp\"]
notice_days = 30

[organization]
name = \"Synthetic Group S.E.\"
country = \"DE\"
role = \"processor\"

[[documents]]
path = \"../docs/policy.md\"
";

const POLICY: &str =
    "# Sub-processors\n\n<!-- subreg:begin template=subprocessors.md -->\n<!-- subreg:end -->\n";

/// The built-in knowledge base; it is compiled in and tested, so a failure
/// here is a bug, and an empty base only makes the registry less varied.
fn builtin_knowledge() -> Knowledge {
    let Ok(validators) = Validators::new() else {
        return Knowledge::default();
    };
    Knowledge::builtin(&mut Files::new(), &validators).unwrap_or_default()
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.usize(..list.len()))
        .copied()
        .unwrap_or_default()
}

fn subprocessor(i: usize, rng: &mut fastrand::Rng, knowledge: &Knowledge) -> String {
    let group = rng.u8(..10);
    let country = match group {
        0..=3 => pick(rng, EEA),
        4..=5 => pick(rng, ADEQUATE),
        _ => pick(rng, ELSEWHERE),
    };
    let mut locations = vec![country];
    for _ in 0..rng.usize(0..2) {
        let extra = if rng.bool() {
            pick(rng, ELSEWHERE)
        } else {
            pick(rng, EEA)
        };
        if !locations.contains(&extra) {
            locations.push(extra);
        }
    }
    let mut purposes: Vec<&str> = Vec::new();
    for _ in 0..rng.usize(1..4) {
        let p = pick(rng, PURPOSES);
        if !purposes.contains(&p) {
            purposes.push(p);
        }
    }
    let categories: Vec<&str> = CATEGORIES.iter().copied().filter(|_| rng.bool()).collect();
    let year = 2022 + rng.i32(0..4);
    let month = rng.u8(1..13);
    let day = rng.u8(1..29);
    let quote = |list: &[&str]| {
        list.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };

    let mut text = String::with_capacity(4096);
    text.push_str("#:schema ../../schemas/subprocessor.schema.json\n");
    // Reviewers' notes: real registries carry them, and they are most of a
    // file's bytes, which is what the parser pays for.
    for line in 0..26 {
        text.push_str(&format!(
            "# Review note {line:02}: contract, security questionnaire and data map of vendor {i} checked by legal operations; see ticket LEG-{i}-{line}.\n"
        ));
    }
    text.push_str(&format!("name = \"Vendor {i} {}\"\n", pick(rng, SUFFIXES)));
    text.push_str(&format!("country = \"{country}\"\n"));
    text.push_str(&format!("purposes = [{}]\n", quote(&purposes)));
    text.push_str(&format!("locations = [{}]\n", quote(&locations)));
    text.push_str(&format!("website = \"https://vendor-{i}.example\"\n"));
    if !categories.is_empty() {
        text.push_str(&format!("data_categories = [{}]\n", quote(&categories)));
    }
    text.push_str(&format!("added = {year}-{month:02}-{day:02}\n"));
    let date = format!("{year}-{month:02}-{day:02}");
    // One entry per (regime, destination outside its area), on a mechanism
    // valid on AS_OF, chosen in turn among those the knowledge base offers,
    // so every kind appears; about one file in twenty carries a fault.
    let faulty = rng.u8(..20) == 0;
    let mut turn = i;
    for regime in REGIMES {
        for destination in &locations {
            if knowledge.in_area(regime, destination, as_of()) {
                continue;
            }
            let options = knowledge.options(
                regime,
                destination,
                as_of(),
                (crate::model::Role::Processor, crate::model::Role::Processor),
            );
            let Some(mechanism) = options.get(turn % options.len().max(1)).copied() else {
                continue;
            };
            turn += 1;
            let mechanism = if faulty && turn.is_multiple_of(3) {
                Mechanism::PrivacyShield
            } else {
                mechanism
            };
            text.push('\n');
            text.push_str(&entry(destination, mechanism, regime, &date, faulty));
        }
    }
    text
}

/// One `[[transfers]]` entry with the fields its mechanism calls for.
fn entry(to: &str, mechanism: Mechanism, regime: Regime, date: &str, faulty: bool) -> String {
    let extra = match mechanism {
        Mechanism::EuUsDpf | Mechanism::UkUsDataBridge | Mechanism::SwissUsDpf => {
            "verified = 2026-10-01\n".to_owned()
        }
        Mechanism::EuScc2021 | Mechanism::UkAddendum | Mechanism::ChScc if faulty => {
            format!("module = 3\nsigned = {date}\n")
        }
        Mechanism::EuScc2021 | Mechanism::UkAddendum | Mechanism::ChScc => {
            format!("module = 3\nsigned = {date}\ntia = {date}\n")
        }
        Mechanism::UkIdta => format!("signed = {date}\ntia = {date}\n"),
        Mechanism::Bcr => {
            let authority = match regime {
                Regime::UkGdpr => "ico",
                Regime::ChFadp => "fdpic",
                _ => "eu",
            };
            format!(
                "reference = \"approved by the lead supervisory authority\"\napproved_by = \"{authority}\"\ntia = {date}\n"
            )
        }
        Mechanism::MyS129Assessment => format!("tia = {date}\n"),
        Mechanism::MyS129Exception => "article = \"129(3)(f)\"\n".to_owned(),
        Mechanism::Derogation => "article = \"49(1)(b)\"\n".to_owned(),
        _ => String::new(),
    };
    format!("[[transfers]]\nto = \"{to}\"\nmechanism = \"{mechanism}\"\n{extra}")
}

/// The regimes of a synthetic registry (a European group).
const REGIMES: [Regime; 3] = [Regime::EuGdpr, Regime::UkGdpr, Regime::ChFadp];

/// The day synthetic registries are valid on.
fn as_of() -> Date {
    Date::new(2026, 11, 29).unwrap_or(Date(jiff::civil::Date::constant(2026, 11, 29)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_about_four_kilobytes_a_file() {
        let a = files(50, 7);
        assert_eq!(a, files(50, 7));
        assert_ne!(a, files(50, 8));
        let sizes: usize = a
            .iter()
            .filter(|(p, _)| p.starts_with("registry/subprocessors"))
            .map(|(_, t)| t.len())
            .sum();
        let mean = sizes / 50;
        assert!((3500..4600).contains(&mean), "mean file size {mean}");
    }
}
