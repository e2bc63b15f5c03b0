//! Who may call an API route (HTTP or REST api): `auth` on an `api` (every
//! route's default) and on an `on http` route (overrides it).
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
    /// The `AuthorizationType` of an HTTP api's route (`rest = false`) or of
    /// a REST api's method, whose JWTs come from a Cognito user pool.
    pub fn authorization_type(&self, rest: bool) -> &'static str {
        match self {
            Auth::None => "NONE",
            Auth::Iam => "AWS_IAM",
            Auth::Jwt(_) if rest => "COGNITO_USER_POOLS",
            Auth::Jwt(_) => "JWT",
            Auth::Lambda(_) => "CUSTOM",
        }
    }
}

/// A Cognito user pool named by a JWT issuer URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool<'a> {
    /// The pool's region, e.g. `eu-west-1`.
    pub region: &'a str,
    /// The pool's ID, e.g. `eu-west-1_AbC123`.
    pub id: &'a str,
}

impl Jwt {
    /// The user pool when the issuer is a Cognito user pool's URL,
    /// `https://cognito-idp.REGION.amazonaws.com/POOL_ID` (a REST api
    /// accepts JWTs from those only).
    pub fn user_pool(&self) -> Option<UserPool<'_>> {
        user_pool(&self.issuer.as_ref()?.value)
    }
}

/// The user pool of a Cognito issuer URL; see [`Jwt::user_pool`].
pub fn user_pool(issuer: &str) -> Option<UserPool<'_>> {
    let rest = issuer.strip_prefix("https://cognito-idp.")?;
    let (region, id) = rest.split_once(".amazonaws.com/")?;
    let region_ok = !region.is_empty() && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    // A pool ID is its region, `_`, then letters and digits.
    let suffix = id.strip_prefix(region).and_then(|r| r.strip_prefix('_'));
    let pool_ok = suffix.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()));
    (region_ok && pool_ok).then_some(UserPool { region, id })
}

#[cfg(test)]
mod tests {
    use super::{user_pool, UserPool};

    #[test]
    fn cognito_issuers_name_their_pool() {
        assert_eq!(
            user_pool("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"),
            Some(UserPool {
                region: "eu-west-1",
                id: "eu-west-1_AbC123"
            })
        );
        for other in [
            "https://issuer.example.com",
            "https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC",
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/extra",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
            "http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
        ] {
            assert_eq!(user_pool(other), None, "{other}");
        }
    }
}
