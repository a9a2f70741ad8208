//! Response and request types, one module per API area.
//!
//! Response structs are `#[non_exhaustive]` and ignore unknown fields, because Flink adds fields
//! between releases. Fields the spec marks optional, or that some supported versions omit, are
//! `Option`s or default to empty.

mod checkpoints;
mod cluster;
mod exceptions;
mod jobs;
mod lenient;
mod savepoints;
mod taskmanagers;

pub use checkpoints::{
    CheckpointConfig, CheckpointCounts, CheckpointStatistics, CheckpointStatsStatus,
    CheckpointSummary, CheckpointingStatistics, Externalization, LatestCheckpoints,
    RestoredCheckpoint, StateSize, StatsSummary,
};
pub use cluster::{ClusterOverview, DashboardConfig, DashboardFeatures};
pub use exceptions::{ExceptionHistory, ExceptionInfo, JobExceptions, RootExceptionInfo};
pub use jobs::{JobDetails, JobOverview, JobStatus, JobVertex, StopWithSavepoint};
pub use savepoints::{
    DisposalStatus, FailureCause, SavepointFormat, SavepointStatus, TriggerSavepoint,
};
pub use taskmanagers::{
    HardwareDescription, ResourceProfile, SlotInfo, TaskManagerDetails, TaskManagerInfo,
    TaskManagerMemoryConfiguration,
};

pub(crate) use jobs::{JobStatusBody, JobsOverviewBody};
pub(crate) use savepoints::{AsyncOperationResult, TriggerResponse};
pub(crate) use taskmanagers::TaskManagersBody;
