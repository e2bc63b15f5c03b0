//! `on schedule "…"`: an EventBridge rule, or an EventBridge Scheduler
//! schedule (with the role it assumes) for time zones and `at(…)`.
//!
//! Must not: validate expressions (`check` does).

use serde_json::{json, Value};

use super::Site;
use crate::emit::cfn::{get_att, Resource};
use crate::emit::iam;
use crate::emit::Emitter;
use crate::model::Spanned;

impl Emitter<'_> {
    /// The rule or schedule of one `on schedule`.
    pub(super) fn schedule_trigger(
        &mut self,
        site: &Site,
        expression: &str,
        timezone: Option<&Spanned<String>>,
        input: Option<&Value>,
        enabled: bool,
    ) {
        let state = if enabled { "ENABLED" } else { "DISABLED" };
        let input_text = input.map(|i| serde_json::to_string(i).unwrap_or_default());
        if timezone.is_none() && !expression.starts_with("at(") {
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
        let role = iam::role(
            "scheduler.amazonaws.com",
            &[site.target.start_statement()],
            None,
            Resource::new("AWS::IAM::Role", site.src.clone()),
        );
        self.add(role_id.clone(), role, site.span);
        let mut tgt = json!({ "Arn": site.target.arn(), "RoleArn": get_att(&role_id, "Arn") });
        if let Some(i) = input_text {
            tgt["Input"] = json!(i);
        }
        let s = Resource::new("AWS::Scheduler::Schedule", site.src.clone())
            .prop("ScheduleExpression", json!(expression))
            .prop_opt("ScheduleExpressionTimezone", timezone.map(|z| json!(z.value)))
            .prop("FlexibleTimeWindow", json!({ "Mode": "OFF" }))
            .prop("State", json!(state))
            .prop("Target", tgt);
        self.add(site.tid.clone(), s, site.span);
    }
}
