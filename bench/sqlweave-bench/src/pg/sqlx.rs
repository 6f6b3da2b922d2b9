//! sqlx on PostgreSQL, written as on SQLite (same `FromRow` structs): `query_as` over one
//! `PgConnection` (statement cache on), `QueryBuilder::push_values` for the batch insert, and
//! `= ANY($1)` with a bound `Vec` for the association levels.

use super::Op;
use crate::data::*;
use crate::sqlite::sqlx::{Comment, Post, User, UserPost};
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder};
use std::cell::RefCell;
use std::hint::black_box;
use std::rc::Rc;
use tokio::runtime::Runtime;

fn open(rt: &Runtime, script: &str) -> PgConnection {
    super::load(script);
    rt.block_on(async {
        let mut conn = PgConnection::connect(&super::url()).await.unwrap();
        let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut conn).await.unwrap();
        super::pin_backend(pid);
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
                     FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.hair_color = $1",
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
    let rt = Rc::new(crate::runtime());
    let conn = Rc::new(RefCell::new(open(&rt, "")));
    let (rt2, c2) = (rt.clone(), conn.clone());
    let input = new_users(n);
    Op::with_reset(
        move || {
            let mut qb: QueryBuilder<Postgres> = QueryBuilder::new("INSERT INTO users (name, hair_color) ");
            qb.push_values(&input, |mut b, (name, hair)| {
                b.push_bind(name.as_str()).push_bind(hair.as_deref());
            });
            let r = rt.block_on(qb.build().execute(&mut *conn.borrow_mut())).unwrap();
            assert_eq!(r.rows_affected(), n as u64);
        },
        move || {
            rt2.block_on(sqlx::query(super::EMPTY).execute(&mut *c2.borrow_mut())).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    let rt = crate::runtime();
    let mut conn = open(&rt, &associations_script(users_n));
    Op::new(move || {
        let g = rt.block_on(async {
            let users: Vec<User> = sqlx::query_as(USERS).fetch_all(&mut conn).await.unwrap();
            let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
            let posts: Vec<Post> = sqlx::query_as("SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)")
                .bind(ids)
                .fetch_all(&mut conn)
                .await
                .unwrap();
            let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
            let comments: Vec<Comment> = sqlx::query_as("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)")
                .bind(ids)
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
    let rt = Rc::new(crate::runtime());
    let conn = Rc::new(RefCell::new(open(&rt, "")));
    let (rt2, c2) = (rt.clone(), conn.clone());
    Op::with_reset(
        move || {
            let id: i64 = rt
                .block_on(
                    sqlx::query_scalar("INSERT INTO users (name, hair_color) VALUES ($1, $2) RETURNING id")
                        .bind("New user")
                        .bind(Some("black"))
                        .fetch_one(&mut *conn.borrow_mut()),
                )
                .unwrap();
            assert!(id > 0, "a new id");
        },
        move || {
            rt2.block_on(sqlx::query(super::EMPTY).execute(&mut *c2.borrow_mut())).unwrap();
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
                sqlx::query("UPDATE users SET name = $1, hair_color = $2 WHERE id = $3")
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
            .block_on(sqlx::query_as("SELECT id, name, hair_color FROM users WHERE id = $1").bind(k).fetch_one(&mut conn))
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
                sqlx::query_as("SELECT id, name, hair_color FROM users WHERE id > $1 ORDER BY id LIMIT $2")
                    .bind(0i64)
                    .bind(100i64)
                    .fetch_all(&mut conn),
            )
            .unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
