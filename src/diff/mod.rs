//! `subreg diff`: the semantic changes between two registries, as a
//! processor announces them to its customers (GDPR Art. 28(2): "any intended
//! changes concerning the addition or replacement of other processors").
//!
//! Pure: two loaded registries and their findings in, a [`Changes`] out.
//! Sub-processors are matched by id (the file stem, DESIGN's stable key);
//! their fields are compared through their serialized form, so a key the
//! format gains is compared without code of its own here.

mod format;

pub use format::{Sides, change_json, human, json, markdown};

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diag::{Diagnostic, Files, Severity};
use crate::load::{Loaded, Registry};
use crate::model::{Date, Subprocessor};

/// Everything that changed between a base and a head registry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Changes of the list, in id order: additions, removals, replacements,
    /// renames and changed fields.
    pub entries: Vec<Change>,
    /// Findings at error or warning level that the head has and the base
    /// had not (`true`), or the base had and the head has not (`false`).
    pub verdicts: Vec<VerdictChange>,
    /// The notice period in days: `notice_days` of the head's
    /// registry.toml, or the base's when the head lowers or deletes it.
    pub notice_days: Option<u32>,
    /// The ids of sub-processors in both, not started in the base on the
    /// as-of day, whose start day the head moves (see
    /// [`Changes::announced`]).
    pub restarted: Vec<String>,
}

/// One sub-processor's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A sub-processor the base did not list, or listed as retired.
    Added(Entry),
    /// A sub-processor the head no longer lists, or lists as retired
    /// (`removed` set): its entry in the base and the retirement date.
    Removed(Entry, Option<Date>),
    /// A sub-processor the base did not list whose engagement had already
    /// ended on the as-of day (`removed` passed): a past engagement entered
    /// for the record, history for the changelog and the feed, no addition
    /// to announce. Its entry and the day it was retired.
    Recorded(Entry, Date),
    /// A sub-processor retired in the base whose file the head deletes:
    /// nothing changes for customers, but the changelog and the feed lose
    /// its history. Its entry and the day it was retired.
    Deleted(Entry, Date),
    /// A removal and an addition that serve a purpose in common.
    Replaced {
        /// The sub-processor removed or retired.
        old: Entry,
        /// Its retirement date, when retired in place.
        retired: Option<Date>,
        /// The sub-processor added.
        new: Entry,
        /// The purposes they share, as the new one publishes them.
        purposes: Vec<String>,
    },
    /// A sub-processor whose file got another id (a file deleted and one
    /// added with the same legal name, as `git mv` does): not a removal
    /// and an addition, since the entity stays.
    Renamed {
        /// Its id in the base.
        old_id: String,
        /// The head's entry.
        entry: Entry,
        /// What else changed, in key order.
        fields: Vec<FieldChange>,
    },
    /// registry.toml changed: regimes, notice period, levels, waivers, ...
    Settings {
        /// What changed, in key order.
        fields: Vec<FieldChange>,
    },
    /// A sub-processor whose file does not load on one side (its findings
    /// say why): not compared, rather than said to be added or removed.
    NotCompared {
        /// Its id.
        id: String,
        /// Whether it is the head's file (else the base's) that does not load.
        in_head: bool,
    },
    /// A sub-processor listed in both whose fields changed.
    Modified {
        /// The head's entry.
        entry: Entry,
        /// What changed, in key order.
        fields: Vec<FieldChange>,
    },
}

/// What a notice says about a sub-processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id (file stem).
    pub id: String,
    /// Its legal name.
    pub name: String,
    /// Its country of establishment (ISO 3166-1 alpha-2).
    pub country: String,
    /// Its purposes, as published.
    pub purposes: Vec<String>,
    /// Its locations, as written.
    pub locations: Vec<String>,
    /// The mechanism of each transfer entry in force, `to: mechanism`.
    pub safeguards: Vec<String>,
    /// When it entered the published list.
    pub added: Date,
    /// When processing starts, if given.
    pub effective: Option<Date>,
    /// When customers were (or are to be) told, if given.
    pub announced: Option<Date>,
}

/// A changed key of a sub-processor file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The key, e.g. `locations`, or `transfers[US eu-scc-2021].tia` for a
    /// key of one transfer entry.
    pub key: String,
    /// How it changed.
    pub change: ValueChange,
}

/// How a value changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueChange {
    /// A single value set, changed or deleted; `None` is absent.
    Set(Option<String>, Option<String>),
    /// Items of a list added and removed.
    Items {
        /// Items the head has and the base had not.
        added: Vec<String>,
        /// Items the base had and the head has not.
        removed: Vec<String>,
    },
}

/// A finding that appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictChange {
    /// Whether the head has it (a new finding) or lost it (resolved).
    pub new: bool,
    /// `error` or `warning`, in the registry it is in.
    pub severity: Severity,
    /// The rule's name.
    pub rule: &'static str,
    /// The sub-processor's id, when the finding is about one.
    pub subprocessor: Option<String>,
    /// The regime, when the finding is about one.
    pub regime: Option<&'static str>,
    /// The destination, when the finding is about one.
    pub destination: Option<String>,
    /// The finding's message.
    pub message: String,
    /// For a finding the head no longer has because one of its waivers
    /// covers it: the waiver's reason and `until`. Nothing was fixed.
    pub waived: Option<(String, Date)>,
}

/// One registry compared: the registry, its source map and its findings
/// (levels and waivers applied) on the as-of date.
#[derive(Clone, Copy)]
pub struct Judged<'a> {
    /// The registry.
    pub registry: &'a Registry,
    /// The files it was read from.
    pub files: &'a Files,
    /// Its findings.
    pub found: &'a [Diagnostic],
}

/// The changes from `base` to `head`, both judged on the same day.
#[must_use]
pub fn compare(base_side: Judged<'_>, head_side: Judged<'_>, as_of: Date) -> Changes {
    let (base, head) = (base_side.registry, head_side.registry);
    let (before, after) = (listed(base), listed(head));
    let mut added: Vec<Listed<'_>> = Vec::new();
    let mut removed: Vec<(Listed<'_>, Option<Date>)> = Vec::new();
    let mut modified = Vec::new();
    let mut entries = Vec::new();
    for (id, new) in &after {
        match before.get(id) {
            None if base.unloaded.contains(id) => entries.push(Change::NotCompared {
                id: id.clone(),
                in_head: false,
            }),
            None => match new.value.removed {
                Some(day) if day <= as_of => entries.push(Change::Recorded(entry(new, as_of), day)),
                _ => added.push(*new),
            },
            // Retired in the base (its `removed` day passed) and not now:
            // it is back. A removal only planned in the base and cancelled
            // is a changed key, below.
            // Moving its `removed` day past the as-of day engages it again.
            Some(old)
                if old.value.removed.is_some_and(|day| day <= as_of)
                    && new.value.removed.is_none_or(|day| day > as_of) =>
            {
                added.push(*new);
            }
            Some(old) if old.value.removed.is_none() && new.value.removed.is_some() => {
                removed.push((*old, new.value.removed));
            }
            // Another legal entity in the same file is a replacement
            // (Art. 28(2)), unless the old name stays as an alias (the
            // entity renamed itself).
            Some(old) if another_entity(&old.value, &new.value) => {
                let wanted: BTreeSet<String> =
                    old.value.purposes.iter().map(|p| folded(p)).collect();
                let purposes = new
                    .value
                    .purposes
                    .iter()
                    .filter(|p| wanted.contains(&folded(p)))
                    .cloned()
                    .collect();
                modified.push(Change::Replaced {
                    old: entry(old, as_of),
                    retired: None,
                    new: entry(new, as_of),
                    purposes,
                });
            }
            Some(old) => {
                let fields = fields(&old.value, &new.value);
                if !fields.is_empty() {
                    modified.push(Change::Modified {
                        entry: entry(new, as_of),
                        fields,
                    });
                }
            }
        }
    }
    // A file the head adds that does not load: said, not left out.
    for id in &head.unloaded {
        if !before.contains_key(id) && !base.unloaded.contains(id) {
            entries.push(Change::NotCompared {
                id: id.clone(),
                in_head: true,
            });
        }
    }
    for (id, old) in &before {
        if after.contains_key(id) {
            continue;
        }
        if head.unloaded.contains(id) {
            entries.push(Change::NotCompared {
                id: id.clone(),
                in_head: true,
            });
        } else {
            match old.value.removed {
                None => removed.push((*old, None)),
                Some(day) => entries.push(Change::Deleted(entry(old, as_of), day)),
            }
        }
    }
    match (&base.config, &head.config) {
        (Some(old), Some(new)) => {
            let fields = fields(&old.value, &new.value);
            if !fields.is_empty() {
                entries.push(Change::Settings { fields });
            }
        }
        // Said, since no verdict is compared then.
        (old, _) => entries.push(Change::NotCompared {
            id: "registry.toml".to_owned(),
            in_head: old.is_some(),
        }),
    }
    let (added, removed) = pair_renames(added, removed, &mut entries, as_of);
    entries.extend(pair_replacements(
        added.into_iter().map(|sp| entry(sp, as_of)).collect(),
        removed
            .into_iter()
            .map(|(sp, day)| (entry(sp, as_of), day))
            .collect(),
    ));
    entries.extend(modified);
    entries.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let renamed = renames(&entries);
    let verdicts = verdicts(base_side, head_side, &renamed);
    // A start moved earlier, of a sub-processor not started in the base
    // (its file renamed or not); a start moved later gives more notice.
    let start = |sp: &Subprocessor| sp.effective.unwrap_or(sp.added);
    let old_id: BTreeMap<&String, &String> = renamed.iter().map(|(old, new)| (new, old)).collect();
    let restarted = after
        .iter()
        .filter(|(id, new)| {
            let was = old_id.get(id).copied().unwrap_or(id);
            before.get(was).is_some_and(|old| {
                start(&old.value) > as_of && start(&new.value) < start(&old.value)
            })
        })
        .map(|(id, _)| id.clone())
        .collect();
    Changes {
        entries,
        verdicts,
        // The promise to customers stands until the change is merged.
        notice_days: notice_days(head).max(notice_days(base)),
        restarted,
    }
}

impl Change {
    /// The id the change is listed under: the new sub-processor's for a
    /// replacement.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Added(e)
            | Self::Removed(e, _)
            | Self::Recorded(e, _)
            | Self::Deleted(e, _)
            | Self::Modified { entry: e, .. } => &e.id,
            Self::Replaced { new, .. } => &new.id,
            Self::NotCompared { id, .. } => id,
            Self::Renamed { entry, .. } => &entry.id,
            Self::Settings { .. } => "registry.toml",
        }
    }
}

impl Changes {
    /// The ids of the sub-processors added, replacements' new ones included.
    #[must_use]
    pub fn added(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter_map(|c| match c {
                Change::Added(e) | Change::Replaced { new: e, .. } => Some(e.id.clone()),
                _ => None,
            })
            .collect()
    }

    /// The ids of the sub-processors whose start the change announces:
    /// those added (replacements' new ones included) and those not yet
    /// started in the base whose start day (`effective`, else `added`)
    /// it moves. Their notice period runs from the as-of day.
    #[must_use]
    pub fn announced(&self) -> Vec<String> {
        let mut ids = self.added();
        ids.extend(self.restarted.iter().cloned());
        ids
    }

    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.verdicts.is_empty()
    }

    /// The earliest day a sub-processor announced on `announced` may start
    /// processing: `announced` plus `notice_days` (the day itself when no
    /// notice period is set).
    #[must_use]
    pub fn earliest_start(&self, announced: Date) -> Date {
        announced.plus_days(i64::from(self.notice_days.unwrap_or(0)))
    }
}

/// `notice_days` of `registry`'s registry.toml, if set.
#[must_use]
pub fn notice_days(registry: &Registry) -> Option<u32> {
    registry.config.as_ref().and_then(|c| c.value.notice_days)
}

fn listed(registry: &Registry) -> BTreeMap<String, &Loaded<Subprocessor>> {
    registry
        .subprocessors
        .iter()
        .map(|sp| (sp.id.clone(), sp))
        .collect()
}

/// registry.toml first, then by id.
fn sort_key(change: &Change) -> (bool, &str) {
    (change.id() != "registry.toml", change.id())
}

type Listed<'a> = &'a Loaded<Subprocessor>;

/// Takes out each removal and addition of the same legal name (its letters
/// and digits, case aside: [`name_key`]) as a [`Change::Renamed`]; what is
/// left. Aliases do not count: a new file for another name is an addition,
/// even when it lists the old name as an alias.
fn pair_renames<'a>(
    added: Vec<Listed<'a>>,
    removed: Vec<(Listed<'a>, Option<Date>)>,
    entries: &mut Vec<Change>,
    as_of: Date,
) -> (Vec<Listed<'a>>, Vec<(Listed<'a>, Option<Date>)>) {
    let mut added: Vec<Option<Listed<'a>>> = added.into_iter().map(Some).collect();
    let mut left = Vec::new();
    for (old, retired) in removed {
        // A file deleted, not one retired in place: a retirement is news.
        let same = retired.is_none().then(|| {
            added.iter_mut().find(|slot| {
                slot.is_some_and(|new| name_key(&new.value.name) == name_key(&old.value.name))
            })
        });
        match same.flatten().and_then(Option::take) {
            Some(new) => entries.push(Change::Renamed {
                old_id: old.id.clone(),
                entry: entry(new, as_of),
                fields: fields(&old.value, &new.value),
            }),
            None => left.push((old, retired)),
        }
    }
    (added.into_iter().flatten().collect(), left)
}

/// Pairs each removal with the first addition (in id order) that shares a
/// purpose with it, case and blanks aside: that is a replacement, which
/// Art. 28(2) names beside an addition.
fn pair_replacements(added: Vec<Entry>, removed: Vec<(Entry, Option<Date>)>) -> Vec<Change> {
    let mut added: Vec<Option<Entry>> = added.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (old, retired) in removed {
        let wanted: BTreeSet<String> = old.purposes.iter().map(|p| folded(p)).collect();
        let partner = added.iter_mut().find(|slot| {
            slot.as_ref()
                .is_some_and(|new| new.purposes.iter().any(|p| wanted.contains(&folded(p))))
        });
        match partner.and_then(Option::take) {
            Some(new) => {
                let purposes = new
                    .purposes
                    .iter()
                    .filter(|p| wanted.contains(&folded(p)))
                    .cloned()
                    .collect();
                out.push(Change::Replaced {
                    old,
                    retired,
                    new,
                    purposes,
                });
            }
            None => out.push(Change::Removed(old, retired)),
        }
    }
    out.extend(added.into_iter().flatten().map(Change::Added));
    out
}

/// Whether `new` names another legal entity than `old`: another name
/// that is not the old one kept among its aliases.
fn another_entity(old: &Subprocessor, new: &Subprocessor) -> bool {
    let (was, is) = (name_key(&old.name), name_key(&new.name));
    was != is
        && !new.aliases.iter().any(|a| name_key(a) == was)
        && !old.aliases.iter().any(|a| name_key(a) == is)
}

/// A legal name compared on its letters and digits alone, case aside:
/// "Amazon Web Services, Inc." and "Amazon Web Services Inc" are one name.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn entry(sp: &Loaded<Subprocessor>, as_of: Date) -> Entry {
    let v = &sp.value;
    Entry {
        id: sp.id.clone(),
        name: v.name.clone(),
        country: v.country.clone(),
        purposes: v.purposes.clone(),
        locations: v.locations.clone(),
        safeguards: v.safeguards(as_of),
        added: v.added,
        effective: v.effective,
        announced: v.announced,
    }
}

/// The keys of two versions of a sub-processor that differ, compared on
/// their serialized form; transfer entries are matched by destination and
/// mechanism.
fn fields<T: serde::Serialize>(old: &T, new: &T) -> Vec<FieldChange> {
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (a, b) = (old.get(key), new.get(key));
        if a == b {
            continue;
        }
        if key == "transfers" {
            out.extend(transfers(a, b));
            continue;
        }
        let mut change = value_change(a, b);
        // A list shown in its order, reordered: the whole list, before and after.
        if let ValueChange::Items { added, removed } = &change
            && added.is_empty()
            && removed.is_empty()
            && matches!(key.as_str(), "footnotes" | "notes" | "links")
        {
            change = ValueChange::Set(a.map(shown), b.map(shown));
        }
        if !change.is_reorder(key) {
            out.push(FieldChange {
                key: key.clone(),
                change,
            });
        }
    }
    out
}

impl ValueChange {
    /// Whether the list `key` only changed its order (nothing a reader of
    /// a set is told), or, for `locations`, whose codes and region ids are
    /// read in any case, the case of an item (`aws:eu-central-1`,
    /// `AWS:EU-CENTRAL-1`). Footnotes and links are shown in their order
    /// and case, so their changes stay changes.
    fn is_reorder(&self, key: &str) -> bool {
        if matches!(key, "footnotes" | "notes" | "links") {
            return false;
        }
        let fold = |x: &String| {
            if key == "locations" {
                x.to_lowercase()
            } else {
                x.clone()
            }
        };
        match self {
            Self::Items { added, removed } => {
                let mut a: Vec<String> = added.iter().map(fold).collect();
                let mut r: Vec<String> = removed.iter().map(fold).collect();
                a.sort();
                r.sort();
                a == r
            }
            Self::Set(..) => false,
        }
    }
}

fn value_change(a: Option<&Value>, b: Option<&Value>) -> ValueChange {
    match (a, b) {
        (Some(Value::Array(_)) | None, Some(Value::Array(_)) | None)
            if a.is_some() || b.is_some() =>
        {
            let items = |v: Option<&Value>| -> Vec<String> {
                match v {
                    Some(Value::Array(list)) => list.iter().map(shown).collect(),
                    _ => Vec::new(),
                }
            };
            let (before, after) = (items(a), items(b));
            ValueChange::Items {
                added: after
                    .iter()
                    .filter(|x| !before.contains(x))
                    .cloned()
                    .collect(),
                removed: before
                    .iter()
                    .filter(|x| !after.contains(x))
                    .cloned()
                    .collect(),
            }
        }
        _ => ValueChange::Set(a.map(shown), b.map(shown)),
    }
}

/// Transfer entries added, removed and changed, keyed `to mechanism`.
/// Entries for the same pair (old clauses ended beside newly signed ones)
/// are matched unchanged ones first, then in order; such an entry is named
/// with its dates, never by a position.
fn transfers(a: Option<&Value>, b: Option<&Value>) -> Vec<FieldChange> {
    let (before, after) = (grouped(a), grouped(b));
    let pairs: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut out = Vec::new();
    for pair in pairs {
        let mut old: Vec<&Map> = before.get(pair).cloned().unwrap_or_default();
        let mut new: Vec<&Map> = after.get(pair).cloned().unwrap_or_default();
        let several = old.len() > 1 || new.len() > 1;
        // Unchanged entries leave both sides.
        new.retain(|entry| match old.iter().position(|o| o == entry) {
            Some(i) => {
                old.remove(i);
                false
            }
            None => true,
        });
        let name = |entry: &Map| {
            if several {
                format!("{pair} ({})", dates_of(entry))
            } else {
                pair.clone()
            }
        };
        // Each old entry is matched with the new one that keeps most of
        // its values (the same `signed` day rather than the next entry).
        let mut matched = Vec::new();
        let mut left_old = Vec::new();
        for was in old {
            let shared = |is: &&Map| was.iter().filter(|(k, v)| is.get(*k) == Some(*v)).count();
            let best = (0..new.len()).max_by_key(|&i| (shared(&new[i]), std::cmp::Reverse(i)));
            match best {
                Some(i) => matched.push((was, new.remove(i))),
                None => left_old.push(was),
            }
        }
        for (was, is) in &matched {
            let key = name(is);
            let keys: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
            for k in keys {
                let (x, y) = (was.get(k), is.get(k));
                let change = value_change(x, y);
                if x != y && !change.is_reorder(k) {
                    out.push(FieldChange {
                        key: format!("transfers[{key}].{k}"),
                        change,
                    });
                }
            }
        }
        added.extend(new.iter().map(|e| name(e)));
        removed.extend(left_old.iter().map(|e| name(e)));
    }
    if !added.is_empty() || !removed.is_empty() {
        out.insert(
            0,
            FieldChange {
                key: "transfers".to_owned(),
                change: ValueChange::Items { added, removed },
            },
        );
    }
    out
}

type Map = serde_json::Map<String, Value>;

/// The transfer entries of `v` by `to mechanism`, in file order.
fn grouped(v: Option<&Value>) -> BTreeMap<String, Vec<&Map>> {
    let mut map: BTreeMap<String, Vec<&Map>> = BTreeMap::new();
    if let Some(Value::Array(list)) = v {
        for item in list {
            if let Value::Object(entry) = item {
                let part = |k: &str| entry.get(k).map(shown).unwrap_or_default();
                map.entry(format!("{} {}", part("to"), part("mechanism")))
                    .or_default()
                    .push(entry);
            }
        }
    }
    map
}

/// An entry's dates in words, to tell apart entries for the same pair:
/// `signed 2026-12-01, ended 2027-01-01`.
fn dates_of(entry: &Map) -> String {
    let dates: Vec<String> = ["signed", "verified", "tia", "ended"]
        .iter()
        .filter_map(|k| entry.get(*k).map(|v| format!("{k} {}", shown(v))))
        .collect();
    if dates.is_empty() {
        "undated".to_owned()
    } else {
        dates.join(", ")
    }
}

/// A JSON value as a reader would write it: text unquoted, tables inline.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k} = {}", shown(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// Findings at error or warning level in one registry and not the other,
/// compared by rule, sub-processor and message.
fn verdicts(
    base: Judged<'_>,
    head: Judged<'_>,
    renames: &BTreeMap<String, String>,
) -> Vec<VerdictChange> {
    // Findings are compared only where both sides were judged.
    if base.registry.config.is_none() || head.registry.config.is_none() {
        return Vec::new();
    }
    // A renamed file's findings in the base are its findings under its new id.
    let before: BTreeMap<_, _> = keyed_findings(base)
        .into_iter()
        .filter(|(_, found)| found.2.is_none())
        .map(|(mut key, severity)| {
            key.subprocessor = key
                .subprocessor
                .map(|id| renames.get(&id).cloned().unwrap_or(id));
            (key, severity)
        })
        .collect();
    let (after, waived): (BTreeMap<_, _>, BTreeMap<_, _>) = keyed_findings(head)
        .into_iter()
        .partition(|(_, found)| found.2.is_none());
    // A file that does not load on one side is not judged there: its
    // verdicts did not change, only its own loading errors are news.
    let unjudged = |rule: &str, id: &Option<String>| {
        id.as_ref().is_some_and(|id| {
            base.registry.unloaded.contains(id) || head.registry.unloaded.contains(id)
        }) && crate::diag::Rule::lookup(rule)
            .is_some_and(|r| r.group() != crate::diag::Group::Structural)
    };
    let mut out = Vec::new();
    for (new, (from, to)) in [(true, (&before, &after)), (false, (&after, &before))] {
        for (key, (severity, shown, _)) in to {
            if unjudged(key.rule, &key.subprocessor) || from.contains_key(key) {
                continue;
            }
            out.push(VerdictChange {
                new,
                severity: *severity,
                rule: key.rule,
                subprocessor: key.subprocessor.clone(),
                regime: key.regime,
                destination: key.destination.clone(),
                message: shown.clone(),
                waived: if new {
                    None
                } else {
                    waived.get(key).and_then(|found| found.2.clone())
                },
            });
        }
    }
    out
}

/// The old id to new id of each renamed file.
fn renames(entries: &[Change]) -> BTreeMap<String, String> {
    entries
        .iter()
        .filter_map(|c| match c {
            Change::Renamed { old_id, entry, .. } => Some((old_id.clone(), entry.id.clone())),
            _ => None,
        })
        .collect()
}

/// The findings at error or warning level of one side, keyed by rule,
/// sub-processor id (the subject's, else the stem of the sub-processor file
/// it is in: a file that does not load has no subject) and message.
fn keyed_findings(side: Judged<'_>) -> BTreeMap<FindingKey, Keyed> {
    let folder = plain(&side.registry.dir.join("subprocessors"));
    // A revision is read from a temporary folder: its path in a message
    // is the registry folder's; `./registry/` is `registry`.
    let dir = crate::load::display_path(&plain(&side.registry.dir));
    side.found
        .iter()
        .filter(|d| d.severity != Severity::Note || d.waiver.is_some())
        .map(|d| {
            let id = d
                .subject
                .as_ref()
                .map(|s| s.subprocessor.clone())
                .or_else(|| {
                    let path = plain(std::path::Path::new(side.files.name(d.span.as_ref()?.file)));
                    (path.parent()? == folder)
                        .then(|| path.file_stem())
                        .flatten()
                        .map(|stem| stem.to_string_lossy().into_owned())
                });
            let subject = d.subject.as_ref();
            let name_of = |id: Option<&str>| {
                side.registry
                    .subprocessors
                    .iter()
                    .find(|sp| Some(sp.id.as_str()) == id)
                    .map(|sp| sp.value.name.as_str())
            };
            let shown = compared_message(&d.message, &dir, None);
            let message = compared_message(&d.message, &dir, name_of(id.as_deref()));
            let key = FindingKey {
                rule: d.rule.name(),
                subprocessor: id,
                regime: subject.and_then(|s| s.regime),
                destination: subject.and_then(|s| s.destination.clone()),
                message,
            };
            let waiver = d.waiver.as_ref().map(|w| (w.reason.clone(), w.until));
            (key, (d.severity, shown, waiver))
        })
        .collect()
}

/// `path` without its `.` components: `./subprocessors/x.toml` and
/// `subprocessors/x.toml` are one path.
fn plain(path: &std::path::Path) -> std::path::PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A finding's message as the two sides are compared on: the registry
/// folder's path in it (a revision is read from a temporary folder) written
/// `registry`, and the sub-processor's name that opens it set aside, so
/// that a name edited in place does not make its findings new.
fn compared_message(message: &str, dir: &str, name: Option<&str>) -> String {
    let message = name
        .and_then(|name| message.strip_prefix(name)?.strip_prefix(": "))
        .unwrap_or(message);
    // Only as a path: `eu` must not turn `eu-scc-2021` into another text.
    let folder = format!("{dir}{}", std::path::MAIN_SEPARATOR);
    message.replace(&folder, "registry/")
}

/// A keyed finding: its severity, its message as shown, and the reason
/// and `until` of the waiver that covers it, if one does.
type Keyed = (Severity, String, Option<(String, Date)>);

/// What tells two findings apart across the two sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FindingKey {
    rule: &'static str,
    subprocessor: Option<String>,
    regime: Option<&'static str>,
    destination: Option<String>,
    message: String,
}
