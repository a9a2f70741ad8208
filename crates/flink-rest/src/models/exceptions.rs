//! `/jobs/{id}/exceptions`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use flink_rest_core::root_cause;

/// `GET /jobs/{id}/exceptions` (`JobExceptionsInfoWithHistory`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JobExceptions {
    /// Most recent failures, newest first.
    #[serde(default)]
    pub exception_history: ExceptionHistory,
}

impl JobExceptions {
    /// The most recent failure, if any.
    pub fn latest(&self) -> Option<&RootExceptionInfo> {
        self.exception_history.entries.first()
    }
}

/// The exception history of a job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ExceptionHistory {
    /// Failures, newest first.
    pub entries: Vec<RootExceptionInfo>,
    /// Whether older entries were left out.
    pub truncated: bool,
}

/// A failure that caused a job restart or failure (`RootExceptionInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RootExceptionInfo {
    /// Java class of the exception.
    #[serde(default)]
    pub exception_name: String,
    /// Full Java stack trace.
    #[serde(default)]
    pub stacktrace: String,
    /// When it happened, epoch milliseconds.
    #[serde(default)]
    pub timestamp: i64,
    /// The failing task, if the failure was task-local.
    #[serde(default)]
    pub task_name: Option<String>,
    /// Where the failing task ran.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The TaskManager the failing task ran on.
    #[serde(default)]
    pub task_manager_id: Option<String>,
    /// Failure labels attached by failure enrichers.
    #[serde(default)]
    pub failure_labels: BTreeMap<String, String>,
    /// Other failures that happened at the same time.
    #[serde(default)]
    pub concurrent_exceptions: Vec<ExceptionInfo>,
}

impl RootExceptionInfo {
    /// One-line root cause (the deepest `Caused by:` of the stack trace).
    pub fn root_cause(&self) -> &str {
        match root_cause(&self.stacktrace) {
            "" => &self.exception_name,
            cause => cause,
        }
    }
}

/// A concurrent failure (`ExceptionInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExceptionInfo {
    /// Java class of the exception.
    #[serde(default)]
    pub exception_name: String,
    /// Full Java stack trace.
    #[serde(default)]
    pub stacktrace: String,
    /// When it happened, epoch milliseconds.
    #[serde(default)]
    pub timestamp: i64,
    /// The failing task.
    #[serde(default)]
    pub task_name: Option<String>,
    /// Where the failing task ran.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The TaskManager the failing task ran on.
    #[serde(default)]
    pub task_manager_id: Option<String>,
}

impl ExceptionInfo {
    /// One-line root cause.
    pub fn root_cause(&self) -> &str {
        match root_cause(&self.stacktrace) {
            "" => &self.exception_name,
            cause => cause,
        }
    }
}
