//! A `table`: `AWS::DynamoDB::Table` with its keys, billing (on demand, or
//! provisioned with `capacity`), global secondary indexes, TTL and
//! point-in-time recovery.
//!
//! Must not: validate (limits are `check`'s) or resolve names.

use serde_json::{json, Value};

use super::cfn::Resource;
use super::{decl_id, source, Emitter};
use crate::model::{Capacity, Decl, Index, KeyAttr, Kind, Projection, Table};

impl Emitter<'_> {
    /// A table declaration.
    pub(super) fn table(&mut self, name: &str, decl: &Decl, t: &Table) {
        if t.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::DynamoDB::Table", source(decl, &format!("table.{name}")));
        if let Some(n) = &t.name {
            r = r.prop("TableName", self.expr(&n.value));
        }
        let billing = if t.capacity.is_some() {
            "PROVISIONED"
        } else {
            "PAY_PER_REQUEST"
        };
        r = r
            .prop("BillingMode", json!(billing))
            .prop("AttributeDefinitions", attribute_definitions(t))
            .prop("KeySchema", key_schema(t.key.as_ref(), t.sort.as_ref()))
            .prop_opt("ProvisionedThroughput", t.capacity.as_ref().map(throughput));
        if !t.indexes.is_empty() {
            let gsis = t.indexes.iter().map(|i| index(i, t.capacity.as_ref())).collect();
            r = r.prop("GlobalSecondaryIndexes", Value::Array(gsis));
        }
        if let Some(s) = &t.stream {
            r = r.prop("StreamSpecification", json!({ "StreamViewType": s.value }));
        }
        if let Some(a) = &t.ttl {
            r = r.prop(
                "TimeToLiveSpecification",
                json!({ "AttributeName": a.value, "Enabled": true }),
            );
        }
        if let Some(p) = &t.pitr {
            let mut spec = json!({ "PointInTimeRecoveryEnabled": true });
            if let Some(d) = p.days() {
                spec["RecoveryPeriodInDays"] = json!(d.value);
            }
            r = r.prop("PointInTimeRecoverySpecification", spec);
        }
        r.retain = t.removal.retains();
        self.add(decl_id(name, Kind::Table), r, decl.name_span);
    }
}

/// Every key attribute of the table and its indexes, once each, in the
/// order first written (a name given two types is `check`'s LF0424).
fn attribute_definitions(t: &Table) -> Value {
    let keys = [&t.key, &t.sort]
        .into_iter()
        .chain(t.indexes.iter().flat_map(|i| [&i.key, &i.sort]))
        .flatten();
    let mut seen: Vec<&KeyAttr> = Vec::new();
    for k in keys {
        if !seen.iter().any(|s| s.name == k.name) {
            seen.push(k);
        }
    }
    Value::Array(
        seen.iter()
            .map(|k| json!({ "AttributeName": k.name, "AttributeType": k.ty }))
            .collect(),
    )
}

/// `HASH` and, with a sort key, `RANGE`.
fn key_schema(key: Option<&KeyAttr>, sort: Option<&KeyAttr>) -> Value {
    Value::Array(
        [(key, "HASH"), (sort, "RANGE")]
            .into_iter()
            .filter_map(|(k, role)| Some(json!({ "AttributeName": k?.name, "KeyType": role })))
            .collect(),
    )
}

/// `ProvisionedThroughput`.
fn throughput(c: &Capacity) -> Value {
    json!({ "ReadCapacityUnits": c.read.value, "WriteCapacityUnits": c.write.value })
}

/// One global secondary index; a provisioned table's capacity is the
/// default of its indexes.
fn index(i: &Index, table_capacity: Option<&Capacity>) -> Value {
    let projection = match &i.projection {
        Projection::All => json!({ "ProjectionType": "ALL" }),
        Projection::KeysOnly => json!({ "ProjectionType": "KEYS_ONLY" }),
        Projection::Include(names) => json!({
            "ProjectionType": "INCLUDE",
            "NonKeyAttributes": names.iter().map(|n| &n.value).collect::<Vec<_>>(),
        }),
    };
    let mut v = json!({
        "IndexName": i.name.value,
        "KeySchema": key_schema(i.key.as_ref(), i.sort.as_ref()),
        "Projection": projection,
    });
    if let Some(c) = i.capacity.as_ref().or(table_capacity) {
        v["ProvisionedThroughput"] = throughput(c);
    }
    v
}
