//! Rules on the `on` statements of queues and topics (deliveries between
//! resources): schedule expressions, FIFO on both ends of a subscription
//! or rule (LF0412), and raw delivery, which only queues take (LF0421, for
//! functions' `on sns`).
//!
//! Must not: resolve names or emit; the model decided which kinds take
//! which triggers.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, Spanned, Stack, Trigger, TriggerKind};

use super::schedule;

/// The rules on the triggers of the queue or topic `name`, FIFO or not.
pub(super) fn delivery_triggers(stack: &Stack, name: &str, fifo: bool, triggers: &[Trigger], diags: &mut Diagnostics) {
    for t in triggers {
        match &t.kind {
            TriggerKind::Schedule {
                expression, timezone, ..
            } => {
                schedule::rules(expression, timezone.as_ref(), diags);
                rule_into_fifo(name, fifo, t, diags);
            }
            TriggerKind::Event { .. } => rule_into_fifo(name, fifo, t, diags),
            TriggerKind::Sns { topic, .. } => topic_fits_queue(stack, name, fifo, topic, diags),
            // The model gives queues and topics no other triggers.
            TriggerKind::Http { .. }
            | TriggerKind::S3 { .. }
            | TriggerKind::Sqs { .. }
            | TriggerKind::Dynamodb { .. }
            | TriggerKind::Kinesis { .. } => {}
        }
    }
}

/// LF0412: EventBridge sends to a FIFO queue or topic only with a message
/// group, which lfc does not set.
fn rule_into_fifo(name: &str, fifo: bool, t: &Trigger, diags: &mut Diagnostics) {
    if fifo {
        diags.push(
            Diagnostic::error(
                Code::FifoNotAllowed,
                t.span,
                format!("`on {}` cannot deliver to the FIFO `{name}`", t.keyword()),
            )
            .with_help("deliver to a standard queue or topic"),
        );
    }
}

/// LF0412: a FIFO topic delivers only to FIFO queues, a standard topic only
/// to standard ones.
fn topic_fits_queue(stack: &Stack, queue: &str, queue_fifo: bool, topic: &Spanned<String>, diags: &mut Diagnostics) {
    let Some(DeclKind::Topic(tp)) = stack.decl(&topic.value).map(|d| &d.kind) else {
        return;
    };
    if tp.fifo != queue_fifo {
        let (t, q) = if tp.fifo {
            ("FIFO", "standard")
        } else {
            ("standard", "FIFO")
        };
        diags.push(
            Diagnostic::error(
                Code::FifoNotAllowed,
                topic.span,
                format!(
                    "the {t} topic `{}` cannot deliver to the {q} queue `{queue}`",
                    topic.value
                ),
            )
            .with_help("make both FIFO or both standard"),
        );
    }
}

/// LF0421: raw message delivery is for queues; SNS refuses it for a function.
pub(super) fn raw_to_function(raw: Option<&Spanned<bool>>, diags: &mut Diagnostics) {
    if let Some(r) = raw.filter(|r| r.value) {
        diags.push(
            Diagnostic::error(
                Code::RawDelivery,
                r.span,
                "a function's subscription cannot use raw delivery",
            )
            .with_help(
                "remove `raw`: Lambda always receives the SNS envelope (the message is in `Records[].Sns.Message`)",
            ),
        );
    }
}
