//! Engine differences as capability methods. Shared analysis code asks the dialect; it never
//! branches on the engine itself. [`for_engine`] is the one place an engine is chosen.

use crate::ir::{Engine, ValueType};

/// SQLite's storage classes, in the order SQLite sorts them (NULL, numbers, text, blobs): the
/// order `max(a, b)` and `min(a, b)` compare values of different classes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StorageClass {
    Numeric,
    Text,
    Blob,
}

/// An unquoted word token, upper-cased (a keyword or a bare name); `None` for anything else.
pub fn keyword_of(t: &sqlparser::tokenizer::Token) -> Option<String> {
    match t {
        sqlparser::tokenizer::Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// What the analyzer needs to know about an engine.
pub trait Dialect: Sync {
    fn engine(&self) -> Engine;
    /// The sqlparser dialect used to parse this engine's SQL.
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;
    /// Maps a declared column type (as written, e.g. `VARCHAR(20)`, `INTEGER`) to a value type.
    /// `None` for a column declared without a type.
    fn column_type(&self, declared: Option<&str>) -> ValueType;
    /// Whether a PRIMARY KEY column not declared NOT NULL may still hold NULL.
    /// SQLite: yes for rowid tables unless the column is the INTEGER PRIMARY KEY (the rowid alias),
    /// no for STRICT or WITHOUT ROWID tables.
    fn primary_key_may_be_null(&self, declared: Option<&str>, single_column_pk: bool, strict_or_without_rowid: bool) -> bool;
    /// The key under which an identifier is looked up. SQLite and MySQL compare names
    /// case-insensitively; PostgreSQL folds unquoted names to lower case and keeps quoted ones.
    fn name_key(&self, name: &str, quoted: bool) -> String;
    /// Whether integer division or modulo by zero yields NULL (SQLite) rather than an error.
    fn division_by_zero_is_null(&self) -> bool;
    /// The type of integer arithmetic and of integer literals.
    fn integer_type(&self) -> ValueType;
    /// The type of comparisons and boolean expressions.
    fn boolean_type(&self) -> ValueType;
    /// Positional placeholder for the parameter with 0-based index `i`.
    fn placeholder(&self, i: usize) -> String;
    /// The type a LIMIT/OFFSET parameter takes.
    fn limit_type(&self) -> ValueType {
        ValueType::I64
    }
    /// Whether a list parameter is bound as one array (`= ANY($1)`) rather than expanded into
    /// one placeholder per element at run time.
    fn list_as_array(&self) -> bool {
        false
    }
    /// The type of `count(...)`, `row_number()` and the like.
    fn count_type(&self) -> ValueType {
        ValueType::I64
    }
    /// A relation every database has (system catalogs, information_schema): its columns as
    /// (name, declared type); a column may be NULL (as view columns) unless its type ends in
    /// ` not null` (a catalog table's column).
    fn system_relation(&self, _name: &str) -> Option<&'static [(&'static str, &'static str)]> {
        None
    }
    /// Whether RETURNING can name the row before and after the change as `old` and `new`.
    fn returning_old_new(&self) -> bool {
        false
    }
    /// Whether a bare `CURRENT_DATE` (and the like) in FROM is a one-row function call.
    fn niladic_functions_in_from(&self) -> bool {
        false
    }
    /// Whether `@name` is a session variable of the database (MySQL) rather than a parameter.
    fn at_names_are_variables(&self) -> bool {
        false
    }
    /// The result of date/time arithmetic `a op b` where the engine has such operators (PostgreSQL:
    /// `timestamptz - timestamptz` is an interval, `date + int` a date …); `None` for any other
    /// pair, which the analyzer types by its general rules.
    fn datetime_arith(&self, _op: &sqlparser::ast::BinaryOperator, _a: &ValueType, _b: &ValueType) -> Option<ValueType> {
        None
    }
    /// Whether an unqualified column in an upsert's `DO UPDATE` means the target table's column
    /// (SQLite), rather than being ambiguous between the table and `excluded` (PostgreSQL).
    fn upsert_unqualified_is_target(&self) -> bool {
        false
    }
    /// Result type of `sum(x)` for an argument of type `arg`.
    fn sum_type(&self, arg: &ValueType) -> ValueType {
        // SQLite's sum() is an integer only when every input is one; otherwise a real.
        match arg {
            ValueType::Bool | ValueType::I16 | ValueType::I32 | ValueType::I64 => ValueType::I64,
            _ => ValueType::F64,
        }
    }
    /// Result type of `avg(x)`.
    fn avg_type(&self, _arg: &ValueType) -> ValueType {
        ValueType::F64
    }
    /// Type of the current date/time functions (`now()`, `CURRENT_TIMESTAMP`).
    fn now_type(&self) -> ValueType {
        ValueType::Text
    }
    /// Type of `length()` and other small integer results.
    fn length_type(&self) -> ValueType {
        ValueType::I64
    }
    /// The type of `a op b` for numeric operands where the engine does not simply take the wider
    /// operand type; `None` to take it.
    fn arithmetic_type(&self, _division: bool, _a: &ValueType, _b: &ValueType) -> Option<ValueType> {
        None
    }
    /// A same-length rewrite of `text` into syntax the parser reads, for engine syntax it lacks;
    /// `None` when there is nothing to rewrite.
    fn parser_patch(&self, _text: &str) -> Option<String> {
        None
    }
    /// A rewrite of a statement's tokens into a form the parser reads, for engine syntax it lacks;
    /// each token keeps its span, so positions stay right. `None` when nothing applies.
    fn token_patch(&self, _tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<Vec<sqlparser::tokenizer::TokenWithSpan>> {
        None
    }
    /// The result columns (name, type; none NULL) of a `SHOW <words>` statement the engine has
    /// and whose columns are fixed; `None` for anything else.
    fn show_columns(&self, _words: &[String]) -> Option<Vec<(&'static str, ValueType)>> {
        None
    }
    /// Whether CREATE TABLE's column list may hold `LIKE source [INCLUDING | EXCLUDING option]...`
    /// elements among the columns (PostgreSQL), copying the source's columns at that place.
    fn like_elements(&self) -> bool {
        false
    }
    /// Whether an UPDATE may change columns of several tables (MySQL's `UPDATE a, b SET a.x = ...,
    /// b.y = ...` and `UPDATE a JOIN b ... SET b.y = ...`); else only the first table's.
    fn multi_table_update(&self) -> bool {
        false
    }
    /// Whether `declared`, a type name `column_type` has no value type for, names a type the
    /// engine has anyway (PostgreSQL's tsvector, point, ...; an extension's); false makes it an
    /// unknown type when the schema loads no extensions.
    fn has_type(&self, _declared: &str) -> bool {
        true
    }
    /// Whether a parameter has exactly one type for the whole statement (PostgreSQL), so two
    /// uses as, say, a boolean and an integer are an error.
    fn parameters_have_one_type(&self) -> bool {
        false
    }
    /// Whether an empty VALUES row (`INSERT INTO t () VALUES ()`) inserts every column's default.
    fn empty_values_are_defaults(&self) -> bool {
        false
    }
    /// Type of an integer literal that fits in 32 bits (larger ones are 64-bit).
    fn small_integer_literal_type(&self) -> ValueType {
        self.integer_type()
    }
    /// Whether parameters are bound strictly in text order (anonymous `?` only): then they are
    /// numbered by first appearance, named ones included.
    fn params_in_text_order(&self) -> bool {
        false
    }
    /// The storage class of a value of type `t`, on an engine whose values carry their own type
    /// (SQLite); `None` where values take the expression's type, or where `t` has no single class.
    fn storage_class(&self, _t: &ValueType) -> Option<StorageClass> {
        None
    }
    /// Whether a SELECT may have an empty select list (`SELECT FROM t`, rows without columns).
    fn empty_select_list(&self) -> bool {
        false
    }
    /// The declared type of a system column every table has (PostgreSQL's `ctid`, `xmin`, ...).
    fn system_column(&self, _name: &str) -> Option<&'static str> {
        None
    }
    /// Whether HAVING may name the select list's aliases (SQLite, MySQL; not PostgreSQL).
    fn aliases_in_having(&self) -> bool {
        true
    }
    /// Whether an UPDATE may assign each column once only (PostgreSQL: "multiple assignments to
    /// same column").
    fn one_assignment_per_column(&self) -> bool {
        false
    }
    /// Whether a VALUES row may say `DEFAULT` for a column's default (PostgreSQL, MySQL; not
    /// SQLite).
    fn default_in_values(&self) -> bool {
        true
    }
    /// Whether `substring(x FROM <text>)` is a regular-expression match (PostgreSQL), NULL when
    /// nothing matches, rather than a position.
    fn substring_text_pattern_is_regex(&self) -> bool {
        false
    }
    /// Whether LIMIT and OFFSET take only an integer literal or a parameter (MySQL's grammar),
    /// not an expression.
    fn limit_takes_only_literals_and_parameters(&self) -> bool {
        false
    }
    /// The type an untyped operand of a simple CASE (`CASE $1 WHEN ...`) is given before it is
    /// compared with the WHEN values; `None` to take the WHEN values' type.
    fn simple_case_untyped_operand(&self) -> Option<ValueType> {
        None
    }
    /// The type of a `0x1F` literal: an integer (SQLite, PostgreSQL 16+), or a binary string
    /// (MySQL's hexadecimal literal).
    fn hex_literal_type(&self) -> ValueType {
        self.integer_type()
    }
    /// The type of an integer literal beyond 64 bits' signed range: SQLite stores it as a real.
    fn oversized_integer_literal_type(&self) -> ValueType {
        ValueType::F64
    }
    /// Whether values keep their own storage class whatever the expression (SQLite).
    fn values_keep_their_class(&self) -> bool {
        self.storage_class(&ValueType::I64).is_some()
    }
    /// The type of a result that is either of two values of different types (CASE and IIF
    /// branches, COALESCE arguments, UNION and VALUES columns); `None` for the default
    /// unification (numeric widening, else the first type, as a statically typed engine coerces
    /// the others to it or rejects the query).
    fn mixed_result_type(&self, a: &ValueType, b: &ValueType) -> Option<ValueType> {
        let _ = (a, b);
        None
    }
    /// Type of a literal with a decimal point.
    fn decimal_literal_type(&self) -> ValueType {
        ValueType::F64
    }
    /// Whether math functions return NULL for arguments outside their domain (`sqrt(-1)`,
    /// `ln(0)`, `mod(x, 0)`), as SQLite's do, rather than raising an error.
    fn math_domain_error_is_null(&self) -> bool {
        true
    }
    /// Result type of a math function (`sqrt`, `ln`, `power`, ...) over an argument type.
    fn math_type(&self, _func: &str, _arg: Option<&ValueType>) -> ValueType {
        ValueType::F64
    }
    /// Result type of `ceil`, `floor`, `trunc`, `round`, `abs`, `sign` over an argument type.
    fn rounding_type(&self, func: &str, arg: Option<&ValueType>) -> ValueType {
        match (func, arg) {
            // SQLite's round() always returns a real; the others keep integers integral.
            ("round", _) => ValueType::F64,
            (_, Some(t @ (ValueType::I64 | ValueType::I32 | ValueType::I16))) => t.clone(),
            (_, Some(ValueType::Bool)) => ValueType::I64,
            _ => ValueType::F64,
        }
    }
}

pub fn for_engine(engine: Engine) -> &'static dyn Dialect {
    match engine {
        Engine::Sqlite => &Sqlite,
        Engine::Postgresql => &Postgres,
        Engine::Mysql => &Mysql,
    }
}

/// SQLite: type affinity from the declared type name (the rules of section 3.1 of SQLite's
/// datatype documentation), refined by well-known declared names (BOOLEAN, DATE, ...).
pub struct Sqlite;

impl Dialect for Sqlite {
    fn upsert_unqualified_is_target(&self) -> bool {
        true
    }
    fn default_in_values(&self) -> bool {
        false
    }
    fn storage_class(&self, t: &ValueType) -> Option<StorageClass> {
        use ValueType::*;
        match t {
            Bool | I16 | I32 | I64 | Unsigned(_) | F32 | F64 | Numeric => Some(StorageClass::Numeric),
            // Dates and times are read from ISO-8601 text (the form CURRENT_TIMESTAMP writes).
            Text | Json | Date | Time | Timestamp | TimestampTz | Enum(_) => Some(StorageClass::Text),
            Bytes => Some(StorageClass::Blob),
            _ => None,
        }
    }
    fn mixed_result_type(&self, a: &ValueType, b: &ValueType) -> Option<ValueType> {
        // Nothing converts a CASE branch or COALESCE argument to a common type: each row's value
        // keeps its own storage class, so a result that may be an integer or a text has no one
        // Rust type.
        match (self.storage_class(a), self.storage_class(b)) {
            _ if *a == ValueType::Any || *b == ValueType::Any => Some(ValueType::Any),
            (Some(x), Some(y)) if x != y => Some(ValueType::Any),
            (None, _) | (_, None) => Some(ValueType::Any),
            // Two text types (a date and a plain text, JSON and text): the value may be any
            // text, which only a string reads.
            (Some(StorageClass::Text), Some(StorageClass::Text)) => Some(ValueType::Text),
            _ => None,
        }
    }
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::SQLiteDialect {})
    }
    fn column_type(&self, declared: Option<&str>) -> ValueType {
        let Some(decl) = declared else { return ValueType::Any };
        let up = decl.to_ascii_uppercase();
        let base = up.split('(').next().unwrap_or("").trim();
        // Names that SQLite stores with NUMERIC affinity but that users mean as a Rust type.
        match base {
            "BOOLEAN" | "BOOL" => return ValueType::Bool,
            "DATE" => return ValueType::Date,
            "DATETIME" | "TIMESTAMP" => return ValueType::Timestamp,
            "TIME" => return ValueType::Time,
            "JSON" | "JSONB" => return ValueType::Json,
            "UUID" => return ValueType::Text,
            _ => {}
        }
        // Affinity rules, in SQLite's order.
        if up.contains("INT") {
            ValueType::I64
        } else if up.contains("CHAR") || up.contains("CLOB") || up.contains("TEXT") {
            ValueType::Text
        } else if up.contains("BLOB") || base.is_empty() {
            if base.is_empty() {
                ValueType::Any
            } else {
                ValueType::Bytes
            }
        } else if up.contains("REAL") || up.contains("FLOA") || up.contains("DOUB") {
            ValueType::F64
        } else {
            // NUMERIC affinity (NUMERIC, DECIMAL(10,2), ...): read as a float.
            ValueType::F64
        }
    }
    fn primary_key_may_be_null(&self, declared: Option<&str>, single_column_pk: bool, strict_or_without_rowid: bool) -> bool {
        if strict_or_without_rowid {
            return false;
        }
        let is_rowid_alias = single_column_pk && declared.is_some_and(|d| d.trim().eq_ignore_ascii_case("INTEGER"));
        !is_rowid_alias
    }
    fn name_key(&self, name: &str, _quoted: bool) -> String {
        name.to_ascii_lowercase()
    }
    fn division_by_zero_is_null(&self) -> bool {
        true
    }
    fn integer_type(&self) -> ValueType {
        ValueType::I64
    }
    fn parser_patch(&self, text: &str) -> Option<String> {
        // SQLite takes any words as a type name; its documentation's multi-word examples that
        // the parser does not read become one word of the same affinity.
        const PHRASES: [(&str, &str); 3] = [("VARYING CHARACTER", "VARCHAR"), ("NATIVE CHARACTER", "NCHAR"), ("UNSIGNED BIG INT", "BIGINT")];
        let up = text.to_ascii_uppercase();
        let mut out = text.to_string();
        let mut changed = false;
        for (phrase, word) in PHRASES {
            let mut from = 0;
            while let Some(i) = up[from..].find(phrase).map(|i| i + from) {
                let end = i + phrase.len();
                let ident = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
                if !ident(i.checked_sub(1).map(|j| up.as_bytes()[j])) && !ident(up.as_bytes().get(end).copied()) {
                    out.replace_range(i..end, &format!("{word:<width$}", width = phrase.len()));
                    changed = true;
                }
                from = end;
            }
        }
        changed.then_some(out)
    }
    fn boolean_type(&self) -> ValueType {
        ValueType::Bool
    }
    fn placeholder(&self, i: usize) -> String {
        format!("?{}", i + 1)
    }
}

/// MySQL (and MariaDB): fixed-width integer types with an UNSIGNED attribute, exact DECIMAL,
/// inline ENUM columns, and NULL (not an error) for division by zero and math domain errors.
pub struct Mysql;

/// The members of an inline `ENUM('a', 'b')` (or `SET(...)`) type as written, quotes removed.
pub fn inline_members(declared: &str) -> Vec<String> {
    let Some(open) = declared.find('(') else { return vec![] };
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = declared[open + 1..].chars().peekable();
    while let Some(c) = chars.next() {
        match (&mut cur, c) {
            (None, '\'') => cur = Some(String::new()),
            (None, ')') => break,
            (None, _) => {}
            (Some(s), '\'') => {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    s.push('\'');
                } else {
                    out.push(cur.take().unwrap_or_default());
                }
            }
            (Some(s), '\\') => {
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            }
            (Some(s), c) => s.push(c),
        }
    }
    out
}

impl Dialect for Mysql {
    fn engine(&self) -> Engine {
        Engine::Mysql
    }
    fn multi_table_update(&self) -> bool {
        true
    }
    fn hex_literal_type(&self) -> ValueType {
        ValueType::Bytes
    }
    fn oversized_integer_literal_type(&self) -> ValueType {
        // Up to 2^64-1 a BIGINT UNSIGNED, beyond that DECIMAL.
        ValueType::Numeric
    }
    fn limit_takes_only_literals_and_parameters(&self) -> bool {
        true
    }
    fn limit_type(&self) -> ValueType {
        // LIMIT and OFFSET take 0 to 18446744073709551615; a negative argument is an error
        // (EXECUTE: "Incorrect arguments").
        ValueType::Unsigned(64)
    }
    fn show_columns(&self, words: &[String]) -> Option<Vec<(&'static str, ValueType)>> {
        let words: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            // The server describes Code as INT UNSIGNED NOT NULL, the others as VARCHAR NOT NULL.
            ["WARNINGS" | "ERRORS"] | ["WARNINGS" | "ERRORS", "LIMIT", ..] => {
                Some(vec![("Level", ValueType::Text), ("Code", ValueType::Unsigned(32)), ("Message", ValueType::Text)])
            }
            _ => None,
        }
    }
    fn token_patch(&self, tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<Vec<sqlparser::tokenizer::TokenWithSpan>> {
        // `UPDATE a, b SET ...`: the parser reads a table list after UPDATE only as
        // `UPDATE a FROM b, c SET ...`, so the first comma of the list becomes that FROM (the
        // tables are the same; which ones SET may change is the analyzer's business).
        use sqlparser::tokenizer::Token;
        let mut it = tokens.iter().enumerate().filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)));
        let (_, first) = it.next()?;
        if keyword_of(&first.token).as_deref() != Some("UPDATE") {
            return None;
        }
        let mut depth = 0usize;
        for (i, t) in it {
            match &t.token {
                Token::LParen => depth += 1,
                Token::RParen => depth = depth.saturating_sub(1),
                Token::Word(_) if depth == 0 && keyword_of(&t.token).as_deref() == Some("SET") => return None,
                Token::Comma if depth == 0 => {
                    let mut out = tokens.to_vec();
                    out[i] = sqlparser::tokenizer::TokenWithSpan { token: Token::make_keyword("FROM"), span: t.span };
                    return Some(out);
                }
                _ => {}
            }
        }
        None
    }
    fn mixed_result_type(&self, a: &ValueType, b: &ValueType) -> Option<ValueType> {
        // The aggregated type of CASE, IF, COALESCE and UNION (MySQL reference, "Flow Control
        // Functions"): numbers stay numeric and temporal values temporal; any other mix (a
        // character string with anything, a number with a date) is a string.
        use ValueType::*;
        let stringy = |t: &ValueType| matches!(t, Text | Enum(_) | Json);
        let number = |t: &ValueType| matches!(t, Bool | I16 | I32 | I64 | Unsigned(_) | F32 | F64 | Numeric);
        let temporal = |t: &ValueType| matches!(t, Date | Time | Timestamp | TimestampTz);
        let class = |t: &ValueType| if stringy(t) { 1 } else if number(t) { 2 } else if temporal(t) { 3 } else { 0 };
        match (class(a), class(b)) {
            (0, _) | (_, 0) => None,
            // Two different temporal types (DATE and DATETIME, TIME and DATE) aggregate to
            // DATETIME.
            (3, 3) => Some(Timestamp),
            (x, y) if x == y => None,
            _ => Some(Text),
        }
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::MySqlDialect {})
    }
    fn column_type(&self, declared: Option<&str>) -> ValueType {
        let Some(decl) = declared else { return ValueType::Any };
        let up = decl.trim().to_ascii_uppercase();
        let base = up.split(['(', ' ']).next().unwrap_or("").trim();
        let unsigned = up.split_whitespace().any(|w| w == "UNSIGNED");
        // TINYINT(1) is MySQL's BOOLEAN (BOOL and BOOLEAN are aliases of it).
        let width_one = up.replace(' ', "").starts_with("TINYINT(1)");
        let int = |signed: ValueType, bits: u8| if unsigned { ValueType::Unsigned(bits) } else { signed };
        match base {
            "BOOL" | "BOOLEAN" => ValueType::Bool,
            "TINYINT" if width_one && !unsigned => ValueType::Bool,
            // There is no 8-bit type in the IR: a signed TINYINT (-128..127) fits in i16.
            "TINYINT" | "INT1" => int(ValueType::I16, 8),
            "SMALLINT" | "INT2" => int(ValueType::I16, 16),
            "MEDIUMINT" | "INT3" | "MIDDLEINT" | "INT" | "INTEGER" | "INT4" => int(ValueType::I32, 32),
            "BIGINT" | "INT8" => int(ValueType::I64, 64),
            // SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
            "SERIAL" => ValueType::Unsigned(64),
            "YEAR" => ValueType::I16,
            // CAST(x AS SIGNED [INTEGER]) / CAST(x AS UNSIGNED [INTEGER]) are 64-bit.
            "SIGNED" => ValueType::I64,
            "UNSIGNED" => ValueType::Unsigned(64),
            "DECIMAL" | "DEC" | "NUMERIC" | "FIXED" => ValueType::Numeric,
            // FLOAT(p) is single precision for p <= 24, double above.
            "FLOAT" => {
                let p: Option<u32> = up.split(['(', ')', ',']).nth(1).and_then(|x| x.trim().parse().ok());
                let two_args = up.contains(',');
                if p.is_some_and(|p| p > 24) && !two_args {
                    ValueType::F64
                } else {
                    ValueType::F32
                }
            }
            "FLOAT4" => ValueType::F32,
            "DOUBLE" | "REAL" | "FLOAT8" => ValueType::F64,
            "CHAR" | "VARCHAR" | "NCHAR" | "NVARCHAR" | "CHARACTER" | "NATIONAL" | "TINYTEXT" | "TEXT" | "MEDIUMTEXT" | "LONGTEXT" | "LONG" => ValueType::Text,
            // A SET holds any combination of its members ('a,b'): a string, not one member.
            "SET" => ValueType::Text,
            "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BIT" => ValueType::Bytes,
            "DATE" => ValueType::Date,
            "TIME" => ValueType::Time,
            "DATETIME" | "TIMESTAMP" => ValueType::Timestamp,
            "JSON" => ValueType::Json,
            // An inline ENUM: the catalog names it after its table and column.
            "ENUM" => ValueType::Enum(String::new()),
            _ => ValueType::Any,
        }
    }
    fn primary_key_may_be_null(&self, _: Option<&str>, _: bool, _: bool) -> bool {
        // Every PRIMARY KEY column is NOT NULL in MySQL.
        false
    }
    fn at_names_are_variables(&self) -> bool {
        true
    }
    fn name_key(&self, name: &str, _quoted: bool) -> String {
        name.to_ascii_lowercase()
    }
    fn division_by_zero_is_null(&self) -> bool {
        true
    }
    fn integer_type(&self) -> ValueType {
        // Integer arithmetic over columns is BIGINT.
        ValueType::I64
    }
    fn small_integer_literal_type(&self) -> ValueType {
        // `SELECT 1` is an INT; only literals beyond 32 bits are BIGINT.
        ValueType::I32
    }
    fn arithmetic_type(&self, division: bool, a: &ValueType, b: &ValueType) -> Option<ValueType> {
        let exact = |t: &ValueType| matches!(t, ValueType::Bool | ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) | ValueType::Numeric);
        let integer = |t: &ValueType| exact(t) && *t != ValueType::Numeric;
        match (exact(a) && exact(b), integer(a) && integer(b)) {
            // `/` of exact values is DECIMAL (5 / 2 = 2.5000).
            (true, _) if division => Some(ValueType::Numeric),
            // Unsigned operands give an unsigned result.
            (_, true) if matches!(a, ValueType::Unsigned(_)) && matches!(b, ValueType::Unsigned(_)) => Some(ValueType::Unsigned(64)),
            // Integer +, -, * widen to BIGINT (as far as the types show; MySQL keeps INT only for
            // operands narrow enough by display width).
            (_, true) => Some(ValueType::I64),
            _ => None,
        }
    }
    fn params_in_text_order(&self) -> bool {
        true
    }
    fn empty_values_are_defaults(&self) -> bool {
        true
    }
    fn parser_patch(&self, text: &str) -> Option<String> {
        // Compound INTERVAL units (`INTERVAL '1:30' MINUTE_SECOND`) become their finest part,
        // which is what decides the result type of DATE_ADD and the like.
        use sqlparser::tokenizer::{Token, Tokenizer};
        let dialect = sqlparser::dialect::MySqlDialect {};
        let tokens = Tokenizer::new(&dialect, text).tokenize_with_location().ok()?;
        let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut out = text.to_string();
        let mut changed = false;
        let mut after_interval_value = false;
        let mut after_comment = false;
        for t in &tokens {
            // `COMMENT "text"`: MySQL reads a double-quoted string there; the parser wants single
            // quotes.
            if let (Token::DoubleQuotedString(v), true) = (&t.token, after_comment) {
                let line = t.span.start.line as usize;
                let start = line_starts.get(line.checked_sub(1)?)? + t.span.start.column as usize - 1;
                let end = start + v.len() + 2;
                if !v.contains(['\'', '"', '\\']) && out.get(start..end).is_some_and(|s| s.starts_with('"') && s.ends_with('"')) {
                    out.replace_range(start..end, &format!("'{v}'"));
                    changed = true;
                }
            }
            if !matches!(t.token, Token::Whitespace(_) | Token::Eq) {
                after_comment = matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case("COMMENT"));
            }
            if let Token::Word(w) = &t.token {
                let finest = match w.value.to_ascii_uppercase().as_str() {
                    "YEAR_MONTH" => Some("MONTH"),
                    "DAY_HOUR" => Some("HOUR"),
                    "DAY_MINUTE" | "HOUR_MINUTE" => Some("MINUTE"),
                    "DAY_SECOND" | "HOUR_SECOND" | "MINUTE_SECOND" => Some("SECOND"),
                    "DAY_MICROSECOND" | "HOUR_MICROSECOND" | "MINUTE_MICROSECOND" | "SECOND_MICROSECOND" => Some("MICROSECOND"),
                    _ => None,
                };
                if let (Some(f), true) = (finest, after_interval_value && w.quote_style.is_none()) {
                    let line = t.span.start.line as usize;
                    let start = line_starts.get(line.checked_sub(1)?)? + t.span.start.column as usize - 1;
                    let end = start + w.value.len();
                    if out.get(start..end).is_some_and(|s| s.eq_ignore_ascii_case(&w.value)) {
                        out.replace_range(start..end, &format!("{f:<width$}", width = w.value.len()));
                        changed = true;
                    }
                }
            }
            if !matches!(t.token, Token::Whitespace(_)) {
                // A unit follows the interval's value: INTERVAL <literal> <unit>.
                after_interval_value = matches!(&t.token, Token::SingleQuotedString(_) | Token::Number(..) | Token::Placeholder(_));
            }
        }
        changed.then_some(out)
    }
    fn boolean_type(&self) -> ValueType {
        ValueType::Bool
    }
    fn placeholder(&self, _i: usize) -> String {
        "?".to_string()
    }
    fn sum_type(&self, arg: &ValueType) -> ValueType {
        // SUM of exact values is DECIMAL, of approximate ones DOUBLE.
        match arg {
            ValueType::F32 | ValueType::F64 => ValueType::F64,
            _ => ValueType::Numeric,
        }
    }
    fn avg_type(&self, arg: &ValueType) -> ValueType {
        self.sum_type(arg)
    }
    fn now_type(&self) -> ValueType {
        ValueType::Timestamp
    }
    fn decimal_literal_type(&self) -> ValueType {
        ValueType::Numeric
    }
    fn math_type(&self, func: &str, arg: Option<&ValueType>) -> ValueType {
        match (func, arg) {
            // MOD of integers or decimals keeps their type; the others are DOUBLE.
            ("mod", Some(t @ (ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) | ValueType::Numeric))) => t.clone(),
            _ => ValueType::F64,
        }
    }
    fn rounding_type(&self, func: &str, arg: Option<&ValueType>) -> ValueType {
        match arg {
            // CEIL/FLOOR/ROUND/TRUNCATE/ABS/SIGN keep exact types exact and integers integral.
            Some(t @ (ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::Unsigned(_) | ValueType::Numeric)) if func != "sign" => t.clone(),
            Some(ValueType::Bool) => ValueType::I64,
            Some(_) if func == "sign" => ValueType::I64,
            Some(ValueType::F32) if func == "abs" => ValueType::F32,
            _ => ValueType::F64,
        }
    }
}

/// PostgreSQL: its own type names and rules.
pub struct Postgres;

impl Dialect for Postgres {
    fn system_column(&self, name: &str) -> Option<&'static str> {
        Some(match name.to_ascii_lowercase().as_str() {
            "tableoid" => "oid",
            "xmin" | "xmax" => "xid",
            "cmin" | "cmax" => "cid",
            "ctid" => "tid",
            _ => return None,
        })
    }
    fn aliases_in_having(&self) -> bool {
        false
    }
    fn one_assignment_per_column(&self) -> bool {
        true
    }
    fn substring_text_pattern_is_regex(&self) -> bool {
        true
    }
    fn oversized_integer_literal_type(&self) -> ValueType {
        ValueType::Numeric
    }
    fn token_patch(&self, tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<Vec<sqlparser::tokenizer::TokenWithSpan>> {
        // PostgreSQL 18's `RETURNING WITH (OLD AS o, NEW AS n) o.x, n.x`: the parser reads only
        // the plain `old.x` / `new.x`, so the WITH list goes and the aliases become old and new.
        use sqlparser::tokenizer::{Token, Whitespace};
        let word = keyword_of;
        let sig: Vec<usize> = (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
        let at = sig.windows(3).position(|w| {
            word(&tokens[w[0]].token).as_deref() == Some("RETURNING") && word(&tokens[w[1]].token).as_deref() == Some("WITH") && tokens[w[2]].token == Token::LParen
        })?;
        // `(OLD AS a, NEW AS b)`: groups of three significant tokens, then `)`.
        let mut aliases: Vec<(String, &'static str)> = Vec::new();
        let mut k = at + 3;
        loop {
            let which = match word(&tokens[*sig.get(k)?].token)?.as_str() {
                "OLD" => "old",
                "NEW" => "new",
                _ => return None,
            };
            if word(&tokens[*sig.get(k + 1)?].token).as_deref() != Some("AS") {
                return None;
            }
            let Token::Word(alias) = &tokens[*sig.get(k + 2)?].token else { return None };
            // OLD or NEW twice, or one alias for both, is PostgreSQL's error too: left to the
            // parser, which reports it as a syntax error at the list.
            if aliases.iter().any(|(a, w)| *w == which || a.eq_ignore_ascii_case(&alias.value)) {
                return None;
            }
            aliases.push((alias.value.clone(), which));
            match &tokens[*sig.get(k + 3)?].token {
                Token::Comma => k += 4,
                Token::RParen => break,
                _ => return None,
            }
        }
        let (from, to) = (sig[at + 1], sig[k + 3]);
        let mut out = tokens.to_vec();
        for t in &mut out[from..=to] {
            t.token = Token::Whitespace(Whitespace::Space);
        }
        for i in (to + 1)..out.len() {
            let next_is_period = out[i + 1..].iter().find(|t| !matches!(t.token, Token::Whitespace(_))).is_some_and(|t| t.token == Token::Period);
            if let Token::Word(w) = &out[i].token {
                if let Some((_, which)) = aliases.iter().find(|(a, _)| if w.quote_style.is_some() { *a == w.value } else { a.eq_ignore_ascii_case(&w.value) }) {
                    if next_is_period {
                        out[i].token = Token::make_word(which, None);
                    }
                }
            }
        }
        Some(out)
    }
    fn like_elements(&self) -> bool {
        true
    }
    fn empty_select_list(&self) -> bool {
        true
    }
    fn simple_case_untyped_operand(&self) -> Option<ValueType> {
        // transformCaseExpr resolves an operand of unknown type as text before it builds the
        // `operand = value` comparisons, so `CASE $1 WHEN true` compares text with boolean.
        Some(ValueType::Text)
    }
    fn datetime_arith(&self, op: &sqlparser::ast::BinaryOperator, a: &ValueType, b: &ValueType) -> Option<ValueType> {
        use sqlparser::ast::BinaryOperator as B;
        use ValueType::*;
        let int = |t: &ValueType| matches!(t, I16 | I32 | I64);
        let number = |t: &ValueType| matches!(t, I16 | I32 | I64 | F32 | F64 | Numeric);
        // The operator table of PostgreSQL's date/time functions (timestamp and timestamptz mix
        // by converting to timestamptz).
        Some(match (op, a, b) {
            (B::Minus, Date, Date) => I32,
            (B::Minus, Timestamp | TimestampTz, Timestamp | TimestampTz) | (B::Minus, Time, Time) => Interval,
            (B::Minus, Date, t) if int(t) => Date,
            (B::Plus, Date, t) | (B::Plus, t, Date) if int(t) => Date,
            (B::Plus, Date, Interval | Time) | (B::Plus, Interval | Time, Date) | (B::Minus, Date, Interval) => Timestamp,
            (B::Plus, Timestamp, Interval) | (B::Plus, Interval, Timestamp) | (B::Minus, Timestamp, Interval) => Timestamp,
            (B::Plus, TimestampTz, Interval) | (B::Plus, Interval, TimestampTz) | (B::Minus, TimestampTz, Interval) => TimestampTz,
            (B::Plus, Time, Interval) | (B::Plus, Interval, Time) | (B::Minus, Time, Interval) => Time,
            (B::Plus | B::Minus, Interval, Interval) => Interval,
            (B::Multiply, Interval, t) | (B::Multiply, t, Interval) | (B::Divide, Interval, t) if number(t) => Interval,
            _ => return None,
        })
    }
    fn engine(&self) -> Engine {
        Engine::Postgresql
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }
    fn column_type(&self, declared: Option<&str>) -> ValueType {
        let Some(decl) = declared else { return ValueType::Any };
        let low = decl.trim().to_ascii_lowercase();
        if low.ends_with("[]") {
            // Postgres arrays of any dimension have one type.
            return ValueType::Array(Box::new(self.column_type(Some(low.trim_end_matches("[]")))));
        }
        if let Some(inner) = low.strip_prefix('_') {
            // Internal array type names (`_int4`).
            let t = self.column_type(Some(inner));
            if t != ValueType::Any {
                return ValueType::Array(Box::new(t));
            }
        }
        if let Some(i) = low.find('[') {
            return ValueType::Array(Box::new(self.column_type(Some(&low[..i]))));
        }
        let base = low.split('(').next().unwrap_or("").trim();
        let base = base.rsplit('.').next().unwrap_or(base);
        // A quoted built-in name (`"bpchar"`, `"int4"`) is that type; `"char"` is its own type.
        let base = if base == "\"char\"" { base } else { base.trim_matches('"') };
        match base {
            "smallint" | "int2" | "smallserial" | "serial2" => ValueType::I16,
            "integer" | "int" | "int4" | "serial" | "serial4" => ValueType::I32,
            "bigint" | "int8" | "bigserial" | "serial8" => ValueType::I64,
            "real" | "float4" => ValueType::F32,
            "double precision" | "float8" | "float" | "double" => ValueType::F64,
            "numeric" | "decimal" => ValueType::Numeric,
            // Built-in types no mapped Rust type reads (the driver's decimal, time and IpAddr
            // accept only numeric, time and inet): columns of these types must be cast.
            "money" | "timetz" | "time with time zone" | "cidr" | "macaddr" | "macaddr8" => ValueType::Any,
            "\"char\"" => ValueType::Char,
            // Object identifiers: unsigned 32-bit.
            "oid" => ValueType::Unsigned(32),
            "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext" | "name" | "nvarchar"
            // ltree's types travel as text (drivers read them as strings).
            | "ltree" | "lquery" | "ltxtquery" => {
                ValueType::Text
            }
            "boolean" | "bool" => ValueType::Bool,
            "bytea" => ValueType::Bytes,
            "date" => ValueType::Date,
            "time" | "time without time zone" => ValueType::Time,
            "timestamp" | "timestamp without time zone" => ValueType::Timestamp,
            "timestamptz" | "timestamp with time zone" => ValueType::TimestampTz,
            "interval" => ValueType::Interval,
            "uuid" => ValueType::Uuid,
            "json" | "jsonb" => ValueType::Json,
            "inet" => ValueType::Inet,
            _ if base.starts_with("timestamp") && base.contains("with time zone") && !base.contains("without") => ValueType::TimestampTz,
            _ if base.starts_with("timestamp") => ValueType::Timestamp,
            _ if base.starts_with("time") && base.contains("with time zone") && !base.contains("without") => ValueType::Any,
            _ if base.starts_with("time") => ValueType::Time,
            _ if base.starts_with("varchar") || base.starts_with("character") => ValueType::Text,
            _ => ValueType::Any,
        }
    }
    fn primary_key_may_be_null(&self, _: Option<&str>, _: bool, _: bool) -> bool {
        false
    }
    fn name_key(&self, name: &str, quoted: bool) -> String {
        if quoted {
            name.to_string()
        } else {
            name.to_ascii_lowercase()
        }
    }
    fn division_by_zero_is_null(&self) -> bool {
        false
    }
    fn integer_type(&self) -> ValueType {
        ValueType::I32
    }
    fn boolean_type(&self) -> ValueType {
        ValueType::Bool
    }
    fn placeholder(&self, i: usize) -> String {
        format!("${}", i + 1)
    }
    fn list_as_array(&self) -> bool {
        true
    }
    fn returning_old_new(&self) -> bool {
        true
    }
    fn niladic_functions_in_from(&self) -> bool {
        true
    }
    fn parameters_have_one_type(&self) -> bool {
        true
    }
    fn has_type(&self, declared: &str) -> bool {
        let low = declared.trim().to_ascii_lowercase();
        let base = low.split(['(', '[']).next().unwrap_or("").trim();
        let base = base.rsplit('.').next().unwrap_or(base).trim_matches('"');
        const BUILT_IN: &[&str] = &[
            "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle", "bit", "varbit", "bit varying", "xml",
            "oid", "regclass", "regproc", "regtype", "regnamespace", "regrole", "xid", "xid8", "cid", "tid", "pg_lsn", "pg_snapshot",
            "txid_snapshot", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange",
            "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "jsonpath", "record", "void",
            "anyelement", "anyarray", "trigger", "refcursor", "aclitem", "money", "timetz", "time with time zone", "cidr", "macaddr",
            "macaddr8",
            // Common extensions' types, often used without their CREATE EXTENSION in the schema.
            "hstore", "geometry", "geography", "vector", "halfvec", "sparsevec", "cube", "earth", "isbn", "issn", "ean13", "upc", "seg",
        ];
        BUILT_IN.contains(&base)
    }
    fn system_relation(&self, name: &str) -> Option<&'static [(&'static str, &'static str)]> {
        let low = name.to_ascii_lowercase();
        let bare = low.strip_prefix("pg_catalog.").unwrap_or(&low);
        Some(match bare {
            "pg_timezone_names" => &[("name", "text"), ("abbrev", "text"), ("utc_offset", "interval"), ("is_dst", "boolean")],
            // System catalogs, as PostgreSQL 15 describes them (` not null`: attnotnull).
            "pg_class" => &[
                ("oid", "oid not null"),
                ("relname", "name not null"),
                ("relnamespace", "oid not null"),
                ("reltype", "oid not null"),
                ("reloftype", "oid not null"),
                ("relowner", "oid not null"),
                ("relam", "oid not null"),
                ("relfilenode", "oid not null"),
                ("reltablespace", "oid not null"),
                ("relpages", "integer not null"),
                ("reltuples", "real not null"),
                ("relallvisible", "integer not null"),
                ("reltoastrelid", "oid not null"),
                ("relhasindex", "boolean not null"),
                ("relisshared", "boolean not null"),
                ("relpersistence", "\"char\" not null"),
                ("relkind", "\"char\" not null"),
                ("relnatts", "smallint not null"),
                ("relchecks", "smallint not null"),
                ("relhasrules", "boolean not null"),
                ("relhastriggers", "boolean not null"),
                ("relhassubclass", "boolean not null"),
                ("relrowsecurity", "boolean not null"),
                ("relforcerowsecurity", "boolean not null"),
                ("relispopulated", "boolean not null"),
                ("relreplident", "\"char\" not null"),
                ("relispartition", "boolean not null"),
                ("relrewrite", "oid not null"),
                ("relfrozenxid", "xid not null"),
                ("relminmxid", "xid not null"),
                ("relacl", "aclitem[]"),
                ("reloptions", "text[]"),
                ("relpartbound", "pg_node_tree"),
            ],
            "pg_namespace" => &[
                ("oid", "oid not null"),
                ("nspname", "name not null"),
                ("nspowner", "oid not null"),
                ("nspacl", "aclitem[]"),
            ],
            "pg_timezone_abbrevs" => &[("abbrev", "text"), ("utc_offset", "interval"), ("is_dst", "boolean")],
            "pg_tables" => &[
                ("schemaname", "name"),
                ("tablename", "name"),
                ("tableowner", "name"),
                ("tablespace", "name"),
                ("hasindexes", "boolean"),
                ("hasrules", "boolean"),
                ("hastriggers", "boolean"),
                ("rowsecurity", "boolean"),
            ],
            // information_schema's sql_identifier, character_data and yes_or_no are text domains.
            "information_schema.schemata" => &[("catalog_name", "text"), ("schema_name", "text"), ("schema_owner", "text")],
            "information_schema.tables" => &[
                ("table_catalog", "text"),
                ("table_schema", "text"),
                ("table_name", "text"),
                ("table_type", "text"),
                ("is_insertable_into", "text"),
                ("is_typed", "text"),
            ],
            "information_schema.columns" => &[
                ("table_catalog", "text"),
                ("table_schema", "text"),
                ("table_name", "text"),
                ("column_name", "text"),
                ("ordinal_position", "integer"),
                ("column_default", "text"),
                ("is_nullable", "text"),
                ("data_type", "text"),
                ("character_maximum_length", "integer"),
                ("numeric_precision", "integer"),
                ("numeric_scale", "integer"),
                ("udt_schema", "text"),
                ("udt_name", "text"),
                ("is_identity", "text"),
                ("is_generated", "text"),
                ("is_updatable", "text"),
            ],
            _ => return None,
        })
    }
    fn sum_type(&self, arg: &ValueType) -> ValueType {
        match arg {
            ValueType::I16 | ValueType::I32 => ValueType::I64,
            ValueType::I64 | ValueType::Numeric => ValueType::Numeric,
            ValueType::F32 => ValueType::F32,
            ValueType::F64 => ValueType::F64,
            ValueType::Interval => ValueType::Interval,
            _ => ValueType::Numeric,
        }
    }
    fn avg_type(&self, arg: &ValueType) -> ValueType {
        match arg {
            ValueType::F32 | ValueType::F64 => ValueType::F64,
            ValueType::Interval => ValueType::Interval,
            _ => ValueType::Numeric,
        }
    }
    fn now_type(&self) -> ValueType {
        ValueType::TimestampTz
    }
    fn length_type(&self) -> ValueType {
        ValueType::I32
    }
    fn decimal_literal_type(&self) -> ValueType {
        ValueType::Numeric
    }
    fn math_domain_error_is_null(&self) -> bool {
        false
    }
    fn math_type(&self, func: &str, arg: Option<&ValueType>) -> ValueType {
        match (func, arg) {
            // Only these have numeric overloads; cbrt, degrees, radians and the trigonometric
            // functions take and return double precision. div() exists only for numeric.
            ("div", _) => ValueType::Numeric,
            ("sqrt" | "exp" | "ln" | "log" | "log10" | "power" | "pow", Some(ValueType::Numeric)) => ValueType::Numeric,
            _ => ValueType::F64,
        }
    }
    fn rounding_type(&self, _func: &str, arg: Option<&ValueType>) -> ValueType {
        match arg {
            Some(t @ (ValueType::I16 | ValueType::I32 | ValueType::I64 | ValueType::F32 | ValueType::F64 | ValueType::Numeric)) => t.clone(),
            _ => ValueType::F64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_affinity() {
        let d = Sqlite;
        for (decl, ty) in [
            ("INTEGER", ValueType::I64),
            ("BIGINT", ValueType::I64),
            ("int8", ValueType::I64),
            ("NVARCHAR(160)", ValueType::Text),
            ("CLOB", ValueType::Text),
            ("BLOB", ValueType::Bytes),
            ("REAL", ValueType::F64),
            ("DOUBLE PRECISION", ValueType::F64),
            ("NUMERIC(10,2)", ValueType::F64),
            ("BOOLEAN", ValueType::Bool),
            ("DATETIME", ValueType::Timestamp),
            ("DATE", ValueType::Date),
        ] {
            assert_eq!(d.column_type(Some(decl)), ty, "{decl}");
        }
        assert_eq!(d.column_type(None), ValueType::Any);
    }

    #[test]
    fn postgres_types() {
        let d = Postgres;
        for (decl, ty) in [
            ("integer", ValueType::I32),
            ("SERIAL", ValueType::I32),
            ("bigserial", ValueType::I64),
            ("smallint", ValueType::I16),
            ("varchar(20)", ValueType::Text),
            ("character varying(20)", ValueType::Text),
            ("numeric(10,2)", ValueType::Numeric),
            ("timestamp with time zone", ValueType::TimestampTz),
            ("TIMESTAMP", ValueType::Timestamp),
            ("timestamptz", ValueType::TimestampTz),
            ("jsonb", ValueType::Json),
            ("uuid", ValueType::Uuid),
            ("double precision", ValueType::F64),
            ("real", ValueType::F32),
            ("bytea", ValueType::Bytes),
            ("inet", ValueType::Inet),
            ("ltree", ValueType::Text),
        ] {
            assert_eq!(d.column_type(Some(decl)), ty, "{decl}");
        }
        assert_eq!(d.column_type(Some("text[]")), ValueType::Array(Box::new(ValueType::Text)));
        assert_eq!(d.column_type(Some("INT[][]")), ValueType::Array(Box::new(ValueType::I32)));
    }

    #[test]
    fn mysql_types() {
        let d = Mysql;
        for (decl, ty) in [
            ("INT", ValueType::I32),
            ("int(11)", ValueType::I32),
            ("INT UNSIGNED", ValueType::Unsigned(32)),
            ("bigint(20) unsigned", ValueType::Unsigned(64)),
            ("SERIAL", ValueType::Unsigned(64)),
            ("tinyint(1)", ValueType::Bool),
            ("TINYINT", ValueType::I16),
            ("SMALLINT", ValueType::I16),
            ("MEDIUMINT", ValueType::I32),
            ("BIGINT", ValueType::I64),
            ("DECIMAL(10,2)", ValueType::Numeric),
            ("FLOAT", ValueType::F32),
            ("FLOAT(30)", ValueType::F64),
            ("DOUBLE PRECISION", ValueType::F64),
            ("VARCHAR(255)", ValueType::Text),
            ("LONGBLOB", ValueType::Bytes),
            ("DATETIME(6)", ValueType::Timestamp),
            ("YEAR", ValueType::I16),
            ("JSON", ValueType::Json),
            ("SET('a', 'b')", ValueType::Text),
            ("SIGNED", ValueType::I64),
            ("UNSIGNED INTEGER", ValueType::Unsigned(64)),
        ] {
            assert_eq!(d.column_type(Some(decl)), ty, "{decl}");
        }
        assert_eq!(inline_members("ENUM('small', 'it''s', 'big')"), vec!["small", "it's", "big"]);
    }

    #[test]
    fn sqlite_primary_key_nullability() {
        let d = Sqlite;
        assert!(!d.primary_key_may_be_null(Some("INTEGER"), true, false), "rowid alias");
        assert!(d.primary_key_may_be_null(Some("INT"), true, false), "INT is not the rowid alias");
        assert!(d.primary_key_may_be_null(Some("TEXT"), true, false));
        assert!(d.primary_key_may_be_null(Some("INTEGER"), false, false), "composite key");
        assert!(!d.primary_key_may_be_null(Some("TEXT"), true, true), "STRICT / WITHOUT ROWID");
    }
}
