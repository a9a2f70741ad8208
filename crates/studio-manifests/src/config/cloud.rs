//! The target cloud and its per-cloud storage and identity settings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Target cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Google Kubernetes Engine with GCS and GKE Workload Identity.
    Gcp,
    /// Azure Kubernetes Service with ADLS Gen2 and Azure Workload Identity.
    Aks,
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cloud::Gcp => "gcp",
            Cloud::Aks => "aks",
        })
    }
}

impl FromStr for Cloud {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "gcp" | "gke" => Ok(Cloud::Gcp),
            "aks" | "azure" => Ok(Cloud::Aks),
            other => Err(format!("unknown cloud `{other}` (expected gcp or aks)")),
        }
    }
}

/// GKE: a GCS bucket reached through GKE Workload Identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpSettings {
    /// Bucket name, without `gs://`.
    pub bucket: String,
    /// Google service account the Kubernetes service account impersonates.
    pub service_account: String,
}

/// AKS: an ADLS Gen2 container reached through Azure Workload Identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AksSettings {
    /// Storage account (seed variable `AZURE_STORAGE_ACCOUNT_NAME`).
    pub storage_account: String,
    /// Container (seed variable `AZURE_STORAGE_CONTAINER_NAME`).
    pub container: String,
    /// Entra tenant id (seed variable `AZURE_TENANT_ID`); Hadoop's workload identity token
    /// provider requires it.
    pub tenant_id: String,
    /// Client id of the user-assigned managed identity (seed variable `AZURE_CLIENT_ID`).
    pub client_id: String,
}
