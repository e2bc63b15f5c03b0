//! Resource settings (docs/language.md §9.3, §9.4, §9.9, §10.3): removal
//! policies and their defaults, resource tags over the stack's, table
//! capacity and indexes, and which schedules become Scheduler schedules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::common::{self, codes, compile_text};

const FN: &str = "runtime = python3.13\n  handler = \"index.handler\"\n  code = inline \"\"\"\n    def handler(e, c):\n        return e\n    \"\"\"";

fn template(src: &str) -> Value {
    let out = compile_text(src);
    assert!(!out.diagnostics.has_errors(), "{}", common::render(&out));
    out.template.unwrap().to_json()
}

fn policy(t: &Value, id: &str) -> (Value, Value) {
    let r = &t["Resources"][id];
    (r["DeletionPolicy"].clone(), r["UpdateReplacePolicy"].clone())
}

#[test]
fn stateful_resources_are_retained_by_default_and_removal_overrides_it() {
    let retained = (json!("Retain"), json!("Retain"));
    let deleted = (Value::Null, Value::Null);
    let t = template("bucket b {}\ntable t { key = { id = string } }\nqueue q {}\ntopic n {}\nstream s {}");
    assert_eq!(policy(&t, "BBucket"), retained);
    assert_eq!(policy(&t, "TTable"), retained);
    for id in ["QQueue", "NTopic", "SStream"] {
        assert_eq!(policy(&t, id), deleted, "{id}");
    }
    let t = template(
        "bucket b { removal = delete }\ntable t { key = { id = string }, removal = delete }\n\
         queue q { removal = retain }\ntopic n { removal = retain }\nstream s { removal = retain }",
    );
    assert_eq!(policy(&t, "BBucket"), deleted);
    assert_eq!(policy(&t, "TTable"), deleted);
    for id in ["QQueue", "NTopic", "SStream"] {
        assert_eq!(policy(&t, id), retained, "{id}");
    }
}

#[test]
fn the_older_retain_flag_means_the_same_as_removal() {
    let old = template("bucket b { retain = false }\ntable t { key = { id = string }, retain = false }");
    let new = template("bucket b { removal = delete }\ntable t { key = { id = string }, removal = delete }");
    assert_eq!(old, new);
    let out = compile_text("bucket b { retain = true, removal = retain }");
    assert_eq!(codes(&out), ["LF0108"]);
}

#[test]
fn resource_tags_merge_over_stack_tags_on_its_own_resources_only() {
    let t = template(
        "stack s { tags { team = \"core\", owner = \"ops\" } }\n\
         queue q {\n  tags { team = \"mail\" }\n  on schedule \"rate(1 day)\"\n}\n\
         api a { tags { team = \"web\" } }",
    );
    assert_eq!(
        t["Resources"]["QQueue"]["Properties"]["Tags"],
        json!([{ "Key": "owner", "Value": "ops" }, { "Key": "team", "Value": "mail" }])
    );
    // The rule of its `on schedule` keeps the stack's tags.
    assert_eq!(
        t["Resources"]["QScheduleRule"]["Properties"]["Tags"],
        json!([{ "Key": "owner", "Value": "ops" }, { "Key": "team", "Value": "core" }])
    );
    for id in ["AApi", "AStage"] {
        assert_eq!(
            t["Resources"][id]["Properties"]["Tags"],
            json!({ "owner": "ops", "team": "web" }),
            "{id}"
        );
    }
}

#[test]
fn indexes_take_the_table_capacity_and_share_attribute_definitions() {
    let t = template(
        "table t {\n  key = { id = string }\n  sort = { at = number }\n  capacity { read = 4, write = 3 }\n\
         indexes { by_at { key = { kind = string }, sort = { at = number } } }\n}",
    );
    let p = &t["Resources"]["TTable"]["Properties"];
    assert_eq!(p["BillingMode"], "PROVISIONED");
    assert_eq!(
        p["AttributeDefinitions"],
        json!([
            { "AttributeName": "id", "AttributeType": "S" },
            { "AttributeName": "at", "AttributeType": "N" },
            { "AttributeName": "kind", "AttributeType": "S" },
        ])
    );
    assert_eq!(
        p["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"],
        json!({ "ReadCapacityUnits": 4, "WriteCapacityUnits": 3 })
    );
    assert_eq!(
        p["GlobalSecondaryIndexes"][0]["Projection"],
        json!({ "ProjectionType": "ALL" })
    );
}

#[test]
fn a_ttl_on_a_number_key_is_fine_and_capacity_needs_both_units() {
    template("table t { key = { id = string }, sort = { exp = number }, ttl = \"exp\" }");
    let out = compile_text("table t { key = { id = string }, capacity { read = 1 } }");
    assert_eq!(codes(&out), ["LF0214"]);
}

#[test]
fn via_scheduler_makes_a_schedule_without_a_time_zone() {
    let t = template(&format!(
        "function f {{\n  {FN}\n  on schedule \"rate(1 hour)\" {{ via = scheduler }}\n  on schedule \"rate(2 hours)\"\n}}"
    ));
    assert_eq!(t["Resources"]["FSchedule1"]["Type"], "AWS::Scheduler::Schedule");
    assert!(t["Resources"]["FSchedule1"]["Properties"]
        .get("ScheduleExpressionTimezone")
        .is_none());
    assert_eq!(t["Resources"]["FSchedule2Rule"]["Type"], "AWS::Events::Rule");
    // A schedule's dead-letter queue keeps messages 14 days, like every other.
    let t = template(&format!(
        "queue missed {{}}\nfunction f {{\n  {FN}\n  on schedule \"rate(1 hour)\" {{ via = scheduler, dead_letter = missed }}\n}}"
    ));
    assert_eq!(
        t["Resources"]["MissedQueue"]["Properties"]["MessageRetentionPeriod"],
        1_209_600
    );
    assert_eq!(
        t["Resources"]["FSchedule"]["Properties"]["Target"]["DeadLetterConfig"],
        json!({ "Arn": { "Fn::GetAtt": ["MissedQueue", "Arn"] } })
    );
    // `via = rule` on a rate is what lfc does anyway.
    let rule = template(&format!(
        "function f {{\n  {FN}\n  on schedule \"rate(1 hour)\" {{ via = rule }}\n}}"
    ));
    let plain = template(&format!("function f {{\n  {FN}\n  on schedule \"rate(1 hour)\"\n}}"));
    assert_eq!(rule, plain);
}
