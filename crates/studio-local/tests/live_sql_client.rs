//! Live test of Flink's own SQL Client in gateway mode against the testbed's gateway.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use studio_local::pins::FlinkPins;
use studio_local::progress::Silent;
use studio_local::{default_cache_dir, sql_client};

#[test]
#[ignore = "needs a running stack (cargo xtask testbed up) and the cached SQL Client jar"]
fn flink_sql_client_runs_a_script_through_the_gateway() {
    let url = std::env::var("STUDIO_GATEWAY_URL").expect("STUDIO_GATEWAY_URL is not set");
    let version = std::env::var("STUDIO_FLINK_VERSION").unwrap_or_else(|_| "2.0.0".into());
    let pins = FlinkPins::find(&version).unwrap();
    let client = sql_client::ensure(&default_cache_dir().unwrap(), &pins, &Silent).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("a.sql");
    std::fs::write(
        &script,
        "SET 'execution.runtime-mode' = 'batch';\nSELECT 41 + 1 AS answer, 'x' AS s;\n",
    )
    .unwrap();
    let out = client
        .gateway_command(&sql_client::java_command(), &url, &script)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("| answer | s |"), "{stdout}");
    assert!(stdout.contains("|     42 | x |"), "{stdout}");
}
