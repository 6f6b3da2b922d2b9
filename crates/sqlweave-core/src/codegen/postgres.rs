//! The PostgreSQL back end: a module of `async` functions over `tokio-postgres`.
//!
//! Shape of the output, in order: one Rust enum per `CREATE TYPE … AS ENUM` ([`Ir::enums`]), one
//! struct per composite type (`CREATE TYPE … AS (…)`, [`Ir::composites`]) that a column or
//! parameter uses, one model struct per table, then per query its SQL `const`, its `XParams` struct (more parameters
//! than the limit, and always for `:copyfrom`), its `XRow` struct, its function and, for `:many`,
//! its `_stream` function; last, the `Statements` struct that holds every prepared statement.
//!
//! Decisions, and why:
//! - **Prepared once per connection, with a cache that cannot grow.** tokio-postgres has no
//!   statement cache, but the set of statements is known at generation time. So the module
//!   declares `pub struct Statements { <one tokio_postgres::Statement field per query> }`, built
//!   by `Statements::prepare(&client).await?`, which prepares every query concurrently (one
//!   pipelined round trip, so a schema mismatch shows up at connect time, not at first use).
//!   Every function takes `(client: &impl tokio_postgres::GenericClient, stmts: &Statements,
//!   args…)`: a `Client` or a `Transaction` of the connection the statements were prepared on.
//!   (Using them on another connection is a server error, "prepared statement … does not
//!   exist".) Keep one `Statements` next to each connection (e.g. in a pool's per-connection
//!   state); it is `Clone` (statements are reference-counted) and closes them when dropped.
//!   Statements are prepared untyped (`prepare`), so the server infers parameter types and the
//!   driver checks each Rust value against them when binding.
//! - Every `tokio_postgres` item is written by its full path, so the user's module needs no
//!   imports. Rows are read by index (`row.try_get(i)?`).
//! - `:one` uses `query_one`: no row, or more than one row, is the driver's error (a
//!   `tokio_postgres::Error` whose message says the query returned an unexpected number of
//!   rows). Use `:many` for "zero or one" (`ON CONFLICT DO NOTHING RETURNING`).
//! - `:many` returns `Vec<T>` and also gets `<name>_stream`, which returns a
//!   `futures_util::Stream` of rows over `query_raw` and builds no `Vec` (pin it with
//!   `futures_util::pin_mut!` or `Box::pin`, then `TryStreamExt::try_next`).
//! - `:exec` → `()`, `:execrows` → the `u64` row count of `execute`; `:execlastid` is refused
//!   (Postgres has no last-insert id: use `RETURNING id` with `:one`).
//! - `:copyfrom` takes an `INSERT INTO t (cols) VALUES ($1, …)` and becomes a binary
//!   `COPY t (cols) FROM STDIN BINARY` through `tokio_postgres::binary_copy::BinaryCopyInWriter`,
//!   taking `&[XParams]` and returning the rows written. The column types the binary format
//!   needs come from preparing the `INSERT` once in `Statements::prepare`.
//! - Enums derive `postgres_types::{ToSql, FromSql}` with `#[postgres(name = …)]`, so the user's
//!   crate must depend on `postgres-types` with its `derive` feature (the header says so).
//! - Composite types become structs named like the enums (`foo.point_type` → `FooPointType`),
//!   every field an `Option` (PostgreSQL has no NOT NULL on a composite's fields), with
//!   hand-written `FromSql` / `ToSql` impls over `sqlweave::composite` (the runtime crate, feature
//!   "postgres"), which reads and writes the binary composite format with the field types
//!   tokio-postgres resolved. No derive: postgres-types' derive is not needed for them, and its
//!   `accepts` cannot tell `point_type` from `foo.point_type`; ours checks the name, the schema
//!   (a type created unqualified lives wherever the `search_path` put it, so it accepts any
//!   schema but those of the project's other composites of that name) and each field's name and
//!   type, so a struct out of step with the database fails when binding, not with garbage.
//! - `interval` is refused with a hint (cast it in SQL): no mapping crate is clearly maintained.
//! - Every item carries `#[allow(dead_code)]`, as in the SQLite back end.

use std::collections::BTreeSet;

use super::names::{self, Scope};
use super::entity_code;
use super::{doc_attrs, header, string_literal, Options};
use crate::config::TimeCrate;
use crate::ir::{Column, CompositeType, EnumType, Ir, Query, QueryKind, Table, ValueType};

/// Local names the generated function bodies use; arguments must not take them.
const LOCALS: &[&str] =
    &["client", "stmts", "params", "rows", "row", "out", "arg", "sink", "writer", "count", "values", "r"];

/// The struct holding the prepared statements.
const STATEMENTS: &str = "Statements";

/// Generates the `tokio-postgres` module for a PostgreSQL IR.
pub fn generate(ir: &Ir, opts: &Options) -> Result<String, String> {
    let mut reserved: Vec<&str> = names::RESERVED_TYPE_NAMES.to_vec();
    reserved.push(STATEMENTS);
    let mut g = Gen {
        opts,
        deps: BTreeSet::new(),
        types: Scope::with_reserved(&reserved),
        values: Scope::default(),
        stmt_fields: Scope::default(),
        enums: Vec::new(),
        composites: Vec::new(),
        interval_used: false,
    };
    for e in &ir.enums {
        g.plan_enum(e);
    }
    for c in &ir.composites {
        g.plan_composite_name(c, &ir.composites);
    }
    // A table with a column the back end cannot read (tsvector, point, an extension's type) gets
    // no model struct, rather than failing the whole module: queries that leave such columns out
    // (or cast them) still work, and one that reads them fails with its own located error.
    let mut models = Vec::new();
    let mut unmodelled = Vec::new();
    for t in &ir.tables {
        match g.unreadable_column(t) {
            None => models.push(g.plan_model(t)?),
            Some(why) => unmodelled.push((t.name.as_str(), why)),
        }
    }
    let queries = ir
        .queries
        .iter()
        .map(|q| g.plan_query(q, &models, &unmodelled))
        .collect::<Result<Vec<_>, _>>()?;

    let mut items = Vec::new();
    for e in &g.enums {
        items.push(emit_enum(e));
    }
    for c in g.composites.iter().filter(|c| c.fields.is_some()) {
        items.push(emit_composite(c));
    }
    for m in &models {
        items.push(g.emit_model(m));
    }
    for q in &queries {
        g.emit_query(&mut items, q);
    }
    items.push(emit_statements(&queries));
    let entities = match &opts.entities {
        Some(e) => {
            let exclude: Vec<&str> = unmodelled.iter().map(|(t, _)| *t).collect();
            let plans = super::entity::plan(ir, e, &exclude)?;
            let infos: Vec<Option<entity_code::ModelInfo>> = ir
                .tables
                .iter()
                .map(|t| {
                    models.iter().find(|m| m.table.name == t.name).map(|m| {
                        entity_code::ModelInfo::new(&m.name, m.fields.iter().map(|f| (f.ident.as_str(), f.ty.as_str())), &m.table.columns)
                    })
                })
                .collect();
            let refs: Vec<Option<&entity_code::ModelInfo>> = infos.iter().map(Option::as_ref).collect();
            items.extend(entity_code::emit(ir, &plans, &refs, entity_code::Flavor::Postgres, &mut g.types)?);
            true
        }
        None => false,
    };
    let formatted = super::format_items(&items)?.join("\n");

    let mut pg_features: Vec<&str> = Vec::new();
    for (dep, feature) in [("chrono", "with-chrono-0_4"), ("time", "with-time-0_3"), ("uuid", "with-uuid-1"), ("serde_json", "with-serde_json-1")] {
        if g.deps.contains(dep) {
            pg_features.push(feature);
        }
    }
    let mut notes = vec![if pg_features.is_empty() {
        "Driver: tokio-postgres.".to_string()
    } else {
        format!("Driver: tokio-postgres, with its feature(s): {}.", pg_features.join(", "))
    }];
    let mut crates = vec!["futures-util".to_string()];
    if !g.enums.is_empty() {
        crates.push("postgres-types (feature \"derive\", for the enums)".into());
    }
    if g.deps.contains("rust_decimal") {
        crates.push("rust_decimal (feature \"db-tokio-postgres\")".into());
    }
    if g.deps.contains("sqlweave") {
        let mut what = Vec::new();
        if g.interval_used {
            what.push("`Interval`");
        }
        if g.composites.iter().any(|c| c.fields.is_some()) {
            what.push("the composite types");
        }
        crates.push(format!("sqlweave (feature \"postgres\", for {})", what.join(" and ")));
    }
    for dep in ["chrono", "time", "uuid", "serde_json"] {
        if g.deps.contains(dep) {
            crates.push(dep.into());
        }
    }
    notes.push(format!("The using crate also depends on: {}.", crates.join(", ")));
    notes.push("Prepare the statements once per connection: `Statements::prepare(&client).await?`.".into());
    if entities {
        notes.push("Entity layer: the using crate also depends on `sqlweave` with its feature \"postgres\".".into());
    }
    for (table, why) in &unmodelled {
        notes.push(format!("No model struct for table `{table}`: {why}."));
    }
    Ok(header(opts.version, &notes) + &formatted)
}

struct Gen<'o> {
    opts: &'o Options,
    /// Crates the generated types need (for the header).
    deps: BTreeSet<&'static str>,
    types: Scope,
    values: Scope,
    /// Field names of the `Statements` struct.
    stmt_fields: Scope,
    enums: Vec<EnumPlan>,
    composites: Vec<CompositePlan>,
    /// A value of type `interval` is read or written (with `sqlweave::Interval`).
    interval_used: bool,
}

/// A composite type's struct. Its name is claimed up front, its fields when a column or
/// parameter first uses it (only used composites are emitted).
struct CompositePlan {
    def: CompositeType,
    rust: String,
    /// The type's name and schema as the server reports them (`Type::name`, `Type::schema`);
    /// no schema for one created unqualified, which lives wherever the `search_path` put it.
    pg_name: String,
    pg_schema: Option<String>,
    /// For an unqualified type: the schemas where the project has another composite of its name.
    other_schemas: Vec<String>,
    /// `(field, SQL name)`, once used.
    fields: Option<Vec<(Field, String)>>,
    /// Being planned (a type that contains itself is refused, as PostgreSQL does).
    planning: bool,
    eq: bool,
}

struct EnumPlan {
    /// The catalog's name (possibly schema-qualified).
    sql: String,
    rust: String,
    /// `(rust variant, SQL label)`.
    variants: Vec<(String, String)>,
}

/// A struct field (or a function argument).
struct Field {
    ident: String,
    ty: String,
    doc: String,
    eq: bool,
}


struct Model<'a> {
    table: &'a Table,
    name: String,
    fields: Vec<Field>,
}

enum Output {
    Unit,
    /// Rows without columns (`SELECT FROM t`): each row is `()`.
    Empty,
    Single,
    Struct { name: String, fields: Vec<String> },
}

/// `COPY` details of a `:copyfrom` query.
struct CopyPlan {
    copy_sql: String,
    /// Field of `Statements` holding the column types.
    types_field: String,
}

struct QueryPlan<'a> {
    q: &'a Query,
    const_name: String,
    fn_name: String,
    stream_name: Option<String>,
    /// Field of `Statements` holding the prepared statement.
    stmt_field: String,
    args: Vec<Field>,
    /// `(name, has a lifetime)` when the parameters come as a struct.
    params_struct: Option<(String, bool)>,
    row_struct: Option<(String, Vec<Field>)>,
    output: Output,
    output_ty: String,
    copy: Option<CopyPlan>,
}

impl Gen<'_> {
    fn plan_enum(&mut self, e: &EnumType) {
        let rust = self.types.claim(&names::type_name(&names::pascal_case(&e.name), "Enum"));
        let mut scope = Scope::with_reserved(&["Self"]);
        let variants = e
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let pascal = names::type_name(&names::pascal_case(v), &format!("Variant{}", i + 1));
                (scope.claim(&pascal), v.clone())
            })
            .collect();
        self.enums.push(EnumPlan { sql: e.name.clone(), rust, variants });
    }

    fn enum_rust_name(&self, name: &str) -> Result<String, String> {
        self.enums
            .iter()
            .find(|e| e.sql == name)
            .or_else(|| {
                // A reference may be qualified differently than the declaration.
                let base = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
                self.enums.iter().find(|e| base(&e.sql) == base(name))
            })
            .map(|e| e.rust.clone())
            .ok_or_else(|| format!("enum `{name}` is not among the IR's enums"))
    }

    fn is_eq(&self, ty: &ValueType) -> bool {
        match ty {
            ValueType::F32 | ValueType::F64 | ValueType::Json | ValueType::Any => false,
            ValueType::Array(inner) | ValueType::Nullable(inner) => self.is_eq(inner),
            ValueType::Composite(n) => self.composites.iter().find(|c| c.def.name == *n).is_none_or(|c| c.eq),
            _ => true,
        }
    }

    fn plan_composite_name(&mut self, c: &CompositeType, all: &[CompositeType]) {
        let rust = self.types.claim(&names::type_name(&names::pascal_case(&c.name), "Composite"));
        let (pg_schema, pg_name) = match c.name.split_once('.') {
            Some((schema, name)) => (Some(schema.to_string()), name.to_string()),
            None => (None, c.name.clone()),
        };
        let other_schemas = if pg_schema.is_some() {
            Vec::new()
        } else {
            all.iter()
                .filter_map(|o| o.name.split_once('.'))
                .filter(|(_, n)| n.eq_ignore_ascii_case(&pg_name))
                .map(|(schema, _)| schema.to_string())
                .collect()
        };
        self.composites.push(CompositePlan { def: c.clone(), rust, pg_name, pg_schema, other_schemas, fields: None, planning: false, eq: true });
    }

    /// The struct of composite type `name`, planning its fields on first use.
    fn composite_rust_name(&mut self, name: &str) -> Result<String, String> {
        let Some(i) = self.composites.iter().position(|c| c.def.name == name) else {
            return Err(format!("composite type `{name}` is not among the IR's composite types"));
        };
        if self.composites[i].fields.is_some() {
            return Ok(self.composites[i].rust.clone());
        }
        if self.composites[i].planning {
            return Err(format!("composite type `{name}` contains itself"));
        }
        self.composites[i].planning = true;
        let def = self.composites[i].def.clone();
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        let mut eq = true;
        let mut failed = None;
        for (k, f) in def.fields.iter().enumerate() {
            match self.field_type(&f.ty, f.nullable) {
                Ok(ty) => {
                    let mut doc = sql_name(&f.name);
                    if let Some(db) = &f.db_type {
                        doc.push(' ');
                        doc.push_str(db);
                    }
                    let field_eq = self.is_eq(&f.ty);
                    eq &= field_eq;
                    fields.push((Field { ident: field_ident(&mut scope, &f.name, k), ty, doc, eq: field_eq }, f.name.clone()));
                }
                Err(e) => {
                    let e = match (&f.ty, &f.db_type) {
                        (ValueType::Any, Some(db)) => format!("type {db} has no Rust mapping"),
                        _ => e,
                    };
                    failed = Some(format!("composite type `{name}`, field `{}`: {e}", f.name));
                    break;
                }
            }
        }
        let c = &mut self.composites[i];
        c.planning = false;
        if let Some(e) = failed {
            return Err(e);
        }
        c.eq = eq;
        c.fields = Some(fields);
        self.deps.insert("sqlweave");
        Ok(c.rust.clone())
    }

    /// Why the back end cannot read a row of `t`, when it cannot: its first column of a type with
    /// no Rust mapping.
    fn unreadable_column(&mut self, t: &Table) -> Option<String> {
        t.columns.iter().find_map(|c| {
            self.field_type(&c.ty, c.nullable).err().map(|e| match (&c.ty, &c.db_type) {
                (ValueType::Any, Some(db)) => format!("column `{}` has type {db}, which has no Rust mapping", c.name),
                _ => format!("column `{}`: {e}", c.name),
            })
        })
    }

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
            fields.push(Field { ident: field_ident(&mut scope, &c.name, i), ty, doc, eq: self.is_eq(&c.ty) });
        }
        Ok(Model { table: t, name, fields })
    }

    fn plan_query<'a>(
        &mut self,
        q: &'a Query,
        models: &[Model<'_>],
        unmodelled: &[(&str, String)],
    ) -> Result<QueryPlan<'a>, String> {
        let ctx = |e: String| format!("query `{}` ({}:{}): {e}", q.name, q.file, q.line);
        if q.kind == QueryKind::ExecLastId {
            return Err(ctx(
                "`:execlastid` is not supported on PostgreSQL (there is no last-insert id): add `RETURNING id` and use `:one`"
                    .into(),
            ));
        }
        let snake = names::value_name(&names::snake_case(&q.name), "query");
        let pascal = names::type_name(&names::pascal_case(&q.name), "Query");
        let const_name = self
            .values
            .claim(&names::value_name(&names::screaming_snake_case(&q.name), "QUERY").to_ascii_uppercase());
        let fn_claimed = self.values.claim(&snake);
        let stream_name = (q.kind == QueryKind::Many).then(|| self.values.claim(&format!("{fn_claimed}_stream")));
        let fn_name = names::ident(&fn_claimed);
        let stmt_field = names::ident(&self.stmt_fields.claim(&fn_claimed));

        let copy = if q.kind == QueryKind::CopyFrom {
            let copy_sql = copy_sql(&q.sql, q.params.len()).map_err(ctx)?;
            let types_field = names::ident(&self.stmt_fields.claim(&format!("{fn_claimed}_types")));
            Some(CopyPlan { copy_sql, types_field })
        } else {
            None
        };

        let limit = self.opts.query_parameter_limit;
        // A batch takes a slice of items: the parameter itself when there is one, else a struct.
        let as_struct = copy.is_some() || (q.kind.is_batch() && q.params.len() > 1) || (limit > 0 && q.params.len() > limit);
        let lt = if as_struct { "'a " } else { "" };
        let mut scope = if as_struct { Scope::default() } else { Scope::with_reserved(LOCALS) };
        let mut args = Vec::new();
        let mut borrowed = false;
        for (i, p) in q.params.iter().enumerate() {
            let ty = if p.slice && !matches!(p.ty, ValueType::Array(_)) {
                ValueType::Array(Box::new(p.ty.clone()))
            } else {
                p.ty.clone()
            };
            let (ty_s, b) = self
                .param_type(&ty, p.nullable && !p.slice, lt)
                .map_err(|e| ctx(format!("parameter `{}` (`${}`): {e}", p.name, i + 1)))?;
            borrowed |= b;
            let ident =
                names::ident(&scope.claim(&names::value_name(&names::snake_case(&p.name), &format!("param_{}", i + 1))));
            let doc = format!("{} (`${}`)", sql_name(&p.name), i + 1);
            args.push(Field { ident, ty: ty_s, doc, eq: self.is_eq(&ty) });
        }
        let params_struct = as_struct.then(|| (self.types.claim(&format!("{pascal}Params")), borrowed));

        let mut row_struct = None;
        let (output, output_ty) = match q.kind {
            QueryKind::Exec | QueryKind::ExecRows | QueryKind::ExecLastId | QueryKind::CopyFrom | QueryKind::BatchExec => {
                (Output::Unit, "()".to_string())
            }
            QueryKind::One | QueryKind::Many | QueryKind::BatchOne | QueryKind::BatchMany => {
                let column_err = |c: &Column, e: String| match (&c.ty, &c.db_type) {
                    (ValueType::Any, Some(db)) => ctx(format!(
                        "column `{}` has type {db}, which has no Rust mapping; cast it in SQL (`{}::text`) or leave it out",
                        c.name, c.name
                    )),
                    _ => ctx(format!("column `{}`: {e}", c.name)),
                };
                let modelled = q.model.as_deref().is_none_or(|t| !unmodelled.iter().any(|(u, _)| *u == t));
                if q.columns.is_empty() {
                    (Output::Empty, "()".to_string())
                } else if q.columns.len() == 1 {
                    let c = &q.columns[0];
                    let ty = self.field_type(&c.ty, c.nullable).map_err(|e| column_err(c, e))?;
                    (Output::Single, ty)
                } else if let Some(m) = if modelled { reusable_model(q, models).map_err(ctx)? } else { None } {
                    let fields = m.fields.iter().map(|f| f.ident.clone()).collect();
                    (Output::Struct { name: m.name.clone(), fields }, m.name.clone())
                } else {
                    let name = self.types.claim(&format!("{pascal}Row"));
                    let mut scope = Scope::default();
                    let mut fields = Vec::new();
                    for (i, c) in q.columns.iter().enumerate() {
                        let ty = self.field_type(&c.ty, c.nullable).map_err(|e| column_err(c, e))?;
                        let mut doc = sql_name(&c.name);
                        if let Some(o) = &c.origin {
                            doc.push_str(&format!(" (`{}.{}`)", o.table, o.column));
                        }
                        fields.push(Field { ident: field_ident(&mut scope, &c.name, i), ty, doc, eq: self.is_eq(&c.ty) });
                    }
                    let out = Output::Struct { name: name.clone(), fields: fields.iter().map(|f| f.ident.clone()).collect() };
                    row_struct = Some((name.clone(), fields));
                    (out, name)
                }
            }
        };
        Ok(QueryPlan { q, const_name, fn_name, stream_name, stmt_field, args, params_struct, row_struct, output, output_ty, copy })
    }

    /// The Rust type of a result value.
    fn field_type(&mut self, ty: &ValueType, nullable: bool) -> Result<String, String> {
        let base = match ty {
            ValueType::Text => "String".to_string(),
            ValueType::Bytes => "Vec<u8>".to_string(),
            ValueType::Json => self.need("serde_json", "serde_json::Value"),
            ValueType::Array(inner) => match inner.as_ref() {
                ValueType::Nullable(elem) => format!("Vec<{}>", self.field_type(elem, true)?),
                elem => format!("Vec<{}>", self.field_type(elem, false)?),
            },
            ValueType::Nullable(inner) => return self.field_type(inner, true),
            ValueType::Composite(name) => self.composite_rust_name(name)?,
            other => self.scalar_type(other)?,
        };
        Ok(if nullable { format!("Option<{base}>") } else { base })
    }

    /// The Rust type of a parameter and whether it borrows (`lt`: the lifetime after `&`).
    fn param_type(&mut self, ty: &ValueType, nullable: bool, lt: &str) -> Result<(String, bool), String> {
        let (base, borrowed) = match ty {
            ValueType::Text => (format!("&{lt}str"), true),
            ValueType::Bytes => (format!("&{lt}[u8]"), true),
            ValueType::Json => (format!("&{lt}{}", self.need("serde_json", "serde_json::Value")), true),
            ValueType::Array(inner) => {
                let (elem, _) = match inner.as_ref() {
                    ValueType::Nullable(e) => self.param_type(e, true, lt)?,
                    e => self.param_type(e, false, lt)?,
                };
                (format!("&{lt}[{elem}]"), true)
            }
            ValueType::Nullable(inner) => return self.param_type(inner, true, lt),
            ValueType::Composite(name) => (format!("&{lt}{}", self.composite_rust_name(name)?), true),
            other => (self.scalar_type(other)?, false),
        };
        Ok((if nullable { format!("Option<{base}>") } else { base }, borrowed))
    }

    /// Types that are the same for results and parameters (all `Copy`).
    fn scalar_type(&mut self, ty: &ValueType) -> Result<String, String> {
        let chrono = self.opts.time == TimeCrate::Chrono;
        Ok(match ty {
            ValueType::Bool => "bool".into(),
            ValueType::I16 => "i16".into(),
            ValueType::I32 => "i32".into(),
            ValueType::I64 => "i64".into(),
            ValueType::F32 => "f32".into(),
            ValueType::F64 => "f64".into(),
            ValueType::Numeric => self.need("rust_decimal", "rust_decimal::Decimal"),
            ValueType::Date if chrono => self.need("chrono", "chrono::NaiveDate"),
            ValueType::Time if chrono => self.need("chrono", "chrono::NaiveTime"),
            ValueType::Timestamp if chrono => self.need("chrono", "chrono::NaiveDateTime"),
            ValueType::TimestampTz if chrono => self.need("chrono", "chrono::DateTime<chrono::Utc>"),
            ValueType::Date => self.need("time", "time::Date"),
            ValueType::Time => self.need("time", "time::Time"),
            ValueType::Timestamp => self.need("time", "time::PrimitiveDateTime"),
            ValueType::TimestampTz => self.need("time", "time::OffsetDateTime"),
            ValueType::Uuid => self.need("uuid", "uuid::Uuid"),
            ValueType::Inet => "std::net::IpAddr".into(),
            // tokio-postgres reads and writes `"char"` as one signed byte.
            ValueType::Char => "i8".into(),
            ValueType::Enum(name) => self.enum_rust_name(name)?,
            ValueType::Interval => {
                self.interval_used = true;
                self.need("sqlweave", "sqlweave::Interval")
            }
            // Only `oid` is unsigned in PostgreSQL; tokio-postgres reads and writes it as u32.
            ValueType::Unsigned(32) => "u32".into(),
            ValueType::Unsigned(b) => {
                return Err(format!("type unsigned integer of {b} bits does not exist in PostgreSQL"))
            }
            ValueType::Any => {
                return Err("its type has no Rust mapping (a type like money or an extension's, or one the analyzer could not pin down); cast it in SQL to one that has (`::numeric`, `::text`)".into())
            }
            other => return Err(format!("type {other:?} is not supported by the PostgreSQL back end")),
        })
    }

    fn need(&mut self, dep: &'static str, ty: &str) -> String {
        self.deps.insert(dep);
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
        let mut src = doc_attrs(&[format!("SQL of `{}`.", q.name)]);
        let sql = match &p.copy {
            Some(c) => &c.copy_sql,
            None => &q.sql,
        };
        src.push_str(&format!("#[allow(dead_code)]\npub const {}: &str = {};\n", p.const_name, string_literal(sql)));
        items.push(src);
        if let Some((name, lifetime)) = &p.params_struct {
            let what = if p.copy.is_some() {
                "One row for"
            } else if q.kind.is_batch() {
                "One item of"
            } else {
                "Parameters of"
            };
            let mut src = doc_attrs(&[format!("{what} `{}`.", q.name)]);
            emit_struct(&mut src, name, if *lifetime { "<'a>" } else { "" }, &p.args, true);
            items.push(src);
        }
        if let Some((name, fields)) = &p.row_struct {
            let mut src = doc_attrs(&[format!("A row of `{}`.", q.name)]);
            emit_struct(&mut src, name, "", fields, false);
            items.push(src);
        }

        let mut doc = vec![format!("`{}` (`:{}`, {}:{}).", q.name, q.kind.as_str(), q.file, q.line)];
        if !q.comments.is_empty() {
            doc.push(String::new());
            doc.extend(q.comments.iter().cloned());
        }
        let note = match q.kind {
            QueryKind::ExecRows => Some("Returns the number of rows changed."),
            QueryKind::One if q.row_optional => Some("Returns `None` when the conflict clause skipped the row."),
            QueryKind::CopyFrom => Some("Writes `rows` with a binary `COPY … FROM STDIN` and returns the number written."),
            QueryKind::BatchExec => Some(
                "Runs the statement once per item, pipelined on one connection (every item is sent before \
                 the first reply is awaited), and returns each item's number of rows changed, in order.",
            ),
            QueryKind::BatchOne => Some(
                "Runs the statement once per item, pipelined on one connection, and returns each item's row \
                 in order (`None` where an item finds no row).",
            ),
            QueryKind::BatchMany => Some(
                "Runs the statement once per item, pipelined on one connection, and returns each item's rows \
                 in order.",
            ),
            _ => None,
        };
        if let Some(n) = note {
            doc.push(String::new());
            doc.push(n.into());
        }
        doc.extend(["".into(), "# Errors".into(), "".into()]);
        doc.push(match q.kind {
            QueryKind::One if q.row_optional => {
                "A `tokio_postgres::Error` when the statement returns more than one row, or any other \
                 `tokio_postgres` error."
                    .into()
            }
            QueryKind::One => {
                "A `tokio_postgres::Error` when the query returns no row or more than one row, or any other \
                 `tokio_postgres` error."
                    .into()
            }
            QueryKind::BatchExec | QueryKind::BatchOne | QueryKind::BatchMany => {
                "The first `tokio_postgres` error of any item. Items run independently, so outside a \
                 transaction the items before a failing one stay applied: run the batch in a transaction \
                 to make it all or nothing."
                    .into()
            }
            _ => "Any `tokio_postgres` error.".into(),
        });
        let ret = match q.kind {
            QueryKind::One if q.row_optional => format!("Option<{}>", p.output_ty),
            QueryKind::One => p.output_ty.clone(),
            QueryKind::Many => format!("Vec<{}>", p.output_ty),
            QueryKind::ExecRows | QueryKind::CopyFrom => "u64".into(),
            QueryKind::Exec | QueryKind::ExecLastId => "()".into(),
            QueryKind::BatchExec => "Vec<u64>".into(),
            QueryKind::BatchOne => format!("Vec<Option<{}>>", p.output_ty),
            QueryKind::BatchMany => format!("Vec<Vec<{}>>", p.output_ty),
        };
        let mut src = doc_attrs(&doc);
        self.emit_fn(&mut src, p, &p.fn_name, &ret, false);
        items.push(src);

        if let Some(name) = &p.stream_name {
            let doc = vec![
                format!("`{}` (`:many`, {}:{}) as a stream of rows, without collecting them.", q.name, q.file, q.line),
                String::new(),
                "The stream is not `Unpin`: pin it (`futures_util::pin_mut!(s)` or `Box::pin`), then read".into(),
                "it with `futures_util::TryStreamExt::try_next`.".into(),
                String::new(),
                "# Errors".into(),
                String::new(),
                "Any `tokio_postgres` error, from the call or from an item of the stream.".into(),
            ];
            let mut src = doc_attrs(&doc);
            let ret = format!(
                "impl futures_util::Stream<Item = Result<{}, tokio_postgres::Error>> + Send + 'static",
                p.output_ty
            );
            self.emit_fn(&mut src, p, name, &ret, true);
            items.push(src);
        }
    }

    fn emit_fn(&self, src: &mut String, p: &QueryPlan<'_>, name: &str, ret: &str, stream: bool) {
        let q = p.q;
        let mut sig = vec!["client: &impl tokio_postgres::GenericClient".to_string(), format!("stmts: &{STATEMENTS}")];
        let lifetime = matches!(&p.params_struct, Some((_, true)));
        match &p.params_struct {
            Some((s, _)) if p.copy.is_some() => {
                sig.push(format!("rows: &[{s}{}]", if lifetime { "<'_>" } else { "" }))
            }
            Some((s, _)) if q.kind.is_batch() => {
                sig.push(format!("items: &[{s}{}]", if lifetime { "<'_>" } else { "" }))
            }
            None if q.kind.is_batch() => sig.push(format!("items: &[{}]", p.args[0].ty)),
            Some((s, _)) => sig.push(format!("arg: &{s}{}", if lifetime { "<'_>" } else { "" })),
            None => sig.extend(p.args.iter().map(|a| format!("{}: {}", a.ident, a.ty))),
        }
        if sig.len() > 7 {
            src.push_str("#[allow(clippy::too_many_arguments)]\n");
        }
        src.push_str(&format!(
            "#[allow(dead_code)]\npub async fn {name}({}) -> Result<{ret}, tokio_postgres::Error> {{\n",
            sig.join(", ")
        ));
        let stmt = format!("&stmts.{}", p.stmt_field);

        if let Some(c) = &p.copy {
            src.push_str(&format!("let sink = client.client().copy_in({stmt}).await?;\n"));
            src.push_str(&format!(
                "let writer = tokio_postgres::binary_copy::BinaryCopyInWriter::new(sink, &stmts.{});\n",
                c.types_field
            ));
            src.push_str("futures_util::pin_mut!(writer);\n");
            let vals: Vec<String> = p.args.iter().map(|a| format!("&r.{}", a.ident)).collect();
            src.push_str(&format!("for r in rows {{\nwriter.as_mut().write(&[{}]).await?;\n}}\n", vals.join(", ")));
            src.push_str("writer.finish().await\n}\n");
            return;
        }

        let value = |a: &Field| -> String {
            if q.kind.is_batch() && p.params_struct.is_none() {
                "item".to_string()
            } else if p.params_struct.is_some() {
                format!("&arg.{}", a.ident)
            } else {
                format!("&{}", a.ident)
            }
        };
        let vals: Vec<String> = p.args.iter().map(value).collect();
        let params = format!("&[{}]", vals.join(", "));

        let read = match &p.output {
            Output::Unit => String::new(),
            Output::Empty => "()".to_string(),
            Output::Single => "row.try_get(0)?".to_string(),
            Output::Struct { name, fields } => {
                let inits: Vec<String> = fields.iter().enumerate().map(|(i, f)| format!("{f}: row.try_get({i})?")).collect();
                format!("{name} {{ {} }}", inits.join(", "))
            }
        };
        // Calls go through `GenericClient::client()` to the inherent `Client` methods: the
        // `GenericClient` ones are `async_trait` methods that box their future (one allocation
        // of ~1 KiB per call), and a `Transaction` runs its statements on that same `Client`.
        if stream {
            src.push_str(&format!(
                "let params: [&(dyn tokio_postgres::types::ToSql + Sync); {}] = [{}];\n",
                vals.len(),
                vals.join(", ")
            ));
            src.push_str(&format!("let rows = client.client().query_raw({stmt}, params).await?;\n"));
            if matches!(p.output, Output::Empty) {
                src.push_str("Ok(futures_util::StreamExt::map(rows, |r| r.map(|_| ())))\n}\n");
                return;
            }
            let read_result = match &p.output {
                Output::Single => "row.try_get(0)".to_string(),
                _ => format!("Ok({read})"),
            };
            src.push_str(&format!(
                "Ok(futures_util::StreamExt::map(rows, |r| {{\nlet row = r?;\n{read_result}\n}}))\n}}\n"
            ));
            return;
        }
        match q.kind {
            QueryKind::One | QueryKind::Many | QueryKind::BatchOne | QueryKind::BatchMany if matches!(p.output, Output::Empty) => {
                let call = match q.kind {
                    QueryKind::One if q.row_optional => format!("Ok(client.client().query_opt({stmt}, {params}).await?.map(|_| ()))\n"),
                    QueryKind::One => format!("client.client().query_one({stmt}, {params}).await?;\nOk(())\n"),
                    QueryKind::Many => format!("let rows = client.client().query({stmt}, {params}).await?;\nOk(vec![(); rows.len()])\n"),
                    QueryKind::BatchOne => format!(
                        "let replies = futures_util::future::try_join_all(items.iter().map(|{item}| async move {{\nclient.client().query_opt({stmt}, {params}).await\n}})).await?;\nOk(replies.iter().map(|r| r.as_ref().map(|_| ())).collect())\n",
                        item = if p.params_struct.is_some() { "arg" } else { "item" }
                    ),
                    _ => format!(
                        "let replies = futures_util::future::try_join_all(items.iter().map(|{item}| async move {{\nclient.client().query({stmt}, {params}).await\n}})).await?;\nOk(replies.iter().map(|r| vec![(); r.len()]).collect())\n",
                        item = if p.params_struct.is_some() { "arg" } else { "item" }
                    ),
                };
                src.push_str(&call);
            }
            QueryKind::One if q.row_optional => {
                src.push_str(&format!("let Some(row) = client.client().query_opt({stmt}, {params}).await? else {{\nreturn Ok(None);\n}};\n"));
                match &p.output {
                    Output::Single => src.push_str("row.try_get(0).map(Some)\n"),
                    _ => src.push_str(&format!("Ok(Some({read}))\n")),
                }
            }
            QueryKind::One => {
                src.push_str(&format!("let row = client.client().query_one({stmt}, {params}).await?;\n"));
                match &p.output {
                    Output::Single => src.push_str("row.try_get(0)\n"),
                    _ => src.push_str(&format!("Ok({read})\n")),
                }
            }
            QueryKind::Many => {
                src.push_str(&format!("let rows = client.client().query({stmt}, {params}).await?;\n"));
                src.push_str("let mut out = Vec::with_capacity(rows.len());\n");
                src.push_str(&format!("for row in &rows {{\nout.push({read});\n}}\nOk(out)\n"));
            }
            QueryKind::Exec => src.push_str(&format!("client.client().execute({stmt}, {params}).await?;\nOk(())\n")),
            QueryKind::ExecRows => src.push_str(&format!("client.client().execute({stmt}, {params}).await\n")),
            QueryKind::BatchExec | QueryKind::BatchOne | QueryKind::BatchMany => {
                // Polling every item's future at once makes tokio-postgres pipeline them.
                let (call, each) = match q.kind {
                    QueryKind::BatchExec => ("execute", String::new()),
                    QueryKind::BatchOne => ("query_opt", format!("out.push(match reply {{\nSome(row) => Some({read}),\nNone => None,\n}});\n")),
                    _ => ("query", format!("let mut rows = Vec::with_capacity(reply.len());\nfor row in reply {{\nrows.push({read});\n}}\nout.push(rows);\n")),
                };
                let item = if p.params_struct.is_some() { "arg" } else { "item" };
                src.push_str(&format!(
                    "let replies = futures_util::future::try_join_all(items.iter().map(|{item}| async move {{\nclient.client().{call}({stmt}, {params}).await\n}})).await?;\n"
                ));
                if q.kind == QueryKind::BatchExec {
                    src.push_str("Ok(replies)\n");
                } else {
                    src.push_str(&format!("let mut out = Vec::with_capacity(replies.len());\nfor reply in &replies {{\n{each}}}\nOk(out)\n"));
                }
            }
            QueryKind::ExecLastId | QueryKind::CopyFrom => unreachable!("handled above"),
        }
        src.push_str("}\n");
    }
}

/// The `Statements` struct: one prepared statement per query (and the column types of each
/// `:copyfrom`), prepared concurrently by `Statements::prepare`.
fn emit_statements(queries: &[QueryPlan<'_>]) -> String {
    let mut src = doc_attrs(&[
        "Every query of this module, prepared on one connection.".into(),
        String::new(),
        "Build it once per connection with [`Statements::prepare`] and pass it to the query functions".into(),
        "together with that connection's `Client` or one of its `Transaction`s. The set of statements".into(),
        "is fixed, so this cache cannot grow; dropping it closes the statements.".into(),
    ]);
    src.push_str("#[derive(Debug, Clone)]\n#[allow(dead_code)]\npub struct Statements {\n");
    for p in queries {
        src.push_str(&doc_attrs(&[format!("`{}`.", p.q.name)]));
        src.push_str(&format!("pub {}: tokio_postgres::Statement,\n", p.stmt_field));
        if let Some(c) = &p.copy {
            src.push_str(&doc_attrs(&[format!("The column types of `{}`'s `COPY`.", p.q.name)]));
            src.push_str(&format!("pub {}: Vec<tokio_postgres::types::Type>,\n", c.types_field));
        }
    }
    src.push_str("}\n");

    // The SQL texts to prepare, in order: each query's const, and for `:copyfrom` its INSERT too.
    let mut sqls = Vec::new();
    for p in queries {
        sqls.push(p.const_name.clone());
        if p.copy.is_some() {
            sqls.push(string_literal(&p.q.sql));
        }
    }
    src.push_str("#[allow(dead_code)]\nimpl Statements {\n");
    src.push_str(&doc_attrs(&[
        "Prepares every statement on `client`'s connection, concurrently.".into(),
        String::new(),
        "# Errors".into(),
        String::new(),
        "The first `tokio_postgres` error, e.g. when the database schema does not match the queries.".into(),
    ]));
    src.push_str("pub async fn prepare(client: &impl tokio_postgres::GenericClient) -> Result<Statements, tokio_postgres::Error> {\n");
    if queries.is_empty() {
        src.push_str("let _ = client;\nOk(Statements {})\n}\n}\n");
        return src;
    }
    src.push_str(&format!(
        "let sql: [&str; {}] = [{}];\n",
        sqls.len(),
        sqls.join(", ")
    ));
    src.push_str("let prepared = futures_util::future::try_join_all(sql.iter().map(|s| client.prepare(s))).await?;\n");
    src.push_str("let mut prepared = prepared.into_iter();\n");
    src.push_str("let mut next = || prepared.next().expect(\"one statement per SQL text\");\n");
    src.push_str("Ok(Statements {\n");
    for p in queries {
        src.push_str(&format!("{}: next(),\n", p.stmt_field));
        if let Some(c) = &p.copy {
            src.push_str(&format!("{}: next().params().to_vec(),\n", c.types_field));
        }
    }
    src.push_str("})\n}\n}\n");
    src
}

fn emit_enum(e: &EnumPlan) -> String {
    let base = e.sql.rsplit('.').next().unwrap_or(&e.sql);
    let mut src = doc_attrs(&[format!("The PostgreSQL enum `{}`.", e.sql)]);
    src.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, postgres_types::ToSql, postgres_types::FromSql)]\n");
    src.push_str(&format!("#[postgres(name = {})]\n#[allow(dead_code)]\npub enum {} {{\n", string_literal(base), e.rust));
    for (rust, label) in &e.variants {
        src.push_str(&doc_attrs(&[format!("`{label}`")]));
        src.push_str(&format!("#[postgres(name = {})]\n{rust},\n", string_literal(label)));
    }
    src.push_str("}\n");
    // `as_str`, so the label is available without a round trip.
    src.push_str(&format!("#[allow(dead_code)]\nimpl {} {{\n", e.rust));
    src.push_str(&doc_attrs(&["The SQL label of the value.".into()]));
    src.push_str("pub fn as_str(self) -> &'static str {\nmatch self {\n");
    for (rust, label) in &e.variants {
        src.push_str(&format!("{}::{rust} => {},\n", e.rust, string_literal(label)));
    }
    if e.variants.is_empty() {
        src.push_str("_ => unreachable!(),\n");
    }
    src.push_str("}\n}\n}\n");
    src
}

/// A composite type's struct, with `FromSql` and `ToSql` over `sqlweave::composite`.
fn emit_composite(c: &CompositePlan) -> String {
    let fields = c.fields.as_deref().unwrap_or_default();
    let rust = &c.rust;
    let mut src = doc_attrs(&[
        format!("The PostgreSQL composite type `{}`.", c.def.name),
        String::new(),
        "Read and written in PostgreSQL's binary composite format; every field may be NULL.".into(),
    ]);
    let plain: Vec<Field> =
        fields.iter().map(|(f, _)| Field { ident: f.ident.clone(), ty: f.ty.clone(), doc: f.doc.clone(), eq: f.eq }).collect();
    emit_struct(&mut src, rust, "", &plain, false);
    let pg = "tokio_postgres::types";
    let cm = "sqlweave::composite";
    let mut_ = if fields.is_empty() { "" } else { "mut " };
    // `accepts`: the type's name and schema, then each field's name and type, in order.
    let accepts = |tr: &str| -> String {
        let schema = match &c.pg_schema {
            Some(s) => format!("Some({})", string_literal(s)),
            None => "None".into(),
        };
        let others: Vec<String> = c.other_schemas.iter().map(|s| string_literal(s)).collect();
        let binds: Vec<String> = (0..fields.len()).map(|i| format!("f{i}")).collect();
        let mut checks: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, (f, sql))| {
                format!("f{i}.name().eq_ignore_ascii_case({}) && <{} as {pg}::{tr}>::accepts(f{i}.type_())", string_literal(sql), f.ty)
            })
            .collect();
        if checks.is_empty() {
            checks.push("true".into());
        }
        format!(
            "fn accepts(ty: &{pg}::Type) -> bool {{\nlet Some([{}]) = {cm}::fields_of(ty, {}, {schema}, &[{}]) else {{\nreturn false;\n}};\n{}\n}}\n",
            binds.join(", "),
            string_literal(&c.pg_name),
            others.join(", "),
            checks.join("\n&& ")
        )
    };
    let inits: Vec<String> = fields.iter().map(|(f, _)| format!("{}: r.field()?", f.ident)).collect();
    src.push_str(&format!("impl<'a> {pg}::FromSql<'a> for {rust} {{\n"));
    src.push_str(&format!("fn from_sql(ty: &{pg}::Type, raw: &'a [u8]) -> Result<{rust}, {cm}::BoxError> {{\n"));
    src.push_str(&format!("let {mut_}r = {cm}::Reader::new(ty, raw)?;\n"));
    src.push_str(&format!("let value = {rust} {{ {} }};\nr.finish()?;\nOk(value)\n}}\n", inits.join(", ")));
    src.push_str(&accepts("FromSql"));
    src.push_str("}\n");
    src.push_str(&format!("impl {pg}::ToSql for {rust} {{\n"));
    src.push_str(&format!(
        "fn to_sql(&self, ty: &{pg}::Type, out: &mut {cm}::BytesMut) -> Result<{pg}::IsNull, {cm}::BoxError> {{\n"
    ));
    src.push_str(&format!("let {mut_}w = {cm}::Writer::new(ty, out)?;\n"));
    for (f, _) in fields {
        src.push_str(&format!("w.field(&self.{})?;\n", f.ident));
    }
    src.push_str("w.finish()\n}\n");
    src.push_str(&accepts("ToSql"));
    src.push_str(&format!(
        "fn to_sql_checked(&self, ty: &{pg}::Type, out: &mut {cm}::BytesMut) -> Result<{pg}::IsNull, {cm}::BoxError> {{\n{cm}::to_sql_checked(self, ty, out)\n}}\n}}\n"
    ));
    src
}

fn emit_struct(src: &mut String, name: &str, generics: &str, fields: &[Field], copy: bool) {
    // Parameter structs hold only references and `Copy` scalars.
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

/// The table model a query's result reuses, when its columns really match the model's.
fn reusable_model<'m>(q: &Query, models: &'m [Model<'_>]) -> Result<Option<&'m Model<'m>>, String> {
    let Some(table) = &q.model else { return Ok(None) };
    let Some(m) = models.iter().find(|m| &m.table.name == table) else {
        return Err(format!("model table `{table}` is not in the IR's tables"));
    };
    let same = m.table.columns.len() == q.columns.len()
        && m.table.columns.iter().zip(&q.columns).all(|(a, b): (&Column, &Column)| a.ty == b.ty && a.nullable == b.nullable);
    Ok(same.then_some(m))
}

fn field_ident(scope: &mut Scope, column: &str, i: usize) -> String {
    names::ident(&scope.claim(&names::value_name(&names::snake_case(column), &format!("column_{}", i + 1))))
}

fn sql_name(name: &str) -> String {
    if name.is_empty() {
        "(unnamed)".into()
    } else {
        format!("`{name}`")
    }
}

/// `COPY t (cols) FROM STDIN BINARY` for `INSERT INTO t (cols) VALUES ($1, …, $n)`; anything else
/// (no column list, expressions, `ON CONFLICT`, `RETURNING`, several rows) is an error.
pub fn copy_sql(insert: &str, n_params: usize) -> Result<String, String> {
    let shape = "`:copyfrom` needs the form `INSERT INTO table (col, …) VALUES ($1, …, $n)`, one parameter per column in order";
    let mut t = Tokens { s: insert, i: 0 };
    if !(t.keyword("INSERT") && t.keyword("INTO")) {
        return Err(shape.into());
    }
    let table = t.name_path().ok_or(shape)?;
    if !t.punct('(') {
        return Err(shape.into());
    }
    let mut cols = Vec::new();
    loop {
        cols.push(t.name().ok_or(shape)?);
        if t.punct(')') {
            break;
        }
        if !t.punct(',') {
            return Err(shape.into());
        }
    }
    if !(t.keyword("VALUES") && t.punct('(')) {
        return Err(shape.into());
    }
    for k in 1..=cols.len() {
        if t.placeholder() != Some(k) {
            return Err(shape.into());
        }
        let last = k == cols.len();
        if !(if last { t.punct(')') } else { t.punct(',') }) {
            return Err(shape.into());
        }
    }
    t.punct(';');
    t.skip_ws();
    if t.i != t.s.len() {
        return Err(shape.into());
    }
    if cols.len() != n_params {
        return Err(shape.into());
    }
    Ok(format!("COPY {table} ({}) FROM STDIN BINARY", cols.join(", ")))
}

/// A tiny tokenizer for [`copy_sql`]: names (plain or quoted, kept as written), `$N`, punctuation;
/// whitespace and `--`/`/* */` comments skipped.
struct Tokens<'s> {
    s: &'s str,
    i: usize,
}

impl<'s> Tokens<'s> {
    fn rest(&self) -> &'s str {
        &self.s[self.i..]
    }
    fn skip_ws(&mut self) {
        loop {
            let r = self.rest();
            let trimmed = r.trim_start();
            self.i += r.len() - trimmed.len();
            if trimmed.starts_with("--") {
                self.i += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.i += trimmed.find("*/").map_or(trimmed.len(), |e| e + 2);
            } else {
                return;
            }
        }
    }
    fn keyword(&mut self, kw: &str) -> bool {
        self.skip_ws();
        let r = self.rest();
        let end = r.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(r.len());
        if r[..end].eq_ignore_ascii_case(kw) {
            self.i += end;
            true
        } else {
            false
        }
    }
    fn punct(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.rest().starts_with(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn name(&mut self) -> Option<String> {
        self.skip_ws();
        let r = self.rest();
        if let Some(body) = r.strip_prefix('"') {
            // `""` inside a quoted name is an escaped quote.
            let mut j = 0;
            let b = body.as_bytes();
            while j < b.len() {
                if b[j] == b'"' {
                    if b.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    let len = j + 2;
                    let out = r[..len].to_string();
                    self.i += len;
                    return Some(out);
                }
                j += 1;
            }
            return None;
        }
        let end = r.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(r.len());
        if end == 0 || r.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
            return None;
        }
        self.i += end;
        Some(r[..end].to_string())
    }
    fn name_path(&mut self) -> Option<String> {
        let mut out = self.name()?;
        while self.rest().starts_with('.') {
            self.i += 1;
            out.push('.');
            out.push_str(&self.name()?);
        }
        Some(out)
    }
    fn placeholder(&mut self) -> Option<usize> {
        self.skip_ws();
        let r = self.rest().strip_prefix('$')?;
        let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        let n = r[..end].parse().ok()?;
        self.i += 1 + end;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_sql_accepts_plain_inserts_only() {
        assert_eq!(
            copy_sql("INSERT INTO order_lines (order_id, \"Qty\")\nVALUES ($1, $2);", 2).unwrap(),
            "COPY order_lines (order_id, \"Qty\") FROM STDIN BINARY"
        );
        assert_eq!(copy_sql("insert into s.t (a) values ($1)", 1).unwrap(), "COPY s.t (a) FROM STDIN BINARY");
        for bad in [
            "INSERT INTO t VALUES ($1)",
            "INSERT INTO t (a, b) VALUES ($2, $1)",
            "INSERT INTO t (a) VALUES ($1) RETURNING a",
            "INSERT INTO t (a) VALUES (lower($1))",
            "INSERT INTO t (a) VALUES ($1), ($2)",
        ] {
            assert!(copy_sql(bad, 1).is_err(), "{bad}");
        }
    }
}
