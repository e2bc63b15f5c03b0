//! Runs cfn-lint over every template the suite emits (examples and valid
//! fixtures) and fails on any error. cfn-lint comes from the virtualenv that
//! `tests/run` creates; set `CFN_LINT` to use another one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::process::Command;

#[test]
fn every_emitted_template_passes_cfn_lint() {
    let Some(cfn_lint) = common::tool("CFN_LINT", ".venv/bin/cfn-lint") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for path in common::emitting_inputs() {
        let out = common::compile_path(&path);
        let t = out
            .template
            .as_ref()
            .unwrap_or_else(|| panic!("{} does not build:\n{}", path.display(), common::render(&out)));
        let name = path
            .strip_prefix(common::root())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, t.to_json_string()).unwrap();
        files.push(file);
        // `--format yaml` carries the same document; lint that form too.
        let yaml = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&yaml, t.to_yaml_string()).unwrap();
        files.push(yaml);
    }
    assert!(files.len() >= 4);
    let out = Command::new(cfn_lint)
        .args(["--format", "parseable"])
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let errors: Vec<&str> = report.lines().filter(|l| l.contains(":E")).collect();
    assert!(errors.is_empty(), "cfn-lint errors:\n{report}");
    // Exit codes: 0 clean, 4 warnings, 8 informational; 2 (errors) and others fail.
    assert!(
        matches!(out.status.code(), Some(0 | 4 | 8)),
        "cfn-lint failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
