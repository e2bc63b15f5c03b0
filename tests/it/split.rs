//! Nested stacks (`lfc build --split`): the partition is stable when
//! functions come and go, every template stays within CloudFormation's
//! limits and passes cfn-lint, and values cross templates only through
//! parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::common::bench_stack::{stack, stack_of};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use lfc::model::load::MemoryReader;
use lfc::Output;
use serde_json::Value;

fn split_text(text: &str) -> Output {
    let mut reader = MemoryReader::default();
    reader.files.insert(PathBuf::from("stack.lf"), text.to_string());
    let opts = lfc::Options {
        vars: Vec::new(),
        today: common::TODAY.into(),
        package: false,
    };
    let out = lfc::compile_split(Path::new("stack.lf"), "stack.lf", &reader, &opts).unwrap();
    assert!(!out.diagnostics.has_errors(), "{}", common::render(&out));
    out
}

/// The nested stack of every resource.
fn stacks_of(out: &Output) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for n in &out.nested {
        for id in n.template.resources.keys() {
            assert!(m.insert(id.clone(), n.id.clone()).is_none(), "{id} is in two templates");
        }
    }
    m
}

#[test]
fn adding_functions_one_by_one_never_moves_a_resource() {
    let mut before = BTreeMap::new();
    for n in 1..=36 {
        let now = stacks_of(&split_text(&stack(n)));
        for (id, s) in &before {
            assert_eq!(now.get(id), Some(s), "{id} moved when function f{} was added", n - 1);
        }
        before = now;
    }
}

#[test]
fn removing_a_function_moves_no_other_resource() {
    let all = stacks_of(&split_text(&stack(36)));
    // f0 brings a notified bucket, f1 a route on the shared API, f3 a queue.
    for gone in [0, 1, 3, 20] {
        let fewer = stacks_of(&split_text(&stack_of((0..36).filter(|i| *i != gone), |_| 512)));
        assert!(fewer.len() < all.len());
        for (id, s) in &fewer {
            assert_eq!(all.get(id), Some(s), "{id} moved when f{gone} was removed");
        }
    }
}

/// Every logical ID a value refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("Ref") {
                out.insert(r.clone());
            }
            if let Some(Value::String(r)) = m.get("Fn::GetAtt").and_then(|a| a.get(0)) {
                out.insert(r.clone());
            }
            let (text, bound) = match m.get("Fn::Sub") {
                Some(Value::String(s)) => (s.as_str(), None),
                Some(Value::Array(a)) => (a[0].as_str().unwrap(), a[1].as_object()),
                _ => ("", None),
            };
            for var in text.split("${").skip(1).filter_map(|x| x.split_once('}')).map(|x| x.0) {
                let id = var.split('.').next().unwrap();
                if !var.starts_with('!') && !bound.is_some_and(|b| b.contains_key(id)) {
                    out.insert(id.to_string());
                }
            }
            m.values().for_each(|x| references(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

/// Limits of every template, references resolved within each template, and
/// every nested parameter given by the root.
fn assert_well_formed(out: &Output) {
    let root = out.template.as_ref().unwrap();
    assert!(root.resources.len() <= 500 && root.outputs.len() <= 200);
    assert_eq!(root.resources.len(), out.nested.len());
    for n in &out.nested {
        let t = &n.template;
        assert!(t.resources.len() <= 500, "{}: {} resources", n.id, t.resources.len());
        let json = n.json();
        assert_eq!(json.len(), n.len, "{}", n.id);
        assert!(n.len <= 1_000_000, "{}: {} bytes", n.id, n.len);
        assert!(t.parameters.len() <= 200 && t.outputs.len() <= 200, "{}", n.id);
        let doc: Value = serde_json::from_str(&json).unwrap();
        let mut refs = BTreeSet::new();
        references(&doc["Resources"], &mut refs);
        references(&doc["Outputs"], &mut refs);
        for r in &refs {
            assert!(
                r.starts_with("AWS::") || t.resources.contains_key(r) || t.parameters.contains_key(r),
                "{} refers to {r}, which is neither its resource nor its parameter",
                n.id
            );
            assert!(
                !["AWS::StackId", "AWS::StackName"].contains(&r.as_str()),
                "{}: {r}",
                n.id
            );
        }
        for dep in t.resources.values().flat_map(|r| r.thaw().depends_on) {
            assert!(t.resources.contains_key(&dep), "{}: DependsOn {dep} elsewhere", n.id);
        }
        let stack = root.resources[&n.id].properties();
        let given = stack.get("Parameters");
        let given: BTreeSet<&String> = given
            .and_then(Value::as_object)
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(given, t.parameters.keys().collect(), "{}", n.id);
        let url = stack["TemplateURL"]["Fn::Sub"].as_str().unwrap();
        assert!(url.starts_with("https://${LfcAssetsBucket}.s3.") && url.ends_with(&format!("/{}", n.key)));
    }
}

#[test]
fn the_10000_function_stack_splits_within_every_limit() {
    let out = split_text(&stack(10_000));
    let total: usize = out.nested.iter().map(|n| n.template.resources.len()).sum();
    assert!(total > 50_000, "{total}");
    assert_well_formed(&out);
}

fn lint(files: &[PathBuf]) {
    let Some(cfn_lint) = common::tool("CFN_LINT", ".venv/bin/cfn-lint") else {
        return;
    };
    let out = Command::new(cfn_lint)
        .args(["--format", "parseable"])
        .args(files)
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.lines().any(|l| l.contains(":E")), "cfn-lint errors:\n{report}");
    assert!(
        matches!(out.status.code(), Some(0 | 4 | 8)),
        "cfn-lint failed: {report}"
    );
}

/// Writes the root and nested templates of `out` into `dir` under `name`.
fn write_split(out: &Output, dir: &Path, name: &str) -> Vec<PathBuf> {
    let root = dir.join(format!("{name}.json"));
    std::fs::write(&root, out.template_json.as_ref().unwrap()).unwrap();
    let mut files = vec![root];
    for n in &out.nested {
        let f = dir.join(format!("{name}.{}.json", n.id));
        std::fs::write(&f, n.json()).unwrap();
        files.push(f);
    }
    files
}

#[test]
fn split_examples_fixtures_and_a_stack_past_500_resources_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for path in common::emitting_inputs() {
        let reader = lfc::model::load::DiskReader;
        let opts = lfc::Options {
            vars: Vec::new(),
            today: common::TODAY.into(),
            package: true,
        };
        let out = lfc::compile_split(&path, "stack.lf", &reader, &opts).unwrap();
        assert!(
            !out.diagnostics.has_errors(),
            "{}: {}",
            path.display(),
            common::render(&out)
        );
        assert_well_formed(&out);
        let name = path
            .strip_prefix(common::root())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        files.extend(write_split(&out, dir.path(), &name));
    }
    let big = split_text(&stack(100));
    assert!(big.nested.iter().map(|n| n.template.resources.len()).sum::<usize>() > 500);
    assert_well_formed(&big);
    files.extend(write_split(&big, dir.path(), "bench-100"));
    lint(&files);
}

#[test]
fn build_split_writes_nested_templates_at_their_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.lf"), stack(3)).unwrap();
    let run = |args: &[&str]| common::lfc(args, dir.path());
    let o = run(&["build", "--split", "stack.lf", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let root: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/bench.template.json")).unwrap()).unwrap();
    let stacks = root["Resources"].as_object().unwrap();
    assert!(!stacks.is_empty());
    for s in stacks.values() {
        assert_eq!(s["Type"], "AWS::CloudFormation::Stack");
        let url = s["Properties"]["TemplateURL"]["Fn::Sub"].as_str().unwrap();
        let key = &url[url.find("/assets/").unwrap() + 1..];
        let nested = std::fs::read_to_string(dir.path().join("out").join(key)).unwrap();
        assert!(nested.contains("AWSTemplateFormatVersion"));
    }
    rebuild_rewrites_only_nested_templates_that_differ(dir.path(), &run);
    let o = run(&["build", "--split", "stack.lf", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--split"));
}

/// A second build leaves the nested templates it finds with the right
/// bytes where they are (same file), and writes a damaged one again.
#[cfg(unix)]
fn rebuild_rewrites_only_nested_templates_that_differ(dir: &Path, run: &dyn Fn(&[&str]) -> std::process::Output) {
    use std::os::unix::fs::MetadataExt;
    let mut nested: Vec<_> = std::fs::read_dir(dir.join("out/assets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".template.json"))
        .collect();
    nested.sort();
    assert!(nested.len() > 1);
    let text = std::fs::read_to_string(&nested[0]).unwrap();
    std::fs::write(&nested[0], "damaged").unwrap();
    let inode = |p: &PathBuf| std::fs::metadata(p).unwrap().ino();
    let before: Vec<u64> = nested.iter().map(inode).collect();
    let o = run(&["build", "--split", "stack.lf", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&nested[0]).unwrap(), text);
    assert_ne!(inode(&nested[0]), before[0], "the damaged template is written again");
    let after: Vec<u64> = nested.iter().map(inode).collect();
    assert_eq!(after[1..], before[1..], "the others are not written again");
}

#[cfg(not(unix))]
fn rebuild_rewrites_only_nested_templates_that_differ(_: &Path, _: &dyn Fn(&[&str]) -> std::process::Output) {}

#[test]
fn lf0601_suggests_split_only_without_it() {
    let single = common::compile_text(&stack(100));
    let help = |out: &Output| {
        out.diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "LF0601")
            .filter_map(|d| d.help.clone())
            .collect::<String>()
    };
    assert!(
        help(&single).contains("lfc build --split"),
        "{}",
        common::render(&single)
    );
    assert!(split_text(&stack(100))
        .diagnostics
        .iter()
        .all(|d| d.code.as_str() != "LF0601"));
}
