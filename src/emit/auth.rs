//! API authorization (docs/language.md §9.6.2): an authorizer for each `jwt`
//! or `lambda` auth (one per api for its default, one per route that brings
//! its own) — `AWS::ApiGatewayV2::Authorizer` on an HTTP api,
//! `AWS::ApiGateway::Authorizer` (Cognito user pool or REQUEST) on a REST
//! api — the permission that lets API Gateway call a Lambda authorizer, and
//! the authorization properties of each route or method.
//!
//! Must not: validate settings (`check/auth.rs`) or resolve names.

use serde_json::{json, Map, Value};

use super::cfn::{get_att, reference, sub, Resource};
use super::function::invoke_arn;
use super::{decl_id, Emitter};
use crate::model::{pascal_case, Auth, Jwt, Kind, Spanned};
use crate::source::Span;

impl Emitter<'_> {
    /// The authorizer for `auth` on api `api`, named `<id>Authorizer`;
    /// `None` for `iam` and `none`, which need none.
    pub(super) fn authorizer(&mut self, id: &str, api: &str, auth: &Auth, src: &str, span: Span) -> Option<String> {
        let rest = self.is_rest(api);
        let api_id = decl_id(api, Kind::Api);
        let authorizer_id = format!("{id}Authorizer");
        let base = if rest {
            Resource::new("AWS::ApiGateway::Authorizer", src).prop("RestApiId", reference(&api_id))
        } else {
            Resource::new("AWS::ApiGatewayV2::Authorizer", src).prop("ApiId", reference(&api_id))
        }
        .prop("Name", json!(authorizer_id));
        let r = match auth {
            // A route's `jwt { scopes }` without an issuer uses its api's authorizer.
            Auth::None | Auth::Iam | Auth::Jwt(Jwt { issuer: None, .. }) => return None,
            // `check` made sure a REST api's issuer is a user pool.
            Auth::Jwt(j) if rest => {
                let pool = j.user_pool()?;
                let r = base
                    .prop("Type", json!("COGNITO_USER_POOLS"))
                    .prop("IdentitySource", json!("method.request.header.Authorization"))
                    .prop(
                        "ProviderARNs",
                        json!([sub(&format!(
                            "arn:${{AWS::Partition}}:cognito-idp:{}:${{AWS::AccountId}}:userpool/{}",
                            pool.region, pool.id
                        ))]),
                    );
                if j.audience.is_empty() {
                    r
                } else {
                    r.prop("IdentityValidationExpression", json!(audience_pattern(&j.audience)))
                }
            }
            Auth::Jwt(
                j @ Jwt {
                    issuer: Some(issuer), ..
                },
            ) => base
                .prop("AuthorizerType", json!("JWT"))
                .prop("IdentitySource", json!(["$request.header.Authorization"]))
                .prop(
                    "JwtConfiguration",
                    json!({ "Issuer": issuer.value, "Audience": texts(&j.audience) }),
                ),
            Auth::Lambda(l) => {
                let invoke = self.authorizer_invoke_arn(&l.function.value);
                let uri = json!({ "Fn::Sub": [
                    "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn}/invocations",
                    { "Fn": invoke.clone() },
                ] });
                let permission = Resource::new("AWS::Lambda::Permission", src)
                    .prop("Action", json!("lambda:InvokeFunction"))
                    .prop("FunctionName", invoke)
                    .prop("Principal", json!("apigateway.amazonaws.com"))
                    .prop(
                        "SourceArn",
                        sub(&format!(
                            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/authorizers/${{{authorizer_id}}}"
                        )),
                    );
                self.add(format!("{authorizer_id}Permission"), permission, span);
                if rest {
                    base.prop("Type", json!("REQUEST"))
                        .prop("AuthorizerUri", uri)
                        .prop("AuthorizerResultTtlInSeconds", json!(l.cache.value))
                        .prop("IdentitySource", json!(rest_identity(&l.identity)))
                } else {
                    base.prop("AuthorizerType", json!("REQUEST"))
                        .prop("AuthorizerUri", uri)
                        .prop("AuthorizerPayloadFormatVersion", json!("2.0"))
                        .prop("EnableSimpleResponses", json!(true))
                        .prop("AuthorizerResultTtlInSeconds", json!(l.cache.value))
                        .prop("IdentitySource", json!(texts(&l.identity)))
                }
            }
        };
        self.add(authorizer_id.clone(), r, span);
        Some(authorizer_id)
    }

    /// Whether `api` is a REST api (API Gateway v1).
    pub(super) fn is_rest(&self, api: &str) -> bool {
        self.stack.api(api).is_some_and(|a| a.rest.is_some())
    }

    /// The ARN API Gateway invokes for an authorizing function (its alias
    /// when it publishes a version).
    fn authorizer_invoke_arn(&self, name: &str) -> Value {
        match self.stack.function(name) {
            Some(f) => invoke_arn(name, f),
            // `check` made sure it is a function of the stack.
            None => get_att(&format!("{}Function", pascal_case(name)), "Arn"),
        }
    }

    /// The authorization properties of a route: its own `auth`, else its api's.
    pub(super) fn route_auth(
        &mut self,
        tid: &str,
        api: &str,
        own: Option<&Spanned<Auth>>,
        src: &str,
    ) -> Map<String, Value> {
        let mut m = Map::new();
        let api_auth = self.stack.api(api).and_then(|a| a.auth.clone());
        let (auth, authorizer) = match (own, &api_auth) {
            (Some(a), api_auth) => {
                let own = self.authorizer(tid, api, &a.value, src, a.span);
                let inherited = api_auth.as_ref().and_then(|x| authorizer_id_of(api, &x.value));
                (
                    &a.value,
                    own.or(inherited).filter(|_| !matches!(a.value, Auth::None | Auth::Iam)),
                )
            }
            (None, Some(a)) => (&a.value, authorizer_id_of(api, &a.value)),
            (None, None) => return m,
        };
        if *auth == Auth::None {
            return m;
        }
        m.insert(
            "AuthorizationType".into(),
            json!(auth.authorization_type(self.is_rest(api))),
        );
        if let Some(id) = authorizer {
            m.insert("AuthorizerId".into(), reference(&id));
        }
        if let Auth::Jwt(j) = auth {
            if !j.scopes.is_empty() {
                m.insert("AuthorizationScopes".into(), json!(texts(&j.scopes)));
            }
        }
        m
    }
}

/// The ID of an api's own authorizer, made when the api is emitted.
fn authorizer_id_of(api: &str, auth: &Auth) -> Option<String> {
    match auth {
        Auth::None | Auth::Iam => None,
        Auth::Jwt(_) | Auth::Lambda(_) => Some(format!("{}Authorizer", pascal_case(api))),
    }
}

/// What a deployment of a REST api must change with: every setting of an
/// `auth` that its methods or authorizers carry.
pub(super) fn fingerprint(auth: &Auth) -> String {
    match auth {
        Auth::None => "none".into(),
        Auth::Iam => "iam".into(),
        Auth::Jwt(j) => format!(
            "jwt {:?} {:?} {:?}",
            j.issuer.as_ref().map(|i| &i.value),
            texts(&j.audience),
            texts(&j.scopes)
        ),
        Auth::Lambda(l) => format!("lambda {} {} {:?}", l.function.value, l.cache.value, texts(&l.identity)),
    }
}

/// The pattern a REST api's Cognito authorizer matches the token's `aud`
/// claim against: exactly one of the audiences.
fn audience_pattern(audience: &[Spanned<String>]) -> String {
    let escape = |s: &str| {
        s.chars().fold(String::new(), |mut out, c| {
            if "\\^$.|?*+()[]{}".contains(c) {
                out.push('\\');
            }
            out.push(c);
            out
        })
    };
    let alternatives: Vec<String> = audience.iter().map(|a| escape(&a.value)).collect();
    format!("^({})$", alternatives.join("|"))
}

/// A REST authorizer's `IdentitySource`: the sources comma-separated, in
/// API Gateway v1's spelling (`$request.header.X` → `method.request.header.X`,
/// `$context.x` → `context.x`, `$stageVariables.x` → `stageVariables.x`;
/// sources already written that way are kept).
fn rest_identity(list: &[Spanned<String>]) -> String {
    let v1 = |s: &str| {
        [
            ("$request.", "method.request."),
            ("$context.", "context."),
            ("$stageVariables.", "stageVariables."),
        ]
        .iter()
        .find_map(|(v2, v1)| s.strip_prefix(v2).map(|rest| format!("{v1}{rest}")))
        .unwrap_or_else(|| s.to_string())
    };
    list.iter().map(|s| v1(&s.value)).collect::<Vec<_>>().join(",")
}

fn texts(list: &[Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}
