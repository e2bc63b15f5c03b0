//! The test that keeps [`super::keys`] whole: for every block it documents,
//! a probe source puts an unknown key in that block, and the compiler's own
//! LF0213 help ("the properties are: …") says which keys it accepts there.
//! The documented keys must be exactly those, each with documentation — a
//! property the model learns without docs here fails the build.

use std::collections::BTreeSet;

use super::keys::{keys, resolve, Block, Ctx};
use crate::model::load::MemoryReader;
use crate::model::{Kind, TriggerType};
use crate::syntax::split::ITEM_KEYWORDS;

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

/// Every block hover and completion can put the cursor in, found the way
/// they find it: from each top-level keyword of the syntax
/// ([`ITEM_KEYWORDS`]) through [`resolve`], following every documented
/// key (those that open a block lead somewhere), `on` every trigger kind,
/// and a name (in the blocks that hold names: `steps`, `indexes`).
///
/// Not from the compiler: it has no table of its nested blocks to give —
/// the model reads each one in its own function of `model::build`, with
/// the keys it takes — so the walk follows the editor's own resolver. A
/// block it cannot reach is one the editor never shows; every one it
/// reaches is probed against the compiler below.
fn all_blocks() -> Vec<Block> {
    let mut seen: Vec<Ctx> = Vec::new();
    let mut todo: Vec<Vec<String>> = ITEM_KEYWORDS.iter().map(|k| vec![(*k).to_string()]).collect();
    while let Some(path) = todo.pop() {
        let headers: Vec<Vec<&str>> = path.iter().map(|h| h.split_whitespace().collect()).collect();
        let Some(ctx) = resolve(&headers).filter(|c| !seen.contains(c)) else {
            continue;
        };
        seen.push(ctx);
        let docs = match ctx {
            Ctx::Function | Ctx::Defaults => keys(Block::Decl(Kind::Function)),
            Ctx::Keys(b) => keys(b),
        };
        let inner = docs.iter().map(|d| d.key.to_string());
        let triggers = TriggerType::ALL.map(|t| format!("on {}", t.keyword()));
        for header in inner.chain(triggers).chain([PROBE.to_string()]) {
            let mut p = path.clone();
            p.push(header);
            todo.push(p);
        }
    }
    seen.into_iter()
        .filter_map(|c| match c {
            Ctx::Function => Some(Block::Decl(Kind::Function)),
            Ctx::Defaults => None,
            Ctx::Keys(b) => Some(b),
        })
        .collect()
}

/// The walk reaches every declaration kind, every trigger and the blocks
/// behind names and lists.
#[test]
fn the_walk_reaches_every_kind_and_trigger() {
    let all = all_blocks();
    for k in Kind::ALL {
        assert!(all.contains(&Block::Decl(k)), "{k:?}");
    }
    for t in TriggerType::ALL {
        assert!(all.contains(&Block::Trigger(t)), "{t:?}");
    }
    // Through names (a step, an index) and lists of blocks (a rule).
    for b in [Block::Step, Block::Index, Block::Rule, Block::Jwt, Block::ScheduleRetry] {
        assert!(all.contains(&b), "{b:?}");
    }
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
