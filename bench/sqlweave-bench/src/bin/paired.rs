//! Side-by-side (paired) timing, the figures the report's ratios come from. For each workload
//! and size, every contender's case is built, then in each of ROUNDS rounds every contender
//! runs one batch of about 2 ms, in an order rotated per round. A contender's ratio in a round
//! is its time per operation divided by the raw driver's in that same round, so both saw the
//! same machine; the report gives the median over rounds and the 25th–75th percentiles.
//! Usage: `paired sqlite|pg OUT.csv [ROUNDS]`;
//! CSV: `suite,group,contender,size,median_ns,ratio,ratio_p25,ratio_p75,rounds`.

use sqlweave_bench::{Bench, Case};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const BATCH: Duration = Duration::from_millis(2);

fn pct(v: &mut Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let suite = args.get(1).map(String::as_str).unwrap_or("sqlite");
    let out = args.get(2).cloned().unwrap_or_else(|| format!("paired-{suite}.csv"));
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(if suite == "pg" { 40 } else { 60 });
    let cases: Vec<Case> = match suite {
        "sqlite" => sqlweave_bench::sqlite::cases(),
        #[cfg(feature = "pg")]
        "pg" => sqlweave_bench::pg::cases(),
        other => panic!("unknown suite {other}"),
    };
    let baseline = cases[0].contender;
    let mut keys: Vec<(&str, usize)> = Vec::new();
    for c in &cases {
        if !keys.contains(&(c.group, c.size)) {
            keys.push((c.group, c.size));
        }
    }
    let mut csv = String::from("suite,group,contender,size,median_ns,ratio,ratio_p25,ratio_p75,rounds\n");
    for (group, size) in keys {
        #[cfg(feature = "pg")]
        if suite == "pg" {
            // The contenders of one workload share one load of the tables.
            sqlweave_bench::pg::share_loads(true);
        }
        let mine: Vec<&Case> = cases.iter().filter(|c| c.group == group && c.size == size).collect();
        let mut benches: Vec<(&str, Bench)> = mine.iter().map(|c| (c.contender, (c.make)(c.size))).collect();
        // Calibrate the batch of each contender to about BATCH, after a warm-up.
        let mut per_batch: Vec<u64> = Vec::new();
        for (_, b) in benches.iter_mut() {
            b.run(3);
            let mut n = 1u64;
            loop {
                let t = b.run(n);
                if t >= BATCH / 2 || n >= 1 << 16 {
                    let scaled = (n as f64 * BATCH.as_secs_f64() / t.as_secs_f64().max(1e-9)).round() as u64;
                    per_batch.push(scaled.clamp(1, 1 << 16));
                    break;
                }
                n *= 2;
            }
        }
        let k = benches.len();
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); k];
        for r in 0..rounds {
            for j in 0..k {
                let i = (j + r) % k;
                let n = per_batch[i];
                let t = benches[i].1.run(n);
                times[i].push(t.as_nanos() as f64 / n as f64);
            }
        }
        let base = benches.iter().position(|(c, _)| *c == baseline).expect("baseline case");
        let start = Instant::now();
        for i in 0..k {
            let mut ratios: Vec<f64> = (0..rounds).map(|r| times[i][r] / times[base][r]).collect();
            let mut t = times[i].clone();
            let med = pct(&mut t, 0.5);
            let (r50, r25, r75) = (pct(&mut ratios, 0.5), pct(&mut ratios, 0.25), pct(&mut ratios, 0.75));
            writeln!(csv, "{suite},{group},{},{size},{med:.1},{r50:.4},{r25:.4},{r75:.4},{rounds}", benches[i].0).unwrap();
            eprintln!("{suite:6} {group:13} {size:6} {:15} {:>12.1} ns  {r50:6.2}x [{r25:.2}–{r75:.2}]", benches[i].0, med);
        }
        let _ = start;
        drop(benches);
    }
    std::fs::write(&out, csv).unwrap();
    eprintln!("wrote {out}");
}
