//! The entity layer's plan, shared by the back ends: which tables become entities, their key,
//! insert, update and upsert columns, the soft-delete column, and the edges derived from foreign
//! keys, with their names. Built from the IR and [`EntityOptions`] only; every name the options
//! use is checked against the IR here, and a wrong one is an error naming its config position.
//!
//! Edges (all from single-column foreign keys between two entities; composite foreign keys get
//! no edge):
//! - along a foreign key `posts.author_id → users.id`: `Post`'s to-one edge `author` (the
//!   column name without `_id`), and `User`'s to-many edge `posts` (the referencing table's
//!   name) — to-one `post` when the foreign key column is unique (one-to-one);
//! - when a table references the same table more than once, or itself, the reverse edge is
//!   `<table>_by_<column stem>` (`users_by_manager`);
//! - a join table (exactly two foreign keys, whose columns form its primary key or a unique set)
//!   gives each side a many-to-many edge named after the other table (`tags`, `posts`); through
//!   a join table between a table and itself: `<join table>_<column stem of the other side>`.
//!
//! Override a name in `[sql.entities.tables.<table>.edges]`: `"<fk column>" = "name"` for a
//! to-one edge along this table's key, `"<table>.<fk column>" = "name"` for the reverse edge of
//! that table's key, `"through.<join table>.<column referencing this table>" = "name"` for a
//! many-to-many edge.

use super::names::{self, Scope};
use super::{EntityOptions, Located};
use crate::ir::{Ir, Table, ValueType};

/// One entity (a table with a primary key, not skipped).
#[derive(Debug, Clone)]
pub struct EntityPlan {
    /// Index into `ir.tables`.
    pub table: usize,
    /// Column indexes of the primary key.
    pub key: Vec<usize>,
    /// Columns an insert may write: not generated, not auto.
    pub insert: Vec<usize>,
    /// Per insert column: whether it has a DEFAULT (so it may be omitted).
    pub defaulted: Vec<bool>,
    /// Columns a full update writes: not key, not generated.
    pub update: Vec<usize>,
    pub soft_delete: Option<usize>,
    /// Unique column sets (primary key included) made only of insert columns: upsert targets.
    pub upserts: Vec<Vec<usize>>,
    pub edges: Vec<Edge>,
    /// The snake_case name of the column module (`user`).
    pub module: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    /// Along this table's foreign key: at most one target row.
    ToOne,
    /// Reverse of another table's unique foreign key: at most one row.
    ReverseOne,
    /// Reverse of another table's foreign key.
    ToMany,
    /// Through a join table: `join` columns `join_local` (→ this table) and `join_remote`
    /// (→ the target).
    ManyToMany { join: usize, join_local: usize, join_remote: usize },
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub name: String,
    pub kind: EdgeKind,
    /// Index into the entity list.
    pub target: usize,
    /// The column of this table whose value is matched (FK column for ToOne, else the
    /// referenced column).
    pub local: usize,
    /// The column of the target table matched against it (for ManyToMany: the target's
    /// referenced column).
    pub remote: usize,
    /// The key a user writes in the config to rename it.
    pub key: String,
}

/// Plans every entity, or an error naming the config position.
/// `exclude`: tables the back end has no model struct for (they get no entity, like skipped ones).
pub fn plan(ir: &Ir, opts: &EntityOptions, exclude: &[&str]) -> Result<Vec<EntityPlan>, String> {
    // Every table named in the options must exist.
    for t in &opts.tables {
        let Some(table) = ir.tables.iter().find(|x| x.name == t.table.value) else {
            let known: Vec<&str> = ir.tables.iter().filter(|x| !x.is_view).map(|x| x.name.as_str()).collect();
            return Err(format!(
                "{}[sql.entities.tables] names table `{}`, which the schema does not define (tables: {})",
                t.table.at(),
                t.table.value,
                known.join(", ")
            ));
        };
        if !t.skip && (table.is_view || table.primary_key.is_empty()) {
            return Err(format!(
                "{}table `{}` has no primary key, so it gets no entity layer; remove its options or set `skip = true`",
                t.table.at(),
                table.name
            ));
        }
        if let Some(n) = &t.name {
            let ok = names::pascal_case(&n.value) == n.value && !n.value.is_empty() && !n.value.starts_with(|c: char| c.is_ascii_digit());
            if !ok {
                return Err(format!("{}entity name `{}` must be a PascalCase Rust identifier", n.at(), n.value));
            }
        }
        if let Some(sd) = &t.soft_delete {
            match table.columns.iter().find(|c| c.name == sd.value) {
                None => return Err(unknown_column(sd, table, "soft_delete")),
                Some(c) if !c.nullable => {
                    return Err(format!(
                        "{}soft_delete column `{}.{}` is NOT NULL; it must be nullable (NULL: not deleted)",
                        sd.at(),
                        table.name,
                        c.name
                    ))
                }
                Some(_) => {}
            }
        }
    }

    let mut out = Vec::new();
    let mut modules = Scope::default();
    for (ti, t) in ir.tables.iter().enumerate() {
        let o = opts.table(&t.name);
        if t.is_view || t.primary_key.is_empty() || o.is_some_and(|o| o.skip) || exclude.contains(&t.name.as_str()) {
            continue;
        }
        let col = |n: &str| t.columns.iter().position(|c| c.name == n);
        let key: Vec<usize> = t.primary_key.iter().filter_map(|k| col(k)).collect();
        if key.len() != t.primary_key.len() {
            continue;
        }
        let generated = |i: usize| t.generated.contains(&t.columns[i].name);
        let auto = |i: usize| t.auto.contains(&t.columns[i].name);
        let insert: Vec<usize> = (0..t.columns.len()).filter(|&i| !generated(i) && !auto(i)).collect();
        let defaulted = insert.iter().map(|&i| t.defaults.contains(&t.columns[i].name)).collect();
        let update = (0..t.columns.len()).filter(|&i| !generated(i) && !key.contains(&i)).collect();
        let soft_delete = o.and_then(|o| o.soft_delete.as_ref()).and_then(|s| col(&s.value));
        let mut upserts: Vec<Vec<usize>> = Vec::new();
        for set in std::iter::once(&t.primary_key).chain(t.unique.iter()) {
            let idx: Vec<usize> = set.iter().filter_map(|n| col(n)).collect();
            if idx.len() == set.len() && idx.iter().all(|i| insert.contains(i)) && !upserts.contains(&idx) {
                upserts.push(idx);
            }
        }
        let model = o.and_then(|o| o.name.as_ref()).map(|n| n.value.clone()).unwrap_or_else(|| names::model_name(&t.name));
        let module = modules.claim(&names::value_name(&names::snake_case(&model), "entity"));
        out.push(EntityPlan { table: ti, key, insert, defaulted, update, soft_delete, upserts, edges: Vec::new(), module });
    }

    plan_edges(ir, &mut out);

    // Edge names: defaults, then the overrides, then de-duplication per entity.
    for e in out.iter_mut() {
        let t = &ir.tables[e.table];
        if let Some(o) = opts.table(&t.name) {
            for (k, v) in &o.edges {
                let Some(edge) = e.edges.iter_mut().find(|x| x.key == k.value) else {
                    let keys: Vec<&str> = e.edges.iter().map(|x| x.key.as_str()).collect();
                    return Err(format!(
                        "{}table `{}` has no edge `{}` (its edge keys: {})",
                        k.at(),
                        t.name,
                        k.value,
                        if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
                    ));
                };
                if names::snake_case(&v.value) != v.value || v.value.is_empty() || v.value.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(format!("{}edge name `{}` must be a snake_case Rust identifier", v.at(), v.value));
                }
                edge.name = v.value.clone();
            }
        }
        let mut scope = Scope::with_reserved(&["row"]);
        for edge in e.edges.iter_mut() {
            edge.name = scope.claim(&names::value_name(&edge.name, "edge"));
        }
    }
    Ok(out)
}

fn unknown_column(l: &Located, t: &Table, what: &str) -> String {
    let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    format!("{}{what} names column `{}`, which table `{}` does not have (columns: {})", l.at(), l.value, t.name, cols.join(", "))
}

/// `author_id` → `author`, `parentId` → `parent`, `owner` → `owner_ref`.
fn stem(column: &str) -> String {
    let s = names::snake_case(column);
    for suffix in ["_id", "_key", "_fk"] {
        if let Some(x) = s.strip_suffix(suffix) {
            if !x.is_empty() {
                return x.to_string();
            }
        }
    }
    format!("{s}_ref")
}

/// Hashable key types only: edges are grouped by key value.
fn groupable(ty: &ValueType) -> bool {
    !matches!(ty, ValueType::F32 | ValueType::F64 | ValueType::Numeric | ValueType::Json | ValueType::Any | ValueType::Array(_))
}

fn plan_edges(ir: &Ir, ents: &mut [EntityPlan]) {
    let entity_of = |table: &str, ents: &[EntityPlan]| ents.iter().position(|e| ir.tables[e.table].name == table);
    // Single-column foreign keys between entities: (from entity, from column, to entity, to column).
    struct Fk {
        from: usize,
        col: usize,
        to: usize,
        ref_col: usize,
        unique: bool,
    }
    let mut fks = Vec::new();
    for (ei, e) in ents.iter().enumerate() {
        let t = &ir.tables[e.table];
        for fk in &t.foreign_keys {
            if fk.columns.len() != 1 {
                continue;
            }
            let Some(to) = entity_of(&fk.ref_table, ents) else { continue };
            let rt = &ir.tables[ents[to].table];
            let ref_name = match fk.ref_columns.first() {
                Some(c) => c.clone(),
                None if rt.primary_key.len() == 1 => rt.primary_key[0].clone(),
                None => continue,
            };
            let (Some(col), Some(ref_col)) =
                (t.columns.iter().position(|c| c.name == fk.columns[0]), rt.columns.iter().position(|c| c.name == ref_name))
            else {
                continue;
            };
            if !groupable(&t.columns[col].ty) || t.columns[col].ty != rt.columns[ref_col].ty {
                continue;
            }
            let unique = t.unique.iter().chain(std::iter::once(&t.primary_key)).any(|u| u.len() == 1 && u[0] == fk.columns[0]);
            fks.push(Fk { from: ei, col, to, ref_col, unique });
        }
    }
    for fk in &fks {
        let ft = &ir.tables[ents[fk.from].table];
        let tt = &ir.tables[ents[fk.to].table];
        let col_name = &ft.columns[fk.col].name;
        let ambiguous = fk.from == fk.to || fks.iter().filter(|x| x.from == fk.from && x.to == fk.to).count() > 1;
        ents[fk.from].edges.push(Edge {
            name: stem(col_name),
            kind: EdgeKind::ToOne,
            target: fk.to,
            local: fk.col,
            remote: fk.ref_col,
            key: col_name.clone(),
        });
        let base = if fk.unique { names::snake_case(&names::model_name(&ft.name)) } else { names::snake_case(&ft.name) };
        let name = if ambiguous { format!("{base}_by_{}", stem(col_name)) } else { base };
        let _ = tt;
        ents[fk.to].edges.push(Edge {
            name,
            kind: if fk.unique { EdgeKind::ReverseOne } else { EdgeKind::ToMany },
            target: fk.from,
            local: fk.ref_col,
            remote: fk.col,
            key: format!("{}.{}", ft.name, col_name),
        });
    }
    // Join tables: exactly two of those foreign keys, together unique.
    for (ji, j) in ents.iter().enumerate().map(|(i, e)| (i, &ir.tables[e.table])).collect::<Vec<_>>() {
        let own: Vec<&Fk> = fks.iter().filter(|f| f.from == ji).collect();
        if own.len() != 2 || j.foreign_keys.len() != 2 {
            continue;
        }
        let pair = [&j.columns[own[0].col].name, &j.columns[own[1].col].name];
        let together_unique = std::iter::once(&j.primary_key).chain(j.unique.iter()).any(|u| u.len() == 2 && pair.iter().all(|c| u.contains(c)));
        if !together_unique {
            continue;
        }
        for (a, b) in [(own[0], own[1]), (own[1], own[0])] {
            let target_table = &ir.tables[ents[b.to].table];
            let name = if a.to == b.to {
                format!("{}_{}", names::snake_case(&j.name), stem(&j.columns[b.col].name))
            } else {
                names::snake_case(&target_table.name)
            };
            let key = format!("through.{}.{}", j.name, j.columns[a.col].name);
            let edge = Edge {
                name,
                kind: EdgeKind::ManyToMany { join: ents[ji].table, join_local: a.col, join_remote: b.col },
                target: b.to,
                local: a.ref_col,
                remote: b.ref_col,
                key,
            };
            ents[a.to].edges.push(edge);
        }
    }
}
