//! Production operations (issue 12): secrets and parameters in `env`, and
//! the warning for secret-looking literals. Each test compiles a small
//! stack and asserts the exact CloudFormation it produces.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lfc::diagnostics::Severity;
use lfc::model::{Expr, Secret, SecretStore};
use serde_json::{json, Value};

use crate::common::{self, codes, compile_text};

const FN: &str = "runtime = python3.13\n  handler = \"index.handler\"\n  code = inline \"\"\"\n    def handler(e, c):\n        return e\n    \"\"\"";

fn template(src: &str) -> Value {
    let out = compile_text(src);
    assert!(out.diagnostics.is_empty(), "{}", common::render(&out));
    out.template.unwrap().to_json()
}

/// The statements of the role's inline policy.
fn statements(t: &Value, role: &str) -> Vec<Value> {
    t["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone()
}

// ------------------------------------------------------------------ secrets

#[test]
fn a_secret_gives_its_name_and_read_access_to_exactly_that_secret() {
    let t = template(&format!(
        "function f {{\n  {FN}\n  env {{ DB_PASSWORD = secret(\"prod/db\") }}\n}}"
    ));
    assert_eq!(
        t["Resources"]["FFunction"]["Properties"]["Environment"]["Variables"]["DB_PASSWORD"],
        "prod/db"
    );
    let s = statements(&t, "FRole");
    assert_eq!(
        s[1],
        json!({
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-??????"}]
        })
    );
    assert_eq!(s.len(), 2, "{s:?}");
}

#[test]
fn a_parameter_gives_its_path_and_get_parameter_on_it() {
    let t = template(&format!(
        "function f {{\n  {FN}\n  env {{ DB_HOST = parameter(\"/prod/db/host\") }}\n}}"
    ));
    assert_eq!(
        t["Resources"]["FFunction"]["Properties"]["Environment"]["Variables"]["DB_HOST"],
        "/prod/db/host"
    );
    assert_eq!(
        statements(&t, "FRole")[1],
        json!({
            "Effect": "Allow",
            "Action": ["ssm:GetParameter"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prod/db/host"}]
        })
    );
}

#[test]
fn resolve_writes_a_dynamic_reference_and_grants_nothing() {
    let t = template(&format!(
        "function f {{\n  {FN}\n  env {{\n    TOKEN = resolve(secret(\"partner\"), \"token\")\n    URL = resolve(parameter(\"/svc/url\"))\n  }}\n}}"
    ));
    let vars = &t["Resources"]["FFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(vars["TOKEN"], "{{resolve:secretsmanager:partner:SecretString:token}}");
    assert_eq!(vars["URL"], "{{resolve:ssm:/svc/url}}");
    assert_eq!(statements(&t, "FRole").len(), 1, "only the log statement");
}

#[test]
fn a_literal_password_warns_and_the_secret_form_keeps_it_out_of_the_template() {
    let plain = compile_text(&format!(
        "function f {{\n  {FN}\n  env {{ DB_PASSWORD = \"hunter2\" }}\n}}"
    ));
    assert_eq!(codes(&plain), ["LF0506"]);
    let fixed = template(&format!(
        "function f {{\n  {FN}\n  env {{ DB_PASSWORD = resolve(secret(\"prod/db\"), \"password\") }}\n}}"
    ));
    assert!(!fixed.to_string().contains("hunter2"));
}

/// What CloudFormation's function receives for `secret(…)`/`parameter(…)`:
/// the name or ARN; for `resolve(…)`, a dynamic reference CloudFormation
/// replaces with the value at deploy time.
fn expected_env_value(s: &Secret) -> String {
    let name = &s.name.value;
    match (&s.resolve, s.store) {
        (None, _) => name.clone(),
        (Some(r), SecretStore::SecretsManager) => match &r.json_key {
            Some(k) => format!("{{{{resolve:secretsmanager:{name}:SecretString:{}}}}}", k.value),
            None => format!("{{{{resolve:secretsmanager:{name}}}}}"),
        },
        (Some(_), SecretStore::Parameter) => format!("{{{{resolve:ssm:{name}}}}}"),
    }
}

#[test]
fn every_secret_reaches_the_template_as_its_name_or_a_dynamic_reference() {
    // The fixture writes each form; `${var.stage}` is filled in.
    let path = common::root().join("tests/fixtures/valid/secrets_and_parameters.lf");
    let t = common::compile_path(&path).template.unwrap().to_json();
    assert_eq!(
        t["Resources"]["BackendFunction"]["Properties"]["Environment"]["Variables"],
        json!({
            "API_TOKEN": "{{resolve:secretsmanager:prod/partner:SecretString:token}}",
            "DATABASE_HOST": "/prod/db/host",
            "DB_PASSWORD": "prod/db",
            "FEATURE_FLAGS": "flags",
            "SERVICE_URL": "{{resolve:ssm:/prod/service/url}}",
            "SIGNING_KEY": "arn:aws:secretsmanager:us-east-1:123456789012:secret:signing-AbCdEf"
        })
    );
    // Every example and valid fixture: each secret of the model is emitted
    // as such, and none warns of a secret in plain text (LF0506).
    let (mut names, mut references) = (0, 0);
    for path in common::emitting_inputs() {
        let out = common::compile_path(&path);
        assert!(
            !codes(&out).contains(&"LF0506"),
            "{}: {}",
            path.display(),
            common::render(&out)
        );
        let t = out.template.as_ref().unwrap();
        for (name, f) in out.stack.functions() {
            let source = format!("#function.{name}");
            let lambda = t
                .resources
                .values()
                .find(|r| r.kind == "AWS::Lambda::Function" && r.source.ends_with(&source))
                .unwrap();
            for (key, v) in &f.env {
                let Expr::Secret(s) = &v.value else { continue };
                let emitted = &lambda.properties["Environment"]["Variables"][key.as_str()];
                assert_eq!(
                    emitted,
                    &json!(expected_env_value(s)),
                    "{}: {name}.{key}",
                    path.display()
                );
                if s.resolve.is_some() {
                    references += 1;
                } else {
                    names += 1;
                }
            }
        }
    }
    assert!(names >= 6 && references >= 2, "{names} names, {references} references");
}

#[test]
fn lf0506_warns_on_each_literal_under_a_secret_looking_key_and_on_nothing_else() {
    let path = common::root().join("tests/fixtures/diagnostics/LF0506_password_in_plain_text.lf");
    let out = common::compile_path(&path);
    let warned: Vec<(&str, &str)> = out
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.code.as_str() == "LF0506")
        .map(|d| {
            let span = d.span.unwrap();
            let key = d.message.split('`').nth(1).unwrap();
            (key, out.sources.get(span.file).slice(span))
        })
        .collect();
    // Not the secret's ARN, not `secret(…)`.
    assert_eq!(
        warned,
        [("DB_PASSWORD", "\"hunter2\""), ("STRIPE_API_KEY", "\"sk_live_123\"")]
    );
    assert!(
        out.diagnostics.iter().all(|d| d.severity == Severity::Warning),
        "{}",
        common::render(&out)
    );
    // A warning: the template is written, and holds the text warned about.
    let t = out.template.unwrap().to_json().to_string();
    assert!(t.contains("hunter2") && t.contains("sk_live_123"));
}

#[test]
fn resolve_takes_a_secret_or_parameter_and_keys_only_for_secrets() {
    for (env, code) in [
        ("X = resolve(\"text\")", "LF0106"),
        ("X = resolve(parameter(\"/a\"), \"k\")", "LF0106"),
        ("X = resolve(resolve(secret(\"a\")))", "LF0106"),
        ("X = secret(\"a\", \"b\")", "LF0106"),
        ("X = vault(\"a\")", "LF0107"),
    ] {
        let out = compile_text(&format!("function f {{\n  {FN}\n  env {{ {env} }}\n}}"));
        assert_eq!(codes(&out), [code], "{env}: {}", common::render(&out));
    }
}

// ------------------------------------------------------------------- alarms

/// A monitored stack: `worker` polls `jobs` (redrive to `failed`) and
/// `projector` reads a table stream; both notify `alerts`.
fn monitored(monitor: &str) -> Value {
    template(&format!(
        "topic alerts {{}}\nqueue failed {{}}\nqueue jobs {{ dead_letter {{ queue = failed }} }}\n\
         table events {{\n  key {{ id = string }}\n  stream = new_image\n}}\n\
         function worker {{\n  {FN}\n  timeout = 20s\n  monitor {{ notify = alerts, {monitor} }}\n  on sqs jobs\n}}\n\
         function projector {{\n  {FN}\n  monitor {{ notify = alerts, {monitor} }}\n  on dynamodb events\n}}"
    ))
}

/// Asserts an alarm's namespace, metric, dimensions, statistic, threshold,
/// comparison and action.
#[allow(clippy::too_many_arguments)]
fn assert_alarm(
    t: &Value,
    id: &str,
    namespace: &str,
    metric: &str,
    dims: Value,
    stat: (&str, &str),
    threshold: u64,
    op: &str,
) {
    let a = &t["Resources"][id];
    assert_eq!(a["Type"], "AWS::CloudWatch::Alarm", "{id}");
    let p = &a["Properties"];
    assert_eq!(p["Namespace"], namespace, "{id}");
    assert_eq!(p["MetricName"], metric, "{id}");
    assert_eq!(p["Dimensions"], dims, "{id}");
    assert_eq!(p[stat.0], stat.1, "{id}");
    assert_eq!(p["Threshold"], threshold, "{id}");
    assert_eq!(p["ComparisonOperator"], op, "{id}");
    assert_eq!(p["AlarmActions"], json!([{"Ref": "AlertsTopic"}]), "{id}");
}

fn function_dims(id: &str) -> Value {
    json!([{"Name": "FunctionName", "Value": {"Ref": id}}])
}

#[test]
fn errors_alarm_counts_errors_of_the_function() {
    let t = monitored("errors = 3");
    let dims = function_dims("WorkerFunction");
    assert_alarm(
        &t,
        "WorkerErrorsAlarm",
        "AWS/Lambda",
        "Errors",
        dims,
        ("Statistic", "Sum"),
        3,
        "GreaterThanOrEqualToThreshold",
    );
    assert_eq!(t["Resources"]["WorkerErrorsAlarm"]["Properties"]["Period"], 300);
}

#[test]
fn throttles_alarm_counts_throttles() {
    let t = monitored("throttles = 2");
    let dims = function_dims("ProjectorFunction");
    assert_alarm(
        &t,
        "ProjectorThrottlesAlarm",
        "AWS/Lambda",
        "Throttles",
        dims,
        ("Statistic", "Sum"),
        2,
        "GreaterThanOrEqualToThreshold",
    );
}

#[test]
fn duration_alarm_watches_p99_against_the_timeout() {
    // 80% (the default) of a 20 s timeout, in milliseconds.
    let t = monitored("period = 1min");
    let dims = function_dims("WorkerFunction");
    assert_alarm(
        &t,
        "WorkerDurationAlarm",
        "AWS/Lambda",
        "Duration",
        dims,
        ("ExtendedStatistic", "p99"),
        16_000,
        "GreaterThanThreshold",
    );
    assert_eq!(t["Resources"]["WorkerDurationAlarm"]["Properties"]["Period"], 60);
}

#[test]
fn iterator_age_alarm_only_for_stream_consumers() {
    let t = monitored("iterator_age = 2min");
    let dims = function_dims("ProjectorFunction");
    assert_alarm(
        &t,
        "ProjectorIteratorAgeAlarm",
        "AWS/Lambda",
        "IteratorAge",
        dims,
        ("Statistic", "Maximum"),
        120_000,
        "GreaterThanThreshold",
    );
    assert!(t["Resources"].get("WorkerIteratorAgeAlarm").is_none());
}

#[test]
fn dead_letter_alarm_watches_the_redrive_queue_of_a_polled_queue() {
    let t = monitored("dead_letter = 1");
    let dims = json!([{"Name": "QueueName", "Value": {"Fn::GetAtt": ["FailedQueue", "QueueName"]}}]);
    assert_alarm(
        &t,
        "FailedDeadLetterAlarm",
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        dims,
        ("Statistic", "Maximum"),
        1,
        "GreaterThanOrEqualToThreshold",
    );
    assert!(t["Resources"].get("JobsDeadLetterAlarm").is_none());
}

#[test]
fn error_rate_alarm_divides_errors_by_invocations() {
    let t = monitored("error_rate = 5");
    let p = &t["Resources"]["WorkerErrorRateAlarm"]["Properties"];
    assert_eq!(p["Threshold"], 5);
    assert_eq!(p["ComparisonOperator"], "GreaterThanThreshold");
    assert_eq!(p["AlarmActions"], json!([{"Ref": "AlertsTopic"}]));
    let metrics = p["Metrics"].as_array().unwrap();
    assert_eq!(metrics[0]["MetricStat"]["Metric"]["MetricName"], "Errors");
    assert_eq!(metrics[1]["MetricStat"]["Metric"]["MetricName"], "Invocations");
    assert_eq!(metrics[0]["MetricStat"]["Metric"]["Namespace"], "AWS/Lambda");
    assert_eq!(
        metrics[0]["MetricStat"]["Metric"]["Dimensions"],
        function_dims("WorkerFunction")
    );
    assert_eq!(metrics[2]["Expression"], "100 * errors / MAX([errors, invocations])");
    assert_eq!(metrics[2]["ReturnData"], true);
}

#[test]
fn false_switches_an_alarm_off_and_defaults_merge_key_by_key() {
    let t = template(&format!(
        "stack s {{ defaults {{ monitor {{ notify = alerts, throttles = false }} }} }}\ntopic alerts {{}}\n\
         function f {{\n  {FN}\n  monitor {{ errors = 4 }}\n}}"
    ));
    let r = &t["Resources"];
    assert!(r.get("FThrottlesAlarm").is_none());
    assert_eq!(r["FErrorsAlarm"]["Properties"]["Threshold"], 4);
    assert_eq!(
        r["FErrorsAlarm"]["Properties"]["AlarmActions"],
        json!([{"Ref": "AlertsTopic"}])
    );
    assert!(r.get("FDurationAlarm").is_some());
}

#[test]
fn the_dashboard_has_a_row_of_five_widgets_per_function() {
    let t = template(&format!(
        "stack s {{ dashboard = true }}\nfunction a {{\n  {FN}\n}}\nfunction b {{\n  {FN}\n}}"
    ));
    let body = t["Resources"]["StackDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
        .as_str()
        .unwrap();
    let body: Value = serde_json::from_str(body).unwrap();
    let widgets = body["widgets"].as_array().unwrap();
    assert_eq!(widgets.len(), 10);
    let metrics: Vec<&str> = widgets[..5]
        .iter()
        .map(|w| w["properties"]["metrics"][0][1].as_str().unwrap())
        .collect();
    assert_eq!(
        metrics,
        ["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"]
    );
    assert_eq!(widgets[5]["properties"]["metrics"][0][3], "${BFunction}");
    assert_eq!(widgets[5]["y"], 6);
}

// ----------------------------------------------------------------- insights

/// The logical ID of `f`'s published version with `props` added.
fn version_id(props: &str) -> String {
    let t = template(&format!(
        "topic alerts {{}}\nfunction f {{\n  {FN}\n  snapstart = true\n  {props}\n}}"
    ));
    let resources = t["Resources"].as_object().unwrap();
    resources.keys().find(|k| k.starts_with("FVersion")).unwrap().clone()
}

#[test]
fn insights_publishes_a_new_version_and_alarms_do_not() {
    let base = version_id("");
    assert_ne!(version_id("insights = true"), base);
    assert_eq!(version_id("monitor { notify = alerts }"), base);
}

#[test]
fn insights_adds_the_mapped_layer_and_one_scoped_statement() {
    let t = template(&format!(
        "function f {{\n  {FN}\n  architecture = arm64\n  insights = true\n}}"
    ));
    assert_eq!(
        t["Resources"]["FFunction"]["Properties"]["Layers"],
        json!([{"Fn::FindInMap": ["LambdaInsights", {"Ref": "AWS::Region"}, "arm64"]}])
    );
    assert_eq!(
        t["Mappings"]["LambdaInsights"]["us-east-1"],
        json!({
            "x86": "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38",
            "arm64": "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:5"
        })
    );
    assert_eq!(
        statements(&t, "FRole")[1],
        json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda-insights:*"}]
        })
    );
}

#[test]
fn without_insights_there_is_no_mapping() {
    let t = template(&format!("function f {{\n  {FN}\n  insights = false\n}}"));
    assert!(t.get("Mappings").is_none());
    assert!(t["Resources"]["FFunction"]["Properties"].get("Layers").is_none());
}

#[test]
fn an_image_function_cannot_take_the_insights_layer() {
    let out = compile_text(
        "function f {\n  image = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/f:1\"\n  insights = true\n}",
    );
    assert_eq!(codes(&out), ["LF0308"]);
}

// ------------------------------------------------------------ authorization

#[test]
fn the_api_default_and_route_overrides_set_each_route_authorization() {
    let t = template(&format!(
        "api shop {{ auth = iam }}\nfunction f {{\n  {FN}\n  on http \"GET /a\"\n  on http \"GET /b\" {{ auth = none }}\n}}"
    ));
    let r = &t["Resources"];
    assert_eq!(r["FHttp1Route"]["Properties"]["AuthorizationType"], "AWS_IAM");
    assert!(r["FHttp2Route"]["Properties"].get("AuthorizationType").is_none());
    assert!(r.as_object().unwrap().keys().all(|k| !k.ends_with("Authorizer")));
}

#[test]
fn a_jwt_api_gets_one_authorizer_that_every_route_names() {
    let t = template(&format!(
        "api shop {{ auth {{ jwt {{ issuer = \"https://id.example.com\", audience = [\"app\"] }} }} }}\n\
         function f {{\n  {FN}\n  on http \"GET /a\"\n  on http \"GET /b\"\n}}"
    ));
    let r = &t["Resources"];
    assert_eq!(
        r["ShopAuthorizer"]["Properties"]["JwtConfiguration"],
        json!({"Issuer": "https://id.example.com", "Audience": ["app"]})
    );
    for route in ["FHttp1Route", "FHttp2Route"] {
        assert_eq!(r[route]["Properties"]["AuthorizationType"], "JWT");
        assert_eq!(r[route]["Properties"]["AuthorizerId"], json!({"Ref": "ShopAuthorizer"}));
    }
}

#[test]
fn a_lambda_authorizer_caches_and_may_be_invoked_by_the_api_only() {
    let t = template(&format!(
        "api shop {{ auth {{ lambda {{ function = gate, cache = 10min }} }} }}\n\
         function gate {{\n  {FN}\n}}\nfunction f {{\n  {FN}\n  on http \"GET /a\"\n}}"
    ));
    let r = &t["Resources"];
    let a = &r["ShopAuthorizer"]["Properties"];
    assert_eq!(a["AuthorizerType"], "REQUEST");
    assert_eq!(a["AuthorizerResultTtlInSeconds"], 600);
    assert_eq!(a["IdentitySource"], json!(["$request.header.Authorization"]));
    let p = &r["ShopAuthorizerPermission"]["Properties"];
    assert_eq!(p["Principal"], "apigateway.amazonaws.com");
    assert_eq!(p["FunctionName"], json!({"Fn::GetAtt": ["GateFunction", "Arn"]}));
    assert_eq!(
        p["SourceArn"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ShopApi}/authorizers/${ShopAuthorizer}"})
    );
    assert_eq!(r["FHttpRoute"]["Properties"]["AuthorizationType"], "CUSTOM");
}

#[test]
fn open_routes_warn_until_auth_is_written_somewhere() {
    let open = compile_text(&format!("function f {{\n  {FN}\n  on http \"GET /a\"\n}}"));
    assert_eq!(codes(&open), ["LF0507"]);
    assert!(common::render(&open).contains("GET /a → f"));
    let public = compile_text(&format!(
        "function f {{\n  {FN}\n  on http \"GET /a\" {{ auth = none }}\n}}"
    ));
    assert!(public.diagnostics.is_empty(), "{}", common::render(&public));
}

#[test]
fn dead_letter_and_failure_destination_queues_get_one_alarm_each() {
    let t = template(&format!(
        "topic alerts {{}}\nqueue dlq {{}}\nqueue failed {{}}\n\
         function a {{\n  {FN}\n  dead_letter = dlq\n  async {{ on_failure = failed }}\n  monitor {{ notify = alerts }}\n}}\n\
         function b {{\n  {FN}\n  dead_letter = dlq\n  monitor {{ notify = alerts }}\n}}"
    ));
    let r = t["Resources"].as_object().unwrap();
    let alarms: Vec<&String> = r.keys().filter(|k| k.ends_with("DeadLetterAlarm")).collect();
    assert_eq!(alarms, ["DlqDeadLetterAlarm", "FailedDeadLetterAlarm"]);
    assert_eq!(
        r["DlqDeadLetterAlarm"]["Metadata"]["lfc:source"],
        "stack.lf#function.a.monitor"
    );
}

#[test]
fn formatting_keeps_calls_as_written() {
    let src = "function f {\n  env {\n    A = secret(\"x\")\n    BB = resolve( secret(\"y\"), \"k\" )\n  }\n}\n";
    let out = lfc::fmt::format_source(src).unwrap();
    assert!(out.contains("A  = secret(\"x\")"), "{out}");
    assert!(out.contains("BB = resolve( secret(\"y\"), \"k\" )"), "{out}");
    assert_eq!(lfc::fmt::format_source(&out).unwrap(), out);
}

#[test]
fn rest_methods_take_auth_and_open_rest_routes_warn() {
    let t = template(&format!(
        "api partners {{\n  kind = rest\n  auth = iam\n}}\nfunction f {{\n  {FN}\n  on http \"GET /a\" {{ api = partners }}\n  on http \"GET /b\" {{ api = partners, auth = none }}\n}}"
    ));
    let r = &t["Resources"];
    assert_eq!(r["FHttp1Method"]["Properties"]["AuthorizationType"], "AWS_IAM");
    assert_eq!(r["FHttp2Method"]["Properties"]["AuthorizationType"], "NONE");
    // A REST api without keys and without `auth` is as open as an HTTP api.
    let open = compile_text(&format!(
        "api partners {{ kind = rest }}\nfunction f {{\n  {FN}\n  on http \"GET /a\" {{ api = partners }}\n}}"
    ));
    assert_eq!(codes(&open), ["LF0507"], "{}", common::render(&open));
    // Changing a method's authorization deploys the api anew.
    let deployment = |auth: &str| {
        let t = template(&format!(
            "api partners {{\n  kind = rest\n  {auth}\n}}\nfunction f {{\n  {FN}\n  on http \"GET /a\" {{ api = partners }}\n}}"
        ));
        let ids: Vec<String> = t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.contains("Deployment"))
            .cloned()
            .collect();
        ids
    };
    assert_ne!(deployment("auth = iam"), deployment("auth = none"));
}

#[test]
fn a_route_adds_scopes_to_the_api_jwt_authorizer() {
    let t = template(&format!(
        "api shop {{ auth {{ jwt {{ issuer = \"https://id.example.com\", audience = [\"app\"] }} }} }}\n\
         function f {{\n  {FN}\n  on http \"POST /a\" {{ auth {{ jwt {{ scopes = [\"a:write\"] }} }} }}\n}}"
    ));
    let p = &t["Resources"]["FHttpRoute"]["Properties"];
    assert_eq!(p["AuthorizerId"], json!({"Ref": "ShopAuthorizer"}));
    assert_eq!(p["AuthorizationScopes"], json!(["a:write"]));
    assert!(t["Resources"].get("FHttpAuthorizer").is_none());
    let orphan = compile_text(&format!(
        "api shop {{ auth = iam }}\nfunction f {{\n  {FN}\n  on http \"POST /a\" {{ auth {{ jwt {{ scopes = [\"a\"] }} }} }}\n}}"
    ));
    assert_eq!(codes(&orphan), ["LF0508"]);
}
