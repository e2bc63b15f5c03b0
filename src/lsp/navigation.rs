//! Go-to-definition, find-references and rename, for every declared name
//! (declarations and variables) across every file of the stack.
//!
//! Must not: rename to a name the compiler would refuse: the rules are the
//! model's ([`crate::model::valid_name`], [`crate::model::RESERVED_NAMES`]).

use std::collections::HashMap;

use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use super::workspace::Workspace;
use crate::model::{valid_name, RESERVED_NAMES};

/// Where the name under the cursor is declared.
pub fn definition(ws: &Workspace, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let c = ws.cursor(&p.text_document_position_params)?;
    let (ns, name, _) = c.analysis.index.at(c.file, c.offset)?;
    let def = c.analysis.index.def_of(ns, name)?;
    c.location(def.name_span).map(GotoDefinitionResponse::Scalar)
}

/// Every use of the name under the cursor (and its declaration, when asked).
pub fn references(ws: &Workspace, p: ReferenceParams) -> Option<Vec<Location>> {
    let c = ws.cursor(&p.text_document_position)?;
    let (ns, name, _) = c.analysis.index.at(c.file, c.offset)?;
    let ix = &c.analysis.index;
    let defs: Vec<_> = ix
        .defs
        .iter()
        .filter(|d| d.ns == ns && d.name == name)
        .map(|d| d.name_span)
        .collect();
    let spans = ix
        .occurrences(ns, name)
        .into_iter()
        .filter(|s| p.context.include_declaration || !defs.contains(s));
    Some(spans.filter_map(|s| c.location(s)).collect())
}

/// The range of the name under the cursor, when it can be renamed.
pub fn prepare_rename(ws: &Workspace, p: TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
    let c = ws.cursor(&p)?;
    let (_, _, span) = c.analysis.index.at(c.file, c.offset)?;
    let (src, lines) = c.analysis.source(c.file);
    Some(PrepareRenameResponse::Range(lines.range(&src.text, span)))
}

/// Renames the name under the cursor in every file of the stack.
///
/// # Errors
/// When the new name is not a valid name, is reserved, or is taken.
pub fn rename(ws: &Workspace, p: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let Some(c) = ws.cursor(&p.text_document_position) else {
        return Ok(None);
    };
    let Some((ns, name, _)) = c.analysis.index.at(c.file, c.offset) else {
        return Ok(None);
    };
    let new = p.new_name.as_str();
    if RESERVED_NAMES.contains(&new) {
        return Err(format!("`{new}` is a reserved word and cannot name a declaration"));
    }
    if !valid_name(new) {
        return Err(format!(
            "`{new}` is not a valid name: lower case letters, digits and single `_`, starting with a letter, at most 64 characters"
        ));
    }
    if new != name && c.analysis.index.def_of(ns, new).is_some() {
        return Err(format!("`{new}` is already declared in this stack"));
    }
    let mut changes: HashMap<lsp_types::Url, Vec<TextEdit>> = HashMap::new();
    for span in c.analysis.index.occurrences(ns, name) {
        if let Some(loc) = c.location(span) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, new.to_string()));
        }
    }
    Ok(Some(WorkspaceEdit::new(changes)))
}
