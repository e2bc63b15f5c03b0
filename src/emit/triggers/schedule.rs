//! `on schedule "…"`: an EventBridge rule, or an EventBridge Scheduler
//! schedule (with the role it assumes) for time zones, `at(…)` and
//! `via = scheduler`, with its name, description, retry policy and
//! dead-letter queue.
//!
//! Must not: validate expressions or settings (`check` does).

use serde_json::{json, Value};

use super::Site;
use crate::emit::cfn::{get_att, Resource};
use crate::emit::iam::{self, Statement};
use crate::emit::Emitter;
use crate::model::{ScheduleOptions, Spanned};

impl Emitter<'_> {
    /// The rule or schedule of one `on schedule`.
    pub(super) fn schedule_trigger(
        &mut self,
        site: &Site,
        expression: &str,
        timezone: Option<&Spanned<String>>,
        input: Option<&Value>,
        enabled: bool,
        options: &ScheduleOptions,
    ) {
        let state = if enabled { "ENABLED" } else { "DISABLED" };
        let input_text = input.map(|i| serde_json::to_string(i).unwrap_or_default());
        if !options.uses_scheduler(expression, timezone.is_some()) {
            let rule = Resource::new("AWS::Events::Rule", site.src.clone())
                .prop("ScheduleExpression", json!(expression))
                .prop("State", json!(state));
            let mut tgt = json!({ "Id": site.name, "Arn": site.target.arn() });
            if let Some(i) = input_text {
                tgt["Input"] = json!(i);
            }
            self.finish_rule(site, rule, tgt);
            return;
        }
        let role_id = format!("{}Role", site.tid);
        let dead_letter = options.dead_letter.as_ref().map(|q| self.arn_of(&q.value));
        let mut statements = vec![site.target.start_statement()];
        statements.extend(
            dead_letter
                .iter()
                .map(|arn| Statement::new(&["sqs:SendMessage"], vec![arn.clone()])),
        );
        let role = iam::role(
            "scheduler.amazonaws.com",
            &statements,
            None,
            Resource::new("AWS::IAM::Role", site.src.clone()),
        );
        self.add(role_id.clone(), role, site.span);
        let mut tgt = json!({ "Arn": site.target.arn(), "RoleArn": get_att(&role_id, "Arn") });
        if let Some(i) = input_text {
            tgt["Input"] = json!(i);
        }
        if let Some(retry) = retry_policy(options) {
            tgt["RetryPolicy"] = retry;
        }
        if let Some(arn) = dead_letter {
            tgt["DeadLetterConfig"] = json!({ "Arn": arn });
        }
        let s = Resource::new("AWS::Scheduler::Schedule", site.src.clone())
            .prop_opt("Name", options.name.as_ref().map(|n| json!(n.value)))
            .prop_opt("Description", options.description.as_ref().map(|d| json!(d.value)))
            .prop("ScheduleExpression", json!(expression))
            .prop_opt("ScheduleExpressionTimezone", timezone.map(|z| json!(z.value)))
            .prop("FlexibleTimeWindow", json!({ "Mode": "OFF" }))
            .prop("State", json!(state))
            .prop("Target", tgt);
        self.add(site.tid.clone(), s, site.span);
    }
}

/// `RetryPolicy` from `retry { attempts, max_age }`: only what is written
/// (Scheduler's own defaults are 185 attempts and 24 hours).
fn retry_policy(options: &ScheduleOptions) -> Option<Value> {
    let mut m = serde_json::Map::new();
    if let Some(a) = &options.max_age {
        m.insert("MaximumEventAgeInSeconds".into(), json!(a.value));
    }
    if let Some(a) = &options.attempts {
        m.insert("MaximumRetryAttempts".into(), json!(a.value));
    }
    (!m.is_empty()).then_some(Value::Object(m))
}
