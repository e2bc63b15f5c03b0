//! `lfc deploy` from start to end: stack state, assets, change set, the
//! changes shown, confirmation, execution and following. [`apply`] is the
//! part shared with `lfc bootstrap`.
//!
//! Must not: compile, render diagnostics or choose exit codes (the CLI does,
//! from the [`Report`]).

use aws_sdk_cloudformation::types::StackStatus;

use super::assets::{self, Object, UploadReport};
use super::changeset::{self, Change, Prepared, TemplateSource};
use super::follow::{self, Failure};
use super::{bootstrap, Aws, DeployError, Ui};
use crate::emit::ASSETS_PARAMETER;
use crate::package::Asset;

/// What to deploy.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The stack name.
    pub stack: &'a str,
    /// The template, canonical JSON.
    pub template: &'a str,
    /// Whether the template takes the assets bucket as a parameter.
    pub takes_bucket: bool,
    /// Code zips the template names.
    pub assets: Vec<&'a Asset>,
    /// `--bucket`; otherwise the bootstrap stack's bucket.
    pub bucket: Option<&'a str>,
    /// `--no-execute`: leave the change set for review.
    pub no_execute: bool,
}

/// What happened.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// The stack name.
    pub stack: String,
    /// Its status at the end (`null` when nothing was executed).
    pub status: Option<String>,
    /// The assets bucket used.
    pub bucket: Option<String>,
    /// Objects uploaded and skipped.
    pub uploaded: Vec<String>,
    /// Objects already in the bucket.
    pub skipped: Vec<String>,
    /// The change set's changes.
    pub changes: Vec<Change>,
    /// The change set left for review (`--no-execute`).
    pub change_set: Option<String>,
    /// The stack already matched the template.
    pub no_changes: bool,
    /// Ctrl-C stopped the following; the operation goes on.
    pub interrupted: bool,
    /// Resources that failed.
    pub failures: Vec<Failure>,
    /// The stack's outputs.
    pub outputs: std::collections::BTreeMap<String, String>,
}

impl Report {
    /// Whether the command did what was asked.
    pub fn succeeded(&self) -> bool {
        self.no_changes
            || self.change_set.is_some()
            || self.interrupted
            || self
                .status
                .as_deref()
                .is_some_and(|s| matches!(s, "CREATE_COMPLETE" | "UPDATE_COMPLETE"))
    }
}

/// Deploys `req` (see the module comment).
///
/// # Errors
/// Every AWS failure, a busy stack, or no confirmation.
pub async fn deploy(aws: &Aws, req: &Request<'_>, ui: Ui) -> Result<Report, DeployError> {
    let creates = prepare_stack(aws, req.stack, ui).await?;
    let large = req.template.len() > crate::data::limits::TEMPLATE_INLINE_MAX_BYTES;
    let mut report = Report {
        stack: req.stack.to_string(),
        ..Report::default()
    };
    let mut parameters = Vec::new();
    let mut source = TemplateSource::Body(req.template.to_string());
    if req.takes_bucket || large || !req.assets.is_empty() {
        let bucket = match req.bucket {
            Some(b) => b.to_string(),
            None => bootstrap::assets_bucket(aws)
                .await?
                .ok_or_else(|| DeployError::NoBucket {
                    region: aws.region.clone(),
                })?,
        };
        assets::check_bucket(aws, &bucket).await?;
        let template_key = assets::template_key(req.template);
        let keys: Vec<String> = req.assets.iter().map(|a| assets::asset_key(a)).collect();
        let mut objects: Vec<Object<'_>> = keys
            .iter()
            .zip(&req.assets)
            .map(|(key, a)| Object { key, bytes: &a.bytes })
            .collect();
        if large {
            objects.push(Object {
                key: &template_key,
                bytes: req.template.as_bytes(),
            });
            source = TemplateSource::Url(assets::template_url(aws, &bucket, &template_key));
        }
        let UploadReport { uploaded, skipped } = assets::upload(aws, &bucket, &objects).await?;
        ui.say(format!(
            "{} object(s) uploaded to {bucket}, {} already there",
            uploaded.len(),
            skipped.len()
        ));
        (report.uploaded, report.skipped) = (uploaded, skipped);
        if req.takes_bucket {
            parameters.push((ASSETS_PARAMETER.to_string(), bucket.clone()));
        }
        report.bucket = Some(bucket);
    }
    apply(
        aws,
        req.stack,
        &source,
        &parameters,
        creates,
        req.no_execute,
        ui,
        report,
    )
    .await
}

/// Whether the next change set creates the stack. A stack left in
/// `ROLLBACK_COMPLETE` by a failed first create is deleted first; a stack in
/// the middle of an operation is [`DeployError::Busy`].
async fn prepare_stack(aws: &Aws, name: &str, ui: Ui) -> Result<bool, DeployError> {
    let Some(stack) = changeset::describe(aws, name).await? else {
        return Ok(true);
    };
    let status = stack.stack_status().cloned().unwrap_or(StackStatus::ReviewInProgress);
    match status {
        StackStatus::ReviewInProgress => Ok(true),
        StackStatus::RollbackComplete => {
            ui.say(format!(
                "stack `{name}` is in ROLLBACK_COMPLETE after a failed first deploy and cannot be updated: deleting it first"
            ));
            let since = follow::mark(aws, name).await?;
            super::destroy::delete_stack(aws, name).await?;
            let outcome = follow::follow(aws, name, &since, 0, ui).await?;
            if outcome.status != "DELETE_COMPLETE" {
                return Err(DeployError::Failed {
                    stack: name.to_string(),
                    status: outcome.status,
                });
            }
            Ok(true)
        }
        s if !follow::is_terminal(s.as_str()) => Err(DeployError::Busy {
            stack: name.to_string(),
            status: s.as_str().to_string(),
        }),
        _ => Ok(false),
    }
}

/// Creates a change set, shows it, asks, executes and follows it.
#[allow(clippy::too_many_arguments)] // each is one fact about this deploy; a struct would only rename them
pub async fn apply(
    aws: &Aws,
    stack: &str,
    template: &TemplateSource,
    parameters: &[(String, String)],
    creates: bool,
    no_execute: bool,
    ui: Ui,
    mut report: Report,
) -> Result<Report, DeployError> {
    report.stack = stack.to_string();
    let (id, changes) = match changeset::create(aws, stack, template, parameters, creates).await? {
        Prepared::NoChanges => {
            ui.say(format!("stack `{stack}` is up to date: no changes to deploy"));
            report.no_changes = true;
            return Ok(report);
        }
        Prepared::Ready { id, changes, .. } => (id, changes),
    };
    ui.say(format!(
        "{} stack `{stack}`: {} change(s)\n{}",
        if creates { "creating" } else { "updating" },
        changes.len(),
        changeset::render_changes(&changes).trim_end()
    ));
    report.changes = changes;
    if no_execute {
        ui.say(format!("change set left for review (--no-execute): {id}"));
        report.change_set = Some(id);
        return Ok(report);
    }
    if let Err(e) = ui.confirm(&format!("deploy these changes to `{stack}`?"), "nothing deployed") {
        changeset::delete(aws, &id).await?;
        if creates {
            // A stack made only to hold the change set would linger in REVIEW_IN_PROGRESS.
            super::destroy::delete_stack(aws, stack).await?;
        }
        return Err(e);
    }
    let since = follow::mark(aws, stack).await?;
    changeset::execute(aws, &id).await?;
    let Some(outcome) = follow::follow_or_interrupt(aws, stack, &since, report.changes.len(), ui).await? else {
        report.interrupted = true;
        return Ok(report);
    };
    report.outputs = super::status::outputs(aws, stack).await?;
    report.status = Some(outcome.status);
    report.failures = outcome.failures;
    Ok(report)
}
