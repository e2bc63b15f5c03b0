//! `on sqs QUEUE`: the event source mapping (the polling statement is in
//! the function's role, see `policy`).
//!
//! Must not: validate batching limits (`check` does) or resolve the queue.

use serde_json::{json, Value};

use super::Site;
use crate::emit::cfn::Resource;
use crate::emit::Emitter;
use crate::model::{Spanned, TriggerType};

impl Emitter<'_> {
    /// The mapping of one `on sqs`.
    pub(super) fn sqs_trigger(
        &mut self,
        site: &Site,
        queue: &Spanned<String>,
        (batch_size, window): (u64, u64),
        max_concurrency: Option<&Spanned<u64>>,
        report_failures: bool,
        filters: &[Spanned<Value>],
    ) {
        let arn = self.source_arn(TriggerType::Sqs, queue);
        let mut m = Resource::new("AWS::Lambda::EventSourceMapping", site.src.clone())
            .prop("EventSourceArn", arn)
            .prop("FunctionName", site.target.mapping_name())
            .prop("BatchSize", json!(batch_size));
        if window > 0 {
            m = m.prop("MaximumBatchingWindowInSeconds", json!(window));
        }
        if let Some(c) = max_concurrency {
            m = m.prop("ScalingConfig", json!({ "MaximumConcurrency": c.value }));
        }
        if let Some(c) = Self::filter_criteria(filters) {
            m = m.prop("FilterCriteria", c);
        }
        if report_failures {
            m = m.prop("FunctionResponseTypes", json!(["ReportBatchItemFailures"]));
        }
        // The polling statement is inline in the role the function
        // already references, so the mapping is created after it.
        self.add(format!("{}Mapping", site.tid), m, site.span);
    }
}
