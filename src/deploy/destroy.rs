//! `lfc destroy`: deletes a stack after saying what CloudFormation keeps
//! (resources with `DeletionPolicy: Retain`: buckets, tables, log groups,
//! versions) and asking, then follows the deletion.
//!
//! A split stack (`--split`, docs/split.md) keeps its resources in nested
//! stacks: their templates are read too, and what each retains is listed
//! with the nested stack that holds it.
//!
//! Must not: empty buckets or delete retained resources.

use std::collections::BTreeMap;

use super::changeset;
use super::errors::{from_sdk, DeployError};
use super::follow::{self, Failure};
use super::{Aws, Ui};

/// A resource left in place when its stack is deleted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retained {
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// The nested stack that holds it (its logical ID in the root, e.g.
    /// `Layer0Part012`) for a split stack; absent for the root's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
}

/// What `lfc destroy` did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// The stack name.
    pub stack: String,
    /// Its final status (`DELETE_COMPLETE` when gone; `null` when interrupted).
    pub status: Option<String>,
    /// What CloudFormation keeps.
    pub retained: Vec<Retained>,
    /// Resources that failed to delete.
    pub failures: Vec<Failure>,
    /// Ctrl-C stopped the following; the deletion goes on.
    pub interrupted: bool,
}

impl Report {
    /// Whether the stack is gone (or going, when interrupted).
    pub fn succeeded(&self) -> bool {
        self.interrupted || self.status.as_deref() == Some("DELETE_COMPLETE")
    }
}

/// The resources that deletion keeps: the root template's, then each nested
/// stack's (`nested`: templates by the logical ID of their
/// `AWS::CloudFormation::Stack`, as [`changeset::deployed_templates`] reads
/// a split stack), each by logical ID.
pub fn retained(root: &str, nested: &BTreeMap<String, String>) -> Vec<Retained> {
    let mut v = retained_in(root, None);
    for (stack, template) in nested {
        v.extend(retained_in(template, Some(stack)));
    }
    v
}

/// The resources of one template that deletion keeps, sorted by logical ID,
/// each marked as held by nested stack `stack` (`None` for the root).
fn retained_in(template: &str, stack: Option<&String>) -> Vec<Retained> {
    let Ok(t) = serde_json::from_str::<serde_json::Value>(template) else {
        return Vec::new();
    };
    let Some(resources) = t.get("Resources").and_then(|r| r.as_object()) else {
        return Vec::new();
    };
    let mut v: Vec<Retained> = resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r["DeletionPolicy"].as_str(),
                Some("Retain" | "RetainExceptOnCreate" | "Snapshot")
            )
        })
        .map(|(id, r)| Retained {
            logical_id: id.clone(),
            resource_type: r["Type"].as_str().unwrap_or_default().to_string(),
            stack: stack.cloned(),
        })
        .collect();
    v.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    v
}

/// What deleting stack `name` keeps, said before asking: each retained
/// resource on a line, with the nested stack that holds it.
fn warning(name: &str, retained: &[Retained]) -> String {
    if retained.is_empty() {
        return format!("deleting stack `{name}` deletes every resource in it");
    }
    let list: Vec<String> = retained
        .iter()
        .map(|r| match &r.stack {
            Some(stack) => format!("  {}  {}  (nested stack {stack})", r.logical_id, r.resource_type),
            None => format!("  {}  {}", r.logical_id, r.resource_type),
        })
        .collect();
    format!(
        "deleting stack `{name}` keeps these resources (DeletionPolicy Retain), with their data:\n{}",
        list.join("\n")
    )
}

/// Starts deleting stack `name`.
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn delete_stack(aws: &Aws, name: &str) -> Result<(), DeployError> {
    aws.cfn
        .delete_stack()
        .stack_name(name)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| from_sdk("cloudformation:DeleteStack", &e))
}

/// Deletes stack `name` after confirmation.
///
/// # Errors
/// A missing stack, no confirmation, or any AWS failure.
pub async fn destroy(aws: &Aws, name: &str, ui: Ui) -> Result<Report, DeployError> {
    if changeset::describe(aws, name).await?.is_none() {
        return Err(DeployError::NoSuchStack {
            stack: name.to_string(),
            region: aws.region.clone(),
        });
    }
    let (root, nested) = changeset::deployed_templates(aws, name).await?.unwrap_or_default();
    let mut report = Report {
        stack: name.to_string(),
        retained: retained(&root, &nested),
        ..Report::default()
    };
    ui.say(warning(name, &report.retained));
    ui.confirm(&format!("delete stack `{name}` in {}?", aws.region), "nothing deleted")?;
    let since = follow::mark(aws, name).await?;
    delete_stack(aws, name).await?;
    match follow::follow_or_interrupt(aws, name, &since, 0, ui).await? {
        Some(outcome) => {
            report.status = Some(outcome.status);
            report.failures = outcome.failures;
        }
        None => report.interrupted = true,
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{retained, warning, Retained};

    #[test]
    fn retained_resources_are_listed_by_id() {
        let t = r#"{"Resources":{
            "B":{"Type":"AWS::S3::Bucket","DeletionPolicy":"Retain"},
            "A":{"Type":"AWS::DynamoDB::Table","DeletionPolicy":"Retain"},
            "F":{"Type":"AWS::Lambda::Function"}}}"#;
        let ids: Vec<String> = retained(t, &BTreeMap::new())
            .into_iter()
            .map(|r| r.logical_id)
            .collect();
        assert_eq!(ids, ["A", "B"]);
        assert!(retained("not json", &BTreeMap::new()).is_empty());
    }

    #[test]
    fn a_split_stack_lists_what_each_nested_stack_retains() {
        let root = r#"{"Resources":{
            "Layer0Part001":{"Type":"AWS::CloudFormation::Stack"},
            "Layer1Part002":{"Type":"AWS::CloudFormation::Stack"}}}"#;
        let nested: BTreeMap<String, String> = [
            (
                "Layer0Part001",
                r#"{"Resources":{"OrdersTable":{"Type":"AWS::DynamoDB::Table","DeletionPolicy":"Retain"},
                    "JobsQueue":{"Type":"AWS::SQS::Queue"}}}"#,
            ),
            (
                "Layer1Part002",
                r#"{"Resources":{"ApiLogGroup":{"Type":"AWS::Logs::LogGroup","DeletionPolicy":"RetainExceptOnCreate"}}}"#,
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let held = |id: &str, ty: &str, stack: &str| Retained {
            logical_id: id.into(),
            resource_type: ty.into(),
            stack: Some(stack.into()),
        };
        assert_eq!(
            retained(root, &nested),
            [
                held("OrdersTable", "AWS::DynamoDB::Table", "Layer0Part001"),
                held("ApiLogGroup", "AWS::Logs::LogGroup", "Layer1Part002"),
            ]
        );
        assert_eq!(
            warning("shop", &retained(root, &nested)),
            "deleting stack `shop` keeps these resources (DeletionPolicy Retain), with their data:\n  \
             OrdersTable  AWS::DynamoDB::Table  (nested stack Layer0Part001)\n  \
             ApiLogGroup  AWS::Logs::LogGroup  (nested stack Layer1Part002)"
        );
        assert_eq!(
            warning("shop", &[]),
            "deleting stack `shop` deletes every resource in it"
        );
    }
}
