//! Reads the main file and every file it imports, parsing each once.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::syntax::{self, ast};

/// An I/O failure on the main file (imports are diagnostics instead).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct LoadError {
    /// The path that failed.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Every file of a stack, parsed.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The text of every file read.
    pub sources: SourceMap,
    /// The parsed files, by id (same order as `sources`).
    pub files: Vec<(FileId, ast::File)>,
}

/// Where a file's text comes from: the disk, or an editor's buffer.
pub trait FileReader {
    /// Reads the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// Reads from the file system.
pub struct DiskReader;

impl FileReader for DiskReader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes).map_err(|e| {
            // Say where the text stops being UTF-8, as a reader would look for it.
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(good.rsplit(|b| *b == b'\n').next().unwrap_or(good))
                .chars()
                .count()
                + 1;
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text: invalid byte at line {line}, column {column}"),
            )
        })
    }
}

/// Reads from memory: editor buffers, tests and fuzzers.
#[derive(Debug, Clone, Default)]
pub struct MemoryReader {
    /// File texts by path.
    pub files: std::collections::BTreeMap<PathBuf, String>,
}

impl FileReader for MemoryReader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

/// Reads `main` (shown to users as `display`) and its imports, depth first.
pub fn load(main: &Path, display: &str, reader: &dyn FileReader, diags: &mut Diagnostics) -> Result<Loaded, LoadError> {
    let text = reader.read(main).map_err(|source| LoadError {
        path: main.to_path_buf(),
        source,
    })?;
    let mut loaded = Loaded::default();
    let id = loaded
        .sources
        .add(SourceFile::new(normalize(main), display.to_string(), text));
    let mut chain = vec![(id, None::<Span>)];
    read_file(&mut loaded, id, reader, &mut chain, diags);
    Ok(loaded)
}

fn read_file(
    loaded: &mut Loaded,
    id: FileId,
    reader: &dyn FileReader,
    chain: &mut Vec<(FileId, Option<Span>)>,
    diags: &mut Diagnostics,
) {
    let file = loaded.sources.get(id);
    let parsed = syntax::parse_file(id, &file.text, diags);
    let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let display_dir = Path::new(&file.display)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let imports: Vec<(String, Span)> = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            ast::Item::Import { path, .. } => match path.as_plain() {
                Some(p) => Some((p, path.span)),
                None => {
                    diags.push(
                        Diagnostic::error(Code::NotConstant, path.span, "an import path cannot interpolate")
                            .with_help("write the path in full: imports are read before variables are known"),
                    );
                    None
                }
            },
            ast::Item::Var { .. } | ast::Item::Output { .. } | ast::Item::Decl(_) => None,
        })
        .collect();
    loaded.files.push((id, parsed));
    for (rel, span) in imports {
        let path = normalize(&dir.join(&rel));
        if let Some(pos) = chain.iter().position(|(f, _)| loaded.sources.get(*f).path == path) {
            let mut d = Diagnostic::error(
                Code::ImportCycle,
                span,
                format!("`{rel}` imports itself through the chain of imports"),
            )
            .with_help("remove one of the imports on the chain; a file may be imported from several files, but not from itself");
            for (_, site) in chain.iter().skip(pos + 1) {
                if let Some(site) = site {
                    d = d.with_label(*site, "imported here");
                }
            }
            diags.push(d);
            continue;
        }
        if loaded.sources.find(&path).is_some() {
            continue;
        }
        match reader.read(&path) {
            Ok(text) => {
                let display = normalize(&display_dir.join(&rel)).to_string_lossy().replace('\\', "/");
                let new_id = loaded.sources.add(SourceFile::new(path, display, text));
                chain.push((new_id, Some(span)));
                read_file(loaded, new_id, reader, chain, diags);
                chain.pop();
            }
            Err(e) => diags.push(
                Diagnostic::error(Code::ImportNotFound, span, format!("cannot read `{rel}`: {e}"))
                    .with_help("the path is relative to the file that imports it"),
            ),
        }
    }
}

/// Removes `.` and resolves `..` lexically, so one file has one path.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => match out.components().next_back() {
                Some(std::path::Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(std::path::Component::RootDir | std::path::Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    // A path that cancels out is the folder itself, not the empty path (which
    // names nothing the file system can open).
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn normalize_keeps_a_path_that_cancels_out_openable() {
        assert_eq!(normalize(Path::new("")), Path::new("."));
        assert_eq!(normalize(Path::new("./.")), Path::new("."));
        assert_eq!(normalize(Path::new("a/..")), Path::new("."));
        assert_eq!(normalize(Path::new("a/./b/../c")), Path::new("a/c"));
        assert_eq!(normalize(Path::new("../../x")), Path::new("../../x"));
        assert_eq!(normalize(Path::new("/..")), Path::new("/"));
    }
}
