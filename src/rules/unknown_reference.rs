//! `unknown-reference`: `runs_on` names a sub-processor of this registry.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Field;

use super::Context;
use super::transfers::is_current;

/// What `subreg explain unknown-reference` prints.
pub const DOC: super::Doc = super::Doc {
    what: "Checks that a sub-processor's `runs_on` names another sub-processor of this registry by its id (the file name without `.toml`): not itself, not one that is not engaged on the as-of day while this one is, and not one whose own `runs_on` leads back to it. A file that exists but does not load is reported for its own errors instead.",
    why: "A vendor that runs on another's infrastructure passes the data on to it: the infrastructure provider is a sub-processor too, and the published list must name it (GDPR Art. 28(2) and 28(4)). A reference to an id that does not exist (a typo, a file renamed or deleted) breaks that link in silence, and the published list points at nothing.",
    example: "# subprocessors/mailer.toml\nruns_on = \"amazon\"   # the file is subprocessors/aws.toml",
    fix: "runs_on = \"aws\"",
};

/// What is wrong with a `runs_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem<'a> {
    /// It names no file of the registry; the closest id, if one is close.
    Nothing(Option<&'a str>),
    /// It names the sub-processor itself.
    Itself,
    /// It names one that is not engaged on the as-of day (retired, or not
    /// yet effective) while this one is.
    NotEngaged,
    /// Following `runs_on` from it comes back to it; the ids on the way.
    Cycle(&'a [String]),
}

/// A `runs_on` that names no other engaged sub-processor.
pub struct UnknownReference<'a> {
    /// The sub-processor's name.
    pub subprocessor: &'a str,
    /// The id as written.
    pub id: &'a str,
    /// What is wrong.
    pub problem: Problem<'a>,
    /// The as-of day.
    pub as_of: crate::model::Date,
    /// Where it is.
    pub span: Span,
}

impl From<UnknownReference<'_>> for Diagnostic {
    fn from(f: UnknownReference<'_>) -> Self {
        let (message, note) = match f.problem {
            Problem::Itself => (
                format!("{}: `runs_on` names the sub-processor itself", f.subprocessor),
                "name the sub-processor whose infrastructure it runs on, or delete `runs_on`".to_owned(),
            ),
            Problem::Nothing(nearest) => (
                format!(
                    "{}: `runs_on` names `{}`, which is no sub-processor of this registry",
                    f.subprocessor, f.id
                ),
                nearest.map_or_else(
                    || "write the id of a sub-processor file (`subprocessors/<id>.toml`), adding the infrastructure provider first if it is not listed".to_owned(),
                    |id| format!("did you mean `{id}`?"),
                ),
            ),
            Problem::NotEngaged => (
                format!(
                    "{}: `runs_on` names `{}`, which is not engaged on {}",
                    f.subprocessor, f.id, f.as_of
                ),
                format!(
                    "a provider it runs on receives the data too and must be listed while it is used: correct `{}`'s `removed` or `effective`, or name the provider it runs on now",
                    f.id
                ),
            ),
            Problem::Cycle(path) => (
                format!(
                    "{}: `runs_on` goes round in a circle: {}",
                    f.subprocessor,
                    path.join(" -> ")
                ),
                "one of them runs on infrastructure of its own: delete its `runs_on`".to_owned(),
            ),
        };
        Diagnostic::new(Rule::UnknownReference, message, Some(f.span)).with_note(note)
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let all = ctx.all_subprocessors();
    let find = |id: &str| all.iter().find(|other| other.id == id);
    for sp in ctx.subprocessors() {
        let Some(id) = sp.value.runs_on.as_deref() else {
            continue;
        };
        // A file that exists but did not load is said for its own errors.
        if ctx.unloaded_ids().iter().any(|u| u == id) {
            continue;
        }
        let problem = if id == sp.id {
            Some(Problem::Itself)
        } else {
            match find(id) {
                None => Some(Problem::Nothing(nearest(all, &sp.id, id))),
                Some(target) if is_current(sp, ctx) && !is_current(target, ctx) => {
                    Some(Problem::NotEngaged)
                }
                Some(_) => None,
            }
        };
        let cycle;
        let problem = match problem {
            Some(problem) => problem,
            None => {
                cycle = circle(&sp.id, &find);
                if cycle.is_empty() {
                    continue;
                }
                Problem::Cycle(&cycle)
            }
        };
        out.push(
            UnknownReference {
                subprocessor: &sp.value.name,
                id,
                problem,
                as_of: ctx.as_of,
                span: sp.span(Field::RunsOn),
            }
            .into(),
        );
    }
}

/// The ids from `start` along `runs_on` back to `start` (`a -> b -> a`),
/// or empty when the chain ends or joins a circle `start` is not on.
fn circle<'a>(
    start: &str,
    find: &impl Fn(&str) -> Option<&'a crate::load::Loaded<crate::model::Subprocessor>>,
) -> Vec<String> {
    let mut path = vec![start.to_owned()];
    let mut at = start.to_owned();
    while let Some(next) = find(&at).and_then(|sp| sp.value.runs_on.clone()) {
        if next == start {
            path.push(next);
            return path;
        }
        if path.contains(&next) {
            return Vec::new();
        }
        path.push(next.clone());
        at = next;
    }
    Vec::new()
}

/// The id of `all` closest to `id` (other than `own`), compared without
/// case, within two edits.
fn nearest<'a>(
    all: &'a [crate::load::Loaded<crate::model::Subprocessor>],
    own: &str,
    id: &str,
) -> Option<&'a str> {
    let id = id.to_ascii_lowercase();
    all.iter()
        .filter(|other| other.id != own)
        .map(|other| {
            (
                strsim::damerau_levenshtein(&other.id, &id),
                other.id.as_str(),
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, other)| other)
}
