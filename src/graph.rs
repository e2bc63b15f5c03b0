//! Stage 4, graph: dependency graphs with petgraph.
//!
//! Two graphs: the declarations and the references the user wrote (to report
//! reference cycles with every site), and the emitted resources (to write
//! them in topological order, ties broken by logical ID, and to draw
//! `lfc graph`).
//!
//! Must not: change resources or decide wiring (`emit::wiring` does, for
//! both); it only orders and reports.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::wiring::{Wire, Wiring};
use crate::emit::Template;
use crate::model::Stack;

/// Reports every cycle of references the user wrote, with each site.
pub fn check_user_cycles(stack: &Stack, diags: &mut Diagnostics) {
    let wiring = Wiring::of(stack);
    let edges = wiring.wires();
    let mut g: DiGraph<&str, usize> = DiGraph::new();
    let mut nodes: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for name in stack.decls.keys() {
        nodes.insert(name, g.add_node(name));
    }
    for (i, e) in edges.iter().enumerate() {
        if let (Some(a), Some(b)) = (nodes.get(e.from.as_str()), nodes.get(e.to.as_str())) {
            g.add_edge(*a, *b, i);
        }
    }
    let mut sccs = tarjan_scc(&g);
    sccs.iter_mut().for_each(|c| c.sort_by_key(|n| g[*n]));
    sccs.sort_by_key(|c| c.first().map(|n| g[*n]));
    for scc in sccs {
        // A single declaration is a cycle only when it refers to itself.
        if let [only] = scc.as_slice() {
            if g.find_edge(*only, *only).is_none() {
                continue;
            }
        }
        let members: BTreeSet<&str> = scc.iter().map(|n| g[*n]).collect();
        let cyc: Vec<&Wire> = edges
            .iter()
            .filter(|e| members.contains(e.from.as_str()) && members.contains(e.to.as_str()))
            .collect();
        if cyc.is_empty() || (scc.len() == 1 && !cyc.iter().any(|e| e.from == e.to)) {
            continue;
        }
        let names: Vec<&str> = members.iter().copied().collect();
        let mut d = Diagnostic::error(
            Code::ReferenceCycle,
            cyc[0].span,
            format!("references form a cycle: {} → {}", names.join(" → "), names[0]),
        )
        .with_help("remove one of these references; CloudFormation cannot create any of them first");
        for e in &cyc[1..] {
            d = d.with_label(e.span, format!("`{}` refers to `{}` here", e.from, e.to));
        }
        diags.push(d);
    }
}

/// Orders the template's resources: dependencies first, ties by logical ID.
/// A cycle among resources (which lfc's wiring never makes) is reported.
pub fn order(template: &mut Template, diags: &mut Diagnostics) {
    let ids: Vec<&str> = template.resources.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // users[d] = resources that depend on d; remaining[r] = unmet dependencies
    // of r. A reference written twice is an edge twice: it is counted and
    // released twice, which orders the same.
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    let mut remaining: Vec<usize> = vec![0; ids.len()];
    for (i, r) in template.resources.values().enumerate() {
        r.for_each_reference(|dep| {
            if let Some(&d) = index.get(dep).filter(|&&d| d != i) {
                users[d].push(i);
                remaining[i] += 1;
            }
        });
    }
    // Ready resources pop smallest index first: ids are sorted, so ties go by logical ID.
    let mut ready: BinaryHeap<Reverse<usize>> = (0..ids.len()).filter(|&i| remaining[i] == 0).map(Reverse).collect();
    let mut out = Vec::with_capacity(ids.len());
    while let Some(Reverse(i)) = ready.pop() {
        out.push(ids[i].to_string());
        for &u in &users[i] {
            remaining[u] -= 1;
            if remaining[u] == 0 {
                ready.push(Reverse(u));
            }
        }
    }
    if out.len() < ids.len() {
        let stuck: Vec<&str> = (0..ids.len()).filter(|&i| remaining[i] > 0).map(|i| ids[i]).collect();
        diags.push(
            Diagnostic::error(
                Code::ReferenceCycle,
                None,
                format!(
                    "the generated resources depend on each other in a cycle: {}",
                    stuck.join(", ")
                ),
            )
            .with_help("this is a bug in lfc's wiring; please report it with the stack"),
        );
        out.extend(stuck.into_iter().map(str::to_string));
    }
    template.order = out;
}

/// The resource graph as Graphviz dot.
pub fn to_dot(template: &Template) -> String {
    let mut s = String::from("digraph stack {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for id in &template.order {
        let r = &template.resources[id];
        s.push_str(&format!("  \"{id}\" [label=\"{id}\\n{}\"];\n", r.kind));
    }
    for id in &template.order {
        for dep in template.resources[id].references() {
            if template.resources.contains_key(dep) {
                s.push_str(&format!("  \"{id}\" -> \"{dep}\";\n"));
            }
        }
    }
    s.push_str("}\n");
    s
}

/// The resource graph as a Mermaid flowchart.
pub fn to_mermaid(template: &Template) -> String {
    let mut s = String::from("flowchart LR\n");
    for id in &template.order {
        s.push_str(&format!("  {id}[\"{id}<br/>{}\"]\n", template.resources[id].kind));
    }
    for id in &template.order {
        for dep in template.resources[id].references() {
            if template.resources.contains_key(dep) {
                s.push_str(&format!("  {id} --> {dep}\n"));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Resource;
    use serde_json::json;

    fn template(resources: &[(&str, Vec<&str>)]) -> Template {
        let mut t = Template::default();
        for (id, refs) in resources {
            let props: Vec<serde_json::Value> = refs.iter().map(|r| json!({ "Ref": r })).collect();
            t.insert(
                (*id).to_string(),
                Resource::new("AWS::SQS::Queue", "s.lf#queue.q").prop("X", json!(props)),
            );
        }
        t
    }

    #[test]
    fn dependencies_come_first_and_ties_go_by_logical_id() {
        let mut t = template(&[
            ("C", vec![]),
            ("A", vec!["B"]),
            ("B", vec![]),
            ("D", vec!["A", "AWS::Region"]),
        ]);
        let mut d = Diagnostics::default();
        order(&mut t, &mut d);
        assert!(d.is_empty());
        assert_eq!(t.order, ["B", "A", "C", "D"]);
    }

    #[test]
    fn a_cycle_among_resources_is_reported_not_looped_on() {
        let mut t = template(&[("A", vec!["B"]), ("B", vec!["A"]), ("C", vec![])]);
        let mut d = Diagnostics::default();
        order(&mut t, &mut d);
        assert!(d.has_errors());
        assert_eq!(t.order.len(), 3, "every resource is still written");
    }
}
