//! The CloudWatch Lambda Insights extension: its layer ARN per region and
//! architecture, and what its role must allow. Emitted as the template's
//! `LambdaInsights` mapping (docs/language.md §5.4).
//!
//! **Refreshing the table.** AWS lists the current layer of every region at
//! <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsx86-64.html>
//! and, for arm64, `…Lambda-Insights-extension-versionsARM.html`. Take one
//! extension version for both tables, set [`VERSION`], replace the rows
//! (regions sorted), and run `INSTA_UPDATE=always cargo test --test it` to
//! re-record the templates that carry the mapping. A region missing from a
//! table cannot deploy a function of that architecture with `insights`
//! (CloudFormation's `Fn::FindInMap` fails there); the row order does not
//! matter to the template, which sorts the mapping.

/// The extension version the tables hold.
pub const VERSION: &str = "1.0.229.0";

/// The mapping's name in the template.
pub const MAPPING: &str = "LambdaInsights";

/// The mapping's second-level key per architecture (mapping keys take no `_`).
pub fn arch_key(arch: crate::model::Architecture) -> &'static str {
    match arch {
        crate::model::Architecture::X86_64 => "x86",
        crate::model::Architecture::Arm64 => "arm64",
    }
}

/// The log group the extension writes to, under the function's account and region.
pub const LOG_GROUP_ARN: &str =
    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda-insights:*";

/// The actions on [`LOG_GROUP_ARN`] (those of the managed policy
/// `CloudWatchLambdaInsightsExecutionRolePolicy`, scoped to that group).
pub const ACTIONS: [&str; 3] = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

/// x86_64 layer ARNs by region, extension [`VERSION`].
pub const X86_64: &[(&str, &str)] = &[
    (
        "af-south-1",
        "arn:aws:lambda:af-south-1:012438385374:layer:LambdaInsightsExtension:28",
    ),
    (
        "ap-east-1",
        "arn:aws:lambda:ap-east-1:519774774795:layer:LambdaInsightsExtension:28",
    ),
    (
        "ap-northeast-1",
        "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension:60",
    ),
    (
        "ap-northeast-2",
        "arn:aws:lambda:ap-northeast-2:580247275435:layer:LambdaInsightsExtension:37",
    ),
    (
        "ap-northeast-3",
        "arn:aws:lambda:ap-northeast-3:194566237122:layer:LambdaInsightsExtension:19",
    ),
    (
        "ap-south-1",
        "arn:aws:lambda:ap-south-1:580247275435:layer:LambdaInsightsExtension:36",
    ),
    (
        "ap-south-2",
        "arn:aws:lambda:ap-south-2:891564319516:layer:LambdaInsightsExtension:10",
    ),
    (
        "ap-southeast-1",
        "arn:aws:lambda:ap-southeast-1:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "ap-southeast-2",
        "arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "ap-southeast-3",
        "arn:aws:lambda:ap-southeast-3:439286490199:layer:LambdaInsightsExtension:14",
    ),
    (
        "ca-central-1",
        "arn:aws:lambda:ca-central-1:580247275435:layer:LambdaInsightsExtension:37",
    ),
    (
        "cn-north-1",
        "arn:aws-cn:lambda:cn-north-1:488211338238:layer:LambdaInsightsExtension:29",
    ),
    (
        "cn-northwest-1",
        "arn:aws-cn:lambda:cn-northwest-1:488211338238:layer:LambdaInsightsExtension:29",
    ),
    (
        "eu-central-1",
        "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "eu-central-2",
        "arn:aws:lambda:eu-central-2:033019950311:layer:LambdaInsightsExtension:11",
    ),
    (
        "eu-north-1",
        "arn:aws:lambda:eu-north-1:580247275435:layer:LambdaInsightsExtension:35",
    ),
    (
        "eu-south-1",
        "arn:aws:lambda:eu-south-1:339249233099:layer:LambdaInsightsExtension:28",
    ),
    (
        "eu-south-2",
        "arn:aws:lambda:eu-south-2:352183217350:layer:LambdaInsightsExtension:12",
    ),
    (
        "eu-west-1",
        "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "eu-west-2",
        "arn:aws:lambda:eu-west-2:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "eu-west-3",
        "arn:aws:lambda:eu-west-3:580247275435:layer:LambdaInsightsExtension:37",
    ),
    (
        "me-central-1",
        "arn:aws:lambda:me-central-1:732604637566:layer:LambdaInsightsExtension:11",
    ),
    (
        "me-south-1",
        "arn:aws:lambda:me-south-1:285320876703:layer:LambdaInsightsExtension:28",
    ),
    (
        "sa-east-1",
        "arn:aws:lambda:sa-east-1:580247275435:layer:LambdaInsightsExtension:37",
    ),
    (
        "us-east-1",
        "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "us-east-2",
        "arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "us-west-1",
        "arn:aws:lambda:us-west-1:580247275435:layer:LambdaInsightsExtension:38",
    ),
    (
        "us-west-2",
        "arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension:38",
    ),
];

/// arm64 layer ARNs by region, extension [`VERSION`].
pub const ARM64: &[(&str, &str)] = &[
    (
        "af-south-1",
        "arn:aws:lambda:af-south-1:012438385374:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "ap-east-1",
        "arn:aws:lambda:ap-east-1:519774774795:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "ap-northeast-1",
        "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:11",
    ),
    (
        "ap-northeast-2",
        "arn:aws:lambda:ap-northeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:4",
    ),
    (
        "ap-northeast-3",
        "arn:aws:lambda:ap-northeast-3:194566237122:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "ap-south-1",
        "arn:aws:lambda:ap-south-1:580247275435:layer:LambdaInsightsExtension-Arm64:7",
    ),
    (
        "ap-southeast-1",
        "arn:aws:lambda:ap-southeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "ap-southeast-2",
        "arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "ap-southeast-3",
        "arn:aws:lambda:ap-southeast-3:439286490199:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "ca-central-1",
        "arn:aws:lambda:ca-central-1:580247275435:layer:LambdaInsightsExtension-Arm64:3",
    ),
    (
        "eu-central-1",
        "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "eu-north-1",
        "arn:aws:lambda:eu-north-1:580247275435:layer:LambdaInsightsExtension-Arm64:3",
    ),
    (
        "eu-south-1",
        "arn:aws:lambda:eu-south-1:339249233099:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "eu-west-1",
        "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "eu-west-2",
        "arn:aws:lambda:eu-west-2:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "eu-west-3",
        "arn:aws:lambda:eu-west-3:580247275435:layer:LambdaInsightsExtension-Arm64:3",
    ),
    (
        "me-south-1",
        "arn:aws:lambda:me-south-1:285320876703:layer:LambdaInsightsExtension-Arm64:2",
    ),
    (
        "sa-east-1",
        "arn:aws:lambda:sa-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:3",
    ),
    (
        "us-east-1",
        "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
    (
        "us-east-2",
        "arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension-Arm64:7",
    ),
    (
        "us-west-1",
        "arn:aws:lambda:us-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:3",
    ),
    (
        "us-west-2",
        "arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension-Arm64:5",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_its_region_and_architecture_and_regions_are_sorted() {
        for (table, layer) in [
            (X86_64, "layer:LambdaInsightsExtension:"),
            (ARM64, "layer:LambdaInsightsExtension-Arm64:"),
        ] {
            for (region, arn) in table {
                assert!(arn.contains(&format!(":lambda:{region}:")), "{arn}");
                assert!(arn.contains(layer), "{arn}");
            }
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }
}
