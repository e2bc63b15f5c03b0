//! CloudFormation building blocks: resources, intrinsic functions and the
//! canonical serialisation (key order, 2-space indent, final newline).
//!
//! Must not: know about declarations or validate anything.

use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::entry::Entry;
use super::json;
use serde_json::{Map, Value};

/// One resource of the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `AWS::Lambda::Function`, …
    pub kind: &'static str,
    /// Explicit `DependsOn`.
    pub depends_on: BTreeSet<String>,
    /// `Retain` for stateful resources and versions.
    pub retain: bool,
    /// `lfc:source`: `<file>#<path>`.
    pub source: String,
    /// `Properties`.
    pub properties: Map<String, Value>,
}

impl Resource {
    /// A resource of `kind` made for `source`.
    pub fn new(kind: &'static str, source: impl Into<String>) -> Self {
        Resource {
            kind,
            depends_on: BTreeSet::new(),
            retain: false,
            source: source.into(),
            properties: Map::new(),
        }
    }

    /// Sets a property (builder style).
    #[must_use]
    pub fn prop(mut self, key: &str, value: Value) -> Self {
        self.properties.insert(key.to_string(), value);
        self
    }

    /// Sets a property when the value is present.
    #[must_use]
    pub fn prop_opt(self, key: &str, value: Option<Value>) -> Self {
        match value {
            Some(v) => self.prop(key, v),
            None => self,
        }
    }

    /// Every logical ID this resource refers to (`Ref`, `Fn::GetAtt`,
    /// `Fn::Sub` variables, `DependsOn`), pseudo parameters excluded.
    pub fn references(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        self.for_each_reference(|id| {
            out.insert(id);
        });
        out
    }

    /// Calls `f` for every logical ID this resource refers to, as
    /// [`Resource::references`] lists them but unsorted and with repeats.
    pub fn for_each_reference<'r>(&'r self, mut f: impl FnMut(&'r str)) {
        self.depends_on.iter().for_each(|d| f(d));
        for v in self.properties.values() {
            visit_refs(v, &mut |id, _| {
                if !is_pseudo(id) {
                    f(id);
                }
            });
        }
    }

    /// The resource as the template keeps it: written once, with its
    /// references listed.
    pub fn freeze(self) -> Entry {
        let mut references = String::new();
        let mut push = |id: &str, attr: Option<&str>| {
            references.push_str(id);
            if let Some(attr) = attr {
                references.push('.');
                references.push_str(attr);
            }
            references.push('\0');
        };
        self.depends_on.iter().for_each(|d| push(d, None));
        for v in self.properties.values() {
            visit_refs(v, &mut push);
        }
        Entry {
            kind: self.kind,
            text: json::pretty_at(&self, json::RESOURCE_DEPTH),
            source: self.source,
            depends_on: u32::try_from(self.depends_on.len()).unwrap_or(u32::MAX),
            references: references.into_boxed_str(),
        }
    }
}

/// `AWS::Region`, `AWS::StackName`, …
pub(super) fn is_pseudo(id: &str) -> bool {
    id.starts_with("AWS::")
}
/// `{ "lfc:source": … }`
struct SourceMetadata<'a>(&'a str);

impl Serialize for SourceMetadata<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("lfc:source", self.0)?;
        m.end()
    }
}

impl Serialize for Resource {
    /// Written straight from the fields (no intermediate `Value`): `Type`,
    /// `DependsOn`, `DeletionPolicy`, `UpdateReplacePolicy`, `Metadata`, `Properties`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("Type", self.kind)?;
        if !self.depends_on.is_empty() {
            m.serialize_entry("DependsOn", &self.depends_on)?;
        }
        if self.retain {
            m.serialize_entry("DeletionPolicy", "Retain")?;
            m.serialize_entry("UpdateReplacePolicy", "Retain")?;
        }
        m.serialize_entry("Metadata", &SourceMetadata(&self.source))?;
        if !self.properties.is_empty() {
            m.serialize_entry("Properties", &self.properties)?;
        }
        m.end()
    }
}

fn to_yaml(v: &Value) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match v {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Boolean(*b),
        Value::Number(n) => n.as_i64().map_or_else(|| Yaml::Real(n.to_string()), Yaml::Integer),
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(a) => Yaml::Array(a.iter().map(to_yaml).collect()),
        Value::Object(m) => Yaml::Hash(m.iter().map(|(k, v)| (Yaml::String(k.clone()), to_yaml(v))).collect()),
    }
}

/// Adds every logical ID `v` refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub`
/// variables), pseudo parameters excluded.
pub fn collect_refs<'v>(v: &'v Value, out: &mut BTreeSet<&'v str>) {
    visit_refs(v, &mut |id, _| {
        if !is_pseudo(id) {
            out.insert(id);
        }
    });
}

/// Calls `f` for every logical ID or pseudo parameter `v` refers to (`Ref`,
/// `Fn::GetAtt`, `Fn::Sub` variables), with the attribute of a `Fn::GetAtt`
/// or a `${X.attr}`, in document order.
fn visit_refs<'v>(v: &'v Value, f: &mut impl FnMut(&'v str, Option<&'v str>)) {
    match v {
        Value::Object(m) => {
            // One pass over the entries: matching keys costs less than
            // hashing `Ref`, `Fn::GetAtt` and `Fn::Sub` for every object.
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(r)) => f(r, None),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(Value::String(id)) = a.first() {
                            f(id, a.get(1).and_then(Value::as_str));
                        }
                    }
                    ("Fn::Sub", sub) => sub_refs(sub, f),
                    _ => {}
                }
                visit_refs(x, f);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| visit_refs(x, f)),
        _ => {}
    }
}

/// The logical IDs or pseudo parameters (and attributes) of a `Fn::Sub`
/// body's variables not bound by the `Fn::Sub` itself.
fn sub_refs<'v>(sub: &'v Value, f: &mut impl FnMut(&'v str, Option<&'v str>)) {
    let (text, vars) = match sub {
        Value::String(s) => (s.as_str(), None),
        Value::Array(a) => (a.first().and_then(Value::as_str).unwrap_or(""), a.get(1)),
        _ => ("", None),
    };
    let names = vars.and_then(Value::as_object);
    for name in sub_variables(text) {
        let (id, attr) = split_var(name);
        if !names.is_some_and(|n| n.contains_key(id)) {
            f(id, attr);
        }
    }
}

/// The `${…}` variables of a `Fn::Sub` string (`${!…}` is a literal).
pub fn sub_variables(text: &str) -> Vec<&str> {
    sub_variable_ranges(text).map(|r| &text[r]).collect()
}

/// Where each `${…}` variable of a `Fn::Sub` string is (between `${` and
/// `}`), in order; `${!…}` is a literal.
pub fn sub_variable_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + text[from..].find("${")? + 2;
        let end = start + text[start..].find('}')?;
        from = end + 1;
        if !text[start..].starts_with('!') {
            return Some(start..end);
        }
    })
}

/// `X.Arn` → (`X`, `Arn`); `X` → (`X`, none).
pub fn split_var(var: &str) -> (&str, Option<&str>) {
    var.split_once('.').map_or((var, None), |(id, attr)| (id, Some(attr)))
}

/// `{ key: value }`, its map allocated for one entry (a map grown by
/// inserting keeps room for three; these are most of a template's maps).
pub fn single(key: &str, value: Value) -> Value {
    let mut m = Map::with_capacity(1);
    m.insert(key.to_string(), value);
    Value::Object(m)
}

/// `{ "Ref": id }`
pub fn reference(id: &str) -> Value {
    single("Ref", Value::String(id.to_string()))
}

/// `{ "Fn::GetAtt": [id, attr] }`
pub fn get_att(id: &str, attr: &str) -> Value {
    single(
        "Fn::GetAtt",
        Value::Array(vec![Value::String(id.to_string()), Value::String(attr.to_string())]),
    )
}

/// `{ "Fn::Sub": text }`
pub fn sub(text: &str) -> Value {
    single("Fn::Sub", Value::String(text.to_string()))
}

/// The whole template.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// `Description`.
    pub description: Option<String>,
    /// `Parameters`.
    pub parameters: BTreeMap<String, Value>,
    /// `Mappings`.
    pub mappings: BTreeMap<String, Value>,
    /// Resources by logical ID, each written once ([`Resource::freeze`]).
    pub resources: BTreeMap<String, Entry>,
    /// The order resources are written in (topological, ties by ID).
    pub order: Vec<String>,
    /// `Outputs`.
    pub outputs: BTreeMap<String, Value>,
    /// Functions that run as a role lfc does not manage (an ARN), with what
    /// that role must allow; not part of the document. `check` reports them
    /// (LF0501).
    pub unmanaged_roles: Vec<UnmanagedRole>,
}

/// A role given as an ARN: lfc cannot add to it what the function needs.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmanagedRole {
    /// Where the ARN is written.
    pub span: crate::source::Span,
    /// One line per statement the role must hold (`actions on resources`).
    pub needs: Vec<String>,
}

impl Template {
    /// The template as a JSON value, keys in the order of docs/language.md §12.
    pub fn to_json(&self) -> Value {
        serde_json::from_str(&self.to_json_string()).unwrap_or(Value::Null)
    }

    /// Canonical JSON text: 2-space indent, final newline.
    pub fn to_json_string(&self) -> String {
        self.to_json_string_with_sizes().0
    }

    /// The canonical JSON text and the bytes each resource's entry takes in
    /// it, in [`Template::written_order`]: one pass for the text and the
    /// size breakdown of `LF0602`.
    pub fn to_json_string_with_sizes(&self) -> (String, Vec<usize>) {
        json::template_text(self)
    }

    /// Adds a resource under `id` (written once, see [`Resource::freeze`]).
    pub fn insert(&mut self, id: String, r: Resource) {
        self.resources.insert(id, r.freeze());
    }

    /// The resources in the order they are written: `order` once
    /// `graph::order` has set it, else by logical ID.
    pub fn written_order(&self) -> Box<dyn Iterator<Item = (&String, &Entry)> + '_> {
        if self.order.len() == self.resources.len() {
            Box::new(self.order.iter().filter_map(|id| self.resources.get_key_value(id)))
        } else {
            Box::new(self.resources.iter())
        }
    }

    /// YAML text of the same document. Strings a YAML 1.1 reader (as
    /// CloudFormation's) would take for booleans or numbers are quoted.
    pub fn to_yaml_string(&self) -> String {
        let mut out = String::new();
        let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
        emitter.multiline_strings(true);
        if emitter.dump(&to_yaml(&self.to_json())).is_err() {
            return String::new();
        }
        let body = out.strip_prefix("---\n").unwrap_or(&out);
        quote_dates(body) + "\n"
    }
}

/// Quotes plain scalars shaped like a date (`2027-01-01`), which YAML 1.1
/// readers turn into dates; yaml-rust2 leaves them plain. Lines inside block
/// scalars (inline code) are left alone.
fn quote_dates(yaml: &str) -> String {
    let is_date = |v: &str| {
        v.len() == 10
            && v.char_indices()
                .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
    };
    let mut out = String::with_capacity(yaml.len() + 16);
    let mut block_indent: Option<usize> = None;
    for line in yaml.split_inclusive('\n') {
        let text = line.trim_end_matches('\n');
        let indent = text.len() - text.trim_start().len();
        match block_indent {
            Some(b) if indent > b || text.trim().is_empty() => {
                out.push_str(line);
                continue;
            }
            _ => block_indent = None,
        }
        let trimmed = text.trim_end();
        if trimmed.ends_with('|') || trimmed.ends_with("|-") || trimmed.ends_with("|+") {
            block_indent = Some(indent);
        }
        let value_at = trimmed
            .rfind(": ")
            .map(|i| i + 2)
            .or_else(|| trimmed.trim_start().strip_prefix("- ").map(|_| indent + 2));
        match value_at {
            Some(at) if is_date(&trimmed[at..]) => {
                out.push_str(&format!(
                    "{}\"{}\"{}",
                    &trimmed[..at],
                    &trimmed[at..],
                    &line[trimmed.len()..]
                ));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn date_shaped_scalars_are_quoted_outside_block_scalars() {
        let yaml = "A: 2010-09-09\nB:\n  - 2027-01-01\nC: |\n  x: 2027-01-01\nD: 2027-1-01\n";
        assert_eq!(
            quote_dates(yaml),
            "A: \"2010-09-09\"\nB:\n  - \"2027-01-01\"\nC: |\n  x: 2027-01-01\nD: 2027-1-01\n"
        );
    }

    #[test]
    fn sub_variables_skip_literals() {
        assert_eq!(sub_variables("a${X}b${!Y}${Z.Arn}"), ["X", "Z.Arn"]);
    }

    #[test]
    fn references_cover_ref_getatt_sub_and_depends_on_but_not_pseudo_parameters() {
        let mut r = Resource::new("AWS::Lambda::Function", "s.lf#function.f")
            .prop("A", json!({ "Ref": "Q" }))
            .prop("B", json!({ "Fn::GetAtt": ["R", "Arn"] }))
            .prop("C", json!({ "Fn::Sub": ["${S}-${V}-${AWS::Region}", { "V": "x" }] }));
        r.depends_on.insert("P".into());
        let refs: Vec<&str> = r.references().into_iter().collect();
        assert_eq!(refs, ["P", "Q", "R", "S"]);
    }

    #[test]
    fn one_entry_intrinsics_equal_their_json() {
        assert_eq!(reference("A"), json!({ "Ref": "A" }));
        assert_eq!(get_att("A", "Arn"), json!({ "Fn::GetAtt": ["A", "Arn"] }));
        assert_eq!(sub("${A}"), json!({ "Fn::Sub": "${A}" }));
    }

    #[test]
    fn each_reference_is_visited_as_references_lists_it() {
        let r = Resource::new("AWS::SNS::Topic", "s.lf#topic.t")
            .prop("A", json!([{ "Ref": "Q" }, { "Ref": "AWS::Region" }, { "Ref": "Q" }]))
            .prop(
                "B",
                json!({ "Fn::Sub": ["${S.Arn}${V}", { "V": { "Fn::GetAtt": ["R", "Arn"] } }] }),
            );
        let mut seen = Vec::new();
        r.for_each_reference(|id| seen.push(id));
        seen.sort_unstable();
        assert_eq!(seen, ["Q", "Q", "R", "S"]);
        assert_eq!(r.references().into_iter().collect::<Vec<_>>(), ["Q", "R", "S"]);
    }

    #[test]
    fn sizes_add_up_to_the_resources_part_of_the_text() {
        let mut t = Template::default();
        for id in ["B", "A"] {
            t.insert(id.into(), Resource::new("AWS::SQS::Queue", "s.lf#queue.q"));
        }
        t.order = vec!["B".into(), "A".into()];
        let (text, sizes) = t.to_json_string_with_sizes();
        assert_eq!(sizes.len(), 2);
        let one = "\n    \"B\": {\n      \"Type\": \"AWS::SQS::Queue\",\n      \"Metadata\": {\n        \"lfc:source\": \"s.lf#queue.q\"\n      }\n    }";
        assert_eq!(sizes[0], one.len());
        assert!(text.contains(one));
    }

    #[test]
    fn templates_read_as_serde_json_writes_them_at_any_depth() {
        let mut deep = json!({ "Leaf": [1, {}, [], { "A": "x" }] });
        for i in 0..70 {
            deep = json!({ "K": deep, "L": [i, { "M": [] }] });
        }
        let mut t = Template {
            description: Some("d".into()),
            ..Template::default()
        };
        t.parameters
            .insert("P".into(), json!({ "Type": "String", "AllowedValues": ["a", "b"] }));
        t.mappings.insert("M".into(), json!({ "K": { "V": deep.clone() } }));
        t.outputs.insert("O".into(), json!({ "Value": { "Ref": "R" } }));
        let mut r = Resource::new("AWS::SQS::Queue", "s.lf#queue.q").prop("Deep", deep.clone());
        r.retain = true;
        r.depends_on.insert("Q".into());
        t.insert("R".into(), r);
        t.insert("Q".into(), Resource::new("AWS::SNS::Topic", "s.lf#topic.t"));
        t.order = vec!["Q".into(), "R".into()];
        // What serde_json's own pretty printer writes for the same document.
        let expected = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "d",
            "Parameters": { "P": { "Type": "String", "AllowedValues": ["a", "b"] } },
            "Mappings": { "M": { "K": { "V": deep.clone() } } },
            "Resources": {
                "Q": { "Type": "AWS::SNS::Topic", "Metadata": { "lfc:source": "s.lf#topic.t" } },
                "R": {
                    "Type": "AWS::SQS::Queue",
                    "DependsOn": ["Q"],
                    "DeletionPolicy": "Retain",
                    "UpdateReplacePolicy": "Retain",
                    "Metadata": { "lfc:source": "s.lf#queue.q" },
                    "Properties": { "Deep": deep }
                }
            },
            "Outputs": { "O": { "Value": { "Ref": "R" } } }
        });
        let (text, _) = t.to_json_string_with_sizes();
        assert_eq!(text, serde_json::to_string_pretty(&expected).unwrap() + "\n");
        let empty = Template::default().to_json_string();
        let expected = json!({ "AWSTemplateFormatVersion": "2010-09-09", "Resources": {} });
        assert_eq!(empty, serde_json::to_string_pretty(&expected).unwrap() + "\n");
    }

    #[test]
    fn resources_serialise_in_cloudformation_key_order() {
        let mut r = Resource::new("AWS::S3::Bucket", "s.lf#bucket.b").prop("BucketName", json!("x"));
        r.retain = true;
        r.depends_on.insert("P".into());
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(
            text,
            r#"{"Type":"AWS::S3::Bucket","DependsOn":["P"],"DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain","Metadata":{"lfc:source":"s.lf#bucket.b"},"Properties":{"BucketName":"x"}}"#
        );
    }
}
