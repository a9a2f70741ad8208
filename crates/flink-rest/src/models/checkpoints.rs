//! `/jobs/{id}/checkpoints` and `/jobs/{id}/checkpoints/config`.

use serde::{Deserialize, Serialize};

use crate::models::lenient;
use flink_rest_core::JobId;

/// `GET /jobs/{id}/checkpoints` (`CheckpointingStatistics`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CheckpointingStatistics {
    /// Checkpoint counts.
    pub counts: CheckpointCounts,
    /// Min/max/avg/percentiles over completed checkpoints.
    pub summary: Option<CheckpointSummary>,
    /// Latest completed/savepoint/failed/restored checkpoint.
    pub latest: LatestCheckpoints,
    /// Recent checkpoints, newest first.
    pub history: Vec<CheckpointStatistics>,
}

/// Checkpoint counts (`Counts`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CheckpointCounts {
    /// Restores from a checkpoint.
    pub restored: u64,
    /// All triggered checkpoints.
    pub total: u64,
    /// Checkpoints in progress.
    pub in_progress: u64,
    /// Completed checkpoints.
    pub completed: u64,
    /// Failed checkpoints.
    pub failed: u64,
}

/// Latest checkpoints of each kind (`LatestCheckpoints`); entries are `null` until one exists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LatestCheckpoints {
    /// Latest completed checkpoint.
    pub completed: Option<CheckpointStatistics>,
    /// Latest completed savepoint.
    pub savepoint: Option<CheckpointStatistics>,
    /// Latest failed checkpoint.
    pub failed: Option<CheckpointStatistics>,
    /// Latest restore.
    pub restored: Option<RestoredCheckpoint>,
}

/// Status of a checkpoint (`CheckpointStatsStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CheckpointStatsStatus {
    /// Still running.
    InProgress,
    /// Completed.
    Completed,
    /// Failed.
    Failed,
    /// A status unknown to this crate.
    #[serde(other)]
    Unknown,
}

/// One checkpoint: completed, failed or in progress (`CheckpointStatistics` and its
/// `className`-discriminated subtypes, merged into one struct).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckpointStatistics {
    /// Checkpoint id.
    pub id: u64,
    /// Status.
    pub status: CheckpointStatsStatus,
    /// Discriminator: `completed`, `failed` or `in_progress`.
    #[serde(rename = "className", default)]
    pub class_name: Option<String>,
    /// Whether this is a savepoint.
    #[serde(default)]
    pub is_savepoint: bool,
    /// Savepoint format, for savepoints.
    #[serde(rename = "savepointFormat", default)]
    pub savepoint_format: Option<String>,
    /// `CHECKPOINT`, `UNALIGNED_CHECKPOINT`, `SAVEPOINT`, `SYNC_SAVEPOINT`, …
    #[serde(default)]
    pub checkpoint_type: Option<String>,
    /// Trigger time, epoch milliseconds.
    #[serde(default)]
    pub trigger_timestamp: i64,
    /// Time of the latest acknowledgement, epoch milliseconds.
    #[serde(default)]
    pub latest_ack_timestamp: i64,
    /// Full size of the state, bytes.
    #[serde(default)]
    pub state_size: u64,
    /// Bytes written by this checkpoint (less than `state_size` for incremental checkpoints).
    #[serde(default)]
    pub checkpointed_size: u64,
    /// Duration from trigger to last acknowledgement, milliseconds.
    #[serde(default)]
    pub end_to_end_duration: i64,
    /// Bytes buffered during alignment.
    #[serde(default)]
    pub alignment_buffered: i64,
    /// Bytes processed during alignment.
    #[serde(default)]
    pub processed_data: i64,
    /// In-flight bytes persisted (unaligned checkpoints).
    #[serde(default)]
    pub persisted_data: i64,
    /// Subtasks.
    #[serde(default)]
    pub num_subtasks: u64,
    /// Subtasks that acknowledged.
    #[serde(default)]
    pub num_acknowledged_subtasks: u64,
    /// Location of a completed checkpoint (`<checkpoint-not-externally-addressable>` when kept
    /// in JobManager memory).
    #[serde(default)]
    pub external_path: Option<String>,
    /// Whether a completed checkpoint was discarded.
    #[serde(default)]
    pub discarded: Option<bool>,
    /// Failure time of a failed checkpoint, epoch milliseconds.
    #[serde(default)]
    pub failure_timestamp: Option<i64>,
    /// Failure message of a failed checkpoint.
    #[serde(default)]
    pub failure_message: Option<String>,
}

/// The checkpoint a job restored from (`RestoredCheckpointStatistics`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RestoredCheckpoint {
    /// Checkpoint id.
    pub id: u64,
    /// Restore time, epoch milliseconds.
    #[serde(default)]
    pub restore_timestamp: i64,
    /// Whether it was a savepoint.
    #[serde(default)]
    pub is_savepoint: bool,
    /// Its location.
    #[serde(default)]
    pub external_path: Option<String>,
}

/// Summary statistics over completed checkpoints (`CheckpointStatisticsSummary`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CheckpointSummary {
    /// Checkpointed size, bytes.
    pub checkpointed_size: Option<StatsSummary>,
    /// Full state size, bytes.
    pub state_size: Option<StatsSummary>,
    /// End-to-end duration, milliseconds.
    pub end_to_end_duration: Option<StatsSummary>,
    /// Alignment buffered, bytes.
    pub alignment_buffered: Option<StatsSummary>,
    /// Processed data, bytes.
    pub processed_data: Option<StatsSummary>,
    /// Persisted data, bytes.
    pub persisted_data: Option<StatsSummary>,
}

/// Min/max/avg/percentiles (`StatsSummaryDto`).
///
/// Percentiles of an empty history come as the string `"NaN"` (not a number as the spec says);
/// they decode to `None`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct StatsSummary {
    /// Minimum.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub min: Option<f64>,
    /// Maximum.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub max: Option<f64>,
    /// Average.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub avg: Option<f64>,
    /// Median.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub p50: Option<f64>,
    /// 90th percentile.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub p90: Option<f64>,
    /// 95th percentile.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub p95: Option<f64>,
    /// 99th percentile.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub p99: Option<f64>,
    /// 99.9th percentile.
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub p999: Option<f64>,
}

/// `GET /jobs/{id}/checkpoints/config` (`CheckpointConfigInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckpointConfig {
    /// `exactly_once` or `at_least_once`.
    #[serde(default)]
    pub mode: Option<String>,
    /// Interval in milliseconds; `i64::MAX` when periodic checkpointing is disabled.
    pub interval: i64,
    /// Timeout in milliseconds.
    #[serde(default)]
    pub timeout: i64,
    /// Minimum pause between checkpoints, milliseconds.
    #[serde(default)]
    pub min_pause: i64,
    /// Maximum concurrent checkpoints.
    #[serde(default)]
    pub max_concurrent: i64,
    /// Retention of externalized checkpoints.
    #[serde(default)]
    pub externalization: Option<Externalization>,
    /// State backend, e.g. `HashMapStateBackend`, `EmbeddedRocksDBStateBackend`.
    #[serde(default)]
    pub state_backend: Option<String>,
    /// Checkpoint storage, e.g. `FileSystemCheckpointStorage`.
    #[serde(default)]
    pub checkpoint_storage: Option<String>,
    /// Whether unaligned checkpoints are enabled.
    #[serde(default)]
    pub unaligned_checkpoints: Option<bool>,
    /// Tolerable consecutive checkpoint failures.
    #[serde(default)]
    pub tolerable_failed_checkpoints: Option<i64>,
    /// Aligned checkpoint timeout, milliseconds.
    #[serde(default)]
    pub aligned_checkpoint_timeout: Option<i64>,
    /// Whether checkpoints continue after some tasks finished.
    #[serde(default)]
    pub checkpoints_after_tasks_finish: Option<bool>,
    /// Whether the changelog state backend is enabled.
    #[serde(default)]
    pub state_changelog_enabled: Option<bool>,
    /// Changelog materialization interval, milliseconds.
    #[serde(default)]
    pub changelog_periodic_materialization_interval: Option<i64>,
    /// Changelog storage.
    #[serde(default)]
    pub changelog_storage: Option<String>,
}

impl CheckpointConfig {
    /// Whether periodic checkpointing is enabled (Flink reports `Long.MAX_VALUE` otherwise).
    pub fn is_periodic(&self) -> bool {
        self.interval > 0 && self.interval != i64::MAX
    }
}

/// Externalized checkpoint settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Externalization {
    /// Whether checkpoints are retained.
    pub enabled: bool,
    /// Whether retained checkpoints are deleted on cancellation.
    pub delete_on_cancellation: bool,
}

/// State size of a job from its latest completed checkpoint; see
/// [`CheckpointsHandler::state_size`](crate::api::CheckpointsHandler::state_size).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StateSize {
    /// The job.
    pub job_id: JobId,
    /// Checkpoint the numbers come from.
    pub checkpoint_id: u64,
    /// Full state size, bytes.
    pub state_size: u64,
    /// Bytes written by that checkpoint (incremental size).
    pub checkpointed_size: u64,
    /// When the checkpoint completed, epoch milliseconds.
    pub completed_at: i64,
    /// How long the checkpoint took, trigger to last acknowledgement, milliseconds.
    pub duration_ms: i64,
    /// Where the checkpoint is stored.
    pub external_path: Option<String>,
    /// Completed checkpoints so far.
    pub completed_checkpoints: u64,
}

impl StateSize {
    pub(crate) fn from_stats(job_id: JobId, stats: &CheckpointingStatistics) -> Option<Self> {
        let c = stats.latest.completed.as_ref()?;
        Some(Self {
            job_id,
            checkpoint_id: c.id,
            state_size: c.state_size,
            checkpointed_size: c.checkpointed_size,
            completed_at: c.latest_ack_timestamp,
            duration_ms: c.end_to_end_duration,
            external_path: c.external_path.clone(),
            completed_checkpoints: stats.counts.completed,
        })
    }
}
