//! Query interceptors: every statement the entity layer runs is reported to each interceptor of
//! the `Db` handle after it ran, for logging, metrics and audit.

use std::time::Duration;

/// A statement's name as the driver modules take it: `(table, operation)`, reported as
/// `table.operation` (or `operation` alone when the table is empty), so it is only formatted
/// when an interceptor is there to see it.
pub type Name<'a> = (&'a str, &'a str);

/// One statement, after it ran.
#[derive(Debug, Clone, Copy)]
pub struct StatementEvent<'a> {
    /// What ran: `"users.insert"`, `"posts.select"`, `"users.load.posts"`, `"savepoint"` …
    pub name: &'a str,
    /// The SQL sent.
    pub sql: &'a str,
    /// The number of bound parameters.
    pub params: usize,
    /// Wall time from preparing to the last row read.
    pub duration: Duration,
    /// Rows returned (queries) or changed (other statements).
    pub rows: u64,
    /// The error's text, when the statement failed.
    pub error: Option<&'a str>,
}

/// Sees every statement. Implementations must be cheap: they run inline.
pub trait Interceptor: Send + Sync {
    fn on_statement(&self, event: &StatementEvent<'_>);
}

/// An interceptor that emits one `tracing` event per statement (target `sqlweave`, level DEBUG,
/// or WARN when the statement failed).
#[cfg(feature = "tracing")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TracingInterceptor;

#[cfg(feature = "tracing")]
impl Interceptor for TracingInterceptor {
    fn on_statement(&self, e: &StatementEvent<'_>) {
        let micros = e.duration.as_micros() as u64;
        match e.error {
            None => tracing::debug!(target: "sqlweave", name = e.name, sql = e.sql, params = e.params, rows = e.rows, micros, "statement"),
            Some(err) => tracing::warn!(target: "sqlweave", name = e.name, sql = e.sql, params = e.params, micros, error = err, "statement failed"),
        }
    }
}
