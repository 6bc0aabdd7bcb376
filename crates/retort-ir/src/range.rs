use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a source file.
///
/// Ranges stay byte offsets everywhere; they become lines and columns only when
/// rendered, through a [`LineIndex`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct TextRange {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end`; `end` is clamped to be at least `start`.
    pub fn new(start: u32, end: u32) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: u32) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Whether `offset` lies inside the range (end excluded).
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A 1-based line and a 1-based column counted in characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Maps byte offsets of one text to lines and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`; `\n`, `\r\n` and a lone `\r` all end a line, as in Python.
    pub fn new(text: &str) -> Self {
        // Source lines average a few dozen bytes: one allocation for most files.
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i as u32 + 1);
            }
        }
        Self { line_starts }
    }

    /// Number of lines (a trailing newline starts a last, empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.line_starts.get(line).copied()
    }

    /// Line and column of `offset` in `text` (the text this index was built from).
    /// Offsets past the end or inside a character are clamped.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = (offset as usize).min(text.len());
        let line = self.line_of(offset as u32);
        let start = self.line_starts[line] as usize;
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() as u32 + 1;
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }

    /// The text of the 0-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).map_or(text.len(), |e| e as usize);
        let start = (start as usize).min(text.len());
        let end = end.min(text.len()).max(start);
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: u32, line: u32, column: u32) {
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_col(text, offset),
            LineCol { line, column },
            "{text:?} @ {offset}"
        );
    }

    #[test]
    fn line_col() {
        check("abc", 0, 1, 1);
        check("abc\ndef", 4, 2, 1);
        check("abc\r\ndef", 6, 2, 2);
        check("a\rb", 2, 2, 1);
        check("é = 1", 3, 1, 3);
        check("x", 99, 1, 2);
        check("a\r\n\rb\n", 4, 3, 1);
        check("a\r", 2, 2, 1);
        assert_eq!(LineIndex::new("a\r\n\rb\n").line_count(), 4);
    }

    #[test]
    fn line_text() {
        let text = "one\r\ntwo\nthree";
        let index = LineIndex::new(text);
        assert_eq!(index.line_text(text, 0), "one");
        assert_eq!(index.line_text(text, 1), "two");
        assert_eq!(index.line_text(text, 2), "three");
        assert_eq!(index.line_text(text, 3), "");
    }
}
