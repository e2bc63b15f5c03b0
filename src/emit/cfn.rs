//! CloudFormation building blocks: resources, intrinsic functions and the
//! canonical serialisation (key order, 2-space indent, final newline).
//!
//! Must not: know about declarations or validate anything.

use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeMap, Serializer};

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

/// One entry of a template's `Resources` once emitted: its JSON text,
/// written once when the resource is added ([`Resource::freeze`]), and what
/// `graph`, `split` and `check` read of it without parsing the text back.
/// A resource kept as text instead of a `Value` tree takes a fifth of the
/// memory and is never serialised twice (issue 11).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `AWS::Lambda::Function`, …
    pub kind: &'static str,
    /// `lfc:source`: `<file>#<path>`.
    pub source: String,
    /// The resource object in the canonical pretty format, indented for its
    /// place in the template (inside `Resources`).
    text: Box<str>,
    /// Every logical ID and pseudo parameter it refers to, with `.attr`
    /// after a `Fn::GetAtt` or `${X.attr}`, each followed by a `\0` (IDs
    /// never hold one); `DependsOn` first.
    references: Box<str>,
    /// How many of `references` are its `DependsOn`.
    depends_on: u32,
}

/// A reference an [`Entry`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The logical ID.
    pub id: &'a str,
    /// The attribute of a `Fn::GetAtt` or of a `${X.attr}` in a `Fn::Sub`.
    pub attr: Option<&'a str>,
    /// Whether it is an entry of `DependsOn`.
    pub depends_on: bool,
}

impl Entry {
    /// The resource object as the template writes it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Calls `f` for every logical ID this resource refers to, unsorted and
    /// with repeats (see [`Resource::for_each_reference`]).
    pub fn for_each_reference<'r>(&'r self, f: impl FnMut(&'r str)) {
        self.each_reference().map(|r| r.id).for_each(f);
    }

    /// Every logical ID this resource refers to, pseudo parameters excluded.
    pub fn references(&self) -> BTreeSet<&str> {
        self.each_reference().map(|r| r.id).collect()
    }

    /// Each reference to a logical ID with its attribute, `DependsOn`
    /// first, in document order and with repeats.
    pub fn each_reference(&self) -> impl Iterator<Item = Reference<'_>> {
        self.all_references().filter(|r| !is_pseudo(r.id))
    }

    /// Each pseudo parameter it refers to (`AWS::StackName`), with repeats.
    pub fn pseudo_parameters(&self) -> impl Iterator<Item = &str> {
        self.all_references().map(|r| r.id).filter(|id| is_pseudo(id))
    }

    fn all_references(&self) -> impl Iterator<Item = Reference<'_>> {
        let depends_on = self.depends_on as usize;
        self.references.split_terminator('\0').enumerate().map(move |(i, r)| {
            let (id, attr) = r.split_once('.').map_or((r, None), |(id, attr)| (id, Some(attr)));
            Reference {
                id,
                attr,
                depends_on: i < depends_on,
            }
        })
    }

    /// This entry with every `{"Ref": pseudo}` and `${pseudo}` replaced by
    /// `to` in its text, as the same change to its values would write it;
    /// `None` when the text holds `${pseudo}` outside a `Fn::Sub`, which the
    /// caller changes in the values.
    pub fn replace_pseudo_parameter(&self, pseudo: &str, to: &str) -> Option<Entry> {
        let expected = self.pseudo_parameters().filter(|p| *p == pseudo).count();
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let (text, refs) = replace_all(
            &self.text,
            &format!("\"Ref\": {}", quoted(pseudo)),
            &format!("\"Ref\": {}", quoted(to)),
        );
        let (text, subs) = replace_all(&text, &format!("${{{pseudo}}}"), &format!("${{{to}}}"));
        if refs + subs != expected {
            return None;
        }
        let references: String = self
            .references
            .split_terminator('\0')
            .flat_map(|r| [if r == pseudo { to } else { r }, "\0"])
            .collect();
        Some(Entry {
            kind: self.kind,
            source: self.source.clone(),
            text: text.into_boxed_str(),
            references: references.into_boxed_str(),
            depends_on: self.depends_on,
        })
    }

    /// The text of the property `key` as the template writes it (pretty,
    /// indented for its depth), found without parsing: a property is the
    /// line that starts with its key at the depth of `Properties`' entries
    /// (strings hold no raw line breaks, so such a line is never inside one),
    /// and an object or list ends at the first line that closes at that depth.
    pub fn property_text(&self, key: &str) -> Option<&str> {
        let indent = " ".repeat(2 * (json::RESOURCE_DEPTH + 2));
        let head = format!("\n{indent}{}: ", serde_json::to_string(key).ok()?);
        let start = self.text.find(&head)? + head.len();
        let rest = &self.text[start..];
        let end = match rest.as_bytes().first()? {
            open @ (b'[' | b'{') => {
                let close = format!("\n{indent}{}", if *open == b'[' { ']' } else { '}' });
                rest.find(&close)? + close.len()
            }
            _ => rest.find('\n').unwrap_or(rest.len()),
        };
        Some(rest[..end].strip_suffix(',').unwrap_or(&rest[..end]))
    }

    /// This entry with each one-key `{"Fn::GetAtt": [id, attr]}` for which
    /// `name` answers replaced by `{"Ref": name}`, edited in its text as the
    /// same change to its values would write it; `None` when a reference
    /// with an attribute that `name` answers is not such an object (a
    /// `${X.attr}` in a `Fn::Sub`), which the caller changes in the values.
    /// `name` is asked more than once for the same reference.
    pub fn replace_get_atts(&self, mut name: impl FnMut(&str, &str) -> Option<String>) -> Option<Entry> {
        const KEY: &str = "\"Fn::GetAtt\": [";
        let finder = memchr::memmem::Finder::new(KEY);
        let mut text = String::with_capacity(self.text.len());
        let mut rest = &*self.text;
        let mut replaced = 0;
        while let Some(at) = finder.find(rest.as_bytes()) {
            let (before, from) = rest.split_at(at);
            text.push_str(before);
            let found = one_key_get_att(before, &from[KEY.len()..]);
            match found.and_then(|(id, attr, len)| Some((name(id, attr)?, len))) {
                Some((to, len)) => {
                    text.push_str("\"Ref\": ");
                    text.push_str(&serde_json::to_string(&to).ok()?);
                    replaced += 1;
                    rest = &from[KEY.len() + len..];
                }
                None => {
                    text.push_str(KEY);
                    rest = &from[KEY.len()..];
                }
            }
        }
        text.push_str(rest);
        let mut references = String::with_capacity(self.references.len());
        let mut expected = 0;
        for r in self.all_references() {
            let to = r.attr.filter(|_| !is_pseudo(r.id)).and_then(|attr| name(r.id, attr));
            expected += usize::from(to.is_some());
            match to {
                Some(to) => references.push_str(&to),
                None => {
                    references.push_str(r.id);
                    if let Some(attr) = r.attr {
                        references.push('.');
                        references.push_str(attr);
                    }
                }
            }
            references.push('\0');
        }
        (expected == replaced).then(|| Entry {
            kind: self.kind,
            source: self.source.clone(),
            text: text.into_boxed_str(),
            references: references.into_boxed_str(),
            depends_on: self.depends_on,
        })
    }

    /// The resource as emitters build it, read back from its text.
    pub fn thaw(&self) -> Resource {
        let mut r = Resource::new(self.kind, self.source.clone());
        let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(&self.text) else {
            return r;
        };
        if let Some(Value::Array(deps)) = m.remove("DependsOn") {
            r.depends_on = deps
                .into_iter()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect();
        }
        r.retain = m.contains_key("DeletionPolicy");
        if let Some(Value::Object(props)) = m.remove("Properties") {
            r.properties = props;
        }
        r
    }

    /// Its `Properties`, read back from its text.
    pub fn properties(&self) -> Map<String, Value> {
        self.thaw().properties
    }
}

/// `text` with every `from` replaced by `to`, and how many there were.
fn replace_all(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut count = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), from) {
        out.push_str(&text[last..at]);
        out.push_str(to);
        last = at + from.len();
        count += 1;
    }
    out.push_str(&text[last..]);
    (out, count)
}

/// `AWS::Region`, `AWS::StackName`, …
fn is_pseudo(id: &str) -> bool {
    id.starts_with("AWS::")
}

/// The ID and attribute of a `Fn::GetAtt` in canonical text, and the bytes
/// its list takes: `after` follows `"Fn::GetAtt": [`, and the object holds
/// nothing else (`before` ends in its `{`, its `}` follows the list).
fn one_key_get_att<'t>(before: &str, after: &'t str) -> Option<(&'t str, &'t str, usize)> {
    if !before.trim_end().ends_with('{') {
        return None;
    }
    let string = |s: &'t str| -> Option<(&'t str, &'t str)> {
        let s = s.trim_start().strip_prefix('"')?;
        let end = s.find('"')?;
        let value = &s[..end];
        (!value.contains('\\')).then_some((value, &s[end + 1..]))
    };
    let (id, rest) = string(after)?;
    let (attr, rest) = string(rest.strip_prefix(',')?)?;
    let rest = rest.trim_start().strip_prefix(']')?;
    rest.trim_start()
        .starts_with('}')
        .then_some((id, attr, after.len() - rest.len()))
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
        let (id, attr) = name.split_once('.').map_or((name, None), |(id, attr)| (id, Some(attr)));
        if !names.is_some_and(|n| n.contains_key(id)) {
            f(id, attr);
        }
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
    fn get_atts_replaced_in_the_text_read_as_the_values_would_be_written() {
        let r = Resource::new("AWS::IAM::Role", "s.lf#function.f")
            .prop("A", json!({ "Fn::GetAtt": ["Q", "Arn"] }))
            .prop(
                "B",
                json!([{ "Fn::GetAtt": ["Q", "Arn"] }, { "Fn::GetAtt": ["L", "Arn"] }]),
            )
            .prop(
                "C",
                json!({ "X": { "Fn::GetAtt": ["S", "Outputs.Y"] }, "Z": "Fn::GetAtt" }),
            );
        let name = |id: &str, attr: &str| (id != "L").then(|| format!("{id}{}", attr.replace('.', "")));
        let entry = r.clone().freeze().replace_get_atts(name).unwrap();
        let expected = Resource::new("AWS::IAM::Role", "s.lf#function.f")
            .prop("A", json!({ "Ref": "QArn" }))
            .prop("B", json!([{ "Ref": "QArn" }, { "Fn::GetAtt": ["L", "Arn"] }]))
            .prop("C", json!({ "X": { "Ref": "SOutputsY" }, "Z": "Fn::GetAtt" }))
            .freeze();
        assert_eq!(entry, expected);
        // A `${Q.Arn}` is not a `Fn::GetAtt`: left to the caller.
        let sub = Resource::new("AWS::IAM::Role", "s.lf#function.f").prop("A", json!({ "Fn::Sub": "${Q.Arn}/x" }));
        assert_eq!(sub.freeze().replace_get_atts(name), None);
        // Nor is a `Fn::GetAtt` that shares its object with another key.
        let two =
            Resource::new("AWS::IAM::Role", "s.lf#function.f").prop("A", json!({ "Fn::GetAtt": ["Q", "Arn"], "B": 1 }));
        assert_eq!(two.freeze().replace_get_atts(name), None);
    }

    #[test]
    fn an_entry_thaws_into_the_resource_it_was_frozen_from() {
        let mut r = Resource::new("AWS::Lambda::Function", "s.lf#function.f")
            .prop("A", json!({ "Ref": "Q" }))
            .prop(
                "B",
                json!([1, 2.5, "x\"y\n        ]", null, true, { "Fn::GetAtt": ["R", "Arn"] }]),
            )
            .prop("D", json!({ "E": { "F": [] }, "G": "\n        }" }))
            .prop("H", json!("x"));
        r.retain = true;
        r.depends_on.insert("P".into());
        let entry = r.clone().freeze();
        assert_eq!(entry.thaw(), r);
        for (key, value) in &r.properties {
            let text = entry.property_text(key).unwrap();
            assert_eq!(serde_json::from_str::<Value>(text).unwrap(), *value, "{key}");
        }
        assert_eq!(entry.property_text("C"), None);
        let refs: Vec<_> = entry.each_reference().map(|r| (r.id, r.attr, r.depends_on)).collect();
        assert_eq!(refs, [("P", None, true), ("Q", None, false), ("R", Some("Arn"), false)]);
        assert_eq!(entry.properties(), r.properties);
        assert_eq!(entry.references(), r.references());
        let (mut seen, mut expected) = (Vec::new(), Vec::new());
        entry.for_each_reference(|id| seen.push(id.to_string()));
        r.for_each_reference(|id| expected.push(id.to_string()));
        assert_eq!(seen, expected);
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
