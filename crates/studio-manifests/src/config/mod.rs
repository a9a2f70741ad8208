//! Typed platform configuration (`studio.yaml`) and its per-environment overlays.
//!
//! Keys are camelCase and unknown keys are rejected, so a typo fails at render time rather than
//! at deploy time. [`load`] reads a file, applies an environment overlay and
//! resolves `${VAR}` references; [`StudioConfig::from_yaml_str`] parses text directly.

mod cloud;
mod defaults;
mod flink;
mod load;
mod platform;
mod quantity;
mod vars;
mod version;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use cloud::{AksSettings, Cloud, GcpSettings};
pub use flink::{
    CheckpointSettings, FlinkSettings, HighAvailabilitySettings, JobManagerSettings,
    LocalStateVolume, SavepointFormat, StateBackendKind, StateBackendSettings, TaskManagerSettings,
};
pub use load::{LoadOptions, SEED_VARIABLES, load};
pub use platform::{GatewaySettings, KafkaSettings, NetworkPolicySettings, QuotaSettings};
pub use quantity::{Cpu, Memory};
pub use version::{FlinkRelease, OperatorVersion};

use crate::crd::FlinkVersion;
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
