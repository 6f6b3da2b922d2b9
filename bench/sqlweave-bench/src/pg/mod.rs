//! PostgreSQL workloads (filled in after the SQLite suite).

pub fn cases() -> Vec<crate::Case> {
    Vec::new()
}
