//! Calls every generated function of `sqlweave_codegen_e2e::db` against an in-memory SQLite
//! database and checks what comes back, NULLs, list parameters and error cases included.

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::json;
use sqlweave_codegen_e2e::{db, SCHEMA};

fn open() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    conn
}

fn created_at() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 2, 29).unwrap().and_hms_opt(12, 30, 5).unwrap()
}

/// An author with every nullable column NULL.
fn bare_author(name: &str) -> db::CreateAuthorParams<'_> {
    db::CreateAuthorParams {
        name,
        bio: None,
        birth_date: None,
        rating: None,
        active: false,
        avatar: None,
        created_at: created_at(),
        last_seen: None,
        r#type: None,
        metadata: None,
    }
}

fn add_book(conn: &Connection, author_id: i64, title: &str, isbn: Option<&str>, pages: Option<i32>) -> db::Book {
    db::create_book(conn, &db::CreateBookParams { author_id, title, isbn, pages, price: None, extra: None }).unwrap()
}

#[test]
fn create_and_get_author_with_every_column_set() {
    let conn = open();
    let meta = json!({"tags": ["sf", "classic"], "n": 3});
    let last_seen = Utc.with_ymd_and_hms(2024, 3, 1, 8, 0, 0).unwrap();
    let id = db::create_author(
        &conn,
        &db::CreateAuthorParams {
            name: "Ursula K. Le Guin",
            bio: Some("Earthsea"),
            birth_date: NaiveDate::from_ymd_opt(1929, 10, 21),
            rating: Some(4.5),
            active: true,
            avatar: Some(&[0, 1, 2, 255]),
            created_at: created_at(),
            last_seen: Some(last_seen),
            r#type: Some("novelist"),
            metadata: Some(&meta),
        },
    )
    .unwrap();
    assert_eq!(id, 1);
    let got = db::get_author(&conn, id).unwrap();
    assert_eq!(
        got,
        db::Author {
            id,
            name: "Ursula K. Le Guin".into(),
            bio: Some("Earthsea".into()),
            birth_date: NaiveDate::from_ymd_opt(1929, 10, 21),
            rating: Some(4.5),
            active: true,
            avatar: Some(vec![0, 1, 2, 255]),
            created_at: created_at(),
            last_seen: Some(last_seen),
            r#type: Some("novelist".into()),
            metadata: Some(meta),
        }
    );
}

#[test]
fn nullable_columns_come_back_as_none() {
    let conn = open();
    let id = db::create_author(&conn, &bare_author("Anonymous")).unwrap();
    let got = db::get_author(&conn, id).unwrap();
    assert_eq!((got.bio, got.birth_date, got.rating, got.avatar), (None, None, None, None));
    assert_eq!((got.last_seen, got.r#type, got.metadata), (None, None, None));
    assert!(!got.active);
}

#[test]
fn execlastid_returns_each_new_rowid() {
    let conn = open();
    assert_eq!(db::create_author(&conn, &bare_author("a")).unwrap(), 1);
    assert_eq!(db::create_author(&conn, &bare_author("b")).unwrap(), 2);
}

#[test]
fn one_without_a_row_is_query_returned_no_rows() {
    let conn = open();
    assert!(matches!(db::get_author(&conn, 42), Err(rusqlite::Error::QueryReturnedNoRows)));
    assert!(matches!(db::get_author_name(&conn, 42), Err(rusqlite::Error::QueryReturnedNoRows)));
}

#[test]
fn one_with_a_single_column_returns_the_bare_value() {
    let conn = open();
    let id = db::create_author(&conn, &bare_author("Borges")).unwrap();
    assert_eq!(db::get_author_name(&conn, id).unwrap(), "Borges");
}

#[test]
fn many_returns_rows_in_order_and_for_each_visits_the_same() {
    let conn = open();
    for name in ["Calvino", "Achebe", "Borges"] {
        db::create_author(&conn, &bare_author(name)).unwrap();
    }
    let names: Vec<String> = db::list_authors(&conn).unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Achebe", "Borges", "Calvino"]);

    let mut visited = Vec::new();
    db::list_authors_for_each(&conn, |a| {
        visited.push(a.name);
        Ok(())
    })
    .unwrap();
    assert_eq!(visited, names);
}

#[test]
fn for_each_stops_at_the_callbacks_error() {
    let conn = open();
    for name in ["a", "b", "c"] {
        db::create_author(&conn, &bare_author(name)).unwrap();
    }
    let mut seen = 0;
    let err = db::list_authors_for_each(&conn, |_| {
        seen += 1;
        if seen == 2 {
            Err(rusqlite::Error::InvalidQuery)
        } else {
            Ok(())
        }
    });
    assert!(matches!(err, Err(rusqlite::Error::InvalidQuery)));
    assert_eq!(seen, 2);
}

#[test]
fn many_on_an_empty_table_is_empty() {
    let conn = open();
    assert!(db::list_authors(&conn).unwrap().is_empty());
}

#[test]
fn execrows_counts_changed_rows_and_binds_null() {
    let conn = open();
    db::create_author(&conn, &bare_author("Twin")).unwrap();
    db::create_author(&conn, &bare_author("Twin")).unwrap();
    db::create_author(&conn, &bare_author("Other")).unwrap();
    assert_eq!(db::update_author_bio(&conn, Some("same"), "Twin").unwrap(), 2);
    assert_eq!(db::update_author_bio(&conn, Some("x"), "Nobody").unwrap(), 0);
    assert_eq!(db::get_author(&conn, 1).unwrap().bio.as_deref(), Some("same"));
    assert_eq!(db::update_author_bio(&conn, None, "Twin").unwrap(), 2);
    assert_eq!(db::get_author(&conn, 1).unwrap().bio, None);
}

#[test]
fn exec_deletes() {
    let conn = open();
    let id = db::create_author(&conn, &bare_author("Gone")).unwrap();
    db::delete_author(&conn, id).unwrap();
    assert!(matches!(db::get_author(&conn, id), Err(rusqlite::Error::QueryReturnedNoRows)));
    // Deleting nothing is not an error for :exec.
    db::delete_author(&conn, id).unwrap();
}

#[test]
fn one_with_returning_reuses_the_model_and_reads_numeric_and_any_columns() {
    let conn = open();
    let author = db::create_author(&conn, &bare_author("Lem")).unwrap();
    let extra = Value::Text("signed".into());
    let book = db::create_book(
        &conn,
        &db::CreateBookParams {
            author_id: author,
            title: "Solaris",
            isbn: Some("978-0"),
            pages: Some(204),
            // NUMERIC affinity stores 10.0 as the integer 10; it still reads as f64.
            price: Some(10.0),
            extra: Some(&extra),
        },
    )
    .unwrap();
    assert_eq!(
        book,
        db::Book {
            id: 1,
            author_id: author,
            title: "Solaris".into(),
            isbn: Some("978-0".into()),
            pages: Some(204),
            price: Some(10.0),
            extra: Some(extra),
        }
    );
    let other = add_book(&conn, author, "Fiasco", None, None);
    assert_eq!((other.id, other.isbn, other.pages, other.price, other.extra), (2, None, None, None, None));
}

#[test]
fn row_struct_renames_clashing_and_odd_columns_and_outer_join_nulls() {
    let conn = open();
    let author = db::create_author(&conn, &bare_author("Tolkien")).unwrap();
    let book = add_book(&conn, author, "The Hobbit", None, None);
    // The parameter named `conn` became `conn_2`.
    let row = db::get_book_with_author(&conn, book.id).unwrap();
    assert_eq!(
        row,
        db::GetBookWithAuthorRow { id: book.id, id_2: Some(author), title: "The Hobbit".into(), author_name: Some("Tolkien".into()), count: 1 }
    );
    // A book whose author is missing (foreign keys off) gets NULLs from the LEFT JOIN.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let orphan = add_book(&conn, 999, "Orphan", None, None);
    let row = db::get_book_with_author(&conn, orphan.id).unwrap();
    assert_eq!((row.id_2, row.author_name), (None, None));
}

/// Three authors with two books each (pages 100 and 300); returns the author ids.
fn library(conn: &Connection) -> Vec<i64> {
    let mut ids = Vec::new();
    for name in ["A", "B", "C", "D"] {
        let id = db::create_author(conn, &bare_author(name)).unwrap();
        add_book(conn, id, &format!("{name} short"), Some(&format!("isbn-{name}-1")), Some(100));
        add_book(conn, id, &format!("{name} long"), Some(&format!("isbn-{name}-2")), Some(300));
        ids.push(id);
    }
    ids
}

#[test]
fn list_parameter_with_three_values_and_a_scalar_after_it() {
    let conn = open();
    let ids = library(&conn);
    let rows = db::list_books_by_authors(&conn, &ids[..3], 0).unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["A short", "A long", "B short", "B long", "C short", "C long"]);
    assert_eq!(rows[2].name, "B");
    let long: Vec<String> = db::list_books_by_authors(&conn, &ids[..3], 200).unwrap().into_iter().map(|r| r.title).collect();
    assert_eq!(long, ["A long", "B long", "C long"]);
}

#[test]
fn empty_list_in_not_in_matches_every_row() {
    // Regression: an empty list used to render as `NOT IN (NULL)`, which matches no row.
    let conn = open();
    library(&conn);
    let all = db::list_book_titles_except(&conn, &[]).unwrap();
    assert!(!all.is_empty());
    let first_id: i64 = conn.query_row("SELECT min(id) FROM books", [], |r| r.get(0)).unwrap();
    let fewer = db::list_book_titles_except(&conn, &[first_id]).unwrap();
    assert_eq!(fewer.len(), all.len() - 1);
}

#[test]
fn empty_list_parameter_matches_no_row() {
    let conn = open();
    library(&conn);
    assert!(db::list_books_by_authors(&conn, &[], 0).unwrap().is_empty());
    assert!(db::list_book_titles_by_isbn(&conn, &[]).unwrap().is_empty());
    assert_eq!(db::delete_books_by_ids(&conn, &[]).unwrap(), 0);
}

#[test]
fn list_lengths_can_change_between_calls_on_the_cached_statements() {
    let conn = open();
    let ids = library(&conn);
    for n in [1, 4, 2, 4, 0, 3] {
        assert_eq!(db::list_books_by_authors(&conn, &ids[..n], 0).unwrap().len(), 2 * n);
    }
}

#[test]
fn text_list_parameter_and_its_for_each_form() {
    let conn = open();
    library(&conn);
    let titles = db::list_book_titles_by_isbn(&conn, &["isbn-B-2", "isbn-A-1", "missing"]).unwrap();
    assert_eq!(titles, ["A short", "B long"]);
    let mut seen = Vec::new();
    db::list_book_titles_by_isbn_for_each(&conn, &["isbn-C-1"], |t| {
        seen.push(t);
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, ["C short"]);
}

#[test]
fn two_lists_and_a_scalar_bound_at_two_positions() {
    let conn = open();
    library(&conn);
    // Books 1..=8; ids 1 and 2 belong to A (100 and 300 pages), "C long" is book 6.
    assert_eq!(db::count_books_matching(&conn, &[1, 2], &["C long"], None).unwrap(), 3);
    assert_eq!(db::count_books_matching(&conn, &[1, 2], &["C long"], Some(200)).unwrap(), 2);
    assert_eq!(db::count_books_matching(&conn, &[], &["C long", "D short"], None).unwrap(), 2);
    assert_eq!(db::count_books_matching(&conn, &[], &[], None).unwrap(), 0);
}

#[test]
fn execrows_with_a_list_and_with_returning() {
    let conn = open();
    let authors = library(&conn);
    assert_eq!(db::delete_books_by_ids(&conn, &[1, 3, 5, 99]).unwrap(), 3);
    // A `RETURNING` statement is stepped through; each returned row counts as changed.
    assert_eq!(db::delete_books_of_author(&conn, authors[3]).unwrap(), 2);
    assert_eq!(db::delete_books_of_author(&conn, authors[3]).unwrap(), 0);
    assert_eq!(db::count_books_matching(&conn, &[1, 2, 3, 4, 5, 6, 7, 8], &[], None).unwrap(), 3);
}

#[test]
fn functions_accept_a_transaction() {
    let mut conn = open();
    let tx = conn.transaction().unwrap();
    let id = db::create_author(&tx, &bare_author("In tx")).unwrap();
    assert_eq!(db::get_author_name(&tx, id).unwrap(), "In tx");
    tx.rollback().unwrap();
    assert!(db::list_authors(&conn).unwrap().is_empty());
}
