//! `cargo bench --bench diff`: how long `lfc diff` takes on two templates
//! of the benchmark stack (benches/common) where 10 % of the functions
//! changed memory — reading both JSON files, comparing, rendering JSON.
//!
//! Prints medians of repeated runs; numbers go to docs/performance.md.
//! `cargo bench --bench diff -- --write DIR` writes `base-N.json` and
//! `head-N.json` for timing the binary against other differs.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lfc::diff::{self, Doc};
use lfc::model::load::MemoryReader;

mod common;

/// The template of the benchmark stack; with `changed`, every tenth function has 1 GB.
fn template(n: usize, changed: bool) -> String {
    let src = common::stack_with(n, |i| if changed && i % 10 == 0 { 1024 } else { 512 });
    let mut reader = MemoryReader::default();
    reader.files.insert(PathBuf::from("stack.lf"), src);
    let opts = lfc::Options {
        vars: Vec::new(),
        today: "2026-11-27".into(),
        package: false,
    };
    let out = lfc::compile(&PathBuf::from("stack.lf"), "stack.lf", &reader, &opts).unwrap();
    out.template_json.unwrap()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let sizes = [1000, 5000];
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)) {
        for n in sizes {
            let dir = PathBuf::from(dir);
            std::fs::write(dir.join(format!("base-{n}.json")), template(n, false)).unwrap();
            std::fs::write(dir.join(format!("head-{n}.json")), template(n, true)).unwrap();
        }
        return;
    }
    println!("| functions | resources | template bytes | changed resources | read both | diff | render JSON | total |");
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let (base, head) = (template(n, false), template(n, true));
        let mut rows = Vec::new();
        let mut resources = 0;
        let mut changed = 0;
        for _ in 0..11 {
            let (base, head) = (base.clone(), head.clone());
            let t0 = Instant::now();
            let b = Doc::from_template_text("base.json", base).unwrap();
            let h = Doc::from_template_text("head.json", head).unwrap();
            let t1 = Instant::now();
            let d = diff::diff(&b, &h);
            let t2 = Instant::now();
            std::hint::black_box(diff::render::json(&d));
            let t3 = Instant::now();
            resources = h.resources.len();
            changed = d.resources.len();
            rows.push([t1 - t0, t2 - t1, t3 - t2, t3 - t0]);
        }
        let col = |i: usize| median(rows.iter().map(|r| r[i]).collect());
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {n} | {resources} | {} | {changed} | {} | {} | {} | {} |",
            base.len(),
            ms(col(0)),
            ms(col(1)),
            ms(col(2)),
            ms(col(3))
        );
    }
}
