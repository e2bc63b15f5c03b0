//! `--format json`: LANGUAGE.md §14's document, version 1.

use serde::Serialize;

use super::Diff;

#[derive(Serialize)]
struct Versioned<'a> {
    version: u32,
    #[serde(flatten)]
    diff: &'a Diff,
}

/// The diff as pretty-printed JSON with a final newline.
pub fn json(diff: &Diff) -> String {
    serde_json::to_string_pretty(&Versioned { version: 1, diff }).unwrap_or_default() + "\n"
}
