//! Finding and reading the config, and analysing its blocks.
//!
//! Paths are shown to the user as they would type them from the directory they ran sqlweave in:
//! with `-f sub/sqlweave.toml`, a query file `q.sql` is shown as `sub/q.sql` and the output as
//! `sub/src/db.rs`, so the `file:line:col` of a diagnostic can be opened directly.

use std::path::{Path, PathBuf};

use sqlweave_core::config::{find_config, Config, ConfigFormat, SqlBlock, CONFIG_FILE_NAMES};
use sqlweave_core::ir::Ir;
use sqlweave_core::Analysis;

use crate::summary::count;
use crate::{Console, Failure};

/// A config that was read and parsed.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    /// The config file as shown to the user.
    pub config_shown: PathBuf,
    /// The config's directory as shown to the user (empty for the current directory).
    pub shown_dir: PathBuf,
}

/// One block that analysed without errors.
#[derive(Debug)]
pub struct AnalyzedBlock {
    pub block: SqlBlock,
    pub ir: Ir,
    /// Where the generated module goes.
    pub out_path: PathBuf,
    /// The same, as shown to the user.
    pub out_shown: PathBuf,
}

impl Project {
    /// Reads the config named by `-f`, or the first of `sqlweave.toml`, `sqlc.yaml`, `sqlc.yml`,
    /// `sqlc.json` in the working directory. Every problem here is a usage error (exit 2).
    pub fn load(console: &Console, file: Option<&Path>) -> Result<Project, Failure> {
        let (path, shown) = match file {
            Some(f) => (console.cwd.join(f), f.to_path_buf()),
            None => match find_config(&console.cwd) {
                Some(p) => {
                    let name = p.file_name().map(PathBuf::from).unwrap_or_else(|| p.clone());
                    (p, name)
                }
                None => {
                    return Err(Failure::Usage(format!(
                        "no {} in {} (nor {}); run `sqlweave init` to write one, or pass -f CONFIG",
                        CONFIG_FILE_NAMES[0],
                        console.cwd.display(),
                        CONFIG_FILE_NAMES[1..].join(", ")
                    )))
                }
            },
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::Usage(format!("{}: cannot read the config: {e}", shown.display())))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let config = Config::parse_as(text, ConfigFormat::from_path(&path), &dir).map_err(|e| match e.pos {
            Some(p) => Failure::Usage(format!("{}:{}:{}: {}", shown.display(), p.line, p.col, e.message)),
            None => Failure::Usage(format!("{}: {}", shown.display(), e.message)),
        })?;
        let shown_dir = shown.parent().map(Path::to_path_buf).unwrap_or_default();
        let project = Project { config, config_shown: shown, shown_dir };
        project.check_distinct_outputs()?;
        Ok(project)
    }

    /// A config-relative path as shown to the user.
    pub fn shown(&self, relative: &Path) -> PathBuf {
        shown_join(&self.shown_dir, relative)
    }

    /// Two blocks writing one file would silently lose one of them: refuse the config.
    fn check_distinct_outputs(&self) -> Result<(), Failure> {
        let outs: Vec<PathBuf> = self.config.sql.iter().map(|b| normalize(&self.config.dir.join(&b.out))).collect();
        for (i, a) in outs.iter().enumerate() {
            if let Some(j) = outs[..i].iter().position(|b| b == a) {
                return Err(Failure::Usage(format!(
                    "{}: blocks {} and {} both write {}",
                    self.config_shown.display(),
                    j + 1,
                    i + 1,
                    self.shown(&self.config.sql[i].out).display()
                )));
            }
        }
        Ok(())
    }

    /// Analyses every block and prints the diagnostics of each to stderr. Fails (after analysing
    /// all blocks, so every error is reported in one run) if any block has an error.
    pub fn analyze(&self, console: &mut Console) -> Result<Vec<AnalyzedBlock>, Failure> {
        let mut blocks = Vec::new();
        let mut errors = 0usize;
        for block in &self.config.sql {
            let mut analysis = sqlweave_core::analyze_block(block, &self.config.dir);
            if !analysis.diagnostics.is_empty() {
                self.relocate(&mut analysis);
                console.err_raw(&analysis.render(console.color));
            }
            let block_errors = analysis.diagnostics.iter().filter(|d| d.is_error()).count();
            match analysis.ir {
                Some(ir) if block_errors == 0 => blocks.push(AnalyzedBlock {
                    block: block.clone(),
                    ir,
                    out_path: self.config.dir.join(&block.out),
                    out_shown: self.shown(&block.out),
                }),
                // No IR without an error should not happen, but must not pass silently either.
                _ => errors += block_errors.max(1),
            }
        }
        if errors > 0 {
            return Err(Failure::Failed(format!("aborting due to {}", count(errors, "error", "errors"))));
        }
        Ok(blocks)
    }

    /// Rewrites the file names in an analysis (relative to the config) as shown to the user.
    /// The core names config-level problems (an unreadable schema path) `sqlweave.toml`; those
    /// point at the config actually read.
    fn relocate(&self, analysis: &mut Analysis) {
        let config_name = CONFIG_FILE_NAMES[0];
        let has_config_source = analysis.sources.iter().any(|(n, _)| n == config_name);
        for d in &mut analysis.diagnostics {
            d.file = if d.file == config_name && !has_config_source {
                self.config_shown.display().to_string()
            } else {
                self.shown(Path::new(&d.file)).display().to_string()
            };
        }
        for (name, _) in &mut analysis.sources {
            *name = self.shown(Path::new(name.as_str())).display().to_string();
        }
    }
}

/// `dir/rel`, without a leading `./` when `dir` is the current directory.
pub fn shown_join(dir: &Path, rel: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

/// Removes `.` components and folds `x/..`, without touching the file system (the file may not
/// exist yet), so that `src/db.rs` and `./src/db.rs` compare equal.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
