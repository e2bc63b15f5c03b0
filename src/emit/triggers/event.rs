//! `on event { … }`: an EventBridge rule with the pattern, and what lets it
//! invoke the target; also the rule of `on s3 … via = eventbridge` and of
//! plain schedules.
//!
//! Must not: validate patterns (`check` does).

use serde_json::{json, Value};

use super::{Invokee, Site};
use crate::emit::cfn::{get_att, Resource};
use crate::emit::iam;
use crate::emit::Emitter;

impl Emitter<'_> {
    /// An EventBridge rule with `pattern` on `bus` (the default bus when
    /// `None`) targeting a function or workflow.
    pub(super) fn event_rule(&mut self, site: &Site, pattern: Value, bus: Option<String>) {
        let rule = Resource::new("AWS::Events::Rule", site.src.clone())
            .prop_opt("EventBusName", bus.map(|b| json!(b)))
            .prop("EventPattern", pattern)
            .prop("State", json!("ENABLED"));
        let tgt = json!({ "Id": site.name, "Arn": site.target.arn() });
        self.finish_rule(site, rule, tgt);
    }

    /// Adds a rule with its target and what lets the rule invoke it: a
    /// permission for a function, a role allowed `states:StartExecution`
    /// for a workflow, a statement of the queue's or topic's resource
    /// policy for those, scoped to the rule's ARN.
    pub(super) fn finish_rule(&mut self, site: &Site, mut rule: Resource, mut tgt: Value) {
        let rule_id = format!("{}Rule", site.tid);
        let is_workflow = match site.target {
            Invokee::Function { .. } | Invokee::Queue { .. } | Invokee::Topic { .. } => false,
            Invokee::Workflow { .. } => true,
        };
        if is_workflow {
            let role_id = format!("{}Role", site.tid);
            let role = iam::role(
                "events.amazonaws.com",
                &[site.target.start_statement()],
                None,
                Resource::new("AWS::IAM::Role", site.src.clone()),
            );
            self.add(role_id.clone(), role, site.span);
            tgt["RoleArn"] = get_att(&role_id, "Arn");
        }
        rule.properties.insert("Targets".into(), json!([tgt]));
        self.add(rule_id.clone(), rule, site.span);
        let rule_arn = get_att(&rule_id, "Arn");
        match site.target {
            Invokee::Function { .. } => self.permission(site, "events.amazonaws.com", rule_arn),
            Invokee::Workflow { .. } => {}
            Invokee::Queue { .. } | Invokee::Topic { .. } => {
                self.deliver(site.target, "events.amazonaws.com", rule_arn);
            }
        }
    }
}
