//! Diagnostic fixtures: every file in `tests/fixtures/diagnostics/` is named
//! after the code it must produce (`LF0301_memory_over_max.lf`); its rendered
//! diagnostics are snapshot-tested. Every code has at least one fixture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use lfc::diagnostics::Code;

#[test]
fn each_fixture_reports_the_code_it_is_named_after() {
    for path in common::fixtures("diagnostics") {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let code = &stem[..6];
        let out = common::compile_path(&path);
        let codes: BTreeSet<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(code),
            "{stem} should report {code}, got {codes:?}:\n{}",
            common::render(&out)
        );
        for d in out.diagnostics.iter() {
            assert!(d.help.is_some(), "{stem}: {} has no help", d.code.as_str());
        }
        insta::assert_snapshot!(stem, common::render(&out));
    }
}

#[test]
fn every_code_has_a_fixture() {
    let covered: BTreeSet<String> = common::fixtures("diagnostics")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy()[..6].to_string())
        .collect();
    // LF0211 comes only from a `--var` flag, which a file cannot carry:
    // tests/cli.rs `var_overrides_are_typed_and_unknown_ones_fail` covers it.
    let from_the_command_line = ["LF0211"];
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c) && !from_the_command_line.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn json_rendering_follows_the_contract() {
    let path = common::root().join("tests/fixtures/diagnostics/LF0204_unknown_name.lf");
    let out = common::compile_path(&path);
    let json: serde_json::Value =
        serde_json::from_str(&lfc::diagnostics::render_json(&out.diagnostics, &out.sources)).unwrap();
    assert_eq!(json["version"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "LF0204");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "tests/fixtures/diagnostics/LF0204_unknown_name.lf");
    assert!(d["span"]["start"]["line"].as_u64().unwrap() >= 1);
    assert!(d["help"].as_str().unwrap().contains("did you mean"));
    assert_eq!(
        json["summary"]["errors"].as_u64().unwrap(),
        out.diagnostics.error_count() as u64
    );
}
