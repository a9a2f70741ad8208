//! `studio cloud setup` end to end against loopback stand-ins of the cloud APIs and token
//! endpoints: exit codes, confirmation, dry-run, the identities written to the env overlay,
//! and no token in stdout or stderr.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/cloud.rs"]
mod cloud;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use cloud::{
    Aks, FLINK_CLIENT, GCP_CONFIG, SA, SUB, Secrets, TENANT, aks_config, fic, fic_path,
    gcp_token_request, gcp_token_response, mount_aks_reads, mount_gcp_reads, mount_gcp_sa_denied,
    run, text,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// Not the doctor tests' secrets: a leak names the command.
const SECRETS: Secrets = Secrets {
    azure_token: "azure-cli-test-access-token-7f3a",
    gcp_token: "ya29.gcp-cli-test-access-token-9b1c",
    refresh: "1//refresh-token-secret",
    assertion: "eyJhbGciOiJSUzI1NiJ9.cli-federated-assertion.sig",
};

/// `tenantId` and `clientId` come from the environment, which `--write-env` updates.
fn aks_config_from_env() -> String {
    aks_config("${AZURE_TENANT_ID}", "${AZURE_CLIENT_ID}")
}

/// A studio.yaml for AKS and an overlay whose identity settings are stale.
fn aks_files(dir: &Path) -> (PathBuf, PathBuf) {
    let config = dir.join("aks.yaml");
    std::fs::write(&config, aks_config_from_env()).unwrap();
    let overlay = dir.join("aks.uat.env");
    std::fs::write(
        &overlay,
        format!("# uat\nAZURE_SUBSCRIPTION_ID={SUB}\nAZURE_CLIENT_ID=stale-client\nAZURE_TENANT_ID=stale-tenant\n"),
    )
    .unwrap();
    (config, overlay)
}

/// The AKS reads (all in place when `configured`, none otherwise) and the writes setup makes.
async fn mount_azure(server: &MockServer, configured: bool) {
    mount_aks_reads(
        server,
        &Aks {
            secrets: &SECRETS,
            federated: configured,
            role_assigned: configured,
            auth_on_every_read: false,
        },
    )
    .await;
    Mock::given(method("PUT"))
        .and(path(fic_path()))
        .and(body_json(fic()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(header(
            "authorization",
            format!("Bearer {}", SECRETS.azure_token).as_str(),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(server)
        .await;
}

/// `studio cloud setup` with a scrubbed environment pointing every endpoint at `server`.
fn studio(server: &MockServer, dir: &Path) -> Command {
    let mut cmd = cloud::studio(server, dir, &SECRETS);
    cmd.args(["cloud", "setup"]);
    cmd
}

fn assert_no_secret(output: &Output) {
    SECRETS.assert_absent(output);
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

/// An AKS run of `studio cloud setup --config aks.yaml ARGS` against a fresh stand-in.
struct AksRun {
    server: MockServer,
    overlay: PathBuf,
    /// The overlay as it was before the run.
    before: String,
    output: Output,
    _dir: tempfile::TempDir,
}

async fn aks_run(configured: bool, args: &[&str]) -> AksRun {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_azure(&server, configured).await;
    let (config, overlay) = aks_files(dir.path());
    let before = std::fs::read_to_string(&overlay).unwrap();
    let mut cmd = studio(&server, dir.path());
    cmd.arg("--config").arg(&config).args(args);
    let output = run(cmd).await;
    AksRun {
        server,
        overlay,
        before,
        output,
        _dir: dir,
    }
}

#[tokio::test]
async fn aks_setup_applies_with_yes_and_writes_the_identity_into_the_overlay() {
    let run = aks_run(false, &["--env", "uat", "--yes", "--write-env"]).await;
    let (stdout, stderr) = text(&run.output);
    assert_eq!(
        run.output.status.code(),
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
        std::fs::read_to_string(&run.overlay).unwrap(),
        format!(
            "# uat\nAZURE_SUBSCRIPTION_ID={SUB}\nAZURE_CLIENT_ID={FLINK_CLIENT}\nAZURE_TENANT_ID={TENANT}\n"
        )
    );
    assert_eq!(mutating(&run.server).await.len(), 2);
    assert_no_secret(&run.output);
}

#[tokio::test]
async fn aks_second_run_changes_nothing() {
    let run = aks_run(true, &["--env", "uat", "--yes"]).await;
    let (stdout, _) = text(&run.output);
    assert_eq!(run.output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Nothing to change."));
    // Not asked to write: the lines to set are printed instead.
    assert!(
        stdout.contains(&format!("  AZURE_CLIENT_ID={FLINK_CLIENT}")),
        "{stdout}"
    );
    assert!(mutating(&run.server).await.is_empty());
    assert_no_secret(&run.output);
}

#[tokio::test]
async fn without_a_terminal_and_without_yes_nothing_is_applied() {
    let run = aks_run(false, &["--env", "uat", "--write-env"]).await;
    let (_, stderr) = text(&run.output);
    assert_eq!(run.output.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(mutating(&run.server).await.is_empty());
    assert_eq!(std::fs::read_to_string(&run.overlay).unwrap(), run.before);
}

#[tokio::test]
async fn dry_run_exits_5_and_sends_no_mutating_request() {
    let run = aks_run(
        false,
        &["--env", "uat", "--dry-run", "--yes", "--write-env"],
    )
    .await;
    let (stdout, _) = text(&run.output);
    assert_eq!(run.output.status.code(), Some(5), "{stdout}");
    assert!(stdout.contains("Dry run: nothing was changed."));
    assert!(mutating(&run.server).await.is_empty());
    assert_eq!(std::fs::read_to_string(&run.overlay).unwrap(), run.before);
    assert_no_secret(&run.output);
}

#[tokio::test]
async fn missing_subscription_is_a_usage_error_naming_flag_and_variable() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    let config = dir.path().join("aks.yaml");
    std::fs::write(&config, aks_config_from_env()).unwrap();
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
    let adc = cloud::write_adc(server, dir, &SECRETS);
    let config = dir.join("gcp.yaml");
    std::fs::write(&config, GCP_CONFIG).unwrap();
    let mut cmd = studio(server, dir);
    cmd.env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .arg("--config")
        .arg(&config);
    cmd
}

async fn mount_gcp_token(server: &MockServer) {
    gcp_token_request(&SECRETS)
        .and(header("content-type", "application/json"))
        .respond_with(gcp_token_response(&SECRETS))
        .mount(server)
        .await;
}

#[tokio::test]
async fn gcp_second_run_through_adc_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp_token(&server).await;
    mount_gcp_reads(&server, &SECRETS, true).await;
    let output = run(gcp_command(&server, dir.path())).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Project:          sbx-stag"));
    assert!(stdout.contains("Nothing to change."));
    assert!(stdout.contains(&format!("iam.gke.io/gcp-service-account: {SA}")));
    assert_no_secret(&output);
}

#[tokio::test]
async fn gcp_permission_denied_exits_10_naming_the_permission() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    mount_gcp_token(&server).await;
    mount_gcp_sa_denied(
        &server,
        "Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).",
    )
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
