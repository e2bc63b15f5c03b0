//! Stage 5, emit: the checked [`Stack`] → a CloudFormation [`Template`].
//!
//! Every declaration and trigger becomes the resources docs/language.md §5–§11
//! describe, with least-privilege roles, logical IDs from names, the
//! `lfc:source` source map and wiring that never forms a dependency cycle
//! (S3-notified buckets are named rather than referenced; grants that point
//! at functions go into separate policies). Resource order is left to
//! `graph`.
//!
//! This module holds the [`Emitter`] and the order declarations are emitted
//! in; each concern has its own file: `refs` (values of references),
//! `function`, `policy` (roles and statements), `resources`, `workflow`,
//! `triggers/<kind>`, and `wiring` (how declarations refer to each other,
//! which `graph` reads too). `rewrite` (references replaced inside values)
//! serves `split` and `diff`.
//!
//! Must not: read files (asset hashes are handed in), validate (every rule
//! belongs in `check`; emit reports only the logical-ID collisions it alone
//! sees, of resources with each other or with a parameter, and still the
//! `url` attribute and external-role warnings that issue 7 moves to
//! `check`), resolve names (the model did), or depend on the order of
//! declarations.

mod auth;
pub mod cfn;
pub mod entry;
mod function;
mod iam;
mod insights;
mod json;
mod monitoring;
mod policy;
mod refs;
mod resources;
mod rest;
pub mod rewrite;
mod secrets;
mod table;
mod triggers;
pub mod wiring;
mod workflow;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::{json, Map, Value};

pub use cfn::{Resource, Template, UnmanagedRole};
pub use entry::Entry;
use iam::Statement;
pub use refs::{decl_id, output_id, param_id};
pub use resources::default_visibility;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Decl, DeclKind, Stack};
use crate::source::Span;

/// The parameter that names the bucket holding code assets.
pub const ASSETS_PARAMETER: &str = "LfcAssetsBucket";

/// The start of the parameters through which `lfc build --split` hands the
/// root's `AWS::StackId` and `AWS::StackName` to nested templates.
pub const ROOT_STACK_PREFIX: &str = "LfcRootStack";

/// Whether lfc adds a parameter with this logical ID itself, so no `param`
/// may have it (`check`'s LF0220).
pub fn reserved_parameter(id: &str) -> bool {
    id == ASSETS_PARAMETER || id.starts_with(ROOT_STACK_PREFIX)
}

/// Code assets by the path they were packaged from: the SHA-256 of the zip.
pub type AssetHashes = BTreeMap<PathBuf, String>;

/// Builds the template. Logical-ID collisions are reported into `diags`.
pub fn emit(stack: &Stack, assets: &AssetHashes, diags: &mut Diagnostics) -> Template {
    let mut e = Emitter {
        stack,
        assets,
        diags,
        t: Template {
            description: stack.description.as_ref().map(|d| d.value.clone()),
            ..Template::default()
        },
        id_sites: HashMap::new(),
        role_needs: BTreeMap::new(),
        wiring: wiring::Wiring::of(stack),
        uses_assets: false,
        dead_letters: resources::dead_letter_queues(stack),
        deliveries: BTreeMap::new(),
        own_tags: None,
    };
    e.params();
    for (name, decl) in &stack.decls {
        e.own_tags = own_tags(name, decl);
        match &decl.kind {
            DeclKind::Function(f) => e.function(name, decl, f),
            DeclKind::Layer(_) => e.layer(name, decl),
            DeclKind::Bucket(b) => e.bucket(name, decl, b),
            DeclKind::Queue(q) => e.queue(name, decl, q),
            DeclKind::Topic(t) => e.topic(name, decl, t),
            DeclKind::Table(t) => e.table(name, decl, t),
            DeclKind::Stream(s) => e.stream(name, decl, s),
            DeclKind::Api(a) => e.api(name, decl, a),
            DeclKind::Workflow(w) => e.workflow(name, decl, w),
            DeclKind::Role(_) => {}
        }
    }
    // Declared roles last: they collect what the functions using them need.
    for (name, decl) in &stack.decls {
        if let DeclKind::Role(r) = &decl.kind {
            e.own_tags = own_tags(name, decl);
            e.role(name, decl, r);
        }
    }
    e.own_tags = None;
    e.delivery_policies();
    e.monitoring();
    insights::mapping(stack, &mut e.t);
    e.outputs();
    if e.uses_assets {
        e.t.parameters.insert(
            ASSETS_PARAMETER.into(),
            json!({ "Type": "String", "Description": "S3 bucket holding the code assets lfc packaged (upload build/assets/ to s3://BUCKET/assets/)" }),
        );
    }
    e.t
}

/// The state of one emission.
struct Emitter<'a> {
    stack: &'a Stack,
    assets: &'a AssetHashes,
    diags: &'a mut Diagnostics,
    t: Template,
    /// Logical ID → (source path, span) of the declaration that made it.
    id_sites: HashMap<String, (String, Span)>,
    /// Statements functions need from a declared role: (inline, separate).
    role_needs: BTreeMap<String, (Vec<Statement>, Vec<Statement>)>,
    /// Which declarations are written by name, not by reference.
    wiring: wiring::Wiring,
    /// Whether any code is shipped through the assets bucket.
    uses_assets: bool,
    /// Queues used as dead-letter queues or failure destinations.
    dead_letters: BTreeSet<String>,
    /// Statements of queue and topic policies, by queue or topic name.
    deliveries: BTreeMap<String, Vec<Value>>,
    /// While a declaration with `tags` is emitted: the `lfc:source` of its
    /// own resources and its tags, which every one of them that takes tags
    /// carries over the stack's.
    own_tags: Option<(String, BTreeMap<String, String>)>,
}

/// The source path and tags of a declaration with tags of its own.
fn own_tags(name: &str, decl: &Decl) -> Option<(String, BTreeMap<String, String>)> {
    let tags = decl.kind.own_tags().filter(|t| !t.is_empty())?;
    let src = source(decl, &format!("{}.{name}", decl.kind.kind().keyword()));
    Some((src, tags.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect()))
}

/// `<file>#<path>`
fn source(decl: &Decl, path: &str) -> String {
    format!("{}#{}", decl.file, path)
}

/// Stack tags merged with a resource's own, as a `Tags` list.
fn tags_value(stack_tags: &BTreeMap<String, String>, own: &BTreeMap<String, String>) -> Option<Value> {
    let mut all = stack_tags.clone();
    all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    if all.is_empty() {
        return None;
    }
    Some(Value::Array(
        all.into_iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect(),
    ))
}

impl Emitter<'_> {
    /// Stack tags, under `own` ones, in the form a resource type takes, if
    /// it takes tags.
    fn tags_for(&self, kind: &str, own: &BTreeMap<String, String>) -> Option<Value> {
        match kind {
            "AWS::ApiGatewayV2::Api" | "AWS::ApiGatewayV2::Stage" => {
                let mut all = self.stack.tags.clone();
                all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                (!all.is_empty()).then(|| json!(all))
            }
            "AWS::Lambda::Function"
            | "AWS::IAM::Role"
            | "AWS::S3::Bucket"
            | "AWS::SQS::Queue"
            | "AWS::SNS::Topic"
            | "AWS::DynamoDB::Table"
            | "AWS::Kinesis::Stream"
            | "AWS::Logs::LogGroup"
            | "AWS::Events::Rule"
            | "AWS::Lambda::EventSourceMapping"
            | "AWS::StepFunctions::StateMachine"
            | "AWS::ApiGateway::RestApi"
            | "AWS::ApiGateway::Stage"
            | "AWS::ApiGateway::ApiKey"
            | "AWS::ApiGateway::UsagePlan" => tags_value(&self.stack.tags, own),
            _ => None,
        }
    }

    /// Adds a resource, with the stack's tags (and its declaration's own,
    /// see [`Emitter::own_tags`]) unless it has tags already; a second
    /// resource with the same ID is an error.
    fn add(&mut self, id: String, mut r: Resource, span: Span) {
        if !r.properties.contains_key("Tags") {
            let none = BTreeMap::new();
            let own = match &self.own_tags {
                Some((src, tags)) if *src == r.source => tags,
                _ => &none,
            };
            if let Some(tags) = self.tags_for(r.kind, own) {
                r.properties.insert("Tags".into(), tags);
            }
        }
        if let Some((first_source, first_span)) = self.id_sites.get(&id) {
            let mut d = Diagnostic::error(
                Code::LogicalIdCollision,
                span,
                format!("logical ID `{id}` is produced twice (also by {first_source})"),
            )
            .with_help("rename one of the declarations so their PascalCase names differ");
            if *first_span != Span::default() {
                d = d.with_label(*first_span, "this declaration produces it too");
            }
            self.diags.push(d);
            return;
        }
        self.id_sites.insert(id.clone(), (r.source.clone(), span));
        self.t.insert(id, r);
    }

    fn stack_tags(&self) -> &BTreeMap<String, String> {
        &self.stack.tags
    }

    /// The stack's parameters, each under the PascalCase of its name (two
    /// with one ID are `check`'s LF0219, an ID lfc keeps LF0220). Their IDs
    /// are registered first, so a resource with the same ID is LF0212.
    fn params(&mut self) {
        let stack = self.stack;
        for (name, p) in &stack.params {
            let mut o = Map::new();
            o.insert("Type".into(), json!(p.ty.value.cfn_type()));
            if let Some(d) = &p.description {
                o.insert("Description".into(), json!(d.value));
            }
            if let Some(d) = &p.default {
                o.insert("Default".into(), json!(d.value));
            }
            if !p.allowed.is_empty() {
                let allowed: Vec<&str> = p.allowed.iter().map(|a| a.value.as_str()).collect();
                o.insert("AllowedValues".into(), json!(allowed));
            }
            if let Some(pt) = &p.pattern {
                o.insert("AllowedPattern".into(), json!(pt.value));
            }
            // Whole numbers as integers (`1`, not `1.0`).
            let number = |n: f64| if n.fract() == 0.0 { json!(n as i64) } else { json!(n) };
            if let Some(m) = &p.min {
                o.insert("MinValue".into(), number(m.value));
            }
            if let Some(m) = &p.max {
                o.insert("MaxValue".into(), number(m.value));
            }
            if p.no_echo {
                o.insert("NoEcho".into(), json!(true));
            }
            let id = refs::param_id(name);
            self.id_sites
                .insert(id.clone(), (format!("param `{name}`"), p.name_span));
            self.t.parameters.insert(id, Value::Object(o));
        }
    }

    /// The stack's outputs, each under the PascalCase of its name (two with
    /// one ID are `check`'s LF0221).
    fn outputs(&mut self) {
        let stack = self.stack;
        for (name, out) in &stack.outputs {
            let mut o = Map::new();
            if let Some(d) = &out.description {
                o.insert("Description".into(), json!(d));
            }
            o.insert("Value".into(), self.expr(&out.value.value));
            if let Some(x) = &out.export {
                o.insert("Export".into(), json!({ "Name": self.expr(&x.value) }));
            }
            self.t.outputs.insert(output_id(name), Value::Object(o));
        }
    }
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex of the SHA-256 of `value`'s compact JSON, hashed as it is
/// written (no text is kept).
pub(crate) fn sha256_json(value: &impl serde::Serialize) -> String {
    let mut w = HashWriter(sha2::Sha256::default());
    // Writing into a hasher cannot fail; a value that cannot be serialised
    // hashes what was written of it.
    let _ = serde_json::to_writer(&mut w, value);
    hex(&sha2::Digest::finalize(w.0))
}

/// An `io::Write` that feeds a SHA-256.
struct HashWriter(sha2::Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(&mut self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn sha256_json_hashes_the_compact_text() {
        let v = json!({ "B": [1, "x"], "A": { "Ref": "C" } });
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(sha256_json(&v), hex(&Sha256::digest(text.as_bytes())));
    }
}
