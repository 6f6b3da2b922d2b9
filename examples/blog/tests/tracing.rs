//! The ready `tracing` interceptor (feature `tracing` of the runtime crate): one event per
//! statement, target `sqlweave`, with the statement's name, SQL, parameter and row counts.

use std::sync::{Arc, Mutex};

use blog::db::{NewUser, User};
use sqlweave::intercept::TracingInterceptor;
use sqlweave::sqlite::Db;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Collects the `name` and `rows` fields of `sqlweave` events.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<(String, String, String)>>>);

struct Fields(String, String, String);

impl Visit for Fields {
    fn record_str(&mut self, f: &Field, v: &str) {
        if f.name() == "name" {
            self.0 = v.to_string();
        }
    }
    fn record_u64(&mut self, f: &Field, v: u64) {
        if f.name() == "rows" {
            self.1 = v.to_string();
        }
    }
    fn record_debug(&mut self, f: &Field, v: &dyn std::fmt::Debug) {
        if f.name() == "message" {
            self.2 = format!("{v:?}");
        }
    }
}

impl Subscriber for Collect {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        m.target() == "sqlweave"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, e: &Event<'_>) {
        let mut f = Fields(String::new(), String::new(), String::new());
        e.record(&mut f);
        self.0.lock().unwrap().push((f.0, f.1, f.2));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn tracing_interceptor_emits_one_event_per_statement() {
    let conn = blog::open_in_memory().unwrap();
    let mut db = Db::new(&conn);
    db.add_interceptor(Arc::new(TracingInterceptor));
    let c = Collect::default();
    tracing::subscriber::with_default(c.clone(), || {
        let u = User::insert(&db, NewUser { name: "Ada".into(), email: "a@x".into(), manager_id: None, karma: Some(1), created_at: Some(chrono::NaiveDateTime::default()) }).unwrap();
        User::get(&db, u.id).unwrap();
        assert!(conn.execute_batch("SELECT 1").is_ok());
        let _ = User::get(&db, -1);
    });
    let got = c.0.lock().unwrap().clone();
    let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(names, ["users.insert", "users.get", "users.get"]);
    assert_eq!(got[0].1, "1");
    assert_eq!(got[2].1, "0");
    assert!(got.iter().all(|g| g.2 == "statement"), "{got:?}");
}
