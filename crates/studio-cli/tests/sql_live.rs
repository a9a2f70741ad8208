//! Live tests of `flink-sql-executor` against the local stack (real Flink, SQL Gateway, Kafka).
//!
//! Run with `set -a; . target/testbed/env; set +a; cargo test -p studio-cli --test sql_live -- --ignored`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

#[path = "support/stack.rs"]
mod stack;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use stack::{env, run, unique};

const SECRET: &str = "Live-Secret-Value-4c2e91";

/// The cluster has few slots: run live tests one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/pipelines")
}

fn executor() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("flink-sql-executor"));
    cmd.env("STUDIO_GATEWAY_URL", env("STUDIO_GATEWAY_URL"));
    cmd
}

/// The state of the job with this name (the newest one), if any.
fn job_state(name: &str) -> Option<String> {
    stack::newest_job(name).and_then(|j| j["state"].as_str().map(str::to_owned))
}

/// Polls (bounded) until the job reaches one of `states`; returns the last state seen.
fn wait_job_state(name: &str, states: &[&str], limit: Duration) -> Option<String> {
    stack::poll(
        limit,
        Duration::from_millis(500),
        || job_state(name),
        |s| states.contains(&s.as_str()),
    )
}

/// Waits (bounded) for the job named `name` to end, and fails unless it was cancelled.
fn assert_job_cancelled(name: &str) {
    let state = wait_job_state(
        name,
        &["CANCELED", "FINISHED", "FAILED"],
        Duration::from_secs(30),
    );
    assert_eq!(
        state.as_deref(),
        Some("CANCELED"),
        "job {name} ended as {state:?}, not CANCELED"
    );
}

const UNBOUNDED: &str = "CREATE TEMPORARY TABLE gen (id BIGINT, word STRING) WITH (\
    'connector' = 'datagen', 'rows-per-second' = '20', 'fields.word.length' = '3')";

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn output_modes_render_the_changelog() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A bounded aggregation whose changelog has -U/+U rows: 6 rows over 2 keys.
    let sql = "SET 'parallelism.default' = '1';\
        SELECT k, COUNT(*) AS c FROM (VALUES ('a'), ('b'), ('a'), ('a'), ('b'), ('a')) AS t(k) GROUP BY k";
    let (code, out, _) = run(executor().args(["--sql", sql, "-o", "changelog"]));
    assert_eq!(code, Some(0));
    assert!(
        out.lines().next().unwrap().starts_with("op | k | c"),
        "{out}"
    );
    assert!(
        out.contains("-U | a |") && out.contains("+U | a | 4"),
        "{out}"
    );

    let (code, out, _) = run(executor().args(["--sql", sql, "-o", "table"]));
    assert_eq!(code, Some(0));
    assert!(
        out.contains("| a | 4 |") && out.contains("| b | 2 |") && out.contains("2 rows"),
        "{out}"
    );
    assert!(
        !out.contains("| a | 3 |"),
        "retracted row still shown:\n{out}"
    );

    let (code, out, _) = run(executor().args(["--sql", sql, "-o", "json"]));
    assert_eq!(code, Some(0));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.iter().any(|r| r["op"] == "-U"), "{out}");
    let last_a = rows.iter().rev().find(|r| r["k"] == "a").unwrap();
    assert_eq!(
        (last_a["op"].as_str(), last_a["c"].as_i64()),
        (Some("+U"), Some(4))
    );

    let (code, out, _) = run(executor().args(["--sql", sql, "-o", "csv"]));
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().next(), Some("op,k,c"));
    assert!(out.lines().any(|l| l == "+U,a,4"), "{out}");
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn max_rows_and_timeout_truncate_and_cancel_the_job() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let name = unique("maxrows");
    let sql = format!("SET 'pipeline.name' = '{name}'; {UNBOUNDED}; SELECT id, word FROM gen");
    let (code, out, err) = run(executor().args(["--sql", &sql, "-o", "json", "--max-rows", "5"]));
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(
        err.contains("truncated after 5 row(s) by the row limit (5)"),
        "{err}"
    );
    assert!(
        err.contains("hint: statement 3: --max-rows 5 ended it"),
        "{err}"
    );
    assert_job_cancelled(&name);

    let name = unique("timeout");
    let sql = format!("SET 'pipeline.name' = '{name}'; {UNBOUNDED}; SELECT id, word FROM gen");
    let started = Instant::now();
    let (code, _, err) = run(executor().args(["--sql", &sql, "-o", "csv", "--timeout", "8s"]));
    assert_eq!(code, Some(4), "{err}");
    assert!(err.contains("by the time limit (8.0s)"), "{err}");
    assert!(err.contains("--timeout 8s ended it"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_job_cancelled(&name);
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn ctrl_c_cancels_the_job_and_exits_130() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let name = unique("ctrlc");
    let sql = format!("SET 'pipeline.name' = '{name}'; {UNBOUNDED}; SELECT id, word FROM gen");
    let mut child: Child = executor()
        .args(["--sql", &sql, "-o", "changelog"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (bounded) for the first result rows, so the job is running.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut got_rows = 0;
    let deadline = Instant::now() + Duration::from_secs(90);
    while got_rows < 3 && Instant::now() < deadline {
        if rx.recv_timeout(Duration::from_secs(1)).is_ok() {
            got_rows += 1;
        }
    }
    assert!(got_rows >= 3, "no rows before the deadline");
    assert_eq!(job_state(&name).as_deref(), Some("RUNNING"));

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "executor did not exit after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    eprintln!("{err}");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_job_cancelled(&name);
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn wait_follows_a_bounded_insert_to_the_end() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let name = unique("wait");
    let sql = format!(
        "SET 'pipeline.name' = '{name}';\
         CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '500', 'rows-per-second' = '200');\
         CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');\
         INSERT INTO sink SELECT id FROM src"
    );
    let (code, _, err) = run(executor().args(["--sql", &sql, "--wait"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("submitted job") && err.contains("finished"),
        "{err}"
    );
    // With --wait the job is already over when the executor returns.
    assert_eq!(job_state(&name).as_deref(), Some("FINISHED"));
    let summary = err
        .lines()
        .find(|l| l.starts_with("    4  "))
        .unwrap_or_default()
        .to_owned();
    assert!(summary.contains("job "), "summary lacks the job id: {err}");
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn failing_statement_names_file_line_and_root_cause() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.sql");
    std::fs::write(&file, "SET 'parallelism.default' = '1';\n\n-- the next one fails\nSELECT *\n  FROM table_that_does_not_exist;\nSELECT 1;\n").unwrap();
    let (code, _, err) = run(executor().arg(&file));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("{}:4", file.display())), "{err}");
    assert!(err.contains("  SELECT *"), "{err}");
    let cause = err.lines().find(|l| l.contains("root cause:")).unwrap();
    assert!(
        cause.contains("table_that_does_not_exist") && cause.contains("not found"),
        "{cause}"
    );
    assert!(
        !err.contains("\tat org.apache"),
        "trace printed without -v: {err}"
    );
    assert!(
        err.contains("run with -v for the full server trace"),
        "{err}"
    );
    assert!(
        err.contains("skipped"),
        "fail-fast did not skip the rest: {err}"
    );
    // -v shows the full trace; --continue-on-error runs the last statement.
    let (code, out, err) =
        run(executor()
            .arg(&file)
            .args(["-v", "--continue-on-error", "-o", "csv"]));
    assert_eq!(code, Some(1));
    assert!(err.contains("Caused by:"), "{err}");
    assert!(!err.contains("run with -v"), "{err}");
    assert!(out.lines().any(|l| l == "+I,1"), "{out}");
}

fn kafka_args(cmd: &mut Command) -> &mut Command {
    cmd.arg("--env-file")
        .arg(examples().join("local.env"))
        .args([
            "--var",
            &format!("KAFKA_BOOTSTRAP={}", env("STUDIO_KAFKA_BOOTSTRAP")),
        ])
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn kafka_round_trip_of_the_examples() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let topic = unique("behavior");
    let (code, out, err) = run(kafka_args(&mut executor())
        .args([
            "--var",
            &format!("BEHAVIOR_TOPIC={topic}"),
            "--wait",
            "-o",
            "json",
        ])
        .arg(examples().join("kafka-json-sink.sql")));
    assert_eq!(code, Some(0), "{err}");
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(
        (
            last["events"].as_i64(),
            last["first_user"].as_i64(),
            last["last_user"].as_i64()
        ),
        (Some(50), Some(1), Some(50)),
        "{out}"
    );

    let topic = unique("orders");
    let (code, out, err) = run(kafka_args(&mut executor())
        .args([
            "--var",
            &format!("ORDERS_TOPIC={topic}"),
            "--wait",
            "-o",
            "json",
        ])
        .arg(examples().join("kafka-avro-windowed.sql")));
    assert_eq!(code, Some(0), "{err}");
    let windows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let total: i64 = windows
        .iter()
        .filter(|w| w["op"] == "+I")
        .map(|w| w["orders"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 60, "{out}");
    assert!(
        windows
            .iter()
            .all(|w| w["window_start"].is_string() && w["window_end"].is_string()),
        "{out}"
    );
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn quickstart_runs_as_the_demo_does() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (code, out, err) = run(executor()
        .arg(examples().join("quickstart.sql"))
        .args(["-o", "table"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("customer_id") && out.contains("total_amount"),
        "{out}"
    );
    assert!(out.contains("5 rows"), "{out}");
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn secret_values_never_appear_in_any_output() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("secret.env");
    std::fs::write(
        &env_file,
        format!("KAFKA_PASSWORD={SECRET}\nSERVICE_TOKEN=tok-{SECRET}\n"),
    )
    .unwrap();
    let echo = dir.path().join("echo.sql");
    std::fs::write(
        &echo,
        "SELECT '${SERVICE_TOKEN}' AS token, '${KAFKA_PASSWORD}' AS pw;\n",
    )
    .unwrap();
    let failing = dir.path().join("fail.sql");
    std::fs::write(&failing, "SELECT '${KAFKA_PASSWORD}' FROM missing_table_with_secret;\nCREATE TABLE x (a INT) WITH ('connector' = 'no-such-connector', 'password' = '${KAFKA_PASSWORD}');\nINSERT INTO x VALUES (1);\n").unwrap();
    let topic = unique("secret");
    let mut transcripts = Vec::new();
    let mut runs: Vec<Command> = Vec::new();
    for extra in [
        vec!["--dry-run"],
        vec!["--dry-run", "-o", "json"],
        vec!["--wait", "-o", "json"],
        vec!["--validate"],
    ] {
        let mut cmd = executor();
        kafka_args(&mut cmd)
            .arg("--env-file")
            .arg(&env_file)
            .args(["--var", &format!("BEHAVIOR_TOPIC={topic}")])
            .args(extra)
            .arg(examples().join("kafka-json-sink.sql"));
        runs.push(cmd);
    }
    for output in ["table", "json", "csv", "changelog"] {
        let mut cmd = executor();
        cmd.arg("--env-file")
            .arg(&env_file)
            .args(["-o", output])
            .arg(&echo);
        runs.push(cmd);
    }
    for verbose in [false, true] {
        let mut cmd = executor();
        cmd.arg("--env-file")
            .arg(&env_file)
            .arg("--continue-on-error")
            .arg(&failing);
        if verbose {
            cmd.arg("-vv");
        }
        runs.push(cmd);
    }
    for mut cmd in runs {
        let (code, out, err) = run(&mut cmd);
        transcripts.push((code, format!("{out}{err}")));
    }
    for (code, text) in &transcripts {
        assert!(
            !text.contains(SECRET),
            "secret leaked (exit {code:?}):\n{text}"
        );
    }
    // The runs really did something: the echo query printed masked values, the
    // failing file failed, and the Kafka pipeline ran.
    assert!(
        transcripts
            .iter()
            .any(|(c, t)| *c == Some(0) && t.contains(r#"{"op":"+I","token":"***","pw":"***"}"#)),
        "the echo query did not print masked values"
    );
    assert!(transcripts.iter().any(|(c, _)| *c == Some(1)));
    assert!(
        transcripts
            .iter()
            .any(|(c, t)| *c == Some(0) && t.contains("\"events\":50"))
    );
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn validate_starts_no_job_and_catches_errors() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let name = unique("validate");
    let sql = format!(
        "SET 'pipeline.name' = '{name}';\
         CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\
         CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');\
         INSERT INTO sink SELECT id FROM src;\
         SELECT id FROM src"
    );
    let (code, _, err) = run(executor().args(["--sql", &sql, "--validate"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("valid (explained)"), "{err}");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(job_state(&name), None, "validation started a job");
    let (code, _, err) = run(executor().args([
        "--sql",
        "SELECT nope FROM (VALUES (1)) AS t(x)",
        "--validate",
    ]));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("root cause:") && err.contains("nope"), "{err}");
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn statement_sets_in_both_forms_run_as_one_job() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for (form, body) in [
        (
            "execute",
            "EXECUTE STATEMENT SET BEGIN\n  INSERT INTO a SELECT id FROM src;\n  INSERT INTO b SELECT id FROM src WHERE id > 0;\nEND;",
        ),
        (
            "begin",
            "BEGIN STATEMENT SET;\nINSERT INTO a SELECT id FROM src;\nINSERT INTO b SELECT id FROM src WHERE id > 0;\nEND;",
        ),
    ] {
        let name = unique(form);
        let sql = format!(
            "SET 'pipeline.name' = '{name}';\n\
             CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100');\n\
             CREATE TEMPORARY TABLE a (id BIGINT) WITH ('connector' = 'blackhole');\n\
             CREATE TEMPORARY TABLE b (id BIGINT) WITH ('connector' = 'blackhole');\n{body}"
        );
        let (code, _, err) = run(executor().args(["--sql", &sql, "--wait"]));
        assert_eq!(code, Some(0), "{form}: {err}");
        assert!(
            err.contains("statement_set") && err.contains("finished"),
            "{form}: {err}"
        );
        assert_eq!(err.matches("submitted job").count(), 1, "{form}: {err}");
        assert_eq!(job_state(&name).as_deref(), Some("FINISHED"), "{form}");
    }
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn closed_stdout_stops_the_query_quietly() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let name = unique("pipe");
    let sql = format!("SET 'pipeline.name' = '{name}'; {UNBOUNDED}; SELECT id, word FROM gen");
    // Like `flink-sql-executor ... | head -n 3`.
    let mut child = executor()
        .args(["--sql", &sql, "-o", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0);
    }
    drop(reader);
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "executor kept running after its reader left"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(0));
    assert_job_cancelled(&name);
}
