//! `lfc lsp`: the language server, spoken over standard input and output.
//!
//! Built on `lsp-server` (the message loop and JSON-RPC framing) and
//! `lsp-types` (the protocol's types), the pair rust-analyzer uses. They fit a
//! compiler that re-checks a whole stack in milliseconds: a plain synchronous
//! loop that owns the workspace and answers one message at a time, with no
//! async runtime, no locking and no incremental database to keep consistent.
//!
//! One file per concern: [`server`] (the loop, debouncing, panic isolation),
//! [`workspace`] (open buffers and the checked stacks), [`publish`]
//! (diagnostics), [`index`] (every declared name and every use of it),
//! [`hover`], [`completion`] (the keys they document: [`keys`] with
//! [`decl_keys`], [`trigger_keys`] and [`step_keys`], found by the open
//! blocks [`context`] reads; the `coverage` test checks them against the
//! compiler), [`navigation`] (definition, references, rename), [`symbols`], [`formatting`], [`actions`] (code actions),
//! [`position`] (byte offsets ↔ UTF-16 positions) and [`schedule`] (the next
//! fire times of a schedule).
//!
//! Must not: decide anything the compiler decides. Diagnostics, names and
//! layout come from [`crate::compile`], [`crate::fmt`] and the data tables;
//! this module only finds them at a cursor and speaks the protocol. It reads
//! files only through the compiler's [`crate::model::load::FileReader`].

mod actions;
mod completion;
mod context;
#[cfg(test)]
mod coverage;
mod decl_keys;
mod docs;
mod formatting;
mod hover;
mod index;
mod keys;
mod navigation;
mod position;
mod publish;
mod schedule;
mod server;
mod step_keys;
mod symbols;
mod trigger_keys;
mod workspace;

pub use server::{run, run_stdio, DEBOUNCE, IDLE};
