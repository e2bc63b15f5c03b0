//! Diagnostic fixtures: every file in `tests/fixtures/diagnostics/` is named
//! after the code it must produce (`LF0301_memory_over_max.lf`); its rendered
//! diagnostics are snapshot-tested. Every code has at least one fixture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;

use lfc::diagnostics::Code;

#[test]
fn fixture_diagnostics() {
    insta::glob!("../fixtures/diagnostics", "*.lf", |path| {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let code = &stem[..6];
        let out = common::compile_path(path);
        let codes: BTreeSet<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(code),
            "{stem} should report {code}, got {codes:?}:\n{}",
            common::render(&out)
        );
        for d in out.diagnostics.iter() {
            assert!(d.help.is_some(), "{stem}: {} has no help", d.code.as_str());
        }
        insta::assert_snapshot!(common::render(&out));
    });
}

#[test]
fn every_code_has_a_fixture() {
    let covered: BTreeSet<String> = common::fixtures("diagnostics")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy()[..6].to_string())
        .collect();
    // LF0211 comes only from a `--var` flag, which a file cannot carry:
    // tests/it/cli.rs `var_overrides_are_typed_and_unknown_ones_fail` covers it.
    // LF0801 comes only from a deployment: src/deploy/replay_tests.rs covers it.
    let from_the_command_line = ["LF0211", "LF0801"];
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

/// Runs Python's jsonschema (`python`) over `document` with the schema at `schema`.
fn validate_with_jsonschema(python: &std::path::Path, schema: &std::path::Path, document: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.json");
    std::fs::write(&doc, document).unwrap();
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  doc = json.load(open(sys.argv[2]))\n\
                  jsonschema.validators.validator_for(schema)(schema).validate(doc)\n";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(schema)
        .arg(&doc)
        .output()
        .expect("python from tests/run's .venv runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn sarif_output_of_every_fixture_is_valid_sarif_2_1_0() {
    let (Some(python), Some(schema)) = (
        common::tool("LFC_TEST_PYTHON", ".venv/bin/python"),
        common::tool("SARIF_SCHEMA", ".venv/sarif-2.1.0.json"),
    ) else {
        return;
    };
    // One document holding every fixture's run, so Python starts once.
    let mut runs = Vec::new();
    for path in common::fixtures("diagnostics") {
        let out = common::compile_path(&path);
        let sarif: serde_json::Value =
            serde_json::from_str(&lfc::diagnostics::render_sarif(&out.diagnostics, &out.sources)).unwrap();
        runs.extend(sarif["runs"].as_array().unwrap().iter().cloned());
    }
    // A run that could not read its file is a failed invocation.
    let failed = lfc::diagnostics::render_failure(lfc::diagnostics::MachineFormat::Sarif, "cannot read x.lf");
    let failed: serde_json::Value = serde_json::from_str(&failed).unwrap();
    assert_eq!(failed["runs"][0]["invocations"][0]["executionSuccessful"], false);
    runs.extend(failed["runs"].as_array().unwrap().iter().cloned());
    assert!(runs.len() > 90, "{} runs", runs.len());
    let all = serde_json::json!({ "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": runs });
    validate_with_jsonschema(&python, &schema, &all.to_string()).unwrap_or_else(|e| panic!("{e}"));
    // The schema really rejects broken logs: a result without its message fails.
    let broken = r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"lfc"}},"results":[{"ruleId":"LF0101"}]}]}"#;
    assert!(validate_with_jsonschema(&python, &schema, broken).is_err());
}

#[test]
fn github_annotations_escape_and_locate() {
    let path = common::root().join("tests/fixtures/diagnostics/LF0405_visibility_below_timeout.lf");
    let out = common::compile_path(&path);
    let text = lfc::diagnostics::render_github(&out.diagnostics, &out.sources);
    let line = text.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=tests/fixtures/diagnostics/LF0405_visibility_below_timeout.lf,line=2,col=35,"),
        "{line}"
    );
    assert!(line.contains("title=LF0405 queue visibility too short::"), "{line}");
    assert!(line.contains("%0Ahelp: "), "newlines are escaped: {line}");
}
