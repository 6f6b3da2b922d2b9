//! The same generated module through its `Prepared` holder (`prepared = true` in
//! `sqlweave/sqlite/sqlweave.toml`): every statement prepared once and kept, as the floor does.

use super::generated as db;
use super::raw::hold;
use super::Op;
use crate::data::*;
use std::hint::black_box;

pub fn trivial(n: usize) -> Op {
    let (mut h, _) = hold(&users_script(n), db::Prepared::new);
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = h.stmts.all_users().unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let (mut h, _) = hold(&medium_script(n), db::Prepared::new);
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out = h.stmts.users_with_posts_by_hair_color("black").unwrap();
        exp.check(out.len(), out.iter().map(|r| (r.id, r.name.as_str(), r.user_id.zip(r.title.as_deref()))));
        black_box(out);
    })
}

/// As the plain sqlweave contender: the single-row insert per row inside one transaction, here
/// with BEGIN and COMMIT as kept statements too (as the floor holds them).
pub fn insert(n: usize) -> Op {
    let (h, conn) = hold("", db::Prepared::new);
    let h = std::cell::RefCell::new(h);
    let input = new_users(n);
    Op::with_reset(
        move || {
            let mut h = h.borrow_mut();
            let p = &mut *h.stmts;
            p.begin_batch().unwrap();
            let mut changed = 0;
            for (name, hair) in &input {
                changed += p.insert_user(name, hair.as_deref()).unwrap();
            }
            p.commit_batch().unwrap();
            assert_eq!(changed, n as u64);
        },
        move || {
            conn.execute("DELETE FROM users", []).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    let (mut h, _) = hold(&associations_script(users_n), db::Prepared::new);
    Op::new(move || {
        let p = &mut *h.stmts;
        let users = p.all_users().unwrap();
        let user_ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let posts = p.posts_by_users(&user_ids).unwrap();
        let post_ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
        let comments = p.comments_by_posts(&post_ids).unwrap();
        let g = group(users, posts, comments, |u| u.id, |p| p.id, |p| p.user_id, |c| c.post_id);
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let (h, conn) = hold("", db::Prepared::new);
    let h = std::cell::RefCell::new(h);
    Op::with_reset(
        move || {
            let id = h.borrow_mut().stmts.create_user("New user", Some("black")).unwrap();
            assert!(id > 0, "a new rowid");
        },
        move || {
            conn.execute("DELETE FROM users", []).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), db::Prepared::new);
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        assert_eq!(h.stmts.update_user("Updated", Some("grey"), k).unwrap(), 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), db::Prepared::new);
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = h.stmts.get_user(k).unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let (mut h, _) = hold(&users_script(SINGLE_ROWS), db::Prepared::new);
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = h.stmts.users_after(0, 100).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
