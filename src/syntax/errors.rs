//! Syntax error messages: turns where the parser stopped, and what it
//! expected there, into one `LF0101` diagnostic that names the likely cause.
//!
//! The parser stops where the text stops making sense, which is often after
//! the real mistake: a string left open, a `{` never closed, `inline` with a
//! one-line string, or a unit written apart from its number. Those causes are
//! recognised from the text of the declaration and reported where they are.
//! This module sees only text and offsets; it knows nothing of pest.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Every form a value can take is one thing to the reader.
const VALUE_FORMS: [&str; 6] = [
    "a string",
    "a number",
    "a list `[ … ]`",
    "a block `{ … }`",
    "a size or duration",
    "a word or reference",
];

/// Units written after a number.
const UNITS: [&str; 9] = ["MB", "GB", "s", "min", "h", "d", "m", "mb", "gb"];

/// The diagnostic for a declaration `src[start..end]` that the parser could
/// not read past `at`, where it expected one of `expected` (in words).
pub(super) fn syntax_error(
    file: FileId,
    src: &str,
    start: usize,
    end: usize,
    at: usize,
    expected: &[&str],
) -> Diagnostic {
    let chunk = &src[start..end];
    let pos = at - start;
    let span = |from: usize, to: usize| Span::new(file, start + from, start + to);
    if let Some(open) = unterminated_string(chunk).filter(|&q| q <= pos) {
        let line_end = chunk[open..].find('\n').map_or(chunk.len(), |n| open + n);
        return Diagnostic::error(Code::SyntaxError, span(open, line_end), "this string is not closed")
            .with_help("close it with `\"` on the same line; text over several lines goes in `\"\"\"…\"\"\"`");
    }
    if let Some((from, to)) = inline_one_line_string(chunk).filter(|&(from, _)| from <= pos) {
        return Diagnostic::error(
            Code::SyntaxError,
            span(from, to),
            "`inline` takes a `\"\"\"…\"\"\"` string",
        )
        .with_help("write the code between triple quotes: `inline \"\"\"` on this line, the code, then `\"\"\"`");
    }
    if pos >= chunk.trim_end().len() {
        if let Some(open) = unclosed_brace(chunk) {
            let mut d = Diagnostic::error(Code::SyntaxError, span(open, open + 1), "this `{` is never closed")
                .with_help("close the block with `}` before the next declaration");
            if end < src.len() {
                d = d.with_label(Span::new(file, end, end), "the next declaration starts here");
            }
            return d;
        }
    }
    if let Some((from, to, number, unit)) = spaced_unit(&chunk[..pos]) {
        return Diagnostic::error(
            Code::SyntaxError,
            span(from, to),
            format!("`{number} {unit}`: a unit follows its number without a space"),
        )
        .with_help(format!(
            "write `{number}{unit}`; the rest of this declaration was skipped"
        ));
    }
    let found = describe_found(&chunk[pos.min(chunk.len())..]);
    let stop = (pos + found_len(&chunk[pos.min(chunk.len())..])).min(chunk.len());
    Diagnostic::error(
        Code::SyntaxError,
        span(pos, stop.max(pos)),
        format!("expected {}, found {found}", expected_words(expected)),
    )
    .with_help(match hint(&chunk[pos..]) {
        Some(h) => format!("{h}; the rest of this declaration was skipped"),
        None => "the rest of this declaration was skipped; lfc goes on at the next one".to_string(),
    })
}

/// "a, b or c", with every value form folded into "a value".
fn expected_words(expected: &[&str]) -> String {
    let mut words: Vec<&str> = expected.to_vec();
    words.sort_unstable();
    words.dedup();
    if VALUE_FORMS.iter().filter(|f| words.contains(f)).count() >= 3 {
        words.retain(|w| {
            !VALUE_FORMS.contains(w)
                && !w.starts_with("`inline")
                && !w.starts_with("`s3")
                && !w.starts_with("`true")
                && !w.starts_with("a raw")
                && *w != "a value"
        });
        words.push("a value");
    }
    match words.len() {
        0 => "less deeply nested text (lfc stops at a nesting depth it cannot parse safely)".to_string(),
        1 => words[0].to_string(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

/// A likely cause from the text where the parser stopped.
fn hint(rest: &str) -> Option<&'static str> {
    if rest.starts_with(':') {
        return Some("properties are written `key = value`, with `=`, not `:`");
    }
    if rest.starts_with("//") {
        return Some("comments start with `#`");
    }
    None
}

/// What [`walk`] meets in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Code outside strings and comments, one byte at the given offset.
    Code(u8),
    /// A one-line string starting at the offset; `closed` says whether it ends
    /// before the line does.
    Str { closed: bool, end: usize },
}

/// Walks `text`, skipping comments and `"""…"""` strings, calling `visit` for
/// every code byte and every one-line string.
fn walk(text: &str, mut visit: impl FnMut(usize, Piece)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                i = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |p| i + 3 + p + 3);
                continue;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let closed = bytes.get(i) == Some(&b'"');
                visit(
                    start,
                    Piece::Str {
                        closed,
                        end: i.min(bytes.len()),
                    },
                );
            }
            b => visit(i, Piece::Code(b)),
        }
        i += 1;
    }
}

/// The offset of the first `"` whose string the line ends before closing.
fn unterminated_string(text: &str) -> Option<usize> {
    let mut first = None;
    walk(text, |at, piece| {
        if first.is_none() && matches!(piece, Piece::Str { closed: false, .. }) {
            first = Some(at);
        }
    });
    first
}

/// `inline "…"`: the span from `inline` to the end of its one-line string.
fn inline_one_line_string(text: &str) -> Option<(usize, usize)> {
    let mut found = None;
    walk(text, |at, piece| {
        if let (None, Piece::Str { end, .. }) = (found, piece) {
            let before = text[..at].trim_end();
            let is_word_start = |s: &str| !s.ends_with(|c: char| c.is_alphanumeric() || c == '_');
            if let Some(head) = before.strip_suffix("inline").filter(|h| is_word_start(h)) {
                found = Some((head.len(), (end + 1).min(text.len())));
            }
        }
    });
    found
}

/// The offset of the last `{` left open at the end of `text`.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    walk(text, |at, piece| match piece {
        Piece::Code(b'{') => open.push(at),
        Piece::Code(b'}') => {
            open.pop();
        }
        Piece::Code(_) | Piece::Str { .. } => {}
    });
    open.pop()
}

/// `15 min` at the end of `before` (the parser read `min` as the next key):
/// its span, the number and the unit.
fn spaced_unit(before: &str) -> Option<(usize, usize, &str, &str)> {
    let trimmed = before.trim_end();
    let unit_start = trimmed.rfind(|c: char| c.is_ascii_whitespace())? + 1;
    let unit = &trimmed[unit_start..];
    let head = trimmed[..unit_start].trim_end();
    let number_start = head
        .rfind(|c: char| c.is_ascii_whitespace() || c == '=')
        .map_or(0, |n| n + 1);
    let number = &head[number_start..];
    let is_number = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '_' || c == '.');
    (UNITS.contains(&unit) && is_number).then_some((number_start, trimmed.len(), number, unit))
}

fn found_len(rest: &str) -> usize {
    let mut chars = rest.chars();
    match chars.next() {
        None => 0,
        Some(c) if c.is_alphanumeric() || c == '_' => rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len()),
        Some(c) => c.len_utf8(),
    }
}

fn describe_found(rest: &str) -> String {
    let len = found_len(rest);
    match rest.get(..len) {
        None | Some("") => "the end of the declaration".to_string(),
        Some("\n") => "the end of the line".to_string(),
        Some(t) => format!("`{t}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cause_in_the_text() {
        assert_eq!(unterminated_string("a = \"x\"\nb = \"open\nc = 1"), Some(12));
        assert_eq!(unterminated_string("a = \"\"\"\nx \" y\n\"\"\" # \"\n"), None);
        assert_eq!(inline_one_line_string("code = inline \"x\"\n}"), Some((7, 17)));
        assert_eq!(inline_one_line_string("code = inline \"\"\"\nx\n\"\"\""), None);
        assert_eq!(unclosed_brace("f {\n a { b = 1 }\n c = \"{\"\n"), Some(2));
        assert_eq!(unclosed_brace("f { a = 1 }"), None);
        assert_eq!(spaced_unit("timeout = 15 min\n  "), Some((10, 16, "15", "min")));
        assert_eq!(spaced_unit("timeout = x min"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in "[ -~\n\t{}\"é🙂\u{3000}\\\\]{0,80}", cut in 0usize..100) {
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let file = crate::source::FileId::default();
            let d = syntax_error(file, &text, 0, text.len(), at, &["a value", "`}`"]);
            proptest::prop_assert_eq!(d.code, Code::SyntaxError);
        }
    }
}
