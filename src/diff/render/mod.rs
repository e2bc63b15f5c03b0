//! Renderers of a [`Diff`]: a text tree for terminals, Markdown for a pull
//! request comment, JSON for machines (LANGUAGE.md §14).
//!
//! Must not: compute anything about the diff; they only format it.

mod json;
mod markdown;
mod text;

pub use json::json;
pub use markdown::markdown;
pub use text::text;

use serde_json::Value;

use super::{Change, Diff, Location, Replacement, SecurityKind};

/// A value on one line, cut to `max` characters.
fn one_line(v: &Value, max: usize) -> String {
    let s = match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    };
    if s.chars().count() > max {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// `1 added, 0 removed, 2 modified, 1 replaced, 1 security finding`
fn summary_line(d: &Diff) -> String {
    let s = &d.summary;
    let plural = if s.security == 1 { "" } else { "s" };
    let mut line = format!(
        "{} added, {} removed, {} modified, {} replaced, {} security finding{plural}",
        s.added, s.removed, s.modified, s.replaced, s.security
    );
    if !d.outputs.is_empty() {
        line.push_str(&format!(", {} output(s) changed", d.outputs.len()));
    }
    if !d.parameters.is_empty() {
        line.push_str(&format!(", {} parameter(s) changed", d.parameters.len()));
    }
    line
}

fn security_label(k: SecurityKind) -> &'static str {
    match k {
        SecurityKind::IamStatementAdded => "statement added",
        SecurityKind::IamStatementRemoved => "statement removed",
        SecurityKind::PermissionBroadened => "permission broadened",
        SecurityKind::PublicAccess => "public access",
        SecurityKind::PrincipalChanged => "principal changed",
    }
}

fn change_sign(c: Change) -> &'static str {
    match c {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Modified => "~",
    }
}

fn replacement_word(r: Replacement) -> &'static str {
    match r {
        Replacement::None => "",
        Replacement::Conditional => "may be replaced",
        Replacement::Always => "replaced",
    }
}

/// `function resize, stack.lf:12`
fn location(l: &Location) -> String {
    format!("{}, {}:{}", l.declaration, l.file, l.line)
}
