//! Every declared name of a stack and every place it is used, from the
//! syntax trees of all its files: what definition, references, rename,
//! hover and symbols look up.
//!
//! Must not: resolve anything the model does not. A use is recorded only
//! when its name is declared; `var.NAME` uses name variables, every other
//! word or `${…}` reference names a declaration by its first segment.

use std::collections::HashSet;

use crate::source::Span;
use crate::syntax::ast::{Block, Entry, Item, StrLit, StrPart, Value, ValueKind};
use crate::Output;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Namespace {
    /// A declaration (`function`, `queue`, …).
    Decl,
    /// A `var`.
    Var,
    /// An `output` (never referenced).
    Output,
}

/// A declared name.
#[derive(Debug, Clone)]
pub struct Def {
    /// The name.
    pub name: String,
    /// Its namespace.
    pub ns: Namespace,
    /// The keyword that declared it (`queue`, `var`, `output`).
    pub keyword: String,
    /// Where the name is written.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
}

/// The names of one stack.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Declarations, in file and source order.
    pub defs: Vec<Def>,
    /// Uses of declared names: namespace, name, where the name is written.
    pub uses: Vec<(Namespace, String, Span)>,
}

impl Index {
    /// Indexes every file of a compilation.
    pub fn build(output: &Output) -> Index {
        let mut ix = Index::default();
        let mut uses = Vec::new();
        for (_, file) in &output.syntax {
            for item in &file.items {
                match item {
                    Item::Import { .. } => {}
                    Item::Var { name, value, span } => {
                        ix.def(&name.text, Namespace::Var, "var", name.span, *span);
                        walk_value(value, &mut uses);
                    }
                    Item::Output { name, body, span } => {
                        ix.def(&name.text, Namespace::Output, "output", name.span, *span);
                        walk_value(body, &mut uses);
                    }
                    Item::Decl(d) => {
                        if d.kind.text != "stack" {
                            ix.def(&d.name.text, Namespace::Decl, &d.kind.text, d.name.span, d.span);
                        }
                        walk_block(&d.body, &mut uses);
                    }
                }
            }
        }
        let declared: HashSet<(Namespace, &str)> = ix.defs.iter().map(|d| (d.ns, d.name.as_str())).collect();
        uses.retain(|(ns, name, _)| declared.contains(&(*ns, name.as_str())));
        ix.uses = uses;
        ix
    }

    fn def(&mut self, name: &str, ns: Namespace, keyword: &str, name_span: Span, span: Span) {
        self.defs.push(Def {
            name: name.to_string(),
            ns,
            keyword: keyword.to_string(),
            name_span,
            span,
        });
    }

    /// The declaration of a name (the first, when declared twice).
    pub fn def_of(&self, ns: Namespace, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.ns == ns && d.name == name)
    }

    /// The name written at byte `offset` of `file` (a declaration or a use),
    /// with the span of that occurrence.
    pub fn at(&self, file: crate::source::FileId, offset: usize) -> Option<(Namespace, &str, Span)> {
        let hit = |s: &Span| s.file == file && (s.start as usize..=s.end as usize).contains(&offset);
        self.defs
            .iter()
            .find(|d| hit(&d.name_span))
            .map(|d| (d.ns, d.name.as_str(), d.name_span))
            .or_else(|| {
                self.uses
                    .iter()
                    .find(|(_, _, s)| hit(s))
                    .map(|(ns, n, s)| (*ns, n.as_str(), *s))
            })
    }

    /// Every occurrence of a name: its declarations, then its uses.
    pub fn occurrences(&self, ns: Namespace, name: &str) -> Vec<Span> {
        let defs = self
            .defs
            .iter()
            .filter(|d| d.ns == ns && d.name == name)
            .map(|d| d.name_span);
        let uses = self
            .uses
            .iter()
            .filter(|(n, x, _)| *n == ns && x == name)
            .map(|(_, _, s)| *s);
        defs.chain(uses).collect()
    }

    /// The keyword of the declaration named `name`, if declared.
    pub fn kind_of(&self, name: &str) -> Option<&str> {
        self.def_of(Namespace::Decl, name).map(|d| d.keyword.as_str())
    }
}

fn walk_block(block: &Block, uses: &mut Vec<(Namespace, String, Span)>) {
    for entry in &block.entries {
        match entry {
            Entry::Attr { value, .. } => walk_value(value, uses),
            Entry::On(t) => {
                if let Some(target) = &t.target {
                    uses.push((Namespace::Decl, target.text.clone(), target.span));
                }
                if let Some(arg) = &t.arg {
                    walk_str(arg, uses);
                }
                if let Some(options) = &t.options {
                    walk_block(options, uses);
                }
            }
            Entry::Allow(g) => {
                uses.push((Namespace::Decl, g.target.text.clone(), g.target.span));
                if let Some(p) = &g.pattern {
                    walk_str(p, uses);
                }
            }
            Entry::RawAllow { actions, resources, .. } => {
                walk_value(actions, uses);
                walk_value(resources, uses);
            }
        }
    }
}

fn walk_value(value: &Value, uses: &mut Vec<(Namespace, String, Span)>) {
    match &value.kind {
        ValueKind::Word(w) => reference(w, value.span, uses),
        ValueKind::Str(lit) => walk_str(lit, uses),
        ValueKind::S3(b) | ValueKind::Block(b) => walk_block(b, uses),
        ValueKind::List(items) | ValueKind::Call { args: items, .. } => items.iter().for_each(|v| walk_value(v, uses)),
        ValueKind::Raw(_)
        | ValueKind::Inline(_)
        | ValueKind::Number(_)
        | ValueKind::Quantity { .. }
        | ValueKind::Bool(_) => {}
    }
}

fn walk_str(lit: &StrLit, uses: &mut Vec<(Namespace, String, Span)>) {
    for part in &lit.parts {
        match part {
            StrPart::Interp { reference: r, span } => reference(r, *span, uses),
            StrPart::Text(_) => {}
        }
    }
}

/// `var.NAME`, or `NAME[.attr]` written at `span`.
fn reference(text: &str, span: Span, uses: &mut Vec<(Namespace, String, Span)>) {
    let start = span.start as usize;
    if let Some(name) = text.strip_prefix("var.") {
        let name = name.split('.').next().unwrap_or(name);
        uses.push((
            Namespace::Var,
            name.to_string(),
            Span::new(span.file, start + 4, start + 4 + name.len()),
        ));
    } else {
        let head = text.split('.').next().unwrap_or(text);
        uses.push((
            Namespace::Decl,
            head.to_string(),
            Span::new(span.file, start, start + head.len()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::MemoryReader;

    #[test]
    fn uses_are_found_in_every_position_a_name_can_stand() {
        let src = r#"var stage = "dev"
queue jobs {}
function f {
  runtime = python3.13
  handler = "index.handler"
  code = s3 { bucket = "b", key = "k" }
  env { URL = jobs, ARN = "${jobs.arn}-${var.stage}", STAGE = var.stage }
  allow send jobs
  allow ["sqs:PurgeQueue"] on [jobs.arn]
}
output url = jobs.url
"#;
        let mut reader = MemoryReader::default();
        reader.files.insert("s.lf".into(), src.to_string());
        let out = crate::compile("s.lf".as_ref(), "s.lf", &reader, &crate::Options::default()).expect("in memory");
        let ix = Index::build(&out);
        let texts = |ns, name| -> Vec<&str> {
            ix.occurrences(ns, name)
                .into_iter()
                .map(|s| &src[s.start as usize..s.end as usize])
                .collect()
        };
        assert_eq!(texts(Namespace::Decl, "jobs"), ["jobs"; 6]);
        assert_eq!(texts(Namespace::Var, "stage"), ["stage"; 3]);
        // `python3.13`, `index`, `sqs` name nothing declared.
        assert!(ix.uses.iter().all(|(_, n, _)| n == "jobs" || n == "stage"));
    }
}
