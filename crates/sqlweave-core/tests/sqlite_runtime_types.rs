//! The analyzer's SQLite types checked against SQLite itself: every query runs over rows that
//! hold NULLs, integers, reals, texts and blobs, and each value it returns must be one the
//! inferred column type can read (an integer for `i64`, an integer or a real for `f64`, any class
//! for `any`), and NULL only where the column is nullable. SQLite values keep their own storage
//! class whatever the expression, so these are the cases a static guess gets wrong.

use rusqlite::types::ValueRef;
use sqlweave_core::analyze_sql;
use sqlweave_core::ir::{Engine, ValueType};

const SCHEMA: &str = "
CREATE TABLE t (
  id INTEGER PRIMARY KEY,
  n INTEGER NOT NULL,
  r REAL NOT NULL,
  s TEXT NOT NULL,
  b BLOB NOT NULL,
  maybe_n INTEGER,
  maybe_s TEXT,
  loose,
  at DATETIME NOT NULL DEFAULT '2024-01-02 03:04:05'
);
";

const ROWS: &str = "
INSERT INTO t (id, n, r, s, b, maybe_n, maybe_s, loose) VALUES (1, 5, 2.5, 'x', x'01', NULL, NULL, NULL);
INSERT INTO t (id, n, r, s, b, maybe_n, maybe_s, loose) VALUES (2, -3, 0.5, 'abc', x'ff00', 7, 'seven', 'text');
INSERT INTO t (id, n, r, s, b, maybe_n, maybe_s, loose) VALUES (3, 0, 10.0, '', x'', 0, '', 42);
INSERT INTO t (id, n, r, s, b, maybe_n, maybe_s, loose) VALUES (4, 9, -1.5, 'zz', x'aa', NULL, 'z', 2.5);
";

/// Whether a value of this storage class reads as `ty`.
fn readable(ty: &ValueType, v: ValueRef<'_>) -> bool {
    use ValueType::*;
    match (ty, v) {
        (Any, _) => true,
        (Bool | I16 | I32 | I64 | Unsigned(_), ValueRef::Integer(_)) => true,
        (F32 | F64 | Numeric, ValueRef::Integer(_) | ValueRef::Real(_)) => true,
        (Text | Json, ValueRef::Text(_)) => true,
        // A date or time column is read from ISO-8601 text: the text must be one.
        (Date | Time | Timestamp | TimestampTz, ValueRef::Text(t)) => std::str::from_utf8(t).is_ok_and(|t| t.len() >= 8 && t.as_bytes()[0].is_ascii_digit() && t.contains([':', '-'])),
        (Bytes, ValueRef::Blob(_)) => true,
        _ => false,
    }
}

/// Analyses `sql`, runs it, and checks every returned value; returns the inferred column types
/// (as `type` or `type?`) for the caller to pin.
fn run(sql: &str) -> Vec<String> {
    let a = analyze_sql(Engine::Sqlite, SCHEMA, &format!("-- name: Q :many\n{sql};\n"));
    assert!(!a.has_errors(), "{sql}:\n{}", a.render(false));
    let q = &a.ir.as_ref().unwrap().queries[0];
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(SCHEMA).unwrap();
    db.execute_batch(ROWS).unwrap();
    let mut stmt = db.prepare(sql).unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut seen = 0;
    while let Some(row) = rows.next().unwrap() {
        seen += 1;
        for (i, c) in q.columns.iter().enumerate() {
            let v = row.get_ref(i).unwrap();
            if v == ValueRef::Null {
                assert!(c.nullable, "{sql}: column {} is NULL but inferred NOT NULL ({:?})", c.name, c.ty);
            } else {
                assert!(readable(&c.ty, v), "{sql}: column {} holds {:?}, which {:?} cannot read", c.name, v.data_type(), c.ty);
            }
        }
    }
    assert!(seen > 0, "{sql}: no rows, nothing checked");
    q.columns.iter().map(|c| format!("{:?}{}", c.ty, if c.nullable { "?" } else { "" })).collect()
}

#[test]
fn one_class_results_keep_their_type() {
    assert_eq!(run("SELECT coalesce(maybe_n, n), ifnull(maybe_s, s), iif(n > 0, n, -n) FROM t"), ["I64", "Text", "I64"]);
    assert_eq!(run("SELECT coalesce(NULL, 1, 'test'), coalesce(maybe_n, 0, 'never'), nullif(n, 0) FROM t"), ["I64", "I64", "I64?"]);
    assert_eq!(run("SELECT max(n, 3), min(r, 1), max(n, r) FROM t"), ["I64", "F64", "F64"]);
    assert_eq!(run("SELECT likely(s), unlikely(n), likelihood(r, 0.5) FROM t"), ["Text", "I64", "F64"]);
    assert_eq!(run("SELECT random(), randomblob(4), glob('a*', s), like('a%', s) FROM t"), ["I64", "Bytes", "Bool", "Bool"]);
    assert_eq!(run("SELECT max(n), min(s), coalesce(sum(n), 0), total(n) FROM t"), ["I64?", "Text?", "I64", "F64"]);
}

#[test]
fn mixed_classes_are_any_or_follow_the_sort_order() {
    // A result that may be an integer on one row and a text on another has no one Rust type.
    assert_eq!(run("SELECT CASE WHEN n > 0 THEN n ELSE s END FROM t"), ["Any"]);
    assert_eq!(run("SELECT iif(n > 0, 'pos', n), coalesce(maybe_n, s), ifnull(maybe_s, b) FROM t"), ["Any", "Any", "Any"]);
    assert_eq!(run("SELECT coalesce(loose, n), CASE id WHEN 1 THEN loose ELSE 0 END FROM t"), ["Any", "Any?"]);
    assert_eq!(run("SELECT n FROM t UNION ALL SELECT s FROM t"), ["Any"]);
    assert_eq!(run("SELECT * FROM (VALUES (1), ('one'))"), ["Any"]);
    // Scalar max/min compare classes first (numbers < text < blobs): the winner's class is known.
    assert_eq!(run("SELECT max(n, s), min(n, s), max(s, b), min(r, s, b), max(n, r, s) FROM t"), ["Text", "I64", "Bytes", "F64", "Text"]);
    // Arguments after the first one that is never NULL are never returned.
    assert_eq!(run("SELECT coalesce(n, s), coalesce(s, n, b) FROM t"), ["I64", "Text"]);
}

#[test]
fn literals_and_text_mixed_with_dates() {
    // `0x10` is an integer and `x'10'` a blob; an integer literal beyond i64 is stored as a real.
    assert_eq!(run("SELECT 0x10, x'10', 9223372036854775807, 9223372036854775808 FROM t"), ["I64", "Bytes", "I64", "F64"]);
    // A date column and a plain text mixed: only a string reads every value.
    assert_eq!(run("SELECT CASE WHEN id > 2 THEN at ELSE 'never' END, coalesce(maybe_s, at), max(at, s), at FROM t"), ["Text", "Text", "Text", "Timestamp"]);
    assert_eq!(run("SELECT at FROM t UNION ALL SELECT s FROM t"), ["Text"]);
}
