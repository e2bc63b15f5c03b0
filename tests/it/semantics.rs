//! Focused checks of compiler behaviour on small in-memory stacks: wiring,
//! defaults, variables and rules that the fixtures do not pin down alone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use crate::common::{codes, compile_text, compile_text_with};

const FN: &str = "runtime = python3.13\n  handler = \"index.handler\"\n  code = inline \"\"\"\n    def handler(e, c):\n        return e\n    \"\"\"";

fn template(src: &str) -> serde_json::Value {
    let out = compile_text(src);
    assert!(!out.diagnostics.has_errors(), "{}", common::render(&out));
    out.template.unwrap().to_json()
}

#[test]
fn workflow_steps_with_snapstart_run_through_the_live_alias() {
    let t = template(&format!(
        "function b {{\n  {FN}\n  snapstart = true\n}}\nworkflow wf {{ steps = [b] }}"
    ));
    assert_eq!(
        t["Resources"]["WfWorkflow"]["Properties"]["DefinitionSubstitutions"]["Step1"],
        serde_json::json!({"Ref": "BAlias"})
    );
}

#[test]
fn async_config_and_url_follow_the_alias() {
    let t = template(&format!(
        "queue failed {{}}\nfunction f {{\n  {FN}\n  concurrency {{ provisioned = 2, reserved = 5 }}\n  async {{ on_failure = failed }}\n  url {{ }}\n  on schedule \"rate(1 hour)\"\n}}"
    ));
    assert_eq!(t["Resources"]["FEventInvokeConfig"]["Properties"]["Qualifier"], "live");
    assert_eq!(t["Resources"]["FUrl"]["Properties"]["Qualifier"], "live");
    assert_eq!(
        t["Resources"]["FScheduleRule"]["Properties"]["Targets"][0]["Arn"],
        serde_json::json!({"Ref": "FAlias"})
    );
}

#[test]
fn publish_points_every_caller_at_the_live_alias() {
    let t = template(&format!(
        "queue jobs {{}}\nfunction f {{\n  {FN}\n  publish = true\n  async {{ retries = 1 }}\n  url {{ }}\n  on sqs jobs\n  on schedule \"rate(1 hour)\"\n}}\nworkflow wf {{ steps = [f] }}"
    ));
    let r = &t["Resources"];
    assert_eq!(r["FAlias"]["Properties"]["Name"], "live");
    assert!(r.as_object().unwrap().keys().any(|k| k.starts_with("FVersion")), "{r}");
    let alias = serde_json::json!({"Ref": "FAlias"});
    assert_eq!(r["FSqsMapping"]["Properties"]["FunctionName"], alias, "{r}");
    assert_eq!(r["FSchedulePermission"]["Properties"]["FunctionName"], alias);
    assert_eq!(r["FScheduleRule"]["Properties"]["Targets"][0]["Arn"], alias);
    assert_eq!(r["WfWorkflow"]["Properties"]["DefinitionSubstitutions"]["Step1"], alias);
    assert_eq!(r["FEventInvokeConfig"]["Properties"]["Qualifier"], "live");
    assert_eq!(r["FUrl"]["Properties"]["Qualifier"], "live");
    // Without `publish` (or SnapStart, provisioned concurrency) nothing is published.
    let plain = template(&format!("function f {{\n  {FN}\n  on schedule \"rate(1 hour)\"\n}}"));
    assert!(plain["Resources"].get("FAlias").is_none());
}

#[test]
fn a_deploy_time_bucket_name_is_the_same_sub_wherever_the_bucket_is_named() {
    let t = template(&format!(
        "bucket b {{ name = \"${{stack.name}}-b-${{aws.region}}\" }}\nfunction f {{\n  {FN}\n  name = \"${{stack.name}}-f\"\n  env {{ BUCKET = b }}\n  allow read b\n}}"
    ));
    let r = &t["Resources"];
    let name = serde_json::json!({"Fn::Sub": "${AWS::StackName}-b-${AWS::Region}"});
    assert_eq!(r["BBucket"]["Properties"]["BucketName"], name);
    assert_eq!(r["FFunction"]["Properties"]["Environment"]["Variables"]["BUCKET"], name);
    let doc = r["FRole"]["Properties"]["Policies"][0]["PolicyDocument"].to_string();
    assert!(
        doc.contains(r#"arn:${AWS::Partition}:s3:::${AWS::StackName}-b-${AWS::Region}/*"#),
        "{doc}"
    );
    assert_eq!(
        r["FFunction"]["Properties"]["FunctionName"],
        serde_json::json!({"Fn::Sub": "${AWS::StackName}-f"})
    );
    assert_eq!(
        r["FLogGroup"]["Properties"]["LogGroupName"],
        serde_json::json!({"Fn::Sub": "/aws/lambda/${AWS::StackName}-f"})
    );
    // Too long whatever the stack is called: 60 written characters and a 12-digit account.
    let long = compile_text(&format!(
        "function f {{\n  {FN}\n  name = \"{}${{aws.account_id}}\"\n}}",
        "x".repeat(60)
    ));
    assert_eq!(codes(&long), ["LF0216"], "{}", common::render(&long));
}

#[test]
fn a_statement_on_a_workflow_from_its_own_step_is_no_cycle() {
    let t = template(&format!(
        "role r {{ allow [\"states:StartExecution\"] on [wf] }}\nfunction f {{\n  {FN}\n  role = r\n}}\nworkflow wf {{ steps = [f] }}"
    ));
    assert_eq!(t["Resources"]["RPolicy"]["Type"], "AWS::IAM::Policy");
}

#[test]
fn image_and_code_together_are_an_error() {
    let out =
        compile_text("function f {\n  image = \"123.dkr.ecr.us-east-1.amazonaws.com/app:1\"\n  code = \"src\"\n}");
    assert!(codes(&out).contains(&"LF0308"), "{:?}", codes(&out));
}

#[test]
fn destinations_must_name_a_service_that_receives_events() {
    let out = compile_text(&format!(
        "function f {{\n  {FN}\n  async {{ on_failure = \"arn:aws:dynamodb:us-east-1:123456789012:table/t\" }}\n  on schedule \"rate(1 hour)\"\n}}"
    ));
    assert!(codes(&out).contains(&"LF0207"), "{:?}", codes(&out));
    let t = template(&format!(
        "table t {{ key = {{ id = string }}, stream = new_image }}\nfunction f {{\n  {FN}\n  on dynamodb t {{ on_failure = \"arn:aws:s3:::failed-records\" }}\n}}"
    ));
    let doc = t["Resources"]["FRole"]["Properties"]["Policies"][0]["PolicyDocument"].to_string();
    assert!(
        doc.contains("s3:PutObject")
            && doc.contains("arn:aws:s3:::failed-records/*")
            && !doc.contains("sqs:SendMessage"),
        "{doc}"
    );
}

#[test]
fn loops_through_destinations_and_raw_deletes_are_found() {
    let out = compile_text(&format!(
        "topic t {{}}\nfunction f {{\n  {FN}\n  async {{ on_success = t, on_failure = t }}\n  on sns t\n}}"
    ));
    assert!(codes(&out).contains(&"LF0414"), "{:?}", codes(&out));
    let removed = format!(
        "queue q {{}}\nbucket b {{}}\nfunction f {{\n  {FN}\n  dead_letter = q\n  allow [\"s3:DeleteObject\"] on [b.arn]\n  on s3 b {{ events = [removed] }}\n}}"
    );
    assert!(codes(&compile_text(&removed)).contains(&"LF0414"));
    let created = removed.replace("[removed]", "[created]");
    assert!(
        !codes(&compile_text(&created)).contains(&"LF0414"),
        "deleting cannot fire a create trigger"
    );
}

#[test]
fn stack_tags_may_not_use_the_aws_prefix() {
    let out = compile_text("stack s { tags { \"aws:owner\" = \"me\" } }\nqueue q {}");
    assert!(codes(&out).contains(&"LF0314"), "{:?}", codes(&out));
}

#[test]
fn variables_keep_their_kind_through_overrides() {
    let src = format!("var dl = dlq1\nqueue dlq1 {{}}\nqueue dlq2 {{}}\nfunction f {{\n  {FN}\n  dead_letter = var.dl\n  on schedule \"rate(1 hour)\"\n}}");
    let out = compile_text_with(&src, &[("dl", "dlq2")]);
    assert!(!out.diagnostics.has_errors(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    assert_eq!(
        t["Resources"]["FFunction"]["Properties"]["DeadLetterConfig"]["TargetArn"]["Fn::GetAtt"][0],
        "Dlq2Queue"
    );
    let out = compile_text_with("var size = 1GB\nqueue q {}", &[("size", "512")]);
    assert!(codes(&out).contains(&"LF0211"));
    let out = compile_text("var half = 0.5s\nqueue q {}");
    assert!(codes(&out).contains(&"LF0106"), "{:?}", codes(&out));
}

#[test]
fn stream_retention_is_whole_hours() {
    // A part of an hour is `check`'s LF0428 alone (the model only reads it).
    let out = compile_text("stream s { retention = 1530min }");
    assert_eq!(codes(&out), vec!["LF0428"]);
    let t = template("stream s { retention = 2d }");
    assert_eq!(t["Resources"]["SStream"]["Properties"]["RetentionPeriodHours"], 48);
    let t = template("var keep = 1500min\nstream s { retention = var.keep }");
    assert_eq!(t["Resources"]["SStream"]["Properties"]["RetentionPeriodHours"], 25);
}

#[test]
fn defaults_merge_maps_key_by_key_and_the_function_wins() {
    let t = template(&format!(
        "stack s {{ defaults {{ memory = 256MB, env {{ AA = \"1\", BB = \"2\" }}, logs {{ retention = 7d }} }} }}\nfunction f {{\n  {FN}\n  memory = 1GB\n  env {{ BB = \"3\" }}\n}}"
    ));
    let p = &t["Resources"]["FFunction"]["Properties"];
    assert_eq!(p["MemorySize"], 1024);
    assert_eq!(p["Environment"]["Variables"], serde_json::json!({"AA": "1", "BB": "3"}));
    assert_eq!(t["Resources"]["FLogGroup"]["Properties"]["RetentionInDays"], 7);
}

#[test]
fn s3_buckets_with_triggers_are_named_not_referenced() {
    let t = template(&format!(
        "stack shop {{}}\nqueue dlq {{}}\nbucket uploads {{}}\nfunction f {{\n  {FN}\n  dead_letter = dlq\n  env {{ BUCKET = uploads }}\n  allow read uploads\n  on s3 uploads\n}}"
    ));
    let bucket = &t["Resources"]["UploadsBucket"];
    assert_eq!(bucket["DependsOn"], serde_json::json!(["FS3Permission"]));
    assert!(bucket["Properties"]["BucketName"]["Fn::Sub"][0]
        .as_str()
        .unwrap()
        .starts_with("shop-uploads-"));
    let text = t.to_string();
    assert!(
        !text.contains("{\"Ref\":\"UploadsBucket\"}") && !text.contains("\"UploadsBucket\",\"Arn\""),
        "no reference to the bucket may remain"
    );
    let perm = &t["Resources"]["FS3Permission"]["Properties"];
    assert_eq!(perm["SourceAccount"], serde_json::json!({"Ref": "AWS::AccountId"}));
}

#[test]
fn import_paths_cannot_interpolate() {
    let out = compile_text("var x = \"other\"\nimport \"${var.x}.lf\"\nqueue q {}");
    assert!(codes(&out).contains(&"LF0109"), "{:?}", codes(&out));
}

#[test]
fn a_shared_role_holds_each_statement_once() {
    let t = template(&format!(
        "queue q {{}}\nrole shared {{ allow send q }}\nfunction f {{\n  {FN}\n  role = shared\n  allow send q\n}}\nfunction g {{\n  {FN}\n  role = shared\n  allow send q\n}}"
    ));
    let statements = t["Resources"]["SharedRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone();
    let sends = statements
        .iter()
        .filter(|s| s["Action"].to_string().contains("sqs:SendMessage"))
        .count();
    assert_eq!(sends, 1, "{statements:?}");
}

#[test]
fn imported_files_are_named_by_their_normalised_path() {
    let mut reader = lfc::model::load::MemoryReader::default();
    reader
        .files
        .insert("stack.lf".into(), "import \"sub/../parts/queues.lf\"\n".into());
    reader
        .files
        .insert("parts/queues.lf".into(), "queue q { visibility_timeout = 5 }\n".into());
    let opts = lfc::Options {
        vars: Vec::new(),
        today: common::TODAY.into(),
        package: false,
    };
    let out = lfc::compile(std::path::Path::new("stack.lf"), "stack.lf", &reader, &opts).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&lfc::diagnostics::render_json(&out.diagnostics, &out.sources)).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], "parts/queues.lf");
    assert_eq!(json["diagnostics"][0]["code"], "LF0105");
}

#[test]
fn huge_numbers_are_refused_not_wrapped() {
    let src = format!(
        "function a {{\n  {FN}\n  concurrency {{ reserved = 9223372036854775808 }}\n}}\nfunction b {{\n  {FN}\n  memory = 99999999999999999999999MB\n}}"
    );
    let out = compile_text(&src);
    assert_eq!(
        out.diagnostics
            .iter()
            .filter(|d| d.message.contains("too large"))
            .count(),
        2,
        "{}",
        common::render(&out)
    );
}

#[test]
fn very_long_lines_render_without_a_snippet() {
    let out = compile_text(&format!("{}bucket b {{ x = 1 }}", " ".repeat(70_000)));
    let text = common::render(&out);
    assert!(text.contains("(at stack.lf:1:70012)"), "{text}");
}

#[test]
fn brackets_nested_too_deep_are_one_diagnostic() {
    let out = compile_text(&format!("stack s {{ tags {} }}\nqueue q {{}}", "{ a = ".repeat(5000)));
    assert_eq!(codes(&out), ["LF0101"]);
}

#[test]
fn calls_nested_too_deep_are_one_diagnostic_not_a_stack_overflow() {
    for depth in [200, 100_000] {
        let call = format!("{}1{}", "a(".repeat(depth), ")".repeat(depth));
        let out = compile_text(&format!("function f {{\n  env {{ X = {call} }}\n}}\nqueue q {{}}"));
        assert_eq!(codes(&out), ["LF0101"], "{depth} levels");
    }
}

#[test]
fn syntax_errors_suggest_the_likely_fix() {
    let out = compile_text("function f {\n  memory = 256 MB\n  timeout = 3s\n}\nfunction g {\n  memory: 1GB\n}");
    let helps: Vec<String> = out.diagnostics.iter().filter_map(|d| d.help.clone()).collect();
    assert!(helps.iter().any(|h| h.contains("write `256MB`")), "{helps:?}");
    assert!(helps.iter().any(|h| h.contains("with `=`, not `:`")), "{helps:?}");
}

#[test]
fn names_get_suggestions_even_when_short() {
    let out = compile_text(&format!(
        "queue dlq {{}}\nfunction f {{\n  {FN}\n  dead_letter = dql\n  on schedule \"rate(1 hour)\"\n}}"
    ));
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.help.as_deref() == Some("did you mean `dlq`?")),
        "{}",
        common::render(&out)
    );
    assert_eq!(codes(&out), ["LF0204"], "no follow-on failure-path warning");
    let out = compile_text(&format!(
        "queue dlq {{}}\nfunction f {{\n  {FN}\n  dead_letter = \"dlq\"\n  on schedule \"rate(1 hour)\"\n}}"
    ));
    assert!(out.diagnostics.iter().any(|d| d
        .help
        .as_deref()
        .is_some_and(|h| h.contains("write `dlq` without quotes"))));
}

#[test]
fn a_polled_function_dead_letter_is_no_loop() {
    let out = compile_text(&format!(
        "queue jobs {{}}\nfunction f {{\n  {FN}\n  dead_letter = jobs\n  on sqs jobs\n}}"
    ));
    assert_eq!(codes(&out), ["LF0408"]);
}

#[test]
fn the_route_written_first_is_kept() {
    let out = compile_text(&format!(
        "function zz {{\n  {FN}\n  on http \"GET /x\"\n}}\nfunction aa {{\n  {FN}\n  on http \"GET /x\"\n}}"
    ));
    let d = out.diagnostics.iter().find(|d| d.code.as_str() == "LF0410").unwrap();
    assert!(
        d.span.unwrap().start > d.labels[0].span.start,
        "the error is on the later route"
    );
}

#[test]
fn an_empty_stack_cannot_deploy() {
    assert_eq!(codes(&compile_text("# nothing yet\n")), ["LF0605"]);
}

#[test]
fn a_name_of_the_wrong_kind_suggests_a_fitting_one() {
    let out = compile_text(&format!("bucket uploads {{}}\nqueue upload {{}}\nqueue dlq {{}}\nfunction f {{\n  {FN}\n  dead_letter = dlq\n  on s3 upload\n}}"));
    let d = out.diagnostics.iter().find(|d| d.code.as_str() == "LF0207").unwrap();
    assert_eq!(d.help.as_deref(), Some("name a bucket here: did you mean `uploads`?"));
}

#[test]
fn deploy_time_values_interpolate_into_arns_and_names() {
    let t = template(&format!(
        "param stage {{ default = \"dev\" }}\nrole r {{ name = \"x\" }}\nfunction f {{\n  {FN}\n  \
         layers = [\"arn:${{aws.partition}}:lambda:${{aws.region}}:017000801446:layer:Tools:68\"]\n  \
         role = \"arn:${{aws.partition}}:iam::${{aws.account_id}}:role/${{stack.name}}-${{param.stage}}\"\n  \
         env {{ TABLE = \"${{stack.name}}-${{param.stage}}-orders\" }}\n}}"
    ));
    let p = &t["Resources"]["FFunction"]["Properties"];
    assert_eq!(
        p["Layers"][0],
        serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:017000801446:layer:Tools:68"})
    );
    assert_eq!(
        p["Role"],
        serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-${Stage}"})
    );
    assert_eq!(
        p["Environment"]["Variables"]["TABLE"],
        serde_json::json!({"Fn::Sub": "${AWS::StackName}-${Stage}-orders"})
    );
    assert_eq!(
        t["Parameters"]["Stage"],
        serde_json::json!({"Type": "String", "Default": "dev"})
    );
}

#[test]
fn parameters_are_refused_where_lfc_needs_the_value() {
    let out = compile_text(&format!(
        "param mem {{ type = number }}\nparam nets {{ type = subnets }}\nfunction f {{\n  {FN}\n  memory = param.mem\n  \
         vpc {{ subnets = [param.nets], security_groups = [\"sg-1\"] }}\n  env {{ MEM = param.mem }}\n}}"
    ));
    // A list parameter as one item of `subnets` is LF0106 (the list is then
    // empty beside security groups: LF0315); `memory` needs a number: LF0109.
    assert_eq!(codes(&out), vec!["LF0106", "LF0109", "LF0315"]);
}

#[test]
fn an_arn_slot_cannot_interpolate_a_declaration() {
    let out = compile_text(&format!(
        "role r {{}}\nfunction f {{\n  {FN}\n  role = \"${{r.arn}}\"\n}}"
    ));
    assert_eq!(codes(&out), vec!["LF0206"]);
}

/// The logical ID of function `f`'s published version.
fn version_id(src_props: &str) -> String {
    let t = template(&format!(
        "queue spare {{}}\nfunction f {{\n  {FN}\n  snapstart = true\n{src_props}\n}}"
    ));
    let ids: Vec<&String> = t["Resources"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("FVersion"))
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    ids[0].clone()
}

#[test]
fn the_published_version_changes_with_every_captured_property_and_only_those() {
    let base = version_id("");
    assert_eq!(version_id(""), base, "stable");
    for captured in [
        "memory = 256MB",
        "timeout = 10s",
        "layers = [\"arn:aws:lambda:us-east-1:123456789012:layer:x:1\"]",
        "architecture = arm64",
        "description = \"v2\"",
        "env { MODE = \"fast\" }",
        "tracing = active",
        "logs { format = json }",
        "logs { retention = 14d, level = debug, format = json }",
        "kms_key = \"arn:aws:kms:us-east-1:123456789012:key/abc\"",
    ] {
        assert_ne!(version_id(captured), base, "`{captured}` must publish a new version");
    }
    for unversioned in [
        "tags { team = \"data\" }",
        "concurrency { reserved = 3 }",
        "name = \"custom-f\"",
    ] {
        assert_eq!(
            version_id(unversioned),
            base,
            "`{unversioned}` is not part of a version"
        );
    }
}

#[test]
fn a_declaration_named_in_an_event_pattern_is_written_as_its_value() {
    let t = template(&format!(
        "bucket named {{ name = \"my-named-bucket\", eventbridge = true }}\ntable orders {{ key = {{ id = string }} }}\n\
         function f {{\n  {FN}\n  on event {{ source = [aws.s3], detail = {{ bucket = {{ name = [named] }}, table = [orders.arn], gone = [null] }} }}\n}}"
    ));
    assert_eq!(
        t["Resources"]["FEventRule"]["Properties"]["EventPattern"],
        serde_json::json!({
            "source": ["aws.s3"],
            "detail": {
                "bucket": { "name": ["my-named-bucket"] },
                "table": [{ "Fn::GetAtt": ["OrdersTable", "Arn"] }],
                "gone": [null]
            }
        })
    );
    let out = compile_text(&format!(
        "queue q {{}}\nfunction f {{\n  {FN}\n  on event {{ detail = {{ q = [q.stream_arn] }} }}\n}}"
    ));
    // LF0409: the asynchronous trigger has no failure path.
    assert_eq!(codes(&out), vec!["LF0205", "LF0409"]);
}

#[test]
fn rest_routes_get_the_same_scoped_permissions_as_http_routes() {
    let t = template(&format!(
        "api shop {{ kind = rest, keys = [partner] }}\nfunction f {{\n  {FN}\n  on http \"POST /orders/{{id}}/items\" {{ api = shop }}\n}}"
    ));
    let r = &t["Resources"];
    assert_eq!(
        r["FHttpPermission"]["Properties"]["SourceArn"],
        serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ShopApi}/*/POST/orders/*/items"})
    );
    assert_eq!(r["FHttpMethod"]["Properties"]["ApiKeyRequired"], true);
    assert_eq!(
        r["FHttpMethod"]["Properties"]["ResourceId"],
        serde_json::json!({"Ref": "ShopOrdersIdItemsResource"})
    );
    assert_eq!(
        r["ShopOrdersIdItemsResource"]["Properties"]["ParentId"],
        serde_json::json!({"Ref": "ShopOrdersIdResource"})
    );
    let deployments: Vec<&String> = r
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("ShopDeployment"))
        .collect();
    assert_eq!(deployments.len(), 1);
    assert_eq!(
        r[deployments[0].as_str()]["DependsOn"],
        serde_json::json!(["FHttpMethod"])
    );
    assert_eq!(r["ShopStage"]["Properties"]["StageName"], "api");
}

#[test]
fn outputs_with_one_logical_id_are_found_by_check_and_distinct_ones_emitted() {
    let out = compile_text("queue q {}\noutput job_1 = q.url\noutput job1 = q.arn\n");
    assert_eq!(codes(&out), vec!["LF0221"]);
    assert!(out.template.is_none(), "no template is emitted after a check error");
    let t = template("queue q {}\noutput job_1 = q.url\noutput job_2 = q.arn\n");
    assert_eq!(t["Outputs"]["Job1"]["Value"]["Ref"], "QQueue");
    assert_eq!(t["Outputs"]["Job2"]["Value"]["Fn::GetAtt"][0], "QQueue");
}

#[test]
fn a_parameter_and_a_resource_cannot_share_a_logical_id() {
    let out = compile_text(
        "param orders_queue { default = \"x\" }\nqueue orders {}\ntopic t {}\noutput o = param.orders_queue\n",
    );
    assert_eq!(codes(&out), vec!["LF0212"]);
}

#[test]
fn numbers_from_vars_meet_the_rules_of_numbers_written_in_place() {
    let path = common::root().join("tests/fixtures/valid/numbers_from_vars.lf");
    let src = std::fs::read_to_string(path).unwrap();
    for (var, value, code) in [
        ("factor", "0.5", "LF0439"),
        ("per_sec", "-1", "LF0426"),
        ("keep", "36h", "LF0427"),
        ("keep", "40d", "LF0424"),
        ("least", "60", "LF0217"),
        ("most", "x", "LF0211"),
    ] {
        let out = compile_text_with(&src, &[(var, value)]);
        assert_eq!(codes(&out), vec![code], "--var {var}={value}: {}", common::render(&out));
    }
    let out = compile_text_with(&src, &[("recover", "false")]);
    let t = out.template.unwrap().to_json();
    assert!(t["Resources"]["AuditTable"]["Properties"]
        .get("PointInTimeRecoverySpecification")
        .is_none());
}

#[test]
fn a_bare_number_from_a_var_gets_no_fix_at_the_use() {
    let src = format!(
        "var pause = 30\nfunction f {{\n  {FN}\n}}\nworkflow w {{\n  steps {{\n    a {{ wait = var.pause }}\n    b {{ wait = 30 }}\n    c {{ invoke = f }}\n  }}\n}}"
    );
    let out = compile_text(&src);
    let missing: Vec<_> = out.diagnostics.iter().filter(|d| d.code.as_str() == "LF0105").collect();
    assert_eq!(missing.len(), 2, "{}", common::render(&out));
    // `wait = var.pause`: the unit belongs in the var, not after `var.pause`.
    assert!(missing.iter().any(|d| d.fix.is_none()));
    assert!(missing
        .iter()
        .any(|d| d.fix.as_ref().is_some_and(|f| f.replacement == "s")));
}

#[test]
fn parameters_with_one_logical_id_or_a_reserved_one_are_refused_in_check() {
    let out = compile_text("param job1 {}\nparam job_1 {}\noutput a = param.job1\noutput b = param.job_1\n");
    assert_eq!(codes(&out), vec!["LF0219"]);
    // Reserved even without packaged code (the only case emit used to see).
    let out = compile_text("param lfc_root_stack_id {}\nqueue q {}\noutput a = param.lfc_root_stack_id\n");
    assert_eq!(codes(&out), vec!["LF0220"]);
    assert!(out.template.is_none());
}
