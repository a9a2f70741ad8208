//! `studio doctor --only cloud` against loopback stand-ins of GCP IAM / Cloud Storage and Azure
//! ARM (which tests cannot reach): the exact read requests, no write, the verdicts and hints,
//! and no token in the output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cloud.rs"]
mod cloud;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use cloud::{
    Aks, FLINK_CLIENT, GCP_CONFIG, SA, SUB, Secrets, TENANT, aks_config, gcp_token_request,
    gcp_token_response, mount_aks_reads, mount_gcp_reads, mount_gcp_sa_denied, text,
};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

// Not the `cloud setup` tests' secrets: a leak names the command.
const SECRETS: Secrets = Secrets {
    azure_token: "azure-doctor-test-access-token-0c4d",
    gcp_token: "ya29.doctor-test-access-token-51e2",
    refresh: "1//doctor-refresh-token-secret",
    assertion: "eyJhbGciOiJSUzI1NiJ9.doctor-federated-assertion.sig",
};

/// `studio doctor --only cloud -o json` with a scrubbed environment pointing every cloud
/// endpoint at `server`.
fn doctor(server: &MockServer, dir: &Path, config: &str) -> Command {
    let file = dir.join("studio.yaml");
    std::fs::write(&file, config).unwrap();
    let adc = cloud::write_adc(server, dir, &SECRETS);
    let mut cmd = cloud::studio(server, dir, &SECRETS);
    cmd.env("KUBECONFIG", dir.join("none"))
        .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .env("AZURE_SUBSCRIPTION_ID", SUB)
        .arg("doctor")
        .arg("--config")
        .arg(&file)
        .args(["--only", "cloud", "-o", "json"]);
    cmd
}

/// Runs `cmd` and fails if any secret is in its output.
async fn run(cmd: Command) -> Output {
    let output = cloud::run(cmd).await;
    SECRETS.assert_absent(&output);
    output
}

/// The AKS example with literal tenant and client ids.
fn aks() -> String {
    aks_config(TENANT, FLINK_CLIENT)
}

fn checks(output: &Output) -> Vec<Value> {
    let (stdout, stderr) = text(output);
    serde_json::from_str(&stdout).unwrap_or_else(|err| panic!("{err}: {stdout}\n{stderr}"))
}

/// Exit code 1 and exactly one failed check, which names `names` and hints `cloud-setup`.
fn assert_one_setup_failure(output: &Output, names: &str) {
    let all = checks(output);
    assert_eq!(output.status.code(), Some(1), "{all:?}");
    let failed: Vec<&Value> = all.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failed.len(), 1, "{all:?}");
    assert!(
        failed[0]["detail"].as_str().unwrap().contains(names),
        "{all:?}"
    );
    assert_eq!(failed[0]["hint"]["hint"], "cloud-setup");
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
    gcp_token_request(&SECRETS)
        .respond_with(gcp_token_response(&SECRETS))
        .mount(server)
        .await;
    mount_gcp_reads(server, &SECRETS, bucket_bound).await;
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
    assert_one_setup_failure(&output, "sbx-stag-flink-storage");
    assert_read_only(&server).await;
}

#[tokio::test]
async fn gcp_permission_denied_names_the_permission_and_the_credentials_hint() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    // Any token request gets a token: the read after it is what fails.
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(gcp_token_response(&SECRETS))
        .mount(&server)
        .await;
    mount_gcp_sa_denied(&server, "Permission 'iam.serviceAccounts.get' denied").await;
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

/// The AKS reads, the federated credential present when `federated`; the storage role is
/// always assigned. Every read must carry the token.
async fn mount_azure(server: &MockServer, federated: bool) {
    mount_aks_reads(
        server,
        &Aks {
            secrets: &SECRETS,
            federated,
            role_assigned: true,
            auth_on_every_read: true,
        },
    )
    .await;
}

#[tokio::test]
async fn aks_passes_when_configured_and_names_a_missing_federated_credential() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, true).await;
    let output = run(doctor(&server, dir.path(), &aks())).await;
    let all = checks(&output);
    assert_eq!(output.status.code(), Some(0), "{all:?}");
    assert!(all.iter().all(|c| c["status"] == "pass"), "{all:?}");
    assert_read_only(&server).await;

    let server = MockServer::start().await;
    mount_azure(&server, false).await;
    let output = run(doctor(&server, dir.path(), &aks())).await;
    assert_one_setup_failure(&output, "flink-studio-flink-studio-flink");
    assert_read_only(&server).await;
}

#[tokio::test]
async fn aks_without_the_subscription_names_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    let mut cmd = doctor(&server, dir.path(), &aks());
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
