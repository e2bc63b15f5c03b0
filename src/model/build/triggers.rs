//! `on …` statements: one reader per trigger kind.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Block, Entry, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    pub(super) fn triggers(&mut self, triggers: &[&ast::Trigger]) -> Vec<Trigger> {
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
            let Some(ty) = TriggerType::from_keyword(&t.kind.text) else {
                self.unknown_trigger(&t.kind);
                continue;
            };
            let kind = match ty {
                TriggerType::Http => self.http_trigger(t, &mut p),
                TriggerType::S3 => self.s3_trigger(t, &mut p),
                TriggerType::Schedule => self.schedule_trigger(t, &mut p),
                TriggerType::Sqs => self.sqs_trigger(t, &mut p),
                TriggerType::Sns => self.sns_trigger(t, &mut p),
                TriggerType::Dynamodb | TriggerType::Kinesis => self.stream_trigger(t, &mut p, ty),
                TriggerType::Event => self.event_trigger(t, &mut p),
            };
            let Some(kind) = kind else { continue };
            let known = ty.options();
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

    /// The `on` statements of a declaration other than a function: those
    /// of kinds [`TriggerType::feeds`] allows for `kind`; `allow` statements
    /// are refused with `no_grants`.
    pub(super) fn decl_triggers(&mut self, body: &Block, kind: Kind, no_grants: &str) -> Vec<Trigger> {
        let mut accepted: Vec<&ast::Trigger> = Vec::new();
        for e in &body.entries {
            match e {
                Entry::On(t) if TriggerType::from_keyword(&t.kind.text).is_some_and(|ty| ty.feeds(kind)) => {
                    accepted.push(t);
                }
                Entry::On(t) => {
                    let kinds: Vec<&str> = TriggerType::ALL
                        .into_iter()
                        .filter(|ty| ty.feeds(kind))
                        .map(|ty| ty.keyword())
                        .collect();
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownTrigger,
                            t.kind.span,
                            format!("a {} cannot take `on {}`", kind.keyword(), t.kind.text),
                        )
                        .with_help(format!(
                            "a {} takes `on {}`; other sources can invoke a function that forwards to it",
                            kind.keyword(),
                            kinds.join("`, `on ")
                        )),
                    );
                }
                Entry::Allow(ast::Grant { span, .. }) | Entry::RawAllow { span, .. } => {
                    self.diags.push(
                        Diagnostic::error(Code::UnknownProperty, *span, no_grants.to_string())
                            .with_help("give the grant to the function that needs it"),
                    );
                }
                Entry::Attr { .. } => {}
            }
        }
        self.triggers(&accepted)
    }

    /// `on WORD` where WORD is no trigger kind.
    fn unknown_trigger(&mut self, word: &ast::Ident) {
        let keywords = TriggerType::ALL.map(TriggerType::keyword);
        let mut d = Diagnostic::error(
            Code::UnknownTrigger,
            word.span,
            format!("unknown trigger `{}`", word.text),
        );
        d = d.with_closest_at(
            word.span,
            &word.text,
            keywords,
            format!("triggers are: {}", keywords.join(", ")),
        );
        self.diags.push(d);
    }

    pub(super) fn trigger_target(&mut self, t: &ast::Trigger, kind: Kind) -> Option<Spanned<String>> {
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

    pub(super) fn http_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
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
        // Whether the method and path are valid is `check`'s (LF0402).
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
        let auth = p.take("auth").and_then(|v| self.auth(v));
        Some(TriggerKind::Http {
            method: method.to_string(),
            path: path.to_string(),
            route_span: arg.span,
            api,
            auth,
        })
    }

    pub(super) fn s3_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
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
                        d = d.with_closest(
                            &s.value,
                            cands,
                            "use `created`, `removed` or a full name such as \"s3:ObjectCreated:Put\"",
                        );
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
            .and_then(|v| self.reader().enum_value(v, &TriggerKind::S3_VIA, "S3 delivery"))
            .is_some_and(|v| v.value == "eventbridge");
        Some(TriggerKind::S3 {
            bucket: bucket?,
            events,
            prefix,
            suffix,
            eventbridge,
        })
    }

    pub(super) fn schedule_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
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
        let options = Box::new(self.schedule_options(p));
        Some(TriggerKind::Schedule {
            expression,
            timezone,
            input,
            enabled,
            options,
        })
    }

    /// `via`, `name`, `description`, `retry { attempts, max_age }` and
    /// `dead_letter` of an `on schedule`.
    fn schedule_options(&mut self, p: &mut Props<'_>) -> ScheduleOptions {
        let via = p
            .take("via")
            .and_then(|v| self.reader().enum_value(v, &ScheduleOptions::VIA, "schedule delivery"));
        let (mut attempts, mut max_age) = (None, None);
        if let Some(block) = p.take("retry").and_then(|v| self.reader().block(v)) {
            let mut r = Props::new(&block, self.diags);
            attempts = self.int(&mut r, "attempts");
            max_age = self.secs(&mut r, "max_age");
            r.finish("`retry`", &["attempts", "max_age"], self.diags);
        }
        let dead_letter = p.take("dead_letter").and_then(|v| {
            match self.target(v, &[Kind::Queue], "a schedule's `dead_letter`", false)? {
                Target::Decl(q) => Some(q),
                Target::Arn(_) => None,
            }
        });
        ScheduleOptions {
            via,
            name: self.text(p, "name"),
            description: self.text(p, "description"),
            attempts,
            max_age,
            dead_letter,
        }
    }

    pub(super) fn sqs_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let queue = self.trigger_target(t, Kind::Queue);
        let batch_size = self.int(p, "batch_size").unwrap_or(Spanned::new(10, t.span));
        let window = self.secs(p, "window").unwrap_or(Spanned::new(0, t.span));
        let max_concurrency = self.int(p, "max_concurrency");
        let report_failures = self.flag(p, "report_failures", false);
        let filters = self.filters(p);
        Some(TriggerKind::Sqs {
            queue: queue?,
            batch_size,
            window,
            max_concurrency,
            report_failures,
            filters,
        })
    }

    /// `filter = { … }` (one pattern) or `filter = [{ … }, …]` (any of them)
    /// of a polled trigger, each pattern as JSON.
    fn filters(&mut self, p: &mut Props<'_>) -> Vec<Spanned<serde_json::Value>> {
        let Some(v) = p.take("filter") else {
            return Vec::new();
        };
        let patterns = match &v.kind {
            ValueKind::List(items) => items.clone(),
            _ => vec![v.clone()],
        };
        patterns
            .iter()
            .filter_map(|x| {
                // A pattern is a block; anything else is LF0106 here.
                self.reader().block(x)?;
                Some(Spanned::new(self.json(x)?, x.span))
            })
            .collect()
    }

    pub(super) fn sns_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let topic = self.trigger_target(t, Kind::Topic);
        let filter = p.take("filter").and_then(|v| self.json(v));
        let filter_body = p
            .take("filter_on")
            .and_then(|v| self.reader().enum_value(v, &TriggerKind::SNS_FILTER_ON, "filter scope"))
            .is_some_and(|s| s.value == "body");
        let raw = p.take("raw").and_then(|v| self.reader().boolean(v));
        Some(TriggerKind::Sns {
            topic: topic?,
            filter,
            filter_body,
            raw,
        })
    }

    pub(super) fn stream_trigger(
        &mut self,
        t: &ast::Trigger,
        p: &mut Props<'_>,
        ty: TriggerType,
    ) -> Option<TriggerKind> {
        let source = ty.source_kind().and_then(|kind| self.trigger_target(t, kind));
        let dflt = |n: u64| Spanned::new(n, t.span);
        let start = p
            .take("start")
            .and_then(|v| self.reader().enum_value(v, &StreamOptions::STARTS, "starting position"))
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
            filters: self.filters(p),
            report_failures: self.flag(p, "report_failures", false),
        };
        let source = source?;
        Some(if ty == TriggerType::Dynamodb {
            TriggerKind::Dynamodb { source, options }
        } else {
            TriggerKind::Kinesis { source, options }
        })
    }

    pub(super) fn event_trigger(&mut self, t: &ast::Trigger, p: &mut Props<'_>) -> Option<TriggerKind> {
        let mut pattern = serde_json::Map::new();
        let mut refs = Vec::new();
        for (key, cfn) in [
            ("source", "source"),
            ("detail_type", "detail-type"),
            ("resources", "resources"),
            ("detail", "detail"),
        ] {
            let Some(v) = p.take(key) else { continue };
            // `detail` is a block, the others lists; a declaration named
            // inside (`resources = [uploads.arn]`) is a reference.
            let shaped = if key == "detail" {
                self.reader().block(v).is_some()
            } else {
                self.reader().list(v).is_some()
            };
            if let Some(x) = self.json_refs(v, &format!("/{cfn}"), &mut refs).filter(|_| shaped) {
                pattern.insert(cfn.to_string(), x);
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
            refs,
            bus,
        })
    }
}
