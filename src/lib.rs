//! lfc: a compiler from the `lf` language to plain AWS CloudFormation.
//!
//! The pipeline is [`syntax`] → [`model`] → [`check`] → [`graph`] → [`emit`];
//! beside it [`diagnostics`] renders problems and [`package`] zips code;
//! `deploy` (cargo feature `deploy`, on by default) talks to AWS.
//! [`compile`] runs the whole pipeline; the command line, the tests and the
//! fuzzers all call it.

pub mod check;
pub mod cli;
pub mod data;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod diagnostics;
pub mod emit;
pub mod graph;
pub mod model;
pub mod package;
pub mod source;
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
}

/// Compiles the stack whose main file is `main` (shown to users as `display`).
///
/// # Errors
/// Only when the main file cannot be read; every other problem is a diagnostic.
pub fn compile(main: &Path, display: &str, reader: &dyn FileReader, opts: &Options) -> Result<Output, LoadError> {
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

    let (mut template, mut template_json) = (None, None);
    if !diags.has_errors() {
        let mut t = emit::emit(&stack, &hashes, &mut diags);
        graph::order(&mut t, &mut diags);
        let json = t.to_json_string();
        check::check_template(&t, json.len(), &mut diags);
        check::check_role_policies(&t, &mut diags);
        template = Some(t);
        template_json = Some(json);
    }
    Ok(Output {
        sources: loaded.sources,
        stack,
        diagnostics: diags,
        template,
        template_json,
        assets,
    })
}

/// Every folder or `.zip` the stack's functions and layers ship.
fn code_paths(stack: &Stack) -> BTreeSet<PathBuf> {
    stack
        .decls
        .values()
        .filter_map(|d| match &d.kind {
            DeclKind::Function(f) => f.code.as_ref(),
            DeclKind::Layer(l) => l.code.as_ref(),
            _ => None,
        })
        .filter_map(|c| match &c.value {
            CodeSource::Path { path, .. } => Some(path.clone()),
            _ => None,
        })
        .collect()
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// `YYYY-MM-DD` of a day number counted from 1970-01-01.
pub fn date_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_round_trip() {
        for d in ["1970-01-01", "2000-02-29", "2026-11-27", "2099-12-31"] {
            assert_eq!(super::date_from_days(super::check::day_number(d)), d);
        }
    }
}
