//! The deploy commands (cargo feature `deploy`): `lfc deploy`, `lfc bootstrap`,
//! `lfc destroy` and `lfc status`. Arguments, one runtime per command, and
//! reports as text on stderr or JSON on stdout.
//!
//! Must not: talk to AWS itself ([`crate::deploy`] does). Exit codes: 0 done
//! (including "no changes"), 1 an AWS error, a failed deployment or a
//! refusal, 2 usage or I/O, 130 when Ctrl-C stopped the following.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::{json, Value};

use super::{io_error, print_human, run_compile, status, CompileArgs};
use crate::deploy::assets::{Body, Object};
use crate::deploy::follow::{failure_diagnostics, Failure};
use crate::deploy::{bootstrap, destroy, parameters, pipeline, status as stack_status, Aws, DeployError, Target, Ui};
use crate::diagnostics::{render_human, render_json};

/// Options every deploy command shares.
#[derive(Debug, clap::Args)]
pub struct AwsArgs {
    /// AWS profile (default: AWS_PROFILE, else the default chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, else the profile's).
    #[arg(long)]
    pub region: Option<String>,
    /// How to report: text on stderr, or one JSON object on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// Values for the stack's `param` declarations (CloudFormation parameters).
#[derive(Debug, clap::Args)]
pub struct ParameterArgs {
    /// A parameter's value, by `param` name or logical ID: `--parameter stage=prod`
    /// (repeatable; wins over the file). Not given: the deployed value is kept, or the default.
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = super::parse_var)]
    pub values: Vec<(String, String)>,
    /// A JSON file of parameter values: `{"stage": "prod", "subnets": ["a", "b"]}`, or
    /// CloudFormation's `[{"ParameterKey": "Stage", "ParameterValue": "prod"}]`.
    #[arg(long = "parameters-file", value_name = "FILE")]
    pub parameters_file: Option<PathBuf>,
}

impl ParameterArgs {
    /// The values given, the file's first, then `--parameter`'s (which win).
    fn read(&self) -> Result<Vec<(String, String)>, String> {
        let mut values = match &self.parameters_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                parameters_file(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => Vec::new(),
        };
        values.retain(|(k, _)| !self.values.iter().any(|(given, _)| given == k));
        values.extend(self.values.iter().cloned());
        Ok(values)
    }
}

/// The pairs of a parameters file (see [`ParameterArgs::parameters_file`]); lists are
/// joined with `,`, numbers and booleans written as text.
fn parameters_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let text_of = |v: &Value| -> Result<String, String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(_) | Value::Bool(_) => Ok(v.to_string()),
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| "a list holds strings only".to_string())
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|l| l.join(",")),
            Value::Null | Value::Object(_) => Err(format!("`{v}` is not a parameter value")),
        }
    };
    match &v {
        Value::Object(m) => m.iter().map(|(k, v)| Ok((k.clone(), text_of(v)?))).collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| match (item.get("ParameterKey"), item.get("ParameterValue")) {
                (Some(Value::String(k)), Some(v)) => Ok((k.clone(), text_of(v)?)),
                _ => Err("each element needs `ParameterKey` and `ParameterValue`".to_string()),
            })
            .collect(),
        _ => Err("expected an object of NAME: VALUE, or a list of {ParameterKey, ParameterValue}".into()),
    }
}

/// Report format of the deploy commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text for people, on stderr.
    Human,
    /// One JSON object on stdout.
    Json,
}

/// The deploy commands.
#[derive(Debug, Subcommand)]
pub enum DeployCommand {
    /// Build FILE, upload its code and deploy it through a CloudFormation change set.
    Deploy {
        /// Shared options.
        #[command(flatten)]
        args: CompileArgs,
        /// Stack name (default: the stack's lf name).
        #[arg(long)]
        stack_name: Option<String>,
        /// Assets bucket (default: the one `lfc bootstrap` made).
        #[arg(long)]
        bucket: Option<String>,
        /// Deploy without asking.
        #[arg(short = 'y', long)]
        yes: bool,
        /// Create the change set and show it, but leave it for review.
        #[arg(long)]
        no_execute: bool,
        /// Deploy as a root stack and nested stacks, as `lfc build --split` emits them
        /// (docs/split.md); a stack keeps the shape it was first deployed with.
        #[arg(long)]
        split: bool,
        /// Parameters: values for the stack's `param` declarations.
        #[command(flatten)]
        parameters: ParameterArgs,
        /// AWS options.
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Create (or update) the assets bucket stack, once per account and region.
    Bootstrap {
        /// AWS options.
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Delete a deployed stack (says first what is retained).
    Destroy {
        /// The stack.
        #[arg(long)]
        stack_name: String,
        /// Delete without asking.
        #[arg(short = 'y', long)]
        yes: bool,
        /// AWS options.
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Show a stack's state, last events and outputs.
    Status {
        /// The stack.
        #[arg(long)]
        stack_name: String,
        /// Follow an operation in progress to its end.
        #[arg(long)]
        follow: bool,
        /// AWS options.
        #[command(flatten)]
        aws: AwsArgs,
    },
}

/// Runs one deploy command.
pub fn run(command: DeployCommand) -> ExitCode {
    match command {
        DeployCommand::Deploy {
            args,
            stack_name,
            bucket,
            yes,
            no_execute,
            split,
            parameters,
            aws,
        } => deploy(
            &args,
            &Options {
                stack_name,
                bucket,
                yes,
                no_execute,
                split,
                parameters,
            },
            &aws,
        ),
        DeployCommand::Bootstrap { aws } => {
            let ui = ui(&aws, true);
            let result = with_aws(&aws, |a| async move { bootstrap::bootstrap(&a, ui).await });
            finish(ui, result, |r| {
                if let Some(s) = &r.status {
                    ui.say(format!("stack `{}`: {s}", r.stack));
                }
                r.bucket.iter().for_each(|b| ui.say(format!("assets bucket: {b}")));
                (r.succeeded(), r.interrupted)
            })
        }
        DeployCommand::Destroy { stack_name, yes, aws } => {
            let ui = ui(&aws, yes);
            let result = with_aws(&aws, |a| async move { destroy::destroy(&a, &stack_name, ui).await });
            finish(ui, result, |r| {
                if r.succeeded() && !r.interrupted {
                    ui.say(format!("stack `{}` deleted", r.stack));
                }
                report_failures(ui, &r.failures);
                (r.succeeded(), r.interrupted)
            })
        }
        DeployCommand::Status {
            stack_name,
            follow,
            aws,
        } => {
            let ui = ui(&aws, true);
            let result = with_aws(&aws, |a| async move {
                stack_status::status(&a, &stack_name, follow, ui).await
            });
            finish(ui, result, |r| {
                print_status(ui, r);
                (r.succeeded(), r.interrupted)
            })
        }
    }
}

fn ui(aws: &AwsArgs, yes: bool) -> Ui {
    Ui {
        json: aws.format == ReportFormat::Json,
        yes,
    }
}

/// Runs `job` with clients for `aws` on a fresh runtime.
fn with_aws<T, F>(aws: &AwsArgs, job: impl FnOnce(Aws) -> F) -> Result<Result<T, DeployError>, ExitCode>
where
    F: std::future::Future<Output = Result<T, DeployError>>,
{
    let target = Target {
        profile: aws.profile.clone(),
        region: aws.region.clone(),
    };
    let runtime = crate::deploy::runtime().map_err(|e| io_error(format!("cannot start the AWS client: {e}")))?;
    Ok(runtime.block_on(async move {
        let clients = Aws::connect(&target).await?;
        job(clients).await
    }))
}

/// Reports a command's result and picks the exit code: `summarise` writes
/// the lines for people (stderr) and says whether the command succeeded and
/// whether Ctrl-C interrupted it; with `--format json` the report (or the
/// error) also goes to stdout as one object.
fn finish<T: Serialize>(
    ui: Ui,
    result: Result<Result<T, DeployError>, ExitCode>,
    summarise: impl FnOnce(&T) -> (bool, bool),
) -> ExitCode {
    let report = match result {
        Err(code) => return code,
        Ok(Err(e)) => {
            if ui.json {
                println!(
                    "{}",
                    json!({ "ok": false, "error": { "kind": e.kind(), "message": e.to_string() } })
                );
            } else {
                ui.say(&e);
            }
            return ExitCode::from(if e.is_usage() { 2 } else { 1 });
        }
        Ok(Ok(report)) => report,
    };
    let (ok, interrupted) = summarise(&report);
    if ui.json {
        let mut v = serde_json::to_value(&report).unwrap_or(Value::Null);
        v["ok"] = json!(ok);
        println!("{v}");
    }
    exit_code(ok, interrupted)
}

fn exit_code(ok: bool, interrupted: bool) -> ExitCode {
    match (ok, interrupted) {
        (_, true) => ExitCode::from(130),
        (true, false) => ExitCode::SUCCESS,
        (false, false) => ExitCode::from(1),
    }
}

fn report_failures(ui: Ui, failures: &[Failure]) {
    for f in failures {
        ui.say(format!(
            "{} ({}) {}: {}",
            f.logical_id, f.resource_type, f.status, f.reason
        ));
    }
}

fn print_status(ui: Ui, r: &stack_status::Report) {
    if ui.json {
        return;
    }
    let reason = r.reason.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
    eprintln!("stack {}: {}{reason}", r.stack, r.status);
    if !r.events.is_empty() {
        eprintln!("last events:");
        for e in &r.events {
            let reason = if e.reason.is_empty() {
                String::new()
            } else {
                format!("  {}", e.reason)
            };
            eprintln!("  {}  {}  {}{reason}", e.time, e.logical_id, e.status);
        }
    }
    print_outputs(&r.outputs);
}

fn print_outputs(outputs: &std::collections::BTreeMap<String, String>) {
    if !outputs.is_empty() {
        eprintln!("outputs:");
        for (k, v) in outputs {
            eprintln!("  {k} = {v}");
        }
    }
}

/// `lfc deploy`'s own options.
struct Options {
    stack_name: Option<String>,
    bucket: Option<String>,
    yes: bool,
    no_execute: bool,
    split: bool,
    parameters: ParameterArgs,
}

fn deploy(args: &CompileArgs, o: &Options, aws: &AwsArgs) -> ExitCode {
    let ui = ui(aws, o.yes);
    if !o.yes && !o.no_execute && !std::io::stdin().is_terminal() {
        let e = DeployError::NotConfirmed(
            "nothing deployed: standard input is not a terminal, so pass --yes to deploy without asking".into(),
        );
        return finish::<()>(ui, Ok(Err(e)), |()| (false, false));
    }
    let given = match o.parameters.read() {
        Ok(g) => g,
        Err(e) => return io_error(e),
    };
    let output = match run_compile(args, true, o.split) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if !ui.json {
        print_human(&output.diagnostics, &output.sources);
    }
    let (Some(template), Some(json), ExitCode::SUCCESS) = (
        output.template.as_ref(),
        output.template_json.as_ref(),
        status(&output.diagnostics, args.deny_warnings),
    ) else {
        if ui.json {
            print!("{}", render_json(&output.diagnostics, &output.sources));
        }
        ui.say("nothing deployed: the stack does not build");
        return ExitCode::from(1);
    };
    let names = output
        .stack
        .params
        .keys()
        .map(|n| (n.clone(), crate::model::pascal_case(n)))
        .collect();
    let given = match parameters::given_values(&template.parameters, &names, &given) {
        Ok(g) => g,
        Err(e) => return finish::<()>(ui, Ok(Err(e.into())), |()| (false, false)),
    };
    let stack = o.stack_name.clone().unwrap_or_else(|| output.stack.name.clone());
    let request = pipeline::Request {
        stack: &stack,
        template: json,
        declared: &template.parameters,
        given,
        assets: output.assets.values().collect(),
        nested: output
            .nested
            .iter()
            .map(|n| Object {
                key: &n.key,
                body: Body::Nested(n),
            })
            .collect(),
        bucket: o.bucket.as_deref(),
        no_execute: o.no_execute,
    };
    let result = with_aws(aws, |a| async move { pipeline::deploy(&a, &request, ui).await });
    finish(ui, result, |r| {
        let templates: Vec<&crate::emit::Template> = std::iter::once(template)
            .chain(output.nested.iter().map(|n| &n.template))
            .collect();
        let diags = failure_diagnostics(&r.failures, &templates, &output.stack);
        if !diags.is_empty() && !ui.json {
            eprint!("{}", render_human(&diags, &output.sources, super::use_color()));
        }
        match (&r.status, r.succeeded()) {
            (Some(s), true) => ui.say(format!("stack `{}`: {s}", r.stack)),
            (Some(s), false) => ui.say(format!("deploy of `{}` failed: the stack is {s}", r.stack)),
            (None, _) => {}
        }
        if !ui.json {
            print_outputs(&r.outputs);
        }
        (r.succeeded(), r.interrupted)
    })
}

/// The template deployed as `stack` (for `lfc diff --stack`), and when it
/// is the root of a split stack, its nested stacks' templates by logical ID;
/// a stack that does not exist yet compares as an empty template, so the
/// diff shows what a first deploy would create.
pub(super) fn deployed_templates(target: &Target, stack: &str) -> Result<(String, BTreeMap<String, String>), ExitCode> {
    let runtime = crate::deploy::runtime().map_err(|e| io_error(format!("cannot start the AWS client: {e}")))?;
    let fetched = runtime.block_on(async {
        let aws = Aws::connect(target).await?;
        crate::deploy::changeset::deployed_templates(&aws, stack).await
    });
    match fetched {
        Ok(Some(templates)) => Ok(templates),
        Ok(None) => {
            eprintln!("lfc: stack `{stack}` is not deployed: comparing with an empty template");
            Ok(("{\"Resources\": {}}".to_string(), BTreeMap::new()))
        }
        // 2, not 1: exit 1 means `--fail-on` matched.
        Err(e) => Err(io_error(e)),
    }
}
