//! Live tests of the local stack: real Flink, SQL Gateway and Kafka (`cargo xtask testbed up`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use sql_gateway_client::{Client, FetchOptions, Session, SessionOptions, StatementOptions};
use studio_local::{LocalStack, StackConfig};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: start the stack with `cargo xtask testbed up` and source target/testbed/env"))
}

async fn open_session() -> Session {
    let client = Client::new(env("STUDIO_GATEWAY_URL")).unwrap();
    client
        .open_session(SessionOptions::new().name("studio-local-live"))
        .await
        .unwrap()
}

/// Runs a statement and collects every row's fields, as JSON, until EOS.
async fn run(session: &Session, sql: &str) -> Vec<Vec<Value>> {
    let op = session
        .execute_statement(sql, StatementOptions::new())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let rows: Vec<_> = op.rows(FetchOptions::new()).collect().await;
    rows.into_iter()
        .map(|row| {
            let row = row.unwrap_or_else(|e| panic!("{sql}: {e}"));
            row.fields
                .iter()
                .map(|f| serde_json::to_value(f).unwrap())
                .collect()
        })
        .collect()
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn gateway_reports_the_pinned_flink_version() {
    let info: Value = reqwest::get(format!("{}/v1/info", env("STUDIO_GATEWAY_URL")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["productName"], "Apache Flink");
    assert_eq!(info["version"], env("STUDIO_FLINK_VERSION"));
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn select_one_through_the_gateway() {
    let session = open_session().await;
    assert_eq!(run(&session, "SELECT 1 AS x").await, vec![vec![json!(1)]]);
    session.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn overview_shows_a_taskmanager_with_free_slots() {
    let overview: Value = reqwest::get(format!("{}/overview", env("STUDIO_FLINK_REST_URL")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        overview["taskmanagers"].as_u64().unwrap() >= 1,
        "{overview}"
    );
    assert!(
        overview["slots-available"].as_u64().unwrap() >= 1,
        "{overview}"
    );
    assert_eq!(overview["flink-version"], env("STUDIO_FLINK_VERSION"));
}

async fn kafka_round_trip(format: &str) {
    let mut cfg = StackConfig::new().unwrap();
    cfg.state_dir = env("STUDIO_LOCAL_STATE_DIR").into();
    let bootstrap = env("STUDIO_KAFKA_BOOTSTRAP");
    cfg.ports.kafka = bootstrap.rsplit(':').next().unwrap().parse().unwrap();
    let topic = format!("studio-local-{format}-{}", std::process::id());
    LocalStack::new(cfg).create_topic(&topic, 1).unwrap();

    let session = open_session().await;
    let ddl = format!(
        "CREATE TABLE orders (id INT, customer STRING, amount DECIMAL(10, 2)) WITH (\
         'connector' = 'kafka', 'topic' = '{topic}', 'properties.bootstrap.servers' = '{bootstrap}', \
         'format' = '{format}', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset')"
    );
    run(&session, &ddl).await;
    // With the default `table.dml-sync = false` the INSERT returns once submitted; wait for
    // the rows through bounded re-reads instead.
    run(
        &session,
        "INSERT INTO orders VALUES (1, 'ada', 12.50), (2, 'grace', 7.25)",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(90);
    let expected = vec![
        vec![json!(1), json!("ada"), json!("12.50")],
        vec![json!(2), json!("grace"), json!("7.25")],
    ];
    loop {
        let got = run(
            &session,
            "SELECT id, customer, CAST(amount AS STRING) FROM orders",
        )
        .await;
        if got == expected {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{format}: rows never arrived; last read {got:?}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    session.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn kafka_json_round_trip() {
    kafka_round_trip("json").await;
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn kafka_avro_round_trip() {
    kafka_round_trip("avro").await;
}
