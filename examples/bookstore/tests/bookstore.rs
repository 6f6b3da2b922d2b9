//! Every function sqlweave generated into `src/db.rs`, run against a real in-memory SQLite
//! database with real values checked: NULLs from outer joins and empty aggregates, not-found
//! `:one`, affected-row counts, last-insert ids, empty lists, transactions. Also checks that the
//! checked-in `src/db.rs` is what `sqlweave generate` writes today.

use bookstore::db;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

/// 2024-05-`day` 10:30:00.
fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 5, day).unwrap().and_hms_opt(10, 30, 0).unwrap()
}

/// Ids of the rows [`seed`] inserts.
struct Seed {
    le_guin: i64,
    lem: i64,
    newcomer: i64,
    wizard: i64,
    solaris: i64,
    lathe: i64,
    fantasy: i64,
    classic: i64,
    poetry: i64,
    /// ada: wizard x2 (day 1), solaris x1 (day 3); grace: wizard x1 (day 2).
    orders: [i64; 3],
}

fn book<'a>(author_id: i64, title: &'a str, isbn: Option<&'a str>, price: i64, discount: Option<i64>, stock: i64) -> db::CreateBookParams<'a> {
    db::CreateBookParams { author_id, title, isbn, price_cents: price, discount_pct: discount, stock }
}

fn order(book_id: i64, quantity: i64, customer: &str, day: u32) -> db::PlaceOrderParams<'_> {
    db::PlaceOrderParams { book_id, quantity, customer, ordered_at: at(day), shipped: false, note: None }
}

/// A database with three authors (one without books), three books, three tags (one unused) and
/// three orders.
fn seed() -> (Connection, Seed) {
    let conn = bookstore::open_in_memory().unwrap();
    let le_guin = db::create_author(&conn, "Ursula K. Le Guin", Some("Wrote Earthsea."), Some(1929)).unwrap();
    let lem = db::create_author(&conn, "Stanislaw Lem", None, Some(1921)).unwrap();
    let newcomer = db::create_author(&conn, "A. Newcomer", None, None).unwrap();
    let wizard = db::create_book(&conn, &book(le_guin, "A Wizard of Earthsea", Some("978-0547773742"), 1500, Some(20), 5))
        .unwrap()
        .id;
    let solaris = db::create_book(&conn, &book(lem, "Solaris", None, 1100, None, 2)).unwrap().id;
    let lathe = db::create_book(&conn, &book(le_guin, "The Lathe of Heaven", Some("978-1416556961"), 1000, Some(0), 1))
        .unwrap()
        .id;
    let fantasy = db::create_tag(&conn, "fantasy").unwrap();
    let classic = db::create_tag(&conn, "classic").unwrap();
    let poetry = db::create_tag(&conn, "poetry").unwrap();
    for (b, t) in [(wizard, fantasy), (wizard, classic), (solaris, classic)] {
        db::tag_book(&conn, b, t).unwrap();
    }
    let orders = [
        db::place_order(&conn, &order(wizard, 2, "ada", 1)).unwrap(),
        db::place_order(&conn, &order(solaris, 1, "ada", 3)).unwrap(),
        db::place_order(&conn, &order(wizard, 1, "grace", 2)).unwrap(),
    ];
    let seed = Seed { le_guin, lem, newcomer, wizard, solaris, lathe, fantasy, classic, poetry, orders };
    (conn, seed)
}

fn assert_not_found<T: std::fmt::Debug>(result: rusqlite::Result<T>) {
    match result {
        Err(rusqlite::Error::QueryReturnedNoRows) => {}
        other => panic!("expected QueryReturnedNoRows, got {other:?}"),
    }
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn execlastid_returns_the_new_rowids() {
    let (conn, s) = seed();
    assert_eq!((s.le_guin, s.lem, s.newcomer), (1, 2, 3));
    assert_eq!((s.wizard, s.solaris, s.lathe), (1, 2, 3));
    assert_eq!((s.fantasy, s.classic, s.poetry), (1, 2, 3));
    assert_eq!(s.orders, [1, 2, 3]);
    assert_eq!(db::create_author(&conn, "Another", None, None).unwrap(), 4);
}

#[test]
fn one_returns_the_row_or_query_returned_no_rows() {
    let (conn, s) = seed();
    assert_eq!(
        db::get_author(&conn, s.le_guin).unwrap(),
        db::Author { id: s.le_guin, name: "Ursula K. Le Guin".into(), bio: Some("Wrote Earthsea.".into()), born: Some(1929) }
    );
    assert_eq!(
        db::get_author_by_name(&conn, "A. Newcomer").unwrap(),
        db::Author { id: s.newcomer, name: "A. Newcomer".into(), bio: None, born: None }
    );
    assert_not_found(db::get_author(&conn, 999));
    assert_not_found(db::get_author_by_name(&conn, "Nobody"));
    assert_not_found(db::get_book(&conn, 999));
    assert_not_found(db::get_order(&conn, 999));
}

#[test]
fn insert_returning_reads_back_defaults_and_the_generated_column() {
    let (conn, s) = seed();
    let book = db::create_book(&conn, &book(s.lem, "The Cyberiad", None, 2000, Some(25), 0)).unwrap();
    assert_eq!(
        book,
        db::Book {
            id: 4,
            author_id: s.lem,
            title: "The Cyberiad".into(),
            isbn: None,
            price_cents: 2000,
            discount_pct: Some(25),
            stock: 0,
            net_cents: 1500,
        }
    );
    assert_eq!(db::get_book(&conn, book.id).unwrap(), book);
    let wizard = db::get_book(&conn, s.wizard).unwrap();
    assert_eq!((wizard.price_cents, wizard.discount_pct, wizard.net_cents), (1500, Some(20), 1200));
}

#[test]
fn list_authors_in_name_order() {
    let (conn, _) = seed();
    let names: Vec<String> = db::list_authors(&conn).unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["A. Newcomer", "Stanislaw Lem", "Ursula K. Le Guin"]);
}

#[test]
fn execrows_counts_changed_rows() {
    let (conn, s) = seed();
    assert_eq!(db::set_author_bio(&conn, Some("Wrote Solaris."), s.lem).unwrap(), 1);
    assert_eq!(db::get_author(&conn, s.lem).unwrap().bio.as_deref(), Some("Wrote Solaris."));
    assert_eq!(db::set_author_bio(&conn, None, s.lem).unwrap(), 1);
    assert_eq!(db::get_author(&conn, s.lem).unwrap().bio, None);
    assert_eq!(db::set_author_bio(&conn, Some("x"), 999).unwrap(), 0);

    // Two of the three orders were placed before day 3; the second call finds nothing to do.
    assert_eq!(db::ship_orders(&conn, at(3)).unwrap(), 2);
    assert_eq!(db::ship_orders(&conn, at(3)).unwrap(), 0);
    assert_eq!(db::ship_orders(&conn, at(4)).unwrap(), 1);

    assert_eq!(db::delete_author(&conn, s.newcomer).unwrap(), 1);
    assert_eq!(db::delete_author(&conn, s.newcomer).unwrap(), 0);
}

#[test]
fn dollar_parameters_and_between() {
    let (conn, s) = seed();
    let rows = db::authors_born_between(&conn, 1920, 1925).unwrap();
    assert_eq!(rows, [db::AuthorsBornBetweenRow { id: s.lem, name: "Stanislaw Lem".into(), born: 1921 }]);
    let years: Vec<i64> = db::authors_born_between(&conn, 1900, 2000).unwrap().iter().map(|r| r.born).collect();
    assert_eq!(years, [1921, 1929]);
    assert!(db::authors_born_between(&conn, 2000, 2100).unwrap().is_empty());
}

#[test]
fn upsert_inserts_then_updates_through_excluded() {
    let (conn, s) = seed();
    let fresh = db::upsert_author(&conn, "Octavia E. Butler", None, Some(1947)).unwrap();
    assert_eq!(fresh, db::Author { id: 4, name: "Octavia E. Butler".into(), bio: None, born: Some(1947) });
    // Existing name: a NULL bio keeps the old one (coalesce(excluded.bio, authors.bio)).
    let kept = db::upsert_author(&conn, "Ursula K. Le Guin", None, Some(1930)).unwrap();
    assert_eq!(
        kept,
        db::Author { id: s.le_guin, name: "Ursula K. Le Guin".into(), bio: Some("Wrote Earthsea.".into()), born: Some(1930) }
    );
    let replaced = db::upsert_author(&conn, "Stanislaw Lem", Some("Polish author."), None).unwrap();
    assert_eq!((replaced.id, replaced.bio.as_deref(), replaced.born), (s.lem, Some("Polish author."), Some(1921)));
    assert_eq!(count(&conn, "authors"), 4);
}

#[test]
fn numbered_parameter_used_twice_and_case_without_else() {
    let (conn, s) = seed();
    let rows = db::search_books(&conn, "%Earthsea%").unwrap();
    assert_eq!(
        rows,
        [db::SearchBooksRow { id: s.wizard, title: "A Wizard of Earthsea".into(), label: Some("on sale".into()) }]
    );
    // The same argument is compared with `isbn` too.
    let rows = db::search_books(&conn, "978-1416556961").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].id, rows[0].label.as_deref()), (s.lathe, None), "discount 0: CASE without ELSE is NULL");
    let rows = db::search_books(&conn, "Solaris").unwrap();
    assert_eq!((rows[0].id, rows[0].label.as_deref()), (s.solaris, None), "NULL discount: CASE without ELSE is NULL");
    assert!(db::search_books(&conn, "nothing").unwrap().is_empty());
}

#[test]
fn slice_parameters_expand_and_an_empty_slice_matches_nothing() {
    let (conn, s) = seed();
    let ids: Vec<i64> = db::books_by_ids(&conn, &[s.lathe, s.wizard, 999]).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(ids, [s.wizard, s.lathe]);
    assert!(db::books_by_ids(&conn, &[]).unwrap().is_empty());
    let one = db::books_by_ids(&conn, &[s.solaris]).unwrap();
    assert_eq!(one, [db::BooksByIdsRow { id: s.solaris, title: "Solaris".into() }]);

    let tagged: Vec<i64> = db::books_tagged_any(&conn, &["classic"]).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(tagged, [s.wizard, s.solaris]);
    let tagged: Vec<i64> =
        db::books_tagged_any(&conn, &["fantasy", "classic"]).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(tagged, [s.wizard, s.solaris], "DISTINCT: the wizard carries both tags");
    assert!(db::books_tagged_any(&conn, &["poetry"]).unwrap().is_empty());
    assert!(db::books_tagged_any(&conn, &[]).unwrap().is_empty());
}

#[test]
fn update_returning_recomputes_the_generated_column() {
    let (conn, s) = seed();
    let row = db::set_discount(&conn, Some(50), s.solaris).unwrap();
    assert_eq!(
        row,
        db::SetDiscountRow { id: s.solaris, price_cents: 1100, discount_pct: Some(50), net_cents: 550 }
    );
    let row = db::set_discount(&conn, None, s.wizard).unwrap();
    assert_eq!((row.discount_pct, row.net_cents), (None, 1500));
    assert_not_found(db::set_discount(&conn, Some(10), 999));
}

#[test]
fn exec_changes_without_returning_anything() {
    let (conn, s) = seed();
    db::restock(&conn, 3, s.solaris).unwrap();
    assert_eq!(db::get_book(&conn, s.solaris).unwrap().stock, 5);
    db::restock(&conn, 3, 999).unwrap(); // no such book: still Ok(())

    // ON CONFLICT DO NOTHING RETURNING under :one: the id, then `None` for the same name.
    let poems = db::ensure_tag(&conn, "epic poems").unwrap();
    assert!(poems.is_some_and(|id| id > s.fantasy), "{poems:?}");
    assert_eq!(db::ensure_tag(&conn, "epic poems").unwrap(), None);
    assert_eq!(db::ensure_tag(&conn, "fantasy").unwrap(), None);

    // INSERT OR IGNORE: tagging twice leaves one row.
    let before = count(&conn, "book_tags");
    db::tag_book(&conn, s.wizard, s.fantasy).unwrap();
    assert_eq!(count(&conn, "book_tags"), before);
}

#[test]
fn delete_returning_one_and_many() {
    let (conn, s) = seed();
    // The Lathe of Heaven has no orders, so it may go.
    assert_eq!(db::delete_book(&conn, s.lathe).unwrap(), "The Lathe of Heaven");
    assert_not_found(db::delete_book(&conn, s.lathe));
    assert_not_found(db::get_book(&conn, s.lathe));

    let deleted = db::delete_orders_of(&conn, "ada").unwrap();
    assert_eq!(
        deleted,
        [
            db::DeleteOrdersOfRow { id: s.orders[0], book_id: s.wizard },
            db::DeleteOrdersOfRow { id: s.orders[1], book_id: s.solaris },
        ]
    );
    assert!(db::delete_orders_of(&conn, "ada").unwrap().is_empty());
    assert_eq!(count(&conn, "orders"), 1);
}

#[test]
fn joins_give_none_for_nullable_and_missing_columns() {
    let (conn, s) = seed();
    let rows = db::books_with_author(&conn).unwrap();
    assert_eq!(
        rows,
        [
            db::BooksWithAuthorRow {
                id: s.wizard,
                title: "A Wizard of Earthsea".into(),
                isbn: Some("978-0547773742".into()),
                author: "Ursula K. Le Guin".into(),
                author_bio: Some("Wrote Earthsea.".into()),
            },
            db::BooksWithAuthorRow {
                id: s.solaris,
                title: "Solaris".into(),
                isbn: None,
                author: "Stanislaw Lem".into(),
                author_bio: None,
            },
            db::BooksWithAuthorRow {
                id: s.lathe,
                title: "The Lathe of Heaven".into(),
                isbn: Some("978-1416556961".into()),
                author: "Ursula K. Le Guin".into(),
                author_bio: Some("Wrote Earthsea.".into()),
            },
        ]
    );

    let catalog = db::author_catalog(&conn).unwrap();
    assert_eq!(
        catalog,
        [
            db::AuthorCatalogRow { author: "A. Newcomer".into(), title: None, net_cents: None },
            db::AuthorCatalogRow { author: "Stanislaw Lem".into(), title: Some("Solaris".into()), net_cents: Some(1100) },
            db::AuthorCatalogRow {
                author: "Ursula K. Le Guin".into(),
                title: Some("A Wizard of Earthsea".into()),
                net_cents: Some(1200),
            },
            db::AuthorCatalogRow {
                author: "Ursula K. Le Guin".into(),
                title: Some("The Lathe of Heaven".into()),
                net_cents: Some(1000),
            },
        ]
    );
}

#[test]
fn count_over_a_left_join_is_zero_for_unused_tags() {
    let (conn, s) = seed();
    let rows = db::tags_with_book_count(&conn).unwrap();
    assert_eq!(
        rows,
        [
            db::TagsWithBookCountRow { id: s.classic, name: "classic".into(), books: 2 },
            db::TagsWithBookCountRow { id: s.fantasy, name: "fantasy".into(), books: 1 },
            db::TagsWithBookCountRow { id: s.poetry, name: "poetry".into(), books: 0 },
        ]
    );
}

#[test]
fn orders_round_trip_datetime_and_boolean() {
    let (conn, s) = seed();
    let o = db::get_order(&conn, s.orders[1]).unwrap();
    assert_eq!(
        o,
        db::Order {
            id: s.orders[1],
            book_id: s.solaris,
            quantity: 1,
            customer: "ada".into(),
            ordered_at: at(3),
            shipped: false,
            note: None,
        }
    );
    let noted = db::place_order(
        &conn,
        &db::PlaceOrderParams {
            book_id: s.lathe,
            quantity: 4,
            customer: "linus",
            ordered_at: at(9),
            shipped: true,
            note: Some("gift wrap"),
        },
    )
    .unwrap();
    let o = db::get_order(&conn, noted).unwrap();
    assert_eq!((o.shipped, o.note.as_deref(), o.ordered_at), (true, Some("gift wrap"), at(9)));

    db::ship_orders(&conn, at(2)).unwrap(); // ships only the day-1 order
    let rows = db::orders_for_book(&conn, s.wizard).unwrap();
    assert_eq!(
        rows,
        [
            db::OrdersForBookRow { id: s.orders[0], customer: "ada".into(), quantity: 2, ordered_at: at(1), shipped: true },
            db::OrdersForBookRow { id: s.orders[2], customer: "grace".into(), quantity: 1, ordered_at: at(2), shipped: false },
        ]
    );
    assert!(db::orders_for_book(&conn, 999).unwrap().is_empty());
}

#[test]
fn aggregates_on_empty_input_count_zero_and_sum_max_null() {
    let (conn, _) = seed();
    assert_eq!(
        db::sales_totals(&conn, "ada").unwrap(),
        db::SalesTotalsRow { orders: 2, units: Some(3), last_order: Some(at(3)) }
    );
    assert_eq!(
        db::sales_totals(&conn, "nobody").unwrap(),
        db::SalesTotalsRow { orders: 0, units: None, last_order: None }
    );
}

#[test]
fn view_and_coalesce_over_outer_joins() {
    let (conn, s) = seed();
    assert_eq!(
        db::book_sales(&conn).unwrap(),
        [
            db::BookSale { book_id: s.wizard, title: "A Wizard of Earthsea".into(), author: "Ursula K. Le Guin".into(), units_sold: 3 },
            db::BookSale { book_id: s.solaris, title: "Solaris".into(), author: "Stanislaw Lem".into(), units_sold: 1 },
            db::BookSale { book_id: s.lathe, title: "The Lathe of Heaven".into(), author: "Ursula K. Le Guin".into(), units_sold: 0 },
        ]
    );
    assert_eq!(
        db::author_revenue(&conn).unwrap(),
        [
            db::AuthorRevenueRow { id: s.le_guin, name: "Ursula K. Le Guin".into(), revenue_cents: 3600 },
            db::AuthorRevenueRow { id: s.lem, name: "Stanislaw Lem".into(), revenue_cents: 1100 },
            db::AuthorRevenueRow { id: s.newcomer, name: "A. Newcomer".into(), revenue_cents: 0 },
        ]
    );
}

#[test]
fn scalar_subqueries() {
    let (conn, s) = seed();
    // Average price (1500 + 1100 + 1000) / 3 = 1200: only the wizard is above it.
    assert_eq!(
        db::books_above_average_price(&conn).unwrap(),
        [db::BooksAboveAveragePriceRow { id: s.wizard, title: "A Wizard of Earthsea".into(), price_cents: 1500, top_price: Some(1500) }]
    );
}

#[test]
fn union_cte_and_recursive_cte() {
    let (conn, _) = seed();
    let people: Vec<(String, String)> = db::people(&conn).unwrap().into_iter().map(|p| (p.person, p.role)).collect();
    let expected = [
        ("A. Newcomer", "author"),
        ("Stanislaw Lem", "author"),
        ("Ursula K. Le Guin", "author"),
        ("ada", "customer"),
        ("grace", "customer"),
    ];
    assert_eq!(people, expected.map(|(a, b)| (a.to_string(), b.to_string())));

    assert_eq!(
        db::big_customers(&conn, 1).unwrap(),
        [
            db::BigCustomersRow { customer: "ada".into(), units: 3 },
            db::BigCustomersRow { customer: "grace".into(), units: 1 },
        ]
    );
    assert_eq!(db::big_customers(&conn, 2).unwrap().len(), 1);
    assert!(db::big_customers(&conn, 10).unwrap().is_empty());

    assert_eq!(db::countdown(&conn, 4).unwrap(), [4, 3, 2, 1]);
    assert_eq!(db::countdown(&conn, 1).unwrap(), [1]);
}

#[test]
fn window_functions_row_number_and_lag() {
    let (conn, s) = seed();
    assert_eq!(
        db::order_history(&conn).unwrap(),
        [
            db::OrderHistoryRow { id: s.orders[0], customer: "ada".into(), quantity: 2, nth: 1, previous_quantity: None },
            db::OrderHistoryRow { id: s.orders[1], customer: "ada".into(), quantity: 1, nth: 2, previous_quantity: Some(2) },
            db::OrderHistoryRow { id: s.orders[2], customer: "grace".into(), quantity: 1, nth: 1, previous_quantity: None },
        ]
    );
}

#[test]
fn for_each_forms_see_the_same_rows_as_the_vec_forms() {
    let (conn, s) = seed();
    macro_rules! same {
        ($vec:ident, $each:ident $(, $arg:expr)*) => {{
            let mut seen = Vec::new();
            db::$each(&conn $(, $arg)*, |row| {
                seen.push(row);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, db::$vec(&conn $(, $arg)*).unwrap(), stringify!($each));
            assert!(!seen.is_empty(), stringify!($each));
        }};
    }
    same!(list_authors, list_authors_for_each);
    same!(authors_born_between, authors_born_between_for_each, 1900, 2000);
    same!(search_books, search_books_for_each, "%e%");
    same!(books_by_ids, books_by_ids_for_each, &[s.wizard, s.lathe]);
    same!(books_with_author, books_with_author_for_each);
    same!(author_catalog, author_catalog_for_each);
    same!(tags_with_book_count, tags_with_book_count_for_each);
    same!(books_tagged_any, books_tagged_any_for_each, &["classic"]);
    same!(orders_for_book, orders_for_book_for_each, s.wizard);
    same!(book_sales, book_sales_for_each);
    same!(author_revenue, author_revenue_for_each);
    same!(books_above_average_price, books_above_average_price_for_each);
    same!(people, people_for_each);
    same!(big_customers, big_customers_for_each, 1);
    same!(countdown, countdown_for_each, 3);
    same!(order_history, order_history_for_each);

    // The callback's error stops the iteration and is returned.
    let mut calls = 0;
    let result = db::countdown_for_each(&conn, 5, |_| {
        calls += 1;
        Err(rusqlite::Error::InvalidQuery)
    });
    assert!(matches!(result, Err(rusqlite::Error::InvalidQuery)), "{result:?}");
    assert_eq!(calls, 1);

    // delete_orders_of changes the data, so it is compared on two copies.
    let (other, _) = seed();
    let mut seen = Vec::new();
    db::delete_orders_of_for_each(&other, "ada", |row| {
        seen.push(row);
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, db::delete_orders_of(&conn, "ada").unwrap());
}

#[test]
fn a_transaction_is_passed_where_a_connection_is_expected() {
    let (mut conn, s) = seed();

    // Rolled back (by dropping the transaction): nothing stays.
    {
        let tx = conn.transaction().unwrap();
        let id = db::create_author(&tx, "Temporary", None, None).unwrap();
        db::place_order(&tx, &order(s.lathe, 1, "temp", 5)).unwrap();
        assert_eq!(db::get_author(&tx, id).unwrap().name, "Temporary");
        assert_eq!(db::sales_totals(&tx, "temp").unwrap().orders, 1);
        tx.rollback().unwrap();
    }
    assert_not_found(db::get_author_by_name(&conn, "Temporary"));
    assert_eq!(db::sales_totals(&conn, "temp").unwrap().orders, 0);
    assert_eq!(count(&conn, "authors"), 3);

    // Committed: everything stays.
    let tx = conn.transaction().unwrap();
    db::place_order(&tx, &order(s.lathe, 2, "temp", 5)).unwrap();
    db::restock(&tx, -2, s.lathe).unwrap();
    tx.commit().unwrap();
    assert_eq!(db::sales_totals(&conn, "temp").unwrap().units, Some(2));
    assert_eq!(db::get_book(&conn, s.lathe).unwrap().stock, -1);
}

/// `Prepared` (generated with `prepared = true`): the same queries as methods on statements kept
/// for one connection, with the same results as the functions, inside transactions too.
#[test]
fn prepared_statements_give_the_same_results_as_the_functions() {
    let (conn, s) = seed();
    {
        let mut p = db::Prepared::new(&conn);
        // Each statement is prepared on first use and then kept: repeated calls agree.
        for _ in 0..3 {
            assert_eq!(p.get_author(s.lem).unwrap(), db::get_author(&conn, s.lem).unwrap());
        }
        assert!(matches!(p.get_author(999), Err(rusqlite::Error::QueryReturnedNoRows)));
        assert_eq!(p.list_authors().unwrap(), db::list_authors(&conn).unwrap());
        let mut names = Vec::new();
        p.list_authors_for_each(|a| {
            names.push(a.name);
            Ok(())
        })
        .unwrap();
        assert_eq!(names.len(), 3);
        // A list query (SQL built per call) through the holder.
        assert_eq!(p.books_by_ids(&[s.wizard, s.solaris, 999]).unwrap().len(), 2);
        assert!(p.books_by_ids(&[]).unwrap().is_empty());
        // :execlastid and :execrows.
        let id = p.create_author("Octavia E. Butler", None, Some(1947)).unwrap();
        assert!(id > s.newcomer);
        assert_eq!(p.set_author_bio(Some("Kindred."), id).unwrap(), 1);
        assert_eq!(p.get_author(id).unwrap().bio.as_deref(), Some("Kindred."));
    }
    // Inside a transaction of the same connection: rolled back with it.
    let mut conn = conn;
    let tx = conn.transaction().unwrap();
    let gone = {
        let mut p = db::Prepared::new(&tx);
        p.create_author("Rolled Back", None, None).unwrap()
    };
    tx.rollback().unwrap();
    assert!(matches!(db::get_author(&conn, gone), Err(rusqlite::Error::QueryReturnedNoRows)));
}

/// `sqlweave check` exits 0: `src/db.rs` is exactly what `sqlweave generate` would write from
/// `schema.sql` and `queries/`. If this fails, run
/// `cargo run -p sqlweave-cli -- generate -f examples/bookstore/sqlweave.toml`.
#[test]
fn generated_code_is_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = dir.join("sqlweave.toml");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: dir.to_path_buf() };
    let code = sqlweave_cli::run(["sqlweave", "check", "-f", config.to_str().unwrap()], &mut console);
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(
        code, 0,
        "`sqlweave check` failed; regenerate with \
         `cargo run -p sqlweave-cli -- generate -f examples/bookstore/sqlweave.toml`\nstdout:\n{out}\nstderr:\n{err}"
    );
    assert!(out.contains("ok: 35 queries"), "{out}");
}
