//! Faults a real gateway will not produce on demand: 5xx from a proxy, malformed bodies,
//! connections reset mid-stream, and an old v1-only server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use sql_gateway_client::{
    ApiVersion, Client, Error, FetchOptions, OperationHandle, RetryPolicy, SessionHandle,
    StatementOptions, Value,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SESSION: &str = "11111111-2222-3333-4444-555555555555";
const OPERATION: &str = "66666666-7777-8888-9999-000000000000";

async fn server_with_versions(versions: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api_versions"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "versions": versions })),
        )
        .mount(&server)
        .await;
    server
}

fn fast_client(uri: &str) -> Client {
    Client::builder(uri)
        .retry(RetryPolicy::new(3, Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn page(token: u64, eos: bool, value: i32) -> String {
    let next = if eos {
        "null".to_owned()
    } else {
        format!(
            "\"/v4/sessions/{SESSION}/operations/{OPERATION}/result/{}?rowFormat=JSON\"",
            token + 1
        )
    };
    format!(
        r#"{{"resultType":"{}","isQueryResult":true,"resultKind":"SUCCESS_WITH_CONTENT","results":{{"columns":[{{"name":"v","logicalType":{{"type":"INTEGER","nullable":true}},"comment":null}}],"rowFormat":"JSON","data":[{{"kind":"INSERT","fields":[{value}]}}]}},"nextResultUri":{next}}}"#,
        if eos { "EOS" } else { "PAYLOAD" }
    )
}

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = server_with_versions(&["V1", "V2", "V3", "V4"]).await;
    Mock::given(method("GET"))
        .and(path("/v4/info"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream restarting"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v4/info"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"productName": "Apache Flink", "version": "2.0.0"}),
            ),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let client = fast_client(&server.uri());
    let info = client.info().await.unwrap();
    assert_eq!(info.version, "2.0.0");
    let hits = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/v4/info")
        .count();
    assert_eq!(hits, 3, "two 503s, then success");
}

#[tokio::test]
async fn retries_are_bounded_and_statements_never_retried() {
    let server = server_with_versions(&["V4"]).await;
    Mock::given(method("GET"))
        .and(path("/v4/info"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .expect(4) // first try + 3 retries
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v4/sessions/{SESSION}/statements")))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = fast_client(&server.uri());
    match client.info().await {
        Err(Error::Api { status, errors, .. }) => {
            assert_eq!(status, 502);
            assert_eq!(errors, vec!["<html>bad gateway</html>".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    let session = client.attach_session(SessionHandle::new(SESSION));
    let err = session
        .execute_statement("INSERT INTO t VALUES (1)", StatementOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    session.keep_open();
    server.verify().await;
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_path_and_snippet() {
    let server = server_with_versions(&["V4"]).await;
    Mock::given(method("GET"))
        .and(path(format!("/v4/sessions/{SESSION}/operations/{OPERATION}/result/0")))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"resultType":"PAYLOAD","results":{"columns":[{"name":"v","logicalType":{"type":"INTEGER"}}],"data":[{"kind":"INSERT","fields":[1"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v4/info"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"productName": 7}"#))
        .mount(&server)
        .await;
    let client = fast_client(&server.uri());
    let session = client.attach_session(SessionHandle::new(SESSION));
    let op = session.operation(OperationHandle::new(OPERATION));
    let mut rows = op.rows(FetchOptions::new());
    match rows.next().await {
        Some(Err(Error::Decode {
            endpoint, snippet, ..
        })) => {
            assert!(endpoint.ends_with("/result/0"), "{endpoint}");
            assert!(
                snippet.starts_with(r#"{"resultType":"PAYLOAD""#),
                "{snippet}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(rows.next().await.is_none());
    match client.info().await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "productName"),
        other => panic!("{other:?}"),
    }
    session.keep_open();
}

/// A one-request-per-connection HTTP server: the first request for result token 1 gets a
/// truncated body and the connection is dropped (a reset mid-stream); `resets` such drops
/// happen before it answers properly.
async fn flaky_server(resets: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let token1_hits = Arc::new(AtomicUsize::new(0));
    let hits = token1_hits.clone();
    tokio::spawn(async move {
        // Bounded: a handful of requests per test.
        for _ in 0..32 {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = vec![0u8; 8192];
            let mut n = 0;
            while !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                match sock.read(&mut buf[n..]).await {
                    Ok(0) | Err(_) => break,
                    Ok(k) => n += k,
                }
            }
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            let target = head.split_whitespace().nth(1).unwrap_or("").to_owned();
            let body = if target == "/api_versions" {
                r#"{"versions":["V4"]}"#.to_owned()
            } else if target.contains("/result/0") {
                page(0, false, 10)
            } else if target.contains("/result/1") {
                let seen = hits.fetch_add(1, Ordering::SeqCst);
                if seen < resets {
                    let full = page(1, true, 20);
                    let cut = &full[..full.len() / 2];
                    let partial = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{cut}",
                        full.len()
                    );
                    let _ = sock.write_all(partial.as_bytes()).await;
                    drop(sock);
                    continue;
                }
                page(1, true, 20)
            } else {
                r#"{"errors":["Not found"]}"#.to_owned()
            };
            let resp = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
        }
    });
    (format!("http://{addr}"), token1_hits)
}

#[tokio::test]
async fn connection_reset_mid_stream_is_retried_without_duplicates() {
    let (uri, hits) = flaky_server(1).await;
    let client = fast_client(&uri);
    let session = client.attach_session(SessionHandle::new(SESSION));
    let op = session.operation(OperationHandle::new(OPERATION));
    let rows: Vec<_> = op.rows(FetchOptions::new()).collect().await;
    let values: Vec<Value> = rows
        .into_iter()
        .map(|r| r.unwrap().fields.remove(0))
        .collect();
    assert_eq!(
        values,
        vec![Value::Int(10), Value::Int(20)],
        "each row exactly once"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        2,
        "token 1 fetched again after the reset"
    );
    session.keep_open();
}

#[tokio::test]
async fn persistent_resets_end_the_stream_with_a_transport_error() {
    let (uri, hits) = flaky_server(usize::MAX).await;
    let client = fast_client(&uri);
    let session = client.attach_session(SessionHandle::new(SESSION));
    let op = session.operation(OperationHandle::new(OPERATION));
    let items: Vec<_> = op.rows(FetchOptions::new()).collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().fields, vec![Value::Int(10)]);
    match &items[1] {
        Err(Error::Transport {
            method, endpoint, ..
        }) => {
            assert_eq!(method, "GET");
            assert!(endpoint.ends_with("/result/1"), "{endpoint}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(hits.load(Ordering::SeqCst), 4, "first try + 3 retries");
    session.keep_open();
}

#[tokio::test]
async fn v1_only_server_refuses_v2_endpoints_and_gets_v1_paths() {
    let server = server_with_versions(&["V1"]).await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/sessions/{SESSION}/operations/{OPERATION}/result/0"
        )))
        .and(query_param_is_missing("rowFormat"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(page(0, true, 5).replace("\"rowFormat\":\"JSON\",", "")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = fast_client(&server.uri());
    assert_eq!(client.api_version().await.unwrap(), ApiVersion::V1);
    let session = client.attach_session(SessionHandle::new(SESSION));
    match session.configure("SET 'a' = 'b'").await {
        Err(e @ Error::UnsupportedVersion { .. }) => assert_eq!(
            e.to_string(),
            "configure-session is not available with SQL Gateway REST API v1 (served by v2, v3, v4)"
        ),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        session.complete_statement("SEL", 3).await,
        Err(Error::UnsupportedVersion { .. })
    ));
    let op = session.operation(OperationHandle::new(OPERATION));
    let (_, rows) = op.collect(FetchOptions::new()).await.unwrap();
    assert_eq!(rows[0].fields, vec![Value::Int(5)]);
    // Nothing but api_versions and the fetch reached the server.
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    session.keep_open();
    server.verify().await;

    // A client pinned to a version the server lacks fails clearly.
    let pinned = Client::builder(server.uri())
        .api_version(ApiVersion::V3)
        .build()
        .unwrap();
    match pinned.info().await {
        Err(e @ Error::NoCommonVersion { .. }) => {
            assert_eq!(
                e.to_string(),
                "no usable SQL Gateway REST API version: server offers [V1], client wants [v3]"
            )
        }
        other => panic!("{other:?}"),
    }
}

/// An authenticating ingress in front of the gateway (the gateway itself has no auth).
#[tokio::test]
async fn credentials_are_sent_but_never_shown() {
    use secrecy::SecretString;
    use wiremock::matchers::header;
    let server = server_with_versions(&["V4"]).await;
    Mock::given(method("GET"))
        .and(path("/v4/info"))
        .and(header("authorization", "Bearer tok-s3cr3t"))
        .and(header("x-ingress-key", "key-s3cr3t"))
        .and(header("user-agent", "studio-test/1"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .bearer_token(SecretString::from("tok-s3cr3t"))
        .secret_header("X-Ingress-Key", SecretString::from("key-s3cr3t"))
        .user_agent("studio-test/1")
        .build()
        .unwrap();
    let err = client.info().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err:?}");
    for text in [format!("{err}"), format!("{err:?}"), format!("{client:?}")] {
        assert!(!text.contains("s3cr3t"), "{text}");
    }
    server.verify().await;
}
