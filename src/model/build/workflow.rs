//! `workflow` declarations: `steps = [f1, f2]` (functions in a line) or
//! `steps { NAME { … } }` (named steps of any kind), read into a
//! [`Machine`]. Each step's implicit transition (the step written after it)
//! is resolved here; whether the names it gives exist is `check`'s.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Block, Entry, Ident, Value, ValueKind};

use super::super::values::Props;
use super::super::*;
use super::Builder;

impl Builder<'_> {
    pub(super) fn workflow(&mut self, body: &Block) -> Workflow {
        let mut p = Props::new(body, self.diags);
        let base = default_retry(body.span);
        let retry = match p.take("retry").and_then(|v| self.reader().block(v)) {
            Some(b) => self.retrier(&b, &base),
            None => base,
        };
        let (steps, start) = (p.take("steps"), p.take("start"));
        let machine = self.machine(steps, start, body.span);
        let name = self.text(&mut p, "name");
        let express = p
            .take("type")
            .and_then(|v| self.reader().enum_value(v, &Workflow::TYPES, "workflow type"))
            .filter(|t| t.value == "express")
            .map(|t| t.span);
        let tags = self.own_tags(&mut p);
        p.finish(
            "a workflow",
            &["steps", "start", "retry", "name", "type", "tags"],
            self.diags,
        );
        let triggers = self.decl_triggers(
            body,
            Kind::Workflow,
            "a workflow takes no grants: its role may call exactly what its steps name",
        );
        Workflow {
            name,
            express,
            retry,
            machine,
            triggers,
            tags,
        }
    }

    /// `steps` (a list of functions or a block of named steps) and `start`.
    fn machine(&mut self, steps: Option<&Value>, start: Option<&Value>, span: Span) -> Machine {
        let start = start.and_then(|v| self.reader().word_or_string(v));
        let Some(v) = steps.and_then(|v| self.reader().subst(v)) else {
            // Missing steps are reported by `check` (LF0416) with empty ones.
            return Machine {
                start,
                steps: Vec::new(),
                span,
            };
        };
        let mut list = match &v.kind {
            ValueKind::List(items) => items.iter().filter_map(|s| self.function_step(s)).collect(),
            ValueKind::Block(b) => self.named_steps(b),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        v.span,
                        "`steps` is a list of functions or a block of named steps",
                    )
                    .with_help("write `steps = [f1, f2]` or `steps { first { invoke = f1 } … }`"),
                );
                Vec::new()
            }
        };
        // A step that goes on and says nowhere goes to the step written after it.
        let names: Vec<Spanned<String>> = list.iter().map(|s| s.name.clone()).collect();
        for (i, s) in list.iter_mut().enumerate() {
            if s.kind.goes_on() && s.next.is_none() && s.end.is_none() {
                s.next = names.get(i + 1).cloned();
            }
        }
        let start = start.or_else(|| names.first().cloned());
        Machine {
            start,
            steps: list,
            span: v.span,
        }
    }

    /// A function of `steps = [..]`: a step named after it that invokes it.
    fn function_step(&mut self, v: &Value) -> Option<Step> {
        match self.target(v, &[Kind::Function], "a workflow step", false)? {
            Target::Decl(n) => Some(Step::new(n.clone(), StepKind::Invoke(n))),
            Target::Arn(_) => None,
        }
    }

    /// `steps { NAME { … } … }`.
    fn named_steps(&mut self, b: &Block) -> Vec<Step> {
        let mut out = Vec::new();
        for e in &b.entries {
            let Entry::Attr { key, value, .. } = e else {
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownProperty,
                        super::entry_span(e),
                        "`steps` holds named steps only",
                    )
                    .with_help("write `NAME { invoke = FUNCTION }`; move `on` and `allow` out"),
                );
                continue;
            };
            if let Some(body) = self.reader().block(value) {
                out.push(self.step(key, &body));
            }
        }
        out
    }

    /// One named step.
    fn step(&mut self, name: &Ident, body: &Block) -> Step {
        let mut p = Props::new(body, self.diags);
        let name = Spanned::new(name.text.clone(), name.span);
        let written: Vec<(StepType, &Value)> = StepType::ALL
            .into_iter()
            .filter_map(|t| p.take(t.keyword()).map(|v| (t, v)))
            .collect();
        let kind = match written.as_slice() {
            [] => {
                self.diags.push(
                    Diagnostic::error(Code::StepKind, name.span, format!("step `{}` does nothing", name.value))
                        .with_help(format!("give it one of: {}", STEP_KINDS.join(", "))),
                );
                StepKind::Pass
            }
            [(k, v), rest @ ..] => {
                for (other, o) in rest {
                    self.diags.push(
                        Diagnostic::error(
                            Code::StepKind,
                            o.span,
                            format!(
                                "step `{}` is both `{}` and `{}`",
                                name.value,
                                k.keyword(),
                                other.keyword()
                            ),
                        )
                        .with_help("a step does one thing: split it into two steps joined by `next`"),
                    );
                }
                self.step_kind(*k, v, &mut p).unwrap_or(StepKind::Pass)
            }
        };
        let mut step = Step::new(name, kind);
        let known = self.step_settings(&mut step, &mut p);
        let what = format!("a `{}` step", step.kind.keyword());
        p.finish(&what, &known, self.diags);
        step
    }

    /// The settings a step of its kind takes; returns the keys it knows.
    fn step_settings(&mut self, step: &mut Step, p: &mut Props<'_>) -> Vec<&'static str> {
        let mut known = vec![step.kind.keyword()];
        known.extend(kind_keys(&step.kind));
        if step.kind.goes_on() {
            known.extend(["next", "end"]);
            step.next = p.take("next").and_then(|v| self.reader().word_or_string(v));
            step.end = p
                .take("end")
                .and_then(|v| self.reader().boolean(v))
                .filter(|b| b.value)
                .map(|b| b.span);
        }
        let (task, nested) = match &step.kind {
            StepKind::Invoke(_) | StepKind::Service(_) => (true, false),
            StepKind::Parallel(_) | StepKind::Map { .. } => (false, true),
            StepKind::Choice { .. }
            | StepKind::Wait(_)
            | StepKind::Pass
            | StepKind::Succeed
            | StepKind::Fail { .. } => (false, false),
        };
        if task || nested {
            known.extend(["retry", "catch"]);
            step.retry = p.take("retry").map(|v| {
                let base = default_retry(v.span);
                self.blocks(v).iter().map(|b| self.retrier(b, &base)).collect()
            });
            step.catch = p
                .take("catch")
                .map(|v| self.blocks(v).iter().map(|b| self.catcher(b)).collect())
                .unwrap_or_default();
        }
        if task {
            known.extend(["timeout", "heartbeat"]);
            step.timeout = self.secs(p, "timeout");
            step.heartbeat = self.secs(p, "heartbeat");
        }
        let callback = match &step.kind {
            StepKind::Invoke(_) => true,
            StepKind::Service(s) => s.action.takes_callback(),
            StepKind::Choice { .. }
            | StepKind::Parallel(_)
            | StepKind::Map { .. }
            | StepKind::Wait(_)
            | StepKind::Pass
            | StepKind::Succeed
            | StepKind::Fail { .. } => false,
        };
        if callback {
            known.push("callback");
            step.callback = p
                .take("callback")
                .and_then(|v| self.reader().boolean(v))
                .filter(|b| b.value)
                .map(|b| b.span);
        }
        // A function step's result is its return value; other tasks and
        // nested steps may put theirs beside their input.
        if nested || matches!(step.kind, StepKind::Service(_)) {
            known.push("result");
            step.result = self.text(p, "result");
        }
        known
    }

    /// The step's kind from its kind key (of kind `t`) and value `v`.
    fn step_kind(&mut self, t: StepType, v: &Value, p: &mut Props<'_>) -> Option<StepKind> {
        Some(match t {
            StepType::Service(action) => return self.service(action, v, p),
            StepType::Invoke => match self.target(v, &[Kind::Function], "`invoke`", false)? {
                Target::Decl(n) => StepKind::Invoke(n),
                Target::Arn(_) => return None,
            },
            StepType::Choice => StepKind::Choice {
                rules: self.blocks(v).iter().map(|b| self.rule(b)).collect(),
                otherwise: p.take("otherwise").and_then(|v| self.reader().word_or_string(v)),
            },
            StepType::Parallel => StepKind::Parallel(self.blocks(v).iter().map(|b| self.branch(b)).collect()),
            StepType::Map => StepKind::Map {
                items: self.reader().string(v)?,
                concurrency: self.int(p, "concurrency"),
                machine: {
                    let (steps, start) = (p.take("steps"), p.take("start"));
                    self.machine(steps, start, v.span)
                },
            },
            StepType::Wait => match self.reader().subst(v)?.kind {
                ValueKind::Str(_) => StepKind::Wait(Wait::Until(self.reader().string(v)?)),
                // As written, so a missing unit's fix lands where it is.
                _ => StepKind::Wait(Wait::Seconds(self.reader().duration_s(v)?)),
            },
            StepType::Pass => {
                self.reader().boolean(v)?;
                StepKind::Pass
            }
            StepType::Succeed => {
                self.reader().boolean(v)?;
                StepKind::Succeed
            }
            StepType::Fail => {
                let b = self.reader().block(v)?;
                let mut f = Props::new(&b, self.diags);
                let (error, cause) = (self.text(&mut f, "error"), self.text(&mut f, "cause"));
                f.finish("`fail`", &["error", "cause"], self.diags);
                StepKind::Fail { error, cause }
            }
        })
    }

    /// `publish = TOPIC`, `send = QUEUE`, `get = TABLE`, `put = TABLE`.
    fn service(&mut self, action: ServiceAction, v: &Value, p: &mut Props<'_>) -> Option<StepKind> {
        let what = format!("`{}`", action.keyword());
        let target = match self.target(v, &[action.target_kind()], &what, false)? {
            Target::Decl(n) => n,
            Target::Arn(_) => return None,
        };
        let (key, required) = action.path_key();
        let path = self.text(p, key);
        if path.is_none() && required && !p.has(key) {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingProperty,
                    v.span,
                    format!("a `{}` step needs `{key}`", action.keyword()),
                )
                .with_help(format!(
                    "write `{key} = \"$.{key}\"`: the path of the {key} in the step's input"
                )),
            );
        }
        Some(StepKind::Service(Service { action, target, path }))
    }

    /// A branch of `parallel`: `{ steps … }`.
    fn branch(&mut self, b: &Block) -> Machine {
        let mut p = Props::new(b, self.diags);
        let (steps, start) = (p.take("steps"), p.take("start"));
        let m = self.machine(steps, start, b.span);
        p.finish("a parallel branch", &["steps", "start"], self.diags);
        m
    }

    /// A rule of `choice`.
    fn rule(&mut self, b: &Block) -> Rule {
        let mut p = Props::new(b, self.diags);
        let path = self.text(&mut p, "path");
        let next = p.take("next").and_then(|v| self.reader().word_or_string(v));
        let mut tests = Vec::new();
        for t in Test::ALL {
            if let Some(v) = p.take(t.key()) {
                if let Some(j) = self.json(v) {
                    tests.push((t, Spanned::new(j, v.span)));
                }
            }
        }
        let mut known = vec!["path", "next"];
        known.extend(Test::ALL.iter().map(|t| t.key()));
        p.finish("a choice rule", &known, self.diags);
        Rule {
            path,
            tests,
            next,
            span: b.span,
        }
    }

    /// `retry { errors, attempts, interval, backoff }`, defaults from `base`.
    fn retrier(&mut self, b: &Block, base: &Retry) -> Retry {
        let mut r = Props::new(b, self.diags);
        let mut out = Retry {
            span: b.span,
            ..base.clone()
        };
        if let Some(v) = r.take("errors") {
            out.errors = self.reader().string_list(v);
        }
        if let Some(a) = self.int(&mut r, "attempts") {
            out.attempts = a.value;
        }
        if let Some(i) = self.secs(&mut r, "interval") {
            out.interval = i.value;
        }
        // A backoff below 1 is `check`'s.
        if let Some(b) = r.take("backoff").and_then(|v| self.reader().number(v)) {
            out.backoff = b;
        }
        r.finish("`retry`", &["errors", "attempts", "interval", "backoff"], self.diags);
        out
    }

    /// `catch { errors, next, result }`.
    fn catcher(&mut self, b: &Block) -> Catch {
        let mut p = Props::new(b, self.diags);
        let errors = p
            .take("errors")
            .map(|v| self.reader().string_list(v))
            .unwrap_or_default();
        let next = p.take("next").and_then(|v| self.reader().word_or_string(v));
        if next.is_none() && !p.has("next") {
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, b.span, "a `catch` needs `next`")
                    .with_help("write `next = STEP`: the step that handles the error"),
            );
        }
        let result = self.text(&mut p, "result");
        p.finish("`catch`", &["errors", "next", "result"], self.diags);
        Catch {
            errors,
            next,
            result,
            span: b.span,
        }
    }

    /// A block, or a list of blocks.
    fn blocks(&mut self, v: &Value) -> Vec<Block> {
        let Some(v) = self.reader().subst(v) else {
            return Vec::new();
        };
        match &v.kind {
            ValueKind::Block(b) => vec![b.clone()],
            ValueKind::List(items) => items.iter().filter_map(|i| self.reader().block(i)).collect(),
            _ => {
                self.diags.push(
                    Diagnostic::error(Code::WrongType, v.span, "expected a block `{ … }` or a list of blocks")
                        .with_help("write `{ … }`, or `[{ … }, { … }]` for several"),
                );
                Vec::new()
            }
        }
    }
}

/// The keys a kind reads besides its kind key (for the list of known keys).
fn kind_keys(kind: &StepKind) -> Vec<&'static str> {
    match kind {
        StepKind::Service(s) => vec![s.action.path_key().0],
        StepKind::Choice { .. } => vec!["otherwise"],
        StepKind::Map { .. } => vec!["steps", "start", "concurrency"],
        StepKind::Invoke(_)
        | StepKind::Parallel(_)
        | StepKind::Wait(_)
        | StepKind::Pass
        | StepKind::Succeed
        | StepKind::Fail { .. } => Vec::new(),
    }
}

/// lfc's retry defaults: 2 retries, 1 s apart at first, twice as long each time.
/// A step's own `retry` starts from these too, not from the workflow's.
fn default_retry(span: Span) -> Retry {
    Retry {
        errors: Vec::new(),
        attempts: 2,
        interval: 1,
        backoff: Spanned::new(2.0, span),
        span,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ServiceAction, StepType, STEP_KINDS};

    #[test]
    fn every_step_kind_is_listed_once_with_its_own_key() {
        // Adding a kind breaks this match until it is handled here, and the
        // position check then fails until `ALL` holds it.
        let position = |t: StepType| match t {
            StepType::Invoke => 0,
            StepType::Service(ServiceAction::Publish) => 1,
            StepType::Service(ServiceAction::Send) => 2,
            StepType::Service(ServiceAction::Get) => 3,
            StepType::Service(ServiceAction::Put) => 4,
            StepType::Choice => 5,
            StepType::Parallel => 6,
            StepType::Map => 7,
            StepType::Wait => 8,
            StepType::Pass => 9,
            StepType::Succeed => 10,
            StepType::Fail => 11,
        };
        for (i, t) in StepType::ALL.into_iter().enumerate() {
            assert_eq!(position(t), i);
            assert_eq!(STEP_KINDS[i], t.keyword());
        }
        let mut sorted = STEP_KINDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), STEP_KINDS.len(), "a kind key twice");
    }
}
