//! The sqlweave runtime: only what generated code cannot inline.
//!
//! The SQLite query functions need nothing from here. Behind the `postgres` feature lives
//! [`Interval`], PostgreSQL's `interval`, which tokio-postgres maps to no Rust type: generated
//! code for PostgreSQL uses it for interval columns and parameters.

#[cfg(feature = "postgres")]
mod interval;

#[cfg(feature = "postgres")]
pub use interval::Interval;
