//! Stage 3, check: every rule about what AWS would reject or what is likely
//! wrong, on the resolved model (and, for template limits, on the emitted
//! template). One diagnostic type; limits, runtimes and enums come from the
//! `data` tables.
//!
//! Must not: change the model, emit resources, or read files (code sizes are
//! measured by the caller and handed in).

pub mod schedule;
mod template;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use template::{check_role_policies, check_template};

use crate::data::{limits, runtimes};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::{CodeSource, DeclKind, Function, Stack, Target, TriggerKind};
use crate::source::Span;

/// What checks need besides the model.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// The reference date for runtime lifecycles, `YYYY-MM-DD`.
    pub today: String,
    /// Unzipped size in bytes of each code path that exists.
    pub code_sizes: BTreeMap<PathBuf, u64>,
    /// Why a code path could not be read or packaged.
    pub code_errors: BTreeMap<PathBuf, String>,
}

/// Runs every model rule.
pub fn check(stack: &Stack, ctx: &CheckContext, diags: &mut Diagnostics) {
    let mut reserved_total: u64 = 0;
    let mut reserved_sites = Vec::new();
    for (name, f) in stack.functions() {
        let decl_span = stack.decl(name).map_or(Span::default(), |d| d.name_span);
        function(stack, name, decl_span, f, ctx, diags);
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
    for (name, decl) in &stack.decls {
        if let DeclKind::Layer(l) = &decl.kind {
            if let Some(d) = &l.description {
                text_limit(diags, d.span, "a layer description", &d.value, limits::DESCRIPTION_MAX);
            }
            for r in &l.runtimes {
                if runtimes::find(&r.value).is_none() {
                    unknown_runtime(diags, &r.value, r.span);
                }
            }
            code_exists(diags, l.code.as_ref().map(|c| (&c.value, c.span)), ctx, name);
        }
        if let DeclKind::Queue(q) = &decl.kind {
            queue(stack, name, q, diags);
        }
        if let DeclKind::Role(r) = &decl.kind {
            r.statements.iter().for_each(|raw| wildcards(diags, raw));
        }
        if let DeclKind::Stream(st) = &decl.kind {
            if let Some(n) = st.shards.as_ref().filter(|n| n.value == 0) {
                diags.push(
                    Diagnostic::error(Code::WrongType, n.span, "a stream needs at least 1 shard")
                        .with_help("write `shards = 1` or more, or leave it out for on-demand mode"),
                );
            }
            if let Some(h) = st.retention_hours.as_ref().filter(|h| h.value < 24 || h.value > 8760) {
                diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        h.span,
                        "stream retention is 24h to 365d, in whole hours",
                    )
                    .with_help("write a retention from `24h` to `365d`"),
                );
            }
        }
    }
    for decl in stack.decls.values() {
        physical_name(&decl.kind, diags);
        if let DeclKind::Workflow(w) = &decl.kind {
            workflow(w, decl.name_span, diags);
        }
        if let DeclKind::Role(r) = &decl.kind {
            role(r, diags);
        }
        if let DeclKind::Function(f) = &decl.kind {
            f.statements.iter().for_each(|raw| policy_characters(raw, diags));
        }
    }
    for o in stack.outputs.values() {
        export_name(o, diags);
    }
    if let Some((k, _)) = stack.tags.iter().find(|(k, v)| {
        k.starts_with("aws:")
            || k.is_empty()
            || k.chars().count() > limits::TAG_KEY_MAX
            || v.chars().count() > limits::TAG_VALUE_MAX
    }) {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                stack.tags_span,
                format!("stack tag `{k}` is not allowed"),
            )
            .with_help("tag keys are 1 to 128 characters and may not start with `aws:`; values at most 256"),
        );
    }
    stream_arn_refs(stack, diags);
    s3_overlaps(stack, diags);
    duplicate_routes(stack, diags);
    crate::graph::check_user_cycles(stack, diags);
}

fn text_limit(diags: &mut Diagnostics, span: Span, what: &str, text: &str, max: usize) {
    let n = text.chars().count();
    if n > max {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                span,
                format!("{what} is {n} characters; the maximum is {max}"),
            )
            .with_help(format!("shorten it to {max} characters")),
        );
    }
}

fn unknown_runtime(diags: &mut Diagnostics, id: &str, span: Span) {
    let mut d = Diagnostic::error(Code::UnknownRuntime, span, format!("`{id}` is not a Lambda runtime"));
    d = match did_you_mean(id, runtimes::ids()) {
        Some(h) => d.with_help(h),
        None => {
            d.with_help("use a runtime such as python3.13, nodejs22.x, java21, dotnet8, ruby3.4 or provided.al2023")
        }
    };
    diags.push(d);
}

fn code_exists(diags: &mut Diagnostics, code: Option<(&CodeSource, Span)>, ctx: &CheckContext, owner: &str) {
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

/// A numeric range rule: what it is called, its code, its bounds and unit.
struct Range {
    what: &'static str,
    code: Code,
    min: u64,
    max: u64,
    unit: &'static str,
}

const MEMORY: Range = Range {
    what: "memory",
    code: Code::MemoryRange,
    min: limits::MEMORY_MIN_MB,
    max: limits::MEMORY_MAX_MB,
    unit: "MB",
};
const TIMEOUT: Range = Range {
    what: "timeout",
    code: Code::TimeoutRange,
    min: limits::TIMEOUT_MIN_S,
    max: limits::TIMEOUT_MAX_S,
    unit: "s",
};
const STORAGE: Range = Range {
    what: "storage",
    code: Code::StorageRange,
    min: limits::STORAGE_MIN_MB,
    max: limits::STORAGE_MAX_MB,
    unit: "MB",
};

impl Range {
    fn check(&self, diags: &mut Diagnostics, value: &crate::model::Spanned<u64>) {
        let Range {
            what,
            code,
            min,
            max,
            unit,
        } = *self;
        let v = value.value;
        if v < min || v > max {
            let (side, bound, limit) = if v < min {
                ("below", "minimum", min)
            } else {
                ("above", "maximum", max)
            };
            // Sizes written in GB read back in GB: `memory 20GB`, not `20480MB`.
            let shown = if unit == "MB" && v >= 1024 && v % 1024 == 0 {
                format!("{}GB", v / 1024)
            } else {
                format!("{v}{unit}")
            };
            diags.push(
                Diagnostic::error(
                    code,
                    value.span,
                    format!("{what} {shown} is {side} Lambda's {bound} of {limit}{unit}"),
                )
                .with_help(format!("use a value from {min}{unit} to {max}{unit}")),
            );
        }
    }
}

fn function(stack: &Stack, name: &str, decl_span: Span, f: &Function, ctx: &CheckContext, diags: &mut Diagnostics) {
    MEMORY.check(diags, &f.memory);
    if f.memory.value > limits::MEMORY_NEW_ACCOUNT_MB && f.memory.value <= limits::MEMORY_MAX_MB {
        diags.push(
            Diagnostic::warning(
                Code::MemoryAccount,
                f.memory.span,
                format!(
                    "memory {}MB is above the {}MB that new accounts start with",
                    f.memory.value,
                    limits::MEMORY_NEW_ACCOUNT_MB
                ),
            )
            .with_help("fine if your account's memory quota allows it"),
        );
    }
    TIMEOUT.check(diags, &f.timeout);
    STORAGE.check(diags, &f.storage);
    log_retention(f, diags);
    if let Some(d) = &f.description {
        text_limit(diags, d.span, "the description", &d.value, limits::DESCRIPTION_MAX);
    }
    if let Some(n) = &f.name {
        let ok = !n.value.is_empty()
            && n.value.len() <= limits::FUNCTION_NAME_MAX
            && n.value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            diags.push(
                Diagnostic::error(
                    Code::TextLimit,
                    n.span,
                    format!("`{}` is not a valid function name", n.value),
                )
                .with_help("function names are 1 to 64 characters of letters, digits, `-` and `_`"),
            );
        }
    }

    let is_image = matches!(f.code.as_ref().map(|c| &c.value), Some(CodeSource::Image(_)));
    let runtime = f
        .runtime
        .as_ref()
        .and_then(|r| runtimes::find(&r.value).map(|rt| (rt, r.span)));
    if is_image {
        for (present, what) in [
            (f.runtime.as_ref().map(|r| r.span), "runtime"),
            (f.handler.as_ref().map(|h| h.span), "handler"),
            (f.layers.first().map(Target::span), "layers"),
        ] {
            if let Some(span) = present {
                diags.push(
                    Diagnostic::error(
                        Code::ImageExclusive,
                        span,
                        format!("an image function cannot have `{what}`"),
                    )
                    .with_help(format!("remove `{what}`: the image brings it")),
                );
            }
        }
    } else {
        for (missing, what, help) in [
            (
                f.runtime.is_none(),
                "runtime",
                "add `runtime = python3.13`, or a default runtime in `stack { defaults { … } }`",
            ),
            (
                f.handler.is_none(),
                "handler",
                "add `handler = \"index.handler\"` (file.function for python and node)",
            ),
            (
                f.code.is_none(),
                "code",
                "add `code = \"src/NAME\"` (a folder or .zip), `inline \"\"\"…\"\"\"` or `image = \"…\"`",
            ),
        ] {
            if missing {
                diags.push(
                    Diagnostic::error(
                        Code::MissingProperty,
                        decl_span,
                        format!("function `{name}` needs `{what}`"),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(r) = &f.runtime {
            if runtimes::find(&r.value).is_none() {
                unknown_runtime(diags, &r.value, r.span);
            }
        }
    }
    if let Some((rt, span)) = runtime.filter(|_| !is_image) {
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
        if let Some(code) = &f.code {
            if let CodeSource::Inline(text) = &code.value {
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
                        .with_help(
                            "use `exports.handler = …` and `require(…)`, or put the code in a folder with index.mjs",
                        ),
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
        }
        if f.snapstart.as_ref().is_some_and(|s| s.value) {
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
    }
    code_exists(diags, f.code.as_ref().map(|c| (&c.value, c.span)), ctx, name);
    code_size(stack, f, ctx, diags);

    env(diags, f);
    if f.layers.len() > limits::LAYERS_MAX {
        diags.push(
            Diagnostic::error(
                Code::TooManyLayers,
                f.layers[limits::LAYERS_MAX].span(),
                format!(
                    "function `{name}` has {} layers; the maximum is {}",
                    f.layers.len(),
                    limits::LAYERS_MAX
                ),
            )
            .with_help("merge layers, or move code into the function"),
        );
    }
    for l in &f.layers {
        match l {
            Target::Arn(s) => {
                let parts: Vec<&str> = s.value.split(':').collect();
                let ok = parts.len() == 8
                    && parts[0] == "arn"
                    && parts[2] == "lambda"
                    && parts[5] == "layer"
                    && parts[7].parse::<u64>().is_ok_and(|v| v >= 1);
                if !ok {
                    diags.push(
                        Diagnostic::error(
                            Code::WrongType,
                            s.span,
                            "a layer ARN must name a version: `arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`",
                        )
                        .with_help("add the version number at the end"),
                    );
                }
            }
            Target::Decl(n) => layer_compat(stack, f, n, runtime.map(|(r, _)| r.id), diags),
        }
    }
    let tag_count = f.tags.len() + stack.tags.iter().filter(|(k, _)| !f.tags.contains_key(*k)).count();
    if tag_count > limits::TAGS_MAX {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                decl_span,
                format!(
                    "function `{name}` would carry {tag_count} tags; the maximum is {}",
                    limits::TAGS_MAX
                ),
            )
            .with_help("remove tags"),
        );
    }
    for (k, v) in &f.tags {
        if k.starts_with("aws:")
            || k.is_empty()
            || k.chars().count() > limits::TAG_KEY_MAX
            || v.value.chars().count() > limits::TAG_VALUE_MAX
        {
            diags.push(
                Diagnostic::error(Code::TextLimit, v.span, format!("tag `{k}` is not allowed"))
                    .with_help("tag keys are 1 to 128 characters and may not start with `aws:`; values at most 256"),
            );
        }
    }
    vpc(f, decl_span, diags);
    let json_logs = f.logs.format.as_ref().is_some_and(|x| x.value == "json");
    for lvl in [&f.logs.level, &f.logs.system_level].into_iter().flatten() {
        if !json_logs {
            diags.push(
                Diagnostic::error(Code::LogSettings, lvl.span, "log levels need the JSON log format")
                    .with_help("add `format = json` to `logs`"),
            );
        }
    }
    if let (Some(p), r) = (&f.provisioned_concurrency, &f.reserved_concurrency) {
        if p.value < 1 || r.as_ref().is_some_and(|r| p.value > r.value) {
            let mut d = Diagnostic::error(
                Code::Concurrency,
                p.span,
                "provisioned concurrency must be at least 1 and at most the reserved concurrency",
            );
            if let Some(r) = r {
                d = d.with_label(r.span, "reserved concurrency");
            }
            diags.push(d.with_help("adjust the numbers"));
        }
    }
    if let Some(a) = &f.async_config {
        if let Some(r) = a.retries.as_ref().filter(|r| r.value > limits::ASYNC_RETRIES_MAX) {
            diags.push(
                Diagnostic::error(
                    Code::AsyncRange,
                    r.span,
                    format!(
                        "async retries {} is above the maximum of {}",
                        r.value,
                        limits::ASYNC_RETRIES_MAX
                    ),
                )
                .with_help("use 0, 1 or 2"),
            );
        }
        if let Some(m) = a
            .max_age
            .as_ref()
            .filter(|m| m.value < limits::ASYNC_AGE_S.0 || m.value > limits::ASYNC_AGE_S.1)
        {
            diags.push(
                Diagnostic::error(Code::AsyncRange, m.span, "async max_age must be from 60s to 6h")
                    .with_help("use a value from 1min to 6h"),
            );
        }
    }
    if let Some(u) = &f.url {
        if u.auth.value == "none" {
            diags.push(
                Diagnostic::warning(
                    Code::PublicUrl,
                    u.auth.span,
                    format!("function `{name}` gets a public URL: anyone can invoke it"),
                )
                .with_help("use `auth = iam` unless the function is meant to be public"),
            );
        }
    }
    for raw in &f.statements {
        wildcards(diags, raw);
    }
    invocation_paths(stack, name, decl_span, f, diags);
    for t in &f.triggers {
        trigger_rules(stack, f, t, diags);
    }
    if let Some(dl) = &f.dead_letter {
        fifo_destination(stack, dl, "a dead-letter target", diags);
    }
    if let Some(a) = &f.async_config {
        for t in [&a.on_success, &a.on_failure].into_iter().flatten() {
            fifo_destination(stack, t, "an asynchronous destination", diags);
            destination_service(t, ASYNC_DESTINATION_SERVICES, "an asynchronous destination", diags);
        }
    }
    recursive_loops(stack, f, diags);
}

fn lifecycle(diags: &mut Diagnostics, rt: &runtimes::Runtime, span: Span, today: &str) {
    if let Some(block) = rt.block_create.filter(|d| today >= *d) {
        diags.push(
            Diagnostic::error(
                Code::RuntimeBlocked,
                span,
                format!("{} cannot be used for new functions since {block}", rt.id),
            )
            .with_help(format!(
                "move to a supported runtime; checked against {today} (set --today or LFC_TODAY to change)"
            )),
        );
        return;
    }
    if let Some(dep) = rt.deprecation {
        let days = days_between(today, dep);
        if days <= limits::DEPRECATION_WARNING_DAYS {
            let msg = if days <= 0 {
                format!("{} is deprecated since {dep}", rt.id)
            } else {
                format!("{} will be deprecated on {dep}, in {days} days", rt.id)
            };
            diags.push(
                Diagnostic::warning(Code::RuntimeDeprecated, span, msg).with_help(format!(
                    "plan the move to a newer runtime{}",
                    rt.block_create
                        .map(|b| format!("; new functions are blocked from {b}"))
                        .unwrap_or_default()
                )),
            );
        }
    }
}

/// Days from `a` to `b` (`YYYY-MM-DD`), negative when `b` is earlier.
fn days_between(a: &str, b: &str) -> i64 {
    day_number(b) - day_number(a)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn day_number(date: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let (y, m, d) = (part(0..4), part(5..7), part(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

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

/// Estimated size of a value only known at deploy time (an ARN, a URL).
const UNRESOLVED_VALUE_BYTES: usize = 128;

fn env(diags: &mut Diagnostics, f: &Function) {
    let mut total = 2; // {}
    let mut unresolved = false;
    for (i, (k, v)) in f.env.iter().enumerate() {
        let kspan = f.env_key_spans.get(k).copied().unwrap_or(v.span);
        let key_ok = k.len() >= 2
            && k.starts_with(|c: char| c.is_ascii_alphabetic())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !key_ok {
            diags.push(
                Diagnostic::error(
                    Code::EnvKey,
                    kspan,
                    format!("`{k}` is not a valid environment variable name"),
                )
                .with_help("start with a letter, use letters, digits and `_`, at least 2 characters"),
            );
        }
        if limits::RESERVED_ENV_KEYS.contains(&k.as_str()) {
            diags.push(
                Diagnostic::error(Code::EnvReserved, kspan, format!("`{k}` is reserved by Lambda"))
                    .with_help("Lambda sets it itself; read that value, or use another name"),
            );
        } else if k == "TZ" {
            diags.push(
                Diagnostic::warning(
                    Code::EnvReserved,
                    kspan,
                    "`TZ` changes the time zone of the runtime; Lambda expects UTC",
                )
                .with_help("keep the runtime on UTC and convert times in code"),
            );
        }
        let value_len = match v.value.as_literal() {
            Some(s) => serde_json::to_string(s).map_or(0, |j| j.len()),
            None => {
                unresolved = true;
                UNRESOLVED_VALUE_BYTES + 2
            }
        };
        total += serde_json::to_string(k).map_or(0, |j| j.len()) + 1 + value_len + usize::from(i > 0);
    }
    let span = f.env.values().next().map(|v| v.span);
    if total > limits::ENV_MAX_BYTES {
        let msg = format!(
            "the environment is {total} bytes as JSON; Lambda allows {}",
            limits::ENV_MAX_BYTES
        );
        let d = if unresolved {
            Diagnostic::warning(Code::EnvTooLarge, span, msg + " (deploy-time values estimated)")
        } else {
            Diagnostic::error(Code::EnvTooLarge, span, msg)
        };
        diags.push(d.with_help("move large values to SSM Parameter Store or S3"));
    }
}

fn layer_compat(
    stack: &Stack,
    f: &Function,
    layer: &crate::model::Spanned<String>,
    runtime: Option<&str>,
    diags: &mut Diagnostics,
) {
    let Some(DeclKind::Layer(l)) = stack.decl(&layer.value).map(|d| &d.kind) else {
        return;
    };
    if let Some(rt) = runtime {
        if !l.runtimes.is_empty() && !l.runtimes.iter().any(|r| r.value == rt) {
            diags.push(
                Diagnostic::warning(
                    Code::WrongKind,
                    layer.span,
                    format!("layer `{}` does not list {rt} among its runtimes", layer.value),
                )
                .with_label(l.runtimes[0].span, "the layer's runtimes")
                .with_help(format!("add {rt} to the layer's `runtimes` if it works there")),
            );
        }
    }
    let arch = f.architecture.value.as_str();
    if !l.architectures.is_empty() && !l.architectures.iter().any(|a| a.value == arch) {
        diags.push(
            Diagnostic::warning(
                Code::WrongKind,
                layer.span,
                format!("layer `{}` does not list {arch} among its architectures", layer.value),
            )
            .with_label(l.architectures[0].span, "the layer's architectures")
            .with_help(format!(
                "build the layer for {arch}, or change the function's architecture"
            )),
        );
    }
}

fn code_size(stack: &Stack, f: &Function, ctx: &CheckContext, diags: &mut Diagnostics) {
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

fn wildcards(diags: &mut Diagnostics, raw: &crate::model::RawStatement) {
    for a in &raw.actions {
        if a.value.contains('*') {
            diags.push(
                Diagnostic::warning(Code::Wildcard, a.span, format!("action `{}` is a wildcard", a.value))
                    .with_help("name the actions exactly"),
            );
        }
    }
    let star_only = raw
        .actions
        .iter()
        .all(|a| crate::data::grants::resource_star_only(&a.value));
    for r in &raw.resources {
        if r.value.as_literal() == Some("*") && !star_only {
            diags.push(
                Diagnostic::warning(Code::Wildcard, r.span, "resource `*` grants on everything")
                    .with_help("name the resources exactly (actions that AWS grants only on `*`, such as ec2:Describe*, are exempt)"),
            );
        }
    }
}

fn vpc(f: &Function, decl_span: Span, diags: &mut Diagnostics) {
    let lists = [
        (
            &f.subnets,
            "subnets",
            limits::SUBNETS_MAX,
            &f.security_groups,
            "security_groups",
        ),
        (
            &f.security_groups,
            "security_groups",
            limits::SECURITY_GROUPS_MAX,
            &f.subnets,
            "subnets",
        ),
    ];
    for (list, what, max, other, other_what) in lists {
        if list.len() > max {
            diags.push(
                Diagnostic::error(
                    Code::VpcLimits,
                    list[max].span,
                    format!("{} {what}; a function takes at most {max}", list.len()),
                )
                .with_help(format!("remove {} of the {what}", list.len() - max)),
            );
        }
        if list.is_empty() && !other.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::VpcLimits,
                    other.first().map_or(decl_span, |s| s.span),
                    format!("`vpc` lists {other_what} but no {what}"),
                )
                .with_help(format!(
                    "add `{what} = [\"…\"]`: a function in a VPC needs at least one of each"
                )),
            );
        }
    }
}

/// Failure paths and settings without effect (LANGUAGE.md §13).
fn invocation_paths(_stack: &Stack, name: &str, decl_span: Span, f: &Function, diags: &mut Diagnostics) {
    let has_async = f.triggers.iter().any(crate::model::Trigger::is_async);
    // A `dead_letter` that failed to resolve was reported already; do not add a warning on top.
    let has_failure_path =
        f.written.contains("dead_letter") || f.async_config.as_ref().is_some_and(|a| a.on_failure.is_some());
    if has_async && !has_failure_path {
        let t = f.triggers.iter().find(|t| t.is_async()).map_or(decl_span, |t| t.span);
        diags.push(
            Diagnostic::warning(
                Code::NoFailurePath,
                t,
                format!("`{name}` is invoked asynchronously but failed events go nowhere"),
            )
            .with_help("add `dead_letter = QUEUE` or `async { on_failure = QUEUE }`"),
        );
    }
    if !f.triggers.is_empty() && !has_async {
        let sites = f
            .dead_letter
            .as_ref()
            .map(Target::span)
            .into_iter()
            .chain(f.async_config.as_ref().map(|a| a.span));
        for span in sites {
            diags.push(
                Diagnostic::error(
                    Code::NoEffect,
                    span,
                    format!("`{name}` is only invoked synchronously or by polling: this setting has no effect"),
                )
                .with_help("remove it; use the queue's own `dead_letter` for SQS sources"),
            );
        }
    }
}

fn trigger_rules(stack: &Stack, f: &Function, t: &crate::model::Trigger, diags: &mut Diagnostics) {
    match &t.kind {
        TriggerKind::Http {
            method,
            path,
            route_span,
            ..
        } => {
            route(method, path, *route_span, diags);
            if f.timeout.value > limits::HTTP_API_TIMEOUT_S {
                diags.push(
                    Diagnostic::warning(
                        Code::HttpTimeout,
                        f.timeout.span,
                        format!(
                            "timeout {}s is longer than the {}s an HTTP API waits",
                            f.timeout.value,
                            limits::HTTP_API_TIMEOUT_S
                        ),
                    )
                    .with_label(*route_span, "served over HTTP here")
                    .with_help("keep the timeout at 30s or below, or hand long work to a queue"),
                );
            }
        }
        TriggerKind::Schedule {
            expression, timezone, ..
        } => schedule_rules(expression, timezone.as_ref(), diags),
        TriggerKind::Event { .. } => {}
        TriggerKind::Sns { topic, .. } => {
            if let Some(DeclKind::Topic(tp)) = stack.decl(&topic.value).map(|d| &d.kind) {
                if tp.fifo {
                    diags.push(
                        Diagnostic::error(
                            Code::FifoNotAllowed,
                            topic.span,
                            format!("Lambda cannot subscribe to the FIFO topic `{}`", topic.value),
                        )
                        .with_help("use a standard topic, or subscribe an SQS FIFO queue and trigger on that queue"),
                    );
                }
            }
        }
        TriggerKind::Dynamodb { source, options } | TriggerKind::Kinesis { source, options } => {
            if let TriggerKind::Dynamodb { .. } = t.kind {
                if let Some(DeclKind::Table(tb)) = stack.decl(&source.value).map(|d| &d.kind) {
                    let has_stream = if tb.existing.is_some() {
                        tb.stream_arn.is_some()
                    } else {
                        tb.stream.is_some()
                    };
                    if !has_stream {
                        let decl_span = stack.decl(&source.value).map_or(source.span, |d| d.name_span);
                        diags.push(
                            Diagnostic::error(
                                Code::StreamNotEnabled,
                                source.span,
                                format!("table `{}` has no stream to trigger on", source.value),
                            )
                            .with_label(decl_span, "the table is declared here")
                            .with_help(if tb.existing.is_some() {
                                "give the existing table's `stream_arn`"
                            } else {
                                "add `stream = new_and_old_images` (or new_image, old_image, keys_only) to the table"
                            }),
                        );
                    }
                }
            }
            stream_options(stack, options, diags);
        }
        TriggerKind::Sqs {
            queue,
            batch_size,
            window,
            max_concurrency,
            ..
        } => {
            let q = match stack.decl(&queue.value).map(|d| &d.kind) {
                Some(DeclKind::Queue(q)) => Some(q),
                _ => None,
            };
            let fifo = q.is_some_and(|q| q.fifo);
            let max = if fifo {
                limits::SQS_FIFO_BATCH_MAX
            } else {
                limits::SQS_BATCH_MAX
            };
            if batch_size.value < 1 || batch_size.value > max {
                diags.push(
                    Diagnostic::error(
                        Code::SqsBatch,
                        batch_size.span,
                        format!(
                            "batch_size {} is out of range for {} queue",
                            batch_size.value,
                            if fifo { "a FIFO" } else { "a standard" }
                        ),
                    )
                    .with_help(format!("use 1 to {max}")),
                );
            }
            if batch_size.value > 10 && window.value == 0 && !fifo {
                diags.push(
                    Diagnostic::error(
                        Code::SqsBatch,
                        batch_size.span,
                        "a batch_size above 10 needs a batching window",
                    )
                    .with_help("add `window = 1s` or more"),
                );
            }
            if window.value > limits::BATCH_WINDOW_MAX_S || (fifo && window.value > 0) {
                diags.push(
                    Diagnostic::error(
                        Code::SqsBatch,
                        window.span,
                        if fifo {
                            "FIFO queues take no batching window".to_string()
                        } else {
                            format!("the batching window is at most {}s", limits::BATCH_WINDOW_MAX_S)
                        },
                    )
                    .with_help("lower or remove `window`"),
                );
            }
            if let Some(c) = max_concurrency {
                if c.value < limits::SQS_MAX_CONCURRENCY.0 || c.value > limits::SQS_MAX_CONCURRENCY.1 {
                    diags.push(
                        Diagnostic::error(
                            Code::SqsBatch,
                            c.span,
                            format!("max_concurrency {} is out of range", c.value),
                        )
                        .with_help("use 2 to 1000"),
                    );
                }
            }
            if let Some(vis) = q.and_then(|q| q.visibility_timeout.as_ref()) {
                let recommended = limits::SQS_VISIBILITY_FACTOR * f.timeout.value + window.value;
                if vis.value < f.timeout.value {
                    diags.push(
                        Diagnostic::error(Code::SqsVisibility, vis.span, format!("queue visibility {}s is shorter than the function's timeout {}s", vis.value, f.timeout.value))
                            .with_label(f.timeout.span, "the function's timeout")
                            .with_label(queue.span, "the function polls the queue here")
                            .with_help(format!("set `visibility_timeout = {recommended}s` (6 × timeout + window), or leave it out and lfc sets it")),
                    );
                } else if vis.value < recommended {
                    diags.push(
                        Diagnostic::warning(
                            Code::SqsVisibility,
                            vis.span,
                            format!(
                                "queue visibility {}s is below 6 × the function's timeout ({recommended}s)",
                                vis.value
                            ),
                        )
                        .with_label(f.timeout.span, "the function's timeout")
                        .with_label(queue.span, "the function polls the queue here")
                        .with_help(format!(
                            "set `visibility_timeout = {recommended}s`, or leave it out and lfc sets it"
                        )),
                    );
                }
            }
        }
        TriggerKind::S3 {
            prefix,
            suffix,
            bucket,
            eventbridge,
            events,
        } => {
            if *eventbridge {
                for e in events {
                    if limits::s3_eventbridge_detail_types(&e.value).is_empty() {
                        diags.push(
                            Diagnostic::error(Code::UnknownEnumValue, e.span, format!("S3 does not send `{}` to EventBridge", e.value))
                                .with_help("use created, removed, or an ObjectRestore, ObjectTagging, ObjectAcl or lifecycle event; or deliver by notification"),
                        );
                    }
                }
            }
            if let Some(DeclKind::Bucket(b)) = stack.decl(&bucket.value).map(|d| &d.kind) {
                if b.existing.is_some() && !eventbridge {
                    diags.push(
                        Diagnostic::error(Code::ExistingBucketNotification, t.span, format!("`{}` is an existing bucket: this stack cannot add a notification to it", bucket.value))
                            .with_help(format!("write `on s3 {} {{ via = eventbridge }}` and turn on EventBridge notifications on the bucket", bucket.value)),
                    );
                }
            }
            for v in [prefix, suffix].into_iter().flatten() {
                if v.value.len() > 1024 {
                    diags.push(
                        Diagnostic::error(Code::TextLimit, v.span, "an S3 filter value is at most 1024 characters")
                            .with_help("shorten it"),
                    );
                } else if v.value.contains('*') {
                    diags.push(
                        Diagnostic::warning(
                            Code::S3Overlap,
                            v.span,
                            "S3 filters match literally: `*` is not a wildcard",
                        )
                        .with_help("write the literal prefix or suffix, e.g. `uploads/` or `.jpg`"),
                    );
                }
            }
        }
    }
}

/// LF0402: a route is `METHOD /path`, the method one HTTP APIs know, the path
/// absolute and without spaces.
fn route(method: &str, path: &str, span: Span, diags: &mut Diagnostics) {
    let problem = if !limits::HTTP_METHODS.contains(&method) {
        let hint = did_you_mean(&method.to_ascii_uppercase(), limits::HTTP_METHODS.iter().copied())
            .map_or_else(String::new, |h| format!("; {h}"));
        Some((
            format!("`{method}` is not an HTTP method"),
            format!(
                "a route is `METHOD /path` with METHOD one of {}{hint}",
                limits::HTTP_METHODS.join(", ")
            ),
        ))
    } else if !path.starts_with('/') {
        Some((
            format!("the path `{path}` must start with `/`"),
            format!("write `{method} /{}`", path.trim_start_matches('/')),
        ))
    } else if path.contains(' ') {
        Some((
            format!("the path `{path}` contains a space"),
            "encode spaces as `%20` or remove them".to_string(),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        diags.push(Diagnostic::error(Code::BadRoute, span, message).with_help(help));
    }
}

fn workflow(w: &crate::model::Workflow, span: Span, diags: &mut Diagnostics) {
    if w.steps.is_empty() {
        diags.push(
            Diagnostic::error(Code::WorkflowSettings, span, "a workflow needs at least one step")
                .with_help("list the functions to run in `steps`"),
        );
    }
    for (i, step) in w.steps.iter().enumerate() {
        if let Some(first) = w.steps[..i].iter().find(|s| s.value == step.value) {
            diags.push(
                Diagnostic::error(
                    Code::WorkflowSettings,
                    step.span,
                    format!("`{}` is a step twice", step.value),
                )
                .with_label(first.span, "first listed here")
                .with_help("each function runs once per workflow; remove the repetition"),
            );
        }
    }
    if w.attempts > 99 || w.interval == 0 {
        diags.push(
            Diagnostic::error(
                Code::WorkflowSettings,
                span,
                "retry attempts are 0 to 99 and the interval at least 1s",
            )
            .with_help("adjust `retry`"),
        );
    }
    for t in &w.triggers {
        if let TriggerKind::Schedule {
            expression, timezone, ..
        } = &t.kind
        {
            schedule_rules(expression, timezone.as_ref(), diags);
        }
    }
}

/// Whether a physical name is valid for a service.
type NameCheck = fn(&str) -> bool;

/// A physical name set with `name = "…"` against the service's rules.
fn physical_name(kind: &DeclKind, diags: &mut Diagnostics) {
    let (name, what, ok, rule): (Option<&crate::model::Spanned<String>>, &str, NameCheck, &str) = match kind {
        DeclKind::Bucket(b) => (
            b.name.as_ref(),
            "bucket",
            |n| {
                (3..=63).contains(&n.len())
                    && n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                    && n.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && n.ends_with(|c: char| c.is_ascii_alphanumeric())
            },
            "3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit",
        ),
        DeclKind::Table(t) => (
            t.name.as_ref(),
            "table",
            |n| (3..=255).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "3 to 255 letters, digits, `_`, `.` and `-`",
        ),
        DeclKind::Topic(t) => (
            t.name.as_ref(),
            "topic",
            |n| {
                let base = n.strip_suffix(".fifo").unwrap_or(n);
                (1..=256).contains(&n.len())
                    && !base.is_empty()
                    && base.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
            },
            "1 to 256 letters, digits, `_` and `-` (a FIFO topic ends in `.fifo`)",
        ),
        DeclKind::Stream(st) => (
            st.name.as_ref(),
            "stream",
            |n| (1..=128).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "1 to 128 letters, digits, `_`, `.` and `-`",
        ),
        DeclKind::Layer(l) => (
            l.name.as_ref(),
            "layer",
            |n| (1..=140).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)),
            "1 to 140 letters, digits, `_` and `-`",
        ),
        DeclKind::Api(a) => (
            a.name.as_ref(),
            "api",
            |n| (1..=128).contains(&n.chars().count()),
            "1 to 128 characters",
        ),
        _ => return,
    };
    if let Some(n) = name.filter(|n| !ok(&n.value)) {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                n.span,
                format!("`{}` is not a valid {what} name", n.value),
            )
            .with_help(format!("{what} names are {rule}")),
        );
    }
}

/// Largest number of managed policies a role may carry (default quota).
const MANAGED_POLICIES_MAX: usize = 10;

fn role(r: &crate::model::Role, diags: &mut Diagnostics) {
    if let Some(n) = &r.name {
        let ok = !n.value.is_empty()
            && n.value.len() <= 64
            && n.value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !ok {
            diags.push(
                Diagnostic::error(
                    Code::RoleLimits,
                    n.span,
                    format!("`{}` is not a valid IAM role name", n.value),
                )
                .with_help("use 1 to 64 letters, digits and `+=,.@_-`"),
            );
        }
    }
    if r.managed.len() > MANAGED_POLICIES_MAX {
        diags.push(
            Diagnostic::error(
                Code::RoleLimits,
                r.managed[MANAGED_POLICIES_MAX].span,
                format!(
                    "{} managed policies; a role takes at most {MANAGED_POLICIES_MAX}",
                    r.managed.len()
                ),
            )
            .with_help("combine policies, or ask AWS to raise the quota"),
        );
    }
    r.statements.iter().for_each(|raw| policy_characters(raw, diags));
}

/// IAM policy text allows tab, LF, CR and U+0020–U+00FF only.
fn policy_characters(raw: &crate::model::RawStatement, diags: &mut Diagnostics) {
    let bad = |t: &str| {
        t.chars()
            .any(|c| !(matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c)))
    };
    let texts = raw.actions.iter().map(|a| (a.value.as_str(), a.span)).chain(
        raw.resources
            .iter()
            .filter_map(|r| r.value.as_literal().map(|t| (t, r.span))),
    );
    for (text, span) in texts {
        if bad(text) {
            diags.push(
                Diagnostic::error(
                    Code::RoleLimits,
                    span,
                    "IAM policies accept only characters from U+0020 to U+00FF",
                )
                .with_help("remove the character; ARNs and actions are plain ASCII"),
            );
        }
    }
}

fn export_name(o: &crate::model::Output, diags: &mut Diagnostics) {
    let Some(export) = &o.export else { return };
    let parts: Vec<&crate::model::Expr> = match &export.value {
        crate::model::Expr::Concat(p) => p.iter().collect(),
        other => vec![other],
    };
    for p in parts {
        match p {
            crate::model::Expr::Str(t) if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-') => {
                diags.push(
                    Diagnostic::error(
                        Code::ExportName,
                        export.span,
                        format!("export names may hold only letters, digits, `:` and `-`, not `{t}`"),
                    )
                    .with_help("write the name with `-` instead of other separators, e.g. \"${stack.name}-api-url\""),
                );
            }
            crate::model::Expr::Ref(r) => diags.push(
                Diagnostic::error(
                    Code::ExportName,
                    r.span,
                    "an export name cannot depend on a resource of the stack",
                )
                .with_help("build it from text, variables, `stack.name` and `aws.*` values"),
            ),
            _ => {}
        }
    }
}

/// A write the function may make to the resource one of its triggers listens to.
struct Write<'a> {
    span: Span,
    verb: &'a str,
    pattern: Option<&'a str>,
}

/// Every grant or raw statement of `f` (and its declared role) that may write to `target`.
fn writes_to<'a>(stack: &'a Stack, f: &'a Function, target: &str) -> Vec<Write<'a>> {
    let mut grants: Vec<&crate::model::Grant> = f.grants.iter().collect();
    let mut raws: Vec<&crate::model::RawStatement> = f.statements.iter().collect();
    if let Some(Target::Decl(r)) = &f.role {
        if let Some(DeclKind::Role(role)) = stack.decl(&r.value).map(|d| &d.kind) {
            grants.extend(&role.grants);
            raws.extend(&role.statements);
        }
    }
    let mut out = Vec::new();
    for g in grants.into_iter().filter(|g| g.target.value == target) {
        for v in &g.verbs {
            if crate::data::grants::writes(&v.value) || v.value == "delete" {
                out.push(Write {
                    span: g.span,
                    verb: &v.value,
                    pattern: g.pattern.as_ref().map(|p| p.value.as_str()),
                });
            }
        }
    }
    for raw in raws {
        if !raw
            .resources
            .iter()
            .any(|r| r.value.refs().iter().any(|x| x.target == target))
        {
            continue;
        }
        let verb_of = |a: &str| {
            let action = a.split(':').nth(1).unwrap_or("");
            if action.starts_with("Delete") {
                Some("delete")
            } else if ["Get", "List", "Describe", "Receive", "Query", "Scan", "BatchGet"]
                .iter()
                .any(|p| action.starts_with(p))
            {
                None
            } else {
                Some("write")
            }
        };
        let mut verbs: Vec<&str> = raw.actions.iter().filter_map(|a| verb_of(&a.value)).collect();
        verbs.sort_unstable();
        verbs.dedup();
        out.extend(verbs.into_iter().map(|verb| Write {
            span: raw.span,
            verb,
            pattern: None,
        }));
    }
    // Results of asynchronous invocations delivered back to the source start
    // it again too (polled and synchronous invocations use no destinations).
    let async_invoked = f.triggers.iter().any(crate::model::Trigger::is_async);
    let destinations = [f.dead_letter.as_ref()]
        .into_iter()
        .filter(|_| async_invoked)
        .chain(
            f.async_config
                .iter()
                .filter(|_| async_invoked)
                .flat_map(|a| [a.on_success.as_ref(), a.on_failure.as_ref()]),
        )
        .flatten();
    for t in destinations {
        if let Target::Decl(n) = t {
            if n.value == target {
                out.push(Write {
                    span: n.span,
                    verb: "write",
                    pattern: None,
                });
            }
        }
    }
    out
}

/// Whether a key written under `pattern` can match a prefix/suffix filter.
fn keys_can_match(pattern: Option<&str>, prefix: &str, suffix: &str) -> bool {
    let pattern = pattern.unwrap_or("*");
    match pattern.find('*') {
        None => pattern.starts_with(prefix) && pattern.ends_with(suffix),
        Some(star) => {
            let head = &pattern[..star];
            let tail = &pattern[pattern.rfind('*').map_or(pattern.len(), |i| i + 1)..];
            (head.starts_with(prefix) || prefix.starts_with(head)) && (tail.ends_with(suffix) || suffix.ends_with(tail))
        }
    }
}

/// A function triggered by a resource it may write to (LANGUAGE.md §13).
fn recursive_loops(stack: &Stack, f: &Function, diags: &mut Diagnostics) {
    for t in &f.triggers {
        let Some(source) = t.source() else { continue };
        for w in writes_to(stack, f, &source.value) {
            let loops = match &t.kind {
                TriggerKind::S3 {
                    events, prefix, suffix, ..
                } => {
                    let wanted = if w.verb == "delete" {
                        "s3:ObjectRemoved"
                    } else {
                        "s3:ObjectCreated"
                    };
                    let fires = events.iter().any(|e| e.value.starts_with(wanted));
                    let p = prefix.as_ref().map_or("", |p| p.value.as_str());
                    let s = suffix.as_ref().map_or("", |s| s.value.as_str());
                    fires && keys_can_match(w.pattern, p, s)
                }
                _ => w.verb != "delete",
            };
            if !loops {
                continue;
            }
            let msg = format!(
                "`on {} {}` may trigger itself: the function also writes to `{}`",
                t.keyword(),
                source.value,
                source.value
            );
            let d = if t.recursive {
                Diagnostic::warning(
                    Code::RecursiveLoop,
                    t.span,
                    msg + " (acknowledged with `recursive = true`)",
                )
            } else {
                Diagnostic::error(Code::RecursiveLoop, t.span, msg)
            };
            diags.push(
                d.with_label(w.span, "the write that can fire the trigger again")
                    .with_help("write somewhere the trigger does not listen (another resource, or for buckets another prefix or suffix), or add `recursive = true` to the trigger if the loop is intended and bounded"),
            );
        }
    }
}

/// Expression and time zone of a schedule (function or workflow).
fn schedule_rules(
    expression: &crate::model::Spanned<String>,
    timezone: Option<&crate::model::Spanned<String>>,
    diags: &mut Diagnostics,
) {
    if let Err(e) = schedule::validate(&expression.value) {
        diags.push(Diagnostic::error(Code::BadSchedule, expression.span, e.message).with_help(e.help));
    }
    if let Some(tz) = timezone {
        let ok = tz.value == "UTC"
            || (tz.value.contains('/')
                && tz
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c)));
        if !ok {
            diags.push(
                Diagnostic::error(
                    Code::BadSchedule,
                    tz.span,
                    format!("`{}` is not an IANA time zone", tz.value),
                )
                .with_help("write a zone such as \"Europe/Berlin\" or \"America/New_York\""),
            );
        }
    }
}

/// Ranges of a DynamoDB or Kinesis mapping.
fn stream_options(stack: &Stack, o: &crate::model::StreamOptions, diags: &mut Diagnostics) {
    let rules: [(&crate::model::Spanned<u64>, u64, u64, &str); 5] = [
        (&o.batch_size, 1, 10_000, "batch_size is 1 to 10000"),
        (&o.window, 0, limits::BATCH_WINDOW_MAX_S, "window is 0s to 300s"),
        (&o.retries, 0, 10_000, "retries is 0 to 10000"),
        (&o.max_age, 60, 604_800, "max_age is 60s to 7d"),
        (&o.parallelization, 1, 10, "parallelization is 1 to 10"),
    ];
    for (value, min, max, what) in rules {
        if value.value < min || value.value > max {
            diags.push(
                Diagnostic::error(
                    Code::StreamMapping,
                    value.span,
                    format!("{} is out of range: {what}", value.value),
                )
                .with_help(format!("use a value within the range ({what})")),
            );
        }
    }
    if let Some(t) = &o.on_failure {
        fifo_destination(stack, t, "an on-failure destination", diags);
        destination_service(t, STREAM_FAILURE_SERVICES, "an on-failure destination", diags);
    }
}

/// DLQs and destinations must be standard queues or topics.
/// Services whose ARNs an asynchronous destination may name.
const ASYNC_DESTINATION_SERVICES: &[&str] = &["sqs", "sns", "lambda", "events"];
/// Services whose ARNs a stream mapping's on-failure destination may name.
const STREAM_FAILURE_SERVICES: &[&str] = &["sqs", "sns", "s3"];

/// A destination ARN names a service that can receive what is sent there.
fn destination_service(t: &Target, allowed: &[&str], what: &str, diags: &mut Diagnostics) {
    let Target::Arn(s) = t else { return };
    let service = s.value.split(':').nth(2).unwrap_or("");
    if !s.value.starts_with("arn:") || !allowed.contains(&service) {
        diags.push(
            Diagnostic::error(Code::WrongKind, s.span, format!("`{}` cannot be {what}", s.value))
                .with_help(format!("give the ARN of one of: {}", allowed.join(", "))),
        );
    }
}

fn fifo_destination(stack: &Stack, t: &Target, what: &str, diags: &mut Diagnostics) {
    let Target::Decl(n) = t else { return };
    let fifo = match stack.decl(&n.value).map(|d| &d.kind) {
        Some(DeclKind::Queue(q)) => q.fifo,
        Some(DeclKind::Topic(tp)) => tp.fifo,
        _ => false,
    };
    if fifo {
        diags.push(
            Diagnostic::error(
                Code::FifoNotAllowed,
                n.span,
                format!("`{}` is FIFO and cannot be {what}", n.value),
            )
            .with_help("use a standard queue or topic"),
        );
    }
}

fn queue(stack: &Stack, name: &str, q: &crate::model::Queue, diags: &mut Diagnostics) {
    if let Some(v) = &q.visibility_timeout {
        if v.value > limits::SQS_VISIBILITY_MAX_S {
            diags.push(
                Diagnostic::error(Code::SqsVisibility, v.span, "visibility_timeout is at most 12h")
                    .with_help("use at most 12h"),
            );
        }
    }
    if let Some(r) = &q.retention {
        if r.value < limits::SQS_RETENTION_S.0 || r.value > limits::SQS_RETENTION_S.1 {
            diags.push(
                Diagnostic::error(Code::SqsBatch, r.span, "queue retention is 60s to 14d")
                    .with_help("use a value from 1min to 14d"),
            );
        }
    }
    if let Some(d) = &q.delay {
        if d.value > limits::SQS_DELAY_MAX_S {
            diags.push(
                Diagnostic::error(Code::SqsBatch, d.span, "queue delay is at most 15min")
                    .with_help("use at most 15min"),
            );
        }
    }
    if let Some(n) = &q.name {
        let base = n.value.strip_suffix(".fifo").unwrap_or(&n.value);
        let ok = !base.is_empty()
            && n.value.len() <= 80
            && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && (q.fifo == n.value.ends_with(".fifo"));
        if !ok {
            diags.push(
                Diagnostic::error(
                    Code::TextLimit,
                    n.span,
                    format!("`{}` is not a valid queue name", n.value),
                )
                .with_help("1 to 80 letters, digits, `-` and `_`; FIFO queue names end in `.fifo`"),
            );
        }
    }
    if let Some((dlq, _)) = &q.dead_letter {
        if let Some(DeclKind::Queue(d)) = stack.decl(&dlq.value).map(|x| &x.kind) {
            if d.fifo != q.fifo {
                diags.push(
                    Diagnostic::error(
                        Code::WrongKind,
                        dlq.span,
                        format!("`{name}` and its dead-letter queue must both be FIFO or both standard"),
                    )
                    .with_help("make the two queues the same type"),
                );
            }
        }
    }
}

/// `TABLE.stream_arn` written in a value position needs a table with a stream.
fn stream_arn_refs(stack: &Stack, diags: &mut Diagnostics) {
    let mut refs: Vec<&crate::model::Ref> = Vec::new();
    for decl in stack.decls.values() {
        let raws = match &decl.kind {
            DeclKind::Function(f) => {
                refs.extend(f.env.values().flat_map(|v| v.value.refs()));
                &f.statements
            }
            DeclKind::Role(r) => &r.statements,
            _ => continue,
        };
        refs.extend(
            raws.iter()
                .flat_map(|s| s.resources.iter().flat_map(|r| r.value.refs())),
        );
    }
    for o in stack.outputs.values() {
        refs.extend(o.value.value.refs());
        refs.extend(o.export.iter().flat_map(|e| e.value.refs()));
    }
    for r in refs.into_iter().filter(|r| r.attr == crate::model::Attr::StreamArn) {
        if let Some(DeclKind::Table(t)) = stack.decl(&r.target).map(|d| &d.kind) {
            let has = if t.existing.is_some() {
                t.stream_arn.is_some()
            } else {
                t.stream.is_some()
            };
            if !has {
                diags.push(
                    Diagnostic::error(
                        Code::StreamNotEnabled,
                        r.span,
                        format!("table `{}` has no stream, so it has no `stream_arn`", r.target),
                    )
                    .with_help("add `stream = new_and_old_images` to the table (or `stream_arn` to an existing one)"),
                );
            }
        }
    }
}

/// Two S3 notifications on one bucket that could match one event and key.
fn s3_overlaps(stack: &Stack, diags: &mut Diagnostics) {
    let mut by_bucket: BTreeMap<&str, Vec<(&str, &crate::model::Trigger)>> = BTreeMap::new();
    for (fname, f) in stack.functions() {
        for t in &f.triggers {
            // EventBridge rules may overlap freely; only notifications conflict.
            if let TriggerKind::S3 {
                bucket,
                eventbridge: false,
                ..
            } = &t.kind
            {
                by_bucket.entry(bucket.value.as_str()).or_default().push((fname, t));
            }
        }
    }
    for (bucket, list) in by_bucket {
        for (i, (fa, a)) in list.iter().enumerate() {
            for (fb, b) in &list[i + 1..] {
                let (
                    TriggerKind::S3 {
                        events: ea,
                        prefix: pa,
                        suffix: sa,
                        ..
                    },
                    TriggerKind::S3 {
                        events: eb,
                        prefix: pb,
                        suffix: sb,
                        ..
                    },
                ) = (&a.kind, &b.kind)
                else {
                    continue;
                };
                let events_overlap = ea.iter().any(|x| eb.iter().any(|y| events_match(&x.value, &y.value)));
                let s =
                    |o: &Option<crate::model::Spanned<String>>| o.as_ref().map_or(String::new(), |x| x.value.clone());
                let prefixes = {
                    let (x, y) = (s(pa), s(pb));
                    x.starts_with(&y) || y.starts_with(&x)
                };
                let suffixes = {
                    let (x, y) = (s(sa), s(sb));
                    x.ends_with(&y) || y.ends_with(&x)
                };
                if events_overlap && prefixes && suffixes {
                    diags.push(
                        Diagnostic::error(
                            Code::S3Overlap,
                            b.span,
                            format!("this notification on `{bucket}` overlaps another one: S3 would refuse both"),
                        )
                        .with_label(a.span, format!("the other notification (function `{fa}`)"))
                        .with_help(format!(
                            "make the prefixes or suffixes of `{fa}` and `{fb}` disjoint, or fan out through SNS"
                        )),
                    );
                }
            }
        }
    }
}

fn events_match(a: &str, b: &str) -> bool {
    let group = |e: &str| e.rsplit_once(':').map_or(e.to_string(), |(g, _)| g.to_string());
    a == b || (a.ends_with(":*") && group(a) == group(b)) || (b.ends_with(":*") && group(a) == group(b))
}

fn duplicate_routes(stack: &Stack, diags: &mut Diagnostics) {
    let mut routes: Vec<(Span, &str, String)> = Vec::new();
    for (_, f) in stack.functions() {
        for t in &f.triggers {
            if let TriggerKind::Http {
                method,
                path,
                api,
                route_span,
            } = &t.kind
            {
                routes.push((*route_span, api.value.as_str(), format!("{method} {path}")));
            }
        }
    }
    // The route written first (by file and position) is the one kept.
    routes.sort();
    let mut seen: BTreeMap<(&str, &str), Span> = BTreeMap::new();
    for (span, api, route) in &routes {
        match seen.get(&(*api, route.as_str())) {
            Some(first) => diags.push(
                Diagnostic::error(
                    Code::DuplicateRoute,
                    *span,
                    format!("route `{route}` is served twice on api `{api}`"),
                )
                .with_label(*first, "first served here")
                .with_help("remove or change one of the routes"),
            ),
            None => {
                seen.insert((api, route.as_str()), *span);
            }
        }
    }
}

/// LF0317: log retention is a whole number of days CloudWatch offers.
fn log_retention(f: &Function, diags: &mut Diagnostics) {
    let Some(r) = &f.logs.retention else { return };
    let whole_days = r.value % 86_400 == 0;
    if whole_days && limits::LOG_RETENTION_DAYS.contains(&(r.value / 86_400)) {
        return;
    }
    let days: Vec<String> = limits::LOG_RETENTION_DAYS.iter().map(|d| format!("{d}d")).collect();
    diags.push(
        Diagnostic::error(
            Code::LogRetention,
            r.span,
            "log retention must be one of CloudWatch's values",
        )
        .with_help(format!("use one of {} or `never`", days.join(", "))),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn day_numbers_count_from_the_epoch() {
        assert_eq!(super::day_number("1970-01-01"), 0);
        assert_eq!(super::day_number("2026-11-27") - super::day_number("2026-10-31"), 27);
        assert_eq!(super::days_between("2027-01-30", "2027-04-30"), 90);
    }
}
