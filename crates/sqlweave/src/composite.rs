//! PostgreSQL composite values (`CREATE TYPE t AS (...)`) in their binary wire format, for the
//! `FromSql` / `ToSql` impls sqlweave generates for each composite type's struct.
//!
//! The format: an `int4` field count, then per field its type's `oid` (`uint4`), the length of
//! its value in bytes (`int4`, `-1` for NULL) and the value's own binary form. Every integer is
//! big-endian. The field types come from the [`Type`] tokio-postgres resolved for the statement
//! (its [`Kind::Composite`] fields), so each field is read and written with the type the server
//! has, and a struct out of step with the database is refused by `accepts` before any I/O.

use std::error::Error;

pub use bytes::BytesMut;
use bytes::BufMut;
pub use postgres_types::{Field, FromSql, IsNull, Kind, ToSql, Type};

/// The error type of `FromSql` and `ToSql`.
pub type BoxError = Box<dyn Error + Sync + Send>;

/// The fields of `ty` when it is the composite type `name` of schema `schema`.
///
/// `schema: None` stands for a type created without a schema, which lives in whichever schema
/// the connection's `search_path` put it: any schema matches except those in `other_schemas`,
/// the schemas where the same project defines another composite type of that name.
pub fn fields_of<'t>(ty: &'t Type, name: &str, schema: Option<&str>, other_schemas: &[&str]) -> Option<&'t [Field]> {
    let Kind::Composite(fields) = ty.kind() else { return None };
    // Unquoted names are folded to lower case by the server, and the schema file may spell them
    // in any case: names compare case-insensitively.
    if !ty.name().eq_ignore_ascii_case(name) {
        return None;
    }
    let schema_ok = match schema {
        Some(s) => ty.schema().eq_ignore_ascii_case(s),
        None => !other_schemas.iter().any(|o| o.eq_ignore_ascii_case(ty.schema())),
    };
    schema_ok.then_some(fields.as_slice())
}

/// Reads a composite value's fields in order.
pub struct Reader<'a> {
    fields: &'a [Field],
    raw: &'a [u8],
    next: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading `raw`, a value of the composite type `ty`.
    pub fn new(ty: &'a Type, raw: &'a [u8]) -> Result<Reader<'a>, BoxError> {
        let Kind::Composite(fields) = ty.kind() else {
            return Err(format!("type {} is not a composite type", ty.name()).into());
        };
        let mut r = Reader { fields, raw, next: 0 };
        let count = r.i32()?;
        if usize::try_from(count).ok() != Some(fields.len()) {
            return Err(format!("composite {}: the value has {count} fields, the type {}", ty.name(), fields.len()).into());
        }
        Ok(r)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BoxError> {
        if self.raw.len() < n {
            return Err("composite value ends early".into());
        }
        let (head, rest) = self.raw.split_at(n);
        self.raw = rest;
        Ok(head)
    }

    fn i32(&mut self) -> Result<i32, BoxError> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The next field's value (`Option<T>` for one that may be NULL, as every field may).
    pub fn field<T: FromSql<'a>>(&mut self) -> Result<T, BoxError> {
        let Some(f) = self.fields.get(self.next) else {
            return Err(format!("composite value read past its {} fields", self.fields.len()).into());
        };
        self.next += 1;
        let oid = self.i32()? as u32;
        if oid != f.type_().oid() {
            return Err(format!("composite field {}: the value has type oid {oid}, the field type {} ({})", f.name(), f.type_().name(), f.type_().oid()).into());
        }
        let len = self.i32()?;
        let value = match usize::try_from(len) {
            Ok(n) => Some(self.take(n)?),
            Err(_) if len == -1 => None,
            Err(_) => return Err(format!("composite field {}: bad length {len}", f.name()).into()),
        };
        T::from_sql_nullable(f.type_(), value).map_err(|e| format!("composite field {}: {e}", f.name()).into())
    }

    /// Checks that every field was read and nothing follows them.
    pub fn finish(self) -> Result<(), BoxError> {
        if self.next != self.fields.len() {
            return Err(format!("composite value: {} of {} fields read", self.next, self.fields.len()).into());
        }
        if !self.raw.is_empty() {
            return Err(format!("composite value: {} bytes after the last field", self.raw.len()).into());
        }
        Ok(())
    }
}

/// Writes a composite value's fields in order.
pub struct Writer<'a> {
    fields: &'a [Field],
    out: &'a mut BytesMut,
    next: usize,
}

impl<'a> Writer<'a> {
    /// Starts writing a value of the composite type `ty` to `out`.
    pub fn new(ty: &'a Type, out: &'a mut BytesMut) -> Result<Writer<'a>, BoxError> {
        let Kind::Composite(fields) = ty.kind() else {
            return Err(format!("type {} is not a composite type", ty.name()).into());
        };
        let count = i32::try_from(fields.len()).map_err(|_| "too many composite fields")?;
        out.put_i32(count);
        Ok(Writer { fields, out, next: 0 })
    }

    /// Writes the next field's value (`None` for NULL).
    pub fn field<T: ToSql + ?Sized>(&mut self, value: &T) -> Result<(), BoxError> {
        let Some(f) = self.fields.get(self.next) else {
            return Err(format!("composite value written past its {} fields", self.fields.len()).into());
        };
        self.next += 1;
        self.out.put_u32(f.type_().oid());
        let at = self.out.len();
        self.out.put_i32(0);
        let len = match value.to_sql_checked(f.type_(), self.out).map_err(|e| format!("composite field {}: {e}", f.name()))? {
            IsNull::Yes => -1,
            IsNull::No => {
                let n = self.out.len() - at - 4;
                i32::try_from(n).map_err(|_| format!("composite field {}: value of {n} bytes is too long", f.name()))?
            }
        };
        self.out[at..at + 4].copy_from_slice(&len.to_be_bytes());
        Ok(())
    }

    /// Checks that every field was written.
    pub fn finish(self) -> Result<IsNull, BoxError> {
        if self.next != self.fields.len() {
            return Err(format!("composite value: {} of {} fields written", self.next, self.fields.len()).into());
        }
        Ok(IsNull::No)
    }
}

/// `ToSql::to_sql_checked` for a generated composite struct: refuses a type it does not accept.
pub fn to_sql_checked<T: ToSql>(value: &T, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    if !T::accepts(ty) {
        return Err(Box::new(postgres_types::WrongType::new::<T>(ty.clone())));
    }
    value.to_sql(ty, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(schema: &str) -> Type {
        let fields = vec![Field::new("x".into(), Type::INT4), Field::new("label".into(), Type::TEXT)];
        Type::new("point".into(), 90001, Kind::Composite(fields), schema.into())
    }

    #[derive(Debug, PartialEq)]
    struct Point {
        x: Option<i32>,
        label: Option<String>,
    }

    impl<'a> FromSql<'a> for Point {
        fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Point, BoxError> {
            let mut r = Reader::new(ty, raw)?;
            let v = Point { x: r.field()?, label: r.field()? };
            r.finish()?;
            Ok(v)
        }
        fn accepts(ty: &Type) -> bool {
            matches!(fields_of(ty, "point", None, &["geo"]), Some([x, l]) if x.name() == "x" && <Option<i32> as FromSql>::accepts(x.type_()) && l.name() == "label" && <Option<String> as FromSql>::accepts(l.type_()))
        }
    }

    impl ToSql for Point {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            let mut w = Writer::new(ty, out)?;
            w.field(&self.x)?;
            w.field(&self.label)?;
            w.finish()
        }
        fn accepts(ty: &Type) -> bool {
            <Point as FromSql>::accepts(ty)
        }
        fn to_sql_checked(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            to_sql_checked(self, ty, out)
        }
    }

    #[test]
    fn binary_form_round_trips_with_null_fields() {
        let ty = point("public");
        let v = Point { x: Some(-7), label: None };
        let mut buf = BytesMut::new();
        assert!(matches!(v.to_sql_checked(&ty, &mut buf).unwrap(), IsNull::No));
        // count, then (oid, len, bytes) per field; NULL is length -1 with no bytes.
        let mut want = vec![0, 0, 0, 2, 0, 0, 0, 23, 0, 0, 0, 4];
        want.extend((-7i32).to_be_bytes());
        want.extend([0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(&buf[..], &want[..]);
        assert_eq!(Point::from_sql(&ty, &buf).unwrap(), v);
        let v = Point { x: None, label: Some("home".into()) };
        let mut buf = BytesMut::new();
        v.to_sql_checked(&ty, &mut buf).unwrap();
        assert_eq!(Point::from_sql(&ty, &buf).unwrap(), v);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let ty = point("public");
        let mut buf = BytesMut::new();
        Point { x: Some(1), label: Some("a".into()) }.to_sql(&ty, &mut buf).unwrap();
        for n in 0..buf.len() {
            assert!(Point::from_sql(&ty, &buf[..n]).is_err(), "{n} bytes");
        }
        let mut longer = buf.to_vec();
        longer.push(0);
        assert!(Point::from_sql(&ty, &longer).is_err());
        let mut wrong_oid = buf.to_vec();
        wrong_oid[7] = 20;
        assert!(Point::from_sql(&ty, &wrong_oid).is_err());
        let mut bad_len = buf.to_vec();
        bad_len[8..12].copy_from_slice(&(-2i32).to_be_bytes());
        assert!(Point::from_sql(&ty, &bad_len).is_err());
        assert!(Point::from_sql(&Type::INT4, &buf).is_err());
    }

    #[test]
    fn accepts_checks_name_schema_and_fields() {
        assert!(<Point as ToSql>::accepts(&point("public")));
        assert!(<Point as ToSql>::accepts(&point("scratch_1")));
        // The same name in the schema of another type of the project is that other type.
        assert!(!<Point as ToSql>::accepts(&point("geo")));
        assert!(fields_of(&point("geo"), "point", Some("geo"), &[]).is_some());
        assert!(fields_of(&point("public"), "point", Some("geo"), &[]).is_none());
        assert!(fields_of(&point("public"), "pt", None, &[]).is_none());
        assert!(!<Point as ToSql>::accepts(&Type::INT4));
        let renamed = Type::new("point".into(), 90002, Kind::Composite(vec![Field::new("y".into(), Type::INT4), Field::new("label".into(), Type::TEXT)]), "public".into());
        assert!(!<Point as ToSql>::accepts(&renamed));
        let retyped = Type::new("point".into(), 90003, Kind::Composite(vec![Field::new("x".into(), Type::TEXT), Field::new("label".into(), Type::TEXT)]), "public".into());
        assert!(!<Point as ToSql>::accepts(&retyped));
        let mut buf = BytesMut::new();
        assert!(Point { x: None, label: None }.to_sql_checked(&retyped, &mut buf).is_err());
    }
}
