//! Live tests of the local stack: real Flink, SQL Gateway and Kafka (`cargo xtask testbed up`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use studio_local::{LocalStack, StackConfig};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: start the stack with `cargo xtask testbed up` and source target/testbed/env"))
}

/// A minimal SQL Gateway session driven over plain REST, so this crate's tests do not
/// depend on the client crate they help to test.
struct Session {
    http: reqwest::Client,
    base: String,
    handle: String,
}

impl Session {
    async fn open() -> Self {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let base = env("STUDIO_GATEWAY_URL");
        let resp: Value = http
            .post(format!("{base}/v1/sessions"))
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let handle = resp["sessionHandle"]
            .as_str()
            .expect("sessionHandle")
            .to_owned();
        Self { http, base, handle }
    }

    /// Runs a statement and collects every row until EOS (bounded by a deadline).
    async fn run(&self, sql: &str) -> Vec<Value> {
        let resp: Value = self
            .http
            .post(format!(
                "{}/v2/sessions/{}/statements",
                self.base, self.handle
            ))
            .json(&json!({ "statement": sql }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let op = resp["operationHandle"]
            .as_str()
            .unwrap_or_else(|| panic!("no operation for {sql}: {resp}"))
            .to_owned();
        let mut uri = format!(
            "/v2/sessions/{}/operations/{op}/result/0?rowFormat=JSON",
            self.handle
        );
        let mut rows = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            assert!(Instant::now() < deadline, "no EOS for {sql} within 120s");
            let resp = self
                .http
                .get(format!("{}{uri}", self.base))
                .send()
                .await
                .unwrap();
            let status = resp.status();
            let page: Value = resp.json().await.unwrap();
            assert!(status.is_success(), "{sql} failed: {page}");
            match page["resultType"].as_str() {
                Some("EOS") => return rows,
                Some("NOT_READY") => tokio::time::sleep(Duration::from_millis(200)).await,
                _ => {
                    rows.extend(
                        page["results"]["data"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default(),
                    );
                    uri = match page["nextResultUri"].as_str() {
                        Some(next) => next.to_owned(),
                        None => return rows,
                    };
                }
            }
        }
    }

    async fn close(self) {
        self.http
            .delete(format!("{}/v1/sessions/{}", self.base, self.handle))
            .send()
            .await
            .unwrap();
    }
}

fn fields(rows: &[Value]) -> Vec<Vec<Value>> {
    rows.iter()
        .map(|r| r["fields"].as_array().unwrap().clone())
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
    let session = Session::open().await;
    let rows = session.run("SELECT 1 AS x").await;
    assert_eq!(fields(&rows), vec![vec![json!(1)]]);
    session.close().await;
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

    let session = Session::open().await;
    session
        .run(&format!(
            "CREATE TABLE orders (id INT, customer STRING, amount DECIMAL(10, 2)) WITH (\
             'connector' = 'kafka', 'topic' = '{topic}', 'properties.bootstrap.servers' = '{bootstrap}', \
             'format' = '{format}', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset')"
        ))
        .await;
    // With the default `table.dml-sync = false` the INSERT returns once submitted; wait for
    // the rows through bounded re-reads instead.
    session
        .run("INSERT INTO orders VALUES (1, 'ada', 12.50), (2, 'grace', 7.25)")
        .await;
    let deadline = Instant::now() + Duration::from_secs(90);
    let expected = vec![
        vec![json!(1), json!("ada"), json!("12.50")],
        vec![json!(2), json!("grace"), json!("7.25")],
    ];
    loop {
        let got = fields(
            &session
                .run("SELECT id, customer, CAST(amount AS STRING) FROM orders")
                .await,
        );
        if got == expected {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{format}: rows never arrived; last read {got:?}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    session.close().await;
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
