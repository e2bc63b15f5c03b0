//! Security findings: IAM statements added, removed or widened (new
//! actions, wildcards, broader resources, dropped conditions, new
//! principals), managed policies attached, Lambda permissions whose
//! principal or source changed, function URLs and routes that became public.
//!
//! Statements of one policy document are matched by `Sid`, then by the
//! same resources, the same actions, and finally in order; a matched pair
//! is widened when the new statement allows something the old one did not
//! (for `Deny`, when the old one denied something the new one does not).
//!
//! Must not: compare values in general (see `compare`) or render.

use std::collections::BTreeMap;

use serde_json::Value;

use super::input::Doc;
use super::{Change, ResourceChange, SecurityFinding, SecurityKind};

/// Every finding of the changed resources, by logical ID then kind.
pub fn findings(base: &Doc, head: &Doc, changes: &[ResourceChange]) -> Vec<SecurityFinding> {
    let mut out = Vec::new();
    for r in changes {
        let old = (r.change != Change::Added)
            .then(|| base.resources.get(&r.logical_id))
            .flatten()
            .map(|b| b.properties());
        let new = (r.change != Change::Removed)
            .then(|| head.resources.get(&r.logical_id))
            .flatten()
            .map(|b| b.properties());
        let mut add = |kind, detail: String| {
            out.push(SecurityFinding {
                kind,
                logical_id: r.logical_id.clone(),
                detail,
            });
        };
        policies(&r.kind, old, new, &mut add);
        managed_policies(old, new, &mut add);
        exposure(&r.kind, old, new, &mut add);
    }
    out.sort_by(|a, b| (&a.logical_id, a.kind).cmp(&(&b.logical_id, b.kind)));
    out
}

/// The policy documents a resource holds, by a label for messages.
fn documents(kind: &str, props: Option<&Value>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let Some(p) = props else { return out };
    let doc = |key: &str| p.get(key).cloned();
    match kind {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
            if let Some(d) = doc("AssumeRolePolicyDocument") {
                out.insert("trust policy".to_string(), d);
            }
            for pol in p.get("Policies").and_then(Value::as_array).into_iter().flatten() {
                let name = pol.get("PolicyName").map_or_else(String::new, short);
                if let Some(d) = pol.get("PolicyDocument") {
                    out.insert(format!("policy {name}"), d.clone());
                }
            }
        }
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
            if let Some(d) = doc("PolicyDocument") {
                out.insert("policy".to_string(), d);
            }
        }
        "AWS::S3::BucketPolicy" | "AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy" => {
            if let Some(d) = doc("PolicyDocument") {
                out.insert("resource policy".to_string(), d);
            }
        }
        _ => {}
    }
    out
}

/// A statement reduced to what matters for comparing permissions.
#[derive(Debug, Clone, PartialEq)]
struct Stmt {
    sid: Option<String>,
    allow: bool,
    actions: Vec<String>,
    resources: Vec<String>,
    principal: Option<String>,
    condition: Option<String>,
}

impl Stmt {
    fn parse(v: &Value) -> Stmt {
        let list = |key: &str| -> Vec<String> {
            let mut l: Vec<String> = match v.get(key) {
                Some(Value::Array(a)) => a.iter().map(short).collect(),
                Some(x) => vec![short(x)],
                None => Vec::new(),
            };
            l.sort();
            l
        };
        let (mut actions, mut resources) = (list("Action"), list("Resource"));
        // NotAction / NotResource allow everything else: as wide as a wildcard.
        if v.get("NotAction").is_some() {
            actions.push(format!("* except {}", list("NotAction").join(", ")));
        }
        if v.get("NotResource").is_some() {
            resources.push(format!("* except {}", list("NotResource").join(", ")));
        }
        Stmt {
            sid: v.get("Sid").and_then(Value::as_str).map(str::to_string),
            allow: v.get("Effect").and_then(Value::as_str) != Some("Deny"),
            actions,
            resources,
            principal: v
                .get("Principal")
                .or_else(|| v.get("NotPrincipal"))
                .map(Value::to_string),
            condition: v.get("Condition").map(Value::to_string),
        }
    }

    fn summary(&self) -> String {
        let effect = if self.allow { "Allow" } else { "Deny" };
        let mut s = format!("{effect} {}", with_wildcards(&self.actions, false));
        if !self.resources.is_empty() {
            s.push_str(&format!(" on {}", with_wildcards(&self.resources, true)));
        }
        if let Some(p) = &self.principal {
            s.push_str(&format!(" to {p}"));
        }
        if self.condition.is_some() {
            s.push_str(" (with a condition)");
        }
        s
    }
}

fn statements(doc: &Value) -> Vec<Stmt> {
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().map(Stmt::parse).collect(),
        Some(v) => vec![Stmt::parse(v)],
        None => Vec::new(),
    }
}

fn policies(kind: &str, old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    let (olds, news) = (documents(kind, old), documents(kind, new));
    let mut labels: Vec<&String> = olds.keys().chain(news.keys()).collect();
    labels.sort();
    labels.dedup();
    for label in labels {
        let a = olds.get(label).map(statements).unwrap_or_default();
        let b = news.get(label).map(statements).unwrap_or_default();
        let (pairs, removed, added) = pair(a, b);
        for s in removed {
            let kind = if s.allow {
                SecurityKind::IamStatementRemoved
            } else {
                SecurityKind::PermissionBroadened
            };
            add(kind, format!("{label}: removes {}", s.summary()));
        }
        for s in added {
            let public = s.principal.as_deref().is_some_and(is_public_principal) && s.allow;
            let kind = if public {
                SecurityKind::PublicAccess
            } else {
                SecurityKind::IamStatementAdded
            };
            add(kind, format!("{label}: adds {}", s.summary()));
        }
        for (o, n) in pairs {
            compare_pair(label, &o, &n, add);
        }
    }
}

/// Matches statements: equal ones drop out; then by Sid, resources,
/// actions, and in order among the same effect. Returns (pairs, removed, added).
#[allow(clippy::type_complexity)]
fn pair(mut a: Vec<Stmt>, mut b: Vec<Stmt>) -> (Vec<(Stmt, Stmt)>, Vec<Stmt>, Vec<Stmt>) {
    a.retain(|s| match b.iter().position(|t| t == s) {
        Some(j) => {
            b.remove(j);
            false
        }
        None => true,
    });
    let mut pairs = Vec::new();
    let keys: [fn(&Stmt, &Stmt) -> bool; 4] = [
        |s, t| s.sid.is_some() && s.sid == t.sid,
        |s, t| s.allow == t.allow && s.resources == t.resources,
        |s, t| s.allow == t.allow && s.actions == t.actions,
        |s, t| s.allow == t.allow,
    ];
    for same in keys {
        let mut i = 0;
        while i < a.len() {
            match b.iter().position(|t| same(&a[i], t)) {
                Some(j) => pairs.push((a.remove(i), b.remove(j))),
                None => i += 1,
            }
        }
    }
    (pairs, a, b)
}

/// Case-insensitive glob (`*`, `?`) match, as IAM matches actions.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (
        pattern.to_ascii_lowercase().chars().collect(),
        text.to_ascii_lowercase().chars().collect(),
    );
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The items of `wide` that no pattern of `narrow` covers.
fn uncovered(wide: &[String], narrow: &[String]) -> Vec<String> {
    wide.iter()
        .filter(|w| !narrow.iter().any(|n| glob(n, w)))
        .cloned()
        .collect()
}

/// Items joined, with a note when one is a wildcard (`*` in an action, or
/// `*` as the whole resource).
fn with_wildcards(items: &[String], resources: bool) -> String {
    let mut s = items.join(", ");
    let wild = |i: &String| {
        if resources {
            i == "*" || i.starts_with("* except")
        } else {
            i.contains('*')
        }
    };
    if items.iter().any(wild) {
        s.push_str(" (wildcard)");
    }
    s
}

fn compare_pair(label: &str, o: &Stmt, n: &Stmt, add: &mut dyn FnMut(SecurityKind, String)) {
    // For Allow, what the new statement grants beyond the old; for Deny, what it no longer denies.
    let (wide, narrow) = if n.allow { (n, o) } else { (o, n) };
    let mut parts = Vec::new();
    let actions = uncovered(&wide.actions, &narrow.actions);
    if !actions.is_empty() {
        let verb = if n.allow {
            "adds actions"
        } else {
            "no longer denies actions"
        };
        parts.push(format!("{verb} {}", with_wildcards(&actions, false)));
    }
    let resources = uncovered(&wide.resources, &narrow.resources);
    if !resources.is_empty() {
        let verb = if n.allow {
            "adds resources"
        } else {
            "no longer denies on"
        };
        parts.push(format!("{verb} {}", with_wildcards(&resources, true)));
    }
    if o.condition.is_some() && n.condition.is_none() && n.allow {
        parts.push("drops its condition".to_string());
    }
    if !parts.is_empty() {
        add(
            SecurityKind::PermissionBroadened,
            format!("{label}: {} (was {})", parts.join("; "), o.summary()),
        );
    }
    if o.principal != n.principal {
        let public = n.principal.as_deref().is_some_and(is_public_principal) && n.allow;
        let kind = if public {
            SecurityKind::PublicAccess
        } else {
            SecurityKind::PrincipalChanged
        };
        let show = |p: &Option<String>| p.clone().unwrap_or_else(|| "(none)".into());
        add(
            kind,
            format!("{label}: principal {} → {}", show(&o.principal), show(&n.principal)),
        );
    }
}

/// `"*"` or `{"AWS": "*"}` (as JSON text).
fn is_public_principal(p: &str) -> bool {
    p == "\"*\"" || p.replace(' ', "").contains(":\"*\"")
}

fn managed_policies(old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    let arns = |p: Option<&Value>| -> Vec<String> {
        p.and_then(|p| p.get("ManagedPolicyArns"))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(short).collect())
            .unwrap_or_default()
    };
    let before = arns(old);
    for arn in arns(new).into_iter().filter(|a| !before.contains(a)) {
        add(
            SecurityKind::PermissionBroadened,
            format!("attaches managed policy {arn}"),
        );
    }
}

/// Lambda permissions, function URLs and routes.
fn exposure(kind: &str, old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    match kind {
        "AWS::Lambda::Permission" => permission(old, new, add),
        "AWS::Lambda::Url" => function_url(old, new, add),
        "AWS::ApiGatewayV2::Route" | "AWS::ApiGateway::Method" => route(old, new, add),
        _ => {}
    }
}

/// A property as a reader names it.
fn get(p: Option<&Value>, key: &str) -> Option<String> {
    p.and_then(|p| p.get(key)).map(short)
}

fn permission(old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    if new.is_none() {
        return;
    }
    let function = get(new, "FunctionName").unwrap_or_default();
    if get(new, "Principal").as_deref() == Some("*") && get(old, "Principal").as_deref() != Some("*") {
        add(SecurityKind::PublicAccess, format!("anyone may invoke {function}"));
        return;
    }
    if old.is_none() {
        return;
    }
    let show = |v: Option<String>| v.unwrap_or_else(|| "(none)".into());
    let changed: Vec<String> = ["Principal", "SourceArn", "SourceAccount", "PrincipalOrgID"]
        .iter()
        .filter(|k| get(old, k) != get(new, k))
        .map(|k| format!("{k} {} → {}", show(get(old, k)), show(get(new, k))))
        .collect();
    if !changed.is_empty() {
        add(
            SecurityKind::PrincipalChanged,
            format!("who may invoke {function}: {}", changed.join("; ")),
        );
    }
}

fn function_url(old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    if get(new, "AuthType").as_deref() == Some("NONE") && get(old, "AuthType").as_deref() != Some("NONE") {
        let target = get(new, "TargetFunctionArn").unwrap_or_default();
        let function = target.strip_suffix(".Arn").unwrap_or(&target);
        add(
            SecurityKind::PublicAccess,
            format!("function URL of {function} is public (AuthType NONE)"),
        );
    }
}

fn route(old: Option<&Value>, new: Option<&Value>, add: &mut dyn FnMut(SecurityKind, String)) {
    let open = |p: Option<&Value>| p.is_some() && get(p, "AuthorizationType").is_none_or(|a| a == "NONE");
    if open(new) && !open(old) {
        let route = get(new, "RouteKey")
            .or_else(|| get(new, "HttpMethod"))
            .unwrap_or_default();
        add(SecurityKind::PublicAccess, format!("route {route} has no authorizer"));
    }
}

/// A value as a reader names it: text as is, `Id` for a `Ref`, `Id.Attr`
/// for a `Fn::GetAtt`, the text of a `Fn::Sub`, compact JSON otherwise.
pub fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) if m.len() == 1 => match m.iter().next() {
            Some((k, Value::String(s))) if k == "Ref" || k == "Fn::Sub" => s.clone(),
            Some((k, Value::Array(a))) if k == "Fn::GetAtt" => a
                .iter()
                .map(|x| x.as_str().unwrap_or("?"))
                .collect::<Vec<_>>()
                .join("."),
            Some((k, Value::Array(a))) if k == "Fn::Sub" => a.first().map_or_else(String::new, short),
            _ => v.to_string(),
        },
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn glob_matches_like_iam() {
        assert!(super::glob("s3:*", "S3:GetObject"));
        assert!(super::glob("s3:Get*", "s3:GetObject"));
        assert!(!super::glob("s3:Get*", "s3:PutObject"));
        assert!(super::glob("arn:aws:s3:::b/*", "arn:aws:s3:::b/k"));
        assert!(!super::glob("a", "*"));
    }
}
