//! Live tests of `studio secret kafka` and of the connectors init container against the
//! Kubernetes testbed (`cargo xtask testbed up --k8s`). Each test uses a fresh namespace and
//! deletes it. Run with
//! `set -a; . target/testbed/k8s.env; set +a; cargo test -p studio-cli --test day2_live -- --ignored`.
//! Without `STUDIO_K8S_KUBECONFIG` they return early, unless `REQUIRE_K8S=1`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

#[path = "support/certs.rs"]
mod certs;
#[path = "support/k8s.rs"]
mod k8s;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use certs::ca_pem;
use k8s::unique;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, DeleteParams};
use studio_kube::apply::{ApplyOptions, apply};
use studio_kube::{Platform, Target, TargetOptions};
use studio_manifests::config::LoadOptions;
use studio_manifests::crd::FlinkDeployment;

const PASSWORD: &str = "Live-S3cret-Pw-For-Kafka";

fn kubeconfig() -> Option<PathBuf> {
    match std::env::var("STUDIO_K8S_KUBECONFIG") {
        Ok(path) => Some(PathBuf::from(path)),
        Err(_) if std::env::var("REQUIRE_K8S").as_deref() == Ok("1") => {
            panic!(
                "REQUIRE_K8S=1 but STUDIO_K8S_KUBECONFIG is not set: run `cargo xtask testbed up --k8s` and source target/testbed/k8s.env"
            )
        }
        Err(_) => {
            eprintln!("skipped: STUDIO_K8S_KUBECONFIG is not set");
            None
        }
    }
}

async fn target(kubeconfig: &Path) -> Target {
    Target::resolve(&TargetOptions::new(Some(kubeconfig.to_owned()), None))
        .await
        .unwrap()
}

async fn delete_namespace(target: &Target, name: &str) {
    let api: Api<Namespace> = Api::all(target.client.clone());
    let _ = api.delete(name, &DeleteParams::default()).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Kubernetes testbed (cargo xtask testbed up --k8s)"]
async fn secret_kafka_creates_the_namespace_and_the_five_keys() {
    let Some(kubeconfig) = kubeconfig() else {
        return;
    };
    let target = target(&kubeconfig).await;
    let namespace = unique("secret");
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    let bundle = format!("{}{}", ca_pem("Live CA 1"), ca_pem("Live CA 2"));
    std::fs::write(&ca, &bundle).unwrap();
    let run = || {
        let out = Command::cargo_bin("studio")
            .unwrap()
            .env_remove("KUBECONFIG")
            .args([
                "secret",
                "kafka",
                "--username",
                "avnadmin",
                "--password-stdin",
                "--yes",
            ])
            .arg("--ca-cert")
            .arg(&ca)
            .args(["--namespace", &namespace, "--kubeconfig"])
            .arg(&kubeconfig)
            .write_stdin(format!("{PASSWORD}\n"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stdout}{stderr}");
        for text in [&stdout, &stderr] {
            assert!(!text.contains(PASSWORD), "password leaked: {text}");
        }
        stdout
    };
    let first = run();
    assert!(
        first.contains(&format!("Secret {namespace}/aiven-credentials created")),
        "{first}"
    );
    let secrets: Api<Secret> = Api::namespaced(target.client.clone(), &namespace);
    let secret = secrets.get("aiven-credentials").await.unwrap();
    let data = secret.data.unwrap();
    let keys: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "ca.pem",
            "password",
            "truststore.jks",
            "truststore.password",
            "username"
        ]
    );
    assert_eq!(data["password"].0, PASSWORD.as_bytes());
    assert_eq!(data["ca.pem"].0, bundle.as_bytes());
    assert_eq!(&data["truststore.jks"].0[..4], &[0xFE, 0xED, 0xFE, 0xED]);
    // The keys are what deploy's pre-flight expects.
    for key in studio_kube::platform::KAFKA_SECRET_KEYS {
        assert!(data.contains_key(*key), "{key}");
    }
    // Running it again updates the same Secret (a new truststore password).
    let second = run();
    assert!(
        second.contains(&format!("Secret {namespace}/aiven-credentials ")),
        "{second}"
    );
    delete_namespace(&target, &namespace).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Kubernetes testbed (cargo xtask testbed up --k8s)"]
async fn the_apiserver_accepts_the_connectors_init_container_and_volumes() {
    let Some(kubeconfig) = kubeconfig() else {
        return;
    };
    let target = target(&kubeconfig).await;
    let namespace = unique("connectors");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml");
    let mut config = studio_manifests::config::load(&LoadOptions {
        file: file.clone(),
        env: None,
        cloud: None,
        process_env: BTreeMap::new(),
    })
    .unwrap();
    config.namespace = namespace.clone();
    config.quota.enabled = false;
    config
        .connectors
        .artifacts
        .push(studio_manifests::connectors::ConnectorArtifact {
            maven: "org.apache.flink:flink-connector-jdbc:4.0.0-2.0".into(),
            sha256: Some("ab".repeat(32)),
        });
    let platform = Platform::from_config(config, &file).unwrap();
    let objects = platform.kube_objects().unwrap();
    let report = apply(&target, &objects, &ApplyOptions::default()).await;
    let failed: Vec<String> = report
        .failed
        .iter()
        .map(|(object, err)| format!("{object}: {err}"))
        .collect();
    assert!(
        report.is_complete(),
        "rejected: {failed:?}, not applied: {:?}",
        report.not_applied
    );

    let deployments: Api<Deployment> = Api::namespaced(target.client.clone(), &namespace);
    let gateway = deployments.get(platform.gateway_name()).await.unwrap();
    k8s_openapi::k8s_if_le_1_36! { let gateway_spec = gateway.spec.unwrap(); }
    k8s_openapi::k8s_if_ge_1_37! { let gateway_spec = gateway.spec; }
    let pod = gateway_spec.template.spec.unwrap();
    let init = &pod.init_containers.unwrap()[0];
    assert_eq!(init.name, "flink-plugin-setup");
    assert!(init.command.as_ref().unwrap()[2].contains("flink-connector-jdbc-4.0.0-2.0.jar"));
    assert!(
        pod.volumes
            .unwrap()
            .iter()
            .any(|v| v.name == "studio-connectors" && v.empty_dir.is_some())
    );

    let fds: Api<FlinkDeployment> = Api::namespaced(target.client.clone(), &namespace);
    let fd = fds.get(platform.cluster_name()).await.unwrap();
    for template in [
        fd.spec.job_manager.unwrap().pod_template.unwrap(),
        fd.spec.task_manager.unwrap().pod_template.unwrap(),
    ] {
        let spec = template.spec.unwrap();
        assert_eq!(spec.init_containers.unwrap()[0].name, "flink-plugin-setup");
        assert!(
            spec.containers[0]
                .volume_mounts
                .as_ref()
                .unwrap()
                .iter()
                .any(|m| m.mount_path == "/opt/flink/lib/studio-connectors")
        );
    }
    // The FlinkDeployment has a finalizer only once an operator handles it; none runs here.
    delete_namespace(&target, &namespace).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Kubernetes testbed (cargo xtask testbed up --k8s)"]
async fn operator_checks_see_no_cert_manager_and_time_out_on_a_missing_operator() {
    let Some(kubeconfig) = kubeconfig() else {
        return;
    };
    let target = target(&kubeconfig).await;
    // The testbed runs no cert-manager: `operator install` without --no-webhook refuses.
    assert!(
        !studio_kube::operator::cert_manager_installed(&target)
            .await
            .unwrap()
    );
    let namespace = unique("no-operator");
    let started = std::time::Instant::now();
    let err = studio_kube::operator::wait_ready(
        &target,
        &namespace,
        std::time::Duration::from_secs(2),
        std::time::Duration::from_millis(500),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(err.contains("timed out"), "{err}");
    assert!(
        err.contains(&format!("{namespace}/flink-kubernetes-operator")),
        "{err}"
    );
    assert!(err.contains("not created"), "{err}");
}
