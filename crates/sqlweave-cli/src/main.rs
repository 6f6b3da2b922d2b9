//! The `sqlweave` binary: glue between the process and [`sqlweave_cli::run`].

use std::io::IsTerminal;
use std::process::ExitCode;

// Generating a large module is mostly parsing and printing Rust (`syn`, `prettyplease`), which
// allocates and frees many small token trees: mimalloc does that in about half the time of the
// system allocator (measured on the 1,000-query scale project; see docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Colour only for a person at a terminal, and never when NO_COLOR asks not to.
    let color = stderr.is_terminal() && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            return ExitCode::from(sqlweave_cli::EXIT_USAGE as u8);
        }
    };
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color, cwd };
    let code = sqlweave_cli::run(std::env::args_os(), &mut console);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
