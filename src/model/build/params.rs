//! `param` declarations (deploy-time parameters) and `param.NAME`
//! references. Params have their own namespace, like vars and outputs.
//! Which slots take a parameter is decided here: value positions, ARN
//! strings of typed slots and `vpc` lists; every other slot needs a value
//! known at compile time, and `Reader::subst` refuses `param.*` there
//! (LF0109).

use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, Item, Value, ValueKind};

use super::super::load::Loaded;
use super::super::values::{fmt_num, Props};
use super::super::*;
use super::Builder;

/// The keys of a `param` block.
const PARAM_KEYS: &[&str] = &[
    "type",
    "default",
    "allowed",
    "pattern",
    "min",
    "max",
    "no_echo",
    "description",
];

impl Builder<'_> {
    /// Reads every `param NAME { … }` of every file into `self.params`.
    pub(super) fn collect_params(&mut self, loaded: &Loaded) {
        for (_, file) in &loaded.files {
            for item in &file.items {
                let Item::Decl(d) = item else { continue };
                if d.kind.text != "param" || !self.check_name(&d.name) {
                    continue;
                }
                if let Some(first) = self.params.get(&d.name.text) {
                    self.diags.push(Diagnostic::declared_twice(
                        &format!("parameter `{}`", d.name.text),
                        d.name.span,
                        first.name_span,
                        "rename or remove one of them",
                    ));
                    continue;
                }
                let p = self.param(&d.body, d.name.span);
                self.params.insert(d.name.text.clone(), p);
            }
        }
    }

    fn param(&mut self, body: &ast::Block, name_span: Span) -> Param {
        let mut props = Props::new(body, self.diags);
        let keywords = ParamType::ALL.map(ParamType::keyword);
        let ty = props
            .take("type")
            .and_then(|v| self.reader().enum_value(v, &keywords, "parameter type"))
            .and_then(|t| ParamType::from_keyword(&t.value).map(|ty| Spanned::new(ty, t.span)))
            .unwrap_or(Spanned::new(ParamType::String, name_span));
        let default = props.take("default").and_then(|v| self.param_value(v, ty.value));
        let allowed = props
            .take("allowed")
            .and_then(|v| self.reader().list(v))
            .unwrap_or_default()
            .iter()
            // One value each (a list type takes no `allowed`: LF0217).
            .filter_map(|v| {
                let item_ty = if ty.value.is_list() {
                    ParamType::String
                } else {
                    ty.value
                };
                self.param_value(v, item_ty)
            })
            .collect();
        let pattern = self.text(&mut props, "pattern");
        let min = props.take("min").and_then(|v| self.reader().number(v));
        let max = props.take("max").and_then(|v| self.reader().number(v));
        let no_echo = self.flag(&mut props, "no_echo", false);
        let description = self.text(&mut props, "description");
        self.finish_resource(props, body, "`param`", PARAM_KEYS);
        Param {
            ty,
            default,
            allowed,
            pattern,
            min,
            max,
            no_echo,
            description,
            name_span,
            used: false,
        }
    }

    /// A default or allowed value in the form CloudFormation takes it: a
    /// number as decimal text, a list of strings joined with `,`.
    fn param_value(&mut self, v: &Value, ty: ParamType) -> Option<Spanned<String>> {
        if ty == ParamType::Number {
            return self.reader().number(v).map(|n| Spanned::new(fmt_num(n.value), n.span));
        }
        if ty.is_list() {
            let items = self.reader().string_list(v);
            return Some(Spanned::new(
                items.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(","),
                v.span,
            ));
        }
        self.reader().string(v)
    }

    /// `param.NAME` in a value position: the parameter, marked used.
    pub(super) fn param_ref(&mut self, name: &str, span: Span) -> Option<Expr> {
        match self.params.get_mut(name) {
            Some(p) => {
                p.used = true;
                Some(Expr::Param(name.to_string()))
            }
            None => {
                let d = Diagnostic::error(Code::UnknownName, span, format!("unknown parameter `param.{name}`"));
                self.diags.push(d.with_closest(
                    name,
                    self.params.keys().map(String::as_str),
                    format!("declare it with `param {name} {{ type = string }}`"),
                ));
                None
            }
        }
    }

    /// The type of a declared parameter.
    pub(super) fn param_type(&self, name: &str) -> Option<ParamType> {
        self.params.get(name).map(|p| p.ty.value)
    }

    /// `subnets` / `security_groups` of `vpc`: a list of IDs and scalar
    /// parameters, or one list parameter standing alone.
    pub(super) fn id_list(&mut self, v: &Value, what: &str) -> Vec<Spanned<Expr>> {
        if let ValueKind::Word(w) = &v.kind {
            if let Some(name) = w.strip_prefix("param.") {
                let Some(e) = self.param_ref(name, v.span) else {
                    return Vec::new();
                };
                if self.param_type(name).is_some_and(ParamType::is_list) {
                    return vec![Spanned::new(e, v.span)];
                }
                self.diags.push(
                    Diagnostic::error(Code::WrongType, v.span, format!("`{what}` takes a list parameter here"))
                        .with_help(format!(
                            "write `[param.{name}]`, or declare the parameter as a list type"
                        )),
                );
                return Vec::new();
            }
        }
        let items = self.reader().list(v).unwrap_or_default();
        items
            .iter()
            .filter_map(|item| match &item.kind {
                ValueKind::Word(w) if w.starts_with("param.") => {
                    let name = &w["param.".len()..];
                    let e = self.param_ref(name, item.span)?;
                    if self.param_type(name).is_some_and(ParamType::is_list) {
                        self.diags.push(
                            Diagnostic::error(
                                Code::WrongType,
                                item.span,
                                format!("a list parameter cannot be one item of `{what}`"),
                            )
                            .with_help(format!("write `{what} = param.{name}` on its own")),
                        );
                        return None;
                    }
                    Some(Spanned::new(e, item.span))
                }
                _ => self.reader().string(item).map(|s| s.map(Expr::Str)),
            })
            .collect()
    }
}
