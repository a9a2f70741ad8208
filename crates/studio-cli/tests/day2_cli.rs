//! `studio secret kafka`, `studio operator install --print` and `studio image build --print`
//! end to end, without a cluster: no secret value in any output, exact plans, and errors a
//! user can act on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/certs.rs"]
mod certs;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use certs::ca_pem;

const PASSWORD: &str = "Sup3r-S3cret-Kafka-Pw";

fn studio() -> Command {
    let mut cmd = Command::cargo_bin("studio").unwrap();
    cmd.env_remove("KUBECONFIG").env_remove("STUDIO_CONFIG");
    cmd
}

/// A CA bundle of two certificates (as during an Aiven CA rotation) and a kubeconfig whose
/// server refuses connections.
fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(
        &ca,
        format!("{}{}", ca_pem("Aiven CA 1"), ca_pem("Aiven CA 2")),
    )
    .unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: nowhere\nclusters:\n- name: nowhere\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: nowhere\n  context:\n    cluster: nowhere\n    user: nobody\nusers:\n- name: nobody\n  user:\n    token: not-a-real-token\n",
    )
    .unwrap();
    (dir, ca, kubeconfig)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command, stdin: &str) -> Run {
    let out = cmd.write_stdin(stdin).output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(PASSWORD), "the password leaked:\n{text}");
        assert!(
            !text.contains("Sup3r"),
            "part of the password leaked:\n{text}"
        );
    }
    run
}

fn secret_kafka(ca: &Path, kubeconfig: &Path) -> Command {
    let mut cmd = studio();
    cmd.args(["secret", "kafka", "--username", "avnadmin", "--ca-cert"])
        .arg(ca)
        .arg("--kubeconfig")
        .arg(kubeconfig);
    cmd
}

#[test]
fn dry_run_shows_certificates_keys_and_sizes_only() {
    let (_dir, ca, kubeconfig) = fixture();
    let r = run(
        secret_kafka(&ca, &kubeconfig).args(["--password-stdin", "--dry-run"]),
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("2 certificate(s)"), "{}", r.stderr);
    assert!(r.stderr.contains("CN=Aiven CA 1") && r.stderr.contains("CN=Aiven CA 2"));
    assert!(r.stderr.contains("valid until 4096-01-01"), "{}", r.stderr);
    assert!(r.stderr.contains("context:   nowhere"), "{}", r.stderr);
    for key in [
        "username",
        "password",
        "ca.pem",
        "truststore.jks",
        "truststore.password",
    ] {
        assert!(
            r.stdout.contains(&format!("  {key} ")),
            "{key}: {}",
            r.stdout
        );
    }
    // The password's size is shown, its value is not.
    assert!(
        r.stdout
            .contains(&format!("password             {} bytes", PASSWORD.len())),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("avnadmin"), "{}", r.stdout);
}

#[test]
fn a_password_on_the_command_line_is_refused_without_echo() {
    let (_dir, ca, kubeconfig) = fixture();
    let r = run(
        secret_kafka(&ca, &kubeconfig).args(["--password", PASSWORD, "--dry-run"]),
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--password is refused"), "{}", r.stderr);
    assert!(r.stderr.contains("--password-stdin"), "{}", r.stderr);
}

#[test]
fn without_a_terminal_the_password_must_come_from_stdin() {
    let (_dir, ca, kubeconfig) = fixture();
    let r = run(secret_kafka(&ca, &kubeconfig).arg("--dry-run"), "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("pipe it with --password-stdin"),
        "{}",
        r.stderr
    );
}

#[test]
fn without_yes_and_a_terminal_nothing_is_applied() {
    let (_dir, ca, kubeconfig) = fixture();
    let r = run(
        secret_kafka(&ca, &kubeconfig).arg("--password-stdin"),
        PASSWORD,
    );
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("pass --yes"), "{}", r.stderr);
    assert!(
        r.stderr.contains("server:    https://127.0.0.1:1"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unreachable_cluster_is_reported_without_the_password() {
    let (_dir, ca, kubeconfig) = fixture();
    let r = run(
        secret_kafka(&ca, &kubeconfig).args(["--password-stdin", "--yes"]),
        PASSWORD,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("127.0.0.1:1"), "{}", r.stderr);
}

#[test]
fn a_bad_ca_file_names_the_file_and_block() {
    let (dir, _ca, kubeconfig) = fixture();
    let bad = dir.path().join("bad.pem");
    std::fs::write(
        &bad,
        "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    let r = run(
        secret_kafka(&bad, &kubeconfig).args(["--password-stdin", "--dry-run"]),
        PASSWORD,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("bad.pem: PEM block 1 is a `RSA PRIVATE KEY`"),
        "{}",
        r.stderr
    );
    let missing = run(
        secret_kafka(&dir.path().join("nope.pem"), &kubeconfig).args(["--password-stdin"]),
        PASSWORD,
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read --ca-cert"),
        "{}",
        missing.stderr
    );
}

#[test]
fn operator_install_print_is_the_exact_plan() {
    let r = run(
        studio().args([
            "operator",
            "install",
            "--print",
            "--no-webhook",
            "--watch-namespace",
            "flink-studio",
            "--context",
            "prod",
        ]),
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "# 1. CRDs of operator 1.12.1, by server-side apply (field manager flink-studio, forced: studio owns them, helm never upgrades CRDs):\n\
         #    CustomResourceDefinition flinkdeployments.flink.apache.org\n\
         #    CustomResourceDefinition flinksessionjobs.flink.apache.org\n\
         #    CustomResourceDefinition flinkstatesnapshots.flink.apache.org\n\
         # 2. The chart, CRDs skipped, image pinned to the chart version:\n\
         helm upgrade --install flink-kubernetes-operator flink-kubernetes-operator --repo https://downloads.apache.org/flink/flink-kubernetes-operator-1.12.1/ --version 1.12.1 --namespace flink-system --create-namespace --skip-crds --set image.tag=1.12.1 --set webhook.create=false --set 'watchNamespaces={flink-studio}' --kube-context prod\n\
         # 3. Wait (up to 5m) for Deployment flink-system/flink-kubernetes-operator to be available.\n\
         # Webhook off: FlinkDeployment errors show only in status and Events.\n"
    );
    let unpinned = run(
        studio().args(["operator", "install", "--print", "--version", "1.9.0"]),
        "",
    );
    assert_eq!(unpinned.code, 2);
    assert!(
        unpinned.stderr.contains("pinned: 1.12.1, 1.15.0"),
        "{}",
        unpinned.stderr
    );
}

#[test]
fn operator_install_without_helm_names_the_fix_and_changes_nothing() {
    let (_dir, _ca, kubeconfig) = fixture();
    let empty = tempfile::tempdir().unwrap();
    let r = run(
        studio()
            .env("PATH", empty.path())
            .args(["operator", "install", "--yes", "--kubeconfig"])
            .arg(&kubeconfig),
        "",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("helm is not installed"), "{}", r.stderr);
    assert!(r.stderr.contains("--print"), "{}", r.stderr);
}

fn example_with_connector(dir: &Path) -> PathBuf {
    let config = dir.join("studio.yaml");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml"),
    )
    .unwrap();
    std::fs::write(
        &config,
        format!(
            "{base}\nconnectors:\n  artifacts:\n    - {{ maven: org.apache.flink:flink-connector-jdbc:4.0.0-2.0, sha256: {} }}\n",
            "ab".repeat(32)
        ),
    )
    .unwrap();
    config
}

#[test]
fn a_connector_added_to_the_config_appears_in_render_and_image_build() {
    let dir = tempfile::tempdir().unwrap();
    let config = example_with_connector(dir.path());
    let render = run(studio().arg("render").arg("--config").arg(&config), "");
    assert_eq!(render.code, 0, "{}", render.stderr);
    // JobManager, TaskManager and gateway each fetch it.
    assert_eq!(
        render
            .stdout
            .matches("get 'org.apache.flink:flink-connector-jdbc:4.0.0-2.0'")
            .count(),
        3,
        "{}",
        render.stdout
    );
    let out = dir.path().join("ctx");
    let image = run(
        studio()
            .args(["image", "build", "--print", "--config"])
            .arg(&config)
            .arg("--output")
            .arg(&out),
        "",
    );
    assert_eq!(image.code, 0, "{}", image.stderr);
    assert!(
        image
            .stdout
            .contains("docker build --tag flink-sql-studio:2.0.0"),
        "{}",
        image.stdout
    );
    let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("FROM flink:2.0.0-java17"));
    assert!(
        dockerfile.contains("flink-connector-jdbc-4.0.0-2.0.jar"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("flink-sql-connector-kafka-4.0.1-2.0.jar"),
        "{dockerfile}"
    );
}

#[test]
fn image_build_without_a_docker_engine_points_at_print() {
    let dir = tempfile::tempdir().unwrap();
    let config = example_with_connector(dir.path());
    // An empty PATH: no docker CLI at all; the message is the same kind either way.
    let empty = tempfile::tempdir().unwrap();
    let r = run(
        studio()
            .env("PATH", empty.path())
            .args(["image", "build", "--config"])
            .arg(&config)
            .arg("--output")
            .arg(dir.path().join("ctx")),
        "",
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("use --print"), "{}", r.stderr);
    assert!(dir.path().join("ctx/Dockerfile").is_file());
}

#[test]
fn a_connector_without_checksum_is_rejected_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("studio.yaml");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml"),
    )
    .unwrap();
    std::fs::write(
        &config,
        format!("{base}\nconnectors:\n  artifacts:\n    - {{ maven: com.example:udfs:1.0 }}\n"),
    )
    .unwrap();
    let r = run(studio().arg("render").arg("--config").arg(&config), "");
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("connectors.artifacts[0].sha256"),
        "{}",
        r.stderr
    );
}
