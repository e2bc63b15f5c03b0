//! `env` values that name a secret: `secret("…")`, `parameter("…")` and
//! `resolve(secret("…") [, "json-key"])` / `resolve(parameter("…"))`.
//! Any other value goes through the ordinary value-position reader.
//!
//! Must not: judge names or paths (that is `check`), or emit.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Ident, Value, ValueKind};

use super::super::*;
use super::Builder;

/// The calls an `env` value may make.
const CALLS: [&str; 3] = ["secret", "parameter", "resolve"];

impl Builder<'_> {
    /// One `env` value: a secret call, or any value-position expression.
    pub(super) fn env_value(&mut self, value: &Value) -> Option<Expr> {
        match &value.kind {
            ValueKind::Call { name, args } => {
                let secret = match name.text.as_str() {
                    "resolve" => self.resolve_call(value, args),
                    _ => self.secret_call(name, args, value),
                }?;
                Some(Expr::Secret(Box::new(secret)))
            }
            _ => self.expr(value),
        }
    }

    /// `secret("…")` or `parameter("…")`.
    fn secret_call(&mut self, name: &Ident, args: &[Value], whole: &Value) -> Option<Secret> {
        let store = match name.text.as_str() {
            "secret" => SecretStore::SecretsManager,
            "parameter" => SecretStore::Parameter,
            other => {
                let d = Diagnostic::error(Code::UnknownEnumValue, name.span, format!("unknown call `{other}(…)`"))
                    .with_closest_at(
                        name.span,
                        other,
                        CALLS,
                        "an `env` value may call secret(\"…\"), parameter(\"…\") or resolve(…)",
                    );
                self.diags.push(d);
                return None;
            }
        };
        let [arg] = args else {
            self.diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    whole.span,
                    format!("`{}(…)` takes one string", store.keyword()),
                )
                .with_help(match store {
                    SecretStore::SecretsManager => "write `secret(\"prod/db\")` with the secret's name or ARN",
                    SecretStore::Parameter => "write `parameter(\"/app/db-url\")` with the parameter's name or ARN",
                }),
            );
            return None;
        };
        let name = self.reader().string(arg)?;
        Some(Secret {
            store,
            name,
            resolve: None,
        })
    }

    /// `resolve(secret("…") [, "key"])` or `resolve(parameter("…"))`.
    fn resolve_call(&mut self, whole: &Value, args: &[Value]) -> Option<Secret> {
        let help = "write `resolve(secret(\"prod/db\"))`, `resolve(secret(\"prod/db\"), \"password\")` or `resolve(parameter(\"/app/url\"))`";
        let (inner, key) = match args {
            [inner] => (inner, None),
            [inner, key] => (inner, Some(key)),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        whole.span,
                        "`resolve(…)` takes a secret and an optional key",
                    )
                    .with_help(help),
                );
                return None;
            }
        };
        let ValueKind::Call { name, args } = &inner.kind else {
            self.diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    inner.span,
                    "`resolve(…)` needs `secret(…)` or `parameter(…)`",
                )
                .with_help(help),
            );
            return None;
        };
        if name.text == "resolve" {
            self.diags
                .push(Diagnostic::error(Code::WrongType, inner.span, "`resolve(…)` cannot be nested").with_help(help));
            return None;
        }
        let mut secret = self.secret_call(name, args, inner)?;
        let json_key = match key {
            Some(k) => Some(self.reader().string(k)?),
            None => None,
        };
        if let (Some(k), SecretStore::Parameter) = (&json_key, secret.store) {
            self.diags.push(
                Diagnostic::error(Code::WrongType, k.span, "a parameter has no JSON keys")
                    .with_help("only `resolve(secret(\"…\"), \"key\")` takes a key; remove it"),
            );
            return None;
        }
        secret.resolve = Some(Resolve { json_key });
        Some(secret)
    }
}
