//! Hand-built IR for the code generator's tests: small builders, and the IR of the end-to-end
//! crate `tests/codegen-e2e` (whose schema is `tests/codegen-e2e/schema.sql`).
//!
//! SQL templates mark parameters the way SQLite numbers them: `?N` is parameter N (1-based) and
//! `?*N` is list parameter N; [`query`] turns a template into fragments and the `?N` SQL.

#![allow(dead_code)]

use sqlweave_core::ir::{Column, Engine, Fragment, Ir, Origin, Param, Query, QueryKind, Table, ValueType, IR_VERSION};

pub fn col(name: &str, ty: ValueType, nullable: bool) -> Column {
    Column { name: name.into(), ty, db_type: None, nullable, origin: None }
}

/// A table column with its declared type (none when `db_type` is empty).
pub fn tcol(name: &str, db_type: &str, ty: ValueType, nullable: bool) -> Column {
    Column { db_type: (!db_type.is_empty()).then(|| db_type.into()), ..col(name, ty, nullable) }
}

/// A result column that comes from `table.column`.
pub fn ocol(name: &str, ty: ValueType, nullable: bool, table: &str, column: &str) -> Column {
    Column { origin: Some(Origin { table: table.into(), column: column.into() }), ..col(name, ty, nullable) }
}

pub fn table(name: &str, columns: Vec<Column>, primary_key: &[&str]) -> Table {
    Table {
        name: name.into(),
        columns,
        primary_key: primary_key.iter().map(|s| s.to_string()).collect(),
        is_view: false,
        generated: vec![],
        auto: vec![],
        defaults: vec![],
        foreign_keys: vec![],
        unique: vec![],
    }
}

pub fn param(name: &str, ty: ValueType) -> Param {
    Param { name: name.into(), ty, nullable: false, slice: false }
}

pub fn nparam(name: &str, ty: ValueType) -> Param {
    Param { nullable: true, ..param(name, ty) }
}

pub fn list(name: &str, ty: ValueType) -> Param {
    Param { slice: true, ..param(name, ty) }
}

/// Fragments of a template (`?N` parameter, `?*N` list parameter, both 1-based).
pub fn fragments(template: &str) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '?' {
            text.push(c);
            continue;
        }
        let is_list = chars.peek() == Some(&'*');
        if is_list {
            chars.next();
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        let n: usize = digits.parse().expect("`?` must be followed by a parameter number");
        if !text.is_empty() {
            out.push(Fragment::Text(std::mem::take(&mut text)));
        }
        out.push(if is_list { Fragment::Slice(n - 1) } else { Fragment::Param(n - 1) });
    }
    if !text.is_empty() {
        out.push(Fragment::Text(text));
    }
    out
}

pub fn query(name: &str, kind: QueryKind, line: u32, template: &str, params: Vec<Param>, columns: Vec<Column>) -> Query {
    let fragments = fragments(template);
    let sql = Query::render_sql(&fragments, |i| format!("?{}", i + 1));
    Query { name: name.into(), kind, file: "query.sql".into(), line, sql, fragments, params, columns, model: None, comments: Vec::new(), row_optional: false }
}

pub fn with_model(mut q: Query, table: &str) -> Query {
    q.model = Some(table.into());
    q
}

pub fn with_comments(mut q: Query, lines: &[&str]) -> Query {
    q.comments = lines.iter().map(|s| s.to_string()).collect();
    q
}

pub fn sqlite_ir(tables: Vec<Table>, queries: Vec<Query>) -> Ir {
    Ir { version: IR_VERSION, engine: Engine::Sqlite, tables, enums: Vec::new(), composites: Vec::new(), queries }
}

fn author_columns() -> Vec<Column> {
    use ValueType::*;
    vec![
        tcol("id", "INTEGER", I64, false),
        tcol("name", "TEXT", Text, false),
        tcol("bio", "TEXT", Text, true),
        tcol("BirthDate", "DATE", Date, true),
        tcol("rating", "REAL", F64, true),
        tcol("active", "BOOLEAN", Bool, false),
        tcol("avatar", "BLOB", Bytes, true),
        tcol("created_at", "DATETIME", Timestamp, false),
        tcol("last_seen", "TIMESTAMPTZ", TimestampTz, true),
        tcol("type", "TEXT", Text, true),
        tcol("metadata", "JSON", Json, true),
    ]
}

fn book_columns() -> Vec<Column> {
    use ValueType::*;
    vec![
        tcol("id", "INTEGER", I64, false),
        tcol("author_id", "INTEGER", I64, false),
        tcol("title", "TEXT", Text, false),
        tcol("isbn", "TEXT", Text, true),
        tcol("pages", "INT", I32, true),
        tcol("price", "NUMERIC", Numeric, true),
        col("extra", Any, true),
    ]
}

const AUTHOR_COLUMNS_SQL: &str = r#"id, name, bio, BirthDate, rating, active, avatar, created_at, last_seen, "type", metadata"#;
const BOOK_COLUMNS_SQL: &str = "id, author_id, title, isbn, pages, price, extra";

/// The IR of `tests/codegen-e2e`: every query kind, model reuse, a row struct with clashing and
/// odd column names, list parameters, a params struct, a keyword column and a parameter named
/// `conn`.
pub fn e2e_ir() -> Ir {
    use QueryKind::*;
    use ValueType::*;
    let authors = table("authors", author_columns(), &["id"]);
    let books = table("books", book_columns(), &["id"]);
    let queries = vec![
        with_comments(
            with_model(
                query("GetAuthor", One, 1, &format!("SELECT {AUTHOR_COLUMNS_SQL}\nFROM authors\nWHERE id = ?1"), vec![param("id", I64)], author_columns()),
                "authors",
            ),
            &["Looks an author up by id."],
        ),
        query("GetAuthorName", One, 6, "SELECT name FROM authors WHERE id = ?1", vec![param("id", I64)], vec![col("name", Text, false)]),
        with_model(
            query("ListAuthors", Many, 9, &format!("SELECT {AUTHOR_COLUMNS_SQL}\nFROM authors\nORDER BY name"), vec![], author_columns()),
            "authors",
        ),
        query(
            "CreateAuthor",
            ExecLastId,
            14,
            "INSERT INTO authors (name, bio, BirthDate, rating, active, avatar, created_at, last_seen, \"type\", metadata)\nVALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            vec![
                param("name", Text),
                nparam("bio", Text),
                nparam("BirthDate", Date),
                nparam("rating", F64),
                param("active", Bool),
                nparam("avatar", Bytes),
                param("created_at", Timestamp),
                nparam("last_seen", TimestampTz),
                nparam("type", Text),
                nparam("metadata", Json),
            ],
            vec![],
        ),
        query(
            "UpdateAuthorBio",
            ExecRows,
            18,
            "UPDATE authors SET bio = ?1 WHERE name = ?2",
            vec![nparam("bio", Text), param("name", Text)],
            vec![],
        ),
        query("DeleteAuthor", Exec, 21, "DELETE FROM authors WHERE id = ?1", vec![param("id", I64)], vec![]),
        with_model(
            query(
                "CreateBook",
                One,
                24,
                &format!("INSERT INTO books (author_id, title, isbn, pages, price, extra)\nVALUES (?1, ?2, ?3, ?4, ?5, ?6)\nRETURNING {BOOK_COLUMNS_SQL}"),
                vec![param("author_id", I64), param("title", Text), nparam("isbn", Text), nparam("pages", I32), nparam("price", Numeric), nparam("extra", Any)],
                book_columns(),
            ),
            "books",
        ),
        query(
            "GetBookWithAuthor",
            One,
            29,
            "SELECT b.id, a.id, b.title, a.name AS \"Author Name\", count(*) OVER () AS \"count(*)\"\nFROM books b LEFT JOIN authors a ON a.id = b.author_id\nWHERE b.id = ?1",
            vec![param("conn", I64)],
            vec![
                ocol("id", I64, false, "books", "id"),
                ocol("id", I64, true, "authors", "id"),
                ocol("title", Text, false, "books", "title"),
                ocol("Author Name", Text, true, "authors", "name"),
                col("count(*)", I64, false),
            ],
        ),
        query(
            "ListBooksByAuthors",
            Many,
            34,
            "SELECT b.id, b.title, a.name\nFROM books b JOIN authors a ON a.id = b.author_id\nWHERE b.author_id IN (?*1) AND coalesce(b.pages, 0) >= ?2\nORDER BY b.id",
            vec![list("author_ids", I64), param("min_pages", I32)],
            vec![ocol("id", I64, false, "books", "id"), ocol("title", Text, false, "books", "title"), ocol("name", Text, false, "authors", "name")],
        ),
        query(
            "ListBookTitlesByIsbn",
            Many,
            40,
            "SELECT title FROM books WHERE isbn IN (?*1) ORDER BY title",
            vec![list("isbns", Text)],
            vec![ocol("title", Text, false, "books", "title")],
        ),
        query(
            "ListBookTitlesExcept",
            Many,
            41,
            "SELECT title FROM books WHERE id NOT IN (?*1) ORDER BY title",
            vec![list("ids", I64)],
            vec![ocol("title", Text, false, "books", "title")],
        ),
        query(
            "CountBooksMatching",
            One,
            43,
            "SELECT count(*) FROM books\nWHERE (id IN (?*1) OR title IN (?*2)) AND (?3 IS NULL OR pages >= ?3)",
            vec![list("ids", I64), list("titles", Text), nparam("min_pages", I32)],
            vec![col("count(*)", I64, false)],
        ),
        query("DeleteBooksByIds", ExecRows, 47, "DELETE FROM books WHERE id IN (?*1)", vec![list("ids", I64)], vec![]),
        query(
            "DeleteBooksOfAuthor",
            ExecRows,
            50,
            "DELETE FROM books WHERE author_id = ?1 RETURNING id",
            vec![param("author_id", I64)],
            vec![col("id", I64, false)],
        ),
    ];
    sqlite_ir(vec![authors, books], queries)
}

/// Every value type the SQLite back end supports: `(column name stem, declared type, type)`.
pub fn all_types() -> Vec<(&'static str, &'static str, ValueType)> {
    use ValueType::*;
    vec![
        ("i16", "SMALLINT", I16),
        ("i32", "INT", I32),
        ("i64", "BIGINT", I64),
        ("u8", "TINYINT UNSIGNED", Unsigned(8)),
        ("u16", "SMALLINT UNSIGNED", Unsigned(16)),
        ("u32", "INT UNSIGNED", Unsigned(32)),
        ("u64", "BIGINT UNSIGNED", Unsigned(64)),
        ("f32", "FLOAT", F32),
        ("f64", "DOUBLE", F64),
        ("numeric", "NUMERIC", Numeric),
        ("bool", "BOOLEAN", Bool),
        ("text", "TEXT", Text),
        ("bytes", "BLOB", Bytes),
        ("date", "DATE", Date),
        ("time", "TIME", Time),
        ("timestamp", "TIMESTAMP", Timestamp),
        ("timestamptz", "TIMESTAMPTZ", TimestampTz),
        ("json", "JSON", Json),
        ("uuid", "UUID", Uuid),
        ("any", "", Any),
    ]
}

/// The IR over table `all_types` (in `tests/codegen-e2e/schema.sql`): each supported type as a
/// NOT NULL column `<stem>_col` and a nullable `<stem>_null`; `InsertAll` binds one parameter
/// per column, `GetAll` reads them back through the table's model.
pub fn all_types_ir() -> Ir {
    let mut columns = Vec::new();
    let mut params = Vec::new();
    for (stem, db_type, ty) in all_types() {
        columns.push(tcol(&format!("{stem}_col"), db_type, ty.clone(), false));
        columns.push(tcol(&format!("{stem}_null"), db_type, ty.clone(), true));
        params.push(param(&format!("{stem}_col"), ty.clone()));
        params.push(nparam(&format!("{stem}_null"), ty));
    }
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let placeholders: Vec<String> = (1..=params.len()).map(|i| format!("?{i}")).collect();
    let insert = query(
        "InsertAll",
        QueryKind::Exec,
        1,
        &format!("INSERT INTO all_types ({}) VALUES ({})", names.join(", "), placeholders.join(", ")),
        params,
        vec![],
    );
    let get = with_model(
        query("GetAll", QueryKind::One, 4, &format!("SELECT {} FROM all_types", names.join(", ")), vec![], columns.clone()),
        "all_types",
    );
    sqlite_ir(vec![table("all_types", columns, &[])], vec![insert, get])
}
