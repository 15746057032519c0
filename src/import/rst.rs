//! reStructuredText lists: grid tables, simple tables and `list-table`
//! directives, each under the section title before it (docutils' table
//! syntax; no rST crate is kept well enough to depend on).

use super::read::{Read, Row, Table};

/// Reads the tables of `text`.
#[must_use]
pub fn read(text: &str) -> Read {
    let lines: Vec<&str> = text.lines().collect();
    let mut read = Read::default();
    let mut section: Option<String> = None;
    let mut in_table = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(title) = title_at(&lines, i) {
            section = Some(title);
            i += 2;
            continue;
        }
        let end = if trimmed.starts_with("+-") || trimmed.starts_with("+=") {
            grid(&lines, i, &section).map(|(t, end)| {
                read.tables.push(t);
                end
            })
        } else if is_simple_border(trimmed) {
            simple(&lines, i, &section).map(|(t, end)| {
                read.tables.push(t);
                end
            })
        } else if trimmed.starts_with(".. list-table::") {
            list_table(&lines, i, &section).map(|(t, end)| {
                read.tables.push(t);
                end
            })
        } else {
            None
        };
        match end {
            Some(end) => {
                for flag in in_table.iter_mut().take(end).skip(i) {
                    *flag = true;
                }
                i = end;
            }
            None => i += 1,
        }
    }
    read.date_lines = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_table[*i])
        .map(|(i, l)| (i + 1, (*l).to_owned()))
        .collect();
    read
}

/// A section title at line `i`: text over a line of one repeated
/// punctuation character at least as long.
fn title_at(lines: &[&str], i: usize) -> Option<String> {
    let text = lines.get(i)?.trim_end();
    let under = lines.get(i + 1)?.trim_end();
    let first = under.chars().next()?;
    let punct = "=-~^\"'`#*+:.";
    // After a blank line (or at the start), as docutils requires.
    let after_blank = i == 0 || lines.get(i - 1).is_some_and(|l| l.trim().is_empty());
    (after_blank
        && !text.trim().is_empty()
        && !text.starts_with(' ')
        && !text.starts_with(['+', '|', '='])
        && punct.contains(first)
        && under.chars().all(|c| c == first)
        && under.chars().count() >= text.chars().count())
    .then(|| text.trim().to_owned())
}

fn is_simple_border(line: &str) -> bool {
    line.starts_with("==") && line.chars().all(|c| c == '=' || c == ' ') && line.contains(" =")
}

/// A grid table starting at line `start`: its table and the line after it.
fn grid(lines: &[&str], start: usize, section: &Option<String>) -> Option<(Table, usize)> {
    let indent = lines[start].len() - lines[start].trim_start().len();
    let border = lines[start].trim_end();
    // Column boundaries: the `+` of the first border.
    let cuts: Vec<usize> = border
        .char_indices()
        .filter(|(_, c)| *c == '+')
        .map(|(i, _)| i)
        .collect();
    if cuts.len() < 2 {
        return None;
    }
    let mut table = Table::default();
    let mut current: Option<(usize, Vec<String>)> = None;
    let mut header_seen = false;
    let mut end = start + 1;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    while end < lines.len() {
        let line = lines[end];
        // Columns count characters (the border is ASCII): `Über` is as wide as `Uber`.
        let body: String = line.chars().skip(indent).collect();
        let body = body.trim_end();
        if body.starts_with('+') {
            if let Some(row) = current.take() {
                rows.push(row);
            }
            if body.starts_with("+=") {
                header_seen = true;
                table.headers = rows.drain(..).map(|(_, c)| c).next().unwrap_or_default();
            }
            end += 1;
            continue;
        }
        if !body.starts_with('|') {
            break;
        }
        let cells: Vec<String> = cuts
            .windows(2)
            .map(|w| columns(body, w[0] + 1, w[1]).trim().to_owned())
            .collect();
        let row = current.get_or_insert_with(|| (end + 1, vec![String::new(); cuts.len() - 1]));
        for (cell, part) in row.1.iter_mut().zip(cells) {
            if !part.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&part);
            }
        }
        end += 1;
    }
    if let Some(row) = current.take() {
        rows.push(row);
    }
    if !header_seen && !rows.is_empty() {
        table.headers = rows.remove(0).1;
    }
    Some((finish(table, rows, section), end))
}

/// A simple table (`=====  =====` borders) starting at line `start`.
fn simple(lines: &[&str], start: usize, section: &Option<String>) -> Option<(Table, usize)> {
    let border = lines[start];
    // Column spans: the runs of `=`.
    let mut spans = Vec::new();
    let mut open = None;
    for (i, c) in border
        .char_indices()
        .chain(std::iter::once((border.len(), ' ')))
    {
        match (c == '=', open) {
            (true, None) => open = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                open = None;
            }
            _ => {}
        }
    }
    if spans.len() < 2 {
        return None;
    }
    let cell = |line: &str, k: usize| -> String {
        let from = spans[k].0;
        // The last column runs to the end of the line.
        let to = spans.get(k + 1).map_or(usize::MAX, |s| s.0);
        columns(line, from, to).trim().to_owned()
    };
    let mut table = Table::default();
    let mut end = start + 1;
    let mut borders = 1;
    let mut body: Vec<(usize, Vec<String>)> = Vec::new();
    while end < lines.len() {
        let line = lines[end];
        if is_simple_border(line.trim()) {
            borders += 1;
            end += 1;
            if borders == 2 && table.headers.is_empty() {
                table.headers = body.drain(..).map(|(_, c)| c).next().unwrap_or_default();
                continue;
            }
            break;
        }
        if line.trim().is_empty() {
            end += 1;
            continue;
        }
        let cells: Vec<String> = (0..spans.len()).map(|k| cell(line, k)).collect();
        // A line whose first column is blank continues the row above.
        match body.last_mut() {
            Some((_, previous)) if cells[0].is_empty() => {
                for (p, c) in previous.iter_mut().zip(cells) {
                    if !c.is_empty() {
                        p.push(' ');
                        p.push_str(&c);
                    }
                }
            }
            _ => body.push((end + 1, cells)),
        }
        end += 1;
    }
    Some((finish(table, body, section), end))
}

/// A `.. list-table::` directive starting at line `start`; its first row
/// is the header when `:header-rows: 1` (the usual case) or not given.
fn list_table(lines: &[&str], start: usize, section: &Option<String>) -> Option<(Table, usize)> {
    let mut end = start + 1;
    let mut header_rows = 1;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    while end < lines.len() {
        let line = lines[end];
        let trimmed = line.trim();
        if !line.is_empty() && !line.starts_with(' ') && !line.starts_with('\t') {
            break;
        }
        if let Some(n) = trimmed.strip_prefix(":header-rows:") {
            header_rows = n.trim().parse().unwrap_or(1);
        } else if let Some(first) = trimmed.strip_prefix("* - ") {
            rows.push((end + 1, vec![first.trim().to_owned()]));
        } else if let Some(next) = trimmed.strip_prefix("- ") {
            if let Some((_, cells)) = rows.last_mut() {
                cells.push(next.trim().to_owned());
            }
        } else if trimmed == "-" {
            if let Some((_, cells)) = rows.last_mut() {
                cells.push(String::new());
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with(':') {
            // A cell's continuation line.
            if let Some(cell) = rows.last_mut().and_then(|(_, c)| c.last_mut()) {
                cell.push(' ');
                cell.push_str(trimmed);
            }
        }
        end += 1;
    }
    let mut table = Table::default();
    if header_rows > 0 && !rows.is_empty() {
        table.headers = rows.remove(0).1;
    }
    Some((finish(table, rows, section), end))
}

fn row(line: usize, section: &Option<String>, cells: Vec<String>) -> Row {
    let (cells, links) = cells.iter().map(|c| links_as_text(c)).unzip();
    Row {
        line,
        section: section.clone(),
        links,
        cells,
        lead: None,
        struck: false,
    }
}

/// rST inline links (`` `Stripe <https://stripe.com>`_ ``) as their text,
/// and their URLs.
fn links_as_text(cell: &str) -> (String, Vec<String>) {
    let mut out = cell.to_owned();
    let mut urls = Vec::new();
    while let (Some(open), Some(close)) = (out.find('`'), out.find(">`_")) {
        if close < open {
            break;
        }
        let inner = &out[open + 1..close];
        let (text, url) = inner.split_once(" <").unwrap_or((inner, ""));
        let text = text.trim().to_owned();
        if !url.is_empty() {
            urls.push(url.trim().to_owned());
        }
        let tail = out[close + 3..].trim_start_matches('_').to_owned();
        out = format!("{}{}{}", &out[..open], text, tail);
    }
    (out, urls)
}

/// The characters of `line` from column `from` up to column `to`.
fn columns(line: &str, from: usize, to: usize) -> String {
    line.chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect()
}

/// `table` with `rows` (line, cells) as its rows under `section`.
fn finish(mut table: Table, rows: Vec<(usize, Vec<String>)>, section: &Option<String>) -> Table {
    table.rows = rows
        .into_iter()
        .map(|(line, cells)| row(line, section, cells))
        .collect();
    table
}
