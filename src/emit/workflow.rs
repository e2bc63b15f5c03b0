//! Workflows: a Step Functions state machine (its Amazon States Language
//! definition, one state per step), the role it assumes, allowed exactly
//! the calls its steps make, and its triggers.
//!
//! Must not: validate steps (`check` does) or resolve names (the model did).

use serde_json::{json, Map, Value};

use super::cfn::{get_att, reference, Resource};
use super::function::invoke_arn;
use super::iam::{self, Statement};
use super::triggers::Invokee;
use super::{decl_id, source, Emitter};
use crate::model::{
    pascal_case, Attr, Catch, Decl, Kind, Machine, Retry, Rule, Service, ServiceAction, Step, StepKind, Test, Wait,
    Workflow,
};

/// Step Functions' integrations, by the call a step makes. cfn-lint (E3601)
/// accepts only the literal `aws` partition in a task's `Resource`.
const LAMBDA_INVOKE: &str = "arn:aws:states:::lambda:invoke";

/// The IAM actions a workflow's role may be granted, in the order its
/// statements are written.
const ACTIONS: [&str; 5] = [
    "lambda:InvokeFunction",
    "sns:Publish",
    "sqs:SendMessage",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
];

/// What writing a definition collects besides the states.
struct Asl<'w> {
    /// The workflow's `retry`, for tasks without their own.
    retry: &'w Retry,
    /// `DefinitionSubstitutions`: `Step1`, `Step2`, … in order of first use.
    subs: Vec<Value>,
    /// (IAM action, resource ARN) each step needs, in order of first use.
    grants: Vec<(&'static str, Value)>,
}

impl Emitter<'_> {
    /// The state machine, its role and its triggers.
    pub(super) fn workflow(&mut self, name: &str, decl: &Decl, w: &Workflow) {
        let p = pascal_case(name);
        let src = source(decl, &format!("workflow.{name}"));
        let id = decl_id(name, Kind::Workflow);
        let mut asl = Asl {
            retry: &w.retry,
            subs: Vec::new(),
            grants: Vec::new(),
        };
        let definition = self.machine(&mut asl, &w.machine);
        let statements: Vec<Statement> = ACTIONS
            .iter()
            .filter_map(|action| {
                let arns: Vec<Value> = asl
                    .grants
                    .iter()
                    .filter(|(a, _)| a == action)
                    .map(|(_, r)| r.clone())
                    .collect();
                (!arns.is_empty()).then(|| Statement::new(&[action], arns))
            })
            .collect();
        let role_id = format!("{p}Role");
        let role = iam::role(
            "states.amazonaws.com",
            &statements,
            None,
            Resource::new("AWS::IAM::Role", src.clone()),
        );
        self.add(role_id.clone(), role, decl.name_span);
        let substitutions: Map<String, Value> = (asl.subs.into_iter().enumerate())
            .map(|(i, v)| (format!("Step{}", i + 1), v))
            .collect();
        let sm = Resource::new("AWS::StepFunctions::StateMachine", src)
            .prop_opt("StateMachineName", w.name.as_ref().map(|n| json!(n.value)))
            .prop(
                "StateMachineType",
                json!(if w.express.is_some() { "EXPRESS" } else { "STANDARD" }),
            )
            .prop("RoleArn", get_att(&role_id, "Arn"))
            .prop("Definition", definition)
            .prop("DefinitionSubstitutions", Value::Object(substitutions));
        self.add(id.clone(), sm, decl.name_span);
        let target = Invokee::Workflow { arn: reference(&id) };
        for t in &w.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    /// `{StartAt, States}` of one step list.
    fn machine(&mut self, asl: &mut Asl<'_>, m: &Machine) -> Value {
        let mut states = Map::new();
        for s in &m.steps {
            states.insert(s.name.value.clone(), self.state(asl, s));
        }
        let start = m.start.as_ref().map(|s| s.value.clone()).unwrap_or_default();
        json!({ "StartAt": start, "States": states })
    }

    /// One state.
    fn state(&mut self, asl: &mut Asl<'_>, s: &Step) -> Value {
        let mut state = match &s.kind {
            StepKind::Invoke(f) => self.invoke(asl, &f.value, s.callback.is_some()),
            StepKind::Service(svc) => self.service(asl, svc, s.callback.is_some()),
            StepKind::Choice { rules, otherwise } => {
                let mut c = json!({ "Type": "Choice", "Choices": rules.iter().map(rule).collect::<Vec<_>>() });
                if let Some(o) = otherwise {
                    c["Default"] = json!(o.value);
                }
                c
            }
            StepKind::Parallel(branches) => {
                let branches: Vec<Value> = branches.iter().map(|b| self.machine(asl, b)).collect();
                json!({ "Type": "Parallel", "Branches": branches })
            }
            StepKind::Map {
                items,
                concurrency,
                machine,
            } => {
                let mut processor = self.machine(asl, machine);
                processor["ProcessorConfig"] = json!({ "Mode": "INLINE" });
                let mut m = json!({ "Type": "Map", "ItemsPath": items.value, "ItemProcessor": processor });
                if let Some(c) = concurrency {
                    m["MaxConcurrency"] = json!(c.value);
                }
                m
            }
            StepKind::Wait(Wait::Seconds(d)) => json!({ "Type": "Wait", "Seconds": d.value }),
            StepKind::Wait(Wait::Until(p)) => json!({ "Type": "Wait", "TimestampPath": p.value }),
            StepKind::Pass => json!({ "Type": "Pass" }),
            StepKind::Succeed => json!({ "Type": "Succeed" }),
            StepKind::Fail { error, cause } => {
                let mut f = json!({ "Type": "Fail" });
                if let Some(e) = error {
                    f["Error"] = json!(e.value);
                }
                if let Some(c) = cause {
                    f["Cause"] = json!(c.value);
                }
                f
            }
        };
        settings(asl.retry, s, &mut state);
        state
    }

    /// A `lambda:invoke` task of `function`; with a callback, the function
    /// gets `{input, token}` and the step's result is what is sent back.
    fn invoke(&mut self, asl: &mut Asl<'_>, function: &str, callback: bool) -> Value {
        // A function with a published version runs through its `live` alias.
        // `check` allows only functions here.
        let arn = match self.stack.function(function) {
            Some(f) => invoke_arn(function, f),
            None => self.arn_of(function),
        };
        let var = asl.use_value(arn.clone());
        asl.grant("lambda:InvokeFunction", arn);
        if callback {
            return json!({
                "Type": "Task",
                "Resource": format!("{LAMBDA_INVOKE}.waitForTaskToken"),
                "Parameters": { "FunctionName": var, "Payload": token_payload("$") },
            });
        }
        json!({
            "Type": "Task",
            "Resource": LAMBDA_INVOKE,
            "Parameters": { "FunctionName": var, "Payload.$": "$" },
            "OutputPath": "$.Payload",
        })
    }

    /// An SNS, SQS or DynamoDB task on its declared target.
    fn service(&mut self, asl: &mut Asl<'_>, svc: &Service, callback: bool) -> Value {
        let target = &svc.target.value;
        let (integration, action, attr, field, data) = match svc.action {
            ServiceAction::Publish => ("sns:publish", "sns:Publish", Attr::Arn, "TopicArn", "Message"),
            ServiceAction::Send => (
                "sqs:sendMessage",
                "sqs:SendMessage",
                Attr::Url,
                "QueueUrl",
                "MessageBody",
            ),
            ServiceAction::Get => ("dynamodb:getItem", "dynamodb:GetItem", Attr::Name, "TableName", "Key"),
            ServiceAction::Put => ("dynamodb:putItem", "dynamodb:PutItem", Attr::Name, "TableName", "Item"),
        };
        let value = self.attr_value(target, attr);
        let arn = self.arn_of(target);
        asl.grant(action, arn);
        let path = svc.path.as_ref().map_or("$", |p| p.value.as_str());
        let mut params = Map::new();
        params.insert(field.into(), json!(asl.use_value(value)));
        let mut resource = format!("arn:aws:states:::{integration}");
        if callback {
            resource.push_str(".waitForTaskToken");
            params.insert(data.into(), token_payload(path));
        } else {
            params.insert(format!("{data}.$"), json!(path));
        }
        json!({ "Type": "Task", "Resource": resource, "Parameters": params })
    }
}

impl Asl<'_> {
    /// The `${StepN}` standing for `v` in the definition.
    fn use_value(&mut self, v: Value) -> String {
        let i = match self.subs.iter().position(|x| *x == v) {
            Some(i) => i,
            None => {
                self.subs.push(v);
                self.subs.len() - 1
            }
        };
        format!("${{Step{}}}", i + 1)
    }

    /// Lets the role do `action` on `arn`.
    fn grant(&mut self, action: &'static str, arn: Value) {
        if !self.grants.iter().any(|(a, r)| *a == action && *r == arn) {
            self.grants.push((action, arn));
        }
    }
}

/// What a callback task sends: the input at `path` and the task token.
fn token_payload(path: &str) -> Value {
    json!({ "input.$": path, "token.$": "$$.Task.Token" })
}

/// A step's settings after its kind's fields: result, timeouts, retriers,
/// catchers, and where it goes next.
fn settings(default: &Retry, s: &Step, state: &mut Value) {
    if let Some(r) = &s.result {
        state["ResultPath"] = json!(r.value);
    }
    if let Some(t) = &s.timeout {
        state["TimeoutSeconds"] = json!(t.value);
    }
    if let Some(h) = &s.heartbeat {
        state["HeartbeatSeconds"] = json!(h.value);
    }
    let retriers: Vec<Value> = match (&s.retry, &s.kind) {
        (Some(rs), _) => rs.iter().map(retrier).collect(),
        (None, StepKind::Invoke(_) | StepKind::Service(_)) => vec![retrier(default)],
        (
            None,
            StepKind::Choice { .. }
            | StepKind::Parallel(_)
            | StepKind::Map { .. }
            | StepKind::Wait(_)
            | StepKind::Pass
            | StepKind::Succeed
            | StepKind::Fail { .. },
        ) => Vec::new(),
    };
    if !retriers.is_empty() {
        state["Retry"] = json!(retriers);
    }
    if !s.catch.is_empty() {
        state["Catch"] = json!(s.catch.iter().map(catcher).collect::<Vec<_>>());
    }
    if s.kind.goes_on() {
        match &s.next {
            Some(n) => state["Next"] = json!(n.value),
            None => state["End"] = json!(true),
        }
    }
}

/// Error names, `States.ALL` when none are written.
fn error_names(errors: &[crate::model::Spanned<String>]) -> Value {
    if errors.is_empty() {
        return json!(["States.ALL"]);
    }
    json!(errors.iter().map(|e| e.value.as_str()).collect::<Vec<_>>())
}

/// One `Retry` entry. `attempts` is `MaxAttempts`: retries after the first run.
fn retrier(r: &Retry) -> Value {
    json!({
        "ErrorEquals": error_names(&r.errors),
        "IntervalSeconds": r.interval,
        "MaxAttempts": r.attempts,
        "BackoffRate": r.backoff.value,
    })
}

/// One `Catch` entry.
fn catcher(c: &Catch) -> Value {
    let mut v = json!({
        "ErrorEquals": error_names(&c.errors),
        "Next": c.next.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
    });
    if let Some(r) = &c.result {
        v["ResultPath"] = json!(r.value);
    }
    v
}

/// One entry of a choice's `Choices`.
fn rule(r: &Rule) -> Value {
    let mut v = json!({ "Variable": r.path.as_ref().map(|p| p.value.clone()).unwrap_or_default() });
    if let Some((t, value)) = r.tests.first() {
        v[comparison(*t, &value.value)] = value.value.clone();
    }
    v["Next"] = json!(r.next.as_ref().map(|n| n.value.clone()).unwrap_or_default());
    v
}

/// The ASL comparison operator of a test on `value`.
fn comparison(t: Test, value: &Value) -> &'static str {
    match t {
        Test::Equals if value.is_string() => "StringEquals",
        Test::Equals if value.is_boolean() => "BooleanEquals",
        Test::Equals => "NumericEquals",
        Test::Above => "NumericGreaterThan",
        Test::Below => "NumericLessThan",
        Test::AtLeast => "NumericGreaterThanEquals",
        Test::AtMost => "NumericLessThanEquals",
        Test::Matches => "StringMatches",
        Test::Present => "IsPresent",
    }
}
