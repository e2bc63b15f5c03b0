//! Incremental parsing for the language server: a cache of parsed top-level
//! items, keyed by their text, so that after an edit only the declarations
//! whose text changed go through pest again.
//!
//! [`super::parse_file`] cuts a file into items ([`super::split`]) and parses
//! each on its own; an item's tree depends only on its text and where it
//! starts. The cache keeps each cleanly parsed item with spans relative to its
//! own start, and hands back a copy moved to where the text stands now
//! ([`each_span`]). Items with a diagnostic are never cached: their messages can
//! look past the item (the next declaration), so they are parsed again.
//!
//! A cache is used only inside [`ItemCache::scope`] (the language server
//! wraps each check of a stack in it); everywhere else, `lfc build` included,
//! parsing runs exactly as without it. After each scope, entries the scope
//! did not use are dropped, so the cache holds one stack's items.
//!
//! Must not: change what parsing returns; let pest types out.

use std::cell::RefCell;
use std::collections::HashMap;

use super::ast::{Block, Entry, Ident, Item, StrLit, StrPart, Value, ValueKind};
use crate::source::{FileId, Span};

/// Parsed items by their text, for one stack.
#[derive(Debug, Default)]
pub struct ItemCache {
    /// Item text → the item with spans relative to its start (`None`: trivia).
    items: HashMap<String, Cached>,
    /// Incremented per scope; entries not seen in the last one are dropped.
    generation: u64,
}

#[derive(Debug)]
struct Cached {
    item: Option<Item>,
    generation: u64,
}

thread_local! {
    /// The cache of the scope running on this thread, if any.
    static ACTIVE: RefCell<Option<ItemCache>> = const { RefCell::new(None) };
}

/// Puts the cache back into its owner when the scope ends, even by a panic.
struct Restore<'a>(&'a mut ItemCache);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        if let Some(cache) = ACTIVE.with(|a| a.borrow_mut().take()) {
            *self.0 = cache;
        }
        let generation = self.0.generation;
        self.0.items.retain(|_, c| c.generation == generation);
    }
}

impl ItemCache {
    /// Runs `f` with this cache serving every [`super::parse_file`] call
    /// on this thread, then drops the entries `f` did not use.
    pub fn scope<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let mut cache = std::mem::take(self);
        cache.generation += 1;
        ACTIVE.with(|a| *a.borrow_mut() = Some(cache));
        let _restore = Restore(self);
        f()
    }

    /// How many items the cache holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The active cache, taken out for the length of one file's parse (and put
/// back with [`put_back`]); `None` outside a scope.
pub(super) fn take() -> Option<ItemCache> {
    ACTIVE.with(|a| a.borrow_mut().take())
}

/// Returns the cache taken with [`take`].
pub(super) fn put_back(cache: Option<ItemCache>) {
    if cache.is_some() {
        ACTIVE.with(|a| *a.borrow_mut() = cache);
    }
}

impl ItemCache {
    /// The item for `text` standing at `start` of `file`, when it was parsed before.
    pub(super) fn get(&mut self, text: &str, file: FileId, start: usize) -> Option<Option<Item>> {
        let generation = self.generation;
        let cached = self.items.get_mut(text)?;
        cached.generation = generation;
        let mut item = cached.item.clone();
        if let Some(item) = &mut item {
            let delta = u32::try_from(start).unwrap_or(u32::MAX);
            each_span(item, &mut |s| {
                s.file = file;
                s.start = s.start.saturating_add(delta);
                s.end = s.end.saturating_add(delta);
            });
        }
        Some(item)
    }

    /// Keeps a copy of `item`, parsed from `text` standing at `start`, for the next time.
    pub(super) fn insert(&mut self, text: &str, item: Option<&Item>, start: usize) {
        let generation = self.generation;
        let mut item = item.cloned();
        if let Some(item) = &mut item {
            let delta = u32::try_from(start).unwrap_or(u32::MAX);
            each_span(item, &mut |s| {
                s.start = s.start.saturating_sub(delta);
                s.end = s.end.saturating_sub(delta);
            });
        }
        self.items.insert(text.to_string(), Cached { item, generation });
    }
}

/// Applies `f` to every span of `item`.
pub(super) fn each_span(item: &mut Item, f: &mut impl FnMut(&mut Span)) {
    match item {
        Item::Import { path, span } => {
            str_lit(path, f);
            f(span);
        }
        Item::Var { name, value, span }
        | Item::Output {
            name,
            body: value,
            span,
        } => {
            ident(name, f);
            self::value(value, f);
            f(span);
        }
        Item::Decl(d) => {
            ident(&mut d.kind, f);
            ident(&mut d.name, f);
            block(&mut d.body, f);
            f(&mut d.span);
        }
    }
}

fn ident(i: &mut Ident, f: &mut impl FnMut(&mut Span)) {
    f(&mut i.span);
}

fn block(b: &mut Block, f: &mut impl FnMut(&mut Span)) {
    for e in &mut b.entries {
        match e {
            Entry::Attr { key, value: v, span } => {
                ident(key, f);
                value(v, f);
                f(span);
            }
            Entry::On(t) => {
                ident(&mut t.kind, f);
                if let Some(target) = &mut t.target {
                    ident(target, f);
                }
                if let Some(arg) = &mut t.arg {
                    str_lit(arg, f);
                }
                if let Some(options) = &mut t.options {
                    block(options, f);
                }
                f(&mut t.span);
            }
            Entry::Allow(g) => {
                g.verbs.iter_mut().for_each(|v| ident(v, f));
                ident(&mut g.target, f);
                if let Some(p) = &mut g.pattern {
                    str_lit(p, f);
                }
                f(&mut g.span);
            }
            Entry::RawAllow {
                actions,
                resources,
                span,
            } => {
                value(actions, f);
                value(resources, f);
                f(span);
            }
        }
    }
    f(&mut b.span);
}

fn value(v: &mut Value, f: &mut impl FnMut(&mut Span)) {
    match &mut v.kind {
        ValueKind::Str(s) => str_lit(s, f),
        ValueKind::S3(b) | ValueKind::Block(b) => block(b, f),
        ValueKind::Quantity { unit_span, .. } => f(unit_span),
        ValueKind::List(items) => items.iter_mut().for_each(|i| value(i, f)),
        ValueKind::Raw(_) | ValueKind::Inline(_) | ValueKind::Number(_) | ValueKind::Bool(_) | ValueKind::Word(_) => {}
    }
    f(&mut v.span);
}

fn str_lit(s: &mut StrLit, f: &mut impl FnMut(&mut Span)) {
    for part in &mut s.parts {
        match part {
            StrPart::Text(_) => {}
            StrPart::Interp { span, .. } => f(span),
        }
    }
    f(&mut s.span);
}

#[cfg(test)]
mod tests {
    use super::ItemCache;
    use crate::diagnostics::Diagnostics;
    use crate::source::FileId;
    use crate::syntax::parse_file;

    /// The tree and diagnostics of a parse, as text to compare.
    fn parse(src: &str) -> (String, String) {
        let mut d = Diagnostics::default();
        let f = parse_file(FileId(3), src, &mut d);
        (format!("{:?}", f.items), format!("{:?}", d.sorted()))
    }

    /// Every `.lf` file of the repository, parsed through a warm cache after
    /// a line is added above (every span moves), equals parsing it cold.
    #[test]
    fn cached_items_equal_fresh_ones_at_their_new_offset() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files: Vec<_> = ["examples", "tests/fixtures"]
            .iter()
            .flat_map(|d| walkdir::WalkDir::new(root.join(d)))
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "lf"))
            .collect();
        assert!(files.len() > 100, "{}", files.len());
        let mut cache = ItemCache::default();
        for entry in files {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let moved = format!("# a line above 🚀\n{text}");
            let warm = cache.scope(|| {
                parse(&text);
                parse(&moved)
            });
            assert_eq!(warm, parse(&moved), "{}", entry.path().display());
        }
    }

    #[test]
    fn an_edit_replaces_one_entry_and_unused_ones_are_dropped() {
        let text = "queue a {}\nqueue b { visibility_timeout = 30s }\nfunction f { memory = = }\n";
        let mut cache = ItemCache::default();
        cache.scope(|| parse(text));
        // The broken function is not cached: its message looks past it.
        assert_eq!(cache.len(), 2);
        let edited = text.replace("30s", "40s");
        let got = cache.scope(|| parse(&edited));
        assert_eq!(got, parse(&edited));
        assert_eq!(cache.len(), 2);
        cache.scope(|| parse("queue a {}\n"));
        assert_eq!(cache.len(), 1);
    }
}
