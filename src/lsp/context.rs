//! Which blocks are open at a point of a buffer, read from its text (the
//! buffer may not parse while being typed): each block's header — the words
//! before its `{` (`workflow flow`, `steps`, `fetch`, `on schedule "…"`) —
//! outermost first. Strings and comments are skipped; a block inside a list
//! (`catch = [{ … }, { … }]`) takes the list's header.
//!
//! Comments and strings end where [`crate::syntax::lex`] says, by the
//! rules [`crate::syntax::split`] skips them with too (an unclosed `"…"`
//! ends at its line, as in the grammar). The rest is this module's own: the
//! syntax has no scanner of open blocks to reuse — `split` only counts
//! bracket depth between top-level items, and the hand-written reader
//! (`syntax::fast`) and pest need a whole item and give up on a half-typed
//! one. Tracking headers here costs one pass over the bytes before the
//! cursor: about 0.5 ms for the 142 KB before function 500 of the
//! 1000-function bench stack (a quarter less than the char-by-char scan it
//! replaced, same results; `cargo bench --bench lsp` has the row).
//!
//! Must not: judge the text; unbalanced braces just leave blocks open.

use crate::syntax::lex;

/// A block opened at byte `at`, with its header; the blocks around it are
/// reached through `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// The offset of its `{`.
    pub at: usize,
    /// The offset of the `{` of the block around it (lists skipped).
    pub parent: Option<usize>,
    /// Its header (`steps`, `charge`, `on sqs orders`…).
    pub header: String,
}

/// What a scan ends with.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every block opened, in order.
    pub opened: Vec<Open>,
    /// The headers of the blocks open at the end, outermost first.
    pub open: Vec<String>,
    /// The text of the statement being written at the end (since the last
    /// `{`, `}`, `,` or line break), strings shortened to `""`.
    pub statement: String,
    /// True when the text ends inside a comment.
    pub in_comment: bool,
    /// The offset of the `{` of the innermost block open at the end.
    pub innermost: Option<usize>,
}

/// Scans `text`.
pub fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut s = Scan::default();
    // Open `{` and `[`, with their headers.
    let mut stack: Vec<(u8, String, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'#' => {
                i = lex::comment_end(b, i);
                s.in_comment = i == b.len();
                continue;
            }
            b'"' => {
                i = lex::string_end(text, i);
                s.statement.push_str("\"\"");
                continue;
            }
            b'{' | b'[' => {
                let mut header = s.statement.trim().trim_end_matches(['=', '[']).trim().to_string();
                if header.is_empty() {
                    if let Some((_, h, _)) = stack.last().filter(|(k, _, _)| *k == b'[') {
                        header.clone_from(h);
                    }
                }
                let parent = innermost(&stack);
                if c == b'{' {
                    s.opened.push(Open {
                        at: i,
                        parent,
                        header: header.clone(),
                    });
                }
                stack.push((c, header, i));
                s.statement.clear();
            }
            b'}' | b']' => {
                stack.pop();
                s.statement.clear();
            }
            b'\n' | b',' => s.statement.clear(),
            _ => {
                // A run of other characters (each of the bytes above is
                // ASCII, so the run ends on a character boundary).
                let end = b[i..]
                    .iter()
                    .position(|c| matches!(c, b'#' | b'"' | b'{' | b'[' | b'}' | b']' | b'\n' | b','))
                    .map_or(b.len(), |p| i + p);
                s.statement.push_str(&text[i..end]);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    s.open = blocks(&stack);
    s.innermost = innermost(&stack);
    s
}

/// The offset of the innermost `{` of `stack`.
fn innermost(stack: &[(u8, String, usize)]) -> Option<usize> {
    stack.iter().rev().find(|(c, _, _)| *c == b'{').map(|(_, _, at)| *at)
}

fn blocks(stack: &[(u8, String, usize)]) -> Vec<String> {
    stack
        .iter()
        .filter(|(c, _, _)| *c == b'{')
        .map(|(_, h, _)| h.clone())
        .collect()
}

/// The keys written directly in the block whose `{` is at byte `open`
/// (not in blocks inside it), up to its `}` or the end of the text, with
/// their offsets.
pub fn written_keys(text: &str, open: usize) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut start = true;
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'#' => {
                i = lex::comment_end(b, i);
                continue;
            }
            b'"' => {
                i = lex::string_end(text, i);
                start = false;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => break,
            b'}' | b']' => depth -= 1,
            b'\n' | b',' => start = true,
            c if c.is_ascii_whitespace() => {}
            c if !c.is_ascii() => {
                // Not a key's first character; white space all the same.
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !ch.is_whitespace() {
                    start = false;
                }
                i += ch.len_utf8();
                continue;
            }
            _ if start && depth == 0 => {
                let word = text[i..]
                    .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .next()
                    .unwrap_or("");
                if !word.is_empty()
                    && text[i + word.len()..]
                        .trim_start_matches([' ', '\t'])
                        .starts_with(['=', '{'])
                {
                    keys.push((i, word));
                }
                start = false;
            }
            _ => start = false,
        }
        i += 1;
    }
    keys
}

/// The words of a header, `=` and `[` dropped.
pub fn words(header: &str) -> Vec<&str> {
    header
        .split_whitespace()
        .map(|w| w.trim_end_matches(['=', '[']))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The names of the steps a `next`, `otherwise` or `start` written in
/// the block whose `{` is at byte `at` may name: the steps of the `steps`
/// block around it (`next`, `otherwise`: the block `at` is a step, or a
/// `catch` or `choice` rule inside one), or for `start`, of the `steps`
/// block directly inside it (a workflow, a `parallel` branch, a `map`
/// step). Steps of other blocks — branches, maps, the scope around — are
/// not reachable from there.
pub fn step_names(scan: &Scan, at: usize, start: bool) -> Vec<String> {
    let steps = if start {
        scan.opened.iter().find(|o| o.parent == Some(at) && is_steps(scan, o))
    } else {
        let mut block = opened_at(scan, at);
        while let Some(o) = block.filter(|o| !is_steps(scan, o)) {
            block = o.parent.and_then(|p| opened_at(scan, p));
        }
        block
    };
    let Some(steps) = steps else {
        return Vec::new();
    };
    scan.opened
        .iter()
        .filter(|o| o.parent == Some(steps.at))
        .filter_map(|o| own_word(o).map(str::to_string))
        .collect()
}

/// The block whose `{` is at byte `at`.
fn opened_at(scan: &Scan, at: usize) -> Option<&Open> {
    let i = scan.opened.binary_search_by_key(&at, |o| o.at).ok()?;
    scan.opened.get(i)
}

/// True for a `steps { … }` block (not a step named `steps` inside one):
/// in a run of blocks headed `steps`, each inside the last, the outermost is
/// a steps block, the next a step, and so on. Walked up, not recursed: the
/// run may be as deep as the text.
fn is_steps(scan: &Scan, o: &Open) -> bool {
    let mut run = 0usize;
    let mut block = Some(o);
    while let Some(b) = block.filter(|b| own_word(b) == Some("steps")) {
        run += 1;
        block = b.parent.and_then(|p| opened_at(scan, p));
    }
    run % 2 == 1
}

/// The first word of a block's own header.
fn own_word(o: &Open) -> Option<&str> {
    words(&o.header).first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_one_pass_and_no_recursion() {
        // Each block kept a copy of every header around it (quadratic), and
        // `is_steps` recursed once per level (a stack overflow at this depth).
        let text = "steps {\n".repeat(100_000);
        let scan = scan(&text);
        assert_eq!(scan.opened.len(), 100_000);
        let n = scan.opened.len();
        // A run of blocks headed `steps`: steps block, step, steps block, …
        assert!(is_steps(&scan, &scan.opened[0]));
        assert!(!is_steps(&scan, &scan.opened[n - 1]));
        assert!(is_steps(&scan, &scan.opened[n - 2]));
    }

    #[test]
    fn headers_skip_strings_comments_and_closed_blocks() {
        let text = "workflow w {\n  steps {\n    a { invoke = f } # { not a block\n    b { catch = [{ next = a }, { errors = [\"x{\"], ";
        let s = scan(text);
        assert_eq!(s.open, ["workflow w", "steps", "b", "catch"]);
        assert_eq!(step_names(&s, s.innermost.unwrap_or(0), false), ["a", "b"]);
        let s = scan("function f {\n  on schedule \"cron(0 8,20 * * ? *)\" {\n    ");
        assert_eq!(s.open, ["function f", "on schedule \"\""]);
        let s = scan("function f {\n  code = inline \"\"\"\n}{\n\"\"\"\n  ");
        assert_eq!(s.open, ["function f"]);
        assert!(scan("queue q {\n  # retry ").in_comment);
        let text = "w {\n  s { invoke = f, retry { attempts = 1 }\n    # end = true\n    next = \"a\", ";
        let s = scan(text);
        let keys: Vec<&str> = written_keys(text, s.innermost.unwrap_or(0))
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert_eq!(keys, ["invoke", "retry", "next"]);
        let s = scan("queue q {\n  name = \"a,b\", dead_letter = ");
        assert_eq!(s.statement.trim(), "dead_letter =");
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line_as_in_the_grammar() {
        for text in [
            "queue q {\n  name = \"half\n  dead",
            "queue q {\n  name = \"half\\\n  dead",
        ] {
            let s = scan(text);
            assert_eq!(
                (s.open.as_slice(), s.statement.trim()),
                (&["queue q".to_string()][..], "dead")
            );
            let keys: Vec<&str> = written_keys(text, 8).into_iter().map(|(_, k)| k).collect();
            assert_eq!(keys, ["name"]);
        }
        let text = "w {\n  s {\u{a0}invoke = f,\u{a0}é = 1, next = e }";
        let keys: Vec<&str> = written_keys(text, text.rfind('{').unwrap_or(0))
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert_eq!(keys, ["invoke", "next"], "non-ASCII white space and letters");
    }

    /// The offset of the last `{` of `needle` in `text`.
    fn brace(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap_or(0) + needle.rfind('{').unwrap_or(0)
    }

    #[test]
    fn step_names_are_those_of_the_same_steps_block() {
        let text = "workflow w {\n  start = a\n  steps {\n    a { parallel = [\n      { steps { p1 { next = p2 }, p2 { pass = true } } },\n      { start = q, steps { q { pass = true } } },\n    ], next = m }\n    m { map = \"$.xs\", start = i, steps { i { catch { next = j } }, j { succeed = true }, steps { pass = true } }, next = b }\n    b { choice = [{ path = \"$.a\", equals = 1, next = a }], otherwise = m }\n  }\n}\n";
        let s = scan(text);
        let names = |needle: &str, start: bool| step_names(&s, brace(text, needle), start);
        // `next` in a step, in a `choice` rule, in a `catch`.
        assert_eq!(names("    a {", false), ["a", "m", "b"]);
        assert_eq!(names("b { choice = [{", false), ["a", "m", "b"]);
        assert_eq!(names("p1 {", false), ["p1", "p2"]);
        assert_eq!(names("catch {", false), ["i", "j", "steps"]);
        // `start` of the workflow, of a branch, of a map.
        assert_eq!(names("workflow w {", true), ["a", "m", "b"]);
        assert_eq!(names("      { start", true), ["q"]);
        assert_eq!(names("    m {", true), ["i", "j", "steps"]);
        // A step named `steps` is a step, not a block of steps.
        assert_eq!(names("steps { pass", false), ["i", "j", "steps"]);
        assert!(names("workflow w {", false).is_empty());
    }
}
