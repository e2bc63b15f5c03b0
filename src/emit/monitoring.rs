//! Alarms and the dashboard (docs/language.md §5.3): for each function with
//! `monitor { … }`, one `AWS::CloudWatch::Alarm` per alarm kind that is on
//! (errors, error rate, throttles, p99 duration against the timeout,
//! iterator age for stream triggers) and one per dead-letter queue that
//! serves the function; for `dashboard = true`, one
//! `AWS::CloudWatch::Dashboard` with a row of widgets per function.
//!
//! Must not: validate thresholds (that is `check/monitoring.rs`) or resolve
//! names.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::cfn::{reference, sub, Resource};
use super::{source, Emitter};
use crate::model::{pascal_case, AlarmKind, Attr, Decl, DeclKind, Function, Monitor, Spanned, Target, TriggerType};

/// The namespace of Lambda's metrics.
const LAMBDA: &str = "AWS/Lambda";

/// Widgets of a function's dashboard row: title, metric, statistic, width.
const WIDGETS: [(&str, &str, &str, u32); 5] = [
    ("invocations", "Invocations", "Sum", 5),
    ("errors", "Errors", "Sum", 5),
    ("throttles", "Throttles", "Sum", 5),
    ("duration p99", "Duration", "p99", 5),
    ("concurrency", "ConcurrentExecutions", "Maximum", 4),
];

impl Emitter<'_> {
    /// Every alarm of every monitored function, then the dashboard.
    pub(super) fn monitoring(&mut self) {
        let stack = self.stack;
        let mut dlq_done: BTreeSet<String> = BTreeSet::new();
        for (name, decl) in &stack.decls {
            let DeclKind::Function(f) = &decl.kind else { continue };
            let Some(m) = &f.monitor else { continue };
            for kind in AlarmKind::ALL {
                match (kind, kind.setting(m)) {
                    (_, None) => {}
                    (AlarmKind::DeadLetter, Some(t)) => self.dead_letter_alarms(name, decl, f, m, t, &mut dlq_done),
                    (_, Some(t)) => self.alarm(name, decl, f, m, kind, t),
                }
            }
        }
        self.dashboard();
    }

    /// The alarm of one kind on function `name` (dead-letter queues have
    /// their own, [`Emitter::dead_letter_alarms`]).
    fn alarm(&mut self, name: &str, decl: &Decl, f: &Function, m: &Monitor, kind: AlarmKind, threshold: &Spanned<u64>) {
        let p = pascal_case(name);
        let src = source(decl, &format!("function.{name}.monitor"));
        let function = json!([{ "Name": "FunctionName", "Value": reference(&format!("{p}Function")) }]);
        let period = m.period.value;
        let t = threshold.value;
        let mins = period / 60;
        let (suffix, props) = match kind {
            AlarmKind::Errors => (
                "ErrorsAlarm",
                simple(LAMBDA, "Errors", &function, "Sum", period, t, ">=").prop(
                    "AlarmDescription",
                    json!(format!("{name}: {t} or more errors in {mins} min")),
                ),
            ),
            AlarmKind::ErrorRate => (
                "ErrorRateAlarm",
                error_rate(&function, period, t).prop(
                    "AlarmDescription",
                    json!(format!("{name}: more than {t}% of invocations failed in {mins} min")),
                ),
            ),
            AlarmKind::Throttles => (
                "ThrottlesAlarm",
                simple(LAMBDA, "Throttles", &function, "Sum", period, t, ">=").prop(
                    "AlarmDescription",
                    json!(format!("{name}: {t} or more throttled invocations in {mins} min")),
                ),
            ),
            AlarmKind::Duration => {
                let ms = f.timeout.value * 1000 * t / 100;
                (
                    "DurationAlarm",
                    simple(LAMBDA, "Duration", &function, "p99", period, ms, ">").prop(
                        "AlarmDescription",
                        json!(format!(
                            "{name}: p99 duration above {t}% of the {} s timeout",
                            f.timeout.value
                        )),
                    ),
                )
            }
            AlarmKind::IteratorAge => {
                let streams = f
                    .triggers
                    .iter()
                    .any(|tr| matches!(tr.ty(), TriggerType::Dynamodb | TriggerType::Kinesis));
                if !streams {
                    return;
                }
                (
                    "IteratorAgeAlarm",
                    simple(LAMBDA, "IteratorAge", &function, "Maximum", period, t * 1000, ">").prop(
                        "AlarmDescription",
                        json!(format!("{name}: stream records wait more than {t} s")),
                    ),
                )
            }
            // Emitted per queue by `dead_letter_alarms`.
            AlarmKind::DeadLetter => return,
        };
        let r = self.notify(props, m);
        self.add(format!("{p}{suffix}"), with_source(r, &src), threshold.span);
    }

    /// One alarm per dead-letter queue of function `name`; a queue serving
    /// several monitored functions gets one alarm, from the first by name.
    fn dead_letter_alarms(
        &mut self,
        name: &str,
        decl: &Decl,
        f: &Function,
        m: &Monitor,
        threshold: &Spanned<u64>,
        done: &mut BTreeSet<String>,
    ) {
        let src = source(decl, &format!("function.{name}.monitor"));
        let t = threshold.value;
        for q in self.dead_letter_queues_of(f) {
            if !done.insert(q.clone()) {
                continue;
            }
            let queue = json!([{ "Name": "QueueName", "Value": self.attr_value(&q, Attr::Name) }]);
            let metric = "ApproximateNumberOfMessagesVisible";
            let r = simple("AWS/SQS", metric, &queue, "Maximum", m.period.value, t, ">=").prop(
                "AlarmDescription",
                json!(format!(
                    "{q}: {t} or more messages wait on the dead-letter queue of {name}"
                )),
            );
            let r = self.notify(r, m);
            self.add(
                format!("{}DeadLetterAlarm", pascal_case(&q)),
                with_source(r, &src),
                threshold.span,
            );
        }
    }

    /// `AlarmActions` for `notify`.
    fn notify(&mut self, r: Resource, m: &Monitor) -> Resource {
        match &m.notify {
            Some(t) => {
                let arn = self.target_arn(t);
                r.prop("AlarmActions", json!([arn]))
            }
            None => r,
        }
    }

    /// The declared queues a function's failures land on: its `dead_letter`,
    /// `async.on_failure` and stream `on_failure` queues, and the redrive
    /// queues of the queues it polls.
    fn dead_letter_queues_of(&self, f: &Function) -> Vec<String> {
        let mut targets: Vec<&Target> = Vec::new();
        targets.extend(&f.dead_letter);
        targets.extend(f.async_config.as_ref().and_then(|a| a.on_failure.as_ref()));
        targets.extend(
            f.triggers
                .iter()
                .filter_map(|t| t.kind.stream_options().and_then(|o| o.on_failure.as_ref())),
        );
        let mut out: Vec<String> = targets
            .into_iter()
            .filter_map(|t| match t {
                Target::Decl(n) => Some(n.value.clone()),
                Target::Arn(_) => None,
            })
            .collect();
        for t in f.triggers.iter().filter(|t| t.ty() == TriggerType::Sqs) {
            let redrive = t
                .source()
                .and_then(|s| self.stack.queue(&s.value))
                .and_then(|q| q.dead_letter.as_ref().map(|(n, _)| n.value.clone()));
            out.extend(redrive);
        }
        out.retain(|n| matches!(self.stack.decl(n).map(|d| &d.kind), Some(DeclKind::Queue(_))));
        out.dedup();
        out
    }

    /// `dashboard = true`: one dashboard, a row of widgets per function.
    fn dashboard(&mut self) {
        let stack = self.stack;
        let Some((on, file)) = &stack.dashboard else { return };
        if !on.value {
            return;
        }
        let mut widgets = Vec::new();
        for (row, (name, _)) in stack.functions().enumerate() {
            let fn_id = format!("{}Function", pascal_case(name));
            let mut x = 0;
            for (title, metric, stat, width) in WIDGETS {
                widgets.push(json!({
                    "type": "metric",
                    "x": x,
                    "y": row * 6,
                    "width": width,
                    "height": 6,
                    "properties": {
                        "title": format!("{name} {title}"),
                        "metrics": [[LAMBDA, metric, "FunctionName", format!("${{{fn_id}}}")]],
                        "stat": stat,
                        "period": 300,
                        "region": "${AWS::Region}",
                        "view": "timeSeries",
                    },
                }));
                x += width;
            }
        }
        let body = json!({ "widgets": widgets }).to_string();
        let r = Resource::new("AWS::CloudWatch::Dashboard", format!("{file}#stack.dashboard"))
            .prop("DashboardBody", sub(&body));
        self.add("StackDashboard".into(), r, on.span);
    }
}

/// An alarm on one metric of one statistic over one period.
fn simple(namespace: &str, metric: &str, dims: &Value, stat: &str, period: u64, threshold: u64, op: &str) -> Resource {
    let mut r = Resource::new("AWS::CloudWatch::Alarm", String::new())
        .prop("Namespace", json!(namespace))
        .prop("MetricName", json!(metric))
        .prop("Dimensions", dims.clone())
        .prop("Period", json!(period))
        .prop("EvaluationPeriods", json!(1))
        .prop("Threshold", json!(threshold))
        .prop("ComparisonOperator", json!(comparison(op)))
        .prop("TreatMissingData", json!("notBreaching"));
    r = if stat.starts_with('p') {
        r.prop("ExtendedStatistic", json!(stat))
    } else {
        r.prop("Statistic", json!(stat))
    };
    r
}

/// Errors in percent of invocations, by metric math.
fn error_rate(dims: &Value, period: u64, threshold: u64) -> Resource {
    let stat = |id: &str, metric: &str| {
        json!({
            "Id": id,
            "MetricStat": {
                "Metric": { "Namespace": LAMBDA, "MetricName": metric, "Dimensions": dims },
                "Period": period,
                "Stat": "Sum",
            },
            "ReturnData": false,
        })
    };
    Resource::new("AWS::CloudWatch::Alarm", String::new())
        .prop(
            "Metrics",
            json!([
                stat("errors", "Errors"),
                stat("invocations", "Invocations"),
                { "Id": "rate", "Expression": "100 * errors / MAX([errors, invocations])", "Label": "error rate (%)", "ReturnData": true },
            ]),
        )
        .prop("EvaluationPeriods", json!(1))
        .prop("Threshold", json!(threshold))
        .prop("ComparisonOperator", json!(comparison(">")))
        .prop("TreatMissingData", json!("notBreaching"))
}

/// CloudWatch's name for a comparison.
fn comparison(op: &str) -> &'static str {
    if op == ">=" {
        "GreaterThanOrEqualToThreshold"
    } else {
        "GreaterThanThreshold"
    }
}

/// Sets the `lfc:source` of a resource built without one.
fn with_source(mut r: Resource, src: &str) -> Resource {
    r.source = src.to_string();
    r
}
