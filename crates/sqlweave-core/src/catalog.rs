//! The catalog: tables, views and enums as the schema leaves them, built by replaying DDL in order.
//! Views are analysed by [`crate::analyze`] (their columns come from their query) and stored here
//! like tables.

use crate::ir::{self, ValueType};

/// A column of a table or view.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// The declared type as written (`VARCHAR(20)`), if any.
    pub declared: Option<String>,
    pub ty: ValueType,
    /// Whether the column may hold NULL (after the dialect's PRIMARY KEY rules).
    pub nullable: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub has_default: bool,
    /// A generated (computed) column: selectable, never written.
    pub generated: bool,
    /// Filled by the database when omitted (rowid alias, serial, identity, AUTO_INCREMENT).
    pub auto_increment: bool,
}

/// A foreign key of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The name as written in the schema (quotes removed).
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Unique column sets (single-column UNIQUE and table UNIQUE constraints, and the PK).
    pub unique: Vec<Vec<String>>,
    pub is_view: bool,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// Everything the schema defines, in definition order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub tables: Vec<Table>,
    pub enums: Vec<ir::EnumType>,
    /// Composite types (`CREATE TYPE t AS (...)`), in definition order.
    pub composites: Vec<ir::CompositeType>,
    /// Domains: name, base type, NOT NULL.
    pub domains: Vec<(String, ValueType, bool)>,
    /// User-defined functions (CREATE FUNCTION).
    pub functions: Vec<Function>,
    /// The schema loads extensions (CREATE EXTENSION), whose types the catalog does not know.
    pub has_extensions: bool,
    /// Types created with CREATE TYPE that are neither enums nor composites (range, base types): known
    /// to exist, without a value type.
    pub other_types: Vec<String>,
}

/// A user-defined function: its result type and NULL behaviour.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    /// The input arguments' types in order (`Any` where the catalog cannot tell).
    pub args: Vec<ValueType>,
    /// The input arguments' names, where declared (`""` otherwise), for named notation.
    pub arg_names: Vec<String>,
    /// A procedure (CREATE PROCEDURE): called with CALL, returns nothing.
    pub procedure: bool,
    /// OUT (and INOUT) arguments: the result's columns, by name, when the function has them.
    pub outs: Vec<(String, ValueType)>,
    pub returns: ValueType,
    /// RETURNS SETOF: usable in FROM.
    pub returns_set: bool,
    /// STRICT / RETURNS NULL ON NULL INPUT: NULL exactly when an argument is NULL (as far as
    /// the catalog can tell).
    pub strict: bool,
    /// A SQL-language body that returns exactly one row whose value is not NULL when no argument
    /// is (`AS $$ SELECT a + 1 $$`): the result is NULL only through a NULL argument.
    pub body_non_null: bool,
    /// `RETURNS anyelement` (or anycompatible): the result has the type of the arguments
    /// declared so, marked here by position.
    pub polymorphic: Option<Vec<bool>>,
}

impl Catalog {
    /// Looks a table or view up by name, case-insensitively; a schema-qualified name also matches
    /// its last part.
    pub fn table(&self, name: &str) -> Option<&Table> {
        let bare = name.rsplit('.').next().unwrap_or(name);
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
            .or_else(|| self.tables.iter().find(|t| t.name.rsplit('.').next().unwrap_or(&t.name).eq_ignore_ascii_case(bare)))
    }
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        let i = self.tables.iter().position(|t| t.name.eq_ignore_ascii_case(name))?;
        Some(&mut self.tables[i])
    }
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.tables.len();
        self.tables.retain(|t| !t.name.eq_ignore_ascii_case(name));
        before != self.tables.len()
    }
    /// Adds or replaces a table.
    pub fn put(&mut self, table: Table) {
        if let Some(t) = self.table_mut(&table.name) {
            *t = table;
        } else {
            self.tables.push(table);
        }
    }
    /// Resolves a declared type through user-defined enums and domains; `None` when it names
    /// none of them. Array forms (`mood[]`) resolve to arrays of the enum.
    pub fn user_type(&self, declared: &str) -> Option<(ValueType, bool)> {
        let d = declared.trim();
        if let Some(inner) = d.strip_suffix("[]") {
            return self.user_type(inner).map(|(t, _)| (ValueType::Array(Box::new(t)), false));
        }
        if let Some(c) = self.composite(d) {
            return Some((ValueType::Composite(c.name.clone()), false));
        }
        let bare = d.trim_matches('"');
        let last = bare.rsplit('.').next().unwrap_or(bare).trim_matches('"');
        if let Some(e) = self.enums.iter().find(|e| e.name.eq_ignore_ascii_case(bare) || e.name.rsplit('.').next().is_some_and(|n| n.eq_ignore_ascii_case(last))) {
            return Some((ValueType::Enum(e.name.clone()), false));
        }
        self.domains
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(bare) || n.rsplit('.').next().is_some_and(|n| n.eq_ignore_ascii_case(last)))
            .map(|(_, t, nn)| (t.clone(), *nn))
    }

    /// Looks a composite type up by name as a type reference writes it (`point`, `foo.point`,
    /// `"foo"."point"`, `public.point`). Unlike tables, `point` and `foo.point` are different
    /// types: a qualified reference matches only its schema's type; a bare one matches the
    /// default schema's, else the only composite of that name in any schema.
    pub fn composite(&self, name: &str) -> Option<&ir::CompositeType> {
        let n = normalize_type_name(name);
        if n.is_empty() {
            return None;
        }
        if let Some(c) = self.composites.iter().find(|c| c.name.eq_ignore_ascii_case(&n)) {
            return Some(c);
        }
        if n.contains('.') {
            return None;
        }
        let mut same_name = self.composites.iter().filter(|c| c.name.rsplit('.').next().is_some_and(|b| b.eq_ignore_ascii_case(&n)));
        match (same_name.next(), same_name.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    pub fn function(&self, name: &str) -> Option<&Function> {
        let bare = name.rsplit('.').next().unwrap_or(name);
        self.functions.iter().rev().find(|f| f.name.eq_ignore_ascii_case(name) || f.name.rsplit('.').next().is_some_and(|n| n.eq_ignore_ascii_case(bare)))
    }

    /// Names of all tables, for "did you mean" suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|t| t.name.as_str())
    }

    /// The IR's view of the catalog.
    pub fn to_ir(&self) -> Vec<ir::Table> {
        self.tables
            .iter()
            .map(|t| ir::Table {
                name: t.name.clone(),
                columns: t
                    .columns
                    .iter()
                    .map(|c| ir::Column {
                        name: c.name.clone(),
                        ty: c.ty.clone(),
                        db_type: c.declared.clone(),
                        nullable: c.nullable,
                        origin: None,
                    })
                    .collect(),
                primary_key: t.primary_key.clone(),
                is_view: t.is_view,
                generated: t.columns.iter().filter(|c| c.generated).map(|c| c.name.clone()).collect(),
                auto: t.columns.iter().filter(|c| c.auto_increment).map(|c| c.name.clone()).collect(),
                defaults: t.columns.iter().filter(|c| c.has_default).map(|c| c.name.clone()).collect(),
                foreign_keys: t
                    .foreign_keys
                    .iter()
                    .map(|f| ir::ForeignKey { columns: f.columns.clone(), ref_table: f.ref_table.clone(), ref_columns: f.ref_columns.clone() })
                    .collect(),
                unique: t.unique.clone(),
            })
            .collect()
    }
}

/// A type name as the catalog stores it: quotes removed, the default `public.` schema dropped.
pub fn normalize_type_name(name: &str) -> String {
    let n = name.trim().replace('"', "");
    match n.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("public.") => n[7..].to_string(),
        _ => n,
    }
}

/// The closest of `candidates` to `name` by edit distance, if close enough to suggest.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let lname = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lname, &c.to_ascii_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (name.chars().count() / 3).max(1) + usize::from(name.len() > 6);
    (d <= limit).then(|| c.to_string())
}

/// Edit distance where swapping two neighbouring letters counts as one edit, as typing errors
/// usually do (`nmae` is one edit from `name`): the optimal string alignment distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the distance table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposed_letters_are_one_edit() {
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("name", "name"), 0);
        assert_eq!(edit_distance("autor", "author"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "cab"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(did_you_mean("nmae", ["id", "name", "bio"].into_iter()), Some("name".into()));
        assert_eq!(did_you_mean("zzz", ["id", "name", "bio"].into_iter()), None);
    }

    #[test]
    fn suggestions() {
        let names = ["authors", "books", "Customer"];
        assert_eq!(did_you_mean("author", names.iter().copied()), Some("authors".into()));
        assert_eq!(did_you_mean("customers", names.iter().copied()), Some("Customer".into()));
        assert_eq!(did_you_mean("zzz", names.iter().copied()), None);
    }
}
