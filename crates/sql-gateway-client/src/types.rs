//! Flink logical types as the gateway describes result columns.
//!
//! The wire form is Flink's `LogicalTypeJsonSerializer` output, e.g.
//! `{"type":"DECIMAL","nullable":true,"precision":10,"scale":2}` — not the `typeRoot`/`children`
//! shape of the published OpenAPI spec.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Flink logical type with its nullability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LogicalTypeWire", into = "LogicalTypeWire")]
pub struct LogicalType {
    /// `false` for `NOT NULL` types.
    pub nullable: bool,
    /// The type itself.
    pub kind: TypeKind,
}

/// The type-specific part of a [`LogicalType`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypeKind {
    /// `CHAR(n)`.
    Char {
        /// Length.
        length: u32,
    },
    /// `VARCHAR(n)` / `STRING`.
    Varchar {
        /// Length (2147483647 for `STRING`).
        length: u32,
    },
    /// `BOOLEAN`.
    Boolean,
    /// `BINARY(n)`.
    Binary {
        /// Length.
        length: u32,
    },
    /// `VARBINARY(n)` / `BYTES`.
    Varbinary {
        /// Length.
        length: u32,
    },
    /// `DECIMAL(p, s)`.
    Decimal {
        /// Precision (1..=38).
        precision: u32,
        /// Scale.
        scale: u32,
    },
    /// `TINYINT`.
    TinyInt,
    /// `SMALLINT`.
    SmallInt,
    /// `INT`.
    Integer,
    /// `BIGINT`.
    BigInt,
    /// `FLOAT`.
    Float,
    /// `DOUBLE`.
    Double,
    /// `DATE`.
    Date,
    /// `TIME(p)`.
    Time {
        /// Fractional-second precision.
        precision: u32,
    },
    /// `TIMESTAMP(p)`.
    Timestamp {
        /// Fractional-second precision.
        precision: u32,
    },
    /// `TIMESTAMP(p) WITH TIME ZONE` (not produced by Flink's runtime, listed for completeness).
    TimestampTz {
        /// Fractional-second precision.
        precision: u32,
    },
    /// `TIMESTAMP_LTZ(p)`.
    TimestampLtz {
        /// Fractional-second precision.
        precision: u32,
    },
    /// `INTERVAL YEAR TO MONTH` and friends; values are a number of months.
    IntervalYearMonth {
        /// Year precision.
        precision: u32,
        /// Resolution, e.g. `YEAR_TO_MONTH`.
        resolution: String,
    },
    /// `INTERVAL DAY TO SECOND` and friends; values are a number of milliseconds.
    IntervalDayTime {
        /// Day precision.
        precision: u32,
        /// Fractional-second precision.
        fractional_precision: u32,
        /// Resolution, e.g. `DAY_TO_SECOND`.
        resolution: String,
    },
    /// `ARRAY<T>`.
    Array(Box<LogicalType>),
    /// `MULTISET<T>`.
    Multiset(Box<LogicalType>),
    /// `MAP<K, V>`.
    Map {
        /// Key type.
        key: Box<LogicalType>,
        /// Value type.
        value: Box<LogicalType>,
    },
    /// `ROW<...>`.
    Row(Vec<RowField>),
    /// The type of a bare `NULL` literal.
    Null,
    /// `RAW('class', 'serializer')`.
    Raw {
        /// Originating class.
        class: String,
        /// Serialized serializer snapshot.
        serializer: String,
    },
    /// A type root this client does not know (e.g. `VARIANT` on newer Flink); values decode
    /// to [`Value::Json`](crate::Value::Json).
    Other {
        /// The `type` string the server sent.
        type_name: String,
    },
}

/// A named field of a `ROW` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowField {
    /// Field name.
    pub name: String,
    /// Field type.
    pub ty: LogicalType,
    /// Field description, if any.
    pub description: Option<String>,
}

impl LogicalType {
    /// A nullable type of this kind.
    pub fn nullable(kind: TypeKind) -> Self {
        Self {
            nullable: true,
            kind,
        }
    }

    /// A `NOT NULL` type of this kind.
    pub fn not_null(kind: TypeKind) -> Self {
        Self {
            nullable: false,
            kind,
        }
    }

    /// The type root as Flink names it, e.g. `TIMESTAMP_WITH_LOCAL_TIME_ZONE`.
    pub fn type_root(&self) -> &str {
        match &self.kind {
            TypeKind::Char { .. } => "CHAR",
            TypeKind::Varchar { .. } => "VARCHAR",
            TypeKind::Boolean => "BOOLEAN",
            TypeKind::Binary { .. } => "BINARY",
            TypeKind::Varbinary { .. } => "VARBINARY",
            TypeKind::Decimal { .. } => "DECIMAL",
            TypeKind::TinyInt => "TINYINT",
            TypeKind::SmallInt => "SMALLINT",
            TypeKind::Integer => "INTEGER",
            TypeKind::BigInt => "BIGINT",
            TypeKind::Float => "FLOAT",
            TypeKind::Double => "DOUBLE",
            TypeKind::Date => "DATE",
            TypeKind::Time { .. } => "TIME_WITHOUT_TIME_ZONE",
            TypeKind::Timestamp { .. } => "TIMESTAMP_WITHOUT_TIME_ZONE",
            TypeKind::TimestampTz { .. } => "TIMESTAMP_WITH_TIME_ZONE",
            TypeKind::TimestampLtz { .. } => "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
            TypeKind::IntervalYearMonth { .. } => "INTERVAL_YEAR_MONTH",
            TypeKind::IntervalDayTime { .. } => "INTERVAL_DAY_TIME",
            TypeKind::Array(_) => "ARRAY",
            TypeKind::Multiset(_) => "MULTISET",
            TypeKind::Map { .. } => "MAP",
            TypeKind::Row(_) => "ROW",
            TypeKind::Null => "NULL",
            TypeKind::Raw { .. } => "RAW",
            TypeKind::Other { type_name } => type_name,
        }
    }

    /// True for `CHAR`/`VARCHAR`.
    pub fn is_character_string(&self) -> bool {
        matches!(self.kind, TypeKind::Char { .. } | TypeKind::Varchar { .. })
    }
}

/// SQL spelling, e.g. `DECIMAL(10, 2) NOT NULL`, `MAP<STRING, INT>`.
impl fmt::Display for LogicalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TypeKind::Char { length } => write!(f, "CHAR({length})")?,
            TypeKind::Varchar { length } if *length == i32::MAX as u32 => f.write_str("STRING")?,
            TypeKind::Varchar { length } => write!(f, "VARCHAR({length})")?,
            TypeKind::Boolean => f.write_str("BOOLEAN")?,
            TypeKind::Binary { length } => write!(f, "BINARY({length})")?,
            TypeKind::Varbinary { length } if *length == i32::MAX as u32 => f.write_str("BYTES")?,
            TypeKind::Varbinary { length } => write!(f, "VARBINARY({length})")?,
            TypeKind::Decimal { precision, scale } => write!(f, "DECIMAL({precision}, {scale})")?,
            TypeKind::TinyInt => f.write_str("TINYINT")?,
            TypeKind::SmallInt => f.write_str("SMALLINT")?,
            TypeKind::Integer => f.write_str("INT")?,
            TypeKind::BigInt => f.write_str("BIGINT")?,
            TypeKind::Float => f.write_str("FLOAT")?,
            TypeKind::Double => f.write_str("DOUBLE")?,
            TypeKind::Date => f.write_str("DATE")?,
            TypeKind::Time { precision } => write!(f, "TIME({precision})")?,
            TypeKind::Timestamp { precision } => write!(f, "TIMESTAMP({precision})")?,
            TypeKind::TimestampTz { precision } => {
                write!(f, "TIMESTAMP({precision}) WITH TIME ZONE")?
            }
            TypeKind::TimestampLtz { precision } => write!(f, "TIMESTAMP_LTZ({precision})")?,
            TypeKind::IntervalYearMonth { resolution, .. }
            | TypeKind::IntervalDayTime { resolution, .. } => {
                write!(f, "INTERVAL {}", resolution.replace('_', " "))?
            }
            TypeKind::Array(e) => write!(f, "ARRAY<{e}>")?,
            TypeKind::Multiset(e) => write!(f, "MULTISET<{e}>")?,
            TypeKind::Map { key, value } => write!(f, "MAP<{key}, {value}>")?,
            TypeKind::Row(fields) => {
                f.write_str("ROW<")?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{}` {}", field.name.replace('`', "``"), field.ty)?;
                }
                f.write_str(">")?;
            }
            TypeKind::Null => return f.write_str("NULL"),
            TypeKind::Raw { class, .. } => write!(f, "RAW('{class}', '...')")?,
            TypeKind::Other { type_name } => f.write_str(type_name)?,
        }
        if !self.nullable {
            f.write_str(" NOT NULL")?;
        }
        Ok(())
    }
}

// ---- wire form ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogicalTypeWire {
    /// Real servers send `type`; the OpenAPI spec calls it `typeRoot`.
    #[serde(rename = "type", alias = "typeRoot")]
    type_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nullable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    precision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_type: Option<Box<LogicalTypeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value_type: Option<Box<LogicalTypeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    element_type: Option<Box<LogicalTypeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<RowFieldWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fractional_precision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    serializer: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RowFieldWire {
    name: String,
    field_type: LogicalTypeWire,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

fn boxed(w: Option<Box<LogicalTypeWire>>, what: &str) -> Result<Box<LogicalType>, String> {
    match w {
        Some(w) => Ok(Box::new(LogicalType::try_from(*w)?)),
        None => Err(format!("missing `{what}`")),
    }
}

impl TryFrom<LogicalTypeWire> for LogicalType {
    type Error = String;

    fn try_from(w: LogicalTypeWire) -> Result<Self, String> {
        let nullable = w.nullable.unwrap_or(true);
        let len = w.length.unwrap_or(1);
        // Flink's defaults when a field is absent.
        let prec = |d: u32| w.precision.unwrap_or(d);
        let kind = match w.type_name.as_str() {
            "CHAR" => TypeKind::Char { length: len },
            "VARCHAR" => TypeKind::Varchar { length: len },
            "BOOLEAN" => TypeKind::Boolean,
            "BINARY" => TypeKind::Binary { length: len },
            "VARBINARY" => TypeKind::Varbinary { length: len },
            "DECIMAL" => TypeKind::Decimal {
                precision: prec(10),
                scale: w.scale.unwrap_or(0),
            },
            "TINYINT" => TypeKind::TinyInt,
            "SMALLINT" => TypeKind::SmallInt,
            "INTEGER" => TypeKind::Integer,
            "BIGINT" => TypeKind::BigInt,
            "FLOAT" => TypeKind::Float,
            "DOUBLE" => TypeKind::Double,
            "DATE" => TypeKind::Date,
            "TIME_WITHOUT_TIME_ZONE" => TypeKind::Time { precision: prec(0) },
            "TIMESTAMP_WITHOUT_TIME_ZONE" => TypeKind::Timestamp { precision: prec(6) },
            "TIMESTAMP_WITH_TIME_ZONE" => TypeKind::TimestampTz { precision: prec(6) },
            "TIMESTAMP_WITH_LOCAL_TIME_ZONE" => TypeKind::TimestampLtz { precision: prec(6) },
            "INTERVAL_YEAR_MONTH" => TypeKind::IntervalYearMonth {
                precision: prec(2),
                resolution: w
                    .resolution
                    .clone()
                    .unwrap_or_else(|| "YEAR_TO_MONTH".into()),
            },
            "INTERVAL_DAY_TIME" => TypeKind::IntervalDayTime {
                precision: prec(2),
                fractional_precision: w.fractional_precision.unwrap_or(6),
                resolution: w
                    .resolution
                    .clone()
                    .unwrap_or_else(|| "DAY_TO_SECOND".into()),
            },
            "ARRAY" => TypeKind::Array(boxed(w.element_type, "elementType")?),
            "MULTISET" => TypeKind::Multiset(boxed(w.element_type, "elementType")?),
            "MAP" => TypeKind::Map {
                key: boxed(w.key_type, "keyType")?,
                value: boxed(w.value_type, "valueType")?,
            },
            "ROW" => TypeKind::Row(
                w.fields
                    .unwrap_or_default()
                    .into_iter()
                    .map(|f| {
                        Ok(RowField {
                            name: f.name,
                            ty: LogicalType::try_from(f.field_type)?,
                            description: f.description,
                        })
                    })
                    .collect::<Result<_, String>>()?,
            ),
            "NULL" => TypeKind::Null,
            "RAW" => TypeKind::Raw {
                class: w.class.unwrap_or_default(),
                serializer: w.serializer.unwrap_or_default(),
            },
            other => TypeKind::Other {
                type_name: other.to_owned(),
            },
        };
        Ok(LogicalType { nullable, kind })
    }
}

impl From<LogicalType> for LogicalTypeWire {
    fn from(t: LogicalType) -> Self {
        let mut w = LogicalTypeWire {
            type_name: t.type_root().to_owned(),
            nullable: Some(t.nullable),
            ..Default::default()
        };
        match t.kind {
            TypeKind::Char { length }
            | TypeKind::Varchar { length }
            | TypeKind::Binary { length }
            | TypeKind::Varbinary { length } => w.length = Some(length),
            TypeKind::Decimal { precision, scale } => {
                w.precision = Some(precision);
                w.scale = Some(scale);
            }
            TypeKind::Time { precision }
            | TypeKind::Timestamp { precision }
            | TypeKind::TimestampTz { precision }
            | TypeKind::TimestampLtz { precision } => w.precision = Some(precision),
            TypeKind::IntervalYearMonth {
                precision,
                resolution,
            } => {
                w.precision = Some(precision);
                w.resolution = Some(resolution);
            }
            TypeKind::IntervalDayTime {
                precision,
                fractional_precision,
                resolution,
            } => {
                w.precision = Some(precision);
                w.fractional_precision = Some(fractional_precision);
                w.resolution = Some(resolution);
            }
            TypeKind::Array(e) | TypeKind::Multiset(e) => {
                w.element_type = Some(Box::new((*e).into()))
            }
            TypeKind::Map { key, value } => {
                w.key_type = Some(Box::new((*key).into()));
                w.value_type = Some(Box::new((*value).into()));
            }
            TypeKind::Row(fields) => {
                w.fields = Some(
                    fields
                        .into_iter()
                        .map(|f| RowFieldWire {
                            name: f.name,
                            field_type: f.ty.into(),
                            description: f.description,
                        })
                        .collect(),
                )
            }
            TypeKind::Null => w.nullable = None,
            TypeKind::Raw { class, serializer } => {
                w.class = Some(class);
                w.serializer = Some(serializer);
            }
            TypeKind::Boolean
            | TypeKind::TinyInt
            | TypeKind::SmallInt
            | TypeKind::Integer
            | TypeKind::BigInt
            | TypeKind::Float
            | TypeKind::Double
            | TypeKind::Date
            | TypeKind::Other { .. } => {}
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_server_types_and_prints_sql() {
        let json = r#"{"type":"ROW","nullable":true,"fields":[
            {"name":"m","fieldType":{"type":"MAP","nullable":true,
                "keyType":{"type":"VARCHAR","nullable":true,"length":2147483647},
                "valueType":{"type":"DECIMAL","nullable":false,"precision":10,"scale":2}}},
            {"name":"a","fieldType":{"type":"ARRAY","nullable":false,
                "elementType":{"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":true,"precision":3}}}]}"#;
        let t: LogicalType = serde_json::from_str(json).unwrap();
        assert_eq!(
            t.to_string(),
            "ROW<`m` MAP<STRING, DECIMAL(10, 2) NOT NULL>, `a` ARRAY<TIMESTAMP_LTZ(3)> NOT NULL>"
        );
        // Round trip through the wire form.
        let back: LogicalType = serde_json::from_value(serde_json::to_value(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn spec_spelling_type_root_is_accepted_and_unknown_roots_kept() {
        let t: LogicalType =
            serde_json::from_str(r#"{"typeRoot":"BIGINT","nullable":false}"#).unwrap();
        assert_eq!(t, LogicalType::not_null(TypeKind::BigInt));
        let t: LogicalType = serde_json::from_str(r#"{"type":"VARIANT","nullable":true}"#).unwrap();
        assert_eq!(t.type_root(), "VARIANT");
        assert!(serde_json::from_str::<LogicalType>(r#"{"type":"ARRAY"}"#).is_err());
    }
}
