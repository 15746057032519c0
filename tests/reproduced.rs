//! Real published lists reproduced from a registry: for each list in
//! `tests/fixtures/real-lists/`, a registry and a template in
//! `tests/fixtures/reproduced/<list>/` render the list again, compared
//! block for block through a GFM parser (pulldown-cmark): the same headings,
//! the same table cells in the same order, the same paragraphs. Layout
//! (column padding, blank lines) is not content and is not compared.

mod common;

use common::{Error, TestResult, repo_root, run_in};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a Markdown document says, block by block: headings and paragraphs
/// as their text, tables as their rows of cells (header first).
#[derive(Debug, PartialEq, Eq)]
enum Block {
    Heading(String),
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    let mut rows: Option<Vec<Vec<String>>> = None;
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell) => {
                text = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => out.extend(text.take().map(Block::Heading)),
            Event::End(TagEnd::Paragraph) => out.extend(text.take().map(Block::Paragraph)),
            Event::Start(Tag::Table(_)) => rows = Some(Vec::new()),
            Event::End(TagEnd::TableCell) => row.extend(text.take().map(|t| t.trim().to_owned())),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(r) = rows.as_mut() {
                    r.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => out.extend(rows.take().map(Block::Table)),
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = text.as_mut() {
                    s.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// Renders `template` from the registry of `tests/fixtures/reproduced/<list>`
/// and compares it with the published `tests/fixtures/real-lists/<published>`.
fn reproduces(list: &str, template: &str, published: &str) -> TestResult {
    let root = repo_root();
    let dir = root.join("tests/fixtures/reproduced").join(list);
    let run = run_in(
        &dir,
        &["render", "--template", template, "--as-of", "2026-11-29"],
    )?;
    assert_eq!(run.code, 0, "{list}: {}", run.stderr);
    let text = std::fs::read_to_string(root.join("tests/fixtures/real-lists").join(published))?;
    let (expected, found) = (blocks(&text), blocks(&run.stdout));
    if expected.is_empty() {
        return Err(Error::from(format!("{published} parsed to no block")));
    }
    assert_eq!(found, expected, "{list}:\n{}", run.stdout);
    Ok(())
}

/// Embrace: one table per region, an entity in both (listed once, with
/// both locations), and the list's "Last Updated" date from `published`.
#[test]
fn embrace_is_reproduced_cell_for_cell() -> TestResult {
    reproduces("embrace", "embrace.md", "07-embrace.md")
}

/// The comparison can fail: a changed cell is a difference.
#[test]
fn a_changed_cell_is_a_difference() {
    let a = blocks("| A | B |\n|---|---|\n| x | y |\n");
    let b = blocks("| A | B |\n|---|---|\n| x | z |\n");
    assert_ne!(a, b);
    assert_eq!(
        a,
        [Block::Table(vec![
            vec!["A".to_owned(), "B".to_owned()],
            vec!["x".to_owned(), "y".to_owned()]
        ])]
    );
}
