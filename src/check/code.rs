//! Packaging rules (LF07xx): code paths that exist and are not empty, and
//! the unzipped size of a function's code with its layers.
//!
//! Must not: read files or resolve names: sizes and read errors are measured
//! by the caller and handed in through [`CheckContext`].

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{CodeSource, DeclKind, Function, Stack, Target};
use crate::source::Span;

use super::CheckContext;

/// LF0701: the code path of `owner` could be packaged and is not empty.
pub(super) fn exists(diags: &mut Diagnostics, code: Option<(&CodeSource, Span)>, ctx: &CheckContext, owner: &str) {
    if let Some((CodeSource::Path { path, written }, span)) = code {
        match ctx.code_sizes.get(path) {
            None => diags.push(
                Diagnostic::error(
                    Code::CodeMissing,
                    span,
                    format!(
                        "code path `{written}` of `{owner}` cannot be packaged: {}",
                        ctx.code_errors.get(path).map_or("it does not exist", String::as_str)
                    ),
                )
                .with_help("the path is relative to the file that declares it; give a folder or a .zip"),
            ),
            Some(0) => diags.push(
                Diagnostic::warning(
                    Code::CodeMissing,
                    span,
                    format!("code path `{written}` of `{owner}` is empty (0 bytes)"),
                )
                .with_help("put the code in the folder before building; an empty package deploys but cannot run"),
            ),
            Some(_) => {}
        }
    }
}

/// LF0702: a function's code and its declared layers, unzipped, fit Lambda's limit.
pub(super) fn size(stack: &Stack, f: &Function, ctx: &CheckContext, diags: &mut Diagnostics) {
    let Some(code) = &f.code else { return };
    let CodeSource::Path { path, .. } = &code.value else {
        return;
    };
    let mut total = ctx.code_sizes.get(path).copied().unwrap_or(0);
    for l in &f.layers {
        if let Target::Decl(n) = l {
            if let Some(DeclKind::Layer(layer)) = stack.decl(&n.value).map(|d| &d.kind) {
                if let Some(CodeSource::Path { path, .. }) = layer.code.as_ref().map(|c| &c.value) {
                    total += ctx.code_sizes.get(path).copied().unwrap_or(0);
                }
            }
        }
    }
    if total > limits::UNZIPPED_MAX_BYTES {
        diags.push(
            Diagnostic::error(
                Code::CodeTooLarge,
                code.span,
                format!(
                    "code and layers are {} bytes unzipped; Lambda allows {}",
                    total,
                    limits::UNZIPPED_MAX_BYTES
                ),
            )
            .with_help("trim dependencies, or use a container image"),
        );
    }
}
