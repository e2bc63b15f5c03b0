//! `cargo bench --bench lsp`: the language server's latencies on the
//! benchmark stack (1000 functions, one 280 KB file), in-process over
//! `lsp-server`'s memory transport: didChange → publishDiagnostics (the
//! debounce included), hover and completion, and the resident memory the
//! server's state adds. Numbers go to docs/editors.md and docs/performance.md.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

mod common;

fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// CPU time the process has used (user + system), from `/proc/self/stat`
/// (clock ticks of 10 ms): on a loaded machine, the cost without the wait.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with `)`): utime is the 12th, stime the 13th.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Client {
    conn: Connection,
    id: i32,
}

impl Client {
    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(method.into(), params)))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.id += 1;
        let id = RequestId::from(self.id);
        self.conn
            .sender
            .send(Message::Request(Request::new(id.clone(), method.into(), params)))
            .unwrap();
        loop {
            if let Message::Response(r) = self.conn.receiver.recv().unwrap() {
                if r.id == id {
                    return r.result.unwrap_or_default();
                }
            }
        }
    }

    /// Waits for the diagnostics of `uri`; returns how many there are.
    fn diagnostics(&self, uri: &str) -> usize {
        loop {
            if let Message::Notification(n) = self.conn.receiver.recv().unwrap() {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
            }
        }
    }
}

/// `runs` edits of the timeout on `line` of `uri` (`10s` ↔ `11s`), each
/// timed from didChange to its diagnostics.
fn edits(c: &Client, uri: &str, line: usize, runs: usize) -> Vec<Duration> {
    (0..runs)
        .map(|i| {
            let digit = if i % 2 == 0 { "1" } else { "0" };
            let change = json!({ "range": { "start": { "line": line, "character": 13 }, "end": { "line": line, "character": 14 } }, "text": digit });
            let t = Instant::now();
            c.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": i + 2 }, "contentChanges": [change] }),
            );
            c.diagnostics(uri);
            t.elapsed()
        })
        .collect()
}

/// The benchmark stack's 1000 functions in ten files imported by a main
/// file; one file open and edited: the median time to its diagnostics.
fn multi_file(c: &Client, dir: &std::path::Path, runs: usize) -> Duration {
    let dir = dir.join("multi");
    std::fs::create_dir_all(&dir).unwrap();
    // `stack_of` starts with the stack block, the layer and the queue (five lines).
    let header = common::stack_of(0..0, |_| 512);
    let imports: String = (0..10).map(|p| format!("import \"part{p}.lf\"\n")).collect();
    std::fs::write(dir.join("main.lf"), header + &imports).unwrap();
    for p in 0..10 {
        let part: String = common::stack_of(p * 100..(p + 1) * 100, |_| 512)
            .lines()
            .skip(5)
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.join(format!("part{p}.lf")), part).unwrap();
    }
    let path = dir.join("part3.lf");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = lsp_types::Url::from_file_path(&path).unwrap().to_string();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "lf", "version": 1, "text": text } }),
    );
    c.diagnostics(&uri);
    let line = text.lines().position(|l| l == "function f350 {").unwrap() + 4;
    median(edits(c, &uri, line, runs))
}

fn main() {
    let n = 1000;
    let text = common::stack(n);
    let dir = std::env::temp_dir().join(format!("lfc-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("stack.lf");
    let uri = lsp_types::Url::from_file_path(&path).unwrap().to_string();

    let before = rss_kb();
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || lfc::lsp::run(&server, "2026-11-27".into()).map_err(|e| e.to_string()));
    let mut c = Client { conn: client, id: 0 };
    c.request("initialize", json!({ "processId": null, "capabilities": {} }));
    c.notify("initialized", json!({}));

    let t = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "lf", "version": 1, "text": text } }),
    );
    let count = c.diagnostics(&uri);
    let open = t.elapsed();
    let after = rss_kb();

    // Edit function 500's timeout back and forth: `10s` ↔ `11s`.
    let line = text.lines().position(|l| l == "function f500 {").unwrap() + 4;
    let runs = 21;
    let cpu_before = cpu();
    let changes = edits(&c, &uri, line, runs);
    let cpu_per_change = (cpu() - cpu_before) / u32::try_from(runs).unwrap();
    // One more change, then silence: the full compilation follows the check.
    let change = json!({ "range": { "start": { "line": line, "character": 13 }, "end": { "line": line, "character": 14 } }, "text": "5" });
    let t = Instant::now();
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 99 }, "contentChanges": [change] }),
    );
    c.diagnostics(&uri);
    let full_count = c.diagnostics(&uri);
    let full = t.elapsed();

    let at = |line: usize, character: usize| json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    let layers = line + 1; // `  layers = [shared]`
    let hover = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let h = c.request("textDocument/hover", at(layers, 14));
                let took = t.elapsed();
                assert!(h["contents"]["value"].as_str().unwrap().contains("SharedLayer"), "{h}");
                took
            })
            .collect(),
    );
    let completion = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let items = c.request("textDocument/completion", at(layers, 12));
                let took = t.elapsed();
                assert_eq!(items[0]["label"], "shared", "{items}");
                took
            })
            .collect(),
    );
    // A key in function 500's block: the text before the cursor (half the
    // file) is scanned for the open blocks.
    let key_completion = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let items = c.request("textDocument/completion", at(layers, 2));
                let took = t.elapsed();
                assert!(
                    items.as_array().unwrap().iter().any(|i| i["label"] == "storage"),
                    "{items}"
                );
                took
            })
            .collect(),
    );
    let multi = multi_file(&c, &dir, runs);
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    thread.join().unwrap().unwrap();
    std::fs::remove_dir_all(&dir).ok();

    println!(
        "| {n} functions, {} bytes, {count} diagnostics | median of {runs} |",
        text.len()
    );
    println!("|---|---|");
    println!("| didOpen → publishDiagnostics | {} (one run) |", ms(open));
    println!(
        "| didChange → publishDiagnostics (incl. {} debounce) | {} |",
        ms(lfc::lsp::DEBOUNCE),
        ms(median(changes))
    );
    println!(
        "| CPU time per didChange (whole process, mean) | {} |",
        ms(cpu_per_change)
    );
    println!(
        "| didChange → full compilation published ({} diagnostics; {} pause + compile) | {} (one run) |",
        full_count,
        ms(lfc::lsp::IDLE),
        ms(full)
    );
    println!(
        "| the same stack in 11 files: didChange in one → publishDiagnostics | {} |",
        ms(multi)
    );
    println!("| hover (a layer name) | {} |", ms(hover));
    println!("| completion (`layers = [`) | {} |", ms(completion));
    println!(
        "| completion (a key in function 500's block) | {:.3} ms |",
        key_completion.as_secs_f64() * 1000.0
    );
    println!(
        "| resident memory the open stack adds | {} MB |",
        after.saturating_sub(before) / 1024
    );
}
