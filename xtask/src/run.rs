//! Running the corpus: each record analysed in-process, panics caught, results classified.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use serde::Deserialize;
use sqlweave_core::ir::Engine;
use sqlweave_core::Analysis;

use crate::compare::{compare_query, Category, Diff};
use crate::corpus::{parse_engine, Case, ErrorCase};

/// An expected divergence: sqlc is wrong by the database's semantics and sqlweave is right.
#[derive(Debug, Clone, Deserialize)]
pub struct Divergence {
    pub id: String,
    pub category: String,
    /// The one item excused (`param 2 (name)`, as the mismatch list prints it); without it the
    /// entry excuses every item of its category in the record.
    #[serde(default)]
    pub item: Option<String>,
    pub reason: String,
}

impl Divergence {
    fn excuses(&self, id: &str, d: &Diff) -> bool {
        self.id == id && self.category == d.category.as_str() && self.item.as_ref().is_none_or(|i| *i == d.what)
    }
}

#[derive(Debug, Deserialize)]
struct DivergenceFile {
    #[serde(default)]
    divergences: Vec<Divergence>,
}

pub fn read_divergences(path: &Path) -> Result<Vec<Divergence>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let f: DivergenceFile = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for d in &f.divergences {
        match Category::parse(&d.category) {
            _ if d.category == ERROR_ACCEPTED => {}
            Some(Category::Panic) | None => {
                return Err(format!("{}: divergence `{}`: unknown category `{}`", path.display(), d.id, d.category))
            }
            Some(_) => {}
        }
        if d.reason.trim().is_empty() {
            return Err(format!("{}: divergence `{}` gives no reason", path.display(), d.id));
        }
    }
    Ok(f.divergences)
}

/// What became of one record of `cases.jsonl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    SkippedManagedDb,
    SkippedOverrides,
    Exact,
    /// Everything compared matches, but sqlc typed some items `other` where sqlweave is concrete.
    MatchSqlcUnknown,
    /// Every differing item is a listed divergence.
    Justified,
    Mismatch,
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub id: String,
    pub engine: Engine,
    pub query_sql: String,
    pub status: Status,
    /// Differing items not excused by a divergence.
    pub diffs: Vec<Diff>,
    /// Differing items excused by a divergence (with its reason).
    pub justified: Vec<(Diff, String)>,
    /// Items sqlc types `other` and no divergence entry vouches for: `what: sqlc X / sqlweave Y`.
    pub sqlc_unknown: Vec<String>,
    /// From `analyze_cases.jsonl` (reported in a table of its own).
    pub from_analyze: bool,
}

impl CaseResult {
    pub fn analysed_ok(&self) -> bool {
        !matches!(self.status, Status::SkippedManagedDb | Status::SkippedOverrides)
            && !self.diffs.iter().chain(self.justified.iter().map(|(d, _)| d)).any(|d| matches!(d.category, Category::Panic | Category::AnalysisError))
    }
    pub fn primary_category(&self) -> Option<Category> {
        self.diffs.iter().map(|d| d.category).min()
    }
}

/// What became of one record of `error_cases.jsonl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// The expected error is not about SQL (sqlc's Go generator, config, vet).
    NotApplicable,
    Rejected,
    Accepted,
    /// Accepted, and listed in divergences.json (category `error_accepted`): the database runs
    /// the SQL, so sqlc is wrong to reject it.
    AcceptedJustified,
    Panic,
}

#[derive(Debug, Clone)]
pub struct ErrorResult {
    pub id: String,
    pub engine: Engine,
    pub status: ErrorStatus,
    pub expected_error: String,
    /// Our first error, or the panic message.
    pub detail: String,
    pub queries_sql: String,
    pub schema_sql: String,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into `Err(message at location)`. The panic hook is replaced for the
/// whole run (see [`with_quiet_panics`]) so panics are recorded, not printed.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_string());
        LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or(msg)
    })
}

/// Runs `f` with a panic hook that records panics (message and location) instead of printing.
pub fn with_quiet_panics<T>(f: impl FnOnce() -> T) -> T {
    let old = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_string());
        let loc = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let line = format!("{}{loc}", msg.lines().next().unwrap_or(""));
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(line));
    }));
    let r = f();
    panic::set_hook(old);
    r
}

fn first_error(a: &Analysis) -> String {
    a.diagnostics.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_else(|| "error (no message)".into())
}

fn fail(category: Category, got: String) -> Diff {
    Diff { category, what: String::new(), expected: "analysis succeeds".into(), got }
}

/// Analyses and compares one record (which the caller has selected by engine).
pub fn run_case(case: &Case, engine: Engine, divergences: &[Divergence]) -> CaseResult {
    let mut r = CaseResult {
        id: case.id.clone(),
        engine,
        query_sql: case.query_sql.clone(),
        status: Status::Exact,
        diffs: Vec::new(),
        justified: Vec::new(),
        sqlc_unknown: Vec::new(),
        from_analyze: case.from_analyze,
    };
    if case.is_managed_db_only() {
        r.status = Status::SkippedManagedDb;
        return r;
    }
    if case.has_type_overrides() {
        r.status = Status::SkippedOverrides;
        return r;
    }
    let outcome = catch(|| {
        let a = sqlweave_core::analyze_sql(engine, &case.schema_sql, &case.query_sql);
        if a.has_errors() {
            return Err(first_error(&a));
        }
        let Some(ir) = a.ir.as_ref() else { return Err("no IR and no error".into()) };
        let q = ir.queries.iter().find(|q| q.name == case.query_name).or(if ir.queries.len() == 1 { ir.queries.first() } else { None });
        match q {
            Some(q) => Ok(compare_query(case, q)),
            None => Err(format!("no query `{}` in the analysis ({} queries found)", case.query_name, ir.queries.len())),
        }
    });
    let diffs = match outcome {
        Err(p) => vec![fail(Category::Panic, p)],
        Ok(Err(e)) => vec![fail(Category::AnalysisError, e)],
        Ok(Ok(o)) => {
            // An item sqlc leaves untyped counts as justified only once a divergence entry of its
            // category says why sqlweave's type is the database's.
            for u in o.sqlc_unknown {
                match divergences.iter().find(|v| v.excuses(&case.id, &u)) {
                    Some(v) => r.justified.push((u, v.reason.clone())),
                    None => r.sqlc_unknown.push(format!("{}: sqlc {} / sqlweave {}", u.what, u.expected, u.got)),
                }
            }
            o.diffs
        }
    };
    for d in diffs {
        let div = (d.category != Category::Panic)
            .then(|| divergences.iter().find(|v| v.excuses(&case.id, &d)))
            .flatten();
        match div {
            Some(v) => r.justified.push((d, v.reason.clone())),
            None => r.diffs.push(d),
        }
    }
    r.status = if !r.diffs.is_empty() {
        Status::Mismatch
    } else if !r.sqlc_unknown.is_empty() {
        Status::MatchSqlcUnknown
    } else if !r.justified.is_empty() {
        Status::Justified
    } else {
        Status::Exact
    };
    r
}

pub fn run_error_case(rec: &ErrorCase, engine: Engine, divergences: &[Divergence]) -> ErrorResult {
    let queries_sql = rec.queries_sql();
    let mut r = ErrorResult {
        id: rec.id.clone(),
        engine,
        status: ErrorStatus::NotApplicable,
        expected_error: rec.expected_error(),
        detail: String::new(),
        queries_sql: queries_sql.clone(),
        schema_sql: rec.schema_only_sql(),
    };
    if !rec.is_sql_error() {
        return r;
    }
    let schema = r.schema_sql.clone();
    match catch(|| sqlweave_core::analyze_sql(engine, &schema, &queries_sql)) {
        Err(p) => {
            r.status = ErrorStatus::Panic;
            r.detail = p;
        }
        Ok(a) if a.has_errors() => {
            r.status = ErrorStatus::Rejected;
            r.detail = first_error(&a);
        }
        Ok(_) => match divergences.iter().find(|d| d.id == rec.id && d.category == ERROR_ACCEPTED) {
            Some(d) => {
                r.status = ErrorStatus::AcceptedJustified;
                r.detail = d.reason.clone();
            }
            None => r.status = ErrorStatus::Accepted,
        },
    }
    r
}

/// The divergences.json category of an error record that sqlweave rightly accepts.
pub const ERROR_ACCEPTED: &str = "error_accepted";

/// Everything one run produced.
#[derive(Debug, Default)]
pub struct RunResults {
    pub engines: Vec<Engine>,
    pub cases: Vec<CaseResult>,
    pub errors: Vec<ErrorResult>,
    /// Divergences that excuse nothing any more: (entry, why stale).
    pub stale: Vec<(Divergence, String)>,
}

/// Runs all records of the selected engines.
pub fn run_all(cases: &[Case], errors: &[ErrorCase], engines: &[Engine], divergences: &[Divergence]) -> RunResults {
    let mut res = RunResults { engines: engines.to_vec(), ..RunResults::default() };
    with_quiet_panics(|| {
        for c in cases {
            let Some(e) = parse_engine(&c.engine) else { continue };
            if engines.contains(&e) {
                res.cases.push(run_case(c, e, divergences));
            }
        }
        for c in errors {
            let Some(e) = parse_engine(&c.engine) else { continue };
            if engines.contains(&e) {
                res.errors.push(run_error_case(c, e, divergences));
            }
        }
    });
    // Stale divergences: the record is gone, or was run and no differing item of that category
    // remains. Records not run (engine not selected, skipped) say nothing.
    let all_ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).chain(errors.iter().map(|c| c.id.as_str())).collect();
    let error_run: BTreeMap<&str, ErrorStatus> = res.errors.iter().map(|r| (r.id.as_str(), r.status)).collect();
    let used: BTreeSet<(String, String, Option<String>)> = res
        .cases
        .iter()
        .flat_map(|r| {
            r.justified.iter().flat_map(move |(d, _)| {
                let key = |item: Option<String>| (r.id.clone(), d.category.as_str().to_string(), item);
                [key(None), key(Some(d.what.clone()))]
            })
        })
        .collect();
    let run: BTreeMap<&str, &CaseResult> = res
        .cases
        .iter()
        .filter(|r| !matches!(r.status, Status::SkippedManagedDb | Status::SkippedOverrides))
        .map(|r| (r.id.as_str(), r))
        .collect();
    for d in divergences {
        if !all_ids.contains(d.id.as_str()) {
            res.stale.push((d.clone(), "no such record in the corpus".into()));
        } else if d.category == ERROR_ACCEPTED {
            if let Some(st) = error_run.get(d.id.as_str()).filter(|st| **st != ErrorStatus::AcceptedJustified) {
                res.stale.push((d.clone(), format!("the error record is no longer accepted ({st:?})")));
            }
        } else if let Some(r) = run.get(d.id.as_str()) {
            if !used.contains(&(d.id.clone(), d.category.clone(), d.item.clone())) {
                let why = if r.status == Status::Exact { "the record now matches exactly".to_string() } else { format!("no {} difference any more", d.category) };
                res.stale.push((d.clone(), why));
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Item, Norm};

    fn sqlite_case(id: &str, base: &str) -> Case {
        Case {
            case: id.into(),
            id: id.into(),
            engine: "sqlite".into(),
            driver: "database/sql".into(),
            schema_sql: "CREATE TABLE t (id INTEGER NOT NULL);".into(),
            query_name: "Get".into(),
            query_kind: ":one".into(),
            query_sql: "-- name: Get :one\nSELECT id FROM t;".into(),
            columns: vec![Item {
                name: "id".into(),
                go_type: "int64".into(),
                norm: Norm { base: base.into(), nullable: Some(false), ..Norm::default() },
                embed: false,
            }],
            ..Case::default()
        }
    }

    fn div(id: &str, category: &str) -> Divergence {
        Divergence { id: id.into(), category: category.into(), item: None, reason: "test".into() }
    }

    #[test]
    fn divergences_justify_mismatches_and_go_stale() {
        let cases = vec![sqlite_case("exact", "int64"), sqlite_case("wrong", "text"), sqlite_case("unlisted", "bool")];
        let divs = vec![div("exact", "column_type"), div("wrong", "column_type"), div("gone", "column_type")];
        let res = run_all(&cases, &[], &[Engine::Sqlite], &divs);
        let status: Vec<Status> = res.cases.iter().map(|r| r.status).collect();
        assert_eq!(status, vec![Status::Exact, Status::Justified, Status::Mismatch]);
        assert_eq!(res.cases[2].diffs[0].category, Category::ColumnType);
        let stale: Vec<(&str, &str)> = res.stale.iter().map(|(d, why)| (d.id.as_str(), why.as_str())).collect();
        assert_eq!(stale, vec![("exact", "the record now matches exactly"), ("gone", "no such record in the corpus")]);
    }

    #[test]
    fn an_entry_naming_an_item_excuses_only_that_item() {
        let mut c = sqlite_case("two", "text");
        c.schema_sql = "CREATE TABLE t (id INTEGER NOT NULL, n INTEGER NOT NULL);".into();
        c.query_sql = "-- name: Get :one\nSELECT id, n FROM t;".into();
        let mut second = c.columns[0].clone();
        second.name = "n".into();
        c.columns.push(second);
        let only_first = Divergence { item: Some("column 1 (id)".into()), ..div("two", "column_type") };
        let res = run_all(std::slice::from_ref(&c), &[], &[Engine::Sqlite], &[only_first]);
        assert_eq!(res.cases[0].status, Status::Mismatch);
        assert_eq!(res.cases[0].justified.len(), 1);
        assert_eq!(res.cases[0].diffs.iter().map(|d| d.what.as_str()).collect::<Vec<_>>(), ["column 2 (n)"]);
        assert!(res.stale.is_empty());
        let wrong_item = Divergence { item: Some("column 9 (zz)".into()), ..div("two", "column_type") };
        let res = run_all(&[c], &[], &[Engine::Sqlite], &[wrong_item]);
        assert_eq!(res.cases[0].diffs.len(), 2);
        assert_eq!(res.stale.len(), 1, "an entry for an item that does not differ is stale");
    }

    #[test]
    fn untyped_sqlc_items_count_only_when_a_divergence_vouches_for_them() {
        let mut vouched = sqlite_case("vouched", "other");
        vouched.columns[0].norm.unknown = true;
        let mut bare = sqlite_case("bare", "other");
        bare.columns[0].norm.unknown = true;
        // The entry's category must be the item's: a param_type entry does not vouch for a column.
        let mut wrong_cat = sqlite_case("wrong_cat", "other");
        wrong_cat.columns[0].norm.unknown = true;
        let divs = vec![div("vouched", "column_type"), div("wrong_cat", "param_type")];
        let res = run_all(&[vouched, bare, wrong_cat], &[], &[Engine::Sqlite], &divs);
        let status: Vec<Status> = res.cases.iter().map(|r| r.status).collect();
        assert_eq!(status, vec![Status::Justified, Status::MatchSqlcUnknown, Status::MatchSqlcUnknown]);
        assert_eq!(res.cases[0].justified[0].0.what, "column 1 (id)");
        assert_eq!(res.cases[0].justified[0].0.got, "int64");
        assert_eq!(res.cases[1].sqlc_unknown.len(), 1);
        let stale: Vec<&str> = res.stale.iter().map(|(d, _)| d.id.as_str()).collect();
        assert_eq!(stale, vec!["wrong_cat"], "an entry that vouches for nothing is stale");
    }

    #[test]
    fn skips_managed_db_and_overrides_and_catches_panics() {
        let mut managed = sqlite_case("m", "int64");
        managed.contexts = Some(vec!["managed-db".into()]);
        let mut over = sqlite_case("o", "int64");
        over.options.insert("overrides".into(), serde_json::json!([]));
        let res = run_all(&[managed, over], &[], &[Engine::Sqlite], &[]);
        assert_eq!(res.cases[0].status, Status::SkippedManagedDb);
        assert_eq!(res.cases[1].status, Status::SkippedOverrides);
        let r = with_quiet_panics(|| catch(|| -> u8 { panic!("boom {}", 7) }));
        let msg = r.unwrap_err();
        assert!(msg.starts_with("boom 7 at "), "{msg}");
    }

    #[test]
    fn error_records_must_be_rejected() {
        let rec = |schema: &str, err: &str| ErrorCase {
            case: "c".into(),
            id: "c/".into(),
            engine: "sqlite".into(),
            command: "generate".into(),
            schema_sql: schema.into(),
            queries: vec![crate::corpus::ErrorQuery {
                file: "query.sql".into(),
                query_name: "Get".into(),
                query_sql: "-- name: Get :one\nSELECT nope FROM t;".into(),
            }],
            expected_errors: [("*".to_string(), serde_json::json!(err))].into_iter().collect(),
            ..ErrorCase::default()
        };
        let bad = rec("CREATE TABLE t (id INTEGER);", "query.sql:1:1: column \"nope\" does not exist");
        assert_eq!(run_error_case(&bad, Engine::Sqlite, &[]).status, ErrorStatus::Rejected);
        let ok = rec("CREATE TABLE t (nope INTEGER);", "query.sql:1:1: column \"nope\" does not exist");
        assert_eq!(run_error_case(&ok, Engine::Sqlite, &[]).status, ErrorStatus::Accepted);
        let why = Divergence { id: ok.id.clone(), category: ERROR_ACCEPTED.into(), item: None, reason: "the server runs it".into() };
        assert_eq!(run_error_case(&ok, Engine::Sqlite, std::slice::from_ref(&why)).status, ErrorStatus::AcceptedJustified);
        let go = rec("CREATE TABLE t (id INTEGER);", "# package \nerror generating code: struct name conflicts");
        assert_eq!(run_error_case(&go, Engine::Sqlite, &[]).status, ErrorStatus::NotApplicable);
    }
}
