//! Wiring: how declarations refer to each other in the template. It decides
//! which declarations are written by a name or ARN lfc knows rather than by
//! `Ref`/`Fn::GetAtt` (existing resources, named buckets, buckets `on s3`
//! notifies), which statements go into a separate policy (those on functions
//! and workflows), and from these the [`Wire`]s: the references between
//! declarations that CloudFormation sees as dependencies. Emit writes
//! references by these rules; `graph` looks for cycles among the wires.
//!
//! Must not: validate, resolve names, or build resources.

use std::collections::BTreeSet;

use crate::model::{DeclKind, Kind, Stack, Target, TriggerKind};
use crate::source::Span;

/// Why one declaration refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A function's `env` value.
    Env,
    /// A function's `layers`.
    Layer,
    /// A function's `role`.
    Role,
    /// A function's `dead_letter`.
    DeadLetter,
    /// A workflow's step.
    Step,
    /// A queue's `dead_letter` (its redrive policy).
    Redrive,
    /// A resource of a role's `statement` (not on a function or workflow).
    Statement,
}

/// One reference from a declaration to another that CloudFormation sees
/// as a dependency of the first on the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// The declaration that refers.
    pub from: String,
    /// The declaration referred to.
    pub to: String,
    /// Where the reference is written.
    pub span: Span,
    /// Why.
    pub via: Via,
}

/// The wiring of one stack, computed once per stage that needs it.
#[derive(Debug, Clone, Default)]
pub struct Wiring {
    /// Declarations written by a name or ARN lfc knows, never by reference.
    by_name: BTreeSet<String>,
    /// Every wire, in declaration order.
    wires: Vec<Wire>,
}

impl Wiring {
    /// The wiring of `stack`.
    pub fn of(stack: &Stack) -> Wiring {
        let by_name = stack
            .decls
            .iter()
            .filter(|(name, d)| written_by_name(stack, name, &d.kind))
            .map(|(name, _)| name.clone())
            .collect();
        let mut w = Wiring {
            by_name,
            wires: Vec::new(),
        };
        w.wires = wires(stack, &w);
        w
    }

    /// True when `name` is written by a name or ARN lfc knows (so nothing
    /// depends on it), false when it is referred to by `Ref`/`Fn::GetAtt`.
    pub fn by_name(&self, name: &str) -> bool {
        self.by_name.contains(name)
    }

    /// The references between declarations that are dependencies.
    pub fn wires(&self) -> &[Wire] {
        &self.wires
    }
}

/// True when statements on a declaration of `kind` go into a separate
/// policy: functions and workflows, which may refer to the role's holder,
/// so a role never closes a dependency cycle.
pub fn in_separate_policy(kind: Kind) -> bool {
    match kind {
        Kind::Function | Kind::Workflow => true,
        Kind::Layer
        | Kind::Role
        | Kind::Bucket
        | Kind::Queue
        | Kind::Topic
        | Kind::Table
        | Kind::Stream
        | Kind::Api => false,
    }
}

/// See [`Wiring::by_name`]. A bucket `on s3` notifies gets a name from lfc
/// because the bucket's notifications refer to the function, which then
/// must not refer back to the bucket.
fn written_by_name(stack: &Stack, name: &str, kind: &DeclKind) -> bool {
    match kind {
        DeclKind::Bucket(b) => b.existing.is_some() || b.name.is_some() || notified(stack, name),
        DeclKind::Queue(q) => q.existing.is_some(),
        DeclKind::Topic(t) => t.existing.is_some(),
        DeclKind::Table(t) => t.existing.is_some(),
        DeclKind::Stream(s) => s.existing.is_some(),
        DeclKind::Function(_) | DeclKind::Layer(_) | DeclKind::Role(_) | DeclKind::Api(_) | DeclKind::Workflow(_) => {
            false
        }
    }
}

/// True when an `on s3` trigger listens to `bucket`.
fn notified(stack: &Stack, bucket: &str) -> bool {
    stack.listeners_of(bucket).any(|(_, _, t)| match &t.kind {
        TriggerKind::S3 { .. } => true,
        TriggerKind::Http { .. }
        | TriggerKind::Schedule { .. }
        | TriggerKind::Sqs { .. }
        | TriggerKind::Sns { .. }
        | TriggerKind::Dynamodb { .. }
        | TriggerKind::Kinesis { .. }
        | TriggerKind::Event { .. } => false,
    })
}

/// The wires of every declaration. References that cannot be dependencies
/// are left out: to declarations written by name, and (for the kinds not
/// listed) through resources of their own, such as trigger mappings,
/// subscriptions and separate policies, which nothing else refers to.
fn wires(stack: &Stack, wiring: &Wiring) -> Vec<Wire> {
    let mut out = Vec::new();
    let mut push = |from: &str, to: &str, span: Span, via: Via| {
        if !wiring.by_name(to) {
            out.push(Wire {
                from: from.to_string(),
                to: to.to_string(),
                span,
                via,
            });
        }
    };
    for (name, decl) in &stack.decls {
        match &decl.kind {
            DeclKind::Function(f) => {
                for v in f.env.values() {
                    for r in v.value.refs() {
                        push(name, &r.target, r.span, Via::Env);
                    }
                }
                let targets = (f.layers.iter().map(|t| (t, Via::Layer)))
                    .chain(f.role.iter().map(|t| (t, Via::Role)))
                    .chain(f.dead_letter.iter().map(|t| (t, Via::DeadLetter)));
                for (t, via) in targets {
                    if let Target::Decl(n) = t {
                        push(name, &n.value, n.span, via);
                    }
                }
            }
            DeclKind::Workflow(w) => {
                for t in w.targets() {
                    push(name, &t.value, t.span, Via::Step);
                }
            }
            DeclKind::Queue(q) => {
                if let Some((d, _)) = &q.dead_letter {
                    push(name, &d.value, d.span, Via::Redrive);
                }
            }
            DeclKind::Role(r) => {
                for x in r
                    .statements
                    .iter()
                    .flat_map(|s| &s.resources)
                    .flat_map(|res| res.value.refs())
                {
                    let kind = stack.decl(&x.target).map(|d| d.kind.kind());
                    if !kind.is_some_and(in_separate_policy) {
                        push(name, &x.target, x.span, Via::Statement);
                    }
                }
            }
            DeclKind::Layer(_)
            | DeclKind::Bucket(_)
            | DeclKind::Topic(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Api(_) => {}
        }
    }
    out
}
