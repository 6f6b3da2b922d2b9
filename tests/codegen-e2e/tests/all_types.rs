//! Round trip of every value type the SQLite back end maps: bound as a parameter by the generated
//! `insert_all`, read back by `get_all` into the table's model, with chrono and with the time
//! crate, NOT NULL and nullable (both as values and as NULL).

use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::json;
use sqlweave_codegen_e2e::{all_types, all_types_time, SCHEMA};

fn open() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    conn
}

#[test]
fn every_type_round_trips_with_chrono() {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    let conn = open();
    let date = NaiveDate::from_ymd_opt(2001, 2, 3).unwrap();
    let time = NaiveTime::from_hms_milli_opt(4, 5, 6, 789).unwrap();
    let stamp = date.and_time(time);
    let stamptz = Utc.with_ymd_and_hms(2020, 12, 31, 23, 59, 58).unwrap();
    let doc = json!({"a": [1, 2, null], "b": "c"});
    let id = uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1122_3344_5566_7788);
    let any = Value::Real(2.5);
    // Non-null values in the NOT NULL columns, NULL in every nullable one.
    let mut arg = all_types::InsertAllParams {
        i16_col: -32768,
        i16_null: None,
        i32_col: i32::MAX,
        i32_null: None,
        i64_col: i64::MIN,
        i64_null: None,
        u8_col: 255,
        u8_null: None,
        u16_col: 65535,
        u16_null: None,
        u32_col: u32::MAX,
        u32_null: None,
        u64_col: 1 << 40,
        u64_null: None,
        f32_col: 1.5,
        f32_null: None,
        f64_col: -0.125,
        f64_null: None,
        numeric_col: 10.0,
        numeric_null: None,
        bool_col: true,
        bool_null: None,
        text_col: "héllo",
        text_null: None,
        bytes_col: &[0, 159, 146, 150],
        bytes_null: None,
        date_col: date,
        date_null: None,
        time_col: time,
        time_null: None,
        timestamp_col: stamp,
        timestamp_null: None,
        timestamptz_col: stamptz,
        timestamptz_null: None,
        json_col: &doc,
        json_null: None,
        uuid_col: id,
        uuid_null: None,
        any_col: &any,
        any_null: None,
    };
    all_types::insert_all(&conn, &arg).unwrap();
    let got = all_types::get_all(&conn).unwrap();
    let expected = all_types::AllType {
        i16_col: -32768,
        i16_null: None,
        i32_col: i32::MAX,
        i32_null: None,
        i64_col: i64::MIN,
        i64_null: None,
        u8_col: 255,
        u8_null: None,
        u16_col: 65535,
        u16_null: None,
        u32_col: u32::MAX,
        u32_null: None,
        u64_col: 1 << 40,
        u64_null: None,
        f32_col: 1.5,
        f32_null: None,
        f64_col: -0.125,
        f64_null: None,
        numeric_col: 10.0,
        numeric_null: None,
        bool_col: true,
        bool_null: None,
        text_col: "héllo".into(),
        text_null: None,
        bytes_col: vec![0, 159, 146, 150],
        bytes_null: None,
        date_col: date,
        date_null: None,
        time_col: time,
        time_null: None,
        timestamp_col: stamp,
        timestamp_null: None,
        timestamptz_col: stamptz,
        timestamptz_null: None,
        json_col: doc.clone(),
        json_null: None,
        uuid_col: id,
        uuid_null: None,
        any_col: any.clone(),
        any_null: None,
    };
    assert_eq!(got, expected);

    // The same values in the nullable columns.
    conn.execute("DELETE FROM all_types", []).unwrap();
    arg.i16_null = Some(-32768);
    arg.i32_null = Some(i32::MAX);
    arg.i64_null = Some(i64::MIN);
    arg.u8_null = Some(255);
    arg.u16_null = Some(65535);
    arg.u32_null = Some(u32::MAX);
    arg.u64_null = Some(1 << 40);
    arg.f32_null = Some(1.5);
    arg.f64_null = Some(-0.125);
    arg.numeric_null = Some(10.0);
    arg.bool_null = Some(false);
    arg.text_null = Some("");
    arg.bytes_null = Some(&[]);
    arg.date_null = Some(date);
    arg.time_null = Some(time);
    arg.timestamp_null = Some(stamp);
    arg.timestamptz_null = Some(stamptz);
    arg.json_null = Some(&doc);
    arg.uuid_null = Some(id);
    arg.any_null = Some(&any);
    all_types::insert_all(&conn, &arg).unwrap();
    let got = all_types::get_all(&conn).unwrap();
    let expected = all_types::AllType {
        i16_null: Some(-32768),
        i32_null: Some(i32::MAX),
        i64_null: Some(i64::MIN),
        u8_null: Some(255),
        u16_null: Some(65535),
        u32_null: Some(u32::MAX),
        u64_null: Some(1 << 40),
        f32_null: Some(1.5),
        f64_null: Some(-0.125),
        numeric_null: Some(10.0),
        bool_null: Some(false),
        text_null: Some(String::new()),
        bytes_null: Some(Vec::new()),
        date_null: Some(date),
        time_null: Some(time),
        timestamp_null: Some(stamp),
        timestamptz_null: Some(stamptz),
        json_null: Some(doc.clone()),
        uuid_null: Some(id),
        any_null: Some(any.clone()),
        ..expected
    };
    assert_eq!(got, expected);

    // A u64 past i64::MAX does not fit SQLite's integers: an error, not a wrapped value.
    let err = all_types::insert_all(&conn, &all_types::InsertAllParams { u64_col: u64::MAX, ..arg }).unwrap_err();
    assert!(matches!(err, rusqlite::Error::ToSqlConversionFailure(_)), "{err:?}");
}

#[test]
fn every_type_round_trips_with_the_time_crate() {
    use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
    let conn = open();
    let date = Date::from_calendar_date(1999, Month::December, 31).unwrap();
    let clock = Time::from_hms_milli(23, 59, 59, 500).unwrap();
    let stamp = PrimitiveDateTime::new(date, clock);
    let stamptz = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let doc = json!(["x"]);
    let any = Value::Integer(7);
    let arg = all_types_time::InsertAllParams {
        i16_col: 1,
        i16_null: Some(2),
        i32_col: 3,
        i32_null: None,
        i64_col: 5,
        i64_null: None,
        u8_col: 6,
        u8_null: None,
        u16_col: 7,
        u16_null: None,
        u32_col: 8,
        u32_null: None,
        u64_col: 9,
        u64_null: None,
        f32_col: 0.5,
        f32_null: None,
        f64_col: 0.25,
        f64_null: None,
        numeric_col: 3.75,
        numeric_null: None,
        bool_col: false,
        bool_null: Some(true),
        text_col: "t",
        text_null: None,
        bytes_col: b"b",
        bytes_null: None,
        date_col: date,
        date_null: Some(date),
        time_col: clock,
        time_null: Some(clock),
        timestamp_col: stamp,
        timestamp_null: Some(stamp),
        timestamptz_col: stamptz,
        timestamptz_null: Some(stamptz),
        json_col: &doc,
        json_null: None,
        uuid_col: uuid::Uuid::nil(),
        uuid_null: None,
        any_col: &any,
        any_null: None,
    };
    all_types_time::insert_all(&conn, &arg).unwrap();
    let got = all_types_time::get_all(&conn).unwrap();
    assert_eq!((got.i16_col, got.i16_null, got.i32_null), (1, Some(2), None));
    assert_eq!((got.bool_col, got.bool_null), (false, Some(true)));
    assert_eq!((got.date_col, got.date_null), (date, Some(date)));
    assert_eq!((got.time_col, got.time_null), (clock, Some(clock)));
    assert_eq!((got.timestamp_col, got.timestamp_null), (stamp, Some(stamp)));
    assert_eq!((got.timestamptz_col, got.timestamptz_null), (stamptz, Some(stamptz)));
    assert_eq!((got.numeric_col, got.json_col, got.any_col), (3.75, doc, any));
    assert_eq!(got.uuid_col, uuid::Uuid::nil());
}
