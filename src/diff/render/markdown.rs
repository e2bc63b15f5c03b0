//! `--format markdown`: a pull request comment. A summary line, the
//! security table first, one table row per changed resource, and each
//! resource's property changes in its own collapsed `<details>`, cut before
//! GitHub's comment size limit.

use std::fmt::Write;

use super::{location, one_line, replacement_word, security_label, summary_line, Diff};
use crate::diff::{Change, EntryChange, ResourceChange};

/// GitHub refuses comments over 65,536 characters; stay well below.
const BUDGET: usize = 60_000;
/// Width a value is cut to in a table cell.
const VALUE_WIDTH: usize = 80;

/// Text safe inside a table cell's code span.
fn code(s: &str) -> String {
    let s = s.replace('|', "\\|").replace('\n', " ");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Text safe inside a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn icon(c: Change) -> &'static str {
    match c {
        Change::Added => "➕",
        Change::Removed => "➖",
        Change::Modified => "✏️",
    }
}

fn source_cell(r: &ResourceChange) -> String {
    let source = match (&r.location, &r.source) {
        (Some(l), _) => cell(&location(l)),
        (None, Some(s)) => code(s),
        (None, None) => String::new(),
    };
    match &r.stack {
        Some(stack) if source.is_empty() => format!("in {}", code(stack)),
        Some(stack) => format!("{source} in {}", code(stack)),
        None => source,
    }
}

/// The diff as GitHub-flavoured Markdown; `graph` (a Mermaid block from
/// [`crate::diff::graph::mermaid`]) goes before the details.
pub fn markdown(diff: &Diff, graph: Option<&str>) -> String {
    let mut out = String::from("### lfc diff\n\n");
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(out, "**{}**\n", summary_line(diff));
    if !diff.security.is_empty() {
        out.push_str("#### Security\n\n| | Resource | Finding | Detail |\n|---|---|---|---|\n");
        for f in &diff.security {
            let _ = writeln!(
                out,
                "| ⚠️ | {} | {} | {} |",
                code(&f.logical_id),
                security_label(f.kind),
                cell(&f.detail)
            );
        }
        out.push('\n');
    }
    if !diff.resources.is_empty() {
        out.push_str("#### Resources\n\n| | Resource | Type | Replacement | Source |\n|---|---|---|---|---|\n");
        for r in &diff.resources {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                icon(r.change),
                code(&r.logical_id),
                code(&r.kind),
                replacement_word(r.replacement),
                source_cell(r)
            );
        }
        out.push('\n');
    }
    entries(&mut out, "Outputs", &diff.outputs);
    entries(&mut out, "Parameters", &diff.parameters);
    if let Some(g) = graph.filter(|g| !g.is_empty()) {
        out.push_str("#### Dependency graph of the changes\n\n");
        out.push_str(g);
        out.push('\n');
    }
    details(&mut out, diff);
    out
}

/// One collapsed block per resource with property changes or warnings.
fn details(out: &mut String, diff: &Diff) {
    let shown: Vec<&ResourceChange> = diff
        .resources
        .iter()
        .filter(|r| !r.properties.is_empty() || !r.warnings.is_empty())
        .collect();
    for (i, r) in shown.iter().enumerate() {
        let mut block = String::new();
        let mut title = format!("{} <code>{}</code>", icon(r.change), cell(&r.logical_id));
        if !r.properties.is_empty() {
            let _ = write!(
                title,
                ": {} propert{}",
                r.properties.len(),
                if r.properties.len() == 1 { "y" } else { "ies" }
            );
        }
        if !r.warnings.is_empty() {
            title.push_str(" ⚠️");
        }
        let _ = writeln!(block, "<details><summary>{title}</summary>\n");
        for w in &r.warnings {
            let _ = writeln!(block, "> ⚠️ {}\n", cell(w));
        }
        if !r.properties.is_empty() {
            block.push_str("| Path | Old | New | Replacement |\n|---|---|---|---|\n");
            for p in &r.properties {
                let new = if p.old == p.new {
                    "refers to a replaced resource".to_string()
                } else {
                    code(&one_line(&p.new, VALUE_WIDTH))
                };
                let _ = writeln!(
                    block,
                    "| {} | {} | {} | {} |",
                    code(&p.path),
                    code(&one_line(&p.old, VALUE_WIDTH)),
                    new,
                    replacement_word(p.replacement)
                );
            }
            block.push('\n');
        }
        block.push_str("</details>\n");
        if out.len() + block.len() > BUDGET {
            let _ = writeln!(
                out,
                "\n… and {} more; run `lfc diff` locally for the rest.",
                shown.len() - i
            );
            return;
        }
        out.push_str(&block);
    }
}

fn entries(out: &mut String, title: &str, list: &[EntryChange]) {
    if list.is_empty() {
        return;
    }
    let _ = write!(out, "#### {title}\n\n| | Name | Old | New |\n|---|---|---|---|\n");
    for e in list {
        let new = if e.replaced_refs.is_empty() {
            code(&one_line(&e.new, VALUE_WIDTH))
        } else {
            format!("changes: refers to replaced {}", cell(&e.replaced_refs.join(", ")))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            icon(e.change),
            code(&e.name),
            code(&one_line(&e.old, VALUE_WIDTH)),
            new
        );
    }
    out.push('\n');
}
