//! Stage 2, model: the parsed files → one resolved [`Stack`].
//!
//! Every name is resolved to a declaration, every value is typed, units and
//! `var`s are applied, `defaults` are merged into functions. Problems with
//! names, references, types and units are diagnostics (`LF01xx`, `LF02xx`).
//!
//! Must not: know CloudFormation (that is `emit`), judge AWS limits (that is
//! `check`), or do I/O other than reading `.lf` files through a
//! [`load::FileReader`].

mod auth;
mod build;
mod function;
mod function_prop;
pub mod load;
mod monitor;
mod param;
mod resources;
mod rest;
mod schedule;
mod secret;
mod trigger;
mod values;
mod workflow;

pub use auth::{Auth, Jwt, LambdaAuthorizer, UserPool};
pub use function::{Architecture, AsyncConfig, CodeSource, Cors, Function, FunctionUrl, Grant, Logs, RawStatement};
pub use function_prop::{FunctionProp, VersionEffect};
pub use monitor::{AlarmKind, Monitor};
pub use param::{Param, ParamType};
pub use resources::{
    Api, Bucket, Capacity, Existing, Index, KeyAttr, Layer, Pitr, Projection, Queue, Removal, Role, Stream, Table,
    Tags, Topic,
};
pub use rest::{RestApi, UsagePlan};
pub use schedule::ScheduleOptions;
pub use secret::{Resolve, Secret, SecretStore};
pub use trigger::{Invocation, StreamOptions, Trigger, TriggerKind, TriggerType};
pub use workflow::{
    Catch, Machine, Retry, Rule, Service, ServiceAction, Step, StepKind, StepType, Test, Wait, Workflow, STEP_KINDS,
};

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use build::{build, valid_name, BuildOptions, RESERVED_NAMES};

use crate::source::Span;

/// A value with the span it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the user wrote it.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// Transforms the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.value), self.span)
    }
}

/// One stack: every declaration of every file, resolved.
#[derive(Debug, Clone, Default)]
pub struct Stack {
    /// The lf name of the stack.
    pub name: String,
    /// Template description.
    pub description: Option<Spanned<String>>,
    /// Tags applied to every taggable resource.
    pub tags: BTreeMap<String, String>,
    /// Where the stack's `tags` block is written.
    pub tags_span: Option<Span>,
    /// Declarations by name (sorted, so every later stage is deterministic).
    pub decls: BTreeMap<String, Decl>,
    /// Outputs by name.
    pub outputs: BTreeMap<String, Output>,
    /// Deploy-time parameters by name (`param`).
    pub params: BTreeMap<String, Param>,
    /// The folder of the main file; source-map paths are relative to it.
    pub root: PathBuf,
    /// For each declaration a trigger listens to, the functions listening
    /// and the index of the trigger in their `triggers` (filled by `build`).
    pub listeners: BTreeMap<String, Vec<(String, usize)>>,
    /// `dashboard = true` in the `stack` block, and the file declaring it.
    pub dashboard: Option<(Spanned<bool>, String)>,
}

impl Stack {
    /// The declaration named `name`.
    pub fn decl(&self, name: &str) -> Option<&Decl> {
        self.decls.get(name)
    }

    /// The function declared as `name`, if that is what `name` is.
    pub fn function(&self, name: &str) -> Option<&Function> {
        let DeclKind::Function(f) = &self.decl(name)?.kind else {
            return None;
        };
        Some(f)
    }

    /// The api declared as `name`, if that is what `name` is.
    pub fn api(&self, name: &str) -> Option<&Api> {
        let DeclKind::Api(a) = &self.decl(name)?.kind else {
            return None;
        };
        Some(a)
    }

    /// The queue declared as `name`, if that is what `name` is.
    pub fn queue(&self, name: &str) -> Option<&Queue> {
        let DeclKind::Queue(q) = &self.decl(name)?.kind else {
            return None;
        };
        Some(q)
    }

    /// The triggers listening to `name`: (function name, function, trigger).
    pub fn listeners_of<'s>(&'s self, name: &str) -> impl Iterator<Item = (&'s str, &'s Function, &'s Trigger)> + 's {
        self.listeners
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(move |(f, i)| {
                let func = self.function(f)?;
                func.triggers.get(*i).map(|t| (f.as_str(), func, t))
            })
    }

    /// Every reference written in a value position (function `env`, raw
    /// statements of functions and roles, outputs), in declaration order.
    pub fn refs(&self) -> Vec<&Ref> {
        let mut exprs: Vec<&Spanned<Expr>> = Vec::new();
        for d in self.decls.values() {
            let statements = match &d.kind {
                DeclKind::Function(f) => {
                    exprs.extend(f.env.values());
                    &f.statements
                }
                DeclKind::Role(r) => &r.statements,
                DeclKind::Layer(_)
                | DeclKind::Bucket(_)
                | DeclKind::Queue(_)
                | DeclKind::Topic(_)
                | DeclKind::Table(_)
                | DeclKind::Stream(_)
                | DeclKind::Api(_)
                | DeclKind::Workflow(_) => continue,
            };
            exprs.extend(statements.iter().flat_map(|s| &s.resources));
        }
        for o in self.outputs.values() {
            exprs.push(&o.value);
            exprs.extend(&o.export);
        }
        exprs.into_iter().flat_map(|e| e.value.refs()).collect()
    }

    /// Every function, by name.
    pub fn functions(&self) -> impl Iterator<Item = (&str, &Function)> {
        self.decls.keys().filter_map(|n| Some((n.as_str(), self.function(n)?)))
    }
}

/// A declaration of the stack.
#[derive(Debug, Clone)]
pub struct Decl {
    /// Its name.
    pub name: String,
    /// Where the name stands.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
    /// The file, relative to the main file's folder, for the source map.
    pub file: String,
    /// What it declares.
    pub kind: DeclKind,
}

/// The kinds of declaration.
#[derive(Debug, Clone)]
pub enum DeclKind {
    /// `function`
    Function(Box<Function>),
    /// `layer`
    Layer(Layer),
    /// `role`
    Role(Role),
    /// `bucket`
    Bucket(Bucket),
    /// `queue`
    Queue(Queue),
    /// `topic`
    Topic(Topic),
    /// `table`
    Table(Table),
    /// `stream`
    Stream(Stream),
    /// `api`
    Api(Api),
    /// `workflow`
    Workflow(Workflow),
}

/// The kind of a declaration, without its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `function`
    Function,
    /// `layer`
    Layer,
    /// `role`
    Role,
    /// `bucket`
    Bucket,
    /// `queue`
    Queue,
    /// `topic`
    Topic,
    /// `table`
    Table,
    /// `stream`
    Stream,
    /// `api`
    Api,
    /// `workflow`
    Workflow,
}

impl Kind {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Layer => "layer",
            Kind::Role => "role",
            Kind::Bucket => "bucket",
            Kind::Queue => "queue",
            Kind::Topic => "topic",
            Kind::Table => "table",
            Kind::Stream => "stream",
            Kind::Api => "api",
            Kind::Workflow => "workflow",
        }
    }

    /// The kind a declaration keyword names (`queue` → `Kind::Queue`).
    pub fn from_keyword(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.keyword() == word)
    }

    /// Every kind lfc implements.
    pub const ALL: [Kind; 10] = [
        Kind::Function,
        Kind::Layer,
        Kind::Role,
        Kind::Bucket,
        Kind::Queue,
        Kind::Topic,
        Kind::Table,
        Kind::Stream,
        Kind::Api,
        Kind::Workflow,
    ];

    /// The attributes a reference may name; the first is the default.
    pub fn attributes(self) -> &'static [Attr] {
        match self {
            Kind::Function => &[Attr::Arn, Attr::Name, Attr::Url],
            Kind::Layer => &[Attr::Arn],
            Kind::Role | Kind::Topic | Kind::Workflow => &[Attr::Arn, Attr::Name],
            Kind::Bucket | Kind::Table | Kind::Stream => {
                if self == Kind::Table {
                    &[Attr::Name, Attr::Arn, Attr::StreamArn]
                } else {
                    &[Attr::Name, Attr::Arn]
                }
            }
            Kind::Queue => &[Attr::Url, Attr::Arn, Attr::Name],
            Kind::Api => &[Attr::Url, Attr::Id],
        }
    }

    /// The logical-ID suffix of the declaration's main resource.
    pub fn id_suffix(self) -> &'static str {
        match self {
            Kind::Function => "Function",
            Kind::Layer => "Layer",
            Kind::Role => "Role",
            Kind::Bucket => "Bucket",
            Kind::Queue => "Queue",
            Kind::Topic => "Topic",
            Kind::Table => "Table",
            Kind::Stream => "Stream",
            Kind::Api => "Api",
            Kind::Workflow => "Workflow",
        }
    }
}

impl DeclKind {
    /// The kind without contents.
    pub fn kind(&self) -> Kind {
        match self {
            DeclKind::Function(_) => Kind::Function,
            DeclKind::Layer(_) => Kind::Layer,
            DeclKind::Role(_) => Kind::Role,
            DeclKind::Bucket(_) => Kind::Bucket,
            DeclKind::Queue(_) => Kind::Queue,
            DeclKind::Topic(_) => Kind::Topic,
            DeclKind::Table(_) => Kind::Table,
            DeclKind::Stream(_) => Kind::Stream,
            DeclKind::Api(_) => Kind::Api,
            DeclKind::Workflow(_) => Kind::Workflow,
        }
    }

    /// Its `on …` statements (none for kinds that take no triggers).
    pub fn triggers(&self) -> &[Trigger] {
        match self {
            DeclKind::Function(f) => &f.triggers,
            DeclKind::Queue(q) => &q.triggers,
            DeclKind::Topic(t) => &t.triggers,
            DeclKind::Workflow(w) => &w.triggers,
            DeclKind::Layer(_)
            | DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Api(_) => &[],
        }
    }

    /// The `tags` a resource declaration carries over the stack's: `None`
    /// for functions (whose tags also come from `defaults`, §4.2) and
    /// layers (which take none).
    pub fn own_tags(&self) -> Option<&Tags> {
        match self {
            DeclKind::Function(_) | DeclKind::Layer(_) => None,
            DeclKind::Role(r) => Some(&r.tags),
            DeclKind::Bucket(b) => Some(&b.tags),
            DeclKind::Queue(q) => Some(&q.tags),
            DeclKind::Topic(t) => Some(&t.tags),
            DeclKind::Table(t) => Some(&t.tags),
            DeclKind::Stream(s) => Some(&s.tags),
            DeclKind::Api(a) => Some(&a.tags),
            DeclKind::Workflow(w) => Some(&w.tags),
        }
    }
}

/// An attribute of a declaration that a reference can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attr {
    /// `arn`
    Arn,
    /// `name`
    Name,
    /// `url`
    Url,
    /// `id`
    Id,
    /// `stream_arn`
    StreamArn,
}

impl Attr {
    /// The attribute as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Attr::Arn => "arn",
            Attr::Name => "name",
            Attr::Url => "url",
            Attr::Id => "id",
            Attr::StreamArn => "stream_arn",
        }
    }
}

/// A deploy-time value known to CloudFormation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pseudo {
    /// `stack.name` → `AWS::StackName`
    StackName,
    /// `aws.region`
    Region,
    /// `aws.account_id`
    AccountId,
    /// `aws.partition`
    Partition,
    /// `aws.url_suffix`
    UrlSuffix,
}

impl Pseudo {
    /// The CloudFormation pseudo parameter.
    pub fn cfn_name(self) -> &'static str {
        match self {
            Pseudo::StackName => "AWS::StackName",
            Pseudo::Region => "AWS::Region",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// A reference to an attribute of a declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    /// The declaration's name.
    pub target: String,
    /// The attribute.
    pub attr: Attr,
    /// Where the reference is written.
    pub span: Span,
}

/// A value in a value position, after `var` substitution.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Literal text.
    Str(String),
    /// A reference to a declaration of the stack.
    Ref(Ref),
    /// A pseudo parameter.
    Pseudo(Pseudo),
    /// Parts joined into one string (interpolation).
    Concat(Vec<Expr>),
    /// `secret("…")` or `parameter("…")` (only in `env`).
    Secret(Box<Secret>),
    /// `param.NAME`: a deploy-time parameter of the stack.
    Param(String),
}

impl Expr {
    /// Every reference inside.
    pub fn refs(&self) -> Vec<&Ref> {
        match self {
            Expr::Ref(r) => vec![r],
            Expr::Concat(parts) => parts.iter().flat_map(Expr::refs).collect(),
            Expr::Str(_) | Expr::Pseudo(_) | Expr::Param(_) | Expr::Secret(_) => Vec::new(),
        }
    }

    /// The text, when it is known at compile time.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            Expr::Ref(_) | Expr::Pseudo(_) | Expr::Concat(_) | Expr::Secret(_) | Expr::Param(_) => None,
        }
    }

    /// The parameters it names.
    pub fn params(&self) -> Vec<&str> {
        match self {
            Expr::Param(p) => vec![p.as_str()],
            Expr::Concat(parts) => parts.iter().flat_map(Expr::params).collect(),
            Expr::Str(_) | Expr::Pseudo(_) | Expr::Ref(_) | Expr::Secret(_) => Vec::new(),
        }
    }

    /// Parts joined into one flat expression: nested concatenations opened,
    /// adjacent text merged, empty text dropped.
    pub fn concat(parts: impl IntoIterator<Item = Expr>) -> Expr {
        let mut out: Vec<Expr> = Vec::new();
        for part in parts {
            let items = match part {
                Expr::Concat(inner) => inner,
                other => vec![other],
            };
            for p in items {
                match (out.last_mut(), p) {
                    (Some(Expr::Str(a)), Expr::Str(b)) => a.push_str(&b),
                    (_, Expr::Str(b)) if b.is_empty() => {}
                    (_, p) => out.push(p),
                }
            }
        }
        match out.len() {
            0 => Expr::Str(String::new()),
            1 => out.remove(0),
            _ => Expr::Concat(out),
        }
    }

    /// The text with every deploy-time part written as `*`, for checks
    /// that look at the shape of an ARN (`arn:*:lambda:*:…`).
    pub fn shape(&self) -> String {
        match self {
            Expr::Str(s) => s.clone(),
            Expr::Concat(parts) => parts.iter().map(Expr::shape).collect(),
            Expr::Ref(_) | Expr::Pseudo(_) | Expr::Param(_) | Expr::Secret(_) => "*".into(),
        }
    }
}

/// A typed slot that names a declaration of the stack or an ARN string.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A declaration of the stack.
    Decl(Spanned<String>),
    /// An ARN (or other identifier) given as a string; it may interpolate
    /// `aws.*`, `stack.name` and `param.*` (deploy-time values).
    Arn(Spanned<Expr>),
}

impl Target {
    /// Where it is written.
    pub fn span(&self) -> Span {
        match self {
            Target::Decl(s) => s.span,
            Target::Arn(s) => s.span,
        }
    }
}

/// The service a dead-letter queue, destination or on-failure target
/// delivers to: the one list `check` (which services a slot allows) and
/// `emit` (the statement that lets the function deliver) match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryService {
    /// An SQS queue.
    Sqs,
    /// An SNS topic.
    Sns,
    /// A Lambda function.
    Lambda,
    /// An EventBridge bus.
    Events,
    /// An S3 bucket (stream mappings' on-failure only).
    S3,
}

impl DeliveryService {
    /// Every service, in the order `check`'s help lists them.
    pub const ALL: [DeliveryService; 5] = [Self::Sqs, Self::Sns, Self::Lambda, Self::Events, Self::S3];

    /// The service as an ARN writes it (`arn:aws:sqs:…`).
    pub fn word(self) -> &'static str {
        match self {
            DeliveryService::Sqs => "sqs",
            DeliveryService::Sns => "sns",
            DeliveryService::Lambda => "lambda",
            DeliveryService::Events => "events",
            DeliveryService::S3 => "s3",
        }
    }

    /// The service of an ARN's shape (`arn:<partition>:<service>:…`), if it
    /// is one of these.
    pub fn of_arn(shape: &str) -> Option<DeliveryService> {
        let service = shape.strip_prefix("arn:")?.split(':').nth(1)?;
        Self::ALL.into_iter().find(|s| s.word() == service)
    }
}

/// `output`
#[derive(Debug, Clone)]
pub struct Output {
    /// The value.
    pub value: Spanned<Expr>,
    /// Export name.
    pub export: Option<Spanned<Expr>>,
    /// Description.
    pub description: Option<String>,
    /// The output's name span.
    pub span: Span,
    /// The file, for the source map.
    pub file: String,
}

/// `PascalCase` of a name: split at `_`, first letter of each part upper-cased.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_') {
        let mut c = part.chars();
        if let Some(first) = c.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pascal_case_splits_at_underscores() {
        assert_eq!(super::pascal_case("image_processor"), "ImageProcessor");
        assert_eq!(super::pascal_case("a_1b"), "A1b");
    }

    #[test]
    fn all_lists_every_delivery_service_once_and_arns_read_back() {
        use super::DeliveryService as D;
        // Adding a variant breaks this match until it is handled here, and the
        // position check then fails until `ALL` holds it.
        let position = |d: D| match d {
            D::Sqs => 0,
            D::Sns => 1,
            D::Lambda => 2,
            D::Events => 3,
            D::S3 => 4,
        };
        for (i, d) in D::ALL.into_iter().enumerate() {
            assert_eq!(position(d), i);
            assert_eq!(D::of_arn(&format!("arn:aws:{}:*:*:x", d.word())), Some(d));
        }
        assert_eq!(D::of_arn("arn:aws:ec2:*:*:x"), None);
        assert_eq!(D::of_arn("sqs:x"), None);
    }
}
