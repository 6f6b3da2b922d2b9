//! sqlweave-soak: long runs of workloads modelled on known database-client leaks, sampling the
//! live Rust heap (counting allocator), RSS, SQLite's own heap (`sqlite3_memory_used`), open
//! statements and, on PostgreSQL, the session's server-side prepared statements and the
//! harness's connections. Writes a CSV and an SVG plot per run and exits non-zero when, after
//! warm-up, any metric grows beyond its tolerance, or when a workload's check fails.
//!
//! ```text
//! sqlweave-soak [--ops N] [--short] [--engine sqlite|pg|all] [--contender sqlweave|diesel|all]
//!               [--out DIR] [--require-pg] [--inject-leak BYTES_PER_ROUND]
//! ```

mod gen_pg;
mod gen_sqlite;
mod metrics;
mod pg;
mod sqlite;
#[cfg(feature = "contenders")]
mod sqlite_diesel;

use metrics::{Sample, Verdict};
use sqlweave_bench::alloc::Counting;
use std::path::PathBuf;

#[global_allocator]
static ALLOC: Counting = Counting;

/// One soak subject: a workload mix over one engine through one client library.
pub trait Subject {
    /// Runs about `ops` operations of the mix (every workload at least once) and returns how many.
    fn round(&mut self, ops: u64) -> u64;
    /// Streams `rows` rows through the row-at-a-time API, returning the rows seen.
    fn stream(&mut self, rows: u64) -> u64;
    /// (open statements on the client connection, server-side prepared statements, connections)
    /// where the subject can know them, else -1.
    fn probe(&mut self) -> (i64, i64, i64);
}

pub struct Opts {
    pub ops: u64,
    pub rounds: u64,
    pub stream_rows: u64,
    pub out: PathBuf,
    /// Self-test of the verdict: bytes leaked on purpose per round (`--inject-leak N`).
    pub leak: usize,
}

fn main() {
    let mut ops: Option<u64> = None;
    let mut short = false;
    let mut engine = "all".to_string();
    let mut contender = "all".to_string();
    let mut out = PathBuf::from("soak-out");
    let mut require_pg = false;
    let mut leak = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ops" => ops = Some(args.next().expect("--ops N").replace('_', "").parse().expect("--ops N")),
            "--short" => short = true,
            "--engine" => engine = args.next().expect("--engine sqlite|pg|all"),
            "--contender" => contender = args.next().expect("--contender sqlweave|diesel|all"),
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            "--require-pg" => require_pg = true,
            "--inject-leak" => leak = args.next().expect("--inject-leak BYTES").parse().expect("--inject-leak BYTES"),
            "-h" | "--help" => {
                println!("sqlweave-soak [--ops N] [--short] [--engine sqlite|pg|all] [--contender sqlweave|diesel|all] [--out DIR] [--require-pg]");
                return;
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let opts = Opts {
        ops: ops.unwrap_or(if short { 60_000 } else { 1_000_000 }),
        rounds: if short { 30 } else { 60 },
        stream_rows: 1_000_000,
        out,
        leak,
    };
    std::fs::create_dir_all(&opts.out).unwrap();
    let mut verdicts: Vec<Verdict> = Vec::new();
    let want = |e: &str| engine == "all" || engine == e;
    let want_c = |c: &str| contender == "all" || contender == c;
    if want("sqlite") && want_c("sqlweave") {
        verdicts.push(run("sqlite", "sqlweave", &opts, Box::new(sqlite::Sqlweave::new())));
    }
    #[cfg(feature = "contenders")]
    if want("sqlite") && want_c("diesel") {
        verdicts.push(run("sqlite", "diesel", &opts, Box::new(sqlite_diesel::Diesel::new())));
    }
    #[cfg(not(feature = "contenders"))]
    if want("sqlite") && contender == "diesel" {
        panic!("the diesel contender needs `--features contenders`");
    }
    if want("pg") && want_c("sqlweave") {
        match pg::Sqlweave::new() {
            Ok(s) => {
                // PostgreSQL operations cost a round trip each: a tenth of the SQLite count.
                let pg_opts = Opts { ops: (opts.ops / 10).max(1000), ..opts.clone_shallow() };
                verdicts.push(run("pg", "sqlweave", &pg_opts, Box::new(s)));
            }
            Err(e) if !require_pg => eprintln!("pg: skipped, no server ({e})"),
            Err(e) => panic!("pg: no server: {e}"),
        }
    }
    let failed: Vec<&Verdict> = verdicts.iter().filter(|v| !v.ok).collect();
    let summary: Vec<String> = verdicts.iter().map(Verdict::short).collect();
    println!(
        "soak: {} — {}",
        if failed.is_empty() { "PASS" } else { "FAIL" },
        summary.join("; ")
    );
    let mut text = format!("Tolerances: {}.\n\n", metrics::TOLERANCES);
    text.push_str(&verdicts.iter().map(Verdict::long).collect::<Vec<_>>().join("\n"));
    std::fs::write(opts.out.join("summary.txt"), text).unwrap();
    if !failed.is_empty() {
        std::process::exit(1);
    }
}

impl Opts {
    fn clone_shallow(&self) -> Opts {
        Opts { ops: self.ops, rounds: self.rounds, stream_rows: self.stream_rows, out: self.out.clone(), leak: self.leak }
    }
}

fn run(engine: &str, contender: &str, o: &Opts, mut s: Box<dyn Subject>) -> Verdict {
    let t0 = std::time::Instant::now();
    let per_round = (o.ops / o.rounds).max(1);
    let mut samples = Vec::new();
    let mut done = 0;
    for r in 0..o.rounds {
        done += s.round(per_round);
        if o.leak > 0 {
            std::mem::forget(vec![1u8; o.leak]);
        }
        let (stmts, server_stmts, conns) = s.probe();
        samples.push(Sample::now(r, done, t0.elapsed().as_secs_f64(), stmts, server_stmts, conns));
    }
    // Streaming: the peak of live heap above what was live before must stay near one batch.
    let before = sqlweave_bench::alloc::snapshot().live;
    sqlweave_bench::alloc::reset_peak();
    let rows = s.stream(o.stream_rows);
    let stream_peak = sqlweave_bench::alloc::peak().saturating_sub(before);
    let name = format!("{engine}-{contender}");
    metrics::write_csv(&o.out.join(format!("soak-{name}.csv")), engine, contender, &samples);
    metrics::write_svg(&o.out.join(format!("soak-{name}.svg")), &name, &samples);
    let v = Verdict::judge(&name, &samples, rows, o.stream_rows, stream_peak, t0.elapsed().as_secs_f64());
    eprintln!("{}", v.long());
    v
}
