//! The sqlweave-generated tokio-postgres module (`generated.rs`, from `sqlweave/pg/`), called as
//! the pg-store example does: `Statements::prepare` once per connection, then the query
//! functions with the client and the statements.

use super::generated as db;
use super::Op;
use crate::data::*;
use std::hint::black_box;
use std::rc::Rc;
use tokio_postgres::Client;

pub struct Conn {
    pub rt: tokio::runtime::Runtime,
    pub client: Client,
    pub stmts: db::Statements,
}

pub fn open(script: &str) -> Conn {
    super::load(script);
    let rt = crate::runtime();
    let client = super::connect(&rt);
    let pid: i32 = rt.block_on(client.query_one("SELECT pg_backend_pid()", &[])).unwrap().get(0);
    super::pin_backend(pid);
    let stmts = rt.block_on(db::Statements::prepare(&client)).unwrap();
    Conn { rt, client, stmts }
}

pub fn trivial(n: usize) -> Op {
    let c = open(&users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = c.rt.block_on(db::all_users(&c.client, &c.stmts)).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let c = open(&medium_script(n));
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out = c.rt.block_on(db::users_with_posts_by_hair_color(&c.client, &c.stmts, "black")).unwrap();
        exp.check(out.len(), out.iter().map(|r| (r.id, r.name.as_str(), r.user_id.zip(r.title.as_deref()))));
        black_box(out);
    })
}

/// The generated `unnest` batch (`InsertUsers`) types `$2::text[]` as `&[&str]`, so it cannot
/// carry the NULL hair colours of this workload; the generated batch path that can is
/// `:copyfrom` (`CopyUsers`, a binary COPY), used here.
pub fn insert(n: usize) -> Op {
    let c = Rc::new(open(""));
    let c2 = c.clone();
    let input = new_users(n);
    Op::with_reset(
        move || {
            let rows: Vec<db::CopyUsersParams<'_>> =
                input.iter().map(|(name, hair)| db::CopyUsersParams { name, hair_color: hair.as_deref() }).collect();
            let changed = c.rt.block_on(db::copy_users(&c.client, &c.stmts, &rows)).unwrap();
            assert_eq!(changed, n as u64);
        },
        move || c2.rt.block_on(c2.client.batch_execute(super::EMPTY)).unwrap(),
    )
}

pub fn associations(users_n: usize) -> Op {
    let c = open(&associations_script(users_n));
    Op::new(move || {
        let g = c.rt.block_on(async {
            let users = db::all_users(&c.client, &c.stmts).await.unwrap();
            let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
            let posts = db::posts_by_users(&c.client, &c.stmts, &ids).await.unwrap();
            let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
            let comments = db::comments_by_posts(&c.client, &c.stmts, &ids).await.unwrap();
            group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id)
        });
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let c = Rc::new(open(""));
    let c2 = c.clone();
    Op::with_reset(
        move || {
            let id = c.rt.block_on(db::create_user(&c.client, &c.stmts, "New user", Some("black"))).unwrap();
            assert!(id > 0, "a new id");
        },
        move || c2.rt.block_on(c2.client.batch_execute(super::EMPTY)).unwrap(),
    )
}

pub fn update_one(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        assert_eq!(c.rt.block_on(db::update_user(&c.client, &c.stmts, "Updated", Some("grey"), k)).unwrap(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = c.rt.block_on(db::get_user(&c.client, &c.stmts, k)).unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let c = open(&users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = c.rt.block_on(db::users_after(&c.client, &c.stmts, 0, 100)).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
