//! Schema input as users really have it: dumps with data and triggers, quoted identifiers of every
//! SQLite style, migrations folders applied in file-name order.

use sqlweave_core::config::SqlBlock;
use sqlweave_core::ir::Engine;
use sqlweave_core::{analyze_block, analyze_sql};

const DUMP: &str = r#"
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
DROP TABLE IF EXISTS [Shelf];
DROP VIEW IF EXISTS "shelf_view";
CREATE TABLE [Shelf] ([ShelfId] INTEGER NOT NULL, `Label` NVARCHAR(40), "Room Name" TEXT NOT NULL,
  CONSTRAINT [PK_Shelf] PRIMARY KEY ([ShelfId]));
INSERT INTO [Shelf] VALUES (1, 'a;b', 'hall'), (2, NULL, 'den');
CREATE INDEX [IFK_Label] ON [Shelf] ([Label]);
CREATE TRIGGER trg AFTER INSERT ON Shelf BEGIN
  UPDATE Shelf SET Label = 'x' WHERE ShelfId = NEW.ShelfId;
  INSERT INTO Shelf VALUES (3, 'c', 'y');
END;
CREATE VIEW "shelf_view" AS SELECT ShelfId, Label FROM Shelf;
COMMIT;
"#;

#[test]
fn dumps_with_data_triggers_and_quoted_identifiers() {
    let a = analyze_sql(
        Engine::Sqlite,
        DUMP,
        "-- name: Q :many\nSELECT [ShelfId], `Label`, \"Room Name\" FROM Shelf WHERE label IS NOT NULL;\n-- name: V :many\nSELECT * FROM shelf_view;\n",
    );
    assert!(!a.has_errors(), "{}", a.render(false));
    let ir = a.ir.unwrap();
    assert_eq!(ir.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Shelf", "shelf_view"]);
    let cols: Vec<(String, bool)> = ir.queries[0].columns.iter().map(|c| (c.name.clone(), c.nullable)).collect();
    assert_eq!(cols, [("ShelfId".into(), false), ("Label".into(), false), ("Room Name".into(), false)]);
    let v: Vec<(String, bool)> = ir.queries[1].columns.iter().map(|c| (c.name.clone(), c.nullable)).collect();
    assert_eq!(v, [("ShelfId".into(), false), ("Label".into(), true)]);
}

#[test]
fn migrations_folder_applies_in_file_name_order_and_skips_down_files() {
    let dir = tempfile::tempdir().unwrap();
    let mig = dir.path().join("migrations");
    std::fs::create_dir(&mig).unwrap();
    // Written out of order on purpose: the rename in 0002 needs the table of 0001.
    std::fs::write(mig.join("0002_rename.sql"), "ALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT '';\n").unwrap();
    std::fs::write(mig.join("0001_init.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, gone INT);\n").unwrap();
    std::fs::write(mig.join("0003_drop.up.sql"), "ALTER TABLE t DROP COLUMN gone;\n").unwrap();
    std::fs::write(mig.join("0003_drop.down.sql"), "ALTER TABLE t ADD COLUMN gone INT;\n").unwrap();
    std::fs::write(mig.join("notes.txt"), "not sql").unwrap();
    std::fs::write(dir.path().join("q.sql"), "-- name: All :many\nSELECT * FROM t;\n").unwrap();
    let block = SqlBlock::new(Engine::Sqlite, vec!["migrations".into()], vec!["q.sql".into()], "out.rs".into());
    let a = analyze_block(&block, dir.path());
    assert!(!a.has_errors(), "{}", a.render(false));
    let q = &a.ir.unwrap().queries[0];
    let cols: Vec<&str> = q.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "b", "c"]);
}

/// goose, sql-migrate and dbmate keep "up" and "down" in one file: only the "up" part is schema.
#[test]
fn migration_files_with_down_sections_apply_only_their_up_part() {
    let dir = tempfile::tempdir().unwrap();
    let mig = dir.path().join("migrations");
    std::fs::create_dir(&mig).unwrap();
    std::fs::write(
        mig.join("20240101_users.sql"),
        "-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n\n-- +goose Down\nDROP TABLE users;\n",
    )
    .unwrap();
    std::fs::write(
        mig.join("20240102_email.sql"),
        "-- migrate:up\nALTER TABLE users ADD COLUMN email TEXT;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n",
    )
    .unwrap();
    std::fs::write(
        mig.join("20240103_posts.sql"),
        "-- +migrate Up\nCREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);\n-- +migrate Down\nDROP TABLE posts;\nDROP TABLE users;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("q.sql"), "-- name: Q :many\nSELECT u.name, u.email, p.id FROM users u LEFT JOIN posts p ON p.user_id = u.id;\n").unwrap();
    let block = SqlBlock::new(Engine::Sqlite, vec!["migrations".into()], vec!["q.sql".into()], "out.rs".into());
    let a = analyze_block(&block, dir.path());
    assert!(!a.has_errors(), "{}", a.render(false));
    let ir = a.ir.unwrap();
    assert_eq!(ir.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["users", "posts"]);
    let cols: Vec<(&str, bool)> = ir.queries[0].columns.iter().map(|c| (c.name.as_str(), c.nullable)).collect();
    assert_eq!(cols, [("name", false), ("email", true), ("id", true)]);
}

#[test]
fn every_error_of_a_run_is_reported() {
    let a = analyze_sql(
        Engine::Sqlite,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        "-- name: A :many\nSELECT nam FROM t;\n-- name: B :many\nSELECT * FROM tt;\n-- name: C :one\nSELEC 1;\n-- name: D :one\nSELECT id FROM t WHERE id = ?;\n",
    );
    let errors: Vec<String> = a.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("query.sql:2:8: error: unknown column `nam`"), "{}", errors[0]);
    assert!(errors[1].starts_with("query.sql:4:15: error: unknown table `tt`"), "{}", errors[1]);
    assert!(errors[2].starts_with("query.sql:6:1: error: syntax error"), "{}", errors[2]);
    assert!(a.ir.is_none(), "no IR when there are errors");
}

/// CREATE INDEX on a known table must name its columns; a plain UNIQUE index makes the set unique
/// in the IR (as a UNIQUE constraint does). Indexes on objects sqlweave does not model are skipped.
#[test]
fn indexes_are_checked_and_unique_ones_recorded() {
    let schema = "CREATE TABLE a (id INTEGER PRIMARY KEY, email TEXT NOT NULL, org INT, nick TEXT);\n\
                  CREATE UNIQUE INDEX a_email ON a (email);\n\
                  CREATE UNIQUE INDEX a_org_nick ON a (org, nick);\n\
                  CREATE UNIQUE INDEX a_partial ON a (nick) WHERE nick IS NOT NULL;\n\
                  CREATE INDEX a_expr ON a (lower(email));\n\
                  CREATE INDEX on_unknown ON not_modelled (x);\n";
    let a = analyze_sql(Engine::Sqlite, schema, "-- name: Q :one\nSELECT id FROM a WHERE email = ?;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    let t = &a.ir.unwrap().tables[0];
    assert_eq!(t.unique, [vec!["id".to_string()], vec!["email".into()], vec!["org".into(), "nick".into()]]);
    let a = analyze_sql(Engine::Sqlite, "CREATE TABLE a (id INTEGER PRIMARY KEY, email TEXT);\nCREATE INDEX i ON a (emial);\n", "-- name: Q :one\nSELECT id FROM a;\n");
    let errors: Vec<String> = a.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(errors, ["schema.sql:2:22: error: unknown column `emial` in table `a` (hint: did you mean `email`?)"]);
}
