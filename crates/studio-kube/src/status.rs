//! `studio status`: the platform as the cluster holds it.

use k8s_openapi::api::core::v1::{Pod, ResourceQuota};
use kube::api::ListParams;
use serde::Serialize;

use crate::error::Result;
use crate::events::{Warning, recent_warnings};
use crate::platform::Platform;
use crate::readiness::{Readiness, read};
use crate::scale::current_taskmanagers;
use crate::target::Target;

/// One pod of the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodState {
    /// Pod name.
    pub name: String,
    /// `jobmanager`, `taskmanager` or `gateway`.
    pub role: String,
    /// Pod phase.
    pub phase: String,
    /// Whether every container is ready.
    pub ready: bool,
    /// Container restarts, summed.
    pub restarts: i32,
}

/// Usage of one quota resource against its hard limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaUse {
    /// Quota name.
    pub quota: String,
    /// Resource, e.g. `requests.cpu`.
    pub resource: String,
    /// Used, as the server reports it.
    pub used: String,
    /// Hard limit.
    pub hard: String,
}

/// Everything `studio status` shows.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformStatus {
    /// Context, server and namespace.
    pub context: String,
    /// API server URL.
    pub server: String,
    /// Namespace.
    pub namespace: String,
    /// Session cluster and gateway readiness.
    pub readiness: Readiness,
    /// TaskManagers the spec asks for (`studio scale` or the configuration).
    pub taskmanagers_desired: Option<i32>,
    /// The platform's pods.
    pub pods: Vec<PodState>,
    /// Quota usage.
    pub quota: Vec<QuotaUse>,
    /// Recent Warning events.
    pub warnings: Vec<Warning>,
}

/// Reads the platform's status.
///
/// # Errors
///
/// An API error (unreachable, forbidden).
pub async fn read_status(target: &Target, platform: &Platform) -> Result<PlatformStatus> {
    let ns = platform.namespace();
    let readiness = read(target, platform).await?;
    let taskmanagers_desired = current_taskmanagers(target, platform).await?;
    let pods_api: kube::Api<Pod> = kube::Api::namespaced(target.client.clone(), ns);
    let selector = format!(
        "app.kubernetes.io/part-of={}",
        studio_manifests::build::PART_OF
    );
    let mut pods = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for selector in [selector, format!("app={}", platform.cluster_name())] {
        let list = pods_api
            .list(&ListParams::default().labels(&selector))
            .await
            .map_err(|err| target.error(err, "listing pods", "Pod", ns))?;
        for pod in list.items {
            let name = pod.metadata.name.clone().unwrap_or_default();
            if seen.insert(name.clone()) {
                pods.push(pod_state(platform, &pod));
            }
        }
    }
    pods.sort_by(|a, b| {
        (a.role.as_str(), a.name.as_str()).cmp(&(b.role.as_str(), b.name.as_str()))
    });
    let quota_api: kube::Api<ResourceQuota> = kube::Api::namespaced(target.client.clone(), ns);
    let quotas = quota_api
        .list(&ListParams::default())
        .await
        .map_err(|err| target.error(err, "listing quotas", "ResourceQuota", ns))?;
    let mut quota = Vec::new();
    for q in quotas.items {
        let name = q.metadata.name.clone().unwrap_or_default();
        let status = q.status.unwrap_or_default();
        let used = status.used.unwrap_or_default();
        for (resource, hard) in status.hard.unwrap_or_default() {
            quota.push(QuotaUse {
                quota: name.clone(),
                used: used
                    .get(&resource)
                    .map(|q| q.0.clone())
                    .unwrap_or_else(|| "0".into()),
                resource,
                hard: hard.0,
            });
        }
    }
    let warnings = recent_warnings(target, ns, 10).await?;
    Ok(PlatformStatus {
        context: target.context.clone(),
        server: target.server.clone(),
        namespace: ns.to_owned(),
        readiness,
        taskmanagers_desired,
        pods,
        quota,
        warnings,
    })
}

fn pod_state(platform: &Platform, pod: &Pod) -> PodState {
    let labels = pod.metadata.labels.clone().unwrap_or_default();
    let role = labels
        .get("component")
        .cloned()
        .or_else(|| {
            labels
                .get("app.kubernetes.io/name")
                .filter(|n| n.as_str() == platform.gateway_name())
                .map(|_| "gateway".to_owned())
        })
        .or_else(|| labels.get("app.kubernetes.io/component").cloned())
        .unwrap_or_else(|| "other".into());
    let status = pod.status.clone().unwrap_or_default();
    let containers = status.container_statuses.unwrap_or_default();
    PodState {
        name: pod.metadata.name.clone().unwrap_or_default(),
        role,
        phase: status.phase.unwrap_or_default(),
        ready: !containers.is_empty() && containers.iter().all(|c| c.ready),
        restarts: containers.iter().map(|c| c.restart_count).sum(),
    }
}
