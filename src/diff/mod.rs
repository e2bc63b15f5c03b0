//! `lfc diff`: what changes between two CloudFormation templates, for
//! people (text, Markdown) and machines (JSON).
//!
//! [`input`] turns `.lf` stacks, `.json`/`.yaml` templates and git
//! revisions into a [`Doc`] ([`nested`] reads split stacks as one); [`compare`] matches resources by logical ID and
//! lists property changes with JSON paths; [`replace`] decides which changes
//! replace a resource (from the generated [`crate::data::replacement`] table)
//! and cascades replacement through `Ref`/`Fn::GetAtt`; [`security`] lists
//! IAM and exposure changes; [`render`] prints the result.
//!
//! Must not: compile, run git or touch the terminal itself (the inputs and
//! the command line do that); change any input.

pub mod compare;
pub mod graph;
pub mod input;
pub mod nested;
pub mod render;
pub mod replace;
pub mod security;
pub mod source_map;
pub mod yaml;

use serde::Serialize;
use serde_json::Value;

pub use input::{Doc, Input, InputError};

/// How a change affects a resource's physical identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Replacement {
    /// Updated in place.
    None,
    /// Replaced when an intrinsic (a parameter, a condition, an import)
    /// resolves to a different value at deploy time.
    Conditional,
    /// Replaced: a new physical resource is created and the old one deleted.
    Always,
}

/// What happened to a resource, output or parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in HEAD.
    Added,
    /// Only in BASE.
    Removed,
    /// In both, different (or replaced through a reference).
    Modified,
}

/// One changed value inside a resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyChange {
    /// Dot path below `Properties` (list elements `[i]`); resource
    /// attributes (`Type`, `DependsOn`, `Metadata`, …) by their own name.
    pub path: String,
    /// The value in BASE (`null` when added).
    pub old: Value,
    /// The value in HEAD (`null` when removed).
    pub new: Value,
    /// Whether this change replaces the resource.
    pub replacement: Replacement,
}

/// Where a resource comes from in an `.lf` stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The declaration, `function resize`.
    pub declaration: String,
    /// The file as shown to users.
    pub file: String,
    /// 1-based line of the declaration's name.
    pub line: u32,
}

/// One added, removed or modified resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    /// Logical ID.
    pub logical_id: String,
    /// Resource type (HEAD's, BASE's when removed).
    #[serde(rename = "type")]
    pub kind: String,
    /// Added, removed or modified.
    pub change: Change,
    /// The strongest replacement of its properties.
    pub replacement: Replacement,
    /// `lfc:source` metadata (`stack.lf#function.resize`), if any.
    pub source: Option<String>,
    /// The nested stack holding it (HEAD's; BASE's when removed), `null`
    /// for the root or a template without nested stacks (then left out of JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// The declaration and file:line, when the input was an `.lf` stack.
    #[serde(skip)]
    pub location: Option<Location>,
    /// Property-level changes (empty for added and removed resources).
    pub properties: Vec<PropertyChange>,
    /// Stateful or custom-named resources being replaced or removed.
    pub warnings: Vec<String>,
}

/// The kinds of security finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityKind {
    /// A policy statement appears.
    IamStatementAdded,
    /// A policy statement disappears.
    IamStatementRemoved,
    /// A statement gains actions or resources, loses conditions, or a
    /// managed policy is attached.
    PermissionBroadened,
    /// Something becomes callable by anyone.
    PublicAccess,
    /// Who may invoke a function (principal, source) changes.
    PrincipalChanged,
}

/// One security-relevant change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityFinding {
    /// What kind.
    pub kind: SecurityKind,
    /// The resource holding the policy or permission.
    pub logical_id: String,
    /// One line for a reviewer.
    pub detail: String,
}

/// A changed output or parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryChange {
    /// Its name.
    pub name: String,
    /// Added, removed or modified.
    pub change: Change,
    /// The value in BASE.
    pub old: Value,
    /// The value in HEAD.
    pub new: Value,
    /// Replaced resources it refers to (the value is the same text but will
    /// resolve differently after the deployment).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_refs: Vec<String>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Resources added.
    pub added: usize,
    /// Resources removed.
    pub removed: usize,
    /// Resources modified.
    pub modified: usize,
    /// Resources replaced (always or conditionally).
    pub replaced: usize,
    /// Security findings.
    pub security: usize,
}

/// The whole difference between two templates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    /// Counts.
    pub summary: Summary,
    /// Changed resources, by logical ID.
    pub resources: Vec<ResourceChange>,
    /// Security findings, by logical ID then kind.
    pub security: Vec<SecurityFinding>,
    /// Changed outputs, by name.
    pub outputs: Vec<EntryChange>,
    /// Changed parameters, by name.
    pub parameters: Vec<EntryChange>,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.outputs.is_empty() && self.parameters.is_empty()
    }

    /// Whether `--fail-on` matches.
    pub fn fails(&self, on: FailOn) -> bool {
        match on {
            FailOn::Any => !self.is_empty(),
            FailOn::Replacement => self.summary.replaced > 0,
            FailOn::Security => self.summary.security > 0,
        }
    }
}

/// What `--fail-on` gates a CI run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any change at all.
    Any,
    /// A resource is replaced (always or conditionally).
    Replacement,
    /// A security finding.
    Security,
}

/// Compares two templates.
pub fn diff(base: &Doc, head: &Doc) -> Diff {
    let mut resources = compare::resources(base, head);
    replace::cascade(base, head, &mut resources);
    let outputs = compare::entries(&base.outputs, &head.outputs);
    let outputs = replace::cascade_outputs(head, &resources, outputs);
    let parameters = compare::entries(&base.parameters, &head.parameters);
    let security = security::findings(base, head, &resources);
    for r in &mut resources {
        replace::warn(base, head, r);
        let loc_doc = if r.change == Change::Removed { base } else { head };
        r.location = r.source.as_deref().and_then(|s| loc_doc.sources.locate(s));
        r.stack = loc_doc.nested_in.get(&r.logical_id).cloned();
    }
    let summary = Summary {
        added: resources.iter().filter(|r| r.change == Change::Added).count(),
        removed: resources.iter().filter(|r| r.change == Change::Removed).count(),
        modified: resources.iter().filter(|r| r.change == Change::Modified).count(),
        replaced: resources.iter().filter(|r| r.replacement != Replacement::None).count(),
        security: security.len(),
    };
    Diff {
        summary,
        resources,
        security,
        outputs,
        parameters,
    }
}
