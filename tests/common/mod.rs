//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod iam;

use std::path::{Path, PathBuf};

use lfc::model::load::DiskReader;
use lfc::{compile, Options, Output};

/// The reference date every test compiles against, so lifecycle results never drift.
pub const TODAY: &str = "2026-11-27";

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `path` (packaging code) as `lfc build` would.
pub fn compile_path(path: &Path) -> Output {
    let display = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let opts = Options {
        vars: Vec::new(),
        today: TODAY.into(),
        package: true,
    };
    compile(path, &display, &DiskReader, &opts).expect("main file readable")
}

/// Every example's main file.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("stack.lf")))
        .filter(|p| p.exists())
        .collect();
    v.sort();
    v
}

/// `.lf` files in a fixture folder, sorted.
pub fn fixtures(folder: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(folder))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lf"))
        .collect();
    v.sort();
    v
}

/// Every input whose template the suite emits: examples and valid fixtures.
pub fn emitting_inputs() -> Vec<PathBuf> {
    let mut v = examples();
    v.extend(fixtures("valid"));
    v
}

/// Diagnostics as a terminal shows them, without colour.
pub fn render(output: &Output) -> String {
    lfc::diagnostics::render_human(&output.diagnostics, &output.sources, false)
}
