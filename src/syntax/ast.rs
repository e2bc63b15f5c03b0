//! The syntax tree of one `.lf` file: what the user wrote, with byte spans,
//! before any name is resolved. Built by [`super::parse_file`].

use crate::source::Span;

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The text.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// One parsed file: its top-level items in source order.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Items that parsed; broken ones were reported and left out.
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone)]
pub enum Item {
    /// `import "path"`
    Import {
        /// The path string.
        path: StrLit,
        /// The whole item.
        span: Span,
    },
    /// `var NAME = value`
    Var {
        /// The variable's name.
        name: Ident,
        /// Its default value.
        value: Value,
        /// The whole item.
        span: Span,
    },
    /// `output NAME = value` or `output NAME { … }`
    Output {
        /// The output's name.
        name: Ident,
        /// A plain value or a block with `value`, `export`, `description`.
        body: Value,
        /// The whole item.
        span: Span,
    },
    /// `KIND NAME { … }`
    Decl(Decl),
}

/// `KIND NAME { … }`
#[derive(Debug, Clone)]
pub struct Decl {
    /// `function`, `bucket`, … (checked by the model).
    pub kind: Ident,
    /// The declared name.
    pub name: Ident,
    /// The body.
    pub body: Block,
    /// The whole declaration.
    pub span: Span,
}

/// `{ entry … }`
#[derive(Debug, Clone)]
pub struct Block {
    /// Entries in source order.
    pub entries: Vec<Entry>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One entry of a block.
#[derive(Debug, Clone)]
pub enum Entry {
    /// `KEY = value` or `KEY { … }`
    Attr {
        /// The key.
        key: Ident,
        /// The value (a block value for `KEY { … }`).
        value: Value,
        /// The whole entry.
        span: Span,
    },
    /// `on TRIGGER [TARGET] [STRING] [block]`
    On(Trigger),
    /// `allow VERB TARGET ["pattern"]`
    Allow(Grant),
    /// `allow [actions] on [resources]`
    RawAllow {
        /// The action list.
        actions: Value,
        /// The resource list.
        resources: Value,
        /// The whole statement.
        span: Span,
    },
}

/// `on TRIGGER [TARGET] [STRING] [block]`
#[derive(Debug, Clone)]
pub struct Trigger {
    /// `http`, `s3`, `schedule`, …
    pub kind: Ident,
    /// The resource it listens to, for `s3`, `sqs`, …
    pub target: Option<Ident>,
    /// The route or schedule expression.
    pub arg: Option<StrLit>,
    /// Options.
    pub options: Option<Block>,
    /// The whole statement.
    pub span: Span,
}

/// `allow VERB TARGET ["pattern"]`
#[derive(Debug, Clone)]
pub struct Grant {
    /// One or more verbs.
    pub verbs: Vec<Ident>,
    /// The resource granted on.
    pub target: Ident,
    /// Key pattern for bucket object verbs.
    pub pattern: Option<StrLit>,
    /// The whole statement.
    pub span: Span,
}

/// A value with its span.
#[derive(Debug, Clone)]
pub struct Value {
    /// What kind of value.
    pub kind: ValueKind,
    /// Where it stands.
    pub span: Span,
}

/// The forms a value takes.
#[derive(Debug, Clone)]
pub enum ValueKind {
    /// `"…"` with escapes decoded and interpolations split out.
    Str(StrLit),
    /// `"""…"""`, indentation removed.
    Raw(String),
    /// `inline """…"""`
    Inline(String),
    /// `s3 { … }`
    S3(Block),
    /// `10`, `-1`, `2.5`
    Number(f64),
    /// A number glued to a unit: `128MB`.
    Quantity {
        /// The number.
        number: f64,
        /// The unit as written.
        unit: String,
        /// Where the unit stands.
        unit_span: Span,
    },
    /// `true` / `false`
    Bool(bool),
    /// `[ … ]`
    List(Vec<Value>),
    /// `{ … }`
    Block(Block),
    /// `python3.12`, `uploads.arn`, `var.stage`
    Word(String),
    /// `NAME(value, …)`: `secret("db")`, `resolve(parameter("/x"))`.
    Call {
        /// The function called, without the `(`.
        name: Ident,
        /// The arguments in order.
        args: Vec<Value>,
    },
}

/// A decoded string literal.
#[derive(Debug, Clone, PartialEq)]
pub struct StrLit {
    /// Text and interpolations in order.
    pub parts: Vec<StrPart>,
    /// The whole literal, quotes included.
    pub span: Span,
}

impl StrLit {
    /// The text when the literal has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp { .. } => return None,
            }
        }
        Some(out)
    }
}

/// A piece of a string literal.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal text (escapes decoded).
    Text(String),
    /// `${reference}`
    Interp {
        /// The reference inside the braces, trimmed.
        reference: String,
        /// Where the reference text stands.
        span: Span,
    },
}
