//! Resources of the data and API declarations: layers, buckets, queues,
//! topics, tables, streams and HTTP APIs (a bucket's notifications are
//! written by the `s3` trigger module).
//!
//! Must not: validate (limits are `check`'s) or resolve names (the model
//! did).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::cfn::{get_att, reference, Resource};
use super::triggers::Invokee;
use super::{decl_id, source, Emitter};
use crate::data::limits;
use crate::model::{
    pascal_case, Api, Bucket, Cors, Decl, DeclKind, Kind, Queue, Stack, Stream, Target, Topic, TriggerKind,
};

impl Emitter<'_> {
    /// A layer's `AWS::Lambda::LayerVersion`.
    pub(super) fn layer(&mut self, name: &str, decl: &Decl) {
        if let Some(r) = self.layer_resource(name, decl) {
            self.add(decl_id(name, Kind::Layer), r, decl.name_span);
        }
    }

    /// The `AWS::Lambda::LayerVersion` of a layer declaration.
    pub(super) fn layer_resource(&mut self, name: &str, decl: &Decl) -> Option<Resource> {
        let DeclKind::Layer(l) = &decl.kind else { return None };
        let mut r = Resource::new("AWS::Lambda::LayerVersion", source(decl, &format!("layer.{name}")));
        if let Some(c) = &l.code {
            r = r.prop("Content", self.code_property(&c.value));
        }
        r = r
            .prop_opt("LayerName", l.name.as_ref().map(|n| json!(n.value)))
            .prop_opt("Description", l.description.as_ref().map(|n| json!(n.value)))
            .prop_opt("LicenseInfo", l.license.as_ref().map(|n| json!(n.value)));
        if !l.runtimes.is_empty() {
            r = r.prop(
                "CompatibleRuntimes",
                json!(l.runtimes.iter().map(|x| &x.value).collect::<Vec<_>>()),
            );
        }
        if !l.architectures.is_empty() {
            r = r.prop(
                "CompatibleArchitectures",
                json!(l.architectures.iter().map(|x| &x.value).collect::<Vec<_>>()),
            );
        }
        r.retain = l.removal.retains();
        Some(r)
    }
    /// A bucket declaration.
    pub(super) fn bucket(&mut self, name: &str, decl: &Decl, b: &Bucket) {
        if b.existing.is_some() {
            return;
        }
        let src = source(decl, &format!("bucket.{name}"));
        let mut r = Resource::new("AWS::S3::Bucket", src);
        if let Some((n, _)) = self.bucket_name_and_arn(name) {
            r = r.prop("BucketName", n);
        }
        r = r
            .prop(
                "BucketEncryption",
                json!({ "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] }),
            )
            .prop(
                "PublicAccessBlockConfiguration",
                json!({ "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true }),
            );
        if b.versioning {
            r = r.prop("VersioningConfiguration", json!({ "Status": "Enabled" }));
        }
        if let Some(n) = self.s3_notifications(name, &mut r.depends_on) {
            r = r.prop("NotificationConfiguration", n);
        }
        r.retain = b.removal.retains();
        self.add(decl_id(name, Kind::Bucket), r, decl.name_span);
    }

    /// A queue declaration.
    pub(super) fn queue(&mut self, name: &str, decl: &Decl, q: &Queue) {
        if q.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::SQS::Queue", source(decl, &format!("queue.{name}")));
        if let Some(n) = &q.name {
            r = r.prop("QueueName", self.expr(&n.value));
        }
        if q.fifo {
            r = r.prop("FifoQueue", json!(true));
        }
        let visibility = q
            .visibility_timeout
            .as_ref()
            .map_or_else(|| default_visibility(self.stack, name), |v| v.value);
        r = r.prop("VisibilityTimeout", json!(visibility));
        let retention = q
            .retention
            .as_ref()
            .map(|r| r.value)
            .or_else(|| self.dead_letters.contains(name).then_some(1_209_600));
        r = r.prop_opt("MessageRetentionPeriod", retention.map(|x| json!(x)));
        if let Some(d) = &q.delay {
            r = r.prop("DelaySeconds", json!(d.value));
        }
        if let Some((dlq, max)) = &q.dead_letter {
            let arn = self.arn_of(&dlq.value);
            r = r.prop(
                "RedrivePolicy",
                json!({ "deadLetterTargetArn": arn, "maxReceiveCount": max }),
            );
        }
        r = r.prop("SqsManagedSseEnabled", json!(true));
        r.retain = q.removal.retains();
        self.add(decl_id(name, Kind::Queue), r, decl.name_span);
        let target = Invokee::Queue {
            name: name.to_string(),
            arn: get_att(&decl_id(name, Kind::Queue), "Arn"),
        };
        for t in &q.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    /// A topic declaration.
    pub(super) fn topic(&mut self, name: &str, decl: &Decl, t: &Topic) {
        if t.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::SNS::Topic", source(decl, &format!("topic.{name}")));
        if let Some(n) = &t.name {
            r = r.prop("TopicName", self.expr(&n.value));
        }
        if t.fifo {
            r = r.prop("FifoTopic", json!(true));
        }
        r = r
            .prop_opt("DisplayName", t.display_name.as_ref().map(|d| json!(d.value)))
            .prop_opt("TracingConfig", t.tracing.as_ref().map(|x| json!(x.value)));
        r.retain = t.removal.retains();
        self.add(decl_id(name, Kind::Topic), r, decl.name_span);
        let target = Invokee::Topic {
            name: name.to_string(),
            arn: reference(&decl_id(name, Kind::Topic)),
        };
        for t in &t.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    /// A stream declaration.
    pub(super) fn stream(&mut self, name: &str, decl: &Decl, s: &Stream) {
        if s.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::Kinesis::Stream", source(decl, &format!("stream.{name}")));
        if let Some(n) = &s.name {
            r = r.prop("Name", json!(n.value));
        }
        r = match &s.shards {
            Some(n) => r
                .prop("ShardCount", json!(n.value))
                .prop("StreamModeDetails", json!({ "StreamMode": "PROVISIONED" })),
            None => r.prop("StreamModeDetails", json!({ "StreamMode": "ON_DEMAND" })),
        };
        r = r
            .prop(
                "RetentionPeriodHours",
                json!(s.retention_hours().map_or(24, |h| h.value)),
            )
            .prop(
                "StreamEncryption",
                json!({ "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" }),
            );
        r.retain = s.removal.retains();
        self.add(decl_id(name, Kind::Stream), r, decl.name_span);
    }

    /// A api declaration.
    pub(super) fn api(&mut self, name: &str, decl: &Decl, a: &Api) {
        let path = format!("api.{name}");
        let src = source(decl, &path);
        let id = decl_id(name, Kind::Api);
        let api_name = a.name.as_ref().map_or_else(
            || format!("{}-{name}", self.stack.name).replace('_', "-"),
            |n| n.value.clone(),
        );
        if let Some(rest) = &a.rest {
            self.rest_api(name, decl, api_name, a, rest);
            return;
        }
        let mut r = Resource::new("AWS::ApiGatewayV2::Api", src.clone())
            .prop("Name", json!(api_name))
            .prop("ProtocolType", json!("HTTP"));
        if let Some(c) = &a.cors {
            r = r.prop("CorsConfiguration", cors_json(c));
        }
        self.add(id.clone(), r, decl.name_span);
        if let Some(auth) = &a.auth {
            self.authorizer(&pascal_case(name), name, &auth.value, &src, auth.span);
        }
        let stage = Resource::new("AWS::ApiGatewayV2::Stage", src)
            .prop("ApiId", reference(&id))
            .prop("StageName", json!("$default"))
            .prop("AutoDeploy", json!(true));
        self.add(format!("{}Stage", pascal_case(name)), stage, decl.name_span);
    }
}

/// CORS settings; HTTP APIs and function URLs use the same field names.
pub(super) fn cors_json(c: &Cors) -> Value {
    let mut m = Map::new();
    for (key, list) in [
        ("AllowOrigins", &c.origins),
        ("AllowMethods", &c.methods),
        ("AllowHeaders", &c.headers),
    ] {
        if !list.is_empty() {
            m.insert(key.into(), json!(list));
        }
    }
    if let Some(x) = c.max_age {
        m.insert("MaxAge".into(), json!(x));
    }
    Value::Object(m)
}

/// Visibility for a queue without one: max(30s, 6 × the longest timeout of
/// the functions it feeds + their batching window).
pub fn default_visibility(stack: &Stack, queue: &str) -> u64 {
    stack
        .listeners_of(queue)
        .filter_map(|(_, f, t)| match &t.kind {
            TriggerKind::Sqs { window, .. } => Some(limits::SQS_VISIBILITY_FACTOR * f.timeout.value + window.value),
            // Only `on sqs` reads a queue.
            TriggerKind::Http { .. }
            | TriggerKind::S3 { .. }
            | TriggerKind::Schedule { .. }
            | TriggerKind::Sns { .. }
            | TriggerKind::Dynamodb { .. }
            | TriggerKind::Kinesis { .. }
            | TriggerKind::Event { .. } => None,
        })
        .fold(limits::SQS_VISIBILITY_DEFAULT_S, u64::max)
}

/// Queues that receive failed messages or events of something else.
pub(super) fn dead_letter_queues(stack: &Stack) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |t: &Option<Target>| {
        if let Some(Target::Decl(n)) = t {
            out.insert(n.value.clone());
        }
    };
    for d in stack.decls.values() {
        for t in d.kind.triggers() {
            if let TriggerKind::Schedule { options, .. } = &t.kind {
                add(&options.dead_letter.clone().map(Target::Decl));
            }
        }
        match &d.kind {
            DeclKind::Queue(q) => {
                if let Some((n, _)) = &q.dead_letter {
                    add(&Some(Target::Decl(n.clone())));
                }
            }
            DeclKind::Function(f) => {
                add(&f.dead_letter);
                if let Some(a) = &f.async_config {
                    add(&a.on_failure);
                }
                for options in f.triggers.iter().filter_map(|t| t.kind.stream_options()) {
                    add(&options.on_failure);
                }
            }
            DeclKind::Layer(_)
            | DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Topic(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Api(_)
            | DeclKind::Workflow(_) => {}
        }
    }
    out
}
