//! Secrets in `env`: literal text under a key that looks secret (LF0506).
//!
//! Must not: resolve names, emit, or look at a secret's value (lfc never
//! reads one).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Expr, Function};

/// Parts of an env key that say it holds a secret.
const SECRET_WORDS: [&str; 5] = ["PASSWORD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY"];

/// Key endings that say the value names a secret rather than holds one.
const NAMING_SUFFIXES: [&str; 4] = ["_ARN", "_NAME", "_ID", "_PATH"];

/// True when an env key looks like it holds a secret value.
pub(super) fn looks_secret(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| upper.contains(w)) && !NAMING_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// LF0506: a secret-looking key holding literal text.
pub(super) fn plaintext_secrets(diags: &mut Diagnostics, f: &Function) {
    for (k, v) in &f.env {
        let literal = match &v.value {
            Expr::Str(s) => !s.is_empty() && !s.starts_with("arn:"),
            // Interpolations hold deploy-time values; a secret call is the fix.
            Expr::Ref(_) | Expr::Pseudo(_) | Expr::Param(_) | Expr::Concat(_) | Expr::Secret(_) => false,
        };
        if !literal || !looks_secret(k) {
            continue;
        }
        let kspan = f.env_key_spans.get(k).copied().unwrap_or(v.span);
        diags.push(
            Diagnostic::warning(
                Code::PlaintextSecret,
                v.span,
                format!("`{k}` looks like a secret but holds literal text, which would be written into the template"),
            )
            .with_label(kspan, "this key looks secret")
            .with_help(format!(
                "store it in Secrets Manager and write `{k} = secret(\"NAME\")`: the function gets the name and may read exactly that secret"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_keys_are_recognised_by_their_words() {
        for k in [
            "DB_PASSWORD",
            "api_key",
            "GITHUB_TOKEN",
            "CLIENT_SECRET",
            "PRIVATE_KEY_PEM",
        ] {
            assert!(looks_secret(k), "{k}");
        }
        for k in ["DB_PASSWORD_ARN", "SECRET_NAME", "TOKEN_PATH", "TABLE", "KEY"] {
            assert!(!looks_secret(k), "{k}");
        }
    }
}
