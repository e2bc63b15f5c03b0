//! Reading IAM out of emitted templates: a small evaluator that resolves
//! intrinsic functions against a fake account, so policies can be compared
//! as plain (action, resource) pairs and fed to parliament.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

/// Account, region and stack the evaluator pretends to deploy into.
pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
pub const STACK_UUID: &str = "1a2b3c4d-0000-4000-8000-000000000000";
pub const STREAM_LABEL: &str = "2026-01-01T00-00-00.000";

fn resource_type<'a>(template: &'a Value, id: &str) -> &'a str {
    template["Resources"][id]["Type"].as_str().unwrap_or("")
}

fn ref_value(template: &Value, id: &str) -> String {
    match id {
        "AWS::Partition" => "aws".into(),
        "AWS::Region" => REGION.into(),
        "AWS::AccountId" => ACCOUNT.into(),
        "AWS::StackName" => "teststack".into(),
        "AWS::URLSuffix" => "amazonaws.com".into(),
        "AWS::StackId" => format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/teststack/{STACK_UUID}"),
        _ => match resource_type(template, id) {
            "AWS::SQS::Queue" => format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{id}"),
            "AWS::SNS::Topic" => format!("arn:aws:sns:{REGION}:{ACCOUNT}:{id}"),
            "AWS::StepFunctions::StateMachine" => format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{id}"),
            "AWS::Lambda::LayerVersion" => format!("arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{id}:1"),
            "AWS::Lambda::Alias" => format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{id}:live"),
            "AWS::S3::Bucket" => id.to_lowercase(),
            _ => id.to_string(),
        },
    }
}

fn get_att(template: &Value, id: &str, attr: &str) -> String {
    let ty = resource_type(template, id);
    match (ty, attr) {
        ("AWS::SQS::Queue", "Arn") => format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{id}"),
        ("AWS::Lambda::Function", "Arn") => format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{id}"),
        ("AWS::Logs::LogGroup", "Arn") => format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{id}:*"),
        ("AWS::DynamoDB::Table", "Arn") => format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{id}"),
        // Real stream labels are timestamps with colons, which parliament's
        // ARN matcher splits on; the fake label keeps the shape without them.
        ("AWS::DynamoDB::Table", "StreamArn") => {
            format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{id}/stream/{STREAM_LABEL}")
        }
        ("AWS::Kinesis::Stream", "Arn") => format!("arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{id}"),
        ("AWS::IAM::Role", "Arn") => format!("arn:aws:iam::{ACCOUNT}:role/{id}"),
        ("AWS::S3::Bucket", "Arn") => format!("arn:aws:s3:::{}", id.to_lowercase()),
        ("AWS::Events::Rule", "Arn") => format!("arn:aws:events:{REGION}:{ACCOUNT}:rule/{id}"),
        _ => format!("{id}.{attr}"),
    }
}

fn substitute(template: &Value, text: &str, vars: &Map<String, Value>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let j = after.find('}').expect("closed ${");
        let name = &after[..j];
        if let Some(lit) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(lit);
            out.push('}');
        } else if let Some(v) = vars.get(name) {
            out.push_str(&eval(template, v));
        } else if let Some((id, attr)) = name.split_once('.') {
            out.push_str(&get_att(template, id, attr));
        } else {
            out.push_str(&ref_value(template, name));
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

/// The string a CloudFormation value resolves to in the fake account.
pub fn eval(template: &Value, v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                return ref_value(template, id);
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                return get_att(template, a[0].as_str().unwrap(), a[1].as_str().unwrap());
            }
            if let Some(sub) = m.get("Fn::Sub") {
                return match sub {
                    Value::String(s) => substitute(template, s, &Map::new()),
                    Value::Array(a) => substitute(template, a[0].as_str().unwrap(), a[1].as_object().unwrap()),
                    _ => panic!("bad Fn::Sub"),
                };
            }
            if let Some(Value::Array(a)) = m.get("Fn::Join") {
                let parts: Vec<String> = a[1].as_array().unwrap().iter().map(|x| eval(template, x)).collect();
                return parts.join(a[0].as_str().unwrap());
            }
            if let Some(Value::Array(a)) = m.get("Fn::Select") {
                let list = eval_list(template, &a[1]);
                return list[a[0].as_u64().unwrap() as usize].clone();
            }
            panic!("cannot evaluate {v}")
        }
        other => other.to_string(),
    }
}

fn eval_list(template: &Value, v: &Value) -> Vec<String> {
    if let Some(Value::Array(a)) = v.get("Fn::Split") {
        let text = eval(template, &a[1]);
        return text.split(a[0].as_str().unwrap()).map(str::to_string).collect();
    }
    v.as_array().unwrap().iter().map(|x| eval(template, x)).collect()
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// A policy document with every intrinsic resolved.
pub fn resolve_document(template: &Value, doc: &Value) -> Value {
    let statements: Vec<Value> = as_list(&doc["Statement"])
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s["Resource"] = Value::Array(
                as_list(&s["Resource"])
                    .iter()
                    .map(|r| json!(eval(template, r)))
                    .collect(),
            );
            s
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// Every permission policy in the template: (owning role ID, resolved document).
pub fn policies(template: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (id, r) in template["Resources"].as_object().unwrap() {
        match r["Type"].as_str().unwrap() {
            "AWS::IAM::Role" => {
                for p in r["Properties"]["Policies"].as_array().cloned().unwrap_or_default() {
                    out.push((id.clone(), resolve_document(template, &p["PolicyDocument"])));
                }
            }
            "AWS::IAM::Policy" => {
                for role in r["Properties"]["Roles"].as_array().unwrap() {
                    let role_id = role["Ref"].as_str().unwrap().to_string();
                    out.push((role_id, resolve_document(template, &r["Properties"]["PolicyDocument"])));
                }
            }
            _ => {}
        }
    }
    out
}

/// The (action, resource) pairs a role is granted, conditions noted after the resource.
pub fn grants_of(template: &Value, role: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (owner, doc) in policies(template) {
        if owner != role {
            continue;
        }
        for s in as_list(&doc["Statement"]) {
            assert_eq!(s["Effect"], "Allow");
            let cond = s.get("Condition").map(|c| format!(" if {c}")).unwrap_or_default();
            for a in as_list(&s["Action"]) {
                for r in as_list(&s["Resource"]) {
                    out.insert((
                        a.as_str().unwrap().to_string(),
                        format!("{}{cond}", r.as_str().unwrap()),
                    ));
                }
            }
        }
    }
    out
}

/// The service a role trusts.
pub fn trusted_service(template: &Value, role: &str) -> String {
    template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every queue and topic policy in the template: (policy ID, resolved
/// statements as (principal service, action, resource, source ARN)).
pub fn resource_policies(template: &Value) -> BTreeMap<String, BTreeSet<(String, String, String, String)>> {
    let mut out = BTreeMap::new();
    for (id, r) in template["Resources"].as_object().unwrap() {
        if !["AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"].contains(&r["Type"].as_str().unwrap()) {
            continue;
        }
        let mut set = BTreeSet::new();
        for s in as_list(&r["Properties"]["PolicyDocument"]["Statement"]) {
            assert_eq!(s["Effect"], "Allow");
            let conditions = s["Condition"].as_object().unwrap();
            assert_eq!(conditions.len(), 1, "{id}: one condition");
            let source = eval(template, &s["Condition"]["ArnEquals"]["aws:SourceArn"]);
            set.insert((
                s["Principal"]["Service"].as_str().unwrap().to_string(),
                s["Action"].as_str().unwrap().to_string(),
                eval(template, &s["Resource"]),
                source,
            ));
        }
        out.insert(id.clone(), set);
    }
    out
}
