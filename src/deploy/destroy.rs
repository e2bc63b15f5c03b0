//! `lfc destroy`: deletes a stack after saying what CloudFormation keeps
//! (resources with `DeletionPolicy: Retain`: buckets, tables, log groups,
//! versions) and asking, then follows the deletion.
//!
//! Must not: empty buckets or delete retained resources.

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

/// The resources of a template that deletion keeps, by logical ID.
pub fn retained(template: &str) -> Vec<Retained> {
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
        })
        .collect();
    v.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    v
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
    let template = changeset::deployed_template(aws, name).await?.unwrap_or_default();
    let mut report = Report {
        stack: name.to_string(),
        retained: retained(&template),
        ..Report::default()
    };
    if report.retained.is_empty() {
        ui.say(format!("deleting stack `{name}` deletes every resource in it"));
    } else {
        let list: Vec<String> = report
            .retained
            .iter()
            .map(|r| format!("  {}  {}", r.logical_id, r.resource_type))
            .collect();
        ui.say(format!(
            "deleting stack `{name}` keeps these resources (DeletionPolicy Retain), with their data:\n{}",
            list.join("\n")
        ));
    }
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
    #[test]
    fn retained_resources_are_listed_by_id() {
        let t = r#"{"Resources":{
            "B":{"Type":"AWS::S3::Bucket","DeletionPolicy":"Retain"},
            "A":{"Type":"AWS::DynamoDB::Table","DeletionPolicy":"Retain"},
            "F":{"Type":"AWS::Lambda::Function"}}}"#;
        let ids: Vec<String> = super::retained(t).into_iter().map(|r| r.logical_id).collect();
        assert_eq!(ids, ["A", "B"]);
        assert!(super::retained("not json").is_empty());
    }
}
