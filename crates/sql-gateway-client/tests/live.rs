//! Live tests against the real local SQL Gateway (`cargo xtask testbed up`).
//!
//! Run with `set -a; . target/testbed/env; set +a; cargo test -p sql-gateway-client -- --ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use sql_gateway_client::{
    ApiVersion, Client, Error, FetchOptions, OperationStatus, RefreshOptions, ResultKind,
    ResultType, RowFormat, RowKind, ScriptOptions, Session, SessionHandle, SessionOptions,
    StatementOptions, Value,
};

fn env(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => v,
        _ => panic!(
            "{name} is not set: start the stack with `cargo xtask testbed up` and load target/testbed/env"
        ),
    }
}

fn client() -> Client {
    Client::new(env("STUDIO_GATEWAY_URL")).unwrap()
}

async fn session(client: &Client, mode: &str) -> Session {
    client
        .open_session(
            SessionOptions::new()
                .name(format!("sgc-live-{mode}"))
                .property("execution.runtime-mode", mode)
                .property("table.local-time-zone", "UTC"),
        )
        .await
        .unwrap()
}

fn fetch() -> FetchOptions {
    FetchOptions::new().timeout(Duration::from_secs(120))
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_info_and_version_negotiation() {
    let client = client();
    let info = client.info().await.unwrap();
    assert_eq!(info.product_name, "Apache Flink");
    assert_eq!(info.version, env("STUDIO_FLINK_VERSION"));
    let negotiated = client.negotiate().await.unwrap();
    assert!(negotiated.server_versions.iter().any(|v| v == "V1"));
    // Flink 2.x offers v4; we pick the highest.
    assert_eq!(negotiated.version, ApiVersion::V4);

    // A client pinned to v1 refuses v2 endpoints before sending anything.
    let v1 = Client::builder(env("STUDIO_GATEWAY_URL"))
        .api_version(ApiVersion::V1)
        .build()
        .unwrap();
    assert_eq!(v1.api_version().await.unwrap(), ApiVersion::V1);
    let s = session(&v1, "batch").await;
    match s.configure("SET 'a' = 'b'").await {
        Err(Error::UnsupportedVersion {
            endpoint,
            negotiated,
            ..
        }) => {
            assert_eq!(endpoint, "configure-session");
            assert_eq!(negotiated, ApiVersion::V1);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        s.complete_statement("SEL", 3).await,
        Err(Error::UnsupportedVersion { .. })
    ));
    // v1 still runs statements (without rowFormat; JSON only).
    let op = s
        .execute_statement("SELECT 41 + 1", StatementOptions::new())
        .await
        .unwrap();
    let (_, rows) = op.collect(fetch()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].fields, vec![Value::Int(42)]);
    s.close().await.unwrap();

    // Pinned to v3: scripts are refused; pinned to v4: materialized-table refresh is refused.
    let v3 = Client::builder(env("STUDIO_GATEWAY_URL"))
        .api_version(ApiVersion::V3)
        .build()
        .unwrap();
    // Refused locally, so the handle need not exist.
    let s3 = v3.attach_session(SessionHandle::new("00000000-0000-0000-0000-000000000000"));
    assert!(matches!(
        s3.deploy_script(ScriptOptions {
            script: Some("SELECT 1".into()),
            ..Default::default()
        })
        .await,
        Err(Error::UnsupportedVersion {
            endpoint: "script deployment",
            ..
        })
    ));
    s3.keep_open();
    let v4 = Client::builder(env("STUDIO_GATEWAY_URL"))
        .api_version(ApiVersion::V4)
        .build()
        .unwrap();
    let s4 = session(&v4, "batch").await;
    assert!(matches!(
        s4.refresh_materialized_table("mt", RefreshOptions::default())
            .await,
        Err(Error::UnsupportedVersion {
            endpoint: "materialized-table refresh",
            ..
        })
    ));
    s4.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_session_endpoints() {
    let client = client();
    let s = session(&client, "batch").await;
    let config = s.config().await.unwrap();
    assert_eq!(
        config.get("execution.runtime-mode").map(String::as_str),
        Some("batch")
    );
    s.heartbeat().await.unwrap();
    let candidates = s
        .complete_statement("SELECT * FROM t WH", 18)
        .await
        .unwrap();
    assert!(
        candidates.iter().any(|c| c.eq_ignore_ascii_case("WHERE")),
        "{candidates:?}"
    );
    // Automatic negotiation calls refresh through /v3 (the only version serving it): the
    // gateway accepts it and the operation then fails on the missing table.
    let op = s
        .refresh_materialized_table(
            "default_catalog.default_database.nope",
            RefreshOptions::default(),
        )
        .await
        .unwrap();
    match op.collect(fetch()).await {
        Err(Error::OperationFailed { root_cause, .. }) => {
            assert!(root_cause.contains("nope"), "{root_cause}");
        }
        other => panic!("{other:?}"),
    }
    // v4 script deployment reaches the gateway, which cannot start an application cluster
    // on a standalone (session) deployment.
    match s
        .deploy_script(ScriptOptions {
            script: Some("SELECT 1;".into()),
            ..Default::default()
        })
        .await
    {
        Err(Error::Api {
            status, root_cause, ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(
                root_cause,
                "Application Mode not supported by standalone deployments."
            );
        }
        other => panic!("{other:?}"),
    }
    let handle = s.handle().clone();
    s.close().await.unwrap();
    // A closed session is reported as not found, with the server's message.
    let gone = client.attach_session(handle.clone());
    match gone.heartbeat().await {
        Err(Error::SessionNotFound { session, message }) => {
            assert_eq!(session, handle);
            assert!(message.contains("does not exist"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    gone.keep_open();
}

const ALL_TYPES: &str = "SELECT CAST(1 AS TINYINT) a, CAST(2 AS SMALLINT) b, 3 c, CAST(4 AS BIGINT) d, \
    CAST(1.5 AS FLOAT) e, CAST(2.25 AS DOUBLE) f, CAST(100.00 AS DECIMAL(10,2)) g, \
    CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) g3, 'hi' h, TRUE j, X'0102ff' k, \
    DATE '2024-02-29' l, TIME '12:34:56' m, TIMESTAMP '2024-01-02 03:04:05.123456' n, \
    TO_TIMESTAMP_LTZ(1700000000123, 3) o, INTERVAL '2-3' YEAR TO MONTH p, \
    INTERVAL '1 02:03:04.005' DAY TO SECOND q, ARRAY[1,2,CAST(NULL AS INT)] r, \
    MAP['k1', 1.5] s, ROW('r', 7) t, CAST(NULL AS VARCHAR) u";

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_bounded_query_exact_values_and_types() {
    let client = client();
    let s = session(&client, "batch").await;
    let op = s
        .execute_statement(ALL_TYPES, StatementOptions::new())
        .await
        .unwrap();
    let mut pages = op.pages(fetch());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.result_kind, Some(ResultKind::SuccessWithContent));
    assert_eq!(first.is_query_result, Some(true));
    assert!(first.job_id.is_some());
    let types: Vec<String> = first
        .columns
        .iter()
        .map(|c| c.logical_type.to_string())
        .collect();
    assert_eq!(
        types,
        [
            "TINYINT NOT NULL",
            "SMALLINT NOT NULL",
            "INT NOT NULL",
            "BIGINT NOT NULL",
            "FLOAT NOT NULL",
            "DOUBLE NOT NULL",
            "DECIMAL(10, 2) NOT NULL",
            "DECIMAL(38, 18) NOT NULL",
            "CHAR(2) NOT NULL",
            "BOOLEAN NOT NULL",
            "BINARY(3) NOT NULL",
            "DATE NOT NULL",
            "TIME(0) NOT NULL",
            "TIMESTAMP(6) NOT NULL",
            "TIMESTAMP_LTZ(3)",
            "INTERVAL MONTH NOT NULL",
            "INTERVAL SECOND NOT NULL",
            "ARRAY<INT> NOT NULL",
            "MAP<CHAR(2) NOT NULL, DECIMAL(2, 1) NOT NULL> NOT NULL",
            "ROW<`EXPR$0` CHAR(1) NOT NULL, `EXPR$1` INT NOT NULL> NOT NULL",
            "STRING",
        ]
    );
    let mut rows = first.rows.clone();
    while let Some(p) = pages.next().await {
        rows.extend(p.unwrap().rows);
    }
    assert_eq!(rows.len(), 1);
    let f = &rows[0].fields;
    assert_eq!(rows[0].kind, RowKind::Insert);
    let texts: Vec<String> = f.iter().map(Value::to_string).collect();
    assert_eq!(
        texts,
        [
            "1",
            "2",
            "3",
            "4",
            "1.5",
            "2.25",
            "100.00",
            "12345678901234567890.123456789012345678",
            "hi",
            "TRUE",
            "x'0102ff'",
            "2024-02-29",
            "12:34:56",
            "2024-01-02 03:04:05.123456",
            "2023-11-14 22:13:20.123Z",
            "27 months",
            "93784005 ms",
            "[1,2,null]",
            "{\"k1\":1.5}",
            "{\"EXPR$0\":\"r\",\"EXPR$1\":7}",
            "NULL",
        ]
    );
    assert_eq!(f[0], Value::TinyInt(1));
    assert_eq!(f[3], Value::BigInt(4));
    assert_eq!(f[5], Value::Double(2.25));
    assert!(matches!(f[6], Value::Decimal(d) if d.unscaled() == 10000 && d.scale() == 2));
    assert_eq!(f[12], Value::Time("12:34:56".parse().unwrap()));
    assert_eq!(
        f[14],
        Value::TimestampLtz("2023-11-14T22:13:20.123Z".parse().unwrap())
    );
    assert_eq!(op.status().await.unwrap(), OperationStatus::Finished);
    assert_eq!(op.close().await.unwrap(), OperationStatus::Closed);
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_map_with_non_string_keys_falls_back_to_plain_text() {
    let client = client();
    let s = session(&client, "batch").await;
    let sql = "SELECT MAP[1, TRUE] AS m, 7 AS n";
    // The gateway cannot write this page as JSON rows (HTTP 500): a single fetch shows it.
    let op = s
        .execute_statement(sql, StatementOptions::new())
        .await
        .unwrap();
    let mut failed = None;
    for _ in 0..100 {
        match op.fetch(0, RowFormat::Json).await {
            Ok(page) if page.result_type == ResultType::NotReady => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => {
                failed = Some(other);
                break;
            }
        }
    }
    let err = failed.unwrap().unwrap_err();
    assert!(err.to_string().contains("500"), "{err}");
    // The stream fetches the same page again as PLAIN_TEXT and goes on in that format.
    let op = s
        .execute_statement(sql, StatementOptions::new())
        .await
        .unwrap();
    let (cols, rows) = op.collect(fetch()).await.unwrap();
    assert_eq!(cols.len(), 2);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let texts: Vec<_> = rows[0]
        .fields
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["{1=TRUE}", "7"]);
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_plain_text_and_json_formats() {
    let client = client();
    let s = session(&client, "batch").await;
    let sql = "SELECT CAST(100.00 AS DECIMAL(10,2)) d, TIMESTAMP '2024-01-02 03:04:05.5' ts, ARRAY[1, 2] a, X'ff' b";
    let json = s
        .execute_statement(sql, StatementOptions::new())
        .await
        .unwrap();
    let (cols, json_rows) = json.collect(fetch()).await.unwrap();
    let plain = s
        .execute_statement(sql, StatementOptions::new())
        .await
        .unwrap();
    let (plain_cols, plain_rows) = plain
        .collect(fetch().row_format(RowFormat::PlainText))
        .await
        .unwrap();
    assert_eq!(cols, plain_cols);
    assert_eq!(
        json_rows[0].fields,
        vec![
            Value::Decimal("100.00".parse().unwrap()),
            Value::Timestamp("2024-01-02T03:04:05.5".parse().unwrap()),
            Value::Array(vec![Value::Int(1), Value::Int(2)]),
            Value::Binary(vec![0xff]),
        ]
    );
    let plain_texts: Vec<_> = plain_rows[0]
        .fields
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        plain_texts,
        ["100.00", "2024-01-02 03:04:05.5", "[1, 2]", "x'ff'"]
    );
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_ddl_and_set() {
    let client = client();
    let s = session(&client, "batch").await;
    s.configure("SET 'pipeline.name' = 'sgc-live-set'")
        .await
        .unwrap();
    s.configure("CREATE TEMPORARY VIEW one_view AS SELECT 1 AS x1")
        .await
        .unwrap();
    let op = s
        .execute_statement("SET 'parallelism.default' = '3'", StatementOptions::new())
        .await
        .unwrap();
    let (_, rows) = op.collect(fetch()).await.unwrap();
    assert_eq!(rows[0].fields, vec![Value::String("OK".into())]);
    let config = s.config().await.unwrap();
    assert_eq!(
        config.get("pipeline.name").map(String::as_str),
        Some("sgc-live-set")
    );
    assert_eq!(
        config.get("parallelism.default").map(String::as_str),
        Some("3")
    );

    let op = s
        .execute_statement(
            "CREATE TEMPORARY TABLE sgc_sink (x INT) WITH ('connector' = 'blackhole')",
            StatementOptions::new(),
        )
        .await
        .unwrap();
    let mut pages = op.pages(fetch());
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.result_kind, Some(ResultKind::Success));
    assert_eq!(page.is_query_result, Some(false));
    assert_eq!(page.rows[0].fields, vec![Value::String("OK".into())]);
    assert!(pages.next().await.is_none(), "EOS ends the stream");

    let op = s
        .execute_statement("SHOW VIEWS", StatementOptions::new())
        .await
        .unwrap();
    let (_, rows) = op.collect(fetch()).await.unwrap();
    assert!(
        rows.iter()
            .any(|r| r.fields == vec![Value::String("one_view".into())]),
        "{rows:?}"
    );
    let op = s
        .execute_statement("SELECT x1 FROM one_view", StatementOptions::new())
        .await
        .unwrap();
    let (_, rows) = op.collect(fetch()).await.unwrap();
    assert_eq!(rows[0].fields, vec![Value::Int(1)]);
    // INSERT reports the job it started.
    let op = s
        .execute_statement(
            "INSERT INTO sgc_sink SELECT x1 FROM one_view",
            StatementOptions::new().config("pipeline.name", "sgc-live-insert"),
        )
        .await
        .unwrap();
    let mut pages = op.pages(fetch());
    let page = pages.next().await.unwrap().unwrap();
    assert!(page.job_id.is_some(), "{page:?}");
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_error_root_cause() {
    let client = client();
    let s = session(&client, "batch").await;
    s.configure("CREATE TEMPORARY TABLE broken (a INT) WITH ('connector' = 'no-such-connector')")
        .await
        .unwrap();
    let op = s
        .execute_statement("SELECT * FROM broken", StatementOptions::new())
        .await
        .unwrap();
    let mut rows = op.rows(fetch());
    match rows.next().await {
        Some(Err(Error::OperationFailed {
            operation,
            root_cause,
            trace,
        })) => {
            assert_eq!(&operation, op.handle());
            assert!(
                root_cause.starts_with(
                    "Could not find any factory for identifier 'no-such-connector' that implements"
                ),
                "{root_cause}"
            );
            // The lines after the first one matter (which connectors there are); frames do not.
            assert!(
                root_cause.contains("Available factory identifiers are:")
                    && !root_cause.contains("\tat "),
                "{root_cause}"
            );
            assert!(
                trace.contains("Available factory identifiers are:"),
                "full trace kept"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(rows.next().await.is_none(), "stream ends after an error");
    assert_eq!(op.status().await.unwrap(), OperationStatus::Error);

    // A failing configure-session statement is an operation failure too.
    match s.configure("SET 'a' = ").await {
        Err(Error::OperationFailed { root_cause, .. }) => {
            assert!(
                root_cause.starts_with("Encountered \"<EOF>\" at line 1, column 10."),
                "{root_cause}"
            )
        }
        other => panic!("{other:?}"),
    }
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_aggregation_changelog_has_updates() {
    let client = client();
    let s = session(&client, "streaming").await;
    let op = s
        .execute_statement(
            "SELECT k, COUNT(*) AS n FROM (VALUES ('a'), ('b'), ('a'), ('a')) AS t(k) GROUP BY k",
            StatementOptions::new().config("parallelism.default", "1"),
        )
        .await
        .unwrap();
    let (_, rows) = op.collect(fetch()).await.unwrap();
    let log: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {} {}", r.kind, r.fields[0], r.fields[1]))
        .collect();
    assert!(log.iter().any(|l| l.starts_with("-U a")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("+U a")), "{log:?}");
    // Applying the changelog gives the final counts.
    let mut state: Vec<(String, i64)> = Vec::new();
    for r in &rows {
        let key = r.fields[0].to_string();
        let n = r.fields[1].as_i64().unwrap();
        match r.kind {
            RowKind::Insert | RowKind::UpdateAfter => state.push((key, n)),
            RowKind::UpdateBefore | RowKind::Delete => {
                let i = state
                    .iter()
                    .position(|(k, v)| *k == key && *v == n)
                    .unwrap();
                state.remove(i);
            }
        }
    }
    state.sort();
    assert_eq!(state, vec![("a".to_owned(), 3), ("b".to_owned(), 1)]);
    s.close().await.unwrap();
}

async fn job_state(rest: &str, job: &str) -> Option<String> {
    let body: serde_json::Value = reqwest::get(format!("{rest}/jobs/overview"))
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    body["jobs"]
        .as_array()?
        .iter()
        .find(|j| j["jid"] == job)
        .and_then(|j| j["state"].as_str().map(str::to_owned))
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_unbounded_query_read_then_cancelled() {
    let rest = env("STUDIO_FLINK_REST_URL");
    let client = client();
    let s = session(&client, "streaming").await;
    s.configure(
        "CREATE TEMPORARY TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen', \
         'rows-per-second' = '50', 'fields.name.length' = '4')",
    )
    .await
    .unwrap();
    let op = s
        .execute_statement(
            "SELECT id, name FROM gen",
            StatementOptions::new().config("parallelism.default", "1"),
        )
        .await
        .unwrap();
    let mut pages = op.pages(fetch());
    let mut job = None;
    let mut rows = Vec::new();
    while rows.len() < 30 {
        let page = pages
            .next()
            .await
            .expect("unbounded stream does not end")
            .unwrap();
        job = job.or(page.job_id.clone());
        rows.extend(page.rows);
    }
    assert!(rows.iter().all(|r| r.kind == RowKind::Insert));
    assert!(
        rows.iter()
            .all(|r| matches!(&r.fields[..], [Value::BigInt(_), Value::String(n)] if n.len() == 4))
    );
    let job = job.expect("a query reports its job id");
    assert_eq!(
        job_state(&rest, job.as_str()).await.as_deref(),
        Some("RUNNING")
    );
    drop(pages);
    // The query's operation is FINISHED once the job runs: cancel falls back to close.
    let status = op.cancel().await.unwrap();
    assert!(
        matches!(status, OperationStatus::Canceled | OperationStatus::Closed),
        "{status:?}"
    );
    // The job really stops (bounded wait).
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut state = None;
    while Instant::now() < deadline {
        state = job_state(&rest, job.as_str()).await;
        if state.as_deref() == Some("CANCELED") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(state.as_deref(), Some("CANCELED"));
    s.close().await.unwrap();
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn live_session_expiry_and_keep_alive() {
    // This gateway expires sessions idle for 4 s (checked every second).
    let client = Client::new(env("STUDIO_GATEWAY_SHORT_IDLE_URL")).unwrap();
    let kept = client
        .open_session(
            SessionOptions::new()
                .name("kept")
                .keep_alive(Duration::from_millis(1000)),
        )
        .await
        .unwrap();
    let idle = client
        .open_session(SessionOptions::new().name("idle"))
        .await
        .unwrap();
    assert!(kept.is_keep_alive_running());
    tokio::time::sleep(Duration::from_secs(9)).await;
    // Kept alive well past the idle timeout.
    kept.config().await.unwrap();
    let op = kept
        .execute_statement("SELECT 1", StatementOptions::new())
        .await
        .unwrap();
    assert_eq!(op.collect(fetch()).await.unwrap().1.len(), 1);
    // The idle one expired, and the client says so.
    match idle.config().await {
        Err(Error::SessionNotFound { session, .. }) => assert_eq!(&session, idle.handle()),
        other => panic!("expected SessionNotFound, got {other:?}"),
    }
    assert!(matches!(
        idle.execute_statement("SELECT 1", StatementOptions::new())
            .await,
        Err(Error::SessionNotFound { .. })
    ));
    idle.keep_open();

    // Dropping a session stops its keep-alive: it then expires too.
    let handle = kept.handle().clone();
    drop(kept);
    let probe = client.attach_session(handle);
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut gone = false;
    while Instant::now() < deadline {
        if let Err(Error::SessionNotFound { .. }) = probe.config().await {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(gone, "dropped session was closed or expired");
    probe.keep_open();
}
