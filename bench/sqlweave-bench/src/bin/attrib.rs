//! Attribution of the generated SQLite code's per-call overhead: the same get-by-key through
//! (a) a held prepared statement (the floor), (b) hand-written `prepare_cached`, as rusqlite's
//! documentation suggests, and (c) the generated `get_user`; and the same for update. Interleaved
//! rounds, ratios within a round, like `paired`. Usage: `attrib [ROUNDS]`.

use sqlweave_bench::data::{users_script, SINGLE_ROWS};
use sqlweave_bench::sqlite::generated as db;
use std::hint::black_box;
use std::time::Instant;

const N: u64 = 2000;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let conn = sqlweave_bench::sqlite::sqlweave::open(&users_script(SINGLE_ROWS));
    let get = "SELECT id, name, hair_color FROM users WHERE id = ?1";
    let upd = "UPDATE users SET name = ?1, hair_color = ?2 WHERE id = ?3";
    let mut held_get = conn.prepare(get).unwrap();
    let mut held_upd = conn.prepare(upd).unwrap();
    let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<db::User> {
        Ok(db::User { id: r.get(0)?, name: r.get(1)?, hair_color: r.get(2)? })
    };
    type F<'a> = Box<dyn FnMut(i64) + 'a>;
    let mut ways: Vec<(&str, F)> = vec![
        ("get: held statement", Box::new(|k| assert_eq!(black_box(held_get.query_row([k], read).unwrap()).id, k))),
        ("get: prepare_cached", Box::new(|k| {
            let mut s = conn.prepare_cached(get).unwrap();
            assert_eq!(black_box(s.query_row([k], read).unwrap()).id, k)
        })),
        ("get: generated", Box::new(|k| assert_eq!(black_box(db::get_user(&conn, k).unwrap()).id, k))),
        ("update: held statement", Box::new(|k| assert_eq!(held_upd.execute(("Updated", Some("grey"), k)).unwrap(), 1))),
        ("update: prepare_cached", Box::new(|k| {
            let mut s = conn.prepare_cached(upd).unwrap();
            assert_eq!(s.execute(("Updated", Some("grey"), k)).unwrap(), 1)
        })),
        ("update: generated", Box::new(|k| assert_eq!(db::update_user(&conn, "Updated", Some("grey"), k).unwrap(), 1))),
    ];
    let mut t = vec![Vec::new(); ways.len()];
    for r in 0..rounds {
        for j in 0..ways.len() {
            let i = (j + r) % ways.len();
            let start = Instant::now();
            for n in 0..N {
                (ways[i].1)((n % SINGLE_ROWS as u64) as i64 + 1);
            }
            t[i].push(start.elapsed().as_nanos() as f64 / N as f64);
        }
    }
    for (i, (name, _)) in ways.iter().enumerate() {
        let base = if i < 3 { 0 } else { 3 };
        let mut ratios: Vec<f64> = (0..rounds).map(|r| t[i][r] / t[base][r]).collect();
        ratios.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let mut ts = t[i].clone();
        ts.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{name:24} {:7.0} ns  {:.2}x of the held statement", ts[rounds / 2], ratios[rounds / 2]);
    }
}
