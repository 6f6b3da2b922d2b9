//! The entity layer end to end on SQLite: every operation with its rows asserted, eager loading
//! across chunk boundaries (a small chunk size and one real case over SQLite's parameter
//! limit), NULL in partial updates, hooks (order, rejection, bulk), transactions (rollback on
//! error and on panic, savepoints), the audit example, soft delete, the bounded statement cache.
//! Also checks that the checked-in `src/db.rs` is what `sqlweave generate` writes today.

use std::sync::{Arc, Mutex};

use blog::audit::PostAudit;
use blog::db::*;
use rusqlite::Connection;
use sqlweave::sqlite::{Change, Db, Entity, Hooks, PARAM_LIMIT};
use sqlweave::{Interceptor, StatementEvent};

/// Records every statement: (name, sql, params, rows).
#[derive(Default)]
struct Recorder(Mutex<Vec<(String, String, usize, u64)>>);

impl Interceptor for Recorder {
    fn on_statement(&self, e: &StatementEvent<'_>) {
        self.0.lock().unwrap().push((e.name.to_string(), e.sql.to_string(), e.params, e.rows));
    }
}

impl Recorder {
    fn names(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|s| s.0.clone()).collect()
    }
    fn count(&self, name: &str) -> usize {
        self.0.lock().unwrap().iter().filter(|s| s.0 == name).count()
    }
    fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

fn new_user(name: &str) -> NewUser {
    NewUser { name: name.into(), email: format!("{}@example.com", name.to_lowercase()), manager_id: None, karma: None, created_at: None }
}

fn new_post(author: i64, title: &str) -> NewPost {
    NewPost { author_id: author, title: title.into(), body: None, deleted_at: None }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn insert_returns_the_stored_row_and_never_binds_generated_or_auto_columns() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let ada = User::insert(&db, new_user("Ada")).unwrap();
    assert_eq!(ada.id, 1);
    assert_eq!(ada.karma, 0, "the DEFAULT was applied");
    assert!(ada.created_at.and_utc().timestamp() > 1_600_000_000, "CURRENT_TIMESTAMP filled: {}", ada.created_at);
    let bob = User::insert(&db, NewUser { karma: Some(7), ..new_user("Bob") }).unwrap();
    assert_eq!((bob.id, bob.karma), (2, 7));
    let p = Post::insert(&db, new_post(ada.id, "Hello")).unwrap();
    assert_eq!(p.title_length, Some(5), "generated column computed");
    assert_eq!(<Post as Entity>::INSERT_COLUMNS, ["\"author_id\"", "\"title\"", "\"body\"", "\"deleted_at\""]);
    assert_eq!(<User as Entity>::INSERT_COLUMNS, ["\"name\"", "\"email\"", "\"manager_id\"", "\"karma\"", "\"created_at\""]);
    let insert = <Post as Entity>::INSERT_SQL;
    assert!(!insert[..insert.find("RETURNING").unwrap()].contains("title_length"), "{insert}");
    assert_eq!(User::get(&db, 2).unwrap(), Some(bob));
    assert_eq!(User::get(&db, 99).unwrap(), None);
}

#[test]
fn update_patch_delete_upsert_count_exists() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let boss = User::insert(&db, new_user("Boss")).unwrap();
    let mut ada = User::insert(&db, NewUser { manager_id: Some(boss.id), ..new_user("Ada") }).unwrap();
    ada.name = "Ada L.".into();
    ada.karma = 3;
    let stored = ada.clone().update(&db).unwrap();
    assert_eq!(stored, ada);
    assert_eq!(User::get(&db, ada.id).unwrap().unwrap().name, "Ada L.");

    // Partial update: untouched fields stay; Some(None) writes NULL.
    let patched = User::patch(&db, ada.id, UserPatch::default().karma(10)).unwrap();
    assert_eq!((patched.karma, patched.manager_id, patched.name.as_str()), (10, Some(boss.id), "Ada L."));
    let patched = User::patch(&db, ada.id, UserPatch { manager_id: Some(None), ..Default::default() }).unwrap();
    assert_eq!(patched.manager_id, None);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM users WHERE id = 2 AND manager_id IS NULL"), 1, "NULL really written");
    assert_eq!(patched.karma, 10);
    let same = User::patch(&db, ada.id, UserPatch::default()).unwrap();
    assert_eq!(same, patched, "an empty patch reads the row");
    assert!(matches!(User::patch(&db, 99, UserPatch::default().karma(1)), Err(sqlweave::Error::NotFound { table: "users" })));

    // Upsert on the unique email: the second call updates the row in place.
    let u1 = User::upsert_on_email(&db, NewUser { karma: Some(1), ..new_user("Cleo") }).unwrap();
    let u2 = User::upsert_on_email(&db, NewUser { name: "Cleo Two".into(), karma: Some(2), ..new_user("Cleo") }).unwrap();
    assert_eq!(u1.id, u2.id);
    assert_eq!((u2.name.as_str(), u2.karma), ("Cleo Two", 2));
    assert_eq!(db.count(&User::query()).unwrap(), 3);

    // count / exists with filters.
    assert_eq!(db.count(&User::query().filter(user::KARMA.gt(1))).unwrap(), 2);
    assert!(db.exists(&User::query().filter(user::NAME.eq("Boss"))).unwrap());
    assert!(!db.exists(&User::query().filter(user::NAME.eq("Nobody"))).unwrap());

    assert!(User::delete(&db, u2.id).unwrap());
    assert!(!User::delete(&db, u2.id).unwrap());
    assert_eq!(db.count(&User::query()).unwrap(), 2);
}

#[test]
fn bulk_insert_groups_rows_by_provided_columns_and_keeps_input_order() {
    let conn = blog::open_in_memory().unwrap();
    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&conn);
    db.add_interceptor(rec.clone());
    let rows = vec![new_user("a"), NewUser { karma: Some(5), ..new_user("b") }, new_user("c"), NewUser { karma: Some(7), ..new_user("d") }];
    let got = User::insert_many(&db, rows).unwrap();
    assert_eq!(got.iter().map(|u| (u.name.as_str(), u.karma)).collect::<Vec<_>>(), [("a", 0), ("b", 5), ("c", 0), ("d", 7)]);
    // Two statements: rows a, c (karma omitted) and rows b, d.
    assert_eq!(rec.count("users.insert"), 2);
    let stored: Vec<(String, i64)> = db.all(&User::query().order_by(user::ID.asc())).unwrap().into_iter().map(|u| (u.name, u.karma)).collect();
    assert_eq!(stored.iter().map(|s| s.1).collect::<Vec<_>>(), [0, 0, 5, 7], "a and c went in first");
    assert!(got.iter().all(|u| stored.iter().any(|s| s.0 == u.name && s.1 == u.karma)));
    assert_eq!(User::insert_many(&db, vec![]).unwrap(), vec![]);
}

#[test]
fn composite_primary_keys_get_update_and_delete() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let u = User::insert(&db, new_user("Ada")).unwrap();
    let p = Post::insert(&db, new_post(u.id, "P")).unwrap();
    let t1 = Tag::insert(&db, NewTag { name: "a".into() }).unwrap();
    let t2 = Tag::insert(&db, NewTag { name: "b".into() }).unwrap();
    let pt = PostTag::insert(&db, NewPostTag { post_id: p.id, tag_id: t1.id, weight: None }).unwrap();
    assert_eq!(pt, PostTag { post_id: p.id, tag_id: t1.id, weight: 1 });
    PostTag::insert(&db, NewPostTag { post_id: p.id, tag_id: t2.id, weight: Some(5) }).unwrap();
    assert_eq!(PostTag::get(&db, p.id, t2.id).unwrap().unwrap().weight, 5);
    let up = PostTag::patch(&db, p.id, t1.id, PostTagPatch::default().weight(9)).unwrap();
    assert_eq!(up.weight, 9);
    // Upsert on the composite key.
    let again = PostTag::upsert_on_post_id_tag_id(&db, NewPostTag { post_id: p.id, tag_id: t1.id, weight: Some(4) }).unwrap();
    assert_eq!(again.weight, 4);
    assert!(PostTag::delete(&db, p.id, t1.id).unwrap());
    assert_eq!(PostTag::get(&db, p.id, t1.id).unwrap(), None);
    assert_eq!(db.all(&PostTag::query()).unwrap(), vec![PostTag { post_id: p.id, tag_id: t2.id, weight: 5 }]);
}

#[test]
fn typed_filters_order_limit_offset_and_keyset_pages() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let names = ["Ada", "Bob", "Cleo", "Dan", "Eve", "Finn"];
    let users = User::insert_many(&db, names.iter().enumerate().map(|(i, n)| NewUser { karma: Some(i as i64), ..new_user(n) }).collect()).unwrap();
    User::patch(&db, users[1].id, UserPatch::default().manager_id(Some(users[0].id))).unwrap();
    let q = |s: sqlweave::Select<User>| db.all(&s).unwrap().into_iter().map(|u| u.name).collect::<Vec<_>>();
    assert_eq!(q(User::query().filter(user::NAME.eq("Cleo"))), ["Cleo"]);
    assert_eq!(q(User::query().filter(user::KARMA.ne(0)).order_by(user::ID.asc()).limit(2)), ["Bob", "Cleo"]);
    assert_eq!(q(User::query().filter(user::KARMA.lt(2)).order_by(user::ID.asc())), ["Ada", "Bob"]);
    assert_eq!(q(User::query().filter(user::KARMA.ge(4)).order_by(user::KARMA.desc())), ["Finn", "Eve"]);
    assert_eq!(q(User::query().filter(user::NAME.is_in(["Eve", "Ada", "Zed"])).order_by(user::NAME.asc())), ["Ada", "Eve"]);
    assert!(q(User::query().filter(user::NAME.is_in(Vec::<String>::new()))).is_empty(), "an empty IN matches nothing");
    assert_eq!(q(User::query().filter(user::MANAGER_ID.is_not_null())), ["Bob"]);
    assert_eq!(db.count(&User::query().filter(user::MANAGER_ID.is_null())).unwrap(), 5);
    assert_eq!(q(User::query().filter(user::NAME.like("%e%")).order_by(user::ID.asc())), ["Cleo", "Eve"]);
    assert_eq!(
        q(User::query().filter(user::KARMA.eq(0).or(user::KARMA.eq(5)).and(user::NAME.ne("Finn").not().not())).order_by(user::ID.asc())),
        ["Ada"]
    );
    assert_eq!(q(User::query().filter(user::KARMA.le(3).not()).order_by(user::ID.asc())), ["Eve", "Finn"]);
    assert_eq!(q(User::query().order_by(user::ID.desc()).limit(2).offset(1)), ["Eve", "Dan"]);
    assert_eq!(db.first(User::query().order_by(user::NAME.desc())).unwrap().unwrap().name, "Finn");
    // Keyset pagination over the key, 4 per page.
    let mut pages = Vec::new();
    let mut last = None;
    loop {
        let page = db.all(&User::query().after(user::ID, last).limit(4)).unwrap();
        let Some(l) = page.last() else { break };
        last = Some(l.id);
        pages.push(page.iter().map(|u| u.name.clone()).collect::<Vec<_>>());
    }
    assert_eq!(pages, vec![vec!["Ada", "Bob", "Cleo", "Dan"], vec!["Eve", "Finn"]]);
    let back = db.all(&User::query().before(user::ID, Some(users[3].id)).limit(2)).unwrap();
    assert_eq!(back.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Cleo", "Bob"]);
    // Filter values are parameters: SQL text in a value is just a value.
    assert!(q(User::query().filter(user::NAME.eq("x' OR 1=1 --"))).is_empty());
}

#[test]
fn filters_go_through_a_bounded_statement_cache() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    db.set_statement_cache_capacity(4);
    User::insert(&db, new_user("Ada")).unwrap();
    let mut cond = user::ID.gt(0);
    for i in 0..30 {
        cond = cond.and(user::KARMA.ne(i));
        assert_eq!(db.all(&User::query().filter(cond_clone(i))).unwrap().len(), 1);
        assert!(db.prepared_statements() <= 4, "after {i} shapes: {}", db.prepared_statements());
    }
    assert_eq!(db.prepared_statements(), 4);
    db.set_statement_cache_capacity(2);
    assert_eq!(db.prepared_statements(), 2);
    fn cond_clone(n: i64) -> sqlweave::Cond<User> {
        (0..=n).fold(user::ID.gt(0), |c, i| c.and(user::KARMA.ne(i + 1000)))
    }
}

#[test]
fn pages_share_one_prepared_statement() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    User::insert_many(&db, (0..10).map(|i| new_user(&format!("u{i}"))).collect()).unwrap();
    let before = db.prepared_statements();
    let mut seen = Vec::new();
    for page in 0..5 {
        let rows = db.all(&User::query().order_by(user::ID.asc()).limit(2).offset(page * 2)).unwrap();
        seen.extend(rows.into_iter().map(|u| u.name));
    }
    assert_eq!(seen.len(), 10);
    assert_eq!(seen[9], "u9");
    assert_eq!(db.prepared_statements(), before + 1, "limit and offset are parameters");
    for last in [0, 3, 6] {
        assert_eq!(db.all(&User::query().after(user::ID, Some(last)).limit(3)).unwrap().len(), 3);
    }
    assert_eq!(db.prepared_statements(), before + 2);
}

/// Builds users 0..n, each with `posts_each` posts, each post with one comment.
fn seed_graph(db: &Db<'_>, n: usize, posts_each: usize) -> Vec<User> {
    let users = User::insert_many(db, (0..n).map(|i| new_user(&format!("u{i}"))).collect()).unwrap();
    let posts = Post::insert_many(db, users.iter().flat_map(|u| (0..posts_each).map(move |k| new_post(u.id, &format!("{}-p{k}", u.name)))).collect()).unwrap();
    Comment::insert_many(db, posts.iter().map(|p| NewComment { post_id: p.id, author_id: None, body: format!("on {}", p.title) }).collect()).unwrap();
    users
}

#[test]
fn eager_loading_is_one_query_per_level_and_chunk() {
    let conn = blog::open_in_memory().unwrap();
    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&conn);
    let users = seed_graph(&db, 10, 2);
    db.add_interceptor(rec.clone()).set_chunk_size(3);
    let with = UserWith::new().posts(Post::query().order_by(post::ID.asc()), PostWith::new().comments(Comment::query(), CommentWith::new()));
    let nodes = User::load(&db, users.clone(), &with).unwrap();
    // 10 users in chunks of 3 -> 4 post queries; 20 posts -> 7 comment queries.
    assert_eq!(rec.count("users.load.posts"), 4);
    assert_eq!(rec.count("posts.load.comments"), 7);
    assert_eq!(rec.names().len(), 11, "{:?}", rec.names());
    assert_eq!(nodes.len(), 10);
    for (u, n) in users.iter().zip(&nodes) {
        assert_eq!(&n.row, u);
        let titles: Vec<&str> = n.posts.iter().map(|p| p.row.title.as_str()).collect();
        assert_eq!(titles, [format!("{}-p0", u.name), format!("{}-p1", u.name)]);
        for p in &n.posts {
            assert_eq!(p.comments.len(), 1);
            assert_eq!(p.comments[0].row.body, format!("on {}", p.row.title));
            assert!(p.writer.is_none(), "an edge not asked for stays empty");
        }
    }
    // Filtered edges: only posts ending in p1, and their comments.
    rec.clear();
    let with = UserWith::new().posts(Post::query().filter(post::TITLE.like("%p1")), PostWith::new().comments(Comment::query(), CommentWith::new()));
    let nodes = User::load(&db, users[..2].to_vec(), &with).unwrap();
    assert_eq!(nodes.iter().map(|n| n.posts.len()).collect::<Vec<_>>(), [1, 1]);
    assert_eq!(nodes[1].posts[0].row.title, "u1-p1");
    assert_eq!(rec.names(), ["users.load.posts", "posts.load.comments"]);
    let (_, sql, params, rows) = rec.0.lock().unwrap()[0].clone();
    assert_eq!(sql, "SELECT \"posts\".\"id\", \"posts\".\"author_id\", \"posts\".\"title\", \"posts\".\"body\", \"posts\".\"title_length\", \"posts\".\"deleted_at\" FROM \"posts\" WHERE \"posts\".\"author_id\" IN (?1, ?2) AND \"posts\".\"deleted_at\" IS NULL AND \"posts\".\"title\" LIKE ?3");
    assert_eq!((params, rows), (3, 2));
}

#[test]
fn every_kind_of_edge_loads() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let boss = User::insert(&db, new_user("Boss")).unwrap();
    let a = User::insert(&db, NewUser { manager_id: Some(boss.id), ..new_user("A") }).unwrap();
    let b = User::insert(&db, NewUser { manager_id: Some(boss.id), ..new_user("B") }).unwrap();
    Profile::insert(&db, NewProfile { user_id: a.id, bio: Some("hi".into()) }).unwrap();
    let p1 = Post::insert(&db, new_post(a.id, "one")).unwrap();
    let p2 = Post::insert(&db, new_post(a.id, "two")).unwrap();
    let t = Tag::insert_many(&db, vec![NewTag { name: "x".into() }, NewTag { name: "y".into() }]).unwrap();
    PostTag::insert_many(&db, vec![
        NewPostTag { post_id: p1.id, tag_id: t[0].id, weight: None },
        NewPostTag { post_id: p1.id, tag_id: t[1].id, weight: None },
        NewPostTag { post_id: p2.id, tag_id: t[1].id, weight: None },
    ])
    .unwrap();
    Comment::insert(&db, NewComment { post_id: p2.id, author_id: Some(b.id), body: "nice".into() }).unwrap();

    // Self-reference both ways, one-to-one, many-to-one.
    let with = UserWith::new().manager(User::query(), UserWith::new()).reports(User::query().order_by(user::ID.asc()), UserWith::new()).profile(Profile::query(), ProfileWith::new());
    let nodes = User::load(&db, db.all(&User::query().order_by(user::ID.asc())).unwrap(), &with).unwrap();
    assert_eq!(nodes[0].reports.iter().map(|r| r.row.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    assert!(nodes[0].manager.is_none());
    assert_eq!(nodes[1].manager.as_ref().unwrap().row, boss);
    assert_eq!(nodes[2].manager.as_ref().unwrap().row, boss, "a shared parent is given to each child");
    assert_eq!(nodes[1].profile.as_ref().unwrap().row.bio.as_deref(), Some("hi"));
    assert!(nodes[2].profile.is_none());

    // Many-to-many both ways, nested to the comment's author (the `writer`/`authored_comments` overrides).
    let posts = db.all(&Post::query().order_by(post::ID.asc())).unwrap();
    let with = PostWith::new()
        .tags(Tag::query().order_by(tag::NAME.asc()), TagWith::new().posts(Post::query(), PostWith::new()))
        .writer(User::query(), UserWith::new())
        .comments(Comment::query(), CommentWith::new().author(User::query(), UserWith::new().authored_comments(Comment::query(), CommentWith::new())));
    let nodes = Post::load(&db, posts, &with).unwrap();
    let tags = |i: usize| nodes[i].tags.iter().map(|t| t.row.name.as_str()).collect::<Vec<_>>();
    assert_eq!(tags(0), ["x", "y"]);
    assert_eq!(tags(1), ["y"]);
    let y = &nodes[0].tags[1];
    assert_eq!(y.posts.iter().map(|p| p.row.title.as_str()).collect::<Vec<_>>(), ["one", "two"]);
    assert_eq!(nodes[0].writer.as_ref().unwrap().row.name, "A");
    let c = &nodes[1].comments[0];
    let author = c.author.as_ref().unwrap();
    assert_eq!(author.row.name, "B");
    assert_eq!(author.authored_comments.len(), 1);
    // A filtered many-to-many edge.
    let only_x = Post::load(&db, vec![p1.clone(), p2.clone()], &PostWith::new().tags(Tag::query().filter(tag::NAME.eq("x")), TagWith::new())).unwrap();
    assert_eq!((only_x[0].tags.len(), only_x[1].tags.len()), (1, 0));
}

#[test]
fn eager_loading_and_bulk_insert_over_the_real_parameter_limit() {
    let conn = blog::open_in_memory().unwrap();
    // The limit is real: one statement with more parameters fails.
    let too_many = format!("SELECT 1 WHERE 1 IN ({})", vec!["?"; PARAM_LIMIT + 1].join(","));
    let Err(err) = conn.prepare(&too_many) else { panic!("over the limit, yet prepared") };
    assert!(err.to_string().contains("too many SQL variables"), "{err}");

    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&conn);
    db.add_interceptor(rec.clone());
    let n = PARAM_LIMIT + 7_234; // 40000 users
    // 3 bound columns per row (defaults omitted): 10922 rows per statement -> 4 statements.
    let users = db.transaction(|db| User::insert_many(db, (0..n).map(|i| new_user(&format!("u{i}"))).collect())).unwrap();
    assert_eq!(users.len(), n);
    assert_eq!(rec.count("users.insert"), n.div_ceil(PARAM_LIMIT / 3));
    assert_eq!(users[n - 1].name, format!("u{}", n - 1));
    assert_eq!(users[n - 1].id, n as i64);
    // One post for the first and the last user only.
    Post::insert_many(&db, vec![new_post(users[0].id, "first"), new_post(users[n - 1].id, "last")]).unwrap();
    rec.clear();
    let nodes = User::load(&db, users, &UserWith::new().posts(Post::query(), PostWith::new())).unwrap();
    assert_eq!(rec.count("users.load.posts"), 2, "40000 keys in chunks of 32766");
    assert_eq!(nodes[0].posts[0].row.title, "first");
    assert_eq!(nodes[n - 1].posts[0].row.title, "last");
    assert_eq!(nodes.iter().map(|n| n.posts.len()).sum::<usize>(), 2);
}

/// Records the order hooks run in, and rejects a user named "reject".
struct Recording(Arc<Mutex<Vec<String>>>);

impl Hooks<User> for Recording {
    fn before_insert(&self, _db: &Db<'_>, new: &mut NewUser) -> sqlweave::Result<()> {
        self.0.lock().unwrap().push(format!("before_insert {}", new.name));
        if new.name == "reject" {
            return Err(sqlweave::Error::rejected("no"));
        }
        new.karma = Some(new.karma.unwrap_or(0) + 100);
        Ok(())
    }
    fn after_insert(&self, _db: &Db<'_>, row: &User) -> sqlweave::Result<()> {
        self.0.lock().unwrap().push(format!("after_insert {} {}", row.name, row.karma));
        Ok(())
    }
    fn before_update(&self, _db: &Db<'_>, key: &i64, change: Change<'_, User>) -> sqlweave::Result<()> {
        let what = match change {
            Change::Row(r) => {
                r.name = r.name.to_uppercase();
                "row"
            }
            Change::Patch(_) => "patch",
        };
        self.0.lock().unwrap().push(format!("before_update {key} {what}"));
        Ok(())
    }
    fn after_update(&self, _db: &Db<'_>, row: &User) -> sqlweave::Result<()> {
        self.0.lock().unwrap().push(format!("after_update {}", row.name));
        Ok(())
    }
    fn before_delete(&self, _db: &Db<'_>, key: &i64) -> sqlweave::Result<()> {
        self.0.lock().unwrap().push(format!("before_delete {key}"));
        Ok(())
    }
    fn after_delete(&self, _db: &Db<'_>, key: &i64) -> sqlweave::Result<()> {
        self.0.lock().unwrap().push(format!("after_delete {key}"));
        Ok(())
    }
}

#[test]
fn hooks_run_in_order_modify_rows_reject_and_cover_bulk_operations() {
    let conn = blog::open_in_memory().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut db = Db::new(&conn);
    db.set_hooks::<User>(Recording(log.clone()));
    let a = User::insert(&db, new_user("a")).unwrap();
    assert_eq!(a.karma, 100, "before_insert changed the row");
    let bulk = User::insert_many(&db, vec![new_user("b"), new_user("c")]).unwrap();
    assert_eq!(bulk.iter().map(|u| u.karma).collect::<Vec<_>>(), [100, 100]);
    let up = a.clone().update(&db).unwrap();
    assert_eq!(up.name, "A");
    User::patch(&db, a.id, UserPatch::default().karma(1)).unwrap();
    User::delete(&db, bulk[0].id).unwrap();
    db.delete_where(&User::query().filter(user::NAME.eq("c"))).unwrap();
    assert_eq!(
        *log.lock().unwrap(),
        [
            "before_insert a",
            "after_insert a 100",
            "before_insert b",
            "before_insert c",
            "after_insert b 100",
            "after_insert c 100",
            "before_update 1 row",
            "after_update A",
            "before_update 1 patch",
            "after_update A",
            "before_delete 2",
            "after_delete 2",
            "before_delete 3",
            "after_delete 3",
        ]
    );
    // A rejection in a bulk insert writes none of the rows.
    log.lock().unwrap().clear();
    let err = User::insert_many(&db, vec![new_user("d"), new_user("reject")]).unwrap_err();
    assert!(matches!(err, sqlweave::Error::Rejected(_)), "{err}");
    assert_eq!(*log.lock().unwrap(), ["before_insert d", "before_insert reject"]);
    assert_eq!(db.count(&User::query()).unwrap(), 1);
}

#[test]
fn transactions_commit_roll_back_on_error_and_panic_and_nest_as_savepoints() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    db.transaction(|db| User::insert(db, new_user("kept")).map(|_| ())).unwrap();
    let r: sqlweave::Result<()> = db.transaction(|db| {
        User::insert(db, new_user("gone"))?;
        Err(sqlweave::Error::rejected("changed my mind"))
    });
    assert!(r.is_err());
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = db.transaction(|db| -> sqlweave::Result<()> {
            User::insert(db, new_user("panic")).unwrap();
            panic!("boom");
        });
    }));
    assert!(panicked.is_err());
    assert_eq!(db.depth(), 0);
    // Nested: the inner failure is rolled back to its savepoint, the outer work commits.
    db.transaction(|db| {
        User::insert(db, new_user("outer"))?;
        let inner: sqlweave::Result<()> = db.transaction(|db| {
            assert_eq!(db.depth(), 2);
            User::insert(db, new_user("inner"))?;
            Err(sqlweave::Error::rejected("inner fails"))
        });
        assert!(inner.is_err());
        db.transaction(|db| User::insert(db, new_user("inner2")).map(|_| ()))?;
        Ok::<_, sqlweave::Error>(())
    })
    .unwrap();
    let names: Vec<String> = db.all(&User::query().order_by(user::ID.asc())).unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["kept", "outer", "inner2"]);
    assert!(conn.is_autocommit());
}

#[test]
fn entity_operations_join_a_rusqlite_transaction() {
    let mut conn = blog::open_in_memory().unwrap();
    {
        let tx = conn.transaction().unwrap();
        let mut db = Db::new(&tx);
        db.set_hooks::<Post>(PostAudit);
        let u = User::insert(&db, new_user("Ada")).unwrap();
        // Hooks make the insert run in a transaction of its own: here, a savepoint of `tx`.
        Post::insert(&db, new_post(u.id, "in tx")).unwrap();
        let r: sqlweave::Result<()> = db.transaction(|db| {
            Post::insert(db, new_post(u.id, "undone"))?;
            Err(sqlweave::Error::rejected("undo"))
        });
        assert!(r.is_err());
        assert_eq!(count(&tx, "SELECT COUNT(*) FROM posts"), 1);
        // Dropping `tx` without commit rolls everything back.
    }
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM users"), 0);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM audit_log"), 0);
}

fn audit_rows(conn: &Connection) -> Vec<(String, String, String)> {
    conn.prepare("SELECT table_name, action, row_key FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn audit_example_writes_one_row_per_mutation_in_the_same_transaction() {
    let conn = blog::open_in_memory().unwrap();
    let mut db = Db::new(&conn);
    db.set_hooks::<Post>(PostAudit);
    let u = User::insert(&db, new_user("Ada")).unwrap();
    let p = Post::insert(&db, new_post(u.id, "  Title ")).unwrap();
    assert_eq!(p.title, "Title", "before_insert trimmed it");
    Post::patch(&db, p.id, PostPatch::default().body(Some("b".into()))).unwrap();
    Post::delete(&db, p.id).unwrap();
    let a = |act: &str, k: i64| ("posts".to_string(), act.to_string(), k.to_string());
    assert_eq!(audit_rows(&conn), [a("insert", p.id), a("update", p.id), a("delete", p.id)]);
    // Rejected: neither the post nor an audit row.
    assert!(Post::insert(&db, new_post(u.id, " ")).is_err());
    assert!(Post::patch(&db, p.id, PostPatch::default().title(String::new())).is_err());
    assert_eq!(audit_rows(&conn).len(), 3);
    // The caller's transaction rolls back the post and its audit row together.
    let r: sqlweave::Result<()> = db.transaction(|db| {
        Post::insert(db, new_post(u.id, "rolled back"))?;
        assert_eq!(audit_rows(db.conn()).len(), 4);
        Err(sqlweave::Error::rejected("abort"))
    });
    assert!(r.is_err());
    assert_eq!(audit_rows(&conn).len(), 3);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM posts"), 1);
    // Bulk inserts are audited per row.
    Post::insert_many(&db, vec![new_post(u.id, "x"), new_post(u.id, "y")]).unwrap();
    assert_eq!(audit_rows(&conn).len(), 5);
}

#[test]
fn soft_delete_hides_rows_unless_asked() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let u = User::insert(&db, new_user("Ada")).unwrap();
    let ps = Post::insert_many(&db, vec![new_post(u.id, "a"), new_post(u.id, "b"), new_post(u.id, "c")]).unwrap();
    assert!(Post::delete(&db, ps[0].id).unwrap());
    assert!(!Post::delete(&db, ps[0].id).unwrap(), "already deleted");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL"), 1, "the row stays, stamped");
    assert_eq!(Post::get(&db, ps[0].id).unwrap(), None);
    assert_eq!(db.count(&Post::query()).unwrap(), 2);
    assert_eq!(db.count(&Post::query().with_deleted()).unwrap(), 3);
    let deleted = db.all(&Post::query().only_deleted()).unwrap();
    assert_eq!(deleted.len(), 1);
    assert!(deleted[0].deleted_at.is_some());
    // delete_where soft-deletes too; eager loading skips deleted rows.
    assert_eq!(db.delete_where(&Post::query().filter(post::TITLE.eq("b"))).unwrap(), 1);
    let nodes = User::load(&db, vec![u.clone()], &UserWith::new().posts(Post::query(), PostWith::new())).unwrap();
    assert_eq!(nodes[0].posts.iter().map(|p| p.row.title.as_str()).collect::<Vec<_>>(), ["c"]);
    let nodes = User::load(&db, vec![u], &UserWith::new().posts(Post::query().with_deleted(), PostWith::new())).unwrap();
    assert_eq!(nodes[0].posts.len(), 3);
    // Restore by writing NULL, then hard delete.
    Post::patch(&db, ps[0].id, PostPatch::default().deleted_at(None)).unwrap_err();
    let mut restored = db.first(Post::query().only_deleted().filter(post::ID.eq(ps[0].id))).unwrap().unwrap();
    restored.deleted_at = None;
    restored.update(&db).unwrap();
    assert!(Post::get(&db, ps[0].id).unwrap().is_some());
    assert!(Post::hard_delete(&db, ps[1].id).unwrap());
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM posts"), 2);
}

#[test]
fn interceptors_see_every_statement() {
    let conn = blog::open_in_memory().unwrap();
    let rec = Arc::new(Recorder::default());
    let mut db = Db::new(&conn);
    db.add_interceptor(rec.clone());
    let u = User::insert(&db, new_user("Ada")).unwrap();
    User::get(&db, u.id).unwrap();
    db.count(&User::query().filter(user::NAME.eq("Ada"))).unwrap();
    User::delete(&db, u.id).unwrap();
    let got = rec.0.lock().unwrap().clone();
    let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(names, ["users.insert", "users.get", "users.count", "users.delete"]);
    // Defaults omitted: the insert names only the provided columns.
    assert!(got[0].1.starts_with("INSERT INTO \"users\" (\"name\", \"email\", \"manager_id\") VALUES (?1, ?2, ?3) RETURNING"), "{}", got[0].1);
    assert_eq!(got[1].1, <User as Entity>::GET_SQL);
    assert_eq!((got[0].2, got[0].3), (3, 1), "3 parameters (defaults omitted), 1 row");
    assert_eq!((got[2].2, got[2].3), (1, 1));
    assert_eq!((got[3].2, got[3].3), (1, 1), "one row deleted");
}

/// Loaded data owns everything: no lifetime, nothing borrowed from the connection or statement.
#[test]
fn results_are_owned() {
    fn owned<T: 'static + Send + Sync + Clone>() {}
    owned::<UserNode>();
    owned::<PostNode>();
    owned::<Vec<User>>();
    let nodes = {
        let conn = blog::open_in_memory().unwrap();
        let db = Db::new(&conn);
        let u = User::insert(&db, new_user("Ada")).unwrap();
        Post::insert(&db, new_post(u.id, "kept")).unwrap();
        User::load(&db, vec![u], &UserWith::new().posts(Post::query(), PostWith::new())).unwrap()
    };
    // The connection is gone; the rows remain.
    assert_eq!(nodes[0].posts[0].row.title, "kept");
}

#[test]
fn plain_queries_share_the_model_structs() {
    let conn = blog::open_in_memory().unwrap();
    let db = Db::new(&conn);
    let u = User::insert(&db, new_user("Ada")).unwrap();
    let p = Post::insert(&db, new_post(u.id, "t")).unwrap();
    assert_eq!(post_titles_by_author(db.conn(), u.id).unwrap(), vec![p]);
}

/// `sqlweave check` exits 0: `src/db.rs` is exactly what `sqlweave generate` writes. If this
/// fails, run `cargo run -p sqlweave-cli -- generate -f examples/blog/sqlweave.toml`.
#[test]
fn generated_code_is_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = dir.join("sqlweave.toml");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: dir.to_path_buf() };
    let code = sqlweave_cli::run(["sqlweave", "check", "-f", config.to_str().unwrap()], &mut console);
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 0, "`sqlweave check` failed; regenerate with `cargo run -p sqlweave-cli -- generate -f examples/blog/sqlweave.toml`\nstdout:\n{out}\nstderr:\n{err}");
}

/// The example program runs and prints its scenario.
#[test]
fn the_example_program_runs() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blog")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "inserted 3 users; Ada manages Brian and Cleo",
        "a post without a title: rejected by a hook: a post needs a title",
        "Ada: reports [\"Brian\", \"Cleo\"]",
        "after a soft delete: 2 posts visible, 3 with deleted ones",
        "audit log: [(\"insert\", \"1\"), (\"insert\", \"2\"), (\"insert\", \"3\"), (\"update\", \"2\"), (\"delete\", \"2\")]",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}
