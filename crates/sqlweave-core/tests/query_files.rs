//! Query files as users really write them: SQL must never be dropped without a word. Each case
//! is a way a statement or an annotation could be lost, and what sqlweave says about it.

use sqlweave_core::analyze_sql;
use sqlweave_core::ir::Engine;

const SCHEMA: &str = "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE books (id INTEGER PRIMARY KEY);\n";

/// `file:line:col: severity: message` of every diagnostic, without its hint.
fn said(queries: &str) -> Vec<String> {
    let a = analyze_sql(Engine::Sqlite, SCHEMA, queries);
    a.diagnostics.iter().map(|d| d.to_string().split(" (hint: ").next().unwrap_or_default().to_string()).collect()
}

#[test]
fn a_second_statement_under_one_annotation_is_reported() {
    let d = said("-- name: A :exec\nDELETE FROM authors; DELETE FROM books;\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].starts_with("query.sql:2:22: warning: statement without a `-- name:` annotation is not a query"), "{d:#?}");
    let a = analyze_sql(Engine::Sqlite, SCHEMA, "-- name: A :exec\nDELETE FROM authors; DELETE FROM books;\n");
    assert!(a.render(false).contains("it follows query `A`"), "{}", a.render(false));
    assert_eq!(a.ir.unwrap().queries.len(), 1, "a warning, not an error: A still generates");
}

#[test]
fn statements_before_the_first_annotation_and_files_without_queries_are_reported() {
    let d = said("SELECT 1;\n-- name: A :one\nSELECT 2;\n");
    assert_eq!(d, ["query.sql:1:1: warning: statement without a `-- name:` annotation is not a query; it is ignored"]);
    let d = said("SELECT 1;\nSELECT 2;\n");
    assert_eq!(d.len(), 3, "{d:#?}");
    assert!(d[2].starts_with("query.sql:1:1: warning: no queries in this file"), "{d:#?}");
    assert_eq!(said("-- only a comment\n"), ["query.sql:1:1: warning: no queries in this file"]);
    assert_eq!(said(""), ["query.sql:1:1: warning: no queries in this file"]);
}

#[test]
fn annotations_without_sql_are_errors() {
    // Followed directly by the next annotation.
    let d = said("-- name: A :exec\n-- name: B :exec\nDELETE FROM books;\n");
    assert_eq!(d, ["query.sql:1:1: error: query `A` has no SQL"]);
    // Followed by a lone `;`, or by the end of the file.
    assert_eq!(said("-- name: A :exec\n;\n-- name: B :one\nSELECT 1;\n"), ["query.sql:1:1: error: query `A` has no SQL"]);
    assert_eq!(said("-- name: B :one\nSELECT 1;\n\n-- name: Last :exec\n"), ["query.sql:4:1: error: query `Last` has no SQL"]);
    assert_eq!(said("/* name: C :many */\n"), ["query.sql:1:1: error: query `C` has no SQL"]);
}

#[test]
fn an_unterminated_block_comment_is_an_error() {
    let d = said("-- name: A :many\nSELECT id /* oops ;\nFROM authors;\n-- name: B :one\nSELECT 1;\n");
    assert!(d.contains(&"query.sql:2:11: error: unterminated `/*` comment: it hides the rest of the file".to_string()), "{d:#?}");
    // Closed comments, and `/*` inside strings, are fine.
    assert!(said("-- name: A :many\nSELECT id /* ok */, '/* not a comment' AS s FROM authors;\n").is_empty());
}

#[test]
fn words_after_the_kind_are_an_error_and_kind_hints_agree() {
    assert_eq!(said("-- name: A :one extra words\nSELECT 1;\n"), ["query.sql:1:1: error: unexpected `extra` after the kind of `A`"]);
    let hint = |q: &str| analyze_sql(Engine::Sqlite, SCHEMA, q).diagnostics[0].hint.clone().unwrap();
    let kinds = "kinds are :one, :many, :exec, :execrows, :execlastid, and on PostgreSQL :copyfrom, :batchexec, :batchone, :batchmany";
    assert!(hint("-- name: A\nSELECT 1;\n").ends_with(kinds));
    assert_eq!(hint("-- name: A :all\nSELECT 1;\n"), kinds);
}

#[test]
fn execlastid_is_only_for_inserts() {
    assert_eq!(
        said("-- name: Last :execlastid\nSELECT id FROM authors;\n"),
        ["query.sql:1:1: error: query `Last` is :execlastid, which returns the id of an inserted row, but it is a SELECT"]
    );
    assert!(said("-- name: Up :execlastid\nUPDATE authors SET name = ? WHERE id = ?;\n")[0].ends_with("but it is an UPDATE"));
    assert!(said("-- name: Ins :execlastid\nINSERT INTO authors (name) VALUES (?);\n").is_empty());
    assert!(said("-- name: Rep :execlastid\nREPLACE INTO authors (id, name) VALUES (?, ?);\n").is_empty());
    // :exec stays allowed on a SELECT: it may call a function for its effect.
    assert!(said("-- name: Touch :exec\nSELECT id FROM authors;\n").is_empty());
}
