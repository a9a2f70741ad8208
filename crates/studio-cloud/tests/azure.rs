//! Contract tests of the Azure setup against a loopback ARM server: every call's method, path,
//! query (`api-version`, `$filter`), headers and JSON body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use studio_cloud::{
    Action, AzureClient, AzureEndpoints, AzureTarget, CheckStatus, Error, Event, Identities,
    RetryPolicy, RetryReason, SecretString, StaticToken, StepKind, StepOutcome,
};
use url::Url;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "eyJ0eXAi.azure-test-token-do-not-print";
const SUB: &str = "00000000-1111-2222-3333-444444444444";
const CLIENT_ID: &str = "911d60a1-3770-40cb-978b-8b7342bf02b8";
const PRINCIPAL_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const TENANT_ID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ISSUER: &str =
    "https://centralindia.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/5f1b2c3d/";

fn cluster_path() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-flink"
    )
}
fn identity_path() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/flink-identity"
    )
}
fn fic_path() -> String {
    format!(
        "{}/federatedIdentityCredentials/flink-studio-flink-studio-flink",
        identity_path()
    )
}
fn account_id() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/sbxflinkstorage1"
    )
}
fn role_definition() -> String {
    format!(
        "/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"
    )
}
fn assignment_name() -> uuid::Uuid {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!(
            "{}|{PRINCIPAL_ID}|{}",
            account_id().to_ascii_lowercase(),
            role_definition()
        )
        .as_bytes(),
    )
}

fn target() -> AzureTarget {
    AzureTarget {
        subscription_id: SUB.into(),
        cluster_resource_group: "rg-aks".into(),
        cluster_name: "aks-flink".into(),
        identity_resource_group: "rg-id".into(),
        identity_name: "flink-identity".into(),
        storage_resource_group: "rg-data".into(),
        storage_account: "sbxflinkstorage1".into(),
        container: "flink".into(),
        namespace: "flink-studio".into(),
        kubernetes_service_account: "flink".into(),
        federated_credential_name: AzureTarget::default_credential_name("flink-studio", "flink"),
    }
}

fn client(server: &MockServer, events: &Arc<Mutex<Vec<Event>>>) -> AzureClient {
    let sink = Arc::clone(events);
    AzureClient::new(Arc::new(StaticToken::new(
        SecretString::from(TOKEN),
        "test",
    )))
    .unwrap()
    .with_endpoints(AzureEndpoints {
        resource_manager: Url::parse(&server.uri()).unwrap(),
    })
    .with_retry(RetryPolicy {
        max_attempts: 3,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(5),
    })
    .with_observer(Arc::new(move |event| {
        sink.lock().unwrap().push(event.clone())
    }))
}

fn auth() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

fn fic_body() -> Value {
    json!({"properties": {
        "issuer": ISSUER,
        "subject": "system:serviceaccount:flink-studio:flink",
        "audiences": ["api://AzureADTokenExchange"]
    }})
}

/// Cluster, identity and container: present in every scenario.
async fn mount_reads(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(cluster_path()))
        .and(query_param("api-version", "2024-09-01"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "aks-flink",
            "properties": {
                "oidcIssuerProfile": {"enabled": true, "issuerURL": ISSUER},
                "securityProfile": {"workloadIdentity": {"enabled": true}}
            }
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(identity_path()))
        .and(query_param("api-version", "2023-01-31"))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "flink-identity",
            "location": "centralindia",
            "properties": {"clientId": CLIENT_ID, "principalId": PRINCIPAL_ID, "tenantId": TENANT_ID}
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/blobServices/default/containers/flink",
            account_id()
        )))
        .and(query_param("api-version", "2023-05-01"))
        .and(auth())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": "flink", "properties": {}})),
        )
        .mount(server)
        .await;
}

fn list_assignments(value: Value) -> Mock {
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/providers/Microsoft.Authorization/roleAssignments",
            account_id()
        )))
        .and(query_param("api-version", "2022-04-01"))
        .and(query_param(
            "$filter",
            format!("principalId eq '{PRINCIPAL_ID}'").as_str(),
        ))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": value})))
}

fn mutating(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .map(|r| format!("{} {}", r.method, r.url))
        .collect()
}

#[tokio::test]
async fn first_run_creates_the_federated_credential_and_the_role_assignment() {
    let server = MockServer::start().await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .and(query_param("api-version", "2023-01-31"))
        .and(auth())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": {"code": "NotFound", "message": "not found"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    list_assignments(json!([])).expect(1).mount(&server).await;
    Mock::given(method("PUT"))
        .and(path(fic_path()))
        .and(query_param("api-version", "2023-01-31"))
        .and(auth())
        .and(header("content-type", "application/json"))
        .and(body_json(fic_body()))
        .respond_with(ResponseTemplate::new(201).set_body_json(fic_body()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!(
            "{}/providers/Microsoft.Authorization/roleAssignments/{}",
            account_id(),
            assignment_name()
        )))
        .and(query_param("api-version", "2022-04-01"))
        .and(auth())
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"properties": {
            "roleDefinitionId": role_definition(),
            "principalId": PRINCIPAL_ID,
            "principalType": "ServicePrincipal"
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&target()).await.unwrap();
    let actions: Vec<_> = plan.steps.iter().map(|s| (s.kind, s.action)).collect();
    assert_eq!(
        actions,
        [
            (StepKind::ClusterIssuer, Action::Unchanged),
            (StepKind::ManagedIdentity, Action::Unchanged),
            (StepKind::StorageContainer, Action::Unchanged),
            (StepKind::FederatedCredential, Action::Create),
            (StepKind::StorageRoleAssignment, Action::Create),
        ]
    );
    assert!(mutating(&server.received_requests().await.unwrap()).is_empty());
    let applied = client.apply(&target(), &plan).await.unwrap();
    assert_eq!(applied.changed(), 2);
    assert_eq!(
        applied.identities,
        Identities::Azure {
            client_id: CLIENT_ID.into(),
            tenant_id: TENANT_ID.into(),
            principal_id: PRINCIPAL_ID.into(),
            issuer: ISSUER.into(),
        }
    );
    let outcomes: Vec<_> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::Applied { step, outcome } => Some((step.kind, *outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (StepKind::FederatedCredential, StepOutcome::Created),
            (StepKind::StorageRoleAssignment, StepOutcome::Created),
        ]
    );
}

#[tokio::test]
async fn second_run_changes_nothing_even_with_an_assignment_made_by_az_at_a_parent_scope() {
    let server = MockServer::start().await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fic_body()))
        .mount(&server)
        .await;
    list_assignments(json!([{
        "name": "0b5e7f9a-0000-0000-0000-000000000000",
        "properties": {
            "roleDefinitionId": role_definition().to_uppercase(),
            "principalId": PRINCIPAL_ID,
            "scope": format!("/subscriptions/{SUB}/resourceGroups/RG-DATA")
        }
    }]))
    .mount(&server)
    .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&target()).await.unwrap();
    assert!(!plan.has_changes(), "{plan:?}");
    let applied = client.apply(&target(), &plan).await.unwrap();
    assert_eq!(applied.changed(), 0);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5);
    assert!(mutating(&requests).is_empty());
    let checks = client.check(&target()).await;
    assert_eq!(checks.len(), 5);
    assert!(
        checks.iter().all(|c| c.status == CheckStatus::Pass),
        "{checks:?}"
    );
}

#[tokio::test]
async fn a_federated_credential_with_another_subject_is_updated() {
    let server = MockServer::start().await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"properties": {
            "issuer": ISSUER, "subject": "system:serviceaccount:old:flink", "audiences": ["api://AzureADTokenExchange"]
        }})))
        .mount(&server)
        .await;
    list_assignments(json!([{"properties": {
        "roleDefinitionId": role_definition(), "principalId": PRINCIPAL_ID, "scope": account_id()
    }}]))
    .mount(&server)
    .await;
    // Azure refuses concurrent credential writes on one identity with 409: retried.
    Mock::given(method("PUT"))
        .and(path(fic_path()))
        .and(body_json(fic_body()))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"error": {
            "code": "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
            "message": "Too many Federated Identity Credentials are written concurrently"
        }})))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(fic_path()))
        .and(body_json(fic_body()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fic_body()))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&target()).await.unwrap();
    assert_eq!(
        plan.step(StepKind::FederatedCredential).unwrap().action,
        Action::Update
    );
    let applied = client.apply(&target(), &plan).await.unwrap();
    assert_eq!(applied.changed(), 1);
    assert!(events.lock().unwrap().iter().any(|e| matches!(
        e,
        Event::Retrying {
            reason: RetryReason::Conflict,
            ..
        }
    )));
}

#[tokio::test]
async fn dry_run_sends_no_mutating_request() {
    let server = MockServer::start().await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    list_assignments(json!([])).mount(&server).await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let plan = client(&server, &events).plan(&target()).await.unwrap();
    assert!(plan.has_changes());
    assert_eq!(
        mutating(&server.received_requests().await.unwrap()),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn forbidden_role_assignment_names_the_permission_and_scope() {
    let server = MockServer::start().await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fic_body()))
        .mount(&server)
        .await;
    list_assignments(json!([])).mount(&server).await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": "AuthorizationFailed",
            "message": "The client 'dev@example.com' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write'"
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server, &events);
    let plan = client.plan(&target()).await.unwrap();
    let err = client.apply(&target(), &plan).await.unwrap_err();
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
    assert_eq!(resource, "storage account sbxflinkstorage1");
    assert!(permission.starts_with("Microsoft.Authorization/roleAssignments/write"));
    assert!(message.contains("does not have authorization"));
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

#[tokio::test]
async fn missing_identity_says_how_to_create_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(cluster_path()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"properties": {
                "oidcIssuerProfile": {"enabled": true, "issuerURL": ISSUER},
                "securityProfile": {"workloadIdentity": {"enabled": true}}
            }})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(identity_path()))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "code": "ResourceNotFound",
            "message": "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/flink-identity' under resource group 'rg-id' was not found."
        }})))
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&target()).await.unwrap_err();
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
    assert_eq!(
        what,
        "managed identity flink-identity in resource group rg-id"
    );
    assert_eq!(
        how,
        "az identity create --name flink-identity --resource-group rg-id"
    );
    assert!(message.starts_with("The Resource"));
}

#[tokio::test]
async fn missing_container_fails_the_plan_with_how_to_create_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{}/blobServices/default/containers/flink", account_id())))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {"code": "ContainerNotFound", "message": "The specified container does not exist."}})))
        .with_priority(1)
        .mount(&server)
        .await;
    mount_reads(&server).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&target()).await.unwrap_err();
    let Error::NotFound { how, .. } = &err else {
        panic!("expected not found, got {err:?}");
    };
    assert!(how.starts_with(
        "az storage container create --auth-mode login --account-name sbxflinkstorage1 --name flink"
    ));
}

#[tokio::test]
async fn a_cluster_without_oidc_issuer_is_a_prerequisite_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(cluster_path()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"properties": {
                "oidcIssuerProfile": {"enabled": false}
            }})),
        )
        .mount(&server)
        .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let err = client(&server, &events).plan(&target()).await.unwrap_err();
    let Error::Prerequisite { how, .. } = &err else {
        panic!("expected a prerequisite error, got {err:?}");
    };
    assert_eq!(
        how,
        "enable it with: az aks update --resource-group rg-aks --name aks-flink --enable-oidc-issuer --enable-workload-identity"
    );
}

#[tokio::test]
async fn throttled_reads_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(cluster_path()))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(
                    json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_reads(&server).await;
    Mock::given(method("GET"))
        .and(path(fic_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fic_body()))
        .mount(&server)
        .await;
    list_assignments(json!([{"properties": {
        "roleDefinitionId": role_definition(), "principalId": PRINCIPAL_ID, "scope": account_id()
    }}]))
    .mount(&server)
    .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let plan = client(&server, &events).plan(&target()).await.unwrap();
    assert!(!plan.has_changes());
    assert!(events.lock().unwrap().iter().any(|e| matches!(
        e,
        Event::Retrying {
            reason: RetryReason::Throttled,
            attempt: 1,
            ..
        }
    )));
}

#[tokio::test]
async fn an_invalid_subscription_is_rejected_before_any_request() {
    let server = MockServer::start().await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let mut bad = target();
    bad.subscription_id = "my-subscription".into();
    let err = client(&server, &events).plan(&bad).await.unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidTarget {
            field: "subscription",
            ..
        }
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}
