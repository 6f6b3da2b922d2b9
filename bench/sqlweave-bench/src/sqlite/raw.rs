//! Hand-written rusqlite, the floor: statements prepared once and held, rows read by index, no
//! statement cache lookups.

use super::Op;
use crate::data::*;
use rusqlite::{Connection, Statement};
use std::hint::black_box;
use std::mem::ManuallyDrop;

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

/// A connection with statements borrowed from it, dropped in the right order.
pub(crate) struct Held<S: 'static> {
    pub(crate) stmts: ManuallyDrop<S>,
    conn: *mut Connection,
}

impl<S> Drop for Held<S> {
    fn drop(&mut self) {
        unsafe {
            ManuallyDrop::drop(&mut self.stmts);
            drop(Box::from_raw(self.conn));
        }
    }
}

/// Opens an in-memory database with the schema and `script`, and prepares statements on it.
pub(crate) fn hold<S>(script: &str, prepare: impl FnOnce(&'static Connection) -> S) -> (Held<S>, &'static Connection) {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(super::SCHEMA).unwrap();
    conn.execute_batch(&format!("BEGIN;\n{script}COMMIT;")).unwrap();
    let conn = Box::into_raw(Box::new(conn));
    let r: &'static Connection = unsafe { &*conn };
    (Held { stmts: ManuallyDrop::new(prepare(r)), conn }, r)
}

fn read_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User { id: r.get(0)?, name: r.get(1)?, hair_color: r.get(2)? })
}

fn users(stmt: &mut Statement<'_>, params: impl rusqlite::Params) -> Vec<User> {
    let mut rows = stmt.query(params).unwrap();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        out.push(read_user(r).unwrap());
    }
    out
}

pub fn trivial(n: usize) -> Op {
    let (mut h, _) = hold(&users_script(n), |c| c.prepare("SELECT id, name, hair_color FROM users").unwrap());
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = users(&mut h.stmts, []);
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let (mut h, _) = hold(&medium_script(n), |c| {
        c.prepare(
            "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, posts.title, posts.body \
             FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.hair_color = ?1",
        )
        .unwrap()
    });
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let mut rows = h.stmts.query(["black"]).unwrap();
        let mut out: Vec<(User, Option<Post>)> = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let post = match r.get::<_, Option<i64>>(3).unwrap() {
                Some(id) => Some(Post {
                    id,
                    user_id: r.get(4).unwrap(),
                    title: r.get(5).unwrap(),
                    body: r.get(6).unwrap(),
                }),
                None => None,
            };
            out.push((read_user(r).unwrap(), post));
        }
        drop(rows);
        exp.check(
            out.len(),
            out.iter().map(|(u, p)| (u.id, u.name.as_str(), p.as_ref().map(|p| (p.user_id, p.title.as_str())))),
        );
        black_box(out);
    })
}

struct InsertStmts {
    begin: Statement<'static>,
    insert: Statement<'static>,
    commit: Statement<'static>,
    delete: Statement<'static>,
}

fn insert_stmts(c: &'static Connection) -> InsertStmts {
    InsertStmts {
        begin: c.prepare("BEGIN").unwrap(),
        insert: c.prepare("INSERT INTO users (name, hair_color) VALUES (?1, ?2)").unwrap(),
        commit: c.prepare("COMMIT").unwrap(),
        delete: c.prepare("DELETE FROM users").unwrap(),
    }
}

/// `n` rows in one transaction: one prepared INSERT executed per row (the fastest way to insert
/// many rows with SQLite; the statement is compiled once, not per batch size).
pub fn insert(n: usize) -> Op {
    let (h, _) = hold("", insert_stmts);
    let h = std::rc::Rc::new(std::cell::RefCell::new(h));
    let h2 = h.clone();
    let input = new_users(n);
    Op::with_reset(
        move || {
            let mut h = h.borrow_mut();
            let s = &mut *h.stmts;
            s.begin.execute([]).unwrap();
            let mut changed = 0;
            for (name, hair) in &input {
                changed += s.insert.execute((name, hair)).unwrap();
            }
            s.commit.execute([]).unwrap();
            assert_eq!(changed, n);
        },
        move || {
            h2.borrow_mut().stmts.delete.execute([]).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    struct S {
        users: Statement<'static>,
        conn: &'static Connection,
    }
    let (mut h, _) = hold(&associations_script(users_n), |c| S {
        users: c.prepare("SELECT id, name, hair_color FROM users").unwrap(),
        conn: c,
    });
    Op::new(move || {
        let s = &mut *h.stmts;
        let us = users(&mut s.users, []);
        // The IN lists' lengths depend on the data, so these statements are built per call and
        // cached by rusqlite (what hand-written code does for a variable-length IN list).
        let posts = {
            let sql = in_list_sql("SELECT id, user_id, title, body FROM posts WHERE user_id IN (", us.len());
            let mut st = s.conn.prepare_cached(&sql).unwrap();
            let mut rows = st.query(rusqlite::params_from_iter(us.iter().map(|u| u.id))).unwrap();
            let mut out = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                out.push(Post { id: r.get(0).unwrap(), user_id: r.get(1).unwrap(), title: r.get(2).unwrap(), body: r.get(3).unwrap() });
            }
            out
        };
        let comments = {
            let sql = in_list_sql("SELECT id, post_id, text FROM comments WHERE post_id IN (", posts.len());
            let mut st = s.conn.prepare_cached(&sql).unwrap();
            let mut rows = st.query(rusqlite::params_from_iter(posts.iter().map(|p| p.id))).unwrap();
            let mut out = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                out.push(Comment { id: r.get(0).unwrap(), post_id: r.get(1).unwrap(), text: r.get(2).unwrap() });
            }
            out
        };
        let grouped = group(us, posts, comments);
        check_grouped(users_n, &grouped);
        black_box(grouped);
    })
}

pub fn in_list_sql(head: &str, n: usize) -> String {
    let mut sql = String::with_capacity(head.len() + 3 * n + 1);
    sql.push_str(head);
    for i in 0..n {
        sql.push_str(if i == 0 { "?" } else { ",?" });
    }
    sql.push(')');
    sql
}

pub type Grouped = crate::data::Grouped<User, Post, Comment>;

fn group(users: Vec<User>, posts: Vec<Post>, comments: Vec<Comment>) -> Grouped {
    crate::data::group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id)
}

fn check_grouped(n: usize, g: &Grouped) {
    crate::data::check_grouped(n, g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id)
}

pub fn insert_one(_: usize) -> Op {
    let (h, c) = hold("", |c| {
        (c.prepare("INSERT INTO users (name, hair_color) VALUES (?1, ?2)").unwrap(), c.prepare("DELETE FROM users").unwrap())
    });
    let h = std::rc::Rc::new(std::cell::RefCell::new(h));
    let h2 = h.clone();
    Op::with_reset(
        move || {
            let mut h = h.borrow_mut();
            assert_eq!(h.stmts.0.execute(("New user", Some("black"))).unwrap(), 1);
            let id = c.last_insert_rowid();
            assert!(id > 0, "a new rowid");
        },
        move || {
            h2.borrow_mut().stmts.1.execute([]).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), |c| {
        c.prepare("UPDATE users SET name = ?1, hair_color = ?2 WHERE id = ?3").unwrap()
    });
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        assert_eq!(h.stmts.execute(("Updated", Some("grey"), k)).unwrap(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), |c| c.prepare("SELECT id, name, hair_color FROM users WHERE id = ?1").unwrap());
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = h.stmts.query_row([k], read_user).unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), |c| {
        c.prepare("SELECT id, name, hair_color FROM users WHERE id > ?1 ORDER BY id LIMIT ?2").unwrap()
    });
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = users(&mut h.stmts, (0, 100));
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
