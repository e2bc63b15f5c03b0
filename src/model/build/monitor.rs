//! `monitor { notify, errors, error_rate, throttles, duration, iterator_age,
//! dead_letter, period }`: each alarm is on with its default unless set to
//! `false`; a number (or, for `iterator_age`, a duration) sets its threshold.
//!
//! Must not: judge ranges (that is `check/monitoring.rs`) or emit.

use crate::model::monitor::{
    DEFAULT_DEAD_LETTER_MESSAGES, DEFAULT_DURATION_PERCENT, DEFAULT_ERRORS, DEFAULT_ITERATOR_AGE_S, DEFAULT_PERIOD_S,
    DEFAULT_THROTTLES,
};
use crate::syntax::ast::{Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

/// The keys of `monitor { … }`.
const KEYS: [&str; 8] = [
    "notify",
    "errors",
    "error_rate",
    "throttles",
    "duration",
    "iterator_age",
    "dead_letter",
    "period",
];

impl Builder<'_> {
    /// `monitor { … }` with defaults applied.
    pub(super) fn monitor(&mut self, v: &Value) -> Option<Monitor> {
        let block = self.reader().block(v)?;
        let mut c = Props::new(&block, self.diags);
        let span = block.span;
        let notify = c
            .take("notify")
            .and_then(|v| self.target(v, &[Kind::Topic], "`notify`", true));
        let m = Monitor {
            notify,
            errors: self.threshold(c.take("errors"), Some(DEFAULT_ERRORS), false, span),
            error_rate: self.threshold(c.take("error_rate"), None, false, span),
            throttles: self.threshold(c.take("throttles"), Some(DEFAULT_THROTTLES), false, span),
            duration: self.threshold(c.take("duration"), Some(DEFAULT_DURATION_PERCENT), false, span),
            iterator_age: self.threshold(c.take("iterator_age"), Some(DEFAULT_ITERATOR_AGE_S), true, span),
            dead_letter: self.threshold(c.take("dead_letter"), Some(DEFAULT_DEAD_LETTER_MESSAGES), false, span),
            period: c
                .take("period")
                .and_then(|v| self.reader().duration_s(v))
                .unwrap_or(Spanned::new(DEFAULT_PERIOD_S, span)),
            span,
        };
        c.finish("`monitor`", &KEYS, self.diags);
        Some(m)
    }

    /// One alarm's threshold: absent → `default` (at the block), `false` →
    /// off, `true` → on with the default, else a whole number (a duration
    /// in seconds when `duration`).
    fn threshold(
        &mut self,
        v: Option<&Value>,
        default: Option<u64>,
        duration: bool,
        block: crate::source::Span,
    ) -> Option<Spanned<u64>> {
        let Some(v) = v else {
            return default.map(|d| Spanned::new(d, block));
        };
        // The readers take `v` as written, so a fix lands where it is.
        match self.reader().subst(v)?.kind {
            ValueKind::Bool(false) => None,
            // `true` on an alarm that is off by default has no threshold to
            // take: 5 (percent) is the conventional error rate.
            ValueKind::Bool(true) => Some(Spanned::new(default.unwrap_or(5), v.span)),
            _ if duration => self.reader().duration_s(v),
            _ => self.reader().integer(v),
        }
    }
}
