//! What `subreg init` writes: a new registry that `subreg check` passes as
//! written, the JSON Schemas its `#:schema` lines name, a policy with a
//! marked region, a GitHub workflow and a pre-commit configuration. Pure:
//! the caller checks that no file exists, renders the region and writes.

use crate::model::{Regime, Role};
use crate::render::OutputKind;
use crate::schema::SchemaFile;

/// The answers `init` needs, from flags or asked on a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The organisation's legal name, exactly as the policy prints it.
    pub organization: String,
    /// Its country of establishment, ISO 3166-1 alpha-2 in upper case.
    pub country: String,
    /// Controller or processor of the data its sub-processors receive.
    pub role: Role,
    /// The regimes whose transfer rules apply, in [`Regime::ALL`] order.
    pub regimes: Vec<Regime>,
}

/// A file `init` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Its path relative to the folder `init` sets up, `/`-separated.
    pub path: String,
    /// Its whole text.
    pub text: String,
}

/// Where the registry goes, relative to the folder `init` sets up.
pub const REGISTRY_DIR: &str = "registry";

/// Where the policy goes, relative to the folder `init` sets up.
pub const POLICY: &str = "docs/privacy-policy.md";

/// The schemas a registry's files name, every one `subreg schema --check`
/// verifies (the region tables' too), so that a CI that runs it passes on
/// a new repository.
pub const SCHEMAS: [SchemaFile; 4] = SchemaFile::ALL;

/// A part of the set-up that can be left out, for a repository that
/// already has its own (a pre-commit configuration, a policy elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// `docs/privacy-policy.md`, and the registry's `[[documents]]` entry for it.
    Policy,
    /// `.github/workflows/subreg.yml`.
    Workflow,
    /// `.pre-commit-config.yaml`.
    PreCommit,
}

impl Part {
    /// Every part, in the order written.
    pub const ALL: [Self; 3] = [Self::Policy, Self::Workflow, Self::PreCommit];

    /// The word `--without` takes, e.g. `pre-commit`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::Workflow => "workflow",
            Self::PreCommit => "pre-commit",
        }
    }

    /// The file the part writes.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            Self::Policy => POLICY,
            Self::Workflow => ".github/workflows/subreg.yml",
            Self::PreCommit => ".pre-commit-config.yaml",
        }
    }
}

/// Every file of a new registry for `setup`, in the order written. The
/// policy's region is empty: the caller renders it from the new registry,
/// so that `inject --check` passes right away. `repository` is subreg's
/// source repository (its URL) and `tag` the release tag the workflow and
/// pre-commit configuration pin, e.g. `v0.2.0`. The parts in `without`
/// are left out.
#[must_use]
pub fn files(setup: &Setup, repository: &str, tag: &str, without: &[Part]) -> Vec<NewFile> {
    let action = repository
        .trim_end_matches('/')
        .rsplit('/')
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("/");
    let regimes: Vec<String> = setup.regimes.iter().map(|r| quoted(r.id())).collect();
    let registry = fill(
        include_str!("files/registry.toml"),
        &[
            ("repository", repository),
            ("regimes", &format!("[{}]", regimes.join(", "))),
            ("country", &quoted(&setup.country)),
            ("role", &quoted(setup.role.as_str())),
            (
                "documents",
                if without.contains(&Part::Policy) {
                    ""
                } else {
                    "\n[[documents]]\npath = \"../docs/privacy-policy.md\"\n"
                },
            ),
            (
                "source",
                if without.contains(&Part::Policy) {
                    "the table of your published list (name it as a document in this file)"
                } else {
                    "the table in docs/privacy-policy.md"
                },
            ),
            // Last: a name holding `{{...}}` is not filled in again.
            ("organization", &quoted(&setup.organization)),
        ],
    );
    let policy = fill(
        include_str!("files/privacy-policy.md"),
        &[(
            "organization",
            &OutputKind::Markdown.escape(&setup.organization),
        )],
    );
    let mut files = vec![
        NewFile {
            path: format!("{REGISTRY_DIR}/registry.toml"),
            text: registry,
        },
        // Git keeps no empty folder, and a registry without `subprocessors/`
        // is refused: a hidden file keeps it (hidden entries are not read).
        NewFile {
            path: format!("{REGISTRY_DIR}/subprocessors/.gitkeep"),
            text: String::new(),
        },
    ];
    files.extend(SCHEMAS.iter().map(|schema| NewFile {
        path: format!("schemas/{}", schema.file_name()),
        text: schema.text(),
    }));
    for part in Part::ALL.into_iter().filter(|p| !without.contains(p)) {
        let text = match part {
            Part::Policy => policy.clone(),
            // Without a document there is nothing for `inject --check`:
            // the workflow and the hooks leave it out.
            Part::Workflow => fill(
                include_str!("files/workflow.yml"),
                &[
                    ("action", &action),
                    ("tag", tag),
                    (
                        "with",
                        if without.contains(&Part::Policy) {
                            "\n        with:\n          # No document is listed in registry.toml yet: remove this\n          \
                             # line once one is, so that a stale table fails the check.\n          \
                             inject-check: false"
                        } else {
                            ""
                        },
                    ),
                ],
            ),
            Part::PreCommit => fill(
                include_str!("files/pre-commit-config.yaml"),
                &[
                    ("repository", repository),
                    ("tag", tag),
                    (
                        "inject",
                        if without.contains(&Part::Policy) {
                            "      # Once registry.toml lists a document, regenerate its table first:\n      \
                             # - id: subreg-inject\n"
                        } else {
                            "      - id: subreg-inject   # regenerates the policy's table first\n"
                        },
                    ),
                    (
                        "intro",
                        if without.contains(&Part::Policy) {
                            "checks the registry."
                        } else {
                            "regenerates the policy's table and checks the registry."
                        },
                    ),
                    (
                        "check",
                        if without.contains(&Part::Policy) {
                            "validates the registry"
                        } else {
                            "then validates the registry and the documents"
                        },
                    ),
                ],
            ),
        };
        files.push(NewFile {
            path: part.path().to_owned(),
            text,
        });
    }
    files
}

/// Why an organisation name cannot go into a new registry.
///
/// # Errors
/// A message saying what to change: the name is blank, or holds a control
/// character (a line break would end the policy's sentence and the TOML
/// string alike).
pub fn check_organization(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(
            "the organisation's name is blank; give its legal name, e.g. \"Example GmbH\""
                .to_owned(),
        );
    }
    if let Some((_, c, _)) = crate::diag::visible::refused_in_value(name) {
        return Err(format!(
            "the organisation's name holds {}, which a registry value may not hold; give --org \
             without it",
            crate::diag::visible::describe(c)
        ));
    }
    if name.chars().count() > 300 {
        return Err(
            "the organisation's name is longer than 300 characters; give its legal name".to_owned(),
        );
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the organisation's name holds {}; give it on one line, without control characters",
            crate::diag::visible::describe(c)
        ));
    }
    Ok(())
}

/// `text` as a TOML basic string, quotes and escapes included.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `template` with every `{{key}}` replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(name: &str) -> Setup {
        Setup {
            organization: name.to_owned(),
            country: "DE".to_owned(),
            role: Role::Controller,
            regimes: vec![Regime::EuGdpr, Regime::UkGdpr],
        }
    }

    fn file<'a>(files: &'a [NewFile], path: &str) -> &'a str {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .text
    }

    #[test]
    fn the_registry_file_is_the_answers_as_toml() {
        let files = files(
            &setup("Beispiel \"Nord\" GmbH"),
            "https://github.com/upsmith/subreg",
            "v0.2.0",
            &[],
        );
        let config: crate::model::RegistryConfig =
            toml::from_str(file(&files, "registry/registry.toml")).expect("valid TOML");
        assert_eq!(config.organization.name, "Beispiel \"Nord\" GmbH");
        assert_eq!(config.organization.country, "DE");
        assert_eq!(config.organization.role, Role::Controller);
        assert_eq!(config.regimes, vec![Regime::EuGdpr, Regime::UkGdpr]);
        assert_eq!(config.documents[0].path, "../docs/privacy-policy.md");
    }

    #[test]
    fn every_file_is_listed_once_in_the_order_written() {
        let paths: Vec<String> = files(&setup("A"), "https://github.com/o/r", "v1.0.0", &[])
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(
            paths,
            [
                "registry/registry.toml",
                "registry/subprocessors/.gitkeep",
                "schemas/registry.schema.json",
                "schemas/subprocessor.schema.json",
                "schemas/knowledge.schema.json",
                "schemas/regions.schema.json",
                "docs/privacy-policy.md",
                ".github/workflows/subreg.yml",
                ".pre-commit-config.yaml",
            ]
        );
    }

    #[test]
    fn the_workflow_and_hooks_pin_the_release_tag() {
        let files = files(&setup("A"), "https://github.com/o/r/", "v9.8.7", &[]);
        assert!(file(&files, ".github/workflows/subreg.yml").contains("uses: o/r@v9.8.7\n"));
        let hooks = file(&files, ".pre-commit-config.yaml");
        assert!(hooks.contains("repo: https://github.com/o/r/\n    rev: v9.8.7\n"));
        assert!(!files.iter().any(|f| f.text.contains("{{")));
    }

    #[test]
    fn the_policy_prints_the_name_escaped_for_markdown() {
        let files = files(&setup("*Star* & Co_"), "https://github.com/o/r", "v1", &[]);
        let policy = file(&files, POLICY);
        assert!(
            policy.starts_with("# Sub-processors\n\nThis page lists the sub-processors that \\*Star\\* \\& Co\\_ engages"),
            "{policy}"
        );
    }

    #[test]
    fn a_name_holding_placeholders_is_written_as_given() {
        let files = files(
            &setup("a\"{{role}} {{documents}}"),
            "https://github.com/o/r",
            "v1",
            &[],
        );
        let config: crate::model::RegistryConfig =
            toml::from_str(file(&files, "registry/registry.toml")).expect("valid TOML");
        assert_eq!(config.organization.name, "a\"{{role}} {{documents}}");
    }

    #[test]
    fn without_a_policy_the_workflow_and_hooks_check_no_document() {
        let files = files(&setup("A"), "https://github.com/o/r", "v1", &[Part::Policy]);
        assert!(
            file(&files, ".github/workflows/subreg.yml")
                .contains("uses: o/r@v1\n        with:\n          # No document is listed in registry.toml yet: remove this\n          \
                           # line once one is, so that a stale table fails the check.\n          \
                           inject-check: false\n")
        );
        assert!(!file(&files, ".pre-commit-config.yaml").contains("      - id: subreg-inject"));
        assert!(file(&files, ".pre-commit-config.yaml").contains("      # - id: subreg-inject\n"));
        assert!(file(&files, ".pre-commit-config.yaml").contains("      - id: subreg-check"));
    }

    #[test]
    fn a_part_left_out_is_neither_written_nor_listed() {
        let files = files(
            &setup("A"),
            "https://github.com/o/r",
            "v1",
            &[Part::Policy, Part::PreCommit],
        );
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths[6..], [".github/workflows/subreg.yml"]);
        let config: crate::model::RegistryConfig =
            toml::from_str(file(&files, "registry/registry.toml")).expect("valid TOML");
        assert!(config.documents.is_empty());
    }

    #[test]
    fn a_name_on_two_lines_or_blank_is_refused() {
        assert_eq!(
            check_organization("A\nB"),
            Err("the organisation's name holds U+000A LINE FEED; give it on one line, without control characters".to_owned())
        );
        assert!(check_organization("  ").is_err());
        assert_eq!(check_organization("Example GmbH"), Ok(()));
    }
}
