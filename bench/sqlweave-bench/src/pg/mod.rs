//! PostgreSQL workloads, against the server at `SQLWEAVE_BENCH_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/sqlweave_bench`; the database is created when missing).
//! Each case drops and recreates the three tables, loads its data, then connects its contender.
//! The database is set to `synchronous_commit = off`, so that commits measure the client and the
//! server rather than the disk's flush latency.
//! With `BENCH_PG_SERVER_CPU=N`, each contender's server backend is pinned to CPU N
//! (`taskset -cp N <pg_backend_pid()>`), which touches no other session of the shared server.

pub mod generated;
pub mod raw;
pub mod sqlweave;
#[cfg(feature = "diesel")]
pub mod diesel;
#[cfg(feature = "seaorm")]
pub mod seaorm;
#[cfg(feature = "sqlx")]
pub mod sqlx;

use crate::data::*;
use std::sync::Once;

pub use crate::Bench as Op;

pub const SCHEMA: &str = include_str!("../../sqlweave/pg/schema.sql");

pub fn url() -> String {
    std::env::var("SQLWEAVE_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/sqlweave_bench".into())
}

/// Connects with tokio-postgres on `rt`, driving the connection in a spawned task.
pub fn connect(rt: &tokio::runtime::Runtime) -> tokio_postgres::Client {
    ensure_database();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(&url(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(async move {
            let _ = conn.await;
        });
        client
    })
}

fn ensure_database() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let u = url();
        let Some((base, db)) = u.rsplit_once('/') else { return };
        let db = db.split('?').next().unwrap().to_owned();
        let rt = crate::runtime();
        rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(&format!("{base}/postgres"), tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(async move {
                let _ = conn.await;
            });
            let exists = client.query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&db]).await.unwrap();
            if exists.is_none() {
                client.batch_execute(&format!("CREATE DATABASE \"{db}\"")).await.unwrap();
            }
            // Commits must not wait for the WAL to reach the disk: the benchmarks measure the
            // client side, not this machine's fsync. Only this database is affected.
            client.batch_execute(&format!("ALTER DATABASE \"{db}\" SET synchronous_commit = off")).await.unwrap();
        });
    });
}

/// Pins the server process of one session when `BENCH_PG_SERVER_CPU` is set.
pub fn pin_backend(pid: i32) {
    if let Ok(cpu) = std::env::var("BENCH_PG_SERVER_CPU") {
        let st = std::process::Command::new("taskset")
            .args(["-cp", &cpu, &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .status();
        assert!(matches!(st, Ok(s) if s.success()), "taskset of backend {pid} failed");
    }
}

static SHARE: std::sync::Mutex<Option<Option<u64>>> = std::sync::Mutex::new(None);

/// When on, [`load`] skips a script identical to the previous one (the paired runner builds
/// every contender of one workload over one load). Calling it again forgets the previous load.
pub fn share_loads(on: bool) {
    *SHARE.lock().unwrap() = if on { Some(None) } else { None };
}

/// Recreates the tables with `script`'s rows and moves the id sequences past them.
pub fn load(script: &str) {
    {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        script.hash(&mut h);
        let h = h.finish();
        let mut share = SHARE.lock().unwrap();
        if let Some(last) = share.as_mut() {
            if *last == Some(h) {
                return;
            }
            *last = Some(h);
        }
    }
    let rt = crate::runtime();
    let client = connect(&rt);
    let sql = format!(
        "DROP TABLE IF EXISTS comments, posts, users;\n{SCHEMA}\nBEGIN;\n{script}COMMIT;\n\
         SELECT setval('users_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM users), false);\n\
         SELECT setval('posts_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM posts), false);\n\
         SELECT setval('comments_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM comments), false);\n\
         ANALYZE;"
    );
    rt.block_on(client.batch_execute(&sql)).unwrap();
}

/// What the insert workloads' reset runs (outside the measurement).
pub const EMPTY: &str = "TRUNCATE comments, posts, users RESTART IDENTITY";

/// Every PostgreSQL case (tokio-postgres first: it is the baseline).
pub fn cases() -> Vec<crate::Case> {
    let mut v = Vec::new();
    crate::contender_cases!(v, "tokio-postgres", raw, PG_ASSOC_USERS);
    crate::contender_cases!(v, "sqlweave", sqlweave, PG_ASSOC_USERS);
    #[cfg(feature = "sqlx")]
    crate::contender_cases!(v, "sqlx", sqlx, PG_ASSOC_USERS);
    #[cfg(feature = "diesel")]
    crate::contender_cases!(v, "diesel", diesel, PG_ASSOC_USERS);
    #[cfg(feature = "seaorm")]
    crate::contender_cases!(v, "seaorm", seaorm, PG_ASSOC_USERS);
    v
}
