//! `flink-sql-executor` / `studio sql` without a gateway: help, usage errors, dry runs,
//! secret masking, and an unreachable gateway.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const SECRET: &str = "Sup3r-Secret-Value-9f81";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/pipelines")
}

fn executor() -> Command {
    let mut cmd = Command::cargo_bin("flink-sql-executor").unwrap();
    cmd.env_remove("STUDIO_GATEWAY_URL");
    cmd
}

fn studio() -> Command {
    let mut cmd = Command::cargo_bin("studio").unwrap();
    cmd.env_remove("STUDIO_GATEWAY_URL");
    cmd
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn help_documents_every_flag_and_exit_code() {
    for mut cmd in [executor(), {
        let mut c = studio();
        c.arg("sql");
        c
    }] {
        let out = cmd.arg("--help").output().unwrap();
        assert!(out.status.success());
        let (stdout, _) = text(&out);
        for flag in [
            "--sql-file",
            "--file",
            "--sql ",
            "--env-file",
            "--sql-gateway-url",
            "--config",
            "--var",
            "--secret",
            "--output",
            "--dry-run",
            "--validate",
            "--wait",
            "--max-rows",
            "--timeout",
            "--continue-on-error",
            "--verbose",
            "STUDIO_GATEWAY_URL",
        ] {
            assert!(stdout.contains(flag), "{flag} missing from help:\n{stdout}");
        }
        for code in ["  0 ", "  1 ", "  2 ", "  3 ", "  4 ", "  130 "] {
            assert!(
                stdout.contains(code),
                "exit code {code} missing from help:\n{stdout}"
            );
        }
    }
}

#[test]
fn dry_run_json_lines_are_masked() {
    let out = executor()
        .args(["--dry-run", "-o", "json", "--env-file"])
        .arg(examples().join("local.env"))
        .args(["--var", &format!("KAFKA_PASSWORD={SECRET}"), "--sql-file"])
        .arg(examples().join("kafka-json-sink.sql"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["index"], 1);
    assert_eq!(lines[0]["kind"], "set");
    assert_eq!(lines[3]["kind"], "insert");
    assert!(
        lines[2]["statement"]
            .as_str()
            .unwrap()
            .contains("password=\"***\"")
    );
    assert!(
        lines[3]["file"]
            .as_str()
            .unwrap()
            .ends_with("kafka-json-sink.sql")
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
}

#[test]
fn seed_flags_work_inline_and_with_file_alias() {
    let out = executor()
        .args(["--sql", "SET 'a' = ';'; SELECT 1", "--dry-run"])
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.contains("-- [1] set <inline>:1") && stdout.contains("-- [2] query <inline>:1"),
        "{stdout}"
    );
    let out = executor()
        .arg("--file")
        .arg(examples().join("quickstart.sql"))
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).0.contains("3 statement(s)"));
}

#[test]
fn input_errors_exit_2_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("bad.sql");
    std::fs::write(&bad_utf8, b"SELECT 1;\nSELECT '\xff';").unwrap();
    let unterminated = dir.path().join("open.sql");
    std::fs::write(&unterminated, "SELECT 1;\n\nSELECT 'never closed;\n").unwrap();
    let bad_env = dir.path().join("bad.env");
    std::fs::write(&bad_env, "A=1\nnot a valid line\n").unwrap();
    let undefined = dir.path().join("vars.sql");
    std::fs::write(
        &undefined,
        "SELECT '${NOPE_A}';\nSELECT '${NOPE_B:?give me B}';",
    )
    .unwrap();
    let missing = dir.path().join("missing.sql");
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![missing.display().to_string()],
            format!("cannot read {}", missing.display()),
        ),
        (
            vec![dir.path().display().to_string()],
            "is a directory".into(),
        ),
        (
            vec![bad_utf8.display().to_string()],
            format!("{}:2: the file is not valid UTF-8", bad_utf8.display()),
        ),
        (
            vec![unterminated.display().to_string()],
            format!("{}:3:", unterminated.display()),
        ),
        (
            vec![
                "--env-file".into(),
                bad_env.display().to_string(),
                "--sql".into(),
                "SELECT 1".into(),
            ],
            format!("{}:2:", bad_env.display()),
        ),
        (
            vec![undefined.display().to_string()],
            format!(
                "{}:1: variable ${{NOPE_A}} is not defined",
                undefined.display()
            ),
        ),
        (
            vec![undefined.display().to_string()],
            format!(
                "{}:2: variable ${{NOPE_B}} is required: give me B",
                undefined.display()
            ),
        ),
        (
            vec![
                "--sql".into(),
                "SELECT 1".into(),
                "--output".into(),
                "xml".into(),
            ],
            "unknown output format `xml`".into(),
        ),
        (vec![], "no SQL given".into()),
    ];
    for (args, expected) in cases {
        let out = executor()
            .args(&args)
            .args(["--sql-gateway-url", "http://127.0.0.1:9"])
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&expected),
            "{args:?}: expected {expected:?} in:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn unreachable_gateway_exits_3() {
    // Port 9 (discard) is closed on loopback in test environments.
    let out = executor()
        .args([
            "--sql",
            "SELECT 1",
            "--sql-gateway-url",
            "http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("http://127.0.0.1:9"), "{stderr}");
}

#[test]
fn config_file_sets_the_gateway_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(
        &config,
        "sql_gateway:\n  url: \"http://127.0.0.1:9\"\nlogging:\n  level: \"INFO\"\n",
    )
    .unwrap();
    let out = executor()
        .args(["--sql", "SELECT 1", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out).1.contains("http://127.0.0.1:9"));
    let out = executor()
        .args([
            "--sql",
            "SELECT 1",
            "--sql-gateway-url",
            "http://127.0.0.1:7",
            "--config",
        ])
        .arg(&config)
        .output()
        .unwrap();
    assert!(text(&out).1.contains("http://127.0.0.1:7"));
    std::fs::write(&config, "logging:\n  level: LOUD\n").unwrap();
    let out = executor()
        .args(["--sql", "SELECT 1", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("logging.level `LOUD`"));
}

#[test]
fn secrets_never_appear_in_dry_runs_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("secret.env");
    std::fs::write(
        &env,
        format!("KAFKA_PASSWORD={SECRET}\nMY_OPAQUE=also-{SECRET}\n"),
    )
    .unwrap();
    let sql = dir.path().join("s.sql");
    std::fs::write(&sql, "CREATE TABLE t (a STRING) WITH ('pw' = '${KAFKA_PASSWORD}', 'o' = '${MY_OPAQUE}');\nSELECT '${KAFKA_PASSWORD}', '${UNDEFINED_ONE}';\n").unwrap();
    let runs: Vec<Vec<String>> = vec![
        vec!["--dry-run".into()],
        vec!["--dry-run".into(), "-o".into(), "json".into()],
        vec![
            "--var".into(),
            "UNDEFINED_ONE=x".into(),
            "--dry-run".into(),
            "-v".into(),
        ],
        vec![],
        vec!["--var".into(), format!("9BAD={SECRET}")],
    ];
    for args in runs {
        let out = executor()
            .arg("--env-file")
            .arg(&env)
            .args([
                "--secret",
                "MY_OPAQUE",
                "--sql-gateway-url",
                "http://127.0.0.1:9",
            ])
            .args(&args)
            .arg(&sql)
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert!(
            !stdout.contains(SECRET) && !stderr.contains(SECRET),
            "{args:?}\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn a_malformed_var_names_the_flag_and_hides_the_value() {
    let mut studio_sql = studio();
    studio_sql.arg("sql");
    for mut cli in [executor(), studio_sql] {
        let out = cli
            .args([
                "--var",
                &format!("9BAD={SECRET}"),
                "--sql",
                "SELECT 1",
                "--dry-run",
            ])
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("--var: invalid variable assignment `9BAD=***`"),
            "{stderr}"
        );
        assert!(!stderr.contains(SECRET), "{stderr}");
    }
}
