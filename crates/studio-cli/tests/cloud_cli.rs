//! `studio cloud setup` end to end against loopback stand-ins of the cloud APIs and token
//! endpoints: exit codes, confirmation, dry-run, the identities written to the env overlay,
//! and no token in stdout or stderr.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SUB: &str = "00000000-1111-2222-3333-444444444444";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const DEPLOYER: &str = "0e0e0e0e-0000-4000-8000-00000000d0d0";
const FLINK_CLIENT: &str = "911d60a1-3770-40cb-978b-8b7342bf02b8";
const PRINCIPAL: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const ASSERTION: &str = "eyJhbGciOiJSUzI1NiJ9.cli-federated-assertion.sig";
const AZURE_TOKEN: &str = "azure-cli-test-access-token-7f3a";
const GCP_TOKEN: &str = "ya29.gcp-cli-test-access-token-9b1c";
const REFRESH: &str = "1//refresh-token-secret";
const ISSUER: &str = "https://centralindia.oic.prod-aks.azure.com/tenant/issuer/";

const AKS_CONFIG: &str = "\
cloud: aks
namespace: flink-studio
image: flink:2.0.0
flink:
  serviceAccount: flink
aks:
  storageAccount: sbxflinkstorage1
  container: flink
  tenantId: ${AZURE_TENANT_ID}
  clientId: ${AZURE_CLIENT_ID}
";

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

fn identity_path() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ManagedIdentity/userAssignedIdentities/flink-identity"
    )
}
fn account_id() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.Storage/storageAccounts/sbxflinkstorage1"
    )
}

/// A studio.yaml for AKS and an overlay whose identity settings are stale.
fn aks_files(dir: &Path) -> (PathBuf, PathBuf) {
    let config = dir.join("aks.yaml");
    std::fs::write(&config, AKS_CONFIG).unwrap();
    let overlay = dir.join("aks.uat.env");
    std::fs::write(
        &overlay,
        format!("# uat\nAZURE_SUBSCRIPTION_ID={SUB}\nAZURE_CLIENT_ID=stale-client\nAZURE_TENANT_ID=stale-tenant\n"),
    )
    .unwrap();
    (config, overlay)
}

async fn mount_azure(server: &MockServer, configured: bool) {
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": AZURE_TOKEN, "expires_in": 3599, "token_type": "Bearer"
        })))
        .mount(server)
        .await;
    let auth = format!("Bearer {AZURE_TOKEN}");
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
        .and(path(identity_path()))
        .and(header("authorization", auth.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"properties": {
                "clientId": FLINK_CLIENT, "principalId": PRINCIPAL, "tenantId": TENANT
            }})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/blobServices/default/containers/flink",
            account_id()
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "flink"})))
        .mount(server)
        .await;
    let fic = json!({"properties": {
        "issuer": ISSUER,
        "subject": "system:serviceaccount:flink-studio:flink",
        "audiences": ["api://AzureADTokenExchange"]
    }});
    let fic_path = format!(
        "{}/federatedIdentityCredentials/flink-studio-flink-studio-flink",
        identity_path()
    );
    Mock::given(method("GET"))
        .and(path(fic_path.as_str()))
        .respond_with(if configured {
            ResponseTemplate::new(200).set_body_json(fic.clone())
        } else {
            ResponseTemplate::new(404)
        })
        .mount(server)
        .await;
    let assignments = if configured {
        json!([{"properties": {
            "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
            "principalId": PRINCIPAL,
            "scope": account_id()
        }}])
    } else {
        json!([])
    };
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/providers/Microsoft.Authorization/roleAssignments",
            account_id()
        )))
        .and(query_param(
            "$filter",
            format!("principalId eq '{PRINCIPAL}'").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": assignments})))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path(fic_path.as_str()))
        .and(body_json(fic))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(server)
        .await;
}

/// `studio cloud setup` with a scrubbed environment pointing every endpoint at `server`.
fn studio(server: &MockServer, dir: &Path) -> Command {
    let token_file = dir.join("azure-identity-token");
    std::fs::write(&token_file, ASSERTION).unwrap();
    let mut cmd = Command::cargo_bin("studio").unwrap();
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir)
        .env("AZURE_FEDERATED_TOKEN_FILE", &token_file)
        .env("AZURE_CLIENT_ID", DEPLOYER)
        .env("AZURE_TENANT_ID", TENANT)
        .env("AZURE_AUTHORITY_HOST", format!("{}/", server.uri()))
        .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", server.uri())
        .env("STUDIO_AZURE_ARM_URL", server.uri())
        .env("STUDIO_GCP_API_URL", server.uri())
        .env("AZURE_RESOURCE_GROUP", "rg-aks")
        .env("AKS_CLUSTER_NAME", "aks-flink")
        .args(["cloud", "setup"]);
    cmd
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_no_secret(output: &Output) {
    let (stdout, stderr) = text(output);
    for secret in [AZURE_TOKEN, GCP_TOKEN, ASSERTION, REFRESH] {
        assert!(!stdout.contains(secret), "secret in stdout:\n{stdout}");
        assert!(!stderr.contains(secret), "secret in stderr:\n{stderr}");
    }
}

async fn mutating(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| {
            r.method.as_str() == "PUT"
                || (r.method.as_str() == "POST" && !r.url.path().ends_with("/token"))
        })
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn aks_setup_applies_with_yes_and_writes_the_identity_into_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, false).await;
    let (config, overlay) = aks_files(dir.path());
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config")
        .arg(&config)
        .args(["--env", "uat", "--yes", "--write-env"]);
    let output = run(cmd).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("Subscription:     {SUB}")),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "create     federated credential flink-studio-flink-studio-flink on flink-identity"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("created    role assignment on storage account sbxflinkstorage1"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!(
        "azure.workload.identity/client-id: {FLINK_CLIENT}"
    )));
    assert_eq!(
        std::fs::read_to_string(&overlay).unwrap(),
        format!(
            "# uat\nAZURE_SUBSCRIPTION_ID={SUB}\nAZURE_CLIENT_ID={FLINK_CLIENT}\nAZURE_TENANT_ID={TENANT}\n"
        )
    );
    assert_eq!(mutating(&server).await.len(), 2);
    assert_no_secret(&output);
}

#[tokio::test]
async fn aks_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, true).await;
    let (config, _) = aks_files(dir.path());
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config")
        .arg(&config)
        .args(["--env", "uat", "--yes"]);
    let output = run(cmd).await;
    let (stdout, _) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Nothing to change."));
    // Not asked to write: the lines to set are printed instead.
    assert!(
        stdout.contains(&format!("  AZURE_CLIENT_ID={FLINK_CLIENT}")),
        "{stdout}"
    );
    assert!(mutating(&server).await.is_empty());
    assert_no_secret(&output);
}

#[tokio::test]
async fn without_a_terminal_and_without_yes_nothing_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, false).await;
    let (config, overlay) = aks_files(dir.path());
    let before = std::fs::read_to_string(&overlay).unwrap();
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config")
        .arg(&config)
        .args(["--env", "uat", "--write-env"]);
    let output = run(cmd).await;
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(mutating(&server).await.is_empty());
    assert_eq!(std::fs::read_to_string(&overlay).unwrap(), before);
}

#[tokio::test]
async fn dry_run_exits_5_and_sends_no_mutating_request() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, false).await;
    let (config, overlay) = aks_files(dir.path());
    let before = std::fs::read_to_string(&overlay).unwrap();
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config")
        .arg(&config)
        .args(["--env", "uat", "--dry-run", "--yes", "--write-env"]);
    let output = run(cmd).await;
    let (stdout, _) = text(&output);
    assert_eq!(output.status.code(), Some(5), "{stdout}");
    assert!(stdout.contains("Dry run: nothing was changed."));
    assert!(mutating(&server).await.is_empty());
    assert_eq!(std::fs::read_to_string(&overlay).unwrap(), before);
    assert_no_secret(&output);
}

#[tokio::test]
async fn missing_subscription_is_a_usage_error_naming_flag_and_variable() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    let config = dir.path().join("aks.yaml");
    std::fs::write(&config, AKS_CONFIG).unwrap();
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config").arg(&config);
    let output = run(cmd).await;
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--subscription is required") && stderr.contains("AZURE_SUBSCRIPTION_ID"),
        "{stderr}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// GCP through Application Default Credentials: an authorized_user file whose token_uri is
/// the loopback server.
fn gcp_command(server: &MockServer, dir: &Path) -> Command {
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
    let config = dir.join("gcp.yaml");
    std::fs::write(&config, GCP_CONFIG).unwrap();
    let mut cmd = studio(server, dir);
    cmd.env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .arg("--config")
        .arg(&config);
    cmd
}

async fn mount_gcp_token(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header("content-type", "application/json"))
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
}

#[tokio::test]
async fn gcp_second_run_through_adc_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp_token(&server).await;
    let auth = format!("Bearer {GCP_TOKEN}");
    let sa = "/v1/projects/sbx-stag/serviceAccounts/flink-gcs@sbx-stag.iam.gserviceaccount.com";
    Mock::given(method("GET"))
        .and(path(sa))
        .and(header("authorization", auth.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"email": "flink-gcs@sbx-stag.iam.gserviceaccount.com"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{sa}:getIamPolicy")))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"etag": "BwYB", "bindings": [
            {"role": "roles/iam.workloadIdentityUser", "members": ["serviceAccount:sbx-stag.svc.id.goog[flink-studio/flink]"]}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/sbx-stag-flink-storage/iam"))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"etag": "CAE=", "bindings": [
            {"role": "roles/storage.objectAdmin", "members": ["serviceAccount:flink-gcs@sbx-stag.iam.gserviceaccount.com"]}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(gcp_command(&server, dir.path())).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Project:          sbx-stag"));
    assert!(stdout.contains("Nothing to change."));
    assert!(
        stdout
            .contains("iam.gke.io/gcp-service-account: flink-gcs@sbx-stag.iam.gserviceaccount.com")
    );
    assert_no_secret(&output);
}

#[tokio::test]
async fn gcp_permission_denied_exits_10_naming_the_permission() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/sbx-stag/serviceAccounts/flink-gcs@sbx-stag.iam.gserviceaccount.com"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": "Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).", "status": "PERMISSION_DENIED"
        }})))
        .mount(&server)
        .await;
    let output = run(gcp_command(&server, dir.path())).await;
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(10), "{stderr}");
    assert!(stderr.contains("needs iam.serviceAccounts.get"), "{stderr}");
    assert!(stderr.contains("flink-gcs@sbx-stag.iam.gserviceaccount.com"));
    assert_no_secret(&output);
}

#[test]
fn help_lists_the_exit_codes() {
    let output = Command::cargo_bin("studio")
        .unwrap()
        .args(["cloud", "setup", "--help"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Exit codes:") && stdout.contains("  10   permission denied"),
        "{stdout}"
    );
}
