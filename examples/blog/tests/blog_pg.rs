//! The entity layer end to end on PostgreSQL (`src/pg.rs`): each test in its own scratch schema
//! of the server at `SQLWEAVE_PG_URL` (skipped with a notice when none answers, except under
//! `CI=true`). CRUD with asserted rows, NULL in partial updates, filters through the bounded
//! statement cache, eager loading (`= ANY($1)`) across chunk boundaries, bulk inserts over the
//! parameter limit, async hooks with the audit example, transactions and soft delete.

use std::sync::{Arc, Mutex};

use blog::pg::*;
use futures_util::FutureExt;
use sqlweave::postgres::{Db, Entity, HookFuture, Hooks, PARAM_LIMIT};
use sqlweave::{Interceptor, StatementEvent};
use sqlweave_testkit::PgScratch;

#[derive(Default)]
struct Recorder(Mutex<Vec<(String, String, usize, u64)>>);

impl Interceptor for Recorder {
    fn on_statement(&self, e: &StatementEvent<'_>) {
        self.0.lock().unwrap().push((e.name.to_string(), e.sql.to_string(), e.params, e.rows));
    }
}

impl Recorder {
    fn count(&self, name: &str) -> usize {
        self.0.lock().unwrap().iter().filter(|s| s.0 == name).count()
    }
}

fn new_user(name: &str) -> NewUser {
    NewUser { name: name.into(), email: format!("{}@example.com", name.to_lowercase()), manager_id: None, karma: None, created_at: None }
}

fn new_post(author: i64, title: &str) -> NewPost {
    NewPost { author_id: author, title: title.into(), body: None, deleted_at: None }
}

async fn scratch(test: &str) -> Option<PgScratch> {
    PgScratch::new(test, blog::SCHEMA_PG).await
}

async fn count(db: &Db<'_>, sql: &str) -> i64 {
    db.client().query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test]
async fn pg_crud_with_defaults_generated_columns_null_patches_and_upserts() {
    let Some(s) = scratch("entity_crud").await else { return };
    let db = Db::new(&s.client);
    let boss = User::insert(&db, new_user("Boss")).await.unwrap();
    assert_eq!((boss.id, boss.karma), (1, 0));
    assert!(boss.created_at.timestamp() > 1_600_000_000);
    let ada = User::insert(&db, NewUser { manager_id: Some(boss.id), karma: Some(5), ..new_user("Ada") }).await.unwrap();
    assert_eq!(User::get(&db, ada.id).await.unwrap(), Some(ada.clone()));
    assert_eq!(User::get(&db, 99).await.unwrap(), None);
    let prof = Profile::insert(&db, NewProfile { user_id: ada.id, bio: Some("hi".into()) }).await.unwrap();
    assert_eq!(prof.id, 1, "identity column filled");
    assert!(!<Profile as Entity>::INSERT_SQL[..<Profile as Entity>::INSERT_SQL.find("RETURNING").unwrap()].contains("\"id\""));
    let p = Post::insert(&db, new_post(ada.id, "Hello")).await.unwrap();
    assert_eq!(p.title_length, Some(5));

    let mut changed = ada.clone();
    changed.name = "Ada L.".into();
    assert_eq!(changed.clone().update(&db).await.unwrap(), changed);
    let patched = User::patch(&db, ada.id, UserPatch { manager_id: Some(None), ..Default::default() }).await.unwrap();
    assert_eq!((patched.manager_id, patched.karma, patched.name.as_str()), (None, 5, "Ada L."));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users WHERE manager_id IS NULL").await, 2, "NULL written");
    let patched = Profile::patch(&db, prof.id, ProfilePatch::default().bio(None)).await.unwrap();
    assert_eq!(patched.bio, None);

    let u1 = User::upsert_on_email(&db, new_user("Cleo")).await.unwrap();
    let u2 = User::upsert_on_email(&db, NewUser { name: "Cleo 2".into(), karma: Some(3), ..new_user("Cleo") }).await.unwrap();
    assert_eq!((u1.id, u2.name.as_str(), u2.karma), (u2.id, "Cleo 2", 3));

    let t = Tag::insert(&db, NewTag { name: "x".into(), kind: None, color: None }).await.unwrap();
    // An enum and a composite column: written, read back, filtered on.
    let teal = Rgb { r: Some(0), g: Some(128), b: None };
    let series = Tag::insert(&db, NewTag { name: "s".into(), kind: Some(TagKind::Series), color: Some(teal.clone()) }).await.unwrap();
    assert_eq!((series.kind, series.color.clone()), (Some(TagKind::Series), Some(teal.clone())));
    assert_eq!(Tag::get(&db, series.id).await.unwrap().unwrap().color, Some(teal));
    let found = db.all(&Tag::query().filter(tag::KIND.eq(TagKind::Series))).await.unwrap();
    assert_eq!(found.iter().map(|t| t.id).collect::<Vec<_>>(), [series.id]);
    assert!(db.all(&Tag::query().filter(tag::COLOR.is_null())).await.unwrap().iter().all(|t| t.id != series.id));
    let pt = PostTag::insert(&db, NewPostTag { post_id: p.id, tag_id: t.id, weight: None }).await.unwrap();
    assert_eq!(pt.weight, 1);
    assert_eq!(PostTag::patch(&db, p.id, t.id, PostTagPatch::default().weight(7)).await.unwrap().weight, 7);
    assert_eq!(PostTag::get(&db, p.id, t.id).await.unwrap().unwrap().weight, 7);
    assert!(PostTag::delete(&db, p.id, t.id).await.unwrap());
    assert!(!PostTag::delete(&db, p.id, t.id).await.unwrap());

    assert_eq!(db.count(&User::query()).await.unwrap(), 3);
    assert!(db.exists(&User::query().filter(user::NAME.eq("Boss"))).await.unwrap());
    assert!(User::delete(&db, u2.id).await.unwrap());
    assert_eq!(db.count(&User::query()).await.unwrap(), 2);
    assert_eq!(posts_by_author(&s.client, &Statements::prepare(&s.client).await.unwrap(), ada.id).await.unwrap(), vec![p]);
}

#[tokio::test]
async fn pg_filters_pages_and_the_bounded_statement_cache() {
    let Some(s) = scratch("entity_filters").await else { return };
    let db = Db::new(&s.client);
    let names = ["Ada", "Bob", "Cleo", "Dan", "Eve"];
    User::insert_many(&db, names.iter().enumerate().map(|(i, n)| NewUser { karma: Some(i as i32), ..new_user(n) }).collect()).await.unwrap();
    let q = |sel: sqlweave::Select<User>| {
        let db = &db;
        async move { db.all(&sel).await.unwrap().into_iter().map(|u| u.name).collect::<Vec<_>>() }
    };
    assert_eq!(q(User::query().filter(user::NAME.is_in(["Eve", "Ada", "Zed"])).order_by(user::NAME.asc())).await, ["Ada", "Eve"]);
    assert!(q(User::query().filter(user::NAME.is_in(Vec::<String>::new()))).await.is_empty());
    assert_eq!(q(User::query().filter(user::KARMA.gt(1).and(user::KARMA.lt(4))).order_by(user::ID.desc())).await, ["Dan", "Cleo"]);
    assert_eq!(q(User::query().filter(user::NAME.like("%e%").or(user::KARMA.eq(0)).not()).order_by(user::ID.asc())).await, ["Bob", "Dan"]);
    assert_eq!(q(User::query().filter(user::MANAGER_ID.is_null()).order_by(user::ID.asc()).limit(2).offset(1)).await, ["Bob", "Cleo"]);
    assert_eq!(q(User::query().order_by(user::ID.asc()).offset(3)).await, ["Dan", "Eve"]);
    let page1 = db.all(&User::query().after(user::ID, None).limit(3)).await.unwrap();
    let page2 = db.all(&User::query().after(user::ID, Some(page1[2].id)).limit(3)).await.unwrap();
    assert_eq!(page2.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Dan", "Eve"]);
    assert!(q(User::query().filter(user::NAME.eq("x' OR 1=1 --"))).await.is_empty());

    db.statement_cache().set_capacity(3);
    for i in 0..12 {
        let c = (0..=i).fold(user::ID.gt(0), |c, k| c.and(user::KARMA.ne(k + 100)));
        assert_eq!(db.all(&User::query().filter(c)).await.unwrap().len(), 5);
        assert!(db.statement_cache().len() <= 3);
    }
    assert_eq!(db.statement_cache().len(), 3);
    db.statement_cache().set_capacity(1);
    assert_eq!(db.statement_cache().len(), 1);
}

#[tokio::test]
async fn pg_eager_loading_nested_filtered_and_chunked() {
    let Some(s) = scratch("entity_load").await else { return };
    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&s.client);
    let users = User::insert_many(&db, (0..10).map(|i| new_user(&format!("u{i}"))).collect()).await.unwrap();
    let posts = Post::insert_many(&db, users.iter().flat_map(|u| (0..2).map(move |k| new_post(u.id, &format!("{}-p{k}", u.name)))).collect()).await.unwrap();
    Comment::insert_many(&db, posts.iter().map(|p| NewComment { post_id: p.id, author_id: Some(users[0].id), body: format!("on {}", p.title) }).collect()).await.unwrap();
    let tags = Tag::insert_many(&db, vec![NewTag { name: "a".into(), kind: None, color: None }, NewTag { name: "b".into(), kind: None, color: None }]).await.unwrap();
    PostTag::insert_many(&db, posts.iter().map(|p| NewPostTag { post_id: p.id, tag_id: tags[(p.id % 2) as usize].id, weight: None }).collect()).await.unwrap();
    db.add_interceptor(rec.clone()).set_chunk_size(3);

    let with = UserWith::new().posts(
        Post::query().order_by(post::ID.asc()),
        PostWith::new().comments(Comment::query(), CommentWith::new().author(User::query(), UserWith::new())).tags(Tag::query(), TagWith::new()),
    );
    let nodes = User::load(&db, users.clone(), &with).await.unwrap();
    assert_eq!(rec.count("users.load.posts"), 4, "10 users in chunks of 3");
    assert_eq!(rec.count("posts.load.comments"), 7, "20 posts in chunks of 3");
    assert_eq!(rec.count("posts.load.tags"), 7);
    assert_eq!(rec.count("comments.load.author"), 1, "one distinct author");
    for (u, n) in users.iter().zip(&nodes) {
        assert_eq!(n.posts.iter().map(|p| p.row.title.clone()).collect::<Vec<_>>(), [format!("{}-p0", u.name), format!("{}-p1", u.name)]);
        for p in &n.posts {
            assert_eq!(p.comments[0].row.body, format!("on {}", p.row.title));
            assert_eq!(p.comments[0].author.as_ref().unwrap().row.name, "u0");
            assert_eq!(p.tags.iter().map(|t| t.row.name.as_str()).collect::<Vec<_>>(), [if p.row.id % 2 == 0 { "a" } else { "b" }]);
        }
    }
    let sql = &rec.0.lock().unwrap().iter().find(|r| r.0 == "users.load.posts").unwrap().1.clone();
    assert!(sql.contains("\"posts\".\"author_id\" = ANY($1)"), "{sql}");
    // Filtered, self-reference and one-to-one.
    User::patch(&db, users[1].id, UserPatch::default().manager_id(Some(users[0].id))).await.unwrap();
    Profile::insert(&db, NewProfile { user_id: users[1].id, bio: None }).await.unwrap();
    let with = UserWith::new()
        .posts(Post::query().filter(post::TITLE.like("%p1")), PostWith::new())
        .reports(User::query(), UserWith::new().profile(Profile::query(), ProfileWith::new()).manager(User::query(), UserWith::new()));
    let nodes = User::load(&db, vec![users[0].clone()], &with).await.unwrap();
    assert_eq!(nodes[0].posts.iter().map(|p| p.row.title.as_str()).collect::<Vec<_>>(), ["u0-p1"]);
    let report = &nodes[0].reports[0];
    assert_eq!(report.row.name, "u1");
    assert_eq!(report.profile.as_ref().unwrap().row.user_id, users[1].id);
    assert_eq!(report.manager.as_ref().unwrap().row.id, users[0].id);
}

#[tokio::test]
async fn pg_bulk_insert_over_the_parameter_limit() {
    let Some(s) = scratch("entity_bulk").await else { return };
    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&s.client);
    db.add_interceptor(rec.clone());
    let n = PARAM_LIMIT / 3 + 5_000; // 3 parameters per row
    let users = db.atomic(User::insert_many(&db, (0..n).map(|i| new_user(&format!("u{i}"))).collect())).await.unwrap();
    assert_eq!(users.len(), n);
    assert_eq!(rec.count("users.insert"), 2);
    assert_eq!(users[n - 1].name, format!("u{}", n - 1));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, n as i64);
    Post::insert(&db, new_post(users[n - 1].id, "last")).await.unwrap();
    let nodes = User::load(&db, users, &UserWith::new().posts(Post::query(), PostWith::new())).await.unwrap();
    assert_eq!(rec.count("users.load.posts"), 1, "one array parameter for all keys");
    assert_eq!(nodes[n - 1].posts[0].row.title, "last");
}

/// Audit hooks for PostgreSQL: the same rules as `blog::audit`, as async hooks.
struct PgAudit(Arc<Mutex<Vec<String>>>);

fn audit<'a>(db: &'a Db<'_>, action: &'a str, key: i64) -> HookFuture<'a> {
    Box::pin(async move {
        AuditEntry::insert(db, NewAuditEntry { table_name: "posts".into(), action: action.into(), row_key: key.to_string() }).await?;
        Ok(())
    })
}

impl Hooks<Post> for PgAudit {
    fn before_insert<'a>(&'a self, _db: &'a Db<'_>, new: &'a mut NewPost) -> HookFuture<'a> {
        self.0.lock().unwrap().push(format!("before_insert {}", new.title));
        Box::pin(async move {
            if new.title.trim().is_empty() {
                return Err(sqlweave::Error::rejected("a post needs a title"));
            }
            Ok(())
        })
    }
    fn after_insert<'a>(&'a self, db: &'a Db<'_>, row: &'a Post) -> HookFuture<'a> {
        self.0.lock().unwrap().push(format!("after_insert {}", row.title));
        audit(db, "insert", row.id)
    }
    fn after_update<'a>(&'a self, db: &'a Db<'_>, row: &'a Post) -> HookFuture<'a> {
        self.0.lock().unwrap().push(format!("after_update {}", row.id));
        audit(db, "update", row.id)
    }
    fn before_delete<'a>(&'a self, _db: &'a Db<'_>, key: &'a i64) -> HookFuture<'a> {
        self.0.lock().unwrap().push(format!("before_delete {key}"));
        Box::pin(async { Ok(()) })
    }
    fn after_delete<'a>(&'a self, db: &'a Db<'_>, key: &'a i64) -> HookFuture<'a> {
        self.0.lock().unwrap().push(format!("after_delete {key}"));
        audit(db, "delete", *key)
    }
}

#[tokio::test]
async fn pg_hooks_audit_transactions_and_soft_delete() {
    let Some(s) = scratch("entity_hooks").await else { return };
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut db = Db::new(&s.client);
    db.set_hooks::<Post>(PgAudit(log.clone()));
    let u = User::insert(&db, new_user("Ada")).await.unwrap();
    let ps = Post::insert_many(&db, vec![new_post(u.id, "a"), new_post(u.id, "b")]).await.unwrap();
    Post::patch(&db, ps[0].id, PostPatch::default().body(Some("x".into()))).await.unwrap();
    Post::delete(&db, ps[1].id).await.unwrap();
    assert_eq!(*log.lock().unwrap(), ["before_insert a", "before_insert b", "after_insert a", "after_insert b", "after_update 1", "before_delete 2", "after_delete 2"]);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, 4);
    // Rejected inside a bulk insert: nothing written.
    assert!(matches!(Post::insert_many(&db, vec![new_post(u.id, "c"), new_post(u.id, " ")]).await, Err(sqlweave::Error::Rejected(_))));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM posts").await, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, 4);
    // Soft delete.
    assert_eq!(Post::get(&db, ps[1].id).await.unwrap(), None);
    assert_eq!(db.count(&Post::query()).await.unwrap(), 1);
    assert_eq!(db.count(&Post::query().with_deleted()).await.unwrap(), 2);
    assert!(db.all(&Post::query().only_deleted()).await.unwrap()[0].deleted_at.is_some());
    assert!(Post::hard_delete(&db, ps[1].id).await.unwrap(), "runs the delete hooks too");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, 5);

    // Transactions: rollback on error, on panic; nested savepoints.
    let r: sqlweave::Result<()> = db
        .atomic(async {
            Post::insert(&db, new_post(u.id, "gone")).await?;
            Err(sqlweave::Error::rejected("abort"))
        })
        .await;
    assert!(r.is_err());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, 5, "the post and its audit row rolled back together");
    let panicked = std::panic::AssertUnwindSafe(db.atomic(async {
        Post::insert(&db, new_post(u.id, "panic")).await.unwrap();
        if count(&db, "SELECT 1").await == 1 {
            panic!("boom");
        }
        Ok::<_, sqlweave::Error>(())
    }))
    .catch_unwind()
    .await;
    assert!(panicked.is_err());
    assert_eq!(db.depth(), 0);
    let kept = db
        .transaction(|db| {
            Box::pin(async move {
                let outer = Post::insert(db, new_post(1, "outer")).await?;
                let inner: sqlweave::Result<()> = db
                    .atomic(async {
                        Post::insert(db, new_post(1, "inner")).await?;
                        Err(sqlweave::Error::rejected("inner"))
                    })
                    .await;
                assert!(inner.is_err());
                Ok::<_, sqlweave::Error>(outer)
            })
        })
        .await
        .unwrap();
    let titles: Vec<String> = db.all(&Post::query().order_by(post::ID.asc())).await.unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(titles, ["a", "outer"]);
    assert_eq!(kept.title, "outer");
    let actions: Vec<String> = s.client.query("SELECT action FROM audit_log ORDER BY id", &[]).await.unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(actions, ["insert", "insert", "update", "delete", "delete", "insert"]);
    // A bulk delete runs the delete hooks per row (soft delete: the rows stay, stamped).
    log.lock().unwrap().clear();
    assert_eq!(db.delete_where(&Post::query().filter(post::TITLE.is_in(["a", "outer", "nope"]))).await.unwrap(), 2);
    assert_eq!(log.lock().unwrap().iter().filter(|l| l.starts_with("after_delete")).count(), 2);
    assert_eq!(db.count(&Post::query()).await.unwrap(), 0);
    assert_eq!(db.count(&Post::query().only_deleted()).await.unwrap(), 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'").await, 4);
}
