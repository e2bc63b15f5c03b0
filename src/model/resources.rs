//! The declarations that are not functions, as the model holds them:
//! layers, roles, and the resources triggers and grants name (buckets,
//! queues, topics, tables, streams, APIs; workflows are in `workflow.rs`).
//!
//! Plain data: reading them is `build/resources.rs`', judging them `check`'s.

use std::collections::BTreeMap;

use super::{CodeSource, Cors, Expr, Grant, RawStatement, RestApi, Spanned, Trigger};
use crate::source::Span;

/// A resource's own `tags { key = "value" }`, merged over the stack's.
pub type Tags = BTreeMap<String, Spanned<String>>;

/// `removal = retain | delete`: what CloudFormation does with the resource
/// when it leaves the stack or is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Removal {
    /// `DeletionPolicy`/`UpdateReplacePolicy: Retain`.
    Retain,
    /// CloudFormation's default: deleted (nothing written).
    #[default]
    Delete,
}

impl Removal {
    /// The words `removal` takes.
    pub const WORDS: [&'static str; 2] = ["retain", "delete"];

    /// The policy a word names.
    pub fn from_word(word: &str) -> Option<Removal> {
        match word {
            "retain" => Some(Removal::Retain),
            "delete" => Some(Removal::Delete),
            _ => None,
        }
    }

    /// True for `Retain`.
    pub fn retains(self) -> bool {
        match self {
            Removal::Retain => true,
            Removal::Delete => false,
        }
    }
}

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
    /// What happens to replaced or removed versions (default `Retain`).
    pub removal: Removal,
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
    /// Own tags.
    pub tags: Tags,
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
    pub name: Option<Spanned<Expr>>,
    /// Versioning on.
    pub versioning: bool,
    /// Removal policy (default `Retain`).
    pub removal: Removal,
    /// Own tags.
    pub tags: Tags,
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
    pub name: Option<Spanned<Expr>>,
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
    /// Removal policy (default `Delete`).
    pub removal: Removal,
    /// Own tags.
    pub tags: Tags,
    /// `on sns`, `on event`, `on schedule` delivering into it.
    pub triggers: Vec<Trigger>,
}

/// `topic`
#[derive(Debug, Clone, Default)]
pub struct Topic {
    /// Physical name.
    pub name: Option<Spanned<Expr>>,
    /// FIFO topic.
    pub fifo: bool,
    /// `display_name`.
    pub display_name: Option<Spanned<String>>,
    /// `tracing`, in CloudFormation's spelling (`Active`, `PassThrough`).
    pub tracing: Option<Spanned<String>>,
    /// An existing topic.
    pub existing: Option<Existing>,
    /// Removal policy (default `Delete`).
    pub removal: Removal,
    /// Own tags.
    pub tags: Tags,
    /// `on event`, `on schedule` publishing to it.
    pub triggers: Vec<Trigger>,
}

impl Topic {
    /// The words `tracing` takes.
    pub const TRACING_MODES: [&'static str; 2] = ["active", "pass_through"];
}

/// `table`
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Partition key.
    pub key: Option<KeyAttr>,
    /// Sort key.
    pub sort: Option<KeyAttr>,
    /// Stream view type (CloudFormation spelling).
    pub stream: Option<Spanned<String>>,
    /// Physical name.
    pub name: Option<Spanned<Expr>>,
    /// Provisioned capacity; `None` = on demand.
    pub capacity: Option<Capacity>,
    /// Global secondary indexes, in the order written.
    pub indexes: Vec<Index>,
    /// `ttl`: the attribute holding each item's expiry time.
    pub ttl: Option<Spanned<String>>,
    /// `pitr`: point-in-time recovery, with its period in days when given.
    pub pitr: Option<Pitr>,
    /// Removal policy (default `Retain`).
    pub removal: Removal,
    /// Own tags.
    pub tags: Tags,
    /// An existing table.
    pub existing: Option<Existing>,
    /// Stream ARN of an existing table.
    pub stream_arn: Option<Spanned<String>>,
}

impl Table {
    /// The words `stream` (the stream view) takes.
    pub const STREAM_VIEWS: [&'static str; 4] = ["new_image", "old_image", "new_and_old_images", "keys_only"];
}

/// `capacity { read, write }`: provisioned read and write capacity units.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// Read capacity units.
    pub read: Spanned<u64>,
    /// Write capacity units.
    pub write: Spanned<u64>,
    /// The block.
    pub span: Span,
}

/// A key attribute: name, type (`S`, `N`, `B`) and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyAttr {
    /// Attribute name.
    pub name: String,
    /// `S`, `N` or `B`.
    pub ty: &'static str,
    /// Where it is written.
    pub span: Span,
}

/// Which attributes a global secondary index holds besides the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    /// `all` (the default).
    All,
    /// `keys_only`.
    KeysOnly,
    /// A list of attribute names (`INCLUDE`).
    Include(Vec<Spanned<String>>),
}

impl Projection {
    /// The words `project` takes (besides a list of attribute names).
    pub const WORDS: [&'static str; 2] = ["all", "keys_only"];
}

/// One entry of `indexes { NAME { key, sort, project, capacity } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The index name.
    pub name: Spanned<String>,
    /// Partition key (required; `None` after an error).
    pub key: Option<KeyAttr>,
    /// Sort key.
    pub sort: Option<KeyAttr>,
    /// Projection.
    pub projection: Projection,
    /// Own provisioned capacity (a provisioned table's by default).
    pub capacity: Option<Capacity>,
}

/// `pitr = true` or `pitr = 7d`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pitr {
    /// The recovery period in seconds, when written as a duration (whole
    /// days and their range are `check`'s).
    pub period: Option<Spanned<u64>>,
    /// Where it is written.
    pub span: Span,
}

/// Seconds in a day.
const DAY_SECONDS: u64 = 86_400;

impl Pitr {
    /// The recovery period in days, when one is written (rounded down; a
    /// part of a day is `check`'s LF0427).
    pub fn days(&self) -> Option<Spanned<u64>> {
        self.period
            .as_ref()
            .map(|p| Spanned::new(p.value / DAY_SECONDS, p.span))
    }

    /// The written recovery period, when it is not a whole number of days.
    pub fn part_day(&self) -> Option<&Spanned<u64>> {
        self.period.as_ref().filter(|p| p.value % DAY_SECONDS != 0)
    }
}

/// `stream`
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Shard count; `None` = on-demand.
    pub shards: Option<Spanned<u64>>,
    /// Retention in seconds, as written (whole hours and their range are
    /// `check`'s).
    pub retention: Option<Spanned<u64>>,
    /// Physical name.
    pub name: Option<Spanned<String>>,
    /// An existing stream.
    pub existing: Option<Existing>,
    /// Removal policy (default `Delete`).
    pub removal: Removal,
    /// Own tags.
    pub tags: Tags,
}

/// Seconds in an hour.
const HOUR_SECONDS: u64 = 3_600;

impl Stream {
    /// The retention in hours, when one is written (rounded down; a part of
    /// an hour is `check`'s LF0428).
    pub fn retention_hours(&self) -> Option<Spanned<u64>> {
        self.retention
            .as_ref()
            .map(|r| Spanned::new(r.value / HOUR_SECONDS, r.span))
    }

    /// The written retention, when it is not a whole number of hours.
    pub fn part_hour(&self) -> Option<&Spanned<u64>> {
        self.retention.as_ref().filter(|r| r.value % HOUR_SECONDS != 0)
    }
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
    /// Own tags.
    pub tags: Tags,
}

impl Api {
    /// The words `kind` takes: an HTTP api or a REST api.
    pub const KINDS: [&'static str; 2] = ["http", "rest"];
}
