//! Split stacks (`lfc build --split`, docs/split.md) read as one template:
//! each nested stack of a root is replaced by the resources of its template,
//! with the values that crossed templates put back. A nested template's
//! parameter becomes the value the root passes it, and a root value read
//! from a nested stack's output (`${Layer0Part012.Outputs.QueueArn}`)
//! becomes that output's value, so `Ref QueueArn` in a nested template reads
//! `Fn::GetAtt [Queue, Arn]` again, as in the template before the split.
//! Diffing two flattened templates compares resources across all of them,
//! references (and the replacements they cascade) included; where each
//! resource lives is kept in [`Doc::nested_in`].
//!
//! Must not: read files or fetch templates (the inputs do); compare anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::input::{Body, Doc};
use crate::emit::cfn::sub_variables;

/// How deep values are followed through outputs and parameters (a chain
/// longer than this is left as it is; lfc's split has at most one hop).
const MAX_DEPTH: usize = 16;

/// The file a nested stack's `TemplateURL` names, relative to the root
/// template's folder: `assets/<name>` of lfc's
/// `https://${LfcAssetsBucket}.s3…/assets/<name>` (the layout `lfc build
/// --split -o DIR` writes), or a relative path as written (`nested.yaml`).
/// `None` for other URLs.
pub fn template_path(stack: &Body) -> Option<String> {
    if stack.kind() != "AWS::CloudFormation::Stack" {
        return None;
    }
    let url = stack.properties().get("TemplateURL")?;
    let text = match url.get("Fn::Sub").unwrap_or(url) {
        Value::String(s) => s.as_str(),
        Value::Array(a) => a.first()?.as_str()?,
        _ => return None,
    };
    if let Some(i) = text.rfind("/assets/") {
        return Some(text[i + 1..].to_string());
    }
    (!text.contains("://") && !text.contains("${") && !text.is_empty()).then(|| text.to_string())
}

/// `root` with each stack of `nested` (by logical ID) replaced by its
/// template's resources; root outputs read through to the values nested
/// stacks output.
pub fn flatten(mut root: Doc, nested: BTreeMap<String, Doc>) -> Doc {
    let given: BTreeMap<String, Map<String, Value>> = nested
        .keys()
        .map(|id| {
            let params = root
                .resources
                .get(id)
                .and_then(|r| r.properties().get("Parameters"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            (id.clone(), params)
        })
        .collect();
    let scope = Scope {
        nested: &nested,
        given: &given,
    };
    // Rewritten bodies first (reading every template), then the move.
    let mut rewritten: BTreeMap<(String, String), Value> = BTreeMap::new();
    for (stack, doc) in &nested {
        for (id, body) in &doc.resources {
            if doc.parameters.keys().any(|p| body.may_mention(p)) {
                let v = scope.in_stack(stack, body.value(), 0);
                if &v != body.value() {
                    rewritten.insert((stack.clone(), id.clone()), v);
                }
            }
        }
    }
    for v in root.outputs.values_mut() {
        *v = scope.in_root(v, 0);
    }
    for (stack, doc) in nested {
        root.resources.remove(&stack);
        for (id, body) in doc.resources {
            let body = match rewritten.remove(&(stack.clone(), id.clone())) {
                Some(v) => Body::from_value(v),
                None => body,
            };
            root.nested_in.insert(id.clone(), stack.clone());
            root.resources.insert(id, body);
        }
    }
    root
}

/// The nested templates and the parameters the root passes each.
struct Scope<'a> {
    nested: &'a BTreeMap<String, Doc>,
    given: &'a BTreeMap<String, Map<String, Value>>,
}

impl Scope<'_> {
    /// `v`, a value of nested stack `stack`, with its parameters replaced
    /// by what the root passes.
    fn in_stack(&self, stack: &str, v: &Value, depth: usize) -> Value {
        let param = |name: &str| self.parameter(stack, name, depth);
        rewrite(v, &param, false)
    }

    /// `v`, a value of the root, with nested stacks' outputs replaced by
    /// their values.
    fn in_root(&self, v: &Value, depth: usize) -> Value {
        let output = |name: &str| {
            let (stack, out) = name.split_once(".Outputs.")?;
            self.output(stack, out, depth)
        };
        // lfc writes a root value read from an output as a `Fn::Sub` of that one variable.
        let v = rewrite(v, &output, true);
        // `Fn::GetAtt [Stack, Outputs.N]`, the long form.
        match &v {
            Value::Object(m) if m.len() == 1 => match m.get("Fn::GetAtt").and_then(Value::as_array) {
                Some(a) => match a.as_slice() {
                    [Value::String(s), Value::String(attr)] => attr
                        .strip_prefix("Outputs.")
                        .and_then(|o| self.output(s, o, depth))
                        .unwrap_or(v),
                    _ => v,
                },
                None => v,
            },
            _ => v,
        }
    }

    /// The value the root passes for parameter `name` of `stack`, resolved.
    fn parameter(&self, stack: &str, name: &str, depth: usize) -> Option<Value> {
        let doc = self.nested.get(stack)?;
        let decl = doc.parameters.get(name)?;
        let given = self.given.get(stack)?.get(name)?;
        if depth >= MAX_DEPTH {
            return None;
        }
        let v = self.in_root(given, depth + 1);
        // A list travels joined with `,` into a `CommaDelimitedList`.
        let list = decl.get("Type").and_then(Value::as_str) == Some("CommaDelimitedList");
        let joined = v
            .get("Fn::Join")
            .and_then(Value::as_array)
            .filter(|a| list && a.len() == 2 && a[0] == ",")
            .map(|a| a[1].clone());
        Some(joined.unwrap_or(v))
    }

    /// Output `name` of nested stack `stack`, resolved.
    fn output(&self, stack: &str, name: &str, depth: usize) -> Option<Value> {
        let value = self.nested.get(stack)?.outputs.get(name)?.get("Value")?;
        (depth < MAX_DEPTH).then(|| self.in_stack(stack, value, depth + 1))
    }
}

/// `v` with each `Ref NAME` (and `${NAME}` of a `Fn::Sub`) for which
/// `lookup` has a value replaced by it. In a `Fn::Sub`, a `Ref`/`Fn::GetAtt`
/// value is written into the text (`${X}`, `${X.A}`), any other value bound
/// as a variable; with `unwrap`, a text that is one variable alone becomes
/// the value itself.
fn rewrite(v: &Value, lookup: &dyn Fn(&str) -> Option<Value>, unwrap: bool) -> Value {
    match v {
        Value::Object(m) => {
            if m.len() == 1 {
                if let Some(found) = m.get("Ref").and_then(Value::as_str).and_then(lookup) {
                    return found;
                }
                if let Some(sub) = m.get("Fn::Sub") {
                    if let Some(out) = rewrite_sub(sub, lookup, unwrap) {
                        return out;
                    }
                }
            }
            Value::Object(m.iter().map(|(k, x)| (k.clone(), rewrite(x, lookup, unwrap))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| rewrite(x, lookup, unwrap)).collect()),
        other => other.clone(),
    }
}

/// A `Fn::Sub` (string or `[text, vars]`) rewritten, or `None` when no
/// variable of its text has a value.
fn rewrite_sub(sub: &Value, lookup: &dyn Fn(&str) -> Option<Value>, unwrap: bool) -> Option<Value> {
    let (text, vars) = match sub {
        Value::String(s) => (s.as_str(), Map::new()),
        Value::Array(a) => match a.as_slice() {
            [Value::String(s), Value::Object(vars)] => (s.as_str(), vars.clone()),
            _ => return None,
        },
        _ => return None,
    };
    let mut vars: Map<String, Value> = vars
        .iter()
        .map(|(k, x)| (k.clone(), rewrite(x, lookup, unwrap)))
        .collect();
    let mut text = text.to_string();
    let mut changed = false;
    let names: Vec<String> = sub_variables(&text).into_iter().map(str::to_string).collect();
    for name in names {
        if vars.contains_key(&name) {
            continue;
        }
        let Some(value) = lookup(&name) else { continue };
        changed = true;
        if unwrap && text == format!("${{{name}}}") && vars.is_empty() {
            return Some(value);
        }
        let inline = match (value.get("Ref"), value.get("Fn::GetAtt").and_then(Value::as_array)) {
            (Some(Value::String(id)), _) => Some(id.clone()),
            (_, Some(a)) => match a.as_slice() {
                [Value::String(id), Value::String(attr)] => Some(format!("{id}.{attr}")),
                _ => None,
            },
            _ => None,
        };
        match inline {
            Some(x) => text = text.replace(&format!("${{{name}}}"), &format!("${{{x}}}")),
            None => {
                vars.insert(name, value);
            }
        }
    }
    let original_vars = matches!(sub, Value::Array(_));
    if !changed && !original_vars {
        return None;
    }
    let sub = if vars.is_empty() {
        Value::String(text)
    } else {
        Value::Array(vec![Value::String(text), Value::Object(vars)])
    };
    Some(serde_json::json!({ "Fn::Sub": sub }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(v: Value) -> Doc {
        Doc::from_value(v).unwrap_or_default()
    }

    #[test]
    fn template_paths_follow_lfcs_layout_and_relative_files() {
        let body = |url: Value| {
            Body::from_value(json!({ "Type": "AWS::CloudFormation::Stack", "Properties": { "TemplateURL": url } }))
        };
        let lfc = json!({ "Fn::Sub": "https://${LfcAssetsBucket}.s3.${AWS::Region}.${AWS::URLSuffix}/assets/ab.template.json" });
        assert_eq!(template_path(&body(lfc)).as_deref(), Some("assets/ab.template.json"));
        assert_eq!(
            template_path(&body(json!("nested/x.yaml"))).as_deref(),
            Some("nested/x.yaml")
        );
        assert_eq!(template_path(&body(json!("https://b.s3.amazonaws.com/x.json"))), None);
    }

    #[test]
    fn values_that_crossed_templates_read_as_before_the_split() {
        let root = doc(json!({
            "Parameters": { "Subnets": { "Type": "List<AWS::EC2::Subnet::Id>" } },
            "Resources": {
                "Layer0Part001": { "Type": "AWS::CloudFormation::Stack", "Properties": {
                    "TemplateURL": "assets/a.json" } },
                "Layer1Part002": { "Type": "AWS::CloudFormation::Stack", "Properties": {
                    "TemplateURL": "assets/b.json",
                    "Parameters": {
                        "QArn": { "Fn::Sub": "${Layer0Part001.Outputs.QArn}" },
                        "LfcRootStackName": { "Ref": "AWS::StackName" },
                        "Subnets": { "Fn::Join": [",", { "Ref": "Subnets" }] } } } }
            },
            "Outputs": { "Out": { "Value": { "Fn::Sub": "${Layer1Part002.Outputs.F}" } } }
        }));
        let a = doc(json!({
            "Resources": { "Q": { "Type": "AWS::SQS::Queue" } },
            "Outputs": { "QArn": { "Value": { "Fn::GetAtt": ["Q", "Arn"] } } }
        }));
        let b = doc(json!({
            "Parameters": { "QArn": { "Type": "String" }, "LfcRootStackName": { "Type": "String" },
                            "Subnets": { "Type": "CommaDelimitedList" } },
            "Resources": { "F": { "Type": "AWS::SNS::Topic", "Properties": {
                "A": { "Ref": "QArn" },
                "B": { "Fn::Sub": "${LfcRootStackName}-x" },
                "C": { "Ref": "Subnets" } } } },
            "Outputs": { "F": { "Value": { "Ref": "F" } } }
        }));
        let nested = [("Layer0Part001".to_string(), a), ("Layer1Part002".to_string(), b)].into();
        let flat = flatten(root, nested);
        let ids: Vec<&String> = flat.resources.keys().collect();
        assert_eq!(ids, ["F", "Q"]);
        assert_eq!(flat.nested_in["F"], "Layer1Part002");
        assert_eq!(flat.nested_in["Q"], "Layer0Part001");
        let f = flat.resources["F"].properties();
        assert_eq!(f["A"], json!({ "Fn::GetAtt": ["Q", "Arn"] }));
        assert_eq!(f["B"], json!({ "Fn::Sub": "${AWS::StackName}-x" }));
        assert_eq!(f["C"], json!({ "Ref": "Subnets" }));
        assert_eq!(flat.outputs["Out"], json!({ "Value": { "Ref": "F" } }));
    }
}
