//! From a resource's `lfc:source` metadata (`stack.lf#function.resize.on.s3`)
//! back to the declaration and its file:line, when the input was an `.lf`
//! stack.
//!
//! Must not: read files; it indexes a compilation's source map.

use std::collections::HashMap;

use super::Location;

/// Declarations of a compiled stack by `lfc:source` prefix (`file#kind.name`).
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    decls: HashMap<String, Location>,
}

impl SourceIndex {
    /// Indexes every declaration of a compilation.
    pub fn from_output(output: &crate::Output) -> Self {
        let decls = output
            .stack
            .decls
            .values()
            .map(|d| {
                let file = output.sources.get(d.name_span.file);
                let keyword = d.kind.kind().keyword();
                let loc = Location {
                    declaration: format!("{keyword} {}", d.name),
                    file: file.display.clone(),
                    line: file.line_col(d.name_span.start).line,
                };
                (format!("{}#{keyword}.{}", d.file, d.name), loc)
            })
            .collect();
        SourceIndex { decls }
    }

    /// The declaration an `lfc:source` value points into.
    pub fn locate(&self, source: &str) -> Option<Location> {
        let (file, path) = source.split_once('#')?;
        let mut parts = path.splitn(3, '.');
        let (kind, name) = (parts.next()?, parts.next()?);
        self.decls.get(&format!("{file}#{kind}.{name}")).cloned()
    }
}
