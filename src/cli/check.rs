//! `subreg check`: schema, rules and documents, in one run.

use clap::Args;
use subreg::diag::{Counts, Rule};
use subreg::model::Level;
use subreg::session::Session;

use super::report::{OutputArgs, summary};
use super::{Exit, RegistryArgs, out, parse_rule};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    registry: RegistryArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Also say why each transfer passes, as notes (in every format).
    #[arg(long, short)]
    verbose: bool,
    /// Treat a rule's findings as errors (name or code; repeatable; wins over registry.toml).
    #[arg(short = 'D', long = "deny", value_name = "RULE", value_parser = parse_rule)]
    deny: Vec<Rule>,
    /// Treat a rule's findings as warnings.
    #[arg(short = 'W', long = "warn", value_name = "RULE", value_parser = parse_rule)]
    warn: Vec<Rule>,
    /// The revision a pull request starts from (e.g. `origin/main`): the sub-processors it adds are announced today, so `notice-period-too-short` judges their `effective` date against `notice_days` from the as-of day.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Hide a rule's findings.
    #[arg(short = 'A', long = "allow", value_name = "RULE", value_parser = parse_rule)]
    allow: Vec<Rule>,
}

pub fn run(args: &CheckArgs) -> Exit {
    let mut session = match Session::open(&args.registry.registry) {
        Ok(session) => session,
        Err(e) => return Exit::Failed(e.into()),
    };
    // The command line wins over registry.toml; within it, the strictest level wins.
    for (rules, level) in [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ] {
        for rule in rules {
            session.levels.set(*rule, level);
        }
    }
    let templates = match args.registry.templates(&session.registry.repository) {
        Ok(dir) => dir,
        Err(failure) => return Exit::Failed(failure),
    };
    let as_of = args.registry.as_of();
    if let Some(base) = &args.base {
        match review_since(base, &args.registry.registry, &session, as_of) {
            Ok(review) => review.apply(&mut session),
            Err(failure) => return Exit::Failed(failure),
        }
    }
    let found = match session.check(&templates, as_of, args.verbose) {
        Ok(found) => found,
        Err(e) => return Exit::Failed(e.into()),
    };
    let counts = Counts::of(&found);
    let registry = &session.registry;
    let line = summary(
        counts,
        registry.files_read + 1,
        registry.subprocessors.len(),
    );
    let info = subreg::diag::json::RunInfo {
        as_of: Some(as_of.to_string()),
        knowledge_checked: session.knowledge.oldest_check().map(|d| d.to_string()),
        ..subreg::diag::json::RunInfo::tool()
    };
    out(&args.output.render(&found, &session.files, &line, &info));
    // The process exits next: freeing every file's text and model one by
    // one would only delay it (a twentieth of a 10,000-file check).
    std::mem::forget((session, found));
    if counts.errors > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// The review of `session`'s registry against revision (or folder) `base`
/// of the repository holding `registry`.
fn review_since(
    base: &str,
    registry: &std::path::Path,
    session: &Session,
    as_of: subreg::model::Date,
) -> Result<super::diff::Review, super::Failure> {
    let side = super::diff::base_side(base, registry)?;
    let before = Session::open(side.registry())?;
    Ok(super::diff::Review::of(
        &before, &side, session, "HEAD", registry, as_of,
    ))
}
