//! `workflow` declarations.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Block, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    pub(super) fn workflow(&mut self, body: &Block) -> Workflow {
        let mut p = Props::new(body, self.diags);
        let steps: Vec<Spanned<String>> = match p.take("steps") {
            Some(v) => self
                .reader()
                .list(v)
                .unwrap_or_default()
                .iter()
                .filter_map(|s| match self.target(s, &[Kind::Function], "a workflow step", false)? {
                    Target::Decl(n) => Some(n),
                    Target::Arn(_) => None,
                })
                .collect(),
            // Missing steps are reported by `check` (LF0416) with empty ones.
            None => Vec::new(),
        };
        let (mut attempts, mut interval, mut backoff) = (2, 1, 2.0);
        if let Some(block) = p.take("retry").and_then(|v| self.reader().block(v)) {
            let mut r = Props::new(&block, self.diags);
            if let Some(a) = self.int(&mut r, "attempts") {
                attempts = a.value;
            }
            if let Some(i) = self.secs(&mut r, "interval") {
                interval = i.value;
            }
            if let Some(b) = r.take("backoff") {
                match &b.kind {
                    ValueKind::Number(n) if *n >= 1.0 => backoff = *n,
                    _ => self.diags.push(
                        Diagnostic::error(Code::WrongType, b.span, "`backoff` is a number of at least 1.0")
                            .with_help("write `backoff = 2.0`"),
                    ),
                }
            }
            r.finish("`retry`", &["attempts", "interval", "backoff"], self.diags);
        }
        let tags = self.own_tags(&mut p);
        p.finish("a workflow", &["steps", "retry", "tags"], self.diags);
        let triggers = self.decl_triggers(
            body,
            Kind::Workflow,
            "a workflow takes no grants: its role may invoke exactly its steps",
        );
        Workflow {
            steps,
            attempts,
            interval,
            backoff,
            triggers,
            tags,
        }
    }
}
