//! `studio cleanup`: delete the platform in reverse apply order, FlinkDeployment first.

use std::time::{Duration, Instant};

use kube::api::DeleteParams;
use serde::Serialize;

use crate::error::Result;
use crate::object::{KubeObject, ObjectRef};
use crate::platform::Platform;
use crate::readiness::{ClusterState, cluster_state};
use crate::target::Target;
use crate::wait::WaitOptions;

/// What cleanup did to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Removal {
    /// A delete was sent.
    Deleted,
    /// It was not there.
    AlreadyGone,
}

/// The result of a cleanup.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct CleanupReport {
    /// Every object, in deletion order.
    pub objects: Vec<(ObjectRef, Removal)>,
    /// Set when `--wait` found the FlinkDeployment stuck in Terminating.
    pub stuck: Option<ClusterState>,
    /// Objects still present when the wait ended.
    pub remaining: Vec<ObjectRef>,
}

impl CleanupReport {
    /// Whether nothing was there to delete.
    pub fn nothing_left(&self) -> bool {
        self.objects.iter().all(|(_, r)| *r == Removal::AlreadyGone)
    }
}

/// The deletion order: the FlinkDeployment first (the operator tears the cluster down), then
/// the rest in reverse apply order, the namespace last unless kept.
pub fn deletion_order(objects: &[KubeObject], keep_namespace: bool) -> Vec<KubeObject> {
    let mut order: Vec<KubeObject> = objects
        .iter()
        .filter(|o| o.resource.kind == "FlinkDeployment")
        .cloned()
        .collect();
    order.extend(
        objects
            .iter()
            .rev()
            .filter(|o| o.resource.kind != "FlinkDeployment")
            .filter(|o| !(keep_namespace && o.resource.kind == "Namespace"))
            .cloned(),
    );
    order
}

/// Deletes the platform's objects (foreground propagation) and, with `wait`, polls until they
/// are gone, reporting a FlinkDeployment stuck on its finalizer. Safe to run twice.
///
/// # Errors
///
/// The first API error other than "not found".
pub async fn cleanup(
    target: &Target,
    platform: &Platform,
    keep_namespace: bool,
    wait: Option<WaitOptions>,
) -> Result<CleanupReport> {
    let order = deletion_order(&platform.kube_objects()?, keep_namespace);
    let mut report = CleanupReport::default();
    let params = DeleteParams::foreground();
    for object in &order {
        let api = object.api(&target.client);
        let name = object.name();
        let kind = &object.resource.kind;
        let removal = match api.delete(name, &params).await {
            Ok(_) => Removal::Deleted,
            Err(kube::Error::Api(status)) if status.code == 404 => Removal::AlreadyGone,
            Err(err) => {
                return Err(target.error(err, &format!("deleting {kind} {name}"), kind, name));
            }
        };
        report.objects.push((object.reference(), removal));
    }
    let Some(wait) = wait else {
        return Ok(report);
    };
    let start = Instant::now();
    loop {
        let mut remaining = Vec::new();
        let mut fd_state = None;
        for object in &order {
            let api = object.api(&target.client);
            let live = match api.get_opt(object.name()).await {
                Ok(live) => live,
                Err(kube::Error::Api(status)) if status.code == 404 => None,
                Err(err) => {
                    return Err(target.error(
                        err,
                        "waiting for deletion",
                        &object.resource.kind,
                        object.name(),
                    ));
                }
            };
            if let Some(live) = live {
                if object.resource.kind == "FlinkDeployment" {
                    let typed: std::result::Result<studio_manifests::crd::FlinkDeployment, _> =
                        serde_json::to_value(&live).and_then(serde_json::from_value);
                    fd_state = typed.ok().map(|fd| cluster_state(&fd));
                }
                remaining.push(object.reference());
            }
        }
        if remaining.is_empty() {
            return Ok(report);
        }
        if start.elapsed() + Duration::from_secs(1) > wait.timeout {
            report.stuck = fd_state.filter(|s| s.deleting && !s.finalizers.is_empty());
            report.remaining = remaining;
            return Ok(report);
        }
        tokio::time::sleep(wait.interval).await;
    }
}
