//! Query analysis (stub: being written).
use crate::diag::Diagnostic;
use crate::ir::{Engine, Ir, IR_VERSION};
use crate::source::SourceFile;

/// Builds the catalog from `schema` and analyses every annotated statement of `queries`.
pub fn analyze(engine: Engine, _schema: &[SourceFile], _queries: &[SourceFile]) -> (Ir, Vec<Diagnostic>) {
    (Ir { version: IR_VERSION, engine, tables: vec![], enums: vec![], queries: vec![] }, vec![])
}
