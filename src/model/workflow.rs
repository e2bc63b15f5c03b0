//! Workflows as the model holds them: a Step Functions state machine of
//! named steps (a task, a service call, a choice, branches, a map, a wait…),
//! each with where it goes next, its retries and its catchers.
//!
//! Plain data: reading is `build/workflow.rs`', judging `check/workflow.rs`',
//! writing the Amazon States Language `emit/workflow.rs`'.

use super::{Kind, Spanned, Trigger};
use crate::source::Span;

/// `workflow`
#[derive(Debug, Clone)]
pub struct Workflow {
    /// `name = "…"`: the state machine's name.
    pub name: Option<Spanned<String>>,
    /// Where `type = express` is written; `None` for a standard workflow.
    pub express: Option<Span>,
    /// The workflow's `retry`: every task and map or parallel step without
    /// a `retry` of its own gets it.
    pub retry: Retry,
    /// The steps.
    pub machine: Machine,
    /// `on schedule` / `on event` starting it.
    pub triggers: Vec<Trigger>,
    /// Own tags.
    pub tags: super::Tags,
}

impl Workflow {
    /// The words `type` takes: a standard or an express workflow.
    pub const TYPES: [&'static str; 2] = ["standard", "express"];

    /// Every declaration a step names (functions, topics, queues, tables),
    /// where it is named, in order, branches and maps included.
    pub fn targets(&self) -> Vec<&Spanned<String>> {
        let mut out = Vec::new();
        self.machine.visit(&mut |s| match &s.kind {
            StepKind::Invoke(f) => out.push(f),
            StepKind::Service(svc) => out.push(&svc.target),
            StepKind::Choice { .. }
            | StepKind::Parallel(_)
            | StepKind::Map { .. }
            | StepKind::Wait(_)
            | StepKind::Pass
            | StepKind::Succeed
            | StepKind::Fail { .. } => {}
        });
        out
    }
}

/// The steps of a workflow, of one parallel branch or of a map's iteration.
#[derive(Debug, Clone)]
pub struct Machine {
    /// The first step (`start`, or the first step written).
    pub start: Option<Spanned<String>>,
    /// The steps in the order written.
    pub steps: Vec<Step>,
    /// Where `steps` is written.
    pub span: Span,
}

impl Machine {
    /// Calls `f` on every step, those of branches and maps included
    /// (each step before the steps inside it).
    pub fn visit<'m>(&'m self, f: &mut dyn FnMut(&'m Step)) {
        for s in &self.steps {
            f(s);
            for m in s.kind.machines() {
                m.visit(f);
            }
        }
    }
}

/// One step (a state of the state machine).
#[derive(Debug, Clone)]
pub struct Step {
    /// The state's name: the function's name in `steps = [..]`, the key in
    /// `steps { NAME { … } }`.
    pub name: Spanned<String>,
    /// What it does.
    pub kind: StepKind,
    /// Where it goes next: `next`, else the step written after it; `None`
    /// for `end = true`, the last step, and kinds that never go on.
    pub next: Option<Spanned<String>>,
    /// Where `end = true` is written.
    pub end: Option<Span>,
    /// `retry`; `None`: the workflow's for tasks, none for other kinds.
    pub retry: Option<Vec<Retry>>,
    /// `catch`, in order.
    pub catch: Vec<Catch>,
    /// `timeout`, seconds.
    pub timeout: Option<Spanned<u64>>,
    /// `heartbeat`, seconds.
    pub heartbeat: Option<Spanned<u64>>,
    /// Where `callback = true` is written: wait for a task token.
    pub callback: Option<Span>,
    /// `result`: where the step's result goes in its input (`ResultPath`).
    pub result: Option<Spanned<String>>,
}

impl Step {
    /// A step that only names its kind (no transitions or settings yet).
    pub fn new(name: Spanned<String>, kind: StepKind) -> Self {
        Step {
            name,
            kind,
            next: None,
            end: None,
            retry: None,
            catch: Vec::new(),
            timeout: None,
            heartbeat: None,
            callback: None,
            result: None,
        }
    }
}

/// The kind of a step without its settings: what its kind key selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepType {
    /// `invoke = FUNCTION`
    Invoke,
    /// `publish`, `send`, `get`, `put`
    Service(ServiceAction),
    /// `choice = [rules]`
    Choice,
    /// `parallel = [branches]`
    Parallel,
    /// `map = "$.items"`
    Map,
    /// `wait = …`
    Wait,
    /// `pass = true`
    Pass,
    /// `succeed = true`
    Succeed,
    /// `fail = { … }`
    Fail,
}

impl StepType {
    /// Every step kind, in the order the language reference lists them.
    pub const ALL: [StepType; 12] = [
        StepType::Invoke,
        StepType::Service(ServiceAction::Publish),
        StepType::Service(ServiceAction::Send),
        StepType::Service(ServiceAction::Get),
        StepType::Service(ServiceAction::Put),
        StepType::Choice,
        StepType::Parallel,
        StepType::Map,
        StepType::Wait,
        StepType::Pass,
        StepType::Succeed,
        StepType::Fail,
    ];

    /// The key that selects it in a step block.
    pub const fn keyword(self) -> &'static str {
        match self {
            StepType::Invoke => "invoke",
            StepType::Service(a) => a.keyword(),
            StepType::Choice => "choice",
            StepType::Parallel => "parallel",
            StepType::Map => "map",
            StepType::Wait => "wait",
            StepType::Pass => "pass",
            StepType::Succeed => "succeed",
            StepType::Fail => "fail",
        }
    }
}

/// The keys that select a step's kind (the keywords of [`StepType::ALL`]);
/// a step block holds exactly one.
pub const STEP_KINDS: [&str; StepType::ALL.len()] = {
    let mut out = [""; StepType::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = StepType::ALL[i].keyword();
        i += 1;
    }
    out
};

/// What a step does.
#[derive(Debug, Clone)]
pub enum StepKind {
    /// `invoke = FUNCTION`
    Invoke(Spanned<String>),
    /// `publish = TOPIC`, `send = QUEUE`, `get = TABLE`, `put = TABLE`
    Service(Service),
    /// `choice = [rules]`, `otherwise = STEP`
    Choice {
        /// The rules, tried in order.
        rules: Vec<Rule>,
        /// Where to go when no rule matches.
        otherwise: Option<Spanned<String>>,
    },
    /// `parallel = [{ steps … }, …]`
    Parallel(Vec<Machine>),
    /// `map = "$.items"` with its own `steps`
    Map {
        /// The path of the list to iterate over.
        items: Spanned<String>,
        /// `concurrency`: iterations at once (0: as many as possible).
        concurrency: Option<Spanned<u64>>,
        /// The steps run for each item.
        machine: Machine,
    },
    /// `wait = 30s` or `wait = "$.timestamp"`
    Wait(Wait),
    /// `pass = true`: passes its input on.
    Pass,
    /// `succeed = true`
    Succeed,
    /// `fail { error, cause }`
    Fail {
        /// The error name.
        error: Option<Spanned<String>>,
        /// The human-readable cause.
        cause: Option<Spanned<String>>,
    },
}

impl StepKind {
    /// Its kind without its settings.
    pub fn ty(&self) -> StepType {
        match self {
            StepKind::Invoke(_) => StepType::Invoke,
            StepKind::Service(s) => StepType::Service(s.action),
            StepKind::Choice { .. } => StepType::Choice,
            StepKind::Parallel(_) => StepType::Parallel,
            StepKind::Map { .. } => StepType::Map,
            StepKind::Wait(_) => StepType::Wait,
            StepKind::Pass => StepType::Pass,
            StepKind::Succeed => StepType::Succeed,
            StepKind::Fail { .. } => StepType::Fail,
        }
    }

    /// The key that selects this kind in a step block.
    pub fn keyword(&self) -> &'static str {
        self.ty().keyword()
    }

    /// The nested step lists (branches, a map's iteration).
    pub fn machines(&self) -> &[Machine] {
        match self {
            StepKind::Parallel(branches) => branches,
            StepKind::Map { machine, .. } => std::slice::from_ref(machine),
            StepKind::Invoke(_)
            | StepKind::Service(_)
            | StepKind::Choice { .. }
            | StepKind::Wait(_)
            | StepKind::Pass
            | StepKind::Succeed
            | StepKind::Fail { .. } => &[],
        }
    }

    /// True for steps that go on to a next step (all but choice, succeed, fail).
    pub fn goes_on(&self) -> bool {
        match self {
            StepKind::Choice { .. } | StepKind::Succeed | StepKind::Fail { .. } => false,
            StepKind::Invoke(_)
            | StepKind::Service(_)
            | StepKind::Parallel(_)
            | StepKind::Map { .. }
            | StepKind::Wait(_)
            | StepKind::Pass => true,
        }
    }
}

/// A service task: one AWS API call on one declared resource.
#[derive(Debug, Clone)]
pub struct Service {
    /// Which call.
    pub action: ServiceAction,
    /// The topic, queue or table.
    pub target: Spanned<String>,
    /// `message`, `key` or `item`: where the call's data is in the input.
    pub path: Option<Spanned<String>>,
}

/// The service calls a step can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAction {
    /// `publish = TOPIC`: SNS Publish.
    Publish,
    /// `send = QUEUE`: SQS SendMessage.
    Send,
    /// `get = TABLE`: DynamoDB GetItem.
    Get,
    /// `put = TABLE`: DynamoDB PutItem.
    Put,
}

impl ServiceAction {
    /// Every service call.
    pub const ALL: [ServiceAction; 4] = [
        ServiceAction::Publish,
        ServiceAction::Send,
        ServiceAction::Get,
        ServiceAction::Put,
    ];

    /// The key that selects it in a step block.
    pub const fn keyword(self) -> &'static str {
        match self {
            ServiceAction::Publish => "publish",
            ServiceAction::Send => "send",
            ServiceAction::Get => "get",
            ServiceAction::Put => "put",
        }
    }

    /// The kind of declaration it acts on.
    pub fn target_kind(self) -> Kind {
        match self {
            ServiceAction::Publish => Kind::Topic,
            ServiceAction::Send => Kind::Queue,
            ServiceAction::Get | ServiceAction::Put => Kind::Table,
        }
    }

    /// The key naming the path of its data, and whether it is required.
    pub fn path_key(self) -> (&'static str, bool) {
        match self {
            ServiceAction::Publish | ServiceAction::Send => ("message", false),
            ServiceAction::Get => ("key", true),
            ServiceAction::Put => ("item", true),
        }
    }

    /// True when Step Functions can wait for a task token on it.
    pub fn takes_callback(self) -> bool {
        match self {
            ServiceAction::Publish | ServiceAction::Send => true,
            ServiceAction::Get | ServiceAction::Put => false,
        }
    }
}

/// How long a `wait` step waits.
#[derive(Debug, Clone)]
pub enum Wait {
    /// A duration, seconds.
    Seconds(Spanned<u64>),
    /// Until the timestamp at this path of the input.
    Until(Spanned<String>),
}

/// A retrier: which errors, how often, how far apart.
#[derive(Debug, Clone)]
pub struct Retry {
    /// Error names (`States.ALL` when none are written).
    pub errors: Vec<Spanned<String>>,
    /// Retries after the first run (`MaxAttempts`).
    pub attempts: u64,
    /// First retry interval, seconds.
    pub interval: u64,
    /// Backoff multiplier (at the retrier's span when not written).
    pub backoff: Spanned<f64>,
    /// Where it is written (the workflow's name for the default one).
    pub span: Span,
}

/// A catcher: which errors, and the step that handles them.
#[derive(Debug, Clone)]
pub struct Catch {
    /// Error names (`States.ALL` when none are written).
    pub errors: Vec<Spanned<String>>,
    /// The step to go to.
    pub next: Option<Spanned<String>>,
    /// `result`: where the error goes in the input (`ResultPath`).
    pub result: Option<Spanned<String>>,
    /// Where it is written.
    pub span: Span,
}

/// One rule of a `choice`: a comparison on a path, and where to go.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `path`: the value compared.
    pub path: Option<Spanned<String>>,
    /// The comparisons written (exactly one is valid).
    pub tests: Vec<(Test, Spanned<serde_json::Value>)>,
    /// `next`: the step when it matches.
    pub next: Option<Spanned<String>>,
    /// The whole rule.
    pub span: Span,
}

/// A comparison of a choice rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    /// `equals = "text" | 12 | true`
    Equals,
    /// `above = N`
    Above,
    /// `below = N`
    Below,
    /// `at_least = N`
    AtLeast,
    /// `at_most = N`
    AtMost,
    /// `matches = "glob*"`
    Matches,
    /// `present = true | false`
    Present,
}

impl Test {
    /// Every comparison.
    pub const ALL: [Test; 7] = [
        Test::Equals,
        Test::Above,
        Test::Below,
        Test::AtLeast,
        Test::AtMost,
        Test::Matches,
        Test::Present,
    ];

    /// The key as written in a rule.
    pub fn key(self) -> &'static str {
        match self {
            Test::Equals => "equals",
            Test::Above => "above",
            Test::Below => "below",
            Test::AtLeast => "at_least",
            Test::AtMost => "at_most",
            Test::Matches => "matches",
            Test::Present => "present",
        }
    }
}
