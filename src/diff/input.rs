//! The two sides of a diff: where a template comes from and how it is read.
//!
//! An [`Input`] is a file on disk (an `.lf` stack, compiled; or a JSON or
//! YAML template) or a file at a git revision (read through `git show`, no
//! checkout), or a template already read (a deployed stack's, `--stack
//! NAME`). Every input becomes a [`Doc`]; split stacks (an `.lf` compiled
//! with `split`, a root whose nested templates are files beside it, a
//! deployed root with its nested stacks' templates) become one through
//! [`super::nested::flatten`].
//!
//! Must not: compare anything; print anything.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::source_map::SourceIndex;
use crate::model::load::{normalize, DiskReader, FileReader};
use crate::Options;

/// One resource's JSON: kept as text when read from a JSON file (so
/// unchanged resources are compared as text and never parsed), parsed on
/// first use.
#[derive(Debug)]
pub struct Body {
    /// The file's text and this resource's byte range in it (shared, not copied).
    raw: Option<(Arc<String>, Range<usize>)>,
    parsed: OnceCell<Value>,
}

impl Body {
    /// A resource given as a value.
    pub fn from_value(v: Value) -> Self {
        Body {
            raw: None,
            parsed: OnceCell::from(v),
        }
    }

    /// The resource as JSON.
    pub fn value(&self) -> &Value {
        self.parsed.get_or_init(|| {
            self.raw_text()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or(Value::Null)
        })
    }

    /// True when both are the same JSON (text first, structure when the text differs).
    pub fn same_as(&self, other: &Body) -> bool {
        if let (Some(a), Some(b)) = (self.raw_text(), other.raw_text()) {
            if a == b {
                return true;
            }
        }
        self.value() == other.value()
    }

    /// False only when the resource's text cannot mention `id` (a fast
    /// filter before looking for references).
    pub fn may_mention(&self, id: &str) -> bool {
        self.raw_text().is_none_or(|r| r.contains(id))
    }

    /// The resource's JSON text, when it was read from a JSON file.
    fn raw_text(&self) -> Option<&str> {
        self.raw.as_ref().and_then(|(text, range)| text.get(range.clone()))
    }

    /// `Type`.
    pub fn kind(&self) -> &str {
        self.value().get("Type").and_then(Value::as_str).unwrap_or("")
    }

    /// `Properties` (`null` when absent).
    pub fn properties(&self) -> &Value {
        static EMPTY: Value = Value::Null;
        self.value().get("Properties").unwrap_or(&EMPTY)
    }

    /// `Metadata.lfc:source`.
    pub fn source(&self) -> Option<&str> {
        self.value().get("Metadata")?.get("lfc:source")?.as_str()
    }
}

/// A template read for diffing.
#[derive(Debug, Default)]
pub struct Doc {
    /// Resources by logical ID.
    pub resources: BTreeMap<String, Body>,
    /// `Parameters` by name.
    pub parameters: BTreeMap<String, Value>,
    /// `Outputs` by name.
    pub outputs: BTreeMap<String, Value>,
    /// Declarations and lines, when the input was an `.lf` stack.
    pub sources: SourceIndex,
    /// The nested stack (its logical ID in the root) of each resource that
    /// came from a nested template ([`super::nested::flatten`]); resources
    /// of the root are not listed.
    pub nested_in: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct JsonTemplate<'a> {
    #[serde(rename = "Resources", borrow)]
    resources: BTreeMap<String, &'a RawValue>,
    #[serde(rename = "Parameters", default)]
    parameters: BTreeMap<String, Value>,
    #[serde(rename = "Outputs", default)]
    outputs: BTreeMap<String, Value>,
}

impl Doc {
    /// Reads a template from JSON or YAML text (`name` is for messages).
    ///
    /// # Errors
    /// When the text is neither a JSON nor a YAML object with the sections' shapes.
    pub fn from_template_text(name: &str, text: String) -> Result<Doc, InputError> {
        let invalid = |reason: String| InputError::Invalid {
            name: name.to_string(),
            reason,
        };
        if text.trim_start().starts_with('{') {
            let shared = Arc::new(text);
            let t: JsonTemplate = serde_json::from_str(&shared).map_err(|e| invalid(e.to_string()))?;
            // Each resource is kept as its byte range in the shared text.
            let base = shared.as_ptr() as usize;
            let resources = t
                .resources
                .into_iter()
                .map(|(k, raw)| {
                    let start = raw.get().as_ptr() as usize - base;
                    let body = Body {
                        raw: Some((Arc::clone(&shared), start..start + raw.get().len())),
                        parsed: OnceCell::new(),
                    };
                    (k, body)
                })
                .collect();
            return Ok(Doc {
                resources,
                parameters: t.parameters,
                outputs: t.outputs,
                ..Doc::default()
            });
        }
        let value = super::yaml::parse(&text).map_err(invalid)?;
        Doc::from_value(value).map_err(invalid)
    }

    /// A template lfc emitted.
    pub fn from_emitted(template: &crate::emit::Template) -> Doc {
        Doc {
            resources: template
                .resources
                .iter()
                .map(|(id, r)| {
                    (
                        id.clone(),
                        Body::from_value(serde_json::from_str(r.text()).unwrap_or(Value::Null)),
                    )
                })
                .collect(),
            parameters: template.parameters.clone(),
            outputs: template.outputs.clone(),
            ..Doc::default()
        }
    }

    /// A template given as a JSON value.
    ///
    /// # Errors
    /// When it is not an object or a section is not an object.
    pub fn from_value(value: Value) -> Result<Doc, String> {
        let Value::Object(mut top) = value else {
            return Err("a template is an object with `Resources`".into());
        };
        if !top.contains_key("Resources") {
            return Err("it has no `Resources`".into());
        }
        let mut section = |key: &str| match top.remove(key) {
            None | Some(Value::Null) => Ok(BTreeMap::new()),
            Some(Value::Object(m)) => Ok(m.into_iter().collect::<BTreeMap<_, _>>()),
            Some(_) => Err(format!("`{key}` is not an object")),
        };
        Ok(Doc {
            resources: section("Resources")?
                .into_iter()
                .map(|(k, v)| (k, Body::from_value(v)))
                .collect(),
            parameters: section("Parameters")?,
            outputs: section("Outputs")?,
            ..Doc::default()
        })
    }
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file cannot be read.
    #[error("cannot read {name}: {source}")]
    Io {
        /// The file as given.
        name: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The text is not a template.
    #[error("{name} is not a CloudFormation template: {reason}")]
    Invalid {
        /// The file as given.
        name: String,
        /// Why.
        reason: String,
    },
    /// An `.lf` stack has errors and emits no template.
    #[error("{name} has errors; no template to compare")]
    Compile {
        /// The file as given.
        name: String,
        /// The compilation, for its diagnostics.
        output: Box<crate::Output>,
    },
    /// Git failed (not a repository, unknown revision).
    #[error("git: {0}")]
    Git(String),
}

/// Where one side of the diff comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file in the working tree: `.lf` (compiled) or a template.
    File(PathBuf),
    /// A file, and the files it imports, as they are at git revision `rev`.
    Git {
        /// Any revision git understands (`main`, `HEAD~1`, a hash).
        rev: String,
        /// The file, as in the working tree.
        path: PathBuf,
    },
    /// A template already read, such as a deployed stack's (`lfc diff
    /// --stack`, which fetches it through the deploy module).
    Template {
        /// How users name it: `stack orders (deployed)`.
        name: String,
        /// The template text (JSON or YAML).
        text: String,
        /// The templates of its nested stacks, by their logical IDs.
        nested: BTreeMap<String, String>,
    },
}

impl Input {
    /// The input as users name it: `stack.lf`, `main:stack.lf`.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.to_string_lossy().into_owned(),
            Input::Git { rev, path } => format!("{rev}:{}", path.to_string_lossy()),
            Input::Template { name, .. } => name.clone(),
        }
    }

    /// Reads (and for `.lf`, compiles; with `split`, as `lfc build
    /// --split` does) the input, nested templates included.
    ///
    /// # Errors
    /// I/O and git failures, text that is no template, a stack with errors.
    pub fn load(&self, opts: &Options, split: bool) -> Result<Doc, InputError> {
        match self {
            Input::File(path) => load_with(path, &self.display(), &DiskReader, opts, split),
            Input::Git { rev, path } => {
                let reader = GitReader::new(rev, path)?;
                load_with(path, &self.display(), &reader, opts, split)
            }
            Input::Template { name, text, nested } => {
                let root = Doc::from_template_text(name, text.clone())?;
                if nested.is_empty() {
                    return Ok(root);
                }
                let nested = nested
                    .iter()
                    .map(|(id, text)| {
                        Ok((
                            id.clone(),
                            Doc::from_template_text(&format!("{name} {id}"), text.clone())?,
                        ))
                    })
                    .collect::<Result<BTreeMap<_, _>, InputError>>()?;
                Ok(super::nested::flatten(root, nested))
            }
        }
    }
}

fn load_with(path: &Path, name: &str, reader: &dyn FileReader, opts: &Options, split: bool) -> Result<Doc, InputError> {
    if path.extension().is_some_and(|e| e == "lf") {
        let display = path.to_string_lossy();
        let compile = if split { crate::compile_split } else { crate::compile };
        let output = compile(path, &display, reader, opts).map_err(|e| InputError::Io {
            name: name.to_string(),
            source: e.source,
        })?;
        let Some(template) = output.template.as_ref() else {
            return Err(InputError::Compile {
                name: name.to_string(),
                output: Box::new(output),
            });
        };
        let root = Doc {
            sources: SourceIndex::from_output(&output),
            ..Doc::from_emitted(template)
        };
        let nested: BTreeMap<String, Doc> = output
            .nested
            .iter()
            .map(|n| (n.id.clone(), Doc::from_emitted(&n.template)))
            .collect();
        return Ok(if nested.is_empty() {
            root
        } else {
            super::nested::flatten(root, nested)
        });
    }
    let text = reader.read(path).map_err(|source| InputError::Io {
        name: name.to_string(),
        source,
    })?;
    with_nested(Doc::from_template_text(name, text)?, path, reader)
}

/// `root` read as one template with the nested templates its stacks name
/// that are files beside it (`assets/<sha256>.template.json` of `lfc build
/// --split -o DIR`, or a relative `TemplateURL`). A nested stack whose
/// template is not there is compared as the stack resource it is.
fn with_nested(root: Doc, path: &Path, reader: &dyn FileReader) -> Result<Doc, InputError> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut nested = BTreeMap::new();
    // The text test first: unchanged resources are never parsed otherwise.
    let stacks = root
        .resources
        .iter()
        .filter(|(_, body)| body.may_mention("AWS::CloudFormation::Stack"));
    for (id, body) in stacks {
        let Some(file) = super::nested::template_path(body).map(|rel| dir.join(rel)) else {
            continue;
        };
        if let Ok(text) = reader.read(&file) {
            nested.insert(id.clone(), Doc::from_template_text(&file.to_string_lossy(), text)?);
        }
    }
    Ok(if nested.is_empty() {
        root
    } else {
        super::nested::flatten(root, nested)
    })
}

/// Reads files as they are at a git revision, through `git show REV:PATH`.
struct GitReader {
    rev: String,
    toplevel: PathBuf,
    cwd: PathBuf,
}

impl GitReader {
    /// A reader for the repository holding `file`.
    fn new(rev: &str, file: &Path) -> Result<Self, InputError> {
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let toplevel = git(dir, &["rev-parse", "--show-toplevel"])?;
        git(dir, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|_| InputError::Git(format!("`{rev}` is not a revision of this repository")))?;
        let cwd = std::env::current_dir().map_err(|e| InputError::Git(e.to_string()))?;
        Ok(GitReader {
            rev: rev.to_string(),
            toplevel: PathBuf::from(toplevel.trim_end()),
            cwd,
        })
    }

    /// `path` relative to the repository's top folder, with `/`.
    fn repo_path(&self, path: &Path) -> Option<String> {
        let abs = normalize(&self.cwd.join(path));
        // Symlinked folders: the top folder git prints is the physical one.
        let physical = abs
            .parent()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .zip(abs.file_name())
            .map(|(p, f)| p.join(f));
        let rel = physical
            .as_deref()
            .and_then(|p| p.strip_prefix(&self.toplevel).ok())
            .or_else(|| abs.strip_prefix(&self.toplevel).ok())?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }
}

impl FileReader for GitReader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let rel = self
            .repo_path(path)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "outside the git repository"))?;
        git(&self.toplevel, &["show", &format!("{}:{rel}", self.rev)])
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::NotFound, format!("not at {}: {e}", self.rev)))
    }
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<String, InputError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| InputError::Git(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let msg = msg.trim().trim_start_matches("fatal: ");
        return Err(InputError::Git(msg.to_string()));
    }
    String::from_utf8(out.stdout).map_err(|_| InputError::Git("output is not UTF-8".into()))
}
