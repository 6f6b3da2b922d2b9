//! Keeps `tests/codegen-e2e/src/db.rs` (compiled and run against SQLite by that crate's tests) equal
//! to what the generator makes of [`codegen_support::e2e_ir`]. `UPDATE_EXPECT=1 cargo test -p
//! sqlweave-core --test codegen_e2e` rewrites the file; review the diff.

mod codegen_support;

use std::path::PathBuf;

use sqlweave_core::codegen::{generate, Options};

#[test]
fn e2e_db_rs_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/codegen-e2e/src/db.rs");
    // A fixed version keeps the checked-in file stable across releases.
    let opts = Options { version: "0.0.0-test", ..Options::default() };
    let generated = generate(&codegen_support::e2e_ir(), &opts).expect("e2e IR generates");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{} is out of date with the generator; rerun with UPDATE_EXPECT=1 and review the diff",
        path.display()
    );
}
