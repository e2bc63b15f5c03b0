//! IAM documents: statements, roles and separate policies (which
//! statements a role holds is `policy`'s concern).
//!
//! Must not: validate (wildcards are reported by `check`) or know about
//! declarations.

use serde_json::{json, Map, Value};

use super::cfn::Resource;
use crate::data::grants::Scope;

/// One `Allow` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Actions.
    pub actions: Vec<String>,
    /// Resources.
    pub resources: Vec<Value>,
    /// Condition block.
    pub condition: Option<Value>,
    /// True when it must live in a separate policy (it points at a function).
    pub separate: bool,
}

impl Statement {
    /// A statement allowing `actions` on `resources`.
    pub fn new(actions: &[&str], resources: Vec<Value>) -> Self {
        Statement {
            actions: actions.iter().map(|a| (*a).to_string()).collect(),
            resources,
            condition: None,
            separate: false,
        }
    }

    /// The statement as policy JSON.
    pub fn to_json(&self) -> Value {
        // Built directly: `json!` would serialise the lists into new values.
        let mut s = Map::with_capacity(if self.condition.is_some() { 4 } else { 3 });
        s.insert("Effect".into(), Value::String("Allow".into()));
        let actions = self.actions.iter().map(|a| Value::String(a.clone())).collect();
        s.insert("Action".into(), Value::Array(actions));
        s.insert("Resource".into(), Value::Array(self.resources.clone()));
        if let Some(c) = &self.condition {
            s.insert("Condition".into(), c.clone());
        }
        Value::Object(s)
    }

    /// A one-line summary for messages: `s3:GetObject on uploads`.
    pub fn summary(&self) -> String {
        let res: Vec<String> = self.resources.iter().map(describe_value).collect();
        format!("{} on {}", self.actions.join(", "), res.join(", "))
    }
}

/// A CloudFormation value as a reader would name it: `Id`, `Id.Arn`, or the `Fn::Sub` text.
fn describe_value(v: &Value) -> String {
    if let Some(s) = v.as_str() {
        return s.to_string();
    }
    if let Some(r) = v.get("Ref").and_then(Value::as_str) {
        return r.to_string();
    }
    if let Some(ga) = v.get("Fn::GetAtt").and_then(Value::as_array) {
        let parts: Vec<&str> = ga.iter().filter_map(Value::as_str).collect();
        return parts.join(".");
    }
    match v.get("Fn::Sub") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).unwrap_or_default().to_string(),
        _ => v.to_string(),
    }
}

/// Actions of one grant scope applied to a resource ARN expression.
pub fn scoped(scope: Scope, actions: &[&str], arn: &Value, pattern: Option<&str>) -> Statement {
    match scope {
        Scope::Resource => Statement::new(actions, vec![arn.clone()]),
        Scope::TableAndIndexes => Statement::new(actions, vec![arn.clone(), join(arn, "/index/*")]),
        Scope::Objects => Statement::new(actions, vec![join(arn, &format!("/{}", pattern.unwrap_or("*")))]),
        Scope::BucketList => {
            let mut s = Statement::new(actions, vec![arn.clone()]);
            if let Some(p) = pattern {
                s.condition = Some(json!({ "StringLike": { "s3:prefix": [p] } }));
            }
            s
        }
    }
}

/// `arn` followed by literal text, kept in the simplest form: text appended
/// to a `Fn::Sub` string, `${Id.Arn}` for a `GetAtt`, else `Fn::Join`.
fn join(arn: &Value, suffix: &str) -> Value {
    let suffix_text = suffix.replace("${", "${!");
    match arn {
        Value::String(s) => json!(format!("{s}{suffix}")),
        Value::Object(m) => match (m.get("Fn::Sub"), m.get("Fn::GetAtt")) {
            (Some(Value::String(s)), _) => json!({ "Fn::Sub": format!("{s}{suffix_text}") }),
            (Some(Value::Array(a)), _) if a.len() == 2 => {
                let text = a[0].as_str().unwrap_or_default();
                json!({ "Fn::Sub": [format!("{text}{suffix_text}"), a[1]] })
            }
            (_, Some(Value::Array(ga))) if ga.len() == 2 => {
                json!({ "Fn::Sub": format!("${{{}.{}}}{suffix_text}", ga[0].as_str().unwrap_or_default(), ga[1].as_str().unwrap_or_default()) })
            }
            _ => json!({ "Fn::Join": ["", [arn, suffix]] }),
        },
        _ => json!({ "Fn::Join": ["", [arn, suffix]] }),
    }
}

fn document(statements: &[Statement]) -> Value {
    let statements = Value::Array(statements.iter().map(Statement::to_json).collect());
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// A role trusted by `service`, with `statements` as its inline policy.
pub fn role(service: &str, statements: &[Statement], tags: Option<Value>, base: Resource) -> Resource {
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }],
    });
    let mut r = base.prop("AssumeRolePolicyDocument", trust);
    if !statements.is_empty() {
        r = r.prop(
            "Policies",
            json!([{ "PolicyName": "lfc", "PolicyDocument": document(statements) }]),
        );
    }
    r.prop_opt("Tags", tags)
}

/// A separate `AWS::IAM::Policy` attached to `role_id`.
pub fn policy(name: &str, role_id: &str, statements: &[Statement], base: Resource) -> Resource {
    base.prop("PolicyName", json!(name))
        .prop("PolicyDocument", document(statements))
        .prop("Roles", json!([{ "Ref": role_id }]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_scopes_append_to_the_arn_in_its_simplest_form() {
        let getatt = json!({ "Fn::GetAtt": ["B", "Arn"] });
        let s = scoped(Scope::Objects, &["s3:GetObject"], &getatt, Some("in/*"));
        assert_eq!(s.resources, [json!({ "Fn::Sub": "${B.Arn}/in/*" })]);
        let list = scoped(Scope::BucketList, &["s3:ListBucket"], &getatt, Some("in/*"));
        assert_eq!(list.condition, Some(json!({ "StringLike": { "s3:prefix": ["in/*"] } })));
        let table = scoped(
            Scope::TableAndIndexes,
            &["dynamodb:Query"],
            &json!("arn:aws:dynamodb:r:1:table/t"),
            None,
        );
        assert_eq!(
            table.resources,
            [
                json!("arn:aws:dynamodb:r:1:table/t"),
                json!("arn:aws:dynamodb:r:1:table/t/index/*")
            ]
        );
    }
}
