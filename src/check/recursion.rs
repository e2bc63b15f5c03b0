//! Recursive loops (LF0414): a function triggered by a resource it may write
//! to, through a grant, a raw statement or a destination.
//!
//! Must not: resolve names or compute grants (`data::grants` says which
//! verbs write); it only compares what the model holds.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, Function, Grant, RawStatement, Stack, Target, Trigger, TriggerKind};
use crate::source::Span;

/// A write the function may make to the resource one of its triggers listens to.
struct Write<'a> {
    span: Span,
    verb: &'a str,
    pattern: Option<&'a str>,
}

/// The verb a raw statement's action amounts to: `delete`, `write`, or none for reads.
fn raw_verb(action: &str) -> Option<&'static str> {
    let action = action.split(':').nth(1).unwrap_or("");
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
}

/// Every grant or raw statement of `f` (and its declared role) that may write to `target`.
fn writes_to<'a>(stack: &'a Stack, f: &'a Function, target: &str) -> Vec<Write<'a>> {
    let mut grants: Vec<&Grant> = f.grants.iter().collect();
    let mut raws: Vec<&RawStatement> = f.statements.iter().collect();
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
        let mut verbs: Vec<&str> = raw.actions.iter().filter_map(|a| raw_verb(&a.value)).collect();
        verbs.sort_unstable();
        verbs.dedup();
        out.extend(verbs.into_iter().map(|verb| Write {
            span: raw.span,
            verb,
            pattern: None,
        }));
    }
    out.extend(destination_writes(f, target));
    out
}

/// Results of asynchronous invocations delivered back to the source start it
/// again too (polled and synchronous invocations use no destinations).
fn destination_writes<'a>(f: &'a Function, target: &str) -> Vec<Write<'a>> {
    if !f.triggers.iter().any(Trigger::is_async) {
        return Vec::new();
    }
    let targets = [f.dead_letter.as_ref()]
        .into_iter()
        .chain(
            f.async_config
                .iter()
                .flat_map(|a| [a.on_success.as_ref(), a.on_failure.as_ref()]),
        )
        .flatten();
    targets
        .filter_map(|t| match t {
            Target::Decl(n) if n.value == target => Some(Write {
                span: n.span,
                verb: "write",
                pattern: None,
            }),
            Target::Decl(_) | Target::Arn(_) => None,
        })
        .collect()
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

/// Whether write `w` can fire trigger `t` again.
fn fires_again(t: &TriggerKind, w: &Write) -> bool {
    match t {
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
        // A write adds or changes items (INSERT, MODIFY); an explicit delete
        // removes them (REMOVE). A `write` grant also allows DeleteItem, but
        // deletes triggered by deletes run out with the items, so they are
        // not counted as a loop. A filter on `eventName` lets through only
        // the kinds it lists; with several patterns, a record passes when
        // any of them lets it through.
        TriggerKind::Dynamodb { options, .. } => {
            let produced: &[&str] = if w.verb == "delete" {
                &["REMOVE"]
            } else {
                &["INSERT", "MODIFY"]
            };
            options.filters.is_empty()
                || options.filters.iter().any(|f| match event_names(&f.value) {
                    Some(passed) => produced.iter().any(|e| passed.contains(e)),
                    None => true,
                })
        }
        // Any write but a delete adds a message or record the trigger receives
        // (http, schedule and event triggers have no source to write to).
        TriggerKind::Sqs { .. }
        | TriggerKind::Sns { .. }
        | TriggerKind::Kinesis { .. }
        | TriggerKind::Http { .. }
        | TriggerKind::Schedule { .. }
        | TriggerKind::Event { .. } => w.verb != "delete",
    }
}

/// The DynamoDB stream event names a filter pattern lets through, when it
/// lists them as plain strings (`eventName = ["INSERT"]`); `None` when any
/// may pass (no `eventName` key, or a content filter such as
/// `anything-but` that lfc does not evaluate).
fn event_names(pattern: &serde_json::Value) -> Option<Vec<&str>> {
    let names = pattern.get("eventName")?.as_array()?;
    names.iter().map(serde_json::Value::as_str).collect()
}

/// A function triggered by a resource it may write to (docs/language.md §10).
pub(super) fn recursive_loops(stack: &Stack, f: &Function, diags: &mut Diagnostics) {
    for t in &f.triggers {
        let Some(source) = t.source() else { continue };
        for w in writes_to(stack, f, &source.value) {
            if !fires_again(&t.kind, &w) {
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
