//! Throughput of split + substitute on a large pipeline file.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sql_executor::{Plan, Source, Variables, split};

fn pipeline(statements: usize) -> String {
    let mut sql = String::new();
    for i in 0..statements {
        sql.push_str(&format!(
            "-- statement {i}; with a semicolon in a comment\n\
             CREATE TEMPORARY TABLE t{i} (id BIGINT, s STRING) WITH (\n  'connector' = 'kafka',\n  \
             'topic' = '${{TOPIC:-orders}}_{i}',\n  'properties.sasl.jaas.config' = 'x required password=\"${{KAFKA_PASSWORD}}\";'\n);\n\
             INSERT INTO t{i} SELECT id, 'a;b' FROM src /* ; */ WHERE s <> 'it''s';\n"
        ));
    }
    sql
}

fn bench(c: &mut Criterion) {
    let text = pipeline(1000);
    let source = Source::inline(text.clone());
    let mut vars = Variables::new();
    vars.set("KAFKA_PASSWORD", "hunter2");
    let mut group = c.benchmark_group("pipeline_1000_statements");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("split", |b| b.iter(|| split(&source).unwrap()));
    group.bench_function("plan", |b| {
        b.iter(|| Plan::build(std::slice::from_ref(&source), &vars).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
