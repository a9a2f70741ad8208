//! Loopback stand-ins of the Azure and GCP APIs and token endpoints, shared by
//! `cloud_cli.rs` (`studio cloud setup`) and `doctor_cloud_cli.rs` (`studio doctor --only
//! cloud`): the identities both see, the token and read mocks, and the scrubbed environment.
//!
//! Each test file passes its own [`Secrets`], so that a leak names the command that leaked.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

pub const SUB: &str = "00000000-1111-2222-3333-444444444444";
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const DEPLOYER: &str = "0e0e0e0e-0000-4000-8000-00000000d0d0";
pub const FLINK_CLIENT: &str = "911d60a1-3770-40cb-978b-8b7342bf02b8";
pub const PRINCIPAL: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
pub const ISSUER: &str = "https://centralindia.oic.prod-aks.azure.com/tenant/issuer/";
/// The GCP service account of `GCP_CONFIG`.
pub const SA: &str = "flink-gcs@sbx-stag.iam.gserviceaccount.com";
/// The federated identity credential `studio` names after namespace and service account.
pub const FIC_NAME: &str = "flink-studio-flink-studio-flink";

pub const GCP_CONFIG: &str = "\
cloud: gcp
namespace: flink-studio
image: flink:2.0.0
flink:
  serviceAccount: flink
gcp:
  bucket: sbx-stag-flink-storage
  serviceAccount: flink-gcs@sbx-stag.iam.gserviceaccount.com
";

/// A studio.yaml for AKS with these `tenantId` and `clientId` (literal, or `${VAR}`).
pub fn aks_config(tenant_id: &str, client_id: &str) -> String {
    format!(
        "\
cloud: aks
namespace: flink-studio
image: flink:2.0.0
flink:
  serviceAccount: flink
aks:
  storageAccount: sbxflinkstorage1
  container: flink
  tenantId: {tenant_id}
  clientId: {client_id}
"
    )
}

/// The tokens and credentials a test file hands the CLI, none of which may be printed.
pub struct Secrets {
    pub azure_token: &'static str,
    pub gcp_token: &'static str,
    pub refresh: &'static str,
    pub assertion: &'static str,
}

impl Secrets {
    pub fn assert_absent(&self, output: &Output) {
        let (stdout, stderr) = text(output);
        for secret in [
            self.azure_token,
            self.gcp_token,
            self.assertion,
            self.refresh,
        ] {
            assert!(!stdout.contains(secret), "secret in stdout:\n{stdout}");
            assert!(!stderr.contains(secret), "secret in stderr:\n{stderr}");
        }
    }
}

/// `studio` with a scrubbed environment pointing the Azure and GCP endpoints at `server`,
/// authenticating to Azure as `DEPLOYER` through a federated token file.
pub fn studio(server: &MockServer, dir: &Path, secrets: &Secrets) -> Command {
    let token_file = dir.join("azure-identity-token");
    std::fs::write(&token_file, secrets.assertion).unwrap();
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
        .env("AKS_CLUSTER_NAME", "aks-flink");
    cmd
}

/// Application Default Credentials: an authorized_user file whose token_uri is `server`.
pub fn write_adc(server: &MockServer, dir: &Path, secrets: &Secrets) -> PathBuf {
    let adc = dir.join("adc.json");
    std::fs::write(
        &adc,
        json!({
            "type": "authorized_user",
            "client_id": "adc-client.apps.googleusercontent.com",
            "client_secret": "adc-client-secret",
            "refresh_token": secrets.refresh,
            "token_uri": format!("{}/token", server.uri())
        })
        .to_string(),
    )
    .unwrap();
    adc
}

/// Runs `cmd` off the async runtime (wiremock serves on it).
pub async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The ADC refresh-token exchange, exactly as `write_adc` makes the CLI send it; callers may
/// add matchers before responding with [`gcp_token_response`].
pub fn gcp_token_request(secrets: &Secrets) -> MockBuilder {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_json(json!({
            "grant_type": "refresh_token",
            "client_id": "adc-client.apps.googleusercontent.com",
            "client_secret": "adc-client-secret",
            "refresh_token": secrets.refresh,
            "scopes": "https://www.googleapis.com/auth/cloud-platform"
        })))
}

pub fn gcp_token_response(secrets: &Secrets) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": secrets.gcp_token, "expires_in": 3599, "token_type": "Bearer",
        "scope": "https://www.googleapis.com/auth/cloud-platform"
    }))
}

/// The GCP reads of `GCP_CONFIG`, each expected once with the token: the service account,
/// its IAM policy (workload identity bound) and the bucket's IAM policy (`roles/
/// storage.objectAdmin` for the service account when `bucket_bound`).
pub async fn mount_gcp_reads(server: &MockServer, secrets: &Secrets, bucket_bound: bool) {
    let auth = format!("Bearer {}", secrets.gcp_token);
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

/// A GCP read of the service account refused with 403 for lack of `iam.serviceAccounts.get`.
pub async fn mount_gcp_sa_denied(server: &MockServer, message: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/projects/sbx-stag/serviceAccounts/{SA}")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": message, "status": "PERMISSION_DENIED"
        }})))
        .mount(server)
        .await;
}

pub fn identity_path() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ManagedIdentity/userAssignedIdentities/flink-identity"
    )
}

pub fn account_id() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.Storage/storageAccounts/sbxflinkstorage1"
    )
}

pub fn fic_path() -> String {
    format!(
        "{}/federatedIdentityCredentials/{FIC_NAME}",
        identity_path()
    )
}

/// The federated identity credential for `system:serviceaccount:flink-studio:flink`.
pub fn fic() -> Value {
    json!({"properties": {
        "issuer": ISSUER,
        "subject": "system:serviceaccount:flink-studio:flink",
        "audiences": ["api://AzureADTokenExchange"]
    }})
}

/// What the AKS stand-in has in place, and how strictly its reads check the token.
pub struct Aks<'a> {
    pub secrets: &'a Secrets,
    /// The federated identity credential exists.
    pub federated: bool,
    /// The identity holds the storage role on the account.
    pub role_assigned: bool,
    /// Also require the token on the container, credential and role-assignment reads (the
    /// cluster and identity reads always require it).
    pub auth_on_every_read: bool,
}

/// The Azure token endpoint and the ARM reads for `aks_config`'s cluster, identity and
/// storage account.
pub async fn mount_aks_reads(server: &MockServer, aks: &Aks<'_>) {
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": aks.secrets.azure_token, "expires_in": 3599, "token_type": "Bearer"
        })))
        .mount(server)
        .await;
    let auth = format!("Bearer {}", aks.secrets.azure_token);
    let with_auth = |mock: MockBuilder| mock.and(header("authorization", auth.as_str()));
    let maybe_auth = |mock: MockBuilder| {
        if aks.auth_on_every_read {
            with_auth(mock)
        } else {
            mock
        }
    };
    with_auth(
        Mock::given(method("GET"))
            .and(path(format!("/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-flink"))),
    )
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"properties": {
        "oidcIssuerProfile": {"enabled": true, "issuerURL": ISSUER},
        "securityProfile": {"workloadIdentity": {"enabled": true}}
    }})))
    .mount(server)
    .await;
    with_auth(Mock::given(method("GET")).and(path(identity_path())))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"properties": {
                "clientId": FLINK_CLIENT, "principalId": PRINCIPAL, "tenantId": TENANT
            }})),
        )
        .mount(server)
        .await;
    maybe_auth(Mock::given(method("GET")).and(path(format!(
        "{}/blobServices/default/containers/flink",
        account_id()
    ))))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "flink"})))
    .mount(server)
    .await;
    maybe_auth(Mock::given(method("GET")).and(path(fic_path())))
        .respond_with(if aks.federated {
            ResponseTemplate::new(200).set_body_json(fic())
        } else {
            ResponseTemplate::new(404)
        })
        .mount(server)
        .await;
    let assignments = if aks.role_assigned {
        json!([{"properties": {
            "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
            "principalId": PRINCIPAL,
            "scope": account_id()
        }}])
    } else {
        json!([])
    };
    maybe_auth(
        Mock::given(method("GET"))
            .and(path(format!(
                "{}/providers/Microsoft.Authorization/roleAssignments",
                account_id()
            )))
            .and(query_param(
                "$filter",
                format!("principalId eq '{PRINCIPAL}'").as_str(),
            )),
    )
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": assignments})))
    .mount(server)
    .await;
}
