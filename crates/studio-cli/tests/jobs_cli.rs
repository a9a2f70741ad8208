//! `studio jobs | savepoint | state-size | cluster` without a cluster: errors, exit codes,
//! help, and secrets kept out of every output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn studio(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_studio"))
        .args(args)
        .env_remove("STUDIO_FLINK_URL")
        .env_remove("STUDIO_GATEWAY_URL")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A loopback URL that refuses connections while the returned socket lives: its port is bound
/// but not listening, so no other process can take it meanwhile (a released port could be).
fn dead_url() -> (tokio::net::TcpSocket, String) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    (socket, format!("http://127.0.0.1:{port}"))
}

#[test]
fn unreachable_jobmanager_is_one_line_naming_the_url_with_exit_3() {
    let (_port, url) = dead_url();
    for args in [
        vec!["jobs", "list"],
        vec!["jobs", "show", "0123456789abcdef0123456789abcdef"],
        vec!["state-size"],
        vec!["cluster"],
        vec!["savepoint", "0123456789abcdef0123456789abcdef"],
    ] {
        let mut all = args.clone();
        all.extend(["--flink-url", &url]);
        let (code, _, err) = studio(&all);
        assert_eq!(code, Some(3), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("error: cannot reach the JobManager at {url}")),
            "{err}"
        );
        assert!(
            err.contains("port-forward") && err.contains("studio ui"),
            "{err}"
        );
    }
}

#[test]
fn bad_job_id_is_a_usage_error() {
    let (_port, url) = dead_url();
    let (code, _, err) = studio(&["jobs", "show", "not-a-job", "--flink-url", &url]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("invalid job id `not-a-job`"), "{err}");
}

#[test]
fn every_command_documents_the_exit_codes() {
    for args in [
        vec!["jobs", "--help"],
        vec!["jobs", "stop", "--help"],
        vec!["savepoint", "--help"],
        vec!["state-size", "--help"],
        vec!["cluster", "--help"],
        vec!["sql", "--help"],
        vec!["local", "--help"],
    ] {
        let (code, out, _) = studio(&args);
        assert_eq!(code, Some(0));
        assert!(out.contains("Exit codes:"), "{args:?}: {out}");
        assert!(out.contains("  8    a state-size"), "{args:?}: {out}");
    }
}

#[test]
fn secrets_of_connection_flags_never_appear() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "Tok-9f3e-never-shown\n").unwrap();
    let password = dir.path().join("password");
    std::fs::write(&password, "Pw-71aa-never-shown").unwrap();
    let (_port, url) = dead_url();
    let runs: Vec<Vec<String>> = vec![
        vec![
            "sql".into(),
            "--sql".into(),
            "SELECT 1".into(),
            "-vv".into(),
            "--sql-gateway-url".into(),
            url.clone(),
            "--bearer-token-file".into(),
            token.display().to_string(),
            "--header".into(),
            "X-Api-Key: Hdr-55c1-never-shown".into(),
        ],
        vec![
            "jobs".into(),
            "list".into(),
            "--flink-url".into(),
            url.clone(),
            "--basic-user".into(),
            "studio".into(),
            "--basic-password-file".into(),
            password.display().to_string(),
            "--header".into(),
            "X-Api-Key: Hdr-55c1-never-shown".into(),
        ],
        vec![
            "jobs".into(),
            "list".into(),
            "--flink-url".into(),
            url.clone(),
            "--header".into(),
            "X-Bad: Hdr-55c1-never-shown\u{7f}".into(),
        ],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = studio(&args);
        assert_ne!(code, Some(0), "{args:?}");
        let all = format!("{out}{err}");
        for secret in ["Tok-9f3e", "Pw-71aa", "Hdr-55c1"] {
            assert!(!all.contains(secret), "{secret} leaked by {args:?}: {all}");
        }
    }
}

#[test]
fn insecure_skip_verify_warns_loudly() {
    let (_port, url) = dead_url();
    let (_, _, err) = studio(&["cluster", "--flink-url", &url, "--insecure-skip-verify"]);
    assert!(
        err.contains("WARNING: --insecure-skip-verify") && err.contains("NOT verified"),
        "{err}"
    );
}
