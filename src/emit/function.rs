//! Functions: the log group, the role (see `policy`), the function itself,
//! a published version with its `live` alias when something needs one, the
//! async invoke config and the function URL; then the function's triggers.
//!
//! Must not: validate (limits and combinations are `check`'s) or resolve
//! names (the model did).

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value};

use super::cfn::{get_att, reference, sub, Resource};
use super::resources::cors_json;
use super::triggers::Invokee;
use super::{sha256_json, source, tags_value, Emitter, ASSETS_PARAMETER};
use crate::data::limits;
use crate::model::{pascal_case, CodeSource, Decl, Expr, Function, FunctionProp, Target};

/// What every resource of one function is named and tagged by.
pub(super) struct FunctionSite<'a> {
    /// The declaration's name.
    pub name: &'a str,
    /// The declaration.
    pub decl: &'a Decl,
    /// PascalCase of the name: the stem of every logical ID.
    pub p: String,
    /// `function.<name>`: the source-map path.
    pub path: String,
    /// `lfc:source` of the function's main resources.
    pub src: String,
    /// Stack tags merged with the function's own.
    pub tags: Option<Value>,
}

impl Emitter<'_> {
    /// The `Code` (or layer `Content`) of a code source.
    pub(super) fn code_property(&mut self, code: &CodeSource) -> Value {
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

    /// Every resource of a function declaration and of its triggers.
    pub(super) fn function(&mut self, name: &str, decl: &Decl, f: &Function) {
        let p = pascal_case(name);
        let path = format!("function.{name}");
        let own_tags: BTreeMap<String, String> = f.tags.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect();
        let site = FunctionSite {
            name,
            decl,
            src: source(decl, &path),
            tags: tags_value(self.stack_tags(), &own_tags),
            p,
            path,
        };
        let fn_id = format!("{}Function", site.p);
        let log_group_id = self.log_group(&site, f);

        // Statements the function needs, and the role that holds them.
        let needs = self.function_needs(f, &log_group_id);
        let (role_arn, separate_policy) = self.function_role(&site, f, needs);

        let r = self.function_resource(&site, f, role_arn, &log_group_id);
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
                    Target::Arn(a) => json!(a.value.shape()),
                })
                .collect();
            self.version_hash(&r, layer_contents)
        });
        self.add(fn_id.clone(), r, decl.name_span);

        let target = match version_hash {
            Some(hash) => self.publish(&site, f, &hash),
            None => Invokee::Function {
                invoke: get_att(&fn_id, "Arn"),
                mapping: reference(&fn_id),
            },
        };
        self.async_config(&site, f, separate_policy.as_deref());
        self.function_url(&site, f);
        for t in &f.triggers {
            self.trigger(name, decl, t, &target);
        }
    }

    /// The log group, wired by `LoggingConfig` so the role needs no
    /// function reference. Returns its logical ID.
    fn log_group(&mut self, site: &FunctionSite, f: &Function) -> String {
        let log_group_id = format!("{}LogGroup", site.p);
        let log_name = match &f.name {
            Some(n) => self.expr(&Expr::concat([Expr::Str("/aws/lambda/".into()), n.value.clone()])),
            None => sub(&format!("/aws/lambda/${{AWS::StackName}}/{}", site.name)),
        };
        let lg = Resource::new("AWS::Logs::LogGroup", site.src.clone())
            .prop("LogGroupName", log_name)
            .prop_opt(
                "RetentionInDays",
                f.logs.retention.as_ref().map(|r| json!(r.value / 86_400)),
            )
            .prop_opt("Tags", site.tags.clone());
        self.add(log_group_id.clone(), lg, site.decl.name_span);
        log_group_id
    }

    /// The `AWS::Lambda::Function`.
    fn function_resource(
        &mut self,
        site: &FunctionSite,
        f: &Function,
        role_arn: Value,
        log_group_id: &str,
    ) -> Resource {
        let mut r = Resource::new("AWS::Lambda::Function", site.src.clone());
        if let Some(n) = &f.name {
            r = r.prop("FunctionName", self.expr(&n.value));
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
        let mut layers: Vec<Value> = f.layers.iter().map(|l| self.target_arn(l)).collect();
        layers.extend(super::insights::layer(f));
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
            let subnets = self.id_list(&f.subnets);
            let groups = self.id_list(&f.security_groups);
            r = r.prop("VpcConfig", json!({ "SubnetIds": subnets, "SecurityGroupIds": groups }));
        }
        r = r.prop("LoggingConfig", logging_config(f, log_group_id));
        if let Some(dl) = &f.dead_letter {
            let arn = self.target_arn(dl);
            r = r.prop("DeadLetterConfig", json!({ "TargetArn": arn }));
        }
        if let Some(k) = &f.kms_key {
            r = r.prop("KmsKeyArn", json!(k.value));
        }
        if f.snapstart.as_ref().is_some_and(|s| s.value) {
            r = r.prop("SnapStart", json!({ "ApplyOn": "PublishedVersions" }));
        }
        r.prop_opt("Tags", site.tags.clone())
    }

    /// The published version (named by `version_hash`, so a change makes a
    /// new one) and the `live` alias; what triggers then invoke.
    fn publish(&mut self, site: &FunctionSite, f: &Function, version_hash: &str) -> Invokee {
        let (p, span) = (&site.p, site.decl.name_span);
        let fn_id = format!("{p}Function");
        let version_id = format!("{p}Version{}", &version_hash[..10]);
        let mut v = Resource::new("AWS::Lambda::Version", site.src.clone()).prop("FunctionName", reference(&fn_id));
        v.retain = true;
        self.add(version_id.clone(), v, span);
        let mut alias = Resource::new("AWS::Lambda::Alias", site.src.clone())
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
        self.add(alias_id.clone(), alias, span);
        Invokee::Function {
            invoke: reference(&alias_id),
            mapping: reference(&alias_id),
        }
    }

    /// `async { … }`: retries, maximum age and destinations.
    fn async_config(&mut self, site: &FunctionSite, f: &Function, separate_policy: Option<&str>) {
        let Some(a) = &f.async_config else { return };
        let (p, has_alias) = (&site.p, has_alias(f));
        let mut cfg = Resource::new(
            "AWS::Lambda::EventInvokeConfig",
            source(site.decl, &format!("{}.async", site.path)),
        )
        .prop("FunctionName", reference(&format!("{p}Function")))
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
        if let Some(pol) = separate_policy {
            cfg.depends_on.insert(pol.to_string());
        }
        self.add(format!("{p}EventInvokeConfig"), cfg, a.span);
    }

    /// `url { … }`: the function URL and, without auth, the public permissions.
    fn function_url(&mut self, site: &FunctionSite, f: &Function) {
        let Some(u) = &f.url else { return };
        let (p, has_alias) = (&site.p, has_alias(f));
        let fn_id = format!("{p}Function");
        let url_function = if has_alias {
            reference(&format!("{p}Alias"))
        } else {
            reference(&fn_id)
        };
        let auth = if u.auth.value == "none" { "NONE" } else { "AWS_IAM" };
        let usrc = source(site.decl, &format!("{}.url", site.path));
        let mut url = Resource::new("AWS::Lambda::Url", usrc.clone())
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
            let perm = Resource::new("AWS::Lambda::Permission", usrc.clone())
                .prop("Action", json!("lambda:InvokeFunctionUrl"))
                .prop("FunctionName", url_function.clone())
                .prop("Principal", json!("*"))
                .prop("FunctionUrlAuthType", json!("NONE"));
            self.add(format!("{p}UrlPermission"), perm, u.span);
            let perm = Resource::new("AWS::Lambda::Permission", usrc)
                .prop("Action", json!("lambda:InvokeFunction"))
                .prop("FunctionName", url_function)
                .prop("Principal", json!("*"))
                .prop("InvokedViaFunctionUrl", json!(true));
            self.add(format!("{p}UrlInvokePermission"), perm, u.span);
        }
    }

    /// Hash over what a published version captures (docs/language.md §11.3).
    fn version_hash(&self, r: &Resource, layer_contents: Vec<Value>) -> String {
        // Everything but what the function-property table says a version
        // leaves out, so a new property changes the version by default.
        let unversioned: Vec<&str> = FunctionProp::unversioned_cfn_properties().collect();
        sha256_json(&Versioned {
            properties: &r.properties,
            unversioned: &unversioned,
            layer_contents: &layer_contents,
        })
    }
}

/// What a version hash covers: the function's properties but the
/// unversioned ones, then `LayerContents`; serialised as that JSON object
/// without building it.
struct Versioned<'a> {
    properties: &'a Map<String, Value>,
    unversioned: &'a [&'a str],
    layer_contents: &'a [Value],
}

impl Serialize for Versioned<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.properties {
            if !self.unversioned.contains(&k.as_str()) {
                m.serialize_entry(k, v)?;
            }
        }
        m.serialize_entry("LayerContents", self.layer_contents)?;
        m.end()
    }
}

/// `LoggingConfig`: the log group and the formats and levels set in `logs`.
fn logging_config(f: &Function, log_group_id: &str) -> Value {
    let mut logging = json!({ "LogGroup": reference(log_group_id) });
    if let Some(fmt) = &f.logs.format {
        logging["LogFormat"] = json!(if fmt.value == "json" { "JSON" } else { "Text" });
    }
    if let Some(l) = &f.logs.level {
        logging["ApplicationLogLevel"] = json!(l.value.to_ascii_uppercase());
    }
    if let Some(l) = &f.logs.system_level {
        logging["SystemLogLevel"] = json!(l.value.to_ascii_uppercase());
    }
    logging
}

/// The ARN that invokes the function `name`: its `live` alias when it
/// publishes a version, else the function itself.
pub(super) fn invoke_arn(name: &str, f: &Function) -> Value {
    if has_alias(f) {
        reference(&format!("{}Alias", pascal_case(name)))
    } else {
        get_att(&format!("{}Function", pascal_case(name)), "Arn")
    }
}

/// True when the function publishes a version with a `live` alias, which
/// its triggers then invoke: asked for with `publish = true`, and needed by
/// provisioned concurrency and SnapStart (which `publish = false` does not
/// turn off).
pub(super) fn has_alias(f: &Function) -> bool {
    let on = |b: &Option<crate::model::Spanned<bool>>| b.as_ref().is_some_and(|s| s.value);
    on(&f.publish) || f.provisioned_concurrency.is_some() || on(&f.snapstart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_serialises_as_the_kept_properties_then_layer_contents() {
        let r = Resource::new("AWS::Lambda::Function", "s.lf#function.f")
            .prop("MemorySize", json!(512))
            .prop("Tags", json!([]))
            .prop("Handler", json!("h"));
        let layers = [json!({ "A": 1 })];
        let v = Versioned {
            properties: &r.properties,
            unversioned: &["Tags"],
            layer_contents: &layers,
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"MemorySize":512,"Handler":"h","LayerContents":[{"A":1}]}"#
        );
    }
}
