//! One rendered object of any kind the platform uses.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, ResourceQuota, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::crd::FlinkDeployment;

/// A typed object of the platform. Serializes as the plain Kubernetes object (with `apiVersion`
/// and `kind`); [`PlatformObject::from_value`] parses one back by its `kind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PlatformObject {
    /// The platform namespace.
    Namespace(Box<Namespace>),
    /// Service account with workload identity.
    ServiceAccount(Box<ServiceAccount>),
    /// Role for Flink's native mode and HA.
    Role(Box<Role>),
    /// Binding of the role to the service account.
    RoleBinding(Box<RoleBinding>),
    /// Namespace quota.
    ResourceQuota(Box<ResourceQuota>),
    /// A network policy.
    NetworkPolicy(Box<NetworkPolicy>),
    /// The session cluster.
    FlinkDeployment(Box<FlinkDeployment>),
    /// The SQL Gateway Deployment.
    Deployment(Box<Deployment>),
    /// The SQL Gateway Service.
    Service(Box<Service>),
}

impl PlatformObject {
    /// The object's `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            PlatformObject::Namespace(_) => "Namespace",
            PlatformObject::ServiceAccount(_) => "ServiceAccount",
            PlatformObject::Role(_) => "Role",
            PlatformObject::RoleBinding(_) => "RoleBinding",
            PlatformObject::ResourceQuota(_) => "ResourceQuota",
            PlatformObject::NetworkPolicy(_) => "NetworkPolicy",
            PlatformObject::FlinkDeployment(_) => "FlinkDeployment",
            PlatformObject::Deployment(_) => "Deployment",
            PlatformObject::Service(_) => "Service",
        }
    }

    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            PlatformObject::Namespace(o) => &o.metadata,
            PlatformObject::ServiceAccount(o) => &o.metadata,
            PlatformObject::Role(o) => &o.metadata,
            PlatformObject::RoleBinding(o) => &o.metadata,
            PlatformObject::ResourceQuota(o) => &o.metadata,
            PlatformObject::NetworkPolicy(o) => &o.metadata,
            PlatformObject::FlinkDeployment(o) => &o.metadata,
            PlatformObject::Deployment(o) => &o.metadata,
            PlatformObject::Service(o) => &o.metadata,
        }
    }

    /// The object's name.
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// Parses an object by its `kind`.
    ///
    /// # Errors
    ///
    /// A message naming the kind and the JSON path when the object does not match its type.
    pub fn from_value(value: serde_json::Value) -> Result<PlatformObject, String> {
        fn parse<T: for<'de> Deserialize<'de>>(value: serde_json::Value) -> Result<T, String> {
            serde_path_to_error::deserialize(value)
                .map_err(|err| format!("{}: {}", err.path(), err.inner()))
        }
        let kind = value
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or_default()
            .to_owned();
        let object = match kind.as_str() {
            "Namespace" => PlatformObject::Namespace(Box::new(parse(value)?)),
            "ServiceAccount" => PlatformObject::ServiceAccount(Box::new(parse(value)?)),
            "Role" => PlatformObject::Role(Box::new(parse(value)?)),
            "RoleBinding" => PlatformObject::RoleBinding(Box::new(parse(value)?)),
            "ResourceQuota" => PlatformObject::ResourceQuota(Box::new(parse(value)?)),
            "NetworkPolicy" => PlatformObject::NetworkPolicy(Box::new(parse(value)?)),
            "FlinkDeployment" => PlatformObject::FlinkDeployment(Box::new(parse(value)?)),
            "Deployment" => PlatformObject::Deployment(Box::new(parse(value)?)),
            "Service" => PlatformObject::Service(Box::new(parse(value)?)),
            other => return Err(format!("unexpected kind `{other}`")),
        };
        Ok(object)
    }
}
