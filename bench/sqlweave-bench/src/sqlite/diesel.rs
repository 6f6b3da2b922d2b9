//! Diesel, as its guides write it: `table!` schema, `Queryable`/`Selectable`/`Insertable` derives,
//! `belonging_to` + `grouped_by` for associations, batch `insert_into(..).values(&vec)`. The
//! model structs are shared with the PostgreSQL suite, so they carry no `check_for_backend`.

use super::Op;
use crate::data::*;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use std::hint::black_box;

pub mod schema {
    diesel::table! {
        users (id) {
            id -> BigInt,
            name -> Text,
            hair_color -> Nullable<Text>,
        }
    }
    diesel::table! {
        posts (id) {
            id -> BigInt,
            user_id -> BigInt,
            title -> Text,
            body -> Nullable<Text>,
        }
    }
    diesel::table! {
        comments (id) {
            id -> BigInt,
            post_id -> BigInt,
            text -> Text,
        }
    }
    diesel::joinable!(posts -> users (user_id));
    diesel::joinable!(comments -> posts (post_id));
    diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);
}

use schema::{comments, posts, users};

#[derive(Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = posts, belongs_to(User))]
pub struct Post {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = comments, belongs_to(Post))]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub text: String,
}

#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub hair_color: Option<&'a str>,
}

pub fn open(script: &str) -> SqliteConnection {
    use diesel::connection::SimpleConnection;
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(super::SCHEMA).unwrap();
    conn.batch_execute(&format!("BEGIN;\n{script}COMMIT;")).unwrap();
    conn
}

pub fn trivial(n: usize) -> Op {
    let mut conn = open(&users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = users::table.select(User::as_select()).load(&mut conn).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let mut conn = open(&medium_script(n));
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out: Vec<(User, Option<Post>)> = users::table
            .left_join(posts::table)
            .filter(users::hair_color.eq("black"))
            .select((User::as_select(), Option::<Post>::as_select()))
            .load(&mut conn)
            .unwrap();
        exp.check(
            out.len(),
            out.iter().map(|(u, p)| (u.id, u.name.as_str(), p.as_ref().map(|p| (p.user_id, p.title.as_str())))),
        );
        black_box(out);
    })
}

pub fn insert(n: usize) -> Op {
    let conn = std::rc::Rc::new(std::cell::RefCell::new(open("")));
    let c2 = conn.clone();
    let input = new_users(n);
    Op::with_reset(
        move || {
            let rows: Vec<NewUser<'_>> =
                input.iter().map(|(name, hair)| NewUser { name, hair_color: hair.as_deref() }).collect();
            let changed = diesel::insert_into(users::table).values(&rows).execute(&mut *conn.borrow_mut()).unwrap();
            assert_eq!(changed, n);
        },
        move || {
            diesel::delete(users::table).execute(&mut *c2.borrow_mut()).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    let mut conn = open(&associations_script(users_n));
    Op::new(move || {
        let us = users::table.select(User::as_select()).load(&mut conn).unwrap();
        let ps = Post::belonging_to(&us).select(Post::as_select()).load(&mut conn).unwrap();
        let cs = Comment::belonging_to(&ps).select(Comment::as_select()).load(&mut conn).unwrap();
        let cs_by_post = cs.grouped_by(&ps);
        let ps_by_user = ps.into_iter().zip(cs_by_post).grouped_by(&us);
        let g: Vec<(User, Vec<(Post, Vec<Comment>)>)> = us.into_iter().zip(ps_by_user).collect();
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let conn = std::rc::Rc::new(std::cell::RefCell::new(open("")));
    let c2 = conn.clone();
    Op::with_reset(
        move || {
            let id: i64 = diesel::insert_into(users::table)
                .values(NewUser { name: "New user", hair_color: Some("black") })
                .returning(users::id)
                .get_result(&mut *conn.borrow_mut())
                .unwrap();
            assert!(id > 0, "a new rowid");
        },
        move || {
            diesel::delete(users::table).execute(&mut *c2.borrow_mut()).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let mut conn = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let n = diesel::update(users::table.find(k))
            .set((users::name.eq("Updated"), users::hair_color.eq(Some("grey"))))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(n, 1);
    })
}

pub fn get_one(_: usize) -> Op {
    let mut conn = open(&users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = users::table.find(k).select(User::as_select()).first(&mut conn).unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let mut conn = open(&users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = users::table
            .filter(users::id.gt(0))
            .order(users::id)
            .limit(100)
            .select(User::as_select())
            .load(&mut conn)
            .unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
