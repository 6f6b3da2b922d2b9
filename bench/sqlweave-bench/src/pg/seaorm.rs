//! SeaORM on PostgreSQL: the same entities and calls as the SQLite suite
//! (`crate::sqlite::seaorm`), over one pooled connection with sqlx statement logging off.

use super::Op;
use crate::data::*;
use crate::sqlite::seaorm::{comments, connect, posts, users};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, ActiveValue::Unchanged, ConnectionTrait, DatabaseConnection, LoaderTrait, QueryOrder, QuerySelect, Statement};
use std::hint::black_box;
use tokio::runtime::Runtime;

pub fn open(rt: &Runtime, script: &str) -> DatabaseConnection {
    super::load(script);
    rt.block_on(async {
        let db = connect(&super::url()).await;
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT pg_backend_pid() AS pid"))
            .await
            .unwrap()
            .unwrap();
        let pid: i32 = row.try_get("", "pid").unwrap();
        super::pin_backend(pid);
        db
    })
}

pub fn trivial(n: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &users_script(n));
    let exp = ExpectUsers::new(n);
    Op::new(move || {
        let out = rt.block_on(users::Entity::find().all(&db)).unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}

pub fn medium(n: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &medium_script(n));
    let exp = ExpectJoin::new(n);
    Op::new(move || {
        let out = rt
            .block_on(
                users::Entity::find()
                    .find_also_related(posts::Entity)
                    .filter(users::Column::HairColor.eq("black"))
                    .all(&db),
            )
            .unwrap();
        exp.check(
            out.len(),
            out.iter().map(|(u, p)| (u.id, u.name.as_str(), p.as_ref().map(|p| (p.user_id, p.title.as_str())))),
        );
        black_box(out);
    })
}

pub fn insert(n: usize) -> Op {
    let rt = std::rc::Rc::new(crate::runtime());
    let db = std::rc::Rc::new(open(&rt, ""));
    let (rt2, db2) = (rt.clone(), db.clone());
    let input = new_users(n);
    Op::with_reset(
        move || {
            let models = input.iter().map(|(name, hair)| users::ActiveModel {
                name: Set(name.clone()),
                hair_color: Set(hair.clone()),
                ..Default::default()
            });
            let changed = rt.block_on(users::Entity::insert_many(models).exec_without_returning(&*db)).unwrap();
            assert_eq!(changed, n as u64);
        },
        move || {
            rt2.block_on(users::Entity::delete_many().exec(&*db2)).unwrap();
        },
    )
}

pub fn associations(users_n: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &associations_script(users_n));
    Op::new(move || {
        let g = rt.block_on(async {
            let us = users::Entity::find().all(&db).await.unwrap();
            let ps: Vec<Vec<posts::Model>> = us.load_many(posts::Entity, &db).await.unwrap();
            // load_many takes a flat slice of parents: flatten the posts, load their comments,
            // then put the per-user nesting back.
            let counts: Vec<usize> = ps.iter().map(Vec::len).collect();
            let flat: Vec<posts::Model> = ps.into_iter().flatten().collect();
            let cs: Vec<Vec<comments::Model>> = flat.load_many(comments::Entity, &db).await.unwrap();
            let mut pairs = flat.into_iter().zip(cs);
            us.into_iter()
                .zip(counts)
                .map(|(u, k)| (u, pairs.by_ref().take(k).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        });
        check_grouped(users_n, &g, |u| u.id, |p| (p.id, p.user_id), |c| c.post_id);
        black_box(g);
    })
}

pub fn insert_one(_: usize) -> Op {
    let rt = std::rc::Rc::new(crate::runtime());
    let db = std::rc::Rc::new(open(&rt, ""));
    let (rt2, db2) = (rt.clone(), db.clone());
    Op::with_reset(
        move || {
            let m = rt
                .block_on(
                    users::ActiveModel {
                        name: Set("New user".to_owned()),
                        hair_color: Set(Some("black".to_owned())),
                        ..Default::default()
                    }
                    .insert(&*db),
                )
                .unwrap();
            assert!(m.id > 0, "a new rowid");
        },
        move || {
            rt2.block_on(users::Entity::delete_many().exec(&*db2)).unwrap();
        },
    )
}

pub fn update_one(_: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        // `update` fails with RecordNotUpdated when no row matched.
        let m = rt
            .block_on(
                users::ActiveModel {
                    id: Unchanged(k),
                    name: Set("Updated".to_owned()),
                    hair_color: Set(Some("grey".to_owned())),
                }
                .update(&db),
            )
            .unwrap();
        assert_eq!(m.id, k);
    })
}

pub fn get_one(_: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &users_script(SINGLE_ROWS));
    let mut k = 0i64;
    Op::new(move || {
        k = k % SINGLE_ROWS as i64 + 1;
        let u = rt.block_on(users::Entity::find_by_id(k).one(&db)).unwrap().unwrap();
        assert_eq!(u.id, k);
        assert!(u.name.starts_with("User "));
        black_box(u);
    })
}

pub fn read_100(_: usize) -> Op {
    let rt = crate::runtime();
    let db = open(&rt, &users_script(SINGLE_ROWS));
    let exp = ExpectUsers::new(100);
    Op::new(move || {
        let out = rt
            .block_on(
                users::Entity::find()
                    .filter(users::Column::Id.gt(0))
                    .order_by_asc(users::Column::Id)
                    .limit(100)
                    .all(&db),
            )
            .unwrap();
        exp.check(out.len(), out.iter().map(|u| (u.id, u.name.as_str(), u.hair_color.as_deref())));
        black_box(out);
    })
}
