//! References that name something the target does not have (LF0205): a
//! function's `url` when it declares no `url { }`.
//!
//! Must not: resolve names (the model did: every reference here names a
//! declaration of the right kind, with an attribute the kind can have) or emit.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Attr, DeclKind, Stack};

/// LF0205: `FN.url` on a function without a function URL.
pub(super) fn missing_function_urls(stack: &Stack, diags: &mut Diagnostics) {
    for r in stack.refs() {
        let Some(DeclKind::Function(f)) = stack.decl(&r.target).map(|d| &d.kind) else {
            continue;
        };
        if r.attr == Attr::Url && f.url.is_none() {
            let name = &r.target;
            diags.push(
                Diagnostic::error(
                    Code::UnknownAttribute,
                    r.span,
                    format!("function `{name}` has no `url`"),
                )
                .with_help(format!("add `url {{ }}` to `{name}`, or reference its `arn`")),
            );
        }
    }
}
