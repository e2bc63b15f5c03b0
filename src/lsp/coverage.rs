//! The test that keeps [`super::keys`] whole: for every block it documents,
//! a probe source puts an unknown key in that block, and the compiler's own
//! LF0213 help ("the properties are: …") says which keys it accepts there.
//! The documented keys must be exactly those, each with documentation — a
//! property the model learns without docs here fails the build.

use std::collections::BTreeSet;

use super::keys::{keys, Block};
use crate::model::load::MemoryReader;
use crate::model::{Kind, TriggerType};

const PROBE: &str = "zzprobe";
const FN: &str = "runtime = python3.13\n  handler = \"a.b\"\n";
const CODE: &str = "code = s3 { bucket = \"b\", key = \"k\" }\n";
const DECLS: &str = "bucket b {}\nqueue q {}\ntopic t {}\nstream st {}\n\
    table tb {\n  key = { id = string }\n  stream = new_image\n}\n\
    function f {\n  runtime = python3.13\n  handler = \"a.b\"\n  code = s3 { bucket = \"b\", key = \"k\" }\n}\n";

/// A function holding `inner` (code included unless `inner` sets it).
fn function(inner: &str) -> String {
    let code = if inner.starts_with("code") { "" } else { CODE };
    format!("function g {{\n  {FN}  {code}  {inner}\n}}\n")
}

/// A workflow whose step `s` is `step`.
fn step(step: &str) -> String {
    format!("workflow w {{\n  steps {{\n    s {{ {step} }}\n    e {{ succeed = true }}\n  }}\n}}\n")
}

/// Sources with `KEY` in a block of kind `b` (several for a step: one per
/// step kind).
fn probes(b: Block) -> Vec<String> {
    let one = |s: String| vec![s];
    match b {
        Block::Decl(k) => one(format!("{} x {{ KEY = 1 }}\n", k.keyword())),
        Block::Stack => one("stack s { KEY = 1 }\n".into()),
        Block::Output => one("output o { value = \"a\", KEY = 1 }\n".into()),
        Block::Param => one("param p { KEY = 1 }\n".into()),
        Block::Trigger(t) => {
            let arg = match t {
                TriggerType::Http => "\"GET /\"",
                TriggerType::S3 => "b",
                TriggerType::Schedule => "\"rate(1 day)\"",
                TriggerType::Sqs => "q",
                TriggerType::Sns => "t",
                TriggerType::Dynamodb => "tb",
                TriggerType::Kinesis => "st",
                TriggerType::Event => "",
            };
            let pattern = if t == TriggerType::Event {
                "source = [\"a\"], "
            } else {
                ""
            };
            one(function(&format!("on {} {arg} {{ {pattern}KEY = 1 }}", t.keyword())))
        }
        Block::ScheduleRetry => one(function(
            "on schedule \"rate(1 day)\" { via = scheduler, retry { KEY = 1 } }",
        )),
        Block::DeadLetter => one("queue x { dead_letter { queue = q, KEY = 1 } }\n".into()),
        Block::Capacity => {
            one("table x {\n  key = { id = string }\n  capacity { read = 1, write = 1, KEY = 1 }\n}\n".into())
        }
        Block::Index => {
            one("table x {\n  key = { id = string }\n  indexes { i { key = { a = string }, KEY = 1 } }\n}\n".into())
        }
        Block::UsagePlan => one("api x {\n  kind = rest\n  keys = [k]\n  usage_plan { KEY = 1 }\n}\n".into()),
        Block::Cors => one("api x { cors { KEY = 1 } }\n".into()),
        Block::Auth => one("api x { auth = { KEY = 1 } }\n".into()),
        Block::Jwt => one("api x { auth = { jwt { KEY = 1 } } }\n".into()),
        Block::LambdaAuth => one("api x { auth = { lambda { KEY = 1 } } }\n".into()),
        Block::Logs => one(function("logs { KEY = 1 }")),
        Block::Vpc => one(function("vpc { KEY = 1 }")),
        Block::Concurrency => one(function("concurrency { KEY = 1 }")),
        Block::Async => one(function("async { KEY = 1 }")),
        Block::Url => one(function("url { KEY = 1 }")),
        Block::Monitor => one(function("monitor { KEY = 1 }")),
        Block::S3Code => one(function("code = s3 { bucket = \"b\", key = \"k\", KEY = 1 }")),
        Block::Step => [
            "invoke = f",
            "publish = t",
            "send = q",
            "get = tb, key = \"$.k\"",
            "put = tb, item = \"$.i\"",
            "choice = [{ path = \"$.a\", equals = 1, next = e }]",
            "parallel = [{ steps { p { pass = true } } }]",
            "map = \"$.items\", steps { m { pass = true } }",
            "wait = 5s",
            "pass = true",
            "succeed = true",
            "fail = { error = \"E\" }",
        ]
        .iter()
        .map(|s| step(&format!("{s}, KEY = 1")))
        .collect(),
        Block::Retry => one("workflow w {\n  steps = [f]\n  retry { KEY = 1 }\n}\n".into()),
        Block::Catch => one(step("invoke = f, catch { next = e, KEY = 1 }")),
        Block::Fail => one(step("fail = { KEY = 1 }")),
        Block::Branch => one(step("parallel = [{ steps { p { pass = true } }, KEY = 1 }]")),
        Block::Rule => one(step("choice = [{ path = \"$.a\", equals = 1, next = e, KEY = 1 }]")),
        // They hold names (of steps, of indexes), not keys.
        Block::Steps | Block::Indexes => Vec::new(),
    }
}

/// The keys the compiler says it accepts where `KEY` is in `src`.
fn accepted(src: &str) -> Result<BTreeSet<String>, String> {
    let mut reader = MemoryReader::default();
    let text = format!("{DECLS}{}", src.replace("KEY", PROBE));
    reader.files.insert("s.lf".into(), text.clone());
    let out = crate::compile("s.lf".as_ref(), "s.lf", &reader, &crate::Options::default());
    let out = out.map_err(|e| format!("{e}\n{text}"))?;
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == crate::diagnostics::Code::UnknownProperty && d.message.contains(PROBE))
        .ok_or_else(|| format!("no LF0213 for the probe in:\n{text}\n{:?}", out.diagnostics))?;
    let help = d.help.as_deref().unwrap_or("");
    let list = help.rsplit_once(": ").map_or("", |(_, l)| l);
    Ok(list.split(", ").map(str::to_string).collect())
}

fn all_blocks() -> Vec<Block> {
    let mut all: Vec<Block> = Kind::ALL.into_iter().map(Block::Decl).collect();
    all.extend(TriggerType::ALL.into_iter().map(Block::Trigger));
    all.extend([
        Block::Stack,
        Block::Output,
        Block::Param,
        Block::ScheduleRetry,
        Block::DeadLetter,
        Block::Capacity,
        Block::Indexes,
        Block::Index,
        Block::UsagePlan,
        Block::Cors,
        Block::Auth,
        Block::Jwt,
        Block::LambdaAuth,
        Block::Logs,
        Block::Vpc,
        Block::Concurrency,
        Block::Async,
        Block::Url,
        Block::Monitor,
        Block::S3Code,
        Block::Steps,
        Block::Step,
        Block::Retry,
        Block::Catch,
        Block::Fail,
        Block::Branch,
        Block::Rule,
    ]);
    all
}

#[test]
fn every_key_the_compiler_accepts_is_documented_and_no_other() {
    let mut failures = Vec::new();
    for b in all_blocks() {
        let docs = keys(b);
        for d in &docs {
            assert!(!d.doc.is_empty() && !d.default.is_empty(), "{b:?} `{}`", d.key);
        }
        let documented: BTreeSet<String> = docs.iter().map(|d| d.key.to_string()).collect();
        let mut seen = BTreeSet::new();
        for src in probes(b) {
            let accepted = match accepted(&src) {
                Ok(a) => a,
                Err(e) => {
                    failures.push(format!("{b:?}: {e}"));
                    continue;
                }
            };
            // A step's kind decides which of the step keys apply.
            if !accepted.is_subset(&documented) {
                failures.push(format!(
                    "{b:?}: undocumented {:?}",
                    accepted.difference(&documented).collect::<Vec<_>>()
                ));
            }
            seen.extend(accepted);
        }
        if !probes(b).is_empty() && seen != documented {
            failures.push(format!(
                "{b:?}: documented but not accepted {:?}",
                documented.difference(&seen)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
