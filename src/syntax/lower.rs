//! pest parsing of one chunk and lowering of its pairs into the AST.

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use super::ast::{Block, Decl, Entry, Grant, Ident, Item, StrLit, StrPart, Trigger, Value, ValueKind};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};

#[derive(Parser)]
#[grammar = "grammar/lf.pest"]
struct LfParser;

/// Lowering context: the file, the chunk's offset in it, and the sink.
struct Lower<'d> {
    file: FileId,
    offset: usize,
    diags: &'d mut Diagnostics,
}

/// Parses `src[start..end]` as one item. `None` when it had a syntax error
/// (reported) or held only trivia.
pub(super) fn parse_item(file: FileId, src: &str, start: usize, end: usize, diags: &mut Diagnostics) -> Option<Item> {
    let text = src.get(start..end)?;
    match LfParser::parse(Rule::item, text) {
        Ok(mut pairs) => {
            let pair = pairs.next()?;
            let mut lower = Lower {
                file,
                offset: start,
                diags,
            };
            lower.item(pair)
        }
        Err(err) => {
            let (pos, expected) = match (&err.location, &err.variant) {
                (InputLocation::Pos(p), ErrorVariant::ParsingError { positives, .. }) => (*p, positives.clone()),
                (InputLocation::Span((p, _)), ErrorVariant::ParsingError { positives, .. }) => (*p, positives.clone()),
                (InputLocation::Pos(p) | InputLocation::Span((p, _)), _) => (*p, Vec::new()),
            };
            let expected: Vec<&str> = expected.iter().map(|r| describe(*r)).collect();
            diags.push(super::errors::syntax_error(
                file,
                src,
                start,
                end,
                start + pos,
                &expected,
            ));
            None
        }
    }
}

/// What a grammar rule is, in words.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the declaration",
        Rule::WHITESPACE | Rule::COMMENT => "white space",
        Rule::item => "a declaration",
        Rule::import => "`import \"file.lf\"`",
        Rule::var_decl => "`var NAME = value`",
        Rule::output_decl => "`output NAME = value`",
        Rule::decl => "a declaration such as `function NAME { … }`",
        Rule::block => "a block `{ … }`",
        Rule::entry => "an entry (`key = value`, `on …` or `allow …`)",
        Rule::on_stmt => "a trigger `on …`",
        Rule::raw_allow | Rule::allow_stmt => "a grant `allow …`",
        Rule::attr | Rule::attr_block => "`key = value`",
        Rule::key => "a key",
        Rule::assign => "`=`",
        Rule::block_end => "`}`",
        Rule::list_end => "`]`",
        Rule::value => "a value",
        Rule::list => "a list `[ … ]`",
        Rule::inline_code => "`inline \"\"\"…\"\"\"`",
        Rule::s3_code => "`s3 { … }`",
        Rule::call | Rule::call_name => "a value",
        Rule::call_end => "`)`",
        Rule::string => "a string",
        Rule::raw => "a raw string `\"\"\"…\"\"\"`",
        Rule::quantity => "a size or duration",
        Rule::number | Rule::number_text => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::word | Rule::word_head | Rule::word_tail => "a word or reference",
        Rule::ident | Rule::ident_char => "a name",
        Rule::kw_import => "`import`",
        Rule::kw_var => "`var`",
        Rule::kw_output => "`output`",
        Rule::kw_on => "`on`",
        Rule::kw_allow => "`allow`",
        Rule::kw_inline => "`inline`",
        Rule::kw_s3 => "`s3`",
    }
}

impl Lower<'_> {
    /// The pair's span without the trailing white space an optional last
    /// element may leave in it.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let len = pair.as_str().trim_end().len();
        Span::new(self.file, self.offset + s.start(), self.offset + s.start() + len)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            text: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = significant(pair);
        match rule {
            Rule::import => {
                let _kw = inner.next()?;
                let path = self.string(&inner.next()?);
                Some(Item::Import { path, span })
            }
            Rule::var_decl => {
                let _kw = inner.next()?;
                let name = self.ident(&inner.next()?);
                let value = self.value(inner.next()?);
                Some(Item::Var { name, value, span })
            }
            Rule::output_decl => {
                let _kw = inner.next()?;
                let name = self.ident(&inner.next()?);
                let body = self.value(inner.next()?);
                Some(Item::Output { name, body, span })
            }
            Rule::decl => {
                let kind = self.ident(&inner.next()?);
                let name = self.ident(&inner.next()?);
                let body = self.block(inner.next()?);
                Some(Item::Decl(Decl { kind, name, body, span }))
            }
            _ => None,
        }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let span = self.span(&pair);
        let entries = pair.into_inner().filter_map(|p| self.entry(p)).collect();
        Block { entries, span }
    }

    fn key(&mut self, pair: &Pair<'_, Rule>) -> Ident {
        if pair.as_rule() == Rule::string {
            let lit = self.string(pair);
            Ident {
                text: lit.as_plain().unwrap_or_default(),
                span: lit.span,
            }
        } else {
            self.ident(pair)
        }
    }

    fn entry(&mut self, pair: Pair<'_, Rule>) -> Option<Entry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = significant(pair);
        match rule {
            Rule::attr | Rule::attr_block => {
                let key = self.key(&inner.next()?);
                let value = self.value(inner.next()?);
                Some(Entry::Attr { key, value, span })
            }
            Rule::on_stmt => {
                let _kw = inner.next()?;
                let kind = self.ident(&inner.next()?);
                let mut trigger = Trigger {
                    kind,
                    target: None,
                    arg: None,
                    options: None,
                    span,
                };
                for p in inner {
                    match p.as_rule() {
                        Rule::word => trigger.target = Some(self.ident(&p)),
                        Rule::string => trigger.arg = Some(self.string(&p)),
                        Rule::block => trigger.options = Some(self.block(p)),
                        _ => {}
                    }
                }
                Some(Entry::On(trigger))
            }
            Rule::raw_allow => {
                let _kw = inner.next()?;
                let actions = self.value(inner.next()?);
                let _on = inner.next()?;
                let resources = self.value(inner.next()?);
                Some(Entry::RawAllow {
                    actions,
                    resources,
                    span,
                })
            }
            Rule::allow_stmt => {
                let _kw = inner.next()?;
                let verbs_pair = inner.next()?;
                let verbs = if verbs_pair.as_rule() == Rule::list {
                    significant(verbs_pair).map(|p| self.ident(&p)).collect()
                } else {
                    vec![self.ident(&verbs_pair)]
                };
                let target = self.ident(&inner.next()?);
                let pattern = inner.next().map(|p| self.string(&p));
                Some(Entry::Allow(Grant {
                    verbs,
                    target,
                    pattern,
                    span,
                }))
            }
            _ => None,
        }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::Str(self.string(&pair)),
            Rule::raw => ValueKind::Raw(dedent_raw(pair.as_str())),
            Rule::inline_code => {
                let raw = pair.into_inner().nth(1).map(|p| dedent_raw(p.as_str()));
                ValueKind::Inline(raw.unwrap_or_default())
            }
            Rule::s3_code => match pair.into_inner().nth(1) {
                Some(b) => ValueKind::S3(self.block(b)),
                None => ValueKind::Word("s3".into()),
            },
            Rule::call => {
                let mut inner = pair.into_inner();
                let name = inner.next().map(|n| {
                    let text = n.as_str().trim_end_matches('(').to_string();
                    let start = self.offset + n.as_span().start();
                    Ident {
                        span: Span::new(self.file, start, start + text.len()),
                        text,
                    }
                });
                let args = inner
                    .filter(|p| p.as_rule() != Rule::call_end)
                    .map(|p| self.value(p))
                    .collect();
                match name {
                    Some(name) => ValueKind::Call { name, args },
                    None => ValueKind::Word(String::new()),
                }
            }
            Rule::number => ValueKind::Number(parse_number(pair.as_str())),
            Rule::quantity => quantity(self.file, pair.as_str(), self.offset + pair.as_span().start()),
            Rule::boolean => ValueKind::Bool(pair.as_str() == "true"),
            Rule::list => ValueKind::List(significant(pair).map(|p| self.value(p)).collect()),
            Rule::block => ValueKind::Block(self.block(pair)),
            _ => ValueKind::Word(pair.as_str().to_string()),
        };
        Value { kind, span }
    }

    fn string(&mut self, pair: &Pair<'_, Rule>) -> StrLit {
        decode_string(self.file, pair.as_str(), self.span(pair), self.diags)
    }
}

/// Decodes a `"…"` literal: escapes, `${…}` and `$${`. One pass over the
/// characters with one arm per escape form, hence the length.
pub(super) fn decode_string(file: FileId, raw: &str, span: Span, diags: &mut Diagnostics) -> StrLit {
    let body = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let base = span.start as usize + 1;
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((j, e)) = chars.next() else { break };
                match e {
                    '"' => text.push('"'),
                    '\\' => text.push('\\'),
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    'u' => match decode_unicode(&body[j + 1..]) {
                        Some((ch, used)) => {
                            text.push(ch);
                            for _ in 0..used {
                                chars.next();
                            }
                        }
                        None => diags.push(
                            Diagnostic::error(
                                Code::InvalidEscape,
                                Span::new(file, base + i, base + j + 1),
                                "invalid unicode escape",
                            )
                            .with_help("write `\\u{HEX}` with 1 to 6 hex digits of a valid character"),
                        ),
                    },
                    other => diags.push(
                        Diagnostic::error(
                            Code::InvalidEscape,
                            Span::new(file, base + i, base + j + other.len_utf8()),
                            format!("unknown escape `\\{other}`"),
                        )
                        .with_help("the escapes are \\\" \\\\ \\n \\t \\r \\u{HEX}"),
                    ),
                }
            }
            '$' if body[i..].starts_with("$${") => {
                text.push_str("${");
                chars.next();
                chars.next();
            }
            '$' if body[i..].starts_with("${") => {
                chars.next();
                match body[i + 2..].find('}') {
                    Some(close) => {
                        let inner = &body[i + 2..i + 2 + close];
                        let lead = inner.len() - inner.trim_start().len();
                        let start = base + i + 2 + lead;
                        let reference = inner.trim().to_string();
                        if !text.is_empty() {
                            parts.push(StrPart::Text(std::mem::take(&mut text)));
                        }
                        let rspan = Span::new(file, start, start + reference.len());
                        if reference.is_empty() {
                            diags.push(
                                Diagnostic::error(
                                    Code::BadInterpolation,
                                    Span::new(file, base + i, base + i + 3 + close),
                                    "empty interpolation `${}`",
                                )
                                .with_help(
                                    "write a reference inside, such as `${var.stage}`, or `$${` for a literal `${`",
                                ),
                            );
                        } else {
                            parts.push(StrPart::Interp { reference, span: rspan });
                        }
                        while chars.peek().is_some_and(|(k, _)| *k <= i + 2 + close) {
                            chars.next();
                        }
                    }
                    None => {
                        diags.push(
                            Diagnostic::error(
                                Code::BadInterpolation,
                                Span::new(file, base + i, base + body.len()),
                                "`${` is not closed by `}`",
                            )
                            .with_help("close the reference with `}`, or write `$${` for a literal `${`"),
                        );
                        break;
                    }
                }
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() || parts.is_empty() {
        parts.push(StrPart::Text(text));
    }
    StrLit { parts, span }
}

/// The children of a pair without punctuation (`=`, `}`, `]`), which are
/// rules only so that syntax errors can name them.
fn significant(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::assign | Rule::block_end | Rule::list_end))
}

/// `\u{HEX}` after the `u`: the character and how many chars were used.
fn decode_unicode(rest: &str) -> Option<(char, usize)> {
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let hex = &inner[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((ch, close + 2))
}

/// The value of a number as written (`1_000`, `-2.5`).
pub(super) fn parse_number(text: &str) -> f64 {
    text.replace('_', "").parse().unwrap_or(f64::NAN)
}

/// A number glued to its unit (`128MB`), written at byte `start` of the file.
pub(super) fn quantity(file: FileId, text: &str, start: usize) -> ValueKind {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    ValueKind::Quantity {
        number: parse_number(&text[..split]),
        unit: text[split..].to_string(),
        unit_span: Span::new(file, start + split, start + text.len()),
    }
}

/// `"""…"""` body: drop the line break after the opening quotes and a
/// whitespace-only last line, then the common indentation of non-blank lines.
pub(crate) fn dedent_raw(raw: &str) -> String {
    let body = raw
        .strip_prefix("\"\"\"")
        .and_then(|s| s.strip_suffix("\"\"\""))
        .unwrap_or(raw);
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    let body = match body.rfind('\n') {
        Some(nl) if body[nl + 1..].trim().is_empty() => &body[..nl + 1],
        None if body.trim().is_empty() => "",
        _ => body,
    };
    let indent = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line.get(indent..).unwrap_or(line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_file;

    fn parse(src: &str) -> (crate::syntax::ast::File, Diagnostics) {
        let mut d = Diagnostics::default();
        let f = parse_file(FileId(0), src, &mut d);
        (f, d)
    }

    #[test]
    fn raw_strings_are_dedented() {
        assert_eq!(dedent_raw("\"\"\"\n    a\n      b\n    \"\"\""), "a\n  b\n");
        assert_eq!(dedent_raw("\"\"\"x\"\"\""), "x");
    }

    #[test]
    fn strings_decode_escapes_and_interpolation() {
        let (f, d) = parse(r#"var a = "x\n\u{e9}${ var.b }$${c}""#);
        assert!(d.is_empty(), "{d:?}");
        let Item::Var { value, .. } = &f.items[0] else { panic!() };
        let ValueKind::Str(s) = &value.kind else { panic!() };
        assert_eq!(s.parts[0], StrPart::Text("x\né".into()));
        assert!(matches!(&s.parts[1], StrPart::Interp { reference, span } if reference == "var.b" && span.start == 21));
        assert_eq!(s.parts[2], StrPart::Text("${c}".into()));
    }

    #[test]
    fn quantities_and_keywords_need_boundaries() {
        let (f, d) = parse("function f { memory = 5m, on_failure = true_north, s = true, c = s3 { bucket = \"b\" } }");
        assert!(d.is_empty(), "{d:?}");
        let Item::Decl(decl) = &f.items[0] else { panic!() };
        let kinds: Vec<_> = decl
            .body
            .entries
            .iter()
            .map(|e| match e {
                Entry::Attr { value, .. } => format!("{:?}", std::mem::discriminant(&value.kind)),
                Entry::On(_) | Entry::Allow(_) | Entry::RawAllow { .. } => "other".into(),
            })
            .collect();
        assert_eq!(kinds.len(), 4);
        let Entry::Attr { value, .. } = &decl.body.entries[0] else {
            panic!()
        };
        assert!(matches!(&value.kind, ValueKind::Quantity { unit, .. } if unit == "m"));
        let Entry::Attr { key, value, .. } = &decl.body.entries[1] else {
            panic!()
        };
        assert_eq!(key.text, "on_failure");
        assert!(matches!(&value.kind, ValueKind::Word(w) if w == "true_north"));
        let Entry::Attr { value, .. } = &decl.body.entries[3] else {
            panic!()
        };
        assert!(matches!(&value.kind, ValueKind::S3(_)));
    }

    #[test]
    fn triggers_grants_and_raw_statements() {
        let src = r#"function f {
          on s3 uploads { events = [created] }
          on http "GET /x"
          allow write thumbs "small/*"
          allow ["ssm:GetParameter"] on ["arn:aws:ssm:::parameter/x"]
          memory = 1GB
        }"#;
        let (f, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let Item::Decl(decl) = &f.items[0] else { panic!() };
        assert!(
            matches!(&decl.body.entries[0], Entry::On(t) if t.target.as_ref().is_some_and(|t| t.text == "uploads") && t.options.is_some())
        );
        assert!(matches!(&decl.body.entries[1], Entry::On(t) if t.target.is_none() && t.arg.is_some()));
        assert!(matches!(&decl.body.entries[2], Entry::Allow(g) if g.verbs[0].text == "write" && g.pattern.is_some()));
        assert!(matches!(&decl.body.entries[3], Entry::RawAllow { .. }));
        assert_eq!(decl.body.entries.len(), 5);
    }

    #[test]
    fn syntax_errors_resume_at_the_next_declaration() {
        let (f, d) = parse("function f { memory = = }\nbucket b {}\nqueue q { x = [ }\ntopic t {}\n");
        assert_eq!(d.error_count(), 2);
        assert_eq!(f.items.len(), 2);
        let msg = &d.iter().next().map(|d| d.message.clone()).unwrap_or_default();
        assert!(msg.starts_with("expected") && msg.contains("a value"), "{msg}");
    }

    #[test]
    fn bad_escape_is_a_diagnostic() {
        let (_, d) = parse(r#"var a = "\q""#);
        assert_eq!(d.iter().next().map(|d| d.code), Some(Code::InvalidEscape));
    }
}
