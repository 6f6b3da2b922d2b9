//! End-to-end tests of the generated `src/db.rs` against a live PostgreSQL server.
//!
//! The server comes from `SQLWEAVE_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//! Each test works in its own scratch schema (unique name, `search_path` set to it, `schema.sql`
//! applied) and drops it at the end. When the server cannot be reached, a test prints a notice
//! and passes, except under `CI=true`, where that is a failure.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use futures_util::TryStreamExt;
use pg_store::db::{self, Mood, OrderStatus, Statements};
use rust_decimal::Decimal;
use serde_json::json;
use tokio_postgres::Client;

fn url() -> String {
    sqlweave_testkit::pg_url()
}

/// A connection whose `search_path` is a fresh schema holding `schema.sql`.
struct Db {
    client: Client,
    schema: String,
    stmts: Statements,
}

impl Db {
    /// `None` (after a notice) when there is no server and this is not CI.
    async fn new(test: &str) -> Option<Db> {
        let client = connect().await?;
        static N: AtomicUsize = AtomicUsize::new(0);
        let schema = format!("store_test_{test}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path TO {schema};"))
            .await
            .expect("create the scratch schema");
        client.batch_execute(pg_store::SCHEMA).await.expect("apply schema.sql");
        let stmts = Statements::prepare(&client).await.expect("prepare every query");
        Some(Db { client, schema, stmts })
    }

    async fn drop(self) {
        drop(self.stmts);
        self.client.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema)).await.expect("drop the scratch schema");
    }
}

async fn connect() -> Option<Client> {
    sqlweave_testkit::pg_connect().await
}

fn placed_at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 12, 30, 15).unwrap() + chrono::Duration::microseconds(123_456)
}

async fn customer(db: &Db, email: &str, mood: Option<Mood>, moods: &[Mood], tags: &[&str], prefs: serde_json::Value) -> db::Customer {
    let p = db::CreateCustomerParams { email, name: &email.to_uppercase(), mood, moods, tags, prefs: &prefs };
    db::create_customer(&db.client, &db.stmts, &p).await.expect("create customer")
}

#[tokio::test]
async fn customers_enums_arrays_json_and_nulls() {
    let Some(db) = Db::new("customers").await else { return };
    let (c, s) = (&db.client, &db.stmts);

    let ann = customer(&db, "ann@x.org", Some(Mood::SoSo), &[Mood::Happy, Mood::Sad], &["vip", "early"], json!({"theme": "dark", "n": 3})).await;
    assert!(ann.id > 0);
    assert_eq!(ann.email, "ann@x.org");
    assert_eq!(ann.name, "ANN@X.ORG");
    assert_eq!(ann.mood, Some(Mood::SoSo));
    assert_eq!(ann.moods, vec![Mood::Happy, Mood::Sad]);
    assert_eq!(ann.tags, vec!["vip".to_string(), "early".to_string()]);
    assert_eq!(ann.prefs, json!({"theme": "dark", "n": 3}));
    assert!(ann.created_at > Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap());

    let bob = customer(&db, "bob@x.org", None, &[], &[], json!({})).await;
    assert_eq!(bob.mood, None);
    assert!(bob.moods.is_empty() && bob.tags.is_empty());

    // array_agg over a nullable column: NULL elements stay, as `None`.
    assert_eq!(db::moods_by_customer(c, s).await.unwrap(), Some(vec![Some(Mood::SoSo), None]));

    // :one round trip, and the driver's error for no row.
    assert_eq!(db::get_customer(c, s, ann.id).await.unwrap(), ann);
    let missing = db::get_customer(c, s, -1).await.unwrap_err();
    assert!(missing.to_string().contains("number of rows"), "{missing}");

    // `->>` gives NULL for a missing key.
    assert_eq!(db::customer_theme(c, s, ann.id).await.unwrap().as_deref(), Some("dark"));
    assert_eq!(db::customer_theme(c, s, bob.id).await.unwrap(), None);

    // = ANY($1::bigint[]) and sqlc.slice (= ANY($1)), including an empty list.
    let by_ids = db::customers_by_ids(c, s, &[bob.id, ann.id, 999]).await.unwrap();
    assert_eq!(by_ids.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ann.id, bob.id]);
    assert_eq!(by_ids[1].name, "BOB@X.ORG");
    let by_email = db::customers_by_emails(c, s, &["bob@x.org", "nobody@x.org"]).await.unwrap();
    assert_eq!(by_email.len(), 1);
    assert_eq!((by_email[0].id, by_email[0].email.as_str()), (bob.id, "bob@x.org"));
    assert!(db::customers_by_emails(c, s, &[]).await.unwrap().is_empty());

    // A system catalog with a "char" column: every database has ordinary tables ('r') in
    // pg_catalog, none of kind '?'. The scratch schema's own tables count too.
    let tables = db::count_relations_of_kind(c, s, b'r' as i8).await.unwrap();
    assert!(tables >= 5, "{tables}");
    assert_eq!(db::count_relations_of_kind(c, s, b'?' as i8).await.unwrap(), 0);
    // pg_catalog's oid is fixed (PG_CATALOG_NAMESPACE = 11).
    assert_eq!(db::namespace_oid(c, s, "pg_catalog").await.unwrap(), 11u32);

    // Enum parameter and result.
    let so_so = db::customers_in_mood(c, s, Mood::SoSo).await.unwrap();
    assert_eq!(so_so.len(), 1);
    assert_eq!((so_so[0].id, so_so[0].mood), (ann.id, Mood::SoSo));
    assert!(db::customers_in_mood(c, s, Mood::Happy).await.unwrap().is_empty());

    // Array column searched with `$1 = ANY(tags)`.
    let vip = db::customers_with_tag(c, s, "vip").await.unwrap();
    assert_eq!(vip.len(), 1);
    assert_eq!(vip[0].tags, vec!["vip", "early"]);

    // :execrows, setting an enum to a value and to NULL.
    assert_eq!(db::set_mood(c, s, bob.id, Some(Mood::Happy)).await.unwrap(), 1);
    assert_eq!(db::get_customer(c, s, bob.id).await.unwrap().mood, Some(Mood::Happy));
    assert_eq!(db::set_mood(c, s, ann.id, None).await.unwrap(), 1);
    assert_eq!(db::get_customer(c, s, ann.id).await.unwrap().mood, None);
    assert_eq!(db::set_mood(c, s, 12345, None).await.unwrap(), 0);

    // :many, and its stream form.
    let all = db::list_customers(c, s).await.unwrap();
    assert_eq!(all.iter().map(|x| x.email.as_str()).collect::<Vec<_>>(), vec!["ann@x.org", "bob@x.org"]);
    let stream = db::list_customers_stream(c, s).await.unwrap();
    futures_util::pin_mut!(stream);
    let mut seen = Vec::new();
    while let Some(row) = stream.try_next().await.unwrap() {
        seen.push(row);
    }
    assert_eq!(seen, all);

    // :exec.
    db::delete_customer(c, s, bob.id).await.unwrap();
    assert_eq!(db::list_customers(c, s).await.unwrap().len(), 1);
    db.drop().await;
}

#[tokio::test]
async fn products_uuid_numeric_bytes_and_upserts() {
    let Some(db) = Db::new("products").await else { return };
    let (c, s) = (&db.client, &db.stmts);
    let sku = uuid::Uuid::parse_str("6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f").unwrap();
    let price = Decimal::new(1999, 2);
    let id = db::create_product(
        c,
        s,
        &db::CreateProductParams { sku, title: "Mug", price, weight: Some(0.25), stock: 7, image: Some(&[0, 159, 146, 150]) },
    )
    .await
    .unwrap();
    let p = db::get_product_by_sku(c, s, sku).await.unwrap();
    assert_eq!(p.id, id);
    assert_eq!(p.sku, sku);
    assert_eq!(p.title, "Mug");
    assert_eq!(p.price, price);
    assert_eq!(p.price.to_string(), "19.99");
    assert_eq!(p.weight, Some(0.25));
    assert_eq!(p.stock, 7);
    assert_eq!(p.image.as_deref(), Some(&[0u8, 159, 146, 150][..]));

    // ON CONFLICT … DO UPDATE … RETURNING: same id, new values.
    let up = db::upsert_product(c, s, sku, "Big mug", Decimal::new(2450, 2)).await.unwrap();
    assert_eq!((up.id, up.title.as_str(), up.price), (id, "Big mug", Decimal::new(245, 1)));
    let other = uuid::Uuid::from_u128(42);
    let fresh = db::upsert_product(c, s, other, "Plate", Decimal::ONE).await.unwrap();
    assert_ne!(fresh.id, id);
    let plate = db::get_product_by_sku(c, s, other).await.unwrap();
    assert_eq!((plate.weight, plate.image, plate.stock), (None, None, 0));

    // ON CONFLICT DO NOTHING RETURNING under :one: zero or one row, as an Option.
    assert_eq!(db::insert_product_if_absent(c, s, sku, "dup", Decimal::ZERO).await.unwrap(), None);
    let new = db::insert_product_if_absent(c, s, uuid::Uuid::from_u128(7), "Bowl", Decimal::TEN).await.unwrap();
    assert!(new.is_some_and(|id| id > fresh.id), "{new:?}");
    db.drop().await;
}

#[tokio::test]
async fn orders_copy_views_left_joins_and_timestamptz() {
    let Some(db) = Db::new("orders").await else { return };
    let (c, s) = (&db.client, &db.stmts);
    let ann = customer(&db, "ann@x.org", None, &[], &[], json!({})).await;
    let bob = customer(&db, "bob@x.org", None, &[], &[], json!({})).await;
    let mug = db::upsert_product(c, s, uuid::Uuid::from_u128(1), "Mug", Decimal::new(1999, 2)).await.unwrap();
    let plate = db::upsert_product(c, s, uuid::Uuid::from_u128(2), "Plate", Decimal::new(500, 2)).await.unwrap();
    let bowl = db::upsert_product(c, s, uuid::Uuid::from_u128(3), "Bowl", Decimal::new(1, 0)).await.unwrap();

    let order = db::create_order(c, s, ann.id, OrderStatus::Paid, placed_at(), Some("gift")).await.unwrap();
    let lines = [
        db::CopyOrderLinesParams { order_id: order, product_id: mug.id, quantity: 2, unit_price: mug.price },
        db::CopyOrderLinesParams { order_id: order, product_id: plate.id, quantity: 3, unit_price: plate.price },
        db::CopyOrderLinesParams { order_id: order, product_id: bowl.id, quantity: 1, unit_price: bowl.price },
    ];
    assert_eq!(db::copy_order_lines(c, s, &lines).await.unwrap(), 3);
    assert_eq!(db::copy_order_lines(c, s, &[]).await.unwrap(), 0);
    // Rows without columns: one `()` per matching line.
    assert_eq!(db::order_line_marks(c, s, order, 2).await.unwrap(), vec![(), ()]);
    assert_eq!(db::order_line_marks(c, s, order, 4).await.unwrap(), Vec::<()>::new());

    // The view: 2 × 19.99 + 3 × 5.00 + 1 × 1 = 55.98.
    let total = db::order_total(c, s, order).await.unwrap();
    assert_eq!((total.order_id, total.customer_id, total.total), (order, ann.id, Decimal::new(5598, 2)));

    // LEFT JOIN: bob has no order, so its order columns are NULL; timestamptz keeps microseconds.
    let rows = db::customers_with_orders(c, s).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].id, rows[0].order_id, rows[0].status, rows[0].placed_at), (ann.id, Some(order), Some(OrderStatus::Paid), Some(placed_at())));
    assert_eq!((rows[1].id, rows[1].name.as_str(), rows[1].order_id, rows[1].status, rows[1].placed_at), (bob.id, "BOB@X.ORG", None, None, None));

    // Intervals: placed in 2024, so more than 200 days ago, and within no window shorter than that.
    let age = db::order_age(c, s, order).await.unwrap();
    assert!(age.days > 200 && age.months == 0, "{age:?}");
    let recent = db::create_order(c, s, bob.id, OrderStatus::Shipped, Utc::now() - chrono::Duration::hours(2), None).await.unwrap();
    let day = sqlweave::Interval::days(1);
    assert_eq!(db::orders_placed_within(c, s, day).await.unwrap(), [recent]);
    assert_eq!(db::orders_placed_within(c, s, sqlweave::Interval::microseconds(3_600_000_000)).await.unwrap(), Vec::<i64>::new());
    assert_eq!(db::orders_placed_within(c, s, sqlweave::Interval::months(1200)).await.unwrap(), [order, recent]);

    assert_eq!(db::ship_orders(c, s, OrderStatus::Pending).await.unwrap(), 0);
    assert_eq!(db::ship_orders(c, s, OrderStatus::Paid).await.unwrap(), 1);
    assert_eq!(db::customers_with_orders(c, s).await.unwrap()[0].status, Some(OrderStatus::Shipped));
    db.drop().await;
}

#[tokio::test]
async fn transactions_commit_and_roll_back_with_the_same_statements() {
    let Some(mut db) = Db::new("tx").await else { return };
    let stmts = db.stmts.clone();

    let tx = db.client.transaction().await.unwrap();
    let kept = db::create_customer(
        &tx,
        &stmts,
        &db::CreateCustomerParams { email: "kept@x.org", name: "Kept", mood: Some(Mood::Happy), moods: &[], tags: &[], prefs: &json!(null) },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db::get_customer(&db.client, &stmts, kept.id).await.unwrap().prefs, json!(null));

    let tx = db.client.transaction().await.unwrap();
    let gone = db::create_customer(
        &tx,
        &stmts,
        &db::CreateCustomerParams { email: "gone@x.org", name: "Gone", mood: None, moods: &[Mood::Sad], tags: &["x"], prefs: &json!([1, 2]) },
    )
    .await
    .unwrap();
    assert_eq!(db::list_customers(&tx, &stmts).await.unwrap().len(), 2);
    tx.rollback().await.unwrap();
    assert!(db::get_customer(&db.client, &stmts, gone.id).await.is_err());
    assert_eq!(db::list_customers(&db.client, &stmts).await.unwrap().len(), 1);

    // COPY within a transaction, rolled back by dropping it.
    {
        let tx = db.client.transaction().await.unwrap();
        let order = db::create_order(&tx, &stmts, kept.id, OrderStatus::Pending, placed_at(), None).await.unwrap();
        let p = db::upsert_product(&tx, &stmts, uuid::Uuid::from_u128(9), "Cup", Decimal::TWO).await.unwrap();
        let lines = [db::CopyOrderLinesParams { order_id: order, product_id: p.id, quantity: 4, unit_price: p.price }];
        assert_eq!(db::copy_order_lines(&tx, &stmts, &lines).await.unwrap(), 1);
        assert_eq!(db::order_total(&tx, &stmts, order).await.unwrap().total, Decimal::new(8, 0));
    }
    assert!(db::customers_with_orders(&db.client, &stmts).await.unwrap()[0].order_id.is_none());
    db.drop().await;
}

fn home() -> db::Address {
    db::Address {
        street: Some("1 Main St".into()),
        city: Some("Springfield".into()),
        zip: Some("12345".into()),
        floor: Some(-2),
        at: Some(db::Geo { lat: Some(44.05), lon: None }),
        mood: Some(Mood::SoSo),
    }
}

#[tokio::test]
async fn composite_types_round_trip() {
    let Some(db) = Db::new("composite").await else { return };
    let (c, s) = (&db.client, &db.stmts);

    // A composite parameter and column, with NULL fields, a nested composite, a NULL composite
    // and an array of composites.
    let all_null = db::Address { street: None, city: None, zip: None, floor: None, at: None, mood: None };
    let depot = db::Address { city: Some("Shelbyville".into()), at: Some(db::Geo { lat: None, lon: Some(-0.5) }), ..all_null.clone() };
    let one = db::create_shipment(c, s, &home(), None, &[&depot, &all_null]).await.unwrap();
    assert!(one.id > 0);
    assert_eq!(one.ship_to, home());
    assert_eq!(one.bill_to, None);
    assert_eq!(one.stops, vec![depot.clone(), all_null.clone()]);
    let two = db::create_shipment(c, s, &all_null, Some(&depot), &[]).await.unwrap();
    assert_eq!((two.ship_to.clone(), two.bill_to.clone(), two.stops.len()), (all_null.clone(), Some(depot.clone()), 0));
    assert_eq!(db::get_shipment(c, s, one.id).await.unwrap(), one);
    assert_eq!(db::get_shipment(c, s, two.id).await.unwrap(), two);

    // The server sees the fields (and the NULLs) as written.
    let row = c
        .query_one("SELECT (ship_to).street, (ship_to).floor, ((ship_to).at).lon IS NULL, bill_to IS NULL, (ship_to).mood::text FROM shipments WHERE id = $1", &[&one.id])
        .await
        .unwrap();
    assert_eq!(row.get::<_, Option<String>>(0).as_deref(), Some("1 Main St"));
    assert_eq!(row.get::<_, Option<i16>>(1), Some(-2));
    assert!(row.get::<_, bool>(2) && row.get::<_, bool>(3));
    assert_eq!(row.get::<_, Option<String>>(4).as_deref(), Some("so-so"));

    // Field access, through a NULL composite and into a nested one.
    let cities = db::shipment_cities(c, s).await.unwrap();
    assert_eq!(cities.len(), 2);
    assert_eq!((cities[0].ship_city.as_deref(), cities[0].bill_city.as_deref(), cities[0].lat), (Some("Springfield"), None, Some(44.05)));
    assert_eq!((cities[1].ship_city.as_deref(), cities[1].bill_city.as_deref(), cities[1].lat), (None, Some("Shelbyville"), None));
    assert_eq!(db::shipments_to_zip(c, s, "12345").await.unwrap(), vec![one.id]);

    // A row constructor with parameters; the fields it sets NULL come back as `None`.
    db::readdress(c, s, Some("2 Elm St"), None, Some("99999"), two.id).await.unwrap();
    let moved = db::get_shipment(c, s, two.id).await.unwrap().ship_to;
    assert_eq!(moved, db::Address { street: Some("2 Elm St".into()), zip: Some("99999".into()), ..all_null.clone() });

    // Field assignment keeps the other fields; a nested field of a NULL composite makes one.
    db::move_shipment_to(c, s, Some("Ghent"), Some(51.05), two.id).await.unwrap();
    let moved_again = db::get_shipment(c, s, two.id).await.unwrap().ship_to;
    assert_eq!(moved_again.city.as_deref(), Some("Ghent"));
    assert_eq!((moved_again.street, moved_again.zip), (moved.street, moved.zip));
    assert_eq!(moved_again.at, Some(db::Geo { lat: Some(51.05), lon: None }));

    // A composite cast parameter, echoed back.
    assert_eq!(db::echo_address(c, s, &home()).await.unwrap(), home());
    assert_eq!(db::echo_address(c, s, &all_null).await.unwrap(), all_null);

    // A value of another composite type is refused when binding, not sent as garbage.
    c.batch_execute("CREATE TYPE not_address AS (street text)").await.unwrap();
    let other = c.prepare("SELECT $1::not_address").await.unwrap();
    let err = c.query_one(&other, &[&home()]).await.unwrap_err();
    assert!(err.to_string().contains("error serializing parameter 0"), "{err}");
    db.drop().await;
}

#[test]
fn verify_agrees_with_the_server() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    if rt.block_on(connect()).is_none() {
        return;
    }
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/sqlweave.toml");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: std::env::current_dir().unwrap() };
    let code = sqlweave_cli::run(["sqlweave", "verify", "-f", config, "--url", &url()], &mut console);
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("verified 32 queries"), "{out}");
    assert!(out.contains(", 0 disagreements"), "{out}");
}

#[test]
fn generated_module_is_up_to_date() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/sqlweave.toml");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = sqlweave_cli::Console { stdout: &mut out, stderr: &mut err, color: false, cwd: std::env::current_dir().unwrap() };
    let code = sqlweave_cli::run(["sqlweave", "check", "-f", config], &mut console);
    assert_eq!(code, 0, "run `sqlweave generate -f examples/pg-store/sqlweave.toml`:\n{}", String::from_utf8_lossy(&err));
}
