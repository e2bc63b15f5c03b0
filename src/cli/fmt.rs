//! `lfc fmt`: finds the files, reads them, writes back what
//! [`crate::fmt::format_source`] returns (or, with `--check`, lists the files
//! that would change), and maps the outcome to an exit code.
//!
//! Must not: decide any layout; that is [`crate::fmt`]'s.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::render_human;
use crate::fmt::{format_source, FormatError};
use crate::source::{SourceFile, SourceMap};

/// What happened to the files, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Formatted, or already formatted.
    Ok,
    /// Not formatted (`--check`) or a syntax error: exit 1.
    Failed,
    /// A file could not be read or written: exit 2.
    Io,
}

/// Runs `lfc fmt PATHS… [--check]`. No path, or `-`, formats standard input
/// to standard output.
pub(super) fn run(paths: &[PathBuf], check: bool) -> ExitCode {
    let stdin = paths.is_empty() || paths.iter().all(|p| p.as_os_str() == "-");
    let outcome = if stdin {
        format_stdin(check)
    } else if paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("lfc: `-` (standard input) cannot be mixed with files");
        Outcome::Io
    } else {
        let mut outcome = Outcome::Ok;
        for path in paths {
            match files_under(path) {
                Ok(files) => {
                    for file in files {
                        outcome = outcome.max(format_file(&file, check));
                    }
                }
                Err(e) => {
                    eprintln!("lfc: {}: {e}", path.display());
                    outcome = Outcome::Io;
                }
            }
        }
        outcome
    };
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::Io => ExitCode::from(2),
    }
}

/// `path` itself when it is a file, else every `*.lf` file under it (hidden
/// folders skipped), sorted.
fn files_under(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !std::fs::metadata(path)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "lf") {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn format_file(path: &Path, check: bool) -> Outcome {
    let display = path.display().to_string();
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lfc: cannot read {display}: {e}");
            return Outcome::Io;
        }
    };
    match format_source(&src) {
        Err(e) => report(&e, path, &display, src),
        Ok(out) if out == src => Outcome::Ok,
        Ok(_) if check => {
            println!("{display}");
            Outcome::Failed
        }
        Ok(out) => match crate::package::write_atomic(path, out.as_bytes()) {
            Ok(()) => Outcome::Ok,
            Err(e) => {
                eprintln!("lfc: cannot write {display}: {e}");
                Outcome::Io
            }
        },
    }
}

fn format_stdin(check: bool) -> Outcome {
    let mut src = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut src) {
        eprintln!("lfc: cannot read standard input: {e}");
        return Outcome::Io;
    }
    match format_source(&src) {
        Err(e) => report(&e, Path::new("-"), "<stdin>", src),
        Ok(out) if check => {
            if out == src {
                Outcome::Ok
            } else {
                println!("<stdin>");
                Outcome::Failed
            }
        }
        Ok(out) => {
            if std::io::stdout().write_all(out.as_bytes()).is_err() {
                return Outcome::Io;
            }
            Outcome::Ok
        }
    }
}

/// Prints a file's syntax errors as `lfc check` would; the file is left alone.
fn report(e: &FormatError, path: &Path, display: &str, src: String) -> Outcome {
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new(path.to_path_buf(), display.to_string(), src));
    eprint!("{}", render_human(&e.diagnostics, &sources, super::use_color()));
    eprintln!("lfc: {display} not formatted: it has syntax errors");
    Outcome::Failed
}
