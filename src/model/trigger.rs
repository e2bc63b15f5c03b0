//! Triggers: [`TriggerType`], the one list of trigger kinds every stage reads
//! (keyword, how the source invokes, accepted options, what it listens to),
//! and [`Trigger`], one `on …` statement as the model holds it.

use super::{Kind, Spanned, Target};
use crate::source::Span;

/// The kinds of trigger. Every `match` on it is exhaustive, so a new kind is
/// a compile error wherever it must be handled; [`TriggerType::ALL`] lists
/// them in the order the language reference does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerType {
    /// `on http "METHOD /path"`
    Http,
    /// `on s3 BUCKET`
    S3,
    /// `on schedule "…"`
    Schedule,
    /// `on sqs QUEUE`
    Sqs,
    /// `on sns TOPIC`
    Sns,
    /// `on dynamodb TABLE`
    Dynamodb,
    /// `on kinesis STREAM`
    Kinesis,
    /// `on event { … }`
    Event,
}

/// How a trigger's source invokes the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invocation {
    /// The caller waits for the result (API Gateway).
    Sync,
    /// Lambda queues the event and retries on failure (S3, SNS, EventBridge).
    Async,
    /// An event source mapping polls the source and invokes synchronously.
    Polled,
}

/// Options of stream mappings (`on dynamodb`, `on kinesis`).
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

impl TriggerType {
    /// Every trigger kind.
    pub const ALL: [TriggerType; 8] = [
        TriggerType::Http,
        TriggerType::S3,
        TriggerType::Schedule,
        TriggerType::Sqs,
        TriggerType::Sns,
        TriggerType::Dynamodb,
        TriggerType::Kinesis,
        TriggerType::Event,
    ];

    /// The word after `on`.
    pub fn keyword(self) -> &'static str {
        match self {
            TriggerType::Http => "http",
            TriggerType::S3 => "s3",
            TriggerType::Schedule => "schedule",
            TriggerType::Sqs => "sqs",
            TriggerType::Sns => "sns",
            TriggerType::Dynamodb => "dynamodb",
            TriggerType::Kinesis => "kinesis",
            TriggerType::Event => "event",
        }
    }

    /// The kind whose keyword is `word`.
    pub fn from_keyword(word: &str) -> Option<TriggerType> {
        TriggerType::ALL.into_iter().find(|t| t.keyword() == word)
    }

    /// How the source invokes the function.
    pub fn invocation(self) -> Invocation {
        match self {
            TriggerType::Http => Invocation::Sync,
            TriggerType::S3 | TriggerType::Schedule | TriggerType::Sns | TriggerType::Event => Invocation::Async,
            TriggerType::Sqs | TriggerType::Dynamodb | TriggerType::Kinesis => Invocation::Polled,
        }
    }

    /// The options its `{ … }` block accepts.
    pub fn options(self) -> &'static [&'static str] {
        match self {
            TriggerType::Http => &["api", "auth", "recursive"],
            TriggerType::S3 => &["events", "prefix", "suffix", "via", "recursive"],
            TriggerType::Schedule => &[
                "timezone",
                "input",
                "enabled",
                "via",
                "name",
                "description",
                "retry",
                "dead_letter",
                "recursive",
            ],
            TriggerType::Sqs => &[
                "batch_size",
                "window",
                "max_concurrency",
                "report_failures",
                "filter",
                "recursive",
            ],
            TriggerType::Sns => &["filter", "filter_on", "raw", "recursive"],
            TriggerType::Dynamodb | TriggerType::Kinesis => STREAM_OPTIONS,
            TriggerType::Event => &["source", "detail_type", "detail", "resources", "bus", "recursive"],
        }
    }

    /// The kind of declaration it names (`on sqs QUEUE`), if it names one.
    pub fn source_kind(self) -> Option<Kind> {
        match self {
            TriggerType::S3 => Some(Kind::Bucket),
            TriggerType::Sqs => Some(Kind::Queue),
            TriggerType::Sns => Some(Kind::Topic),
            TriggerType::Dynamodb => Some(Kind::Table),
            TriggerType::Kinesis => Some(Kind::Stream),
            TriggerType::Http | TriggerType::Schedule | TriggerType::Event => None,
        }
    }

    /// True when a declaration of `kind` may hold `on` statements of this
    /// kind: functions take every trigger; workflows are started, and
    /// topics receive, `on schedule` and `on event`; queues also receive
    /// `on sns`.
    pub fn feeds(self, kind: Kind) -> bool {
        let rule_based = match self {
            TriggerType::Schedule | TriggerType::Event => true,
            TriggerType::Http
            | TriggerType::S3
            | TriggerType::Sqs
            | TriggerType::Sns
            | TriggerType::Dynamodb
            | TriggerType::Kinesis => false,
        };
        match kind {
            Kind::Function => true,
            Kind::Workflow | Kind::Topic => rule_based,
            Kind::Queue => rule_based || self == TriggerType::Sns,
            Kind::Layer | Kind::Role | Kind::Bucket | Kind::Table | Kind::Stream | Kind::Api => false,
        }
    }
}

impl TriggerKind {
    /// The words `via` of `on s3` takes: how the events arrive.
    pub const S3_VIA: [&'static str; 2] = ["notification", "eventbridge"];
    /// The words `filter_on` of `on sns` takes: what the filter policy matches.
    pub const SNS_FILTER_ON: [&'static str; 2] = ["attributes", "body"];

    /// Which kind of trigger it is.
    pub fn ty(&self) -> TriggerType {
        match self {
            TriggerKind::Http { .. } => TriggerType::Http,
            TriggerKind::S3 { .. } => TriggerType::S3,
            TriggerKind::Schedule { .. } => TriggerType::Schedule,
            TriggerKind::Sqs { .. } => TriggerType::Sqs,
            TriggerKind::Sns { .. } => TriggerType::Sns,
            TriggerKind::Dynamodb { .. } => TriggerType::Dynamodb,
            TriggerKind::Kinesis { .. } => TriggerType::Kinesis,
            TriggerKind::Event { .. } => TriggerType::Event,
        }
    }

    /// The options of a stream mapping (`on dynamodb`, `on kinesis`).
    pub fn stream_options(&self) -> Option<&StreamOptions> {
        match self {
            TriggerKind::Dynamodb { options, .. } | TriggerKind::Kinesis { options, .. } => Some(options),
            TriggerKind::Http { .. }
            | TriggerKind::S3 { .. }
            | TriggerKind::Schedule { .. }
            | TriggerKind::Sqs { .. }
            | TriggerKind::Sns { .. }
            | TriggerKind::Event { .. } => None,
        }
    }
}

/// `on …`
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Index among same-kind triggers of the declaration.
    pub index: usize,
    /// How many triggers of this kind the declaration has.
    pub count_of_kind: usize,
    /// The trigger itself.
    pub kind: TriggerKind,
    /// Where the trigger's kind word stands.
    pub kind_span: Span,
    /// `recursive = true`
    pub recursive: bool,
    /// The statement.
    pub span: Span,
}

impl Trigger {
    /// Which kind of trigger it is.
    pub fn ty(&self) -> TriggerType {
        self.kind.ty()
    }

    /// `http`, `s3`, …
    pub fn keyword(&self) -> &'static str {
        self.ty().keyword()
    }

    /// True for sources that invoke the function asynchronously.
    pub fn is_async(&self) -> bool {
        self.ty().invocation() == Invocation::Async
    }

    /// The declaration the trigger listens to, if any.
    pub fn source(&self) -> Option<&Spanned<String>> {
        match &self.kind {
            TriggerKind::S3 { bucket, .. } => Some(bucket),
            TriggerKind::Sqs { queue, .. } => Some(queue),
            TriggerKind::Sns { topic, .. } => Some(topic),
            TriggerKind::Dynamodb { source, .. } | TriggerKind::Kinesis { source, .. } => Some(source),
            TriggerKind::Http { .. } | TriggerKind::Schedule { .. } | TriggerKind::Event { .. } => None,
        }
    }
}

/// The triggers lfc implements.
#[derive(Debug, Clone)]
pub enum TriggerKind {
    /// `on http "METHOD /path"`
    Http {
        /// `GET`, `ANY`, …
        method: String,
        /// `/orders/{id}`
        path: String,
        /// Where the route is written.
        route_span: Span,
        /// The api it belongs to.
        api: Spanned<String>,
        /// `auth`, overriding the api's.
        auth: Option<Spanned<super::Auth>>,
    },
    /// `on s3 BUCKET`
    S3 {
        /// The bucket.
        bucket: Spanned<String>,
        /// Full S3 event names.
        events: Vec<Spanned<String>>,
        /// Key prefix filter.
        prefix: Option<Spanned<String>>,
        /// Key suffix filter.
        suffix: Option<Spanned<String>>,
        /// Delivered through EventBridge instead of a bucket notification.
        eventbridge: bool,
    },
    /// `on schedule "…"`
    Schedule {
        /// `rate(…)`, `cron(…)` or `at(…)`.
        expression: Spanned<String>,
        /// IANA time zone.
        timezone: Option<Spanned<String>>,
        /// Constant input, as JSON.
        input: Option<serde_json::Value>,
        /// Whether the schedule is on.
        enabled: bool,
        /// `via`, and the settings only Scheduler has.
        options: Box<super::ScheduleOptions>,
    },
    /// `on sqs QUEUE`
    Sqs {
        /// The queue.
        queue: Spanned<String>,
        /// Records per batch.
        batch_size: Spanned<u64>,
        /// Batching window in seconds.
        window: Spanned<u64>,
        /// Maximum concurrency.
        max_concurrency: Option<Spanned<u64>>,
        /// Partial batch responses.
        report_failures: bool,
        /// Event filter patterns (a record passes when any matches).
        filters: Vec<Spanned<serde_json::Value>>,
    },
    /// `on sns TOPIC`
    Sns {
        /// The topic.
        topic: Spanned<String>,
        /// Filter policy.
        filter: Option<serde_json::Value>,
        /// The filter applies to the message body (`filter_on = body`)
        /// rather than its attributes.
        filter_body: bool,
        /// Raw message delivery (queue subscribers only).
        raw: Option<Spanned<bool>>,
    },
    /// `on dynamodb TABLE`
    Dynamodb {
        /// The table (its stream is read).
        source: Spanned<String>,
        /// Stream polling options.
        options: StreamOptions,
    },
    /// `on kinesis STREAM`
    Kinesis {
        /// The stream.
        source: Spanned<String>,
        /// Stream polling options.
        options: StreamOptions,
    },
    /// `on event { … }`
    Event {
        /// The event pattern, keys as EventBridge spells them.
        pattern: serde_json::Value,
        /// Declarations named inside the pattern: where (a JSON pointer into
        /// `pattern`) and which attribute; emit writes their values there.
        refs: Vec<(String, super::Ref)>,
        /// Event bus name or ARN; `None` for the default bus.
        bus: Option<Spanned<String>>,
    },
}

/// Options of a DynamoDB or Kinesis stream mapping (docs/language.md §10).
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// `TRIM_HORIZON` or `LATEST`.
    pub start: Spanned<String>,
    /// Records per batch.
    pub batch_size: Spanned<u64>,
    /// Batching window in seconds.
    pub window: Spanned<u64>,
    /// Retry attempts.
    pub retries: Spanned<u64>,
    /// Maximum record age in seconds.
    pub max_age: Spanned<u64>,
    /// Split a failing batch.
    pub bisect: bool,
    /// Batches per shard processed at once.
    pub parallelization: Spanned<u64>,
    /// Where failed batches go: a queue or topic.
    pub on_failure: Option<Target>,
    /// Event filter patterns (a record passes when any matches).
    pub filters: Vec<Spanned<serde_json::Value>>,
    /// Partial batch responses.
    pub report_failures: bool,
}

impl StreamOptions {
    /// The words `start` takes: where reading starts.
    pub const STARTS: [&'static str; 2] = ["trim_horizon", "latest"];
}

#[cfg(test)]
mod tests {
    use super::TriggerType;

    #[test]
    fn all_lists_every_trigger_kind_once() {
        // Adding a variant breaks this match until it is handled here, and the
        // position check then fails until `ALL` holds it.
        let position = |t: TriggerType| match t {
            TriggerType::Http => 0,
            TriggerType::S3 => 1,
            TriggerType::Schedule => 2,
            TriggerType::Sqs => 3,
            TriggerType::Sns => 4,
            TriggerType::Dynamodb => 5,
            TriggerType::Kinesis => 6,
            TriggerType::Event => 7,
        };
        for (i, t) in TriggerType::ALL.into_iter().enumerate() {
            assert_eq!(position(t), i);
            assert_eq!(TriggerType::from_keyword(t.keyword()), Some(t));
        }
    }
}
