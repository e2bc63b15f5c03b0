//! Lowering of the parsed files into the [`Stack`] model: `build` runs the
//! passes, the submodules read one kind of declaration or statement each.
//!
//! Must not: judge AWS limits (that is `check`) or know CloudFormation.

mod auth;
mod function;
mod grants;
mod monitor;
mod names;
mod outputs;
mod params;
mod resolve;
mod resources;
mod secrets;
mod table;
mod triggers;
mod vars;
mod workflow;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{self, Block, Entry, Item, Value, ValueKind};
use crate::syntax::split::ITEM_KEYWORDS;

use super::load::Loaded;
use super::values::{Props, Reader, Vars};
use super::*;
use names::stack_name_from_file;
pub use names::{valid_name, RESERVED as RESERVED_NAMES};
use vars::collect_vars;

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--var NAME=VALUE` overrides, in order.
    pub vars: Vec<(String, String)>,
}

/// Builds the stack model from loaded files.
pub fn build(loaded: &Loaded, opts: &BuildOptions, diags: &mut Diagnostics) -> Stack {
    let sources = &loaded.sources;
    let main = sources.get(FileId(0));
    let root = main.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = stack_name_from_file(&main.path);

    let vars = collect_vars(loaded, opts, diags);
    let mut b = Builder {
        sources,
        rel_files: sources.files().map(|(_, f)| relative(&f.path, &root)).collect(),
        vars: &vars,
        diags,
        kinds: BTreeMap::new(),
        apis: Vec::new(),
        params: BTreeMap::new(),
    };
    b.collect_params(loaded);

    let declared = declare(&mut b, loaded);
    let mut stack = Stack {
        name: stem,
        root,
        ..Stack::default()
    };
    let defaults = declared.stack_decl.and_then(|sd| stack_block(&mut b, sd, &mut stack));
    if let Some(def) = &defaults {
        check_defaults(&mut b, def);
    }
    read_decls(&mut b, &declared, defaults.as_ref(), &mut stack);
    index_listeners(&mut stack);
    read_outputs(&mut b, loaded, &mut stack);
    stack.params = std::mem::take(&mut b.params);
    stack
}

/// The declarations of pass 1, in file order, with their kinds.
struct Declared<'l> {
    decls: Vec<(&'l ast::Decl, Kind)>,
    stack_decl: Option<&'l ast::Decl>,
    /// `on http` is used but no `api` is declared: lfc adds one named `http`.
    implicit_api: bool,
}

/// Pass 1: every name and its kind, so references resolve in any order.
fn declare<'l>(b: &mut Builder<'_>, loaded: &'l Loaded) -> Declared<'l> {
    let mut decls: Vec<(&ast::Decl, Kind)> = Vec::new();
    let mut stack_decl: Option<&ast::Decl> = None;
    let mut has_http = false;
    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Decl(d) = item else { continue };
            if d.kind.text == "param" {
                continue; // read by `collect_params`
            }
            if d.kind.text == "stack" {
                if let Some(first) = stack_decl {
                    b.diags.push(
                        Diagnostic::error(
                            Code::DuplicateName,
                            d.kind.span,
                            "a stack has at most one `stack` declaration",
                        )
                        .with_label(first.kind.span, "the first one")
                        .with_help("merge the two `stack` blocks"),
                    );
                } else {
                    stack_decl = Some(d);
                }
                continue;
            }
            let Some(kind) = Kind::from_keyword(&d.kind.text) else {
                let mut diag = Diagnostic::error(
                    Code::UnknownKind,
                    d.kind.span,
                    format!("unknown declaration kind `{}`", d.kind.text),
                );
                diag = diag.with_closest_at(
                    d.kind.span,
                    &d.kind.text,
                    ITEM_KEYWORDS.iter().copied(),
                    format!("declarations are: {}", ITEM_KEYWORDS.join(", ")),
                );
                b.diags.push(diag);
                continue;
            };
            if !b.check_name(&d.name) {
                continue;
            }
            if let Some((_, first_span)) = b.kinds.get(&d.name.text) {
                b.diags.push(Diagnostic::declared_twice(
                    &format!("`{}`", d.name.text),
                    d.name.span,
                    *first_span,
                    "names are shared by every kind and every file of the stack: rename one",
                ));
                continue;
            }
            has_http |= kind == Kind::Function
                && d.body.entries.iter().any(
                    |e| matches!(e, Entry::On(t) if TriggerType::from_keyword(&t.kind.text) == Some(TriggerType::Http)),
                );
            b.kinds.insert(d.name.text.clone(), (kind, d.name.span));
            decls.push((d, kind));
        }
    }
    let implicit_api = has_http && !b.kinds.values().any(|(k, _)| *k == Kind::Api);
    if implicit_api {
        b.kinds.insert("http".into(), (Kind::Api, Span::default()));
    }
    b.apis = b
        .kinds
        .iter()
        .filter(|(_, (k, _))| *k == Kind::Api)
        .map(|(n, _)| n.clone())
        .collect();

    Declared {
        decls,
        stack_decl,
        implicit_api,
    }
}

/// The `stack { … }` block: name, description and tags into `stack`; its
/// `defaults` returned.
fn stack_block(b: &mut Builder<'_>, sd: &ast::Decl, stack: &mut Stack) -> Option<Block> {
    stack.name = sd.name.text.clone();
    b.check_name(&sd.name);
    let mut props = Props::new(&sd.body, b.diags);
    if let Some(v) = props.take("description") {
        stack.description = b.reader().string(v);
    }
    if let Some(v) = props.take("tags") {
        stack.tags = b.tags(v).into_iter().map(|(k, v)| (k, v.value)).collect();
        stack.tags_span = Some(v.span);
    }
    let defaults = props.take("defaults").and_then(|v| b.reader().block(v));
    if let Some(v) = props.take("dashboard") {
        let file = b.rel_file(sd.span.file);
        stack.dashboard = b.reader().boolean(v).map(|d| (d, file));
    }
    props.finish("`stack`", &["description", "defaults", "tags", "dashboard"], b.diags);
    b.statements_not_allowed(&sd.body, "`stack`");
    defaults
}

/// `defaults` holds only function properties that may have a default.
fn check_defaults(b: &mut Builder<'_>, def: &Block) {
    for e in &def.entries {
        match e {
            Entry::Attr { key, .. } => match FunctionProp::from_key(&key.text) {
                Some(prop) if prop.defaultable() => {}
                Some(_) => b.diags.push(
                    Diagnostic::error(
                        Code::UnknownProperty,
                        key.span,
                        format!("`{}` cannot have a default", key.text),
                    )
                    .with_help("set it on each function"),
                ),
                None => {
                    let keys = FunctionProp::keys();
                    let mut d = Diagnostic::error(
                        Code::UnknownProperty,
                        key.span,
                        format!("`{}` is not a function property", key.text),
                    );
                    d = d.with_closest_at(
                        key.span,
                        &key.text,
                        keys,
                        format!("`defaults` takes function properties: {}", keys.join(", ")),
                    );
                    b.diags.push(d);
                }
            },
            other => b.diags.push(
                Diagnostic::error(
                    Code::UnknownProperty,
                    entry_span(other),
                    "`defaults` holds properties, not statements",
                )
                .with_help("write `on` and `allow` statements on each function"),
            ),
        }
    }
}

/// Pass 2: each declaration read into the stack (and the implicit api).
fn read_decls(b: &mut Builder<'_>, declared: &Declared<'_>, defaults: Option<&Block>, stack: &mut Stack) {
    for &(d, kind) in &declared.decls {
        let file = b.rel_file(d.span.file);
        let decl_kind = match kind {
            Kind::Function => DeclKind::Function(Box::new(b.function(d, defaults))),
            Kind::Layer => DeclKind::Layer(b.layer(&d.body)),
            Kind::Role => DeclKind::Role(b.role(&d.body)),
            Kind::Bucket => DeclKind::Bucket(b.bucket(&d.body)),
            Kind::Queue => DeclKind::Queue(b.queue(&d.body)),
            Kind::Topic => DeclKind::Topic(b.topic(&d.body)),
            Kind::Table => DeclKind::Table(b.table(&d.body)),
            Kind::Stream => DeclKind::Stream(b.stream(&d.body)),
            Kind::Api => DeclKind::Api(b.api(&d.body)),
            Kind::Workflow => DeclKind::Workflow(b.workflow(&d.body)),
        };
        stack.decls.insert(
            d.name.text.clone(),
            Decl {
                name: d.name.text.clone(),
                name_span: d.name.span,
                span: d.span,
                file,
                kind: decl_kind,
            },
        );
    }
    if declared.implicit_api {
        stack.decls.insert(
            "http".into(),
            Decl {
                name: "http".into(),
                name_span: Span::default(),
                span: Span::default(),
                file: b.rel_file(FileId(0)),
                kind: DeclKind::Api(Api {
                    implicit: true,
                    ..Api::default()
                }),
            },
        );
    }
}

/// Which functions listen to each source declaration.
fn index_listeners(stack: &mut Stack) {
    for (fname, decl) in &stack.decls {
        if let DeclKind::Function(f) = &decl.kind {
            for (i, t) in f.triggers.iter().enumerate() {
                if let Some(source) = t.source() {
                    stack
                        .listeners
                        .entry(source.value.clone())
                        .or_default()
                        .push((fname.clone(), i));
                }
            }
        }
    }
}

/// `output` declarations of every file.
fn read_outputs(b: &mut Builder<'_>, loaded: &Loaded, stack: &mut Stack) {
    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Output { name, body, .. } = item else {
                continue;
            };
            if !b.check_name(name) {
                continue;
            }
            if let Some(first) = stack.outputs.get(&name.text) {
                b.diags.push(Diagnostic::declared_twice(
                    &format!("output `{}`", name.text),
                    name.span,
                    first.span,
                    "rename one of them",
                ));
                continue;
            }
            if let Some(o) = b.output(name, body) {
                stack.outputs.insert(name.text.clone(), o);
            }
        }
    }
}

/// `path` relative to `root`, with `/` between folders.
fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

pub(super) fn entry_span(e: &Entry) -> Span {
    match e {
        Entry::Attr { span, .. } | Entry::RawAllow { span, .. } => *span,
        Entry::On(t) => t.span,
        Entry::Allow(g) => g.span,
    }
}

struct Builder<'a> {
    sources: &'a SourceMap,
    /// Each file's path relative to `root`, by id, for the source map.
    rel_files: Vec<String>,
    vars: &'a Vars,
    diags: &'a mut Diagnostics,
    kinds: BTreeMap<String, (Kind, Span)>,
    /// Names of the HTTP APIs (declared or implicit), known after pass 1.
    apis: Vec<String>,
    /// Deploy-time parameters, read before any declaration.
    params: BTreeMap<String, Param>,
}

impl Builder<'_> {
    fn reader(&mut self) -> Reader<'_> {
        Reader {
            vars: self.vars,
            diags: self.diags,
        }
    }

    fn rel_file(&self, file: FileId) -> String {
        self.rel_files.get(file.0 as usize).cloned().unwrap_or_default()
    }

    /// Ends reading a resource block: unknown properties and statements are errors.
    fn finish_resource(&mut self, props: Props<'_>, body: &Block, what: &str, known: &[&str]) {
        props.finish(what, known, self.diags);
        self.statements_not_allowed(body, what);
    }

    fn statements_not_allowed(&mut self, block: &Block, what: &str) {
        for e in &block.entries {
            if !matches!(e, Entry::Attr { .. }) {
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownProperty,
                        entry_span(e),
                        format!("{what} takes no `on` or `allow` statements"),
                    )
                    .with_help("move the statement into a function (or a role, for `allow`)"),
                );
            }
        }
    }

    /// A `true`/`false` property, `default` when absent or invalid.
    fn flag(&mut self, props: &mut Props<'_>, key: &str, default: bool) -> bool {
        props
            .take(key)
            .and_then(|v| self.reader().boolean(v))
            .map_or(default, |b| b.value)
    }

    /// A whole-number property.
    fn int(&mut self, props: &mut Props<'_>, key: &str) -> Option<Spanned<u64>> {
        props.take(key).and_then(|v| self.reader().integer(v))
    }

    /// A duration property, in seconds.
    fn secs(&mut self, props: &mut Props<'_>, key: &str) -> Option<Spanned<u64>> {
        props.take(key).and_then(|v| self.reader().duration_s(v))
    }

    /// A compile-time string property.
    fn text(&mut self, props: &mut Props<'_>, key: &str) -> Option<Spanned<String>> {
        props.take(key).and_then(|v| self.reader().string(v))
    }

    /// A physical `name` of a function, bucket, queue, topic or table: text,
    /// with `${stack.name}`, `${aws.*}` and `${param.NAME}` parts (or one of
    /// them standing alone) known at deploy time. Which parts fit a name is
    /// `check`'s (LF0109).
    fn physical_name(&mut self, props: &mut Props<'_>) -> Option<Spanned<Expr>> {
        let v = props.take("name")?;
        self.name_value(v)
    }

    /// The value of a physical `name` (see [`Builder::physical_name`]).
    fn name_value(&mut self, v: &Value) -> Option<Spanned<Expr>> {
        let deploy_time = |w: &str| ["param.", "stack.", "aws."].iter().any(|p| w.starts_with(p));
        if let ValueKind::Word(w) = &v.kind {
            if deploy_time(w) {
                return self.expr(v).map(|e| Spanned::new(e, v.span));
            }
        }
        let v = self.reader().subst(v)?;
        if let ValueKind::Str(_) = &v.kind {
            return self.expr(&v).map(|e| Spanned::new(e, v.span));
        }
        self.reader().string(&v).map(|s| s.map(Expr::Str))
    }

    /// A string literal known at compile time (vars substituted).
    fn literal(&mut self, lit: &ast::StrLit) -> Option<Spanned<String>> {
        self.reader().string(&Value {
            kind: ValueKind::Str(lit.clone()),
            span: lit.span,
        })
    }
}
