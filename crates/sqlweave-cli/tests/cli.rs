//! The command line run in-process against temporary projects: config handling, file safety,
//! exit codes. Nothing here depends on what the analyzer infers (see `cli_analysis.rs` for that).

use std::fs;
use std::io::Write as _;
use std::path::Path;

use sqlweave_core::config::{Config, STARTER_CONFIG};

/// What one run printed and returned.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `sqlweave ARGS` with `dir` as the working directory.
fn sqlweave(dir: &Path, args: &[&str]) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console =
        sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: dir.to_path_buf() };
    let code = sqlweave_cli::run(std::iter::once("sqlweave").chain(args.iter().copied()), &mut console);
    Run { code, stdout: String::from_utf8(out).unwrap(), stderr: String::from_utf8(err).unwrap() }
}

const SCHEMA: &str = "CREATE TABLE authors (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  bio TEXT\n);\n";
const QUERIES: &str = "-- name: GetAuthor :one\nSELECT id, name, bio FROM authors WHERE id = ?;\n";
const CONFIG: &str =
    "[[sql]]\nengine = \"sqlite\"\nschema = \"schema.sql\"\nqueries = \"queries/\"\nout = \"src/db.rs\"\n";

/// A project with a schema, a query folder and a `sqlweave.toml` writing `src/db.rs`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schema.sql", SCHEMA);
    write(dir.path(), "queries/authors.sql", QUERIES);
    write(dir.path(), "sqlweave.toml", CONFIG);
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap()
}

fn assert_code(run: &Run, code: i32) {
    assert_eq!(run.code, code, "unexpected exit code; {run:#?}");
}

#[test]
fn init_writes_a_config_that_parses_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlweave(dir.path(), &["init"]);
    assert_code(&run, 0);
    assert!(run.stdout.contains("wrote sqlweave.toml"), "{run:#?}");
    let text = read(dir.path(), "sqlweave.toml");
    assert_eq!(text, STARTER_CONFIG);
    let config = Config::parse(&text, dir.path()).expect("the starter config parses");
    assert_eq!(config.sql.len(), 1);

    fs::write(dir.path().join("sqlweave.toml"), "# mine\n").unwrap();
    let run = sqlweave(dir.path(), &["init"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("sqlweave.toml already exists"), "{run:#?}");
    assert_eq!(read(dir.path(), "sqlweave.toml"), "# mine\n", "init must not touch an existing config");
}

#[test]
fn init_dir_creates_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlweave(dir.path(), &["init", "--dir", "app/db"]);
    assert_code(&run, 0);
    assert!(run.stdout.contains("wrote app/db/sqlweave.toml"), "{run:#?}");
    assert_eq!(read(dir.path(), "app/db/sqlweave.toml"), STARTER_CONFIG);
}

#[test]
fn generate_writes_the_module_with_the_header() {
    let dir = project();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote src/db.rs ("), "{run:#?}");
    let module = read(dir.path(), "src/db.rs");
    assert!(module.starts_with(sqlweave_core::codegen::HEADER_PREFIX), "{module}");
    // Only the module: no temporary file left next to it.
    let names: Vec<_> = fs::read_dir(dir.path().join("src")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("db.rs")]);
}

#[test]
fn generate_is_idempotent_and_does_not_touch_an_unchanged_file() {
    let dir = project();
    assert_code(&sqlweave(dir.path(), &["generate"]), 0);
    let path = dir.path().join("src/db.rs");
    let before = fs::metadata(&path).unwrap();
    let content = fs::read(&path).unwrap();

    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("unchanged src/db.rs ("), "{run:#?}");
    let after = fs::metadata(&path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), content);
    assert_eq!(before.modified().unwrap(), after.modified().unwrap(), "mtime changed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(before.ino(), after.ino(), "the file was replaced");
    }
}

#[test]
fn generate_replaces_a_stale_generated_file() {
    let dir = project();
    let stale = format!("{} v0.0.0. DO NOT EDIT.\n// old\n", sqlweave_core::codegen::HEADER_PREFIX);
    write(dir.path(), "src/db.rs", &stale);
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote src/db.rs"), "{run:#?}");
    assert_ne!(read(dir.path(), "src/db.rs"), stale);
}

#[test]
fn generate_refuses_to_overwrite_a_hand_written_file() {
    let dir = project();
    let mine = "// my own module\npub fn keep_me() {}\n";
    write(dir.path(), "src/db.rs", mine);
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.contains("refusing to overwrite src/db.rs: it was not generated by sqlweave"),
        "{run:#?}"
    );
    assert_eq!(fs::read(dir.path().join("src/db.rs")).unwrap(), mine.as_bytes());
}

#[test]
fn a_refused_output_stops_every_block_from_being_written() {
    let dir = project();
    fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("sqlweave.toml"))
        .unwrap()
        .write_all(b"\n[[sql]]\nengine = \"sqlite\"\nschema = \"schema.sql\"\nqueries = \"queries/\"\nout = \"other/db.rs\"\n")
        .unwrap();
    write(dir.path(), "other/db.rs", "hand written\n");
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("refusing to overwrite other/db.rs"), "{run:#?}");
    assert!(run.stderr.contains("nothing was written"), "{run:#?}");
    assert!(!dir.path().join("src/db.rs").exists(), "the first block was written anyway");
    assert_eq!(read(dir.path(), "other/db.rs"), "hand written\n");
}

#[test]
fn a_config_syntax_error_gives_exit_2_and_a_located_message() {
    let dir = project();
    write(dir.path(), "sqlweave.toml", "[[sql]]\nengine = sqlite\nschema = [\"schema.sql\"]\n");
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: sqlweave.toml:2:10: "), "{run:#?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
    assert!(!dir.path().join("src").exists());
}

#[test]
fn an_unknown_config_key_gives_exit_2_at_its_position() {
    let dir = project();
    write(dir.path(), "sqlweave.toml", &format!("{CONFIG}outt = \"x.rs\"\n"));
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: sqlweave.toml:6:1: unknown field `outt`"), "{run:#?}");
}

#[test]
fn an_unknown_engine_gives_exit_2_at_its_position() {
    let dir = project();
    write(dir.path(), "sqlweave.toml", &CONFIG.replace("\"sqlite\"", "\"oracle\""));
    let run = sqlweave(dir.path(), &["analyze"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: sqlweave.toml:2:10: unknown variant `oracle`"), "{run:#?}");
}

#[test]
fn a_missing_config_gives_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("no sqlweave.toml") && run.stderr.contains("sqlweave init"), "{run:#?}");
    let run = sqlweave(dir.path(), &["check", "-f", "nope.toml"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: nope.toml: cannot read the config"), "{run:#?}");
}

#[test]
fn two_blocks_writing_one_file_give_exit_2() {
    let dir = project();
    write(dir.path(), "sqlweave.toml", &format!("{CONFIG}\n{}", CONFIG.replace("src/db.rs", "./src/../src/db.rs")));
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("blocks 1 and 2 both write"), "{run:#?}");
}

#[test]
fn a_missing_schema_file_gives_exit_1_and_names_the_file() {
    let dir = project();
    fs::remove_file(dir.path().join("schema.sql")).unwrap();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("schema.sql"), "{run:#?}");
    assert!(run.stderr.contains("nothing was written"), "{run:#?}");
    assert!(!dir.path().join("src/db.rs").exists());
}

#[test]
fn check_passes_after_generate_and_fails_after_a_hand_edit() {
    let dir = project();
    assert_code(&sqlweave(dir.path(), &["generate"]), 0);
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("ok: ") && run.stdout.contains(" in 1 block"), "{run:#?}");

    let edited = read(dir.path(), "src/db.rs").replacen('\n', "\n// hand edit\n", 1);
    write(dir.path(), "src/db.rs", &edited);
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("src/db.rs differs from what `sqlweave generate` would write"), "{run:#?}");
    assert!(run.stderr.contains("@@ line 2 @@") && run.stderr.contains("-// hand edit"), "{run:#?}");
    assert_eq!(read(dir.path(), "src/db.rs"), edited, "check must not write");
}

#[test]
fn check_fails_when_the_output_is_missing() {
    let dir = project();
    let run = sqlweave(dir.path(), &["check"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("src/db.rs is missing"), "{run:#?}");
    assert!(!dir.path().join("src/db.rs").exists());
}

#[test]
fn sqlc_yaml_version_2_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schema.sql", SCHEMA);
    write(dir.path(), "query.sql", QUERIES);
    write(
        dir.path(),
        "sqlc.yaml",
        "version: \"2\"\nsql:\n  - engine: \"sqlite\"\n    queries: \"query.sql\"\n    schema: \"schema.sql\"\n    \
         gen:\n      go:\n        package: \"db\"\n        out: \"internal/db\"\n        emit_json_tags: true\n",
    );
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote internal/db/db.rs"), "{run:#?}");
    assert!(read(dir.path(), "internal/db/db.rs").starts_with(sqlweave_core::codegen::HEADER_PREFIX));
    assert_code(&sqlweave(dir.path(), &["check", "-f", "sqlc.yaml"]), 0);
}

#[test]
fn sqlc_json_is_accepted_and_sqlweave_toml_wins_over_sqlc() {
    let dir = project();
    write(
        dir.path(),
        "sqlc.json",
        r#"{"version": "2", "sql": [{"engine": "sqlite", "schema": "schema.sql", "queries": "queries",
            "gen": {"go": {"out": "gen"}}}]}"#,
    );
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote src/db.rs"), "sqlweave.toml must be preferred; {run:#?}");
    let run = sqlweave(dir.path(), &["generate", "-f", "sqlc.json"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote gen/db.rs"), "{run:#?}");
}

#[test]
fn sqlc_config_errors_are_located_and_give_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sqlc.yaml", "version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n");
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: sqlc.yaml:3:"), "{run:#?}");
    assert!(run.stderr.contains("missing field `gen`"), "{run:#?}");
    write(dir.path(), "sqlc.yaml", "version: \"1\"\npackages: []\n");
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("has no `packages`"), "{run:#?}");
    write(dir.path(), "sqlc.yaml", "version: \"3\"\nsql: []\n");
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("version \"3\" is not supported"), "{run:#?}");
}

#[test]
fn sqlc_version_1_configs_write_into_each_package_path() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schema.sql", SCHEMA);
    write(dir.path(), "queries/authors.sql", QUERIES);
    write(
        dir.path(),
        "sqlc.json",
        r#"{"version": "1", "packages": [{"name": "db", "path": "internal/db", "engine": "sqlite",
            "schema": "schema.sql", "queries": "queries/", "emit_json_tags": true}]}"#,
    );
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote internal/db/db.rs"), "{run:#?}");
    assert!(std::fs::read_to_string(dir.path().join("internal/db/db.rs")).unwrap().contains("pub fn "));
}

#[test]
fn a_config_in_another_directory_is_shown_relative_to_the_working_directory() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("app");
    write(&dir, "schema.sql", SCHEMA);
    write(&dir, "queries/authors.sql", QUERIES);
    write(&dir, "sqlweave.toml", CONFIG);
    let run = sqlweave(root.path(), &["generate", "--file", "app/sqlweave.toml"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("wrote app/src/db.rs"), "{run:#?}");
    assert!(dir.join("src/db.rs").exists());

    fs::remove_file(dir.join("schema.sql")).unwrap();
    let run = sqlweave(root.path(), &["check", "-f", "app/sqlweave.toml"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("app/sqlweave.toml"), "{run:#?}");
}

#[test]
fn analyze_json_prints_one_ir_per_block() {
    let dir = project();
    let run = sqlweave(dir.path(), &["analyze", "--json"]);
    assert_code(&run, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let blocks = v["blocks"].as_array().expect("a blocks array");
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["engine"], "sqlite");
    assert_eq!(blocks[0]["version"], sqlweave_core::ir::IR_VERSION);
}

#[test]
fn analyze_summary_names_the_block() {
    let dir = project();
    let run = sqlweave(dir.path(), &["analyze"]);
    assert_code(&run, 0);
    assert!(run.stdout.starts_with("src/db.rs (sqlite): "), "{run:#?}");
}

#[test]
fn usage_errors_give_exit_2_and_help_gives_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlweave(dir.path(), &[]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("Usage: sqlweave"), "{run:#?}");
    let run = sqlweave(dir.path(), &["generate", "--bogus"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("--bogus"), "{run:#?}");
    let run = sqlweave(dir.path(), &["--help"]);
    assert_code(&run, 0);
    assert!(run.stdout.contains("generate") && run.stdout.contains("check"), "{run:#?}");
    assert!(run.stderr.is_empty());
}

#[test]
fn odd_config_input_never_panics() {
    // Family: configs that are valid in no format, or valid in the wrong one.
    let inputs: &[(&str, &str)] = &[
        ("sqlweave.toml", ""),
        ("sqlweave.toml", "\u{feff}[[sql]]\nengine = \"sqlite\""),
        ("sqlweave.toml", "sql = 3"),
        ("sqlweave.toml", "[[sql]]\nengine = \"sqlite\"\nschema = []\nqueries = []\nout = \"\"\n"),
        ("sqlweave.toml", "[[sql]]\nengine = \"sqlite\"\nschema = []\nqueries = []\nout = \"..\"\n"),
        ("sqlc.yaml", ""),
        ("sqlc.yaml", "- a\n- b\n"),
        ("sqlc.yaml", "version: [1]\n"),
        ("sqlc.yaml", "version: \"2\"\nsql: 7\n"),
        ("sqlc.json", "{"),
        ("sqlc.json", "null"),
    ];
    for (name, text) in inputs {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), name, text);
        for cmd in ["generate", "check", "analyze"] {
            let run = sqlweave(dir.path(), &[cmd]);
            assert!(run.code == 1 || run.code == 2, "{name} {text:?} {cmd}: {run:#?}");
            assert!(run.stderr.starts_with("error: "), "{name} {text:?} {cmd}: {run:#?}");
        }
    }
}

#[test]
fn a_missing_schema_file_under_an_sqlc_config_names_that_config() {
    // The core reports unreadable paths against "sqlweave.toml"; the CLI names the file it read.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "query.sql", QUERIES);
    write(
        dir.path(),
        "sqlc.yml",
        "version: \"2\"\nsql:\n  - engine: sqlite\n    schema: schema.sql\n    queries: query.sql\n    gen: {go: {out: db}}\n",
    );
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("sqlc.yml") && run.stderr.contains("schema.sql"), "{run:#?}");
    assert!(!run.stderr.contains("sqlweave.toml"), "{run:#?}");
    assert!(!dir.path().join("db").exists());
}

/// When one output cannot be written, no output is: every module is staged to a temporary file
/// first, and targets are replaced only once all are staged.
#[test]
fn a_write_failure_in_any_block_writes_no_block() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schema.sql", SCHEMA);
    write(dir.path(), "queries/authors.sql", QUERIES);
    write(dir.path(), "blocker", "a file where the second block wants a directory");
    let block = |out: &str| format!("\n[[sql]]\nengine = \"sqlite\"\nschema = \"schema.sql\"\nqueries = \"queries/\"\nout = \"{out}\"\n");
    // Found when the targets are inspected: a path through a file.
    let mut cases = vec![("blocker/db.rs", "error: cannot read blocker/db.rs:")];
    // Found only when writing: a directory no file can be created in (root may write anywhere
    // else, so use the kernel's).
    if cfg!(target_os = "linux") {
        cases.push(("/proc/sqlweave-test-db.rs", "error: cannot write /proc/sqlweave-test-db.rs:"));
    }
    for (out, message) in cases {
        write(dir.path(), "sqlweave.toml", &format!("{CONFIG}{}", block(out)));
        let run = sqlweave(dir.path(), &["generate"]);
        assert_code(&run, 1);
        assert!(run.stderr.contains(message), "{run:#?}");
        assert!(run.stderr.contains("nothing was written"), "{run:#?}");
        assert!(!run.stdout.contains("wrote"), "{run:#?}");
        assert!(!dir.path().join("src/db.rs").exists(), "the first block's module must not be written");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("src")).map(|d| d.map(|e| e.unwrap().file_name()).collect()).unwrap_or_default();
        assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    }
    // Once the way is clear, both are written.
    write(dir.path(), "sqlweave.toml", &format!("{CONFIG}{}", block("blocker/db.rs")));
    fs::remove_file(dir.path().join("blocker")).unwrap();
    let run = sqlweave(dir.path(), &["generate"]);
    assert_code(&run, 0);
    assert!(run.stdout.contains("wrote src/db.rs") && run.stdout.contains("wrote blocker/db.rs"), "{run:#?}");
}

#[test]
fn verify_says_which_server_it_could_not_reach_and_why() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schema.sql", "CREATE TABLE t (id bigserial PRIMARY KEY, name text NOT NULL);\n");
    write(dir.path(), "queries.sql", "-- name: Get :one\nSELECT name FROM t WHERE id = $1;\n");
    write(dir.path(), "sqlweave.toml", "[[sql]]\nengine = \"postgresql\"\nschema = \"schema.sql\"\nqueries = \"queries.sql\"\nout = \"db.rs\"\n");
    // Port 1 on loopback: nothing listens there.
    let run = sqlweave(dir.path(), &["verify", "--url", "postgres://postgres:hunter2@127.0.0.1:1/x"]);
    assert_code(&run, 1);
    assert!(run.stderr.contains("cannot connect to PostgreSQL at postgres://postgres:***@127.0.0.1:1/x: error connecting to server: "), "{run:#?}");
    assert!(run.stderr.to_lowercase().contains("refused"), "{run:#?}");
    assert!(!run.stderr.contains("hunter2"), "{run:#?}");
    let run = sqlweave(dir.path(), &["verify", "--url", "not a url at all ::"]);
    assert_code(&run, 2);
    assert!(run.stderr.starts_with("error: cannot parse the database URL"), "{run:#?}");
}

/// The benchmark and soak suites (a workspace of their own under `bench/`, not built here) use
/// generated modules too: they must be what `generate` writes today, or the figures measure an
/// older generator.
#[test]
fn bench_generated_modules_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for config in [
        "bench/sqlweave-bench/sqlweave/sqlite/sqlweave.toml",
        "bench/sqlweave-bench/sqlweave/pg/sqlweave.toml",
        "bench/sqlweave-bench/sqlweave/sqlite-entity/sqlweave.toml",
        "bench/soak/sqlweave/sqlite/sqlweave.toml",
        "bench/soak/sqlweave/pg/sqlweave.toml",
    ] {
        let run = sqlweave(&root, &["check", "-f", config]);
        assert_eq!(run.code, 0, "regenerate with `cargo run -p sqlweave-cli -- generate -f {config}`: {run:#?}");
    }
}
