//! Runs the analyzer over the public sqlc example projects and the Chinook schema in `../shared`
//! when that folder is present (it is outside the repo; without it the tests print a notice and
//! pass, except under `CI=true`).

use sqlweave_core::ir::Engine;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.is_dir().then_some(p)
}

fn read_all(p: &Path) -> String {
    if p.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(p).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "sql")).collect();
        files.sort();
        files.iter().map(|f| std::fs::read_to_string(f).unwrap() + ";\n").collect()
    } else {
        std::fs::read_to_string(p).unwrap()
    }
}

#[test]
fn sqlc_sqlite_examples_analyse_cleanly() {
    let Some(sh) = shared() else {
        sqlweave_testkit::skip_or_fail("../shared is not beside the checkout (the sqlc examples)");
        return;
    };
    for (ex, schema, query) in [
        ("authors", "schema.sql", "query.sql"),
        ("booktest", "schema.sql", "query.sql"),
        ("ondeck", "schema", "query"),
    ] {
        let dir = sh.join("examples/sqlc").join(ex).join("sqlite");
        let a = sqlweave_core::analyze_sql(Engine::Sqlite, &read_all(&dir.join(schema)), &read_all(&dir.join(query)));
        assert!(!a.has_errors(), "{ex}:\n{}", a.render(false));
        let ir = a.ir.unwrap();
        assert!(!ir.queries.is_empty(), "{ex} has queries");
        println!("{ex}: {} tables, {} queries", ir.tables.len(), ir.queries.len());
    }
}

#[test]
fn chinook_schema_and_example_queries() {
    let Some(sh) = shared() else {
        sqlweave_testkit::skip_or_fail("../shared is not beside the checkout (the Chinook schema)");
        return;
    };
    let schema = std::fs::read_to_string(sh.join("schemas/chinook/Chinook_Sqlite.sql")).unwrap();
    let queries = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/chinook/queries/chinook.sql")).unwrap();
    let a = sqlweave_core::analyze_sql(Engine::Sqlite, &schema, &queries);
    assert!(!a.has_errors(), "{}", a.render(false));
    let ir = a.ir.unwrap();
    assert_eq!(ir.tables.len(), 11);
    let q = |n: &str| ir.queries.iter().find(|q| q.name == n).unwrap();
    // Spot checks of nullability on real data shapes.
    let tg = q("TracksWithGenre");
    let nulls: Vec<(&str, bool)> = tg.columns.iter().map(|c| (c.name.as_str(), c.nullable)).collect();
    assert_eq!(nulls, [("TrackId", false), ("Name", false), ("genre", true), ("Composer", true), ("Milliseconds", false)]);
    assert_eq!(q("GetArtist").model.as_deref(), Some("Artist"));
    let s = q("InvoiceSummary");
    let nulls: Vec<bool> = s.columns.iter().map(|c| c.nullable).collect();
    assert_eq!(nulls, [false, true, true, true]);
}

#[test]
fn sqlc_mysql_and_postgresql_examples_analyse_cleanly() {
    let Some(sh) = shared() else {
        eprintln!("note: ../shared not present; skipping the shared-example check");
        return;
    };
    for (engine, dir_name, ex, schema, query) in [
        (Engine::Mysql, "mysql", "authors", "schema.sql", "query.sql"),
        (Engine::Mysql, "mysql", "booktest", "schema.sql", "query.sql"),
        (Engine::Mysql, "mysql", "ondeck", "schema", "query"),
        (Engine::Postgresql, "postgresql", "booktest", "schema.sql", "query.sql"),
    ] {
        let dir = sh.join("examples/sqlc").join(ex).join(dir_name);
        if !dir.is_dir() {
            eprintln!("note: {} not present; skipped", dir.display());
            continue;
        }
        let a = sqlweave_core::analyze_sql(engine, &read_all(&dir.join(schema)), &read_all(&dir.join(query)));
        assert!(!a.has_errors(), "{ex} ({dir_name}):\n{}", a.render(false));
        assert!(!a.ir.unwrap().queries.is_empty(), "{ex} has queries");
    }
}

#[test]
fn pagila_dump_analyses() {
    let Some(sh) = shared() else {
        eprintln!("note: ../shared not present; skipping the pagila check");
        return;
    };
    let path = sh.join("schemas/pagila/pagila-schema.sql");
    let Ok(schema) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} not present; skipped", path.display());
        return;
    };
    // release_year is of the domain `year` (over integer, with a CHECK on the next line).
    let a = sqlweave_core::analyze_sql(Engine::Postgresql, &schema, "-- name: Films :many\nSELECT film_id, release_year FROM film;\n");
    assert!(!a.has_errors(), "{}", a.render(false));
    let ir = a.ir.unwrap();
    let cols: Vec<String> = ir.queries[0].columns.iter().map(|c| format!("{}:{:?}:{}", c.name, c.ty, c.nullable)).collect();
    assert_eq!(cols, ["film_id:I32:false", "release_year:I32:true"]);
}
