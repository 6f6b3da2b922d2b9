//! Rust names for SQL names: case conversion, sanitising, keyword escaping and de-duplication.
//!
//! Every back end goes through these functions so that the same schema gives the same Rust names
//! whatever the driver. The rules are deliberately simple and predictable rather than clever
//! (no English pluralisation tables): a reader can guess the generated name from the SQL one.
//!
//! Words are split at every character that is not an ASCII letter or digit, and inside a word at
//! a lowercase→uppercase change (`firstName` → `first`, `name`) and at the end of an acronym
//! (`HTTPServer` → `http`, `server`). Digits stay with the word before them (`line1` → `line1`).
//! Non-ASCII characters count as separators, so every generated name is plain ASCII.

use std::collections::BTreeSet;

/// Splits a SQL name into lowercase ASCII words (see the module docs for the rule).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // `aB` / `a1B` start a word at B; `ABc` starts one at B (end of the acronym `A`).
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_is_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `ArtistId` → `artist_id`, `firstName` → `first_name`, `count(*)` → `count`. May be empty
/// (for a name without ASCII letters or digits) and may start with a digit: see [`value_name`].
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// `GetAuthor` → `GET_AUTHOR`, `list-books` → `LIST_BOOKS`.
pub fn screaming_snake_case(name: &str) -> String {
    snake_case(name).to_ascii_uppercase()
}

/// `get_author` → `GetAuthor`, `HTTPServer` → `HttpServer`.
pub fn pascal_case(name: &str) -> String {
    words(name).iter().map(|w| capitalize(w)).collect()
}

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The model struct name of a table: the PascalCase of the table name, with one trailing `s`
/// removed when the table name is longer than 3 characters and ends in `s` but not in `ss`, `us`
/// or `is`. So `authors` → `Author`, `book_tags` → `BookTag`, `address` → `Address`, `status` →
/// `Status`, `analysis` → `Analysis`, `bus` → `Bus`, `Users` → `User`. A schema-qualified name
/// keeps its schema as a word (`audit.events` → `AuditEvent`). A name that would start with a
/// digit gets a `T` in front; one that would shadow a prelude type (`options` → `Option`) gets
/// `Model` appended (see [`RESERVED_TYPE_NAMES`]).
pub fn model_name(table: &str) -> String {
    let mut name = pascal_case(table);
    let lower = table.to_ascii_lowercase();
    let strip = lower.len() > 3
        && lower.ends_with('s')
        && !(lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is"));
    if strip && name.ends_with('s') && name.len() > 1 {
        name.pop();
    }
    type_name(&name, "Table")
}

/// Type names the generated code relies on (or that would confuse a reader) and that a generated
/// struct therefore must not take.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "FnMut",
    "FnOnce", "Fn", "Clone", "Copy", "Debug", "PartialEq", "Eq", "Default", "Send", "Sync",
    "Sized", "Iterator", "IntoIterator", "From", "Into", "ToString", "ToOwned", "Drop",
];

/// Makes a PascalCase candidate usable as a type name: empty → `fallback`, a leading digit gets
/// a `T`, a reserved name gets `Model` appended.
pub fn type_name(pascal: &str, fallback: &str) -> String {
    let mut name = if pascal.is_empty() { fallback.to_string() } else { pascal.to_string() };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// Makes a snake_case candidate usable as a field, argument or function name (before keyword
/// escaping, which [`ident`] does): empty → `fallback`, a leading digit gets a `_` prefix, and the
/// keywords that cannot be raw identifiers (`self`, `super`, `crate`) get a `_` suffix.
pub fn value_name(snake: &str, fallback: &str) -> String {
    let mut name = if snake.is_empty() { fallback.to_string() } else { snake.to_string() };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if matches!(name.as_str(), "self" | "super" | "crate" | "_") {
        name.push('_');
    }
    name
}

/// Rust keywords (strict and reserved, all editions) that must be written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// The identifier as written in Rust source: keywords escaped as raw identifiers (`type` →
/// `r#type`).
pub fn ident(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// A set of names already taken in one namespace; [`Scope::claim`] hands out unique ones.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `name`, or the first free of `name_2`, `name_3`, … (`Name2`, `Name3`, … when `name`
    /// starts with an uppercase letter and has no `_`, i.e. for type names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let camel = name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_');
        let mut n = 2;
        loop {
            let candidate = if camel { format!("{name}{n}") } else { format!("{name}_{n}") };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_camel_acronyms_and_punctuation() {
        let cases = [
            ("ArtistId", "artist_id"),
            ("firstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("count(*)", "count"),
            ("user id", "user_id"),
            ("line1Text", "line1_text"),
            ("already_snake", "already_snake"),
            ("__x__", "x"),
            ("?column?", "column"),
            ("1st", "1st"),
            ("名前", ""),
        ];
        for (input, want) in cases {
            assert_eq!(snake_case(input), want, "{input}");
        }
    }

    #[test]
    fn model_name_strips_one_plural_s_by_the_documented_rule() {
        let cases = [
            ("authors", "Author"),
            ("books", "Book"),
            ("book_tags", "BookTag"),
            ("address", "Address"),
            ("status", "Status"),
            ("analysis", "Analysis"),
            ("bus", "Bus"),
            ("Users", "User"),
            ("audit.events", "AuditEvent"),
            ("options", "OptionModel"),
            ("2fa_codes", "T2faCode"),
        ];
        for (input, want) in cases {
            assert_eq!(model_name(input), want, "{input}");
        }
    }

    #[test]
    fn value_names_are_valid_identifiers() {
        assert_eq!(ident(&value_name("type", "c")), "r#type");
        assert_eq!(ident(&value_name("self", "c")), "self_");
        assert_eq!(ident(&value_name("1st", "c")), "_1st");
        assert_eq!(ident(&value_name("", "column_3")), "column_3");
    }

    #[test]
    fn scope_claims_suffixes_by_namespace_style() {
        let mut s = Scope::with_reserved(&["conn"]);
        assert_eq!(s.claim("conn"), "conn_2");
        assert_eq!(s.claim("id"), "id");
        assert_eq!(s.claim("id"), "id_2");
        let mut t = Scope::default();
        assert_eq!(t.claim("Author"), "Author");
        assert_eq!(t.claim("Author"), "Author2");
    }
}
