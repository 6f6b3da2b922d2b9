//! Fuzz-style robustness: mutated and truncated SQL must produce diagnostics, never a panic.
//! Deterministic (a fixed-seed xorshift generator), so a failure reproduces exactly.

use sqlweave_core::analyze_sql;
use sqlweave_core::ir::Engine;

const SCHEMA: &str = "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL, bio TEXT, n REAL);\n\
CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id), t TEXT);\n\
CREATE VIEW v AS SELECT a.id, b.t FROM a LEFT JOIN b ON b.a_id = a.id;\n";

const QUERIES: &[&str] = &[
    "-- name: Q :many\nSELECT a.*, b.t FROM a LEFT JOIN b ON b.a_id = a.id WHERE a.id = ? AND b.t LIKE :pat;",
    "-- name: Q :one\nINSERT INTO a (name, bio) VALUES (sqlc.arg(name), sqlc.narg(bio)) ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING *;",
    "-- name: Q :many\nWITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < ?) SELECT x, (SELECT count(*) FROM a) AS c FROM r;",
    "-- name: Q :many\nSELECT coalesce(bio, ?) AS c, CASE WHEN n > 1 THEN 'x' END, row_number() OVER (PARTITION BY bio ORDER BY id) FROM a WHERE id IN (sqlc.slice(ids)) LIMIT ? OFFSET ?;",
    "-- name: Q :execrows\nUPDATE a SET bio = @bio WHERE id = $id AND EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id);",
    "-- name: Q :many\nSELECT id FROM a UNION SELECT a_id FROM b INTERSECT SELECT id FROM v ORDER BY 1;",
];

const TOKENS: &[&str] = &[
    "(", ")", ",", ";", "?", "?1", ":x", "@y", "$z", "sqlc.arg(", "sqlc.slice(", "'", "\"", "[", "`", "--", "/*", "*/", "SELECT", "FROM",
    "WHERE", "JOIN", "LEFT", "ON", "USING", "GROUP BY", "ORDER BY", "UNION", "WITH", "RECURSIVE", "CASE", "END", "NULL", "*", "a.", "b.*",
    "count(", "sum(", "OVER (", "INSERT INTO", "VALUES", "RETURNING", "-- name: X :one\n", "é", "\u{0}", "::int", "= ANY(", "->>",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 => {
                let end = (at + 1 + rng.below(12)).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                for (k, c) in t.chars().enumerate() {
                    chars.insert(at.min(chars.len()) + k, c);
                }
            }
            2 => chars.truncate(at),
            _ => {
                if !chars.is_empty() {
                    let i = rng.below(chars.len());
                    let j = rng.below(chars.len());
                    chars.swap(i, j);
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_queries_and_schemas_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for round in 0..1500 {
        let q = QUERIES[round % QUERIES.len()];
        let mq = mutate(&mut rng, q);
        let ms = if round % 5 == 0 { mutate(&mut rng, SCHEMA) } else { SCHEMA.to_string() };
        for engine in [Engine::Sqlite, Engine::Postgresql] {
            let r = std::panic::catch_unwind(|| analyze_sql(engine, &ms, &mq));
            assert!(r.is_ok(), "panic on round {round} ({engine:?})\nschema:\n{ms}\nquery:\n{mq}");
            let a = r.unwrap();
            // Rendering must not panic either, whatever positions the diagnostics carry.
            let _ = a.render(false);
        }
    }
}

#[test]
fn garbage_never_panics() {
    let mut rng = Rng(42);
    for _ in 0..300 {
        let len = rng.below(80);
        let text: String = (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect::<Vec<_>>().join(" ");
        let r = std::panic::catch_unwind(|| {
            let a = analyze_sql(Engine::Sqlite, &text, &format!("-- name: G :many\n{text}"));
            a.render(false)
        });
        assert!(r.is_ok(), "panic on: {text}");
    }
}

/// Long operator chains and deep nesting recurse once per level in the parser and the analyzer:
/// they must end in a result or a located diagnostic, never in a stack overflow.
#[test]
fn deep_expressions_end_in_a_diagnostic_not_a_stack_overflow() {
    let chain = |n: usize, op: &str, term: &dyn Fn(usize) -> String| (0..n).map(term).collect::<Vec<_>>().join(op);
    // Within the limit: analysed.
    let ok = format!("-- name: Q :many\nSELECT id FROM a WHERE {} OR id = ?;\n", chain(1000, " OR ", &|i| format!("id = {i}")));
    let a = analyze_sql(Engine::Sqlite, SCHEMA, &ok);
    assert!(!a.has_errors(), "{}", a.render(false));
    let concat = format!("-- name: Q :one\nSELECT {} AS s FROM a WHERE id = ?;\n", chain(2000, " || ", &|_| "name".to_string()));
    assert!(!analyze_sql(Engine::Sqlite, SCHEMA, &concat).has_errors());
    // Past it, in a query and in a view of the schema: one diagnostic each, at the expression.
    for n in [5000, 100_000] {
        let deep = format!("-- name: Q :many\nSELECT id FROM a WHERE {} OR id = ?;\n", chain(n, " OR ", &|i| format!("id = {i}")));
        let a = analyze_sql(Engine::Sqlite, SCHEMA, &deep);
        let errors: Vec<String> = a.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].starts_with("query.sql:2:24: error: expression nested more than 3000 levels deep"), "{}", errors[0]);
    }
    let view = format!("{SCHEMA}CREATE VIEW w AS SELECT id FROM a WHERE {};\n", chain(4000, " OR ", &|i| format!("id = {i}")));
    let a = analyze_sql(Engine::Postgresql, &view, "-- name: Q :many\nSELECT id FROM a;\n");
    assert!(a.render(false).contains("expression nested more than 3000 levels deep"), "{}", a.render(false));
    // Nested parentheses and calls stop at the parser's own recursion limit.
    let nested = format!("-- name: Q :one\nSELECT {}1{} AS x;\n", "abs(".repeat(500), ")".repeat(500));
    assert!(analyze_sql(Engine::Sqlite, SCHEMA, &nested).has_errors());
}

/// The token rewrites for syntax the parser lacks (MySQL multi-table UPDATE, PostgreSQL LIKE
/// elements and `RETURNING WITH`) and the engine-specific statements, mutated on every engine.
#[test]
fn mutated_engine_syntax_never_panics() {
    let schema = "CREATE TABLE a (id INT PRIMARY KEY, name TEXT NOT NULL, bio TEXT);\n\
CREATE TABLE b (id INT PRIMARY KEY, a_id INT NOT NULL, t TEXT);\n\
CREATE TABLE c (LIKE a INCLUDING ALL, extra INT, LIKE b EXCLUDING DEFAULTS INCLUDING INDEXES);\n";
    let queries = [
        "-- name: Q :exec\nUPDATE a, b SET a.name = ?, b.t = ? WHERE b.a_id = a.id AND a.bio = ?;",
        "-- name: Q :exec\nUPDATE a x JOIN b y ON y.a_id = x.id SET y.t = (SELECT max(name) FROM a) WHERE x.id IN (?, ?);",
        "-- name: Q :many\nSHOW WARNINGS;",
        "-- name: Q :one\nUPDATE a SET name = $1 WHERE id = $2 RETURNING WITH (OLD AS o, NEW AS n) o.name, n.name, n.*;",
        "-- name: Q :many\nSELECT FROM c WHERE extra = $1 AND CASE $2 WHEN 'x' THEN true END;",
        "-- name: Q :many\nSELECT CASE WHEN id > 1 THEN name ELSE id END, max(id, name), coalesce(bio, id) FROM a UNION SELECT t, a_id, 1 FROM b;",
    ];
    let mut rng = Rng(0xfeed_5678_0bad_cafe);
    for round in 0..1200 {
        let q = queries[round % queries.len()];
        let mq = mutate(&mut rng, q);
        let ms = if round % 4 == 0 { mutate(&mut rng, schema) } else { schema.to_string() };
        for engine in [Engine::Sqlite, Engine::Postgresql, Engine::Mysql] {
            let r = std::panic::catch_unwind(|| analyze_sql(engine, &ms, &mq).render(false));
            assert!(r.is_ok(), "panic on round {round} ({engine:?})\nschema:\n{ms}\nquery:\n{mq}");
        }
    }
}
