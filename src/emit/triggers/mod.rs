//! Triggers: what each `on …` statement of a function or workflow becomes.
//! This module names a trigger's resources ([`Site`]), says what it invokes
//! ([`Invokee`]) and dispatches on the kind; each kind has its own file.
//!
//! Must not: validate (options and limits are `check`'s) or resolve names
//! (the model did).

mod delivery;
mod event;
mod http;
mod s3;
mod schedule;
mod sns;
mod sqs;
mod streams;

use serde_json::{json, Value};

use super::cfn::{reference, Resource};
use super::iam::Statement;
use super::{source, Emitter};
use crate::model::{pascal_case, Attr, Decl, Spanned, Trigger, TriggerKind, TriggerType};
use crate::source::Span;

/// What a trigger invokes.
pub(super) enum Invokee {
    /// A function: its ARN (or alias) and what a mapping names.
    Function {
        /// ARN or alias ARN to invoke.
        invoke: Value,
        /// `FunctionName` of a mapping.
        mapping: Value,
    },
    /// A workflow (state machine) ARN.
    Workflow {
        /// The state machine's ARN.
        arn: Value,
    },
    /// A queue messages are sent to (`on sns`, `on event`, `on schedule`).
    Queue {
        /// The queue's lf name (its policy collects the statements).
        name: String,
        /// The queue's ARN.
        arn: Value,
    },
    /// A topic messages are published to (`on event`, `on schedule`).
    Topic {
        /// The topic's lf name.
        name: String,
        /// The topic's ARN.
        arn: Value,
    },
}

impl Invokee {
    /// The ARN a source invokes.
    fn arn(&self) -> Value {
        match self {
            Invokee::Function { invoke, .. } => invoke.clone(),
            Invokee::Workflow { arn } | Invokee::Queue { arn, .. } | Invokee::Topic { arn, .. } => arn.clone(),
        }
    }

    /// What an event source mapping names as its function.
    fn mapping_name(&self) -> Value {
        match self {
            Invokee::Function { mapping, .. } => mapping.clone(),
            // Only functions take polled triggers (the model refuses others).
            Invokee::Workflow { arn } | Invokee::Queue { arn, .. } | Invokee::Topic { arn, .. } => arn.clone(),
        }
    }

    /// What a service role needs to start the target.
    fn start_statement(&self) -> Statement {
        match self {
            Invokee::Function { invoke, .. } => Statement::new(&["lambda:InvokeFunction"], vec![invoke.clone()]),
            Invokee::Workflow { arn } => Statement::new(&["states:StartExecution"], vec![arn.clone()]),
            Invokee::Queue { arn, .. } => Statement::new(&["sqs:SendMessage"], vec![arn.clone()]),
            Invokee::Topic { arn, .. } => Statement::new(&["sns:Publish"], vec![arn.clone()]),
        }
    }
}

/// One trigger's place: what its resources are named and sourced by.
struct Site<'a> {
    /// The stem of its logical IDs: `<Decl><Kind>[n]`.
    tid: String,
    /// `lfc:source` of its resources.
    src: String,
    /// The declaration's name (a rule target's `Id`).
    name: &'a str,
    /// What it invokes.
    target: &'a Invokee,
    /// The `on …` statement.
    span: Span,
}

/// `<kind>.<name>.on.<trigger>[i]`: the source-map path of a trigger.
fn trigger_path(decl: &Decl, t: &Trigger) -> String {
    let mut p = format!("{}.{}.on.{}", decl.kind.kind().keyword(), decl.name, t.keyword());
    if t.count_of_kind > 1 {
        p.push_str(&format!("[{}]", t.index));
    }
    p
}

/// The part of a derived logical ID that names a trigger: `S3`, `Http2`, …
pub(in crate::emit) fn trigger_id(t: &Trigger) -> String {
    let base = pascal_case(t.keyword());
    if t.count_of_kind > 1 {
        format!("{base}{}", t.index + 1)
    } else {
        base
    }
}

impl Emitter<'_> {
    /// The resources of one trigger of the declaration `name`.
    pub(super) fn trigger(&mut self, name: &str, decl: &Decl, t: &Trigger, target: &Invokee) {
        let site = Site {
            tid: format!("{}{}", pascal_case(name), trigger_id(t)),
            src: source(decl, &trigger_path(decl, t)),
            name,
            target,
            span: t.span,
        };
        match &t.kind {
            TriggerKind::Http {
                method,
                path,
                api,
                auth,
                ..
            } => self.http_trigger(&site, method, path, &api.value, auth.as_ref()),
            TriggerKind::S3 {
                bucket,
                events,
                prefix,
                suffix,
                eventbridge,
            } => self.s3_trigger(
                &site,
                &bucket.value,
                events,
                prefix.as_ref(),
                suffix.as_ref(),
                *eventbridge,
            ),
            TriggerKind::Schedule {
                expression,
                timezone,
                input,
                enabled,
                options,
            } => self.schedule_trigger(
                &site,
                &expression.value,
                timezone.as_ref(),
                input.as_ref(),
                *enabled,
                options,
            ),
            TriggerKind::Event { pattern, refs, bus } => {
                let mut pattern = pattern.clone();
                for (pointer, r) in refs {
                    let v = self.ref_value(r);
                    if let Some(slot) = pattern.pointer_mut(pointer) {
                        *slot = v;
                    }
                }
                self.event_rule(&site, pattern, bus.as_ref().map(|b| b.value.clone()));
            }
            TriggerKind::Sns {
                topic,
                filter,
                filter_body,
                raw,
            } => {
                let raw = raw.as_ref().is_some_and(|r| r.value);
                let scope = if *filter_body {
                    "MessageBody"
                } else {
                    "MessageAttributes"
                };
                self.sns_trigger(&site, topic, filter.as_ref().map(|f| (f, scope)), raw);
            }
            TriggerKind::Sqs {
                queue,
                batch_size,
                window,
                max_concurrency,
                report_failures,
                filters,
            } => self.sqs_trigger(
                &site,
                queue,
                (batch_size.value, window.value),
                max_concurrency.as_ref(),
                *report_failures,
                filters,
            ),
            TriggerKind::Dynamodb { source, options } | TriggerKind::Kinesis { source, options } => {
                self.stream_trigger(&site, t.ty(), source, options);
            }
        }
    }

    /// `FilterCriteria` of a polled trigger's mapping: one filter per
    /// pattern, each pattern as compact JSON text.
    pub(in crate::emit) fn filter_criteria(filters: &[Spanned<Value>]) -> Option<Value> {
        if filters.is_empty() {
            return None;
        }
        let list: Vec<Value> = filters
            .iter()
            .map(|f| json!({ "Pattern": serde_json::to_string(&f.value).unwrap_or_default() }))
            .collect();
        Some(json!({ "Filters": list }))
    }

    /// The ARN of the declaration a trigger of kind `ty` reads: a table's
    /// stream for `on dynamodb`, else the source's own ARN.
    pub(in crate::emit) fn source_arn(&mut self, ty: TriggerType, source: &Spanned<String>) -> Value {
        let attr = match ty {
            TriggerType::Dynamodb => Attr::StreamArn,
            TriggerType::Http
            | TriggerType::S3
            | TriggerType::Schedule
            | TriggerType::Sqs
            | TriggerType::Sns
            | TriggerType::Kinesis
            | TriggerType::Event => Attr::Arn,
        };
        self.attr_value(&source.value, attr)
    }

    /// Lets `principal` invoke the site's function from `source_arn`.
    fn permission(&mut self, site: &Site, principal: &str, source_arn: Value) {
        let mut p = Resource::new("AWS::Lambda::Permission", site.src.clone())
            .prop("Action", json!("lambda:InvokeFunction"))
            .prop("FunctionName", site.target.arn())
            .prop("Principal", json!(principal));
        if principal == "s3.amazonaws.com" {
            p = p.prop("SourceAccount", reference("AWS::AccountId"));
        }
        p = p.prop("SourceArn", source_arn);
        self.add(format!("{}Permission", site.tid), p, site.span);
    }
}
