//! End-to-end check of sqlweave's SQLite back end. The modules are generated code (kept up to date
//! by `crates/sqlweave-core/tests/codegen_e2e.rs`), compiled here under `#![deny(warnings)]` and
//! called against a real SQLite database by this crate's tests; the schema is `schema.sql`.
//!
//! - [`db`]: every query kind, list parameters, params and row structs (`tests/run.rs`).
//! - [`all_types`] / [`all_types_time`]: every value type, with chrono and with the time crate
//!   (`tests/all_types.rs`).

#![deny(warnings)]

pub mod all_types;
pub mod all_types_time;
pub mod db;

/// The schema the generated code was made for.
pub const SCHEMA: &str = include_str!("../schema.sql");
