//! The server's state: the buffers the editor has open and, for each stack
//! they belong to, the last compilation and its name index.
//!
//! A stack is named by its main file: the file no other file of the folder
//! imports. Only the stack containing a changed file is re-checked; buffers
//! are read from memory, other files from disk, through the compiler's
//! [`FileReader`].
//!
//! Must not: speak the protocol (that is [`super::server`]) or compile
//! anything but through [`crate::compile`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::Url;

use super::index::Index;
use super::position::LineIndex;
use crate::model::load::{normalize, DiskReader, FileReader};
use crate::source::{FileId, SourceFile};
use crate::syntax::ast::Item;
use crate::syntax::ItemCache;
use crate::{check_stack, compile, Options, Output};

/// A buffer the editor has open.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its text, as the editor has it now.
    pub text: String,
    /// Its line index.
    pub lines: LineIndex,
    /// The editor's version number of this text.
    pub version: i32,
}

impl Document {
    /// A buffer holding `text` at `version`.
    pub fn new(text: String, version: i32) -> Self {
        let lines = LineIndex::new(&text);
        Document { text, lines, version }
    }
}

/// One stack as last checked.
#[derive(Debug)]
pub struct Analysis {
    /// What the compiler produced.
    pub output: Output,
    /// Every declared name and its uses.
    pub index: Index,
    /// A line index per file, by id.
    pub lines: Vec<LineIndex>,
    /// The files diagnostics were published for last time.
    pub published: BTreeSet<PathBuf>,
}

impl Analysis {
    /// The id of the file at `path`.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.output.sources.find(path)
    }

    /// The source file and line index with this id.
    pub fn source(&self, id: FileId) -> (&SourceFile, &LineIndex) {
        (self.output.sources.get(id), &self.lines[id.0 as usize])
    }
}

/// Everything the server knows.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Open buffers, by normalised path.
    pub docs: BTreeMap<PathBuf, Document>,
    /// Checked stacks, by main file.
    pub stacks: BTreeMap<PathBuf, Analysis>,
    /// The date lifecycle checks compare against.
    pub today: String,
    /// Each checked stack's parsed items, by main file: after an edit only
    /// the declarations whose text changed are parsed again.
    pub parsed: BTreeMap<PathBuf, ItemCache>,
}

/// Open buffers first, the disk for every other file.
struct Overlay<'a>(&'a BTreeMap<PathBuf, Document>);

impl FileReader for Overlay<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        match self.0.get(path) {
            Some(doc) => Ok(doc.text.clone()),
            None => DiskReader.read(path),
        }
    }
}

/// The normalised path of a `file:` URL.
pub fn path_of(url: &Url) -> Option<PathBuf> {
    url.to_file_path().ok().map(|p| normalize(&p))
}

/// The `file:` URL of a path.
pub fn url_of(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

impl Workspace {
    /// The main file of the stack `path` belongs to: a checked stack that
    /// already holds it, else a file of its folder that imports it (followed
    /// upwards), else `path` itself.
    pub fn main_of(&self, path: &Path) -> PathBuf {
        if let Some(main) = self.stacks.iter().find_map(|(m, a)| a.file(path).map(|_| m)) {
            return main.clone();
        }
        let mut current = path.to_path_buf();
        let mut seen = BTreeSet::from([current.clone()]);
        while let Some(importer) = self.importer_of(&current) {
            if !seen.insert(importer.clone()) {
                break;
            }
            current = importer;
        }
        current
    }

    /// A `.lf` file of `path`'s folder or the folder above that imports it.
    fn importer_of(&self, path: &Path) -> Option<PathBuf> {
        let dir = path.parent()?;
        let dirs = [Some(dir), dir.parent()];
        let mut candidates: Vec<PathBuf> = dirs
            .into_iter()
            .flatten()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| normalize(&e.path()))))
            .filter(|p| p.extension().is_some_and(|x| x == "lf") && p != path)
            .collect();
        candidates.extend(self.docs.keys().filter(|p| p.as_path() != path).cloned());
        candidates.sort();
        candidates.dedup();
        let name = path.file_name()?.to_string_lossy().into_owned();
        candidates.into_iter().find(|c| {
            let Ok(text) = Overlay(&self.docs).read(c) else {
                return false;
            };
            // Cheap test first: only a file naming ours can import it.
            if !text.contains(&name) {
                return false;
            }
            let mut sink = crate::diagnostics::Diagnostics::default();
            let parsed = crate::syntax::parse_file(FileId(0), &text, &mut sink);
            let from = c.parent().map(Path::to_path_buf).unwrap_or_default();
            parsed.items.iter().any(|item| match item {
                Item::Import { path: p, .. } => p.as_plain().is_some_and(|rel| normalize(&from.join(rel)) == path),
                Item::Var { .. } | Item::Output { .. } | Item::Decl(_) => false,
            })
        })
    }

    /// Checks the stack whose main file is `main` and keeps the result:
    /// with `full`, the whole compilation ([`compile`]); otherwise up to the
    /// stack's checks ([`check_stack`]), which is what keeps up with typing.
    /// Returns false when the main file cannot be read (the stack is dropped).
    pub fn check(&mut self, main: &Path, full: bool) -> bool {
        let opts = Options {
            vars: Vec::new(),
            today: self.today.clone(),
            package: false,
        };
        // Files are shown relative to the main file's folder, as `lfc check` run there shows them.
        let display = main
            .file_name()
            .map_or_else(|| main.to_string_lossy(), |n| n.to_string_lossy())
            .into_owned();
        let run = if full { compile } else { check_stack };
        let mut old = self.stacks.remove(main);
        let cache = self.parsed.entry(main.to_path_buf()).or_default();
        if let Some(old) = &mut old {
            cache.reclaim(&mut old.output.syntax);
        }
        let reader = Overlay(&self.docs);
        let Ok(mut output) = cache.scope(|| run(main, &display, &reader, &opts)) else {
            self.parsed.remove(main);
            return false;
        };
        // The template is not needed again; do not keep megabytes of it.
        output.template = None;
        output.template_json = None;
        let index = Index::build(&output);
        let lines = output.sources.files().map(|(_, f)| LineIndex::new(&f.text)).collect();
        let published = old
            .as_mut()
            .map(|a| std::mem::take(&mut a.published))
            .unwrap_or_default();
        // Freeing the last check's trees costs milliseconds on a large
        // stack; another thread does it so diagnostics go out first.
        std::thread::spawn(move || drop(old));
        self.stacks.insert(
            main.to_path_buf(),
            Analysis {
                output,
                index,
                lines,
                published,
            },
        );
        true
    }

    /// The checked stack holding `path`, and the file's id in it.
    pub fn analysis_of(&self, path: &Path) -> Option<(&Analysis, FileId)> {
        self.stacks.values().find_map(|a| a.file(path).map(|id| (a, id)))
    }
}

/// A cursor resolved against a checked stack.
pub struct Cursor<'a> {
    /// The stack.
    pub analysis: &'a Analysis,
    /// The file.
    pub file: FileId,
    /// The byte offset in it.
    pub offset: usize,
    /// The date lifecycles are judged against.
    pub today: &'a str,
}

impl Workspace {
    /// The checked stack, file and byte offset of an editor position.
    pub fn cursor(&self, at: &lsp_types::TextDocumentPositionParams) -> Option<Cursor<'_>> {
        let path = path_of(&at.text_document.uri)?;
        let (analysis, file) = self.analysis_of(&path)?;
        let (src, lines) = analysis.source(file);
        let offset = lines.offset(&src.text, at.position);
        Some(Cursor {
            analysis,
            file,
            offset,
            today: &self.today,
        })
    }
}

impl Cursor<'_> {
    /// A protocol location for a span of the stack.
    pub fn location(&self, span: crate::source::Span) -> Option<lsp_types::Location> {
        let (src, lines) = self.analysis.source(span.file);
        Some(lsp_types::Location::new(
            url_of(&src.path)?,
            lines.range(&src.text, span),
        ))
    }

    /// The text of the cursor's file.
    pub fn text(&self) -> &str {
        &self.analysis.output.sources.get(self.file).text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11: a 1000-function stack in eleven files; after an edit in one
    /// file, checking again parses only the declaration that changed, and
    /// gives what a cold check of the edited stack gives.
    #[test]
    fn an_edit_in_one_file_of_a_stack_parses_only_what_changed() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = normalize(dir.path());
        let part = |p: usize, timeout: u32| -> String {
            (0..100)
                .map(|i| {
                    format!(
                        "function f{p}_{i} {{\n  handler = \"index.handler\"\n  code = s3 {{ bucket = \"b\", key = \"f.zip\" }}\n  timeout = {timeout}s\n}}\n"
                    )
                })
                .collect()
        };
        let imports: String = (0..10).map(|p| format!("import \"part{p}.lf\"\n")).collect();
        let main = root.join("main.lf");
        let write = |path: &Path, text: &str| std::fs::write(path, text).expect("writable");
        write(
            &main,
            &format!("stack s {{\n  defaults {{ runtime = python3.13 }}\n}}\n{imports}"),
        );
        for p in 0..10 {
            write(&root.join(format!("part{p}.lf")), &part(p, 10));
        }
        let mut ws = Workspace {
            today: "2026-11-27".into(),
            ..Workspace::default()
        };
        assert!(ws.check(&main, false));
        assert_eq!(ws.parsed[&main].parsed(), 1011);
        let edited = part(3, 10).replacen("timeout = 10s", "timeout = 11s", 1);
        write(&root.join("part3.lf"), &edited);
        assert!(ws.check(&main, false));
        assert_eq!(ws.parsed[&main].parsed(), 1);
        let warm = &ws.stacks[&main].output;
        let mut cold = Workspace {
            today: "2026-11-27".into(),
            ..Workspace::default()
        };
        assert!(cold.check(&main, false));
        let cold = &cold.stacks[&main].output;
        assert_eq!(format!("{:?}", warm.syntax), format!("{:?}", cold.syntax));
        assert_eq!(format!("{:?}", warm.diagnostics), format!("{:?}", cold.diagnostics));
        assert_eq!(warm.stack.function("f3_0").map(|f| f.timeout.value), Some(11));
    }
}
