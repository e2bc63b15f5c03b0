//! Rules on resource declarations that are not functions: queues, Kinesis
//! streams and apis (workflows are in `workflow.rs`). Physical names are checked in `names.rs`, layers in
//! `layers.rs`, roles in `iam.rs`.
//!
//! Must not: resolve names or emit.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Api, DeclKind, Queue, Stack, Stream, Topic};
use crate::source::Span;

use super::names::NameRule;
use super::routes::Route;

const STAGE_NAME: NameRule = NameRule::new(
    Code::ApiSettings,
    "stage",
    (1, limits::STAGE_NAME_MAX),
    |c| c.is_ascii_alphanumeric() || c == '_',
    "use 1 to 128 letters, digits and `_`",
);

/// LF0417: queue `name`'s visibility timeout, retention and delay ranges, and a
/// dead-letter queue of the same type.
pub(super) fn queue(stack: &Stack, name: &str, q: &Queue, diags: &mut Diagnostics) {
    if let Some(v) = &q.visibility_timeout {
        if v.value > limits::SQS_VISIBILITY_MAX_S {
            diags.push(
                Diagnostic::error(Code::QueueSettings, v.span, "visibility_timeout is at most 12h")
                    .with_help("use at most 12h"),
            );
        }
    }
    if let Some(r) = &q.retention {
        if r.value < limits::SQS_RETENTION_S.0 || r.value > limits::SQS_RETENTION_S.1 {
            diags.push(
                Diagnostic::error(Code::QueueSettings, r.span, "queue retention is 60s to 14d")
                    .with_help("use a value from 1min to 14d"),
            );
        }
    }
    if let Some(d) = &q.delay {
        if d.value > limits::SQS_DELAY_MAX_S {
            diags.push(
                Diagnostic::error(Code::QueueSettings, d.span, "queue delay is at most 15min")
                    .with_help("use at most 15min"),
            );
        }
    }
    if let Some((dlq, _)) = &q.dead_letter {
        if let Some(DeclKind::Queue(d)) = stack.decl(&dlq.value).map(|x| &x.kind) {
            if d.fifo != q.fifo {
                diags.push(
                    Diagnostic::error(
                        Code::QueueSettings,
                        dlq.span,
                        format!("`{name}` and its dead-letter queue must both be FIFO or both standard"),
                    )
                    .with_help("make the two queues the same type"),
                );
            }
        }
    }
}

/// LF0314: a topic's display name.
pub(super) fn topic(t: &Topic, diags: &mut Diagnostics) {
    if let Some(d) = t
        .display_name
        .as_ref()
        .filter(|d| d.value.chars().count() > limits::TOPIC_DISPLAY_NAME_MAX)
    {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                d.span,
                "a topic's display name is at most 100 characters",
            )
            .with_help("shorten `display_name`"),
        );
    }
}

/// LF0418: a Kinesis stream's shard count and retention range; LF0428: its
/// retention is whole hours.
pub(super) fn stream(st: &Stream, diags: &mut Diagnostics) {
    if let Some(n) = st.shards.as_ref().filter(|n| n.value == 0) {
        diags.push(
            Diagnostic::error(Code::StreamSettings, n.span, "a stream needs at least 1 shard")
                .with_help("write `shards = 1` or more, or leave it out for on-demand mode"),
        );
    }
    if let Some(part) = st.part_hour() {
        diags.push(
            Diagnostic::error(
                Code::StreamRetentionHours,
                part.span,
                "stream retention is a whole number of hours",
            )
            .with_help("write it in `h` or `d`, such as `48h` or `7d`"),
        );
        return;
    }
    if let Some(h) = st
        .retention_hours()
        .filter(|h| h.value < limits::KINESIS_RETENTION_H.0 || h.value > limits::KINESIS_RETENTION_H.1)
    {
        diags.push(
            Diagnostic::error(
                Code::StreamSettings,
                h.span,
                "stream retention is 24h to 365d, in whole hours",
            )
            .with_help("write a retention from `24h` to `365d`"),
        );
    }
}

/// LF0422 and LF0423: an api's settings fit its kind, and its usage plan
/// API Gateway's limits.
pub(super) fn api(routes: &[Route<'_>], name: &str, name_span: Span, a: &Api, diags: &mut Diagnostics) {
    let Some(rest) = &a.rest else {
        for (what, span) in &a.rest_only {
            diags.push(
                Diagnostic::error(Code::ApiSettings, *span, format!("`{what}` is a setting of REST apis"))
                    .with_help("add `kind = rest` to the api, or remove the setting"),
            );
        }
        return;
    };
    let kind_span = a.rest_only.first().map(|(_, s)| *s);
    if !routes.iter().any(|r| r.api.value == name) {
        diags.push(
            Diagnostic::error(
                Code::ApiSettings,
                name_span,
                format!("the REST api `{name}` has no route"),
            )
            .with_help(format!(
                "API Gateway refuses to deploy it: add `on http \"GET /…\" {{ api = {name} }}` to a function"
            )),
        );
    }
    if a.cors.is_some() {
        diags.push(
            Diagnostic::error(Code::ApiSettings, kind_span, "a REST api takes no `cors`")
                .with_help("answer CORS headers in the function, or use an HTTP api"),
        );
    }
    STAGE_NAME.check(Some(&rest.stage), diags);
    let Some(u) = &rest.usage_plan else { return };
    if rest.keys.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::ApiSettings,
                u.span,
                "a usage plan without `keys` applies to nobody",
            )
            .with_help("add `keys = [NAME, …]`: callers send a key, the plan meters it"),
        );
    }
    if let Some(q) = u.quota.as_ref().filter(|q| q.value == 0) {
        diags.push(
            Diagnostic::error(Code::UsagePlanLimits, q.span, "a quota of 0 requests blocks every call")
                .with_help("give at least 1, or remove `quota` for no quota"),
        );
    }
    if let Some(r) = u.rate.as_ref().filter(|r| r.value < 0.0) {
        diags.push(
            Diagnostic::error(Code::UsagePlanRate, r.span, "`rate` is 0 or more requests per second")
                .with_help("write `rate = 10` or `rate = 0.5`, or remove `rate` for no rate limit"),
        );
    }
    let (max_rate, max_burst) = limits::API_THROTTLE;
    if let Some(r) = u.rate.as_ref().filter(|r| r.value > max_rate) {
        diags.push(
            Diagnostic::error(
                Code::UsagePlanLimits,
                r.span,
                format!("`rate` is at most {max_rate} requests per second"),
            )
            .with_help("lower the rate"),
        );
    }
    if let Some(b) = u.burst.as_ref().filter(|b| b.value > max_burst) {
        diags.push(
            Diagnostic::error(
                Code::UsagePlanLimits,
                b.span,
                format!("`burst` is at most {max_burst} requests"),
            )
            .with_help("lower the burst"),
        );
    }
}
