//! `on http "METHOD /path"`: an integration and a route on an HTTP api, or
//! a method on a REST api, and the permission that lets API Gateway invoke
//! the function.
//!
//! Must not: validate routes (`check` does) or resolve the api (the model did).

use serde_json::json;

use super::Site;
use crate::emit::cfn::{reference, sub, Resource};
use crate::emit::{decl_id, rest, Emitter};
use crate::model::{Auth, DeclKind, Kind, Spanned};

impl Emitter<'_> {
    /// The integration, route and permission of one route.
    pub(super) fn http_trigger(
        &mut self,
        site: &Site,
        method: &str,
        path: &str,
        api: &str,
        auth: Option<&Spanned<Auth>>,
    ) {
        let api_id = decl_id(api, Kind::Api);
        // Some(whether a key is required) for a REST api.
        let rest = if let Some(DeclKind::Api(a)) = self.kind_of(api) {
            a.rest.as_ref().map(|r| !r.keys.is_empty())
        } else {
            None
        };
        if let Some(keys) = rest {
            self.rest_method(site, (method, path), api, keys, auth);
        } else {
            self.http_route(site, method, path, api, auth);
        }
        let arn_method = if method == "ANY" { "*" } else { method };
        let arn_path: String = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "*" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let source_arn = sub(&format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/*/{arn_method}{arn_path}"
        ));
        self.permission(site, "apigateway.amazonaws.com", source_arn);
    }

    /// The method of one route of a REST api, with its authorization
    /// (`auth`, else the api's); `keys`: an API key is required.
    fn rest_method(
        &mut self,
        site: &Site,
        (method, path): (&str, &str),
        api: &str,
        keys: bool,
        auth: Option<&Spanned<Auth>>,
    ) {
        let uri = json!({ "Fn::Sub": [
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Target}/invocations",
            { "Target": site.target.arn() }
        ] });
        let mut m = Resource::new("AWS::ApiGateway::Method", site.src.clone())
            .prop("RestApiId", reference(&decl_id(api, Kind::Api)))
            .prop("ResourceId", rest::resource_ref(api, path))
            .prop("HttpMethod", json!(method));
        let mut authorization = self.route_auth(&site.tid, api, auth, &site.src);
        // A public method says so: `AuthorizationType` is written on every method.
        authorization
            .entry("AuthorizationType")
            .or_insert_with(|| json!("NONE"));
        m.properties.extend(authorization);
        let m = m.prop("ApiKeyRequired", json!(keys)).prop(
            "Integration",
            json!({ "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri }),
        );
        self.add(format!("{}Method", site.tid), m, site.span);
    }

    /// The integration and route of one route of an HTTP api, with its
    /// authorization (`auth`, else the api's).
    fn http_route(&mut self, site: &Site, method: &str, path: &str, api: &str, auth: Option<&Spanned<Auth>>) {
        let tid = &site.tid;
        let api_id = &decl_id(api, Kind::Api);
        let integration_id = format!("{tid}Integration");
        let integration = Resource::new("AWS::ApiGatewayV2::Integration", site.src.clone())
            .prop("ApiId", reference(api_id))
            .prop("IntegrationType", json!("AWS_PROXY"))
            .prop("IntegrationUri", site.target.arn())
            .prop("PayloadFormatVersion", json!("2.0"));
        self.add(integration_id.clone(), integration, site.span);
        // `$default` is the catch-all route key, written alone.
        let key = if path.is_empty() {
            method.to_string()
        } else {
            format!("{method} {path}")
        };
        let mut route = Resource::new("AWS::ApiGatewayV2::Route", site.src.clone())
            .prop("ApiId", reference(api_id))
            .prop("RouteKey", json!(key))
            .prop("Target", sub(&format!("integrations/${{{integration_id}}}")));
        route.properties.extend(self.route_auth(tid, api, auth, &site.src));
        self.add(format!("{tid}Route"), route, site.span);
    }
}
