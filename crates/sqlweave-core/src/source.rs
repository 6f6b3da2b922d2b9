//! Source files: reading schema and query files, and splitting them into statements with their
//! positions and `-- name: X :kind` annotations. The splitter is a small lexer that knows quotes,
//! comments, Postgres dollar quotes and trigger bodies, so it never needs the parser to succeed.

use crate::diag::{Diagnostic, Pos};
use crate::ir::QueryKind;
use std::path::{Path, PathBuf};

/// One statement of a file.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The statement text without the terminating `;`, starting at its first token.
    pub text: String,
    /// Position of `text`'s first character in the file.
    pub start: Pos,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    /// Comment lines directly before the statement (markers stripped), in order.
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub text: String,
    pub pos: Pos,
}

/// A `-- name: X :kind` annotation.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub name: String,
    pub kind: QueryKind,
    pub pos: Pos,
    /// Other comment lines after the annotation (for doc comments).
    pub docs: Vec<String>,
}

/// A file read from disk, named as the user should see it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Expands files and folders (a folder's `.sql` files in file-name order) and reads them.
/// `base` is the config's directory; names are shown relative to it.
pub fn read_sources(base: &Path, paths: &[PathBuf], what: &str) -> Result<Vec<SourceFile>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        let full = base.join(p);
        let shown = p.display().to_string();
        let meta = std::fs::metadata(&full).map_err(|e| {
            Diagnostic::error("sqlweave.toml", Pos { line: 1, col: 1 }, format!("cannot read {what} path `{shown}`: {e}"))
        })?;
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&full)
                .map_err(|e| Diagnostic::error("sqlweave.toml", Pos { line: 1, col: 1 }, format!("cannot list `{shown}`: {e}")))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sql") && p.is_file())
                .collect();
            // Migration tools name "up" files `0001_x.up.sql`; skip their "down" halves.
            entries.retain(|p| !p.to_string_lossy().ends_with(".down.sql"));
            entries.sort();
            for e in entries {
                let name = p.join(e.file_name().unwrap()).display().to_string();
                files.push((e, name));
            }
        } else {
            files.push((full, shown));
        }
        for (path, name) in files {
            let bytes = std::fs::read(&path).map_err(|e| {
                Diagnostic::error(name.clone(), Pos { line: 1, col: 1 }, format!("cannot read `{name}`: {e}"))
            })?;
            let text = decode(bytes).map_err(|(pos, byte)| {
                Diagnostic::error(name.clone(), pos, format!("`{name}` is not UTF-8: byte 0x{byte:02x} here starts no character"))
                    .with_hint("save the file as UTF-8")
            })?;
            let mut text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
            if what == "schema" {
                text.truncate(up_migration_len(&text));
            }
            out.push(SourceFile { name, text });
        }
    }
    Ok(out)
}

/// The file's text with Windows line ends made `\n` (so the generated SQL does not depend on
/// the checkout's line endings), or the position and value of the first byte that is not UTF-8.
fn decode(bytes: Vec<u8>) -> Result<String, (Pos, u8)> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().unwrap_or_default().chars().count() as u32 + 1;
        (Pos { line, col }, bytes[at])
    })?;
    Ok(if text.contains("\r\n") { text.replace("\r\n", "\n") } else { text })
}

/// The length of the "up" part of a migration file: everything before the line that starts its
/// "down" part in the notation of goose (`-- +goose Down`), sql-migrate (`-- +migrate Down`) or
/// dbmate (`-- migrate:down`); the whole text when there is none. Cutting (not blanking) keeps
/// every position before the marker as it is in the file.
pub fn up_migration_len(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.trim_start().strip_prefix("--") {
            let words: Vec<String> = rest.split_whitespace().map(str::to_ascii_lowercase).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            if matches!(words.as_slice(), ["+goose", "down", ..] | ["+migrate", "down", ..] | ["migrate:down", ..]) {
                return offset;
            }
        }
        offset += line.len();
    }
    text.len()
}

/// Splits SQL text into statements. Never fails: unterminated quotes run to the end of the text.
pub fn split_statements(text: &str) -> Vec<Statement> {
    split(text).0
}

/// Something in a file that would otherwise lose SQL silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitProblem {
    /// A `-- name:` annotation followed by no statement (a lone `;`, or the end of the file).
    AnnotationWithoutStatement { name: String, pos: Pos },
    /// A `/* …` comment that never closes, so it swallows the rest of the file.
    UnterminatedBlockComment { pos: Pos },
}

/// [`split_statements`], plus what the text loses by being split that way.
pub fn split_with_problems(text: &str) -> (Vec<Statement>, Vec<SplitProblem>) {
    split(text)
}

fn annotation_name(c: &Comment) -> Option<String> {
    let rest = c.text.trim().strip_prefix("name:")?;
    Some(rest.split_whitespace().next().unwrap_or_default().to_string())
}

fn split(text: &str) -> (Vec<Statement>, Vec<SplitProblem>) {
    let mut problems = Vec::new();
    let orphaned = |comments: &[Comment], problems: &mut Vec<SplitProblem>| {
        for c in comments {
            if let Some(name) = annotation_name(c) {
                problems.push(SplitProblem::AnnotationWithoutStatement { name, pos: c.pos });
            }
        }
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut pending_comments: Vec<Comment> = Vec::new();
    // Current statement state.
    let mut stmt_start: Option<(usize, Pos)> = None;
    let mut words: Vec<String> = Vec::new(); // first few words, upper-cased
    let mut is_trigger = false;
    let mut is_routine = false;
    let mut depth = 0i32; // BEGIN/CASE ... END nesting inside trigger bodies
    let mut seen_begin = false;

    let pos_at = |off: usize, line: u32, line_start: usize| Pos {
        line,
        col: text[line_start..off].chars().count() as u32 + 1,
    };

    while i < b.len() {
        let c = b[i];
        // Comments.
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
            if stmt_start.is_none() {
                pending_comments.push(Comment {
                    text: text[i + 2..end].trim().to_string(),
                    pos: pos_at(i, line, line_start),
                });
            }
            i = end;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let close = text[i + 2..].find("*/");
            if close.is_none() {
                problems.push(SplitProblem::UnterminatedBlockComment { pos: pos_at(i, line, line_start) });
            }
            let end = close.map_or(b.len(), |n| i + 2 + n + 2);
            if stmt_start.is_none() {
                let inner = &text[i + 2..end.saturating_sub(2).max(i + 2)];
                pending_comments.push(Comment { text: inner.trim().to_string(), pos: pos_at(i, line, line_start) });
            }
            for (k, ch) in text[i..end].char_indices() {
                if ch == '\n' {
                    line += 1;
                    line_start = i + k + 1;
                }
            }
            i = end;
            continue;
        }
        if c == b'\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if stmt_start.is_none() {
            if c == b';' {
                i += 1;
                orphaned(&pending_comments, &mut problems);
                pending_comments.clear();
                continue;
            }
            stmt_start = Some((i, pos_at(i, line, line_start)));
            words.clear();
            is_trigger = false;
            is_routine = false;
            depth = 0;
            seen_begin = false;
        }
        match c {
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == close {
                        if close != b']' && b.get(j + 1) == Some(&close) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if b[j] == b'\n' {
                        line += 1;
                        line_start = j + 1;
                    }
                    j += 1;
                }
                i = (j + 1).min(b.len());
            }
            b'$' if dollar_tag(&text[i..]).is_some() => {
                let tag = dollar_tag(&text[i..]).unwrap();
                let body_start = i + tag.len();
                let end = text[body_start..].find(tag).map_or(b.len(), |n| body_start + n + tag.len());
                for (k, ch) in text[i..end].char_indices() {
                    if ch == '\n' {
                        line += 1;
                        line_start = i + k + 1;
                    }
                }
                i = end;
            }
            b';' => {
                if (is_trigger && (depth > 0 || !seen_begin)) || (is_routine && depth > 0) {
                    i += 1;
                    continue;
                }
                let (s, p) = stmt_start.take().unwrap();
                out.push(Statement {
                    text: text[s..i].trim_end().to_string(),
                    start: p,
                    offset: s,
                    comments: std::mem::take(&mut pending_comments),
                });
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let w = text[i..j].to_ascii_uppercase();
                if words.len() < 4 {
                    words.push(w.clone());
                    // Trigger bodies, and SQL-standard function bodies (`BEGIN ATOMIC ... END`),
                    // hold `;` between BEGIN and END.
                    if words.first().map(String::as_str) == Some("CREATE") {
                        match w.as_str() {
                            "TRIGGER" => is_trigger = true,
                            "FUNCTION" | "PROCEDURE" => is_routine = true,
                            _ => {}
                        }
                    }
                }
                if is_trigger || is_routine {
                    match w.as_str() {
                        "BEGIN" => {
                            seen_begin = true;
                            depth += 1;
                        }
                        "CASE" if seen_begin => depth += 1,
                        "END" if seen_begin => depth -= 1,
                        _ => {}
                    }
                }
                i = j;
            }
            _ => {
                i += text[i..].chars().next().map_or(1, |ch| ch.len_utf8());
            }
        }
    }
    match stmt_start {
        Some((s, p)) => {
            let t = text[s..].trim_end();
            if !t.is_empty() {
                out.push(Statement { text: t.to_string(), start: p, offset: s, comments: pending_comments });
            }
        }
        None => orphaned(&pending_comments, &mut problems),
    }
    (out, problems)
}

/// `$tag$` or `$$` at the start of `s` (Postgres dollar quoting), but not `$1` or `$name`.
fn dollar_tag(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.first() != Some(&b'$') {
        return None;
    }
    let mut j = 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    if b.get(j) == Some(&b'$') && (j == 1 || !b[1].is_ascii_digit()) {
        Some(&s[..=j])
    } else {
        None
    }
}

/// Finds the `name: X :kind` annotation among a statement's leading comments.
/// Returns `Ok(None)` when there is none, and an error for a malformed one.
/// The query kinds, for hints.
const KINDS_HINT: &str =
    "kinds are :one, :many, :exec, :execrows, :execlastid, and on PostgreSQL :copyfrom, :batchexec, :batchone, :batchmany";

pub fn annotation(stmt: &Statement, file: &str) -> Result<Option<Annotation>, Diagnostic> {
    let mut found: Option<Annotation> = None;
    for c in &stmt.comments {
        let t = c.text.trim();
        if let Some(rest) = t.strip_prefix("name:") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let (name, kind) = match parts.as_slice() {
                [name, kind, ..] => (*name, *kind),
                [name] => {
                    return Err(Diagnostic::error(file, c.pos, format!("query `{name}` has no kind"))
                        .with_hint(format!("write `-- name: {name} :one`; {KINDS_HINT}")))
                }
                [] => {
                    return Err(Diagnostic::error(file, c.pos, "annotation without a query name")
                        .with_hint("write `-- name: GetAuthor :one`"))
                }
            };
            let kind_word = kind.trim_start_matches(':');
            let Some(kind) = QueryKind::parse(kind_word) else {
                return Err(Diagnostic::error(file, c.pos, format!("unknown query kind `{kind}` for `{name}`"))
                    .with_hint(KINDS_HINT));
            };
            if !name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                || name.starts_with(|ch: char| ch.is_ascii_digit())
            {
                return Err(Diagnostic::error(file, c.pos, format!("`{name}` is not a valid query name"))
                    .with_hint("use letters, digits and underscores, e.g. GetAuthor"));
            }
            if let Some(first) = &found {
                return Err(Diagnostic::error(file, first.pos, format!("query `{}` has no SQL", first.name))
                    .with_hint(format!("the annotation of `{name}` follows it directly; write its statement between them")));
            }
            if let Some(extra) = parts.get(2) {
                return Err(Diagnostic::error(file, c.pos, format!("unexpected `{extra}` after the kind of `{name}`"))
                    .with_hint("an annotation is `-- name: <Name> :<kind>`; put documentation on the lines below it"));
            }
            found = Some(Annotation { name: name.to_string(), kind, pos: c.pos, docs: Vec::new() });
        } else if let Some(a) = found.as_mut() {
            if !t.is_empty() {
                a.docs.push(t.to_string());
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_decoded_as_utf8_with_unix_line_ends() {
        assert_eq!(decode(b"SELECT 1;\r\nSELECT 2;\r\n".to_vec()).unwrap(), "SELECT 1;\nSELECT 2;\n");
        assert_eq!(decode("-- café\n".as_bytes().to_vec()).unwrap(), "-- café\n");
        assert_eq!(decode(b"SELECT 1;\n  x\xff y".to_vec()).unwrap_err(), (Pos { line: 2, col: 4 }, 0xff));
        assert_eq!(decode(b"\xe9".to_vec()).unwrap_err(), (Pos { line: 1, col: 1 }, 0xe9));
    }

    #[test]
    fn migration_down_sections_are_cut() {
        let goose = "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE a;\n";
        assert_eq!(&goose[..up_migration_len(goose)], "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n\n");
        let dbmate = "-- migrate:up\ncreate table b (id int);\n\n-- migrate:down\ndrop table b;\n";
        assert_eq!(&dbmate[..up_migration_len(dbmate)], "-- migrate:up\ncreate table b (id int);\n\n");
        let sql_migrate = "-- +migrate Up\nCREATE TABLE c (id int);\n  --   +migrate   down notransaction\nDROP TABLE c;";
        assert_eq!(&sql_migrate[..up_migration_len(sql_migrate)], "-- +migrate Up\nCREATE TABLE c (id int);\n");
        // No marker, or one that is not a whole comment word: the whole text.
        for text in ["CREATE TABLE d (id int);\n", "-- +goose Downgrade notes\nCREATE TABLE e (x int);", "SELECT '-- +goose Down';"] {
            assert_eq!(up_migration_len(text), text.len(), "{text}");
        }
    }

    #[test]
    fn splits_with_positions_and_annotations() {
        let text = "-- name: A :one\nSELECT 1;\n\n/* name: B :many */\nSELECT ';' , \"a;b\"\nFROM t;";
        let s = split_statements(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "SELECT 1");
        assert_eq!(s[0].start, Pos { line: 2, col: 1 });
        assert_eq!(s[1].text, "SELECT ';' , \"a;b\"\nFROM t");
        assert_eq!(s[1].start, Pos { line: 5, col: 1 });
        let a = annotation(&s[1], "q.sql").unwrap().unwrap();
        assert_eq!((a.name.as_str(), a.kind), ("B", QueryKind::Many));
    }

    #[test]
    fn sql_standard_function_bodies_stay_whole() {
        let text = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a END;\n  SELECT a + 1;\nEND;\n\
                    CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql RETURN CASE WHEN a > 0 THEN 1 END;\n\
                    CREATE PROCEDURE p() BEGIN SELECT 1; END;\nSELECT 2;";
        let s = split_statements(text);
        let texts: Vec<&str> = s.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:#?}");
        assert!(texts[0].starts_with("CREATE FUNCTION f") && texts[0].ends_with("END"), "{texts:#?}");
        assert!(texts[1].starts_with("CREATE FUNCTION g") && texts[1].ends_with("END"), "{texts:#?}");
        assert_eq!(texts[2], "CREATE PROCEDURE p() BEGIN SELECT 1; END");
        assert_eq!(texts[3], "SELECT 2");
    }

    #[test]
    fn trigger_bodies_and_dollar_quotes_stay_whole() {
        let text = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END;\n\
                    CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT $1;";
        let s = split_statements(text);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[0].text.ends_with("END"));
        assert!(s[1].text.contains("SELECT 1; $$"));
        assert_eq!(s[2].text, "SELECT $1");
    }

    #[test]
    fn malformed_annotations_are_errors() {
        for bad in ["-- name: A\nSELECT 1", "-- name: A :bogus\nSELECT 1", "-- name: 1x :one\nSELECT 1"] {
            let s = split_statements(bad);
            assert!(annotation(&s[0], "q.sql").is_err(), "{bad}");
        }
    }
}
