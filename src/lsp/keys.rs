//! What hover and completion say about every key outside a function's own
//! properties (those are [`super::docs::function_prop`]): the properties of
//! each declaration kind, of `stack`, of each trigger, and of the blocks
//! nested in them (`steps { NAME { … } }`, `retry`, `catch`, `capacity`,
//! `indexes`, …) — documentation, default, limits and the words an enum
//! takes. The tables of docs/language.md §5, §9 and §10, in the editor.
//!
//! Must not: decide anything. A test reads the keys the compiler accepts
//! in every block (from its own LF0213 help) and checks this table
//! documents exactly those, so a new key without docs fails it.

use std::fmt::Write as _;

use crate::data::limits as l;
use crate::model::{FunctionUrl, Kind, Logs, ParamType, Projection, TriggerType, UsagePlan};

/// One key: what it is, its default, its limits and, for an enum, its words.
#[derive(Debug, Clone)]
pub struct KeyDoc {
    /// The key as written.
    pub key: &'static str,
    /// One line of documentation.
    pub doc: &'static str,
    /// The default, as the docs say it.
    pub default: &'static str,
    /// The limits, when the compiler checks any.
    pub limits: Option<String>,
    /// The words an enum key takes (empty for other keys), from the
    /// model's own lists.
    pub values: Vec<&'static str>,
}

/// A block whose keys are listed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// A declaration other than a function.
    Decl(Kind),
    /// `stack NAME { … }`
    Stack,
    /// `output NAME { … }`
    Output,
    /// `param NAME { … }`
    Param,
    /// The options block of `on KIND …`.
    Trigger(TriggerType),
    /// `retry` of an `on schedule`.
    ScheduleRetry,
    /// A queue's `dead_letter`.
    DeadLetter,
    /// `capacity { read, write }` of a table or an index.
    Capacity,
    /// `indexes { NAME { … } }`: holds index names, no keys.
    Indexes,
    /// One global secondary index.
    Index,
    /// An api's `usage_plan`.
    UsagePlan,
    /// `cors` of an api or a function URL.
    Cors,
    /// `auth = { jwt {…} | lambda {…} }`.
    Auth,
    /// `jwt { … }`.
    Jwt,
    /// `lambda { … }` (an authorizer).
    LambdaAuth,
    /// A function's `logs`.
    Logs,
    /// A function's `vpc`.
    Vpc,
    /// A function's `concurrency`.
    Concurrency,
    /// A function's `async`.
    Async,
    /// A function's `url`.
    Url,
    /// A function's `monitor`.
    Monitor,
    /// `code = s3 { … }`.
    S3Code,
    /// `steps { NAME { … } }`: holds step names, no keys.
    Steps,
    /// One named step (every kind's keys: the kind key decides which apply).
    Step,
    /// `retry` of a workflow or a step.
    Retry,
    /// `catch` of a step.
    Catch,
    /// `fail = { … }`.
    Fail,
    /// A branch of `parallel`.
    Branch,
    /// A rule of `choice`.
    Rule,
}

/// Where the cursor is: among a function's properties, in `defaults`, or in
/// a block of this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// `function NAME { … }`
    Function,
    /// `stack { defaults { … } }`
    Defaults,
    /// Any other block.
    Keys(Block),
}

/// A key without limits or words.
pub(super) fn k(key: &'static str, doc: &'static str, default: &'static str) -> KeyDoc {
    KeyDoc {
        key,
        doc,
        default,
        limits: None,
        values: Vec::new(),
    }
}

impl KeyDoc {
    /// With limits.
    pub(super) fn limit(mut self, limits: impl Into<String>) -> Self {
        self.limits = Some(limits.into());
        self
    }

    /// With the words of an enum.
    pub(super) fn words(mut self, values: &[&'static str]) -> Self {
        self.values = values.to_vec();
        self
    }
}

/// The context a chain of open block headers (outermost first, each the
/// words before its `{`) puts the cursor in.
pub fn resolve(headers: &[Vec<&str>]) -> Option<Ctx> {
    let (first, rest) = headers.split_first()?;
    let mut ctx = match first.as_slice() {
        ["function", ..] => Ctx::Function,
        ["stack", ..] => Ctx::Keys(Block::Stack),
        ["output", ..] => Ctx::Keys(Block::Output),
        ["param", ..] => Ctx::Keys(Block::Param),
        [kw, ..] => Ctx::Keys(Block::Decl(Kind::from_keyword(kw)?)),
        [] => return None,
    };
    for h in rest {
        ctx = child(ctx, h)?;
    }
    Some(ctx)
}

/// The block a header opens inside `ctx`.
fn child(ctx: Ctx, header: &[&str]) -> Option<Ctx> {
    if let ["on", t, ..] = header {
        return TriggerType::from_keyword(t).map(|t| Ctx::Keys(Block::Trigger(t)));
    }
    let key = header.first().copied().unwrap_or("");
    let b = match ctx {
        Ctx::Function | Ctx::Defaults => match key {
            "logs" => Block::Logs,
            "vpc" => Block::Vpc,
            "concurrency" => Block::Concurrency,
            "async" => Block::Async,
            "url" => Block::Url,
            "monitor" => Block::Monitor,
            "code" => Block::S3Code,
            _ => return None,
        },
        Ctx::Keys(b) => match (b, key) {
            (Block::Stack, "defaults") => return Some(Ctx::Defaults),
            (Block::Decl(Kind::Layer), "code") => Block::S3Code,
            (Block::Decl(Kind::Queue), "dead_letter") => Block::DeadLetter,
            (Block::Decl(Kind::Table) | Block::Index, "capacity") => Block::Capacity,
            (Block::Decl(Kind::Table), "indexes") => Block::Indexes,
            (Block::Indexes, _) => Block::Index,
            (Block::Decl(Kind::Api), "usage_plan") => Block::UsagePlan,
            (Block::Decl(Kind::Api) | Block::Url, "cors") => Block::Cors,
            (Block::Decl(Kind::Api) | Block::Trigger(TriggerType::Http), "auth") => Block::Auth,
            (Block::Auth, "jwt") => Block::Jwt,
            (Block::Auth, "lambda") => Block::LambdaAuth,
            (Block::Trigger(TriggerType::Schedule), "retry") => Block::ScheduleRetry,
            (Block::Decl(Kind::Workflow) | Block::Step, "retry") => Block::Retry,
            (Block::Decl(Kind::Workflow) | Block::Step | Block::Branch, "steps") => Block::Steps,
            (Block::Steps, _) => Block::Step,
            (Block::Step, "catch") => Block::Catch,
            (Block::Step, "fail") => Block::Fail,
            (Block::Step, "parallel") => Block::Branch,
            (Block::Step, "choice") => Block::Rule,
            _ => return None,
        },
    };
    Some(Ctx::Keys(b))
}

/// The documentation of `key` in `block`.
pub fn find(block: Block, key: &str) -> Option<KeyDoc> {
    keys(block).into_iter().find(|d| d.key == key)
}

/// Every key of `block`, in the order the docs list them.
pub fn keys(block: Block) -> Vec<KeyDoc> {
    match block {
        Block::Decl(kind) => super::decl_keys::decl(kind),
        Block::Trigger(t) => super::trigger_keys::trigger(t),
        Block::Step => super::step_keys::step(),
        Block::Retry => super::step_keys::retry(),
        Block::Catch => super::step_keys::catch(),
        Block::Fail => super::step_keys::fail(),
        Block::Branch => super::step_keys::branch(),
        Block::Rule => super::step_keys::rule(),
        Block::Steps | Block::Indexes => Vec::new(),
        Block::Stack => vec![
            k("description", "The stack's description.", "none"),
            k("defaults", "Function properties every function starts from.", "none"),
            k("tags", "Tags on every resource that takes them.", "none").limit(format!("at most {} tags", l::TAGS_MAX)),
            k(
                "dashboard",
                "A CloudWatch dashboard of the stack's functions, queues and alarms.",
                "`false`",
            ),
        ],
        Block::Output => vec![
            k("value", "What the output holds: a reference or a string.", "required"),
            k(
                "export",
                "The name to export it under, for other stacks' `Fn::ImportValue`.",
                "none",
            ),
            k("description", "The output's description.", "none"),
        ],
        Block::Param => vec![
            k("type", "The parameter's type.", "`string`").words(&ParamType::ALL.map(ParamType::keyword)),
            k(
                "default",
                "The value when the deployer gives none.",
                "none (required at deploy)",
            ),
            k("allowed", "The values allowed (`string`, `number`).", "any"),
            k(
                "pattern",
                "A regular expression the value must match (`string`).",
                "none",
            ),
            k("min", "The least value (`number`).", "none"),
            k("max", "The greatest value (`number`).", "none"),
            k("no_echo", "Hide the value in the console and API.", "`false`"),
            k("description", "The parameter's description.", "none"),
        ],
        Block::ScheduleRetry => vec![
            k(
                "attempts",
                "How many times EventBridge Scheduler retries a failed invocation.",
                "Scheduler's 185",
            )
            .limit(format!("0–{}", l::SCHEDULER_RETRIES_MAX)),
            k(
                "max_age",
                "How long Scheduler keeps retrying an event.",
                "Scheduler's 24 h",
            )
            .limit(format!(
                "{}–{} s",
                l::SCHEDULER_EVENT_AGE_S.0,
                l::SCHEDULER_EVENT_AGE_S.1
            )),
        ],
        Block::DeadLetter => vec![
            k(
                "queue",
                "The queue messages go to after `max_receives` failed receives.",
                "required",
            ),
            k(
                "max_receives",
                "Receives before a message moves to the dead-letter queue.",
                "`5`",
            ),
        ],
        Block::Capacity => vec![
            k(
                "read",
                "Provisioned read capacity units (both `read` and `write` required).",
                "required",
            ),
            k(
                "write",
                "Provisioned write capacity units (both `read` and `write` required).",
                "required",
            ),
        ],
        Block::Index => vec![
            k(
                "key",
                "The index's partition key: `{ NAME = string | number | binary }`.",
                "required",
            ),
            k("sort", "The index's sort key, same shape as `key`.", "none"),
            k(
                "project",
                "The attributes copied into the index: `all`, `keys_only` or a list of names.",
                "`all`",
            )
            .words(&Projection::WORDS)
            .limit(format!("at most {} projected attributes", l::GSI_PROJECTED_MAX)),
            k(
                "capacity",
                "`capacity { read, write }`: only on a provisioned table.",
                "the table's `capacity`",
            ),
        ],
        Block::UsagePlan => vec![
            k("quota", "Requests allowed per `period`.", "no limit"),
            k("period", "The quota's period.", "`day`").words(&UsagePlan::PERIODS),
            k(
                "rate",
                "Steady requests per second (`0.5`: one every two seconds).",
                "no limit",
            )
            .limit(format!("0–{}", l::API_THROTTLE.0)),
            k("burst", "Requests allowed in a burst.", "no limit").limit(format!("at most {}", l::API_THROTTLE.1)),
        ],
        Block::Cors => vec![
            k("origins", "Allowed origins.", "none"),
            k("methods", "Allowed methods.", "none"),
            k("headers", "Allowed headers.", "none"),
            k("max_age", "How long browsers may cache the preflight answer.", "none"),
        ],
        Block::Auth => vec![
            k("jwt", "A JWT authorizer: `jwt { issuer, audience, scopes }`.", "none"),
            k(
                "lambda",
                "A Lambda authorizer: `lambda { function, cache, identity }`.",
                "none",
            ),
        ],
        Block::Jwt => vec![
            k(
                "issuer",
                "The token issuer URL (on the api; a route may give only `scopes`).",
                "required on the api",
            ),
            k("audience", "Accepted audiences.", "none"),
            k("scopes", "Scopes a route requires.", "none"),
        ],
        Block::LambdaAuth => vec![
            k("function", "The authorizer function.", "required"),
            k("cache", "How long an answer is cached.", "`0s`"),
            k(
                "identity",
                "The request parts that identify a caller.",
                "`[\"$request.header.Authorization\"]`",
            ),
        ],
        Block::Logs => vec![
            k(
                "retention",
                "How long logs are kept, in days, or `never` to keep them.",
                "`30d`",
            ),
            k("format", "The log format.", "not written (`text`)").words(&Logs::FORMATS),
            k("level", "The application log level (JSON format).", "none").words(&Logs::LEVELS),
            k("system_level", "The Lambda system log level (JSON format).", "none").words(&Logs::SYSTEM_LEVELS),
        ],
        Block::Vpc => vec![
            k("subnets", "Subnet IDs.", "required").limit(format!("at most {}", l::SUBNETS_MAX)),
            k("security_groups", "Security group IDs.", "required")
                .limit(format!("at most {}", l::SECURITY_GROUPS_MAX)),
        ],
        Block::Concurrency => vec![
            k("reserved", "Reserved concurrent executions.", "none").limit(format!(
                "reserved across the stack above {} warns",
                l::RESERVED_CONCURRENCY_BUDGET
            )),
            k("provisioned", "Provisioned concurrency on the `live` alias.", "none")
                .limit("at least 1, at most `reserved`"),
        ],
        Block::Async => vec![
            k("retries", "Retries of a failed asynchronous invocation.", "Lambda's 2")
                .limit(format!("0–{}", l::ASYNC_RETRIES_MAX)),
            k("max_age", "How long an event may wait to be processed.", "Lambda's 6 h").limit(format!(
                "{}–{} s",
                l::ASYNC_AGE_S.0,
                l::ASYNC_AGE_S.1
            )),
            k(
                "on_success",
                "Where successful results go: a queue, topic, function or ARN.",
                "none",
            ),
            k(
                "on_failure",
                "Where failed events go: a queue, topic, function or ARN.",
                "none",
            ),
        ],
        Block::Url => vec![
            k("auth", "Who may call the URL.", "`iam`").words(&FunctionUrl::AUTH_TYPES),
            k("cors", "`cors { origins, methods, headers, max_age }`.", "no CORS"),
            k("stream", "Stream the response.", "`false`"),
        ],
        Block::Monitor => vec![
            k(
                "notify",
                "The topic (name or ARN) alarms notify.",
                "none: alarms without actions",
            ),
            k("errors", "Alarm on this many errors in a period (`false`: off).", "`1`"),
            k(
                "error_rate",
                "Alarm above this % of invocations failing (`true`: 5).",
                "off",
            )
            .limit(percent()),
            k("throttles", "Alarm on this many throttles in a period.", "`1`"),
            k(
                "duration",
                "Alarm when p99 duration passes this % of `timeout`.",
                "`80`",
            )
            .limit(percent()),
            k(
                "iterator_age",
                "Alarm when a stream's iterator age passes this.",
                "`1min`",
            ),
            k(
                "dead_letter",
                "Alarm when this many messages wait in a dead-letter queue.",
                "`1`",
            ),
            k("period", "Every alarm's period.", "`5min`")
                .limit(format!("whole minutes, up to {} day", l::ALARM_PERIOD_MAX_S / 86_400)),
        ],
        Block::S3Code => vec![
            k("bucket", "The bucket holding the code.", "required"),
            k("key", "The object key of the `.zip`.", "required"),
            k("version", "The object version.", "the latest"),
        ],
    }
}

/// The range of a percentage alarm threshold.
fn percent() -> String {
    format!("{}–{}", l::ALARM_PERCENT.0, l::ALARM_PERCENT.1)
}

/// The documentation of `key` where `ctx` is (a function's properties
/// included).
pub fn doc_at(ctx: Ctx, key: &str) -> Option<KeyDoc> {
    match ctx {
        Ctx::Function | Ctx::Defaults => find(Block::Decl(Kind::Function), key),
        Ctx::Keys(b) => find(b, key),
    }
}

/// Hover text: the key, what it belongs to, its docs, default, limits and
/// words.
pub fn render(d: &KeyDoc, owner: &str) -> String {
    let mut s = format!("**`{}`** ({owner})\n\n{}\n\n- default: {}", d.key, d.doc, d.default);
    if let Some(l) = &d.limits {
        let _ = write!(s, "\n- limits: {l}");
    }
    if !d.values.is_empty() {
        let words: Vec<String> = d.values.iter().map(|v| format!("`{v}`")).collect();
        let _ = write!(s, "\n- values: {}", words.join(", "));
    }
    s
}

impl Block {
    /// What a key of this block is called in hover: `table property`,
    /// `` `on schedule` option ``, `step setting`, `` `retry` setting ``.
    pub fn owner(self, header: &str) -> String {
        match self {
            Block::Decl(k) => format!("{} property", k.keyword()),
            Block::Stack => "stack property".to_string(),
            Block::Output => "output property".to_string(),
            Block::Param => "param property".to_string(),
            Block::Index => "index setting".to_string(),
            Block::Trigger(t) => format!("`on {}` option", t.keyword()),
            Block::Step => "step setting".to_string(),
            Block::ScheduleRetry
            | Block::DeadLetter
            | Block::Capacity
            | Block::Indexes
            | Block::UsagePlan
            | Block::Cors
            | Block::Auth
            | Block::Jwt
            | Block::LambdaAuth
            | Block::Logs
            | Block::Vpc
            | Block::Concurrency
            | Block::Async
            | Block::Url
            | Block::Monitor
            | Block::S3Code
            | Block::Steps
            | Block::Retry
            | Block::Catch
            | Block::Fail
            | Block::Branch
            | Block::Rule => format!("`{header}` setting"),
        }
    }
}
