//! sqlweave's output for the public projects in `../shared`, generated at build time (see
//! `build.rs`): sqlc's example projects (`../shared/examples/sqlc`) and the Pagila schema with
//! this crate's own `pagila/queries.sql`: one module per example and engine, present when
//! that example was found and generated. `tests/` runs every generated function against SQLite
//! and PostgreSQL with asserted rows.

/// What the build generated and what it could not.
pub mod status {
    include!(concat!(env!("OUT_DIR"), "/status.rs"));
}

macro_rules! example {
    ($cfg:ident, $module:ident, $file:literal) => {
        #[cfg($cfg)]
        #[doc = concat!("The generated module `", $file, ".rs`, and its schema as `SCHEMA`.")]
        pub mod $module {
            include!(concat!(env!("OUT_DIR"), "/", $file, ".rs"));
            /// The block's schema files, joined in order.
            pub const SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/", $file, ".schema.sql"));
        }
    };
}

example!(sqlc_authors_sqlite, authors_sqlite, "authors_sqlite");
example!(sqlc_booktest_sqlite, booktest_sqlite, "booktest_sqlite");
example!(sqlc_ondeck_sqlite, ondeck_sqlite, "ondeck_sqlite");
example!(sqlc_authors_postgresql, authors_postgresql, "authors_postgresql");
example!(sqlc_booktest_postgresql, booktest_postgresql, "booktest_postgresql");
example!(sqlc_jets_postgresql, jets_postgresql, "jets_postgresql");
example!(sqlc_ondeck_postgresql, ondeck_postgresql, "ondeck_postgresql");
example!(sqlc_batch_postgresql, batch_postgresql, "batch_postgresql");
example!(shared_pagila_postgresql, pagila_postgresql, "pagila_postgresql");
