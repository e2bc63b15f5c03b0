//! `on http "METHOD /path"`: an integration and a route on the stack's HTTP
//! API, and the permission that lets API Gateway invoke the function.
//!
//! Must not: validate routes (`check` does) or resolve the api (the model did).

use serde_json::json;

use super::Site;
use crate::emit::cfn::{reference, sub, Resource};
use crate::emit::{decl_id, Emitter};
use crate::model::{Auth, Kind, Spanned};

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
        let tid = &site.tid;
        let api_id = decl_id(api, Kind::Api);
        let integration_id = format!("{tid}Integration");
        let integration = Resource::new("AWS::ApiGatewayV2::Integration", site.src.clone())
            .prop("ApiId", reference(&api_id))
            .prop("IntegrationType", json!("AWS_PROXY"))
            .prop("IntegrationUri", site.target.arn())
            .prop("PayloadFormatVersion", json!("2.0"));
        self.add(integration_id.clone(), integration, site.span);
        let mut route = Resource::new("AWS::ApiGatewayV2::Route", site.src.clone())
            .prop("ApiId", reference(&api_id))
            .prop("RouteKey", json!(format!("{method} {path}")))
            .prop("Target", sub(&format!("integrations/${{{integration_id}}}")));
        route.properties.extend(self.route_auth(tid, api, auth, &site.src));
        self.add(format!("{tid}Route"), route, site.span);
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
}
