//! The command line over real analysis: what diagnostics look like, that an invalid query stops
//! every write, and what `analyze` reports. These depend on the analyzer and code generator
//! inferring what SQLite means (an INTEGER PRIMARY KEY is a non-null i64, a plain TEXT column is
//! nullable); `cli.rs` covers everything that does not.

use std::fs;
use std::path::Path;

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sqlweave(dir: &Path, args: &[&str]) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console =
        sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: dir.to_path_buf() };
    let code = sqlweave_cli::run(std::iter::once("sqlweave").chain(args.iter().copied()), &mut console);
    Run { code, stdout: String::from_utf8(out).unwrap(), stderr: String::from_utf8(err).unwrap() }
}

fn assert_code(run: &Run, code: i32) {
    assert_eq!(run.code, code, "unexpected exit code; {run:#?}");
}

const SCHEMA: &str = "CREATE TABLE authors (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  bio TEXT\n);\n";
const QUERIES: &str = "-- name: GetAuthor :one\nSELECT id, name, bio FROM authors WHERE id = ?;\n\n\
                       -- name: DeleteAuthor :exec\nDELETE FROM authors WHERE id = ?;\n";
/// `nme` is at line 2, column 12.
const BAD_QUERY: &str = "-- name: GetAuthor :one\nSELECT id, nme FROM authors WHERE id = ?;\n";
const CONFIG: &str =
    "[[sql]]\nengine = \"sqlite\"\nschema = \"schema.sql\"\nqueries = \"query.sql\"\nout = \"src/db.rs\"\n";

fn project(queries: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("schema.sql"), SCHEMA).unwrap();
    fs::write(dir.path().join("query.sql"), queries).unwrap();
    fs::write(dir.path().join("sqlweave.toml"), CONFIG).unwrap();
    dir
}

#[test]
fn an_unknown_column_gives_exit_1_with_its_location_and_writes_nothing() {
    let dir = project(BAD_QUERY);
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("query.sql:2:12"), "{run:#?}");
    assert!(run.stderr.contains("nme"), "{run:#?}");
    assert!(run.stderr.contains("nothing was written"), "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(!dir.path().join("src").exists(), "something was written");
}

#[test]
fn an_error_in_one_block_writes_no_block() {
    let dir = project(QUERIES);
    fs::write(dir.path().join("bad.sql"), BAD_QUERY).unwrap();
    let second = CONFIG.replace("query.sql", "bad.sql").replace("src/db.rs", "src/other.rs");
    fs::write(dir.path().join("sqlweave.toml"), format!("{CONFIG}\n{second}")).unwrap();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("bad.sql:2:12"), "{run:#?}");
    assert!(!dir.path().join("src/db.rs").exists(), "the valid block was written anyway");
    assert!(!dir.path().join("src/other.rs").exists());
}

#[test]
fn an_invalid_query_leaves_the_previous_output_untouched() {
    let dir = project(QUERIES);
    assert_code(&sqlweave(dir.path(), &["generate"]), 0);
    let before = fs::read(dir.path().join("src/db.rs")).unwrap();
    fs::write(dir.path().join("query.sql"), BAD_QUERY).unwrap();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert_eq!(fs::read(dir.path().join("src/db.rs")).unwrap(), before);
    // `check` reports the query even though the module on disk is the last good one.
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("query.sql:2:12"), "{run:#?}");
}

#[test]
fn generate_reports_tables_and_queries() {
    let dir = project(QUERIES);
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "wrote src/db.rs (1 table, 2 queries)\n", "{run:#?}");
    let module = fs::read_to_string(dir.path().join("src/db.rs")).unwrap();
    assert!(module.contains("pub fn get_author("), "{module}");
    assert!(module.contains("pub fn delete_author("), "{module}");
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 0);
    assert_eq!(run.stdout, "ok: 2 queries in 1 block\n");
}

#[test]
fn analyze_summary_shows_kinds_params_and_nullable_columns() {
    let dir = project(QUERIES);
    let run = sqlweave(dir.path(), &["analyze"]);
    assert_code(&run, 0);
    let expected = "src/db.rs (sqlite): 1 table, 2 queries\n\
                    \n\
                    GetAuthor :one (query.sql:1)\n  \
                    params:  id: i64\n  \
                    columns: id: i64, name: text, bio: text?\n\
                    \n\
                    DeleteAuthor :exec (query.sql:4)\n  \
                    params:  id: i64\n  \
                    columns: (none)\n";
    assert_eq!(run.stdout, expected);
}

#[test]
fn analyze_json_has_queries_params_and_columns() {
    let dir = project(QUERIES);
    let run = sqlweave(dir.path(), &["analyze", "--json"]);
    assert_code(&run, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let q = &v["blocks"][0]["queries"][0];
    assert_eq!(q["name"], "GetAuthor");
    assert_eq!(q["kind"], "one");
    assert_eq!(q["params"][0]["type"]["kind"], "i64");
    assert_eq!(q["columns"][2]["name"], "bio");
    assert_eq!(q["columns"][2]["nullable"], true);
    assert_eq!(v["blocks"][0]["tables"][0]["name"], "authors");
}

#[test]
fn analyze_json_with_errors_prints_no_json_and_exits_1() {
    let dir = project(BAD_QUERY);
    let run = sqlweave(dir.path(), &["analyze", "--json"]);
    assert_code(&run, 1);
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert!(run.stderr.contains("query.sql:2:12"), "{run:#?}");
}
