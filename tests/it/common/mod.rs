//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../benches/common/mod.rs"]
pub mod bench_stack;
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

/// `lfc ARGS` in `cwd` as a user runs it, on the reference date and without colour.
pub fn lfc(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lfc"))
        .args(args)
        .current_dir(cwd)
        .env("LFC_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("lfc runs")
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

/// Compiles one in-memory file (no packaging), with `--var` overrides.
pub fn compile_text_with(src: &str, vars: &[(&str, &str)]) -> Output {
    let mut reader = lfc::model::load::MemoryReader::default();
    reader.files.insert(PathBuf::from("stack.lf"), src.to_string());
    let opts = Options {
        vars: vars.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect(),
        today: TODAY.into(),
        package: false,
    };
    compile(Path::new("stack.lf"), "stack.lf", &reader, &opts).expect("in memory")
}

/// Compiles one in-memory file (no packaging).
pub fn compile_text(src: &str) -> Output {
    compile_text_with(src, &[])
}

/// The diagnostic codes of an output, sorted.
pub fn codes(out: &Output) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// An external tool a test drives: the path in `env_var` when set, else
/// `venv_path` (relative to the crate root) when it exists. When neither is
/// there the test is skipped with a message under plain `cargo test`, and
/// fails under `tests/run`, which sets `LFC_REQUIRE_TOOLS=1`.
pub fn tool(env_var: &str, venv_path: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env_var) {
        return Some(PathBuf::from(p));
    }
    let venv = root().join(venv_path);
    if venv.exists() {
        return Some(venv);
    }
    let message = format!("{venv_path} not found (set {env_var}, or run `bash tests/run`, which installs it)");
    assert!(std::env::var_os("LFC_REQUIRE_TOOLS").is_none(), "{message}");
    eprintln!("skipped: {message}");
    None
}
