//! Generated documentation stays in step with the code: `docs/codes.md` is
//! the table of every diagnostic code. Run with `LFC_BLESS=1` to rewrite it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use lfc::diagnostics::Code;

fn codes_table() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Generated from `src/diagnostics/codes.rs` by `tests/it/docs.rs` (`LFC_BLESS=1 cargo test --test it docs`).\n\
         `lfc explain CODE` prints the full explanation.\n\n\
         | code | rule | what it means |\n|---|---|---|\n",
    );
    for c in Code::ALL {
        let first = c
            .explanation()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .replace('\n', " ")
            .replace('|', "\\|");
        out.push_str(&format!("| {} | {} | {} |\n", c.as_str(), c.title(), first));
    }
    out.push_str(
        "\n## Split codes\n\n\
         Each code means one thing. These rules once shared a code with an unrelated rule; they moved to\n\
         codes of their own, and the old codes kept their first meaning.\n\n\
         | old code | the rule that moved | new code |\n|---|---|---|\n",
    );
    for (old, rule, new) in Code::SPLITS {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            old.as_str(),
            rule.replace('|', "\\|"),
            new.as_str()
        ));
    }
    out
}

#[test]
fn docs_codes_md_lists_every_code() {
    let path = common::root().join("docs/codes.md");
    let want = codes_table();
    if std::env::var_os("LFC_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/codes.md is stale: run `LFC_BLESS=1 cargo test --test it docs`"
    );
}
