//! PostgreSQL's `interval` as the server stores it: months, days and microseconds, kept apart
//! because their lengths vary (a month is 28 to 31 days, a day 23 to 25 hours across a DST change),
//! so the value round-trips exactly and compares the way the server's fields do.

use std::error::Error;

use bytes::{BufMut, BytesMut};
use postgres_types::{accepts, to_sql_checked, FromSql, IsNull, ToSql, Type};

/// A PostgreSQL `interval`: `months` + `days` + `microseconds`, each signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Interval {
    pub months: i32,
    pub days: i32,
    pub microseconds: i64,
}

impl Interval {
    /// An interval of whole months.
    pub const fn months(months: i32) -> Interval {
        Interval { months, days: 0, microseconds: 0 }
    }
    /// An interval of whole days.
    pub const fn days(days: i32) -> Interval {
        Interval { months: 0, days, microseconds: 0 }
    }
    /// An interval of microseconds (hours, minutes and seconds).
    pub const fn microseconds(microseconds: i64) -> Interval {
        Interval { months: 0, days: 0, microseconds }
    }
    /// The time part as a `std::time::Duration`, when the interval has no month or day part and is
    /// not negative (months and days have no fixed length).
    pub fn to_std(self) -> Option<std::time::Duration> {
        let micros = u64::try_from(self.microseconds).ok()?;
        (self.months == 0 && self.days == 0).then(|| std::time::Duration::from_micros(micros))
    }
}

impl<'a> FromSql<'a> for Interval {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Interval, Box<dyn Error + Sync + Send>> {
        // The binary form: int8 microseconds, int4 days, int4 months, big-endian.
        let raw: &[u8; 16] = raw.try_into().map_err(|_| format!("an interval is 16 bytes, got {}", raw.len()))?;
        let microseconds = i64::from_be_bytes(raw[0..8].try_into().expect("8 bytes"));
        let days = i32::from_be_bytes(raw[8..12].try_into().expect("4 bytes"));
        let months = i32::from_be_bytes(raw[12..16].try_into().expect("4 bytes"));
        Ok(Interval { months, days, microseconds })
    }
    accepts!(INTERVAL);
}

impl ToSql for Interval {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.put_i64(self.microseconds);
        out.put_i32(self.days);
        out.put_i32(self.months);
        Ok(IsNull::No)
    }
    accepts!(INTERVAL);
    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_form_round_trips() {
        let v = Interval { months: -14, days: 3, microseconds: 3_723_000_004 };
        let mut buf = BytesMut::new();
        v.to_sql(&Type::INTERVAL, &mut buf).unwrap();
        assert_eq!(buf.len(), 16);
        assert_eq!(Interval::from_sql(&Type::INTERVAL, &buf).unwrap(), v);
        assert!(Interval::from_sql(&Type::INTERVAL, &buf[..15]).is_err());
        assert!(<Interval as ToSql>::accepts(&Type::INTERVAL) && !<Interval as ToSql>::accepts(&Type::INT8));
    }

    #[test]
    fn std_duration_only_for_a_pure_time_part() {
        assert_eq!(Interval::microseconds(1_500_000).to_std(), Some(std::time::Duration::from_millis(1500)));
        assert_eq!(Interval::days(1).to_std(), None);
        assert_eq!(Interval::microseconds(-1).to_std(), None);
    }
}
