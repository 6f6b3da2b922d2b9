//! Golden tests of the PostgreSQL (tokio-postgres) back end: SQL analysed in-process, the generated
//! module snapshotted with insta (`INSTA_UPDATE=always cargo test -p sqlweave-core --test
//! codegen_golden_pg`, then review `tests/snapshots/`). That such output compiles and runs against
//! a live server is checked by `examples/pg-store` and `tests/sqlc-examples`.

use sqlweave_core::codegen::{generate, Options};
use sqlweave_core::ir::Engine;

const SCHEMA: &str = "
CREATE TYPE genre AS ENUM ('sf', 'fantasy');
CREATE TABLE books (
    id serial PRIMARY KEY,
    title text NOT NULL,
    genre genre NOT NULL,
    year int4,
    tags text[] NOT NULL DEFAULT '{}'
);";

fn generate_pg(queries: &str) -> String {
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, SCHEMA, queries);
    assert!(!a.has_errors(), "{}", a.render(false));
    let opts = Options { version: "0.0.0-test", ..Options::default() };
    let ir = a.ir.unwrap();
    let out = generate(&ir, &opts).unwrap_or_else(|e| panic!("generate failed: {e}"));
    syn::parse_file(&out).unwrap_or_else(|e| panic!("output does not parse: {e}\n{out}"));
    assert_eq!(generate(&ir, &opts).unwrap(), out, "output is not deterministic");
    out
}

#[test]
fn batch_kinds() {
    let out = generate_pg(
        "-- name: DeleteBooks :batchexec
DELETE FROM books WHERE id = $1;

-- name: Retitle :batchexec
UPDATE books SET title = @title WHERE id = @id;

-- name: TitleOf :batchone
SELECT title FROM books WHERE id = $1;

-- name: AddBook :batchone
INSERT INTO books (title, genre, tags) VALUES ($1, $2, $3) RETURNING *;

-- name: BooksOfYear :batchmany
SELECT id, title, year FROM books WHERE year = $1 OR $1 IS NULL;
",
    );
    // One item type per batch: the parameter itself, or an `…Params` struct for several.
    assert!(out.contains("items: &[i32],\n) -> Result<Vec<u64>, tokio_postgres::Error>"), "{out}");
    assert!(out.contains("items: &[RetitleParams<'_>],\n) -> Result<Vec<u64>, tokio_postgres::Error>"), "{out}");
    assert!(out.contains("-> Result<Vec<Option<String>>, tokio_postgres::Error>"), "{out}");
    assert!(out.contains("-> Result<Vec<Option<Book>>, tokio_postgres::Error>"), "{out}");
    assert!(out.contains("-> Result<Vec<Vec<BooksOfYearRow>>, tokio_postgres::Error>"), "{out}");
    assert!(out.contains("futures_util::future::try_join_all("), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn batch_kinds_need_parameters_and_rows() {
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, SCHEMA, "-- name: All :batchmany\nSELECT id FROM books;\n");
    let text = a.render(false);
    assert!(text.contains("query `All` is :batchmany but has no parameters, so there is nothing to batch"), "{text}");
    assert!(text.contains("query.sql:1:1"), "{text}");
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, SCHEMA, "-- name: Del :batchone\nDELETE FROM books WHERE id = $1;\n");
    let text = a.render(false);
    assert!(text.contains("query `Del` is :batchone but returns no columns"), "{text}");
    assert!(text.contains("use :batchexec, or add a RETURNING clause"), "{text}");
}

#[test]
fn a_table_with_an_unreadable_column_gets_no_model_but_its_other_columns_work() {
    let schema = "CREATE TABLE docs (id int8 PRIMARY KEY, title text NOT NULL, body tsvector NOT NULL, at point);";
    let opts = Options { version: "0.0.0-test", ..Options::default() };
    let gen = |queries: &str| {
        let a = sqlweave_core::analyze_sql(Engine::Postgresql, schema, queries);
        assert!(!a.has_errors(), "{}", a.render(false));
        generate(&a.ir.unwrap(), &opts)
    };
    let out = gen("-- name: Titles :many\nSELECT id, title FROM docs;\n\n-- name: Body :one\nSELECT body::text FROM docs WHERE id = $1;\n").unwrap();
    assert!(out.contains("// No model struct for table `docs`: column `body` has type TSVECTOR, which has no Rust mapping.\n"), "{out}");
    assert!(!out.contains("pub struct Doc "), "{out}");
    assert!(out.contains("pub struct TitlesRow {"), "{out}");
    assert!(out.contains("-> Result<String, tokio_postgres::Error>"), "{out}");
    for (q, col) in [("SELECT * FROM docs", "body"), ("SELECT id, at FROM docs", "at")] {
        let err = gen(&format!("-- name: Q :many\n{q};\n")).unwrap_err();
        assert_eq!(
            err,
            format!(
                "query `Q` (query.sql:1): column `{col}` has type {}, which has no Rust mapping; cast it in SQL (`{col}::text`) or leave it out",
                if col == "body" { "TSVECTOR" } else { "point" }
            )
        );
    }
}

#[test]
fn one_row_or_none_when_the_conflict_clause_skips_it() {
    let out = generate_pg(
        "-- name: AddIfAbsent :one
INSERT INTO books (title, genre) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id;

-- name: AddRowIfAbsent :one
INSERT INTO books (title, genre) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING *;
",
    );
    let f = out.split("pub async fn add_if_absent(").nth(1).unwrap().split("\n}\n").next().unwrap();
    assert!(f.contains(") -> Result<Option<i32>, tokio_postgres::Error> {"), "{f}");
    assert!(f.contains("        .query_opt(&stmts.add_if_absent, &[&title, &genre])\n        .await? else {\n        return Ok(None);\n    };\n    row.try_get(0).map(Some)"), "{f}");
    let f = out.split("pub async fn add_row_if_absent(").nth(1).unwrap().split("\n}\n").next().unwrap();
    assert!(f.contains(") -> Result<Option<Book>, tokio_postgres::Error> {"), "{f}");
    assert!(f.contains("Some(Book {\n            id: row.try_get(0)?,"), "{f}");
    assert!(out.contains("/// Returns `None` when the conflict clause skipped the row."), "{out}");
}

#[test]
fn arrays_with_nullable_elements_are_vec_of_option() {
    let out = generate_pg("-- name: YearsByGenre :many\nSELECT genre, array_agg(year) AS years, array_agg(title) AS titles FROM books GROUP BY genre;\n");
    assert!(out.contains("pub years: Vec<Option<i32>>,"), "{out}");
    assert!(out.contains("pub titles: Vec<String>,"), "{out}");
}

#[test]
fn composite_types() {
    let schema = "
CREATE SCHEMA foo;
CREATE TYPE point_type AS (x integer, y integer);
CREATE TYPE foo.point_type AS (x integer, y integer);
CREATE TYPE labelled AS (at point_type, label text, ratio float8);
CREATE TYPE unused AS (a int);
CREATE TABLE foo.paths (point_one point_type, point_two foo.point_type);
CREATE TABLE marks (id serial PRIMARY KEY, mark labelled NOT NULL, trail point_type[]);";
    let queries = "-- name: ListPaths :many
SELECT * FROM foo.paths;

-- name: AddPath :exec
INSERT INTO foo.paths (point_one, point_two) VALUES ($1, $2);

-- name: Xs :many
SELECT (point_one).x AS one_x, (point_two).x AS two_x FROM foo.paths WHERE (point_one).y = $1;

-- name: AddMark :one
INSERT INTO marks (mark, trail) VALUES (ROW($1::point_type, @label, 0.5), @trail) RETURNING *;
";
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, schema, queries);
    assert!(!a.has_errors(), "{}", a.render(false));
    let opts = Options { version: "0.0.0-test", ..Options::default() };
    let out = generate(&a.ir.unwrap(), &opts).unwrap_or_else(|e| panic!("generate failed: {e}"));
    syn::parse_file(&out).unwrap_or_else(|e| panic!("output does not parse: {e}\n{out}"));
    // One struct per composite type used; the schema-qualified one named apart.
    assert!(out.contains("pub struct PointType {"), "{out}");
    assert!(out.contains("pub struct FooPointType {"), "{out}");
    assert!(out.contains("pub struct Labelled {"), "{out}");
    assert!(!out.contains("pub struct Unused"), "{out}");
    // Every field may be NULL; a float field makes the struct PartialEq only.
    assert!(out.contains("pub x: Option<i32>,"), "{out}");
    assert!(out.contains("pub at: Option<PointType>,"), "{out}");
    assert!(out.contains("#[derive(Debug, Clone, PartialEq)]\n#[allow(dead_code)]\npub struct Labelled"), "{out}");
    // `accepts` checks the name, the schema (or, unqualified, that it is not `foo`'s) and fields.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("sqlweave::composite::fields_of( ty, \"point_type\", Some(\"foo\"), &[], )"), "{out}");
    assert!(flat.contains("sqlweave::composite::fields_of( ty, \"point_type\", None, &[\"foo\"], )"), "{out}");
    assert!(out.contains("impl<'a> tokio_postgres::types::FromSql<'a> for FooPointType {"), "{out}");
    assert!(out.contains("impl tokio_postgres::types::ToSql for FooPointType {"), "{out}");
    // Columns and parameters use the structs.
    assert!(out.contains("pub point_one: Option<PointType>,"), "{out}");
    assert!(out.contains("pub point_two: Option<FooPointType>,"), "{out}");
    assert!(out.contains("point_one: Option<&PointType>,"), "{out}");
    assert!(out.contains("trail: Option<&[&PointType]>"), "{out}");
    assert!(out.contains("sqlweave (feature \"postgres\", for the composite types)"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_value_without_a_rust_type_is_refused_with_its_place_and_a_cast() {
    let schema = "CREATE TABLE k (id int PRIMARY KEY, m money);";
    for (q, needles) in [
        ("-- name: Q :exec\nINSERT INTO k (id, m) VALUES ($1, $2);\n", ["parameter `m` (`$2`)", "no Rust mapping"]),
        ("-- name: Q :many\nSELECT m FROM k;\n", ["column `m` has type money", "m::text"]),
        ("-- name: Q :many\nSELECT m + m AS s FROM k;\n", ["column `s`", "no Rust mapping"]),
    ] {
        let a = sqlweave_core::analyze_sql(Engine::Postgresql, schema, q);
        assert!(!a.has_errors(), "{}", a.render(false));
        let e = generate(a.ir.as_ref().unwrap(), &Options::default()).expect_err("money has no Rust type").to_string();
        for n in needles {
            assert!(e.contains(n), "{q}: {n:?} not in {e}");
        }
    }
}
