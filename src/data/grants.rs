//! What each `allow VERB TARGET` grant means: the IAM actions per verb and
//! target kind (docs/language.md §8), and whether the actions apply to the
//! resource's ARN or to its objects (buckets).

use crate::model::{Kind, TriggerType};

/// Where a group of actions applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The resource's own ARN.
    Resource,
    /// The resource's ARN and `ARN/index/*` (DynamoDB indexes).
    TableAndIndexes,
    /// Objects: `ARN/KEYPATTERN` (buckets).
    Objects,
    /// The bucket itself, with an `s3:prefix` condition when a pattern is given.
    BucketList,
}

/// Actions granted by one verb, grouped by scope.
pub type VerbActions = &'static [(Scope, &'static [&'static str])];

const BUCKET_READ: VerbActions = &[
    (Scope::Objects, &["s3:GetObject", "s3:GetObjectVersion"]),
    (Scope::BucketList, &["s3:ListBucket"]),
];
const BUCKET_WRITE: VerbActions = &[(Scope::Objects, &["s3:PutObject", "s3:AbortMultipartUpload"])];
const TABLE_READ: VerbActions = &[(
    Scope::TableAndIndexes,
    &[
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DescribeTable",
    ],
)];
const TABLE_WRITE: VerbActions = &[(
    Scope::TableAndIndexes,
    &[
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ],
)];

/// The verbs a target kind accepts, each with its action groups. A verb
/// listing several entries (`read_write`) grants their union.
pub fn verbs(kind: Kind) -> &'static [(&'static str, &'static [VerbActions])] {
    match kind {
        Kind::Bucket => &[
            ("read", &[BUCKET_READ]),
            ("write", &[BUCKET_WRITE]),
            ("delete", &[&[(Scope::Objects, &["s3:DeleteObject"])]]),
            ("read_write", &[BUCKET_READ, BUCKET_WRITE]),
        ],
        Kind::Queue => &[
            (
                "send",
                &[&[(
                    Scope::Resource,
                    &["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                )]],
            ),
            (
                "consume",
                &[&[(
                    Scope::Resource,
                    &[
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes",
                    ],
                )]],
            ),
        ],
        Kind::Topic => &[("publish", &[&[(Scope::Resource, &["sns:Publish"])]])],
        Kind::Table => &[
            ("read", &[TABLE_READ]),
            ("write", &[TABLE_WRITE]),
            ("read_write", &[TABLE_READ, TABLE_WRITE]),
        ],
        Kind::Stream => &[
            (
                "read",
                &[&[(
                    Scope::Resource,
                    &[
                        "kinesis:GetRecords",
                        "kinesis:GetShardIterator",
                        "kinesis:DescribeStream",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:ListShards",
                    ],
                )]],
            ),
            (
                "write",
                &[&[(Scope::Resource, &["kinesis:PutRecord", "kinesis:PutRecords"])]],
            ),
        ],
        Kind::Function => &[("invoke", &[&[(Scope::Resource, &["lambda:InvokeFunction"])]])],
        Kind::Workflow => &[("start", &[&[(Scope::Resource, &["states:StartExecution"])]])],
        Kind::Layer | Kind::Role | Kind::Api => &[],
    }
}

/// The action groups of `verb` on `kind`, if the verb exists for it.
pub fn actions(kind: Kind, verb: &str) -> Option<&'static [VerbActions]> {
    verbs(kind).iter().find(|(v, _)| *v == verb).map(|(_, a)| *a)
}

/// True when the verb lets the function write to the target (for loop detection).
pub fn writes(verb: &str) -> bool {
    matches!(verb, "write" | "read_write" | "send" | "publish")
}

/// What a function's role needs to poll the source of a polled trigger
/// (`on sqs`, `on dynamodb`, `on kinesis`), on that source's ARN only
/// (`dynamodb:ListStreams`, which cannot be scoped, is left out); nothing
/// for the kinds whose source invokes the function itself.
pub fn polling_actions(trigger: TriggerType) -> &'static [&'static str] {
    match trigger {
        TriggerType::Sqs => &["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        TriggerType::Dynamodb => &[
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
        ],
        TriggerType::Kinesis => &[
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:ListShards",
        ],
        TriggerType::Http | TriggerType::S3 | TriggerType::Schedule | TriggerType::Sns | TriggerType::Event => &[],
    }
}

/// Actions AWS only grants on resource `*` (no resource-level permissions),
/// so a raw statement naming them on `*` is not reported as a wildcard. An
/// entry ending in `*` covers every action with that prefix.
pub const RESOURCE_STAR_ONLY: &[&str] = &[
    "ec2:Describe*",
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "sts:GetCallerIdentity",
    "s3:ListAllMyBuckets",
    "ssm:DescribeParameters",
    "logs:DescribeLogGroups",
    "tag:GetResources",
    "states:SendTask*",
];

/// True when AWS only accepts resource `*` for `action`.
pub fn resource_star_only(action: &str) -> bool {
    RESOURCE_STAR_ONLY.iter().any(|a| match a.strip_suffix('*') {
        Some(prefix) => action.starts_with(prefix),
        None => *a == action,
    })
}

#[cfg(test)]
mod tests {
    use super::polling_actions;
    use crate::model::{Invocation, TriggerType};

    #[test]
    fn exactly_the_polled_trigger_kinds_have_polling_actions() {
        for t in TriggerType::ALL {
            let polled = t.invocation() == Invocation::Polled;
            assert_eq!(!polling_actions(t).is_empty(), polled, "{}", t.keyword());
            assert!(polling_actions(t)
                .iter()
                .all(|a| a.starts_with(&format!("{}:", t.keyword()))));
        }
    }
}
