//! A template's resources once emitted ([`Entry`]): each one's JSON text,
//! written once, the references `graph` and `split` read, and the edits
//! `split` makes in the text when a resource moves to a nested template.
//!
//! Must not: know about declarations, or decide which references change
//! (the caller names them).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::cfn::{is_pseudo, Resource};
use super::json;

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
    pub(super) text: Box<str>,
    /// Every logical ID and pseudo parameter it refers to, with `.attr`
    /// after a `Fn::GetAtt` or `${X.attr}`, each followed by a `\0` (IDs
    /// never hold one); `DependsOn` first.
    pub(super) references: Box<str>,
    /// How many of `references` are its `DependsOn`.
    pub(super) depends_on: u32,
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
        let end = match rest.as_bytes() {
            [b'[', b']', ..] | [b'{', b'}', ..] => 2,
            [open @ (b'[' | b'{'), ..] => {
                let close = format!("\n{indent}{}", if *open == b'[' { ']' } else { '}' });
                rest.find(&close)? + close.len()
            }
            [] => return None,
            [_, ..] => rest.find('\n').unwrap_or(rest.len()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            .prop("Empty", json!([]))
            .prop("None", json!({}))
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
}
