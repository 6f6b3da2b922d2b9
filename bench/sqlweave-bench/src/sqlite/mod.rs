//! SQLite workloads. Every contender gets its own in-memory database, filled by the same SQL script
//! through its own connection, and returns one closure per workload that performs one operation and
//! checks its result (row counts, first and last rows, a sum over every row's key).

pub mod generated;
pub mod raw;
pub mod sqlweave;
#[cfg(feature = "diesel")]
pub mod diesel;
#[cfg(feature = "seaorm")]
pub mod seaorm;
#[cfg(feature = "sqlx")]
pub mod sqlx;

use crate::data::*;

pub const SCHEMA: &str = include_str!("../../sqlweave/sqlite/schema.sql");

pub use crate::Case;
pub use crate::Bench as Op;

/// What each contender module provides.
#[macro_export]
macro_rules! contender_cases {
    ($out:ident, $name:literal, $m:ident) => {
        for &n in TRIVIAL_SIZES {
            $out.push(Case { group: "trivial", size: n, contender: $name, make: $m::trivial });
        }
        for &n in MEDIUM_SIZES {
            $out.push(Case { group: "medium", size: n, contender: $name, make: $m::medium });
        }
        for &n in INSERT_SIZES {
            $out.push(Case { group: "insert", size: n, contender: $name, make: $m::insert });
        }
        $out.push(Case { group: "associations", size: SQLITE_ASSOC_USERS, contender: $name, make: $m::associations });
        $out.push(Case { group: "insert_one", size: 1, contender: $name, make: $m::insert_one });
        $out.push(Case { group: "update_one", size: 1, contender: $name, make: $m::update_one });
        $out.push(Case { group: "get_one", size: 1, contender: $name, make: $m::get_one });
        $out.push(Case { group: "read_100", size: 100, contender: $name, make: $m::read_100 });
    };
}

/// Every SQLite case, in report order (the raw driver first: it is the baseline).
pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    contender_cases!(v, "rusqlite", raw);
    contender_cases!(v, "sqlweave", sqlweave);
    #[cfg(feature = "sqlx")]
    contender_cases!(v, "sqlx", sqlx);
    #[cfg(feature = "diesel")]
    contender_cases!(v, "diesel", diesel);
    #[cfg(feature = "seaorm")]
    contender_cases!(v, "seaorm", seaorm);
    v
}
