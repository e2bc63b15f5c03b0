//! Physical names (LF0216) and texts (LF0314): names set with `name = "…"`
//! against each service's rules (with deploy-time parts, as far as their
//! written text and shortest length tell; what such parts may be: LF0109,
//! LF0106), descriptions, and tags.
//!
//! Must not: resolve names (declared names and references are the model's
//! business, LF02xx) or emit.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, Expr, Function, Pseudo, Spanned, Stack, Tags};
use crate::source::Span;

/// LF0314: `text` (called `what`) is at most `max` characters.
pub(super) fn text_limit(diags: &mut Diagnostics, span: Span, what: &str, text: &str, max: usize) {
    let n = text.chars().count();
    if n > max {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                span,
                format!("{what} is {n} characters; the maximum is {max}"),
            )
            .with_help(format!("shorten it to {max} characters")),
        );
    }
}

/// The rules of one service's physical names.
struct NameRule {
    /// The kind, in messages.
    what: &'static str,
    /// Shortest and longest name, in characters.
    len: (usize, usize),
    /// Characters allowed (`.fifo` at the end aside).
    chars: fn(char) -> bool,
    /// The first and last character must be a letter or digit.
    alnum_edges: bool,
    /// `.fifo` at the end: `None` not special; `Some(None)` allowed;
    /// `Some(Some(b))` required exactly when `b`.
    fifo: Option<Option<bool>>,
    /// The rule after its lengths (`{min} to {max} …`), for the help text.
    rule: &'static str,
}

/// One piece of a physical name: text written in the file, or a value
/// known at deploy time (its shortest possible length).
enum Piece<'a> {
    Text(&'a str),
    Deploy(usize),
}

/// The pieces of a name expression.
fn pieces(e: &Expr) -> Vec<Piece<'_>> {
    match e {
        Expr::Str(s) => vec![Piece::Text(s)],
        Expr::Concat(parts) => parts.iter().flat_map(pieces).collect(),
        Expr::Pseudo(p) => vec![Piece::Deploy(shortest(*p))],
        // A parameter may be short; references are refused (LF0109).
        Expr::Param(_) | Expr::Ref(_) | Expr::Secret(_) => vec![Piece::Deploy(1)],
    }
}

/// The shortest value a pseudo parameter has (`us-east-1`, a 12-digit
/// account, `aws`, `amazonaws.com`).
fn shortest(p: Pseudo) -> usize {
    match p {
        Pseudo::StackName => 1,
        Pseudo::Region => 9,
        Pseudo::AccountId => 12,
        Pseudo::Partition => 3,
        Pseudo::UrlSuffix => 13,
    }
}

/// LF0216: a physical name set with `name = "…"` against the service's rules.
pub(super) fn physical_name(stack: &Stack, kind: &DeclKind, diags: &mut Diagnostics) {
    let word = |c: char| c.is_ascii_alphanumeric() || "_-".contains(c);
    let dotted = |c: char| c.is_ascii_alphanumeric() || "_.-".contains(c);
    let (name, rule): (Option<&Spanned<Expr>>, NameRule) = match kind {
        DeclKind::Function(f) => (
            f.name.as_ref(),
            NameRule {
                what: "function",
                len: (1, limits::FUNCTION_NAME_MAX),
                chars: word,
                alnum_edges: false,
                fifo: None,
                rule: "characters of letters, digits, `-` and `_`",
            },
        ),
        DeclKind::Bucket(b) => (
            b.name.as_ref(),
            NameRule {
                what: "bucket",
                len: limits::BUCKET_NAME,
                chars: |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
                alnum_edges: true,
                fifo: None,
                rule: "lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit",
            },
        ),
        DeclKind::Table(t) => (
            t.name.as_ref(),
            NameRule {
                what: "table",
                len: limits::TABLE_NAME,
                chars: dotted,
                alnum_edges: false,
                fifo: None,
                rule: "letters, digits, `_`, `.` and `-`",
            },
        ),
        DeclKind::Topic(t) => (
            t.name.as_ref(),
            NameRule {
                what: "topic",
                len: limits::TOPIC_NAME,
                chars: word,
                alnum_edges: false,
                fifo: Some(None),
                rule: "letters, digits, `_` and `-` (a FIFO topic ends in `.fifo`)",
            },
        ),
        DeclKind::Queue(q) => (
            q.name.as_ref(),
            NameRule {
                what: "queue",
                len: limits::QUEUE_NAME,
                chars: word,
                alnum_edges: false,
                fifo: Some(Some(q.fifo)),
                rule: "letters, digits, `-` and `_`; FIFO queue names end in `.fifo`",
            },
        ),
        DeclKind::Stream(st) => {
            let rule = NameRule {
                what: "stream",
                len: limits::KINESIS_STREAM_NAME,
                chars: dotted,
                alnum_edges: false,
                fifo: None,
                rule: "letters, digits, `_`, `.` and `-`",
            };
            return literal_name(st.name.as_ref(), &rule, diags);
        }
        DeclKind::Layer(l) => {
            let rule = NameRule {
                what: "layer",
                len: limits::LAYER_NAME,
                chars: word,
                alnum_edges: false,
                fifo: None,
                rule: "letters, digits, `_` and `-`",
            };
            return literal_name(l.name.as_ref(), &rule, diags);
        }
        DeclKind::Api(a) => {
            let rule = NameRule {
                what: "api",
                len: limits::API_NAME,
                chars: |_| true,
                alnum_edges: false,
                fifo: None,
                rule: "characters",
            };
            return literal_name(a.name.as_ref(), &rule, diags);
        }
        DeclKind::Workflow(w) => {
            let rule = NameRule {
                what: "workflow",
                len: (1, limits::STATE_MACHINE_NAME_MAX),
                chars: word,
                alnum_edges: false,
                fifo: None,
                rule: "letters, digits, `_` and `-`",
            };
            return literal_name(w.name.as_ref(), &rule, diags);
        }
        // A role's name is an IAM limit (LF0505, `iam.rs`).
        DeclKind::Role(_) => return,
    };
    let Some(n) = name else { return };
    deploy_time_parts(stack, n, diags);
    if !fits(pieces(&n.value), &rule) {
        bad_name(n.span, &n.value.shape(), &rule, diags);
    }
}

/// A name that takes compile-time text only.
fn literal_name(name: Option<&Spanned<String>>, rule: &NameRule, diags: &mut Diagnostics) {
    if let Some(n) = name.filter(|n| !fits(vec![Piece::Text(&n.value)], rule)) {
        bad_name(n.span, &n.value, rule, diags);
    }
}

fn bad_name(span: Span, shown: &str, rule: &NameRule, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::error(
            Code::PhysicalName,
            span,
            format!("`{shown}` is not a valid {} name", rule.what),
        )
        .with_help(format!(
            "{} names are {} to {} {}",
            rule.what, rule.len.0, rule.len.1, rule.rule
        )),
    );
}

/// Whether a name can follow `rule`: the written text is checked
/// character by character; a deploy-time part counts at its shortest, so
/// a name that is too long even then is refused, and one that may be too
/// short or hold characters the service refuses is left to CloudFormation.
fn fits(mut pieces: Vec<Piece<'_>>, rule: &NameRule) -> bool {
    // `.fifo` ends the written text; the rest is the base name.
    let mut suffix = 0;
    if let Some(fifo) = rule.fifo {
        if let Some(Piece::Text(t)) = pieces.last_mut() {
            if let Some(base) = t.strip_suffix(".fifo") {
                *t = base;
                suffix = ".fifo".len();
            }
        }
        if fifo.is_some_and(|required| required != (suffix > 0)) {
            return false;
        }
    }
    let chars_ok = pieces.iter().all(|p| match p {
        Piece::Text(t) => t.chars().all(rule.chars),
        Piece::Deploy(_) => true,
    });
    let base: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.chars().count(),
            Piece::Deploy(n) => *n,
        })
        .sum();
    let all_text = pieces.iter().all(|p| matches!(p, Piece::Text(_)));
    let alnum_at = |p: Option<&Piece<'_>>, first: bool| match p {
        Some(Piece::Text(t)) => {
            let c = if first { t.chars().next() } else { t.chars().last() };
            c.is_some_and(|c| c.is_ascii_alphanumeric())
        }
        Some(Piece::Deploy(_)) | None => true,
    };
    let edges_ok = !rule.alnum_edges || (alnum_at(pieces.first(), true) && alnum_at(pieces.last(), false));
    let total = base + suffix;
    chars_ok && edges_ok && base >= 1 && total <= rule.len.1 && (!all_text || total >= rule.len.0)
}

/// LF0109 and LF0106: a name takes `${stack.name}`, `${aws.*}` and scalar
/// `${param.*}` only — no other declaration's attribute, no list parameter.
fn deploy_time_parts(stack: &Stack, name: &Spanned<Expr>, diags: &mut Diagnostics) {
    if let Some(r) = name.value.refs().first() {
        diags.push(
            Diagnostic::error(
                Code::NotConstant,
                name.span,
                format!("a physical name cannot take `{}` of another declaration", r.target),
            )
            .with_help(
                "build names from text, `${stack.name}`, `${aws.region}`, `${aws.account_id}` and `${param.NAME}`",
            ),
        );
    }
    for p in name.value.params() {
        if stack.params.get(p).is_some_and(|d| d.ty.value.is_list()) {
            diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    name.span,
                    format!("`param.{p}` is a list; a name is one text"),
                )
                .with_help("use a `string` parameter in a name"),
            );
        }
    }
}

/// Whether a tag is one AWS accepts: a key of 1 to 128 characters not
/// starting with `aws:`, a value of at most 256.
pub(super) fn tag_ok(key: &str, value: &str) -> bool {
    !(key.starts_with("aws:")
        || key.is_empty()
        || key.chars().count() > limits::TAG_KEY_MAX
        || value.chars().count() > limits::TAG_VALUE_MAX)
}

/// Help shown for a tag AWS does not accept.
pub(super) const TAG_HELP: &str = "tag keys are 1 to 128 characters and may not start with `aws:`; values at most 256";

/// LF0314: the tags function `name` carries (its own and the stack's) and each of its own.
pub(super) fn function_tags(stack: &Stack, name: &str, decl_span: Span, f: &Function, diags: &mut Diagnostics) {
    own_tags(stack, &format!("function `{name}`"), decl_span, &f.tags, diags);
}

/// LF0314: the tags `what` (`function `f``, `bucket `b``) carries, its own
/// and the stack's, and each of its own.
pub(super) fn own_tags(stack: &Stack, what: &str, decl_span: Span, tags: &Tags, diags: &mut Diagnostics) {
    let tag_count = tags.len() + stack.tags.keys().filter(|k| !tags.contains_key(*k)).count();
    if tag_count > limits::TAGS_MAX {
        diags.push(
            Diagnostic::error(
                Code::TextLimit,
                decl_span,
                format!(
                    "{what} would carry {tag_count} tags; the maximum is {}",
                    limits::TAGS_MAX
                ),
            )
            .with_help("remove tags"),
        );
    }
    for (k, v) in tags {
        if !tag_ok(k, &v.value) {
            diags.push(
                Diagnostic::error(Code::TextLimit, v.span, format!("tag `{k}` is not allowed")).with_help(TAG_HELP),
            );
        }
    }
}
