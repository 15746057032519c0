//! The printed forms of a [`Changes`]: plain text for a terminal, JSON for
//! scripts, Markdown for a pull-request comment. Values from the registry
//! are shown through [`visible`], Markdown cells escaped.

use serde_json::{Value, json};

use super::{Change, Changes, Entry, FieldChange, ValueChange, VerdictChange};
use crate::diag::visible::visible;

/// What a diff compares, as the user named it.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// The base: a revision or a folder.
    pub base: &'a str,
    /// The head: a revision, a folder or the working tree.
    pub head: &'a str,
    /// The day both were judged, `YYYY-MM-DD`.
    pub as_of: &'a str,
}

/// Lines for a terminal, ending with a summary line. A line break or tab
/// in a value is written `<U+000A>`, as in `check`'s output: no value
/// starts a line of its own.
#[must_use]
pub fn human(changes: &Changes, sides: Sides<'_>) -> String {
    let mut out = String::new();
    for change in &changes.entries {
        out.push_str(&one_line(&change_line(change)));
        out.push('\n');
        if let Change::Modified { fields, .. }
        | Change::Renamed { fields, .. }
        | Change::Settings { fields } = change
        {
            for field in fields {
                out.push_str("    ");
                out.push_str(&one_line(&field_line(field)));
                out.push('\n');
            }
        }
    }
    for verdict in &changes.verdicts {
        out.push_str(&one_line(&verdict_line(verdict)));
        out.push('\n');
    }
    out.push_str(&one_line(&summary(changes, sides)));
    out.push('\n');
    out
}

fn one_line(text: &str) -> String {
    use crate::diag::visible::escaped;
    visible(text)
        .replace('\r', &escaped('\r'))
        .replace('\n', &escaped('\n'))
        .replace('\t', &escaped('\t'))
}

/// One JSON object followed by a newline: `base`, `head`, `as_of`,
/// `changes` (each with `kind` and `subprocessor`) and `verdicts`.
#[must_use]
pub fn json(changes: &Changes, sides: Sides<'_>) -> String {
    let report = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "base": visible(sides.base),
        "head": visible(sides.head),
        "as_of": sides.as_of,
        "notice_days": changes.notice_days,
        "changes": changes.entries.iter().map(change_json).collect::<Vec<_>>(),
        "verdicts": changes.verdicts.iter().map(|v| json!({
            "change": if v.new { "new" } else if v.waived.is_some() { "waived" } else { "resolved" },
            "waiver": v.waived.as_ref().map(|(reason, until)| json!({
                "reason": visible(reason),
                "until": until.to_string(),
            })),
            "severity": v.severity.as_str(),
            "rule": v.rule,
            "subprocessor": v.subprocessor.as_deref().map(visible),
            "regime": v.regime,
            "destination": v.destination.as_deref().map(visible),
            "message": visible(&v.message),
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// A Markdown section for a pull-request comment: a table of the list's
/// changes and a list of the verdicts that changed.
#[must_use]
pub fn markdown(changes: &Changes, sides: Sides<'_>) -> String {
    let mut out = format!(
        "### Sub-processor changes: {} → {}\n\n",
        code(sides.base),
        code(sides.head)
    );
    if changes.entries.is_empty() {
        out.push_str("No sub-processor was added, removed or changed.\n");
    } else {
        out.push_str("| Change | Sub-processor | Details |\n| :--- | :--- | :--- |\n");
        for change in &changes.entries {
            let (kind, who, mut details) = cells(change);
            // A reviewer needs the values, not only the keys that changed.
            if let Change::Modified { fields, .. }
            | Change::Renamed { fields, .. }
            | Change::Settings { fields } = change
                && !fields.is_empty()
            {
                details = fields.iter().map(field_line).collect::<Vec<_>>().join("; ");
            }
            out.push_str(&format!(
                "| {kind} | {} | {} |\n",
                cell(&who),
                cell(&details)
            ));
        }
    }
    if !changes.verdicts.is_empty() {
        out.push_str("\n**Verdicts that changed**\n\n");
        for v in &changes.verdicts {
            out.push_str(&format!("- {}\n", cell(&verdict_line(v))));
        }
    }
    out.push_str(&format!("\n{}\n", cell(&summary(changes, sides))));
    out
}

fn summary(changes: &Changes, sides: Sides<'_>) -> String {
    let count = |f: fn(&Change) -> bool| changes.entries.iter().filter(|c| f(c)).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // Past engagements entered for the record are counted when there are.
    let waived = match changes
        .verdicts
        .iter()
        .filter(|v| v.waived.is_some())
        .count()
    {
        0 => String::new(),
        n => format!(", {n} waived"),
    };
    let mut recorded = String::new();
    for (n, word) in [
        (count(|c| matches!(c, Change::Recorded(..))), "recorded"),
        (count(|c| matches!(c, Change::Deleted(..))), "deleted"),
    ] {
        if n > 0 {
            recorded.push_str(&format!(", {n} {word}"));
        }
    }
    format!(
        "{} added, {} removed, {} replaced, {} renamed, {} changed{recorded}; {} new, {} resolved{waived} ({} → {}, judged on {})",
        count(|c| matches!(c, Change::Added(_))),
        count(|c| matches!(c, Change::Removed(..))),
        count(|c| matches!(c, Change::Replaced { .. })),
        count(|c| matches!(c, Change::Renamed { .. })),
        count(|c| matches!(c, Change::Modified { .. })),
        plural(changes.verdicts.iter().filter(|v| v.new).count(), "finding"),
        changes
            .verdicts
            .iter()
            .filter(|v| !v.new && v.waived.is_none())
            .count(),
        visible(sides.base),
        visible(sides.head),
        sides.as_of,
    )
}

fn change_line(change: &Change) -> String {
    let (kind, who, details) = cells(change);
    if details.is_empty() {
        format!("{kind}: {who}")
    } else {
        format!("{kind}: {who}: {details}")
    }
}

/// The kind, the sub-processor and the details of a change.
fn cells(change: &Change) -> (&'static str, String, String) {
    match change {
        Change::Added(e) => ("added", who(e), described(e)),
        Change::Removed(e, retired) => ("removed", who(e), retirement(*retired)),
        Change::Recorded(e, retired) => (
            "recorded",
            who(e),
            format!("a past engagement, retired on {retired}: history only, nothing to announce"),
        ),
        Change::Deleted(e, retired) => (
            "deleted",
            who(e),
            format!(
                "retired on {retired}; its file was deleted, so the changelog and the feed lose \
                 its history; keep the file instead"
            ),
        ),
        Change::Replaced {
            old,
            retired,
            new,
            purposes,
        } => (
            "replaced",
            format!("{} by {}", who(old), who(new)),
            format!(
                "for {}; {}{}{}",
                purposes.join(", "),
                described(new),
                match retired {
                    Some(day) => format!("; {} retired on {day}", old.name),
                    None => String::new(),
                },
                // Another entity written into the same file takes over its
                // history: the changelog and the feed would say it was
                // added on the old one's day.
                if old.id == new.id {
                    format!(
                        "; the file keeps {}'s history, so the changelog and the feed would say \
                         {} was added on {}: retire the old entity with a `removed` date and \
                         add the new one in a file of its own instead",
                        old.name, new.name, old.added
                    )
                } else {
                    String::new()
                }
            ),
        ),
        Change::Renamed {
            old_id,
            entry,
            fields,
        } => (
            "renamed",
            format!("{} ({old_id} → {})", entry.name, entry.id),
            fields
                .iter()
                .map(|f| f.key.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Change::Settings { fields } => (
            "settings changed",
            "registry.toml".to_owned(),
            fields
                .iter()
                .map(|f| f.key.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Change::NotCompared { id, in_head } => (
            "not compared",
            id.clone(),
            format!(
                "{} does not load in the {}; see its findings{}",
                if id == "registry.toml" {
                    "it"
                } else {
                    "its file"
                },
                if *in_head { "head" } else { "base" },
                if id == "registry.toml" {
                    " (no verdict is compared)"
                } else {
                    ""
                }
            ),
        ),
        Change::Modified { entry, fields } => (
            "changed",
            who(entry),
            fields
                .iter()
                .map(|f| f.key.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

fn who(e: &Entry) -> String {
    format!("{} ({})", e.name, e.id)
}

fn described(e: &Entry) -> String {
    let mut parts = vec![
        format!("purposes {}", e.purposes.join(", ")),
        format!("established in {}", e.country),
        format!("locations {}", e.locations.join(", ")),
    ];
    if !e.safeguards.is_empty() {
        parts.push(format!("safeguards {}", e.safeguards.join(", ")));
    }
    match e.effective {
        Some(day) => parts.push(format!("added {}, effective {day}", e.added)),
        None => parts.push(format!("added {}", e.added)),
    }
    parts.join("; ")
}

fn retirement(retired: Option<crate::model::Date>) -> String {
    retired.map_or_else(
        || {
            "its file was deleted, so the changelog and the feed lose its history; keep \
             the file with a `removed` date instead"
                .to_owned()
        },
        |day| format!("retired on {day}"),
    )
}

fn field_line(field: &FieldChange) -> String {
    match &field.change {
        ValueChange::Set(from, to) => format!(
            "{}: {} → {}",
            field.key,
            from.as_deref().unwrap_or("(absent)"),
            to.as_deref().unwrap_or("(absent)")
        ),
        ValueChange::Items { added, removed } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("+ {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("- {}", removed.join(", ")));
            }
            format!("{}: {}", field.key, parts.join("; "))
        }
    }
}

fn verdict_line(v: &VerdictChange) -> String {
    let waived = v
        .waived
        .as_ref()
        .map_or_else(String::new, |(reason, until)| {
            format!(" (waived until {until}: {reason}; nothing was fixed)")
        });
    format!(
        "{} {} {}{}: {}{waived}",
        if v.new {
            "new"
        } else if v.waived.is_some() {
            "waived"
        } else {
            "resolved"
        },
        v.severity.as_str(),
        v.rule,
        {
            let about: Vec<&str> = [
                v.subprocessor.as_deref(),
                v.regime,
                v.destination.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            }
        },
        v.message
    )
}

/// One change with the same keys whatever its kind, every key present
/// (null or empty when it does not apply), so that strict templates can
/// name any of them: `kind` (`added`, `removed`, `replaced`, `renamed`,
/// `changed`, `settings` (registry.toml, `subprocessor` then
/// `registry.toml`), `recorded`, `not-compared`), `subprocessor` (the id), `entry` (the sub-processor as
/// the head has it; as the base had it for a removal), `old` (a
/// replacement's removed one), `retired`, `purposes` (those a replacement
/// shares), `fields` (`{key, label, from, to, added, removed}`: `label` the
/// key in a customer's words), `unloaded_in` and
/// `old_id` (a renamed file's id in the base).
#[must_use]
pub fn change_json(change: &Change) -> Value {
    let entry = |e: &Entry| {
        json!({
            "id": visible(&e.id),
            "name": visible(&e.name),
            "country": visible(&e.country),
            "purposes": e.purposes.iter().map(|p| visible(p)).collect::<Vec<_>>(),
            "locations": e.locations.iter().map(|l| visible(l)).collect::<Vec<_>>(),
            "safeguards": e.safeguards.iter().map(|s| visible(s)).collect::<Vec<_>>(),
            "added": e.added.to_string(),
            "effective": e.effective.map(|d| d.to_string()),
        })
    };
    let mut out = json!({
        "kind": "",
        "subprocessor": visible(change.id()),
        "entry": null,
        "old": null,
        "retired": null,
        "purposes": [],
        "fields": [],
        "unloaded_in": null,
        "old_id": null,
    });
    match change {
        Change::Added(e) => {
            out["kind"] = json!("added");
            out["entry"] = entry(e);
        }
        Change::Recorded(e, retired) => {
            out["kind"] = json!("recorded");
            out["entry"] = entry(e);
            out["retired"] = json!(retired.to_string());
        }
        Change::Deleted(e, retired) => {
            out["kind"] = json!("deleted");
            out["entry"] = entry(e);
            out["retired"] = json!(retired.to_string());
        }
        Change::Removed(e, retired) => {
            out["kind"] = json!("removed");
            out["entry"] = entry(e);
            out["retired"] = json!(retired.map(|d| d.to_string()));
        }
        Change::Replaced {
            old,
            retired,
            new,
            purposes,
        } => {
            out["kind"] = json!("replaced");
            out["entry"] = entry(new);
            out["old"] = entry(old);
            out["retired"] = json!(retired.map(|d| d.to_string()));
            out["purposes"] = json!(purposes.iter().map(|p| visible(p)).collect::<Vec<_>>());
        }
        Change::Renamed {
            old_id,
            entry: e,
            fields,
        } => {
            out["kind"] = json!("renamed");
            out["entry"] = entry(e);
            out["old_id"] = json!(visible(old_id));
            out["fields"] = fields_json(fields);
        }
        Change::Settings { fields } => {
            out["kind"] = json!("settings");
            out["fields"] = fields_json(fields);
        }
        Change::NotCompared { in_head, .. } => {
            out["kind"] = json!("not-compared");
            out["unloaded_in"] = json!(if *in_head { "head" } else { "base" });
        }
        Change::Modified { entry: e, fields } => {
            out["kind"] = json!("changed");
            out["entry"] = entry(e);
            out["fields"] = fields_json(fields);
        }
    }
    out
}

fn fields_json(fields: &[FieldChange]) -> Value {
    fields
        .iter()
        .map(|f| {
            let (from, to, added, removed) = match &f.change {
                ValueChange::Set(from, to) => (from.clone(), to.clone(), &[][..], &[][..]),
                ValueChange::Items { added, removed } => {
                    (None, None, added.as_slice(), removed.as_slice())
                }
            };
            json!({
                "key": visible(&f.key),
                "label": visible(&label(&f.key)),
                "from": from.as_deref().map(visible),
                "to": to.as_deref().map(visible),
                "added": added.iter().map(|x| visible(x)).collect::<Vec<_>>(),
                "removed": removed.iter().map(|x| visible(x)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// What a customer reads for a changed key: `effective` is "Processing
/// starts", `transfers[US eu-scc-2021].tia` is "Safeguard for US
/// (eu-scc-2021): transfer impact assessment"; a key without words of its
/// own is itself.
fn label(key: &str) -> String {
    if let Some(entry) = key.strip_prefix("transfers[")
        && let Some((which, sub)) = entry.split_once("].")
    {
        let (to, mechanism) = which.split_once(' ').unwrap_or((which, ""));
        // `eu-scc-2021 (signed 2025-01-10)`: the dates join the mechanism.
        let mechanism = mechanism.replacen(" (", ", ", 1).replace(')', "");
        let sub = match sub {
            "signed" => "signed",
            "tia" => "transfer impact assessment",
            "verified" => "certification verified",
            "module" => "SCC module",
            "ended" => "ended",
            "reference" => "reference",
            "article" => "article relied on",
            "approved_by" => "approved by",
            "assumed" => "evidence assumed",
            other => other,
        };
        return format!("Safeguard for {to} ({mechanism}): {sub}");
    }
    match key {
        "name" => "Legal entity",
        "country" => "Established in",
        "purposes" => "Purposes",
        "locations" => "Where the data are",
        "website" => "Website",
        "aliases" => "Also known as",
        "data_categories" => "Data categories",
        "added" => "Listed since",
        "announced" => "Announced",
        "effective" => "Processing starts",
        "removed" => "Stops processing",
        "role" => "Role",
        "transfers" => "Transfer safeguards",
        "group" => "Section",
        "order" => "Order in the list",
        "published_name" => "Published name",
        "notes" => "Notes",
        "footnotes" => "Footnotes",
        "data_subjects" => "Data subjects",
        "links" => "Links",
        "runs_on" => "Runs on",
        other => other,
    }
    .to_owned()
}

/// `text` as inline code, with a fence longer than any backtick run in it.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {} {fence}", visible(text))
}

/// `text` for a Markdown table cell or list item: visible, one line, pipes
/// and Markdown punctuation escaped (the shipped templates' escaping).
fn cell(text: &str) -> String {
    crate::render::escape::markdown(&visible(text).replace(['\r', '\n'], " "))
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn keys_are_labelled_in_a_customers_words() {
        assert_eq!(label("removed"), "Stops processing");
        assert_eq!(
            label("transfers[US eu-scc-2021].tia"),
            "Safeguard for US (eu-scc-2021): transfer impact assessment"
        );
        assert_eq!(label("transfers"), "Transfer safeguards");
        assert_eq!(label("something_new"), "something_new");
    }
}
