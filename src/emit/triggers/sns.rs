//! `on sns TOPIC`: the subscription (with its filter policy) and the
//! permission SNS needs to invoke the function.
//!
//! Must not: validate filters (`check` does) or resolve the topic.

use serde_json::{json, Value};

use super::Site;
use crate::emit::cfn::Resource;
use crate::emit::Emitter;
use crate::model::{Spanned, TriggerType};

impl Emitter<'_> {
    /// The subscription and permission of one `on sns`.
    pub(super) fn sns_trigger(&mut self, site: &Site, topic: &Spanned<String>, filter: Option<&Value>) {
        let arn = self.source_arn(TriggerType::Sns, topic);
        let mut sub_r = Resource::new("AWS::SNS::Subscription", site.src.clone())
            .prop("TopicArn", arn.clone())
            .prop("Protocol", json!("lambda"))
            .prop("Endpoint", site.target.arn());
        if let Some(f) = filter {
            sub_r = sub_r
                .prop("FilterPolicy", f.clone())
                .prop("FilterPolicyScope", json!("MessageAttributes"));
        }
        self.add(format!("{}Subscription", site.tid), sub_r, site.span);
        self.permission(site, "sns.amazonaws.com", arn);
    }
}
