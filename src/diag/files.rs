//! One source map for every file a run reads: registry files, documents,
//! templates. Any byte span of any of them resolves to file:line:col.

use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::files::{Files as _, SimpleFiles};

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
#[derive(Default)]
pub struct Files {
    inner: SimpleFiles<String, Arc<str>>,
}

impl Files {
    /// An empty source map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; `name` is the path shown in diagnostics.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        self.inner.add(name.into(), text.into())
    }

    /// The name of a file, or `""` for an unknown id.
    #[must_use]
    pub fn name(&self, file: FileId) -> &str {
        self.inner.get(file).map_or("", |f| f.name().as_str())
    }

    /// The text of a file, or `""` for an unknown id.
    #[must_use]
    pub fn text(&self, file: FileId) -> &str {
        self.inner.get(file).map_or("", |f| f.source().as_ref())
    }

    /// The text of a file, shared (for values that outlive a borrow of the map).
    #[must_use]
    pub fn shared_text(&self, file: FileId) -> Arc<str> {
        self.inner
            .get(file)
            .map_or_else(|_| Arc::from(""), |f| Arc::clone(f.source()))
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
        match self.inner.location(file, offset) {
            Ok(location) => LineCol {
                line: location.line_number,
                column: location.column_number,
            },
            Err(_) => LineCol { line: 1, column: 1 },
        }
    }

    /// The codespan view of the map, for the human renderer.
    pub(crate) fn codespan(&self) -> &SimpleFiles<String, Arc<str>> {
        &self.inner
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
}
