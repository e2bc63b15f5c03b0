//! Environment variable rules: valid and unreserved keys, and the size of the
//! whole environment as Lambda measures it.
//!
//! Must not: resolve names or emit; values known only at deploy time are
//! estimated, never looked up.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Function;

/// Estimated size of a value only known at deploy time (an ARN, a URL).
const UNRESOLVED_VALUE_BYTES: usize = 128;

/// LF0310–LF0312: the keys of `f`'s environment and its size as JSON.
pub(super) fn env(diags: &mut Diagnostics, f: &Function) {
    let mut total = 2; // {}
    let mut unresolved = false;
    for (i, (k, v)) in f.env.iter().enumerate() {
        let kspan = f.env_key_spans.get(k).copied().unwrap_or(v.span);
        let key_ok = k.len() >= 2
            && k.starts_with(|c: char| c.is_ascii_alphabetic())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !key_ok {
            diags.push(
                Diagnostic::error(
                    Code::EnvKey,
                    kspan,
                    format!("`{k}` is not a valid environment variable name"),
                )
                .with_help("start with a letter, use letters, digits and `_`, at least 2 characters"),
            );
        }
        if limits::RESERVED_ENV_KEYS.contains(&k.as_str()) {
            diags.push(
                Diagnostic::error(Code::EnvReserved, kspan, format!("`{k}` is reserved by Lambda"))
                    .with_help("Lambda sets it itself; read that value, or use another name"),
            );
        } else if k == "TZ" {
            diags.push(
                Diagnostic::warning(
                    Code::EnvReserved,
                    kspan,
                    "`TZ` changes the time zone of the runtime; Lambda expects UTC",
                )
                .with_help("keep the runtime on UTC and convert times in code"),
            );
        }
        let value_len = match v.value.as_literal() {
            Some(s) => serde_json::to_string(s).map_or(0, |j| j.len()),
            None => {
                unresolved = true;
                UNRESOLVED_VALUE_BYTES + 2
            }
        };
        total += serde_json::to_string(k).map_or(0, |j| j.len()) + 1 + value_len + usize::from(i > 0);
    }
    let span = f.env.values().next().map(|v| v.span);
    if total > limits::ENV_MAX_BYTES {
        let msg = format!(
            "the environment is {total} bytes as JSON; Lambda allows {}",
            limits::ENV_MAX_BYTES
        );
        let d = if unresolved {
            Diagnostic::warning(Code::EnvTooLarge, span, msg + " (deploy-time values estimated)")
        } else {
            Diagnostic::error(Code::EnvTooLarge, span, msg)
        };
        diags.push(d.with_help("move large values to SSM Parameter Store or S3"));
    }
}
