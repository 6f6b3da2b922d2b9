//! Comparing one analysed query with a corpus record: the type mapping, the name rules and the
//! list of differing items.

use sqlweave_core::ir::{Column, Param, Query, ValueType};

use crate::corpus::{Case, Item, Norm};

/// Why a record does not match. The order is the order of `mismatches.txt`: a record is filed
/// under its first category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Panic,
    AnalysisError,
    ParamCount,
    ParamType,
    ParamNullability,
    ColumnCount,
    ColumnName,
    ColumnType,
    ColumnNullability,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Panic,
        Category::AnalysisError,
        Category::ParamCount,
        Category::ParamType,
        Category::ParamNullability,
        Category::ColumnCount,
        Category::ColumnName,
        Category::ColumnType,
        Category::ColumnNullability,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Panic => "panic",
            Category::AnalysisError => "analysis_error",
            Category::ParamCount => "param_count",
            Category::ParamType => "param_type",
            Category::ParamNullability => "param_nullability",
            Category::ColumnCount => "column_count",
            Category::ColumnName => "column_name",
            Category::ColumnType => "column_type",
            Category::ColumnNullability => "column_nullability",
        }
    }
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One differing item of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub category: Category,
    /// Which item: `param 2 (id)`, `column 1 (name)`, or empty for whole-record items.
    pub what: String,
    pub expected: String,
    pub got: String,
}

/// The comparison of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub diffs: Vec<Diff>,
    /// Items sqlc types as `other` (unknown or outside the normalized set) for which sqlweave
    /// gives a concrete type: not a mismatch, but not verified either until a divergence entry
    /// of the item's category records why sqlweave's type is the database's.
    pub sqlc_unknown: Vec<Diff>,
}

/// The corpus's normalized base of an IR type. Unsigned integers map to the smallest signed base
/// that holds all their values (as the corpus does: Go `uint32` is normalized to int64), capped at
/// int64; the `unsigned` flag is compared separately.
pub fn base_of(t: &ValueType) -> &'static str {
    match t {
        ValueType::Bool => "bool",
        ValueType::I16 => "int16",
        ValueType::I32 => "int32",
        ValueType::I64 => "int64",
        ValueType::Unsigned(w) => match w {
            0..=8 => "int16",
            9..=16 => "int32",
            _ => "int64",
        },
        ValueType::F32 => "float32",
        ValueType::F64 => "float64",
        ValueType::Numeric => "numeric",
        ValueType::Text => "text",
        ValueType::Bytes => "bytes",
        ValueType::Date => "date",
        ValueType::Time => "time",
        ValueType::Timestamp | ValueType::TimestampTz => "timestamp",
        ValueType::Interval => "interval",
        ValueType::Uuid => "uuid",
        ValueType::Json => "json",
        ValueType::Enum(_) => "enum",
        ValueType::Array(_) => "array",
        ValueType::Nullable(inner) => base_of(inner),
        // A composite (`CREATE TYPE t AS (...)`) has no base of its own in the corpus.
        // `"char"` is one character: text to the corpus (sqlc reads it as a Go string).
        ValueType::Char => "text",
        ValueType::Inet | ValueType::Composite(_) | ValueType::Any => "other",
    }
}

/// How a record's type reads in reports: `int64`, `int64 unsigned`, `array<text>`.
pub fn describe_norm(n: &Norm) -> String {
    let mut s = n.base.clone();
    if n.unsigned {
        s.push_str(" unsigned");
    }
    if let Some(e) = &n.elem {
        s = format!("{s}<{}>", describe_norm(e));
    }
    if n.unknown {
        s.push_str(" (unknown)");
    }
    s
}

/// How sqlweave's type reads in reports, in the corpus's terms.
pub fn describe_type(t: &ValueType) -> String {
    match t {
        ValueType::Unsigned(_) => format!("{} unsigned", base_of(t)),
        ValueType::Array(e) => format!("array<{}>", describe_type(e)),
        _ => base_of(t).to_string(),
    }
}

/// The result of comparing one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeVerdict {
    Match,
    /// sqlc says `other`, sqlweave something concrete.
    SqlcUnknown,
    Mismatch,
}

/// Which Go driver a record targets, for the driver's representation choices.
#[derive(Debug, Clone, Copy, Default)]
pub struct Repr<'a> {
    pub driver: &'a str,
    pub go_type: &'a str,
}

/// The bases of ours a record's base also stands for, because of the imprecision its note
/// declares or the driver's choice of Go type.
fn also_accepted(n: &Norm, repr: Repr<'_>) -> &'static [&'static str] {
    let note = n.note.as_deref().unwrap_or("");
    match n.base.as_str() {
        // Go's time.Time is used for all three.
        "timestamp" if note.contains("time.Time") => &["date", "time"],
        // MySQL drivers read blobs and decimals into sql.NullString.
        "text" if note.contains("blob/decimal") => &["bytes", "numeric"],
        // pgx/v5 reads json and jsonb into []byte.
        "bytes" if repr.driver == "pgx/v5" && repr.go_type == "[]byte" => &["json"],
        // sqlc maps PostgreSQL's interval to int64 (microseconds) except with pgx/v5.
        "int64" if repr.driver != "pgx/v5" && matches!(repr.go_type, "int64" | "sql.NullInt64") => &["interval"],
        _ => &[],
    }
}

/// Compares a record's type with sqlweave's. `other` on the sqlc side matches anything, exactly
/// only when sqlweave also has no type of the normalized set (`Any`, `Inet`).
pub fn compare_type(exp: &Norm, got: &ValueType, repr: Repr<'_>) -> TypeVerdict {
    let gb = base_of(got);
    if exp.base == "other" {
        return if gb == "other" { TypeVerdict::Match } else { TypeVerdict::SqlcUnknown };
    }
    let base_ok = exp.base == gb || also_accepted(exp, repr).contains(&gb);
    if !base_ok {
        return TypeVerdict::Mismatch;
    }
    let got_unsigned = matches!(got, ValueType::Unsigned(_));
    if exp.unsigned != got_unsigned {
        return TypeVerdict::Mismatch;
    }
    if let (Some(e), ValueType::Array(inner)) = (&exp.elem, got) {
        return compare_type(e, inner, Repr { driver: repr.driver, go_type: "" });
    }
    TypeVerdict::Match
}

fn is_plain_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_') && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `column_N` (sqlc's name for an unnamed expression that is not a column or a function call).
fn is_sqlc_generated(s: &str) -> bool {
    s.strip_prefix("column_").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The name sqlc derives from an expression's text: its leading words before `(`, joined with
/// `_` (`NOT EXISTS (SELECT ...)` → `not_exists`, `SUBSTR('abc', 2)` → `substr`).
fn expression_head(text: &str) -> String {
    let head = text.split('(').next().unwrap_or("");
    head.split_whitespace().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_")
}

/// Lowercase, without underscores: the corpus reads names back from Go identifiers, which lose
/// underscores and case (`val2` comes back as `val_2`, `EmailAddress` as `email_address`).
fn fold(s: &str) -> String {
    s.chars().filter(|c| *c != '_').flat_map(|c| c.to_lowercase()).collect()
}

/// Whether sqlweave's name for a column agrees with sqlc's.
///
/// - Names compare case-insensitively and ignoring underscores (see [`fold`]).
/// - sqlc names an unnamed expression `column_N`, or after a function call (`substr`, `count`),
///   or `exists`/`not_exists`; sqlweave names it by its SQL text, as SQLite does. So when ours is
///   not a plain identifier (it is expression text), a record's `column_N` agrees, and so does a
///   record's name equal to the leading words of our text ([`expression_head`]). Ours being
///   `column_N` too also agrees.
/// - sqlc makes Go names unique (`bar`, `bar_2`; a single column `id` beside a parameter `id`
///   becomes `id_2`): a record's `X_N` (N ≥ 2) agrees with our `X` when `taken` (our earlier
///   columns and our parameters) also has an `X`.
pub fn names_agree(expected: &str, got: &str, taken: &[&str]) -> bool {
    if fold(expected) == fold(got) {
        return true;
    }
    if is_sqlc_generated(got) && is_sqlc_generated(expected) {
        return true;
    }
    if !is_plain_identifier(got) && (is_sqlc_generated(expected) || expected.eq_ignore_ascii_case(&expression_head(got))) {
        return true;
    }
    if let Some((stem, n)) = expected.rsplit_once('_') {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n != "1" && stem.eq_ignore_ascii_case(got) {
            return taken.iter().any(|g| g.eq_ignore_ascii_case(got));
        }
    }
    false
}

fn describe_item(i: &Item) -> String {
    let null = match i.norm.nullable {
        Some(true) => " null",
        Some(false) => " not null",
        None => "",
    };
    if i.embed {
        return format!("{} embed({})", i.name, i.norm.struct_name.as_deref().unwrap_or("?"));
    }
    format!("{} {}{null}", i.name, describe_norm(&i.norm))
}

fn describe_param(p: &Param) -> String {
    let t = param_type(p);
    format!("{} {}{}", p.name, describe_type(&t), if p.nullable { " null" } else { " not null" })
}

fn describe_column(c: &Column) -> String {
    format!("{} {}{}", c.name, describe_type(&c.ty), if c.nullable { " null" } else { " not null" })
}

/// A list parameter (`sqlc.slice`) is an array of its element type on the sqlc side.
fn param_type(p: &Param) -> ValueType {
    if p.slice {
        ValueType::Array(Box::new(p.ty.clone()))
    } else {
        p.ty.clone()
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    format!("{}: [{}]", v.len(), v.join(", "))
}

fn check_type(out: &mut Outcome, cat: Category, what: &str, exp: &Item, driver: &str, got: &ValueType) {
    let repr = Repr { driver, go_type: &exp.go_type };
    let exp = &exp.norm;
    match compare_type(exp, got, repr) {
        TypeVerdict::Match => {}
        TypeVerdict::SqlcUnknown => out.sqlc_unknown.push(Diff {
            category: cat,
            what: what.to_string(),
            expected: describe_norm(exp),
            got: describe_type(got),
        }),
        TypeVerdict::Mismatch => out.diffs.push(Diff {
            category: cat,
            what: what.to_string(),
            expected: describe_norm(exp),
            got: describe_type(got),
        }),
    }
}

fn check_null(out: &mut Outcome, cat: Category, what: &str, exp: Option<bool>, got: bool) {
    if let Some(e) = exp {
        if e != got {
            let s = |b: bool| if b { "null" } else { "not null" }.to_string();
            out.diffs.push(Diff { category: cat, what: what.to_string(), expected: s(e), got: s(got) });
        }
    }
}

/// When the positional pairing disagrees on names but our columns have exactly the record's
/// names (folded, each once) in another order, the pairing by name.
fn reordering(case: &Case, pairs: &[(usize, Option<usize>)], got: &[&str]) -> Option<Vec<(usize, Option<usize>)>> {
    let positional_ok = pairs.iter().all(|&(ei, gi)| gi.map_or(true, |gi| fold(&case.columns[ei].name) == fold(got[gi])));
    if positional_ok || pairs.iter().any(|(_, gi)| gi.is_none()) {
        return None;
    }
    let mut used = vec![false; got.len()];
    let mut out = Vec::new();
    for &(ei, _) in pairs {
        let name = fold(&case.columns[ei].name);
        let gi = (0..got.len()).find(|&i| !used[i] && fold(got[i]) == name)?;
        used[gi] = true;
        out.push((ei, Some(gi)));
    }
    Some(out)
}

/// Whether sqlc generates a row type for a query kind (`:one`, `:many`, `:batchone`,
/// `:batchmany`); for `:exec` and the like the record has no columns, whatever the query returns.
pub fn returns_rows(kind: &str) -> bool {
    matches!(kind, ":one" | ":many" | ":batchone" | ":batchmany")
}

/// Compares an analysed query with its record.
pub fn compare_query(case: &Case, q: &Query) -> Outcome {
    let mut out = Outcome::default();

    // Parameters: count, then type and nullability in order.
    if case.params.len() != q.params.len() {
        out.diffs.push(Diff {
            category: Category::ParamCount,
            what: String::new(),
            expected: list(case.params.iter().map(describe_item)),
            got: list(q.params.iter().map(describe_param)),
        });
    } else {
        for (i, (e, g)) in case.params.iter().zip(&q.params).enumerate() {
            let what = format!("param {} ({})", i + 1, e.name);
            check_type(&mut out, Category::ParamType, &what, e, &case.driver, &param_type(g));
            check_null(&mut out, Category::ParamNullability, &what, e.norm.nullable, g.nullable);
        }
    }

    // Columns, only for kinds that return rows: sqlc generates no row type for the others.
    if !returns_rows(&case.query_kind) {
        return out;
    }
    // A `sqlc.embed` column of the record stands for a run of our columns from one table.
    let mut pairs: Vec<(usize, Option<usize>)> = Vec::new(); // (record index, our index or None for embed)
    let mut gi = 0usize;
    let mut count_ok = true;
    for (ei, e) in case.columns.iter().enumerate() {
        if e.embed {
            let table = q.columns.get(gi).and_then(|c| c.origin.as_ref()).map(|o| o.table.clone());
            let Some(t) = table else {
                count_ok = false;
                break;
            };
            // The run ends where the table's columns start over (`sqlc.embed(t), *` or two embeds
            // of one table).
            let mut run: Vec<String> = Vec::new();
            while let Some(o) = q.columns.get(gi).and_then(|c| c.origin.as_ref()).filter(|o| o.table == t && !run.contains(&o.column)) {
                run.push(o.column.clone());
                gi += 1;
            }
            pairs.push((ei, None));
        } else {
            pairs.push((ei, Some(gi)));
            gi += 1;
        }
    }
    if !count_ok || gi != q.columns.len() {
        out.diffs.push(Diff {
            category: Category::ColumnCount,
            what: String::new(),
            expected: list(case.columns.iter().map(describe_item)),
            got: list(q.columns.iter().map(describe_column)),
        });
        return out;
    }
    let got_names: Vec<&str> = q.columns.iter().map(|c| c.name.as_str()).collect();
    let param_names: Vec<&str> = q.params.iter().map(|p| p.name.as_str()).collect();
    // The same names in another order: one `column_name` item, and columns paired by name.
    if let Some(by_name) = reordering(case, &pairs, &got_names) {
        out.diffs.push(Diff {
            category: Category::ColumnName,
            what: "column order".into(),
            expected: case.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
            got: got_names.join(", "),
        });
        pairs = by_name;
    }
    for (ei, gi) in pairs {
        let Some(gi) = gi else { continue };
        let (e, g) = (&case.columns[ei], &q.columns[gi]);
        let what = format!("column {} ({})", ei + 1, e.name);
        let taken: Vec<&str> = got_names[..gi].iter().chain(&param_names).copied().collect();
        if !out.diffs.iter().any(|d| d.what == "column order") && !names_agree(&e.name, &g.name, &taken) {
            out.diffs.push(Diff { category: Category::ColumnName, what: what.clone(), expected: e.name.clone(), got: g.name.clone() });
        }
        check_type(&mut out, Category::ColumnType, &what, e, &case.driver, &g.ty);
        check_null(&mut out, Category::ColumnNullability, &what, e.norm.nullable, g.nullable);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlweave_core::ir::{Origin, QueryKind};

    fn norm(base: &str, nullable: Option<bool>) -> Norm {
        Norm { base: base.into(), nullable, ..Norm::default() }
    }
    fn item(name: &str, base: &str, nullable: Option<bool>) -> Item {
        Item { name: name.into(), go_type: String::new(), norm: norm(base, nullable), embed: false }
    }
    fn col(name: &str, ty: ValueType, nullable: bool) -> Column {
        Column { name: name.into(), ty, db_type: None, nullable, origin: None }
    }
    fn param(name: &str, ty: ValueType, nullable: bool) -> Param {
        Param { name: name.into(), ty, nullable, slice: false }
    }
    fn query(params: Vec<Param>, columns: Vec<Column>) -> Query {
        Query {
            name: "Q".into(),
            kind: QueryKind::Many,
            file: "query.sql".into(),
            line: 1,
            sql: String::new(),
            fragments: vec![],
            params,
            columns,
            model: None,
            comments: vec![],
            row_optional: false,
        }
    }
    fn case(params: Vec<Item>, columns: Vec<Item>) -> Case {
        Case { params, columns, query_kind: ":many".into(), ..Case::default() }
    }

    #[test]
    fn maps_ir_types_to_corpus_bases() {
        assert_eq!(base_of(&ValueType::I16), "int16");
        assert_eq!(base_of(&ValueType::I32), "int32");
        assert_eq!(base_of(&ValueType::I64), "int64");
        assert_eq!(base_of(&ValueType::Unsigned(8)), "int16");
        assert_eq!(base_of(&ValueType::Unsigned(16)), "int32");
        assert_eq!(base_of(&ValueType::Unsigned(32)), "int64");
        assert_eq!(base_of(&ValueType::Unsigned(64)), "int64");
        assert_eq!(base_of(&ValueType::F32), "float32");
        assert_eq!(base_of(&ValueType::F64), "float64");
        assert_eq!(base_of(&ValueType::Numeric), "numeric");
        assert_eq!(base_of(&ValueType::Bool), "bool");
        assert_eq!(base_of(&ValueType::Text), "text");
        assert_eq!(base_of(&ValueType::Bytes), "bytes");
        assert_eq!(base_of(&ValueType::Date), "date");
        assert_eq!(base_of(&ValueType::Time), "time");
        assert_eq!(base_of(&ValueType::Timestamp), "timestamp");
        assert_eq!(base_of(&ValueType::TimestampTz), "timestamp");
        assert_eq!(base_of(&ValueType::Interval), "interval");
        assert_eq!(base_of(&ValueType::Uuid), "uuid");
        assert_eq!(base_of(&ValueType::Json), "json");
        assert_eq!(base_of(&ValueType::Enum("mood".into())), "enum");
        assert_eq!(base_of(&ValueType::Array(Box::new(ValueType::Text))), "array");
        assert_eq!(base_of(&ValueType::Inet), "other");
        assert_eq!(base_of(&ValueType::Composite("foo.point_type".into())), "other");
        assert_eq!(base_of(&ValueType::Any), "other");
        assert_eq!(describe_type(&ValueType::Array(Box::new(ValueType::Unsigned(32)))), "array<int64 unsigned>");
    }

    const R: Repr<'static> = Repr { driver: "database/sql", go_type: "" };

    #[test]
    fn compares_types_with_unsigned_notes_other_and_arrays() {
        assert_eq!(compare_type(&norm("int64", Some(false)), &ValueType::I64, R), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("int64", None), &ValueType::I32, R), TypeVerdict::Mismatch);
        let unsigned = Norm { unsigned: true, ..norm("int64", Some(false)) };
        assert_eq!(compare_type(&unsigned, &ValueType::Unsigned(32), R), TypeVerdict::Match);
        assert_eq!(compare_type(&unsigned, &ValueType::I64, R), TypeVerdict::Mismatch);
        assert_eq!(compare_type(&norm("int64", None), &ValueType::Unsigned(64), R), TypeVerdict::Mismatch);
        // `other` matches anything, exactly only `other`.
        assert_eq!(compare_type(&norm("other", None), &ValueType::Any, R), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("other", None), &ValueType::Inet, R), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("other", None), &ValueType::I64, R), TypeVerdict::SqlcUnknown);
        // Go's time.Time stands for date, time and timestamp, but only when the record says so.
        let tt = Norm { note: Some("time.Time stands for date, time and timestamp".into()), ..norm("timestamp", None) };
        assert_eq!(compare_type(&tt, &ValueType::Date, R), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("timestamp", None), &ValueType::Date, R), TypeVerdict::Mismatch);
        assert_eq!(compare_type(&tt, &ValueType::Text, R), TypeVerdict::Mismatch);
        let blob = Norm { note: Some("also a nullable MySQL blob/decimal".into()), ..norm("text", Some(true)) };
        assert_eq!(compare_type(&blob, &ValueType::Bytes, R), TypeVerdict::Match);
        assert_eq!(compare_type(&blob, &ValueType::I32, R), TypeVerdict::Mismatch);
        // Arrays compare their elements when the record gives one.
        let arr = Norm { elem: Some(Box::new(norm("int32", Some(false)))), ..norm("array", None) };
        assert_eq!(compare_type(&arr, &ValueType::Array(Box::new(ValueType::I32)), R), TypeVerdict::Match);
        assert_eq!(compare_type(&arr, &ValueType::Array(Box::new(ValueType::Text)), R), TypeVerdict::Mismatch);
        assert_eq!(compare_type(&arr, &ValueType::I32, R), TypeVerdict::Mismatch);
        // Driver representations: pgx/v5 reads json as []byte; sqlc reads interval as int64.
        let v5_bytes = Repr { driver: "pgx/v5", go_type: "[]byte" };
        assert_eq!(compare_type(&norm("bytes", None), &ValueType::Json, v5_bytes), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("bytes", None), &ValueType::Json, R), TypeVerdict::Mismatch);
        let i64 = Repr { driver: "pgx/v4", go_type: "int64" };
        assert_eq!(compare_type(&norm("int64", Some(false)), &ValueType::Interval, i64), TypeVerdict::Match);
        assert_eq!(compare_type(&norm("int64", Some(false)), &ValueType::Interval, Repr { driver: "pgx/v5", ..i64 }), TypeVerdict::Mismatch);
    }

    #[test]
    fn column_names_allow_generated_and_deduplicated_names() {
        assert!(names_agree("id", "ID", &[]));
        assert!(!names_agree("id", "author_id", &[]));
        assert!(names_agree("column_1", "1 + 2", &[]));
        assert!(names_agree("column_2", "column_2", &[]));
        assert!(!names_agree("column_1", "total", &[]));
        assert!(names_agree("bar_2", "bar", &["bar"]));
        assert!(!names_agree("bar_2", "bar", &["foo"]));
        assert!(!names_agree("bar_1", "bar", &["bar"]));
        assert!(names_agree("val_2", "val2", &[]));
        assert!(names_agree("email_address", "EmailAddress", &[]));
        assert!(names_agree("substr", "SUBSTR('abcdef', 2)", &[]));
        assert!(names_agree("not_exists", "NOT EXISTS (SELECT 1 FROM bar)", &[]));
        assert!(!names_agree("trim", "SUBSTR('abcdef', 2)", &[]));
        assert!(!names_agree("bar_2", "coalesce", &["bar"]));
    }

    #[test]
    fn exact_record_has_no_diffs() {
        let c = case(vec![item("id", "int64", Some(false))], vec![item("id", "int64", Some(false)), item("bio", "text", Some(true))]);
        let q = query(
            vec![param("id", ValueType::I64, false)],
            vec![col("id", ValueType::I64, false), col("bio", ValueType::Text, true)],
        );
        assert_eq!(compare_query(&c, &q), Outcome::default());
    }

    #[test]
    fn reports_each_differing_item() {
        let c = case(
            vec![item("id", "int64", Some(false)), item("name", "text", None)],
            vec![item("id", "int64", Some(false)), item("count", "other", None), item("bio", "text", Some(true))],
        );
        let q = query(
            vec![param("id", ValueType::I32, true), param("name", ValueType::Text, true)],
            vec![col("ident", ValueType::I64, false), col("count", ValueType::I64, false), col("bio", ValueType::Text, false)],
        );
        let out = compare_query(&c, &q);
        let cats: Vec<Category> = out.diffs.iter().map(|d| d.category).collect();
        assert_eq!(
            cats,
            vec![Category::ParamType, Category::ParamNullability, Category::ColumnName, Category::ColumnNullability]
        );
        assert_eq!(out.diffs[0].expected, "int64");
        assert_eq!(out.diffs[0].got, "int32");
        assert_eq!(out.diffs[0].what, "param 1 (id)");
        assert_eq!(out.sqlc_unknown.len(), 1, "count: other vs int64 is unverified, not a mismatch");
    }

    #[test]
    fn reordered_columns_are_one_name_item_and_compare_by_name() {
        let c = case(vec![], vec![item("a", "int64", Some(false)), item("b", "text", Some(true))]);
        let q = query(vec![], vec![col("b", ValueType::Text, true), col("a", ValueType::I64, true)]);
        let out = compare_query(&c, &q);
        assert_eq!(out.diffs.len(), 2, "{:?}", out.diffs);
        assert_eq!((out.diffs[0].category, out.diffs[0].expected.as_str(), out.diffs[0].got.as_str()), (Category::ColumnName, "a, b", "b, a"));
        assert_eq!((out.diffs[1].category, out.diffs[1].what.as_str()), (Category::ColumnNullability, "column 1 (a)"));
    }

    #[test]
    fn exec_kinds_compare_no_columns() {
        let c = Case { query_kind: ":exec".into(), ..case(vec![], vec![]) };
        let q = query(vec![], vec![col("id", ValueType::I64, false)]);
        assert_eq!(compare_query(&c, &q), Outcome::default());
        let c = Case { query_kind: ":one".into(), ..c };
        assert_eq!(compare_query(&c, &q).diffs[0].category, Category::ColumnCount);
    }

    #[test]
    fn count_mismatch_stops_pairwise_comparison() {
        let c = case(vec![], vec![item("a", "int64", Some(false))]);
        let q = query(vec![param("x", ValueType::Text, false)], vec![col("a", ValueType::Text, true), col("b", ValueType::Text, true)]);
        let out = compare_query(&c, &q);
        let cats: Vec<Category> = out.diffs.iter().map(|d| d.category).collect();
        assert_eq!(cats, vec![Category::ParamCount, Category::ColumnCount]);
        assert_eq!(out.diffs[1].expected, "1: [a int64 not null]");
        assert_eq!(out.diffs[1].got, "2: [a text null, b text null]");
    }

    #[test]
    fn slices_are_arrays_and_embeds_take_a_table_run() {
        let arr = Norm { elem: Some(Box::new(norm("int32", Some(false)))), ..norm("array", None) };
        let embed = Item { name: "user".into(), embed: true, ..item("user", "other", Some(false)) };
        let c = case(
            vec![Item { norm: arr, ..item("ids", "", None) }],
            vec![item("n", "int64", Some(false)), embed],
        );
        let origin = |t: &str, c: &str| Some(Origin { table: t.into(), column: c.into() });
        let q = query(
            vec![Param { slice: true, ..param("ids", ValueType::I32, false) }],
            vec![
                col("n", ValueType::I64, false),
                Column { origin: origin("users", "id"), ..col("id", ValueType::I64, false) },
                Column { origin: origin("users", "name"), ..col("name", ValueType::Text, false) },
            ],
        );
        assert_eq!(compare_query(&c, &q), Outcome::default());
        // Two embeds of one table: each run ends where the table's columns start over.
        let embed2 = |n: &str| Item { name: n.into(), embed: true, ..item(n, "other", Some(false)) };
        let c = case(vec![], vec![embed2("user"), embed2("user_2")]);
        let users = |_| {
            vec![
                Column { origin: origin("users", "id"), ..col("id", ValueType::I64, false) },
                Column { origin: origin("users", "name"), ..col("name", ValueType::Text, false) },
            ]
        };
        let q = query(vec![], [users(0), users(1)].concat());
        assert_eq!(compare_query(&c, &q), Outcome::default());
    }
}
