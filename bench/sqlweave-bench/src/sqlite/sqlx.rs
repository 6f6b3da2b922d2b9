//! sqlx, as its README writes it without compile-time checked macros (which need a database or
//! offline data at build time): `query_as` into `#[derive(FromRow)]` structs over one
//! `SqliteConnection` (its statement cache on, the default), `QueryBuilder::push_values` for the
//! batch insert and `separated` for IN lists. Each operation is one `block_on` on a
//! current-thread runtime.

use super::Op;
use crate::data::*;
use sqlx::{Connection, Executor, FromRow, QueryBuilder, Sqlite, SqliteConnection};
use std::hint::black_box;
use tokio::runtime::Runtime;

#[derive(Debug, FromRow)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, FromRow)]
pub struct Post {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, FromRow)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub text: String,
}

/// The join's row: sqlx maps flat rows, so the post columns are nullable fields.
#[derive(Debug, FromRow)]
pub struct UserPost {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
    pub post_id: Option<i64>,
    pub user_id: Option<i64>,
    pub title: Option<String>,
    pub body: Option<String>,
}

pub fn open(rt: &Runtime, script: &str) -> SqliteConnection {
    rt.block_on(async {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute(sqlx::raw_sql(super::SCHEMA)).await.unwrap();
        if !script.is_empty() {
            conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!("BEGIN;\n{script}COMMIT;")))).await.unwrap();
        }
        conn
    })
}

const USERS: &str = "SELECT id, name, hair_color FROM users";

pub fn trivial(n: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out: Vec<User> = rt.block_on(sqlx::query_as(USERS).fetch_all(&mut conn)).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &medium_script(n));
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out: Vec<UserPost> = rt
            .block_on(
                sqlx::query_as(
                    "SELECT users.id, users.name, users.hair_color, posts.id AS post_id, posts.user_id, posts.title, posts.body \
                     FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.hair_color = ?",
                )
                .bind("black")
                .fetch_all(&mut conn),
            )
            .unwrap();
        exp.check(out.len(), out.iter().map(|r| (r.id, r.name.as_str(), r.user_id.zip(r.title.as_deref()))));
        black_box(out);
    })
}

pub fn insert(n: usize) -> Op {
    let rt = std::rc::Rc::new(crate::runtime());
    let conn = std::rc::Rc::new(std::cell::RefCell::new(open(&rt, "")));
    let (rt2, c2) = (rt.clone(), conn.clone());
    let input = new_users(n);
    Op::with_reset(
        move || {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("INSERT INTO users (name, hair_color) ");
            qb.push_values(&input, |mut b, (name, hair)| {
                b.push_bind(name.as_str()).push_bind(hair.as_deref());
            });
            let mut conn = conn.borrow_mut();
            let r = rt.block_on(qb.build().execute(&mut *conn)).unwrap();
            assert_eq!(r.rows_affected(), n as u64);
        },
        move || {
            rt2.block_on(sqlx::query("DELETE FROM users").execute(&mut *c2.borrow_mut())).unwrap();
        },
    )
}

fn in_list(head: &str, ids: impl Iterator<Item = i64>) -> QueryBuilder<Sqlite> {
    let mut qb = QueryBuilder::new(head);
    qb.push(" IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(id);
    }
    sep.push_unseparated(")");
    qb
}

pub fn associations(users_n: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &associations_script(users_n));
    Op::new(move || {
        let g = rt.block_on(async {
            let users: Vec<User> = sqlx::query_as(USERS).fetch_all(&mut conn).await.unwrap();
            let posts: Vec<Post> = in_list("SELECT id, user_id, title, body FROM posts WHERE user_id", users.iter().map(|u| u.id))
                .build_query_as()
                .fetch_all(&mut conn)
                .await
                .unwrap();
            let comments: Vec<Comment> = in_list("SELECT id, post_id, text FROM comments WHERE post_id", posts.iter().map(|p| p.id))
                .build_query_as()
                .fetch_all(&mut conn)
                .await
                .unwrap();
            group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id)
        });
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let rt = std::rc::Rc::new(crate::runtime());
    let conn = std::rc::Rc::new(std::cell::RefCell::new(open(&rt, "")));
    let (rt2, c2) = (rt.clone(), conn.clone());
    Op::with_reset(
        move || {
            let r = rt
                .block_on(
                    sqlx::query("INSERT INTO users (name, hair_color) VALUES (?, ?)")
                        .bind("New user")
                        .bind(Some("black"))
                        .execute(&mut *conn.borrow_mut()),
                )
                .unwrap();
            let id = r.last_insert_rowid();
            assert!(id > 0, "a new rowid");
        },
        move || {
            rt2.block_on(sqlx::query("DELETE FROM users").execute(&mut *c2.borrow_mut())).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let r = rt
            .block_on(
                sqlx::query("UPDATE users SET name = ?, hair_color = ? WHERE id = ?")
                    .bind("Updated")
                    .bind(Some("grey"))
                    .bind(k)
                    .execute(&mut conn),
            )
            .unwrap();
        assert_eq!(r.rows_affected(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u: User = rt
            .block_on(sqlx::query_as("SELECT id, name, hair_color FROM users WHERE id = ?").bind(k).fetch_one(&mut conn))
            .unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out: Vec<User> = rt
            .block_on(
                sqlx::query_as("SELECT id, name, hair_color FROM users WHERE id > ? ORDER BY id LIMIT ?")
                    .bind(0i64)
                    .bind(100i64)
                    .fetch_all(&mut conn),
            )
            .unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
