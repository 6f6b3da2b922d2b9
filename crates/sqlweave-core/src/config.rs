//! `sqlweave.toml`: one `[[sql]]` block per database. Paths are relative to the config file.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::ir::Engine;

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
    /// Parses config text. Errors carry the line and column TOML reports.
    pub fn parse(text: &str, dir: &Path) -> Result<Config, String> {
        let mut c: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        c.dir = dir.to_path_buf();
        if c.sql.is_empty() {
            return Err("the config has no [[sql]] block".into());
        }
        Ok(c)
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
"#;
