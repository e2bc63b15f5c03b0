//! The whole pipeline (parse → check → emit → render) on arbitrary text:
//! it must never panic or hang, and every diagnostic must carry help.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lfc::model::load::MemoryReader;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut reader = MemoryReader::default();
    reader.files.insert(PathBuf::from("stack.lf"), text.to_string());
    reader.files.insert(PathBuf::from("other.lf"), "queue shared {}\n".to_string());
    let opts = lfc::Options { vars: Vec::new(), today: "2026-11-27".into(), package: false };
    let out = lfc::compile(&PathBuf::from("stack.lf"), "stack.lf", &reader, &opts).expect("in memory");
    for d in out.diagnostics.iter() {
        assert!(d.help.is_some(), "{} without help", d.code.as_str());
    }
    let _ = lfc::diagnostics::render_human(&out.diagnostics, &out.sources, false);
    let _ = lfc::diagnostics::render_json(&out.diagnostics, &out.sources);
    let _ = lfc::diagnostics::render_sarif(&out.diagnostics, &out.sources);
    if let Some(t) = out.template {
        let json = t.to_json_string();
        assert!(json.ends_with("}\n"));
        let _ = t.to_yaml_string();
    }
});
