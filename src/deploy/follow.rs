//! Following a stack operation to its end: stack events polled and shown
//! (a progress bar on a terminal, one line per event elsewhere), the final
//! status, and each failed resource mapped back to the `.lf` declaration that
//! made it (through the resource's `lfc:source` metadata) as a diagnostic.
//!
//! Must not: start operations or decide exit codes.

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use aws_sdk_cloudformation::primitives::DateTime;
use aws_sdk_cloudformation::types::StackEvent;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::changeset::{self, POLL};
use super::errors::{from_sdk, DeployError};
use super::{Aws, Ui};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::Template;
use crate::model::Stack;

/// A resource that failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    /// Its logical ID.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// `CREATE_FAILED`, `UPDATE_FAILED`, …
    pub status: String,
    /// CloudFormation's reason.
    pub reason: String,
    /// The nested stack (its logical ID in the root) it failed in; left
    /// out for the root's own resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
}

/// How a followed operation ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The stack's final status (`DELETE_COMPLETE` when it is gone).
    pub status: String,
    /// Resources that failed on the way, in the order they failed.
    pub failures: Vec<Failure>,
}

impl Outcome {
    /// Whether the operation did what was asked.
    pub fn succeeded(&self) -> bool {
        matches!(
            self.status.as_str(),
            "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "DELETE_COMPLETE" | "IMPORT_COMPLETE"
        )
    }
}

/// Whether a stack status is final (nothing more will happen by itself).
pub fn is_terminal(status: &str) -> bool {
    !status.ends_with("_IN_PROGRESS")
}

/// Polls the events of stack `name` after `since` until the stack reaches a
/// final status. `total` is how many resources the operation touches (for
/// the progress display; 0 when unknown).
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn follow(aws: &Aws, name: &str, since: &Mark, total: usize, ui: Ui) -> Result<Outcome, DeployError> {
    let started = Instant::now();
    let bar = if ui.interactive() {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} resources  {elapsed}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut seen = HashSet::new();
    let mut done = BTreeSet::new();
    let mut failures = Vec::new();
    // The stack's id: a deleted stack is only found by id, not by name.
    let stack_id = changeset::describe(aws, name)
        .await?
        .and_then(|s| s.stack_id().map(str::to_string))
        .unwrap_or_else(|| name.to_string());
    loop {
        for event in new_events(aws, &stack_id, since, &mut seen).await? {
            let id = event.logical_resource_id().unwrap_or_default();
            let status = event.resource_status().map_or("", |s| s.as_str());
            let reason = event.resource_status_reason().unwrap_or_default();
            if id != name && status.ends_with("_COMPLETE") {
                done.insert(id.to_string());
                bar.set_position(done.len() as u64);
            }
            if status.ends_with("_FAILED") && !reason.contains("cancelled") {
                failures.push(Failure {
                    logical_id: id.to_string(),
                    resource_type: event.resource_type().unwrap_or_default().to_string(),
                    status: status.to_string(),
                    reason: reason.to_string(),
                    stack: None,
                });
            }
            let line = format!(
                "{id} {status}{}",
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(": {reason}")
                }
            );
            if ui.interactive() {
                bar.set_message(line);
            } else if !ui.json {
                ui.say(format!("{:>5.1}s  {line}", started.elapsed().as_secs_f64()));
            }
        }
        let status = current_status(aws, &stack_id).await?;
        if is_terminal(&status) {
            bar.finish_and_clear();
            return Ok(Outcome { status, failures });
        }
        bar.tick();
        tokio::time::sleep(POLL).await;
    }
}

/// The stack's status; a stack that is gone reads as `DELETE_COMPLETE`.
async fn current_status(aws: &Aws, stack_id: &str) -> Result<String, DeployError> {
    Ok(changeset::describe(aws, stack_id)
        .await?
        .and_then(|s| s.stack_status().map(|x| x.as_str().to_string()))
        .unwrap_or_else(|| "DELETE_COMPLETE".to_string()))
}

/// Events newer than `since` not seen yet, oldest first.
async fn new_events(
    aws: &Aws,
    stack_id: &str,
    since: &Mark,
    seen: &mut HashSet<String>,
) -> Result<Vec<StackEvent>, DeployError> {
    let mut fresh = Vec::new();
    let mut token = None;
    'pages: loop {
        let out = match aws
            .cfn
            .describe_stack_events()
            .stack_name(stack_id)
            .set_next_token(token)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if changeset::is_missing(&e) => break,
            Err(e) => return Err(from_sdk("cloudformation:DescribeStackEvents", &e)),
        };
        // Newest first: stop at the first event already seen or too old.
        for event in out.stack_events() {
            let old = event.timestamp().is_some_and(|t| t.secs() < since.since.secs());
            let id = event.event_id().unwrap_or_default().to_string();
            if old || seen.contains(&id) || since.last_event.as_ref() == Some(&id) {
                break 'pages;
            }
            seen.insert(id);
            fresh.push(event.clone());
        }
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    fresh.reverse();
    Ok(fresh)
}

/// One diagnostic per failure, at the `.lf` declaration that made the
/// resource (found through its `lfc:source` in `templates`: the template, or
/// a split stack's root and nested templates); failures of resources the
/// templates do not know (or of the stack itself) have no location.
pub fn failure_diagnostics(failures: &[Failure], templates: &[&Template], stack: &Stack) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for f in failures {
        let source = templates
            .iter()
            .find_map(|t| t.resources.get(&f.logical_id))
            .map(|r| r.source.as_str());
        let decl = source.and_then(|s| declaration_of(s, stack));
        let place = f.stack.as_ref().map(|s| format!(" in {s}")).unwrap_or_default();
        let mut d = Diagnostic::error(
            Code::DeployFailed,
            decl.map(|d| d.name_span),
            format!(
                "{} ({}){place} {}: {}",
                f.logical_id, f.resource_type, f.status, f.reason
            ),
        );
        if let Some(s) = source {
            d = d.with_help(format!("made by {s}"));
        }
        diags.push(d);
    }
    diags
}

/// The nested stack an `Embedded stack <arn> was not successfully …`
/// failure of a nested stack resource names.
pub fn embedded_stack(f: &Failure) -> Option<&str> {
    if f.resource_type != "AWS::CloudFormation::Stack" {
        return None;
    }
    f.reason.strip_prefix("Embedded stack ")?.split_whitespace().next()
}

/// The declaration an `lfc:source` (`<file>#<kind>.<name>[.…]`) points to.
fn declaration_of<'a>(source: &str, stack: &'a Stack) -> Option<&'a crate::model::Decl> {
    let (file, path) = source.split_once('#')?;
    let name = path.split('.').nth(1)?;
    stack.decls.get(name).filter(|d| d.file == file)
}

/// [`follow`], unless Ctrl-C comes first: then the operation goes on in AWS,
/// the user is told how to watch it again, and the answer is `None`.
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn follow_or_interrupt(
    aws: &Aws,
    name: &str,
    since: &Mark,
    total: usize,
    ui: Ui,
) -> Result<Option<Outcome>, DeployError> {
    tokio::select! {
        outcome = follow(aws, name, since, total, ui) => outcome.map(Some),
        _ = tokio::signal::ctrl_c() => {
            ui.say(format!(
                "stopped following; the operation goes on in AWS. Watch it again with `lfc status --stack-name {name} --follow`"
            ));
            Ok(None)
        }
    }
}

/// Where an operation's events start: after the stack's newest event so far,
/// and not before now (less a margin for clock skew).
#[derive(Debug, Clone)]
pub struct Mark {
    since: DateTime,
    last_event: Option<String>,
}

/// Marks the start of an operation on stack `name` (call it before starting).
///
/// # Errors
/// Whatever CloudFormation answered.
pub async fn mark(aws: &Aws, name: &str) -> Result<Mark, DeployError> {
    let now = std::time::SystemTime::now()
        .checked_sub(std::time::Duration::from_secs(5))
        .unwrap_or(std::time::SystemTime::UNIX_EPOCH);
    let last_event = match aws.cfn.describe_stack_events().stack_name(name).send().await {
        Ok(out) => out
            .stack_events()
            .first()
            .and_then(|e| e.event_id())
            .map(str::to_string),
        Err(e) if changeset::is_missing(&e) => None,
        Err(e) => return Err(from_sdk("cloudformation:DescribeStackEvents", &e)),
    };
    Ok(Mark {
        since: DateTime::from(now),
        last_event,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::MemoryReader;

    #[test]
    fn failures_point_at_the_declaration_that_made_the_resource() {
        let src = "stack s {}\n\nqueue jobs {}\n\nfunction worker {\n  runtime = python3.13\n  handler = \"index.handler\"\n  code = inline \"\"\"def handler(e, c): pass\"\"\"\n  on sqs jobs\n}\n";
        let mut reader = MemoryReader::default();
        reader.files.insert("s.lf".into(), src.into());
        let opts = crate::Options {
            today: "2026-11-27".into(),
            ..crate::Options::default()
        };
        let out = crate::compile(std::path::Path::new("s.lf"), "s.lf", &reader, &opts).expect("in memory");
        let template = out.template.as_ref().expect("template");
        let function_id = template
            .resources
            .iter()
            .find(|(_, r)| r.kind == "AWS::Lambda::Function")
            .map(|(id, _)| id.clone())
            .expect("a function");
        let failures = [
            Failure {
                logical_id: function_id.clone(),
                resource_type: "AWS::Lambda::Function".into(),
                status: "CREATE_FAILED".into(),
                reason: "Resource handler returned message: \"Memory size exceeds account limit\"".into(),
                stack: None,
            },
            Failure {
                logical_id: "s".into(),
                resource_type: "AWS::CloudFormation::Stack".into(),
                status: "UPDATE_ROLLBACK_FAILED".into(),
                reason: "The following resource(s) failed".into(),
                stack: None,
            },
        ];
        let diags = failure_diagnostics(&failures, &[template], &out.stack);
        let text = crate::diagnostics::render_human(&diags, &out.sources, false);
        assert!(text.contains("LF0801"), "{text}");
        assert!(text.contains("s.lf:5:10"), "the function's name on line 5: {text}");
        assert!(text.contains("Memory size exceeds account limit"), "{text}");
        assert!(text.contains("made by s.lf#function.worker"), "{text}");
        let located: Vec<bool> = diags.iter().map(|d| d.span.is_some()).collect();
        assert_eq!(located, [true, false]);
    }

    #[test]
    fn only_complete_statuses_succeed() {
        let outcome = |s: &str| Outcome {
            status: s.into(),
            failures: Vec::new(),
        };
        assert!(outcome("UPDATE_COMPLETE").succeeded());
        assert!(!outcome("UPDATE_ROLLBACK_COMPLETE").succeeded());
        assert!(!outcome("ROLLBACK_COMPLETE").succeeded());
        assert!(is_terminal("ROLLBACK_COMPLETE") && !is_terminal("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
    }
}
