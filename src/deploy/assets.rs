//! Uploading what a stack needs in S3: the code zips `lfc build` makes
//! (`assets/<sha256>.zip`, the keys the template names) and, when it is over
//! CloudFormation's inline limit, the template itself.
//!
//! Keys are content hashes, so an existing key already holds the right bytes:
//! each key is HEAD-ed first and only missing ones are uploaded (objects close
//! to the bootstrap bucket's expiry are uploaded again, which renews them).
//! Must not: create buckets (that is [`super::bootstrap`]) or touch stacks.

use std::time::{Duration, SystemTime};

use aws_sdk_s3::primitives::ByteStream;
use sha2::{Digest, Sha256};

use super::errors::{from_sdk, DeployError};
use super::Aws;
use crate::emit::hex;
use crate::package::Asset;

/// An object kept longer than this is uploaded again, so that the bootstrap
/// bucket's expiry rule never removes code a stack may still roll back to.
const REFRESH_AFTER: Duration = Duration::from_secs(30 * 86_400);

/// One object to put in the bucket.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    /// Its key.
    pub key: &'a str,
    /// What it holds.
    pub body: Body<'a>,
}

/// What an object holds: bytes at hand, or a nested template, whose text is
/// written only when it must be uploaded (a split stack of 10,000 functions
/// has 42 MB of them, most already in the bucket on an update).
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// A code zip or the root template.
    Bytes(&'a [u8]),
    /// A nested template of `lfc build --split`.
    Nested(&'a crate::split::Nested),
}

impl Body<'_> {
    fn to_vec(self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => b.to_vec(),
            Body::Nested(n) => n.json().into_bytes(),
        }
    }
}

/// What an upload did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadReport {
    /// Keys uploaded, in order.
    pub uploaded: Vec<String>,
    /// Keys already there.
    pub skipped: Vec<String>,
}

/// The S3 key of a code asset, as the template names it.
pub fn asset_key(asset: &Asset) -> String {
    format!("assets/{}", asset.file_name())
}

/// The S3 key of a template uploaded because it is too large to send inline.
pub fn template_key(body: &str) -> String {
    format!("templates/{}.json", hex(&Sha256::digest(body.as_bytes())))
}

/// The URL CloudFormation reads an uploaded template from (path style, which
/// works for every bucket name).
pub fn template_url(aws: &Aws, bucket: &str, key: &str) -> String {
    format!("https://s3.{}.amazonaws.com/{bucket}/{key}", aws.region)
}

/// Checks that `bucket` exists, is reachable and is in the deploy region.
///
/// # Errors
/// [`DeployError::NoSuchBucket`], [`DeployError::BucketInOtherRegion`], or
/// whatever S3 answered.
pub async fn check_bucket(aws: &Aws, bucket: &str) -> Result<(), DeployError> {
    let elsewhere = |bucket_region: &str| DeployError::BucketInOtherRegion {
        bucket: bucket.to_string(),
        bucket_region: bucket_region.to_string(),
        region: aws.region.clone(),
    };
    match aws.s3.head_bucket().bucket(bucket).send().await {
        Ok(out) => match out.bucket_region() {
            Some(r) if r != aws.region => Err(elsewhere(r)),
            _ => Ok(()),
        },
        Err(e) => {
            let raw = e.raw_response();
            let header = raw.and_then(|r| r.headers().get("x-amz-bucket-region"));
            match (raw.map(|r| r.status().as_u16()), header) {
                (Some(301 | 400), Some(r)) if r != aws.region => Err(elsewhere(r)),
                (Some(404), _) => Err(DeployError::NoSuchBucket {
                    bucket: bucket.to_string(),
                }),
                _ => Err(from_sdk("s3:ListBucket", &e)),
            }
        }
    }
}

/// Puts each object whose key is not in `bucket` yet.
///
/// # Errors
/// The first S3 failure.
pub async fn upload(aws: &Aws, bucket: &str, objects: &[Object<'_>]) -> Result<UploadReport, DeployError> {
    let mut report = UploadReport::default();
    for object in objects {
        if is_fresh(aws, bucket, object.key).await? {
            report.skipped.push(object.key.to_string());
            continue;
        }
        aws.s3
            .put_object()
            .bucket(bucket)
            .key(object.key)
            .body(ByteStream::from(object.body.to_vec()))
            .send()
            .await
            .map_err(|e| from_sdk("s3:PutObject", &e))?;
        report.uploaded.push(object.key.to_string());
    }
    Ok(report)
}

/// Whether `key` exists and was written recently enough to be kept.
async fn is_fresh(aws: &Aws, bucket: &str, key: &str) -> Result<bool, DeployError> {
    match aws.s3.head_object().bucket(bucket).key(key).send().await {
        Ok(out) => {
            let written = out
                .last_modified()
                .and_then(|t| SystemTime::try_from(*t).ok())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            Ok(written.elapsed().is_ok_and(|age| age < REFRESH_AFTER) || written > SystemTime::now())
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
        // S3 answers a HEAD of a missing key with 403 when the caller may not list.
        Err(e) => Err(from_sdk("s3:GetObject", &e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn template_keys_are_content_addressed() {
        let a = super::template_key("{}");
        assert_eq!(a, super::template_key("{}"));
        assert_ne!(a, super::template_key("{ }"));
        assert!(a.starts_with("templates/") && a.ends_with(".json") && a.len() == "templates/.json".len() + 64);
    }
}
