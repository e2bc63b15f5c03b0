//! Byte offsets ↔ LSP positions. LSP counts columns in UTF-16 code units;
//! lfc's spans are byte offsets into UTF-8 text. Every conversion goes
//! through here.
//!
//! Must not: guess. An offset inside a character or a position past a line's
//! end is clamped to the nearest boundary, never a panic.

use lsp_types::{Position, Range};

use crate::source::Span;

/// Where each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The UTF-16 position of byte `offset` of `text`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a UTF-16 `position` in `text` (clamped to its line).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |e| e - 1);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The range of a byte span of `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start as usize),
            self.position(text, span.end as usize),
        )
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip_through_non_ascii_and_emoji() {
        let text = "# café 🚀 ok\nqueue q {}\n";
        let ix = LineIndex::new(text);
        let ok = text.find("ok").unwrap_or(0);
        // `# café ` is 7 units, the rocket 2, the space 1.
        assert_eq!(ix.position(text, ok), Position::new(0, 10));
        assert_eq!(ix.offset(text, Position::new(0, 10)), ok);
        assert_eq!(ix.offset(text, Position::new(1, 6)), text.find("q {").unwrap_or(0));
        // Inside the emoji, past the line, past the text: clamped.
        assert_eq!(ix.offset(text, Position::new(0, 99)), text.find('\n').unwrap_or(0));
        assert_eq!(ix.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(ix.position(text, text.find('🚀').unwrap_or(0) + 1).character, 7);
    }
}
