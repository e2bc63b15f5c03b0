//! Stage 5, emit: the checked [`Stack`] → a CloudFormation [`Template`].
//!
//! Every declaration and trigger becomes the resources LANGUAGE.md §5–§12
//! describe, with least-privilege roles, logical IDs from names, the
//! `lfc:source` source map and wiring that never forms a dependency cycle
//! (S3-notified buckets are named rather than referenced; grants that point
//! at functions go into separate policies). Resource order is left to
//! `graph`.
//!
//! Must not: read files (asset hashes are handed in), validate limits (that
//! is `check`), or depend on the order of declarations.

pub mod cfn;
mod iam;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use cfn::{get_att, reference, sub};
pub use cfn::{Resource, Template};
use iam::Statement;

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    pascal_case, Attr, CodeSource, Decl, DeclKind, Expr, Function, Kind, Ref, Stack, Target, Trigger, TriggerKind,
};
use crate::source::Span;

/// The parameter that names the bucket holding code assets.
pub const ASSETS_PARAMETER: &str = "LfcAssetsBucket";

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
        id_sites: BTreeMap::new(),
        role_needs: BTreeMap::new(),
        notified: notified_buckets(stack),
        uses_assets: false,
        dead_letters: dead_letter_queues(stack),
    };
    for (name, decl) in &stack.decls {
        match &decl.kind {
            DeclKind::Function(f) => e.function(name, decl, f),
            DeclKind::Layer(_) => e.layer(name, decl),
            DeclKind::Bucket(_) => e.bucket(name, decl),
            DeclKind::Queue(_) => e.queue(name, decl),
            DeclKind::Topic(_) => e.topic(name, decl),
            DeclKind::Table(_) => e.table(name, decl),
            DeclKind::Stream(_) => e.stream(name, decl),
            DeclKind::Api(_) => e.api(name, decl),
            DeclKind::Workflow(w) => e.workflow(name, decl, w),
            DeclKind::Role(_) => {}
        }
    }
    for (name, decl) in &stack.decls {
        if let DeclKind::Role(_) = decl.kind {
            e.role(name, decl);
        }
    }
    for (name, out) in &stack.outputs {
        let mut o = Map::new();
        if let Some(d) = &out.description {
            o.insert("Description".into(), json!(d));
        }
        o.insert("Value".into(), e.expr(&out.value.value));
        if let Some(x) = &out.export {
            o.insert("Export".into(), json!({ "Name": e.expr(&x.value) }));
        }
        let id = pascal_case(name);
        if let Some(first) = e.t.outputs.keys().find(|k| **k == id).cloned() {
            e.diags.push(
                Diagnostic::error(
                    Code::LogicalIdCollision,
                    out.span,
                    format!("output `{name}` maps to the logical ID `{first}` of another output"),
                )
                .with_help("rename one of the outputs so their PascalCase names differ"),
            );
            continue;
        }
        e.t.outputs.insert(id, Value::Object(o));
    }
    if e.uses_assets {
        e.t.parameters.insert(
            ASSETS_PARAMETER.into(),
            json!({ "Type": "String", "Description": "S3 bucket holding the code assets lfc packaged (upload build/assets/ to s3://BUCKET/assets/)" }),
        );
    }
    e.t
}

/// Buckets that an `on s3` trigger uses: lfc names them so nothing `Ref`s them.
fn notified_buckets(stack: &Stack) -> BTreeSet<String> {
    stack
        .functions()
        .flat_map(|(_, f)| f.triggers.iter())
        .filter_map(|t| match &t.kind {
            TriggerKind::S3 { bucket, .. } => Some(bucket.value.clone()),
            _ => None,
        })
        .collect()
}

struct Emitter<'a> {
    stack: &'a Stack,
    assets: &'a AssetHashes,
    diags: &'a mut Diagnostics,
    t: Template,
    /// Logical ID → (source path, span) of the declaration that made it.
    id_sites: BTreeMap<String, (String, Span)>,
    /// Statements functions need from a declared role: (inline, separate).
    role_needs: BTreeMap<String, (Vec<Statement>, Vec<Statement>)>,
    notified: BTreeSet<String>,
    /// Whether any code is shipped through the assets bucket.
    uses_assets: bool,
    /// Queues used as dead-letter queues or failure destinations.
    dead_letters: BTreeSet<String>,
}

/// What a trigger invokes.
enum Invokee {
    /// A function: its ARN (or alias) and what a mapping names.
    Function {
        /// ARN or alias ARN to invoke.
        invoke: Value,
        /// `FunctionName` of a mapping.
        mapping: Value,
    },
    /// A workflow (state machine) ARN.
    Workflow {
        /// The state machine's ARN.
        arn: Value,
    },
}

impl Invokee {
    fn arn(&self) -> Value {
        match self {
            Invokee::Function { invoke, .. } => invoke.clone(),
            Invokee::Workflow { arn } => arn.clone(),
        }
    }

    fn mapping_name(&self) -> Value {
        match self {
            Invokee::Function { mapping, .. } => mapping.clone(),
            Invokee::Workflow { arn } => arn.clone(),
        }
    }

    /// What a service role needs to start the target.
    fn start_statement(&self) -> Statement {
        match self {
            Invokee::Function { invoke, .. } => Statement::new(&["lambda:InvokeFunction"], vec![invoke.clone()]),
            Invokee::Workflow { arn } => Statement::new(&["states:StartExecution"], vec![arn.clone()]),
        }
    }
}

/// `<file>#<path>`
fn source(decl: &Decl, path: &str) -> String {
    format!("{}#{}", decl.file, path)
}

fn trigger_path(decl: &Decl, t: &Trigger) -> String {
    let mut p = format!("{}.{}.on.{}", decl.kind.kind().keyword(), decl.name, t.keyword());
    if t.count_of_kind > 1 {
        p.push_str(&format!("[{}]", t.index));
    }
    p
}

/// The part of a derived logical ID that names a trigger: `S3`, `Http2`, …
fn trigger_id(t: &Trigger) -> String {
    let base = pascal_case(t.keyword());
    if t.count_of_kind > 1 {
        format!("{base}{}", t.index + 1)
    } else {
        base
    }
}

/// A declaration's main logical ID.
pub fn decl_id(name: &str, kind: Kind) -> String {
    format!("{}{}", pascal_case(name), kind.id_suffix())
}

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
    /// Stack tags in the form a resource type takes, if it takes tags.
    fn stack_tags_for(&self, kind: &str) -> Option<Value> {
        match kind {
            "AWS::ApiGatewayV2::Api" | "AWS::ApiGatewayV2::Stage" if !self.stack.tags.is_empty() => {
                Some(json!(self.stack.tags))
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
            | "AWS::StepFunctions::StateMachine" => tags_value(&self.stack.tags, &BTreeMap::new()),
            _ => None,
        }
    }

    /// Adds a resource, with the stack's tags unless it has its own; a
    /// second resource with the same ID is an error.
    fn add(&mut self, id: String, mut r: Resource, span: Span) {
        if !r.properties.contains_key("Tags") {
            if let Some(tags) = self.stack_tags_for(r.kind) {
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
        self.t.resources.insert(id, r);
    }

    fn stack_tags(&self) -> &BTreeMap<String, String> {
        &self.stack.tags
    }

    // ------------------------------------------------------------ references

    fn kind_of(&self, name: &str) -> Option<&DeclKind> {
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
    fn bucket_name_and_arn(&self, name: &str) -> Option<(Value, Value)> {
        let DeclKind::Bucket(b) = self.kind_of(name)? else {
            return None;
        };
        let literal = b
            .existing
            .as_ref()
            // `name` or `arn:<partition>:s3:::name`
            .map(|e| e.value.value.rsplit(":::").next().unwrap_or_default().to_string())
            .or_else(|| b.name.as_ref().map(|n| n.value.clone()));
        if let Some(n) = literal {
            let arn = sub(&format!("arn:${{AWS::Partition}}:s3:::{}", n.replace("${", "${!")));
            return Some((json!(n), arn));
        }
        if self.notified.contains(name) {
            let prefix = self.generated_bucket_prefix(name);
            let name_v = Self::with_stack_id_prefix(&format!("{prefix}-${{StackIdPrefix}}"));
            let arn = Self::with_stack_id_prefix(&format!("arn:${{AWS::Partition}}:s3:::{prefix}-${{StackIdPrefix}}"));
            return Some((name_v, arn));
        }
        None
    }

    fn existing_arn(&self, name: &str) -> Option<String> {
        match self.kind_of(name)? {
            DeclKind::Queue(q) => q.existing.as_ref(),
            DeclKind::Topic(t) => t.existing.as_ref(),
            DeclKind::Table(t) => t.existing.as_ref(),
            DeclKind::Stream(s) => s.existing.as_ref(),
            _ => None,
        }
        .map(|e| e.value.value.clone())
    }

    /// The CloudFormation value of `name.attr`.
    fn attr_value(&mut self, name: &str, attr: Attr, span: Span) -> Value {
        let Some(kind) = self.kind_of(name).map(DeclKind::kind) else {
            return Value::Null;
        };
        let id = decl_id(name, kind);
        if let Some(arn) = self.existing_arn(name) {
            let last = |sep: char| arn.rsplit(sep).next().unwrap_or("").to_string();
            return match (kind, attr) {
                (Kind::Queue, Attr::Name) | (Kind::Topic, Attr::Name) => json!(last(':')),
                (Kind::Queue, Attr::Url) => {
                    let parts: Vec<&str> = arn.split(':').collect();
                    let (region, account) = (parts.get(3).copied().unwrap_or(""), parts.get(4).copied().unwrap_or(""));
                    sub(&format!(
                        "https://sqs.{region}.${{AWS::URLSuffix}}/{account}/{}",
                        last(':')
                    ))
                }
                (Kind::Table, Attr::Name) | (Kind::Stream, Attr::Name) => json!(last('/')),
                (Kind::Table, Attr::StreamArn) => match self.kind_of(name) {
                    Some(DeclKind::Table(t)) => {
                        json!(t.stream_arn.as_ref().map(|s| s.value.clone()).unwrap_or_default())
                    }
                    _ => Value::Null,
                },
                _ => json!(arn),
            };
        }
        match (kind, attr) {
            (Kind::Function, Attr::Arn) => get_att(&id, "Arn"),
            (Kind::Function, Attr::Name) => reference(&id),
            (Kind::Function, Attr::Url) => {
                let has_url = matches!(self.kind_of(name), Some(DeclKind::Function(f)) if f.url.is_some());
                if !has_url {
                    self.diags.push(
                        Diagnostic::error(Code::UnknownAttribute, span, format!("function `{name}` has no `url`"))
                            .with_help(format!("add `url {{ }}` to `{name}`, or reference its `arn`")),
                    );
                }
                get_att(&format!("{}Url", pascal_case(name)), "FunctionUrl")
            }
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
            (Kind::Api, _) => sub(&format!(
                "https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/"
            )),
            (Kind::Function, _) => get_att(&id, "Arn"),
            (Kind::Workflow, Attr::Name) => get_att(&id, "Name"),
            (Kind::Workflow, _) => reference(&id),
        }
    }

    fn arn_of(&mut self, name: &str, span: Span) -> Value {
        self.attr_value(name, Attr::Arn, span)
    }

    fn target_arn(&mut self, t: &Target) -> Value {
        match t {
            Target::Decl(n) => self.arn_of(&n.value, n.span),
            Target::Arn(s) => json!(s.value),
        }
    }

    /// A value-position expression.
    fn expr(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Str(s) => json!(s),
            Expr::Ref(r) => self.ref_value(r),
            Expr::Pseudo(p) => reference(p.cfn_name()),
            Expr::Concat(parts) => {
                let mut text = String::new();
                let mut vars = Map::new();
                for p in parts {
                    match p {
                        Expr::Str(s) => text.push_str(&s.replace("${", "${!")),
                        Expr::Pseudo(p) => text.push_str(&format!("${{{}}}", p.cfn_name())),
                        Expr::Ref(r) => {
                            let v = self.ref_value(r);
                            match sub_form(&v) {
                                Some(s) => text.push_str(&s),
                                None => {
                                    let var = format!("V{}", vars.len() + 1);
                                    text.push_str(&format!("${{{var}}}"));
                                    vars.insert(var, v);
                                }
                            }
                        }
                        Expr::Concat(_) => {}
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

    fn ref_value(&mut self, r: &Ref) -> Value {
        self.attr_value(&r.target, r.attr, r.span)
    }

    fn code_property(&mut self, code: &CodeSource) -> Value {
        match code {
            CodeSource::Path { path, .. } => {
                self.uses_assets = true;
                let sha = self.assets.get(path).cloned().unwrap_or_default();
                json!({ "S3Bucket": reference(ASSETS_PARAMETER), "S3Key": format!("assets/{sha}.zip") })
            }
            CodeSource::Inline(text) => json!({ "ZipFile": text }),
            CodeSource::S3 { bucket, key, version } => {
                let mut m = json!({ "S3Bucket": bucket, "S3Key": key });
                if let Some(v) = version {
                    m["S3ObjectVersion"] = json!(v);
                }
                m
            }
            CodeSource::Image(uri) => json!({ "ImageUri": uri }),
        }
    }

    // ------------------------------------------------------------ functions

    fn function(&mut self, name: &str, decl: &Decl, f: &Function) {
        let p = pascal_case(name);
        let fn_id = format!("{p}Function");
        let path = format!("function.{name}");
        let src = source(decl, &path);

        // Log group, wired by LoggingConfig so the role needs no function reference.
        let log_group_id = format!("{p}LogGroup");
        let log_name = match &f.name {
            Some(n) => json!(format!("/aws/lambda/{}", n.value)),
            None => sub(&format!("/aws/lambda/${{AWS::StackName}}/{name}")),
        };
        let own_tags: BTreeMap<String, String> = f.tags.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect();
        let tags = tags_value(self.stack_tags(), &own_tags);
        let lg = Resource::new("AWS::Logs::LogGroup", src.clone())
            .prop("LogGroupName", log_name)
            .prop_opt(
                "RetentionInDays",
                f.logs.retention.as_ref().map(|r| json!(r.value / 86_400)),
            )
            .prop_opt("Tags", tags.clone());
        self.add(log_group_id.clone(), lg, decl.name_span);

        // Statements the function needs.
        let needs = self.function_needs(f, &log_group_id);
        // The separate policy holding this function's statements that point
        // at functions or workflows, if any.
        let mut separate_policy: Option<String> = None;
        let role_arn = match &f.role {
            None => {
                let role_id = format!("{p}Role");
                let (inline, separate) = split_separate(needs);
                let role = iam::role(
                    "lambda.amazonaws.com",
                    &inline,
                    tags.clone(),
                    Resource::new("AWS::IAM::Role", src.clone()),
                );
                self.add(role_id.clone(), role, decl.name_span);
                if !separate.is_empty() {
                    let pol = iam::policy(
                        &format!("{p}Policy"),
                        &role_id,
                        &separate,
                        Resource::new("AWS::IAM::Policy", src.clone()),
                    );
                    self.add(format!("{p}Policy"), pol, decl.name_span);
                    separate_policy = Some(format!("{p}Policy"));
                }
                get_att(&role_id, "Arn")
            }
            Some(Target::Decl(r)) => {
                let (inline, separate) = split_separate(needs);
                if !separate.is_empty() {
                    separate_policy = Some(format!("{}Policy", pascal_case(&r.value)));
                }
                let entry = self.role_needs.entry(r.value.clone()).or_default();
                entry.0.extend(inline);
                entry.1.extend(separate);
                get_att(&decl_id(&r.value, Kind::Role), "Arn")
            }
            Some(Target::Arn(arn)) => {
                if !needs.is_empty() {
                    let list: Vec<String> = needs.iter().map(Statement::summary).collect();
                    self.diags.push(
                        Diagnostic::warning(
                            Code::ExternalRole,
                            arn.span,
                            "this role is not managed by lfc: it must already allow what the function needs",
                        )
                        .with_help(format!("the role must contain: {}", list.join("; "))),
                    );
                }
                json!(arn.value)
            }
        };

        let mut r = Resource::new("AWS::Lambda::Function", src.clone());
        if let Some(n) = &f.name {
            r = r.prop("FunctionName", json!(n.value));
        }
        if let Some(d) = &f.description {
            r = r.prop("Description", json!(d.value));
        }
        let is_image = matches!(f.code.as_ref().map(|c| &c.value), Some(CodeSource::Image(_)));
        if let Some(code) = &f.code {
            r = r.prop("Code", self.code_property(&code.value));
        }
        if is_image {
            r = r.prop("PackageType", json!("Image"));
        } else {
            r = r
                .prop_opt("Runtime", f.runtime.as_ref().map(|x| json!(x.value)))
                .prop_opt("Handler", f.handler.as_ref().map(|x| json!(x.value)));
        }
        r = r
            .prop("MemorySize", json!(f.memory.value))
            .prop("Timeout", json!(f.timeout.value))
            .prop("Architectures", json!([f.architecture.value.as_str()]))
            .prop("Role", role_arn);
        if f.storage.value != limits::STORAGE_MIN_MB {
            r = r.prop("EphemeralStorage", json!({ "Size": f.storage.value }));
        }
        let layers: Vec<Value> = f.layers.iter().map(|l| self.target_arn(l)).collect();
        if !layers.is_empty() {
            r = r.prop("Layers", Value::Array(layers));
        }
        if !f.env.is_empty() {
            let mut vars = Map::new();
            for (k, v) in &f.env {
                let val = self.expr(&v.value);
                vars.insert(k.clone(), val);
            }
            r = r.prop("Environment", json!({ "Variables": vars }));
        }
        if let Some(t) = &f.tracing {
            r = r.prop(
                "TracingConfig",
                json!({ "Mode": if t.value == "active" { "Active" } else { "PassThrough" } }),
            );
        }
        if let Some(c) = &f.reserved_concurrency {
            r = r.prop("ReservedConcurrentExecutions", json!(c.value));
        }
        if !f.subnets.is_empty() || !f.security_groups.is_empty() {
            let subnets: Vec<&str> = f.subnets.iter().map(|s| s.value.as_str()).collect();
            let groups: Vec<&str> = f.security_groups.iter().map(|s| s.value.as_str()).collect();
            r = r.prop("VpcConfig", json!({ "SubnetIds": subnets, "SecurityGroupIds": groups }));
        }
        let mut logging = json!({ "LogGroup": reference(&log_group_id) });
        if let Some(fmt) = &f.logs.format {
            logging["LogFormat"] = json!(if fmt.value == "json" { "JSON" } else { "Text" });
        }
        if let Some(l) = &f.logs.level {
            logging["ApplicationLogLevel"] = json!(l.value.to_ascii_uppercase());
        }
        if let Some(l) = &f.logs.system_level {
            logging["SystemLogLevel"] = json!(l.value.to_ascii_uppercase());
        }
        r = r.prop("LoggingConfig", logging);
        if let Some(dl) = &f.dead_letter {
            let arn = self.target_arn(dl);
            r = r.prop("DeadLetterConfig", json!({ "TargetArn": arn }));
        }
        if let Some(k) = &f.kms_key {
            r = r.prop("KmsKeyArn", json!(k.value));
        }
        let snapstart = f.snapstart.as_ref().is_some_and(|s| s.value);
        if snapstart {
            r = r.prop("SnapStart", json!({ "ApplyOn": "PublishedVersions" }));
        }
        r = r.prop_opt("Tags", tags);
        let has_alias = has_alias(f);
        let version_hash = has_alias.then(|| {
            // A layer's `Ref` does not change with its content, so the hash
            // takes each layer's own properties (its code hash among them).
            let layer_contents: Vec<Value> = f
                .layers
                .iter()
                .map(|l| match l {
                    Target::Decl(n) => self
                        .stack
                        .decl(&n.value)
                        .and_then(|d| self.layer_resource(&n.value, d))
                        .map_or(Value::Null, |r| Value::Object(r.properties)),
                    Target::Arn(a) => json!(a.value),
                })
                .collect();
            self.version_hash(&r, layer_contents)
        });
        self.add(fn_id.clone(), r, decl.name_span);

        // Published version and alias, when something needs a fixed version.
        let mut invoke_target = get_att(&fn_id, "Arn");
        let mut mapping_target = reference(&fn_id);
        if let Some(version_hash) = version_hash {
            let version_id = format!("{p}Version{}", &version_hash[..10]);
            let mut v = Resource::new("AWS::Lambda::Version", src.clone()).prop("FunctionName", reference(&fn_id));
            v.retain = true;
            self.add(version_id.clone(), v, decl.name_span);
            let mut alias = Resource::new("AWS::Lambda::Alias", src.clone())
                .prop("FunctionName", reference(&fn_id))
                .prop("FunctionVersion", get_att(&version_id, "Version"))
                .prop("Name", json!("live"));
            if let Some(pc) = &f.provisioned_concurrency {
                alias = alias.prop(
                    "ProvisionedConcurrencyConfig",
                    json!({ "ProvisionedConcurrentExecutions": pc.value }),
                );
            }
            let alias_id = format!("{p}Alias");
            self.add(alias_id.clone(), alias, decl.name_span);
            invoke_target = reference(&alias_id);
            mapping_target = reference(&alias_id);
        }

        if let Some(a) = &f.async_config {
            let mut cfg = Resource::new("AWS::Lambda::EventInvokeConfig", source(decl, &format!("{path}.async")))
                .prop("FunctionName", reference(&fn_id))
                .prop("Qualifier", json!(if has_alias { "live" } else { "$LATEST" }));
            if has_alias {
                cfg.depends_on.insert(format!("{p}Alias"));
            }
            if let Some(x) = &a.retries {
                cfg = cfg.prop("MaximumRetryAttempts", json!(x.value));
            }
            if let Some(x) = &a.max_age {
                cfg = cfg.prop("MaximumEventAgeInSeconds", json!(x.value));
            }
            let mut dest = Map::new();
            if let Some(t) = &a.on_success {
                dest.insert("OnSuccess".into(), json!({ "Destination": self.target_arn(t) }));
            }
            if let Some(t) = &a.on_failure {
                dest.insert("OnFailure".into(), json!({ "Destination": self.target_arn(t) }));
            }
            if !dest.is_empty() {
                cfg = cfg.prop("DestinationConfig", Value::Object(dest));
            }
            if let Some(pol) = &separate_policy {
                cfg.depends_on.insert(pol.clone());
            }
            self.add(format!("{p}EventInvokeConfig"), cfg, a.span);
        }

        if let Some(u) = &f.url {
            let url_function = if has_alias {
                reference(&format!("{p}Alias"))
            } else {
                reference(&fn_id)
            };
            let auth = if u.auth.value == "none" { "NONE" } else { "AWS_IAM" };
            let mut url = Resource::new("AWS::Lambda::Url", source(decl, &format!("{path}.url")))
                .prop("TargetFunctionArn", get_att(&fn_id, "Arn"))
                .prop("AuthType", json!(auth));
            // With a published version, the URL serves the `live` alias.
            if has_alias {
                url = url.prop("Qualifier", json!("live"));
                url.depends_on.insert(format!("{p}Alias"));
            }
            if let Some(c) = &u.cors {
                url = url.prop("Cors", cors_json(c));
            }
            if u.stream {
                url = url.prop("InvokeMode", json!("RESPONSE_STREAM"));
            }
            self.add(format!("{p}Url"), url, u.span);
            if auth == "NONE" {
                let usrc = source(decl, &format!("{path}.url"));
                let perm = Resource::new("AWS::Lambda::Permission", usrc.clone())
                    .prop("Action", json!("lambda:InvokeFunctionUrl"))
                    .prop("FunctionName", url_function.clone())
                    .prop("Principal", json!("*"))
                    .prop("FunctionUrlAuthType", json!("NONE"));
                self.add(format!("{p}UrlPermission"), perm, u.span);
                let perm = Resource::new("AWS::Lambda::Permission", usrc)
                    .prop("Action", json!("lambda:InvokeFunction"))
                    .prop("FunctionName", url_function.clone())
                    .prop("Principal", json!("*"))
                    .prop("InvokedViaFunctionUrl", json!(true));
                self.add(format!("{p}UrlInvokePermission"), perm, u.span);
            }
        }

        let target = Invokee::Function {
            invoke: invoke_target,
            mapping: mapping_target,
        };
        for t in &f.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    /// Hash over what a published version captures (LANGUAGE.md §12).
    fn version_hash(&self, r: &Resource, layer_contents: Vec<Value>) -> String {
        const KEYS: &[&str] = &[
            "Code",
            "Runtime",
            "Handler",
            "MemorySize",
            "Timeout",
            "EphemeralStorage",
            "Architectures",
            "Environment",
            "Layers",
            "VpcConfig",
            "TracingConfig",
            "SnapStart",
            "KmsKeyArn",
            "Description",
            "PackageType",
        ];
        let mut picked: Map<String, Value> = KEYS
            .iter()
            .filter_map(|k| r.properties.get(*k).map(|v| ((*k).to_string(), v.clone())))
            .collect();
        picked.insert("LayerContents".into(), Value::Array(layer_contents));
        hex(&Sha256::digest(
            serde_json::to_string(&picked).unwrap_or_default().as_bytes(),
        ))
    }

    /// Every statement the function's role must hold.
    fn function_needs(&mut self, f: &Function, log_group_id: &str) -> Vec<Statement> {
        let mut out = vec![Statement::new(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![get_att(log_group_id, "Arn")],
        )];
        for t in &f.triggers {
            match &t.kind {
                TriggerKind::Sqs { queue, .. } => {
                    let arn = self.arn_of(&queue.value, queue.span);
                    out.push(Statement::new(crate::data::grants::polling_actions("sqs"), vec![arn]));
                }
                TriggerKind::Dynamodb { source, options } | TriggerKind::Kinesis { source, options } => {
                    let arn = self.stream_source_arn(t, source);
                    out.push(Statement::new(
                        crate::data::grants::polling_actions(t.keyword()),
                        vec![arn],
                    ));
                    if let Some(f) = &options.on_failure {
                        out.extend(self.send_statement(f));
                    }
                }
                _ => {}
            }
        }
        for g in &f.grants {
            out.extend(self.grant_statements(g));
        }
        if let Some(dl) = &f.dead_letter {
            out.extend(self.send_statement(dl));
        }
        if let Some(a) = &f.async_config {
            for t in [&a.on_success, &a.on_failure].into_iter().flatten() {
                out.extend(self.send_statement(t));
            }
        }
        if f.tracing.is_some() {
            out.push(Statement::new(
                &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                vec![json!("*")],
            ));
        }
        if !f.subnets.is_empty() || !f.security_groups.is_empty() {
            out.push(Statement::new(
                &[
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeSubnets",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses",
                ],
                vec![json!("*")],
            ));
        }
        if let Some(k) = &f.kms_key {
            out.push(Statement::new(&["kms:Decrypt"], vec![json!(k.value)]));
        }
        for raw in &f.statements {
            out.push(self.raw_statement(raw));
        }
        out
    }

    /// Permission to deliver to a DLQ or destination.
    fn send_statement(&mut self, t: &Target) -> Vec<Statement> {
        let arn = self.target_arn(t);
        let service = match t {
            Target::Decl(n) => match self.kind_of(&n.value).map(DeclKind::kind) {
                Some(Kind::Topic) => "sns",
                Some(Kind::Function) => "lambda",
                _ => "sqs",
            },
            // `arn:<partition>:<service>:…`; `check` allows sqs, sns, lambda, events and s3.
            Target::Arn(s) => s.value.split(':').nth(2).unwrap_or("sqs"),
        };
        let mut s = match service {
            "sns" => Statement::new(&["sns:Publish"], vec![arn]),
            "lambda" => Statement::new(&["lambda:InvokeFunction"], vec![arn]),
            "events" => Statement::new(&["events:PutEvents"], vec![arn]),
            "s3" => {
                return vec![
                    iam::scoped(crate::data::grants::Scope::Objects, &["s3:PutObject"], &arn, None),
                    Statement::new(&["s3:ListBucket"], vec![arn]),
                ]
            }
            _ => Statement::new(&["sqs:SendMessage"], vec![arn]),
        };
        s.separate = matches!(t, Target::Decl(_)) && service == "lambda";
        vec![s]
    }

    fn grant_statements(&mut self, g: &crate::model::Grant) -> Vec<Statement> {
        let Some(kind) = self.kind_of(&g.target.value).map(DeclKind::kind) else {
            return Vec::new();
        };
        let arn = self.arn_of(&g.target.value, g.target.span);
        let pattern = g.pattern.as_ref().map(|p| p.value.clone());
        let mut out = Vec::new();
        for verb in &g.verbs {
            for groups in crate::data::grants::actions(kind, &verb.value).unwrap_or(&[]) {
                for (scope, actions) in groups.iter() {
                    let mut s = iam::scoped(*scope, actions, &arn, pattern.as_deref());
                    s.separate = matches!(kind, Kind::Function | Kind::Workflow);
                    out.push(s);
                }
            }
        }
        out
    }

    fn raw_statement(&mut self, raw: &crate::model::RawStatement) -> Statement {
        let actions: Vec<&str> = raw.actions.iter().map(|a| a.value.as_str()).collect();
        let mut separate = false;
        let resources = raw
            .resources
            .iter()
            .map(|r| {
                separate |= r.value.refs().iter().any(|x| {
                    matches!(
                        self.kind_of(&x.target),
                        Some(DeclKind::Function(_) | DeclKind::Workflow(_))
                    )
                });
                self.expr(&r.value)
            })
            .collect();
        let mut s = Statement::new(&actions, resources);
        s.separate = separate;
        s
    }

    // ------------------------------------------------------------ triggers

    fn permission(
        &mut self,
        id: String,
        src: String,
        fn_target: &Value,
        principal: &str,
        source_arn: Value,
        span: Span,
    ) {
        let mut p = Resource::new("AWS::Lambda::Permission", src)
            .prop("Action", json!("lambda:InvokeFunction"))
            .prop("FunctionName", fn_target.clone())
            .prop("Principal", json!(principal));
        if principal == "s3.amazonaws.com" {
            p = p.prop("SourceAccount", reference("AWS::AccountId"));
        }
        p = p.prop("SourceArn", source_arn);
        self.add(id, p, span);
    }

    fn trigger(&mut self, name: &str, decl: &Decl, t: &Trigger, target: &Invokee) {
        let p = pascal_case(name);
        let tid = format!("{p}{}", trigger_id(t));
        let src = source(decl, &trigger_path(decl, t));
        let invoke = target.arn();
        match &t.kind {
            TriggerKind::Http { method, path, api, .. } => {
                let api_id = decl_id(&api.value, Kind::Api);
                let integration_id = format!("{tid}Integration");
                let integration = Resource::new("AWS::ApiGatewayV2::Integration", src.clone())
                    .prop("ApiId", reference(&api_id))
                    .prop("IntegrationType", json!("AWS_PROXY"))
                    .prop("IntegrationUri", invoke.clone())
                    .prop("PayloadFormatVersion", json!("2.0"));
                self.add(integration_id.clone(), integration, t.span);
                let route = Resource::new("AWS::ApiGatewayV2::Route", src.clone())
                    .prop("ApiId", reference(&api_id))
                    .prop("RouteKey", json!(format!("{method} {path}")))
                    .prop("Target", sub(&format!("integrations/${{{integration_id}}}")));
                self.add(format!("{tid}Route"), route, t.span);
                let arn_method = if method == "ANY" {
                    "*".to_string()
                } else {
                    method.clone()
                };
                let arn_path: String = path
                    .split('/')
                    .map(|seg| if seg.starts_with('{') { "*" } else { seg })
                    .collect::<Vec<_>>()
                    .join("/");
                let source_arn = sub(&format!(
                    "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/*/{arn_method}{arn_path}"
                ));
                self.permission(
                    format!("{tid}Permission"),
                    src,
                    &invoke,
                    "apigateway.amazonaws.com",
                    source_arn,
                    t.span,
                );
            }
            TriggerKind::S3 {
                bucket,
                events,
                prefix,
                suffix,
                eventbridge,
            } => {
                let (bucket_name, arn) = self.bucket_name_and_arn(&bucket.value).unwrap_or_else(|| {
                    (
                        reference(&decl_id(&bucket.value, Kind::Bucket)),
                        get_att(&decl_id(&bucket.value, Kind::Bucket), "Arn"),
                    )
                });
                if *eventbridge {
                    let mut detail_types: Vec<&str> = events
                        .iter()
                        .flat_map(|e| {
                            crate::data::limits::s3_eventbridge_detail_types(&e.value)
                                .iter()
                                .copied()
                        })
                        .collect();
                    detail_types.sort_unstable();
                    detail_types.dedup();
                    let mut detail = json!({ "bucket": { "name": [bucket_name] } });
                    let key = match (prefix, suffix) {
                        (Some(p), Some(s)) => Some(
                            json!({ "wildcard": format!("{}*{}", p.value.replace('*', "\\*"), s.value.replace('*', "\\*")) }),
                        ),
                        (Some(p), None) => Some(json!({ "prefix": p.value })),
                        (None, Some(s)) => Some(json!({ "suffix": s.value })),
                        (None, None) => None,
                    };
                    if let Some(k) = key {
                        detail["object"] = json!({ "key": [k] });
                    }
                    let pattern = json!({ "source": ["aws.s3"], "detail-type": detail_types, "detail": detail });
                    self.event_rule(&tid, src, name, target, pattern, None, t.span);
                } else {
                    self.permission(
                        format!("{tid}Permission"),
                        src,
                        &invoke,
                        "s3.amazonaws.com",
                        arn,
                        t.span,
                    );
                    // The notification itself is written on the bucket (see `bucket`).
                }
            }
            TriggerKind::Schedule {
                expression,
                timezone,
                input,
                enabled,
            } => {
                let state = if *enabled { "ENABLED" } else { "DISABLED" };
                let input_text = input.as_ref().map(|i| serde_json::to_string(i).unwrap_or_default());
                if timezone.is_some() || expression.value.starts_with("at(") {
                    let role_id = format!("{tid}Role");
                    let role = iam::role(
                        "scheduler.amazonaws.com",
                        &[target.start_statement()],
                        None,
                        Resource::new("AWS::IAM::Role", src.clone()),
                    );
                    self.add(role_id.clone(), role, t.span);
                    let mut tgt = json!({ "Arn": invoke.clone(), "RoleArn": get_att(&role_id, "Arn") });
                    if let Some(i) = input_text {
                        tgt["Input"] = json!(i);
                    }
                    let s = Resource::new("AWS::Scheduler::Schedule", src)
                        .prop("ScheduleExpression", json!(expression.value))
                        .prop_opt("ScheduleExpressionTimezone", timezone.as_ref().map(|z| json!(z.value)))
                        .prop("FlexibleTimeWindow", json!({ "Mode": "OFF" }))
                        .prop("State", json!(state))
                        .prop("Target", tgt);
                    self.add(tid.clone(), s, t.span);
                } else {
                    let mut rule = Resource::new("AWS::Events::Rule", src.clone())
                        .prop("ScheduleExpression", json!(expression.value))
                        .prop("State", json!(state));
                    let mut tgt = json!({ "Id": name, "Arn": invoke.clone() });
                    if let Some(i) = input_text {
                        tgt["Input"] = json!(i);
                    }
                    self.finish_rule(&tid, src, target, &mut rule, tgt, t.span);
                }
            }
            TriggerKind::Event { pattern, bus } => {
                self.event_rule(
                    &tid,
                    src,
                    name,
                    target,
                    pattern.clone(),
                    bus.as_ref().map(|b| b.value.clone()),
                    t.span,
                );
            }
            TriggerKind::Sns { topic, filter } => {
                let arn = self.arn_of(&topic.value, topic.span);
                let mut sub_r = Resource::new("AWS::SNS::Subscription", src.clone())
                    .prop("TopicArn", arn.clone())
                    .prop("Protocol", json!("lambda"))
                    .prop("Endpoint", invoke.clone());
                if let Some(f) = filter {
                    sub_r = sub_r
                        .prop("FilterPolicy", f.clone())
                        .prop("FilterPolicyScope", json!("MessageAttributes"));
                }
                self.add(format!("{tid}Subscription"), sub_r, t.span);
                self.permission(
                    format!("{tid}Permission"),
                    src,
                    &invoke,
                    "sns.amazonaws.com",
                    arn,
                    t.span,
                );
            }
            TriggerKind::Sqs {
                queue,
                batch_size,
                window,
                max_concurrency,
                report_failures,
            } => {
                let arn = self.arn_of(&queue.value, queue.span);
                let mut m = Resource::new("AWS::Lambda::EventSourceMapping", src)
                    .prop("EventSourceArn", arn)
                    .prop("FunctionName", target.mapping_name())
                    .prop("BatchSize", json!(batch_size.value));
                if window.value > 0 {
                    m = m.prop("MaximumBatchingWindowInSeconds", json!(window.value));
                }
                if let Some(c) = max_concurrency {
                    m = m.prop("ScalingConfig", json!({ "MaximumConcurrency": c.value }));
                }
                if *report_failures {
                    m = m.prop("FunctionResponseTypes", json!(["ReportBatchItemFailures"]));
                }
                // The polling statement is inline in the role the function
                // already references, so the mapping is created after it.
                self.add(format!("{tid}Mapping"), m, t.span);
            }
            TriggerKind::Dynamodb { source, options } | TriggerKind::Kinesis { source, options } => {
                let arn = self.stream_source_arn(t, source);
                let o = options;
                let mut m = Resource::new("AWS::Lambda::EventSourceMapping", src)
                    .prop("EventSourceArn", arn)
                    .prop("FunctionName", target.mapping_name())
                    .prop("StartingPosition", json!(o.start.value))
                    .prop("BatchSize", json!(o.batch_size.value))
                    .prop("MaximumRetryAttempts", json!(o.retries.value))
                    .prop("MaximumRecordAgeInSeconds", json!(o.max_age.value))
                    .prop("BisectBatchOnFunctionError", json!(o.bisect))
                    .prop("ParallelizationFactor", json!(o.parallelization.value));
                if o.window.value > 0 {
                    m = m.prop("MaximumBatchingWindowInSeconds", json!(o.window.value));
                }
                if let Some(f) = &o.on_failure {
                    let dest = self.target_arn(f);
                    m = m.prop("DestinationConfig", json!({ "OnFailure": { "Destination": dest } }));
                }
                if let Some(f) = &o.filter {
                    let text = serde_json::to_string(f).unwrap_or_default();
                    m = m.prop("FilterCriteria", json!({ "Filters": [{ "Pattern": text }] }));
                }
                if o.report_failures {
                    m = m.prop("FunctionResponseTypes", json!(["ReportBatchItemFailures"]));
                }
                self.add(format!("{tid}Mapping"), m, t.span);
            }
        }
    }

    /// The ARN a stream mapping reads: a table's stream or a Kinesis stream.
    fn stream_source_arn(&mut self, t: &Trigger, source: &crate::model::Spanned<String>) -> Value {
        match t.kind {
            TriggerKind::Dynamodb { .. } => self.attr_value(&source.value, Attr::StreamArn, source.span),
            _ => self.arn_of(&source.value, source.span),
        }
    }

    /// An EventBridge rule with `pattern` targeting a function or workflow.
    #[allow(clippy::too_many_arguments)]
    fn event_rule(
        &mut self,
        tid: &str,
        src: String,
        name: &str,
        target: &Invokee,
        pattern: Value,
        bus: Option<String>,
        span: Span,
    ) {
        let mut rule = Resource::new("AWS::Events::Rule", src.clone())
            .prop_opt("EventBusName", bus.map(|b| json!(b)))
            .prop("EventPattern", pattern)
            .prop("State", json!("ENABLED"));
        let tgt = json!({ "Id": name, "Arn": target.arn() });
        self.finish_rule(tid, src, target, &mut rule, tgt, span);
    }

    /// Adds a rule's target and what lets the rule invoke it: a permission
    /// for a function, a role allowed `states:StartExecution` for a workflow.
    fn finish_rule(
        &mut self,
        tid: &str,
        src: String,
        target: &Invokee,
        rule: &mut Resource,
        mut tgt: Value,
        span: Span,
    ) {
        let rule_id = format!("{tid}Rule");
        if let Invokee::Workflow { .. } = target {
            let role_id = format!("{tid}Role");
            let role = iam::role(
                "events.amazonaws.com",
                &[target.start_statement()],
                None,
                Resource::new("AWS::IAM::Role", src.clone()),
            );
            self.add(role_id.clone(), role, span);
            tgt["RoleArn"] = get_att(&role_id, "Arn");
        }
        rule.properties.insert("Targets".into(), json!([tgt]));
        self.add(rule_id.clone(), rule.clone(), span);
        if let Invokee::Function { .. } = target {
            self.permission(
                format!("{tid}Permission"),
                src,
                &target.arn(),
                "events.amazonaws.com",
                get_att(&rule_id, "Arn"),
                span,
            );
        }
    }

    // ------------------------------------------------------------ resources

    fn layer(&mut self, name: &str, decl: &Decl) {
        if let Some(r) = self.layer_resource(name, decl) {
            self.add(decl_id(name, Kind::Layer), r, decl.name_span);
        }
    }

    /// The `AWS::Lambda::LayerVersion` of a layer declaration.
    fn layer_resource(&mut self, name: &str, decl: &Decl) -> Option<Resource> {
        let DeclKind::Layer(l) = &decl.kind else { return None };
        let mut r = Resource::new("AWS::Lambda::LayerVersion", source(decl, &format!("layer.{name}")));
        if let Some(c) = &l.code {
            r = r.prop("Content", self.code_property(&c.value));
        }
        r = r
            .prop_opt("LayerName", l.name.as_ref().map(|n| json!(n.value)))
            .prop_opt("Description", l.description.as_ref().map(|n| json!(n.value)))
            .prop_opt("LicenseInfo", l.license.as_ref().map(|n| json!(n.value)));
        if !l.runtimes.is_empty() {
            r = r.prop(
                "CompatibleRuntimes",
                json!(l.runtimes.iter().map(|x| &x.value).collect::<Vec<_>>()),
            );
        }
        if !l.architectures.is_empty() {
            r = r.prop(
                "CompatibleArchitectures",
                json!(l.architectures.iter().map(|x| &x.value).collect::<Vec<_>>()),
            );
        }
        r.retain = true;
        Some(r)
    }

    fn role(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Role(role) = &decl.kind else { return };
        let src = source(decl, &format!("role.{name}"));
        let mut stmts = Vec::new();
        for g in &role.grants {
            stmts.extend(self.grant_statements(g));
        }
        for raw in &role.statements {
            stmts.push(self.raw_statement(raw));
        }
        let (mut inline, mut separate) = split_separate(stmts);
        if let Some((i, s)) = self.role_needs.remove(name) {
            inline.extend(i);
            separate.extend(s);
        }
        // Functions sharing the role may need the same statement; keep it once.
        for list in [&mut inline, &mut separate] {
            let mut seen = Vec::new();
            list.retain(|st| {
                let first = !seen.contains(st);
                if first {
                    seen.push(st.clone());
                }
                first
            });
        }
        let id = decl_id(name, Kind::Role);
        let mut r = iam::role(
            "lambda.amazonaws.com",
            &inline,
            None,
            Resource::new("AWS::IAM::Role", src.clone()),
        );
        if let Some(n) = &role.name {
            r = r.prop("RoleName", json!(n.value));
        }
        if !role.managed.is_empty() {
            r = r.prop(
                "ManagedPolicyArns",
                json!(role.managed.iter().map(|m| &m.value).collect::<Vec<_>>()),
            );
        }
        if let Some(b) = &role.boundary {
            r = r.prop("PermissionsBoundary", json!(b.value));
        }
        self.add(id.clone(), r, decl.name_span);
        if !separate.is_empty() {
            let pid = format!("{}Policy", pascal_case(name));
            let pol = iam::policy(&pid, &id, &separate, Resource::new("AWS::IAM::Policy", src));
            self.add(pid, pol, decl.name_span);
        }
    }

    fn workflow(&mut self, name: &str, decl: &Decl, w: &crate::model::Workflow) {
        let p = pascal_case(name);
        let src = source(decl, &format!("workflow.{name}"));
        let id = decl_id(name, Kind::Workflow);
        let mut states = Map::new();
        let mut substitutions = Map::new();
        let mut arns = Vec::new();
        for (i, step) in w.steps.iter().enumerate() {
            let var = format!("Step{}", i + 1);
            // A step with a published version runs through its `live` alias.
            let arn = match self.kind_of(&step.value) {
                Some(DeclKind::Function(f)) if has_alias(f) => reference(&format!("{}Alias", pascal_case(&step.value))),
                _ => self.arn_of(&step.value, step.span),
            };
            substitutions.insert(var.clone(), arn.clone());
            if !arns.contains(&arn) {
                arns.push(arn);
            }
            let mut state = json!({
                "Type": "Task",
                // Step Functions' Lambda integration; cfn-lint accepts only the `aws` partition here.
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": { "FunctionName": format!("${{{var}}}"), "Payload.$": "$" },
                "OutputPath": "$.Payload",
                "Retry": [{
                    "ErrorEquals": ["States.ALL"],
                    "IntervalSeconds": w.interval,
                    "MaxAttempts": w.attempts,
                    "BackoffRate": w.backoff,
                }],
            });
            match w.steps.get(i + 1) {
                Some(next) => state["Next"] = json!(next.value),
                None => state["End"] = json!(true),
            }
            states.insert(step.value.clone(), state);
        }
        let start = w.steps.first().map(|s| s.value.clone()).unwrap_or_default();
        let role_id = format!("{p}Role");
        let invoke = Statement::new(&["lambda:InvokeFunction"], arns);
        let role = iam::role(
            "states.amazonaws.com",
            &[invoke],
            None,
            Resource::new("AWS::IAM::Role", src.clone()),
        );
        self.add(role_id.clone(), role, decl.name_span);
        let sm = Resource::new("AWS::StepFunctions::StateMachine", src)
            .prop("StateMachineType", json!("STANDARD"))
            .prop("RoleArn", get_att(&role_id, "Arn"))
            .prop("Definition", json!({ "StartAt": start, "States": states }))
            .prop("DefinitionSubstitutions", Value::Object(substitutions));
        self.add(id.clone(), sm, decl.name_span);
        let target = Invokee::Workflow { arn: reference(&id) };
        for t in &w.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    fn bucket(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Bucket(b) = &decl.kind else { return };
        if b.existing.is_some() {
            return;
        }
        let src = source(decl, &format!("bucket.{name}"));
        let mut r = Resource::new("AWS::S3::Bucket", src);
        if let Some((n, _)) = self.bucket_name_and_arn(name) {
            r = r.prop("BucketName", n);
        }
        r = r
            .prop(
                "BucketEncryption",
                json!({ "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] }),
            )
            .prop(
                "PublicAccessBlockConfiguration",
                json!({ "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true }),
            );
        if b.versioning {
            r = r.prop("VersioningConfiguration", json!({ "Status": "Enabled" }));
        }
        let mut configs = Vec::new();
        let mut eventbridge_on = false;
        for (fname, f, t) in self.stack.listeners_of(name) {
            let fdecl = self.stack.decl(fname);
            {
                let TriggerKind::S3 {
                    bucket,
                    events,
                    prefix,
                    suffix,
                    eventbridge,
                } = &t.kind
                else {
                    continue;
                };
                if bucket.value != name {
                    continue;
                }
                if *eventbridge {
                    eventbridge_on = true;
                    continue;
                }
                let fid = format!("{}Function", pascal_case(fname));
                let target = if has_alias(f) {
                    reference(&format!("{}Alias", pascal_case(fname)))
                } else {
                    get_att(&fid, "Arn")
                };
                let mut rules = Vec::new();
                if let Some(p) = prefix {
                    rules.push(json!({ "Name": "prefix", "Value": p.value }));
                }
                if let Some(s) = suffix {
                    rules.push(json!({ "Name": "suffix", "Value": s.value }));
                }
                for e in events {
                    let mut c = json!({ "Event": e.value, "Function": target.clone() });
                    if !rules.is_empty() {
                        c["Filter"] = json!({ "S3Key": { "Rules": rules.clone() } });
                    }
                    configs.push(c);
                }
                if fdecl.is_some() {
                    r.depends_on
                        .insert(format!("{}{}Permission", pascal_case(fname), trigger_id(t)));
                }
            }
        }
        let mut notification = Map::new();
        if eventbridge_on {
            notification.insert("EventBridgeConfiguration".into(), json!({ "EventBridgeEnabled": true }));
        }
        if !configs.is_empty() {
            notification.insert("LambdaConfigurations".into(), Value::Array(configs));
        }
        if !notification.is_empty() {
            r = r.prop("NotificationConfiguration", Value::Object(notification));
        }
        r.retain = b.retain;
        self.add(decl_id(name, Kind::Bucket), r, decl.name_span);
    }

    fn queue(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Queue(q) = &decl.kind else { return };
        if q.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::SQS::Queue", source(decl, &format!("queue.{name}")));
        if let Some(n) = &q.name {
            r = r.prop("QueueName", json!(n.value));
        }
        if q.fifo {
            r = r.prop("FifoQueue", json!(true));
        }
        let visibility = q
            .visibility_timeout
            .as_ref()
            .map_or_else(|| default_visibility(self.stack, name), |v| v.value);
        r = r.prop("VisibilityTimeout", json!(visibility));
        let retention = q
            .retention
            .as_ref()
            .map(|r| r.value)
            .or_else(|| self.dead_letters.contains(name).then_some(1_209_600));
        r = r.prop_opt("MessageRetentionPeriod", retention.map(|x| json!(x)));
        if let Some(d) = &q.delay {
            r = r.prop("DelaySeconds", json!(d.value));
        }
        if let Some((dlq, max)) = &q.dead_letter {
            let arn = self.arn_of(&dlq.value, dlq.span);
            r = r.prop(
                "RedrivePolicy",
                json!({ "deadLetterTargetArn": arn, "maxReceiveCount": max }),
            );
        }
        r = r.prop("SqsManagedSseEnabled", json!(true));
        self.add(decl_id(name, Kind::Queue), r, decl.name_span);
    }

    fn topic(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Topic(t) = &decl.kind else { return };
        if t.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::SNS::Topic", source(decl, &format!("topic.{name}")));
        if let Some(n) = &t.name {
            r = r.prop("TopicName", json!(n.value));
        }
        if t.fifo {
            r = r.prop("FifoTopic", json!(true));
        }
        self.add(decl_id(name, Kind::Topic), r, decl.name_span);
    }

    fn table(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Table(t) = &decl.kind else { return };
        if t.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::DynamoDB::Table", source(decl, &format!("table.{name}")));
        if let Some(n) = &t.name {
            r = r.prop("TableName", json!(n.value));
        }
        let mut attrs = Vec::new();
        let mut schema = Vec::new();
        for (k, role) in [(&t.key, "HASH"), (&t.sort, "RANGE")] {
            if let Some((n, ty)) = k {
                attrs.push(json!({ "AttributeName": n, "AttributeType": ty }));
                schema.push(json!({ "AttributeName": n, "KeyType": role }));
            }
        }
        r = r
            .prop("BillingMode", json!("PAY_PER_REQUEST"))
            .prop("AttributeDefinitions", Value::Array(attrs))
            .prop("KeySchema", Value::Array(schema));
        if let Some(s) = &t.stream {
            r = r.prop("StreamSpecification", json!({ "StreamViewType": s.value }));
        }
        r.retain = t.retain;
        self.add(decl_id(name, Kind::Table), r, decl.name_span);
    }

    fn stream(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Stream(s) = &decl.kind else { return };
        if s.existing.is_some() {
            return;
        }
        let mut r = Resource::new("AWS::Kinesis::Stream", source(decl, &format!("stream.{name}")));
        if let Some(n) = &s.name {
            r = r.prop("Name", json!(n.value));
        }
        r = match &s.shards {
            Some(n) => r
                .prop("ShardCount", json!(n.value))
                .prop("StreamModeDetails", json!({ "StreamMode": "PROVISIONED" })),
            None => r.prop("StreamModeDetails", json!({ "StreamMode": "ON_DEMAND" })),
        };
        r = r
            .prop(
                "RetentionPeriodHours",
                json!(s.retention_hours.as_ref().map_or(24, |h| h.value)),
            )
            .prop(
                "StreamEncryption",
                json!({ "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" }),
            );
        self.add(decl_id(name, Kind::Stream), r, decl.name_span);
    }

    fn api(&mut self, name: &str, decl: &Decl) {
        let DeclKind::Api(a) = &decl.kind else { return };
        let path = format!("api.{name}");
        let src = source(decl, &path);
        let id = decl_id(name, Kind::Api);
        let api_name = a.name.as_ref().map_or_else(
            || format!("{}-{name}", self.stack.name).replace('_', "-"),
            |n| n.value.clone(),
        );
        let mut r = Resource::new("AWS::ApiGatewayV2::Api", src.clone())
            .prop("Name", json!(api_name))
            .prop("ProtocolType", json!("HTTP"));
        if let Some(c) = &a.cors {
            r = r.prop("CorsConfiguration", cors_json(c));
        }
        self.add(id.clone(), r, decl.name_span);
        let stage = Resource::new("AWS::ApiGatewayV2::Stage", src)
            .prop("ApiId", reference(&id))
            .prop("StageName", json!("$default"))
            .prop("AutoDeploy", json!(true));
        self.add(format!("{}Stage", pascal_case(name)), stage, decl.name_span);
    }
}

/// True when the function publishes a version with a `live` alias, which
/// its triggers then invoke (provisioned concurrency and SnapStart need one).
fn has_alias(f: &Function) -> bool {
    f.provisioned_concurrency.is_some() || f.snapstart.as_ref().is_some_and(|s| s.value)
}

/// Splits statements into the role's inline policy and a separate policy
/// (those that point at functions, which could otherwise close a cycle).
fn split_separate(stmts: Vec<Statement>) -> (Vec<Statement>, Vec<Statement>) {
    stmts.into_iter().partition(|s| !s.separate)
}

/// `${Id}` / `${Id.Attr}` / `${AWS::X}` when a value has that form.
fn sub_form(v: &Value) -> Option<String> {
    if let Some(r) = v.get("Ref").and_then(Value::as_str) {
        return Some(format!("${{{r}}}"));
    }
    let ga = v.get("Fn::GetAtt")?.as_array()?;
    Some(format!("${{{}.{}}}", ga.first()?.as_str()?, ga.get(1)?.as_str()?))
}

/// CORS settings; HTTP APIs and function URLs use the same field names.
fn cors_json(c: &crate::model::Cors) -> Value {
    let mut m = Map::new();
    for (key, list) in [
        ("AllowOrigins", &c.origins),
        ("AllowMethods", &c.methods),
        ("AllowHeaders", &c.headers),
    ] {
        if !list.is_empty() {
            m.insert(key.into(), json!(list));
        }
    }
    if let Some(x) = c.max_age {
        m.insert("MaxAge".into(), json!(x));
    }
    Value::Object(m)
}

/// Visibility for a queue without one: max(30s, 6 × the longest timeout of
/// the functions it feeds + their batching window).
pub fn default_visibility(stack: &Stack, queue: &str) -> u64 {
    stack
        .listeners_of(queue)
        .filter_map(|(_, f, t)| match &t.kind {
            TriggerKind::Sqs { window, .. } => Some(limits::SQS_VISIBILITY_FACTOR * f.timeout.value + window.value),
            _ => None,
        })
        .fold(limits::SQS_VISIBILITY_DEFAULT_S, u64::max)
}

/// Queues that receive failed messages or events of something else.
fn dead_letter_queues(stack: &Stack) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |t: &Option<Target>| {
        if let Some(Target::Decl(n)) = t {
            out.insert(n.value.clone());
        }
    };
    for d in stack.decls.values() {
        match &d.kind {
            DeclKind::Queue(q) => {
                if let Some((n, _)) = &q.dead_letter {
                    add(&Some(Target::Decl(n.clone())));
                }
            }
            DeclKind::Function(f) => {
                add(&f.dead_letter);
                if let Some(a) = &f.async_config {
                    add(&a.on_failure);
                }
                for t in &f.triggers {
                    if let TriggerKind::Dynamodb { options, .. } | TriggerKind::Kinesis { options, .. } = &t.kind {
                        add(&options.on_failure);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
