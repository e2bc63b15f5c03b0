//! `function` declarations: properties, `defaults` merged in, code locations.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Block, Entry, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

pub(super) const FUNCTION_PROPS: &[&str] = &[
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
pub(super) const NOT_DEFAULTABLE: &[&str] = &["code", "image", "handler", "name", "role", "url"];
/// Function properties that merge key by key / field by field with defaults.
const MERGED: &[&str] = &["env", "tags", "logs", "vpc", "async", "concurrency"];

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

    pub(super) fn cors(&mut self, v: &Value) -> Option<Cors> {
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
