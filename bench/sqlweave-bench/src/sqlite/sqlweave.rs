//! The sqlweave-generated module (`generated.rs`, from `sqlweave/sqlite/`), called as its README
//! shows: functions taking `&rusqlite::Connection` (or a transaction).

use super::generated as db;
use super::Op;
use crate::data::*;
use rusqlite::Connection;
use std::cell::RefCell;
use std::hint::black_box;
use std::rc::Rc;

pub fn open(script: &str) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(super::SCHEMA).unwrap();
    conn.execute_batch(&format!("BEGIN;\n{script}COMMIT;")).unwrap();
    conn
}

pub fn trivial(n: usize) -> Op {
    let conn = open(&users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = db::all_users(&conn).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let conn = open(&medium_script(n));
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out = db::users_with_posts_by_hair_color(&conn, "black").unwrap();
        exp.check(
            out.len(),
            out.iter().map(|r| (r.id, r.name.as_str(), r.user_id.zip(r.title.as_deref()))),
        );
        black_box(out);
    })
}

/// sqlweave has no multi-row `INSERT … VALUES (…), (…)` (`sqlc.slice` only expands `IN` lists),
/// so a batch is the generated single-row insert called per row inside one transaction.
pub fn insert(n: usize) -> Op {
    let conn = Rc::new(RefCell::new(open("")));
    let c2 = conn.clone();
    let input = new_users(n);
    Op::with_reset(
        move || {
            let mut conn = conn.borrow_mut();
            let tx = conn.transaction().unwrap();
            let mut changed = 0;
            for (name, hair) in &input {
                changed += db::insert_user(&tx, name, hair.as_deref()).unwrap();
            }
            tx.commit().unwrap();
            assert_eq!(changed, n as u64);
        },
        move || {
            c2.borrow().execute("DELETE FROM users", []).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    let conn = open(&associations_script(users_n));
    Op::new(move || {
        let users = db::all_users(&conn).unwrap();
        let user_ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let posts = db::posts_by_users(&conn, &user_ids).unwrap();
        let post_ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
        let comments = db::comments_by_posts(&conn, &post_ids).unwrap();
        let g = group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id);
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let conn = Rc::new(open(""));
    let c2 = conn.clone();
    Op::with_reset(
        move || {
            let id = db::create_user(&conn, "New user", Some("black")).unwrap();
            assert!(id > 0, "a new rowid");
        },
        move || {
            c2.execute("DELETE FROM users", []).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let conn = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        assert_eq!(db::update_user(&conn, "Updated", Some("grey"), k).unwrap(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let conn = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = db::get_user(&conn, k).unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let conn = open(&users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = db::users_after(&conn, 0, 100).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
