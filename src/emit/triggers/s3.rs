//! `on s3 BUCKET`: the permission S3 needs to invoke the function and the
//! bucket's `NotificationConfiguration`, or, with `via = eventbridge`, an
//! EventBridge rule on the bucket's events.
//!
//! Must not: validate overlapping filters (`check` does) or resolve the
//! bucket (the model did).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::{trigger_id, Site};
use crate::data::limits;
use crate::emit::cfn::{get_att, reference};
use crate::emit::function::invoke_arn;
use crate::emit::{decl_id, Emitter};
use crate::model::{pascal_case, DeclKind, Kind, Spanned, TriggerKind};

impl Emitter<'_> {
    /// The permission (the notification is written on the bucket, see
    /// [`Emitter::s3_notifications`]) or the EventBridge rule.
    pub(super) fn s3_trigger(
        &mut self,
        site: &Site,
        bucket: &str,
        events: &[Spanned<String>],
        prefix: Option<&Spanned<String>>,
        suffix: Option<&Spanned<String>>,
        eventbridge: bool,
    ) {
        let (bucket_name, arn) = self.bucket_name_and_arn(bucket).unwrap_or_else(|| {
            (
                reference(&decl_id(bucket, Kind::Bucket)),
                get_att(&decl_id(bucket, Kind::Bucket), "Arn"),
            )
        });
        if !eventbridge {
            self.permission(site, "s3.amazonaws.com", arn);
            return;
        }
        let mut detail_types: Vec<&str> = events
            .iter()
            .flat_map(|e| limits::s3_eventbridge_detail_types(&e.value).iter().copied())
            .collect();
        detail_types.sort_unstable();
        detail_types.dedup();
        let mut detail = json!({ "bucket": { "name": [bucket_name] } });
        let key = match (prefix, suffix) {
            (Some(p), Some(s)) => {
                Some(json!({ "wildcard": format!("{}*{}", p.value.replace('*', "\\*"), s.value.replace('*', "\\*")) }))
            }
            (Some(p), None) => Some(json!({ "prefix": p.value })),
            (None, Some(s)) => Some(json!({ "suffix": s.value })),
            (None, None) => None,
        };
        if let Some(k) = key {
            detail["object"] = json!({ "key": [k] });
        }
        let pattern = json!({ "source": ["aws.s3"], "detail-type": detail_types, "detail": detail });
        self.event_rule(site, pattern, None);
    }

    /// The `NotificationConfiguration` of the bucket `name` for the
    /// `on s3` triggers on it, if any; the bucket then depends on each
    /// function's permission (added to `depends_on`).
    pub(in crate::emit) fn s3_notifications(&self, name: &str, depends_on: &mut BTreeSet<String>) -> Option<Value> {
        let mut configs = Vec::new();
        // `eventbridge = true` on the bucket, or an `on s3 … via = eventbridge`.
        let mut eventbridge_on = if let Some(DeclKind::Bucket(b)) = self.kind_of(name) {
            b.eventbridge
        } else {
            false
        };
        for (fname, f, t) in self.stack.listeners_of(name) {
            let (events, prefix, suffix, eventbridge) = match &t.kind {
                TriggerKind::S3 {
                    events,
                    prefix,
                    suffix,
                    eventbridge,
                    ..
                } => (events, prefix, suffix, *eventbridge),
                // Only `on s3` listens to a bucket.
                TriggerKind::Http { .. }
                | TriggerKind::Schedule { .. }
                | TriggerKind::Sqs { .. }
                | TriggerKind::Sns { .. }
                | TriggerKind::Dynamodb { .. }
                | TriggerKind::Kinesis { .. }
                | TriggerKind::Event { .. } => continue,
            };
            if eventbridge {
                eventbridge_on = true;
                continue;
            }
            let target = invoke_arn(fname, f);
            let mut rules = Vec::new();
            if let Some(p) = prefix {
                rules.push(json!({ "Name": "prefix", "Value": p.value }));
            }
            if let Some(s) = suffix {
                rules.push(json!({ "Name": "suffix", "Value": s.value }));
            }
            for e in events {
                let mut c = json!({ "Event": e.value, "Function": target.clone() });
                if !rules.is_empty() {
                    c["Filter"] = json!({ "S3Key": { "Rules": rules.clone() } });
                }
                configs.push(c);
            }
            depends_on.insert(format!("{}{}Permission", pascal_case(fname), trigger_id(t)));
        }
        let mut notification = Map::new();
        if eventbridge_on {
            notification.insert("EventBridgeConfiguration".into(), json!({ "EventBridgeEnabled": true }));
        }
        if !configs.is_empty() {
            notification.insert("LambdaConfigurations".into(), Value::Array(configs));
        }
        if notification.is_empty() {
            None
        } else {
            Some(Value::Object(notification))
        }
    }
}
