//! Numeric limits of Lambda, its event sources and CloudFormation
//! (from the AWS Lambda and CloudFormation quota pages). Each constant names its unit.

/// Smallest function memory, MB.
pub const MEMORY_MIN_MB: u64 = 128;
/// Largest function memory, MB.
pub const MEMORY_MAX_MB: u64 = 10_240;
/// Memory above this may be refused on new accounts, MB.
pub const MEMORY_NEW_ACCOUNT_MB: u64 = 3_008;
/// Shortest timeout, seconds.
pub const TIMEOUT_MIN_S: u64 = 1;
/// Longest timeout, seconds.
pub const TIMEOUT_MAX_S: u64 = 900;
/// Smallest `/tmp`, MB.
pub const STORAGE_MIN_MB: u64 = 512;
/// Largest `/tmp`, MB.
pub const STORAGE_MAX_MB: u64 = 10_240;
/// Longest function or layer description, characters.
pub const DESCRIPTION_MAX: usize = 256;
/// Longest handler, characters.
pub const HANDLER_MAX: usize = 128;
/// Longest function name, characters.
pub const FUNCTION_NAME_MAX: usize = 64;
/// Environment variables as compact JSON, bytes.
pub const ENV_MAX_BYTES: usize = 4_096;
/// Layers per function.
pub const LAYERS_MAX: usize = 5;
/// VPC subnets per function.
pub const SUBNETS_MAX: usize = 16;
/// VPC security groups per function.
pub const SECURITY_GROUPS_MAX: usize = 5;
/// Tags per resource.
pub const TAGS_MAX: usize = 50;
/// Longest tag key, characters.
pub const TAG_KEY_MAX: usize = 128;
/// Longest tag value, characters.
pub const TAG_VALUE_MAX: usize = 256;
/// Unzipped function code plus layers, bytes.
pub const UNZIPPED_MAX_BYTES: u64 = 262_144_000;
/// Resources per template.
pub const RESOURCES_MAX: usize = 500;
/// Outputs per template.
pub const OUTPUTS_MAX: usize = 200;
/// Filter patterns per event source mapping (Lambda's default quota).
pub const FILTERS_PER_MAPPING_MAX: usize = 5;
/// API Gateway's default account throttle: steady rate (requests/s) and burst.
pub const API_THROTTLE: (f64, u64) = (10_000.0, 5_000);
/// Parameters per template.
pub const PARAMETERS_MAX: usize = 200;
/// Template body passed inline, bytes.
pub const TEMPLATE_INLINE_MAX_BYTES: usize = 51_200;
/// Template body from S3, bytes.
pub const TEMPLATE_S3_MAX_BYTES: usize = 1_000_000;
/// Longest API Gateway HTTP API integration, seconds.
pub const HTTP_API_TIMEOUT_S: u64 = 30;
/// SQS batch size range (standard queue).
pub const SQS_BATCH_MAX: u64 = 10_000;
/// SQS batch size maximum on a FIFO queue.
pub const SQS_FIFO_BATCH_MAX: u64 = 10;
/// Batching window maximum, seconds.
pub const BATCH_WINDOW_MAX_S: u64 = 300;
/// SQS mapping maximum concurrency range.
pub const SQS_MAX_CONCURRENCY: (u64, u64) = (2, 1_000);
/// SQS visibility timeout maximum, seconds.
pub const SQS_VISIBILITY_MAX_S: u64 = 43_200;
/// Default SQS visibility timeout, seconds.
pub const SQS_VISIBILITY_DEFAULT_S: u64 = 30;
/// Recommended visibility as a multiple of the function timeout.
pub const SQS_VISIBILITY_FACTOR: u64 = 6;
/// SQS retention range, seconds (60 s – 14 d).
pub const SQS_RETENTION_S: (u64, u64) = (60, 1_209_600);
/// SQS delivery delay maximum, seconds.
pub const SQS_DELAY_MAX_S: u64 = 900;
/// Async retries maximum.
pub const ASYNC_RETRIES_MAX: u64 = 2;
/// Async event age range, seconds.
pub const ASYNC_AGE_S: (u64, u64) = (60, 21_600);
/// Account concurrency that reserved concurrency may use by default (1000 − 100).
pub const RESERVED_CONCURRENCY_BUDGET: u64 = 900;
/// Days before deprecation that trigger a warning.
pub const DEPRECATION_WARNING_DAYS: i64 = 90;
/// Longest Step Functions state (step) name, characters.
pub const STATE_NAME_MAX: usize = 80;
/// Longest state machine name, characters.
pub const STATE_MACHINE_NAME_MAX: usize = 80;
/// Largest state machine definition, bytes (a hard quota).
pub const STATE_MACHINE_DEFINITION_MAX_BYTES: usize = 1_048_576;
/// Longest run of an express workflow, seconds.
pub const EXPRESS_MAX_S: u64 = 300;
/// Longest run of a standard workflow (one year), seconds.
pub const STANDARD_MAX_S: u64 = 31_536_000;
/// The errors Step Functions itself raises (`States.*`).
pub const STATES_ERRORS: &[&str] = &[
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
];
/// CloudWatch Logs retention values, days.
pub const LOG_RETENTION_DAYS: &[u64] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/// Default log retention, days.
pub const LOG_RETENTION_DEFAULT_DAYS: u64 = 30;
/// Environment keys Lambda reserves.
pub const RESERVED_ENV_KEYS: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];
/// S3 event names (S3 API model, 2026).
pub const S3_EVENTS: &[&str] = &[
    "s3:ReducedRedundancyLostObject",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectAcl:Put",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
    "s3:ObjectAnnotation:*",
    "s3:ObjectAnnotation:Put",
    "s3:ObjectAnnotation:Delete",
];
/// HTTP methods an `on http` route may use.
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/// The EventBridge `detail-type`s an S3 event name arrives as when a bucket
/// sends its events to EventBridge; empty for events EventBridge does not carry.
pub fn s3_eventbridge_detail_types(event: &str) -> &'static [&'static str] {
    let group = event.trim_start_matches("s3:");
    match group {
        g if g.starts_with("ObjectCreated") => &["Object Created"],
        g if g.starts_with("ObjectRemoved") => &["Object Deleted"],
        "ObjectRestore:Post" => &["Object Restore Initiated"],
        "ObjectRestore:Completed" => &["Object Restore Completed"],
        "ObjectRestore:Delete" => &["Object Restore Expired"],
        "ObjectRestore:*" => &[
            "Object Restore Initiated",
            "Object Restore Completed",
            "Object Restore Expired",
        ],
        "ObjectTagging:Put" => &["Object Tags Added"],
        "ObjectTagging:Delete" => &["Object Tags Deleted"],
        "ObjectTagging:*" => &["Object Tags Added", "Object Tags Deleted"],
        "ObjectAcl:Put" => &["Object ACL Updated"],
        "LifecycleTransition" => &["Object Storage Class Changed"],
        "IntelligentTiering" => &["Object Access Tier Changed"],
        g if g.starts_with("LifecycleExpiration") => &["Object Deleted"],
        _ => &[],
    }
}

/// Global secondary indexes per DynamoDB table (the default quota).
pub const GSI_MAX: usize = 20;
/// Non-key attributes projected (`INCLUDE`) into a table's indexes, summed.
pub const GSI_PROJECTED_MAX: usize = 100;
/// Length of a DynamoDB attribute name (key, TTL, projected).
pub const DYNAMODB_ATTRIBUTE_NAME: (usize, usize) = (1, 255);
/// Length of a DynamoDB index name (`[A-Za-z0-9_.-]`).
pub const DYNAMODB_INDEX_NAME: (usize, usize) = (3, 255);
/// Point-in-time recovery period in days.
pub const PITR_DAYS: (u64, u64) = (1, 35);
/// Length of an SNS topic's display name.
pub const TOPIC_DISPLAY_NAME_MAX: usize = 100;
/// Retry attempts of an EventBridge Scheduler target.
pub const SCHEDULER_RETRIES_MAX: u64 = 185;
/// Maximum event age of an EventBridge Scheduler target, in seconds.
pub const SCHEDULER_EVENT_AGE_S: (u64, u64) = (60, 86_400);
/// Length of a Scheduler schedule's name (`[0-9a-zA-Z-_.]`).
pub const SCHEDULE_NAME_MAX: usize = 64;
/// Length of a Scheduler schedule's description.
pub const SCHEDULE_DESCRIPTION_MAX: usize = 512;
/// Length of an S3 bucket name.
pub const BUCKET_NAME: (usize, usize) = (3, 63);
/// Length of a DynamoDB table name.
pub const TABLE_NAME: (usize, usize) = (3, 255);
/// Length of an SNS topic name (a FIFO topic's `.fifo` included).
pub const TOPIC_NAME: (usize, usize) = (1, 256);
/// Length of an SQS queue name (a FIFO queue's `.fifo` included).
pub const QUEUE_NAME: (usize, usize) = (1, 80);
/// Length of a Kinesis stream name.
pub const KINESIS_STREAM_NAME: (usize, usize) = (1, 128);
/// Length of a Lambda layer name.
pub const LAYER_NAME: (usize, usize) = (1, 140);
/// Length of an API Gateway api name.
pub const API_NAME: (usize, usize) = (1, 128);
/// Longest IAM role name, characters.
pub const ROLE_NAME_MAX: usize = 64;
/// Longest REST api stage name, characters.
pub const STAGE_NAME_MAX: usize = 128;
/// Longest S3 key filter value (`prefix`, `suffix`), characters.
pub const S3_FILTER_VALUE_MAX: usize = 1_024;
/// Batch size range of a stream mapping (DynamoDB, Kinesis).
pub const STREAM_BATCH: (u64, u64) = (1, 10_000);
/// Retries of a failed batch of a stream mapping.
pub const STREAM_RETRIES_MAX: u64 = 10_000;
/// Record age range of a stream mapping, seconds (60 s – 7 d).
pub const STREAM_RECORD_AGE_S: (u64, u64) = (60, 604_800);
/// Batches per shard a stream mapping processes at once.
pub const STREAM_PARALLELIZATION_MAX: u64 = 10;
/// Kinesis retention range, hours (24 h – 365 d).
pub const KINESIS_RETENTION_H: (u64, u64) = (24, 8_760);
/// A percentage alarm threshold (`error_rate`, `duration`).
pub const ALARM_PERCENT: (u64, u64) = (1, 100);
/// Longest alarm period CloudWatch evaluates, seconds (one day).
pub const ALARM_PERIOD_MAX_S: u64 = 86_400;
/// Most retries of a Step Functions retrier (`MaxAttempts`).
pub const STATES_RETRY_ATTEMPTS_MAX: u64 = 99;
