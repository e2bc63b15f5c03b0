//! LF0425: the settings of `on schedule` beyond its expression — `via`,
//! and the name, description, retry policy and dead-letter queue only an
//! EventBridge Scheduler schedule takes — for functions, workflows, queues
//! and topics alike. A FIFO dead-letter queue is LF0412.
//!
//! Must not: resolve names or emit.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{ScheduleOptions, Spanned, Stack, Target};

use super::destinations;
use super::names::{self, NameRule};

const SCHEDULE_NAME: NameRule = NameRule::new(
    Code::ScheduleSettings,
    "schedule",
    (1, limits::SCHEDULE_NAME_MAX),
    names::dotted,
    "use 1 to 64 letters, digits, `-`, `_` and `.`",
);

/// Every rule on the options of one `on schedule`.
pub(super) fn settings(
    stack: &Stack,
    expression: &Spanned<String>,
    timezone: Option<&Spanned<String>>,
    o: &ScheduleOptions,
    diags: &mut Diagnostics,
) {
    if o.uses_scheduler(&expression.value, timezone.is_some()) {
        scheduler(o, diags);
        if let Some(q) = &o.dead_letter {
            let dlq = Target::Decl(q.clone());
            destinations::fifo_destination(stack, &dlq, "a schedule's dead-letter queue", diags);
        }
        return;
    }
    if let Some(via) = o.via.as_ref().filter(|_| timezone.is_some()) {
        diags.push(
            error(via.span, "an EventBridge rule has no time zone")
                .with_help("remove `via = rule`: a schedule with a `timezone` runs on EventBridge Scheduler"),
        );
    } else if let Some(via) = o
        .via
        .as_ref()
        .filter(|_| expression.value.trim_start().starts_with("at("))
    {
        diags.push(
            error(via.span, "an EventBridge rule cannot run a one-time `at(…)` schedule")
                .with_help("remove `via = rule`: `at(…)` runs on EventBridge Scheduler"),
        );
    }
    let retry = o.attempts.as_ref().or(o.max_age.as_ref()).map(|r| ("retry", r.span));
    let only = o.scheduler_only().into_iter().map(|(k, v)| (k, v.span));
    for (key, span) in only.chain(retry) {
        diags.push(
            error(span, format!("`{key}` is a setting of EventBridge Scheduler schedules"))
                .with_help("add `via = scheduler` (this schedule is otherwise an EventBridge rule)"),
        );
    }
}

fn error(span: crate::source::Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::ScheduleSettings, span, message)
}

/// Name, description and retry ranges of a Scheduler schedule.
fn scheduler(o: &ScheduleOptions, diags: &mut Diagnostics) {
    SCHEDULE_NAME.check(o.name.as_ref(), diags);
    if let Some(d) = o
        .description
        .as_ref()
        .filter(|d| d.value.chars().count() > limits::SCHEDULE_DESCRIPTION_MAX)
    {
        diags.push(
            error(d.span, "a schedule's description is at most 512 characters").with_help("shorten the description"),
        );
    }
    if let Some(a) = o.attempts.as_ref().filter(|a| a.value > limits::SCHEDULER_RETRIES_MAX) {
        diags.push(error(a.span, "`retry.attempts` is 0 to 185").with_help("write at most 185, or 0 for no retry"));
    }
    let (min, max) = limits::SCHEDULER_EVENT_AGE_S;
    if let Some(a) = o.max_age.as_ref().filter(|a| a.value < min || a.value > max) {
        diags.push(error(a.span, "`retry.max_age` is 1min to 24h").with_help("write a duration from `1min` to `24h`"));
    }
}
