//! The sqlweave runtime: what the generated entity layer needs and cannot inline.
//!
//! The plain query functions sqlweave generates need nothing from this crate. The entity layer
//! (`[sql.entities]` in `sqlweave.toml`) uses it for:
//!
//! - [`filter`]: typed column handles ([`Col`]), conditions ([`Cond`]) and [`Select`] specs,
//!   rendered to SQL with bound parameters only;
//! - [`intercept`]: the [`Interceptor`] trait that sees every statement (and, with the `tracing`
//!   feature, a ready [`intercept::TracingInterceptor`]);
//! - per driver (feature `sqlite`, feature `postgres`): the `Db` handle that carries interceptors,
//!   hooks, the eager-loading chunk size and the transaction depth, and runs statements.
//!
//! Nothing here keeps rows, statements or connections beyond a call, except the bounded statement
//! caches: rusqlite's own (SQLite) and [`postgres::StatementCache`] (PostgreSQL).
//!
//! Also behind the `postgres` feature: [`Interval`], PostgreSQL's `interval`, which tokio-postgres
//! maps to no Rust type; generated PostgreSQL code uses it for interval columns and parameters.
//! And [`composite`]: the binary format of PostgreSQL composite values, which the `FromSql` and
//! `ToSql` impls generated for composite types (`CREATE TYPE t AS (...)`) read and write.

#[cfg(feature = "postgres")]
pub mod composite;
pub mod error;
#[cfg(feature = "postgres")]
mod interval;
#[cfg(feature = "postgres")]
pub use interval::Interval;
pub mod filter;
pub mod intercept;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use error::Error;
pub use filter::{Col, Cond, NotNull, Nullable, Order, Select};
pub use intercept::{Interceptor, StatementEvent};

/// Result of the entity layer's operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A table the entity layer knows: implemented by the generated code for each model struct.
pub trait Table: Sized + 'static {
    /// The table's name, quoted for SQL (`"users"`).
    const TABLE: &'static str;
    /// The select list: every column, qualified and quoted, in model-field order.
    const COLUMNS: &'static str;
    /// The soft-delete column (quoted), when the table has one: rows where it is not NULL are
    /// excluded from queries unless [`Select::with_deleted`] is set.
    const SOFT_DELETE: Option<&'static str> = None;
    /// The SQL expression a soft delete writes into [`Table::SOFT_DELETE`].
    const SOFT_DELETE_NOW: &'static str = "CURRENT_TIMESTAMP";
    /// The driver's parameter type (`Box<dyn rusqlite::ToSql>`, or the PostgreSQL equivalent).
    type Param;
}

/// The distinct present keys of `keys`, in order of first appearance (for eager loading).
pub fn distinct_keys<K: std::hash::Hash + Eq + Clone>(keys: impl IntoIterator<Item = Option<K>>) -> Vec<K> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for k in keys.into_iter().flatten() {
        if seen.insert(k.clone()) {
            out.push(k);
        }
    }
    out
}

/// Gives each child to every parent whose key equals the child's (moving it to the last such
/// parent, cloning it for the others), in child order. For eager loading.
pub fn distribute<P, C: Clone, K: std::hash::Hash + Eq>(
    parents: &mut [P],
    parent_key: impl Fn(&P) -> Option<K>,
    children: impl IntoIterator<Item = (Option<K>, C)>,
    mut put: impl FnMut(&mut P, C),
) {
    let mut by_key: std::collections::HashMap<K, Vec<usize>> = std::collections::HashMap::new();
    for (i, p) in parents.iter().enumerate() {
        if let Some(k) = parent_key(p) {
            by_key.entry(k).or_default().push(i);
        }
    }
    for (k, c) in children {
        let Some(positions) = k.and_then(|k| by_key.get(&k)) else { continue };
        if let Some((&last, rest)) = positions.split_last() {
            for &i in rest {
                put(&mut parents[i], c.clone());
            }
            put(&mut parents[last], c);
        }
    }
}

/// `INSERT INTO t (cols) VALUES (…), (…) [ON CONFLICT (target) DO UPDATE …] RETURNING …` for
/// `rows` rows, with placeholders `?1, ?2, …` (SQLite) or `$1, $2, …` (PostgreSQL) after
/// `placeholder`. Without columns: `DEFAULT VALUES` (one row; SQLite has no multi-row form). An
/// upsert whose every column is its target or the key still sets one (to itself), so that
/// `RETURNING` yields the row.
#[allow(dead_code)] // used by the driver modules, which are features
pub(crate) fn insert_sql(
    table: &str,
    cols: &[&str],
    rows: usize,
    returning: &str,
    upsert: Option<&[&str]>,
    key: &[&str],
    placeholder: char,
) -> String {
    let mut sql = format!("INSERT INTO {table} ");
    if cols.is_empty() {
        sql.push_str("DEFAULT VALUES");
    } else {
        sql.push('(');
        sql.push_str(&cols.join(", "));
        sql.push_str(") VALUES ");
        let mut n = 0;
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..cols.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push(placeholder);
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
    }
    if let Some(target) = upsert {
        sql.push_str(&format!(" ON CONFLICT ({}) DO ", target.join(", ")));
        let sets: Vec<String> =
            cols.iter().filter(|c| !target.contains(c) && !key.contains(c)).map(|c| format!("{c} = excluded.{c}")).collect();
        if sets.is_empty() {
            let c = target[0];
            sql.push_str(&format!("UPDATE SET {c} = excluded.{c}"));
        } else {
            sql.push_str("UPDATE SET ");
            sql.push_str(&sets.join(", "));
        }
    }
    sql.push_str(" RETURNING ");
    sql.push_str(returning);
    sql
}

#[cfg(test)]
mod insert_sql_tests {
    use super::insert_sql;

    #[test]
    fn multi_row_inserts_and_upserts() {
        assert_eq!(insert_sql("t", &["a", "b"], 2, "*", None, &["id"], '?'), "INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4) RETURNING *");
        assert_eq!(insert_sql("t", &["a"], 1, "id", None, &["id"], '$'), "INSERT INTO t (a) VALUES ($1) RETURNING id");
        assert_eq!(insert_sql("t", &[], 1, "id", None, &["id"], '?'), "INSERT INTO t DEFAULT VALUES RETURNING id");
        assert_eq!(
            insert_sql("t", &["email", "name"], 1, "id", Some(&["email"]), &["id"], '$'),
            "INSERT INTO t (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = excluded.name RETURNING id"
        );
        assert_eq!(
            insert_sql("t", &["email"], 1, "id", Some(&["email"]), &["id"], '?'),
            "INSERT INTO t (email) VALUES (?1) ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id"
        );
    }
}
