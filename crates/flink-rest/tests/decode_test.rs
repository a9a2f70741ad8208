//! Decoding of response bodies shaped like `rest_v1_dispatcher.yml` (plus what real servers add).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use flink_rest::{
    CheckpointConfig, CheckpointStatsStatus, CheckpointingStatistics, ClusterOverview,
    DashboardConfig, JobDetails, JobExceptions, JobOverview, JobStatus, TaskManagerDetails,
    TaskManagerInfo,
};
use serde::Deserialize;

fn decode<T: for<'de> Deserialize<'de>>(json: &str) -> T {
    let mut de = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut de).unwrap_or_else(|e| panic!("at {}: {e}", e.path()))
}

#[derive(Deserialize)]
struct Jobs {
    jobs: Vec<JobOverview>,
}

#[derive(Deserialize)]
struct TaskManagers {
    taskmanagers: Vec<TaskManagerInfo>,
}

#[test]
fn overview_decodes_and_ignores_unknown_fields() {
    let o: ClusterOverview = decode(include_str!("resources/overview.json"));
    assert_eq!(o.taskmanagers, 2);
    assert_eq!(o.slots_total, 8);
    assert_eq!(o.slots_available, 5);
    assert_eq!(o.jobs_running, 1);
    assert_eq!(o.jobs_cancelled, 1);
    assert_eq!(o.flink_version, "2.0.0");
    assert_eq!(o.flink_commit.as_deref(), Some("cc017da"));
    assert_eq!(o.taskmanagers_blocked, Some(0));
}

#[test]
fn overview_from_older_server_without_blocked_fields() {
    let o: ClusterOverview = decode(
        r#"{"taskmanagers":1,"slots-total":4,"slots-available":4,"jobs-running":0,"jobs-finished":0,"jobs-cancelled":0,"jobs-failed":0,"flink-version":"1.20.1","flink-commit":"abc"}"#,
    );
    assert_eq!(o.taskmanagers_blocked, None);
    assert_eq!(o.slots_free_and_blocked, None);
}

#[test]
fn dashboard_config_decodes() {
    let c: DashboardConfig = decode(include_str!("resources/config.json"));
    assert_eq!(c.flink_version, "2.0.0");
    assert_eq!(c.refresh_interval, 3000);
    let f = c.features.unwrap();
    assert!(f.web_submit && f.web_cancel && !f.web_rescale);
}

#[test]
fn jobs_overview_keeps_unknown_states() {
    let j: Jobs = decode(include_str!("resources/jobs_overview.json"));
    assert_eq!(j.jobs.len(), 2);
    let running = &j.jobs[0];
    assert_eq!(running.jid.as_str(), "3f1e2d4c5b6a79881726354453627180");
    assert_eq!(running.state, JobStatus::Running);
    assert_eq!(running.end_time, -1);
    assert_eq!(running.tasks["running"], 2);
    assert_eq!(j.jobs[1].state, JobStatus::Other("SOME_NEW_STATE".into()));
}

#[test]
fn job_details_decode_with_vertices() {
    let d: JobDetails = decode(include_str!("resources/job_details.json"));
    assert_eq!(d.state, JobStatus::Running);
    assert_eq!(d.job_type.as_deref(), Some("STREAMING"));
    assert_eq!(d.max_parallelism, Some(-1));
    assert_eq!(d.timestamps["RUNNING"], 1795641461508);
    assert_eq!(d.vertices.len(), 1);
    let v = &d.vertices[0];
    assert_eq!(v.name, "Source: gen[1] -> Calc[2]");
    assert_eq!(v.parallelism, 1);
    assert_eq!(v.status.as_deref(), Some("RUNNING"));
    assert_eq!(
        v.metrics.as_ref().unwrap()["accumulated-busy-time"],
        serde_json::json!("NaN")
    );
    assert_eq!(d.status_counts["RUNNING"], 2);
}

#[test]
fn empty_checkpoint_stats_with_nan_percentiles() {
    let s: CheckpointingStatistics = decode(include_str!("resources/checkpoints_empty.json"));
    assert_eq!(s.counts.completed, 0);
    assert!(s.latest.completed.is_none());
    assert!(s.history.is_empty());
    let state = s.summary.unwrap().state_size.unwrap();
    assert_eq!(state.min, Some(0.0));
    assert_eq!(state.p50, None, "\"NaN\" decodes to None");
}

#[test]
fn completed_checkpoint_stats_expose_state_sizes() {
    let s: CheckpointingStatistics = decode(include_str!("resources/checkpoints_completed.json"));
    assert_eq!(s.counts.completed, 11);
    assert_eq!(s.counts.in_progress, 1);
    let c = s.latest.completed.as_ref().unwrap();
    assert_eq!(c.id, 12);
    assert_eq!(c.status, CheckpointStatsStatus::Completed);
    assert_eq!(c.state_size, 40960);
    assert_eq!(c.checkpointed_size, 2048);
    assert_eq!(
        c.external_path.as_deref(),
        Some("file:/tmp/checkpoints/3f1e2d4c5b6a79881726354453627180/chk-12")
    );
    let sp = s.latest.savepoint.as_ref().unwrap();
    assert!(sp.is_savepoint);
    assert_eq!(sp.savepoint_format.as_deref(), Some("CANONICAL"));
    let failed = s.latest.failed.as_ref().unwrap();
    assert_eq!(failed.status, CheckpointStatsStatus::Failed);
    assert_eq!(
        failed.failure_message.as_deref(),
        Some("Checkpoint expired before completing.")
    );
    assert_eq!(s.latest.restored.as_ref().unwrap().id, 7);
    assert_eq!(s.history.len(), 2);
    assert_eq!(s.history[0].status, CheckpointStatsStatus::InProgress);
    assert_eq!(s.history[0].class_name.as_deref(), Some("in_progress"));
    let summary = s.summary.unwrap();
    assert_eq!(summary.state_size.unwrap().max, Some(40960.0));
    assert!(summary.end_to_end_duration.is_none());
}

#[test]
fn checkpoint_config_decodes() {
    let c: CheckpointConfig = decode(include_str!("resources/checkpoint_config.json"));
    assert_eq!(c.mode.as_deref(), Some("exactly_once"));
    assert_eq!(c.interval, 1000);
    assert!(c.is_periodic());
    assert_eq!(
        c.state_backend.as_deref(),
        Some("EmbeddedRocksDBStateBackend")
    );
    let e = c.externalization.unwrap();
    assert!(e.enabled && !e.delete_on_cancellation);

    let disabled: CheckpointConfig =
        decode(r#"{"mode":"at_least_once","interval":9223372036854775807,"timeout":600000}"#);
    assert!(!disabled.is_periodic());
}

#[test]
fn taskmanagers_decode_with_non_hex_ids() {
    let t: TaskManagers = decode(include_str!("resources/taskmanagers.json"));
    let tm = &t.taskmanagers[0];
    assert_eq!(tm.id, "127.0.0.1:35039-64400c");
    assert_eq!((tm.slots_number, tm.free_slots), (4, 3));
    assert_eq!(tm.blocked, Some(false));
    let total = tm.total_resource.as_ref().unwrap();
    assert_eq!(total.cpu_cores, 4.0);
    assert_eq!(total.extended_resources["gpu"], 1.0);
    assert_eq!(tm.hardware.as_ref().unwrap().cpu_cores, 2);
    assert_eq!(
        tm.memory_configuration
            .as_ref()
            .unwrap()
            .total_process_memory,
        1811939328
    );
}

#[test]
fn taskmanager_details_decode() {
    let d: TaskManagerDetails = decode(include_str!("resources/taskmanager_details.json"));
    assert_eq!(d.info.id, "flink-session-cluster-taskmanager-1-1");
    assert_eq!(d.info.free_slots, 1);
    assert_eq!(d.allocated_slots.len(), 1);
    assert_eq!(
        d.allocated_slots[0].job_id.as_deref(),
        Some("3f1e2d4c5b6a79881726354453627180")
    );
    assert_eq!(d.metrics.unwrap()["heapUsed"], 123);
}

#[test]
fn exceptions_give_root_cause_and_keep_trace() {
    let e: JobExceptions = decode(include_str!("resources/exceptions.json"));
    let latest = e.latest().unwrap();
    assert_eq!(
        latest.root_cause(),
        "Column 'id' is NOT NULL, however, a null value is being written into it."
    );
    assert!(latest.stacktrace.contains("ConstraintEnforcer.java:261"));
    assert_eq!(latest.task_name.as_deref(), Some("Sink: sink[3] (1/1)#0"));
    assert_eq!(latest.failure_labels["type"], "user");
    assert_eq!(
        latest.concurrent_exceptions[0].root_cause(),
        "sleep interrupted"
    );
    assert!(!e.exception_history.truncated);

    let empty: JobExceptions = decode(r#"{"exceptionHistory":{"entries":[],"truncated":false}}"#);
    assert!(empty.latest().is_none());
}
