//! Splits a source file into top-level declarations before pest runs.
//!
//! A cheap byte scan that knows `#` comments, `"…"` strings (which end at the
//! end of their line, so an unterminated string does not swallow the file),
//! `"""…"""` raw strings and bracket depth. A new chunk starts at an
//! identifier that begins a line outside any bracket (unless the chunk so far
//! ends in `=`), or at a declaration keyword in the first column even inside
//! an unclosed block. Each chunk is parsed on its own: a syntax error costs
//! one declaration, never the rest of the file.

use super::lex;

/// Keywords that start a top-level item.
pub const ITEM_KEYWORDS: &[&str] = &[
    "import", "var", "output", "stack", "function", "layer", "role", "bucket", "queue", "topic", "table", "stream",
    "api", "workflow", "param",
];

/// Byte ranges of the top-level chunks of `src`, in order, covering every
/// non-blank part of it. One scanning loop with its state in locals (strings,
/// comments, brackets, line starts): longer than most functions, because
/// splitting it would pass that state around.
pub fn split(src: &str) -> Vec<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut chunks = Vec::new();
    let mut chunk_start: Option<usize> = None;
    let mut depth: i32 = 0;
    let mut last_significant = b'\n';
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = lex::comment_end(bytes, i);
                continue;
            }
            _ => {}
        }
        let at_line_start = line_start;
        line_start = false;
        if is_ident_start(b) {
            let end = ident_end(bytes, i);
            let word = &src[i..end];
            let column0 = i == 0 || bytes[i - 1] == b'\n';
            // Inside an unclosed block only `KIND NAME …` (or `import "…"`)
            // in the first column starts a new item, not `role = r`.
            let recovers = column0 && ITEM_KEYWORDS.contains(&word) && {
                let next = src[end..].trim_start_matches([' ', '\t']);
                next.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
            };
            let starts_item = at_line_start && ((depth <= 0 && last_significant != b'=') || recovers);
            if starts_item || chunk_start.is_none() {
                if let Some(start) = chunk_start {
                    chunks.push((start, i));
                }
                chunk_start = Some(i);
                depth = 0;
            }
            last_significant = bytes[end - 1];
            i = end;
            continue;
        }
        if chunk_start.is_none() {
            chunk_start = Some(i);
        }
        match b {
            b'"' => i = lex::string_end(src, i),
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
        last_significant = b;
    }
    if let Some(start) = chunk_start {
        chunks.push((start, bytes.len()));
    }
    chunks
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn ident_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b'-')) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::split;

    fn pieces(src: &str) -> Vec<&str> {
        split(src).into_iter().map(|(a, b)| src[a..b].trim()).collect()
    }

    #[test]
    fn splits_at_top_level_declarations() {
        let src = "var a = 1\n# c\nfunction f {\n  memory = 1GB\n}\nbucket b {}\n";
        assert_eq!(
            pieces(src),
            ["var a = 1\n# c", "function f {\n  memory = 1GB\n}", "bucket b {}"]
        );
    }

    #[test]
    fn strings_and_raw_strings_do_not_split() {
        let src = "function f {\n  code = inline \"\"\"\nbucket x {\n\"\"\"\n  d = \"{\"\n}\nqueue q {}";
        assert_eq!(pieces(src).len(), 2);
    }

    #[test]
    fn unterminated_string_ends_at_line_end() {
        let src = "function f {\n  d = \"oops\n}\nqueue q {}";
        assert_eq!(pieces(src).len(), 2);
    }

    #[test]
    fn unclosed_block_recovers_at_a_keyword_in_column_one() {
        let src = "function f {\n  memory = 1GB\nqueue q {}";
        assert_eq!(pieces(src), ["function f {\n  memory = 1GB", "queue q {}"]);
    }

    #[test]
    fn a_property_named_like_a_kind_in_column_one_stays_in_its_block() {
        let src = "function f {\nrole = r\nstream = x\n}\nqueue q {}";
        assert_eq!(pieces(src), ["function f {\nrole = r\nstream = x\n}", "queue q {}"]);
    }

    #[test]
    fn value_on_the_next_line_stays_with_its_var() {
        let src = "var a =\n  thing\nvar b = 2";
        assert_eq!(pieces(src), ["var a =\n  thing", "var b = 2"]);
    }
}
