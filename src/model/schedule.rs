//! What an `on schedule` may say beyond its expression: which service runs
//! it (`via`) and the settings only EventBridge Scheduler has (`name`,
//! `description`, `retry`, `dead_letter`).
//!
//! Plain data: reading it is `build/triggers.rs`', judging it
//! `check/scheduler.rs`'.

use super::Spanned;

/// `via = rule | scheduler`, and the settings of a Scheduler schedule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleOptions {
    /// `via` as written: `rule` (an EventBridge rule) or `scheduler`.
    pub via: Option<Spanned<String>>,
    /// `name`: the schedule's `Name`.
    pub name: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `retry.attempts`: retries after the first delivery.
    pub attempts: Option<Spanned<u64>>,
    /// `retry.max_age` in seconds.
    pub max_age: Option<Spanned<u64>>,
    /// `dead_letter`: the queue that receives events Scheduler gave up on.
    pub dead_letter: Option<Spanned<String>>,
}

impl ScheduleOptions {
    /// The words `via` takes: an EventBridge rule or a Scheduler schedule.
    pub const VIA: [&'static str; 2] = ["rule", "scheduler"];

    /// Options that only a Scheduler schedule takes, with where they stand.
    pub fn scheduler_only(&self) -> Vec<(&'static str, &Spanned<String>)> {
        [
            ("name", &self.name),
            ("description", &self.description),
            ("dead_letter", &self.dead_letter),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_ref()?)))
        .collect()
    }

    /// True when the schedule is an EventBridge Scheduler schedule: a time
    /// zone, a one-time `at(…)` or `via = scheduler`; otherwise an
    /// EventBridge rule (also with `via = rule`, which `check` refuses
    /// beside a time zone or `at(…)`).
    pub fn uses_scheduler(&self, expression: &str, timezone: bool) -> bool {
        match self.via.as_ref().map(|v| v.value.as_str()) {
            Some("scheduler") => true,
            Some(_) => false,
            None => timezone || expression.trim_start().starts_with("at("),
        }
    }
}
