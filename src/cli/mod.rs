//! The command line: argument parsing (clap), reading and writing files,
//! exit codes. Everything else is the library's.
//!
//! Must not: compile anything itself; it calls [`crate::compile`] and the
//! renderers, and maps results to exit codes (0 ok, 1 diagnostics, 2 usage
//! or I/O).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{render_github, render_human, render_json, render_sarif, Code, Diagnostics};
use crate::model::load::DiskReader;
use crate::source::SourceMap;
use crate::{compile, Options, Output};

#[cfg(feature = "deploy")]
mod deploy;

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
    /// The stack's main `.lf` file.
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
        /// Template format.
        #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
        format: TemplateFormat,
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
    /// JSON (the format is documented in docs/language.md).
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

fn parse_date(s: &str) -> Result<String, String> {
    let ok = s.len() == 10
        && s.char_indices()
            .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
        && crate::date_from_days(crate::check::day_number(s)) == s;
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a date YYYY-MM-DD"))
    }
}

/// Runs the command line with the process's arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { args, out, format } => build(&args, out.as_deref(), format),
        Command::Check { args, format } => check(&args, format),
        Command::Graph { args, format } => graph(&args, format),
        Command::Explain { code } => explain(&code),
        #[cfg(feature = "deploy")]
        Command::Deploy(command) => deploy::run(command),
    }
}

fn io_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("lfc: {msg}");
    ExitCode::from(2)
}

fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn run_compile(args: &CompileArgs, package: bool) -> Result<Output, ExitCode> {
    let opts = Options {
        vars: args.vars.clone(),
        today: args.today.clone().unwrap_or_else(crate::today_utc),
        package,
    };
    let display = args.file.to_string_lossy().to_string();
    compile(&args.file, &display, &DiskReader, &opts).map_err(io_error)
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

fn build(args: &CompileArgs, out: Option<&str>, format: TemplateFormat) -> ExitCode {
    let started = Instant::now();
    let output = match run_compile(args, true) {
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
        eprintln!(
            "lfc: built {} → {dest}: {} resources, {} bytes, {} ms",
            output.stack.name,
            template.resources.len(),
            text.len(),
            started.elapsed().as_millis()
        );
    };
    if out == Some("-") {
        if std::io::stdout().write_all(text.as_bytes()).is_err() {
            return ExitCode::from(2);
        }
        summary("stdout");
        return ExitCode::SUCCESS;
    }
    let dir = match out {
        Some("") => return io_error("`-o` needs a folder, or `-` for standard output"),
        Some(d) => PathBuf::from(d),
        None => args.file.parent().unwrap_or(Path::new("")).join("build"),
    };
    for asset in output.assets.values() {
        if let Err(e) = crate::package::write_asset(&dir, asset) {
            return io_error(e);
        }
    }
    let path = dir.join(format!("{}.template.{ext}", output.stack.name));
    if let Err(e) = write_atomic(&path, text.as_bytes()) {
        return io_error(format!("cannot write {}: {e}", path.display()));
    }
    summary(&path.display().to_string());
    // The process ends here: freeing a large template only costs time.
    std::mem::forget(output);
    ExitCode::SUCCESS
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

fn check(args: &CompileArgs, format: DiagnosticFormat) -> ExitCode {
    let output = match run_compile(args, false) {
        Ok(o) => o,
        Err(code) => return code,
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
        DiagnosticFormat::Json => print!("{}", render_json(d, s)),
        DiagnosticFormat::Sarif => print!("{}", render_sarif(d, s)),
        DiagnosticFormat::Github => print!("{}", render_github(d, s)),
    }
    let code = status(d, args.deny_warnings);
    // The process ends here: freeing a large stack only costs time.
    std::mem::forget(output);
    code
}

fn graph(args: &CompileArgs, format: GraphFormat) -> ExitCode {
    let output = match run_compile(args, false) {
        Ok(o) => o,
        Err(code) => return code,
    };
    print_human(&output.diagnostics, &output.sources);
    let Some(t) = output.template.as_ref().filter(|_| !output.diagnostics.has_errors()) else {
        return ExitCode::from(1);
    };
    match format {
        GraphFormat::Dot => print!("{}", crate::graph::to_dot(t)),
        GraphFormat::Mermaid => print!("{}", crate::graph::to_mermaid(t)),
    }
    ExitCode::SUCCESS
}

fn explain(code: &str) -> ExitCode {
    if code == "all" {
        for c in Code::ALL {
            println!("{}  {}", c.as_str(), c.title());
        }
        return ExitCode::SUCCESS;
    }
    // `LF0414`, `lf0414` and `0414` all name the same code.
    let code = if code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("LF{code}")
    } else {
        code.to_string()
    };
    match Code::parse(&code) {
        Some(c) => {
            println!("{}: {}\n\n{}", c.as_str(), c.title(), c.explanation());
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("lfc: `{code}` is not a diagnostic code (they look like LF0301; `lfc explain all` lists them)");
            ExitCode::from(2)
        }
    }
}
