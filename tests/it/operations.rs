//! Production operations (issue 12): secrets and parameters in `env`, and
//! the warning for secret-looking literals. Each test compiles a small
//! stack and asserts the exact CloudFormation it produces.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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

#[test]
fn no_emitted_template_holds_a_secret_looking_literal() {
    // Every example and valid fixture compiles without LF0506, so no
    // template the suite emits carries a password, token or key as text.
    for path in common::emitting_inputs() {
        let out = common::compile_path(&path);
        assert!(
            !codes(&out).contains(&"LF0506"),
            "{}: {}",
            path.display(),
            common::render(&out)
        );
    }
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
