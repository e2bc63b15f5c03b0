//! Stacks and change sets: what is deployed now ([`describe`],
//! [`deployed_template`], [`deployed_templates`]), a change set for a new
//! template ([`create`]), its changes, and executing or deleting it.
//!
//! "No changes" comes in two forms from AWS (an immediate `ValidationError`,
//! or a change set that ends `FAILED` saying so); both are [`Prepared::NoChanges`]
//! and leave no change set behind. Must not: follow events or ask anything.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::types::{Capability, ChangeSetStatus, ChangeSetType, Parameter, Stack};

use super::errors::{from_sdk, DeployError};
use super::Aws;

/// How the template reaches CloudFormation.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// Inline, up to 51,200 bytes.
    Body(String),
    /// An S3 URL, for larger templates.
    Url(String),
}

/// What a change set submits.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The template.
    pub template: TemplateSource,
    /// Its parameters.
    pub parameters: Vec<StackParameter>,
    /// Whether the template holds nested stacks (`lfc deploy --split`), which
    /// CloudFormation expands with `CAPABILITY_AUTO_EXPAND`.
    pub nested: bool,
}

impl Submission {
    /// A template without parameters or nested stacks.
    pub fn plain(template: TemplateSource) -> Submission {
        Submission {
            template,
            parameters: Vec::new(),
            nested: false,
        }
    }
}

/// One parameter of a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackParameter {
    /// The parameter's logical ID.
    pub key: String,
    /// Its value; `None` keeps the stack's current value (`UsePreviousValue`).
    pub value: Option<String>,
}

/// One change a change set would make.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// `Add`, `Modify`, `Remove`, …
    pub action: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// `True`, `False` or `Conditional` for modifications.
    pub replacement: Option<String>,
    /// The nested stack (its logical ID in the root) the change is made in,
    /// for a split stack's nested change sets; left out for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
}

/// A change set ready to execute, or nothing to do.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// The deployed stack already matches the template.
    NoChanges,
    /// A change set in `CREATE_COMPLETE`.
    Ready {
        /// Its ARN.
        id: String,
        /// Whether it creates the stack.
        creates: bool,
        /// What it changes.
        changes: Vec<Change>,
    },
}

/// How often a change set's or stack's status is polled.
pub const POLL: Duration = Duration::from_millis(1500);

/// The stack named `name`, if it exists.
///
/// # Errors
/// Whatever CloudFormation answered, except "does not exist".
pub async fn describe(aws: &Aws, name: &str) -> Result<Option<Stack>, DeployError> {
    match aws.cfn.describe_stacks().stack_name(name).send().await {
        Ok(out) => Ok(out.stacks().first().cloned()),
        Err(e) if is_missing(&e) => Ok(None),
        Err(e) => Err(from_sdk("cloudformation:DescribeStacks", &e)),
    }
}

/// The template deployed as stack `name` (as submitted), if the stack exists.
/// `lfc diff --stack` compares it with a freshly built one.
///
/// # Errors
/// Whatever CloudFormation answered, except "does not exist".
pub async fn deployed_template(aws: &Aws, name: &str) -> Result<Option<String>, DeployError> {
    let call = aws
        .cfn
        .get_template()
        .stack_name(name)
        .template_stage(aws_sdk_cloudformation::types::TemplateStage::Original)
        .send()
        .await;
    match call {
        Ok(out) => Ok(out.template_body().map(str::to_string)),
        Err(e) if is_missing(&e) => Ok(None),
        Err(e) => Err(from_sdk("cloudformation:GetTemplate", &e)),
    }
}

/// The templates of stack `name`'s nested stacks (its
/// `AWS::CloudFormation::Stack` resources, as submitted), by logical ID;
/// read through [`deployed_templates`].
///
/// # Errors
/// Whatever CloudFormation answered.
async fn nested_templates(aws: &Aws, name: &str) -> Result<BTreeMap<String, String>, DeployError> {
    let mut stacks = Vec::new();
    let mut token = None;
    loop {
        let out = aws
            .cfn
            .list_stack_resources()
            .stack_name(name)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk("cloudformation:ListStackResources", &e))?;
        stacks.extend(
            out.stack_resource_summaries()
                .iter()
                .filter(|r| r.resource_type() == Some("AWS::CloudFormation::Stack"))
                .filter_map(|r| {
                    Some((
                        r.logical_resource_id()?.to_string(),
                        r.physical_resource_id()?.to_string(),
                    ))
                }),
        );
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut templates = BTreeMap::new();
    for (id, physical) in stacks {
        if let Some(text) = deployed_template(aws, &physical).await? {
            templates.insert(id, text);
        }
    }
    Ok(templates)
}

/// The template deployed as stack `name` and, when it is the root of a
/// split stack ([`super::pipeline::is_split`]), its nested stacks' templates
/// by logical ID; `None` when the stack does not exist. `lfc diff --stack`
/// compares them, `lfc destroy` lists what they retain.
///
/// # Errors
/// Whatever CloudFormation answered, except "does not exist".
pub async fn deployed_templates(
    aws: &Aws,
    name: &str,
) -> Result<Option<(String, BTreeMap<String, String>)>, DeployError> {
    let Some(root) = deployed_template(aws, name).await? else {
        return Ok(None);
    };
    let nested = if super::pipeline::is_split(&root) {
        nested_templates(aws, name).await?
    } else {
        BTreeMap::new()
    };
    Ok(Some((root, nested)))
}

/// Whether an AWS error says the stack named does not exist.
pub(super) fn is_missing<E: ProvideErrorMetadata>(e: &E) -> bool {
    e.code() == Some("ValidationError") && e.message().is_some_and(|m| m.contains("does not exist"))
}

/// Whether a message is one of AWS's ways of saying "nothing to change".
pub fn means_no_changes(message: &str) -> bool {
    message.contains("No updates are to be performed") || message.contains("didn't contain changes")
}

/// Creates a change set for `stack` and waits until it is ready.
///
/// # Errors
/// Whatever CloudFormation answered; a change set that fails for another
/// reason than "no changes" is deleted and reported.
pub async fn create(aws: &Aws, stack: &str, submission: &Submission, creates: bool) -> Result<Prepared, DeployError> {
    let name = format!("lfc-{}", unix_seconds());
    let mut call = aws
        .cfn
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&name)
        .change_set_type(if creates {
            ChangeSetType::Create
        } else {
            ChangeSetType::Update
        })
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .description("made by lfc deploy");
    if submission.nested {
        // Nested change sets too, so the changes inside nested stacks are shown.
        call = call
            .capabilities(Capability::CapabilityAutoExpand)
            .include_nested_stacks(true);
    }
    call = match &submission.template {
        TemplateSource::Body(b) => call.template_body(b),
        TemplateSource::Url(u) => call.template_url(u),
    };
    for p in &submission.parameters {
        let builder = Parameter::builder().parameter_key(&p.key);
        call = call.parameters(match &p.value {
            Some(v) => builder.parameter_value(v).build(),
            None => builder.use_previous_value(true).build(),
        });
    }
    let id = match call.send().await {
        Ok(out) => out.id().unwrap_or(&name).to_string(),
        Err(e) if e.message().is_some_and(means_no_changes) => return Ok(Prepared::NoChanges),
        Err(e) => return Err(from_sdk("cloudformation:CreateChangeSet", &e)),
    };
    loop {
        let (status, reason, changes) = describe_change_set(aws, &id).await?;
        match status {
            ChangeSetStatus::CreateComplete => {
                let changes = with_nested_changes(aws, changes).await?;
                return Ok(Prepared::Ready { id, creates, changes });
            }
            ChangeSetStatus::Failed => {
                delete(aws, &id).await?;
                return if means_no_changes(&reason) {
                    Ok(Prepared::NoChanges)
                } else {
                    Err(DeployError::Api {
                        action: "cloudformation:CreateChangeSet".into(),
                        code: "FAILED".into(),
                        message: reason,
                    })
                };
            }
            _ => tokio::time::sleep(POLL).await,
        }
    }
}

/// A change, and the nested change set it stands for (a nested stack's).
type Described = (Change, Option<String>);

/// The status, status reason and every change of change set `id`.
async fn describe_change_set(aws: &Aws, id: &str) -> Result<(ChangeSetStatus, String, Vec<Described>), DeployError> {
    let mut changes = Vec::new();
    let mut token = None;
    loop {
        let out = aws
            .cfn
            .describe_change_set()
            .change_set_name(id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| from_sdk("cloudformation:DescribeChangeSet", &e))?;
        changes.extend(out.changes().iter().filter_map(|c| c.resource_change()).map(|r| {
            let change = Change {
                action: r.action().map_or_else(String::new, |a| a.as_str().to_string()),
                logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                resource_type: r.resource_type().unwrap_or_default().to_string(),
                replacement: r.replacement().map(|x| x.as_str().to_string()),
                stack: None,
            };
            (change, r.change_set_id().map(str::to_string))
        }));
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            let status = out.status().cloned().unwrap_or(ChangeSetStatus::CreatePending);
            return Ok((status, out.status_reason().unwrap_or_default().to_string(), changes));
        }
    }
}

/// The root's changes, each nested stack's followed by the changes of its
/// nested change set (one level: lfc's split has one).
async fn with_nested_changes(aws: &Aws, changes: Vec<Described>) -> Result<Vec<Change>, DeployError> {
    let mut out = Vec::with_capacity(changes.len());
    for (change, nested) in changes {
        let stack = change.logical_id.clone();
        out.push(change);
        if let Some(id) = nested {
            let (_, _, inner) = describe_change_set(aws, &id).await?;
            out.extend(inner.into_iter().map(|(c, _)| Change {
                stack: Some(stack.clone()),
                ..c
            }));
        }
    }
    Ok(out)
}

/// Executes a ready change set.
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn execute(aws: &Aws, id: &str) -> Result<(), DeployError> {
    aws.cfn
        .execute_change_set()
        .change_set_name(id)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| from_sdk("cloudformation:ExecuteChangeSet", &e))
}

/// Deletes a change set that will not be executed.
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn delete(aws: &Aws, id: &str) -> Result<(), DeployError> {
    aws.cfn
        .delete_change_set()
        .change_set_name(id)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| from_sdk("cloudformation:DeleteChangeSet", &e))
}

/// The changes as a table: action, logical ID, type, replacement.
pub fn render_changes(changes: &[Change]) -> String {
    let width = |f: fn(&Change) -> usize| changes.iter().map(f).max().unwrap_or(0);
    let (wa, wi, wt) = (
        width(|c| c.action.len()),
        width(|c| c.logical_id.len()),
        width(|c| c.resource_type.len()),
    );
    let mut out = String::new();
    for c in changes {
        let replacement = match c.replacement.as_deref() {
            Some("True") => "  replaced",
            Some("Conditional") => "  may be replaced",
            _ => "",
        };
        let stack = c.stack.as_ref().map(|s| format!("  (in {s})")).unwrap_or_default();
        let line = format!(
            "  {:wa$}  {:wi$}  {:wt$}{replacement}{stack}",
            c.action, c.logical_id, c.resource_type
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_no_change_forms_are_recognised() {
        assert!(means_no_changes("No updates are to be performed."));
        assert!(means_no_changes(
            "The submitted information didn't contain changes. Submit different information to create a change set."
        ));
        assert!(!means_no_changes("Template format error: unknown resource type"));
    }

    #[test]
    fn changes_render_as_an_aligned_table_with_replacements() {
        let c = |a: &str, id: &str, t: &str, r: Option<&str>| Change {
            action: a.into(),
            logical_id: id.into(),
            resource_type: t.into(),
            replacement: r.map(str::to_string),
            stack: None,
        };
        let table = render_changes(&[
            c("Modify", "WorkerFunction", "AWS::Lambda::Function", Some("False")),
            c("Modify", "OrdersTable", "AWS::DynamoDB::Table", Some("True")),
            c("Add", "Q", "AWS::SQS::Queue", None),
        ]);
        assert_eq!(
            table,
            "  Modify  WorkerFunction  AWS::Lambda::Function\n  Modify  OrdersTable     AWS::DynamoDB::Table   replaced\n  Add     Q               AWS::SQS::Queue\n"
        );
    }
}
