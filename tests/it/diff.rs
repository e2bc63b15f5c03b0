//! `lfc diff`: template pairs under `tests/fixtures/diff/<case>/` (base and
//! head as JSON, YAML or `.lf`) snapshotted in all three formats; `--base
//! REV` on a git repository built in the test; `--fail-on` exit codes; a
//! property test that a diff lists exactly the resources whose JSON
//! differs; and the rendered example in docs/diff.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lfc::diff::{self, render, Change, Doc, Input};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::common::{self, lfc};

fn opts() -> lfc::Options {
    lfc::Options {
        vars: Vec::new(),
        today: common::TODAY.into(),
        package: false,
    }
}

/// The file beside `head` that holds the base side.
fn base_of(head: &Path) -> PathBuf {
    let dir = head.parent().unwrap();
    if head.file_name().is_some_and(|f| f == "stack.lf") {
        return dir.parent().unwrap().join("base/stack.lf");
    }
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_stem().is_some_and(|s| s == "base"))
        .expect("a base file beside the head file")
}

/// A path relative to the crate root, as a user in it would type it.
fn relative(p: &Path) -> PathBuf {
    p.strip_prefix(common::root()).unwrap_or(p).to_path_buf()
}

fn load(p: &Path) -> Doc {
    Input::File(relative(p)).load(&opts(), false).unwrap()
}

fn diff_files(base: &Path, head: &Path) -> diff::Diff {
    diff::diff(&load(base), &load(head))
}

#[test]
fn fixture_pairs_in_every_format() {
    insta::glob!("../fixtures/diff", "*/head{.json,.yaml,/stack.lf}", |head| {
        let d = diff_files(&base_of(head), head);
        insta::assert_snapshot!("text", render::text(&d, false));
        insta::assert_snapshot!("markdown", render::markdown(&d, None));
        insta::assert_snapshot!("json", render::json(&d));
    });
}

#[test]
fn identical_inputs_have_no_changes_and_a_yaml_twin_equals_its_json() {
    let dir = common::root().join("tests/fixtures/diff");
    let same = diff_files(&dir.join("identical/base.json"), &dir.join("identical/head.json"));
    assert!(same.is_empty());
    // The YAML fixture's base, written again as JSON, compares equal to it.
    let yaml = std::fs::read_to_string(dir.join("policy-wildcard-yaml/base.yaml")).unwrap();
    let value = diff::yaml::parse(&yaml).unwrap();
    let from_yaml = Doc::from_template_text("a.yaml", yaml).unwrap();
    let from_json = Doc::from_template_text("a.json", value.to_string()).unwrap();
    assert!(diff::diff(&from_yaml, &from_json).is_empty());
    assert_eq!(
        value["Resources"]["WorkerRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][1]["Resource"],
        json!({ "Fn::GetAtt": ["Queue", "Arn"] })
    );
}

#[test]
fn replacement_cascades_to_references_and_outputs() {
    let dir = common::root().join("tests/fixtures/diff/physical-name");
    let d = diff_files(&dir.join("base.json"), &dir.join("head.json"));
    let replaced: Vec<&str> = d
        .resources
        .iter()
        .filter(|r| r.replacement == diff::Replacement::Always)
        .map(|r| r.logical_id.as_str())
        .collect();
    assert_eq!(replaced, ["ResizeFunction", "ResizeS3Permission", "ResizeUrl"]);
    assert_eq!(d.outputs.len(), 1);
    assert_eq!(d.outputs[0].replaced_refs, ["ResizeFunction"]);
}

#[test]
fn widened_iam_statements_are_security_findings() {
    let dir = common::root().join("tests/fixtures/diff/policy-wildcard-yaml");
    let d = diff_files(&dir.join("base.yaml"), &dir.join("head.yaml"));
    let kinds: Vec<String> = d
        .security
        .iter()
        .map(|f| format!("{:?}: {}", f.kind, f.detail))
        .collect();
    assert!(kinds
        .iter()
        .any(|k| k.contains("IamStatementAdded") && k.contains("s3:* (wildcard) on * (wildcard)")));
    assert!(kinds.iter().any(|k| k.contains("PermissionBroadened")
        && k.contains("sqs:DeleteQueue")
        && k.contains("drops its condition")));
    assert!(kinds
        .iter()
        .any(|k| k.contains("PrincipalChanged") && k.contains("states.amazonaws.com")));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let root = common::root();
    let pair = |case: &str| {
        [
            format!("tests/fixtures/diff/{case}/base.json"),
            format!("tests/fixtures/diff/{case}/head.json"),
        ]
    };
    let run = |case: &str, extra: &[&str]| {
        let [b, h] = pair(case);
        let mut args = vec!["diff", b.as_str(), h.as_str()];
        args.extend_from_slice(extra);
        lfc(&args, &root).status.code()
    };
    assert_eq!(run("memory", &[]), Some(0));
    assert_eq!(run("memory", &["--fail-on", "any"]), Some(1));
    assert_eq!(run("memory", &["--fail-on", "replacement"]), Some(0));
    assert_eq!(run("physical-name", &["--fail-on", "replacement"]), Some(1));
    assert_eq!(run("memory", &["--fail-on", "security"]), Some(0));
    assert_eq!(run("public-url", &["--fail-on", "security"]), Some(1));
    assert_eq!(run("identical", &["--fail-on", "any"]), Some(0));
    let missing = lfc(&["diff", "nope.json", "tests/fixtures/diff/memory/head.json"], &root);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read nope.json"));
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("list.json", "[1, 2]"),
        ("broken.yaml", "a: [1"),
        ("empty.yaml", "a: 1"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let bad = lfc(
            &["diff", file.to_str().unwrap(), "tests/fixtures/diff/memory/head.json"],
            &root,
        );
        assert_eq!(bad.status.code(), Some(2), "{name}");
        assert!(
            String::from_utf8_lossy(&bad.stderr).contains("is not a CloudFormation template"),
            "{name}"
        );
    }
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn base_revision_reads_the_stack_and_its_imports_through_git() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("lib")).unwrap();
    let func = |memory: &str| {
        format!(
            "function worker {{\n  runtime = python3.13\n  handler = \"index.handler\"\n  \
             code = s3 {{ bucket = \"artifacts\", key = \"w.zip\" }}\n  memory = {memory}\n  on sqs jobs\n}}\n"
        )
    };
    std::fs::write(p.join("stack.lf"), "import \"lib/worker.lf\"\nqueue jobs {}\n").unwrap();
    std::fs::write(p.join("lib/worker.lf"), func("512MB")).unwrap();
    git(p, &["init", "-q"]);
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "one"]);
    std::fs::write(p.join("lib/worker.lf"), func("1GB")).unwrap();
    std::fs::write(
        p.join("stack.lf"),
        "import \"lib/worker.lf\"\nqueue jobs {}\ntopic news {}\n",
    )
    .unwrap();

    let out = lfc(&["diff", "--base", "HEAD", "stack.lf", "--format", "json"], p);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes: Vec<(String, String)> = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["logical_id"].as_str().unwrap().into(),
                r["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("NewsTopic".into(), "added".into()),
            ("WorkerFunction".into(), "modified".into())
        ]
    );
    assert_eq!(v["resources"][1]["properties"][0]["path"], "MemorySize");

    let text = lfc(&["diff", "--base", "HEAD", "stack.lf"], p);
    assert!(String::from_utf8_lossy(&text.stdout).contains("(function worker, lib/worker.lf:1)"));
    let unknown = lfc(&["diff", "--base", "no-such-rev", "stack.lf"], p);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("`no-such-rev` is not a revision"));
}

/// A template of `Custom::` resources (no create-only properties, so no
/// replacement cascades) from generated properties.
fn template(resources: &BTreeMap<String, BTreeMap<String, i64>>) -> Doc {
    let res: serde_json::Map<String, Value> = resources
        .iter()
        .map(|(id, props)| (id.clone(), json!({ "Type": "Custom::Thing", "Properties": props })))
        .collect();
    Doc::from_template_text("t.json", json!({ "Resources": res }).to_string()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn a_diff_lists_exactly_the_resources_whose_json_differs(
        a in prop::collection::btree_map("[A-E]", prop::collection::btree_map("[p-s]", 0i64..3, 0..3), 0..5),
        b in prop::collection::btree_map("[A-E]", prop::collection::btree_map("[p-s]", 0i64..3, 0..3), 0..5),
    ) {
        prop_assert!(diff::diff(&template(&a), &template(&a)).is_empty());
        let d = diff::diff(&template(&a), &template(&b));
        let mut want: Vec<(String, Change)> = a
            .keys()
            .chain(b.keys())
            .filter(|id| a.get(*id) != b.get(*id))
            .map(|id| {
                let change = match (a.contains_key(id), b.contains_key(id)) {
                    (true, true) => Change::Modified,
                    (true, false) => Change::Removed,
                    _ => Change::Added,
                };
                (id.clone(), change)
            })
            .collect();
        want.sort();
        want.dedup();
        let have: Vec<(String, Change)> = d.resources.iter().map(|r| (r.logical_id.clone(), r.change)).collect();
        prop_assert_eq!(have, want);
    }
}

const EXAMPLE_BEGIN: &str = "<!-- example diff: begin -->\n";
const EXAMPLE_END: &str = "<!-- example diff: end -->\n";

#[test]
fn docs_diff_md_shows_a_real_example_diff() {
    let root = common::root();
    let base = load(&root.join("examples/thumbnails/stack.lf"));
    let head = load(&root.join("tests/fixtures/diff-example/stack.lf"));
    let d = diff::diff(&base, &head);
    let graph = diff::graph::mermaid(&base, &head, &d);
    let rendered = format!("{EXAMPLE_BEGIN}{}{EXAMPLE_END}", render::markdown(&d, Some(&graph)));
    let path = root.join("docs/diff.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (doc.find(EXAMPLE_BEGIN).unwrap(), doc.find(EXAMPLE_END).unwrap());
    let have = &doc[start..end + EXAMPLE_END.len()];
    if std::env::var_os("LFC_BLESS").is_some() && have != rendered {
        std::fs::write(&path, doc.replacen(have, &rendered, 1)).unwrap();
        return;
    }
    assert!(
        have == rendered,
        "docs/diff.md's example is stale: run `LFC_BLESS=1 cargo test --test it diff`"
    );
}

/// The JSON diff of two `.lf` stacks, compiled whole or split.
fn lf_diff(base: &Path, head: &Path, split: bool) -> Value {
    let load = |p: &Path| Input::File(p.to_path_buf()).load(&opts(), split).unwrap();
    serde_json::from_str(&render::json(&diff::diff(&load(base), &load(head)))).unwrap()
}

/// `d` without the `stack` of each resource.
fn without_stacks(mut d: Value) -> Value {
    for r in d["resources"].as_array_mut().unwrap() {
        r.as_object_mut().unwrap().remove("stack");
    }
    d
}

/// The `.lf` pairs diffed here: the docs example and the fixture stack.
fn lf_pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = common::root();
    vec![
        (
            root.join("examples/thumbnails/stack.lf"),
            root.join("tests/fixtures/diff-example/stack.lf"),
        ),
        (
            root.join("tests/fixtures/diff/lf-stack/base/stack.lf"),
            root.join("tests/fixtures/diff/lf-stack/head/stack.lf"),
        ),
    ]
}

#[test]
fn split_stacks_diff_as_the_whole_stack_does_with_each_resource_s_nested_stack() {
    for (base, head) in lf_pairs() {
        let whole = lf_diff(&base, &head, false);
        let split = lf_diff(&base, &head, true);
        assert!(whole["resources"].as_array().is_some_and(|r| !r.is_empty()));
        // Values that crossed templates read as before the split, so the
        // same changes, replacements (cascading across nested stacks),
        // findings and outputs show.
        assert_eq!(without_stacks(split.clone()), whole, "{}", head.display());
        for r in split["resources"].as_array().unwrap() {
            let stack = r["stack"].as_str().unwrap_or_else(|| panic!("{r}"));
            assert!(stack.starts_with("Layer"), "{stack}");
        }
    }
}

#[test]
fn split_build_folders_diff_like_their_stacks() {
    let (base, head) = &lf_pairs()[0];
    let dir = tempfile::tempdir().unwrap();
    for (side, file) in [("base", base), ("head", head)] {
        let out = dir.path().join(side);
        let built = lfc(
            &["build", "--split", file.to_str().unwrap(), "-o", out.to_str().unwrap()],
            &common::root(),
        );
        assert_eq!(
            built.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    let root_of = |side: &str| dir.path().join(side).join("thumbnails.template.json");
    let out = lfc(
        &[
            "diff",
            root_of("base").to_str().unwrap(),
            root_of("head").to_str().unwrap(),
            "--format",
            "json",
        ],
        &common::root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let folders: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Packaging aside (the test's `.lf` diff does not zip code), the same diff.
    let lf = lf_diff(base, head, true);
    assert_eq!(folders["summary"], lf["summary"], "{folders}");
    let ids = |d: &Value| -> Vec<(String, String)> {
        d["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["logical_id"].as_str().unwrap().into(),
                    r["stack"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(ids(&folders), ids(&lf));
    // Without its nested templates beside it, a root compares its stacks only.
    std::fs::remove_dir_all(dir.path().join("head/assets")).unwrap();
    let out = lfc(
        &[
            "diff",
            root_of("base").to_str().unwrap(),
            root_of("head").to_str().unwrap(),
            "--format",
            "json",
        ],
        &common::root(),
    );
    let roots: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(roots["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["type"] == "AWS::CloudFormation::Stack"));
}

#[test]
fn a_resource_that_changes_nested_stack_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let function = |name: &str, env: &str| {
        format!(
            "function {name} {{\n  runtime = python3.13\n  handler = \"index.handler\"\n  {env}\n  code = inline \"\"\"\n    def handler(event, context):\n        return 1\n    \"\"\"\n}}\n"
        )
    };
    let write = |side: &str, env: &str| {
        let path = dir.path().join(side).join("stack.lf");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!("stack moves {{}}\n\n{}\n{}", function("a", ""), function("b", env)),
        )
        .unwrap();
        path
    };
    // `b` starts calling `a`: its group now refers to another, one layer up.
    let base = write("base", "");
    let head = write("head", "env { A_ARN = a }");
    let d = lf_diff(&base, &head, true);
    let b = d["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["logical_id"] == "BFunction")
        .unwrap_or_else(|| panic!("{d}"));
    assert_eq!(b["replacement"], "always", "{b}");
    let moved = &b["properties"][0];
    assert_eq!(moved["path"], "Stack");
    assert!(moved["old"].as_str().unwrap().starts_with("Layer0Part"), "{moved}");
    assert!(moved["new"].as_str().unwrap().starts_with("Layer1Part"), "{moved}");
    assert_eq!(b["stack"], moved["new"]);
    // The whole stack keeps `b` in place: no replacement there.
    let whole = lf_diff(&base, &head, false);
    let b = whole["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["logical_id"] == "BFunction")
        .unwrap();
    assert_eq!(b["replacement"], "none", "{b}");
    let text = render::text(
        &diff::diff(
            &Input::File(base.clone()).load(&opts(), true).unwrap(),
            &Input::File(head.clone()).load(&opts(), true).unwrap(),
        ),
        false,
    );
    assert!(
        text.contains("~ BFunction  AWS::Lambda::Function  replaced  in Layer1Part"),
        "{text}"
    );
    assert!(text.contains("├─ Stack: \"Layer0Part"), "{text}");
}
