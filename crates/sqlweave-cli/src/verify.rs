//! `sqlweave verify`: prepares every query of the PostgreSQL blocks on a live server and compares
//! the server's parameter and column types with sqlweave's inference.
//!
//! Each block gets a scratch database (`CREATE DATABASE sqlweave_verify_<pid>_<n>`), so schema
//! files that name `public.` or create extensions and types cannot collide with anything; when the
//! role may not create databases, a scratch schema first on the `search_path` is used instead.
//! The scratch object is dropped afterwards, also when a step fails.
//!
//! The server reports types, not nullability (a prepared statement's result columns carry no
//! NOT NULL information for expressions), so verify compares types only: the parameter count,
//! each parameter's type (a list parameter is the array of its element type), the column count
//! and each column's type. Domains compare as their base type, enums by name.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlweave_core::ir::{Engine, Query, ValueType};
use tokio_postgres::error::ErrorPosition;
use tokio_postgres::types::{Kind, Type};
use tokio_postgres::{Client, NoTls};

use crate::project::{AnalyzedBlock, Project};
use crate::summary::count;
use crate::{Console, Failure};

/// The totals of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub blocks: usize,
    pub queries: usize,
    /// Parameter and column types on which sqlweave and the server agree.
    pub agreements: usize,
    pub disagreements: usize,
}

/// Where a project's schema is applied for the duration of a run.
enum Scratch {
    Database { admin: Client, name: String },
    Schema { name: String },
}

static SCRATCH_SEQ: AtomicU32 = AtomicU32::new(0);

/// Runs verify for every PostgreSQL block of the project.
pub fn run(console: &mut Console<'_>, project: &Project, url: &str) -> Result<Totals, Failure> {
    let blocks = project.analyze(console)?;
    let mut totals = Totals::default();
    let pg: Vec<&AnalyzedBlock> = blocks.iter().filter(|b| b.block.engine == Engine::Postgresql).collect();
    for b in &blocks {
        if b.block.engine != Engine::Postgresql {
            console.out(format_args!(
                "note: skipping the {} block writing {}: verify prepares queries on PostgreSQL only",
                b.block.engine.as_str(),
                b.out_shown.display()
            ));
        }
    }
    if pg.is_empty() {
        return Err(Failure::Usage(format!(
            "{} has no postgresql block; verify prepares queries on a PostgreSQL server",
            project.config_shown.display()
        )));
    }
    let config: tokio_postgres::Config =
        url.parse().map_err(|e| Failure::Usage(format!("cannot parse the database URL: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start the async runtime: {e}")))?;
    let shown_url = without_password(url);
    runtime.block_on(async {
        for b in pg {
            let t = verify_block(console, project, &config, &shown_url, b).await?;
            totals.blocks += 1;
            totals.queries += t.queries;
            totals.agreements += t.agreements;
            totals.disagreements += t.disagreements;
        }
        Ok::<(), Failure>(())
    })?;
    Ok(totals)
}

async fn connect(config: &tokio_postgres::Config) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        // The connection ends when the client is dropped; an error here has already surfaced
        // as the failure of the request that was waiting on it.
        let _ = connection.await;
    });
    Ok(client)
}

async fn verify_block(
    console: &mut Console<'_>,
    project: &Project,
    config: &tokio_postgres::Config,
    shown_url: &str,
    b: &AnalyzedBlock,
) -> Result<Totals, Failure> {
    let unreachable =
        |e: tokio_postgres::Error| Failure::Failed(format!("cannot connect to PostgreSQL at {shown_url}: {}", with_causes(&e)));
    let admin = connect(config).await.map_err(unreachable)?;
    let name = format!("sqlweave_verify_{}_{}", std::process::id(), SCRATCH_SEQ.fetch_add(1, Ordering::Relaxed));
    let (client, scratch) = match admin.batch_execute(&format!("CREATE DATABASE {name}")).await {
        Ok(()) => {
            let mut c = config.clone();
            c.dbname(&name);
            let scratch = Scratch::Database { admin, name };
            match connect(&c).await {
                Ok(client) => (client, scratch),
                Err(e) => {
                    drop_scratch(None, scratch).await;
                    return Err(unreachable(e));
                }
            }
        }
        // No CREATEDB privilege: a schema in the given database does nearly as well.
        Err(_) => {
            admin
                .batch_execute(&format!("CREATE SCHEMA {name}; SET search_path TO {name}"))
                .await
                .map_err(|e| Failure::Failed(format!("cannot create a scratch database or schema: {}", db_message(&e))))?;
            (admin, Scratch::Schema { name })
        }
    };
    let result = check_block(console, project, &client, &scratch, b).await;
    drop_scratch(Some(client), scratch).await;
    result
}

/// Drops the scratch database (after closing the connection to it) or schema. Best effort: a
/// failure here must not hide the run's result.
async fn drop_scratch(client: Option<Client>, scratch: Scratch) {
    match scratch {
        Scratch::Database { admin, name } => {
            drop(client);
            // The server notices the closed connection asynchronously; FORCE ends it if it lingers.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
        Scratch::Schema { name } => {
            if let Some(c) = client {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).await;
            }
        }
    }
}

async fn check_block(
    console: &mut Console<'_>,
    project: &Project,
    client: &Client,
    scratch: &Scratch,
    b: &AnalyzedBlock,
) -> Result<Totals, Failure> {
    let sources = sqlweave_core::source::read_sources(&project.config.dir, &b.block.schema, "schema")
        .map_err(|d| Failure::Failed(d.message))?;
    for s in &sources {
        if let Err(e) = client.batch_execute(&s.text).await {
            let at = match e.as_db_error().and_then(|d| d.position()) {
                Some(ErrorPosition::Original(p)) => line_col(&s.text, *p as usize),
                _ => String::new(),
            };
            return Err(Failure::Failed(format!(
                "{}{at}: the server rejected the schema: {}",
                project.shown(Path::new(&s.name)).display(),
                db_message(&e)
            )));
        }
    }
    // Dumps set the search_path (and other settings) for their own use; queries run with the
    // defaults, or in the scratch schema.
    let reset = match scratch {
        Scratch::Database { .. } => "RESET ALL".to_string(),
        Scratch::Schema { name } => format!("RESET ALL; SET search_path TO {name}, public"),
    };
    client.batch_execute(&reset).await.map_err(|e| Failure::Failed(db_message(&e)))?;

    let mut totals = Totals { blocks: 1, ..Totals::default() };
    for q in &b.ir.queries {
        totals.queries += 1;
        let place = format!("{}:{}: {}", project.shown(Path::new(&q.file)).display(), q.line, q.name);
        match client.prepare(&q.sql).await {
            Err(e) => {
                totals.disagreements += 1;
                console.out(format_args!("{place}: the server rejected the query: {}", db_message(&e)));
            }
            Ok(stmt) => {
                let found = compare(q, stmt.params(), &stmt.columns().iter().map(|c| c.type_().clone()).collect::<Vec<_>>());
                totals.agreements += found.agreements;
                totals.disagreements += found.problems.len();
                for p in found.problems {
                    console.out(format_args!("{place}: {p}"));
                }
            }
        }
    }
    console.out(format_args!(
        "{}: {}, {} agree, {}",
        b.out_shown.display(),
        count(totals.queries, "query", "queries"),
        count(totals.agreements, "type", "types"),
        count(totals.disagreements, "disagreement", "disagreements")
    ));
    Ok(totals)
}

/// What comparing one query found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub agreements: usize,
    pub problems: Vec<String>,
}

/// Compares sqlweave's parameters and columns of `q` with the server's types.
pub fn compare(q: &Query, params: &[Type], columns: &[Type]) -> Comparison {
    let mut out = Comparison::default();
    if params.len() != q.params.len() {
        out.problems.push(format!("sqlweave has {} parameters, the server {}", q.params.len(), params.len()));
    } else {
        for (i, (p, t)) in q.params.iter().zip(params).enumerate() {
            let ours = if p.slice { ValueType::Array(Box::new(p.ty.clone())) } else { p.ty.clone() };
            match agree(&ours, t) {
                true => out.agreements += 1,
                false => out.problems.push(format!(
                    "parameter ${} `{}`: sqlweave infers {}, the server {}",
                    i + 1,
                    p.name,
                    describe(&ours),
                    server_name(t)
                )),
            }
        }
    }
    if columns.len() != q.columns.len() {
        out.problems.push(format!("sqlweave has {} result columns, the server {}", q.columns.len(), columns.len()));
    } else {
        for (c, t) in q.columns.iter().zip(columns) {
            match agree(&c.ty, t) {
                true => out.agreements += 1,
                false => out.problems.push(format!(
                    "column `{}`: sqlweave infers {}, the server {}",
                    c.name,
                    describe(&c.ty),
                    server_name(t)
                )),
            }
        }
    }
    out
}

/// Whether sqlweave's type is the server's type.
pub fn agree(ours: &ValueType, server: &Type) -> bool {
    // Element nullability is not a type: the server reports `int4[]` either way.
    if let ValueType::Nullable(inner) = ours {
        return agree(inner, server);
    }
    match server.kind() {
        Kind::Domain(base) => return agree(ours, base),
        Kind::Array(elem) => return matches!(ours, ValueType::Array(e) if agree(e, elem)),
        Kind::Enum(_) => {
            return matches!(ours, ValueType::Enum(n) if n.rsplit('.').next() == Some(server.name()));
        }
        Kind::Composite(_) => {
            // By name; a schema-qualified one by its schema too (an unqualified one lives in
            // whichever schema the search_path put it, a scratch schema when verifying).
            let ValueType::Composite(n) = ours else { return false };
            return match n.rsplit_once('.') {
                Some((schema, name)) => name.eq_ignore_ascii_case(server.name()) && schema.eq_ignore_ascii_case(server.schema()),
                None => n.eq_ignore_ascii_case(server.name()),
            };
        }
        _ => {}
    }
    let expected = match *server {
        Type::BOOL => ValueType::Bool,
        Type::INT2 => ValueType::I16,
        Type::INT4 => ValueType::I32,
        Type::INT8 => ValueType::I64,
        Type::FLOAT4 => ValueType::F32,
        Type::FLOAT8 => ValueType::F64,
        Type::NUMERIC => ValueType::Numeric,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => ValueType::Text,
        Type::BYTEA => ValueType::Bytes,
        Type::DATE => ValueType::Date,
        Type::TIME => ValueType::Time,
        Type::TIMESTAMP => ValueType::Timestamp,
        Type::TIMESTAMPTZ => ValueType::TimestampTz,
        Type::INTERVAL => ValueType::Interval,
        Type::UUID => ValueType::Uuid,
        Type::JSON | Type::JSONB => ValueType::Json,
        Type::INET => ValueType::Inet,
        Type::CHAR => ValueType::Char,
        Type::OID => ValueType::Unsigned(32),
        // Extension text types (citext) travel as text.
        _ if server.name() == "citext" => ValueType::Text,
        _ => return false,
    };
    *ours == expected
}

/// sqlweave's type in PostgreSQL's words, for messages.
fn describe(t: &ValueType) -> String {
    match t {
        ValueType::Bool => "bool".into(),
        ValueType::I16 => "int2".into(),
        ValueType::I32 => "int4".into(),
        ValueType::I64 => "int8".into(),
        ValueType::Unsigned(b) => format!("unsigned int{b}"),
        ValueType::F32 => "float4".into(),
        ValueType::F64 => "float8".into(),
        ValueType::Numeric => "numeric".into(),
        ValueType::Text => "text".into(),
        ValueType::Bytes => "bytea".into(),
        ValueType::Date => "date".into(),
        ValueType::Time => "time".into(),
        ValueType::Timestamp => "timestamp".into(),
        ValueType::TimestampTz => "timestamptz".into(),
        ValueType::Interval => "interval".into(),
        ValueType::Uuid => "uuid".into(),
        ValueType::Json => "json".into(),
        ValueType::Inet => "inet".into(),
        ValueType::Char => "\"char\"".into(),
        ValueType::Enum(n) => format!("enum {n}"),
        ValueType::Composite(n) => format!("composite {n}"),
        ValueType::Array(e) => format!("{}[]", describe(e)),
        ValueType::Nullable(e) => format!("{} (may be NULL)", describe(e)),
        ValueType::Any => "any (unknown)".into(),
    }
}

fn server_name(t: &Type) -> String {
    match t.kind() {
        Kind::Array(e) => format!("{}[]", server_name(e)),
        Kind::Domain(base) => format!("{} (domain over {})", t.name(), server_name(base)),
        Kind::Enum(_) => format!("enum {}", t.name()),
        Kind::Composite(_) if t.schema() == "public" => format!("composite {}", t.name()),
        Kind::Composite(_) => format!("composite {}.{}", t.schema(), t.name()),
        _ => t.name().to_string(),
    }
}

/// The server's message, without tokio-postgres's `db error:` prefix.
fn db_message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.hint() {
            Some(h) => format!("{} (hint: {h})", d.message()),
            None => d.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// An error and its causes, `outer: inner: …` (tokio-postgres says "error connecting to server"
/// and keeps the reason, such as "Connection refused", as the source).
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = c.source();
    }
    out
}

/// The URL as it may be shown: a password in it replaced by `***`.
fn without_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let rest = &url[scheme_end..];
    let Some(at) = rest.find('@') else { return url.to_string() };
    match rest[..at].find(':') {
        Some(colon) => format!("{}{}:***{}", &url[..scheme_end], &rest[..colon], &rest[at..]),
        None => url.to_string(),
    }
}

/// `:line:col` of the 1-based character position `pos` in `text`.
fn line_col(text: &str, pos: usize) -> String {
    let mut line = 1;
    let mut col = 1;
    for ch in text.chars().take(pos.saturating_sub(1)) {
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    format!(":{line}:{col}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_columns() {
        assert_eq!(line_col("ab\ncd", 1), ":1:1");
        assert_eq!(line_col("ab\ncd", 5), ":2:2");
        assert_eq!(line_col("", 9), ":1:1");
    }

    #[test]
    fn urls_are_shown_without_their_password() {
        assert_eq!(without_password("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(without_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(without_password("host=h user=u"), "host=h user=u");
    }

    #[test]
    fn types_agree_by_postgres_rules() {
        assert!(agree(&ValueType::I32, &Type::INT4));
        assert!(!agree(&ValueType::I64, &Type::INT4));
        assert!(agree(&ValueType::Text, &Type::VARCHAR));
        assert!(agree(&ValueType::Json, &Type::JSONB));
        assert!(agree(&ValueType::Array(Box::new(ValueType::Text)), &Type::TEXT_ARRAY));
        assert!(!agree(&ValueType::Text, &Type::TEXT_ARRAY));
        let nullable_elems = ValueType::Array(Box::new(ValueType::Nullable(Box::new(ValueType::Text))));
        assert!(agree(&nullable_elems, &Type::TEXT_ARRAY) && !agree(&nullable_elems, &Type::INT4_ARRAY));
        assert!(!agree(&ValueType::Any, &Type::TEXT));
        assert!(!agree(&ValueType::Numeric, &Type::MONEY));
        assert_eq!(describe(&ValueType::Array(Box::new(ValueType::I64))), "int8[]");
        assert_eq!(server_name(&Type::INT4_ARRAY), "int4[]");
    }

    #[test]
    fn composite_types_agree_by_name_and_schema() {
        use tokio_postgres::types::Field;
        let point = |schema: &str| Type::new("point_type".into(), 70001, Kind::Composite(vec![Field::new("x".into(), Type::INT4)]), schema.into());
        let bare = ValueType::Composite("point_type".into());
        let foo = ValueType::Composite("foo.point_type".into());
        assert!(agree(&bare, &point("public")) && agree(&bare, &point("scratch_7")));
        assert!(agree(&foo, &point("foo")) && !agree(&foo, &point("public")));
        assert!(!agree(&ValueType::Composite("other".into()), &point("public")));
        assert!(!agree(&ValueType::Text, &point("public")));
        assert!(!agree(&bare, &Type::TEXT));
        let arr = Type::new("_point_type".into(), 70002, Kind::Array(point("foo")), "foo".into());
        assert!(agree(&ValueType::Array(Box::new(foo.clone())), &arr));
        assert_eq!(server_name(&point("foo")), "composite foo.point_type");
        assert_eq!(describe(&foo), "composite foo.point_type");
    }
}
