//! The `sqlweave` command line, as a library so that tests (and anything else) can run it
//! in-process: [`run`] takes the arguments and a [`Console`] (output streams, colour, working
//! directory) and returns the exit code. `main.rs` only wires the real process to it.
//!
//! Each command is a short function over three layers with one job each:
//! [`project`] finds and reads the config and analyses its blocks (printing diagnostics),
//! [`output`] turns IRs into file contents and writes or compares them, [`summary`] prints the
//! human-readable analysis.
//!
//! Exit codes: [`EXIT_OK`] (0) for success, [`EXIT_FAILURE`] (1) when the input was understood but
//! is wrong or the outputs are stale (analysis errors, `check` finding a difference, refusing to
//! overwrite a hand-written file, I/O errors while writing), [`EXIT_USAGE`] (2) when the command
//! line or the config file itself is wrong (unknown flag, missing or malformed config).
//!
//! Invariants: `generate` writes nothing unless every block analysed and generated cleanly and no
//! output would clobber a file sqlweave did not write; each output is replaced atomically (temp
//! file + rename) and only when its content changes. No user input may cause a panic.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

pub mod output;
pub mod project;
pub mod summary;
pub mod verify;

/// Success.
pub const EXIT_OK: i32 = 0;
/// The input was read but is wrong, or the outputs are not up to date, or writing failed.
pub const EXIT_FAILURE: i32 = 1;
/// The command line or the config file is wrong.
pub const EXIT_USAGE: i32 = 2;

/// Where a run reads and writes: the process's streams in `main`, buffers in tests.
pub struct Console<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether diagnostics on stderr may use ANSI colours.
    pub color: bool,
    /// The directory relative paths (`-f`, `--dir`, the default config) are resolved against.
    pub cwd: PathBuf,
}

impl Console<'_> {
    /// Prints a line to stdout. Write errors (a closed pipe) are ignored: there is nowhere to
    /// report them, and the exit code still says how the command went.
    pub fn out(&mut self, line: impl std::fmt::Display) {
        let _ = writeln!(self.stdout, "{line}");
    }
    /// Prints a line to stderr.
    pub fn err(&mut self, line: impl std::fmt::Display) {
        let _ = writeln!(self.stderr, "{line}");
    }
    /// Prints already-formatted text (diagnostics) to stderr as is.
    pub fn err_raw(&mut self, text: &str) {
        let _ = self.stderr.write_all(text.as_bytes());
    }
}

/// sqlweave: typed Rust from SQL schema and annotated queries.
#[derive(Debug, Parser)]
#[command(name = "sqlweave", version, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. Each takes the config the same way ([`ConfigArg`]), so a new one (`vet`,
/// `verify`, `migrate`) is one variant and one function in [`run`].
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter sqlweave.toml.
    Init {
        /// Directory to write it in (created if missing).
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Analyse the queries and write the generated Rust modules.
    Generate(ConfigArg),
    /// Fail if a query is invalid or a generated module is not what `generate` would write (for CI).
    Check(ConfigArg),
    /// Print what the analyzer inferred: a summary, or the IR as JSON.
    Analyze {
        #[command(flatten)]
        config: ConfigArg,
        /// Print the IR of every block as JSON: {"blocks": [...]}.
        #[arg(long)]
        json: bool,
    },
    /// Prepare every PostgreSQL query on a live server (in a scratch database) and compare the
    /// server's parameter and column types with sqlweave's inference.
    Verify {
        #[command(flatten)]
        config: ConfigArg,
        /// The server to use [default: $SQLWEAVE_PG_URL, else
        /// postgres://postgres@127.0.0.1:5432/postgres].
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

/// The server `verify` uses when neither `--url` nor `SQLWEAVE_PG_URL` names one.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Which config file to read.
#[derive(Debug, Clone, Args)]
pub struct ConfigArg {
    /// Config file [default: sqlweave.toml, else sqlc.yaml, sqlc.yml or sqlc.json in the current
    /// directory].
    #[arg(short = 'f', long = "file", value_name = "CONFIG")]
    pub file: Option<PathBuf>,
}

/// Why a command stopped early; [`run`] prints it and maps it to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// The command line or the config is wrong: `error: <message>`, exit 2.
    Usage(String),
    /// The input or the outputs are wrong: `error: <message>`, exit 1.
    Failed(String),
    /// Exit 1; everything was already reported (diagnostics, per-file messages).
    Reported,
}

/// Runs the command line `args` (the first item is the program name) and returns the exit code.
pub fn run<I, T>(args: I, console: &mut Console) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0; usage errors to stderr with exit 2.
            let text = if console.color { e.render().ansi().to_string() } else { e.render().to_string() };
            if e.use_stderr() {
                let _ = write!(console.stderr, "{text}");
            } else {
                let _ = write!(console.stdout, "{text}");
            }
            return e.exit_code();
        }
    };
    let result = match &cli.command {
        Command::Init { dir } => init(console, dir),
        Command::Generate(c) => generate(console, c),
        Command::Check(c) => check(console, c),
        Command::Analyze { config, json } => analyze(console, config, *json),
        Command::Verify { config, url } => verify(console, config, url.as_deref()),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(Failure::Usage(m)) => {
            console.err(format_args!("error: {m}"));
            EXIT_USAGE
        }
        Err(Failure::Failed(m)) => {
            console.err(format_args!("error: {m}"));
            EXIT_FAILURE
        }
        Err(Failure::Reported) => EXIT_FAILURE,
    }
}

/// `sqlweave init`: writes the starter config, never over an existing one.
fn init(console: &mut Console, dir: &Path) -> Result<(), Failure> {
    use sqlweave_core::config::{CONFIG_FILE_NAMES, STARTER_CONFIG};
    let full_dir = console.cwd.join(dir);
    let shown = project::shown_join(dir, Path::new(CONFIG_FILE_NAMES[0]));
    std::fs::create_dir_all(&full_dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", dir.display())))?;
    let path = full_dir.join(CONFIG_FILE_NAMES[0]);
    // `create_new` makes the existence check and the creation one step, so a config that appears
    // in between is not clobbered either.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::Failed(format!("{} already exists; not overwriting it", shown.display())))
        }
        Err(e) => return Err(Failure::Failed(format!("cannot create {}: {e}", shown.display()))),
    };
    file.write_all(STARTER_CONFIG.as_bytes())
        .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", shown.display())))?;
    console.out(format_args!("wrote {}", shown.display()));
    for other in &CONFIG_FILE_NAMES[1..] {
        if full_dir.join(other).is_file() {
            console.out(format_args!("note: {other} is here too; sqlweave reads {} first", CONFIG_FILE_NAMES[0]));
        }
    }
    console.out("next: write your schema and queries where it says, then run `sqlweave generate`");
    Ok(())
}

/// `sqlweave generate`: analyse every block, generate every module in memory, then write.
fn generate(console: &mut Console, arg: &ConfigArg) -> Result<(), Failure> {
    let project = project::Project::load(console, arg.file.as_deref())?;
    let blocks = project.analyze(console).map_err(|f| match f {
        Failure::Failed(m) => Failure::Failed(format!("{m}; nothing was written")),
        other => other,
    })?;
    let outputs = output::generate_all(console, &blocks).map_err(|_| Failure::Failed("nothing was written".into()))?;
    output::write_all(console, &outputs)
}

/// `sqlweave check`: like `generate`, but compares instead of writing.
fn check(console: &mut Console, arg: &ConfigArg) -> Result<(), Failure> {
    let project = project::Project::load(console, arg.file.as_deref())?;
    let blocks = project.analyze(console)?;
    let outputs = output::generate_all(console, &blocks)?;
    output::check_all(console, &outputs)?;
    let queries: usize = blocks.iter().map(|b| b.ir.queries.len()).sum();
    console.out(format_args!(
        "ok: {} in {}",
        summary::count(queries, "query", "queries"),
        summary::count(blocks.len(), "block", "blocks")
    ));
    Ok(())
}

/// `sqlweave analyze`: print the IR, as JSON or as a summary.
fn analyze(console: &mut Console, arg: &ConfigArg, json: bool) -> Result<(), Failure> {
    let project = project::Project::load(console, arg.file.as_deref())?;
    let blocks = project.analyze(console)?;
    if json {
        let text = summary::json(&blocks).map_err(|e| Failure::Failed(format!("cannot serialise the IR: {e}")))?;
        console.out(text);
    } else {
        let text = summary::human(&blocks);
        let _ = console.stdout.write_all(text.as_bytes());
    }
    Ok(())
}

/// `sqlweave verify`: every query of every PostgreSQL block prepared on a live server; fails on
/// any disagreement between the server's types and sqlweave's.
fn verify(console: &mut Console, arg: &ConfigArg, url: Option<&str>) -> Result<(), Failure> {
    let project = project::Project::load(console, arg.file.as_deref())?;
    let url = match url {
        Some(u) => u.to_string(),
        None => std::env::var("SQLWEAVE_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_string()),
    };
    let t = verify::run(console, &project, &url)?;
    console.out(format_args!(
        "verified {} in {}: {} agree, {}",
        summary::count(t.queries, "query", "queries"),
        summary::count(t.blocks, "block", "blocks"),
        summary::count(t.agreements, "type", "types"),
        summary::count(t.disagreements, "disagreement", "disagreements")
    ));
    if t.disagreements > 0 {
        return Err(Failure::Failed(format!(
            "sqlweave and the server disagree on {}",
            summary::count(t.disagreements, "item", "items")
        )));
    }
    Ok(())
}
