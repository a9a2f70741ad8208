//! `studio render` end to end: the example platforms render, without placeholders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The seed does not record the Azure tenant id; tests supply one.
const TEST_TENANT: &str = "00000000-0000-4000-8000-000000000001";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/platform")
        .join(name)
}

/// `studio render` with a clean environment (no stray seed variables from the shell).
fn render() -> Command {
    let mut cmd = Command::cargo_bin("studio").unwrap();
    cmd.arg("render");
    for var in [
        "K8S_NAMESPACE",
        "K8S_SERVICE_ACCOUNT",
        "AZURE_STORAGE_ACCOUNT_NAME",
        "AZURE_STORAGE_CONTAINER_NAME",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "studio render failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn gcp_example_renders_without_placeholders() {
    let yaml = stdout_of(render().arg("--config").arg(example("gcp.yaml")));
    assert!(!yaml.contains("${"), "placeholder left:\n{yaml}");
    assert!(yaml.contains("kind: FlinkDeployment"));
    assert!(
        yaml.contains("iam.gke.io/gcp-service-account: flink-gcs@sbx-stag.iam.gserviceaccount.com")
    );
    assert!(yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"));
}

#[test]
fn aks_example_renders_without_placeholders() {
    let yaml = stdout_of(
        render()
            .env("AZURE_TENANT_ID", TEST_TENANT)
            .arg("--config")
            .arg(example("aks.yaml")),
    );
    assert!(!yaml.contains("${"), "placeholder left:\n{yaml}");
    assert!(
        yaml.contains(
            "abfss://flink@sbxunileverflinkstorage1.dfs.core.windows.net/flink/checkpoints"
        )
    );
    assert!(
        yaml.contains("azure.workload.identity/client-id: 911d60a1-3770-40cb-978b-8b7342bf02b8")
    );
}

#[test]
fn aks_environment_overlay_renders() {
    let yaml = stdout_of(
        render()
            .env("AZURE_TENANT_ID", TEST_TENANT)
            .args(["--env", "sbx-uat", "--output", "json", "--config"])
            .arg(example("aks.yaml")),
    );
    let list: serde_json::Value = serde_json::from_str(&yaml).unwrap();
    assert_eq!(list["kind"], "List");
    assert!(!yaml.contains("${"));
}

#[test]
fn output_is_the_same_bytes_every_time() {
    let first = stdout_of(render().arg("--config").arg(example("gcp.yaml")));
    let second = stdout_of(render().arg("--config").arg(example("gcp.yaml")));
    assert_eq!(first, second);
}

#[test]
fn configuration_errors_exit_2_naming_file_key_and_reason() {
    let output = render()
        .arg("--config")
        .arg(example("aks.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("aks.yaml: aks.tenantId: variable AZURE_TENANT_ID is not set"),
        "{stderr}"
    );

    let output = render()
        .args(["--cloud", "aks", "--config"])
        .arg(example("gcp.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("gcp.yaml: aks: the cloud is aks but there is no aks section"),
        "{stderr}"
    );
}
