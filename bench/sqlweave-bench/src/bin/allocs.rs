//! Allocations and bytes allocated per operation of every benchmark case, with the counting
//! allocator. Usage: `allocs [sqlite|pg] [OUT.csv]`; prints the table and writes the CSV
//! (`suite,group,contender,size,allocs_per_op,bytes_per_op`).

use sqlweave_bench::alloc::{snapshot, Counting};
use sqlweave_bench::Bench;
use std::fmt::Write as _;

#[global_allocator]
static ALLOC: Counting = Counting;

/// Operations counted per case (after as many warm-up operations).
const WARMUP: u64 = 64;
const ITERS: u64 = 512;

fn count(b: &mut Bench, iters: u64) -> (f64, f64) {
    b.run(WARMUP);
    let (mut allocs, mut bytes) = (0u64, 0u64);
    let mut left = iters;
    while left > 0 {
        let chunk = left.min(sqlweave_bench::RESET_EVERY);
        let a = snapshot();
        for _ in 0..chunk {
            (b.op)();
        }
        let z = snapshot();
        allocs += z.allocs - a.allocs;
        bytes += z.bytes - a.bytes;
        left -= chunk;
        if let Some(r) = b.reset.as_mut() {
            r();
        }
    }
    (allocs as f64 / iters as f64, bytes as f64 / iters as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let suite = args.get(1).map(String::as_str).unwrap_or("sqlite");
    let out = args.get(2).cloned();
    let cases: Vec<(&str, &str, usize, Box<dyn Fn() -> Bench>)> = match suite {
        "sqlite" => sqlweave_bench::sqlite::cases()
            .into_iter()
            .map(|c| {
                let f = c.make;
                let n = c.size;
                (c.group, c.contender, c.size, Box::new(move || f(n)) as Box<dyn Fn() -> Bench>)
            })
            .collect(),
        #[cfg(feature = "pg")]
        "pg" => sqlweave_bench::pg::cases()
            .into_iter()
            .map(|c| {
                let f = c.make;
                let n = c.size;
                (c.group, c.contender, c.size, Box::new(move || f(n)) as Box<dyn Fn() -> Bench>)
            })
            .collect(),
        other => panic!("unknown suite {other}"),
    };
    let mut csv = String::from("suite,group,contender,size,allocs_per_op,bytes_per_op\n");
    for (group, contender, size, make) in cases {
        let mut b = make();
        // Fewer iterations for the big result sets; the counts per operation are exact anyway.
        let iters = if size >= 10000 { 32 } else if size >= 1000 { 128 } else { ITERS };
        let (a, by) = count(&mut b, iters);
        println!("{suite:6} {group:13} {contender:9} {size:6} {a:12.1} allocs/op {by:14.0} B/op");
        writeln!(csv, "{suite},{group},{contender},{size},{a:.2},{by:.0}").unwrap();
    }
    if let Some(path) = out {
        std::fs::write(&path, csv).unwrap();
        eprintln!("wrote {path}");
    }
}
