//! `subreg import`: a sub-processor list as an organisation publishes it
//! (Markdown or MDX tables and bullet lists, HTML tables, reStructuredText
//! tables, CSV, JSON, YAML,
//! HTML inside JSON or YAML strings) read into
//! registry files, one per legal entity. Headers, places, mechanisms and
//! dates are read in English, German, French, Italian and Spanish from the
//! data files beside this module. Every value the importer rewrote carries
//! a provenance comment; every value it had to assume is marked "to
//! confirm" (transfer evidence also in `assumed`, which `check` reports
//! until confirmed). Pure: the caller reads the file and writes the result.

mod build;
mod columns;
pub mod data;
mod dates;
mod html;
mod mechanisms;
mod places;
mod read;
mod round_trip;
mod rst;
mod template;
mod text;

use crate::knowledge::Knowledge;
use crate::model::{Date, Regime, Role};

pub use read::Format;
pub use round_trip::differences;
pub use template::Template;

/// What the imported files are judged against: the registry they go into.
#[derive(Debug)]
pub struct Target<'k> {
    /// The file imported, as shown in comments and messages.
    pub source: String,
    /// The registry's regimes.
    pub regimes: Vec<Regime>,
    /// The organisation's role (decides the SCC module written).
    pub role: Role,
    /// The day judged (areas, adequacy), and the `added` date when the
    /// list gives none.
    pub as_of: Date,
    /// The knowledge base.
    pub knowledge: &'k Knowledge,
    /// Only the rows whose column (a header, compared folded) holds the
    /// value (compared folded): one organisation's rows of a list that
    /// holds several (`Company=Cursor`).
    pub only: Vec<(String, String)>,
}

/// A legal entity of the list, as a registry file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Its id: the file name without `.toml`.
    pub id: String,
    /// Its name as published.
    pub name: String,
    /// The 1-based line of its first row.
    pub line: usize,
    /// The file's whole text.
    pub text: String,
}

/// Something the importer assumed, rewrote with loss, or could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The 1-based line of the list it is about; 0 for the whole list.
    pub line: usize,
    /// What, and what to do.
    pub message: String,
}

impl Review {
    fn new(line: usize, message: String) -> Self {
        Self { line, message }
    }
}

/// A list read.
#[derive(Debug)]
pub struct Imported {
    /// Its entities, in published order.
    pub entities: Vec<Entity>,
    /// What to review, by line.
    pub review: Vec<Review>,
    /// The list's own date ("Last updated"), with its line.
    pub date: Option<(usize, Date)>,
    /// How many rows (or items, or objects) were read (those `only` keeps).
    pub rows: usize,
    /// A Markdown template that renders the list again (its first table's
    /// columns, one table per section); `None` when no table names the
    /// sub-processors.
    pub template: Option<Template>,
}

/// Why a list could not be read at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The text is not valid in its format.
    #[error("{message}")]
    Syntax {
        /// The 1-based line.
        line: usize,
        /// The parser's words.
        message: String,
    },
    /// A `--where` column that no table of the list has.
    #[error("no table has a column `{column}`; its headers are {headers}")]
    NoColumn {
        /// The column asked for.
        column: String,
        /// The headers the list has, quoted and joined.
        headers: String,
    },
    /// The built-in data does not load (a bug of this build).
    #[error("{0}")]
    Data(String),
}

/// The ISO 3166-1 alpha-2 code of the country `name` names in English,
/// German, French, Italian or Spanish (`UK` is `GB`, `Deutschland` `DE`),
/// from the import's country names.
#[must_use]
pub fn country_code(name: &str) -> Option<String> {
    data::data().ok()?.countries.get(&text::fold(name)).cloned()
}

/// Reads the list `text`, written in `format`, into registry files.
///
/// # Errors
/// [`ImportError`] when the text is not valid in its format.
pub fn import(text: &str, format: Format, target: &Target<'_>) -> Result<Imported, ImportError> {
    let data = data::data().map_err(ImportError::Data)?;
    let read = read::read(text, format)?;
    for (column, _) in &target.only {
        let wanted = text::fold_key(column);
        if !read
            .tables
            .iter()
            .any(|t| t.headers.iter().any(|h| text::fold_key(h) == wanted))
        {
            let headers: Vec<String> = read
                .tables
                .iter()
                .flat_map(|t| t.headers.iter().map(|h| format!("`{h}`")))
                .collect();
            return Err(ImportError::NoColumn {
                column: column.clone(),
                headers: headers.join(", "),
            });
        }
    }
    let mut date = dates::list_date(&read.date_lines, data);
    // A date after the day judged is no day the entities were engaged by:
    // as `added` it would hide every transfer until then.
    let mut future = None;
    if let Some((line, day)) = date
        && day > target.as_of
    {
        future = Some(Review::new(
            line,
            format!(
                "the list's date {day} is after the day judged ({}); `added` is the day of the \
                 import, give each entity the day it was engaged",
                target.as_of
            ),
        ));
        date = None;
    }
    let (entities, mut review, rows) = build::entities(&read, date.map(|(_, d)| d), data, target);
    if rows == 0 {
        review.push(Review::new(
            0,
            if target.only.is_empty() {
                "no table or list of sub-processors was found: a table needs a header naming the \
                 sub-processor (`Name`, `Sub-processor`), a list items that start with a link or \
                 bold name"
                    .to_owned()
            } else {
                "no row matches --where".to_owned()
            },
        ));
    }
    if let Some(item) = future {
        review.insert(0, item);
    } else if date.is_none() {
        review.insert(
            0,
            Review::new(
                0,
                format!(
                    "the list gives no date (\"Last updated: ...\"); `added` is {}, the day of the import",
                    target.as_of
                ),
            ),
        );
    }
    let template = template::markdown(&read, data, target.knowledge, &target.source);
    Ok(Imported {
        entities,
        review,
        date,
        rows,
        template,
    })
}
