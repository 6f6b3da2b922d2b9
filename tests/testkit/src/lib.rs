//! Helpers the end-to-end test crates share, so that every database test follows the same rules:
//!
//! - the server comes from an environment variable with a local default
//!   ([`pg_url`]: `SQLWEAVE_PG_URL`, default `postgres://postgres@127.0.0.1:5432/test`);
//! - when the server (or `../shared`) is missing, a test prints a notice and passes, except under
//!   `CI=true`, where that is a failure ([`skip_or_fail`]);
//! - each test works in its own scratch schema ([`PgScratch`]), so tests can run in parallel.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio_postgres::{Client, NoTls};

/// The PostgreSQL server the tests use when `SQLWEAVE_PG_URL` is not set.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// `SQLWEAVE_PG_URL`, else [`DEFAULT_PG_URL`].
pub fn pg_url() -> String {
    std::env::var("SQLWEAVE_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_string())
}

/// Whether this run is CI (`CI=true`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Prints a notice that a test is skipped for `why`, or panics with it under `CI=true`.
pub fn skip_or_fail(why: &str) {
    if in_ci() {
        panic!("CI=true, so this test may not be skipped: {why}");
    }
    // Straight to the process's stderr: `eprintln!` is captured by the test harness and shown
    // only for failing tests, and a skip must be seen.
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "notice: skipping: {why}");
}

/// The `shared/` folder beside the repository checkout, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.is_dir().then(|| p.canonicalize().unwrap_or(p))
}

/// A connection to [`pg_url`]; `None` after [`skip_or_fail`] when the server cannot be reached.
pub async fn pg_connect() -> Option<Client> {
    let url = pg_url();
    match tokio_postgres::connect(&url, NoTls).await {
        Ok((client, conn)) => {
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    eprintln!("connection error: {e}");
                }
            });
            Some(client)
        }
        Err(e) => {
            skip_or_fail(&format!("PostgreSQL at {url} is unreachable ({e}); set SQLWEAVE_PG_URL"));
            None
        }
    }
}

/// A connection whose `search_path` is a fresh schema of its own, dropped by [`PgScratch::drop`].
pub struct PgScratch {
    pub client: Client,
    pub schema: String,
}

impl PgScratch {
    /// Connects, creates a schema named after `test` (plus the process id and a counter) and makes
    /// it the `search_path`, then runs `ddl` in it. `None` when there is no server outside CI.
    pub async fn new(test: &str, ddl: &str) -> Option<PgScratch> {
        let client = pg_connect().await?;
        static N: AtomicUsize = AtomicUsize::new(0);
        let schema = format!("{test}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path TO {schema};"))
            .await
            .unwrap_or_else(|e| panic!("create the scratch schema {schema}: {e}"));
        client.batch_execute(ddl).await.unwrap_or_else(|e| panic!("apply the schema in {schema}: {e}"));
        Some(PgScratch { client, schema })
    }

    /// Drops the schema and everything in it.
    pub async fn drop(self) {
        self.client
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema))
            .await
            .unwrap_or_else(|e| panic!("drop the scratch schema {}: {e}", self.schema));
    }
}
