//! Rules that depend on a function's runtime: known identifiers, lifecycle
//! dates, architecture, handler shape, inline code and SnapStart.
//!
//! Must not: resolve names or emit; runtime facts come from `data::runtimes`
//! and are never written here.

use crate::data::{limits, runtimes};
use crate::dates::{days_between, Date};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{CodeSource, Function};
use crate::source::Span;

use super::CheckContext;

/// LF0304: `id` is not a Lambda runtime.
pub(super) fn unknown_runtime(diags: &mut Diagnostics, id: &str, span: Span) {
    let d = Diagnostic::error(Code::UnknownRuntime, span, format!("`{id}` is not a Lambda runtime"));
    diags.push(d.with_closest(
        id,
        runtimes::ids(),
        "use a runtime such as python3.13, nodejs22.x, java21, dotnet8, ruby3.4 or provided.al2023",
    ));
}

/// Every rule on zip function `f` whose runtime `rt` is written at `span`.
pub(super) fn rules(
    f: &Function,
    rt: &runtimes::Runtime,
    span: Span,
    decl_span: Span,
    ctx: &CheckContext,
    diags: &mut Diagnostics,
) {
    lifecycle(diags, rt, span, &ctx.today);
    if f.architecture.value == crate::model::Architecture::Arm64 && !rt.arm64 {
        diags.push(
            Diagnostic::error(
                Code::Architecture,
                f.architecture.span,
                format!("arm64 is not available on {}", rt.id),
            )
            .with_label(span, "this runtime")
            .with_help("use x86_64, or a runtime on Amazon Linux 2 or 2023"),
        );
    }
    if let Some(h) = &f.handler {
        handler(diags, rt, &h.value, h.span);
    }
    inline_code(f, rt, span, diags);
    snapstart(f, rt, decl_span, diags);
}

/// LF0305 and LF0306: a runtime past its block-create date, or deprecated
/// (or about to be) on `today`.
fn lifecycle(diags: &mut Diagnostics, rt: &runtimes::Runtime, span: Span, today: &str) {
    if let Some(block) = rt.block_create.filter(|d| today >= *d) {
        diags.push(
            Diagnostic::error(
                Code::RuntimeBlocked,
                span,
                format!("{} cannot be used for new functions since {block}", rt.id),
            )
            .with_help(format!(
                "move to a supported runtime{}; checked against {today} (set --today or LFC_TODAY to change)",
                rt.block_update
                    .filter(|u| today < *u)
                    .map(|u| format!(" (existing functions can still be updated until {u})"))
                    .unwrap_or_default()
            )),
        );
        return;
    }
    let Some(dep) = rt.deprecation else { return };
    // `today` is checked by the command line; the table's dates by the test below.
    let (Ok(from), Ok(to)) = (Date::parse(today), Date::parse(dep)) else {
        return;
    };
    let days = days_between(from, to);
    if days <= limits::DEPRECATION_WARNING_DAYS {
        let msg = if days <= 0 {
            format!("{} is deprecated since {dep}", rt.id)
        } else {
            format!("{} will be deprecated on {dep}, in {days} days", rt.id)
        };
        diags.push(
            Diagnostic::warning(Code::RuntimeDeprecated, span, msg).with_help(format!(
                "plan the move to a newer runtime{}",
                match (rt.block_create, rt.block_update) {
                    (Some(b), Some(u)) => format!("; new functions are blocked from {b}, updates from {u}"),
                    (Some(b), None) => format!("; new functions are blocked from {b}"),
                    (None, Some(u)) => format!("; updates are blocked from {u}"),
                    (None, None) => String::new(),
                }
            )),
        );
    }
}

/// LF0307: the handler has the shape the runtime's family looks for.
fn handler(diags: &mut Diagnostics, rt: &runtimes::Runtime, h: &str, span: Span) {
    use runtimes::Family;
    if h.is_empty() || h.len() > limits::HANDLER_MAX || h.chars().any(char::is_whitespace) {
        diags.push(
            Diagnostic::error(
                Code::HandlerShape,
                span,
                "a handler is 1 to 128 characters without spaces",
            )
            .with_help("write the handler as `file.function`"),
        );
        return;
    }
    let (ok, severity, shape) = match rt.family {
        Family::Python | Family::Node => {
            let ok = h.rsplit_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
            (ok, true, "`file.function`, such as `index.handler`")
        }
        Family::Ruby => (h.contains('.'), false, "`file.method` or `file.Module::Class.method`"),
        Family::Java => (
            h.contains('.') && !h.ends_with("::"),
            false,
            "`package.Class` or `package.Class::method`",
        ),
        Family::Dotnet => (h.split("::").count() == 3, false, "`Assembly::Namespace.Class::Method`"),
        Family::Provided => (h == "bootstrap", false, "`bootstrap` (the executable Lambda runs)"),
        Family::Go => (!h.is_empty(), false, "the executable's name"),
    };
    if !ok {
        let msg = format!("handler `{h}` does not fit {}: expected {shape}", rt.id);
        let d = if severity {
            Diagnostic::error(Code::HandlerShape, span, msg)
        } else {
            Diagnostic::warning(Code::HandlerShape, span, msg)
        };
        diags.push(d.with_help(format!("write the handler as {shape}")));
    }
}

/// LF0309: inline code needs a python or nodejs runtime, an `index.` handler,
/// and (for Node.js) CommonJS.
fn inline_code(f: &Function, rt: &runtimes::Runtime, span: Span, diags: &mut Diagnostics) {
    let Some(code) = &f.code else { return };
    let CodeSource::Inline(text) = &code.value else {
        return;
    };
    // CloudFormation writes Node.js inline code to index.js, a CommonJS module.
    let esm = text
        .lines()
        .map(str::trim_start)
        .any(|l| l.starts_with("export ") || (l.starts_with("import ") && l.contains(" from ")));
    if rt.family == runtimes::Family::Node && esm {
        diags.push(
            Diagnostic::warning(
                Code::InlineCode,
                code.span,
                "inline Node.js code is loaded as CommonJS (index.js): `import`/`export` will fail",
            )
            .with_help("use `exports.handler = …` and `require(…)`, or put the code in a folder with index.mjs"),
        );
    }
    // A missing or invalid handler is reported on its own.
    let inline_ok = matches!(rt.family, runtimes::Family::Node | runtimes::Family::Python)
        && f.handler.as_ref().is_none_or(|h| h.value.starts_with("index."));
    if !inline_ok {
        diags.push(
            Diagnostic::error(
                Code::InlineCode,
                code.span,
                "inline code needs a python or nodejs runtime and a handler `index.NAME`",
            )
            .with_label(span, "this runtime")
            .with_help("CloudFormation writes inline code to a file named `index`"),
        );
    }
}

/// LF0318: SnapStart's runtimes, and what it cannot be combined with.
fn snapstart(f: &Function, rt: &runtimes::Runtime, decl_span: Span, diags: &mut Diagnostics) {
    if !f.snapstart.as_ref().is_some_and(|s| s.value) {
        return;
    }
    let span = f.snapstart.as_ref().map_or(decl_span, |s| s.span);
    if !rt.supports_snapstart() {
        diags.push(
            Diagnostic::error(Code::SnapStart, span, format!("SnapStart does not support {}", rt.id))
                .with_help("SnapStart works with java 11+, python 3.12+ and dotnet 8+"),
        );
    }
    if f.provisioned_concurrency.is_some() {
        diags.push(
            Diagnostic::error(
                Code::SnapStart,
                span,
                "SnapStart cannot be combined with provisioned concurrency",
            )
            .with_help("choose one of them"),
        );
    }
    if f.storage.value > limits::STORAGE_MIN_MB {
        diags.push(
            Diagnostic::error(
                Code::SnapStart,
                span,
                "SnapStart cannot be combined with more than 512MB of storage",
            )
            .with_label(f.storage.span, "storage set here")
            .with_help("lower the storage to 512MB"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::data::runtimes::RUNTIMES;
    use crate::dates::Date;

    #[test]
    fn every_lifecycle_date_of_the_runtime_table_is_a_calendar_date() {
        for rt in RUNTIMES {
            for d in [rt.deprecation, rt.block_create, rt.block_update].into_iter().flatten() {
                assert!(Date::parse(d).is_ok(), "{}: {d}", rt.id);
            }
        }
    }
}
