//! `/config` and `/overview`.

use serde::{Deserialize, Serialize};

/// `GET /overview` (`ClusterOverviewWithVersion`): cluster capacity and job counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct ClusterOverview {
    /// Registered TaskManagers.
    pub taskmanagers: u32,
    /// Blocked TaskManagers (newer servers only).
    #[serde(default)]
    pub taskmanagers_blocked: Option<u32>,
    /// Total task slots.
    pub slots_total: u32,
    /// Free task slots.
    pub slots_available: u32,
    /// Free slots on blocked TaskManagers (newer servers only).
    #[serde(default)]
    pub slots_free_and_blocked: Option<u32>,
    /// Running jobs.
    #[serde(default)]
    pub jobs_running: u32,
    /// Finished jobs.
    #[serde(default)]
    pub jobs_finished: u32,
    /// Cancelled jobs.
    #[serde(default)]
    pub jobs_cancelled: u32,
    /// Failed jobs.
    #[serde(default)]
    pub jobs_failed: u32,
    /// Flink version, e.g. `2.0.0`.
    pub flink_version: String,
    /// Short commit id of the Flink build.
    #[serde(default)]
    pub flink_commit: Option<String>,
}

/// `GET /config` (`DashboardConfiguration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct DashboardConfig {
    /// Web UI refresh interval in milliseconds.
    #[serde(default)]
    pub refresh_interval: i64,
    /// Server time zone name.
    #[serde(default)]
    pub timezone_name: Option<String>,
    /// Server time zone offset in milliseconds.
    #[serde(default)]
    pub timezone_offset: i64,
    /// Flink version, e.g. `2.0.0`.
    pub flink_version: String,
    /// Flink revision (commit and build date).
    #[serde(default)]
    pub flink_revision: Option<String>,
    /// Which web UI features the server enables.
    #[serde(default)]
    pub features: Option<DashboardFeatures>,
}

/// Web UI feature flags from `/config`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
#[non_exhaustive]
pub struct DashboardFeatures {
    /// Jar submission through the web UI.
    pub web_submit: bool,
    /// Job cancellation through the web UI.
    pub web_cancel: bool,
    /// Rescaling through the web UI.
    pub web_rescale: bool,
    /// History server mode.
    pub web_history: bool,
}
