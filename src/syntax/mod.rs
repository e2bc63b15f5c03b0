//! Stage 1, syntax: `.lf` text → [`ast::File`] with byte spans.
//!
//! The file is split at top-level declarations ([`split`]) and each chunk is
//! parsed by the pest grammar in `grammar/lf.pest`, then lowered into the AST
//! in one walk over its pairs. Syntax errors are diagnostics (`LF01xx`) and
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
mod lower;
pub mod split;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};
pub use cache::ItemCache;

/// Parses one file's text. Every syntax problem goes into `diags`; the
/// returned file holds every declaration that parsed.
pub fn parse_file(file: FileId, src: &str, diags: &mut Diagnostics) -> ast::File {
    let mut out = ast::File::default();
    let mut cache = cache::take();
    // A byte-order mark is not part of the text.
    let skip = if src.starts_with('\u{feff}') { 3 } else { 0 };
    for (start, end) in split::split(&src[skip..]) {
        let (start, end) = (start + skip, end + skip);
        let item = match &mut cache {
            Some(cache) => cache.item(file, src, (start, end), diags, |own| {
                parse_chunk(file, src, start, end, own)
            }),
            None => parse_chunk(file, src, start, end, diags),
        };
        out.items.extend(item);
    }
    cache::put_back(cache);
    out
}

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
    lower::parse_item(file, src, start, end, diags)
}

/// Deepest bracket nesting lfc parses, so that no input can exhaust the stack.
pub const MAX_NESTING: usize = 128;

/// The offset where `{`/`[` nesting first exceeds [`MAX_NESTING`] (strings
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
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((i, depth));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}
