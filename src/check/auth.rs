//! HTTP API authorization: every route public by omission (LF0507) and
//! authorizer settings API Gateway refuses (LF0508).
//!
//! Must not: resolve names or emit.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Auth, DeclKind, Jwt, Spanned, Stack, TriggerKind};

/// Routes named in the LF0507 message, and labelled in its snippet.
const LISTED: usize = 10;
const LABELLED: usize = 3;

/// Longest time API Gateway caches an authorizer's answer.
const CACHE_MAX_S: u64 = 3600;

/// LF0507: the stack has routes and none of them, nor any api, sets `auth`.
pub(super) fn open_routes(stack: &Stack, diags: &mut Diagnostics) {
    // An api that sets `auth`, or a REST api that requires API keys, is a choice made.
    let chosen = stack.decls.values().any(|d| {
        matches!(&d.kind, DeclKind::Api(a)
            if a.auth.is_some() || a.rest.as_ref().is_some_and(|r| !r.keys.is_empty()))
    });
    if chosen {
        return;
    }
    let mut routes = Vec::new();
    for (name, f) in stack.functions() {
        for t in &f.triggers {
            if let TriggerKind::Http {
                method,
                path,
                route_span,
                auth,
                ..
            } = &t.kind
            {
                if auth.is_some() {
                    return;
                }
                // `$default` is a route key of its own, without a path.
                let key = if path.is_empty() {
                    method.clone()
                } else {
                    format!("{method} {path}")
                };
                routes.push((format!("{key} → {name}"), *route_span));
            }
        }
    }
    let Some((_, first)) = routes.first() else { return };
    let mut list: Vec<&str> = routes.iter().take(LISTED).map(|(r, _)| r.as_str()).collect();
    let more = format!("and {} more", routes.len().saturating_sub(LISTED));
    if routes.len() > LISTED {
        list.push(&more);
    }
    let mut d = Diagnostic::warning(
        Code::OpenApi,
        *first,
        format!("every route of this stack is open to anyone: {}", list.join(", ")),
    )
    .with_help(
        "set `auth` on the api (iam, jwt or a lambda authorizer), or `auth = none` to say it is public on purpose",
    );
    for (_, span) in routes.iter().skip(1).take(LABELLED) {
        d = d.with_label(*span, "unauthenticated too");
    }
    diags.push(d);
}

/// LF0508: the settings of every `jwt` and `lambda` auth of the stack.
pub(super) fn authorizers(stack: &Stack, diags: &mut Diagnostics) {
    for d in stack.decls.values() {
        match &d.kind {
            DeclKind::Api(a) => {
                settings(a.auth.as_deref(), None, diags);
                if a.rest.is_some() {
                    rest_auth(a.auth.as_deref(), diags);
                }
            }
            DeclKind::Function(f) => {
                for t in &f.triggers {
                    if let TriggerKind::Http { auth, api, .. } = &t.kind {
                        let api_decl = stack.api(&api.value);
                        let route = Route {
                            function: d.name.as_str(),
                            api: api.value.as_str(),
                            api_auth: api_decl.and_then(|a| a.auth.as_deref()).map(|a| &a.value),
                        };
                        settings(auth.as_ref(), Some(route), diags);
                        if api_decl.is_some_and(|a| a.rest.is_some()) {
                            rest_auth(auth.as_ref(), diags);
                        }
                    }
                }
            }
            DeclKind::Layer(_)
            | DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Queue(_)
            | DeclKind::Topic(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Workflow(_) => {}
        }
    }
}

/// LF0508: `auth` is for HTTP APIs; a REST api authenticates with `keys`.
fn rest_auth(auth: Option<&Spanned<Auth>>, diags: &mut Diagnostics) {
    if let Some(a) = auth {
        diags.push(
            Diagnostic::error(
                Code::AuthorizerSettings,
                a.span,
                "`auth` applies to HTTP APIs, not to REST apis",
            )
            .with_help("require API keys with `keys = [...]` on the REST api, or make it an HTTP api"),
        );
    }
}

/// The route an `auth` is written on.
struct Route<'a> {
    /// The function behind it.
    function: &'a str,
    /// Its api's name.
    api: &'a str,
    /// Its api's `auth`.
    api_auth: Option<&'a Auth>,
}

/// One auth's settings; `route` is `None` for an api's own `auth`.
fn settings(auth: Option<&Spanned<Auth>>, route: Option<Route<'_>>, diags: &mut Diagnostics) {
    let Some(auth) = auth else { return };
    let mut bad = |span, msg: String, help: &str| {
        diags.push(Diagnostic::error(Code::AuthorizerSettings, span, msg).with_help(help.to_string()));
    };
    match &auth.value {
        Auth::None | Auth::Iam => {}
        Auth::Jwt(Jwt {
            issuer: None, audience, ..
        }) => {
            // Only scopes on a route of an api with its own JWT authorizer.
            let api_jwt = route
                .as_ref()
                .is_some_and(|r| matches!(r.api_auth, Some(Auth::Jwt(Jwt { issuer: Some(_), .. }))));
            if !api_jwt || !audience.is_empty() {
                let msg = match &route {
                    Some(r) if !api_jwt => format!(
                        "`jwt` without an `issuer` uses the api's JWT authorizer, and api `{}` has none",
                        r.api
                    ),
                    Some(_) => "`audience` comes with an `issuer`: without one, the api's authorizer decides".into(),
                    None => "a JWT authorizer needs an `issuer`".into(),
                };
                bad(
                    auth.span,
                    msg,
                    "write `jwt { issuer = \"https://…\", audience = [\"CLIENT_ID\"] }`, or only `jwt { scopes = [...] }` on a route of a JWT api",
                );
            }
        }
        Auth::Jwt(
            j @ Jwt {
                issuer: Some(issuer), ..
            },
        ) => {
            if !issuer.value.starts_with("https://") {
                bad(
                    issuer.span,
                    format!("the JWT issuer `{}` is not an https:// URL", issuer.value),
                    "write the issuer's URL, e.g. \"https://cognito-idp.REGION.amazonaws.com/POOL_ID\"",
                );
            }
            if j.audience.is_empty() {
                bad(
                    auth.span,
                    "a JWT authorizer needs at least one `audience`".into(),
                    "add `audience = [\"CLIENT_ID\"]`",
                );
            }
        }
        Auth::Lambda(l) => {
            if l.cache.value > CACHE_MAX_S {
                bad(
                    l.cache.span,
                    format!("an authorizer caches at most 1h, not {} s", l.cache.value),
                    "write a `cache` of at most 1h, or 0s for none",
                );
            }
            if l.cache.value > 0 && l.identity.is_empty() {
                bad(
                    auth.span,
                    "a caching authorizer needs an `identity` source to key its cache".into(),
                    "add `identity = [\"$request.header.Authorization\"]`",
                );
            }
            if route.as_ref().is_some_and(|r| r.function == l.function.value) {
                bad(
                    l.function.span,
                    format!("`{}` cannot authorize its own route", l.function.value),
                    "name a separate authorizing function",
                );
            }
        }
    }
}
