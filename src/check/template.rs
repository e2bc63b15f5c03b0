//! Template limits, checked on the emitted template, with a per-declaration
//! breakdown of what contributes.
//!
//! Must not: change the template or resolve names; it only measures what
//! `emit` produced.

use std::collections::BTreeMap;

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::Template;

/// Resource count, body size and output count against CloudFormation's
/// limits. `sizes`: the bytes of each resource's entry in the body, in
/// [`Template::written_order`] (from `Template::to_json_string_with_sizes`).
/// `split`: `t` is one template of a split stack, so the help does not
/// suggest `lfc build --split`.
pub fn check_template(t: &Template, body_len: usize, sizes: &[usize], split: bool, diags: &mut Diagnostics) {
    if t.resources.is_empty() {
        diags.push(
            Diagnostic::error(Code::EmptyStack, None, "the stack declares nothing to deploy").with_help(
                "declare at least one function or resource; CloudFormation refuses a template without resources",
            ),
        );
        return;
    }
    if t.parameters.len() > limits::PARAMETERS_MAX {
        diags.push(
            Diagnostic::error(
                Code::TooManyParameters,
                None,
                format!(
                    "the template has {} parameters; CloudFormation allows {}",
                    t.parameters.len(),
                    limits::PARAMETERS_MAX
                ),
            )
            .with_help("remove `param` declarations, or pass several values in one `list` parameter"),
        );
    }
    // The breakdown is only computed when a limit is near, so a normal
    // build never serialises resources twice.
    let near = t.resources.len() * 10 >= limits::RESOURCES_MAX * 9
        || body_len > limits::TEMPLATE_S3_MAX_BYTES
        || t.outputs.len() > limits::OUTPUTS_MAX;
    if !near {
        return;
    }
    let by_source = contributions(t, sizes);
    let hint = if split {
        ""
    } else {
        "; or build with `lfc build --split`, which emits nested stacks (docs/split.md)"
    };
    resource_count(t, &by_source, hint, diags);
    body_size(body_len, &by_source, hint, diags);
    if t.outputs.len() > limits::OUTPUTS_MAX {
        diags.push(
            Diagnostic::error(
                Code::TooManyOutputs,
                None,
                format!(
                    "the template has {} outputs; CloudFormation allows {}",
                    t.outputs.len(),
                    limits::OUTPUTS_MAX
                ),
            )
            .with_help("remove outputs"),
        );
    }
}

/// Resources and bytes (bytes only when the body is too large) per declaration.
type Contributions<'t> = BTreeMap<&'t str, (usize, usize)>;

/// What each declaration (`file#kind.name`) contributes to the template.
fn contributions<'t>(t: &'t Template, sizes: &[usize]) -> Contributions<'t> {
    let mut by_source = Contributions::new();
    for (i, (_, r)) in t.written_order().enumerate() {
        let e = by_source.entry(declaration(&r.source)).or_default();
        e.0 += 1;
        e.1 += sizes.get(i).copied().unwrap_or(0);
    }
    by_source
}

/// `kind.name` of a resource's source `file#kind.name[.more]`.
fn declaration(source: &str) -> &str {
    let after = source.split('#').nth(1).unwrap_or("");
    match after.match_indices('.').nth(1) {
        Some((second_dot, _)) => &after[..second_dot],
        None => after,
    }
}

/// The ten largest contributors by `key`, as `decl: N{unit}`.
fn breakdown(by_source: &Contributions<'_>, key: fn(&(usize, usize)) -> usize, unit: &str) -> String {
    let mut v: Vec<(&&str, usize)> = by_source.iter().map(|(k, x)| (k, key(x))).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(10)
        .map(|(k, n)| format!("{k}: {n}{unit}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// LF0601: too many resources (an error), or close to it (a warning).
fn resource_count(t: &Template, by_source: &Contributions<'_>, hint: &str, diags: &mut Diagnostics) {
    let (n, max) = (t.resources.len(), limits::RESOURCES_MAX);
    let d = if n > max {
        let message = format!("the template has {n} resources; CloudFormation allows {max}");
        Diagnostic::error(Code::TooManyResources, None, message)
    } else if n * 10 >= max * 9 {
        let message = format!("the template has {n} resources, close to CloudFormation's {max}");
        Diagnostic::warning(Code::TooManyResources, None, message)
    } else {
        return;
    };
    let help = format!("largest contributors: {}{hint}", breakdown(by_source, |x| x.0, ""));
    diags.push(d.with_help(help));
}

/// LF0602: the template body against the 1MB CloudFormation reads from S3.
fn body_size(body_len: usize, by_source: &Contributions<'_>, hint: &str, diags: &mut Diagnostics) {
    if body_len > limits::TEMPLATE_S3_MAX_BYTES {
        diags.push(
            Diagnostic::error(
                Code::TemplateTooLarge,
                None,
                format!(
                    "the template is {body_len} bytes; CloudFormation allows {}",
                    limits::TEMPLATE_S3_MAX_BYTES
                ),
            )
            .with_help(format!(
                "largest contributors: {}{hint}",
                breakdown(by_source, |x| x.1, " bytes")
            )),
        );
    }
}

/// Characters (white space not counted) IAM allows in a role's inline policies together.
const ROLE_INLINE_POLICY_MAX_CHARS: usize = 10_240;

/// LF0501: a function running as a role given by ARN needs what lfc would
/// have granted; the role must already allow it.
fn unmanaged_roles(t: &Template, diags: &mut Diagnostics) {
    for role in &t.unmanaged_roles {
        diags.push(
            Diagnostic::warning(
                Code::ExternalRole,
                role.span,
                "this role is not managed by lfc: it must already allow what the function needs",
            )
            .with_help(format!("the role must contain: {}", role.needs.join("; "))),
        );
    }
}

/// Inline policies of each role against IAM's aggregate size. References are
/// counted as written in the template, so the figure is an estimate.
pub fn check_role_policies(t: &Template, diags: &mut Diagnostics) {
    unmanaged_roles(t, diags);
    for (id, r) in &t.resources {
        // The policies are part of the text: a shorter text cannot hold too many.
        if r.kind != "AWS::IAM::Role" || r.text().len() <= ROLE_INLINE_POLICY_MAX_CHARS {
            continue;
        }
        // Characters but not whitespace, as IAM counts: the pretty text
        // counts as the compact one (a UTF-8 continuation byte is no character).
        let Some(policies) = r.property_text("Policies") else {
            continue;
        };
        let size = policies
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && b & 0xC0 != 0x80)
            .count();
        if size > ROLE_INLINE_POLICY_MAX_CHARS {
            diags.push(
                Diagnostic::error(
                    Code::RoleLimits,
                    None,
                    format!(
                        "role {id} ({}) has about {size} characters of inline policy; IAM allows {ROLE_INLINE_POLICY_MAX_CHARS}",
                        r.source
                    ),
                )
                .with_help("split the functions sharing this role, or move statements into a managed policy"),
            );
        }
    }
}
