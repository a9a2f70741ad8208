//! Savepoint request/status types.

use serde::{Deserialize, Serialize};

use flink_rest_core::TriggerId;
use flink_rest_core::root_cause;

/// Savepoint format (`SavepointFormatType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SavepointFormat {
    /// State-backend independent format; portable between state backends (the server default).
    Canonical,
    /// The state backend's own format; faster to take and restore.
    Native,
}

/// Body of `POST /jobs/{id}/savepoints` (`SavepointTriggerRequestBody`).
///
/// ```
/// use flink_rest::{SavepointFormat, TriggerSavepoint};
/// let req = TriggerSavepoint::to_dir("file:///tmp/sp").format(SavepointFormat::Native).cancel_job(true);
/// assert!(req.cancel_job);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct TriggerSavepoint {
    /// Savepoint directory; `None` uses the cluster's `execution.checkpointing.savepoint-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_directory: Option<String>,
    /// Savepoint format; `None` uses the server default (canonical).
    #[serde(rename = "formatType", skip_serializing_if = "Option::is_none")]
    pub format: Option<SavepointFormat>,
    /// Cancel the job once the savepoint completed.
    pub cancel_job: bool,
    /// Caller-chosen trigger id, making a retried request idempotent.
    #[serde(rename = "triggerId", skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<TriggerId>,
}

impl TriggerSavepoint {
    /// A savepoint written under `dir` (e.g. `file:///…`, `s3://…`).
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

    /// Sets whether to cancel the job after the savepoint.
    pub fn cancel_job(mut self, cancel: bool) -> Self {
        self.cancel_job = cancel;
        self
    }

    /// Sets a caller-chosen trigger id.
    pub fn trigger_id(mut self, id: TriggerId) -> Self {
        self.trigger_id = Some(id);
        self
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct TriggerResponse {
    #[serde(rename = "request-id")]
    pub(crate) request_id: TriggerId,
}

/// The failure of an asynchronous operation as Flink reports it.
///
/// The spec describes only `serialized-throwable`; real servers (1.15 … 2.x) also send `class`
/// and `stack-trace`, which this type exposes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FailureCause {
    /// Java class of the top-level exception.
    #[serde(default)]
    pub class: Option<String>,
    /// Full Java stack trace.
    #[serde(rename = "stack-trace", default)]
    pub stack_trace: Option<String>,
    /// Base64 of the Java-serialized throwable (opaque outside the JVM).
    #[serde(rename = "serialized-throwable", default)]
    pub serialized_throwable: Option<String>,
}

impl FailureCause {
    /// One-line root cause from the stack trace, else the exception class.
    pub fn root_cause(&self) -> String {
        match (&self.stack_trace, &self.class) {
            (Some(t), _) if !t.trim().is_empty() => root_cause(t).to_owned(),
            (_, Some(c)) => c.clone(),
            _ => "(no failure details reported)".to_owned(),
        }
    }
}

/// Status of a savepoint or stop-with-savepoint operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum SavepointStatus {
    /// Still running.
    InProgress,
    /// Completed successfully.
    Completed {
        /// Where the savepoint was written (e.g. `file:/tmp/sp/savepoint-abc123-…`).
        location: String,
    },
    /// Completed with a failure.
    Failed {
        /// The failure.
        cause: FailureCause,
    },
}

/// Raw `AsynchronousOperationResult` for savepoints.
#[derive(Debug, Deserialize)]
pub(crate) struct AsyncOperationResult {
    pub(crate) status: QueueStatus,
    #[serde(default)]
    pub(crate) operation: Option<SavepointOperation>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct QueueStatus {
    pub(crate) id: QueueStatusId,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum QueueStatusId {
    InProgress,
    Completed,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SavepointOperation {
    #[serde(default)]
    pub(crate) location: Option<String>,
    #[serde(rename = "failure-cause", default)]
    pub(crate) failure_cause: Option<FailureCause>,
}

/// Status of a savepoint disposal (`POST /savepoint-disposal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum DisposalStatus {
    /// Still running.
    InProgress,
    /// The savepoint was deleted.
    Completed,
    /// Disposal failed (for example: no savepoint at that path).
    Failed {
        /// The failure.
        cause: FailureCause,
    },
}

impl AsyncOperationResult {
    /// Interprets the raw result of a disposal: completed without a failure means deleted.
    pub(crate) fn into_disposal(self) -> DisposalStatus {
        match self.status.id {
            QueueStatusId::InProgress => DisposalStatus::InProgress,
            QueueStatusId::Completed => match self.operation.and_then(|op| op.failure_cause) {
                Some(cause) => DisposalStatus::Failed { cause },
                None => DisposalStatus::Completed,
            },
        }
    }

    /// Interprets the raw result; `None` when COMPLETED carries neither location nor failure.
    pub(crate) fn into_status(self) -> Option<SavepointStatus> {
        match self.status.id {
            QueueStatusId::InProgress => Some(SavepointStatus::InProgress),
            QueueStatusId::Completed => {
                let op = self.operation?;
                match (op.failure_cause, op.location) {
                    (Some(cause), _) => Some(SavepointStatus::Failed { cause }),
                    (None, Some(location)) => Some(SavepointStatus::Completed { location }),
                    (None, None) => None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_body_uses_spec_field_names() {
        let body = serde_json::to_value(
            TriggerSavepoint::to_dir("file:///sp")
                .format(SavepointFormat::Native)
                .cancel_job(true),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"target-directory": "file:///sp", "formatType": "NATIVE", "cancel-job": true})
        );
    }

    #[test]
    fn status_decoding_covers_all_outcomes() {
        let in_progress: AsyncOperationResult =
            serde_json::from_str(r#"{"status":{"id":"IN_PROGRESS"},"operation":null}"#).unwrap();
        assert_eq!(in_progress.into_status(), Some(SavepointStatus::InProgress));

        let done: AsyncOperationResult = serde_json::from_str(
            r#"{"status":{"id":"COMPLETED"},"operation":{"location":"file:/tmp/sp/savepoint-4b6c1e-0123456789ab"}}"#,
        )
        .unwrap();
        assert_eq!(
            done.into_status(),
            Some(SavepointStatus::Completed {
                location: "file:/tmp/sp/savepoint-4b6c1e-0123456789ab".into()
            })
        );

        let failed: AsyncOperationResult = serde_json::from_str(
            r#"{"status":{"id":"COMPLETED"},"operation":{"failure-cause":{
                "class":"java.util.concurrent.CompletionException",
                "stack-trace":"java.util.concurrent.CompletionException: outer\n\tat a.B(B.java:1)\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.\n\tat c.D(D.java:2)\n",
                "serialized-throwable":"rO0ABXNy"}}}"#,
        )
        .unwrap();
        let Some(SavepointStatus::Failed { cause }) = failed.into_status() else {
            panic!("expected Failed")
        };
        assert_eq!(cause.root_cause(), "Checkpoint Coordinator is suspending.");
        assert!(cause.stack_trace.unwrap().contains("\tat c.D(D.java:2)"));
    }

    #[test]
    fn disposal_status_decoding() {
        let done: AsyncOperationResult =
            serde_json::from_str(r#"{"status":{"id":"COMPLETED"},"operation":{}}"#).unwrap();
        assert_eq!(done.into_disposal(), DisposalStatus::Completed);
        let running: AsyncOperationResult =
            serde_json::from_str(r#"{"status":{"id":"IN_PROGRESS"}}"#).unwrap();
        assert_eq!(running.into_disposal(), DisposalStatus::InProgress);
        let failed: AsyncOperationResult = serde_json::from_str(
            r#"{"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"class":"java.io.FileNotFoundException","stack-trace":"java.io.FileNotFoundException: Cannot find meta data file '_metadata' in directory '/nope'.\n\tat a.B(B.java:1)\n"}}}"#,
        )
        .unwrap();
        let DisposalStatus::Failed { cause } = failed.into_disposal() else {
            panic!("expected Failed")
        };
        assert!(cause.root_cause().contains("Cannot find meta data file"));
    }

    #[test]
    fn spec_only_failure_cause_still_decodes() {
        // The spec's SerializedThrowable has only `serialized-throwable`.
        let r: AsyncOperationResult = serde_json::from_str(
            r#"{"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"serialized-throwable":"rO0ABXNy"}}}"#,
        )
        .unwrap();
        let Some(SavepointStatus::Failed { cause }) = r.into_status() else {
            panic!("expected Failed")
        };
        assert_eq!(cause.root_cause(), "(no failure details reported)");
    }
}
