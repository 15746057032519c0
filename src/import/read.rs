//! Published lists in their formats, read into tables of text: Markdown
//! and MDX (GFM tables, bullet lists), CSV, JSON and YAML (arrays of
//! objects). What a cell means is decided later, from its header.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::ImportError;

/// A format the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with GFM tables; MDX too (its JSX lines are skipped as HTML).
    Markdown,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// A JSON array of objects, or an object holding one.
    Json,
    /// A YAML sequence of mappings, or a mapping holding one.
    Yaml,
    /// HTML tables, each under the heading before it.
    Html,
    /// reStructuredText grid and simple tables and `list-table` directives.
    Rst,
}

impl Format {
    /// The format a file name's extension names: `md`, `markdown`, `mdx`,
    /// `csv`, `json`, `yaml` / `yml`, `html` / `htm`, `rst`.
    #[must_use]
    pub fn of(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" | "mdx" => Some(Self::Markdown),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            "yaml" | "yml" => Some(Self::Yaml),
            "html" | "htm" => Some(Self::Html),
            "rst" | "rest" => Some(Self::Rst),
            _ => None,
        }
    }
}

/// One table of a published list.
#[derive(Debug, Default)]
pub struct Table {
    /// Its column headers (or JSON / YAML keys), as published.
    pub headers: Vec<String>,
    /// The level (1-6) of the heading it is under, when it is under one.
    pub level: Option<usize>,
    /// Its rows.
    pub rows: Vec<Row>,
    /// Where a Markdown table stands in its file: its 1-based first and
    /// last line.
    pub lines: Option<(usize, usize)>,
    /// The 1-based line of the heading it is under, when it is under one.
    pub heading_line: Option<usize>,
    /// A Markdown table's header and delimiter rows as published, padding
    /// and all.
    pub head: Option<String>,
}

/// One row (or list item, or object) of a published list.
#[derive(Debug, Default, Clone)]
pub struct Row {
    /// Its 1-based line in the file.
    pub line: usize,
    /// The heading it is under, if any.
    pub section: Option<String>,
    /// One text per header of its table ("" where it has none).
    pub cells: Vec<String>,
    /// The URLs of the links in each cell.
    pub links: Vec<Vec<String>>,
    /// For a list item, the sentence before its list ("These
    /// subprocessors are located in the EU:"), which may say where they are.
    pub lead: Option<String>,
    /// Whether its first cell is struck through (`~~Oldco~~`): a
    /// sub-processor the list shows as removed.
    pub struck: bool,
}

impl Row {
    /// A row of `cells` at `line`, under `section`, with no link.
    #[must_use]
    pub fn of(line: usize, section: Option<String>, cells: Vec<String>) -> Self {
        Self {
            line,
            section,
            links: vec![Vec::new(); cells.len()],
            cells,
            lead: None,
            struck: false,
        }
    }
}

/// What a file holds.
#[derive(Debug, Default)]
pub struct Read {
    /// Its tables, in published order.
    pub tables: Vec<Table>,
    /// Things seen and not read, with their line: for the review.
    pub skipped: Vec<(usize, String)>,
    /// Where a list's own date may be written, with its line: prose
    /// lines of a document (not table rows), a JSON or YAML list's
    /// top-level values as `key value`; a CSV file has none.
    pub date_lines: Vec<(usize, String)>,
}

/// Reads `text` as `format`.
///
/// # Errors
/// [`ImportError::Syntax`] when the text is not valid in its format (CSV
/// with a broken quote, JSON or YAML that does not parse).
pub fn read(text: &str, format: Format) -> Result<Read, ImportError> {
    let mut read = read_format(text, format)?;
    if format == Format::Markdown {
        for table in &mut read.tables {
            for text in table.rows.iter_mut().flat_map(|r| {
                r.cells
                    .iter_mut()
                    .chain(r.section.iter_mut())
                    .chain(r.lead.iter_mut())
            }) {
                *text = without_mdx_comments(text);
            }
        }
    }
    sanitise(&mut read);
    Ok(read)
}

/// `text` without MDX comments (`{/* ... */}`), which a page does not
/// show: no part of a name or a place.
fn without_mdx_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{/*") {
        let Some(close) = rest[open..].find("*/}") else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 3..];
    }
    out.push_str(rest);
    if out.len() == text.len() {
        return out;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest cell a registry value takes from a list, in characters; a
/// longer one is cut and reported (a registry file must stay readable).
pub const MAX_CELL_CHARS: usize = 2000;

/// Every cell and section without the characters a registry value may not
/// hold (controls, direction controls, invisible characters; a tab is a
/// blank), and no longer than [`MAX_CELL_CHARS`]: each change reported
/// once per row.
fn sanitise(read: &mut Read) {
    let mut notes = Vec::new();
    for table in &mut read.tables {
        for row in &mut table.rows {
            let mut removed = 0;
            let mut cut = false;
            for cell in row
                .cells
                .iter_mut()
                .chain(row.section.iter_mut())
                .chain(row.lead.iter_mut())
            {
                let (clean, n) = without_refused(cell);
                removed += n;
                *cell = clean;
                if let Some((at, _)) = cell.char_indices().nth(MAX_CELL_CHARS) {
                    cell.truncate(at);
                    cut = true;
                }
            }
            if removed > 0 {
                notes.push((
                    row.line,
                    format!("{removed} control or invisible characters were removed from this row"),
                ));
            }
            if cut {
                notes.push((
                    row.line,
                    format!("a cell of this row was cut to its first {MAX_CELL_CHARS} characters"),
                ));
            }
        }
        for header in &mut table.headers {
            *header = without_refused(header).0;
        }
    }
    read.skipped.extend(notes);
}

/// `text` without the characters [`crate::diag::visible::refused_chars`]
/// refuses in a one-line value (a tab becomes a blank), and how many went.
fn without_refused(text: &str) -> (String, usize) {
    let text = text.replace('\t', " ");
    let refused: Vec<usize> = crate::diag::visible::refused_chars(&text, false)
        .map(|(at, _, _)| at)
        .collect();
    if refused.is_empty() {
        return (text, 0);
    }
    let kept: String = text
        .char_indices()
        .filter(|(at, _)| !refused.contains(at))
        .map(|(_, c)| c)
        .collect();
    (
        kept.split_whitespace().collect::<Vec<_>>().join(" "),
        refused.len(),
    )
}

fn read_format(text: &str, format: Format) -> Result<Read, ImportError> {
    match format {
        Format::Markdown => Ok(markdown(text)),
        Format::Rst => Ok(super::rst::read(text)),
        Format::Html => Ok(Read {
            tables: super::html::tables(text, text, 1, None),
            date_lines: prose_lines(text),
            ..Read::default()
        }),
        Format::Csv => csv(text),
        Format::Json => {
            let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
                line: e.line(),
                message: e.to_string(),
            })?;
            Ok(objects(&value, text))
        }
        Format::Yaml => {
            yaml_is_tame(text)?;
            let docs =
                yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| ImportError::Syntax {
                    line: e.marker().line(),
                    message: e.to_string(),
                })?;
            let value = docs.first().map_or(Value::Null, yaml_to_json);
            Ok(objects(&value, text))
        }
    }
}

fn markdown(text: &str) -> Read {
    let index = Lines::new(text);
    let line_of = |offset: usize| index.line_at(offset);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    // Inside `<sup>...</sup>`: a footnote mark, no part of the value.
    let mut in_sup = false;
    // Inside `~~...~~`, and whether the cell has text outside it.
    let mut in_strike = false;
    let mut plain_in_cell = false;
    let mut read = Read::default();
    let mut section: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut heading_level: Option<usize> = None;
    let mut heading_line = 0;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<(String, Vec<String>)> = None;
    // Bullet lists: (item text, first link, whether the item starts with it).
    let mut items: Vec<Item> = Vec::new();
    let mut item: Option<Item> = None;
    let mut list_depth = 0usize;
    let mut paragraph: Option<String> = None;
    let mut lead: Option<String> = None;
    // An HTML block (a `<table>` pasted into the document): its first line
    // and text.
    let mut html_block: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let text_of =
            |t: &str, cell: &mut Option<(String, Vec<String>)>, item: &mut Option<Item>| {
                if let Some((c, _)) = cell.as_mut() {
                    c.push_str(t);
                }
                if let Some(i) = item.as_mut() {
                    i.text.push_str(t);
                }
            };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(String::new());
                heading_level = Some(level as usize);
                heading_line = line_of(range.start);
            }
            Event::End(TagEnd::Heading(_)) => {
                section = heading
                    .take()
                    .map(|h| h.trim().to_owned())
                    .filter(|h| !h.is_empty());
            }
            Event::Start(Tag::Paragraph) if list_depth == 0 => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) if list_depth == 0 => lead = paragraph.take(),
            Event::Start(Tag::Table(_)) => {
                let first = line_of(range.start);
                let head = text[range.clone()].split_inclusive('\n').take(2).collect();
                table = Some(Table {
                    level: section.as_ref().and(heading_level),
                    lines: Some((first, first)),
                    heading_line: section.is_some().then_some(heading_line),
                    head: Some(head),
                    ..Table::default()
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(mut t) = table.take() {
                    let last = line_of(range.end.saturating_sub(1).max(range.start));
                    t.lines = t.lines.map(|(first, _)| (first, last));
                    read.tables.push(header_in_first_row(t));
                }
            }
            Event::Start(Tag::TableHead) => {
                row = Some(Row::default());
            }
            Event::Start(Tag::TableRow) => {
                row = Some(Row {
                    line: line_of(range.start),
                    section: section.clone(),
                    ..Row::default()
                });
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.headers = r.cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some((String::new(), Vec::new()));
                plain_in_cell = false;
            }
            Event::Start(Tag::Strikethrough) => in_strike = true,
            Event::End(TagEnd::Strikethrough) => in_strike = false,
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some((c, links))) = (row.as_mut(), cell.take()) {
                    if r.cells.is_empty() && !c.trim().is_empty() && !plain_in_cell {
                        r.struck = true;
                    }
                    r.cells
                        .push(c.split_whitespace().collect::<Vec<_>>().join(" "));
                    r.links.push(links);
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    lead = None;
                }
            }
            Event::Start(Tag::Item) if list_depth == 1 => {
                item = Some(Item {
                    line: line_of(range.start),
                    section: section.clone(),
                    lead: lead.clone(),
                    ..Item::default()
                });
            }
            Event::End(TagEnd::Item) if list_depth == 1 => items.extend(item.take()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, links)) = cell.as_mut() {
                    links.push(dest_url.to_string());
                }
                if let Some(i) = item.as_mut()
                    && i.link.is_none() {
                        i.link = Some((dest_url.to_string(), i.text.trim().is_empty()));
                        i.link_text_start = i.text.len();
                    }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = item.as_mut()
                    && i.link_text_end.is_none() {
                        i.link_text_end = Some(i.text.len());
                    }
            }
            Event::Start(Tag::Strong) => {
                if let Some(i) = item.as_mut()
                    && i.strong.is_none() && i.text.trim().is_empty() {
                        i.strong = Some((i.text.len(), None));
                    }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(i) = item.as_mut()
                    && let Some((_, end @ None)) = i.strong.as_mut() {
                        *end = Some(i.text.len());
                    }
            }
            Event::Text(_) if in_sup => {}
            Event::FootnoteReference(_) => {}
            Event::InlineHtml(html) if html.trim().eq_ignore_ascii_case("<sup>") => in_sup = true,
            Event::InlineHtml(html) if html.trim().eq_ignore_ascii_case("</sup>") => in_sup = false,
            Event::Text(t) | Event::Code(t) => {
                if cell.is_some() && !in_strike && !t.trim().is_empty() {
                    plain_in_cell = true;
                }
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t);
                }
                if list_depth <= 1 {
                    text_of(&t, &mut cell, &mut item);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
                text_of(" ", &mut cell, &mut item);
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((line_of(range.start), String::new())),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((line, html)) = html_block.take() {
                    read.tables.extend(super::html::tables(&html, text, line, section.clone()));
                }
            }
            Event::Html(html) if html_block.is_some() => {
                if let Some((_, block)) = html_block.as_mut() {
                    block.push_str(&html);
                }
            }
            Event::InlineHtml(html) | Event::Html(html)
                // `<br>` inside a cell separates words; other tags carry none.
                if html.trim_start().to_ascii_lowercase().starts_with("<br") => {
                    text_of(" ", &mut cell, &mut item);
                }
            _ => {}
        }
    }
    read.date_lines = prose_lines(text);
    if read.tables.is_empty() {
        let mut list = Table {
            headers: ["name", "purpose", "website"].map(str::to_owned).to_vec(),
            level: None,
            ..Table::default()
        };
        for item in items {
            match item.entry() {
                Some(row) => list.rows.push(row),
                None => read.skipped.push((
                    item.line,
                    format!(
                        "the list item `{}` starts with no name (a link, bold text, or a name before `:` or ` - `)",
                        short(&item.text)
                    ),
                )),
            }
        }
        if !list.rows.is_empty() {
            read.tables.push(list);
        }
    }
    read
}

/// A bullet list item being read.
#[derive(Debug, Default)]
struct Item {
    line: usize,
    section: Option<String>,
    lead: Option<String>,
    text: String,
    /// The first link's URL, and whether the item starts with it.
    link: Option<(String, bool)>,
    link_text_start: usize,
    link_text_end: Option<usize>,
    /// Bold text at the start: its byte range in `text`.
    strong: Option<(usize, Option<usize>)>,
}

impl Item {
    /// The item as a row of name, purpose and website, with the sentence
    /// before its list; `None` when no name can be told.
    fn entry(&self) -> Option<Row> {
        let text = self.text.trim_end();
        let (name, rest, website) = match (&self.link, self.link_text_end, self.strong) {
            (Some((url, true)), Some(end), _) => (
                text.get(self.link_text_start..end)?.trim().to_owned(),
                text.get(end..).unwrap_or(""),
                url.clone(),
            ),
            (_, _, Some((start, Some(end)))) => (
                text.get(start..end)?.trim().to_owned(),
                text.get(end..).unwrap_or(""),
                self.link
                    .as_ref()
                    .map(|(u, _)| u.clone())
                    .unwrap_or_default(),
            ),
            _ => {
                let (name, rest) = [" – ", " — ", " - ", ": "]
                    .iter()
                    .find_map(|sep| text.split_once(sep))?;
                (name.trim().to_owned(), rest, String::new())
            }
        };
        if name.is_empty() {
            return None;
        }
        let purpose = rest
            .trim_start_matches(|c: char| c.is_whitespace() || ".,:;–—-".contains(c))
            .trim_end_matches('.')
            .trim()
            .to_owned();
        Some(Row {
            line: self.line,
            section: self.section.clone(),
            cells: vec![name, purpose, website],
            links: vec![Vec::new(); 3],
            lead: self.lead.clone(),
            struck: false,
        })
    }
}

/// A table whose header row is blank and whose first row holds the
/// headers (word processors export such tables): that row as headers.
fn header_in_first_row(mut table: Table) -> Table {
    if table.headers.iter().all(|h| h.trim().is_empty()) && !table.rows.is_empty() {
        let first = table.rows.remove(0);
        table.headers = first.cells;
        table.head = None;
    }
    table
}

fn csv(text: &str) -> Result<Read, ImportError> {
    // A quote left open swallows the rest of the file into one cell.
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        let line = text
            .lines()
            .position(|l| l.bytes().filter(|b| *b == b'"').count() % 2 == 1)
            .map_or(1, |i| i + 1);
        return Err(ImportError::Syntax {
            line,
            message: format!("line {line}: a quote (\") is opened and never closed"),
        });
    }
    // The delimiter the header line uses most: `,`, or `;` (as spreadsheets
    // in German, French, Italian and Spanish save CSV), or a tab.
    let header = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut table = Table {
        headers,
        level: None,
        ..Table::default()
    };
    // Lines from the record's byte offset, past the line breaks it starts
    // at: after a CRLF ending the reader's record begins at the `\n`, and
    // its own line count takes CRLF for two breaks.
    let index = Lines::new(text);
    let start = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.find(|c| c != '\r' && c != '\n'))
            .map_or(at, |skip| at + skip)
    };
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .map_or(0, |at| index.line_at(start(at)));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        table.rows.push(Row::of(line, None, cells));
    }
    Ok(Read {
        tables: vec![table],
        ..Read::default()
    })
}

fn csv_error(e: ::csv::Error) -> ImportError {
    ImportError::Syntax {
        line: e
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0)),
        message: e.to_string(),
    }
}

/// The array of objects in `value` (itself, or the largest array of
/// objects among its keys) as a table whose headers are the keys in order
/// of first appearance.
fn objects(value: &Value, text: &str) -> Read {
    // The list itself, or every array of objects among the top-level
    // keys (one table each, as a page lists its sections): none dropped.
    let lists: Vec<&Vec<Value>> = match value {
        Value::Array(items) => vec![items],
        Value::Object(map) => map
            .values()
            .filter_map(Value::as_array)
            .filter(|a| a.iter().any(Value::is_object))
            .collect(),
        _ => Vec::new(),
    };
    let mut table = Table::default();
    let mut read = Read::default();
    if let Value::Object(map) = value {
        for (key, v) in map {
            if let Value::String(s) = v {
                let line = text
                    .find(s.as_str())
                    .map_or(0, |i| text[..i].matches('\n').count() + 1);
                read.date_lines.push((line, format!("{key} {s}")));
            }
        }
    }
    if lists.len() > 1 {
        for list in lists {
            let mut one = objects(&Value::Array(list.clone()), text);
            read.tables.append(&mut one.tables);
        }
        return read;
    }
    let Some(list) = lists.first().copied() else {
        // No array of objects: an HTML table inside a string value (a
        // page body kept in YAML front matter or a CMS export).
        for html in strings(value).into_iter().filter(|s| s.contains("<table")) {
            let line = text
                .find(html.lines().next().unwrap_or(""))
                .map_or(1, |i| Lines::new(text).line_at(i));
            read.tables
                .extend(super::html::tables(html, text, line, None));
        }
        return read;
    };
    for item in list {
        if let Value::Object(map) = item {
            for key in map.keys() {
                if !table.headers.contains(key) {
                    table.headers.push(key.clone());
                }
            }
        }
    }
    let mut lines = Lines::new(text);
    for item in list {
        let Value::Object(map) = item else {
            continue;
        };
        let cells: Vec<String> = table
            .headers
            .iter()
            .map(|h| map.get(h).map(scalar_text).unwrap_or_default())
            .collect();
        let line = lines.row(&cells, 0);
        table.rows.push(Row::of(line, None, cells));
    }
    read.tables.push(table);
    read
}

/// A JSON value as cell text: strings as they are, lists joined by `, `.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn yaml_to_json(yaml: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// `text` shortened for a message: its first 60 characters.
fn short(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_owned(),
    }
}

/// The lines of a document that are no table row (a GFM row starts with
/// `|`, an HTML one holds `<td` or `<th`), numbered from 1: where a list's
/// date may be written.
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            !l.starts_with('|') && !l.contains("<td") && !l.contains("<th")
        })
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

/// Every string inside `value`, in document order.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Refuses YAML that would take the parser's memory or stack: aliases
/// (`*name`, which the parser expands, so nine levels of nine make a
/// billion nodes) and nesting deeper than 64 levels. A published list
/// uses neither.
fn yaml_is_tame(text: &str) -> Result<(), ImportError> {
    for (i, line) in text.lines().enumerate() {
        let content = line.split(" #").next().unwrap_or(line);
        let alias = content.char_indices().any(|(at, c)| {
            c == '*'
                && (at == 0 || content[..at].ends_with([' ', '[', ',', '{', ':', '-']))
                && content[at + 1..].starts_with(|c: char| c.is_alphanumeric())
        });
        if alias {
            return Err(ImportError::Syntax {
                line: i + 1,
                message: format!(
                    "line {}: a YAML alias (`*name`); write the values out",
                    i + 1
                ),
            });
        }
        let indent = line.len() - line.trim_start().len();
        let dashes = line.trim_start().matches("- ").count();
        let brackets = line.chars().filter(|c| matches!(c, '[' | '{')).count();
        if indent / 2 + dashes + brackets > 64 {
            return Err(ImportError::Syntax {
                line: i + 1,
                message: format!("line {}: nested deeper than 64 levels", i + 1),
            });
        }
    }
    Ok(())
}

/// Finds the line each row of a list is written on, row after row: where
/// its first value stands, after the previous row's (formats whose parser
/// gives no positions: JSON, YAML, HTML).
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    from: usize,
}

impl<'t> Lines<'t> {
    /// A cursor at the start of `text`.
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            starts,
            from: 0,
        }
    }

    /// The 1-based line of the first non-empty cell of `cells` after the
    /// previous row's, or `default` when it is not found.
    pub fn row(&mut self, cells: &[String], default: usize) -> usize {
        let first = cells
            .iter()
            .find(|c| !c.is_empty())
            .map_or("", String::as_str);
        let at = self
            .text
            .get(self.from..)
            .and_then(|rest| rest.find(first))
            .map(|i| self.from + i);
        match at {
            Some(i) => {
                self.from = i + first.len();
                self.line_at(i)
            }
            None => default,
        }
    }

    /// The 1-based line of byte `at`.
    #[must_use]
    pub fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }
}
