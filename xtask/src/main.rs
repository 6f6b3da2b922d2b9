//! Workspace tasks. `cargo run -p xtask -- conformance [CORPUS_DIR] [--engine E] [--write-docs]`
//! checks sqlweave's analyzer against sqlc's end-to-end corpus (see `docs/CONFORMANCE.md`).

mod compare;
mod corpus;
mod report;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sqlweave_core::ir::Engine;

const USAGE: &str = "usage: cargo run -p xtask -- conformance [CORPUS_DIR] [--engine sqlite|postgresql|mysql]... [--write-docs]

  CORPUS_DIR     the sqlc corpus (default: ../shared/corpus/sqlc beside the workspace)
  --engine E     only records of engine E (repeatable, or comma-separated); default: all three
  --write-docs   also rewrite docs/CONFORMANCE.md

Writes the full mismatch list to target/conformance/mismatches.txt.";

struct Options {
    corpus: PathBuf,
    engines: Vec<Engine>,
    write_docs: bool,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut corpus = None;
    let mut engines = Vec::new();
    let mut write_docs = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let engine_arg = if a == "--engine" {
            Some(it.next().ok_or("--engine needs a value")?.clone())
        } else {
            a.strip_prefix("--engine=").map(str::to_string)
        };
        if let Some(v) = engine_arg {
            for name in v.split(',').filter(|s| !s.is_empty()) {
                let e = corpus::parse_engine(name).ok_or_else(|| format!("unknown engine `{name}` (sqlite, postgresql, mysql)"))?;
                if !engines.contains(&e) {
                    engines.push(e);
                }
            }
        } else if a == "--write-docs" {
            write_docs = true;
        } else if a.starts_with('-') {
            return Err(format!("unknown option `{a}`"));
        } else if corpus.is_none() {
            corpus = Some(PathBuf::from(a));
        } else {
            return Err(format!("unexpected argument `{a}`"));
        }
    }
    if engines.is_empty() {
        engines = vec![Engine::Sqlite, Engine::Postgresql, Engine::Mysql];
    }
    engines.sort_by_key(|e| match e {
        Engine::Sqlite => 0,
        Engine::Postgresql => 1,
        Engine::Mysql => 2,
    });
    if write_docs && engines.len() < 3 {
        return Err("--write-docs needs all three engines (drop --engine)".into());
    }
    let corpus = corpus.unwrap_or_else(|| workspace_root().join("../shared/corpus/sqlc"));
    Ok(Options { corpus, engines, write_docs })
}

fn conformance(opts: &Options) -> Result<(), String> {
    let root = workspace_root();
    let mut cases = corpus::read_cases(&opts.corpus)?;
    let analyze_cases = corpus::read_analyze_cases(&opts.corpus)?;
    let n_analyze = analyze_cases.len();
    cases.extend(analyze_cases);
    let errors = corpus::read_error_cases(&opts.corpus)?;
    let divergences = run::read_divergences(&root.join("xtask/conformance/divergences.json"))?;
    eprintln!(
        "conformance: {} case records, {} analyze records, {} error records from {}; {} listed divergences",
        cases.len() - n_analyze,
        n_analyze,
        errors.len(),
        opts.corpus.display(),
        divergences.len()
    );

    // A big stack: the analyzer recurses over the AST, and a stack overflow cannot be caught.
    let engines = opts.engines.clone();
    let res = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run::run_all(&cases, &errors, &engines, &divergences))
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the conformance run itself panicked".to_string())?;

    println!("{}", report::summary_tables(&res));

    let fams = report::families(&res);
    if !fams.is_empty() {
        println!("Largest mismatch families:");
        for f in fams.iter().take(10) {
            println!("  {:4}  {:<19} {}", f.records, f.category.as_str(), f.signature);
            println!("        e.g. {}{}: expected {} | got {}", f.example_id, if f.example.what.is_empty() { String::new() } else { format!(" {}", f.example.what) }, f.example.expected, f.example.got);
        }
        println!();
    }
    let panics: Vec<String> = res
        .cases
        .iter()
        .flat_map(|r| r.diffs.iter().filter(|d| d.category == compare::Category::Panic).map(move |d| format!("{}: {}", r.id, d.got)))
        .chain(res.errors.iter().filter(|r| r.status == run::ErrorStatus::Panic).map(|r| format!("{} (error record): {}", r.id, r.detail)))
        .collect();
    if !panics.is_empty() {
        println!("Panics ({}):", panics.len());
        for p in &panics {
            println!("  {p}");
        }
        println!();
    }
    let accepted: Vec<&run::ErrorResult> = res.errors.iter().filter(|r| r.status == run::ErrorStatus::Accepted).collect();
    if !accepted.is_empty() {
        println!("Error records accepted by sqlweave ({}):", accepted.len());
        for r in accepted {
            println!("  {} [{}]", r.id, r.engine.as_str());
        }
        println!();
    }
    if !res.stale.is_empty() {
        println!("Stale divergences ({}):", res.stale.len());
        for (d, why) in &res.stale {
            println!("  {} {}: {why}", d.id, d.category);
        }
        println!();
    }

    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let out_dir = target.join("conformance");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let path = out_dir.join("mismatches.txt");
    std::fs::write(&path, report::mismatches_txt(&res)).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("Mismatch list: {}", path.display());

    if opts.write_docs {
        let doc = root.join("docs/CONFORMANCE.md");
        if let Some(dir) = doc.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&doc, report::conformance_md(&res, &report::today())).map_err(|e| format!("{}: {e}", doc.display()))?;
        println!("Wrote {}", doc.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("conformance") => match parse_args(&args[1..]).and_then(|o| conformance(&o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask conformance: {e}");
                ExitCode::from(2)
            }
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_engines_and_corpus() {
        let o = parse_args(&args(&["/c", "--engine", "mysql,sqlite"])).unwrap();
        assert_eq!(o.corpus, PathBuf::from("/c"));
        assert_eq!(o.engines, vec![Engine::Sqlite, Engine::Mysql]);
        assert!(!o.write_docs);
        assert!(parse_args(&args(&["--engine", "mysql", "--write-docs"])).is_err());
        assert!(parse_args(&args(&["--write-docs"])).unwrap().write_docs);
        let o = parse_args(&[]).unwrap();
        assert_eq!(o.engines.len(), 3);
        assert!(o.corpus.ends_with("../shared/corpus/sqlc"));
        assert!(parse_args(&args(&["--engine=oracle"])).is_err());
        assert!(parse_args(&args(&["a", "b"])).is_err());
    }
}
