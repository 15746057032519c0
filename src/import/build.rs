//! Rows of a published list grouped into legal entities, each written as a
//! registry file with a provenance comment on every value the importer
//! rewrote or assumed.

use std::collections::{BTreeMap, BTreeSet};

use super::data::{Column, Data};
use super::mechanisms::{self, Stated};
use super::places;
use super::read::{Read, Row};
use super::text::{clean, fold, fold_key, slug};
use super::{Entity, Review, Target};
use crate::model::{Date, EntryKey, Mechanism, RecordKey, Role};

/// One legal entity, gathered from every row that names it.
#[derive(Debug, Default)]
struct Draft {
    name: String,
    line: usize,
    order: usize,
    purposes: Vec<String>,
    locations: Vec<(usize, String)>,
    countries: Vec<(usize, String)>,
    /// Each row's safeguards cell, with that row's location cell.
    mechanisms: Vec<(usize, String, String)>,
    websites: Vec<String>,
    categories: Vec<String>,
    notes: Vec<String>,
    sections: Vec<String>,
    markers: Vec<String>,
    published_names: Vec<String>,
    /// The sentences before a bullet list its items are under.
    leads: Vec<(usize, String)>,
}

/// The entities of `read`, in published order, what to review, and how
/// many rows were read.
pub fn entities(
    read: &Read,
    date: Option<Date>,
    data: &Data,
    target: &Target<'_>,
) -> (Vec<Entity>, Vec<Review>, usize) {
    let mut review: Vec<Review> = read
        .skipped
        .iter()
        .map(|(line, message)| Review::new(*line, message.clone()))
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut order = 0;
    let mut rows = 0;
    let mut country_as_location = false;
    for table in &read.tables {
        let columns = super::columns::assign(&table.headers, data);
        let Some(name_at) = columns.iter().position(|c| *c == Some(Column::Name)) else {
            let line = table.rows.first().map_or(0, |r| r.line.saturating_sub(2));
            review.push(Review::new(
                line,
                format!(
                    "a table whose headers ({}) name no sub-processor column was not read; \
                     name its column `Sub-processor` or `Name`",
                    table.headers.join(", ")
                ),
            ));
            continue;
        };
        // `only`: (column index, folded value); a table without the column
        // has no row of the organisation asked for.
        let only: Option<Vec<(usize, String)>> = target
            .only
            .iter()
            .map(|(column, value)| {
                let wanted = fold_key(column);
                table
                    .headers
                    .iter()
                    .position(|h| fold_key(h) == wanted)
                    .map(|i| (i, fold(value)))
            })
            .collect();
        let Some(only) = only else { continue };
        let kept = |row: &Row| {
            only.iter()
                .all(|(i, value)| row.cells.get(*i).is_some_and(|c| fold(c) == *value))
        };
        for (i, header) in table.headers.iter().enumerate() {
            let filled = table
                .rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()));
            let filtered = only.iter().any(|(at, _)| *at == i);
            if columns[i].is_none() && filled && !filtered {
                let line = table.rows.first().map_or(0, |r| r.line.saturating_sub(2));
                let values: BTreeSet<&str> = table
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(i).map(String::as_str))
                    .collect();
                // Few values, each on many rows: whose list a row is, in a
                // file that holds several organisations' lists.
                let hint = if values.len() > 1 && values.len() * 4 <= table.rows.len() {
                    format!(
                        "; its {} values look like the organisations whose lists the file holds: \
                         import one with --where '{header}=VALUE'",
                        values.len()
                    )
                } else {
                    String::new()
                };
                review.push(Review::new(
                    line,
                    format!("the column `{header}` is no registry field and was not read{hint}"),
                ));
            }
        }
        let has_location = columns.contains(&Some(Column::Location));
        country_as_location |= !has_location && columns.contains(&Some(Column::Country));
        // A row with only its first cell filled in a table of several
        // columns (`| **Infrastructure** | | |`, a `colspan` heading) names
        // the section of the rows below it, not a sub-processor.
        let mut subsection: Option<String> = None;
        for row in table.rows.iter().filter(|r| kept(r)) {
            let filled = row.cells.iter().filter(|c| !c.trim().is_empty()).count();
            if table.headers.len() >= 3
                && filled == 1
                && !row.cells.first().is_none_or(|c| c.trim().is_empty())
            {
                subsection = row.cells.first().map(|c| clean(c).0);
                review.push(Review::new(
                    row.line,
                    format!(
                        "the row `{}` has only its first cell: read as the section of the rows below it, not as a sub-processor",
                        subsection.as_deref().unwrap_or("")
                    ),
                ));
                continue;
            }
            if row.struck {
                review.push(Review::new(
                    row.line,
                    format!(
                        "`{}` is struck through: read as removed from the list, not imported; if it \
                         is still engaged, add it with its `removed` date",
                        clean(row.cells.first().map_or("", String::as_str)).0
                    ),
                ));
                continue;
            }
            let row = &Row {
                section: subsection.clone().or_else(|| row.section.clone()),
                ..row.clone()
            };
            rows += 1;
            let cell = |column: Column| -> &str {
                columns
                    .iter()
                    .position(|c| *c == Some(column))
                    .and_then(|i| row.cells.get(i))
                    .map_or("", String::as_str)
            };
            let (name, marker) = clean(row.cells.get(name_at).map_or("", String::as_str));
            if name.is_empty() {
                review.push(Review::new(
                    row.line,
                    "a row without a name was not read".to_owned(),
                ));
                continue;
            }
            order += 1;
            let key = entity_key(&name);
            let at = *by_key.entry(key).or_insert_with(|| {
                drafts.push(Draft {
                    name: name.clone(),
                    line: row.line,
                    order,
                    ..Draft::default()
                });
                drafts.len() - 1
            });
            let draft = &mut drafts[at];
            draft.markers.extend(marker);
            if !draft.published_names.contains(&name) {
                draft.published_names.push(name.clone());
            }
            gather(draft, row, &cell, &columns, has_location);
        }
    }
    if country_as_location {
        review.push(Review::new(
            0,
            "the list gives one country per entity and no location column: read as both \
             where the entity is established and where the data are"
                .to_owned(),
        ));
    }
    let mut used = BTreeSet::new();
    let entities = drafts
        .iter()
        .map(|draft| {
            let mut id = slug(&draft.name);
            let base = id.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            write(draft, id, date, data, target, &mut review)
        })
        .collect();
    review.sort_by_key(|r| r.line);
    (entities, review, rows)
}

/// The row's cells added to its entity.
fn gather<'r>(
    draft: &mut Draft,
    row: &'r Row,
    cell: &dyn Fn(Column) -> &'r str,
    columns: &[Option<Column>],
    has_location: bool,
) {
    let purpose = clean(cell(Column::Purpose)).0;
    if !purpose.is_empty() && !draft.purposes.contains(&purpose) {
        draft.purposes.push(purpose);
    }
    let location = cell(Column::Location);
    if !location.trim().is_empty() {
        draft.locations.push((row.line, location.to_owned()));
    } else if let Some(lead) = &row.lead {
        draft.leads.push((row.line, lead.clone()));
    }
    let country = cell(Column::Country);
    if !country.trim().is_empty() {
        draft.countries.push((row.line, country.to_owned()));
        if !has_location {
            draft.locations.push((row.line, country.to_owned()));
        }
    }
    let mechanism = cell(Column::Mechanism);
    if !mechanism.trim().is_empty() {
        let places = if location.trim().is_empty() {
            country
        } else {
            location
        };
        draft
            .mechanisms
            .push((row.line, mechanism.to_owned(), places.to_owned()));
    }
    let note = clean(cell(Column::Notes)).0;
    if !note.is_empty() && !draft.notes.contains(&note) {
        draft.notes.push(note);
    }
    for category in cell(Column::DataCategories).split([',', ';']) {
        let category = clean(category).0;
        if !category.is_empty() && !draft.categories.contains(&category) {
            draft.categories.push(category);
        }
    }
    // The website: the cell's text when it is a URL, else a link in it,
    // else the link around the name.
    let website_at = columns.iter().position(|c| *c == Some(Column::Website));
    let name_at = columns.iter().position(|c| *c == Some(Column::Name));
    let candidates = website_at
        .into_iter()
        .flat_map(|i| {
            std::iter::once(row.cells.get(i).cloned().unwrap_or_default())
                .chain(row.links.get(i).cloned().unwrap_or_default())
        })
        .chain(
            name_at
                .into_iter()
                .flat_map(|i| row.links.get(i).cloned().unwrap_or_default()),
        );
    for url in candidates {
        let url = url.trim().to_owned();
        if is_url(&url) && !draft.websites.contains(&url) {
            draft.websites.push(url);
        }
    }
    if let Some(section) = &row.section
        && !draft.sections.contains(section)
    {
        draft.sections.push(section.clone());
    }
}

/// The registry file of `draft`, and its review items.
fn write(
    draft: &Draft,
    id: String,
    date: Option<Date>,
    data: &Data,
    target: &Target<'_>,
    review: &mut Vec<Review>,
) -> Entity {
    let knowledge = target.knowledge;
    let line = draft.line;
    let mut assumed: Vec<RecordKey> = vec![RecordKey::Added];
    let mut out = Toml::default();
    out.comment(&format!(
        "Imported by `subreg import` from {}:{}. Values marked \"to confirm\" were assumed",
        target.source, line
    ));
    out.comment("or rewritten: confirm them, then delete the marks and this comment.");
    out.blank();
    let name_note = (!draft.markers.is_empty()).then(|| {
        format!(
            "published with the footnote marker `{}`",
            draft.markers.join(" ")
        )
    });
    out.value("name", toml::Value::String(draft.name.clone()), name_note);
    if draft.published_names.len() > 1 {
        review.push(Review::new(
            line,
            format!(
                "{} is listed as {}: one entity, one file",
                draft.name,
                in_backticks(&draft.published_names)
            ),
        ));
    }

    // Where the data are.
    let mut locations: Vec<String> = Vec::new();
    let mut published: Vec<String> = Vec::new();
    let mut rewritten = false;
    for (at, text) in &draft.locations {
        let read = places::read(text, data, knowledge);
        published.push(text.clone());
        rewritten |= read.values.len() != 1 || read.values[0] != text.trim();
        if let Some(why) = read.unknown {
            review.push(Review::new(
                *at,
                format!(
                    "{}: location `{}` read as `{}`: {why}",
                    draft.name,
                    text,
                    read.values.join(", ")
                ),
            ));
        }
        if !read.details.is_empty() {
            review.push(Review::new(
                *at,
                format!(
                    "{}: the details `{}` of location `{}` were left out; give cloud regions (`aws:eu-central-1`) where they are known",
                    draft.name,
                    read.details.join("; "),
                    text
                ),
            ));
        }
        for value in read.values {
            if !locations.contains(&value) {
                locations.push(value);
            }
        }
    }
    let mut location_note = None;
    for (at, lead) in &draft.leads {
        match places::in_prose(lead, data) {
            Some(place) => {
                if !locations.contains(&place) {
                    locations.push(place);
                }
                location_note = Some(format!(
                    "from the sentence before the list: \"{}\"",
                    lead.trim()
                ));
            }
            None => review.push(Review::new(
                *at,
                format!(
                    "{}: the sentence before its list names no one place (\"{}\")",
                    draft.name,
                    lead.trim()
                ),
            )),
        }
    }
    if locations.is_empty() {
        locations.push("not-stated".to_owned());
        location_note = Some("to confirm: the list does not say where the data are".to_owned());
        assumed.push(RecordKey::Locations);
        review.push(Review::new(
            line,
            format!(
                "{}: the list gives no location; recorded as `not-stated`",
                draft.name
            ),
        ));
    } else if location_note.is_none() {
        location_note = rewritten.then(|| format!("published: {}", quoted_list(&published)));
    }

    // Where the entity is established.
    let mut country = None;
    let mut country_note = None;
    let published: BTreeSet<String> = draft
        .countries
        .iter()
        .flat_map(|(_, t)| places::read(t, data, knowledge).values)
        .filter(|c| crate::knowledge::is_iso_country(c))
        .collect();
    if published.len() > 1 {
        review.push(Review::new(
            line,
            format!(
                "{}: its rows give {} countries of establishment ({}); the first is kept",
                draft.name,
                published.len(),
                published.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    for (_, text) in &draft.countries {
        let read = places::read(text, data, knowledge);
        if let Some(code) = read
            .values
            .iter()
            .find(|v| crate::knowledge::is_iso_country(v))
        {
            country = Some(code.clone());
            if code != text.trim() {
                country_note = Some(format!("published: \"{}\"", one_line(text)));
            }
            break;
        }
    }
    // Where the data are says nothing of where the entity is established
    // (a US company with servers in Frankfurt still receives the data in
    // the US): never assumed from the locations.
    if country.is_none() {
        review.push(Review::new(
            line,
            format!(
                "{}: the list does not say where the entity is established; `country` is `XX` \
                 until you give its ISO 3166-1 alpha-2 code (where the data are is no answer: an \
                 importer established abroad receives them there)",
                draft.name
            ),
        ));
        country_note = Some("to confirm: the country of establishment is not published".to_owned());
    }
    out.value(
        "country",
        toml::Value::String(country.unwrap_or_else(|| "XX".to_owned())),
        country_note,
    );

    let purposes = if draft.purposes.is_empty() {
        review.push(Review::new(
            line,
            format!(
                "{}: the list gives no purpose; give what it does for you",
                draft.name
            ),
        ));
        assumed.push(RecordKey::Purposes);
        vec!["to confirm".to_owned()]
    } else {
        draft.purposes.clone()
    };
    out.value("purposes", strings(&purposes), None);
    out.value("locations", strings(&locations), location_note);
    if draft.websites.len() > 1 {
        review.push(Review::new(
            line,
            format!(
                "{}: its rows give {} websites ({}); the first is kept",
                draft.name,
                draft.websites.len(),
                draft.websites.join(", ")
            ),
        ));
    }
    if let Some(website) = draft.websites.first() {
        out.value("website", toml::Value::String(website.clone()), None);
    }
    if !draft.categories.is_empty() {
        out.value("data_categories", strings(&draft.categories), None);
    }
    if !draft.notes.is_empty() {
        out.value("notes", strings(&draft.notes), None);
    }
    if let Some(section) = draft.sections.first() {
        out.value("group", toml::Value::String(section.clone()), None);
        if draft.sections.len() > 1 {
            review.push(Review::new(
                line,
                format!(
                    "{} is listed under {}; its group is the first",
                    draft.name,
                    in_backticks(&draft.sections)
                ),
            ));
        }
    }
    out.value(
        "order",
        toml::Value::Integer(i64::try_from(draft.order).unwrap_or(i64::MAX)),
        None,
    );
    let added = date.unwrap_or(target.as_of);
    out.value(
        "added",
        date_value(added),
        Some(format!(
            "to confirm: {}; the list does not say when the entity was engaged",
            if date.is_some() {
                "the list's date"
            } else {
                "the day of the import"
            }
        )),
    );
    assumed.sort();
    let keys: Vec<String> = assumed.iter().map(|k| k.id().to_owned()).collect();
    out.value(
        "assumed",
        strings(&keys),
        Some("`check` warns until these are confirmed and removed".to_owned()),
    );

    transfers(draft, &locations, added, data, target, &mut out, review);
    Entity {
        id,
        name: draft.name.clone(),
        line,
        text: out.text,
    }
}

/// The `[[transfers]]` entries of each row's safeguards, for that row's
/// destinations outside a regime's area without a whole-country adequacy
/// decision: one per mechanism the row names that is open, under that
/// regime, for that destination and the organisation's role (the
/// knowledge base's options). A destination left without one is a review
/// item (and a `transfer-without-mechanism` finding of `check`); a
/// published safeguard no entry was written for is kept as a comment.
fn transfers(
    draft: &Draft,
    locations: &[String],
    added: Date,
    data: &Data,
    target: &Target<'_>,
    out: &mut Toml,
    review: &mut Vec<Review>,
) {
    let knowledge = target.knowledge;
    let roles = (target.role, Role::Processor);
    let needs = |destination: &str, regime: crate::model::Regime| {
        knowledge
            .not_binding(regime, target.role, target.as_of)
            .is_none()
            && !knowledge.in_area(regime, destination, target.as_of)
            && !knowledge.whole_adequacy(regime, destination, target.as_of)
    };
    let countries = |values: &[String]| -> BTreeSet<String> {
        values
            .iter()
            .filter_map(|l| knowledge.judged_as(l))
            .filter(|c| crate::knowledge::is_iso_country(c))
            .map(str::to_owned)
            .collect()
    };
    let mut written: BTreeSet<(String, Mechanism)> = BTreeSet::new();
    let mut covered: BTreeSet<(String, crate::model::Regime)> = BTreeSet::new();
    let mut kept: Vec<&String> = Vec::new();
    let mut no_transfer = false;
    for (at, text, row_places) in &draft.mechanisms {
        let (found, module) = match mechanisms::read(text, data) {
            Stated::Mechanisms(found, module) => (found, module),
            Stated::NoTransfer => {
                no_transfer = true;
                continue;
            }
            Stated::Nothing => continue,
            Stated::Unread(why) => {
                review.push(Review::new(
                    *at,
                    format!(
                        "{}: the safeguard `{}` was not read: {why}",
                        draft.name,
                        one_line(text)
                    ),
                ));
                kept.push(text);
                continue;
            }
        };
        let destinations = countries(&places::read(row_places, data, knowledge).values);
        let mut used = false;
        for destination in &destinations {
            for &regime in &target.regimes {
                if !needs(destination, regime) {
                    continue;
                }
                let open = knowledge.options(regime, destination, target.as_of, roles);
                for words in &found {
                    let Some(mechanism) = words.id else { continue };
                    if !open.contains(&mechanism) {
                        continue;
                    }
                    covered.insert((destination.clone(), regime));
                    used = true;
                    if !written.insert((destination.clone(), mechanism)) {
                        continue;
                    }
                    out.blank();
                    out.raw("[[transfers]]");
                    out.value("to", toml::Value::String(destination.clone()), None);
                    out.value(
                        "mechanism",
                        toml::Value::String(mechanism.to_string()),
                        Some(format!("published: \"{}\"", one_line(text))),
                    );
                    let mut assumed: Vec<String> = Vec::new();
                    for key in &words.assume {
                        let value = match key {
                            EntryKey::Module => match module {
                                Some(m) => {
                                    out.value("module", toml::Value::Integer(i64::from(m)), None);
                                    continue;
                                }
                                None => toml::Value::Integer(match target.role {
                                    Role::Controller => 2,
                                    Role::Processor => 3,
                                }),
                            },
                            _ => date_value(added),
                        };
                        out.value(key.id(), value, None);
                        assumed.push(key.id().to_owned());
                    }
                    if !assumed.is_empty() {
                        out.value(
                            "assumed",
                            strings(&assumed),
                            Some("to confirm: not published".to_owned()),
                        );
                    }
                }
            }
        }
        if !used {
            kept.push(text);
            review.push(Review::new(
                *at,
                format!(
                    "{}: the safeguard `{}` is published, but is no basis this registry can use for \
                     the row's destinations ({}); it is kept as a comment: once `country` is set (a \
                     company established outside the regimes' areas receives the data there), add \
                     the transfer entries",
                    draft.name,
                    one_line(text),
                    if destinations.is_empty() {
                        "none outside the regimes' areas".to_owned()
                    } else {
                        destinations.iter().cloned().collect::<Vec<_>>().join(", ")
                    }
                ),
            ));
        }
    }
    for destination in countries(locations) {
        for &regime in &target.regimes {
            if needs(&destination, regime) && !covered.contains(&(destination.clone(), regime)) {
                review.push(Review::new(
                    draft.line,
                    format!(
                        "{}: the transfer to {destination} under {regime} has no mechanism in the list{}; add one",
                        draft.name,
                        if no_transfer { " (it says there is no transfer)" } else { "" }
                    ),
                ));
            }
        }
    }
    let mut said: Vec<&String> = Vec::new();
    for text in kept {
        if said.contains(&text) {
            continue;
        }
        said.push(text);
        out.blank();
        out.comment(&format!(
            "published safeguard, no transfer entry written: \"{text}\""
        ));
    }
}

/// A TOML file written line by line, so that values carry comments.
#[derive(Debug, Default)]
struct Toml {
    text: String,
}

impl Toml {
    fn comment(&mut self, text: &str) {
        self.text.push_str("# ");
        self.text.push_str(&one_line(text));
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn raw(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn value(&mut self, key: &str, value: toml::Value, comment: Option<String>) {
        self.text.push_str(key);
        self.text.push_str(" = ");
        self.text.push_str(&value.to_string());
        if let Some(comment) = comment {
            self.text.push_str("   # ");
            self.text.push_str(&one_line(&comment));
        }
        self.text.push('\n');
    }
}

/// `text` on one line for a comment: controls as `<U+XXXX>`, at most 200
/// characters.
fn one_line(text: &str) -> String {
    let shown =
        crate::diag::visible::visible_one_line(&text.replace(['\n', '\r'], " ")).into_owned();
    match shown.char_indices().nth(200) {
        Some((i, _)) => format!("{}...", &shown[..i]),
        None => shown,
    }
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{}\"", v.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn strings(values: &[String]) -> toml::Value {
    toml::Value::Array(values.iter().cloned().map(toml::Value::String).collect())
}

fn date_value(date: Date) -> toml::Value {
    let d = date.0;
    toml::Value::Datetime(toml::value::Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(d.year()).unwrap_or(0),
            month: u8::try_from(d.month()).unwrap_or(1),
            day: u8::try_from(d.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    })
}

/// Rows naming one entity share this key: the name folded, without a
/// trailing legal form's punctuation (`Stripe, Inc.` and `Stripe Inc`).
fn entity_key(name: &str) -> String {
    fold(name)
}

/// An absolute http(s) URL the registry's schema accepts: ASCII, a host of
/// dot-separated labels (none empty or starting or ending with `-`), no
/// user name, a port from 1 to 65535, and no blank or character a URL
/// must escape.
fn is_url(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    if !text.is_ascii()
        || text
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || "\"<>\\^`{|}".contains(c))
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| !p.starts_with('0') && p.parse::<u16>().is_ok_and(|n| n > 0));
    let labels_ok = host.contains('.')
        && host.trim_end_matches('.').split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    port_ok && labels_ok
}

/// `values` in backticks joined by "and": "`A` and `B`".
fn in_backticks(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}
