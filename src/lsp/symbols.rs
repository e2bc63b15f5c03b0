//! Document symbols (the outline of one file) and workspace symbols (every
//! declared name of every checked stack, filtered by the query).
//!
//! Must not: list anything the index does not hold.

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation, SymbolKind,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::index::{Def, Namespace};
use super::workspace::{path_of, url_of, Analysis, Workspace};
use crate::model::Kind;

/// The symbol kind shown for a declaration keyword.
fn kind_of(def: &Def) -> SymbolKind {
    match def.ns {
        Namespace::Var => SymbolKind::VARIABLE,
        Namespace::Output => SymbolKind::PROPERTY,
        Namespace::Decl => match Kind::from_keyword(&def.keyword) {
            Some(Kind::Function) => SymbolKind::FUNCTION,
            Some(Kind::Workflow) => SymbolKind::EVENT,
            Some(Kind::Queue | Kind::Topic | Kind::Stream) => SymbolKind::INTERFACE,
            Some(Kind::Bucket | Kind::Table) => SymbolKind::STRUCT,
            Some(Kind::Api) => SymbolKind::MODULE,
            Some(Kind::Layer | Kind::Role) => SymbolKind::CLASS,
            // A keyword lfc does not know (the file also gets LF0110).
            None => SymbolKind::OBJECT,
        },
    }
}

/// The outline of one file.
pub fn document(ws: &Workspace, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let path = path_of(&p.text_document.uri)?;
    let (a, file) = ws.analysis_of(&path)?;
    let (src, lines) = a.source(file);
    #[allow(deprecated)] // `deprecated` is a required field of the type.
    let symbols = a
        .index
        .defs
        .iter()
        .filter(|d| d.name_span.file == file)
        .map(|d| DocumentSymbol {
            name: d.name.clone(),
            detail: Some(d.keyword.clone()),
            kind: kind_of(d),
            tags: None,
            deprecated: None,
            range: lines.range(&src.text, d.span),
            selection_range: lines.range(&src.text, d.name_span),
            children: None,
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// Every declared name whose name contains the query (case-insensitive).
pub fn workspace(ws: &Workspace, p: WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
    let query = p.query.to_lowercase();
    let mut out = Vec::new();
    for a in ws.stacks.values() {
        out.extend(
            a.index
                .defs
                .iter()
                .filter(|d| d.name.contains(&query))
                .filter_map(|d| information(a, d)),
        );
    }
    Some(WorkspaceSymbolResponse::Flat(out))
}

fn information(a: &Analysis, d: &Def) -> Option<SymbolInformation> {
    let (src, lines) = a.source(d.name_span.file);
    #[allow(deprecated)] // `deprecated` is a required field of the type.
    Some(SymbolInformation {
        name: d.name.clone(),
        kind: kind_of(d),
        tags: None,
        deprecated: None,
        location: Location::new(url_of(&src.path)?, lines.range(&src.text, d.span)),
        container_name: Some(d.keyword.clone()),
    })
}
