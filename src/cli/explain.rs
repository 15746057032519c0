//! `subreg explain`: a rule's documentation, or the list of rules.

use clap::Args;
use subreg::diag::Rule;
use subreg::rules;

use super::{Exit, Failure, out};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name (`transfer-without-mechanism`) or code (`SR0201`).
    #[arg(value_name = "RULE", required_unless_present = "list")]
    rule: Option<String>,
    /// List every rule with its code and default level.
    #[arg(long)]
    list: bool,
}

pub fn run(args: &ExplainArgs) -> Exit {
    if args.list {
        let mut text = String::new();
        for rule in Rule::ALL {
            text.push_str(&format!(
                "{} {:<32} {:<5} {}\n",
                rule.code(),
                rule.name(),
                rule.default_level().as_str(),
                rule.summary()
            ));
        }
        out(&text);
        return Exit::Clean;
    }
    let name = args.rule.as_deref().unwrap_or_default();
    let rule = match name.parse::<Rule>() {
        Ok(rule) => rule,
        Err(message) => return Exit::Failed(Failure::UnknownRule(message)),
    };
    out(&explain(rule));
    Exit::Clean
}

/// The text `subreg explain RULE` prints.
pub fn explain(rule: Rule) -> String {
    let mut text = format!(
        "{} ({})\n{}\nDefault level: {}\n",
        rule.name(),
        rule.code(),
        rule.summary(),
        rule.default_level().as_str()
    );
    let doc = rules::doc(rule);
    text.push_str(&format!(
        "\n## What it does\n{}\n\n## Why\n{}\n\n## Example\n{}\n\n## Fix\n{}\n",
        doc.what,
        doc.why,
        indent(doc.example),
        indent(doc.fix)
    ));
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
