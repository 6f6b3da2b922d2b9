//! What `sqlweave analyze` prints: the IR as JSON for tools, or a compact summary for people.

use std::fmt::Write as _;

use serde::Serialize;
use sqlweave_core::ir::{Ir, ValueType};

use crate::project::AnalyzedBlock;

/// `1 query`, `2 queries`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The JSON document of `analyze --json`: `{"blocks": [<Ir>, ...]}`, in config order.
pub fn json(blocks: &[AnalyzedBlock]) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Document<'a> {
        blocks: Vec<&'a Ir>,
    }
    serde_json::to_string_pretty(&Document { blocks: blocks.iter().map(|b| &b.ir).collect() })
}

/// One paragraph per block and a few lines per query:
///
/// ```text
/// src/db.rs (sqlite): 1 table, 1 query
///
/// GetAuthor :one (query.sql:1)
///   params:  id: i64
///   columns: id: i64, name: text, bio: text?
/// ```
pub fn human(blocks: &[AnalyzedBlock]) -> String {
    let mut s = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let ir = &b.ir;
        let _ = writeln!(
            s,
            "{} ({}): {}, {}",
            b.out_shown.display(),
            ir.engine.as_str(),
            count(ir.tables.len(), "table", "tables"),
            count(ir.queries.len(), "query", "queries")
        );
        for q in &ir.queries {
            let _ = writeln!(s, "\n{} :{} ({}:{})", q.name, q.kind.as_str(), q.file, q.line);
            let params: Vec<String> = q
                .params
                .iter()
                .map(|p| {
                    let ty = type_name(&p.ty);
                    let ty = if p.slice { format!("[{ty}]") } else { ty };
                    format!("{}: {ty}{}", p.name, if p.nullable { "?" } else { "" })
                })
                .collect();
            let columns: Vec<String> = q
                .columns
                .iter()
                .map(|c| format!("{}: {}{}", c.name, type_name(&c.ty), if c.nullable { "?" } else { "" }))
                .collect();
            let _ = writeln!(s, "  params:  {}", list(&params));
            let _ = writeln!(s, "  columns: {}", list(&columns));
        }
    }
    s
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items.join(", ")
    }
}

/// A short, engine-neutral name for a value type: `i64`, `text`, `timestamptz`, `text[]`.
pub fn type_name(ty: &ValueType) -> String {
    match ty {
        ValueType::Bool => "bool".into(),
        ValueType::I16 => "i16".into(),
        ValueType::I32 => "i32".into(),
        ValueType::I64 => "i64".into(),
        ValueType::Unsigned(bits) => format!("u{bits}"),
        ValueType::F32 => "f32".into(),
        ValueType::F64 => "f64".into(),
        ValueType::Numeric => "numeric".into(),
        ValueType::Text => "text".into(),
        ValueType::Bytes => "bytes".into(),
        ValueType::Date => "date".into(),
        ValueType::Time => "time".into(),
        ValueType::Timestamp => "timestamp".into(),
        ValueType::TimestampTz => "timestamptz".into(),
        ValueType::Interval => "interval".into(),
        ValueType::Uuid => "uuid".into(),
        ValueType::Json => "json".into(),
        ValueType::Inet => "inet".into(),
        ValueType::Char => "\"char\"".into(),
        ValueType::Enum(name) => format!("enum {name}"),
        ValueType::Composite(name) => format!("composite {name}"),
        ValueType::Array(inner) => format!("{}[]", type_name(inner)),
        ValueType::Nullable(inner) => format!("{}?", type_name(inner)),
        ValueType::Any => "any".into(),
    }
}
