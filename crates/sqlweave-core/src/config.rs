//! `sqlweave.toml`: one `[[sql]]` block per database. Paths are relative to the config file.
//!
//! An existing sqlc config (`sqlc.yaml`, `sqlc.yml` or `sqlc.json`, version 2 or 1) is read too, so
//! sqlc users can switch without rewriting anything: each `sql:` entry becomes a [`SqlBlock`] whose
//! output is `<gen.go.out>/db.rs` (version 1: each `packages:` entry, output `<path>/db.rs`). Keys sqlweave has no use for (Go package names, plugins, rules,
//! overrides) are ignored there, whereas `sqlweave.toml` rejects unknown keys so typos surface.
//!
//! Every parse error carries the position the underlying parser reports ([`ConfigError`]), so the
//! command line can print `sqlweave.toml:3:1: unknown field ...`.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::diag::Pos;
use crate::ir::Engine;

/// The config files looked for in a directory, in order of preference.
pub const CONFIG_FILE_NAMES: [&str; 4] = ["sqlweave.toml", "sqlc.yaml", "sqlc.yml", "sqlc.json"];

/// The first of [`CONFIG_FILE_NAMES`] that exists in `dir`.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILE_NAMES.iter().map(|name| dir.join(name)).find(|p| p.is_file())
}

/// The syntax of a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFormat {
    /// `sqlweave.toml`.
    Toml,
    /// An sqlc version 2 config in YAML.
    SqlcYaml,
    /// An sqlc version 2 config in JSON.
    SqlcJson,
}

impl ConfigFormat {
    /// Chooses by extension: `.yaml`/`.yml` are sqlc YAML, `.json` is sqlc JSON, anything else TOML.
    pub fn from_path(path: &Path) -> ConfigFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("yaml" | "yml") => ConfigFormat::SqlcYaml,
            Some("json") => ConfigFormat::SqlcJson,
            _ => ConfigFormat::Toml,
        }
    }
}

/// A config file that could not be understood: the message and, where the parser knows it, the
/// position in the config text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub pos: Option<Pos>,
    pub message: String,
}

impl ConfigError {
    fn new(pos: Option<Pos>, message: impl Into<String>) -> Self {
        ConfigError { pos, message: message.into() }
    }
}

impl std::fmt::Display for ConfigError {
    /// `line:col: message`, or just the message when the position is unknown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}: {}", p.line, p.col, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Which Rust crate date and time columns map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimeCrate {
    #[default]
    Chrono,
    Time,
}

/// One `[[sql]]` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlBlock {
    pub engine: Engine,
    /// Schema files or folders (a folder's `.sql` files are applied in file-name order).
    #[serde(deserialize_with = "one_or_many")]
    pub schema: Vec<PathBuf>,
    /// Query files or folders.
    #[serde(deserialize_with = "one_or_many")]
    pub queries: Vec<PathBuf>,
    /// The generated Rust module.
    pub out: PathBuf,
    /// Queries with more parameters than this take a `XParams` struct (default 4; 0 = never).
    #[serde(default = "default_param_limit")]
    pub query_parameter_limit: usize,
    /// Crate for date/time types: `chrono` (default) or `time`.
    #[serde(default)]
    pub time: TimeCrate,
    /// `[sql.entities]`: when present (even empty), the module also gets the entity layer.
    #[serde(default)]
    pub entities: Option<EntitiesConfig>,
    /// SQLite: also generate `Prepared<'c>`, which holds each query's statement once prepared on
    /// one connection (no statement-cache lookup per call).
    #[serde(default)]
    pub prepared: bool,
}

/// `[sql.entities]`: the entity layer (per-table CRUD, typed filters, edges, eager loading,
/// hooks), generated into the same module as the queries. Names are checked against the schema
/// when the module is generated; the spans locate the error.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EntitiesConfig {
    /// Per-table options, keyed by the table's name as written in the schema.
    #[serde(default)]
    pub tables: std::collections::BTreeMap<toml::Spanned<String>, EntityTableConfig>,
    /// Line and column of each span start above, filled in when the config is parsed.
    #[serde(skip)]
    pub positions: std::collections::BTreeMap<usize, Pos>,
}

/// `[sql.entities.tables.<table>]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EntityTableConfig {
    /// The model struct's name instead of the one derived from the table name.
    pub name: Option<toml::Spanned<String>>,
    /// The soft-delete column: `delete` sets it to the current time and queries skip rows where
    /// it is set.
    pub soft_delete: Option<toml::Spanned<String>>,
    /// No entity layer for this table (its model struct and queries stay).
    #[serde(default)]
    pub skip: bool,
    /// Edge names: `"<fk column>" = "name"` names the edge along this table's foreign key;
    /// `"<table>.<fk column>" = "name"` names the reverse edge from that table's foreign key to
    /// this one; `"<join table>" = "name"` names a many-to-many edge through that join table.
    #[serde(default)]
    pub edges: std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
}

impl EntitiesConfig {
    /// The position of a name of this config in the config text (when known).
    pub fn pos<T>(&self, s: &toml::Spanned<T>) -> Option<Pos> {
        self.positions.get(&s.span().start).copied()
    }

    fn locate(&mut self, text: &str) {
        let mut starts = Vec::new();
        for (k, t) in &self.tables {
            starts.push(k.span().start);
            starts.extend(t.name.iter().chain(t.soft_delete.iter()).map(|s| s.span().start));
            for (ek, ev) in &t.edges {
                starts.push(ek.span().start);
                starts.push(ev.span().start);
            }
        }
        self.positions = starts.into_iter().map(|s| (s, pos_at(text, s))).collect();
    }
}

impl SqlBlock {
    /// A block with every optional key at its default.
    pub fn new(engine: Engine, schema: Vec<PathBuf>, queries: Vec<PathBuf>, out: PathBuf) -> SqlBlock {
        SqlBlock {
            engine,
            schema,
            queries,
            out,
            query_parameter_limit: default_param_limit(),
            time: TimeCrate::default(),
            entities: None,
            prepared: false,
        }
    }
}

fn default_param_limit() -> usize {
    4
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    })
}

/// A whole config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub sql: Vec<SqlBlock>,
    /// Directory the config was read from; paths in blocks are relative to it.
    #[serde(skip)]
    pub dir: PathBuf,
}

impl Config {
    /// Parses `sqlweave.toml` text. Errors start with the line and column TOML reports.
    pub fn parse(text: &str, dir: &Path) -> Result<Config, String> {
        Config::parse_as(text, ConfigFormat::Toml, dir).map_err(|e| e.to_string())
    }

    /// Parses config text of the given format; `dir` is the directory the paths are relative to.
    pub fn parse_as(text: &str, format: ConfigFormat, dir: &Path) -> Result<Config, ConfigError> {
        let sql = match format {
            ConfigFormat::Toml => {
                let mut c: Config = toml::from_str(text).map_err(|e| {
                    let pos = e.span().map(|s| pos_at(text, s.start));
                    // TOML messages can span lines ("invalid array\nexpected `]`"); keep one line.
                    let message: Vec<&str> = e.message().lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                    ConfigError::new(pos, message.join(": "))
                })?;
                if c.sql.is_empty() {
                    return Err(ConfigError::new(None, "the config has no [[sql]] block"));
                }
                for b in &mut c.sql {
                    if let Some(e) = &mut b.entities {
                        e.locate(text);
                    }
                }
                c.sql
            }
            ConfigFormat::SqlcYaml | ConfigFormat::SqlcJson => sqlc::parse(text, format)?,
        };
        for (i, block) in sql.iter().enumerate() {
            let out = block.out.to_string_lossy();
            if block.out.file_name().is_none() || out.ends_with(['/', '\\']) {
                return Err(ConfigError::new(
                    None,
                    format!("block {}: `out` must name a file, such as \"src/db.rs\" (it is \"{out}\")", i + 1),
                ));
            }
        }
        Ok(Config { sql, dir: dir.to_path_buf() })
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn pos_at(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos { line, col: before[line_start..].chars().count() as u32 + 1 }
}

/// sqlc's version 2 config, reduced to what sqlweave uses. No `deny_unknown_fields` here: an sqlc
/// config legitimately holds many keys (Go options, plugins, rules) that mean nothing to sqlweave.
mod sqlc {
    use super::{one_or_many, ConfigError, ConfigFormat, SqlBlock};
    use crate::diag::Pos;
    use crate::ir::Engine;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use std::path::PathBuf;

    /// First pass: only the version, so a version 1 file gets a clear message rather than an error
    /// about its (differently shaped) contents.
    #[derive(Deserialize)]
    struct Head {
        version: Option<Version>,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Number(u64),
    }

    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        sql: Vec<Block>,
    }

    #[derive(Deserialize)]
    struct Block {
        engine: Engine,
        #[serde(deserialize_with = "one_or_many")]
        schema: Vec<PathBuf>,
        #[serde(deserialize_with = "one_or_many")]
        queries: Vec<PathBuf>,
        gen: Gen,
    }

    #[derive(Deserialize)]
    struct Gen {
        go: Go,
    }

    #[derive(Deserialize)]
    struct Go {
        out: PathBuf,
        query_parameter_limit: Option<usize>,
    }

    /// The file sqlweave writes into sqlc's Go output directory.
    const OUT_FILE: &str = "db.rs";

    pub(super) fn parse(text: &str, format: ConfigFormat) -> Result<Vec<SqlBlock>, ConfigError> {
        let head: Head = from_str(text, format)?;
        let version = match head.version {
            Some(Version::Text(v)) => v.trim().to_string(),
            Some(Version::Number(v)) => v.to_string(),
            None => {
                return Err(ConfigError::new(
                    None,
                    "the sqlc config has no `version`; sqlweave reads versions \"1\" and \"2\"",
                ))
            }
        };
        match version.as_str() {
            "2" => {}
            "1" => return parse_v1(text, format),
            v => return Err(unsupported_version(v)),
        }
        let file: File = from_str(text, format).map_err(|mut e| {
            // The only key sqlweave needs that sqlc itself does not require is the Go output
            // directory: say why it is wanted.
            if ["missing field `gen`", "missing field `go`", "missing field `out`"].iter().any(|m| e.message.contains(m)) {
                e.message.push_str(" (sqlweave writes each block to `<gen.go.out>/db.rs`)");
            }
            e
        })?;
        if file.sql.is_empty() {
            return Err(ConfigError::new(None, "the sqlc config has no `sql` blocks"));
        }
        Ok(file
            .sql
            .into_iter()
            .map(|b| {
                let mut block = SqlBlock::new(b.engine, b.schema, b.queries, b.gen.go.out.join(OUT_FILE));
                if let Some(limit) = b.gen.go.query_parameter_limit {
                    block.query_parameter_limit = limit;
                }
                block
            })
            .collect())
    }

    fn unsupported_version(v: &str) -> ConfigError {
        ConfigError::new(
            None,
            format!(
                "sqlc config version \"{v}\" is not supported; sqlweave reads version \"2\" (a `sql:` list) and \"1\" (a `packages:` list)"
            ),
        )
    }

    /// sqlc's version 1 config: a `packages:` list whose entries name their Go output directory as
    /// `path` and whose engine defaults to PostgreSQL.
    #[derive(Deserialize)]
    struct FileV1 {
        #[serde(default)]
        packages: Vec<PackageV1>,
    }

    #[derive(Deserialize)]
    struct PackageV1 {
        #[serde(default = "postgresql")]
        engine: Engine,
        #[serde(deserialize_with = "one_or_many")]
        schema: Vec<PathBuf>,
        #[serde(deserialize_with = "one_or_many")]
        queries: Vec<PathBuf>,
        path: PathBuf,
        query_parameter_limit: Option<usize>,
    }

    fn postgresql() -> Engine {
        Engine::Postgresql
    }

    fn parse_v1(text: &str, format: ConfigFormat) -> Result<Vec<SqlBlock>, ConfigError> {
        let file: FileV1 = from_str(text, format).map_err(|mut e| {
            if e.message.contains("missing field `path`") {
                e.message.push_str(" (sqlweave writes each package to `<path>/db.rs`)");
            }
            e
        })?;
        if file.packages.is_empty() {
            return Err(ConfigError::new(None, "the sqlc config has no `packages`"));
        }
        Ok(file
            .packages
            .into_iter()
            .map(|p| {
                let mut block = SqlBlock::new(p.engine, p.schema, p.queries, p.path.join(OUT_FILE));
                if let Some(limit) = p.query_parameter_limit {
                    block.query_parameter_limit = limit;
                }
                block
            })
            .collect())
    }

    /// Deserializes YAML or JSON, with the position the parser reports split off the message.
    fn from_str<T: DeserializeOwned>(text: &str, format: ConfigFormat) -> Result<T, ConfigError> {
        match format {
            ConfigFormat::SqlcJson => serde_json::from_str(text).map_err(|e| {
                let (line, col) = (e.line(), e.column());
                let pos = (line > 0).then(|| Pos { line: line as u32, col: col.max(1) as u32 });
                let message = e.to_string().replacen(&format!(" at line {line} column {col}"), "", 1);
                ConfigError::new(pos, message)
            }),
            _ => serde_yaml_ng::from_str(text).map_err(|e| {
                let loc = e.location();
                let pos = loc.as_ref().map(|l| Pos { line: l.line() as u32, col: l.column() as u32 });
                let mut message = e.to_string();
                if let Some(l) = loc {
                    message = message.replacen(&format!(" at line {} column {}", l.line(), l.column()), "", 1);
                }
                ConfigError::new(pos, message)
            }),
        }
    }
}
/// A commented starter config, written by `sqlweave init`.
pub const STARTER_CONFIG: &str = r#"# sqlweave configuration. Paths are relative to this file.
# One [[sql]] block per database; each block generates one Rust module.

[[sql]]
# sqlite | postgresql | mysql
engine = "sqlite"
# Schema: .sql files, or folders of them (a migrations folder is applied in file-name order).
schema = ["schema.sql"]
# Queries: files or folders of annotated queries, e.g.
#   -- name: GetAuthor :one
#   SELECT * FROM authors WHERE id = ?;
queries = ["queries/"]
# The generated module (overwritten by `sqlweave generate`).
out = "src/db.rs"
# Queries with more parameters than this take a params struct (0 = never).
# query_parameter_limit = 4
# Date/time types: "chrono" or "time".
# time = "chrono"
# SQLite: also generate `Prepared<'c>`, one connection's statements kept between calls (the
# cost of hand-written code that holds its statements).
# prepared = false
# The entity layer (CRUD, filters, edges, eager loading, hooks) for every table with a primary
# key; it needs the `sqlweave` crate with the driver's feature. Per-table options:
#   [sql.entities.tables.posts]
#   soft_delete = "deleted_at"
# [sql.entities]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: ConfigFormat) -> Result<Config, ConfigError> {
        Config::parse_as(text, format, Path::new("/p"))
    }

    #[test]
    fn starter_config_parses() {
        let c = parse(STARTER_CONFIG, ConfigFormat::Toml).unwrap();
        assert_eq!(c.sql.len(), 1);
        assert!(!c.sql[0].prepared);
        // Every commented key, uncommented, is a key sqlweave reads.
        let keys: String = STARTER_CONFIG.lines().map(|l| l.strip_prefix("# ").filter(|r| r.starts_with(|ch: char| ch.is_ascii_lowercase()) && r.contains(" = ")).unwrap_or(l)).collect::<Vec<_>>().join("\n");
        assert!(parse(&keys, ConfigFormat::Toml).is_ok(), "{keys}");
        assert_eq!(c.sql[0].out, PathBuf::from("src/db.rs"));
        assert_eq!(c.dir, PathBuf::from("/p"));
    }

    #[test]
    fn toml_errors_are_located() {
        let text = "[[sql]]\nengine = \"sqlite\"\nschema = \"s.sql\"\nqueries = \"q.sql\"\nout = \"db.rs\"\n  outt = 1\n";
        let e = parse(text, ConfigFormat::Toml).unwrap_err();
        assert_eq!(e.pos, Some(Pos { line: 6, col: 3 }));
        assert!(e.message.contains("unknown field `outt`"), "{e}");
        let e = parse("[[sql]\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(1), "{e}");
        assert!(!e.message.contains('\n'), "{e}");
        let e = parse("", ConfigFormat::Toml).unwrap_err();
        assert_eq!(e.to_string(), "the config has no [[sql]] block");
    }

    #[test]
    fn sqlc_yaml_version_2_maps_to_blocks() {
        let text = "version: \"2\"\ncloud:\n  project: x\nsql:\n  - engine: \"postgresql\"\n    queries: \"query.sql\"\n    schema: [\"schema.sql\", \"migrations/\"]\n    gen:\n      go:\n        package: \"tutorial\"\n        out: \"tutorial\"\n        query_parameter_limit: 2\n    rules: [sqlc/db-prepare]\n  - engine: sqlite\n    queries: q.sql\n    schema: s.sql\n    gen: {go: {out: internal/db}}\n";
        let c = parse(text, ConfigFormat::SqlcYaml).unwrap();
        assert_eq!(c.sql.len(), 2);
        let b = &c.sql[0];
        assert_eq!(b.engine, Engine::Postgresql);
        assert_eq!(b.schema, vec![PathBuf::from("schema.sql"), PathBuf::from("migrations/")]);
        assert_eq!(b.queries, vec![PathBuf::from("query.sql")]);
        assert_eq!(b.out, PathBuf::from("tutorial/db.rs"));
        assert_eq!(b.query_parameter_limit, 2);
        assert_eq!(c.sql[1].engine, Engine::Sqlite);
        assert_eq!(c.sql[1].out, PathBuf::from("internal/db/db.rs"));
        assert_eq!(c.sql[1].query_parameter_limit, 4);
    }

    #[test]
    fn sqlc_json_is_read() {
        let text = r#"{"version": "2", "sql": [{"engine": "mysql", "schema": "s.sql", "queries": "q.sql",
            "gen": {"go": {"package": "db", "out": "db"}}}]}"#;
        let c = parse(text, ConfigFormat::SqlcJson).unwrap();
        assert_eq!(c.sql[0].engine, Engine::Mysql);
        assert_eq!(c.sql[0].out, PathBuf::from("db/db.rs"));
        let v1 = r#"{"version": "1", "packages": [{"name": "b", "path": "postgresql", "schema": "postgresql/schema.sql",
            "queries": ["postgresql/query.sql"], "engine": "postgresql", "rules": []},
            {"path": "sqlite", "schema": "s.sql", "queries": "q.sql", "engine": "sqlite", "query_parameter_limit": 1},
            {"path": "pg", "schema": "s.sql", "queries": "q.sql"}]}"#;
        let c = parse(v1, ConfigFormat::SqlcJson).unwrap();
        let got: Vec<(Engine, PathBuf, usize)> = c.sql.iter().map(|b| (b.engine, b.out.clone(), b.query_parameter_limit)).collect();
        assert_eq!(
            got,
            [
                (Engine::Postgresql, PathBuf::from("postgresql/db.rs"), 4),
                (Engine::Sqlite, PathBuf::from("sqlite/db.rs"), 1),
                (Engine::Postgresql, PathBuf::from("pg/db.rs"), 4),
            ]
        );
        assert_eq!(c.sql[0].schema, [PathBuf::from("postgresql/schema.sql")]);
        let e = parse("{\"version\": \"2\",\n \"sql\": [}", ConfigFormat::SqlcJson).unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(2), "{e}");
        assert!(!e.message.contains("at line"), "{e}");
    }

    #[test]
    fn sqlc_errors_are_explained_and_located() {
        let e = parse("version: \"1\"\npackages: []\n", ConfigFormat::SqlcYaml).unwrap_err();
        assert!(e.message.contains("has no `packages`"), "{e}");
        let e = parse("version: \"3\"\nsql: []\n", ConfigFormat::SqlcYaml).unwrap_err();
        assert!(e.message.contains("version \"3\" is not supported"), "{e}");
        let e = parse("version: \"1\"\npackages:\n  - schema: s.sql\n    queries: q.sql\n", ConfigFormat::SqlcYaml).unwrap_err();
        assert!(e.message.contains("`path`") && e.message.contains("<path>/db.rs"), "{e}");
        let e = parse("version: 2\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n", ConfigFormat::SqlcYaml)
            .unwrap_err();
        assert!(e.message.contains("missing field `gen`") && e.message.contains("gen.go.out"), "{e}");
        assert_eq!(e.pos.map(|p| p.line), Some(3), "{e}");
        let e = parse("version: \"2\"\nsql:\n  - engine: oracle\n", ConfigFormat::SqlcYaml).unwrap_err();
        assert!(e.message.contains("unknown variant `oracle`"), "{e}");
        assert_eq!(e.pos, Some(Pos { line: 3, col: 13 }));
        let e = parse("version: \"2\"\nsql: [\n", ConfigFormat::SqlcYaml).unwrap_err();
        assert!(e.pos.is_some() && !e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn out_must_name_a_file() {
        for out in ["", "src/", ".."] {
            let text = format!("[[sql]]\nengine = \"sqlite\"\nschema = []\nqueries = []\nout = \"{out}\"\n");
            let e = parse(&text, ConfigFormat::Toml).unwrap_err();
            assert!(e.message.contains("`out` must name a file"), "{out:?}: {e}");
        }
    }

    #[test]
    fn entities_keep_the_positions_of_their_names() {
        let text = "[[sql]]\nengine = \"sqlite\"\nschema = []\nqueries = []\nout = \"db.rs\"\n[sql.entities.tables.posts]\nsoft_delete = \"deleted_at\"\nedges = { author_id = \"writer\" }\n";
        let c = parse(text, ConfigFormat::Toml).unwrap();
        let e = c.sql[0].entities.as_ref().unwrap();
        let (k, t) = e.tables.iter().next().unwrap();
        assert_eq!(k.get_ref(), "posts");
        assert_eq!(e.pos(k), Some(Pos { line: 6, col: 22 }));
        let sd = t.soft_delete.as_ref().unwrap();
        assert_eq!(sd.get_ref(), "deleted_at");
        assert_eq!(pos_at(text, sd.span().start).line, 7);
        let (ek, ev) = t.edges.iter().next().unwrap();
        assert_eq!((ek.get_ref().as_str(), ev.get_ref().as_str()), ("author_id", "writer"));
        assert_eq!(pos_at(text, ek.span().start), Pos { line: 8, col: 11 });
        let e = parse(&text.replace("soft_delete", "soft_delet"), ConfigFormat::Toml).unwrap_err();
        assert!(e.message.contains("unknown field `soft_delet`"), "{e}");
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(ConfigFormat::from_path(Path::new("a/sqlc.yml")), ConfigFormat::SqlcYaml);
        assert_eq!(ConfigFormat::from_path(Path::new("sqlc.JSON")), ConfigFormat::SqlcJson);
        assert_eq!(ConfigFormat::from_path(Path::new("sqlweave.toml")), ConfigFormat::Toml);
    }
}
