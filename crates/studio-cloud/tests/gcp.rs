//! Contract tests of the GCP setup against a loopback server: every call's method, path,
//! query, headers and JSON body, as documented for IAM v1, Resource Manager v1 and the Cloud
//! Storage JSON API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use studio_cloud::{
    Action, CheckStatus, DEFAULT_BUCKET_ROLE, Error, Event, GcpClient, GcpEndpoints, GcpMode,
    GcpTarget, Identities, RetryPolicy, RetryReason, SecretString, StaticToken, StepKind,
    StepOutcome,
};
use url::Url;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "ya29.gcp-test-token-do-not-print";
const EMAIL: &str = "flink-gcs@sbx-stag.iam.gserviceaccount.com";
const SA_PATH: &str =
    "/v1/projects/sbx-stag/serviceAccounts/flink-gcs@sbx-stag.iam.gserviceaccount.com";
const BUCKET_IAM: &str = "/storage/v1/b/sbx-stag-flink-storage/iam";
const WI_MEMBER: &str = "serviceAccount:sbx-stag.svc.id.goog[flink-studio/flink]";

fn target(mode: GcpMode) -> GcpTarget {
    GcpTarget {
        project: "sbx-stag".into(),
        namespace: "flink-studio".into(),
        kubernetes_service_account: "flink".into(),
        bucket: "sbx-stag-flink-storage".into(),
        bucket_role: DEFAULT_BUCKET_ROLE.into(),
        mode,
    }
}

fn gsa() -> GcpTarget {
    target(GcpMode::ServiceAccount {
        email: EMAIL.into(),
    })
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_elapsed: Duration::from_secs(5),
    }
}

fn client(server: &MockServer, events: &Arc<Mutex<Vec<Event>>>) -> GcpClient {
    let sink = Arc::clone(events);
    GcpClient::new(Arc::new(StaticToken::new(
        SecretString::from(TOKEN),
        "test token",
    )))
    .unwrap()
    .with_endpoints(GcpEndpoints::all_at(&Url::parse(&server.uri()).unwrap()))
    .with_retry(fast_retry())
    .with_observer(Arc::new(move |event| {
        sink.lock().unwrap().push(event.clone())
    }))
}

fn auth() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

fn bucket_policy(extra: Vec<Value>, etag: &str) -> Value {
    let mut bindings = vec![
        json!({"role": "roles/storage.legacyBucketOwner", "members": ["projectOwner:sbx-stag"]}),
    ];
    bindings.extend(extra);
    json!({
        "kind": "storage#policy",
        "resourceId": "projects/_/buckets/sbx-stag-flink-storage",
        "version": 1,
        "etag": etag,
        "bindings": bindings
    })
}

fn bucket_binding() -> Value {
    json!({"role": "roles/storage.objectAdmin", "members": [format!("serviceAccount:{EMAIL}")]})
}

fn sa_policy_with_binding() -> Value {
    json!({"version": 1, "etag": "BwYB", "bindings": [{"role": "roles/iam.workloadIdentityUser", "members": [WI_MEMBER]}]})
}

/// Mutating requests: anything but GET and the read-only `:getIamPolicy` POST.
fn mutating(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| {
            !(r.method.as_str() == "GET"
                || (r.method.as_str() == "POST" && r.url.path().ends_with(":getIamPolicy")))
        })
        .map(|r| format!("{} {}", r.method, r.url))
        .collect()
}

#[tokio::test]
async fn first_run_creates_the_service_account_and_grants_both_roles() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .and(auth())
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": 404, "message": "Unknown service account", "status": "NOT_FOUND"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .and(query_param("optionsRequestedPolicyVersion", "3"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(bucket_policy(vec![], "CAE=")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/projects/sbx-stag/serviceAccounts"))
        .and(auth())
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "accountId": "flink-gcs",
            "serviceAccount": {
                "displayName": "Flink SQL Studio",
                "description": "Flink checkpoints, savepoints and HA metadata through GKE Workload Identity (created by studio cloud setup)"
            }
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": format!("projects/sbx-stag/serviceAccounts/{EMAIL}"),
            "email": EMAIL,
            "uniqueId": "1234"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:getIamPolicy")))
        .and(query_param("options.requestedPolicyVersion", "3"))
        .and(auth())
        .and(header("content-length", "0"))
        .and(body_string(""))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"version": 1, "etag": "ACAB"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:setIamPolicy")))
        .and(auth())
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"policy": {
            "version": 1,
            "etag": "ACAB",
            "bindings": [{"role": "roles/iam.workloadIdentityUser", "members": [WI_MEMBER]}]
        }})))
        .respond_with(ResponseTemplate::new(200).set_body_json(sa_policy_with_binding()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(BUCKET_IAM))
        .and(auth())
        .and(header("content-type", "application/json"))
        .and(body_json(bucket_policy(vec![bucket_binding()], "CAE=")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(bucket_policy(vec![bucket_binding()], "CAI=")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&gsa()).await.unwrap();
    let actions: Vec<_> = plan.steps.iter().map(|s| (s.kind, s.action)).collect();
    assert_eq!(
        actions,
        [
            (StepKind::GoogleServiceAccount, Action::Create),
            (StepKind::WorkloadIdentityUser, Action::Update),
            (StepKind::BucketRole, Action::Update),
        ]
    );
    assert!(
        mutating(&server.received_requests().await.unwrap()).is_empty(),
        "planning must only read"
    );
    let applied = client.apply(&gsa(), &plan).await.unwrap();
    let outcomes: Vec<_> = applied.steps.iter().map(|(s, o)| (s.kind, *o)).collect();
    assert_eq!(
        outcomes,
        [
            (StepKind::GoogleServiceAccount, StepOutcome::Created),
            (StepKind::WorkloadIdentityUser, StepOutcome::Updated),
            (StepKind::BucketRole, StepOutcome::Updated),
        ]
    );
    assert_eq!(applied.changed(), 3);
    assert_eq!(
        applied.identities,
        Identities::Gcp {
            service_account: Some(EMAIL.into()),
            bucket_member: format!("serviceAccount:{EMAIL}"),
        }
    );
    let events = events.lock().unwrap();
    // Nothing the library hands back shows the token.
    let shown = format!("{client:?} {plan:?} {applied:?} {events:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    let applied_events: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Applied { step, outcome } => Some((step.kind, *outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(applied_events, outcomes);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Applying { .. }))
            .count(),
        3
    );
}

async fn mount_configured(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": EMAIL})))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:getIamPolicy")))
        .and(query_param("options.requestedPolicyVersion", "3"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(sa_policy_with_binding()))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .and(query_param("optionsRequestedPolicyVersion", "3"))
        .and(auth())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(bucket_policy(vec![bucket_binding()], "CAI=")),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn second_run_changes_nothing_and_checks_pass() {
    let server = MockServer::start().await;
    mount_configured(&server).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&gsa()).await.unwrap();
    assert!(!plan.has_changes(), "{plan:?}");
    let applied = client.apply(&gsa(), &plan).await.unwrap();
    assert_eq!(applied.changed(), 0);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "one read per resource, nothing else");
    assert!(mutating(&requests).is_empty());
    assert!(events.lock().unwrap().is_empty());

    let checks = client.check(&gsa()).await;
    assert_eq!(checks.len(), 3);
    assert!(
        checks.iter().all(|c| c.status == CheckStatus::Pass),
        "{checks:?}"
    );
}

#[tokio::test]
async fn check_reports_what_is_missing_without_writing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": EMAIL})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:getIamPolicy")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"etag": "ACAB"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(bucket_policy(vec![bucket_binding()], "CAI=")),
        )
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let checks = client(&server, &events).check(&gsa()).await;
    let statuses: Vec<_> = checks.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [CheckStatus::Pass, CheckStatus::Fail, CheckStatus::Pass]
    );
    assert!(checks[1].detail.contains(WI_MEMBER), "{}", checks[1].detail);
    assert!(mutating(&server.received_requests().await.unwrap()).is_empty());
}

#[tokio::test]
async fn dry_run_plan_sends_no_mutating_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(ResponseTemplate::new(200).set_body_json(bucket_policy(vec![], "CAE=")))
        .mount(&server)
        .await;
    // Any write would be answered, so only the absence of requests proves none was sent.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let plan = client(&server, &events).plan(&gsa()).await.unwrap();
    assert!(plan.has_changes());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(mutating(&requests), Vec::<String>::new());
}

#[tokio::test]
async fn etag_conflict_rereads_keeps_the_concurrent_change_and_succeeds() {
    let server = MockServer::start().await;
    mount_configured_sa_only(&server).await;
    let concurrent =
        json!({"role": "roles/storage.objectViewer", "members": ["user:someone@example.com"]});
    // Plan and the first apply read see etag CAE=; the re-read after the conflict sees CAI=
    // with someone else's binding.
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .and(query_param("optionsRequestedPolicyVersion", "3"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(bucket_policy(vec![], "CAE=")))
        .up_to_n_times(2)
        .expect(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .and(query_param("optionsRequestedPolicyVersion", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(bucket_policy(vec![concurrent.clone()], "CAI=")),
        )
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(BUCKET_IAM))
        .and(body_json(bucket_policy(vec![bucket_binding()], "CAE=")))
        .respond_with(
            ResponseTemplate::new(412)
                .set_body_json(json!({"error": {"code": 412, "message": "Precondition Failed"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(BUCKET_IAM))
        .and(auth())
        .and(body_json(bucket_policy(
            vec![concurrent, bucket_binding()],
            "CAI=",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&gsa()).await.unwrap();
    assert_eq!(
        plan.step(StepKind::BucketRole).unwrap().action,
        Action::Update
    );
    let applied = client.apply(&gsa(), &plan).await.unwrap();
    assert_eq!(applied.changed(), 1);
    assert!(events.lock().unwrap().iter().any(|e| matches!(
        e,
        Event::Retrying {
            reason: RetryReason::Conflict,
            attempt: 1,
            ..
        }
    )));
}

async fn mount_configured_sa_only(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": EMAIL})))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:getIamPolicy")))
        .respond_with(ResponseTemplate::new(200).set_body_json(sa_policy_with_binding()))
        .mount(server)
        .await;
}

#[tokio::test]
async fn service_account_policy_conflict_409_is_retried_then_gives_up_with_a_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": EMAIL})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:getIamPolicy")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"etag": "ACAB"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{SA_PATH}:setIamPolicy")))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"error": {
            "code": 409, "message": "There were concurrent policy changes.", "status": "ABORTED"
        }})))
        .expect(4)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(bucket_policy(vec![bucket_binding()], "CAI=")),
        )
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&gsa()).await.unwrap();
    let err = client.apply(&gsa(), &plan).await.unwrap_err();
    match &err {
        Error::Conflict {
            status,
            attempts,
            message,
            resource,
        } => {
            assert_eq!(*status, 409);
            assert_eq!(*attempts, 4);
            assert_eq!(message, "There were concurrent policy changes.");
            assert!(resource.contains(EMAIL));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn forbidden_names_the_permission_and_the_resource() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403,
            "message": "Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).",
            "status": "PERMISSION_DENIED"
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&gsa()).await.unwrap_err();
    let Error::PermissionDenied {
        resource,
        permission,
        status,
        message,
    } = &err
    else {
        panic!("expected permission denied, got {err:?}");
    };
    assert_eq!(*status, 403);
    assert!(resource.contains(EMAIL));
    assert!(
        permission.starts_with("iam.serviceAccounts.get"),
        "{permission}"
    );
    assert!(message.contains("denied on resource"));
    let text = err.to_string();
    assert!(
        text.contains("iam.serviceAccounts.get") && text.contains(EMAIL),
        "{text}"
    );
    assert!(!text.contains(TOKEN) && !format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn bucket_set_policy_forbidden_names_storage_permission() {
    let server = MockServer::start().await;
    mount_configured_sa_only(&server).await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(ResponseTemplate::new(200).set_body_json(bucket_policy(vec![], "CAE=")))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(BUCKET_IAM))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": "dev@example.com does not have storage.buckets.setIamPolicy access"
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&gsa()).await.unwrap();
    let err = client.apply(&gsa(), &plan).await.unwrap_err();
    let Error::PermissionDenied {
        resource,
        permission,
        ..
    } = &err
    else {
        panic!("expected permission denied, got {err:?}");
    };
    assert_eq!(resource, "bucket gs://sbx-stag-flink-storage");
    assert!(permission.starts_with("storage.buckets.setIamPolicy"));
}

#[tokio::test]
async fn missing_bucket_says_how_to_create_it() {
    let server = MockServer::start().await;
    mount_configured_sa_only(&server).await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "code": 404, "message": "The specified bucket does not exist."
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&gsa()).await.unwrap_err();
    let Error::NotFound {
        what,
        how,
        status,
        message,
    } = &err
    else {
        panic!("expected not found, got {err:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(what, "bucket gs://sbx-stag-flink-storage");
    assert!(how.starts_with("gcloud storage buckets create gs://sbx-stag-flink-storage"));
    assert_eq!(message, "The specified bucket does not exist.");
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}})),
        )
        .up_to_n_times(2)
        .expect(2)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_configured(&server).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let plan = client(&server, &events).plan(&gsa()).await.unwrap();
    assert!(!plan.has_changes());
    let retries: Vec<_> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::Retrying {
                reason: RetryReason::Throttled,
                attempt,
                ..
            } => Some(*attempt),
            _ => None,
        })
        .collect();
    assert_eq!(retries, [1, 2]);
}

#[tokio::test]
async fn throttling_gives_up_after_the_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}),
        ))
        .expect(4)
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&gsa()).await.unwrap_err();
    match err {
        Error::Throttled {
            attempts, message, ..
        } => {
            assert_eq!(attempts, 4);
            assert_eq!(message, "Quota exceeded");
        }
        other => panic!("expected throttled, got {other:?}"),
    }
}

#[tokio::test]
async fn direct_principal_mode_grants_the_bucket_role_to_the_principal_only() {
    let server = MockServer::start().await;
    let principal = "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/sbx-stag.svc.id.goog/subject/ns/flink-studio/sa/flink";
    Mock::given(method("GET"))
        .and(path("/v1/projects/sbx-stag"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projectNumber": "123456789012", "projectId": "sbx-stag", "lifecycleState": "ACTIVE"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BUCKET_IAM))
        .respond_with(ResponseTemplate::new(200).set_body_json(bucket_policy(vec![], "CAE=")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(BUCKET_IAM))
        .and(auth())
        .and(body_json(bucket_policy(
            vec![json!({"role": "roles/storage.objectAdmin", "members": [principal]})],
            "CAE=",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let target = target(GcpMode::DirectPrincipal);
    let plan = client.plan(&target).await.unwrap();
    assert_eq!(plan.steps.len(), 1);
    let applied = client.apply(&target, &plan).await.unwrap();
    assert_eq!(
        applied.identities,
        Identities::Gcp {
            service_account: None,
            bucket_member: principal.into()
        }
    );
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| !r.url.path().contains("serviceAccounts"))
    );
}

#[tokio::test]
async fn invalid_targets_are_rejected_before_any_request() {
    let server = MockServer::start().await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let mut bad = gsa();
    bad.mode = GcpMode::ServiceAccount {
        email: "flink@gmail.com".into(),
    };
    let err = client.plan(&bad).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidTarget {
                field: "service account",
                ..
            }
        ),
        "{err:?}"
    );
    let mut bad = gsa();
    bad.bucket = "gs://bucket".into();
    assert!(matches!(
        client.plan(&bad).await.unwrap_err(),
        Error::InvalidTarget {
            field: "bucket",
            ..
        }
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn check_turns_a_planning_error_into_an_error_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SA_PATH))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": "denied", "status": "PERMISSION_DENIED"
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let checks = client(&server, &events).check(&gsa()).await;
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].status, CheckStatus::Error);
    assert!(
        checks[0].detail.contains("iam.serviceAccounts.get"),
        "{}",
        checks[0].detail
    );
}
