//! The blog scenario: entities inserted, queried with typed filters, loaded with nested edges,
//! patched, soft-deleted and audited.

use blog::audit::PostAudit;
use blog::db::{self, post, user, NewPost, NewTag, NewUser, Post, PostTag, PostWith, Tag, User, UserWith, NewPostTag, Comment, NewComment};
use sqlweave::sqlite::Db;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = blog::open_in_memory()?;
    let mut db = Db::new(&conn);
    db.set_hooks::<Post>(PostAudit);

    let new_user = |name: &str, manager: Option<i64>| NewUser { name: name.into(), email: format!("{}@example.com", name.to_lowercase()), manager_id: manager, karma: None, created_at: None };
    let ada = User::insert(&db, new_user("Ada", None))?;
    let team = User::insert_many(&db, vec![new_user("Brian", Some(ada.id)), new_user("Cleo", Some(ada.id))])?;
    println!("inserted {} users; {} manages {}", 1 + team.len(), ada.name, team.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(" and "));

    let post = |author: &User, title: &str| NewPost { author_id: author.id, title: title.into(), body: None, deleted_at: None };
    let posts = db.transaction(|db| Post::insert_many(db, vec![post(&ada, "Engines"), post(&ada, "Notes"), post(&team[0], "Compilers")]))?;
    let rust = Tag::insert(&db, NewTag { name: "rust".into() })?;
    PostTag::insert(&db, NewPostTag { post_id: posts[0].id, tag_id: rust.id, weight: None })?;
    Comment::insert(&db, NewComment { post_id: posts[0].id, author_id: Some(team[1].id), body: "Lovely".into() })?;
    println!("title_length of {:?} (a generated column): {:?}", posts[0].title, posts[0].title_length);

    let rejected = Post::insert(&db, post(&ada, "  "));
    println!("a post without a title: {}", rejected.unwrap_err());

    let long = db.all(&Post::query().filter(post::TITLE.like("%e%").and(post::AUTHOR_ID.eq(ada.id))).order_by(post::TITLE.desc()))?;
    println!("ada's posts with an e: {:?}", long.iter().map(|p| &p.title).collect::<Vec<_>>());

    let with = UserWith::new()
        .posts(Post::query().order_by(post::ID.asc()), PostWith::new().comments(Comment::query(), Default::default()).tags(Tag::query(), Default::default()))
        .reports(User::query().order_by(user::NAME.asc()), UserWith::new());
    let users = User::load(&db, db.all(&User::query().filter(user::MANAGER_ID.is_null()))?, &with)?;
    for u in &users {
        println!("{}: reports {:?}", u.row.name, u.reports.iter().map(|r| &r.row.name).collect::<Vec<_>>());
        for p in &u.posts {
            println!("  {:<10} comments {} tags {:?}", p.row.title, p.comments.len(), p.tags.iter().map(|t| &t.row.name).collect::<Vec<_>>());
        }
    }

    Post::patch(&db, posts[1].id, db::PostPatch::default().body(Some("draft".into())))?;
    Post::delete(&db, posts[1].id)?;
    println!(
        "after a soft delete: {} posts visible, {} with deleted ones",
        db.count(&Post::query())?,
        db.count(&Post::query().with_deleted())?
    );
    let audit: Vec<(String, String)> = conn.prepare("SELECT action, row_key FROM audit_log ORDER BY id")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    println!("audit log: {audit:?}");
    Ok(())
}
