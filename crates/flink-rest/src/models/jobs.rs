//! `/jobs/...` types.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::models::savepoints::SavepointFormat;
use flink_rest_core::{JobId, TriggerId};

/// Job status (`JobStatus`). Values unknown to this crate are kept in [`JobStatus::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobStatus {
    /// Job is being submitted/initialised.
    Initializing,
    /// Job is created, waiting for resources.
    Created,
    /// Job is running.
    Running,
    /// Job is failing (tasks being cancelled after a failure).
    Failing,
    /// Job failed terminally.
    Failed,
    /// Job is being cancelled.
    Cancelling,
    /// Job was cancelled.
    Canceled,
    /// Job finished (bounded input exhausted, or stopped with a savepoint).
    Finished,
    /// Job is restarting after a failure.
    Restarting,
    /// Job was suspended (e.g. JobManager lost leadership); not globally terminal.
    Suspended,
    /// Job is being reconciled after a JobManager failover.
    Reconciling,
    /// A status this crate does not know (from a newer Flink).
    Other(String),
}

impl JobStatus {
    /// The status as Flink spells it.
    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Initializing => "INITIALIZING",
            JobStatus::Created => "CREATED",
            JobStatus::Running => "RUNNING",
            JobStatus::Failing => "FAILING",
            JobStatus::Failed => "FAILED",
            JobStatus::Cancelling => "CANCELLING",
            JobStatus::Canceled => "CANCELED",
            JobStatus::Finished => "FINISHED",
            JobStatus::Restarting => "RESTARTING",
            JobStatus::Suspended => "SUSPENDED",
            JobStatus::Reconciling => "RECONCILING",
            JobStatus::Other(s) => s,
        }
    }

    /// Parses a status; never fails (unknown values become [`JobStatus::Other`]).
    pub fn parse(s: &str) -> Self {
        match s {
            "INITIALIZING" => JobStatus::Initializing,
            "CREATED" => JobStatus::Created,
            "RUNNING" => JobStatus::Running,
            "FAILING" => JobStatus::Failing,
            "FAILED" => JobStatus::Failed,
            "CANCELLING" => JobStatus::Cancelling,
            "CANCELED" => JobStatus::Canceled,
            "FINISHED" => JobStatus::Finished,
            "RESTARTING" => JobStatus::Restarting,
            "SUSPENDED" => JobStatus::Suspended,
            "RECONCILING" => JobStatus::Reconciling,
            other => JobStatus::Other(other.to_owned()),
        }
    }

    /// FINISHED, CANCELED or FAILED: the job will not change state again.
    pub fn is_globally_terminal(&self) -> bool {
        matches!(
            self,
            JobStatus::Finished | JobStatus::Canceled | JobStatus::Failed
        )
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for JobStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for JobStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(JobStatus::parse(&s))
    }
}

/// One entry of `GET /jobs/overview` (`JobDetails`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct JobOverview {
    /// Job id.
    pub jid: JobId,
    /// Job name (for SQL jobs, e.g. `insert-into_default_catalog.default_database.sink`).
    pub name: String,
    /// Current status.
    pub state: JobStatus,
    /// Start time, epoch milliseconds.
    #[serde(default)]
    pub start_time: i64,
    /// End time, epoch milliseconds; `-1` while running.
    #[serde(default)]
    pub end_time: i64,
    /// Duration in milliseconds.
    #[serde(default)]
    pub duration: i64,
    /// Last status change, epoch milliseconds.
    #[serde(default)]
    pub last_modification: i64,
    /// Task counts per execution state (lowercase keys: `running`, `total`, …).
    #[serde(default)]
    pub tasks: BTreeMap<String, i64>,
    /// Operators not yet created (newer servers).
    #[serde(default)]
    pub pending_operators: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct JobsOverviewBody {
    pub(crate) jobs: Vec<JobOverview>,
}

#[derive(Deserialize)]
pub(crate) struct JobStatusBody {
    pub(crate) status: JobStatus,
}

/// `GET /jobs/{id}` (`JobDetailsInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct JobDetails {
    /// Job id.
    pub jid: JobId,
    /// Job name.
    pub name: String,
    /// Current status.
    pub state: JobStatus,
    /// Whether the job can be stopped (all sources stoppable).
    #[serde(rename = "isStoppable", default)]
    pub is_stoppable: bool,
    /// `STREAMING` or `BATCH`.
    #[serde(default)]
    pub job_type: Option<String>,
    /// Start time, epoch milliseconds.
    #[serde(default)]
    pub start_time: i64,
    /// End time, epoch milliseconds; `-1` while running.
    #[serde(default)]
    pub end_time: i64,
    /// Duration in milliseconds.
    #[serde(default)]
    pub duration: i64,
    /// Max parallelism (`-1` when not set).
    #[serde(rename = "maxParallelism", default)]
    pub max_parallelism: Option<i64>,
    /// Server time of the response, epoch milliseconds.
    #[serde(default)]
    pub now: i64,
    /// Epoch milliseconds at which the job entered each status (0 = never).
    #[serde(default)]
    pub timestamps: BTreeMap<String, i64>,
    /// Job vertices (operator chains).
    #[serde(default)]
    pub vertices: Vec<JobVertex>,
    /// Task counts per execution state over all vertices.
    #[serde(default)]
    pub status_counts: BTreeMap<String, i64>,
}

/// A vertex of [`JobDetails`] (`JobDetailsVertexInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct JobVertex {
    /// Vertex id (32 hex digits).
    pub id: String,
    /// Vertex name, e.g. `Source: gen[1] -> Calc[2]`.
    pub name: String,
    /// Parallelism.
    #[serde(default)]
    pub parallelism: i64,
    /// Max parallelism.
    #[serde(rename = "maxParallelism", default)]
    pub max_parallelism: Option<i64>,
    /// Execution state, e.g. `RUNNING`.
    #[serde(default)]
    pub status: Option<String>,
    /// Start time, epoch milliseconds.
    #[serde(default)]
    pub start_time: i64,
    /// End time, epoch milliseconds.
    #[serde(default)]
    pub end_time: i64,
    /// Duration in milliseconds.
    #[serde(default)]
    pub duration: i64,
    /// Task counts per execution state.
    #[serde(default)]
    pub tasks: BTreeMap<String, i64>,
    /// I/O metrics as sent (values may be numbers, booleans or `"NaN"`).
    #[serde(default)]
    pub metrics: Option<serde_json::Value>,
}

/// Body of `POST /jobs/{id}/stop` (`StopWithSavepointRequestBody`).
///
/// ```
/// use flink_rest::{SavepointFormat, StopWithSavepoint};
/// let req = StopWithSavepoint::to_dir("s3://bucket/savepoints").format(SavepointFormat::Native);
/// assert_eq!(req.target_directory.as_deref(), Some("s3://bucket/savepoints"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StopWithSavepoint {
    /// Savepoint directory; `None` uses the cluster's `execution.checkpointing.savepoint-dir`.
    #[serde(rename = "targetDirectory", skip_serializing_if = "Option::is_none")]
    pub target_directory: Option<String>,
    /// Savepoint format; `None` uses the server default (canonical).
    #[serde(rename = "formatType", skip_serializing_if = "Option::is_none")]
    pub format: Option<SavepointFormat>,
    /// Emit MAX_WATERMARK before the savepoint, flushing event-time timers (ends windows).
    pub drain: bool,
    /// Caller-chosen trigger id, making a retried request idempotent.
    #[serde(rename = "triggerId", skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<TriggerId>,
}

impl StopWithSavepoint {
    /// Stop with a savepoint written under `dir`.
    pub fn to_dir(dir: impl Into<String>) -> Self {
        Self {
            target_directory: Some(dir.into()),
            ..Self::default()
        }
    }

    /// Sets the savepoint format.
    pub fn format(mut self, format: SavepointFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// Sets whether to drain (emit MAX_WATERMARK) before stopping.
    pub fn drain(mut self, drain: bool) -> Self {
        self.drain = drain;
        self
    }

    /// Sets a caller-chosen trigger id.
    pub fn trigger_id(mut self, id: TriggerId) -> Self {
        self.trigger_id = Some(id);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_status_round_trips_and_tolerates_unknown_values() {
        for s in [
            "INITIALIZING",
            "CREATED",
            "RUNNING",
            "FAILING",
            "FAILED",
            "CANCELLING",
            "CANCELED",
            "FINISHED",
            "RESTARTING",
            "SUSPENDED",
            "RECONCILING",
        ] {
            let st: JobStatus = serde_json::from_str(&format!("\"{s}\"")).unwrap();
            assert!(!matches!(st, JobStatus::Other(_)), "{s}");
            assert_eq!(serde_json::to_string(&st).unwrap(), format!("\"{s}\""));
        }
        let st: JobStatus = serde_json::from_str("\"HIBERNATING\"").unwrap();
        assert_eq!(st, JobStatus::Other("HIBERNATING".into()));
        assert_eq!(st.to_string(), "HIBERNATING");
        assert!(JobStatus::Canceled.is_globally_terminal());
        assert!(!JobStatus::Suspended.is_globally_terminal());
        assert!(!JobStatus::Running.is_globally_terminal());
    }

    #[test]
    fn stop_request_uses_camel_case_fields() {
        let id = TriggerId::new("0123456789abcdef0123456789abcdef").unwrap();
        let body = serde_json::to_value(
            StopWithSavepoint::to_dir("file:///sp")
                .format(SavepointFormat::Canonical)
                .drain(true)
                .trigger_id(id),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "targetDirectory": "file:///sp",
                "formatType": "CANONICAL",
                "drain": true,
                "triggerId": "0123456789abcdef0123456789abcdef"
            })
        );
        let minimal = serde_json::to_value(StopWithSavepoint::default()).unwrap();
        assert_eq!(minimal, serde_json::json!({"drain": false}));
    }
}
