//! Stack-wide rules: the reserved concurrency of all functions together,
//! output logical IDs and export names, and stack tags.
//!
//! Must not: resolve names or emit; template limits (resources, outputs,
//! size) are checked on the emitted template in `template.rs`.

use std::collections::BTreeMap;

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::output_id;
use crate::model::{Expr, Output, Stack};
use crate::source::Span;

use super::names;

/// LF0319: the reservations of all functions against the default account pool.
pub(super) fn reserved_concurrency(stack: &Stack, diags: &mut Diagnostics) {
    let mut reserved_total: u64 = 0;
    let mut reserved_sites = Vec::new();
    for (_, f) in stack.functions() {
        if let Some(r) = &f.reserved_concurrency {
            reserved_total = reserved_total.saturating_add(r.value);
            reserved_sites.push(r.span);
        }
    }
    if reserved_total > limits::RESERVED_CONCURRENCY_BUDGET {
        let mut d = Diagnostic::warning(
            Code::Concurrency,
            reserved_sites.first().copied(),
            format!(
                "the stack reserves {reserved_total} concurrent executions; a default account can reserve {}",
                limits::RESERVED_CONCURRENCY_BUDGET
            ),
        )
        .with_help("lower the reservations, or make sure the account's concurrency quota was raised");
        for s in reserved_sites.iter().skip(1) {
            d = d.with_label(*s, "also reserved here");
        }
        diags.push(d);
    }
}

/// LF0221: each output's logical ID is its own. The output declared later
/// (in file order) is reported.
pub(super) fn output_ids(stack: &Stack, diags: &mut Diagnostics) {
    let outputs = stack
        .outputs
        .iter()
        .map(|(name, o)| (name.as_str(), output_id(name), o.span));
    id_collisions(outputs.collect(), Code::OutputIdCollision, "output", diags);
}

/// Reports, as `code`, each of `items` (name, logical ID, where it is
/// declared) whose logical ID one declared earlier in the files has; `what`
/// names them (`parameter`, `output`).
pub(super) fn id_collisions(mut items: Vec<(&str, String, Span)>, code: Code, what: &str, diags: &mut Diagnostics) {
    items.sort_by_key(|(_, _, span)| *span);
    let mut first: BTreeMap<String, (&str, Span)> = BTreeMap::new();
    for (name, id, span) in items {
        if let Some((other, other_span)) = first.get(&id) {
            diags.push(
                Diagnostic::error(
                    code,
                    span,
                    format!("{what} `{name}` has the logical ID `{id}` of {what} `{other}`"),
                )
                .with_label(*other_span, format!("`{other}` is declared here"))
                .with_help(format!("rename one of the {what}s so their PascalCase names differ")),
            );
            continue;
        }
        first.insert(id, (name, span));
    }
}

/// LF0604: the export name of every output.
pub(super) fn export_names(stack: &Stack, diags: &mut Diagnostics) {
    for o in stack.outputs.values() {
        export_name(o, diags);
    }
}

/// An export name is made of text, variables, `stack.name` and `aws.*` values,
/// with only letters, digits, `:` and `-` in its text.
fn export_name(o: &Output, diags: &mut Diagnostics) {
    let Some(export) = &o.export else { return };
    let parts: Vec<&Expr> = match &export.value {
        Expr::Concat(p) => p.iter().collect(),
        other => vec![other],
    };
    for p in parts {
        match p {
            Expr::Str(t) if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-') => {
                diags.push(
                    Diagnostic::error(
                        Code::ExportName,
                        export.span,
                        format!("export names may hold only letters, digits, `:` and `-`, not `{t}`"),
                    )
                    .with_help("write the name with `-` instead of other separators, e.g. \"${stack.name}-api-url\""),
                );
            }
            Expr::Ref(r) => diags.push(
                Diagnostic::error(
                    Code::ExportName,
                    r.span,
                    "an export name cannot depend on a resource of the stack",
                )
                .with_help("build it from text, variables, `stack.name` and `aws.*` values"),
            ),
            // Valid text and `aws.*` values; parts of a concatenation are
            // never concatenations themselves.
            // A secret is read only in `env`.
            Expr::Str(_) | Expr::Pseudo(_) | Expr::Param(_) | Expr::Concat(_) | Expr::Secret(_) => {}
        }
    }
}

/// LF0314: the stack's tags (reported once, on the `tags` block).
pub(super) fn tags(stack: &Stack, diags: &mut Diagnostics) {
    if let Some((k, _)) = stack.tags.iter().find(|(k, v)| !names::tag_ok(k, v)) {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                stack.tags_span,
                format!("stack tag `{k}` is not allowed"),
            )
            .with_help(names::TAG_HELP),
        );
    }
}
