//! CloudFormation building blocks: resources, intrinsic functions and the
//! canonical serialisation (key order, 2-space indent, final newline).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

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
    pub fn references(&self) -> BTreeSet<String> {
        let mut out = self.depends_on.clone();
        for v in self.properties.values() {
            collect_refs(v, &mut out);
        }
        out
    }

    /// The resource as template JSON, keys in CloudFormation's usual order.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("Type".into(), json!(self.kind));
        if !self.depends_on.is_empty() {
            m.insert("DependsOn".into(), json!(self.depends_on.iter().collect::<Vec<_>>()));
        }
        if self.retain {
            m.insert("DeletionPolicy".into(), json!("Retain"));
            m.insert("UpdateReplacePolicy".into(), json!("Retain"));
        }
        m.insert("Metadata".into(), json!({ "lfc:source": self.source }));
        if !self.properties.is_empty() {
            m.insert("Properties".into(), Value::Object(self.properties.clone()));
        }
        Value::Object(m)
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

fn collect_refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("Ref") {
                if !r.starts_with("AWS::") {
                    out.insert(r.clone());
                }
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                if let Some(Value::String(id)) = a.first() {
                    out.insert(id.clone());
                }
            }
            if let Some(sub) = m.get("Fn::Sub") {
                let (text, vars) = match sub {
                    Value::String(s) => (s.as_str(), None),
                    Value::Array(a) => (a.first().and_then(Value::as_str).unwrap_or(""), a.get(1)),
                    _ => ("", None),
                };
                let names: BTreeSet<&str> = match vars {
                    Some(Value::Object(vm)) => vm.keys().map(String::as_str).collect(),
                    _ => BTreeSet::new(),
                };
                for name in sub_variables(text) {
                    let id = name.split('.').next().unwrap_or(name);
                    if !id.starts_with("AWS::") && !names.contains(id) {
                        out.insert(id.to_string());
                    }
                }
            }
            for x in m.values() {
                collect_refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// The `${…}` variables of a `Fn::Sub` string (`${!…}` is a literal).
pub fn sub_variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) => {
                if !after.starts_with('!') {
                    out.push(&after[..j]);
                }
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// `{ "Ref": id }`
pub fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

/// `{ "Fn::GetAtt": [id, attr] }`
pub fn get_att(id: &str, attr: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attr] })
}

/// `{ "Fn::Sub": text }`
pub fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

/// The whole template.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// `Description`.
    pub description: Option<String>,
    /// `Parameters`.
    pub parameters: BTreeMap<String, Value>,
    /// Resources by logical ID.
    pub resources: BTreeMap<String, Resource>,
    /// The order resources are written in (topological, ties by ID).
    pub order: Vec<String>,
    /// `Outputs`.
    pub outputs: BTreeMap<String, Value>,
}

impl Template {
    /// The template as JSON, keys in the order of LANGUAGE.md §12.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
        if let Some(d) = &self.description {
            m.insert("Description".into(), json!(d));
        }
        if !self.parameters.is_empty() {
            m.insert(
                "Parameters".into(),
                Value::Object(self.parameters.clone().into_iter().collect()),
            );
        }
        let mut res = Map::new();
        let ordered: Vec<&String> = if self.order.len() == self.resources.len() {
            self.order.iter().collect()
        } else {
            self.resources.keys().collect()
        };
        for id in ordered {
            if let Some(r) = self.resources.get(id) {
                res.insert(id.clone(), r.to_json());
            }
        }
        m.insert("Resources".into(), Value::Object(res));
        if !self.outputs.is_empty() {
            m.insert(
                "Outputs".into(),
                Value::Object(self.outputs.clone().into_iter().collect()),
            );
        }
        Value::Object(m)
    }

    /// Canonical JSON text: 2-space indent, final newline.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(&self.to_json()).unwrap_or_default() + "\n"
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
        format!("{body}\n")
    }
}
