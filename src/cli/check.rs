//! `subreg check`: schema, rules and documents, in one run.

use clap::Args;
use subreg::diag::{self, Counts, Rule};
use subreg::documents;
use subreg::model::Level;
use subreg::rules::{self, Context};

use super::report::{OutputArgs, summary};
use super::{Exit, RegistryArgs, out, parse_rule, setup};

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
    /// Hide a rule's findings.
    #[arg(short = 'A', long = "allow", value_name = "RULE", value_parser = parse_rule)]
    allow: Vec<Rule>,
}

pub fn run(args: &CheckArgs) -> Exit {
    let mut session = match setup::load(&args.registry) {
        Ok(session) => session,
        Err(message) => return Exit::Failed(message),
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
    let as_of = args.registry.as_of();
    let explain = args.verbose;
    let ctx = Context {
        registry: &session.registry,
        knowledge: &session.knowledge,
        as_of,
        explain,
    };
    let mut found = std::mem::take(&mut session.diagnostics);
    found.extend(rules::run(&ctx));
    if session.registry.config.is_none() {
        found.push(diag::Diagnostic::note(
            Rule::TransferWithoutMechanism,
            "transfer and document checks are skipped until registry.toml is valid",
            None,
        ));
    }

    if let Some(config) = &session.registry.config
        && !config.value.documents.is_empty()
    {
        let templates = match documents::load_templates(&args.registry.templates()) {
            Ok(t) => t,
            Err(e) => return Exit::Failed(e.to_string()),
        };
        let context = documents::context(&session.registry, as_of);
        for doc in &config.value.documents {
            let path = args.registry.registry.join(&doc.path);
            match documents::process(&path, &templates, &context, &mut session.files) {
                Ok(outcome) => found.extend(outcome.diagnostics),
                Err(e) => return Exit::Failed(e.to_string()),
            }
        }
    }

    let mut found = session.levels.apply(found);
    diag::sort(&mut found, &session.files);
    let counts = Counts::of(&found);
    let line = summary(
        counts,
        session.registry.files_read + 1,
        session.registry.subprocessors.len(),
    );
    out(&args.output.render(&found, &session.files, &line));
    if counts.errors > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
