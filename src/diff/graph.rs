//! `--graph`: the changed part of the dependency graph as a Mermaid
//! flowchart — every changed resource, what it refers to, and the arrows
//! between them, coloured by change.
//!
//! Must not: scan unchanged resources (only changed ones are read), so the
//! cost follows the number of changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::Value;

use super::input::Doc;
use super::{Change, Diff, Replacement};
use crate::emit::cfn::collect_refs;

/// Past this many nodes the chart is not drawn (it would not be readable).
const MAX_NODES: usize = 150;

/// The Mermaid block (with its fence), or a note when there is nothing to draw or too much.
pub fn mermaid(base: &Doc, head: &Doc, diff: &Diff) -> String {
    let mut nodes: BTreeMap<&str, &str> = BTreeMap::new();
    let mut edges: BTreeSet<(&str, String)> = BTreeSet::new();
    for r in &diff.resources {
        let class = match (r.change, r.replacement) {
            (Change::Added, _) => "added",
            (Change::Removed, _) => "removed",
            (Change::Modified, Replacement::None) => "modified",
            (Change::Modified, Replacement::Conditional | Replacement::Always) => "replaced",
        };
        nodes.insert(&r.logical_id, class);
        let doc = if r.change == Change::Removed { base } else { head };
        let Some(body) = doc.resources.get(&r.logical_id) else {
            continue;
        };
        let mut refs = BTreeSet::new();
        collect_refs(body.value().get("Properties").unwrap_or(&Value::Null), &mut refs);
        // `DependsOn` names resources: a string or a list of strings.
        match body.value().get("DependsOn") {
            Some(Value::String(id)) => {
                refs.insert(id.as_str());
            }
            Some(Value::Array(ids)) => refs.extend(ids.iter().filter_map(Value::as_str)),
            _ => {}
        }
        for target in refs.into_iter().filter(|t| doc.resources.contains_key(*t)) {
            edges.insert((&r.logical_id, target.to_string()));
        }
    }
    if nodes.is_empty() {
        return String::new();
    }
    let targets: BTreeSet<&str> = edges.iter().map(|(_, t)| t.as_str()).collect();
    if nodes.len() + targets.len() > MAX_NODES {
        return format!("_The dependency graph of the changes has more than {MAX_NODES} resources; not drawn._\n");
    }
    // Node IDs get a prefix so that no logical ID reads as a Mermaid keyword (`end`).
    let mut s = String::from("```mermaid\nflowchart LR\n");
    for (id, class) in &nodes {
        let _ = writeln!(s, "  r_{id}[\"{id}\"]:::{class}");
    }
    for t in targets.iter().filter(|t| !nodes.contains_key(*t)) {
        let _ = writeln!(s, "  r_{t}[\"{t}\"]");
    }
    for (from, to) in &edges {
        let _ = writeln!(s, "  r_{from} --> r_{to}");
    }
    s.push_str(
        "  classDef added fill:#dafbe1,stroke:#1a7f37\n  classDef removed fill:#ffebe9,stroke:#cf222e\n  \
         classDef modified fill:#fff8c5,stroke:#9a6700\n  classDef replaced fill:#ffebe9,stroke:#cf222e,stroke-width:3px\n```\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, input::Doc};

    fn doc(resources: Value) -> Doc {
        Doc::from_value(serde_json::json!({ "Resources": resources })).expect("a template")
    }

    #[test]
    fn depends_on_draws_an_edge_as_a_reference_does() {
        let queue = serde_json::json!({ "Type": "AWS::SQS::Queue", "Properties": {} });
        let base = doc(serde_json::json!({ "Q": queue, "P": queue }));
        let head = doc(serde_json::json!({
            "Q": queue,
            "P": queue,
            "A": { "Type": "AWS::SQS::Queue", "DependsOn": "Q" },
            "B": { "Type": "AWS::SQS::Queue", "DependsOn": ["P"] },
        }));
        let graph = mermaid(&base, &head, &diff(&base, &head));
        let edges: Vec<&str> = graph.lines().filter(|l| l.contains("-->")).collect();
        assert_eq!(edges, ["  r_A --> r_Q", "  r_B --> r_P"], "{graph}");
    }
}
