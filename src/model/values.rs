//! Reading typed values out of AST values: units, enums, strings, lists,
//! with `var` substitution. Every bad value becomes a diagnostic and `None`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast::{Block, Entry, Ident, StrPart, Value, ValueKind};

use super::Spanned;

/// Compile-time variables, after `--var` overrides.
pub(super) type Vars = BTreeMap<String, Value>;

/// Reads values, substituting `var.NAME`.
pub(super) struct Reader<'a> {
    pub vars: &'a Vars,
    pub diags: &'a mut Diagnostics,
}

/// Largest number lfc reads (far beyond every AWS limit); larger numbers
/// would lose precision.
const LARGEST_NUMBER: f64 = 1e15;

/// Units of a size, in MB.
const SIZE_UNITS: &[(&str, f64)] = &[("MB", 1.0), ("GB", 1024.0)];
/// Units of a duration, in seconds.
const DURATION_UNITS: &[(&str, f64)] = &[("s", 1.0), ("min", 60.0), ("h", 3600.0), ("d", 86400.0)];

impl Reader<'_> {
    /// Substitutes `var.NAME` (reporting unknown vars); other values as they
    /// are, borrowed.
    pub fn subst<'v>(&mut self, value: &'v Value) -> Option<Cow<'v, Value>> {
        if let ValueKind::Word(w) = &value.kind {
            if w.starts_with("param.") {
                self.param_not_constant(w, value.span);
                return None;
            }
            if let Some(name) = w.strip_prefix("var.") {
                return match self.vars.get(name) {
                    Some(v) => Some(Cow::Owned(Value {
                        kind: v.kind.clone(),
                        span: value.span,
                    })),
                    None => {
                        self.unknown_var(name, value.span);
                        None
                    }
                };
            }
        }
        Some(Cow::Borrowed(value))
    }

    /// LF0109: a parameter where a compile-time value is needed.
    pub fn param_not_constant(&mut self, param: &str, span: Span) {
        self.diags.push(
            Diagnostic::error(
                Code::NotConstant,
                span,
                format!("`{param}` is a deploy-time parameter; this property needs a value known when lfc compiles"),
            )
            .with_help("use a `var` (set with `--var`), or the parameter where a value is expected (`env`, outputs, ARNs, `vpc`, names of functions, buckets, queues, topics and tables)"),
        );
    }

    /// Reports an unknown `var.NAME`.
    pub fn unknown_var(&mut self, name: &str, span: Span) {
        let d = Diagnostic::error(Code::UnknownName, span, format!("unknown variable `var.{name}`"));
        // `var.NAME`: the name stands after the prefix.
        let at = Span::new(span.file, span.start as usize + 4, span.start as usize + 4 + name.len());
        self.diags.push(d.with_closest_at(
            at,
            name,
            self.vars.keys().map(String::as_str),
            format!("declare it with `var {name} = …`"),
        ));
    }

    fn too_large(&mut self, value: &Value) {
        self.diags.push(
            Diagnostic::error(Code::WrongType, value.span, "this number is too large to be meant")
                .with_help("numbers are at most 10^15; check the value and its unit"),
        );
    }

    fn wrong_type(&mut self, value: &Value, expected: &str) {
        self.diags.push(
            Diagnostic::error(
                Code::WrongType,
                value.span,
                format!("expected {expected}, found {}", describe(value)),
            )
            .with_help(format!("write {expected}")),
        );
    }

    /// A size in MB: `128MB`, `1GB`.
    pub fn size_mb(&mut self, value: &Value) -> Option<Spanned<u64>> {
        self.quantity(value, SIZE_UNITS, DURATION_UNITS, "a size", "MB")
    }

    /// A duration in seconds: `30s`, `15min`, `2h`, `14d`.
    pub fn duration_s(&mut self, value: &Value) -> Option<Spanned<u64>> {
        self.quantity(value, DURATION_UNITS, SIZE_UNITS, "a duration", "s")
    }

    fn quantity(
        &mut self,
        value: &Value,
        units: &[(&str, f64)],
        other_units: &[(&str, f64)],
        what: &str,
        base: &str,
    ) -> Option<Spanned<u64>> {
        // A number written here (not through a `var`) can take the unit in place.
        let written_here = matches!(value.kind, ValueKind::Number(_));
        let value = self.subst(value)?;
        match &value.kind {
            ValueKind::Quantity {
                number,
                unit,
                unit_span,
            } => {
                if other_units.iter().any(|(u, _)| u == unit) {
                    self.wrong_type(&value, what);
                    return None;
                }
                let Some((_, factor)) = units.iter().find(|(u, _)| u == unit) else {
                    let names: Vec<&str> = units.iter().map(|(u, _)| *u).collect();
                    // The unit meant, when it is clear: the fix.
                    let meant = match unit.as_str() {
                        "m" if units.iter().any(|(u, _)| *u == "min") => Some("min"),
                        _ => units
                            .iter()
                            .find(|(u, _)| u.eq_ignore_ascii_case(unit))
                            .map(|(u, _)| *u),
                    };
                    let help = match (unit.as_str(), meant) {
                        ("m", Some(m)) => format!("`m` is ambiguous: write `{}{m}` for minutes", fmt_num(*number)),
                        (_, Some(u)) => format!("units are case-sensitive: write `{}{u}`", fmt_num(*number)),
                        (_, None) => format!("{what} takes one of the units {}", names.join(", ")),
                    };
                    let mut d = Diagnostic::error(
                        Code::UnknownUnit,
                        *unit_span,
                        format!("unknown unit `{unit}` for {what}"),
                    )
                    .with_label(value.span, format!("this should be {what}"))
                    .with_help(help);
                    if let Some(m) = meant {
                        d = d.with_fix(*unit_span, m);
                    }
                    self.diags.push(d);
                    return None;
                };
                let total = number * factor;
                if total > LARGEST_NUMBER {
                    self.too_large(&value);
                    return None;
                }
                if total < 0.0 || total.fract() != 0.0 || !total.is_finite() {
                    self.diags.push(
                        Diagnostic::error(
                            Code::WrongType,
                            value.span,
                            format!("{what} must be a whole, non-negative number of {base}"),
                        )
                        .with_help(format!("write a whole number of {base}")),
                    );
                    return None;
                }
                Some(Spanned::new(total as u64, value.span))
            }
            ValueKind::Number(n) => {
                let mut d = Diagnostic::error(Code::MissingUnit, value.span, format!("{what} needs a unit"))
                    .with_help(format!("write `{}{base}`", fmt_num(*n)));
                if written_here {
                    let end = value.span.end as usize;
                    d = d.with_fix(Span::new(value.span.file, end, end), base);
                }
                self.diags.push(d);
                None
            }
            _ => {
                self.wrong_type(&value, what);
                None
            }
        }
    }

    /// A number (no unit), whole or not: `2`, `0.5`, `-1`, after `var`
    /// substitution. Its range is `check`'s.
    pub fn number(&mut self, value: &Value) -> Option<Spanned<f64>> {
        self.number_as(value, "a number")
    }

    /// A whole number (no unit).
    pub fn integer(&mut self, value: &Value) -> Option<Spanned<u64>> {
        let n = self.number_as(value, "a whole number")?;
        if n.value >= 0.0 && n.value.fract() == 0.0 {
            return Some(Spanned::new(n.value as u64, n.span));
        }
        self.diags.push(
            Diagnostic::error(
                Code::WrongType,
                n.span,
                format!("expected a whole number, found the number {}", fmt_num(n.value)),
            )
            .with_help("write a whole number"),
        );
        None
    }

    /// A number after `var` substitution; any other value is LF0106,
    /// `expected` naming what the property takes.
    fn number_as(&mut self, value: &Value, expected: &str) -> Option<Spanned<f64>> {
        let value = self.subst(value)?;
        match &value.kind {
            ValueKind::Number(n) if n.abs() > LARGEST_NUMBER => {
                self.too_large(&value);
                None
            }
            ValueKind::Number(n) if n.is_finite() => Some(Spanned::new(*n, value.span)),
            _ => {
                self.wrong_type(&value, expected);
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, value: &Value) -> Option<Spanned<bool>> {
        let value = self.subst(value)?;
        match &value.kind {
            ValueKind::Bool(b) => Some(Spanned::new(*b, value.span)),
            _ => {
                self.wrong_type(&value, "`true` or `false`");
                None
            }
        }
    }

    /// A string known at compile time: `"…"` (interpolating only vars).
    pub fn string(&mut self, value: &Value) -> Option<Spanned<String>> {
        let value = self.subst(value)?;
        match &value.kind {
            ValueKind::Str(lit) => {
                let mut out = String::new();
                for part in &lit.parts {
                    match part {
                        StrPart::Text(t) => out.push_str(t),
                        StrPart::Interp { reference, span } => match reference.strip_prefix("var.") {
                            Some(name) => out.push_str(&self.var_text(name, *span)?),
                            None if reference.starts_with("param.") => {
                                self.param_not_constant(reference, *span);
                                return None;
                            }
                            None => {
                                self.diags.push(
                                    Diagnostic::error(Code::NotConstant, *span, format!("`{reference}` is not known when lfc compiles"))
                                        .with_help("this property takes text fixed at compile time; only `${var.NAME}` may be interpolated here"),
                                );
                                return None;
                            }
                        },
                    }
                }
                Some(Spanned::new(out, value.span))
            }
            ValueKind::Raw(s) => Some(Spanned::new(s.clone(), value.span)),
            _ => {
                self.wrong_type(&value, "a string");
                None
            }
        }
    }

    /// A var's value as text, for interpolation.
    pub fn var_text(&mut self, name: &str, span: Span) -> Option<String> {
        let Some(v) = self.vars.get(name) else {
            self.unknown_var(name, span);
            return None;
        };
        Some(match &v.kind {
            ValueKind::Str(lit) => lit.as_plain().unwrap_or_default(),
            ValueKind::Raw(s) | ValueKind::Word(s) => s.clone(),
            ValueKind::Number(n) => fmt_num(*n),
            ValueKind::Bool(b) => b.to_string(),
            ValueKind::Quantity { .. } => {
                let v = v.clone();
                let q = self.size_mb_quiet(&v).or_else(|| self.duration_quiet(&v));
                q.map(|n| n.to_string()).unwrap_or_default()
            }
            _ => String::new(),
        })
    }

    fn size_mb_quiet(&self, v: &Value) -> Option<u64> {
        quiet(v, SIZE_UNITS)
    }

    fn duration_quiet(&self, v: &Value) -> Option<u64> {
        quiet(v, DURATION_UNITS)
    }

    /// Checks a `var`'s value: a plain string, word, number, bool, size or
    /// duration. Reports and returns false otherwise.
    pub fn valid_var_value(&mut self, v: &Value) -> bool {
        match &v.kind {
            ValueKind::Str(lit) if lit.as_plain().is_none() => {
                self.diags.push(
                    Diagnostic::error(Code::NotConstant, v.span, "a variable's value cannot interpolate")
                        .with_help("write the text in full; variables are substituted, never evaluated"),
                );
                false
            }
            ValueKind::Quantity { unit, .. } => {
                // Whole, non-negative and in a known unit, as its uses will need.
                let is_size = unit.eq_ignore_ascii_case("mb") || unit.eq_ignore_ascii_case("gb");
                if is_size {
                    self.size_mb(v).is_some()
                } else {
                    self.duration_s(v).is_some()
                }
            }
            ValueKind::Str(_) | ValueKind::Raw(_) | ValueKind::Word(_) | ValueKind::Number(_) | ValueKind::Bool(_) => {
                true
            }
            _ => {
                self.wrong_type(v, "a string, number, `true`/`false`, size or duration");
                false
            }
        }
    }

    /// An enum value: a word or a string, one of `allowed`.
    pub fn enum_value(&mut self, value: &Value, allowed: &[&str], what: &str) -> Option<Spanned<String>> {
        let text = self.word_or_string(value)?;
        if allowed.contains(&text.value.as_str()) {
            return Some(text);
        }
        let mut d = Diagnostic::error(
            Code::UnknownEnumValue,
            text.span,
            format!("`{}` is not a valid {what}", text.value),
        );
        d = d.with_closest(
            &text.value,
            allowed.iter().copied(),
            format!("use one of: {}", allowed.join(", ")),
        );
        self.diags.push(d);
        None
    }

    /// A word or a plain string, as text.
    pub fn word_or_string(&mut self, value: &Value) -> Option<Spanned<String>> {
        let value = self.subst(value)?;
        match &value.kind {
            ValueKind::Word(w) => Some(Spanned::new(w.clone(), value.span)),
            ValueKind::Str(_) | ValueKind::Raw(_) => self.string(&value),
            _ => {
                self.wrong_type(&value, "a name");
                None
            }
        }
    }

    /// A list; a single value is not accepted as a list.
    pub fn list(&mut self, value: &Value) -> Option<Vec<Value>> {
        self.list_ref(value).map(Cow::into_owned)
    }

    /// As [`Reader::list`], borrowed from `value` unless a `var` stood there.
    pub fn list_ref<'v>(&mut self, value: &'v Value) -> Option<Cow<'v, [Value]>> {
        let value = self.subst(value)?;
        match value {
            Cow::Borrowed(Value {
                kind: ValueKind::List(items),
                ..
            }) => Some(Cow::Borrowed(items)),
            Cow::Owned(Value {
                kind: ValueKind::List(items),
                ..
            }) => Some(Cow::Owned(items)),
            _ => {
                self.wrong_type(&value, "a list `[ … ]`");
                None
            }
        }
    }

    /// A list of compile-time strings.
    pub fn string_list(&mut self, value: &Value) -> Vec<Spanned<String>> {
        self.list(value)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| self.string(v))
            .collect()
    }

    /// A block (`{ … }`).
    pub fn block(&mut self, value: &Value) -> Option<Block> {
        self.block_ref(value).map(Cow::into_owned)
    }

    /// As [`Reader::block`], borrowed from `value` unless a `var` stood there.
    pub fn block_ref<'v>(&mut self, value: &'v Value) -> Option<Cow<'v, Block>> {
        let value = self.subst(value)?;
        match value {
            Cow::Borrowed(Value {
                kind: ValueKind::Block(b),
                ..
            }) => Some(Cow::Borrowed(b)),
            Cow::Owned(Value {
                kind: ValueKind::Block(b),
                ..
            }) => Some(Cow::Owned(b)),
            _ => {
                self.wrong_type(&value, "a block `{ … }`");
                None
            }
        }
    }
}

fn quiet(v: &Value, units: &[(&str, f64)]) -> Option<u64> {
    match &v.kind {
        ValueKind::Quantity { number, unit, .. } => {
            units.iter().find(|(u, _)| u == unit).map(|(_, f)| (number * f) as u64)
        }
        _ => None,
    }
}

/// A number as the user would write it.
pub(super) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A short description of a value's form, for "expected X, found Y".
pub(super) fn describe(value: &Value) -> String {
    match &value.kind {
        ValueKind::Str(_) => "a string".into(),
        ValueKind::Raw(_) => "a raw string".into(),
        ValueKind::Inline(_) => "inline code".into(),
        ValueKind::S3(_) => "an `s3 { … }` location".into(),
        ValueKind::Number(n) => format!("the number {}", fmt_num(*n)),
        ValueKind::Quantity { number, unit, .. } => format!("`{}{unit}`", fmt_num(*number)),
        ValueKind::Bool(b) => format!("`{b}`"),
        ValueKind::List(_) => "a list".into(),
        ValueKind::Block(_) => "a block".into(),
        ValueKind::Word(w) => format!("`{w}`"),
        ValueKind::Call { name, .. } => format!("`{}(…)`", name.text),
    }
}

/// The attributes of a block, by key, with unknown and repeated keys
/// reported when the reader is done.
pub(super) struct Props<'b> {
    entries: Vec<(&'b Ident, &'b Value, bool)>,
}

impl<'b> Props<'b> {
    /// Collects the `KEY = value` entries of `block`; statements are left to
    /// the caller.
    pub fn new(block: &'b Block, diags: &mut Diagnostics) -> Self {
        Self::of_entries(&block.entries, diags)
    }

    /// As [`Props::new`], for entries not held in one block (a function's
    /// own with its `defaults`).
    pub fn of_entries(block: impl IntoIterator<Item = &'b Entry>, diags: &mut Diagnostics) -> Self {
        let mut entries: Vec<(&Ident, &Value, bool)> = Vec::new();
        for e in block {
            if let Entry::Attr { key, value, .. } = e {
                if let Some((first, _, _)) = entries.iter().find(|(k, _, _)| k.text == key.text) {
                    diags.push(
                        Diagnostic::error(
                            Code::DuplicateProperty,
                            key.span,
                            format!("`{}` is set twice", key.text),
                        )
                        .with_label(first.span, "first set here")
                        .with_help("remove one of them"),
                    );
                    continue;
                }
                entries.push((key, value, false));
            }
        }
        Props { entries }
    }

    /// Takes the value of `key`, marking it used.
    pub fn take(&mut self, key: &str) -> Option<&'b Value> {
        let e = self.entries.iter_mut().find(|(k, _, _)| k.text == key)?;
        e.2 = true;
        Some(e.1)
    }

    /// True when `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| k.text == key)
    }

    /// Reports every key not taken, against the list of `known` keys.
    pub fn finish(self, what: &str, known: &[&str], diags: &mut Diagnostics) {
        for (key, _, used) in self.entries {
            if used {
                continue;
            }
            let mut d = Diagnostic::error(
                Code::UnknownProperty,
                key.span,
                format!("`{}` is not a property of {what}", key.text),
            );
            d = d.with_closest_at(
                key.span,
                &key.text,
                known.iter().copied(),
                format!("the properties are: {}", known.join(", ")),
            );
            diags.push(d);
        }
    }
}
