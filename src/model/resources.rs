//! The declarations that are not functions, as the model holds them:
//! layers, roles, and the resources triggers and grants name (buckets,
//! queues, topics, tables, streams, APIs; workflows are in `workflow.rs`).
//!
//! Plain data: reading them is `build/resources.rs`', judging them `check`'s.

use super::{CodeSource, Cors, Grant, RawStatement, RestApi, Spanned, Trigger};
use crate::source::Span;

/// `layer`
#[derive(Debug, Clone)]
pub struct Layer {
    /// The code.
    pub code: Option<Spanned<CodeSource>>,
    /// Compatible runtimes.
    pub runtimes: Vec<Spanned<String>>,
    /// Compatible architectures.
    pub architectures: Vec<Spanned<String>>,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// License.
    pub license: Option<Spanned<String>>,
    /// Layer name.
    pub name: Option<Spanned<String>>,
}

/// `role`
#[derive(Debug, Clone, Default)]
pub struct Role {
    /// Managed policy ARNs, verbatim.
    pub managed: Vec<Spanned<String>>,
    /// Permissions boundary ARN.
    pub boundary: Option<Spanned<String>>,
    /// Grants.
    pub grants: Vec<Grant>,
    /// Raw statements.
    pub statements: Vec<RawStatement>,
    /// Role name.
    pub name: Option<Spanned<String>>,
}

/// `existing = …` on a resource: it is referenced, not created.
#[derive(Debug, Clone, PartialEq)]
pub struct Existing {
    /// The ARN (or, for buckets, the name) as written.
    pub value: Spanned<String>,
}

/// `bucket`
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// Versioning on.
    pub versioning: bool,
    /// Retained on delete.
    pub retain: bool,
    /// Sends its events to EventBridge (`eventbridge = true`), for
    /// `on event` patterns of any declaration.
    pub eventbridge: bool,
    /// An existing bucket.
    pub existing: Option<Existing>,
}

/// `queue`
#[derive(Debug, Clone, Default)]
pub struct Queue {
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// FIFO queue.
    pub fifo: bool,
    /// Visibility timeout in seconds, when written.
    pub visibility_timeout: Option<Spanned<u64>>,
    /// Retention in seconds, when written.
    pub retention: Option<Spanned<u64>>,
    /// Delivery delay in seconds.
    pub delay: Option<Spanned<u64>>,
    /// Redrive target and max receives.
    pub dead_letter: Option<(Spanned<String>, u64)>,
    /// An existing queue.
    pub existing: Option<Existing>,
    /// `on sns`, `on event`, `on schedule` delivering into it.
    pub triggers: Vec<Trigger>,
}

/// `topic`
#[derive(Debug, Clone, Default)]
pub struct Topic {
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// FIFO topic.
    pub fifo: bool,
    /// An existing topic.
    pub existing: Option<Existing>,
    /// `on event`, `on schedule` publishing to it.
    pub triggers: Vec<Trigger>,
}

/// `table`
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Partition key name and type (`S`, `N`, `B`).
    pub key: Option<(String, String)>,
    /// Sort key name and type.
    pub sort: Option<(String, String)>,
    /// Stream view type (CloudFormation spelling).
    pub stream: Option<Spanned<String>>,
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// Retained on delete.
    pub retain: bool,
    /// An existing table.
    pub existing: Option<Existing>,
    /// Stream ARN of an existing table.
    pub stream_arn: Option<Spanned<String>>,
}

/// `stream`
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Shard count; `None` = on-demand.
    pub shards: Option<Spanned<u64>>,
    /// Retention in hours.
    pub retention_hours: Option<Spanned<u64>>,
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// An existing stream.
    pub existing: Option<Existing>,
}

/// `api`
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// API name.
    pub name: Option<Spanned<String>>,
    /// CORS settings.
    pub cors: Option<Cors>,
    /// True for the implicit `http` api that `on http` creates.
    pub implicit: bool,
    /// `kind = rest`: API Gateway's REST API (v1); `None` for an HTTP API.
    pub rest: Option<RestApi>,
    /// Where `kind = rest` is written (or the REST-only setting that
    /// appeared on an HTTP api, for `check`).
    pub rest_only: Vec<(&'static str, Span)>,
    /// `auth`: every route's default (HTTP APIs).
    pub auth: Option<Box<Spanned<super::Auth>>>,
}
