//! Table-driven inference tests: SQL in, parameter and column types and nullability out.
//! Notation: `name:type` for a non-null value, `name:type?` for a nullable one, `name:[type]` for
//! a list parameter. Types are the IR's (`i64`, `f64`, `text`, `bytes`, `bool`, ...).

use sqlweave_core::ir::{Engine, ValueType};
use sqlweave_core::analyze_sql;

const SCHEMA: &str = r#"
CREATE TABLE authors (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  bio  TEXT
);
CREATE TABLE books (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES authors(id),
  title     VARCHAR(200) NOT NULL,
  isbn      TEXT UNIQUE,
  price     REAL,
  pages     INT NOT NULL DEFAULT 0,
  published DATE,
  cover     BLOB,
  in_print  BOOLEAN NOT NULL DEFAULT 1,
  slug      TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL
);
CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE strict_tags (code TEXT PRIMARY KEY, label TEXT) STRICT;
CREATE TABLE wr (code TEXT PRIMARY KEY, n INT) WITHOUT ROWID;
CREATE TABLE book_tags (book_id INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (book_id, tag));
CREATE VIEW author_books AS
  SELECT a.id AS author_id, a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id;
"#;

fn ty_name(t: &ValueType) -> String {
    match t {
        ValueType::Bool => "bool".into(),
        ValueType::I16 => "i16".into(),
        ValueType::I32 => "i32".into(),
        ValueType::I64 => "i64".into(),
        ValueType::F32 => "f32".into(),
        ValueType::F64 => "f64".into(),
        ValueType::Text => "text".into(),
        ValueType::Bytes => "bytes".into(),
        ValueType::Date => "date".into(),
        ValueType::Time => "time".into(),
        ValueType::Timestamp => "timestamp".into(),
        ValueType::Numeric => "numeric".into(),
        ValueType::Json => "json".into(),
        ValueType::Any => "any".into(),
        ValueType::TimestampTz => "timestamptz".into(),
        ValueType::Interval => "interval".into(),
        ValueType::Uuid => "uuid".into(),
        ValueType::Inet => "inet".into(),
        ValueType::Enum(n) => format!("enum {n}"),
        ValueType::Composite(n) => format!("composite {n}"),
        ValueType::Array(t) => format!("{}[]", ty_name(t)),
        ValueType::Nullable(t) => format!("{}?", ty_name(t)),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Analyses `query` over `schema` and compares params and columns with the notation above.
fn check_with(schema: &str, query: &str, params: &[&str], cols: &[&str]) {
    check_engine(Engine::Sqlite, schema, query, params, cols)
}

pub fn check_engine(engine: Engine, schema: &str, query: &str, params: &[&str], cols: &[&str]) {
    let kind = if cols.is_empty() { "exec" } else { "many" };
    let text = format!("-- name: Q :{kind}\n{query};\n");
    let a = analyze_sql(engine, schema, &text);
    assert!(!a.has_errors(), "unexpected errors for {query}:\n{}", a.render(false));
    let q = &a.ir.as_ref().unwrap().queries[0];
    let got_params: Vec<String> = q
        .params
        .iter()
        .map(|p| {
            if p.slice {
                format!("{}:[{}]", p.name, ty_name(&p.ty))
            } else {
                format!("{}:{}{}", p.name, ty_name(&p.ty), if p.nullable { "?" } else { "" })
            }
        })
        .collect();
    let got_cols: Vec<String> =
        q.columns.iter().map(|c| format!("{}:{}{}", c.name, ty_name(&c.ty), if c.nullable { "?" } else { "" })).collect();
    assert_eq!(got_params, params, "params of: {query}");
    assert_eq!(got_cols, cols, "columns of: {query}");
}

fn check(query: &str, params: &[&str], cols: &[&str]) {
    check_with(SCHEMA, query, params, cols)
}

/// Analyses `query` and expects an error whose rendering contains every one of `needles`.
fn check_err(query: &str, needles: &[&str]) {
    let text = format!("-- name: Q :many\n{query};\n");
    let a = analyze_sql(Engine::Sqlite, SCHEMA, &text);
    assert!(a.has_errors(), "expected an error for {query}");
    let r = a.render(false);
    for n in needles {
        assert!(r.contains(n), "error for {query} lacks {n:?}:\n{r}");
    }
}

#[test]
fn columns_and_primary_keys() {
    check("SELECT * FROM authors", &[], &["id:i64", "name:text", "bio:text?"]);
    // A TEXT PRIMARY KEY of a rowid table may hold NULL (SQLite quirk); not in STRICT / WITHOUT ROWID.
    check("SELECT code FROM tags", &[], &["code:text?"]);
    check("SELECT code, label FROM strict_tags", &[], &["code:text", "label:text?"]);
    check("SELECT code, n FROM wr", &[], &["code:text", "n:i64?"]);
    // Composite keys: the columns are NOT NULL here by declaration.
    check("SELECT * FROM book_tags", &[], &["book_id:i64", "tag:text"]);
    check(
        "SELECT id, title, price, pages, published, cover, in_print, slug FROM books",
        &[],
        &["id:i64", "title:text", "price:f64?", "pages:i64", "published:date?", "cover:bytes?", "in_print:bool", "slug:text?"],
    );
    check("SELECT rowid FROM authors", &[], &["rowid:i64"]);
}

#[test]
fn outer_joins() {
    check(
        "SELECT a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id",
        &[],
        &["name:text", "title:text?"],
    );
    check(
        "SELECT a.name, b.title FROM books b RIGHT JOIN authors a ON b.author_id = a.id",
        &[],
        &["name:text", "title:text?"],
    );
    check(
        "SELECT a.name, b.title FROM authors a FULL OUTER JOIN books b ON b.author_id = a.id",
        &[],
        &["name:text?", "title:text?"],
    );
    // A table joined through a null-extended one: inner join inside the right side of a LEFT JOIN.
    check(
        "SELECT a.name, t.tag FROM authors a LEFT JOIN (books b JOIN book_tags t ON t.book_id = b.id) ON b.author_id = a.id",
        &[],
        &["name:text", "tag:text?"],
    );
    check(
        "SELECT a.name, b.title, t.tag FROM authors a LEFT JOIN books b ON b.author_id = a.id LEFT JOIN book_tags t ON t.book_id = b.id",
        &[],
        &["name:text", "title:text?", "tag:text?"],
    );
    // A LEFT-joined subquery.
    check(
        "SELECT a.name, s.n FROM authors a LEFT JOIN (SELECT author_id, count(*) AS n FROM books GROUP BY author_id) s ON s.author_id = a.id",
        &[],
        &["name:text", "n:i64?"],
    );
    // WHERE rejecting NULL undoes the null extension.
    check(
        "SELECT b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id WHERE b.title IS NOT NULL",
        &[],
        &["title:text"],
    );
    check("SELECT bio FROM authors WHERE bio IS NOT NULL", &[], &["bio:text"]);
    check("SELECT bio FROM authors WHERE bio IS NULL OR bio = 'x'", &[], &["bio:text?"]);
    // Views are analysed from their body.
    check("SELECT * FROM author_books", &[], &["author_id:i64", "name:text", "title:text?"]);
    check("SELECT a.*, b.id FROM authors a LEFT JOIN books b USING (id)", &[], &["id:i64", "name:text", "bio:text?", "id:i64?"]);
}

#[test]
fn aggregates() {
    check("SELECT count(*) FROM books", &[], &["count:i64"]);
    check("SELECT count(price) AS n FROM books", &[], &["n:i64"]);
    check(
        "SELECT sum(pages) AS s, avg(pages) AS a, min(title) AS lo, max(price) AS hi, total(price) AS t FROM books",
        &[],
        &["s:i64?", "a:f64?", "lo:text?", "hi:f64?", "t:f64"],
    );
    check("SELECT group_concat(title) AS g FROM books", &[], &["g:text?"]);
    // With GROUP BY a group is never empty: aggregates of NOT NULL columns are NOT NULL.
    check(
        "SELECT author_id, sum(pages) AS s, max(title) AS m, max(price) AS p FROM books GROUP BY author_id",
        &[],
        &["author_id:i64", "s:i64", "m:text", "p:f64?"],
    );
}

#[test]
fn null_handling_functions() {
    check("SELECT coalesce(bio, name) AS x FROM authors", &[], &["x:text"]);
    check("SELECT coalesce(bio, NULL) AS x FROM authors", &[], &["x:text?"]);
    check("SELECT ifnull(bio, '') AS x FROM authors", &[], &["x:text"]);
    check("SELECT nullif(name, '') AS x FROM authors", &[], &["x:text?"]);
    check("SELECT CASE WHEN id > 1 THEN name END AS x FROM authors", &[], &["x:text?"]);
    check("SELECT CASE WHEN id > 1 THEN name ELSE 'none' END AS x FROM authors", &[], &["x:text"]);
    check("SELECT CASE WHEN id > 1 THEN name ELSE bio END AS x FROM authors", &[], &["x:text?"]);
    check("SELECT id / 2 AS half, id * 2 AS dbl, id % 3 AS m FROM authors", &[], &["half:i64?", "dbl:i64", "m:i64?"]);
    check("SELECT price * 2 AS p, length(bio) AS l, upper(name) AS u FROM books, authors", &[], &["p:f64?", "l:i64?", "u:text"]);
    check("SELECT id = 1 AS eq, bio IS NULL AS isnull, bio = 'x' AS cmp FROM authors", &[], &["eq:bool", "isnull:bool", "cmp:bool?"]);
    check("SELECT name || '!' AS a, bio || '!' AS b FROM authors", &[], &["a:text", "b:text?"]);
    check("SELECT CAST(id AS TEXT) AS s, CAST(bio AS INTEGER) AS n FROM authors", &[], &["s:text", "n:i64?"]);
}

#[test]
fn subqueries() {
    check("SELECT (SELECT title FROM books LIMIT 1) AS t", &[], &["t:text?"]);
    check("SELECT (SELECT count(*) FROM books) AS n", &[], &["n:i64"]);
    check("SELECT (SELECT count(*) FROM books GROUP BY author_id) AS n", &[], &["n:i64?"]);
    check(
        "SELECT a.name, (SELECT count(*) FROM books b WHERE b.author_id = a.id) AS n FROM authors a",
        &[],
        &["name:text", "n:i64"],
    );
    check("SELECT name FROM authors WHERE EXISTS (SELECT 1 FROM books WHERE books.author_id = authors.id)", &[], &["name:text"]);
    check("SELECT x.t FROM (SELECT title AS t FROM books) AS x", &[], &["t:text"]);
}

#[test]
fn set_operations_and_ctes() {
    check("SELECT name FROM authors UNION SELECT bio FROM authors", &[], &["name:text?"]);
    check("SELECT name FROM authors UNION ALL SELECT title FROM books", &[], &["name:text"]);
    check("SELECT bio FROM authors INTERSECT SELECT name FROM authors", &[], &["bio:text"]);
    check("SELECT bio FROM authors EXCEPT SELECT name FROM authors", &[], &["bio:text?"]);
    check("WITH t AS (SELECT id, bio FROM authors) SELECT * FROM t", &[], &["id:i64", "bio:text?"]);
    check(
        "WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10) SELECT x FROM cnt",
        &[],
        &["x:i64"],
    );
    check(
        "WITH RECURSIVE chain(id, parent) AS (SELECT id, NULL FROM authors UNION ALL SELECT a.id, c.id FROM authors a JOIN chain c ON c.id = a.id) SELECT id, parent FROM chain",
        &[],
        &["id:i64", "parent:i64?"],
    );
}

#[test]
fn window_functions() {
    check(
        "SELECT row_number() OVER (ORDER BY id) AS rn, rank() OVER (ORDER BY id) AS r, lag(name) OVER (ORDER BY id) AS prev, lag(name, 1, '') OVER (ORDER BY id) AS prev2, lead(bio, 1, 'x') OVER (ORDER BY id) AS nxt FROM authors",
        &[],
        &["rn:i64", "r:i64", "prev:text?", "prev2:text", "nxt:text?"],
    );
}

#[test]
fn parameters_from_context() {
    check("SELECT name FROM authors WHERE id = ?", &["id:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE ? = id", &["id:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE id = ?1 OR ?1 = 0", &["id:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE id = :id AND name = @name", &["id:i64", "name:text"], &["name:text"]);
    check("SELECT name FROM authors WHERE id = $id", &["id:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE id = sqlc.arg(author_id)", &["author_id:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE bio = sqlc.narg(bio)", &["bio:text?"], &["name:text"]);
    check("SELECT name FROM authors WHERE id IN (sqlc.slice(ids))", &["ids:[i64]"], &["name:text"]);
    check("SELECT name FROM authors WHERE id IN (?, ?)", &["id:i64", "id_2:i64"], &["name:text"]);
    check("SELECT name FROM authors LIMIT ? OFFSET ?", &["limit:i64", "offset:i64"], &["name:text"]);
    check("SELECT name FROM authors WHERE name LIKE ?", &["name:text"], &["name:text"]);
    check("SELECT name FROM authors WHERE id BETWEEN ? AND ?", &["id:i64", "id_2:i64"], &["name:text"]);
    check("SELECT title FROM books WHERE price > ? * 2", &["price:f64"], &["title:text"]);
    check("SELECT name FROM authors WHERE coalesce(?, bio) = bio", &["bio:text?"], &["name:text"]);
    check("SELECT name FROM authors WHERE upper(name) = upper(?)", &["p1:text"], &["name:text"]);
    check("SELECT CAST(? AS INTEGER) AS n", &["p1:i64"], &["n:i64"]);
    check("SELECT name FROM authors WHERE id = (SELECT author_id FROM books WHERE title = ?)", &["title:text"], &["name:text"]);
}

#[test]
fn dml() {
    check("INSERT INTO authors (name, bio) VALUES (?, ?)", &["name:text", "bio:text?"], &[]);
    check("INSERT INTO authors VALUES (?, ?, ?)", &["id:i64", "name:text", "bio:text?"], &[]);
    check(
        "INSERT INTO authors (name) VALUES (?) RETURNING id, name, bio",
        &["name:text"],
        &["id:i64", "name:text", "bio:text?"],
    );
    check(
        "INSERT INTO tags (code, label) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET label = excluded.label RETURNING *",
        &["code:text?", "label:text"],
        &["code:text?", "label:text"],
    );
    check("UPDATE authors SET bio = ? WHERE id = ?", &["bio:text?", "id:i64"], &[]);
    check("UPDATE authors SET name = :name WHERE id = :id RETURNING bio", &["name:text", "id:i64"], &["bio:text?"]);
    check("DELETE FROM authors WHERE id = ? RETURNING name", &["id:i64"], &["name:text"]);
    check("INSERT INTO book_tags (book_id, tag) SELECT id, ? FROM books WHERE author_id = ?", &["tag:text", "author_id:i64"], &[]);
}

#[test]
fn errors() {
    check_err("SELECT nme FROM authors", &["unknown column `nme`", "did you mean `name`", "query.sql:2:8"]);
    check_err("SELECT name FROM author", &["unknown table `author`", "did you mean `authors`"]);
    check_err("SELECT id FROM authors, books", &["ambiguous column `id`"]);
    check_err("SELECT x.id FROM authors a", &["unknown table or alias `x`"]);
    check_err("SELECT name FROM authors WHERE", &["syntax error"]);
    check_err("SELECT ? AS x", &["cannot infer the type of parameter", "cast"]);
    check_err("INSERT INTO books (slug) VALUES ('x')", &["generated column `slug`"]);
    check_err("INSERT INTO authors (name, bio) VALUES (?)", &["2 target columns but 1 values"]);
    check_err("SELECT frobnicate(name) FROM authors", &["unknown function `frobnicate`"]);
}

#[test]
fn kind_and_name_errors() {
    let a = analyze_sql(Engine::Sqlite, SCHEMA, "-- name: A :one\nDELETE FROM authors;\n-- name: B :exec\nSELECT 1;\n-- name: B :exec\nSELECT 2;\n");
    let r = a.render(false);
    assert!(r.contains("query `A` is :one but returns no columns"), "{r}");
    assert!(r.contains("duplicate query name `B`"), "{r}");
    assert!(r.contains("query.sql:5:1"), "{r}");
}

#[test]
fn rewritten_sql_is_positional() {
    let a = analyze_sql(
        Engine::Sqlite,
        SCHEMA,
        "-- name: Q :many\nSELECT name FROM authors WHERE id = :id OR name = sqlc.arg(name) OR id = :id AND id IN (sqlc.slice(ids));\n",
    );
    assert!(!a.has_errors(), "{}", a.render(false));
    let q = &a.ir.unwrap().queries[0];
    assert_eq!(q.sql, "SELECT name FROM authors WHERE id = ?1 OR name = ?2 OR id = ?1 AND id IN (?3)");
    assert_eq!(q.params.len(), 3);
    assert!(q.params[2].slice);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_SCHEMA: &str = r#"
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN email AS text NOT NULL;
CREATE TABLE public.users (
  id bigserial PRIMARY KEY,
  name varchar(100) NOT NULL,
  email email,
  age int,
  score numeric(10,2),
  mood mood,
  moods mood[],
  tags text[] NOT NULL DEFAULT '{}',
  data jsonb,
  uid uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  born date,
  small smallint NOT NULL,
  ratio real,
  ident int GENERATED ALWAYS AS IDENTITY
);
CREATE TABLE posts (id serial PRIMARY KEY, user_id bigint REFERENCES users(id), title text NOT NULL);
ALTER TABLE posts ADD COLUMN views int NOT NULL DEFAULT 0;
ALTER TABLE posts ALTER COLUMN title DROP NOT NULL;
ALTER TABLE posts RENAME COLUMN views TO view_count;
"#;

fn pg(query: &str, params: &[&str], cols: &[&str]) {
    check_engine(Engine::Postgresql, PG_SCHEMA, query, params, cols)
}

#[test]
fn pg_catalog_types() {
    pg(
        "SELECT id, name, email, age, score, mood, moods, tags, data, uid, created_at, born, small, ratio, ident FROM users",
        &[],
        &[
            "id:i64", "name:text", "email:text", "age:i32?", "score:numeric?", "mood:enum mood?", "moods:enum mood[]?", "tags:text[]",
            "data:json?", "uid:uuid", "created_at:timestamptz", "born:date?", "small:i16", "ratio:f32?", "ident:i32",
        ],
    );
    pg("SELECT * FROM posts", &[], &["id:i32", "user_id:i64?", "title:text?", "view_count:i32"]);
}

#[test]
fn pg_functions_and_operators() {
    pg(
        "SELECT count(*) AS n, sum(age) AS s4, sum(id) AS s8, avg(age) AS a, avg(ratio) AS af, max(created_at) AS m FROM users",
        &[],
        &["n:i64", "s4:i64?", "s8:numeric?", "a:numeric?", "af:f64?", "m:timestamptz?"],
    );
    pg(
        "SELECT data->'a' AS j, data->>'a' AS t, name || '!' AS c, now() AS ts, id::text AS s, CAST(age AS bigint) AS b FROM users",
        &[],
        &["j:json?", "t:text?", "c:text", "ts:timestamptz", "s:text", "b:i64?"],
    );
    pg("SELECT array_agg(name) AS names, string_agg(name, ',') AS joined FROM users", &[], &["names:text[]?", "joined:text?"]);
    pg("SELECT coalesce(age, 0) AS a, coalesce(age, 0::bigint) AS b FROM users", &[], &["a:i32", "b:i64"]);
    pg("SELECT date_trunc('day', created_at) AS d FROM users", &[], &["d:timestamptz"]);
    pg("SELECT jsonb_build_object('id', id) AS o FROM users", &[], &["o:json"]);
    pg("SELECT row_number() OVER (ORDER BY id) AS rn, lag(name) OVER (ORDER BY id) AS prev FROM users", &[], &["rn:i64", "prev:text?"]);
}

#[test]
fn pg_parameters() {
    pg("SELECT name FROM users WHERE id = $1", &["id:i64"], &["name:text"]);
    pg("SELECT name FROM users WHERE id = ANY($1)", &["id:i64[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE id IN (sqlc.slice(ids))", &["ids:i64[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE tags @> $1", &["tags:text[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE mood = $1", &["mood:enum mood"], &["name:text"]);
    pg("SELECT name FROM users LIMIT $1 OFFSET $2", &["limit:i64", "offset:i64"], &["name:text"]);
    pg("SELECT name FROM users WHERE age > $1::int", &["p1:i32"], &["name:text"]);
    pg(
        "INSERT INTO users (name, email, small, uid, mood) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
        &["name:text", "email:text", "small:i16", "uid:uuid", "mood:enum mood?"],
        &["id:i64"],
    );
    pg("UPDATE posts SET title = @title WHERE id = @id", &["title:text?", "id:i32"], &[]);
}

/// `@name::type` parses as `@(name::type)` (`::` binds tighter than prefix `@`), so the cast
/// must still type the parameter: single casts, array casts, chains, in any position.
#[test]
fn pg_at_parameters_under_casts() {
    pg("SELECT name FROM users WHERE age > @min::int", &["min:i32"], &["name:text"]);
    pg("SELECT name FROM users WHERE mood = ANY(@moods::mood[])", &["moods:enum mood[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE @tag::text = ANY(tags)", &["tag:text"], &["name:text"]);
    pg("SELECT @n::text::int AS n", &["n:text"], &["n:i32"]);
    pg("SELECT name FROM users WHERE id = @id::bigint AND @id::bigint > 0", &["id:i64"], &["name:text"]);
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :many\nSELECT name FROM users WHERE age > @min::int;\n");
    assert_eq!(a.ir.unwrap().queries[0].sql, "SELECT name FROM users WHERE age > $1::int");
    // Casts to user-defined types type the value too.
    pg("SELECT $1::mood AS m, CAST($2 AS mood[]) AS ms, $3::email AS e", &["p1:enum mood", "p2:enum mood[]", "p3:text"], &["m:enum mood", "ms:enum mood[]", "e:text"]);
    // A real column under `@` (absolute value) is still a column.
    pg("SELECT @ age AS a FROM users", &[], &["a:i32?"]);
}

#[test]
fn pg_slice_becomes_any() {
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :many\nSELECT name FROM users WHERE id IN (sqlc.slice(ids)) AND age NOT IN (sqlc.slice(ages));\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    let q = &a.ir.unwrap().queries[0];
    assert_eq!(q.sql, "SELECT name FROM users WHERE id = ANY($1) AND age <> ALL($2)");
}

#[test]
fn pg_full_join_and_outer_nullability() {
    pg(
        "SELECT u.name, p.title, p.view_count FROM users u FULL JOIN posts p ON p.user_id = u.id",
        &[],
        &["name:text?", "title:text?", "view_count:i32?"],
    );
}

// ---------------------------------------------------------------------------------------------
// MySQL

const MY_SCHEMA: &str = r#"
CREATE TABLE shops (
  shop_id  INT PRIMARY KEY,
  code     VARCHAR(12) NOT NULL,
  rating   TINYINT,
  open     TINYINT(1) NOT NULL DEFAULT 1,
  visits   INT UNSIGNED NOT NULL,
  big      BIGINT UNSIGNED,
  tiny_u   TINYINT UNSIGNED,
  small    SMALLINT NOT NULL,
  revenue  DECIMAL(12,2),
  weight   FLOAT,
  dist     DOUBLE NOT NULL,
  opened   DATE,
  closes   TIME,
  updated  DATETIME NOT NULL,
  founded  YEAR,
  size     ENUM('s', 'm', 'l') NOT NULL,
  flags    SET('a', 'b'),
  photo    MEDIUMBLOB,
  meta     JSON
);
CREATE TABLE tickets (
  id        SERIAL,
  shop_id   INT NOT NULL,
  seq       BIGINT AUTO_INCREMENT,
  PRIMARY KEY (seq)
);
"#;

fn my(query: &str, params: &[&str], cols: &[&str]) {
    check_engine(Engine::Mysql, MY_SCHEMA, query, params, cols)
}

#[test]
fn mysql_mixed_results_are_strings() {
    // CASE, IF, COALESCE and UNION aggregate a string with a number, or a number with a date,
    // into a string (a table created from the query has VARCHAR columns); numbers widen.
    my("SELECT CASE WHEN shop_id > 1 THEN shop_id ELSE code END AS a, coalesce(rating, 'none') AS b FROM shops", &[], &["a:text", "b:text"]);
    my("SELECT IF(open, 1, 'closed') AS c, coalesce(opened, 'never') AS d, coalesce(rating, 1.5) AS e FROM shops", &[], &["c:text", "d:text", "e:numeric"]);
    my("SELECT CASE WHEN shop_id > 1 THEN opened ELSE 5 END AS f FROM shops", &[], &["f:text?"]);
    my("SELECT shop_id FROM shops UNION SELECT code FROM shops", &[], &["shop_id:text"]);
    my("SELECT coalesce(rating, shop_id) AS g FROM shops", &[], &["g:i32"]);
}

#[test]
fn mysql_column_types() {
    my(
        "SELECT shop_id, code, rating, open, visits, big, tiny_u, small, revenue, weight, dist FROM shops",
        &[],
        &[
            "shop_id:i32", "code:text", "rating:i16?", "open:bool", "visits:unsigned(32)", "big:unsigned(64)?", "tiny_u:unsigned(8)?",
            "small:i16", "revenue:numeric?", "weight:f32?", "dist:f64",
        ],
    );
    my(
        "SELECT opened, closes, updated, founded, size, flags, photo, meta FROM shops",
        &[],
        &[
            "opened:date?", "closes:time?", "updated:timestamp", "founded:i16?", "size:enum shops_size", "flags:text?", "photo:bytes?",
            "meta:json?",
        ],
    );
    // SERIAL is BIGINT UNSIGNED NOT NULL; a key column is NOT NULL even when not declared so.
    my("SELECT id, seq FROM tickets", &[], &["id:unsigned(64)", "seq:i64"]);
}

#[test]
fn mysql_parameters_and_expressions() {
    my("SELECT code FROM shops WHERE visits > ? AND size = ?", &["visits:unsigned(32)", "size:enum shops_size"], &["code:text"]);
    my("SELECT code FROM shops WHERE revenue BETWEEN ? AND ?", &["revenue:numeric", "revenue_2:numeric"], &["code:text"]);
    my("UPDATE shops SET rating = ? WHERE shop_id = ?", &["rating:i16?", "shop_id:i32"], &[]);
    // Integer arithmetic and literals are BIGINT; SUM of exact values is DECIMAL; / of zero is NULL.
    my("SELECT small + 1 AS s, sum(visits) AS t, count(*) AS n FROM shops", &[], &["s:i64", "t:numeric?", "n:i64"]);
    my("SELECT dist / small AS q FROM shops", &[], &["q:f64?"]);
    // `@name` is a session variable in MySQL, not a parameter.
    my("SELECT code FROM shops WHERE shop_id <> @current_shop", &[], &["code:text"]);
}

#[test]
fn sqlc_embed_expands_to_the_table_row() {
    check(
        "SELECT sqlc.embed(a), b.title FROM books b JOIN authors a ON a.id = b.author_id",
        &[],
        &["id:i64", "name:text", "bio:text?", "title:text"],
    );
    // An outer join null-extends the embedded row.
    check("SELECT a.name, sqlc.embed(b) FROM authors a LEFT JOIN tags b ON b.code = a.name", &[], &["name:text", "code:text?", "label:text?"]);
    let a = analyze_sql(Engine::Sqlite, SCHEMA, "-- name: Q :many\nSELECT sqlc.embed(a), 1 AS one FROM authors a WHERE id = ?;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    assert_eq!(a.ir.unwrap().queries[0].sql, "SELECT a.*, 1 AS one FROM authors a WHERE id = ?1");
    check_err("SELECT sqlc.embed(nope) FROM authors", &["unknown table `nope` in sqlc.embed", "query.sql:2:8"]);
}

#[test]
fn sqlite_math_domain_errors_are_null_unless_the_arguments_are_constants_inside_it() {
    check(
        "SELECT sqrt(4) AS a, sqrt(-4) AS b, ln(0) AS c, acos(0.5) AS d, pow(2, 10) AS e, mod(7, 0) AS f, atanh(1.0) AS g, log(1, 8) AS h, sqrt(pages) AS i FROM books",
        &[],
        &["a:f64", "b:f64?", "c:f64?", "d:f64", "e:f64", "f:f64?", "g:f64", "h:f64?", "i:f64?"],
    );
}

#[test]
fn pg_parameters_from_casts_case_operands_and_function_signatures() {
    // `@name::type`: PostgreSQL's grammar reads `@` as a prefix operator over the cast.
    pg("SELECT name FROM users WHERE name = @who AND @only_adults::boolean", &["who:text", "only_adults:bool"], &["name:text"]);
    pg("SELECT id FROM users WHERE id = ANY(@ids::bigint[])", &["ids:i64[]"], &["id:i64"]);
    pg("UPDATE posts SET title = CASE WHEN @keep::bool THEN title ELSE @title::text END WHERE id = @id", &["keep:bool", "title:text", "id:i32"], &[]);
    // An untyped CASE operand is text in PostgreSQL (pg_simple_case_untyped_operand_is_text); a
    // cast one has the cast's type.
    pg("SELECT CASE $1::int WHEN 1 THEN 'one' ELSE 'many' END AS word", &["p1:i32"], &["word:text"]);
    // Arguments of a user function take its declared argument types.
    let schema = format!("{PG_SCHEMA}\nCREATE FUNCTION scaled(x bigint, factor numeric, OUT r numeric) AS $$ SELECT x * factor $$ LANGUAGE sql;");
    // Its SQL body cannot yield NULL for non-NULL arguments, so neither can the call.
    check_engine(Engine::Postgresql, &schema, "SELECT scaled($1, $2) AS s", &["x:i64", "factor:numeric"], &["s:numeric"]);
    // pgcrypto's digest() takes text for an untyped argument.
    pg("SELECT encode(digest($1, 'sha256'), 'hex') AS h", &["p1:text"], &["h:text"]);
    pg("SELECT jsonb_extract_path_text(data, 'a', 'b') AS v FROM users", &[], &["v:text?"]);
}

#[test]
fn pg_domains_over_several_lines_and_set_functions_in_from() {
    let schema = "CREATE DOMAIN public.\"quantité\" AS bigint;\n\
        CREATE DOMAIN public.decade AS smallint\n\tCONSTRAINT decade_check CHECK (((VALUE % 10) = 0));\n\
        CREATE TABLE albums (id int PRIMARY KEY, released public.decade, copies \"quantité\" NOT NULL);\n\
        CREATE FUNCTION greet(who text) RETURNS text AS $$ SELECT 'hi ' || who $$ LANGUAGE sql STRICT;";
    check_engine(Engine::Postgresql, schema, "SELECT released, copies FROM albums", &[], &["released:i16?", "copies:i64"]);
    check_engine(Engine::Postgresql, schema, "SELECT * FROM greet($1)", &["who:text"], &["greet:text"]);
}

#[test]
fn pg_math_function_types_follow_their_overloads() {
    pg(
        "SELECT cbrt(27.0) AS c, degrees(1.0) AS d, sqrt(2.0) AS s, sqrt(2) AS si, ln(score) AS l, div(9, 4) AS q, mod(9, 4) AS m, ceil(-4.5) AS ce, abs(-1.5) AS a FROM users",
        &[],
        &["c:f64", "d:f64", "s:numeric", "si:f64", "l:numeric?", "q:numeric", "m:i32", "ce:numeric", "a:numeric"],
    );
}

#[test]
fn call_arguments_take_the_procedure_signature() {
    let pg_schema = format!("{PG_SCHEMA}\nCREATE PROCEDURE rename_user(IN uid bigint, new_name varchar(100) DEFAULT 'x')\nLANGUAGE sql AS $$ UPDATE users SET name = new_name WHERE id = uid $$;");
    check_engine(Engine::Postgresql, &pg_schema, "CALL rename_user($1, $2)", &["uid:i64", "new_name:text"], &[]);
    check_engine(Engine::Postgresql, &pg_schema, "CALL rename_user(new_name => @n, uid => @u)", &["n:text", "u:i64"], &[]);
    // A MySQL body with `;` inside BEGIN ... END: only the signature is read.
    let my_schema = format!("{MY_SCHEMA}\nCREATE PROCEDURE close_shop(IN sid INT, why TEXT)\nBEGIN\n  DELETE FROM tickets WHERE shop_id = sid;\n  UPDATE shops SET code = why WHERE shop_id = sid;\nEND;");
    check_engine(Engine::Mysql, &my_schema, "CALL close_shop(?, sqlc.arg(reason))", &["sid:i32", "reason:text"], &[]);
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, &pg_schema, "-- name: Q :exec\nCALL rename_usr($1, 'a');\n");
    assert!(a.render(false).contains("unknown procedure `rename_usr`") && a.render(false).contains("did you mean `rename_user`"), "{}", a.render(false));
    // Other statements run as written, but their parameters cannot be typed: an error, not
    // a silently dropped argument.
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :exec\nSET statement_timeout = $1;\n");
    assert!(a.render(false).contains("parameters are only analysed in"), "{}", a.render(false));
}

#[test]
fn mysql_date_arithmetic_follows_the_first_argument() {
    my(
        "SELECT DATE_ADD(opened, INTERVAL 1 DAY) AS a, DATE_ADD(opened, INTERVAL 2 HOUR) AS b, DATE_SUB(updated, INTERVAL 1 MONTH) AS c, DATE_ADD('2024-02-30', INTERVAL 1 DAY) AS d, ADDDATE(CURDATE(), 3) AS e FROM shops",
        &[],
        &["a:date?", "b:timestamp?", "c:timestamp?", "d:text?", "e:date?"],
    );
    my("SELECT code FROM shops WHERE updated > DATE_SUB(?, INTERVAL 7 DAY)", &["p1:timestamp"], &["code:text"]);
}

#[test]
fn tables_built_from_other_tables() {
    // INHERITS: the parents' columns first, merged by name (NOT NULL if either says so).
    let schema = "CREATE TABLE vehicle (vin text PRIMARY KEY, maker text NOT NULL, note text);\n\
        CREATE TABLE truck (axles int NOT NULL, note text NOT NULL) INHERITS (vehicle);\n\
        CREATE SCHEMA archive;\n\
        CREATE TABLE old_truck (scrapped date) INHERITS (truck);\n\
        ALTER TABLE old_truck SET SCHEMA archive;";
    check_engine(Engine::Postgresql, schema, "SELECT * FROM truck", &[], &["vin:text", "maker:text", "note:text", "axles:i32"]);
    check_engine(Engine::Postgresql, schema, "SELECT * FROM archive.old_truck", &[], &["vin:text", "maker:text", "note:text", "axles:i32", "scrapped:date?"]);
    let bad = "CREATE TABLE a (n text);\nCREATE TABLE b (n int) INHERITS (a);";
    let r = sqlweave_core::analyze_sql(Engine::Postgresql, bad, "-- name: Q :many\nSELECT * FROM b;\n").render(false);
    assert!(r.contains("column `n` has a type conflict") && r.contains("schema.sql:2:17"), "{r}");
    // MySQL's CREATE TABLE ... LIKE copies the columns as they are at that point.
    let my_schema = "CREATE TABLE src (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(9) NOT NULL);\n\
        CREATE TABLE copy LIKE src;\n\
        ALTER TABLE src ADD COLUMN extra INT;\n\
        ALTER TABLE copy ADD COLUMN seen DATETIME;";
    check_engine(Engine::Mysql, my_schema, "SELECT * FROM copy", &[], &["id:i32", "label:text", "seen:timestamp?"]);
}

#[test]
fn pg_returning_old_and_new_rows() {
    pg("UPDATE posts SET title = $1 WHERE id = $2 RETURNING old.title AS before, new.title AS after", &["title:text?", "id:i32"], &["before:text?", "after:text?"]);
    pg("UPDATE posts SET view_count = view_count + 1 WHERE id = $1 RETURNING old.*", &["id:i32"], &["id:i32", "user_id:i64?", "title:text?", "view_count:i32"]);
    // No row before an INSERT, none after a DELETE.
    pg("INSERT INTO posts (title) VALUES ($1) RETURNING old.id AS was, new.id AS now", &["title:text?"], &["was:i32?", "now:i32"]);
    pg("DELETE FROM posts WHERE id = $1 RETURNING old.view_count AS a, new.view_count AS b", &["id:i32"], &["a:i32", "b:i32?"]);
    // `*` is still the target row only.
    pg("DELETE FROM posts WHERE id = $1 RETURNING *", &["id:i32"], &["id:i32", "user_id:i64?", "title:text?", "view_count:i32"]);
    // `RETURNING WITH (OLD AS o, NEW AS n)` renames them; either may be left out.
    pg("UPDATE posts SET title = $1 WHERE id = $2 RETURNING WITH (OLD AS o, NEW AS n) o.title AS before, n.title AS after, n.id", &["title:text?", "id:i32"], &["before:text?", "after:text?", "id:i32"]);
    pg("DELETE FROM posts WHERE id = $1 RETURNING with (old as gone) gone.view_count, view_count", &["id:i32"], &["view_count:i32", "view_count:i32"]);
    pg("INSERT INTO posts (title) VALUES ($1) RETURNING WITH (NEW AS fresh) fresh.id AS now", &["title:text?"], &["now:i32"]);
    // A bad WITH list is a syntax error at its place: an unknown word, OLD twice, one alias for both.
    for bad in ["WITH (OLD AS o, OLD AS p) o.id", "WITH (OLD AS n, NEW AS n) n.id"] {
        let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, &format!("-- name: Q :one\nUPDATE posts SET title = 'x' RETURNING {bad};\n"));
        assert!(a.has_errors() && a.render(false).contains("syntax error"), "{bad}: {}", a.render(false));
    }
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :one
DELETE FROM posts RETURNING WITH (GONE AS g) g.id;
");
    assert!(a.has_errors() && a.render(false).contains("query.sql:2:"), "{}", a.render(false));
}

#[test]
fn pg_system_relations_and_niladic_functions_in_from() {
    pg("SELECT name, utc_offset FROM pg_catalog.pg_timezone_names", &[], &["name:text?", "utc_offset:interval?"]);
    pg("SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = $1", &["table_schema:text"], &["t:text?"]);
    pg("SELECT * FROM CURRENT_DATE", &[], &["current_date:date"]);
    // A user table of the same name wins.
    check_engine(Engine::Postgresql, "CREATE TABLE pg_tables (x int);", "SELECT * FROM pg_tables", &[], &["x:i32?"]);
}

#[test]
fn schema_changes_to_types_and_columns() {
    // ALTER TYPE: renames follow into columns; values can be added.
    let schema = "CREATE TYPE phase AS ENUM ('new', 'done');\nALTER TYPE phase OWNER TO postgres;\nALTER TYPE phase RENAME TO stage;\nALTER TYPE stage ADD VALUE 'late';\nCREATE TABLE job (id int PRIMARY KEY, st stage NOT NULL);";
    check_engine(Engine::Postgresql, schema, "SELECT st FROM job WHERE st = $1::stage", &["p1:enum stage"], &["st:enum stage"]);
    let moved = format!("CREATE SCHEMA ops;\n{schema}\nALTER TYPE stage SET SCHEMA ops;");
    check_engine(Engine::Postgresql, &moved, "SELECT st FROM job", &[], &["st:enum ops.stage"]);
    // MySQL MODIFY / CHANGE redefine a column in place.
    let my_schema = format!("{MY_SCHEMA}\nALTER TABLE shops MODIFY rating SMALLINT NOT NULL;\nALTER TABLE shops CHANGE COLUMN code shop_code CHAR(4);");
    check_engine(Engine::Mysql, &my_schema, "SELECT shop_id, shop_code, rating FROM shops", &[], &["shop_id:i32", "shop_code:text?", "rating:i16"]);
    // CAST to SIGNED / UNSIGNED, and untyped math arguments take the other arguments' type.
    my("SELECT CAST(open AS UNSIGNED) AS u, CAST(? AS SIGNED) AS s FROM shops", &["p1:i64"], &["u:unsigned(64)", "s:i64"]);
    pg("SELECT name FROM users ORDER BY mod(id, $1)", &["p1:i64"], &["name:text"]);
}

#[test]
fn pg_out_arguments_name_the_columns_of_a_function_in_from() {
    let schema = format!("{PG_SCHEMA}\nCREATE FUNCTION new_user(n text, OUT uid bigint) AS $$ INSERT INTO users (name, small, uid) VALUES (n, 0, gen_random_uuid()) RETURNING id $$ LANGUAGE sql;\nCREATE FUNCTION stats(OUT total bigint, OUT newest text) AS $$ SELECT count(*), max(name) FROM users $$ LANGUAGE sql;");
    check_engine(Engine::Postgresql, &schema, "SELECT * FROM new_user($1)", &["n:text"], &["uid:i64?"]);
    check_engine(Engine::Postgresql, &schema, "SELECT * FROM stats()", &[], &["total:i64?", "newest:text?"]);
}

#[test]
fn mysql_literals_and_parameter_order() {
    // `?` has no number in MySQL: arguments follow the text, named ones included.
    my("SELECT code FROM shops WHERE shop_id = sqlc.arg(shop) AND code <> ? AND small > ?", &["shop:i32", "code:text", "small:i16"], &["code:text"]);
    my("SELECT 1 AS one, 5000000000 AS big, 2.5 AS half", &[], &["one:i32", "big:i64", "half:numeric"]);
}

#[test]
fn mysql_arithmetic() {
    my(
        "SELECT small * 2 AS a, visits + visits AS b, dist - 1 AS c, revenue + 1 AS d, shop_id / 3 AS e, shop_id DIV 3 AS f FROM shops",
        &[],
        &["a:i64", "b:unsigned(64)", "c:f64", "d:numeric?", "e:numeric?", "f:i64?"],
    );
}

#[test]
fn update_returning_shows_the_new_value_of_a_set_column() {
    // The WHERE test narrows the old title; RETURNING gives the new one, which may be NULL.
    pg("UPDATE posts SET title = $1 WHERE title = $2 RETURNING title, id", &["title:text?", "title_2:text"], &["title:text?", "id:i32"]);
    check("UPDATE authors SET name = ?1 WHERE bio = ?2 RETURNING name, bio", &["name:text", "bio:text"], &["name:text", "bio:text"]);
}

#[test]
fn statements_the_engines_accept_and_reject() {
    // MySQL: an empty column list and VALUES row insert every column's default.
    my("INSERT INTO tickets () VALUES ()", &[], &[]);
    // A DO block runs as written.
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Touch :exec\nDO $$ BEGIN PERFORM 1; END $$;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    assert_eq!(a.ir.unwrap().queries[0].sql, "DO $$ BEGIN PERFORM 1; END $$");
    // random() takes no argument (or, in PostgreSQL 17, a range).
    pg("SELECT random() AS r, random(1, 6) AS die", &[], &["r:f64", "die:i32"]);
    let r = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :one\nSELECT random(7);\n").render(false);
    assert!(r.contains("function random() does not take 1 argument(s)") && r.contains("query.sql:2:8"), "{r}");
    // The same function signature twice (timestamptz is timestamp with time zone).
    let dup = "CREATE FUNCTION f(x timestamptz) RETURNS int AS 'SELECT 1' LANGUAGE sql;\nCREATE FUNCTION f(x timestamp with time zone) RETURNS int AS 'SELECT 2' LANGUAGE sql;";
    let r = analyze_sql(Engine::Postgresql, dup, "-- name: Q :one\nSELECT f(now());\n").render(false);
    assert!(r.contains("function `f` with these argument types is already defined") && r.contains("schema.sql:2:17"), "{r}");
    let replaced = dup.replace("CREATE FUNCTION f(x timestamp with", "CREATE OR REPLACE FUNCTION f(x timestamp with");
    assert!(!analyze_sql(Engine::Postgresql, &replaced, "-- name: Q :one\nSELECT f(now());\n").has_errors());
}

#[test]
fn pg_a_parameter_has_one_type() {
    let r = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :exec\nUPDATE posts SET title = $1\nWHERE id = $1;\n").render(false);
    assert!(r.contains("parameter number 1 is used as an integer here, but as text before") && r.contains("query.sql:3:12"), "{r}");
    // Integer widths and numeric kinds convert implicitly: one parameter may meet several.
    pg("SELECT name FROM users WHERE id = $1 OR age = $1", &["id:i64"], &["name:text"]);
    // SQLite binds dynamically typed values: no such rule.
    check("SELECT name FROM authors WHERE id = ?1 OR name = ?1", &["id:i64"], &["name:text"]);
}

#[test]
fn mysql_compound_interval_units() {
    my(
        "SELECT DATE_ADD(opened, INTERVAL '1 2' DAY_HOUR) AS a, DATE_SUB(opened, INTERVAL '1-2' YEAR_MONTH) AS b FROM shops WHERE updated > DATE_SUB(?, INTERVAL '1:30' MINUTE_SECOND)",
        &["p1:timestamp"],
        &["a:timestamp?", "b:date?"],
    );
    // The SQL sent is the text as written.
    let a = analyze_sql(Engine::Mysql, MY_SCHEMA, "-- name: Q :many\nSELECT DATE_ADD(updated, INTERVAL '1.5' SECOND_MICROSECOND) AS t FROM shops;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    assert!(a.ir.unwrap().queries[0].sql.contains("SECOND_MICROSECOND"));
}

#[test]
fn mysql_double_quoted_comments() {
    let schema = "CREATE TABLE notes (id INT PRIMARY KEY COMMENT \"the key\", body TEXT COMMENT \"what it says\") COMMENT=\"notes\";";
    check_engine(Engine::Mysql, schema, "SELECT id, body FROM notes", &[], &["id:i32", "body:text?"]);
}

#[test]
fn sqlite_multi_word_type_names() {
    let schema = "CREATE TABLE w (a VARYING CHARACTER(20), b NATIVE CHARACTER(8) NOT NULL, c UNSIGNED BIG INT, d DOUBLE PRECISION);";
    check_with(schema, "SELECT a, b, c, d FROM w", &[], &["a:text?", "b:text", "c:i64?", "d:f64?"]);
}

/// An INSERT … RETURNING whose conflict clause skips the row returns no row by design: the IR
/// marks it (`row_optional`) so that `:one` becomes `Option<T>`. Other statements are not marked.
#[test]
fn conflict_clauses_that_skip_rows_make_the_row_optional() {
    let optional = |engine: Engine, schema: &str, sql: &str| {
        let a = analyze_sql(engine, schema, &format!("-- name: Q :one\n{sql};\n"));
        assert!(!a.has_errors(), "{sql}:\n{}", a.render(false));
        a.ir.unwrap().queries[0].row_optional
    };
    let lite = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INT NOT NULL DEFAULT 0);";
    for (sql, expected) in [
        ("INSERT INTO t (name) VALUES (?) ON CONFLICT DO NOTHING RETURNING id", true),
        ("INSERT INTO t (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id", true),
        ("INSERT OR IGNORE INTO t (name) VALUES (?) RETURNING id", true),
        ("INSERT INTO t (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET n = n + 1 WHERE n < 10 RETURNING id", true),
        ("INSERT INTO t (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET n = n + 1 RETURNING id", false),
        ("INSERT OR REPLACE INTO t (name) VALUES (?) RETURNING id", false),
        ("INSERT INTO t (name) VALUES (?) RETURNING id", false),
        ("SELECT id FROM t WHERE name = ?", false),
        ("DELETE FROM t WHERE id = ? RETURNING name", false),
    ] {
        assert_eq!(optional(Engine::Sqlite, lite, sql), expected, "{sql}");
    }
    let pg = "CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL UNIQUE);";
    assert!(optional(Engine::Postgresql, pg, "INSERT INTO t (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id"));
    assert!(!optional(Engine::Postgresql, pg, "INSERT INTO t (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id"));
}

/// In an upsert's DO UPDATE, SQLite reads an unqualified column as the target table's; PostgreSQL
/// finds it ambiguous between the table and `excluded` (both checked on the real engines).
#[test]
fn unqualified_columns_in_do_update() {
    let lite = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INT NOT NULL DEFAULT 0, note TEXT);";
    let q = "INSERT INTO t (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET n = n + 1, note = coalesce(excluded.note, note) WHERE n < ? RETURNING n, note";
    check_engine(Engine::Sqlite, lite, q, &["name:text", "n:i64"], &["n:i64", "note:text?"]);
    let pg = "CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL UNIQUE, n int NOT NULL DEFAULT 0);";
    let a = analyze_sql(Engine::Postgresql, pg, "-- name: Q :one\nINSERT INTO t (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET n = n + 1 RETURNING n;\n");
    assert!(a.render(false).contains("ambiguous column `n`"), "{}", a.render(false));
    check_engine(Engine::Postgresql, pg, "INSERT INTO t (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET n = t.n + excluded.n RETURNING n", &["name:text"], &["n:i32"]);
}

/// PostgreSQL's date/time operators, each pair as the server types it (checked with views on a
/// live server): differences of instants are intervals, of dates integers; intervals shift dates
/// and times; a parameter beside an instant takes the instant's type.
#[test]
fn pg_date_time_arithmetic() {
    let schema = "CREATE TABLE ev (d date NOT NULL, t time NOT NULL, ts timestamp NOT NULL, tz timestamptz NOT NULL, iv interval NOT NULL, n int NOT NULL, f float8 NOT NULL, opt date);";
    let q = |sql: &str, cols: &[&str]| check_engine(Engine::Postgresql, schema, sql, &[], cols);
    q("SELECT d - d AS a, tz - tz AS b, ts - ts AS c, t - t AS e, tz - ts AS g FROM ev", &["a:i32", "b:interval", "c:interval", "e:interval", "g:interval"]);
    q("SELECT d + n AS a, n + d AS b, d - n AS c, d + iv AS e, d - iv AS g, d + t AS h FROM ev", &["a:date", "b:date", "c:date", "e:timestamp", "g:timestamp", "h:timestamp"]);
    q("SELECT ts + iv AS a, iv + tz AS b, tz - iv AS c, t + iv AS e, iv - iv AS g, iv * 2 AS h, f * iv AS i, iv / f AS j FROM ev", &["a:timestamp", "b:timestamptz", "c:timestamptz", "e:time", "g:interval", "h:interval", "i:interval", "j:interval"]);
    q("SELECT now() - tz AS age, opt - d AS gap FROM ev", &["age:interval", "gap:i32?"]);
    check_engine(Engine::Postgresql, schema, "SELECT now() - $1 AS x", &["p1:timestamptz"], &["x:interval"]);
    check_engine(Engine::Postgresql, schema, "SELECT d FROM ev WHERE tz > now() - $1::interval", &["p1:interval"], &["d:date"]);
}

/// A parameter the query tests for NULL is meant to be NULL sometimes: it is nullable wherever
/// else it appears (the optional-filter idiom), on every engine.
#[test]
fn parameters_tested_for_null_are_nullable() {
    pg("SELECT name FROM users WHERE ($1::int IS NULL OR age = $1)", &["age:i32?"], &["name:text"]);
    pg("SELECT name FROM users WHERE (age = @age OR @age::int IS NULL)", &["age:i32?"], &["name:text"]);
    pg("SELECT name FROM users WHERE age IS NOT DISTINCT FROM $1", &["age:i32?"], &["name:text"]);
    pg("SELECT name FROM users WHERE (sqlc.arg(min)::int IS NULL OR age >= sqlc.arg(min))", &["min:i32?"], &["name:text"]);
    // Not tested for NULL: stays as the comparison types it.
    pg("SELECT name FROM users WHERE age = $1 AND email IS NULL", &["age:i32"], &["name:text"]);
    check("SELECT name FROM authors WHERE (?1 IS NULL OR id = ?1)", &["id:i64?"], &["name:text"]);
    check("SELECT name FROM authors WHERE bio IS NOT ? ", &["bio:text?"], &["name:text"]);
    check("SELECT name, bio IS ? AS same FROM authors", &["bio:text?"], &["name:text", "same:bool"]);
}

#[test]
fn pg_unknown_column_types_are_errors_unless_an_extension_may_define_them() {
    let r = analyze_sql(Engine::Postgresql, "CREATE TABLE t (\n  id STRING\n);", "-- name: Q :one\nSELECT 1;\n").render(false);
    assert!(r.contains("column `id`: unknown type `STRING`") && r.contains("schema.sql:2:3"), "{r}");
    // Built-in types without a Rust mapping, created types and extension schemas are fine.
    for schema in [
        "CREATE TABLE t (doc tsvector, at point, r int4range);",
        "CREATE TYPE pair AS (a int, b int);\nCREATE TABLE t (p pair, ps pair[]);",
        "CREATE EXTENSION IF NOT EXISTS postgis_raster;\nCREATE TABLE t (r raster);",
    ] {
        let a = analyze_sql(Engine::Postgresql, schema, "-- name: Q :one\nSELECT 1;\n");
        assert!(!a.has_errors(), "{schema}: {}", a.render(false));
    }
}

/// `sqlc.slice` on PostgreSQL is one array parameter, whether written as a list (`IN (…)`, which
/// becomes `= ANY($1)`) or already inside `ANY`/`ALL`: never an array of arrays.
#[test]
fn pg_slice_inside_any_is_the_array_itself() {
    pg("SELECT name FROM users WHERE id = ANY(sqlc.slice(ids))", &["ids:i64[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE age <> ALL(sqlc.slice(ages))", &["ages:i32[]"], &["name:text"]);
    pg("SELECT name FROM users WHERE id IN (sqlc.slice(ids))", &["ids:i64[]"], &["name:text"]);
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :many\nSELECT name FROM users WHERE id = ANY(sqlc.slice(ids));\n");
    assert_eq!(a.ir.unwrap().queries[0].sql, "SELECT name FROM users WHERE id = ANY($1)");
}

#[test]
fn pg_partitions_have_their_parents_columns() {
    let schema = "CREATE TABLE reading (sensor int NOT NULL, taken date NOT NULL, value real) PARTITION BY RANGE (taken);\n\
        CREATE TABLE reading_2024 PARTITION OF reading FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
        CREATE INDEX reading_2024_value ON reading_2024 (value);";
    check_engine(Engine::Postgresql, schema, "SELECT * FROM reading_2024", &[], &["sensor:i32", "taken:date", "value:f32?"]);
}

/// `array_agg` keeps NULL inputs as NULL elements: over a nullable value the elements are
/// nullable (`Vec<Option<T>>`), over a non-null one they are not; the array itself is NULL on
/// empty input without GROUP BY.
#[test]
fn pg_array_agg_element_nullability() {
    pg("SELECT array_agg(age) AS ages, array_agg(name) AS names FROM users", &[], &["ages:i32?[]?", "names:text[]?"]);
    pg("SELECT u.id, array_agg(p.title) AS titles FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id", &[], &["id:i64", "titles:text?[]"]);
    pg("SELECT array_agg(p.id) AS ids FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE p.id IS NOT NULL", &[], &["ids:i32[]?"]);
}

#[test]
fn pg_simple_case_untyped_operand_is_text() {
    // PostgreSQL resolves an untyped simple-CASE operand as text before comparing it, so it can
    // be compared with text values only; the server rejects `CASE $1 WHEN true` (text = boolean).
    pg("SELECT CASE $1 WHEN 'a' THEN 1 ELSE 2 END AS x", &["p1:text?"], &["x:i32"]);
    let a = analyze_sql(Engine::Postgresql, "", "-- name: Q :one\nSELECT CASE $1 WHEN true THEN 'y' WHEN false THEN 'n' END AS x;\n");
    let r = a.render(false);
    assert!(a.has_errors(), "{r}");
    assert!(r.contains("query.sql:2:21") && r.contains("types as text") && r.contains("boolean value") && r.contains("$1::boolean"), "{r}");
    let a = analyze_sql(Engine::Postgresql, "", "-- name: Q :one\nSELECT CASE $1 WHEN 1 THEN 'y' END AS x;\n");
    assert!(a.render(false).contains("integer value"), "{}", a.render(false));
    // The hint names the operand as written; a quoted literal is untyped as a parameter is.
    let r = analyze_sql(Engine::Postgresql, "", "-- name: Q :one\nSELECT CASE @flag WHEN true THEN 1 END AS x;\n").render(false);
    assert!(r.contains("an untyped parameter") && r.contains("`CASE @flag::boolean WHEN ...`"), "{r}");
    let r = analyze_sql(Engine::Postgresql, "", "-- name: Q :one\nSELECT CASE 'x' WHEN 1 THEN 1 END AS x;\n").render(false);
    assert!(r.contains("an untyped literal") && r.contains("integer value"), "{r}");
    let r = analyze_sql(Engine::Postgresql, "", "-- name: Q :one\nSELECT CASE NULL WHEN 1 THEN 1 END AS x;\n").render(false);
    assert!(r.contains("the CASE operand is NULL"), "{r}");
    pg("SELECT CASE 'x' WHEN 'y' THEN 1 ELSE 2 END AS x", &[], &["x:i32"]);
    // A typed operand is compared as it is; a cast parameter is typed.
    pg("SELECT CASE $1::boolean WHEN true THEN 'y' ELSE 'n' END AS x", &["p1:bool"], &["x:text"]);
}

#[test]
fn empty_select_lists() {
    // PostgreSQL returns rows without columns for `SELECT FROM t`; SQLite and MySQL reject it.
    let a = analyze_sql(Engine::Postgresql, "CREATE TABLE bar (id serial NOT NULL, name text);", "-- name: Q :many\nSELECT FROM bar LIMIT 5;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    let q = &a.ir.as_ref().unwrap().queries[0];
    assert!(q.columns.is_empty() && q.params.is_empty());
    for engine in [Engine::Sqlite, Engine::Mysql] {
        let a = analyze_sql(engine, "CREATE TABLE bar (id INT NOT NULL);", "-- name: Q :many\nSELECT FROM bar;\n");
        let r = a.render(false);
        // SQLite's grammar already refuses it; where the parser reads it, the analyzer does.
        let said = r.contains("needs at least one column after SELECT") && r.contains("query.sql:2:1");
        assert!(a.has_errors() && (said || r.contains("syntax error: Expected an expression, found: FROM")), "{engine:?}: {r}");
    }
    // A DML statement without RETURNING still returns no rows at all.
    let a = analyze_sql(Engine::Postgresql, "CREATE TABLE bar (id int);", "-- name: Q :many\nDELETE FROM bar;\n");
    assert!(a.render(false).contains("is :many but returns no columns"), "{}", a.render(false));
}

#[test]
fn mysql_multi_table_update() {
    let schema = "CREATE TABLE authors (id INT PRIMARY KEY, name TEXT NOT NULL, deleted_at DATETIME);
                  CREATE TABLE books (id INT PRIMARY KEY, author_id INT NOT NULL, is_amazing TINYINT(1) NOT NULL, deleted_at DATETIME, pages INT);";
    let run = |q: &str, params: &[&str]| check_engine(Engine::Mysql, schema, q, params, &[]);
    // The comma form: each SET target takes the type of the table it names.
    run("UPDATE authors, books SET authors.deleted_at = ?, books.pages = ? WHERE books.is_amazing = 1 AND authors.name = ?", &["deleted_at:timestamp?", "pages:i32?", "name:text"]);
    // The JOIN form, aliases, and an unqualified column found in the second table only.
    run("UPDATE authors a JOIN books b ON b.author_id = a.id SET b.is_amazing = ?, pages = ? WHERE a.id = ?", &["is_amazing:bool", "pages:i32?", "id:i32"]);
    let err = |q: &str, needles: &[&str]| {
        let a = analyze_sql(Engine::Mysql, schema, &format!("-- name: Q :exec\n{q};\n"));
        let r = a.render(false);
        assert!(a.has_errors(), "{q}: {r}");
        for n in needles {
            assert!(r.contains(n), "{q}: {n:?} not in {r}");
        }
    };
    err("UPDATE authors, books SET bokos.pages = 1", &["`bokos` is not a table of this UPDATE", "did you mean `books`?", "query.sql:2:27"]);
    err("UPDATE authors, books SET books.pagez = 1", &["unknown column `pagez`", "did you mean `pages`?"]);
    err("UPDATE authors, nope SET authors.name = 'x'", &["nope"]);
}

#[test]
fn limit_parameter_types() {
    // SQLite takes a negative LIMIT as "no limit"; PostgreSQL prepares LIMIT/OFFSET as bigint;
    // MySQL takes 0 to 2^64-1 and rejects a negative value.
    check("SELECT name FROM authors LIMIT ? OFFSET ?", &["limit:i64", "offset:i64"], &["name:text"]);
    check_engine(Engine::Mysql, "CREATE TABLE t (a INT NOT NULL);", "SELECT a FROM t LIMIT ? OFFSET ?", &["limit:unsigned(64)", "offset:unsigned(64)"], &["a:i32"]);
    check_engine(Engine::Mysql, "CREATE TABLE t (a INT NOT NULL);", "SELECT a FROM t LIMIT ?, ?", &["offset:unsigned(64)", "limit:unsigned(64)"], &["a:i32"]);
    check_engine(Engine::Mysql, "CREATE TABLE t (a INT NOT NULL);", "SELECT a FROM t LIMIT 10 OFFSET ?", &["offset:unsigned(64)"], &["a:i32"]);
    // MySQL's grammar takes no expression there (the server: a syntax error near `-1`, `+1`).
    for bad in ["LIMIT -1", "LIMIT ? + 1", "LIMIT 5 OFFSET 2 * ?"] {
        let r = analyze_sql(Engine::Mysql, "CREATE TABLE t (a INT NOT NULL);", &format!("-- name: Q :many\nSELECT a FROM t {bad};\n")).render(false);
        assert!(r.contains("takes a non-negative integer or a parameter here"), "{bad}: {r}");
    }
    // PostgreSQL takes expressions.
    pg("SELECT name FROM users LIMIT $1 + 1", &["limit:i64"], &["name:text"]);
}

#[test]
fn mysql_show_warnings_and_errors() {
    // The server describes Level and Message as VARCHAR NOT NULL and Code as INT UNSIGNED NOT NULL.
    for q in ["SHOW WARNINGS", "show errors"] {
        check_engine(Engine::Mysql, "", q, &[], &["Level:text", "Code:unsigned(32)", "Message:text"]);
    }
    // Other SHOW statements are not queries sqlweave types.
    let a = analyze_sql(Engine::Mysql, "", "-- name: Q :many\nSHOW PROCESSLIST;\n");
    assert!(a.render(false).contains("unsupported statement"), "{}", a.render(false));
    let a = analyze_sql(Engine::Postgresql, "", "-- name: Q :many\nSHOW WARNINGS;\n");
    assert!(a.has_errors(), "PostgreSQL has no SHOW WARNINGS");
}

#[test]
fn pg_create_table_like_elements() {
    let base = "CREATE TABLE changes (id serial PRIMARY KEY, ranked INT NOT NULL, note text DEFAULT 'n', twice int GENERATED ALWAYS AS (ranked * 2) STORED);";
    let cols = |schema: &str, q: &str| {
        let a = analyze_sql(Engine::Postgresql, &format!("{base}\n{schema}"), &format!("-- name: Q :many\n{q};\n"));
        assert!(!a.has_errors(), "{}", a.render(false));
        let q = &a.ir.as_ref().unwrap().queries[0];
        q.columns.iter().map(|c| format!("{}:{}{}", c.name, ty_name(&c.ty), if c.nullable { "?" } else { "" })).collect::<Vec<_>>()
    };
    // The source's columns, types and NOT NULL, at the LIKE's place among the columns.
    assert_eq!(
        cols("CREATE TABLE ranked (before_ int NOT NULL, LIKE changes INCLUDING ALL, rank_by INT NOT NULL);", "SELECT * FROM ranked"),
        ["before_:i32", "id:i32", "ranked:i32", "note:text?", "twice:i32?", "rank_by:i32"]
    );
    assert_eq!(cols("CREATE TABLE only_like (LIKE public.changes);", "SELECT * FROM only_like"), ["id:i32", "ranked:i32", "note:text?", "twice:i32?"]);
    // Without INCLUDING GENERATED a generated column is a plain one, which INSERT may set; with
    // it, INSERT may not.
    let insert = |schema: &str| analyze_sql(Engine::Postgresql, &format!("{base}\n{schema}"), "-- name: Q :exec\nINSERT INTO t (id, ranked, twice) VALUES ($1, $2, $3);\n");
    assert!(!insert("CREATE TABLE t (LIKE changes EXCLUDING ALL);").has_errors());
    assert!(insert("CREATE TABLE t (LIKE changes INCLUDING GENERATED);").render(false).contains("generated column `twice`"));
    // Errors: an unknown source, a column given twice.
    let err = |schema: &str| analyze_sql(Engine::Postgresql, &format!("{base}\n{schema}"), "-- name: Q :one\nSELECT 1 AS x;\n").render(false);
    let e = err("CREATE TABLE t (LIKE chnages, x int);");
    assert!(e.contains("unknown table `chnages` in LIKE") && e.contains("did you mean `changes`?") && e.contains("schema.sql:2:22"), "{e}");
    let e = err("CREATE TABLE t (ranked int, LIKE changes);");
    assert!(e.contains("column `ranked` of `changes` is specified more than once"), "{e}");
}

const COMPOSITE_SCHEMA: &str = r#"
CREATE SCHEMA foo;
CREATE TYPE point_type AS (x integer, y integer);
CREATE TYPE foo.point_type AS (x integer, y integer, label text);
CREATE TYPE segment AS (a point_type, b point_type, tags text[]);
CREATE TABLE foo.paths (
  id serial PRIMARY KEY,
  point_one point_type,
  point_two foo.point_type NOT NULL,
  track point_type[],
  seg segment
);
"#;

fn pgc(query: &str, params: &[&str], cols: &[&str]) {
    check_engine(Engine::Postgresql, COMPOSITE_SCHEMA, query, params, cols)
}

fn pgc_err(query: &str, needles: &[&str]) {
    let a = analyze_sql(Engine::Postgresql, COMPOSITE_SCHEMA, &format!("-- name: Q :many\n{query};\n"));
    assert!(a.has_errors(), "expected an error for {query}");
    let r = a.render(false);
    for n in needles {
        assert!(r.contains(n), "error for {query} lacks {n:?}:\n{r}");
    }
}

#[test]
fn pg_composite_types_in_the_catalog() {
    let a = analyze_sql(Engine::Postgresql, COMPOSITE_SCHEMA, "-- name: Q :many\nSELECT * FROM foo.paths;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    let ir = a.ir.unwrap();
    // `point_type` and `foo.point_type` are two types, with their own fields.
    let names: Vec<&str> = ir.composites.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["point_type", "foo.point_type", "segment"]);
    let fields: Vec<String> = ir.composites[1].fields.iter().map(|f| format!("{}:{}{}", f.name, ty_name(&f.ty), if f.nullable { "?" } else { "" })).collect();
    assert_eq!(fields, ["x:i32?", "y:i32?", "label:text?"]);
    let seg: Vec<String> = ir.composites[2].fields.iter().map(|f| format!("{}:{}", f.name, ty_name(&f.ty))).collect();
    assert_eq!(seg, ["a:composite point_type", "b:composite point_type", "tags:text[]"]);
    assert_eq!(ir.composites[0].fields[0].db_type.as_deref(), Some("INTEGER"));
    pgc(
        "SELECT * FROM foo.paths",
        &[],
        &["id:i32", "point_one:composite point_type?", "point_two:composite foo.point_type", "track:composite point_type[]?", "seg:composite segment?"],
    );
    // Quoted and `public.`-qualified references name the same types.
    check_engine(
        Engine::Postgresql,
        "CREATE SCHEMA \"Geo\";\nCREATE TYPE \"Geo\".pt AS (x float8);\nCREATE TYPE public.pt AS (x int);\nCREATE TABLE t (a \"Geo\".pt, b public.pt, c \"pt\");",
        "SELECT a, b, c FROM t",
        &[],
        &["a:composite Geo.pt?", "b:composite pt?", "c:composite pt?"],
    );
}

#[test]
fn pg_composite_field_access() {
    pgc("SELECT (point_one).x, (point_two).label FROM foo.paths", &[], &["x:i32?", "label:text?"]);
    // A field of a NOT NULL composite may still be NULL; qualified roots and nesting work.
    pgc("SELECT (p.point_two).y AS y, ((p.seg).a).x AS ax, (seg).tags FROM foo.paths p", &[], &["y:i32?", "ax:i32?", "tags:text[]?"]);
    pgc("SELECT (track[1]).x AS first_x FROM foo.paths", &[], &["first_x:i32?"]);
    // A field compared with a parameter gives it its type.
    pgc("SELECT id FROM foo.paths WHERE (point_one).x = $1 AND (point_two).label = @label", &["p1:i32", "label:text"], &["id:i32"]);
    pgc("SELECT coalesce((point_one).x, 0) AS x FROM foo.paths", &[], &["x:i32"]);
}

#[test]
fn pg_composite_parameters_and_casts() {
    pgc("INSERT INTO foo.paths (point_one, point_two) VALUES ($1, $2)", &["point_one:composite point_type?", "point_two:composite foo.point_type"], &[]);
    pgc("SELECT id FROM foo.paths WHERE point_one = $1", &["point_one:composite point_type"], &["id:i32"]);
    pgc("SELECT $1::point_type AS p, CAST($2 AS foo.point_type) AS q, $3::point_type[] AS ps", &["p1:composite point_type", "p2:composite foo.point_type", "p3:composite point_type[]"], &["p:composite point_type", "q:composite foo.point_type", "ps:composite point_type[]"]);
    pgc("SELECT ($1::foo.point_type).label AS l", &["p1:composite foo.point_type"], &["l:text?"]);
    // Row constructors take their fields' types where a composite is expected.
    pgc("SELECT ROW($1, $2)::point_type AS p", &["x:i32?", "y:i32?"], &["p:composite point_type"]);
    pgc("UPDATE foo.paths SET point_two = ROW(@x, @y, 'home') WHERE id = @id", &["x:i32?", "y:i32?", "id:i32"], &[]);
    pgc("INSERT INTO foo.paths (point_two) VALUES ((1, 2, $1))", &["label:text?"], &[]);
    // Compared with a composite, a row's bare parameter gets no type on the server ("could not
    // determine data type of parameter $1"): an error with the cast to add; a cast one is fine.
    pgc_err("SELECT id FROM foo.paths WHERE point_one = ROW(1, $1)", &["PostgreSQL cannot type a bare parameter in a row compared with composite type `point_type`", "query.sql:2:51", "ROW($1, $2)::point_type"]);
    pgc_err("SELECT id FROM foo.paths WHERE (@x, 2) <> point_one", &["cannot type a bare parameter"]);
    pgc("SELECT id FROM foo.paths WHERE point_one = ROW(1, $1::int)", &["p1:i32"], &["id:i32"]);
    pgc("SELECT id FROM foo.paths WHERE point_one = ROW($1, $2)::point_type", &["x:i32?", "y:i32?"], &["id:i32"]);
}

#[test]
fn pg_composite_errors() {
    pgc_err("SELECT (point_one).nope FROM foo.paths", &["unknown field `nope` of composite type `point_type`", "its fields are: x, y", "query.sql:2:20"]);
    pgc_err("SELECT (point_two).lable FROM foo.paths", &["unknown field `lable` of composite type `foo.point_type`", "did you mean `label`?"]);
    pgc_err("SELECT (id).x FROM foo.paths", &["`(id)` is an integer, not a composite type: it has no field `x`"]);
    pgc_err("SELECT ROW(1, 2, 3)::point_type AS p", &["a row of 3 values cannot be composite type `point_type`, which has 2 fields"]);
    // A schema that has no such type is not the bare type's schema.
    pgc("SELECT $1::nope.point_type AS p", &["p1:any"], &["p:any"]);
    let bad = analyze_sql(Engine::Postgresql, "CREATE TYPE t AS (a int, a text);\nCREATE TYPE u AS (b frob);", "-- name: Q :exec\nSELECT 1;\n");
    let r = bad.render(false);
    assert!(r.contains("composite type `t`: field `a` is defined twice"), "{r}");
    assert!(r.contains("composite type `u`, field `b`: unknown type `frob`"), "{r}");
    // Renames and drops follow into columns.
    let schema = "CREATE TYPE pt AS (x int);\nALTER TYPE pt RENAME TO point2;\nCREATE TABLE t (p point2);";
    check_engine(Engine::Postgresql, schema, "SELECT (p).x, p FROM t", &[], &["x:i32?", "p:composite point2?"]);
}

#[test]
fn pg_composite_attribute_changes_are_refused() {
    let schema = "CREATE TYPE pt AS (x int);\nALTER TYPE pt ADD ATTRIBUTE y int;\nALTER TYPE pt OWNER TO postgres;";
    let r = analyze_sql(Engine::Postgresql, schema, "-- name: Q :exec\nSELECT 1;\n").render(false);
    assert!(r.contains("ALTER TYPE … ATTRIBUTE is not supported: the fields of composite type `pt` would change unseen"), "{r}");
    assert!(r.contains("schema.sql:2:1"), "{r}");
    assert_eq!(r.matches("error").count(), 1, "{r}");
}

#[test]
fn pg_internal_char_and_types_without_a_rust_reader() {
    // `"char"` is PostgreSQL's one-byte type (read as i8), not char(n), which is text.
    check_engine(Engine::Postgresql, "CREATE TABLE t (flag \"char\" NOT NULL, c char(3));", "SELECT flag, c FROM t WHERE flag = $1", &["flag:char"], &["flag:char", "c:text?"]);
    // The catalog tables: NOT NULL as pg_attribute says, relkind a "char".
    pg("SELECT count(*) AS total FROM pg_catalog.pg_class WHERE relkind = $1", &["relkind:char"], &["total:i64"]);
    pg("SELECT c.relname, n.nspname, c.reltuples, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace", &[], &["relname:text", "nspname:text", "reltuples:f32", "reloptions:text[]?"]);
    pg("SELECT oid, relnamespace FROM pg_class WHERE oid = $1", &["oid:unsigned(32)"], &["oid:unsigned(32)", "relnamespace:unsigned(32)"]);
    // Built-in types that no mapped Rust type reads are known, but must be cast to be read.
    for t in ["money", "timetz", "time with time zone", "cidr", "macaddr", "macaddr8"] {
        let a = analyze_sql(Engine::Postgresql, &format!("CREATE TABLE t (v {t});"), "-- name: Q :many\nSELECT v FROM t;\n");
        assert!(!a.has_errors(), "{t}: {}", a.render(false));
        assert_eq!(a.ir.as_ref().unwrap().queries[0].columns[0].ty, ValueType::Any, "{t}");
    }
    check_engine(Engine::Postgresql, "CREATE TABLE t (v inet, m money);", "SELECT v, m::numeric AS m FROM t", &[], &["v:inet?", "m:numeric?"]);
}

#[test]
fn where_proves_expressions_non_null_too() {
    // A row passes `E op x` only when E is not NULL, so the same E in the select list is not NULL.
    check("SELECT lower(bio) AS l, upper(bio) AS u FROM authors WHERE lower(bio) = ?", &["p1:text"], &["l:text", "u:text?"]);
    check("SELECT json_extract(bio, '$.a') AS j FROM authors WHERE json_extract(bio, '$.a') > ?", &["p1:any"], &["j:any"]);
    // Spelling and spacing do not matter; a literal's case does.
    check("SELECT LOWER( bio ) AS l FROM authors WHERE lower(bio) = ?", &["p1:text"], &["l:text"]);
    check("SELECT nullif(bio, 'A') AS n FROM authors WHERE nullif(bio, 'a') = ?", &["p1:text"], &["n:text?"]);
    // Not through OR, and not for a test that NULL passes.
    check("SELECT lower(bio) AS l FROM authors WHERE lower(bio) = 'a' OR id = 1", &[], &["l:text?"]);
    check("SELECT lower(bio) AS l FROM authors WHERE lower(bio) IS NULL OR lower(bio) <> 'x'", &[], &["l:text?"]);
    // PostgreSQL's containment and regex operators reject NULL like comparisons.
    let schema = "CREATE TABLE tx (data jsonb, tags text[], note text);";
    check_engine(
        Engine::Postgresql,
        schema,
        "SELECT jsonb_extract_path(data, 'a') AS a, tags, note FROM tx WHERE jsonb_extract_path(data, 'a') @> to_jsonb($1::text) AND tags && $2::text[] AND note ~ 'x'",
        &["p1:text", "p2:text[]"],
        &["a:json", "tags:text[]", "note:text"],
    );
}

#[test]
fn pg_sql_function_bodies_that_cannot_return_null() {
    let schema = "CREATE TABLE t (id int PRIMARY KEY, n int);
CREATE FUNCTION one() RETURNS integer AS $$ SELECT 1 $$ LANGUAGE SQL;
CREATE FUNCTION plus(a integer, b integer) RETURNS integer AS $$ SELECT a + b $$ LANGUAGE sql;
CREATE FUNCTION first_n() RETURNS integer AS $$ SELECT n FROM t LIMIT 1 $$ LANGUAGE SQL;
CREATE FUNCTION total() RETURNS bigint AS $$ SELECT count(*) FROM t $$ LANGUAGE SQL;
CREATE FUNCTION maybe(a integer) RETURNS integer AS $$ SELECT NULLIF(a, 0) $$ LANGUAGE SQL;
CREATE FUNCTION pl(a integer) RETURNS integer AS $$ BEGIN RETURN a; END; $$ LANGUAGE plpgsql;";
    let q = |sql: &str, params: &[&str], cols: &[&str]| check_engine(Engine::Postgresql, schema, sql, params, cols);
    // One row of a value that is not NULL unless an argument is.
    q("SELECT one() AS a, total() AS b", &[], &["a:i32", "b:i64"]);
    q("SELECT plus($1, 2) AS a, plus(n, 1) AS b FROM t", &["a:i32"], &["a:i32", "b:i32?"]);
    // A body that may find no row, or yield NULL: nullable. A PL/pgSQL body of one RETURN is
    // read as its expression (pg_plpgsql_bodies_of_one_return).
    q("SELECT first_n() AS a, maybe(1) AS b, pl(1) AS c", &[], &["a:i32?", "b:i32?", "c:i32"]);
}

#[test]
fn trial_findings_are_fixed_with_their_neighbours() {
    // UPDATE ... RETURNING shows the new row: a WHERE test of the old value proves nothing.
    check("UPDATE authors SET bio = NULL WHERE lower(bio) = ? RETURNING lower(bio) AS l", &["p1:text"], &["l:text?"]);
    check("UPDATE authors SET name = 'x' WHERE upper(bio) > 'a' RETURNING upper(bio) AS u", &[], &["u:text?"]);
    // DELETE ... RETURNING shows the deleted row, which passed the WHERE.
    check("DELETE FROM authors WHERE lower(bio) = ? RETURNING lower(bio) AS l", &["p1:text"], &["l:text"]);
    // PostgreSQL: LIKE of a view copies no NOT NULL (a view's columns have no constraints).
    check_engine(
        Engine::Postgresql,
        "CREATE TABLE src (id serial PRIMARY KEY, name text NOT NULL);\nCREATE VIEW v AS SELECT id, upper(name) AS un FROM src;\nCREATE TABLE t2 (LIKE v);",
        "SELECT * FROM t2",
        &[],
        &["id:i32?", "un:text?"],
    );
    // PostgreSQL: an array of an unknown type is as unknown as the type.
    let a = analyze_sql(Engine::Postgresql, "CREATE TABLE t (id int, p nosuchtype[]);", "-- name: Q :one\nSELECT 1 AS x;\n");
    assert!(a.render(false).contains("unknown type `nosuchtype[]`"), "{}", a.render(false));
    // MySQL: DATE with DATETIME aggregates to DATETIME; an unqualified SET column two tables
    // have is ambiguous; SHOW WARNINGS takes a LIMIT.
    let my_schema = "CREATE TABLE a (id INT PRIMARY KEY, d DATE, x INT);\nCREATE TABLE b (id INT PRIMARY KEY, y INT);";
    check_engine(Engine::Mysql, my_schema, "SELECT COALESCE(d, NOW()) AS c, CASE WHEN id > 1 THEN d ELSE NOW() END AS e FROM a", &[], &["c:timestamp", "e:timestamp?"]);
    let r = analyze_sql(Engine::Mysql, my_schema, "-- name: Q :exec\nUPDATE a, b SET id = ?;\n").render(false);
    assert!(r.contains("column `id` in SET is ambiguous: a, b all have it") && r.contains("query.sql:2:17") && r.contains("`a.id`"), "{r}");
    check_engine(Engine::Mysql, my_schema, "UPDATE a, b SET x = ?, y = ? WHERE a.id = b.id", &["x:i32?", "y:i32?"], &[]);
    check_engine(Engine::Mysql, "", "SHOW WARNINGS LIMIT 5", &[], &["Level:text", "Code:unsigned(32)", "Message:text"]);
}

#[test]
fn a_statement_that_ends_too_early_is_reported_at_its_end() {
    for (engine, q, at) in [
        (Engine::Sqlite, "UPDATE authors SET name = 'x'\nWHERE id = ? RETURNING;", "query.sql:3:23"),
        (Engine::Postgresql, "UPDATE users SET name = $1 RETURNING WITH (OLD AS o;", "query.sql:2:52"),
        (Engine::Mysql, "SELECT id FROM shops WHERE", "query.sql:2:27"),
    ] {
        let schema = match engine {
            Engine::Sqlite => SCHEMA,
            Engine::Postgresql => PG_SCHEMA,
            Engine::Mysql => MY_SCHEMA,
        };
        let r = analyze_sql(engine, schema, &format!("-- name: Q :one\n{q}\n")).render(false);
        assert!(r.contains("found: EOF") && r.contains(at), "{engine:?} {q}: {r}");
    }
}

#[test]
fn the_cast_hint_for_an_untyped_parameter_uses_the_engines_placeholder() {
    for (engine, q, hint) in [
        (Engine::Sqlite, "SELECT ?2 AS a, ?1 AS b", "CAST(?1 AS INTEGER)"),
        (Engine::Postgresql, "SELECT $1 AS a", "CAST($1 AS INTEGER)"),
        (Engine::Mysql, "SELECT ? AS a", "CAST(? AS INTEGER)"),
        (Engine::Sqlite, "SELECT sqlc.arg(v) AS a", "CAST(sqlc.arg(v) AS INTEGER)"),
    ] {
        let r = analyze_sql(engine, "", &format!("-- name: Q :one\n{q};\n")).render(false);
        assert!(r.contains("cannot infer the type of parameter") && r.contains(hint), "{engine:?}: {r}");
    }
}

#[test]
fn a_scalar_subquery_is_named_after_its_column() {
    check("SELECT (SELECT name FROM authors LIMIT 1), (SELECT max(id) AS top FROM books) FROM tags", &[], &["name:text?", "top:i64?"]);
    pg("SELECT (SELECT title FROM posts LIMIT 1)", &[], &["title:text?"]);
}

#[test]
fn pg_composite_field_assignment() {
    // `SET p.x = ...` (nested too) assigns one field; PREPARE types the parameters as the fields.
    pgc("UPDATE foo.paths SET point_one.x = $1, point_one.y = $2 WHERE id = $3", &["x:i32?", "y:i32?", "id:i32"], &[]);
    pgc("UPDATE foo.paths SET seg.a.x = @ax", &["ax:i32?"], &[]);
    pgc_err("UPDATE foo.paths SET point_one.z = 1", &["composite type `point_type` has no field `z`"]);
    pgc_err("UPDATE foo.paths SET seg.tags.x = 1", &["`x` is not a field"]);
    pgc("INSERT INTO foo.paths (point_two, point_one.x) VALUES ($1, $2)", &["point_two:composite foo.point_type", "x:i32?"], &[]);
    pgc_err("INSERT INTO foo.paths (point_two, point_one.q) VALUES ($1, 1)", &["has no field `q`", "did you mean"]);
}

#[test]
fn pg_function_results_are_non_null_only_when_proven() {
    let schema = "CREATE TABLE t (id int PRIMARY KEY);
CREATE FUNCTION ow(a int) RETURNS int AS $$ SELECT NULLIF(a, 0) $$ LANGUAGE sql;
CREATE FUNCTION ow(a int, b int) RETURNS int AS $$ SELECT a + b $$ LANGUAGE sql;
CREATE FUNCTION f_fetch(a int) RETURNS int AS $$ SELECT a FETCH FIRST 0 ROWS ONLY $$ LANGUAGE sql;
CREATE FUNCTION f_srf(a int) RETURNS int AS $$ SELECT generate_series(1, a) $$ LANGUAGE sql;
CREATE FUNCTION f_dflt(a int, b int DEFAULT NULL) RETURNS int AS $$ SELECT a + b $$ LANGUAGE sql;
CREATE FUNCTION f_flag(a text, up boolean DEFAULT false) RETURNS text AS $$ SELECT CASE WHEN up THEN upper(a) ELSE lower(a) END $$ LANGUAGE sql;
CREATE FUNCTION f_strict(a int) RETURNS int AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql STRICT;";
    let q = |sql: &str, cols: &[&str]| check_engine(Engine::Postgresql, schema, sql, &[], cols);
    // Overloads: the catalog cannot tell which body a call runs, so none proves anything.
    q("SELECT ow(1) AS v", &["v:i32?"]);
    // A body that may return no row, a NULL default, and STRICT (NULL in, NULL out; nothing more).
    q("SELECT f_fetch(1) AS a, f_srf(0) AS b, f_dflt(1) AS c, f_strict(1) AS d", &["a:i32?", "b:i32?", "c:i32?", "d:i32?"]);
    // A non-NULL literal default keeps the proof, with or without the argument.
    q("SELECT f_flag('A') AS a, f_flag('A', true) AS b, f_flag(a => 'x') AS c", &["a:text", "b:text", "c:text"]);
}

#[test]
fn pg_substring_with_a_pattern_may_find_nothing() {
    pg("SELECT substring($1::text FROM 'x(.)') AS a, substring(title FROM 2 FOR 3) AS b, substring('abc' FROM $2) AS c FROM posts WHERE title IS NOT NULL", &["p1:text", "p2:i64"], &["a:text?", "b:text", "c:text"]);
    pg("SELECT substring('abc' FROM '%#\"b#\"%' FOR '#') AS s", &[], &["s:text?"]);
    check("SELECT substring(name FROM 2) AS s FROM authors", &[], &["s:text"]);
}

#[test]
fn default_as_a_value_in_insert() {
    pg("INSERT INTO posts (user_id, title) VALUES ($1, DEFAULT) RETURNING id", &["user_id:i64?"], &["id:i32"]);
    check_engine(Engine::Mysql, "CREATE TABLE d (id INT PRIMARY KEY, v INT DEFAULT 5);", "INSERT INTO d (id, v) VALUES (?, DEFAULT)", &["id:i32"], &[]);
    // SQLite's grammar has no DEFAULT there.
    let r = analyze_sql(Engine::Sqlite, SCHEMA, "-- name: Q :exec\nINSERT INTO books (author_id, title, pages) VALUES (?, ?, DEFAULT);\n").render(false);
    assert!(r.contains("SQLite has no DEFAULT value in VALUES"), "{r}");
}

#[test]
fn row_values_in_set_and_comparisons() {
    // `SET (a, b) = (...)` and `= (SELECT ...)`: each value takes its column's type.
    pg("UPDATE posts SET (title, view_count) = ($1, $2) WHERE id = $3", &["title:text?", "view_count:i32", "id:i32"], &[]);
    pg("UPDATE posts SET (title, view_count) = (SELECT $1::text, $2::int) WHERE id = $3", &["p1:text", "p2:i32", "id:i32"], &[]);
    check("UPDATE books SET (title, pages) = (?, ?) WHERE id = ?", &["title:text", "pages:i64", "id:i64"], &[]);
    let r = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :exec\nUPDATE posts SET (title, view_count) = ($1, $2, $3);\n").render(false);
    assert!(r.contains("2 columns are set from 3 values"), "{r}");
    // Row comparison: element by element.
    check("SELECT id FROM books WHERE (author_id, pages) = (?, ?)", &["author_id:i64", "pages:i64"], &["id:i64"]);
    pg("SELECT id FROM posts WHERE (user_id, view_count) > ($1, $2)", &["user_id:i64", "view_count:i32"], &["id:i32"]);
}

#[test]
fn update_targets_by_engine_rules() {
    // PostgreSQL and SQLite take no table before a SET column (MySQL does, for multi-table UPDATE).
    for (engine, schema, q) in [
        (Engine::Postgresql, PG_SCHEMA, "UPDATE posts SET posts.title = $1 WHERE id = $2"),
        (Engine::Sqlite, SCHEMA, "UPDATE authors SET authors.name = ? WHERE id = ?"),
    ] {
        let r = analyze_sql(engine, schema, &format!("-- name: Q :exec\n{q};\n")).render(false);
        assert!(r.contains("SET takes a column name without its table") && r.contains("write `"), "{engine:?}: {r}");
    }
    // PostgreSQL assigns a column once; SQLite and MySQL take the last.
    let r = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :exec\nUPDATE posts SET title = 'a', title = $1;\n").render(false);
    assert!(r.contains("multiple assignments to the same column `title`"), "{r}");
    check("UPDATE authors SET name = 'a', name = ? WHERE id = ?", &["name:text", "id:i64"], &[]);
    let r = analyze_sql(Engine::Postgresql, COMPOSITE_SCHEMA, "-- name: Q :exec\nUPDATE foo.paths SET point_one.x = 1, point_one = NULL;\n").render(false);
    assert!(r.contains("multiple assignments to the same column `point_one`"), "{r}");
    pgc("UPDATE foo.paths SET point_one.x = $1, point_one.y = $2", &["x:i32?", "y:i32?"], &[]);
    // PostgreSQL's HAVING does not see select-list aliases; SQLite's does.
    let r = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :many\nSELECT view_count AS k, count(*) AS n FROM posts GROUP BY k HAVING k > $1;\n").render(false);
    assert!(r.contains("unknown column `k`"), "{r}");
    pg("SELECT view_count AS k, count(*) AS n FROM posts GROUP BY k HAVING view_count > $1", &["view_count:i32"], &["k:i32", "n:i64"]);
    check("SELECT pages AS k, count(*) AS n FROM books GROUP BY k HAVING k > ?", &["pages:i64"], &["k:i64", "n:i64"]);
}

#[test]
fn grouping_sets_rollup_and_cube() {
    // The coarser groups' rows hold NULL in the columns they do not group by; aggregates keep
    // their own nullability.
    pg("SELECT user_id, title, count(*) AS n FROM posts WHERE user_id IS NOT NULL AND title IS NOT NULL GROUP BY ROLLUP (user_id, title)", &[], &["user_id:i64?", "title:text?", "n:i64"]);
    pg("SELECT user_id, count(*) AS n FROM posts GROUP BY CUBE (user_id)", &[], &["user_id:i64?", "n:i64"]);
    pg("SELECT user_id, title, sum(view_count) AS s FROM posts GROUP BY GROUPING SETS ((user_id), (title), ())", &[], &["user_id:i64?", "title:text?", "s:i64?"]);
    check_engine(Engine::Mysql, "CREATE TABLE t (a INT NOT NULL, b INT NOT NULL);", "SELECT a, sum(b) AS s FROM t GROUP BY a WITH ROLLUP", &[], &["a:i32?", "s:numeric"]);
}

#[test]
fn pg_functions_returning_table() {
    let schema = "CREATE FUNCTION f_table(a int) RETURNS TABLE(x int) AS $$ SELECT a $$ LANGUAGE sql;
CREATE FUNCTION f_two(a int) RETURNS TABLE(x int, y text) AS $$ SELECT a, 'b' $$ LANGUAGE sql;";
    let q = |sql: &str, params: &[&str], cols: &[&str]| check_engine(Engine::Postgresql, schema, sql, params, cols);
    // In FROM, the table's columns; in the select list, its one column (a set, so maybe no row).
    q("SELECT * FROM f_two($1)", &["a:i32"], &["x:i32?", "y:text?"]);
    q("SELECT t.y FROM f_two(1) AS t WHERE t.x = $1", &["p1:i32"], &["y:text?"]);
    q("SELECT f_table($1) AS v", &["a:i32"], &["v:i32?"]);
}

#[test]
fn pg_polymorphic_functions_take_their_arguments_type() {
    let schema = "CREATE FUNCTION f_any(a anyelement) RETURNS anyelement AS $$ SELECT a $$ LANGUAGE sql;
CREATE FUNCTION pick(n int, a anycompatible, b anycompatible) RETURNS anycompatible AS $$ SELECT CASE WHEN n > 0 THEN a ELSE b END $$ LANGUAGE sql;";
    check_engine(Engine::Postgresql, schema, "SELECT f_any($1::text) AS a, f_any(2) AS b, pick(1, 2.5, 3.5) AS c", &["p1:text"], &["a:text", "b:i32", "c:numeric"]);
}

#[test]
fn pg_system_columns() {
    // Every table has them; only tableoid (oid) has a Rust type, the others need a cast.
    pg("SELECT tableoid, ctid::text AS c, xmin::text AS x FROM posts WHERE id = $1", &["id:i32"], &["tableoid:unsigned(32)", "c:text", "x:text"]);
    let a = analyze_sql(Engine::Postgresql, PG_SCHEMA, "-- name: Q :many\nSELECT ctid FROM posts;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    // A column of that name wins.
    check_engine(Engine::Postgresql, "CREATE TABLE j (xmin text);", "SELECT xmin FROM j", &[], &["xmin:text?"]);
}

#[test]
fn pg_quoted_type_names_and_null_counting() {
    check_engine(Engine::Postgresql, "CREATE TABLE q (a \"bpchar\", b \"int4\" NOT NULL, c \"char\");", "SELECT a, b, c, num_nulls(a, c) AS n FROM q", &[], &["a:text?", "b:i32", "c:char?", "n:i32"]);
}

#[test]
fn pg_sql_standard_function_bodies_define_the_function() {
    let schema = "CREATE FUNCTION f_atomic(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a + 1;\nEND;\nCREATE FUNCTION f_ret(a int) RETURNS int LANGUAGE sql RETURN a * 2;";
    check_engine(Engine::Postgresql, schema, "SELECT f_atomic($1) AS a, f_ret($2) AS b", &["a:i32", "a_2:i32"], &["a:i32?", "b:i32?"]);
}

#[test]
fn pg_plpgsql_bodies_of_one_return() {
    let schema = "CREATE FUNCTION plus(a integer, b integer) RETURNS integer AS $$
    BEGIN
        RETURN a + b;
    END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION maybe(a integer) RETURNS integer AS $$ BEGIN RETURN NULLIF(a, 0); END $$ LANGUAGE plpgsql;
CREATE FUNCTION two(a integer) RETURNS integer AS $$ BEGIN PERFORM 1; RETURN a; END $$ LANGUAGE plpgsql;
CREATE FUNCTION lower_ret(a integer) RETURNS integer AS $$ begin return a * 2; end $$ LANGUAGE plpgsql;";
    // One `RETURN expr;` is read as `SELECT expr`; anything more is not analysed.
    check_engine(Engine::Postgresql, schema, "SELECT plus($1, $2::int) AS p, maybe(1) AS m, two(1) AS t, lower_ret(1) AS l", &["a:i32", "p2:i32"], &["p:i32", "m:i32?", "t:i32?", "l:i32"]);
}
