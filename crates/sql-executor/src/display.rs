//! How a value of each Flink logical type is shown: the one place the rules live.
//!
//! Text (`table`, `changelog`, `csv`) follows Flink's SQL Client, which prints
//! `CAST(value AS STRING)`: `TRUE`/`FALSE`, Java's `Float`/`Double.toString`, timestamps
//! padded to their precision, `TIMESTAMP_LTZ` in the session's `table.local-time-zone`,
//! SQL-standard intervals (`+1 00:00:00.000`, `+1-00`), `x'0a0b'` binaries, `[a, b]` arrays,
//! `{k=v}` maps and multisets, `(a, b)` rows, `NULL` inside them and `<NULL>` for a top-level
//! null in tables. JSON is lossless and machine-friendly: exact decimal numbers, `FLOAT`
//! at its own precision, ISO-8601 date-times (with the session's offset for
//! `TIMESTAMP_LTZ`), ISO-8601 durations for intervals and base64 for binaries. The full
//! table is in `docs/sql-display.md`.
use std::fmt::Write as _;
use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use sql_gateway_client::{LogicalType, TypeKind, Value};

/// What a value's display depends on besides its type: the session's time zone.
#[derive(Debug, Clone)]
pub struct DisplayContext {
    zone: TimeZone,
}

impl Default for DisplayContext {
    fn default() -> Self {
        Self::utc()
    }
}

impl DisplayContext {
    /// Values shown in UTC.
    pub fn utc() -> Self {
        Self {
            zone: TimeZone::UTC,
        }
    }

    /// The context of a session whose `table.local-time-zone` is `setting`: `default` (the
    /// machine's zone, as Flink uses the JVM's), an IANA name (`Asia/Shanghai`), `UTC`, or a
    /// fixed offset (`GMT+08:00`, `UTC-5`, `+08:00`). Unknown names fall back to UTC, as
    /// Java's `ZoneId.of` would reject them before any value is shown.
    pub fn for_zone(setting: &str) -> Self {
        let s = setting.trim();
        let zone = if s.is_empty() || s.eq_ignore_ascii_case("default") {
            TimeZone::try_system().unwrap_or(TimeZone::UTC)
        } else if let Some(offset) = fixed_offset(s) {
            TimeZone::fixed(offset)
        } else {
            TimeZone::get(s).unwrap_or(TimeZone::UTC)
        };
        Self { zone }
    }

    /// A `TIMESTAMP_LTZ` value as its wall-clock time and offset in this context's zone.
    ///
    /// The SQL Gateway already converts `TIMESTAMP_LTZ` values to the session's
    /// `table.local-time-zone` and sends that wall-clock time with a `Z` suffix
    /// (`1970-01-01T08:00:01Z` for the instant 00:00:01 UTC in `Asia/Shanghai`). So the
    /// civil time is taken as sent, and the zone only supplies the offset JSON shows.
    fn local(&self, ts: Timestamp) -> (DateTime, Offset) {
        let wall = Offset::UTC.to_datetime(ts);
        let offset = self
            .zone
            .to_ambiguous_zoned(wall)
            .compatible()
            .map_or(Offset::UTC, |z| z.offset());
        (wall, offset)
    }
}

/// `GMT+08:00`, `UTC-5`, `+08:00`, `Z` as an offset.
fn fixed_offset(s: &str) -> Option<Offset> {
    let rest = ["GMT", "UTC", "UT"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    if rest.is_empty() || rest == "Z" {
        return Some(Offset::UTC);
    }
    let (sign, body) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h, m),
        None if body.len() == 4 => body.split_at(2),
        None => (body, "0"),
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 18 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// How Flink's SQL Client shows a top-level `NULL`: `<NULL>` in query results, an empty
/// cell in the results of `SHOW`, `DESCRIBE` and other non-query statements.
pub fn null_text(is_query: bool) -> &'static str {
    if is_query { "<NULL>" } else { "" }
}

/// A top-level value as text in a table or changelog: `<NULL>` for null, else [`text`].
pub fn table_text(v: &Value, ty: &LogicalType, ctx: &DisplayContext) -> String {
    if v.is_null() {
        "<NULL>".to_owned()
    } else {
        text(v, ty, ctx)
    }
}

/// A value as Flink's SQL Client shows it (`CAST(v AS STRING)`); `NULL` for null.
pub fn text(v: &Value, ty: &LogicalType, ctx: &DisplayContext) -> String {
    let mut out = String::new();
    write_text(&mut out, v, ty, ctx);
    out
}

fn precision(ty: &LogicalType, default: u32) -> u32 {
    match ty.kind {
        TypeKind::Time { precision }
        | TypeKind::Timestamp { precision }
        | TypeKind::TimestampLtz { precision }
        | TypeKind::TimestampTz { precision } => precision,
        _ => default,
    }
}

/// The type of a nested value when its column type does not say: `NULL`, so the value
/// itself decides how it is shown.
static UNKNOWN: LazyLock<LogicalType> = LazyLock::new(|| LogicalType::nullable(TypeKind::Null));

/// The element type of an ARRAY or MULTISET.
fn element(ty: &LogicalType) -> &LogicalType {
    match &ty.kind {
        TypeKind::Array(e) | TypeKind::Multiset(e) => e,
        _ => &UNKNOWN,
    }
}

/// The key and value types of a MAP.
fn key_value(ty: &LogicalType) -> (&LogicalType, &LogicalType) {
    match &ty.kind {
        TypeKind::Map { key, value } => (key, value),
        _ => (&UNKNOWN, &UNKNOWN),
    }
}

/// The type of a ROW's `i`-th field.
fn field(ty: &LogicalType, i: usize) -> &LogicalType {
    match &ty.kind {
        TypeKind::Row(fields) => fields.get(i).map_or(&UNKNOWN, |f| &f.ty),
        _ => &UNKNOWN,
    }
}

pub(crate) fn write_text(out: &mut String, v: &Value, ty: &LogicalType, ctx: &DisplayContext) {
    match v {
        Value::Null => out.push_str("NULL"),
        Value::Boolean(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Value::TinyInt(x) => push_int(out, *x),
        Value::SmallInt(x) => push_int(out, *x),
        Value::Int(x) => push_int(out, *x),
        Value::BigInt(x) => push_int(out, *x),
        Value::Float(x) => write_java_float(out, f64::from(*x), x, x.is_subnormal()),
        Value::Double(x) => write_java_float(out, *x, x, x.is_subnormal()),
        Value::Decimal(d) => push(out, d),
        Value::String(s) => out.push_str(s),
        Value::Binary(b) => {
            out.push_str("x'");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('\'');
        }
        Value::Date(d) => push(out, d),
        Value::Time(t) => write_time(out, *t, precision(ty, 0)),
        Value::Timestamp(t) => write_datetime(out, *t, precision(ty, 6), ' '),
        Value::TimestampLtz(ts) => {
            let (local, _) = ctx.local(*ts);
            write_datetime(out, local, precision(ty, 6), ' ');
        }
        Value::IntervalYearMonth(m) => write_year_month(out, *m),
        Value::IntervalDayTime(ms) => write_day_time(out, *ms),
        Value::Array(items) => {
            let elem = element(ty);
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_text(out, item, elem, ctx);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            let (kt, vt) = key_value(ty);
            out.push('{');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_text(out, k, kt, ctx);
                out.push('=');
                write_text(out, val, vt, ctx);
            }
            out.push('}');
        }
        Value::Multiset(entries) => {
            let elem = element(ty);
            out.push('{');
            for (i, (k, n)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_text(out, k, elem, ctx);
                let _ = write!(out, "={n}");
            }
            out.push('}');
        }
        Value::Row(fields) => {
            out.push('(');
            for (i, (_, val)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_text(out, val, field(ty, i), ctx);
            }
            out.push(')');
        }
        Value::Json(j) => match j {
            serde_json::Value::String(s) => out.push_str(s),
            other => push(out, other),
        },
        other => push(out, other),
    }
}

/// Appends an integer's decimal text (written once per value, so without `fmt`).
fn push_int(out: &mut String, v: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(v));
}

fn push(out: &mut String, v: impl std::fmt::Display) {
    let _ = write!(out, "{v}");
}

/// Java's `Double.toString`/`Float.toString` from Rust's shortest round-trip digits of `x`
/// (at its own width, `v` is its value): plain notation with at least one fractional digit
/// for 1e-3 <= |v| < 1e7, else `d.dddE±n`; `NaN`, `Infinity`, `-Infinity`. Written in place:
/// this runs once per value.
fn write_java_float<F>(out: &mut String, v: f64, x: &F, subnormal: bool)
where
    F: std::fmt::Display + std::fmt::LowerExp,
{
    if v.is_nan() {
        return out.push_str("NaN");
    }
    if v.is_infinite() {
        return out.push_str(if v > 0.0 { "Infinity" } else { "-Infinity" });
    }
    let start = out.len();
    let abs = v.abs();
    if abs == 0.0 || (1e-3..1e7).contains(&abs) {
        push(out, x);
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
        return;
    }
    let _ = write!(out, "{x:e}");
    if subnormal && !out[start..].contains('.') {
        // Java always shows two significant digits and, where one would do, picks the two
        // nearest the value: Double.MIN_VALUE is 4.9E-324, not 5.0E-324.
        out.truncate(start);
        let _ = write!(out, "{x:.1e}");
    }
    let Some(e) = out[start..].find('e').map(|i| start + i) else {
        return;
    };
    let fraction = if out[start..e].contains('.') {
        ""
    } else {
        ".0"
    };
    out.replace_range(e..=e, &format!("{fraction}E"));
}

/// Appends `n` as exactly `width` decimal digits (zero-padded, higher digits dropped):
/// timestamps are written once per value, so without `fmt`'s machinery.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for i in (0..width).rev() {
        let digit = n / 10u32.pow(i) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

fn write_fraction(out: &mut String, nanos: i32, precision: u32) {
    if precision == 0 {
        return;
    }
    out.push('.');
    let precision = precision.min(9);
    push_digits(
        out,
        nanos.max(0).unsigned_abs() / 10u32.pow(9 - precision),
        precision,
    );
}

fn write_time(out: &mut String, t: Time, precision: u32) {
    let two = |n: i8| n.unsigned_abs().into();
    push_digits(out, two(t.hour()), 2);
    out.push(':');
    push_digits(out, two(t.minute()), 2);
    out.push(':');
    push_digits(out, two(t.second()), 2);
    write_fraction(out, t.subsec_nanosecond(), precision);
}

fn write_datetime(out: &mut String, t: DateTime, precision: u32, sep: char) {
    let year = t.year();
    if year < 0 {
        out.push('-');
    }
    push_digits(out, year.unsigned_abs().into(), 4);
    out.push('-');
    push_digits(out, t.month().unsigned_abs().into(), 2);
    out.push('-');
    push_digits(out, t.day().unsigned_abs().into(), 2);
    out.push(sep);
    write_time(out, t.time(), precision);
}

fn write_year_month(out: &mut String, months: i32) {
    let sign = if months < 0 { '-' } else { '+' };
    let abs = months.unsigned_abs();
    let _ = write!(out, "{sign}{}-{:02}", abs / 12, abs % 12);
}

fn write_day_time(out: &mut String, millis: i64) {
    let sign = if millis < 0 { '-' } else { '+' };
    let abs = millis.unsigned_abs();
    let (days, rest) = (abs / 86_400_000, abs % 86_400_000);
    let _ = write!(
        out,
        "{sign}{days} {:02}:{:02}:{:02}.{:03}",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    );
}

/// A value as compact JSON text: lossless and machine-friendly (see the module docs).
pub fn json(v: &Value, ty: &LogicalType, ctx: &DisplayContext) -> String {
    let mut out = String::new();
    write_json(&mut out, v, ty, ctx);
    out
}

/// Appends `s` as a JSON string.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    // Most values need no escaping: copy them without serde_json's intermediate String.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("null"),
    }
}

/// Shortest round-trip digits at the value's own width (a FLOAT 1.1 stays 1.1, never
/// 1.100000023841858), with an exponent for large and small magnitudes (`1e+300`, not 301
/// digits); non-finite values as strings.
fn write_json_float<F: zmij::Float + Copy>(out: &mut String, v: f64, x: F) {
    if v.is_nan() {
        out.push_str("\"NaN\"");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        });
    } else {
        out.push_str(zmij::Buffer::new().format_finite(x));
    }
}

pub(crate) fn write_json(out: &mut String, v: &Value, ty: &LogicalType, ctx: &DisplayContext) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::TinyInt(x) => push_int(out, *x),
        Value::SmallInt(x) => push_int(out, *x),
        Value::Int(x) => push_int(out, *x),
        Value::BigInt(x) => push_int(out, *x),
        Value::Float(x) => write_json_float(out, f64::from(*x), *x),
        Value::Double(x) => write_json_float(out, *x, *x),
        Value::Decimal(d) => push(out, d),
        Value::String(s) => push_json_str(out, s),
        Value::Binary(b) => push_json_str(out, &BASE64.encode(b)),
        Value::Date(d) => push_json_str(out, &d.to_string()),
        // Digits, signs, `:`, `-`, `T` and `Z` need no JSON escaping: written in place.
        Value::Time(t) => {
            out.push('"');
            write_time(out, *t, precision(ty, 0));
            out.push('"');
        }
        Value::Timestamp(t) => {
            out.push('"');
            write_datetime(out, *t, precision(ty, 6), 'T');
            out.push('"');
        }
        Value::TimestampLtz(ts) => {
            let (local, offset) = ctx.local(*ts);
            out.push('"');
            write_datetime(out, local, precision(ty, 6), 'T');
            if offset == Offset::UTC {
                out.push('Z');
            } else {
                let secs = offset.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let abs = secs.unsigned_abs();
                let _ = write!(out, "{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
            }
            out.push('"');
        }
        Value::IntervalYearMonth(m) => push_json_str(out, &iso_year_month(*m)),
        Value::IntervalDayTime(ms) => push_json_str(out, &iso_day_time(*ms)),
        Value::Array(items) => {
            let elem = element(ty);
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, elem, ctx);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            let (kt, vt) = key_value(ty);
            // An array of [key, value] pairs: keys of any type, order and duplicates kept.
            out.push('[');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                write_json(out, k, kt, ctx);
                out.push(',');
                write_json(out, val, vt, ctx);
                out.push(']');
            }
            out.push(']');
        }
        Value::Multiset(entries) => {
            let elem = element(ty);
            out.push('[');
            for (i, (k, n)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                write_json(out, k, elem, ctx);
                let _ = write!(out, ",{n}]");
            }
            out.push(']');
        }
        Value::Row(fields) => {
            out.push('{');
            for (i, (name, val)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_str(out, name);
                out.push(':');
                write_json(out, val, field(ty, i), ctx);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_json_string()),
    }
}

/// `P1Y2M`, `-P0Y1M`.
fn iso_year_month(months: i32) -> String {
    let sign = if months < 0 { "-" } else { "" };
    let abs = months.unsigned_abs();
    format!("{sign}P{}Y{}M", abs / 12, abs % 12)
}

/// `P1DT2H3M4.005S`, `-P0DT0H0M0.001S`.
fn iso_day_time(millis: i64) -> String {
    let sign = if millis < 0 { "-" } else { "" };
    let abs = millis.unsigned_abs();
    let (days, rest) = (abs / 86_400_000, abs % 86_400_000);
    format!(
        "{sign}P{days}DT{}H{}M{}.{:03}S",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sql_gateway_client::{Decimal, RowField, decode_value};

    fn t(kind: TypeKind) -> LogicalType {
        LogicalType::nullable(kind)
    }

    fn both(ty: &LogicalType, wire: &str, ctx: &DisplayContext) -> (String, String) {
        let v = decode_value(ty, wire).unwrap();
        (table_text(&v, ty, ctx), json(&v, ty, ctx))
    }

    #[test]
    fn timestamp_ltz_uses_the_session_zone() {
        let ty = t(TypeKind::TimestampLtz { precision: 3 });
        // The gateway sends the session's wall-clock time (here Asia/Shanghai's).
        let sh = DisplayContext::for_zone("Asia/Shanghai");
        assert_eq!(
            both(&ty, "\"1970-01-01T08:00:01Z\"", &sh),
            (
                "1970-01-01 08:00:01.000".into(),
                "\"1970-01-01T08:00:01.000+08:00\"".into()
            )
        );
        let utc = DisplayContext::for_zone("UTC");
        assert_eq!(
            both(&ty, "\"1970-01-01T00:00:01.5Z\"", &utc).1,
            "\"1970-01-01T00:00:01.500Z\""
        );
        let gmt = DisplayContext::for_zone("GMT-05:30");
        assert_eq!(
            both(&ty, "\"1969-12-31T18:30:01Z\"", &gmt),
            (
                "1969-12-31 18:30:01.000".into(),
                "\"1969-12-31T18:30:01.000-05:30\"".into()
            )
        );
    }

    #[test]
    fn intervals_as_flink_shows_them() {
        let ctx = DisplayContext::utc();
        let dt = t(TypeKind::IntervalDayTime {
            precision: 2,
            fractional_precision: 3,
            resolution: "DAY_TO_SECOND".into(),
        });
        assert_eq!(
            both(&dt, "86400000", &ctx),
            ("+1 00:00:00.000".into(), "\"P1DT0H0M0.000S\"".into())
        );
        assert_eq!(both(&dt, "93784005", &ctx).0, "+1 02:03:04.005");
        assert_eq!(both(&dt, "-1", &ctx).0, "-0 00:00:00.001");
        let ym = t(TypeKind::IntervalYearMonth {
            precision: 2,
            resolution: "YEAR_TO_MONTH".into(),
        });
        assert_eq!(both(&ym, "12", &ctx), ("+1-00".into(), "\"P1Y0M\"".into()));
        assert_eq!(both(&ym, "-27", &ctx).0, "-2-03");
    }

    #[test]
    fn floats_are_not_widened_and_follow_java() {
        let ctx = DisplayContext::utc();
        let f = t(TypeKind::Float);
        assert_eq!(both(&f, "1.1", &ctx), ("1.1".into(), "1.1".into()));
        assert_eq!(both(&f, "1", &ctx), ("1.0".into(), "1.0".into()));
        assert_eq!(
            both(&f, "3.4028235E38", &ctx),
            ("3.4028235E38".into(), "3.4028235e+38".into())
        );
        let d = t(TypeKind::Double);
        assert_eq!(
            both(&d, "1.0E10", &ctx),
            ("1.0E10".into(), "10000000000.0".into())
        );
        // Large and small magnitudes keep their exponent in JSON, as serde_json writes them.
        assert_eq!(
            both(&d, "1.1125680149394946E308", &ctx),
            (
                "1.1125680149394946E308".into(),
                "1.1125680149394946e+308".into()
            )
        );
        assert_eq!(both(&d, "1.5E-7", &ctx).1, "1.5e-7");
        assert_eq!(both(&d, "1.5E-5", &ctx).0, "1.5E-5");
        assert_eq!(both(&d, "0.001", &ctx).0, "0.001");
        assert_eq!(both(&d, "1234567.5", &ctx).0, "1234567.5");
        assert_eq!(both(&d, "\"NaN\"", &ctx), ("NaN".into(), "\"NaN\"".into()));
        assert_eq!(both(&d, "-0.0", &ctx).0, "-0.0");
        // The smallest subnormals: Java's two nearest digits, not the shortest padded (the
        // digits of JDK 19 and later; JDK 17 prints 2 × Double.MIN_VALUE as 1.0E-323).
        assert_eq!(both(&d, "4.9E-324", &ctx).0, "4.9E-324");
        assert_eq!(both(&d, "1.0E-323", &ctx).0, "9.9E-324");
        assert_eq!(both(&d, "1.0E23", &ctx).0, "1.0E23");
        assert_eq!(both(&f, "1.4E-45", &ctx).0, "1.4E-45");
        assert_eq!(
            both(&d, "2.2250738585072014E-308", &ctx).0,
            "2.2250738585072014E-308"
        );
    }

    #[test]
    fn json_strings_are_escaped_only_when_needed() {
        let ctx = DisplayContext::utc();
        let s = t(TypeKind::Varchar { length: 100 });
        for (wire, json) in [
            (r#""plain é""#, r#""plain é""#),
            // Each needs escaping for one reason only: a quote, a backslash, a control char.
            (r#""say \"hi\"""#, r#""say \"hi\"""#),
            (r#""back\\slash""#, r#""back\\slash""#),
            (r#""tab\tend""#, r#""tab\tend""#),
            (r#""\u0001""#, r#""\u0001""#),
        ] {
            assert_eq!(both(&s, wire, &ctx).1, json, "{wire}");
        }
    }

    #[test]
    fn time_and_timestamp_keep_their_precision() {
        let ctx = DisplayContext::utc();
        let time3 = t(TypeKind::Time { precision: 3 });
        assert_eq!(
            both(&time3, "\"12:34:56.789\"", &ctx),
            ("12:34:56.789".into(), "\"12:34:56.789\"".into())
        );
        let time0 = t(TypeKind::Time { precision: 0 });
        assert_eq!(both(&time0, "\"12:34:56\"", &ctx).0, "12:34:56");
        let ts6 = t(TypeKind::Timestamp { precision: 6 });
        assert_eq!(
            both(&ts6, "\"2024-01-02T03:04:05.1\"", &ctx),
            (
                "2024-01-02 03:04:05.100000".into(),
                "\"2024-01-02T03:04:05.100000\"".into()
            )
        );
        let ts0 = t(TypeKind::Timestamp { precision: 0 });
        assert_eq!(
            both(&ts0, "\"2024-01-02T03:04:05\"", &ctx).0,
            "2024-01-02 03:04:05"
        );
        let ts9 = t(TypeKind::Timestamp { precision: 9 });
        assert_eq!(
            both(&ts9, "\"0044-03-15T23:59:09.000000007\"", &ctx),
            (
                "0044-03-15 23:59:09.000000007".into(),
                "\"0044-03-15T23:59:09.000000007\"".into()
            )
        );
        let ts2 = t(TypeKind::Timestamp { precision: 2 });
        assert_eq!(
            both(&ts2, "\"-000044-03-15T00:00:00.987\"", &ctx).0,
            "-0044-03-15 00:00:00.98"
        );
    }

    #[test]
    fn collections_rows_binaries_and_nulls() {
        let ctx = DisplayContext::utc();
        let arr = t(TypeKind::Array(Box::new(t(TypeKind::Varchar {
            length: 10,
        }))));
        assert_eq!(
            both(&arr, "[\"a\",null,\"b c\"]", &ctx),
            ("[a, NULL, b c]".into(), "[\"a\",null,\"b c\"]".into())
        );
        let map = t(TypeKind::Map {
            key: Box::new(t(TypeKind::Integer)),
            value: Box::new(t(TypeKind::Boolean)),
        });
        assert_eq!(
            both(&map, "{\"1\":true,\"2\":null}", &ctx),
            ("{1=TRUE, 2=NULL}".into(), "[[1,true],[2,null]]".into())
        );
        let ms = t(TypeKind::Multiset(Box::new(t(TypeKind::Varchar {
            length: 1,
        }))));
        assert_eq!(
            both(&ms, "{\"a\":2}", &ctx),
            ("{a=2}".into(), "[[\"a\",2]]".into())
        );
        let row = t(TypeKind::Row(vec![
            RowField {
                name: "x".into(),
                ty: t(TypeKind::Decimal {
                    precision: 5,
                    scale: 2,
                }),
                description: None,
            },
            RowField {
                name: "y".into(),
                ty: t(TypeKind::Time { precision: 0 }),
                description: None,
            },
        ]));
        assert_eq!(
            both(&row, "{\"x\":1.5,\"y\":\"01:02:03\"}", &ctx),
            (
                "(1.50, 01:02:03)".into(),
                "{\"x\":1.50,\"y\":\"01:02:03\"}".into()
            )
        );
        let bin = t(TypeKind::Varbinary { length: 4 });
        assert_eq!(
            both(&bin, "\"AQr/\"", &ctx),
            ("x'010aff'".into(), "\"AQr/\"".into())
        );
        assert_eq!(both(&bin, "null", &ctx), ("<NULL>".into(), "null".into()));
        let dec = Value::Decimal(Decimal::new(-5, 3));
        assert_eq!(text(&dec, &t(TypeKind::Null), &ctx), "-0.005");
    }

    #[test]
    fn zone_settings() {
        assert_eq!(
            fixed_offset("GMT+08:00"),
            Offset::from_seconds(8 * 3600).ok()
        );
        assert_eq!(fixed_offset("UTC-5"), Offset::from_seconds(-5 * 3600).ok());
        assert_eq!(fixed_offset("+0530"), Offset::from_seconds(19800).ok());
        assert_eq!(fixed_offset("Europe/Paris"), None);
        assert_eq!(fixed_offset("GMT+25"), None);
    }
}
