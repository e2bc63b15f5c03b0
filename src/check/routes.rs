//! The stack's HTTP routes, collected once for the rules that look across
//! them: open routes and authorizers (`auth.rs`), routes served twice
//! (`triggers.rs`) and REST apis without a route (`resources.rs`).
//!
//! Must not: judge a route (each rule does), resolve names or emit.

use crate::model::{Auth, Spanned, Stack, TriggerKind};
use crate::source::Span;

/// One `on http` of a function.
pub(super) struct Route<'a> {
    /// The function it invokes.
    pub(super) function: &'a str,
    /// `GET`, `ANY`, … or `$default`.
    pub(super) method: &'a str,
    /// `/orders/{id}`; empty for `$default`.
    pub(super) path: &'a str,
    /// Where the route is written.
    pub(super) span: Span,
    /// The api it belongs to.
    pub(super) api: &'a Spanned<String>,
    /// Its own `auth`, overriding the api's.
    pub(super) auth: Option<&'a Spanned<Auth>>,
}

/// Every route of the stack, by function name, then as written.
pub(super) fn routes(stack: &Stack) -> Vec<Route<'_>> {
    stack
        .functions()
        .flat_map(|(function, f)| {
            f.triggers.iter().filter_map(move |t| {
                let TriggerKind::Http {
                    method,
                    path,
                    route_span,
                    api,
                    auth,
                } = &t.kind
                else {
                    return None;
                };
                Some(Route {
                    function,
                    method,
                    path,
                    span: *route_span,
                    api,
                    auth: auth.as_ref(),
                })
            })
        })
        .collect()
}
