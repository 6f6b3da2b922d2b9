//! SQLite workloads. Every contender gets its own in-memory database, filled by the same SQL script
//! through its own connection, and returns one closure per workload that performs one operation and
//! checks its result (row counts, first and last rows, a sum over every row's key).

pub mod generated;
pub mod raw;
pub mod sqlweave;
pub mod sqlweave_prepared;
pub mod sqlweave_entity;
#[allow(dead_code)]
pub mod entity_gen;
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
    ($out:ident, $name:literal, $m:ident, $assoc:expr) => {
        for &n in TRIVIAL_SIZES {
            $out.push($crate::Case { group: "trivial", size: n, contender: $name, make: $m::trivial });
        }
        for &n in MEDIUM_SIZES {
            $out.push($crate::Case { group: "medium", size: n, contender: $name, make: $m::medium });
        }
        for &n in INSERT_SIZES {
            $out.push($crate::Case { group: "insert", size: n, contender: $name, make: $m::insert });
        }
        $out.push($crate::Case { group: "associations", size: $assoc, contender: $name, make: $m::associations });
        $out.push($crate::Case { group: "insert_one", size: 1, contender: $name, make: $m::insert_one });
        $out.push($crate::Case { group: "update_one", size: 1, contender: $name, make: $m::update_one });
        $out.push($crate::Case { group: "get_one", size: 1, contender: $name, make: $m::get_one });
        $out.push($crate::Case { group: "read_100", size: 100, contender: $name, make: $m::read_100 });
    };
}

/// Every SQLite case, in report order (the raw driver first: it is the baseline).
pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    contender_cases!(v, "rusqlite", raw, SQLITE_ASSOC_USERS);
    contender_cases!(v, "sqlweave", sqlweave, SQLITE_ASSOC_USERS);
    contender_cases!(v, "sqlweave-prepared", sqlweave_prepared, SQLITE_ASSOC_USERS);
    contender_cases!(v, "sqlweave-entity", sqlweave_entity, SQLITE_ASSOC_USERS);
    #[cfg(feature = "sqlx")]
    contender_cases!(v, "sqlx", sqlx, SQLITE_ASSOC_USERS);
    #[cfg(feature = "diesel")]
    contender_cases!(v, "diesel", diesel, SQLITE_ASSOC_USERS);
    #[cfg(feature = "seaorm")]
    contender_cases!(v, "seaorm", seaorm, SQLITE_ASSOC_USERS);
    v
}
