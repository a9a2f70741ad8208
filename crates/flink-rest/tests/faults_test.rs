//! Faults a real Flink server will not produce on demand, simulated with wiremock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use flink_rest::{
    Client, Error, JobId, RetryPolicy, SavepointFormat, SecretString, TriggerSavepoint,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OVERVIEW: &str = include_str!("resources/overview.json");
const JOB: &str = "3f1e2d4c5b6a79881726354453627180";

fn fast_retry(n: u32) -> RetryPolicy {
    RetryPolicy::new(n, Duration::from_millis(10)).with_max_backoff(Duration::from_millis(50))
}

fn client(server: &MockServer, retries: u32) -> Client {
    Client::builder(server.uri())
        .retry(fast_retry(retries))
        .build()
        .unwrap()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(ResponseTemplate::new(503).set_body_string("leader not elected"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OVERVIEW, "application/json"))
        .mount(&server)
        .await;

    let overview = client(&server, 3).overview().await.unwrap();
    assert_eq!(overview.taskmanagers, 2);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn retries_are_bounded_and_keep_the_last_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(ResponseTemplate::new(504).set_body_string("<html>Gateway Timeout</html>"))
        .mount(&server)
        .await;

    let err = client(&server, 2).overview().await.unwrap_err();
    assert_eq!(err.status(), Some(504), "{err:?}");
    assert_eq!(err.root_cause(), "<html>Gateway Timeout</html>");
    assert_eq!(request_count(&server).await, 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn http_500_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            r#"{"errors":["Internal server error."]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server, 3).overview().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn savepoint_trigger_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/jobs/{JOB}/savepoints")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let job = JobId::new(JOB).unwrap();
    let req = TriggerSavepoint::to_dir("file:///tmp/sp").format(SavepointFormat::Canonical);
    let err = client(&server, 3)
        .savepoints()
        .trigger(&job, &req)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(request_count(&server).await, 1, "POST must be sent once");
}

#[tokio::test]
async fn cancel_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v1/jobs/{JOB}")))
        .and(query_param("mode", "cancel"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let err = client(&server, 3)
        .jobs()
        .cancel(&JobId::new(JOB).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn connect_errors_are_retried_until_the_server_is_up() {
    // Bind a port without listening (connections are refused, and no other process can take
    // it), and only start listening after the first attempt failed.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .retry(
            RetryPolicy::new(8, Duration::from_millis(100))
                .with_max_backoff(Duration::from_millis(200)),
        )
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.overview().await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let listener = socket.listen(16).unwrap().into_std().unwrap();
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OVERVIEW, "application/json"))
        .mount(&server)
        .await;
    let overview = call.await.unwrap().unwrap();
    assert_eq!(overview.flink_version, "2.0.0");
}

#[tokio::test]
async fn connection_refused_without_retries_is_a_transport_error() {
    // Bound, not listening: refused, and no other process can take the port meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.overview().await.unwrap_err();
    let Error::Transport {
        method, endpoint, ..
    } = &err
    else {
        panic!("expected Transport, got {err:?}")
    };
    assert_eq!((method.as_str(), endpoint.as_str()), ("GET", "v1/overview"));
}

#[tokio::test]
async fn malformed_json_gives_decode_error_with_path_and_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/jobs/overview"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"jobs":[{{"jid":"{JOB}","name":"x","state":"RUNNING","start-time":"yesterday"}}]}}"#),
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server, 0).jobs().list().await.unwrap_err();
    let Error::Decode {
        endpoint,
        path: json_path,
        snippet,
        message,
    } = &err
    else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(endpoint, "v1/jobs/overview");
    assert_eq!(json_path, "jobs[0].start-time");
    assert!(snippet.contains("yesterday"), "{snippet}");
    assert!(message.contains("invalid type"), "{message}");

    // Truncated JSON is a decode error too, not a panic.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/overview"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"taskmanagers":1,"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server, 0).overview().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn not_found_keeps_flink_errors_and_shows_root_cause() {
    let server = MockServer::start().await;
    let trace = format!(
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat org.apache.flink.runtime.rest.handler.job.JobCancellationHandler.lambda$handleRequest$0(JobCancellationHandler.java:128)\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job ({JOB})\n\tat org.apache.flink.runtime.dispatcher.Dispatcher.cancelJob(Dispatcher.java:829)\n"
    );
    Mock::given(method("GET"))
        .and(path(format!("/v1/jobs/{JOB}")))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({ "errors": [trace.clone()] })),
        )
        .mount(&server)
        .await;
    let err = client(&server, 3)
        .jobs()
        .get(&JobId::new(JOB).unwrap())
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.root_cause(),
        format!("Could not find Flink job ({JOB})")
    );
    let shown = err.to_string();
    assert!(
        shown.contains("HTTP 404") && !shown.contains("\tat "),
        "{shown}"
    );
    let Error::Api { errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errors, &vec![trace]);
    assert_eq!(request_count(&server).await, 1, "404 is not retried");
}

#[tokio::test]
async fn auth_and_extra_headers_are_sent_and_secrets_stay_hidden() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/proxy/flink/v1/overview"))
        .and(header("authorization", "Bearer s3cret-t0ken"))
        .and(header("x-team", "studio"))
        .and(header("x-api-key", "k3y-value"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OVERVIEW, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/proxy/flink/v1/config"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_raw(r#"{"errors":["Unauthorized"]}"#, "application/json"),
        )
        .mount(&server)
        .await;

    let client = Client::builder(format!("{}/proxy/flink", server.uri()))
        .bearer_token(SecretString::from("s3cret-t0ken"))
        .header("x-team", "studio")
        .secret_header("x-api-key", SecretString::from("k3y-value"))
        .build()
        .unwrap();
    assert_eq!(client.overview().await.unwrap().slots_total, 8);

    let err = client.config().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    let text = format!("{err} {err:?} {client:?}");
    for secret in ["s3cret-t0ken", "k3y-value"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }

    let basic = Client::builder(server.uri())
        .basic_auth("flink", SecretString::from("pa55"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let _ = basic.overview().await;
    let reqs = server.received_requests().await.unwrap();
    let last = reqs.last().unwrap();
    // base64("flink:pa55")
    assert_eq!(
        last.headers.get("authorization").unwrap(),
        "Basic Zmxpbms6cGE1NQ=="
    );
}

#[tokio::test]
async fn savepoint_wait_reports_failure_root_cause() {
    let server = MockServer::start().await;
    let trigger = "0123456789abcdef0123456789abcdef";
    Mock::given(method("GET"))
        .and(path(format!("/v1/jobs/{JOB}/savepoints/{trigger}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"status":{"id":"IN_PROGRESS"},"operation":null})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/jobs/{JOB}/savepoints/{trigger}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "status": {"id": "COMPLETED"},
            "operation": {"failure-cause": {
                "class": "java.util.concurrent.CompletionException",
                "stack-trace": "java.util.concurrent.CompletionException: java.io.IOException: boom\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException: Target directory not writable\n\tat d.E.f(E.java:2)\n",
                "serialized-throwable": "rO0AB"}}
        })))
        .mount(&server)
        .await;
    let c = client(&server, 0);
    let err = c
        .savepoints()
        .wait(
            &JobId::new(JOB).unwrap(),
            &trigger.parse().unwrap(),
            &flink_rest::PollOptions::new(Duration::from_secs(5), Duration::from_millis(10)),
        )
        .await
        .unwrap_err();
    let Error::OperationFailed {
        root_cause,
        stack_trace,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(root_cause, "Target directory not writable");
    assert!(stack_trace.as_deref().unwrap().contains("E.java:2"));
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn savepoint_wait_is_bounded() {
    let server = MockServer::start().await;
    let trigger = "0123456789abcdef0123456789abcdef";
    Mock::given(method("GET"))
        .and(path(format!("/v1/jobs/{JOB}/savepoints/{trigger}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"status":{"id":"IN_PROGRESS"}})),
        )
        .mount(&server)
        .await;
    let c = client(&server, 0);
    let mut opts = flink_rest::PollOptions::new(Duration::from_secs(60), Duration::from_millis(5));
    opts.max_polls = 4;
    let err = c
        .savepoints()
        .wait(&JobId::new(JOB).unwrap(), &trigger.parse().unwrap(), &opts)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::WaitTimeout { .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 4);
}
