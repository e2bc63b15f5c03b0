//! Lines of a block (or of the file) before they are printed: entries,
//! comment lines and blank lines; the trivia between two entries is turned
//! into rows here, and rows are printed with `=` and trailing comments
//! aligned.
//!
//! Must not: look at the syntax tree; it only sees rendered text and the
//! trivia (comments and line breaks) of the source between two nodes.

/// Two spaces per nesting level.
pub(super) const INDENT: &str = "  ";

/// What the source holds between two nodes that the layout cares about.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Trivia {
    /// A line break.
    Newline,
    /// A `#` comment, without the line break and trailing white space.
    Comment(String),
}

/// The comments and line breaks of `src[from..to]`, a stretch between two
/// nodes of the tree: it holds only white space, punctuation (`=`, `,`,
/// brackets, keywords) and comments, so every `#` starts a comment.
pub(super) fn trivia(src: &str, from: usize, to: usize) -> Vec<Trivia> {
    let mut out = Vec::new();
    let Some(text) = src.get(from..to.min(src.len())) else {
        return out;
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Trivia::Newline);
                i += 1;
            }
            b'#' => {
                let end = text[i..].find('\n').map_or(text.len(), |p| i + p);
                out.push(Trivia::Comment(text[i..end].trim_end().to_string()));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// One entry (or top-level item) as printed.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    /// The key of a `KEY = value` entry, padded so that the `=` of
    /// neighbouring entries line up; `None` for every other entry.
    pub key: Option<String>,
    /// The value after `= ` when there is a key, else the whole entry. Lines
    /// after the first carry their own indentation.
    pub text: String,
    /// A comment on the same line as the end of the entry.
    pub trailing: Option<String>,
    /// A comma must follow the entry even on a line of its own, or the next
    /// entry would be read as part of it.
    pub comma: bool,
}

impl Line {
    /// The entry on one line, without alignment.
    pub fn plain(&self) -> String {
        match &self.key {
            Some(k) => format!("{k} = {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A line of a block or file.
#[derive(Debug, Clone)]
pub(super) enum Row {
    /// An empty line (runs of them collapse to one).
    Blank,
    /// A comment on its own line.
    Comment(String),
    /// An entry or item.
    Entry(Line),
}

/// Where a comment that follows an opening bracket on its line goes.
pub(super) enum Opener<'a> {
    /// The top of the file: there is no opening line.
    File,
    /// After the `{` or `[`.
    Bracket(&'a mut Option<String>),
}

/// Adds the trivia between two entries to `rows`. A comment before the first
/// line break trails the previous entry (or the opening bracket when `rows`
/// has no entry yet); other comments become comment rows; two or more line
/// breaks become one blank row, except at the start. `last` is true for the
/// trivia before the closing bracket or the end of the file, where no blank
/// row is kept after the last comment.
pub(super) fn place(trivia: Vec<Trivia>, rows: &mut Vec<Row>, opener: &mut Opener<'_>, last: bool) {
    let mut newlines = 0usize;
    let mut seen_newline = false;
    for t in trivia {
        match t {
            Trivia::Newline => {
                newlines += 1;
                seen_newline = true;
            }
            Trivia::Comment(c) => {
                let trails = !seen_newline
                    && match (rows.last_mut(), &mut *opener) {
                        (Some(Row::Entry(line)), _) if line.trailing.is_none() => {
                            line.trailing = Some(c.clone());
                            true
                        }
                        (None, Opener::Bracket(slot)) if slot.is_none() => {
                            **slot = Some(c.clone());
                            true
                        }
                        _ => false,
                    };
                if !trails {
                    if newlines >= 2 && !rows.is_empty() {
                        rows.push(Row::Blank);
                    }
                    rows.push(Row::Comment(c));
                }
                newlines = 0;
                seen_newline = true;
            }
        }
    }
    if newlines >= 2 && !last && !rows.is_empty() {
        rows.push(Row::Blank);
    }
}

/// Prints rows at nesting `depth`, each entry followed by `suffix` (`,` in a
/// list). Within a run of `KEY = value` entries not broken by a blank line or
/// another kind of entry, the `=` signs line up; within a run of one-line
/// entries not broken by a blank or comment line, trailing comments start in
/// one column, two spaces after the longest entry that carries one.
pub(super) fn print(rows: &[Row], depth: usize, suffix: &str) -> String {
    let indent = INDENT.repeat(depth);
    let key_widths = key_widths(rows);
    let codes: Vec<Option<String>> = rows
        .iter()
        .zip(&key_widths)
        .map(|(row, width)| match row {
            Row::Entry(line) => {
                let suffix = if line.comma { "," } else { suffix };
                Some(match &line.key {
                    Some(k) => format!("{k:<width$} = {}{suffix}", line.text),
                    None => format!("{}{suffix}", line.text),
                })
            }
            Row::Blank | Row::Comment(_) => None,
        })
        .collect();
    let comment_columns = comment_columns(rows, &codes);
    let mut out = String::new();
    for ((row, code), column) in rows.iter().zip(&codes).zip(&comment_columns) {
        match (row, code) {
            (Row::Blank, _) => out.push('\n'),
            (Row::Comment(c), _) => {
                out.push_str(&indent);
                out.push_str(c);
                out.push('\n');
            }
            (Row::Entry(line), Some(code)) => {
                out.push_str(&indent);
                out.push_str(code);
                if let Some(c) = &line.trailing {
                    let last_line_width = code.rsplit('\n').next().map_or(0, |l| l.chars().count());
                    let pad = column.map_or(2, |col| col.saturating_sub(last_line_width).max(2));
                    out.push_str(&" ".repeat(pad));
                    out.push_str(c);
                }
                out.push('\n');
            }
            (Row::Entry(_), None) => {}
        }
    }
    out
}

/// The width every key of a row's `=` run is padded to (0 for other rows).
fn key_widths(rows: &[Row]) -> Vec<usize> {
    let mut widths = vec![0; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        // A run: `KEY = value` entries, with comment lines between them.
        let mut end = start;
        let mut width = 0;
        while end < rows.len() {
            match &rows[end] {
                Row::Entry(Line { key: Some(k), .. }) => width = width.max(k.chars().count()),
                Row::Comment(_) => {}
                Row::Entry(Line { key: None, .. }) | Row::Blank => break,
            }
            end += 1;
        }
        for w in &mut widths[start..end] {
            *w = width;
        }
        start = end + 1;
    }
    widths
}

/// The column where each row's trailing comment starts, for one-line
/// entries in a run of them; `None` where the comment just follows the code.
fn comment_columns(rows: &[Row], codes: &[Option<String>]) -> Vec<Option<usize>> {
    let one_line = |i: usize| match (&rows[i], &codes[i]) {
        (Row::Entry(_), Some(code)) => !code.contains('\n'),
        (Row::Entry(_), None) | (Row::Blank | Row::Comment(_), _) => false,
    };
    let mut columns = vec![None; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let mut end = start;
        while end < rows.len() && one_line(end) {
            end += 1;
        }
        let column = (start..end)
            .filter(|&i| matches!(&rows[i], Row::Entry(l) if l.trailing.is_some()))
            .filter_map(|i| codes[i].as_ref().map(|c| c.chars().count() + 2))
            .max();
        for c in &mut columns[start..end] {
            *c = column;
        }
        start = end.max(start + 1);
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: Option<&str>, text: &str, trailing: Option<&str>) -> Row {
        Row::Entry(Line {
            key: key.map(str::to_string),
            text: text.to_string(),
            trailing: trailing.map(str::to_string),
            comma: false,
        })
    }

    #[test]
    fn trivia_finds_comments_and_line_breaks() {
        let src = " = # a  \r\n,\n#b";
        assert_eq!(
            trivia(src, 0, src.len()),
            [
                Trivia::Comment("# a".into()),
                Trivia::Newline,
                Trivia::Newline,
                Trivia::Comment("#b".into())
            ]
        );
    }

    #[test]
    fn equals_and_trailing_comments_line_up() {
        let rows = [
            entry(Some("a"), "1", Some("# one")),
            entry(Some("long_key"), "2", None),
            Row::Comment("# note".into()),
            entry(Some("b"), "333", Some("# three")),
            Row::Blank,
            entry(Some("c"), "4", None),
            entry(None, "allow read x", None),
        ];
        assert_eq!(
            print(&rows, 1, ""),
            "  a        = 1  # one\n  long_key = 2\n  # note\n  b        = 333  # three\n\n  c = 4\n  allow read x\n"
        );
    }
}
