//! The report generator.
//!
//! - `report collect SUITE OUT.csv`: reads criterion's estimates under `target/criterion/SUITE_*`
//!   and writes `suite,group,contender,size,median_ns,median_lo_ns,median_hi_ns`.
//! - `report render RESULTS_DIR OUT.md`: reads `RESULTS_DIR/{SUITE}-run*.csv`,
//!   `allocs-SUITE.csv`, `env.txt`, `scale.txt`, `soak-summary.txt` (each optional) and writes the
//!   markdown report and, beside it, one SVG chart per suite.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const CONTENDERS: &[&str] = &["rusqlite", "tokio-postgres", "sqlweave", "sqlweave-prepared", "sqlweave-entity", "sqlx", "diesel", "seaorm"];
const GROUPS: &[&str] = &[
    "trivial", "medium", "insert", "associations", "insert_one", "update_one", "get_one", "read_100",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("collect") => collect(&args[2], Path::new(&args[3])),
        Some("render") => render(Path::new(&args[2]), Path::new(&args[3])),
        _ => {
            eprintln!("usage: report collect SUITE OUT.csv | report render RESULTS_DIR OUT.md");
            std::process::exit(2);
        }
    }
}

fn criterion_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| {
        // The binary lives in <target>/release/.
        let exe = std::env::current_exe().unwrap();
        exe.parent().unwrap().parent().unwrap().to_string_lossy().into_owned()
    });
    Path::new(&target).join("criterion")
}

fn collect(suite: &str, out: &Path) {
    let root = criterion_dir();
    let mut csv = String::from("suite,group,contender,size,median_ns,median_lo_ns,median_hi_ns\n");
    let mut n = 0;
    let prefix = format!("{suite}_");
    let mut dirs: Vec<_> = fs::read_dir(&root).unwrap().flatten().collect();
    dirs.sort_by_key(|d| d.file_name());
    for g in dirs {
        let gname = g.file_name().to_string_lossy().into_owned();
        let Some(group) = gname.strip_prefix(&prefix) else { continue };
        for c in fs::read_dir(g.path()).unwrap().flatten() {
            let contender = c.file_name().to_string_lossy().into_owned();
            if contender == "report" {
                continue;
            }
            for s in fs::read_dir(c.path()).unwrap().flatten() {
                let size = s.file_name().to_string_lossy().into_owned();
                let est = s.path().join("new/estimates.json");
                let Ok(text) = fs::read_to_string(&est) else { continue };
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                let m = &v["median"];
                writeln!(
                    csv,
                    "{suite},{group},{contender},{size},{:.1},{:.1},{:.1}",
                    m["point_estimate"].as_f64().unwrap(),
                    m["confidence_interval"]["lower_bound"].as_f64().unwrap(),
                    m["confidence_interval"]["upper_bound"].as_f64().unwrap()
                )
                .unwrap();
                n += 1;
            }
        }
    }
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(out, csv).unwrap();
    eprintln!("collected {n} estimates into {}", out.display());
}

/// (group, size) -> contender -> value
type Table = BTreeMap<(usize, usize), BTreeMap<String, f64>>;

fn group_index(g: &str) -> usize {
    GROUPS.iter().position(|x| *x == g).unwrap_or(GROUPS.len())
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let Ok(text) = fs::read_to_string(path) else { return Vec::new() };
    text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{:.0} ns", ns)
    }
}

struct Suite {
    name: String,
    baseline: String,
    /// Per run: table of medians.
    runs: Vec<Table>,
    allocs: Table,
    bytes: Table,
    /// Paired (side-by-side) timing: (median ns, ratio median, p25, p75).
    paired: BTreeMap<(usize, usize), BTreeMap<String, (f64, f64, f64, f64)>>,
    paired_rounds: String,
}

fn load_suite(dir: &Path, name: &str) -> Option<Suite> {
    let mut runs = Vec::new();
    for k in 1..100 {
        let rows = read_csv(&dir.join(format!("{name}-run{k}.csv")));
        if rows.is_empty() {
            break;
        }
        let mut t = Table::new();
        for r in rows {
            let key = (group_index(&r[1]), r[3].parse().unwrap());
            t.entry(key).or_default().insert(r[2].clone(), r[4].parse().unwrap());
        }
        runs.push(t);
    }
    let mut allocs = Table::new();
    let mut bytes = Table::new();
    for r in read_csv(&dir.join(format!("allocs-{name}.csv"))) {
        let key = (group_index(&r[1]), r[3].parse().unwrap());
        allocs.entry(key).or_default().insert(r[2].clone(), r[4].parse().unwrap());
        bytes.entry(key).or_default().insert(r[2].clone(), r[5].parse().unwrap());
    }
    let mut paired: BTreeMap<(usize, usize), BTreeMap<String, (f64, f64, f64, f64)>> = BTreeMap::new();
    let mut paired_rounds = String::new();
    for r in read_csv(&dir.join(format!("paired-{name}.csv"))) {
        let key = (group_index(&r[1]), r[3].parse().unwrap());
        let f = |i: usize| r[i].parse::<f64>().unwrap();
        paired.entry(key).or_default().insert(r[2].clone(), (f(4), f(5), f(6), f(7)));
        paired_rounds = r[8].clone();
    }
    if runs.is_empty() && allocs.is_empty() && paired.is_empty() {
        return None;
    }
    let baseline = if name == "pg" { "tokio-postgres" } else { "rusqlite" }.to_owned();
    Some(Suite { name: name.to_owned(), baseline, runs, allocs, bytes, paired, paired_rounds })
}

impl Suite {
    fn contenders(&self) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        for t in self.runs.iter().chain([&self.allocs]) {
            for m in t.values() {
                seen.extend(m.keys().cloned());
            }
        }
        for m in self.paired.values() {
            seen.extend(m.keys().cloned());
        }
        let mut v: Vec<String> = CONTENDERS.iter().filter(|c| seen.contains(**c)).map(|c| c.to_string()).collect();
        v.extend(seen.into_iter().filter(|c| !CONTENDERS.contains(&c.as_str())));
        v
    }

    fn keys(&self) -> Vec<(usize, usize)> {
        let mut k: Vec<_> = self.runs.iter().flat_map(|t| t.keys().copied()).collect();
        k.extend(self.allocs.keys().copied());
        k.extend(self.paired.keys().copied());
        k.sort();
        k.dedup();
        k
    }

    /// The ratio the chart shows: the paired one when measured, else criterion's.
    fn chart_ratio(&self, key: (usize, usize), c: &str) -> Option<f64> {
        if let Some(p) = self.paired.get(&key).and_then(|m| m.get(c)) {
            return Some(p.1);
        }
        self.stat(key, c).map(|x| x.1)
    }

    /// Median over runs of the median time, and median over runs of the ratio to the baseline
    /// measured in the same run, with the smallest and largest ratio.
    fn stat(&self, key: (usize, usize), c: &str) -> Option<(f64, f64, f64, f64)> {
        let mut t = Vec::new();
        let mut r = Vec::new();
        for run in &self.runs {
            let Some(m) = run.get(&key) else { continue };
            let Some(&v) = m.get(c) else { continue };
            t.push(v);
            if let Some(&b) = m.get(&self.baseline) {
                r.push(v / b);
            }
        }
        if t.is_empty() || r.is_empty() {
            return None;
        }
        let lo = r.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = r.iter().cloned().fold(0.0, f64::max);
        Some((median(&mut t), median(&mut r), lo, hi))
    }
}

fn render(dir: &Path, out: &Path) {
    let mut md = String::new();
    let date = dir.file_name().unwrap().to_string_lossy().into_owned();
    writeln!(md, "# Benchmarks\n").unwrap();
    writeln!(
        md,
        "Results of {date}, regenerated with `bench/report.sh` (the raw figures are in \
         `bench/results/{date}/`). Two timings per suite: the **side-by-side** table (`paired`: \
         contenders interleaved in rotated rounds, each ratio taken within one round, median and \
         quartiles over the rounds), which is the one to quote on this shared machine, and \
         criterion's medians (each ratio divided by the raw driver's median from the same run, \
         then the median over runs with the lowest and highest run). The charts show the \
         side-by-side ratios. 1.00x is the hand-written driver code; higher is slower. Allocation counts come \
         from a counting global allocator (Rust heap only: the bundled SQLite allocates with its own \
         `sqlite3_malloc`, which this column does not see; tokio-postgres is pure Rust and fully \
         counted). Every operation checks its \
         result (row count, first and last row, a sum over the keys), so no contender can win by \
         doing less.\n"
    )
    .unwrap();
    if let Ok(env) = fs::read_to_string(dir.join("env.txt")) {
        writeln!(md, "## Machine, versions, placement\n\n```text\n{}```\n", env).unwrap();
    }
    writeln!(md, "{}", WORKLOADS).unwrap();
    for name in ["sqlite", "pg"] {
        let Some(s) = load_suite(dir, name) else { continue };
        let title = if name == "pg" { "PostgreSQL" } else { "SQLite (in memory)" };
        let svg_name = format!("bench-{name}.svg");
        writeln!(md, "## {title}\n").unwrap();
        writeln!(md, "{} run(s). Baseline: {}.\n", s.runs.len(), s.baseline).unwrap();
        writeln!(md, "![ratio to {} per workload]({svg_name})\n", s.baseline).unwrap();
        let cs = s.contenders();
        if !s.paired.is_empty() {
            writeln!(
                md,
                "### Side by side: median time per operation (ratio to {b}, [25th–75th percentile])\n\n\
                 Measured by `paired`: every contender of a row runs one ~2 ms batch per round, in an \
                 order rotated each round, for {} rounds; each ratio is taken within a round, so the \
                 contender and {b} saw the same machine load. These are the ratios to quote.\n",
                s.paired_rounds,
                b = s.baseline
            )
            .unwrap();
            write!(md, "| workload | N |").unwrap();
            for c in &cs {
                write!(md, " {c} |").unwrap();
            }
            write!(md, "\n|---|---:|").unwrap();
            for _ in &cs {
                write!(md, "---:|").unwrap();
            }
            md.push('\n');
            for key in s.keys() {
                write!(md, "| {} | {} |", GROUPS.get(key.0).unwrap_or(&"?"), key.1).unwrap();
                for c in &cs {
                    match s.paired.get(&key).and_then(|m| m.get(c)) {
                        Some(&(t, r, lo, hi)) => write!(md, " {} ({r:.2}x [{lo:.2}–{hi:.2}]) |", fmt_ns(t)).unwrap(),
                        None => write!(md, " – |").unwrap(),
                    }
                }
                md.push('\n');
            }
            md.push('\n');
        }
        writeln!(
            md,
            "### Criterion: median time per operation (ratio to {}, median over runs [lowest–highest run])\n",
            s.baseline
        )
        .unwrap();
        write!(md, "| workload | N |").unwrap();
        for c in &cs {
            write!(md, " {c} |").unwrap();
        }
        write!(md, "\n|---|---:|").unwrap();
        for _ in &cs {
            write!(md, "---:|").unwrap();
        }
        md.push('\n');
        for key in s.keys() {
            write!(md, "| {} | {} |", GROUPS.get(key.0).unwrap_or(&"?"), key.1).unwrap();
            for c in &cs {
                match s.stat(key, c) {
                    Some((t, r, lo, hi)) if s.runs.len() > 1 => {
                        write!(md, " {} ({r:.2}x [{lo:.2}–{hi:.2}]) |", fmt_ns(t)).unwrap()
                    }
                    Some((t, r, _, _)) => write!(md, " {} ({r:.2}x) |", fmt_ns(t)).unwrap(),
                    None => write!(md, " – |").unwrap(),
                }
            }
            md.push('\n');
        }
        if !s.allocs.is_empty() {
            writeln!(md, "\n### Allocations per operation (bytes per operation)\n").unwrap();
            write!(md, "| workload | N |").unwrap();
            for c in &cs {
                write!(md, " {c} |").unwrap();
            }
            write!(md, "\n|---|---:|").unwrap();
            for _ in &cs {
                write!(md, "---:|").unwrap();
            }
            md.push('\n');
            for key in s.keys() {
                write!(md, "| {} | {} |", GROUPS.get(key.0).unwrap_or(&"?"), key.1).unwrap();
                for c in &cs {
                    match (s.allocs.get(&key).and_then(|m| m.get(c)), s.bytes.get(&key).and_then(|m| m.get(c))) {
                        (Some(a), Some(b)) => write!(md, " {a:.1} ({}) |", fmt_bytes(*b)).unwrap(),
                        _ => write!(md, " – |").unwrap(),
                    }
                }
                md.push('\n');
            }
        }
        md.push('\n');
        if let Some(notes) = fs::read_to_string(dir.join(format!("notes-{name}.md"))).ok() {
            writeln!(md, "{notes}").unwrap();
        }
        fs::write(out.parent().unwrap().join(&svg_name), svg(&s)).unwrap();
    }
    if let Ok(t) = fs::read_to_string(dir.join("scale.txt")) {
        writeln!(md, "## Code generation at scale\n\n{t}\n").unwrap();
    }
    if let Ok(t) = fs::read_to_string(dir.join("soak/summary.txt")) {
        writeln!(md, "## Soak\n").unwrap();
        if let Ok(n) = fs::read_to_string(dir.join("notes-soak.md")) {
            writeln!(md, "{n}").unwrap();
        }
        writeln!(md, "```text\n{}\n```\n", t.trim_end()).unwrap();
        let mut svgs: Vec<String> = fs::read_dir(dir.join("soak"))
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".svg")).collect())
            .unwrap_or_default();
        svgs.sort();
        for f in svgs {
            writeln!(md, "![{f}]({f})\n").unwrap();
        }
    }
    if let Ok(t) = fs::read_to_string(dir.join("findings.md")) {
        writeln!(md, "{t}").unwrap();
    }
    fs::write(out, md).unwrap();
    eprintln!("wrote {}", out.display());
}

fn fmt_bytes(b: f64) -> String {
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / 1024.0 / 1024.0)
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}

const WORKLOADS: &str = "## Workloads\n\n\
| workload | what one operation does |\n|---|---|\n\
| trivial N | `SELECT id, name, hair_color FROM users` over N users, into a `Vec` of structs |\n\
| medium N | users LEFT JOIN posts WHERE hair_color = 'black' over N users (half are black; half of those have one post) |\n\
| insert N | insert N users in one batch: sqlx, Diesel and SeaORM send one multi-row INSERT; on SQLite sqlweave and the raw driver run one prepared single-row INSERT per row in one transaction; on PostgreSQL the raw driver sends one `unnest` INSERT and sqlweave its `:copyfrom` (binary COPY) |\n\
| associations N | N users, 10 posts each, 10 comments per post: one query per level (`IN`/`ANY` of the parent keys), grouped in Rust |\n\
| insert_one | insert one user and read back its id |\n\
| update_one | update one user by key, asserting one row changed |\n\
| get_one | read one user by key (keys cycle over 1,000 rows) |\n\
| read_100 | `WHERE id > 0 ORDER BY id LIMIT 100` (also the bulk insert of 100 rows is `insert 100`) |\n";

/// A horizontal bar chart of the ratio to the baseline (log scale), one block per workload and
/// size, one bar per contender.
fn svg(s: &Suite) -> String {
    let cs: Vec<String> = s.contenders().into_iter().filter(|c| *c != s.baseline).collect();
    let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
    let keys = s.keys();
    let bar = 9.0;
    let block = bar * cs.len() as f64 + 8.0;
    let (left, top, width) = (170.0, 40.0, 560.0);
    let height = top + block * keys.len() as f64 + 40.0;
    let max_ratio = keys
        .iter()
        .flat_map(|k| cs.iter().filter_map(|c| s.chart_ratio(*k, c)))
        .fold(2.0f64, f64::max);
    let (lmin, lmax) = (0.5f64.log10(), (max_ratio * 1.2).log10());
    let x = |r: f64| left + (r.log10() - lmin) / (lmax - lmin) * width;
    let mut o = String::new();
    writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" font-family="sans-serif" font-size="11">"#,
        left + width + 150.0
    )
    .unwrap();
    writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#).unwrap();
    writeln!(
        o,
        r#"<text x="{left}" y="18" font-size="13">{}: median time / {} median, same run (log scale; 1 = raw driver)</text>"#,
        s.name, s.baseline
    )
    .unwrap();
    for r in [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0] {
        if r > max_ratio * 1.2 {
            break;
        }
        let xx = x(r);
        let stroke = if r == 1.0 { "#000" } else { "#ccc" };
        writeln!(o, r#"<line x1="{xx:.1}" y1="{}" x2="{xx:.1}" y2="{}" stroke="{stroke}"/>"#, top - 5.0, height - 30.0).unwrap();
        writeln!(o, r#"<text x="{xx:.1}" y="{}" text-anchor="middle">{r}x</text>"#, height - 16.0).unwrap();
    }
    for (i, k) in keys.iter().enumerate() {
        let y0 = top + block * i as f64;
        writeln!(
            o,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{} {}</text>"#,
            left - 6.0,
            y0 + block / 2.0,
            GROUPS.get(k.0).unwrap_or(&"?"),
            k.1
        )
        .unwrap();
        for (j, c) in cs.iter().enumerate() {
            if let Some(r) = s.chart_ratio(*k, c) {
                let y = y0 + bar * j as f64;
                let (x1, x2) = (x(1.0).min(x(r)), x(1.0).max(x(r)));
                writeln!(
                    o,
                    r#"<rect x="{x1:.1}" y="{y:.1}" width="{:.1}" height="{}" fill="{}"><title>{c} {:.2}x</title></rect>"#,
                    (x2 - x1).max(1.0),
                    bar - 1.0,
                    colors[j % colors.len()],
                    r
                )
                .unwrap();
            }
        }
    }
    for (j, c) in cs.iter().enumerate() {
        let y = top + 14.0 * j as f64;
        let lx = left + width + 15.0;
        writeln!(o, r#"<rect x="{lx}" y="{y}" width="10" height="10" fill="{}"/>"#, colors[j % colors.len()]).unwrap();
        writeln!(o, r#"<text x="{}" y="{}">{c}</text>"#, lx + 14.0, y + 9.0).unwrap();
    }
    o.push_str("</svg>\n");
    o
}
