//! Live test of `studio doctor --only connectors` against a real SQL Gateway started here
//! WITHOUT the connector jars: Flink's own `lib/` and the gateway jar from the cached
//! distribution, none of the `connectors/` that `studio local up` adds. Planning an INSERT
//! needs no JobManager, so this gateway runs alone (one JVM, -Xmx384m, a few seconds).
//!
//! `cargo test -p studio-cli --test doctor_connectors_live -- --ignored` (needs Java 17+ and
//! the Flink distribution cached by `cargo xtask testbed up`). With the shared testbed's env
//! sourced, the same check also passes against its gateway, which has the jars.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Gateway {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        // Stopped by its own PID.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn flink_home() -> PathBuf {
    let version = std::env::var("STUDIO_FLINK_VERSION").unwrap_or_else(|_| "2.0.0".into());
    let home = studio_local::default_cache_dir()
        .unwrap()
        .join(format!("flink-{version}"));
    assert!(
        home.join("lib").is_dir(),
        "{} is missing: `cargo xtask testbed up` caches Flink",
        home.display()
    );
    home
}

fn jars(dir: &Path) -> Vec<PathBuf> {
    let mut jars: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jar"))
        .collect();
    jars.sort();
    jars
}

fn start_bare_gateway() -> Gateway {
    let home = flink_home();
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(
        conf.join("config.yaml"),
        format!(
            "rest.address: 127.0.0.1\n\
             jobmanager.rpc.address: 127.0.0.1\n\
             sql-gateway.endpoint.rest.address: 127.0.0.1\n\
             sql-gateway.endpoint.rest.bind-address: 127.0.0.1\n\
             sql-gateway.endpoint.rest.port: {port}\n"
        ),
    )
    .unwrap();
    let mut classpath = jars(&home.join("lib"));
    assert!(
        !classpath
            .iter()
            .any(|j| j.to_string_lossy().contains("connector-kafka")),
        "Flink's lib/ already holds the Kafka connector"
    );
    classpath.extend(jars(&home.join("opt")).into_iter().filter(|j| {
        j.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("flink-sql-gateway"))
    }));
    let classpath: Vec<String> = classpath.iter().map(|p| p.display().to_string()).collect();
    let java = match std::env::var_os("JAVA_HOME") {
        Some(home) => PathBuf::from(home).join("bin/java"),
        None => PathBuf::from("java"),
    };
    let child = Command::new(java)
        .env("FLINK_CONF_DIR", &conf)
        .arg("-Xmx384m")
        .arg(format!(
            "-Dlog.file={}",
            dir.path().join("gateway.log").display()
        ))
        .args(["-cp", &classpath.join(":")])
        .arg("org.apache.flink.table.gateway.SqlGateway")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Gateway {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _dir: dir,
    }
}

/// Waits (at most 90 s) until the gateway answers `/v1/info`.
async fn wait_ready(gateway: &mut Gateway) {
    let client = sql_gateway_client::Client::new(&gateway.url).unwrap();
    let started = Instant::now();
    loop {
        if client.info().await.is_ok() {
            return;
        }
        if let Some(status) = gateway.child.try_wait().unwrap() {
            panic!("the bare gateway exited: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the bare gateway did not answer within 90 s"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

fn doctor(gateway_url: &str) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml");
    std::fs::copy(example, dir.path().join("studio.yaml")).unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("studio"))
        .current_dir(dir.path())
        .env("KUBECONFIG", dir.path().join("none"))
        .env_remove("STUDIO_CONFIG")
        .args(["doctor", "--only", "connectors", "-o", "json"])
        .args(["--gateway-url", gateway_url])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "starts a SQL Gateway from the cached Flink distribution"]
async fn connectors_fail_naming_the_kafka_jar_on_a_gateway_without_it() {
    let mut gateway = start_bare_gateway();
    wait_ready(&mut gateway).await;
    let url = gateway.url.clone();
    let (code, checks) = tokio::task::spawn_blocking(move || doctor(&url))
        .await
        .unwrap();
    assert_eq!(code, 1, "{checks:?}");
    let connectors: Vec<&Value> = checks.iter().filter(|c| c["name"] == "connector").collect();
    assert_eq!(connectors.len(), 2, "{checks:?}");
    for check in connectors {
        assert_eq!(check["status"], "fail", "{check}");
        let detail = check["detail"].as_str().unwrap();
        assert!(
            detail.contains("no factory for 'kafka'")
                && detail.contains("flink-sql-connector-kafka"),
            "{detail}"
        );
        assert_eq!(check["hint"]["hint"], "add-connector-jar");
        assert_eq!(check["hint"]["artifact"], "flink-sql-connector-kafka");
    }

    // The testbed's gateway has the jars: the same check passes there.
    if let Ok(url) = std::env::var("STUDIO_GATEWAY_URL") {
        let (code, checks) = tokio::task::spawn_blocking(move || doctor(&url))
            .await
            .unwrap();
        assert_eq!(code, 0, "{checks:?}");
    }
}
