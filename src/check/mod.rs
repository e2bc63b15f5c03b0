//! Stage 3, check: every rule about what AWS would reject or what is likely
//! wrong, on the resolved model (and, for template limits, on the emitted
//! template). One diagnostic type; limits, runtimes and enums come from the
//! `data` tables. This file holds only the entry point and the list of rules
//! it runs; each concern has its own file.
//!
//! Must not: change the model, resolve names (the model did), emit resources,
//! or read files (code sizes are measured by the caller and handed in).

mod auth;
mod code;
mod delivery;
mod destinations;
mod env;
mod function;
mod iam;
mod layers;
mod monitoring;
mod names;
mod params;
mod recursion;
mod references;
mod resources;
mod routes;
mod runtime;
pub mod schedule;
mod scheduler;
mod secrets;
mod stack;
mod table;
mod template;
mod triggers;
mod workflow;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use template::{check_role_policies, check_template};
pub use workflow::workflow_definitions;

use crate::diagnostics::Diagnostics;
use crate::model::{DeclKind, Stack, TriggerKind};

/// What checks need besides the model.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// The reference date for runtime lifecycles, `YYYY-MM-DD`.
    pub today: String,
    /// Unzipped size in bytes of each code path that exists.
    pub code_sizes: BTreeMap<PathBuf, u64>,
    /// Why a code path could not be read or packaged.
    pub code_errors: BTreeMap<PathBuf, String>,
}

/// Runs every model rule.
pub fn check(stack: &Stack, ctx: &CheckContext, diags: &mut Diagnostics) {
    let routes = routes::routes(stack);
    for (name, decl) in &stack.decls {
        names::physical_name(stack, &decl.kind, diags);
        if let Some(tags) = decl.kind.own_tags() {
            let what = format!("{} `{name}`", decl.kind.kind().keyword());
            names::own_tags(stack, &what, decl.name_span, tags, diags);
        }
        for t in decl.kind.triggers() {
            if let TriggerKind::Schedule {
                expression,
                timezone,
                options,
                ..
            } = &t.kind
            {
                scheduler::settings(stack, expression, timezone.as_ref(), options, diags);
            }
        }
        match &decl.kind {
            DeclKind::Function(f) => function::function(stack, name, decl.name_span, f, ctx, diags),
            DeclKind::Layer(l) => layers::layer(name, l, ctx, diags),
            DeclKind::Role(r) => iam::role(r, diags),
            DeclKind::Queue(q) => {
                resources::queue(stack, name, q, diags);
                delivery::delivery_triggers(stack, name, q.fifo, &q.triggers, diags);
            }
            DeclKind::Topic(t) => {
                resources::topic(t, diags);
                delivery::delivery_triggers(stack, name, t.fifo, &t.triggers, diags);
            }
            DeclKind::Stream(st) => resources::stream(st, diags),
            DeclKind::Workflow(w) => workflow::workflow(w, decl.name_span, diags),
            DeclKind::Api(a) => resources::api(&routes, name, decl.name_span, a, diags),
            DeclKind::Table(t) => table::table(name, t, decl.name_span, diags),
            // Its physical name and tags are its only rules.
            DeclKind::Bucket(_) => {}
        }
    }
    params::params(stack, diags);
    stack::reserved_concurrency(stack, diags);
    stack::output_ids(stack, diags);
    stack::export_names(stack, diags);
    stack::tags(stack, diags);
    triggers::stream_arn_refs(stack, diags);
    triggers::s3_overlaps(stack, diags);
    triggers::duplicate_routes(&routes, diags);
    auth::open_routes(stack, &routes, diags);
    auth::authorizers(stack, &routes, diags);
    references::missing_function_urls(stack, diags);
    crate::graph::check_user_cycles(stack, diags);
}
