//! `var` declarations and `--var` overrides.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast::{self, Item, StrPart, Value, ValueKind};

use super::super::load::Loaded;
use super::super::values::{Reader, Vars};
use super::BuildOptions;

/// Collects `var`s from every file and applies `--var` overrides.
pub(super) fn collect_vars(loaded: &Loaded, opts: &BuildOptions, diags: &mut Diagnostics) -> Vars {
    let mut vars: Vars = BTreeMap::new();
    let mut spans: BTreeMap<String, Span> = BTreeMap::new();
    for (_, file) in &loaded.files {
        for item in &file.items {
            let Item::Var { name, value, .. } = item else { continue };
            if let Some(first) = spans.get(&name.text) {
                diags.push(Diagnostic::declared_twice(
                    &format!("variable `{}`", name.text),
                    name.span,
                    *first,
                    "rename or remove one of them",
                ));
                continue;
            }
            spans.insert(name.text.clone(), name.span);
            let valid_name = name.text.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_name {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidName,
                        name.span,
                        format!("`{}` is not a valid variable name", name.text),
                    )
                    .with_help("variable names are lower case letters, digits and `_`, starting with a letter"),
                );
            }
            let empty = Vars::new();
            let mut reader = Reader { vars: &empty, diags };
            // A bad value is reported here once; uses see it as declared.
            reader.valid_var_value(value);
            vars.insert(name.text.clone(), value.clone());
        }
    }
    apply_overrides(&mut vars, &opts.vars, diags);
    vars
}

/// `--var NAME=VALUE` overrides, each parsed as the declared value's kind.
fn apply_overrides(vars: &mut Vars, overrides: &[(String, String)], diags: &mut Diagnostics) {
    for (name, text) in overrides {
        let Some(declared) = vars.get(name) else {
            let mut d = Diagnostic::error(
                Code::UnknownVar,
                None,
                format!("`--var {name}` names no declared variable"),
            );
            d = d.with_closest(
                name,
                vars.keys().map(String::as_str),
                format!("declare it with `var {name} = …` or drop the flag"),
            );
            diags.push(d);
            continue;
        };
        let span = declared.span;
        let parsed = override_value(declared, text);
        match parsed {
            Some(kind) => {
                vars.insert(name.clone(), Value { kind, span });
            }
            None => diags.push(
                Diagnostic::error(
                    Code::UnknownVar,
                    span,
                    format!("`--var {name}={text}` does not fit the declared type of `{name}`"),
                )
                .with_help(format!(
                    "give a value of the same kind as the declared one ({})",
                    super::values::describe(declared)
                )),
            ),
        }
    }
}

/// `text` read as a value of the same kind as `declared`, when it is one.
fn override_value(declared: &Value, text: &str) -> Option<ValueKind> {
    let span = declared.span;
    match &declared.kind {
        // A word stays a word, so it can still name a declaration or an enum value.
        ValueKind::Word(_) => Some(ValueKind::Word(text.to_string())),
        ValueKind::Str(_) | ValueKind::Raw(_) => Some(ValueKind::Str(ast::StrLit {
            parts: vec![StrPart::Text(text.to_string())],
            span,
        })),
        ValueKind::Number(_) => text.replace('_', "").parse().ok().map(ValueKind::Number),
        ValueKind::Bool(_) => match text {
            "true" => Some(ValueKind::Bool(true)),
            "false" => Some(ValueKind::Bool(false)),
            _ => None,
        },
        ValueKind::Quantity {
            unit: declared_unit, ..
        } => {
            let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
            let unit = &text[split..];
            // The same family as the declared unit: a size stays a size.
            let is_size = |u: &str| ["MB", "GB"].contains(&u);
            let known = ["MB", "GB", "s", "min", "h", "d"].contains(&unit);
            text[..split]
                .replace('_', "")
                .parse()
                .ok()
                .filter(|_| known && is_size(unit) == is_size(declared_unit))
                .map(|number| ValueKind::Quantity {
                    number,
                    unit: unit.to_string(),
                    unit_span: span,
                })
        }
        _ => None,
    }
}
