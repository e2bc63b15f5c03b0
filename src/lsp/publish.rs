//! Diagnostics publishing: a checked stack's diagnostics as
//! `textDocument/publishDiagnostics` notifications, one per file of the
//! stack (an empty list clears a file that is clean again).
//!
//! Must not: filter, reword or re-rank what the compiler reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, PublishDiagnosticsParams, Range,
};

use super::workspace::{url_of, Analysis};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileId;

/// One compiler diagnostic in protocol form; problems of the whole stack
/// (no span) sit at the start of the main file.
pub fn to_lsp(a: &Analysis, d: &Diagnostic) -> (FileId, lsp_types::Diagnostic) {
    let (file, range) = match d.span {
        Some(span) => {
            let (src, lines) = a.source(span.file);
            (span.file, lines.range(&src.text, span))
        }
        None => (FileId(0), Range::default()),
    };
    let related = d
        .labels
        .iter()
        .filter_map(|l| {
            let (src, lines) = a.source(l.span.file);
            Some(DiagnosticRelatedInformation {
                location: Location::new(url_of(&src.path)?, lines.range(&src.text, l.span)),
                message: l.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let diagnostic = lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("lfc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    };
    (file, diagnostic)
}

/// The notifications to send after `a` was checked: every file of the stack
/// (with the version of its open buffer, from `version`), and every file
/// published last time that is no longer part of it. Records what was
/// published in `a`.
pub fn publish(a: &mut Analysis, version: impl Fn(&Path) -> Option<i32>) -> Vec<PublishDiagnosticsParams> {
    let mut by_file: BTreeMap<FileId, Vec<lsp_types::Diagnostic>> =
        a.output.sources.files().map(|(id, _)| (id, Vec::new())).collect();
    for d in a.output.diagnostics.sorted() {
        let (file, diag) = to_lsp(a, d);
        by_file.entry(file).or_default().push(diag);
    }
    let mut now: BTreeSet<PathBuf> = BTreeSet::new();
    let mut out = Vec::new();
    for (id, diagnostics) in by_file {
        let path = &a.output.sources.get(id).path;
        now.insert(path.clone());
        if let Some(uri) = url_of(path) {
            out.push(PublishDiagnosticsParams::new(uri, diagnostics, version(path)));
        }
    }
    for gone in a.published.difference(&now) {
        if let Some(uri) = url_of(gone) {
            out.push(PublishDiagnosticsParams::new(uri, Vec::new(), None));
        }
    }
    a.published = now;
    out
}
