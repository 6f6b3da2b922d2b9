//! End-to-end check of sqlweave's SQLite back end: [`db`] is generated code (kept up to date by
//! `crates/sqlweave-core/tests/codegen_e2e.rs`), compiled here under `#![deny(warnings)]` and
//! called against a real SQLite database by `tests/run.rs`. The schema is `schema.sql`.

#![deny(warnings)]

pub mod db;

/// The schema the generated code was made for.
pub const SCHEMA: &str = include_str!("../schema.sql");
