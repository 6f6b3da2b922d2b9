//! The SQLite (rusqlite) side of the entity layer: [`Db`], the [`Entity`] trait the generated
//! code implements, [`Hooks`], transactions and the chunked loaders.
//!
//! Statements are prepared with `prepare_cached`, rusqlite's LRU cache of the connection: it is
//! bounded (16 statements unless set with [`Db::set_statement_cache_capacity`]), and
//! [`Db::prepared_statements`] reports how many statements the connection holds. Statically
//! known statements (get, insert of every column, update and delete by key) are `const` SQL of
//! the generated module; only filters, partial updates and multi-row inserts build SQL.

use std::any::{Any, TypeId};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{Connection, Row, ToSql};

use crate::filter::{IntoList, IntoParam, ListParam, Placeholders, Select};
use crate::intercept::{Interceptor, Name, StatementEvent};
use crate::{Error, Result, Table};

/// SQLite's default maximum number of bound parameters per statement (since 3.32).
pub const PARAM_LIMIT: usize = 32766;

/// A filter value, boxed.
pub type Param = Box<dyn ToSql>;

impl<T: ToSql + 'static> IntoParam<Param> for T {
    fn into_param(self) -> Param {
        Box::new(self)
    }
}

impl<T: ToSql + 'static> IntoList<Param> for T {
    fn into_list(values: Vec<T>) -> ListParam<Param> {
        ListParam::Each(values.into_iter().map(|v| Box::new(v) as Param).collect())
    }
}

/// What the generated code implements for each table with a primary key.
pub trait Entity: Table<Param = Param> + Clone {
    /// The primary key: the column's type, or a tuple for a composite key.
    type Key: Clone + 'static;
    /// The values of an insert: every column but generated and auto ones; columns with a
    /// DEFAULT are `Option`s (None: the default).
    type New: 'static;
    /// A partial update: unset fields are untouched.
    type Patch: 'static;
    /// The table's name as written in the schema, for statement names (`users.insert`).
    const NAME: &'static str;
    /// Quoted primary-key columns.
    const KEY_COLUMNS: &'static [&'static str];
    /// Quoted columns an insert may write, in [`Entity::new_params`] order.
    const INSERT_COLUMNS: &'static [&'static str];
    /// `INSERT … RETURNING` of every insertable column.
    const INSERT_SQL: &'static str;
    /// `SELECT … WHERE <key>` (soft-deleted rows excluded).
    const GET_SQL: &'static str;
    /// `UPDATE … SET <every updatable column> WHERE <key> RETURNING …`
    const UPDATE_SQL: &'static str;
    /// `DELETE` by key, or the soft-delete `UPDATE`.
    const DELETE_SQL: &'static str;
    /// `DELETE` by key, also of soft-deleted rows.
    const HARD_DELETE_SQL: &'static str;
    /// Reads the row from columns `0..` of `row`.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    fn key(&self) -> Self::Key;
    /// Bit `i` set: insert column `i` has a value (columns without a DEFAULT always do).
    fn new_mask(new: &Self::New) -> u64;
    /// The provided insert values, in column order.
    fn new_params<'a>(new: &'a Self::New, out: &mut Vec<&'a dyn ToSql>);
    fn key_params<'a>(key: &'a Self::Key, out: &mut Vec<&'a dyn ToSql>);
    /// [`Entity::UPDATE_SQL`]'s parameters: the updatable columns, then the key.
    fn update_params<'a>(&'a self, out: &mut Vec<&'a dyn ToSql>);
    /// The set fields of a patch: their quoted columns and values.
    fn patch_params<'a>(patch: &'a Self::Patch, cols: &mut Vec<&'static str>, out: &mut Vec<&'a dyn ToSql>);
}

/// What an update hook sees: the whole new row, or the patch.
pub enum Change<'a, E: Entity> {
    Row(&'a mut E),
    Patch(&'a mut E::Patch),
}

/// Hooks on one entity's mutations. Every method has a default that does nothing; a `before_`
/// hook may change the values or reject the operation with an `Err` (the operation and anything
/// the hooks wrote are rolled back). Mutations of an entity with hooks run in a transaction (a
/// savepoint inside an outer one), so what a hook writes through `db` commits with them. Bulk
/// operations call the hooks once per row.
pub trait Hooks<E: Entity>: 'static {
    fn before_insert(&self, _db: &Db<'_>, _new: &mut E::New) -> Result<()> {
        Ok(())
    }
    fn after_insert(&self, _db: &Db<'_>, _row: &E) -> Result<()> {
        Ok(())
    }
    fn before_update(&self, _db: &Db<'_>, _key: &E::Key, _change: Change<'_, E>) -> Result<()> {
        Ok(())
    }
    fn after_update(&self, _db: &Db<'_>, _row: &E) -> Result<()> {
        Ok(())
    }
    fn before_delete(&self, _db: &Db<'_>, _key: &E::Key) -> Result<()> {
        Ok(())
    }
    fn after_delete(&self, _db: &Db<'_>, _key: &E::Key) -> Result<()> {
        Ok(())
    }
}

/// A connection with what the entity layer adds: interceptors, hooks, the eager-loading chunk
/// size and the transaction depth. Borrowing the connection, it keeps nothing else alive.
pub struct Db<'c> {
    conn: &'c Connection,
    interceptors: Vec<Arc<dyn Interceptor>>,
    hooks: HashMap<TypeId, Box<dyn Any>>,
    chunk_size: usize,
    depth: Cell<u32>,
}

impl<'c> Db<'c> {
    pub fn new(conn: &'c Connection) -> Db<'c> {
        Db { conn, interceptors: Vec::new(), hooks: HashMap::new(), chunk_size: PARAM_LIMIT, depth: Cell::new(0) }
    }
    /// The connection, for the plain query functions (they run inside this handle's transaction).
    pub fn conn(&self) -> &'c Connection {
        self.conn
    }
    /// Adds an interceptor that sees every statement run through this handle.
    pub fn add_interceptor(&mut self, i: Arc<dyn Interceptor>) -> &mut Self {
        self.interceptors.push(i);
        self
    }
    /// Sets the hooks of entity `E` (replacing earlier ones).
    pub fn set_hooks<E: Entity>(&mut self, hooks: impl Hooks<E>) -> &mut Self {
        let b: Box<dyn Hooks<E>> = Box::new(hooks);
        self.hooks.insert(TypeId::of::<E>(), Box::new(b));
        self
    }
    /// The hooks of entity `E`, if set.
    pub fn hooks<E: Entity>(&self) -> Option<&dyn Hooks<E>> {
        self.hooks.get(&TypeId::of::<E>()).and_then(|b| b.downcast_ref::<Box<dyn Hooks<E>>>()).map(|b| b.as_ref())
    }
    /// At most this many keys per eager-loading query and rows per insert statement (the
    /// parameter limit caps it further). Default: [`PARAM_LIMIT`].
    pub fn set_chunk_size(&mut self, n: usize) -> &mut Self {
        self.chunk_size = n.max(1);
        self
    }
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }
    /// Bounds the connection's statement cache (an LRU; rusqlite's default is 16).
    pub fn set_statement_cache_capacity(&self, n: usize) {
        self.conn.set_prepared_statement_cache_capacity(n);
    }
    /// How many prepared statements the connection holds now (cached ones included).
    pub fn prepared_statements(&self) -> usize {
        let mut n = 0;
        // SAFETY: the handle is valid while `self.conn` is borrowed; sqlite3_next_stmt only
        // walks the connection's statement list and the statements are not used.
        unsafe {
            let db = self.conn.handle();
            let mut s = rusqlite::ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
            while !s.is_null() {
                n += 1;
                s = rusqlite::ffi::sqlite3_next_stmt(db, s);
            }
        }
        n
    }
    /// The current transaction depth (0: none).
    pub fn depth(&self) -> u32 {
        self.depth.get()
    }

    fn report(&self, name: Name<'_>, sql: &str, params: usize, start: Option<Instant>, rows: u64, err: Option<&rusqlite::Error>) {
        if let Some(start) = start {
            // The name is put together only when someone looks at it.
            let full;
            let name = if name.0.is_empty() {
                name.1
            } else {
                full = format!("{}.{}", name.0, name.1);
                full.as_str()
            };
            let msg = err.map(|e| e.to_string());
            let ev = StatementEvent { name, sql, params, duration: start.elapsed(), rows, error: msg.as_deref() };
            for i in &self.interceptors {
                i.on_statement(&ev);
            }
        }
    }

    /// Runs a query and reads each row with `read`.
    pub fn query_rows<T>(&self, name: Name<'_>, sql: &str, params: &[&dyn ToSql], mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let mut run = || -> rusqlite::Result<Vec<T>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(read(row)?);
            }
            Ok(out)
        };
        let r = run();
        self.report(name, sql, params.len(), start, r.as_ref().map_or(0, |v| v.len() as u64), r.as_ref().err());
        Ok(r?)
    }

    /// Runs a statement that returns no rows; the number of rows changed.
    pub fn execute(&self, name: Name<'_>, sql: &str, params: &[&dyn ToSql]) -> Result<u64> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let r = self.conn.prepare_cached(sql).and_then(|mut s| s.execute(params)).map(|n| n as u64);
        self.report(name, sql, params.len(), start, *r.as_ref().unwrap_or(&0), r.as_ref().err());
        Ok(r?)
    }

    fn batch(&self, name: &str, sql: &str) -> Result<()> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let r = self.conn.execute_batch(sql);
        self.report(("", name), sql, 0, start, 0, r.as_ref().err());
        Ok(r?)
    }

    /// Runs `f` in a transaction: commits when it returns `Ok`, rolls back when it returns `Err`
    /// or panics (the panic then continues). Nested calls use savepoints, so an inner failure
    /// rolls back only the inner part when the outer closure handles the error.
    pub fn transaction<T, E: From<Error>>(&self, f: impl FnOnce(&Db<'c>) -> std::result::Result<T, E>) -> std::result::Result<T, E> {
        let depth = self.depth.get();
        // A savepoint also when the connection is already in a transaction opened elsewhere
        // (a `rusqlite::Transaction`, or `BEGIN` run by hand).
        let savepoint = depth > 0 || !self.conn.is_autocommit();
        let sp = format!("sqlweave_{depth}");
        if savepoint {
            self.batch("savepoint", &format!("SAVEPOINT {sp}"))?;
        } else {
            self.batch("begin", "BEGIN")?;
        }
        self.depth.set(depth + 1);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        self.depth.set(depth);
        let rollback = |db: &Self| {
            if savepoint {
                db.batch("rollback", &format!("ROLLBACK TO {sp}; RELEASE {sp}"))
            } else {
                db.batch("rollback", "ROLLBACK")
            }
        };
        match r {
            Ok(Ok(v)) => {
                if savepoint {
                    self.batch("release", &format!("RELEASE {sp}"))?;
                } else {
                    self.batch("commit", "COMMIT")?;
                }
                Ok(v)
            }
            Ok(Err(e)) => {
                rollback(self)?;
                Err(e)
            }
            Err(panic) => {
                let _ = rollback(self);
                std::panic::resume_unwind(panic)
            }
        }
    }

    /// Runs `f` in a transaction when `E` has hooks (so what they write commits or rolls back with
    /// the operation), else directly.
    fn guarded<E: Entity, T>(&self, f: impl FnOnce(&Db<'c>, Option<&dyn Hooks<E>>) -> Result<T>) -> Result<T> {
        match self.hooks::<E>() {
            None => f(self, None),
            Some(h) => self.transaction(|db| f(db, Some(h))),
        }
    }

    // ---- entity operations (the generated `impl`s call these) ----

    /// The row with this key, if any (soft-deleted rows excluded).
    pub fn get<E: Entity>(&self, key: &E::Key) -> Result<Option<E>> {
        let mut params = Vec::new();
        E::key_params(key, &mut params);
        let name = (E::NAME, "get");
        Ok(self.query_rows(name, E::GET_SQL, &params, E::from_row)?.pop())
    }

    /// Inserts one row and returns it as stored (defaults and generated values filled).
    pub fn insert<E: Entity>(&self, new: E::New) -> Result<E> {
        // The common case without hooks or omitted defaults: the `const` statement, directly.
        let all = E::INSERT_COLUMNS.len();
        let full: u64 = if all >= 64 { u64::MAX } else { (1u64 << all) - 1 };
        if E::new_mask(&new) & full == full && self.hooks::<E>().is_none() {
            let mut params: Vec<&dyn ToSql> = Vec::with_capacity(all);
            E::new_params(&new, &mut params);
            return Ok(self.query_rows((E::NAME, "insert"), E::INSERT_SQL, &params, E::from_row)?.pop().expect("INSERT … RETURNING returns the row"));
        }
        let mut rows = self.insert_many::<E>(vec![new])?;
        Ok(rows.pop().expect("one row inserted"))
    }

    /// Inserts rows with as few statements as possible: one multi-row `INSERT … RETURNING` per
    /// chunk (under the parameter limit and the chunk size) of rows that provide the same
    /// columns. Returns the stored rows in input order.
    pub fn insert_many<E: Entity>(&self, mut rows: Vec<E::New>) -> Result<Vec<E>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        self.guarded::<E, _>(|db, hooks| {
            if let Some(h) = hooks {
                for r in rows.iter_mut() {
                    h.before_insert(db, r)?;
                }
            }
            let out = db.insert_statements::<E>(&rows, None)?;
            if let Some(h) = hooks {
                for r in &out {
                    h.after_insert(db, r)?;
                }
            }
            Ok(out)
        })
    }

    /// Inserts, or on a conflict over `target` (quoted columns of a unique set) updates the
    /// provided non-target columns to the new values (`ON CONFLICT … DO UPDATE`). Runs the insert
    /// hooks. Returns the stored rows in input order.
    pub fn upsert_many<E: Entity>(&self, mut rows: Vec<E::New>, target: &[&str]) -> Result<Vec<E>> {
        self.guarded::<E, _>(|db, hooks| {
            if let Some(h) = hooks {
                for r in rows.iter_mut() {
                    h.before_insert(db, r)?;
                }
            }
            let out = db.insert_statements::<E>(&rows, Some(target))?;
            if let Some(h) = hooks {
                for r in &out {
                    h.after_insert(db, r)?;
                }
            }
            Ok(out)
        })
    }

    fn insert_statements<E: Entity>(&self, rows: &[E::New], upsert: Option<&[&str]>) -> Result<Vec<E>> {
        let all = E::INSERT_COLUMNS.len();
        let full: u64 = if all >= 64 { u64::MAX } else { (1u64 << all) - 1 };
        let op = if upsert.is_some() { "upsert" } else { "insert" };
        let name = (E::NAME, op);
        // Rows grouped by the columns they provide, in order of first appearance.
        let mut groups: Vec<(u64, Vec<usize>)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let m = E::new_mask(r) & full;
            match groups.iter_mut().find(|(gm, _)| *gm == m) {
                Some((_, v)) => v.push(i),
                None => groups.push((m, vec![i])),
            }
        }
        let mut out: Vec<Option<E>> = (0..rows.len()).map(|_| None).collect();
        for (mask, idx) in groups {
            let cols: Vec<&str> = (0..all).filter(|i| mask & (1 << i) != 0).map(|i| E::INSERT_COLUMNS[i]).collect();
            let per_row = cols.len().max(1);
            let chunk = if cols.is_empty() { 1 } else { (PARAM_LIMIT / per_row).min(self.chunk_size).max(1) };
            for part in idx.chunks(chunk) {
                let sql = if mask == full && part.len() == 1 && upsert.is_none() {
                    E::INSERT_SQL.to_string()
                } else {
                    crate::insert_sql(E::TABLE, &cols, part.len(), E::COLUMNS, upsert, E::KEY_COLUMNS, '?')
                };
                let mut params: Vec<&dyn ToSql> = Vec::with_capacity(part.len() * cols.len());
                for &i in part {
                    E::new_params(&rows[i], &mut params);
                }
                let got = self.query_rows(name, &sql, &params, E::from_row)?;
                for (&i, row) in part.iter().zip(got) {
                    out[i] = Some(row);
                }
            }
        }
        Ok(out.into_iter().map(|r| r.expect("each insert returns its row")).collect())
    }

    /// Writes every column of `row` (by its key) and returns the row as stored. Runs the update
    /// hooks; `Error::NotFound` when no row has the key.
    pub fn update<E: Entity>(&self, mut row: E) -> Result<E> {
        self.guarded::<E, _>(|db, hooks| {
            let key = row.key();
            if let Some(h) = hooks {
                h.before_update(db, &key, Change::Row(&mut row))?;
            }
            let mut params = Vec::new();
            row.update_params(&mut params);
            let name = (E::NAME, "update");
            let got = db.query_rows(name, E::UPDATE_SQL, &params, E::from_row)?.pop().ok_or(Error::NotFound { table: E::NAME })?;
            if let Some(h) = hooks {
                h.after_update(db, &got)?;
            }
            Ok(got)
        })
    }

    /// Writes the set fields of `patch` to the row with `key` and returns the row as stored; a
    /// patch with no field set reads the row. `Error::NotFound` when no row has the key.
    pub fn patch<E: Entity>(&self, key: &E::Key, mut patch: E::Patch) -> Result<E> {
        self.guarded::<E, _>(|db, hooks| {
            if let Some(h) = hooks {
                h.before_update(db, key, Change::Patch(&mut patch))?;
            }
            let mut cols = Vec::new();
            let mut params: Vec<&dyn ToSql> = Vec::new();
            E::patch_params(&patch, &mut cols, &mut params);
            let got = if cols.is_empty() {
                db.get::<E>(key)?
            } else {
                let mut sql = format!("UPDATE {} SET ", E::TABLE);
                for (i, c) in cols.iter().enumerate() {
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("{c} = ?{}", i + 1));
                }
                push_key_where(&mut sql, E::KEY_COLUMNS, cols.len());
                if let Some(sd) = E::SOFT_DELETE {
                    sql.push_str(&format!(" AND {sd} IS NULL"));
                }
                sql.push_str(" RETURNING ");
                sql.push_str(E::COLUMNS);
                E::key_params(key, &mut params);
                let name = (E::NAME, "patch");
                db.query_rows(name, &sql, &params, E::from_row)?.pop()
            };
            let got = got.ok_or(Error::NotFound { table: E::NAME })?;
            if let Some(h) = hooks {
                h.after_update(db, &got)?;
            }
            Ok(got)
        })
    }

    /// Deletes the row with `key` (soft-deletes it when the table has a soft-delete column);
    /// whether there was one. Runs the delete hooks.
    pub fn delete<E: Entity>(&self, key: &E::Key) -> Result<bool> {
        self.delete_by_key::<E>(key, E::DELETE_SQL, "delete")
    }

    /// Deletes the row with `key`, also when it is soft-deleted.
    pub fn hard_delete<E: Entity>(&self, key: &E::Key) -> Result<bool> {
        self.delete_by_key::<E>(key, E::HARD_DELETE_SQL, "hard_delete")
    }

    fn delete_by_key<E: Entity>(&self, key: &E::Key, sql: &str, op: &str) -> Result<bool> {
        self.guarded::<E, _>(|db, hooks| {
            if let Some(h) = hooks {
                h.before_delete(db, key)?;
            }
            let mut params = Vec::new();
            E::key_params(key, &mut params);
            let n = db.execute((E::NAME, op), sql, &params)?;
            if let (Some(h), true) = (hooks, n > 0) {
                h.after_delete(db, key)?;
            }
            Ok(n > 0)
        })
    }

    /// Deletes (or soft-deletes) every row `select`'s filter matches (its order and limit are
    /// ignored); the number of rows. With hooks, the matching keys are read first and the hooks
    /// run per row.
    pub fn delete_where<E: Entity>(&self, select: &Select<E>) -> Result<u64> {
        self.guarded::<E, _>(|db, hooks| {
            let keys: Vec<E::Key> = match hooks {
                Some(h) => {
                    let rows = db.all(select)?;
                    let keys: Vec<E::Key> = rows.iter().map(E::key).collect();
                    for k in &keys {
                        h.before_delete(db, k)?;
                    }
                    keys
                }
                None => Vec::new(),
            };
            let mut sql = match E::SOFT_DELETE {
                Some(sd) => format!("UPDATE {} SET {} = {}", E::TABLE, sd.rsplit('.').next().unwrap_or(sd), E::SOFT_DELETE_NOW),
                None => format!("DELETE FROM {}", E::TABLE),
            };
            let mut params = Vec::new();
            select.render_where(&mut sql, &mut params, None, 0, Placeholders::Question);
            let params: Vec<&dyn ToSql> = params.into_iter().map(|p| p.as_ref()).collect();
            let n = db.execute((E::NAME, "delete_where"), &sql, &params)?;
            if let Some(h) = hooks {
                for k in &keys {
                    h.after_delete(db, k)?;
                }
            }
            Ok(n)
        })
    }

    // ---- queries ----

    /// The rows `select` matches.
    pub fn all<E: Entity>(&self, select: &Select<E>) -> Result<Vec<E>> {
        let r = select.render(E::COLUMNS, E::TABLE, None, 0, Placeholders::Question);
        let params: Vec<&dyn ToSql> = r.params.into_iter().map(|p| p.as_ref()).collect();
        self.query_rows((E::NAME, "select"), &r.sql, &params, E::from_row)
    }

    /// The first row `select` matches (its order applies; the limit becomes 1).
    pub fn first<E: Entity>(&self, select: Select<E>) -> Result<Option<E>> {
        Ok(self.all(&select.limit(1))?.pop())
    }

    /// How many rows `select`'s filter matches (order, limit and offset ignored).
    pub fn count<E: Entity>(&self, select: &Select<E>) -> Result<u64> {
        let mut sql = format!("SELECT COUNT(*) FROM {}", E::TABLE);
        let mut params = Vec::new();
        select.render_where(&mut sql, &mut params, None, 0, Placeholders::Question);
        let params: Vec<&dyn ToSql> = params.into_iter().map(|p| p.as_ref()).collect();
        let n: i64 = self.query_rows((E::NAME, "count"), &sql, &params, |r| r.get(0))?.pop().unwrap_or(0);
        Ok(n as u64)
    }

    /// Whether any row matches `select`'s filter.
    pub fn exists<E: Entity>(&self, select: &Select<E>) -> Result<bool> {
        let mut sql = format!("SELECT EXISTS (SELECT 1 FROM {}", E::TABLE);
        let mut params = Vec::new();
        select.render_where(&mut sql, &mut params, None, 0, Placeholders::Question);
        sql.push(')');
        let params: Vec<&dyn ToSql> = params.into_iter().map(|p| p.as_ref()).collect();
        Ok(self.query_rows((E::NAME, "exists"), &sql, &params, |r| r.get(0))?.pop().unwrap_or(false))
    }

    /// For eager loading: the rows of `select` whose `key_col` is one of `keys`, read with
    /// `read`, one query per chunk of keys (`key_col IN (…)`, chunks under the parameter limit
    /// and [`Db::chunk_size`]). `what`/`from` are the select list and `FROM` clause (a join for
    /// many-to-many edges). Limit and offset of `select` apply per chunk.
    #[allow(clippy::too_many_arguments)]
    pub fn load_in<C: Entity, K: ToSql, T>(
        &self,
        name: Name<'_>,
        select: &Select<C>,
        what: &str,
        from: &str,
        key_col: &str,
        keys: &[K],
        mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        if keys.is_empty() {
            return Ok(out);
        }
        // The filter's own parameters count against the limit too.
        let probe = select.render("", "", None, 0, Placeholders::Question).params.len();
        let chunk = PARAM_LIMIT.saturating_sub(probe).min(self.chunk_size).max(1);
        for part in keys.chunks(chunk) {
            let mut extra = format!("{key_col} IN (");
            for i in 0..part.len() {
                if i > 0 {
                    extra.push_str(", ");
                }
                extra.push_str(&format!("?{}", i + 1));
            }
            extra.push(')');
            let r = select.render(what, from, Some(&extra), part.len(), Placeholders::Question);
            let mut params: Vec<&dyn ToSql> = part.iter().map(|k| k as &dyn ToSql).collect();
            params.extend(r.params.into_iter().map(|p| p.as_ref()));
            out.extend(self.query_rows(name, &r.sql, &params, &mut read)?);
        }
        Ok(out)
    }
}

fn push_key_where(sql: &mut String, keys: &[&str], offset: usize) {
    sql.push_str(" WHERE ");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            sql.push_str(" AND ");
        }
        sql.push_str(&format!("{k} = ?{}", offset + i + 1));
    }
}

