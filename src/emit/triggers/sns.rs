//! `on sns TOPIC`: the subscription (with its filter policy) and the
//! permission SNS needs to invoke the function, or, for a queue, the
//! statement of its queue policy that lets exactly that topic send.
//!
//! Must not: validate filters (`check` does) or resolve the topic.

use serde_json::{json, Value};

use super::{Invokee, Site};
use crate::emit::cfn::Resource;
use crate::emit::Emitter;
use crate::model::{Spanned, TriggerType};

impl Emitter<'_> {
    /// The subscription and permission (or queue policy statement) of one
    /// `on sns`; `filter` is the policy and its `FilterPolicyScope`, `raw`
    /// raw message delivery (queues only).
    pub(super) fn sns_trigger(
        &mut self,
        site: &Site,
        topic: &Spanned<String>,
        filter: Option<(&Value, &str)>,
        raw: bool,
    ) {
        let arn = self.source_arn(TriggerType::Sns, topic);
        let protocol = match site.target {
            Invokee::Queue { .. } => "sqs",
            // The model gives `on sns` to functions and queues only.
            Invokee::Function { .. } | Invokee::Workflow { .. } | Invokee::Topic { .. } => "lambda",
        };
        let mut sub_r = Resource::new("AWS::SNS::Subscription", site.src.clone())
            .prop("TopicArn", arn.clone())
            .prop("Protocol", json!(protocol))
            .prop("Endpoint", site.target.arn());
        if raw {
            sub_r = sub_r.prop("RawMessageDelivery", json!(true));
        }
        if let Some((f, scope)) = filter {
            sub_r = sub_r
                .prop("FilterPolicy", f.clone())
                .prop("FilterPolicyScope", json!(scope));
        }
        self.add(format!("{}Subscription", site.tid), sub_r, site.span);
        match site.target {
            Invokee::Queue { .. } => self.deliver(site.target, "sns.amazonaws.com", arn),
            Invokee::Function { .. } | Invokee::Workflow { .. } | Invokee::Topic { .. } => {
                self.permission(site, "sns.amazonaws.com", arn);
            }
        }
    }
}
