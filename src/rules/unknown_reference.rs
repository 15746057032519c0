//! `unknown-reference`: `runs_on` names a sub-processor of this registry.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Field;

use super::Context;

/// What `subreg explain unknown-reference` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Checks that a sub-processor's `runs_on` names another sub-processor of this registry by its id (the file name without `.toml`), and not itself.",
    why: "A vendor that runs on another's infrastructure passes the data on to it: the infrastructure provider is a sub-processor too, and the published list must name it (GDPR Art. 28(2) and 28(4)). A reference to an id that does not exist (a typo, a file renamed or deleted) breaks that link in silence, and the published list points at nothing.",
    example: "# subprocessors/mailer.toml\nruns_on = \"amazon\"   # the file is subprocessors/aws.toml",
    fix: "runs_on = \"aws\"",
};

/// A `runs_on` that names no other sub-processor.
pub struct UnknownReference<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The id as written.
    pub id: &'a str,
    /// Whether it names the sub-processor itself.
    pub itself: bool,
    /// The closest id of the registry, for a did-you-mean.
    pub nearest: Option<&'a str>,
    /// Where it is.
    pub span: Span,
}

impl From<UnknownReference<'_>> for Diagnostic {
    fn from(f: UnknownReference<'_>) -> Self {
        if f.itself {
            return Diagnostic::new(
                Rule::UnknownReference,
                format!(
                    "{}: `runs_on` names the sub-processor itself",
                    f.subprocessor
                ),
                Some(f.span),
            )
            .with_note(
                "name the sub-processor whose infrastructure it runs on, or delete `runs_on`",
            );
        }
        let d = Diagnostic::new(
            Rule::UnknownReference,
            format!(
                "{}: `runs_on` names `{}`, which is no sub-processor of this registry",
                f.subprocessor, f.id
            ),
            Some(f.span),
        );
        match f.nearest {
            Some(id) => d.with_note(format!("did you mean `{id}`?")),
            None => d.with_note(
                "write the id of a sub-processor file (`subprocessors/<id>.toml`), adding the infrastructure provider first if it is not listed",
            ),
        }
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let all = ctx.all_subprocessors();
    for sp in ctx.subprocessors() {
        let Some(id) = sp.value.runs_on.as_deref() else {
            continue;
        };
        let itself = id == sp.id;
        if !itself && all.iter().any(|other| other.id == id) {
            continue;
        }
        let nearest = all
            .iter()
            .filter(|other| other.id != sp.id)
            .map(|other| {
                (
                    strsim::damerau_levenshtein(&other.id, id),
                    other.id.as_str(),
                )
            })
            .filter(|(distance, _)| *distance <= 2)
            .min()
            .map(|(_, other)| other);
        out.push(
            UnknownReference {
                subprocessor: &sp.value.name,
                id,
                itself,
                nearest: if itself { None } else { nearest },
                span: sp.span(Field::RunsOn),
            }
            .into(),
        );
    }
}
