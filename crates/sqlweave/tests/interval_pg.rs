//! `Interval` against the real server: literals read back field by field, and values bound as
//! parameters compared by the server.

#![cfg(feature = "postgres")]

use sqlweave::Interval;

#[tokio::test]
async fn intervals_round_trip_through_the_server() {
    let Some(client) = sqlweave_testkit::pg_connect().await else { return };
    let cases = [
        ("'1 year 2 months 3 days 04:05:06.000007'", Interval { months: 14, days: 3, microseconds: 14_706_000_007 }),
        ("'-1 mon -2 days'", Interval { months: -1, days: -2, microseconds: 0 }),
        ("'0'", Interval::default()),
        ("'36 hours'", Interval::microseconds(36 * 3_600_000_000)),
    ];
    for (literal, expected) in cases {
        let row = client.query_one(&format!("SELECT {literal}::interval"), &[]).await.unwrap();
        assert_eq!(row.get::<_, Interval>(0), expected, "{literal}");
        let row = client.query_one(&format!("SELECT $1::interval = {literal}::interval, $1::interval::text"), &[&expected]).await.unwrap();
        assert!(row.get::<_, bool>(0), "{literal} as a parameter: server read {}", row.get::<_, String>(1));
    }
    let row = client.query_one("SELECT NULL::interval", &[]).await.unwrap();
    assert_eq!(row.get::<_, Option<Interval>>(0), None);
}
