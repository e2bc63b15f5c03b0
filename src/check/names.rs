//! Physical names (LF0216) and texts (LF0314): names set with `name = "…"`
//! against each service's rules, descriptions, and tags.
//!
//! Must not: resolve names (declared names and references are the model's
//! business, LF02xx) or emit.

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{DeclKind, Function, Queue, Spanned, Stack, Tags};
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

/// Whether a physical name is valid for a service.
type NameCheck = fn(&str) -> bool;

/// LF0216: a physical name set with `name = "…"` against the service's rules.
pub(super) fn physical_name(kind: &DeclKind, diags: &mut Diagnostics) {
    let (name, what, ok, rule): (Option<&Spanned<String>>, &str, NameCheck, &str) = match kind {
        DeclKind::Function(f) => (
            f.name.as_ref(),
            "function",
            |n| {
                !n.is_empty()
                    && n.len() <= limits::FUNCTION_NAME_MAX
                    && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            },
            "1 to 64 characters of letters, digits, `-` and `_`",
        ),
        DeclKind::Bucket(b) => (
            b.name.as_ref(),
            "bucket",
            |n| {
                (3..=63).contains(&n.len())
                    && n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                    && n.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && n.ends_with(|c: char| c.is_ascii_alphanumeric())
            },
            "3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit",
        ),
        DeclKind::Table(t) => (
            t.name.as_ref(),
            "table",
            |n| (3..=255).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "3 to 255 letters, digits, `_`, `.` and `-`",
        ),
        DeclKind::Topic(t) => (
            t.name.as_ref(),
            "topic",
            |n| {
                let base = n.strip_suffix(".fifo").unwrap_or(n);
                (1..=256).contains(&n.len())
                    && !base.is_empty()
                    && base.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
            },
            "1 to 256 letters, digits, `_` and `-` (a FIFO topic ends in `.fifo`)",
        ),
        DeclKind::Stream(st) => (
            st.name.as_ref(),
            "stream",
            |n| (1..=128).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "1 to 128 letters, digits, `_`, `.` and `-`",
        ),
        DeclKind::Layer(l) => (
            l.name.as_ref(),
            "layer",
            |n| (1..=140).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)),
            "1 to 140 letters, digits, `_` and `-`",
        ),
        DeclKind::Api(a) => (
            a.name.as_ref(),
            "api",
            |n| (1..=128).contains(&n.chars().count()),
            "1 to 128 characters",
        ),
        // Whether a queue name is valid depends on the queue being FIFO.
        DeclKind::Queue(q) => return queue_name(q, diags),
        DeclKind::Workflow(w) => (
            w.name.as_ref(),
            "workflow",
            |n| (1..=80).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)),
            "1 to 80 letters, digits, `_` and `-`",
        ),
        // A role's name is an IAM limit (LF0505, `iam.rs`).
        DeclKind::Role(_) => return,
    };
    if let Some(n) = name.filter(|n| !ok(&n.value)) {
        diags.push(
            Diagnostic::error(
                Code::PhysicalName,
                n.span,
                format!("`{}` is not a valid {what} name", n.value),
            )
            .with_help(format!("{what} names are {rule}")),
        );
    }
}

/// A queue's name: 1 to 80 characters, ending in `.fifo` exactly when the queue is FIFO.
fn queue_name(q: &Queue, diags: &mut Diagnostics) {
    let Some(n) = &q.name else { return };
    let base = n.value.strip_suffix(".fifo").unwrap_or(&n.value);
    let ok = !base.is_empty()
        && n.value.len() <= 80
        && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && (q.fifo == n.value.ends_with(".fifo"));
    if !ok {
        diags.push(
            Diagnostic::error(
                Code::PhysicalName,
                n.span,
                format!("`{}` is not a valid queue name", n.value),
            )
            .with_help("1 to 80 letters, digits, `-` and `_`; FIFO queue names end in `.fifo`"),
        );
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
