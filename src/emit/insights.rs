//! Lambda Insights (`insights = true`, docs/language.md §5.4): the extension
//! layer picked from the `LambdaInsights` mapping by region and
//! architecture, the mapping itself (only when a function uses it), and
//! the one statement the extension needs.
//!
//! Must not: hold layer ARNs (they live in `data::insights`) or validate
//! (the layer limit is `check/layers.rs`).

use serde_json::{json, Map, Value};

use super::cfn::{reference, sub, Template};
use super::iam::Statement;
use crate::data::insights;
use crate::model::{Architecture, Function, Stack};

/// The extension layer of `f`, when it has `insights = true`.
pub(super) fn layer(f: &Function) -> Option<Value> {
    f.has_insights().then(|| {
        json!({ "Fn::FindInMap": [insights::MAPPING, reference("AWS::Region"), insights::arch_key(f.architecture.value)] })
    })
}

/// What the extension does on the function's behalf: create its log group
/// `/aws/lambda-insights` and write to it, in the function's region.
pub(super) fn statement(f: &Function) -> Option<Statement> {
    f.has_insights()
        .then(|| Statement::new(&insights::ACTIONS, vec![sub(insights::LOG_GROUP_ARN)]))
}

/// The `LambdaInsights` mapping: region → architecture key → layer ARN.
pub(super) fn mapping(stack: &Stack, t: &mut Template) {
    if !stack.functions().any(|(_, f)| f.has_insights()) {
        return;
    }
    let mut regions: Map<String, Value> = Map::new();
    for (arch, table) in [
        (Architecture::X86_64, insights::X86_64),
        (Architecture::Arm64, insights::ARM64),
    ] {
        for (region, arn) in table {
            let row = regions.entry((*region).to_string()).or_insert_with(|| json!({}));
            row[insights::arch_key(arch)] = json!(arn);
        }
    }
    t.mappings.insert(insights::MAPPING.into(), Value::Object(regions));
}
