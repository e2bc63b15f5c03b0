//! Completion from the text before the cursor (the buffer may not parse
//! while being typed): keywords at the top level, the properties of the
//! enclosing block, trigger kinds after `on`, declared names of the right
//! kind after `on sqs` (and the other sources), `allow VERB`, `layers = [`,
//! `dead_letter =` and `role =`, and enum values — runtimes with their
//! deprecation dates.
//!
//! Must not: offer a name or value the compiler would reject in that place.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionItemTag, CompletionParams, CompletionResponse};

use super::docs;
use super::workspace::{Cursor, Workspace};
use crate::data::{grants, runtimes};
use crate::model::{FunctionProp, Kind, TriggerType};
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
        _ => value_or_key(&c, before, line, context),
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
        .filter(|d| docs::kind(&d.keyword).is_some_and(|k| kinds.contains(&k)))
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

/// The header of the innermost block open at the end of `before` (`function
/// resize`, `defaults`, `on sqs jobs`), or `None` at the top level.
fn enclosing(before: &str) -> Option<Vec<&str>> {
    let mut depth = 0i32;
    let bytes = before.as_bytes();
    for i in (0..bytes.len()).rev() {
        match bytes[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => {
                let head = &before[..i];
                let line = head.rsplit(['\n', '{', ',']).next().unwrap_or(head);
                return Some(line.split_whitespace().map(|w| w.trim_end_matches('=')).collect());
            }
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn value_or_key(c: &Cursor<'_>, before: &str, line: &str, context: &[&str]) -> Vec<CompletionItem> {
    // Inside `layers = [` (possibly several lines up).
    if let Some(open) = before.rfind('[') {
        if !before[open..].contains(']') && before[..open].trim_end().ends_with("layers =") {
            return names(c, &[Kind::Layer]);
        }
    }
    if let [.., key, "="] = context {
        return match *key {
            "runtime" => runtime_items(c.today),
            "architecture" => keywords(["x86_64", "arm64"].into_iter(), CompletionItemKind::ENUM_MEMBER),
            "tracing" => keywords(
                ["active", "passthrough", "off"].into_iter(),
                CompletionItemKind::ENUM_MEMBER,
            ),
            "dead_letter" | "on_failure" | "on_success" => names(c, &[Kind::Queue, Kind::Topic]),
            "role" => names(c, &[Kind::Role]),
            "layers" => names(c, &[Kind::Layer]),
            _ => names(c, &Kind::ALL),
        };
    }
    if !context.is_empty() || line.contains('=') {
        return Vec::new();
    }
    let Some(header) = enclosing(before) else {
        return keywords(ITEM_KEYWORDS.iter().copied(), CompletionItemKind::KEYWORD);
    };
    match header.as_slice() {
        ["function", ..] | ["defaults"] => {
            let mut items: Vec<CompletionItem> = FunctionProp::ALL
                .into_iter()
                .filter(|p| header[0] == "function" || p.defaultable())
                .map(|p| CompletionItem {
                    label: p.key().to_string(),
                    kind: Some(CompletionItemKind::PROPERTY),
                    detail: Some(docs::function_prop(p).0.to_string()),
                    ..CompletionItem::default()
                })
                .collect();
            if header[0] == "function" {
                items.extend(keywords(["on", "allow"].into_iter(), CompletionItemKind::KEYWORD));
            }
            items
        }
        ["stack", ..] => keywords(
            ["description", "defaults", "tags", "dashboard"].into_iter(),
            CompletionItemKind::PROPERTY,
        ),
        ["on", kind, ..] => match TriggerType::from_keyword(kind) {
            Some(t) => keywords(t.options().iter().copied(), CompletionItemKind::PROPERTY),
            None => Vec::new(),
        },
        [kind, _name] => match docs::kind(kind) {
            Some(k) => {
                let mut items = keywords(docs::kind_keys(k).into_iter(), CompletionItemKind::PROPERTY);
                if k == Kind::Role {
                    items.extend(keywords(["allow"].into_iter(), CompletionItemKind::KEYWORD));
                }
                if k == Kind::Workflow {
                    items.extend(keywords(["on"].into_iter(), CompletionItemKind::KEYWORD));
                }
                items
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
