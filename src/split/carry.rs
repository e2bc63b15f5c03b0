//! How values cross from one template to another when a stack is split:
//! the names they travel under ([`CarriedNames`]), and the edits a
//! resource's text takes when its references point into another template
//! ([`edit_text`]).
//!
//! Must not: place resources (`split` does) or read a resource back into
//! values (the caller does, when [`TextEdit::NeedsValues`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::PSEUDO;
use crate::emit::entry::{Entry, Reference};
use crate::emit::rewrite::Resolve;
use crate::emit::ASSETS_PARAMETER;

/// The names of values carried between templates: a nested template's
/// parameter and the producing template's output. `Ref X` travels as `X`;
/// `Fn::GetAtt X.attr` as `X` and `attr` joined (`QueueArn`), unless that
/// is already a logical ID, a parameter of the stack, another carried value
/// (`AB.C` and `A.BC`) or a name lfc passes down, when a number is added
/// (`QueueArn2`). A nested template's parameters and resources share one
/// namespace, so a carried name equal to any of these would merge two values.
pub(super) struct CarriedNames<'a> {
    /// Names in use: logical IDs, the stack's parameters, lfc's own.
    taken: HashSet<&'a str>,
    /// Names given, by (logical ID, attribute).
    given: HashMap<(String, String), String>,
    /// The names given, for `taken` (they own their text).
    given_names: HashSet<String>,
}

impl<'a> CarriedNames<'a> {
    pub(super) fn new(ids: &'a [String], params: &'a BTreeMap<String, Value>) -> Self {
        let taken = ids
            .iter()
            .chain(params.keys())
            .map(String::as_str)
            .chain(PSEUDO.iter().map(|(_, name)| *name))
            .chain([ASSETS_PARAMETER])
            .collect();
        CarriedNames {
            taken,
            given: HashMap::new(),
            given_names: HashSet::new(),
        }
    }

    /// The name that carries `id`'s `attr` (or `id` itself).
    pub(super) fn name(&mut self, id: &str, attr: Option<&str>) -> String {
        let Some(attr) = attr else {
            return id.to_string();
        };
        let key = (id.to_string(), attr.to_string());
        if let Some(name) = self.given.get(&key) {
            return name.clone();
        }
        let base = format!("{id}{}", attr.replace('.', ""));
        let mut name = base.clone();
        let mut n = 1;
        while self.taken.contains(name.as_str()) || self.given_names.contains(&name) {
            n += 1;
            name = format!("{base}{n}");
        }
        self.given_names.insert(name.clone());
        self.given.insert(key, name.clone());
        name
    }
}

/// What crossing templates does to a resource's text.
pub(super) enum TextEdit {
    /// Nothing changes: each `Ref X` reads the parameter `X`.
    Unchanged,
    /// Its `Fn::GetAtt`s and the root's stack ID and name, replaced in the text.
    Edited(Entry),
    /// A `DependsOn` or a `${X.attr}` crosses: the values must be rewritten.
    NeedsValues,
}

/// Rewrites in `entry`'s text what refers to other templates (`crossing`),
/// registering each as an input through `resolve`, when the text can say
/// it: a `Ref X` reads the parameter `X` as written, and a `Fn::GetAtt` or a
/// pseudo parameter becomes a `Ref` in place. Reading every resource back
/// into values cost more than the rest of the split (issue 11).
pub(super) fn edit_text(
    entry: &Entry,
    crossing: &impl Fn(&Reference<'_>) -> bool,
    resolve: &mut Resolve<'_>,
) -> TextEdit {
    if entry.each_reference().any(|r| r.depends_on && crossing(&r)) {
        return TextEdit::NeedsValues;
    }
    entry
        .each_reference()
        .filter(|r| r.attr.is_none() && crossing(r))
        .for_each(|r| drop(resolve(r.id, None)));
    let mut edited: Option<Entry> = None;
    for (pseudo, _) in PSEUDO {
        if !entry.pseudo_parameters().any(|p| p == pseudo) {
            continue;
        }
        let Some(name) = resolve(pseudo, None).map(|r| r.name) else {
            continue;
        };
        match edited.as_ref().unwrap_or(entry).replace_pseudo_parameter(pseudo, &name) {
            Some(e) => edited = Some(e),
            None => return TextEdit::NeedsValues,
        }
    }
    if entry.each_reference().any(|r| r.attr.is_some() && crossing(&r)) {
        let current = edited.as_ref().unwrap_or(entry);
        match current.replace_get_atts(|id, attr| resolve(id, Some(attr)).map(|r| r.name)) {
            Some(e) => edited = Some(e),
            None => return TextEdit::NeedsValues,
        }
    }
    edited.map_or(TextEdit::Unchanged, TextEdit::Edited)
}
