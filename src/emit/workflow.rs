//! Workflows: a Step Functions state machine that runs its steps in order
//! (each with retries), the role it assumes, and its triggers.
//!
//! Must not: validate steps (`check` does) or resolve names (the model did).

use serde_json::{json, Map, Value};

use super::cfn::{get_att, reference, Resource};
use super::function::invoke_arn;
use super::iam::{self, Statement};
use super::triggers::Invokee;
use super::{decl_id, source, Emitter};
use crate::model::{pascal_case, Decl, DeclKind, Kind, Workflow};

impl Emitter<'_> {
    /// The state machine, its role and its triggers.
    pub(super) fn workflow(&mut self, name: &str, decl: &Decl, w: &Workflow) {
        let p = pascal_case(name);
        let src = source(decl, &format!("workflow.{name}"));
        let id = decl_id(name, Kind::Workflow);
        let mut states = Map::new();
        let mut substitutions = Map::new();
        let mut arns = Vec::new();
        for (i, step) in w.steps.iter().enumerate() {
            let var = format!("Step{}", i + 1);
            // A step with a published version runs through its `live` alias.
            let arn = match self.kind_of(&step.value) {
                Some(DeclKind::Function(f)) => invoke_arn(&step.value, f),
                // `check` allows only functions as steps.
                Some(
                    DeclKind::Layer(_)
                    | DeclKind::Role(_)
                    | DeclKind::Bucket(_)
                    | DeclKind::Queue(_)
                    | DeclKind::Topic(_)
                    | DeclKind::Table(_)
                    | DeclKind::Stream(_)
                    | DeclKind::Api(_)
                    | DeclKind::Workflow(_),
                )
                | None => self.arn_of(&step.value),
            };
            substitutions.insert(var.clone(), arn.clone());
            if !arns.contains(&arn) {
                arns.push(arn);
            }
            let mut state = json!({
                "Type": "Task",
                // Step Functions' Lambda integration; cfn-lint accepts only the `aws` partition here.
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": { "FunctionName": format!("${{{var}}}"), "Payload.$": "$" },
                "OutputPath": "$.Payload",
                "Retry": [{
                    "ErrorEquals": ["States.ALL"],
                    "IntervalSeconds": w.interval,
                    "MaxAttempts": w.attempts,
                    "BackoffRate": w.backoff,
                }],
            });
            match w.steps.get(i + 1) {
                Some(next) => state["Next"] = json!(next.value),
                None => state["End"] = json!(true),
            }
            states.insert(step.value.clone(), state);
        }
        let start = w.steps.first().map(|s| s.value.clone()).unwrap_or_default();
        let role_id = format!("{p}Role");
        let invoke = Statement::new(&["lambda:InvokeFunction"], arns);
        let role = iam::role(
            "states.amazonaws.com",
            &[invoke],
            None,
            Resource::new("AWS::IAM::Role", src.clone()),
        );
        self.add(role_id.clone(), role, decl.name_span);
        let sm = Resource::new("AWS::StepFunctions::StateMachine", src)
            .prop("StateMachineType", json!("STANDARD"))
            .prop("RoleArn", get_att(&role_id, "Arn"))
            .prop("Definition", json!({ "StartAt": start, "States": states }))
            .prop("DefinitionSubstitutions", Value::Object(substitutions));
        self.add(id.clone(), sm, decl.name_span);
        let target = Invokee::Workflow { arn: reference(&id) };
        for t in &w.triggers {
            self.trigger(name, decl, t, &target);
        }
    }
}
