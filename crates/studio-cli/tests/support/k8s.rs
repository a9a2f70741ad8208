//! Helpers of the live tests against the Kubernetes testbed (`cargo xtask testbed up --all`):
//! its variables, unique namespace names, project folders and running `studio`.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The testbed variable `name`; panics with how to set it.
pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run `cargo xtask testbed up --all` and source target/testbed/k8s.env and target/testbed/env")
    })
}

/// `prefix` made unique across runs and processes (a valid namespace name).
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// A project folder with `studio.yaml`: the GCP example in namespace `ns`, then `edit`ed.
pub fn project(ns: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml");
    let text = std::fs::read_to_string(example)
        .unwrap()
        .replace("namespace: flink-studio", &format!("namespace: {ns}"));
    std::fs::write(dir.path().join("studio.yaml"), edit(text)).unwrap();
    dir
}

/// Runs `cmd` and echoes it with its stdout and stderr; the exit code is -1 on a signal.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    eprintln!("--- {cmd:?}\n--- stdout\n{o}--- stderr\n{e}");
    (out.status.code().unwrap_or(-1), o, e)
}
