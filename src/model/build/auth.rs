//! `auth = none | iam`, `auth { jwt { issuer, audience, scopes } }` and
//! `auth { lambda { function, cache, identity } }`, on an `api` or an
//! `on http` route.
//!
//! Must not: judge values (issuer URLs, cache range: `check/auth.rs`) or emit.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::auth::DEFAULT_IDENTITY;
use crate::syntax::ast::{Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

const HELP: &str = "write `auth = iam`, `auth = none`, `auth { jwt { issuer = \"https://…\", audience = [\"…\"] } }` or `auth { lambda { function = NAME } }`";

impl Builder<'_> {
    /// One `auth` value.
    pub(super) fn auth(&mut self, v: &Value) -> Option<Spanned<Auth>> {
        let v = self.reader().subst(v)?;
        if let ValueKind::Word(_) | ValueKind::Str(_) = &v.kind {
            let w = self.reader().enum_value(&v, &["none", "iam"], "authorization")?;
            let a = if w.value == "iam" { Auth::Iam } else { Auth::None };
            return Some(Spanned::new(a, w.span));
        }
        let block = self.reader().block(&v)?;
        let mut p = Props::new(&block, self.diags);
        let jwt = p.take("jwt");
        let lambda = p.take("lambda");
        p.finish("`auth`", &["jwt", "lambda"], self.diags);
        let auth = match (jwt, lambda) {
            (Some(j), None) => Auth::Jwt(self.jwt(j)?),
            (None, Some(l)) => Auth::Lambda(self.lambda_authorizer(l)?),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        block.span,
                        "`auth { … }` holds one `jwt` or one `lambda` block",
                    )
                    .with_help(HELP),
                );
                return None;
            }
        };
        Some(Spanned::new(auth, block.span))
    }

    fn jwt(&mut self, v: &Value) -> Option<Jwt> {
        let block = self.reader().block(v)?;
        let mut p = Props::new(&block, self.diags);
        let issuer = self.text(&mut p, "issuer");
        let audience = p
            .take("audience")
            .map(|v| self.reader().string_list(v))
            .unwrap_or_default();
        let scopes = p
            .take("scopes")
            .map(|v| self.reader().string_list(v))
            .unwrap_or_default();
        p.finish("`jwt`", &["issuer", "audience", "scopes"], self.diags);
        // Whether leaving `issuer` out is allowed (only on a route of a JWT api) is `check`'s.
        Some(Jwt {
            issuer,
            audience,
            scopes,
        })
    }

    fn lambda_authorizer(&mut self, v: &Value) -> Option<LambdaAuthorizer> {
        let block = self.reader().block(v)?;
        let mut p = Props::new(&block, self.diags);
        let function = p
            .take("function")
            .and_then(|v| self.target(v, &[Kind::Function], "`function`", false));
        let cache = self.secs(&mut p, "cache").unwrap_or(Spanned::new(0, block.span));
        let identity = match p.take("identity") {
            Some(v) => self.reader().string_list(v),
            None => vec![Spanned::new(DEFAULT_IDENTITY.to_string(), block.span)],
        };
        p.finish("`lambda`", &["function", "cache", "identity"], self.diags);
        let function = match function {
            Some(Target::Decl(f)) => f,
            Some(Target::Arn(_)) => return None,
            None => {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingProperty,
                        block.span,
                        "`lambda` needs the authorizing `function`",
                    )
                    .with_help("write `lambda { function = NAME }` with a function of this stack"),
                );
                return None;
            }
        };
        Some(LambdaAuthorizer {
            function,
            cache,
            identity,
        })
    }
}
