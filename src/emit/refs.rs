//! References: the CloudFormation value of `name.attr` (`Ref`, `Fn::GetAtt`,
//! an ARN or name written out for existing and lfc-named resources), of
//! value expressions (`Fn::Sub`), and the logical IDs of declarations.
//!
//! Must not: validate (an unknown declaration yields `null`; `check` has
//! reported it) or resolve names (the model did).

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::cfn::{get_att, reference, sub};
use super::{hex, Emitter};
use crate::model::{pascal_case, Attr, DeclKind, Expr, Kind, Pseudo, Ref, Spanned, Target};

/// A parameter's logical ID: the PascalCase of its name.
pub fn param_id(name: &str) -> String {
    pascal_case(name)
}

/// An output's logical ID: the PascalCase of its name (two outputs with one
/// ID are `check`'s LF0221).
pub fn output_id(name: &str) -> String {
    pascal_case(name)
}

/// A declaration's main logical ID.
pub fn decl_id(name: &str, kind: Kind) -> String {
    format!("{}{}", pascal_case(name), kind.id_suffix())
}

impl Emitter<'_> {
    /// The kind of the declaration named `name`.
    pub(super) fn kind_of(&self, name: &str) -> Option<&DeclKind> {
        self.stack.decl(name).map(|d| &d.kind)
    }

    /// `Fn::Sub` of `text` where `${StackIdPrefix}` is the first 8 hex
    /// digits of the stack's UUID (unique per deployed stack).
    fn with_stack_id_prefix(text: &str) -> Value {
        json!({ "Fn::Sub": [
            text,
            { "StackIdPrefix": { "Fn::Select": [0, { "Fn::Split": ["-", { "Fn::Select": [2, { "Fn::Split": ["/", { "Ref": "AWS::StackId" }] }] }] }] } }
        ] })
    }

    /// The lfc-made physical name of a notified bucket, `<stack>-<bucket>`
    /// (shortened with a hash so the whole stays within 63 characters);
    /// `-${StackIdPrefix}` follows it.
    fn generated_bucket_prefix(&self, bucket: &str) -> String {
        let mut prefix = format!("{}-{}", self.stack.name, bucket).replace('_', "-");
        if prefix.len() > 54 {
            let hash = hex(&Sha256::digest(prefix.as_bytes()))[..8].to_string();
            prefix.truncate(45);
            prefix = format!("{}-{hash}", prefix.trim_end_matches('-'));
        }
        prefix
    }

    /// The bucket's name and ARN when they are not a plain `Ref`/`GetAtt`.
    pub(super) fn bucket_name_and_arn(&self, name: &str) -> Option<(Value, Value)> {
        let DeclKind::Bucket(b) = self.kind_of(name)? else {
            return None;
        };
        let named = b
            .existing
            .as_ref()
            // `name` or `arn:<partition>:s3:::name`
            .map(|e| Expr::Str(e.value.value.rsplit(":::").next().unwrap_or_default().to_string()))
            .or_else(|| b.name.as_ref().map(|n| n.value.clone()));
        if let Some(n) = named {
            let arn = Expr::concat([
                Expr::Str("arn:".into()),
                Expr::Pseudo(Pseudo::Partition),
                Expr::Str(":s3:::".into()),
                n.clone(),
            ]);
            return Some((self.expr(&n), self.expr(&arn)));
        }
        // Not named by the user but by lfc, because `on s3` notifies it.
        if self.wiring.by_name(name) {
            let prefix = self.generated_bucket_prefix(name);
            let name_v = Self::with_stack_id_prefix(&format!("{prefix}-${{StackIdPrefix}}"));
            let arn = Self::with_stack_id_prefix(&format!("arn:${{AWS::Partition}}:s3:::{prefix}-${{StackIdPrefix}}"));
            return Some((name_v, arn));
        }
        None
    }

    /// The value of `name.attr` when `name` is an existing queue, topic,
    /// table or stream: taken from its ARN, without any reference.
    fn existing_value(&self, name: &str, attr: Attr) -> Option<Value> {
        let last = |arn: &str, sep: char| json!(arn.rsplit(sep).next().unwrap_or(""));
        let named = |arn: &str, sep: char| if attr == Attr::Name { last(arn, sep) } else { json!(arn) };
        match &self.stack.decl(name)?.kind {
            DeclKind::Queue(q) => {
                let arn = &q.existing.as_ref()?.value.value;
                if attr != Attr::Url {
                    return Some(named(arn, ':'));
                }
                let parts: Vec<&str> = arn.split(':').collect();
                let (region, account) = (parts.get(3).copied().unwrap_or(""), parts.get(4).copied().unwrap_or(""));
                let queue = arn.rsplit(':').next().unwrap_or("");
                Some(sub(&format!(
                    "https://sqs.{region}.${{AWS::URLSuffix}}/{account}/{queue}"
                )))
            }
            DeclKind::Topic(t) => Some(named(&t.existing.as_ref()?.value.value, ':')),
            DeclKind::Table(t) => {
                let arn = &t.existing.as_ref()?.value.value;
                if attr == Attr::StreamArn {
                    return Some(json!(t
                        .stream_arn
                        .as_ref()
                        .map(|s| s.value.clone())
                        .unwrap_or_default()));
                }
                Some(named(arn, '/'))
            }
            DeclKind::Stream(s) => Some(named(&s.existing.as_ref()?.value.value, '/')),
            // An existing bucket is named in `bucket_name_and_arn`; the
            // other kinds cannot be existing.
            DeclKind::Function(_)
            | DeclKind::Layer(_)
            | DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Api(_)
            | DeclKind::Workflow(_) => None,
        }
    }

    /// The CloudFormation value of `name.attr`.
    pub(super) fn attr_value(&self, name: &str, attr: Attr) -> Value {
        let Some(kind) = self.kind_of(name).map(DeclKind::kind) else {
            return Value::Null;
        };
        let id = decl_id(name, kind);
        if let Some(v) = self.existing_value(name, attr) {
            return v;
        }
        match (kind, attr) {
            (Kind::Function, Attr::Arn) => get_att(&id, "Arn"),
            (Kind::Function, Attr::Name) => reference(&id),
            // `check` made sure the function declares `url { }` (LF0205).
            (Kind::Function, Attr::Url) => get_att(&format!("{}Url", pascal_case(name)), "FunctionUrl"),
            (Kind::Layer, _) => reference(&id),
            (Kind::Role, Attr::Name) => reference(&id),
            (Kind::Role, _) => get_att(&id, "Arn"),
            (Kind::Bucket, a) => match self.bucket_name_and_arn(name) {
                Some((n, arn)) => {
                    if a == Attr::Name {
                        n
                    } else {
                        arn
                    }
                }
                None => {
                    if a == Attr::Name {
                        reference(&id)
                    } else {
                        get_att(&id, "Arn")
                    }
                }
            },
            (Kind::Queue, Attr::Url) => reference(&id),
            (Kind::Queue, Attr::Name) => get_att(&id, "QueueName"),
            (Kind::Queue, _) => get_att(&id, "Arn"),
            (Kind::Topic, Attr::Name) => get_att(&id, "TopicName"),
            (Kind::Topic, _) => reference(&id),
            (Kind::Table, Attr::Name) | (Kind::Stream, Attr::Name) => reference(&id),
            (Kind::Table, Attr::StreamArn) => get_att(&id, "StreamArn"),
            (Kind::Table, _) | (Kind::Stream, _) => get_att(&id, "Arn"),
            (Kind::Api, Attr::Id) => reference(&id),
            (Kind::Api, _) => {
                // A REST api's URL ends with its stage; an HTTP api's `$default` stage has none.
                let stage = if let Some(DeclKind::Api(a)) = self.kind_of(name) {
                    a.rest
                        .as_ref()
                        .map(|r| format!("{}/", r.stage.value))
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                sub(&format!(
                    "https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}"
                ))
            }
            (Kind::Function, _) => get_att(&id, "Arn"),
            (Kind::Workflow, Attr::Name) => get_att(&id, "Name"),
            (Kind::Workflow, _) => reference(&id),
        }
    }

    pub(super) fn arn_of(&self, name: &str) -> Value {
        self.attr_value(name, Attr::Arn)
    }

    pub(super) fn target_arn(&self, t: &Target) -> Value {
        match t {
            Target::Decl(n) => self.arn_of(&n.value),
            Target::Arn(s) => self.expr(&s.value),
        }
    }

    /// A value-position expression.
    pub(super) fn expr(&self, e: &Expr) -> Value {
        match e {
            Expr::Str(s) => json!(s),
            Expr::Ref(r) => self.ref_value(r),
            Expr::Pseudo(p) => reference(p.cfn_name()),
            Expr::Secret(s) => super::secrets::env_value(s),
            Expr::Param(p) => self.param_text(p),
            Expr::Concat(parts) => {
                let mut text = String::new();
                let mut vars = Map::new();
                for p in parts {
                    match p {
                        Expr::Str(s) => text.push_str(&s.replace("${", "${!")),
                        Expr::Pseudo(p) => text.push_str(&format!("${{{}}}", p.cfn_name())),
                        Expr::Ref(_) | Expr::Param(_) => {
                            let v = self.expr(p);
                            match sub_form(&v) {
                                Some(s) => text.push_str(&s),
                                None => {
                                    let var = format!("V{}", vars.len() + 1);
                                    text.push_str(&format!("${{{var}}}"));
                                    vars.insert(var, v);
                                }
                            }
                        }
                        // The model never nests these in a concatenation.
                        Expr::Concat(_) | Expr::Secret(_) => {}
                    }
                }
                if vars.is_empty() {
                    sub(&text)
                } else {
                    json!({ "Fn::Sub": [text, Value::Object(vars)] })
                }
            }
        }
    }

    /// A parameter as text: its `Ref`, a list parameter joined with `,`.
    fn param_text(&self, name: &str) -> Value {
        let r = reference(&param_id(name));
        match self.stack.params.get(name) {
            Some(p) if p.ty.value.is_list() => json!({ "Fn::Join": [",", r] }),
            _ => r,
        }
    }

    /// A `vpc` list: one list parameter's `Ref`, or the items.
    pub(super) fn id_list(&mut self, items: &[Spanned<Expr>]) -> Value {
        if let [one] = items {
            if let Expr::Param(p) = &one.value {
                if self.stack.params.get(p).is_some_and(|p| p.ty.value.is_list()) {
                    return reference(&param_id(p));
                }
            }
        }
        Value::Array(items.iter().map(|i| self.expr(&i.value)).collect())
    }

    pub(super) fn ref_value(&self, r: &Ref) -> Value {
        self.attr_value(&r.target, r.attr)
    }
}

/// `${Id}` / `${Id.Attr}` / `${AWS::X}` when a value has that form.
fn sub_form(v: &Value) -> Option<String> {
    if let Some(r) = v.get("Ref").and_then(Value::as_str) {
        return Some(format!("${{{r}}}"));
    }
    let ga = v.get("Fn::GetAtt")?.as_array()?;
    Some(format!("${{{}.{}}}", ga.first()?.as_str()?, ga.get(1)?.as_str()?))
}
