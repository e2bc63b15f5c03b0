//! Stage 1, syntax: `.lf` text → [`ast::File`] with byte spans.
//!
//! The file is split at top-level declarations ([`split`]) and each chunk is
//! read by a hand-written parser of the grammar (`fast`), or, when that one
//! gives up (syntax errors, rare forms), parsed by the pest grammar in
//! `grammar/lf.pest` and lowered into the AST in one walk over its pairs. Syntax errors are diagnostics (`LF01xx`) and
//! parsing resumes at the next declaration.
//!
//! Inside an [`ItemCache`] scope (the language server's checks), items whose
//! text was parsed before come from the cache instead of pest.
//!
//! Must not: let pest types (`Pair`, `Rule`) leave this module, resolve names,
//! or read files.

pub mod ast;
mod cache;
mod errors;
mod fast;
pub mod lex;
mod lower;
pub mod split;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};
pub use cache::ItemCache;

/// Parses one file's text. Every syntax problem goes into `diags`; the
/// returned file holds every declaration that parsed.
///
/// Items are independent, so a large file is parsed on several threads, each
/// taking a contiguous run of items; items and diagnostics are then joined
/// in file order, so the result is the same as parsing in one thread.
pub fn parse_file(file: FileId, src: &str, diags: &mut Diagnostics) -> ast::File {
    let mut out = ast::File::default();
    // A byte-order mark is not part of the text.
    let skip = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let ranges: Vec<(usize, usize)> = split::split(&src[skip..])
        .into_iter()
        .map(|(start, end)| (start + skip, end + skip))
        .collect();
    // Inside the language server, unchanged items come from the previous
    // check's cache (in order, on this thread).
    if let Some(mut cache) = cache::take() {
        for &(start, end) in &ranges {
            let item = cache.item(file, src, (start, end), diags, |own| {
                parse_chunk(file, src, start, end, own)
            });
            out.items.extend(item);
        }
        cache::put_back(Some(cache));
        return out;
    }
    let runs = crate::parallel::in_runs(&ranges, PARALLEL_MIN_ITEMS, |run| {
        let (mut items, mut d) = (Vec::new(), Diagnostics::default());
        for &(start, end) in run {
            items.extend(parse_chunk(file, src, start, end, &mut d));
        }
        (items, d)
    });
    for (items, d) in runs {
        out.items.extend(items);
        diags.append(d);
    }
    out
}

/// Items below which a file is parsed on one thread (starting threads costs
/// more than parsing a small file).
const PARALLEL_MIN_ITEMS: usize = 256;

/// Parses the item `src[start..end]`, refusing one nested too deeply.
fn parse_chunk(file: FileId, src: &str, start: usize, end: usize, diags: &mut Diagnostics) -> Option<ast::Item> {
    if let Some((at, depth)) = too_deep(&src[start..end]) {
        diags.push(
            Diagnostic::error(
                Code::SyntaxError,
                Span::new(file, start + at, start + at + 1),
                format!("brackets nest {depth} levels deep here; lfc reads at most {MAX_NESTING}"),
            )
            .with_help("flatten the value; the rest of this declaration was skipped"),
        );
        return None;
    }
    if let Some((item, own)) = fast::parse_item(file, src, start, end) {
        diags.append(own);
        return Some(item);
    }
    lower::parse_item(file, src, start, end, diags)
}

/// Deepest bracket nesting lfc parses, so that no input can exhaust the stack.
pub const MAX_NESTING: usize = 128;

/// The offset where `{`/`[`/`(` nesting first exceeds [`MAX_NESTING`] (strings
/// and comments skipped), and the depth reached.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                i = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |p| i + 3 + p + 2);
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            // Calls (`secret(…)`) nest as brackets do.
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((i, depth));
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_give_the_items_and_diagnostics_of_one_thread() {
        let src: String = (0..700)
            .map(|i| {
                if i % 97 == 0 {
                    format!("queue q{i} {{ = }}\n")
                } else {
                    format!("queue q{i} {{}}\n")
                }
            })
            .collect();
        let mut threaded = Diagnostics::default();
        let file = parse_file(FileId(0), &src, &mut threaded);
        let mut one = Diagnostics::default();
        let items: Vec<ast::Item> = split::split(&src)
            .into_iter()
            .filter_map(|(start, end)| parse_chunk(FileId(0), &src, start, end, &mut one))
            .collect();
        assert_eq!(format!("{:?}", file.items), format!("{items:?}"));
        let messages = |d: &Diagnostics| d.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
        assert_eq!(messages(&threaded), messages(&one));
        assert_eq!(threaded.error_count(), 8);
    }
}
