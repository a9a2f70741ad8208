//! Live tests of `studio doctor` and `studio port-forward` against the Kubernetes testbed and
//! the local Flink stack.
//!
//! Run with both testbeds up (`cargo xtask testbed up --all`), their env files sourced, and
//! `cargo test -p studio-cli --test doctor_live -- --ignored`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

#[path = "support/k8s.rs"]
mod k8s;

use std::path::Path;
use std::process::Command;

use k8s::{env, project, run, unique};
use serde_json::Value;

fn studio(dir: &Path, kubeconfig: &str) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("studio"));
    cmd.current_dir(dir)
        .env("KUBECONFIG", env(kubeconfig))
        .env_remove("STUDIO_FLINK_URL")
        .env_remove("STUDIO_GATEWAY_URL")
        .env_remove("STUDIO_CONFIG");
    cmd
}

fn checks(json: &str) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(json).unwrap()
}

fn find<'a>(checks: &'a [Value], name: &str) -> &'a Value {
    checks
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {checks:?}"))
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn doctor_on_an_empty_namespace_fails_the_right_checks_with_hints() {
    let ns = unique("doctor");
    let dir = project(&ns, |t| t);
    let (code, out, _) = run(studio(dir.path(), "STUDIO_K8S_KUBECONFIG").args([
        "doctor",
        "--only",
        "cluster,rbac,operator,quota,secret,storage,pods",
        "--output",
        "json",
    ]));
    assert_eq!(code, 1, "any ✗ exits 1");
    let all = checks(&out);
    assert_eq!(find(&all, "cluster")["status"], "pass");
    assert!(
        find(&all, "cluster")["detail"]
            .as_str()
            .unwrap()
            .contains("Kubernetes v")
    );
    assert_eq!(find(&all, "rbac-user")["status"], "pass", "the admin may");
    let sa = find(&all, "rbac-service-account");
    assert_eq!(sa["status"], "fail", "nothing deployed: no Role for flink");
    assert_eq!(sa["hint"]["hint"], "grant-service-account");
    assert!(
        sa["hint"]["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["verb"] == "get" && p["resource"] == "services"),
        "{sa}"
    );
    assert_eq!(find(&all, "operator-crds")["status"], "pass");
    let operator = find(&all, "operator");
    assert_eq!(operator["status"], "fail");
    assert_eq!(operator["hint"]["hint"], "install-operator");
    let secret = find(&all, "kafka-secret");
    assert_eq!(secret["status"], "fail");
    assert_eq!(secret["hint"]["hint"], "create-kafka-secret");
    assert_eq!(secret["hint"]["name"], "aiven-credentials");
    let pods = find(&all, "pods");
    assert_eq!(pods["status"], "fail");
    assert_eq!(pods["hint"]["hint"], "deploy");
    assert_eq!(find(&all, "quota")["status"], "pass");
    assert_eq!(find(&all, "storage")["status"], "pass");

    // The same as a table: symbols and worded hints.
    let (code, out, _) = run(studio(dir.path(), "STUDIO_K8S_KUBECONFIG").args([
        "doctor",
        "--only",
        "operator,secret",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("✓ operator-crds"), "{out}");
    assert!(out.contains("✗ operator"), "{out}");
    assert!(out.contains("studio operator install --version"), "{out}");
    assert!(
        out.contains("studio secret kafka --name aiven-credentials"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn doctor_lists_each_permission_a_user_without_rights_lacks() {
    let ns = unique("doctor-dev");
    let dir = project(&ns, |t| t);
    let (code, out, _) = run(studio(dir.path(), "STUDIO_K8S_DEV_KUBECONFIG")
        .args(["doctor", "--only", "rbac", "--output", "json"]));
    assert_eq!(code, 1);
    let all = checks(&out);
    let user = find(&all, "rbac-user");
    assert_eq!(user["status"], "fail");
    let missing = user["hint"]["missing"].as_array().unwrap();
    for (verb, resource) in [
        ("patch", "flinkdeployments"),
        ("delete", "flinkdeployments"),
        ("create", "namespaces"),
        ("list", "pods"),
        ("patch", "deployments"),
    ] {
        assert!(
            missing
                .iter()
                .any(|p| p["verb"] == verb && p["resource"] == resource),
            "{verb} {resource} not listed: {missing:?}"
        );
    }
    // The table names each missing one.
    let (_, out, _) =
        run(studio(dir.path(), "STUDIO_K8S_DEV_KUBECONFIG").args(["doctor", "--only", "rbac"]));
    assert!(
        out.contains(&format!(
            "- patch flinkdeployments.flink.apache.org (namespace {ns})"
        )),
        "{out}"
    );
}

#[test]
#[ignore = "needs the local Flink stack"]
fn gateway_jobmanager_and_connector_checks_pass_against_the_local_stack() {
    let dir = project("unused", |t| t);
    let (code, out, _) = run(studio(dir.path(), "STUDIO_K8S_KUBECONFIG").args([
        "doctor",
        "--only",
        "gateway,connectors",
        "--output",
        "json",
        "--gateway-url",
        &env("STUDIO_GATEWAY_URL"),
        "--flink-url",
        &env("STUDIO_FLINK_REST_URL"),
    ]));
    let all = checks(&out);
    assert_eq!(code, 0, "{all:?}");
    assert_eq!(find(&all, "gateway")["status"], "pass");
    let jm = find(&all, "jobmanager");
    assert_eq!(jm["status"], "pass");
    assert!(jm["detail"].as_str().unwrap().contains("TaskManager(s)"));
    let connectors: Vec<&Value> = all.iter().filter(|c| c["name"] == "connector").collect();
    assert_eq!(connectors.len(), 2, "kafka+avro and kafka+json");
    assert!(connectors.iter().all(|c| c["status"] == "pass"), "{all:?}");
    assert!(
        all.iter().all(|c| c["group"] != "cluster"),
        "no cluster needed"
    );
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn unreachable_gateway_and_jobmanager_fail_with_a_hint() {
    let ns = unique("doctor-gw");
    let dir = project(&ns, |t| t);
    let (code, out, _) = run(studio(dir.path(), "STUDIO_K8S_KUBECONFIG").args([
        "doctor",
        "--only",
        "gateway",
        "--gateway-url",
        "http://127.0.0.1:9",
        "--timeout",
        "5s",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("✗ gateway"), "{out}");
    assert!(out.contains("pass --gateway-url"), "{out}");
    // No --flink-url: a port-forward is tried and the missing Service is named.
    assert!(out.contains("✗ jobmanager"), "{out}");
    assert!(out.contains("flink-session-cluster-rest"), "{out}");
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn port_forward_names_the_missing_service() {
    let ns = unique("pf");
    let dir = project(&ns, |t| t);
    let (code, _, err) = run(studio(dir.path(), "STUDIO_K8S_KUBECONFIG").args([
        "port-forward",
        "jobmanager",
        "--port",
        "0",
    ]));
    assert_eq!(code, 7, "not found: {err}");
    assert!(err.contains("flink-session-cluster-rest"), "{err}");
}

fn port_of(url_var: &str) -> u16 {
    env(url_var)
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// The platform's gateway and JobManager Services in `ns`, each with a Ready kwok pod whose
/// container port is the local stack's port: the testbed's kwok forwards it there.
async fn services_on_kwok(ns: &str) {
    use k8s_openapi::api::core::v1::{Namespace, Pod, Service};
    use kube::api::{Api, PostParams};
    let kubeconfig = kube::config::Kubeconfig::read_from(env("STUDIO_K8S_KUBECONFIG")).unwrap();
    let config = kube::Config::from_custom_kubeconfig(
        kubeconfig,
        &kube::config::KubeConfigOptions::default(),
    )
    .await
    .unwrap();
    let client = kube::Client::try_from(config).unwrap();
    let pp = PostParams::default();
    let namespaces: Api<Namespace> = Api::all(client.clone());
    namespaces
        .create(
            &pp,
            &serde_json::from_value(serde_json::json!({"metadata": {"name": ns}})).unwrap(),
        )
        .await
        .unwrap();
    let services: Api<Service> = Api::namespaced(client.clone(), ns);
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    for (service, port, app, local) in [
        (
            "flink-sql-gateway",
            8083,
            "gw",
            port_of("STUDIO_GATEWAY_URL"),
        ),
        (
            "flink-session-cluster-rest",
            8081,
            "jm",
            port_of("STUDIO_FLINK_REST_URL"),
        ),
    ] {
        let svc = serde_json::json!({
            "metadata": {"name": service},
            "spec": {"selector": {"app": app}, "ports": [{"port": port, "targetPort": local}]}
        });
        services
            .create(&pp, &serde_json::from_value(svc).unwrap())
            .await
            .unwrap();
        let pod = serde_json::json!({
            "metadata": {"name": format!("{app}-0"), "labels": {"app": app}},
            "spec": {
                "nodeName": "kwok-node-0",
                "tolerations": [{"operator": "Exists"}],
                "containers": [{"name": app, "image": "flink:2.0.0",
                                "ports": [{"containerPort": local}]}]
            }
        });
        pods.create(&pp, &serde_json::from_value(pod).unwrap())
            .await
            .unwrap();
    }
    // kwok marks the pods Ready (bounded wait).
    for _ in 0..60 {
        let list = pods.list(&Default::default()).await.unwrap();
        let ready = list.items.iter().filter(|p| {
            p.status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
        });
        if ready.count() == 2 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    panic!("the kwok pods did not become Ready within 30 s");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Kubernetes testbed and the local Flink stack"]
async fn doctor_and_port_forward_reach_the_real_gateway_through_the_kubernetes_api() {
    let ns = unique("doctor-pf");
    services_on_kwok(&ns).await;
    let dir = project(&ns, |t| t);
    let path = dir.path().to_owned();
    // No --gateway-url/--flink-url: doctor port-forwards to the Services.
    let (code, out, _) = tokio::task::spawn_blocking(move || {
        run(studio(&path, "STUDIO_K8S_KUBECONFIG").args([
            "doctor",
            "--only",
            "gateway,connectors",
            "--output",
            "json",
        ]))
    })
    .await
    .unwrap();
    let all = checks(&out);
    assert_eq!(code, 0, "{all:?}");
    assert!(
        find(&all, "gateway")["detail"]
            .as_str()
            .unwrap()
            .contains("Apache Flink"),
        "{all:?}"
    );
    assert!(
        find(&all, "jobmanager")["detail"]
            .as_str()
            .unwrap()
            .contains("TaskManager(s)")
    );
    assert!(
        all.iter()
            .filter(|c| c["name"] == "connector")
            .all(|c| c["status"] == "pass")
    );

    // `studio port-forward gateway` prints a local URL that answers as the real gateway.
    let mut child = studio(dir.path(), "STUDIO_K8S_KUBECONFIG")
        .args(["port-forward", "gateway", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let url = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        line.trim().to_owned()
    })
    .await
    .unwrap();
    if url.is_empty() {
        let out = child.wait_with_output().unwrap();
        panic!("no URL: {}", String::from_utf8_lossy(&out.stderr));
    }
    let info = sql_gateway_client::Client::new(&url).unwrap().info().await;
    // Stopped by its own PID.
    let _ = child.kill();
    let _ = child.wait();
    let info = info.unwrap_or_else(|err| panic!("{url}: {err}"));
    assert!(info.product_name.contains("Flink"), "{info:?}");
}
