//! The SQLite workloads through the sqlweave-generated module (`gen_sqlite.rs`).

use crate::gen_sqlite as db;
use crate::Subject;
use rusqlite::{Connection, ErrorCode};

pub const SCHEMA: &str = include_str!("../sqlweave/sqlite/schema.sql");
/// Users (and posts, one each) in the soak database.
pub const USERS: i64 = 40_000;
/// Rows of `mixed`; row `BAD_ROW` holds text in the INTEGER column.
pub const MIXED: i64 = 100;
pub const BAD_ROW: i64 = 50;
/// Lengths of the IN lists of the distinct-SQL workload: this many distinct SQL texts.
pub const DISTINCT_TEXTS: usize = 300;

pub fn fill(conn: &Connection) {
    conn.execute_batch(SCHEMA).unwrap();
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {USERS})
         INSERT INTO users (id, name, hair_color) SELECT n, 'User ' || n, CASE n % 3 WHEN 0 THEN NULL ELSE 'black' END FROM s;
         INSERT INTO posts (id, user_id, title) SELECT id, id, 'Post of ' || id FROM users;
         WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {MIXED})
         INSERT INTO mixed (id, v) SELECT n, CASE WHEN n = {BAD_ROW} THEN 'not a number' ELSE n * 10 END FROM s;
         COMMIT;"
    ))
    .unwrap();
}

/// Statements not yet finalized on `conn` (cached ones included).
pub fn open_statements(conn: &Connection) -> i64 {
    let mut n = 0;
    unsafe {
        let h = conn.handle();
        let mut p = rusqlite::ffi::sqlite3_next_stmt(h, std::ptr::null_mut());
        while !p.is_null() {
            n += 1;
            p = rusqlite::ffi::sqlite3_next_stmt(h, p);
        }
    }
    n
}

pub struct Sqlweave {
    conn: Connection,
    ids: Vec<i64>,
    k: u64,
}

impl Sqlweave {
    pub fn new() -> Self {
        let conn = Connection::open_in_memory().unwrap();
        fill(&conn);
        Sqlweave { conn, ids: (1..=USERS).collect(), k: 0 }
    }

    fn hot(&mut self) {
        self.k += 1;
        let id = (self.k % USERS as u64) as i64 + 1;
        match self.k % 3 {
            0 => {
                let u = db::get_user(&self.conn, id).unwrap();
                assert_eq!(u.id, id);
            }
            1 => assert_eq!(db::update_user(&self.conn, &format!("User {id}"), Some("black"), id).unwrap(), 1),
            _ => {
                let new = db::create_user(&self.conn, "Temp", None).unwrap();
                assert!(new > USERS);
                assert_eq!(db::delete_user(&self.conn, new).unwrap(), 1);
            }
        }
    }

    fn distinct(&mut self) {
        self.k += 1;
        let len = (self.k as usize % DISTINCT_TEXTS) + 1;
        let rows = db::users_by_ids(&self.conn, &self.ids[..len]).unwrap();
        assert_eq!(rows.len(), len);
    }

    fn open_close(&mut self) {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(SCHEMA).unwrap();
        let id = db::create_user(&c, "Fresh", Some("red")).unwrap();
        assert_eq!(db::get_user(&c, id).unwrap().name, "Fresh");
        assert_eq!(db::count_users(&c).unwrap(), 1);
    }

    fn tx_error(&mut self) {
        let before = db::count_users(&self.conn).unwrap();
        {
            let tx = self.conn.transaction().unwrap();
            db::create_user(&tx, "In a failed transaction", None).unwrap();
            let e = db::create_user_with_id(&tx, 1, "Duplicate", None).unwrap_err();
            assert_eq!(e.sqlite_error_code(), Some(ErrorCode::ConstraintViolation), "{e}");
            // Dropping the transaction rolls it back.
        }
        assert_eq!(db::count_users(&self.conn).unwrap(), before, "the failed transaction left rows");
        assert!(self.conn.is_autocommit(), "still inside a transaction");
    }

    fn decode_fail(&mut self) {
        let mut seen = 0;
        let r = db::mixed_values_for_each(&self.conn, MIXED, |m| {
            assert_eq!(m.v, m.id * 10);
            seen += 1;
            Ok(())
        });
        assert!(matches!(r, Err(rusqlite::Error::InvalidColumnType(..))), "{r:?}");
        assert_eq!(seen, BAD_ROW - 1, "rows before the bad one");
        let ok = db::mixed_values(&self.conn, BAD_ROW - 1).unwrap();
        assert_eq!(ok.len() as i64, BAD_ROW - 1);
    }

    /// Eager loading of 40,000 parents: one IN list would exceed SQLite's variable limit, so the
    /// keys are sent in chunks of at most that limit. The unchunked call must fail cleanly.
    fn eager(&mut self) {
        let limit = unsafe {
            rusqlite::ffi::sqlite3_limit(self.conn.handle(), rusqlite::ffi::SQLITE_LIMIT_VARIABLE_NUMBER, -1)
        } as usize;
        let e = db::posts_by_users(&self.conn, &self.ids).unwrap_err();
        assert!(e.to_string().contains("too many SQL variables"), "{e}");
        let mut n = 0usize;
        let mut sum = 0i64;
        for chunk in self.ids.chunks(limit) {
            db::posts_by_users_for_each(&self.conn, chunk, |p| {
                n += 1;
                sum += p.user_id;
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(n, USERS as usize);
        assert_eq!(sum, USERS * (USERS + 1) / 2);
    }
}

impl Sqlweave {
    /// The entity layer over the same data: every user with its posts (`User::load`, the 40,000
    /// keys chunked under the variable limit inside the loader), and filtered, ordered queries
    /// whose SQL goes through rusqlite's bounded statement cache.
    fn eager_entity(&mut self) {
        use db::{post, user, Post, PostWith, User, UserWith};
        let edb = sqlweave::sqlite::Db::new(&self.conn);
        let users = edb.all(&User::query()).unwrap();
        assert_eq!(users.len(), USERS as usize);
        let nodes = User::load(&edb, users, &UserWith::new().posts(Post::query(), PostWith::new())).unwrap();
        let posts: usize = nodes.iter().map(|u| u.posts.len()).sum();
        assert_eq!(posts, USERS as usize);
        assert!(nodes.iter().all(|u| u.posts.iter().all(|p| p.row.user_id == u.row.id)));
        self.k += 1;
        let from = (self.k % USERS as u64) as i64;
        let page = edb
            .all(&User::query().filter(user::ID.gt(from).and(user::HAIR_COLOR.is_not_null())).order_by(user::ID.asc()).limit(50))
            .unwrap();
        assert!(page.iter().all(|u| u.id > from && u.hair_color.is_some()));
        assert!(edb.count(&Post::query().filter(post::USER_ID.le(from))).unwrap() as i64 == from);
    }
}

impl Subject for Sqlweave {
    fn round(&mut self, ops: u64) -> u64 {
        let mut done = 0;
        // The mix: 60% hot, 25% distinct SQL texts, 5% transaction errors, 5% decoder
        // failures, 5% connection open/close, and one eager load of 40,000 parents through the
        // generated functions and one through the entity layer.
        for i in 0..ops {
            match i % 20 {
                0..=11 => self.hot(),
                12..=16 => self.distinct(),
                17 => self.tx_error(),
                18 => self.decode_fail(),
                _ => self.open_close(),
            }
            done += 1;
        }
        self.eager();
        self.eager_entity();
        done + 2
    }

    fn stream(&mut self, rows: u64) -> u64 {
        let mut n = 0u64;
        db::series_for_each(&self.conn, rows as i64, |r| {
            n += 1;
            assert_eq!(r.n as u64, n);
            assert!(r.label.starts_with("row "));
            Ok(())
        })
        .unwrap();
        n
    }

    fn probe(&mut self) -> (i64, i64, i64) {
        (open_statements(&self.conn), -1, -1)
    }
}
