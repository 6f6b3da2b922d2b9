//! Summary tables, mismatch families, `mismatches.txt` and `docs/CONFORMANCE.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sqlweave_core::ir::Engine;

use crate::compare::{Category, Diff};
use crate::run::{CaseResult, ErrorStatus, RunResults, Status};

/// Counts of one engine (or of all).
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub records: usize,
    pub skipped_managed_db: usize,
    pub skipped_overrides: usize,
    pub analysed: usize,
    pub analysed_ok: usize,
    pub exact: usize,
    pub sqlc_unknown: usize,
    pub justified: usize,
    pub mismatching: usize,
    /// Mismatching records with at least one unexcused item of the category.
    pub per_category: BTreeMap<Category, usize>,
    pub err_total: usize,
    pub err_not_applicable: usize,
    pub err_rejected: usize,
    pub err_accepted: usize,
    pub err_accepted_justified: usize,
    pub err_panic: usize,
}

/// Counts of one engine (all with `None`), over the records of `cases.jsonl` or, with
/// `analyze`, of `analyze_cases.jsonl`; error records are counted in the former.
pub fn stats(res: &RunResults, engine: Option<Engine>, analyze: bool) -> Stats {
    let mut s = Stats::default();
    for r in res.cases.iter().filter(|r| engine.map_or(true, |e| r.engine == e) && r.from_analyze == analyze) {
        s.records += 1;
        match r.status {
            Status::SkippedManagedDb => {
                s.skipped_managed_db += 1;
                continue;
            }
            Status::SkippedOverrides => {
                s.skipped_overrides += 1;
                continue;
            }
            Status::Exact => s.exact += 1,
            Status::MatchSqlcUnknown => s.sqlc_unknown += 1,
            Status::Justified => s.justified += 1,
            Status::Mismatch => s.mismatching += 1,
        }
        s.analysed += 1;
        if r.analysed_ok() {
            s.analysed_ok += 1;
        }
        let mut cats: Vec<Category> = r.diffs.iter().map(|d| d.category).collect();
        cats.dedup();
        for c in cats {
            *s.per_category.entry(c).or_default() += 1;
        }
    }
    for r in res.errors.iter().filter(|r| !analyze && engine.map_or(true, |e| r.engine == e)) {
        s.err_total += 1;
        match r.status {
            ErrorStatus::NotApplicable => s.err_not_applicable += 1,
            ErrorStatus::Rejected => s.err_rejected += 1,
            ErrorStatus::Accepted => s.err_accepted += 1,
            ErrorStatus::AcceptedJustified => s.err_accepted_justified += 1,
            ErrorStatus::Panic => s.err_panic += 1,
        }
    }
    s
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn table(header: &[String], rows: &[(String, Vec<String>)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(header.len() - 1));
    for (label, cells) in rows {
        let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
    }
    out
}

/// The summary tables (Markdown): records, then mismatch categories, then error records.
pub fn summary_tables(res: &RunResults) -> String {
    let mut cols: Vec<(String, Stats)> = res.engines.iter().map(|e| (e.as_str().to_string(), stats(res, Some(*e), false))).collect();
    let mut acols: Vec<(String, Stats)> = res.engines.iter().map(|e| (e.as_str().to_string(), stats(res, Some(*e), true))).collect();
    if res.engines.len() > 1 {
        cols.push(("total".into(), stats(res, None, false)));
        acols.push(("total".into(), stats(res, None, true)));
    }
    let header: Vec<String> = std::iter::once("cases.jsonl".to_string()).chain(cols.iter().map(|(n, _)| n.clone())).collect();
    let row = |label: &str, f: &dyn Fn(&Stats) -> String| (label.to_string(), cols.iter().map(|(_, s)| f(s)).collect::<Vec<_>>());
    let rows = vec![
        row("records", &|s| s.records.to_string()),
        row("skipped (managed-db only)", &|s| s.skipped_managed_db.to_string()),
        row("skipped (overrides)", &|s| s.skipped_overrides.to_string()),
        row("analysed", &|s| s.analysed.to_string()),
        row("analysed OK", &|s| format!("{} ({})", s.analysed_ok, pct(s.analysed_ok, s.analysed))),
        row("**exact matches**", &|s| format!("**{}** ({})", s.exact, pct(s.exact, s.analysed))),
        row("matches, sqlc type unknown", &|s| s.sqlc_unknown.to_string()),
        row("justified divergences", &|s| s.justified.to_string()),
        row("**exact or justified** (goal: 97%)", &|s| format!("**{}** ({})", s.exact + s.justified, pct(s.exact + s.justified, s.analysed))),
        row("mismatching records", &|s| s.mismatching.to_string()),
    ];
    let mut out = table(&header, &rows);
    out.push('\n');
    let mut header2 = header.clone();
    header2[0] = "mismatching records by category".into();
    let rows2: Vec<(String, Vec<String>)> = Category::ALL
        .iter()
        .map(|c| (format!("`{}`", c.as_str()), cols.iter().map(|(_, s)| s.per_category.get(c).copied().unwrap_or(0).to_string()).collect()))
        .collect();
    out.push_str(&table(&header2, &rows2));
    out.push('\n');
    let mut header3 = header;
    header3[0] = "error_cases.jsonl".into();
    let rows3 = vec![
        row("records", &|s| s.err_total.to_string()),
        row("not applicable (Go generator / config / vet)", &|s| s.err_not_applicable.to_string()),
        row("rejected (good)", &|s| s.err_rejected.to_string()),
        row("accepted, sqlc wrong to reject (justified)", &|s| s.err_accepted_justified.to_string()),
        row("accepted (bad)", &|s| s.err_accepted.to_string()),
        row("panic", &|s| s.err_panic.to_string()),
    ];
    out.push_str(&table(&header3, &rows3));
    if acols.iter().any(|(_, s)| s.records > 0) {
        out.push('\n');
        let mut header4: Vec<String> = vec!["analyze_cases.jsonl".into()];
        header4.extend(acols.iter().map(|(n, _)| n.clone()));
        let arow = |label: &str, f: &dyn Fn(&Stats) -> String| (label.to_string(), acols.iter().map(|(_, s)| f(s)).collect::<Vec<_>>());
        let rows4 = vec![
            arow("records", &|s| s.records.to_string()),
            arow("analysed OK", &|s| format!("{} ({})", s.analysed_ok, pct(s.analysed_ok, s.analysed))),
            arow("exact matches", &|s| s.exact.to_string()),
            arow("justified divergences", &|s| s.justified.to_string()),
            arow("**exact or justified**", &|s| format!("**{}** ({})", s.exact + s.justified, pct(s.exact + s.justified, s.analysed))),
            arow("matches, sqlc type unknown", &|s| s.sqlc_unknown.to_string()),
            arow("mismatching records", &|s| s.mismatching.to_string()),
        ];
        out.push_str(&table(&header4, &rows4));
    }
    out
}

/// A family of mismatches: a category and what differs, without the record's particulars.
pub fn family_of(d: &Diff) -> String {
    match d.category {
        Category::Panic | Category::AnalysisError => normalize_message(&d.got),
        Category::ParamCount | Category::ColumnCount => {
            let n = |s: &str| s.split(':').next().unwrap_or("").to_string();
            format!("expected {}, got {}", n(&d.expected), n(&d.got))
        }
        Category::ColumnName => column_name_family(d),
        _ => format!("expected {}, got {}", d.expected, d.got),
    }
}

fn column_name_family(d: &Diff) -> String {
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if d.what == "column order" {
        "same names, another order".into()
    } else if !plain(&d.got) {
        "ours is the expression text, sqlc's a name".into()
    } else if d.expected.rsplit_once('_').is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
        "sqlc's name has a `_N` suffix".into()
    } else {
        "another name".into()
    }
}

/// A diagnostic without its location and with quoted names blanked: `unknown column `_``.
pub fn normalize_message(msg: &str) -> String {
    // Drop `file:line:col: error: `.
    let m = match msg.find(": error: ") {
        Some(i) => &msg[i + ": error: ".len()..],
        None => msg,
    };
    // Drop panic locations (` at src/x.rs:12`) and hints.
    let m = m.split(" (hint:").next().unwrap_or(m);
    let m = match m.rfind(" at ") {
        Some(i) if m[i..].contains(".rs:") => &m[..i],
        _ => m,
    };
    let mut out = String::new();
    let mut in_quote = false;
    for ch in m.chars() {
        if ch == '`' {
            if !in_quote {
                out.push_str("`_`");
            }
            in_quote = !in_quote;
        } else if !in_quote {
            out.push(ch);
        }
    }
    out
}

/// A family with its record count and a representative record.
#[derive(Debug, Clone)]
pub struct Family {
    pub category: Category,
    pub signature: String,
    pub records: usize,
    pub example_id: String,
    pub example: Diff,
}

/// Mismatch families, largest first (each record counted once per family).
pub fn families(res: &RunResults) -> Vec<Family> {
    let mut map: BTreeMap<(Category, String), Family> = BTreeMap::new();
    for r in res.cases.iter().filter(|r| r.status == Status::Mismatch) {
        let mut seen = Vec::new();
        for d in &r.diffs {
            let key = (d.category, family_of(d));
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            map.entry(key.clone())
                .and_modify(|f| {
                    f.records += 1;
                    if r.id < f.example_id {
                        f.example_id = r.id.clone();
                        f.example = d.clone();
                    }
                })
                .or_insert(Family { category: key.0, signature: key.1, records: 1, example_id: r.id.clone(), example: d.clone() });
        }
    }
    let mut v: Vec<Family> = map.into_values().collect();
    v.sort_by(|a, b| b.records.cmp(&a.records).then(a.category.cmp(&b.category)).then(a.signature.cmp(&b.signature)));
    v
}

fn diff_line(id: &str, d: &Diff) -> String {
    let what = if d.what.is_empty() { String::new() } else { format!(" {}", d.what) };
    match d.category {
        Category::Panic | Category::AnalysisError => format!("[{}] {id}{what}: {}", d.category.as_str(), d.got),
        _ => format!("[{}] {id}{what}: expected {} | got {}", d.category.as_str(), d.expected, d.got),
    }
}

fn indent(s: &str) -> String {
    s.trim_end().lines().map(|l| format!("    {l}\n")).collect()
}

fn sort_key(r: &CaseResult) -> (Category, String, &'static str, String) {
    let cat = r.primary_category().unwrap_or(Category::ColumnNullability);
    let fam = r.diffs.iter().find(|d| d.category == cat).map(family_of).unwrap_or_default();
    (cat, fam, r.engine.as_str(), r.id.clone())
}

/// The full mismatch list: one block per mismatching record, filed under its first category,
/// then by family, engine and id. Every item line starts with `[category] id` for grep.
pub fn mismatches_txt(res: &RunResults) -> String {
    let mut out = String::new();
    let engines: Vec<&str> = res.engines.iter().map(|e| e.as_str()).collect();
    let _ = writeln!(out, "# sqlweave conformance against sqlc's corpus: mismatches (engines: {})", engines.join(", "));
    let _ = writeln!(out, "# One block per mismatching record, filed under its first category, then by family, engine, id.");
    let _ = writeln!(out, "# Item lines read `[category] case/variant/query item: expected <sqlc> | got <sqlweave>`.");
    let _ = writeln!(out, "# `grep '^\\[column_type\\]'` lists one category; blocks start with `==== `.\n");
    let _ = writeln!(out, "## families (records | category | signature | example)");
    for f in families(res) {
        let _ = writeln!(out, "{:5} | {} | {} | {}", f.records, f.category.as_str(), f.signature, f.example_id);
    }
    out.push('\n');

    let mut bad: Vec<&CaseResult> = res.cases.iter().filter(|r| r.status == Status::Mismatch).collect();
    bad.sort_by_key(|r| sort_key(r));
    let mut current: Option<Category> = None;
    for r in bad {
        let cat = r.primary_category().unwrap_or(Category::ColumnNullability);
        if current != Some(cat) {
            let _ = writeln!(out, "######## {} ########\n", cat.as_str());
            current = Some(cat);
        }
        let _ = writeln!(out, "==== {} | {} | {}", cat.as_str(), r.engine.as_str(), r.id);
        out.push_str(&indent(&r.query_sql));
        for d in &r.diffs {
            out.push_str(&diff_line(&r.id, d));
            out.push('\n');
        }
        for (d, reason) in &r.justified {
            let _ = writeln!(out, "(justified: {reason}) {}", diff_line(&r.id, d));
        }
        out.push('\n');
    }

    for r in res.errors.iter().filter(|r| r.status == ErrorStatus::AcceptedJustified) {
        let _ = writeln!(out, "(justified: {}) [error_accepted] {} [{}]", r.detail, r.id, r.engine.as_str());
    }
    let accepted: Vec<_> = res.errors.iter().filter(|r| matches!(r.status, ErrorStatus::Accepted | ErrorStatus::Panic)).collect();
    if !accepted.is_empty() {
        let _ = writeln!(out, "######## error records not rejected ########\n");
        for r in accepted {
            let tag = if r.status == ErrorStatus::Panic { "error_panic" } else { "error_accepted" };
            let _ = writeln!(out, "==== {tag} | {} | {}", r.engine.as_str(), r.id);
            out.push_str("    -- schema:\n");
            out.push_str(&indent(&r.schema_sql));
            out.push_str("    -- queries:\n");
            out.push_str(&indent(&r.queries_sql));
            let expected = r.expected_error.lines().filter(|l| !l.starts_with("# package")).collect::<Vec<_>>().join(" / ");
            let _ = writeln!(out, "[{tag}] {}: sqlc: {expected}", r.id);
            if !r.detail.is_empty() {
                let _ = writeln!(out, "[{tag}] {}: panic: {}", r.id, r.detail);
            }
            out.push('\n');
        }
    }

    if !res.stale.is_empty() {
        let _ = writeln!(out, "######## stale divergences ########\n");
        for (d, why) in &res.stale {
            let _ = writeln!(out, "[stale] {} {}: {why}", d.id, d.category);
        }
        out.push('\n');
    }

    let mut unknown: Vec<(&str, &String)> =
        res.cases.iter().flat_map(|r| r.sqlc_unknown.iter().map(move |u| (r.id.as_str(), u))).collect();
    unknown.sort();
    if !unknown.is_empty() {
        let _ = writeln!(out, "######## unverified items (sqlc: other, sqlweave: concrete) ########\n");
        for (id, u) in unknown {
            let _ = writeln!(out, "[sqlc_unknown] {id} {u}");
        }
    }
    out
}

/// Today's date (UTC) as YYYY-MM-DD, without a date library.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

/// `docs/CONFORMANCE.md`: deterministic for a given corpus and analyzer, except the date line.
pub fn conformance_md(res: &RunResults, date: &str) -> String {
    let mut out = String::new();
    out.push_str(
        "# Conformance with sqlc\n\n\
_Generated by `cargo run -p xtask -- conformance --write-docs`; do not edit by hand._\n\n\
sqlweave is checked against the end-to-end fixtures of sqlc (the corpus in `shared/corpus/sqlc`, \
see its README): for every annotated query, sqlweave analyses the fixture's schema and query \
in-process and its result is compared with the types sqlc generated.\n\n\
## What is measured\n\n\
- **Records** of `cases.jsonl` for the engine. Skipped: records whose golden holds only with a \
live database (`contexts == [\"managed-db\"]`), and records with type overrides or options that \
change types or names (`has_overrides`, `overrides`, `rename`).\n\
- **Analysed OK**: sqlweave analysed the query without an error (else `analysis_error`; a panic is \
`panic`, a bug).\n\
- Compared, in order: the parameter count (`param_count`), then each parameter's base type \
(`param_type`) and nullability (`param_nullability`); the column count (`column_count`), then \
each column's name (`column_name`), base type (`column_type`) and nullability \
(`column_nullability`). Nullability is compared only where sqlc's Go type says it.\n\
- **Exact match**: everything compared agrees. **Matches, sqlc type unknown**: everything agrees \
but sqlc typed some item `other` (Go `any`, or a type outside the normalized set) where sqlweave \
has a concrete type, and no divergence entry vouches for ours: not counted, since nothing was \
verified. **Justified divergence**: every differing item, and every item sqlc left untyped, is \
excused by an entry of `xtask/conformance/divergences.json` that says why ours is the database's \
answer (sqlc is wrong by the database's semantics, or declines to type what the database types). \
An entry names a record and a category, and optionally one item (`param 2 (name)`); an entry that \
excuses nothing is reported as stale. **Mismatching**: anything else; a record counts once in each \
category it has.\n\
- **Analyze records** (`analyze_cases.jsonl`, a table of their own): queries of sqlc's `analyze` \
fixtures, whose expected items are sqlc's analyzer output (SQL type names, mapped to the same \
bases, and NOT NULL for every parameter and column); compared like the others. A `sqlc.slice` \
parameter, described there by its element, is compared as a list.\n\
- **Error records** (`error_cases.jsonl`): fixtures sqlc rejects; sqlweave must reject them too \
(analysis has errors). Records whose error comes from sqlc's Go code generator, its config checks \
or `vet` rules are not applicable. An accepted record listed in `divergences.json` with category \
`error_accepted` is one the database itself runs (checked on a real server), so sqlc is wrong to \
reject it.\n\n\
### Comparison rules\n\n\
- IR types map to the corpus's bases: `I16`/`I32`/`I64` → int16/int32/int64; `Unsigned(n)` → the \
smallest signed base that holds it (8 → int16, 16 → int32, 32 and 64 → int64, as the corpus \
normalizes Go's `uint32`), and the record's `unsigned` flag must agree; `F32`/`F64` → \
float32/float64; `Timestamp`/`TimestampTz` → timestamp; `Inet` and `Any` → other; `Array` → array \
(elements compared when the record gives them); a list parameter (`sqlc.slice`) is an array of its \
element type; enums compare by base only (Go names are not SQL names).\n\
- A record's `other` matches any type of ours: exactly when ours is also other, else as \"sqlc type \
unknown\". Where the record notes that Go's `time.Time` stands for date, time and timestamp, \
any of the three matches; where it notes a nullable MySQL blob/decimal read as `sql.NullString`, \
text, bytes and numeric match.\n\
- Column names compare case-insensitively and ignoring underscores (the corpus reads names back \
from Go identifiers: `val2` comes back as `val_2`). sqlc names an unnamed expression `column_N`, or \
after a called function (`substr`), or `exists`/`not_exists`; sqlweave names it by its SQL text (as \
SQLite does). So when our name is expression text, a record's `column_N` matches, and so does a \
record's name equal to the text's leading words before `(`. sqlc makes Go names unique (`bar`, \
`bar_2`; a column `id` beside a parameter `id` becomes `id_2`): a record's `X_N` matches our `X` \
when an earlier column or a parameter of ours is also `X`. When our columns carry the record's \
names in another order, that is one `column_name` item (\"column order\") and the columns are then \
paired by name. A `sqlc.embed(t)` column matches a run of our columns from one table.\n\
- Columns are compared only for kinds that return rows in sqlc (`:one`, `:many`, `:batchone`, \
`:batchmany`); for `:exec` and the like sqlc generates no row type.\n\
- Driver representations that are not differences: pgx/v5 reads json and jsonb as `[]byte` (a \
record's bytes there matches our json); sqlc reads PostgreSQL's interval as Go `int64` except with \
pgx/v5 (a record's int64 there matches our interval).\n\
- Error records are analysed as the fixture's schema (with any annotated queries cut out, where \
a fixture uses one file for both) and its annotated queries; records that sqlc rejects only with a \
live database are included, since the SQL is wrong all the same.\n\
- Record ids are `case/variant/query_name` (`case/variant` for error records), with `@driver` \
(`@engine` for error records) appended where the corpus repeats one.\n\n\
## How to run\n\n\
```sh\n\
cargo run -p xtask -- conformance [CORPUS_DIR] [--engine sqlite|postgresql|mysql] [--write-docs]\n\
```\n\n\
`CORPUS_DIR` defaults to `../shared/corpus/sqlc` beside the workspace. The full list of \
mismatches, by category and family, goes to `target/conformance/mismatches.txt`. This page is \
rewritten with `--write-docs`, which needs all three engines.\n\n",
    );
    let _ = writeln!(out, "## Results\n\nRun on {date}.\n");
    out.push_str(&summary_tables(res));
    out.push_str("\n### Largest mismatch families\n\n| records | category | what differs | example |\n|---:|---|---|---|\n");
    for f in families(res).into_iter().take(15) {
        let _ = writeln!(out, "| {} | `{}` | {} | `{}` |", f.records, f.category.as_str(), f.signature.replace('|', "\\|"), f.example_id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_messages() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(
            normalize_message("query.sql:3:8: error: unknown column `foo` in `bar` (hint: did you mean `fo`?)"),
            "unknown column `_` in `_`"
        );
        assert_eq!(normalize_message("index out of bounds at crates/x/src/a.rs:12"), "index out of bounds");
    }
}
