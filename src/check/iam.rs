//! IAM and security rules (LF05xx) on the model: wildcards in raw
//! statements, public function URLs, role names, managed policy counts and
//! the characters IAM accepts in policies. The aggregate inline-policy size
//! is checked on the emitted template (`template.rs`).
//!
//! Must not: resolve names, compute grants (the model and `data::grants`
//! do) or emit policies.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Function, RawStatement, Role};

use super::names::NameRule;

const ROLE_NAME: NameRule = NameRule::new(
    Code::RoleLimits,
    "IAM role",
    (1, limits::ROLE_NAME_MAX),
    |c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c),
    "use 1 to 64 letters, digits and `+=,.@_-`",
);

/// Largest number of managed policies a role may carry (default quota).
const MANAGED_POLICIES_MAX: usize = 10;

/// The IAM rules of function `name`: its URL and its raw statements.
pub(super) fn function(name: &str, f: &Function, diags: &mut Diagnostics) {
    if let Some(u) = &f.url {
        if u.auth.value == "none" {
            diags.push(
                Diagnostic::warning(
                    Code::PublicUrl,
                    u.auth.span,
                    format!("function `{name}` gets a public URL: anyone can invoke it"),
                )
                .with_help("use `auth = iam` unless the function is meant to be public"),
            );
        }
    }
    for raw in &f.statements {
        wildcards(diags, raw);
        policy_characters(raw, diags);
    }
}

/// LF0502: a `*` action, or a `*` resource for actions that AWS grants on
/// named resources.
fn wildcards(diags: &mut Diagnostics, raw: &RawStatement) {
    for a in &raw.actions {
        if a.value.contains('*') {
            diags.push(
                Diagnostic::warning(Code::Wildcard, a.span, format!("action `{}` is a wildcard", a.value))
                    .with_help("name the actions exactly"),
            );
        }
    }
    let star_only = raw
        .actions
        .iter()
        .all(|a| crate::data::grants::resource_star_only(&a.value));
    for r in &raw.resources {
        if r.value.as_literal() == Some("*") && !star_only {
            diags.push(
                Diagnostic::warning(Code::Wildcard, r.span, "resource `*` grants on everything")
                    .with_help("name the resources exactly (actions that AWS grants only on `*`, such as ec2:Describe*, are exempt)"),
            );
        }
    }
}

/// LF0505 and LF0502: a declared role's name, managed policies and statements.
pub(super) fn role(r: &Role, diags: &mut Diagnostics) {
    ROLE_NAME.check(r.name.as_ref(), diags);
    if r.managed.len() > MANAGED_POLICIES_MAX {
        diags.push(
            Diagnostic::error(
                Code::RoleLimits,
                r.managed[MANAGED_POLICIES_MAX].span,
                format!(
                    "{} managed policies; a role takes at most {MANAGED_POLICIES_MAX}",
                    r.managed.len()
                ),
            )
            .with_help("combine policies, or ask AWS to raise the quota"),
        );
    }
    for raw in &r.statements {
        wildcards(diags, raw);
        policy_characters(raw, diags);
    }
}

/// IAM policy text allows tab, LF, CR and U+0020–U+00FF only.
fn policy_characters(raw: &RawStatement, diags: &mut Diagnostics) {
    let bad = |t: &str| {
        t.chars()
            .any(|c| !(matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c)))
    };
    let texts = raw.actions.iter().map(|a| (a.value.as_str(), a.span)).chain(
        raw.resources
            .iter()
            .filter_map(|r| r.value.as_literal().map(|t| (t, r.span))),
    );
    for (text, span) in texts {
        if bad(text) {
            diags.push(
                Diagnostic::error(
                    Code::RoleLimits,
                    span,
                    "IAM policies accept only characters from U+0020 to U+00FF",
                )
                .with_help("remove the character; ARNs and actions are plain ASCII"),
            );
        }
    }
}
