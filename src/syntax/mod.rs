//! Stage 1, syntax: `.lf` text → [`ast::File`] with byte spans.
//!
//! The file is split at top-level declarations ([`split`]) and each chunk is
//! parsed by the pest grammar in `grammar/lf.pest`, then lowered into the AST
//! in one walk over its pairs. Syntax errors are diagnostics (`LF01xx`) and
//! parsing resumes at the next declaration.
//!
//! Must not: let pest types (`Pair`, `Rule`) leave this module, resolve names,
//! or read files.

pub mod ast;
mod lower;
pub mod split;

use crate::diagnostics::Diagnostics;
use crate::source::FileId;

/// Parses one file's text. Every syntax problem goes into `diags`; the
/// returned file holds every declaration that parsed.
pub fn parse_file(file: FileId, src: &str, diags: &mut Diagnostics) -> ast::File {
    let mut out = ast::File::default();
    for (start, end) in split::split(src) {
        if let Some(item) = lower::parse_item(file, src, start, end, diags) {
            out.items.push(item);
        }
    }
    out
}
