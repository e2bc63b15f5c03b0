//! `monitor { … }` thresholds and period (LF0324).
//!
//! Must not: resolve names or emit; which alarms exist is `emit/monitoring.rs`.

use crate::data::limits::{ALARM_PERCENT, ALARM_PERIOD_MAX_S};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{AlarmKind, Function};

/// LF0324: every threshold in range, the period whole minutes up to a day.
pub(super) fn alarms(diags: &mut Diagnostics, f: &Function) {
    let Some(m) = &f.monitor else { return };
    for kind in AlarmKind::ALL {
        let Some(t) = kind.setting(m) else { continue };
        let (ok, rule) = match kind {
            AlarmKind::Errors | AlarmKind::Throttles | AlarmKind::DeadLetter => (t.value >= 1, "a count of at least 1"),
            AlarmKind::ErrorRate | AlarmKind::Duration => (
                (ALARM_PERCENT.0..=ALARM_PERCENT.1).contains(&t.value),
                "a percentage from 1 to 100",
            ),
            AlarmKind::IteratorAge => (t.value >= 1, "at least 1s"),
        };
        if !ok {
            diags.push(
                Diagnostic::error(Code::AlarmSettings, t.span, format!("`{}` is {rule}", kind.key())).with_help(
                    format!("write {rule}, or `{} = false` to switch the alarm off", kind.key()),
                ),
            );
        }
    }
    let p = m.period.value;
    if p == 0 || p % 60 != 0 || p > ALARM_PERIOD_MAX_S {
        diags.push(
            Diagnostic::error(
                Code::AlarmSettings,
                m.period.span,
                format!("an alarm period of {p} s is not whole minutes from 1min to 1d"),
            )
            .with_help("write a period such as `1min`, `5min` or `1h`"),
        );
    }
}
