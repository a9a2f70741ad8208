//! `studio doctor`: read-only checks of everything a platform needs, each with a typed
//! [`Hint`] the CLI words. Nothing here changes the cluster (the connector check only
//! declares temporary tables in a gateway session of its own and closes it).

use std::collections::BTreeSet;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec, SubjectAccessReview,
    SubjectAccessReviewSpec,
};
use kube::api::PostParams;
use serde::Serialize;
use studio_manifests::config::Cloud;

use crate::error::{Error, flatten};
use crate::platform::Platform;
use crate::portforward::{Destination, Forwarder};
use crate::target::Target;
use crate::{preflight, readiness, status};

mod access;
mod cluster;
mod kafka;
mod services;

pub use access::{service_account_permissions, user_permissions};
pub use cluster::OPERATOR_DEPLOYMENT;
pub use kafka::{
    KafkaCredentials, KafkaOptions, Mechanism, SHADED_SCRAM_MODULE, UNSHADED_SCRAM_MODULE, jaas,
    probe,
};
pub use services::{CONNECTORS, artifact_for, missing_factory};

use access::rbac;
use cluster::{operator, pods, storage};
use services::services;

/// A group of checks, as `--only` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Group {
    /// Local tools (`helm`).
    Tools,
    /// The cluster: reachable, version, context.
    Cluster,
    /// Permissions of the user and of the Flink service account.
    Rbac,
    /// Operator CRDs and Deployment, a FlinkDeployment stuck deleting.
    Operator,
    /// Namespace quota headroom.
    Quota,
    /// The Kafka credentials Secret.
    Secret,
    /// Checkpoint/savepoint storage URIs.
    Storage,
    /// Pods, restarts, Warning events.
    Pods,
    /// SQL Gateway `/v1/info` and JobManager `/overview`.
    Gateway,
    /// Connector factories loadable by the gateway.
    Connectors,
    /// The Kafka brokers: TLS, SASL, metadata, and the JAAS login module.
    Kafka,
    /// Workload Identity in the cloud (GCP IAM / Azure ARM); the CLI runs it through
    /// `studio-cloud`.
    Cloud,
}

impl Group {
    /// Every group, in the order doctor runs them.
    pub const ALL: [Group; 12] = [
        Group::Tools,
        Group::Cluster,
        Group::Rbac,
        Group::Operator,
        Group::Quota,
        Group::Secret,
        Group::Storage,
        Group::Pods,
        Group::Gateway,
        Group::Connectors,
        Group::Kafka,
        Group::Cloud,
    ];
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Fine.
    Pass,
    /// Worth knowing, not blocking.
    Warn,
    /// Blocking; doctor exits non-zero.
    Fail,
    /// Not run because an earlier check failed (e.g. the cluster is unreachable).
    Skip,
}

/// A permission: verb on a resource (`group/resource`, core group empty).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Permission {
    /// Verb, e.g. `patch`.
    pub verb: String,
    /// API group, empty for the core group.
    pub group: String,
    /// Resource (plural), e.g. `flinkdeployments`.
    pub resource: String,
    /// Namespace, `None` for cluster-scoped.
    pub namespace: Option<String>,
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.verb, self.resource)?;
        if !self.group.is_empty() {
            write!(f, ".{}", self.group)?;
        }
        if let Some(ns) = &self.namespace {
            write!(f, " (namespace {ns})")?;
        }
        Ok(())
    }
}

/// What to do about a failed or warned check; the CLI turns it into wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "hint", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Hint {
    /// Install helm (only `studio operator install` needs it).
    InstallHelm,
    /// Fix the kubeconfig/context, or the network to the API server.
    CheckKubeconfig,
    /// Ask a cluster admin for these permissions of the user.
    GrantUser {
        /// The missing permissions.
        missing: Vec<Permission>,
    },
    /// Grant the Flink/gateway service account these permissions (re-deploy creates its Role).
    GrantServiceAccount {
        /// `system:serviceaccount:<ns>:<name>`.
        account: String,
        /// The missing permissions.
        missing: Vec<Permission>,
    },
    /// Install or upgrade the operator (and its CRDs) to this version.
    InstallOperator {
        /// Operator version the configuration needs.
        version: String,
    },
    /// The operator Deployment is not ready: look at its pods and logs.
    InspectOperator {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
    /// A FlinkDeployment is stuck deleting on its finalizer.
    StuckFinalizer {
        /// Namespace.
        namespace: String,
        /// FlinkDeployment name.
        name: String,
    },
    /// Lower the platform's sizes or raise the namespace quota.
    ResizeOrRaiseQuota,
    /// Create the Kafka Secret.
    CreateKafkaSecret {
        /// Secret name.
        name: String,
        /// Namespace.
        namespace: String,
    },
    /// Fix the storage settings of the configuration.
    FixStorage {
        /// The configuration key.
        key: String,
    },
    /// Deploy the platform first.
    Deploy,
    /// Look at a pod that is not ready or restarting.
    InspectPod {
        /// Namespace.
        namespace: String,
        /// Pod name.
        name: String,
    },
    /// No TaskManager registered or no free slot: scale up.
    AddTaskManagers,
    /// A connector jar is missing from the gateway's (and cluster's) classpath.
    AddConnectorJar {
        /// The connector identifier, e.g. `kafka`.
        identifier: String,
        /// The artifact providing it, e.g. `flink-sql-connector-kafka`.
        artifact: String,
    },
    /// The gateway or JobManager could not be reached: pass its URL or check the Service.
    ReachService {
        /// `gateway` or `jobmanager`.
        which: String,
    },
    /// No or a malformed Kafka bootstrap address.
    KafkaBootstrap,
    /// DNS, TCP or a non-TLS answer: check the address, the network and egress policies.
    KafkaNetwork {
        /// The `host:port` tried.
        server: String,
    },
    /// The brokers' certificate does not chain to the Secret's CA.
    KafkaTrust,
    /// The brokers' certificate does not name the host connected to.
    KafkaHostname {
        /// The host used.
        host: String,
    },
    /// The broker rejected the username or password.
    KafkaCredentials {
        /// The mechanism used.
        mechanism: String,
    },
    /// The broker does not enable this SASL mechanism.
    KafkaMechanism {
        /// The mechanism used.
        mechanism: String,
    },
    /// The user lacks an ACL.
    KafkaAcl {
        /// The SASL user.
        user: String,
        /// The topic, when a topic's metadata was refused.
        topic: Option<String>,
    },
    /// The topic does not exist.
    KafkaCreateTopic {
        /// The topic.
        topic: String,
    },
    /// Use the Flink Kafka connector's shaded `ScramLoginModule`.
    ShadedLoginModule,
    /// The cloud identity setup is incomplete: `studio cloud setup` fixes it.
    CloudSetup,
    /// The cloud's credentials are missing or lack a permission.
    CloudCredentials {
        /// `gcp` or `aks`.
        cloud: String,
    },
}

/// One check's result.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Its group.
    pub group: Group,
    /// Short name, e.g. `rbac-user`.
    pub name: &'static str,
    /// Outcome.
    pub status: Status,
    /// What was found (never a secret value).
    pub detail: String,
    /// What to do next.
    pub hint: Option<Hint>,
}

impl Check {
    fn new(group: Group, name: &'static str, status: Status, detail: impl Into<String>) -> Check {
        Check {
            group,
            name,
            status,
            detail: detail.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: Hint) -> Check {
        self.hint = Some(hint);
        self
    }
}

/// What doctor runs and how it reaches the gateway and JobManager.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Groups to run (empty: all).
    pub only: BTreeSet<Group>,
    /// The gateway, when reachable directly; else a port-forward to its Service.
    pub gateway_url: Option<String>,
    /// The JobManager REST API, when reachable directly; else a port-forward.
    pub flink_url: Option<String>,
    /// Bound of each network check.
    pub timeout: Duration,
    /// Where the Kafka check connects, and with which credentials.
    pub kafka: KafkaOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: BTreeSet::new(),
            gateway_url: None,
            flink_url: None,
            timeout: Duration::from_secs(30),
            kafka: KafkaOptions::default(),
        }
    }
}

impl Options {
    /// Options running `only` (empty: all), with direct URLs when given.
    pub fn new(
        only: BTreeSet<Group>,
        gateway_url: Option<String>,
        flink_url: Option<String>,
    ) -> Options {
        Options {
            only,
            gateway_url,
            flink_url,
            ..Options::default()
        }
    }

    /// Whether `group` runs: every group when `only` is empty.
    pub fn wants(&self, group: Group) -> bool {
        self.only.is_empty() || self.only.contains(&group)
    }
}

/// Whether any check failed.
pub fn failed(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.status == Status::Fail)
}

/// Runs the checks. `target` is `Err` when no client could be built (bad kubeconfig): the
/// cluster checks then fail with that message and the rest that need it are skipped.
pub async fn run(
    target: std::result::Result<&Target, &Error>,
    platform: &Platform,
    options: &Options,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if options.wants(Group::Tools) {
        checks.push(tools());
    }
    let needs_cluster = [
        Group::Cluster,
        Group::Rbac,
        Group::Operator,
        Group::Quota,
        Group::Secret,
        Group::Pods,
    ]
    .iter()
    .any(|g| options.wants(*g))
        || (options.wants(Group::Gateway)
            && (options.gateway_url.is_none() || options.flink_url.is_none()))
        || (options.wants(Group::Connectors) && options.gateway_url.is_none())
        || (options.wants(Group::Kafka) && options.kafka.credentials.is_none());
    let mut reachable = None;
    if needs_cluster {
        let check = match target {
            Err(err) => Check::new(Group::Cluster, "cluster", Status::Fail, err.to_string())
                .hint(Hint::CheckKubeconfig),
            Ok(target) => match tokio::time::timeout(options.timeout, target.version()).await {
                Ok(Ok(version)) => {
                    reachable = Some(target);
                    Check::new(
                        Group::Cluster,
                        "cluster",
                        Status::Pass,
                        format!(
                            "Kubernetes {version} at {} (context {}, user {})",
                            target.server, target.context, target.user
                        ),
                    )
                }
                Ok(Err(err)) => {
                    Check::new(Group::Cluster, "cluster", Status::Fail, err.to_string())
                        .hint(Hint::CheckKubeconfig)
                }
                Err(_) => Check::new(
                    Group::Cluster,
                    "cluster",
                    Status::Fail,
                    format!(
                        "{} (context {}) did not answer within {:?}",
                        target.server, target.context, options.timeout
                    ),
                )
                .hint(Hint::CheckKubeconfig),
            },
        };
        checks.push(check);
    }
    let skipped = |group: Group, name: &'static str| {
        Check::new(group, name, Status::Skip, "the cluster is not reachable")
    };
    for group in [
        Group::Rbac,
        Group::Operator,
        Group::Quota,
        Group::Secret,
        Group::Pods,
    ] {
        if !options.wants(group) {
            continue;
        }
        match reachable {
            Some(target) => {
                let found =
                    tokio::time::timeout(options.timeout, cluster_group(group, target, platform))
                        .await
                        .unwrap_or_else(|_| {
                            vec![Check::new(
                                group,
                                group_name(group),
                                Status::Fail,
                                format!("no answer within {:?}", options.timeout),
                            )]
                        });
                checks.extend(found);
            }
            None => checks.push(skipped(group, group_name(group))),
        }
    }
    if options.wants(Group::Storage) {
        checks.push(storage(platform));
    }
    if options.wants(Group::Gateway) || options.wants(Group::Connectors) {
        checks.extend(services(reachable, platform, options).await);
    }
    if options.wants(Group::Kafka) {
        checks.extend(kafka::kafka(reachable, platform, options).await);
    }
    checks
}

fn group_name(group: Group) -> &'static str {
    match group {
        Group::Tools => "helm",
        Group::Cluster => "cluster",
        Group::Rbac => "rbac-user",
        Group::Operator => "operator-crds",
        Group::Quota => "quota",
        Group::Secret => "kafka-secret",
        Group::Storage => "storage",
        Group::Pods => "pods",
        Group::Gateway => "gateway",
        Group::Connectors => "connectors",
        Group::Kafka => "kafka",
        Group::Cloud => "cloud",
    }
}

async fn cluster_group(group: Group, target: &Target, platform: &Platform) -> Vec<Check> {
    let errored = |err: Error| {
        let mut check = Check::new(group, group_name(group), Status::Fail, err.to_string());
        if let Error::Forbidden { .. } = err {
            check = check.hint(Hint::GrantUser {
                missing: Vec::new(),
            });
        }
        vec![check]
    };
    match group {
        Group::Rbac => rbac(target, platform).await.unwrap_or_else(errored),
        Group::Operator => operator(target, platform).await.unwrap_or_else(errored),
        Group::Quota => preflight::quota(target, platform)
            .await
            .map(|c| vec![from_preflight(group, c)])
            .unwrap_or_else(errored),
        Group::Secret => preflight::kafka_secret(target, platform)
            .await
            .map(|c| vec![from_preflight(group, c)])
            .unwrap_or_else(errored),
        Group::Pods => pods(target, platform).await.unwrap_or_else(errored),
        _ => Vec::new(),
    }
}

fn from_preflight(group: Group, check: preflight::Check) -> Check {
    let status = if check.ok { Status::Pass } else { Status::Fail };
    let hint = check.fix.map(|fix| match fix {
        preflight::Fix::InstallOperator { version } => Hint::InstallOperator { version },
        preflight::Fix::CreateKafkaSecret { name, namespace } => {
            Hint::CreateKafkaSecret { name, namespace }
        }
        _ => Hint::ResizeOrRaiseQuota,
    });
    Check {
        group,
        name: check.name,
        status,
        detail: check.detail,
        hint,
    }
}

fn tools() -> Check {
    match find_on_path("helm") {
        Some(path) => Check::new(
            Group::Tools,
            "helm",
            Status::Pass,
            format!("helm at {}", path.display()),
        ),
        None => Check::new(
            Group::Tools,
            "helm",
            Status::Warn,
            "helm is not on PATH (only `operator install` needs it)",
        )
        .hint(Hint::InstallHelm),
    }
}

fn find_on_path(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::access::permission;
    use super::cluster::{valid_account, valid_bucket, valid_container};
    use super::*;

    #[test]
    fn missing_factory_names_the_identifier() {
        let text = "org.apache.flink.table.api.ValidationException: Could not find any factory \
                    for identifier 'kafka' that implements 'DynamicTableFactory' in the classpath.";
        assert_eq!(missing_factory(text).as_deref(), Some("kafka"));
        assert_eq!(missing_factory("Table not found"), None);
        assert_eq!(artifact_for("avro"), "flink-sql-avro");
    }

    #[test]
    fn storage_names_are_checked() {
        assert!(valid_bucket("sbx-stag-flink-storage"));
        assert!(!valid_bucket("gs://bucket"));
        assert!(!valid_bucket("Upper"));
        assert!(valid_account("studiostore1"));
        assert!(!valid_account("studio-store"));
        assert!(valid_container("flink-state"));
        assert!(!valid_container("flink--state"));
        assert!(!valid_container("-flink"));
    }

    #[test]
    fn permissions_show_group_and_namespace() {
        let p = permission("patch", "flink.apache.org", "flinkdeployments", Some("ns"));
        assert_eq!(
            p.to_string(),
            "patch flinkdeployments.flink.apache.org (namespace ns)"
        );
        assert_eq!(
            permission("get", "", "namespaces", None).to_string(),
            "get namespaces"
        );
    }
}
