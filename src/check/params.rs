//! Parameter rules: the settings of each `param` (LF0217), parameters
//! nothing uses (LF0218), two parameters with one logical ID (LF0219) and
//! logical IDs lfc keeps for its own parameters (LF0220). The parameter
//! count is a template limit (`template.rs`, LF0606).
//!
//! Must not: resolve names or emit.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::{param_id, reserved_parameter};
use crate::model::{Param, ParamType, Stack};

/// LF0217 to LF0220 for every `param` of the stack.
pub(super) fn params(stack: &Stack, diags: &mut Diagnostics) {
    logical_ids(stack, diags);
    for (name, p) in &stack.params {
        settings(name, p, diags);
        if !p.used {
            diags.push(
                Diagnostic::warning(
                    Code::UnusedParam,
                    p.name_span,
                    format!("parameter `{name}` is never used"),
                )
                .with_help(format!("refer to it as `param.{name}`, or remove it")),
            );
        }
    }
}

/// LF0217: constraints fit the type, and the default fits the constraints.
fn settings(name: &str, p: &Param, diags: &mut Diagnostics) {
    let ty = p.ty.value;
    let mut wrong = |span, what: &str, fits: &str| {
        diags.push(
            Diagnostic::error(
                Code::ParamSettings,
                span,
                format!("`{what}` does not apply to a `{}` parameter", ty.keyword()),
            )
            .with_help(format!("`{what}` belongs to {fits} parameters; remove it")),
        );
    };
    if !ty.takes_constraints() {
        if let Some(a) = p.allowed.first() {
            wrong(a.span, "allowed", "`string` and `number`");
        }
    }
    if ty != ParamType::String {
        if let Some(pt) = &p.pattern {
            wrong(pt.span, "pattern", "`string`");
        }
    }
    if ty != ParamType::Number {
        for m in [&p.min, &p.max].into_iter().flatten() {
            wrong(m.span, "min`/`max", "`number`");
        }
    }
    if let (Some(min), Some(max)) = (&p.min, &p.max) {
        if min.value > max.value {
            diags.push(
                Diagnostic::error(
                    Code::ParamSettings,
                    min.span,
                    format!("parameter `{name}` has `min` above `max`"),
                )
                .with_label(max.span, "the largest value")
                .with_help("swap them"),
            );
        }
    }
    let Some(default) = &p.default else { return };
    if !p.allowed.is_empty() && !p.allowed.iter().any(|a| a.value == default.value) {
        diags.push(
            Diagnostic::error(
                Code::ParamSettings,
                default.span,
                format!("the default `{}` is not one of the allowed values", default.value),
            )
            .with_label(p.allowed[0].span, "the allowed values")
            .with_help("add it to `allowed`, or choose an allowed default"),
        );
    }
    let number: Option<f64> = default.value.parse().ok();
    let below = p.min.as_ref().zip(number).is_some_and(|(m, n)| n < m.value);
    let above = p.max.as_ref().zip(number).is_some_and(|(m, n)| n > m.value);
    if ty == ParamType::Number && (below || above) {
        diags.push(
            Diagnostic::error(
                Code::ParamSettings,
                default.span,
                format!("the default {} is outside `min`..`max`", default.value),
            )
            .with_help("choose a default within the range"),
        );
    }
}

/// LF0219: each parameter's logical ID is its own; LF0220: none is one lfc
/// adds itself. The parameter declared later (in file order) is reported.
fn logical_ids(stack: &Stack, diags: &mut Diagnostics) {
    let mut ids = Vec::new();
    for (name, p) in &stack.params {
        let id = param_id(name);
        if reserved_parameter(&id) {
            diags.push(
                Diagnostic::error(
                    Code::ReservedParam,
                    p.name_span,
                    format!("parameter `{name}` has the logical ID `{id}`, which lfc keeps for a parameter of its own"),
                )
                .with_help("rename the parameter: `lfc_assets_bucket` and names starting `lfc_root_stack` are lfc's"),
            );
            continue;
        }
        ids.push((name.as_str(), id, p.name_span));
    }
    super::stack::id_collisions(ids, Code::ParamIdCollision, "parameter", diags);
}
