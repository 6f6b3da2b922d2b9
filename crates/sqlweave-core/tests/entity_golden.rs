//! The entity layer's generator: golden snapshots of the generated code (SQLite and
//! PostgreSQL) for a schema with every kind of edge, and the located errors for entity options
//! naming what the schema does not have. The examples compile and run the output
//! (`examples/blog`, `examples/pg-store`).

use sqlweave_core::codegen::{generate, EntityOptions, EntityTableOptions, Located, Options};
use sqlweave_core::diag::Pos;
use sqlweave_core::ir::{Engine, Ir};

const SCHEMA: &str = "
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, manager_id INTEGER REFERENCES users (id), bio TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL, views INTEGER NOT NULL DEFAULT 0, deleted_at TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE post_tags (post_id INTEGER NOT NULL REFERENCES posts (id), tag_id INTEGER NOT NULL REFERENCES tags (id), PRIMARY KEY (post_id, tag_id));
CREATE TABLE log (msg TEXT);
";

fn ir(engine: Engine, schema: &str) -> Ir {
    let a = sqlweave_core::analyze_sql(engine, schema, "");
    assert!(!a.has_errors(), "{}", a.render(false));
    a.ir.unwrap()
}

fn at(value: &str, line: u32, col: u32) -> Located {
    Located { value: value.into(), pos: Some(Pos { line, col }) }
}

fn table(name: Located) -> EntityTableOptions {
    EntityTableOptions { table: name, name: None, soft_delete: None, skip: false, edges: Vec::new() }
}

fn opts(tables: Vec<EntityTableOptions>) -> Options {
    Options { version: "0.0.0-test", entities: Some(EntityOptions { tables }), ..Options::default() }
}

fn blog_opts() -> Options {
    let mut posts = table(Located::new("posts"));
    posts.soft_delete = Some(Located::new("deleted_at"));
    posts.edges.push((Located::new("author_id"), Located::new("writer")));
    let mut tags = table(Located::new("tags"));
    tags.edges.push((Located::new("through.post_tags.tag_id"), Located::new("articles")));
    opts(vec![posts, tags])
}

/// The entity part of the module (everything after the plain query code).
fn entity_part(out: &str) -> &str {
    let i = out.find("/// Columns of `users`").expect("entity code present");
    &out[i..]
}

#[test]
fn sqlite_entities() {
    let ir = ir(Engine::Sqlite, SCHEMA);
    let out = generate(&ir, &blog_opts()).unwrap();
    syn::parse_file(&out).unwrap();
    assert_eq!(generate(&ir, &blog_opts()).unwrap(), out, "deterministic");
    assert!(out.contains("// Entity layer: the using crate also depends on `sqlweave` with its feature \"sqlite\"."));
    assert!(!out.contains("pub mod log"), "a table without a primary key gets no entity layer");
    assert!(out.contains("pub articles: Vec<PostNode>"), "the many-to-many override");
    assert!(out.contains("pub writer: Option<Box<UserNode>>"));
    insta::assert_snapshot!(entity_part(&out));
}

#[test]
fn no_entities_without_the_option() {
    let ir = ir(Engine::Sqlite, SCHEMA);
    let out = generate(&ir, &Options { version: "0.0.0-test", ..Options::default() }).unwrap();
    assert!(!out.contains("sqlweave::"), "{out}");
}

fn err(o: Options) -> String {
    generate(&ir(Engine::Sqlite, SCHEMA), &o).expect_err("should fail")
}

#[test]
fn unknown_names_are_located_errors() {
    let e = err(opts(vec![table(at("postz", 9, 22))]));
    assert_eq!(e, "config 9:22: [sql.entities.tables] names table `postz`, which the schema does not define (tables: users, posts, tags, post_tags, log)");

    let e = err(opts(vec![table(at("log", 3, 1))]));
    assert!(e.starts_with("config 3:1: table `log` has no primary key"), "{e}");
    let mut skip = table(at("log", 3, 1));
    skip.skip = true;
    generate(&ir(Engine::Sqlite, SCHEMA), &opts(vec![skip])).unwrap();

    let mut t = table(Located::new("posts"));
    t.soft_delete = Some(at("removed_at", 4, 15));
    assert_eq!(
        err(opts(vec![t])),
        "config 4:15: soft_delete names column `removed_at`, which table `posts` does not have (columns: id, author_id, title, views, deleted_at)"
    );
    let mut t = table(Located::new("posts"));
    t.soft_delete = Some(at("title", 4, 15));
    assert!(err(opts(vec![t])).starts_with("config 4:15: soft_delete column `posts.title` is NOT NULL"));

    let mut t = table(Located::new("users"));
    t.edges.push((at("posts.writer_id", 7, 2), Located::new("x")));
    assert_eq!(
        err(opts(vec![t])),
        "config 7:2: table `users` has no edge `posts.writer_id` (its edge keys: manager_id, users.manager_id, posts.author_id)"
    );
    let mut t = table(Located::new("users"));
    t.edges.push((Located::new("posts.author_id"), at("Writings", 7, 20)));
    assert_eq!(err(opts(vec![t])), "config 7:20: edge name `Writings` must be a snake_case Rust identifier");
    let mut t = table(Located::new("users"));
    t.name = Some(at("not a name", 2, 8));
    assert_eq!(err(opts(vec![t])), "config 2:8: entity name `not a name` must be a PascalCase Rust identifier");
}

const PG_SCHEMA: &str = "
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, mood mood, manager_id BIGINT REFERENCES users (id));
CREATE TABLE posts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id BIGINT NOT NULL REFERENCES users (id), title TEXT NOT NULL, tags TEXT[] NOT NULL DEFAULT '{}', deleted_at TIMESTAMPTZ);
";

#[test]
fn postgres_entities() {
    let ir = ir(Engine::Postgresql, PG_SCHEMA);
    let mut posts = table(Located::new("posts"));
    posts.soft_delete = Some(Located::new("deleted_at"));
    let o = opts(vec![posts]);
    let out = generate(&ir, &o).unwrap();
    syn::parse_file(&out).unwrap();
    assert_eq!(generate(&ir, &o).unwrap(), out, "deterministic");
    assert!(out.contains("// Entity layer: the using crate also depends on `sqlweave` with its feature \"postgres\"."));
    insta::assert_snapshot!(entity_part(&out));
}

/// From the config text to the error: the position is the one in `sqlweave.toml`.
#[test]
fn config_positions_reach_the_error() {
    let text = "[[sql]]\nengine = \"sqlite\"\nschema = []\nqueries = []\nout = \"db.rs\"\n\n[sql.entities.tables.posts]\nsoft_delete = \"gone_at\"\n";
    let c = sqlweave_core::config::Config::parse(text, std::path::Path::new("/p")).unwrap();
    let o = Options { version: "0.0.0-test", ..Options::from_block(&c.sql[0]) };
    let e = generate(&ir(Engine::Sqlite, SCHEMA), &o).unwrap_err();
    assert!(e.starts_with("config 8:15: soft_delete names column `gone_at`, which table `posts` does not have"), "{e}");
}

#[test]
fn colliding_entity_type_names_are_errors() {
    let schema = "CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE TABLE user_patch (id INTEGER PRIMARY KEY);";
    let e = generate(&ir(Engine::Sqlite, schema), &opts(vec![])).unwrap_err();
    assert!(e.starts_with("the entity layer of table `users` needs the type name `UserPatch`"), "{e}");
    let mut renamed = table(Located::new("user_patch"));
    renamed.name = Some(Located::new("PatchNote"));
    generate(&ir(Engine::Sqlite, schema), &opts(vec![renamed])).unwrap();
}

#[test]
fn self_many_to_many_and_composite_foreign_keys() {
    let schema = "
CREATE TABLE users (id INTEGER PRIMARY KEY);
CREATE TABLE follows (follower_id INTEGER NOT NULL REFERENCES users (id), followee_id INTEGER NOT NULL REFERENCES users (id), PRIMARY KEY (follower_id, followee_id));
CREATE TABLE a (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY (x, y));
CREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER, FOREIGN KEY (x, y) REFERENCES a (x, y));
";
    let out = generate(&ir(Engine::Sqlite, schema), &opts(vec![])).unwrap();
    for field in [
        "pub follows_followee: Vec<UserNode>",
        "pub follows_follower: Vec<UserNode>",
        "pub follows_by_follower: Vec<FollowNode>",
        "pub follows_by_followee: Vec<FollowNode>",
        "pub follower: Option<Box<UserNode>>",
    ] {
        assert!(out.contains(field), "{field}");
    }
    // The composite foreign key gives no edge.
    let b = &out[out.find("pub struct BNode").unwrap()..];
    assert!(b[..b.find('}').unwrap()].trim_end().ends_with("pub row: B,"), "{}", &b[..200]);
    syn::parse_file(&out).unwrap();
}
