//! `lfc bootstrap`: once per account and region, a small stack holding the
//! assets bucket `lfc deploy` uploads code to (like CDK's bootstrap stack):
//! encrypted, public access blocked, TLS only, and objects expiring after
//! [`EXPIRY_DAYS`] days (deploys upload again what they still need).
//!
//! Must not: upload anything.

use serde_json::json;

use super::changeset::{self, Submission, TemplateSource};
use super::errors::from_sdk;
use super::pipeline::{self, Report};
use super::{Aws, DeployError, Ui};

/// The bootstrap stack's name.
pub const STACK: &str = "lfc-bootstrap";

/// The output that names the bucket (for people; lfc reads the resource).
pub const BUCKET_OUTPUT: &str = "AssetsBucket";

/// The bucket's logical ID.
pub const BUCKET_RESOURCE: &str = "Assets";

/// Days after which an uploaded object expires.
pub const EXPIRY_DAYS: u32 = 90;

/// The bootstrap stack's template.
pub fn template() -> String {
    let t = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "lfc assets bucket (lfc bootstrap)",
        "Resources": {
            "Assets": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketEncryption": { "ServerSideEncryptionConfiguration": [
                        { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }
                    ] },
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": true, "BlockPublicPolicy": true,
                        "IgnorePublicAcls": true, "RestrictPublicBuckets": true
                    },
                    "OwnershipControls": { "Rules": [ { "ObjectOwnership": "BucketOwnerEnforced" } ] },
                    "LifecycleConfiguration": { "Rules": [ {
                        "Id": "ExpireOldAssets", "Status": "Enabled", "ExpirationInDays": EXPIRY_DAYS,
                        "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 1 }
                    } ] }
                }
            },
            "AssetsPolicy": {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": { "Ref": "Assets" },
                    "PolicyDocument": { "Version": "2012-10-17", "Statement": [ {
                        "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                        "Resource": [ { "Fn::GetAtt": ["Assets", "Arn"] }, { "Fn::Sub": "${Assets.Arn}/*" } ],
                        "Condition": { "Bool": { "aws:SecureTransport": "false" } }
                    } ] }
                }
            }
        },
        "Outputs": { BUCKET_OUTPUT: { "Value": { "Ref": "Assets" } } }
    });
    serde_json::to_string_pretty(&t).unwrap_or_default() + "\n"
}

/// The bootstrap bucket of this account and region, if bootstrapped (the
/// physical ID of the stack's bucket resource).
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn assets_bucket(aws: &Aws) -> Result<Option<String>, DeployError> {
    if changeset::describe(aws, STACK).await?.is_none() {
        return Ok(None);
    }
    let out = aws
        .cfn
        .describe_stack_resource()
        .stack_name(STACK)
        .logical_resource_id(BUCKET_RESOURCE)
        .send()
        .await
        .map_err(|e| from_sdk("cloudformation:DescribeStackResource", &e))?;
    Ok(out
        .stack_resource_detail()
        .and_then(|d| d.physical_resource_id())
        .map(str::to_string))
}

/// Creates or updates the bootstrap stack (no question asked: its template is fixed).
///
/// # Errors
/// Every AWS failure.
pub async fn bootstrap(aws: &Aws, ui: Ui) -> Result<Report, DeployError> {
    let existing = changeset::describe(aws, STACK).await?;
    let creates = existing.is_none();
    let ui = Ui { yes: true, ..ui };
    let submission = Submission::plain(TemplateSource::Body(template()));
    let mut report = pipeline::apply(aws, STACK, &submission, creates, false, ui, Report::default()).await?;
    report.bucket = assets_bucket(aws).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bucket_is_encrypted_private_and_expiring() {
        let t: serde_json::Value = serde_json::from_str(&super::template()).expect("json");
        let p = &t["Resources"]["Assets"]["Properties"];
        assert_eq!(
            p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
                ["SSEAlgorithm"],
            "AES256"
        );
        assert_eq!(p["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"], true);
        assert_eq!(p["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"], 90);
        assert_eq!(t["Outputs"]["AssetsBucket"]["Value"]["Ref"], "Assets");
    }
}
