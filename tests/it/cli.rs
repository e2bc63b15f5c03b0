//! The `lfc` binary as a user runs it: exit codes, files written (or not),
//! output formats.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{self, lfc};

use std::path::Path;
use std::process::{Command, Output};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary stack folder with `stack.lf` holding `src`.
fn stack(src: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.lf"), src).unwrap();
    dir
}

const VALID: &str = r#"
queue jobs {}
function worker {
  runtime = python3.13
  handler = "index.handler"
  code    = inline """
    def handler(event, context):
        return len(event["Records"])
    """
  on sqs jobs
}
"#;

#[test]
fn build_writes_the_template_into_build_beside_the_file() {
    let dir = stack(VALID);
    let o = lfc(&["build", "stack.lf"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(dir.path().join("build/stack.template.json")).unwrap();
    assert!(written.contains("\"WorkerSqsMapping\""));
    assert!(written.ends_with("}\n"));
    assert!(stderr(&o).contains("resources"), "summary line: {}", stderr(&o));
}

#[test]
fn build_to_stdout_and_as_yaml() {
    let dir = stack(VALID);
    let o = lfc(&["build", "stack.lf", "-o", "-"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["AWSTemplateFormatVersion"], "2010-09-09");
    assert!(!dir.path().join("build").exists());

    let o = lfc(&["build", "stack.lf", "-o", "out", "--format", "yaml"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(dir.path().join("out/stack.template.yaml")).unwrap();
    // Quoted, so YAML 1.1 readers keep it a string rather than a date.
    assert!(yaml.starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"), "{yaml}");
}

#[test]
fn a_failed_build_writes_nothing_and_exits_1() {
    let dir = stack(&VALID.replace("python3.13", "python3.1"));
    let o = lfc(&["build", "stack.lf"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("LF0304"), "{}", stderr(&o));
    assert!(stderr(&o).contains("did you mean"), "{}", stderr(&o));
    assert!(!dir.path().join("build").exists());
}

#[test]
fn missing_file_is_an_io_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = lfc(&["build", "nope.lf"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.lf"));
    let o = lfc(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(2), "usage error");
    std::fs::write(
        dir.path().join("latin1.lf"),
        b"queue a {}\nqueue b { name = \"caf\xe9\" }\n",
    )
    .unwrap();
    let o = lfc(&["check", "latin1.lf"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not UTF-8 text: invalid byte at line 2, column 22"),
        "{}",
        stderr(&o)
    );
    let dir = stack(VALID);
    let o = lfc(&["build", "stack.lf", "-o", ""], dir.path());
    assert_eq!(o.status.code(), Some(2), "an empty output folder is a usage error");
    assert!(!dir.path().join("stack.template.json").exists());
}

#[test]
fn check_exit_codes_and_deny_warnings() {
    let warn = VALID.replace("on sqs jobs", "on schedule \"rate(1 day)\"");
    let dir = stack(&warn);
    let o = lfc(&["check", "stack.lf"], dir.path());
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", stderr(&o));
    assert!(stderr(&o).contains("LF0409"));
    let o = lfc(&["check", "stack.lf", "--deny-warnings"], dir.path());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_renders_json_sarif_and_github() {
    let dir = stack("function f { memory = 512 }\n");
    let o = lfc(&["check", "stack.lf", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "LF0105"));
    let o = lfc(&["check", "stack.lf", "--format", "sarif"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "LF0105"));
    let o = lfc(&["check", "stack.lf", "--format", "github"], dir.path());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("::error file=stack.lf,line=1,")),
        "{text}"
    );
}

#[test]
fn var_overrides_are_typed_and_unknown_ones_fail() {
    let src = format!(
        "var stage = \"dev\"\n{}",
        VALID.replace("on sqs jobs", "env { STAGE = var.stage }\n  on sqs jobs")
    );
    let dir = stack(&src);
    let o = lfc(&["build", "stack.lf", "-o", "-", "--var", "stage=prod"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"STAGE\": \"prod\""));
    let o = lfc(&["build", "stack.lf", "-o", "-", "--var", "stag=prod"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("LF0211") && stderr(&o).contains("did you mean `stage`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn graph_prints_dot_and_mermaid() {
    let dir = stack(VALID);
    let o = lfc(&["graph", "stack.lf"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dot = String::from_utf8_lossy(&o.stdout);
    assert!(
        dot.starts_with("digraph") && dot.contains("\"WorkerSqsMapping\" -> \"WorkerFunction\""),
        "{dot}"
    );
    let o = lfc(&["graph", "stack.lf", "--format", "mermaid"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("WorkerFunction --> WorkerRole"));
}

#[test]
fn explain_prints_every_code() {
    for code in lfc::diagnostics::Code::ALL {
        let o = lfc(&["explain", code.as_str()], Path::new("."));
        assert_eq!(o.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&o.stdout).contains(code.explanation()));
    }
    assert_eq!(lfc(&["explain", "LF9999"], Path::new(".")).status.code(), Some(2));
    let short = lfc(&["explain", "0414"], Path::new("."));
    assert!(String::from_utf8_lossy(&short.stdout).starts_with("LF0414"));
}

#[test]
fn rebuilding_keeps_asset_bytes_and_leaves_other_files_alone() {
    let root = common::root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let example = root.join("examples/orders/stack.lf");
    let run = || {
        lfc(
            &["build", example.to_str().unwrap(), "-o", out.to_str().unwrap()],
            dir.path(),
        )
    };
    assert_eq!(run().status.code(), Some(0));
    let read_assets = || {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.join("assets"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = read_assets();
    assert_eq!(first.len(), 2, "one zip per code folder");
    assert_eq!(run().status.code(), Some(0));
    assert_eq!(read_assets(), first);
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
}

/// A stack whose code folder is the stack's own folder (`code = "."`), which
/// therefore also holds the `build/` output.
fn stack_in_its_code_folder() -> tempfile::TempDir {
    let dir = stack(
        r#"
function web {
  runtime = python3.13
  handler = "index.handler"
  code    = "."
}
"#,
    );
    std::fs::write(dir.path().join("index.py"), "def handler(e, c):\n    return 1\n").unwrap();
    dir
}

#[test]
fn code_dot_works_when_the_stack_is_named_by_a_bare_file_name() {
    let dir = stack_in_its_code_folder();
    let o = lfc(&["check", "stack.lf"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn rebuilding_a_code_folder_that_holds_the_output_is_byte_identical() {
    let dir = stack_in_its_code_folder();
    let template = || {
        let o = lfc(&["build", "stack.lf"], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(dir.path().join("build/stack.template.json")).unwrap()
    };
    let first = template();
    let second = template();
    assert_eq!(first, second);
    let assets = std::fs::read_dir(dir.path().join("build/assets")).unwrap().count();
    assert_eq!(assets, 1, "one asset, not one per build");
    assert!(dir.path().join("build/CACHEDIR.TAG").is_file());
}

#[test]
fn a_reader_that_stops_early_ends_lfc_quietly() {
    // More than a pipe holds (64 KiB), so lfc is still writing when the
    // reader goes away.
    let functions: String = (0..100)
        .map(|i| {
            VALID
                .replace("worker", &format!("worker{i}"))
                .replace("queue jobs {}", &format!("queue jobs{i} {{}}"))
                .replace("on sqs jobs", &format!("on sqs jobs{i}"))
        })
        .collect();
    let dir = stack(&functions);
    let mut child = Command::new(env!("CARGO_BIN_EXE_lfc"))
        .args(["build", "stack.lf", "-o", "-"])
        .current_dir(dir.path())
        .env("LFC_TODAY", common::TODAY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn an_unreadable_file_under_a_machine_format_is_reported_in_that_format() {
    let dir = tempfile::tempdir().unwrap();
    let o = lfc(&["check", "nope.lf", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "io");
    assert!(doc["error"]["message"].as_str().unwrap().contains("nope.lf"));
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    let o = lfc(&["check", "nope.lf", "--format", "github"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("::error title=lfc::cannot read nope.lf"));
}

#[test]
fn a_folder_names_its_stack_lf() {
    let dir = stack(VALID);
    let o = lfc(&["build", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("build/stack.template.json").is_file());
    let empty = tempfile::tempdir().unwrap();
    let o = lfc(&["check", "."], empty.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("stack.lf"), "{}", stderr(&o));
}
