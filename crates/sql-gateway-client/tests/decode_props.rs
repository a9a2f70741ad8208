//! Property tests: the value decoder never panics on arbitrary JSON, and what it decodes
//! serialises back to JSON that decodes to the same value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use sql_gateway_client::{LogicalType, ResultPage, RowField, RowFormat, TypeKind, decode_value};

fn leaf_type() -> impl Strategy<Value = TypeKind> {
    prop_oneof![
        Just(TypeKind::Boolean),
        Just(TypeKind::TinyInt),
        Just(TypeKind::SmallInt),
        Just(TypeKind::Integer),
        Just(TypeKind::BigInt),
        Just(TypeKind::Float),
        Just(TypeKind::Double),
        Just(TypeKind::Date),
        Just(TypeKind::Null),
        (0u32..10).prop_map(|precision| TypeKind::Time { precision }),
        (0u32..10).prop_map(|precision| TypeKind::Timestamp { precision }),
        (0u32..10).prop_map(|precision| TypeKind::TimestampLtz { precision }),
        (1u32..40, 0u32..40).prop_map(|(precision, scale)| TypeKind::Decimal { precision, scale }),
        (1u32..100).prop_map(|length| TypeKind::Varchar { length }),
        (1u32..100).prop_map(|length| TypeKind::Char { length }),
        (1u32..100).prop_map(|length| TypeKind::Varbinary { length }),
        Just(TypeKind::IntervalYearMonth {
            precision: 2,
            resolution: "YEAR_TO_MONTH".into()
        }),
        Just(TypeKind::IntervalDayTime {
            precision: 2,
            fractional_precision: 3,
            resolution: "DAY_TO_SECOND".into()
        }),
        Just(TypeKind::Other {
            type_name: "VARIANT".into()
        }),
    ]
}

fn logical_type() -> impl Strategy<Value = LogicalType> {
    let leaf =
        (any::<bool>(), leaf_type()).prop_map(|(nullable, kind)| LogicalType { nullable, kind });
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| LogicalType::nullable(TypeKind::Array(Box::new(t)))),
            inner
                .clone()
                .prop_map(|t| LogicalType::nullable(TypeKind::Multiset(Box::new(t)))),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| LogicalType::nullable(
                TypeKind::Map {
                    key: Box::new(k),
                    value: Box::new(v)
                }
            )),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..4).prop_map(|fields| {
                LogicalType::nullable(TypeKind::Row(
                    // Flink rejects duplicate field names in a ROW, so the names are unique.
                    fields
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, ty))| RowField {
                            name: format!("{name}{i}"),
                            ty,
                            description: None,
                        })
                        .collect(),
                ))
            }),
        ]
    })
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("2024-02-29"),
            Just("12:34:56.5"),
            Just("2024-01-02T03:04:05.123"),
            Just("2023-11-14T22:13:20.123Z"),
            Just("NaN"),
            Just("-Infinity"),
            Just("AQL/"),
            Just("1E+2"),
            Just("0.5")
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-c0-9]{1,2}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Number-ish text that `serde_json::Value` cannot carry exactly.
fn number_text() -> impl Strategy<Value = String> {
    "-?[0-9]{1,45}(\\.[0-9]{0,45})?([eE][+-]?[0-9]{1,4})?"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decoder_never_panics_on_arbitrary_json(ty in logical_type(), v in json_value()) {
        let text = v.to_string();
        if let Ok(decoded) = decode_value(&ty, &text) {
            // Whatever decodes, round-trips through its own JSON.
            let ours = decoded.to_json_string();
            let again = decode_value(&ty, &ours);
            prop_assert!(again.is_ok(), "{ty}: {text} -> {ours}: {again:?}");
            prop_assert_eq!(again.unwrap().to_json_string(), ours);
        }
    }

    #[test]
    fn decoder_never_panics_on_arbitrary_text(ty in logical_type(), text in "\\PC{0,40}") {
        let _ = decode_value(&ty, &text);
    }

    #[test]
    fn decimals_are_exact_or_rejected(text in number_text(), scale in 0u32..40) {
        let ty = LogicalType::nullable(TypeKind::Decimal { precision: 38, scale });
        if let Ok(v) = decode_value(&ty, &text) {
            let printed = v.to_string();
            // Same number: compare digits after normalising both through the decoder.
            let again = decode_value(&ty, &printed).unwrap();
            prop_assert_eq!(again, v);
            prop_assert_eq!(printed.split('.').nth(1).map_or(0, str::len), scale as usize);
        }
    }

    #[test]
    fn page_decoder_never_panics(body in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = ResultPage::decode(&body, RowFormat::Json);
        let _ = ResultPage::decode(&body, RowFormat::PlainText);
    }

    #[test]
    fn page_decoder_never_panics_on_page_shaped_input(ty in logical_type(), fields in prop::collection::vec(json_value(), 0..3), kind in "[A-Z_]{0,14}") {
        let body = serde_json::json!({
            "resultType": "PAYLOAD",
            "results": {
                "columns": [{"name": "c", "logicalType": serde_json::to_value(&ty).unwrap()}],
                "data": [{"kind": kind, "fields": fields}]
            }
        });
        let bytes = serde_json::to_vec(&body).unwrap();
        let _ = ResultPage::decode(&bytes, RowFormat::Json);
        let _ = ResultPage::decode(&bytes, RowFormat::PlainText);
    }
}
