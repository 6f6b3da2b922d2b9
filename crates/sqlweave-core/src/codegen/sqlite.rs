//! The SQLite back end: a module of plain functions over `rusqlite`.
//!
//! Shape of the output, in order: one model struct per table (see [`names::model_name`]), then per
//! query its SQL `const`, its `XParams` struct (more parameters than the limit), its `XRow` struct
//! (several columns that are not one table's model), its function and, for `:many`, its
//! `_for_each` function; last, a private helper when some query has a list parameter.
//!
//! Decisions, and why:
//! - Every `rusqlite` item is written by its full path and the functions take
//!   `&rusqlite::Connection`, so the user's module needs no imports and a `&rusqlite::Transaction`
//!   works too (it derefs to a connection).
//! - Statements are prepared with `prepare_cached` (rusqlite's bounded LRU cache), values are
//!   bound in the IR's parameter order (the SQL numbers them `?1..?N`) as a tuple (rusqlite
//!   implements `Params` for up to 16; an array of `&dyn rusqlite::ToSql` beyond), and rows are
//!   read by index. Apart from the rows themselves a call allocates nothing.
//! - Queries with list parameters cannot have fixed SQL: the `const` is then an array of the SQL
//!   text between the lists, the SQL is built per call with one anonymous `?` per element (none
//!   for an empty list: SQLite reads `IN ()` as matching no row), and values are bound in
//!   placeholder order with `raw_bind_parameter` — a scalar parameter used twice is bound twice.
//!   The built SQL still goes through `prepare_cached`, so each list length is prepared once.
//! - `:exec`, `:execrows` and `:execlastid` use `execute`, except when the statement returns
//!   columns (`RETURNING`): rusqlite's `execute` refuses those, so the rows are stepped through
//!   and, for `:execrows`, counted (each returned row is one changed row).
//! - `:many` also gets `<name>_for_each(conn, <params>, f)`, which calls
//!   `f: impl FnMut(T) -> rusqlite::Result<()>` per row without building a `Vec`; an error
//!   returned by `f` stops the iteration and is returned.
//! - Every item carries `#[allow(dead_code)]`: a module declared as `mod db;` in a binary would
//!   otherwise warn (and fail under `#![deny(warnings)]`) for each query the program does not
//!   call. Inner attributes (`#![allow(..)]`) are avoided because they break `include!`.
//! - Only rusqlite APIs stable since 0.32 are used: the end-to-end crate `tests/codegen-e2e`
//!   runs against 0.37 in the workspace and against 0.32 through its `rusqlite-0.32/` manifest.

use std::collections::BTreeSet;

use super::names::{self, Scope};
use super::entity_code;
use super::{doc_attrs, header, string_literal, Options};
use crate::config::TimeCrate;
use crate::ir::{Column, Fragment, Ir, Query, QueryKind, Table, ValueType};

/// Local names the generated function bodies use; arguments must not take them.
const LOCALS: &[&str] = &["conn", "stmt", "params", "rows", "row", "sql", "out", "f", "n", "v", "arg", "count"];

/// The private helper that writes a list's placeholders (reserved even when unused, so adding a
/// list query never renames another query's function).
const LIST_HELPER: &str = "push_list_placeholders";

/// The statement holder generated with `prepared = true`.
const PREPARED: &str = "Prepared";

/// Generates the `rusqlite` module for an SQLite IR.
pub fn generate(ir: &Ir, opts: &Options) -> Result<String, String> {
    let mut reserved: Vec<&str> = names::RESERVED_TYPE_NAMES.to_vec();
    if opts.prepared {
        reserved.push(PREPARED);
    }
    let mut g = Gen { opts, features: BTreeSet::new(), types: Scope::with_reserved(&reserved), values: Scope::with_reserved(&[LIST_HELPER]) };

    let models = ir.tables.iter().map(|t| g.plan_model(t)).collect::<Result<Vec<_>, _>>()?;
    let entities = match &opts.entities {
        Some(e) => Some(super::entity::plan(ir, e, &[])?),
        None => None,
    };
    let queries = ir.queries.iter().map(|q| g.plan_query(q, &models)).collect::<Result<Vec<_>, _>>()?;

    // Items are formatted one by one and joined with a blank line (prettyplease puts none
    // between items, and SQL constants make a text-level fix-up unsafe).
    let mut items = Vec::new();
    for m in &models {
        items.push(g.emit_model(m));
    }
    for q in &queries {
        g.emit_query(&mut items, q);
    }
    if queries.iter().any(|q| q.list_sql.is_some()) {
        items.push(LIST_HELPER_SRC.to_string());
    }
    if opts.prepared {
        items.extend(g.emit_prepared(&queries));
    }
    if let Some(plans) = &entities {
        let infos: Vec<entity_code::ModelInfo> = models
            .iter()
            .map(|m| entity_code::ModelInfo::new(&m.name, m.fields.iter().map(|f| (f.ident.as_str(), f.ty.as_str())), &m.table.columns))
            .collect();
        let refs: Vec<Option<&entity_code::ModelInfo>> = infos.iter().map(Some).collect();
        items.extend(entity_code::emit(ir, plans, &refs, entity_code::Flavor::Sqlite, &mut g.types)?);
    }
    let formatted = super::format_items(&items)?.join("\n");
    let driver = if g.features.is_empty() {
        "Driver: rusqlite.".to_string()
    } else {
        let f: Vec<&str> = g.features.iter().copied().collect();
        format!("Driver: rusqlite, with its feature(s): {}.", f.join(", "))
    };
    let mut notes = vec![driver];
    if entities.is_some() {
        notes.push("Entity layer: the using crate also depends on `sqlweave` with its feature \"sqlite\".".into());
    }
    Ok(header(opts.version, &notes) + &formatted)
}

const LIST_HELPER_SRC: &str = r#"
/// Appends one `?` per list element to `sql`. An empty list stays empty: SQLite accepts `IN ()`,
/// which matches no row, and `NOT IN ()`, which matches every row.
#[allow(dead_code)]
fn push_list_placeholders(sql: &mut String, len: usize) {
    for i in 0..len {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('?');
    }
}
"#;

struct Gen<'o> {
    opts: &'o Options,
    /// rusqlite cargo features the generated types need (for the header).
    features: BTreeSet<&'static str>,
    /// Module-level type namespace (structs).
    types: Scope,
    /// Module-level value namespace (consts and functions).
    values: Scope,
}

/// A struct field (or a function argument).
struct Field {
    ident: String,
    ty: String,
    doc: String,
    /// Whether the type implements `Eq` (floats and `rusqlite::types::Value` do not).
    eq: bool,
}

fn is_eq(ty: &ValueType) -> bool {
    !matches!(ty, ValueType::F32 | ValueType::F64 | ValueType::Numeric | ValueType::Any)
}

struct Model<'a> {
    table: &'a Table,
    name: String,
    fields: Vec<Field>,
}

/// What a query returns.
enum Output {
    /// `:exec` kinds.
    Unit,
    /// One column, returned as a bare value.
    Single,
    /// A struct (a table model or a `XRow`), built from columns `0..fields.len()` in order.
    Struct { name: String, fields: Vec<String> },
}

/// How a query's SQL is put together at run time when it has list parameters.
struct ListSql {
    /// SQL text between the lists (list count + 1 pieces), scalar placeholders written as `?`.
    pieces: Vec<String>,
    /// The lists' parameter indexes, in SQL order (one per gap between pieces).
    lists: Vec<usize>,
    /// Every placeholder in SQL order: (parameter index, is a list).
    binds: Vec<(usize, bool)>,
}

struct QueryPlan<'a> {
    q: &'a Query,
    const_name: String,
    fn_name: String,
    for_each_name: Option<String>,
    /// Per parameter: argument (or params-struct field) name and type.
    args: Vec<Field>,
    /// `(name, has a lifetime)` when the parameters come as a struct.
    params_struct: Option<(String, bool)>,
    /// The `XRow` struct to declare, if any.
    row_struct: Option<(String, Vec<Field>)>,
    output: Output,
    /// The Rust type of one result value (`()` for exec kinds).
    output_ty: String,
    list_sql: Option<ListSql>,
}

impl Gen<'_> {
    fn plan_model<'a>(&mut self, t: &'a Table) -> Result<Model<'a>, String> {
        let renamed = self.opts.entities.as_ref().and_then(|e| e.table(&t.name)).and_then(|o| o.name.as_ref());
        let name = self.types.claim(&renamed.map_or_else(|| names::model_name(&t.name), |n| n.value.clone()));
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (i, c) in t.columns.iter().enumerate() {
            let ty = self
                .field_type(&c.ty, c.nullable)
                .map_err(|e| format!("table `{}`, column `{}`: {e}", t.name, c.name))?;
            let mut doc = sql_name(&c.name);
            if let Some(db) = &c.db_type {
                doc.push(' ');
                doc.push_str(db);
            }
            if t.primary_key.iter().any(|k| k == &c.name) {
                doc.push_str(", primary key");
            }
            fields.push(Field { ident: field_ident(&mut scope, &c.name, i), ty, doc, eq: is_eq(&c.ty) });
        }
        Ok(Model { table: t, name, fields })
    }

    fn plan_query<'a>(&mut self, q: &'a Query, models: &[Model<'_>]) -> Result<QueryPlan<'a>, String> {
        let ctx = |e: String| format!("query `{}` ({}:{}): {e}", q.name, q.file, q.line);
        if q.kind == QueryKind::CopyFrom {
            return Err(ctx("`:copyfrom` is not supported by the SQLite back end".into()));
        }
        if q.kind.is_batch() {
            return Err(ctx(format!(
                "`:{}` is for PostgreSQL, where it pipelines the items on one connection; on SQLite call the \
                 `:exec`/`:one` form in a loop inside a transaction (the statement is prepared once)",
                q.kind.as_str()
            )));
        }
        let snake = names::value_name(&names::snake_case(&q.name), "query");
        let pascal = names::type_name(&names::pascal_case(&q.name), "Query");
        let const_name = self.values.claim(&names::value_name(&names::screaming_snake_case(&q.name), "QUERY").to_ascii_uppercase());
        let fn_claimed = self.values.claim(&snake);
        let for_each_name = (q.kind == QueryKind::Many).then(|| self.values.claim(&format!("{fn_claimed}_for_each")));
        let fn_name = names::ident(&fn_claimed);

        // Parameters: arguments, or a struct when there are more than the limit.
        let limit = self.opts.query_parameter_limit;
        let as_struct = limit > 0 && q.params.len() > limit;
        let lt = if as_struct { "'a " } else { "" };
        let mut scope = if as_struct { Scope::default() } else { Scope::with_reserved(LOCALS) };
        let mut args = Vec::new();
        let mut borrowed = false;
        for (i, p) in q.params.iter().enumerate() {
            let (ty, b) = self.param_type(&p.ty, p.nullable, p.slice, lt).map_err(|e| ctx(format!("parameter `{}`: {e}", p.name)))?;
            borrowed |= b;
            let ident = names::ident(&scope.claim(&names::value_name(&names::snake_case(&p.name), &format!("param_{}", i + 1))));
            let doc = if p.slice { format!("{} (a list)", sql_name(&p.name)) } else { sql_name(&p.name) };
            args.push(Field { ident, ty, doc, eq: is_eq(&p.ty) });
        }
        let params_struct = as_struct.then(|| (self.types.claim(&format!("{pascal}Params")), borrowed));

        // Result.
        let mut row_struct = None;
        let (output, output_ty) = match q.kind {
            QueryKind::Exec | QueryKind::ExecRows | QueryKind::ExecLastId | QueryKind::CopyFrom | QueryKind::BatchExec => (Output::Unit, "()".to_string()),
            QueryKind::One | QueryKind::Many | QueryKind::BatchOne | QueryKind::BatchMany => {
                if q.columns.is_empty() {
                    return Err(ctx(format!("`:{}` query returns no columns", q.kind.as_str())));
                }
                if q.columns.len() == 1 {
                    let c = &q.columns[0];
                    let ty = self.field_type(&c.ty, c.nullable).map_err(|e| ctx(format!("column `{}`: {e}", c.name)))?;
                    (Output::Single, ty)
                } else if let Some(m) = self.reusable_model(q, models).map_err(ctx)? {
                    let fields = m.fields.iter().map(|f| f.ident.clone()).collect();
                    (Output::Struct { name: m.name.clone(), fields }, m.name.clone())
                } else {
                    let name = self.types.claim(&format!("{pascal}Row"));
                    let mut scope = Scope::default();
                    let mut fields = Vec::new();
                    for (i, c) in q.columns.iter().enumerate() {
                        let ty = self.field_type(&c.ty, c.nullable).map_err(|e| ctx(format!("column `{}`: {e}", c.name)))?;
                        let mut doc = sql_name(&c.name);
                        if let Some(o) = &c.origin {
                            doc.push_str(&format!(" (`{}.{}`)", o.table, o.column));
                        }
                        fields.push(Field { ident: field_ident(&mut scope, &c.name, i), ty, doc, eq: is_eq(&c.ty) });
                    }
                    let out = Output::Struct { name: name.clone(), fields: fields.iter().map(|f| f.ident.clone()).collect() };
                    row_struct = Some((name.clone(), fields));
                    (out, name)
                }
            }
        };

        let list_sql = list_sql(q).map_err(ctx)?;
        Ok(QueryPlan { q, const_name, fn_name, for_each_name, args, params_struct, row_struct, output, output_ty, list_sql })
    }

    /// The table model a query's result reuses: `query.model`, when its columns really match
    /// the model's (same count, types and nullability); a query whose columns differ (e.g. made
    /// nullable by an outer join) gets its own row struct instead.
    fn reusable_model<'m>(&self, q: &Query, models: &'m [Model<'_>]) -> Result<Option<&'m Model<'m>>, String> {
        let Some(table) = &q.model else { return Ok(None) };
        let Some(m) = models.iter().find(|m| &m.table.name == table) else {
            return Err(format!("model table `{table}` is not in the IR's tables"));
        };
        let same = m.table.columns.len() == q.columns.len()
            && m.table.columns.iter().zip(&q.columns).all(|(a, b): (&Column, &Column)| a.ty == b.ty && a.nullable == b.nullable);
        Ok(same.then_some(m))
    }

    /// The Rust type of a result value.
    fn field_type(&mut self, ty: &ValueType, nullable: bool) -> Result<String, String> {
        let base = match ty {
            ValueType::Text => "String".to_string(),
            ValueType::Bytes => "Vec<u8>".to_string(),
            ValueType::Json => self.need("serde_json", "serde_json::Value"),
            ValueType::Any => "rusqlite::types::Value".to_string(),
            other => self.scalar_type(other)?,
        };
        Ok(if nullable { format!("Option<{base}>") } else { base })
    }

    /// The Rust type of a parameter and whether it borrows. `lt` is the lifetime to write after
    /// `&` (`"'a "` in a params struct, `""` for an argument).
    fn param_type(&mut self, ty: &ValueType, nullable: bool, slice: bool, lt: &str) -> Result<(String, bool), String> {
        let (base, borrowed) = match ty {
            ValueType::Text => (format!("&{lt}str"), true),
            ValueType::Bytes => (format!("&{lt}[u8]"), true),
            ValueType::Json => (format!("&{lt}{}", self.need("serde_json", "serde_json::Value")), true),
            ValueType::Any => (format!("&{lt}rusqlite::types::Value"), true),
            other => (self.scalar_type(other)?, false),
        };
        let t = if nullable { format!("Option<{base}>") } else { base };
        Ok(if slice { (format!("&{lt}[{t}]"), true) } else { (t, borrowed) })
    }

    /// Types that are the same for results and parameters (all `Copy`).
    fn scalar_type(&mut self, ty: &ValueType) -> Result<String, String> {
        let chrono = self.opts.time == TimeCrate::Chrono;
        Ok(match ty {
            ValueType::Bool => "bool".into(),
            ValueType::I16 => "i16".into(),
            ValueType::I32 => "i32".into(),
            ValueType::I64 => "i64".into(),
            ValueType::Unsigned(bits @ (8 | 16 | 32 | 64)) => format!("u{bits}"),
            ValueType::F32 => "f32".into(),
            // SQLite has no exact decimal: NUMERIC affinity stores REAL or INTEGER.
            ValueType::F64 | ValueType::Numeric => "f64".into(),
            ValueType::Date if chrono => self.need("chrono", "chrono::NaiveDate"),
            ValueType::Time if chrono => self.need("chrono", "chrono::NaiveTime"),
            ValueType::Timestamp if chrono => self.need("chrono", "chrono::NaiveDateTime"),
            ValueType::TimestampTz if chrono => self.need("chrono", "chrono::DateTime<chrono::Utc>"),
            ValueType::Date => self.need("time", "time::Date"),
            ValueType::Time => self.need("time", "time::Time"),
            ValueType::Timestamp => self.need("time", "time::PrimitiveDateTime"),
            ValueType::TimestampTz => self.need("time", "time::OffsetDateTime"),
            ValueType::Uuid => self.need("uuid", "uuid::Uuid"),
            other => return Err(format!("type {} is not supported by the SQLite back end", describe(other))),
        })
    }

    fn need(&mut self, feature: &'static str, ty: &str) -> String {
        self.features.insert(feature);
        ty.to_string()
    }

    fn emit_model(&self, m: &Model<'_>) -> String {
        let what = if m.table.is_view { "view" } else { "table" };
        let mut src = doc_attrs(&[format!("A row of {what} `{}`.", m.table.name)]);
        emit_struct(&mut src, &m.name, "", &m.fields, false);
        src
    }

    fn emit_query(&self, items: &mut Vec<String>, p: &QueryPlan<'_>) {
        let q = p.q;
        // The SQL.
        let mut src = String::new();
        match &p.list_sql {
            None => {
                src.push_str(&doc_attrs(&[format!("SQL of `{}`.", q.name)]));
                src.push_str(&format!("#[allow(dead_code)]\npub const {}: &str = {};\n", p.const_name, string_literal(&q.sql)));
            }
            Some(l) => {
                src.push_str(&doc_attrs(&[
                    format!("SQL of `{}`, split at its list parameters: each list becomes one `?` per", q.name),
                    "element (none when it is empty: `IN ()` matches no row).".into(),
                ]));
                let pieces: Vec<String> = l.pieces.iter().map(|s| string_literal(s)).collect();
                src.push_str(&format!(
                    "#[allow(dead_code)]\npub const {}: [&str; {}] = [{}];\n",
                    p.const_name,
                    pieces.len(),
                    pieces.join(", ")
                ));
            }
        }
        items.push(src);
        if let Some((name, lifetime)) = &p.params_struct {
            let mut src = doc_attrs(&[format!("Parameters of `{}`.", q.name)]);
            emit_struct(&mut src, name, if *lifetime { "<'a>" } else { "" }, &p.args, true);
            items.push(src);
        }
        if let Some((name, fields)) = &p.row_struct {
            let mut src = doc_attrs(&[format!("A row of `{}`.", q.name)]);
            emit_struct(&mut src, name, "", fields, false);
            items.push(src);
        }

        // The function.
        let mut doc = vec![format!("`{}` (`:{}`, {}:{}).", q.name, q.kind.as_str(), q.file, q.line)];
        if !q.comments.is_empty() {
            doc.push(String::new());
            doc.extend(q.comments.iter().cloned());
        }
        let kind_note = match q.kind {
            QueryKind::ExecRows => Some("Returns the number of rows changed."),
            QueryKind::ExecLastId => Some("Returns the rowid of the last inserted row (`last_insert_rowid`)."),
            QueryKind::One if q.row_optional => Some("Returns `None` when the conflict clause skipped the row."),
            _ => None,
        };
        if let Some(n) = kind_note {
            doc.push(String::new());
            doc.push(n.into());
        }
        doc.extend(["".into(), "# Errors".into(), "".into()]);
        doc.push(match q.kind {
            QueryKind::One if !q.row_optional => "`rusqlite::Error::QueryReturnedNoRows` when there is no row, or another `rusqlite` error.".into(),
            _ => "Any `rusqlite` error.".into(),
        });
        let ret = self.return_type(p);
        let mut src = doc_attrs(&doc);
        self.emit_fn(&mut src, p, &p.fn_name, &ret, None, None);
        items.push(src);

        if let Some(name) = &p.for_each_name {
            let doc = vec![
                format!("`{}` (`:many`, {}:{}), calling `f` with each row instead of collecting them.", q.name, q.file, q.line),
                String::new(),
                "# Errors".into(),
                String::new(),
                "Any `rusqlite` error, or the first error `f` returns (which stops the iteration).".into(),
            ];
            let mut src = doc_attrs(&doc);
            let callback = format!("mut f: impl FnMut({}) -> rusqlite::Result<()>", p.output_ty);
            self.emit_fn(&mut src, p, name, "()", Some(&callback), None);
            items.push(src);
        }
    }

    /// What the function returns inside `rusqlite::Result`.
    fn return_type(&self, p: &QueryPlan<'_>) -> String {
        let q = p.q;
        match q.kind {
            QueryKind::One if q.row_optional => format!("Option<{}>", p.output_ty),
            QueryKind::One => p.output_ty.clone(),
            QueryKind::Many => format!("Vec<{}>", p.output_ty),
            QueryKind::ExecRows => "u64".into(),
            QueryKind::ExecLastId => "i64".into(),
            QueryKind::Exec | QueryKind::CopyFrom => "()".into(),
            QueryKind::BatchExec | QueryKind::BatchOne | QueryKind::BatchMany => unreachable!("refused in plan_query"),
        }
    }

    /// `Prepared<'c>`: the same functions as methods on a holder of one connection's statements,
    /// each prepared on first use and kept, so a call costs no statement-cache lookup (rusqlite's
    /// `prepare_cached` hashes the SQL and allocates a cache entry per call). Queries with list
    /// parameters build their SQL per call and still go through `prepare_cached`.
    fn emit_prepared(&self, queries: &[QueryPlan<'_>]) -> Vec<String> {
        let field = |p: &QueryPlan<'_>| format!("stmt_{}", p.fn_name.trim_start_matches("r#"));
        let mut src = doc_attrs(&[
            "Every query of this module as a method, on statements prepared once on one connection.".into(),
            String::new(),
            "`Prepared::new(&conn)` prepares nothing yet; each statement is prepared on its first call and".into(),
            "kept until the holder is dropped. Calls made inside a transaction of the same connection run in it.".into(),
        ]);
        src.push_str(&format!("#[allow(dead_code)]
pub struct {PREPARED}<'c> {{
conn: &'c rusqlite::Connection,
"));
        for p in queries.iter().filter(|p| p.list_sql.is_none()) {
            src.push_str(&format!("{}: Option<rusqlite::Statement<'c>>,
", field(p)));
        }
        src.push_str("}
");
        let mut imp = format!("#[allow(dead_code)]
impl<'c> {PREPARED}<'c> {{
");
        imp.push_str("/// A holder of `conn`'s statements; nothing is prepared until used.
");
        imp.push_str(&format!("pub fn new(conn: &'c rusqlite::Connection) -> {PREPARED}<'c> {{
{PREPARED} {{
conn,
"));
        for p in queries.iter().filter(|p| p.list_sql.is_none()) {
            imp.push_str(&format!("{}: None,
", field(p)));
        }
        imp.push_str("}
}
");
        for p in queries {
            let q = p.q;
            let f = p.list_sql.is_none().then(|| field(p));
            let ret = self.return_type(p);
            imp.push_str(&doc_attrs(&[format!("`{}` on a kept statement: see [`{}`].", q.name, p.fn_name.trim_start_matches("r#"))]));
            self.emit_fn(&mut imp, p, &p.fn_name, &ret, None, Some(f.as_deref()));
            if let Some(name) = &p.for_each_name {
                imp.push_str(&doc_attrs(&[format!("`{}`, calling `f` with each row: see [`{}`].", q.name, name.trim_start_matches("r#"))]));
                let callback = format!("mut f: impl FnMut({}) -> rusqlite::Result<()>", p.output_ty);
                self.emit_fn(&mut imp, p, name, "()", Some(&callback), Some(f.as_deref()));
            }
        }
        imp.push_str("}
");
        vec![src, imp]
    }

    /// One function: signature, statement, binding, execution and result.
    /// `method`: `Some(field)` for a method of `Prepared` (`field` the kept statement, `None` for
    /// a query with lists), `None` for a free function.
    fn emit_fn(&self, src: &mut String, p: &QueryPlan<'_>, name: &str, ret: &str, callback: Option<&str>, method: Option<Option<&str>>) {
        let q = p.q;
        let mut sig = vec![if method.is_some() { "&mut self".to_string() } else { "conn: &rusqlite::Connection".to_string() }];
        match &p.params_struct {
            Some((s, true)) => sig.push(format!("arg: &{s}<'_>")),
            Some((s, false)) => sig.push(format!("arg: &{s}")),
            None => sig.extend(p.args.iter().map(|a| format!("{}: {}", a.ident, a.ty))),
        }
        sig.extend(callback.map(str::to_string));
        if sig.len() > 7 {
            src.push_str("#[allow(clippy::too_many_arguments)]\n");
        }
        src.push_str(&format!("#[allow(dead_code)]\npub fn {name}({}) -> rusqlite::Result<{ret}> {{\n", sig.join(", ")));
        if method.is_some() {
            src.push_str("let conn = self.conn;\n");
        }

        let value = |i: usize| -> String {
            let a = &p.args[i].ident;
            if p.params_struct.is_some() { format!("arg.{a}") } else { a.clone() }
        };
        let returns_rows = !q.columns.is_empty();
        let for_each = callback.is_some();

        // Prepare and bind; `run` is how rows (or the change count) are obtained.
        let (query_call, exec_call, params) = match &p.list_sql {
            None => {
                match method {
                    Some(Some(field)) => src.push_str(&format!(
                        "let stmt = match &mut self.{field} {{\nSome(stmt) => stmt,\nslot => slot.insert(conn.prepare({})?),\n}};\n",
                        p.const_name
                    )),
                    _ => src.push_str(&format!("let mut stmt = conn.prepare_cached({})?;\n", p.const_name)),
                }
                // `[]`, a tuple, or (past rusqlite's 16-tuple impls) an array of `&dyn ToSql`.
                let vals: Vec<String> = (0..q.params.len()).map(value).collect();
                let params = match vals.len() {
                    0 => "[]".to_string(),
                    1 => format!("({},)", vals[0]),
                    2..=16 => format!("({})", vals.join(", ")),
                    n => {
                        let refs: Vec<String> = vals.iter().map(|v| format!("&{v}")).collect();
                        src.push_str(&format!("let params: [&dyn rusqlite::ToSql; {n}] = [{}];\n", refs.join(", ")));
                        "params.as_slice()".to_string()
                    }
                };
                (format!("stmt.query({params})?"), format!("stmt.execute({params})?"), params)
            }
            Some(l) => {
                src.push_str(&format!("let mut sql = String::from({}[0]);\n", p.const_name));
                for (k, &list) in l.lists.iter().enumerate() {
                    src.push_str(&format!("{LIST_HELPER}(&mut sql, {}.len());\n", value(list)));
                    if !l.pieces[k + 1].is_empty() {
                        src.push_str(&format!("sql.push_str({}[{}]);\n", p.const_name, k + 1));
                    }
                }
                src.push_str("let mut stmt = conn.prepare_cached(&sql)?;\n");
                if !l.binds.is_empty() {
                    src.push_str("let mut n: usize = 0;\n");
                }
                for &(i, is_list) in &l.binds {
                    if is_list {
                        src.push_str(&format!("for v in {} {{\nn += 1;\nstmt.raw_bind_parameter(n, v)?;\n}}\n", value(i)));
                    } else {
                        src.push_str(&format!("n += 1;\nstmt.raw_bind_parameter(n, {})?;\n", value(i)));
                    }
                }
                ("stmt.raw_query()".to_string(), "stmt.raw_execute()?".to_string(), String::new())
            }
        };

        let read = match &p.output {
            Output::Unit => String::new(),
            Output::Single => "row.get(0)?".to_string(),
            Output::Struct { name, fields } => {
                let inits: Vec<String> = fields.iter().enumerate().map(|(i, f)| format!("{f}: row.get({i})?")).collect();
                format!("{name} {{ {} }}", inits.join(", "))
            }
        };
        // The closure / tail form of `read` (a `rusqlite::Result<T>`).
        let read_result = match &p.output {
            Output::Single => "row.get(0)".to_string(),
            _ => format!("Ok({read})"),
        };

        match q.kind {
            QueryKind::One if q.row_optional => {
                src.push_str(&format!("let mut rows = {query_call};\n"));
                src.push_str("let Some(row) = rows.next()? else {\nreturn Ok(None);\n};\n");
                match &p.output {
                    Output::Single => src.push_str("row.get(0).map(Some)\n"),
                    _ => src.push_str(&format!("Ok(Some({read}))\n")),
                }
            }
            QueryKind::One if p.list_sql.is_none() => {
                src.push_str(&format!("stmt.query_row({params}, |row| {read_result})\n"));
            }
            QueryKind::One => {
                src.push_str(&format!("let mut rows = {query_call};\n"));
                src.push_str("let Some(row) = rows.next()? else {\nreturn Err(rusqlite::Error::QueryReturnedNoRows);\n};\n");
                src.push_str(&format!("{read_result}\n"));
            }
            QueryKind::Many if for_each => {
                src.push_str(&format!("let mut rows = {query_call};\n"));
                src.push_str(&format!("while let Some(row) = rows.next()? {{\nf({read})?;\n}}\nOk(())\n"));
            }
            QueryKind::Many => {
                src.push_str(&format!("let mut rows = {query_call};\nlet mut out = Vec::new();\n"));
                src.push_str(&format!("while let Some(row) = rows.next()? {{\nout.push({read});\n}}\nOk(out)\n"));
            }
            QueryKind::Exec | QueryKind::CopyFrom if returns_rows => {
                src.push_str(&format!("let mut rows = {query_call};\nwhile rows.next()?.is_some() {{}}\nOk(())\n"));
            }
            QueryKind::Exec | QueryKind::CopyFrom => src.push_str(&format!("{exec_call};\nOk(())\n")),
            QueryKind::ExecRows if returns_rows => {
                src.push_str(&format!(
                    "let mut rows = {query_call};\nlet mut count: u64 = 0;\nwhile rows.next()?.is_some() {{\ncount += 1;\n}}\nOk(count)\n"
                ));
            }
            QueryKind::ExecRows => src.push_str(&format!("let count = {exec_call};\nOk(count as u64)\n")),
            QueryKind::ExecLastId if returns_rows => {
                src.push_str(&format!("let mut rows = {query_call};\nwhile rows.next()?.is_some() {{}}\nOk(conn.last_insert_rowid())\n"));
            }
            QueryKind::ExecLastId => src.push_str(&format!("{exec_call};\nOk(conn.last_insert_rowid())\n")),
            QueryKind::BatchExec | QueryKind::BatchOne | QueryKind::BatchMany => unreachable!("refused in plan_query"),
        }
        src.push_str("}\n");
    }
}

fn emit_struct(src: &mut String, name: &str, generics: &str, fields: &[Field], copy: bool) {
    let mut derive = if copy { "Debug, Clone, Copy, PartialEq" } else { "Debug, Clone, PartialEq" }.to_string();
    if fields.iter().all(|f| f.eq) {
        derive.push_str(", Eq");
    }
    src.push_str(&format!("#[derive({derive})]\n#[allow(dead_code)]\npub struct {name}{generics} {{\n"));
    for f in fields {
        src.push_str(&doc_attrs(std::slice::from_ref(&f.doc)));
        src.push_str(&format!("pub {}: {},\n", f.ident, f.ty));
    }
    src.push_str("}\n");
}

/// A unique field name in `scope` for column `column` at position `i`.
fn field_ident(scope: &mut Scope, column: &str, i: usize) -> String {
    names::ident(&scope.claim(&names::value_name(&names::snake_case(column), &format!("column_{}", i + 1))))
}

/// Splits a query with list parameters into [`ListSql`]; `None` for a query without any.
fn list_sql(q: &Query) -> Result<Option<ListSql>, String> {
    let has_list = q.params.iter().any(|p| p.slice) || q.fragments.iter().any(|f| matches!(f, Fragment::Slice(_)));
    if !has_list {
        return Ok(None);
    }
    let mut l = ListSql { pieces: vec![String::new()], lists: Vec::new(), binds: Vec::new() };
    for f in &q.fragments {
        match f {
            Fragment::Text(t) => l.pieces.last_mut().expect("never empty").push_str(t),
            Fragment::Param(i) | Fragment::Slice(i) => {
                let is_list = matches!(f, Fragment::Slice(_));
                let Some(p) = q.params.get(*i) else {
                    return Err(format!("fragment refers to parameter {i}, but there are {}", q.params.len()));
                };
                if p.slice != is_list {
                    let what = if p.slice { "a list" } else { "not a list" };
                    return Err(format!("parameter `{}` is {what} but is used as the other", p.name));
                }
                if is_list {
                    l.lists.push(*i);
                    l.pieces.push(String::new());
                } else {
                    l.pieces.last_mut().expect("never empty").push('?');
                }
                l.binds.push((*i, is_list));
            }
        }
    }
    Ok(Some(l))
}

/// A SQL name for a doc comment: in backticks, or a note when it is empty.
fn sql_name(name: &str) -> String {
    if name.is_empty() {
        "(unnamed)".into()
    } else {
        format!("`{name}`")
    }
}

fn describe(ty: &ValueType) -> String {
    match ty {
        ValueType::Enum(n) => format!("enum `{n}`"),
        ValueType::Array(_) => "array".into(),
        ValueType::Interval => "interval".into(),
        ValueType::Inet => "inet".into(),
        ValueType::Unsigned(b) => format!("unsigned integer of {b} bits"),
        other => format!("{other:?}").to_lowercase(),
    }
}
