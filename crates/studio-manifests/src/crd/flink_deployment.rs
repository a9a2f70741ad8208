//! `FlinkDeployment`: a Flink application or session cluster managed by the operator.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodTemplateSpec;
use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    Extra, FlinkConfiguration, FlinkVersion, JobSpec, JobStatus, ReconciliationStatus, Resource,
    ResourceLifecycleState, string_enum,
};

/// Spec of a Flink application or session cluster (`spec` of a `FlinkDeployment`).
///
/// A session cluster has no `job`.
#[derive(CustomResource, Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "flink.apache.org",
    version = "v1beta1",
    kind = "FlinkDeployment",
    plural = "flinkdeployments",
    shortname = "flinkdep",
    namespaced,
    status = "FlinkDeploymentStatus",
    derive = "PartialEq",
    derive = "Default",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct FlinkDeploymentSpec {
    /// Job of an application deployment; `None` for a session cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobSpec>,
    /// Change to restart the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_nonce: Option<i64>,
    /// Flink configuration overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_configuration: Option<FlinkConfiguration>,
    /// Flink image for the JobManager and TaskManager pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image pull policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    /// Kubernetes service account of the Flink pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// Flink version of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_version: Option<FlinkVersion>,
    /// Ingress for the JobManager UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<IngressSpec>,
    /// Base pod template for JobManager and TaskManager pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplateSpec>,
    /// JobManager spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_manager: Option<JobManagerSpec>,
    /// TaskManager spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_manager: Option<TaskManagerSpec>,
    /// Log configuration overrides (file name to content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<BTreeMap<String, String>>,
    /// Deployment mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<KubernetesDeploymentMode>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Ingress for the JobManager.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IngressSpec {
    /// Host template, e.g. `{{name}}.{{namespace}}.example.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Ingress class name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Ingress annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Ingress labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Fields not modelled here (e.g. `tls`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// JobManager spec.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobManagerSpec {
    /// Resources of each JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// Number of JobManagers; more than one needs high availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Pod template merged over `spec.podTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplateSpec>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// TaskManager spec.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskManagerSpec {
    /// Resources of each TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// Number of TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Pod template merged over `spec.podTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplateSpec>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// How Flink runs on Kubernetes.
    KubernetesDeploymentMode {
        /// Flink's native Kubernetes integration (the JobManager creates TaskManager pods).
        Native => "native",
        /// Standalone mode (the operator creates TaskManager deployments).
        Standalone => "standalone",
    }
}

string_enum! {
    /// Status of the JobManager deployment.
    JobManagerDeploymentStatus {
        /// Running and serving REST calls.
        Ready => "READY",
        /// Running, REST not ready yet.
        DeployedNotReady => "DEPLOYED_NOT_READY",
        /// Starting.
        Deploying => "DEPLOYING",
        /// Not found.
        Missing => "MISSING",
        /// Terminal error; needs a spec change.
        Error => "ERROR",
    }
}

/// TaskManager information for the scale subresource.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskManagerInfo {
    /// TaskManager label selector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<String>,
    /// Number of TaskManager replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Last observed status of a `FlinkDeployment`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlinkDeploymentStatus {
    /// Status of the job (application mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_status: Option<JobStatus>,
    /// Error reported by the operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Last generation the operator observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Lifecycle state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_state: Option<ResourceLifecycleState>,
    /// Information about the running cluster (Flink version, revision, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_info: Option<BTreeMap<String, String>>,
    /// Status of the JobManager deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_manager_deployment_status: Option<JobManagerDeploymentStatus>,
    /// Status of the last reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation_status: Option<ReconciliationStatus>,
    /// TaskManager information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_manager: Option<TaskManagerInfo>,
    /// Conditions (operator 1.13 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition>>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FlinkDeploymentStatus {
    /// Whether the session cluster is up: the operator has seen the current `generation`, the
    /// JobManager is `READY` and the lifecycle state is `STABLE`.
    pub fn is_ready(&self, generation: Option<i64>) -> bool {
        self.observed_generation.is_some()
            && self.observed_generation == generation
            && self.job_manager_deployment_status == Some(JobManagerDeploymentStatus::Ready)
            && self.lifecycle_state == Some(ResourceLifecycleState::Stable)
    }

    /// Whether the operator reports a failure (`FAILED`, `ERROR` or a non-empty `error`).
    pub fn is_failed(&self) -> bool {
        self.lifecycle_state == Some(ResourceLifecycleState::Failed)
            || self.job_manager_deployment_status == Some(JobManagerDeploymentStatus::Error)
            || self.error.as_deref().is_some_and(|error| !error.is_empty())
    }
}
