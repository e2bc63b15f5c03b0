//! `output` declarations.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    pub(super) fn output(&mut self, name: &ast::Ident, body: &Value) -> Option<Output> {
        let file = self.rel_file(name.span.file);
        if let ValueKind::Block(block) = &body.kind {
            let mut p = Props::new(block, self.diags);
            let value = p.take("value");
            let export = p.take("export").and_then(|v| Some(Spanned::new(self.expr(v)?, v.span)));
            let description = self.text(&mut p, "description").map(|s| s.value);
            p.finish("an output", &["value", "export", "description"], self.diags);
            let Some(value) = value else {
                self.diags.push(
                    Diagnostic::error(Code::MissingProperty, block.span, "an output block needs `value`")
                        .with_help("write `value = NAME.attribute`"),
                );
                return None;
            };
            let expr = self.expr(value)?;
            return Some(Output {
                value: Spanned::new(expr, value.span),
                export,
                description,
                span: name.span,
                file,
            });
        }
        let expr = self.expr(body)?;
        Some(Output {
            value: Spanned::new(expr, body.span),
            export: None,
            description: None,
            span: name.span,
            file,
        })
    }
}
