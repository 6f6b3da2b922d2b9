//! The generated SQLite modules of sqlc's examples, run against in-memory databases.

#[cfg(any(sqlc_authors_sqlite, sqlc_booktest_sqlite, sqlc_ondeck_sqlite))]
fn open(schema: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(schema).unwrap();
    conn
}

#[cfg(sqlc_authors_sqlite)]
#[test]
fn authors() {
    use shared_examples::authors_sqlite as db;
    let conn = open(db::SCHEMA);
    assert_eq!(db::create_author(&conn, "Brian Kernighan", Some("Co-author of The C Programming Language")).unwrap(), 1);
    assert_eq!(db::create_author(&conn, "Alan Donovan", None).unwrap(), 1);
    let all = db::list_authors(&conn).unwrap();
    // ORDER BY name.
    assert_eq!(all.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Alan Donovan", "Brian Kernighan"]);
    assert_eq!(all[0].bio, None);
    let brian = db::get_author(&conn, all[1].id).unwrap();
    assert_eq!(brian, db::Author { id: all[1].id, name: "Brian Kernighan".into(), bio: Some("Co-author of The C Programming Language".into()) });
    db::delete_author(&conn, brian.id).unwrap();
    assert!(matches!(db::get_author(&conn, brian.id), Err(rusqlite::Error::QueryReturnedNoRows)));
    assert_eq!(db::list_authors(&conn).unwrap().len(), 1);
}

#[cfg(sqlc_booktest_sqlite)]
#[test]
fn booktest() {
    use shared_examples::booktest_sqlite as db;
    let conn = open(db::SCHEMA);
    let a = db::create_author(&conn, "Unknown Master").unwrap();
    assert_eq!(db::get_author(&conn, a.author_id).unwrap(), a);
    let when = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let book = |isbn: &'static str, title: &'static str, yr: i64, tag: &'static str| db::CreateBookParams {
        author_id: a.author_id,
        isbn,
        book_type: "FICTION",
        title,
        yr,
        available: when,
        tag,
    };
    let b0 = db::create_book(&conn, &book("1", "my book title", 2016, "cool")).unwrap();
    let b1 = db::create_book(&conn, &book("2", "the second book", 2016, "unique")).unwrap();
    let b2 = db::create_book(&conn, &book("3", "the third book", 2001, "cool")).unwrap();
    assert_eq!((b0.yr, b0.available, b0.tag.as_str()), (2016, when, "cool"));
    assert!(b1.book_id > b0.book_id && b2.book_id > b1.book_id);

    db::update_book(&conn, "changed second title", "disastor", b1.book_id).unwrap();
    db::update_book_isbn(&conn, "never ever gonna finish, a quatrain", "someother", b2.book_id, "NEW ISBN").unwrap();
    let b2 = db::get_book(&conn, b2.book_id).unwrap();
    assert_eq!((b2.title.as_str(), b2.tag.as_str(), b2.isbn.as_str()), ("never ever gonna finish, a quatrain", "someother", "NEW ISBN"));

    let by_title = db::books_by_title_year(&conn, "my book title", 2016).unwrap();
    assert_eq!(by_title, std::slice::from_ref(&b0));
    // LEFT JOIN authors: a book whose author is gone keeps its row with a NULL name.
    let orphan = db::create_book(&conn, &db::CreateBookParams { author_id: 999, ..book("4", "orphan", 1999, "cool") }).unwrap();
    let mut tagged = db::books_by_tags(&conn, &["cool", "someother"]).unwrap();
    tagged.sort_by_key(|r| r.book_id);
    let rows: Vec<(i64, Option<&str>, &str)> = tagged.iter().map(|r| (r.book_id, r.name.as_deref(), r.tag.as_str())).collect();
    assert_eq!(
        rows,
        [(b0.book_id, Some("Unknown Master"), "cool"), (b2.book_id, Some("Unknown Master"), "someother"), (orphan.book_id, None, "cool")]
    );
    assert!(db::books_by_tags(&conn, &[]).unwrap().is_empty());

    db::delete_author_before_year(&conn, 2003, a.author_id).unwrap();
    assert!(matches!(db::get_book(&conn, b2.book_id), Err(rusqlite::Error::QueryReturnedNoRows)));
    db::delete_book(&conn, b0.book_id).unwrap();
    assert_eq!(db::books_by_tags(&conn, &["cool", "disastor"]).unwrap().len(), 2);
}

#[cfg(sqlc_ondeck_sqlite)]
#[test]
fn ondeck() {
    use shared_examples::ondeck_sqlite as db;
    let conn = open(db::SCHEMA);
    db::create_city(&conn, "San Francisco", Some("san-francisco")).unwrap();
    db::create_city(&conn, "Oakland", Some("oakland")).unwrap();
    let city = db::get_city(&conn, "san-francisco").unwrap();
    assert_eq!((city.slug.as_str(), city.name.as_str()), ("san-francisco", "San Francisco"));
    db::update_city_name(&conn, "SF", "san-francisco").unwrap();
    let names: Vec<String> = db::list_cities(&conn).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Oakland", "SF"]);

    let venue = |slug: &'static str, city: &'static str| db::CreateVenueParams {
        slug,
        name: "The Fillmore",
        city,
        spotify_playlist: "spotify:uri",
        status: "open",
        statuses: None,
        tags: Some("rock,pop"),
    };
    assert_eq!(db::create_venue(&conn, &venue("the-fillmore", "san-francisco")).unwrap(), 1);
    assert_eq!(db::create_venue(&conn, &venue("fox", "oakland")).unwrap(), 1);
    assert_eq!(db::create_venue(&conn, &venue("great-american", "san-francisco")).unwrap(), 1);
    let v = db::get_venue(&conn, "the-fillmore", "san-francisco").unwrap();
    assert_eq!((v.name.as_str(), v.statuses.as_deref(), v.songkick_id.as_deref(), v.tags.as_deref()), ("The Fillmore", None, None, Some("rock,pop")));
    assert!(v.created_at.and_utc().timestamp() > 1_600_000_000, "CURRENT_TIMESTAMP was stored");
    db::update_venue_name(&conn, "Fillmore", "the-fillmore").unwrap();
    assert_eq!(db::list_venues(&conn, "san-francisco").unwrap().iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Fillmore", "The Fillmore"]);
    let counts: Vec<(String, i64)> = db::venue_count_by_city(&conn).unwrap().into_iter().map(|r| (r.city, r.count)).collect();
    assert_eq!(counts, [("oakland".to_string(), 1), ("san-francisco".to_string(), 2)]);
    db::delete_venue(&conn, "fox", "fox").unwrap();
    assert!(db::list_venues(&conn, "oakland").unwrap().is_empty());
}
