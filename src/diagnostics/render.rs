//! Renderers: the same [`Diagnostic`]s as terminal text (miette), JSON
//! (docs/diagnostics.md), SARIF 2.1.0 and GitHub workflow annotations.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, SourceCode,
    SpanContents,
};
use serde_json::{json, Value};

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::{SourceFile, SourceMap, Span};

/// The lines of a file around a diagnostic, handed to miette instead of the
/// whole file: rendering stays proportional to the diagnostic, not to the
/// file, and line numbers stay those of the whole file.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
}

/// Longest line drawn in a snippet, in bytes.
const MAX_DRAWN_LINE: usize = 1000;

/// Lines of context kept around the spans (miette shows fewer).
const WINDOW_MARGIN_LINES: u32 = 4;

impl Window {
    fn around(file: &SourceFile, span: Span) -> Window {
        let first_line = file.line_col(span.start).line.saturating_sub(1 + WINDOW_MARGIN_LINES);
        let last_line = file.line_col(span.end).line + WINDOW_MARGIN_LINES;
        let start = file.line_start(first_line);
        let end = file.line_start(last_line);
        Window {
            name: file.display.clone(),
            text: file.text.get(start..end).unwrap_or("").to_string(),
            offset: start,
            first_line: first_line as usize,
        }
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = miette::SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let inner = self.text.read_span(&local, context_lines_before, context_lines_after)?;
        let global = miette::SourceSpan::new((inner.span().offset() + self.offset).into(), inner.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            global,
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Human-readable text, with colour when `color` is true. Many diagnostics
/// are drawn on several threads, each a contiguous run joined in order.
pub fn render_human(diags: &Diagnostics, sources: &SourceMap, color: bool) -> String {
    let sorted = diags.sorted();
    crate::parallel::in_runs(&sorted, PARALLEL_MIN_DIAGNOSTICS, |run| {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        for d in run {
            render_one(&handler, d, sources, &mut out);
        }
        out
    })
    .concat()
}

/// Diagnostics below which they are drawn on one thread.
const PARALLEL_MIN_DIAGNOSTICS: usize = 64;

/// Draws one diagnostic, with a blank line after it.
fn render_one(handler: &GraphicalReportHandler, d: &Diagnostic, sources: &SourceMap, out: &mut String) {
    let mut md = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code.as_str())
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    let mut help = d.help.clone().unwrap_or_default();
    // Snippets are drawn from a window of whole lines; a line too long to
    // draw is replaced by its location in the text.
    let window = d.span.map(|span| {
        let same_file = d.labels.iter().filter(|l| l.span.file == span.file).map(|l| l.span);
        Window::around(sources.get(span.file), same_file.fold(span, Span::to))
    });
    let drawable = window
        .as_ref()
        .is_some_and(|w| w.text.lines().all(|l| l.len() <= MAX_DRAWN_LINE));
    let primary_file = d.span.map(|s| s.file).filter(|_| drawable);
    if let (Some(span), false) = (d.span, drawable) {
        let f = sources.get(span.file);
        let lc = f.line_col(span.start);
        md = MietteDiagnostic::new(format!("{} (at {}:{}:{})", d.message, f.display, lc.line, lc.column))
            .with_code(d.code.as_str())
            .with_severity(md.severity.unwrap_or(miette::Severity::Error));
    }
    if let (Some(span), Some(_)) = (d.span, primary_file) {
        md = md.and_label(LabeledSpan::new_primary_with_span(None, to_miette(span)));
    }
    for l in &d.labels {
        if Some(l.span.file) == primary_file {
            md = md.and_label(LabeledSpan::new_with_span(Some(l.message.clone()), to_miette(l.span)));
        } else {
            let f = sources.get(l.span.file);
            let lc = f.line_col(l.span.start);
            help.push_str(&format!("\n{}:{}:{}: {}", f.display, lc.line, lc.column, l.message));
        }
    }
    if !help.is_empty() {
        md = md.with_help(help);
    }
    let window = window.filter(|_| primary_file.is_some());
    let sourced = Sourced {
        md: &md,
        window: window.as_ref(),
    };
    let _ = handler.render_report(out, &sourced);
    out.push('\n');
}

/// A diagnostic and the window its snippet is drawn from: what
/// `miette::Report::with_source_code` would make, without the report, whose
/// creation looks up the terminal (system calls) for every diagnostic.
#[derive(Debug)]
struct Sourced<'a> {
    md: &'a MietteDiagnostic,
    window: Option<&'a Window>,
}

impl std::fmt::Display for Sourced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.md.fmt(f)
    }
}

impl std::error::Error for Sourced<'_> {}

impl miette::Diagnostic for Sourced<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.md.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.md.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.md.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.md.url()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.md.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.window.map(|w| w as &dyn SourceCode)
    }
}

fn to_miette(span: Span) -> miette::SourceSpan {
    (span.start as usize, span.len()).into()
}

fn position(sources: &SourceMap, span: Span) -> Value {
    let f = sources.get(span.file);
    let s = f.line_col(span.start);
    let e = f.line_col(span.end);
    json!({ "start": { "line": s.line, "column": s.column }, "end": { "line": e.line, "column": e.column } })
}

fn file_of(sources: &SourceMap, span: Option<Span>) -> Value {
    span.map_or(Value::Null, |s| Value::String(sources.get(s.file).display.clone()))
}

/// `lfc check --format json` (docs/diagnostics.md).
pub fn render_json(diags: &Diagnostics, sources: &SourceMap) -> String {
    let list: Vec<Value> = diags
        .sorted()
        .into_iter()
        .map(|d| {
            let labels: Vec<Value> = d
                .labels
                .iter()
                .map(|l| json!({ "message": l.message, "file": sources.get(l.span.file).display, "span": position(sources, l.span) }))
                .collect();
            json!({
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": file_of(sources, d.span),
                "span": d.span.map_or(Value::Null, |s| position(sources, s)),
                "labels": labels,
                "help": d.help,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "diagnostics": list,
        "summary": { "errors": diags.error_count(), "warnings": diags.warning_count() },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// SARIF 2.1.0, as GitHub code scanning reads it.
pub fn render_sarif(diags: &Diagnostics, sources: &SourceMap) -> String {
    let sorted = diags.sorted();
    let mut codes: Vec<super::Code> = sorted.iter().map(|d| d.code).collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.title(),
                "shortDescription": { "text": c.title() },
                "fullDescription": { "text": c.explanation() },
            })
        })
        .collect();
    let region = |span: Span| {
        let f = sources.get(span.file);
        let s = f.line_col(span.start);
        let e = f.line_col(span.end);
        json!({ "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column })
    };
    let location = |span: Span| json!({ "physicalLocation": { "artifactLocation": { "uri": sources.get(span.file).display }, "region": region(span) } });
    let results: Vec<Value> = sorted
        .iter()
        .map(|d: &&Diagnostic| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut r = json!({
                "ruleId": d.code.as_str(),
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": text },
            });
            if let Some(span) = d.span {
                r["locations"] = json!([location(span)]);
            }
            if !d.labels.is_empty() {
                r["relatedLocations"] = Value::Array(
                    d.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let mut loc = location(l.span);
                            loc["id"] = json!(i);
                            loc["message"] = json!({ "text": l.message });
                            loc
                        })
                        .collect(),
                );
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "lfc", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A run that could not check anything (the main file unreadable, say), in
/// the machine formats: JSON gets `"error"` beside an empty diagnostics list,
/// SARIF a failed invocation with the message, GitHub an `::error::` line.
pub fn render_failure(format: MachineFormat, message: &str) -> String {
    match format {
        MachineFormat::Json => {
            let doc = json!({
                "version": 1,
                "error": { "kind": "io", "message": message },
                "diagnostics": [],
                "summary": { "errors": 0, "warnings": 0 },
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        MachineFormat::Sarif => {
            let doc = json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": { "driver": { "name": "lfc", "version": env!("CARGO_PKG_VERSION") } },
                    "invocations": [{
                        "executionSuccessful": false,
                        "toolExecutionNotifications": [{ "level": "error", "message": { "text": message } }],
                    }],
                    "results": [],
                }],
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        MachineFormat::Github => {
            let escaped = message.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
            format!("::error title=lfc::{escaped}\n")
        }
    }
}

/// The formats read by programs rather than people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineFormat {
    /// [`render_json`]
    Json,
    /// [`render_sarif`]
    Sarif,
    /// [`render_github`]
    Github,
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`).
pub fn render_github(diags: &Diagnostics, sources: &SourceMap) -> String {
    let escape_data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags.sorted() {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!(
            "title={}",
            escape_prop(&format!("{} {}", d.code.as_str(), d.code.title()))
        )];
        if let Some(span) = d.span {
            let f = sources.get(span.file);
            let s = f.line_col(span.start);
            let e = f.line_col(span.end);
            props.insert(0, format!("file={}", escape_prop(&f.display)));
            props.insert(
                1,
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    s.line, s.column, e.line, e.column
                ),
            );
        }
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        out.push_str(&format!("::{level} {}::{}\n", props.join(","), escape_data(&msg)));
    }
    out
}
