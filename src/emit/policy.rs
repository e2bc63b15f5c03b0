//! Policies: every statement a function's role must hold (logs, polling,
//! grants, destinations, tracing, VPC, KMS, raw statements), the function's
//! own role or its share of a declared one, and declared roles. Statements
//! that point at functions or workflows go into a separate policy so a role
//! never closes a dependency cycle.
//!
//! Must not: validate (wildcards and unknown actions are `check`'s) or
//! resolve names (the model did).

use serde_json::json;

use super::cfn::{get_att, Resource, UnmanagedRole};
use super::function::FunctionSite;
use super::iam::{self, Statement};
use super::wiring::in_separate_policy;
use super::{decl_id, source, Emitter};
use crate::data::grants;
use crate::model::{
    pascal_case, Decl, DeclKind, DeliveryService, Function, Grant, Invocation, Kind, RawStatement, Role, Target,
};

impl Emitter<'_> {
    /// The role a function runs as: its own (with a separate policy when
    /// needed), a declared one (which collects `needs`), or an external ARN
    /// (warned about when it must allow something). Returns the role's ARN
    /// and the separate policy holding the function's statements, if any.
    pub(super) fn function_role(
        &mut self,
        site: &FunctionSite,
        f: &Function,
        needs: Vec<Statement>,
    ) -> (serde_json::Value, Option<String>) {
        let (p, span) = (&site.p, site.decl.name_span);
        match &f.role {
            None => {
                let role_id = format!("{p}Role");
                let (inline, separate) = split_separate(needs);
                let role = iam::role(
                    "lambda.amazonaws.com",
                    &inline,
                    site.tags.clone(),
                    Resource::new("AWS::IAM::Role", site.src.clone()),
                );
                self.add(role_id.clone(), role, span);
                let mut separate_policy = None;
                if !separate.is_empty() {
                    let pol = iam::policy(
                        &format!("{p}Policy"),
                        &role_id,
                        &separate,
                        Resource::new("AWS::IAM::Policy", site.src.clone()),
                    );
                    self.add(format!("{p}Policy"), pol, span);
                    separate_policy = Some(format!("{p}Policy"));
                }
                (get_att(&role_id, "Arn"), separate_policy)
            }
            Some(Target::Decl(r)) => {
                let (inline, separate) = split_separate(needs);
                let separate_policy = (!separate.is_empty()).then(|| format!("{}Policy", pascal_case(&r.value)));
                let entry = self.role_needs.entry(r.value.clone()).or_default();
                entry.0.extend(inline);
                entry.1.extend(separate);
                (get_att(&decl_id(&r.value, Kind::Role), "Arn"), separate_policy)
            }
            Some(Target::Arn(arn)) => {
                if !needs.is_empty() {
                    self.t.unmanaged_roles.push(UnmanagedRole {
                        span: arn.span,
                        needs: needs.iter().map(Statement::summary).collect(),
                    });
                }
                (self.expr(&arn.value), None)
            }
        }
    }

    /// Every statement the function's role must hold.
    pub(super) fn function_needs(&mut self, f: &Function, log_group_id: &str) -> Vec<Statement> {
        let mut out = vec![Statement::new(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![get_att(log_group_id, "Arn")],
        )];
        for t in &f.triggers {
            // A polled source is read with the function's role.
            let polled = t.source().filter(|_| t.ty().invocation() == Invocation::Polled);
            if let Some(source) = polled {
                let arn = self.source_arn(t.ty(), source);
                out.push(Statement::new(grants::polling_actions(t.ty()), vec![arn]));
            }
            if let Some(f) = t.kind.stream_options().and_then(|o| o.on_failure.as_ref()) {
                out.extend(self.send_statement(f));
            }
        }
        for g in &f.grants {
            out.extend(self.grant_statements(g));
        }
        if let Some(dl) = &f.dead_letter {
            out.extend(self.send_statement(dl));
        }
        if let Some(a) = &f.async_config {
            for t in [&a.on_success, &a.on_failure].into_iter().flatten() {
                out.extend(self.send_statement(t));
            }
        }
        if f.tracing.is_some() {
            out.push(Statement::new(
                &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                vec![json!("*")],
            ));
        }
        if !f.subnets.is_empty() || !f.security_groups.is_empty() {
            out.push(Statement::new(
                &[
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeSubnets",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses",
                ],
                vec![json!("*")],
            ));
        }
        if let Some(k) = &f.kms_key {
            out.push(Statement::new(&["kms:Decrypt"], vec![json!(k.value)]));
        }
        out.extend(super::secrets::read_statements(f));
        out.extend(super::insights::statement(f));
        for raw in &f.statements {
            out.push(self.raw_statement(raw));
        }
        out
    }

    /// Permission to deliver to a DLQ or destination.
    fn send_statement(&mut self, t: &Target) -> Vec<Statement> {
        let arn = self.target_arn(t);
        let shape = match t {
            Target::Arn(s) => s.value.shape(),
            Target::Decl(_) => String::new(),
        };
        let service = match t {
            Target::Decl(n) => match self.kind_of(&n.value).map(DeclKind::kind) {
                Some(Kind::Topic) => DeliveryService::Sns,
                Some(Kind::Function) => DeliveryService::Lambda,
                // `check` allows queues, topics and functions here.
                Some(
                    Kind::Queue
                    | Kind::Layer
                    | Kind::Role
                    | Kind::Bucket
                    | Kind::Table
                    | Kind::Stream
                    | Kind::Api
                    | Kind::Workflow,
                )
                | None => DeliveryService::Sqs,
            },
            // `check` allows only the services of `DeliveryService`.
            Target::Arn(_) => DeliveryService::of_arn(&shape).unwrap_or(DeliveryService::Sqs),
        };
        let mut s = match service {
            DeliveryService::Sns => Statement::new(&["sns:Publish"], vec![arn]),
            DeliveryService::Lambda => Statement::new(&["lambda:InvokeFunction"], vec![arn]),
            DeliveryService::Events => Statement::new(&["events:PutEvents"], vec![arn]),
            DeliveryService::S3 => {
                return vec![
                    iam::scoped(grants::Scope::Objects, &["s3:PutObject"], &arn, None),
                    Statement::new(&["s3:ListBucket"], vec![arn]),
                ]
            }
            DeliveryService::Sqs => Statement::new(&["sqs:SendMessage"], vec![arn]),
        };
        s.separate = matches!(t, Target::Decl(_)) && service == DeliveryService::Lambda;
        vec![s]
    }

    /// The statements of one `allow VERB TARGET` grant.
    fn grant_statements(&mut self, g: &Grant) -> Vec<Statement> {
        let Some(kind) = self.kind_of(&g.target.value).map(DeclKind::kind) else {
            return Vec::new();
        };
        let arn = self.arn_of(&g.target.value);
        let pattern = g.pattern.as_ref().map(|p| p.value.clone());
        let mut out = Vec::new();
        for verb in &g.verbs {
            for groups in grants::actions(kind, &verb.value).unwrap_or(&[]) {
                for (scope, actions) in groups.iter() {
                    let mut s = iam::scoped(*scope, actions, &arn, pattern.as_deref());
                    s.separate = in_separate_policy(kind);
                    out.push(s);
                }
            }
        }
        out
    }

    /// A `statement { … }` written by hand.
    fn raw_statement(&mut self, raw: &RawStatement) -> Statement {
        let actions: Vec<&str> = raw.actions.iter().map(|a| a.value.as_str()).collect();
        let mut separate = false;
        let resources = raw
            .resources
            .iter()
            .map(|r| {
                separate |= r.value.refs().iter().any(|x| {
                    self.kind_of(&x.target)
                        .map(DeclKind::kind)
                        .is_some_and(in_separate_policy)
                });
                self.expr(&r.value)
            })
            .collect();
        let mut s = Statement::new(&actions, resources);
        s.separate = separate;
        s
    }

    /// A declared role: its own grants and statements plus what the
    /// functions using it need, each statement once.
    pub(super) fn role(&mut self, name: &str, decl: &Decl, role: &Role) {
        let src = source(decl, &format!("role.{name}"));
        let mut stmts = Vec::new();
        for g in &role.grants {
            stmts.extend(self.grant_statements(g));
        }
        for raw in &role.statements {
            stmts.push(self.raw_statement(raw));
        }
        let (mut inline, mut separate) = split_separate(stmts);
        if let Some((i, s)) = self.role_needs.remove(name) {
            inline.extend(i);
            separate.extend(s);
        }
        // Functions sharing the role may need the same statement; keep it once.
        for list in [&mut inline, &mut separate] {
            let mut seen = Vec::new();
            list.retain(|st| {
                let first = !seen.contains(st);
                if first {
                    seen.push(st.clone());
                }
                first
            });
        }
        let id = decl_id(name, Kind::Role);
        let mut r = iam::role(
            "lambda.amazonaws.com",
            &inline,
            None,
            Resource::new("AWS::IAM::Role", src.clone()),
        );
        if let Some(n) = &role.name {
            r = r.prop("RoleName", json!(n.value));
        }
        if !role.managed.is_empty() {
            r = r.prop(
                "ManagedPolicyArns",
                json!(role.managed.iter().map(|m| &m.value).collect::<Vec<_>>()),
            );
        }
        if let Some(b) = &role.boundary {
            r = r.prop("PermissionsBoundary", json!(b.value));
        }
        self.add(id.clone(), r, decl.name_span);
        if !separate.is_empty() {
            let pid = format!("{}Policy", pascal_case(name));
            let pol = iam::policy(&pid, &id, &separate, Resource::new("AWS::IAM::Policy", src));
            self.add(pid, pol, decl.name_span);
        }
    }
}

/// Splits statements into the role's inline policy and a separate policy
/// (those that point at functions, which could otherwise close a cycle).
fn split_separate(stmts: Vec<Statement>) -> (Vec<Statement>, Vec<Statement>) {
    stmts.into_iter().partition(|s| !s.separate)
}
