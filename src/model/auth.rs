//! Who may call an HTTP API route: `auth` on an `api` (every route's
//! default) and on an `on http` route (overrides it).
//!
//! Facts only: read by `model/build/auth.rs`, judged by `check/auth.rs`,
//! emitted by `emit/auth.rs`.

use super::Spanned;

/// The identity source a Lambda authorizer reads by default (and caches by).
pub const DEFAULT_IDENTITY: &str = "$request.header.Authorization";

/// How a route is authorized.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// `auth = none`: public, on purpose.
    None,
    /// `auth = iam`: SigV4-signed requests (`AWS_IAM`).
    Iam,
    /// `auth { jwt { issuer, audience, scopes } }`
    Jwt(Jwt),
    /// `auth { lambda { function, cache, identity } }`
    Lambda(LambdaAuthorizer),
}

/// A JWT authorizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// The token issuer URL; `None` on a route: the api's JWT authorizer,
    /// with this route's `scopes`.
    pub issuer: Option<Spanned<String>>,
    /// Accepted audiences (client IDs).
    pub audience: Vec<Spanned<String>>,
    /// Scopes a route requires (`AuthorizationScopes`).
    pub scopes: Vec<Spanned<String>>,
}

/// A Lambda (REQUEST) authorizer.
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaAuthorizer {
    /// The authorizing function of this stack.
    pub function: Spanned<String>,
    /// How long an answer is cached, in seconds (0: not cached).
    pub cache: Spanned<u64>,
    /// Where the identity is read from, e.g. `$request.header.Authorization`.
    pub identity: Vec<Spanned<String>>,
}

impl Auth {
    /// The route's `AuthorizationType`.
    pub fn authorization_type(&self) -> &'static str {
        match self {
            Auth::None => "NONE",
            Auth::Iam => "AWS_IAM",
            Auth::Jwt(_) => "JWT",
            Auth::Lambda(_) => "CUSTOM",
        }
    }
}
