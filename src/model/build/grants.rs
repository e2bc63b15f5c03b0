//! `allow` statements: grant verbs on declarations and raw IAM statements.

use crate::data::grants;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Block, Entry, ValueKind};

use super::super::*;
use super::Builder;

impl Builder<'_> {
    /// `allow` statements of a function or role.
    pub(super) fn grants(&mut self, block: &Block) -> (Vec<Grant>, Vec<RawStatement>) {
        let mut grants_out = Vec::new();
        let mut raw = Vec::new();
        for e in &block.entries {
            match e {
                Entry::Allow(g) => {
                    let Some(kind) = self.target_kind_for_grant(&g.target) else {
                        continue;
                    };
                    let mut verbs = Vec::new();
                    for v in &g.verbs {
                        if grants::actions(kind, &v.text).is_some() {
                            verbs.push(Spanned::new(v.text.clone(), v.span));
                        } else {
                            let known: Vec<&str> = grants::verbs(kind).iter().map(|(v, _)| *v).collect();
                            let mut d = Diagnostic::error(
                                Code::UnknownVerb,
                                v.span,
                                format!("`{}` is not a grant verb for a {}", v.text, kind.keyword()),
                            );
                            let otherwise = if known.is_empty() {
                                format!("nothing can be granted on a {}", kind.keyword())
                            } else {
                                format!("the verbs for a {} are: {}", kind.keyword(), known.join(", "))
                            };
                            d = d.with_closest_at(v.span, &v.text, known.iter().copied(), otherwise);
                            self.diags.push(d);
                        }
                    }
                    let pattern = g.pattern.as_ref().and_then(|p| self.literal(p));
                    if pattern.is_some() && kind != Kind::Bucket {
                        self.diags.push(
                            Diagnostic::error(
                                Code::WrongType,
                                g.pattern.as_ref().map_or(g.span, |p| p.span),
                                "a key pattern only applies to a bucket",
                            )
                            .with_help("remove the pattern"),
                        );
                    }
                    if !verbs.is_empty() {
                        grants_out.push(Grant {
                            verbs,
                            target: Spanned::new(g.target.text.clone(), g.target.span),
                            pattern,
                            span: g.span,
                        });
                    }
                }
                Entry::RawAllow {
                    actions,
                    resources,
                    span,
                } => {
                    let actions = self.reader().string_list(actions);
                    let resources = self
                        .reader()
                        .list(resources)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|v| {
                            let e = match &v.kind {
                                ValueKind::Word(w) if !w.contains('.') => self
                                    .value_ref(&format!("{w}.arn"), v.span)
                                    .or_else(|| self.value_ref(w, v.span)),
                                _ => self.expr(v),
                            }?;
                            Some(Spanned::new(e, v.span))
                        })
                        .collect();
                    raw.push(RawStatement {
                        actions,
                        resources,
                        span: *span,
                    });
                }
                // Attributes and triggers are read elsewhere.
                Entry::Attr { .. } | Entry::On(_) => {}
            }
        }
        (grants_out, raw)
    }

    pub(super) fn target_kind_for_grant(&mut self, target: &ast::Ident) -> Option<Kind> {
        if target.text.contains('.') {
            self.diags.push(
                Diagnostic::error(
                    Code::AttributeInTypedSlot,
                    target.span,
                    "a grant names a declaration, not an attribute",
                )
                .with_help(format!("write `{}`", target.text.split('.').next().unwrap_or(""))),
            );
            return None;
        }
        self.known_decl(&target.text, target.span)
    }
}
