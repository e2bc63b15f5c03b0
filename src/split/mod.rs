//! Nested stacks (`lfc build --split`, docs/split.md): one emitted
//! [`Template`] → a root template of `AWS::CloudFormation::Stack` resources
//! and the nested templates they point at, for stacks past CloudFormation's
//! per-template limits (500 resources, 1 MB, 200 outputs, 200 parameters).
//!
//! Placement is deterministic and stable. Resources are grouped by the
//! declaration that made them (`function.f` brings its role, log group,
//! permissions, mappings, rules, routes, version and alias); groups whose
//! resources refer to each other in a cycle are merged. A group goes to the
//! nested stack `Layer<d>Part<p>`: `d` is its depth in the dependency graph
//! (0: refers to no other group; otherwise one more than the deepest group it
//! refers to) and `p` the SHA-256 of its declaration path modulo
//! [`PARTS_PER_LAYER`]. Neither depends on which other declarations exist,
//! so adding or removing a declaration never moves another one; stacks of one
//! layer never refer to each other, so nested stacks never form a cycle.
//!
//! Values cross templates only as nested-stack Parameters (filled by the
//! root from the producing stack's Outputs), never as exports; the root's
//! `AWS::StackId` and `AWS::StackName` are handed down, so physical names are
//! those of the single template.
//!
//! Must not: change what a resource does, or validate limits (`check` does,
//! on every template this produces).

mod carry;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostics;
use crate::emit::cfn::{get_att, reference, sub};
use crate::emit::entry::Reference;
use crate::emit::rewrite::{rewrite, Replacement, Subs};
use crate::emit::{hex, Entry, Resource, Template, ASSETS_PARAMETER};
use carry::{edit_text, CarriedNames, TextEdit};

/// Nested stacks per layer. Fixed, so that a declaration's stack never
/// depends on how large the stack is: 128 × 500 resources is room for about
/// 12,000 functions of the benchmark's mix, and the root stays under 500
/// resources up to three layers.
pub const PARTS_PER_LAYER: u64 = 128;

/// The parameters a nested template receives for the root's pseudo parameters.
const PSEUDO: [(&str, &str); 2] = [
    ("AWS::StackId", "LfcRootStackId"),
    ("AWS::StackName", "LfcRootStackName"),
];

/// A stack split into a root and nested templates.
#[derive(Debug)]
pub struct Split {
    /// The root template: parameters, the nested stacks, outputs.
    pub root: Template,
    /// The nested templates, by logical ID of their stack resource.
    pub nested: Vec<Nested>,
}

/// One nested template.
#[derive(Debug)]
pub struct Nested {
    /// Logical ID of its `AWS::CloudFormation::Stack` in the root.
    pub id: String,
    /// The template.
    pub template: Template,
    /// The length of its canonical JSON text ([`Nested::json`]).
    pub len: usize,
    /// The bytes of each resource in its text, in [`Template::written_order`].
    pub sizes: Vec<usize>,
    /// Its S3 key below the assets bucket (and path below the build
    /// folder): `assets/<sha256 of its text>.template.json`.
    pub key: String,
}

impl Nested {
    /// Its canonical JSON text, written again from the template when asked
    /// (joining its resources' texts): a build of 10,000 functions does not
    /// hold every nested template twice (issue 11).
    pub fn json(&self) -> String {
        self.template.to_json_string()
    }
}

/// Where a group goes: (layer, part).
type Place = (usize, u64);

/// The logical ID of the nested stack at `place`.
fn stack_id((layer, part): Place) -> String {
    format!("Layer{layer}Part{part:03}")
}

/// Nested stack of every resource, in the order of `resources`.
fn placement(resources: &BTreeMap<String, Entry>) -> Vec<Place> {
    // Groups: the declaration path of each resource's `lfc:source`.
    let group_names: Vec<&str> = resources
        .iter()
        .map(|(id, r)| declaration(&r.source).unwrap_or(id))
        .collect();
    let mut g: DiGraph<&str, ()> = DiGraph::new();
    let mut node_of_group: HashMap<&str, NodeIndex> = HashMap::with_capacity(group_names.len());
    let node_of: Vec<NodeIndex> = group_names
        .iter()
        .map(|k| *node_of_group.entry(k).or_insert_with(|| g.add_node(k)))
        .collect();
    let node_of_id: HashMap<&str, NodeIndex> = resources
        .keys()
        .map(String::as_str)
        .zip(node_of.iter().copied())
        .collect();
    let mut edges = Vec::new();
    for (r, &from) in resources.values().zip(&node_of) {
        let mut add = |to: &str| {
            if let Some(&to) = node_of_id.get(to).filter(|&&to| to != from) {
                edges.push((from, to));
            }
        };
        r.for_each_reference(&mut add);
    }
    edges.sort_unstable();
    edges.dedup();
    for (a, b) in edges {
        g.add_edge(a, b, ());
    }
    // Components come sinks first (reverse topological order), so every
    // group a component refers to already has its depth.
    let mut place_of_node: Vec<Option<Place>> = vec![None; g.node_count()];
    for scc in tarjan_scc(&g) {
        let depth = scc
            .iter()
            .flat_map(|n| g.neighbors(*n))
            .filter(|n| !scc.contains(n))
            .map(|n| place_of_node[n.index()].map_or(0, |p| p.0 + 1))
            .max()
            .unwrap_or(0);
        let key = scc.iter().map(|n| g[*n]).min().unwrap_or_default();
        let place = (depth, part_of(key));
        scc.iter().for_each(|n| place_of_node[n.index()] = Some(place));
    }
    node_of
        .into_iter()
        .map(|n| place_of_node[n.index()].unwrap_or_default())
        .collect()
}

/// `kind.name` of `file#kind.name.more` (the declaration that made a resource).
fn declaration(source: &str) -> Option<&str> {
    let path = source.split_once('#')?.1;
    let end = path.match_indices('.').nth(1).map_or(path.len(), |(i, _)| i);
    Some(&path[..end])
}

/// The part of a layer a group goes to: a hash of its declaration path.
fn part_of(key: &str) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % PARTS_PER_LAYER
}

/// Where a nested template's parameter gets its value from.
enum Source {
    /// A value of the root template (its parameter or pseudo parameter) and
    /// the nested parameter's declaration.
    Root(Value, Value),
    /// An output of another nested stack, with the value that stack outputs.
    Output(Place, Value),
}

/// A nested template being assembled.
#[derive(Default)]
struct Part {
    template: Template,
    /// Parameters by name, with where their values come from.
    inputs: BTreeMap<String, Source>,
    /// Stacks this one must follow for `DependsOn` alone.
    after: BTreeSet<Place>,
    /// Its resources, as indices into the stack's resources in ID order
    /// (moved into `template` once all are rewritten).
    members: Vec<usize>,
}

/// `Ref X` or `Fn::GetAtt X.attr`.
fn ref_value(id: &str, attr: Option<&str>) -> Value {
    match attr {
        Some(a) => get_att(id, a),
        None => reference(id),
    }
}

/// The output `name` of the nested stack at `place`, as the root reads it:
/// `Fn::Sub` of `${Stack.Outputs.name}` (the `Fn::GetAtt` it stands for,
/// written on one line, which keeps the root of 10,000 functions under 1 MB).
fn output_of(place: Place, name: &str) -> Value {
    sub(&format!("${{{}.Outputs.{name}}}", stack_id(place)))
}

/// Each nested template that looks a value up with `Fn::FindInMap` gets the
/// stack's `Mappings` (a nested stack cannot read its root's).
fn share_mappings(t: &Template, templates: &mut [Template]) {
    if t.mappings.is_empty() {
        return;
    }
    for nested in templates {
        let looks_up = nested.resources.values().any(|r| finds_in_map(r.text()));
        if looks_up {
            nested.mappings = t.mappings.clone();
        }
    }
}

/// True when a resource's JSON text holds a `Fn::FindInMap` key. Exact on
/// text: only a key is followed by `": `, and inside a string every `"` is
/// escaped, so `"Fn::FindInMap": ` never starts or ends within one.
fn finds_in_map(text: &str) -> bool {
    text.contains("\"Fn::FindInMap\": ")
}

/// How the stack's own parameter `name` (declared as `decl`) reaches a
/// nested stack: the value the root passes (nested-stack parameters are
/// strings, so lists travel joined with `,`) and the nested declaration (an
/// SSM parameter is resolved once, in the root; the nested stack takes its
/// value).
fn passed_parameter(name: &str, decl: &Value) -> (Value, Value) {
    let ty = decl.get("Type").and_then(Value::as_str).unwrap_or("String");
    let resolved = ty
        .strip_prefix("AWS::SSM::Parameter::Value<")
        .and_then(|t| t.strip_suffix('>'));
    let inner = resolved.unwrap_or(ty);
    let list = inner.starts_with("List<") || inner == "CommaDelimitedList";
    let nested_type = match (resolved, list) {
        (Some(_), true) => "CommaDelimitedList",
        (Some(_), false) => "String",
        (None, _) => ty,
    };
    let mut nested = json!({ "Type": nested_type });
    if let Some(no_echo) = decl.get("NoEcho") {
        nested["NoEcho"] = no_echo.clone();
    }
    let value = if list {
        json!({ "Fn::Join": [",", { "Ref": name }] })
    } else {
        reference(name)
    };
    (value, nested)
}

/// The root's side of a nested stack: its logical ID, its parameters'
/// values and the stacks it follows for `DependsOn` alone.
type Wiring = (String, serde_json::Map<String, Value>, BTreeSet<String>);

/// Splits `t` (ordered by `graph::order`) into a root and nested templates.
/// `main` is the main file as shown (for `lfc:source`), `stack` the stack's name.
pub fn split(mut t: Template, main: &str, stack: &str) -> Split {
    let place = placement(&t.resources);
    let (ids, mut resources): (Vec<String>, Vec<Option<Entry>>) = std::mem::take(&mut t.resources)
        .into_iter()
        .map(|(id, r)| (id, Some(r)))
        .unzip();
    let place: HashMap<&str, (usize, Place)> = ids
        .iter()
        .map(String::as_str)
        .zip(place.into_iter().enumerate())
        .collect();
    let params = std::mem::take(&mut t.parameters);
    let mut names = CarriedNames::new(&ids, &params);
    let mut parts = distribute(&mut t, &params, &mut resources, &place, &mut names);
    // Each part's resources go in at once, in ID order (the order of `ids`):
    // one bulk build instead of a sorted insertion per resource.
    for part in parts.values_mut() {
        part.members.sort_unstable();
        part.template.resources = part
            .members
            .iter()
            .filter_map(|&i| Some((ids[i].clone(), resources[i].take()?)))
            .collect();
    }
    let mut outputs = std::mem::take(&mut t.outputs);
    let needed = outputs_needed(&mut outputs, &parts, &place, &mut names);
    drop(names);
    let (mut templates, wiring) = finish(parts, needed, stack);
    share_mappings(&t, &mut templates);
    // Serialising is most of the work; templates are independent.
    let rendered = crate::parallel::in_runs(&templates, 16, |run| {
        run.iter()
            .map(|t| {
                let (json, sizes) = t.to_json_string_with_sizes();
                let key = format!("assets/{}.template.json", hex(&Sha256::digest(json.as_bytes())));
                (json.len(), sizes, key)
            })
            .collect::<Vec<_>>()
    });
    let mut root = Template {
        description: t.description.take(),
        parameters: params,
        outputs,
        ..Template::default()
    };
    root.parameters.insert(
        ASSETS_PARAMETER.into(),
        json!({ "Type": "String", "Description": "S3 bucket holding the code assets and nested templates lfc wrote (upload build/assets/ to s3://BUCKET/assets/)" }),
    );
    let mut nested = Vec::with_capacity(templates.len());
    for ((template, (id, params, after)), (len, sizes, key)) in
        templates.into_iter().zip(wiring).zip(rendered.into_iter().flatten())
    {
        let url = format!("https://${{{ASSETS_PARAMETER}}}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/{key}");
        let mut r = Resource::new("AWS::CloudFormation::Stack", format!("{main}#split.{id}"))
            .prop("TemplateURL", json!({ "Fn::Sub": url }));
        if !params.is_empty() {
            r = r.prop("Parameters", Value::Object(params));
        }
        r.depends_on = after;
        root.insert(id.clone(), r);
        nested.push(Nested {
            id,
            template,
            len,
            sizes,
            key,
        });
    }
    // Layers never refer to themselves, so the root has no cycle to report.
    crate::graph::order(&mut root, &mut Diagnostics::default());
    Split { root, nested }
}

/// Assigns every resource of `t` (`resources`, in ID order) to its part, references to
/// other templates rewritten to parameters (recorded as the part's inputs).
fn distribute(
    t: &mut Template,
    root_params: &BTreeMap<String, Value>,
    resources: &mut [Option<Entry>],
    placed: &HashMap<&str, (usize, Place)>,
    names: &mut CarriedNames<'_>,
) -> BTreeMap<Place, Part> {
    let place = |id: &str| placed.get(id).map(|p| p.1);
    let order = std::mem::take(&mut t.order);
    let mut parts: BTreeMap<Place, Part> = BTreeMap::new();
    for id in order {
        let Some(&(i, here)) = placed.get(id.as_str()) else {
            continue;
        };
        let Some(entry) = resources[i].as_mut() else {
            continue;
        };
        let part = parts.entry(here).or_default();
        part.template.order.push(id);
        part.members.push(i);
        let crossing = |r: &Reference<'_>| root_params.contains_key(r.id) || place(r.id).is_some_and(|p| p != here);
        let (inputs, after) = (&mut part.inputs, &mut part.after);
        let mut resolve = |to: &str, attr: Option<&str>| -> Option<Replacement> {
            let (name, source) = if let Some((_, name)) = PSEUDO.iter().find(|(p, _)| *p == to) {
                let string = json!({ "Type": "String" });
                ((*name).to_string(), Source::Root(reference(to), string))
            } else if let Some(decl) = root_params.get(to) {
                let (value, nested) = passed_parameter(to, decl);
                (to.to_string(), Source::Root(value, nested))
            } else {
                match place(to) {
                    Some(there) if there != here => (names.name(to, attr), Source::Output(there, ref_value(to, attr))),
                    _ => return None,
                }
            };
            inputs.entry(name.clone()).or_insert(source);
            Some(Replacement {
                value: reference(&name),
                name,
            })
        };
        match edit_text(entry, &crossing, &mut resolve) {
            TextEdit::Unchanged => continue,
            TextEdit::Edited(edited) => {
                *entry = edited;
                continue;
            }
            TextEdit::NeedsValues => {}
        }
        let mut r = entry.thaw();
        let foreign: Vec<String> = r
            .depends_on
            .iter()
            .filter(|d| place(d) != Some(here))
            .cloned()
            .collect();
        for d in foreign {
            r.depends_on.remove(&d);
            after.extend(place(&d));
        }
        r.properties
            .values_mut()
            .for_each(|v| rewrite(v, Subs::Kept, &mut resolve));
        *entry = r.freeze();
    }
    parts
}

/// The outputs each nested stack must have: for the stack's own outputs
/// (rewritten here to read them) and for the other nested stacks' inputs.
fn outputs_needed(
    outputs: &mut BTreeMap<String, Value>,
    parts: &BTreeMap<Place, Part>,
    placed: &HashMap<&str, (usize, Place)>,
    names: &mut CarriedNames<'_>,
) -> BTreeMap<Place, BTreeMap<String, Value>> {
    let mut needed: BTreeMap<Place, BTreeMap<String, Value>> = BTreeMap::new();
    for o in outputs.values_mut() {
        rewrite(o, Subs::Kept, &mut |to: &str, attr: Option<&str>| {
            let there = placed.get(to)?.1;
            let name = names.name(to, attr);
            needed
                .entry(there)
                .or_default()
                .insert(name.clone(), ref_value(to, attr));
            Some(Replacement {
                value: output_of(there, &name),
                name,
            })
        });
    }
    for part in parts.values() {
        for (name, source) in &part.inputs {
            if let Source::Output(there, value) = source {
                needed.entry(*there).or_default().insert(name.clone(), value.clone());
            }
        }
    }
    needed
}

/// Each part's finished template (description, parameters, outputs) and
/// the root's side of it.
fn finish(
    parts: BTreeMap<Place, Part>,
    mut needed: BTreeMap<Place, BTreeMap<String, Value>>,
    stack: &str,
) -> (Vec<Template>, Vec<Wiring>) {
    let mut templates = Vec::with_capacity(parts.len());
    let mut wiring = Vec::with_capacity(parts.len());
    for (here, mut part) in parts {
        let id = stack_id(here);
        part.template.description = Some(format!("{stack}: nested stack {id} (lfc build --split)"));
        for (name, value) in needed.remove(&here).unwrap_or_default() {
            part.template.outputs.insert(name, json!({ "Value": value }));
        }
        let mut params = serde_json::Map::new();
        let mut fed_by = BTreeSet::new();
        for (name, source) in part.inputs {
            let (value, decl) = match source {
                Source::Root(v, decl) => (v, decl),
                Source::Output(there, _) => {
                    fed_by.insert(there);
                    (output_of(there, &name), json!({ "Type": "String" }))
                }
            };
            part.template.parameters.insert(name.clone(), decl);
            params.insert(name, value);
        }
        let after = part.after.difference(&fed_by).map(|p| stack_id(*p)).collect();
        templates.push(part.template);
        wiring.push((id, params, after));
    }
    (templates, wiring)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameters_lfc_adds_are_reserved_from_params() {
        for (_, id) in PSEUDO {
            assert!(crate::emit::reserved_parameter(id), "{id}");
        }
        assert!(crate::emit::reserved_parameter(ASSETS_PARAMETER));
        assert!(!crate::emit::reserved_parameter("LfcRoot"));
    }

    #[test]
    fn declaration_is_kind_and_name_of_the_source_path() {
        assert_eq!(declaration("s.lf#function.f.on.s3"), Some("function.f"));
        assert_eq!(declaration("s.lf#bucket.b"), Some("bucket.b"));
        assert_eq!(declaration("s.lf#stack"), Some("stack"));
        assert_eq!(declaration("nothing"), None);
    }

    #[test]
    fn find_in_map_is_found_as_a_key_at_any_depth() {
        let text = |v: Value| serde_json::to_string_pretty(&v).unwrap();
        assert!(finds_in_map(&text(
            json!([{ "X": { "Fn::FindInMap": ["M", "a", "b"] } }])
        )));
        assert!(!finds_in_map(&text(json!({ "X": "Fn::FindInMap" }))));
        assert!(!finds_in_map(&text(json!({ "X": "\"Fn::FindInMap\": " }))));
        assert!(!finds_in_map(&text(json!({ "X": ["Fn::FindInMap", "a"] }))));
    }

    #[test]
    fn text_edits_and_values_read_back_give_the_same_rewrite() {
        // F's text can be edited (a GetAtt, the stack name); G's cannot (a
        // `${Q.Arn}` in a Fn::Sub and a DependsOn across templates).
        let mut t = Template::default();
        t.insert("Q".into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.q"));
        let mut g = Resource::new("AWS::SNS::Topic", "s.lf#topic.g")
            .prop("A", json!({ "Fn::Sub": "${Q.Arn}/${AWS::StackName}" }))
            .prop("B", json!({ "Ref": "Q" }));
        g.depends_on.insert("Q".into());
        t.insert("G".into(), g);
        t.insert(
            "F".into(),
            Resource::new("AWS::SNS::Topic", "s.lf#topic.f")
                .prop("A", json!({ "Fn::GetAtt": ["Q", "Arn"] }))
                .prop(
                    "B",
                    json!({ "Fn::Join": ["-", [{ "Ref": "AWS::StackName" }, { "Ref": "Q" }]] }),
                ),
        );
        crate::graph::order(&mut t, &mut Diagnostics::default());
        let s = split(t, "s.lf", "s");
        let of = |id: &str| s.nested.iter().find(|n| n.template.resources.contains_key(id)).unwrap();
        let f = of("F").template.resources["F"].thaw();
        assert_eq!(f.properties["A"], json!({ "Ref": "QArn" }));
        assert_eq!(
            f.properties["B"],
            json!({ "Fn::Join": ["-", [{ "Ref": "LfcRootStackName" }, { "Ref": "Q" }]] })
        );
        let g = of("G").template.resources["G"].thaw();
        assert_eq!(g.properties["A"], json!({ "Fn::Sub": "${QArn}/${LfcRootStackName}" }));
        assert_eq!(g.properties["B"], json!({ "Ref": "Q" }));
        assert!(g.depends_on.is_empty());
        for id in ["F", "G"] {
            let params = &of(id).template.parameters;
            assert!(
                ["Q", "QArn", "LfcRootStackName"]
                    .iter()
                    .all(|p| params.contains_key(*p)),
                "{id}: {params:?}"
            );
        }
        let root_g = &s.root.resources[&of("G").id];
        assert!(root_g.references().contains(of("Q").id.as_str()));
    }

    #[test]
    fn carried_names_never_merge_with_a_parameter_or_another_carried_value() {
        let mut t = Template::default();
        // The stack's own parameter `QArn`, and values whose joined names
        // are `QArn` (Q.Arn) and `ABC` (AB.C and A.BC).
        t.parameters.insert("QArn".into(), json!({ "Type": "String" }));
        t.insert("Q".into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.q"));
        t.insert("AB".into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.ab"));
        t.insert("A".into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.a"));
        t.insert(
            "F".into(),
            Resource::new("AWS::SNS::Topic", "s.lf#topic.f")
                .prop("P", json!({ "Ref": "QArn" }))
                .prop("Q", json!({ "Fn::GetAtt": ["Q", "Arn"] }))
                .prop("X", json!({ "Fn::GetAtt": ["AB", "C"] }))
                .prop("Y", json!({ "Fn::GetAtt": ["A", "BC"] })),
        );
        crate::graph::order(&mut t, &mut Diagnostics::default());
        let s = split(t, "s.lf", "s");
        let consumer = s
            .nested
            .iter()
            .find(|n| n.template.resources.contains_key("F"))
            .unwrap();
        let f = consumer.template.resources["F"].properties();
        let names: Vec<&str> = ["P", "Q", "X", "Y"]
            .iter()
            .map(|k| f[*k]["Ref"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["QArn", "QArn2", "ABC", "ABC2"]);
        let given = s.root.resources[&consumer.id].properties()["Parameters"].clone();
        assert_eq!(given["QArn"], json!({ "Ref": "QArn" }));
        let from = |id: &str| s.nested.iter().find(|n| n.template.resources.contains_key(id)).unwrap();
        for (name, id, attr) in [("QArn2", "Q", "Arn"), ("ABC", "AB", "C"), ("ABC2", "A", "BC")] {
            let producer = from(id);
            assert_eq!(
                producer.template.outputs[name],
                json!({ "Value": { "Fn::GetAtt": [id, attr] } })
            );
            let read = format!("${{{}.Outputs.{name}}}", producer.id);
            assert_eq!(given[name], json!({ "Fn::Sub": read }));
        }
    }

    #[test]
    fn values_cross_templates_through_parameters_and_outputs() {
        let mut t = Template::default();
        t.insert("Q".into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.q"));
        t.insert(
            "F".into(),
            Resource::new("AWS::SNS::Topic", "s.lf#topic.f")
                .prop("A", json!({ "Fn::GetAtt": ["Q", "Arn"] }))
                .prop("B", json!({ "Fn::Sub": "${AWS::StackName}-x" })),
        );
        t.outputs.insert("Out".into(), json!({ "Value": { "Ref": "F" } }));
        crate::graph::order(&mut t, &mut Diagnostics::default());
        let s = split(t, "s.lf", "s");
        assert_eq!(s.nested.len(), 2);
        let consumer = s
            .nested
            .iter()
            .find(|n| n.template.resources.contains_key("F"))
            .unwrap();
        let producer = s
            .nested
            .iter()
            .find(|n| n.template.resources.contains_key("Q"))
            .unwrap();
        assert!(consumer.id.starts_with("Layer1") && producer.id.starts_with("Layer0"));
        let f = &consumer.template.resources["F"].properties();
        assert_eq!(f["A"], json!({ "Ref": "QArn" }));
        assert_eq!(f["B"], json!({ "Fn::Sub": "${LfcRootStackName}-x" }));
        assert_eq!(
            producer.template.outputs["QArn"],
            json!({ "Value": { "Fn::GetAtt": ["Q", "Arn"] } })
        );
        let root_f = &s.root.resources[&consumer.id].properties()["Parameters"];
        assert_eq!(
            root_f["QArn"],
            json!({ "Fn::Sub": format!("${{{}.Outputs.QArn}}", producer.id) })
        );
        assert_eq!(root_f["LfcRootStackName"], json!({ "Ref": "AWS::StackName" }));
        assert_eq!(
            s.root.outputs["Out"],
            json!({ "Value": { "Fn::Sub": format!("${{{}.Outputs.F}}", consumer.id) } })
        );
        assert_eq!(s.root.order.last(), Some(&consumer.id));
    }
}
