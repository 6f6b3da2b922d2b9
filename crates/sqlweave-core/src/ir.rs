//! The analyzed form of a project: the contract between the analyzer and every code generator.
//!
//! Architecture invariant: code generators see only these types, never parser ASTs. The IR is plain
//! data (serde), printed by `sqlweave analyze --json`, so tools in other languages can consume it.
//! Bump [`IR_VERSION`] on any incompatible change.

use serde::{Deserialize, Serialize};

/// Version of the IR's JSON shape.
pub const IR_VERSION: u32 = 2;

/// The database engine a `[[sql]]` block targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Sqlite,
    Postgresql,
    Mysql,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgresql => "postgresql",
            Engine::Mysql => "mysql",
        }
    }
    /// The engine's name as its documentation writes it.
    pub fn display_name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgresql => "PostgreSQL",
            Engine::Mysql => "MySQL",
        }
    }
}

/// Engine-neutral logical value type. Back ends map these to driver types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum ValueType {
    Bool,
    I16,
    I32,
    I64,
    /// MySQL unsigned integers (width in bits: 8, 16, 32, 64).
    Unsigned(u8),
    F32,
    F64,
    /// Exact decimal (Postgres numeric, MySQL decimal).
    Numeric,
    Text,
    Bytes,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Inet,
    /// PostgreSQL's internal single-byte type `"char"` (catalog columns such as
    /// `pg_class.relkind`), which drivers read as one signed byte; not `char(n)`, which is text.
    Char,
    /// A user-defined enum; the name is the catalog's type name.
    Enum(String),
    /// A user-defined composite type (`CREATE TYPE t AS (...)`, PostgreSQL); the name is the
    /// catalog's type name, its fields are in [`Ir::composites`].
    Composite(String),
    Array(Box<ValueType>),
    /// Only as the element of an [`ValueType::Array`]: the array may hold NULLs (`array_agg` of a
    /// nullable value). Back ends read such an array as `Vec<Option<T>>`.
    Nullable(Box<ValueType>),
    /// A value whose type the analyzer could not pin down (only where the engine permits any value,
    /// such as a SQLite column without a declared type).
    Any,
}

/// The kind annotation of a query (`-- name: X :kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryKind {
    One,
    Many,
    Exec,
    ExecRows,
    ExecLastId,
    CopyFrom,
    /// sqlc's batch kinds: the statement run once per item of a list, pipelined on one connection
    /// (PostgreSQL only). `:batchexec` returns each item's changed-row count, `:batchone` each
    /// item's row (or none), `:batchmany` each item's rows.
    BatchExec,
    BatchOne,
    BatchMany,
}

impl QueryKind {
    pub fn parse(s: &str) -> Option<QueryKind> {
        Some(match s {
            "one" => QueryKind::One,
            "many" => QueryKind::Many,
            "exec" => QueryKind::Exec,
            // sqlc's `:execresult` (Go's sql.Result) maps to the affected-row count.
            "execrows" | "execresult" => QueryKind::ExecRows,
            "execlastid" => QueryKind::ExecLastId,
            "copyfrom" => QueryKind::CopyFrom,
            "batchexec" => QueryKind::BatchExec,
            "batchone" => QueryKind::BatchOne,
            "batchmany" => QueryKind::BatchMany,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::One => "one",
            QueryKind::Many => "many",
            QueryKind::Exec => "exec",
            QueryKind::ExecRows => "execrows",
            QueryKind::ExecLastId => "execlastid",
            QueryKind::CopyFrom => "copyfrom",
            QueryKind::BatchExec => "batchexec",
            QueryKind::BatchOne => "batchone",
            QueryKind::BatchMany => "batchmany",
        }
    }
    /// Whether the generated function returns the statement's rows (so it needs columns).
    pub fn returns_rows(self) -> bool {
        matches!(self, QueryKind::One | QueryKind::Many | QueryKind::BatchOne | QueryKind::BatchMany)
    }
    /// Whether this is one of the batch kinds.
    pub fn is_batch(self) -> bool {
        matches!(self, QueryKind::BatchExec | QueryKind::BatchOne | QueryKind::BatchMany)
    }
}

/// Where a result column comes from, when it is a plain reference to a table column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub table: String,
    pub column: String,
}

/// A column: of a table model, or of a query's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The SQL-side name (as the database reports it).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ValueType,
    /// The declared type as written in the schema, when known (e.g. `VARCHAR(20)`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub db_type: Option<String>,
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
}

/// A parameter of a query, in argument order (order of first appearance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// The name the generated argument gets (SQL-side; back ends convert case).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ValueType,
    pub nullable: bool,
    /// A list parameter (`sqlc.slice`): bound as many values, an empty list matching no row.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub slice: bool,
}

/// One piece of a query's SQL as the back end sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fragment {
    /// Literal SQL text.
    Text(String),
    /// A placeholder for the parameter with this index into `Query::params`.
    Param(usize),
    /// A list parameter's placeholders (`?, ?, ?` at run time), index into `Query::params`.
    Slice(usize),
}

/// One analyzed query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// The annotated name, e.g. `GetAuthor`.
    pub name: String,
    pub kind: QueryKind,
    /// The file the query came from (as given in the config, relative to the config file).
    pub file: String,
    /// 1-based line of the query's `-- name:` annotation.
    pub line: u32,
    /// The SQL rendered for the engine's driver with positional placeholders (`?N` for SQLite,
    /// `$N` for PostgreSQL, `?` for MySQL). For queries with list parameters this is the rendering
    /// for one element per list; back ends expand `fragments` at run time instead.
    pub sql: String,
    pub fragments: Vec<Fragment>,
    pub params: Vec<Param>,
    pub columns: Vec<Column>,
    /// When the result columns are exactly one table's columns in order, that table's name: the
    /// back end reuses its model struct.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub model: Option<String>,
    /// Comment lines written above the query (after the annotation), for doc comments.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub comments: Vec<String>,
    /// The statement returns no row by design in some runs, not by error: an `INSERT … RETURNING`
    /// whose conflict clause skips the row (`ON CONFLICT DO NOTHING`, `DO UPDATE … WHERE`, SQLite's
    /// `INSERT OR IGNORE`, MySQL's `INSERT IGNORE`). Back ends return `Option<T>` for its `:one`.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub row_optional: bool,
}

/// A table (or view) of the catalog, as the back end sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The name as written in the schema (schema-qualified where not in the default schema).
    pub name: String,
    pub columns: Vec<Column>,
    /// Primary-key column names in key order (empty for views and tables without one).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub primary_key: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub is_view: bool,
    /// Computed columns: readable, never written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub generated: Vec<String>,
    /// Columns the database fills when an INSERT omits them: the SQLite rowid alias, serial and
    /// identity columns, AUTO_INCREMENT.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub auto: Vec<String>,
    /// Columns with a DEFAULT.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub defaults: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub foreign_keys: Vec<ForeignKey>,
    /// Column sets that are unique (UNIQUE constraints and the primary key).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub unique: Vec<Vec<String>>,
}

/// A foreign key: `columns` of this table reference `ref_columns` of `ref_table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: String,
    /// Empty when the reference names no columns (it then means the referenced primary key).
    pub ref_columns: Vec<String>,
}

/// A user-defined enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
}

/// A field of a composite type. PostgreSQL allows no NOT NULL on them: every field may be NULL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ValueType,
    /// The declared type as written (`varchar(20)`), when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub db_type: Option<String>,
    pub nullable: bool,
}

/// A user-defined composite type (`CREATE TYPE name AS (field type, ...)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeType {
    /// The name as written in the schema (schema-qualified where not in the default schema).
    pub name: String,
    pub fields: Vec<CompositeField>,
}

impl CompositeType {
    pub fn field(&self, name: &str) -> Option<&CompositeField> {
        self.fields.iter().find(|f| f.name == name).or_else(|| self.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name)))
    }
}

/// Everything one `[[sql]]` block produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ir {
    pub version: u32,
    pub engine: Engine,
    pub tables: Vec<Table>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub enums: Vec<EnumType>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub composites: Vec<CompositeType>,
    pub queries: Vec<Query>,
}

impl Query {
    /// Renders `fragments` with the given placeholder style, one element per list parameter.
    pub fn render_sql(fragments: &[Fragment], placeholder: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        for f in fragments {
            match f {
                Fragment::Text(t) => out.push_str(t),
                Fragment::Param(i) | Fragment::Slice(i) => out.push_str(&placeholder(*i)),
            }
        }
        out
    }
}
