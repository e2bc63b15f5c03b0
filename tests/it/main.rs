//! lfc's integration tests: one test binary, one module per concern.
//!
//! Tests that drive external tools (cfn-lint, parliament, jsonschema, moto) find
//! them through [`common::tool`]: under plain `cargo test` a missing tool
//! skips the test with a message; `tests/run` installs them and sets
//! `LFC_REQUIRE_TOOLS=1`, which turns a missing tool into a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cfn_lint;
mod cli;
mod common;
#[cfg(feature = "deploy")]
mod deploy;
mod diagnostics;
mod diff;
mod docs;
mod editors;
mod examples;
mod fmt;
mod generated_stacks;
mod least_privilege;
mod lsp;
mod operations;
mod resource_settings;
mod semantics;
mod split;
mod wiring;
mod workflows;
