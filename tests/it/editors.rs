//! `editors/vscode`: the extension's JSON files parse, every regex of the
//! TextMate grammar compiles (with Python's `re`, whose syntax the grammar
//! keeps to: the common subset of Oniguruma's), and every keyword of the
//! language is highlighted by some pattern (and named in editors/vim).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use lfc::model::TriggerType;
use lfc::syntax::split::ITEM_KEYWORDS;

use crate::common;

fn json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(common::root().join("editors/vscode").join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every `match`, `begin` and `end` regex of the grammar.
fn regexes(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("match" | "begin" | "end", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => regexes(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| regexes(v, out)),
        _ => {}
    }
}

/// A line using `keyword`, and where the keyword stands in it.
fn sample(keyword: &str) -> (String, usize) {
    let line = match keyword {
        "import" => "import \"other.lf\"".to_string(),
        "var" | "output" => format!("{keyword} name = 1"),
        "on" | "allow" | "inline" | "true" | "false" => {
            return match keyword {
                "on" => ("  on sqs jobs".into(), 2),
                "allow" => ("  allow read uploads".into(), 2),
                "inline" => ("  code = inline \"\"\"".into(), 9),
                _ => (format!("  retain = {keyword}"), 11),
            }
        }
        trigger if TriggerType::from_keyword(trigger).is_some() => return (format!("  on {trigger} x"), 5),
        kind => format!("{kind} name {{"),
    };
    (line, 0)
}

#[test]
fn vscode_extension_files_parse_and_point_at_the_grammar() {
    let package = json("package.json");
    let grammar_path = package["contributes"]["grammars"][0]["path"].as_str().unwrap();
    let grammar = json(grammar_path);
    assert_eq!(grammar["scopeName"], package["contributes"]["grammars"][0]["scopeName"]);
    assert_eq!(package["contributes"]["languages"][0]["extensions"][0], ".lf");
    let config = json("language-configuration.json");
    assert_eq!(config["comments"]["lineComment"], "#");
}

#[test]
fn grammar_regexes_compile_and_cover_every_keyword() {
    let Some(python) = common::tool("LFC_TEST_PYTHON", ".venv/bin/python") else {
        return;
    };
    let mut patterns = Vec::new();
    regexes(&json("syntaxes/lf.tmLanguage.json"), &mut patterns);
    assert!(patterns.len() > 15, "{patterns:?}");
    let mut keywords: Vec<&str> = ITEM_KEYWORDS.to_vec();
    keywords.extend(["on", "allow", "inline", "true", "false"]);
    keywords.extend(TriggerType::ALL.iter().map(|t| t.keyword()));
    let samples: Vec<(&str, String, usize)> = keywords
        .iter()
        .map(|k| {
            let (line, at) = sample(k);
            assert_eq!(&line[at..at + k.len()], *k, "sample for {k}");
            (*k, line, at)
        })
        .collect();
    // Compiles every pattern, then prints each keyword no pattern matches.
    let script = r#"
import json, re, sys
data = json.load(sys.stdin)
compiled = [re.compile(p) for p in data["patterns"]]
for keyword, line, at in data["samples"]:
    if not any(m.start() <= at and at + len(keyword) <= m.end()
               for r in compiled for m in r.finditer(line)):
        print(keyword)
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::json!({ "patterns": patterns, "samples": samples });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "a pattern does not compile: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unmatched = String::from_utf8_lossy(&out.stdout);
    assert!(
        unmatched.trim().is_empty(),
        "keywords no pattern highlights:\n{unmatched}"
    );
    // The Vim syntax file names every keyword too.
    let vim = std::fs::read_to_string(common::root().join("editors/vim/syntax/lf.vim")).unwrap();
    let words: Vec<&str> = vim.split_whitespace().collect();
    for k in &keywords {
        assert!(words.contains(k), "editors/vim/syntax/lf.vim lacks `{k}`");
    }
}
