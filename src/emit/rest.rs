//! REST APIs (`api … { kind = rest }`, API Gateway v1): the API, its
//! authorizer, one resource per path segment, the deployment and stage, and
//! the API keys with their usage plan. Each route's method (and its permission) is
//! written by the `on http` trigger (`triggers/http.rs`), which names the
//! path's resource with [`resource_id`].
//!
//! Must not: validate settings or routes (`check` does).

use std::collections::BTreeSet;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::auth::fingerprint;
use super::cfn::{get_att, reference, Resource};
use super::triggers::trigger_id;
use super::{decl_id, hex, source, Emitter};
use crate::model::{pascal_case, Api, Decl, Kind, RestApi, TriggerKind};

/// The logical ID of the API Gateway resource for `path` (`/orders/{id}`
/// → `<A>OrdersIdResource`); `None` for `/`, the API's root resource.
pub fn resource_id(api: &str, path: &str) -> Option<String> {
    let segs: String = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| pascal_case(&s.replace(|c: char| !c.is_ascii_alphanumeric(), "_")))
        .collect();
    (!segs.is_empty()).then(|| format!("{}{segs}Resource", pascal_case(api)))
}

/// The value naming `path`'s resource: its `Ref`, or the root resource.
pub fn resource_ref(api: &str, path: &str) -> Value {
    match resource_id(api, path) {
        Some(id) => reference(&id),
        None => get_att(&decl_id(api, Kind::Api), "RootResourceId"),
    }
}

impl Emitter<'_> {
    /// Every resource of the REST api `name` but its methods.
    pub(super) fn rest_api(&mut self, name: &str, decl: &Decl, api_name: String, a: &Api, rest: &RestApi) {
        let src = source(decl, &format!("api.{name}"));
        let id = decl_id(name, Kind::Api);
        let api = Resource::new("AWS::ApiGateway::RestApi", src.clone())
            .prop("Name", json!(api_name))
            .prop("EndpointConfiguration", json!({ "Types": [rest.endpoint] }));
        self.add(id.clone(), api, decl.name_span);
        if let Some(auth) = &a.auth {
            self.authorizer(&pascal_case(name), name, &auth.value, &src, auth.span);
        }

        // The routes served by this api: (path, method, method logical ID),
        // and what the deployment changes with.
        let mut routes: Vec<(String, String, String)> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (fname, f) in self.stack.functions() {
            for t in &f.triggers {
                let TriggerKind::Http {
                    method,
                    path,
                    api,
                    auth,
                    ..
                } = &t.kind
                else {
                    continue;
                };
                if api.value == name {
                    let method_id = format!("{}{}Method", pascal_case(fname), trigger_id(t));
                    keys.push(match auth {
                        Some(a) => format!("{method} {path} auth={}", fingerprint(&a.value)),
                        None => format!("{method} {path}"),
                    });
                    routes.push((path.clone(), method.clone(), method_id));
                }
            }
        }
        let mut paths: BTreeSet<String> = BTreeSet::new();
        for (path, _, _) in &routes {
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            for i in 1..=segs.len() {
                paths.insert(format!("/{}", segs[..i].join("/")));
            }
        }
        for path in &paths {
            let (parent, part) = path.rsplit_once('/').unwrap_or(("", path));
            let Some(rid) = resource_id(name, path) else { continue };
            let r = Resource::new("AWS::ApiGateway::Resource", src.clone())
                .prop("RestApiId", reference(&id))
                .prop("ParentId", resource_ref(name, parent))
                .prop("PathPart", json!(part));
            self.add(rid, r, decl.name_span);
        }

        // A new deployment whenever the routes or their authorization change.
        keys.sort();
        keys.push(format!("keys={}", !rest.keys.is_empty()));
        if let Some(auth) = &a.auth {
            keys.push(format!("auth={}", fingerprint(&auth.value)));
        }
        let hash = hex(&Sha256::digest(keys.join("\n").as_bytes()))[..10].to_string();
        let deployment_id = format!("{}Deployment{hash}", pascal_case(name));
        let mut deployment =
            Resource::new("AWS::ApiGateway::Deployment", src.clone()).prop("RestApiId", reference(&id));
        deployment.depends_on = routes.iter().map(|(_, _, m)| m.clone()).collect();
        self.add(deployment_id.clone(), deployment, decl.name_span);
        let stage_id = format!("{}Stage", pascal_case(name));
        let stage = Resource::new("AWS::ApiGateway::Stage", src.clone())
            .prop("RestApiId", reference(&id))
            .prop("DeploymentId", reference(&deployment_id))
            .prop("StageName", json!(rest.stage.value));
        self.add(stage_id.clone(), stage, decl.name_span);
        self.api_keys(name, decl, rest, &stage_id);
    }

    /// One `AWS::ApiGateway::ApiKey` per key, the usage plan on the stage,
    /// and the keys in the plan (a key outside every plan is refused).
    fn api_keys(&mut self, name: &str, decl: &Decl, rest: &RestApi, stage_id: &str) {
        if rest.keys.is_empty() {
            return;
        }
        let src = source(decl, &format!("api.{name}"));
        let plan_id = format!("{}UsagePlan", pascal_case(name));
        let mut plan = Resource::new("AWS::ApiGateway::UsagePlan", src.clone()).prop(
            "ApiStages",
            json!([{ "ApiId": reference(&decl_id(name, Kind::Api)), "Stage": reference(stage_id) }]),
        );
        if let Some(u) = &rest.usage_plan {
            if let Some(q) = &u.quota {
                plan = plan.prop("Quota", json!({ "Limit": q.value, "Period": u.period.value }));
            }
            let mut throttle = serde_json::Map::new();
            if let Some(r) = &u.rate {
                throttle.insert("RateLimit".into(), json!(r.value));
            }
            if let Some(b) = &u.burst {
                throttle.insert("BurstLimit".into(), json!(b.value));
            }
            if !throttle.is_empty() {
                plan = plan.prop("Throttle", Value::Object(throttle));
            }
        }
        self.add(plan_id.clone(), plan, decl.name_span);
        for k in &rest.keys {
            let key_id = format!("{}{}ApiKey", pascal_case(name), pascal_case(&k.value));
            let key = Resource::new("AWS::ApiGateway::ApiKey", src.clone()).prop("Enabled", json!(true));
            self.add(key_id.clone(), key, k.span);
            let link = Resource::new("AWS::ApiGateway::UsagePlanKey", src.clone())
                .prop("KeyId", reference(&key_id))
                .prop("KeyType", json!("API_KEY"))
                .prop("UsagePlanId", reference(&plan_id));
            self.add(format!("{key_id}UsagePlanKey"), link, k.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resource_id;

    #[test]
    fn resources_are_named_after_their_path() {
        assert_eq!(
            resource_id("shop", "/orders/{id}").as_deref(),
            Some("ShopOrdersIdResource")
        );
        assert_eq!(resource_id("shop", "/{proxy+}").as_deref(), Some("ShopProxyResource"));
        assert_eq!(resource_id("shop", "/"), None);
    }
}
