//! Where failed and finished invocations go: failure paths of asynchronous
//! functions, settings that have no effect for how a function is invoked,
//! and the kinds of target a dead-letter queue or destination may be.
//!
//! Must not: resolve names (targets were resolved by the model) or emit.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, DeliveryService, Function, Stack, Target, Trigger};
use crate::source::Span;

/// Services whose ARNs an asynchronous destination may name.
const ASYNC_DESTINATION_SERVICES: &[DeliveryService] = &[
    DeliveryService::Sqs,
    DeliveryService::Sns,
    DeliveryService::Lambda,
    DeliveryService::Events,
];
/// Services whose ARNs a stream mapping's on-failure destination may name.
const STREAM_FAILURE_SERVICES: &[DeliveryService] = &[DeliveryService::Sqs, DeliveryService::Sns, DeliveryService::S3];

/// LF0409 and LF0408: failure paths and settings without effect (docs/language.md §13).
pub(super) fn invocation_paths(name: &str, decl_span: Span, f: &Function, diags: &mut Diagnostics) {
    let has_async = f.triggers.iter().any(Trigger::is_async);
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

/// A function's dead-letter target and asynchronous destinations.
pub(super) fn function_destinations(stack: &Stack, f: &Function, diags: &mut Diagnostics) {
    if let Some(dl) = &f.dead_letter {
        fifo_destination(stack, dl, "a dead-letter target", diags);
    }
    if let Some(a) = &f.async_config {
        for t in [&a.on_success, &a.on_failure].into_iter().flatten() {
            fifo_destination(stack, t, "an asynchronous destination", diags);
            destination_service(t, ASYNC_DESTINATION_SERVICES, "an asynchronous destination", diags);
        }
    }
}

/// A stream mapping's on-failure destination.
pub(super) fn stream_failure_destination(stack: &Stack, t: &Target, diags: &mut Diagnostics) {
    fifo_destination(stack, t, "an on-failure destination", diags);
    destination_service(t, STREAM_FAILURE_SERVICES, "an on-failure destination", diags);
}

/// LF0207: a destination ARN names a service that can receive what is sent there.
fn destination_service(t: &Target, allowed: &[DeliveryService], what: &str, diags: &mut Diagnostics) {
    let Target::Arn(s) = t else { return };
    // Deploy-time parts are `*`: the service must be written out.
    let shape = s.value.shape();
    if !DeliveryService::of_arn(&shape).is_some_and(|d| allowed.contains(&d)) {
        let words: Vec<&str> = allowed.iter().map(|d| d.word()).collect();
        diags.push(
            Diagnostic::error(Code::WrongKind, s.span, format!("`{shape}` cannot be {what}"))
                .with_help(format!("give the ARN of one of: {}", words.join(", "))),
        );
    }
}

/// LF0412: DLQs and destinations must be standard queues or topics.
pub(super) fn fifo_destination(stack: &Stack, t: &Target, what: &str, diags: &mut Diagnostics) {
    let Target::Decl(n) = t else { return };
    let fifo = match stack.decl(&n.value).map(|d| &d.kind) {
        Some(DeclKind::Queue(q)) => q.fifo,
        Some(DeclKind::Topic(tp)) => tp.fifo,
        Some(
            DeclKind::Function(_)
            | DeclKind::Layer(_)
            | DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Api(_)
            | DeclKind::Workflow(_),
        )
        | None => false,
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
