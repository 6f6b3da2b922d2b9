//! The generated PostgreSQL modules of sqlc's examples, run against the live server, each test in
//! a scratch schema of its own (see `sqlweave_testkit`).

#[allow(unused_imports)] // every test here is compiled only when its example was generated
use sqlweave_testkit::PgScratch;

#[cfg(sqlc_authors_postgresql)]
#[tokio::test]
async fn authors() {
    use shared_examples::authors_postgresql as db;
    let Some(pg) = PgScratch::new("sqlc_authors", db::SCHEMA).await else { return };
    let c = &pg.client;
    let s = db::Statements::prepare(c).await.unwrap();
    let brian = db::create_author(c, &s, "Brian Kernighan", Some("Co-author of The C Programming Language")).await.unwrap();
    let alan = db::create_author(c, &s, "Alan Donovan", None).await.unwrap();
    assert_eq!((alan.name.as_str(), alan.bio.as_deref()), ("Alan Donovan", None));
    assert_eq!(db::get_author(c, &s, brian.id).await.unwrap(), brian);
    assert_eq!(db::list_authors(c, &s).await.unwrap(), [alan.clone(), brian.clone()]);
    db::delete_author(c, &s, brian.id).await.unwrap();
    assert!(db::get_author(c, &s, brian.id).await.is_err());
    assert_eq!(db::list_authors(c, &s).await.unwrap(), [alan]);
    drop(s);
    pg.drop().await;
}

#[cfg(sqlc_jets_postgresql)]
#[tokio::test]
async fn jets() {
    use shared_examples::jets_postgresql as db;
    let Some(pg) = PgScratch::new("sqlc_jets", db::SCHEMA).await else { return };
    let c = &pg.client;
    let s = db::Statements::prepare(c).await.unwrap();
    assert_eq!(db::count_pilots(c, &s).await.unwrap(), 0);
    c.batch_execute("INSERT INTO pilots (id, name) SELECT g, 'pilot ' || g FROM generate_series(1, 7) g").await.unwrap();
    assert_eq!(db::count_pilots(c, &s).await.unwrap(), 7);
    let five = db::list_pilots(c, &s).await.unwrap();
    assert_eq!(five.len(), 5, "LIMIT 5");
    db::delete_pilot(c, &s, 3).await.unwrap();
    assert_eq!(db::count_pilots(c, &s).await.unwrap(), 6);
    drop(s);
    pg.drop().await;
}

#[cfg(sqlc_ondeck_postgresql)]
#[tokio::test]
async fn ondeck() {
    use shared_examples::ondeck_postgresql as db;
    use db::Status;
    let Some(pg) = PgScratch::new("sqlc_ondeck", db::SCHEMA).await else { return };
    let c = &pg.client;
    let s = db::Statements::prepare(c).await.unwrap();
    let sf = db::create_city(c, &s, "San Francisco", "san-francisco").await.unwrap();
    assert_eq!(sf, db::City { slug: "san-francisco".into(), name: "San Francisco".into() });
    db::create_city(c, &s, "Oakland", "oakland").await.unwrap();
    db::update_city_name(c, &s, "san-francisco", "SF").await.unwrap();
    assert_eq!(db::get_city(c, &s, "san-francisco").await.unwrap().name, "SF");
    let names: Vec<String> = db::list_cities(c, &s).await.unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Oakland", "SF"]);

    let id = db::create_venue(
        c,
        &s,
        &db::CreateVenueParams {
            slug: "the-fillmore",
            name: "The Fillmore",
            city: "san-francisco",
            spotify_playlist: "spotify:uri",
            status: Status::OpEn,
            statuses: Some(&[Status::OpEn, Status::CloSed]),
            tags: Some(&["rock", "punk"]),
        },
    )
    .await
    .unwrap();
    let bare = db::CreateVenueParams {
        slug: "fox",
        name: "Fox",
        city: "oakland",
        spotify_playlist: "",
        status: Status::CloSed,
        statuses: None,
        tags: None,
    };
    db::create_venue(c, &s, &bare).await.unwrap();
    let v = db::get_venue(c, &s, "the-fillmore", "san-francisco").await.unwrap();
    assert_eq!(v.id, id);
    assert_eq!(v.status, Status::OpEn);
    assert_eq!(v.statuses, Some(vec![Status::OpEn, Status::CloSed]));
    assert_eq!(v.tags, Some(vec!["rock".to_string(), "punk".to_string()]));
    assert_eq!(v.songkick_id, None);
    let fox = db::get_venue(c, &s, "fox", "oakland").await.unwrap();
    assert_eq!((fox.statuses, fox.tags), (None, None));
    assert_eq!(db::update_venue_name(c, &s, "the-fillmore", "Fillmore").await.unwrap(), id);
    assert_eq!(db::list_venues(c, &s, "san-francisco").await.unwrap()[0].name, "Fillmore");
    let counts: Vec<(String, i64)> = db::venue_count_by_city(c, &s).await.unwrap().into_iter().map(|r| (r.city, r.count)).collect();
    assert_eq!(counts, [("oakland".to_string(), 1), ("san-francisco".to_string(), 1)]);
    db::delete_venue(c, &s, "fox").await.unwrap();
    assert!(db::list_venues(c, &s, "oakland").await.unwrap().is_empty());
    drop(s);
    pg.drop().await;
}

#[cfg(sqlc_batch_postgresql)]
#[tokio::test]
async fn batch_kinds_pipeline_items_and_keep_their_order() {
    use shared_examples::batch_postgresql as db;
    use db::BookType;
    let Some(mut pg) = PgScratch::new("sqlc_batch", db::SCHEMA).await else { return };
    let s = db::Statements::prepare(&pg.client).await.unwrap();
    let c = &pg.client;
    let ursula = db::create_author(c, &s, "Ursula").await.unwrap();
    let stanislaw = db::create_author(c, &s, "Stanislaw").await.unwrap();
    c.execute("UPDATE authors SET biography = '{\"born\": 1929}' WHERE author_id = $1", &[&ursula.author_id]).await.unwrap();
    let when = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let item = |author_id, isbn, title, year, tags| db::CreateBookParams {
        author_id,
        isbn,
        book_type: BookType::Fiction,
        title,
        year,
        available: when,
        tags,
    };
    // :batchone: one row per item, in item order.
    let books = db::create_book(
        c,
        &s,
        &[
            item(ursula.author_id, "a", "Earthsea", 1968, &["fantasy"]),
            item(stanislaw.author_id, "b", "Solaris", 1961, &[]),
            item(ursula.author_id, "c", "The Dispossessed", 1974, &["sf", "utopia"]),
        ],
    )
    .await
    .unwrap();
    let titles: Vec<Option<&str>> = books.iter().map(|b| b.as_ref().map(|b| b.title.as_str())).collect();
    assert_eq!(titles, [Some("Earthsea"), Some("Solaris"), Some("The Dispossessed")]);
    let books: Vec<db::Book> = books.into_iter().map(Option::unwrap).collect();
    assert_eq!((books[2].year, books[2].tags.clone(), books[2].available), (1974, vec!["sf".to_string(), "utopia".to_string()], when));
    // :batchone where an item finds nothing: `None` in its place; a NULL column stays `None` inside.
    let bios = db::get_biography(c, &s, &[stanislaw.author_id, 999, ursula.author_id]).await.unwrap();
    assert_eq!(bios, [Some(None), None, Some(Some(serde_json::json!({"born": 1929})))]);
    // :batchmany: each item's rows.
    let by_year = db::books_by_year(c, &s, &[1961, 2000, 1968]).await.unwrap();
    let shape: Vec<Vec<&str>> = by_year.iter().map(|rows| rows.iter().map(|b| b.title.as_str()).collect()).collect();
    assert_eq!(shape, [vec!["Solaris"], vec![], vec!["Earthsea"]]);
    assert!(db::books_by_year(c, &s, &[]).await.unwrap().is_empty());
    // :batchexec: each item's changed-row count.
    let changed = db::update_book(
        c,
        &s,
        &[
            db::UpdateBookParams { title: "A Wizard of Earthsea", tags: &["classic"], book_id: books[0].book_id },
            db::UpdateBookParams { title: "nobody", tags: &[], book_id: -1 },
        ],
    )
    .await
    .unwrap();
    assert_eq!(changed, [1, 0]);
    assert_eq!(db::books_by_year(c, &s, &[1968]).await.unwrap()[0][0].title, "A Wizard of Earthsea");
    // In a transaction a failing item undoes the batch: the second item violates the FK.
    {
        let tx = pg.client.transaction().await.unwrap();
        let err = db::create_book(&tx, &s, &[item(ursula.author_id, "d", "Lathe", 1971, &[]), item(12345, "e", "x", 1, &[])]).await;
        assert!(err.is_err());
    }
    let c = &pg.client;
    assert_eq!(db::books_by_year(c, &s, &[1971]).await.unwrap(), [Vec::<db::Book>::new()]);
    assert_eq!(db::delete_book(c, &s, &[books[1].book_id, books[1].book_id]).await.unwrap(), [1, 0]);
    assert_eq!(db::delete_book_named_sign(c, &s, &[books[0].book_id]).await.unwrap(), [1]);
    assert_eq!(db::delete_book_named_func(c, &s, &[books[2].book_id, 77]).await.unwrap(), [1, 0]);
    assert_eq!(db::delete_book_exec_result(c, &s, books[2].book_id).await.unwrap(), 0);
    drop(s);
    pg.drop().await;
}

#[cfg(sqlc_booktest_postgresql)]
#[tokio::test]
async fn booktest() {
    use shared_examples::booktest_postgresql as db;
    use db::BookType;
    let Some(pg) = PgScratch::new("sqlc_booktest", db::SCHEMA).await else { return };
    let c = &pg.client;
    let s = db::Statements::prepare(c).await.unwrap();
    let a = db::create_author(c, &s, "Unknown Master").await.unwrap();
    assert_eq!(db::get_author(c, &s, a.author_id).await.unwrap(), a);
    let when = chrono::DateTime::from_timestamp(1_714_564_800, 0).unwrap();
    let book = |isbn, title, year, tags| db::CreateBookParams {
        author_id: a.author_id,
        isbn,
        book_type: BookType::Fiction,
        title,
        year,
        available: when,
        tags,
    };
    let b0 = db::create_book(c, &s, &book("1", "my book title", 2016, &[])).await.unwrap();
    let b1 = db::create_book(c, &s, &book("2", "the second book", 2016, &["cool", "unique"])).await.unwrap();
    let b2 = db::create_book(c, &s, &db::CreateBookParams { book_type: BookType::Nonfiction, ..book("3", "the third book", 2001, &["cool"]) })
        .await
        .unwrap();
    assert_eq!((b2.book_type, b2.available, b2.tags.clone()), (BookType::Nonfiction, when, vec!["cool".to_string()]));
    db::update_book(c, &s, "changed second title", &["cool", "disastor"], b1.book_id).await.unwrap();
    db::update_book_isbn(c, &s, "never ever gonna finish, a quatrain", &["someother"], b2.book_id, "NEW ISBN").await.unwrap();
    let b2 = db::get_book(c, &s, b2.book_id).await.unwrap();
    assert_eq!((b2.title.as_str(), b2.isbn.as_str()), ("never ever gonna finish, a quatrain", "NEW ISBN"));
    assert_eq!(db::books_by_title_year(c, &s, "my book title", 2016).await.unwrap(), std::slice::from_ref(&b0));
    // LEFT JOIN authors with an overlap (`&&`) on the tag array.
    let tagged = db::books_by_tags(c, &s, &["cool", "someother"]).await.unwrap();
    let rows: Vec<(i32, Option<&str>)> = tagged.iter().map(|r| (r.book_id, r.name.as_deref())).collect();
    assert_eq!(rows, [(b1.book_id, Some("Unknown Master")), (b2.book_id, Some("Unknown Master"))]);
    // A user function: `say_hello(text) RETURNS text`, nullable as a function result.
    assert_eq!(db::say_hello(c, &s, "world").await.unwrap(), Some("hello world".to_string()));
    db::delete_book(c, &s, b0.book_id).await.unwrap();
    assert!(db::get_book(c, &s, b0.book_id).await.is_err());
    drop(s);
    pg.drop().await;
}
