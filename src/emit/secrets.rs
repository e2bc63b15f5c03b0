//! Secrets and parameters in `env` (docs/language.md §5.2): the value the
//! function receives — the name or ARN, or a dynamic reference for the
//! `resolve(…)` form — and the one read statement on exactly that secret.
//!
//! Must not: validate names (that is `check`) or ever hold a secret's value:
//! lfc writes names and `{{resolve:…}}` references only.

use serde_json::{json, Value};

use super::cfn::sub;
use super::iam::Statement;
use crate::model::{Expr, Function, Secret, SecretStore};

/// The environment value for a secret.
pub(super) fn env_value(s: &Secret) -> Value {
    let name = &s.name.value;
    match (&s.resolve, s.store) {
        (None, _) => json!(name),
        (Some(r), SecretStore::SecretsManager) => match &r.json_key {
            Some(k) => json!(format!(
                "{{{{resolve:secretsmanager:{name}:SecretString:{}}}}}",
                k.value
            )),
            None => json!(format!("{{{{resolve:secretsmanager:{name}}}}}")),
        },
        (Some(_), SecretStore::Parameter) => json!(format!("{{{{resolve:ssm:{name}}}}}")),
    }
}

/// The ARN an IAM statement names for a secret. A name becomes the ARN in
/// the stack's account and region; Secrets Manager appends `-` and six
/// random characters to a secret's ARN, matched by `-??????`.
fn resource_arn(s: &Secret) -> Value {
    if s.is_arn() {
        return json!(s.name.value);
    }
    let name = s.name.value.replace("${", "${!");
    match s.store {
        SecretStore::SecretsManager => sub(&format!(
            "arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{name}-??????"
        )),
        SecretStore::Parameter => sub(&format!(
            "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{}",
            name.trim_start_matches('/')
        )),
    }
}

/// The secrets a function reads at run time (not the `resolve` ones,
/// which CloudFormation reads), each once, in env-key order.
pub(super) fn read_statements(f: &Function) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for v in f.env.values() {
        let Expr::Secret(s) = &v.value else { continue };
        if s.resolve.is_some() {
            continue;
        }
        let st = Statement::new(&[s.store.read_action()], vec![resource_arn(s)]);
        if !out.contains(&st) {
            out.push(st);
        }
    }
    out
}
