//! `lfc status`: a deployed stack's state, its last events and its outputs;
//! with `--follow`, an operation in progress followed to its end.
//!
//! Must not: change anything in AWS.

use std::collections::BTreeMap;

use super::changeset;
use super::errors::{from_sdk, DeployError};
use super::follow::{self, Failure};
use super::{Aws, Ui};

/// How many recent events `lfc status` shows.
pub const LAST_EVENTS: usize = 10;

/// One stack event, as shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    /// When, RFC 3339.
    pub time: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its status.
    pub status: String,
    /// CloudFormation's reason, if any.
    pub reason: String,
}

/// What `lfc status` found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// The stack name.
    pub stack: String,
    /// Its status.
    pub status: String,
    /// Its status reason.
    pub reason: Option<String>,
    /// The last events, newest first.
    pub events: Vec<Event>,
    /// Its outputs.
    pub outputs: BTreeMap<String, String>,
    /// Failures seen while following.
    pub failures: Vec<Failure>,
    /// Ctrl-C stopped the following.
    pub interrupted: bool,
}

impl Report {
    /// Whether the stack is in a healthy final state.
    pub fn succeeded(&self) -> bool {
        self.interrupted || self.status.ends_with("_COMPLETE") && !self.status.contains("ROLLBACK")
    }
}

/// The outputs of stack `name`, by key.
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn outputs(aws: &Aws, name: &str) -> Result<BTreeMap<String, String>, DeployError> {
    let stack = changeset::describe(aws, name).await?;
    Ok(stack
        .iter()
        .flat_map(|s| s.outputs())
        .map(|o| {
            (
                o.output_key().unwrap_or_default().to_string(),
                o.output_value().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// The state of stack `name`; with `follow_on`, an operation in progress is
/// followed first.
///
/// # Errors
/// A missing stack, or any AWS failure.
pub async fn status(aws: &Aws, name: &str, follow_on: bool, ui: Ui) -> Result<Report, DeployError> {
    let missing = || DeployError::NoSuchStack {
        stack: name.to_string(),
        region: aws.region.clone(),
    };
    let stack = changeset::describe(aws, name).await?.ok_or_else(missing)?;
    let mut report = Report {
        stack: name.to_string(),
        ..Report::default()
    };
    let in_progress = stack.stack_status().is_some_and(|s| !follow::is_terminal(s.as_str()));
    if follow_on && in_progress {
        match follow::follow_or_interrupt(aws, name, &follow::mark(aws, name).await?, 0, ui).await? {
            Some(outcome) => report.failures = outcome.failures,
            None => report.interrupted = true,
        }
    }
    let stack = changeset::describe(aws, name).await?.ok_or_else(missing)?;
    report.status = stack.stack_status().map(|s| s.as_str().to_string()).unwrap_or_default();
    report.reason = stack.stack_status_reason().map(str::to_string);
    let events = aws
        .cfn
        .describe_stack_events()
        .stack_name(name)
        .send()
        .await
        .map_err(|e| from_sdk("cloudformation:DescribeStackEvents", &e))?;
    report.events = events
        .stack_events()
        .iter()
        .take(LAST_EVENTS)
        .map(|e| Event {
            time: e
                .timestamp()
                .and_then(|t| t.fmt(aws_sdk_cloudformation::primitives::DateTimeFormat::DateTime).ok())
                .unwrap_or_default(),
            logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
            status: e.resource_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            reason: e.resource_status_reason().unwrap_or_default().to_string(),
        })
        .collect();
    report.outputs = outputs(aws, name).await?;
    Ok(report)
}
