//! `monitor { … }` on a function (and in `stack.defaults`) and the stack's
//! `dashboard`: which CloudWatch alarms to emit, with what thresholds, and
//! whom they notify. Defaults are applied by the builder, so every `None`
//! here means "this alarm is switched off".
//!
//! Facts only: reading is `model/build/monitor.rs`, rules `check/monitoring.rs`,
//! resources `emit/monitoring.rs`.

use super::{Spanned, Target};
use crate::source::Span;

/// Default alarm period: 5 minutes.
pub const DEFAULT_PERIOD_S: u64 = 300;
/// Default error count that raises the errors alarm.
pub const DEFAULT_ERRORS: u64 = 1;
/// Default throttle count that raises the throttles alarm.
pub const DEFAULT_THROTTLES: u64 = 1;
/// Default p99 duration, in percent of the timeout, that raises the duration alarm.
pub const DEFAULT_DURATION_PERCENT: u64 = 80;
/// Default iterator age (stream triggers) that raises its alarm: 1 minute.
pub const DEFAULT_ITERATOR_AGE_S: u64 = 60;
/// Default count of visible dead-letter messages that raises its alarm.
pub const DEFAULT_DEAD_LETTER_MESSAGES: u64 = 1;

/// `monitor { … }`, defaults applied.
#[derive(Debug, Clone)]
pub struct Monitor {
    /// The topic (or topic ARN) alarms notify; none: alarms without actions.
    pub notify: Option<Target>,
    /// `errors`: error count per period.
    pub errors: Option<Spanned<u64>>,
    /// `error_rate`: errors in percent of invocations per period (off by default).
    pub error_rate: Option<Spanned<u64>>,
    /// `throttles`: throttle count per period.
    pub throttles: Option<Spanned<u64>>,
    /// `duration`: p99 duration in percent of the function's timeout.
    pub duration: Option<Spanned<u64>>,
    /// `iterator_age`: maximum iterator age in seconds (stream triggers only).
    pub iterator_age: Option<Spanned<u64>>,
    /// `dead_letter`: visible messages on the function's dead-letter queues.
    pub dead_letter: Option<Spanned<u64>>,
    /// `period`: the evaluation period in seconds.
    pub period: Spanned<u64>,
    /// The block.
    pub span: Span,
}

/// The kinds of alarm lfc emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlarmKind {
    /// Function errors, as a count.
    Errors,
    /// Function errors, as a percentage of invocations.
    ErrorRate,
    /// Throttled invocations.
    Throttles,
    /// p99 duration near the timeout.
    Duration,
    /// Age of the oldest record a stream mapping has not processed.
    IteratorAge,
    /// Messages waiting on a dead-letter queue.
    DeadLetter,
}

impl AlarmKind {
    /// Every kind, in the order alarms are emitted.
    pub const ALL: [AlarmKind; 6] = [
        AlarmKind::Errors,
        AlarmKind::ErrorRate,
        AlarmKind::Throttles,
        AlarmKind::Duration,
        AlarmKind::IteratorAge,
        AlarmKind::DeadLetter,
    ];

    /// The key in `monitor { … }`.
    pub fn key(self) -> &'static str {
        match self {
            AlarmKind::Errors => "errors",
            AlarmKind::ErrorRate => "error_rate",
            AlarmKind::Throttles => "throttles",
            AlarmKind::Duration => "duration",
            AlarmKind::IteratorAge => "iterator_age",
            AlarmKind::DeadLetter => "dead_letter",
        }
    }

    /// The threshold set for this kind, if the alarm is on.
    pub fn setting(self, m: &Monitor) -> Option<&Spanned<u64>> {
        match self {
            AlarmKind::Errors => m.errors.as_ref(),
            AlarmKind::ErrorRate => m.error_rate.as_ref(),
            AlarmKind::Throttles => m.throttles.as_ref(),
            AlarmKind::Duration => m.duration.as_ref(),
            AlarmKind::IteratorAge => m.iterator_age.as_ref(),
            AlarmKind::DeadLetter => m.dead_letter.as_ref(),
        }
    }
}
