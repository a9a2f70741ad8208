//! Pure builders: a [`StudioConfig`] in, typed Kubernetes objects out, in apply order.

mod gateway;
mod identity;
mod labels;
mod network;
mod object;
mod rbac;
mod session_cluster;

use std::path::Path;

use k8s_openapi::api::core::v1::{Namespace, ResourceQuota, ResourceQuotaSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub use labels::{FIELD_MANAGER, PART_OF};
pub use object::PlatformObject;
pub use session_cluster::built_in_plugins;

use crate::config::StudioConfig;
use crate::error::Result;

/// Validates `config` (see [`validate`](crate::validate::validate)) and builds every object of
/// the platform in apply order: Namespace, ServiceAccount, Role, RoleBinding, ResourceQuota,
/// NetworkPolicies, the session-cluster FlinkDeployment, the SQL Gateway Deployment and Service.
///
/// The Kafka credentials Secret is not rendered: secrets never appear in manifests. It must exist
/// before the FlinkDeployment is applied.
///
/// # Errors
///
/// [`Error::Invalid`](crate::Error::Invalid) when a validation rule fails; `file` names the
/// configuration in the message.
pub fn build(config: &StudioConfig, file: &Path) -> Result<Vec<PlatformObject>> {
    crate::validate::validate(config, file)?;
    Ok(build_unchecked(config))
}

/// Builds the objects without validating. Prefer [`build`].
pub fn build_unchecked(config: &StudioConfig) -> Vec<PlatformObject> {
    let mut objects = vec![
        PlatformObject::Namespace(Box::new(namespace(config))),
        PlatformObject::ServiceAccount(Box::new(identity::service_account(config))),
        PlatformObject::Role(Box::new(rbac::role(config))),
        PlatformObject::RoleBinding(Box::new(rbac::role_binding(config))),
    ];
    if config.quota.enabled {
        objects.push(PlatformObject::ResourceQuota(Box::new(resource_quota(
            config,
        ))));
    }
    if config.network_policies.enabled {
        objects.extend(
            network::policies(config)
                .into_iter()
                .map(|p| PlatformObject::NetworkPolicy(Box::new(p))),
        );
    }
    objects.push(PlatformObject::FlinkDeployment(Box::new(
        session_cluster::flink_deployment(config),
    )));
    objects.push(PlatformObject::Deployment(Box::new(gateway::deployment(
        config,
    ))));
    objects.push(PlatformObject::Service(Box::new(gateway::service(config))));
    objects
}

/// The platform namespace.
pub fn namespace(config: &StudioConfig) -> Namespace {
    Namespace {
        metadata: ObjectMeta {
            name: Some(config.namespace.clone()),
            labels: Some(labels::common(config, "namespace")),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    }
}

/// The namespace ResourceQuota (requests and limits alike).
pub fn resource_quota(config: &StudioConfig) -> ResourceQuota {
    let quota = &config.quota;
    let mut hard = std::collections::BTreeMap::new();
    let cpu = quota.cpu.to_quantity();
    let memory = quota.memory.to_quantity();
    hard.insert("requests.cpu".to_owned(), cpu.clone());
    hard.insert("limits.cpu".to_owned(), cpu);
    hard.insert("requests.memory".to_owned(), memory.clone());
    hard.insert("limits.memory".to_owned(), memory);
    if let Some(pods) = quota.pods {
        hard.insert("pods".to_owned(), Quantity(pods.to_string()));
    }
    ResourceQuota {
        metadata: labels::meta(config, &format!("{}-quota", config.namespace), "quota"),
        spec: Some(ResourceQuotaSpec {
            hard: Some(hard),
            ..ResourceQuotaSpec::default()
        }),
        ..ResourceQuota::default()
    }
}
