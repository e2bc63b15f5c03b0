//! `--format text`: a tree for terminals, coloured only when asked.

use std::fmt::Write;

use owo_colors::{OwoColorize, Style};

use super::{change_sign, location, one_line, replacement_word, security_label, summary_line, Diff};
use crate::diff::{Change, EntryChange, Replacement};

/// Width a value is cut to.
const VALUE_WIDTH: usize = 100;

struct Painter(bool);

impl Painter {
    fn paint(&self, s: &str, style: Style) -> String {
        if self.0 {
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }

    fn change(&self, c: Change) -> Style {
        match c {
            Change::Added => Style::new().green(),
            Change::Removed => Style::new().red(),
            Change::Modified => Style::new().yellow(),
        }
    }
}

/// The diff as a text tree; `color` adds ANSI colours.
pub fn text(diff: &Diff, color: bool) -> String {
    let p = Painter(color);
    let mut out = String::new();
    if diff.is_empty() {
        return "lfc diff: no changes\n".to_string();
    }
    let _ = writeln!(out, "lfc diff: {}", summary_line(diff));
    if !diff.security.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint("Security", Style::new().bold()));
        for f in &diff.security {
            let _ = writeln!(
                out,
                "  {} {}  {}: {}",
                p.paint("!", Style::new().magenta().bold()),
                f.logical_id,
                p.paint(security_label(f.kind), Style::new().magenta()),
                f.detail
            );
        }
    }
    if !diff.resources.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint("Resources", Style::new().bold()));
    }
    for r in &diff.resources {
        let mut head = format!(
            "  {} {}  {}",
            p.paint(change_sign(r.change), p.change(r.change)),
            p.paint(&r.logical_id, p.change(r.change)),
            r.kind
        );
        if r.replacement != Replacement::None {
            let _ = write!(
                head,
                "  {}",
                p.paint(replacement_word(r.replacement), Style::new().red().bold())
            );
        }
        if let Some(stack) = &r.stack {
            let _ = write!(head, "  in {stack}");
        }
        if let Some(l) = &r.location {
            let _ = write!(head, "  ({})", location(l));
        } else if let Some(s) = &r.source {
            let _ = write!(head, "  ({s})");
        }
        let _ = writeln!(out, "{head}");
        let rows = r.properties.len() + r.warnings.len();
        for (i, prop) in r.properties.iter().enumerate() {
            let branch = if i + 1 == rows { "└─" } else { "├─" };
            let mut line = format!(
                "      {branch} {}: {} → {}",
                prop.path,
                one_line(&prop.old, VALUE_WIDTH),
                one_line(&prop.new, VALUE_WIDTH)
            );
            if prop.old == prop.new {
                line = format!("      {branch} {}: refers to a replaced resource", prop.path);
            }
            if prop.replacement != Replacement::None {
                let _ = write!(
                    line,
                    "  {}",
                    p.paint(replacement_word(prop.replacement), Style::new().red())
                );
            }
            let _ = writeln!(out, "{line}");
        }
        for (i, w) in r.warnings.iter().enumerate() {
            let branch = if r.properties.len() + i + 1 == rows {
                "└─"
            } else {
                "├─"
            };
            let _ = writeln!(
                out,
                "      {branch} {} {w}",
                p.paint("warning:", Style::new().yellow().bold())
            );
        }
    }
    entries(&mut out, &p, "Outputs", &diff.outputs);
    entries(&mut out, &p, "Parameters", &diff.parameters);
    out
}

fn entries(out: &mut String, p: &Painter, title: &str, list: &[EntryChange]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.paint(title, Style::new().bold()));
    for e in list {
        let sign = p.paint(change_sign(e.change), p.change(e.change));
        let detail = if e.replaced_refs.is_empty() {
            match e.change {
                Change::Added => one_line(&e.new, VALUE_WIDTH),
                Change::Removed => one_line(&e.old, VALUE_WIDTH),
                Change::Modified => {
                    format!("{} → {}", one_line(&e.old, VALUE_WIDTH), one_line(&e.new, VALUE_WIDTH))
                }
            }
        } else {
            format!("changes value: refers to replaced {}", e.replaced_refs.join(", "))
        };
        let _ = writeln!(out, "  {sign} {}: {detail}", e.name);
    }
}
