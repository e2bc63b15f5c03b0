//! Where a comment or a string that starts at a byte ends, by the grammar's
//! rules (`grammar/lf.pest`: `COMMENT`, `string`, `raw`), for the scanners
//! that skip them without parsing: [`super::split`] (the top-level chunks)
//! and the editor's `lsp::context` (the blocks open at the cursor); the
//! hand-written reader (`fast`) skips comments with it too (its strings it
//! reads itself: it gives an unclosed one up to pest instead).
//!
//! An unclosed `"…"` ends at the end of its line (the grammar allows no
//! line break in one, escaped or not), so it does not swallow the rest of
//! the file; an unclosed `"""…` runs to the end of the text.

/// The end of the comment starting at byte `i` (a `#`): the offset of the
/// line break after it, or the end of the text.
pub fn comment_end(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
        .map_or(b.len(), |p| i + p)
}

/// The end of the string starting at byte `i` (a `"`): past its closing
/// quote (`"""` for a raw string), or where an unclosed one stops.
pub fn string_end(src: &str, i: usize) -> usize {
    let b = src.as_bytes();
    if b.get(i..).is_some_and(|rest| rest.starts_with(b"\"\"\"")) {
        return src
            .get(i + 3..)
            .and_then(|rest| rest.find("\"\"\""))
            .map_or(b.len(), |p| i + 3 + p + 3);
    }
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'"' => return j + 1,
            b'\n' => return j,
            b'\\' if b.get(j + 1) != Some(&b'\n') => j += 2,
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::{comment_end, string_end};

    #[test]
    fn strings_and_comments_end_where_the_grammar_says() {
        let end = |s: &str| string_end(s, 0);
        assert_eq!(end(r#""a\"b" x"#), 6);
        assert_eq!(end("\"open\nnext"), 5, "an unclosed string ends at its line");
        assert_eq!(end("\"a\\\nb\""), 3, "an escape does not carry it over the line break");
        assert_eq!(end("\"\"\"a\n\"b\"\"\" x"), 10);
        assert_eq!(end("\"\"\"open"), 7);
        assert_eq!(end("\"a\\"), 3);
        assert_eq!(comment_end(b"# c\nx", 0), 3);
        assert_eq!(comment_end(b"# c", 0), 3);
    }
}
