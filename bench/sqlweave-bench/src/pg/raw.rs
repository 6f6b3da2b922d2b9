//! Hand-written tokio-postgres, the floor: every statement prepared once per connection, rows
//! read by index; the batch insert is one `unnest` INSERT with one array per column.

use super::Op;
use crate::data::*;
use std::hint::black_box;
use std::rc::Rc;
use tokio_postgres::{Client, Row, Statement};

#[derive(Debug)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug)]
pub struct Post {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub text: String,
}

fn user(r: &Row) -> User {
    User { id: r.get(0), name: r.get(1), hair_color: r.get(2) }
}

struct Conn {
    rt: tokio::runtime::Runtime,
    client: Client,
}

fn open(script: &str) -> Conn {
    super::load(script);
    let rt = crate::runtime();
    let client = super::connect(&rt);
    let pid: i32 = rt.block_on(client.query_one("SELECT pg_backend_pid()", &[])).unwrap().get(0);
    super::pin_backend(pid);
    Conn { rt, client }
}

impl Conn {
    fn prepare(&self, sql: &str) -> Statement {
        self.rt.block_on(self.client.prepare(sql)).unwrap()
    }
}

pub fn trivial(n: usize) -> Op {
    let c = open(&users_script(n));
    let st = c.prepare("SELECT id, name, hair_color FROM users");
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let rows = c.rt.block_on(c.client.query(&st, &[])).unwrap();
        let out: Vec<User> = rows.iter().map(user).collect();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let c = open(&medium_script(n));
    let st = c.prepare(
        "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, posts.title, posts.body \
         FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.hair_color = $1",
    );
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let rows = c.rt.block_on(c.client.query(&st, &[&"black"])).unwrap();
        let out: Vec<(User, Option<Post>)> = rows
            .iter()
            .map(|r| {
                let post = r.get::<_, Option<i64>>(3).map(|id| Post { id, user_id: r.get(4), title: r.get(5), body: r.get(6) });
                (user(r), post)
            })
            .collect();
        exp.check(
            out.len(),
            out.iter().map(|(u, p)| (u.id, u.name.as_str(), p.as_ref().map(|p| (p.user_id, p.title.as_str())))),
        );
        black_box(out);
    })
}

pub fn insert(n: usize) -> Op {
    let c = Rc::new(open(""));
    let st = c.prepare("INSERT INTO users (name, hair_color) SELECT * FROM unnest($1::text[], $2::text[])");
    let c2 = c.clone();
    let input = new_users(n);
    Op::with_reset(
        move || {
            let names: Vec<&str> = input.iter().map(|(n, _)| n.as_str()).collect();
            let hairs: Vec<Option<&str>> = input.iter().map(|(_, h)| h.as_deref()).collect();
            let changed = c.rt.block_on(c.client.execute(&st, &[&names, &hairs])).unwrap();
            assert_eq!(changed, n as u64);
        },
        move || c2.rt.block_on(c2.client.batch_execute(super::EMPTY)).unwrap(),
    )
}

pub fn associations(users_n: usize) -> Op {
    let c = open(&associations_script(users_n));
    let su = c.prepare("SELECT id, name, hair_color FROM users");
    let sp = c.prepare("SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)");
    let sc = c.prepare("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)");
    Op::new(move || {
        let g = c.rt.block_on(async {
            let users: Vec<User> = c.client.query(&su, &[]).await.unwrap().iter().map(user).collect();
            let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
            let posts: Vec<Post> = c
                .client
                .query(&sp, &[&ids])
                .await
                .unwrap()
                .iter()
                .map(|r| Post { id: r.get(0), user_id: r.get(1), title: r.get(2), body: r.get(3) })
                .collect();
            let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
            let comments: Vec<Comment> = c
                .client
                .query(&sc, &[&ids])
                .await
                .unwrap()
                .iter()
                .map(|r| Comment { id: r.get(0), post_id: r.get(1), text: r.get(2) })
                .collect();
            group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id)
        });
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let c = Rc::new(open(""));
    let st = c.prepare("INSERT INTO users (name, hair_color) VALUES ($1, $2) RETURNING id");
    let c2 = c.clone();
    Op::with_reset(
        move || {
            let id: i64 = c.rt.block_on(c.client.query_one(&st, &[&"New user", &Some("black")])).unwrap().get(0);
            assert!(id > 0, "a new id");
        },
        move || c2.rt.block_on(c2.client.batch_execute(super::EMPTY)).unwrap(),
    )
}

pub fn update_one(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let st = c.prepare("UPDATE users SET name = $1, hair_color = $2 WHERE id = $3");
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        assert_eq!(c.rt.block_on(c.client.execute(&st, &[&"Updated", &Some("grey"), &k])).unwrap(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let st = c.prepare("SELECT id, name, hair_color FROM users WHERE id = $1");
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = user(&c.rt.block_on(c.client.query_one(&st, &[&k])).unwrap());
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let st = c.prepare("SELECT id, name, hair_color FROM users WHERE id > $1 ORDER BY id LIMIT $2");
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let rows = c.rt.block_on(c.client.query(&st, &[&0i64, &100i64])).unwrap();
        let out: Vec<User> = rows.iter().map(user).collect();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

