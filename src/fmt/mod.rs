//! `lfc fmt`: the one canonical layout of a `.lf` file.
//!
//! Design: the file is parsed by [`crate::syntax`] as for compiling (so the
//! formatter and the compiler can never disagree about structure), and the
//! layout is printed from the syntax tree. Every scalar (names, strings,
//! numbers, quantities, raw strings) is copied from the source through its
//! byte span, so no literal is ever re-spelt. Comments are not in the tree:
//! the grammar skips them as trivia. Rather than teach the parser to keep
//! them, the printer reads them back from the source text *between* the
//! spans of neighbouring nodes, where nothing but white space, punctuation
//! and comments can stand. This keeps `src/syntax` untouched and makes it
//! impossible to lose a comment silently: every byte of the source is either
//! inside a node's span or in a gap the printer scans.
//!
//! Layout rules (docs/language.md, "Formatting"): two spaces per level; one
//! entry per line in a block written over several lines; a block or list
//! written on one line stays on one line unless it holds a comment or a
//! multi-line value; `=` aligned within a run of `KEY = value` entries;
//! trailing comments two spaces after the code (aligned within a run);
//! runs of blank lines collapse to one; one blank line around every
//! top-level item that spans several lines. A comment between the parts of
//! one entry (`memory = # big` ⏎ `1GB`) moves to its own line above the entry.
//!
//! Must not: reorder anything, change a literal, or format a file with a
//! syntax error (it returns [`FormatError`] with the parser's diagnostics).

mod rows;

use crate::diagnostics::Diagnostics;
use crate::source::{FileId, Span};
use crate::syntax::ast::{Block, Entry, File, Item, Value, ValueKind};
use rows::{Line, Opener, Row, INDENT};

/// Why a file was not formatted: it has syntax errors.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.message())]
pub struct FormatError {
    /// The parser's diagnostics (every span in [`FileId`] 0, the text given
    /// to [`format_source`]).
    pub diagnostics: Diagnostics,
}

impl FormatError {
    /// Where the first syntax error is.
    pub fn span(&self) -> Option<Span> {
        self.diagnostics.sorted().first().and_then(|d| d.span)
    }

    /// The first syntax error's message.
    pub fn message(&self) -> String {
        self.diagnostics
            .sorted()
            .first()
            .map_or_else(|| "syntax error".to_string(), |d| d.message.clone())
    }
}

/// Formats one file's text. The result parses to the same tree as `src`,
/// holds the same comments in the same order, and formats to itself.
///
/// # Errors
/// When `src` has a syntax error: nothing is formatted.
pub fn format_source(src: &str) -> Result<String, FormatError> {
    let mut diagnostics = Diagnostics::default();
    let file = crate::syntax::parse_file(FileId(0), src, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(FormatError { diagnostics });
    }
    let bom = if src.starts_with('\u{feff}') { "\u{feff}" } else { "" };
    let mut printer = Printer {
        src,
        pending: Vec::new(),
    };
    Ok(format!("{bom}{}", printer.file(&file, bom.len())))
}

/// Prints a tree; `pending` collects comments found between the parts of an
/// entry until the entry is placed and they go above it.
struct Printer<'a> {
    src: &'a str,
    pending: Vec<String>,
}

impl Printer<'_> {
    fn slice(&self, span: Span) -> &str {
        self.src.get(span.start as usize..span.end as usize).unwrap_or_default()
    }

    /// Keeps the comments between two parts of one entry, for above it.
    fn hoist(&mut self, from: usize, to: usize) {
        for t in rows::trivia(self.src, from, to) {
            if let rows::Trivia::Comment(c) = t {
                self.pending.push(c);
            }
        }
    }

    /// Renders something and returns it as a row, with the comments found
    /// inside it (outside nested blocks and lists) as rows above it.
    fn entry_rows(&mut self, rows: &mut Vec<Row>, render: impl FnOnce(&mut Self) -> Line) {
        let mark = self.pending.len();
        let line = render(self);
        rows.extend(self.pending.split_off(mark).into_iter().map(Row::Comment));
        rows.push(Row::Entry(line));
    }

    fn file(&mut self, file: &File, start: usize) -> String {
        let mut rows = Vec::new();
        let mut cursor = start;
        for item in &file.items {
            let (item_start, item_end) = item_bounds(item);
            rows::place(
                rows::trivia(self.src, cursor, item_start),
                &mut rows,
                &mut Opener::File,
                false,
            );
            self.entry_rows(&mut rows, |p| p.item(item));
            cursor = item_end;
        }
        rows::place(
            rows::trivia(self.src, cursor, self.src.len()),
            &mut rows,
            &mut Opener::File,
            true,
        );
        rows::print(&separate_items(rows), 0, "")
    }

    fn item(&mut self, item: &Item) -> Line {
        let text = match item {
            Item::Import { path, span } => {
                self.hoist(span.start as usize + "import".len(), path.span.start as usize);
                format!("import {}", self.slice(path.span))
            }
            Item::Var { name, value, span } => {
                self.hoist(span.start as usize + "var".len(), name.span.start as usize);
                self.hoist(name.span.end as usize, value.span.start as usize);
                format!("var {} = {}", name.text, self.value(value, 0))
            }
            Item::Output { name, body, span } => {
                self.hoist(span.start as usize + "output".len(), name.span.start as usize);
                let eq = self.joiner(name.span, body.span);
                format!("output {}{eq}{}", name.text, self.value(body, 0))
            }
            Item::Decl(d) => {
                self.hoist(d.kind.span.end as usize, d.name.span.start as usize);
                self.hoist(d.name.span.end as usize, d.body.span.start as usize);
                format!("{} {} {}", d.kind.text, d.name.text, self.block(&d.body, 0))
            }
        };
        Line {
            key: None,
            text,
            trailing: None,
            comma: false,
        }
    }

    /// ` = ` when the source has `=` between two nodes (`output x = {…}`),
    /// else ` ` (`output x {…}`); the comments between them are hoisted.
    fn joiner(&mut self, before: Span, after: Span) -> &'static str {
        let (from, to) = (before.end as usize, after.start as usize);
        self.hoist(from, to);
        if has_equals(self.src, from, to) {
            " = "
        } else {
            " "
        }
    }

    fn entry(&mut self, entry: &Entry, depth: usize) -> Line {
        let mut line = Line::default();
        line.text = match entry {
            Entry::Attr { key, value, .. } => {
                let key_text = self.slice(key.span).to_string();
                let (from, to) = (key.span.end as usize, value.span.start as usize);
                self.hoist(from, to);
                if has_equals(self.src, from, to) {
                    line.key = Some(key_text);
                    self.value(value, depth)
                } else {
                    format!("{key_text} {}", self.value(value, depth))
                }
            }
            Entry::On(t) => {
                let mut parts = vec!["on".to_string(), t.kind.text.clone()];
                let mut cursor = t.span.start as usize + "on".len();
                let mut spans = vec![t.kind.span];
                spans.extend(t.target.as_ref().map(|x| x.span));
                spans.extend(t.arg.as_ref().map(|x| x.span));
                for span in &spans {
                    self.hoist(cursor, span.start as usize);
                    cursor = span.end as usize;
                }
                parts.extend(spans[1..].iter().map(|s| self.slice(*s).to_string()));
                if let Some(options) = &t.options {
                    self.hoist(cursor, options.span.start as usize);
                    parts.push(self.block(options, depth));
                }
                parts.join(" ")
            }
            Entry::Allow(g) => {
                let after_kw = g.span.start as usize + "allow".len();
                self.hoist(after_kw, g.target.span.start as usize);
                let verbs: Vec<&str> = g.verbs.iter().map(|v| v.text.as_str()).collect();
                let verbs = if self.first_token_is_bracket(after_kw, g.target.span.start as usize) {
                    format!("[{}]", verbs.join(", "))
                } else {
                    verbs.join(" ")
                };
                let mut text = format!("allow {verbs} {}", g.target.text);
                if let Some(p) = &g.pattern {
                    self.hoist(g.target.span.end as usize, p.span.start as usize);
                    text = format!("{text} {}", self.slice(p.span));
                }
                text
            }
            Entry::RawAllow {
                actions,
                resources,
                span,
            } => {
                self.hoist(span.start as usize + "allow".len(), actions.span.start as usize);
                self.hoist(actions.span.end as usize, resources.span.start as usize);
                format!(
                    "allow {} on {}",
                    self.value(actions, depth),
                    self.value(resources, depth)
                )
            }
        };
        line
    }

    /// How `entry` starts (see [`absorbs`]).
    fn starts_with(&self, entry: &Entry) -> Start {
        match entry {
            Entry::Attr { key, .. } if self.slice(key.span).starts_with('"') => Start::String,
            Entry::Attr { key, value, .. }
                if has_equals(self.src, key.span.end as usize, value.span.start as usize) =>
            {
                Start::Assignment
            }
            Entry::Attr { .. } | Entry::On(_) | Entry::Allow(_) | Entry::RawAllow { .. } => Start::Word,
        }
    }

    /// True when the first thing after `from` (comments skipped) is `[`.
    fn first_token_is_bracket(&self, from: usize, to: usize) -> bool {
        let mut in_comment = false;
        for c in self.src.get(from..to).unwrap_or_default().chars() {
            match c {
                '\n' => in_comment = false,
                '#' => in_comment = true,
                '[' if !in_comment => return true,
                c if !in_comment && !c.is_whitespace() => return false,
                _ => {}
            }
        }
        false
    }

    fn value(&mut self, value: &Value, depth: usize) -> String {
        match &value.kind {
            ValueKind::Str(_)
            | ValueKind::Raw(_)
            | ValueKind::Number(_)
            | ValueKind::Quantity { .. }
            | ValueKind::Bool(_)
            | ValueKind::Word(_)
            // A call is kept as written, comments between its arguments included.
            | ValueKind::Call { .. } => self.slice(value.span).to_string(),
            ValueKind::Inline(_) => {
                let after_kw = value.span.start as usize + "inline".len();
                let raw_start = self.raw_start(after_kw, value.span.end as usize);
                self.hoist(after_kw, raw_start);
                let raw = self.src.get(raw_start..value.span.end as usize).unwrap_or_default();
                format!("inline {raw}")
            }
            ValueKind::S3(block) => {
                self.hoist(value.span.start as usize + "s3".len(), block.span.start as usize);
                format!("s3 {}", self.block(block, depth))
            }
            ValueKind::List(items) => self.list(value.span, items, depth),
            ValueKind::Block(block) => self.block(block, depth),
        }
    }

    /// Where the `"""` after `inline` starts (comments between skipped).
    fn raw_start(&self, from: usize, to: usize) -> usize {
        let mut i = from;
        let bytes = self.src.as_bytes();
        while i < to {
            match bytes[i] {
                b'#' => {
                    while i < to && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'"' => return i,
                _ => i += 1,
            }
        }
        to
    }

    fn block(&mut self, block: &Block, depth: usize) -> String {
        let (open, close) = (
            block.span.start as usize + 1,
            (block.span.end as usize).saturating_sub(1),
        );
        let mut rows = Vec::new();
        let mut opener_comment = None;
        let mut cursor = open;
        let mut previous: Option<(usize, &Entry)> = None;
        for entry in &block.entries {
            let (start, end) = entry_bounds(entry);
            if let Some((row, prev)) = previous {
                if let Some(Row::Entry(line)) = rows.get_mut(row) {
                    line.comma = absorbs(prev, self.starts_with(entry));
                }
            }
            let trivia = rows::trivia(self.src, cursor, start);
            rows::place(trivia, &mut rows, &mut Opener::Bracket(&mut opener_comment), false);
            self.entry_rows(&mut rows, |p| p.entry(entry, depth + 1));
            previous = Some((rows.len() - 1, entry));
            cursor = end;
        }
        let trivia = rows::trivia(self.src, cursor, close);
        rows::place(trivia, &mut rows, &mut Opener::Bracket(&mut opener_comment), true);
        let first = block.entries.first().map(|e| entry_bounds(e).0);
        self.bracketed(("{", "}"), rows, opener_comment, first.map(|f| (open, f)), depth, "")
    }

    fn list(&mut self, span: Span, items: &[Value], depth: usize) -> String {
        let (open, close) = (span.start as usize + 1, (span.end as usize).saturating_sub(1));
        let mut rows = Vec::new();
        let mut opener_comment = None;
        let mut cursor = open;
        for item in items {
            let trivia = rows::trivia(self.src, cursor, item.span.start as usize);
            rows::place(trivia, &mut rows, &mut Opener::Bracket(&mut opener_comment), false);
            self.entry_rows(&mut rows, |p| Line {
                key: None,
                text: p.value(item, depth + 1),
                trailing: None,
                comma: false,
            });
            cursor = item.span.end as usize;
        }
        let trivia = rows::trivia(self.src, cursor, close);
        rows::place(trivia, &mut rows, &mut Opener::Bracket(&mut opener_comment), true);
        let first = items.first().map(|v| v.span.start as usize);
        self.bracketed(("[", "]"), rows, opener_comment, first.map(|f| (open, f)), depth, ",")
    }

    /// A block or list: on one line (`{ a = 1, b = 2 }`, `[a, b]`) when the
    /// source had its first entry on the bracket's line and nothing in it
    /// needs a line of its own; else one entry per line.
    fn bracketed(
        &self,
        (open, close): (&str, &str),
        rows: Vec<Row>,
        opener_comment: Option<String>,
        first_entry: Option<(usize, usize)>,
        depth: usize,
        suffix: &str,
    ) -> String {
        let broken_in_source =
            first_entry.is_some_and(|(from, to)| self.src.get(from..to).is_some_and(|gap| gap.contains('\n')));
        let one_line = !broken_in_source
            && opener_comment.is_none()
            && rows.iter().all(|r| match r {
                Row::Entry(line) => line.trailing.is_none() && !line.text.contains('\n'),
                Row::Blank | Row::Comment(_) => false,
            });
        if one_line {
            let entries: Vec<String> = rows
                .iter()
                .filter_map(|r| match r {
                    Row::Entry(line) => Some(line.plain()),
                    Row::Blank | Row::Comment(_) => None,
                })
                .collect();
            return match (entries.is_empty(), open) {
                (true, _) => format!("{open}{close}"),
                (false, "{") => format!("{{ {} }}", entries.join(", ")),
                (false, _) => format!("{open}{}{close}", entries.join(", ")),
            };
        }
        let comment = opener_comment.map(|c| format!("  {c}")).unwrap_or_default();
        format!(
            "{open}{comment}\n{}{}{close}",
            rows::print(&rows, depth + 1, suffix),
            INDENT.repeat(depth)
        )
    }
}

/// True when `src[from..to]` (a gap between two nodes) holds `=` outside comments.
fn has_equals(src: &str, from: usize, to: usize) -> bool {
    let mut in_comment = false;
    for c in src.get(from..to).unwrap_or_default().chars() {
        match c {
            '\n' => in_comment = false,
            '#' => in_comment = true,
            '=' if !in_comment => return true,
            _ => {}
        }
    }
    false
}

/// How an entry starts, as far as the entry before it could take it in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// A string key.
    String,
    /// A word not followed by `=`: `key {`, `on`, `allow`.
    Word,
    /// `key =`.
    Assignment,
}

/// True when `entry`, followed on the next line by an entry starting with
/// `next`, would take it in as its own optional last part: `on http` takes a
/// following word as its target or a string as its route, `allow read b` a
/// string as its pattern. The source kept them apart with a comma, and so
/// must the layout.
fn absorbs(entry: &Entry, next: Start) -> bool {
    let (string, word) = (next == Start::String, next == Start::Word);
    match entry {
        Entry::On(t) => {
            t.options.is_none() && (string && t.arg.is_none() || word && t.target.is_none() && t.arg.is_none())
        }
        Entry::Allow(g) => string && g.pattern.is_none(),
        Entry::Attr { .. } | Entry::RawAllow { .. } => false,
    }
}

/// Adds the blank line that sets off every top-level item spanning several
/// lines from its neighbours (and their comments).
fn separate_items(rows: Vec<Row>) -> Vec<Row> {
    let multi = |r: &Row| matches!(r, Row::Entry(l) if l.text.contains('\n'));
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let after_item = matches!(out.last(), Some(Row::Entry(_)));
        if after_item && !matches!(row, Row::Blank) {
            let prev_multi = out.last().is_some_and(multi);
            let next_multi = rows[i..].iter().find(|r| matches!(r, Row::Entry(_))).is_some_and(multi);
            if prev_multi || next_multi {
                out.push(Row::Blank);
            }
        }
        out.push(row.clone());
    }
    out
}

/// Where an item's text starts and ends. The parser's span of an item ends
/// after any trivia its optional last part skipped, so the end is taken from
/// the last node instead.
fn item_bounds(item: &Item) -> (usize, usize) {
    let (start, end) = match item {
        Item::Import { path, span } => (*span, path.span),
        Item::Var { value, span, .. } => (*span, value.span),
        Item::Output { body, span, .. } => (*span, body.span),
        Item::Decl(d) => (d.span, d.body.span),
    };
    (start.start as usize, end.end as usize)
}

/// Where an entry's text starts and ends (see [`item_bounds`]).
fn entry_bounds(entry: &Entry) -> (usize, usize) {
    let (start, end) = match entry {
        Entry::Attr { value, span, .. } => (*span, value.span),
        Entry::On(t) => {
            let last = t.options.as_ref().map(|b| b.span);
            let last = last.or(t.arg.as_ref().map(|a| a.span));
            let last = last.or(t.target.as_ref().map(|x| x.span));
            (t.span, last.unwrap_or(t.kind.span))
        }
        Entry::Allow(g) => (g.span, g.pattern.as_ref().map_or(g.target.span, |p| p.span)),
        Entry::RawAllow { resources, span, .. } => (*span, resources.span),
    };
    (start.start as usize, end.end as usize)
}
