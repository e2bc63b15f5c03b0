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
use crate::emit::rewrite::{rewrite, Replacement, Subs};

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
        let mut v = v.clone();
        rewrite(&mut v, Subs::Tidied, &mut |id, attr| match attr {
            None => self.parameter(stack, id, depth).map(|value| Replacement::of(id, value)),
            Some(_) => None,
        });
        v
    }

    /// `v`, a value of the root, with nested stacks' outputs replaced by
    /// their values: `Fn::GetAtt [Stack, Outputs.N]` and `${Stack.Outputs.N}`
    /// (a `Fn::Sub` of it alone, as lfc writes it, becomes the value).
    fn in_root(&self, v: &Value, depth: usize) -> Value {
        let mut v = v.clone();
        rewrite(&mut v, Subs::Unwrapped, &mut |stack, attr| {
            let out = attr?.strip_prefix("Outputs.")?;
            let value = self.output(stack, out, depth)?;
            Some(Replacement::of(&format!("{stack}.Outputs.{out}"), value))
        });
        v
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
