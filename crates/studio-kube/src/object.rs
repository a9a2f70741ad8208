//! Objects to apply, whatever their kind, with the API resource each belongs to.

use std::fmt;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, ResourceQuota, Secret, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{ApiResource, DynamicObject};
use kube::core::Resource;
use serde::Serialize;
use studio_manifests::build::PlatformObject;
use studio_manifests::crd::FlinkDeployment;

use crate::error::{Error, Result};

/// Names one object: kind, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ObjectRef {
    /// The object's kind.
    pub kind: String,
    /// The namespace, for namespaced kinds.
    pub namespace: Option<String>,
    /// The object's name.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

/// One object ready for the API: its JSON, its API resource and its scope.
#[derive(Debug, Clone)]
pub struct KubeObject {
    /// The API resource (group, version, plural).
    pub resource: ApiResource,
    /// Whether the kind is namespaced.
    pub namespaced: bool,
    /// The object itself.
    pub object: DynamicObject,
}

impl KubeObject {
    /// Erases a typed object.
    ///
    /// # Errors
    ///
    /// [`Error::Encoding`] when the object does not serialize.
    pub fn from_typed<K>(typed: &K, namespaced: bool) -> Result<KubeObject>
    where
        K: Resource<DynamicType = ()> + Serialize,
    {
        let resource = ApiResource::erase::<K>(&());
        let value = serde_json::to_value(typed).map_err(|err| Error::Encoding {
            what: format!(
                "{} {}",
                resource.kind,
                typed.meta().name.clone().unwrap_or_default()
            ),
            message: err.to_string(),
        })?;
        let mut object: DynamicObject =
            serde_json::from_value(value).map_err(|err| Error::Encoding {
                what: resource.kind.clone(),
                message: err.to_string(),
            })?;
        object.types = Some(kube::core::TypeMeta {
            api_version: resource.api_version.clone(),
            kind: resource.kind.clone(),
        });
        Ok(KubeObject {
            resource,
            namespaced,
            object,
        })
    }

    /// Erases one of the platform's objects.
    ///
    /// # Errors
    ///
    /// [`Error::Encoding`] when the object does not serialize.
    pub fn from_platform(object: &PlatformObject) -> Result<KubeObject> {
        match object {
            PlatformObject::Namespace(o) => Self::from_typed::<Namespace>(o, false),
            PlatformObject::ServiceAccount(o) => Self::from_typed::<ServiceAccount>(o, true),
            PlatformObject::Role(o) => Self::from_typed::<Role>(o, true),
            PlatformObject::RoleBinding(o) => Self::from_typed::<RoleBinding>(o, true),
            PlatformObject::ResourceQuota(o) => Self::from_typed::<ResourceQuota>(o, true),
            PlatformObject::NetworkPolicy(o) => Self::from_typed::<NetworkPolicy>(o, true),
            PlatformObject::FlinkDeployment(o) => Self::from_typed::<FlinkDeployment>(o, true),
            PlatformObject::Deployment(o) => Self::from_typed::<Deployment>(o, true),
            PlatformObject::Service(o) => Self::from_typed::<Service>(o, true),
            other => Err(Error::Encoding {
                what: other.kind().to_owned(),
                message: "this kind is not known to studio-kube".into(),
            }),
        }
    }

    /// Erases a Secret.
    ///
    /// # Errors
    ///
    /// [`Error::Encoding`] when the object does not serialize.
    pub fn from_secret(secret: &Secret) -> Result<KubeObject> {
        Self::from_typed(secret, true)
    }

    /// Erases a CustomResourceDefinition.
    ///
    /// # Errors
    ///
    /// [`Error::Encoding`] when the object does not serialize.
    pub fn from_crd(crd: &CustomResourceDefinition) -> Result<KubeObject> {
        Self::from_typed(crd, false)
    }

    /// Kind, namespace and name.
    pub fn reference(&self) -> ObjectRef {
        ObjectRef {
            kind: self.resource.kind.clone(),
            namespace: if self.namespaced {
                self.object.metadata.namespace.clone()
            } else {
                None
            },
            name: self.object.metadata.name.clone().unwrap_or_default(),
        }
    }

    /// The object's name.
    pub fn name(&self) -> &str {
        self.object.metadata.name.as_deref().unwrap_or_default()
    }

    /// The stage of the apply order: objects of one stage go concurrently, stages one after
    /// the other (namespace; identities, policies and services; bindings; workloads).
    pub fn stage(&self) -> u8 {
        match self.resource.kind.as_str() {
            "CustomResourceDefinition" | "Namespace" => 0,
            "RoleBinding" => 2,
            "FlinkDeployment" | "Deployment" => 3,
            _ => 1,
        }
    }

    /// A typed `Api` for this object.
    pub(crate) fn api(&self, client: &kube::Client) -> kube::Api<DynamicObject> {
        match (&self.object.metadata.namespace, self.namespaced) {
            (Some(ns), true) => kube::Api::namespaced_with(client.clone(), ns, &self.resource),
            _ => kube::Api::all_with(client.clone(), &self.resource),
        }
    }
}

/// Erases every platform object, keeping the apply order.
///
/// # Errors
///
/// [`Error::Encoding`] when an object does not serialize.
pub fn from_platform(objects: &[PlatformObject]) -> Result<Vec<KubeObject>> {
    objects.iter().map(KubeObject::from_platform).collect()
}
