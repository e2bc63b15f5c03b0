//! A hand-written reader of the grammar in `grammar/lf.pest`, tried before
//! pest on every item: one pass over the bytes, no backtracking stack, the
//! tree built as it goes.
//!
//! It accepts a subset of what the grammar accepts and gives the same tree
//! for it, spans included (pest's quirks too: an `on …` or `allow …` without
//! a closing block or string ends after the comments that follow it). Where
//! the grammar would backtrack far, or the text has an error, it gives up
//! (`None`) and the item goes to pest, whose error messages stay the only
//! ones. `tests::agrees_with_pest` holds the two together.

use super::ast::{Block, Decl, Entry, Grant, Ident, Item, StrLit, Trigger, Value, ValueKind};
use super::lower::{decode_string, dedent_raw, parse_number, quantity};
use crate::diagnostics::Diagnostics;
use crate::source::{FileId, Span};

/// Reads `src[start..end]` as one item, with the diagnostics its strings
/// gave; `None` when pest must read it.
pub(super) fn parse_item(file: FileId, src: &str, start: usize, end: usize) -> Option<(Item, Diagnostics)> {
    let text = src.get(start..end)?;
    let mut p = Reader {
        text,
        b: text.as_bytes(),
        pos: 0,
        file,
        offset: start,
        diags: Diagnostics::default(),
    };
    p.skip();
    let item = p.item()?;
    p.skip();
    (p.pos == p.b.len()).then_some((item, p.diags))
}

/// `ident_char` of the grammar.
fn ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A character of a `word` segment.
fn word_char(c: u8) -> bool {
    ident_char(c) || c == b'-'
}

/// What may start an `ident` or a `word`.
fn ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    file: FileId,
    offset: usize,
    diags: Diagnostics,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn byte(&self, at: usize) -> u8 {
        self.b.get(at).copied().unwrap_or(0)
    }

    /// White space and comments from `at`: where they end.
    fn trivia_end(&self, mut at: usize) -> usize {
        loop {
            match self.byte(at) {
                b' ' | b'\t' | b'\r' | b'\n' => at += 1,
                b'#' => at = super::lex::comment_end(self.b, at),
                _ => return at,
            }
        }
    }

    fn skip(&mut self) {
        self.pos = self.trivia_end(self.pos);
    }

    /// The span of `text[start..end]` in the file, trailing white space
    /// dropped as `Lower::span` does.
    fn span(&self, start: usize, end: usize) -> Span {
        let len = self.text[start..end].trim_end().len();
        Span::new(self.file, self.offset + start, self.offset + start + len)
    }

    /// `kw` at the cursor, not followed by an identifier character.
    fn keyword(&self, kw: &str) -> bool {
        self.b[self.pos..].starts_with(kw.as_bytes()) && !ident_char(self.byte(self.pos + kw.len()))
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.pos += 1)
    }

    /// End of the `ident` starting at `at` (`at` itself when there is none).
    fn ident_end(&self, at: usize) -> usize {
        if !ident_start(self.byte(at)) {
            return at;
        }
        let mut i = at + 1;
        while ident_char(self.byte(i)) {
            i += 1;
        }
        i
    }

    /// End of the `word` starting at `at` (`at` itself when there is none).
    fn word_end(&self, at: usize) -> usize {
        if !ident_start(self.byte(at)) {
            return at;
        }
        let mut i = at + 1;
        loop {
            while word_char(self.byte(i)) {
                i += 1;
            }
            if self.byte(i) == b'.' && word_char(self.byte(i + 1)) {
                i += 1;
            } else {
                return i;
            }
        }
    }

    fn name(&mut self, end: usize) -> Option<Ident> {
        let start = self.pos;
        (end > start).then(|| {
            self.pos = end;
            Ident {
                text: self.text[start..end].to_string(),
                span: self.span(start, end),
            }
        })
    }

    fn ident(&mut self) -> Option<Ident> {
        self.name(self.ident_end(self.pos))
    }

    fn word(&mut self) -> Option<Ident> {
        self.name(self.word_end(self.pos))
    }

    fn item(&mut self) -> Option<Item> {
        let start = self.pos;
        if self.keyword("import") {
            self.pos += "import".len();
            self.skip();
            let path = self.string()?;
            return Some(Item::Import {
                path,
                span: self.span(start, self.pos),
            });
        }
        if self.keyword("var") {
            self.pos += "var".len();
            self.skip();
            let name = self.ident()?;
            self.skip();
            self.expect(b'=')?;
            self.skip();
            let value = self.value()?;
            let span = self.span(start, self.pos);
            return Some(Item::Var { name, value, span });
        }
        if self.keyword("output") {
            self.pos += "output".len();
            self.skip();
            let name = self.ident()?;
            self.skip();
            let body = if self.expect(b'=').is_some() {
                self.skip();
                self.value()?
            } else {
                self.block_value()?
            };
            let span = self.span(start, self.pos);
            return Some(Item::Output { name, body, span });
        }
        let kind = self.ident()?;
        self.skip();
        let name = self.ident()?;
        self.skip();
        let body = self.block()?;
        let span = self.span(start, self.pos);
        Some(Item::Decl(Decl { kind, name, body, span }))
    }

    /// `{ entry, … }`
    fn block(&mut self) -> Option<Block> {
        let start = self.pos;
        self.expect(b'{')?;
        let mut entries = Vec::new();
        loop {
            self.skip();
            if self.expect(b'}').is_some() {
                break;
            }
            entries.push(self.entry()?);
            self.skip();
            let _ = self.expect(b',');
        }
        Some(Block {
            entries,
            span: self.span(start, self.pos),
        })
    }

    fn block_value(&mut self) -> Option<Value> {
        let block = self.block()?;
        Some(Value {
            span: block.span,
            kind: ValueKind::Block(block),
        })
    }

    fn entry(&mut self) -> Option<Entry> {
        let start = self.pos;
        if self.keyword("on") {
            self.pos += "on".len();
            self.skip();
            if let Some(kind) = self.ident() {
                return self.trigger(start, kind);
            }
            self.pos = start;
        }
        if self.keyword("allow") {
            self.pos += "allow".len();
            self.skip();
            match self.peek() {
                Some(b'[') => return self.allow_list(start),
                Some(c) if ident_start(c) => {
                    let verb = self.word()?;
                    return self.grant(start, vec![verb]);
                }
                _ => self.pos = start,
            }
        }
        let key = if self.peek() == Some(b'"') {
            let lit = self.string()?;
            Ident {
                text: lit.as_plain().unwrap_or_default(),
                span: lit.span,
            }
        } else {
            self.ident()?
        };
        self.skip();
        let value = if self.expect(b'=').is_some() {
            self.skip();
            self.value()?
        } else {
            self.block_value()?
        };
        let span = self.span(start, self.pos);
        Some(Entry::Attr { key, value, span })
    }

    /// `on KIND [TARGET] [STRING] [block]` after its kind. Each optional
    /// part is preceded by white space and comments, which stay in the span
    /// when nothing follows them (what pest does).
    fn trigger(&mut self, start: usize, kind: Ident) -> Option<Entry> {
        self.skip();
        let mut target = None;
        let end = self.word_end(self.pos);
        // A word followed by `=` is the next entry's key, not a target.
        if end > self.pos && self.byte(self.trivia_end(end)) != b'=' {
            target = self.word();
        }
        self.skip();
        let arg = if self.peek() == Some(b'"') {
            Some(self.string()?)
        } else {
            None
        };
        self.skip();
        let options = if self.peek() == Some(b'{') {
            Some(self.block()?)
        } else {
            None
        };
        Some(Entry::On(Trigger {
            kind,
            target,
            arg,
            options,
            span: self.span(start, self.pos),
        }))
    }

    /// `allow [ … ] on [ … ]` or `allow [VERB, …] TARGET ["pattern"]`.
    fn allow_list(&mut self, start: usize) -> Option<Entry> {
        let outer = std::mem::take(&mut self.diags);
        let actions = self.value();
        let list_diags = std::mem::replace(&mut self.diags, outer);
        let actions = actions?;
        self.skip();
        if self.keyword("on") {
            // Only the raw form: pest would try `on` as a target otherwise.
            self.pos += "on".len();
            self.skip();
            if self.peek() != Some(b'[') {
                return None;
            }
            let resources = self.value()?;
            self.diags.append(list_diags);
            let span = self.span(start, self.pos);
            return Some(Entry::RawAllow {
                actions,
                resources,
                span,
            });
        }
        // The verbs are kept as written: their strings are not decoded.
        let ValueKind::List(items) = actions.kind else {
            return None;
        };
        let verbs = items
            .iter()
            .map(|v| Ident {
                text: self.text[v.span.start as usize - self.offset..v.span.end as usize - self.offset].to_string(),
                span: v.span,
            })
            .collect();
        self.grant(start, verbs)
    }

    /// The rest of `allow VERBS TARGET ["pattern"]` after the verbs.
    fn grant(&mut self, start: usize, verbs: Vec<Ident>) -> Option<Entry> {
        self.skip();
        let target = self.word()?;
        self.skip();
        let pattern = if self.peek() == Some(b'"') {
            Some(self.string()?)
        } else {
            None
        };
        Some(Entry::Allow(Grant {
            verbs,
            target,
            pattern,
            span: self.span(start, self.pos),
        }))
    }

    /// A one-line `"…"` (not `"""`, which pest reads as a raw string where
    /// a value may stand and as `""` elsewhere).
    fn string(&mut self) -> Option<StrLit> {
        let start = self.pos;
        if self.peek() != Some(b'"') || self.b[start..].starts_with(b"\"\"\"") {
            return None;
        }
        let mut i = start + 1;
        loop {
            match *self.b.get(i)? {
                b'"' => break,
                b'\n' => return None,
                b'\\' if matches!(self.b.get(i + 1), None | Some(b'\n')) => return None,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        let span = self.span(start, self.pos);
        Some(decode_string(
            self.file,
            &self.text[start..self.pos],
            span,
            &mut self.diags,
        ))
    }

    /// `"""…"""` at the cursor: its text with the quotes.
    fn raw(&mut self) -> Option<&str> {
        let start = self.pos;
        let close = self.text.get(start + 3..)?.find("\"\"\"")?;
        self.pos = start + 3 + close + 3;
        Some(&self.text[start..self.pos])
    }

    fn value(&mut self) -> Option<Value> {
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' if self.b[start..].starts_with(b"\"\"\"") => ValueKind::Raw(dedent_raw(self.raw()?)),
            b'"' => ValueKind::Str(self.string()?),
            b'[' => ValueKind::List(self.values(b']')?),
            b'{' => ValueKind::Block(self.block()?),
            c if c == b'-' || c.is_ascii_digit() => self.number()?,
            c if ident_start(c) => self.word_value()?,
            _ => return None,
        };
        Some(Value {
            kind,
            span: self.span(start, self.pos),
        })
    }

    /// `value, …` up to `close`, after the opening bracket at the cursor.
    fn values(&mut self, close: u8) -> Option<Vec<Value>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.expect(close).is_some() {
                return Some(items);
            }
            items.push(self.value()?);
            self.skip();
            let _ = self.expect(b',');
        }
    }

    /// `number` or `quantity`.
    fn number(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        let mut i = start + usize::from(self.byte(start) == b'-');
        if !self.byte(i).is_ascii_digit() {
            return None;
        }
        while self.byte(i).is_ascii_digit() || self.byte(i) == b'_' {
            i += 1;
        }
        if self.byte(i) == b'.' && self.byte(i + 1).is_ascii_digit() {
            i += 1;
            while self.byte(i).is_ascii_digit() {
                i += 1;
            }
        }
        let digits = i;
        while self.byte(i).is_ascii_alphabetic() {
            i += 1;
        }
        if ident_char(self.byte(i)) {
            return None;
        }
        self.pos = i;
        let text = &self.text[start..i];
        Some(if i > digits {
            quantity(self.file, text, self.offset + start)
        } else {
            ValueKind::Number(parse_number(text))
        })
    }

    /// What starts with a letter: `inline """…"""`, `s3 { … }`, `true`,
    /// `false`, `NAME(…)` or a word, tried in the grammar's order.
    fn word_value(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        if self.keyword("inline") {
            self.pos = self.trivia_end(start + "inline".len());
            if self.b[self.pos..].starts_with(b"\"\"\"") {
                return Some(ValueKind::Inline(dedent_raw(self.raw()?)));
            }
            self.pos = start;
        }
        if self.keyword("s3") && self.byte(start + 2) != b'.' {
            self.pos = self.trivia_end(start + 2);
            if self.peek() == Some(b'{') {
                return Some(ValueKind::S3(self.block()?));
            }
            self.pos = start;
        }
        for (kw, b) in [("true", true), ("false", false)] {
            if self.keyword(kw) {
                self.pos += kw.len();
                return Some(ValueKind::Bool(b));
            }
        }
        let end = self.ident_end(start);
        if self.byte(end) == b'(' {
            let name = self.name(end)?;
            let args = self.values(b')')?;
            return Some(ValueKind::Call { name, args });
        }
        Some(ValueKind::Word(self.word()?.text))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_item;
    use crate::diagnostics::Diagnostics;
    use crate::source::FileId;
    use crate::syntax::{lower, split};

    /// Every item of `src` the fast reader accepts gives pest's tree and
    /// diagnostics; returns how many it accepted.
    fn agree(src: &str) -> usize {
        let mut accepted = 0;
        for (start, end) in split::split(src) {
            let Some((item, d)) = parse_item(FileId(2), src, start, end) else {
                continue;
            };
            let mut pd = Diagnostics::default();
            let pest = lower::parse_item(FileId(2), src, start, end, &mut pd);
            assert_eq!(
                format!("{pest:?}"),
                format!("{:?}", Some(item)),
                "{:?}",
                &src[start..end]
            );
            assert_eq!(
                format!("{:?}", pd.sorted()),
                format!("{:?}", d.sorted()),
                "{:?}",
                &src[start..end]
            );
            accepted += 1;
        }
        accepted
    }

    fn repository_files() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        ["examples", "tests/fixtures", "docs", "editors"]
            .iter()
            .flat_map(|d| walkdir::WalkDir::new(root.join(d)))
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "lf"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect()
    }

    #[test]
    fn agrees_with_pest_on_every_file_of_the_repository() {
        let files = repository_files();
        assert!(files.len() > 100, "{}", files.len());
        let (mut items, mut accepted) = (0, 0);
        for text in &files {
            items += split::split(text).len();
            accepted += agree(text);
        }
        // Nearly every valid item takes the fast path.
        assert!(accepted * 10 > items * 8, "{accepted} of {items}");
    }

    /// Each file with one byte removed or doubled, at many places: broken
    /// and odd texts either go to pest or read as pest reads them.
    #[test]
    fn agrees_with_pest_on_damaged_files() {
        for text in repository_files().iter().filter(|t| t.len() < 4000) {
            let bytes = text.as_bytes();
            for at in (0..bytes.len()).step_by(11) {
                for damaged in [
                    [&bytes[..at], &bytes[at + 1..]].concat(),
                    [&bytes[..=at], &bytes[at..]].concat(),
                ] {
                    if let Ok(src) = String::from_utf8(damaged) {
                        agree(&src);
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_pest_on_odd_forms() {
        let src = r#"
function f {
  on sqs # c
    memory { a = 1 }
  on http "GET /" # trailing
  allow read b # c
  allow [read, "w\q", x.y] b "p/*" # c
  allow ["s3:Get*"] on ["arn:x"]
  on = 5
  allow = 3
  x = s3-x
  y = inline-x
  z = [inline """
      a
    """, s3.x, true.x, -1.5e, 1_0.5MB, call(1, "a", [x],), s3 { bucket = "a" }]
  "quoted key" = "\u{e9}${ x }$${y}"
  "${k}" { }
  on_x = true_north
  n = 1.x
}
output o { value = f.arn }
output p = "${f.arn}"
var v = "a\z"
import "x.lf"
"#;
        assert!(agree(src) >= 4);
    }
}
