//! `studio local up | status | down` against a real stack on ports of its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::time::Duration;

const PORTS: [&str; 8] = [
    "--rest-port",
    "28081",
    "--gateway-port",
    "28083",
    "--kafka-port",
    "29092",
    "--rpc-port",
    "26123",
];

fn studio(state: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_studio"))
        .args(args)
        .arg("--state-dir")
        .arg(state)
        .args(PORTS)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn listening(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(300)).is_ok()
}

fn get(url: &str) -> serde_json::Value {
    let out = Command::new("curl")
        .args(["-sf", "--max-time", "5", url])
        .output()
        .unwrap();
    assert!(out.status.success(), "GET {url} failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "live: starts its own local stack (needs Java 17, and downloads once into ~/.cache/flink-studio)"]
fn up_twice_status_down_twice() {
    let state = tempfile::tempdir().unwrap();
    let up = studio(state.path(), &["local", "up"]);
    assert!(up.status.success(), "up failed:\n{}", text(&up));

    let info = get("http://127.0.0.1:28083/v1/info");
    assert_eq!(info["productName"], "Apache Flink");
    assert!(
        get("http://127.0.0.1:28081/overview")["taskmanagers"]
            .as_u64()
            .unwrap()
            >= 1
    );

    let again = studio(state.path(), &["local", "up"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        text(&again).contains("already running"),
        "second up is a no-op:\n{}",
        text(&again)
    );

    let demo = studio(state.path(), &["local", "demo"]);
    assert!(demo.status.success(), "demo failed:\n{}", text(&demo));
    let shown = text(&demo);
    assert!(
        shown.contains("already running")
            && shown.contains("| customer_id | orders | total_amount |"),
        "{shown}"
    );
    assert!(
        shown.contains("5 rows"),
        "the quickstart groups into 5 customers:\n{shown}"
    );

    let status = studio(state.path(), &["local", "status", "--output", "json"]);
    assert!(status.status.success(), "{}", text(&status));
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["running"], true);
    let pids: Vec<u64> = status["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["pid"].as_u64().unwrap())
        .collect();
    assert_eq!(
        pids.len(),
        4,
        "kafka, jobmanager, taskmanager, gateway: {status}"
    );

    // Kill the gateway: status says so (exit 11); `up` restarts only it.
    let by_name = |status: &serde_json::Value, name: &str| {
        status["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["pid"]
            .as_u64()
            .unwrap()
    };
    let gateway_pid = by_name(&status, "gateway");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(gateway_pid).unwrap()),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    let start = std::time::Instant::now();
    while listening(28083) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "gateway still up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let degraded = studio(state.path(), &["local", "status"]);
    assert_eq!(degraded.status.code(), Some(11), "{}", text(&degraded));
    assert!(
        text(&degraded).contains("not healthy: gateway"),
        "{}",
        text(&degraded)
    );
    let healed = studio(state.path(), &["local", "up"]);
    assert!(healed.status.success(), "{}", text(&healed));
    assert!(
        text(&healed)
            .contains("restarted gateway (kept running: kafka, jobmanager, taskmanager-1)"),
        "{}",
        text(&healed)
    );
    let after = studio(state.path(), &["local", "status", "--output", "json"]);
    assert!(
        after.status.success(),
        "all healthy again: {}",
        text(&after)
    );
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert_eq!(after["running"], true);
    for name in ["kafka", "jobmanager", "taskmanager-1"] {
        assert_eq!(by_name(&after, name), by_name(&status, name), "{name} kept");
    }
    assert_ne!(by_name(&after, "gateway"), gateway_pid, "gateway restarted");
    assert_eq!(
        get("http://127.0.0.1:28083/v1/info")["productName"],
        "Apache Flink"
    );
    let pids: Vec<u64> = after["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["pid"].as_u64().unwrap())
        .collect();

    let down = studio(state.path(), &["local", "down"]);
    assert!(down.status.success(), "{}", text(&down));
    assert!(
        !text(&down).contains("Stopped"),
        "names, not Debug: {}",
        text(&down)
    );
    for pid in pids {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(
            stat.is_empty() || stat.contains(") Z "),
            "pid {pid} still runs after down"
        );
    }
    for port in [28081, 28083, 29092, 29093, 26123] {
        assert!(!listening(port), "port {port} still open after down");
    }
    let twice = studio(state.path(), &["local", "down"]);
    assert!(
        twice.status.success(),
        "down is safe to run twice: {}",
        text(&twice)
    );
}

#[test]
fn busy_port_fails_with_its_number() {
    let state = tempfile::tempdir().unwrap();
    let holder = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_studio"))
        .args([
            "local",
            "up",
            "--no-kafka",
            "--rest-port",
            &port,
            "--state-dir",
        ])
        .arg(state.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains(&format!("port {port} (Flink REST) is already in use")),
        "{msg}"
    );
    assert!(
        !state.path().join("stack.json").exists(),
        "nothing was started"
    );
}

#[test]
fn status_of_a_stopped_stack_says_so() {
    let state = tempfile::tempdir().unwrap();
    let out = studio(state.path(), &["local", "status", "--output", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["running"], false);
}

#[test]
fn logs_end_quietly_when_the_reader_goes_away() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let state = tempfile::tempdir().unwrap();
    let log_dir = state.path().join("log");
    std::fs::create_dir_all(&log_dir).unwrap();
    let log = log_dir.join("gateway.log");
    std::fs::write(&log, "a log line that repeats\n".repeat(200_000)).unwrap();
    let record = serde_json::json!({
        "flink_version": "2.0.0", "taskmanagers": 1, "kafka_libs": null,
        "components": [{"name": "gateway", "kind": "sql_gateway", "pid": 1, "log": log, "port": 8083}],
    });
    std::fs::write(state.path().join("stack.json"), record.to_string()).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_studio"))
        .args(["local", "logs", "gateway", "-n", "200000", "--state-dir"])
        .arg(state.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("==> gateway"), "{first}");
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
