//! Deploying through the CloudFormation and S3 APIs (cargo feature `deploy`):
//! `lfc deploy`, `lfc bootstrap`, `lfc destroy` and `lfc status`.
//!
//! Split by concern: [`assets`] uploads code, nested and large templates,
//! [`parameters`] checks and completes the stack's parameter values, [`changeset`]
//! creates, shows and executes change sets, [`follow`] follows stack events to
//! a terminal state and maps failures back to `.lf` declarations,
//! [`bootstrap`] makes the assets bucket, [`destroy`] and [`status`] are the
//! other two commands, [`errors`] turns every SDK failure into one actionable
//! line. This module sets up the clients ([`Aws::connect`]).
//!
//! Must not: compile (the CLI hands over a compiled template and assets),
//! read or write files, or exit the process; everything a human reads goes
//! through [`Ui`].

pub mod assets;
pub mod bootstrap;
pub mod changeset;
pub mod destroy;
pub mod errors;
pub mod follow;
pub mod parameters;
pub mod pipeline;
pub mod status;

#[cfg(test)]
mod replay_tests;

use std::io::{IsTerminal, Write};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudformation::Client as CfnClient;
use aws_sdk_s3::Client as S3Client;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};

pub use errors::DeployError;

/// Where to deploy: the standard AWS settings, overridable on the command line.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// `--profile`: a named profile of `~/.aws/config`.
    pub profile: Option<String>,
    /// `--region`: overrides the environment and the profile.
    pub region: Option<String>,
}

/// The clients of one account and region.
#[derive(Debug, Clone)]
pub struct Aws {
    /// CloudFormation.
    pub cfn: CfnClient,
    /// S3 (path-style addressing when an endpoint URL is set, as local emulators need).
    pub s3: S3Client,
    /// The region everything goes to.
    pub region: String,
}

/// Tries per request, throttling included, unless `AWS_MAX_ATTEMPTS` says otherwise.
const MAX_ATTEMPTS: u32 = 5;

impl Aws {
    /// Loads configuration through the standard chain (environment,
    /// profiles, SSO, process credentials, IMDS; `AWS_ENDPOINT_URL`), over
    /// one rustls HTTPS client.
    ///
    /// # Errors
    /// [`DeployError::NoRegion`] when no region is set anywhere.
    pub async fn connect(target: &Target) -> Result<Aws, DeployError> {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http);
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &target.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            loader = loader.retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
        }
        Aws::from_config(&loader.load().await)
    }

    /// Clients for an already loaded configuration.
    ///
    /// # Errors
    /// [`DeployError::NoRegion`] when the configuration has no region.
    pub fn from_config(config: &aws_config::SdkConfig) -> Result<Aws, DeployError> {
        let region = config.region().ok_or(DeployError::NoRegion)?.to_string();
        let s3_config = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(config.endpoint_url().is_some())
            .build();
        Ok(Aws {
            cfn: CfnClient::new(config),
            s3: S3Client::from_conf(s3_config),
            region,
        })
    }
}

/// How a command talks to the person (or program) running it.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// `--format json`: no progress display, no prose on stdout.
    pub json: bool,
    /// `--yes`: never ask.
    pub yes: bool,
}

impl Ui {
    /// A line of progress on stderr.
    pub fn say(&self, text: impl std::fmt::Display) {
        eprintln!("lfc: {text}");
    }

    /// Whether a progress bar can be drawn.
    pub fn interactive(&self) -> bool {
        !self.json && std::io::stderr().is_terminal()
    }

    /// Asks `question` on the terminal unless `--yes`. Without `--yes` and
    /// without a terminal on stdin it refuses rather than guess.
    ///
    /// # Errors
    /// [`DeployError::NotConfirmed`] when the answer is not yes.
    pub fn confirm(&self, question: &str, refused: &str) -> Result<(), DeployError> {
        if self.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            return Err(DeployError::NotConfirmed(format!(
                "{refused}: standard input is not a terminal, so pass --yes to go ahead"
            )));
        }
        eprint!("lfc: {question} [y/N] ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        if matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            Ok(())
        } else {
            Err(DeployError::NotConfirmed(format!("{refused}: not confirmed")))
        }
    }
}

/// A fresh single-threaded runtime for one command.
///
/// # Errors
/// When the operating system refuses the timer or signal handles.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()
}
