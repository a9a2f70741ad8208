//! Rust types for the Flink Kubernetes Operator custom resources (`flink.apache.org/v1beta1`).
//!
//! The types follow the operator's CRD reference for 1.12.1 and 1.15.0. Fields the operator adds
//! later are kept in `extra` maps (flattened), so reading an object and writing it back loses
//! nothing; enum values this crate does not know become `Unknown`/`Other` variants.

mod common;
mod flink_deployment;
mod session_job;
mod snapshot;

pub use common::{
    CheckpointInfo, FlinkConfiguration, FlinkVersion, JobSpec, JobState, JobStatus,
    ReconciliationState, ReconciliationStatus, Resource, ResourceLifecycleState,
    SavepointFormatType, SavepointInfo, SnapshotInfo, UpgradeMode,
};
pub use flink_deployment::{
    FlinkDeployment, FlinkDeploymentSpec, FlinkDeploymentStatus, IngressSpec,
    JobManagerDeploymentStatus, JobManagerSpec, KubernetesDeploymentMode, TaskManagerInfo,
    TaskManagerSpec,
};
pub use session_job::{FlinkSessionJob, FlinkSessionJobSpec, FlinkSessionJobStatus};
pub use snapshot::{
    FlinkStateSnapshot, FlinkStateSnapshotSpec, FlinkStateSnapshotStatus, JobKind, JobReference,
    SavepointSnapshotSpec, SnapshotState,
};

/// API group of the operator's resources.
pub const GROUP: &str = "flink.apache.org";
/// API version served (and stored) by operators 1.12 to 1.15.
pub const VERSION: &str = "v1beta1";
