//! Whether the platform is up: the FlinkDeployment as the operator reports it, and the
//! gateway Deployment as the controllers report it.

use k8s_openapi::api::apps::v1::Deployment;
use serde::Serialize;
use studio_manifests::crd::FlinkDeployment;

use crate::error::Result;
use crate::platform::Platform;
use crate::target::Target;

/// The session cluster's state, read from the FlinkDeployment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClusterState {
    /// Whether the FlinkDeployment exists.
    pub exists: bool,
    /// `metadata.generation`.
    pub generation: Option<i64>,
    /// `status.observedGeneration`.
    pub observed_generation: Option<i64>,
    /// `status.lifecycleState`, e.g. `STABLE`.
    pub lifecycle_state: Option<String>,
    /// `status.jobManagerDeploymentStatus`, e.g. `READY`.
    pub job_manager: Option<String>,
    /// `status.error`, when the operator reports one.
    pub error: Option<String>,
    /// Set while the object is being deleted.
    pub deleting: bool,
    /// Finalizers still on the object.
    pub finalizers: Vec<String>,
}

impl ClusterState {
    /// Ready: the operator saw the current generation, the JobManager is `READY`, the lifecycle
    /// is `STABLE` and there is no error. The operator sets no `status.conditions`, so these
    /// four together are what "done" means.
    pub fn is_ready(&self) -> bool {
        self.exists
            && self.observed_generation.is_some()
            && self.observed_generation == self.generation
            && self.job_manager.as_deref() == Some("READY")
            && self.lifecycle_state.as_deref() == Some("STABLE")
            && self.error.as_deref().is_none_or(str::is_empty)
    }

    /// Failed: the operator reports `FAILED`, `ERROR` or an error message.
    pub fn is_failed(&self) -> bool {
        self.lifecycle_state.as_deref() == Some("FAILED")
            || self.job_manager.as_deref() == Some("ERROR")
    }
}

/// The SQL Gateway Deployment's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GatewayState {
    /// Whether the Deployment exists.
    pub exists: bool,
    /// Desired replicas.
    pub desired: i32,
    /// Ready replicas.
    pub ready: i32,
    /// Whether the `Available` condition is `True` and the controller saw the current spec.
    pub available: bool,
}

/// Both halves of the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The session cluster.
    pub cluster: ClusterState,
    /// The SQL Gateway.
    pub gateway: GatewayState,
}

impl Readiness {
    /// Both ready.
    pub fn is_ready(&self) -> bool {
        self.cluster.is_ready() && self.gateway.available
    }
}

/// Reads the current readiness.
///
/// # Errors
///
/// An API error other than "not found".
pub async fn read(target: &Target, platform: &Platform) -> Result<Readiness> {
    let ns = platform.namespace();
    let fd_api: kube::Api<FlinkDeployment> = kube::Api::namespaced(target.client.clone(), ns);
    let name = platform.cluster_name();
    let fd = fd_api
        .get_opt(name)
        .await
        .map_err(|err| target.error(err, "reading the FlinkDeployment", "FlinkDeployment", name))?;
    let cluster = fd.map(|fd| cluster_state(&fd)).unwrap_or_default();
    let dep_api: kube::Api<Deployment> = kube::Api::namespaced(target.client.clone(), ns);
    let gw = platform.gateway_name();
    let gateway = dep_api
        .get_opt(gw)
        .await
        .map_err(|err| target.error(err, "reading the gateway Deployment", "Deployment", gw))?
        .map(|d| gateway_state(&d))
        .unwrap_or_default();
    Ok(Readiness { cluster, gateway })
}

/// The state of a FlinkDeployment object.
pub fn cluster_state(fd: &FlinkDeployment) -> ClusterState {
    let status = fd.status.as_ref();
    let text = |v: Option<String>| v.map(|s| s.trim_matches('"').to_owned());
    ClusterState {
        exists: true,
        generation: fd.metadata.generation,
        observed_generation: status.and_then(|s| s.observed_generation),
        lifecycle_state: text(
            status
                .and_then(|s| s.lifecycle_state.as_ref())
                .and_then(|v| serde_json::to_string(v).ok()),
        ),
        job_manager: text(
            status
                .and_then(|s| s.job_manager_deployment_status.as_ref())
                .and_then(|v| serde_json::to_string(v).ok()),
        ),
        error: status
            .and_then(|s| s.error.clone())
            .filter(|e| !e.is_empty()),
        deleting: fd.metadata.deletion_timestamp.is_some(),
        finalizers: fd.metadata.finalizers.clone().unwrap_or_default(),
    }
}

/// The state of a Deployment object.
pub fn gateway_state(deployment: &Deployment) -> GatewayState {
    let status = deployment.status.as_ref();
    let current = status.and_then(|s| s.observed_generation) == deployment.metadata.generation;
    let available = status
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|conds| {
            conds.iter().any(|c| {
                c.type_.as_deref() == Some("Available") && c.status.as_deref() == Some("True")
            })
        });
    let desired = deployment.spec.replicas.unwrap_or(1);
    let ready = status.and_then(|s| s.ready_replicas).unwrap_or(0);
    GatewayState {
        exists: true,
        desired,
        ready,
        available: available && current && ready >= desired,
    }
}
