//! `lfc diff`: reads both sides, compares them, prints the chosen format
//! and maps the result to an exit code (0; 1 when `--fail-on` matches;
//! 2 for usage, I/O, git, or an input that does not compile).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::diff::{self, FailOn, Input, InputError};
use crate::Options;

/// `lfc diff` output format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// A tree for terminals (coloured on a terminal unless NO_COLOR).
    Text,
    /// A pull request comment.
    Markdown,
    /// JSON (LANGUAGE.md §14).
    Json,
}

/// What `--fail-on` gates on.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOnArg {
    /// Any change.
    Any,
    /// A resource is replaced (or may be).
    Replacement,
    /// A security finding.
    Security,
}

/// The arguments of `lfc diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// BASE and HEAD: `.lf` stacks or templates (`.json`, `.yaml`); with `--base REV`, one FILE.
    #[arg(num_args = 1..=2, required = true, value_name = "BASE HEAD")]
    pub files: Vec<PathBuf>,
    /// Compare FILE and its imports as they are at git revision REV with the working tree.
    #[arg(long = "base", value_name = "REV")]
    pub base_rev: Option<String>,
    /// Compare the template deployed as stack NAME (CloudFormation GetTemplate) with FILE.
    #[cfg(feature = "deploy")]
    #[arg(long = "stack", value_name = "NAME", conflicts_with = "base_rev")]
    pub stack: Option<String>,
    /// With `--stack`: the AWS profile (default: AWS_PROFILE, else the default chain).
    #[cfg(feature = "deploy")]
    #[arg(long, requires = "stack")]
    pub profile: Option<String>,
    /// With `--stack`: the AWS region (default: AWS_REGION, else the profile's).
    #[cfg(feature = "deploy")]
    #[arg(long, requires = "stack")]
    pub region: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when the diff has any change, a replacement, or a security finding.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOnArg>,
    /// With `--format markdown`: add the changed part of the dependency graph as a Mermaid chart.
    #[arg(long)]
    pub graph: bool,
    /// Override a variable of `.lf` inputs: `--var stage=prod` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::parse_var)]
    pub vars: Vec<(String, String)>,
    /// Compile `.lf` inputs as `lfc build --split` does (root and nested stacks, read as one;
    /// with `--stack`, implied when the deployed stack is split).
    #[arg(long)]
    pub split: bool,
    /// Reference date for compiling `.lf` inputs (default: today, or LFC_TODAY).
    #[arg(long, env = "LFC_TODAY", value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub today: Option<String>,
}

/// Runs `lfc diff`.
pub fn run(args: &DiffArgs) -> ExitCode {
    let (base, head) = match inputs(args) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    // A deployed split stack compares with the `.lf` built split, as `lfc deploy` requires.
    let split = args.split || matches!(&base, Input::Template { nested, .. } if !nested.is_empty());
    compare(args, base, head, split)
}

/// BASE and HEAD as the arguments name them.
fn inputs(args: &DiffArgs) -> Result<(Input, Input), ExitCode> {
    #[cfg(feature = "deploy")]
    if let Some(stack) = &args.stack {
        let [file] = args.files.as_slice() else {
            return Err(super::io_error("with `--stack NAME`, give one FILE"));
        };
        let target = crate::deploy::Target {
            profile: args.profile.clone(),
            region: args.region.clone(),
        };
        let (text, nested) = super::deploy::deployed_templates(&target, stack)?;
        let base = Input::Template {
            name: format!("stack {stack} (deployed)"),
            text,
            nested,
        };
        return Ok((base, Input::File(file.clone())));
    }
    Ok(match (&args.base_rev, args.files.as_slice()) {
        (Some(rev), [file]) => (
            Input::Git {
                rev: rev.clone(),
                path: file.clone(),
            },
            Input::File(file.clone()),
        ),
        (None, [b, h]) => (Input::File(b.clone()), Input::File(h.clone())),
        (Some(_), _) => return Err(super::io_error("with `--base REV`, give one FILE")),
        (None, _) => return Err(super::io_error("give BASE and HEAD, or `--base REV FILE`")),
    })
}

/// Compares the two sides (`.lf` ones compiled split with `split`) and
/// prints the diff; the exit code.
fn compare(args: &DiffArgs, base: Input, head: Input, split: bool) -> ExitCode {
    if args.graph && !matches!(args.format, DiffFormat::Markdown) {
        return super::io_error("`--graph` goes with `--format markdown`");
    }
    let opts = Options {
        vars: args.vars.clone(),
        today: args
            .today
            .clone()
            .unwrap_or_else(|| crate::dates::today_utc().to_string()),
        // Code folders are zipped so code changes show (as a changed
        // `S3Key`), except with `--base`: git holds the old `.lf` files, and
        // packaging would read today's code for both sides.
        package: args.base_rev.is_none(),
    };
    // The two sides are independent: read them on two threads (the second
    // with the main thread's stack size, as the compiler recurses).
    let (base, head) = std::thread::scope(|s| {
        let other = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, || load(&base, &opts, split));
        let head = load(&head, &opts, split);
        let base = match other {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(super::io_error("reading BASE failed"))),
            Err(_) => load(&base, &opts, split),
        };
        (base, head)
    });
    let (base, head) = match (base, head) {
        (Ok(b), Ok(h)) => (b, h),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let d = diff::diff(&base, &head);
    let text = match args.format {
        DiffFormat::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            diff::render::text(&d, color)
        }
        DiffFormat::Markdown => {
            let graph = args.graph.then(|| diff::graph::mermaid(&base, &head, &d));
            diff::render::markdown(&d, graph.as_deref())
        }
        DiffFormat::Json => diff::render::json(&d),
    };
    print!("{text}");
    let fail_on = args.fail_on.map(|f| match f {
        FailOnArg::Any => FailOn::Any,
        FailOnArg::Replacement => FailOn::Replacement,
        FailOnArg::Security => FailOn::Security,
    });
    let code = if fail_on.is_some_and(|f| d.fails(f)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing two large templates only costs time.
    std::mem::forget((base, head, d));
    code
}

fn load(input: &Input, opts: &Options, split: bool) -> Result<diff::Doc, ExitCode> {
    input.load(opts, split).map_err(|e| {
        if let InputError::Compile { output, .. } = &e {
            super::print_human(&output.diagnostics, &output.sources);
        }
        super::io_error(e)
    })
}
