//! sqlweave's compiler: plain SQL in, a checked intermediate form (the [`ir`]) out, and small back
//! ends that turn that form into Rust.
//!
//! The pipeline, one module per layer: [`config`] → [`source`] (files split into annotated
//! statements with positions) → [`catalog`] (tables, views, enums from replayed DDL) → [`analyze`]
//! (names resolved, types and nullability inferred, [`diag`]nostics collected) → [`ir`] →
//! [`codegen`]. The engine is chosen in exactly one place: [`dialect::for_engine`].

pub mod catalog;
pub mod config;
pub mod dialect;
pub mod diag;
pub mod ir;
pub mod source;
pub mod analyze;
pub mod codegen;

use std::path::Path;

/// What analysing one `[[sql]]` block gives: the IR when there was no error, every diagnostic
/// (errors and warnings), and the source texts the diagnostics point into (for rendering).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub ir: Option<ir::Ir>,
    pub diagnostics: Vec<diag::Diagnostic>,
    /// `(file name as shown, text)` of every file read.
    pub sources: Vec<(String, String)>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }
    /// The diagnostics rendered rustc-style (see [`diag::render`]).
    pub fn render(&self, color: bool) -> String {
        diag::render(&self.diagnostics, &self.sources, color)
    }
}

/// Reads a block's schema and query files (relative to `base`) and analyses them.
pub fn analyze_block(block: &config::SqlBlock, base: &Path) -> Analysis {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let schema = match source::read_sources(base, &block.schema, "schema") {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    };
    let queries = match source::read_sources(base, &block.queries, "queries") {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    };
    if !diagnostics.is_empty() {
        return Analysis { ir: None, diagnostics, sources };
    }
    for f in schema.iter().chain(queries.iter()) {
        sources.push((f.name.clone(), f.text.clone()));
    }
    let (ir, diags) = analyze::analyze(block.engine, &schema, &queries);
    diagnostics.extend(diags);
    let has_errors = diagnostics.iter().any(|d| d.is_error());
    Analysis { ir: if has_errors { None } else { Some(ir) }, diagnostics, sources }
}

/// Analyses in-memory SQL (one schema text, one query text): for tests and tools.
pub fn analyze_sql(engine: ir::Engine, schema_sql: &str, queries_sql: &str) -> Analysis {
    let schema = vec![source::SourceFile { name: "schema.sql".into(), text: schema_sql.into() }];
    let queries = vec![source::SourceFile { name: "query.sql".into(), text: queries_sql.into() }];
    let sources = vec![("schema.sql".to_string(), schema_sql.to_string()), ("query.sql".to_string(), queries_sql.to_string())];
    let (ir, diagnostics) = analyze::analyze(engine, &schema, &queries);
    let has_errors = diagnostics.iter().any(|d| d.is_error());
    Analysis { ir: if has_errors { None } else { Some(ir) }, diagnostics, sources }
}
