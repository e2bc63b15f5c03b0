//! What hover and completion say about properties and declarations: one
//! line of documentation, the default and the limits per function property
//! (limits from [`crate::data::limits`]) and the CloudFormation each
//! reference attribute becomes — the tables of docs/language.md §3.2 and
//! §5, in the editor. Every other key is [`super::keys`]'.
//!
//! Must not: decide anything. A test (`lsp::coverage`) checks the keys
//! against the compiler, so the lists cannot drift from what the model
//! accepts.

use crate::data::limits as l;
use crate::model::{Attr, FunctionProp, Kind};

/// Documentation, default and limits of a function property (a table: one
/// arm per property, hence the length).
pub fn function_prop(p: FunctionProp) -> (&'static str, &'static str, Option<String>) {
    match p {
        FunctionProp::Runtime => (
            "The Lambda runtime id, e.g. `python3.13`.",
            "required unless `image`",
            None,
        ),
        FunctionProp::Handler => (
            "The entry point: `file.function` for Python and Node.js.",
            "required unless `image`",
            Some(format!("at most {} characters", l::HANDLER_MAX)),
        ),
        FunctionProp::Code => (
            "The code: a folder or `.zip` (relative to this file), `inline \"\"\"…\"\"\"` or `s3 { bucket, key }`.",
            "required unless `image`",
            Some(format!(
                "code and layers at most {} MB unzipped",
                l::UNZIPPED_MAX_BYTES / 1_000_000
            )),
        ),
        FunctionProp::Image => (
            "A container image URI; replaces `runtime`, `handler`, `code` and `layers`.",
            "none",
            None,
        ),
        FunctionProp::Memory => (
            "Memory, which also sets the CPU share.",
            "`128MB`",
            Some(format!(
                "{}–{} MB; above {} MB new accounts may be refused",
                l::MEMORY_MIN_MB,
                l::MEMORY_MAX_MB,
                l::MEMORY_NEW_ACCOUNT_MB
            )),
        ),
        FunctionProp::Timeout => (
            "How long one invocation may run.",
            "`3s`",
            Some(format!(
                "{}–{} s; at most {} s behind an HTTP API",
                l::TIMEOUT_MIN_S,
                l::TIMEOUT_MAX_S,
                l::HTTP_API_TIMEOUT_S
            )),
        ),
        FunctionProp::Storage => (
            "Ephemeral storage in `/tmp`.",
            "`512MB`",
            Some(format!("{}–{} MB", l::STORAGE_MIN_MB, l::STORAGE_MAX_MB)),
        ),
        FunctionProp::Architecture => ("The CPU architecture: `x86_64` or `arm64`.", "`x86_64`", None),
        FunctionProp::Description => (
            "The function's description.",
            "none",
            Some(format!("at most {} characters", l::DESCRIPTION_MAX)),
        ),
        FunctionProp::Name => (
            "The physical function name; changing it replaces the function.",
            "CloudFormation's",
            Some(format!(
                "at most {} characters of `[A-Za-z0-9_-]`",
                l::FUNCTION_NAME_MAX
            )),
        ),
        FunctionProp::Layers => (
            "Layers, by name or layer-version ARN, in order.",
            "`[]`",
            Some(format!("at most {}", l::LAYERS_MAX)),
        ),
        FunctionProp::Role => (
            "The execution role: a `role` name or a role ARN.",
            "a generated least-privilege role",
            None,
        ),
        FunctionProp::Env => (
            "Environment variables: `env { KEY = value }`.",
            "none",
            Some(format!("at most {} bytes in all", l::ENV_MAX_BYTES)),
        ),
        FunctionProp::Tags => (
            "Tags, merged with the stack's.",
            "the stack's tags",
            Some(format!("at most {} tags", l::TAGS_MAX)),
        ),
        FunctionProp::Tracing => ("X-Ray tracing: `active`, `passthrough` or `off`.", "`off`", None),
        FunctionProp::Concurrency => (
            "`concurrency { reserved, provisioned }`.",
            "none",
            Some(format!(
                "reserved across the stack above {} warns",
                l::RESERVED_CONCURRENCY_BUDGET
            )),
        ),
        FunctionProp::Vpc => (
            "`vpc { subnets, security_groups }`.",
            "none",
            Some(format!(
                "at most {} subnets and {} security groups",
                l::SUBNETS_MAX,
                l::SECURITY_GROUPS_MAX
            )),
        ),
        FunctionProp::Logs => (
            "`logs { retention, format, level, system_level }`.",
            "retention `30d`",
            None,
        ),
        FunctionProp::DeadLetter => ("Where failed asynchronous events go: a queue or topic.", "none", None),
        FunctionProp::Async => (
            "`async { retries, max_age, on_success, on_failure }`.",
            "Lambda's 2 retries, 6 h",
            Some(format!(
                "retries 0–{}, max_age {}–{} s",
                l::ASYNC_RETRIES_MAX,
                l::ASYNC_AGE_S.0,
                l::ASYNC_AGE_S.1
            )),
        ),
        FunctionProp::Url => ("A function URL: `url { auth, cors, stream }`.", "none", None),
        FunctionProp::Snapstart => ("SnapStart on published versions.", "`false`", None),
        FunctionProp::KmsKey => (
            "A KMS key ARN to encrypt environment variables.",
            "AWS-managed key",
            None,
        ),
        FunctionProp::Monitor => (
            "CloudWatch alarms: `notify`, `errors`, `error_rate`, `throttles`, `duration` (% of timeout), `iterator_age`, `dead_letter`, `period`.",
            "no alarms; inside the block every alarm but `error_rate` is on",
            None,
        ),
        FunctionProp::Insights => (
            "CloudWatch Lambda Insights: the extension layer for the function's region and architecture, and its log permissions.",
            "`false`",
            Some(format!("counts as one of the {} layers", l::LAYERS_MAX)),
        ),
        FunctionProp::Publish => (
            "Publish a version on every change and point a `live` alias at it; triggers, the URL and workflow steps use the alias.",
            "`false` (on anyway with SnapStart or provisioned concurrency)",
            None,
        ),
    }
}

/// The CloudFormation type a declaration's main resource has.
pub fn cfn_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Function => "AWS::Lambda::Function",
        Kind::Layer => "AWS::Lambda::LayerVersion",
        Kind::Role => "AWS::IAM::Role",
        Kind::Bucket => "AWS::S3::Bucket",
        Kind::Queue => "AWS::SQS::Queue",
        Kind::Topic => "AWS::SNS::Topic",
        Kind::Table => "AWS::DynamoDB::Table",
        Kind::Stream => "AWS::Kinesis::Stream",
        Kind::Api => "AWS::ApiGatewayV2::Api",
        Kind::Workflow => "AWS::StepFunctions::StateMachine",
    }
}

/// What `NAME.attr` becomes in the template, for the resource `<Id>`
/// (docs/language.md §3.2); `None` for an attribute the kind lacks.
pub fn attr_expr(kind: Kind, attr: Attr, id: &str) -> Option<String> {
    let get_att = |a: &str| Some(format!("Fn::GetAtt [{id}, {a}]"));
    let reference = Some(format!("Ref {id}"));
    match kind {
        Kind::Function => match attr {
            Attr::Arn => get_att("Arn"),
            Attr::Name => reference,
            Attr::Url => Some(format!(
                "Fn::GetAtt [{}Url, FunctionUrl]",
                id.trim_end_matches("Function")
            )),
            Attr::Id | Attr::StreamArn => None,
        },
        Kind::Layer => match attr {
            Attr::Arn => reference,
            Attr::Name | Attr::Url | Attr::Id | Attr::StreamArn => None,
        },
        Kind::Role | Kind::Bucket | Kind::Stream => match attr {
            Attr::Arn => get_att("Arn"),
            Attr::Name => reference,
            Attr::Url | Attr::Id | Attr::StreamArn => None,
        },
        Kind::Table => match attr {
            Attr::Arn => get_att("Arn"),
            Attr::Name => reference,
            Attr::StreamArn => get_att("StreamArn"),
            Attr::Url | Attr::Id => None,
        },
        Kind::Queue => match attr {
            Attr::Url => reference,
            Attr::Arn => get_att("Arn"),
            Attr::Name => get_att("QueueName"),
            Attr::Id | Attr::StreamArn => None,
        },
        Kind::Topic => match attr {
            Attr::Arn => reference,
            Attr::Name => get_att("TopicName"),
            Attr::Url | Attr::Id | Attr::StreamArn => None,
        },
        Kind::Workflow => match attr {
            Attr::Arn => reference,
            Attr::Name => get_att("Name"),
            Attr::Url | Attr::Id | Attr::StreamArn => None,
        },
        Kind::Api => match attr {
            Attr::Url => Some(format!(
                "Fn::Sub \"https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/\""
            )),
            Attr::Id => reference,
            Attr::Arn | Attr::Name | Attr::StreamArn => None,
        },
    }
}
