//! Workflows beyond a straight line: the Amazon States Language each kind
//! of step becomes, the state machine's settings, and the limit on the
//! definition's size. (Templates are snapshotted and cfn-linted elsewhere;
//! these tests pin the shape of each state.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::common::{self, codes, compile_text, render};

/// The template of the valid fixture with every kind of step.
fn steps_template() -> Value {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/workflow_steps.lf"));
    assert!(out.diagnostics.is_empty(), "{}", render(&out));
    out.template.unwrap().to_json()
}

/// The `shipping` workflow's states.
fn states(t: &Value) -> &Value {
    &t["Resources"]["ShippingWorkflow"]["Properties"]["Definition"]["States"]
}

#[test]
fn workflow_settings_name_type_and_start() {
    let t = steps_template();
    let p = &t["Resources"]["ShippingWorkflow"]["Properties"];
    assert_eq!(p["StateMachineName"], "shipping-flow");
    assert_eq!(p["StateMachineType"], "STANDARD");
    assert_eq!(p["Definition"]["StartAt"], "lookup");
    let q = &t["Resources"]["QuickCheckWorkflow"]["Properties"];
    assert_eq!(q["StateMachineType"], "EXPRESS");
    assert!(q.get("StateMachineName").is_none());
}

#[test]
fn invoke_step_is_a_lambda_task_with_its_settings() {
    let t = steps_template();
    let s = &states(&t)["each_item"]["ItemProcessor"]["States"]["pack_item"];
    assert_eq!(s["Type"], "Task");
    assert_eq!(s["Resource"], "arn:aws:states:::lambda:invoke");
    assert_eq!(s["Parameters"]["Payload.$"], "$");
    assert_eq!(s["OutputPath"], "$.Payload");
    assert_eq!(s["TimeoutSeconds"], 30);
    assert!(s.get("Retry").is_none(), "`retry = []` writes no retrier");
    assert_eq!(s["Next"], "label");
}

#[test]
fn service_steps_call_their_integration_on_their_target() {
    let t = steps_template();
    let subs = &t["Resources"]["ShippingWorkflow"]["Properties"]["DefinitionSubstitutions"];
    let sub = |v: &Value| subs[v.as_str().unwrap().trim_start_matches("${").trim_end_matches('}')].clone();
    let get = &states(&t)["lookup"];
    assert_eq!(get["Resource"], "arn:aws:states:::dynamodb:getItem");
    assert_eq!(get["Parameters"]["Key.$"], "$.key");
    assert_eq!(sub(&get["Parameters"]["TableName"]), json!({ "Ref": "StockTable" }));
    assert_eq!(get["ResultPath"], "$.stock");
    // The workflow's own retry applies to tasks without one.
    assert_eq!(
        get["Retry"],
        json!([{ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 1.5 }])
    );
    let put = &states(&t)["record"];
    assert_eq!(put["Resource"], "arn:aws:states:::dynamodb:putItem");
    assert_eq!(put["Parameters"]["Item.$"], "$.record");
    let publish = &states(&t)["review"];
    assert_eq!(publish["Resource"], "arn:aws:states:::sns:publish.waitForTaskToken");
    assert_eq!(
        publish["Parameters"]["Message"],
        json!({ "input.$": "$.order", "token.$": "$$.Task.Token" })
    );
    assert_eq!(
        sub(&publish["Parameters"]["TopicArn"]),
        json!({ "Ref": "ReviewsTopic" })
    );
    assert_eq!(
        (publish["TimeoutSeconds"].clone(), publish["HeartbeatSeconds"].clone()),
        (json!(86400), json!(3600))
    );
    let send = &states(&t)["each_item"]["ItemProcessor"]["States"]["label"];
    assert_eq!(send["Resource"], "arn:aws:states:::sqs:sendMessage.waitForTaskToken");
    assert_eq!(sub(&send["Parameters"]["QueueUrl"]), json!({ "Ref": "LabelsQueue" }));
    assert_eq!(send["Parameters"]["MessageBody"]["token.$"], "$$.Task.Token");
    assert_eq!(send["End"], true);
}

#[test]
fn callback_invoke_sends_input_and_token_and_keeps_the_answer() {
    let out = common::compile_path(&common::root().join("examples/order-workflow/stack.lf"));
    assert!(out.diagnostics.is_empty(), "{}", render(&out));
    let t = out.template.unwrap().to_json();
    let s = &t["Resources"]["OrderWorkflow"]["Properties"]["Definition"]["States"]["approval"];
    assert_eq!(s["Resource"], "arn:aws:states:::lambda:invoke.waitForTaskToken");
    assert_eq!(
        s["Parameters"]["Payload"],
        json!({ "input.$": "$", "token.$": "$$.Task.Token" })
    );
    assert!(
        s.get("OutputPath").is_none(),
        "the step's result is what the callback sends"
    );
    assert_eq!(
        s["Catch"],
        json!([{ "ErrorEquals": ["Rejected", "States.Timeout"], "Next": "rejected", "ResultPath": "$.error" }])
    );
}

#[test]
fn choice_rules_become_typed_comparisons() {
    let t = steps_template();
    let c = &states(&t)["route"];
    assert_eq!(c["Type"], "Choice");
    let ops: Vec<(String, Value)> = c["Choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (k, v) = r
                .as_object()
                .unwrap()
                .iter()
                .find(|(k, _)| *k != "Variable" && *k != "Next")
                .unwrap();
            (k.clone(), v.clone())
        })
        .collect();
    let want = [
        ("IsPresent", json!(false)),
        ("BooleanEquals", json!(true)),
        ("StringEquals", json!("post")),
        ("NumericLessThanEquals", json!(2)),
        ("NumericLessThan", json!(30)),
        ("NumericGreaterThanEquals", json!(30)),
        ("NumericEquals", json!(0)),
        ("NumericGreaterThan", json!(100)),
        ("StringMatches", json!("BULK-*")),
    ];
    assert_eq!(
        ops,
        want.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>()
    );
    assert_eq!(c["Choices"][0]["Variable"], "$.stock.Item");
    assert_eq!(c["Default"], "each_item");
    assert!(c.get("Next").is_none() && c.get("End").is_none());
}

#[test]
fn parallel_branches_are_state_machines_of_their_own() {
    let t = steps_template();
    let p = &t["Resources"]["QuickCheckWorkflow"]["Properties"]["Definition"]["States"]["both"];
    assert_eq!(p["Type"], "Parallel");
    assert_eq!(p["Branches"][0]["StartAt"], "check");
    assert_eq!(p["Branches"][0]["States"]["check"]["End"], true);
    assert_eq!(p["Branches"][1]["StartAt"], "second");
    assert_eq!(
        p["Branches"][1]["States"]["second"],
        json!({ "Type": "Pass", "Next": "first" })
    );
    assert_eq!(p["Next"], "ok");
}

#[test]
fn map_iterates_inline_over_its_items() {
    let t = steps_template();
    let m = &states(&t)["each_item"];
    assert_eq!(m["Type"], "Map");
    assert_eq!(m["ItemsPath"], "$.items");
    assert_eq!(m["MaxConcurrency"], 5);
    assert_eq!(m["ItemProcessor"]["ProcessorConfig"], json!({ "Mode": "INLINE" }));
    assert_eq!(m["ItemProcessor"]["StartAt"], "pack_item");
    assert_eq!(m["ResultPath"], "$.packed");
    assert!(m.get("Retry").is_none(), "only tasks take the workflow's retry");
}

#[test]
fn wait_pass_succeed_and_fail_states() {
    let t = steps_template();
    let s = states(&t);
    assert_eq!(
        s["cool_down"],
        json!({ "Type": "Wait", "Seconds": 30, "Next": "until_pickup" })
    );
    assert_eq!(
        s["until_pickup"],
        json!({ "Type": "Wait", "TimestampPath": "$.pickup_at", "Next": "record" })
    );
    assert_eq!(s["done"], json!({ "Type": "Pass", "End": true }));
    assert_eq!(s["missing"], json!({ "Type": "Fail", "Error": "UnknownSku" }));
    assert_eq!(s["broken"], json!({ "Type": "Fail" }));
    let q = &t["Resources"]["QuickCheckWorkflow"]["Properties"]["Definition"]["States"];
    assert_eq!(q["ok"], json!({ "Type": "Succeed" }));
}

#[test]
fn catchers_keep_their_order_and_default_to_every_error() {
    let t = steps_template();
    assert_eq!(
        states(&t)["lookup"]["Catch"],
        json!([
            { "ErrorEquals": ["DynamoDB.AmazonDynamoDBException"], "Next": "broken" },
            { "ErrorEquals": ["States.ALL"], "Next": "broken", "ResultPath": "$.error" },
        ])
    );
}

#[test]
fn a_definition_over_one_megabyte_is_refused() {
    let mut src = String::from(
        "function f {\n  runtime = python3.13\n  handler = \"index.handler\"\n  code = inline \"\"\"\n    def handler(e, c):\n        return e\n    \"\"\"\n}\n\nworkflow big {\n  steps {\n",
    );
    // Each state is about 230 bytes with its retrier: 5,000 of them pass 1 MB.
    for i in 0..5_000 {
        src.push_str(&format!("    step_{i:05} {{ invoke = f, timeout = 10s }}\n"));
    }
    src.push_str("  }\n}\n");
    let out = compile_text(&src);
    assert!(codes(&out).contains(&"LF0435"), "{}", render(&out));
}

#[test]
fn straight_line_steps_stay_a_line_of_lambda_tasks() {
    let out = compile_text(
        "function a {\n  runtime = python3.13\n  handler = \"index.h\"\n  code = inline \"\"\"\n    x = 1\n    \"\"\"\n}\n\
         function b {\n  runtime = python3.13\n  handler = \"index.h\"\n  code = inline \"\"\"\n    x = 1\n    \"\"\"\n}\n\
         workflow w {\n  steps = [a, b]\n}\n",
    );
    assert!(out.diagnostics.is_empty(), "{}", render(&out));
    let t = out.template.unwrap().to_json();
    let p = &t["Resources"]["WWorkflow"]["Properties"];
    assert_eq!(p["Definition"]["StartAt"], "a");
    assert_eq!(p["Definition"]["States"]["a"]["Next"], "b");
    assert_eq!(p["Definition"]["States"]["b"]["End"], true);
    assert_eq!(
        p["DefinitionSubstitutions"]["Step2"],
        json!({ "Fn::GetAtt": ["BFunction", "Arn"] })
    );
}
