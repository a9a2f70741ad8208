//! Typed platform configuration (`studio.yaml`) and its per-environment overlays.
//!
//! Keys are camelCase and unknown keys are rejected, so a typo fails at render time rather than
//! at deploy time. [`load`] reads a file, applies an environment overlay and
//! resolves `${VAR}` references; [`StudioConfig::from_yaml_str`] parses text directly.

mod load;
mod quantity;
mod vars;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use load::{LoadOptions, SEED_VARIABLES, load};
pub use quantity::{Cpu, Memory};

use crate::crd::{FlinkVersion, SavepointFormatType};
use crate::error::{Error, Result};

/// The whole platform: one Flink session cluster, its SQL Gateway, identity, storage and policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StudioConfig {
    /// Target cloud; `studio render --cloud` overrides it.
    pub cloud: Cloud,
    /// Namespace of the platform (seed variable `K8S_NAMESPACE`).
    #[serde(default = "defaults::namespace")]
    pub namespace: String,
    /// Flink Kubernetes Operator version the manifests are written for.
    #[serde(default = "defaults::operator")]
    pub operator: OperatorVersion,
    /// Namespace the operator runs in (its REST calls to the JobManager must pass the network
    /// policies).
    #[serde(default = "defaults::operator_namespace")]
    pub operator_namespace: String,
    /// Flink image used by the session cluster and the SQL Gateway, e.g. `flink:2.0.0`.
    pub image: String,
    /// Image pull policy.
    #[serde(default = "defaults::pull_policy")]
    pub image_pull_policy: String,
    /// The session cluster.
    #[serde(default)]
    pub flink: FlinkSettings,
    /// GKE settings (required when the cloud is `gcp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcp: Option<GcpSettings>,
    /// AKS settings (required when the cloud is `aks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aks: Option<AksSettings>,
    /// Kafka credentials.
    #[serde(default)]
    pub kafka: KafkaSettings,
    /// SQL Gateway.
    #[serde(default)]
    pub gateway: GatewaySettings,
    /// Namespace resource quota.
    #[serde(default)]
    pub quota: QuotaSettings,
    /// Network policies.
    #[serde(default)]
    pub network_policies: NetworkPolicySettings,
    /// Connector jars on the Flink classpath (see [`crate::connectors`]).
    #[serde(default)]
    pub connectors: crate::connectors::ConnectorSettings,
    /// Extra labels put on every object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// Target cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Google Kubernetes Engine with GCS and GKE Workload Identity.
    Gcp,
    /// Azure Kubernetes Service with ADLS Gen2 and Azure Workload Identity.
    Aks,
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cloud::Gcp => "gcp",
            Cloud::Aks => "aks",
        })
    }
}

impl FromStr for Cloud {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "gcp" | "gke" => Ok(Cloud::Gcp),
            "aks" | "azure" => Ok(Cloud::Aks),
            other => Err(format!("unknown cloud `{other}` (expected gcp or aks)")),
        }
    }
}

/// Flink Kubernetes Operator release line, `major.minor` (a patch number is accepted and ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperatorVersion {
    /// Major version (1).
    pub major: u32,
    /// Minor version (12 to 15).
    pub minor: u32,
    /// Patch version, for display.
    pub patch: u32,
}

impl OperatorVersion {
    /// Operator 1.12.1, the seed's version.
    pub const V1_12_1: OperatorVersion = OperatorVersion {
        major: 1,
        minor: 12,
        patch: 1,
    };
    /// Operator 1.15.0.
    pub const V1_15_0: OperatorVersion = OperatorVersion {
        major: 1,
        minor: 15,
        patch: 0,
    };

    /// Flink versions this operator's CRD accepts in `spec.flinkVersion`.
    pub fn flink_versions(&self) -> &'static [FlinkVersion] {
        const UP_TO_2_0: &[FlinkVersion] = &[
            FlinkVersion::V1_13,
            FlinkVersion::V1_14,
            FlinkVersion::V1_15,
            FlinkVersion::V1_16,
            FlinkVersion::V1_17,
            FlinkVersion::V1_18,
            FlinkVersion::V1_19,
            FlinkVersion::V1_20,
            FlinkVersion::V2_0,
        ];
        // The committed 1.13–1.15 CRDs stop at v2_2 (the 1.15 Java enum knows v2_3/v2_4, but the
        // CRD schema in the Helm chart does not list them).
        const UP_TO_2_2: &[FlinkVersion] = &[
            FlinkVersion::V1_13,
            FlinkVersion::V1_14,
            FlinkVersion::V1_15,
            FlinkVersion::V1_16,
            FlinkVersion::V1_17,
            FlinkVersion::V1_18,
            FlinkVersion::V1_19,
            FlinkVersion::V1_20,
            FlinkVersion::V2_0,
            FlinkVersion::V2_1,
            FlinkVersion::V2_2,
        ];
        if self.minor <= 12 {
            UP_TO_2_0
        } else {
            UP_TO_2_2
        }
    }

    /// Whether `spec.flinkConfiguration` may hold nested YAML (operator 1.13 and later).
    pub fn allows_nested_configuration(&self) -> bool {
        self.minor >= 13
    }
}

impl fmt::Display for OperatorVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for OperatorVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.trim_start_matches('v').split('.').collect();
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let (major, minor, patch) = match numbers.as_deref() {
            Some([major, minor]) => (*major, *minor, 0),
            Some([major, minor, patch]) => (*major, *minor, *patch),
            _ => {
                return Err(format!(
                    "`{text}` is not an operator version such as 1.12.1"
                ));
            }
        };
        if major != 1 || !(12..=15).contains(&minor) {
            return Err(format!(
                "operator {text} is not supported (supported: 1.12 to 1.15)"
            ));
        }
        Ok(OperatorVersion {
            major,
            minor,
            patch,
        })
    }
}

impl Serialize for OperatorVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OperatorVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = string_or_number(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A Flink release such as `2.0.0`: gives both the operator's `flinkVersion` and plugin jar names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlinkRelease {
    /// The release as written, e.g. `2.0.0`.
    pub release: String,
    /// The operator's name for it, e.g. `v2_0`.
    pub version: FlinkVersion,
}

impl FromStr for FlinkRelease {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.parse::<u32>().is_err()) {
            return Err(format!(
                "`{text}` is not a Flink release such as 2.0.0 (the full version names the \
                 filesystem plugin jars)"
            ));
        }
        Ok(FlinkRelease {
            release: text.to_owned(),
            version: text.parse()?,
        })
    }
}

impl Serialize for FlinkRelease {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.release)
    }
}

impl<'de> Deserialize<'de> for FlinkRelease {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = string_or_number(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a version string, found {other}"
        ))),
    }
}

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

/// GKE: a GCS bucket reached through GKE Workload Identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpSettings {
    /// Bucket name, without `gs://`.
    pub bucket: String,
    /// Google service account the Kubernetes service account impersonates.
    pub service_account: String,
}

/// AKS: an ADLS Gen2 container reached through Azure Workload Identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AksSettings {
    /// Storage account (seed variable `AZURE_STORAGE_ACCOUNT_NAME`).
    pub storage_account: String,
    /// Container (seed variable `AZURE_STORAGE_CONTAINER_NAME`).
    pub container: String,
    /// Entra tenant id (seed variable `AZURE_TENANT_ID`); Hadoop's workload identity token
    /// provider requires it.
    pub tenant_id: String,
    /// Client id of the user-assigned managed identity (seed variable `AZURE_CLIENT_ID`).
    pub client_id: String,
}

/// Kafka credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KafkaSettings {
    /// Secret with the Kafka username, password and truststore (created outside `studio render`).
    #[serde(default = "defaults::kafka_secret")]
    pub credentials_secret: String,
    /// Where the secret is mounted in Flink and gateway containers.
    #[serde(default = "defaults::kafka_mount")]
    pub mount_path: String,
}

impl Default for KafkaSettings {
    fn default() -> Self {
        KafkaSettings {
            credentials_secret: defaults::kafka_secret(),
            mount_path: defaults::kafka_mount(),
        }
    }
}

/// SQL Gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GatewaySettings {
    /// Name of the Deployment and Service.
    #[serde(default = "defaults::gateway_name")]
    pub name: String,
    /// REST port.
    #[serde(default = "defaults::gateway_port")]
    pub port: i32,
    /// `sql-gateway.session.idle-timeout` (Flink duration).
    #[serde(default = "defaults::idle_timeout")]
    pub session_idle_timeout: String,
    /// CPU request and limit.
    #[serde(default = "defaults::gateway_cpu")]
    pub cpu: Cpu,
    /// Memory request and limit.
    #[serde(default = "defaults::gateway_memory")]
    pub memory: Memory,
}

impl Default for GatewaySettings {
    fn default() -> Self {
        GatewaySettings {
            name: defaults::gateway_name(),
            port: defaults::gateway_port(),
            session_idle_timeout: defaults::idle_timeout(),
            cpu: defaults::gateway_cpu(),
            memory: defaults::gateway_memory(),
        }
    }
}

/// Namespace resource quota (requests and limits are set to the same values, as the operator
/// sets pod requests equal to limits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuotaSettings {
    /// Render a ResourceQuota.
    #[serde(default = "defaults::yes")]
    pub enabled: bool,
    /// Total CPU.
    #[serde(default = "defaults::quota_cpu")]
    pub cpu: Cpu,
    /// Total memory.
    #[serde(default = "defaults::quota_memory")]
    pub memory: Memory,
    /// Maximum number of pods, if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<i32>,
}

impl Default for QuotaSettings {
    fn default() -> Self {
        QuotaSettings {
            enabled: true,
            cpu: defaults::quota_cpu(),
            memory: defaults::quota_memory(),
            pods: None,
        }
    }
}

/// Network policy toggles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicySettings {
    /// Render network policies at all.
    #[serde(default = "defaults::yes")]
    pub enabled: bool,
    /// Deny all traffic not allowed by another policy.
    #[serde(default = "defaults::yes")]
    pub default_deny: bool,
    /// Allow egress to Kafka.
    #[serde(default = "defaults::yes")]
    pub kafka_egress: bool,
    /// Kafka broker ports (Aiven services use a per-service port).
    #[serde(default = "defaults::kafka_ports")]
    pub kafka_ports: Vec<i32>,
    /// CIDRs Kafka brokers live in.
    #[serde(default = "defaults::anywhere")]
    pub kafka_cidrs: Vec<String>,
    /// CIDRs of the Kubernetes API server (Flink's native mode and HA talk to it).
    #[serde(default = "defaults::anywhere")]
    pub api_server_cidrs: Vec<String>,
    /// Namespaces whose pods may call the SQL Gateway (the platform namespace always may).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_clients: Vec<String>,
}

impl Default for NetworkPolicySettings {
    fn default() -> Self {
        NetworkPolicySettings {
            enabled: true,
            default_deny: true,
            kafka_egress: true,
            kafka_ports: defaults::kafka_ports(),
            kafka_cidrs: defaults::anywhere(),
            api_server_cidrs: defaults::anywhere(),
            gateway_clients: Vec::new(),
        }
    }
}

mod defaults {
    //! Defaults: the seed guide's platform.
    use super::*;

    pub(super) fn namespace() -> String {
        "flink-studio".into()
    }
    pub(super) fn operator() -> OperatorVersion {
        OperatorVersion::V1_12_1
    }
    pub(super) fn operator_namespace() -> String {
        "flink-system".into()
    }
    pub(super) fn pull_policy() -> String {
        "IfNotPresent".into()
    }
    pub(super) fn cluster_name() -> String {
        "flink-session-cluster".into()
    }
    pub(super) fn flink_release() -> FlinkRelease {
        FlinkRelease {
            release: "2.0.0".into(),
            version: FlinkVersion::V2_0,
        }
    }
    pub(super) fn service_account() -> String {
        "flink".into()
    }
    pub(super) fn job_manager() -> JobManagerSettings {
        JobManagerSettings {
            memory: Memory::mebibytes(1536),
            cpu: Cpu::cores(1),
            replicas: 1,
        }
    }
    pub(super) fn task_manager() -> TaskManagerSettings {
        TaskManagerSettings {
            memory: Memory::mebibytes(8192),
            cpu: Cpu::cores(2),
            replicas: 4,
            slots: 2,
            local_state_volume: None,
        }
    }
    pub(super) fn one() -> i32 {
        1
    }
    pub(super) fn yes() -> bool {
        true
    }
    pub(super) fn storage_prefix() -> String {
        "flink".into()
    }
    pub(super) fn checkpoint_interval() -> String {
        "5min".into()
    }
    pub(super) fn savepoint_format() -> SavepointFormat {
        SavepointFormat::Native
    }
    pub(super) fn backend() -> StateBackendKind {
        StateBackendKind::Rocksdb
    }
    pub(super) fn kafka_secret() -> String {
        "aiven-credentials".into()
    }
    pub(super) fn kafka_mount() -> String {
        "/opt/flink/secrets/kafka".into()
    }
    pub(super) fn gateway_name() -> String {
        "flink-sql-gateway".into()
    }
    pub(super) fn gateway_port() -> i32 {
        8083
    }
    pub(super) fn idle_timeout() -> String {
        "30min".into()
    }
    pub(super) fn gateway_cpu() -> Cpu {
        Cpu::cores(1)
    }
    pub(super) fn gateway_memory() -> Memory {
        Memory::mebibytes(2048)
    }
    pub(super) fn quota_cpu() -> Cpu {
        Cpu::cores(16)
    }
    pub(super) fn quota_memory() -> Memory {
        Memory::mebibytes(48 * 1024)
    }
    pub(super) fn kafka_ports() -> Vec<i32> {
        vec![9092]
    }
    pub(super) fn anywhere() -> Vec<String> {
        vec!["0.0.0.0/0".into()]
    }
}

impl StudioConfig {
    /// Parses a configuration from YAML text, without overlays or variables. `file` names the
    /// source in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] for invalid YAML, [`Error::Config`] naming the key for a wrong value.
    pub fn from_yaml_str(text: &str, file: &Path) -> Result<Self> {
        let value = load::parse_yaml(text, file)?;
        Self::from_value(value, file)
    }

    /// Builds a configuration from an already merged YAML/JSON tree. `file` names the source in
    /// errors.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the key and the reason.
    pub fn from_value(value: Value, file: &Path) -> Result<Self> {
        serde_path_to_error::deserialize(value).map_err(|err| {
            let key = err.path().to_string();
            Error::Config {
                file: file.to_path_buf(),
                key: if key == "." {
                    "(top level)".into()
                } else {
                    key
                },
                reason: err.into_inner().to_string(),
            }
        })
    }

    /// The Flink version the operator is told (`spec.flinkVersion`).
    pub fn flink_version(&self) -> &FlinkVersion {
        &self.flink.version.version
    }
}
