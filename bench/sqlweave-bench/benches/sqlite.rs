//! Criterion benchmarks of every SQLite case (`sqlweave_bench::sqlite::cases`): group
//! `sqlite/<workload>`, function `<contender>`, parameter the size. Filter as usual:
//! `cargo bench --bench sqlite -- 'sqlite/trivial'`.

use criterion::{BenchmarkId, Criterion};
use std::time::Duration;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(20)
        .nresamples(10_000)
        .without_plots()
        .configure_from_args();
    let cases = sqlweave_bench::sqlite::cases();
    let mut groups: Vec<&str> = Vec::new();
    for case in &cases {
        if !groups.contains(&case.group) {
            groups.push(case.group);
        }
    }
    for g in groups {
        let mut group = c.benchmark_group(format!("sqlite/{g}"));
        for case in cases.iter().filter(|c| c.group == g) {
            let id = BenchmarkId::new(case.contender, case.size);
            // Build the database only when the filter selects this case.
            let mut bench = None;
            group.bench_function(id, |b| {
                let bench = bench.get_or_insert_with(|| (case.make)(case.size));
                b.iter_custom(|iters| bench.run(iters));
            });
        }
        group.finish();
    }
    c.final_summary();
}
