//! The options of each trigger (`on KIND … { … }`), for [`super::keys`] —
//! docs/language.md §10. The keys are [`TriggerType::options`], the
//! compiler's own list; this file says what each one is.
//!
//! Must not: decide anything.

use super::keys::{k, KeyDoc};
use crate::data::limits as l;
use crate::model::{ScheduleOptions, StreamOptions, TriggerKind, TriggerType};

/// The options of `t`, each documented (an option without docs is left
/// out, which a test catches).
pub fn trigger(t: TriggerType) -> Vec<KeyDoc> {
    t.options().iter().filter_map(|key| option(t, key)).collect()
}

/// One option of `t` (a table: one arm per option, hence the length).
fn option(t: TriggerType, key: &str) -> Option<KeyDoc> {
    use TriggerType as T;
    let stream = matches!(t, T::Dynamodb | T::Kinesis);
    Some(match (t, key) {
        (_, "recursive") => k(
            "recursive",
            "`recursive = true` acknowledges a loop through this trigger (LF0414 stays a warning).",
            "`false`",
        ),
        (T::Http, "api") => k("api", "The api the route joins.", "the implicit `http` api"),
        (T::Http, "auth") => k(
            "auth",
            "The route's authorization: `none`, `iam`, `{ jwt { scopes } }` or `{ lambda { … } }`.",
            "the api's",
        ),
        (T::S3, "events") => k("events", "`created`, `removed` or full S3 event names.", "`[created]`"),
        (T::S3, "prefix") => k("prefix", "Only keys starting with this (matched literally).", "none")
            .limit(format!("at most {} characters", l::S3_FILTER_VALUE_MAX)),
        (T::S3, "suffix") => k("suffix", "Only keys ending with this (matched literally).", "none")
            .limit(format!("at most {} characters", l::S3_FILTER_VALUE_MAX)),
        (T::S3, "via") => k(
            "via",
            "How events arrive: a bucket notification or an EventBridge rule.",
            "`notification`",
        )
        .words(&TriggerKind::S3_VIA),
        (T::Schedule, "timezone") => k(
            "timezone",
            "`\"UTC\"` or an IANA `Area/City` (makes it a Scheduler schedule).",
            "UTC",
        ),
        (T::Schedule, "input") => k("input", "The event the target receives, as JSON.", "none"),
        (T::Schedule, "enabled") => k("enabled", "Whether the schedule fires.", "`true`"),
        (T::Schedule, "via") => k(
            "via",
            "`rule`: an EventBridge rule; `scheduler`: an EventBridge Scheduler schedule.",
            "`scheduler` with a `timezone` or `at(…)`, else `rule`",
        )
        .words(&ScheduleOptions::VIA),
        (T::Schedule, "name") => k("name", "Scheduler only: the schedule's name.", "CloudFormation's")
            .limit(format!("1–{} of `[0-9a-zA-Z-_.]`", l::SCHEDULE_NAME_MAX)),
        (T::Schedule, "description") => k("description", "Scheduler only: the schedule's description.", "none")
            .limit(format!("at most {} characters", l::SCHEDULE_DESCRIPTION_MAX)),
        (T::Schedule, "retry") => k(
            "retry",
            "Scheduler only: `retry { attempts, max_age }`.",
            "Scheduler's 185 attempts, 24 h",
        ),
        (T::Schedule, "dead_letter") => k(
            "dead_letter",
            "Scheduler only: a standard queue for events that could not be delivered.",
            "none",
        ),
        (T::Sqs, "batch_size") => k("batch_size", "Messages per invocation.", "`10`").limit(format!(
            "1–{}; 1–{} on FIFO",
            l::SQS_BATCH_MAX,
            l::SQS_FIFO_BATCH_MAX
        )),
        (_, "batch_size") if stream => k("batch_size", "Records per invocation.", "`100`").limit(format!(
            "{}–{}",
            l::STREAM_BATCH.0,
            l::STREAM_BATCH.1
        )),
        (T::Sqs, "window") => k("window", "How long to gather a batch.", "`0s`")
            .limit(format!("at most {} s; none on FIFO", l::BATCH_WINDOW_MAX_S)),
        (_, "window") if stream => {
            k("window", "How long to gather a batch.", "`0s`").limit(format!("at most {} s", l::BATCH_WINDOW_MAX_S))
        }
        (T::Sqs, "max_concurrency") => k("max_concurrency", "The most invocations at once.", "none").limit(format!(
            "{}–{}",
            l::SQS_MAX_CONCURRENCY.0,
            l::SQS_MAX_CONCURRENCY.1
        )),
        (_, "report_failures") if t == T::Sqs || stream => k(
            "report_failures",
            "The function reports the items that failed (`ReportBatchItemFailures`).",
            "`false`",
        ),
        (_, "filter") if t == T::Sqs || stream => k("filter", "Event filter patterns: one block or a list.", "none")
            .limit(format!("at most {} patterns", l::FILTERS_PER_MAPPING_MAX)),
        (T::Sns, "filter") => k("filter", "The subscription's filter policy.", "none"),
        (T::Sns, "filter_on") => {
            k("filter_on", "What the filter policy matches.", "`attributes`").words(&TriggerKind::SNS_FILTER_ON)
        }
        (T::Sns, "raw") => k("raw", "Raw message delivery (a queue's `on sns` only).", "`false`"),
        (_, "start") if stream => k("start", "Where reading starts.", "`trim_horizon`").words(&StreamOptions::STARTS),
        (_, "retries") if stream => {
            k("retries", "Retries of a failed batch.", "`3`").limit(format!("0–{}", l::STREAM_RETRIES_MAX))
        }
        (_, "max_age") if stream => k("max_age", "The oldest record sent to the function.", "`1d`").limit(format!(
            "{} s–{} d",
            l::STREAM_RECORD_AGE_S.0,
            l::STREAM_RECORD_AGE_S.1 / 86_400
        )),
        (_, "bisect") if stream => k("bisect", "Split a failed batch in two and retry.", "`true`"),
        (_, "parallelization") if stream => k("parallelization", "Batches per shard processed at once.", "`1`")
            .limit(format!("1–{}", l::STREAM_PARALLELIZATION_MAX)),
        (_, "on_failure") if stream => k(
            "on_failure",
            "Where records that failed go: a standard queue, a topic or an ARN.",
            "none",
        ),
        (T::Event, "source") => k("source", "The pattern's `source` list.", "none"),
        (T::Event, "detail_type") => k("detail_type", "The pattern's `detail-type` list.", "none"),
        (T::Event, "detail") => k("detail", "The pattern's `detail`, keys as written.", "none"),
        (T::Event, "resources") => k("resources", "The pattern's `resources` list.", "none"),
        (T::Event, "bus") => k("bus", "The event bus the rule listens on.", "`default`"),
        _ => return None,
    })
}
