//! One source map for every file a run reads: registry files, documents,
//! templates. Any byte span of any of them resolves to file:line:col.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use codespan_reporting::files::{self, Files as _};

use super::visible::Shown;

/// Identifies a file in [`Files`].
pub type FileId = usize;

/// A byte range in one file of the source map.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offsets into the file's text, end exclusive.
    pub range: Range<usize>,
}

/// A resolved position: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

/// The source map: file names (as shown to users, relative to the working
/// directory) and their text.
///
/// Line starts are found on first use: a large registry adds thousands of
/// files of which only those with findings are ever shown.
#[derive(Default)]
pub struct Files {
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    text: Arc<str>,
    line_starts: OnceLock<Vec<usize>>,
    /// For a file added by [`Files::add_shown`]: the original text and the
    /// offset map, so that columns stay those of the original.
    shown: Option<(Arc<str>, Shown)>,
}

impl Files {
    /// An empty source map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; `name` is the path shown in diagnostics.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        self.entries.push(Entry {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            shown: None,
        });
        self.entries.len() - 1
    }

    /// Adds a file as a printer shows it: the escaped text of `original`
    /// ([`Shown`]); spans are offsets into the shown text, and lines and
    /// columns are reported as they are in the original.
    pub fn add_shown(
        &mut self,
        name: impl Into<String>,
        original: Arc<str>,
        mut shown: Shown,
    ) -> FileId {
        let text = std::mem::take(&mut shown.text);
        self.entries.push(Entry {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            shown: Some((original, shown)),
        });
        self.entries.len() - 1
    }

    /// How many files the map holds; ids run from 0 to one less.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map holds no file.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The name of a file, or `""` for an unknown id.
    #[must_use]
    pub fn name(&self, file: FileId) -> &str {
        self.entries.get(file).map_or("", |f| f.name.as_str())
    }

    /// The text of a file, or `""` for an unknown id.
    #[must_use]
    pub fn text(&self, file: FileId) -> &str {
        self.entries.get(file).map_or("", |f| &f.text)
    }

    /// The text of a file, shared (for values that outlive a borrow of the map).
    #[must_use]
    pub fn shared_text(&self, file: FileId) -> Arc<str> {
        self.entries
            .get(file)
            .map_or_else(|| Arc::from(""), |f| Arc::clone(&f.text))
    }

    /// The line and column of a byte offset; offsets past the end or inside
    /// a character are clamped, so this never fails.
    #[must_use]
    pub fn line_col(&self, file: FileId, offset: usize) -> LineCol {
        let text = self.text(file);
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        match self.location(file, offset) {
            Ok(location) => LineCol {
                line: location.line_number,
                column: location.column_number,
            },
            Err(_) => LineCol { line: 1, column: 1 },
        }
    }

    fn entry(&self, file: FileId) -> Result<&Entry, files::Error> {
        self.entries.get(file).ok_or(files::Error::FileMissing)
    }
}

impl Entry {
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| files::line_starts(&self.text).collect())
    }

    /// The byte where line `index` (0-based) starts; the end of the text for
    /// the line after the last.
    fn line_start(&self, index: usize) -> Result<usize, files::Error> {
        let starts = self.line_starts();
        match starts.get(index) {
            Some(start) => Ok(*start),
            None if index == starts.len() => Ok(self.text.len()),
            None => Err(files::Error::LineTooLarge {
                given: index,
                max: starts.len().saturating_sub(1),
            }),
        }
    }
}

/// The view the human renderer (codespan-reporting) reads.
impl<'a> files::Files<'a> for Files {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, file: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.entry(file)?.name)
    }

    fn source(&'a self, file: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.entry(file)?.text)
    }

    fn line_index(&'a self, file: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let starts = self.entry(file)?.line_starts();
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next.saturating_sub(1)))
    }

    /// Columns count characters as an editor shows them: a byte order mark
    /// at the start of a document (kept, to write its bytes back) is not one.
    fn column_number(
        &'a self,
        file: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let entry = self.entry(file)?;
        let mut range = self.line_range(file, line_index)?;
        let (text, byte_index) = match &entry.shown {
            // Escapes never span lines: the shown line is the original's.
            Some((original, shown)) => {
                range = shown.original(range.start)..shown.original(range.end);
                (original, shown.original(byte_index))
            }
            None => (&entry.text, byte_index),
        };
        let column = files::column_index(text, range, byte_index) + 1;
        let bom = line_index == 0 && text.starts_with('\u{feff}') && byte_index >= 3;
        Ok(column - usize::from(bom))
    }

    fn line_range(&'a self, file: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let entry = self.entry(file)?;
        Ok(entry.line_start(line_index)?..entry.line_start(line_index + 1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_lines_and_character_columns() {
        let mut files = Files::new();
        let id = files.add("a.toml", "a = 1\r\nnamé = \"x\"\n");
        assert_eq!(files.line_col(id, 0), LineCol { line: 1, column: 1 });
        assert_eq!(files.line_col(id, 7), LineCol { line: 2, column: 1 });
        // "é" is two bytes but one column.
        assert_eq!(files.line_col(id, 13), LineCol { line: 2, column: 6 });
        assert_eq!(files.line_col(id, 999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn a_leading_byte_order_mark_is_no_column() {
        let mut files = Files::new();
        let id = files.add("policy.md", "\u{feff}<!-- x -->\nab");
        assert_eq!(files.line_col(id, 3), LineCol { line: 1, column: 1 });
        assert_eq!(files.line_col(id, 7), LineCol { line: 1, column: 5 });
        assert_eq!(files.line_col(id, 0), LineCol { line: 1, column: 1 });
        assert_eq!(files.line_col(id, 15), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn line_ranges_cover_the_text_and_stop_after_the_last_line() {
        let mut files = Files::new();
        let id = files.add("a.toml", "a = 1\nb = 2");
        let empty = files.add("empty.toml", "");
        assert_eq!(files::Files::line_range(&files, id, 0).ok(), Some(0..6));
        assert_eq!(files::Files::line_range(&files, id, 1).ok(), Some(6..11));
        assert!(files::Files::line_range(&files, id, 2).is_err());
        assert_eq!(files::Files::line_range(&files, empty, 0).ok(), Some(0..0));
        assert_eq!(files.line_col(empty, 5), LineCol { line: 1, column: 1 });
        assert!(files::Files::name(&files, 9).is_err());
    }
}
