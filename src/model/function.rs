//! `function` declarations as the model holds them, and what they share
//! with layers and roles: code locations, grants, raw statements, CORS.
//!
//! Plain data: reading them is `build/function.rs`', judging them `check`'s.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Expr, Monitor, Spanned, Target, Trigger};
use crate::source::Span;

/// `x86_64` or `arm64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    /// `x86_64`
    X86_64,
    /// `arm64`
    Arm64,
}

/// The words `tracing` takes: `active`, `passthrough` (Lambda's modes) and
/// `off` (no `TracingConfig`).
pub const TRACING_MODES: [&str; 3] = ["active", "passthrough", "off"];

impl Architecture {
    /// The words an `architecture` takes, as Lambda spells them.
    pub const WORDS: [&'static str; 2] = ["x86_64", "arm64"];

    /// The architecture a word names.
    pub fn from_word(word: &str) -> Option<Architecture> {
        [Architecture::X86_64, Architecture::Arm64]
            .into_iter()
            .find(|a| a.as_str() == word)
    }

    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// Where a function's or layer's code comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeSource {
    /// A folder or `.zip`, resolved against the declaring file.
    Path {
        /// Absolute or relative-to-cwd path to read.
        path: PathBuf,
        /// As written.
        written: String,
    },
    /// `inline """…"""`
    Inline(String),
    /// `s3 { bucket, key, version }`
    S3 {
        /// Bucket name.
        bucket: String,
        /// Object key.
        key: String,
        /// Object version.
        version: Option<String>,
    },
    /// `image = "…"`
    Image(String),
}

/// `function`
#[derive(Debug, Clone)]
pub struct Function {
    /// Runtime id, unless an image function.
    pub runtime: Option<Spanned<String>>,
    /// Handler, unless an image function.
    pub handler: Option<Spanned<String>>,
    /// The code.
    pub code: Option<Spanned<CodeSource>>,
    /// Memory in MB.
    pub memory: Spanned<u64>,
    /// Timeout in seconds.
    pub timeout: Spanned<u64>,
    /// Ephemeral storage in MB.
    pub storage: Spanned<u64>,
    /// CPU architecture.
    pub architecture: Spanned<Architecture>,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// Physical function name (§ physical names: text, `${stack.name}`,
    /// `${aws.*}`, `${param.*}`).
    pub name: Option<Spanned<Expr>>,
    /// Layers in order.
    pub layers: Vec<Target>,
    /// The role: `None` for a generated role.
    pub role: Option<Target>,
    /// Environment variables.
    pub env: BTreeMap<String, Spanned<Expr>>,
    /// Where each env key is written.
    pub env_key_spans: BTreeMap<String, Span>,
    /// Tags (stack tags merged in by emit).
    pub tags: BTreeMap<String, Spanned<String>>,
    /// `active`, `passthrough` or off (`None`).
    pub tracing: Option<Spanned<String>>,
    /// Reserved concurrency.
    pub reserved_concurrency: Option<Spanned<u64>>,
    /// Provisioned concurrency.
    pub provisioned_concurrency: Option<Spanned<u64>>,
    /// VPC subnets: IDs or `param.*`; a list parameter stands alone.
    pub subnets: Vec<Spanned<Expr>>,
    /// VPC security groups, in the same form as `subnets`.
    pub security_groups: Vec<Spanned<Expr>>,
    /// Log settings.
    pub logs: Logs,
    /// Dead-letter queue or topic.
    pub dead_letter: Option<Target>,
    /// Asynchronous invocation settings.
    pub async_config: Option<AsyncConfig>,
    /// Function URL.
    pub url: Option<FunctionUrl>,
    /// SnapStart on published versions.
    pub snapstart: Option<Spanned<bool>>,
    /// KMS key ARN for env encryption.
    pub kms_key: Option<Spanned<String>>,
    /// `monitor { … }`: CloudWatch alarms.
    pub monitor: Option<Monitor>,
    /// `insights = true`: the Lambda Insights extension layer.
    pub insights: Option<Spanned<bool>>,
    /// `publish = true`: a version and a `live` alias without SnapStart or
    /// provisioned concurrency (SAM's `AutoPublishAlias`).
    pub publish: Option<Spanned<bool>>,
    /// `allow VERB TARGET` grants.
    pub grants: Vec<Grant>,
    /// `allow [..] on [..]` statements.
    pub statements: Vec<RawStatement>,
    /// `on …` triggers.
    pub triggers: Vec<Trigger>,
    /// The properties written (directly or through `defaults`), valid or not,
    /// so a bad value is not also reported as missing.
    pub written: std::collections::BTreeSet<&'static str>,
}

impl Function {
    /// True when `insights = true`: the extension adds one layer.
    pub fn has_insights(&self) -> bool {
        self.insights.as_ref().is_some_and(|i| i.value)
    }

    /// A function with nothing written but the properties in `written`: every
    /// default (128 MB, 3 s, 512 MB storage, x86_64, logs kept
    /// `LOG_RETENTION_DEFAULT_DAYS`) at `span`, the function's name.
    pub(crate) fn with_defaults(span: Span, written: std::collections::BTreeSet<&'static str>) -> Function {
        Function {
            runtime: None,
            handler: None,
            code: None,
            memory: Spanned::new(128, span),
            timeout: Spanned::new(3, span),
            storage: Spanned::new(512, span),
            architecture: Spanned::new(Architecture::X86_64, span),
            description: None,
            name: None,
            layers: Vec::new(),
            role: None,
            env: BTreeMap::new(),
            env_key_spans: BTreeMap::new(),
            tags: BTreeMap::new(),
            tracing: None,
            reserved_concurrency: None,
            provisioned_concurrency: None,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            logs: Logs {
                retention: Some(Spanned::new(
                    crate::data::limits::LOG_RETENTION_DEFAULT_DAYS * 86_400,
                    span,
                )),
                ..Logs::default()
            },
            dead_letter: None,
            async_config: None,
            url: None,
            snapstart: None,
            kms_key: None,
            monitor: None,
            insights: None,
            publish: None,
            grants: Vec::new(),
            statements: Vec::new(),
            triggers: Vec::new(),
            written,
        }
    }
}

/// `logs { … }`
#[derive(Debug, Clone, Default)]
pub struct Logs {
    /// Retention in seconds as written; `None` = never expire. `check` makes
    /// sure it is a whole number of days CloudWatch allows (LF0317).
    pub retention: Option<Spanned<u64>>,
    /// `text` or `json`.
    pub format: Option<Spanned<String>>,
    /// Application log level.
    pub level: Option<Spanned<String>>,
    /// System log level.
    pub system_level: Option<Spanned<String>>,
}

impl Logs {
    /// The words `format` takes.
    pub const FORMATS: [&'static str; 2] = ["text", "json"];
    /// The words `level` (the application log level) takes.
    pub const LEVELS: [&'static str; 6] = ["trace", "debug", "info", "warn", "error", "fatal"];
    /// The words `system_level` takes.
    pub const SYSTEM_LEVELS: [&'static str; 3] = ["debug", "info", "warn"];
}

/// `async { … }`
#[derive(Debug, Clone)]
pub struct AsyncConfig {
    /// Retry attempts.
    pub retries: Option<Spanned<u64>>,
    /// Maximum event age in seconds.
    pub max_age: Option<Spanned<u64>>,
    /// Success destination.
    pub on_success: Option<Target>,
    /// Failure destination.
    pub on_failure: Option<Target>,
    /// The block.
    pub span: Span,
}

/// `url { … }`
#[derive(Debug, Clone)]
pub struct FunctionUrl {
    /// `iam` or `none`.
    pub auth: Spanned<String>,
    /// CORS settings.
    pub cors: Option<Cors>,
    /// Response streaming.
    pub stream: bool,
    /// The block.
    pub span: Span,
}

impl FunctionUrl {
    /// The words `auth` takes.
    pub const AUTH_TYPES: [&'static str; 2] = ["iam", "none"];
}

/// `cors { … }`
#[derive(Debug, Clone, Default)]
pub struct Cors {
    /// Allowed origins.
    pub origins: Vec<String>,
    /// Allowed methods.
    pub methods: Vec<String>,
    /// Allowed headers.
    pub headers: Vec<String>,
    /// Max age in seconds.
    pub max_age: Option<u64>,
}

/// `allow VERB TARGET ["pattern"]`
#[derive(Debug, Clone)]
pub struct Grant {
    /// The verbs.
    pub verbs: Vec<Spanned<String>>,
    /// The declaration granted on.
    pub target: Spanned<String>,
    /// Object key pattern (buckets).
    pub pattern: Option<Spanned<String>>,
    /// The statement.
    pub span: Span,
}

/// `allow [actions] on [resources]`
#[derive(Debug, Clone)]
pub struct RawStatement {
    /// Actions as written.
    pub actions: Vec<Spanned<String>>,
    /// Resources: strings or references (bare names mean ARNs).
    pub resources: Vec<Spanned<Expr>>,
    /// The statement.
    pub span: Span,
}
