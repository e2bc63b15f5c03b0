//! The message loop: initialisation, buffer notifications, debounced
//! re-checks, and one handler per request, each run under `catch_unwind` so
//! that a bug answers one request with an error and the server goes on.
//!
//! Must not: compute answers itself; the handlers live in the sibling
//! modules and see the workspace read-only.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _, WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf, RenameOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
};
use serde_json::Value;

use super::workspace::{path_of, Document, Workspace};
use super::{actions, completion, formatting, hover, navigation, symbols};

/// How long the buffers must stay unchanged before a changed stack is
/// checked (everything but the template) and its diagnostics published.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long the editor must stay quiet before a checked stack is compiled
/// in full, adding the template's own diagnostics (size, resource count,
/// policy sizes, cycles): on a large stack emitting costs more than the
/// checks, so it waits for a pause in typing.
pub const IDLE: Duration = Duration::from_millis(250);

/// A request that always panics: how the tests prove a panic in one request
/// is answered with an error and the server goes on.
const PANIC_METHOD: &str = "lfc/panic";

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Serves the protocol on standard input and output until `exit`; runtime
/// lifecycles are judged against `today` (`YYYY-MM-DD`).
///
/// # Errors
/// When the client breaks the protocol (no `initialize`, a closed pipe).
pub fn run_stdio(today: String) -> Result<(), Error> {
    let (connection, io) = Connection::stdio();
    run(&connection, today)?;
    drop(connection);
    io.join()?;
    Ok(())
}

/// Serves the protocol on `connection` until `shutdown` and `exit`.
///
/// # Errors
/// When the client breaks the protocol.
pub fn run(connection: &Connection, today: String) -> Result<(), Error> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "lfc".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    let mut ws = Workspace {
        today,
        ..Workspace::default()
    };
    // Stacks changed since their last check, and checked but not compiled.
    let mut dirty: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stale: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        let wait = match (dirty.is_empty(), stale.is_empty()) {
            (false, _) => Some(DEBOUNCE),
            (true, false) => Some(IDLE),
            (true, true) => None,
        };
        let msg = match wait {
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            },
            Some(wait) => match connection.receiver.recv_timeout(wait) {
                Ok(m) => m,
                Err(e) if e.is_timeout() => {
                    if dirty.is_empty() {
                        recheck(connection, &mut ws, &mut stale, true)?;
                    } else {
                        stale.extend(dirty.iter().cloned());
                        recheck(connection, &mut ws, &mut dirty, false)?;
                    }
                    continue;
                }
                Err(_) => return Ok(()),
            },
        };
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                // Answers see the text the editor has now.
                stale.extend(dirty.iter().cloned());
                recheck(connection, &mut ws, &mut dirty, false)?;
                connection.sender.send(answer(&ws, &req).into())?;
            }
            Message::Notification(n) => {
                if n.method == "exit" {
                    return Ok(());
                }
                match catch_unwind(AssertUnwindSafe(|| notify(&mut ws, &n))) {
                    Ok(Some(main)) => {
                        dirty.insert(main);
                    }
                    Ok(None) => {}
                    Err(_) => eprintln!("lfc lsp: `{}` failed inside the server; the server goes on", n.method),
                }
            }
            Message::Response(_) => {}
        }
    }
}

/// What the server offers.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ".".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The response to a request: its handler's answer, or an error when the
/// parameters are wrong, the method unknown, or the handler panicked.
fn answer(ws: &Workspace, req: &Request) -> Response {
    let id = req.id.clone();
    match catch_unwind(AssertUnwindSafe(|| dispatch(ws, req))) {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
        Err(_) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("lfc lsp: `{}` failed inside the server; the server goes on", req.method),
        ),
    }
}

/// Re-checks (`full`: compiles) every stack in `mains`, emptying it, and
/// publishes their diagnostics.
fn recheck(
    connection: &Connection,
    ws: &mut Workspace,
    mains: &mut BTreeSet<PathBuf>,
    full: bool,
) -> Result<(), Error> {
    for main in std::mem::take(mains) {
        let checked = catch_unwind(AssertUnwindSafe(|| {
            if !ws.check(&main, full) {
                return Vec::new();
            }
            let docs = &ws.docs;
            let version = |p: &std::path::Path| docs.get(p).map(|d| d.version);
            ws.stacks
                .get_mut(&main)
                .map(|a| super::publish::publish(a, version))
                .unwrap_or_default()
        }));
        let Ok(params) = checked else {
            eprintln!("lfc lsp: checking {} failed inside the server", main.display());
            continue;
        };
        for p in params {
            let n = Notification::new(PublishDiagnostics::METHOD.to_string(), p);
            connection.sender.send(n.into())?;
        }
    }
    Ok(())
}

/// Applies a buffer notification; returns the main file of the stack to re-check.
fn notify(ws: &mut Workspace, n: &Notification) -> Option<PathBuf> {
    let params = n.params.clone();
    let path = match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(params).ok()?;
            let path = path_of(&p.text_document.uri)?;
            let doc = Document::new(p.text_document.text, p.text_document.version);
            ws.docs.insert(path.clone(), doc);
            path
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(params).ok()?;
            let path = path_of(&p.text_document.uri)?;
            let doc = ws.docs.get_mut(&path)?;
            let mut text = std::mem::take(&mut doc.text);
            for change in p.content_changes {
                match change.range {
                    Some(range) => {
                        let lines = super::position::LineIndex::new(&text);
                        let start = lines.offset(&text, range.start);
                        let end = lines.offset(&text, range.end).max(start);
                        text.replace_range(start..end, &change.text);
                    }
                    None => text = change.text,
                }
            }
            *doc = Document::new(text, p.text_document.version);
            path
        }
        DidSaveTextDocument::METHOD => {
            let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(params).ok()?;
            path_of(&p.text_document.uri)?
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(params).ok()?;
            let path = path_of(&p.text_document.uri)?;
            ws.docs.remove(&path);
            path
        }
        _ => return None,
    };
    Some(ws.main_of(&path))
}

/// Runs the handler for a request.
fn dispatch(ws: &Workspace, req: &Request) -> Result<Value, (ErrorCode, String)> {
    /// Parses the parameters, runs `f`, serialises its answer.
    fn call<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        req: &Request,
        ws: &Workspace,
        f: impl FnOnce(&Workspace, P) -> Result<R, String>,
    ) -> Result<Value, (ErrorCode, String)> {
        let invalid = |m: String| (ErrorCode::InvalidParams, m);
        let params: P =
            serde_json::from_value(req.params.clone()).map_err(|e| invalid(format!("bad parameters: {e}")))?;
        let result = f(ws, params).map_err(invalid)?;
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
    match req.method.as_str() {
        HoverRequest::METHOD => call(req, ws, |ws, p| Ok(hover::hover(ws, p))),
        Completion::METHOD => call(req, ws, |ws, p| Ok(completion::complete(ws, p))),
        GotoDefinition::METHOD => call(req, ws, |ws, p| Ok(navigation::definition(ws, p))),
        References::METHOD => call(req, ws, |ws, p| Ok(navigation::references(ws, p))),
        PrepareRenameRequest::METHOD => call(req, ws, |ws, p| Ok(navigation::prepare_rename(ws, p))),
        Rename::METHOD => call(req, ws, navigation::rename),
        DocumentSymbolRequest::METHOD => call(req, ws, |ws, p| Ok(symbols::document(ws, p))),
        WorkspaceSymbolRequest::METHOD => call(req, ws, |ws, p| Ok(symbols::workspace(ws, p))),
        Formatting::METHOD => call(req, ws, |ws, p| Ok(formatting::format(ws, p))),
        CodeActionRequest::METHOD => call(req, ws, |ws, p| Ok(actions::code_actions(ws, p))),
        PANIC_METHOD => panic!("`{PANIC_METHOD}` panics on purpose"),
        other => Err((ErrorCode::MethodNotFound, format!("lfc lsp does not handle `{other}`"))),
    }
}
