//! `sqlweave verify` over every PostgreSQL project of `../shared` that this server can load: each
//! sqlc example's own config is read as is, its schema applied in a scratch database, every query
//! prepared, and the server's parameter and column types must equal sqlweave's.
//!
//! Pagila's schema is written for PostgreSQL 18 with pgvector (`uuidv7()`, a virtual generated
//! column, a `vector` column with an hnsw index). For an older server without the extension,
//! [`pagila_for_this_server`] swaps exactly those for their nearest equivalents (`gen_random_uuid()`,
//! a stored column, `real[]`, no index), none of which any query here reads, and verify runs on
//! the result.

use std::path::Path;

fn verify(config: &Path) -> Option<String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(sqlweave_testkit::pg_connect())?;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: std::env::current_dir().unwrap() };
    let url = sqlweave_testkit::pg_url();
    let code = sqlweave_cli::run(["sqlweave".as_ref(), "verify".as_ref(), "-f".as_ref(), config.as_os_str(), "--url".as_ref(), url.as_ref()], &mut console);
    let (out, err) = (String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned());
    assert_eq!(code, 0, "verify {}:\nstdout:\n{out}\nstderr:\n{err}", config.display());
    Some(out)
}

#[test]
fn sqlc_postgresql_examples_agree_with_the_server() {
    let Some(shared) = sqlweave_testkit::shared_dir() else {
        sqlweave_testkit::skip_or_fail("../shared is not beside the checkout");
        return;
    };
    // (example, config, queries, types compared)
    let expected = [
        ("authors", "sqlc.yaml", 4, 13),
        ("booktest", "sqlc.json", 10, 56),
        ("jets", "sqlc.json", 3, 4),
        ("ondeck", "sqlc.json", 10, 48),
        ("batch", "sqlc.json", 10, 41),
    ];
    let mut report = Vec::new();
    for (example, config, queries, types) in expected {
        let Some(out) = verify(&shared.join("examples/sqlc").join(example).join(config)) else { return };
        let last = out.lines().last().unwrap_or_default().to_string();
        report.push(format!("{example}: {last}"));
        if queries > 0 {
            assert!(
                last == format!("verified {queries} queries in 1 block: {types} types agree, 0 disagreements"),
                "{example}: {out}"
            );
        } else {
            assert!(last.ends_with(" types agree, 0 disagreements"), "{example}: {out}");
        }
    }
    println!("{}", report.join("\n"));
}

/// The Pagila dump, adapted to a server older than 18 or without pgvector (see the module docs).
fn pagila_for_this_server(text: &str) -> String {
    text.replace("uuidv7()", "gen_random_uuid()")
        .replace(") VIRTUAL", ") STORED")
        .replace("public.vector(20)", "real[]")
        .lines()
        .filter(|l| !(l.contains("USING hnsw") || l.contains("EXTENSION") && l.contains("vector")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pagila_queries_agree_with_the_server() {
    let Some(shared) = sqlweave_testkit::shared_dir() else {
        sqlweave_testkit::skip_or_fail("../shared is not beside the checkout");
        return;
    };
    let dump = std::fs::read_to_string(shared.join("schemas/pagila/pagila-schema.sql")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pagila.sql"), pagila_for_this_server(&dump)).unwrap();
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("pagila/queries.sql");
    let config = format!(
        "[[sql]]\nengine = \"postgresql\"\nschema = \"pagila.sql\"\nqueries = {:?}\nout = \"db.rs\"\n",
        queries.to_str().unwrap()
    );
    std::fs::write(dir.path().join("sqlweave.toml"), config).unwrap();
    let Some(out) = verify(&dir.path().join("sqlweave.toml")) else { return };
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(last, "verified 16 queries in 1 block: 72 types agree, 0 disagreements", "{out}");
    println!("pagila: {last}");
}
