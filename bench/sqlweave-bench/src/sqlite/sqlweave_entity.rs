//! The sqlweave entity layer (`entity_gen.rs`, from `sqlweave/sqlite-entity/`), used as its README
//! shows: a `sqlweave::sqlite::Db` over the connection, typed filters, `insert_many` (one
//! multi-row INSERT per chunk), and `User::load` for eager loading (one `IN` query per level).

use super::entity_gen::{user, Comment, CommentWith, NewUser, Post, PostWith, User, UserPatch, UserWith};
use super::raw::hold;
use super::Op;
use crate::data::*;
use sqlweave::sqlite::Db;
use std::hint::black_box;

fn database(script: &str) -> (super::raw::Held<Db<'static>>, &'static rusqlite::Connection) {
    hold(script, Db::new)
}

pub fn trivial(n: usize) -> Op {
    let (h, _) = database(&users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = h.stmts.all(&User::query()).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

/// The LEFT JOIN of users and posts, as the entity layer expresses it: the users filtered by
/// hair colour, their posts loaded along the edge (one more query), flattened for the check.
pub fn medium(n: usize) -> Op {
    let (h, _) = database(&medium_script(n));
    let exp = ExpectJoin::new(n);
    let with = UserWith::new().posts(Post::query(), PostWith::new());
    Op::new(move || {
        let db = &*h.stmts;
        let users = db.all(&User::query().filter(user::HAIR_COLOR.eq("black".to_string()))).unwrap();
        let nodes = User::load(db, users, &with).unwrap();
        let rows = nodes.iter().map(|u| u.posts.len().max(1)).sum();
        exp.check(
            rows,
            nodes.iter().flat_map(|u| {
                let none = u.posts.is_empty().then_some((u.row.id, u.row.name.as_str(), None));
                none.into_iter().chain(u.posts.iter().map(|p| (u.row.id, u.row.name.as_str(), Some((p.row.user_id, p.row.title.as_str())))))
            }),
        );
        black_box(nodes);
    })
}

/// `insert_many`: one multi-row `INSERT … RETURNING` per chunk, in a transaction.
pub fn insert(n: usize) -> Op {
    let (h, conn) = database("");
    let input = new_users(n);
    Op::with_reset(
        move || {
            let rows: Vec<NewUser> = input.iter().map(|(name, hair)| NewUser { name: name.clone(), hair_color: hair.clone() }).collect();
            let out = h.stmts.transaction(|db| User::insert_many(db, rows)).unwrap();
            assert_eq!(out.len(), n);
            black_box(out);
        },
        move || {
            conn.execute("DELETE FROM users", []).unwrap();
        },
    )
}

/// Eager loading users → posts → comments: one query per level.
pub fn associations(users_n: usize) -> Op {
    let (h, _) = database(&associations_script(users_n));
    let with = UserWith::new().posts(Post::query(), PostWith::new().comments(Comment::query(), CommentWith::new()));
    Op::new(move || {
        let db = &*h.stmts;
        let nodes = User::load(db, db.all(&User::query()).unwrap(), &with).unwrap();
        // The checks of `check_grouped`, on the nodes.
        assert_eq!(nodes.len(), users_n);
        let (mut uid_sum, mut n_comments) = (0, 0);
        for u in &nodes {
            uid_sum += u.row.id;
            assert_eq!(u.posts.len(), POSTS_PER_USER, "posts of user {}", u.row.id);
            for p in &u.posts {
                assert_eq!(p.row.user_id, u.row.id);
                assert_eq!(p.comments.len(), COMMENTS_PER_POST, "comments of post {}", p.row.id);
                assert!(p.comments.iter().all(|c| c.row.post_id == p.row.id));
                n_comments += p.comments.len();
            }
        }
        assert_eq!(uid_sum, (users_n * (users_n + 1) / 2) as i64);
        assert_eq!(n_comments, users_n * POSTS_PER_USER * COMMENTS_PER_POST);
        black_box(nodes);
    })
}

pub fn insert_one(_: usize) -> Op {
    let (h, conn) = database("");
    Op::with_reset(
        move || {
            let u = User::insert(&h.stmts, NewUser { name: "New user".into(), hair_color: Some("black".into()) }).unwrap();
            assert!(u.id > 0, "a new rowid");
            black_box(u);
        },
        move || {
            conn.execute("DELETE FROM users", []).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let (h, _) = database(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let patch = UserPatch { name: Some("Updated".into()), hair_color: Some(Some("grey".into())) };
        let u = User::patch(&h.stmts, k, patch).unwrap();
        assert_eq!(u.id, k);
        black_box(u);
    })
}

pub fn get_one(_: usize) -> Op {
    let (h, _) = database(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = User::get(&h.stmts, k).unwrap().expect("a row");
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let (h, _) = database(&users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    let q = User::query().filter(user::ID.gt(0)).order_by(user::ID.asc()).limit(100);
    Op::new(move || {
        let out = h.stmts.all(&q).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
