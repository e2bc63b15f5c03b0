//! `cargo bench`: how long lfc takes on the benchmark stack of
//! reference/peers.md — N functions, each with memory, timeout, env, one
//! shared layer and one trigger cycling s3, http, schedule, sqs, sns,
//! dynamodb and event — split by stage, plus peak memory.
//!
//! Prints medians of repeated runs; numbers go to docs/performance.md.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lfc::diagnostics::Diagnostics;
use lfc::model::load::MemoryReader;
use lfc::source::FileId;

mod common;
use common::stack;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo bench --bench compile -- --write DIR` writes the stacks as files,
    // for timing the binary (hyperfine) or profiling it (perf).
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)) {
        for n in [10, 100, 1000, 3000] {
            std::fs::write(PathBuf::from(dir).join(format!("bench-{n}.lf")), stack(n)).expect("writable folder");
        }
        return;
    }
    let runs = 21;
    println!("| functions | .lf bytes | resources | parse | parse+model | full compile (+ check, emit, order, JSON text) | JSON bytes |");
    println!("|---|---|---|---|---|---|---|");
    for n in [10, 100, 1000, 3000] {
        let text = stack(n);
        let mut reader = MemoryReader::default();
        reader.files.insert(PathBuf::from("stack.lf"), text.clone());
        let opts = lfc::Options {
            vars: Vec::new(),
            today: "2026-11-27".into(),
            package: false,
        };
        let parse = time(runs, || {
            let mut d = Diagnostics::default();
            std::hint::black_box(lfc::syntax::parse_file(FileId(0), &text, &mut d));
        });
        let model = time(runs, || {
            let mut d = Diagnostics::default();
            let loaded = lfc::model::load::load(&PathBuf::from("stack.lf"), "stack.lf", &reader, &mut d).unwrap();
            std::hint::black_box(lfc::model::build(&loaded, &lfc::model::BuildOptions::default(), &mut d));
        });
        let mut resources = 0;
        let mut bytes = 0;
        let full = time(runs, || {
            // Everything `lfc check` does; stacks past 500 resources get LF0601,
            // but the template is still emitted and serialised.
            let out = lfc::compile(&PathBuf::from("stack.lf"), "stack.lf", &reader, &opts).unwrap();
            resources = out.template.as_ref().map_or(0, |t| t.resources.len());
            bytes = out.template_json.as_ref().map_or(0, String::len);
        });
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {n} | {} | {resources} | {} | {} | {} | {bytes} |",
            text.len(),
            ms(parse),
            ms(model),
            ms(full)
        );
    }
    if let Some(kb) = peak_rss_kb() {
        println!("\npeak resident memory of the whole run: {} MB", kb / 1024);
    }
}
