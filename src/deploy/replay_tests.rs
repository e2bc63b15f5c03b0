//! The failure paths moto cannot model, over recorded CloudFormation answers
//! (query-protocol XML) served by a fake HTTP client: a resource failure and
//! rollback followed to the end and mapped to its `.lf` line; throttling,
//! access denied and expired credentials as the SDK really parses them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // unwrap is fine in tests

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation::config::{Credentials, SharedCredentialsProvider};
use aws_smithy_http_client::test_util::infallible_client_fn;

use super::changeset::{self, StackParameter, Submission, TemplateSource};
use super::follow::{self, Failure};
use super::{Aws, DeployError, Ui};

const NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const STACK_ID: &str = "arn:aws:cloudformation:us-east-1:123456789012:stack/orders/1";

fn stack(status: &str) -> String {
    format!(
        "<DescribeStacksResponse xmlns=\"{NS}\"><DescribeStacksResult><Stacks><member>\
         <StackName>orders</StackName><StackId>{STACK_ID}</StackId><StackStatus>{status}</StackStatus>\
         <CreationTime>2026-11-27T10:00:00Z</CreationTime></member></Stacks></DescribeStacksResult>\
         </DescribeStacksResponse>"
    )
}

/// Stack events, newest first: (id, logical ID, type, status, reason).
fn events(list: &[(&str, &str, &str, &str, &str)]) -> String {
    let members: String = list
        .iter()
        .map(|(id, logical, kind, status, reason)| {
            format!(
                "<member><EventId>{id}</EventId><StackId>{STACK_ID}</StackId><StackName>orders</StackName>\
                 <LogicalResourceId>{logical}</LogicalResourceId><ResourceType>{kind}</ResourceType>\
                 <Timestamp>2099-01-01T00:00:0{}Z</Timestamp><ResourceStatus>{status}</ResourceStatus>\
                 <ResourceStatusReason>{reason}</ResourceStatusReason></member>",
                id.len()
            )
        })
        .collect();
    format!(
        "<DescribeStackEventsResponse xmlns=\"{NS}\"><DescribeStackEventsResult><StackEvents>{members}\
         </StackEvents></DescribeStackEventsResult></DescribeStackEventsResponse>"
    )
}

fn error(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code>\
         <Message>{message}</Message></Error><RequestId>1</RequestId></ErrorResponse>"
    )
}

/// Clients whose every request is answered by `answer(action, call number)`
/// with (HTTP status, body); no retries.
fn fake(answer: impl Fn(&str, usize) -> (u16, String) + Send + Sync + 'static) -> Aws {
    recording(answer).0
}

/// As [`fake`], also keeping every request body (form-encoded query protocol).
fn recording(answer: impl Fn(&str, usize) -> (u16, String) + Send + Sync + 'static) -> (Aws, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&bodies);
    let client = infallible_client_fn(move |req| {
        let body = String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).to_string();
        kept.lock().unwrap().push(body.clone());
        let action = body
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .unwrap_or_default()
            .to_string();
        let (status, text) = answer(&action, calls.fetch_add(1, Ordering::SeqCst));
        http::Response::builder().status(status).body(text).unwrap()
    });
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::for_tests()))
        .http_client(client)
        .retry_config(RetryConfig::disabled())
        .build();
    (Aws::from_config(&config).unwrap(), bodies)
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    super::runtime().unwrap().block_on(f)
}

const QUIET: Ui = Ui { json: true, yes: true };

#[test]
fn a_failed_update_is_followed_to_its_rollback_and_mapped_to_the_lf_line() {
    let aws = fake(|action, call| match action {
        // Before executing: the stack's newest event so far.
        "DescribeStackEvents" if call == 0 => (
            200,
            events(&[("e", "orders", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", "")]),
        ),
        "DescribeStackEvents" => (
            200,
            events(&[
                (
                    "eeee",
                    "orders",
                    "AWS::CloudFormation::Stack",
                    "UPDATE_ROLLBACK_COMPLETE",
                    "",
                ),
                (
                    "eee",
                    "WorkerFunction",
                    "AWS::Lambda::Function",
                    "UPDATE_FAILED",
                    "Resource handler returned message: MemorySize value failed to satisfy constraint",
                ),
                (
                    "ee",
                    "IntakeFunction",
                    "AWS::Lambda::Function",
                    "UPDATE_FAILED",
                    "Resource update cancelled",
                ),
                ("e", "orders", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", ""),
            ]),
        ),
        "DescribeStacks" => (200, stack("UPDATE_ROLLBACK_COMPLETE")),
        other => panic!("unexpected call {other}"),
    });
    let outcome = run(async {
        let mark = follow::mark(&aws, "orders").await.unwrap();
        follow::follow(&aws, "orders", &mark, 2, QUIET).await.unwrap()
    });
    assert_eq!(outcome.status, "UPDATE_ROLLBACK_COMPLETE");
    assert!(!outcome.succeeded());
    assert_eq!(
        outcome.failures,
        [Failure {
            logical_id: "WorkerFunction".into(),
            resource_type: "AWS::Lambda::Function".into(),
            status: "UPDATE_FAILED".into(),
            reason: "Resource handler returned message: MemorySize value failed to satisfy constraint".into(),
            stack: None,
        }]
    );

    let main = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/orders/stack.lf");
    let opts = crate::Options {
        today: "2026-11-27".into(),
        ..crate::Options::default()
    };
    let out = crate::compile(&main, "stack.lf", &crate::model::load::DiskReader, &opts).unwrap();
    let diags = follow::failure_diagnostics(&outcome.failures, &[out.template.as_ref().unwrap()], &out.stack);
    let text = crate::diagnostics::render_human(&diags, &out.sources, false);
    assert!(text.contains("LF0801"), "{text}");
    assert!(
        text.contains("function worker"),
        "the snippet shows the declaration: {text}"
    );
    assert!(text.contains("MemorySize value failed"), "{text}");
}

#[test]
fn throttling_access_denied_and_expired_credentials_are_named() {
    let throttled = fake(|_, _| (400, error("Throttling", "Rate exceeded")));
    let e = run(changeset::describe(&throttled, "orders")).unwrap_err();
    assert_eq!(
        e,
        DeployError::Throttled {
            action: "cloudformation:DescribeStacks".into()
        }
    );

    let denied = fake(|_, _| {
        (
            403,
            error(
                "AccessDenied",
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:CreateChangeSet",
            ),
        )
    });
    let template = Submission::plain(TemplateSource::Body("{}".into()));
    let e = run(changeset::create(&denied, "orders", &template, false)).unwrap_err();
    assert_eq!(e.to_string(), "access denied: the deploying identity needs `cloudformation:CreateChangeSet` (README, \"Deploying\", lists every permission)");

    let expired = fake(|_, _| {
        (
            400,
            error("ExpiredToken", "The security token included in the request is expired"),
        )
    });
    assert_eq!(
        run(changeset::describe(&expired, "orders")).unwrap_err(),
        DeployError::ExpiredCredentials
    );
}

#[test]
fn no_updates_answered_at_once_is_nothing_to_do() {
    let (aws, bodies) = recording(|_, _| (400, error("ValidationError", "No updates are to be performed.")));
    let submission = Submission {
        template: TemplateSource::Url("https://s3.us-east-1.amazonaws.com/b/templates/x.json".into()),
        parameters: vec![
            StackParameter {
                key: "LfcAssetsBucket".into(),
                value: Some("b".into()),
            },
            StackParameter {
                key: "Stage".into(),
                value: None,
            },
        ],
        nested: true,
    };
    let prepared = run(changeset::create(&aws, "orders", &submission, false)).unwrap();
    assert!(matches!(prepared, changeset::Prepared::NoChanges));
    // What was sent: the values, the kept one, and the capability nested stacks need.
    let sent = bodies.lock().unwrap().join("&");
    for part in [
        "Parameters.member.1.ParameterKey=LfcAssetsBucket",
        "Parameters.member.1.ParameterValue=b",
        "Parameters.member.2.ParameterKey=Stage",
        "Parameters.member.2.UsePreviousValue=true",
        "Capabilities.member.3=CAPABILITY_AUTO_EXPAND",
        "TemplateURL=https",
    ] {
        assert!(sent.contains(part), "{part} in {sent}");
    }
    assert!(!sent.contains("Parameters.member.2.ParameterValue"), "{sent}");
}

#[test]
fn a_missing_stack_is_none_not_an_error() {
    let aws = fake(|_, _| (400, error("ValidationError", "Stack with id orders does not exist")));
    assert!(run(changeset::describe(&aws, "orders")).unwrap().is_none());
}

fn change_set(status: &str, changes: &[(&str, &str, &str, Option<&str>)]) -> String {
    let members: String = changes
        .iter()
        .map(|(action, id, kind, nested)| {
            let nested = nested
                .map(|n| format!("<ChangeSetId>{n}</ChangeSetId>"))
                .unwrap_or_default();
            format!(
                "<member><Type>Resource</Type><ResourceChange><Action>{action}</Action>\
                 <LogicalResourceId>{id}</LogicalResourceId><ResourceType>{kind}</ResourceType>{nested}\
                 </ResourceChange></member>"
            )
        })
        .collect();
    format!(
        "<DescribeChangeSetResponse xmlns=\"{NS}\"><DescribeChangeSetResult><Status>{status}</Status>\
         <Changes>{members}</Changes></DescribeChangeSetResult></DescribeChangeSetResponse>"
    )
}

#[test]
fn a_split_change_set_lists_the_changes_inside_each_nested_stack() {
    let nested_id = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/nested/2";
    let (aws, bodies) = recording(move |action, call| match (action, call) {
        ("CreateChangeSet", _) => (
            200,
            format!(
                "<CreateChangeSetResponse xmlns=\"{NS}\"><CreateChangeSetResult><Id>root-cs</Id>\
                 <StackId>{STACK_ID}</StackId></CreateChangeSetResult></CreateChangeSetResponse>"
            ),
        ),
        ("DescribeChangeSet", 1) => (
            200,
            change_set(
                "CREATE_COMPLETE",
                &[
                    ("Modify", "Layer0Part024", "AWS::CloudFormation::Stack", Some(nested_id)),
                    ("Add", "Layer1Part007", "AWS::CloudFormation::Stack", None),
                ],
            ),
        ),
        _ => (
            200,
            change_set("CREATE_COMPLETE", &[("Modify", "DoneQueue", "AWS::SQS::Queue", None)]),
        ),
    });
    let submission = Submission {
        nested: true,
        ..Submission::plain(TemplateSource::Body("{}".into()))
    };
    let changeset::Prepared::Ready { changes, .. } =
        run(changeset::create(&aws, "orders", &submission, false)).unwrap()
    else {
        panic!("a change set")
    };
    let listed: Vec<(&str, Option<&str>)> = changes
        .iter()
        .map(|c| (c.logical_id.as_str(), c.stack.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Layer0Part024", None),
            ("DoneQueue", Some("Layer0Part024")),
            ("Layer1Part007", None)
        ]
    );
    let sent = bodies.lock().unwrap();
    assert!(sent[0].contains("IncludeNestedStacks=true"), "{}", sent[0]);
    assert!(sent[2].contains("changeSet%2Fnested%2F2"), "{}", sent[2]);
    assert!(
        changeset::render_changes(&changes).contains("DoneQueue      AWS::SQS::Queue             (in Layer0Part024)")
    );
}

#[test]
fn a_failure_inside_a_nested_stack_is_read_from_its_events_and_mapped_to_the_lf_line() {
    let nested_arn = "arn:aws:cloudformation:us-east-1:123456789012:stack/orders-Layer1Part030-X1/2";
    let aws = fake(|action, call| match (action, call) {
        // The mark, before executing: the root's newest event so far.
        ("DescribeStackEvents", 0) => (
            200,
            events(&[("e", "orders", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", "")]),
        ),
        ("DescribeStacks", _) => (200, stack("UPDATE_ROLLBACK_COMPLETE")),
        // The nested stack's events.
        ("DescribeStackEvents", _) => (
            200,
            events(&[
                (
                    "nnn",
                    "WorkerFunction",
                    "AWS::Lambda::Function",
                    "UPDATE_FAILED",
                    "MemorySize value failed to satisfy constraint",
                ),
                ("nn", "WorkerRole", "AWS::IAM::Role", "UPDATE_COMPLETE", ""),
            ]),
        ),
        other => panic!("unexpected call {other:?}"),
    });
    let root_failure = Failure {
        logical_id: "Layer1Part030".into(),
        resource_type: "AWS::CloudFormation::Stack".into(),
        status: "UPDATE_FAILED".into(),
        reason: format!("Embedded stack {nested_arn} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [WorkerFunction]."),
        stack: None,
    };
    assert_eq!(follow::embedded_stack(&root_failure), Some(nested_arn));
    let failures = run(async {
        let mark = follow::mark(&aws, "orders").await.unwrap();
        super::pipeline::with_nested_failures(&aws, &mark, vec![root_failure.clone()])
            .await
            .unwrap()
    });
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0], root_failure);
    assert_eq!(failures[1].logical_id, "WorkerFunction");
    assert_eq!(failures[1].stack.as_deref(), Some("Layer1Part030"));

    // Mapped through the nested templates of the split build.
    let main = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/orders/stack.lf");
    let opts = crate::Options {
        today: "2026-11-27".into(),
        ..crate::Options::default()
    };
    let out = crate::compile_split(&main, "stack.lf", &crate::model::load::DiskReader, &opts).unwrap();
    let mut templates = vec![out.template.as_ref().unwrap()];
    templates.extend(out.nested.iter().map(|n| &n.template));
    let diags = follow::failure_diagnostics(&failures, &templates, &out.stack);
    let text = crate::diagnostics::render_human(&diags, &out.sources, false);
    assert!(
        text.contains("WorkerFunction (AWS::Lambda::Function) in Layer1Part030 UPDATE_FAILED: MemorySize"),
        "{text}"
    );
    assert!(
        text.contains("function worker"),
        "the snippet shows the declaration: {text}"
    );
}
