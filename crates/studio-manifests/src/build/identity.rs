//! Workload identity: the Kubernetes service account and the per-cloud pod wiring.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ServiceAccount;

use super::labels;
use crate::config::{Cloud, StudioConfig};

/// GKE annotation naming the Google service account a Kubernetes service account acts as.
pub const GKE_SERVICE_ACCOUNT_ANNOTATION: &str = "iam.gke.io/gcp-service-account";
/// AKS annotation naming the managed identity's client id.
pub const AZURE_CLIENT_ID_ANNOTATION: &str = "azure.workload.identity/client-id";
/// AKS annotation naming the tenant.
pub const AZURE_TENANT_ID_ANNOTATION: &str = "azure.workload.identity/tenant-id";
/// AKS pod label that makes the webhook inject the federated token.
pub const AZURE_USE_LABEL: &str = "azure.workload.identity/use";
/// Where the AKS webhook mounts the federated token.
pub const AZURE_TOKEN_FILE: &str = "/var/run/secrets/azure/tokens/azure-identity-token";

/// The service account of Flink and the gateway, annotated for the cloud's workload identity.
pub(crate) fn service_account(config: &StudioConfig) -> ServiceAccount {
    let mut metadata = labels::meta(config, &config.flink.service_account, "identity");
    let mut annotations = BTreeMap::new();
    match config.cloud {
        Cloud::Gcp => {
            if let Some(gcp) = &config.gcp {
                annotations.insert(
                    GKE_SERVICE_ACCOUNT_ANNOTATION.into(),
                    gcp.service_account.clone(),
                );
            }
        }
        Cloud::Aks => {
            if let Some(aks) = &config.aks {
                annotations.insert(AZURE_CLIENT_ID_ANNOTATION.into(), aks.client_id.clone());
                annotations.insert(AZURE_TENANT_ID_ANNOTATION.into(), aks.tenant_id.clone());
            }
        }
    }
    metadata.annotations = Some(annotations);
    ServiceAccount {
        metadata,
        ..ServiceAccount::default()
    }
}

/// Labels every pod using the identity needs (AKS: `azure.workload.identity/use: "true"`).
pub(crate) fn pod_labels(config: &StudioConfig) -> BTreeMap<String, String> {
    match config.cloud {
        Cloud::Gcp => BTreeMap::new(),
        Cloud::Aks => BTreeMap::from([(AZURE_USE_LABEL.to_owned(), "true".to_owned())]),
    }
}
