//! `function` declarations: properties, `defaults` merged in, code locations.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Block, Entry, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    pub(super) fn code_path(&mut self, s: &Spanned<String>) -> CodeSource {
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

    pub(super) fn code(&mut self, value: &Value, inline_ok: bool) -> Option<Spanned<CodeSource>> {
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

    pub(super) fn function(&mut self, d: &ast::Decl, defaults: Option<&Block>) -> Function {
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
                Entry::Attr { .. } | Entry::Allow(_) | Entry::RawAllow { .. } => None,
            })
            .collect();
        // Only invoked synchronously or by polling: async settings from
        // `defaults` do not apply.
        let sync_only = !triggers.is_empty()
            && triggers.iter().all(|t| {
                TriggerType::from_keyword(&t.kind.text).is_some_and(|ty| ty.invocation() != Invocation::Async)
            });
        let merged = merge_defaults(&d.body, defaults, is_image, sync_only);
        let mut p = Props::of_entries(merged.iter().map(|e| &**e), self.diags);
        let keys = FunctionProp::keys();
        let written = keys.iter().copied().filter(|k| p.has(k)).collect();
        let mut f = Function::with_defaults(d.name.span, written);
        for prop in FunctionProp::ALL {
            if let Some(v) = p.take(prop.key()) {
                self.function_prop(prop, v, &mut f);
            }
        }
        p.finish("a function", &keys, self.diags);
        // `defaults` hold no statements: the grants are the function's own.
        (f.grants, f.statements) = self.grants(&d.body);
        f.triggers = self.triggers(&triggers);
        f
    }

    /// Reads one property into `f`; a bad value leaves the default in place.
    fn function_prop(&mut self, prop: FunctionProp, v: &Value, f: &mut Function) {
        match prop {
            FunctionProp::Runtime => f.runtime = self.reader().word_or_string(v),
            FunctionProp::Handler => f.handler = self.reader().string(v),
            FunctionProp::Code => f.code = self.code(v, true),
            FunctionProp::Image => self.image(v, f),
            FunctionProp::Memory => set(&mut f.memory, self.reader().size_mb(v)),
            FunctionProp::Timeout => set(&mut f.timeout, self.reader().duration_s(v)),
            FunctionProp::Storage => set(&mut f.storage, self.reader().size_mb(v)),
            FunctionProp::Architecture => {
                let word = self.reader().enum_value(v, prop.words(), "architecture");
                let arch = word.and_then(|w| Some(Spanned::new(Architecture::from_word(&w.value)?, w.span)));
                set(&mut f.architecture, arch);
            }
            FunctionProp::Description => f.description = self.reader().string(v),
            FunctionProp::Name => f.name = self.name_value(v),
            FunctionProp::Layers => {
                let list = self.reader().list_ref(v).unwrap_or_default();
                f.layers = list
                    .iter()
                    .filter_map(|l| self.target(l, &[Kind::Layer], "`layers`", true))
                    .collect();
            }
            FunctionProp::Role => f.role = self.target(v, &[Kind::Role], "`role`", true),
            FunctionProp::Env => self.env(v, f),
            FunctionProp::Tags => f.tags = self.tags(v),
            FunctionProp::Tracing => {
                f.tracing = self
                    .reader()
                    .enum_value(v, prop.words(), "tracing mode")
                    .filter(|t| t.value != "off");
            }
            FunctionProp::Concurrency => self.concurrency(v, f),
            FunctionProp::Vpc => self.vpc(v, f),
            FunctionProp::Logs => self.logs(v, &mut f.logs),
            FunctionProp::DeadLetter => {
                f.dead_letter = self.target(v, &[Kind::Queue, Kind::Topic], "`dead_letter`", false);
            }
            FunctionProp::Async => f.async_config = self.async_config(v),
            FunctionProp::Url => f.url = self.url(v),
            FunctionProp::Snapstart => f.snapstart = self.reader().boolean(v),
            FunctionProp::KmsKey => f.kms_key = self.reader().string(v),
            FunctionProp::Monitor => f.monitor = self.monitor(v),
            FunctionProp::Insights => f.insights = self.reader().boolean(v),
            FunctionProp::Publish => f.publish = self.reader().boolean(v),
        }
    }

    /// `image = "…"`: the code is the image; `code` beside it is an error.
    fn image(&mut self, v: &Value, f: &mut Function) {
        let Some(img) = self.reader().string(v) else { return };
        if let Some(c) = &f.code {
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
        f.code = Some(Spanned::new(CodeSource::Image(img.value), img.span));
    }

    /// `env { KEY = value … }`
    fn env(&mut self, v: &Value, f: &mut Function) {
        let Some(block) = self.reader().block_ref(v) else {
            return;
        };
        for e in &block.entries {
            if let Entry::Attr { key, value, .. } = e {
                if let Some(x) = self.env_value(value) {
                    f.env.insert(key.text.clone(), Spanned::new(x, value.span));
                    f.env_key_spans.insert(key.text.clone(), key.span);
                }
            }
        }
    }

    /// `concurrency { reserved, provisioned }`
    fn concurrency(&mut self, v: &Value, f: &mut Function) {
        let Some(block) = self.reader().block_ref(v) else {
            return;
        };
        let mut c = Props::new(&block, self.diags);
        f.reserved_concurrency = self.int(&mut c, "reserved");
        f.provisioned_concurrency = self.int(&mut c, "provisioned");
        c.finish("`concurrency`", &["reserved", "provisioned"], self.diags);
    }

    /// `vpc { subnets, security_groups }`
    fn vpc(&mut self, v: &Value, f: &mut Function) {
        let Some(block) = self.reader().block_ref(v) else {
            return;
        };
        let mut c = Props::new(&block, self.diags);
        if let Some(v) = c.take("subnets") {
            f.subnets = self.id_list(v, "subnets");
        }
        if let Some(v) = c.take("security_groups") {
            f.security_groups = self.id_list(v, "security_groups");
        }
        c.finish("`vpc`", &["subnets", "security_groups"], self.diags);
    }

    /// `logs { retention, format, level, system_level }`. Whether the
    /// retention is one CloudWatch allows is `check`'s (LF0317).
    fn logs(&mut self, v: &Value, logs: &mut Logs) {
        let Some(block) = self.reader().block_ref(v) else {
            return;
        };
        let mut c = Props::new(&block, self.diags);
        if let Some(v) = c.take("retention") {
            if matches!(&v.kind, ValueKind::Word(w) if w == "never") {
                logs.retention = None;
            } else if let Some(secs) = self.reader().duration_s(v) {
                logs.retention = Some(secs);
            }
        }
        logs.format = c
            .take("format")
            .and_then(|v| self.reader().enum_value(v, &Logs::FORMATS, "log format"));
        logs.level = c
            .take("level")
            .and_then(|v| self.reader().enum_value(v, &Logs::LEVELS, "log level"));
        logs.system_level = c
            .take("system_level")
            .and_then(|v| self.reader().enum_value(v, &Logs::SYSTEM_LEVELS, "system log level"));
        c.finish("`logs`", &["retention", "format", "level", "system_level"], self.diags);
    }

    /// `async { retries, max_age, on_success, on_failure }`
    fn async_config(&mut self, v: &Value) -> Option<AsyncConfig> {
        let block = self.reader().block_ref(v)?;
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
    }

    /// `url { auth, cors, stream }`
    fn url(&mut self, v: &Value) -> Option<FunctionUrl> {
        let block = self.reader().block_ref(v)?;
        let mut c = Props::new(&block, self.diags);
        let auth = c
            .take("auth")
            .and_then(|v| {
                self.reader()
                    .enum_value(v, &FunctionUrl::AUTH_TYPES, "function URL auth type")
            })
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
    }

    pub(super) fn cors(&mut self, v: &Value) -> Option<Cors> {
        let block = self.reader().block_ref(v)?;
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
}

/// Keeps `value` when a property's reading succeeded.
fn set<T>(slot: &mut Spanned<T>, value: Option<Spanned<T>>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// A function's entries with `defaults` merged in (the function's own value
/// wins). Only an entry that changes (a block property given more keys) is
/// copied.
fn merge_defaults<'b>(
    body: &'b Block,
    defaults: Option<&'b Block>,
    is_image: bool,
    sync_only: bool,
) -> Vec<Cow<'b, Entry>> {
    let mut entries: Vec<Cow<'b, Entry>> = body.entries.iter().map(Cow::Borrowed).collect();
    let Some(defaults) = defaults else { return entries };
    for d in &defaults.entries {
        let Entry::Attr { key, value, .. } = d else { continue };
        let k = key.text.as_str();
        let Some(prop) = FunctionProp::from_key(k) else {
            continue;
        };
        if !prop.defaultable()
            || (is_image && (k == "runtime" || k == "layers" || k == "insights"))
            || (sync_only && (k == "dead_letter" || k == "async"))
        {
            continue;
        }
        let own = entries
            .iter_mut()
            .find(|e| matches!(&***e, Entry::Attr { key: ok, .. } if ok.text == k));
        let Some(own) = own else {
            entries.push(Cow::Borrowed(d));
            continue;
        };
        let own_is_block = matches!(
            &**own,
            Entry::Attr {
                value: Value {
                    kind: ValueKind::Block(_),
                    ..
                },
                ..
            }
        );
        if !prop.merged() || !own_is_block || !matches!(value.kind, ValueKind::Block(_)) {
            continue;
        }
        match own.to_mut() {
            Entry::Attr { value: own_value, .. } => {
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
            }
            Entry::On(_) | Entry::Allow(_) | Entry::RawAllow { .. } => {}
        }
    }
    entries
}
