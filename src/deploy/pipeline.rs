//! `lfc deploy` from start to end: stack state, assets, change set, the
//! changes shown, confirmation, execution and following. [`apply`] is the
//! part shared with `lfc bootstrap`.
//!
//! Must not: compile, render diagnostics or choose exit codes (the CLI does,
//! from the [`Report`]).

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_cloudformation::types::StackStatus;
use serde_json::Value;

use super::assets::{self, Body, Object, UploadReport};
use super::changeset::{self, Change, Prepared, StackParameter, Submission, TemplateSource};
use super::follow::{self, Failure};
use super::{bootstrap, parameters, Aws, DeployError, Ui};
use crate::emit::ASSETS_PARAMETER;
use crate::package::Asset;

/// What to deploy.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The stack name.
    pub stack: &'a str,
    /// The template (the root, when split), canonical JSON.
    pub template: &'a str,
    /// The template's `Parameters`.
    pub declared: &'a BTreeMap<String, Value>,
    /// Values given for them, by logical ID (checked by
    /// [`parameters::given_values`]).
    pub given: BTreeMap<String, String>,
    /// Code zips the template names.
    pub assets: Vec<&'a Asset>,
    /// Nested templates (`--split`), at the keys the root's `TemplateURL`s name.
    pub nested: Vec<Object<'a>>,
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
    /// The parameters passed (`(previous value)` for kept ones, `****` for
    /// `NoEcho` ones), `LfcAssetsBucket` aside.
    pub parameters: BTreeMap<String, String>,
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
    pub outputs: BTreeMap<String, String>,
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
/// Every AWS failure, a busy stack, a parameter without a value, or no confirmation.
pub async fn deploy(aws: &Aws, req: &Request<'_>, ui: Ui) -> Result<Report, DeployError> {
    let deployed = prepare_stack(aws, req.stack, ui).await?;
    if deployed.is_some() {
        keep_shape(aws, req.stack, !req.nested.is_empty()).await?;
    }
    let stack_parameters = parameters::for_change_set(req.declared, &req.given, deployed.as_ref())?;
    let mut report = Report {
        stack: req.stack.to_string(),
        parameters: parameters::shown(req.declared, &stack_parameters),
        ..Report::default()
    };
    if !report.parameters.is_empty() {
        let list: Vec<String> = report.parameters.iter().map(|(k, v)| format!("{k}={v}")).collect();
        ui.say(format!("parameters: {}", list.join(", ")));
    }
    let mut submission = Submission {
        template: TemplateSource::Body(req.template.to_string()),
        parameters: Vec::new(),
        nested: !req.nested.is_empty(),
    };
    let large = req.template.len() > crate::data::limits::TEMPLATE_INLINE_MAX_BYTES;
    let takes_bucket = req.declared.contains_key(ASSETS_PARAMETER);
    if takes_bucket || large || !req.assets.is_empty() || submission.nested {
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
            .map(|(key, a)| Object {
                key,
                body: Body::Bytes(&a.bytes),
            })
            .collect();
        // Nested templates before the root that names them.
        objects.extend(req.nested.iter().copied());
        if large {
            objects.push(Object {
                key: &template_key,
                body: Body::Bytes(req.template.as_bytes()),
            });
            submission.template = TemplateSource::Url(assets::template_url(aws, &bucket, &template_key));
        }
        let UploadReport { uploaded, skipped } = assets::upload(aws, &bucket, &objects).await?;
        ui.say(format!(
            "{} object(s) uploaded to {bucket}, {} already there",
            uploaded.len(),
            skipped.len()
        ));
        (report.uploaded, report.skipped) = (uploaded, skipped);
        if takes_bucket {
            submission.parameters.push(StackParameter {
                key: ASSETS_PARAMETER.to_string(),
                value: Some(bucket.clone()),
            });
        }
        report.bucket = Some(bucket);
    }
    submission.parameters.extend(stack_parameters);
    apply(
        aws,
        req.stack,
        &submission,
        deployed.is_none(),
        req.no_execute,
        ui,
        report,
    )
    .await
}

/// The deployed stack's parameter keys, or `None` when the next change set
/// creates the stack. A stack left in `ROLLBACK_COMPLETE` by a failed first
/// create is deleted first; a stack in the middle of an operation is
/// [`DeployError::Busy`].
async fn prepare_stack(aws: &Aws, name: &str, ui: Ui) -> Result<Option<BTreeSet<String>>, DeployError> {
    let Some(stack) = changeset::describe(aws, name).await? else {
        return Ok(None);
    };
    let status = stack.stack_status().cloned().unwrap_or(StackStatus::ReviewInProgress);
    match status {
        StackStatus::ReviewInProgress => Ok(None),
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
            Ok(None)
        }
        s if !follow::is_terminal(s.as_str()) => Err(DeployError::Busy {
            stack: name.to_string(),
            status: s.as_str().to_string(),
        }),
        _ => Ok(Some(
            stack
                .parameters()
                .iter()
                .filter_map(|p| p.parameter_key().map(str::to_string))
                .collect(),
        )),
    }
}

/// Each failure of a nested stack followed by the failures inside it (read
/// from the nested stack's events since `since`), which name the resources
/// and carry CloudFormation's real reasons.
///
/// # Errors
/// Whatever CloudFormation answered.
pub(super) async fn with_nested_failures(
    aws: &Aws,
    since: &follow::Mark,
    failures: Vec<Failure>,
) -> Result<Vec<Failure>, DeployError> {
    let mut out = Vec::with_capacity(failures.len());
    for f in failures {
        let nested = follow::embedded_stack(&f).map(str::to_string);
        let stack = f.logical_id.clone();
        out.push(f);
        if let Some(arn) = nested {
            // The nested stack is final once its root is: this reads its events and returns.
            let quiet = Ui { json: true, yes: true };
            let inner = follow::follow(aws, &arn, since, 0, quiet).await?;
            out.extend(inner.failures.into_iter().map(|f| Failure {
                stack: Some(stack.clone()),
                ..f
            }));
        }
    }
    Ok(out)
}

/// Refuses to deploy `stack` split when it was deployed whole, or whole when
/// it was deployed split: every resource would change stacks, and a
/// resource that changes stacks is replaced.
///
/// # Errors
/// [`DeployError::Reshape`], or whatever CloudFormation answered.
async fn keep_shape(aws: &Aws, stack: &str, split: bool) -> Result<(), DeployError> {
    let Some(text) = changeset::deployed_template(aws, stack).await? else {
        return Ok(());
    };
    let deployed_split = is_split(&text);
    if deployed_split == split {
        Ok(())
    } else {
        Err(DeployError::Reshape {
            stack: stack.to_string(),
            deployed_split,
        })
    }
}

/// Whether a deployed template is the root of `lfc build --split` (a nested
/// stack whose `lfc:source` is `…#split.<stack>`).
pub fn is_split(template: &str) -> bool {
    let Ok(t) = serde_json::from_str::<Value>(template) else {
        return false;
    };
    t.get("Resources").and_then(Value::as_object).is_some_and(|resources| {
        resources.values().any(|r| {
            r.get("Type").and_then(Value::as_str) == Some("AWS::CloudFormation::Stack")
                && r.pointer("/Metadata/lfc:source")
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.contains("#split."))
        })
    })
}

/// Creates a change set, shows it, asks, executes and follows it.
pub async fn apply(
    aws: &Aws,
    stack: &str,
    submission: &Submission,
    creates: bool,
    no_execute: bool,
    ui: Ui,
    mut report: Report,
) -> Result<Report, DeployError> {
    report.stack = stack.to_string();
    let (id, changes) = match changeset::create(aws, stack, submission, creates).await? {
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
    // The root's events are followed: its own changes (a nested stack's count as one).
    let total = report.changes.iter().filter(|c| c.stack.is_none()).count();
    let Some(outcome) = follow::follow_or_interrupt(aws, stack, &since, total, ui).await? else {
        report.interrupted = true;
        return Ok(report);
    };
    report.outputs = super::status::outputs(aws, stack).await?;
    report.status = Some(outcome.status);
    report.failures = with_nested_failures(aws, &since, outcome.failures).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_split_root_is_told_from_a_whole_template() {
        let root = r#"{"Resources": {"Layer0Part001": {"Type": "AWS::CloudFormation::Stack",
            "Metadata": {"lfc:source": "stack.lf#split.Layer0Part001"}}}}"#;
        assert!(super::is_split(root));
        let whole =
            r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": {"lfc:source": "stack.lf#queue.q"}}}}"#;
        assert!(!super::is_split(whole));
        let foreign = r#"{"Resources": {"N": {"Type": "AWS::CloudFormation::Stack"}}}"#;
        assert!(!super::is_split(foreign));
        assert!(!super::is_split("Resources: {}"));
    }
}
