//! `lfc bootstrap`, `deploy`, `status` and `destroy` end to end against moto's
//! server on loopback (started and stopped here, one per test), and the
//! deploy commands' refusals and errors that need no AWS at all.
//!
//! moto is found through [`common::tool`] (`MOTO_SERVER`, else
//! `.venv/bin/moto_server`, which `tests/run` installs). Failure paths moto
//! cannot model (resource failures, throttling, access denied) are unit tests
//! in `src/deploy` over recorded answers.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common;

/// A moto server on a free loopback port, killed when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    fn start() -> Option<Moto> {
        let exe = common::tool("MOTO_SERVER", ".venv/bin/moto_server")?;
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !moto.ready(port) {
            assert!(Instant::now() < deadline, "moto_server did not answer on port {port}");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(moto)
    }

    /// Whether `GET /moto-api/` answers 200.
    fn ready(&self, port: u16) -> bool {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let _ = s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: localhost\r\n\r\n");
        let mut head = [0u8; 12];
        s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `lfc ARGS` in `dir`, with AWS pointed at `endpoint` (or nowhere) and no
/// terminal on stdin.
fn lfc_in(dir: &Path, endpoint: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lfc"));
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .env("LFC_TODAY", common::TODAY)
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_SESSION_TOKEN");
    match endpoint {
        Some(url) => cmd
            .env("AWS_ENDPOINT_URL", url)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1"),
        None => cmd
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_REGION"),
    };
    cmd.output().expect("lfc runs")
}

/// The JSON report of a `--format json` run, with its exit code checked.
fn report(out: &Output, code: i32) -> Value {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr:\n{stderr}");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\nstderr:\n{stderr}", String::from_utf8_lossy(&out.stdout)))
}

/// examples/orders copied to a temporary folder, so the test can change it.
fn orders_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = common::root().join("examples/orders");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The `logical_id` of each entry of a report's list (`changes`, `retained`).
fn logical_ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["logical_id"].as_str().unwrap())
        .collect()
}

#[test]
fn bootstrap_deploy_update_redeploy_status_destroy() {
    let Some(moto) = Moto::start() else { return };
    let dir = orders_copy();
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);

    let boot = report(&run(&["bootstrap", "--format", "json"]), 0);
    assert_eq!(boot["status"], "CREATE_COMPLETE");
    let bucket = boot["bucket"].as_str().expect("a bucket").to_string();
    // A second bootstrap finds nothing to change.
    assert_eq!(report(&run(&["bootstrap", "--format", "json"]), 0)["no_changes"], true);

    let deploy = ["deploy", "stack.lf", "--yes", "--format", "json"];
    let first = report(&run(&deploy), 0);
    assert_eq!(first["status"], "CREATE_COMPLETE", "{first}");
    assert_eq!(first["bucket"], bucket.as_str());
    let uploaded = strings(&first["uploaded"]);
    assert_eq!(uploaded.len(), 2, "intake and worker code: {uploaded:?}");
    assert!(uploaded.iter().all(|k| k.starts_with("assets/") && k.ends_with(".zip")));
    assert!(first["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["action"] == "Add"));

    // `lfc diff --stack` compares the deployed template with the file: the
    // same, then one memory change later, the functions modified.
    let diff = ["diff", "--stack", "orders", "stack.lf", "--format", "json"];
    let same = report(&run(&diff), 0);
    assert_eq!(same["summary"]["modified"], 0, "{same}");
    assert_eq!(same["summary"]["added"], 0, "{same}");

    // Nothing changed: exit 0, nothing uploaded, no change set executed.
    let again = report(&run(&deploy), 0);
    assert_eq!(again["no_changes"], true, "{again}");
    assert_eq!(again["status"], Value::Null);
    assert!(strings(&again["uploaded"]).is_empty());
    assert_eq!(strings(&again["skipped"]).len(), 2);

    // A memory change updates the functions and uploads nothing.
    let stack_lf = dir.path().join("stack.lf");
    let text = std::fs::read_to_string(&stack_lf).unwrap();
    std::fs::write(&stack_lf, text.replace("memory       = 256MB", "memory       = 512MB")).unwrap();
    let changed = report(&run(&diff), 0);
    assert!(changed["summary"]["modified"].as_u64().unwrap() >= 1, "{changed}");
    let fresh = report(
        &run(&["diff", "--stack", "not-deployed", "stack.lf", "--format", "json"]),
        0,
    );
    assert!(
        fresh["summary"]["added"].as_u64().unwrap() > 10,
        "a first deploy adds everything: {fresh}"
    );
    let update = report(&run(&deploy), 0);
    assert_eq!(update["status"], "UPDATE_COMPLETE", "{update}");
    assert!(strings(&update["uploaded"]).is_empty());
    let modified: Vec<&str> = update["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "Modify")
        .map(|c| c["resource_type"].as_str().unwrap())
        .collect();
    assert!(modified.contains(&"AWS::Lambda::Function"), "{update}");

    // A code change uploads exactly one new asset.
    let handler = dir.path().join("src/worker/index.py");
    let code = std::fs::read_to_string(&handler).unwrap();
    std::fs::write(&handler, code + "\n# changed\n").unwrap();
    let code_change = report(&run(&deploy), 0);
    assert_eq!(strings(&code_change["uploaded"]).len(), 1, "{code_change}");
    assert_eq!(code_change["status"], "UPDATE_COMPLETE");

    let status = report(&run(&["status", "--stack-name", "orders", "--format", "json"]), 0);
    assert_eq!(status["status"], "UPDATE_COMPLETE");
    assert!(!status["events"].as_array().unwrap().is_empty());

    let destroy = report(
        &run(&["destroy", "--stack-name", "orders", "--yes", "--format", "json"]),
        0,
    );
    assert_eq!(destroy["status"], "DELETE_COMPLETE", "{destroy}");
    let retained: Vec<&str> = destroy["retained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["resource_type"].as_str().unwrap())
        .collect();
    assert!(retained.contains(&"AWS::DynamoDB::Table"), "{retained:?}");

    let gone = report(&run(&["status", "--stack-name", "orders", "--format", "json"]), 1);
    assert_eq!(gone["error"]["kind"], "no-such-stack");
}

#[test]
fn no_execute_leaves_the_change_set_and_deploys_nothing() {
    let Some(moto) = Moto::start() else { return };
    let dir = orders_copy();
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    let bucket = report(&run(&["bootstrap", "--format", "json"]), 0)["bucket"].clone();
    let out = run(&[
        "deploy",
        "stack.lf",
        "--no-execute",
        "--bucket",
        bucket.as_str().unwrap(),
        "--format",
        "json",
    ]);
    let plan = report(&out, 0);
    assert!(plan["change_set"].as_str().unwrap().contains("lfc-"), "{plan}");
    assert_eq!(plan["status"], Value::Null);
    let status = report(&run(&["status", "--stack-name", "orders", "--format", "json"]), 1);
    assert_eq!(status["status"], "REVIEW_IN_PROGRESS", "{status}");
}

#[test]
fn deploy_without_yes_and_without_a_terminal_refuses_before_any_aws_call() {
    let dir = orders_copy();
    let out = lfc_in(dir.path(), None, &["deploy", "stack.lf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "lfc: nothing deployed: standard input is not a terminal, so pass --yes to deploy without asking\n"
    );
}

#[test]
fn missing_region_and_missing_credentials_are_one_line_each() {
    let dir = orders_copy();
    let out = lfc_in(dir.path(), None, &["status", "--stack-name", "orders"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("lfc: no AWS region: set AWS_REGION"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let out = lfc_in(
        dir.path(),
        None,
        &[
            "status",
            "--stack-name",
            "orders",
            "--region",
            "eu-west-1",
            "--format",
            "json",
        ],
    );
    let v = report(&out, 1);
    assert_eq!(v["error"]["kind"], "no-credentials", "{v}");
}

/// A request to moto (which checks no signatures, but wants one to treat a
/// request as authenticated, and its scope to route it): the answer's body.
fn moto_http(moto: &Moto, method_path: &str, service: &str, body: &str) -> String {
    let addr = moto.url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    let request = format!(
        "{method_path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

/// The object `bucket/key` in moto's S3 (path style).
fn s3_object(moto: &Moto, bucket: &str, key: &str) -> String {
    moto_http(moto, &format!("GET /{bucket}/{key}"), "s3", "")
}

/// Every stack moto holds (`DescribeStacks`), as its XML answer.
fn moto_stacks(moto: &Moto) -> String {
    moto_http(
        moto,
        "POST /",
        "cloudformation",
        "Action=DescribeStacks&Version=2010-05-15",
    )
}

#[test]
fn split_deploy_uploads_each_nested_template_where_its_template_url_points() {
    let Some(moto) = Moto::start() else { return };
    let dir = orders_copy();
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    let boot = report(&run(&["bootstrap", "--format", "json"]), 0);
    let bucket = boot["bucket"].as_str().unwrap();
    let built = run(&["build", "stack.lf", "--split", "-o", "out"]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let root: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/orders.template.json")).unwrap()).unwrap();
    let stacks: Vec<(&String, &Value)> = root["Resources"].as_object().unwrap().iter().collect();
    assert!(stacks.len() > 2, "{root}");

    let plan = report(
        &run(&["deploy", "stack.lf", "--split", "--no-execute", "--format", "json"]),
        0,
    );
    let uploaded = strings(&plan["uploaded"]);
    assert_eq!(
        uploaded.len(),
        stacks.len() + 2,
        "nested templates and 2 code zips: {uploaded:?}"
    );
    // The change set adds the nested stacks (moto lists the root's resources).
    let added = logical_ids(&plan["changes"]);
    for (id, stack) in &stacks {
        assert!(added.contains(&id.as_str()), "{id} in {added:?}");
        assert_eq!(stack["Type"], "AWS::CloudFormation::Stack");
        // TemplateURL, resolved as CloudFormation does, names an uploaded
        // object holding the nested template `lfc build --split` wrote.
        let url = stack["Properties"]["TemplateURL"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .replace("${LfcAssetsBucket}", bucket)
            .replace("${AWS::Region}", "us-east-1")
            .replace("${AWS::URLSuffix}", "amazonaws.com");
        let prefix = format!("https://{bucket}.s3.us-east-1.amazonaws.com/");
        let key = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url}"));
        assert!(uploaded.iter().any(|u| u == key), "{key} uploaded: {uploaded:?}");
        let built = std::fs::read_to_string(dir.path().join("out").join(key)).unwrap();
        assert_eq!(s3_object(&moto, bucket, key), built, "{key}");
    }
    // A second plan uploads nothing new.
    let again = report(
        &run(&[
            "deploy",
            "stack.lf",
            "--split",
            "--no-execute",
            "--stack-name",
            "orders-two",
            "--format",
            "json",
        ]),
        0,
    );
    assert!(strings(&again["uploaded"]).is_empty(), "{again}");

    // Executing: moto 5.2.5 creates each nested stack from the template at
    // its URL, but cannot read one nested stack's outputs in another's
    // parameters (`Fn::GetAtt Stack.Outputs.X` answers HTTP 500), so only
    // the layer-0 stacks (which read none) come up there. AWS runs it all.
    let executed = run(&["deploy", "stack.lf", "--split", "--yes"]);
    let listed = moto_stacks(&moto);
    let layer0 = stacks.iter().filter(|(id, _)| id.starts_with("Layer0")).count();
    assert!(layer0 > 0);
    assert_eq!(
        listed.matches("<StackName>orders-Layer0Part").count(),
        layer0,
        "{listed}\n{}",
        String::from_utf8_lossy(&executed.stderr)
    );
}

#[test]
fn a_stack_keeps_the_shape_it_was_deployed_with() {
    let Some(moto) = Moto::start() else { return };
    let dir = orders_copy();
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    report(&run(&["bootstrap", "--format", "json"]), 0);
    let first = report(&run(&["deploy", "stack.lf", "--yes", "--format", "json"]), 0);
    assert_eq!(first["status"], "CREATE_COMPLETE", "{first}");
    let out = run(&["deploy", "stack.lf", "--split", "--yes", "--format", "json"]);
    let refused = report(&out, 1);
    assert_eq!(refused["error"]["kind"], "reshape", "{refused}");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("stack `orders` was deployed without --split: deploying it with --split moves every resource into a nested stack, which replaces them all"),
        "{message}"
    );
}

/// A stack with two parameters (one without a default) and outputs that show their values.
fn params_stack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stack.lf"),
        r#"stack params_demo {}

param stage { type = string, default = "dev", allowed = ["dev", "prod"] }
param batch { type = number, default = 10, min = 1, max = 100 }
param owner { description = "Who runs it" }

queue jobs {}

output stage = param.stage
output batch = param.batch
output owner = "${param.owner}@example.com"
"#,
    )
    .unwrap();
    dir
}

#[test]
fn parameters_are_checked_passed_and_kept_on_update() {
    let dir = params_stack();
    let offline = |args: &[&str]| lfc_in(dir.path(), None, args);
    // Checked against the declarations before any AWS call: exit 2.
    for (args, message) in [
        (
            vec!["--parameter", "stag=prod"],
            "the stack has no parameter `stag` (it declares batch, owner, stage)",
        ),
        (
            vec!["--parameter", "stage=qa"],
            "parameter `stage`: `qa` is not one of dev, prod",
        ),
        (
            vec!["--parameter", "batch=500"],
            "parameter `batch`: 500 is above the maximum 100",
        ),
        (
            vec!["--parameter", "LfcAssetsBucket=x"],
            "`LfcAssetsBucket` is set by lfc: pass --bucket to choose the assets bucket",
        ),
    ] {
        let mut all = vec!["deploy", "stack.lf", "--yes", "--format", "json"];
        all.extend(args);
        let v = report(&offline(&all), 2);
        assert_eq!(v["error"]["kind"], "parameters", "{v}");
        assert_eq!(v["error"]["message"], message);
    }

    let Some(moto) = Moto::start() else { return };
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    let deploy = ["deploy", "stack.lf", "--yes", "--format", "json"];
    // `owner` has no default: a first deploy needs it.
    let missing = report(&run(&deploy), 2);
    assert_eq!(
        missing["error"]["message"],
        "missing a value for `Owner`: pass --parameter NAME=VALUE (the stack declares them without a default)"
    );
    // The file gives both; `--parameter` wins over it.
    std::fs::write(dir.path().join("params.json"), r#"{"owner": "ana", "stage": "dev"}"#).unwrap();
    let mut first_args = deploy.to_vec();
    first_args.extend(["--parameters-file", "params.json", "--parameter", "stage=prod"]);
    let first = report(&run(&first_args), 0);
    assert_eq!(first["status"], "CREATE_COMPLETE", "{first}");
    assert_eq!(
        first["parameters"],
        serde_json::json!({ "Owner": "ana", "Stage": "prod" })
    );
    // moto 5.2.5 gives stacks made through change sets no outputs: the
    // stack's parameters show what CloudFormation took.
    assert_eq!(stack_parameters(&moto), ["Batch=10", "Owner=ana", "Stage=prod"]);

    // An update that gives only `batch` keeps `owner` and `stage` as deployed.
    let mut update_args = deploy.to_vec();
    update_args.extend(["--parameter", "Batch=20"]);
    let update = report(&run(&update_args), 0);
    assert_eq!(update["status"], "UPDATE_COMPLETE", "{update}");
    assert_eq!(
        update["parameters"],
        serde_json::json!({ "Batch": "20", "Owner": "(previous value)", "Stage": "(previous value)" })
    );
    assert_eq!(stack_parameters(&moto), ["Batch=20", "Owner=ana", "Stage=prod"]);
}

/// The parameters of the only stack moto holds, `KEY=VALUE`, sorted.
fn stack_parameters(moto: &Moto) -> Vec<String> {
    let xml = moto_stacks(moto);
    let mut pairs: Vec<String> = xml
        .split("<ParameterKey>")
        .skip(1)
        .filter_map(|m| {
            let (key, rest) = m.split_once("</ParameterKey><ParameterValue>")?;
            Some(format!("{key}={}", rest.split_once("</ParameterValue>")?.0))
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn a_split_stack_deploys_updates_one_nested_stack_and_diffs_against_what_is_deployed() {
    let Some(moto) = Moto::start() else { return };
    // Queues and a topic only: every nested stack is in layer 0 and reads no
    // other's outputs, which moto 5.2.5 can run (see the test above).
    let dir = tempfile::tempdir().unwrap();
    let stack_lf = dir.path().join("stack.lf");
    let write = |retention: &str| {
        let text = format!(
            "stack queues {{}}\n\nqueue jobs {{}}\nqueue done {{ retention = {retention} }}\ntopic alerts {{}}\n"
        );
        std::fs::write(&stack_lf, text).unwrap();
    };
    write("2d");
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    report(&run(&["bootstrap", "--format", "json"]), 0);
    let deploy = ["deploy", "stack.lf", "--split", "--yes", "--format", "json"];
    let first = report(&run(&deploy), 0);
    assert_eq!(first["status"], "CREATE_COMPLETE", "{first}");
    let nested = first["changes"].as_array().unwrap().len();
    assert!(nested >= 2, "{first}");
    assert_eq!(strings(&first["uploaded"]).len(), nested);
    assert!(moto_stacks(&moto).contains("<StackName>queues-Layer0Part"));

    // `lfc diff --stack` reads the nested stacks' templates and builds FILE split.
    let diff = ["diff", "--stack", "queues", "stack.lf", "--format", "json"];
    let same = report(&run(&diff), 0);
    assert_eq!(same["summary"]["modified"], 0, "{same}");
    assert_eq!(same["summary"]["added"], 0, "{same}");

    write("3d");
    let changed = report(&run(&diff), 0);
    let resources = changed["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1, "{changed}");
    assert_eq!(resources[0]["logical_id"], "DoneQueue");
    assert!(
        resources[0]["stack"].as_str().unwrap().starts_with("Layer0Part"),
        "{changed}"
    );
    assert_eq!(resources[0]["properties"][0]["path"], "MessageRetentionPeriod");

    // The update uploads the one changed nested template and modifies its stack.
    let update = report(&run(&deploy), 0);
    assert_eq!(update["status"], "UPDATE_COMPLETE", "{update}");
    assert_eq!(strings(&update["uploaded"]).len(), 1, "{update}");
    let changes = update["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{update}");
    assert_eq!(changes[0]["logical_id"], resources[0]["stack"]);
    assert_eq!(report(&run(&diff), 0)["summary"]["modified"], 0);

    // Deployed split, it stays split.
    let whole = report(&run(&["deploy", "stack.lf", "--yes", "--format", "json"]), 1);
    assert_eq!(whole["error"]["kind"], "reshape", "{whole}");
    assert!(whole["error"]["message"]
        .as_str()
        .unwrap()
        .ends_with("which replaces them all (stateful ones are retained and left behind); pass --split"));
}

#[test]
fn destroying_a_split_stack_lists_what_its_nested_stacks_retain() {
    let Some(moto) = Moto::start() else { return };
    // Layer 0 only (see above): a table (retained by default), a queue
    // retained by choice and one that is not.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stack.lf"),
        "stack kept {}\n\nqueue jobs {}\nqueue audit { removal = retain }\ntable orders { key = { order_id = string } }\n",
    )
    .unwrap();
    let run = |args: &[&str]| lfc_in(dir.path(), Some(&moto.url), args);
    report(&run(&["bootstrap", "--format", "json"]), 0);
    let first = report(&run(&["deploy", "stack.lf", "--split", "--yes", "--format", "json"]), 0);
    assert_eq!(first["status"], "CREATE_COMPLETE", "{first}");

    let destroy = report(
        &run(&["destroy", "--stack-name", "kept", "--yes", "--format", "json"]),
        0,
    );
    assert_eq!(destroy["status"], "DELETE_COMPLETE", "{destroy}");
    let retained: Vec<(&str, &str)> = destroy["retained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["logical_id"].as_str().unwrap(), r["resource_type"].as_str().unwrap()))
        .collect();
    let mut sorted = retained.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            ("AuditQueue", "AWS::SQS::Queue"),
            ("OrdersTable", "AWS::DynamoDB::Table")
        ],
        "{destroy}"
    );
    // Each names the nested stack that holds it, one the deploy created.
    let created = logical_ids(&first["changes"]);
    for r in destroy["retained"].as_array().unwrap() {
        let stack = r["stack"].as_str().unwrap_or_else(|| panic!("{r}"));
        assert!(
            stack.starts_with("Layer0Part") && created.contains(&stack),
            "{r} in {created:?}"
        );
    }
}
