//! `subreg explain`: a rule's documentation, or the list of rules.

use clap::Args;
use subreg::diag::Rule;
use subreg::rules;

use super::{Exit, Failure, out};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name (`transfer-without-mechanism`) or code (`SR0201`), or
    /// `context` for the fields a template sees.
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
    if name == "context" {
        out(&context_shape());
        return Exit::Clean;
    }
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

/// The text `subreg explain context` prints: every field a template may
/// name, one per line, with the kind of its value, walked from the same
/// prototype context that templates are checked against.
pub fn context_shape() -> String {
    let mut lines = Vec::new();
    shape(&subreg::documents::prototype(), "", &mut lines);
    let width = lines.iter().map(|(path, _)| path.len()).max().unwrap_or(0);
    let mut text = String::from(
        "The render context: what templates see (every field is present, null when unset; \
         `[]` marks a list to walk with {{#each}}).\n\n",
    );
    for (path, kind) in lines {
        text.push_str(&format!("{path:<width$}  {kind}\n"));
    }
    text
}

fn shape(value: &serde_json::Value, path: &str, lines: &mut Vec<(String, &'static str)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                shape(inner, &at, lines);
            }
        }
        // A group's entries are the sub-processors again: said once.
        Value::Array(_) if path == "groups[].subprocessors" => {
            lines.push((format!("{path}[]"), "each as subprocessors[] below"));
        }
        Value::Array(items) => match items.first() {
            Some(first @ (Value::Object(_) | Value::Array(_))) => {
                shape(first, &format!("{path}[]"), lines)
            }
            Some(first) => lines.push((format!("{path}[]"), kind(first))),
            None => lines.push((format!("{path}[]"), "list")),
        },
        other => lines.push((path.to_owned(), kind(other))),
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::String(s) if s.parse::<subreg::model::Date>().is_ok() => "date (YYYY-MM-DD)",
        Value::String(_) => "text",
        Value::Number(_) => "number",
        Value::Bool(_) => "true/false",
        _ => "value",
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
