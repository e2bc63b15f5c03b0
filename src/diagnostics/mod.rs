//! Diagnostics: one record for every problem lfc reports, and the renderers
//! that turn it into text for terminals (miette), JSON for tools, SARIF for
//! code scanning and GitHub annotations.
//!
//! Stages push [`Diagnostic`]s into a [`Diagnostics`] sink and go on; nothing
//! here decides whether a build fails except by counting errors. Renderers
//! never change what a diagnostic says, only how it looks.

mod codes;
mod render;

pub use codes::Code;
pub use render::{render_failure, render_github, render_human, render_json, render_sarif, MachineFormat};

use crate::source::Span;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The stack cannot be built.
    Error,
    /// The stack builds, but something is likely wrong.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A secondary site that matters for a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// What this site has to do with the problem.
    pub message: String,
    /// Where it is.
    pub span: Span,
}

/// One problem, with everything every renderer needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, `LF` + 4 digits.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The primary site; `None` for problems of the stack as a whole.
    pub span: Option<Span>,
    /// Other sites that matter.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// A mechanical fix, when there is exactly one: editors offer it as a
    /// code action.
    pub fix: Option<Fix>,
}

/// A machine-applicable fix: replace the text at `span` (empty: insert there)
/// with `replacement`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Diagnostic {
    /// An error with the code's default severity overridden to error.
    pub fn error(code: Code, span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: span.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// A warning.
    pub fn warning(code: Code, span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `what` declared a second time at `span` (error [`Code::DuplicateName`]),
    /// labelled where it was first declared, with `help` on what to do.
    pub fn declared_twice(what: &str, span: Span, first: Span, help: &str) -> Self {
        Diagnostic::error(Code::DuplicateName, span, format!("{what} is declared twice"))
            .with_label(first, "first declared here")
            .with_help(help)
    }

    /// Attaches a mechanical fix: `replacement` for the text at `span`.
    #[must_use]
    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Helps with the candidate closest to `word` ("did you mean …?"), or
    /// with `otherwise` when none is close: the shape of every "unknown name"
    /// diagnostic.
    #[must_use]
    pub fn with_closest<'a>(
        self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        match closest(word, candidates) {
            Some(c) => self.with_help(format!("did you mean `{c}`?")),
            None => self.with_help(otherwise),
        }
    }

    /// [`Diagnostic::with_closest`] for a `word` written exactly at `at`:
    /// the suggestion also becomes the diagnostic's [`Fix`].
    #[must_use]
    pub fn with_closest_at<'a>(
        self,
        at: Span,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        match closest(word, candidates) {
            Some(c) => self.with_help(format!("did you mean `{c}`?")).with_fix(at, c),
            None => self.with_help(otherwise),
        }
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            message: message.into(),
            span,
        });
        self
    }
}

/// The sink every stage reports into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of distinct errors (a problem in `defaults` is one, however
    /// many functions inherit it).
    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of distinct warnings.
    pub fn warning_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The diagnostics in a stable order: by file, position, then code.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.map(|s| (s.file, s.start, s.end));
            key(a)
                .cmp(&key(b))
                .then(a.code.as_str().cmp(b.code.as_str()))
                .then(a.message.cmp(&b.message))
        });
        v.dedup_by(|a, b| a == b);
        v
    }

    /// Every diagnostic, in the order recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// "did you mean `x`?" for the closest of `candidates` to `word`, if close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The closest of `candidates` to `word`, if close enough to be meant.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        // Short names with a swapped or wrong letter (`dql` for `dlq`) score
        // low on Jaro-Winkler but are one or two edits away.
        let edits = strsim::osa_distance(word, c);
        let close = score > 0.8 || (edits <= 1 + word.chars().count() / 4 && edits < word.chars().count());
        if close && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
