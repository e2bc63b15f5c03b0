//! The properties of each declaration kind, for [`super::keys`] (a table:
//! one arm per kind, hence the length).
//!
//! Must not: decide anything (docs/language.md §6, §9 are the reference).

use super::docs;
use super::keys::{k, KeyDoc};
use crate::data::limits as l;
use crate::model::{Api, FunctionProp, Kind, Removal, RestApi, Table, Topic, Workflow};

/// `removal`, with the kind's default.
fn removal(default: &'static str) -> KeyDoc {
    k(
        "removal",
        "What happens to the resource when it leaves the stack or is replaced: `retain` keeps it.",
        default,
    )
    .words(&Removal::WORDS)
}

fn tags() -> KeyDoc {
    k("tags", "Tags, over the stack's: `tags { key = \"value\" }`.", "none")
        .limit(format!("at most {} tags", l::TAGS_MAX))
}

fn existing(what: &'static str) -> KeyDoc {
    k("existing", what, "none: the stack creates it")
}

/// `name`, whose length is `len` (of the characters `chars`).
fn name(what: &'static str, default: &'static str, len: (usize, usize), chars: &str) -> KeyDoc {
    k("name", what, default).limit(format!("{}–{} of {chars}", len.0, len.1))
}

/// The properties of a declaration of `kind`.
pub fn decl(kind: Kind) -> Vec<KeyDoc> {
    match kind {
        Kind::Function => FunctionProp::ALL
            .into_iter()
            .map(|p| {
                let (doc, default, limits) = docs::function_prop(p);
                KeyDoc {
                    key: p.key(),
                    doc,
                    default,
                    limits,
                    values: p.words().to_vec(),
                }
            })
            .collect(),
        Kind::Layer => vec![
            k(
                "code",
                "The layer's content: a folder, a `.zip` or `s3 { bucket, key, version }`.",
                "required",
            ),
            k("runtimes", "Compatible runtimes.", "none"),
            k("architectures", "Compatible architectures: `x86_64`, `arm64`.", "none"),
            k("description", "The layer's description.", "none")
                .limit(format!("at most {} characters", l::DESCRIPTION_MAX)),
            k("license", "License information.", "none"),
            name("The layer name.", "CloudFormation's", l::LAYER_NAME, "`[A-Za-z0-9_-]`"),
            removal("`retain` (functions of other stacks may use old versions)"),
        ],
        Kind::Role => vec![
            k("managed", "Managed policy ARNs attached to the role.", "none"),
            k("boundary", "A permissions boundary policy ARN.", "none"),
            name(
                "The role name.",
                "CloudFormation's",
                (1, l::ROLE_NAME_MAX),
                "letters, digits, `+=,.@_-`",
            ),
            tags(),
        ],
        Kind::Bucket => vec![
            name(
                "The bucket name.",
                "CloudFormation's",
                l::BUCKET_NAME,
                "`[a-z0-9.-]`, starting and ending with a letter or digit",
            ),
            k("versioning", "Keep every version of each object.", "`false`"),
            removal("`retain`"),
            k("retain", "Older spelling of `removal`: `true` is `retain`.", "`true`"),
            tags(),
            k(
                "eventbridge",
                "Send the bucket's events to EventBridge (for `on event`).",
                "`false`",
            ),
            existing("A bucket the stack does not own: its name or `arn:aws:s3:::name`."),
        ],
        Kind::Queue => vec![
            name(
                "The queue name.",
                "CloudFormation's",
                l::QUEUE_NAME,
                "`[A-Za-z0-9_-]`, ending in `.fifo` exactly when `fifo`",
            ),
            k("fifo", "A FIFO queue.", "`false`"),
            k(
                "visibility_timeout",
                "How long a received message stays hidden.",
                "computed from the consumers' timeouts",
            )
            .limit(format!("at most {} s", l::SQS_VISIBILITY_MAX_S)),
            k(
                "retention",
                "How long messages are kept.",
                "SQS's 4 days; 14 days for a dead-letter queue",
            )
            .limit(format!("{}–{} s", l::SQS_RETENTION_S.0, l::SQS_RETENTION_S.1)),
            k(
                "delay",
                "How long new messages wait before they can be received.",
                "none",
            )
            .limit(format!("at most {} s", l::SQS_DELAY_MAX_S)),
            k("dead_letter", "`dead_letter { queue, max_receives }`.", "none"),
            removal("`delete`"),
            tags(),
            existing("A queue the stack does not own: its ARN."),
        ],
        Kind::Topic => vec![
            name(
                "The topic name.",
                "CloudFormation's",
                l::TOPIC_NAME,
                "`[A-Za-z0-9_-]`, a FIFO topic's ending in `.fifo`",
            ),
            k("fifo", "A FIFO topic.", "`false`"),
            k("display_name", "The display name (SMS messages show it).", "none")
                .limit(format!("at most {} characters", l::TOPIC_DISPLAY_NAME_MAX)),
            k(
                "tracing",
                "X-Ray: `active` sends segments for sampled messages, `pass_through` only forwards the trace header.",
                "none (SNS's `PassThrough`)",
            )
            .words(&Topic::TRACING_MODES),
            removal("`delete`"),
            tags(),
            existing("A topic the stack does not own: its ARN."),
        ],
        Kind::Table => table(),
        Kind::Stream => vec![
            k("shards", "Provisioned shards; absent: on-demand.", "on-demand"),
            k("retention", "How long records are kept.", "`24h`").limit(format!(
                "{} h–{} d, whole hours",
                l::KINESIS_RETENTION_H.0,
                l::KINESIS_RETENTION_H.1 / 24
            )),
            name(
                "The stream name.",
                "CloudFormation's",
                l::KINESIS_STREAM_NAME,
                "`[A-Za-z0-9_.-]`",
            ),
            removal("`delete`"),
            tags(),
            existing("A stream the stack does not own: its ARN."),
        ],
        Kind::Api => vec![
            k("kind", "An HTTP api or a REST api.", "`http`").words(&Api::KINDS),
            k("name", "The api name.", "`<stack>-<api>`"),
            k(
                "cors",
                "`cors { origins, methods, headers, max_age }` (HTTP apis).",
                "none",
            ),
            k("stage", "The REST api's stage name.", "`api`")
                .limit(format!("1–{} of letters, digits, `_`", l::STAGE_NAME_MAX)),
            k("endpoint", "The REST api's endpoint type.", "`regional`").words(&RestApi::ENDPOINTS),
            k(
                "keys",
                "API key names (REST apis): each gets a key on a usage plan.",
                "none",
            ),
            k(
                "usage_plan",
                "`usage_plan { quota, period, rate, burst }` (REST apis, with `keys`).",
                "no limits",
            ),
            k(
                "auth",
                "Every route's authorization: `none`, `iam`, `{ jwt { … } }` or `{ lambda { … } }`.",
                "none (routes public)",
            ),
            tags(),
        ],
        Kind::Workflow => vec![
            k(
                "steps",
                "`steps = [f1, f2]` (functions in a line) or `steps { NAME { invoke = f … } … }` (named steps).",
                "required",
            ),
            k("start", "The first step.", "the first step written"),
            k(
                "retry",
                "`retry { errors, attempts, interval, backoff }` for task steps.",
                "2 attempts, 1 s, backoff 2.0",
            ),
            k("name", "The state machine name.", "none")
                .limit(format!("1–{} letters, digits, `-`, `_`", l::STATE_MACHINE_NAME_MAX)),
            k("type", "A standard or an express workflow.", "`standard`")
                .words(&Workflow::TYPES)
                .limit(format!(
                    "express: at most {} s, no `callback`; standard: at most {} s",
                    l::EXPRESS_MAX_S,
                    l::STANDARD_MAX_S
                )),
            tags(),
        ],
    }
}

fn table() -> Vec<KeyDoc> {
    vec![
        k(
            "key",
            "The partition key: `{ NAME = string | number | binary }`.",
            "required unless `existing`",
        ),
        k("sort", "The sort key, same shape as `key`.", "none"),
        k("stream", "A DynamoDB stream of changed items.", "none").words(&Table::STREAM_VIEWS),
        name("The table name.", "CloudFormation's", l::TABLE_NAME, "`[A-Za-z0-9_.-]`"),
        k(
            "capacity",
            "`capacity { read, write }`: provisioned billing; absent: on demand.",
            "none: on demand",
        ),
        k(
            "indexes",
            "Global secondary indexes: `indexes { NAME { key, sort, project, capacity } }`.",
            "none",
        )
        .limit(format!("at most {}", l::GSI_MAX)),
        k(
            "ttl",
            "The attribute holding each item's expiry time (epoch seconds).",
            "none",
        ),
        k(
            "pitr",
            "Point-in-time recovery: `true`, `false` or a recovery period in whole days.",
            "`false`",
        )
        .limit(format!("{}–{} days", l::PITR_DAYS.0, l::PITR_DAYS.1)),
        removal("`retain`"),
        k("retain", "Older spelling of `removal`: `true` is `retain`.", "`true`"),
        tags(),
        existing("A table the stack does not own: its ARN."),
        k("stream_arn", "The stream ARN of an `existing` table.", "none"),
    ]
}
