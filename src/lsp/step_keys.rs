//! The keys of a workflow's named steps and of the blocks inside them
//! (`retry`, `catch`, `fail`, a `parallel` branch, a `choice` rule), for
//! [`super::keys`] — docs/language.md §9.8.
//!
//! Must not: decide anything. A step block lists every kind's keys; which
//! apply is the compiler's to say (LF0213 names the step's kind).

use super::keys::{k, KeyDoc};
use crate::data::limits as l;
use crate::model::{ServiceAction, StepType};

/// What the key of a step kind does.
fn kind_doc(t: StepType) -> &'static str {
    match t {
        StepType::Invoke => "Step kind: call a function (`Task`, `lambda:invoke`).",
        StepType::Service(ServiceAction::Publish) => "Step kind: publish to a topic (`sns:publish`).",
        StepType::Service(ServiceAction::Send) => "Step kind: send to a queue (`sqs:sendMessage`).",
        StepType::Service(ServiceAction::Get) => "Step kind: read an item of a table (`dynamodb:getItem`).",
        StepType::Service(ServiceAction::Put) => "Step kind: write an item to a table (`dynamodb:putItem`).",
        StepType::Choice => "Step kind: a list of rules `{ path, <test>, next }`.",
        StepType::Parallel => "Step kind: branches `{ steps …, start }` run at once.",
        StepType::Map => "Step kind: run `steps` for each item of the list at this path.",
        StepType::Wait => "Step kind: wait a duration, or until the timestamp at a path.",
        StepType::Pass => "Step kind (`pass = true`): pass the input on.",
        StepType::Succeed => "Step kind (`succeed = true`): end successfully.",
        StepType::Fail => "Step kind: `fail = { error, cause }` ends the workflow failed.",
    }
}

/// The keys that select a step's kind ([`StepType::ALL`]), then every
/// kind's settings.
pub fn step() -> Vec<KeyDoc> {
    let kinds = StepType::ALL
        .into_iter()
        .map(|t| k(t.keyword(), kind_doc(t), "one kind key per step"));
    kinds.chain(settings()).collect()
}

/// The settings of the step kinds (which apply is the compiler's to say).
fn settings() -> Vec<KeyDoc> {
    vec![
        k("otherwise", "`choice`: the step when no rule matches.", "none (no match fails)"),
        k("message", "`publish`, `send`: the path of the message in the input.", "`$`"),
        k("key", "`get`: the path of the item's key in the input.", "required"),
        k("item", "`put`: the path of the item in the input.", "required"),
        k("steps", "`map`: the steps run for each item.", "required"),
        k("start", "`map`: the first of its steps.", "the first step written"),
        k("concurrency", "`map`: items run at once (0 = no limit).", "`0`"),
        k("next", "The step after this one.", "the step written after it; the last step ends"),
        k("end", "`end = true` ends the workflow (or the branch, or the map's iteration).", "none"),
        k(
            "retry",
            "Task, `parallel`, `map`: `{ errors, attempts, interval, backoff }` or a list of them; `[]` turns retries off.",
            "tasks: the workflow's `retry`; others: none",
        ),
        k("catch", "Task, `parallel`, `map`: `{ errors, next, result }` or a list of them.", "none"),
        k("timeout", "Task steps: how long the task may run.", "none (Step Functions: 99999999 s)")
            .limit("at least 1 s"),
        k("heartbeat", "Task steps: the longest silence before the task fails.", "none")
            .limit("at least 1 s, shorter than `timeout`"),
        k(
            "callback",
            "`invoke`, `publish`, `send`: `callback = true` waits for a task token.",
            "none",
        )
        .limit("standard workflows only"),
        k(
            "result",
            "Where the result goes in the input (not on `invoke`).",
            "the result replaces the input",
        ),
    ]
}

/// `retry { errors, attempts, interval, backoff }` of a workflow or a step.
pub fn retry() -> Vec<KeyDoc> {
    vec![
        k(
            "errors",
            "The errors retried: names such as `States.Timeout` or your own.",
            "`[\"States.ALL\"]`",
        )
        .limit(format!("States errors: {}", l::STATES_ERRORS.join(", "))),
        k("attempts", "Retries before giving up.", "`2`").limit(format!("0–{}", l::STATES_RETRY_ATTEMPTS_MAX)),
        k("interval", "The wait before the first retry.", "`1s`").limit("at least 1 s"),
        k("backoff", "The factor the wait grows by.", "`2.0`").limit("at least 1.0"),
    ]
}

/// `catch { errors, next, result }` of a step.
pub fn catch() -> Vec<KeyDoc> {
    vec![
        k("errors", "The errors caught.", "`[\"States.ALL\"]`"),
        k("next", "The step to go to.", "required"),
        k(
            "result",
            "Where the error goes in the input.",
            "the error replaces the input",
        ),
    ]
}

/// `fail = { error, cause }`.
pub fn fail() -> Vec<KeyDoc> {
    vec![
        k("error", "The error name.", "none"),
        k("cause", "A human-readable cause.", "none"),
    ]
}

/// A branch of `parallel`.
pub fn branch() -> Vec<KeyDoc> {
    vec![
        k("steps", "The branch's named steps.", "required"),
        k("start", "The branch's first step.", "the first step written"),
    ]
}

/// A rule of `choice`.
pub fn rule() -> Vec<KeyDoc> {
    vec![
        k("path", "The path of the value tested, e.g. `$.status`.", "required"),
        k("next", "The step when the rule matches.", "required"),
        k("equals", "Test: equal to a string, number or boolean.", "none"),
        k("above", "Test: a number above this.", "none"),
        k("below", "Test: a number below this.", "none"),
        k("at_least", "Test: a number at least this.", "none"),
        k("at_most", "Test: a number at most this.", "none"),
        k("matches", "Test: a string matching a glob with `*`.", "none"),
        k(
            "present",
            "Test: the path is present (`true`) or absent (`false`).",
            "none",
        ),
    ]
}
