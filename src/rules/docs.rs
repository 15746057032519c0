//! Rule documentation, in the shape of ruff's rule docs: what the rule
//! checks, why it matters, an example that triggers it, and the fix.
//! Each rule's text lives in its own file; this module gathers them.

use crate::diag::Rule;

/// The documentation of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    /// What the rule checks.
    pub what: &'static str,
    /// Why it matters, with the legal reference where there is one.
    pub why: &'static str,
    /// A snippet that triggers it.
    pub example: &'static str,
    /// The same snippet, fixed.
    pub fix: &'static str,
}

/// The documentation of `rule`.
#[must_use]
pub fn doc(rule: Rule) -> &'static Doc {
    match rule {
        Rule::TomlSyntax => &TOML_SYNTAX,
        Rule::SchemaViolation => &SCHEMA_VIOLATION,
        Rule::UnknownKey => &UNKNOWN_KEY,
        Rule::InvalidEncoding => &INVALID_ENCODING,
        Rule::InvalidId => &INVALID_ID,
        Rule::PathOutsideRepository => &PATH_OUTSIDE_REPOSITORY,
        Rule::UnknownCountry => &super::unknown_country::DOC,
        Rule::VagueLocation => &super::vague_location::DOC,
        Rule::LocationUnknown => &super::location_unknown::DOC,
        Rule::UnknownReference => &super::unknown_reference::DOC,
        Rule::WaiverExpired => &super::waiver_expired::DOC,
        Rule::WaiverUnused => &super::waiver_unused::DOC,
        Rule::DuplicateSubprocessor => &super::duplicate_subprocessor::DOC,
        Rule::DateOrder => &super::date_order::DOC,
        Rule::InvalidatedMechanism => &super::invalidated_mechanism::DOC,
        Rule::TransferWithoutMechanism => &super::transfer_without_mechanism::DOC,
        Rule::NoticePeriodTooShort => &super::notice_period_too_short::DOC,
        Rule::StaleKnowledge => &super::stale_knowledge::DOC,
        Rule::MechanismNotApplicable => &super::mechanism_not_applicable::DOC,
        Rule::SccModuleMismatch => &super::scc_module_mismatch::DOC,
        Rule::DerogationForRoutineTransfer => &super::derogation_for_routine_transfer::DOC,
        Rule::TransferOutsideLocations => &super::transfer_outside_locations::DOC,
        Rule::ScopedAdequacy => &super::scoped_adequacy::DOC,
        Rule::TiaMissing => &super::tia_missing::DOC,
        Rule::TiaExpired => &super::tia_expired::DOC,
        Rule::DpfVerificationStale => &super::dpf_verification_stale::DOC,
        Rule::TransferAtRisk => &super::transfer_at_risk::DOC,
        Rule::EvidenceMissing => &super::evidence_missing::DOC,
        Rule::IrrelevantKey => &super::irrelevant_key::DOC,
        Rule::EvidenceAssumed => &super::evidence_assumed::DOC,
        Rule::KnowledgeGap => &super::knowledge_gap::DOC,
        Rule::TransferLawful => &super::transfer_lawful::DOC,
        Rule::FactUnconfirmed => &super::fact_unconfirmed::DOC,
        Rule::DocumentStale => &DOCUMENT_STALE,
        Rule::MarkerError => &MARKER_ERROR,
        Rule::SchemaStale => &SCHEMA_STALE,
    }
}

const TOML_SYNTAX: Doc = Doc {
    what: "Reports text that is not valid TOML 1.0: a missing quote or bracket, a key given twice, a bare word where a value is expected.",
    why: "A file that does not parse cannot be checked at all; the rest of the run skips it.",
    example: "name = Amazon Web Services, Inc.",
    fix: "name = \"Amazon Web Services, Inc.\"   # strings are quoted",
};

const PATH_OUTSIDE_REPOSITORY: Doc = Doc {
    what: "Refuses a `[[documents]]` path in registry.toml that is absolute or leads outside the repository (the folder that holds the registry folder), symbolic links followed, and a link that cannot be resolved (a loop, a link to a pipe). Nothing outside is read or written, and the file's content is never printed. Registry files, the `subprocessors/` folder and the default templates folder are held to the same boundary (an error that stops the run, exit 2). The level of this rule cannot be lowered in `[rules]` or on the command line.",
    why: "The registry arrives in pull requests. A document path such as `/proc/self/environ` or `../../.ssh/config`, or a committed link to one, would make `subreg check` print that file's content into the CI log as a diff or as TOML errors, and `subreg inject` rewrite it.",
    example: "[[documents]]\npath = \"/etc/passwd\"",
    fix: "[[documents]]\npath = \"../docs/privacy-policy.md\"   # relative to registry.toml, inside the repository\n# a document elsewhere can be named on the command line: subreg inject FILE",
};

const SCHEMA_VIOLATION: Doc = Doc {
    what: "Validates every file against the JSON Schema generated from subreg's types (schemas/*.schema.json): required keys, value types, accepted words, calendar dates (unquoted), ranges. Every text value is also refused, at the character, when it holds a control character (Cc) other than a line break (a tab only in a value of several lines), a format character (Cf: zero-width space, byte order mark, direction marks, soft hyphen, tag characters, invisible operators), a line or paragraph separator (Zl, Zp), a filler letter (U+3164 HANGUL FILLER, ...) or U+034F COMBINING GRAPHEME JOINER; a zero-width joiner or non-joiner stays allowed between letters of a script that spells with it (Arabic, Indic, ...) and a joiner between emoji.",
    why: "The rules can only judge values of the right shape. The same schema drives editor completion (Taplo / Even Better TOML), so what the editor accepts is what CI accepts.",
    example: "notice_days = \"30\"\nadded = 2023-11-08T10:00:00Z\nsigned = \"2023-11-08\"\npurposes = [\"Data\\u200Bhosting\"]",
    fix: "notice_days = 30\nadded = 2023-11-08   # a calendar date, no time of day\nsigned = 2023-11-08  # unquoted\npurposes = [\"Data hosting\"]",
};

const UNKNOWN_KEY: Doc = Doc {
    what: "Reports a key the file format does not define, with the closest known key.",
    why: "A misspelt key (`purpose` for `purposes`) is otherwise silently ignored, and the value the reviewer approved never reaches the checks or the policy.",
    example: "purpose = [\"Data hosting\"]",
    fix: "purposes = [\"Data hosting\"]",
};

const INVALID_ENCODING: Doc = Doc {
    what: "Reports a file that is not UTF-8 (for example Latin-1 or UTF-16 saved by an old editor). A UTF-8 byte-order mark is accepted and ignored.",
    why: "TOML files are UTF-8 by definition; guessing another encoding would print legal names wrongly in the published policy.",
    example: "name = \"Soci\\xE9t\\xE9 G\\xE9n\\xE9rale\"   # Latin-1 bytes",
    fix: "Re-save the file as UTF-8 in the editor (the characters stay the same).",
};

const INVALID_ID: Doc = Doc {
    what: "Checks that each sub-processor file name (its id) uses only lower-case letters, digits and '-', and that nothing else in subprocessors/ is left unread in silence: an entry not named <id>.toml (AWS.TOML, aws.toml.bak, a name ending in a blank, a subfolder) is reported too, and so is every entry of the registry folder other than registry.toml, knowledge.toml and subprocessors/ (Subprocessors/, sub-processors/, evil.toml), with the known name it is a near miss of. Hidden entries and editor backups (aws.toml~, #aws.toml#) are ignored.",
    why: "The id is the stable key of the entry: the table's sort order, diffs and feeds use it. Spaces and capitals break URLs and sort differently on different machines.",
    example: "registry/subprocessors/Amazon Web Services.toml",
    fix: "registry/subprocessors/aws.toml",
};

const DOCUMENT_STALE: Doc = Doc {
    what: "Renders every marker region of every document the registry lists and compares it with the published text; prints the difference.",
    why: "The published privacy policy must list the sub-processors the registry holds. A stale table tells customers something untrue about who processes their data.",
    example: "<!-- subreg:begin template=subprocessors.md -->\n| Third Party | Purpose |\n(a row edited by hand)\n<!-- subreg:end -->",
    fix: "Run `subreg inject` and commit the regenerated document.",
};

const MARKER_ERROR: Doc = Doc {
    what: "Reports missing, unpaired, nested or reversed `<!-- subreg:begin template=NAME -->` / `<!-- subreg:end -->` markers (in an MDX, reStructuredText, YAML, TOML or AsciiDoc document, their forms in its comment syntax: `{/* subreg:end */}`, `.. subreg:end`, `# subreg:end`, `// subreg:end`), and malformed ones, naming their lines. Markers inside fenced code blocks are ignored.",
    why: "Without well-formed markers subreg cannot know which text it owns; it then leaves the document untouched rather than guess.",
    example: "<!-- subreg:begin template=subprocessors.md -->\n| Third Party | Purpose |",
    fix: "<!-- subreg:begin template=subprocessors.md -->\n| Third Party | Purpose |\n<!-- subreg:end -->",
};

const SCHEMA_STALE: Doc = Doc {
    what: "Compares the committed schemas in `schemas/` with the ones subreg generates from its types (`subreg schema --check`).",
    why: "Editors validate the registry with the committed schemas while CI validates with the generated ones; if they differ, people see one verdict while typing and another in the pull request.",
    example: "schemas/subprocessor.schema.json without a field added in this release",
    fix: "Run `subreg schema` and commit schemas/.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_rule_has_all_four_parts() {
        for rule in Rule::ALL {
            let d = doc(*rule);
            for part in [d.what, d.why, d.example, d.fix] {
                assert!(!part.trim().is_empty(), "{rule}");
            }
        }
    }
}
