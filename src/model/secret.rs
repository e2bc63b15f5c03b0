//! Secrets and parameters named in `env`: `secret("name-or-arn")` (Secrets
//! Manager), `parameter("/path")` (SSM Parameter Store), and the explicit
//! `resolve(…)` form that asks CloudFormation for the value at deploy time.
//!
//! This module holds the resolved form only; the builder reads it
//! (`model/build/secrets.rs`), `check` judges it, `emit` writes the ARN, the
//! name or a dynamic reference. lfc never reads a secret's value.

use super::Spanned;

/// Where a secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecretStore {
    /// `secret("…")`: AWS Secrets Manager.
    SecretsManager,
    /// `parameter("…")`: SSM Parameter Store.
    Parameter,
}

impl SecretStore {
    /// The call that names it.
    pub fn keyword(self) -> &'static str {
        match self {
            SecretStore::SecretsManager => "secret",
            SecretStore::Parameter => "parameter",
        }
    }

    /// The one action the function is granted on it.
    pub fn read_action(self) -> &'static str {
        match self {
            SecretStore::SecretsManager => "secretsmanager:GetSecretValue",
            SecretStore::Parameter => "ssm:GetParameter",
        }
    }
}

/// `secret("…")` / `parameter("…")`, maybe inside `resolve(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Secret {
    /// The store.
    pub store: SecretStore,
    /// The name, path or ARN as written.
    pub name: Spanned<String>,
    /// `None`: the function receives the name or ARN and reads the value
    /// itself. `Some`: CloudFormation puts the value in (a dynamic reference).
    pub resolve: Option<Resolve>,
}

/// The `resolve(…)` form.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolve {
    /// For a secret holding JSON, the key to take (`resolve(secret("db"), "password")`).
    pub json_key: Option<Spanned<String>>,
}

impl Secret {
    /// True when the name is a full ARN rather than a name or path.
    pub fn is_arn(&self) -> bool {
        self.name.value.starts_with("arn:")
    }
}
