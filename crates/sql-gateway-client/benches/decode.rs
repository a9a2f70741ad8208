//! Result decoding throughput: a 10-column JSON page, in rows per second.
// `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sql_gateway_client::{ResultPage, RowFormat};

const ROWS: usize = 1000;

/// A page shaped like the real gateway's (Flink 2.0), 10 columns of common types.
fn page(rows: usize, format: RowFormat) -> Vec<u8> {
    let col =
        |name: &str, ty: &str| format!(r#"{{"name":"{name}","logicalType":{ty},"comment":null}}"#);
    let columns = [
        col("id", r#"{"type":"BIGINT","nullable":false}"#),
        col("qty", r#"{"type":"INTEGER","nullable":true}"#),
        col("price", r#"{"type":"DECIMAL","nullable":true,"precision":10,"scale":2}"#),
        col("ratio", r#"{"type":"DOUBLE","nullable":true}"#),
        col("name", r#"{"type":"VARCHAR","nullable":true,"length":2147483647}"#),
        col("active", r#"{"type":"BOOLEAN","nullable":true}"#),
        col("day", r#"{"type":"DATE","nullable":true}"#),
        col("ts", r#"{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3}"#),
        col("ts_ltz", r#"{"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":true,"precision":3}"#),
        col("tags", r#"{"type":"ARRAY","nullable":true,"elementType":{"type":"VARCHAR","nullable":true,"length":2147483647}}"#),
    ]
    .join(",");
    let data: Vec<String> = (0..rows)
        .map(|i| {
            let fields = match format {
                RowFormat::Json => format!(
                    r#"{i},{q},{p}.{c:02},{r},"customer-{i}",{b},"2024-03-{d:02}","2024-03-{d:02}T12:34:56.789","2024-03-{d:02}T12:34:56.789Z",["a","b{i}"]"#,
                    q = i % 100,
                    p = i % 10_000,
                    c = i % 100,
                    r = i as f64 / 7.0,
                    b = i % 2 == 0,
                    d = i % 28 + 1
                ),
                RowFormat::PlainText => format!(
                    r#""{i}","{q}","{p}.{c:02}","{r}","customer-{i}","TRUE","2024-03-{d:02}","2024-03-{d:02} 12:34:56.789","2024-03-{d:02} 12:34:56.789","[a, b{i}]""#,
                    q = i % 100,
                    p = i % 10_000,
                    c = i % 100,
                    r = i as f64 / 7.0,
                    d = i % 28 + 1
                ),
            };
            let kind = if i % 10 == 9 { "UPDATE_AFTER" } else { "INSERT" };
            format!(r#"{{"kind":"{kind}","fields":[{fields}]}}"#)
        })
        .collect();
    format!(
        r#"{{"resultType":"PAYLOAD","isQueryResult":true,"jobID":"72f7b5780d8e5063e02fc776bd795e80","resultKind":"SUCCESS_WITH_CONTENT","results":{{"columns":[{columns}],"rowFormat":"{}","data":[{}]}},"nextResultUri":"/v4/sessions/s/operations/o/result/1?rowFormat=JSON"}}"#,
        format.as_str(),
        data.join(",")
    )
    .into_bytes()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_page_10_columns");
    group.throughput(Throughput::Elements(ROWS as u64));
    for format in [RowFormat::Json, RowFormat::PlainText] {
        let body = page(ROWS, format);
        // Fail loudly rather than measure an error path.
        let decoded = ResultPage::decode(&body, format).map(|p| p.rows.len());
        assert_eq!(decoded.ok(), Some(ROWS), "benchmark page must decode");
        group.bench_function(format.as_str(), |b| {
            b.iter(|| ResultPage::decode(black_box(&body), format))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
