//! Rules on one function: the order its sub-rules run in, and the settings
//! that belong to no other concern (sizes, the image/zip split, VPC, logs,
//! concurrency, asynchronous invocation ranges).
//!
//! Must not: resolve names, emit resources or read files; runtime, code,
//! environment, layer, IAM, trigger, destination and loop rules live in their
//! own files and are only called from here.

use crate::data::{limits, runtimes};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{CodeSource, Function, Spanned, Stack, Target};
use crate::source::Span;

use super::{
    code, destinations, env, iam, layers, monitoring, names, recursion, runtime, secrets, triggers, CheckContext,
};

/// Every rule on function `name`, declared at `decl_span`.
pub(super) fn function(
    stack: &Stack,
    name: &str,
    decl_span: Span,
    f: &Function,
    ctx: &CheckContext,
    diags: &mut Diagnostics,
) {
    sizes(f, diags);
    if let Some(d) = &f.description {
        names::text_limit(diags, d.span, "the description", &d.value, limits::DESCRIPTION_MAX);
    }
    let is_image = matches!(f.code.as_ref().map(|c| &c.value), Some(CodeSource::Image(_)));
    package_shape(name, decl_span, f, is_image, diags);
    let runtime = f
        .runtime
        .as_ref()
        .and_then(|r| runtimes::find(&r.value).map(|rt| (rt, r.span)));
    if let Some((rt, span)) = runtime.filter(|_| !is_image) {
        runtime::rules(f, rt, span, decl_span, ctx, diags);
    }
    code::exists(diags, f.code.as_ref().map(|c| (&c.value, c.span)), ctx, name);
    code::size(stack, f, ctx, diags);
    env::env(diags, f);
    secrets::plaintext_secrets(diags, f);
    monitoring::alarms(diags, f);
    layers::function_layers(stack, name, f, runtime.map(|(r, _)| r.id), diags);
    names::function_tags(stack, name, decl_span, f, diags);
    vpc(f, decl_span, diags);
    logs(f, diags);
    log_retention(f, diags);
    concurrency(f, diags);
    async_ranges(f, diags);
    iam::function(name, f, diags);
    destinations::invocation_paths(name, decl_span, f, diags);
    for t in &f.triggers {
        triggers::trigger_rules(stack, f, t, diags);
    }
    destinations::function_destinations(stack, f, diags);
    recursion::recursive_loops(stack, f, diags);
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
    fn check(&self, diags: &mut Diagnostics, value: &Spanned<u64>) {
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

/// LF0301–LF0303 and LF0320: memory, timeout and storage ranges.
fn sizes(f: &Function, diags: &mut Diagnostics) {
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
}

/// LF0308 and LF0214: an image function brings its own runtime, handler and
/// layers; a zip function needs all three of runtime, handler and code, and
/// a runtime Lambda knows (LF0304).
fn package_shape(name: &str, decl_span: Span, f: &Function, is_image: bool, diags: &mut Diagnostics) {
    if is_image {
        for (present, what) in [
            (f.runtime.as_ref().map(|r| r.span), "runtime"),
            (f.handler.as_ref().map(|h| h.span), "handler"),
            (f.layers.first().map(Target::span), "layers"),
            // Insights is a layer; an image installs the extension itself.
            (f.insights.as_ref().filter(|i| i.value).map(|i| i.span), "insights"),
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
        return;
    }
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
    if let Some(r) = f.runtime.as_ref().filter(|r| runtimes::find(&r.value).is_none()) {
        runtime::unknown_runtime(diags, &r.value, r.span);
    }
}

/// LF0315: subnets and security groups come together, within their limits.
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

/// LF0316: log levels need the JSON log format.
fn logs(f: &Function, diags: &mut Diagnostics) {
    let json_logs = f.logs.format.as_ref().is_some_and(|x| x.value == "json");
    for lvl in [&f.logs.level, &f.logs.system_level].into_iter().flatten() {
        if !json_logs {
            diags.push(
                Diagnostic::error(Code::LogSettings, lvl.span, "log levels need the JSON log format")
                    .with_help("add `format = json` to `logs`"),
            );
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

/// LF0319: provisioned concurrency within the reserved concurrency.
fn concurrency(f: &Function, diags: &mut Diagnostics) {
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
}

/// LF0321: asynchronous retries and maximum event age.
fn async_ranges(f: &Function, diags: &mut Diagnostics) {
    let Some(a) = &f.async_config else { return };
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
