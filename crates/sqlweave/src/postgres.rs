//! The PostgreSQL (tokio-postgres) side of the entity layer: [`Db`], the [`Entity`] trait the
//! generated code implements, async [`Hooks`], transactions and the chunked loaders.
//!
//! tokio-postgres has no statement cache, so [`Db`] has one of its own: a [`StatementCache`] of
//! prepared `Statement`s keyed by SQL, least recently used first out, with a settable capacity
//! and an observable length. Every statement of the entity layer goes through it: the `const` SQL
//! of the generated module is prepared once per `Db`, filter-built SQL once per shape. List
//! filters and eager loading bind one array parameter (`= ANY($1)`), so the SQL does not change
//! with the number of keys.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures_util::FutureExt;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Row, Statement};

use crate::filter::{IntoList, IntoParam, ListParam, Placeholders, Select};
use crate::intercept::{Interceptor, Name, StatementEvent};
use crate::{Error, Result, Table};

/// PostgreSQL's maximum number of bound parameters per statement.
pub const PARAM_LIMIT: usize = 65535;

/// A filter value, boxed.
pub type Param = Box<dyn ToSql + Sync + Send>;

/// A parameter reference as tokio-postgres takes it.
pub type P<'a> = &'a (dyn ToSql + Sync);

/// What a hook returns.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

impl<T: ToSql + Sync + Send + 'static> IntoParam<Param> for T {
    fn into_param(self) -> Param {
        Box::new(self)
    }
}

impl<T: ToSql + Sync + Send + 'static> IntoList<Param> for T
where
    Vec<T>: ToSql,
{
    fn into_list(values: Vec<T>) -> ListParam<Param> {
        ListParam::Array(Box::new(values))
    }
}

/// What the generated code implements for each table with a primary key.
pub trait Entity: Table<Param = Param> + Clone + Send + Sync {
    type Key: Clone + Send + Sync + 'static;
    type New: Send + Sync + 'static;
    type Patch: Send + Sync + 'static;
    const NAME: &'static str;
    const KEY_COLUMNS: &'static [&'static str];
    const INSERT_COLUMNS: &'static [&'static str];
    const INSERT_SQL: &'static str;
    const GET_SQL: &'static str;
    const UPDATE_SQL: &'static str;
    const DELETE_SQL: &'static str;
    const HARD_DELETE_SQL: &'static str;
    fn from_row(row: &Row) -> std::result::Result<Self, tokio_postgres::Error>;
    fn key(&self) -> Self::Key;
    fn new_mask(new: &Self::New) -> u64;
    fn new_params<'a>(new: &'a Self::New, out: &mut Vec<P<'a>>);
    fn key_params<'a>(key: &'a Self::Key, out: &mut Vec<P<'a>>);
    fn update_params<'a>(&'a self, out: &mut Vec<P<'a>>);
    fn patch_params<'a>(patch: &'a Self::Patch, cols: &mut Vec<&'static str>, out: &mut Vec<P<'a>>);
}

/// What an update hook sees: the whole new row, or the patch.
pub enum Change<'a, E: Entity> {
    Row(&'a mut E),
    Patch(&'a mut E::Patch),
}

fn ok<'a>() -> HookFuture<'a> {
    Box::pin(async { Ok(()) })
}

/// Hooks on one entity's mutations, as on SQLite (see `sqlweave::sqlite::Hooks`), returning
/// boxed futures so they can run statements through `db`: `Box::pin(async move { … })`.
pub trait Hooks<E: Entity>: Send + Sync + 'static {
    fn before_insert<'a>(&'a self, _db: &'a Db<'_>, _new: &'a mut E::New) -> HookFuture<'a> {
        ok()
    }
    fn after_insert<'a>(&'a self, _db: &'a Db<'_>, _row: &'a E) -> HookFuture<'a> {
        ok()
    }
    fn before_update<'a>(&'a self, _db: &'a Db<'_>, _key: &'a E::Key, _change: Change<'a, E>) -> HookFuture<'a> {
        ok()
    }
    fn after_update<'a>(&'a self, _db: &'a Db<'_>, _row: &'a E) -> HookFuture<'a> {
        ok()
    }
    fn before_delete<'a>(&'a self, _db: &'a Db<'_>, _key: &'a E::Key) -> HookFuture<'a> {
        ok()
    }
    fn after_delete<'a>(&'a self, _db: &'a Db<'_>, _key: &'a E::Key) -> HookFuture<'a> {
        ok()
    }
}

/// A bounded LRU cache of prepared statements, keyed by their SQL.
pub struct StatementCache {
    inner: Mutex<CacheInner>,
}

struct CacheInner {
    capacity: usize,
    tick: u64,
    entries: Vec<(String, Statement, u64)>,
}

impl StatementCache {
    pub fn new(capacity: usize) -> StatementCache {
        StatementCache { inner: Mutex::new(CacheInner { capacity, tick: 0, entries: Vec::new() }) }
    }
    /// Statements held now.
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn capacity(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).capacity
    }
    /// Sets the capacity, dropping the least recently used statements beyond it (0: no caching).
    pub fn set_capacity(&self, n: usize) {
        let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        c.capacity = n;
        c.shrink();
    }
    fn get(&self, sql: &str) -> Option<Statement> {
        let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        c.tick += 1;
        let tick = c.tick;
        c.entries.iter_mut().find(|e| e.0 == sql).map(|e| {
            e.2 = tick;
            e.1.clone()
        })
    }
    fn put(&self, sql: &str, stmt: Statement) {
        let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if c.capacity == 0 || c.entries.iter().any(|e| e.0 == sql) {
            return;
        }
        c.tick += 1;
        let tick = c.tick;
        c.entries.push((sql.to_string(), stmt, tick));
        c.shrink();
    }
}

impl CacheInner {
    fn shrink(&mut self) {
        while self.entries.len() > self.capacity {
            let oldest = self.entries.iter().enumerate().min_by_key(|(_, e)| e.2).map(|(i, _)| i).expect("not empty");
            self.entries.swap_remove(oldest);
        }
    }
}

/// A client with what the entity layer adds: the statement cache, interceptors, hooks, the
/// eager-loading chunk size and the transaction depth.
pub struct Db<'c> {
    client: &'c Client,
    cache: StatementCache,
    interceptors: Vec<Arc<dyn Interceptor>>,
    hooks: std::collections::HashMap<std::any::TypeId, Box<dyn std::any::Any + Send + Sync>>,
    chunk_size: usize,
    depth: AtomicU32,
}

/// The default capacity of [`Db`]'s statement cache.
pub const DEFAULT_CACHE_CAPACITY: usize = 64;

impl<'c> Db<'c> {
    pub fn new(client: &'c Client) -> Db<'c> {
        Db {
            client,
            cache: StatementCache::new(DEFAULT_CACHE_CAPACITY),
            interceptors: Vec::new(),
            hooks: Default::default(),
            chunk_size: PARAM_LIMIT,
            depth: AtomicU32::new(0),
        }
    }
    pub fn client(&self) -> &'c Client {
        self.client
    }
    /// The statement cache (its `len`, `capacity`, `set_capacity`).
    pub fn statement_cache(&self) -> &StatementCache {
        &self.cache
    }
    pub fn add_interceptor(&mut self, i: Arc<dyn Interceptor>) -> &mut Self {
        self.interceptors.push(i);
        self
    }
    pub fn set_hooks<E: Entity>(&mut self, hooks: impl Hooks<E>) -> &mut Self {
        let b: Box<dyn Hooks<E>> = Box::new(hooks);
        self.hooks.insert(std::any::TypeId::of::<E>(), Box::new(b));
        self
    }
    pub fn hooks<E: Entity>(&self) -> Option<&dyn Hooks<E>> {
        self.hooks.get(&std::any::TypeId::of::<E>()).and_then(|b| b.downcast_ref::<Box<dyn Hooks<E>>>()).map(|b| b.as_ref())
    }
    /// At most this many keys per eager-loading query and rows per insert statement.
    pub fn set_chunk_size(&mut self, n: usize) -> &mut Self {
        self.chunk_size = n.max(1);
        self
    }
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }
    pub fn depth(&self) -> u32 {
        self.depth.load(Ordering::SeqCst)
    }

    async fn statement(&self, sql: &str) -> std::result::Result<Statement, tokio_postgres::Error> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s);
        }
        let s = self.client.prepare(sql).await?;
        self.cache.put(sql, s.clone());
        Ok(s)
    }

    fn report(&self, name: Name<'_>, sql: &str, params: usize, start: Option<Instant>, rows: u64, err: Option<&tokio_postgres::Error>) {
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

    /// Runs a query (through the statement cache) and reads each row with `read`.
    pub async fn query_rows<T>(&self, name: Name<'_>, sql: &str, params: &[P<'_>], read: impl Fn(&Row) -> std::result::Result<T, tokio_postgres::Error>) -> Result<Vec<T>> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let r = async {
            let stmt = self.statement(sql).await?;
            let rows = self.client.query(&stmt, params).await?;
            rows.iter().map(&read).collect::<std::result::Result<Vec<T>, _>>()
        }
        .await;
        self.report(name, sql, params.len(), start, r.as_ref().map_or(0, |v| v.len() as u64), r.as_ref().err());
        Ok(r?)
    }

    /// Runs a statement (through the statement cache); the number of rows changed.
    pub async fn execute(&self, name: Name<'_>, sql: &str, params: &[P<'_>]) -> Result<u64> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let r = async {
            let stmt = self.statement(sql).await?;
            self.client.execute(&stmt, params).await
        }
        .await;
        self.report(name, sql, params.len(), start, *r.as_ref().unwrap_or(&0), r.as_ref().err());
        Ok(r?)
    }

    async fn batch(&self, name: &str, sql: &str) -> Result<()> {
        let start = (!self.interceptors.is_empty()).then(Instant::now);
        let r = self.client.batch_execute(sql).await;
        self.report(("", name), sql, 0, start, 0, r.as_ref().err());
        Ok(r?)
    }

    /// Runs `fut` in a transaction (a savepoint when one is open): commits when it returns `Ok`,
    /// rolls back when it returns `Err` or panics (the panic then continues). The future may
    /// borrow this `Db`: `db.atomic(async { User::insert(&db, new).await }).await`.
    pub async fn atomic<T, E: From<Error>>(&self, fut: impl Future<Output = std::result::Result<T, E>>) -> std::result::Result<T, E> {
        let depth = self.depth.fetch_add(1, Ordering::SeqCst);
        let sp = format!("sqlweave_{depth}");
        let begun = if depth == 0 { self.batch("begin", "BEGIN").await } else { self.batch("savepoint", &format!("SAVEPOINT {sp}")).await };
        if let Err(e) = begun {
            self.depth.store(depth, Ordering::SeqCst);
            return Err(e.into());
        }
        let r = std::panic::AssertUnwindSafe(fut).catch_unwind().await;
        self.depth.store(depth, Ordering::SeqCst);
        let rollback = async {
            if depth == 0 {
                self.batch("rollback", "ROLLBACK").await
            } else {
                self.batch("rollback", &format!("ROLLBACK TO SAVEPOINT {sp}; RELEASE SAVEPOINT {sp}")).await
            }
        };
        match r {
            Ok(Ok(v)) => {
                if depth == 0 {
                    self.batch("commit", "COMMIT").await?;
                } else {
                    self.batch("release", &format!("RELEASE SAVEPOINT {sp}")).await?;
                }
                Ok(v)
            }
            Ok(Err(e)) => {
                rollback.await?;
                Err(e)
            }
            Err(panic) => {
                let _ = rollback.await;
                std::panic::resume_unwind(panic)
            }
        }
    }

    /// Closure style of [`Db::atomic`]: `db.transaction(|db| Box::pin(async move { … })).await`.
    pub async fn transaction<T, E: From<Error>, F>(&self, f: F) -> std::result::Result<T, E>
    where
        F: for<'a> FnOnce(&'a Db<'c>) -> Pin<Box<dyn Future<Output = std::result::Result<T, E>> + Send + 'a>>,
    {
        self.atomic(f(self)).await
    }

    // ---- entity operations ----

    pub async fn get<E: Entity>(&self, key: &E::Key) -> Result<Option<E>> {
        let mut params = Vec::new();
        E::key_params(key, &mut params);
        Ok(self.query_rows((E::NAME, "get"), E::GET_SQL, &params, E::from_row).await?.pop())
    }

    pub async fn insert<E: Entity>(&self, new: E::New) -> Result<E> {
        let all = E::INSERT_COLUMNS.len();
        let full: u64 = if all >= 64 { u64::MAX } else { (1u64 << all) - 1 };
        if E::new_mask(&new) & full == full && self.hooks::<E>().is_none() {
            let mut params: Vec<P<'_>> = Vec::with_capacity(all);
            E::new_params(&new, &mut params);
            return Ok(self.query_rows((E::NAME, "insert"), E::INSERT_SQL, &params, E::from_row).await?.pop().expect("INSERT … RETURNING returns the row"));
        }
        Ok(self.insert_many::<E>(vec![new]).await?.pop().expect("one row inserted"))
    }

    /// One multi-row `INSERT … RETURNING` per chunk (under 65535 parameters and the chunk size)
    /// of rows providing the same columns; the stored rows in input order. Runs the insert hooks
    /// per row, in a transaction when there are hooks.
    pub async fn insert_many<E: Entity>(&self, rows: Vec<E::New>) -> Result<Vec<E>> {
        self.insert_or_upsert::<E>(rows, None).await
    }

    /// Inserts, or on a conflict over `target` updates the provided non-target columns.
    pub async fn upsert_many<E: Entity>(&self, rows: Vec<E::New>, target: &[&str]) -> Result<Vec<E>> {
        self.insert_or_upsert::<E>(rows, Some(target)).await
    }

    async fn insert_or_upsert<E: Entity>(&self, mut rows: Vec<E::New>, upsert: Option<&[&str]>) -> Result<Vec<E>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        match self.hooks::<E>() {
            None => self.insert_statements::<E>(&rows, upsert).await,
            Some(h) => {
                self.atomic(async {
                    for r in rows.iter_mut() {
                        h.before_insert(self, r).await?;
                    }
                    let out = self.insert_statements::<E>(&rows, upsert).await?;
                    for r in &out {
                        h.after_insert(self, r).await?;
                    }
                    Ok(out)
                })
                .await
            }
        }
    }

    async fn insert_statements<E: Entity>(&self, rows: &[E::New], upsert: Option<&[&str]>) -> Result<Vec<E>> {
        let all = E::INSERT_COLUMNS.len();
        let full: u64 = if all >= 64 { u64::MAX } else { (1u64 << all) - 1 };
        let name = (E::NAME, if upsert.is_some() { "upsert" } else { "insert" });
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
            let chunk = if cols.is_empty() { 1 } else { (PARAM_LIMIT / cols.len()).min(self.chunk_size).max(1) };
            for part in idx.chunks(chunk) {
                let sql = if mask == full && part.len() == 1 && upsert.is_none() {
                    E::INSERT_SQL.to_string()
                } else {
                    crate::insert_sql(E::TABLE, &cols, part.len(), E::COLUMNS, upsert, E::KEY_COLUMNS, '$')
                };
                let mut params: Vec<P<'_>> = Vec::with_capacity(part.len() * cols.len());
                for &i in part {
                    E::new_params(&rows[i], &mut params);
                }
                let got = self.query_rows(name, &sql, &params, E::from_row).await?;
                for (&i, row) in part.iter().zip(got) {
                    out[i] = Some(row);
                }
            }
        }
        Ok(out.into_iter().map(|r| r.expect("each insert returns its row")).collect())
    }

    pub async fn update<E: Entity>(&self, mut row: E) -> Result<E> {
        let hooks = self.hooks::<E>();
        let op = async {
            let key = row.key();
            if let Some(h) = hooks {
                h.before_update(self, &key, Change::Row(&mut row)).await?;
            }
            let got = {
                let mut params = Vec::new();
                row.update_params(&mut params);
                self.query_rows((E::NAME, "update"), E::UPDATE_SQL, &params, E::from_row).await?.pop()
            };
            let got = got.ok_or(Error::NotFound { table: E::NAME })?;
            if let Some(h) = hooks {
                h.after_update(self, &got).await?;
            }
            Ok(got)
        };
        if hooks.is_some() {
            self.atomic(op).await
        } else {
            op.await
        }
    }

    pub async fn patch<E: Entity>(&self, key: &E::Key, mut patch: E::Patch) -> Result<E> {
        let hooks = self.hooks::<E>();
        let op = async {
            if let Some(h) = hooks {
                h.before_update(self, key, Change::Patch(&mut patch)).await?;
            }
            let got = {
                let mut cols = Vec::new();
                let mut params: Vec<P<'_>> = Vec::new();
                E::patch_params(&patch, &mut cols, &mut params);
                if cols.is_empty() {
                    None
                } else {
                    let mut sql = format!("UPDATE {} SET ", E::TABLE);
                    for (i, c) in cols.iter().enumerate() {
                        if i > 0 {
                            sql.push_str(", ");
                        }
                        sql.push_str(&format!("{c} = ${}", i + 1));
                    }
                    sql.push_str(" WHERE ");
                    for (i, k) in E::KEY_COLUMNS.iter().enumerate() {
                        if i > 0 {
                            sql.push_str(" AND ");
                        }
                        sql.push_str(&format!("{k} = ${}", cols.len() + i + 1));
                    }
                    if let Some(sd) = E::SOFT_DELETE {
                        sql.push_str(&format!(" AND {sd} IS NULL"));
                    }
                    sql.push_str(" RETURNING ");
                    sql.push_str(E::COLUMNS);
                    E::key_params(key, &mut params);
                    Some(self.query_rows((E::NAME, "patch"), &sql, &params, E::from_row).await?.pop())
                }
            };
            let got = match got {
                Some(g) => g,
                None => self.get::<E>(key).await?,
            };
            let got = got.ok_or(Error::NotFound { table: E::NAME })?;
            if let Some(h) = hooks {
                h.after_update(self, &got).await?;
            }
            Ok(got)
        };
        if hooks.is_some() {
            self.atomic(op).await
        } else {
            op.await
        }
    }

    pub async fn delete<E: Entity>(&self, key: &E::Key) -> Result<bool> {
        self.delete_by_key::<E>(key, E::DELETE_SQL, "delete").await
    }

    pub async fn hard_delete<E: Entity>(&self, key: &E::Key) -> Result<bool> {
        self.delete_by_key::<E>(key, E::HARD_DELETE_SQL, "hard_delete").await
    }

    async fn delete_by_key<E: Entity>(&self, key: &E::Key, sql: &str, op: &str) -> Result<bool> {
        let hooks = self.hooks::<E>();
        let run = async {
            if let Some(h) = hooks {
                h.before_delete(self, key).await?;
            }
            let n = {
                let mut params = Vec::new();
                E::key_params(key, &mut params);
                self.execute((E::NAME, op), sql, &params).await?
            };
            if let (Some(h), true) = (hooks, n > 0) {
                h.after_delete(self, key).await?;
            }
            Ok(n > 0)
        };
        if hooks.is_some() {
            self.atomic(run).await
        } else {
            run.await
        }
    }

    /// Deletes (or soft-deletes) every row `select`'s filter matches; the number of rows.
    pub async fn delete_where<E: Entity>(&self, select: &Select<E>) -> Result<u64> {
        let hooks = self.hooks::<E>();
        let run = async {
            let mut keys = Vec::new();
            if let Some(h) = hooks {
                keys = self.all(select).await?.iter().map(E::key).collect();
                for k in &keys {
                    h.before_delete(self, k).await?;
                }
            }
            let n = {
                let mut sql = match E::SOFT_DELETE {
                    Some(sd) => format!("UPDATE {} SET {} = {}", E::TABLE, sd.rsplit('.').next().unwrap_or(sd), E::SOFT_DELETE_NOW),
                    None => format!("DELETE FROM {}", E::TABLE),
                };
                let mut params = Vec::new();
                select.render_where(&mut sql, &mut params, None, 0, Placeholders::Dollar);
                let params: Vec<P<'_>> = params.into_iter().map(|p| p.as_ref() as P<'_>).collect();
                self.execute((E::NAME, "delete_where"), &sql, &params).await?
            };
            if let Some(h) = hooks {
                for k in &keys {
                    h.after_delete(self, k).await?;
                }
            }
            Ok(n)
        };
        if hooks.is_some() {
            self.atomic(run).await
        } else {
            run.await
        }
    }

    // ---- queries ----

    pub async fn all<E: Entity>(&self, select: &Select<E>) -> Result<Vec<E>> {
        let r = select.render(E::COLUMNS, E::TABLE, None, 0, Placeholders::Dollar);
        let params: Vec<P<'_>> = r.params.into_iter().map(|p| p.as_ref() as P<'_>).collect();
        self.query_rows((E::NAME, "select"), &r.sql, &params, E::from_row).await
    }

    pub async fn first<E: Entity>(&self, select: Select<E>) -> Result<Option<E>> {
        Ok(self.all(&select.limit(1)).await?.pop())
    }

    pub async fn count<E: Entity>(&self, select: &Select<E>) -> Result<u64> {
        let mut sql = format!("SELECT COUNT(*) FROM {}", E::TABLE);
        let mut params = Vec::new();
        select.render_where(&mut sql, &mut params, None, 0, Placeholders::Dollar);
        let params: Vec<P<'_>> = params.into_iter().map(|p| p.as_ref() as P<'_>).collect();
        let n: i64 = self.query_rows((E::NAME, "count"), &sql, &params, |r| r.try_get(0)).await?.pop().unwrap_or(0);
        Ok(n as u64)
    }

    pub async fn exists<E: Entity>(&self, select: &Select<E>) -> Result<bool> {
        let mut sql = format!("SELECT EXISTS (SELECT 1 FROM {}", E::TABLE);
        let mut params = Vec::new();
        select.render_where(&mut sql, &mut params, None, 0, Placeholders::Dollar);
        sql.push(')');
        let params: Vec<P<'_>> = params.into_iter().map(|p| p.as_ref() as P<'_>).collect();
        Ok(self.query_rows((E::NAME, "exists"), &sql, &params, |r| r.try_get(0)).await?.pop().unwrap_or(false))
    }

    /// For eager loading: rows of `select` whose `key_col` is one of `keys`, one query per chunk
    /// of keys (`key_col = ANY($1)`, the chunk bound as one array).
    #[allow(clippy::too_many_arguments)]
    pub async fn load_in<C: Entity, K, T>(
        &self,
        name: Name<'_>,
        select: &Select<C>,
        what: &str,
        from: &str,
        key_col: &str,
        keys: &[K],
        read: impl Fn(&Row) -> std::result::Result<T, tokio_postgres::Error>,
    ) -> Result<Vec<T>>
    where
        K: Clone + Sync,
        Vec<K>: ToSql + Sync,
    {
        let mut out = Vec::new();
        let extra = format!("{key_col} = ANY($1)");
        for part in keys.chunks(self.chunk_size) {
            let part: Vec<K> = part.to_vec();
            let r = select.render(what, from, Some(&extra), 1, Placeholders::Dollar);
            let mut params: Vec<P<'_>> = vec![&part];
            params.extend(r.params.into_iter().map(|p| p.as_ref() as P<'_>));
            out.extend(self.query_rows(name, &r.sql, &params, &read).await?);
        }
        Ok(out)
    }
}

