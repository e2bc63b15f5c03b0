//! Matching and value comparison: resources by logical ID, values by
//! structure (intrinsic functions are plain JSON objects here, so they
//! compare structurally), list elements by identity where they have one
//! (`Key` of tags, `PolicyName`, `Sid`, `Name`, …) and by equality otherwise.
//!
//! Must not: decide replacement (see `replace`) or judge security.

use std::collections::BTreeMap;

use serde_json::Value;

use super::input::{Body, Doc};
use super::{Change, EntryChange, PropertyChange, Replacement, ResourceChange};

/// Resource attributes compared besides `Properties`, in template order.
const ATTRIBUTES: [&str; 6] = [
    "Condition",
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "Metadata",
];

/// Keys that identify a list element among its siblings.
const IDENTITY_KEYS: [&str; 6] = ["Key", "PolicyName", "Sid", "Name", "Id", "Arn"];

/// Every added, removed or modified resource, by logical ID. Replacement
/// is `none` here; `replace` fills it in.
pub fn resources(base: &Doc, head: &Doc) -> Vec<ResourceChange> {
    let mut out = Vec::new();
    let mut b = base.resources.iter().peekable();
    let mut h = head.resources.iter().peekable();
    loop {
        let order = match (b.peek(), h.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((bk, _)), Some((hk, _))) => bk.cmp(hk),
        };
        match order {
            std::cmp::Ordering::Less => {
                if let Some((id, body)) = b.next() {
                    out.push(whole(id, body, Change::Removed));
                }
            }
            std::cmp::Ordering::Greater => {
                if let Some((id, body)) = h.next() {
                    out.push(whole(id, body, Change::Added));
                }
            }
            std::cmp::Ordering::Equal => {
                if let (Some((id, old)), Some((_, new))) = (b.next(), h.next()) {
                    let stacks = (base.nested_in.get(id), head.nested_in.get(id));
                    if !old.same_as(new) || stacks.0 != stacks.1 {
                        let mut r = modified(id, old, new);
                        moved(&mut r, stacks);
                        out.push(r);
                    }
                }
            }
        }
    }
    out
}

/// A resource that changes nested stacks (or moves between the root and
/// one) is created in its new stack and deleted from the old one: the
/// pseudo-property `Stack` (`null` for the root), always replaced.
fn moved(r: &mut ResourceChange, (old, new): (Option<&String>, Option<&String>)) {
    if old != new {
        let name = |s: Option<&String>| s.map_or(Value::Null, |s| Value::String(s.clone()));
        r.properties.insert(
            0,
            PropertyChange {
                path: "Stack".into(),
                old: name(old),
                new: name(new),
                replacement: Replacement::Always,
            },
        );
    }
}

fn whole(id: &str, body: &Body, change: Change) -> ResourceChange {
    ResourceChange {
        logical_id: id.to_string(),
        kind: body.kind().to_string(),
        change,
        replacement: Replacement::None,
        source: body.source().map(str::to_string),
        stack: None,
        location: None,
        properties: Vec::new(),
        warnings: Vec::new(),
    }
}

fn modified(id: &str, old: &Body, new: &Body) -> ResourceChange {
    let mut r = whole(id, new, Change::Modified);
    if r.source.is_none() {
        r.source = old.source().map(str::to_string);
    }
    let mut props = Vec::new();
    if old.kind() != new.kind() {
        props.push(PropertyChange {
            path: "Type".into(),
            old: Value::String(old.kind().into()),
            new: Value::String(new.kind().into()),
            replacement: Replacement::Always,
        });
    }
    for attr in ATTRIBUTES {
        values(
            attr,
            old.value().get(attr).unwrap_or(&Value::Null),
            new.value().get(attr).unwrap_or(&Value::Null),
            &mut props,
        );
    }
    values("", old.properties(), new.properties(), &mut props);
    r.properties = props;
    r
}

/// Changed outputs or parameters, by name.
pub fn entries(base: &BTreeMap<String, Value>, head: &BTreeMap<String, Value>) -> Vec<EntryChange> {
    let mut names: Vec<&String> = base.keys().chain(head.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (base.get(name), head.get(name));
            let change = match (old, new) {
                (Some(o), Some(n)) if o == n => return None,
                (Some(_), Some(_)) => Change::Modified,
                (Some(_), None) => Change::Removed,
                (None, _) => Change::Added,
            };
            Some(EntryChange {
                name: name.clone(),
                change,
                old: old.cloned().unwrap_or(Value::Null),
                new: new.cloned().unwrap_or(Value::Null),
                replaced_refs: Vec::new(),
            })
        })
        .collect()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Appends the differences between `old` and `new` found at `path`
/// (`null` stands for absent).
pub fn values(path: &str, old: &Value, new: &Value, out: &mut Vec<PropertyChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) if !is_intrinsic(a) && !is_intrinsic(b) => {
            for (k, v) in a {
                values(&join(path, k), v, b.get(k).unwrap_or(&Value::Null), out);
            }
            for (k, v) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                values(&join(path, k), &Value::Null, v, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => lists(path, a, b, out),
        _ => out.push(PropertyChange {
            path: path.to_string(),
            old: old.clone(),
            new: new.clone(),
            replacement: Replacement::None,
        }),
    }
}

/// True for `{ "Ref": … }` and `{ "Fn::…": … }`: compared as one value, so
/// a changed reference reads as a whole.
pub fn is_intrinsic(m: &serde_json::Map<String, Value>) -> bool {
    m.len() == 1
        && m.keys()
            .all(|k| k == "Ref" || k.starts_with("Fn::") || k == "Condition")
}

/// The identity of a list element, when it is an object with an identity key.
fn identity(v: &Value) -> Option<(&'static str, &Value)> {
    let m = v.as_object()?;
    IDENTITY_KEYS.iter().find_map(|k| m.get(*k).map(|id| (*k, id)))
}

/// Element changes of a list: by identity key when every element has the
/// same one; position by position when the lengths agree; otherwise equal
/// elements match, the rest pair up in order, and the leftovers are added
/// or removed.
fn lists(path: &str, a: &[Value], b: &[Value], out: &mut Vec<PropertyChange>) {
    let at = |i: usize| format!("{path}[{i}]");
    let key_of = |l: &[Value]| {
        let keys: Vec<_> = l.iter().map(|v| identity(v).map(|(k, _)| k)).collect();
        match keys.first() {
            Some(Some(k)) if keys.iter().all(|x| *x == Some(*k)) => Some(*k),
            _ => None,
        }
    };
    let key = key_of(a).filter(|k| key_of(b).is_none_or(|kb| kb == *k));
    if let Some(key) = key.filter(|_| !b.is_empty() || !a.is_empty()) {
        let find = |l: &[Value], id: &Value| l.iter().position(|v| v.get(key) == Some(id));
        for (i, v) in a.iter().enumerate() {
            let id = v.get(key).unwrap_or(&Value::Null);
            match find(b, id) {
                Some(j) => values(&at(j), v, &b[j], out),
                None => values(&at(i), v, &Value::Null, out),
            }
        }
        for (j, v) in b.iter().enumerate() {
            let id = v.get(key).unwrap_or(&Value::Null);
            if find(a, id).is_none() {
                values(&at(j), &Value::Null, v, out);
            }
        }
        return;
    }
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            values(&at(i), x, y, out);
        }
        return;
    }
    // Equal elements match; the rest pair up in order, the leftovers are
    // added or removed.
    let mut used = vec![false; b.len()];
    let mut unmatched = Vec::new();
    for (i, x) in a.iter().enumerate() {
        match (0..b.len()).find(|j| !used[*j] && b[*j] == *x) {
            Some(j) => used[j] = true,
            None => unmatched.push(i),
        }
    }
    let mut fresh = (0..b.len()).filter(|j| !used[*j]);
    for i in unmatched {
        match fresh.next() {
            Some(j) => values(&at(j), &a[i], &b[j], out),
            None => values(&at(i), &a[i], &Value::Null, out),
        }
    }
    for j in fresh {
        values(&at(j), &Value::Null, &b[j], out);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn paths(old: serde_json::Value, new: serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        super::values("", &old, &new, &mut out);
        out.into_iter().map(|c| c.path).collect()
    }

    #[test]
    fn tags_match_by_key_and_lists_without_identity_by_equality() {
        let old = json!({ "Tags": [{ "Key": "a", "Value": "1" }, { "Key": "b", "Value": "2" }] });
        let new = json!({ "Tags": [{ "Key": "b", "Value": "3" }] });
        assert_eq!(paths(old, new), ["Tags[0]", "Tags[0].Value"]);
        assert_eq!(paths(json!(["x", "y"]), json!(["y", "z", "x"])), ["[1]"]);
    }

    #[test]
    fn intrinsics_are_one_value() {
        let c = paths(
            json!({ "A": { "Ref": "X" } }),
            json!({ "A": { "Fn::GetAtt": ["X", "Arn"] } }),
        );
        assert_eq!(c, ["A"]);
    }
}
