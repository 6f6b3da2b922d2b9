//! The PostgreSQL workloads through the sqlweave-generated module (`gen_pg.rs`), on the server at
//! `SQLWEAVE_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`), in tables of its own
//! (`soak_users`, `soak_posts`), with `application_name=sqlweave-soak` so that its connections
//! can be counted.

use crate::gen_pg as db;
use crate::Subject;
use futures_util::TryStreamExt;
use tokio::runtime::Runtime;
use tokio_postgres::{Client, SimpleQueryMessage};

pub const SCHEMA: &str = include_str!("../sqlweave/pg/schema.sql");
pub const USERS: i64 = 100_000;
pub const DISTINCT_LENGTHS: usize = 300;

fn url() -> String {
    let base = std::env::var("SQLWEAVE_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}application_name=sqlweave-soak&connect_timeout=5")
}

async fn connect() -> Result<Client, tokio_postgres::Error> {
    let (client, conn) = tokio_postgres::connect(&url(), tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

async fn count(client: &Client, sql: &str) -> i64 {
    // The simple protocol prepares nothing, so probing does not change what it measures.
    for m in client.simple_query(sql).await.unwrap() {
        if let SimpleQueryMessage::Row(r) = m {
            return r.get(0).unwrap().parse().unwrap();
        }
    }
    panic!("no row from {sql}")
}

pub struct Sqlweave {
    rt: Runtime,
    client: Client,
    stmts: db::Statements,
    ids: Vec<i64>,
    k: u64,
}

impl Sqlweave {
    pub fn new() -> Result<Self, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (client, stmts) = rt.block_on(async {
            let client = connect().await.map_err(|e| e.to_string())?;
            client
                .batch_execute(&format!(
                    "DROP TABLE IF EXISTS soak_posts, soak_users;\n{SCHEMA}\n\
                     INSERT INTO soak_users (id, name, hair_color) SELECT n, 'User ' || n, CASE WHEN n % 3 = 0 THEN NULL ELSE 'black' END FROM generate_series(1, {USERS}) n;\n\
                     INSERT INTO soak_posts (id, user_id, title) SELECT id, id, 'Post of ' || id FROM soak_users;\n\
                     SELECT setval('soak_users_id_seq', {USERS} + 1, false);\n\
                     SELECT setval('soak_posts_id_seq', {USERS} + 1, false);\n\
                     ANALYZE soak_users; ANALYZE soak_posts;"
                ))
                .await
                .map_err(|e| e.to_string())?;
            let stmts = db::Statements::prepare(&client).await.map_err(|e| e.to_string())?;
            Ok::<_, String>((client, stmts))
        })?;
        Ok(Sqlweave { rt, client, stmts, ids: (1..=USERS).collect(), k: 0 })
    }
}

impl Subject for Sqlweave {
    fn round(&mut self, ops: u64) -> u64 {
        let Sqlweave { rt, client, stmts, ids, k } = self;
        rt.block_on(async {
            let mut done = 0;
            for i in 0..ops {
                *k += 1;
                let id = (*k % USERS as u64) as i64 + 1;
                match i % 20 {
                    // hot statements
                    0..=11 => match *k % 3 {
                        0 => assert_eq!(db::get_user(&*client, stmts, id).await.unwrap().id, id),
                        1 => assert_eq!(db::update_user(&*client, stmts, &format!("User {id}"), Some("black"), id).await.unwrap(), 1),
                        _ => {
                            let new = db::create_user(&*client, stmts, "Temp", None).await.unwrap();
                            assert_eq!(db::delete_user(&*client, stmts, new).await.unwrap(), 1);
                        }
                    },
                    // many list lengths through one statement (`= ANY($1)`)
                    12..=16 => {
                        let len = (*k as usize % DISTINCT_LENGTHS) + 1;
                        assert_eq!(db::users_by_ids(&*client, stmts, &ids[..len]).await.unwrap().len(), len);
                    }
                    // an error in the middle of a transaction; the connection must come back
                    17 => {
                        let before = db::count_users(&*client, stmts).await.unwrap();
                        {
                            let tx = client.transaction().await.unwrap();
                            db::create_user(&tx, stmts, "In a failed transaction", None).await.unwrap();
                            let e = db::create_user_with_id(&tx, stmts, 1, "Duplicate", None).await.unwrap_err();
                            assert_eq!(e.code(), Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION), "{e}");
                            // Dropped without commit: rolled back.
                        }
                        assert_eq!(db::count_users(&*client, stmts).await.unwrap(), before);
                    }
                    // a result that fails after its first rows
                    18 => {
                        let e = db::fails_midway(&*client, stmts, 100).await.unwrap_err();
                        assert_eq!(e.code(), Some(&tokio_postgres::error::SqlState::DIVISION_BY_ZERO), "{e}");
                        let s = db::fails_midway_stream(&*client, stmts, 100).await.unwrap();
                        futures_util::pin_mut!(s);
                        let mut seen = 0;
                        let err = loop {
                            match s.try_next().await {
                                Ok(Some(_)) => seen += 1,
                                Ok(None) => panic!("no error after {seen} rows"),
                                Err(e) => break e,
                            }
                        };
                        assert!(seen < 50, "{seen} rows before the error");
                        assert_eq!(err.code(), Some(&tokio_postgres::error::SqlState::DIVISION_BY_ZERO));
                        assert_eq!(db::fails_midway(&*client, stmts, 49).await.unwrap().len(), 49);
                    }
                    // a connection opened, used and closed
                    _ => {
                        let c = connect().await.unwrap();
                        let st = db::Statements::prepare(&c).await.unwrap();
                        assert_eq!(db::get_user(&c, &st, 7).await.unwrap().id, 7);
                    }
                }
                done += 1;
            }
            // Eager loading of all 100,000 parents: on PostgreSQL the keys are one array
            // parameter, so there is no parameter limit to chunk around.
            let posts = db::posts_by_users(&*client, stmts, ids).await.unwrap();
            assert_eq!(posts.len() as i64, USERS);
            assert_eq!(posts.iter().map(|p| p.user_id).sum::<i64>(), USERS * (USERS + 1) / 2);
            done + 1
        })
    }

    fn stream(&mut self, rows: u64) -> u64 {
        self.rt.block_on(async {
            let s = db::series_stream(&self.client, &self.stmts, rows as i64).await.unwrap();
            futures_util::pin_mut!(s);
            let mut n = 0u64;
            while let Some(r) = s.try_next().await.unwrap() {
                n += 1;
                assert_eq!(r.n as u64, n);
            }
            n
        })
    }

    fn probe(&mut self) -> (i64, i64, i64) {
        self.rt.block_on(async {
            // Let the closed connections' tasks finish before counting.
            tokio::task::yield_now().await;
            let stmts = count(&self.client, "SELECT count(*) FROM pg_prepared_statements").await;
            let conns = count(&self.client, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sqlweave-soak'").await;
            (-1, stmts, conns)
        })
    }
}
