//! Live tests against the local stack (`cargo xtask testbed up`): a real Flink JobManager and
//! SQL Gateway on loopback. Run with `cargo test -p flink-rest -- --ignored` after
//! `set -a; . target/testbed/env; set +a`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use flink_rest::{
    Client, Error, JobId, JobStatus, PollOptions, SavepointFormat, SavepointStatus,
    StopWithSavepoint, TriggerSavepoint,
};
use serde_json::{Value, json};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set; start the stack with `cargo xtask testbed up` and export target/testbed/env")
    })
}

fn flink() -> Client {
    Client::builder(env("STUDIO_FLINK_REST_URL"))
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A published spec, through the project's one specs resolver.
fn spec(path: &str) -> String {
    let path = studio_specs::resolve(path).unwrap_or_else(|e| panic!("{e}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Minimal SQL Gateway driver (plain reqwest, so this crate's tests do not depend on the
/// gateway client crate).
struct Gateway {
    http: reqwest::Client,
    base: String,
    session: String,
}

impl Gateway {
    async fn open(properties: Value) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let base = env("STUDIO_GATEWAY_URL").trim_end_matches('/').to_owned();
        let resp: Value = http
            .post(format!("{base}/v1/sessions"))
            .json(&json!({ "properties": properties, "sessionName": "flink-rest-live" }))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = resp["sessionHandle"].as_str().unwrap().to_owned();
        Self {
            http,
            base,
            session,
        }
    }

    /// Executes a statement and polls its first result page until it is ready (bounded).
    async fn run(&self, statement: &str) -> Value {
        let resp = self
            .http
            .post(format!(
                "{}/v1/sessions/{}/statements",
                self.base, self.session
            ))
            .json(&json!({ "statement": statement }))
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let body: Value = resp.json().await.unwrap();
        assert!(status.is_success(), "{statement}: HTTP {status}: {body}");
        let op = body["operationHandle"].as_str().unwrap().to_owned();
        let url = format!(
            "{}/v1/sessions/{}/operations/{op}/result/0",
            self.base, self.session
        );
        let deadline = Instant::now() + Duration::from_secs(90);
        for _ in 0..300 {
            let resp = self.http.get(&url).send().await.unwrap();
            let status = resp.status();
            let page: Value = resp.json().await.unwrap();
            assert!(status.is_success(), "{statement}: HTTP {status}: {page}");
            if page["resultType"] != "NOT_READY" {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "{statement}: result not ready in 90 s"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        panic!("{statement}: result not ready after 300 polls")
    }

    async fn close(&self) {
        let _ = self
            .http
            .delete(format!("{}/v1/sessions/{}", self.base, self.session))
            .send()
            .await;
    }
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn overview_shows_taskmanagers_with_free_slots_and_pinned_version() {
    let pinned = env("STUDIO_FLINK_VERSION");
    let client = flink();

    let overview = client.overview().await.unwrap();
    assert!(overview.taskmanagers >= 1, "{overview:?}");
    assert!(overview.slots_total >= 1, "{overview:?}");
    assert!(overview.slots_available >= 1, "no free slot: {overview:?}");
    assert_eq!(overview.flink_version, pinned);

    let config = client.config().await.unwrap();
    assert_eq!(config.flink_version, pinned);

    let tms = client.taskmanagers().list().await.unwrap();
    assert_eq!(tms.len() as u32, overview.taskmanagers);
    let total: u32 = tms.iter().map(|t| t.slots_number).sum();
    assert_eq!(total, overview.slots_total);
    assert!(tms.iter().any(|t| t.free_slots >= 1), "{tms:?}");

    let details = client.taskmanagers().get(&tms[0].id).await.unwrap();
    assert_eq!(details.info.id, tms[0].id);
    assert_eq!(details.info.slots_number, tms[0].slots_number);
    assert!(details.metrics.is_some());
}

/// Records where the live server differs from `rest_v1_dispatcher.yml` (all tolerated by the
/// client types; see the field docs).
#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn spec_vs_server_unknown_taskmanager_is_500_not_404() {
    // The spec lists only a 200 response; the server answers an unknown id with HTTP 500 and
    // `["Internal server error.", "<Exception on server side: …>"]`. The client reports the
    // wrapped exception as the root cause.
    let err = flink()
        .taskmanagers()
        .get("no-such-taskmanager")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    assert!(
        err.root_cause()
            .starts_with("No TaskExecutor registered under no-such-taskmanager"),
        "{}",
        err.root_cause()
    );
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn unknown_job_is_a_404_with_one_line_root_cause() {
    let client = flink();
    let job = JobId::new("0123456789abcdef0123456789abcdef").unwrap();
    let err = client.jobs().get(&job).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.root_cause()
            .contains("0123456789abcdef0123456789abcdef")
            && !err.root_cause().contains("\tat "),
        "{}",
        err.root_cause()
    );
    let Error::Api { errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        errors[0].contains("\tat org.apache.flink"),
        "full trace kept"
    );

    let err = client.jobs().cancel(&job).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.root_cause().contains("Could not find Flink job")
            && !err.root_cause().contains("Exception"),
        "{}",
        err.root_cause()
    );
}

/// Records where the live server differs from `rest_v1_dispatcher.yml` (all tolerated by the
/// client types; see the field docs).
#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn spec_vs_server_differences_for_taskmanagers() {
    let spec = spec("flink/rest_v1_dispatcher.yml");
    // Read through the crate's types: they must carry what the server really sends.
    let taskmanagers = flink().taskmanagers().list().await.unwrap();
    let tm = taskmanagers.first().expect("no TaskManager registered");

    // 1. Spec: ResourceID "32-character hexadecimal string"; server: host:port-suffix.
    assert!(spec.contains("32-character hexadecimal string that identifies a task manager"));
    assert!(
        JobId::new(&tm.id).is_err(),
        "TaskManager id {} unexpectedly is 32 hex",
        tm.id
    );

    // 2. `timeSinceLastHeartbeat` is the epoch time in ms of the last heartbeat, not a
    //    duration; right after a TaskManager registers it is 0 (no heartbeat yet).
    let hb = tm.time_since_last_heartbeat;
    assert!(hb == 0 || hb > 1_600_000_000_000, "{hb}");
}

async fn wait_for_completed_checkpoint(client: &Client, job: &JobId) -> flink_rest::StateSize {
    let deadline = Instant::now() + Duration::from_secs(60);
    for _ in 0..240 {
        if let Some(size) = client.checkpoints().state_size(job).await.unwrap() {
            return size;
        }
        assert!(
            Instant::now() < deadline,
            "no completed checkpoint within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("no completed checkpoint after 240 polls")
}

/// Starts a stateful datagen → blackhole job through the SQL Gateway, checkpointing every second.
async fn start_job(pipeline: &str) -> (Gateway, JobId) {
    let gateway = Gateway::open(json!({
        "execution.checkpointing.interval": "1s",
        "pipeline.name": pipeline,
        "parallelism.default": "1",
    }))
    .await;
    gateway
        .run(
            "CREATE TEMPORARY TABLE flink_rest_src (id BIGINT, v STRING) \
             WITH ('connector' = 'datagen', 'rows-per-second' = '20')",
        )
        .await;
    gateway
        .run(
            "CREATE TEMPORARY TABLE flink_rest_sink (id BIGINT, v STRING) \
             WITH ('connector' = 'blackhole')",
        )
        .await;
    // A grouped aggregation keeps keyed state, so checkpoints have a non-zero state size.
    let page = gateway
        .run(
            "INSERT INTO flink_rest_sink \
             SELECT id % 50, MAX(v) FROM flink_rest_src GROUP BY id % 50",
        )
        .await;
    let job = page["jobID"]
        .as_str()
        .unwrap_or_else(|| panic!("no jobID in {page}"));
    (gateway, JobId::new(job).unwrap())
}

/// Runs `checks` in a task so the job is cancelled (and the session closed) even when an
/// assertion fails, then re-raises the failure.
async fn with_job<F, Fut>(pipeline: &str, checks: F)
where
    F: FnOnce(Client, JobId) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let client = flink();
    let (gateway, job) = start_job(pipeline).await;
    let outcome = tokio::spawn(checks(client.clone(), job.clone())).await;
    if outcome.is_err() {
        let _ = client.jobs().cancel(&job).await;
    }
    gateway.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn job_lifecycle_checkpoints_savepoint_cancel() {
    let pipeline = format!("flink-rest-live-{}", std::process::id());
    let name = pipeline.clone();
    with_job(&pipeline, |client, job| async move {
        lifecycle_checks(&client, &job, &name).await
    })
    .await;
}

#[tokio::test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
async fn stop_with_savepoint_finishes_the_job() {
    let pipeline = format!("flink-rest-live-stop-{}", std::process::id());
    with_job(&pipeline, |client, job| async move {
        let poll = PollOptions::new(Duration::from_secs(60), Duration::from_millis(250));
        let status = client
            .jobs()
            .wait_for_status(
                &job,
                |s| *s == JobStatus::Running || s.is_globally_terminal(),
                &poll,
            )
            .await
            .unwrap();
        assert_eq!(status, JobStatus::Running);
        // Stop needs running tasks, not just a RUNNING job: wait for a first checkpoint.
        wait_for_completed_checkpoint(&client, &job).await;

        let dir = tempfile::tempdir().unwrap();
        let req = StopWithSavepoint::to_dir(format!("file://{}", dir.path().display()))
            .format(SavepointFormat::Native);
        let trigger = client.jobs().stop_with_savepoint(&job, &req).await.unwrap();
        let location = client
            .savepoints()
            .wait(&job, &trigger, &poll)
            .await
            .unwrap();
        let local = PathBuf::from(location.strip_prefix("file:").unwrap_or(&location));
        assert!(local.join("_metadata").is_file(), "{location}");
        let status = client
            .jobs()
            .wait_for_status(&job, JobStatus::is_globally_terminal, &poll)
            .await
            .unwrap();
        assert_eq!(status, JobStatus::Finished);
        // Cancelling a job that ended otherwise is refused with 409.
        let err = client.jobs().cancel(&job).await.unwrap_err();
        assert_eq!(err.status(), Some(409), "{err:?}");
        assert!(
            err.root_cause().contains("terminal state (FINISHED)"),
            "{}",
            err.root_cause()
        );

        // Checkpoint statistics are cached by the server (rest.cache.checkpoint-statistics.timeout,
        // 3 s by default), so the savepoint shows up with a delay.
        let deadline = Instant::now() + Duration::from_secs(20);
        let sp = loop {
            let stats = client.checkpoints().stats(&job).await.unwrap();
            if let Some(sp) = stats.latest.savepoint {
                break sp;
            }
            assert!(
                Instant::now() < deadline,
                "savepoint not in checkpoint stats after 20 s"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        assert!(sp.is_savepoint);
        assert_eq!(sp.checkpoint_type.as_deref(), Some("SYNC_SAVEPOINT"));
        assert_eq!(sp.external_path.as_deref(), Some(location.as_str()));
        assert_eq!(sp.savepoint_format.as_deref(), Some("NATIVE"));
    })
    .await;
}

async fn lifecycle_checks(client: &Client, job: &JobId, pipeline: &str) {
    let poll = PollOptions::new(Duration::from_secs(60), Duration::from_millis(250));

    // RUNNING via status, list and get.
    let status = client
        .jobs()
        .wait_for_status(
            job,
            |s| *s == JobStatus::Running || s.is_globally_terminal(),
            &poll,
        )
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Running);
    let listed = client.jobs().list().await.unwrap();
    let mine = listed.iter().find(|j| &j.jid == job).expect("job in list");
    assert_eq!(mine.state, JobStatus::Running);
    assert_eq!(mine.name, pipeline);
    let details = client.jobs().get(job).await.unwrap();
    assert_eq!(details.state, JobStatus::Running);
    assert_eq!(details.job_type.as_deref(), Some("STREAMING"));
    assert!(!details.vertices.is_empty());
    assert!(details.timestamps["RUNNING"] > 0);

    // Checkpoints: the session config asked for 1 s.
    let cfg = client.checkpoints().config(job).await.unwrap();
    assert_eq!(cfg.interval, 1000, "{cfg:?}");
    assert!(cfg.is_periodic());
    let size = wait_for_completed_checkpoint(client, job).await;
    assert_eq!(&size.job_id, job);
    assert!(size.checkpoint_id >= 1);
    assert!(size.completed_checkpoints >= 1);
    assert!(size.completed_at > 0);
    assert!(
        size.state_size > 0,
        "aggregation keeps keyed state: {size:?}"
    );
    let stats = client.checkpoints().stats(job).await.unwrap();
    assert!(stats.counts.completed >= 1);
    assert!(!stats.history.is_empty());

    // A savepoint into a directory Flink cannot create fails with a one-line root cause.
    let bad = TriggerSavepoint::to_dir("file:///proc/flink-rest-not-writable");
    let trigger = client.savepoints().trigger(job, &bad).await.unwrap();
    let err = client
        .savepoints()
        .wait(job, &trigger, &poll)
        .await
        .unwrap_err();
    let Error::OperationFailed {
        root_cause,
        stack_trace,
        ..
    } = &err
    else {
        panic!("expected OperationFailed, got {err:?}")
    };
    assert!(
        !root_cause.contains("\tat ") && !root_cause.is_empty(),
        "{root_cause}"
    );
    assert!(
        stack_trace.as_deref().is_some_and(|t| t.contains("\tat ")),
        "{err:?}"
    );
    spec_vs_server_savepoint_failure(job, &trigger).await;

    // A real savepoint into a temp dir.
    let dir = tempfile::tempdir().unwrap();
    let target = format!("file://{}", dir.path().display());
    let req = TriggerSavepoint::to_dir(&target).format(SavepointFormat::Canonical);
    let started = Instant::now();
    let trigger = client.savepoints().trigger(job, &req).await.unwrap();
    let location = client
        .savepoints()
        .wait(job, &trigger, &poll)
        .await
        .unwrap();
    eprintln!(
        "state size {} B (checkpoint {}), savepoint in {:?}",
        size.state_size,
        size.checkpoint_id,
        started.elapsed()
    );
    let local = location.strip_prefix("file:").unwrap_or(&location);
    let local = PathBuf::from(local.trim_start_matches("//"));
    assert!(
        local.starts_with(dir.path()),
        "{location} not under {}",
        dir.path().display()
    );
    assert!(
        local.join("_metadata").is_file(),
        "{location} has no _metadata"
    );
    assert_eq!(
        client.savepoints().status(job, &trigger).await.unwrap(),
        SavepointStatus::Completed {
            location: location.clone()
        }
    );
    assert_eq!(client.jobs().status(job).await.unwrap(), JobStatus::Running);

    // Cancel and see CANCELED; cancelling a cancelled job again is accepted (idempotent),
    // unlike cancelling a FINISHED job (409, see the stop-with-savepoint test).
    client.jobs().cancel(job).await.unwrap();
    let status = client
        .jobs()
        .wait_for_status(job, JobStatus::is_globally_terminal, &poll)
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Canceled);
    assert_eq!(
        client.jobs().get(job).await.unwrap().state,
        JobStatus::Canceled
    );
    client.jobs().cancel(job).await.unwrap();

    let exceptions = client.jobs().exceptions(job).await.unwrap();
    assert!(exceptions.latest().is_none(), "{exceptions:?}");
}

/// The spec's `SerializedThrowable` only has `serialized-throwable`; the server also sends
/// `class` and `stack-trace` (used by `FailureCause::root_cause`).
async fn spec_vs_server_savepoint_failure(job: &JobId, trigger: &flink_rest::TriggerId) {
    let spec = spec("flink/rest_v1_dispatcher.yml");
    assert!(spec.contains("serialized-throwable") && !spec.contains("stack-trace"));
    let raw: Value = reqwest::Client::new()
        .get(format!(
            "{}/v1/jobs/{job}/savepoints/{trigger}",
            env("STUDIO_FLINK_REST_URL").trim_end_matches('/')
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cause = &raw["operation"]["failure-cause"];
    assert!(cause["class"].is_string(), "{raw}");
    assert!(cause["stack-trace"].is_string(), "{raw}");
    assert!(cause["serialized-throwable"].is_string(), "{raw}");
}
