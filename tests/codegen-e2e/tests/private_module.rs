//! The generated module declared privately (`mod db;`, as in a binary) with none of its items
//! used must compile without a warning: every item carries `#[allow(dead_code)]`.

#![deny(warnings)]

#[path = "../src/db.rs"]
mod db;

#[test]
fn unused_private_generated_module_compiles_without_warnings() {}
