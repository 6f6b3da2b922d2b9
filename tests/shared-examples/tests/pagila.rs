//! Pagila (../shared/schemas/pagila) with this crate's own queries: the inferred types and
//! nullability of every query, checked through the analyzer and, at compile time, through the
//! generated structs. `verify.rs` prepares the same queries on the server (on a copy of the
//! schema adapted to servers before PostgreSQL 18 without pgvector).

#[test]
fn inferred_types_over_pagila() {
    if sqlweave_testkit::shared_dir().is_none() {
        sqlweave_testkit::skip_or_fail("../shared is not beside the checkout");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pagila");
    let config = sqlweave_core::config::Config::parse(&std::fs::read_to_string(dir.join("sqlweave.toml")).unwrap(), &dir).unwrap();
    let analysis = sqlweave_core::analyze_block(&config.sql[0], &dir);
    assert!(!analysis.has_errors(), "{}", analysis.render(false));
    let ir = analysis.ir.unwrap();
    let show = |ty: &sqlweave_core::ir::ValueType, nullable: bool| format!("{}{}", sqlweave_cli::summary::type_name(ty), if nullable { "?" } else { "" });
    let got: Vec<String> = ir
        .queries
        .iter()
        .map(|q| {
            let params: Vec<String> = q.params.iter().map(|p| format!("{}: {}", p.name, show(&p.ty, p.nullable))).collect();
            let cols: Vec<String> = q.columns.iter().map(|c| format!("{}: {}", c.name, show(&c.ty, c.nullable))).collect();
            format!("{} ({}) -> ({})", q.name, params.join(", "), cols.join(", "))
        })
        .collect();
    let expected = [
        "GetFilm (film_id: i32) -> (film_id: i32, title: text, description: text?, release_year: i32?, rating: enum mpaa_rating?, rental_rate: numeric, length: i16?, special_features: text[]?)",
        "FilmsByRating (ratings: enum mpaa_rating[], max_rows: i64) -> (film_id: i32, title: text, rating: enum mpaa_rating?)",
        "FilmsWithFeature (feature: text) -> (film_id: i32, title: text)",
        "ActorsOfFilm (film_id: i32) -> (actor_id: i32, full_name: text)",
        "FilmsPerCategory () -> (category: text, films: i64, avg_rate: numeric?, longest: i16?)",
        "CustomerRentals (customer_id: i32) -> (rental_id: i32, rental_date: timestamptz, return_date: timestamptz?, title: text, amount: numeric?)",
        "OpenRentals (staff_id: i32) -> (open_rentals: i64, oldest: timestamptz?)",
        "CustomerSpend (customer_id: i32) -> (customer_id: i32, first_name: text, email: text?, total: numeric)",
        "CreateActor (first_name: text, last_name: text) -> (actor_id: i32, first_name: text, last_name: text, last_update: timestamptz)",
        "RenameActor (actor_id: i32, first_name: text) -> ()",
        "DeleteActor (actor_id: i32) -> ()",
        "CityAndCountry (address_id: i32) -> (city: text, country: text, postal_code: text?)",
        "StaffOfStore (store_id: i32, active: bool?) -> (staff_id: i32, username: text, email: text?, active: bool, picture: bytes?)",
        "FilmListByCategory (category: text) -> (fid: i32?, title: text?, price: numeric?, actors: text)",
        "PaymentsBetween (payment_date: timestamptz, payment_date_2: timestamptz) -> (payment_id: i32, customer_id: i32, amount: numeric, payment_date: timestamptz)",
        "InStock (film_id: i32, store_id: i32) -> (inventory_id: i32)",
    ];
    assert_eq!(got, expected);
    // Every table, view and partition of the dump is in the catalog.
    assert_eq!(ir.tables.len(), 79);
}

/// The generated structs carry those types: this only compiles if they do.
#[cfg(shared_pagila_postgresql)]
#[test]
fn generated_pagila_structs_have_the_inferred_types() {
    use rust_decimal::Decimal;
    use shared_examples::pagila_postgresql as db;
    let film = db::GetFilmRow {
        film_id: 1,
        title: "ACADEMY DINOSAUR".into(),
        description: None,
        release_year: Some(2006i32),
        rating: Some(db::MpaaRating::Pg13),
        rental_rate: Decimal::new(99, 2),
        length: Some(86i16),
        special_features: Some(vec!["Deleted Scenes".into()]),
    };
    assert_eq!(film.rating.map(db::MpaaRating::as_str), Some("PG-13"));
    let spend = db::CustomerSpendRow { customer_id: 1, first_name: "MARY".into(), email: None, total: Decimal::ZERO };
    assert_eq!(spend.total, Decimal::ZERO);
    let staff = db::StaffOfStoreRow { staff_id: 1, username: "Mike".into(), email: None, active: true, picture: Some(vec![0u8]) };
    assert!(staff.active);
    let listed = db::FilmListByCategoryRow { fid: None, title: None, price: None, actors: String::new() };
    assert_eq!(listed.fid, None);
}
