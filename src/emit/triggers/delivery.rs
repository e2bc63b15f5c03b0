//! Resource policies of queues and topics that other AWS services deliver
//! to: SNS subscriptions of a queue (`on sns` in a queue) and EventBridge
//! rules targeting a queue or topic. Each source adds one statement that
//! lets exactly its service principal send or publish, on the condition
//! that the source is exactly that topic or rule (`aws:SourceArn`); all
//! statements of one queue or topic go into one `AWS::SQS::QueuePolicy` /
//! `AWS::SNS::TopicPolicy`, because a second policy resource would replace
//! the first.
//!
//! Must not: decide which declarations may receive what (the model does).

use serde_json::{json, Value};

use super::Invokee;
use crate::emit::cfn::{reference, Resource};
use crate::emit::{decl_id, source, Emitter};
use crate::model::DeclKind;

impl Emitter<'_> {
    /// Lets `principal` deliver to the queue or topic `target` from
    /// `source_arn` only.
    pub(super) fn deliver(&mut self, target: &Invokee, principal: &str, source_arn: Value) {
        let (name, arn, action) = match target {
            Invokee::Queue { name, arn } => (name, arn, "sqs:SendMessage"),
            Invokee::Topic { name, arn } => (name, arn, "sns:Publish"),
            // Functions get permissions and workflows roles instead.
            Invokee::Function { .. } | Invokee::Workflow { .. } => return,
        };
        let statement = json!({
            "Effect": "Allow",
            "Principal": { "Service": principal },
            "Action": action,
            "Resource": arn,
            "Condition": { "ArnEquals": { "aws:SourceArn": source_arn } }
        });
        self.deliveries.entry(name.clone()).or_default().push(statement);
    }

    /// One policy resource per queue or topic that receives deliveries:
    /// `<Q>QueuePolicy` / `<T>TopicPolicy`.
    pub(in crate::emit) fn delivery_policies(&mut self) {
        let stack = self.stack;
        for (name, statements) in std::mem::take(&mut self.deliveries) {
            let Some(decl) = stack.decl(&name) else { continue };
            let kind = decl.kind.kind();
            let doc = json!({ "Version": "2012-10-17", "Statement": statements });
            let (ty, list_key) = match &decl.kind {
                DeclKind::Queue(_) => ("AWS::SQS::QueuePolicy", "Queues"),
                DeclKind::Topic(_) => ("AWS::SNS::TopicPolicy", "Topics"),
                // `deliver` is only called for queues and topics.
                DeclKind::Function(_)
                | DeclKind::Layer(_)
                | DeclKind::Role(_)
                | DeclKind::Bucket(_)
                | DeclKind::Table(_)
                | DeclKind::Stream(_)
                | DeclKind::Api(_)
                | DeclKind::Workflow(_) => continue,
            };
            let id = decl_id(&name, kind);
            let r = Resource::new(ty, source(decl, &format!("{}.{name}", kind.keyword())))
                .prop(list_key, json!([reference(&id)]))
                .prop("PolicyDocument", doc);
            self.add(format!("{id}Policy"), r, decl.name_span);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Kind;

    #[test]
    fn policy_ids_follow_the_declaration() {
        assert_eq!(
            format!("{}Policy", crate::emit::decl_id("jobs", Kind::Queue)),
            "JobsQueuePolicy"
        );
    }
}
