//! References in value positions and typed slots, constant JSON and tags.

use std::collections::BTreeMap;

use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Entry, StrPart, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::{entry_span, Builder};

impl Builder<'_> {
    /// Resolves `name` or `name.attr` in a value position.
    pub(super) fn value_ref(&mut self, word: &str, span: Span) -> Option<Expr> {
        let (head, attr) = match word.split_once('.') {
            Some((h, a)) => (h, Some(a)),
            None => (word, None),
        };
        match head {
            "var" => return attr.and_then(|a| self.reader().var_text(a, span)).map(Expr::Str),
            "stack" if attr == Some("name") => return Some(Expr::Pseudo(Pseudo::StackName)),
            "param" => return attr.and_then(|a| self.param_ref(a, span)),
            "aws" => {
                let p = match attr {
                    Some("region") => Pseudo::Region,
                    Some("account_id") => Pseudo::AccountId,
                    Some("partition") => Pseudo::Partition,
                    Some("url_suffix") => Pseudo::UrlSuffix,
                    _ => {
                        let mut d =
                            Diagnostic::error(Code::UnknownAttribute, span, format!("`{word}` is not a known value"));
                        let known = ["region", "account_id", "partition", "url_suffix"];
                        d = d.with_closest(
                            attr.unwrap_or(word),
                            known,
                            "use aws.region, aws.account_id, aws.partition or aws.url_suffix",
                        );
                        self.diags.push(d);
                        return None;
                    }
                };
                return Some(Expr::Pseudo(p));
            }
            _ => {}
        }
        let kind = self.known_decl(head, span)?;
        let attr = match attr {
            None => kind.attributes()[0],
            Some(a) => match kind.attributes().iter().find(|x| x.as_str() == a) {
                Some(x) => *x,
                None => {
                    let names: Vec<&str> = kind.attributes().iter().map(|a| a.as_str()).collect();
                    let mut d = Diagnostic::error(
                        Code::UnknownAttribute,
                        span,
                        format!("`{head}` ({}) has no attribute `{a}`", kind.keyword()),
                    );
                    d = d.with_closest(
                        a,
                        names.iter().copied(),
                        format!("its attributes are: {}", names.join(", ")),
                    );
                    self.diags.push(d);
                    return None;
                }
            },
        };
        Some(Expr::Ref(Ref {
            target: head.to_string(),
            attr,
            span,
        }))
    }

    /// The kind of a declared name, or an "unknown name" diagnostic.
    pub(super) fn known_decl(&mut self, name: &str, span: Span) -> Option<Kind> {
        if let Some((k, _)) = self.kinds.get(name) {
            return Some(*k);
        }
        let mut d = Diagnostic::error(
            Code::UnknownName,
            span,
            format!("`{name}` is not declared in this stack"),
        );
        // A reference `name.attr` starts with the name; a name reached
        // through a `var` is not written here and gets no fix.
        let at = Span::new(span.file, span.start as usize, span.start as usize + name.len());
        let candidates = self.kinds.keys().map(String::as_str);
        d = if self.sources.get(span.file).slice(at) == name {
            d.with_closest_at(at, name, candidates, "declare it, or check the spelling")
        } else {
            d.with_closest(name, candidates, "declare it, or check the spelling")
        };
        self.diags.push(d);
        None
    }

    /// A typed slot: a bare name of one of `kinds`, or (when `arn_ok`) a string.
    pub(super) fn target(&mut self, value: &Value, kinds: &[Kind], what: &str, arn_ok: bool) -> Option<Target> {
        if let ValueKind::Word(w) = &value.kind {
            if let (Some(name), true) = (w.strip_prefix("param."), arn_ok) {
                if self.param_type(name).is_some_and(ParamType::is_list) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::WrongType,
                            value.span,
                            format!("{what} takes one ARN, not a list parameter"),
                        )
                        .with_help("declare the parameter as `string` or `ssm_string`"),
                    );
                    return None;
                }
                let e = self.param_ref(name, value.span)?;
                return Some(Target::Arn(Spanned::new(e, value.span)));
            }
        }
        let value = self.reader().subst(value)?;
        match &value.kind {
            ValueKind::Word(w) => self.target_word(w, value.span, kinds, what),
            ValueKind::Str(_) if arn_ok => self.arn_string(&value).map(Target::Arn),
            _ => {
                let names: Vec<&str> = kinds.iter().map(|k| k.keyword()).collect();
                // `"dlq"` where `dlq` is declared: the quotes are the mistake.
                let quoted = match &value.kind {
                    ValueKind::Str(lit) => lit.as_plain().filter(|t| self.kinds.contains_key(t)),
                    _ => None,
                };
                let help = match (quoted, arn_ok) {
                    (Some(t), _) => {
                        format!("write `{t}` without quotes: a quoted string is an ARN or text, not a name")
                    }
                    (None, true) => "write the name of a declaration, or an ARN string".to_string(),
                    (None, false) => "write the name of a declaration".to_string(),
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        value.span,
                        format!("{what} must name a {}", names.join(" or ")),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    /// An ARN string in a typed slot: text with `${var.*}`, and deploy-time
    /// `${aws.*}`, `${stack.name}` and `${param.*}`; a declaration is named
    /// bare, never interpolated (LF0206).
    fn arn_string(&mut self, value: &Value) -> Option<Spanned<Expr>> {
        let e = self.expr(value)?;
        if let Some(r) = e.refs().first() {
            self.diags.push(
                Diagnostic::error(
                    Code::AttributeInTypedSlot,
                    r.span,
                    "an ARN string of a typed slot cannot interpolate a declaration",
                )
                .with_help(format!(
                    "write `{}` bare: lfc picks the attribute this slot needs",
                    r.target
                )),
            );
            return None;
        }
        Some(Spanned::new(e, value.span))
    }

    pub(super) fn target_word(&mut self, w: &str, span: Span, kinds: &[Kind], what: &str) -> Option<Target> {
        if let Some((head, attr)) = w.split_once('.') {
            if self.kinds.contains_key(head) {
                self.diags.push(
                    Diagnostic::error(
                        Code::AttributeInTypedSlot,
                        span,
                        format!("{what} takes a name, not `.{attr}`"),
                    )
                    .with_help(format!("write `{head}`: lfc picks the attribute this slot needs")),
                );
                return None;
            }
        }
        let kind = self.known_decl(w, span)?;
        if !kinds.contains(&kind) {
            let names: Vec<&str> = kinds.iter().map(|k| k.keyword()).collect();
            let decl_span = self.kinds.get(w).map(|(_, s)| *s).unwrap_or(span);
            self.diags.push(
                Diagnostic::error(
                    Code::WrongKind,
                    span,
                    format!(
                        "{what} must be a {}, but `{w}` is a {}",
                        names.join(" or "),
                        kind.keyword()
                    ),
                )
                .with_label(decl_span, format!("`{w}` is declared here"))
                .with_help({
                    // The closest name of a kind that fits, if one is close.
                    let fitting = self
                        .kinds
                        .iter()
                        .filter(|(_, (k, _))| kinds.contains(k))
                        .map(|(n, _)| n.as_str());
                    match did_you_mean(w, fitting) {
                        Some(h) => format!("name a {} here: {h}", names.join(" or ")),
                        None => format!("name a {} here", names.join(" or ")),
                    }
                }),
            );
            return None;
        }
        Some(Target::Decl(Spanned::new(w.to_string(), span)))
    }

    /// A value position: text, references, interpolation.
    pub(super) fn expr(&mut self, value: &Value) -> Option<Expr> {
        match &value.kind {
            ValueKind::Str(lit) => {
                let mut parts = Vec::new();
                let mut ok = true;
                for p in &lit.parts {
                    match p {
                        StrPart::Text(t) => parts.push(Expr::Str(t.clone())),
                        StrPart::Interp { reference, span } => match self.value_ref(reference, *span) {
                            Some(e) => parts.push(e),
                            None => ok = false,
                        },
                    }
                }
                if !ok {
                    return None;
                }
                Some(Expr::concat(parts))
            }
            ValueKind::Raw(s) => Some(Expr::Str(s.clone())),
            ValueKind::Word(w) => self.value_ref(w, value.span),
            ValueKind::Number(n) => Some(Expr::Str(super::values::fmt_num(*n))),
            ValueKind::Bool(b) => Some(Expr::Str(b.to_string())),
            ValueKind::Quantity { unit, .. } => {
                let r = if ["MB", "GB"].contains(&unit.as_str()) {
                    self.reader().size_mb(value)
                } else {
                    self.reader().duration_s(value)
                };
                r.map(|n| Expr::Str(n.value.to_string()))
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        value.span,
                        format!(
                            "expected a string or a reference, found {}",
                            super::values::describe(value)
                        ),
                    )
                    .with_help("write a string, a number or a reference such as `uploads.arn`"),
                );
                None
            }
        }
    }

    pub(super) fn tags(&mut self, value: &Value) -> BTreeMap<String, Spanned<String>> {
        let mut out = BTreeMap::new();
        let Some(block) = self.reader().block(value) else {
            return out;
        };
        let _dups = Props::new(&block, self.diags);
        for e in &block.entries {
            match e {
                Entry::Attr { key, value, .. } => {
                    if let Some(v) = self.reader().string(value) {
                        out.insert(key.text.clone(), v);
                    }
                }
                other => self.diags.push(
                    Diagnostic::error(Code::WrongType, entry_span(other), "tags are `key = \"value\"` pairs")
                        .with_help("remove the statement"),
                ),
            }
        }
        out
    }

    /// A block or list as constant JSON (schedule input, filters).
    pub(super) fn json(&mut self, v: &Value) -> Option<serde_json::Value> {
        self.json_at(v, "", None)
    }

    /// A block or list as JSON where a word naming a declaration (`uploads`,
    /// `uploads.arn`) is a reference: its place (a JSON pointer below
    /// `pointer`) and the reference go to `refs`, a `null` stands there.
    pub(super) fn json_refs(
        &mut self,
        v: &Value,
        pointer: &str,
        refs: &mut Vec<(String, Ref)>,
    ) -> Option<serde_json::Value> {
        self.json_at(v, pointer, Some(refs))
    }

    fn json_at(
        &mut self,
        v: &Value,
        pointer: &str,
        mut refs: Option<&mut Vec<(String, Ref)>>,
    ) -> Option<serde_json::Value> {
        let v = self.reader().subst(v)?;
        Some(match &v.kind {
            ValueKind::Block(b) => {
                let mut m = serde_json::Map::new();
                for e in &b.entries {
                    if let Entry::Attr { key, value, .. } = e {
                        // JSON pointer escaping (RFC 6901).
                        let at = format!("{pointer}/{}", key.text.replace('~', "~0").replace('/', "~1"));
                        m.insert(key.text.clone(), self.json_at(value, &at, refs.as_deref_mut())?);
                    }
                }
                serde_json::Value::Object(m)
            }
            ValueKind::List(items) => {
                let mut out = Vec::new();
                for i in items {
                    let at = format!("{pointer}/{}", out.len());
                    if let Some(x) = self.json_at(i, &at, refs.as_deref_mut()) {
                        out.push(x);
                    }
                }
                serde_json::Value::Array(out)
            }
            ValueKind::Word(w) if refs.is_some() && self.kinds.contains_key(w.split('.').next().unwrap_or("")) => {
                let Some(Expr::Ref(r)) = self.value_ref(w, v.span) else {
                    return None;
                };
                refs?.push((pointer.to_string(), r));
                serde_json::Value::Null
            }
            ValueKind::Number(n) => serde_json::Number::from_f64(*n)
                .map(|x| {
                    if n.fract() == 0.0 {
                        serde_json::Value::from(*n as i64)
                    } else {
                        serde_json::Value::Number(x)
                    }
                })
                .unwrap_or(serde_json::Value::Null),
            ValueKind::Bool(b) => serde_json::Value::Bool(*b),
            // The word `null` is JSON's null (filters match missing or null
            // values with it); `"null"` stays text.
            ValueKind::Word(w) if w == "null" => serde_json::Value::Null,
            ValueKind::Word(w) => serde_json::Value::String(w.clone()),
            _ => serde_json::Value::String(self.reader().string(&v)?.value),
        })
    }
}
