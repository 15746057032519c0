//! `duplicate-subprocessor`: one legal entity, one file.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Rule, Span};
use crate::load::Loaded;
use crate::model::Field;
use crate::model::Subprocessor;

use super::Context;

/// What `subreg explain duplicate-subprocessor` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Flags two sub-processor files that name the same legal entity: the same `name`, or a name of one that is an alias of the other, compared without case, punctuation or repeated spaces.",
    why: "Each legal entity must appear once in the published list, with one set of purposes, locations and transfer mechanisms. Two files drift apart: one gets updated, the other keeps an expired mechanism, and the policy lists the entity twice.",
    example: "# subprocessors/aws.toml\nname = \"Amazon Web Services, Inc.\"\n# subprocessors/amazon.toml\nname = \"Amazon Web Services Inc\"",
    fix: "Merge the two files into one (keep the id that documents and feeds already use) and delete the other.",
};

/// A second file naming an entity that an earlier file names.
pub struct DuplicateSubprocessor<'a> {
    /// The name as written in the second file.
    pub name: &'a str,
    /// The second file's id.
    pub id: &'a str,
    /// The first file's id.
    pub first_id: &'a str,
    /// The name in the second file.
    pub span: Span,
    /// The name in the first file.
    pub first_span: Span,
}

impl From<DuplicateSubprocessor<'_>> for Diagnostic {
    fn from(f: DuplicateSubprocessor<'_>) -> Self {
        Diagnostic::new(
            Rule::DuplicateSubprocessor,
            format!(
                "\"{}\" ({}) is already listed as sub-processor `{}`",
                f.name, f.id, f.first_id
            ),
            Some(f.span),
        )
        .with_label(
            f.first_span,
            format!("`{}` names the same entity here", f.first_id),
        )
        .with_note(format!(
            "merge `{}` into `{}` and delete one of the two files",
            f.id, f.first_id
        ))
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // normalised name -> (first file, pointer of the name or alias there);
    // spans are resolved only for a finding, so clean files cost no index.
    let mut seen: HashMap<String, (&Loaded<Subprocessor>, Field)> = HashMap::new();
    for sp in ctx.all_subprocessors() {
        let names = std::iter::once((&sp.value.name, Field::Name)).chain(
            sp.value
                .aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (a, Field::Alias(i))),
        );
        let mut reported = false;
        let mut own = Vec::new();
        for (name, pointer) in names {
            let key = normalise(name);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some((first, first_pointer)) if first.id != sp.id && !reported => {
                    out.push(
                        DuplicateSubprocessor {
                            name,
                            id: &sp.id,
                            first_id: &first.id,
                            span: sp.span(pointer),
                            first_span: first.span(*first_pointer),
                        }
                        .into(),
                    );
                    reported = true;
                }
                Some(_) => {}
                None => own.push((key, pointer)),
            }
        }
        for (key, pointer) in own {
            seen.entry(key).or_insert((sp, pointer));
        }
    }
}

/// Lower case, letters and digits only, single spaces: "Amazon Web
/// Services, Inc." and "amazon web services inc" are the same entity.
fn normalise(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn punctuation_and_case_do_not_make_a_new_entity() {
        assert_eq!(
            normalise("Amazon Web Services, Inc."),
            normalise("amazon  web services inc")
        );
        assert_ne!(
            normalise("Atlassian Pty Ltd"),
            normalise("Atlassian US, Inc.")
        );
    }
}
