//! `textDocument/formatting` through [`crate::fmt::format_source`], the
//! formatter `lfc fmt` runs: one edit replacing the buffer, or none.
//!
//! Must not: format a buffer with a syntax error (the formatter refuses; the
//! diagnostics already say where).

use lsp_types::{DocumentFormattingParams, Range, TextEdit};

use super::workspace::{path_of, Workspace};

/// The edits that format the buffer: none when it is formatted or does not parse.
pub fn format(ws: &Workspace, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let path = path_of(&p.text_document.uri)?;
    let doc = ws.docs.get(&path)?;
    let formatted = crate::fmt::format_source(&doc.text).ok()?;
    if formatted == doc.text {
        return Some(Vec::new());
    }
    let end = doc.lines.position(&doc.text, doc.text.len());
    Some(vec![TextEdit::new(
        Range::new(lsp_types::Position::new(0, 0), end),
        formatted,
    )])
}
