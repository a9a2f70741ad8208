//! Decoding of result pages captured from a real Flink 2.0.0 SQL Gateway
//! (`tests/fixtures/*.json`, recorded by this crate's live probe), and of hand-written values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sql_gateway_client::{
    Decimal, Error, LogicalType, ResultKind, ResultPage, ResultType, RowFormat, RowKind, TypeKind,
    Value, decode_value,
};

const ALL_TYPES_JSON: &str = include_str!("fixtures/all_types_json.json");
const ALL_TYPES_PLAIN: &str = include_str!("fixtures/all_types_plain_text.json");

fn date(s: &str) -> Value {
    Value::Date(s.parse().unwrap())
}

#[test]
fn every_type_of_a_real_json_page_decodes_exactly() {
    let page = ResultPage::decode(ALL_TYPES_JSON.as_bytes(), RowFormat::Json).unwrap();
    assert_eq!(page.result_type, ResultType::Payload);
    assert_eq!(page.result_kind, Some(ResultKind::SuccessWithContent));
    assert_eq!(page.is_query_result, Some(true));
    assert!(page.job_id.is_some());
    assert!(
        page.next_result_uri
            .as_deref()
            .unwrap()
            .ends_with("/result/3?rowFormat=JSON")
    );
    let names: Vec<_> = page.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "a", "b", "c", "d", "e", "f", "g", "g2", "g3", "h", "i", "j", "k", "l", "m", "m3", "n",
            "o", "p", "q", "r", "s", "t", "u", "v", "w", "ms", "nested"
        ]
    );
    let types: Vec<String> = page
        .columns
        .iter()
        .map(|c| c.logical_type.to_string())
        .collect();
    assert_eq!(types[6], "DECIMAL(10, 2) NOT NULL");
    assert_eq!(types[17], "TIMESTAMP_LTZ(3)");
    assert_eq!(types[26], "MULTISET<CHAR(1) NOT NULL> NOT NULL");

    assert_eq!(page.rows.len(), 1);
    let row = &page.rows[0];
    assert_eq!(row.kind, RowKind::Insert);
    let f = &row.fields;
    assert_eq!(f[0], Value::TinyInt(1));
    assert_eq!(f[1], Value::SmallInt(2));
    assert_eq!(f[2], Value::Int(3));
    assert_eq!(f[3], Value::BigInt(4));
    assert_eq!(f[4], Value::Float(1.5));
    assert_eq!(f[5], Value::Double(2.25));
    // The server sends `1E+2` for DECIMAL(10,2) 100.00: the column's scale is restored.
    assert_eq!(f[6], Value::Decimal(Decimal::new(10000, 2)));
    assert_eq!(f[6].to_string(), "100.00");
    assert_eq!(f[7], Value::Decimal(Decimal::new(10, 8)));
    assert_eq!(f[7].to_string(), "0.00000010");
    // 38 digits survive (an f64 would give 12345678901234567000).
    assert_eq!(f[8].to_string(), "12345678901234567890.123456789012345678");
    assert_eq!(f[9], Value::String("hi".into()));
    assert_eq!(f[10], Value::String("x  ".into()));
    assert_eq!(f[11], Value::Boolean(true));
    assert_eq!(f[12], Value::Binary(vec![0x01, 0x02, 0xff]));
    assert_eq!(f[13], date("2024-02-29"));
    assert_eq!(f[14], Value::Time("12:34:56".parse().unwrap()));
    // TIME(3) loses its milliseconds on the server (RowDataToJsonConverters).
    assert_eq!(f[15], Value::Time("12:34:56".parse().unwrap()));
    assert_eq!(
        f[16],
        Value::Timestamp("2024-01-02T03:04:05.123456".parse().unwrap())
    );
    assert_eq!(
        f[17],
        Value::TimestampLtz("2023-11-14T22:13:20.123Z".parse().unwrap())
    );
    assert_eq!(f[18], Value::IntervalYearMonth(27));
    assert_eq!(f[19], Value::IntervalDayTime(93_784_005));
    assert_eq!(
        f[20],
        Value::Array(vec![Value::Int(1), Value::Int(2), Value::Null])
    );
    assert_eq!(
        f[21],
        Value::Map(vec![
            (
                Value::String("k1".into()),
                Value::Decimal(Decimal::new(15, 1))
            ),
            (Value::String("k2".into()), Value::Null),
        ])
    );
    assert_eq!(
        f[22],
        Value::Row(vec![
            ("EXPR$0".into(), Value::String("r".into())),
            ("EXPR$1".into(), Value::Int(7)),
        ])
    );
    assert_eq!(f[23], Value::Null);
    match f[24] {
        Value::Double(v) => assert!(v.is_nan()),
        ref other => panic!("{other:?}"),
    }
    assert_eq!(f[25], Value::BigInt(i64::MIN));
    assert_eq!(
        f[26],
        Value::Multiset(vec![
            (Value::String("a".into()), 2),
            (Value::String("b".into()), 1)
        ])
    );
    assert_eq!(
        f[27],
        Value::Array(vec![Value::Row(vec![
            ("EXPR$0".into(), Value::Int(1)),
            (
                "EXPR$1".into(),
                Value::Array(vec![Value::String("a".into())])
            ),
        ])])
    );
}

#[test]
fn decoded_values_serialise_back_to_equivalent_json() {
    let page = ResultPage::decode(ALL_TYPES_JSON.as_bytes(), RowFormat::Json).unwrap();
    let server: serde_json::Value = serde_json::from_str(ALL_TYPES_JSON).unwrap();
    let server_fields = server["results"]["data"][0]["fields"].as_array().unwrap();
    for ((value, original), col) in page.rows[0]
        .fields
        .iter()
        .zip(server_fields)
        .zip(&page.columns)
    {
        let ours = value.to_json_string();
        // Re-decoding our JSON gives the same value (exactly, for decimals).
        let again = decode_value(&col.logical_type, &ours).unwrap();
        match (&again, value) {
            (Value::Double(a), Value::Double(b)) if a.is_nan() => assert!(b.is_nan()),
            _ => assert_eq!(&again, value, "column {}", col.name),
        }
        // And the JSON means the same as the server's (numerically for decimals).
        let ours_json: serde_json::Value = serde_json::from_str(&ours).unwrap();
        if let (Some(a), Some(b)) = (ours_json.as_f64(), original.as_f64()) {
            assert_eq!(a, b, "column {}", col.name);
        } else {
            assert_eq!(&ours_json, original, "column {}", col.name);
        }
    }
    assert_eq!(page.rows[0].fields[6].to_json_string(), "100.00");
}

#[test]
fn plain_text_pages_are_strings() {
    let page = ResultPage::decode(ALL_TYPES_PLAIN.as_bytes(), RowFormat::PlainText).unwrap();
    assert_eq!(page.row_format, RowFormat::PlainText);
    let f = &page.rows[0].fields;
    assert_eq!(f[6], Value::String("100.00".into()));
    assert_eq!(
        f[8],
        Value::String("12345678901234567890.123456789012345678".into())
    );
    assert_eq!(f[12], Value::String("x'0102ff'".into()));
    assert_eq!(f[16], Value::String("2024-01-02 03:04:05.123456".into()));
    assert_eq!(f[19], Value::String("+1 02:03:04.005".into()));
    assert_eq!(f[23], Value::Null);
    assert_eq!(f[26], Value::String("{a=2, b=1}".into()));
}

fn ty(json: &str) -> LogicalType {
    serde_json::from_str(json).unwrap()
}

#[test]
fn changelog_kinds_and_spec_spellings_decode() {
    let body = r#"{"resultType":"PAYLOAD","queryResult":true,"resultKind":"SUCCESS_WITH_CONTENT",
      "results":{"columnInfos":[{"name":"n","logicalType":{"typeRoot":"BIGINT","nullable":false}}],
      "data":[{"kind":"INSERT","fields":[1]},{"kind":"UPDATE_BEFORE","fields":[1]},
              {"kind":"UPDATE_AFTER","fields":[2]},{"kind":"DELETE","fields":[2]}]},
      "nextResultUri":null}"#;
    let page = ResultPage::decode(body.as_bytes(), RowFormat::Json).unwrap();
    let kinds: Vec<_> = page.rows.iter().map(|r| r.kind.short_string()).collect();
    assert_eq!(kinds, ["+I", "-U", "+U", "-D"]);
    assert_eq!(page.is_query_result, Some(true));
    assert!(page.is_end());
}

#[test]
fn data_before_columns_is_decoded_too() {
    let body = r#"{"nextResultUri":null,"results":{"data":[{"fields":["7.5"],"kind":"DELETE"}],
        "rowFormat":"JSON","columns":[{"name":"d","logicalType":{"type":"DECIMAL","nullable":true,"precision":3,"scale":2}}]},
        "resultType":"EOS"}"#;
    let page = ResultPage::decode(body.as_bytes(), RowFormat::Json).unwrap();
    assert_eq!(page.result_type, ResultType::Eos);
    assert_eq!(page.rows[0].kind, RowKind::Delete);
    assert_eq!(page.rows[0].fields[0].to_string(), "7.50");
}

#[test]
fn decode_errors_name_the_json_path() {
    let body = r#"{"resultType":"PAYLOAD","results":{"columns":[
        {"name":"a","logicalType":{"type":"INTEGER","nullable":true}},
        {"name":"b","logicalType":{"type":"ARRAY","nullable":true,"elementType":{"type":"INTEGER","nullable":true}}}],
        "data":[{"kind":"INSERT","fields":[1,[1]]},{"kind":"INSERT","fields":[2,[3,"x"]]}]}}"#;
    match ResultPage::decode(body.as_bytes(), RowFormat::Json) {
        Err(Error::Decode {
            path,
            message,
            snippet,
            ..
        }) => {
            assert_eq!(path, "results.data[1].fields[1][1]");
            assert!(message.contains("INT"), "{message}");
            assert!(snippet.starts_with("{\"resultType\""));
        }
        other => panic!("{other:?}"),
    }
    match ResultPage::decode(
        br#"{"resultType":"PAYLOAD","results":{"columns":[{"name":1}]}}"#,
        RowFormat::Json,
    ) {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "results.columns[0].name"),
        other => panic!("{other:?}"),
    }
    // A row with fewer fields than columns.
    let body = r#"{"resultType":"PAYLOAD","results":{"columns":[
        {"name":"a","logicalType":{"type":"INTEGER","nullable":true}}],"data":[{"kind":"INSERT","fields":[]}]}}"#;
    assert!(matches!(
        ResultPage::decode(body.as_bytes(), RowFormat::Json),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn scalar_decoding_rules() {
    let int = ty(r#"{"type":"TINYINT","nullable":true}"#);
    assert!(decode_value(&int, "300").is_err());
    assert!(decode_value(&int, "1.5").is_err());
    assert_eq!(decode_value(&int, "null").unwrap(), Value::Null);
    let dec = ty(r#"{"type":"DECIMAL","nullable":true,"precision":5,"scale":2}"#);
    assert_eq!(decode_value(&dec, "1.5").unwrap().to_string(), "1.50");
    assert_eq!(
        decode_value(&dec, "\"-0.25\"").unwrap().to_string(),
        "-0.25"
    );
    assert!(decode_value(&dec, "1.255").is_err());
    assert!(decode_value(&dec, "true").is_err());
    let dbl = ty(r#"{"type":"DOUBLE","nullable":true}"#);
    assert_eq!(
        decode_value(&dbl, "\"-Infinity\"").unwrap(),
        Value::Double(f64::NEG_INFINITY)
    );
    assert_eq!(decode_value(&dbl, "3").unwrap(), Value::Double(3.0));
    assert_eq!(
        Value::Double(f64::INFINITY).to_json_string(),
        "\"Infinity\""
    );
    let ts = ty(r#"{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3}"#);
    assert!(decode_value(&ts, "\"yesterday\"").is_err());
    let bin = ty(r#"{"type":"VARBINARY","nullable":true,"length":10}"#);
    assert!(decode_value(&bin, "\"***\"").is_err());
    let raw = ty(r#"{"type":"VARIANT","nullable":true}"#);
    assert_eq!(
        decode_value(&raw, r#"{"any":[1,2]}"#).unwrap(),
        Value::Json(serde_json::json!({"any": [1, 2]}))
    );
    let map = LogicalType::nullable(TypeKind::Map {
        key: Box::new(LogicalType::nullable(TypeKind::Integer)),
        value: Box::new(LogicalType::nullable(TypeKind::Boolean)),
    });
    assert_eq!(
        decode_value(&map, r#"{"7":true}"#).unwrap(),
        Value::Map(vec![(Value::Int(7), Value::Boolean(true))])
    );
    assert!(decode_value(&map, "[1]").is_err());
}

/// The published OpenAPI spec describes a fetch response the real server never sends
/// (FLINK-29881). This test pins both sides: the spec's names, and the server's (from the
/// captured page).
#[test]
fn spec_and_real_server_disagree_on_the_fetch_response() {
    let path =
        studio_specs::resolve("flink/rest_v3_sql_gateway.yml").unwrap_or_else(|e| panic!("{e}"));
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The lines of one schema under `components.schemas` (indented by 4 spaces).
    let block = |name: &str| -> String {
        let header = format!("    {name}:");
        spec.lines()
            .skip_while(|l| *l != header)
            .skip(1)
            .take_while(|l| l.starts_with("     "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fetch = block("FetchResultsResponseBody");
    assert!(fetch.contains("nextResultUri:"), "{fetch}");
    let result_info = block("ResultInfo");
    let row_data = block("RowData");
    let logical = block("LogicalType");
    // What the spec says…
    assert!(fetch.contains("queryResult:") && !fetch.contains("isQueryResult"));
    assert!(result_info.contains("columnInfos:") && result_info.contains("fieldGetters:"));
    assert!(
        row_data.contains("arity:")
            && row_data.contains("rowKind:")
            && !row_data.contains("fields:")
    );
    assert!(logical.contains("typeRoot:") && logical.contains("children:"));
    // …and what Flink 2.0.0 sends: the crate decodes the server's names.
    let page = ResultPage::decode(ALL_TYPES_JSON.as_bytes(), RowFormat::Json).unwrap();
    assert_eq!(page.is_query_result, Some(true));
    assert_eq!(page.result_kind, Some(ResultKind::SuccessWithContent));
    assert_eq!(
        page.job_id.as_ref().map(|id| id.as_str()),
        Some("a5c0f29d5d34d49d1d5c9637ecddd2c1")
    );
    assert_eq!(page.columns[0].name, "a");
    assert_eq!(page.columns[0].logical_type.kind, TypeKind::TinyInt);
    assert!(!page.columns[0].logical_type.nullable);
    assert_eq!(page.rows[0].kind, RowKind::Insert);
    assert_eq!(page.rows[0].fields.len(), page.columns.len());
    // A page with the spec's names still decodes (the crate accepts both), so a server that
    // one day follows the spec keeps working.
    let spec_shaped =
        br#"{"resultType":"PAYLOAD","queryResult":true,"resultKind":"SUCCESS_WITH_CONTENT",
        "results":{"columnInfos":[{"name":"x","logicalType":{"type":"INTEGER","nullable":true}}],
        "rowFormat":"JSON","data":[{"kind":"INSERT","fields":[7]}]},"nextResultUri":"/v3/x"}"#;
    let page = ResultPage::decode(spec_shaped, RowFormat::Json).unwrap();
    assert_eq!(page.is_query_result, Some(true));
    assert_eq!(page.columns[0].name, "x");
    assert_eq!(page.rows[0].fields, [Value::Int(7)]);
    // DECIMAL values are JSON numbers with trailing zeros stripped (`1E+2` for 100.00) and
    // TIME(3) loses its fraction — neither is documented.
    assert!(ALL_TYPES_JSON.contains(",1E+2,1E-7,"));
    assert!(ALL_TYPES_JSON.contains(r#""12:34:56","12:34:56""#));
    // Refresh of materialized tables is served by v3 only: the v4 spec drops it.
    let v4 =
        std::fs::read_to_string(studio_specs::resolve("flink/rest_v4_sql_gateway.yml").unwrap())
            .unwrap();
    assert!(spec.contains("/materialized-tables/{identifier}/refresh"));
    assert!(!v4.contains("/materialized-tables/{identifier}/refresh"));
    assert!(v4.contains("/sessions/{session_handle}/scripts"));
}

#[test]
fn a_job_id_that_is_not_one_is_dropped_not_fatal() {
    let page = br#"{"resultType":"PAYLOAD","isQueryResult":true,"jobID":"not-a-job","resultKind":"SUCCESS_WITH_CONTENT","results":{"columns":[{"name":"a","logicalType":{"type":"INTEGER","nullable":true},"comment":null}],"rowFormat":"JSON","data":[{"kind":"INSERT","fields":[1]}]}}"#;
    let page = ResultPage::decode(page, RowFormat::Json).unwrap();
    assert_eq!(page.job_id, None);
    assert_eq!(page.rows[0].fields, vec![Value::Int(1)]);
    let good = ResultPage::decode(ALL_TYPES_JSON.as_bytes(), RowFormat::Json).unwrap();
    assert!(good.job_id.is_some());
}
