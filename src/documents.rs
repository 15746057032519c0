//! Documents kept in sync with the registry: the render context, reading
//! templates and documents, and the per-document outcome of injecting.
//!
//! The text work is done by the pure [`crate::render`] and [`crate::inject`];
//! this module reads files and turns their problems into diagnostics.
//! Writing is left to the caller (`subreg inject`), through
//! [`crate::atomic::replace_if_unchanged`], which refuses to overwrite an
//! edit made since [`process`] read the document.

mod diags;
mod error;

pub use diags::{BrokenMarker, DocumentNotUtf8, OutputBreaksMarkers, RegionStale};

pub use error::{SpecialKind, TemplateError};

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diag::{Diagnostic, FileId, Files, Rule, Span};
use crate::inject::{self, InjectError};
use crate::knowledge::{Knowledge, Located, RegionRef};
use crate::limits::{MAX_DOCUMENT_BYTES, ReadError, read_bounded};
use crate::load::{DocumentPath, Registry};
use crate::model::{
    Authority, CloudRegion, Date, EntryKey, Link, LinkKind, Mechanism, Organization, Regime,
    RegionCatalogue, Role, Subprocessor, Transfer, Unstated,
};
use crate::render::{OutputKind, RenderContext, Templates};

/// The JSON the templates see.
///
/// Shape: `{ "organization": {name, country, role, aliases},
/// "as_of": "YYYY-MM-DD", "published": date or null, "regimes": [id],
/// "groups": [ {name, subprocessors: [...]} ],
/// "subprocessors": [ {id, name, country, purposes, locations,
/// places, website, aliases, data_categories, added, effective, removed,
/// role, transfers, group, order, published_name, notes, footnotes,
/// data_subjects, links: [{kind, url, consulted, title}], runs_on} ] }`,
/// sub-processors in the published order (by `order`, then by id; those
/// without `order` last), only those not removed on or before `as_of`;
/// `groups` holds the same entries by `group`, in that order. `places` holds one item per location,
/// resolved: `{location, country, provider, provider_name,
/// region, region_name, city, unstated}` (a cloud region's country and city
/// from the region tables; `unstated` is `not-stated` / `customer-choice`).
/// `transfers` holds every entry with all its keys (`to`,
/// `mechanism`, `module`, `signed`, `tia`, `verified`, `reference`,
/// `article`, `approved_by`, `ended`, `assumed`). Every field is present
/// (null when unset) so that strict templates can name it. Dates are
/// `YYYY-MM-DD` strings; the `country_name` helper gives a code's English
/// name. `rules` lists subreg's rules (`code`, `name`, `level`,
/// `summary`), for the README's generated table.
///
/// Templates are checked against the shape of [`prototype`], not of this
/// data: a field name that is wrong fails whether the list is empty, every
/// entry is removed, or the list being iterated happens to be empty.
#[must_use]
pub fn context(registry: &Registry, knowledge: &Knowledge, as_of: Date) -> RenderContext {
    context_with_changes(registry, knowledge, as_of, &crate::diff::Changes::default())
}

/// [`context`] with `changes` (what `subreg diff` found, the registry
/// being its head) as `changes`, each in the shape of
/// [`crate::diff::change_json`], for the customer notice. `notice` holds
/// `{announced, notice_days, earliest_start, object_until, additions}`: the
/// day the change is announced (`as_of`), `notice_days` of registry.toml
/// (or of the base, when the change lowers it), the first day an addition may start processing (`announced` plus
/// `notice_days`), the last day to object (the day before; null without a
/// notice period) and how many sub-processors are added (replacements'
/// new ones included).
#[must_use]
pub fn context_with_changes(
    registry: &Registry,
    knowledge: &Knowledge,
    as_of: Date,
    changes: &crate::diff::Changes,
) -> RenderContext {
    let organization = registry
        .config
        .as_ref()
        .map_or(Value::Null, |c| organization_json(&c.value.organization));
    let regimes: Vec<&str> = registry
        .config
        .as_ref()
        .map(|c| c.value.regimes.iter().map(|r| r.id()).collect())
        .unwrap_or_default();
    let mut listed: Vec<_> = registry
        .subprocessors
        .iter()
        .filter(|sp| sp.value.removed.is_none_or(|r| r > as_of))
        .collect();
    // The published order: by `order`, entries without one last; a stable
    // sort keeps the id order among equals.
    listed.sort_by_key(|sp| sp.value.order.map_or((1, 0), |o| (0, o)));
    let subprocessors: Vec<Value> = listed
        .into_iter()
        .map(|sp| {
            let places = sp
                .value
                .locations
                .iter()
                .map(|l| place_json(l, knowledge.locate(l)))
                .collect();
            // Each transfer's instrument under each regime of the registry,
            // from the knowledge base: what a safeguards column cites.
            let instruments = sp
                .value
                .transfers
                .iter()
                .map(|t| {
                    registry
                        .config
                        .iter()
                        .flat_map(|c| c.value.regimes.iter())
                        .filter_map(|&regime| {
                            // A decision for the destination (adequacy, the
                            // DPF), the newest in effect on the as-of day,
                            // else the mechanism's own instrument.
                            let decision = knowledge
                                .decisions_for(regime, &t.to)
                                .filter(|d| d.mechanism == t.mechanism && d.effective <= as_of)
                                .max_by_key(|d| d.effective);
                            if let Some(d) = decision {
                                return Some(instrument_json(
                                    regime,
                                    &d.reference,
                                    d.celex.as_deref(),
                                ));
                            }
                            let fact = knowledge.mechanism(regime, t.mechanism)?;
                            Some(instrument_json(
                                regime,
                                &fact.reference,
                                fact.celex.as_deref(),
                            ))
                        })
                        .collect()
                })
                .collect();
            subprocessor_json(&sp.id, &sp.value, places, instruments, as_of)
        })
        .collect();
    let published = registry.config.as_ref().and_then(|c| c.value.published);
    let org = registry.config.as_ref().map(|c| &c.value.organization);
    // The base's notice period stands when the change lowers it.
    let notice_days = registry
        .config
        .as_ref()
        .and_then(|c| c.value.notice_days)
        .max(changes.notice_days);
    let history = history_json(
        org,
        registry
            .subprocessors
            .iter()
            .map(|sp| (sp.id.as_str(), &sp.value)),
        as_of,
    );
    let data = json!({
        "organization": organization,
        "as_of": as_of,
        "published": published,
        "regimes": regimes,
        "groups": groups_json(&subprocessors),
        "subprocessors": subprocessors,
        "feed": feed_json(org, &history, as_of),
        "history": history,
        "changes": changes_json(changes, notice_days, as_of),
        "notice": notice_json(notice_days, as_of, changes.announced().len()),
        "rules": rules_json(),
    });
    RenderContext::with_shape_of(data, &prototype())
}

/// A context with the full shape: built by the same code as [`context`]
/// from an organisation and one sub-processor with every field set and
/// every list holding an item, so every field a template may name is there.
#[must_use]
pub fn prototype() -> Value {
    let text = |s: &str| s.to_owned();
    let day = Date(jiff::civil::date(2000, 1, 1));
    let organization = Organization {
        name: text("Organisation"),
        country: text("DE"),
        role: Role::Processor,
        aliases: vec![text("Alias")],
        website: Some(text("https://example.com")),
        contact: Some(text("privacy@example.com")),
    };
    let transfer = Transfer {
        module: Some(2),
        signed: Some(day),
        tia: Some(day),
        verified: Some(day),
        reference: Some(text("Reference")),
        article: Some(text("49(1)(a)")),
        approved_by: Some(Authority::Eu),
        // Ending after the as-of day: in force, so `safeguards` lists it.
        ended: Some(day.plus_days(1)),
        assumed: vec![EntryKey::Signed],
        ..Transfer::new("US", Mechanism::EuScc2021)
    };
    let subprocessor = Subprocessor {
        name: text("Name"),
        country: text("DE"),
        purposes: vec![text("Purpose")],
        locations: vec![text("x:region")],
        website: Some(text("https://example.com")),
        aliases: vec![text("Alias")],
        data_categories: vec![text("Category")],
        added: day,
        announced: Some(day),
        effective: Some(day),
        removed: Some(day),
        role: Some(Role::Processor),
        transfers: vec![transfer],
        group: Some(text("Group")),
        order: Some(1),
        published_name: Some(text("Published name")),
        notes: vec![text("Note")],
        footnotes: vec![text("Footnote")],
        data_subjects: vec![text("Customers")],
        links: vec![Link {
            kind: LinkKind::Dpa,
            url: text("https://example.com/dpa"),
            consulted: day,
            title: Some(text("DPA")),
        }],
        runs_on: Some(text("id")),
        assumed: Vec::new(),
    };
    let catalogue = RegionCatalogue {
        provider: text("x"),
        name: text("Provider"),
        source: text("https://example.com"),
        read_from: text("Source"),
        checked: day,
        doubt: None,
        regions: vec![CloudRegion {
            id: text("region"),
            name: Some(text("Region")),
            city: text("City"),
            country: text("DE"),
            doubt: None,
        }],
    };
    let mut place = place_json(
        "x:region",
        Located::Region(RegionRef {
            catalogue: &catalogue,
            region: &catalogue.regions[0],
        }),
    );
    // Every field set: an unstated place's word as well.
    place["unstated"] = json!(Unstated::NotStated.id());
    let history = history_json(Some(&organization), [("id", &subprocessor)], day);
    let instruments = vec![vec![instrument_json(
        Regime::EuGdpr,
        "Reference",
        Some("32021D0914"),
    )]];
    let subprocessors = vec![subprocessor_json(
        "id",
        &subprocessor,
        vec![place],
        instruments,
        day,
    )];
    json!({
        "organization": organization_json(&organization),
        "as_of": day,
        "published": day,
        "regimes": [Regime::EuGdpr.id()],
        "groups": groups_json(&subprocessors),
        "subprocessors": subprocessors,
        "history": history,
        "feed": feed_json(Some(&organization), &history, day),
        "changes": [prototype_change(&subprocessor)],
        "notice": notice_json(Some(30), day, 1),
        "rules": rules_json(),
    })
}

fn organization_json(o: &Organization) -> Value {
    json!({
        "name": o.name,
        "country": o.country,
        "role": o.role,
        "aliases": o.aliases,
        "website": o.website,
        "contact": o.contact,
    })
}

/// `notice` of the context: see [`context_with_changes`].
fn notice_json(notice_days: Option<u32>, announced: Date, additions: usize) -> Value {
    let days = notice_days.unwrap_or(0);
    let earliest = announced.plus_days(i64::from(days));
    json!({
        "announced": announced,
        "notice_days": notice_days,
        "earliest_start": earliest,
        "object_until": (days > 0).then(|| earliest.plus_days(-1)),
        "additions": additions,
    })
}

/// The changes for the context, each with `starts`: for an addition or a
/// replacement, the day it may start processing, its `effective` (else
/// `added`) date or the notice period's end, whichever is later, so that a
/// notice never promises a start the period forbids (`check --base` fails
/// on such a date); null for the other kinds.
fn changes_json(changes: &crate::diff::Changes, notice_days: Option<u32>, as_of: Date) -> Value {
    let earliest = as_of.plus_days(i64::from(notice_days.unwrap_or(0)));
    // What customers are told: additions, replacements, removals and
    // changed sub-processors. A past engagement entered for the record, the
    // file of one deleted, a file renamed with nothing else changed and the
    // registry's own settings are nothing to announce.
    use crate::diff::Change;
    let list = changes
        .entries
        .iter()
        .filter(|change| match change {
            Change::Added(_) | Change::Replaced { .. } | Change::Removed(..) => true,
            Change::Modified { fields, .. } | Change::Renamed { fields, .. } => !fields.is_empty(),
            Change::Recorded(..)
            | Change::Deleted(..)
            | Change::Settings { .. }
            | Change::NotCompared { .. } => false,
        })
        .map(|change| {
            let mut value = crate::diff::change_json(change);
            // A start the change moves earlier is announced again too.
            // The period runs from the notice, or from the entry's own
            // later `announced` day (a notice sent later).
            let from = |e: &crate::diff::Entry| {
                let days = i64::from(notice_days.unwrap_or(0));
                e.effective.unwrap_or(e.added).max(earliest).max(
                    e.announced
                        .filter(|d| *d > as_of)
                        .map_or(earliest, |d| d.plus_days(days)),
                )
            };
            let starts = match change {
                Change::Added(e) | Change::Replaced { new: e, .. } => Some(from(e)),
                Change::Modified { entry: e, .. } | Change::Renamed { entry: e, .. }
                    if changes.restarted.contains(&e.id) =>
                {
                    Some(from(e))
                }
                _ => None,
            };
            value["starts"] = json!(starts);
            one_line_strings(&mut value);
            value
        })
        .collect();
    Value::Array(list)
}

/// Every string of `value` with its line breaks as spaces: a notice is
/// sent as text too, where a value's line break would start a line of its
/// own (a forged "You may object until ..." line).
fn one_line_strings(value: &mut Value) {
    match value {
        Value::String(text) if text.contains(['\r', '\n']) => {
            *text = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
        }
        Value::Array(items) => items.iter_mut().for_each(one_line_strings),
        Value::Object(map) => map.values_mut().for_each(one_line_strings),
        _ => {}
    }
}

/// A change with every key of [`crate::diff::change_json`] set, for the
/// prototype: a replacement, with a changed field and an unloaded side.
fn prototype_change(sp: &Subprocessor) -> Value {
    use crate::diff::{Change, Entry};
    let entry = Entry {
        id: "id".to_owned(),
        name: sp.name.clone(),
        country: sp.country.clone(),
        purposes: sp.purposes.clone(),
        locations: sp.locations.clone(),
        safeguards: vec!["US: eu-scc-2021".to_owned()],
        added: sp.added,
        effective: sp.effective,
        announced: sp.announced,
    };
    let mut change = crate::diff::change_json(&Change::Replaced {
        old: entry.clone(),
        retired: Some(sp.added),
        new: entry,
        purposes: sp.purposes.clone(),
    });
    change["fields"] = json!([{
        "key": "locations", "label": "Where the data are", "from": "US", "to": "DE",
        "added": ["DE"], "removed": ["US"],
    }]);
    change["unloaded_in"] = json!("head");
    change["old_id"] = json!("old-id");
    change["starts"] = json!(sp.added);
    change
}

/// The list's history up to `as_of`, newest first: one event on each
/// sub-processor's `added` day and one on its `removed` day, retired
/// entries included (they stay in the registry for this). Each event:
/// `{date, kind ("added" | "removed"), id, name, purposes, locations,
/// effective, entry_id}`; `entry_id` is a tag URI (RFC 4151) that never
/// changes for the event, for the Atom feed.
fn history_json<'a>(
    organization: Option<&Organization>,
    entries: impl IntoIterator<Item = (&'a str, &'a Subprocessor)>,
    as_of: Date,
) -> Value {
    let authority = tag_authority(organization);
    let mut events = Vec::new();
    for (id, v) in entries {
        let days = [("added", Some(v.added)), ("removed", v.removed)];
        for (kind, day) in days {
            let Some(day) = day.filter(|d| *d <= as_of) else {
                continue;
            };
            events.push((day, kind, id, v));
        }
    }
    // Newest first; on one day removals before additions (a replacement
    // reads "X removed, Y added"), then by id.
    events.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(a.1)).then(a.2.cmp(b.2)));
    let list: Vec<Value> = events
        .into_iter()
        .map(|(day, kind, id, v)| {
            json!({
                "date": day,
                "kind": kind,
                "id": id,
                "name": v.name,
                "purposes": v.purposes,
                "locations": v.locations,
                "effective": v.effective,
                "entry_id": format!("tag:{authority},{day}:subprocessors/{id}/{kind}"),
            })
        })
        .collect();
    Value::Array(list)
}

/// What an Atom feed of the history needs: `{id, updated, link, title}`.
/// `updated` is the newest event's day (the as-of day when there is none),
/// so the feed changes only when the list does; `id` a tag URI dated on
/// the oldest event's day.
fn feed_json(organization: Option<&Organization>, history: &Value, as_of: Date) -> Value {
    let dates = history.as_array().map(Vec::as_slice).unwrap_or_default();
    let updated = dates
        .first()
        .and_then(|e| e.get("date"))
        .cloned()
        .unwrap_or_else(|| json!(as_of));
    json!({
        "id": feed_id(organization),
        "updated": updated,
        "link": organization.and_then(|o| o.website.clone()),
        "title": organization.map(|o| format!("{}: sub-processor changes", o.name)),
    })
}

/// The feed's `<id>`, which must never change (RFC 4287 §4.2.6): the
/// organisation's website with `#sub-processor-changes` when it has one,
/// else `urn:uuid:` and the name-based UUID (RFC 9562 §5.5, version 5, in
/// the URL namespace) of `tag:AUTHORITY:sub-processor-changes`, its
/// contact address the authority: no date of the list enters it, so
/// back-dating an entry or another as-of day keeps the feed.
fn feed_id(organization: Option<&Organization>) -> String {
    match organization.and_then(|o| o.website.as_deref()) {
        Some(website) if website.starts_with("https://") || website.starts_with("http://") => {
            // Scheme, host and path: never a user's credentials, a port or a query.
            let (scheme, host, path) = website_parts(website);
            format!(
                "{scheme}://{}{path}#sub-processor-changes",
                host.to_ascii_lowercase()
            )
        }
        _ => {
            let name = format!("tag:{}:sub-processor-changes", tag_authority(organization));
            let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
            id.urn().to_string()
        }
    }
}

/// A website's scheme, host (an IP literal in brackets kept whole) and
/// path, without user information, port, query or fragment.
fn website_parts(website: &str) -> (&str, &str, &str) {
    let (scheme, rest) = website.split_once("://").unwrap_or(("https", website));
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host.starts_with('[') {
        host
    } else {
        host.split(':').next().unwrap_or(host)
    };
    (scheme, host, path)
}

/// The authority of the feed's tag URIs (RFC 4151 §2.1): the host of the
/// organisation's website, else its contact email address; without either,
/// its name in lower-case words under `.invalid` (RFC 2606), which is
/// stable but names no one: set `website` or `contact`.
fn tag_authority(organization: Option<&Organization>) -> String {
    // A DNS name, as RFC 4151 §2.1 requires: no user, port or IP literal.
    let dns_name = |name: &str| {
        let name = name.to_ascii_lowercase();
        // Labels of letters, digits and `-`, the last not all digits (an
        // IP address is no DNS name), no empty label (a trailing dot).
        let labels: Vec<&str> = name.split('.').collect();
        (labels.len() > 1
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && labels
                .last()
                .is_some_and(|l| !l.bytes().all(|b| b.is_ascii_digit())))
        .then_some(name)
    };
    let host = organization
        .and_then(|o| o.website.as_deref())
        .filter(|w| w.contains("://"))
        .map(|w| website_parts(w).1)
        .and_then(dns_name);
    let contact = organization
        .and_then(|o| o.contact.as_deref())
        .and_then(|email| {
            let (local, domain) = email.rsplit_once('@')?;
            let plain = !local.is_empty()
                && local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b));
            plain
                .then(|| dns_name(domain))
                .flatten()
                .map(|domain| format!("{}@{domain}", local.to_ascii_lowercase()))
        });
    match (host, contact) {
        (Some(host), _) => host,
        (None, Some(email)) => email,
        (None, None) => {
            let name = organization.map_or("organisation", |o| o.name.as_str());
            let words: Vec<String> = name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            format!("{}.invalid", words.join("-"))
        }
    }
}

/// `instruments` holds, for each of `v`'s transfers in order, its
/// [`instrument_json`] under each regime that knows its mechanism.
fn subprocessor_json(
    id: &str,
    v: &Subprocessor,
    places: Vec<Value>,
    instruments: Vec<Vec<Value>>,
    as_of: Date,
) -> Value {
    json!({
        "id": id,
        "name": v.name,
        "country": v.country,
        "purposes": v.purposes,
        "locations": v.locations,
        "places": places,
        "website": v.website,
        "aliases": v.aliases,
        "data_categories": v.data_categories,
        "added": v.added,
        "announced": v.announced,
        "effective": v.effective,
        "removed": v.removed,
        "role": v.role,
        "transfers": v
            .transfers
            .iter()
            .zip(instruments.into_iter().chain(std::iter::repeat_with(Vec::new)))
            .map(|(t, instruments)| transfer_json(t, instruments))
            .collect::<Vec<_>>(),
        "safeguards": v.safeguards(as_of),
        "group": v.group,
        "order": v.order,
        "published_name": v.published_name,
        "notes": v.notes,
        "footnotes": v.footnotes,
        "data_subjects": v.data_subjects,
        "links": v.links,
        "runs_on": v.runs_on,
    })
}

/// The sections of the published list: one per `group` (null for entries
/// without one), in the order their first entry is listed, each with its
/// entries in list order.
fn groups_json(subprocessors: &[Value]) -> Vec<Value> {
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    for sp in subprocessors {
        let name = sp["group"].clone();
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, items)) => items.push(sp.clone()),
            None => groups.push((name, vec![sp.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(name, items)| json!({"name": name, "subprocessors": items}))
        .collect()
}

/// A transfer entry as the templates see it: every key of the file, and
/// `instruments`, the legal instrument of its mechanism under each regime.
fn transfer_json(t: &Transfer, instruments: Vec<Value>) -> Value {
    json!({
        "instruments": instruments,
        "to": t.to,
        "mechanism": t.mechanism,
        "module": t.module,
        "signed": t.signed,
        "tia": t.tia,
        "verified": t.verified,
        "reference": t.reference,
        "article": t.article,
        "approved_by": t.approved_by,
        "ended": t.ended,
        "assumed": t.assumed,
    })
}

/// An instrument a transfer rests on under `regime`: `{regime, reference,
/// celex, url}`, `reference` as the knowledge base cites it ("Commission
/// Implementing Decision (EU) 2021/914"), `celex` its CELEX number on
/// EUR-Lex where it has one, and `url` its EUR-Lex page then.
fn instrument_json(regime: Regime, reference: &str, celex: Option<&str>) -> Value {
    json!({
        "regime": regime.id(),
        "reference": reference,
        "celex": celex,
        "url": celex.map(|c| format!("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{c}")),
    })
}

/// One location as the templates see it: what it is judged as and, for a
/// cloud region, the provider, region and city.
fn place_json(location: &str, located: Located<'_>) -> Value {
    let (country, region, unstated) = match located {
        Located::Code => (Some(location), None, None),
        Located::Region(found) => (Some(found.region.country.as_str()), Some(found), None),
        Located::Unstated(u) => (None, None, Some(u.id())),
        Located::UnknownRegion | Located::Unknown => (None, None, None),
    };
    json!({
        "location": location,
        "country": country,
        "provider": region.map(|r| r.catalogue.provider.as_str()),
        "provider_name": region.map(|r| r.catalogue.name.as_str()),
        "region": region.map(|r| r.region.id.as_str()),
        "region_name": region.and_then(|r| r.region.name.as_deref()),
        "city": region.map(|r| r.region.city.as_str()),
        "unstated": unstated,
    })
}

fn rules_json() -> Vec<Value> {
    Rule::ALL
        .iter()
        .map(|r| {
            json!({"code": r.code(), "name": r.name(), "level": r.default_level(), "summary": r.summary()})
        })
        .collect()
}

/// What `path` is when it exists and is no regular file (links
/// followed); `None` for a regular file or a path that cannot be read,
/// whose error the read then reports. Reads only metadata, so a FIFO is
/// never opened.
#[must_use]
pub fn special_kind(path: &Path) -> Option<SpecialKind> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some(SpecialKind::Folder)
    } else if kind.is_fifo() {
        Some(SpecialKind::Fifo)
    } else if kind.is_socket() {
        Some(SpecialKind::Socket)
    } else {
        Some(SpecialKind::Device)
    }
}

/// Reads a template given by its path (`subreg render --template PATH`):
/// a regular file of at most [`MAX_DOCUMENT_BYTES`], in UTF-8.
///
/// # Errors
/// [`TemplateError::NotRegular`], [`TemplateError::TooLarge`], or
/// [`TemplateError::Io`] when it cannot be read or is not UTF-8.
pub fn read_template(path: &Path) -> Result<String, TemplateError> {
    if let Some(kind) = special_kind(path) {
        return Err(TemplateError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    let io = |error| TemplateError::Template {
        path: path.to_path_buf(),
        error,
    };
    let bytes = read_bounded(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ReadError::Io(error) => io(error),
        ReadError::TooLarge { size, .. } => TemplateError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
    })?;
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// The built-in templates ([`BUILTIN_TEMPLATES`]) with every `*.hbs` file
/// of `dir` over them (a file replaces the built-in of its name), compiled;
/// a `dir` that does not exist holds no override.
///
/// # Errors
/// [`TemplateError`] when the folder or a template cannot be read, a
/// template is larger than [`MAX_DOCUMENT_BYTES`] or is a link to a file
/// outside `dir`, or a template does not compile.
pub fn load_templates(dir: &Path) -> Result<Templates, TemplateError> {
    let io = |error| TemplateError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let mut sources: Vec<(String, String)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    // No folder: the built-in templates alone (a new registry needs none).
    let real_dir = match std::fs::canonicalize(dir) {
        Ok(real) => real,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return compiled(sources, dir);
        }
        Err(error) => return Err(io(error)),
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(meant) = meant_template_name(&name) {
            return Err(TemplateError::NotATemplateName { path, meant });
        }
        if name.ends_with(".hbs") {
            let io = |error| TemplateError::Io {
                path: path.clone(),
                error,
            };
            let real = std::fs::canonicalize(&path).map_err(io)?;
            if !real.starts_with(&real_dir) {
                return Err(TemplateError::Outside { path });
            }
            // A FIFO, socket or device is refused, never opened: reading
            // one could block the run forever. A file overrides the
            // built-in template of its name.
            let text = read_template(&path)?;
            sources.retain(|(builtin, _)| *builtin != name);
            sources.push((name, text));
        }
    }
    sources.sort();
    compiled(sources, dir)
}

/// `sources` compiled, their errors naming `dir` as the user gave it.
fn compiled(sources: Vec<(String, String)>, dir: &Path) -> Result<Templates, TemplateError> {
    let folder = crate::diag::visible::shown_path(dir);
    match Templates::new(sources) {
        Ok(templates) => Ok(templates.in_folder(folder)),
        Err(mut error) => {
            error.folder = Some(folder.into());
            Err(TemplateError::Render(Box::new(error)))
        }
    }
}

/// The templates built into subreg, by file name; a file of the same name
/// in the templates folder overrides one. The seed's two-column table (in
/// Markdown and HTML), a detailed table with where each entity is
/// established, its data locations (cloud regions with their city) and the
/// safeguard of each transfer, a changelog of additions and removals, the
/// same history as an Atom 1.0 feed (RFC 4287), and the customer notice of
/// a change (`subreg diff --template notice.md` or `notice.txt`).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "subprocessors.md.hbs",
        include_str!("../templates/subprocessors.md.hbs"),
    ),
    (
        "subprocessors.html.hbs",
        include_str!("../templates/subprocessors.html.hbs"),
    ),
    (
        "subprocessors-detailed.md.hbs",
        include_str!("../templates/subprocessors-detailed.md.hbs"),
    ),
    (
        "changelog.md.hbs",
        include_str!("../templates/changelog.md.hbs"),
    ),
    ("feed.xml.hbs", include_str!("../templates/feed.xml.hbs")),
    (
        "subprocessors.csv.hbs",
        include_str!("../templates/subprocessors.csv.hbs"),
    ),
    (
        "subprocessors.json.hbs",
        include_str!("../templates/subprocessors.json.hbs"),
    ),
    ("notice.md.hbs", include_str!("../templates/notice.md.hbs")),
    (
        "notice.txt.hbs",
        include_str!("../templates/notice.txt.hbs"),
    ),
];

/// A document after rendering its regions.
#[derive(Debug)]
pub struct Outcome {
    /// The path to write.
    pub path: PathBuf,
    /// The document in the source map.
    pub file: FileId,
    /// The current text.
    pub old: String,
    /// The text with every region regenerated; `None` when the markers are
    /// broken (then the document must not be touched).
    pub new: Option<String>,
    /// Marker errors, or one `document-stale` per stale region.
    pub diagnostics: Vec<Diagnostic>,
    /// The registry value whose line break would have broken the markers,
    /// when one did: see [`Outcome::label_blame`].
    pub blame: Option<Blame>,
}

/// A registry value that rendered output must not hold, by sub-processor
/// id (`None`: registry.toml) and JSON Pointer in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blame {
    /// The sub-processor's id; `None` for registry.toml.
    pub subprocessor: Option<String>,
    /// Where in the file, e.g. `/name` or `/purposes/1`.
    pub pointer: String,
    /// The value's text from its start is what the template writes
    /// (on a line of its own, or into `written`), rather than text after a
    /// line break in it.
    pub whole: bool,
    /// The value's text as printed, when the template writes it into a
    /// line with other text (`<div>{{name}}</div>`); `None` when it is the
    /// offending line itself.
    pub written: Option<String>,
}

impl Blame {
    /// `` `name` of sub-processor `acme` ``.
    fn words(&self) -> String {
        let mut key = String::new();
        for token in self.pointer.split('/').skip(1) {
            match token.parse::<usize>() {
                Ok(i) => key.push_str(&format!("[{i}]")),
                Err(_) if key.is_empty() => key.push_str(token),
                Err(_) => key = format!("{key}.{token}"),
            }
        }
        match &self.subprocessor {
            Some(id) => format!("`{key}` of sub-processor `{id}`"),
            None => format!("`{key}` in registry.toml"),
        }
    }
}

impl Outcome {
    /// Adds to the finding about output that would break the markers a
    /// label at the registry value that caused it and a note naming its
    /// file:line:col, when the registry holds it.
    pub fn label_blame(&mut self, registry: &Registry, files: &Files) {
        let Some(blame) = &self.blame else { return };
        let span = match &blame.subprocessor {
            Some(id) => registry
                .subprocessors
                .iter()
                .find(|sp| sp.id == *id)
                .map(|sp| sp.span_at(&blame.pointer)),
            None => registry.config.as_ref().map(|c| c.span_at(&blame.pointer)),
        };
        if let (Some(span), Some(finding)) = (
            span,
            self.diagnostics
                .iter_mut()
                .find(|d| d.rule == Rule::MarkerError),
        ) {
            let at = files.line_col(span.file, span.range.start);
            let name = files.name(span.file);
            let (label, note) = if blame.written.is_some() {
                ("this value is in the line", "the value is at")
            } else if blame.whole {
                ("this value is the line", "the value is at")
            } else {
                (
                    "this value holds the line break",
                    "the value with the line break is at",
                )
            };
            finding
                .notes
                .push(format!("{note} {name}:{}:{}", at.line, at.column));
            finding.labels.push(crate::diag::Label {
                span,
                message: label.to_owned(),
            });
        }
    }
    /// Whether writing would change the file.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.new.as_ref().is_some_and(|new| *new != self.old)
    }

    /// The unified diff from the published text to the regenerated one.
    #[must_use]
    pub fn diff(&self, label: &str) -> String {
        self.new
            .as_ref()
            .map(|new| inject::unified_diff(label, &self.old, new))
            .unwrap_or_default()
    }
}

/// Reads `path`, regenerates its regions with `templates` and `context`.
/// A registry-listed document goes through [`process_listed`] instead, so
/// that it is read where it was confined.
///
/// # Errors
/// A document that cannot be read ([`TemplateError::Document`]) or is
/// larger than [`MAX_DOCUMENT_BYTES`] ([`TemplateError::TooLarge`]), or a
/// region whose template fails ([`TemplateError::Region`]); marker problems are
/// diagnostics in the [`Outcome`] instead.
pub fn process(
    path: &Path,
    templates: &Templates,
    context: &RenderContext,
    files: &mut Files,
) -> Result<Outcome, TemplateError> {
    process_at(path, path, templates, context, files)
}

/// [`process`] for a document of the registry's `[[documents]]`: read (and
/// later written) at its resolved path inside the repository, named as the
/// user wrote it.
///
/// # Errors
/// As [`process`].
pub fn process_listed(
    path: &DocumentPath,
    templates: &Templates,
    context: &RenderContext,
    files: &mut Files,
) -> Result<Outcome, TemplateError> {
    process_at(&path.shown, &path.real, templates, context, files)
}

/// The marker problems of the listed document `path`, without rendering:
/// for a registry that did not load whole, whose regions cannot be judged
/// stale, but whose markers are the document's own.
///
/// # Errors
/// [`TemplateError`] when the document cannot be read, as
/// [`process_listed`] says it.
pub fn check_markers_listed(
    path: &DocumentPath,
    templates: &Templates,
    files: &mut Files,
) -> Result<Vec<Diagnostic>, TemplateError> {
    let bytes = read_shown(&path.shown, &path.real)?;
    let name = crate::load::display_path(&path.shown);
    let (text, encoding_problem) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let syntax = inject::Syntax::of_name(&name);
    let markers = match inject::find_regions_in(&text, syntax) {
        Ok(regions) => unknown_templates(&text, &regions, templates, syntax),
        Err(errors) => meant_templates(errors, templates),
    };
    let file = files.add(name, text);
    if let Some(at) = encoding_problem {
        return Ok(vec![Diagnostic::from(DocumentNotUtf8 {
            span: Span {
                file,
                range: at..at + 3,
            },
        })]);
    }
    Ok(broken_markers(&markers, file))
}

/// The marker problem of every region of `text` naming a template that
/// `templates` does not hold, in one run.
fn unknown_templates(
    text: &str,
    regions: &[inject::Region],
    templates: &Templates,
    syntax: inject::Syntax,
) -> Vec<inject::MarkerError> {
    let names = templates.names();
    regions
        .iter()
        .filter(|r| templates.kind(&r.template).is_none())
        .map(|r| inject::MarkerError {
            syntax,
            ..unknown_template(text, r, &names)
        })
        .collect()
}

/// `errors` with each near miss whose meant marker names a template that
/// `templates` does not hold told that too: the line, once corrected,
/// would fail on it.
fn meant_templates(
    mut errors: Vec<inject::MarkerError>,
    templates: &Templates,
) -> Vec<inject::MarkerError> {
    let names = templates.names();
    for error in &mut errors {
        let Some(name) = error.meant_template.clone() else {
            continue;
        };
        if templates.kind(&name).is_some() {
            continue;
        }
        let unknown = inject::MarkerErrorKind::UnknownTemplate {
            meant: closest_template(&name, &names),
            name,
        };
        let told = inject::MarkerError {
            kind: unknown,
            related_line: None,
            meant_template: None,
            ..error.clone()
        }
        .message();
        if let inject::MarkerErrorKind::NearMiss(words) = &mut error.kind {
            *words = format!("{words}; also, {told}");
        }
    }
    errors
}

/// The bytes of the document at `path`, its errors naming it `shown`, as
/// the user wrote it: the resolved path is the CI machine's.
fn read_shown(shown: &Path, path: &Path) -> Result<Vec<u8>, TemplateError> {
    read_document(path).map_err(|e| match e {
        TemplateError::Document { error, .. } => TemplateError::Document {
            path: shown.to_path_buf(),
            error,
        },
        TemplateError::TooLarge { size, .. } => TemplateError::TooLarge {
            path: shown.to_path_buf(),
            size,
        },
        TemplateError::NotRegular { kind, .. } => TemplateError::NotRegular {
            path: shown.to_path_buf(),
            kind,
        },
        other => other,
    })
}

fn process_at(
    shown: &Path,
    path: &Path,
    templates: &Templates,
    context: &RenderContext,
    files: &mut Files,
) -> Result<Outcome, TemplateError> {
    let bytes = read_shown(shown, path)?;
    let name = crate::load::display_path(shown);
    let syntax = inject::Syntax::of_name(&name);
    let (old, encoding_problem) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let file = files.add(name, old.clone());
    let mut outcome = Outcome {
        path: path.to_path_buf(),
        file,
        old: old.clone(),
        new: None,
        diagnostics: Vec::new(),
        blame: None,
    };
    if let Some(at) = encoding_problem {
        outcome.diagnostics.push(Diagnostic::from(DocumentNotUtf8 {
            span: Span {
                file,
                range: at..at + 3,
            },
        }));
        return Ok(outcome);
    }
    // Every region naming a template that does not exist, in one run.
    if let Ok(regions) = inject::find_regions_in(&old, syntax) {
        let unknown = unknown_templates(&old, &regions, templates, syntax);
        if !unknown.is_empty() {
            outcome.diagnostics = broken_markers(&unknown, file);
            return Ok(outcome);
        }
    }
    match inject::inject_in(&old, syntax, |region| {
        templates.render(&region.template, context)
    }) {
        Ok(new) => {
            outcome.diagnostics = stale_regions(&old, &new, file, syntax);
            outcome.new = Some(new);
        }
        Err(InjectError::Markers(errors)) => {
            outcome.diagnostics = broken_markers(&meant_templates(errors, templates), file);
        }
        Err(InjectError::Render { region, error }) => {
            return Err(TemplateError::Region {
                document: files.name(file).to_owned(),
                line: region.begin_line,
                error: Box::new(error),
            });
        }
        Err(InjectError::Output { region, problem }) => {
            let kind = templates.kind(&region.template).unwrap_or(OutputKind::Text);
            outcome.blame = culprit(context.value(), problem.text().trim(), kind);
            outcome
                .diagnostics
                .push(output_problem(&old, file, &region, &problem, context, kind));
        }
    }
    Ok(outcome)
}

/// Each marker problem of `file` as a finding.
fn broken_markers(errors: &[inject::MarkerError], file: FileId) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|error| {
            Diagnostic::from(BrokenMarker {
                error,
                span: Span {
                    file,
                    range: error.span.clone(),
                },
            })
        })
        .collect()
}

/// The marker problem of a region whose template `templates/` does not
/// hold, at the template's name on the begin marker's line, with the known
/// name it is likely meant as (case aside, or within two edits).
fn unknown_template(text: &str, region: &inject::Region, known: &[String]) -> inject::MarkerError {
    let start: usize = text
        .split_inclusive('\n')
        .take(region.begin_line - 1)
        .map(str::len)
        .sum();
    let line = text[start..].split('\n').next().unwrap_or_default();
    let at = line.find(region.template.as_str()).unwrap_or(0);
    let meant = closest_template(&region.template, known);
    inject::MarkerError {
        line: region.begin_line,
        column: line[..at].trim_start_matches('\u{feff}').chars().count() + 1,
        span: start + at..start + at + region.template.len(),
        kind: inject::MarkerErrorKind::UnknownTemplate {
            name: region.template.clone(),
            meant,
        },
        related_line: None,
        meant_template: None,
        syntax: inject::Syntax::Html,
    }
}

/// The known template name `name` is likely meant as: the same case
/// aside, or within two edits.
fn closest_template(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| {
            let distance = if k.eq_ignore_ascii_case(name) {
                0
            } else {
                strsim::damerau_levenshtein(k, name)
            };
            (distance, k)
        })
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, k)| k.clone())
}

/// For a file name in the templates folder that is meant as a template but
/// would not be loaded as one: the name it should have. A template ends in
/// `.hbs` exactly; `.HBS`, `.handlebars`, blanks around the name, a
/// built-in template's name in another case or without `.hbs` are near
/// misses. Other files
/// (a README, notes) are no template and are left alone.
fn meant_template_name(name: &str) -> Option<String> {
    let builtin = |candidate: &str| {
        BUILTIN_TEMPLATES
            .iter()
            .map(|(builtin, _)| *builtin)
            .find(|builtin| builtin.eq_ignore_ascii_case(candidate))
    };
    // A built-in's name in another case overrides nothing: the built-in's
    // own name is the fix (never one a later run refuses again).
    if name.ends_with(".hbs")
        && let Some(found) = builtin(name).filter(|found| *found != name)
    {
        return Some(found.to_owned());
    }
    let trimmed = name.trim();
    let lower = trimmed.to_ascii_lowercase();
    let stem = match lower
        .strip_suffix(".hbs")
        .or_else(|| lower.strip_suffix(".handlebars"))
    {
        Some(stem) => &trimmed[..stem.len()],
        // A built-in's exact name without `.hbs` (`subprocessors.md`); a
        // note that only shares it case aside (`CHANGELOG.md`) is no
        // template.
        None => builtin(&format!("{trimmed}.hbs"))
            .filter(|found| found.strip_suffix(".hbs") == Some(trimmed))
            .map(|_| trimmed)?,
    };
    let meant =
        builtin(&format!("{stem}.hbs")).map_or_else(|| format!("{stem}.hbs"), str::to_owned);
    (meant != name).then_some(meant)
}

/// Reads a document or template, at most [`MAX_DOCUMENT_BYTES`].
fn read_document(path: &Path) -> Result<Vec<u8>, TemplateError> {
    // A FIFO stays readable: a document named on the command line is the
    // user's explicit choice (registry-listed ones are confined to regular
    // files), and the tests use one to pause a run between read and write.
    match special_kind(path) {
        None | Some(SpecialKind::Fifo) => {}
        Some(kind) => {
            return Err(TemplateError::NotRegular {
                path: path.to_path_buf(),
                kind,
            });
        }
    }
    read_bounded(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ReadError::Io(error) => TemplateError::Document {
            path: path.to_path_buf(),
            error,
        },
        ReadError::TooLarge { size, .. } => TemplateError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
    })
}

/// `paths` with each file once, in order: a document named twice (the same
/// name, or through `./`, `..` or a link) is read, written and reported once,
/// under the first name it was given. Files are compared by their resolved
/// path; one that cannot be resolved (it does not exist) by its name.
#[must_use]
pub fn distinct(paths: Vec<DocumentPath>) -> Vec<DocumentPath> {
    let mut seen = std::collections::HashSet::new();
    paths
        .into_iter()
        .filter(|p| seen.insert(std::fs::canonicalize(&p.real).unwrap_or_else(|_| p.real.clone())))
        .collect()
}

/// One `document-stale` per region whose text differs, at its begin marker.
fn stale_regions(old: &str, new: &str, file: FileId, syntax: inject::Syntax) -> Vec<Diagnostic> {
    let regions = |text| inject::find_regions_in(text, syntax);
    let (Ok(before), Ok(after)) = (regions(old), regions(new)) else {
        return Vec::new();
    };
    before
        .iter()
        .zip(&after)
        .filter(|(b, a)| old.get(b.content.clone()) != new.get(a.content.clone()))
        .map(|(b, _)| {
            // The begin marker's line, without its line ending (CRLF included).
            let line_end = b.content.start.saturating_sub(1);
            let marker_start = line_start(old, line_end);
            let marker = old.get(marker_start..line_end).unwrap_or_default();
            let marker_end = marker_start + marker.trim_end_matches('\r').len();
            Diagnostic::from(RegionStale {
                template: &b.template,
                span: Span {
                    file,
                    range: marker_start..marker_end,
                },
            })
        })
        .collect()
}

/// The byte offset where the line holding `offset` begins.
fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// A rendered region that would break the document's markers, at the
/// region's begin marker; blamed on the registry value that holds the
/// offending line when one does, else on the template.
fn output_problem(
    text: &str,
    file: FileId,
    region: &inject::Region,
    problem: &inject::OutputProblem,
    context: &RenderContext,
    kind: OutputKind,
) -> Diagnostic {
    let begin = text
        .split_inclusive('\n')
        .scan(0, |start, line| {
            let range = *start..*start + line.trim_end_matches(['\r', '\n']).len();
            *start += line.len();
            Some(range)
        })
        .nth(region.begin_line.saturating_sub(1))
        .unwrap_or(0..0);
    let blame = culprit(context.value(), problem.text().trim(), kind);
    Diagnostic::from(OutputBreaksMarkers {
        problem,
        template: &region.template,
        blame: blame.as_ref(),
        span: Span { file, range: begin },
    })
}

/// The registry value of `context` that makes the rendered `line` (its
/// text, trimmed) read as a marker, in any way a template of `kind` can
/// print it ([`OutputKind::printings`]): first one that is the line, from its
/// start or after a line break in it; else one whose text, as printed, the
/// template writes into the line, and without which the line would read
/// as no marker ([`inject::reads_as_marker_line`]). `None`: the template
/// writes the line itself.
fn culprit(context: &Value, line: &str, kind: OutputKind) -> Option<Blame> {
    if line.is_empty() {
        return None;
    }
    // A line after a line break first; else a value whose first line (or
    // whole text, its line breaks escaped) is the line, which a template
    // wrote at the start of a line.
    let exact = [false, true].into_iter().find_map(|whole| {
        let writes = |l: &str| kind.printings(l).iter().any(|p| p.trim() == line);
        let holds = |s: &str| {
            let mut lines = s.lines();
            if whole {
                lines.next().is_some_and(writes) || writes(s)
            } else {
                lines.skip(1).any(writes)
            }
        };
        culprit_where(context, |s| holds(s).then(String::new), whole)
    });
    if let Some(mut blame) = exact {
        blame.written = None;
        return Some(blame);
    }
    [false, true].into_iter().find_map(|whole| {
        let makes_it = |printed: &str| {
            let printed = printed.trim();
            (!printed.is_empty()
                && line.contains(printed)
                && !inject::reads_as_marker_line(&line.replacen(printed, "", 1), kind))
            .then(|| printed.to_owned())
        };
        let written = |s: &str| {
            let forms: Vec<String> = if whole {
                let first = s.lines().next().unwrap_or_default();
                let mut forms = kind.printings(s);
                forms.extend(kind.printings(first));
                forms
            } else {
                s.lines().skip(1).flat_map(|l| kind.printings(l)).collect()
            };
            // The longest: a value printed escaped holds its raw text too
            // (`\<!--` holds `<!--`), and the escaped one is what was written.
            forms
                .iter()
                .filter_map(|form| makes_it(form))
                .max_by_key(String::len)
        };
        culprit_where(context, written, whole)
    })
}

/// The first registry value of `context` for which `written` says what
/// of it the offending line holds, with that text.
fn culprit_where(
    context: &Value,
    written: impl Fn(&str) -> Option<String>,
    whole: bool,
) -> Option<Blame> {
    let found = |v: &Value| v.as_str().and_then(&written);
    let pointer = |value: &Value| -> Option<(String, String)> {
        value.as_object()?.iter().find_map(|(key, v)| {
            if let Some(text) = found(v) {
                return Some((crate::pointer::join("", &[key]), text));
            }
            let (i, text) = v
                .as_array()?
                .iter()
                .enumerate()
                .find_map(|(i, item)| Some((i, found(item)?)))?;
            Some((crate::pointer::join("", &[key, &i.to_string()]), text))
        })
    };
    let blame = |subprocessor, (pointer, text): (String, String)| Blame {
        subprocessor,
        pointer,
        whole,
        written: Some(text),
    };
    let mut subprocessors = context["subprocessors"].as_array().into_iter().flatten();
    subprocessors
        .find_map(|sp| Some(blame(Some(sp["id"].as_str()?.to_owned()), pointer(sp)?)))
        .or_else(|| {
            let (at, text) = pointer(&context["organization"])?;
            Some(blame(None, (format!("/organization{at}"), text)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prototype_sets_every_field_and_fills_every_list() {
        fn full(value: &Value) -> bool {
            match value {
                Value::Null => false,
                Value::Array(items) => !items.is_empty() && items.iter().all(full),
                Value::Object(map) => map.values().all(full),
                _ => true,
            }
        }
        assert!(full(&prototype()), "{}", prototype());
    }
}
