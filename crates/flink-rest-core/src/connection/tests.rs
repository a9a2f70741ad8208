//! Unit tests of the connection: base URL, headers, secrets in `Debug`, and retries.

use reqwest::header::{AUTHORIZATION, USER_AGENT};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;

use super::*;

#[test]
fn base_url_gets_trailing_slash_and_keeps_prefix() {
    let url = parse_base_url("http://127.0.0.1:8081/proxy/flink").unwrap();
    assert_eq!(url.as_str(), "http://127.0.0.1:8081/proxy/flink/");
}

#[test]
fn bad_base_urls_are_rejected_without_leaking_credentials() {
    for bad in [
        "not a url",
        "ftp://h/",
        "http://u:p@h:1",
        "http://h:1/?x=1",
        "http://h/#f",
    ] {
        let err = parse_base_url(bad).unwrap_err();
        assert_eq!(err.what(), "base URL", "{bad}: {err}");
    }
    let err = parse_base_url("http://admin:hunter2@h:1").unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[test]
fn bad_headers_are_reported_by_build_without_secrets() {
    let err = ConnectionBuilder::new("http://h:1")
        .header("bad header", "x")
        .build("ua")
        .unwrap_err();
    assert!(err.to_string().contains("bad header"), "{err}");
    let err = ConnectionBuilder::new("http://h:1")
        .secret_header("x-api-key", SecretString::from("s3cr3t\nline"))
        .build("ua")
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("x-api-key"), "{text}");
    assert!(!text.contains("s3cr3t"), "{text}");
}

#[test]
fn headers_carry_auth_and_user_agent() {
    let c = ConnectionBuilder::new("http://h:1")
        .auth(Some(Auth::Bearer {
            token: SecretString::from("t0ken"),
        }))
        .header("X-Team", "studio")
        .build("default-ua/1")
        .unwrap();
    assert_eq!(c.headers[USER_AGENT], "default-ua/1");
    assert!(c.headers[AUTHORIZATION].is_sensitive());
    assert_eq!(c.headers["x-team"], "studio");
    // A User-Agent header is kept over the default, an explicit user agent wins over both.
    let c = ConnectionBuilder::new("http://h:1")
        .header("User-Agent", "mine")
        .build("default")
        .unwrap();
    assert_eq!(c.headers[USER_AGENT], "mine");
    let c = ConnectionBuilder::new("http://h:1")
        .header("User-Agent", "mine")
        .user_agent("explicit")
        .build("default")
        .unwrap();
    assert_eq!(c.headers[USER_AGENT], "explicit");
}

#[test]
fn debug_output_never_contains_secrets() {
    let builder = ConnectionBuilder::new("http://h:1")
        .auth(Some(Auth::Basic {
            username: "flink".into(),
            password: SecretString::from("pa55word"),
        }))
        .secret_header("x-api-key", SecretString::from("k3y-value"))
        .header("x-team", "studio");
    let builder_dbg = format!("{builder:?}");
    let conn = builder.build("ua").unwrap();
    let all = format!("{builder_dbg} {conn:?} {conn:#?}");
    for secret in ["pa55word", "k3y-value"] {
        assert!(!all.contains(secret), "{secret} leaked in {all}");
    }
    assert!(all.contains("flink") && all.contains("x-api-key"), "{all}");
    assert!(all.contains("REDACTED"), "{all}");
}

/// A loopback HTTP server answering each connection with the next of `statuses` (the
/// last one repeats); returns its base URL and a counter of requests served.
async fn serve(
    statuses: Vec<(u16, &'static str)>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let served = count.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let n = served.fetch_add(1, Ordering::SeqCst);
            let (status, extra) = statuses[n.min(statuses.len() - 1)];
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let reply = format!(
                "HTTP/1.1 {status} X\r\n{extra}Content-Length: 2\r\nConnection: close\r\n\r\nok"
            );
            let _ = sock.write_all(reply.as_bytes()).await;
        }
    });
    (format!("http://{addr}"), count)
}

fn fast(conn: ConnectionBuilder) -> Connection {
    conn.retry(
        RetryPolicy::new(3, Duration::from_millis(1)).with_max_backoff(Duration::from_millis(20)),
    )
    .build("ua")
    .unwrap()
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_503_then_succeed() {
    use std::sync::atomic::Ordering;
    let (base, count) = serve(vec![(503, ""), (502, ""), (200, "")]).await;
    let conn = fast(ConnectionBuilder::new(base));
    let url = conn.base_url().join("v1/overview").unwrap();
    let resp = conn
        .send(Request::new(Method::GET, url, "v1/overview").idempotent(true))
        .await
        .unwrap();
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.body, b"ok");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_are_bounded_and_non_idempotent_requests_are_sent_once() {
    use std::sync::atomic::Ordering;
    let (base, count) = serve(vec![(504, "")]).await;
    let conn = fast(ConnectionBuilder::new(base));
    let url = conn.base_url().join("x").unwrap();
    let resp = conn
        .send(Request::new(Method::GET, url.clone(), "x").idempotent(true))
        .await
        .unwrap();
    assert_eq!(resp.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(count.load(Ordering::SeqCst), 4, "1 attempt + 3 retries");
    let body = serde_json::json!({"statement": "INSERT ..."});
    let resp = conn
        .send(Request::new(Method::POST, url, "x").json(Some(&body)))
        .await
        .unwrap();
    assert_eq!(resp.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(count.load(Ordering::SeqCst), 5, "POST is sent once");
}

#[tokio::test]
async fn retry_after_is_honoured_only_when_asked() {
    use std::sync::atomic::Ordering;
    // Retry-After: 1 s, capped by a max backoff of 300 ms.
    let policy =
        RetryPolicy::new(1, Duration::from_millis(1)).with_max_backoff(Duration::from_millis(300));
    for (honour, at_least, at_most) in [(true, 300, 5_000), (false, 0, 250)] {
        let (base, count) = serve(vec![(503, "Retry-After: 1\r\n"), (200, "")]).await;
        let conn = ConnectionBuilder::new(base)
            .retry(policy.clone())
            .honour_retry_after(honour)
            .build("ua")
            .unwrap();
        let url = conn.base_url().join("x").unwrap();
        let started = std::time::Instant::now();
        let resp = conn
            .send(Request::new(Method::GET, url, "x").idempotent(true))
            .await
            .unwrap();
        let waited = started.elapsed().as_millis();
        assert_eq!(resp.status, StatusCode::OK);
        assert_eq!(count.load(Ordering::SeqCst), 2);
        assert!(
            (at_least..at_most).contains(&waited),
            "honour={honour}: waited {waited} ms"
        );
    }
}

#[tokio::test]
async fn connect_errors_come_back_without_the_url() {
    // Bound but not listening: connections are refused, and no other process can take
    // the port while the socket lives (a released port could be).
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    let conn = fast(ConnectionBuilder::new(format!("http://127.0.0.1:{port}")));
    let url = conn.base_url().join("x").unwrap();
    let err = conn
        .send(Request::new(Method::GET, url, "x").idempotent(true))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(
        err.url().is_none(),
        "the URL is dropped from transport errors"
    );
}
