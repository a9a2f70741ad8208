//! Typed values of result rows, decoded with the column's [`LogicalType`].

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::decimal::Decimal;
use crate::types::{LogicalType, TypeKind};

/// One field of a result row.
///
/// JSON results are decoded with the column's logical type, so a `DECIMAL(38, 18)` stays exact,
/// a `BIGINT` is never confused with a `DOUBLE`, and temporal types are real dates and times.
/// `PLAIN_TEXT` results carry only [`Value::String`] and [`Value::Null`].
///
/// Serialising a `Value` (with `serde_json`) gives the JSON form Flink uses.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// `BOOLEAN`.
    Boolean(bool),
    /// `TINYINT`.
    TinyInt(i8),
    /// `SMALLINT`.
    SmallInt(i16),
    /// `INT`.
    Int(i32),
    /// `BIGINT`.
    BigInt(i64),
    /// `FLOAT`.
    Float(f32),
    /// `DOUBLE`.
    Double(f64),
    /// `DECIMAL(p, s)`, exact, at the column's scale.
    Decimal(Decimal),
    /// `CHAR`/`VARCHAR`/`STRING`, and every field of `PLAIN_TEXT` results.
    String(String),
    /// `BINARY`/`VARBINARY`/`BYTES` (base64 on the wire).
    Binary(Vec<u8>),
    /// `DATE`.
    Date(Date),
    /// `TIME(p)`.
    Time(Time),
    /// `TIMESTAMP(p)` (no time zone).
    Timestamp(DateTime),
    /// `TIMESTAMP_LTZ(p)`: an instant (sent in UTC).
    TimestampLtz(Timestamp),
    /// `INTERVAL YEAR TO MONTH`: a number of months.
    IntervalYearMonth(i32),
    /// `INTERVAL DAY TO SECOND`: a number of milliseconds.
    IntervalDayTime(i64),
    /// `ARRAY<T>`.
    Array(Vec<Value>),
    /// `MAP<K, V>` in the server's order.
    Map(Vec<(Value, Value)>),
    /// `MULTISET<T>`: each distinct element with its count.
    Multiset(Vec<(Value, i32)>),
    /// `ROW<...>`: field names with values, in the type's field order.
    Row(Vec<(String, Value)>),
    /// A value of a type this client does not model (`RAW`, `VARIANT`, …), as sent.
    Json(serde_json::Value),
}

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string content of [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Any integer variant widened to `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::TinyInt(v) => Some(v.into()),
            Value::SmallInt(v) => Some(v.into()),
            Value::Int(v) | Value::IntervalYearMonth(v) => Some(v.into()),
            Value::BigInt(v) | Value::IntervalDayTime(v) => Some(v),
            _ => None,
        }
    }

    /// The value as compact JSON text in Flink's format.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("\"<unserialisable: {e}>\""))
    }
}

/// Human-readable form as Flink's `PLAIN_TEXT` would print most values.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Boolean(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Value::TinyInt(v) => write!(f, "{v}"),
            Value::SmallInt(v) => write!(f, "{v}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::BigInt(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Double(v) => write!(f, "{v}"),
            Value::Decimal(d) => write!(f, "{d}"),
            Value::String(s) => f.write_str(s),
            Value::Binary(b) => {
                f.write_str("x'")?;
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("'")
            }
            Value::Date(d) => write!(f, "{d}"),
            Value::Time(t) => write!(f, "{t}"),
            Value::Timestamp(t) => write!(f, "{}", t.to_string().replacen('T', " ", 1)),
            Value::TimestampLtz(t) => write!(f, "{}", t.to_string().replacen('T', " ", 1)),
            Value::IntervalYearMonth(m) => write!(f, "{m} months"),
            Value::IntervalDayTime(ms) => write!(f, "{ms} ms"),
            Value::Array(_)
            | Value::Map(_)
            | Value::Multiset(_)
            | Value::Row(_)
            | Value::Json(_) => f.write_str(&self.to_json_string()),
        }
    }
}

fn serialize_float<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    // Jackson writes non-finite numbers as strings; do the same so the JSON stays valid.
    if v.is_nan() {
        s.serialize_str("NaN")
    } else if v.is_infinite() {
        s.serialize_str(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        s.serialize_f64(v)
    }
}

fn key_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_owned(),
        other => {
            let s = other.to_json_string();
            s.strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .map(str::to_owned)
                .unwrap_or(s)
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::TinyInt(v) => s.serialize_i8(*v),
            Value::SmallInt(v) => s.serialize_i16(*v),
            Value::Int(v) | Value::IntervalYearMonth(v) => s.serialize_i32(*v),
            Value::BigInt(v) | Value::IntervalDayTime(v) => s.serialize_i64(*v),
            Value::Float(v) => serialize_float(f64::from(*v), s),
            Value::Double(v) => serialize_float(*v, s),
            Value::Decimal(d) => {
                // Emitted as an exact JSON number, not through f64.
                let raw =
                    RawValue::from_string(d.to_string()).map_err(serde::ser::Error::custom)?;
                raw.serialize(s)
            }
            Value::String(v) => s.serialize_str(v),
            Value::Binary(b) => s.serialize_str(&BASE64.encode(b)),
            Value::Date(d) => s.collect_str(d),
            Value::Time(t) => s.collect_str(t),
            Value::Timestamp(t) => s.collect_str(t),
            Value::TimestampLtz(t) => s.collect_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(&key_string(k), v)?;
                }
                map.end()
            }
            Value::Multiset(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, n) in entries {
                    map.serialize_entry(&key_string(k), n)?;
                }
                map.end()
            }
            Value::Row(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Json(v) => v.serialize(s),
        }
    }
}

// ---- decoding ----------------------------------------------------------------------------

/// Error decoding a value with its logical type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    /// What was wrong, with the JSON location when known.
    pub message: String,
}

/// Decodes one JSON value (as text) with its logical type.
///
/// Never panics: malformed or mistyped input gives an error.
///
/// ```
/// use sql_gateway_client::{decode_value, LogicalType, TypeKind, Value};
/// let ty = LogicalType::nullable(TypeKind::Decimal { precision: 10, scale: 2 });
/// let v = decode_value(&ty, "1E+2").unwrap();
/// assert_eq!(v.to_string(), "100.00");
/// assert_eq!(v.to_json_string(), "100.00");
/// ```
pub fn decode_value(ty: &LogicalType, json: &str) -> Result<Value, ValueError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let v = ValueSeed { ty }
        .deserialize(&mut de)
        .map_err(|e| ValueError {
            message: e.to_string(),
        })?;
    de.end().map_err(|e| ValueError {
        message: e.to_string(),
    })?;
    Ok(v)
}

/// Decodes a value of `ty` from a serde_json deserializer (must be one that can borrow
/// [`RawValue`]s, i.e. `from_str`/`from_slice`).
pub(crate) struct ValueSeed<'t> {
    pub(crate) ty: &'t LogicalType,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match &self.ty.kind {
            TypeKind::Decimal { scale, .. } => {
                // Borrow the number's text so no digit goes through f64.
                let raw = <&RawValue>::deserialize(d)?;
                decode_decimal(raw.get(), *scale).map_err(de::Error::custom)
            }
            TypeKind::Raw { .. } | TypeKind::Other { .. } => {
                let v = serde_json::Value::deserialize(d)?;
                Ok(if v.is_null() {
                    Value::Null
                } else {
                    Value::Json(v)
                })
            }
            _ => d.deserialize_any(ValueVisitor { ty: self.ty }),
        }
    }
}

fn decode_decimal(text: &str, scale: u32) -> Result<Value, String> {
    let t = text.trim();
    if t == "null" {
        return Ok(Value::Null);
    }
    // Be lenient with decimals sent as strings.
    let t = t
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(t);
    let d: Decimal = t
        .parse()
        .map_err(|e: crate::decimal::DecimalError| e.to_string())?;
    let d = d.rescale(scale).map_err(|e| e.to_string())?;
    Ok(Value::Decimal(d))
}

struct ValueVisitor<'t> {
    ty: &'t LogicalType,
}

impl ValueVisitor<'_> {
    fn mismatch<E: de::Error>(&self, got: &str) -> E {
        E::custom(format!("expected a JSON value for {}, got {got}", self.ty))
    }
}

fn int_in_range<T: TryFrom<i64>, E: de::Error>(v: i64, ty: &LogicalType) -> Result<T, E> {
    T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range for {ty}")))
}

/// Decodes a string whose meaning depends on the type (temporal, binary, …).
fn decode_text<E: de::Error>(ty: &LogicalType, s: &str) -> Result<Value, E> {
    let bad = |what: &str, e: &dyn fmt::Display| E::custom(format!("invalid {what} `{s}`: {e}"));
    match &ty.kind {
        TypeKind::Char { .. } | TypeKind::Varchar { .. } => Ok(Value::String(s.to_owned())),
        TypeKind::Binary { .. } | TypeKind::Varbinary { .. } => BASE64
            .decode(s)
            .map(Value::Binary)
            .map_err(|e| bad("base64", &e)),
        TypeKind::Date => s
            .parse::<Date>()
            .map(Value::Date)
            .map_err(|e| bad("DATE", &e)),
        TypeKind::Time { .. } => s
            .parse::<Time>()
            .map(Value::Time)
            .map_err(|e| bad("TIME", &e)),
        TypeKind::Timestamp { .. } => s
            .parse::<DateTime>()
            .map(Value::Timestamp)
            .map_err(|e| bad("TIMESTAMP", &e)),
        TypeKind::TimestampLtz { .. } | TypeKind::TimestampTz { .. } => s
            .parse::<Timestamp>()
            .map(Value::TimestampLtz)
            .map_err(|e| bad("TIMESTAMP_LTZ", &e)),
        TypeKind::Float | TypeKind::Double => {
            let v = match s {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                _ => return Err(bad("floating-point number", &"not NaN/Infinity")),
            };
            Ok(if matches!(ty.kind, TypeKind::Float) {
                Value::Float(v as f32)
            } else {
                Value::Double(v)
            })
        }
        _ => Err(E::custom(format!(
            "expected a JSON value for {ty}, got a string"
        ))),
    }
}

/// Map keys arrive as strings whatever the key type.
fn decode_key<E: de::Error>(ty: &LogicalType, key: &str) -> Result<Value, E> {
    match &ty.kind {
        TypeKind::Char { .. } | TypeKind::Varchar { .. } => Ok(Value::String(key.to_owned())),
        TypeKind::Date
        | TypeKind::Time { .. }
        | TypeKind::Timestamp { .. }
        | TypeKind::TimestampLtz { .. }
        | TypeKind::TimestampTz { .. }
        | TypeKind::Binary { .. }
        | TypeKind::Varbinary { .. } => decode_text(ty, key),
        _ => Ok(decode_value(ty, key).unwrap_or_else(|_| Value::String(key.to_owned()))),
    }
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON value of type {}", self.ty)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        match self.ty.kind {
            TypeKind::Boolean => Ok(Value::Boolean(v)),
            _ => Err(self.mismatch("a boolean")),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        let ty = self.ty;
        match ty.kind {
            TypeKind::TinyInt => Ok(Value::TinyInt(int_in_range(v, ty)?)),
            TypeKind::SmallInt => Ok(Value::SmallInt(int_in_range(v, ty)?)),
            TypeKind::Integer => Ok(Value::Int(int_in_range(v, ty)?)),
            TypeKind::BigInt => Ok(Value::BigInt(v)),
            TypeKind::IntervalYearMonth { .. } => {
                Ok(Value::IntervalYearMonth(int_in_range(v, ty)?))
            }
            TypeKind::IntervalDayTime { .. } => Ok(Value::IntervalDayTime(v)),
            TypeKind::Float => Ok(Value::Float(v as f32)),
            TypeKind::Double => Ok(Value::Double(v as f64)),
            _ => Err(self.mismatch("an integer")),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(i) => self.visit_i64(i),
            Err(_) => match self.ty.kind {
                TypeKind::Float => Ok(Value::Float(v as f32)),
                TypeKind::Double => Ok(Value::Double(v as f64)),
                _ => Err(E::custom(format!("{v} is out of range for {}", self.ty))),
            },
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match self.ty.kind {
            TypeKind::Float => Ok(Value::Float(v as f32)),
            TypeKind::Double => Ok(Value::Double(v)),
            _ => Err(self.mismatch("a fractional number")),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        decode_text(self.ty, v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        match &self.ty.kind {
            TypeKind::Array(elem) => {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(v) = seq
                    .next_element_seed(ValueSeed { ty: elem })
                    .map_err(|e| at(out.len(), e))?
                {
                    out.push(v);
                }
                Ok(Value::Array(out))
            }
            // Tolerate positional rows.
            TypeKind::Row(fields) => {
                let mut out = Vec::with_capacity(fields.len());
                for f in fields {
                    let v = seq
                        .next_element_seed(ValueSeed { ty: &f.ty })
                        .map_err(|e| at(out.len(), e))?
                        .ok_or_else(|| {
                            de::Error::custom(format!("row is missing field `{}`", f.name))
                        })?;
                    out.push((f.name.clone(), v));
                }
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom("row has more fields than its type"));
                }
                Ok(Value::Row(out))
            }
            _ => Err(self.mismatch("an array")),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        match &self.ty.kind {
            TypeKind::Map { key, value } => {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Str<'de>>()? {
                    let v = map
                        .next_value_seed(ValueSeed { ty: value })
                        .map_err(|e| at_key(&k, e))?;
                    out.push((decode_key(key, &k)?, v));
                }
                Ok(Value::Map(out))
            }
            TypeKind::Multiset(elem) => {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Str<'de>>()? {
                    let n: i32 = map.next_value().map_err(|e| at_key(&k, e))?;
                    out.push((decode_key(elem, &k)?, n));
                }
                Ok(Value::Multiset(out))
            }
            TypeKind::Row(fields) => {
                let mut slots: Vec<Option<Value>> = vec![None; fields.len()];
                while let Some(k) = map.next_key::<Str<'de>>()? {
                    let Some(i) = fields.iter().position(|f| f.name == *k) else {
                        return Err(de::Error::custom(format!("row type has no field `{k}`")));
                    };
                    let v = map
                        .next_value_seed(ValueSeed { ty: &fields[i].ty })
                        .map_err(|e| at_key(&k, e))?;
                    slots[i] = Some(v);
                }
                Ok(Value::Row(
                    fields
                        .iter()
                        .zip(slots)
                        .map(|(f, v)| (f.name.clone(), v.unwrap_or(Value::Null)))
                        .collect(),
                ))
            }
            _ => Err(self.mismatch("an object")),
        }
    }
}

/// A JSON string borrowed from the input when it has no escapes (saves an allocation per key).
pub(crate) enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl std::ops::Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str::Owned(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// Prefixes an error with an array index.
pub(crate) fn at<E: de::Error>(i: usize, e: E) -> E {
    E::custom(format!("[{i}]: {e}"))
}

fn at_key<E: de::Error>(k: &str, e: E) -> E {
    E::custom(format!(".{k}: {e}"))
}
