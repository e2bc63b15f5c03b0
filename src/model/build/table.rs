//! Tables (keys, capacity, global secondary indexes, TTL, point-in-time
//! recovery) and the settings every resource shares: `removal` and `tags`.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Block, Entry, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

/// The key types a key attribute takes, with DynamoDB's letters.
const KEY_TYPES: [(&str, &str); 3] = [("string", "S"), ("number", "N"), ("binary", "B")];

impl Builder<'_> {
    /// `removal = retain | delete`, `default` when absent or invalid.
    pub(super) fn removal(&mut self, p: &mut Props<'_>, default: Removal) -> Removal {
        p.take("removal")
            .and_then(|v| self.reader().enum_value(v, &Removal::WORDS, "removal policy"))
            .and_then(|w| Removal::from_word(&w.value))
            .unwrap_or(default)
    }

    /// `removal`, or the older `retain = true | false` of buckets and
    /// tables; both at once is LF0108.
    pub(super) fn removal_or_retain(&mut self, p: &mut Props<'_>, default: Removal) -> Removal {
        let written = p.has("removal");
        let removal = self.removal(p, default);
        let Some(v) = p.take("retain") else {
            return removal;
        };
        let retain = self.reader().boolean(v);
        if written {
            self.diags.push(
                Diagnostic::error(Code::DuplicateProperty, v.span, "`retain` and `removal` say the same")
                    .with_help("keep `removal = retain` or `removal = delete` and remove `retain`"),
            );
            return removal;
        }
        match retain {
            Some(r) if r.value => Removal::Retain,
            Some(_) => Removal::Delete,
            None => default,
        }
    }

    /// A resource's own `tags { key = "value" }` (none when absent).
    pub(super) fn own_tags(&mut self, p: &mut Props<'_>) -> Tags {
        p.take("tags").map(|v| self.tags(v)).unwrap_or_default()
    }

    /// `{ NAME = string | number | binary }`: exactly one key attribute.
    pub(super) fn key_attr(&mut self, v: &Value) -> Option<KeyAttr> {
        let block = self.reader().block(v)?;
        let mut found = None;
        for e in &block.entries {
            if let Entry::Attr { key, value, .. } = e {
                if found.is_some() {
                    self.diags.push(
                        Diagnostic::error(Code::WrongType, key.span, "a key has exactly one attribute")
                            .with_help("write `{ NAME = string }`"),
                    );
                    break;
                }
                let words = KEY_TYPES.map(|(w, _)| w);
                let ty = self.reader().enum_value(value, &words, "key type")?;
                let letter = KEY_TYPES.iter().find(|(w, _)| *w == ty.value).map_or("S", |(_, l)| *l);
                found = Some(KeyAttr {
                    name: key.text.clone(),
                    ty: letter,
                    span: key.span,
                });
            }
        }
        if found.is_none() {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, block.span, "a key needs one attribute")
                    .with_help("write `{ id = string }`"),
            );
        }
        found
    }

    pub(super) fn table(&mut self, body: &Block) -> Table {
        let mut p = Props::new(body, self.diags);
        let existing = self.existing(&mut p, body, &["stream_arn"]);
        let key = p.take("key").and_then(|v| self.key_attr(v));
        if existing.is_none() && key.is_none() && !p.has("key") {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, body.span, "a table needs a `key`")
                    .with_help("write `key = { id = string }`"),
            );
        }
        let stream = p.take("stream").and_then(|v| {
            self.reader()
                .enum_value(v, &Table::STREAM_VIEWS, "stream view")
                .map(|s| Spanned::new(s.value.to_ascii_uppercase(), s.span))
        });
        let t = Table {
            key,
            sort: p.take("sort").and_then(|v| self.key_attr(v)),
            stream,
            name: self.physical_name(&mut p),
            capacity: p.take("capacity").and_then(|v| self.capacity(v)),
            indexes: p.take("indexes").map(|v| self.indexes(v)).unwrap_or_default(),
            ttl: self.text(&mut p, "ttl"),
            pitr: p.take("pitr").and_then(|v| self.pitr(v)),
            removal: self.removal_or_retain(&mut p, Removal::Retain),
            tags: self.own_tags(&mut p),
            stream_arn: self.text(&mut p, "stream_arn"),
            existing,
        };
        self.finish_resource(p, body, "a table", TABLE_KEYS);
        t
    }

    /// `capacity { read = N, write = N }`; both are required.
    fn capacity(&mut self, v: &Value) -> Option<Capacity> {
        let block = self.reader().block(v)?;
        let mut c = Props::new(&block, self.diags);
        let read = self.int(&mut c, "read");
        let write = self.int(&mut c, "write");
        c.finish("`capacity`", &["read", "write"], self.diags);
        if read.is_none() || write.is_none() {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, block.span, "`capacity` needs `read` and `write`")
                    .with_help("write `capacity { read = 5, write = 5 }`, or leave it out for on-demand billing"),
            );
        }
        Some(Capacity {
            read: read?,
            write: write?,
            span: block.span,
        })
    }

    /// `indexes { NAME { key, sort, project, capacity } … }`
    fn indexes(&mut self, v: &Value) -> Vec<Index> {
        let Some(block) = self.reader().block(v) else {
            return Vec::new();
        };
        let _dups = Props::new(&block, self.diags);
        let mut out = Vec::new();
        for e in &block.entries {
            let Entry::Attr { key, value, .. } = e else {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        super::entry_span(e),
                        "`indexes` holds `NAME { … }` blocks",
                    )
                    .with_help("write `indexes { by_owner { key = { owner = string } } }`"),
                );
                continue;
            };
            if let Some(i) = self.index(Spanned::new(key.text.clone(), key.span), value) {
                out.push(i);
            }
        }
        out
    }

    fn index(&mut self, name: Spanned<String>, v: &Value) -> Option<Index> {
        let block = self.reader().block(v)?;
        let mut p = Props::new(&block, self.diags);
        let key = p.take("key").and_then(|v| self.key_attr(v));
        if !p.has("key") {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingProperty,
                    name.span,
                    format!("index `{}` needs a `key`", name.value),
                )
                .with_help("write `key = { NAME = string }`"),
            );
        }
        let sort = p.take("sort").and_then(|v| self.key_attr(v));
        let projection = p.take("project").map_or(Some(Projection::All), |v| self.projection(v));
        let capacity = p.take("capacity").and_then(|v| self.capacity(v));
        p.finish("an index", &["key", "sort", "project", "capacity"], self.diags);
        Some(Index {
            name,
            key,
            sort,
            projection: projection?,
            capacity,
        })
    }

    /// `project = all | keys_only | [attribute, …]`
    fn projection(&mut self, v: &Value) -> Option<Projection> {
        if let ValueKind::List(_) = &v.kind {
            let names = self
                .reader()
                .list(v)
                .unwrap_or_default()
                .iter()
                .filter_map(|x| self.reader().word_or_string(x))
                .collect();
            return Some(Projection::Include(names));
        }
        let w = self
            .reader()
            .enum_value(v, &Projection::WORDS, "projection (or a list of attributes)")?;
        Some(if w.value == "all" {
            Projection::All
        } else {
            Projection::KeysOnly
        })
    }

    /// `pitr = true | false` or a recovery period (`pitr = 7d`), either
    /// possibly through a `var`.
    fn pitr(&mut self, v: &Value) -> Option<Pitr> {
        let flag = matches!(self.reader().subst(v)?.kind, ValueKind::Bool(_) | ValueKind::Word(_));
        if flag {
            let on = self.reader().boolean(v)?;
            return on.value.then_some(Pitr {
                period: None,
                span: v.span,
            });
        }
        Some(Pitr {
            period: Some(self.reader().duration_s(v)?),
            span: v.span,
        })
    }
}

/// The properties of a table.
pub(crate) const TABLE_KEYS: &[&str] = &[
    "key",
    "sort",
    "stream",
    "name",
    "capacity",
    "indexes",
    "ttl",
    "pitr",
    "removal",
    "retain",
    "tags",
    "existing",
    "stream_arn",
];
