//! API authorization (HTTP and REST apis): every route public by omission
//! (LF0507), authorizer settings API Gateway refuses (LF0508) and what a
//! REST api cannot express (LF0509).
//!
//! Must not: resolve names or emit.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Auth, DeclKind, Jwt, Spanned, Stack};
use crate::source::Span;

use super::routes::Route;

/// Routes named in the LF0507 message, and labelled in its snippet.
const LISTED: usize = 10;
const LABELLED: usize = 3;

/// Longest time API Gateway caches an authorizer's answer.
const CACHE_MAX_S: u64 = 3600;

/// LF0507: the stack has routes and none of them, nor any api, sets `auth`.
pub(super) fn open_routes(stack: &Stack, routes: &[Route<'_>], diags: &mut Diagnostics) {
    // An api that sets `auth`, or a REST api that requires API keys, is a choice made.
    let chosen = stack.decls.values().any(|d| {
        matches!(&d.kind, DeclKind::Api(a)
            if a.auth.is_some() || a.rest.as_ref().is_some_and(|r| !r.keys.is_empty()))
    });
    if chosen || routes.iter().any(|r| r.auth.is_some()) {
        return;
    }
    let routes: Vec<(String, Span)> = routes
        .iter()
        .map(|r| {
            // `$default` is a route key of its own, without a path.
            let key = if r.path.is_empty() {
                r.method.to_string()
            } else {
                format!("{} {}", r.method, r.path)
            };
            (format!("{key} → {}", r.function), r.span)
        })
        .collect();
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

/// LF0508 and LF0509: the settings of every `jwt` and `lambda` auth of the stack.
pub(super) fn authorizers(stack: &Stack, routes: &[Route<'_>], diags: &mut Diagnostics) {
    for d in stack.decls.values() {
        if let DeclKind::Api(a) = &d.kind {
            let rest = a.rest.is_some();
            settings(a.auth.as_deref(), None, rest, diags);
            if rest {
                rest_auth(a.auth.as_deref(), None, diags);
            }
        }
    }
    for r in routes {
        let api_decl = stack.api(&r.api.value);
        let rest = api_decl.is_some_and(|a| a.rest.is_some());
        let api_auth = api_decl.and_then(|a| a.auth.as_deref()).map(|a| &a.value);
        settings(r.auth, Some((r, api_auth)), rest, diags);
        if rest {
            rest_auth(r.auth, api_auth, diags);
        }
    }
}

/// LF0509: a REST api checks JWTs only with a Cognito user pool authorizer,
/// whose `audience` check (on the `aud` claim, which only ID tokens carry)
/// rules out the access tokens that `scopes` need. `api_auth`: the api's
/// own `auth`, for a route.
fn rest_auth(auth: Option<&Spanned<Auth>>, api_auth: Option<&Auth>, diags: &mut Diagnostics) {
    let Some(Auth::Jwt(j)) = auth.map(|a| &a.value) else {
        return;
    };
    let mut bad = |span, msg: String, help: &str| {
        diags.push(Diagnostic::error(Code::RestAuthorization, span, msg).with_help(help.to_string()));
    };
    // A non-https issuer is LF0508's already.
    if let Some(issuer) = j.issuer.as_ref().filter(|i| i.value.starts_with("https://")) {
        if j.user_pool().is_none() {
            bad(
                issuer.span,
                format!(
                    "a REST api checks JWTs from Cognito user pools only, not from `{}`",
                    issuer.value
                ),
                "write `auth { lambda { function = NAME } }` to validate other tokens, or make the api `kind = http`",
            );
        }
    }
    // The authorizer deciding: this auth's own, or (for `jwt { scopes }`) the api's.
    let audience = match (&j.issuer, api_auth) {
        (Some(_), _) => !j.audience.is_empty(),
        (None, Some(Auth::Jwt(api))) => !api.audience.is_empty(),
        (None, _) => false,
    };
    if let Some(scope) = j.scopes.first().filter(|_| audience) {
        bad(
            scope.span,
            "on a REST api, `scopes` need access tokens and `audience` accepts ID tokens only: no token passes both"
                .into(),
            "drop `audience` (access tokens carry no `aud` claim) or drop `scopes`, or make the api `kind = http`",
        );
    }
}

/// One auth's settings; `route`, with its api's own `auth`, is `None` for
/// an api's own `auth`; `rest`: the api is a REST api (whose JWT authorizer
/// takes no `audience`).
fn settings(
    auth: Option<&Spanned<Auth>>,
    route: Option<(&Route<'_>, Option<&Auth>)>,
    rest: bool,
    diags: &mut Diagnostics,
) {
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
                .is_some_and(|(_, api_auth)| matches!(api_auth, Some(Auth::Jwt(Jwt { issuer: Some(_), .. }))));
            if !api_jwt || !audience.is_empty() {
                let msg = match &route {
                    Some((r, _)) if !api_jwt => format!(
                        "`jwt` without an `issuer` uses the api's JWT authorizer, and api `{}` has none",
                        r.api.value
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
            if j.audience.is_empty() && !rest {
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
            if route.is_some_and(|(r, _)| r.function == l.function.value) {
                bad(
                    l.function.span,
                    format!("`{}` cannot authorize its own route", l.function.value),
                    "name a separate authorizing function",
                );
            }
        }
    }
}
