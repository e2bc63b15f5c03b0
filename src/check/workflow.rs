//! Workflow rules: step lists and the names steps give each other
//! (LF0416, LF0430, LF0434), step kinds and settings (LF0432, LF0433,
//! LF0437, LF0438, LF0439), Step Functions' limits (LF0435), express workflows
//! (LF0436), and schedules (LF0403).
//!
//! Must not: resolve names or emit.

use std::collections::{BTreeMap, BTreeSet};

use crate::data::limits;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::emit::Template;
use crate::model::Spanned;
use crate::model::{Catch, Machine, Retry, Rule, Step, StepKind, Test, TriggerKind, Wait, Workflow};
use crate::source::Span;

use super::schedule;

/// Every rule of workflow `w`, declared at `span`.
pub(super) fn workflow(w: &Workflow, span: Span, diags: &mut Diagnostics) {
    machine(&w.machine, "a workflow", span, &[], diags);
    unique_names(w, diags);
    retry(&w.retry, diags);
    w.machine.visit(&mut |s| step(s, diags));
    if let Some(e) = w.express {
        express(w, e, diags);
    }
    for t in &w.triggers {
        if let TriggerKind::Schedule {
            expression, timezone, ..
        } = &t.kind
        {
            schedule::rules(expression, timezone.as_ref(), diags);
        }
    }
}

/// LF0435: each state machine's definition, as emitted, against 1 MB.
pub fn workflow_definitions(t: &Template, diags: &mut Diagnostics) {
    // The definition is part of the text: a shorter text cannot hold a longer one.
    let machines = t.resources.iter().filter(|(_, r)| {
        r.kind == "AWS::StepFunctions::StateMachine" && r.text().len() > limits::STATE_MACHINE_DEFINITION_MAX_BYTES
    });
    for (id, r) in machines {
        let properties = r.properties();
        let Some(def) = properties.get("Definition") else {
            continue;
        };
        let bytes = def.to_string().len();
        if bytes > limits::STATE_MACHINE_DEFINITION_MAX_BYTES {
            diags.push(
                Diagnostic::error(
                    Code::WorkflowLimits,
                    None,
                    format!(
                        "the definition of `{id}` ({}) is {bytes} bytes; Step Functions allows {}",
                        r.source,
                        limits::STATE_MACHINE_DEFINITION_MAX_BYTES
                    ),
                )
                .with_help("split the workflow into several: a step can invoke a function that starts another"),
            );
        }
    }
}

/// LF0416, LF0430, LF0434: one step list (`what` names it), then the lists
/// inside its steps. `outer`: the names of the lists around it.
fn machine(m: &Machine, what: &str, span: Span, outer: &[&str], diags: &mut Diagnostics) {
    if m.steps.is_empty() {
        diags.push(
            Diagnostic::error(Code::WorkflowSettings, span, format!("{what} needs at least one step"))
                .with_help("list the functions to run in `steps`, or name steps in `steps { … }`"),
        );
        return;
    }
    let names: Vec<&str> = m.steps.iter().map(|s| s.name.value.as_str()).collect();
    let mut all_known = true;
    for r in m.start.iter().chain(m.steps.iter().flat_map(targets)) {
        if !names.contains(&r.value.as_str()) {
            all_known = false;
            let d = Diagnostic::error(Code::UnknownStep, r.span, format!("no step `{}` here", r.value));
            diags.push(if outer.contains(&r.value.as_str()) {
                d.with_help(format!(
                    "`{}` is outside this {}: its steps go only to each other (the steps of this list are: {})",
                    r.value,
                    what.trim_start_matches("a "),
                    names.join(", ")
                ))
            } else {
                d.with_closest_at(
                    r.span,
                    &r.value,
                    names.iter().copied(),
                    format!("the steps of this list are: {}", names.join(", ")),
                )
            });
        }
    }
    // With a name unknown, what it meant to reach is unknown too.
    if all_known {
        unreachable(m, diags);
    }
    let around: Vec<&str> = outer.iter().copied().chain(names.iter().copied()).collect();
    for s in &m.steps {
        if let StepKind::Parallel(branches) = &s.kind {
            for b in branches {
                machine(b, "a parallel branch", s.name.span, &around, diags);
            }
        }
        if let StepKind::Map { machine: inner, .. } = &s.kind {
            machine(inner, "a map", s.name.span, &around, diags);
        }
    }
}

/// The step names a step sends to: `next`, choice rules, `otherwise`, catchers.
fn targets(s: &Step) -> Vec<&Spanned<String>> {
    let mut out: Vec<&Spanned<String>> = s.next.iter().collect();
    if let StepKind::Choice { rules, otherwise } = &s.kind {
        out.extend(rules.iter().filter_map(|r| r.next.as_ref()));
        out.extend(otherwise);
    }
    out.extend(s.catch.iter().filter_map(|c| c.next.as_ref()));
    out
}

/// LF0434: steps no path from the first step reaches (not judged while a
/// choice has no rules or a rule no `next`: LF0437 says so first).
fn unreachable(m: &Machine, diags: &mut Diagnostics) {
    let Some(start) = &m.start else { return };
    let broken = m.steps.iter().any(|s| {
        matches!(&s.kind, StepKind::Choice { rules, .. } if rules.is_empty() || rules.iter().any(|r| r.next.is_none()))
    });
    if broken {
        return;
    }
    // Names may repeat (LF0416): each name goes wherever any of its steps goes.
    let mut by_name: BTreeMap<&str, Vec<&Spanned<String>>> = BTreeMap::new();
    for s in &m.steps {
        by_name.entry(&s.name.value).or_default().extend(targets(s));
    }
    let mut seen = BTreeSet::from([start.value.as_str()]);
    let mut todo = vec![start.value.as_str()];
    while let Some(name) = todo.pop() {
        for t in by_name.get(name).into_iter().flatten() {
            if seen.insert(t.value.as_str()) {
                todo.push(t.value.as_str());
            }
        }
    }
    for s in m.steps.iter().filter(|s| !seen.contains(s.name.value.as_str())) {
        diags.push(
            Diagnostic::error(
                Code::UnreachableStep,
                s.name.span,
                format!("no step goes to `{}`", s.name.value),
            )
            .with_help("send a step to it with `next`, a choice rule or a `catch`, or remove it"),
        );
    }
}

/// LF0416: step names are unique in the whole workflow.
fn unique_names(w: &Workflow, diags: &mut Diagnostics) {
    let mut first: BTreeMap<&str, Span> = BTreeMap::new();
    w.machine.visit(&mut |s| {
        let Some(at) = first.get(s.name.value.as_str()) else {
            first.insert(&s.name.value, s.name.span);
            return;
        };
        // A step of `steps = [..]` is named where its function is.
        let listed = matches!(&s.kind, StepKind::Invoke(f) if f.span == s.name.span);
        let help = if listed {
            "each function runs once per workflow; remove the repetition"
        } else {
            "step names are unique in the whole workflow, branches and maps included: rename one"
        };
        diags.push(
            Diagnostic::error(
                Code::WorkflowSettings,
                s.name.span,
                format!("`{}` is a step twice", s.name.value),
            )
            .with_label(*at, "first listed here")
            .with_help(help),
        );
    });
}

/// The rules of one step's own settings.
fn step(s: &Step, diags: &mut Diagnostics) {
    if s.name.value.chars().count() > limits::STATE_NAME_MAX {
        diags.push(
            Diagnostic::error(
                Code::WorkflowLimits,
                s.name.span,
                format!("step names are at most {} characters", limits::STATE_NAME_MAX),
            )
            .with_help("shorten the name"),
        );
    }
    if let (Some(end), Some(next)) = (s.end, &s.next) {
        diags.push(
            Diagnostic::error(Code::StepConflict, end, "a step with `next` cannot `end`")
                .with_label(next.span, "`next` is written here")
                .with_help("remove `end = true` or `next`"),
        );
    }
    timeouts(s, diags);
    for r in s.retry.iter().flatten() {
        retry(r, diags);
    }
    let lists: Vec<&[Spanned<String>]> = match &s.retry {
        Some(rs) => rs.iter().map(|r| r.errors.as_slice()).collect(),
        None => Vec::new(),
    };
    errors(&lists, "retrier", diags);
    let lists: Vec<&[Spanned<String>]> = s.catch.iter().map(|c: &Catch| c.errors.as_slice()).collect();
    errors(&lists, "catcher", diags);
    for p in paths(s) {
        if !p.value.starts_with('$') {
            diags.push(
                Diagnostic::error(Code::StepPath, p.span, format!("`{}` is not a path", p.value))
                    .with_help(format!("write `$.{}`, or `$` for the whole input", p.value)),
            );
        }
    }
    if let StepKind::Choice { rules, .. } = &s.kind {
        choice(s, rules, diags);
    }
}

/// LF0416 and LF0432: `timeout`, `heartbeat` and `wait` durations.
fn timeouts(s: &Step, diags: &mut Diagnostics) {
    for d in s.timeout.iter().chain(&s.heartbeat).filter(|d| d.value == 0) {
        diags.push(
            Diagnostic::error(
                Code::WorkflowSettings,
                d.span,
                "a step's timeout and heartbeat are at least 1s",
            )
            .with_help("write `1s` or more, or leave it out"),
        );
    }
    if let (Some(t), Some(h)) = (&s.timeout, &s.heartbeat) {
        if h.value >= t.value {
            diags.push(
                Diagnostic::error(
                    Code::StepConflict,
                    h.span,
                    "the heartbeat must be shorter than the timeout",
                )
                .with_label(t.span, "the timeout")
                .with_help("shorten `heartbeat`, or lengthen `timeout`"),
            );
        }
    }
    if let StepKind::Wait(Wait::Seconds(d)) = &s.kind {
        if d.value > limits::STANDARD_MAX_S {
            diags.push(
                Diagnostic::error(Code::WorkflowSettings, d.span, "a workflow waits at most a year")
                    .with_help("wait at most `365d`"),
            );
        }
    }
}

/// LF0416: a retrier's ranges; LF0439: its backoff.
fn retry(r: &Retry, diags: &mut Diagnostics) {
    if r.backoff.value < 1.0 {
        diags.push(
            Diagnostic::error(
                Code::RetryBackoff,
                r.backoff.span,
                "`backoff` is a factor of at least 1.0",
            )
            .with_help("write `backoff = 2.0` to double the wait each time, or `1.0` to keep it"),
        );
    }
    if r.attempts > limits::STATES_RETRY_ATTEMPTS_MAX || r.interval == 0 {
        diags.push(
            Diagnostic::error(
                Code::WorkflowSettings,
                r.span,
                "retry attempts are 0 to 99 and the interval at least 1s",
            )
            .with_help("adjust `retry`"),
        );
    }
}

/// LF0433: the error names of a step's retriers or catchers, in order.
fn errors(lists: &[&[Spanned<String>]], what: &str, diags: &mut Diagnostics) {
    for (i, list) in lists.iter().enumerate() {
        for e in list.iter() {
            let known = limits::STATES_ERRORS.contains(&e.value.as_str());
            if e.value.starts_with("States.") && !known {
                diags.push(
                    Diagnostic::error(
                        Code::StepErrors,
                        e.span,
                        format!("Step Functions has no error `{}`", e.value),
                    )
                    .with_closest(
                        &e.value,
                        limits::STATES_ERRORS.iter().copied(),
                        "name your own errors without the `States.` prefix",
                    ),
                );
            }
            if e.value == "States.ALL" && (list.len() > 1 || i + 1 < lists.len()) {
                diags.push(
                    Diagnostic::error(
                        Code::StepErrors,
                        e.span,
                        format!("`States.ALL` must stand alone, in the last {what}"),
                    )
                    .with_help(format!("move the other errors to an earlier {what}")),
                );
            }
        }
    }
}

/// The paths a step writes (LF0438).
fn paths(s: &Step) -> Vec<&Spanned<String>> {
    let mut out: Vec<&Spanned<String>> = s.result.iter().collect();
    out.extend(s.catch.iter().filter_map(|c| c.result.as_ref()));
    match &s.kind {
        StepKind::Service(svc) => out.extend(&svc.path),
        StepKind::Map { items, .. } => out.push(items),
        StepKind::Wait(Wait::Until(p)) => out.push(p),
        StepKind::Choice { rules, .. } => out.extend(rules.iter().filter_map(|r| r.path.as_ref())),
        StepKind::Invoke(_)
        | StepKind::Parallel(_)
        | StepKind::Wait(Wait::Seconds(_))
        | StepKind::Pass
        | StepKind::Succeed
        | StepKind::Fail { .. } => {}
    }
    out
}

/// LF0437: a choice has rules; each a path, one test of the right type, a next.
fn choice(s: &Step, rules: &[Rule], diags: &mut Diagnostics) {
    if rules.is_empty() {
        diags.push(
            Diagnostic::error(Code::ChoiceRule, s.name.span, "a choice needs at least one rule")
                .with_help("write `choice = [{ path = \"$.x\", equals = \"y\", next = STEP }]`"),
        );
    }
    for r in rules {
        let missing: Vec<&str> = [("path", r.path.is_none()), ("next", r.next.is_none())]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(k, _)| *k)
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::ChoiceRule,
                    r.span,
                    format!("the rule has no `{}`", missing.join("` or `")),
                )
                .with_help("a rule is `{ path = \"$.x\", TEST = value, next = STEP }`"),
            );
        }
        match r.tests.as_slice() {
            [(t, v)] => test_value(*t, v, diags),
            _ => diags.push(
                Diagnostic::error(Code::ChoiceRule, r.span, "a rule has exactly one test")
                    .with_help("use one of: equals, above, below, at_least, at_most, matches, present"),
            ),
        }
    }
}

/// LF0437: the value fits the test.
fn test_value(t: Test, v: &Spanned<serde_json::Value>, diags: &mut Diagnostics) {
    let (ok, wants) = match t {
        Test::Equals => (
            !v.value.is_null() && !v.value.is_object() && !v.value.is_array(),
            "a string, number or `true`/`false`",
        ),
        Test::Above | Test::Below | Test::AtLeast | Test::AtMost => (v.value.is_number(), "a number"),
        Test::Matches => (v.value.is_string(), "a string"),
        Test::Present => (v.value.is_boolean(), "`true` or `false`"),
    };
    if !ok {
        diags.push(
            Diagnostic::error(Code::ChoiceRule, v.span, format!("`{}` compares with {wants}", t.key()))
                .with_help(format!("write {wants}")),
        );
    }
}

/// LF0436: what an express workflow (`type = express` at `at`) cannot do.
fn express(w: &Workflow, at: Span, diags: &mut Diagnostics) {
    w.machine.visit(&mut |s| {
        if let Some(c) = s.callback {
            diags.push(
                Diagnostic::error(
                    Code::ExpressWorkflow,
                    c,
                    "an express workflow cannot wait for a callback",
                )
                .with_label(at, "the workflow is express")
                .with_help("remove `type = express`, or `callback`"),
            );
        }
        let long = if let StepKind::Wait(Wait::Seconds(d)) = &s.kind {
            Some(d)
        } else {
            s.timeout.as_ref()
        };
        if let Some(d) = long.filter(|d| d.value > limits::EXPRESS_MAX_S) {
            diags.push(
                Diagnostic::error(
                    Code::ExpressWorkflow,
                    d.span,
                    "an express workflow runs for at most 5 minutes",
                )
                .with_label(at, "the workflow is express")
                .with_help("use at most `5min`, or remove `type = express`"),
            );
        }
    });
}
