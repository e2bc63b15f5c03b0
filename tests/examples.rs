//! Every example and valid fixture builds without diagnostics, its template
//! matches the golden snapshot, and output is deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{compile_path, emitting_inputs, render};

#[test]
fn every_example_and_valid_fixture_builds_cleanly_and_matches_its_snapshot() {
    for path in emitting_inputs() {
        let out = compile_path(&path);
        assert!(out.diagnostics.is_empty(), "{}:\n{}", path.display(), render(&out));
        let template = out.template.as_ref().expect("template");
        let name = path
            .strip_prefix(common::root())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__")
            .trim_end_matches(".lf")
            .to_string();
        insta::assert_snapshot!(name, template.to_json_string());
    }
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

#[test]
fn declaration_order_never_changes_the_template() {
    for path in common::examples() {
        let original = compile_path(&path).template.unwrap().to_json_string();
        let dir = path.parent().unwrap();
        let shuffled = dir.join("shuffled.test.lf");
        std::fs::write(&shuffled, reversed(&std::fs::read_to_string(&path).unwrap())).unwrap();
        let out = compile_path(&shuffled);
        std::fs::remove_file(&shuffled).unwrap();
        let mut t = out.template.expect("shuffled stack builds");
        // The file name differs, and with it the source map; compare the rest.
        let text = t.to_json_string().replace("shuffled.test.lf#", "stack.lf#");
        t.description = None;
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
