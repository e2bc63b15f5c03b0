//! Trigger rules: each `on …` of a function against its source and its
//! options (routes, SQS batches and visibility, stream mappings, S3 filters),
//! and the rules across triggers (overlapping S3 notifications, duplicate
//! routes, `stream_arn` of tables without a stream).
//!
//! Must not: resolve names (trigger sources were resolved by the model) or
//! emit; loops through a trigger's source are `recursion.rs`'s, failure
//! destinations `destinations.rs`'s.

use std::collections::BTreeMap;

use crate::data::limits;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::{Attr, DeclKind, Function, Queue, Spanned, Stack, StreamOptions, Table, Trigger, TriggerKind};
use crate::source::Span;

use super::routes::Route;
use super::{delivery, destinations, schedule};

/// Every rule on trigger `t` of function `f`.
pub(super) fn trigger_rules(stack: &Stack, f: &Function, t: &Trigger, diags: &mut Diagnostics) {
    match &t.kind {
        TriggerKind::Http {
            method,
            path,
            route_span,
            api,
            ..
        } => {
            let rest = if let Some(DeclKind::Api(a)) = stack.decl(&api.value).map(|d| &d.kind) {
                a.rest.is_some()
            } else {
                false
            };
            route(method, path, rest, *route_span, diags);
            http_timeout(f, *route_span, diags);
        }
        TriggerKind::Schedule {
            expression, timezone, ..
        } => schedule::rules(expression, timezone.as_ref(), diags),
        TriggerKind::Event { .. } => {}
        TriggerKind::Sns { topic, raw, .. } => {
            sns_topic(stack, topic, diags);
            delivery::raw_to_function(raw.as_ref(), diags);
        }
        TriggerKind::Dynamodb { source, options } => {
            table_stream(stack, source, diags);
            stream_options(stack, options, diags);
        }
        TriggerKind::Kinesis { options, .. } => stream_options(stack, options, diags),
        TriggerKind::Sqs {
            queue,
            batch_size,
            window,
            max_concurrency,
            filters,
            ..
        } => {
            filter_count(filters, diags);
            let q = if let Some(DeclKind::Queue(q)) = stack.decl(&queue.value).map(|d| &d.kind) {
                Some(q)
            } else {
                None
            };
            sqs_batch(
                q.is_some_and(|q| q.fifo),
                batch_size,
                window,
                max_concurrency.as_ref(),
                diags,
            );
            if let Some(q) = q {
                sqs_visibility(f, q, queue, window, diags);
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
                s3_eventbridge_events(events, diags);
            }
            s3_existing_bucket(stack, t.span, bucket, *eventbridge, diags);
            s3_filters([prefix, suffix].into_iter().flatten(), diags);
        }
    }
}

/// LF0402: a route is `METHOD /path`, the method one HTTP APIs know, the path
/// absolute and without spaces; or `$default` alone, on an HTTP api.
fn route(method: &str, path: &str, rest: bool, span: Span, diags: &mut Diagnostics) {
    let problem = if method == "$default" && path.is_empty() {
        // HTTP APIs' catch-all route; REST APIs have no such route key.
        rest.then(|| {
            (
                "`$default` is a route of HTTP apis only".to_string(),
                "a REST api catches every path with `ANY /{proxy+}`".to_string(),
            )
        })
    } else if !limits::HTTP_METHODS.contains(&method) {
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

/// LF0406: a function served over HTTP within the time an HTTP API waits.
fn http_timeout(f: &Function, route_span: Span, diags: &mut Diagnostics) {
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
            .with_label(route_span, "served over HTTP here")
            .with_help("keep the timeout at 30s or below, or hand long work to a queue"),
        );
    }
}

/// LF0412: Lambda cannot subscribe to a FIFO topic.
fn sns_topic(stack: &Stack, topic: &Spanned<String>, diags: &mut Diagnostics) {
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

/// Whether a table has a stream to read: declared, or given for an existing table.
fn has_stream(t: &Table) -> bool {
    if t.existing.is_some() {
        t.stream_arn.is_some()
    } else {
        t.stream.is_some()
    }
}

/// LF0411: `on dynamodb TABLE` needs a table with a stream.
fn table_stream(stack: &Stack, source: &Spanned<String>, diags: &mut Diagnostics) {
    let Some(decl) = stack.decl(&source.value) else { return };
    let DeclKind::Table(tb) = &decl.kind else { return };
    if !has_stream(tb) {
        diags.push(
            Diagnostic::error(
                Code::StreamNotEnabled,
                source.span,
                format!("table `{}` has no stream to trigger on", source.value),
            )
            .with_label(decl.name_span, "the table is declared here")
            .with_help(if tb.existing.is_some() {
                "give the existing table's `stream_arn`"
            } else {
                "add `stream = new_and_old_images` (or new_image, old_image, keys_only) to the table"
            }),
        );
    }
}

/// LF0415: ranges of a DynamoDB or Kinesis mapping, and its on-failure destination.
/// LF0420: at most five filter patterns per event source mapping.
fn filter_count(filters: &[Spanned<serde_json::Value>], diags: &mut Diagnostics) {
    if let Some(extra) = filters.get(limits::FILTERS_PER_MAPPING_MAX) {
        diags.push(
            Diagnostic::error(
                Code::FilterCount,
                extra.span,
                format!(
                    "{} filter patterns; an event source mapping takes at most {}",
                    filters.len(),
                    limits::FILTERS_PER_MAPPING_MAX
                ),
            )
            .with_help("merge patterns: one pattern may list several values per key"),
        );
    }
}

fn stream_options(stack: &Stack, o: &StreamOptions, diags: &mut Diagnostics) {
    filter_count(&o.filters, diags);
    let rules: [(&Spanned<u64>, u64, u64, &str); 5] = [
        (
            &o.batch_size,
            limits::STREAM_BATCH.0,
            limits::STREAM_BATCH.1,
            "batch_size is 1 to 10000",
        ),
        (&o.window, 0, limits::BATCH_WINDOW_MAX_S, "window is 0s to 300s"),
        (&o.retries, 0, limits::STREAM_RETRIES_MAX, "retries is 0 to 10000"),
        (
            &o.max_age,
            limits::STREAM_RECORD_AGE_S.0,
            limits::STREAM_RECORD_AGE_S.1,
            "max_age is 60s to 7d",
        ),
        (
            &o.parallelization,
            1,
            limits::STREAM_PARALLELIZATION_MAX,
            "parallelization is 1 to 10",
        ),
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
        destinations::stream_failure_destination(stack, t, diags);
    }
}

/// LF0404: batch size, batching window and maximum concurrency of an SQS mapping.
fn sqs_batch(
    fifo: bool,
    batch_size: &Spanned<u64>,
    window: &Spanned<u64>,
    max_concurrency: Option<&Spanned<u64>>,
    diags: &mut Diagnostics,
) {
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
}

/// LF0405: the polled queue's visibility timeout against the function's timeout.
fn sqs_visibility(f: &Function, q: &Queue, queue: &Spanned<String>, window: &Spanned<u64>, diags: &mut Diagnostics) {
    let Some(vis) = &q.visibility_timeout else { return };
    let recommended = limits::SQS_VISIBILITY_FACTOR * f.timeout.value + window.value;
    let (d, why) = if vis.value < f.timeout.value {
        let message = format!(
            "queue visibility {}s is shorter than the function's timeout {}s",
            vis.value, f.timeout.value
        );
        (
            Diagnostic::error(Code::SqsVisibility, vis.span, message),
            " (6 × timeout + window)",
        )
    } else if vis.value < recommended {
        let message = format!(
            "queue visibility {}s is below 6 × the function's timeout ({recommended}s)",
            vis.value
        );
        (Diagnostic::warning(Code::SqsVisibility, vis.span, message), "")
    } else {
        return;
    };
    diags.push(
        d.with_label(f.timeout.span, "the function's timeout")
            .with_label(queue.span, "the function polls the queue here")
            .with_help(format!(
                "set `visibility_timeout = {recommended}s`{why}, or leave it out and lfc sets it"
            ))
            .with_fix(vis.span, format!("{recommended}s")),
    );
}

/// LF0107: events S3 sends to EventBridge.
fn s3_eventbridge_events(events: &[Spanned<String>], diags: &mut Diagnostics) {
    for e in events {
        if limits::s3_eventbridge_detail_types(&e.value).is_empty() {
            diags.push(
                Diagnostic::error(Code::UnknownEnumValue, e.span, format!("S3 does not send `{}` to EventBridge", e.value))
                    .with_help("use created, removed, or an ObjectRestore, ObjectTagging, ObjectAcl or lifecycle event; or deliver by notification"),
            );
        }
    }
}

/// LF0413: an existing bucket gets no notification from this stack.
fn s3_existing_bucket(stack: &Stack, span: Span, bucket: &Spanned<String>, eventbridge: bool, diags: &mut Diagnostics) {
    if let Some(DeclKind::Bucket(b)) = stack.decl(&bucket.value).map(|d| &d.kind) {
        if b.existing.is_some() && !eventbridge {
            diags.push(
                Diagnostic::error(
                    Code::ExistingBucketNotification,
                    span,
                    format!(
                        "`{}` is an existing bucket: this stack cannot add a notification to it",
                        bucket.value
                    ),
                )
                .with_help(format!(
                    "write `on s3 {} {{ via = eventbridge }}` and turn on EventBridge notifications on the bucket",
                    bucket.value
                )),
            );
        }
    }
}

/// LF0314 and LF0419: S3 key filters are short and literal.
fn s3_filters<'a>(filters: impl Iterator<Item = &'a Spanned<String>>, diags: &mut Diagnostics) {
    for v in filters {
        if v.value.len() > limits::S3_FILTER_VALUE_MAX {
            diags.push(
                Diagnostic::error(
                    Code::TextLimit,
                    v.span,
                    format!(
                        "an S3 filter value is at most {} characters",
                        limits::S3_FILTER_VALUE_MAX
                    ),
                )
                .with_help("shorten it"),
            );
        } else if v.value.contains('*') {
            diags.push(
                Diagnostic::warning(
                    Code::S3FilterLiteral,
                    v.span,
                    "S3 filters match literally: `*` is not a wildcard",
                )
                .with_help("write the literal prefix or suffix, e.g. `uploads/` or `.jpg`"),
            );
        }
    }
}

/// LF0411: `TABLE.stream_arn` written in a value position needs a table with a stream.
pub(super) fn stream_arn_refs(stack: &Stack, diags: &mut Diagnostics) {
    for r in stack.refs().into_iter().filter(|r| r.attr == Attr::StreamArn) {
        if let Some(DeclKind::Table(t)) = stack.decl(&r.target).map(|d| &d.kind) {
            if !has_stream(t) {
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

/// The key filters and events of an S3 notification.
struct S3Filter<'a> {
    events: &'a [Spanned<String>],
    prefix: String,
    suffix: String,
}

/// LF0407: two S3 notifications on one bucket that could match one event and key.
pub(super) fn s3_overlaps(stack: &Stack, diags: &mut Diagnostics) {
    let mut by_bucket: BTreeMap<&str, Vec<(&str, &Trigger, S3Filter)>> = BTreeMap::new();
    for (fname, f) in stack.functions() {
        for t in &f.triggers {
            // EventBridge rules may overlap freely; only notifications conflict.
            if let TriggerKind::S3 {
                bucket,
                eventbridge: false,
                events,
                prefix,
                suffix,
            } = &t.kind
            {
                let text = |o: &Option<Spanned<String>>| o.as_ref().map_or(String::new(), |x| x.value.clone());
                let filter = S3Filter {
                    events,
                    prefix: text(prefix),
                    suffix: text(suffix),
                };
                by_bucket
                    .entry(bucket.value.as_str())
                    .or_default()
                    .push((fname, t, filter));
            }
        }
    }
    for (bucket, list) in by_bucket {
        for (i, (fa, a, x)) in list.iter().enumerate() {
            for (fb, b, y) in &list[i + 1..] {
                let events_overlap = x
                    .events
                    .iter()
                    .any(|e| y.events.iter().any(|f| events_match(&e.value, &f.value)));
                let prefixes = x.prefix.starts_with(&y.prefix) || y.prefix.starts_with(&x.prefix);
                let suffixes = x.suffix.ends_with(&y.suffix) || y.suffix.ends_with(&x.suffix);
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

/// Whether two S3 event names overlap (`s3:ObjectCreated:*` covers its group).
fn events_match(a: &str, b: &str) -> bool {
    let group = |e: &str| e.rsplit_once(':').map_or(e.to_string(), |(g, _)| g.to_string());
    a == b || (a.ends_with(":*") && group(a) == group(b)) || (b.ends_with(":*") && group(a) == group(b))
}

/// LF0410: one route served twice on one API.
pub(super) fn duplicate_routes(routes: &[Route<'_>], diags: &mut Diagnostics) {
    let mut routes: Vec<(Span, &str, String)> = routes
        .iter()
        .map(|r| (r.span, r.api.value.as_str(), format!("{} {}", r.method, r.path)))
        .collect();
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
