//! Physical names (LF0216) and texts (LF0314): names set with `name = "…"`
//! against each service's rules (with deploy-time parts, as far as their
//! written text and shortest length tell; what such parts may be: LF0109,
//! LF0106), descriptions, and tags. `NameRule` also serves the names
//! other rules judge under their own codes (schedules, indexes, stages, roles).
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

/// The rules of one name AWS restricts: a physical name (LF0216, below), or
/// a schedule's, an index's, a stage's or a role's name (each under its own
/// rule's code).
pub(super) struct NameRule {
    /// The code a bad name is reported under.
    code: Code,
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
    /// The help shown with a bad name.
    help: &'static str,
}

impl NameRule {
    /// `len` characters of `chars`, reported under `code` as not a valid
    /// `what` name, with `help`.
    pub(super) const fn new(
        code: Code,
        what: &'static str,
        len: (usize, usize),
        chars: fn(char) -> bool,
        help: &'static str,
    ) -> Self {
        NameRule {
            code,
            what,
            len,
            chars,
            alnum_edges: false,
            fifo: None,
            help,
        }
    }

    /// A physical name's rule (LF0216).
    const fn physical(what: &'static str, len: (usize, usize), chars: fn(char) -> bool, help: &'static str) -> Self {
        NameRule::new(Code::PhysicalName, what, len, chars, help)
    }

    /// Reports `name`, text known at compile time, when it breaks the rule.
    pub(super) fn check(&self, name: Option<&Spanned<String>>, diags: &mut Diagnostics) {
        if let Some(n) = name.filter(|n| !fits(vec![Piece::Text(&n.value)], self)) {
            self.report(n.span, &n.value, diags);
        }
    }

    fn report(&self, span: Span, shown: &str, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(self.code, span, format!("`{shown}` is not a valid {} name", self.what))
                .with_help(self.help),
        );
    }
}

/// Letters, digits, `_` and `-`.
pub(super) fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-".contains(c)
}

/// Letters, digits, `_`, `.` and `-`.
pub(super) fn dotted(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-".contains(c)
}

const FUNCTION: NameRule = NameRule::physical(
    "function",
    (1, limits::FUNCTION_NAME_MAX),
    word,
    "function names are 1 to 64 characters of letters, digits, `-` and `_`",
);
const BUCKET: NameRule = NameRule {
    alnum_edges: true,
    ..NameRule::physical(
        "bucket",
        limits::BUCKET_NAME,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
        "bucket names are 3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit",
    )
};
const TABLE: NameRule = NameRule::physical(
    "table",
    limits::TABLE_NAME,
    dotted,
    "table names are 3 to 255 letters, digits, `_`, `.` and `-`",
);
const TOPIC: NameRule = NameRule {
    fifo: Some(None),
    ..NameRule::physical(
        "topic",
        limits::TOPIC_NAME,
        word,
        "topic names are 1 to 256 letters, digits, `_` and `-` (a FIFO topic ends in `.fifo`)",
    )
};
/// `fifo` is set by the queue's type.
const QUEUE: NameRule = NameRule::physical(
    "queue",
    limits::QUEUE_NAME,
    word,
    "queue names are 1 to 80 letters, digits, `-` and `_`; FIFO queue names end in `.fifo`",
);
const STREAM: NameRule = NameRule::physical(
    "stream",
    limits::KINESIS_STREAM_NAME,
    dotted,
    "stream names are 1 to 128 letters, digits, `_`, `.` and `-`",
);
const LAYER: NameRule = NameRule::physical(
    "layer",
    limits::LAYER_NAME,
    word,
    "layer names are 1 to 140 letters, digits, `_` and `-`",
);
const API: NameRule = NameRule::physical("api", limits::API_NAME, |_| true, "api names are 1 to 128 characters");
const WORKFLOW: NameRule = NameRule::physical(
    "workflow",
    (1, limits::STATE_MACHINE_NAME_MAX),
    word,
    "workflow names are 1 to 80 letters, digits, `_` and `-`",
);

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
    let (name, rule): (Option<&Spanned<Expr>>, NameRule) = match kind {
        DeclKind::Function(f) => (f.name.as_ref(), FUNCTION),
        DeclKind::Bucket(b) => (b.name.as_ref(), BUCKET),
        DeclKind::Table(t) => (t.name.as_ref(), TABLE),
        DeclKind::Topic(t) => (t.name.as_ref(), TOPIC),
        DeclKind::Queue(q) => (
            q.name.as_ref(),
            NameRule {
                fifo: Some(Some(q.fifo)),
                ..QUEUE
            },
        ),
        // These names take compile-time text only.
        DeclKind::Stream(st) => return STREAM.check(st.name.as_ref(), diags),
        DeclKind::Layer(l) => return LAYER.check(l.name.as_ref(), diags),
        DeclKind::Api(a) => return API.check(a.name.as_ref(), diags),
        DeclKind::Workflow(w) => return WORKFLOW.check(w.name.as_ref(), diags),
        // A role's name is an IAM limit (LF0505, `iam.rs`).
        DeclKind::Role(_) => return,
    };
    let Some(n) = name else { return };
    deploy_time_parts(stack, n, diags);
    if !fits(pieces(&n.value), &rule) {
        rule.report(n.span, &n.value.shape(), diags);
    }
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
