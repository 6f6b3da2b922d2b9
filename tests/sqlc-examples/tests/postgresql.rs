//! The generated PostgreSQL modules of sqlc's examples, run against the live server, each test in
//! a scratch schema of its own (see `sqlweave_testkit`).

use sqlweave_testkit::PgScratch;

#[cfg(sqlc_authors_postgresql)]
#[tokio::test]
async fn authors() {
    use sqlc_examples::authors_postgresql as db;
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
    use sqlc_examples::jets_postgresql as db;
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
    use sqlc_examples::ondeck_postgresql as db;
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
