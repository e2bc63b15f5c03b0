//! Code actions: every diagnostic in the requested range that carries a
//! mechanical [`crate::diagnostics::Fix`] becomes a quick fix.
//!
//! Must not: invent fixes. The compiler attaches them where it knows the one
//! right edit; this module only turns them into workspace edits.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit};

use super::publish::to_lsp;
use super::workspace::{path_of, url_of, Workspace};

/// The quick fixes for the diagnostics overlapping the range.
pub fn code_actions(ws: &Workspace, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let path = path_of(&p.text_document.uri)?;
    let (a, file) = ws.analysis_of(&path)?;
    let (src, lines) = a.source(file);
    let start = lines.offset(&src.text, p.range.start);
    let end = lines.offset(&src.text, p.range.end);
    let mut out = Vec::new();
    for d in a.output.diagnostics.sorted() {
        let (Some(fix), Some(span)) = (&d.fix, d.span) else {
            continue;
        };
        let touches = |s: crate::source::Span| s.start as usize <= end && start <= s.end as usize;
        if span.file != file || !(touches(span) || touches(fix.span)) {
            continue;
        }
        let (fix_src, fix_lines) = a.source(fix.span.file);
        let old = fix_src.slice(fix.span);
        let title = if old.is_empty() {
            format!("Add `{}`", fix.replacement)
        } else {
            format!("Change `{old}` to `{}`", fix.replacement)
        };
        let edit = TextEdit::new(fix_lines.range(&fix_src.text, fix.span), fix.replacement.clone());
        let changes = HashMap::from([(url_of(&fix_src.path)?, vec![edit])]);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(a, d).1]),
            edit: Some(WorkspaceEdit::new(changes)),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    Some(out)
}
