//! HTML tables of a published list (a page saved as HTML, or HTML inside a
//! Markdown document or a JSON / YAML string), parsed as browsers parse
//! them (html5ever, through scraper).

use scraper::{ElementRef, Html, Selector};

use super::read::{Row, Table};

/// The tables of `html`, each under the heading before it (`section`
/// before the first one); `offset` is the 1-based line `html` starts on in
/// its file, and `file` that file's text, to give each row the line its
/// first cell is on.
#[must_use]
pub fn tables(html: &str, file: &str, offset: usize, section: Option<String>) -> Vec<Table> {
    let document = Html::parse_fragment(html);
    let Ok(blocks) = Selector::parse("h1, h2, h3, h4, h5, h6, table") else {
        return Vec::new();
    };
    let mut section = section;
    let mut out = Vec::new();
    let mut lines = super::read::Lines::new(file);
    for block in document.select(&blocks) {
        let name = block.value().name();
        if name.starts_with('h') {
            section = Some(text(block)).filter(|s| !s.is_empty());
            continue;
        }
        let mut table = Table::default();
        for row in rows(block) {
            let cells: Vec<ElementRef<'_>> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let is_head = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
            let texts: Vec<String> = cells.iter().map(|c| text(*c)).collect();
            if table.headers.is_empty() && (is_head || table.rows.is_empty() && !texts.is_empty()) {
                table.headers = texts;
                continue;
            }
            if texts.iter().all(String::is_empty) {
                continue;
            }
            let links = cells.iter().map(|c| links(*c)).collect();
            let line = lines.row(&texts, offset);
            table.rows.push(Row {
                line,
                section: section.clone(),
                cells: texts,
                links,
                lead: None,
                struck: false,
            });
        }
        if !table.headers.is_empty() {
            out.push(table);
        }
    }
    out
}

/// The `tr` of a table, its own only (not those of a table inside a cell).
fn rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// An element's text, blanks collapsed: `<br>` and block elements
/// separate words; a `<sup>` footnote mark is left out.
fn text(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        if let Some(text) = node.value().as_text() {
            let in_sup = node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "sup"));
            if !in_sup {
                out.push_str(text);
            }
        } else if let Some(e) = node.value().as_element()
            && matches!(e.name(), "br" | "p" | "div" | "li" | "ul" | "ol")
        {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `href` of every link in an element.
fn links(element: ElementRef<'_>) -> Vec<String> {
    let Ok(anchor) = Selector::parse("a[href]") else {
        return Vec::new();
    };
    element
        .select(&anchor)
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_owned)
        .collect()
}
