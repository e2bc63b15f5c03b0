//! Completion from the text before the cursor (the buffer may not parse
//! while being typed): keywords at the top level, the keys of the enclosing
//! block however deep ([`super::context`] finds it, [`super::keys`]
//! documents its keys), trigger kinds after `on`, declared names of the
//! right kind after `on sqs` (and the other sources), `allow VERB`,
//! `layers = [`, `dead_letter =`, `role =`, a step's `invoke =`,
//! `publish =`, `send =`, `get =`, `put =`, step names after `next =`,
//! `start =` and `otherwise =` (those of the same `steps` block only), and
//! enum values — runtimes with their deprecation dates.
//!
//! Must not: offer a name or value the compiler would reject in that place.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionParams, CompletionResponse, Documentation,
    MarkupContent, MarkupKind,
};

use super::context;
use super::keys::{self, Block, Ctx, KeyDoc};
use super::workspace::{Cursor, Workspace};
use crate::data::{grants, runtimes};
use crate::model::{FunctionProp, Kind, TriggerType, STEP_KINDS};
use crate::syntax::split::ITEM_KEYWORDS;

/// The completions at the cursor.
pub fn complete(ws: &Workspace, p: CompletionParams) -> Option<CompletionResponse> {
    let c = ws.cursor(&p.text_document_position)?;
    let before = c.text().get(..c.offset)?;
    let line = before.rsplit('\n').next().unwrap_or(before);
    let words: Vec<&str> = line.split_whitespace().collect();
    // The word being typed is not context.
    let typing = !line.ends_with(char::is_whitespace) && !line.ends_with(['[', ',', '=']);
    let context: &[&str] = if typing {
        &words[..words.len().saturating_sub(1)]
    } else {
        &words
    };
    let items = match context {
        ["on", kind] => on_target(&c, kind),
        ["on"] => keywords(
            TriggerType::ALL.map(TriggerType::keyword).iter().copied(),
            CompletionItemKind::KEYWORD,
        ),
        ["allow", ..] if context.len() >= 2 && !context.contains(&"on") => allow_target(&c, &context[1..]),
        ["allow"] => allow_verbs(),
        _ => value_or_key(&c, before, context),
    };
    Some(CompletionResponse::Array(items))
}

fn keywords<'a>(words: impl Iterator<Item = &'a str>, kind: CompletionItemKind) -> Vec<CompletionItem> {
    words
        .map(|w| CompletionItem {
            label: w.to_string(),
            kind: Some(kind),
            ..CompletionItem::default()
        })
        .collect()
}

/// Declared names of the kinds in `kinds`.
fn names(c: &Cursor<'_>, kinds: &[Kind]) -> Vec<CompletionItem> {
    c.analysis
        .index
        .defs
        .iter()
        .filter(|d| Kind::from_keyword(&d.keyword).is_some_and(|k| kinds.contains(&k)))
        .map(|d| CompletionItem {
            label: d.name.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(d.keyword.clone()),
            ..CompletionItem::default()
        })
        .collect()
}

fn on_target(c: &Cursor<'_>, kind: &str) -> Vec<CompletionItem> {
    match TriggerType::from_keyword(kind).and_then(TriggerType::source_kind) {
        Some(k) => names(c, &[k]),
        None => Vec::new(),
    }
}

fn allow_verbs() -> Vec<CompletionItem> {
    let mut verbs: Vec<&str> = Kind::ALL
        .iter()
        .flat_map(|k| grants::verbs(*k).iter().map(|(v, _)| *v))
        .collect();
    verbs.sort_unstable();
    verbs.dedup();
    keywords(verbs.into_iter(), CompletionItemKind::KEYWORD)
}

/// After `allow VERB[, VERB]`: names of the kinds every verb applies to.
fn allow_target(c: &Cursor<'_>, verbs: &[&str]) -> Vec<CompletionItem> {
    let verbs: Vec<&str> = verbs
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .collect();
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| verbs.iter().all(|v| grants::actions(*k, v).is_some()))
        .collect();
    names(c, &kinds)
}

/// Runtimes, newest first, with their deprecation dates; deprecated ones tagged.
fn runtime_items(today: &str) -> Vec<CompletionItem> {
    runtimes::RUNTIMES
        .iter()
        .map(|rt| {
            let deprecated = rt.deprecation.is_some_and(|d| d <= today);
            CompletionItem {
                label: rt.id.to_string(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some(match rt.deprecation {
                    Some(d) if deprecated => format!("deprecated {d}"),
                    Some(d) => format!("deprecation {d}"),
                    None => "no deprecation date".to_string(),
                }),
                tags: deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn value_or_key(c: &Cursor<'_>, before: &str, context: &[&str]) -> Vec<CompletionItem> {
    // Inside `layers = [` (possibly several lines up).
    if let Some(open) = before.rfind('[') {
        if !before[open..].contains(']') && before[..open].trim_end().ends_with("layers =") {
            return names(c, &[Kind::Layer]);
        }
    }
    let scan = context::scan(before);
    if scan.in_comment {
        return Vec::new();
    }
    let headers: Vec<Vec<&str>> = scan.open.iter().map(|h| context::words(h)).collect();
    let ctx = keys::resolve(&headers);
    if let [.., key, "="] = context {
        return value(c, ctx, key, scan.innermost);
    }
    // The statement so far, less the word being typed: a key starts it.
    let typed = scan.statement.trim_start();
    if typed.contains(char::is_whitespace) || typed.contains('=') {
        return Vec::new();
    }
    let Some(ctx) = ctx else {
        return match headers.first() {
            None => keywords(ITEM_KEYWORDS.iter().copied(), CompletionItemKind::KEYWORD),
            Some(_) => Vec::new(),
        };
    };
    let header = scan
        .open
        .last()
        .map_or("", |h| context::words(h).first().copied().unwrap_or(""));
    // A key is set once (the one at the cursor may be retyped); a step
    // does one thing.
    let at_cursor = c.offset.saturating_sub(typed.len());
    let written: Vec<&str> = scan
        .innermost
        .map(|at| context::written_keys(c.text(), at))
        .unwrap_or_default()
        .into_iter()
        .filter(|(at, _)| *at != at_cursor)
        .map(|(_, k)| k)
        .collect();
    let kind_written = ctx == Ctx::Keys(Block::Step) && written.iter().any(|k| STEP_KINDS.contains(k));
    let mut items: Vec<CompletionItem> = match ctx {
        Ctx::Function => keys::keys(Block::Decl(Kind::Function)),
        Ctx::Defaults => FunctionProp::ALL
            .into_iter()
            .filter(|p| p.defaultable())
            .filter_map(|p| keys::doc_at(ctx, p.key()))
            .collect(),
        Ctx::Keys(b) => keys::keys(b),
    }
    .iter()
    .filter(|d| !written.contains(&d.key))
    .filter(|d| !(kind_written && STEP_KINDS.contains(&d.key)))
    .map(|d| key_item(d, ctx, header))
    .collect();
    let statements: &[&str] = match ctx {
        Ctx::Function => &["on", "allow"],
        Ctx::Keys(Block::Decl(Kind::Role)) => &["allow"],
        Ctx::Keys(Block::Decl(Kind::Workflow)) => &["on"],
        Ctx::Defaults | Ctx::Keys(_) => &[],
    };
    items.extend(keywords(statements.iter().copied(), CompletionItemKind::KEYWORD));
    items
}

/// A key, with its documentation.
fn key_item(d: &KeyDoc, ctx: Ctx, header: &str) -> CompletionItem {
    let owner = match ctx {
        Ctx::Function | Ctx::Defaults => "function property".to_string(),
        Ctx::Keys(b) => b.owner(header),
    };
    CompletionItem {
        label: d.key.to_string(),
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some(d.doc.to_string()),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: keys::render(d, &owner),
        })),
        ..CompletionItem::default()
    }
}

/// After `KEY =` in the block whose `{` is at byte `block_at`: the names or
/// words that key takes where the cursor is.
fn value(c: &Cursor<'_>, ctx: Option<Ctx>, key: &str, block_at: Option<usize>) -> Vec<CompletionItem> {
    let block = match ctx {
        Some(Ctx::Keys(b)) => Some(b),
        Some(Ctx::Function | Ctx::Defaults) | None => None,
    };
    let steps = matches!(
        block,
        Some(Block::Step | Block::Catch | Block::Rule | Block::Branch | Block::Decl(Kind::Workflow))
    );
    match key {
        "runtime" if block.is_none() => return runtime_items(c.today),
        "next" | "start" | "otherwise" if steps => {
            let scan = context::scan(c.text());
            let steps = block_at
                .map(|at| context::step_names(&scan, at, key == "start"))
                .unwrap_or_default();
            return keywords(steps.iter().map(String::as_str), CompletionItemKind::REFERENCE);
        }
        _ => {}
    }
    if let Some(d) = ctx
        .and_then(|ctx| keys::doc_at(ctx, key))
        .filter(|d| !d.values.is_empty())
    {
        return keywords(d.values.iter().copied(), CompletionItemKind::ENUM_MEMBER);
    }
    let kinds: &[Kind] = match (block, key) {
        (Some(Block::Step), "invoke") | (Some(Block::LambdaAuth), "function") => &[Kind::Function],
        (Some(Block::Step), "publish") | (Some(Block::Monitor), "notify") => &[Kind::Topic],
        (Some(Block::Step), "send")
        | (Some(Block::DeadLetter), "queue")
        | (Some(Block::Trigger(TriggerType::Schedule)), "dead_letter") => &[Kind::Queue],
        (Some(Block::Step), "get" | "put") => &[Kind::Table],
        (Some(Block::Trigger(TriggerType::Http)), "api") => &[Kind::Api],
        (_, "dead_letter" | "on_failure" | "on_success") => &[Kind::Queue, Kind::Topic],
        (_, "role") => &[Kind::Role],
        (_, "layers") => &[Kind::Layer],
        _ => &Kind::ALL,
    };
    names(c, kinds)
}
