//! Golden tests of the SQLite back end: hand-built IR in, the generated module snapshotted with
//! insta (`INSTA_UPDATE=always cargo test -p sqlweave-core --test codegen_golden`, then review
//! `tests/snapshots/`), plus the errors for what SQLite cannot express. That the output compiles
//! and runs is checked by the `tests/codegen-e2e` crate.

mod codegen_support;

use codegen_support::*;
use sqlweave_core::codegen::{generate, Options, HEADER_PREFIX};
use sqlweave_core::config::TimeCrate;
use sqlweave_core::ir::{Engine, Fragment, Ir, QueryKind, ValueType};

fn opts() -> Options {
    Options { version: "0.0.0-test", ..Options::default() }
}

/// Generates, and checks what every output must satisfy: the header line, valid Rust, and
/// byte-identical output on a second run.
fn gen_with(ir: &Ir, opts: &Options) -> String {
    let out = generate(ir, opts).unwrap_or_else(|e| panic!("generate failed: {e}"));
    assert!(out.starts_with(&format!("{HEADER_PREFIX} v0.0.0-test. DO NOT EDIT.\n")), "header:\n{out}");
    syn::parse_file(&out).unwrap_or_else(|e| panic!("output does not parse: {e}\n{out}"));
    assert_eq!(generate(ir, opts).unwrap(), out, "output is not deterministic");
    out
}

fn gen(ir: &Ir) -> String {
    gen_with(ir, &opts())
}

fn gen_err(ir: &Ir) -> String {
    generate(ir, &opts()).expect_err("generation should fail")
}

fn authors() -> sqlweave_core::ir::Table {
    use ValueType::*;
    table(
        "authors",
        vec![tcol("id", "INTEGER", I64, false), tcol("name", "TEXT", Text, false), tcol("bio", "TEXT", Text, true)],
        &["id"],
    )
}

fn author_cols() -> Vec<sqlweave_core::ir::Column> {
    authors().columns
}

#[test]
fn all_types_with_chrono() {
    // Limit 0: never a params struct, so every parameter type shows in the signature.
    let out = gen_with(&all_types_ir(), &Options { query_parameter_limit: 0, ..opts() });
    insta::assert_snapshot!(out);
}

#[test]
fn all_types_with_the_time_crate() {
    let out = gen_with(&all_types_ir(), &Options { time: TimeCrate::Time, query_parameter_limit: 0, ..opts() });
    assert!(out.contains("pub date_col: time::Date,"));
    assert!(out.contains("pub time_null: Option<time::Time>,"));
    assert!(out.contains("pub timestamp_col: time::PrimitiveDateTime,"));
    assert!(out.contains("pub timestamptz_col: time::OffsetDateTime,"));
    assert!(out.contains("timestamptz_null: Option<time::OffsetDateTime>,"));
    assert!(!out.contains("chrono"));
    assert!(out.contains("// Driver: rusqlite, with its feature(s): serde_json, time, uuid.\n"));
}

/// The query kinds over one table: model reuse, a bare column, a row struct, exec kinds.
#[test]
fn query_kinds() {
    use QueryKind::*;
    use ValueType::*;
    let queries = vec![
        with_comments(
            with_model(query("GetAuthor", One, 1, "SELECT id, name, bio FROM authors WHERE id = ?1", vec![param("id", I64)], author_cols()), "authors"),
            &["Looks an author up.", "", "  Indented second paragraph."],
        ),
        query("GetAuthorBio", One, 4, "SELECT bio FROM authors WHERE id = ?1", vec![param("id", I64)], vec![col("bio", Text, true)]),
        query(
            "GetAuthorStats",
            One,
            7,
            "SELECT name, length(bio) AS bio_len FROM authors WHERE id = ?1",
            vec![param("id", I64)],
            vec![ocol("name", Text, false, "authors", "name"), col("bio_len", I64, true)],
        ),
        with_model(query("ListAuthors", Many, 10, "SELECT id, name, bio FROM authors ORDER BY name", vec![], author_cols()), "authors"),
        query("ListAuthorIds", Many, 13, "SELECT id FROM authors WHERE name = ?1", vec![param("name", Text)], vec![col("id", I64, false)]),
        query("DeleteAuthor", Exec, 16, "DELETE FROM authors WHERE id = ?1", vec![param("id", I64)], vec![]),
        query("SetBio", ExecRows, 19, "UPDATE authors SET bio = ?1 WHERE id = ?2", vec![nparam("bio", Text), param("id", I64)], vec![]),
        query("CreateAuthor", ExecLastId, 22, "INSERT INTO authors (name) VALUES (?1)", vec![param("name", Text)], vec![]),
        query("DeleteReturning", Exec, 25, "DELETE FROM authors WHERE id = ?1 RETURNING id", vec![param("id", I64)], vec![col("id", I64, false)]),
        query(
            "CreateReturningId",
            ExecLastId,
            28,
            "INSERT INTO authors (name) VALUES (?1) RETURNING id",
            vec![param("name", Text)],
            vec![col("id", I64, false)],
        ),
    ];
    insta::assert_snapshot!(gen(&sqlite_ir(vec![authors()], queries)));
}

/// List parameters: SQL built per call from the fragments, values bound in placeholder order.
#[test]
fn list_parameters() {
    use QueryKind::*;
    use ValueType::*;
    let queries = vec![
        with_model(
            query(
                "ListAuthorsByIds",
                Many,
                1,
                "SELECT id, name, bio FROM authors WHERE id IN (?*1) AND name <> ?2",
                vec![list("ids", I64), param("name", Text)],
                author_cols(),
            ),
            "authors",
        ),
        query(
            "CountNamed",
            One,
            4,
            "SELECT count(*) FROM authors WHERE (bio = ?1 OR ?1 IS NULL) AND name IN (?*2)",
            vec![nparam("bio", Text), list("names", Text)],
            vec![col("count(*)", I64, false)],
        ),
        query("DeleteByIds", Exec, 7, "DELETE FROM authors WHERE id IN (?*1)", vec![list("ids", I64)], vec![]),
        query(
            "TouchNullableBios",
            ExecRows,
            10,
            "UPDATE authors SET bio = NULL WHERE bio IN (?*1)",
            vec![Param { nullable: true, ..list("bios", Text) }],
            vec![],
        ),
    ];
    let out = gen(&sqlite_ir(vec![authors()], queries));
    insta::assert_snapshot!(out);
    // The list queries' constants come from the fragments, never from `sql`.
    assert!(out.contains("pub const LIST_AUTHORS_BY_IDS: [&str; 2] = [\n"));
    assert!(out.contains("fn push_list_placeholders(sql: &mut String, len: usize)"));
}

use sqlweave_core::ir::Param;

/// More parameters than `query_parameter_limit`: a params struct, with a lifetime only when a
/// field borrows.
#[test]
fn params_structs() {
    use QueryKind::*;
    use ValueType::*;
    let five_ints: Vec<_> = ["a", "b", "c", "d", "e"].iter().map(|n| param(n, I64)).collect();
    let queries = vec![
        query("SumFive", One, 1, "SELECT ?1 + ?2 + ?3 + ?4 + ?5", five_ints.clone(), vec![col("sum", I64, false)]),
        query(
            "InsertFive",
            ExecLastId,
            4,
            "INSERT INTO t (a, b, c, e) SELECT ?1, ?2, ?3, ?5 WHERE ?3 IN (?*4)",
            vec![param("a", Text), nparam("b", Bytes), param("c", I64), list("d", I64), nparam("e", Json)],
            vec![],
        ),
        query("FourIsFine", Exec, 7, "SELECT ?1, ?2, ?3, ?4", five_ints[..4].to_vec(), vec![]),
    ];
    let out = gen(&sqlite_ir(vec![], queries.clone()));
    insta::assert_snapshot!(out);
    assert!(out.contains("pub struct SumFiveParams {"));
    assert!(out.contains("pub fn sum_five(\n    conn: &rusqlite::Connection,\n    arg: &SumFiveParams,\n) -> rusqlite::Result<i64>"));
    assert!(out.contains("pub struct InsertFiveParams<'a> {"));
    assert!(out.contains("arg: &InsertFiveParams<'_>,"));
    assert!(!out.contains("FourIsFineParams"));

    // Limit 0 never makes a struct; past 7 arguments clippy's lint is allowed.
    let unlimited = gen_with(&sqlite_ir(vec![], queries), &Options { query_parameter_limit: 0, ..opts() });
    assert!(!unlimited.contains("Params"));
    let eight: Vec<_> = (1..=8).map(|i| param(&format!("p{i}"), I64)).collect();
    let q = query("Eight", Exec, 1, "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8", eight, vec![]);
    let out = gen_with(&sqlite_ir(vec![], vec![q]), &Options { query_parameter_limit: 0, ..opts() });
    assert!(out.contains("#[allow(clippy::too_many_arguments)]\n#[allow(dead_code)]\npub fn eight("), "{out}");
}

/// Names: keywords, odd column names, clashes between columns, parameters, locals, queries and
/// prelude types.
#[test]
fn names() {
    use QueryKind::*;
    use ValueType::*;
    let odd = table(
        "options",
        vec![
            col("type", Text, false),
            col("self", Text, false),
            col("1st place", I64, false),
            col("firstName", Text, true),
            col("first_name", Text, true),
            col("", I64, true),
            col("match", Bool, false),
        ],
        &[],
    );
    let statuses = table("status", vec![col("ArtistId", I64, false)], &[]);
    let queries = vec![
        query(
            "GetOdd",
            Many,
            1,
            "SELECT type, count(*), count(*), 'x' AS \"名前\" FROM options WHERE type = ?1 AND ?2 AND ?3 AND ?4",
            vec![param("conn", Text), param("row", I64), param("type", Bool), param("conn", I64)],
            vec![col("type", Text, false), col("count(*)", I64, false), col("count(*)", I64, false), col("名前", Text, true)],
        ),
        query("get_odd", Exec, 4, "DELETE FROM options", vec![], vec![]),
        query("PushListPlaceholders", Exec, 7, "DELETE FROM status", vec![], vec![]),
        query("match", One, 10, "SELECT ArtistId FROM status", vec![], vec![col("ArtistId", I64, false)]),
    ];
    let out = gen(&sqlite_ir(vec![odd, statuses], queries));
    insta::assert_snapshot!(out);
    for expected in [
        "pub struct OptionModel {",
        "pub struct Status {",
        "pub r#type: String,",
        "pub self_: String,",
        "pub _1st_place: i64,",
        "pub first_name: Option<String>,",
        "pub first_name_2: Option<String>,",
        "pub column_6: Option<i64>,",
        "pub r#match: bool,",
        "pub artist_id: i64,",
        "conn_2: &str,",
        "row_2: i64,",
        "r#type: bool,",
        "conn_3: i64,",
        "pub count: i64,",
        "pub count_2: i64,",
        "pub column_4: Option<String>,",
        "pub fn get_odd_2(",
        "pub const GET_ODD_2: &str",
        "pub fn push_list_placeholders_2(",
        "pub fn r#match(",
        "pub const MATCH: &str",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
}

/// `query.model` is only honoured when the columns really match the model (an outer join can
/// make them nullable): otherwise the query gets its own row struct.
#[test]
fn model_whose_columns_differ_falls_back_to_a_row_struct() {
    use ValueType::*;
    let mut cols = author_cols();
    cols[1].nullable = true;
    let q = with_model(
        query("ListMaybeAuthors", QueryKind::Many, 1, "SELECT a.id, a.name, a.bio FROM x LEFT JOIN authors a", vec![], cols),
        "authors",
    );
    let out = gen(&sqlite_ir(vec![authors()], vec![q]));
    assert!(out.contains("pub struct ListMaybeAuthorsRow {"), "{out}");
    assert!(out.contains("pub name: Option<String>,"));
    assert!(out.contains("rusqlite::Result<Vec<ListMaybeAuthorsRow>>"));
    let _ = I64;
}

#[test]
fn views_get_a_model_too() {
    let mut v = authors();
    v.name = "author_names".into();
    v.is_view = true;
    let out = gen(&sqlite_ir(vec![v], vec![]));
    assert!(out.contains("/// A row of view `author_names`.\n#[derive(Debug, Clone, PartialEq, Eq)]\n#[allow(dead_code)]\npub struct AuthorName {"), "{out}");
}

#[test]
fn header_names_the_version_and_the_rusqlite_features_needed() {
    let out = gen(&sqlite_ir(vec![authors()], vec![]));
    assert!(out.starts_with("// Code generated by sqlweave v0.0.0-test. DO NOT EDIT.\n// Driver: rusqlite.\n\n"), "{out}");
    let real = generate(&sqlite_ir(vec![], vec![]), &Options::default()).unwrap();
    assert!(real.starts_with(&format!("// Code generated by sqlweave v{}. DO NOT EDIT.\n", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn types_sqlite_cannot_express_are_errors() {
    use ValueType::*;
    for (ty, what) in [
        (Enum("mood".into()), "enum `mood`"),
        (Array(Box::new(I64)), "array"),
        (Interval, "interval"),
        (Inet, "inet"),
        (Unsigned(7), "unsigned integer of 7 bits"),
    ] {
        let t = table("t", vec![col("c", ty.clone(), false)], &[]);
        let err = gen_err(&sqlite_ir(vec![t], vec![]));
        assert_eq!(err, format!("table `t`, column `c`: type {what} is not supported by the SQLite back end"));
        let q = query("Q", QueryKind::Exec, 3, "SELECT ?1", vec![param("p", ty)], vec![]);
        let err = gen_err(&sqlite_ir(vec![], vec![q]));
        assert_eq!(err, format!("query `Q` (query.sql:3): parameter `p`: type {what} is not supported by the SQLite back end"));
    }
}

#[test]
fn copyfrom_is_an_error_on_sqlite() {
    let q = query("Load", QueryKind::CopyFrom, 2, "INSERT INTO t (a) VALUES (?1)", vec![param("a", ValueType::I64)], vec![]);
    assert_eq!(gen_err(&sqlite_ir(vec![], vec![q])), "query `Load` (query.sql:2): `:copyfrom` is not supported by the SQLite back end");
}

#[test]
fn engines_without_a_back_end_are_errors() {
    let ir = Ir { engine: Engine::Mysql, ..sqlite_ir(vec![], vec![]) };
    assert_eq!(generate(&ir, &opts()).unwrap_err(), "no code generator for engine `mysql` yet");
}

#[test]
fn inconsistent_ir_is_an_error_not_a_panic() {
    use ValueType::*;
    // A model table that does not exist.
    let q = with_model(query("Q", QueryKind::Many, 1, "SELECT 1, 2", vec![], vec![col("a", I64, false), col("b", I64, false)]), "nope");
    assert!(gen_err(&sqlite_ir(vec![], vec![q])).contains("model table `nope` is not in the IR's tables"));
    // A fragment pointing past the parameters.
    let mut q = query("Q", QueryKind::Exec, 1, "DELETE FROM t WHERE id IN (?*1)", vec![list("ids", I64)], vec![]);
    q.fragments.push(Fragment::Param(5));
    assert!(gen_err(&sqlite_ir(vec![], vec![q])).contains("fragment refers to parameter 5, but there are 1"));
    // A list used as a scalar.
    let mut q = query("Q", QueryKind::Exec, 1, "DELETE FROM t WHERE id IN (?*1)", vec![list("ids", I64)], vec![]);
    q.fragments[1] = Fragment::Param(0);
    assert!(gen_err(&sqlite_ir(vec![], vec![q])).contains("parameter `ids` is a list but is used as the other"));
}

#[test]
fn batch_kinds_are_an_error_on_sqlite() {
    for kind in [QueryKind::BatchExec, QueryKind::BatchOne, QueryKind::BatchMany] {
        let q = query("Del", kind, 4, "DELETE FROM t WHERE id = ?1 RETURNING id", vec![param("id", ValueType::I64)], vec![col("id", ValueType::I64, false)]);
        let err = gen_err(&sqlite_ir(vec![], vec![q]));
        assert!(err.starts_with(&format!("query `Del` (query.sql:4): `:{}` is for PostgreSQL", kind.as_str())), "{err}");
        assert!(err.contains("in a loop inside a transaction"), "{err}");
    }
}

#[test]
fn one_row_or_none_when_the_conflict_clause_skips_it() {
    use ValueType::*;
    let mut q = query("EnsureTag", QueryKind::One, 7, "INSERT INTO tags (name) VALUES (?1) ON CONFLICT DO NOTHING RETURNING id", vec![param("name", Text)], vec![col("id", I64, false)]);
    q.row_optional = true;
    let out = gen(&sqlite_ir(vec![], vec![q]));
    let f = out.split("pub fn ensure_tag(").nth(1).unwrap().split("\n}\n").next().unwrap();
    assert!(f.contains(") -> rusqlite::Result<Option<i64>> {"), "{f}");
    assert!(f.contains("let Some(row) = rows.next()? else {\n        return Ok(None);\n    };\n    row.get(0).map(Some)"), "{f}");
    assert!(!out.contains("QueryReturnedNoRows` when there is no row"), "{out}");
}

/// `prepared = true`: every query also as a method of `Prepared<'c>`, whose fixed statements are
/// prepared on first use and kept; list queries still build their SQL per call.
#[test]
fn prepared_holder_keeps_one_statement_per_query() {
    use ValueType::*;
    let get = with_model(query("GetAuthor", QueryKind::One, 1, "SELECT id, name, bio FROM authors WHERE id = ?1", vec![param("id", I64)], author_cols()), "authors");
    let by_ids = query("ByIds", QueryKind::Many, 4, "SELECT name FROM authors WHERE id IN (?*1)", vec![list("ids", I64)], vec![col("name", Text, false)]);
    let ir = sqlite_ir(vec![authors()], vec![get, by_ids]);
    let plain = gen(&ir);
    assert!(!plain.contains("Prepared"), "opt-in only");
    let out = gen_with(&ir, &Options { prepared: true, ..opts() });
    assert!(out.starts_with(&plain[..plain.find("pub struct Author").unwrap()]), "the functions are unchanged");
    assert!(out.contains("pub struct Prepared<'c> {\n    conn: &'c rusqlite::Connection,\n    stmt_get_author: Option<rusqlite::Statement<'c>>,\n}"), "{out}");
    assert!(out.contains("pub fn get_author(&mut self, id: i64) -> rusqlite::Result<Author> {\n        let conn = self.conn;\n        let stmt = match &mut self.stmt_get_author {\n            Some(stmt) => stmt,\n            slot => slot.insert(conn.prepare(GET_AUTHOR)?),\n        };"), "{out}");
    assert!(out.contains("pub fn by_ids(&mut self, ids: &[i64]) -> rusqlite::Result<Vec<String>> {"), "{out}");
    assert!(out.contains("pub fn by_ids_for_each("), "{out}");
    let f = out.split("pub fn by_ids(&mut self").nth(1).unwrap();
    assert!(f.contains("let mut stmt = conn.prepare_cached(&sql)?;"), "{f}");
    // A table named `prepared` does not take the holder's name.
    let t = table("prepared", vec![tcol("id", "INTEGER", I64, false)], &["id"]);
    let out = gen_with(&sqlite_ir(vec![t], vec![]), &Options { prepared: true, ..opts() });
    assert!(out.contains("pub struct Prepared2 {") && out.contains("pub struct Prepared<'c> {"), "{out}");
}
