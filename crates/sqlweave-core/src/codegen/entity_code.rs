//! The entity layer's code, for both back ends (a [`Flavor`] says which driver): per entity a column module (`user::NAME`), `NewX` and
//! `XPatch` structs, the `sqlweave::Table` and `sqlweave::sqlite::Entity` impls (whose `const`
//! SQL covers every statement known at generation time), inherent shortcuts (`User::get`,
//! `User::insert` …) and the eager-loading `XNode`/`XWith` types with `X::load`.
//!
//! The generic work (binding, chunking, hooks, transactions) is in the runtime crate, written
//! once and monomorphised per entity; what is generated is data (SQL, column lists) and the
//! field-by-field code only the schema knows (reading a row, binding a struct's fields).

use super::entity::{EdgeKind, EntityPlan};
use super::names::{self, Scope};
use super::string_literal;
use crate::ir::{Ir, ValueType};

/// The driver the entity code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    Sqlite,
    Postgres,
}

impl Flavor {
    fn ph(self, n: usize) -> String {
        match self {
            Flavor::Sqlite => format!("?{n}"),
            Flavor::Postgres => format!("${n}"),
        }
    }
    fn module(self) -> &'static str {
        match self {
            Flavor::Sqlite => "sqlweave::sqlite",
            Flavor::Postgres => "sqlweave::postgres",
        }
    }
    fn row_reader_sig(self) -> &'static str {
        match self {
            Flavor::Sqlite => "fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>",
            Flavor::Postgres => "fn from_row(row: &tokio_postgres::Row) -> Result<Self, tokio_postgres::Error>",
        }
    }
    fn get(self) -> &'static str {
        match self {
            Flavor::Sqlite => "get",
            Flavor::Postgres => "try_get",
        }
    }
    fn param(self) -> &'static str {
        match self {
            Flavor::Sqlite => "&'a dyn rusqlite::ToSql",
            Flavor::Postgres => "sqlweave::postgres::P<'a>",
        }
    }
    fn aw(self) -> &'static str {
        match self {
            Flavor::Sqlite => "",
            Flavor::Postgres => ".await",
        }
    }
    fn asyn(self) -> &'static str {
        match self {
            Flavor::Sqlite => "",
            Flavor::Postgres => "async ",
        }
    }
}

/// What the back end planned for a table's model struct.
pub(super) struct ModelInfo {
    pub name: String,
    /// Per column: field ident, field type (with `Option` when nullable), type without it.
    pub fields: Vec<(String, String, String)>,
}

impl ModelInfo {
    /// The model struct `name` of a table: per column its field's ident and type, as the back end
    /// planned them, zipped with the table's columns (whose nullability says which types carry an
    /// `Option` to strip for the base).
    pub fn new<'f>(name: &str, fields: impl Iterator<Item = (&'f str, &'f str)>, columns: &[crate::ir::Column]) -> ModelInfo {
        let fields = fields
            .zip(columns)
            .map(|((ident, ty), c)| {
                let base = if c.nullable { ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty) } else { ty };
                (ident.to_string(), ty.to_string(), base.to_string())
            })
            .collect();
        ModelInfo { name: name.to_string(), fields }
    }
}

/// Whether a generated field type is `Copy` (so reading it needs no `.clone()`).
fn is_copy(ty: &str) -> bool {
    let base = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty);
    !(matches!(base, "String" | "serde_json::Value" | "rusqlite::types::Value") || base.starts_with("Vec<"))
}

/// `expr` or `expr.clone()`, as the type needs.
fn owned(expr: String, ty: &str) -> String {
    if is_copy(ty) {
        expr
    } else {
        format!("{expr}.clone()")
    }
}

fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The generated items (unformatted Rust source, one string per item).
/// `types`: the module's type namespace; the entity structs' names must be free in it.
pub(super) fn emit(ir: &Ir, plans: &[EntityPlan], models: &[Option<&ModelInfo>], f: Flavor, types: &mut Scope) -> Result<Vec<String>, String> {
    for e in plans {
        let m = model(models, e.table);
        for n in [format!("New{}", m.name), format!("{}Patch", m.name), format!("{}Node", m.name), format!("{}With", m.name)] {
            if types.claim(&n) != n {
                return Err(format!(
                    "the entity layer of table `{}` needs the type name `{n}`, which another table's model or a query's struct already has; rename the table's model with `[sql.entities.tables.{}] name = \"…\"`",
                    ir.tables[e.table].name,
                    ir.tables[e.table].name
                ));
            }
        }
    }
    let mut items = Vec::new();
    for e in plans {
        items.extend(emit_entity(ir, plans, e, models, f));
    }
    Ok(items)
}

fn model<'m>(models: &[Option<&'m ModelInfo>], table: usize) -> &'m ModelInfo {
    models[table].expect("entities are tables with models")
}

fn emit_entity(ir: &Ir, plans: &[EntityPlan], e: &EntityPlan, models: &[Option<&ModelInfo>], f: Flavor) -> Vec<String> {
    let md = f.module();
    let (aw, asyn) = (f.aw(), f.asyn());
    let t = &ir.tables[e.table];
    let m = model(models, e.table);
    let name = &m.name;
    let tq = q(&t.name);
    let qual = |i: usize| format!("{tq}.{}", q(&t.columns[i].name));
    let cols: Vec<String> = (0..t.columns.len()).map(qual).collect();
    let columns_sql = cols.join(", ");
    let mut items = Vec::new();

    // Column handles.
    // The module sees the parent's types (enums, composites) its column types may name.
    let mut src = format!("#[doc = \" Columns of `{}`, for filters and ordering: `{}::query().filter({}::{}.eq(…))`.\"]\n#[allow(dead_code)]\npub mod {} {{\n#[allow(unused_imports)]\nuse super::*;\n", t.name, name, e.module, names::screaming_snake_case(&t.columns[0].name), e.module);
    for (i, c) in t.columns.iter().enumerate() {
        let (ident, _, base) = &m.fields[i];
        let null = if c.nullable { ", sqlweave::Nullable" } else { "" };
        let const_name = names::ident(&ident.trim_start_matches("r#").to_ascii_uppercase());
        src.push_str(&format!(
            "#[doc = \" `{}`.\"]\npub const {const_name}: sqlweave::Col<super::{name}, {base}{null}> = sqlweave::Col::new({}, {});\n",
            c.name,
            string_literal(&q(&c.name)),
            string_literal(&qual(i))
        ));
    }
    src.push_str("}\n");
    items.push(src);

    // NewX.
    let new_name = format!("New{name}");
    let mut src = format!("#[doc = \" The values of an insert into `{}`: generated and auto columns are the database's; `None` in a column with a DEFAULT means the default.\"]\n#[derive(Debug, Clone, PartialEq)]\n#[allow(dead_code)]\npub struct {new_name} {{\n", t.name);
    for (k, &i) in e.insert.iter().enumerate() {
        let (ident, ty, _) = &m.fields[i];
        let ty = if e.defaulted[k] { format!("Option<{ty}>") } else { ty.clone() };
        src.push_str(&format!("pub {ident}: {ty},\n"));
    }
    src.push_str("}\n");
    items.push(src);

    // XPatch.
    let patch_name = format!("{name}Patch");
    let mut src = format!("#[doc = \" A partial update of `{}`: `None` leaves a column as it is; for a nullable column `Some(None)` writes NULL.\"]\n#[derive(Debug, Clone, PartialEq, Default)]\n#[allow(dead_code)]\npub struct {patch_name} {{\n", t.name);
    for &i in &e.update {
        let (ident, ty, _) = &m.fields[i];
        src.push_str(&format!("pub {ident}: Option<{ty}>,\n"));
    }
    src.push_str("}\n");
    items.push(src);
    if !e.update.is_empty() {
        let mut src = format!("impl {patch_name} {{\n");
        for &i in &e.update {
            let (ident, ty, _) = &m.fields[i];
            src.push_str(&format!("#[doc = \" Sets `{}`.\"]\n#[allow(dead_code)]\npub fn {ident}(mut self, v: {ty}) -> Self {{\nself.{ident} = Some(v);\nself\n}}\n", t.columns[i].name));
        }
        src.push_str("}\n");
        items.push(src);
    }

    // SQL.
    let key_types: Vec<&str> = e.key.iter().map(|&i| m.fields[i].1.as_str()).collect();
    let key_ty = if key_types.len() == 1 { key_types[0].to_string() } else { format!("({})", key_types.join(", ")) };
    let key_where = |offset: usize| -> String {
        e.key.iter().enumerate().map(|(k, &i)| format!("{} = {}", qual(i), f.ph(offset + k + 1))).collect::<Vec<_>>().join(" AND ")
    };
    let not_deleted = e.soft_delete.map(|i| format!(" AND {} IS NULL", qual(i))).unwrap_or_default();
    let insert_sql = if e.insert.is_empty() {
        format!("INSERT INTO {tq} DEFAULT VALUES RETURNING {columns_sql}")
    } else {
        let names: Vec<String> = e.insert.iter().map(|&i| q(&t.columns[i].name)).collect();
        let ph: Vec<String> = (1..=e.insert.len()).map(|n| f.ph(n)).collect();
        format!("INSERT INTO {tq} ({}) VALUES ({}) RETURNING {columns_sql}", names.join(", "), ph.join(", "))
    };
    let get_sql = format!("SELECT {columns_sql} FROM {tq} WHERE {}{not_deleted}", key_where(0));
    let sets: Vec<String> = if e.update.is_empty() {
        vec![format!("{} = {}", q(&t.columns[e.key[0]].name), q(&t.columns[e.key[0]].name))]
    } else {
        e.update.iter().enumerate().map(|(k, &i)| format!("{} = {}", q(&t.columns[i].name), f.ph(k + 1))).collect()
    };
    let update_sql = format!("UPDATE {tq} SET {} WHERE {} RETURNING {columns_sql}", sets.join(", "), key_where(e.update.len()));
    let hard_delete_sql = format!("DELETE FROM {tq} WHERE {}", key_where(0));
    let now = e.soft_delete.map(|i| soft_delete_now(&t.columns[i].ty, f));
    let delete_sql = match e.soft_delete {
        Some(i) => format!("UPDATE {tq} SET {} = {} WHERE {}{not_deleted}", q(&t.columns[i].name), now.unwrap(), key_where(0)),
        None => hard_delete_sql.clone(),
    };

    // impl Table + Entity.
    let mut src = format!("impl sqlweave::Table for {name} {{\nconst TABLE: &'static str = {};\nconst COLUMNS: &'static str = {};\n", string_literal(&tq), string_literal(&columns_sql));
    if let Some(i) = e.soft_delete {
        src.push_str(&format!("const SOFT_DELETE: Option<&'static str> = Some({});\n", string_literal(&qual(i))));
        src.push_str(&format!("const SOFT_DELETE_NOW: &'static str = {};\n", string_literal(now.unwrap())));
    }
    src.push_str(&format!("type Param = {md}::Param;\n}}\n"));
    items.push(src);

    let key_cols: Vec<String> = e.key.iter().map(|&i| string_literal(&q(&t.columns[i].name))).collect();
    let insert_cols: Vec<String> = e.insert.iter().map(|&i| string_literal(&q(&t.columns[i].name))).collect();
    let get = f.get();
    let reads: Vec<String> = m.fields.iter().enumerate().map(|(i, fl)| format!("{}: row.{get}({i})?", fl.0)).collect();
    let key_expr = if e.key.len() == 1 {
        owned(format!("self.{}", m.fields[e.key[0]].0), &m.fields[e.key[0]].1)
    } else {
        format!("({})", e.key.iter().map(|&i| owned(format!("self.{}", m.fields[i].0), &m.fields[i].1)).collect::<Vec<_>>().join(", "))
    };
    let mut mask = String::from("let mut mask = 0u64;\n");
    let mut new_params = String::new();
    for (k, &i) in e.insert.iter().enumerate() {
        let fl = &m.fields[i].0;
        if e.defaulted[k] {
            mask.push_str(&format!("if new.{fl}.is_some() {{\nmask |= 1 << {k};\n}}\n"));
            new_params.push_str(&format!("if let Some(v) = &new.{fl} {{\nout.push(v);\n}}\n"));
        } else {
            mask.push_str(&format!("mask |= 1 << {k};\n"));
            new_params.push_str(&format!("out.push(&new.{fl});\n"));
        }
    }
    mask.push_str("mask\n");
    if e.insert.is_empty() {
        mask = "0\n".into();
    }
    let key_params = if e.key.len() == 1 {
        "out.push(key);\n".to_string()
    } else {
        (0..e.key.len()).map(|k| format!("out.push(&key.{k});\n")).collect()
    };
    let mut update_params: String = e.update.iter().map(|&i| format!("out.push(&self.{});\n", m.fields[i].0)).collect();
    update_params.extend(e.key.iter().map(|&i| format!("out.push(&self.{});\n", m.fields[i].0)));
    let patch_params: String = e
        .update
        .iter()
        .map(|&i| format!("if let Some(v) = &patch.{} {{\ncols.push({});\nout.push(v);\n}}\n", m.fields[i].0, string_literal(&q(&t.columns[i].name))))
        .collect();
    let uses = |s: &str, v: &str| if s.contains(v) { v.to_string() } else { format!("_{v}") };
    src = format!(
        "impl {md}::Entity for {name} {{
type Key = {key_ty};
type New = {new_name};
type Patch = {patch_name};
const NAME: &'static str = {tname};
const KEY_COLUMNS: &'static [&'static str] = &[{key_cols}];
const INSERT_COLUMNS: &'static [&'static str] = &[{insert_cols}];
const INSERT_SQL: &'static str = {insert_sql};
const GET_SQL: &'static str = {get_sql};
const UPDATE_SQL: &'static str = {update_sql};
const DELETE_SQL: &'static str = {delete_sql};
const HARD_DELETE_SQL: &'static str = {hard_delete_sql};
{row_reader_sig} {{
Ok({name} {{ {reads} }})
}}
fn key(&self) -> {key_ty} {{
{key_expr}
}}
fn new_mask({new_arg}: &{new_name}) -> u64 {{
{mask}}}
fn new_params<'a>({new_arg2}: &'a {new_name}, {out_new}: &mut Vec<{pty}>) {{
{new_params}}}
fn key_params<'a>(key: &'a {key_ty}, out: &mut Vec<{pty}>) {{
{key_params}}}
fn update_params<'a>(&'a self, out: &mut Vec<{pty}>) {{
{update_params}}}
fn patch_params<'a>({patch_arg}: &'a {patch_name}, {cols_arg}: &mut Vec<&'static str>, {out_patch}: &mut Vec<{pty}>) {{
{patch_params}}}
}}\n",
        tname = string_literal(&t.name),
        row_reader_sig = f.row_reader_sig(),
        pty = f.param(),
        key_cols = key_cols.join(", "),
        insert_cols = insert_cols.join(", "),
        insert_sql = string_literal(&insert_sql),
        get_sql = string_literal(&get_sql),
        update_sql = string_literal(&update_sql),
        delete_sql = string_literal(&delete_sql),
        hard_delete_sql = string_literal(&hard_delete_sql),
        reads = reads.join(", "),
        new_arg = uses(&mask, "new"),
        new_arg2 = uses(&new_params, "new"),
        out_new = uses(&new_params, "out"),
        patch_arg = uses(&patch_params, "patch"),
        cols_arg = uses(&patch_params, "cols"),
        out_patch = uses(&patch_params, "out"),
    );
    items.push(src);

    // Inherent shortcuts.
    let key_args: Vec<String> = e.key.iter().map(|&i| format!("{}: {}", m.fields[i].0, m.fields[i].1)).collect();
    let key_val = if e.key.len() == 1 { m.fields[e.key[0]].0.clone() } else { format!("({})", e.key.iter().map(|&i| m.fields[i].0.clone()).collect::<Vec<_>>().join(", ")) };
    let db = format!("db: &{md}::Db<'_>");
    let mut src = format!("#[allow(dead_code)]\nimpl {name} {{\n");
    src.push_str(&format!("#[doc = \" A query on `{}` (run it with `db.all(&q)`, `db.first(q)`, `db.count(&q)`, `db.exists(&q)`, `db.delete_where(&q)`).\"]\npub fn query() -> sqlweave::Select<{name}> {{\nsqlweave::Select::new()\n}}\n", t.name));
    src.push_str(&format!("#[doc = \" The row with this key, if any{}.\"]\npub {asyn}fn get({db}, {}) -> sqlweave::Result<Option<{name}>> {{\ndb.get::<{name}>(&{key_val}){aw}\n}}\n", if e.soft_delete.is_some() { " (not soft-deleted)" } else { "" }, key_args.join(", ")));
    src.push_str(&format!("#[doc = \" Inserts a row and returns it as stored.\"]\npub {asyn}fn insert({db}, new: {new_name}) -> sqlweave::Result<{name}> {{\ndb.insert::<{name}>(new){aw}\n}}\n"));
    src.push_str(&format!("#[doc = \" Inserts rows, one multi-row statement per chunk; returns them as stored, in order.\"]\npub {asyn}fn insert_many({db}, rows: Vec<{new_name}>) -> sqlweave::Result<Vec<{name}>> {{\ndb.insert_many::<{name}>(rows){aw}\n}}\n"));
    src.push_str(&format!("#[doc = \" Writes every column of this row (by its key) and returns it as stored.\"]\npub {asyn}fn update(self, {db}) -> sqlweave::Result<{name}> {{\ndb.update::<{name}>(self){aw}\n}}\n"));
    src.push_str(&format!("#[doc = \" Writes the set fields of `patch` to the row with this key and returns it as stored.\"]\npub {asyn}fn patch({db}, {}, patch: {patch_name}) -> sqlweave::Result<{name}> {{\ndb.patch::<{name}>(&{key_val}, patch){aw}\n}}\n", key_args.join(", ")));
    let del_doc = if e.soft_delete.is_some() { "Soft-deletes the row with this key (sets its soft-delete column); whether there was one." } else { "Deletes the row with this key; whether there was one." };
    src.push_str(&format!("#[doc = \" {del_doc}\"]\npub {asyn}fn delete({db}, {}) -> sqlweave::Result<bool> {{\ndb.delete::<{name}>(&{key_val}){aw}\n}}\n", key_args.join(", ")));
    if e.soft_delete.is_some() {
        src.push_str(&format!("#[doc = \" Deletes the row with this key, also when soft-deleted.\"]\npub {asyn}fn hard_delete({db}, {}) -> sqlweave::Result<bool> {{\ndb.hard_delete::<{name}>(&{key_val}){aw}\n}}\n", key_args.join(", ")));
    }
    for set in &e.upserts {
        let stem: Vec<String> = set.iter().map(|&i| m.fields[i].0.trim_start_matches("r#").to_string()).collect();
        let target: Vec<String> = set.iter().map(|&i| string_literal(&q(&t.columns[i].name))).collect();
        let cols: Vec<&str> = set.iter().map(|&i| t.columns[i].name.as_str()).collect();
        src.push_str(&format!(
            "#[doc = \" Inserts, or on a conflict over ({}) updates the other provided columns; returns the row as stored.\"]\npub {asyn}fn upsert_on_{}({db}, new: {new_name}) -> sqlweave::Result<{name}> {{\nOk(db.upsert_many::<{name}>(vec![new], &[{}]){aw}?.remove(0))\n}}\n",
            cols.join(", "),
            stem.join("_"),
            target.join(", ")
        ));
        src.push_str(&format!(
            "#[doc = \" `upsert_on_{}` for many rows, one statement per chunk.\"]\npub {asyn}fn upsert_many_on_{}({db}, rows: Vec<{new_name}>) -> sqlweave::Result<Vec<{name}>> {{\ndb.upsert_many::<{name}>(rows, &[{}]){aw}\n}}\n",
            stem.join("_"),
            stem.join("_"),
            target.join(", ")
        ));
    }
    items.push(src + "}\n");

    items.extend(emit_edges(ir, plans, e, models, f));
    items
}

/// The SQL that stamps a soft-delete column: the current time in the column's format.
fn soft_delete_now(ty: &ValueType, f: Flavor) -> &'static str {
    if f == Flavor::Postgres {
        return match ty {
            ValueType::I16 | ValueType::I32 | ValueType::I64 => "CAST(extract(epoch FROM now()) AS bigint)",
            ValueType::Date => "CURRENT_DATE",
            _ => "now()",
        };
    }
    match ty {
        ValueType::I16 | ValueType::I32 | ValueType::I64 => "unixepoch()",
        ValueType::F32 | ValueType::F64 | ValueType::Numeric => "julianday('now')",
        _ => "CURRENT_TIMESTAMP",
    }
}

fn emit_edges(ir: &Ir, plans: &[EntityPlan], e: &EntityPlan, models: &[Option<&ModelInfo>], f: Flavor) -> Vec<String> {
    let md = f.module();
    let (aw, get) = (f.aw(), f.get());
    let t = &ir.tables[e.table];
    let m = model(models, e.table);
    let name = &m.name;
    let node = format!("{name}Node");
    let with = format!("{name}With");
    let mut items = Vec::new();

    // XNode.
    let mut src = format!("#[doc = \" A `{}` row with the edges loaded by `{name}::load` (edges not asked for stay empty).\"]\n#[derive(Debug, Clone, PartialEq)]\n#[allow(dead_code)]\npub struct {node} {{\npub row: {name},\n", t.name);
    for edge in &e.edges {
        let tn = format!("{}Node", model(models, plans[edge.target].table).name);
        let ty = match edge.kind {
            EdgeKind::ToOne | EdgeKind::ReverseOne => format!("Option<Box<{tn}>>"),
            _ => format!("Vec<{tn}>"),
        };
        src.push_str(&format!("#[doc = \" Edge `{}` ({}).\"]\npub {}: {ty},\n", edge.name, describe(ir, plans, e, edge), names::ident(&edge.name)));
    }
    src.push_str("}\n");
    items.push(src);

    // XWith.
    let mut src = format!("#[doc = \" Which edges of `{}` to load, each with its own query (filter, order) and nested edges.\"]\n#[derive(Default)]\n#[allow(dead_code)]\npub struct {with} {{\n", t.name);
    for edge in &e.edges {
        let tm = &model(models, plans[edge.target].table).name;
        src.push_str(&format!("pub {}: Option<(sqlweave::Select<{tm}>, Box<{tm}With>)>,\n", names::ident(&edge.name)));
    }
    src.push_str("}\n");
    items.push(src);
    let mut src = format!("#[allow(dead_code)]\nimpl {with} {{\npub fn new() -> Self {{\nSelf::default()\n}}\n");
    for edge in &e.edges {
        let tm = &model(models, plans[edge.target].table).name;
        let id = names::ident(&edge.name);
        src.push_str(&format!("#[doc = \" Loads edge `{}`: the rows of `select`, with their edges `with`.\"]\npub fn {id}(mut self, select: sqlweave::Select<{tm}>, with: {tm}With) -> Self {{\nself.{id} = Some((select, Box::new(with)));\nself\n}}\n", edge.name));
    }
    items.push(src + "}\n");

    // X::load.
    let mutable = if e.edges.is_empty() { "" } else { "mut " };
    let mut body = format!("let {mutable}nodes: Vec<{node}> = rows.into_iter().map(|row| {node} {{ row");
    for edge in &e.edges {
        let empty = match edge.kind {
            EdgeKind::ToOne | EdgeKind::ReverseOne => "None",
            _ => "Vec::new()",
        };
        body.push_str(&format!(", {}: {empty}", names::ident(&edge.name)));
    }
    body.push_str(" }).collect();\n");
    for edge in &e.edges {
        let target = &plans[edge.target];
        let tt = &ir.tables[target.table];
        let tm = model(models, target.table);
        let id = names::ident(&edge.name);
        let lf = &m.fields[edge.local];
        let local_nullable = t.columns[edge.local].nullable;
        let key_ty = &lf.2;
        let parent_key = owned(format!("n.row.{}", lf.0), &lf.1);
        let parent_key = if local_nullable { parent_key } else { format!("Some({parent_key})") };
        let event = format!("({}, {})", string_literal(&t.name), string_literal(&format!("load.{}", edge.name)));
        let put = match edge.kind {
            EdgeKind::ToOne | EdgeKind::ReverseOne => format!("|n: &mut {node}, c| n.{id} = Some(Box::new(c))"),
            _ => format!("|n: &mut {node}, c| n.{id}.push(c)"),
        };
        body.push_str(&format!("if let Some((select, with)) = &with.{id} {{\n"));
        body.push_str(&format!("let keys: Vec<{key_ty}> = sqlweave::distinct_keys(nodes.iter().map(|n: &{node}| {parent_key}));\n"));
        match &edge.kind {
            EdgeKind::ManyToMany { join, join_local, join_remote } => {
                let j = &ir.tables[*join];
                let jq = q(&j.name);
                let from = format!(
                    "{} JOIN {jq} ON {jq}.{} = {}.{}",
                    q(&tt.name),
                    q(&j.columns[*join_remote].name),
                    q(&tt.name),
                    q(&tt.columns[edge.remote].name)
                );
                let key_col = format!("{jq}.{}", q(&j.columns[*join_local].name));
                let n = tt.columns.len();
                body.push_str(&format!(
                    "let pairs: Vec<({tm}, {key_ty})> = db.load_in({event}, select, {what}, {from}, {key_col}, &keys, |r| Ok((<{tm} as {md}::Entity>::from_row(r)?, r.{get}({n})?))){aw}?;\n",
                    tm = tm.name,
                    what = string_literal(&format!("{}, {key_col}", columns_of(tt))),
                    from = string_literal(&from),
                    key_col = string_literal(&key_col),
                ));
                body.push_str(&format!(
                    "let (children, child_keys): (Vec<{tm}>, Vec<{key_ty}>) = pairs.into_iter().unzip();\nlet children = {tm}::load(db, children, with){aw}?;\nsqlweave::distribute(&mut nodes, |n: &{node}| {parent_key}, children.into_iter().zip(child_keys).map(|(c, k)| (Some(k), c)), {put});\n",
                    tm = tm.name
                ));
            }
            _ => {
                let rf = &tm.fields[edge.remote];
                let child_key = owned(format!("c.row.{}", rf.0), &rf.1);
                let child_key = if tt.columns[edge.remote].nullable { child_key } else { format!("Some({child_key})") };
                let key_col = format!("{}.{}", q(&tt.name), q(&tt.columns[edge.remote].name));
                body.push_str(&format!(
                    "let children = db.load_in({event}, select, <{tm} as sqlweave::Table>::COLUMNS, <{tm} as sqlweave::Table>::TABLE, {key_col}, &keys, <{tm} as {md}::Entity>::from_row){aw}?;\nlet children = {tm}::load(db, children, with){aw}?;\nsqlweave::distribute(&mut nodes, |n: &{node}| {parent_key}, children.into_iter().map(|c| ({child_key}, c)), {put});\n",
                    tm = tm.name,
                    key_col = string_literal(&key_col),
                ));
            }
        }
        body.push_str("}\n");
    }
    body.push_str("Ok(nodes)\n");
    let unused = if e.edges.is_empty() { "_" } else { "" };
    let doc = "#[doc = \" Wraps `rows` in nodes and loads the edges `with` asks for: one query per edge and level (per chunk of keys), never one per row.\"]";
    let src = match f {
        Flavor::Sqlite => format!(
            "#[allow(dead_code)]\nimpl {name} {{\n{doc}\npub fn load({unused}db: &{md}::Db<'_>, rows: Vec<{name}>, {unused}with: &{with}) -> sqlweave::Result<Vec<{node}>> {{\n{body}}}\n}}\n"
        ),
        // Boxed: the loaders of two tables can call each other.
        Flavor::Postgres => format!(
            "#[allow(dead_code)]\nimpl {name} {{\n{doc}\npub fn load<'a>({unused}db: &'a {md}::Db<'_>, rows: Vec<{name}>, {unused}with: &'a {with}) -> std::pin::Pin<Box<dyn std::future::Future<Output = sqlweave::Result<Vec<{node}>>> + Send + 'a>> {{\nBox::pin(async move {{\n{body}}})\n}}\n}}\n"
        ),
    };
    items.push(src);
    items
}

fn columns_of(t: &crate::ir::Table) -> String {
    t.columns.iter().map(|c| format!("{}.{}", q(&t.name), q(&c.name))).collect::<Vec<_>>().join(", ")
}

fn describe(ir: &Ir, plans: &[EntityPlan], e: &EntityPlan, edge: &super::entity::Edge) -> String {
    let t = &ir.tables[e.table];
    let tt = &ir.tables[plans[edge.target].table];
    match &edge.kind {
        EdgeKind::ToOne => format!("to one `{}` by `{}.{}`; config key `{}`", tt.name, t.name, t.columns[edge.local].name, edge.key),
        EdgeKind::ReverseOne => format!("to one `{}` by `{}.{}`; config key `{}`", tt.name, tt.name, tt.columns[edge.remote].name, edge.key),
        EdgeKind::ToMany => format!("to many `{}` by `{}.{}`; config key `{}`", tt.name, tt.name, tt.columns[edge.remote].name, edge.key),
        EdgeKind::ManyToMany { join, .. } => format!("many to many `{}` through `{}`; config key `{}`", tt.name, ir.tables[*join].name, edge.key),
    }
}
