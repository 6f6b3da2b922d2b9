//! Diagnostics: located, rustc-style messages. Analysis collects these and keeps going; only I/O at
//! the edges uses `Result` with an error of its own.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A located message about the user's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file as given in the config (relative to the config file), or the config itself.
    pub file: String,
    pub start: Pos,
    /// Exclusive end; equal to `start` when only a point is known.
    pub end: Pos,
    pub message: String,
    /// A suggestion ("did you mean ...", "add a cast ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, start: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            start,
            end: start,
            message: message.into(),
            hint: None,
        }
    }
    pub fn with_end(mut self, end: Pos) -> Self {
        if end > self.start {
            self.end = end;
        }
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message (hint: ...)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {}: {}", self.file, self.start.line, self.start.col, sev, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// Byte offset of a 1-based line/column (columns count characters) in `text`, clamped to the text.
pub fn offset_of(text: &str, pos: Pos) -> usize {
    let mut line = 1u32;
    let mut line_start = 0usize;
    if pos.line > 1 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == pos.line {
                    line_start = i + 1;
                    break;
                }
            }
        }
        if line < pos.line {
            return text.len();
        }
    }
    let rest = &text[line_start..];
    let mut off = line_start;
    for (n, (i, ch)) in rest.char_indices().enumerate() {
        if n + 1 >= pos.col.max(1) as usize || ch == '\n' {
            return line_start + i;
        }
        off = line_start + i + ch.len_utf8();
    }
    off
}

/// Renders diagnostics like rustc: the message, `file:line:col`, the offending line with a caret
/// and the hint. `sources` maps file names (as in `Diagnostic::file`) to their text; a diagnostic
/// whose file is not there is printed on one line.
pub fn render(diags: &[Diagnostic], sources: &[(String, String)], color: bool) -> String {
    let mut files = SimpleFiles::new();
    let ids: Vec<(String, usize)> =
        sources.iter().map(|(name, text)| (name.clone(), files.add(name.clone(), text.clone()))).collect();
    let mut buf = if color {
        term::termcolor::Buffer::ansi()
    } else {
        term::termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for d in diags {
        let found = ids.iter().find(|(n, _)| *n == d.file);
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&d.message);
        if let Some(h) = &d.hint {
            cs = cs.with_notes(vec![format!("hint: {h}")]);
        }
        match found {
            Some((name, id)) => {
                let text = &sources.iter().find(|(n, _)| n == name).unwrap().1;
                let start = offset_of(text, d.start);
                let mut end = offset_of(text, d.end).max(start);
                if end == start && start < text.len() {
                    end = start + text[start..].chars().next().map_or(0, |c| c.len_utf8());
                }
                cs = cs.with_labels(vec![Label::primary(*id, start..end)]);
                if term::emit(&mut buf, &config, &files, &cs).is_err() {
                    use std::io::Write;
                    let _ = writeln!(buf, "{d}");
                }
            }
            None => {
                use std::io::Write;
                let _ = writeln!(buf, "{d}");
            }
        }
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}
