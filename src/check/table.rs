//! LF0424: a DynamoDB table's capacity, global secondary indexes, key
//! attributes, TTL attribute and point-in-time recovery period (whose whole
//! days are LF0427).
//!
//! Must not: resolve names or emit.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Capacity, KeyAttr, Pitr, Projection, Table};
use crate::source::Span;

use super::names::{self, NameRule};

const INDEX_NAME: NameRule = NameRule::new(
    Code::TableSettings,
    "index",
    limits::DYNAMODB_INDEX_NAME,
    names::dotted,
    "index names are 3 to 255 letters, digits, `_`, `.` and `-`",
);

/// Every rule on table `name`.
pub(super) fn table(name: &str, t: &Table, name_span: Span, diags: &mut Diagnostics) {
    if let Some(c) = &t.capacity {
        capacity(c, diags);
    }
    indexes(name, t, name_span, diags);
    attributes(t, diags);
    ttl(t, diags);
    if let Some(p) = &t.pitr {
        pitr(p, diags);
    }
}

/// LF0427: a recovery period is whole days; LF0424: 1 to 35 of them.
fn pitr(p: &Pitr, diags: &mut Diagnostics) {
    if let Some(part) = p.part_day() {
        diags.push(
            Diagnostic::error(
                Code::PitrWholeDays,
                part.span,
                "the recovery period is a whole number of days",
            )
            .with_help("write `pitr = 7d`, or `pitr = true` for 35 days"),
        );
        return;
    }
    let Some(d) = p.days() else { return };
    let (min, max) = limits::PITR_DAYS;
    if d.value < min || d.value > max {
        diags.push(
            Diagnostic::error(Code::TableSettings, d.span, "the recovery period is 1 to 35 days")
                .with_help("write `pitr = 7d` (up to `35d`), or `pitr = true` for 35 days"),
        );
    }
}

fn error(span: Span, message: impl Into<String>, help: &str) -> Diagnostic {
    Diagnostic::error(Code::TableSettings, span, message).with_help(help)
}

/// Read and write units are at least 1.
fn capacity(c: &Capacity, diags: &mut Diagnostics) {
    for (what, units) in [("read", &c.read), ("write", &c.write)] {
        if units.value == 0 {
            diags.push(error(
                units.span,
                format!("`{what}` capacity is at least 1 unit"),
                "write 1 or more, or leave `capacity` out for on-demand billing",
            ));
        }
    }
}

/// The indexes' count, names, capacity and projections.
fn indexes(name: &str, t: &Table, name_span: Span, diags: &mut Diagnostics) {
    if t.indexes.len() > limits::GSI_MAX {
        diags.push(error(
            name_span,
            format!(
                "table `{name}` has {} global secondary indexes; the maximum is {}",
                t.indexes.len(),
                limits::GSI_MAX
            ),
            "remove indexes, or ask AWS to raise the quota and split the table",
        ));
    }
    let mut projected = 0;
    for i in &t.indexes {
        let n = &i.name.value;
        INDEX_NAME.check(Some(&i.name), diags);
        match (&i.capacity, &t.capacity) {
            (Some(c), Some(_)) => capacity(c, diags),
            (Some(c), None) => diags.push(error(
                c.span,
                format!("index `{n}` has `capacity` but the table is on demand"),
                "give the table `capacity { read, write }` too, or remove the index's",
            )),
            (None, _) => {}
        }
        if let Projection::Include(attrs) = &i.projection {
            projected += attrs.len();
            if attrs.is_empty() {
                diags.push(error(
                    i.name.span,
                    format!("index `{n}` projects an empty list of attributes"),
                    "write `project = keys_only`, or name the attributes to copy",
                ));
            }
            for a in attrs {
                attribute_name(&a.value, a.span, diags);
            }
        }
    }
    if projected > limits::GSI_PROJECTED_MAX {
        diags.push(error(
            name_span,
            format!(
                "the indexes of `{name}` project {projected} attributes; the maximum is {}",
                limits::GSI_PROJECTED_MAX
            ),
            "project fewer attributes, or `project = all`",
        ));
    }
}

/// Every key attribute of the table and its indexes.
fn keys(t: &Table) -> impl Iterator<Item = &KeyAttr> {
    [&t.key, &t.sort]
        .into_iter()
        .chain(t.indexes.iter().flat_map(|i| [&i.key, &i.sort]))
        .flatten()
}

/// Names of key attributes, and one type per name.
fn attributes(t: &Table, diags: &mut Diagnostics) {
    let all: Vec<&KeyAttr> = keys(t).collect();
    for (i, k) in all.iter().enumerate() {
        attribute_name(&k.name, k.span, diags);
        if let Some(first) = all[..i].iter().find(|f| f.name == k.name && f.ty != k.ty) {
            diags.push(
                error(
                    k.span,
                    format!("attribute `{}` is a key with two types", k.name),
                    "an attribute has one type: write the same type wherever it is a key",
                )
                .with_label(first.span, "first typed here"),
            );
        }
    }
}

/// 1 to 255 characters.
fn attribute_name(name: &str, span: Span, diags: &mut Diagnostics) {
    let (min, max) = limits::DYNAMODB_ATTRIBUTE_NAME;
    if name.len() < min || name.len() > max {
        diags.push(error(
            span,
            "attribute names are 1 to 255 characters",
            "shorten the attribute name",
        ));
    }
}

/// The TTL attribute's name, and its type when it is a key.
fn ttl(t: &Table, diags: &mut Diagnostics) {
    let Some(a) = &t.ttl else { return };
    attribute_name(&a.value, a.span, diags);
    if let Some(k) = keys(t).find(|k| k.name == a.value && k.ty != "N") {
        diags.push(
            error(
                a.span,
                format!("the TTL attribute `{}` is a key that is not a number", a.value),
                "DynamoDB expires items by a number of epoch seconds: use another attribute",
            )
            .with_label(k.span, "typed here"),
        );
    }
}
