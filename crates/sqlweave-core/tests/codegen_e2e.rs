//! Keeps the generated modules of the `tests/codegen-e2e` crate (compiled and run against SQLite
//! by that crate's tests) equal to what the generator makes of the IR in [`codegen_support`].
//! `UPDATE_EXPECT=1 cargo test -p sqlweave-core --test codegen_e2e` rewrites them; review the diff.

mod codegen_support;

use std::path::PathBuf;

use sqlweave_core::codegen::{generate, Options};
use sqlweave_core::config::TimeCrate;
use sqlweave_core::ir::Ir;

/// Generates `ir` and compares it with (or, under `UPDATE_EXPECT`, writes it to)
/// `tests/codegen-e2e/src/<file>`.
fn check(file: &str, ir: &Ir, opts: &Options) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/codegen-e2e/src").join(file);
    let generated = generate(ir, opts).unwrap_or_else(|e| panic!("{file}: {e}"));
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

/// A fixed version keeps the checked-in files stable across releases.
fn opts() -> Options {
    Options { version: "0.0.0-test", ..Options::default() }
}

#[test]
fn e2e_db_rs_is_up_to_date() {
    check("db.rs", &codegen_support::e2e_ir(), &opts());
}

#[test]
fn e2e_all_types_rs_is_up_to_date() {
    check("all_types.rs", &codegen_support::all_types_ir(), &opts());
}

#[test]
fn e2e_all_types_time_rs_is_up_to_date() {
    check("all_types_time.rs", &codegen_support::all_types_ir(), &Options { time: TimeCrate::Time, ..opts() });
}
