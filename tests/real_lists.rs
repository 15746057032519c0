//! Sub-processor lists that real companies publish (copied into
//! `tests/fixtures/real-lists/`, sources in the README there), each turned
//! into a registry the way a legal team would import it: one file per row,
//! written with the `toml` serializer. subreg must check every one without a
//! structural finding, count every row, flag the rows that name one entity
//! twice, and render a table whose cells are exactly the published names and
//! purposes, whatever punctuation they hold.
//!
//! Lists: GitHub (two tables), Retool (two tables, different columns), Bento,
//! Sage Bionetworks (header in the first body row), Embrace (a table per
//! region), 37signals' Basecamp (a bullet list), Gruntwork (YAML), Delta
//! Green (JSON) and a scrape of 47 companies' lists (CSV, one registry per
//! company).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use common::{AS_OF, Error, Fixture, TestResult, findings, repo_root};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The `added` date of every imported row.
const ADDED: &str = "2024-01-01";

/// When the clauses of every imported transfer were signed and assessed.
const SIGNED: &str = "2024-01-01";

/// The rules that say a file could not be read as the format defines it.
const STRUCTURAL: [&str; 4] = [
    "toml-syntax",
    "schema-violation",
    "unknown-key",
    "invalid-encoding",
];

/// The policy that receives the rendered table.
const POLICY: &str = "# Sub-processors\n\n\
<!-- subreg:begin template=subprocessors.md -->\n\
<!-- subreg:end -->\n";

/// Where the policy is, relative to the working directory.
const POLICY_PATH: &str = "docs/policy.md";

/// EEA member states: a destination here needs no transfer tool under the
/// EU GDPR. `EU` and `EEA` are subreg's "somewhere inside the area".
const EEA: [&str; 32] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "EU",
    "EEA",
];

// ---------------------------------------------------------------- the rows

/// One row of a published list, its values exactly as published.
#[derive(Debug, Clone, Default)]
struct Row {
    /// The sub-processor's name.
    name: String,
    /// The purpose or description of processing: one purpose.
    purpose: String,
    /// Where the data are processed, as published ("United States, Germany").
    location: String,
    /// Where the entity is established, when the list says so.
    corporate: Option<String>,
    /// The website, when the list gives one.
    website: Option<String>,
    /// The categories of data, when the list gives them.
    data_categories: Vec<String>,
}

/// Reads `tests/fixtures/real-lists/<name>`.
fn fixture(name: &str) -> Result<String, Error> {
    let path: PathBuf = repo_root().join("tests/fixtures/real-lists").join(name);
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()).into())
}

// ---------------------------------------------------------------- Markdown

/// One Markdown table: its header cells and body rows, as plain text.
#[derive(Debug, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// The index of the first column whose header is one of `names`
    /// (compared without case).
    fn column(&self, names: &[&str]) -> Result<usize, Error> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .ok_or_else(|| format!("no column {names:?} in {:?}", self.header).into())
    }

    /// The cell of `row` in column `index` (a short row has empty cells).
    fn cell(row: &[String], index: usize) -> String {
        row.get(index).cloned().unwrap_or_default()
    }
}

/// The text an inline event contributes to a cell or list item: text and
/// code as written, a line break or a `<br>` as a newline, other inline
/// HTML as written.
fn inline_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t.to_string()),
        Event::SoftBreak | Event::HardBreak => Some("\n".to_owned()),
        Event::InlineHtml(h) | Event::Html(h) => {
            let tag: String = h
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '/')
                .collect::<String>()
                .to_ascii_lowercase();
            Some(if tag == "<br>" {
                "\n".to_owned()
            } else {
                h.to_string()
            })
        }
        _ => None,
    }
}

/// Every GFM table of `markdown`, parsed by pulldown-cmark. A table whose
/// header cells are all empty (a word processor's export) takes its first
/// body row as header.
fn tables(markdown: &str) -> Vec<Table> {
    let mut out = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match &event {
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(mut t) = table.take() {
                    if t.header.iter().all(String::is_empty) && !t.rows.is_empty() {
                        t.header = t.rows.remove(0);
                    }
                    out.push(t);
                }
            }
            other => {
                if let (Some(c), Some(text)) = (cell.as_mut(), inline_text(other)) {
                    c.push_str(&text);
                }
            }
        }
    }
    out
}

/// The columns of a list's tables, each given as the header names it may
/// have.
struct Columns<'a> {
    name: &'a [&'a str],
    purpose: &'a [&'a str],
    location: &'a [&'a str],
    corporate: Option<&'a [&'a str]>,
}

/// The rows of every table of `markdown`, in order.
fn table_rows(markdown: &str, columns: &Columns<'_>) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    for table in tables(markdown) {
        let name = table.column(columns.name)?;
        let purpose = table.column(columns.purpose)?;
        let location = table.column(columns.location)?;
        let corporate = columns.corporate.map(|c| table.column(c)).transpose()?;
        for cells in &table.rows {
            rows.push(Row {
                name: Table::cell(cells, name),
                purpose: Table::cell(cells, purpose),
                location: Table::cell(cells, location),
                corporate: corporate.map(|i| Table::cell(cells, i)),
                ..Row::default()
            });
        }
    }
    Ok(rows)
}

/// The rows of a bullet list whose items read "[Name](link). Purpose.",
/// each list located by the paragraph before it ("These subprocessors are
/// located in the EU:").
fn bullet_rows(markdown: &str) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    let mut paragraph = String::new();
    let mut in_paragraph = false;
    let mut location = String::new();
    let mut item: Option<(String, String)> = None;
    let mut in_link = false;
    for event in Parser::new_ext(markdown, Options::empty()) {
        match &event {
            Event::Start(Tag::Item) => item = Some((String::new(), String::new())),
            Event::End(TagEnd::Item) => {
                if let Some((name, rest)) = item.take() {
                    let purpose = rest.trim_start_matches(['.', ' ']).to_owned();
                    rows.push(Row {
                        name,
                        purpose,
                        location: location.clone(),
                        ..Row::default()
                    });
                }
            }
            Event::Start(Tag::Link { .. }) => in_link = true,
            Event::End(TagEnd::Link) => in_link = false,
            Event::Start(Tag::Paragraph) if item.is_none() => {
                in_paragraph = true;
                paragraph.clear();
            }
            Event::End(TagEnd::Paragraph) if item.is_none() => in_paragraph = false,
            Event::Start(Tag::List(_)) => {
                let (_, place) = paragraph
                    .split_once("located in the ")
                    .ok_or_else(|| format!("no location before a list: {paragraph:?}"))?;
                location = place.trim_end_matches([':', '.', ' ']).to_owned();
            }
            other => {
                let Some(text) = inline_text(other) else {
                    continue;
                };
                match item.as_mut() {
                    Some((name, _)) if in_link && name.is_empty() => name.push_str(&text),
                    Some((name, rest)) if !name.is_empty() && !in_link => rest.push_str(&text),
                    Some(_) => {}
                    None if in_paragraph => paragraph.push_str(&text),
                    None => {}
                }
            }
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------- the lists

/// GitHub: two tables (third parties, subsidiaries) with a corporate
/// location column.
fn github() -> Result<Vec<Row>, Error> {
    table_rows(
        &fixture("01-github.md")?,
        &Columns {
            name: &["Name of Subprocessor"],
            purpose: &["Description of Processing"],
            location: &["Location of Processing"],
            corporate: Some(&["Corporate Location"]),
        },
    )
}

/// Retool: two tables; the first has an extra "Relevant Retool Services"
/// column (with `<br />` in it), which is not imported.
fn retool() -> Result<Vec<Row>, Error> {
    table_rows(
        &fixture("02-retool.md")?,
        &Columns {
            name: &["Entity Name"],
            purpose: &["Purpose of Processing"],
            location: &["Location of Subprocessors"],
            corporate: None,
        },
    )
}

/// Bento: one table, one region ("Varies") that names no place.
fn bento() -> Result<Vec<Row>, Error> {
    table_rows(
        &fixture("03-bento.md")?,
        &Columns {
            name: &["Service provider"],
            purpose: &["Purpose"],
            location: &["Region"],
            corporate: None,
        },
    )
}

/// Sage Bionetworks: a word processor's export, the header in the first
/// body row.
fn sage() -> Result<Vec<Row>, Error> {
    table_rows(
        &fixture("05-sage-bionetworks.md")?,
        &Columns {
            name: &["Sub-Processor"],
            purpose: &["Description/Purpose"],
            location: &["Location"],
            corporate: None,
        },
    )
}

/// Embrace: one table per customer region, the same company in both.
fn embrace() -> Result<Vec<Row>, Error> {
    table_rows(
        &fixture("07-embrace.md")?,
        &Columns {
            name: &["Company"],
            purpose: &["Processing Purpose"],
            location: &["Location"],
            corporate: None,
        },
    )
}

/// 37signals (Basecamp): a bullet list per location.
fn basecamp() -> Result<Vec<Row>, Error> {
    bullet_rows(&fixture("08-basecamp.md")?)
}

/// Gruntwork: YAML, a sequence of mappings with a country and a website.
fn gruntwork() -> Result<Vec<Row>, Error> {
    let docs = yaml_rust2::YamlLoader::load_from_str(&fixture("10-gruntwork.yml")?)?;
    let items = docs
        .first()
        .and_then(|d| d.as_vec())
        .ok_or("10-gruntwork.yml is not a sequence")?;
    items
        .iter()
        .map(|item| {
            let text = |key: &str| -> Result<String, Error> {
                Ok(item[key]
                    .as_str()
                    .ok_or_else(|| format!("no `{key}` in {item:?}"))?
                    .to_owned())
            };
            Ok(Row {
                name: text("name")?,
                purpose: text("purpose")?,
                location: text("country")?,
                website: Some(text("website")?),
                ..Row::default()
            })
        })
        .collect()
}

/// Delta Green: JSON with data categories and transfer mechanisms.
fn deltagreen() -> Result<Vec<Row>, Error> {
    let json: serde_json::Value = serde_json::from_str(&fixture("11-deltagreen.json")?)?;
    let items = json["items"]
        .as_array()
        .ok_or("11-deltagreen.json has no `items` array")?;
    items
        .iter()
        .map(|item| {
            let text = |key: &str| -> Result<String, Error> {
                Ok(item[key]
                    .as_str()
                    .ok_or_else(|| format!("no `{key}` in {item}"))?
                    .to_owned())
            };
            let categories = item["dataCategories"]
                .as_array()
                .ok_or_else(|| format!("no `dataCategories` in {item}"))?
                .iter()
                .map(|c| c.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("a category that is not a string in {item}"))?;
            Ok(Row {
                name: text("name")?,
                purpose: text("purpose")?,
                location: text("location")?,
                data_categories: categories,
                ..Row::default()
            })
        })
        .collect()
}

/// The records of an RFC 4180 CSV text: fields separated by commas, quoted
/// fields may hold commas, newlines and doubled quotes.
fn csv_records(text: &str) -> Result<Vec<Vec<String>>, Error> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// The scrape of 47 companies' lists: (company, rows), in file order. The
/// CSV gives no location: every row gets "US" (see [`locations`]).
fn scrape() -> Result<Vec<(String, Vec<Row>)>, Error> {
    let records = csv_records(&fixture("13-ai-vendors-scrape.csv")?)?;
    let (header, body) = records.split_first().ok_or("empty CSV")?;
    if header.len() != 3 {
        return Err(format!("unexpected CSV header {header:?}").into());
    }
    let mut companies: Vec<(String, Vec<Row>)> = Vec::new();
    for record in body {
        let [company, name, purpose] = record.as_slice() else {
            return Err(format!("a record without 3 fields: {record:?}").into());
        };
        let row = Row {
            name: name.clone(),
            purpose: purpose.clone(),
            ..Row::default()
        };
        match companies.iter_mut().find(|(c, _)| c == company) {
            Some((_, rows)) => rows.push(row),
            None => companies.push((company.clone(), vec![row])),
        }
    }
    Ok(companies)
}

// ---------------------------------------------------------------- locations

/// The ISO 3166-1 alpha-2 code (or subreg's `EU`) of one place name, when
/// it names one country or area unambiguously. A city names its country.
fn place(text: &str) -> Option<&'static str> {
    Some(match text.trim().to_lowercase().as_str() {
        "united states" | "usa" | "us" => "US",
        "european union" | "eu" => "EU",
        "united kingdom" | "uk" => "GB",
        "australia" => "AU",
        "belgium" => "BE",
        "brazil" => "BR",
        "canada" => "CA",
        "chile" => "CL",
        "france" => "FR",
        "germany" | "frankfurt" => "DE",
        "iceland" => "IS",
        "india" => "IN",
        "ireland" => "IE",
        "japan" => "JP",
        "mexico" => "MX",
        "netherlands" => "NL",
        "norway" => "NO",
        "singapore" => "SG",
        "spain" => "ES",
        "sweden" => "SE",
        "switzerland" => "CH",
        _ => return None,
    })
}

/// The locations of a published location text: each place it names
/// (split at commas, slashes and parentheses: "EU (Frankfurt, Ireland)" is
/// EU, DE and IE), as codes, without repeats. A place that names no country
/// or area ("Varies", or no location at all as in the CSV) becomes "US",
/// the most common location in these lists, and the returned notes say so.
fn locations(text: &str) -> (Vec<String>, Vec<String>) {
    let mut codes: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let parts: Vec<&str> = text
        .split([',', '/', '(', ')'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        notes.push("the list gives no location: US assumed".to_owned());
        codes.push("US".to_owned());
    }
    for part in parts {
        let code = place(part).unwrap_or_else(|| {
            notes.push(format!("location {part:?} names no country: US assumed"));
            "US"
        });
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    (codes, notes)
}

/// The country of establishment: the list's corporate location when it has
/// one, else the one country among the locations; otherwise (no corporate
/// location, and several countries or only "EU") "US", with a note.
fn country(row: &Row, locations: &[String]) -> (String, Vec<String>) {
    if let Some(corporate) = &row.corporate {
        let (codes, notes) = self::locations(corporate);
        if let [code] = codes.as_slice()
            && code != "EU"
        {
            return (code.clone(), notes);
        }
    }
    let countries: Vec<&String> = locations.iter().filter(|c| *c != "EU").collect();
    match countries.as_slice() {
        [one] => ((*one).clone(), Vec::new()),
        _ => (
            "US".to_owned(),
            vec![format!(
                "the list does not say where {:?} is established: US assumed",
                row.name
            )],
        ),
    }
}

// ---------------------------------------------------------------- the registry

/// The id of a name: lower case, every run of other characters than ASCII
/// letters and digits one `-`, none at either end.
fn slug(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "subprocessor".to_owned()
    } else {
        id.to_owned()
    }
}

/// The ids of `rows`, in row order: [`slug`] of the name, a second row with
/// the same slug gets `-2`, a third `-3`.
fn ids(rows: &[Row]) -> Vec<String> {
    let mut used = BTreeSet::new();
    rows.iter()
        .map(|row| {
            let base = slug(&row.name);
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            id
        })
        .collect()
}

/// A TOML local date.
fn date(text: &str) -> Result<toml::Value, Error> {
    Ok(toml::Value::Datetime(text.parse()?))
}

/// A TOML array of strings.
fn strings(values: &[String]) -> toml::Value {
    toml::Value::Array(values.iter().cloned().map(toml::Value::String).collect())
}

/// `registry/subprocessors/<id>.toml` for `row`: serialized from a
/// [`toml::Table`], with a comment line per assumption made on import.
fn subprocessor_toml(row: &Row) -> Result<String, Error> {
    let (locations, mut notes) = locations(&row.location);
    let (country, country_notes) = country(row, &locations);
    notes.extend(country_notes);

    let mut table = toml::Table::new();
    table.insert("name".into(), row.name.clone().into());
    table.insert("country".into(), country.clone().into());
    table.insert(
        "purposes".into(),
        strings(std::slice::from_ref(&row.purpose)),
    );
    table.insert("locations".into(), strings(&locations));
    if let Some(website) = &row.website {
        table.insert("website".into(), website.clone().into());
    }
    if !row.data_categories.is_empty() {
        table.insert("data_categories".into(), strings(&row.data_categories));
    }
    table.insert("added".into(), date(ADDED)?);

    // One set of clauses per destination outside the EEA, so that every
    // transfer has a basis: the locations and the country of establishment.
    let mut destinations: Vec<&String> = Vec::new();
    for code in locations.iter().chain(std::iter::once(&country)) {
        if !EEA.contains(&code.as_str()) && !destinations.contains(&code) {
            destinations.push(code);
        }
    }
    let mut transfers = Vec::new();
    for to in destinations {
        let mut transfer = toml::Table::new();
        transfer.insert("to".into(), to.clone().into());
        transfer.insert("mechanism".into(), "eu-scc-2021".into());
        transfer.insert("module".into(), 3.into());
        transfer.insert("signed".into(), date(SIGNED)?);
        transfer.insert("tia".into(), date(SIGNED)?);
        transfers.push(toml::Value::Table(transfer));
    }
    if !transfers.is_empty() {
        table.insert("transfers".into(), toml::Value::Array(transfers));
    }

    let mut text = String::new();
    for note in notes {
        // The notes quote list text with `{:?}`: no newline can end the comment.
        text.push_str(&format!("# imported: {note}\n"));
    }
    text.push_str(&toml::to_string(&table)?);
    Ok(text)
}

/// `registry/registry.toml`: an EU processor whose policy holds the table.
fn registry_toml() -> Result<String, Error> {
    let mut organization = toml::Table::new();
    organization.insert("name".into(), "Importer GmbH".into());
    organization.insert("country".into(), "DE".into());
    organization.insert("role".into(), "processor".into());
    let mut document = toml::Table::new();
    document.insert("path".into(), format!("../{POLICY_PATH}").into());

    let mut table = toml::Table::new();
    table.insert("regimes".into(), strings(&["eu-gdpr".to_owned()]));
    table.insert("organization".into(), toml::Value::Table(organization));
    table.insert(
        "documents".into(),
        toml::Value::Array(vec![toml::Value::Table(document)]),
    );
    Ok(toml::to_string(&table)?)
}

/// A working directory with the registry of `rows`, the repository's
/// templates and a policy with an empty table region; and the ids of the
/// rows, in row order.
fn registry(rows: &[Row]) -> Result<(Fixture, Vec<String>), Error> {
    let ids = ids(rows);
    let mut fixture = Fixture::new(&registry_toml()?)?
        .templates()?
        .doc(POLICY_PATH.trim_start_matches("docs/"), POLICY)?;
    for (id, row) in ids.iter().zip(rows) {
        fixture = fixture.subprocessor(id, subprocessor_toml(row)?)?;
    }
    Ok((fixture, ids))
}

// ---------------------------------------------------------------- expectations

/// Lower case, letters and digits only, single spaces: how
/// `duplicate-subprocessor` compares names (`subreg explain
/// duplicate-subprocessor`: "compared without case, punctuation or repeated
/// spaces").
fn entity(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().collect::<String>()
            } else {
                " ".to_owned()
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ids of the files that name an entity an earlier file (in id order,
/// the order subreg reads them) already names.
fn duplicates(rows: &[Row], ids: &[String]) -> Vec<String> {
    let by_id: BTreeMap<&String, &Row> = ids.iter().zip(rows).collect();
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (id, row) in by_id {
        if seen.insert(entity(&row.name), id).is_some() {
            out.push(id.clone());
        }
    }
    out
}

/// What a table cell shows of a value: each line ending a space (subreg's
/// Markdown escape), and no blanks at either end (GFM trims cells).
fn shown(value: &str) -> String {
    value
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .trim_matches([' ', '\t'])
        .to_owned()
}

/// The (name, purpose) pairs the table must show: every row, in id order.
fn expected_table(rows: &[Row], ids: &[String]) -> Vec<(String, String)> {
    let by_id: BTreeMap<&String, &Row> = ids.iter().zip(rows).collect();
    by_id
        .values()
        .map(|row| (shown(&row.name), shown(&row.purpose)))
        .collect()
}

/// The (Third Party, Purpose) pairs of the one table in `markdown`.
fn table_pairs(markdown: &str) -> Result<Vec<(String, String)>, Error> {
    let tables = tables(markdown);
    let [table] = tables.as_slice() else {
        return Err(format!("{} tables, not one, in:\n{markdown}", tables.len()).into());
    };
    if table.header != ["Third Party", "Purpose"] {
        return Err(format!("unexpected header {:?}", table.header).into());
    }
    table
        .rows
        .iter()
        .map(|cells| match cells.as_slice() {
            [name, purpose] => Ok((name.clone(), purpose.clone())),
            other => Err(format!("a row of {} cells: {other:?}", other.len()).into()),
        })
        .collect()
}

/// Decodes the character references of HTML text: `&amp;`, `&lt;`, `&gt;`,
/// `&quot;` and numeric ones (`&#x27;`, `&#39;`).
fn html_unescape(text: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(';')
            .ok_or_else(|| format!("an unterminated reference in {text:?}"))?;
        let reference = &rest[start + 1..start + end];
        let c = match reference {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = reference
                    .strip_prefix("#x")
                    .or_else(|| reference.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16)?
                } else if let Some(decimal) = reference.strip_prefix('#') {
                    decimal.parse()?
                } else {
                    return Err(format!("unknown reference &{reference}; in {text:?}").into());
                };
                char::from_u32(code).ok_or_else(|| format!("bad reference &{reference};"))?
            }
        };
        out.push(c);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The (Third Party, Purpose) pairs of the table `subprocessors.html`
/// renders: each `<tr><td>NAME</td><td>PURPOSE</td></tr>`, decoded.
fn html_pairs(html: &str) -> Result<Vec<(String, String)>, Error> {
    html.split("<tr><td>")
        .skip(1)
        .map(|chunk| {
            let (name, rest) = chunk
                .split_once("</td><td>")
                .ok_or_else(|| format!("a row without two cells: {chunk:?}"))?;
            let (purpose, _) = rest
                .split_once("</td></tr>")
                .ok_or_else(|| format!("an unclosed row: {chunk:?}"))?;
            Ok((html_unescape(name)?, html_unescape(purpose)?))
        })
        .collect()
}

// ---------------------------------------------------------------- the checks

/// The number in the human summary line, "... (N sub-processors checked)".
fn checked_count(fixture: &Fixture) -> Result<usize, Error> {
    let run = fixture.run(&["check", "--as-of", AS_OF, "--quiet"])?;
    let summary = run
        .stdout
        .lines()
        .chain(run.stderr.lines())
        .find(|l| l.contains("checked)"))
        .ok_or_else(|| format!("no summary line in:\n{}{}", run.stdout, run.stderr))?;
    let (_, tail) = summary
        .rsplit_once('(')
        .ok_or_else(|| format!("no count in {summary:?}"))?;
    let number = tail
        .split_whitespace()
        .next()
        .ok_or_else(|| format!("no count in {summary:?}"))?;
    Ok(number.parse()?)
}

/// The error-level findings of `check --format json` as (rule, file),
/// sorted, after asserting the exit code matches them and that no finding
/// is structural.
fn check_errors(fixture: &Fixture, label: &str) -> Result<Vec<(String, String)>, Error> {
    let run = fixture.run(&["check", "--as-of", AS_OF, "--format", "json"])?;
    assert!(
        run.code == 0 || run.code == 1,
        "{label}: check exited {}:\n{}",
        run.code,
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .map_err(|e| format!("{label}: stdout is not JSON ({e}):\n{}", run.stdout))?;
    let found = findings(&report)?;
    let structural: Vec<_> = found
        .iter()
        .filter(|f| STRUCTURAL.contains(&f.1.as_str()))
        .collect();
    assert!(
        structural.is_empty(),
        "{label}: structural findings {structural:#?}"
    );
    let mut errors: Vec<(String, String)> = found
        .into_iter()
        .filter(|f| f.2 == "error")
        .map(|f| (f.1, f.3))
        .collect();
    errors.sort();
    assert_eq!(
        run.code,
        i32::from(!errors.is_empty()),
        "{label}: exit code and errors {errors:?} disagree"
    );
    Ok(errors)
}

/// `(duplicate-subprocessor, file)` for each of `ids`, plus
/// `(document-stale, policy)` while the policy is not yet injected; sorted.
fn expected_errors(duplicate_ids: &[String], stale: bool) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = duplicate_ids
        .iter()
        .map(|id| {
            (
                "duplicate-subprocessor".to_owned(),
                format!("registry/subprocessors/{id}.toml"),
            )
        })
        .collect();
    if stale {
        errors.push(("document-stale".to_owned(), POLICY_PATH.to_owned()));
    }
    errors.sort();
    errors
}

/// Steps 2 and 4: the registry of `rows` checks with no structural finding,
/// counts every row, and its only errors are `duplicate-subprocessor` on
/// exactly the files that repeat an entity (and, before `inject`, the stale
/// policy). Returns the duplicate ids, for the caller to compare with what
/// it knows of the list.
fn check_list(label: &str, rows: &[Row]) -> Result<Vec<String>, Error> {
    let (fixture, ids) = registry(rows)?;
    let duplicate_ids = duplicates(rows, &ids);

    assert_eq!(
        check_errors(&fixture, label)?,
        expected_errors(&duplicate_ids, true),
        "{label}: errors before inject"
    );
    assert_eq!(
        checked_count(&fixture)?,
        rows.len(),
        "{label}: rows checked"
    );

    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert!(
        inject.code == 0 || inject.code == 1,
        "{label}: inject exited {}:\n{}",
        inject.code,
        inject.stderr
    );
    assert_eq!(
        check_errors(&fixture, label)?,
        expected_errors(&duplicate_ids, false),
        "{label}: errors after inject"
    );
    Ok(duplicate_ids)
}

/// Step 3: after `inject`, `inject --check` exits 0, and both `render` and
/// the injected policy show exactly the rows' (name, purpose) pairs in id
/// order, as pulldown-cmark reads the table; `subprocessors.html` shows the
/// values unchanged once its character references are decoded.
fn table_round_trip(label: &str, rows: &[Row]) -> TestResult {
    let (fixture, ids) = registry(rows)?;
    let expected = expected_table(rows, &ids);

    let inject = fixture.run(&["inject", "--as-of", AS_OF])?;
    assert_eq!(inject.code, 0, "{label}: inject:\n{}", inject.stderr);
    let recheck = fixture.run(&["inject", "--check", "--as-of", AS_OF])?;
    assert_eq!(
        recheck.code, 0,
        "{label}: inject --check after inject:\n{}{}",
        recheck.stdout, recheck.stderr
    );

    let render = fixture.run(&["render", "--template", "subprocessors.md", "--as-of", AS_OF])?;
    assert_eq!(render.code, 0, "{label}: render:\n{}", render.stderr);
    let rendered = table_pairs(&render.stdout)?;
    for (i, (got, want)) in rendered.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "{label}: rendered row {i}:\n{}", render.stdout);
    }
    assert_eq!(rendered.len(), expected.len(), "{label}: rendered rows");

    let policy = fixture.read_string(POLICY_PATH)?;
    assert_eq!(table_pairs(&policy)?, expected, "{label}: injected policy");

    // HTML keeps every character of a value, line breaks and blanks included.
    let html = fixture.run(&[
        "render",
        "--template",
        "subprocessors.html",
        "--as-of",
        AS_OF,
    ])?;
    assert_eq!(html.code, 0, "{label}: render html:\n{}", html.stderr);
    let by_id: BTreeMap<&String, &Row> = ids.iter().zip(rows).collect();
    let exact: Vec<(String, String)> = by_id
        .values()
        .map(|row| (row.name.clone(), row.purpose.clone()))
        .collect();
    assert_eq!(html_pairs(&html.stdout)?, exact, "{label}: rendered HTML");
    Ok(())
}

/// `rows` has `count` rows (the parser read the whole list), each with a
/// name and a purpose.
fn counted(label: &str, rows: Vec<Row>, count: usize) -> Result<Vec<Row>, Error> {
    assert_eq!(rows.len(), count, "{label}: rows read");
    for row in &rows {
        assert!(
            !row.name.is_empty() && !row.purpose.is_empty(),
            "{label}: {row:?}"
        );
    }
    Ok(rows)
}

/// The scrape, checked: 47 companies, 846 rows, every row named; 50 rows
/// (affiliates listed by Scale, Databricks, Hebbia, Cyera, Cloudflare and
/// Abnormal) have no service text, and are imported as "Not published".
fn scrape_counted() -> Result<Vec<(String, Vec<Row>)>, Error> {
    let companies = scrape()?;
    assert_eq!(companies.len(), 47, "companies");
    let rows: Vec<&Row> = companies.iter().flat_map(|(_, r)| r).collect();
    assert_eq!(rows.len(), 846, "rows");
    assert!(
        rows.iter().all(|r| !r.name.is_empty()),
        "a row without a name"
    );
    assert_eq!(
        rows.iter().filter(|r| r.purpose.is_empty()).count(),
        50,
        "rows without a purpose"
    );
    // An empty purpose is a schema violation (see
    // `an_empty_purpose_is_a_schema_violation`); import these rows with a
    // visible placeholder, as a legal team would have to.
    let companies = companies
        .into_iter()
        .map(|(company, rows)| {
            let rows = rows
                .into_iter()
                .map(|mut row| {
                    if row.purpose.is_empty() {
                        row.purpose = "Not published".to_owned();
                    }
                    row
                })
                .collect();
            (company, rows)
        })
        .collect();
    Ok(companies)
}

// ---------------------------------------------------------------- the tests

#[test]
fn ids_are_slugs_made_unique() {
    let rows: Vec<Row> = [
        "Microsoft (Azure)",
        "Microsoft (Azure)",
        "  Twilio  (SendGrid) ",
        "***",
    ]
    .into_iter()
    .map(|name| Row {
        name: name.to_owned(),
        ..Row::default()
    })
    .collect();
    assert_eq!(
        ids(&rows),
        [
            "microsoft-azure",
            "microsoft-azure-2",
            "twilio-sendgrid",
            "subprocessor"
        ]
    );
}

#[test]
fn locations_map_place_names_and_assume_us_otherwise() {
    assert_eq!(
        locations("United States, Germany, Iceland").0,
        ["US", "DE", "IS"]
    );
    assert_eq!(locations("EU (Frankfurt, Ireland)").0, ["EU", "DE", "IE"]);
    assert_eq!(locations("USA / EU").0, ["US", "EU"]);
    let (codes, notes) = locations("Varies");
    assert_eq!(
        (codes.as_slice(), notes.len()),
        (["US".to_owned()].as_slice(), 1)
    );
}

#[test]
fn names_with_toml_metacharacters_survive_the_serializer() -> TestResult {
    let row = Row {
        name: "A \"quoted\" \\ back|slash\nnew line 'single' # not a comment".to_owned(),
        purpose: "x = 1 ]] [[transfers]]".to_owned(),
        location: "Varies".to_owned(),
        ..Row::default()
    };
    let text = subprocessor_toml(&row)?;
    let parsed: toml::Table = text.parse()?;
    assert_eq!(parsed["name"].as_str(), Some(row.name.as_str()), "{text}");
    assert_eq!(
        parsed["purposes"].as_array().map(Vec::len),
        Some(1),
        "{text}"
    );
    assert!(
        text.starts_with("# imported: location \"Varies\""),
        "{text}"
    );
    Ok(())
}

#[test]
fn csv_and_html_decoders_read_what_they_must() -> TestResult {
    assert_eq!(
        csv_records("a,\"b, \"\"c\"\"\nd\",\n\"\",e\r\n")?,
        [
            vec!["a".to_owned(), "b, \"c\"\nd".to_owned(), String::new()],
            vec![String::new(), "e".to_owned()],
        ]
    );
    assert_eq!(
        html_unescape("A &amp; B &lt;i&gt; &quot;q&quot; &#x27;s&#39; &#x3D;")?,
        "A & B <i> \"q\" 's' ="
    );
    Ok(())
}

#[test]
fn github_checks() -> TestResult {
    let rows = counted("github", github()?, 30)?;
    // "Microsoft (Azure)" has two rows with different purposes.
    assert_eq!(check_list("github", &rows)?, ["microsoft-azure-2"]);
    Ok(())
}

#[test]
fn github_table_round_trips() -> TestResult {
    table_round_trip("github", &counted("github", github()?, 30)?)
}

#[test]
fn retool_checks() -> TestResult {
    let rows = counted("retool", retool()?, 9)?;
    // "Amazon Web Services, Inc." has a row per Retool service.
    assert_eq!(check_list("retool", &rows)?, ["amazon-web-services-inc-2"]);
    Ok(())
}

#[test]
fn retool_table_round_trips() -> TestResult {
    table_round_trip("retool", &counted("retool", retool()?, 9)?)
}

#[test]
fn bento_checks() -> TestResult {
    let rows = counted("bento", bento()?, 19)?;
    assert_eq!(check_list("bento", &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn bento_table_round_trips() -> TestResult {
    table_round_trip("bento", &counted("bento", bento()?, 19)?)
}

#[test]
fn sage_checks() -> TestResult {
    let rows = counted("sage", sage()?, 13)?;
    assert_eq!(check_list("sage", &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn sage_table_round_trips() -> TestResult {
    table_round_trip("sage", &counted("sage", sage()?, 13)?)
}

#[test]
fn embrace_checks() -> TestResult {
    let rows = counted("embrace", embrace()?, 5)?;
    // "Amazon Web Services, Inc" is listed for the US and for the EU region.
    assert_eq!(check_list("embrace", &rows)?, ["amazon-web-services-inc-2"]);
    Ok(())
}

#[test]
fn embrace_table_round_trips() -> TestResult {
    table_round_trip("embrace", &counted("embrace", embrace()?, 5)?)
}

#[test]
fn basecamp_checks() -> TestResult {
    let rows = counted("basecamp", basecamp()?, 11)?;
    assert_eq!(check_list("basecamp", &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn basecamp_table_round_trips() -> TestResult {
    table_round_trip("basecamp", &counted("basecamp", basecamp()?, 11)?)
}

#[test]
fn gruntwork_checks() -> TestResult {
    let rows = counted("gruntwork", gruntwork()?, 11)?;
    assert_eq!(check_list("gruntwork", &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn gruntwork_table_round_trips() -> TestResult {
    table_round_trip("gruntwork", &counted("gruntwork", gruntwork()?, 11)?)
}

#[test]
fn deltagreen_checks() -> TestResult {
    let rows = counted("deltagreen", deltagreen()?, 6)?;
    assert_eq!(check_list("deltagreen", &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn deltagreen_table_round_trips() -> TestResult {
    table_round_trip("deltagreen", &counted("deltagreen", deltagreen()?, 6)?)
}

/// The files of the scrape that repeat an entity, per company: mostly one
/// provider listed once per region or per service.
const SCRAPE_DUPLICATES: [(&str, &[&str]); 11] = [
    (
        "Abnormal",
        &[
            "amazon-web-services-inc-2",
            "microsoft-azure-2",
            "microsoft-azure-openai-2",
        ],
    ),
    ("Crescendo", &["google-llc-2", "google-llc-3"]),
    ("Databricks", &["microsoft-corporation-2"]),
    ("Datadog", &["google-llc-2"]),
    ("Datarobot", &["amazon-web-services-inc-2", "google-llc-2"]),
    ("GitHub", &["microsoft-azure-2"]),
    (
        "Langfuse",
        &[
            "amazon-web-services-inc-2",
            "amazon-web-services-inc-3",
            "clickhouse-inc-2",
            "clickhouse-inc-3",
            "cloudflare-inc-2",
            "datadog-inc-2",
            "functional-software-inc-d-b-a-sentry-2",
            "google-llc-2",
            "posthog-inc-2",
        ],
    ),
    (
        "Snowflake",
        &[
            "amazon-web-services-2",
            "amazon-web-services-3",
            "amazon-web-services-4",
        ],
    ),
    (
        "Super",
        &[
            "amazon-web-services-inc-2",
            "google-inc-2",
            "microsoft-azure-2",
            "microsoft-azure-3",
            "microsoft-azure-4",
            "microsoft-azure-5",
            "microsoft-azure-6",
        ],
    ),
    (
        "Tray",
        &[
            "amazon-web-services-inc-2",
            "amazon-web-services-inc-3",
            "datadog-inc-2",
            "datadog-inc-3",
            "plan-nr-ltd-2",
            "plan-nr-ltd-3",
        ],
    ),
    (
        "Zapier",
        &["amazon-web-services-inc-aws-2", "google-cloud-2"],
    ),
];

#[test]
fn scrape_checks() -> TestResult {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (company, rows) in scrape_counted()? {
        let duplicate_ids = check_list(&company, &rows)?;
        if !duplicate_ids.is_empty() {
            found.insert(company, duplicate_ids);
        }
    }
    let expected: BTreeMap<String, Vec<String>> = SCRAPE_DUPLICATES
        .iter()
        .map(|(c, ids)| (c.to_string(), ids.iter().map(|i| i.to_string()).collect()))
        .collect();
    assert_eq!(found, expected);
    Ok(())
}

/// Retool's "Relevant Retool Services" column breaks lines with `<br />`:
/// imported as the purpose, each break is a newline in the TOML string and
/// one space in the table.
#[test]
fn retool_services_with_line_breaks_round_trip() -> TestResult {
    let rows = table_rows(
        &fixture("02-retool.md")?,
        &Columns {
            name: &["Entity Name"],
            // The first table has the services column, the second only purposes.
            purpose: &["Relevant Retool Services", "Purpose of Processing"],
            location: &["Location of Subprocessors"],
            corporate: None,
        },
    )?;
    let rows = counted("retool services", rows, 9)?;
    assert_eq!(
        rows.iter().filter(|r| r.purpose.contains('\n')).count(),
        2,
        "{rows:#?}"
    );
    table_round_trip("retool services", &rows)
}

#[test]
fn scrape_tables_round_trip() -> TestResult {
    for (company, rows) in scrape_counted()? {
        table_round_trip(&company, &rows)?;
    }
    Ok(())
}
