//! Lowering of the parsed files into the [`Stack`] model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::{grants, limits};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{self, Block, Entry, Item, StrPart, Value, ValueKind};
use crate::syntax::split::ITEM_KEYWORDS;

use super::load::Loaded;
use super::values::{Props, Reader, Vars};
use super::*;

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--var NAME=VALUE` overrides, in order.
    pub vars: Vec<(String, String)>,
}

/// Names no declaration may take.
const RESERVED: &[&str] = &[
    "import", "var", "output", "function", "layer", "role", "bucket", "queue", "topic", "table", "stream", "api",
    "workflow", "on", "allow", "aws", "stack", "inline", "s3", "http", "true", "false",
];

/// Every trigger kind.
const TRIGGERS: [&str; 8] = ["http", "s3", "schedule", "sqs", "sns", "dynamodb", "kinesis", "event"];
/// Options of stream mappings.
const STREAM_OPTIONS: &[&str] = &[
    "start",
    "batch_size",
    "window",
    "retries",
    "max_age",
    "bisect",
    "parallelization",
    "on_failure",
    "filter",
    "report_failures",
    "recursive",
];

const FUNCTION_PROPS: &[&str] = &[
    "runtime",
    "handler",
    "code",
    "image",
    "memory",
    "timeout",
    "storage",
    "architecture",
    "description",
    "name",
    "layers",
    "role",
    "env",
    "tags",
    "tracing",
    "concurrency",
    "vpc",
    "logs",
    "dead_letter",
    "async",
    "url",
    "snapstart",
    "kms_key",
];
/// Function properties `defaults` may not hold.
const NOT_DEFAULTABLE: &[&str] = &["code", "image", "handler", "name", "role", "url"];
/// Function properties that merge key by key / field by field with defaults.
const MERGED: &[&str] = &["env", "tags", "logs", "vpc", "async", "concurrency"];

/// Builds the stack model from loaded files.
pub fn build(loaded: &Loaded, opts: &BuildOptions, diags: &mut Diagnostics) -> Stack {
    let sources = &loaded.sources;
    let main = sources.get(FileId(0));
    let root = main.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = stack_name_from_file(&main.path);

    let vars = collect_vars(loaded, opts, diags);
    let mut b = Builder {
        sources,
        root: root.clone(),
        vars: &vars,
        diags,
        kinds: BTreeMap::new(),
        apis: Vec::new(),
    };

    // Pass 1: names and kinds, so references resolve in any order.
    let mut decls: Vec<(&ast::Decl, Kind)> = Vec::new();
    let mut stack_decl: Option<&ast::Decl> = None;
    let mut has_http = false;
    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Decl(d) = item else { continue };
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
            let Some(kind) = Kind::ALL.iter().copied().find(|k| k.keyword() == d.kind.text) else {
                let mut diag = Diagnostic::error(
                    Code::UnknownKind,
                    d.kind.span,
                    format!("unknown declaration kind `{}`", d.kind.text),
                );
                diag = match did_you_mean(&d.kind.text, ITEM_KEYWORDS.iter().copied()) {
                    Some(h) => diag.with_help(h),
                    None => diag.with_help(format!("declarations are: {}", ITEM_KEYWORDS.join(", "))),
                };
                b.diags.push(diag);
                continue;
            };
            if !b.check_name(&d.name) {
                continue;
            }
            if let Some((_, first_span)) = b.kinds.get(&d.name.text) {
                b.diags.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        d.name.span,
                        format!("`{}` is declared twice", d.name.text),
                    )
                    .with_label(*first_span, "first declared here")
                    .with_help("names are shared by every kind and every file of the stack: rename one"),
                );
                continue;
            }
            has_http |= kind == Kind::Function
                && d.body
                    .entries
                    .iter()
                    .any(|e| matches!(e, Entry::On(t) if t.kind.text == "http"));
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

    let mut stack = Stack {
        name: stem,
        root,
        ..Stack::default()
    };
    let mut defaults: Option<Block> = None;
    if let Some(sd) = stack_decl {
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
        if let Some(v) = props.take("defaults") {
            defaults = b.reader().block(v);
        }
        props.finish("`stack`", &["description", "defaults", "tags"], b.diags);
        b.statements_not_allowed(&sd.body, "`stack`");
    }
    if let Some(def) = &defaults {
        for e in &def.entries {
            match e {
                Entry::Attr { key, .. } if NOT_DEFAULTABLE.contains(&key.text.as_str()) => b.diags.push(
                    Diagnostic::error(
                        Code::UnknownProperty,
                        key.span,
                        format!("`{}` cannot have a default", key.text),
                    )
                    .with_help("set it on each function"),
                ),
                Entry::Attr { key, .. } if !FUNCTION_PROPS.contains(&key.text.as_str()) => {
                    let mut d = Diagnostic::error(
                        Code::UnknownProperty,
                        key.span,
                        format!("`{}` is not a function property", key.text),
                    );
                    d = match did_you_mean(&key.text, FUNCTION_PROPS.iter().copied()) {
                        Some(h) => d.with_help(h),
                        None => d.with_help(format!(
                            "`defaults` takes function properties: {}",
                            FUNCTION_PROPS.join(", ")
                        )),
                    };
                    b.diags.push(d);
                }
                Entry::Attr { .. } => {}
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

    for (d, kind) in decls {
        let file = b.rel_file(d.span.file);
        let decl_kind = match kind {
            Kind::Function => DeclKind::Function(Box::new(b.function(d, defaults.as_ref()))),
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
    if implicit_api {
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

    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Output { name, body, .. } = item else {
                continue;
            };
            if !b.check_name(name) {
                continue;
            }
            if let Some(first) = stack.outputs.get(&name.text) {
                b.diags.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        name.span,
                        format!("output `{}` is declared twice", name.text),
                    )
                    .with_label(first.span, "first declared here")
                    .with_help("rename one of them"),
                );
                continue;
            }
            if let Some(o) = b.output(name, body) {
                stack.outputs.insert(name.text.clone(), o);
            }
        }
    }
    stack
}

/// The stack's name when no `stack` declaration gives one: the main file's
/// stem, lower-cased, `-` and every other character outside `[a-z0-9_]`
/// turned into `_` (runs folded, ends trimmed), so it is always a valid name.
fn stack_name_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut name = String::new();
    for c in stem.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        if !(c == '_' && (name.is_empty() || name.ends_with('_'))) {
            name.push(c);
        }
    }
    let name = name.trim_end_matches('_');
    match name.chars().next() {
        None => "stack".to_string(),
        Some(c) if c.is_ascii_digit() => format!("stack_{name}"),
        Some(_) => name
            .chars()
            .take(64)
            .collect::<String>()
            .trim_end_matches('_')
            .to_string(),
    }
}

fn entry_span(e: &Entry) -> Span {
    match e {
        Entry::Attr { span, .. } | Entry::RawAllow { span, .. } => *span,
        Entry::On(t) => t.span,
        Entry::Allow(g) => g.span,
    }
}

/// Collects `var`s from every file and applies `--var` overrides.
fn collect_vars(loaded: &Loaded, opts: &BuildOptions, diags: &mut Diagnostics) -> Vars {
    let mut vars: Vars = BTreeMap::new();
    let mut spans: BTreeMap<String, Span> = BTreeMap::new();
    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Var { name, value, .. } = item else { continue };
            if let Some(first) = spans.get(&name.text) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        name.span,
                        format!("variable `{}` is declared twice", name.text),
                    )
                    .with_label(*first, "first declared here")
                    .with_help("rename or remove one of them"),
                );
                continue;
            }
            spans.insert(name.text.clone(), name.span);
            let valid_name = name.text.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_name {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidName,
                        name.span,
                        format!("`{}` is not a valid variable name", name.text),
                    )
                    .with_help("variable names are lower case letters, digits and `_`, starting with a letter"),
                );
            }
            let empty = Vars::new();
            let mut reader = Reader { vars: &empty, diags };
            // A bad value is reported here once; uses see it as declared.
            reader.valid_var_value(value);
            vars.insert(name.text.clone(), value.clone());
        }
    }
    for (name, text) in &opts.vars {
        let Some(declared) = vars.get(name) else {
            let mut d = Diagnostic::error(
                Code::UnknownVar,
                None,
                format!("`--var {name}` names no declared variable"),
            );
            d = match did_you_mean(name, vars.keys().map(String::as_str)) {
                Some(h) => d.with_help(h),
                None => d.with_help(format!("declare it with `var {name} = …` or drop the flag")),
            };
            diags.push(d);
            continue;
        };
        let span = declared.span;
        let parsed = match &declared.kind {
            // A word stays a word, so it can still name a declaration or an enum value.
            ValueKind::Word(_) => Some(ValueKind::Word(text.clone())),
            ValueKind::Str(_) | ValueKind::Raw(_) => Some(ValueKind::Str(ast::StrLit {
                parts: vec![StrPart::Text(text.clone())],
                span,
            })),
            ValueKind::Number(_) => text.replace('_', "").parse().ok().map(ValueKind::Number),
            ValueKind::Bool(_) => match text.as_str() {
                "true" => Some(ValueKind::Bool(true)),
                "false" => Some(ValueKind::Bool(false)),
                _ => None,
            },
            ValueKind::Quantity {
                unit: declared_unit, ..
            } => {
                let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
                let unit = &text[split..];
                // The same family as the declared unit: a size stays a size.
                let is_size = |u: &str| ["MB", "GB"].contains(&u);
                let known = ["MB", "GB", "s", "min", "h", "d"].contains(&unit);
                text[..split]
                    .replace('_', "")
                    .parse()
                    .ok()
                    .filter(|_| known && is_size(unit) == is_size(declared_unit))
                    .map(|number| ValueKind::Quantity {
                        number,
                        unit: unit.to_string(),
                        unit_span: span,
                    })
            }
            _ => None,
        };
        match parsed {
            Some(kind) => {
                vars.insert(name.clone(), Value { kind, span });
            }
            None => diags.push(
                Diagnostic::error(
                    Code::UnknownVar,
                    span,
                    format!("`--var {name}={text}` does not fit the declared type of `{name}`"),
                )
                .with_help(format!(
                    "give a value of the same kind as the declared one ({})",
                    super::values::describe(declared)
                )),
            ),
        }
    }
    vars
}

struct Builder<'a> {
    sources: &'a SourceMap,
    root: PathBuf,
    vars: &'a Vars,
    diags: &'a mut Diagnostics,
    kinds: BTreeMap<String, (Kind, Span)>,
    /// Names of the HTTP APIs (declared or implicit), known after pass 1.
    apis: Vec<String>,
}

impl Builder<'_> {
    fn reader(&mut self) -> Reader<'_> {
        Reader {
            vars: self.vars,
            diags: self.diags,
        }
    }

    fn rel_file(&self, file: FileId) -> String {
        let path = &self.sources.get(file).path;
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Checks a declared name; false when it cannot be used at all.
    fn check_name(&mut self, name: &ast::Ident) -> bool {
        let t = &name.text;
        if RESERVED.contains(&t.as_str()) {
            self.diags.push(
                Diagnostic::error(
                    Code::ReservedName,
                    name.span,
                    format!("`{t}` is a reserved word and cannot name a declaration"),
                )
                .with_help(format!("choose another name, such as `{t}_1` or `my_{t}`")),
            );
            return false;
        }
        let valid = t.len() <= 64
            && t.starts_with(|c: char| c.is_ascii_lowercase())
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !t.contains("__")
            && !t.ends_with('_');
        if !valid {
            // `ResizeImage` → `resize_image`, `my-queue` → `my_queue`.
            let mut fixed = String::new();
            for (i, c) in t.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    fixed.push('_');
                }
                fixed.push(if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                });
            }
            while fixed.contains("__") {
                fixed = fixed.replace("__", "_");
            }
            let fixed = fixed.trim_matches('_').trim_start_matches(|c: char| c.is_ascii_digit());
            let fixed: String = fixed.chars().take(64).collect();
            self.diags.push(
                Diagnostic::error(Code::InvalidName, name.span, format!("`{t}` is not a valid name"))
                    .with_help(format!(
                        "names are lower case letters, digits and single `_`, start with a letter, at most 64 characters: try `{}`",
                        if fixed.is_empty() { "name" } else { fixed.as_str() }
                    )),
            );
        }
        true
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

    /// A string literal known at compile time (vars substituted).
    fn literal(&mut self, lit: &ast::StrLit) -> Option<Spanned<String>> {
        self.reader().string(&Value {
            kind: ValueKind::Str(lit.clone()),
            span: lit.span,
        })
    }

    // ------------------------------------------------------------ references

    /// Resolves `name` or `name.attr` in a value position.
    fn value_ref(&mut self, word: &str, span: Span) -> Option<Expr> {
        let (head, attr) = match word.split_once('.') {
            Some((h, a)) => (h, Some(a)),
            None => (word, None),
        };
        match head {
            "var" => return attr.and_then(|a| self.reader().var_text(a, span)).map(Expr::Str),
            "stack" if attr == Some("name") => return Some(Expr::Pseudo(Pseudo::StackName)),
            "aws" => {
                let p = match attr {
                    Some("region") => Pseudo::Region,
                    Some("account_id") => Pseudo::AccountId,
                    Some("partition") => Pseudo::Partition,
                    Some("url_suffix") => Pseudo::UrlSuffix,
                    _ => {
                        let mut d =
                            Diagnostic::error(Code::UnknownAttribute, span, format!("`{word}` is not a known value"));
                        let known = ["region", "account_id", "partition", "url_suffix"];
                        d = match attr.and_then(|a| did_you_mean(a, known)) {
                            Some(h) => d.with_help(h),
                            None => d.with_help("use aws.region, aws.account_id, aws.partition or aws.url_suffix"),
                        };
                        self.diags.push(d);
                        return None;
                    }
                };
                return Some(Expr::Pseudo(p));
            }
            _ => {}
        }
        let kind = self.known_decl(head, span)?;
        let attr = match attr {
            None => kind.attributes()[0],
            Some(a) => match kind.attributes().iter().find(|x| x.as_str() == a) {
                Some(x) => *x,
                None => {
                    let names: Vec<&str> = kind.attributes().iter().map(|a| a.as_str()).collect();
                    let mut d = Diagnostic::error(
                        Code::UnknownAttribute,
                        span,
                        format!("`{head}` ({}) has no attribute `{a}`", kind.keyword()),
                    );
                    d = match did_you_mean(a, names.iter().copied()) {
                        Some(h) => d.with_help(h),
                        None => d.with_help(format!("its attributes are: {}", names.join(", "))),
                    };
                    self.diags.push(d);
                    return None;
                }
            },
        };
        Some(Expr::Ref(Ref {
            target: head.to_string(),
            attr,
            span,
        }))
    }

    /// The kind of a declared name, or an "unknown name" diagnostic.
    fn known_decl(&mut self, name: &str, span: Span) -> Option<Kind> {
        if let Some((k, _)) = self.kinds.get(name) {
            return Some(*k);
        }
        let mut d = Diagnostic::error(
            Code::UnknownName,
            span,
            format!("`{name}` is not declared in this stack"),
        );
        d = match did_you_mean(name, self.kinds.keys().map(String::as_str)) {
            Some(h) => d.with_help(h),
            None => d.with_help("declare it, or check the spelling"),
        };
        self.diags.push(d);
        None
    }

    /// A typed slot: a bare name of one of `kinds`, or (when `arn_ok`) a string.
    fn target(&mut self, value: &Value, kinds: &[Kind], what: &str, arn_ok: bool) -> Option<Target> {
        let value = self.reader().subst(value)?;
        match &value.kind {
            ValueKind::Word(w) => self.target_word(w, value.span, kinds, what),
            ValueKind::Str(_) if arn_ok => self.reader().string(&value).map(Target::Arn),
            _ => {
                let names: Vec<&str> = kinds.iter().map(|k| k.keyword()).collect();
                // `"dlq"` where `dlq` is declared: the quotes are the mistake.
                let quoted = match &value.kind {
                    ValueKind::Str(lit) => lit.as_plain().filter(|t| self.kinds.contains_key(t)),
                    _ => None,
                };
                let help = match (quoted, arn_ok) {
                    (Some(t), _) => {
                        format!("write `{t}` without quotes: a quoted string is an ARN or text, not a name")
                    }
                    (None, true) => "write the name of a declaration, or an ARN string".to_string(),
                    (None, false) => "write the name of a declaration".to_string(),
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        value.span,
                        format!("{what} must name a {}", names.join(" or ")),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    fn target_word(&mut self, w: &str, span: Span, kinds: &[Kind], what: &str) -> Option<Target> {
        if let Some((head, attr)) = w.split_once('.') {
            if self.kinds.contains_key(head) {
                self.diags.push(
                    Diagnostic::error(
                        Code::AttributeInTypedSlot,
                        span,
                        format!("{what} takes a name, not `.{attr}`"),
                    )
                    .with_help(format!("write `{head}`: lfc picks the attribute this slot needs")),
                );
                return None;
            }
        }
        let kind = self.known_decl(w, span)?;
        if !kinds.contains(&kind) {
            let names: Vec<&str> = kinds.iter().map(|k| k.keyword()).collect();
            let decl_span = self.kinds.get(w).map(|(_, s)| *s).unwrap_or(span);
            self.diags.push(
                Diagnostic::error(
                    Code::WrongKind,
                    span,
                    format!(
                        "{what} must be a {}, but `{w}` is a {}",
                        names.join(" or "),
                        kind.keyword()
                    ),
                )
                .with_label(decl_span, format!("`{w}` is declared here"))
                .with_help({
                    // The closest name of a kind that fits, if one is close.
                    let fitting = self
                        .kinds
                        .iter()
                        .filter(|(_, (k, _))| kinds.contains(k))
                        .map(|(n, _)| n.as_str());
                    match did_you_mean(w, fitting) {
                        Some(h) => format!("name a {} here: {h}", names.join(" or ")),
                        None => format!("name a {} here", names.join(" or ")),
                    }
                }),
            );
            return None;
        }
        Some(Target::Decl(Spanned::new(w.to_string(), span)))
    }

    /// A value position: text, references, interpolation.
    fn expr(&mut self, value: &Value) -> Option<Expr> {
        match &value.kind {
            ValueKind::Str(lit) => {
                let mut parts = Vec::new();
                let mut ok = true;
                for p in &lit.parts {
                    match p {
                        StrPart::Text(t) => parts.push(Expr::Str(t.clone())),
                        StrPart::Interp { reference, span } => match self.value_ref(reference, *span) {
                            Some(e) => parts.push(e),
                            None => ok = false,
                        },
                    }
                }
                if !ok {
                    return None;
                }
                Some(simplify(parts))
            }
            ValueKind::Raw(s) => Some(Expr::Str(s.clone())),
            ValueKind::Word(w) => self.value_ref(w, value.span),
            ValueKind::Number(n) => Some(Expr::Str(super::values::fmt_num(*n))),
            ValueKind::Bool(b) => Some(Expr::Str(b.to_string())),
            ValueKind::Quantity { unit, .. } => {
                let r = if ["MB", "GB"].contains(&unit.as_str()) {
                    self.reader().size_mb(value)
                } else {
                    self.reader().duration_s(value)
                };
                r.map(|n| Expr::Str(n.value.to_string()))
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        value.span,
                        format!(
                            "expected a string or a reference, found {}",
                            super::values::describe(value)
                        ),
                    )
                    .with_help("write a string, a number or a reference such as `uploads.arn`"),
                );
                None
            }
        }
    }

    fn tags(&mut self, value: &Value) -> BTreeMap<String, Spanned<String>> {
        let mut out = BTreeMap::new();
        let Some(block) = self.reader().block(value) else {
            return out;
        };
        let _dups = Props::new(&block, self.diags);
        for e in &block.entries {
            match e {
                Entry::Attr { key, value, .. } => {
                    if let Some(v) = self.reader().string(value) {
                        out.insert(key.text.clone(), v);
                    }
                }
                other => self.diags.push(
                    Diagnostic::error(Code::WrongType, entry_span(other), "tags are `key = \"value\"` pairs")
                        .with_help("remove the statement"),
                ),
            }
        }
        out
    }

    fn code_path(&mut self, s: &Spanned<String>) -> CodeSource {
        let base = self
            .sources
            .get(s.span.file)
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        CodeSource::Path {
            path: super::load::normalize(&base.join(&s.value)),
            written: s.value.clone(),
        }
    }

    fn code(&mut self, value: &Value, inline_ok: bool) -> Option<Spanned<CodeSource>> {
        let value = self.reader().subst(value)?;
        let code = match &value.kind {
            ValueKind::Str(_) => {
                let s = self.reader().string(&value)?;
                self.code_path(&s)
            }
            ValueKind::Inline(text) if inline_ok => CodeSource::Inline(text.clone()),
            ValueKind::S3(block) => {
                let mut p = Props::new(block, self.diags);
                let bucket = self.text(&mut p, "bucket");
                let key = self.text(&mut p, "key");
                let version = self.text(&mut p, "version").map(|s| s.value);
                p.finish("`s3 { … }`", &["bucket", "key", "version"], self.diags);
                match (bucket, key) {
                    (Some(b), Some(k)) => CodeSource::S3 {
                        bucket: b.value,
                        key: k.value,
                        version,
                    },
                    _ => {
                        self.diags.push(
                            Diagnostic::error(Code::MissingProperty, block.span, "`s3 { … }` needs `bucket` and `key`")
                                .with_help("write `s3 { bucket = \"my-bucket\", key = \"path/code.zip\" }`"),
                        );
                        return None;
                    }
                }
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        value.span,
                        format!("expected a code location, found {}", super::values::describe(&value)),
                    )
                    .with_help(if inline_ok {
                        "write a path string (a folder or .zip), `inline \"\"\"…\"\"\"` or `s3 { bucket, key }`"
                    } else {
                        "write a path string (a folder or .zip) or `s3 { bucket, key }`"
                    }),
                );
                return None;
            }
        };
        Some(Spanned::new(code, value.span))
    }

    // ------------------------------------------------------------ function

    fn function(&mut self, d: &ast::Decl, defaults: Option<&Block>) -> Function {
        let is_image = d
            .body
            .entries
            .iter()
            .any(|e| matches!(e, Entry::Attr { key, .. } if key.text == "image"));
        let triggers: Vec<&ast::Trigger> = d
            .body
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::On(t) => Some(t),
                _ => None,
            })
            .collect();
        let sync_only = !triggers.is_empty()
            && triggers
                .iter()
                .all(|t| ["http", "sqs", "dynamodb", "kinesis"].contains(&t.kind.text.as_str()));
        let merged = merge_defaults(&d.body, defaults, is_image, sync_only);
        let body = &merged;
        let mut p = Props::new(body, self.diags);
        let written = FUNCTION_PROPS.iter().copied().filter(|k| p.has(k)).collect();

        let runtime = p.take("runtime").and_then(|v| self.reader().word_or_string(v));
        let handler = self.text(&mut p, "handler");
        let mut code = p.take("code").and_then(|v| self.code(v, true));
        if let Some(img) = self.text(&mut p, "image") {
            if let Some(c) = &code {
                self.diags.push(
                    Diagnostic::error(
                        Code::ImageExclusive,
                        c.span,
                        "an image function cannot also have `code`",
                    )
                    .with_label(img.span, "the image")
                    .with_help("remove `code`: the image brings the code"),
                );
            }
            code = Some(Spanned::new(CodeSource::Image(img.value), img.span));
        }
        let memory = p
            .take("memory")
            .and_then(|v| self.reader().size_mb(v))
            .unwrap_or(Spanned::new(128, d.name.span));
        let timeout = self.secs(&mut p, "timeout").unwrap_or(Spanned::new(3, d.name.span));
        let storage = p
            .take("storage")
            .and_then(|v| self.reader().size_mb(v))
            .unwrap_or(Spanned::new(512, d.name.span));
        let architecture = p
            .take("architecture")
            .and_then(|v| self.reader().enum_value(v, &["x86_64", "arm64"], "architecture"))
            .map(|s| {
                Spanned::new(
                    if s.value == "arm64" {
                        Architecture::Arm64
                    } else {
                        Architecture::X86_64
                    },
                    s.span,
                )
            })
            .unwrap_or(Spanned::new(Architecture::X86_64, d.name.span));
        let description = self.text(&mut p, "description");
        let name = self.text(&mut p, "name");
        let layers = match p.take("layers") {
            Some(v) => self
                .reader()
                .list(v)
                .unwrap_or_default()
                .iter()
                .filter_map(|l| self.target(l, &[Kind::Layer], "`layers`", true))
                .collect(),
            None => Vec::new(),
        };
        let role = p
            .take("role")
            .and_then(|v| self.target(v, &[Kind::Role], "`role`", true));
        let mut env = BTreeMap::new();
        let mut env_key_spans = BTreeMap::new();
        if let Some(v) = p.take("env") {
            if let Some(block) = self.reader().block(v) {
                for e in &block.entries {
                    if let Entry::Attr { key, value, .. } = e {
                        if let Some(x) = self.expr(value) {
                            env.insert(key.text.clone(), Spanned::new(x, value.span));
                            env_key_spans.insert(key.text.clone(), key.span);
                        }
                    }
                }
            }
        }
        let tags = p.take("tags").map(|v| self.tags(v)).unwrap_or_default();
        let tracing = p
            .take("tracing")
            .and_then(|v| {
                self.reader()
                    .enum_value(v, &["active", "passthrough", "off"], "tracing mode")
            })
            .filter(|t| t.value != "off");
        let (mut reserved_concurrency, mut provisioned_concurrency) = (None, None);
        if let Some(block) = p.take("concurrency").and_then(|v| self.reader().block(v)) {
            let mut c = Props::new(&block, self.diags);
            reserved_concurrency = self.int(&mut c, "reserved");
            provisioned_concurrency = self.int(&mut c, "provisioned");
            c.finish("`concurrency`", &["reserved", "provisioned"], self.diags);
        }
        let (mut subnets, mut security_groups) = (Vec::new(), Vec::new());
        if let Some(block) = p.take("vpc").and_then(|v| self.reader().block(v)) {
            let mut c = Props::new(&block, self.diags);
            subnets = c
                .take("subnets")
                .map(|v| self.reader().string_list(v))
                .unwrap_or_default();
            security_groups = c
                .take("security_groups")
                .map(|v| self.reader().string_list(v))
                .unwrap_or_default();
            c.finish("`vpc`", &["subnets", "security_groups"], self.diags);
        }
        let mut logs = Logs {
            retention_days: Some(Spanned::new(limits::LOG_RETENTION_DEFAULT_DAYS, d.name.span)),
            ..Logs::default()
        };
        if let Some(block) = p.take("logs").and_then(|v| self.reader().block(v)) {
            let mut c = Props::new(&block, self.diags);
            if let Some(v) = c.take("retention") {
                let never = matches!(&v.kind, ValueKind::Word(w) if w == "never");
                logs.retention_days = if never {
                    None
                } else {
                    self.reader()
                        .duration_s(v)
                        .map(|s| Spanned::new(s.value / 86_400, s.span))
                        .or(logs.retention_days)
                };
                if let Some(r) = &logs.retention_days {
                    let secs_ok = matches!(&v.kind, ValueKind::Quantity { unit, .. } if unit == "d");
                    if !never && (!secs_ok || !limits::LOG_RETENTION_DAYS.contains(&r.value)) {
                        let days: Vec<String> = limits::LOG_RETENTION_DAYS.iter().map(|d| format!("{d}d")).collect();
                        self.diags.push(
                            Diagnostic::error(
                                Code::LogRetention,
                                v.span,
                                "log retention must be one of CloudWatch's values",
                            )
                            .with_help(format!("use one of {} or `never`", days.join(", "))),
                        );
                    }
                }
            }
            logs.format = c
                .take("format")
                .and_then(|v| self.reader().enum_value(v, &["text", "json"], "log format"));
            logs.level = c.take("level").and_then(|v| {
                self.reader()
                    .enum_value(v, &["trace", "debug", "info", "warn", "error", "fatal"], "log level")
            });
            logs.system_level = c.take("system_level").and_then(|v| {
                self.reader()
                    .enum_value(v, &["debug", "info", "warn"], "system log level")
            });
            c.finish("`logs`", &["retention", "format", "level", "system_level"], self.diags);
        }
        let dead_letter = p
            .take("dead_letter")
            .and_then(|v| self.target(v, &[Kind::Queue, Kind::Topic], "`dead_letter`", false));
        let async_config = p.take("async").and_then(|v| {
            let block = self.reader().block(v)?;
            let mut c = Props::new(&block, self.diags);
            let dest = [Kind::Queue, Kind::Topic, Kind::Function];
            let cfg = AsyncConfig {
                retries: self.int(&mut c, "retries"),
                max_age: self.secs(&mut c, "max_age"),
                on_success: c
                    .take("on_success")
                    .and_then(|v| self.target(v, &dest, "`on_success`", true)),
                on_failure: c
                    .take("on_failure")
                    .and_then(|v| self.target(v, &dest, "`on_failure`", true)),
                span: block.span,
            };
            c.finish(
                "`async`",
                &["retries", "max_age", "on_success", "on_failure"],
                self.diags,
            );
            Some(cfg)
        });
        let url = p.take("url").and_then(|v| {
            let block = self.reader().block(v)?;
            let mut c = Props::new(&block, self.diags);
            let auth = c
                .take("auth")
                .and_then(|v| self.reader().enum_value(v, &["iam", "none"], "function URL auth type"))
                .unwrap_or(Spanned::new("iam".into(), block.span));
            let cors = c.take("cors").and_then(|v| self.cors(v));
            let stream = self.flag(&mut c, "stream", false);
            c.finish("`url`", &["auth", "cors", "stream"], self.diags);
            Some(FunctionUrl {
                auth,
                cors,
                stream,
                span: block.span,
            })
        });
        let snapstart = p.take("snapstart").and_then(|v| self.reader().boolean(v));
        let kms_key = self.text(&mut p, "kms_key");
        p.finish("a function", FUNCTION_PROPS, self.diags);

        let (grants, statements) = self.grants(body);
        let triggers = self.triggers(&triggers);
        Function {
            runtime,
            handler,
            code,
            memory,
            timeout,
            storage,
            architecture,
            description,
            name,
            layers,
            role,
            env,
            env_key_spans,
            tags,
            tracing,
            reserved_concurrency,
            provisioned_concurrency,
            subnets,
            security_groups,
            logs,
            dead_letter,
            async_config,
            url,
            snapstart,
            kms_key,
            grants,
            statements,
            triggers,
            written,
        }
    }

    fn cors(&mut self, v: &Value) -> Option<Cors> {
        let block = self.reader().block(v)?;
        let mut c = Props::new(&block, self.diags);
        let list = |s: &mut Self, v: Option<&Value>| -> Vec<String> {
            v.map(|v| {
                s.reader()
                    .list(v)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| s.reader().word_or_string(x))
                    .map(|x| x.value)
                    .collect()
            })
            .unwrap_or_default()
        };
        let origins = list(self, c.take("origins"));
        let methods = list(self, c.take("methods"));
        let headers = list(self, c.take("headers"));
        let max_age = self.secs(&mut c, "max_age").map(|s| s.value);
        c.finish("`cors`", &["origins", "methods", "headers", "max_age"], self.diags);
        Some(Cors {
            origins,
            methods,
            headers,
            max_age,
        })
    }

    /// `allow` statements of a function or role.
    fn grants(&mut self, block: &Block) -> (Vec<Grant>, Vec<RawStatement>) {
        let mut grants_out = Vec::new();
        let mut raw = Vec::new();
        for e in &block.entries {
            match e {
                Entry::Allow(g) => {
                    let Some(kind) = self.target_kind_for_grant(&g.target) else {
                        continue;
                    };
                    let mut verbs = Vec::new();
                    for v in &g.verbs {
                        if grants::actions(kind, &v.text).is_some() {
                            verbs.push(Spanned::new(v.text.clone(), v.span));
                        } else {
                            let known: Vec<&str> = grants::verbs(kind).iter().map(|(v, _)| *v).collect();
                            let mut d = Diagnostic::error(
                                Code::UnknownVerb,
                                v.span,
                                format!("`{}` is not a grant verb for a {}", v.text, kind.keyword()),
                            );
                            d = match did_you_mean(&v.text, known.iter().copied()) {
                                Some(h) => d.with_help(h),
                                None if known.is_empty() => {
                                    d.with_help(format!("nothing can be granted on a {}", kind.keyword()))
                                }
                                None => {
                                    d.with_help(format!("the verbs for a {} are: {}", kind.keyword(), known.join(", ")))
                                }
                            };
                            self.diags.push(d);
                        }
                    }
                    let pattern = g.pattern.as_ref().and_then(|p| self.literal(p));
                    if pattern.is_some() && kind != Kind::Bucket {
                        self.diags.push(
                            Diagnostic::error(
                                Code::WrongType,
                                g.pattern.as_ref().map_or(g.span, |p| p.span),
                                "a key pattern only applies to a bucket",
                            )
                            .with_help("remove the pattern"),
                        );
                    }
                    if !verbs.is_empty() {
                        grants_out.push(Grant {
                            verbs,
                            target: Spanned::new(g.target.text.clone(), g.target.span),
                            pattern,
                            span: g.span,
                        });
                    }
                }
                Entry::RawAllow {
                    actions,
                    resources,
                    span,
                } => {
                    let actions = self.reader().string_list(actions);
                    let resources = self
                        .reader()
                        .list(resources)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|v| {
                            let e = match &v.kind {
                                ValueKind::Word(w) if !w.contains('.') => self
                                    .value_ref(&format!("{w}.arn"), v.span)
                                    .or_else(|| self.value_ref(w, v.span)),
                                _ => self.expr(v),
                            }?;
                            Some(Spanned::new(e, v.span))
                        })
                        .collect();
                    raw.push(RawStatement {
                        actions,
                        resources,
                        span: *span,
                    });
                }
                _ => {}
            }
        }
        (grants_out, raw)
    }

    fn target_kind_for_grant(&mut self, target: &ast::Ident) -> Option<Kind> {
        if target.text.contains('.') {
            self.diags.push(
                Diagnostic::error(
                    Code::AttributeInTypedSlot,
                    target.span,
                    "a grant names a declaration, not an attribute",
                )
                .with_help(format!("write `{}`", target.text.split('.').next().unwrap_or(""))),
            );
            return None;
        }
        self.known_decl(&target.text, target.span)
    }

    fn triggers(&mut self, triggers: &[&ast::Trigger]) -> Vec<Trigger> {
        let mut out: Vec<Trigger> = Vec::new();
        for t in triggers {
            let index = out.iter().filter(|o| o.keyword() == t.kind.text).count();
            let empty = Block {
                entries: Vec::new(),
                span: t.span,
            };
            let options = t.options.as_ref().unwrap_or(&empty);
            let mut p = Props::new(options, self.diags);
            let recursive = self.flag(&mut p, "recursive", false);
            let kind = match t.kind.text.as_str() {
                "http" => self.http_trigger(t, &mut p),
                "s3" => self.s3_trigger(t, &mut p),
                "schedule" => self.schedule_trigger(t, &mut p),
                "sqs" => self.sqs_trigger(t, &mut p),
                "sns" => self.sns_trigger(t, &mut p),
                "dynamodb" => self.stream_trigger(t, &mut p, Kind::Table),
                "kinesis" => self.stream_trigger(t, &mut p, Kind::Stream),
                "event" => self.event_trigger(t, &mut p),
                other => {
                    let mut d =
                        Diagnostic::error(Code::UnknownTrigger, t.kind.span, format!("unknown trigger `{other}`"));
                    d = match did_you_mean(other, TRIGGERS) {
                        Some(h) => d.with_help(h),
                        None => d.with_help(format!("triggers are: {}", TRIGGERS.join(", "))),
                    };
                    self.diags.push(d);
                    continue;
                }
            };
            let Some(kind) = kind else { continue };
            let known: &[&str] = match &kind {
                TriggerKind::Http { .. } => &["api", "recursive"],
                TriggerKind::S3 { .. } => &["events", "prefix", "suffix", "via", "recursive"],
                TriggerKind::Schedule { .. } => &["timezone", "input", "enabled", "recursive"],
                TriggerKind::Sqs { .. } => &[
                    "batch_size",
                    "window",
                    "max_concurrency",
                    "report_failures",
                    "recursive",
                ],
                TriggerKind::Sns { .. } => &["filter", "recursive"],
                TriggerKind::Dynamodb { .. } | TriggerKind::Kinesis { .. } => STREAM_OPTIONS,
                TriggerKind::Event { .. } => &["source", "detail_type", "detail", "resources", "bus", "recursive"],
            };
            p.finish(&format!("`on {}`", t.kind.text), known, self.diags);
            out.push(Trigger {
                index,
                count_of_kind: 0,
                kind,
                kind_span: t.kind.span,
                recursive,
                span: t.span,
            });
        }
        for i in 0..out.len() {
            let k = out[i].keyword();
            out[i].count_of_kind = out.iter().filter(|o| o.keyword() == k).count();
        }
        out
    }

    fn trigger_target(&mut self, t: &ast::Trigger, kind: Kind) -> Option<Spanned<String>> {
        let Some(target) = &t.target else {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingProperty,
                    t.span,
                    format!("`on {}` needs the {} it listens to", t.kind.text, kind.keyword()),
                )
                .with_help(format!("write `on {} NAME`", t.kind.text)),
            );
            return None;
        };
        match self.target_word(&target.text, target.span, &[kind], &format!("`on {}`", t.kind.text))? {
            Target::Decl(s) => Some(s),
            Target::Arn(_) => None,
        }
    }

    fn http_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let Some(arg) = &t.arg else {
            self.diags.push(
                Diagnostic::error(Code::BadRoute, t.span, "`on http` needs a route")
                    .with_help("write `on http \"GET /path\"`"),
            );
            return None;
        };
        let route = self.literal(arg)?.value;
        let (method, path) = route.split_once(' ').unwrap_or((route.as_str(), ""));
        let path = path.trim();
        let problem = if !limits::HTTP_METHODS.contains(&method) {
            let hint = did_you_mean(&method.to_ascii_uppercase(), limits::HTTP_METHODS.iter().copied())
                .map_or_else(String::new, |h| format!("; {h}"));
            Some((
                format!("`{method}` is not an HTTP method"),
                format!(
                    "a route is `METHOD /path` with METHOD one of {}{hint}",
                    limits::HTTP_METHODS.join(", ")
                ),
            ))
        } else if !path.starts_with('/') {
            Some((
                format!("the path `{path}` must start with `/`"),
                format!("write `{method} /{}`", path.trim_start_matches('/')),
            ))
        } else if path.contains(' ') {
            Some((
                format!("the path `{path}` contains a space"),
                "encode spaces as `%20` or remove them".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            self.diags
                .push(Diagnostic::error(Code::BadRoute, arg.span, message).with_help(help));
            return None;
        }
        let apis: Vec<String> = self.apis.clone();
        let api = match p.take("api") {
            Some(v) => match self.target(v, &[Kind::Api], "`api`", false)? {
                Target::Decl(s) => s,
                Target::Arn(_) => return None,
            },
            None if apis.len() == 1 => Spanned::new(apis[0].clone(), t.span),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingProperty,
                        t.span,
                        "this stack declares several `api`s: say which one serves this route",
                    )
                    .with_help(format!(
                        "add `{{ api = {} }}`",
                        apis.first().map_or("NAME", String::as_str)
                    )),
                );
                return None;
            }
        };
        Some(TriggerKind::Http {
            method: method.to_string(),
            path: path.to_string(),
            route_span: arg.span,
            api,
        })
    }

    fn s3_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let bucket = self.trigger_target(t, Kind::Bucket);
        let mut events = Vec::new();
        match p.take("events") {
            Some(v) => {
                for e in self.reader().list(v).unwrap_or_default() {
                    let Some(s) = self.reader().word_or_string(&e) else {
                        continue;
                    };
                    let full = match s.value.as_str() {
                        "created" => "s3:ObjectCreated:*".to_string(),
                        "removed" => "s3:ObjectRemoved:*".to_string(),
                        other => other.to_string(),
                    };
                    if limits::S3_EVENTS.contains(&full.as_str()) {
                        events.push(Spanned::new(full, s.span));
                    } else {
                        let mut d = Diagnostic::error(
                            Code::UnknownEnumValue,
                            s.span,
                            format!("`{}` is not an S3 event", s.value),
                        );
                        let cands = limits::S3_EVENTS.iter().copied().chain(["created", "removed"]);
                        d = match did_you_mean(&s.value, cands) {
                            Some(h) => d.with_help(h),
                            None => {
                                d.with_help("use `created`, `removed` or a full name such as \"s3:ObjectCreated:Put\"")
                            }
                        };
                        self.diags.push(d);
                    }
                }
            }
            None => events.push(Spanned::new("s3:ObjectCreated:*".to_string(), t.span)),
        }
        let prefix = self.text(p, "prefix");
        let suffix = self.text(p, "suffix");
        let eventbridge = p
            .take("via")
            .and_then(|v| {
                self.reader()
                    .enum_value(v, &["notification", "eventbridge"], "S3 delivery")
            })
            .is_some_and(|v| v.value == "eventbridge");
        Some(TriggerKind::S3 {
            bucket: bucket?,
            events,
            prefix,
            suffix,
            eventbridge,
        })
    }

    fn schedule_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let Some(arg) = &t.arg else {
            self.diags.push(
                Diagnostic::error(Code::BadSchedule, t.span, "`on schedule` needs an expression")
                    .with_help("write `on schedule \"rate(1 day)\"` or `on schedule \"cron(0 12 * * ? *)\"`"),
            );
            return None;
        };
        let expression = self.literal(arg)?;
        let timezone = self.text(p, "timezone");
        let input = p.take("input").and_then(|v| self.json(v));
        let enabled = self.flag(p, "enabled", true);
        Some(TriggerKind::Schedule {
            expression,
            timezone,
            input,
            enabled,
        })
    }

    fn sqs_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let queue = self.trigger_target(t, Kind::Queue);
        let batch_size = self.int(p, "batch_size").unwrap_or(Spanned::new(10, t.span));
        let window = self.secs(p, "window").unwrap_or(Spanned::new(0, t.span));
        let max_concurrency = self.int(p, "max_concurrency");
        let report_failures = self.flag(p, "report_failures", false);
        Some(TriggerKind::Sqs {
            queue: queue?,
            batch_size,
            window,
            max_concurrency,
            report_failures,
        })
    }

    fn sns_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let topic = self.trigger_target(t, Kind::Topic);
        let filter = p.take("filter").and_then(|v| self.json(v));
        Some(TriggerKind::Sns { topic: topic?, filter })
    }

    fn stream_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>, kind: Kind) -> Option<TriggerKind> {
        let source = self.trigger_target(t, kind);
        let dflt = |n: u64| Spanned::new(n, t.span);
        let start = p
            .take("start")
            .and_then(|v| {
                self.reader()
                    .enum_value(v, &["trim_horizon", "latest"], "starting position")
            })
            .map_or(Spanned::new("TRIM_HORIZON".to_string(), t.span), |s| {
                Spanned::new(s.value.to_ascii_uppercase(), s.span)
            });
        let options = StreamOptions {
            start,
            batch_size: self.int(p, "batch_size").unwrap_or(dflt(100)),
            window: self.secs(p, "window").unwrap_or(dflt(0)),
            retries: self.int(p, "retries").unwrap_or(dflt(3)),
            max_age: self.secs(p, "max_age").unwrap_or(dflt(86_400)),
            bisect: self.flag(p, "bisect", true),
            parallelization: self.int(p, "parallelization").unwrap_or(dflt(1)),
            on_failure: p
                .take("on_failure")
                .and_then(|v| self.target(v, &[Kind::Queue, Kind::Topic], "`on_failure`", true)),
            filter: p.take("filter").and_then(|v| self.json(v)),
            report_failures: self.flag(p, "report_failures", false),
        };
        let source = source?;
        Some(if kind == Kind::Table {
            TriggerKind::Dynamodb { source, options }
        } else {
            TriggerKind::Kinesis { source, options }
        })
    }

    fn event_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let mut pattern = serde_json::Map::new();
        for (key, cfn) in [
            ("source", "source"),
            ("detail_type", "detail-type"),
            ("resources", "resources"),
        ] {
            if let Some(v) = p.take(key) {
                let list: Vec<serde_json::Value> = self
                    .reader()
                    .list(v)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| self.json(x))
                    .collect();
                pattern.insert(cfn.to_string(), serde_json::Value::Array(list));
            }
        }
        if let Some(v) = p.take("detail") {
            if let Some(d) = self.json(v) {
                pattern.insert("detail".to_string(), d);
            }
        }
        if pattern.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, t.span, "`on event` needs a pattern")
                    .with_help("write `on event { source = [\"aws.ec2\"], detail_type = [\"…\"] }`"),
            );
            return None;
        }
        let bus = self.text(p, "bus").filter(|b| b.value != "default");
        Some(TriggerKind::Event {
            pattern: serde_json::Value::Object(pattern),
            bus,
        })
    }

    fn workflow(&mut self, body: &Block) -> Workflow {
        let mut p = Props::new(body, self.diags);
        let steps: Vec<Spanned<String>> = match p.take("steps") {
            Some(v) => self
                .reader()
                .list(v)
                .unwrap_or_default()
                .iter()
                .filter_map(|s| match self.target(s, &[Kind::Function], "a workflow step", false)? {
                    Target::Decl(n) => Some(n),
                    Target::Arn(_) => None,
                })
                .collect(),
            // Missing steps are reported by `check` (LF0416) with empty ones.
            None => Vec::new(),
        };
        let (mut attempts, mut interval, mut backoff) = (2, 1, 2.0);
        if let Some(block) = p.take("retry").and_then(|v| self.reader().block(v)) {
            let mut r = Props::new(&block, self.diags);
            if let Some(a) = self.int(&mut r, "attempts") {
                attempts = a.value;
            }
            if let Some(i) = self.secs(&mut r, "interval") {
                interval = i.value;
            }
            if let Some(b) = r.take("backoff") {
                match &b.kind {
                    ValueKind::Number(n) if *n >= 1.0 => backoff = *n,
                    _ => self.diags.push(
                        Diagnostic::error(Code::WrongType, b.span, "`backoff` is a number of at least 1.0")
                            .with_help("write `backoff = 2.0`"),
                    ),
                }
            }
            r.finish("`retry`", &["attempts", "interval", "backoff"], self.diags);
        }
        p.finish("a workflow", &["steps", "retry"], self.diags);
        let ast_triggers: Vec<&ast::Trigger> = body
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::On(t) if t.kind.text == "schedule" || t.kind.text == "event" => Some(t),
                Entry::On(t) => {
                    self.diags.push(
                        Diagnostic::error(Code::UnknownTrigger, t.kind.span, format!("a workflow cannot be started by `on {}`", t.kind.text))
                            .with_help("workflows start `on schedule` or `on event`; other sources can invoke a function that starts it (`allow start`)"),
                    );
                    None
                }
                Entry::Allow(ast::Grant { span, .. }) | Entry::RawAllow { span, .. } => {
                    self.diags.push(
                        Diagnostic::error(Code::UnknownProperty, *span, "a workflow takes no grants: its role may invoke exactly its steps")
                            .with_help("give the grant to the step function that needs it"),
                    );
                    None
                }
                _ => None,
            })
            .collect();
        let triggers = self.triggers(&ast_triggers);
        Workflow {
            steps,
            attempts,
            interval,
            backoff,
            triggers,
        }
    }

    /// A block or list as constant JSON (schedule input).
    fn json(&mut self, v: &Value) -> Option<serde_json::Value> {
        let v = self.reader().subst(v)?;
        Some(match &v.kind {
            ValueKind::Block(b) => {
                let mut m = serde_json::Map::new();
                for e in &b.entries {
                    if let Entry::Attr { key, value, .. } = e {
                        m.insert(key.text.clone(), self.json(value)?);
                    }
                }
                serde_json::Value::Object(m)
            }
            ValueKind::List(items) => serde_json::Value::Array(items.iter().filter_map(|i| self.json(i)).collect()),
            ValueKind::Number(n) => serde_json::Number::from_f64(*n)
                .map(|x| {
                    if n.fract() == 0.0 {
                        serde_json::Value::from(*n as i64)
                    } else {
                        serde_json::Value::Number(x)
                    }
                })
                .unwrap_or(serde_json::Value::Null),
            ValueKind::Bool(b) => serde_json::Value::Bool(*b),
            ValueKind::Word(w) => serde_json::Value::String(w.clone()),
            _ => serde_json::Value::String(self.reader().string(&v)?.value),
        })
    }

    // ------------------------------------------------------------ others

    fn layer(&mut self, body: &Block) -> Layer {
        let mut p = Props::new(body, self.diags);
        let code = p.take("code").and_then(|v| self.code(v, false));
        if code.is_none() && !p.has("code") {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, body.span, "a layer needs `code`")
                    .with_help("write `code = \"layers/NAME\"` (a folder or .zip)"),
            );
        }
        let words = |s: &mut Self, v: Option<&Value>| -> Vec<Spanned<String>> {
            v.map(|v| {
                s.reader()
                    .list(v)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| s.reader().word_or_string(x))
                    .collect()
            })
            .unwrap_or_default()
        };
        let runtimes = words(self, p.take("runtimes"));
        let architectures = match p.take("architectures") {
            Some(v) => self
                .reader()
                .list(v)
                .unwrap_or_default()
                .iter()
                .filter_map(|x| self.reader().enum_value(x, &["x86_64", "arm64"], "architecture"))
                .collect(),
            None => Vec::new(),
        };
        let layer = Layer {
            code,
            runtimes,
            architectures,
            description: self.text(&mut p, "description"),
            license: self.text(&mut p, "license"),
            name: self.text(&mut p, "name"),
        };
        self.finish_resource(
            p,
            body,
            "a layer",
            &["code", "runtimes", "architectures", "description", "license", "name"],
        );
        layer
    }

    fn role(&mut self, body: &Block) -> Role {
        let mut p = Props::new(body, self.diags);
        let managed = p
            .take("managed")
            .map(|v| self.reader().string_list(v))
            .unwrap_or_default();
        let boundary = self.text(&mut p, "boundary");
        let name = self.text(&mut p, "name");
        p.finish("a role", &["managed", "boundary", "name"], self.diags);
        let (grants, statements) = self.grants(body);
        for e in &body.entries {
            if let Entry::On(t) = e {
                self.diags.push(
                    Diagnostic::error(Code::UnknownProperty, t.span, "a role takes no triggers")
                        .with_help("move `on …` into a function"),
                );
            }
        }
        Role {
            managed,
            boundary,
            grants,
            statements,
            name,
        }
    }

    /// `existing = …`, with no other property beside it (but `allowed`).
    fn existing(&mut self, p: &mut Props<'_>, body: &Block, allowed: &[&str]) -> Option<Existing> {
        let v = p.take("existing")?;
        let value = self.reader().string(v)?;
        for e in &body.entries {
            if let Entry::Attr { key, .. } = e {
                if key.text != "existing" && !allowed.contains(&key.text.as_str()) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::ExistingWithProperties,
                            key.span,
                            format!("`{}` cannot stand beside `existing`", key.text),
                        )
                        .with_label(value.span, "this resource is referenced, not created")
                        .with_help("remove the property: lfc does not manage an existing resource"),
                    );
                }
            }
        }
        Some(Existing { value })
    }

    fn bucket(&mut self, body: &Block) -> Bucket {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let b = Bucket {
            name: self.text(&mut p, "name"),
            versioning: self.flag(&mut p, "versioning", false),
            retain: self.flag(&mut p, "retain", true),
            existing,
        };
        self.finish_resource(p, body, "a bucket", &["name", "versioning", "retain", "existing"]);
        b
    }

    fn queue(&mut self, body: &Block) -> Queue {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let dead_letter = p.take("dead_letter").and_then(|v| {
            let block = self.reader().block(v)?;
            let mut c = Props::new(&block, self.diags);
            let queue = c
                .take("queue")
                .and_then(|v| self.target(v, &[Kind::Queue], "`dead_letter.queue`", false));
            let max = self.int(&mut c, "max_receives").map_or(5, |m| m.value);
            c.finish("`dead_letter`", &["queue", "max_receives"], self.diags);
            match queue {
                Some(Target::Decl(q)) => Some((q, max)),
                _ => {
                    if !c_has_queue(&block) {
                        self.diags.push(
                            Diagnostic::error(Code::MissingProperty, block.span, "`dead_letter` needs `queue`")
                                .with_help("write `dead_letter { queue = NAME }`"),
                        );
                    }
                    None
                }
            }
        });
        let q = Queue {
            name: self.text(&mut p, "name"),
            fifo: self.flag(&mut p, "fifo", false),
            visibility_timeout: self.secs(&mut p, "visibility_timeout"),
            retention: self.secs(&mut p, "retention"),
            delay: self.secs(&mut p, "delay"),
            dead_letter,
            existing,
        };
        self.finish_resource(
            p,
            body,
            "a queue",
            &[
                "name",
                "fifo",
                "visibility_timeout",
                "retention",
                "delay",
                "dead_letter",
                "existing",
            ],
        );
        q
    }

    fn topic(&mut self, body: &Block) -> Topic {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let t = Topic {
            name: self.text(&mut p, "name"),
            fifo: self.flag(&mut p, "fifo", false),
            existing,
        };
        self.finish_resource(p, body, "a topic", &["name", "fifo", "existing"]);
        t
    }

    fn key_schema(&mut self, v: &Value) -> Option<(String, String)> {
        let block = self.reader().block(v)?;
        let mut found = None;
        for e in &block.entries {
            if let Entry::Attr { key, value, .. } = e {
                if found.is_some() {
                    self.diags.push(
                        Diagnostic::error(Code::WrongType, key.span, "a key has exactly one attribute")
                            .with_help("write `{ NAME = string }`"),
                    );
                    break;
                }
                let ty = self
                    .reader()
                    .enum_value(value, &["string", "number", "binary"], "key type")?;
                let t = match ty.value.as_str() {
                    "string" => "S",
                    "number" => "N",
                    _ => "B",
                };
                found = Some((key.text.clone(), t.to_string()));
            }
        }
        if found.is_none() {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, block.span, "a key needs one attribute")
                    .with_help("write `{ id = string }`"),
            );
        }
        found
    }

    fn table(&mut self, body: &Block) -> Table {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &["stream_arn"]);
        let key = p.take("key").and_then(|v| self.key_schema(v));
        if existing.is_none() && key.is_none() && !p.has("key") {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, body.span, "a table needs a `key`")
                    .with_help("write `key = { id = string }`"),
            );
        }
        let stream = p.take("stream").and_then(|v| {
            self.reader()
                .enum_value(
                    v,
                    &["new_image", "old_image", "new_and_old_images", "keys_only"],
                    "stream view",
                )
                .map(|s| Spanned::new(s.value.to_ascii_uppercase(), s.span))
        });
        let t = Table {
            key,
            sort: p.take("sort").and_then(|v| self.key_schema(v)),
            stream,
            name: self.text(&mut p, "name"),
            retain: self.flag(&mut p, "retain", true),
            stream_arn: self.text(&mut p, "stream_arn"),
            existing,
        };
        self.finish_resource(
            p,
            body,
            "a table",
            &["key", "sort", "stream", "name", "retain", "existing", "stream_arn"],
        );
        t
    }

    fn stream(&mut self, body: &Block) -> Stream {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let s = Stream {
            shards: self.int(&mut p, "shards"),
            retention_hours: self.secs(&mut p, "retention").and_then(|s| {
                if s.value % 3600 != 0 {
                    self.diags.push(
                        Diagnostic::error(Code::WrongType, s.span, "stream retention is a whole number of hours")
                            .with_help("write it in `h` or `d`, such as `48h` or `7d`"),
                    );
                    return None;
                }
                Some(Spanned::new(s.value / 3600, s.span))
            }),
            name: self.text(&mut p, "name"),
            existing,
        };
        self.finish_resource(p, body, "a stream", &["shards", "retention", "name", "existing"]);
        s
    }

    fn api(&mut self, body: &Block) -> Api {
        let mut p = Props::new(body, self.diags);
        let a = Api {
            name: self.text(&mut p, "name"),
            cors: p.take("cors").and_then(|v| self.cors(v)),
            implicit: false,
        };
        self.finish_resource(p, body, "an api", &["name", "cors"]);
        a
    }

    fn output(&mut self, name: &ast::Ident, body: &Value) -> Option<Output> {
        let file = self.rel_file(name.span.file);
        if let ValueKind::Block(block) = &body.kind {
            let mut p = Props::new(block, self.diags);
            let value = p.take("value");
            let export = p.take("export").and_then(|v| Some(Spanned::new(self.expr(v)?, v.span)));
            let description = self.text(&mut p, "description").map(|s| s.value);
            p.finish("an output", &["value", "export", "description"], self.diags);
            let Some(value) = value else {
                self.diags.push(
                    Diagnostic::error(Code::MissingProperty, block.span, "an output block needs `value`")
                        .with_help("write `value = NAME.attribute`"),
                );
                return None;
            };
            let expr = self.expr(value)?;
            return Some(Output {
                value: Spanned::new(expr, value.span),
                export,
                description,
                span: name.span,
                file,
            });
        }
        let expr = self.expr(body)?;
        Some(Output {
            value: Spanned::new(expr, body.span),
            export: None,
            description: None,
            span: name.span,
            file,
        })
    }
}

fn c_has_queue(block: &Block) -> bool {
    block
        .entries
        .iter()
        .any(|e| matches!(e, Entry::Attr { key, .. } if key.text == "queue"))
}

/// Joins adjacent text and drops empty text parts.
fn simplify(parts: Vec<Expr>) -> Expr {
    let mut out: Vec<Expr> = Vec::new();
    for p in parts {
        match (out.last_mut(), p) {
            (Some(Expr::Str(a)), Expr::Str(b)) => a.push_str(&b),
            (_, Expr::Str(b)) if b.is_empty() => {}
            (_, p) => out.push(p),
        }
    }
    match out.len() {
        0 => Expr::Str(String::new()),
        1 => out.remove(0),
        _ => Expr::Concat(out),
    }
}

/// A function's block with `defaults` merged in (the function's own value wins).
fn merge_defaults(body: &Block, defaults: Option<&Block>, is_image: bool, sync_only: bool) -> Block {
    let Some(defaults) = defaults else { return body.clone() };
    let mut entries = body.entries.clone();
    for d in &defaults.entries {
        let Entry::Attr { key, value, span } = d else { continue };
        let k = key.text.as_str();
        if NOT_DEFAULTABLE.contains(&k)
            || !FUNCTION_PROPS.contains(&k)
            || (is_image && (k == "runtime" || k == "layers"))
            || (sync_only && (k == "dead_letter" || k == "async"))
        {
            continue;
        }
        let own = entries
            .iter_mut()
            .find(|e| matches!(e, Entry::Attr { key: ok, .. } if ok.text == k));
        match own {
            None => entries.push(d.clone()),
            Some(Entry::Attr { value: own_value, .. }) if MERGED.contains(&k) => {
                if let (ValueKind::Block(own_block), ValueKind::Block(def_block)) = (&mut own_value.kind, &value.kind) {
                    for de in &def_block.entries {
                        let Entry::Attr { key: dk, .. } = de else { continue };
                        let present = own_block
                            .entries
                            .iter()
                            .any(|e| matches!(e, Entry::Attr { key, .. } if key.text == dk.text));
                        if !present {
                            own_block.entries.push(de.clone());
                        }
                    }
                }
                let _ = span;
            }
            Some(_) => {}
        }
    }
    Block {
        entries,
        span: body.span,
    }
}

#[cfg(test)]
mod tests {
    use super::stack_name_from_file;
    use std::path::Path;

    #[test]
    fn file_stems_become_valid_stack_names() {
        assert_eq!(stack_name_from_file(Path::new("dir/My Stack.v2.lf")), "my_stack_v2");
        assert_eq!(stack_name_from_file(Path::new("image-api.lf")), "image_api");
        assert_eq!(stack_name_from_file(Path::new("Ünïcode.lf")), "n_code");
        assert_eq!(stack_name_from_file(Path::new("2024.lf")), "stack_2024");
        assert_eq!(stack_name_from_file(Path::new("---.lf")), "stack");
    }
}
