//! Helpers of the live tests against the local stack (`cargo xtask testbed up`): its
//! endpoints from `target/testbed/env`, unique job names, running a binary, and the
//! JobManager's REST API.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The testbed variable `name`; panics with how to set it.
pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: start the stack with `cargo xtask testbed up` and `set -a; . target/testbed/env; set +a`")
    })
}

/// `prefix` made unique across runs and processes (a valid Flink job name).
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// Runs `cmd` and echoes its stdout and stderr (not the command line: it may hold secrets).
pub fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out: Output = cmd.output().unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    eprintln!("--- stdout\n{o}--- stderr\n{e}");
    (out.status.code(), o, e)
}

/// Minimal HTTP GET against the JobManager REST API (loopback only).
pub fn rest_get(path: &str) -> serde_json::Value {
    let base = env("STUDIO_FLINK_REST_URL");
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or("");
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// The newest job with this name, as `/jobs/overview` lists it.
pub fn newest_job(name: &str) -> Option<serde_json::Value> {
    let overview = rest_get("/jobs/overview");
    overview["jobs"]
        .as_array()?
        .iter()
        .filter(|j| j["name"].as_str() == Some(name))
        .max_by_key(|j| j["start-time"].as_i64().unwrap_or(0))
        .cloned()
}

/// Polls `probe` every `every` until what it returns is `done`, or `limit` has passed;
/// returns what it returned last.
pub fn poll<T>(
    limit: Duration,
    every: Duration,
    mut probe: impl FnMut() -> Option<T>,
    done: impl Fn(&T) -> bool,
) -> Option<T> {
    let start = Instant::now();
    let mut last = None;
    while start.elapsed() < limit {
        last = probe();
        if last.as_ref().is_some_and(&done) {
            return last;
        }
        std::thread::sleep(every);
    }
    last
}
