//! Platform services around the cluster: Kafka credentials, SQL Gateway, quota and network
//! policies.

use serde::{Deserialize, Serialize};

use super::defaults;
use super::{Cpu, Memory};

/// Kafka credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KafkaSettings {
    /// Secret with the Kafka username, password and truststore (created outside `studio render`).
    #[serde(default = "defaults::kafka_secret")]
    pub credentials_secret: String,
    /// Where the secret is mounted in Flink and gateway containers.
    #[serde(default = "defaults::kafka_mount")]
    pub mount_path: String,
}

impl Default for KafkaSettings {
    fn default() -> Self {
        KafkaSettings {
            credentials_secret: defaults::kafka_secret(),
            mount_path: defaults::kafka_mount(),
        }
    }
}

/// SQL Gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GatewaySettings {
    /// Name of the Deployment and Service.
    #[serde(default = "defaults::gateway_name")]
    pub name: String,
    /// REST port.
    #[serde(default = "defaults::gateway_port")]
    pub port: i32,
    /// `sql-gateway.session.idle-timeout` (Flink duration).
    #[serde(default = "defaults::idle_timeout")]
    pub session_idle_timeout: String,
    /// CPU request and limit.
    #[serde(default = "defaults::gateway_cpu")]
    pub cpu: Cpu,
    /// Memory request and limit.
    #[serde(default = "defaults::gateway_memory")]
    pub memory: Memory,
}

impl Default for GatewaySettings {
    fn default() -> Self {
        GatewaySettings {
            name: defaults::gateway_name(),
            port: defaults::gateway_port(),
            session_idle_timeout: defaults::idle_timeout(),
            cpu: defaults::gateway_cpu(),
            memory: defaults::gateway_memory(),
        }
    }
}

/// Namespace resource quota (requests and limits are set to the same values, as the operator
/// sets pod requests equal to limits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuotaSettings {
    /// Render a ResourceQuota.
    #[serde(default = "defaults::yes")]
    pub enabled: bool,
    /// Total CPU.
    #[serde(default = "defaults::quota_cpu")]
    pub cpu: Cpu,
    /// Total memory.
    #[serde(default = "defaults::quota_memory")]
    pub memory: Memory,
    /// Maximum number of pods, if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<i32>,
}

impl Default for QuotaSettings {
    fn default() -> Self {
        QuotaSettings {
            enabled: true,
            cpu: defaults::quota_cpu(),
            memory: defaults::quota_memory(),
            pods: None,
        }
    }
}

/// Network policy toggles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicySettings {
    /// Render network policies at all.
    #[serde(default = "defaults::yes")]
    pub enabled: bool,
    /// Deny all traffic not allowed by another policy.
    #[serde(default = "defaults::yes")]
    pub default_deny: bool,
    /// Allow egress to Kafka.
    #[serde(default = "defaults::yes")]
    pub kafka_egress: bool,
    /// Kafka broker ports (Aiven services use a per-service port).
    #[serde(default = "defaults::kafka_ports")]
    pub kafka_ports: Vec<i32>,
    /// CIDRs Kafka brokers live in.
    #[serde(default = "defaults::anywhere")]
    pub kafka_cidrs: Vec<String>,
    /// CIDRs of the Kubernetes API server (Flink's native mode and HA talk to it).
    #[serde(default = "defaults::anywhere")]
    pub api_server_cidrs: Vec<String>,
    /// Namespaces whose pods may call the SQL Gateway (the platform namespace always may).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_clients: Vec<String>,
}

impl Default for NetworkPolicySettings {
    fn default() -> Self {
        NetworkPolicySettings {
            enabled: true,
            default_deny: true,
            kafka_egress: true,
            kafka_ports: defaults::kafka_ports(),
            kafka_cidrs: defaults::anywhere(),
            api_server_cidrs: defaults::anywhere(),
            gateway_clients: Vec::new(),
        }
    }
}
