//! Property test: random but valid stacks always compile without errors and
//! their templates pass cfn-lint. A bounded, deterministic sample runs in the
//! suite (set `LFC_PROPTEST_CASES` for more).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::cell::RefCell;
use std::path::PathBuf;

use lfc::model::load::MemoryReader;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const RUNTIMES: &[&str] = &["python3.12", "python3.13", "nodejs22.x", "nodejs24.x"];

/// One generated function: its settings and which trigger it has.
#[derive(Debug, Clone)]
struct Func {
    runtime: usize,
    memory_mb: u64,
    timeout_s: u64,
    arm: bool,
    trigger: usize,
    env: Vec<(u8, u16)>,
    grant: Option<usize>,
}

fn func() -> impl Strategy<Value = Func> {
    (
        0..RUNTIMES.len(),
        128u64..=10_240,
        1u64..=30,
        any::<bool>(),
        0usize..8,
        proptest::collection::vec((0u8..26, 0u16..1000), 0..4),
        proptest::option::of(0usize..4),
    )
        .prop_map(|(runtime, memory_mb, timeout_s, arm, trigger, env, grant)| Func {
            runtime,
            memory_mb: memory_mb.min(3008),
            timeout_s,
            arm,
            trigger,
            env,
            grant,
        })
}

/// The text of a stack with these functions and the resources they use.
fn stack_text(funcs: &[Func]) -> String {
    let mut s = String::from(
        "stack generated { tags { owner = \"proptest\" } }\nqueue failed {}\nbucket store {}\ntopic news {}\ntopic alerts {}\n\
         table items { key = { id = string }, stream = new_image }\nstream events {}\n",
    );
    for (i, f) in funcs.iter().enumerate() {
        let name = format!("fn_{i}");
        let handler = "index.handler";
        let code = if RUNTIMES[f.runtime].starts_with("python") {
            "inline \"\"\"\n    def handler(event, context):\n        return {}\n    \"\"\""
        } else {
            "inline \"\"\"\n    exports.handler = async () => ({});\n    \"\"\""
        };
        s.push_str(&format!(
            "function {name} {{\n  runtime = {}\n  handler = \"{handler}\"\n  code = {code}\n  memory = {}MB\n  timeout = {}s\n  architecture = {}\n",
            RUNTIMES[f.runtime],
            f.memory_mb,
            f.timeout_s,
            if f.arm { "arm64" } else { "x86_64" }
        ));
        if !f.env.is_empty() {
            s.push_str("  env {\n");
            for (k, v) in &f.env {
                s.push_str(&format!("    K{}{i} = \"{v}\"\n", (b'A' + k) as char));
            }
            s.push_str("  }\n");
        }
        match f.grant {
            Some(0) => s.push_str("  allow read store \"data/*\"\n"),
            Some(1) => s.push_str("  allow read items\n"),
            Some(2) => s.push_str("  allow publish alerts\n"),
            Some(_) => s.push_str("  allow read events\n"),
            None => {}
        }
        let (trigger, is_async) = match f.trigger {
            0 => (format!("on http \"GET /r{i}\""), false),
            1 => (format!("on s3 store {{ prefix = \"in{i}/\" }}"), true),
            2 => ("on schedule \"rate(5 minutes)\"".to_string(), true),
            3 => {
                s = format!("queue q_{i} {{}}\n{s}");
                (format!("on sqs q_{i} {{ batch_size = 5 }}"), false)
            }
            4 => ("on sns news".to_string(), true),
            5 => ("on dynamodb items { on_failure = failed }".to_string(), false),
            6 => ("on kinesis events { start = latest }".to_string(), false),
            _ => ("on event { source = [\"app.test\"] }".to_string(), true),
        };
        if is_async {
            s.push_str("  dead_letter = failed\n");
        }
        s.push_str(&format!("  {trigger}\n}}\n"));
    }
    s
}

#[test]
fn random_valid_stacks_compile_and_pass_cfn_lint() {
    let Some(cfn_lint) = common::tool("CFN_LINT", ".venv/bin/cfn-lint") else {
        return;
    };
    let cases: u32 = std::env::var("LFC_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let templates = RefCell::new(Vec::new());
    runner
        .run(&proptest::collection::vec(func(), 1..8), |funcs| {
            let text = stack_text(&funcs);
            let mut reader = MemoryReader::default();
            reader.files.insert(PathBuf::from("stack.lf"), text.clone());
            let opts = lfc::Options {
                vars: Vec::new(),
                today: common::TODAY.into(),
                package: false,
            };
            let out = lfc::compile(&PathBuf::from("stack.lf"), "stack.lf", &reader, &opts).unwrap();
            let rendered = lfc::diagnostics::render_human(&out.diagnostics, &out.sources, false);
            prop_assert!(!out.diagnostics.has_errors(), "{text}\n{rendered}");
            let t = out.template.unwrap();
            templates.borrow_mut().push(t.to_json_string());
            Ok(())
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = templates
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let f = dir.path().join(format!("generated_{i}.json"));
            std::fs::write(&f, t).unwrap();
            f
        })
        .collect();
    assert!(files.len() as u32 >= cases);
    let out = std::process::Command::new(cfn_lint)
        .args(["--format", "parseable"])
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.lines().any(|l| l.contains(":E")), "cfn-lint errors:\n{report}");
}
