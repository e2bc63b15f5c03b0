//! Every example and valid fixture builds without diagnostics, its template
//! matches the golden snapshot, and output is deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use lfc::model::load::{DiskReader, FileReader};

use crate::common::{self, compile_path, render};

/// Builds `path` without diagnostics and snapshots its template.
fn template_snapshot(path: &Path) {
    let out = compile_path(path);
    assert!(out.diagnostics.is_empty(), "{}:\n{}", path.display(), render(&out));
    insta::assert_snapshot!(out.template.as_ref().expect("template").to_json_string());
}

#[test]
fn example_templates() {
    insta::glob!("../../examples", "*/stack.lf", template_snapshot);
}

#[test]
fn valid_fixture_templates() {
    insta::glob!("../fixtures/valid", "*.lf", template_snapshot);
}

/// Reverses the order of top-level declarations of a file (comments stay
/// with the declaration they precede).
fn reversed(src: &str) -> String {
    let chunks = lfc::syntax::split::split(src);
    chunks
        .iter()
        .rev()
        .map(|(a, b)| format!("{}\n", &src[*a..*b]))
        .collect()
}

/// Serves one file's text from memory and every other file from disk, so a
/// test can change an example without writing into `examples/`.
struct OneFileChanged {
    path: PathBuf,
    text: String,
}

impl FileReader for OneFileChanged {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            DiskReader.read(path)
        }
    }
}

#[test]
fn declaration_order_never_changes_the_template() {
    for path in common::examples() {
        let original = compile_path(&path).template.unwrap().to_json_string();
        let reader = OneFileChanged {
            path: path.clone(),
            text: reversed(&std::fs::read_to_string(&path).unwrap()),
        };
        let opts = lfc::Options {
            vars: Vec::new(),
            today: common::TODAY.into(),
            package: true,
        };
        let display = path
            .strip_prefix(common::root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let out = lfc::compile(&path, &display, &reader, &opts).unwrap();
        assert!(out.diagnostics.is_empty(), "{}", render(&out));
        let text = out.template.expect("reversed stack builds").to_json_string();
        assert_eq!(text, original, "{}", path.display());
    }
}
#[test]
fn two_builds_give_identical_templates_and_assets() {
    for path in common::examples() {
        let a = compile_path(&path);
        let b = compile_path(&path);
        assert_eq!(
            a.template.unwrap().to_json_string(),
            b.template.unwrap().to_json_string()
        );
        assert!(!a.assets.is_empty(), "{} ships code", path.display());
        for (p, asset) in &a.assets {
            assert_eq!(asset.bytes, b.assets[p].bytes, "{}", p.display());
        }
    }
}
