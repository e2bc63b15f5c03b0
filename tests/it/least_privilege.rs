//! Least privilege, proven: for a stack that uses every kind of permission
//! lfc generates, each role holds exactly the (action, resource) pairs it
//! needs and nothing else; and parliament finds nothing above low severity
//! in any policy of any template the suite emits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use crate::common::iam::{grants_of, policies, resource_policies, trusted_service};
use serde_json::Value;

fn template() -> Value {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/least_privilege.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    out.template.unwrap().to_json()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter().map(|(a, r)| ((*a).to_string(), (*r).to_string())).collect()
}

const ACCT: &str = "us-east-1:123456789012";

fn logs(fn_id: &str) -> Vec<(String, String)> {
    let lg = format!("arn:aws:logs:{ACCT}:log-group:/aws/lambda/{fn_id}LogGroup:*");
    vec![
        ("logs:CreateLogStream".into(), lg.clone()),
        ("logs:PutLogEvents".into(), lg),
    ]
}

fn with_logs(fn_id: &str, list: &[(&str, String)]) -> BTreeSet<(String, String)> {
    let mut s: BTreeSet<(String, String)> = logs(fn_id).into_iter().collect();
    s.extend(list.iter().map(|(a, r)| ((*a).to_string(), r.clone())));
    s
}

#[test]
fn ingest_gets_its_grants_dead_letter_queue_and_logs_only() {
    let t = template();
    let uploads = "arn:aws:s3:::lp-uploads-1a2b3c4d";
    let jobs = format!("arn:aws:sqs:{ACCT}:JobsQueue");
    let want = with_logs(
        "Ingest",
        &[
            ("s3:GetObject", format!("{uploads}/incoming/*")),
            ("s3:GetObjectVersion", format!("{uploads}/incoming/*")),
            (
                "s3:ListBucket",
                format!("{uploads} if {{\"StringLike\":{{\"s3:prefix\":[\"incoming/*\"]}}}}"),
            ),
            ("s3:PutObject", "arn:aws:s3:::reportsbucket/daily/*".into()),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::reportsbucket/daily/*".into()),
            ("sqs:SendMessage", jobs.clone()),
            ("sqs:GetQueueAttributes", jobs.clone()),
            ("sqs:GetQueueUrl", jobs),
            ("sns:Publish", format!("arn:aws:sns:{ACCT}:AlertsTopic")),
            ("sqs:SendMessage", format!("arn:aws:sqs:{ACCT}:FailedQueue")),
        ],
    );
    assert_eq!(grants_of(&t, "IngestRole"), want);
    assert_eq!(trusted_service(&t, "IngestRole"), "lambda.amazonaws.com");
}

#[test]
fn worker_polls_only_its_queue_and_writes_only_where_granted() {
    let t = template();
    let jobs = format!("arn:aws:sqs:{ACCT}:JobsQueue");
    let orders = format!("arn:aws:dynamodb:{ACCT}:table/OrdersTable");
    let idx = format!("{orders}/index/*");
    let mut list: Vec<(&str, String)> = vec![
        ("sqs:ReceiveMessage", jobs.clone()),
        ("sqs:DeleteMessage", jobs.clone()),
        ("sqs:GetQueueAttributes", jobs),
        (
            "kinesis:PutRecord",
            format!("arn:aws:kinesis:{ACCT}:stream/ClicksStream"),
        ),
        (
            "kinesis:PutRecords",
            format!("arn:aws:kinesis:{ACCT}:stream/ClicksStream"),
        ),
    ];
    for a in [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DescribeTable",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ] {
        list.push((a, orders.clone()));
        list.push((a, idx.clone()));
    }
    assert_eq!(grants_of(&t, "WorkerRole"), with_logs("Worker", &list));
}

#[test]
fn etl_reads_exactly_its_streams_and_invokes_through_a_separate_policy() {
    let t = template();
    let stream = format!(
        "arn:aws:dynamodb:{ACCT}:table/OrdersTable/stream/{}",
        common::iam::STREAM_LABEL
    );
    let clicks = format!("arn:aws:kinesis:{ACCT}:stream/ClicksStream");
    let mut list: Vec<(&str, String)> = vec![
        ("dynamodb:DescribeStream", stream.clone()),
        ("dynamodb:GetRecords", stream.clone()),
        ("dynamodb:GetShardIterator", stream),
        ("sqs:SendMessage", format!("arn:aws:sqs:{ACCT}:FailedQueue")),
        (
            "lambda:InvokeFunction",
            format!("arn:aws:lambda:{ACCT}:function:WorkerFunction"),
        ),
    ];
    for a in [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
    ] {
        list.push((a, clicks.clone()));
    }
    assert_eq!(grants_of(&t, "EtlRole"), with_logs("Etl", &list));
    assert_eq!(
        t["Resources"]["EtlPolicy"]["Type"], "AWS::IAM::Policy",
        "invoke grants live apart so no cycle can form"
    );
}

#[test]
fn workflow_roles_may_start_or_invoke_exactly_their_targets() {
    let t = template();
    assert_eq!(
        grants_of(&t, "NightlyRole"),
        pairs(&[(
            "lambda:InvokeFunction",
            &format!("arn:aws:lambda:{ACCT}:function:WorkerFunction")
        )])
    );
    assert_eq!(trusted_service(&t, "NightlyRole"), "states.amazonaws.com");
    assert_eq!(
        grants_of(&t, "NightlyScheduleRole"),
        pairs(&[(
            "states:StartExecution",
            &format!("arn:aws:states:{ACCT}:stateMachine:NightlyWorkflow")
        )])
    );
    assert_eq!(trusted_service(&t, "NightlyScheduleRole"), "events.amazonaws.com");
}

#[test]
fn scheduler_roles_may_send_to_exactly_their_dead_letter_queue() {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/resource_settings.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let dlq = format!("arn:aws:sqs:{ACCT}:FailedRunsQueue");
    let report = format!("arn:aws:lambda:{ACCT}:function:ReportFunction");
    // With a dead-letter queue: the target and exactly that queue.
    assert_eq!(
        grants_of(&t, "ReportSchedule1Role"),
        pairs(&[("lambda:InvokeFunction", &report), ("sqs:SendMessage", &dlq)])
    );
    assert_eq!(trusted_service(&t, "ReportSchedule1Role"), "scheduler.amazonaws.com");
    // Without one: the target only.
    assert_eq!(
        grants_of(&t, "ReportSchedule2Role"),
        pairs(&[("lambda:InvokeFunction", &report)])
    );
    assert_eq!(
        grants_of(&t, "InboxScheduleRole"),
        pairs(&[
            ("sqs:SendMessage", &format!("arn:aws:sqs:{ACCT}:InboxQueue")),
            ("sqs:SendMessage", &dlq),
        ])
    );
    assert_eq!(
        grants_of(&t, "PipelineScheduleRole"),
        pairs(&[
            (
                "states:StartExecution",
                &format!("arn:aws:states:{ACCT}:stateMachine:PipelineWorkflow")
            ),
            ("sqs:SendMessage", &dlq),
        ])
    );
}

#[test]
fn workflow_roles_may_call_exactly_what_their_steps_name() {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/workflow_steps.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let table = format!("arn:aws:dynamodb:{ACCT}:table/StockTable");
    assert_eq!(
        grants_of(&t, "ShippingRole"),
        pairs(&[
            (
                "lambda:InvokeFunction",
                &format!("arn:aws:lambda:{ACCT}:function:PackFunction")
            ),
            ("sns:Publish", &format!("arn:aws:sns:{ACCT}:ReviewsTopic")),
            ("sqs:SendMessage", &format!("arn:aws:sqs:{ACCT}:LabelsQueue")),
            ("dynamodb:GetItem", &table),
            ("dynamodb:PutItem", &table),
        ])
    );
    assert_eq!(
        grants_of(&t, "QuickCheckRole"),
        pairs(&[(
            "lambda:InvokeFunction",
            &format!("arn:aws:lambda:{ACCT}:function:CheckFunction")
        )])
    );
    let out = common::compile_path(&common::root().join("examples/order-workflow/stack.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let f = |id: &str| format!("arn:aws:lambda:{ACCT}:function:{id}");
    assert_eq!(
        grants_of(&t, "OrderRole"),
        pairs(&[
            ("lambda:InvokeFunction", &f("ValidateOrderFunction")),
            ("lambda:InvokeFunction", &f("RequestApprovalFunction")),
            ("lambda:InvokeFunction", &f("ChargeFunction")),
            ("sns:Publish", &format!("arn:aws:sns:{ACCT}:OrderEventsTopic")),
            ("sqs:SendMessage", &format!("arn:aws:sqs:{ACCT}:PickingQueue")),
            (
                "dynamodb:PutItem",
                &format!("arn:aws:dynamodb:{ACCT}:table/OrdersTable")
            ),
        ])
    );
}

#[test]
fn queue_and_topic_policies_let_exactly_their_topic_or_rule_deliver() {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/fan_out.lf"));
    assert!(!out.diagnostics.has_errors(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let q = |id: &str| format!("arn:aws:sqs:{ACCT}:{id}");
    let topic = |id: &str| format!("arn:aws:sns:{ACCT}:{id}");
    let rule = |id: &str| format!("arn:aws:events:{ACCT}:rule/{id}");
    let entry = |principal: &str, action: &str, resource: String, source: String| {
        (principal.to_string(), action.to_string(), resource, source)
    };
    let got = resource_policies(&t);
    let want: std::collections::BTreeMap<String, BTreeSet<(String, String, String, String)>> = [
        (
            "BillingQueuePolicy",
            vec![entry(
                "sns.amazonaws.com",
                "sqs:SendMessage",
                q("BillingQueue"),
                topic("OrdersTopic"),
            )],
        ),
        (
            "AuditQueuePolicy",
            vec![
                entry(
                    "sns.amazonaws.com",
                    "sqs:SendMessage",
                    q("AuditQueue"),
                    topic("OrdersTopic"),
                ),
                entry(
                    "events.amazonaws.com",
                    "sqs:SendMessage",
                    q("AuditQueue"),
                    rule("AuditEventRule"),
                ),
            ],
        ),
        (
            "DigestTopicPolicy",
            vec![
                entry(
                    "events.amazonaws.com",
                    "sns:Publish",
                    topic("DigestTopic"),
                    rule("DigestEventRule"),
                ),
                entry(
                    "events.amazonaws.com",
                    "sns:Publish",
                    topic("DigestTopic"),
                    rule("DigestScheduleRule"),
                ),
            ],
        ),
    ]
    .into_iter()
    .map(|(id, v)| (id.to_string(), v.into_iter().collect()))
    .collect();
    assert_eq!(got, want);
    // Each policy names its own queue or topic, and nothing else does.
    for (id, r) in t["Resources"].as_object().unwrap() {
        if let Some(list) = r["Properties"].get("Queues").or(r["Properties"].get("Topics")) {
            assert_eq!(list.as_array().unwrap().len(), 1, "{id}");
            assert_eq!(format!("{}Policy", list[0]["Ref"].as_str().unwrap()), *id);
        }
    }
}

#[test]
fn the_vpc_probe_gets_its_network_interfaces_and_its_grants_only() {
    let out = common::compile_path(&common::root().join("examples/vpc-reporter/stack.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let checks = format!("arn:aws:dynamodb:{ACCT}:table/ChecksTable");
    let mut list: Vec<(&str, String)> = vec![
        ("sns:Publish", format!("arn:aws:sns:{ACCT}:AlertsTopic")),
        ("sqs:SendMessage", format!("arn:aws:sqs:{ACCT}:FailedProbesQueue")),
    ];
    for a in [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ] {
        list.push((a, checks.clone()));
        list.push((a, format!("{checks}/index/*")));
    }
    // Lambda manages the function's network interfaces: EC2 allows no narrower resource.
    for a in [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeSubnets",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    ] {
        list.push((a, "*".into()));
    }
    assert_eq!(grants_of(&t, "ProbeRole"), with_logs("Probe", &list));
    // The network comes from the deploy-time parameters, as lists.
    let vpc = &t["Resources"]["ProbeFunction"]["Properties"]["VpcConfig"];
    assert_eq!(vpc["SubnetIds"], serde_json::json!({"Ref": "Subnets"}));
    assert_eq!(vpc["SecurityGroupIds"], serde_json::json!({"Ref": "SecurityGroups"}));
    assert_eq!(t["Parameters"]["Subnets"]["Type"], "List<AWS::EC2::Subnet::Id>");
    assert_eq!(
        t["Parameters"]["SecurityGroups"]["Type"],
        "List<AWS::EC2::SecurityGroup::Id>"
    );
}

#[test]
fn api_gateway_may_call_an_authorizer_only_as_that_authorizer() {
    let out = common::compile_path(&common::root().join("tests/fixtures/valid/rest_authorization.lf"));
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    let t = out.template.unwrap().to_json();
    let eval = |v: &Value| common::iam::eval(&t, v);
    // Every permission that lets API Gateway invoke the authorizing function.
    let gate: Vec<(&String, &Value)> = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| {
            r["Type"] == "AWS::Lambda::Permission" && eval(&r["Properties"]["FunctionName"]).contains("function:Gate")
        })
        .collect();
    assert_eq!(gate.len(), 1, "{gate:?}");
    let (id, p) = gate[0];
    assert_eq!(id, "PartnersAuthorizerPermission");
    let p = &p["Properties"];
    assert_eq!(p["Action"], "lambda:InvokeFunction");
    assert_eq!(p["Principal"], "apigateway.amazonaws.com");
    // Through the alias the authorizer calls, from that one authorizer of that one api.
    assert_eq!(
        eval(&p["FunctionName"]),
        format!("arn:aws:lambda:{ACCT}:function:GateAlias:live")
    );
    assert_eq!(
        eval(&p["SourceArn"]),
        format!("arn:aws:execute-api:{ACCT}:PartnersApi/authorizers/PartnersAuthorizer")
    );
    // The authorizer invokes exactly what the permission allows.
    let uri = &t["Resources"]["PartnersAuthorizer"]["Properties"]["AuthorizerUri"];
    assert_eq!(uri["Fn::Sub"][1]["Fn"], p["FunctionName"]);
}

#[test]
fn no_generated_statement_uses_a_wildcard_resource_or_a_managed_policy() {
    for path in common::emitting_inputs() {
        let t = common::compile_path(&path).template.unwrap().to_json();
        for (role, doc) in policies(&t) {
            for s in doc["Statement"].as_array().unwrap() {
                for r in s["Resource"].as_array().unwrap() {
                    // Only actions AWS grants on `*` alone may name it: tracing,
                    // VPC network interfaces, and read-only calls such as ec2:Describe*.
                    let unscopable = s["Action"].as_array().unwrap().iter().all(|a| {
                        let a = a.as_str().unwrap();
                        lfc::data::grants::resource_star_only(a)
                            || a.starts_with("ec2:")
                                && (a.contains("NetworkInterface") || a.contains("PrivateIpAddresses"))
                    });
                    assert!(
                        r != "*" || unscopable,
                        "{}: {role} grants {} on *",
                        path.display(),
                        s["Action"]
                    );
                }
            }
        }
        for (id, r) in t["Resources"].as_object().unwrap() {
            assert!(
                r["Properties"].get("ManagedPolicyArns").is_none()
                    || r["Metadata"]["lfc:source"].as_str().unwrap().contains("#role."),
                "{}: {id} has a managed policy lfc added",
                path.display()
            );
        }
    }
}

#[test]
fn parliament_finds_nothing_above_low_in_any_generated_policy() {
    let Some(parliament) = common::tool("PARLIAMENT", ".venv/bin/parliament") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for path in common::emitting_inputs() {
        let t = common::compile_path(&path).template.unwrap().to_json();
        let stem = path
            .strip_prefix(common::root())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        for (i, (role, doc)) in policies(&t).into_iter().enumerate() {
            let file = dir.path().join(format!("{stem}__{role}__{i}.json"));
            std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            count += 1;
        }
    }
    assert!(count >= 10, "only {count} policies found");
    let out = Command::new(parliament)
        .args([
            "--directory",
            dir.path().to_str().unwrap(),
            "--include_policy_extension",
            "json",
            "--minimum_severity",
            "MEDIUM",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("parliament runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "parliament findings:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
