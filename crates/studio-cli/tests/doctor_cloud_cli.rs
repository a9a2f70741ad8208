//! `studio doctor --only cloud` against loopback stand-ins of GCP IAM / Cloud Storage and Azure
//! ARM (which tests cannot reach): the exact read requests, no write, the verdicts and hints,
//! and no token in the output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GCP_TOKEN: &str = "ya29.doctor-test-access-token-51e2";
const REFRESH: &str = "1//doctor-refresh-token-secret";
const AZURE_TOKEN: &str = "azure-doctor-test-access-token-0c4d";
const ASSERTION: &str = "eyJhbGciOiJSUzI1NiJ9.doctor-federated-assertion.sig";
const SUB: &str = "00000000-1111-2222-3333-444444444444";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const DEPLOYER: &str = "0e0e0e0e-0000-4000-8000-00000000d0d0";
const PRINCIPAL: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const ISSUER: &str = "https://centralindia.oic.prod-aks.azure.com/tenant/issuer/";
const SA: &str = "flink-gcs@sbx-stag.iam.gserviceaccount.com";

const GCP_CONFIG: &str = "\
cloud: gcp
namespace: flink-studio
image: flink:2.0.0
flink:
  serviceAccount: flink
gcp:
  bucket: sbx-stag-flink-storage
  serviceAccount: flink-gcs@sbx-stag.iam.gserviceaccount.com
";

const AKS_CONFIG: &str = "\
cloud: aks
namespace: flink-studio
image: flink:2.0.0
flink:
  serviceAccount: flink
aks:
  storageAccount: sbxflinkstorage1
  container: flink
  tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
  clientId: 911d60a1-3770-40cb-978b-8b7342bf02b8
";

/// `studio doctor --only cloud -o json` with a scrubbed environment pointing every cloud
/// endpoint at `server`.
fn doctor(server: &MockServer, dir: &Path, config: &str) -> Command {
    let file = dir.join("studio.yaml");
    std::fs::write(&file, config).unwrap();
    let adc = dir.join("adc.json");
    std::fs::write(
        &adc,
        json!({
            "type": "authorized_user",
            "client_id": "adc-client.apps.googleusercontent.com",
            "client_secret": "adc-client-secret",
            "refresh_token": REFRESH,
            "token_uri": format!("{}/token", server.uri())
        })
        .to_string(),
    )
    .unwrap();
    let token_file = dir.join("azure-identity-token");
    std::fs::write(&token_file, ASSERTION).unwrap();
    let mut cmd = Command::cargo_bin("studio").unwrap();
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir)
        .env("KUBECONFIG", dir.join("none"))
        .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .env("STUDIO_GCP_API_URL", server.uri())
        .env("AZURE_FEDERATED_TOKEN_FILE", &token_file)
        .env("AZURE_CLIENT_ID", DEPLOYER)
        .env("AZURE_TENANT_ID", TENANT)
        .env("AZURE_AUTHORITY_HOST", format!("{}/", server.uri()))
        .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", server.uri())
        .env("STUDIO_AZURE_ARM_URL", server.uri())
        .env("AZURE_SUBSCRIPTION_ID", SUB)
        .env("AZURE_RESOURCE_GROUP", "rg-aks")
        .env("AKS_CLUSTER_NAME", "aks-flink")
        .arg("doctor")
        .arg("--config")
        .arg(&file)
        .args(["--only", "cloud", "-o", "json"]);
    cmd
}

async fn run(mut cmd: Command) -> Output {
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let (stdout, stderr) = text(&output);
    for secret in [GCP_TOKEN, REFRESH, AZURE_TOKEN, ASSERTION] {
        assert!(!stdout.contains(secret), "secret in stdout:\n{stdout}");
        assert!(!stderr.contains(secret), "secret in stderr:\n{stderr}");
    }
    output
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn checks(output: &Output) -> Vec<Value> {
    let (stdout, stderr) = text(output);
    serde_json::from_str(&stdout).unwrap_or_else(|err| panic!("{err}: {stdout}\n{stderr}"))
}

/// Doctor only reads: no PUT, PATCH or DELETE, and the only POSTs are the token and
/// `getIamPolicy` (a read in IAM's API).
async fn assert_read_only(server: &MockServer) {
    for request in server.received_requests().await.unwrap() {
        let m = request.method.as_str();
        let p = request.url.path();
        assert!(
            m == "GET" || (m == "POST" && (p.ends_with("/token") || p.ends_with(":getIamPolicy"))),
            "doctor sent {m} {p}"
        );
    }
}

async fn mount_gcp(server: &MockServer, bucket_bound: bool) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_json(json!({
            "grant_type": "refresh_token",
            "client_id": "adc-client.apps.googleusercontent.com",
            "client_secret": "adc-client-secret",
            "refresh_token": REFRESH,
            "scopes": "https://www.googleapis.com/auth/cloud-platform"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": GCP_TOKEN, "expires_in": 3599, "token_type": "Bearer",
            "scope": "https://www.googleapis.com/auth/cloud-platform"
        })))
        .mount(server)
        .await;
    let auth = format!("Bearer {GCP_TOKEN}");
    let sa = format!("/v1/projects/sbx-stag/serviceAccounts/{SA}");
    Mock::given(method("GET"))
        .and(path(sa.as_str()))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": SA})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{sa}:getIamPolicy")))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"etag": "BwYB", "bindings": [
            {"role": "roles/iam.workloadIdentityUser", "members": ["serviceAccount:sbx-stag.svc.id.goog[flink-studio/flink]"]}
        ]})))
        .expect(1)
        .mount(server)
        .await;
    let bindings = if bucket_bound {
        json!([{"role": "roles/storage.objectAdmin", "members": [format!("serviceAccount:{SA}")]}])
    } else {
        json!([])
    };
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/sbx-stag-flink-storage/iam"))
        .and(header("authorization", auth.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"etag": "CAE=", "bindings": bindings})),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn gcp_passes_when_identity_and_bucket_role_are_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp(&server, true).await;
    let output = run(doctor(&server, dir.path(), GCP_CONFIG)).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(0), "{all:?}");
    assert!(!all.is_empty());
    for check in &all {
        assert_eq!(check["group"], "cloud");
        assert_eq!(check["status"], "pass", "{check}");
    }
    assert!(
        all.iter()
            .any(|c| c["detail"].as_str().unwrap().contains(SA)),
        "{all:?}"
    );
    assert_read_only(&server).await;
}

#[tokio::test]
async fn gcp_missing_bucket_role_fails_with_the_setup_hint() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp(&server, false).await;
    let output = run(doctor(&server, dir.path(), GCP_CONFIG)).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(1), "{all:?}");
    let failed: Vec<&Value> = all.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failed.len(), 1, "{all:?}");
    assert!(
        failed[0]["detail"]
            .as_str()
            .unwrap()
            .contains("sbx-stag-flink-storage"),
        "{all:?}"
    );
    assert_eq!(failed[0]["hint"]["hint"], "cloud-setup");
    assert_read_only(&server).await;
}

#[tokio::test]
async fn gcp_permission_denied_names_the_permission_and_the_credentials_hint() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": GCP_TOKEN, "expires_in": 3599, "token_type": "Bearer"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/projects/sbx-stag/serviceAccounts/{SA}")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": "Permission 'iam.serviceAccounts.get' denied", "status": "PERMISSION_DENIED"
        }})))
        .mount(&server)
        .await;
    let output = run(doctor(&server, dir.path(), GCP_CONFIG)).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(1), "{all:?}");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["status"], "fail");
    assert!(
        all[0]["detail"]
            .as_str()
            .unwrap()
            .contains("iam.serviceAccounts.get"),
        "{all:?}"
    );
    assert_eq!(all[0]["hint"]["hint"], "cloud-credentials");
    assert_eq!(all[0]["hint"]["cloud"], "gcp");
    assert_read_only(&server).await;
}

async fn mount_azure(server: &MockServer, federated: bool) {
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": AZURE_TOKEN, "expires_in": 3599, "token_type": "Bearer"
        })))
        .mount(server)
        .await;
    let auth = format!("Bearer {AZURE_TOKEN}");
    let identity = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ManagedIdentity/userAssignedIdentities/flink-identity"
    );
    let account = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.Storage/storageAccounts/sbxflinkstorage1"
    );
    Mock::given(method("GET"))
        .and(path(format!("/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-flink")))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"properties": {
            "oidcIssuerProfile": {"enabled": true, "issuerURL": ISSUER},
            "securityProfile": {"workloadIdentity": {"enabled": true}}
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(identity.as_str()))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"properties": {
            "clientId": "911d60a1-3770-40cb-978b-8b7342bf02b8", "principalId": PRINCIPAL, "tenantId": TENANT
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "{account}/blobServices/default/containers/flink"
        )))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "flink"})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "{identity}/federatedIdentityCredentials/flink-studio-flink-studio-flink"
        )))
        .and(header("authorization", auth.as_str()))
        .respond_with(if federated {
            ResponseTemplate::new(200).set_body_json(json!({"properties": {
                "issuer": ISSUER,
                "subject": "system:serviceaccount:flink-studio:flink",
                "audiences": ["api://AzureADTokenExchange"]
            }}))
        } else {
            ResponseTemplate::new(404)
        })
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{account}/providers/Microsoft.Authorization/roleAssignments")))
        .and(query_param("$filter", format!("principalId eq '{PRINCIPAL}'").as_str()))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"properties": {
            "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
            "principalId": PRINCIPAL,
            "scope": account
        }}]})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn aks_passes_when_configured_and_names_a_missing_federated_credential() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, true).await;
    let output = run(doctor(&server, dir.path(), AKS_CONFIG)).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(0), "{all:?}");
    assert!(all.iter().all(|c| c["status"] == "pass"), "{all:?}");
    assert_read_only(&server).await;

    let server = MockServer::start().await;
    mount_azure(&server, false).await;
    let output = run(doctor(&server, dir.path(), AKS_CONFIG)).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(1), "{all:?}");
    let failed: Vec<&Value> = all.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failed.len(), 1, "{all:?}");
    assert!(
        failed[0]["detail"]
            .as_str()
            .unwrap()
            .contains("flink-studio-flink-studio-flink"),
        "{all:?}"
    );
    assert_eq!(failed[0]["hint"]["hint"], "cloud-setup");
    assert_read_only(&server).await;
}

#[tokio::test]
async fn aks_without_the_subscription_names_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    let mut cmd = doctor(&server, dir.path(), AKS_CONFIG);
    cmd.env_remove("AZURE_SUBSCRIPTION_ID");
    let output = run(cmd).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(1), "{all:?}");
    assert!(
        all[0]["detail"]
            .as_str()
            .unwrap()
            .contains("AZURE_SUBSCRIPTION_ID"),
        "{all:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
