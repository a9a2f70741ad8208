//! Types shared by the Flink operator resources: versions, resources, configuration, job specs.

use std::collections::BTreeMap;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Extra fields not modelled by this crate, kept so that round trips are lossless.
pub(crate) type Extra = BTreeMap<String, Value>;

/// Generates an enum that serializes to fixed strings and keeps unknown strings.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this crate does not know (sent by a newer operator).
            Unknown(String),
        }

        impl $name {
            /// Every value this crate knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire form of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from(text.as_str()))
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string" })
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Flink image version as the operator names it (`spec.flinkVersion`).
    ///
    /// Configuration files may also write `2.0`, `2.0.2` or `v2_0`; see [`FromStr`].
    FlinkVersion {
        /// Flink 1.13 (no longer supported by the operator).
        V1_13 => "v1_13",
        /// Flink 1.14 (no longer supported by the operator).
        V1_14 => "v1_14",
        /// Flink 1.15 (deprecated).
        V1_15 => "v1_15",
        /// Flink 1.16 (deprecated).
        V1_16 => "v1_16",
        /// Flink 1.17.
        V1_17 => "v1_17",
        /// Flink 1.18.
        V1_18 => "v1_18",
        /// Flink 1.19.
        V1_19 => "v1_19",
        /// Flink 1.20.
        V1_20 => "v1_20",
        /// Flink 2.0.
        V2_0 => "v2_0",
        /// Flink 2.1 (operator 1.13 and later).
        V2_1 => "v2_1",
        /// Flink 2.2 (operator 1.13 and later).
        V2_2 => "v2_2",
        /// Flink 2.3 (operator 1.15 Java enum; not in its committed CRD).
        V2_3 => "v2_3",
        /// Flink 2.4 (operator 1.15 Java enum; not in its committed CRD).
        V2_4 => "v2_4",
    }
}

impl FlinkVersion {
    /// `(major, minor)` of a known version, `None` for [`FlinkVersion::Unknown`].
    pub fn major_minor(&self) -> Option<(u32, u32)> {
        let text = self.as_str().strip_prefix('v')?;
        let (major, minor) = text.split_once('_')?;
        Some((major.parse().ok()?, minor.parse().ok()?))
    }
}

impl FromStr for FlinkVersion {
    type Err = String;

    /// Accepts the operator form (`v2_0`) or a Flink release (`2.0`, `2.0.2`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with('v') {
            let version = FlinkVersion::from(text);
            return match version {
                FlinkVersion::Unknown(_) => Err(format!("unknown Flink version `{text}`")),
                known => Ok(known),
            };
        }
        let mut parts = text.split('.');
        let (Some(major), Some(minor)) = (parts.next(), parts.next()) else {
            return Err(format!(
                "`{text}` is not a Flink version such as 2.0 or 2.0.2"
            ));
        };
        if major.parse::<u32>().is_err() || minor.parse::<u32>().is_err() {
            return Err(format!(
                "`{text}` is not a Flink version such as 2.0 or 2.0.2"
            ));
        }
        match FlinkVersion::from(format!("v{major}_{minor}").as_str()) {
            FlinkVersion::Unknown(_) => Err(format!("unknown Flink version `{text}`")),
            known => Ok(known),
        }
    }
}

/// CPU, memory and ephemeral storage of a JobManager or TaskManager pod.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// Amount of CPU allocated to the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<f64>,
    /// Amount of memory in Flink's syntax, e.g. `1536m` (MiB) or `2g`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// Amount of ephemeral storage, e.g. `1024m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec.flinkConfiguration`.
///
/// Operator 1.12 accepts only a flat map of strings; from 1.13 on, nested YAML is allowed too.
/// Keys are kept sorted so that output is deterministic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FlinkConfiguration(pub BTreeMap<String, Value>);

impl FlinkConfiguration {
    /// Sets `key` to a string value.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), Value::String(value.into()));
    }

    /// The value of a flat key, if present and a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// Keys whose value is not a string (nested maps, lists, numbers); operator 1.12 rejects them.
    pub fn non_string_keys(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(_, value)| !value.is_string())
            .map(|(key, _)| key.as_str())
            .collect()
    }

    /// All keys, with nested maps flattened to dotted keys (as the operator does).
    pub fn flattened_keys(&self) -> Vec<String> {
        fn walk(prefix: &str, value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    for (key, child) in map {
                        walk(&format!("{prefix}.{key}"), child, out);
                    }
                }
                _ => out.push(prefix.to_owned()),
            }
        }
        let mut out = Vec::new();
        for (key, value) in &self.0 {
            walk(key, value, &mut out);
        }
        out
    }
}

impl JsonSchema for FlinkConfiguration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FlinkConfiguration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "x-kubernetes-preserve-unknown-fields": true })
    }
}

string_enum! {
    /// Desired state of a job.
    JobState {
        /// The job should be processing data.
        Running => "running",
        /// The job is suspended, to be resumed later.
        Suspended => "suspended",
    }
}

string_enum! {
    /// How a job is upgraded.
    UpgradeMode {
        /// Take a savepoint, stop, and restore from it.
        Savepoint => "savepoint",
        /// Restore from the latest checkpoint or savepoint.
        LastState => "last-state",
        /// Start with empty state.
        Stateless => "stateless",
    }
}

string_enum! {
    /// Savepoint format type.
    SavepointFormatType {
        /// Canonical format, common to all state backends.
        Canonical => "CANONICAL",
        /// The state backend's native format (faster).
        Native => "NATIVE",
        /// Unknown (savepoint not triggered by the operator).
        UnknownFormat => "UNKNOWN",
    }
}

/// Job of an application deployment or a session job (`spec.job`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    /// URI of the job jar, e.g. `local:///opt/flink/usrlib/job.jar`.
    #[serde(rename = "jarURI", default, skip_serializing_if = "Option::is_none")]
    pub jar_uri: Option<String>,
    /// Parallelism of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    /// Fully qualified main class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_class: Option<String>,
    /// Arguments for the main class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// Desired state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState>,
    /// Change to trigger a savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_trigger_nonce: Option<i64>,
    /// Savepoint to start from on first deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_savepoint_path: Option<String>,
    /// Change to trigger a checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_trigger_nonce: Option<i64>,
    /// Upgrade mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_mode: Option<UpgradeMode>,
    /// Allow state that cannot be mapped to the new job graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_non_restored_state: Option<bool>,
    /// Change to redeploy from `initialSavepointPath`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_redeploy_nonce: Option<i64>,
    /// Change to reset the autoscaler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler_reset_nonce: Option<i64>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Lifecycle state of a Flink resource (`status.lifecycleState`).
    ResourceLifecycleState {
        /// Created, not yet deployed.
        Created => "CREATED",
        /// Suspended (terminal).
        Suspended => "SUSPENDED",
        /// Being upgraded.
        Upgrading => "UPGRADING",
        /// Deployed, not yet stable.
        Deployed => "DEPLOYED",
        /// Stable (terminal).
        Stable => "STABLE",
        /// Rolling back.
        RollingBack => "ROLLING_BACK",
        /// Rolled back (terminal).
        RolledBack => "ROLLED_BACK",
        /// Failed (terminal).
        Failed => "FAILED",
        /// Being deleted.
        Deleting => "DELETING",
        /// Deleted (terminal).
        Deleted => "DELETED",
    }
}

string_enum! {
    /// State of the last reconciliation.
    ReconciliationState {
        /// The last reconciled spec is deployed.
        Deployed => "DEPLOYED",
        /// The spec is being upgraded.
        Upgrading => "UPGRADING",
        /// Rolling back to the last stable spec.
        RollingBack => "ROLLING_BACK",
        /// Rolled back to the last stable spec.
        RolledBack => "ROLLED_BACK",
    }
}

/// `status.reconciliationStatus`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationStatus {
    /// Epoch millis of the last successful reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_timestamp: Option<i64>,
    /// Last reconciled spec (serialized JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reconciled_spec: Option<String>,
    /// Last stable spec (serialized JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_stable_spec: Option<String>,
    /// Reconciliation state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ReconciliationState>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A finished savepoint or checkpoint as reported in job status.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    /// Millisecond timestamp at the start of the snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_stamp: Option<i64>,
    /// Location (savepoints only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Trigger type (`MANUAL`, `PERIODIC`, `UPGRADE`, `UNKNOWN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
    /// Format type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_type: Option<String>,
    /// Nonce of a manual trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_nonce: Option<i64>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.jobStatus.savepointInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavepointInfo {
    /// Last completed savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_savepoint: Option<SnapshotInfo>,
    /// Trigger id of a pending savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
    /// Trigger timestamp of a pending savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_timestamp: Option<i64>,
    /// Recent savepoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_history: Option<Vec<SnapshotInfo>>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.jobStatus.checkpointInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointInfo {
    /// Last completed checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_checkpoint: Option<SnapshotInfo>,
    /// Trigger id of a pending checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.jobStatus`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// Job name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_name: Option<String>,
    /// Flink job id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Last observed job state (`RUNNING`, `FAILED`, …), as Flink reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<String>,
    /// Savepoint information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_info: Option<SavepointInfo>,
    /// Checkpoint information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_info: Option<CheckpointInfo>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}
