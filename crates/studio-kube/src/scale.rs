//! `studio scale N`: the TaskManager count of a native session cluster.
//!
//! In native mode Flink's ResourceManager starts TaskManagers on demand; `taskManager.replicas`
//! belongs to standalone mode. So scaling sets the floor `slotmanager.number-of-slots.min`
//! to N × slots (and records N in `taskManager.replicas` for readers), applied with its own
//! field manager so a later `studio deploy` leaves both fields to `studio scale`.

use k8s_openapi::api::core::v1::ResourceQuota;
use kube::api::{Patch, PatchParams};
use serde::Serialize;
use studio_manifests::crd::FlinkDeployment;

use crate::error::Result;
use crate::platform::{MIN_SLOTS_KEY, Platform, SCALE_FIELD_MANAGER};
pub use crate::resources::QuotaLimit;
use crate::resources::{Resources, quota_limits};
use crate::target::Target;

/// Before and after of a scale, with the quota verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ScalePlan {
    /// TaskManagers the live spec asks for now (`None`: no FlinkDeployment).
    pub current: Option<i32>,
    /// TaskManagers asked for.
    pub target: i32,
    /// Resources now.
    pub before: Resources,
    /// Resources after.
    pub after: Resources,
    /// Every quota limit checked.
    pub quota: Vec<QuotaLimit>,
}

impl ScalePlan {
    /// Whether every quota limit holds the scaled platform.
    pub fn fits(&self) -> bool {
        self.quota.iter().all(|q| q.fits)
    }

    /// Whether the count changes.
    pub fn changes(&self) -> bool {
        self.current != Some(self.target)
    }
}

/// The TaskManager count the live FlinkDeployment asks for: the slot floor divided by the
/// slots per TaskManager, else `taskManager.replicas`.
///
/// # Errors
///
/// An API error other than "not found".
pub async fn current_taskmanagers(target: &Target, platform: &Platform) -> Result<Option<i32>> {
    let api: kube::Api<FlinkDeployment> =
        kube::Api::namespaced(target.client.clone(), platform.namespace());
    let name = platform.cluster_name();
    let fd = match api.get_opt(name).await {
        Ok(fd) => fd,
        Err(kube::Error::Api(status)) if status.code == 404 => None,
        Err(err) => {
            return Err(target.error(err, "reading the FlinkDeployment", "FlinkDeployment", name));
        }
    };
    Ok(fd.map(|fd| {
        let slots = platform.config.flink.task_manager.slots.max(1);
        let floor = fd
            .spec
            .flink_configuration
            .as_ref()
            .and_then(|conf| conf.get_str(MIN_SLOTS_KEY))
            .and_then(|v| v.parse::<i32>().ok());
        match floor {
            Some(min) => min / slots,
            None => fd
                .spec
                .task_manager
                .as_ref()
                .and_then(|tm| tm.replicas)
                .unwrap_or(platform.config.flink.task_manager.replicas),
        }
    }))
}

/// Computes the before/after resources of scaling to `taskmanagers` and checks them against
/// every ResourceQuota of the namespace.
///
/// # Errors
///
/// An API error while reading.
pub async fn plan(target: &Target, platform: &Platform, taskmanagers: i32) -> Result<ScalePlan> {
    let current = current_taskmanagers(target, platform).await?;
    let before = Resources::of_platform(&platform.config, current.or(Some(0)));
    let after = Resources::of_platform(&platform.config, Some(taskmanagers));
    let api: kube::Api<ResourceQuota> =
        kube::Api::namespaced(target.client.clone(), platform.namespace());
    let quotas = api
        .list(&Default::default())
        .await
        .map_err(|err| target.error(err, "listing quotas", "ResourceQuota", ""))?;
    let limits = quota_limits(&quotas.items, &after);
    Ok(ScalePlan {
        current,
        target: taskmanagers,
        before,
        after,
        quota: limits,
    })
}

/// The partial FlinkDeployment `studio scale` applies: only the fields it owns.
pub fn scale_object(platform: &Platform, taskmanagers: i32) -> serde_json::Value {
    let floor = taskmanagers.saturating_mul(platform.config.flink.task_manager.slots);
    serde_json::json!({
        "apiVersion": "flink.apache.org/v1beta1",
        "kind": "FlinkDeployment",
        "metadata": {"name": platform.cluster_name(), "namespace": platform.namespace()},
        "spec": {
            "taskManager": {"replicas": taskmanagers},
            "flinkConfiguration": {MIN_SLOTS_KEY: floor.to_string()}
        }
    })
}

/// Applies the TaskManager count with the scale field manager, taking the two fields over
/// from `studio deploy` (forced: documented in `docs/kubernetes.md`). Returns the new
/// `resourceVersion`. With `dry_run` the server validates and persists nothing.
///
/// # Errors
///
/// The API error (forbidden, rejected, unreachable).
pub async fn apply(
    target: &Target,
    platform: &Platform,
    taskmanagers: i32,
    dry_run: bool,
) -> Result<String> {
    let api: kube::Api<FlinkDeployment> =
        kube::Api::namespaced(target.client.clone(), platform.namespace());
    let mut params = PatchParams::apply(SCALE_FIELD_MANAGER).force();
    if dry_run {
        params = params.dry_run();
    }
    let name = platform.cluster_name();
    let applied = api
        .patch(
            name,
            &params,
            &Patch::Apply(scale_object(platform, taskmanagers)),
        )
        .await
        .map_err(|err| target.error(err, "scaling the FlinkDeployment", "FlinkDeployment", name))?;
    Ok(applied.metadata.resource_version.unwrap_or_default())
}

/// Removes from a FlinkDeployment about to be deployed the fields `studio scale` owns on the
/// live object, so the deploy neither conflicts with nor undoes a scale.
pub fn yield_scaled_fields(
    live: &kube::api::DynamicObject,
    planned: &mut kube::api::DynamicObject,
) {
    let scaled = live
        .metadata
        .managed_fields
        .iter()
        .flatten()
        .any(|entry| entry.manager.as_deref() == Some(SCALE_FIELD_MANAGER));
    if !scaled {
        return;
    }
    if let Some(spec) = planned.data.get_mut("spec").and_then(|s| s.as_object_mut()) {
        if let Some(tm) = spec.get_mut("taskManager").and_then(|t| t.as_object_mut()) {
            tm.remove("replicas");
        }
        if let Some(conf) = spec
            .get_mut("flinkConfiguration")
            .and_then(|c| c.as_object_mut())
        {
            conf.remove(MIN_SLOTS_KEY);
        }
    }
}
