//! The command line: argument parsing (clap), reading and writing files,
//! exit codes. Everything else is the library's.
//!
//! Must not: compile anything itself; it calls [`crate::compile`] and the
//! renderers, and maps results to exit codes (0 ok, 1 diagnostics, 2 usage
//! or I/O).

#[cfg(feature = "deploy")]
mod deploy;
mod diff;
mod fmt;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{
    render_failure, render_github, render_human, render_json, render_sarif, Code, Diagnostics, MachineFormat,
};
use crate::model::load::DiskReader;
use crate::source::SourceMap;
use crate::{compile, compile_split, Options, Output};

/// lfc compiles `.lf` stacks into plain CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "lfc", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every compiling command shares.
#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The stack's main `.lf` file, or a folder holding `stack.lf`.
    #[arg(value_parser = stack_file)]
    pub file: PathBuf,
    /// Override a variable: `--var stage=prod` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Reference date for runtime lifecycle checks (default: today, or LFC_TODAY).
    #[arg(long, env = "LFC_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<String>,
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the stack, package code and write the template.
    Build {
        /// Shared options.
        #[command(flatten)]
        args: CompileArgs,
        /// Output folder (default: `build/` beside FILE); `-` writes the template to stdout.
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<String>,
        /// Template format (of the root template; nested templates are JSON).
        #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
        format: TemplateFormat,
        /// Emit a root template and nested stacks (written to DIR/assets/), for
        /// stacks past CloudFormation's template limits (docs/split.md).
        #[arg(long)]
        split: bool,
    },
    /// Report diagnostics only.
    Check {
        /// Shared options.
        #[command(flatten)]
        args: CompileArgs,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
    },
    /// Print the resource dependency graph.
    Graph {
        /// Shared options.
        #[command(flatten)]
        args: CompileArgs,
        /// Graph format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Compare two stacks or templates: replacements, widened permissions, outputs.
    Diff(diff::DiffArgs),
    /// Format `.lf` files in place; with no FILE (or `-`), standard input to standard output.
    Fmt {
        /// Files, or folders (every `*.lf` file under them); none or `-` reads standard input.
        paths: Vec<PathBuf>,
        /// Write nothing: list the files that are not formatted and exit 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Run the language server on standard input and output (docs/editors.md).
    Lsp {
        /// Reference date for runtime lifecycle checks (default: today, or LFC_TODAY).
        #[arg(long, env = "LFC_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<String>,
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Explain a diagnostic code, e.g. `lfc explain LF0301`.
    Explain {
        /// The code; `all` lists every code.
        code: String,
    },
    /// Deploying: `deploy`, `bootstrap`, `destroy`, `status`.
    #[cfg(feature = "deploy")]
    #[command(flatten)]
    Deploy(deploy::DeployCommand),
}

/// Template output format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TemplateFormat {
    /// JSON, 2-space indent.
    Json,
    /// YAML.
    Yaml,
}

/// Diagnostic output format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiagnosticFormat {
    /// Terminal text (miette).
    Human,
    /// JSON (the format is documented in docs/diagnostics.md).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// Graph output format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz dot.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))
}

/// A folder names the `stack.lf` inside it.
fn stack_file(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    Ok(if path.is_dir() { path.join("stack.lf") } else { path })
}

fn parse_date(s: &str) -> Result<String, String> {
    if crate::dates::Date::parse(s).is_ok() {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a date YYYY-MM-DD"))
    }
}

/// Runs the command line with the process's arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let done = match cli.command {
        Command::Build {
            args,
            out,
            format,
            split,
        } => Ok(build(&args, out.as_deref(), format, split)),
        Command::Check { args, format } => check(&args, format),
        Command::Graph { args, format } => graph(&args, format),
        Command::Diff(args) => Ok(diff::run(&args)),
        Command::Fmt { paths, check } => Ok(fmt::run(&paths, check)),
        Command::Lsp { today, .. } => Ok(lsp(today)),
        Command::Explain { code } => explain(&code),
        #[cfg(feature = "deploy")]
        Command::Deploy(command) => Ok(deploy::run(command)),
    };
    // `Err` is an early end (an I/O failure already reported).
    done.unwrap_or_else(std::convert::identity)
}

fn lsp(today: Option<String>) -> ExitCode {
    match crate::lsp::run_stdio(today.unwrap_or_else(|| crate::dates::today_utc().to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => io_error(format!("lsp: {e}")),
    }
}

fn io_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("lfc: {msg}");
    ExitCode::from(2)
}

fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn run_compile(args: &CompileArgs, package: bool, split: bool) -> Result<Output, ExitCode> {
    compile_with(args, package, split).map_err(io_error)
}

fn compile_with(args: &CompileArgs, package: bool, split: bool) -> Result<Output, crate::model::load::LoadError> {
    let opts = Options {
        vars: args.vars.clone(),
        today: args
            .today
            .clone()
            .unwrap_or_else(|| crate::dates::today_utc().to_string()),
        package,
    };
    let display = args.file.to_string_lossy().to_string();
    if split {
        compile_split(&args.file, &display, &DiskReader, &opts)
    } else {
        compile(&args.file, &display, &DiskReader, &opts)
    }
}

/// Reports a run that could not check anything in the format asked for
/// (machine formats on standard output, so their readers see it); exit 2.
fn failure(format: DiagnosticFormat, message: &str) -> ExitCode {
    let machine = match format {
        DiagnosticFormat::Human => return io_error(message),
        DiagnosticFormat::Json => MachineFormat::Json,
        DiagnosticFormat::Sarif => MachineFormat::Sarif,
        DiagnosticFormat::Github => MachineFormat::Github,
    };
    eprintln!("lfc: {message}");
    match to_stdout(&render_failure(machine, message)) {
        Ok(()) => ExitCode::from(2),
        Err(code) => code,
    }
}

fn print_human(diags: &Diagnostics, sources: &SourceMap) {
    let text = render_human(diags, sources, use_color());
    if !text.is_empty() {
        eprint!("{text}");
    }
}

/// Exit code for diagnostics: 1 on errors (or warnings with `--deny-warnings`).
fn status(diags: &Diagnostics, deny_warnings: bool) -> ExitCode {
    if diags.has_errors() || (deny_warnings && diags.warning_count() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(args: &CompileArgs, out: Option<&str>, format: TemplateFormat, split: bool) -> ExitCode {
    let started = Instant::now();
    if split && out == Some("-") {
        return io_error("`--split` writes nested templates beside the root: give `-o` a folder, not `-`");
    }
    let output = match run_compile(args, true, split) {
        Ok(o) => o,
        Err(code) => return code,
    };
    print_human(&output.diagnostics, &output.sources);
    let code = status(&output.diagnostics, args.deny_warnings);
    let Some(template) = output.template.as_ref().filter(|_| code == ExitCode::SUCCESS) else {
        eprintln!(
            "lfc: build failed: {} error(s), {} warning(s); nothing written",
            output.diagnostics.error_count(),
            output.diagnostics.warning_count()
        );
        std::mem::forget(output);
        return ExitCode::from(1);
    };
    let (text, ext) = match format {
        TemplateFormat::Json => (output.template_json.clone().unwrap_or_default(), "json"),
        TemplateFormat::Yaml => (template.to_yaml_string(), "yaml"),
    };
    let summary = |dest: &str| {
        let nested = if output.nested.is_empty() {
            String::new()
        } else {
            let resources: usize = output.nested.iter().map(|n| n.template.resources.len()).sum();
            format!(" ({resources} resources in {} nested templates)", output.nested.len())
        };
        eprintln!(
            "lfc: built {} → {dest}: {} resources{nested}, {} bytes, {} ms",
            output.stack.name,
            template.resources.len(),
            text.len(),
            started.elapsed().as_millis()
        );
    };
    if out == Some("-") {
        if let Err(code) = to_stdout(&text) {
            return code;
        }
        summary("stdout");
        return ExitCode::SUCCESS;
    }
    let dir = match out {
        Some("") => return io_error("`-o` needs a folder, or `-` for standard output"),
        Some(d) => PathBuf::from(d),
        None => args.file.parent().unwrap_or(Path::new("")).join("build"),
    };
    if let Err(e) = crate::package::mark_output_folder(&dir) {
        return io_error(e);
    }
    for asset in output.assets.values() {
        if let Err(e) = crate::package::write_asset(&dir, asset) {
            return io_error(e);
        }
    }
    for n in &output.nested {
        // As code zips: a nested template an earlier build wrote (it is
        // named by its text's SHA-256) is not written again.
        if let Err(e) = crate::package::write_once(&dir.join(&n.key), n.json.as_bytes()) {
            return io_error(e);
        }
    }
    let path = dir.join(format!("{}.template.{ext}", output.stack.name));
    if let Err(e) = crate::package::write_atomic(&path, text.as_bytes()) {
        return io_error(format!("cannot write {}: {e}", path.display()));
    }
    summary(&path.display().to_string());
    // The process ends here: freeing a large template only costs time.
    std::mem::forget(output);
    ExitCode::SUCCESS
}

fn check(args: &CompileArgs, format: DiagnosticFormat) -> Result<ExitCode, ExitCode> {
    let output = match compile_with(args, false, false) {
        Ok(o) => o,
        Err(e) => return Err(failure(format, &e.to_string())),
    };
    let (d, s) = (&output.diagnostics, &output.sources);
    match format {
        DiagnosticFormat::Human => {
            print_human(d, s);
            eprintln!(
                "lfc: {}: {} error(s), {} warning(s)",
                output.stack.name,
                d.error_count(),
                d.warning_count()
            );
        }
        DiagnosticFormat::Json => to_stdout(&render_json(d, s))?,
        DiagnosticFormat::Sarif => to_stdout(&render_sarif(d, s))?,
        DiagnosticFormat::Github => to_stdout(&render_github(d, s))?,
    }
    let code = status(d, args.deny_warnings);
    // The process ends here: freeing a large stack only costs time.
    std::mem::forget(output);
    Ok(code)
}

/// Writes `text` to standard output. A reader that stops early (`| head`)
/// is no failure: lfc ends quietly. Any other write error exits 2.
fn to_stdout(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(io_error(format!("cannot write to standard output: {e}"))),
    }
}

fn graph(args: &CompileArgs, format: GraphFormat) -> Result<ExitCode, ExitCode> {
    let output = run_compile(args, false, false)?;
    print_human(&output.diagnostics, &output.sources);
    let Some(t) = output.template.as_ref().filter(|_| !output.diagnostics.has_errors()) else {
        return Ok(ExitCode::from(1));
    };
    match format {
        GraphFormat::Dot => to_stdout(&crate::graph::to_dot(t))?,
        GraphFormat::Mermaid => to_stdout(&crate::graph::to_mermaid(t))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(code: &str) -> Result<ExitCode, ExitCode> {
    if code == "all" {
        let list: String = Code::ALL
            .iter()
            .map(|c| format!("{}  {}\n", c.as_str(), c.title()))
            .collect();
        to_stdout(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    // `LF0414`, `lf0414` and `0414` all name the same code.
    let code = if code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("LF{code}")
    } else {
        code.to_string()
    };
    match Code::parse(&code) {
        Some(c) => {
            to_stdout(&format!("{}: {}\n\n{}\n", c.as_str(), c.title(), c.explanation()))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("lfc: `{code}` is not a diagnostic code (they look like LF0301; `lfc explain all` lists them)");
            Ok(ExitCode::from(2))
        }
    }
}
