//! Deterministic synthetic registries of any size, for benchmarks, scale
//! tests and the validator comparison (`examples/generate.rs`).
//!
//! The mix is meant to look like a large group's list: about 40% of
//! entities in the EEA, 20% in countries with an adequacy decision and 40%
//! elsewhere; one to three locations; three transfer entries per
//! sub-processor using every mechanism kind; about 4 KB per file, so 10,000
//! sub-processors make about 40 MB and 30,000 transfers. The same `n` and
//! `seed` give the same bytes on every machine.

use std::path::{Path, PathBuf};

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
    let mut out = Vec::with_capacity(n + 2);
    out.push((PathBuf::from("registry/registry.toml"), REGISTRY.to_owned()));
    for i in 0..n {
        out.push((
            PathBuf::from(format!("registry/subprocessors/vendor-{i:05}.toml")),
            subprocessor(i, &mut rng),
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
regimes = [\"eu-gdpr\", \"uk-gdpr\", \"ch-fadp\", \"my-pdpa\"]
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

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.usize(..list.len()))
        .copied()
        .unwrap_or_default()
}

fn subprocessor(i: usize, rng: &mut fastrand::Rng) -> String {
    let group = rng.u8(..10);
    let country = match group {
        0..=3 => pick(rng, EEA),
        4..=5 => pick(rng, ADEQUATE),
        _ => pick(rng, ELSEWHERE),
    };
    let mut locations = vec![country];
    for _ in 0..rng.usize(0..3) {
        let extra = if rng.bool() {
            pick(rng, ELSEWHERE)
        } else {
            pick(rng, EEA)
        };
        if !locations.contains(&extra) {
            locations.push(extra);
        }
    }
    let purposes: Vec<&str> = (0..rng.usize(1..4)).map(|_| pick(rng, PURPOSES)).collect();
    let mut purposes_unique: Vec<&str> = Vec::new();
    for p in purposes {
        if !purposes_unique.contains(&p) {
            purposes_unique.push(p);
        }
    }
    let categories: Vec<&str> = CATEGORIES.iter().copied().filter(|_| rng.bool()).collect();
    let year = 2019 + rng.i32(0..7);
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
    for line in 0..24 {
        text.push_str(&format!(
            "# Review note {line:02}: contract, security questionnaire and data map of vendor {i} checked by legal operations; see ticket LEG-{i}-{line}.\n"
        ));
    }
    text.push_str(&format!("name = \"Vendor {i} {}\"\n", pick(rng, SUFFIXES)));
    text.push_str(&format!("country = \"{country}\"\n"));
    text.push_str(&format!("purposes = [{}]\n", quote(&purposes_unique)));
    text.push_str(&format!("locations = [{}]\n", quote(&locations)));
    text.push_str(&format!("website = \"https://vendor-{i}.example\"\n"));
    if !categories.is_empty() {
        text.push_str(&format!("data_categories = [{}]\n", quote(&categories)));
    }
    text.push_str(&format!("added = {year}-{month:02}-{day:02}\n"));
    let destination = locations
        .iter()
        .copied()
        .find(|l| !EEA.contains(l))
        .unwrap_or(country);
    for k in 0..3 {
        text.push('\n');
        text.push_str(&transfer(destination, (i + k) % 11, year, month, day));
    }
    text
}

/// One transfer entry of kind `kind` (0-10, every mechanism family).
fn transfer(to: &str, kind: usize, year: i32, month: u8, day: u8) -> String {
    let date = format!("{year}-{month:02}-{day:02}");
    let body = match kind {
        0 => "mechanism = \"adequacy\"".to_owned(),
        1 => format!("mechanism = \"eu-us-dpf\"\nverified = {date}"),
        2 => format!("mechanism = \"eu-scc-2021\"\nmodule = 3\nsigned = {date}\ntia = {date}"),
        3 => format!("mechanism = \"uk-idta\"\nsigned = {date}\ntia = {date}"),
        4 => format!("mechanism = \"uk-addendum\"\nmodule = 3\nsigned = {date}\ntia = {date}"),
        5 => format!("mechanism = \"ch-scc\"\nmodule = 3\nsigned = {date}\ntia = {date}"),
        6 => "mechanism = \"bcr\"\nreference = \"approved by the lead supervisory authority\""
            .to_owned(),
        7 => "mechanism = \"derogation\"\narticle = \"49(1)(b)\"".to_owned(),
        8 => format!("mechanism = \"my-s129-assessment\"\ntia = {date}"),
        9 => "mechanism = \"my-s129-exception\"\narticle = \"129(3)(f)\"".to_owned(),
        _ => format!("mechanism = \"eu-scc-2010\"\nsigned = {date}"),
    };
    format!("[[transfers]]\nto = \"{to}\"\n{body}\n")
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
