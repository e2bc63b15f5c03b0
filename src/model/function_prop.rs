//! [`FunctionProp`]: the one table of function properties. Each row says its
//! key, whether `defaults` may hold it, whether it merges key by key with
//! `defaults`, and whether a change to it must publish a new version.
//!
//! The builder reads each property through an exhaustive `match` on this
//! enum, and emit's version hash covers every CloudFormation property of the
//! function except those a [`VersionEffect::NotCaptured`] row names, so a new
//! property changes the published version unless its row says otherwise.
//! This module holds facts only: it reads nothing and emits nothing.

use super::function::{Architecture, TRACING_MODES};

/// A property of a `function` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FunctionProp {
    /// `runtime`
    Runtime,
    /// `handler`
    Handler,
    /// `code`
    Code,
    /// `image`
    Image,
    /// `memory`
    Memory,
    /// `timeout`
    Timeout,
    /// `storage`
    Storage,
    /// `architecture`
    Architecture,
    /// `description`
    Description,
    /// `name`
    Name,
    /// `layers`
    Layers,
    /// `role`
    Role,
    /// `env`
    Env,
    /// `tags`
    Tags,
    /// `tracing`
    Tracing,
    /// `concurrency`
    Concurrency,
    /// `vpc`
    Vpc,
    /// `logs`
    Logs,
    /// `dead_letter`
    DeadLetter,
    /// `async`
    Async,
    /// `url`
    Url,
    /// `snapstart`
    Snapstart,
    /// `kms_key`
    KmsKey,
    /// `monitor`
    Monitor,
    /// `insights`
    Insights,
    /// `publish`
    Publish,
}

/// Whether changing a property must publish a new function version (and move
/// the `live` alias to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionEffect {
    /// A published version captures it: the version hash covers it.
    Captured,
    /// A version does not capture it: the listed CloudFormation properties of
    /// `AWS::Lambda::Function` stay out of the version hash (an empty list:
    /// the property is emitted on other resources).
    NotCaptured(&'static [&'static str]),
}

impl FunctionProp {
    /// Every function property, in the order the builder reads them.
    pub const ALL: [FunctionProp; 26] = [
        FunctionProp::Runtime,
        FunctionProp::Handler,
        FunctionProp::Code,
        FunctionProp::Image,
        FunctionProp::Memory,
        FunctionProp::Timeout,
        FunctionProp::Storage,
        FunctionProp::Architecture,
        FunctionProp::Description,
        FunctionProp::Name,
        FunctionProp::Layers,
        FunctionProp::Role,
        FunctionProp::Env,
        FunctionProp::Tags,
        FunctionProp::Tracing,
        FunctionProp::Concurrency,
        FunctionProp::Vpc,
        FunctionProp::Logs,
        FunctionProp::DeadLetter,
        FunctionProp::Async,
        FunctionProp::Url,
        FunctionProp::Snapstart,
        FunctionProp::KmsKey,
        FunctionProp::Monitor,
        FunctionProp::Insights,
        FunctionProp::Publish,
    ];

    /// The key as written in a `function` block.
    pub fn key(self) -> &'static str {
        match self {
            FunctionProp::Runtime => "runtime",
            FunctionProp::Handler => "handler",
            FunctionProp::Code => "code",
            FunctionProp::Image => "image",
            FunctionProp::Memory => "memory",
            FunctionProp::Timeout => "timeout",
            FunctionProp::Storage => "storage",
            FunctionProp::Architecture => "architecture",
            FunctionProp::Description => "description",
            FunctionProp::Name => "name",
            FunctionProp::Layers => "layers",
            FunctionProp::Role => "role",
            FunctionProp::Env => "env",
            FunctionProp::Tags => "tags",
            FunctionProp::Tracing => "tracing",
            FunctionProp::Concurrency => "concurrency",
            FunctionProp::Vpc => "vpc",
            FunctionProp::Logs => "logs",
            FunctionProp::DeadLetter => "dead_letter",
            FunctionProp::Async => "async",
            FunctionProp::Url => "url",
            FunctionProp::Snapstart => "snapstart",
            FunctionProp::KmsKey => "kms_key",
            FunctionProp::Monitor => "monitor",
            FunctionProp::Insights => "insights",
            FunctionProp::Publish => "publish",
        }
    }

    /// The property a key names.
    pub fn from_key(key: &str) -> Option<FunctionProp> {
        FunctionProp::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Every key, in table order.
    pub fn keys() -> [&'static str; 26] {
        FunctionProp::ALL.map(FunctionProp::key)
    }

    /// Whether `defaults { … }` may set it for every function. Code, names and
    /// roles are one function's own.
    pub fn defaultable(self) -> bool {
        match self {
            FunctionProp::Code
            | FunctionProp::Image
            | FunctionProp::Handler
            | FunctionProp::Name
            | FunctionProp::Role
            | FunctionProp::Url => false,
            FunctionProp::Runtime
            | FunctionProp::Memory
            | FunctionProp::Timeout
            | FunctionProp::Storage
            | FunctionProp::Architecture
            | FunctionProp::Description
            | FunctionProp::Layers
            | FunctionProp::Env
            | FunctionProp::Tags
            | FunctionProp::Tracing
            | FunctionProp::Concurrency
            | FunctionProp::Vpc
            | FunctionProp::Logs
            | FunctionProp::DeadLetter
            | FunctionProp::Async
            | FunctionProp::Snapstart
            | FunctionProp::KmsKey
            | FunctionProp::Monitor
            | FunctionProp::Insights
            | FunctionProp::Publish => true,
        }
    }

    /// The words the property takes when it is one of a fixed set (what the
    /// reader accepts and the editor completes); empty for other values.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            FunctionProp::Architecture => &Architecture::WORDS,
            FunctionProp::Tracing => &TRACING_MODES,
            FunctionProp::Runtime
            | FunctionProp::Handler
            | FunctionProp::Code
            | FunctionProp::Image
            | FunctionProp::Memory
            | FunctionProp::Timeout
            | FunctionProp::Storage
            | FunctionProp::Description
            | FunctionProp::Name
            | FunctionProp::Layers
            | FunctionProp::Role
            | FunctionProp::Env
            | FunctionProp::Tags
            | FunctionProp::Concurrency
            | FunctionProp::Vpc
            | FunctionProp::Logs
            | FunctionProp::DeadLetter
            | FunctionProp::Async
            | FunctionProp::Url
            | FunctionProp::Snapstart
            | FunctionProp::KmsKey
            | FunctionProp::Monitor
            | FunctionProp::Insights
            | FunctionProp::Publish => &[],
        }
    }

    /// Whether a function's own block merges entry by entry with the one in
    /// `defaults` (instead of replacing it).
    pub fn merged(self) -> bool {
        match self {
            FunctionProp::Env
            | FunctionProp::Tags
            | FunctionProp::Logs
            | FunctionProp::Vpc
            | FunctionProp::Async
            | FunctionProp::Concurrency
            | FunctionProp::Monitor => true,
            FunctionProp::Runtime
            | FunctionProp::Handler
            | FunctionProp::Code
            | FunctionProp::Image
            | FunctionProp::Memory
            | FunctionProp::Timeout
            | FunctionProp::Storage
            | FunctionProp::Architecture
            | FunctionProp::Description
            | FunctionProp::Name
            | FunctionProp::Layers
            | FunctionProp::Role
            | FunctionProp::Tracing
            | FunctionProp::DeadLetter
            | FunctionProp::Url
            | FunctionProp::Snapstart
            | FunctionProp::KmsKey
            | FunctionProp::Insights
            | FunctionProp::Publish => false,
        }
    }

    /// Whether a change publishes a new version. Only what AWS keeps outside a
    /// version's configuration is `NotCaptured`; anything else fails safe.
    pub fn version(self) -> VersionEffect {
        match self {
            // A new name replaces the function, and with it every version.
            FunctionProp::Name => VersionEffect::NotCaptured(&["FunctionName"]),
            FunctionProp::Tags => VersionEffect::NotCaptured(&["Tags"]),
            // Reserved concurrency is the function's; provisioned concurrency
            // sits on the alias.
            FunctionProp::Concurrency => VersionEffect::NotCaptured(&["ReservedConcurrentExecutions"]),
            // Emitted as their own resources (EventInvokeConfig, Url, alarms).
            FunctionProp::Async | FunctionProp::Url | FunctionProp::Monitor => VersionEffect::NotCaptured(&[]),
            // Whether a version is published at all: nothing on the function.
            FunctionProp::Publish => VersionEffect::NotCaptured(&[]),
            FunctionProp::Runtime
            | FunctionProp::Handler
            | FunctionProp::Code
            | FunctionProp::Image
            | FunctionProp::Memory
            | FunctionProp::Timeout
            | FunctionProp::Storage
            | FunctionProp::Architecture
            | FunctionProp::Description
            | FunctionProp::Layers
            | FunctionProp::Role
            | FunctionProp::Env
            | FunctionProp::Tracing
            | FunctionProp::Vpc
            | FunctionProp::Logs
            | FunctionProp::DeadLetter
            | FunctionProp::Snapstart
            | FunctionProp::KmsKey
            // The extension is a layer: `Layers` is part of the version.
            | FunctionProp::Insights => VersionEffect::Captured,
        }
    }

    /// The `AWS::Lambda::Function` properties the version hash leaves out.
    pub fn unversioned_cfn_properties() -> impl Iterator<Item = &'static str> {
        FunctionProp::ALL.into_iter().flat_map(|p| match p.version() {
            VersionEffect::Captured => [].iter().copied(),
            VersionEffect::NotCaptured(keys) => keys.iter().copied(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_property_once() {
        // A new variant breaks this match until it is handled here; the
        // count then fails until `ALL` holds it.
        let known = |p: FunctionProp| match p {
            FunctionProp::Runtime
            | FunctionProp::Handler
            | FunctionProp::Code
            | FunctionProp::Image
            | FunctionProp::Memory
            | FunctionProp::Timeout
            | FunctionProp::Storage
            | FunctionProp::Architecture
            | FunctionProp::Description
            | FunctionProp::Name
            | FunctionProp::Layers
            | FunctionProp::Role
            | FunctionProp::Env
            | FunctionProp::Tags
            | FunctionProp::Tracing
            | FunctionProp::Concurrency
            | FunctionProp::Vpc
            | FunctionProp::Logs
            | FunctionProp::DeadLetter
            | FunctionProp::Async
            | FunctionProp::Url
            | FunctionProp::Snapstart
            | FunctionProp::KmsKey
            | FunctionProp::Monitor
            | FunctionProp::Insights
            | FunctionProp::Publish => 1,
        };
        let variants = 26;
        assert_eq!(FunctionProp::ALL.iter().map(|p| known(*p)).sum::<usize>(), variants);
    }

    #[test]
    fn keys_round_trip_and_are_unique() {
        for p in FunctionProp::ALL {
            assert_eq!(FunctionProp::from_key(p.key()), Some(p));
        }
        let mut keys = FunctionProp::keys().to_vec();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FunctionProp::ALL.len());
    }

    #[test]
    fn only_what_a_version_leaves_out_is_unversioned() {
        let out: Vec<&str> = FunctionProp::unversioned_cfn_properties().collect();
        assert_eq!(out, ["FunctionName", "Tags", "ReservedConcurrentExecutions"]);
    }
}
