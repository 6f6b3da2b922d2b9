//! Generates sqlweave's Rust for sqlc's public example projects at build time, so the repository
//! carries none of their SQL: `../shared/examples/sqlc/<example>/` holds each project with its own
//! sqlc config (version 1 or 2), read here exactly as `sqlweave generate` reads it.
//!
//! For every SQLite and PostgreSQL block, the build writes `$OUT_DIR/<example>_<engine>.rs` (the
//! generated module) and `…schema.sql` (the block's schema files joined, for the tests to apply),
//! and sets the cfg `sqlc_<example>_<engine>` so the tests of that module compile. What could not be
//! generated is recorded in `$OUT_DIR/status.rs` with sqlweave's diagnostics, and a test fails on
//! it: the build itself never fails because an example does not analyse.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sqlweave_core::codegen::{generate, Options};
use sqlweave_core::config::{Config, ConfigFormat, SqlBlock};
use sqlweave_core::ir::Engine;

/// The examples and their config files.
const EXAMPLES: &[(&str, &str)] =
    &[("authors", "sqlc.yaml"), ("booktest", "sqlc.json"), ("jets", "sqlc.json"), ("ondeck", "sqlc.json"), ("batch", "sqlc.json")];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let shared = manifest.join("../../../shared/examples/sqlc");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={}", shared.display());
    let mut generated = Vec::new();
    let mut failed = Vec::new();
    for (example, config) in EXAMPLES {
        for engine in ["sqlite", "postgresql"] {
            println!("cargo::rustc-check-cfg=cfg(sqlc_{example}_{engine})");
        }
        let dir = shared.join(example);
        let path = dir.join(config);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let config = match Config::parse_as(&text, ConfigFormat::from_path(&path), &dir) {
            Ok(c) => c,
            Err(e) => {
                failed.push((example.to_string(), format!("{}: {e}", path.display())));
                continue;
            }
        };
        for block in config.sql.iter().filter(|b| matches!(b.engine, Engine::Sqlite | Engine::Postgresql)) {
            let id = format!("{example}_{}", block.engine.as_str());
            match generate_block(block, &dir, &id, &out_dir) {
                Ok(()) => {
                    println!("cargo::rustc-cfg=sqlc_{id}");
                    generated.push(id);
                }
                Err(why) => failed.push((id, why)),
            }
        }
    }
    // Pagila (../shared/schemas/pagila) with this crate's own queries.
    println!("cargo::rustc-check-cfg=cfg(shared_pagila_postgresql)");
    println!("cargo::rerun-if-changed=pagila");
    let pagila = manifest.join("pagila");
    let config = Config::parse(&std::fs::read_to_string(pagila.join("sqlweave.toml")).unwrap(), &pagila).unwrap();
    if manifest.join("../../../shared/schemas/pagila").is_dir() {
        println!("cargo::rerun-if-changed={}", manifest.join("../../../shared/schemas/pagila").display());
        match generate_block(&config.sql[0], &pagila, "pagila_postgresql", &out_dir) {
            Ok(()) => {
                println!("cargo::rustc-cfg=shared_pagila_postgresql");
                generated.push("pagila_postgresql".into());
            }
            Err(why) => failed.push(("pagila_postgresql".into(), why)),
        }
    }

    let mut status = String::new();
    writeln!(status, "/// Whether `../shared/examples/sqlc` was found.").unwrap();
    writeln!(status, "pub const SHARED_FOUND: bool = {};", shared.is_dir()).unwrap();
    writeln!(status, "/// `<example>_<engine>` of every module generated.").unwrap();
    writeln!(status, "pub const GENERATED: &[&str] = &{generated:?};").unwrap();
    writeln!(status, "/// `(<example>_<engine>, diagnostics)` of every block that could not be generated.").unwrap();
    writeln!(status, "pub const FAILED: &[(&str, &str)] = &{failed:?};").unwrap();
    write(&out_dir.join("status.rs"), &status);
}

/// Analyses and generates `block` (paths relative to `dir`) into `$OUT_DIR/<id>.rs`, with its
/// schema files joined into `<id>.schema.sql`; the rendered diagnostics when it cannot.
fn generate_block(block: &SqlBlock, dir: &Path, id: &str, out_dir: &Path) -> Result<(), String> {
    let analysis = sqlweave_core::analyze_block(block, dir);
    let Some(ir) = analysis.ir.as_ref() else { return Err(analysis.render(false)) };
    let code = generate(ir, &Options::from_block(block))?;
    let schema = sqlweave_core::source::read_sources(dir, &block.schema, "schema").map_err(|d| d.message)?;
    let ddl: String = schema.iter().map(|f| format!("{};\n", f.text.trim_end().trim_end_matches(';'))).collect();
    write(&out_dir.join(format!("{id}.rs")), &code);
    write(&out_dir.join(format!("{id}.schema.sql")), &ddl);
    Ok(())
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
