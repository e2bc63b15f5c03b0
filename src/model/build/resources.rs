//! Resource declarations: layers, roles, buckets, queues, topics, tables,
//! streams and APIs.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Block, Entry, Value};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    // ------------------------------------------------------------ others

    pub(super) fn layer(&mut self, body: &Block) -> Layer {
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
                .filter_map(|x| self.reader().enum_value(x, &Architecture::WORDS, "architecture"))
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
            removal: self.removal(&mut p, Removal::Retain),
        };
        if let Some(t) = p.take("tags") {
            self.diags.push(
                Diagnostic::error(Code::UnknownProperty, t.span, "a layer takes no tags")
                    .with_help("AWS::Lambda::LayerVersion has no tags; tag the functions that use it"),
            );
        }
        self.finish_resource(
            p,
            body,
            "a layer",
            &[
                "code",
                "runtimes",
                "architectures",
                "description",
                "license",
                "name",
                "removal",
            ],
        );
        layer
    }

    pub(super) fn role(&mut self, body: &Block) -> Role {
        let mut p = Props::new(body, self.diags);
        let managed = p
            .take("managed")
            .map(|v| self.reader().string_list(v))
            .unwrap_or_default();
        let boundary = self.text(&mut p, "boundary");
        let name = self.text(&mut p, "name");
        let tags = self.own_tags(&mut p);
        p.finish("a role", &["managed", "boundary", "name", "tags"], self.diags);
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
            tags,
        }
    }

    /// `existing = …`, with no other property beside it (but `allowed`).
    pub(super) fn existing(&mut self, p: &mut Props<'_>, body: &Block, allowed: &[&str]) -> Option<Existing> {
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

    /// LF0215: an existing queue or topic takes no `on` statements, whose
    /// resource policy would replace the one it has.
    fn no_triggers_beside_existing(&mut self, existing: &Option<Existing>, triggers: &[Trigger]) {
        if let (Some(e), Some(t)) = (existing, triggers.first()) {
            self.diags.push(
                Diagnostic::error(
                    Code::ExistingWithProperties,
                    t.span,
                    format!("`on {}` cannot stand beside `existing`", t.keyword()),
                )
                .with_label(e.value.span, "this resource is referenced, not created")
                .with_help("lfc would replace the resource's policy; subscribe it outside this stack"),
            );
        }
    }

    pub(super) fn bucket(&mut self, body: &Block) -> Bucket {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let b = Bucket {
            name: self.physical_name(&mut p),
            versioning: self.flag(&mut p, "versioning", false),
            removal: self.removal_or_retain(&mut p, Removal::Retain),
            tags: self.own_tags(&mut p),
            eventbridge: self.flag(&mut p, "eventbridge", false),
            existing,
        };
        self.finish_resource(
            p,
            body,
            "a bucket",
            &[
                "name",
                "versioning",
                "removal",
                "retain",
                "tags",
                "eventbridge",
                "existing",
            ],
        );
        b
    }

    pub(super) fn queue(&mut self, body: &Block) -> Queue {
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
                // An ARN is refused by `target` here (reported there).
                Some(Target::Arn(_)) | None => {
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
            name: self.physical_name(&mut p),
            fifo: self.flag(&mut p, "fifo", false),
            visibility_timeout: self.secs(&mut p, "visibility_timeout"),
            retention: self.secs(&mut p, "retention"),
            delay: self.secs(&mut p, "delay"),
            dead_letter,
            existing,
            removal: self.removal(&mut p, Removal::Delete),
            tags: self.own_tags(&mut p),
            triggers: self.decl_triggers(body, Kind::Queue, "a queue takes no grants"),
        };
        self.no_triggers_beside_existing(&q.existing, &q.triggers);
        p.finish(
            "a queue",
            &[
                "name",
                "fifo",
                "visibility_timeout",
                "retention",
                "delay",
                "dead_letter",
                "existing",
                "removal",
                "tags",
            ],
            self.diags,
        );
        q
    }

    pub(super) fn topic(&mut self, body: &Block) -> Topic {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let t = Topic {
            name: self.physical_name(&mut p),
            fifo: self.flag(&mut p, "fifo", false),
            display_name: self.text(&mut p, "display_name"),
            tracing: p.take("tracing").and_then(|v| {
                let word = self.reader().enum_value(v, &Topic::TRACING_MODES, "tracing mode")?;
                let cfn = if word.value == "active" {
                    "Active"
                } else {
                    "PassThrough"
                };
                Some(Spanned::new(cfn.to_string(), word.span))
            }),
            existing,
            removal: self.removal(&mut p, Removal::Delete),
            tags: self.own_tags(&mut p),
            triggers: self.decl_triggers(body, Kind::Topic, "a topic takes no grants"),
        };
        self.no_triggers_beside_existing(&t.existing, &t.triggers);
        p.finish(
            "a topic",
            &["name", "fifo", "display_name", "tracing", "existing", "removal", "tags"],
            self.diags,
        );
        t
    }

    pub(super) fn stream(&mut self, body: &Block) -> Stream {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &[]);
        let s = Stream {
            shards: self.int(&mut p, "shards"),
            retention: self.secs(&mut p, "retention"),
            name: self.text(&mut p, "name"),
            existing,
            removal: self.removal(&mut p, Removal::Delete),
            tags: self.own_tags(&mut p),
        };
        self.finish_resource(
            p,
            body,
            "a stream",
            &["shards", "retention", "name", "existing", "removal", "tags"],
        );
        s
    }

    pub(super) fn api(&mut self, body: &Block) -> Api {
        let mut p = Props::new(body, self.diags);
        let kind = p
            .take("kind")
            .and_then(|v| self.reader().enum_value(v, &Api::KINDS, "api kind"));
        let name = self.text(&mut p, "name");
        let cors = p.take("cors").and_then(|v| self.cors(v));
        let stage = self.text(&mut p, "stage");
        let endpoint = p
            .take("endpoint")
            .and_then(|v| self.reader().enum_value(v, &RestApi::ENDPOINTS, "endpoint type"));
        let keys: Vec<Spanned<String>> = p
            .take("keys")
            .map(|v| {
                self.reader()
                    .list(v)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|k| self.reader().word_or_string(k))
                    .collect()
            })
            .unwrap_or_default();
        let usage_plan = p.take("usage_plan").and_then(|v| self.usage_plan(v));
        let auth = p.take("auth").and_then(|v| self.auth(v)).map(Box::new);
        let tags = self.own_tags(&mut p);
        self.finish_resource(
            p,
            body,
            "an api",
            &[
                "kind",
                "name",
                "cors",
                "stage",
                "endpoint",
                "keys",
                "usage_plan",
                "auth",
                "tags",
            ],
        );
        // REST-only settings on an HTTP api are `check`'s (LF0422).
        let mut rest_only: Vec<(&'static str, Span)> = Vec::new();
        rest_only.extend(stage.as_ref().map(|s| ("stage", s.span)));
        rest_only.extend(endpoint.as_ref().map(|s| ("endpoint", s.span)));
        rest_only.extend(keys.first().map(|s| ("keys", s.span)));
        rest_only.extend(usage_plan.as_ref().map(|u| ("usage_plan", u.span)));
        let rest = kind.filter(|k| k.value == "rest").map(|k| {
            rest_only = vec![("kind", k.span)];
            RestApi {
                stage: stage.unwrap_or(Spanned::new("api".into(), k.span)),
                endpoint: endpoint.map_or("REGIONAL".into(), |e| e.value.to_ascii_uppercase()),
                keys,
                usage_plan,
            }
        });
        Api {
            name,
            cors,
            implicit: false,
            rest,
            rest_only,
            auth,
            tags,
        }
    }

    /// `usage_plan { quota, period, rate, burst }`
    fn usage_plan(&mut self, v: &Value) -> Option<UsagePlan> {
        let block = self.reader().block(v)?;
        let mut p = Props::new(&block, self.diags);
        let quota = self.int(&mut p, "quota");
        let period = p
            .take("period")
            .and_then(|v| self.reader().enum_value(v, &UsagePlan::PERIODS, "quota period"))
            .map_or(Spanned::new("DAY".into(), block.span), |s| {
                Spanned::new(s.value.to_ascii_uppercase(), s.span)
            });
        // Requests per second; a negative rate is `check`'s.
        let rate = p.take("rate").and_then(|v| self.reader().number(v));
        let burst = self.int(&mut p, "burst");
        p.finish("`usage_plan`", &["quota", "period", "rate", "burst"], self.diags);
        Some(UsagePlan {
            quota,
            period,
            rate,
            burst,
            span: block.span,
        })
    }
}

fn c_has_queue(block: &Block) -> bool {
    block
        .entries
        .iter()
        .any(|e| matches!(e, Entry::Attr { key, .. } if key.text == "queue"))
}
