//! The same SQLite workloads through Diesel (feature `contenders`), to compare with sqlweave.
//! Diesel does not expose its raw connection, so open statements are not counted; SQLite's own
//! heap (`sqlite3_memory_used`) still shows cached statements.

use crate::sqlite::{BAD_ROW, DISTINCT_TEXTS, MIXED, USERS};
use crate::Subject;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sqlite::SqliteConnection;

mod schema {
    diesel::table! { users (id) { id -> BigInt, name -> Text, hair_color -> Nullable<Text>, } }
    diesel::table! { posts (id) { id -> BigInt, user_id -> BigInt, title -> Text, } }
    diesel::table! { mixed (id) { id -> BigInt, v -> BigInt, } }
}
use schema::{mixed, posts, users};

#[derive(Queryable, Selectable, Debug)]
#[diesel(table_name = users)]
struct User {
    id: i64,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    hair_color: Option<String>,
}

pub struct Diesel {
    conn: SqliteConnection,
    ids: Vec<i64>,
    k: u64,
}

impl Diesel {
    pub fn new() -> Self {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        // The same data as the sqlweave subject (see `crate::sqlite::fill`).
        let script = {
            let mut s = String::from("BEGIN;\n");
            s.push_str(crate::sqlite::SCHEMA);
            s.push_str(&format!(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {USERS})
                 INSERT INTO users (id, name, hair_color) SELECT n, 'User ' || n, CASE n % 3 WHEN 0 THEN NULL ELSE 'black' END FROM s;
                 INSERT INTO posts (id, user_id, title) SELECT id, id, 'Post of ' || id FROM users;
                 WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {MIXED})
                 INSERT INTO mixed (id, v) SELECT n, CASE WHEN n = {BAD_ROW} THEN 'not a number' ELSE n * 10 END FROM s;
                 COMMIT;"
            ));
            s
        };
        conn.batch_execute(&script).unwrap();
        Diesel { conn, ids: (1..=USERS).collect(), k: 0 }
    }

    fn count(&mut self) -> i64 {
        users::table.count().get_result(&mut self.conn).unwrap()
    }
}

impl Subject for Diesel {
    fn round(&mut self, ops: u64) -> u64 {
        for i in 0..ops {
            self.k += 1;
            let id = (self.k % USERS as u64) as i64 + 1;
            match i % 20 {
                0..=11 => match self.k % 3 {
                    0 => {
                        let u: User = users::table.find(id).select(User::as_select()).first(&mut self.conn).unwrap();
                        assert_eq!(u.id, id);
                    }
                    1 => {
                        let n = diesel::update(users::table.find(id))
                            .set((users::name.eq(format!("User {id}")), users::hair_color.eq(Some("black"))))
                            .execute(&mut self.conn)
                            .unwrap();
                        assert_eq!(n, 1);
                    }
                    _ => {
                        let new: i64 = diesel::insert_into(users::table)
                            .values((users::name.eq("Temp"), users::hair_color.eq(None::<&str>)))
                            .returning(users::id)
                            .get_result(&mut self.conn)
                            .unwrap();
                        assert_eq!(diesel::delete(users::table.find(new)).execute(&mut self.conn).unwrap(), 1);
                    }
                },
                12..=16 => {
                    let len = (self.k as usize % DISTINCT_TEXTS) + 1;
                    let rows: Vec<User> = users::table
                        .filter(users::id.eq_any(&self.ids[..len]))
                        .select(User::as_select())
                        .load(&mut self.conn)
                        .unwrap();
                    assert_eq!(rows.len(), len);
                }
                17 => {
                    let before = self.count();
                    let r: Result<(), Error> = self.conn.transaction(|c| {
                        diesel::insert_into(users::table).values(users::name.eq("In a failed transaction")).execute(c)?;
                        diesel::insert_into(users::table).values((users::id.eq(1), users::name.eq("Duplicate"))).execute(c)?;
                        Ok(())
                    });
                    assert!(matches!(r, Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _))), "{r:?}");
                    assert_eq!(self.count(), before);
                }
                18 => {
                    // Diesel reads the text value of the bad row as 0 (sqlite3_column_int64)
                    // instead of failing: the decoder never fails mid-result, it returns a
                    // wrong value. Checked as observed, so that a change shows up.
                    let r = mixed::table.filter(mixed::id.le(MIXED)).order(mixed::id).load::<(i64, i64)>(&mut self.conn).unwrap();
                    assert_eq!(r.len() as i64, MIXED);
                    assert_eq!(r[(BAD_ROW - 1) as usize], (BAD_ROW, 0), "the text value came back as 0");
                    let ok = mixed::table.filter(mixed::id.lt(BAD_ROW)).order(mixed::id).load::<(i64, i64)>(&mut self.conn).unwrap();
                    assert_eq!(ok.len() as i64, BAD_ROW - 1);
                }
                _ => {
                    let mut c = SqliteConnection::establish(":memory:").unwrap();
                    c.batch_execute(crate::sqlite::SCHEMA).unwrap();
                    diesel::insert_into(users::table).values((users::name.eq("Fresh"), users::hair_color.eq(Some("red")))).execute(&mut c).unwrap();
                    let n: i64 = users::table.count().get_result(&mut c).unwrap();
                    assert_eq!(n, 1);
                }
            }
        }
        // Eager loading of 40,000 parents, chunked under SQLite's variable limit.
        let mut n = 0usize;
        for chunk in self.ids.chunks(32766) {
            let ps: Vec<(i64, i64, String)> = posts::table.filter(posts::user_id.eq_any(chunk)).load(&mut self.conn).unwrap();
            n += ps.len();
        }
        assert_eq!(n, USERS as usize);
        ops + 1
    }

    fn stream(&mut self, rows: u64) -> u64 {
        // Diesel's `load_iter` reads row by row.
        use diesel::sql_types::{BigInt, Text};
        let q = diesel::sql_query(
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n, 'row ' || n AS label FROM s",
        )
        .bind::<BigInt, _>(rows as i64);
        #[derive(QueryableByName)]
        struct R {
            #[diesel(sql_type = BigInt)]
            n: i64,
            #[diesel(sql_type = Text)]
            #[allow(dead_code)]
            label: String,
        }
        let mut seen = 0u64;
        for r in q.load_iter::<R, diesel::connection::DefaultLoadingMode>(&mut self.conn).unwrap() {
            seen += 1;
            assert_eq!(r.unwrap().n as u64, seen);
        }
        seen
    }

    fn probe(&mut self) -> (i64, i64, i64) {
        (-1, -1, -1)
    }
}
