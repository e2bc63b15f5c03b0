//! Declared names: the reserved words, the shape of a valid name, and the
//! stack's name when no `stack` declaration gives one.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast;

use super::Builder;

/// Names no declaration may take.
pub const RESERVED: &[&str] = &[
    "import", "var", "output", "function", "layer", "role", "bucket", "queue", "topic", "table", "stream", "api",
    "workflow", "param", "on", "allow", "aws", "stack", "inline", "s3", "http", "true", "false",
];

/// The stack's name when no `stack` declaration gives one: the main file's
/// stem, lower-cased, `-` and every other character outside `[a-z0-9_]`
/// turned into `_` (runs folded, ends trimmed), so it is always a valid name.
pub(super) fn stack_name_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut name = String::new();
    for c in stem.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        if !(c == '_' && (name.is_empty() || name.ends_with('_'))) {
            name.push(c);
        }
    }
    let name = name.trim_end_matches('_');
    match name.chars().next() {
        None => "stack".to_string(),
        Some(c) if c.is_ascii_digit() => format!("stack_{name}"),
        Some(_) => name
            .chars()
            .take(64)
            .collect::<String>()
            .trim_end_matches('_')
            .to_string(),
    }
}

/// True for a name a declaration may take (reserved words aside): lower case
/// letters, digits and single `_`, starting with a letter, at most 64 long.
pub fn valid_name(t: &str) -> bool {
    t.len() <= 64
        && t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !t.contains("__")
        && !t.ends_with('_')
}

impl Builder<'_> {
    /// Checks a declared name; false when it cannot be used at all.
    pub(super) fn check_name(&mut self, name: &ast::Ident) -> bool {
        let t = &name.text;
        if RESERVED.contains(&t.as_str()) {
            self.diags.push(
                Diagnostic::error(
                    Code::ReservedName,
                    name.span,
                    format!("`{t}` is a reserved word and cannot name a declaration"),
                )
                .with_help(format!("choose another name, such as `{t}_1` or `my_{t}`")),
            );
            return false;
        }
        if !valid_name(t) {
            // `ResizeImage` → `resize_image`, `my-queue` → `my_queue`.
            let mut fixed = String::new();
            for (i, c) in t.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    fixed.push('_');
                }
                fixed.push(if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                });
            }
            while fixed.contains("__") {
                fixed = fixed.replace("__", "_");
            }
            let fixed = fixed.trim_matches('_').trim_start_matches(|c: char| c.is_ascii_digit());
            let fixed: String = fixed.chars().take(64).collect();
            self.diags.push(
                Diagnostic::error(Code::InvalidName, name.span, format!("`{t}` is not a valid name"))
                    .with_help(format!(
                        "names are lower case letters, digits and single `_`, start with a letter, at most 64 characters: try `{}`",
                        if fixed.is_empty() { "name" } else { fixed.as_str() }
                    )),
            );
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::stack_name_from_file;
    use std::path::Path;

    #[test]
    fn file_stems_become_valid_stack_names() {
        assert_eq!(stack_name_from_file(Path::new("dir/My Stack.v2.lf")), "my_stack_v2");
        assert_eq!(stack_name_from_file(Path::new("image-api.lf")), "image_api");
        assert_eq!(stack_name_from_file(Path::new("Ünïcode.lf")), "n_code");
        assert_eq!(stack_name_from_file(Path::new("2024.lf")), "stack_2024");
        assert_eq!(stack_name_from_file(Path::new("---.lf")), "stack");
    }
}
