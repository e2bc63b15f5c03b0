//! lfc: a compiler from the `lf` language to plain AWS CloudFormation.
//!
//! The pipeline is [`syntax`] → [`model`] → [`check`] → [`graph`] → [`emit`];
//! beside it [`diagnostics`] renders problems and [`package`] zips code.
//! [`compile`] runs the whole pipeline; the command line, the tests and the
//! fuzzers all call it. [`compile_split`] does the same and then [`split`]s
//! the template into nested stacks.

pub mod check;
pub mod cli;
pub mod data;
pub mod dates;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fmt;
pub mod graph;
pub mod lsp;
pub mod model;
pub mod package;
pub mod parallel;
pub mod source;
pub mod split;
pub mod syntax;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use model::load::{FileReader, LoadError};
use model::{CodeSource, DeclKind, Stack};
use source::SourceMap;

/// What a compilation needs besides the files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--var NAME=VALUE` overrides.
    pub vars: Vec<(String, String)>,
    /// Reference date for runtime lifecycles, `YYYY-MM-DD`.
    pub today: String,
    /// Zip code folders (for `build`); otherwise only their sizes are measured.
    pub package: bool,
}

/// Everything a compilation produced.
#[derive(Debug)]
pub struct Output {
    /// The text of every file read.
    pub sources: SourceMap,
    /// Every file's syntax tree, by id (the language server walks them).
    /// Empty from [`compile_split`], which frees them before emitting.
    pub syntax: Vec<(source::FileId, syntax::ast::File)>,
    /// The resolved stack.
    pub stack: Stack,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// The template, when the stack got as far as emitting one (no errors
    /// before template limits were checked). Check `diagnostics` before
    /// using it: `lfc build` writes nothing when there are errors.
    pub template: Option<emit::Template>,
    /// The template as canonical JSON text (computed once, for its size).
    pub template_json: Option<String>,
    /// The packaged code, by source path (only with `Options::package`).
    pub assets: BTreeMap<PathBuf, package::Asset>,
    /// The nested templates (only from [`compile_split`]; `template` is then
    /// the root that refers to them).
    pub nested: Vec<split::Nested>,
}

/// Compiles the stack whose main file is `main` (shown to users as `display`).
///
/// # Errors
/// Only when the main file cannot be read; every other problem is a diagnostic.
pub fn compile(main: &Path, display: &str, reader: &dyn FileReader, opts: &Options) -> Result<Output, LoadError> {
    compile_as(main, display, reader, opts, false)
}

/// As [`compile`], but the template is [`split`] into a root and nested
/// stacks (`lfc build --split`); template limits are checked on each.
/// The syntax trees are dropped before emitting (`Output::syntax` is
/// empty): the template of a large stack needs their memory.
///
/// # Errors
/// Only when the main file cannot be read; every other problem is a diagnostic.
pub fn compile_split(main: &Path, display: &str, reader: &dyn FileReader, opts: &Options) -> Result<Output, LoadError> {
    compile_as(main, display, reader, opts, true)
}

fn compile_as(
    main: &Path,
    display: &str,
    reader: &dyn FileReader,
    opts: &Options,
    split: bool,
) -> Result<Output, LoadError> {
    let (mut out, hashes) = front(main, display, reader, opts)?;
    if split {
        // Nothing after a split build walks the syntax trees; freed before
        // emitting, their memory holds the template instead (issue 11).
        out.syntax = Vec::new();
    }
    if !out.diagnostics.has_errors() {
        let diags = &mut out.diagnostics;
        let mut t = emit::emit(&out.stack, &hashes, diags);
        graph::order(&mut t, diags);
        // Limits of single resources, checked once on the template before
        // any split (a split moves resources, it does not change what they do).
        check::check_role_policies(&t, diags);
        check::workflow_definitions(&t, diags);
        if split {
            let s = split::split(t, display, &out.stack.name);
            for n in &s.nested {
                check::check_template(&n.template, n.json.len(), &n.sizes, true, diags);
            }
            let (json, sizes) = s.root.to_json_string_with_sizes();
            check::check_template(&s.root, json.len(), &sizes, true, diags);
            (out.template, out.template_json, out.nested) = (Some(s.root), Some(json), s.nested);
        } else {
            let (json, sizes) = t.to_json_string_with_sizes();
            check::check_template(&t, json.len(), &sizes, false, diags);
            out.template = Some(t);
            out.template_json = Some(json);
        }
    }
    Ok(out)
}

/// [`compile`] up to and including the checks of the stack, without
/// emitting the template: every diagnostic except those of the template
/// itself (its size and resource count, IAM policy sizes, dependency
/// cycles). The language server publishes these while the user types.
///
/// # Errors
/// Only when the main file cannot be read.
pub fn check_stack(main: &Path, display: &str, reader: &dyn FileReader, opts: &Options) -> Result<Output, LoadError> {
    front(main, display, reader, opts).map(|(out, _)| out)
}

/// Load, build, measure or package code, check: everything before emit.
fn front(
    main: &Path,
    display: &str,
    reader: &dyn FileReader,
    opts: &Options,
) -> Result<(Output, emit::AssetHashes), LoadError> {
    let mut diags = Diagnostics::default();
    let loaded = model::load::load(main, display, reader, &mut diags)?;
    let stack = model::build(
        &loaded,
        &model::BuildOptions {
            vars: opts.vars.clone(),
        },
        &mut diags,
    );

    let mut ctx = check::CheckContext {
        today: opts.today.clone(),
        code_sizes: BTreeMap::new(),
        code_errors: BTreeMap::new(),
    };
    let mut assets = BTreeMap::new();
    let mut hashes = emit::AssetHashes::new();
    for path in code_paths(&stack) {
        let packaged = if opts.package {
            package::package_path(&path).map(|asset| {
                ctx.code_sizes.insert(path.clone(), asset.unzipped_size);
                hashes.insert(path.clone(), asset.sha256.clone());
                assets.insert(path.clone(), asset);
            })
        } else {
            package::unzipped_size_of(&path).map(|size| {
                ctx.code_sizes.insert(path.clone(), size);
            })
        };
        if let Err(e) = packaged {
            // The reason without the path, which the diagnostic gives as written.
            let reason = std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string);
            ctx.code_errors.insert(path, reason);
        }
    }
    check::check(&stack, &ctx, &mut diags);
    let out = Output {
        sources: loaded.sources,
        syntax: loaded.files,
        stack,
        diagnostics: diags,
        template: None,
        template_json: None,
        assets,
        nested: Vec::new(),
    };
    Ok((out, hashes))
}

/// Every folder or `.zip` the stack's functions and layers ship.
fn code_paths(stack: &Stack) -> BTreeSet<PathBuf> {
    stack
        .decls
        .values()
        .filter_map(|d| match &d.kind {
            DeclKind::Function(f) => f.code.as_ref(),
            DeclKind::Layer(l) => l.code.as_ref(),
            // No other declaration carries code to package.
            DeclKind::Role(_)
            | DeclKind::Bucket(_)
            | DeclKind::Queue(_)
            | DeclKind::Topic(_)
            | DeclKind::Table(_)
            | DeclKind::Stream(_)
            | DeclKind::Api(_)
            | DeclKind::Workflow(_) => None,
        })
        .filter_map(|c| match &c.value {
            CodeSource::Path { path, .. } => Some(path.clone()),
            // Nothing local to package.
            CodeSource::Inline(_) | CodeSource::S3 { .. } | CodeSource::Image(_) => None,
        })
        .collect()
}
