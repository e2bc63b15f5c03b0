//! `lfc lsp` driven over stdio as an editor drives it: the real binary,
//! JSON-RPC from the test — diagnostics on open and on change (positions in
//! UTF-16 across non-ASCII text and emoji), hover, completion, definition,
//! references, rename, symbols, formatting, code actions, a panic in one
//! request, shutdown. Then two real clients drive the same server through
//! one editing session: Neovim's own LSP client and VS Code's protocol
//! library.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use lsp_types::Url;
use serde_json::{json, Value};

use crate::common;

/// A client speaking JSON-RPC to one `lfc lsp` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
    /// The version last sent for each open buffer, by URI.
    versions: std::collections::BTreeMap<String, i64>,
}

const WAIT: Duration = Duration::from_secs(20);

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lfc"))
            .arg("lsp")
            .env("LFC_TODAY", common::TODAY)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    len = n.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; len];
            out.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        let mut c = Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
            versions: std::collections::BTreeMap::new(),
        };
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": url(root), "capabilities": {} }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "lfc", "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.incoming.recv_timeout(WAIT).expect("a response in time");
            if msg["id"] == id && msg.get("method").is_none() {
                return msg;
            }
            self.backlog.push(msg);
        }
    }

    /// The result of a request that must succeed.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    /// The next diagnostics published for `uri` at the version last sent.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let version = self.versions.get(uri).map_or(Value::Null, |v| json!(v));
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        if let Some(i) = self.backlog.iter().position(is_it) {
            let m = self.backlog.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let msg = self.incoming.recv_timeout(WAIT).expect("diagnostics in time");
            if is_it(&msg) {
                return msg["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.backlog.push(msg);
        }
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.backlog.clear();
        self.versions.insert(url(path), 1);
        let doc = json!({ "uri": url(path), "languageId": "lf", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    /// Replaces `range` of the buffer with `text`.
    fn change(&mut self, path: &Path, range: Value, text: &str) {
        self.backlog.clear();
        let version = self.versions.entry(url(path)).or_insert(0);
        *version += 1;
        let change = json!({ "range": range, "text": text });
        let doc = json!({ "uri": url(path), "version": *version });
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": doc, "contentChanges": [change] }),
        );
    }

    fn shutdown(mut self) {
        self.call("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn url(path: &Path) -> String {
    Url::from_file_path(path).unwrap().to_string()
}

/// The UTF-16 position of the first `needle` in `text` (plus `skip` characters).
fn pos(text: &str, needle: &str, skip: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..at];
    let character = prefix.encode_utf16().count() + needle.chars().take(skip).map(char::len_utf16).sum::<usize>();
    json!({ "line": text[..at].matches('\n').count(), "character": character })
}

fn at(path: &Path, text: &str, needle: &str, skip: usize) -> Value {
    json!({ "textDocument": { "uri": url(path) }, "position": pos(text, needle, skip) })
}

/// Applies LSP text edits (UTF-16 ranges) to a text, last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, ch) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

const LIB: &str = "queue jobs {}\nbucket uploads {}\nqueue failed {}\n";

const STACK: &str = r#"import "lib.lf"

# Größe 🚀 — a comment with non-ASCII text and emoji
function resize {
  runtime = python3.13
  handler = "index.handler"
  code = s3 { bucket = "artifacts", key = "resize.zip" }
  description = "naïve 🚀 résumé", timeout = 30s
  on sqs jobs
  allow read uploads
}

function nightly {
  runtime = python3.13
  handler = "index.handler"
  code = s3 { bucket = "artifacts", key = "nightly.zip" }
  dead_letter = failed
  on schedule "cron(0 12 * * ? *)"
}
"#;

fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let (main, lib) = (root.join("stack.lf"), root.join("lib.lf"));
    std::fs::write(&main, STACK).unwrap();
    std::fs::write(&lib, LIB).unwrap();
    (dir, main, lib)
}

#[test]
fn diagnostics_follow_changes_in_utf16_and_code_actions_fix_them() {
    let (_dir, main, lib) = project();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, STACK);
    assert_eq!(c.diagnostics(&url(&main)), Vec::<Value>::new());

    // `30s` → `5m`, after an emoji and accents on the same line.
    let end = pos(STACK, "30s", 3);
    c.change(&main, json!({ "start": pos(STACK, "30s", 0), "end": end }), "5m");
    let text = STACK.replacen("30s", "5m", 1);
    let diags = c.diagnostics(&url(&main));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "LF0104");
    let m = pos(&text, "5m", 1);
    assert_eq!(diags[0]["range"], json!({ "start": m, "end": pos(&text, "5m", 2) }));
    assert_eq!(
        m["character"], 46,
        "UTF-16 column: the rocket counts 2, each accented letter 1 (45 characters, 51 bytes)"
    );

    // The quick fix: `m` → `min`; applying it clears the file.
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": url(&main) }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    assert_eq!(actions[0]["title"], "Change `m` to `min`", "{actions}");
    let edits = actions[0]["edit"]["changes"][url(&main)].as_array().unwrap().clone();
    let fixed = apply(&text, &edits);
    assert!(fixed.contains("timeout = 5min"), "{fixed}");
    c.change(
        &main,
        json!({ "start": pos(&text, "5m", 0), "end": pos(&text, "5m", 2) }),
        "5min",
    );
    assert_eq!(c.diagnostics(&url(&main)), Vec::<Value>::new());

    // A misspelt name in the imported file's queue, and a missing unit: both fixable.
    let text = fixed;
    c.change(
        &main,
        json!({ "start": pos(&text, "jobs", 0), "end": pos(&text, "jobs", 4) }),
        "jbos",
    );
    let text = text.replacen("on sqs jobs", "on sqs jbos", 1);
    let diags = c.diagnostics(&url(&main));
    assert_eq!(diags[0]["code"], "LF0204", "{diags:?}");
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": url(&main) }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    assert_eq!(actions[0]["title"], "Change `jbos` to `jobs`", "{actions}");
    c.change(
        &main,
        json!({ "start": pos(&text, "jbos", 0), "end": pos(&text, "jbos", 4) }),
        "jobs",
    );
    let text = text.replacen("jbos", "jobs", 1);
    assert_eq!(c.diagnostics(&url(&main)), Vec::<Value>::new());
    c.change(
        &main,
        json!({ "start": pos(&text, "5min", 1), "end": pos(&text, "5min", 4) }),
        "",
    );
    let text = text.replacen("5min", "5", 1);
    let diags = c.diagnostics(&url(&main));
    assert_eq!(diags[0]["code"], "LF0105", "{diags:?}");
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": url(&main) }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    assert_eq!(actions[0]["title"], "Add `s`", "{actions}");
    let edits = actions[0]["edit"]["changes"][url(&main)].as_array().unwrap().clone();
    assert!(apply(&text, &edits).contains("timeout = 5s"));

    // The imported file, opened and broken, is checked as part of the stack.
    c.open(&lib, LIB);
    c.change(
        &lib,
        json!({ "start": pos(LIB, "jobs", 0), "end": pos(LIB, "jobs", 4) }),
        "work",
    );
    let diags = c.diagnostics(&url(&main));
    assert!(diags.iter().any(|d| d["code"] == "LF0204"), "{diags:?}");
    c.shutdown();
}

#[test]
fn hover_completion_navigation_rename_symbols_and_formatting() {
    let (_dir, main, lib) = project();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, STACK);
    c.diagnostics(&url(&main));

    let hover = |c: &mut Client, needle: &str, skip: usize| {
        let h = c.call("textDocument/hover", at(&main, STACK, needle, skip));
        h["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    let h = hover(&mut c, "jobs", 1);
    assert!(h.contains("`jobs.arn`: `Fn::GetAtt [JobsQueue, Arn]`"), "{h}");
    assert!(h.contains("declared in lib.lf:1"), "{h}");
    let h = hover(&mut c, "timeout", 2);
    assert!(h.contains("default: `3s`") && h.contains("1–900 s"), "{h}");
    let h = hover(&mut c, "allow read", 1);
    assert!(h.contains("`s3:GetObject`") && h.contains("`s3:ListBucket`"), "{h}");
    let h = hover(&mut c, "cron(", 2);
    assert_eq!(h.matches(" 12:00").count(), 3, "{h}");
    let h = hover(&mut c, "python3.13", 3);
    assert!(h.contains("deprecated: 2029-06-30"), "{h}");

    let labels = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let items = c.call("textDocument/completion", at(&main, STACK, "on sqs jobs", 7));
    assert_eq!(labels(&items), ["jobs", "failed"]);
    let items = c.call("textDocument/completion", at(&main, STACK, "allow read uploads", 11));
    assert_eq!(labels(&items), ["uploads"]);
    let items = c.call("textDocument/completion", at(&main, STACK, "runtime = python3.13", 10));
    let python = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "python3.9")
        .unwrap();
    assert_eq!(python["detail"], "deprecated 2025-12-15");
    assert_eq!(python["tags"], json!([1]));
    let items = c.call("textDocument/completion", at(&main, STACK, "  handler", 2));
    assert!(labels(&items).contains(&"memory".to_string()) && labels(&items).contains(&"on".to_string()));

    let def = c.call("textDocument/definition", at(&main, STACK, "on sqs jobs", 8));
    assert_eq!(def["uri"], url(&lib));
    assert_eq!(def["range"]["start"], json!({ "line": 0, "character": 6 }));
    let refs = c.call(
        "textDocument/references",
        json!({ "textDocument": { "uri": url(&main) }, "position": pos(STACK, "jobs", 1), "context": { "includeDeclaration": true } }),
    );
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs}");

    let rename = |c: &mut Client, name: &str| {
        let mut p = at(&main, STACK, "jobs", 1);
        p["newName"] = json!(name);
        c.request("textDocument/rename", p)
    };
    let r = rename(&mut c, "work_queue");
    let changes = &r["result"]["changes"];
    assert_eq!(
        apply(LIB, changes[url(&lib)].as_array().unwrap()),
        "queue work_queue {}\nbucket uploads {}\nqueue failed {}\n"
    );
    assert!(apply(STACK, changes[url(&main)].as_array().unwrap()).contains("on sqs work_queue\n"));
    for bad in ["queue", "Bad-Name", "uploads"] {
        let r = rename(&mut c, bad);
        assert!(r["error"]["message"].as_str().is_some(), "{bad}: {r}");
    }

    let symbols = c.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": url(&main) } }),
    );
    assert_eq!(labels_of(&symbols, "name"), ["resize", "nightly"]);
    let symbols = c.call("workspace/symbol", json!({ "query": "up" }));
    assert_eq!(labels_of(&symbols, "name"), ["uploads"]);

    let ugly = "queue   jobs {\nvisibility_timeout=30s\n   retention = 4d }\n";
    c.open(&lib, ugly);
    let edits = c.call(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": url(&lib) }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = apply(ugly, edits.as_array().unwrap());
    assert_eq!(formatted, lfc::fmt::format_source(ugly).unwrap());
    assert_ne!(formatted, ugly);
    c.shutdown();
}

const SETTINGS: &str = r#"function f {
  runtime = python3.13
  handler = "index.handler"
  code = s3 { bucket = "artifacts", key = "f.zip" }
  logs { retention = 7d }
  on schedule "rate(1 day)" { via = scheduler, retry { attempts = 3 } }
}

topic alerts { display_name = "Alerts", tracing = active }

param size { type = number, default = "1" }

table items {
  key = { id = string }
  capacity { read = 5, write = 5 }
  indexes { by_owner { key = { owner = string }, project = keys_only } }
  ttl = "expires"
  pitr = true
  removal = retain
}

workflow flow {
  type = express
  # a comment: type = standard
  steps {
    fetch { invoke = f, next = store, retry { attempts = 4, interval = 2s } }
    store { put = items, item = "$.item" }
  }
}
"#;

/// Hover and completion reach every block: workflow steps and their
/// settings, table capacity and indexes, topic and schedule settings, with
/// the words enums take and the names a step may name.
#[test]
fn hover_and_completion_cover_steps_and_resource_settings() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().canonicalize().unwrap().join("stack.lf");
    std::fs::write(&main, SETTINGS).unwrap();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, SETTINGS);
    c.diagnostics(&url(&main));

    let hover = |c: &mut Client, needle: &str, skip: usize| {
        let h = c.call("textDocument/hover", at(&main, SETTINGS, needle, skip));
        h["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    for (needle, skip, expected) in [
        ("display_name", 1, &["topic property", "at most 100 characters"][..]),
        ("tracing = active", 1, &["`active`, `pass_through`"]),
        ("via = scheduler", 1, &["`on schedule` option", "`rule`, `scheduler`"]),
        ("attempts = 3", 1, &["`retry` setting", "0–185"]),
        ("capacity {", 1, &["table property", "on demand"]),
        ("project", 1, &["default: `all`", "`keys_only`"]),
        ("pitr", 1, &["1–35 days"]),
        ("removal", 1, &["default: `retain`", "`retain`, `delete`"]),
        ("type = express", 1, &["workflow property", "`standard`, `express`"]),
        ("invoke", 1, &["step setting", "call a function"]),
        ("attempts = 4", 1, &["`retry` setting", "0–99"]),
        ("item =", 1, &["`put`: the path of the item"]),
        ("type = number", 1, &["param property", "`ssm_list`"]),
        ("retention = 7d", 1, &["`logs` setting", "default: `30d`"]),
        ("handler", 1, &["function property", "at most 128 characters"]),
    ] {
        let h = hover(&mut c, needle, skip);
        for e in expected {
            assert!(h.contains(e), "hover on `{needle}`: {e:?} not in\n{h}");
        }
    }
    assert_eq!(hover(&mut c, "type = standard", 1), "", "no hover in a comment");

    let complete = |c: &mut Client, needle: &str, skip: usize| {
        c.call("textDocument/completion", at(&main, SETTINGS, needle, skip))
    };
    let labels = |items: &Value| labels_of(items, "label");
    for (needle, skip, expected) in [
        ("type = express", 7, &["standard", "express"][..]),
        ("via = scheduler", 6, &["rule", "scheduler"]),
        ("tracing = active", 10, &["active", "pass_through"]),
        ("project = keys_only", 10, &["all", "keys_only"]),
        ("removal = retain", 10, &["retain", "delete"]),
        ("next = store", 7, &["fetch", "store"]),
        ("invoke = f", 9, &["f"]),
        ("put = items", 6, &["items"]),
        ("read = 5", 0, &["read"]),
        ("retry { attempts = 3", 8, &["attempts", "max_age"]),
        ("retry { attempts = 4", 8, &["errors", "attempts", "backoff"]),
    ] {
        assert_eq!(
            labels(&complete(&mut c, needle, skip)),
            expected,
            "completion at `{needle}`"
        );
    }
    let in_step = complete(&mut c, "item = ", 0);
    for key in ["next", "end", "retry", "catch", "timeout", "heartbeat", "item"] {
        assert!(labels(&in_step).contains(&key.to_string()), "{key} in {in_step}");
    }
    // `put` is written: neither it nor another kind key is offered again.
    for key in ["put", "invoke", "choice"] {
        assert!(!labels(&in_step).contains(&key.to_string()), "{key} in {in_step}");
    }
    let in_table = complete(&mut c, "  ttl", 2);
    for key in ["ttl", "stream", "name", "tags"] {
        assert!(labels(&in_table).contains(&key.to_string()), "{key} in {in_table}");
    }
    for key in ["key", "capacity", "pitr", "removal"] {
        assert!(
            !labels(&in_table).contains(&key.to_string()),
            "{key} is set: {in_table}"
        );
    }
    let ttl = in_table
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "ttl")
        .unwrap();
    assert!(
        ttl["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("- default: none"),
        "{ttl}"
    );
    let in_param = labels(&complete(&mut c, "default = \"1\"", 0));
    assert!(in_param.contains(&"no_echo".to_string()) && in_param.contains(&"pattern".to_string()));
    let in_index = complete(&mut c, "project =", 0);
    assert_eq!(labels(&in_index), ["sort", "project", "capacity"], "`key` is set");
    c.shutdown();
}

const NESTED_STEPS: &str = r#"function f {
  runtime = python3.13
  handler = "index.handler"
  code = s3 { bucket = "artifacts", key = "f.zip" }
}

workflow flow {
  start = fan
  steps {
    fan {
      parallel = [
        { steps { left { invoke = f, next = right }, right { pass = true } } },
        { start = solo, steps { solo { pass = true } } },
      ]
      next = each
    }
    each {
      map = "$.items", start = one
      steps { one { invoke = f, catch { next = two } }, two { succeed = true } }
      next = pick
    }
    pick { choice = [{ path = "$.a", equals = 1, next = fan }], otherwise = each }
  }
}
"#;

/// After `next =`, `otherwise =` and `start =` completion offers the steps
/// of the same `steps` block only: not a branch's or a map's steps outside
/// them, nor the outer steps inside them.
#[test]
fn step_names_come_from_the_same_steps_block() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().canonicalize().unwrap().join("stack.lf");
    std::fs::write(&main, NESTED_STEPS).unwrap();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, NESTED_STEPS);
    c.diagnostics(&url(&main));
    for (needle, skip, expected) in [
        ("start = fan", 8, &["fan", "each", "pick"][..]),
        ("next = each", 7, &["fan", "each", "pick"]),
        ("next = right", 7, &["left", "right"]),
        ("start = solo", 8, &["solo"]),
        ("start = one", 8, &["one", "two"]),
        ("next = two", 7, &["one", "two"]),
        ("next = pick", 7, &["fan", "each", "pick"]),
        ("next = fan", 7, &["fan", "each", "pick"]),
        ("otherwise = each", 12, &["fan", "each", "pick"]),
    ] {
        let items = c.call("textDocument/completion", at(&main, NESTED_STEPS, needle, skip));
        assert_eq!(labels_of(&items, "label"), expected, "completion at `{needle}`");
    }
    c.shutdown();
}

fn labels_of(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_panic_in_one_request_is_an_error_and_the_next_request_works() {
    let (_dir, main, _) = project();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, STACK);
    let r = c.request("lfc/panic", Value::Null);
    assert_eq!(r["error"]["code"], -32603, "{r}");
    let r = c.request("textDocument/hover", json!({ "bad": "params" }));
    assert!(
        r["error"]["message"].as_str().unwrap().contains("bad parameters"),
        "{r}"
    );
    let h = c.call("textDocument/hover", at(&main, STACK, "jobs", 1));
    assert!(h["contents"]["value"].as_str().unwrap().contains("JobsQueue"));
    c.shutdown();
}

/// What both editor clients must have seen after the same session
/// (tests/it/nvim/driver.lua, tests/it/vscode/client.js): hover text,
/// completion items, the quick fix applied and the diagnostics it clears,
/// an error typed and fixed, the formatter's edits applied, a rename's edits
/// in both files.
fn check_editor_session(seen: &Value) {
    let hover = seen["hover"].as_str().unwrap_or_default();
    assert!(hover.contains("`jobs.arn`: `Fn::GetAtt [JobsQueue, Arn]`"), "{seen}");
    assert_eq!(seen["completion"], json!(["jobs", "failed"]), "{seen}");
    let fix = &seen["code_action"];
    assert_eq!(fix["title"], "Change `m` to `min`", "{seen}");
    assert!(fix["line"].as_str().unwrap().ends_with("timeout = 5min"), "{seen}");
    assert_eq!(fix["after"], json!([]), "{seen}");
    let typed = &seen["did_change"];
    assert_eq!(typed[0]["typed"], "jbos", "{seen}");
    assert_eq!(typed[0]["diagnostics"][0]["code"], "LF0204", "{seen}");
    assert_eq!(typed[1]["diagnostics"], json!([]), "{seen}");
    let f = &seen["formatting"];
    let before = f["before"].as_str().unwrap();
    assert_eq!(
        f["after"].as_str(),
        lfc::fmt::format_source(before).ok().as_deref(),
        "{seen}"
    );
    assert_ne!(f["after"], f["before"], "{seen}");
    assert_eq!(seen["rename"]["main"], "  on sqs work_queue", "{seen}");
    assert_eq!(seen["rename"]["lib"], LIB.replacen("jobs", "work_queue", 1), "{seen}");
}

/// Runs an editor client (`program args…`, with the extra environment `env`)
/// on the project with `timeout = 5m`; returns the JSON it wrote of what it saw.
fn run_client(dir: &Path, main: &Path, lib: &Path, client: (&Path, &[&OsStr]), env: (&str, &Path)) -> Value {
    let (program, args) = client;
    std::fs::write(main, STACK.replacen("30s", "5m", 1)).unwrap();
    let out = dir.join("seen.json");
    let status = Command::new("timeout")
        .arg("90")
        .arg(program)
        .args(args)
        .env("LFC_BIN", env!("CARGO_BIN_EXE_lfc"))
        .env("LFC_TODAY", common::TODAY)
        .env("LFC_FILE", main)
        .env("LFC_MAIN", main)
        .env("LFC_LIB", lib)
        .env("LFC_OUT", &out)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env(env.0, env.1)
        .stdin(Stdio::null())
        .status()
        .unwrap();
    let seen: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default()).unwrap_or_default();
    assert!(status.success(), "{} exited {status}: {seen}", program.display());
    seen
}

/// Neovim's built-in LSP client, headless: the diagnostic arrives with its
/// code at the right byte column (Neovim converts the server's UTF-16
/// columns), `vim.lsp.buf.definition()` moves the cursor into the other
/// file, and the common session holds. What it saw is written to the
/// target folder (`neovim-saw.json`) for docs/editors.md.
#[test]
fn neovim_drives_the_server_through_an_editing_session() {
    let Some(nvim) = common::tool("NVIM", ".venv/bin/nvim") else {
        return;
    };
    let (dir, main, lib) = project();
    let driver = format!("luafile {}", common::root().join("tests/it/nvim/driver.lua").display());
    let args: Vec<&OsStr> = [
        "--headless",
        "--clean",
        "-u",
        "NONE",
        "-n",
        "-c",
        &driver,
        "-c",
        "cquit 9",
    ]
    .into_iter()
    .map(OsStr::new)
    .collect();
    let seen = run_client(
        dir.path(),
        &main,
        &lib,
        (&nvim, &args),
        ("NVIM_LOG_FILE", &dir.path().join("nvim.log")),
    );
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("neovim-saw.json"),
        serde_json::to_string_pretty(&seen).unwrap(),
    )
    .unwrap();
    let broken = STACK.replacen("30s", "5m", 1);
    let d = &seen["diagnostics"][0];
    assert_eq!(d["code"], "LF0104", "{seen}");
    // Neovim's columns are bytes: the line's `m` after an emoji and accents.
    let line = broken.lines().find(|l| l.contains("5m")).unwrap();
    assert_eq!(d["col"], line.find("5m").unwrap() + 1, "{seen}");
    assert_eq!(d["end_col"], line.find("5m").unwrap() + 2, "{seen}");
    assert_eq!(d["lnum"], pos(&broken, "5m", 0)["line"], "{seen}");
    let def = &seen["definition"];
    assert_eq!(
        (&def["file"], &def["row"], &def["col"], &def["word"]),
        (&json!("lib.lf"), &json!(0), &json!(6), &json!("jobs")),
        "{seen}"
    );
    check_editor_session(&seen);
}

/// VS Code's protocol library (`vscode-languageserver-protocol`, under
/// `vscode-languageclient`) drives the server from Node: diagnostics with
/// UTF-16 ranges, the definition's location, a refused rename, and the
/// common session.
#[test]
fn vscode_protocol_client_drives_the_server_through_an_editing_session() {
    let Some(modules) = common::tool("LFC_NODE_MODULES", "tests/it/vscode/node_modules") else {
        return;
    };
    let (dir, main, lib) = project();
    let client = common::root().join("tests/it/vscode/client.js");
    let node = std::env::var_os("NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    let seen = run_client(
        dir.path(),
        &main,
        &lib,
        (&node, &[client.as_os_str()]),
        ("NODE_PATH", &modules),
    );
    let broken = STACK.replacen("30s", "5m", 1);
    assert_eq!(seen["server"]["name"], "lfc", "{seen}");
    let d = &seen["diagnostics"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "{seen}");
    assert_eq!(d[0]["code"], "LF0104", "{seen}");
    let range = json!({ "start": pos(&broken, "5m", 1), "end": pos(&broken, "5m", 2) });
    assert_eq!(d[0]["range"], range, "{seen}");
    let def = &seen["definition"];
    assert_eq!(def["uri"], url(&lib), "{seen}");
    assert_eq!(def["range"]["start"], json!({ "line": 0, "character": 6 }), "{seen}");
    let refused = seen["rename_refused"].as_str().unwrap_or_default();
    assert!(refused.contains("queue"), "{seen}");
    check_editor_session(&seen);
}

/// While typing, a stack is checked without emitting its template; once the
/// editor is quiet it is compiled in full, and the template's own
/// diagnostics (here: more than 500 resources) follow.
#[test]
fn template_diagnostics_follow_once_the_editor_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().canonicalize().unwrap().join("stack.lf");
    let text: String = (0..501).map(|i| format!("queue q{i} {{}}\n")).collect();
    std::fs::write(&main, &text).unwrap();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, &text);
    let codes = |d: Vec<Value>| {
        d.iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(c.diagnostics(&url(&main))), Vec::<String>::new());
    assert_eq!(codes(c.diagnostics(&url(&main))), ["LF0601"]);
    c.shutdown();
}

/// A queue whose visibility timeout is shorter than its poller's timeout:
/// the quick fix raises it to 6 × timeout + window, in the imported file.
#[test]
fn the_visibility_timeout_fix_raises_it_in_the_imported_file() {
    let (_dir, main, lib) = project();
    let short = LIB.replacen("queue jobs {}", "queue jobs { visibility_timeout = 10s }", 1);
    std::fs::write(&lib, &short).unwrap();
    let mut c = Client::start(main.parent().unwrap());
    c.open(&main, STACK);
    let diags = c.diagnostics(&url(&lib));
    assert_eq!(diags[0]["code"], "LF0405", "{diags:?}");
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": url(&lib) }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    assert_eq!(actions[0]["title"], "Change `10s` to `180s`", "{actions}");
    let edits = actions[0]["edit"]["changes"][url(&lib)].as_array().unwrap().clone();
    assert!(apply(&short, &edits).starts_with("queue jobs { visibility_timeout = 180s }"));
    c.shutdown();
}

/// Two stacks open: a change in one re-checks that one only.
#[test]
fn only_the_stack_holding_the_changed_file_is_checked_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    let (a, b) = (root.join("a/stack.lf"), root.join("b/stack.lf"));
    std::fs::write(&a, LIB).unwrap();
    std::fs::write(&b, LIB).unwrap();
    let mut c = Client::start(&root);
    c.open(&b, LIB);
    c.diagnostics(&url(&b));
    c.diagnostics(&url(&b)); // and the full compilation once quiet
    c.open(&a, LIB);
    c.diagnostics(&url(&a));
    c.change(
        &a,
        json!({ "start": pos(LIB, "jobs", 0), "end": pos(LIB, "jobs", 4) }),
        "Jobs",
    );
    assert_eq!(c.diagnostics(&url(&a))[0]["code"], "LF0201");
    // Publishing comes before answering: a request answered means nothing else is pending.
    c.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": url(&a) } }),
    );
    let others: Vec<&Value> = c.backlog.iter().filter(|m| m["params"]["uri"] == url(&b)).collect();
    assert!(others.is_empty(), "{others:?}");
    c.shutdown();
}
