//! `/taskmanagers` types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One TaskManager from `GET /taskmanagers` (`TaskManagerInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskManagerInfo {
    /// Resource id. The spec says 32 hex digits; real servers use e.g. `127.0.0.1:35039-64400c`
    /// (standalone) or the pod name (Kubernetes), so it is a plain string.
    pub id: String,
    /// RPC address.
    #[serde(default)]
    pub path: Option<String>,
    /// Data (shuffle) port.
    #[serde(default)]
    pub data_port: i64,
    /// JMX port (`-1` when disabled).
    #[serde(default)]
    pub jmx_port: i64,
    /// Named like a duration, but Flink sends the epoch milliseconds of the last heartbeat
    /// (0 until the first heartbeat after registration).
    #[serde(default)]
    pub time_since_last_heartbeat: i64,
    /// Number of task slots.
    pub slots_number: u32,
    /// Free task slots.
    pub free_slots: u32,
    /// Whether the TaskManager is blocked (newer servers).
    #[serde(default)]
    pub blocked: Option<bool>,
    /// Total resources.
    #[serde(default)]
    pub total_resource: Option<ResourceProfile>,
    /// Free resources.
    #[serde(default)]
    pub free_resource: Option<ResourceProfile>,
    /// Hardware of the host/container.
    #[serde(default)]
    pub hardware: Option<HardwareDescription>,
    /// Memory configuration in bytes.
    #[serde(default)]
    pub memory_configuration: Option<TaskManagerMemoryConfiguration>,
}

#[derive(Deserialize)]
pub(crate) struct TaskManagersBody {
    pub(crate) taskmanagers: Vec<TaskManagerInfo>,
}

/// `GET /taskmanagers/{id}` (`TaskManagerDetailsInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskManagerDetails {
    /// Everything also in the list entry.
    #[serde(flatten)]
    pub info: TaskManagerInfo,
    /// Slots allocated to jobs.
    #[serde(default)]
    pub allocated_slots: Vec<SlotInfo>,
    /// JVM/memory metrics as sent.
    #[serde(default)]
    pub metrics: Option<serde_json::Value>,
}

/// An allocated slot (`SlotInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SlotInfo {
    /// The job using the slot.
    #[serde(default)]
    pub job_id: Option<String>,
    /// Resources of the slot.
    #[serde(default)]
    pub resource: Option<ResourceProfile>,
    /// Tasks assigned to the slot (newer servers).
    #[serde(default)]
    pub assigned_tasks: Option<i64>,
}

/// A resource profile (`ResourceProfileInfo`); memory in MiB.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ResourceProfile {
    /// CPU cores.
    pub cpu_cores: f64,
    /// Task heap, MiB.
    pub task_heap_memory: i64,
    /// Task off-heap, MiB.
    pub task_off_heap_memory: i64,
    /// Managed memory, MiB.
    pub managed_memory: i64,
    /// Network memory, MiB.
    pub network_memory: i64,
    /// Extended resources (e.g. GPUs).
    pub extended_resources: BTreeMap<String, f64>,
}

/// Hardware description; memory in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct HardwareDescription {
    /// CPU cores visible to the JVM.
    pub cpu_cores: i64,
    /// Physical memory, bytes.
    pub physical_memory: i64,
    /// JVM free memory, bytes.
    pub free_memory: i64,
    /// Managed memory, bytes.
    pub managed_memory: i64,
}

/// TaskManager memory configuration, bytes (`TaskExecutorMemoryConfiguration`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TaskManagerMemoryConfiguration {
    /// Framework heap.
    pub framework_heap: i64,
    /// Task heap.
    pub task_heap: i64,
    /// Framework off-heap.
    pub framework_off_heap: i64,
    /// Task off-heap.
    pub task_off_heap: i64,
    /// Network memory.
    pub network_memory: i64,
    /// Managed memory.
    pub managed_memory: i64,
    /// JVM metaspace.
    pub jvm_metaspace: i64,
    /// JVM overhead.
    pub jvm_overhead: i64,
    /// Total Flink memory.
    pub total_flink_memory: i64,
    /// Total process memory.
    pub total_process_memory: i64,
}
