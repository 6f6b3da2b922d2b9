//! Analysis: replays the schema into a [`Catalog`], then checks every annotated query against it:
//! resolves names, infers parameter and column types and nullability, and rewrites the SQL into
//! driver form. Errors are collected as [`Diagnostic`]s with source positions; analysis never
//! panics on bad SQL and keeps going to report every error of a run.
//!
//! Nullability model, in short: a column reference is nullable when its column may hold NULL or
//! its relation is null-extended by an outer join; `WHERE` conjuncts that reject NULL (`x IS NOT
//! NULL`, comparisons, `LIKE`, `IN`) narrow the columns they test and undo null-extension of their
//! relation; expressions propagate NULL from their operands unless the operator says otherwise
//! (`COALESCE`, `IS NULL`, `COUNT`, ...); aggregates other than `COUNT`/`TOTAL` are NULL on empty
//! input, which only happens without `GROUP BY`.

use sqlparser::ast::{self as sql, Expr, Spanned};
use sqlparser::parser::Parser;

use crate::catalog::{self, did_you_mean, Catalog};
use crate::diag::{offset_of, Diagnostic, Pos};
use crate::dialect::{self, Dialect};
use crate::ir::{self, Engine, Fragment, Ir, Origin, QueryKind, ValueType, IR_VERSION};
use crate::source::{self, SourceFile};

/// Builds the catalog from `schema` and analyses every annotated statement of `queries`.
pub fn analyze(engine: Engine, schema: &[SourceFile], queries: &[SourceFile]) -> (Ir, Vec<Diagnostic>) {
    // On a thread of its own with a large stack: the parser and the analyzer recurse once per
    // level of nesting, and a deep expression must end in a diagnostic, not a stack overflow.
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("sqlweave-analyze".into())
            .stack_size(ANALYSIS_STACK_BYTES)
            .spawn_scoped(s, || analyze_here(engine, schema, queries));
        match worker {
            Ok(handle) => match handle.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            // No thread to be had: analyse on this one.
            Err(_) => analyze_here(engine, schema, queries),
        }
    })
}

fn analyze_here(engine: Engine, schema: &[SourceFile], queries: &[SourceFile]) -> (Ir, Vec<Diagnostic>) {
    let d = dialect::for_engine(engine);
    let mut diags = Vec::new();
    let catalog = build_catalog(d, schema, &mut diags);
    let mut out = Vec::new();
    // Query name → where it was first annotated (a map: a project may hold tens of thousands).
    let mut seen: std::collections::HashMap<String, (String, Pos)> = std::collections::HashMap::new();
    for f in queries {
        let (statements, problems) = source::split_with_problems(&f.text);
        for p in problems {
            diags.push(match p {
                source::SplitProblem::AnnotationWithoutStatement { name, pos } => {
                    Diagnostic::error(&f.name, pos, format!("query `{name}` has no SQL"))
                        .with_hint("write its statement after the annotation")
                }
                source::SplitProblem::UnterminatedBlockComment { pos } => {
                    Diagnostic::error(&f.name, pos, "unterminated `/*` comment: it hides the rest of the file")
                        .with_hint("close it with `*/`")
                }
            });
        }
        let mut annotated = 0usize;
        let mut previous: Option<String> = None;
        for stmt in statements {
            let ann = match source::annotation(&stmt, &f.name) {
                Ok(Some(a)) => a,
                Ok(None) => {
                    // Not a query: say so, rather than drop SQL without a word.
                    let hint = match &previous {
                        Some(name) => format!("it follows query `{name}`, whose SQL ends at the `;` before it: give it an annotation of its own, or remove that `;` if it belongs to `{name}`"),
                        None => "annotate it (`-- name: DoThing :exec`), or move it to the schema".to_string(),
                    };
                    diags.push(Diagnostic::error(&f.name, stmt.start, "statement without a `-- name:` annotation is not a query; it is ignored").with_hint(hint).warning());
                    continue;
                }
                Err(e) => {
                    diags.push(e);
                    continue;
                }
            };
            if let Some((file, pos)) = seen.get(&ann.name) {
                diags.push(
                    Diagnostic::error(&f.name, ann.pos, format!("duplicate query name `{}`", ann.name))
                        .with_hint(format!("the first `{}` is at {}:{}:{}", ann.name, file, pos.line, pos.col)),
                );
                continue;
            }
            seen.insert(ann.name.clone(), (f.name.clone(), ann.pos));
            annotated += 1;
            previous = Some(ann.name.clone());
            let loc = Loc { file: &f.name, text: &stmt.text, start: stmt.start };
            if let Some(q) = analyze_query(d, &catalog, &loc, &ann, &mut diags) {
                out.push(q);
            }
        }
        if annotated == 0 && !diags.iter().any(|d| d.is_error() && d.file == f.name) {
            diags.push(
                Diagnostic::error(&f.name, Pos { line: 1, col: 1 }, "no queries in this file")
                    .with_hint("a query starts with a comment line `-- name: GetAuthor :one`")
                    .warning(),
            );
        }
    }
    let ir = Ir {
        version: IR_VERSION,
        engine,
        tables: catalog.to_ir(),
        enums: catalog.enums.clone(),
        composites: catalog.composites.clone(),
        queries: out,
    };
    (ir, diags)
}

/// Where a statement sits in its file, to turn parser spans (relative to the statement) into
/// file positions.
struct Loc<'a> {
    file: &'a str,
    text: &'a str,
    start: Pos,
}

impl Loc<'_> {
    fn pos(&self, l: sqlparser::tokenizer::Location) -> Pos {
        if l.line == 0 {
            return self.start;
        }
        let line = l.line as u32;
        let col = l.column as u32;
        if line == 1 {
            Pos { line: self.start.line, col: self.start.col + col - 1 }
        } else {
            Pos { line: self.start.line + line - 1, col }
        }
    }
    fn error(&self, span: sqlparser::tokenizer::Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, self.pos(span.start), msg).with_end(self.pos(span.end))
    }
    /// Byte offset in the statement text of a statement-relative location.
    fn offset(&self, l: sqlparser::tokenizer::Location) -> usize {
        offset_of(self.text, Pos { line: l.line.max(1) as u32, col: l.column.max(1) as u32 })
    }
    /// A parse error, located where the parser says.
    fn parse_error(&self, e: &sqlparser::parser::ParserError) -> Diagnostic {
        let msg = e.to_string();
        let msg = msg.strip_prefix("sql parser error: ").unwrap_or(&msg).to_string();
        let (clean, at) = match msg.rfind(" at Line: ") {
            Some(i) => {
                let rest = &msg[i + " at Line: ".len()..];
                let mut it = rest.split(", Column: ");
                let line = it.next().and_then(|s| s.trim().parse::<u64>().ok());
                let col = it.next().and_then(|s| s.trim().parse::<u64>().ok());
                (msg[..i].to_string(), line.zip(col))
            }
            None => (msg.clone(), None),
        };
        // The parser gives no position when the text ends too early: point just past its end.
        let at = at.or_else(|| {
            clean.ends_with("found: EOF").then(|| {
                let body = self.text.trim_end().trim_end_matches(';').trim_end();
                let line = body.matches('\n').count() as u64 + 1;
                let column = body.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
                (line, column)
            })
        });
        let pos = at.map_or(self.start, |(line, column)| self.pos(sqlparser::tokenizer::Location { line, column }));
        Diagnostic::error(self.file, pos, format!("syntax error: {clean}"))
    }
}

fn parse_one(d: &dyn Dialect, loc: &Loc) -> Result<sql::Statement, Diagnostic> {
    let dialect = d.parser();
    let stmts = match Parser::parse_sql(dialect.as_ref(), loc.text) {
        Ok(s) => s,
        Err(e) => {
            // Engine syntax the parser lacks, rewritten to a same-length equivalent (so every
            // position stays right); the original error if that does not help either.
            let patched = d.parser_patch(loc.text).and_then(|t| Parser::parse_sql(dialect.as_ref(), &t).ok());
            let patched = patched.or_else(|| {
                let tokens = sqlparser::tokenizer::Tokenizer::new(dialect.as_ref(), loc.text).tokenize_with_location().ok()?;
                let tokens = d.token_patch(&tokens)?;
                Parser::new(dialect.as_ref()).with_tokens_with_locations(tokens).parse_statements().ok()
            });
            patched.ok_or_else(|| loc.parse_error(&e))?
        }
    };
    one_statement(stmts, loc)
}

/// Schema statements: the engine's grammar first; then, since the catalog only needs the
/// structure, the generic grammar, which accepts some newer syntax (e.g. `GENERATED ... VIRTUAL`
/// in PostgreSQL 18) that the engine's parser does not know yet.
fn parse_schema_statement(d: &dyn Dialect, loc: &Loc) -> Result<sql::Statement, Diagnostic> {
    match parse_one(d, loc) {
        Ok(s) => Ok(s),
        Err(first) => {
            // PostgreSQL 18's virtual generated columns: read as stored ones (same length, so
            // positions stay right); the catalog only needs to know the column is generated.
            let mut patched = loc.text.replace(") VIRTUAL", ") STORED ").replace(") virtual", ") stored ");
            // Materialized views' `WITH [NO] DATA` says when to fill them, not what they hold.
            for tail in ["WITH NO DATA", "WITH DATA"] {
                let up = patched.to_ascii_uppercase();
                if up.trim_end().ends_with(tail) {
                    let at = up.trim_end().len() - tail.len();
                    patched.replace_range(at..at + tail.len(), &" ".repeat(tail.len()));
                }
            }
            let dialect = d.parser();
            for (dl, text) in [(dialect.as_ref(), patched.as_str()), (&sqlparser::dialect::GenericDialect {} as &dyn sqlparser::dialect::Dialect, loc.text)] {
                if let Ok(stmts) = Parser::parse_sql(dl, text) {
                    if let Ok(s) = one_statement(stmts, loc) {
                        return Ok(s);
                    }
                }
            }
            Err(first)
        }
    }
}

fn one_statement(mut stmts: Vec<sql::Statement>, loc: &Loc) -> Result<sql::Statement, Diagnostic> {
    match stmts.len() {
        1 => Ok(stmts.remove(0)),
        0 => Err(Diagnostic::error(loc.file, loc.start, "empty statement")),
        _ => Err(Diagnostic::error(loc.file, loc.start, "expected one statement").with_hint("end each query with `;`")),
    }
}

// ---------------------------------------------------------------------------------------------
// Schema

/// The first keyword of a statement, upper-cased.
/// The text after leading whitespace and comments.
fn skip_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("--") {
            text = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return text;
        }
    }
}

fn first_words(text: &str, n: usize) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

fn build_catalog(d: &'static dyn Dialect, schema: &[SourceFile], diags: &mut Vec<Diagnostic>) -> Catalog {
    let mut cat = Catalog::default();
    for f in schema {
        for stmt in source::split_statements(&f.text) {
            let words = first_words(&stmt.text, 6);
            let w0 = words.first().map(String::as_str).unwrap_or("");
            // Data statements, session settings and transaction control in dumps are skipped,
            // not analysed; so are objects the catalog does not model.
            if w0 == "CREATE" && words.get(1).is_some_and(|w| w == "EXTENSION") {
                cat.has_extensions = true;
            }
            let relevant = match w0 {
                "CREATE" => {
                    let kinds = ["TABLE", "VIEW", "TYPE", "DOMAIN", "FUNCTION", "PROCEDURE", "INDEX"];
                    words.iter().skip(1).take(4).any(|w| kinds.contains(&w.as_str())) && !words.iter().any(|w| w == "TRIGGER")
                }
                "ALTER" => words.get(1).is_some_and(|w| w == "TABLE" || w == "TYPE"),
                "DROP" => words.get(1).is_some_and(|w| w == "TABLE" || w == "VIEW" || w == "TYPE" || w == "FUNCTION"),
                _ => false,
            };
            if !relevant {
                continue;
            }
            let loc = Loc { file: &f.name, text: &stmt.text, start: stmt.start };
            if w0 == "ALTER" && words.get(3).is_some_and(|w| w == "SET") && words.get(4).is_some_and(|w| w == "SCHEMA") {
                // `ALTER TABLE t SET SCHEMA s` (which the parser does not read): t becomes s.t.
                set_schema(&mut cat, &loc, &stmt.text, diags);
                continue;
            }
            if w0 == "CREATE" && words.iter().skip(1).take(3).any(|w| w == "PROCEDURE") {
                // Only the signature matters (for CALL); bodies are in languages the parser does
                // not read, and a MySQL body's `;` may even have split the statement.
                create_procedure(d, &mut cat, &stmt.text);
                continue;
            }
            if words.get(1).is_some_and(|w| w == "DOMAIN") {
                // sqlparser does not take every domain constraint; a domain needs only its name,
                // base type and NOT NULL, read directly.
                create_domain(d, &mut cat, &stmt.text);
                continue;
            }
            let is_function = words.iter().take(4).any(|w| w == "FUNCTION");
            let is_index = words.iter().take(3).any(|w| w == "INDEX");
            // ALTER TYPE forms the catalog does not model (OWNER TO, ALTER ATTRIBUTE, ...).
            let alter_type = w0 == "ALTER" && words.get(1).is_some_and(|w| w == "TYPE");
            // PostgreSQL's `LIKE source INCLUDING ...` elements, which the parser does not read
            // among columns, are taken out of the token stream and applied by the catalog.
            let like = (d.like_elements() && w0 == "CREATE" && words.iter().take(6).any(|w| w == "TABLE") && loc.text.to_ascii_uppercase().contains("LIKE"))
                .then(|| like_elements(d, &loc))
                .flatten();
            let (parsed, likes) = match like {
                Some((tokens, likes)) => match Parser::new(d.parser().as_ref()).with_tokens_with_locations(tokens).parse_statements() {
                    Ok(mut v) if v.len() == 1 => (Ok(v.remove(0)), likes),
                    Ok(_) => (Err(Diagnostic::error(loc.file, loc.start, "expected one statement").with_hint("end each statement with `;`")), vec![]),
                    Err(e) => (Err(loc.parse_error(&e)), vec![]),
                },
                None => (parse_schema_statement(d, &loc), vec![]),
            };
            let parsed = match parsed {
                Ok(s) => s,
                // A function the parser cannot read is skipped: queries calling it get a
                // located "unknown function" error instead. An index it cannot read (operator
                // classes, engine-specific options) changes no type, so it is skipped too.
                Err(_) if alter_type && words.iter().any(|w| w == "ATTRIBUTE") => {
                    // The fields of a composite type would change unseen: say so.
                    let name = stmt.text.split_whitespace().nth(2).map(catalog::normalize_type_name).unwrap_or_default();
                    if let Some(c) = cat.composite(&name) {
                        diags.push(
                            Diagnostic::error(&f.name, stmt.start, format!("ALTER TYPE … ATTRIBUTE is not supported: the fields of composite type `{}` would change unseen", c.name))
                                .with_hint("drop and re-create the type with its new fields (CREATE TYPE … AS (…))"),
                        );
                    }
                    continue;
                }
                Err(_) if is_function || is_index || alter_type => continue,
                Err(e) => {
                    diags.push(e);
                    continue;
                }
            };
            let mut found = Vec::new();
            apply_ddl(d, &mut cat, &loc, &parsed, &likes, &mut found);
            for e in found {
                if !diags.contains(&e) {
                    diags.push(e);
                }
            }
        }
    }
    cat
}

/// A schema object's name, without the default `public.` schema.
fn object_name(n: &sql::ObjectName) -> String {
    let full = object_name_full(n);
    match full.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("public.") => full[7..].to_string(),
        _ => full,
    }
}

fn object_name_full(n: &sql::ObjectName) -> String {
    n.0.iter()
        .map(|p| match p.as_ident() {
            Some(i) => i.value.clone(),
            None => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn last_ident(n: &sql::ObjectName) -> Option<&sql::Ident> {
    n.0.last().and_then(|p| p.as_ident())
}

/// A column's value type and whether its type itself forbids NULL (a NOT NULL domain).
fn column_value_type(d: &dyn Dialect, cat: &Catalog, declared: Option<&str>) -> (ValueType, bool) {
    let t = d.column_type(declared);
    if t == ValueType::Any || matches!(&t, ValueType::Array(x) if **x == ValueType::Any) {
        if let Some(u) = declared.and_then(|dcl| cat.user_type(dcl)) {
            return u;
        }
    }
    (t, false)
}

/// An inline enum column type (MySQL's `ENUM('a', 'b')`, typed `Enum("")` by the dialect) becomes
/// a catalog enum named `<table>_<column>`.
fn inline_enum(cat: &mut Catalog, table: &str, column: &str, ty: ValueType, declared: Option<&str>) -> ValueType {
    if ty != ValueType::Enum(String::new()) {
        return ty;
    }
    let bare = table.rsplit('.').next().unwrap_or(table);
    let name = format!("{bare}_{column}");
    cat.enums.retain(|e| !e.name.eq_ignore_ascii_case(&name));
    cat.enums.push(ir::EnumType { name: name.clone(), values: declared.map(dialect::inline_members).unwrap_or_default() });
    ValueType::Enum(name)
}

fn declared_type(dt: &sql::DataType) -> Option<String> {
    match dt {
        sql::DataType::Unspecified => None,
        other => Some(other.to_string()),
    }
}

/// A `LIKE source [INCLUDING | EXCLUDING option]...` element of a CREATE TABLE column list.
struct LikeElement {
    source: sql::ObjectName,
    /// How many column definitions precede it: its columns go there.
    at: usize,
    defaults: bool,
    generated: bool,
    identity: bool,
    indexes: bool,
}

/// Takes the LIKE elements out of a `CREATE TABLE name (...)` statement's tokens; `None` when it
/// has none (or is not that shape).
fn like_elements(d: &dyn Dialect, loc: &Loc) -> Option<(Vec<sqlparser::tokenizer::TokenWithSpan>, Vec<LikeElement>)> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = d.parser();
    let tokens = Tokenizer::new(dialect.as_ref(), loc.text).tokenize_with_location().ok()?;
    let word = dialect::keyword_of;
    // The column list: the first parenthesis after TABLE.
    let table_at = tokens.iter().position(|t| word(&t.token).as_deref() == Some("TABLE"))?;
    let open = table_at + tokens[table_at..].iter().position(|t| t.token == Token::LParen)?;
    // Elements: token ranges between depth-1 commas.
    let mut elements: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut start) = (0usize, open + 1);
    let mut close = None;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    elements.push((start, i));
                    close = Some(i);
                    break;
                }
            }
            Token::Comma if depth == 1 => {
                elements.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    close?;
    let significant = |r: (usize, usize)| tokens[r.0..r.1].iter().filter(|t| !matches!(t.token, Token::Whitespace(_))).collect::<Vec<_>>();
    let mut likes = Vec::new();
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let mut columns_before = 0;
    for (k, &r) in elements.iter().enumerate() {
        let sig = significant(r);
        let first = sig.first().and_then(|t| word(&t.token));
        match first.as_deref() {
            Some("LIKE") => {
                // The source name: words joined by periods (`s.t`).
                let mut idents = Vec::new();
                let mut j = 1;
                while let Some(Token::Word(w)) = sig.get(j).map(|t| &t.token) {
                    idents.push(sql::Ident { value: w.value.clone(), quote_style: w.quote_style, span: sig[j].span });
                    j += 1;
                    if sig.get(j).map(|t| &t.token) != Some(&Token::Period) {
                        break;
                    }
                    j += 1;
                }
                if idents.is_empty() {
                    return None;
                }
                let mut el = LikeElement {
                    source: sql::ObjectName(idents.into_iter().map(sql::ObjectNamePart::Identifier).collect()),
                    at: columns_before,
                    defaults: false,
                    generated: false,
                    identity: false,
                    indexes: false,
                };
                let rest: Vec<String> = sig[j..].iter().filter_map(|t| word(&t.token)).collect();
                if rest.len() != sig.len() - j || rest.len() % 2 != 0 {
                    return None;
                }
                for pair in rest.chunks(2) {
                    let on = match pair[0].as_str() {
                        "INCLUDING" => true,
                        "EXCLUDING" => false,
                        _ => return None,
                    };
                    match pair[1].as_str() {
                        "DEFAULTS" => el.defaults = on,
                        "GENERATED" => el.generated = on,
                        "IDENTITY" => el.identity = on,
                        "INDEXES" => el.indexes = on,
                        "ALL" => (el.defaults, el.generated, el.identity, el.indexes) = (on, on, on, on),
                        "COMMENTS" | "COMPRESSION" | "CONSTRAINTS" | "STATISTICS" | "STORAGE" => {}
                        _ => return None,
                    }
                }
                likes.push(el);
                // The element and the comma after it (before it, for the last element).
                drop.push(if k + 1 < elements.len() { (r.0, r.1 + 1) } else if k > 0 { (elements[k - 1].1, r.1) } else { r });
            }
            Some("CONSTRAINT" | "PRIMARY" | "UNIQUE" | "FOREIGN" | "CHECK" | "EXCLUDE") | None => {}
            Some(_) => columns_before += 1,
        }
    }
    if likes.is_empty() {
        return None;
    }
    let out = tokens.iter().enumerate().filter(|(i, _)| !drop.iter().any(|&(a, b)| *i >= a && *i < b)).map(|(_, t)| t.clone()).collect();
    Some((out, likes))
}

/// Appends the columns of a LIKE element's source table (PostgreSQL semantics): names, types and
/// NOT NULL always; defaults, generation expressions, identity and the keys only as included.
fn copy_like(cat: &Catalog, loc: &Loc, el: &LikeElement, table: &mut catalog::Table, col_not_null: &mut Vec<bool>, diags: &mut Vec<Diagnostic>) {
    let src_name = object_name(&el.source);
    let Some(src) = cat.table(&src_name) else {
        let hint = did_you_mean(&src_name, cat.tables.iter().map(|t| t.name.as_str()));
        let d = loc.error(el.source.span(), format!("unknown table `{src_name}` in LIKE"));
        diags.push(match hint {
            Some(h) => d.with_hint(format!("did you mean `{h}`?")),
            None => d,
        });
        return;
    };
    for sc in &src.columns {
        if table.columns.iter().any(|c| c.name.eq_ignore_ascii_case(&sc.name)) {
            diags.push(loc.error(el.source.span(), format!("column `{}` of `{src_name}` is specified more than once", sc.name)));
            continue;
        }
        let mut c = sc.clone();
        c.primary_key = false;
        c.unique = false;
        c.has_default &= el.defaults || (sc.auto_increment && el.identity);
        if sc.generated && !el.generated {
            c.generated = false;
        }
        c.auto_increment &= el.identity || (el.defaults && !sc.generated);
        // A view's columns carry no NOT NULL constraint to copy, whatever their inferred nullability.
        col_not_null.push(!src.is_view && (!sc.nullable || sc.primary_key));
        c.nullable = true;
        table.columns.push(c);
    }
    if el.indexes {
        if table.primary_key.is_empty() {
            table.primary_key = src.primary_key.clone();
        }
        table.unique.extend(src.unique.iter().cloned());
    }
}

/// Whether a `LANGUAGE SQL` function's body is one SELECT that always returns exactly one row
/// (no FROM, or an aggregate without GROUP BY) of one value that is not NULL when no argument is.
/// The body is analysed with the arguments as non-NULL names; its diagnostics are not reported
/// (PostgreSQL checks the body when the function is created).
fn sql_body_non_null(d: &'static dyn Dialect, cat: &Catalog, loc: &Loc, cf: &sql::CreateFunction, inputs: &[&sql::OperateFunctionArg]) -> bool {
    let language = cf.language.as_ref().map(|l| l.value.to_ascii_lowercase()).unwrap_or_default();
    if language != "sql" && language != "plpgsql" {
        return false;
    }
    let body = match &cf.function_body {
        Some(sql::CreateFunctionBody::AsBeforeOptions { body, .. } | sql::CreateFunctionBody::AsAfterOptions(body)) => body,
        _ => return false,
    };
    let text = match body {
        Expr::Value(v) => match &v.value {
            sql::Value::DollarQuotedString(q) => q.value.clone(),
            sql::Value::SingleQuotedString(q) => q.clone(),
            _ => return false,
        },
        _ => return false,
    };
    // PL/pgSQL: only a body that is one `RETURN expr;` between BEGIN and END, read as
    // `SELECT expr`.
    let text = if language == "plpgsql" {
        let t = text.trim().trim_end_matches(';').trim_end();
        let up = t.to_ascii_uppercase();
        let Some(inner) = up.strip_prefix("BEGIN").and_then(|x| x.strip_suffix("END")).map(|x| x.trim()) else { return false };
        let start = t.len() - t[5..].trim_start().len();
        let Some(stmt) = t.get(start..start + inner.len()) else { return false };
        let is_return = stmt.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("return")) && stmt[6..].starts_with(|c: char| c.is_whitespace());
        let e = if is_return { stmt[6..].trim().trim_end_matches(';').trim_end() } else { "" };
        if e.is_empty() || e.contains(';') {
            return false;
        }
        format!("SELECT {e}")
    } else {
        text
    };
    let Ok(mut stmts) = Parser::parse_sql(d.parser().as_ref(), &text) else { return false };
    let (1, Some(sql::Statement::Query(q))) = (stmts.len(), stmts.pop()) else { return false };
    let one_row = match q.body.as_ref() {
        sql::SetExpr::Select(s) => (s.from.is_empty() && s.selection.is_none() && s.having.is_none() && q.limit_clause.is_none()) || returns_exactly_one_row(&q),
        _ => false,
    };
    // FETCH FIRST 0 ROWS, or a set-returning function in the select list, may leave no row.
    if !one_row || q.fetch.is_some() || sets_rows(&q.body.to_string(), cat) {
        return false;
    }
    let body_loc = Loc { file: loc.file, text: &text, start: loc.start };
    let mut a = QueryAnalyzer::new(d, cat, &body_loc);
    let mut args = Scope::new(None);
    args.rels.push(Rel {
        name: String::new(),
        table: None,
        cols: inputs
            .iter()
            .filter_map(|arg| arg.name.as_ref().map(|n| (n, arg)))
            .map(|(n, arg)| Col {
                name: n.value.clone(),
                ty: Some(column_value_type(d, cat, declared_type(&arg.data_type).as_deref()).0),
                nullable: false,
                origin: None,
                declared: None,
                hidden: false,
            })
            .collect(),
        null_ext: false,
        has_rowid: false,
    });
    let cols = a.query(&q, Some(&args), None);
    a.diags.is_empty() && cols.len() == 1 && !cols[0].nullable
}

/// Whether a select list's text calls a set-returning function (built in, or a `SETOF` one of
/// the schema), which may yield no row at all.
fn sets_rows(text: &str, cat: &Catalog) -> bool {
    const BUILT_IN: &[&str] = &[
        "generate_series", "generate_subscripts", "unnest", "regexp_matches", "regexp_split_to_table", "string_to_table",
        "json_array_elements", "jsonb_array_elements", "json_array_elements_text", "jsonb_array_elements_text", "json_each",
        "jsonb_each", "json_each_text", "jsonb_each_text", "json_object_keys", "jsonb_object_keys", "jsonb_path_query",
        "json_populate_recordset", "jsonb_populate_recordset", "json_to_recordset", "jsonb_to_recordset", "pg_listening_channels",
    ];
    let low = text.to_ascii_lowercase();
    let calls = |name: &str| {
        low.match_indices(name).any(|(i, _)| {
            let before = low[..i].chars().next_back();
            let after = low[i + name.len()..].trim_start().starts_with('(');
            after && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    BUILT_IN.iter().any(|f| calls(f)) || cat.functions.iter().any(|f| f.returns_set && calls(&f.name.to_ascii_lowercase()))
}

fn apply_ddl(d: &'static dyn Dialect, cat: &mut Catalog, loc: &Loc, stmt: &sql::Statement, likes: &[LikeElement], diags: &mut Vec<Diagnostic>) {
    match stmt {
        sql::Statement::CreateTable(ct) => {
            let name = object_name(&ct.name);
            if cat.table(&name).is_some_and(|t| t.name.eq_ignore_ascii_case(&name)) {
                if ct.if_not_exists {
                    return;
                }
                diags.push(loc.error(ct.name.span(), format!("table `{name}` is already defined")));
                return;
            }
            if let Some(q) = &ct.query {
                // CREATE TABLE ... AS SELECT: columns come from the query.
                let mut a = QueryAnalyzer::new(d, cat, loc);
                let cols = a.query(q, None, None);
                diags.append(&mut a.diags);
                let table = catalog::Table {
                    name,
                    columns: cols
                        .into_iter()
                        .map(|c| catalog::Column {
                            name: c.name,
                            declared: None,
                            ty: c.ty.unwrap_or(ValueType::Any),
                            nullable: c.nullable,
                            primary_key: false,
                            unique: false,
                            has_default: false,
                            generated: false,
                            auto_increment: false,
                        })
                        .collect(),
                    primary_key: vec![],
                    foreign_keys: vec![],
                    unique: vec![],
                    is_view: false,
                };
                cat.put(table);
                return;
            }
            let strict_or_without_rowid = !ct.sqlite_table_options.options.is_empty();
            let mut table = catalog::Table {
                name: name.clone(),
                columns: vec![],
                primary_key: vec![],
                foreign_keys: vec![],
                unique: vec![],
                is_view: false,
            };
            let mut col_not_null = Vec::new();
            // Columns copied first: INHERITS (parent) and LIKE source tables, in order.
            let like = match &ct.like {
                Some(sql::CreateTableLikeKind::Plain(l) | sql::CreateTableLikeKind::Parenthesized(l)) => Some(&l.name),
                None => None,
            };
            // A partition (`PARTITION OF parent`) has its parent's columns, as an heir does.
            let sources: Vec<(&sql::ObjectName, bool)> = like
                .map(|n| (n, false))
                .into_iter()
                .chain(ct.partition_of.iter().map(|n| (n, true)))
                .chain(ct.inherits.iter().flatten().map(|n| (n, true)))
                .collect();
            for (src, inherits) in sources {
                let src_name = object_name(src);
                let Some(parent) = cat.table(&src_name) else {
                    let what = if inherits { "INHERITS" } else { "LIKE" };
                    diags.push(loc.error(src.span(), format!("unknown table `{src_name}` in {what}")));
                    continue;
                };
                for pc in &parent.columns {
                    if let Some(i) = table.columns.iter().position(|c| c.name.eq_ignore_ascii_case(&pc.name)) {
                        // Two parents with one column name: merged, NOT NULL if either says so.
                        col_not_null[i] |= !pc.nullable;
                        continue;
                    }
                    let mut c = pc.clone();
                    // A copy is not part of the new table's key; its NOT NULL is kept.
                    c.primary_key = false;
                    c.unique = false;
                    col_not_null.push(!pc.nullable);
                    c.nullable = true;
                    table.columns.push(c);
                }
                if !inherits {
                    // MySQL's CREATE TABLE ... LIKE copies the keys too.
                    table.primary_key = parent.primary_key.clone();
                }
            }
            for (ci, c) in ct.columns.iter().enumerate() {
                for el in likes.iter().filter(|l| l.at == ci) {
                    copy_like(cat, loc, el, &mut table, &mut col_not_null, diags);
                }
                let declared = declared_type(&c.data_type);
                let (ty, domain_not_null) = column_value_type(d, cat, declared.as_deref());
                let ty = inline_enum(cat, &name, &c.name.value, ty, declared.as_deref());
                let created = |dt: &str| {
                    let bare = dt.trim().trim_end_matches("[]").replace('"', "");
                    let bare = bare.strip_prefix("public.").unwrap_or(&bare).to_string();
                    cat.other_types.iter().any(|t| t.eq_ignore_ascii_case(&bare))
                };
                // An unknown type, or an array of one (`nosuchtype[]`).
                let unknown = matches!(&ty, ValueType::Any) || matches!(&ty, ValueType::Array(x) if **x == ValueType::Any);
                if let Some(dt) = declared.as_deref().filter(|dt| unknown && !cat.has_extensions && !d.has_type(dt) && !created(dt)) {
                    diags.push(
                        loc.error(c.name.span, format!("column `{}`: unknown type `{dt}`", c.name.value))
                            .with_hint("use a type of the engine, or create it (CREATE TYPE / DOMAIN / EXTENSION) before the table"),
                    );
                }
                let serial = declared.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("serial"));
                let mut col = catalog::Column {
                    name: c.name.value.clone(),
                    ty,
                    declared,
                    nullable: true,
                    primary_key: false,
                    unique: false,
                    has_default: false,
                    generated: false,
                    auto_increment: false,
                };
                let mut not_null = domain_not_null || serial;
                col.auto_increment = serial;
                for o in &c.options {
                    match &o.option {
                        sql::ColumnOption::NotNull => not_null = true,
                        sql::ColumnOption::PrimaryKey(_) => {
                            col.primary_key = true;
                            table.primary_key = vec![col.name.clone()];
                        }
                        sql::ColumnOption::Unique(_) => {
                            col.unique = true;
                            table.unique.push(vec![col.name.clone()]);
                        }
                        sql::ColumnOption::Default(_) => col.has_default = true,
                        // GENERATED ... AS (expr) computes the column; GENERATED ... AS IDENTITY fills it.
                        sql::ColumnOption::Generated { generation_expr: Some(_), .. } | sql::ColumnOption::Materialized(_) | sql::ColumnOption::Alias(_) => {
                            col.generated = true
                        }
                        sql::ColumnOption::Generated { generation_expr: None, .. } => {
                            col.auto_increment = true;
                            not_null = true;
                        }
                        sql::ColumnOption::Identity(_) => col.auto_increment = true,
                        sql::ColumnOption::ForeignKey(fk) => table.foreign_keys.push(catalog::ForeignKey {
                            columns: vec![col.name.clone()],
                            ref_table: object_name(&fk.foreign_table),
                            ref_columns: fk.referred_columns.iter().map(|i| i.value.clone()).collect(),
                        }),
                        sql::ColumnOption::DialectSpecific(toks) => {
                            let s: String = toks.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" ");
                            let up = s.to_ascii_uppercase();
                            if up.contains("AUTOINCREMENT") || up.contains("AUTO_INCREMENT") {
                                col.auto_increment = true;
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(i) = table.columns.iter().position(|x| x.name.eq_ignore_ascii_case(&col.name)) {
                    // A column also inherited: merged with the parent's, which must agree on type.
                    if table.columns[i].ty != col.ty {
                        diags.push(loc.error(
                            c.name.span,
                            format!("column `{}` has a type conflict with the inherited column of that name", col.name),
                        ));
                    }
                    col_not_null[i] |= not_null;
                    table.columns[i].has_default |= col.has_default;
                    continue;
                }
                col_not_null.push(not_null);
                table.columns.push(col);
            }
            for el in likes.iter().filter(|l| l.at >= ct.columns.len()) {
                copy_like(cat, loc, el, &mut table, &mut col_not_null, diags);
            }
            for tc in &ct.constraints {
                match tc {
                    sql::TableConstraint::PrimaryKey(pk) => {
                        table.primary_key = pk.columns.iter().filter_map(index_column_name).collect();
                    }
                    sql::TableConstraint::Unique(u) => {
                        table.unique.push(u.columns.iter().filter_map(index_column_name).collect());
                    }
                    sql::TableConstraint::ForeignKey(fk) => table.foreign_keys.push(catalog::ForeignKey {
                        columns: fk.columns.iter().map(|i| i.value.clone()).collect(),
                        ref_table: object_name(&fk.foreign_table),
                        ref_columns: fk.referred_columns.iter().map(|i| i.value.clone()).collect(),
                    }),
                    _ => {}
                }
            }
            for pkc in &table.primary_key {
                if table.column(pkc).is_none() {
                    diags.push(loc.error(ct.name.span(), format!("primary key column `{pkc}` is not a column of `{name}`")));
                }
            }
            let single = table.primary_key.len() == 1;
            let pk = table.primary_key.clone();
            for (col, not_null) in table.columns.iter_mut().zip(col_not_null) {
                let in_pk = pk.iter().any(|p| p.eq_ignore_ascii_case(&col.name));
                col.primary_key = in_pk;
                col.nullable = !not_null
                    && (!in_pk || d.primary_key_may_be_null(col.declared.as_deref(), single, strict_or_without_rowid));
                if in_pk && single && !col.nullable && matches!(col.ty, ValueType::I64) && d.engine() == Engine::Sqlite {
                    // The INTEGER PRIMARY KEY is the rowid: filled in when omitted.
                    col.auto_increment = true;
                }
            }
            if !pk.is_empty() {
                table.unique.push(pk);
            }
            cat.put(table);
        }
        sql::Statement::CreateView(v) => {
            let name = object_name(&v.name);
            let mut a = QueryAnalyzer::new(d, cat, loc);
            let mut cols = a.query(&v.query, None, None);
            diags.append(&mut a.diags);
            for (c, vc) in cols.iter_mut().zip(&v.columns) {
                c.name = vc.name.value.clone();
            }
            cat.put(catalog::Table {
                name,
                columns: cols
                    .into_iter()
                    .map(|c| catalog::Column {
                        name: c.name,
                        declared: None,
                        ty: c.ty.unwrap_or(ValueType::Any),
                        nullable: c.nullable,
                        primary_key: false,
                        unique: false,
                        has_default: false,
                        generated: false,
                        auto_increment: false,
                    })
                    .collect(),
                primary_key: vec![],
                foreign_keys: vec![],
                unique: vec![],
                is_view: true,
            });
        }
        sql::Statement::CreateType { name, representation } => {
            if let Some(sql::UserDefinedTypeRepresentation::Enum { labels }) = representation {
                let n = object_name(name);
                cat.enums.retain(|e| !e.name.eq_ignore_ascii_case(&n));
                cat.enums.push(ir::EnumType { name: n, values: labels.iter().map(|l| l.value.clone()).collect() });
            } else if let Some(sql::UserDefinedTypeRepresentation::Composite { attributes }) = representation {
                let n = object_name(name);
                let mut fields: Vec<ir::CompositeField> = Vec::new();
                for a in attributes {
                    let declared = declared_type(&a.data_type);
                    let (ty, _) = column_value_type(d, cat, declared.as_deref());
                    if fields.iter().any(|f| f.name.eq_ignore_ascii_case(&a.name.value)) {
                        diags.push(loc.error(a.name.span, format!("composite type `{n}`: field `{}` is defined twice", a.name.value)));
                        continue;
                    }
                    let unknown = matches!(&ty, ValueType::Any) || matches!(&ty, ValueType::Array(x) if **x == ValueType::Any);
                    if let Some(dt) = declared.as_deref().filter(|dt| unknown && !cat.has_extensions && !d.has_type(dt) && !cat.other_types.iter().any(|t| t.eq_ignore_ascii_case(&catalog::normalize_type_name(dt.trim_end_matches("[]"))))) {
                        diags.push(
                            loc.error(a.name.span, format!("composite type `{n}`, field `{}`: unknown type `{dt}`", a.name.value))
                                .with_hint("use a type of the engine, or create it (CREATE TYPE / DOMAIN / EXTENSION) before this type"),
                        );
                    }
                    // PostgreSQL has no NOT NULL for a composite's fields: each may be NULL.
                    fields.push(ir::CompositeField { name: a.name.value.clone(), ty, db_type: declared, nullable: true });
                }
                cat.composites.retain(|c| !c.name.eq_ignore_ascii_case(&n));
                cat.composites.push(ir::CompositeType { name: n, fields });
            } else {
                cat.other_types.push(object_name(name));
            }
        }
        sql::Statement::CreateFunction(cf) => {
            let name = object_name(&cf.name);
            // RETURNS TABLE (x int, y text): a set of rows of those columns, like OUT arguments.
            let table_cols: Vec<(String, ValueType)> = match &cf.return_type {
                Some(sql::FunctionReturnType::DataType(sql::DataType::Table(Some(cols)))) => {
                    cols.iter().map(|c| (c.name.value.clone(), column_value_type(d, cat, declared_type(&c.data_type).as_deref()).0)).collect()
                }
                _ => vec![],
            };
            let (returns, returns_set) = match &cf.return_type {
                _ if !table_cols.is_empty() => (if table_cols.len() == 1 { table_cols[0].1.clone() } else { ValueType::Any }, true),
                Some(sql::FunctionReturnType::DataType(dt)) => (column_value_type(d, cat, declared_type(dt).as_deref()).0, false),
                Some(sql::FunctionReturnType::SetOf(dt)) => (column_value_type(d, cat, declared_type(dt).as_deref()).0, true),
                _ => (ValueType::Any, false),
            };
            // Without RETURNS, one OUT (or INOUT) argument is the result.
            let outs: Vec<&sql::OperateFunctionArg> = cf.args.iter().flatten().filter(|a| matches!(a.mode, Some(sql::ArgMode::Out | sql::ArgMode::InOut))).collect();
            let returns = match (&cf.return_type, outs.as_slice()) {
                (None, [o]) => column_value_type(d, cat, declared_type(&o.data_type).as_deref()).0,
                _ => returns,
            };
            let strict = matches!(cf.called_on_null, Some(sql::FunctionCalledOnNull::Strict | sql::FunctionCalledOnNull::ReturnsNullOnNullInput));
            // The input arguments' types (OUT arguments are part of the result, not inputs).
            let inputs: Vec<&sql::OperateFunctionArg> = cf.args.iter().flatten().filter(|a| !matches!(a.mode, Some(sql::ArgMode::Out))).collect();
            let args = inputs.iter().map(|a| column_value_type(d, cat, declared_type(&a.data_type).as_deref()).0).collect();
            let arg_names = inputs.iter().map(|a| a.name.as_ref().map(|n| n.value.clone()).unwrap_or_default()).collect();
            let args: Vec<ValueType> = args;
            if !cf.or_replace && cat.functions.iter().any(|f| !f.procedure && f.name.eq_ignore_ascii_case(&name) && f.args == args) {
                diags.push(loc.error(
                    cf.name.span(),
                    format!("function `{name}` with these argument types is already defined"),
                ));
                return;
            }
            // The catalog keeps one function per name; with overloads, a call may be another one's,
            // so no body proves anything.
            let overloaded = cat.functions.iter().any(|f| !f.procedure && f.name.eq_ignore_ascii_case(&name) && f.args != args);
            cat.functions.retain(|f| !f.name.eq_ignore_ascii_case(&name));
            let outs = if table_cols.is_empty() {
                outs.iter()
                    .map(|o| (o.name.as_ref().map(|n| n.value.clone()).unwrap_or_default(), column_value_type(d, cat, declared_type(&o.data_type).as_deref()).0))
                    .collect()
            } else {
                table_cols
            };
            // Arguments with defaults may be left out, and a default may be NULL.
            let defaults = inputs.iter().any(|a| a.default_expr.as_ref().is_some_and(|e| !matches!(e, Expr::Value(v) if v.value != sql::Value::Null)));
            let body_non_null = !returns_set && !overloaded && !defaults && sql_body_non_null(d, cat, loc, cf, &inputs);
            let poly = |dt: &sql::DataType| matches!(dt.to_string().to_ascii_lowercase().as_str(), "anyelement" | "anycompatible");
            let polymorphic = match &cf.return_type {
                Some(sql::FunctionReturnType::DataType(dt) | sql::FunctionReturnType::SetOf(dt)) if poly(dt) => Some(inputs.iter().map(|a| poly(&a.data_type)).collect()),
                _ => None,
            };
            cat.functions.push(catalog::Function { name, args, arg_names, returns, returns_set, strict, procedure: false, outs, body_non_null, polymorphic });
        }
        sql::Statement::DropFunction(df) => {
            for fd in &df.func_desc {
                let name = object_name(&fd.name);
                cat.functions.retain(|f| !f.name.eq_ignore_ascii_case(&name));
            }
        }
        sql::Statement::CreateIndex(ci) => {
            // An index on a table sqlweave does not model (a materialized view, a foreign table)
            // is none of its business; on a known table its columns must exist, and a UNIQUE one
            // makes its column set unique (one-to-one relations, upserts).
            let table = object_name(&ci.table_name);
            let Some(t) = cat.table(&table) else { return };
            let mut cols = Vec::new();
            for ic in &ci.columns {
                let Some(c) = index_column_name(ic) else { return };
                match t.column(&c) {
                    Some(col) => cols.push(col.name.clone()),
                    None => {
                        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                        let msg = format!("unknown column `{c}` in table `{}`", t.name);
                        let d = loc.error(ic.column.expr.span(), msg);
                        diags.push(match did_you_mean(&c, names.into_iter()) {
                            Some(h) => d.with_hint(format!("did you mean `{h}`?")),
                            None => d,
                        });
                        return;
                    }
                }
            }
            let plain = ci.predicate.is_none();
            if ci.unique && plain && !cols.is_empty() {
                let name = t.name.clone();
                if let Some(t) = cat.table_mut(&name) {
                    if !t.unique.contains(&cols) {
                        t.unique.push(cols);
                    }
                }
            }
        }
        sql::Statement::CreateDomain(cd) => {
            let decl = declared_type(&cd.data_type);
            let (ty, _) = column_value_type(d, cat, decl.as_deref());
            let not_null = cd.to_string().to_ascii_uppercase().contains("NOT NULL");
            cat.domains.push((object_name(&cd.name), ty, not_null));
        }
        sql::Statement::Drop { object_type, if_exists, names, .. } => {
            if matches!(object_type, sql::ObjectType::Type) {
                for n in names {
                    let name = object_name(n);
                    cat.enums.retain(|e| !e.name.eq_ignore_ascii_case(&name));
                    cat.composites.retain(|c| !c.name.eq_ignore_ascii_case(&name));
                }
                return;
            }
            if !matches!(object_type, sql::ObjectType::Table | sql::ObjectType::View) {
                return;
            }
            for n in names {
                let name = object_name(n);
                if !cat.remove(&name) && !*if_exists {
                    diags.push(loc.error(n.span(), format!("cannot drop `{name}`: no such table or view")));
                }
            }
        }
        sql::Statement::AlterType(at) => {
            let name = object_name(&at.name);
            if let Some(i) = cat.composites.iter().position(|c| c.name.eq_ignore_ascii_case(&name)) {
                match &at.operation {
                    sql::AlterTypeOperation::Rename(r) => {
                        // A rename keeps the schema.
                        let old = cat.composites[i].name.clone();
                        let new = match old.rsplit_once('.') {
                            Some((schema, _)) => format!("{schema}.{}", r.new_name.value),
                            None => r.new_name.value.clone(),
                        };
                        cat.composites[i].name = new.clone();
                        for t in &mut cat.tables {
                            for c in &mut t.columns {
                                rename_composite(&mut c.ty, &old, &new);
                            }
                        }
                        for c in &mut cat.composites {
                            for f in &mut c.fields {
                                rename_composite(&mut f.ty, &old, &new);
                            }
                        }
                    }
                    _ => diags.push(loc.error(at.name.span(), format!("cannot add or rename a value of `{name}`: it is a composite type, not an enum"))),
                }
                return;
            }
            let Some(i) = cat.enums.iter().position(|e| e.name.eq_ignore_ascii_case(&name)) else {
                diags.push(loc.error(at.name.span(), format!("cannot alter type `{name}`: no such enum type")));
                return;
            };
            match &at.operation {
                sql::AlterTypeOperation::Rename(r) => {
                    let old = cat.enums[i].name.clone();
                    let new = r.new_name.value.clone();
                    cat.enums[i].name = new.clone();
                    // Columns of the type follow the rename.
                    for t in &mut cat.tables {
                        for c in &mut t.columns {
                            rename_enum(&mut c.ty, &old, &new);
                        }
                    }
                }
                sql::AlterTypeOperation::AddValue(v) => {
                    if !cat.enums[i].values.contains(&v.value.value) {
                        cat.enums[i].values.push(v.value.value.clone());
                    }
                }
                sql::AlterTypeOperation::RenameValue(v) => {
                    for x in &mut cat.enums[i].values {
                        if *x == v.from.value {
                            *x = v.to.value.clone();
                        }
                    }
                }
            }
        }
        sql::Statement::AlterTable(at) => {
            let name = object_name(&at.name);
            if cat.table(&name).is_none() {
                // Dumps alter objects the catalog does not model (sequences' owners, partitions);
                // only a change to columns of a missing table is an error.
                let changes_columns = at.operations.iter().any(|op| {
                    matches!(
                        op,
                        sql::AlterTableOperation::AddColumn { .. }
                            | sql::AlterTableOperation::DropColumn { .. }
                            | sql::AlterTableOperation::RenameColumn { .. }
                            | sql::AlterTableOperation::AlterColumn { .. }
                            | sql::AlterTableOperation::RenameTable { .. }
                    )
                });
                if !at.if_exists && changes_columns {
                    diags.push(loc.error(at.name.span(), format!("cannot alter `{name}`: no such table")));
                }
                return;
            }
            for op in &at.operations {
                alter(d, cat, &name, op, loc, diags);
            }
        }
        _ => {}
    }
}

/// `CREATE DOMAIN name [AS] type [COLLATE ..] [DEFAULT ..] [[CONSTRAINT c] NOT NULL | CHECK (..)]*`
fn create_domain(d: &dyn Dialect, cat: &mut Catalog, text: &str) {
    // Whitespace (newlines, tabs) collapsed to single spaces, so clauses can be found by keyword.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = text.get(6..).unwrap_or("").trim_start();
    let rest = rest.get(6..).unwrap_or("").trim_start(); // after CREATE and DOMAIN
    let mut parts = rest.splitn(2, ' ');
    let name = parts.next().unwrap_or("").replace('"', "");
    let mut tail = parts.next().unwrap_or("").trim_start();
    if tail.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("AS ")) {
        tail = tail[3..].trim_start();
    }
    let up = tail.to_ascii_uppercase();
    let stops = [" NOT NULL", " NULL", " DEFAULT", " CHECK", " CONSTRAINT", " COLLATE"];
    let end = stops.iter().filter_map(|k| up.find(k)).min().unwrap_or(tail.len());
    let ty_text = tail[..end].trim();
    let (ty, _) = column_value_type(d, cat, Some(ty_text));
    let name = name.strip_prefix("public.").unwrap_or(&name).to_string();
    cat.domains.push((name, ty, up.contains("NOT NULL")));
}

fn rename_enum(ty: &mut ValueType, old: &str, new: &str) {
    match ty {
        ValueType::Enum(n) if n.eq_ignore_ascii_case(old) => *n = new.to_string(),
        ValueType::Array(inner) => rename_enum(inner, old, new),
        _ => {}
    }
}

fn rename_composite(ty: &mut ValueType, old: &str, new: &str) {
    match ty {
        ValueType::Composite(n) if n.eq_ignore_ascii_case(old) => *n = new.to_string(),
        ValueType::Array(inner) | ValueType::Nullable(inner) => rename_composite(inner, old, new),
        _ => {}
    }
}

/// `ALTER TABLE [IF EXISTS] name SET SCHEMA schema`.
fn set_schema(cat: &mut Catalog, loc: &Loc, text: &str, diags: &mut Vec<Diagnostic>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 2;
    let if_exists = words.get(2).is_some_and(|w| w.eq_ignore_ascii_case("IF")) && words.get(3).is_some_and(|w| w.eq_ignore_ascii_case("EXISTS"));
    if if_exists {
        i += 2;
    }
    let (Some(name), Some(schema)) = (words.get(i), words.get(i + 3)) else { return };
    let name = name.replace('"', "");
    let name = name.strip_prefix("public.").unwrap_or(&name).to_string();
    let schema = schema.trim_end_matches(';').replace('"', "");
    let bare = name.rsplit('.').next().unwrap_or(&name).to_string();
    let moved = if schema.eq_ignore_ascii_case("public") { bare.clone() } else { format!("{schema}.{bare}") };
    if words.get(1).is_some_and(|w| w.eq_ignore_ascii_case("TYPE")) {
        // An enum moves; columns of the type follow.
        let Some(e) = cat.enums.iter_mut().find(|e| e.name.eq_ignore_ascii_case(&name)) else {
            if !if_exists {
                diags.push(Diagnostic::error(loc.file, loc.start, format!("cannot alter type `{name}`: no such enum type")));
            }
            return;
        };
        let old = std::mem::replace(&mut e.name, moved.clone());
        for t in &mut cat.tables {
            for c in &mut t.columns {
                rename_enum(&mut c.ty, &old, &moved);
            }
        }
        return;
    }
    match cat.table_mut(&name) {
        Some(t) => t.name = moved,
        None if !if_exists => diags.push(Diagnostic::error(loc.file, loc.start, format!("cannot alter `{name}`: no such table"))),
        None => {}
    }
}

/// `CREATE [OR REPLACE] PROCEDURE name ([IN|OUT|INOUT] [arg] type [DEFAULT ..], ...) ...`: the
/// name and input arguments.
fn create_procedure(d: &dyn Dialect, cat: &mut Catalog, text: &str) {
    let up = text.to_ascii_uppercase();
    let Some(kw) = up.find("PROCEDURE") else { return };
    let after = &text[kw + "PROCEDURE".len()..];
    let Some(open) = after.find('(') else { return };
    let name = after[..open].trim().replace(['"', '`'], "");
    let name = name.strip_prefix("public.").unwrap_or(&name).to_string();
    if name.is_empty() {
        return;
    }
    // The argument list up to its matching parenthesis, split at top-level commas.
    let mut depth = 0usize;
    let mut parts = vec![String::new()];
    for c in after[open + 1..].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    let (mut args, mut arg_names) = (Vec::new(), Vec::new());
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let mut words: Vec<&str> = p.split_whitespace().collect();
        let mode = words.first().map(|w| w.to_ascii_uppercase()).unwrap_or_default();
        if matches!(mode.as_str(), "IN" | "OUT" | "INOUT" | "VARIADIC") {
            words.remove(0);
        }
        if mode == "OUT" {
            continue;
        }
        if let Some(i) = words.iter().position(|w| w.eq_ignore_ascii_case("DEFAULT") || *w == "=") {
            words.truncate(i);
        }
        // `name type` or just `type`: a declared type is one the dialect or catalog knows.
        let known = |t: &str| d.column_type(Some(t)) != ValueType::Any || cat.user_type(t).is_some();
        let (arg_name, ty_text) = match words.as_slice() {
            [] => continue,
            [only] if known(only) => (String::new(), only.to_string()),
            [only] => (only.to_string(), String::new()),
            [first, rest @ ..] => (first.replace(['"', '`'], ""), rest.join(" ")),
        };
        args.push(column_value_type(d, cat, Some(&ty_text)).0);
        arg_names.push(arg_name);
    }
    cat.functions.retain(|f| !f.name.eq_ignore_ascii_case(&name));
    cat.functions.push(catalog::Function { name, args, arg_names, returns: ValueType::Any, returns_set: false, strict: false, body_non_null: false, polymorphic: None, procedure: true, outs: vec![] });
}

fn index_column_name(ic: &sql::IndexColumn) -> Option<String> {
    match &ic.column.expr {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(is) => is.last().map(|i| i.value.clone()),
        _ => None,
    }
}

fn alter(d: &'static dyn Dialect, cat: &mut Catalog, table: &str, op: &sql::AlterTableOperation, loc: &Loc, diags: &mut Vec<Diagnostic>) {
    if let sql::AlterTableOperation::AddColumn { column_def: c, if_not_exists, .. } = op {
        {
            let Some(t) = cat.table(table) else { return };
            if t.column(&c.name.value).is_some() {
                if !*if_not_exists {
                    diags.push(loc.error(c.name.span, format!("column `{}` already exists in `{table}`", c.name.value)));
                }
                return;
            }
        }
            let declared = declared_type(&c.data_type);
            let (ty, domain_not_null) = column_value_type(d, cat, declared.as_deref());
            let ty = inline_enum(cat, table, &c.name.value, ty, declared.as_deref());
            let serial = declared.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("serial"));
            let not_null = domain_not_null || serial || c.options.iter().any(|o| matches!(o.option, sql::ColumnOption::NotNull | sql::ColumnOption::PrimaryKey(_)));
            let generated = c.options.iter().any(|o| matches!(o.option, sql::ColumnOption::Generated { generation_expr: Some(_), .. }));
            let has_default = c.options.iter().any(|o| matches!(o.option, sql::ColumnOption::Default(_)));
            let Some(t) = cat.table_mut(table) else { return };
            t.columns.push(catalog::Column {
                name: c.name.value.clone(),
                ty,
                declared,
                nullable: !not_null,
                primary_key: false,
                unique: false,
                has_default,
                generated,
                auto_increment: serial,
            });
        return;
    }
    if let sql::AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } | sql::AlterTableOperation::ChangeColumn { old_name: col_name, data_type, options, .. } = op {
        // MySQL's MODIFY / CHANGE: the column is redefined in place (type, NULL, default).
        let new_name = match op {
            sql::AlterTableOperation::ChangeColumn { new_name, .. } => new_name.value.clone(),
            _ => col_name.value.clone(),
        };
        let declared = declared_type(data_type);
        let (ty, domain_not_null) = column_value_type(d, cat, declared.as_deref());
        let ty = inline_enum(cat, table, &new_name, ty, declared.as_deref());
        let Some(t) = cat.table_mut(table) else { return };
        let in_pk = t.primary_key.iter().any(|p| p.eq_ignore_ascii_case(&col_name.value));
        let Some(c) = t.column_mut(&col_name.value) else {
            diags.push(loc.error(col_name.span, format!("no column `{}` in `{table}`", col_name.value)));
            return;
        };
        let not_null = domain_not_null || in_pk || options.iter().any(|o| matches!(o, sql::ColumnOption::NotNull | sql::ColumnOption::PrimaryKey(_)));
        c.name = new_name.clone();
        c.ty = ty;
        c.declared = declared;
        c.nullable = !not_null;
        c.has_default = options.iter().any(|o| matches!(o, sql::ColumnOption::Default(_)));
        if let Some(p) = t.primary_key.iter_mut().find(|p| p.eq_ignore_ascii_case(&col_name.value)) {
            *p = new_name;
        }
        return;
    }
    let enum_domain = |decl: Option<&str>| decl.and_then(|x| cat.user_type(x));
    let resolved_new_type = match op {
        sql::AlterTableOperation::AlterColumn { op: sql::AlterColumnOperation::SetDataType { data_type, .. }, .. } => {
            let decl = declared_type(data_type);
            let t = d.column_type(decl.as_deref());
            let t = if t == ValueType::Any { enum_domain(decl.as_deref()).map(|u| u.0).unwrap_or(t) } else { t };
            Some((decl, t))
        }
        _ => None,
    };
    let Some(t) = cat.table_mut(table) else { return };
    match op {
        sql::AlterTableOperation::DropColumn { column_names, if_exists, .. } => {
            for n in column_names {
                let before = t.columns.len();
                t.columns.retain(|c| !c.name.eq_ignore_ascii_case(&n.value));
                if before == t.columns.len() && !*if_exists {
                    diags.push(loc.error(n.span, format!("cannot drop column `{}`: no such column in `{table}`", n.value)));
                }
            }
        }
        sql::AlterTableOperation::RenameColumn { old_column_name, new_column_name } => match t.column_mut(&old_column_name.value) {
            Some(c) => c.name = new_column_name.value.clone(),
            None => diags.push(loc.error(
                old_column_name.span,
                format!("cannot rename column `{}`: no such column in `{table}`", old_column_name.value),
            )),
        },
        sql::AlterTableOperation::RenameTable { table_name } => {
            let n = match table_name {
                sql::RenameTableNameKind::As(n) | sql::RenameTableNameKind::To(n) => object_name(n),
            };
            t.name = n;
        }
        sql::AlterTableOperation::AlterColumn { column_name, op } => {
            let Some(c) = t.column_mut(&column_name.value) else {
                diags.push(loc.error(column_name.span, format!("no column `{}` in `{table}`", column_name.value)));
                return;
            };
            match op {
                sql::AlterColumnOperation::SetNotNull => c.nullable = false,
                sql::AlterColumnOperation::DropNotNull => c.nullable = true,
                sql::AlterColumnOperation::SetDefault { .. } => c.has_default = true,
                sql::AlterColumnOperation::DropDefault => c.has_default = false,
                sql::AlterColumnOperation::SetDataType { .. } => {
                    if let Some((decl, ty)) = resolved_new_type {
                        c.declared = decl;
                        c.ty = ty;
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Queries

fn analyze_query(d: &'static dyn Dialect, cat: &Catalog, loc: &Loc, ann: &source::Annotation, diags: &mut Vec<Diagnostic>) -> Option<ir::Query> {
    let stmt = match parse_one(d, loc) {
        Ok(s) => s,
        Err(e) => {
            // An anonymous code block (`DO $$ ... $$`), which the parser does not read, runs as
            // written under :exec when it has no parameters (a DO block cannot take any).
            let is_do = first_words(skip_comments(loc.text), 1).first().is_some_and(|w| w == "DO");
            if is_do && matches!(ann.kind, QueryKind::Exec | QueryKind::ExecRows) && !QueryAnalyzer::new(d, cat, loc).has_placeholders {
                let fragments = vec![Fragment::Text(loc.text.to_string())];
                let sql = ir::Query::render_sql(&fragments, |i| d.placeholder(i));
                return Some(ir::Query {
                    name: ann.name.clone(),
                    kind: ann.kind,
                    file: loc.file.to_string(),
                    line: ann.pos.line,
                    sql,
                    fragments,
                    params: vec![],
                    columns: vec![],
                    model: None,
                    comments: ann.docs.clone(),
                    row_optional: false,
                });
            }
            diags.push(e);
            return None;
        }
    };
    if ann.kind == QueryKind::ExecLastId && !matches!(stmt, sql::Statement::Insert(_)) {
        let what = match &stmt {
            sql::Statement::Query(_) => "a SELECT",
            sql::Statement::Update(_) => "an UPDATE",
            sql::Statement::Delete(_) => "a DELETE",
            _ => "not an INSERT",
        };
        diags.push(
            Diagnostic::error(loc.file, ann.pos, format!("query `{}` is :execlastid, which returns the id of an inserted row, but it is {what}", ann.name))
                .with_hint("use :one or :many for rows, :execrows for the number of rows changed, :exec for nothing"),
        );
        return None;
    }
    let mut a = QueryAnalyzer::new(d, cat, loc);
    let passthrough = !matches!(stmt, sql::Statement::Query(_) | sql::Statement::Insert(_) | sql::Statement::Update(_) | sql::Statement::Delete(_) | sql::Statement::Call(_))
        && matches!(ann.kind, QueryKind::Exec | QueryKind::ExecRows | QueryKind::BatchExec);
    let (cols, model_table) = if passthrough {
        // Other statements (DDL, CALL, NOTIFY, REFRESH ...) run as written under :exec; only
        // their parameters would need types, and those cannot be inferred here.
        if a.has_placeholders || loc.text.contains("sqlc.") {
            a.err_hint(stmt.span(), "parameters are only analysed in SELECT, INSERT, UPDATE and DELETE", "inline the value or wrap the statement in a function");
        }
        (vec![], None)
    } else {
        a.statement(&stmt)
    };
    let before = a.diags.len();
    let params = a.finish_params();
    let failed = !a.diags.is_empty();
    let _ = before;
    for d in a.diags.drain(..) {
        if !diags.contains(&d) {
            diags.push(d);
        }
    }
    if failed {
        return None;
    }
    let (params, order) = params;
    // A SELECT with an empty select list (`SELECT FROM t`, PostgreSQL) returns rows without
    // columns, which a caller may count; a statement without RETURNING returns no rows at all.
    if ann.kind.returns_rows() && cols.is_empty() && !matches!(stmt, sql::Statement::Query(_)) {
        let hint = if ann.kind.is_batch() { "use :batchexec, or add a RETURNING clause" } else { "use :exec, :execrows or :execlastid, or add a RETURNING clause" };
        diags.push(
            Diagnostic::error(loc.file, loc.start, format!("query `{}` is :{} but returns no columns", ann.name, ann.kind.as_str()))
                .with_hint(hint),
        );
        return None;
    }
    if ann.kind.is_batch() && params.is_empty() {
        diags.push(
            Diagnostic::error(loc.file, ann.pos, format!("query `{}` is :{} but has no parameters, so there is nothing to batch", ann.name, ann.kind.as_str()))
                .with_hint("a batch runs the statement once per item of its parameters; use :exec, :one or :many"),
        );
        return None;
    }
    // Rewrite the SQL: placeholders become positional, lists become Slice fragments.
    let mut occ = a.occurrences.clone();
    occ.sort_by_key(|o| o.start);
    let mut fragments = Vec::new();
    let mut last = 0usize;
    for o in &occ {
        if o.start < last {
            continue;
        }
        if o.start > last {
            let mut text = loc.text[last..o.start].to_string();
            if o.in_to_any {
                text = in_list_to_any(&text);
            }
            fragments.push(Fragment::Text(text));
        }
        if let Some(r) = &o.replace {
            fragments.push(Fragment::Text(r.clone()));
            last = o.end;
            continue;
        }
        let idx = order[o.slot];
        fragments.push(if params[idx].slice { Fragment::Slice(idx) } else { Fragment::Param(idx) });
        last = o.end;
    }
    if last < loc.text.len() {
        fragments.push(Fragment::Text(loc.text[last..].to_string()));
    }
    let sql = ir::Query::render_sql(&fragments, |i| d.placeholder(i));
    let columns: Vec<ir::Column> = cols
        .into_iter()
        .map(|c| ir::Column { name: c.name, ty: c.ty.unwrap_or(ValueType::Any), db_type: c.declared, nullable: c.nullable, origin: c.origin })
        .collect();
    let model = model_table.and_then(|t| {
        let table = cat.table(&t)?;
        let fits = table.columns.len() == columns.len()
            && table.columns.iter().zip(&columns).all(|(tc, c)| {
                tc.name == c.name
                    && tc.ty == c.ty
                    && tc.nullable == c.nullable
                    && c.origin.as_ref().is_some_and(|o| o.table == table.name && o.column == tc.name)
            });
        fits.then(|| table.name.clone())
    });
    Some(ir::Query {
        name: ann.name.clone(),
        kind: ann.kind,
        file: loc.file.to_string(),
        line: ann.pos.line,
        sql,
        fragments,
        params,
        columns,
        model,
        comments: ann.docs.clone(),
        row_optional: insert_may_skip_its_row(&stmt),
    })
}

/// Whether an `INSERT … RETURNING` may return no row by design: its conflict clause skips the row
/// (`ON CONFLICT DO NOTHING`, `DO UPDATE … WHERE` whose condition fails, `INSERT OR IGNORE`,
/// `INSERT IGNORE`).
fn insert_may_skip_its_row(stmt: &sql::Statement) -> bool {
    let sql::Statement::Insert(ins) = stmt else { return false };
    if ins.returning.is_none() {
        return false;
    }
    let skipping_conflict = match &ins.on {
        Some(sql::OnInsert::OnConflict(oc)) => match &oc.action {
            sql::OnConflictAction::DoNothing => true,
            sql::OnConflictAction::DoUpdate(du) => du.selection.is_some(),
        },
        _ => false,
    };
    ins.ignore || matches!(ins.or, Some(sql::SqliteOnConflict::Ignore)) || skipping_conflict
}

/// The type of an expression as far as analysis knows it.
#[derive(Debug, Clone, PartialEq)]
struct Ty {
    /// `None` while unknown (a NULL literal, an untyped parameter).
    ty: Option<ValueType>,
    nullable: bool,
    origin: Option<Origin>,
    declared: Option<String>,
}

impl Ty {
    fn known(ty: ValueType, nullable: bool) -> Ty {
        Ty { ty: Some(ty), nullable, origin: None, declared: None }
    }
    fn unknown(nullable: bool) -> Ty {
        Ty { ty: None, nullable, origin: None, declared: None }
    }
    fn plain(mut self) -> Ty {
        self.origin = None;
        self.declared = None;
        self
    }
}

/// A column of a relation in scope (or of a query's result).
#[derive(Debug, Clone, PartialEq)]
struct Col {
    name: String,
    ty: Option<ValueType>,
    nullable: bool,
    origin: Option<Origin>,
    declared: Option<String>,
    /// Hidden from `*` (the right-hand copy of a USING column).
    hidden: bool,
}

impl Col {
    fn from_ty(name: String, t: Ty) -> Col {
        Col { name, ty: t.ty, nullable: t.nullable, origin: t.origin, declared: t.declared, hidden: false }
    }
}

/// A relation in a FROM clause.
#[derive(Debug, Clone)]
struct Rel {
    /// The name it is referred to by (alias, or table name).
    name: String,
    /// The catalog table it reads, if it is one.
    table: Option<String>,
    cols: Vec<Col>,
    /// Null-extended by an outer join.
    null_ext: bool,
    /// SQLite tables have an implicit rowid.
    has_rowid: bool,
}

/// The kind of a data-changing statement.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dml {
    Insert,
    Update,
    Delete,
}

/// Names in scope at one query level, with a link to the enclosing level (correlated subqueries).
struct Scope<'p> {
    rels: Vec<Rel>,
    parent: Option<&'p Scope<'p>>,
    /// Select-list aliases (visible to ORDER BY, GROUP BY and HAVING).
    aliases: Vec<(String, Ty)>,
    /// Columns proven non-NULL by the WHERE clause: (relation index, column name).
    narrowed: Vec<(usize, String)>,
    /// Other expressions the WHERE clause proves non-NULL (`f(x) > $1`), as SQL text: the same
    /// expression in the select list is non-NULL in every returned row.
    narrowed_exprs: Vec<String>,
    /// The level has a FROM clause (even if a relation in it failed to resolve), so a missing
    /// relation has been reported already.
    has_from: bool,
}

impl<'p> Scope<'p> {
    fn new(parent: Option<&'p Scope<'p>>) -> Scope<'p> {
        Scope { rels: vec![], parent, aliases: vec![], narrowed: vec![], narrowed_exprs: vec![], has_from: false }
    }
}

/// What a value is expected to be, from its context: a compared column, an INSERT target, ...
#[derive(Debug, Clone)]
struct Expect {
    ty: ValueType,
    nullable: bool,
    /// A name for a parameter found here (the column it is compared with or written to).
    name: Option<String>,
}

impl Expect {
    fn from_ty(t: &Ty, name: Option<String>) -> Option<Expect> {
        t.ty.clone().map(|ty| Expect { ty, nullable: false, name: name.or_else(|| t.origin.as_ref().map(|o| o.column.clone())) })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum ParamKey {
    Num(usize),
    Name(String),
}

#[derive(Debug, Clone)]
struct Slot {
    key: ParamKey,
    name: Option<String>,
    ty: Option<ValueType>,
    nullable: bool,
    forced_nullable: bool,
    slice: bool,
    first: usize,
    pos: Pos,
}

#[derive(Debug, Clone)]
struct Occurrence {
    start: usize,
    end: usize,
    slot: usize,
    /// A list parameter bound as an array: the `IN (` before it becomes `= ANY(`.
    in_to_any: bool,
    /// Not a parameter: this text replaces the span (`sqlc.embed(t)` becomes `t.*`).
    replace: Option<String>,
}

struct QueryAnalyzer<'a> {
    d: &'static dyn Dialect,
    cat: &'a Catalog,
    loc: &'a Loc<'a>,
    diags: Vec<Diagnostic>,
    slots: Vec<Slot>,
    occurrences: Vec<Occurrence>,
    /// Common table expressions in scope, innermost last.
    ctes: Vec<Rel>,
    /// Per SELECT level being analysed: whether it has GROUP BY.
    grouped: Vec<bool>,
    /// The number of each anonymous `?` by its offset: SQLite numbers them in text order.
    anon_numbers: Vec<(usize, usize)>,
    /// How deep `expr` is nested now; past [`MAX_EXPR_DEPTH`] analysis stops with a diagnostic.
    depth: usize,
    too_deep_reported: bool,
    /// The text has placeholder tokens (`?`, `?1`, `$1`, `:name`).
    has_placeholders: bool,
}

/// Expressions nested deeper than this (`a OR b OR …` chains, `x || y || …`, nested calls) are
/// refused with a diagnostic: analysis recurses per level, and this keeps it far from the end of
/// the stack that [`analyze`] gives it.
const MAX_EXPR_DEPTH: usize = 3000;

/// The stack analysis runs on: deep (but legal) expressions recurse, in the analyzer and in the
/// parser's own drop of the tree.
const ANALYSIS_STACK_BYTES: usize = 512 << 20;

const AGGREGATES: &[&str] = &[
    "count", "sum", "avg", "min", "max", "total", "group_concat", "string_agg", "json_group_array", "json_group_object",
    "array_agg", "bool_and", "bool_or", "every", "json_agg", "jsonb_agg",
];

fn func_name(f: &sql::Function) -> String {
    object_name(&f.name).to_ascii_lowercase()
}

fn func_args(f: &sql::Function) -> (Vec<&Expr>, bool) {
    let mut star = false;
    let mut out = Vec::new();
    if let sql::FunctionArguments::List(l) = &f.args {
        for a in &l.args {
            let fa = match a {
                sql::FunctionArg::Unnamed(x) => x,
                sql::FunctionArg::Named { arg, .. } | sql::FunctionArg::ExprNamed { arg, .. } => arg,
            };
            match fa {
                sql::FunctionArgExpr::Expr(e) => out.push(e),
                _ => star = true,
            }
        }
    }
    (out, star)
}

fn is_aggregate_call(f: &sql::Function) -> bool {
    let n = func_name(f);
    let (args, star) = func_args(f);
    f.over.is_none()
        && AGGREGATES.contains(&n.as_str())
        && !((n == "min" || n == "max") && args.len() > 1)
        && (star || !args.is_empty() || n == "count")
}

/// Whether an expression contains an aggregate call at this query level.
fn has_aggregate(e: &Expr) -> bool {
    let mut found = false;
    let _ = sqlparser_visit(e, &mut |x| {
        if let Expr::Function(f) = x {
            if is_aggregate_call(f) {
                found = true;
            }
        }
    });
    found
}

/// Calls `f` on `e` and its sub-expressions, not descending into subqueries.
fn sqlparser_visit(e: &Expr, f: &mut dyn FnMut(&Expr)) -> Option<()> {
    f(e);
    match e {
        Expr::BinaryOp { left, right, .. } => {
            sqlparser_visit(left, f);
            sqlparser_visit(right, f);
        }
        Expr::UnaryOp { expr, .. }
        | Expr::Nested(expr)
        | Expr::IsNull(expr)
        | Expr::IsNotNull(expr)
        | Expr::IsTrue(expr)
        | Expr::IsFalse(expr)
        | Expr::Cast { expr, .. }
        | Expr::Collate { expr, .. } => {
            sqlparser_visit(expr, f);
        }
        Expr::Function(func) => {
            for a in func_args(func).0 {
                sqlparser_visit(a, f);
            }
        }
        Expr::Case { operand, conditions, else_result, .. } => {
            if let Some(o) = operand {
                sqlparser_visit(o, f);
            }
            for c in conditions {
                sqlparser_visit(&c.condition, f);
                sqlparser_visit(&c.result, f);
            }
            if let Some(x) = else_result {
                sqlparser_visit(x, f);
            }
        }
        Expr::Between { expr, low, high, .. } => {
            sqlparser_visit(expr, f);
            sqlparser_visit(low, f);
            sqlparser_visit(high, f);
        }
        Expr::In { expr, target, .. } => {
            sqlparser_visit(expr, f);
            if let sql::InTarget::List(l) = target {
                for x in l {
                    sqlparser_visit(x, f);
                }
            }
        }
        Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } => {
            sqlparser_visit(expr, f);
            sqlparser_visit(pattern, f);
        }
        _ => {}
    }
    Some(())
}

fn unify(a: Option<ValueType>, b: Option<ValueType>) -> Option<ValueType> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(ValueType::Any), Some(x)) | (Some(x), Some(ValueType::Any)) => Some(x),
        (Some(a), Some(b)) if is_numeric(&a) && is_numeric(&b) => Some(if is_float(&a) || is_float(&b) {
            ValueType::F64
        } else if matches!(a, ValueType::Numeric) || matches!(b, ValueType::Numeric) {
            ValueType::Numeric
        } else if matches!(a, ValueType::I64) || matches!(b, ValueType::I64) || matches!(a, ValueType::Bool) || matches!(b, ValueType::Bool) {
            ValueType::I64
        } else if matches!(a, ValueType::I32) || matches!(b, ValueType::I32) {
            ValueType::I32
        } else {
            a
        }),
        (Some(a), Some(_)) => Some(a),
    }
}

/// A type's SQL name, for messages.
fn sql_type_name(t: &ValueType) -> String {
    match t {
        ValueType::Bool => "boolean".into(),
        ValueType::I16 => "smallint".into(),
        ValueType::I32 => "integer".into(),
        ValueType::I64 => "bigint".into(),
        ValueType::F32 => "real".into(),
        ValueType::F64 => "double precision".into(),
        ValueType::Numeric => "numeric".into(),
        ValueType::Text => "text".into(),
        ValueType::Bytes => "bytea".into(),
        ValueType::TimestampTz => "timestamptz".into(),
        ValueType::Enum(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn is_numeric(t: &ValueType) -> bool {
    matches!(t, ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) | ValueType::F32 | ValueType::F64 | ValueType::Numeric | ValueType::Bool)
}
fn is_float(t: &ValueType) -> bool {
    matches!(t, ValueType::F32 | ValueType::F64)
}

fn ident_expr_name(e: &Expr) -> Option<&sql::Ident> {
    match e {
        Expr::Identifier(i) => Some(i),
        Expr::CompoundIdentifier(v) => v.last(),
        Expr::Nested(x) => ident_expr_name(x),
        _ => None,
    }
}

impl<'a> QueryAnalyzer<'a> {
    /// Unifies the types of two values either of which a result may be (CASE branches, COALESCE
    /// arguments, UNION columns): as [`unify`], except where the engine's values keep their own
    /// types or mix by its own rules ([`Dialect::mixed_result_type`]).
    fn unify_result(&self, a: Option<ValueType>, b: Option<ValueType>) -> Option<ValueType> {
        match (&a, &b) {
            (Some(x), Some(y)) if x != y => self.d.mixed_result_type(x, y).or_else(|| unify(a, b)),
            _ => unify(a, b),
        }
    }

    fn new(d: &'static dyn Dialect, cat: &'a Catalog, loc: &'a Loc<'a>) -> Self {
        let mut anon_numbers = Vec::new();
        let mut has_placeholders = false;
        let dialect = d.parser();
        if let Ok(tokens) = sqlparser::tokenizer::Tokenizer::new(dialect.as_ref(), loc.text).tokenize_with_location() {
            let mut max = 0usize;
            for t in tokens {
                if let sqlparser::tokenizer::Token::Placeholder(p) = &t.token {
                    has_placeholders = true;
                    if p == "?" {
                        max += 1;
                        anon_numbers.push((loc.offset(t.span.start), max));
                    } else if let Some(n) = p.strip_prefix('?').and_then(|n| n.parse::<usize>().ok()) {
                        max = max.max(n);
                    }
                }
            }
        }
        QueryAnalyzer {
            d,
            cat,
            loc,
            diags: vec![],
            slots: vec![],
            occurrences: vec![],
            ctes: vec![],
            grouped: vec![],
            anon_numbers,
            depth: 0,
            too_deep_reported: false,
            has_placeholders,
        }
    }

    fn err(&mut self, span: sqlparser::tokenizer::Span, msg: impl Into<String>) {
        let d = self.loc.error(span, msg);
        self.diags.push(d);
    }
    fn err_hint(&mut self, span: sqlparser::tokenizer::Span, msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.loc.error(span, msg).with_hint(hint);
        self.diags.push(d);
    }

    /// Orders parameters by first appearance, names them, and reports untyped ones.
    /// Returns the params and a map from slot index to param index.
    fn finish_params(&mut self) -> (Vec<ir::Param>, Vec<usize>) {
        // Numbered parameters keep their numbers; named ones take the next free numbers in order
        // of first appearance. Arguments follow the numbers.
        let mut by_first: Vec<usize> = (0..self.slots.len()).collect();
        by_first.sort_by_key(|&i| self.slots[i].first);
        let in_text_order = self.d.params_in_text_order();
        let explicit: Vec<usize> =
            self.slots.iter().filter_map(|s| if let ParamKey::Num(n) = s.key { Some(n) } else { None }).filter(|_| !in_text_order).collect();
        let mut numbers = vec![0usize; self.slots.len()];
        let mut next = 1usize;
        for &i in &by_first {
            numbers[i] = match self.slots[i].key {
                ParamKey::Num(n) if !in_text_order => n,
                _ => {
                    while explicit.contains(&next) || numbers.contains(&next) {
                        next += 1;
                    }
                    next
                }
            };
        }
        let mut idx: Vec<usize> = (0..self.slots.len()).collect();
        idx.sort_by_key(|&i| (numbers[i], self.slots[i].first));
        let mut order = vec![0; self.slots.len()];
        let mut params = Vec::new();
        let mut used: Vec<String> = Vec::new();
        for (pi, &si) in idx.iter().enumerate() {
            order[si] = pi;
            let s = &self.slots[si];
            let base = match (&s.key, &s.name) {
                (ParamKey::Name(n), _) => n.clone(),
                (ParamKey::Num(_), Some(n)) => n.clone(),
                (ParamKey::Num(n), None) => format!("p{n}"),
            };
            let mut name = base.clone();
            let mut k = 2;
            while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
                name = format!("{base}_{k}");
                k += 1;
            }
            used.push(name.clone());
            let ty = match &s.ty {
                Some(t) => t.clone(),
                None => {
                    let shown = match &s.key {
                        ParamKey::Name(n) => format!("`{n}`"),
                        ParamKey::Num(n) => format!("number {n}"),
                    };
                    let d = Diagnostic::error(self.loc.file, s.pos, format!("cannot infer the type of parameter {shown}"))
                        .with_hint(format!(
                            "add a cast, e.g. CAST({} AS INTEGER), or compare it with a column",
                            match &s.key {
                                ParamKey::Num(n) => self.d.placeholder(n.saturating_sub(1)),
                                ParamKey::Name(n) => format!("sqlc.arg({n})"),
                            }
                        ));
                    self.diags.push(d);
                    ValueType::Any
                }
            };
            params.push(ir::Param { name, ty, nullable: s.nullable || s.forced_nullable, slice: s.slice });
        }
        (params, order)
    }

    /// Registers a parameter occurrence and applies the expected type. Returns its type.
    fn param(&mut self, key: ParamKey, span_start: sqlparser::tokenizer::Location, end: usize, forced_nullable: bool, slice: bool, expect: Option<&Expect>) -> Ty {
        let start = self.loc.offset(span_start);
        let pos = self.loc.pos(span_start);
        let slot = match self.slots.iter().position(|s| s.key == key) {
            Some(i) => i,
            None => {
                self.slots.push(Slot { key, name: None, ty: None, nullable: false, forced_nullable, slice, first: start, pos });
                self.slots.len() - 1
            }
        };
        if !self.occurrences.iter().any(|o| o.start == start) {
            self.occurrences.push(Occurrence { start, end, slot, in_to_any: false, replace: None });
        }
        let s = &mut self.slots[slot];
        s.forced_nullable |= forced_nullable;
        s.slice |= slice;
        if start < s.first {
            s.first = start;
            s.pos = pos;
        }
        let mut conflict = None;
        if let Some(e) = expect {
            if s.ty.is_none() || s.ty == Some(ValueType::Any) {
                s.ty = Some(e.ty.clone());
                s.nullable = e.nullable;
            } else {
                s.nullable |= e.nullable;
                if let Some(have) = s.ty.clone().filter(|h| self.d.parameters_have_one_type() && type_family(h) != type_family(&e.ty)) {
                    conflict = Some((have, e.ty.clone()));
                }
            }
            if s.name.is_none() {
                s.name = e.name.clone();
            }
        }
        let t = Ty { ty: s.ty.clone(), nullable: s.nullable || s.forced_nullable, origin: None, declared: None };
        if let Some((have, want)) = conflict {
            let shown = match &self.slots[slot].key {
                ParamKey::Name(n) => format!("`{n}`"),
                ParamKey::Num(n) => format!("number {n}"),
            };
            let first = self.slots[slot].pos;
            let d = Diagnostic::error(self.loc.file, pos, format!("parameter {shown} is used as {} here, but as {} before", type_word(&want), type_word(&have)))
                .with_hint(format!("a parameter has one type; its first use is at line {}, column {}: use two parameters, or cast one use", first.line, first.col));
            self.diags.push(d);
        }
        t
    }

    /// A parameter that the query tests for NULL (`$1 IS NULL`, `@p::int IS NOT NULL`,
    /// `x IS DISTINCT FROM $1`) is meant to be passed NULL: it becomes nullable wherever else it
    /// appears. `e` is the tested operand, already analysed.
    fn null_tested(&mut self, e: &Expr) {
        let mut cur = e;
        loop {
            match cur {
                Expr::Nested(x) => cur = x,
                Expr::Cast { expr, .. } => cur = expr,
                _ => break,
            }
        }
        let is_param = match cur {
            Expr::Value(v) => matches!(v.value, sql::Value::Placeholder(_)),
            Expr::Function(f) => f.name.to_string().to_ascii_lowercase().starts_with("sqlc."),
            Expr::UnaryOp { op: sql::UnaryOperator::PGAbs, .. } => true,
            _ => false,
        };
        if !is_param {
            return;
        }
        // The occurrence that starts where the operand does (`@name` one byte earlier).
        let start = self.loc.offset(cur.span().start);
        let found = self.occurrences.iter().find(|o| o.start == start || o.start + 1 == start).map(|o| o.slot);
        if let Some(slot) = found {
            self.slots[slot].forced_nullable = true;
        }
    }

    /// A `sqlc.arg(x)` / `sqlc.narg(x)` / `sqlc.slice(x)` call, if `f` is one.
    fn sqlc_macro(&mut self, f: &sql::Function, expect: Option<&Expect>) -> Option<Ty> {
        let parts: Vec<String> = f.name.0.iter().map(|p| p.to_string().to_ascii_lowercase()).collect();
        if parts.len() != 2 || parts[0] != "sqlc" {
            return None;
        }
        let (args, _) = func_args(f);
        let name = match args.as_slice() {
            [Expr::Identifier(i)] => Some(i.value.clone()),
            [Expr::Value(v)] => match &v.value {
                sql::Value::SingleQuotedString(s) | sql::Value::DoubleQuotedString(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        };
        let span = f.name.span();
        let Some(name) = name else {
            self.err_hint(span, format!("{} takes one parameter name", parts.join(".")), "write e.g. sqlc.arg(author_id)");
            return Some(Ty::unknown(false));
        };
        let start_off = self.loc.offset(span.start);
        let end = matching_paren_end(self.loc.text, start_off);
        Some(match parts[1].as_str() {
            "arg" => self.param(ParamKey::Name(name), span.start, end, false, false, expect),
            "narg" => self.param(ParamKey::Name(name), span.start, end, true, false, expect),
            "slice" if self.d.list_as_array() && matches!(expect.map(|e| &e.ty), Some(ValueType::Array(_))) => {
                // Already where an array goes (`x = ANY(sqlc.slice(v))`): the list is that array.
                self.param(ParamKey::Name(name), span.start, end, false, false, expect)
            }
            "slice" if self.d.list_as_array() => {
                // PostgreSQL binds the list as one array: `x IN (sqlc.slice(v))` becomes `x = ANY($1)`.
                let ex = expect.map(|e| Expect { ty: ValueType::Array(Box::new(e.ty.clone())), nullable: false, name: e.name.clone() });
                let t = self.param(ParamKey::Name(name), span.start, end, false, false, ex.as_ref());
                if let Some(o) = self.occurrences.last_mut() {
                    o.in_to_any = true;
                }
                match t.ty {
                    Some(ValueType::Array(inner)) => Ty::known(*inner, false),
                    other => Ty { ty: other, ..t },
                }
            }
            "slice" => self.param(ParamKey::Name(name), span.start, end, false, true, expect),
            other => {
                self.err_hint(span, format!("unsupported macro sqlc.{other}"), "supported: sqlc.arg, sqlc.narg, sqlc.slice, and sqlc.embed in a select list");
                Ty::unknown(false)
            }
        })
    }

    // --- statements ---------------------------------------------------------------------------

    /// Analyses a statement; returns the result columns and, for `SELECT * FROM t` shapes, the
    /// table whose model could be reused.
    fn statement(&mut self, stmt: &sql::Statement) -> (Vec<Col>, Option<String>) {
        match stmt {
            sql::Statement::Query(q) => {
                let cols = self.query(q, None, None);
                let model = cols.first().and_then(|c| c.origin.as_ref()).map(|o| o.table.clone());
                (cols, model)
            }
            sql::Statement::Insert(ins) => self.insert(ins),
            sql::Statement::Update(u) => self.update(u),
            sql::Statement::Delete(del) => self.delete(del),
            sql::Statement::Call(f) => {
                self.call(f);
                (vec![], None)
            }
            sql::Statement::ShowVariable { variable } if self.d.show_columns(&variable.iter().map(|i| i.value.clone()).collect::<Vec<_>>()).is_some() => {
                let words: Vec<String> = variable.iter().map(|i| i.value.clone()).collect();
                let cols = self.d.show_columns(&words).unwrap_or_default();
                (cols.into_iter().map(|(n, ty)| Col { name: n.into(), ty: Some(ty), nullable: false, origin: None, declared: None, hidden: false }).collect(), None)
            }
            other => {
                self.err_hint(other.span(), "unsupported statement", "queries may be SELECT, INSERT, UPDATE, DELETE (with RETURNING) or WITH");
                (vec![], None)
            }
        }
    }

    /// `CALL proc(args)`: arguments, positional or named (`b => $1`), take the procedure's
    /// argument types.
    fn call(&mut self, f: &sql::Function) {
        let name = func_name(f);
        let Some(p) = self.cat.function(&name).cloned() else {
            let msg = format!("unknown procedure `{name}`");
            let names = self.cat.functions.iter().filter(|f| f.procedure).map(|f| f.name.as_str());
            match did_you_mean(&name, names) {
                Some(h) => self.err_hint(f.name.span(), msg, format!("did you mean `{h}`?")),
                None => self.err_hint(f.name.span(), msg, "define it with CREATE PROCEDURE in the schema"),
            }
            return;
        };
        let scope = Scope::new(None);
        let list = match &f.args {
            sql::FunctionArguments::List(l) => l.args.clone(),
            _ => vec![],
        };
        for (i, a) in list.iter().enumerate() {
            let (slot, e) = match a {
                sql::FunctionArg::Unnamed(sql::FunctionArgExpr::Expr(e)) => (Some(i), e),
                sql::FunctionArg::Named { name, arg: sql::FunctionArgExpr::Expr(e), .. } => {
                    (p.arg_names.iter().position(|n| n.eq_ignore_ascii_case(&name.value)), e)
                }
                sql::FunctionArg::ExprNamed { name: Expr::Identifier(name), arg: sql::FunctionArgExpr::Expr(e), .. } => {
                    (p.arg_names.iter().position(|n| n.eq_ignore_ascii_case(&name.value)), e)
                }
                _ => continue,
            };
            let Some(slot) = slot.filter(|s| *s < p.args.len()) else {
                self.err_hint(a.span(), format!("`{}` has no such argument", p.name), format!("its arguments are: {}", p.arg_names.join(", ")));
                continue;
            };
            let arg_name = p.arg_names.get(slot).filter(|n| !n.is_empty()).cloned();
            let ex = Some(&p.args[slot]).filter(|t| **t != ValueType::Any).map(|t| Expect { ty: t.clone(), nullable: false, name: arg_name });
            self.expr(e, &scope, ex.as_ref());
        }
    }

    fn table_rel(&mut self, name: &sql::ObjectName, alias: Option<&sql::TableAlias>) -> Option<Rel> {
        let n = object_name(name);
        let alias_name = alias.map(|a| a.name.value.clone());
        // CTEs shadow tables.
        if name.0.len() == 1 {
            if let Some(c) = self.ctes.iter().rev().find(|c| c.name.eq_ignore_ascii_case(&n)) {
                let mut r = c.clone();
                r.name = alias_name.unwrap_or(r.name);
                return Some(r);
            }
        }
        match self.cat.table(&n) {
            Some(t) => Some(Rel {
                name: alias_name.unwrap_or_else(|| t.name.rsplit('.').next().unwrap_or(&t.name).to_string()),
                table: Some(t.name.clone()),
                cols: t
                    .columns
                    .iter()
                    .map(|c| Col {
                        name: c.name.clone(),
                        ty: Some(c.ty.clone()),
                        nullable: c.nullable,
                        origin: Some(Origin { table: t.name.clone(), column: c.name.clone() }),
                        declared: c.declared.clone(),
                        hidden: false,
                    })
                    .collect(),
                null_ext: false,
                has_rowid: !t.is_view && self.d.engine() == Engine::Sqlite,
            }),
            None if self.d.system_relation(&n).is_some() => {
                let cols = self.d.system_relation(&n).unwrap_or_default();
                let bare = n.rsplit('.').next().unwrap_or(&n).to_string();
                Some(Rel {
                    name: alias_name.unwrap_or(bare),
                    table: None,
                    cols: cols
                        .iter()
                        .map(|(c, t)| (c, t.strip_suffix(" not null").map_or((*t, true), |t| (t, false))))
                        .map(|(c, (t, nullable))| Col {
                            name: c.to_string(),
                            ty: Some(self.d.column_type(Some(t))),
                            nullable,
                            origin: Some(Origin { table: n.clone(), column: c.to_string() }),
                            declared: Some(t.to_string()),
                            hidden: false,
                        })
                        .collect(),
                    null_ext: false,
                    has_rowid: false,
                })
            }
            None if name.0.len() == 1 && self.d.niladic_functions_in_from() && niladic_function(&n).is_some() => {
                // PostgreSQL reads a bare CURRENT_DATE (and the like) in FROM as a function call
                // returning one row; its column is named after it.
                let (col, ty) = niladic_function(&n).unwrap_or(("current_date", ValueType::Date));
                Some(Rel {
                    name: alias_name.unwrap_or_else(|| col.to_string()),
                    table: None,
                    cols: vec![Col { name: col.to_string(), ty: Some(ty), nullable: false, origin: None, declared: None, hidden: false }],
                    null_ext: false,
                    has_rowid: false,
                })
            }
            None => {
                let names: Vec<String> = self.cat.names().map(str::to_string).chain(self.ctes.iter().map(|c| c.name.clone())).collect();
                let hint = did_you_mean(&n, names.iter().map(String::as_str));
                let msg = format!("unknown table `{n}`");
                match hint {
                    Some(h) => self.err_hint(name.span(), msg, format!("did you mean `{h}`?")),
                    None => self.err(name.span(), msg),
                }
                None
            }
        }
    }

    fn insert(&mut self, ins: &sql::Insert) -> (Vec<Col>, Option<String>) {
        let sql::TableObject::TableName(tname) = &ins.table else {
            self.err(ins.table.span(), "unsupported INSERT target");
            return (vec![], None);
        };
        let alias = ins.table_alias.as_ref().map(|a| sql::TableAlias { explicit: true, name: a.alias.clone(), columns: vec![], at: None });
        let Some(rel) = self.table_rel(tname, alias.as_ref()) else { return (vec![], None) };
        let table = rel.table.clone();
        let is_view = table.as_deref().and_then(|t| self.cat.table(t)).is_some_and(|t| t.is_view);
        if is_view {
            self.err(tname.span(), format!("cannot INSERT into view `{}`", object_name(tname)));
        }
        let catalog_cols: Vec<catalog::Column> = table.as_deref().and_then(|t| self.cat.table(t)).map(|t| t.columns.clone()).unwrap_or_default();
        // Target columns.
        let mut targets: Vec<Option<catalog::Column>> = Vec::new();
        if ins.columns.is_empty() {
            targets.extend(catalog_cols.iter().filter(|c| !c.generated).cloned().map(Some));
        } else {
            for c in &ins.columns {
                let Some(id) = last_ident(c) else { continue };
                // `INSERT INTO t (p.x)`: one field of a composite column (PostgreSQL).
                let parts: Vec<&sql::Ident> = c.0.iter().filter_map(|p| p.as_ident()).collect();
                if let Some(col) = composite_column(&catalog_cols, &parts).cloned() {
                    let field = self.composite_field_path(&col.ty, &parts[1..]);
                    targets.push(field.map(|(ty, name)| catalog::Column { name, ty, declared: None, nullable: true, ..col }));
                    continue;
                }
                match catalog_cols.iter().find(|x| x.name.eq_ignore_ascii_case(&id.value)) {
                    Some(col) if col.generated => {
                        self.err_hint(id.span, format!("cannot INSERT into generated column `{}`", col.name), "generated columns are computed by the database; leave it out");
                        targets.push(None);
                    }
                    Some(col) => targets.push(Some(col.clone())),
                    None => {
                        let hint = did_you_mean(&id.value, catalog_cols.iter().map(|c| c.name.as_str()));
                        let msg = format!("unknown column `{}` in table `{}`", id.value, rel.name);
                        match hint {
                            Some(h) => self.err_hint(id.span, msg, format!("did you mean `{h}`?")),
                            None => self.err(id.span, msg),
                        }
                        targets.push(None);
                    }
                }
            }
        }
        let expects: Vec<Option<Expect>> = targets
            .iter()
            .map(|t| t.as_ref().map(|c| Expect { ty: c.ty.clone(), nullable: c.nullable, name: Some(c.name.clone()) }))
            .collect();
        if let Some(src) = &ins.source {
            if let sql::SetExpr::Values(v) = src.body.as_ref() {
                let scope = Scope::new(None);
                for row in &v.rows {
                    // MySQL: `INSERT INTO t () VALUES ()` sets every column to its default.
                    let all_defaults = row.is_empty() && ins.columns.is_empty() && self.d.empty_values_are_defaults();
                    if row.len() != targets.len() && !all_defaults {
                        self.err_hint(
                            src.body.span(),
                            format!("INSERT has {} target columns but {} values", targets.len(), row.len()),
                            "list the columns explicitly, or give one value per column",
                        );
                    }
                    for (i, e) in row.iter().enumerate() {
                        // `DEFAULT` as a value (PostgreSQL, MySQL): the column's default.
                        if matches!(e, Expr::Identifier(id) if id.quote_style.is_none() && id.value.eq_ignore_ascii_case("DEFAULT")) {
                            if self.d.default_in_values() {
                                continue;
                            }
                            self.err_hint(e.span(), format!("{} has no DEFAULT value in VALUES", self.d.engine().display_name()), "leave the column out of the column list to get its default");
                            continue;
                        }
                        let ex = expects.get(i).cloned().flatten();
                        self.expr(e, &scope, ex.as_ref());
                    }
                }
            } else {
                let cols = self.query(src, None, Some(&expects));
                if cols.len() != targets.len() && !cols.is_empty() {
                    self.err(src.span(), format!("INSERT has {} target columns but the SELECT returns {}", targets.len(), cols.len()));
                }
            }
        }
        // Upserts.
        let mut scope = Scope::new(None);
        scope.rels.push(rel.clone());
        if let Some(on) = &ins.on {
            match on {
                sql::OnInsert::OnConflict(oc) => {
                    if let sql::OnConflictAction::DoUpdate(du) = &oc.action {
                        let mut excluded = rel.clone();
                        excluded.name = "excluded".into();
                        if self.d.upsert_unqualified_is_target() {
                            for c in &mut excluded.cols {
                                c.hidden = true;
                            }
                        }
                        let mut s2 = Scope::new(None);
                        s2.rels.push(rel.clone());
                        s2.rels.push(excluded);
                        self.assignments(&du.assignments, &s2, &catalog_cols);
                        if let Some(w) = &du.selection {
                            self.expr(w, &s2, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
                        }
                    }
                }
                sql::OnInsert::DuplicateKeyUpdate(asg) => self.assignments(asg, &scope, &catalog_cols),
                _ => {}
            }
        }
        let cols = match &ins.returning {
            Some(items) => self.returning(items, &scope, Dml::Insert),
            None => vec![],
        };
        (cols, table)
    }

    fn assignments(&mut self, asg: &[sql::Assignment], scope: &Scope, catalog_cols: &[catalog::Column]) {
        // Columns assigned so far (a composite's fields count as their column).
        let mut assigned: Vec<String> = Vec::new();
        for a in asg {
            let names: Vec<&sql::ObjectName> = match &a.target {
                sql::AssignmentTarget::ColumnName(n) => vec![n],
                sql::AssignmentTarget::Tuple(v) => v.iter().collect(),
            };
            let mut each: Vec<Option<Expect>> = Vec::with_capacity(names.len());
            for n in &names {
                each.push(self.assignment_target(n, catalog_cols, &mut assigned));
            }
            if names.len() == 1 {
                self.expr(&a.value, scope, each[0].as_ref());
                continue;
            }
            // `SET (a, b) = ($1, $2)` or `= (SELECT ...)`: each value takes its target's type.
            let items: Option<Vec<&Expr>> = match &a.value {
                Expr::Tuple(v) => Some(v.iter().collect()),
                Expr::Function(f) if func_name(f).eq_ignore_ascii_case("row") => Some(func_args(f).0),
                _ => None,
            };
            match (&a.value, items) {
                (_, Some(items)) if items.len() == each.len() => {
                    for (x, ex) in items.into_iter().zip(&each) {
                        self.expr(x, scope, ex.as_ref());
                    }
                }
                (Expr::Subquery(q), _) => {
                    let cols = self.query(q, Some(scope), Some(&each));
                    if cols.len() != each.len() {
                        self.err(a.value.span(), format!("{} columns are set from a query that returns {}", each.len(), cols.len()));
                    }
                }
                (v, Some(items)) => self.err(v.span(), format!("{} columns are set from {} values", each.len(), items.len())),
                (v, None) => {
                    self.expr(v, scope, None);
                }
            }
        }
    }

    /// One SET target: checks it (engine rules, generated columns, one assignment per column
    /// where the engine says so) and returns what its value must be.
    fn assignment_target(&mut self, n: &sql::ObjectName, catalog_cols: &[catalog::Column], assigned: &mut Vec<String>) -> Option<Expect> {
        let id = last_ident(n)?;
        let parts: Vec<&sql::Ident> = n.0.iter().filter_map(|p| p.as_ident()).collect();
        let once = self.d.one_assignment_per_column();
        // `SET p.x = ...`: a field of a composite column (PostgreSQL), possibly nested. Fields
        // may be set one by one; the whole column and a field may not both be.
        if let Some(c) = composite_column(catalog_cols, &parts) {
            let whole = c.name.to_ascii_lowercase();
            let key = format!("{whole}.{}", parts[1..].iter().map(|p| p.value.to_ascii_lowercase()).collect::<Vec<_>>().join("."));
            if once && assigned.contains(&whole) {
                self.err(parts[0].span, format!("multiple assignments to the same column `{}`", c.name));
            }
            if once && assigned.contains(&key) {
                self.err(parts[0].span, format!("multiple assignments to the same field `{key}`"));
            }
            assigned.push(key);
            return self.composite_field_path(&c.ty, &parts[1..]).map(|(ty, name)| Expect { ty, nullable: true, name: Some(name) });
        }
        if parts.len() >= 2 && !self.d.multi_table_update() {
            self.err_hint(parts[0].span, format!("{}'s SET takes a column name without its table", self.d.engine().display_name()), format!("write `{}`", id.value));
            return None;
        }
        if once {
            let key = id.value.to_ascii_lowercase();
            if assigned.iter().any(|k| *k == key || k.starts_with(&format!("{key}."))) {
                self.err(id.span, format!("multiple assignments to the same column `{}`", id.value));
            }
            assigned.push(key);
        }
        match catalog_cols.iter().find(|c| c.name.eq_ignore_ascii_case(&id.value)) {
            Some(c) if c.generated => {
                self.err_hint(id.span, format!("cannot assign to generated column `{}`", c.name), "generated columns are computed by the database");
                None
            }
            Some(c) => Some(Expect { ty: c.ty.clone(), nullable: c.nullable, name: Some(c.name.clone()) }),
            None => {
                let msg = format!("unknown column `{}`", id.value);
                match did_you_mean(&id.value, catalog_cols.iter().map(|c| c.name.as_str())) {
                    Some(h) => self.err_hint(id.span, msg, format!("did you mean `{h}`?")),
                    None => self.err(id.span, msg),
                }
                None
            }
        }
    }

    /// The type and name of `field[.field...]` inside a composite type; reports an unknown field.
    fn composite_field_path(&mut self, ty: &ValueType, path: &[&sql::Ident]) -> Option<(ValueType, String)> {
        let mut ty = ty.clone();
        for f in path {
            let ValueType::Composite(name) = &ty else {
                self.err(f.span, format!("`{}` is not a field: the value before it is not a composite type", f.value));
                return None;
            };
            let comp = self.cat.composite(name)?.clone();
            match comp.fields.iter().find(|x| x.name.eq_ignore_ascii_case(&f.value)) {
                Some(x) => ty = x.ty.clone(),
                None => {
                    let msg = format!("composite type `{}` has no field `{}`", comp.name, f.value);
                    match did_you_mean(&f.value, comp.fields.iter().map(|x| x.name.as_str())) {
                        Some(h) => self.err_hint(f.span, msg, format!("did you mean `{h}`?")),
                        None => self.err(f.span, msg),
                    }
                    return None;
                }
            }
        }
        Some((ty, path.last().map(|f| f.value.clone()).unwrap_or_default()))
    }

    fn update(&mut self, u: &sql::Update) -> (Vec<Col>, Option<String>) {
        let mut scope = Scope::new(None);
        self.table_with_joins(&u.table, &mut scope);
        let table = scope.rels.first().and_then(|r| r.table.clone());
        let catalog_cols: Vec<catalog::Column> = table.as_deref().and_then(|t| self.cat.table(t)).map(|t| t.columns.clone()).unwrap_or_default();
        if let Some(from) = &u.from {
            let items = match from {
                sql::UpdateTableFromKind::BeforeSet(v) | sql::UpdateTableFromKind::AfterSet(v) => v,
            };
            for twj in items {
                self.table_with_joins(twj, &mut scope);
            }
        }
        if scope.rels.is_empty() {
            return (vec![], None);
        }
        if self.d.multi_table_update() && scope.rels.len() > 1 {
            // Each SET target belongs to the table it names (`b.y = ...`), or unqualified to the
            // first table that has the column.
            let tables: Vec<(String, Vec<catalog::Column>)> = scope
                .rels
                .iter()
                .map(|r| (r.name.clone(), r.table.as_deref().and_then(|t| self.cat.table(t)).map(|t| t.columns.clone()).unwrap_or_default()))
                .collect();
            for a in &u.assignments {
                let target = match &a.target {
                    sql::AssignmentTarget::ColumnName(n) => Some(n),
                    sql::AssignmentTarget::Tuple(v) => v.first(),
                };
                let parts: Vec<&sql::Ident> = target.map(|n| n.0.iter().filter_map(|p| p.as_ident()).collect()).unwrap_or_default();
                let cols = match parts.as_slice() {
                    [.., q, _] => match tables.iter().find(|(name, _)| name.eq_ignore_ascii_case(&q.value)) {
                        Some((_, c)) => c.clone(),
                        None => {
                            let hint = did_you_mean(&q.value, tables.iter().map(|(n, _)| n.as_str()));
                            let msg = format!("`{}` is not a table of this UPDATE", q.value);
                            match hint {
                                Some(h) => self.err_hint(q.span, msg, format!("did you mean `{h}`?")),
                                None => self.err(q.span, msg),
                            }
                            continue;
                        }
                    },
                    [.., c] => {
                        let mut having = tables.iter().filter(|(_, cols)| cols.iter().any(|x| x.name.eq_ignore_ascii_case(&c.value)));
                        match (having.next(), having.next()) {
                            (Some(_), Some(_)) => {
                                let both: Vec<&str> = tables.iter().filter(|(_, cols)| cols.iter().any(|x| x.name.eq_ignore_ascii_case(&c.value))).map(|(n, _)| n.as_str()).collect();
                                self.err_hint(c.span, format!("column `{}` in SET is ambiguous: {} all have it", c.value, both.join(", ")), format!("qualify it (`{}.{}`)", both[0], c.value));
                                continue;
                            }
                            (Some((_, cols)), None) => cols.clone(),
                            _ => catalog_cols.clone(),
                        }
                    }
                    [] => catalog_cols.clone(),
                };
                self.assignments(std::slice::from_ref(a), &scope, &cols);
            }
        } else {
            self.assignments(&u.assignments, &scope, &catalog_cols);
        }
        if let Some(w) = &u.selection {
            self.where_clause(w, &mut scope);
        }
        if let Some(l) = &u.limit {
            self.expr(l, &scope, Some(&Expect { ty: self.d.limit_type(), nullable: false, name: Some("limit".into()) }));
        }
        // RETURNING shows the new values: a column the SET changes is not narrowed by a WHERE
        // test of its old value.
        let assigned: Vec<String> = u
            .assignments
            .iter()
            .flat_map(|a| match &a.target {
                sql::AssignmentTarget::ColumnName(n) => vec![n],
                sql::AssignmentTarget::Tuple(ns) => ns.iter().collect(),
            })
            .filter_map(|n| last_ident(n).map(|i| i.value.clone()))
            .collect();
        scope.narrowed.retain(|(ri, c)| *ri != 0 || !assigned.iter().any(|a| a.eq_ignore_ascii_case(c)));
        // An expression proved non-NULL may read a changed column: none of them carries over.
        scope.narrowed_exprs.clear();
        let cols = match &u.returning {
            Some(items) => self.returning(items, &scope, Dml::Update),
            None => vec![],
        };
        (cols, table)
    }

    fn delete(&mut self, del: &sql::Delete) -> (Vec<Col>, Option<String>) {
        let mut scope = Scope::new(None);
        let from = match &del.from {
            sql::FromTable::WithFromKeyword(v) | sql::FromTable::WithoutKeyword(v) => v,
        };
        for twj in from {
            self.table_with_joins(twj, &mut scope);
        }
        if let Some(using) = &del.using {
            for twj in using {
                self.table_with_joins(twj, &mut scope);
            }
        }
        if scope.rels.is_empty() {
            return (vec![], None);
        }
        let table = scope.rels.first().and_then(|r| r.table.clone());
        if let Some(w) = &del.selection {
            self.where_clause(w, &mut scope);
        }
        if let Some(l) = &del.limit {
            self.expr(l, &scope, Some(&Expect { ty: self.d.limit_type(), nullable: false, name: Some("limit".into()) }));
        }
        let cols = match &del.returning {
            Some(items) => self.returning(items, &scope, Dml::Delete),
            None => vec![],
        };
        (cols, table)
    }

    /// A RETURNING list. Where the dialect has them (PostgreSQL 18), `old` and `new` name the
    /// target row before and after the change: `old` is all NULL for a plain INSERT (and may be
    /// for an upsert), `new` is all NULL for a DELETE.
    fn returning(&mut self, items: &[sql::SelectItem], scope: &Scope, dml: Dml) -> Vec<Col> {
        let Some(target) = scope.rels.first().filter(|_| self.d.returning_old_new()) else { return self.projection(items, scope) };
        let mut s = Scope { rels: scope.rels.clone(), parent: scope.parent, aliases: vec![], narrowed: scope.narrowed.clone(), narrowed_exprs: scope.narrowed_exprs.clone(), has_from: scope.has_from };
        for (name, null_ext) in [("old", dml == Dml::Insert), ("new", dml == Dml::Delete)] {
            if !s.rels.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
                s.rels.push(Rel { name: name.into(), null_ext, ..target.clone() });
            }
        }
        // `*` still means the target's columns only.
        let hidden: Vec<usize> = (scope.rels.len()..s.rels.len()).collect();
        for i in hidden {
            for c in &mut s.rels[i].cols {
                c.hidden = true;
            }
        }
        self.projection(items, &s)
    }

    // --- queries ------------------------------------------------------------------------------

    fn query(&mut self, q: &sql::Query, parent: Option<&Scope>, expects: Option<&[Option<Expect>]>) -> Vec<Col> {
        let pushed = self.ctes.len();
        if let Some(with) = &q.with {
            for cte in &with.cte_tables {
                let name = cte.alias.name.value.clone();
                let cols = if with.recursive {
                    // The anchor (left branch) defines the columns; then the whole body is analysed
                    // with the CTE in scope and its nullability widened by the recursive branch.
                    let anchor = match cte.query.body.as_ref() {
                        sql::SetExpr::SetOperation { left, .. } => {
                            let saved = self.snapshot();
                            let c = self.set_expr(left, parent, None, None);
                            self.restore(saved);
                            c
                        }
                        _ => vec![],
                    };
                    let mut anchor = rename_cols(anchor, &cte.alias.columns);
                    if !anchor.is_empty() {
                        self.ctes.push(cte_rel(&name, anchor.clone()));
                    }
                    let full = self.query(&cte.query, parent, None);
                    if !anchor.is_empty() {
                        self.ctes.pop();
                    }
                    for (a, f) in anchor.iter_mut().zip(&full) {
                        a.nullable |= f.nullable;
                        a.ty = self.unify_result(a.ty.clone(), f.ty.clone());
                    }
                    if anchor.is_empty() {
                        rename_cols(full, &cte.alias.columns)
                    } else {
                        anchor
                    }
                } else {
                    let c = self.query(&cte.query, parent, None);
                    rename_cols(c, &cte.alias.columns)
                };
                self.ctes.push(cte_rel(&name, cols));
            }
        }
        let cols = self.set_expr(&q.body, parent, expects, Some(q));
        self.ctes.truncate(pushed);
        cols
    }

    fn snapshot(&self) -> (usize, usize, usize) {
        (self.slots.len(), self.occurrences.len(), self.diags.len())
    }
    fn restore(&mut self, s: (usize, usize, usize)) {
        self.slots.truncate(s.0);
        self.occurrences.truncate(s.1);
        self.diags.truncate(s.2);
    }

    fn limit_clause(&mut self, q: &sql::Query, scope: &Scope) {
        let ex = Expect { ty: self.d.limit_type(), nullable: false, name: None };
        let items: Vec<(&Expr, &str)> = match &q.limit_clause {
            Some(sql::LimitClause::LimitOffset { limit, offset, .. }) => {
                limit.iter().map(|l| (l, "limit")).chain(offset.iter().map(|o| (&o.value, "offset"))).collect()
            }
            Some(sql::LimitClause::OffsetCommaLimit { offset, limit }) => vec![(offset, "offset"), (limit, "limit")],
            None => vec![],
        };
        for (e, name) in items {
            if self.d.limit_takes_only_literals_and_parameters() {
                // MySQL's grammar: LIMIT and OFFSET are a non-negative integer literal or a `?`.
                let literal = matches!(e, Expr::Value(v) if matches!(&v.value, sql::Value::Number(n, _) if n.parse::<u64>().is_ok()));
                if !literal && !is_bare_parameter(e) {
                    self.err_hint(
                        e.span(),
                        format!("{} takes a non-negative integer or a parameter here, not `{e}`", name.to_ascii_uppercase()),
                        "compute the value in the application and pass it as a parameter",
                    );
                    continue;
                }
            }
            self.expr(e, scope, Some(&Expect { name: Some(name.into()), ..ex.clone() }));
        }
    }

    fn order_by(&mut self, q: &sql::Query, scope: &Scope) {
        if let Some(ob) = &q.order_by {
            if let sql::OrderByKind::Expressions(es) = &ob.kind {
                for o in es {
                    // ORDER BY 2: a result column position.
                    if matches!(&o.expr, Expr::Value(v) if matches!(v.value, sql::Value::Number(..))) {
                        continue;
                    }
                    self.expr(&o.expr, scope, None);
                }
            }
        }
    }

    /// `outer` is the query owning ORDER BY / LIMIT when `body` is its top level.
    fn set_expr(&mut self, body: &sql::SetExpr, parent: Option<&Scope>, expects: Option<&[Option<Expect>]>, outer: Option<&sql::Query>) -> Vec<Col> {
        match body {
            sql::SetExpr::Select(s) => self.select(s, parent, expects, outer),
            sql::SetExpr::Query(q) => {
                let cols = self.query(q, parent, expects);
                if let Some(o) = outer {
                    self.result_scope_clauses(o, &cols, parent);
                }
                cols
            }
            sql::SetExpr::SetOperation { left, right, op, .. } => {
                let l = self.set_expr(left, parent, expects, None);
                // The right branch takes its parameter types from the left's columns.
                let derived: Vec<Option<Expect>> = l.iter().map(|c| c.ty.clone().map(|ty| Expect { ty, nullable: c.nullable, name: Some(c.name.clone()) })).collect();
                let r = self.set_expr(right, parent, Some(expects.unwrap_or(&derived)), None);
                if l.len() != r.len() && !l.is_empty() && !r.is_empty() {
                    self.err(body.span(), format!("the branches of {op} return {} and {} columns", l.len(), r.len()));
                }
                let mut cols: Vec<Col> = l
                    .into_iter()
                    .zip(r.iter().map(Some).chain(std::iter::repeat(None)))
                    .map(|(mut c, rc)| {
                        if let Some(rc) = rc {
                            match op {
                                // EXCEPT and INTERSECT keep rows of the left branch only.
                                sql::SetOperator::Except | sql::SetOperator::Minus => {}
                                sql::SetOperator::Intersect => c.nullable &= rc.nullable,
                                sql::SetOperator::Union => {
                                    c.nullable |= rc.nullable;
                                    if c.origin != rc.origin {
                                        c.origin = None;
                                    }
                                }
                            }
                            c.ty = self.unify_result(c.ty.clone(), rc.ty.clone());
                        }
                        c
                    })
                    .collect();
                for c in &mut cols {
                    c.hidden = false;
                }
                if let Some(o) = outer {
                    self.result_scope_clauses(o, &cols, parent);
                }
                cols
            }
            sql::SetExpr::Values(v) => {
                let scope = Scope::new(parent);
                let mut cols: Vec<Col> = Vec::new();
                for row in &v.rows {
                    for (i, e) in row.iter().enumerate() {
                        let ex = expects.and_then(|x| x.get(i).cloned().flatten());
                        let t = self.expr(e, &scope, ex.as_ref());
                        match cols.get_mut(i) {
                            Some(c) => {
                                c.nullable |= t.nullable;
                                c.ty = self.unify_result(c.ty.clone(), t.ty);
                            }
                            None => cols.push(Col::from_ty(format!("column{}", i + 1), t.plain())),
                        }
                    }
                }
                cols
            }
            sql::SetExpr::Insert(s) | sql::SetExpr::Update(s) | sql::SetExpr::Delete(s) => self.statement(s).0,
            other => {
                self.err(other.span(), "unsupported query form");
                vec![]
            }
        }
    }

    /// ORDER BY / LIMIT of a compound query: they see the result columns.
    fn result_scope_clauses(&mut self, q: &sql::Query, cols: &[Col], parent: Option<&Scope>) {
        let mut scope = Scope::new(parent);
        scope.rels.push(Rel { name: String::new(), table: None, cols: cols.to_vec(), null_ext: false, has_rowid: false });
        self.order_by(q, &scope);
        self.limit_clause(q, &scope);
    }

    fn select(&mut self, s: &sql::Select, parent: Option<&Scope>, expects: Option<&[Option<Expect>]>, outer: Option<&sql::Query>) -> Vec<Col> {
        if s.projection.is_empty() && !self.d.empty_select_list() {
            self.err_hint(s.select_token.0.span, format!("{} needs at least one column after SELECT", self.d.engine().display_name()), "select a column or a constant (`SELECT 1 FROM ...`)");
        }
        let mut scope = Scope::new(parent);
        for twj in &s.from {
            self.table_with_joins(twj, &mut scope);
        }
        if let Some(w) = &s.selection {
            self.where_clause(w, &mut scope);
        }
        let grouped = match &s.group_by {
            sql::GroupByExpr::All(_) => true,
            sql::GroupByExpr::Expressions(v, _) => !v.is_empty(),
        };
        // ROLLUP and CUBE include the grand total `()`, which has a row even over no input (its
        // aggregates are then NULL, as without GROUP BY); grouping sets are taken alike.
        let grouping_sets = matches!(&s.group_by, sql::GroupByExpr::Expressions(v, _) if v.iter().any(|e| matches!(e, Expr::Rollup(_) | Expr::Cube(_) | Expr::GroupingSets(_))));
        self.grouped.push(grouped && !grouping_sets);
        let mut cols = self.projection_expect(&s.projection, &scope, expects);
        if let sql::GroupByExpr::Expressions(v, modifiers) = &s.group_by {
            scope.aliases = cols.iter().map(|c| (c.name.clone(), Ty { ty: c.ty.clone(), nullable: c.nullable, origin: c.origin.clone(), declared: None })).collect();
            // MySQL's `WITH ROLLUP` adds super-aggregate rows with NULL in the grouped columns
            // (over no input it adds none).
            let mut sets = modifiers.iter().any(|m| matches!(m, sql::GroupByWithModifier::Rollup | sql::GroupByWithModifier::Cube));
            for e in v {
                match e {
                    Expr::Value(_) => {}
                    // ROLLUP, CUBE and GROUPING SETS: rows of the coarser groups hold NULL in
                    // the columns they do not group by.
                    Expr::Rollup(lists) | Expr::Cube(lists) | Expr::GroupingSets(lists) => {
                        sets = true;
                        for x in lists.iter().flatten() {
                            if !matches!(x, Expr::Value(_)) {
                                self.expr(x, &scope, None);
                            }
                        }
                    }
                    _ => {
                        self.expr(e, &scope, None);
                    }
                }
            }
            if sets {
                let wildcard = s.projection.iter().any(|i| matches!(i, sql::SelectItem::Wildcard(_) | sql::SelectItem::QualifiedWildcard(..)));
                if wildcard {
                    cols.iter_mut().for_each(|c| c.nullable = true);
                }
                for (c, item) in cols.iter_mut().zip(&s.projection).filter(|_| !wildcard) {
                    let aggregate = matches!(item, sql::SelectItem::UnnamedExpr(x) | sql::SelectItem::ExprWithAlias { expr: x, .. } if has_aggregate(x));
                    if !aggregate {
                        c.nullable = true;
                    }
                }
            }
        }
        let aliases: Vec<(String, Ty)> = cols.iter().map(|c| (c.name.clone(), Ty { ty: c.ty.clone(), nullable: c.nullable, origin: c.origin.clone(), declared: None })).collect();
        if let Some(h) = &s.having {
            // PostgreSQL's HAVING sees the FROM columns only, not the select list's aliases.
            scope.aliases = if self.d.aliases_in_having() { aliases.clone() } else { vec![] };
            self.expr(h, &scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
        }
        scope.aliases = aliases;
        if let Some(q) = outer {
            self.order_by(q, &scope);
            self.limit_clause(q, &scope);
        }
        self.grouped.pop();
        // DISTINCT and the like do not change types.
        for c in &mut cols {
            c.hidden = false;
        }
        cols
    }

    fn where_clause(&mut self, w: &Expr, scope: &mut Scope) {
        self.expr(w, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
        // Conjuncts that are false or NULL when a column is NULL prove that column non-NULL in
        // every returned row, and undo null-extension of its relation.
        let mut proven: Vec<&Expr> = Vec::new();
        collect_null_rejected(w, &mut proven);
        for e in proven {
            if let Some((ri, col)) = self.resolve_quiet(e, scope) {
                scope.narrowed.push((ri, col));
                if let Some(r) = scope.rels.get_mut(ri) {
                    r.null_ext = false;
                }
            } else if narrowable_expr(e) {
                scope.narrowed_exprs.push(expr_key(e));
            }
        }
    }

    /// Resolves a column reference at this level without reporting errors.
    fn resolve_quiet(&self, e: &Expr, scope: &Scope) -> Option<(usize, String)> {
        let (qual, name) = match e {
            Expr::Identifier(i) => (None, i),
            Expr::CompoundIdentifier(v) if v.len() >= 2 => (Some(&v[v.len() - 2]), &v[v.len() - 1]),
            Expr::Nested(x) => return self.resolve_quiet(x, scope),
            _ => return None,
        };
        let mut hits = scope.rels.iter().enumerate().filter(|(_, r)| qual.is_none_or(|q| r.name.eq_ignore_ascii_case(&q.value)));
        let mut found = None;
        for (i, r) in hits.by_ref() {
            if let Some(c) = r.cols.iter().find(|c| c.name.eq_ignore_ascii_case(&name.value) && !c.hidden) {
                if found.is_some() {
                    return None;
                }
                found = Some((i, c.name.clone()));
            }
        }
        found
    }

    // --- FROM ---------------------------------------------------------------------------------

    fn table_with_joins(&mut self, twj: &sql::TableWithJoins, scope: &mut Scope) {
        scope.has_from = true;
        let start = scope.rels.len();
        self.table_factor(&twj.relation, scope);
        for j in &twj.joins {
            let left_end = scope.rels.len();
            self.table_factor(&j.relation, scope);
            use sql::JoinOperator as J;
            let (constraint, left_null, right_null) = match &j.join_operator {
                J::Join(c) | J::Inner(c) | J::StraightJoin(c) => (Some(c), false, false),
                J::Left(c) | J::LeftOuter(c) => (Some(c), false, true),
                J::Right(c) | J::RightOuter(c) => (Some(c), true, false),
                J::FullOuter(c) => (Some(c), true, true),
                J::CrossJoin(c) => (Some(c), false, false),
                J::Semi(c) | J::LeftSemi(c) | J::RightSemi(c) | J::Anti(c) | J::LeftAnti(c) | J::RightAnti(c) => (Some(c), false, false),
                J::CrossApply => (None, false, false),
                J::OuterApply => (None, false, true),
                other => {
                    self.err(j.relation.span(), format!("unsupported join: {other:?}").chars().take(60).collect::<String>());
                    (None, false, false)
                }
            };
            if left_null {
                for r in &mut scope.rels[start..left_end] {
                    r.null_ext = true;
                }
            }
            if right_null {
                for r in &mut scope.rels[left_end..] {
                    r.null_ext = true;
                }
            }
            match constraint {
                Some(sql::JoinConstraint::On(e)) => {
                    self.expr(e, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
                }
                Some(sql::JoinConstraint::Using(names)) => {
                    for n in names {
                        let Some(id) = last_ident(n) else { continue };
                        let left_has = scope.rels[start..left_end].iter().any(|r| r.cols.iter().any(|c| c.name.eq_ignore_ascii_case(&id.value)));
                        let right_has = scope.rels[left_end..].iter().any(|r| r.cols.iter().any(|c| c.name.eq_ignore_ascii_case(&id.value)));
                        if !left_has || !right_has {
                            self.err(id.span, format!("USING column `{}` must exist on both sides of the join", id.value));
                            continue;
                        }
                        // The joined column appears once in `*` and unqualified references.
                        for r in &mut scope.rels[left_end..] {
                            if let Some(c) = r.cols.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&id.value)) {
                                c.hidden = true;
                            }
                        }
                    }
                }
                Some(sql::JoinConstraint::Natural) => {
                    let left_names: Vec<String> = scope.rels[start..left_end].iter().flat_map(|r| r.cols.iter().map(|c| c.name.to_ascii_lowercase())).collect();
                    for r in &mut scope.rels[left_end..] {
                        for c in &mut r.cols {
                            if left_names.contains(&c.name.to_ascii_lowercase()) {
                                c.hidden = true;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn table_factor(&mut self, tf: &sql::TableFactor, scope: &mut Scope) {
        match tf {
            sql::TableFactor::Table { name, alias, args, .. } => {
                if let Some(a) = args {
                    self.table_function(name, a, alias.as_ref(), scope);
                    return;
                }
                if let Some(mut r) = self.table_rel(name, alias.as_ref()) {
                    if let Some(a) = alias {
                        for (c, ac) in r.cols.iter_mut().zip(&a.columns) {
                            c.name = ac.name.value.clone();
                        }
                    }
                    if scope.rels.iter().any(|x| x.name.eq_ignore_ascii_case(&r.name)) {
                        self.err_hint(name.span(), format!("`{}` appears twice in FROM", r.name), "give one of them an alias");
                    }
                    scope.rels.push(r);
                }
            }
            sql::TableFactor::Derived { subquery, alias, lateral, .. } => {
                let cols = if *lateral {
                    // A LATERAL subquery sees the relations before it.
                    let snapshot = Scope { rels: scope.rels.clone(), parent: scope.parent, aliases: vec![], narrowed: scope.narrowed.clone(), narrowed_exprs: scope.narrowed_exprs.clone(), has_from: true };
                    self.query(subquery, Some(&snapshot), None)
                } else {
                    self.query(subquery, scope.parent, None)
                };
                let mut cols = match alias {
                    Some(a) => rename_cols(cols, &a.columns),
                    None => cols,
                };
                for c in &mut cols {
                    c.hidden = false;
                }
                scope.rels.push(Rel { name: alias.as_ref().map(|a| a.name.value.clone()).unwrap_or_default(), table: None, cols, null_ext: false, has_rowid: false });
            }
            sql::TableFactor::NestedJoin { table_with_joins, alias } => {
                let start = scope.rels.len();
                self.table_with_joins(table_with_joins, scope);
                if let Some(a) = alias {
                    // An aliased join: its columns are one relation.
                    let rels: Vec<Rel> = scope.rels.drain(start..).collect();
                    let cols = rels.iter().flat_map(|r| r.cols.iter().filter(|c| !c.hidden).map(|c| Col { nullable: c.nullable || r.null_ext, ..c.clone() })).collect();
                    scope.rels.push(Rel { name: a.name.value.clone(), table: None, cols, null_ext: false, has_rowid: false });
                }
            }
            sql::TableFactor::UNNEST { alias, array_exprs, with_ordinality, .. } => {
                let single = alias.as_ref().map(|a| a.name.value.clone()).unwrap_or_else(|| "unnest".into());
                let mut cols = Vec::new();
                for a in array_exprs {
                    let t = self.expr(a, scope, None);
                    let inner = match t.ty {
                        Some(ValueType::Array(x)) => *x,
                        _ => ValueType::Any,
                    };
                    cols.push(Col { name: single.clone(), ty: Some(inner), nullable: true, origin: None, declared: None, hidden: false });
                }
                if *with_ordinality {
                    cols.push(Col { name: "ordinality".into(), ty: Some(ValueType::I64), nullable: false, origin: None, declared: None, hidden: false });
                }
                let cols = match alias {
                    Some(a) if !a.columns.is_empty() => rename_cols(cols, &a.columns),
                    _ => cols,
                };
                scope.rels.push(Rel { name: single, table: None, cols, null_ext: false, has_rowid: false });
            }
            other => self.err(other.span(), "unsupported FROM item"),
        }
    }

    /// Table-valued functions in FROM: SQLite's json_each / json_tree and generate_series;
    /// PostgreSQL's generate_series, unnest, json(b)_each(_text), json(b)_array_elements(_text),
    /// and user functions declared RETURNS SETOF.
    fn table_function(&mut self, name: &sql::ObjectName, args: &sql::TableFunctionArgs, alias: Option<&sql::TableAlias>, scope: &mut Scope) {
        let n = object_name(name).to_ascii_lowercase();
        let col = |nm: &str, ty: ValueType, nullable: bool| Col { name: nm.into(), ty: Some(ty), nullable, origin: None, declared: None, hidden: false };
        let arg_exprs: Vec<&Expr> = args
            .args
            .iter()
            .filter_map(|a| match a {
                sql::FunctionArg::Unnamed(sql::FunctionArgExpr::Expr(e)) => Some(e),
                sql::FunctionArg::Named { arg: sql::FunctionArgExpr::Expr(e), .. } | sql::FunctionArg::ExprNamed { arg: sql::FunctionArgExpr::Expr(e), .. } => Some(e),
                _ => None,
            })
            .collect();
        let pg = self.d.engine() == Engine::Postgresql;
        let text = Expect { ty: ValueType::Text, nullable: false, name: Some("json".into()) };
        let json = Expect { ty: ValueType::Json, nullable: false, name: Some("json".into()) };
        // A function returning one column takes the alias as the column name (PostgreSQL).
        let single_name = alias.map(|a| a.name.value.clone()).unwrap_or_else(|| n.clone());
        let cols = match n.as_str() {
            "json_each" | "json_tree" if !pg => {
                for a in &arg_exprs {
                    self.expr(a, scope, Some(&text));
                }
                vec![
                    col("key", ValueType::Any, true),
                    col("value", ValueType::Any, true),
                    col("type", ValueType::Text, false),
                    col("atom", ValueType::Any, true),
                    col("id", ValueType::I64, false),
                    col("parent", ValueType::I64, true),
                    col("fullkey", ValueType::Text, false),
                    col("path", ValueType::Text, false),
                ]
            }
            "generate_series" => {
                let mut ty = None;
                for a in &arg_exprs {
                    let t = self.expr(a, scope, ty.clone().map(|t| Expect { ty: t, nullable: false, name: None }).as_ref());
                    ty = unify(ty, t.ty);
                }
                let ty = ty.unwrap_or(self.d.integer_type());
                let ty = if ty == ValueType::Interval { ValueType::TimestampTz } else { ty };
                vec![col(if pg { &single_name } else { "value" }, ty, false)]
            }
            "unnest" => {
                let mut cols = Vec::new();
                for a in &arg_exprs {
                    let t = self.expr(a, scope, None);
                    let inner = match t.ty {
                        Some(ValueType::Array(x)) => *x,
                        _ => ValueType::Any,
                    };
                    cols.push(col(&single_name, inner, true));
                }
                cols
            }
            "json_each" | "jsonb_each" => {
                for a in &arg_exprs {
                    self.expr(a, scope, Some(&json));
                }
                vec![col("key", ValueType::Text, false), col("value", ValueType::Json, true)]
            }
            "json_each_text" | "jsonb_each_text" => {
                for a in &arg_exprs {
                    self.expr(a, scope, Some(&json));
                }
                vec![col("key", ValueType::Text, false), col("value", ValueType::Text, true)]
            }
            "json_array_elements" | "jsonb_array_elements" => {
                for a in &arg_exprs {
                    self.expr(a, scope, Some(&json));
                }
                vec![col(&single_name, ValueType::Json, true)]
            }
            "json_array_elements_text" | "jsonb_array_elements_text" | "regexp_split_to_table" => {
                for a in &arg_exprs {
                    self.expr(a, scope, Some(&json));
                }
                vec![col(&single_name, ValueType::Text, true)]
            }
            _ => match self.cat.function(&n).cloned() {
                Some(uf) => {
                    for (i, a) in arg_exprs.iter().enumerate() {
                        let name = uf.arg_names.get(i).filter(|n| !n.is_empty()).cloned();
                        let ex = uf.args.get(i).filter(|t| **t != ValueType::Any).map(|t| Expect { ty: t.clone(), nullable: false, name });
                        self.expr(a, scope, ex.as_ref());
                    }
                    if uf.outs.iter().any(|(n, _)| !n.is_empty()) {
                        // OUT arguments name the result's columns.
                        let one = uf.outs.len() == 1;
                        uf.outs
                            .iter()
                            .enumerate()
                            .map(|(i, (n, t))| {
                                let name = if n.is_empty() { format!("column{}", i + 1) } else { n.clone() };
                                let name = if one && alias.is_some_and(|a| a.columns.is_empty()) { single_name.clone() } else { name };
                                col(&name, t.clone(), !uf.strict)
                            })
                            .collect()
                    } else {
                        vec![col(&single_name, uf.returns, !uf.strict)]
                    }
                }
                None => {
                    self.err(name.span(), format!("unknown table-valued function `{n}`"));
                    return;
                }
            },
        };
        let cols = match alias {
            Some(a) if !a.columns.is_empty() => rename_cols(cols, &a.columns),
            _ => cols,
        };
        scope.rels.push(Rel { name: alias.map(|a| a.name.value.clone()).unwrap_or(n), table: None, cols, null_ext: false, has_rowid: false });
    }

    // --- projections --------------------------------------------------------------------------

    fn projection(&mut self, items: &[sql::SelectItem], scope: &Scope) -> Vec<Col> {
        self.projection_expect(items, scope, None)
    }

    fn star_cols(&self, scope: &Scope, only: Option<&str>) -> Vec<Col> {
        let mut out = Vec::new();
        for (ri, r) in scope.rels.iter().enumerate() {
            if only.is_some_and(|o| !r.name.eq_ignore_ascii_case(o)) {
                continue;
            }
            for c in &r.cols {
                if c.hidden && only.is_none() {
                    continue;
                }
                let narrowed = scope.narrowed.iter().any(|(i, n)| *i == ri && n.eq_ignore_ascii_case(&c.name));
                let mut c = c.clone();
                c.nullable = !narrowed && (c.nullable || r.null_ext);
                out.push(c);
            }
        }
        out
    }

    fn projection_expect(&mut self, items: &[sql::SelectItem], scope: &Scope, expects: Option<&[Option<Expect>]>) -> Vec<Col> {
        let mut cols = Vec::new();
        for item in items {
            let i = cols.len();
            let ex = expects.and_then(|x| x.get(i).cloned().flatten());
            match item {
                sql::SelectItem::UnnamedExpr(Expr::Function(f)) if self.embed(f, scope, &mut cols) => {}
                sql::SelectItem::UnnamedExpr(e) => {
                    let t = self.expr(e, scope, ex.as_ref());
                    let t = narrow_by_where(t, e, scope);
                    cols.push(Col::from_ty(self.column_name(e), t));
                }
                sql::SelectItem::ExprWithAlias { expr, alias } => {
                    let t = self.expr(expr, scope, ex.as_ref());
                    let t = narrow_by_where(t, expr, scope);
                    cols.push(Col::from_ty(alias.value.clone(), t));
                }
                sql::SelectItem::ExprWithAliases { expr, aliases } => {
                    let t = self.expr(expr, scope, ex.as_ref());
                    let name = aliases.first().map(|a| a.value.clone()).unwrap_or_else(|| self.column_name(expr));
                    cols.push(Col::from_ty(name, t));
                }
                sql::SelectItem::Wildcard(_) => {
                    if scope.rels.is_empty() && !scope.has_from {
                        self.err(item.span(), "`*` with no table in FROM");
                    }
                    cols.extend(self.star_cols(scope, None));
                }
                sql::SelectItem::QualifiedWildcard(kind, _) => {
                    let q = match kind {
                        sql::SelectItemQualifiedWildcardKind::ObjectName(n) => last_ident(n).map(|i| i.value.clone()).unwrap_or_default(),
                        sql::SelectItemQualifiedWildcardKind::Expr(e) => e.to_string(),
                    };
                    if !scope.rels.iter().any(|r| r.name.eq_ignore_ascii_case(&q)) {
                        let hint = did_you_mean(&q, scope.rels.iter().map(|r| r.name.as_str()));
                        let msg = format!("unknown table `{q}` in `{q}.*`");
                        match hint {
                            Some(h) => self.err_hint(item.span(), msg, format!("did you mean `{h}`?")),
                            None => self.err(item.span(), msg),
                        }
                    }
                    cols.extend(self.star_cols(scope, Some(&q)));
                }
            }
        }
        cols
    }

    /// `sqlc.embed(t)` in a select list: `t`'s columns (as `t.*` would give them), sent to the
    /// database as `t.*`. Returns false when `f` is not that macro.
    fn embed(&mut self, f: &sql::Function, scope: &Scope, cols: &mut Vec<Col>) -> bool {
        let parts: Vec<String> = f.name.0.iter().map(|p| p.to_string().to_ascii_lowercase()).collect();
        if parts.len() != 2 || parts[0] != "sqlc" || parts[1] != "embed" {
            return false;
        }
        let span = f.name.span();
        let (args, _) = func_args(f);
        let rel = match args.as_slice() {
            [Expr::Identifier(i)] => i.clone(),
            _ => {
                self.err_hint(span, "sqlc.embed takes one table name or alias", "write e.g. sqlc.embed(authors)");
                return true;
            }
        };
        if !scope.rels.iter().any(|r| r.name.eq_ignore_ascii_case(&rel.value)) {
            let msg = format!("unknown table `{}` in sqlc.embed", rel.value);
            match did_you_mean(&rel.value, scope.rels.iter().map(|r| r.name.as_str())) {
                Some(h) => self.err_hint(span, msg, format!("did you mean `{h}`?")),
                None => self.err_hint(span, msg, "embed a table or alias of this SELECT's FROM"),
            }
            return true;
        }
        let start = self.loc.offset(span.start);
        let end = matching_paren_end(self.loc.text, start);
        if !self.occurrences.iter().any(|o| o.start == start) {
            self.occurrences.push(Occurrence { start, end, slot: usize::MAX, in_to_any: false, replace: Some(format!("{rel}.*")) });
        }
        cols.extend(self.star_cols(scope, Some(&rel.value)));
        true
    }

    /// The name SQLite gives an unaliased result column: the column name for a reference,
    /// the function name for a call, otherwise the expression text.
    fn column_name(&self, e: &Expr) -> String {
        match e {
            Expr::Identifier(i) => i.value.clone(),
            Expr::CompoundIdentifier(v) => v.last().map(|i| i.value.clone()).unwrap_or_default(),
            Expr::Nested(x) => self.column_name(x),
            // A scalar subquery is named after its one column, as PostgreSQL names it
            // (`(SELECT name FROM t LIMIT 1)` → `name`).
            Expr::Subquery(q) => match q.body.as_ref() {
                sql::SetExpr::Select(s) if s.projection.len() == 1 => match &s.projection[0] {
                    sql::SelectItem::UnnamedExpr(x) => self.column_name(x),
                    sql::SelectItem::ExprWithAlias { alias, .. } => alias.value.clone(),
                    _ => e.to_string(),
                },
                _ => e.to_string(),
            },
            Expr::Function(f) if matches!(func_name(f).as_str(), "coalesce" | "ifnull") && func_args(f).0.first().is_some_and(|a| ident_expr_name(a).is_some()) => {
                // Named after the column it defaults, as sqlc does (`coalesce(bio, '')` → `bio`).
                ident_expr_name(func_args(f).0[0]).map(|i| i.value.clone()).unwrap_or_default()
            }
            Expr::Function(f) => {
                let n = func_name(f);
                let parts: Vec<&str> = n.split('.').collect();
                if parts.len() == 2 && parts[0] == "sqlc" {
                    if let Some(Expr::Identifier(i)) = func_args(f).0.first() {
                        return i.value.clone();
                    }
                }
                parts.last().copied().unwrap_or("column").to_string()
            }
            Expr::Cast { expr, .. } => self.column_name(expr),
            // `(point).x` is named after its last field, as PostgreSQL does.
            Expr::CompoundFieldAccess { access_chain, .. } if matches!(access_chain.last(), Some(sql::AccessExpr::Dot(Expr::Identifier(_)))) => match access_chain.last() {
                Some(sql::AccessExpr::Dot(Expr::Identifier(i))) => i.value.clone(),
                _ => String::new(),
            },
            other => other.to_string(),
        }
    }

    // --- expressions --------------------------------------------------------------------------

    fn bool_ty(&self, nullable: bool) -> Ty {
        Ty::known(self.d.boolean_type(), nullable)
    }

    /// Resolves a column reference through the scope chain.
    fn column_ref(&mut self, parts: &[sql::Ident], scope: &Scope) -> Ty {
        let (qual, name) = match parts {
            [n] => (None, n),
            [.., q, n] => (Some(q), n),
            [] => return Ty::unknown(true),
        };
        if qual.is_none() && name.quote_style.is_none() && name.value.starts_with('@') && self.d.at_names_are_variables() {
            // A MySQL user variable (`@v`, `@@session.x`): any type, NULL until set.
            return Ty::known(ValueType::Any, true);
        }
        let mut level: Option<&Scope> = Some(scope);
        while let Some(s) = level {
            let mut found: Option<Ty> = None;
            let mut ambiguous = false;
            let mut qual_found = false;
            for (ri, r) in s.rels.iter().enumerate() {
                if let Some(q) = qual {
                    if !r.name.eq_ignore_ascii_case(&q.value) {
                        continue;
                    }
                    qual_found = true;
                }
                let col = r.cols.iter().find(|c| c.name.eq_ignore_ascii_case(&name.value) && (qual.is_some() || !c.hidden));
                let t = match col {
                    Some(c) => {
                        let narrowed = s.narrowed.iter().any(|(i, n)| *i == ri && n.eq_ignore_ascii_case(&c.name));
                        Some(Ty { ty: c.ty.clone(), nullable: !narrowed && (c.nullable || r.null_ext), origin: c.origin.clone(), declared: c.declared.clone() })
                    }
                    None if r.has_rowid && ["rowid", "oid", "_rowid_"].contains(&name.value.to_ascii_lowercase().as_str()) => {
                        Some(Ty { ty: Some(ValueType::I64), nullable: r.null_ext, origin: None, declared: None })
                    }
                    // PostgreSQL's system columns of a table (`ctid`, `xmin`, `tableoid`, ...).
                    None if r.table.is_some() && name.quote_style.is_none() => self.d.system_column(&name.value).map(|declared| Ty {
                        ty: Some(self.d.column_type(Some(declared))),
                        nullable: r.null_ext,
                        origin: None,
                        declared: Some(declared.to_string()),
                    }),
                    None => None,
                };
                if let Some(t) = t {
                    if found.is_some() {
                        ambiguous = true;
                    }
                    found = Some(t);
                }
            }
            if ambiguous {
                let span = parts.iter().map(|p| p.span).reduce(|a, b| a.union(&b)).unwrap_or(name.span);
                self.err_hint(span, format!("ambiguous column `{}`", name.value), "qualify it with a table name or alias");
                return found.unwrap_or(Ty::unknown(true));
            }
            if let Some(t) = found {
                return t;
            }
            if qual.is_none() {
                if let Some((_, t)) = s.aliases.iter().find(|(n, _)| n.eq_ignore_ascii_case(&name.value)) {
                    return t.clone();
                }
            }
            if qual_found {
                break;
            }
            level = s.parent;
        }
        // SQLite quirk: a double-quoted name that resolves to nothing is a string literal.
        if qual.is_none() && name.quote_style == Some('"') && self.d.engine() == Engine::Sqlite {
            return Ty::known(ValueType::Text, false);
        }
        let span = parts.iter().map(|p| p.span).reduce(|a, b| a.union(&b)).unwrap_or(name.span);
        if let Some(q) = qual {
            let mut rel_names = Vec::new();
            let mut lv = Some(scope);
            while let Some(s) = lv {
                for r in &s.rels {
                    rel_names.push(r.name.clone());
                    if r.name.eq_ignore_ascii_case(&q.value) {
                        let hint = did_you_mean(&name.value, r.cols.iter().map(|c| c.name.as_str()));
                        let msg = format!("unknown column `{}` in `{}`", name.value, r.name);
                        match hint {
                            Some(h) => self.err_hint(span, msg, format!("did you mean `{h}`?")),
                            None => self.err(span, msg),
                        }
                        return Ty::unknown(true);
                    }
                }
                lv = s.parent;
            }
            let hint = did_you_mean(&q.value, rel_names.iter().map(String::as_str));
            let msg = format!("unknown table or alias `{}`", q.value);
            match hint {
                Some(h) => self.err_hint(q.span, msg, format!("did you mean `{h}`?")),
                None => self.err_hint(q.span, msg, "add it to FROM"),
            }
            return Ty::unknown(true);
        }
        let mut all: Vec<String> = Vec::new();
        let mut lv = Some(scope);
        while let Some(s) = lv {
            for r in &s.rels {
                all.extend(r.cols.iter().map(|c| c.name.clone()));
            }
            lv = s.parent;
        }
        let hint = did_you_mean(&name.value, all.iter().map(String::as_str));
        let msg = format!("unknown column `{}`", name.value);
        match hint {
            Some(h) => self.err_hint(span, msg, format!("did you mean `{h}`?")),
            None if scope.rels.is_empty() && scope.has_from => {}
            None if scope.rels.is_empty() => self.err_hint(span, msg, "there is no table in FROM"),
            None => self.err(span, msg),
        }
        Ty::unknown(true)
    }

    fn expr(&mut self, e: &Expr, scope: &Scope, expect: Option<&Expect>) -> Ty {
        if self.depth >= MAX_EXPR_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.err_hint(
                    e.span(),
                    format!("expression nested more than {MAX_EXPR_DEPTH} levels deep"),
                    "split it (a long OR chain of equalities reads better as `x IN (...)` or `sqlc.slice`)",
                );
            }
            return Ty::unknown(true);
        }
        self.depth += 1;
        let t = self.expr_at_depth(e, scope, expect);
        self.depth -= 1;
        t
    }

    fn expr_at_depth(&mut self, e: &Expr, scope: &Scope, expect: Option<&Expect>) -> Ty {
        match e {
            Expr::Identifier(i) => self.column_ref(std::slice::from_ref(i), scope),
            Expr::CompoundIdentifier(v) => self.column_ref(v, scope),
            Expr::Nested(x) => self.expr(x, scope, expect),
            Expr::Value(v) => self.value(v, expect),
            Expr::TypedString(ts) => Ty::known(self.cast_type(&ts.data_type), false),
            Expr::IsNull(x) | Expr::IsNotNull(x) => {
                self.expr(x, scope, None);
                self.null_tested(x);
                self.bool_ty(false)
            }
            Expr::IsTrue(x) | Expr::IsFalse(x) | Expr::IsNotTrue(x) | Expr::IsNotFalse(x) | Expr::IsUnknown(x) | Expr::IsNotUnknown(x) => {
                self.expr(x, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: true, name: None }));
                self.bool_ty(false)
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                let (_, _) = self.pair(a, b, scope, true);
                self.null_tested(a);
                self.null_tested(b);
                self.bool_ty(false)
            }
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right, scope, expect),
            Expr::UnaryOp { op, expr } => {
                use sql::UnaryOperator as U;
                if *op == U::PGAbs {
                    // sqlc's `@name` parameter shorthand, which PostgreSQL's grammar reads as `@`
                    // (absolute value) applied to a column, or to a cast of one (`@name::int`,
                    // since `::` binds tighter than a prefix operator).
                    let (inner, casts) = peel_casts(expr);
                    if let Expr::Identifier(id) = inner {
                        let start = self.loc.offset(id.span.start);
                        if id.quote_style.is_none() && start > 0 && self.loc.text.as_bytes()[start - 1] == b'@' {
                            let at = sqlparser::tokenizer::Location { line: id.span.start.line, column: id.span.start.column - 1 };
                            let key = ParamKey::Name(id.value.clone());
                            let end = start + id.value.len();
                            let Some(outer) = casts.first() else { return self.param(key, at, end, false, false, expect) };
                            let inner_ty = self.cast_type(casts.last().unwrap_or(outer));
                            let t = self.param(key, at, end, false, false, Some(&Expect { ty: inner_ty, nullable: false, name: None }));
                            return Ty::known(self.cast_type(outer), t.nullable);
                        }
                    }
                }
                match op {
                    U::Not => {
                        let t = self.expr(expr, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
                        self.bool_ty(t.nullable)
                    }
                    _ => self.expr(expr, scope, expect).plain(),
                }
            }
            Expr::Between { expr, low, high, .. } => {
                let t = self.expr(expr, scope, None);
                let ex = Expect::from_ty(&t, None);
                let l = self.expr(low, scope, ex.as_ref());
                let h = self.expr(high, scope, ex.as_ref());
                if t.ty.is_none() {
                    if let Some(x) = Expect::from_ty(&l, None).or_else(|| Expect::from_ty(&h, None)) {
                        self.expr(expr, scope, Some(&x));
                    }
                }
                self.bool_ty(t.nullable || l.nullable || h.nullable)
            }
            Expr::In { expr, target, .. } => {
                let t = self.expr(expr, scope, None);
                let mut nullable = t.nullable;
                match target {
                    sql::InTarget::List(list) => {
                        let ex = Expect::from_ty(&t, None);
                        let mut first_known: Option<Ty> = None;
                        for x in list {
                            let xt = self.expr(x, scope, ex.as_ref());
                            nullable |= xt.nullable;
                            if first_known.is_none() && xt.ty.is_some() {
                                first_known = Some(xt);
                            }
                        }
                        if t.ty.is_none() {
                            if let Some(k) = first_known.and_then(|k| Expect::from_ty(&k, None)) {
                                self.expr(expr, scope, Some(&k));
                            }
                        }
                    }
                    sql::InTarget::Subquery(q) => {
                        let ex = Expect::from_ty(&t, None);
                        let cols = self.query(q, Some(scope), Some(&[ex]));
                        if cols.len() != 1 {
                            self.err(q.span(), format!("IN subquery returns {} columns; it must return one", cols.len()));
                        }
                        if let Some(c) = cols.first() {
                            nullable |= c.nullable;
                            if t.ty.is_none() {
                                if let Some(ty) = c.ty.clone() {
                                    self.expr(expr, scope, Some(&Expect { ty, nullable: false, name: Some(c.name.clone()) }));
                                }
                            }
                        }
                    }
                    _ => self.err(expr.span(), "unsupported IN target"),
                }
                self.bool_ty(nullable)
            }
            Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } => {
                let text = Expect { ty: ValueType::Text, nullable: false, name: None };
                let t = self.expr(expr, scope, Some(&text));
                let p = self.expr(pattern, scope, Some(&Expect { name: ident_expr_name(expr).map(|i| i.value.clone()), ..text }));
                self.bool_ty(t.nullable || p.nullable)
            }
            Expr::SimilarTo { expr, pattern, .. } | Expr::RLike { expr, pattern, .. } => {
                let text = Expect { ty: ValueType::Text, nullable: false, name: None };
                let t = self.expr(expr, scope, Some(&text));
                let p = self.expr(pattern, scope, Some(&text));
                self.bool_ty(t.nullable || p.nullable)
            }
            Expr::Cast { expr, data_type, .. } => {
                let ty = self.cast_type(data_type);
                let t = self.expr(expr, scope, Some(&Expect { ty: ty.clone(), nullable: false, name: None }));
                Ty::known(ty, t.nullable)
            }
            Expr::Case { operand, conditions, else_result, .. } => self.case(operand.as_deref(), conditions, else_result.as_deref(), scope, expect),
            Expr::Exists { subquery, .. } => {
                self.query(subquery, Some(scope), None);
                self.bool_ty(false)
            }
            Expr::Subquery(q) => {
                let cols = self.query(q, Some(scope), expect.map(|e| vec![Some(e.clone())]).as_deref());
                if cols.len() != 1 {
                    self.err(q.span(), format!("scalar subquery returns {} columns; it must return one", cols.len()));
                    return Ty::unknown(true);
                }
                let c = &cols[0];
                let nullable = c.nullable || !returns_exactly_one_row(q);
                Ty { ty: c.ty.clone(), nullable, origin: None, declared: None }
            }
            Expr::Function(f) => self.function(f, scope, expect),
            Expr::Collate { expr, .. } => self.expr(expr, scope, expect),
            Expr::Tuple(items) if self.composite_expected(expect, items.len()).is_some() => self.row_constructor(items, scope, expect),
            Expr::CompoundFieldAccess { root, access_chain } => self.field_access(e, root, access_chain, scope),
            Expr::Tuple(items) => {
                let mut nullable = false;
                for x in items {
                    nullable |= self.expr(x, scope, None).nullable;
                }
                Ty::unknown(nullable)
            }
            Expr::Ceil { expr, .. } | Expr::Floor { expr, .. } => {
                let t = self.expr(expr, scope, None);
                let func = if matches!(e, Expr::Ceil { .. }) { "ceil" } else { "floor" };
                Ty::known(self.d.rounding_type(func, t.ty.as_ref()), t.nullable)
            }
            Expr::Interval(_) => Ty::known(ValueType::Interval, false),
            Expr::Extract { expr, .. } => {
                let t = self.expr(expr, scope, None);
                Ty::known(if self.d.engine() == Engine::Postgresql { ValueType::Numeric } else { ValueType::F64 }, t.nullable)
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                // `x = ANY($1)`: the right side is an array of x's type.
                let l = self.expr(left, scope, None);
                let ex = l.ty.clone().map(|ty| Expect { ty: ValueType::Array(Box::new(ty)), nullable: false, name: ident_expr_name(left).map(|i| i.value.clone()) });
                let r = self.expr(right, scope, ex.as_ref());
                if l.ty.is_none() {
                    if let Some(ValueType::Array(inner)) = r.ty.clone() {
                        self.expr(left, scope, Some(&Expect { ty: *inner, nullable: false, name: None }));
                    }
                }
                self.bool_ty(l.nullable || r.nullable)
            }
            Expr::Array(arr) => {
                let mut ty = expect.and_then(|e| match &e.ty {
                    ValueType::Array(x) => Some((**x).clone()),
                    _ => None,
                });
                for x in &arr.elem {
                    let ex = ty.clone().map(|t| Expect { ty: t, nullable: false, name: None });
                    let t = self.expr(x, scope, ex.as_ref());
                    ty = unify(ty, t.ty);
                }
                Ty::known(ValueType::Array(Box::new(ty.unwrap_or(ValueType::Any))), false)
            }
            Expr::Substring { expr, substring_from, substring_for, .. } => {
                let t = self.expr(expr, scope, Some(&Expect { ty: ValueType::Text, nullable: false, name: None }));
                let mut nullable = t.nullable;
                // PostgreSQL: `substring(x FROM 'pattern')` (and `FROM pattern FOR escape`) is a
                // regular-expression match, NULL when nothing matches; positions are integers.
                let pattern = self.d.substring_text_pattern_is_regex()
                    && substring_from.as_deref().is_some_and(|f| matches!(f, Expr::Value(v) if matches!(v.value, sql::Value::SingleQuotedString(_) | sql::Value::EscapedStringLiteral(_))) || matches!(f, Expr::Cast { data_type, .. } if data_type.to_string().to_ascii_lowercase().contains("text")));
                let arg = Expect { ty: if pattern { ValueType::Text } else { ValueType::I64 }, nullable: false, name: None };
                for x in [substring_from, substring_for].into_iter().flatten() {
                    nullable |= self.expr(x, scope, Some(&arg)).nullable;
                }
                Ty::known(ValueType::Text, nullable || pattern)
            }
            Expr::Trim { expr, trim_what, .. } => {
                let t = self.expr(expr, scope, Some(&Expect { ty: ValueType::Text, nullable: false, name: None }));
                if let Some(w) = trim_what {
                    self.expr(w, scope, Some(&Expect { ty: ValueType::Text, nullable: false, name: None }));
                }
                Ty::known(ValueType::Text, t.nullable)
            }
            other => {
                self.err_hint(other.span(), "unsupported expression", "rewrite it with standard SQL operators and functions");
                Ty::unknown(true)
            }
        }
    }

    /// The composite type the context expects, when it has `arity` fields.
    fn composite_expected(&self, expect: Option<&Expect>, arity: usize) -> Option<ir::CompositeType> {
        match &expect?.ty {
            ValueType::Composite(n) => self.cat.composite(n).filter(|c| c.fields.len() == arity).cloned(),
            _ => None,
        }
    }

    /// A row constructor (`ROW(a, b)`, `(a, b)` where a composite is expected): each item takes
    /// its field's type. The value itself is never NULL (its fields may be). Without a
    /// composite context it is an anonymous record, which has no value type.
    fn row_constructor(&mut self, items: &[Expr], scope: &Scope, expect: Option<&Expect>) -> Ty {
        let Some(c) = self.composite_expected(expect, items.len()) else {
            if let Some(ValueType::Composite(n)) = expect.map(|e| &e.ty) {
                let want = self.cat.composite(n).map_or(0, |c| c.fields.len());
                if let Some(first) = items.first() {
                    let span = items.iter().map(|i| i.span()).fold(first.span(), |a, b| a.union(&b));
                    self.err_hint(
                        span,
                        format!("a row of {} values cannot be composite type `{n}`, which has {want} fields", items.len()),
                        "give one value per field, in the type's order",
                    );
                }
            }
            for x in items {
                self.expr(x, scope, None);
            }
            return Ty::unknown(false);
        };
        for (x, f) in items.iter().zip(&c.fields) {
            self.expr(x, scope, Some(&Expect { ty: f.ty.clone(), nullable: true, name: Some(f.name.clone()) }));
        }
        Ty::known(ValueType::Composite(c.name.clone()), false)
    }

    /// `(x).field` on a composite value, `x[i]` on an array (chains of both).
    fn field_access(&mut self, whole: &Expr, root: &Expr, chain: &[sql::AccessExpr], scope: &Scope) -> Ty {
        let mut t = self.expr(root, scope, None);
        let mut what = root.to_string();
        for a in chain {
            let Some(ty) = t.ty.clone() else {
                self.err_hint(whole.span(), format!("cannot tell the type of `{what}`"), "cast it to its type (`(x::point).x`)");
                return Ty::unknown(true);
            };
            match (a, ty) {
                (sql::AccessExpr::Dot(Expr::Identifier(id)), ValueType::Composite(n)) => {
                    let Some(c) = self.cat.composite(&n) else {
                        self.err(id.span, format!("unknown composite type `{n}`"));
                        return Ty::unknown(true);
                    };
                    let Some(f) = c.field(&id.value) else {
                        let msg = format!("unknown field `{}` of composite type `{}`", id.value, c.name);
                        let names: Vec<String> = c.fields.iter().map(|f| f.name.clone()).collect();
                        match did_you_mean(&id.value, names.iter().map(String::as_str)) {
                            Some(h) => self.err_hint(id.span, msg, format!("did you mean `{h}`?")),
                            None => self.err_hint(id.span, msg, format!("its fields are: {}", names.join(", "))),
                        }
                        return Ty::unknown(true);
                    };
                    // A field is NULL in a NULL composite, and may be NULL in any other.
                    t = Ty { ty: Some(f.ty.clone()), nullable: true, origin: None, declared: f.db_type.clone() };
                    what = format!("({what}).{}", id.value);
                }
                (sql::AccessExpr::Dot(Expr::Identifier(id)), other) => {
                    self.err_hint(
                        id.span,
                        format!("`{what}` is {}, not a composite type: it has no field `{}`", type_word(&other), id.value),
                        "field access `(x).field` needs a value of a composite type (`CREATE TYPE t AS (...)`)",
                    );
                    return Ty::unknown(true);
                }
                (sql::AccessExpr::Subscript(sql::Subscript::Index { index }), ValueType::Array(inner)) => {
                    self.expr(index, scope, Some(&Expect { ty: ValueType::I32, nullable: false, name: None }));
                    let elem = match *inner {
                        ValueType::Nullable(x) => *x,
                        x => x,
                    };
                    // Out of range is NULL.
                    t = Ty::known(elem, true);
                    what = format!("{what}[{index}]");
                }
                (sql::AccessExpr::Subscript(sql::Subscript::Index { .. }), other) => {
                    self.err(whole.span(), format!("`{what}` is {}, not an array: it cannot be subscripted", type_word(&other)));
                    return Ty::unknown(true);
                }
                _ => {
                    self.err_hint(whole.span(), "unsupported expression", "rewrite it with standard SQL operators and functions");
                    return Ty::unknown(true);
                }
            }
        }
        t
    }

    fn value(&mut self, v: &sql::ValueWithSpan, expect: Option<&Expect>) -> Ty {
        use sql::Value as V;
        match &v.value {
            V::Number(n, _) => {
                if n.contains(['.', 'e', 'E']) {
                    Ty::known(self.d.decimal_literal_type(), false)
                } else if n.parse::<i64>().is_err() {
                    Ty::known(self.d.oversized_integer_literal_type(), false)
                } else if n.parse::<i32>().is_err() {
                    Ty::known(ValueType::I64, false)
                } else {
                    Ty::known(self.d.small_integer_literal_type(), false)
                }
            }
            V::SingleQuotedString(_) | V::DoubleQuotedString(_) | V::EscapedStringLiteral(_) | V::NationalStringLiteral(_) | V::DollarQuotedString(_) | V::UnicodeStringLiteral(_) => {
                Ty::known(ValueType::Text, false)
            }
            // The tokenizer reads `0x1F` and `x'1F'` alike; only the text tells them apart.
            V::HexStringLiteral(_) if self.loc.text.get(self.loc.offset(v.span.start)..).is_some_and(|t| t.starts_with("0x") || t.starts_with("0X")) => {
                Ty::known(self.d.hex_literal_type(), false)
            }
            V::HexStringLiteral(_) | V::SingleQuotedByteStringLiteral(_) | V::DoubleQuotedByteStringLiteral(_) => Ty::known(ValueType::Bytes, false),
            V::Boolean(_) => Ty::known(self.d.boolean_type(), false),
            V::Null => Ty::unknown(true),
            V::Placeholder(p) => {
                let key = if p == "?" {
                    // `?` takes the number after the largest one used before it in the text.
                    let start = self.loc.offset(v.span.start);
                    let n = self.anon_numbers.iter().find(|(o, _)| *o == start).map(|(_, n)| *n);
                    ParamKey::Num(n.unwrap_or(self.anon_numbers.len() + 1))
                } else if let Some(n) = p.strip_prefix('?').or_else(|| p.strip_prefix('$')).and_then(|n| n.parse::<usize>().ok()) {
                    ParamKey::Num(n)
                } else {
                    ParamKey::Name(p.trim_start_matches([':', '@', '$', '?']).to_string())
                };
                let start = self.loc.offset(v.span.start);
                self.param(key, v.span.start, start + p.len(), false, false, expect)
            }
            _ => Ty::known(ValueType::Text, false),
        }
    }

    fn cast_type(&self, dt: &sql::DataType) -> ValueType {
        let s = dt.to_string();
        // User-defined types first: `x::mood`, `x::mood[]`, `x::public.year` (a domain).
        if let Some((t, _)) = self.cat.user_type(&s) {
            return t;
        }
        let up = s.to_ascii_uppercase();
        // CAST(x AS NUMERIC) in SQLite yields an integer or a real; read it as f64.
        // User enums and domains resolve too (`$1::mood`).
        match column_value_type(self.d, self.cat, Some(&s)).0 {
            ValueType::Any if up.is_empty() => ValueType::Any,
            t => t,
        }
    }

    /// Types both sides of a comparison, each giving its type to a parameter on the other side.
    /// PostgreSQL compares a row constructor with a composite field by field as records, so a
    /// bare parameter in it gets no type from the composite (`could not determine data type of
    /// parameter $1`) and the server refuses the statement: reported here, with the cast to add.
    fn row_params_in_comparison(&mut self, row: &Expr, other: &Ty) {
        let Some(ValueType::Composite(name)) = &other.ty else { return };
        if !self.d.parameters_have_one_type() {
            return;
        }
        let items: Vec<&Expr> = match row {
            Expr::Tuple(v) => v.iter().collect(),
            Expr::Function(f) if func_name(f).eq_ignore_ascii_case("row") => func_args(f).0,
            Expr::Nested(x) => return self.row_params_in_comparison(x, other),
            _ => return,
        };
        if let Some(p) = items.iter().find(|x| is_bare_parameter(x)) {
            self.err_hint(
                p.span(),
                format!("PostgreSQL cannot type a bare parameter in a row compared with composite type `{name}`"),
                format!("cast the row (`ROW($1, $2)::{name}`) or the parameter"),
            );
        }
    }

    fn pair(&mut self, a: &Expr, b: &Expr, scope: &Scope, _nullable_ok: bool) -> (Ty, Ty) {
        let lt = self.expr(a, scope, None);
        let ex = Expect::from_ty(&lt, None);
        let rt = self.expr(b, scope, ex.as_ref());
        if lt.ty.is_none() || lt.ty == Some(ValueType::Any) {
            if let Some(x) = Expect::from_ty(&rt, None) {
                let lt2 = self.expr(a, scope, Some(&x));
                return (lt2, rt);
            }
        }
        (lt, rt)
    }

    fn binary(&mut self, left: &Expr, op: &sql::BinaryOperator, right: &Expr, scope: &Scope, expect: Option<&Expect>) -> Ty {
        use sql::BinaryOperator as B;
        match op {
            B::And | B::Or | B::Xor => {
                let b = Expect { ty: self.d.boolean_type(), nullable: false, name: None };
                let l = self.expr(left, scope, Some(&b));
                let r = self.expr(right, scope, Some(&b));
                self.bool_ty(l.nullable || r.nullable)
            }
            // SQLite's `a IS b` / `a IS NOT b`: NULL-safe equality, never NULL itself.
            B::Is | B::IsNot => {
                let (_, _) = self.pair(left, right, scope, true);
                self.null_tested(left);
                self.null_tested(right);
                self.bool_ty(false)
            }
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq
                if matches!((left, right), (Expr::Tuple(a), Expr::Tuple(b)) if a.len() == b.len()) =>
            {
                // Row comparison `(a, b) = ($1, $2)`: element by element.
                let (Expr::Tuple(a), Expr::Tuple(b)) = (left, right) else { unreachable!() };
                let mut nullable = false;
                for (x, y) in a.iter().zip(b) {
                    let (l, r) = self.pair(x, y, scope, false);
                    nullable |= l.nullable || r.nullable;
                }
                self.bool_ty(nullable)
            }
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq | B::Spaceship | B::Glob | B::Regexp | B::Match => {
                let (l, r) = self.pair(left, right, scope, false);
                self.row_params_in_comparison(left, &r);
                self.row_params_in_comparison(right, &l);
                let nullable = if matches!(op, B::Spaceship) { false } else { l.nullable || r.nullable };
                self.bool_ty(nullable)
            }
            B::StringConcat => {
                // `||` concatenates text, and also arrays and jsonb values in PostgreSQL.
                let l = self.expr(left, scope, None);
                let r = self.expr(right, scope, None);
                let ty = match (&l.ty, &r.ty) {
                    (Some(t @ (ValueType::Json | ValueType::Array(_) | ValueType::Bytes)), _) => t.clone(),
                    (_, Some(t @ (ValueType::Json | ValueType::Array(_)))) => t.clone(),
                    _ => ValueType::Text,
                };
                let ex = Expect { ty: ty.clone(), nullable: false, name: None };
                if l.ty.is_none() {
                    self.expr(left, scope, Some(&ex));
                }
                if r.ty.is_none() {
                    self.expr(right, scope, Some(&ex));
                }
                Ty::known(ty, l.nullable || r.nullable)
            }
            B::MyIntegerDivide => {
                // MySQL's `a DIV b`: a BIGINT, NULL when b is 0.
                let int = Expect { ty: ValueType::I64, nullable: false, name: None };
                let l = self.expr(left, scope, Some(&int));
                let r = self.expr(right, scope, Some(&int));
                Ty::known(ValueType::I64, l.nullable || r.nullable || self.d.division_by_zero_is_null())
            }
            B::Plus | B::Minus | B::Multiply | B::Divide | B::Modulo | B::BitwiseAnd | B::BitwiseOr | B::BitwiseXor | B::PGBitwiseShiftLeft | B::PGBitwiseShiftRight => {
                // An untyped operand (a parameter) takes the type the context expects, else the
                // other operand's.
                let mut l = self.expr(left, scope, None);
                let mut r = self.expr(right, scope, None);
                if l.ty.is_none() {
                    if let Some(x) = expect.cloned().or_else(|| Expect::from_ty(&r, None)) {
                        l = self.expr(left, scope, Some(&x));
                    }
                }
                if r.ty.is_none() {
                    if let Some(x) = expect.cloned().or_else(|| Expect::from_ty(&l, None)) {
                        r = self.expr(right, scope, Some(&x));
                    }
                }
                let datetime = match (&l.ty, &r.ty) {
                    (Some(a), Some(b)) => self.d.datetime_arith(op, a, b),
                    _ => None,
                };
                let ty = match (&l.ty, &r.ty) {
                    _ if datetime.is_some() => datetime,
                    (Some(a), Some(b)) if is_numeric(a) && is_numeric(b) => {
                        if matches!(op, B::BitwiseAnd | B::BitwiseOr | B::BitwiseXor | B::PGBitwiseShiftLeft | B::PGBitwiseShiftRight) {
                            Some(self.d.integer_type())
                        } else if let Some(t) = self.d.arithmetic_type(matches!(op, B::Divide), a, b) {
                            Some(t)
                        } else {
                            unify(Some(if a == &ValueType::Bool { ValueType::I64 } else { a.clone() }), Some(if b == &ValueType::Bool { ValueType::I64 } else { b.clone() }))
                        }
                    }
                    (Some(ValueType::Any), _) | (_, Some(ValueType::Any)) => Some(ValueType::Any),
                    (Some(a), Some(_)) if matches!(a, ValueType::Date | ValueType::Timestamp | ValueType::TimestampTz | ValueType::Time) => Some(a.clone()),
                    (Some(a), None) | (None, Some(a)) => Some(a.clone()),
                    (Some(_), Some(_)) => Some(ValueType::F64),
                    (None, None) => None,
                };
                let nullable = l.nullable || r.nullable || (matches!(op, B::Divide | B::Modulo) && self.d.division_by_zero_is_null());
                Ty { ty, nullable, origin: None, declared: None }
            }
            B::Arrow | B::HashArrow => {
                // A missing key or index yields NULL.
                let l = self.expr(left, scope, None);
                self.expr(right, scope, Some(&Expect { ty: ValueType::Text, nullable: false, name: None }));
                Ty::known(if l.ty == Some(ValueType::Text) { ValueType::Text } else { ValueType::Json }, true)
            }
            B::LongArrow | B::HashLongArrow => {
                self.expr(left, scope, None);
                self.expr(right, scope, Some(&Expect { ty: ValueType::Text, nullable: false, name: None }));
                Ty::known(ValueType::Text, true)
            }
            B::AtArrow | B::ArrowAt | B::PGOverlap => {
                let (l, r) = self.pair(left, right, scope, false);
                self.bool_ty(l.nullable || r.nullable)
            }
            B::Question | B::QuestionAnd | B::QuestionPipe | B::AtQuestion | B::AtAt => {
                let l = self.expr(left, scope, None);
                let ex = if matches!(op, B::Question) { ValueType::Text } else { ValueType::Array(Box::new(ValueType::Text)) };
                let r = self.expr(right, scope, Some(&Expect { ty: ex, nullable: false, name: None }));
                self.bool_ty(l.nullable || r.nullable)
            }
            B::PGRegexMatch | B::PGRegexIMatch | B::PGRegexNotMatch | B::PGRegexNotIMatch | B::PGLikeMatch | B::PGILikeMatch | B::PGNotLikeMatch | B::PGNotILikeMatch | B::PGStartsWith => {
                let text = Expect { ty: ValueType::Text, nullable: false, name: None };
                let l = self.expr(left, scope, Some(&text));
                let r = self.expr(right, scope, Some(&text));
                self.bool_ty(l.nullable || r.nullable)
            }
            B::Custom(_) | B::PGExp => {
                let (l, r) = self.pair(left, right, scope, false);
                Ty { ty: l.ty.clone(), nullable: l.nullable || r.nullable, origin: None, declared: None }
            }
            other => {
                let (l, r) = self.pair(left, right, scope, false);
                let _ = other;
                Ty { ty: l.ty.clone(), nullable: l.nullable || r.nullable, origin: None, declared: None }
            }
        }
    }

    fn case(&mut self, operand: Option<&Expr>, conditions: &[sql::CaseWhen], else_result: Option<&Expr>, scope: &Scope, expect: Option<&Expect>) -> Ty {
        let mut op_t = operand.map(|o| self.expr(o, scope, None));
        // An engine may type an untyped operand itself (PostgreSQL: text); then each WHEN value
        // must compare with that type.
        let mut forced: Option<ValueType> = None;
        let string_literal = matches!(operand, Some(Expr::Value(v)) if matches!(v.value, sql::Value::SingleQuotedString(_)));
        if let (Some(o), Some(None), Some(t)) = (operand, op_t.as_ref().map(|t| t.ty.as_ref()), self.d.simple_case_untyped_operand()) {
            op_t = Some(self.expr(o, scope, Some(&Expect { ty: t.clone(), nullable: true, name: None })));
            forced = Some(t);
        } else if string_literal {
            // A quoted literal is of unknown type too, until the engine resolves it.
            forced = self.d.simple_case_untyped_operand();
        }
        // As written (the AST prints `@flag` as `@ flag`).
        let operand_text = operand
            .map(|o| {
                let sp = o.span();
                let (mut a, b) = (self.loc.offset(sp.start), self.loc.offset(sp.end));
                // A `@name` parameter's span starts after the `@`.
                if a > 0 && self.loc.text.as_bytes().get(a - 1) == Some(&b'@') {
                    a -= 1;
                }
                self.loc.text.get(a..b).map(str::to_string).unwrap_or_else(|| o.to_string())
            })
            .unwrap_or_default();
        let what = if string_literal { "an untyped literal" } else if matches!(operand, Some(Expr::Value(v)) if v.value == sql::Value::Null) { "NULL" } else { "an untyped parameter" };
        let mut ty: Option<ValueType> = None;
        let mut nullable = else_result.is_none();
        for c in conditions {
            match &op_t {
                Some(ot) => {
                    let ex = Expect::from_ty(ot, None);
                    let untyped = ot.ty.is_none();
                    let wt = self.expr(&c.condition, scope, ex.as_ref());
                    if let (Some(f), Some(w)) = (&forced, &wt.ty) {
                        if w != f && *w != ValueType::Any {
                            self.err_hint(
                                c.condition.span(),
                                format!("the CASE operand is {what}, which {} types as {}, and {} is not comparable with this {} value", self.d.engine().display_name(), sql_type_name(f), sql_type_name(f), sql_type_name(w)),
                                format!("cast the operand to the WHEN values' type (`CASE {operand_text}::{} WHEN ...`)", sql_type_name(w)),
                            );
                            forced = None;
                        }
                    }
                    // An untyped operand (`CASE $1 WHEN true ...`) is compared with each WHEN
                    // value: it takes their type. NULL matches no WHEN and selects the ELSE
                    // branch, so it is a meaningful argument.
                    if let (Some(o), true, Some(x)) = (operand, untyped, Expect::from_ty(&wt, None)) {
                        op_t = Some(self.expr(o, scope, Some(&Expect { nullable: true, ..x })));
                    }
                }
                None => {
                    self.expr(&c.condition, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
                }
            }
        }
        let mut results: Vec<&Expr> = conditions.iter().map(|c| &c.result).collect();
        if let Some(e) = else_result {
            results.push(e);
        }
        let mut untyped = Vec::new();
        // `ty` is what an untyped branch is inferred as (the first typed branch's type);
        // `result` is what the expression yields, which on SQLite may be no one type.
        let mut result: Option<ValueType> = None;
        for r in &results {
            let t = self.expr(r, scope, expect);
            if t.ty.is_none() && !matches!(r, Expr::Value(v) if v.value == sql::Value::Null) {
                untyped.push(*r);
            }
            nullable |= t.nullable;
            result = self.unify_result(result, t.ty.clone());
            ty = unify(ty, t.ty);
        }
        if let (Some(t), false) = (&ty, untyped.is_empty()) {
            let ex = Expect { ty: t.clone(), nullable: false, name: None };
            for r in untyped {
                self.expr(r, scope, Some(&ex));
            }
        }
        Ty { ty: result, nullable, origin: None, declared: None }
    }

    /// A call of a function the schema defines: arguments take the declared argument types (an
    /// untyped parameter included); the result is NULL-able unless the function is STRICT or its
    /// SQL body cannot yield NULL, and then only through a NULL argument.
    fn user_function_call(&mut self, uf: &catalog::Function, args: &[&Expr], scope: &Scope) -> Ty {
        let ts: Vec<Ty> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                // A parameter passed as an argument is named after it (`plus(a, b)`: `a`).
                let name = uf.arg_names.get(i).filter(|n| !n.is_empty()).cloned();
                let ex = uf.args.get(i).filter(|t| **t != ValueType::Any).map(|t| Expect { ty: t.clone(), nullable: false, name });
                self.expr(a, scope, ex.as_ref())
            })
            .collect();
        // STRICT says only that a NULL argument gives NULL; the function may return NULL anyway.
        // Fewer arguments leave the rest to their defaults, which the proof allows only as
        // non-NULL literals.
        let proven = uf.body_non_null && args.len() <= uf.args.len();
        // A polymorphic result has its polymorphic arguments' type.
        let returns = match &uf.polymorphic {
            Some(marks) => marks.iter().zip(&ts).filter(|(m, _)| **m).find_map(|(_, t)| t.ty.clone()).unwrap_or(ValueType::Any),
            None => uf.returns.clone(),
        };
        Ty::known(returns, !proven || ts.iter().any(|t| t.nullable))
    }

    fn function(&mut self, f: &sql::Function, scope: &Scope, expect: Option<&Expect>) -> Ty {
        if let Some(t) = self.sqlc_macro(f, expect) {
            return t;
        }
        if self.d.engine() == Engine::Postgresql && func_name(f) == "row" && f.over.is_none() {
            // `ROW(a, b)`: a composite value, typed when its context says which one.
            let items: Vec<Expr> = func_args(f).0.into_iter().cloned().collect();
            return self.row_constructor(&items, scope, expect);
        }
        let name = func_name(f);
        let name = name.rsplit('.').next().unwrap_or(&name).to_string();
        let (args, star) = func_args(f);
        if let Some(filter) = &f.filter {
            self.expr(filter, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: false, name: None }));
        }
        if let Some(sql::WindowType::WindowSpec(w)) = &f.over {
            for p in &w.partition_by {
                self.expr(p, scope, None);
            }
            for o in &w.order_by {
                self.expr(&o.expr, scope, None);
            }
        }
        let windowed = f.over.is_some();
        let explicit_frame = matches!(&f.over, Some(sql::WindowType::WindowSpec(w)) if w.window_frame.is_some());
        // Aggregates are NULL on empty input; empty input only happens without GROUP BY (or with
        // a FILTER, or a window frame that can be empty).
        let grouped = self.grouped.last().copied().unwrap_or(false);
        let empty_possible = if windowed { explicit_frame } else { !grouped || f.filter.is_some() };
        let int = self.d.integer_type();
        let text = Expect { ty: ValueType::Text, nullable: false, name: None };
        let num = Expect { ty: ValueType::F64, nullable: false, name: None };
        let intx = Expect { ty: int.clone(), nullable: false, name: None };
        let n = args.len();
        // Types every argument; returns them.
        macro_rules! all {
            ($ex:expr) => {{
                let ex: Option<&Expect> = $ex;
                args.iter().map(|a| self.expr(a, scope, ex)).collect::<Vec<Ty>>()
            }};
        }
        let any_null = |ts: &[Ty]| ts.iter().any(|t| t.nullable);
        // A function the schema defines with this many arguments is that function, even where
        // the name is also a built-in of another engine sqlweave knows (`total`, `iif`, ...).
        if let Some(uf) = self.cat.function(&func_name(f)).filter(|uf| !uf.procedure && uf.args.len() == n && !windowed).cloned() {
            return self.user_function_call(&uf, &args, scope);
        }
        match name.as_str() {
            "count" => {
                let _ = all!(None);
                let _ = star;
                Ty::known(self.d.count_type(), false)
            }
            "sum" | "min" | "max" if n == 1 || name == "sum" => {
                let ts = all!(expect);
                let t = ts.first().cloned().unwrap_or(Ty::unknown(true));
                let ty = match (&name[..], t.ty) {
                    ("sum", Some(ty)) => Some(self.d.sum_type(&ty)),
                    (_, ty) => ty,
                };
                Ty { ty, nullable: t.nullable || empty_possible, origin: None, declared: None }
            }
            "min" | "max" => {
                // Scalar min/max of several arguments: NULL if any argument is NULL. Values of
                // different storage classes compare by class (numbers < text < blobs), so the
                // result is always of the greatest (max) or least (min) class present.
                let ts = all!(expect);
                let classes: Option<Vec<_>> = ts.iter().filter_map(|t| t.ty.as_ref()).map(|t| self.d.storage_class(t)).collect();
                let pick = classes.and_then(|c| if name == "max" { c.into_iter().max() } else { c.into_iter().min() });
                let ty = match pick {
                    Some(class) => ts
                        .iter()
                        .filter_map(|t| t.ty.clone())
                        .filter(|t| self.d.storage_class(t) == Some(class))
                        .fold(None, |a, t| self.unify_result(a, Some(t))),
                    None => ts.iter().fold(None, |a, t| self.unify_result(a, t.ty.clone())),
                };
                Ty { ty, nullable: any_null(&ts), origin: None, declared: None }
            }
            "total" => {
                let _ = all!(Some(&num));
                Ty::known(ValueType::F64, false)
            }
            "avg" => {
                let ts = all!(Some(&num));
                let ty = self.d.avg_type(ts.first().and_then(|t| t.ty.as_ref()).unwrap_or(&ValueType::F64));
                Ty::known(ty, any_null(&ts) || empty_possible)
            }
            "array_agg" => {
                let ts = all!(None);
                let inner = ts.first().and_then(|t| t.ty.clone()).unwrap_or(ValueType::Any);
                // NULL inputs stay in the array as NULL elements.
                let elem = match ts.first() {
                    Some(t) if t.nullable && !matches!(inner, ValueType::Array(_)) => ValueType::Nullable(Box::new(inner)),
                    _ => inner,
                };
                Ty::known(ValueType::Array(Box::new(elem)), empty_possible)
            }
            "json_agg" | "jsonb_agg" | "json_object_agg" | "jsonb_object_agg" => {
                let _ = all!(None);
                Ty::known(ValueType::Json, empty_possible)
            }
            "json_build_object" | "jsonb_build_object" | "json_build_array" | "jsonb_build_array" => {
                let _ = all!(None);
                Ty::known(ValueType::Json, false)
            }
            "to_json" | "to_jsonb" | "row_to_json" | "array_to_json" | "jsonb_set" | "jsonb_strip_nulls" | "json_strip_nulls" => {
                let ts = all!(None);
                Ty::known(ValueType::Json, ts.first().is_none_or(|t| t.nullable))
            }
            "greatest" | "least" => {
                // PostgreSQL ignores NULL arguments: NULL only if all are.
                let ts = all!(expect);
                let ty = ts.iter().fold(None, |a, t| self.unify_result(a, t.ty.clone()));
                let untyped: Vec<usize> = ts.iter().enumerate().filter(|(_, t)| t.ty.is_none()).map(|(i, _)| i).collect();
                if let Some(tyv) = ty.clone() {
                    for i in untyped {
                        self.expr(args[i], scope, Some(&Expect { ty: tyv.clone(), nullable: false, name: None }));
                    }
                }
                Ty { ty, nullable: ts.iter().all(|t| t.nullable), origin: None, declared: None }
            }
            "date_trunc" => {
                let ts: Vec<Ty> = args.iter().enumerate().map(|(i, a)| if i == 0 { self.expr(a, scope, Some(&text)) } else { self.expr(a, scope, Some(&Expect { ty: ValueType::TimestampTz, nullable: false, name: None })) }).collect();
                let ty = ts.get(1).and_then(|t| t.ty.clone()).unwrap_or(ValueType::TimestampTz);
                Ty::known(ty, any_null(&ts))
            }
            "date_part" => {
                let ts = all!(None);
                Ty::known(ValueType::F64, any_null(&ts))
            }
            "age" => {
                let ts = all!(Some(&Expect { ty: ValueType::TimestampTz, nullable: false, name: None }));
                Ty::known(ValueType::Interval, any_null(&ts))
            }
            "to_char" => {
                let ts = all!(None);
                Ty::known(ValueType::Text, any_null(&ts))
            }
            "to_timestamp" => {
                let ts = all!(None);
                Ty::known(ValueType::TimestampTz, any_null(&ts))
            }
            "to_date" => {
                let ts = all!(Some(&text));
                Ty::known(ValueType::Date, any_null(&ts))
            }
            "gen_random_uuid" | "uuid_generate_v4" => Ty::known(ValueType::Uuid, false),
            "nextval" | "currval" | "lastval" | "setval" => {
                let _ = all!(None);
                Ty::known(ValueType::I64, false)
            }
            "array_length" | "array_upper" | "array_lower" => {
                let _ = all!(None);
                Ty::known(ValueType::I32, true)
            }
            "cardinality" => {
                let ts = all!(None);
                Ty::known(ValueType::I32, any_null(&ts))
            }
            "unnest" => {
                let ts = all!(None);
                let inner = match ts.first().and_then(|t| t.ty.clone()) {
                    Some(ValueType::Array(x)) => Some(*x),
                    other => other,
                };
                Ty { ty: inner, nullable: true, origin: None, declared: None }
            }
            "array_append" | "array_prepend" | "array_cat" | "array_remove" => {
                let ts = all!(None);
                Ty { ty: ts.iter().find_map(|t| t.ty.clone().filter(|x| matches!(x, ValueType::Array(_)))), nullable: false, origin: None, declared: None }
            }
            "encode" | "md5" | "sha256" | "initcap" | "btrim" | "split_part" | "regexp_replace" | "translate" | "repeat" | "chr" | "quote_ident" | "quote_literal" | "string" => {
                let ts = all!(Some(&text));
                Ty::known(ValueType::Text, any_null(&ts))
            }
            "decode" => {
                let ts = all!(Some(&text));
                Ty::known(ValueType::Bytes, any_null(&ts))
            }
            "position" | "strpos" | "ascii" | "bit_length" => {
                let ts = all!(Some(&text));
                Ty::known(self.d.length_type(), any_null(&ts))
            }
            "group_concat" | "string_agg" => {
                let ts = all!(Some(&text));
                let first_null = ts.first().is_none_or(|t| t.nullable);
                Ty::known(ValueType::Text, first_null || empty_possible)
            }
            "json_group_array" | "json_group_object" => {
                let _ = all!(None);
                Ty::known(ValueType::Text, false)
            }
            "coalesce" | "ifnull" | "nvl" => {
                // Non-NULL if any argument is; a parameter in first position may be NULL.
                let mut ts = Vec::new();
                let mut ty = expect.map(|e| e.ty.clone());
                for (i, a) in args.iter().enumerate() {
                    let ex = ty.clone().map(|t| Expect { ty: t, nullable: i == 0, name: expect.and_then(|e| e.name.clone()) });
                    let t = self.expr(a, scope, ex.as_ref());
                    ty = unify(ty, t.ty.clone());
                    ts.push(t);
                }
                // Parameters before the first typed argument take its type.
                if let Some(tyv) = ty.clone() {
                    for (i, (a, t)) in args.iter().zip(&ts).enumerate() {
                        if t.ty.is_none() {
                            let name = args.iter().find_map(|x| ident_expr_name(x)).map(|i| i.value.clone());
                            self.expr(a, scope, Some(&Expect { ty: tyv.clone(), nullable: i == 0, name }));
                        }
                    }
                }
                let nullable = ts.iter().all(|t| t.nullable);
                // The result is one of the arguments up to the first that is never NULL. Where
                // values keep their own class (SQLite) only those arguments make its type; a
                // statically typed engine converts every argument to the common type.
                let contributing = match ts.iter().position(|t| !t.nullable) {
                    Some(i) if self.d.values_keep_their_class() => i + 1,
                    _ => ts.len(),
                };
                let ty = if contributing == 0 { ty } else { ts[..contributing].iter().fold(None, |a, t| self.unify_result(a, t.ty.clone())).or(ty) };
                Ty { ty, nullable, origin: None, declared: None }
            }
            "nullif" => {
                let ts = match args.as_slice() {
                    [a, b] => {
                        let (x, _) = self.pair(a, b, scope, true);
                        vec![x]
                    }
                    _ => all!(None),
                };
                Ty { ty: ts.first().and_then(|t| t.ty.clone()), nullable: true, origin: None, declared: None }
            }
            "iif" | "if" => {
                if let Some(c) = args.first() {
                    self.expr(c, scope, Some(&Expect { ty: self.d.boolean_type(), nullable: true, name: None }));
                }
                let mut ty = None;
                let mut nullable = n < 3;
                for a in args.iter().skip(1) {
                    let t = self.expr(a, scope, expect);
                    ty = self.unify_result(ty, t.ty);
                    nullable |= t.nullable;
                }
                Ty { ty, nullable, origin: None, declared: None }
            }
            "row_number" | "rank" | "dense_rank" | "ntile" => {
                let _ = all!(Some(&intx));
                Ty::known(self.d.count_type(), false)
            }
            "percent_rank" | "cume_dist" => Ty::known(ValueType::F64, false),
            "lag" | "lead" => {
                let ts: Vec<Ty> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| if i == 1 { self.expr(a, scope, Some(&intx)) } else { self.expr(a, scope, None) })
                    .collect();
                let v = ts.first().cloned().unwrap_or(Ty::unknown(true));
                if let (Some(d), Some(vt)) = (args.get(2), v.ty.clone()) {
                    if ts[2].ty.is_none() {
                        self.expr(d, scope, Some(&Expect { ty: vt, nullable: false, name: None }));
                    }
                }
                let nullable = v.nullable || ts.get(2).is_none_or(|d| d.nullable);
                Ty { ty: v.ty, nullable, origin: None, declared: None }
            }
            "first_value" | "last_value" => {
                let ts = all!(None);
                let v = ts.first().cloned().unwrap_or(Ty::unknown(true));
                Ty { ty: v.ty, nullable: v.nullable || explicit_frame, origin: None, declared: None }
            }
            "nth_value" => {
                let ts = all!(None);
                Ty { ty: ts.first().and_then(|t| t.ty.clone()), nullable: true, origin: None, declared: None }
            }
            "length" | "octet_length" | "char_length" | "character_length" | "instr" | "unicode" => {
                let ts = all!(Some(&text));
                Ty::known(self.d.length_type(), any_null(&ts))
            }
            "lower" | "upper" | "trim" | "ltrim" | "rtrim" | "replace" | "substr" | "substring" | "char" | "hex" | "soundex" | "concat_ws" | "reverse" | "left" | "right" | "lpad" | "rpad" | "unistr" => {
                let ts: Vec<Ty> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let ex = if (name == "substr" || name == "substring" || name == "left" || name == "right") && i > 0 { &intx } else { &text };
                        self.expr(a, scope, Some(ex))
                    })
                    .collect();
                let nullable = if name == "concat_ws" { ts.first().is_some_and(|t| t.nullable) } else { any_null(&ts) };
                Ty::known(ValueType::Text, nullable)
            }
            "concat" => {
                let _ = all!(Some(&text));
                Ty::known(ValueType::Text, false)
            }
            "printf" | "format" => {
                let ts = all!(None);
                Ty::known(ValueType::Text, ts.first().is_none_or(|t| t.nullable))
            }
            "quote" | "typeof" => {
                let _ = all!(None);
                Ty::known(ValueType::Text, false)
            }
            "round" | "ceil" | "ceiling" | "floor" | "trunc" | "truncate" | "abs" | "sign" => {
                let ts = all!(None);
                let first = ts.first().and_then(|t| t.ty.clone());
                if first.is_none() {
                    if let Some(a) = args.first() {
                        self.expr(a, scope, Some(expect.unwrap_or(&num)));
                    }
                }
                let ty = self.d.rounding_type(&name, first.as_ref().or(expect.map(|e| &e.ty)));
                Ty::known(ty, any_null(&ts))
            }
            "sqrt" | "exp" | "ln" | "log" | "log10" | "log2" | "pow" | "power" | "sin" | "cos" | "tan" | "cot" | "asin" | "acos" | "atan" | "atan2"
            | "sinh" | "cosh" | "tanh" | "asinh" | "acosh" | "atanh" | "cbrt" | "degrees" | "radians" | "mod" | "div" => {
                let ts = all!(None);
                // An untyped argument takes the type of the typed ones (`mod(id, $1)`), else a
                // float.
                let known = ts.iter().fold(None, |a, t| unify(a, t.ty.clone().filter(|x| *x != ValueType::Any)));
                let untyped = Expect { ty: known.unwrap_or(ValueType::F64), nullable: false, name: None };
                for (a, t) in args.iter().zip(&ts) {
                    if t.ty.is_none() {
                        self.expr(a, scope, Some(&untyped));
                    }
                }
                let first = ts.first().and_then(|t| t.ty.clone());
                let ty = match name.as_str() {
                    // PostgreSQL's mod() keeps the argument type.
                    "mod" if !self.d.math_domain_error_is_null() => ts.iter().fold(None, |a, t| unify(a, t.ty.clone())).unwrap_or(ValueType::Numeric),
                    _ => self.d.math_type(&name, first.as_ref()),
                };
                let domain = self.d.math_domain_error_is_null()
                    && matches!(name.as_str(), "sqrt" | "ln" | "log" | "log10" | "log2" | "pow" | "power" | "mod" | "asin" | "acos" | "acosh" | "atanh")
                    && !constant_in_domain(&name, &args);
                Ty::known(ty, any_null(&ts) || domain)
            }
            "pi" => Ty::known(ValueType::F64, false),
            // PostgreSQL: how many arguments are (not) NULL; never NULL itself.
            "num_nulls" | "num_nonnulls" => {
                let _ = all!(None);
                Ty::known(ValueType::I32, false)
            }
            "scale" | "width_bucket" | "min_scale" => {
                let ts = all!(None);
                Ty::known(ValueType::I32, any_null(&ts))
            }
            // PostgreSQL: random() is a double; random(min, max) (PostgreSQL 17) has their type.
            "random" if self.d.engine() == Engine::Postgresql && n == 0 => Ty::known(ValueType::F64, false),
            "random" if self.d.engine() == Engine::Postgresql && n == 2 => {
                let ts = all!(None);
                let ty = ts.iter().fold(None, |a, t| unify(a, t.ty.clone())).unwrap_or(int.clone());
                for a in &args {
                    self.expr(a, scope, Some(&Expect { ty: ty.clone(), nullable: false, name: None }));
                }
                Ty::known(ty, any_null(&ts))
            }
            "random" | "changes" | "total_changes" | "last_insert_rowid" if n > 0 => {
                let _ = all!(None);
                let hint = if self.d.engine() == Engine::Postgresql && name == "random" { "write random() or random(min, max)".to_string() } else { format!("write {name}()") };
                self.err_hint(f.name.span(), format!("function {name}() does not take {n} argument(s)"), hint);
                Ty::known(int, false)
            }
            "random" | "changes" | "total_changes" | "last_insert_rowid" => Ty::known(int, false),
            "sqlite_version" | "sqlite_source_id" => Ty::known(ValueType::Text, false),
            "sqlite_compileoption_get" => {
                let _ = all!(Some(&intx));
                Ty::known(ValueType::Text, true)
            }
            "sqlite_compileoption_used" => {
                let _ = all!(Some(&text));
                Ty::known(int, false)
            }
            "pg_advisory_lock" | "pg_advisory_xact_lock" | "pg_advisory_lock_shared" | "pg_advisory_xact_lock_shared" | "pg_sleep" | "pg_notify" => {
                let _ = all!(Some(&Expect { ty: ValueType::I64, nullable: false, name: None }));
                // These return void.
                Ty::known(ValueType::Any, true)
            }
            "pg_try_advisory_lock" | "pg_try_advisory_xact_lock" | "pg_advisory_unlock" | "pg_try_advisory_lock_shared" | "pg_advisory_unlock_shared" => {
                let _ = all!(Some(&Expect { ty: ValueType::I64, nullable: false, name: None }));
                self.bool_ty(false)
            }
            "pg_advisory_unlock_all" => Ty::known(ValueType::Any, true),
            "generate_series" => {
                let ts = all!(None);
                Ty { ty: ts.first().and_then(|t| t.ty.clone()), nullable: false, origin: None, declared: None }
            }
            "percentile_cont" | "percentile_disc" | "mode" => {
                let _ = all!(Some(&num));
                let within = f.within_group.first().map(|o| self.expr(&o.expr, scope, None));
                let ty = if name == "percentile_cont" { Some(ValueType::F64) } else { within.and_then(|t| t.ty) };
                Ty { ty, nullable: true, origin: None, declared: None }
            }
            "similarity" | "word_similarity" | "strict_word_similarity" => {
                let ts = all!(Some(&text));
                Ty::known(ValueType::F32, any_null(&ts))
            }
            "digest" | "hmac" => {
                // pgcrypto takes text or bytea data; an untyped argument resolves to text, the
                // preferred type of the string category.
                let ts = all!(Some(&text));
                Ty::known(ValueType::Bytes, any_null(&ts))
            }
            "gen_random_bytes" => {
                let ts = all!(Some(&Expect { ty: ValueType::I32, nullable: false, name: None }));
                Ty::known(ValueType::Bytes, any_null(&ts))
            }
            "json_extract_path" | "jsonb_extract_path" | "json_extract_path_text" | "jsonb_extract_path_text" => {
                // NULL when the path is absent.
                let ts: Vec<Ty> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| if i == 0 { self.expr(a, scope, Some(&Expect { ty: ValueType::Json, nullable: false, name: None })) } else { self.expr(a, scope, Some(&text)) })
                    .collect();
                let _ = ts;
                Ty::known(if name.ends_with("_text") { ValueType::Text } else { ValueType::Json }, true)
            }
            "randomblob" | "zeroblob" => {
                let _ = all!(Some(&intx));
                Ty::known(ValueType::Bytes, false)
            }
            "date" | "time" | "datetime" | "julianday" | "strftime" | "timediff" => {
                let _ = all!(Some(&text));
                // Date functions return NULL for input they cannot parse.
                let ty = if name == "julianday" { ValueType::F64 } else { ValueType::Text };
                Ty::known(ty, true)
            }
            "date_add" | "date_sub" | "adddate" | "subdate" if self.d.engine() == Engine::Mysql => {
                // MySQL: a DATE stays a DATE for day-or-coarser units, a DATETIME stays one, a
                // DATE with a time unit becomes a DATETIME, and anything else (a string) gives
                // a string. NULL for an invalid date or an out-of-range result.
                let ts = Expect { ty: ValueType::Timestamp, nullable: false, name: None };
                let first = args.first().map(|a| self.expr(a, scope, None));
                if let (Some(a), Some(Ty { ty: None, .. })) = (args.first(), &first) {
                    self.expr(a, scope, Some(&ts));
                }
                let coarse = match args.get(1) {
                    Some(Expr::Interval(iv)) => {
                        self.expr(&iv.value, scope, None);
                        let unit = iv.leading_field.as_ref().map(|u| u.to_string().to_ascii_uppercase()).unwrap_or_default();
                        matches!(unit.as_str(), "YEAR" | "YEARS" | "QUARTER" | "MONTH" | "MONTHS" | "WEEK" | "WEEKS" | "DAY" | "DAYS" | "YEAR_MONTH")
                    }
                    Some(a) => {
                        // ADDDATE(d, n): n days.
                        self.expr(a, scope, Some(&intx));
                        true
                    }
                    None => true,
                };
                let ty = match first.and_then(|t| t.ty) {
                    Some(ValueType::Date) if coarse => ValueType::Date,
                    Some(ValueType::Date | ValueType::Timestamp | ValueType::TimestampTz) | None => ValueType::Timestamp,
                    Some(_) => ValueType::Text,
                };
                Ty::known(ty, true)
            }
            "curdate" | "utc_date" => Ty::known(ValueType::Date, false),
            "curtime" | "utc_time" => Ty::known(ValueType::Time, false),
            "sysdate" | "utc_timestamp" => Ty::known(self.d.now_type(), false),
            "unixepoch" => {
                let _ = all!(Some(&text));
                Ty::known(int, true)
            }
            "current_timestamp" | "now" | "localtimestamp" | "transaction_timestamp" | "statement_timestamp" | "clock_timestamp" => {
                let t = self.d.now_type();
                let t = if name == "localtimestamp" && t == ValueType::TimestampTz { ValueType::Timestamp } else { t };
                Ty::known(t, false)
            }
            "current_date" => Ty::known(if self.d.now_type() == ValueType::Text { ValueType::Text } else { ValueType::Date }, false),
            "current_time" | "localtime" => Ty::known(if self.d.now_type() == ValueType::Text { ValueType::Text } else { ValueType::Time }, false),
            "json" | "json_array" | "json_object" | "json_insert" | "json_replace" | "json_set" | "json_remove" | "json_patch" | "json_quote" => {
                let ts = all!(None);
                let nullable = matches!(name.as_str(), "json" | "json_insert" | "json_replace" | "json_set" | "json_remove" | "json_patch") && ts.first().is_none_or(|t| t.nullable);
                Ty::known(ValueType::Text, nullable)
            }
            "json_extract" | "json_type" => {
                let _ = all!(Some(&text));
                Ty::known(ValueType::Any, true)
            }
            "json_array_length" | "json_valid" => {
                let ts = all!(Some(&text));
                Ty::known(int, any_null(&ts) || name == "json_array_length")
            }
            "like" | "glob" => {
                let ts = all!(Some(&text));
                self.bool_ty(any_null(&ts))
            }
            "likely" | "unlikely" | "likelihood" => {
                let ts = all!(expect);
                ts.first().cloned().map(Ty::plain).unwrap_or(Ty::unknown(true))
            }
            _ if self.cat.function(&func_name(f)).is_some() => {
                let uf = self.cat.function(&func_name(f)).cloned().unwrap();
                self.user_function_call(&uf, &args, scope)
            }
            _ => {
                // An unknown function: its arguments are still checked, its result is untyped.
                let ts = all!(None);
                let _ = ts;
                self.err_hint(f.name.span(), format!("unknown function `{name}`"), "use a built-in function of the engine, or wrap it in CAST(... AS type)");
                Ty::unknown(true)
            }
        }
    }
}

/// SQL's parenthesis-free functions as PostgreSQL types them (its column name and type).
fn niladic_function(name: &str) -> Option<(&'static str, ValueType)> {
    Some(match name.to_ascii_lowercase().as_str() {
        "current_date" => ("current_date", ValueType::Date),
        "current_time" => ("current_time", ValueType::Time),
        "current_timestamp" => ("current_timestamp", ValueType::TimestampTz),
        "localtime" => ("localtime", ValueType::Time),
        "localtimestamp" => ("localtimestamp", ValueType::Timestamp),
        "current_user" => ("current_user", ValueType::Text),
        "session_user" => ("session_user", ValueType::Text),
        "current_schema" => ("current_schema", ValueType::Text),
        "current_catalog" => ("current_catalog", ValueType::Text),
        _ => return None,
    })
}

/// Families of types a value converts within implicitly; a parameter used in two families has
/// no single type.
fn type_family(t: &ValueType) -> u8 {
    match t {
        ValueType::Bool => 0,
        ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) | ValueType::F32 | ValueType::F64 | ValueType::Numeric => 1,
        ValueType::Text | ValueType::Enum(_) | ValueType::Char => 2,
        ValueType::Date | ValueType::Time | ValueType::Timestamp | ValueType::TimestampTz | ValueType::Interval => 3,
        ValueType::Bytes => 4,
        ValueType::Uuid => 5,
        ValueType::Json => 6,
        ValueType::Inet => 7,
        ValueType::Array(_) => 8,
        ValueType::Any => 9,
        ValueType::Composite(_) => 10,
        // An array element that may be NULL: the family of the element's type.
        ValueType::Nullable(inner) => type_family(inner),
    }
}

fn type_word(t: &ValueType) -> String {
    match t {
        ValueType::Bool => "a boolean".into(),
        ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) => "an integer".into(),
        ValueType::F32 | ValueType::F64 | ValueType::Numeric => "a number".into(),
        ValueType::Text => "text".into(),
        ValueType::Enum(n) => format!("enum {n}"),
        ValueType::Composite(n) => format!("composite {n}"),
        ValueType::Array(_) => "an array".into(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

/// An expression under any number of casts, and the casts' types from the outermost in.
fn peel_casts(e: &Expr) -> (&Expr, Vec<&sql::DataType>) {
    let mut casts = Vec::new();
    let mut cur = e;
    while let Expr::Cast { expr, data_type, .. } = cur {
        casts.push(data_type);
        cur = expr;
    }
    (cur, casts)
}

/// A numeric literal, possibly signed.
fn const_number(e: &Expr) -> Option<f64> {
    match e {
        Expr::Value(v) => match &v.value {
            sql::Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::Nested(x) => const_number(x),
        Expr::UnaryOp { op: sql::UnaryOperator::Minus, expr } => const_number(expr).map(|x| -x),
        Expr::UnaryOp { op: sql::UnaryOperator::Plus, expr } => const_number(expr),
        _ => None,
    }
}

/// Whether a math function whose domain errors give NULL is called on literal arguments inside
/// its domain (`acos(1.0)`, `sqrt(4)`), so that its result is known not to be NULL.
fn constant_in_domain(func: &str, args: &[&Expr]) -> bool {
    let Some(xs) = args.iter().map(|a| const_number(a)).collect::<Option<Vec<f64>>>() else { return false };
    let r = match (func, xs.as_slice()) {
        ("sqrt", [x]) => x.sqrt(),
        ("ln", [x]) => x.ln(),
        ("log" | "log10", [x]) => x.log10(),
        ("log2", [x]) => x.log2(),
        ("log", [b, x]) if *b > 0.0 && *b != 1.0 => x.ln() / b.ln(),
        ("asin", [x]) => x.asin(),
        ("acos", [x]) => x.acos(),
        ("acosh", [x]) => x.acosh(),
        ("mod", [_, y]) if *y != 0.0 => 0.0,
        // These give Inf rather than NULL at a pole (`atanh(1.0)`, `pow(0, -1)`); only NaN (a
        // negative base to a fractional power) is NULL.
        ("atanh", [x]) => return !x.atanh().is_nan(),
        ("pow" | "power", [x, y]) => return !x.powf(*y).is_nan(),
        _ => return false,
    };
    r.is_finite()
}

fn cte_rel(name: &str, cols: Vec<Col>) -> Rel {
    Rel { name: name.to_string(), table: None, cols, null_ext: false, has_rowid: false }
}

fn rename_cols(mut cols: Vec<Col>, names: &[sql::TableAliasColumnDef]) -> Vec<Col> {
    for (c, n) in cols.iter_mut().zip(names) {
        c.name = n.name.value.clone();
    }
    cols
}

/// Rewrites text ending in `IN (` to `= ANY(` (and `NOT IN (` to `<> ALL(`).
fn in_list_to_any(text: &str) -> String {
    let t = text.trim_end();
    let Some(t) = t.strip_suffix('(') else { return text.to_string() };
    let t = t.trim_end();
    let up = t.to_ascii_uppercase();
    if !up.ends_with("IN") || up.len() > 2 && (up.as_bytes()[up.len() - 3].is_ascii_alphanumeric() || up.as_bytes()[up.len() - 3] == b'_') {
        return text.to_string();
    }
    let before = t[..t.len() - 2].trim_end();
    let up_before = before.to_ascii_uppercase();
    if up_before.ends_with("NOT") && (up_before.len() == 3 || !up_before.as_bytes()[up_before.len() - 4].is_ascii_alphanumeric()) {
        format!("{} <> ALL(", before[..before.len() - 3].trim_end())
    } else {
        format!("{before} = ANY(")
    }
}

/// The end offset (exclusive) of the parenthesised argument list that follows `start`.
fn matching_paren_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    let mut depth = 0i32;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Conjuncts of a WHERE clause that are false or NULL when the column they test is NULL.
/// The composite column a `col.field...` target names (PostgreSQL field assignment), if any.
fn composite_column<'c>(cols: &'c [catalog::Column], parts: &[&sql::Ident]) -> Option<&'c catalog::Column> {
    let first = parts.first().filter(|_| parts.len() >= 2)?;
    cols.iter().find(|c| c.name.eq_ignore_ascii_case(&first.value) && matches!(c.ty, ValueType::Composite(_)))
}

/// A parameter written on its own: `$1`, `?`, `sqlc.arg(x)` / `sqlc.narg(x)`, or PostgreSQL's
/// `@x` (which its grammar reads as a prefix operator over a name).
fn is_bare_parameter(e: &Expr) -> bool {
    match e {
        Expr::Value(v) => matches!(v.value, sql::Value::Placeholder(_)),
        Expr::Function(f) => matches!(func_name(f).to_ascii_lowercase().as_str(), "sqlc.arg" | "sqlc.narg"),
        Expr::UnaryOp { op: sql::UnaryOperator::PGAbs, expr } => matches!(expr.as_ref(), Expr::Identifier(_)),
        _ => false,
    }
}

/// Whether a NULL-rejected WHERE operand that is not a plain column may narrow the same
/// expression in the select list: not a constant or parameter (nothing to narrow), and without
/// aggregates or subqueries (evaluated per row, like the WHERE).
fn narrowable_expr(e: &Expr) -> bool {
    !matches!(e, Expr::Value(_) | Expr::Identifier(_) | Expr::CompoundIdentifier(_)) && !has_aggregate(e) && !e.to_string().to_ascii_uppercase().contains("SELECT")
}

/// An expression's text with spacing normalized (the AST's rendering) and unquoted words in
/// lower case, so `LOWER( bio )` and `lower(bio)` are one expression; quoted strings and
/// identifiers keep their case.
fn expr_key(e: &Expr) -> String {
    let text = e.to_string();
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A select-list value the WHERE clause proved non-NULL (see `Scope::narrowed_exprs`).
fn narrow_by_where(t: Ty, e: &Expr, scope: &Scope) -> Ty {
    if t.nullable && !scope.narrowed_exprs.is_empty() && scope.narrowed_exprs.contains(&expr_key(e)) {
        Ty { nullable: false, ..t }
    } else {
        t
    }
}

fn collect_null_rejected<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    use sql::BinaryOperator as B;
    match e {
        Expr::BinaryOp { left, op: B::And, right } => {
            collect_null_rejected(left, out);
            collect_null_rejected(right, out);
        }
        Expr::Nested(x) => collect_null_rejected(x, out),
        Expr::IsNotNull(x) => out.push(x),
        // Operators that are NULL when either side is (so never true then).
        Expr::BinaryOp {
            left,
            op:
                B::Eq
                | B::NotEq
                | B::Lt
                | B::LtEq
                | B::Gt
                | B::GtEq
                | B::AtArrow
                | B::ArrowAt
                | B::Question
                | B::QuestionAnd
                | B::QuestionPipe
                | B::PGOverlap
                | B::PGRegexMatch
                | B::PGRegexIMatch
                | B::PGRegexNotMatch
                | B::PGRegexNotIMatch
                | B::PGLikeMatch
                | B::PGILikeMatch,
            right,
        } => {
            out.push(left);
            out.push(right);
        }
        Expr::Like { expr, negated: false, .. } | Expr::ILike { expr, negated: false, .. } => out.push(expr),
        Expr::In { expr, negated: false, .. } => out.push(expr),
        Expr::Between { expr, negated: false, .. } => out.push(expr),
        _ => {}
    }
}

/// Whether a query always returns exactly one row: an aggregate SELECT without GROUP BY, HAVING,
/// LIMIT or OFFSET.
fn returns_exactly_one_row(q: &sql::Query) -> bool {
    if q.limit_clause.is_some() || q.fetch.is_some() {
        return false;
    }
    let sql::SetExpr::Select(s) = q.body.as_ref() else { return false };
    let grouped = match &s.group_by {
        sql::GroupByExpr::All(_) => true,
        sql::GroupByExpr::Expressions(v, _) => !v.is_empty(),
    };
    if grouped || s.having.is_some() {
        return false;
    }
    s.projection.iter().any(|p| match p {
        sql::SelectItem::UnnamedExpr(e) | sql::SelectItem::ExprWithAlias { expr: e, .. } => has_aggregate(e),
        _ => false,
    })
}
