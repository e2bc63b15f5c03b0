//! Which changes replace a resource, and what a replacement takes with it.
//!
//! A change to a create-only property (from [`crate::data::replacement`])
//! replaces the resource: `always` when the values are known, `conditional`
//! when one side depends on something only known at deploy time (a
//! parameter, a condition, an import, a mapping). A changed `Type` always
//! replaces. Replacement cascades: a resource whose create-only property
//! refers (`Ref`, `Fn::GetAtt`, `Fn::Sub`) to a replaced resource is
//! replaced too; any other property and any output that refers to one
//! changes value.
//!
//! Must not: compare values (see `compare`) or render anything.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::input::Doc;
use super::{Change, EntryChange, PropertyChange, Replacement, ResourceChange};
use crate::data::replacement::CREATE_ONLY;
use crate::emit::cfn::{collect_refs, sub_variables};

/// Types holding data that a replacement or removal loses, with the word a reader uses.
const STATEFUL: [(&str, &str); 5] = [
    ("AWS::DynamoDB::Table", "table"),
    ("AWS::Kinesis::Stream", "stream"),
    ("AWS::Logs::LogGroup", "log group"),
    ("AWS::S3::Bucket", "bucket"),
    ("AWS::SQS::Queue", "queue"),
];

/// (physical name property, create-only properties) of a resource type.
fn create_only(kind: &str) -> (Option<&'static str>, &'static [&'static str]) {
    CREATE_ONLY
        .binary_search_by(|(k, _, _)| (*k).cmp(kind))
        .map_or((None, &[]), |i| (CREATE_ONLY[i].1, CREATE_ONLY[i].2))
}

/// True when a change at `path` touches a create-only property.
fn is_create_only(props: &[&str], path: &str) -> bool {
    let under = |outer: &str, inner: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
    };
    props.iter().any(|p| under(p, path) || under(path, p))
}

/// True when a value depends on something known only at deploy time.
fn deploy_time(v: &Value, params: &BTreeMap<String, Value>) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            let unknown = match k.as_str() {
                "Ref" => x.as_str().is_some_and(|r| is_deploy_time_name(r, params)),
                "Fn::Sub" => {
                    let text = x.as_str().or_else(|| x.get(0).and_then(Value::as_str)).unwrap_or("");
                    sub_variables(text).iter().any(|v| is_deploy_time_name(v, params))
                }
                "Fn::If" | "Fn::ImportValue" | "Fn::FindInMap" | "Fn::GetAZs" => true,
                _ => false,
            };
            unknown || deploy_time(x, params)
        }),
        Value::Array(a) => a.iter().any(|x| deploy_time(x, params)),
        _ => false,
    }
}

/// A parameter or a pseudo parameter (`AWS::Region`).
fn is_deploy_time_name(name: &str, params: &BTreeMap<String, Value>) -> bool {
    params.contains_key(name) || name.starts_with("AWS::")
}

/// Sets the replacement of each property change and resource.
fn assess(base: &Doc, head: &Doc, r: &mut ResourceChange) {
    let (_, props) = create_only(&r.kind);
    for p in &mut r.properties {
        if p.replacement != Replacement::None || !is_create_only(props, &p.path) {
            continue;
        }
        // Adding or removing the property is a change whatever the values resolve to.
        let unknown = !p.old.is_null()
            && !p.new.is_null()
            && (deploy_time(&p.old, &base.parameters) || deploy_time(&p.new, &head.parameters));
        p.replacement = if unknown {
            Replacement::Conditional
        } else {
            Replacement::Always
        };
    }
    r.replacement = r
        .properties
        .iter()
        .map(|p| p.replacement)
        .max()
        .unwrap_or(Replacement::None);
}

/// Fills in replacement from create-only properties, then cascades it
/// through references until nothing more is replaced. A property that is
/// not create-only but refers to a replaced resource is listed too (its
/// value changes in the deployment), without replacing its resource.
pub fn cascade(base: &Doc, head: &Doc, changes: &mut Vec<ResourceChange>) {
    for r in changes.iter_mut().filter(|r| r.change == Change::Modified) {
        assess(base, head, r);
    }
    let mut replaced: BTreeMap<String, Replacement> = changes
        .iter()
        .filter(|r| r.replacement != Replacement::None)
        .map(|r| (r.logical_id.clone(), r.replacement))
        .collect();
    if replaced.is_empty() {
        return;
    }
    // Who refers to whom, through which top-level property: (dependent, path, create-only).
    let mut dependents: BTreeMap<&str, Vec<(&str, &str, bool)>> = BTreeMap::new();
    for (id, body) in &head.resources {
        if !base.resources.contains_key(id) {
            continue;
        }
        let (_, create_only_props) = create_only(body.kind());
        for (p, v) in body.properties().as_object().into_iter().flatten() {
            let mut refs = BTreeSet::new();
            collect_refs(v, &mut refs);
            let replaces = create_only_props.contains(&p.as_str());
            for target in refs {
                dependents.entry(target).or_default().push((id, p, replaces));
            }
        }
    }
    let mut index: BTreeMap<String, usize> = changes
        .iter()
        .enumerate()
        .map(|(i, r)| (r.logical_id.clone(), i))
        .collect();
    let mut work: Vec<String> = replaced.keys().cloned().collect();
    while let Some(target) = work.pop() {
        let level = replaced.get(&target).copied().unwrap_or(Replacement::None);
        for (dep, path, replaces) in dependents.get(target.as_str()).into_iter().flatten() {
            let level = if *replaces { level } else { Replacement::None };
            if *replaces && replaced.get(*dep).is_some_and(|l| *l >= level) {
                continue;
            }
            let i = *index.entry((*dep).to_string()).or_insert_with(|| {
                changes.push(cascaded(head, dep));
                changes.len() - 1
            });
            let r = &mut changes[i];
            mark(r, head, path, level);
            if *replaces {
                replaced.insert((*dep).to_string(), r.replacement);
                work.push((*dep).to_string());
            }
        }
    }
    changes.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
}

/// A resource whose own JSON is unchanged, listed because a reference replaces it.
fn cascaded(head: &Doc, id: &str) -> ResourceChange {
    let body = &head.resources[id];
    ResourceChange {
        logical_id: id.to_string(),
        kind: body.kind().to_string(),
        change: Change::Modified,
        replacement: Replacement::None,
        source: body.source().map(str::to_string),
        stack: None,
        location: None,
        properties: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Records that property `path` of `r` replaces it at `level`.
fn mark(r: &mut ResourceChange, head: &Doc, path: &str, level: Replacement) {
    let inside = |p: &str| p.strip_prefix(path).is_some_and(|rest| rest.starts_with(['.', '[']));
    if level == Replacement::None && r.properties.iter().any(|p| inside(&p.path)) {
        return; // Already listed as a change inside this property.
    }
    match r.properties.iter_mut().find(|p| p.path == path) {
        Some(p) => p.replacement = p.replacement.max(level),
        None => {
            let v = head.resources[&r.logical_id]
                .properties()
                .get(path)
                .cloned()
                .unwrap_or(Value::Null);
            r.properties.push(PropertyChange {
                path: path.to_string(),
                old: v.clone(),
                new: v,
                replacement: level,
            });
        }
    }
    r.replacement = r.replacement.max(level);
}

/// Marks outputs whose value refers to a replaced resource (adding them
/// when their text is unchanged).
pub fn cascade_outputs(head: &Doc, changes: &[ResourceChange], mut outputs: Vec<EntryChange>) -> Vec<EntryChange> {
    let replaced: BTreeSet<&str> = changes
        .iter()
        .filter(|r| r.replacement != Replacement::None)
        .map(|r| r.logical_id.as_str())
        .collect();
    if replaced.is_empty() {
        return outputs;
    }
    for (name, value) in &head.outputs {
        let mut refs = BTreeSet::new();
        collect_refs(value, &mut refs);
        let hits: Vec<String> = refs
            .into_iter()
            .filter(|r| replaced.contains(r))
            .map(str::to_string)
            .collect();
        if hits.is_empty() {
            continue;
        }
        match outputs.iter_mut().find(|o| o.name == *name) {
            Some(o) => o.replaced_refs = hits,
            None => outputs.push(EntryChange {
                name: name.clone(),
                change: Change::Modified,
                old: value.clone(),
                new: value.clone(),
                replaced_refs: hits,
            }),
        }
    }
    outputs.sort_by(|a, b| a.name.cmp(&b.name));
    outputs
}

/// Adds warnings for stateful resources replaced or removed, and for
/// custom-named resources replaced without a new name.
pub fn warn(base: &Doc, head: &Doc, r: &mut ResourceChange) {
    let doc = if r.change == Change::Removed { base } else { head };
    let Some(body) = doc.resources.get(&r.logical_id) else {
        return;
    };
    let retained = body.value().get("DeletionPolicy").and_then(Value::as_str) == Some("Retain");
    let replaced = r.replacement != Replacement::None;
    if let Some((_, word)) = STATEFUL.iter().find(|(k, _)| *k == r.kind) {
        let keeps = if retained {
            "DeletionPolicy Retain keeps the old one and its data in the account, outside the stack"
        } else {
            "the old one is deleted with its data"
        };
        if r.change == Change::Removed {
            r.warnings.push(format!("removes a {word}: {keeps}"));
        } else if replaced {
            r.warnings.push(format!("replaces a {word} with an empty one: {keeps}"));
        }
    }
    let (name_prop, _) = create_only(&r.kind);
    let named = name_prop.filter(|n| body.properties().get(*n).is_some());
    if let Some(name) = named.filter(|n| replaced && !r.properties.iter().any(|p| p.path == *n)) {
        r.warnings.push(format!(
            "has a custom name (`{name}`): CloudFormation cannot replace it under the same name, so the update fails unless the name changes too"
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_is_sorted_and_knows_lambda() {
        let kinds: Vec<&str> = super::CREATE_ONLY.iter().map(|(k, _, _)| *k).collect();
        assert!(kinds.windows(2).all(|w| w[0] < w[1]));
        let (name, props) = super::create_only("AWS::Lambda::Function");
        assert_eq!(name, Some("FunctionName"));
        assert!(props.contains(&"FunctionName"));
    }

    #[test]
    fn nested_paths_match_both_ways() {
        assert!(super::is_create_only(&["A.B"], "A"));
        assert!(super::is_create_only(&["A"], "A[0].C"));
        assert!(!super::is_create_only(&["AB"], "A"));
    }
}
