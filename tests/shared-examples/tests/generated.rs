//! Every SQLite and PostgreSQL block of sqlc's example projects must generate: a block that does
//! not analyse fails here with sqlweave's own diagnostics.

use shared_examples::status::{FAILED, GENERATED, SHARED_FOUND};

#[test]
fn every_sqlite_and_postgresql_example_generates() {
    if !SHARED_FOUND {
        sqlweave_testkit::skip_or_fail("../shared/examples/sqlc is not beside the checkout");
        return;
    }
    let failures: Vec<String> = FAILED.iter().map(|(id, why)| format!("--- {id}\n{why}")).collect();
    assert!(failures.is_empty(), "blocks that did not generate:\n{}", failures.join("\n"));
    let mut got = GENERATED.to_vec();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "authors_postgresql",
            "authors_sqlite",
            "batch_postgresql",
            "booktest_postgresql",
            "booktest_sqlite",
            "jets_postgresql",
            "ondeck_postgresql",
            "ondeck_sqlite",
            "pagila_postgresql"
        ]
    );
}
