//! Hover: what the thing under the cursor is and what it becomes — a
//! key's documentation, default and limits (a function property, or any
//! key of any block, [`super::keys`]); a name's kind,
//! logical ID and the CloudFormation a reference turns into; the IAM actions
//! a grant gives; the next three fire times of a schedule; a runtime's
//! lifecycle dates.
//!
//! Must not: compute anything the compiler and data tables do not already
//! know (except schedule times, [`super::schedule`]).

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::context;
use super::docs;
use super::index::Namespace;
use super::keys;
use super::schedule;
use super::workspace::{Cursor, Workspace};
use crate::data::{grants, runtimes};
use crate::emit::decl_id;
use crate::model::{DeclKind, FunctionProp, Kind, TriggerType};
use crate::source::Span;
use crate::syntax::ast::{Block, Entry, Grant, Item, Trigger, Value, ValueKind};

/// The hover text at the cursor.
pub fn hover(ws: &Workspace, p: HoverParams) -> Option<Hover> {
    let c = ws.cursor(&p.text_document_position_params)?;
    let (text, span) = key_hover(&c)
        .or_else(|| entry_hover(&c))
        .or_else(|| name_hover(&c).map(|(t, s)| (t, Some(s))))?;
    let (src, lines) = c.analysis.source(c.file);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: span.map(|s| lines.range(&src.text, s)),
    })
}

fn inside(span: Span, offset: usize) -> bool {
    (span.start as usize..=span.end as usize).contains(&offset)
}

/// Hover on a key of any block, found from the text (so nested blocks of
/// any depth, and buffers that do not parse).
fn key_hover(c: &Cursor<'_>) -> Option<(String, Option<Span>)> {
    let text = c.text();
    let is_word = |ch: char| ch.is_ascii_alphanumeric() || ch == '_';
    let start = text.get(..c.offset)?.trim_end_matches(is_word).len();
    let end = c.offset + text.get(c.offset..)?.len() - text.get(c.offset..)?.trim_start_matches(is_word).len();
    let key = text.get(start..end).filter(|k| !k.is_empty())?;
    // A key is followed by `=` or `{` and starts its statement.
    if !text.get(end..)?.trim_start_matches([' ', '\t']).starts_with(['=', '{']) {
        return None;
    }
    let scan = context::scan(text.get(..start)?);
    if !scan.statement.trim().is_empty() {
        return None;
    }
    if scan.in_comment {
        return None;
    }
    let headers: Vec<Vec<&str>> = scan.open.iter().map(|h| context::words(h)).collect();
    let header = headers.last().and_then(|h| h.first()).copied().unwrap_or("");
    let hover = match keys::resolve(&headers)? {
        keys::Ctx::Function | keys::Ctx::Defaults => prop_text(FunctionProp::from_key(key)?),
        keys::Ctx::Keys(block) => keys::render(&keys::find(block, key)?, &block.owner(header)),
    };
    let span = Span {
        file: c.file,
        start: u32::try_from(start).ok()?,
        end: u32::try_from(end).ok()?,
    };
    Some((hover, Some(span)))
}

/// Hover on a grant, a schedule or a runtime.
fn entry_hover(c: &Cursor<'_>) -> Option<(String, Option<Span>)> {
    let (_, file) = c.analysis.output.syntax.iter().find(|(id, _)| *id == c.file)?;
    for item in &file.items {
        let Item::Decl(d) = item else { continue };
        if !inside(d.span, c.offset) {
            continue;
        }
        let owner = if d.kind.text == "stack" {
            "stack"
        } else {
            d.kind.text.as_str()
        };
        return block_hover(c, &d.body, owner);
    }
    None
}

fn block_hover(c: &Cursor<'_>, block: &Block, owner: &str) -> Option<(String, Option<Span>)> {
    for entry in &block.entries {
        match entry {
            Entry::Attr { key, value, span } if inside(*span, c.offset) => {
                let functional = owner == "function" || owner == "defaults";
                if key.text == "runtime" && functional && inside(value.span, c.offset) {
                    return runtime_text(value, c.today).map(|t| (t, Some(value.span)));
                }
                if let ValueKind::Block(b) = &value.kind {
                    let inner = if owner == "stack" && key.text == "defaults" {
                        "defaults"
                    } else {
                        "block"
                    };
                    return block_hover(c, b, inner);
                }
                return None;
            }
            Entry::Allow(g) if inside(g.span, c.offset) && !inside(g.target.span, c.offset) => {
                return grant_text(c, g).map(|t| (t, Some(g.span)));
            }
            Entry::On(t) if inside(t.span, c.offset) => return trigger_hover(c, t),
            Entry::Attr { .. } | Entry::Allow(_) | Entry::On(_) | Entry::RawAllow { .. } => {}
        }
    }
    None
}

fn prop_text(p: FunctionProp) -> String {
    let (doc, default, limits) = docs::function_prop(p);
    let mut s = format!("**`{}`** (function property)\n\n{doc}\n\n- default: {default}", p.key());
    if let Some(l) = limits {
        let _ = write!(s, "\n- limits: {l}");
    }
    if !p.defaultable() {
        s.push_str("\n- not allowed in `defaults`");
    }
    s
}

fn runtime_text(value: &Value, today: &str) -> Option<String> {
    let ValueKind::Word(id) = &value.kind else { return None };
    let rt = runtimes::find(id)?;
    let mut s = format!(
        "**`{}`** (runtime{})",
        rt.id,
        if rt.arm64 {
            ", x86_64 and arm64"
        } else {
            ", x86_64 only"
        }
    );
    for (what, date) in [
        ("deprecated", rt.deprecation),
        ("no new functions after", rt.block_create),
        ("no updates after", rt.block_update),
    ] {
        if let Some(d) = date {
            let past = if d <= today { " (passed)" } else { "" };
            let _ = write!(s, "\n- {what}: {d}{past}");
        }
    }
    if rt.deprecation.is_none() {
        s.push_str("\n- no deprecation date announced");
    }
    Some(s)
}

fn grant_text(c: &Cursor<'_>, g: &Grant) -> Option<String> {
    let kind = Kind::from_keyword(c.analysis.index.kind_of(&g.target.text)?)?;
    let mut s = format!("**`allow`** on {} `{}` grants:\n", kind.keyword(), g.target.text);
    for verb in &g.verbs {
        let groups = grants::actions(kind, &verb.text)?;
        let _ = write!(s, "\n- `{}`:", verb.text);
        for (_, actions) in groups.iter().flat_map(|g| g.iter()) {
            for a in *actions {
                let _ = write!(s, " `{a}`");
            }
        }
    }
    Some(s)
}

fn trigger_hover(c: &Cursor<'_>, t: &Trigger) -> Option<(String, Option<Span>)> {
    let arg = t.arg.as_ref().filter(|a| inside(a.span, c.offset));
    if let (Some(arg), Some(TriggerType::Schedule)) = (arg, TriggerType::from_keyword(&t.kind.text)) {
        let expr = arg.as_plain()?;
        let tz = t.options.as_ref().and_then(|o| {
            o.entries.iter().find_map(|e| match e {
                Entry::Attr { key, value, .. } if key.text == "timezone" => match &value.kind {
                    ValueKind::Str(s) => s.as_plain(),
                    _ => None,
                },
                Entry::Attr { .. } | Entry::On(_) | Entry::Allow(_) | Entry::RawAllow { .. } => None,
            })
        });
        let times = schedule::next_times(&expr, schedule::now(), 3)?;
        let zone = tz.unwrap_or_else(|| "UTC".to_string());
        let mut s = format!("**`{expr}`** — next fire times ({zone}):\n");
        for time in times {
            let _ = write!(s, "\n- {time}");
        }
        if expr.starts_with("rate(") {
            s.push_str("\n\n(a rate counts from when the rule is created; shown from now)");
        }
        return Some((s, Some(arg.span)));
    }
    None
}

/// Hover on a declared name or a use of one.
fn name_hover(c: &Cursor<'_>) -> Option<(String, Span)> {
    let (ns, name, span) = c.analysis.index.at(c.file, c.offset)?;
    let def = c.analysis.index.def_of(ns, name)?;
    let (def_src, def_lines) = c.analysis.source(def.name_span.file);
    let line = def_lines.position(&def_src.text, def.name_span.start as usize).line + 1;
    let mut s = format!("**{}** `{name}` — declared in {}:{line}", def.keyword, def_src.display);
    match ns {
        Namespace::Var => {
            let text = def_src.slice(def.span);
            let _ = write!(s, "\n\n```lf\n{text}\n```\n\noverride with `--var {name}=…`");
        }
        Namespace::Output => {}
        Namespace::Decl => {
            let kind = Kind::from_keyword(&def.keyword)?;
            let id = decl_id(name, kind);
            let _ = write!(s, "\n\nresource `{id}` (`{}`)", docs::cfn_type(kind));
            let existing = match c.analysis.output.stack.decl(name).map(|d| &d.kind) {
                Some(DeclKind::Bucket(b)) => b.existing.as_ref(),
                Some(DeclKind::Queue(q)) => q.existing.as_ref(),
                Some(DeclKind::Topic(t)) => t.existing.as_ref(),
                Some(DeclKind::Table(t)) => t.existing.as_ref(),
                Some(DeclKind::Stream(t)) => t.existing.as_ref(),
                Some(
                    DeclKind::Function(_)
                    | DeclKind::Layer(_)
                    | DeclKind::Role(_)
                    | DeclKind::Api(_)
                    | DeclKind::Workflow(_),
                )
                | None => None,
            };
            if let Some(e) = existing {
                let _ = write!(
                    s,
                    "\n\nexisting: `{}` (references become literals from it)",
                    e.value.value
                );
            }
            // The attribute written after the name, if any.
            let text = c.text();
            let after = text.get(span.end as usize..).unwrap_or("");
            let written = after.strip_prefix('.').map(|a| {
                a.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .next()
                    .unwrap_or("")
            });
            s.push_str("\n\nreferences become:");
            for (i, attr) in kind.attributes().iter().enumerate() {
                let Some(expr) = docs::attr_expr(kind, *attr, &id) else {
                    continue;
                };
                let mark = if written == Some(attr.as_str()) || (written.is_none() && i == 0) {
                    " ←"
                } else {
                    ""
                };
                let default = if i == 0 { " (bare name)" } else { "" };
                let _ = write!(s, "\n- `{name}.{}`{default}: `{expr}`{mark}", attr.as_str());
            }
        }
    }
    Some((s, span))
}
