//! Deployment errors: one type for everything that can go wrong talking to
//! AWS, each with one actionable line of text and a stable kind for
//! `--format json`.
//!
//! [`from_sdk`] turns any SDK error into a [`DeployError`] through
//! [`classify`], a pure function of the error's code, message and HTTP status
//! (so it is tested without AWS). Must not: print anything or retry (the SDK's
//! retry configuration already retried throttling with backoff).

use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// Everything a deploy command can fail with; the CLI exits 1 on each, 2 on
/// a usage error ([`DeployError::is_usage`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeployError {
    /// No region in the environment, the profile or `--region`.
    #[error("no AWS region: set AWS_REGION, pass --region, or set a region in your profile (`aws configure`)")]
    NoRegion,
    /// The credential chain found nothing.
    #[error("no AWS credentials found: pass --profile (or set AWS_PROFILE), run `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")]
    NoCredentials,
    /// The credentials were found but have expired.
    #[error("the AWS credentials have expired: refresh them (`aws sso login`, or new session keys) and run again")]
    ExpiredCredentials,
    /// AWS does not know the access key or the signature does not match.
    #[error("AWS rejected the credentials ({code}): check the access key and secret of the profile in use")]
    BadCredentials {
        /// The error code AWS answered.
        code: String,
    },
    /// The identity lacks a permission.
    #[error("access denied: the deploying identity needs `{action}` (README, \"Deploying\", lists every permission)")]
    AccessDenied {
        /// The IAM action that was refused, e.g. `cloudformation:CreateChangeSet`.
        action: String,
    },
    /// Still throttled after the SDK's retries.
    #[error("AWS kept throttling `{action}` after retries with backoff: wait a minute and run again (AWS_MAX_ATTEMPTS raises the number of tries)")]
    Throttled {
        /// The IAM action that was throttled.
        action: String,
    },
    /// The assets bucket lives in another region than the stack.
    #[error("bucket `{bucket}` is in {bucket_region}, but the stack deploys to {region}: use a bucket in {region} (`lfc bootstrap --region {region}` makes one)")]
    BucketInOtherRegion {
        /// The bucket.
        bucket: String,
        /// Where the bucket is.
        bucket_region: String,
        /// Where the stack goes.
        region: String,
    },
    /// Code must be uploaded but no bucket is known.
    #[error("no assets bucket in {region}: run `lfc bootstrap` once for this account and region, or pass --bucket")]
    NoBucket {
        /// The region deployed to.
        region: String,
    },
    /// The bucket given does not exist.
    #[error("bucket `{bucket}` does not exist or is not yours: check --bucket, or run `lfc bootstrap`")]
    NoSuchBucket {
        /// The bucket.
        bucket: String,
    },
    /// The stack named does not exist.
    #[error("stack `{stack}` does not exist in {region}")]
    NoSuchStack {
        /// The stack name.
        stack: String,
        /// The region looked in.
        region: String,
    },
    /// AWS could not be reached.
    #[error("cannot reach AWS for `{action}`: {detail}")]
    Network {
        /// The IAM action being called.
        action: String,
        /// What the HTTP client said.
        detail: String,
    },
    /// Any other answer from AWS.
    #[error("`{action}` failed: {code}: {message}")]
    Api {
        /// The IAM action being called.
        action: String,
        /// AWS's error code.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// The stack ended in a failed or rolled-back state.
    #[error("stack `{stack}` ended in {status}")]
    Failed {
        /// The stack name.
        stack: String,
        /// Its final status.
        status: String,
    },
    /// A stack is busy with another operation.
    #[error(
        "stack `{stack}` is busy ({status}): wait for it (`lfc status --stack-name {stack} --follow`) and run again"
    )]
    Busy {
        /// The stack name.
        stack: String,
        /// Its current status.
        status: String,
    },
    /// The user said no, or could not be asked.
    #[error("{0}")]
    NotConfirmed(String),
    /// The stack was deployed in the other shape (with or without `--split`):
    /// deploying would move every resource between stacks, replacing it.
    #[error("{}", reshape_text(.stack, *.deployed_split))]
    Reshape {
        /// The stack name.
        stack: String,
        /// Whether it was deployed split.
        deployed_split: bool,
    },
    /// The `--parameter` values do not fit the stack's parameters.
    #[error(transparent)]
    Parameters(#[from] super::parameters::ParameterError),
}

/// The message of [`DeployError::Reshape`].
fn reshape_text(stack: &str, deployed_split: bool) -> String {
    if deployed_split {
        format!("stack `{stack}` was deployed with --split: deploying it without moves every resource out of its nested stack, which replaces them all (stateful ones are retained and left behind); pass --split")
    } else {
        format!("stack `{stack}` was deployed without --split: deploying it with --split moves every resource into a nested stack, which replaces them all (stateful ones are retained and left behind); deploy without --split, or deploy the split stack under a new --stack-name")
    }
}

impl DeployError {
    /// A stable name for `--format json`.
    pub fn kind(&self) -> &'static str {
        match self {
            DeployError::NoRegion => "no-region",
            DeployError::NoCredentials => "no-credentials",
            DeployError::ExpiredCredentials => "expired-credentials",
            DeployError::BadCredentials { .. } => "bad-credentials",
            DeployError::AccessDenied { .. } => "access-denied",
            DeployError::Throttled { .. } => "throttled",
            DeployError::BucketInOtherRegion { .. } => "bucket-in-other-region",
            DeployError::NoBucket { .. } => "no-bucket",
            DeployError::NoSuchBucket { .. } => "no-such-bucket",
            DeployError::NoSuchStack { .. } => "no-such-stack",
            DeployError::Network { .. } => "network",
            DeployError::Api { .. } => "api",
            DeployError::Failed { .. } => "failed",
            DeployError::Busy { .. } => "busy",
            DeployError::NotConfirmed(_) => "not-confirmed",
            DeployError::Reshape { .. } => "reshape",
            DeployError::Parameters(_) => "parameters",
        }
    }

    /// Whether the command line was at fault (exit 2) rather than AWS or
    /// the deployment (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, DeployError::Parameters(_))
    }
}

/// What an error response said, as far as it said anything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Answer<'a> {
    /// AWS's error code (`AccessDenied`, `ExpiredToken`, …).
    pub code: Option<&'a str>,
    /// AWS's message.
    pub message: Option<&'a str>,
    /// The HTTP status, when a response came back.
    pub status: Option<u16>,
}

/// The error an answer to `action` (an IAM action name) stands for.
pub fn classify(action: &str, answer: Answer<'_>) -> DeployError {
    let code = answer.code.unwrap_or("");
    let message = answer.message.unwrap_or("");
    match code {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" => {
            return DeployError::ExpiredCredentials
        }
        "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "InvalidAccessKeyId"
        | "IncompleteSignature" => return DeployError::BadCredentials { code: code.to_string() },
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "AuthorizationError" => {
            return DeployError::AccessDenied {
                action: action.to_string(),
            }
        }
        "Throttling" | "ThrottlingException" | "TooManyRequestsException" | "SlowDown" | "RequestLimitExceeded" => {
            return DeployError::Throttled {
                action: action.to_string(),
            }
        }
        _ => {}
    }
    // S3's HEAD requests answer with a status and no body.
    match (answer.status, code.is_empty()) {
        (Some(403), true) => DeployError::AccessDenied {
            action: action.to_string(),
        },
        (Some(429 | 503), true) => DeployError::Throttled {
            action: action.to_string(),
        },
        _ => DeployError::Api {
            action: action.to_string(),
            code: if code.is_empty() {
                answer
                    .status
                    .map_or_else(|| "error".to_string(), |s| format!("HTTP {s}"))
            } else {
                code.to_string()
            },
            message: if message.is_empty() {
                "no message".to_string()
            } else {
                message.to_string()
            },
        },
    }
}

/// The error a failure before any answer stands for (credentials, network).
pub fn classify_dispatch(action: &str, detail: &str) -> DeployError {
    let lower = detail.to_ascii_lowercase();
    if lower.contains("expired") {
        DeployError::ExpiredCredentials
    } else if lower.contains("credential") {
        DeployError::NoCredentials
    } else {
        DeployError::Network {
            action: action.to_string(),
            detail: detail.lines().next().unwrap_or(detail).to_string(),
        }
    }
}

/// Turns an SDK error from calling `action` (an IAM action name) into a
/// [`DeployError`].
pub fn from_sdk<E>(action: &str, err: &SdkError<E, HttpResponse>) -> DeployError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    match err {
        SdkError::ServiceError(_) | SdkError::ResponseError(_) => classify(
            action,
            Answer {
                code: err.code(),
                message: err.message(),
                status,
            },
        ),
        _ => classify_dispatch(action, &DisplayErrorContext(err).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<'a>(code: &'a str, message: &'a str, status: u16) -> Answer<'a> {
        Answer {
            code: Some(code),
            message: Some(message),
            status: Some(status),
        }
    }

    #[test]
    fn credentials_problems_are_named() {
        let expired = classify(
            "cloudformation:DescribeStacks",
            answer(
                "ExpiredToken",
                "The security token included in the request is expired",
                400,
            ),
        );
        assert_eq!(expired, DeployError::ExpiredCredentials);
        let bad = classify("s3:PutObject", answer("InvalidAccessKeyId", "nope", 403));
        assert_eq!(bad.kind(), "bad-credentials");
        assert_eq!(
            classify_dispatch(
                "cloudformation:DescribeStacks",
                "dispatch failure: failed to load credentials: no credentials in the chain"
            ),
            DeployError::NoCredentials
        );
        assert_eq!(
            classify_dispatch(
                "cloudformation:DescribeStacks",
                "identity resolution: the credentials have expired"
            ),
            DeployError::ExpiredCredentials
        );
    }

    #[test]
    fn access_denied_names_the_action() {
        let e = classify(
            "cloudformation:CreateChangeSet",
            answer(
                "AccessDenied",
                "User: arn:aws:iam::1:user/x is not authorized to perform: cloudformation:CreateChangeSet",
                403,
            ),
        );
        assert_eq!(e.kind(), "access-denied");
        assert!(e.to_string().contains("`cloudformation:CreateChangeSet`"), "{e}");
        // A HEAD answers 403 with no body at all.
        let head = classify(
            "s3:GetObject",
            Answer {
                status: Some(403),
                ..Answer::default()
            },
        );
        assert_eq!(
            head,
            DeployError::AccessDenied {
                action: "s3:GetObject".into()
            }
        );
    }

    #[test]
    fn throttling_after_retries_is_one_line() {
        let e = classify(
            "cloudformation:DescribeStackEvents",
            answer("Throttling", "Rate exceeded", 400),
        );
        assert_eq!(e.kind(), "throttled");
        assert!(!e.to_string().contains('\n'));
        assert_eq!(
            classify(
                "s3:PutObject",
                Answer {
                    status: Some(503),
                    ..Answer::default()
                }
            )
            .kind(),
            "throttled"
        );
    }

    #[test]
    fn other_answers_keep_code_and_message() {
        let e = classify(
            "cloudformation:CreateChangeSet",
            answer("ValidationError", "Template format error", 400),
        );
        assert_eq!(
            e.to_string(),
            "`cloudformation:CreateChangeSet` failed: ValidationError: Template format error"
        );
        let bare = classify(
            "s3:HeadObject",
            Answer {
                status: Some(500),
                ..Answer::default()
            },
        );
        assert_eq!(bare.to_string(), "`s3:HeadObject` failed: HTTP 500: no message");
        let net = classify_dispatch("s3:PutObject", "dispatch failure: io error: connection refused\nmore");
        assert_eq!(
            net.to_string(),
            "cannot reach AWS for `s3:PutObject`: dispatch failure: io error: connection refused"
        );
    }
}
