//! Samples, the growth verdict, the CSV and the SVG plot.

use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Sample {
    pub round: u64,
    pub ops: u64,
    pub secs: f64,
    /// Live Rust heap bytes (counting allocator).
    pub live: i64,
    /// Resident set size in bytes.
    pub rss: i64,
    /// SQLite's own heap (`sqlite3_memory_used`, process-wide), bytes.
    pub sqlite_mem: i64,
    /// Open statements on the client's connection (SQLite: `sqlite3_next_stmt`), or -1.
    pub stmts: i64,
    /// Server-side prepared statements of the session (`pg_prepared_statements`), or -1.
    pub server_stmts: i64,
    /// The harness's connections on the server (`pg_stat_activity`), or -1.
    pub conns: i64,
}

pub fn rss() -> i64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    s.split_whitespace().nth(1).and_then(|v| v.parse::<i64>().ok()).unwrap_or(-1) * 4096
}

impl Sample {
    pub fn now(round: u64, ops: u64, secs: f64, stmts: i64, server_stmts: i64, conns: i64) -> Sample {
        Sample {
            round,
            ops,
            secs,
            live: sqlweave_bench::alloc::snapshot().live as i64,
            rss: rss(),
            sqlite_mem: unsafe { rusqlite::ffi::sqlite3_memory_used() },
            stmts,
            server_stmts,
            conns,
        }
    }
}

/// A metric, how to read it from a sample, and how much it may grow after warm-up:
/// `abs` bytes (or count) plus `rel` of its early level.
struct Metric {
    name: &'static str,
    get: fn(&Sample) -> i64,
    abs: f64,
    rel: f64,
}

const METRICS: &[Metric] = &[
    Metric { name: "live heap", get: |s| s.live, abs: 256.0 * 1024.0, rel: 0.02 },
    Metric { name: "RSS", get: |s| s.rss, abs: 8.0 * 1024.0 * 1024.0, rel: 0.05 },
    Metric { name: "SQLite heap", get: |s| s.sqlite_mem, abs: 512.0 * 1024.0, rel: 0.05 },
    Metric { name: "open statements", get: |s| s.stmts, abs: 0.0, rel: 0.0 },
    Metric { name: "server statements", get: |s| s.server_stmts, abs: 0.0, rel: 0.0 },
    Metric { name: "connections", get: |s| s.conns, abs: 0.0, rel: 0.0 },
];

/// Warm-up: the first quarter of the samples is not judged.
pub const WARMUP: f64 = 0.25;
/// Streaming may hold at most this much more live heap than before it started.
pub const STREAM_PEAK_LIMIT: usize = 1024 * 1024;

pub const TOLERANCES: &str = "after a warm-up of the first 25% of samples, the median of the last quarter of samples \
may exceed the median of the first judged quarter by at most: live heap 256 KiB + 2%, RSS 8 MiB + 5%, \
SQLite heap 512 KiB + 5%, open statements / server-side prepared statements / connections 0; \
a 1,000,000-row stream may raise the live heap by at most 1 MiB at its peak";

pub struct Verdict {
    pub name: String,
    pub ok: bool,
    pub lines: Vec<String>,
    pub ops: u64,
    pub secs: f64,
}

fn median(mut v: Vec<i64>) -> f64 {
    v.sort();
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 }
}

fn human(m: &str, v: f64) -> String {
    if m.contains("heap") || m == "RSS" {
        format!("{:.2} MiB", v / 1048576.0)
    } else {
        format!("{v:.0}")
    }
}

impl Verdict {
    pub fn judge(name: &str, s: &[Sample], rows: u64, want_rows: u64, stream_peak: usize, secs: f64) -> Verdict {
        let mut ok = true;
        let mut lines = Vec::new();
        let judged = &s[((s.len() as f64 * WARMUP) as usize).min(s.len() - 1)..];
        let q = (judged.len() / 4).max(1);
        for m in METRICS {
            let first: Vec<i64> = judged[..q].iter().map(m.get).collect();
            if first.iter().any(|&v| v < 0) {
                continue;
            }
            let last: Vec<i64> = judged[judged.len() - q..].iter().map(m.get).collect();
            let (a, b) = (median(first), median(last));
            let allowed = m.abs + m.rel * a;
            let grew = b - a;
            let pass = grew <= allowed;
            ok &= pass;
            lines.push(format!(
                "{:17} {} -> {} (growth {}, allowed {}) {}",
                m.name,
                human(m.name, a),
                human(m.name, b),
                human(m.name, grew),
                human(m.name, allowed),
                if pass { "ok" } else { "GREW" }
            ));
        }
        let stream_ok = rows == want_rows && stream_peak <= STREAM_PEAK_LIMIT;
        ok &= stream_ok;
        lines.push(format!(
            "stream            {rows} rows, live heap peak +{:.1} KiB (allowed {} KiB) {}",
            stream_peak as f64 / 1024.0,
            STREAM_PEAK_LIMIT / 1024,
            if stream_ok { "ok" } else { "FAILED" }
        ));
        Verdict { name: name.to_owned(), ok, lines, ops: s.last().map_or(0, |x| x.ops), secs }
    }

    pub fn short(&self) -> String {
        let bad: Vec<&str> = self
            .lines
            .iter()
            .filter(|l| l.ends_with("GREW") || l.ends_with("FAILED"))
            .map(|l| l.split("  ").next().unwrap())
            .collect();
        format!(
            "{} {} ops in {:.1} s {}",
            self.name,
            self.ops,
            self.secs,
            if bad.is_empty() { "flat".to_string() } else { format!("grew: {}", bad.join(", ")) }
        )
    }

    pub fn long(&self) -> String {
        let mut s = format!(
            "{}: {} ({} ops in {:.1} s)\n",
            self.name,
            if self.ok { "PASS" } else { "FAIL" },
            self.ops,
            self.secs
        );
        for l in &self.lines {
            s.push_str("  ");
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

pub fn write_csv(path: &Path, engine: &str, contender: &str, s: &[Sample]) {
    let mut o = String::from("engine,contender,round,ops,secs,live_bytes,rss_bytes,sqlite_heap_bytes,open_statements,server_statements,connections\n");
    for x in s {
        writeln!(
            o,
            "{engine},{contender},{},{},{:.3},{},{},{},{},{},{}",
            x.round, x.ops, x.secs, x.live, x.rss, x.sqlite_mem, x.stmts, x.server_stmts, x.conns
        )
        .unwrap();
    }
    std::fs::write(path, o).unwrap();
}

/// Memory (MiB) against operations: live heap, RSS, SQLite heap; counts on a second panel.
pub fn write_svg(path: &Path, title: &str, s: &[Sample]) {
    let (w, h, l, t, pw, ph) = (720.0, 420.0, 70.0, 40.0, 600.0, 150.0);
    let max_ops = s.last().map_or(1, |x| x.ops).max(1) as f64;
    let mut o = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"/><text x="{l}" y="20" font-size="13">soak {title}: memory and statements over operations (grey: warm-up)</text>"#
    );
    let panels: [(&str, Vec<(&str, &str, fn(&Sample) -> i64)>, f64); 2] = [
        (
            "MiB",
            vec![
                ("live heap", "#1f77b4", |x| x.live),
                ("RSS", "#d62728", |x| x.rss),
                ("SQLite heap", "#2ca02c", |x| x.sqlite_mem),
            ],
            1048576.0,
        ),
        (
            "count",
            vec![
                ("open statements", "#9467bd", |x| x.stmts),
                ("server statements", "#ff7f0e", |x| x.server_stmts),
                ("connections", "#8c564b", |x| x.conns),
            ],
            1.0,
        ),
    ];
    for (pi, (unit, series, scale)) in panels.iter().enumerate() {
        let top = t + pi as f64 * (ph + 50.0);
        let maxv = series
            .iter()
            .flat_map(|(_, _, f)| s.iter().map(move |x| f(x) as f64 / scale))
            .fold(1.0f64, f64::max)
            * 1.1;
        let warm = (s.len() as f64 * WARMUP).floor() as usize;
        if warm > 0 && warm < s.len() {
            let xw = l + s[warm].ops as f64 / max_ops * pw;
            write!(o, r##"<rect x="{l}" y="{top}" width="{:.1}" height="{ph}" fill="#eee"/>"##, xw - l).unwrap();
        }
        write!(o, r##"<rect x="{l}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>"##).unwrap();
        for k in 0..=4 {
            let v = maxv * k as f64 / 4.0;
            let y = top + ph - ph * k as f64 / 4.0;
            write!(o, r#"<text x="{}" y="{:.1}" text-anchor="end">{:.1}</text>"#, l - 4.0, y + 4.0, v).unwrap();
        }
        write!(o, r#"<text x="12" y="{:.1}" transform="rotate(-90 12 {:.1})">{unit}</text>"#, top + ph / 2.0, top + ph / 2.0).unwrap();
        for (si, (name, color, f)) in series.iter().enumerate() {
            if s.iter().all(|x| f(x) < 0) {
                continue;
            }
            let pts: Vec<String> = s
                .iter()
                .map(|x| format!("{:.1},{:.1}", l + x.ops as f64 / max_ops * pw, top + ph - (f(x) as f64 / scale) / maxv * ph))
                .collect();
            write!(o, r#"<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{}"/>"#, pts.join(" ")).unwrap();
            write!(o, r#"<text x="{}" y="{:.1}" fill="{color}">{name}</text>"#, l + 10.0 + si as f64 * 140.0, top + 14.0).unwrap();
        }
        write!(o, r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{} ops</text>"#, l + pw, top + ph + 14.0, max_ops).unwrap();
    }
    o.push_str("</svg>\n");
    std::fs::write(path, o).unwrap();
}
