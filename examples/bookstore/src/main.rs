//! A short bookstore scenario over an in-memory SQLite database, using only the functions that
//! sqlweave generated into `src/db.rs`.

use bookstore::db;
use chrono::NaiveDate;

fn main() -> rusqlite::Result<()> {
    let mut conn = bookstore::open_in_memory()?;
    println!("schema applied to an in-memory database");

    // :execlastid with `?` parameters; `bio` and `born` are Option.
    let le_guin = db::create_author(&conn, "Ursula K. Le Guin", Some("Wrote Earthsea."), Some(1929))?;
    let lem = db::create_author(&conn, "Stanislaw Lem", None, Some(1921))?;
    let newcomer = db::create_author(&conn, "A. Newcomer", None, None)?;
    println!("inserted 3 authors (ids {le_guin}, {lem}, {newcomer})");

    // :one with INSERT ... RETURNING; six parameters become a Params struct.
    let wizard = db::create_book(
        &conn,
        &db::CreateBookParams {
            author_id: le_guin,
            title: "A Wizard of Earthsea",
            isbn: Some("978-0547773742"),
            price_cents: 1500,
            discount_pct: Some(20),
            stock: 5,
        },
    )?;
    let solaris = db::create_book(
        &conn,
        &db::CreateBookParams {
            author_id: lem,
            title: "Solaris",
            isbn: None,
            price_cents: 1100,
            discount_pct: None,
            stock: 2,
        },
    )?;
    println!(
        "inserted 2 books: {:?} net {} cents (generated column), {:?} net {} cents",
        wizard.title, wizard.net_cents, solaris.title, solaris.net_cents
    );

    let fantasy = db::create_tag(&conn, "fantasy")?;
    let classic = db::create_tag(&conn, "classic")?;
    db::tag_book(&conn, wizard.id, fantasy)?;
    db::tag_book(&conn, wizard.id, classic)?;
    db::tag_book(&conn, solaris.id, classic)?;
    println!("tagged books: fantasy x1, classic x2");

    // A transaction: the generated functions take `&Connection`, and a `Transaction` derefs to one.
    let tx = conn.transaction()?;
    let at = |day| NaiveDate::from_ymd_opt(2024, 5, day).unwrap().and_hms_opt(10, 30, 0).unwrap();
    for (book, quantity, customer, day) in
        [(wizard.id, 2, "ada", 1), (solaris.id, 1, "ada", 3), (wizard.id, 1, "grace", 2)]
    {
        db::place_order(
            &tx,
            &db::PlaceOrderParams { book_id: book, quantity, customer, ordered_at: at(day), shipped: false, note: None },
        )?;
    }
    tx.commit()?;
    println!("placed 3 orders in one transaction");

    let shipped = db::ship_orders(&conn, at(3))?;
    println!("ship_orders before 2024-05-03: {shipped} rows updated");

    println!("author catalog (LEFT JOIN; an author without books has None):");
    for row in db::author_catalog(&conn)? {
        println!("  {:<18} {:<30} {:?}", row.author, format!("{:?}", row.title), row.net_cents);
    }

    let ada = db::sales_totals(&conn, "ada")?;
    let nobody = db::sales_totals(&conn, "nobody")?;
    println!("sales totals for ada: {} orders, units {:?}, last {:?}", ada.orders, ada.units, ada.last_order);
    println!("sales totals for nobody: {} orders, units {:?} (SUM of no rows is NULL)", nobody.orders, nobody.units);

    println!("revenue by author:");
    for row in db::author_revenue(&conn)? {
        println!("  {:<18} {} cents", row.name, row.revenue_cents);
    }

    let found = db::books_by_ids(&conn, &[wizard.id, solaris.id, 999])?;
    println!("books_by_ids([{}, {}, 999]) -> {} rows; books_by_ids([]) -> {} rows", wizard.id, solaris.id, found.len(), db::books_by_ids(&conn, &[])?.len());

    match db::get_author(&conn, 999) {
        Err(rusqlite::Error::QueryReturnedNoRows) => println!("get_author(999) -> not found"),
        other => println!("get_author(999) -> {other:?}"),
    }
    Ok(())
}
