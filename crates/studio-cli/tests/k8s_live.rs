//! Live tests of `studio deploy | status | scale | cleanup` against the Kubernetes testbed,
//! and of the running-jobs guard against the local Flink stack.
//!
//! Run with both testbeds up (`cargo xtask testbed up --all`), their env files sourced, and
//! `cargo test -p studio-cli --test k8s_live -- --ignored`.
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
use std::time::{Duration, Instant};

use k8s::{env, project, run, unique};

fn studio(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("studio"));
    cmd.current_dir(dir)
        .env("KUBECONFIG", env("STUDIO_K8S_KUBECONFIG"))
        .env_remove("STUDIO_FLINK_URL")
        .env_remove("STUDIO_CONFIG");
    cmd
}

fn kubectl(args: &[&str]) -> (i32, String) {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", env("STUDIO_K8S_KUBECONFIG"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Runs `studio ARGS` in `dir`, which must exit with `code`; returns (stdout, stderr).
fn expect(dir: &Path, code: i32, args: &[&str]) -> (String, String) {
    let (got, out, err) = run(studio(dir).args(args));
    assert_eq!(got, code, "studio {args:?}: {err}");
    (out, err)
}

/// A field of the session cluster's FlinkDeployment in `ns`, by kubectl jsonpath.
fn session_cluster(ns: &str, jsonpath: &str) -> String {
    kubectl(&[
        "-n",
        ns,
        "get",
        "flinkdeployment",
        "flink-session-cluster",
        "-o",
        &format!("jsonpath={jsonpath}"),
    ])
    .1
}

/// The namespace and a Kafka Secret with the keys the manifests expect.
fn prepare(ns: &str) {
    assert_eq!(kubectl(&["create", "namespace", ns]).0, 0);
    let mut args = vec!["-n", ns, "create", "secret", "generic", "aiven-credentials"];
    let literals: Vec<String> = studio_kube::platform::KAFKA_SECRET_KEYS
        .iter()
        .map(|k| format!("--from-literal={k}=test"))
        .collect();
    args.extend(literals.iter().map(String::as_str));
    assert_eq!(kubectl(&args).0, 0);
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn deploy_dry_run_redeploy_status_scale_and_cleanup_as_a_user_would() {
    let ns = unique("cli");
    let dir = project(&ns, |t| t);
    prepare(&ns);

    // Without a terminal and without --yes: refused, nothing applied.
    let (_, err) = expect(dir.path(), 6, &["deploy"]);
    assert!(err.contains("pass --yes"), "{err}");
    assert!(err.contains(&format!("namespace: {ns}")), "{err}");
    assert_ne!(
        kubectl(&["-n", &ns, "get", "flinkdeployment", "flink-session-cluster"]).0,
        0
    );

    // The dry-run shows what would be created and exits 5.
    let (out, _) = expect(dir.path(), 5, &["deploy", "--dry-run"]);
    assert!(
        out.contains("+++ create FlinkDeployment/flink-session-cluster"),
        "{out}"
    );

    let (out, _) = expect(dir.path(), 0, &["deploy", "--yes"]);
    assert!(
        out.contains("created     FlinkDeployment/flink-session-cluster"),
        "{out}"
    );
    assert!(
        out.contains("12 applied: 11 created, 1 configured, 0 unchanged"),
        "{out}"
    );

    // Again: nothing changes, and the dry-run agrees.
    let (out, _) = expect(dir.path(), 0, &["deploy", "--yes"]);
    assert!(
        out.contains("nothing to change: 12 objects unchanged"),
        "{out}"
    );
    let (_, err) = expect(dir.path(), 0, &["deploy", "--dry-run"]);
    assert!(err.contains("0 of 12 objects would change"), "{err}");

    // A config change: the dry-run shows exactly it.
    let changed = project(&ns, |t| t.replace("  memory: 2Gi", "  memory: 3Gi"));
    let (out, _) = expect(changed.path(), 5, &["deploy", "--dry-run"]);
    let edits: Vec<String> = out
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .map(|l| format!("{}{}", &l[..1], l[1..].trim()))
        .collect();
    assert_eq!(
        edits,
        [
            "-memory: 2Gi",
            "+memory: 3Gi",
            "-memory: 2Gi",
            "+memory: 3Gi"
        ],
        "{out}"
    );

    // Status, as JSON: the gateway becomes Available through the controllers and kwok.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, out, _) = run(studio(dir.path()).args(["status", "-o", "json"]));
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["namespace"], ns);
        assert_eq!(json["taskmanagers_desired"], 4);
        if json["readiness"]["gateway"]["available"] == true {
            break;
        }
        assert!(Instant::now() < deadline, "gateway never Available: {out}");
        std::thread::sleep(Duration::from_millis(500));
    }
    let (code, out, _) = run(studio(dir.path()).arg("status"));
    assert_eq!(
        code, 1,
        "no operator here, so the session cluster is not ready"
    );
    assert!(out.contains("1/1 ready, Available"), "{out}");

    // Scale: 6 exceeds the memory quota, 5 fits.
    let (out, err) = expect(dir.path(), 6, &["scale", "6", "--yes"]);
    assert!(err.contains("exceed the namespace quota"), "{err}");
    assert!(out.contains("EXCEEDED"), "{out}");
    let (out, _) = expect(dir.path(), 0, &["scale", "5", "--yes"]);
    assert!(
        out.contains("now asks for 5 TaskManagers (10 slots"),
        "{out}"
    );
    let (out, _) = expect(dir.path(), 0, &["scale", "--status"]);
    assert!(
        out.starts_with("TaskManagers: 5 × 2 slots = 10 slots"),
        "{out}"
    );
    let held = session_cluster(
        &ns,
        "{.spec.taskManager.replicas}/{.spec.flinkConfiguration.slotmanager\\.number-of-slots\\.min}",
    );
    assert_eq!(held, "5/10");

    // Cleanup, twice.
    let (out, _) = expect(dir.path(), 0, &["cleanup", "--yes", "--wait"]);
    assert!(out.contains("everything is gone"), "{out}");
    let (out, _) = expect(dir.path(), 0, &["cleanup", "--yes"]);
    assert!(out.contains("nothing to delete"), "{out}");
}

#[test]
#[ignore = "needs the Kubernetes testbed"]
fn missing_secret_and_missing_rights_are_reported_with_what_to_do() {
    let ns = unique("cli-pre");
    let dir = project(&ns, |t| t);
    let (_, err) = expect(dir.path(), 1, &["deploy", "--yes"]);
    assert!(err.contains("✗ kafka-secret"), "{err}");
    assert!(
        err.contains("fix: studio secret kafka --name aiven-credentials"),
        "{err}"
    );
    assert!(err.contains("nothing was applied"), "{err}");
    assert_ne!(
        kubectl(&["get", "namespace", &ns]).0,
        0,
        "nothing may be created"
    );

    let (code, _, err) = run(studio(dir.path())
        .args(["deploy", "--yes"])
        .env("KUBECONFIG", env("STUDIO_K8S_DEV_KUBECONFIG")));
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("permission denied: cannot get "), "{err}");
    assert!(err.contains("testbed-dev"), "{err}");

    let (_, err) = expect(dir.path(), 2, &["status", "--context", "nope"]);
    assert!(
        err.contains("context `nope` is not in the kubeconfig"),
        "{err}"
    );
}

/// A streaming job submitted through the local gateway, as a user's pipeline would be.
fn start_job(dir: &Path) -> String {
    let table = unique("guard").replace('-', "_");
    let sql = format!(
        "CREATE TABLE {table}_src (x BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5'); \
         CREATE TABLE {table}_sink (x BIGINT) WITH ('connector' = 'blackhole'); \
         INSERT INTO {table}_sink SELECT x FROM {table}_src;"
    );
    let (code, _, err) = run(studio(dir)
        .args(["sql", "--sql", &sql])
        .env("STUDIO_GATEWAY_URL", env("STUDIO_GATEWAY_URL")));
    assert_eq!(code, 0, "{err}");
    format!("insert-into_default_catalog.default_database.{table}_sink")
}

fn job_state(name: &str) -> Option<(String, String)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = flink_rest::Client::new(env("STUDIO_FLINK_REST_URL")).unwrap();
        client
            .jobs()
            .list()
            .await
            .unwrap()
            .into_iter()
            .find(|j| j.name == name)
            .map(|j| (j.jid.to_string(), j.state.to_string()))
    })
}

#[test]
#[ignore = "needs the Kubernetes testbed and the local Flink stack"]
fn a_restarting_deploy_refuses_then_savepoints_running_jobs() {
    let ns = unique("cli-jobs");
    let dir = project(&ns, |t| t);
    prepare(&ns);
    expect(dir.path(), 0, &["deploy", "--yes"]);
    let name = start_job(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    let id = loop {
        match job_state(&name) {
            Some((id, state)) if state == "RUNNING" => break id,
            _ if Instant::now() > deadline => panic!("job {name} never ran"),
            _ => std::thread::sleep(Duration::from_millis(300)),
        }
    };

    // A change to the FlinkDeployment restarts the session cluster: refused, with the job.
    let changed = project(&ns, |t| t.replace("memory: 8192m", "memory: 4096m"));
    let flink = env("STUDIO_FLINK_REST_URL");
    let (_, err) = expect(
        changed.path(),
        6,
        &["deploy", "--yes", "--flink-url", &flink],
    );
    assert!(err.contains(&id), "{err}");
    assert!(err.contains("--savepoint-jobs"), "{err}");
    let memory = session_cluster(&ns, "{.spec.taskManager.resource.memory}");
    assert_eq!(memory, "8192m", "nothing may change");

    // With --savepoint-jobs the job stops with a savepoint, then the deploy goes on.
    let savepoints = tempfile::tempdir().unwrap();
    let dir_url = format!("file://{}", savepoints.path().display());
    let (out, err) = expect(
        changed.path(),
        0,
        &[
            "deploy",
            "--yes",
            "--flink-url",
            &flink,
            "--savepoint-jobs",
            "--savepoint-dir",
            &dir_url,
        ],
    );
    assert!(err.contains(&format!("stopped job {id}")), "{err}");
    assert!(err.contains("execution.savepoint.path"), "{err}");
    assert!(
        out.contains("configured  FlinkDeployment/flink-session-cluster"),
        "{out}"
    );
    assert_eq!(
        job_state(&name).map(|(_, s)| s).as_deref(),
        Some("FINISHED")
    );
    assert!(
        std::fs::read_dir(savepoints.path())
            .unwrap()
            .next()
            .is_some(),
        "no savepoint written"
    );
    expect(dir.path(), 0, &["cleanup", "--yes"]);
}
