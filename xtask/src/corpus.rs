//! The records of the sqlc corpus (`shared/corpus/sqlc`, see its README.md), read as JSON lines.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use sqlweave_core::ir::Engine;

/// The normalized type of one parameter or column, as read back from sqlc's Go output.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Norm {
    /// int16, int32, int64, float32, float64, bool, text, bytes, timestamp, date, time, uuid,
    /// json, numeric, interval, array, enum, other.
    pub base: String,
    /// `None` when the Go type does not say.
    pub nullable: Option<bool>,
    /// MySQL unsigned integer.
    pub unsigned: bool,
    /// Element type of an array.
    pub elem: Option<Box<Norm>>,
    /// Why the base is imprecise (for example `time.Time stands for date, time and timestamp`).
    pub note: Option<String>,
    /// sqlc could not infer the type (Go `any`).
    pub unknown: bool,
    /// Go struct of a `sqlc.embed` column.
    #[serde(rename = "struct")]
    pub struct_name: Option<String>,
}

/// A parameter or a result column of a record.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Item {
    /// SQL-side name.
    pub name: String,
    pub go_type: String,
    pub norm: Norm,
    /// A `sqlc.embed(table)` column: stands for all the columns of that table.
    pub embed: bool,
}

/// One line of `cases.jsonl`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Case {
    pub case: String,
    pub variant: String,
    pub contexts: Option<Vec<String>>,
    pub engine: String,
    pub driver: String,
    pub has_overrides: bool,
    pub options: serde_json::Map<String, serde_json::Value>,
    pub schema_sql: String,
    pub query_name: String,
    pub query_kind: String,
    pub query_sql: String,
    pub params: Vec<Item>,
    pub columns: Vec<Item>,
    /// Filled in after reading: `case/variant/query_name`, with `@driver` appended when that alone
    /// is not unique in the corpus.
    #[serde(skip)]
    pub id: String,
    /// Read from `analyze_cases.jsonl` (sqlc's analyzer JSON: SQL type names and NOT NULL per
    /// item) rather than from generated Go code.
    #[serde(skip)]
    pub from_analyze: bool,
}

/// A parameter's or column's description in `analyze_cases.jsonl`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AnalyzeItem {
    name: String,
    data_type: String,
    not_null: bool,
    is_array: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AnalyzeParam {
    column: AnalyzeItem,
}

/// One line of `analyze_cases.jsonl`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AnalyzeRecord {
    case: String,
    variant: String,
    contexts: Option<Vec<String>>,
    engine: String,
    schema_sql: String,
    query_name: String,
    query_kind: String,
    query_sql: String,
    columns: Vec<AnalyzeItem>,
    params: Vec<AnalyzeParam>,
}

/// The corpus base of a SQL type name as sqlc's analyzer prints it; `None` for a name outside
/// the normalized set.
pub fn sql_type_base(engine: &str, data_type: &str) -> Option<&'static str> {
    let t = data_type.trim().to_ascii_lowercase();
    let t = t.split('(').next().unwrap_or("").trim();
    let t = t.strip_prefix("pg_catalog.").unwrap_or(t);
    Some(match (engine, t) {
        ("sqlite", "integer" | "int" | "bigint") => "int64",
        ("sqlite", "real" | "double" | "float") => "float64",
        (_, "smallint" | "int2" | "smallserial" | "tinyint") => "int16",
        (_, "integer" | "int" | "int4" | "serial" | "mediumint") => "int32",
        (_, "bigint" | "int8" | "bigserial") => "int64",
        ("mysql", "float") | (_, "real" | "float4") => "float32",
        (_, "double" | "double precision" | "float8" | "float") => "float64",
        (_, "numeric" | "decimal") => "numeric",
        (_, "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext" | "name" | "sql_identifier" | "character_data" | "yes_or_no" | "tinytext" | "mediumtext" | "longtext") => "text",
        (_, "bool" | "boolean") => "bool",
        (_, "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary") => "bytes",
        (_, "timestamp" | "timestamptz" | "timestamp with time zone" | "timestamp without time zone" | "datetime") => "timestamp",
        (_, "date") => "date",
        (_, "time" | "timetz" | "time without time zone") => "time",
        (_, "uuid") => "uuid",
        (_, "json" | "jsonb") => "json",
        (_, "interval") => "interval",
        _ => return None,
    })
}

impl AnalyzeItem {
    fn to_item(&self, engine: &str) -> Item {
        let base = sql_type_base(engine, &self.data_type);
        let scalar = Norm {
            base: base.unwrap_or("other").into(),
            nullable: Some(!self.not_null),
            unknown: base.is_none(),
            ..Norm::default()
        };
        let norm = if self.is_array {
            Norm { base: "array".into(), nullable: Some(!self.not_null), elem: Some(Box::new(Norm { nullable: None, ..scalar })), ..Norm::default() }
        } else {
            scalar
        };
        Item { name: self.name.clone(), go_type: self.data_type.clone(), norm, embed: false }
    }
}

/// The records of `analyze_cases.jsonl` as cases (none when the file is absent), with ids
/// `analyze/<case>/<variant>/<query_name>`.
pub fn read_analyze_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let path = dir.join("analyze_cases.jsonl");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let recs: Vec<AnalyzeRecord> = read_jsonl(&path)?;
    let mut out: Vec<Case> = recs
        .into_iter()
        .map(|r| Case {
            columns: r.columns.iter().map(|c| c.to_item(&r.engine)).collect(),
            // The analyzer describes a `sqlc.slice(name)` parameter by its element; the generated
            // code (and the comparison) takes a list of them.
            params: r
                .params
                .iter()
                .map(|p| {
                    let mut it = p.column.to_item(&r.engine);
                    if !p.column.name.is_empty() && r.query_sql.contains(&format!("sqlc.slice({})", p.column.name)) {
                        let elem = Norm { nullable: None, ..it.norm.clone() };
                        it.norm = Norm { base: "array".into(), nullable: Some(false), elem: Some(Box::new(elem)), ..Norm::default() };
                    }
                    it
                })
                .collect(),
            case: format!("analyze/{}", r.case),
            variant: r.variant,
            contexts: r.contexts,
            driver: "analyze".into(),
            engine: r.engine,
            schema_sql: r.schema_sql,
            query_name: r.query_name,
            query_kind: r.query_kind,
            query_sql: r.query_sql,
            from_analyze: true,
            ..Case::default()
        })
        .collect();
    assign_ids(&mut out, |r| format!("{}/{}/{}", r.case, r.variant, r.query_name), |r| r.engine.clone(), |r, id| r.id = id);
    Ok(out)
}

/// One query of an error record.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ErrorQuery {
    pub file: String,
    pub query_name: String,
    pub query_sql: String,
}

/// One line of `error_cases.jsonl`: a fixture sqlc rejects.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ErrorCase {
    pub case: String,
    pub variant: String,
    pub contexts: Option<Vec<String>>,
    pub engine: String,
    pub command: String,
    pub schema_sql: String,
    pub queries: Vec<ErrorQuery>,
    pub expected_errors: serde_json::Map<String, serde_json::Value>,
    #[serde(skip)]
    pub id: String,
}

impl ErrorCase {
    /// sqlc's expected error text (the first of its per-context messages).
    pub fn expected_error(&self) -> String {
        self.expected_errors.values().next().and_then(|v| v.as_str()).unwrap_or("").to_string()
    }

    /// Whether the expected error is about SQL at all. Errors from sqlc's Go code generator
    /// (name clashes, driver options), its config validation and `vet` rules are not: sqlweave
    /// has none of these, so such records are "not applicable".
    pub fn is_sql_error(&self) -> bool {
        let e = self.expected_error();
        self.command != "vet" && !e.contains("error generating code") && !e.contains("error validating")
    }

    /// The query text to analyse: the annotated queries, in order.
    pub fn queries_sql(&self) -> String {
        self.queries.iter().map(|q| q.query_sql.trim_end()).collect::<Vec<_>>().join("\n\n") + "\n"
    }

    /// The schema text to analyse. Some fixtures use one file for schema and queries; their
    /// annotated queries are cut out of the schema (they are analysed as queries).
    pub fn schema_only_sql(&self) -> String {
        let mut s = self.schema_sql.clone();
        if s.contains("name:") {
            for q in &self.queries {
                let t = q.query_sql.trim_end();
                if !t.is_empty() {
                    s = s.replace(t, "");
                }
            }
        }
        s
    }
}

pub fn parse_engine(s: &str) -> Option<Engine> {
    match s {
        "sqlite" => Some(Engine::Sqlite),
        "postgresql" => Some(Engine::Postgresql),
        "mysql" => Some(Engine::Mysql),
        _ => None,
    }
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?);
    }
    Ok(out)
}

/// Gives every record its id: `case/variant/name`, made unique with `@driver` (and then with
/// `#n`) where the corpus repeats it.
fn assign_ids<T>(recs: &mut [T], base: impl Fn(&T) -> String, extra: impl Fn(&T) -> String, set: impl Fn(&mut T, String)) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in recs.iter() {
        *counts.entry(base(r)).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in recs.iter_mut() {
        let b = base(r);
        let mut id = if counts[&b] > 1 { format!("{b}@{}", extra(r)) } else { b };
        let n = seen.entry(id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            id = format!("{id}#{n}");
        }
        set(r, id);
    }
}

pub fn read_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let mut recs: Vec<Case> = read_jsonl(&dir.join("cases.jsonl"))?;
    assign_ids(
        &mut recs,
        |r| format!("{}/{}/{}", r.case, r.variant, r.query_name),
        |r| r.driver.clone(),
        |r, id| r.id = id,
    );
    Ok(recs)
}

pub fn read_error_cases(dir: &Path) -> Result<Vec<ErrorCase>, String> {
    let mut recs: Vec<ErrorCase> = read_jsonl(&dir.join("error_cases.jsonl"))?;
    assign_ids(&mut recs, |r| format!("{}/{}", r.case, r.variant), |r| r.engine.clone(), |r, id| r.id = id);
    Ok(recs)
}

/// Generator options that change the types (or the names read back from Go) of a record.
pub const TYPE_CHANGING_OPTIONS: &[&str] = &["overrides", "rename"];

impl Case {
    pub fn is_managed_db_only(&self) -> bool {
        self.contexts.as_deref() == Some(&["managed-db".to_string()][..])
    }
    pub fn has_type_overrides(&self) -> bool {
        self.has_overrides || self.options.keys().any(|k| TYPE_CHANGING_OPTIONS.contains(&k.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_records_become_cases_with_bases_nullability_and_lists() {
        let dir = tempfile::tempdir().unwrap();
        let line = r#"{"case": "analyze_params", "variant": "postgresql", "contexts": ["base"], "engine": "postgresql", "schema_sql": "", "query_name": "ByIds", "query_kind": ":many", "query_sql": "-- name: ByIds :many\nSELECT id, bio FROM u WHERE id = ANY(sqlc.slice(ids)) AND made > $2;", "columns": [{"name": "id", "data_type": "bigserial", "not_null": true, "is_array": false}, {"name": "bio", "data_type": "text", "not_null": false, "is_array": false}, {"name": "pt", "data_type": "point", "not_null": false, "is_array": false}], "params": [{"number": 1, "column": {"name": "ids", "data_type": "bigserial", "not_null": true}}, {"number": 2, "column": {"name": "made", "data_type": "timestamptz", "not_null": true}}]}"#;
        std::fs::write(dir.path().join("analyze_cases.jsonl"), format!("{line}\n")).unwrap();
        let cases = read_analyze_cases(dir.path()).unwrap();
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!(c.id, "analyze/analyze_params/postgresql/ByIds");
        assert!(c.from_analyze);
        let cols: Vec<(&str, Option<bool>, bool)> = c.columns.iter().map(|i| (i.norm.base.as_str(), i.norm.nullable, i.norm.unknown)).collect();
        assert_eq!(cols, [("int64", Some(false), false), ("text", Some(true), false), ("other", Some(true), true)]);
        assert_eq!(c.params[0].norm.base, "array");
        assert_eq!(c.params[0].norm.elem.as_ref().unwrap().base, "int64");
        assert_eq!((c.params[1].norm.base.as_str(), c.params[1].norm.nullable), ("timestamp", Some(false)));
        assert!(read_analyze_cases(&dir.path().join("absent")).unwrap().is_empty());
    }

    #[test]
    fn sql_type_names_map_per_engine() {
        assert_eq!(sql_type_base("sqlite", "INTEGER"), Some("int64"));
        assert_eq!(sql_type_base("postgresql", "integer"), Some("int32"));
        assert_eq!(sql_type_base("mysql", "varchar(255)"), Some("text"));
        assert_eq!(sql_type_base("mysql", "float"), Some("float32"));
        assert_eq!(sql_type_base("postgresql", "float"), Some("float64"));
        assert_eq!(sql_type_base("postgresql", "pg_catalog.int8"), Some("int64"));
        assert_eq!(sql_type_base("postgresql", "tsvector"), None);
    }
}
