//! Incremental parsing for the language server: the items of a stack's last
//! parse, kept by their text, so that after an edit only the declarations
//! whose text changed go through pest again.
//!
//! [`super::parse_file`] cuts a file into items ([`super::split`]) and parses
//! each on its own; an item's tree depends only on its text and where it
//! starts. Before a stack is checked again, [`ItemCache::reclaim`] takes the
//! items out of the previous check's trees (which are being replaced; nothing
//! is copied), each with its spans made relative to its own start. The next
//! parse of the same text takes the item back, moved to where the text stands
//! now ([`each_span`]). Items that had a diagnostic are never reused: their
//! messages can look past the item (the next declaration), so they are
//! parsed again.
//!
//! A cache is used only inside [`ItemCache::scope`] (the language server
//! wraps each check of a stack in it); everywhere else, `lfc build` included,
//! parsing runs exactly as without it.
//!
//! Must not: change what parsing returns; let pest types out.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::ast::{Block, Entry, File, Ident, Item, StrLit, StrPart, Value, ValueKind};
use crate::diagnostics::Diagnostics;
use crate::source::{FileId, Span};

/// Where an item of a parsed tree came from: its text and start offset.
type Origin = Option<(String, u32)>;

/// Reusable items of one stack.
#[derive(Debug, Default)]
pub struct ItemCache {
    /// Item text → the item, spans relative to its start, waiting for reuse.
    items: HashMap<String, Item>,
    /// For each file the current scope parsed: the origin of every item of
    /// its tree, in order (`None`: not reusable).
    origins: BTreeMap<FileId, Vec<Origin>>,
    /// Items the current (or last) scope had to parse.
    parsed: usize,
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
    }
}

impl ItemCache {
    /// Runs `f` with this cache serving every [`super::parse_file`] call
    /// on this thread.
    pub fn scope<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let mut cache = std::mem::take(self);
        cache.origins.clear();
        cache.parsed = 0;
        ACTIVE.with(|a| *a.borrow_mut() = Some(cache));
        let _restore = Restore(self);
        f()
    }

    /// Takes the items out of `trees`, the files the last scope parsed
    /// (the previous check, about to be replaced), for the next scope to
    /// reuse; drops whatever the cache held before.
    pub fn reclaim(&mut self, trees: &mut [(FileId, File)]) {
        self.items.clear();
        for (id, file) in trees {
            let Some(origins) = self.origins.remove(id) else {
                continue;
            };
            if origins.len() != file.items.len() {
                continue;
            }
            for (mut item, origin) in std::mem::take(&mut file.items).into_iter().zip(origins) {
                if let Some((text, start)) = origin {
                    each_span(&mut item, &mut |s| {
                        s.start = s.start.saturating_sub(start);
                        s.end = s.end.saturating_sub(start);
                    });
                    self.items.insert(text, item);
                }
            }
        }
    }

    /// How many items the last scope parsed (the others were reused).
    pub fn parsed(&self) -> usize {
        self.parsed
    }

    /// How many items wait for reuse.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when no item waits for reuse.
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
    /// The item `src[start..end]` of `file`: reused when the same text was
    /// parsed last time, else from `parse` (which reports into the
    /// diagnostics it is given). Records where the item came from.
    pub(super) fn item(
        &mut self,
        file: FileId,
        src: &str,
        (start, end): (usize, usize),
        diags: &mut Diagnostics,
        parse: impl FnOnce(&mut Diagnostics) -> Option<Item>,
    ) -> Option<Item> {
        let text = &src[start..end];
        let offset = u32::try_from(start).unwrap_or(u32::MAX);
        let (item, origin) = match self.items.remove_entry(text) {
            Some((text, mut item)) => {
                each_span(&mut item, &mut |s| {
                    s.file = file;
                    s.start = s.start.saturating_add(offset);
                    s.end = s.end.saturating_add(offset);
                });
                (item, Some((text, offset)))
            }
            None => {
                self.parsed += 1;
                let mut own = Diagnostics::default();
                let item = parse(&mut own);
                let clean = own.is_empty();
                own.iter().for_each(|d| diags.push(d.clone()));
                (item?, clean.then(|| (text.to_string(), offset)))
            }
        };
        self.origins.entry(file).or_default().push(origin);
        Some(item)
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
        ValueKind::Call { name, args } => {
            f(&mut name.span);
            args.iter_mut().for_each(|a| value(a, f));
        }
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
            let mut d = Diagnostics::default();
            let mut trees = vec![(FileId(3), cache.scope(|| parse_file(FileId(3), &text, &mut d)))];
            cache.reclaim(&mut trees);
            let warm = cache.scope(|| parse(&moved));
            assert_eq!(warm, parse(&moved), "{}", entry.path().display());
        }
    }

    #[test]
    fn an_edit_reparses_one_item_and_reuses_the_others() {
        let text = "queue a {}\nqueue b { visibility_timeout = 30s }\nfunction f { memory = = }\n";
        let mut cache = ItemCache::default();
        let mut d = Diagnostics::default();
        let first = cache.scope(|| parse_file(FileId(3), text, &mut d));
        let mut trees = vec![(FileId(3), first)];
        cache.reclaim(&mut trees);
        // The broken function is not kept: its message looks past it.
        assert_eq!(cache.len(), 2);
        let edited = text.replace("30s", "40s");
        let got = cache.scope(|| parse(&edited));
        assert_eq!(got, parse(&edited));
        // `queue a` was taken back; the old `queue b` waits unused.
        assert_eq!(cache.len(), 1);
    }
}
