//! Source files kept for diagnostics: every finding points into one.

use std::ops::Range;

/// Index of a file in [`crate::load::Repo::files`].
pub type FileId = usize;

/// A file as read, with a line index for turning byte offsets into
/// 1-based lines and columns.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// The text (lossily decoded when the file is not UTF-8).
    pub text: String,
    /// Byte offsets where lines start, built the first time a position in
    /// a large file is asked for: most files never have a finding, and on
    /// a large repository the index of every line of every file is a lot
    /// of memory.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// Files up to this size are scanned for each position asked for rather
/// than indexed.
const SCAN_LIMIT: usize = 16 * 1024;

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, start) = if self.text.len() <= SCAN_LIMIT {
            // A small file (every release file): counting line breaks up to
            // the offset is quicker than building the index for a finding
            // or two.
            let before = &self.text.as_bytes()[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count();
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            (line, start)
        } else {
            let starts = self.line_starts();
            let line = starts.partition_point(|&s| s <= offset) - 1;
            (line, starts[line])
        };
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Start and end positions of a byte range; the end is exclusive in
    /// bytes and inclusive-style in columns as editors and CI expect
    /// (`end_column` is the column just past the last character).
    pub fn range(&self, range: &Range<usize>) -> (Position, Position) {
        (self.position(range.start), self.position(range.end))
    }

    /// The byte range of 1-based `line` (without its newline).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = self.line_starts();
        let i = line.saturating_sub(1).min(starts.len() - 1);
        let start = starts[i];
        let end = starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        start..end.max(start)
    }

    /// A byte range clamped to the text and to character boundaries.
    pub fn clamp(&self, range: &Range<usize>) -> Range<usize> {
        let mut start = range.start.min(self.text.len());
        let mut end = range.end.clamp(start, self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.toml", "ab\nçd = 1\n".to_string());
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        // 'ç' is two bytes; the 'd' after it is column 2.
        assert_eq!(f.position(5), Position { line: 2, column: 2 });
        assert_eq!(f.line_range(2), 3..10);
        assert_eq!(f.position(999), Position { line: 3, column: 1 });
    }

    #[test]
    fn scanned_and_indexed_positions_agree() {
        let line = "key = \"çà\" # note\n";
        let text = line.repeat(SCAN_LIMIT / line.len() + 10);
        let big = SourceFile::new("big.toml", text.clone());
        let cut = text[..SCAN_LIMIT - 100].rfind('\n').unwrap() + 1;
        let small = SourceFile::new("small.toml", text[..cut].to_string());
        assert!(big.text.len() > SCAN_LIMIT && small.text.len() <= SCAN_LIMIT);
        for offset in (0..small.text.len()).filter(|&o| small.text.is_char_boundary(o)) {
            assert_eq!(small.position(offset), big.position(offset), "at {offset}");
        }
    }
}
