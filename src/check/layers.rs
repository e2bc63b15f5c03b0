//! Layer rules: a layer declaration's own settings, and the layers a
//! function uses (how many, versioned ARNs, runtimes and architectures).
//!
//! Must not: resolve names (layer names were resolved by the model) or emit.

use crate::data::{limits, runtimes};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, Expr, Function, Layer, Spanned, Stack, Target};

use super::{code, names, runtime, CheckContext};

/// A layer declaration: description, runtimes and code.
pub(super) fn layer(name: &str, l: &Layer, ctx: &CheckContext, diags: &mut Diagnostics) {
    if let Some(d) = &l.description {
        names::text_limit(diags, d.span, "a layer description", &d.value, limits::DESCRIPTION_MAX);
    }
    for r in &l.runtimes {
        if runtimes::find(&r.value).is_none() {
            runtime::unknown_runtime(diags, &r.value, r.span);
        }
    }
    code::exists(diags, l.code.as_ref().map(|c| (&c.value, c.span)), ctx, name);
}

/// The layers of function `name`: at most five, ARNs naming a version, and
/// declared layers that list the function's runtime and architecture.
pub(super) fn function_layers(stack: &Stack, name: &str, f: &Function, runtime: Option<&str>, diags: &mut Diagnostics) {
    // `insights = true` adds the extension as one more layer.
    let insights = f.insights.as_ref().filter(|i| i.value);
    let total = f.layers.len() + usize::from(insights.is_some());
    if total > limits::LAYERS_MAX {
        let at = f
            .layers
            .get(limits::LAYERS_MAX)
            .map(Target::span)
            .or(insights.map(|i| i.span));
        let counting = if insights.is_some() {
            " (counting the Lambda Insights extension)"
        } else {
            ""
        };
        diags.push(
            Diagnostic::error(
                Code::TooManyLayers,
                at,
                format!(
                    "function `{name}` has {total} layers{counting}; the maximum is {}",
                    limits::LAYERS_MAX
                ),
            )
            .with_help("merge layers, or move code into the function"),
        );
    }
    for l in &f.layers {
        match l {
            // A whole parameter is checked by CloudFormation at deploy time.
            Target::Arn(s) if matches!(s.value, Expr::Param(_)) => {}
            Target::Arn(s) => layer_arn(s, diags),
            Target::Decl(n) => layer_compat(stack, f, n, runtime, diags),
        }
    }
}

/// A layer given as an ARN names a version.
fn layer_arn(s: &Spanned<Expr>, diags: &mut Diagnostics) {
    let shape = s.value.shape();
    let parts: Vec<&str> = shape.split(':').collect();
    let ok = parts.len() == 8
        && parts[0] == "arn"
        && parts[2] == "lambda"
        && parts[5] == "layer"
        && (parts[7] == "*" || parts[7].parse::<u64>().is_ok_and(|v| v >= 1));
    if !ok {
        diags.push(
            Diagnostic::error(
                Code::WrongType,
                s.span,
                "a layer ARN must name a version: `arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`",
            )
            .with_help("add the version number at the end"),
        );
    }
}

/// LF0323: a declared layer lists the function's runtime and architecture (when it lists any).
fn layer_compat(stack: &Stack, f: &Function, layer: &Spanned<String>, runtime: Option<&str>, diags: &mut Diagnostics) {
    let Some(DeclKind::Layer(l)) = stack.decl(&layer.value).map(|d| &d.kind) else {
        return;
    };
    if let Some(rt) = runtime {
        let help = format!("add {rt} to the layer's `runtimes` if it works there");
        unlisted(layer, "runtimes", &l.runtimes, rt, help, diags);
    }
    let arch = f.architecture.value.as_str();
    let help = format!("build the layer for {arch}, or change the function's architecture");
    unlisted(layer, "architectures", &l.architectures, arch, help, diags);
}

/// LF0323: `layer` lists some `what` (runtimes, architectures) but not `value`.
fn unlisted(
    layer: &Spanned<String>,
    what: &str,
    listed: &[Spanned<String>],
    value: &str,
    help: String,
    diags: &mut Diagnostics,
) {
    let Some(first) = listed.first() else { return };
    if listed.iter().all(|l| l.value != value) {
        diags.push(
            Diagnostic::warning(
                Code::LayerCompat,
                layer.span,
                format!("layer `{}` does not list {value} among its {what}", layer.value),
            )
            .with_label(first.span, format!("the layer's {what}"))
            .with_help(help),
        );
    }
}
