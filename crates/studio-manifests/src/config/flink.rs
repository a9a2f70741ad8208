//! The Flink session cluster: sizes, checkpoints, state backend and high availability.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::defaults;
use super::{Cpu, FlinkRelease, Memory};
use crate::crd::SavepointFormatType;

/// The Flink session cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlinkSettings {
    /// Name of the `FlinkDeployment` (at most 45 characters).
    #[serde(default = "defaults::cluster_name")]
    pub cluster_name: String,
    /// Flink release of the image, e.g. `2.0.0`.
    #[serde(default = "defaults::flink_release")]
    pub version: FlinkRelease,
    /// Kubernetes service account of Flink and the gateway (seed variable `K8S_SERVICE_ACCOUNT`).
    #[serde(default = "defaults::service_account")]
    pub service_account: String,
    /// JobManager.
    #[serde(default = "defaults::job_manager")]
    pub job_manager: JobManagerSettings,
    /// TaskManagers.
    #[serde(default = "defaults::task_manager")]
    pub task_manager: TaskManagerSettings,
    /// Checkpointing.
    #[serde(default)]
    pub checkpointing: CheckpointSettings,
    /// State backend.
    #[serde(default)]
    pub state_backend: StateBackendSettings,
    /// Kubernetes high availability.
    #[serde(default)]
    pub high_availability: HighAvailabilitySettings,
    /// Path under the bucket/container where Flink writes checkpoints, savepoints, HA metadata
    /// and archived jobs.
    #[serde(default = "defaults::storage_prefix")]
    pub storage_prefix: String,
    /// Filesystem plugin jars to enable; empty means the one for the cloud.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub built_in_plugins: Vec<String>,
    /// Extra Flink configuration, merged over the generated keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub configuration: BTreeMap<String, Value>,
}

impl Default for FlinkSettings {
    fn default() -> Self {
        FlinkSettings {
            cluster_name: defaults::cluster_name(),
            version: defaults::flink_release(),
            service_account: defaults::service_account(),
            job_manager: defaults::job_manager(),
            task_manager: defaults::task_manager(),
            checkpointing: CheckpointSettings::default(),
            state_backend: StateBackendSettings::default(),
            high_availability: HighAvailabilitySettings::default(),
            storage_prefix: defaults::storage_prefix(),
            built_in_plugins: Vec::new(),
            configuration: BTreeMap::new(),
        }
    }
}

/// JobManager size and count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobManagerSettings {
    /// Memory per JobManager (Flink `1536m` or Kubernetes `1536Mi`).
    pub memory: Memory,
    /// CPUs per JobManager.
    pub cpu: Cpu,
    /// Number of JobManagers (more than one needs HA).
    #[serde(default = "defaults::one")]
    pub replicas: i32,
}

/// TaskManager size, count and slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskManagerSettings {
    /// Memory per TaskManager.
    pub memory: Memory,
    /// CPUs per TaskManager.
    pub cpu: Cpu,
    /// Number of TaskManagers.
    pub replicas: i32,
    /// Task slots per TaskManager.
    pub slots: i32,
    /// A per-TaskManager volume for RocksDB local state (the seed uses 50Gi on AKS). None by
    /// default: RocksDB then works in the container's ephemeral storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_state_volume: Option<LocalStateVolume>,
}

/// A generic ephemeral volume for RocksDB's working directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalStateVolume {
    /// Size, e.g. `50Gi`.
    pub size: Memory,
    /// Storage class; the cluster default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
}

/// Checkpointing and savepoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckpointSettings {
    /// Checkpoint interval in Flink's duration syntax.
    #[serde(default = "defaults::checkpoint_interval")]
    pub interval: String,
    /// Savepoint format the operator uses.
    #[serde(default = "defaults::savepoint_format")]
    pub savepoint_format: SavepointFormat,
}

impl Default for CheckpointSettings {
    fn default() -> Self {
        CheckpointSettings {
            interval: defaults::checkpoint_interval(),
            savepoint_format: defaults::savepoint_format(),
        }
    }
}

/// Savepoint format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SavepointFormat {
    /// The state backend's native format (fast).
    Native,
    /// The canonical format (portable between backends).
    Canonical,
}

impl SavepointFormat {
    /// The operator's name for the format.
    pub fn to_operator(self) -> SavepointFormatType {
        match self {
            SavepointFormat::Native => SavepointFormatType::Native,
            SavepointFormat::Canonical => SavepointFormatType::Canonical,
        }
    }
}

/// State backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateBackendSettings {
    /// Backend type.
    #[serde(default = "defaults::backend", rename = "type")]
    pub kind: StateBackendKind,
    /// Incremental checkpoints (RocksDB only).
    #[serde(default = "defaults::yes")]
    pub incremental: bool,
}

impl Default for StateBackendSettings {
    fn default() -> Self {
        StateBackendSettings {
            kind: defaults::backend(),
            incremental: true,
        }
    }
}

/// State backend type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StateBackendKind {
    /// RocksDB (embedded, spills to local disk).
    Rocksdb,
    /// Heap state.
    Hashmap,
}

/// Kubernetes high availability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HighAvailabilitySettings {
    /// Enable `high-availability.type: kubernetes`.
    #[serde(default = "defaults::yes")]
    pub enabled: bool,
}

impl Default for HighAvailabilitySettings {
    fn default() -> Self {
        HighAvailabilitySettings { enabled: true }
    }
}
