//! `on dynamodb TABLE` and `on kinesis STREAM`: the event source mapping
//! that reads a table's stream or a Kinesis stream (the polling statement
//! is in the function's role, see `policy`).
//!
//! Must not: validate options (`check` does) or resolve the source.

use serde_json::json;

use super::Site;
use crate::emit::cfn::Resource;
use crate::emit::Emitter;
use crate::model::{Spanned, StreamOptions, TriggerType};

impl Emitter<'_> {
    /// The mapping of one stream trigger.
    pub(super) fn stream_trigger(&mut self, site: &Site, ty: TriggerType, source: &Spanned<String>, o: &StreamOptions) {
        let arn = self.source_arn(ty, source);
        let mut m = Resource::new("AWS::Lambda::EventSourceMapping", site.src.clone())
            .prop("EventSourceArn", arn)
            .prop("FunctionName", site.target.mapping_name())
            .prop("StartingPosition", json!(o.start.value))
            .prop("BatchSize", json!(o.batch_size.value))
            .prop("MaximumRetryAttempts", json!(o.retries.value))
            .prop("MaximumRecordAgeInSeconds", json!(o.max_age.value))
            .prop("BisectBatchOnFunctionError", json!(o.bisect))
            .prop("ParallelizationFactor", json!(o.parallelization.value));
        if o.window.value > 0 {
            m = m.prop("MaximumBatchingWindowInSeconds", json!(o.window.value));
        }
        if let Some(f) = &o.on_failure {
            let dest = self.target_arn(f);
            m = m.prop("DestinationConfig", json!({ "OnFailure": { "Destination": dest } }));
        }
        if let Some(c) = Self::filter_criteria(&o.filters) {
            m = m.prop("FilterCriteria", c);
        }
        if o.report_failures {
            m = m.prop("FunctionResponseTypes", json!(["ReportBatchItemFailures"]));
        }
        self.add(format!("{}Mapping", site.tid), m, site.span);
    }
}
