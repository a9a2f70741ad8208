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
}

impl Group {
    /// Every group, in the order doctor runs them.
    pub const ALL: [Group; 10] = [
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: BTreeSet::new(),
            gateway_url: None,
            flink_url: None,
            timeout: Duration::from_secs(30),
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

    fn wants(&self, group: Group) -> bool {
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
        || (options.wants(Group::Connectors) && options.gateway_url.is_none());
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

fn permission(verb: &str, group: &str, resource: &str, namespace: Option<&str>) -> Permission {
    Permission {
        verb: verb.into(),
        group: group.into(),
        resource: resource.into(),
        namespace: namespace.map(str::to_owned),
    }
}

/// What `deploy`, `status`, `scale` and `cleanup` do with the platform's objects.
pub fn user_permissions(platform: &Platform) -> Vec<Permission> {
    let ns = Some(platform.namespace());
    let mut wanted = BTreeSet::new();
    for verb in ["get", "create", "patch"] {
        wanted.insert(permission(verb, "", "namespaces", None));
    }
    for object in platform.kube_objects().unwrap_or_default() {
        let scope = if object.namespaced { ns } else { None };
        for verb in ["get", "create", "patch", "delete"] {
            wanted.insert(permission(
                verb,
                &object.resource.group,
                &object.resource.plural,
                scope,
            ));
        }
    }
    for (verb, group, resource) in [
        ("get", "flink.apache.org", "flinkdeployments"),
        ("patch", "flink.apache.org", "flinkdeployments"),
        ("delete", "flink.apache.org", "flinkdeployments"),
        ("list", "", "pods"),
        ("list", "", "events"),
        ("list", "", "resourcequotas"),
        ("get", "apps", "deployments"),
        ("get", "", "services/proxy"),
    ] {
        wanted.insert(permission(verb, group, resource, ns));
    }
    wanted.insert(permission(
        "get",
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        None,
    ));
    wanted.into_iter().collect()
}

/// What the Flink native session cluster and the gateway do with their service account.
pub fn service_account_permissions(platform: &Platform) -> Vec<Permission> {
    let ns = Some(platform.namespace());
    let mut wanted = Vec::new();
    for verb in ["get", "list", "watch"] {
        wanted.push(permission(verb, "", "services", ns));
    }
    for verb in ["get", "list", "watch", "create", "delete"] {
        wanted.push(permission(verb, "", "pods", ns));
    }
    for verb in ["get", "list", "watch", "create", "update", "delete"] {
        wanted.push(permission(verb, "", "configmaps", ns));
    }
    wanted.push(permission("get", "apps", "deployments", ns));
    wanted
}

fn attributes(p: &Permission) -> ResourceAttributes {
    let (resource, subresource) = match p.resource.split_once('/') {
        Some((r, s)) => (r.to_owned(), Some(s.to_owned())),
        None => (p.resource.clone(), None),
    };
    ResourceAttributes {
        verb: Some(p.verb.clone()),
        group: Some(p.group.clone()),
        resource: Some(resource),
        subresource,
        namespace: p.namespace.clone(),
        ..ResourceAttributes::default()
    }
}

async fn rbac(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
    let ssar: kube::Api<SelfSubjectAccessReview> = kube::Api::all(target.client.clone());
    let mut missing = Vec::new();
    let wanted = user_permissions(platform);
    for p in &wanted {
        let review = SelfSubjectAccessReview {
            spec: SelfSubjectAccessReviewSpec {
                resource_attributes: Some(attributes(p)),
                ..Default::default()
            },
            ..Default::default()
        };
        let answer = ssar
            .create(&PostParams::default(), &review)
            .await
            .map_err(|err| {
                target.error(
                    err,
                    "asking SelfSubjectAccessReview",
                    "SelfSubjectAccessReview",
                    "",
                )
            })?;
        if !answer.status.is_some_and(|s| s.allowed) {
            missing.push(p.clone());
        }
    }
    let mut checks = vec![if missing.is_empty() {
        Check::new(
            Group::Rbac,
            "rbac-user",
            Status::Pass,
            format!(
                "user {} may do all {} things deploy, status, scale and cleanup need",
                target.user,
                wanted.len()
            ),
        )
    } else {
        Check::new(
            Group::Rbac,
            "rbac-user",
            Status::Fail,
            format!(
                "user {} lacks {} of {} permissions deploy, status, scale and cleanup need",
                target.user,
                missing.len(),
                wanted.len()
            ),
        )
        .hint(Hint::GrantUser { missing })
    }];
    checks.push(service_account_rbac(target, platform).await);
    Ok(checks)
}

async fn service_account_rbac(target: &Target, platform: &Platform) -> Check {
    let account = format!(
        "system:serviceaccount:{}:{}",
        platform.namespace(),
        platform.config.flink.service_account
    );
    let sar: kube::Api<SubjectAccessReview> = kube::Api::all(target.client.clone());
    let mut missing = Vec::new();
    for p in service_account_permissions(platform) {
        let review = SubjectAccessReview {
            spec: SubjectAccessReviewSpec {
                user: Some(account.clone()),
                groups: Some(vec![
                    "system:serviceaccounts".into(),
                    format!("system:serviceaccounts:{}", platform.namespace()),
                ]),
                resource_attributes: Some(attributes(&p)),
                ..Default::default()
            },
            ..Default::default()
        };
        match sar.create(&PostParams::default(), &review).await {
            Ok(answer) if answer.status.as_ref().is_some_and(|s| s.allowed) => {}
            Ok(_) => missing.push(p),
            Err(err) => {
                let err =
                    target.error(err, "asking SubjectAccessReview", "SubjectAccessReview", "");
                return Check::new(
                    Group::Rbac,
                    "rbac-service-account",
                    Status::Warn,
                    format!("cannot check the service account's permissions: {err}"),
                );
            }
        }
    }
    if missing.is_empty() {
        Check::new(
            Group::Rbac,
            "rbac-service-account",
            Status::Pass,
            format!("{account} may manage the session cluster's pods, services and config maps"),
        )
    } else {
        Check::new(
            Group::Rbac,
            "rbac-service-account",
            Status::Fail,
            format!(
                "{account} lacks {} permission(s); the gateway fails with \"services … forbidden\"",
                missing.len()
            ),
        )
        .hint(Hint::GrantServiceAccount { account, missing })
    }
}

/// The Deployment name of the Flink Kubernetes Operator's helm chart.
pub const OPERATOR_DEPLOYMENT: &str = "flink-kubernetes-operator";

async fn operator(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
    let mut checks = vec![from_preflight(
        Group::Operator,
        preflight::operator_crds(target, platform).await?,
    )];
    let ns = platform.config.operator_namespace.as_str();
    let wanted = platform.config.operator.to_string();
    let api: kube::Api<Deployment> = kube::Api::namespaced(target.client.clone(), ns);
    let deployment = match api.get_opt(OPERATOR_DEPLOYMENT).await {
        Ok(found) => found,
        Err(kube::Error::Api(status)) if status.code == 404 => None,
        Err(err) => {
            return Err(target.error(
                err,
                "reading the operator",
                "Deployment",
                OPERATOR_DEPLOYMENT,
            ));
        }
    };
    checks.push(match deployment {
        None => Check::new(
            Group::Operator,
            "operator",
            Status::Fail,
            format!("Deployment {ns}/{OPERATOR_DEPLOYMENT} does not exist"),
        )
        .hint(Hint::InstallOperator { version: wanted }),
        Some(deployment) => {
            let state = readiness::gateway_state(&deployment);
            let image = deployment
                .spec
                .template
                .spec
                .as_ref()
                .and_then(|s| s.containers.first())
                .and_then(|c| c.image.clone())
                .unwrap_or_default();
            let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
            if !state.available || state.ready < 1 {
                Check::new(
                    Group::Operator,
                    "operator",
                    Status::Fail,
                    format!(
                        "Deployment {ns}/{OPERATOR_DEPLOYMENT} has {}/{} ready ({image})",
                        state.ready, state.desired
                    ),
                )
                .hint(Hint::InspectOperator {
                    namespace: ns.to_owned(),
                    name: OPERATOR_DEPLOYMENT.to_owned(),
                })
            } else if !tag.is_empty() && tag != wanted {
                Check::new(
                    Group::Operator,
                    "operator",
                    Status::Warn,
                    format!("operator image {image} is not the configured version {wanted}"),
                )
                .hint(Hint::InstallOperator { version: wanted })
            } else {
                Check::new(
                    Group::Operator,
                    "operator",
                    Status::Pass,
                    format!("Deployment {ns}/{OPERATOR_DEPLOYMENT} ready ({image})"),
                )
            }
        }
    });
    let cluster = readiness::read(target, platform).await?.cluster;
    if cluster.deleting {
        checks.push(
            Check::new(
                Group::Operator,
                "terminating",
                if cluster.finalizers.is_empty() {
                    Status::Warn
                } else {
                    Status::Fail
                },
                format!(
                    "FlinkDeployment {} is being deleted; finalizers: {}{}",
                    platform.cluster_name(),
                    if cluster.finalizers.is_empty() {
                        "none".to_owned()
                    } else {
                        cluster.finalizers.join(", ")
                    },
                    cluster
                        .error
                        .map(|e| format!("; operator error: {e}"))
                        .unwrap_or_default()
                ),
            )
            .hint(Hint::StuckFinalizer {
                namespace: platform.namespace().to_owned(),
                name: platform.cluster_name().to_owned(),
            }),
        );
    }
    Ok(checks)
}

fn storage(platform: &Platform) -> Check {
    let config = &platform.config;
    let problem = match config.cloud {
        Cloud::Gcp => match &config.gcp {
            None => Some(("gcp.bucket", "no gcp section".to_owned())),
            Some(gcp) if !valid_bucket(&gcp.bucket) => Some((
                "gcp.bucket",
                format!("`{}` is not a valid GCS bucket name", gcp.bucket),
            )),
            Some(_) => None,
        },
        Cloud::Aks => match &config.aks {
            None => Some(("aks.storageAccount", "no aks section".to_owned())),
            Some(aks) if !valid_account(&aks.storage_account) => Some((
                "aks.storageAccount",
                format!(
                    "`{}` is not a valid storage account name (3-24 lowercase letters and digits)",
                    aks.storage_account
                ),
            )),
            Some(aks) if !valid_container(&aks.container) => Some((
                "aks.container",
                format!(
                    "`{}` is not a valid container name (3-63 lowercase letters, digits, hyphens)",
                    aks.container
                ),
            )),
            Some(_) => None,
        },
    };
    match problem {
        Some((key, detail)) => Check::new(Group::Storage, "storage", Status::Fail, detail)
            .hint(Hint::FixStorage { key: key.into() }),
        None => Check::new(
            Group::Storage,
            "storage",
            Status::Pass,
            format!(
                "{}/{}",
                storage_base(platform),
                config.flink.storage_prefix.trim_matches('/')
            ),
        ),
    }
}

fn storage_base(platform: &Platform) -> String {
    let config = &platform.config;
    match (config.cloud, &config.gcp, &config.aks) {
        (Cloud::Gcp, Some(gcp), _) => format!("gs://{}", gcp.bucket),
        (Cloud::Aks, _, Some(aks)) => format!(
            "abfss://{}@{}.dfs.core.windows.net",
            aks.container, aks.storage_account
        ),
        _ => String::new(),
    }
}

fn valid_bucket(name: &str) -> bool {
    (3..=222).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name.split('.').all(|part| part.len() <= 63)
}

fn valid_account(name: &str) -> bool {
    (3..=24).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn valid_container(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

async fn pods(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
    let status = status::read_status(target, platform).await?;
    let ns = platform.namespace();
    let mut checks = Vec::new();
    if status.pods.is_empty() {
        checks.push(
            Check::new(
                Group::Pods,
                "pods",
                Status::Fail,
                format!("no platform pods in namespace {ns}"),
            )
            .hint(Hint::Deploy),
        );
    }
    for pod in &status.pods {
        let (state, detail) = if !pod.ready {
            (
                Status::Fail,
                format!("{} {} is {} and not ready", pod.role, pod.name, pod.phase),
            )
        } else if pod.restarts > 0 {
            (
                Status::Warn,
                format!(
                    "{} {} is ready but restarted {} time(s)",
                    pod.role, pod.name, pod.restarts
                ),
            )
        } else {
            (Status::Pass, format!("{} {} is ready", pod.role, pod.name))
        };
        let mut check = Check::new(Group::Pods, "pod", state, detail);
        if state != Status::Pass {
            check = check.hint(Hint::InspectPod {
                namespace: ns.to_owned(),
                name: pod.name.clone(),
            });
        }
        checks.push(check);
    }
    for warning in &status.warnings {
        checks.push(Check::new(
            Group::Pods,
            "warning-event",
            Status::Warn,
            format!(
                "{} {} (x{}): {}",
                warning.object, warning.reason, warning.count, warning.message
            ),
        ));
    }
    Ok(checks)
}

/// Holds port-forwards open while the checks that use them run.
struct Forwards(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Forwards {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

async fn url_or_forward(
    given: Option<&String>,
    target: Option<&Target>,
    dest: Destination,
    forwards: &mut Forwards,
) -> std::result::Result<String, String> {
    if let Some(url) = given {
        return Ok(url.clone());
    }
    let Some(target) = target else {
        return Err("the cluster is not reachable and no URL was given".into());
    };
    crate::portforward::backend(target, &dest)
        .await
        .map_err(|err| err.to_string())?;
    let forwarder = Forwarder::bind(target, dest, 0)
        .await
        .map_err(|err| err.to_string())?;
    let addr = forwarder.local_addr().map_err(|err| err.to_string())?;
    let (events, _) = tokio::sync::mpsc::unbounded_channel();
    forwards.0.push(tokio::spawn(forwarder.serve(events)));
    Ok(format!("http://{addr}"))
}

async fn services(target: Option<&Target>, platform: &Platform, options: &Options) -> Vec<Check> {
    let mut forwards = Forwards(Vec::new());
    let mut checks = Vec::new();
    let ns = platform.namespace().to_owned();
    let gateway = url_or_forward(
        options.gateway_url.as_ref(),
        target,
        Destination {
            namespace: ns.clone(),
            service: platform.gateway_name().to_owned(),
            port: u16::try_from(platform.config.gateway.port).unwrap_or(8083),
        },
        &mut forwards,
    )
    .await;
    if options.wants(Group::Gateway) {
        checks.push(gateway_info(&gateway, options.timeout).await);
        let flink = url_or_forward(
            options.flink_url.as_ref(),
            target,
            Destination {
                namespace: ns,
                service: platform.rest_service(),
                port: 8081,
            },
            &mut forwards,
        )
        .await;
        checks.push(jobmanager(&flink, options.timeout).await);
    }
    if options.wants(Group::Connectors) {
        checks.extend(connectors(&gateway, options.timeout).await);
    }
    checks
}

async fn gateway_info(url: &std::result::Result<String, String>, timeout: Duration) -> Check {
    let fail = |detail: String| {
        Check::new(Group::Gateway, "gateway", Status::Fail, detail).hint(Hint::ReachService {
            which: "gateway".into(),
        })
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("SQL Gateway: {err}")),
    };
    let client = match sql_gateway_client::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("SQL Gateway {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, client.info()).await {
        Ok(Ok(info)) => Check::new(
            Group::Gateway,
            "gateway",
            Status::Pass,
            format!("SQL Gateway {url}: {} {}", info.product_name, info.version),
        ),
        Ok(Err(err)) => fail(format!("SQL Gateway {url}: {}", flatten(&err))),
        Err(_) => fail(format!("SQL Gateway {url}: no answer within {timeout:?}")),
    }
}

async fn jobmanager(url: &std::result::Result<String, String>, timeout: Duration) -> Check {
    let fail = |detail: String| {
        Check::new(Group::Gateway, "jobmanager", Status::Fail, detail).hint(Hint::ReachService {
            which: "jobmanager".into(),
        })
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("JobManager: {err}")),
    };
    let client = match flink_rest::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("JobManager {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, client.overview()).await {
        Ok(Ok(o)) => {
            let detail = format!(
                "JobManager {url}: Flink {}, {} TaskManager(s), {}/{} slots free, {} job(s) running",
                o.flink_version, o.taskmanagers, o.slots_available, o.slots_total, o.jobs_running
            );
            if o.taskmanagers == 0 || o.slots_available == 0 {
                Check::new(Group::Gateway, "jobmanager", Status::Fail, detail)
                    .hint(Hint::AddTaskManagers)
            } else {
                Check::new(Group::Gateway, "jobmanager", Status::Pass, detail)
            }
        }
        Ok(Err(err)) => fail(format!("JobManager {url}: {}", flatten(&err))),
        Err(_) => fail(format!("JobManager {url}: no answer within {timeout:?}")),
    }
}

/// The connectors doctor declares: identifier, artifact, the table's `WITH` options.
pub const CONNECTORS: &[(&str, &str, &str, &str)] = &[
    (
        "kafka",
        "flink-sql-connector-kafka",
        "avro",
        "'connector' = 'kafka', 'topic' = 'studio-doctor', \
         'properties.bootstrap.servers' = '127.0.0.1:9', 'format' = 'avro'",
    ),
    (
        "kafka",
        "flink-sql-connector-kafka",
        "json",
        "'connector' = 'kafka', 'topic' = 'studio-doctor', \
         'properties.bootstrap.servers' = '127.0.0.1:9', 'format' = 'json'",
    ),
];

/// The artifact that provides a factory identifier named in Flink's "Could not find any
/// factory for identifier 'X'".
pub fn artifact_for(identifier: &str) -> &'static str {
    match identifier {
        "kafka" | "upsert-kafka" => "flink-sql-connector-kafka",
        "avro" => "flink-sql-avro",
        "avro-confluent" => "flink-sql-avro-confluent-registry",
        "json" => "flink-json",
        "jdbc" => "flink-connector-jdbc",
        _ => "the connector's jar",
    }
}

/// Reads the identifier out of "Could not find any factory for identifier 'X'".
pub fn missing_factory(message: &str) -> Option<String> {
    let marker = "Could not find any factory for identifier '";
    let start = message.find(marker)? + marker.len();
    let rest = &message[start..];
    Some(rest[..rest.find('\'')?].to_owned())
}

async fn connectors(url: &std::result::Result<String, String>, timeout: Duration) -> Vec<Check> {
    let fail = |detail: String| {
        vec![
            Check::new(Group::Connectors, "connectors", Status::Fail, detail).hint(
                Hint::ReachService {
                    which: "gateway".into(),
                },
            ),
        ]
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("SQL Gateway: {err}")),
    };
    let client = match sql_gateway_client::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("SQL Gateway {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, explain_all(&client)).await {
        Ok(Ok(checks)) => checks,
        Ok(Err(err)) => fail(format!("SQL Gateway {url}: {}", flatten(&err))),
        Err(_) => fail(format!("SQL Gateway {url}: no answer within {timeout:?}")),
    }
}

async fn explain_all(
    client: &sql_gateway_client::Client,
) -> sql_gateway_client::Result<Vec<Check>> {
    use sql_gateway_client::{FetchOptions, SessionOptions, StatementOptions};
    let session = client
        .open_session(SessionOptions::new().name("studio-doctor"))
        .await?;
    let mut checks = Vec::new();
    for (index, (identifier, artifact, format, with)) in CONNECTORS.iter().enumerate() {
        let table = format!("studio_doctor_{format}_{index}");
        let statements = [
            format!("CREATE TEMPORARY TABLE {table} (id BIGINT, name STRING) WITH ({with})"),
            format!("EXPLAIN INSERT INTO {table} SELECT CAST(1 AS BIGINT), 'x'"),
        ];
        let mut outcome = Ok(());
        for sql in &statements {
            let result = async {
                let op = session
                    .execute_statement(sql, StatementOptions::new())
                    .await?;
                op.collect(FetchOptions::new()).await
            }
            .await;
            if let Err(err) = result {
                outcome = Err(err);
                break;
            }
        }
        let label = format!("{identifier} + {format}");
        checks.push(match outcome {
            Ok(()) => Check::new(
                Group::Connectors,
                "connector",
                Status::Pass,
                format!("{label}: table declared and INSERT planned"),
            ),
            Err(err) => {
                let text = [err.root_cause().unwrap_or_default().to_owned(), flatten(&err)]
                    .join(" ");
                match missing_factory(&text) {
                    Some(missing) => {
                        let artifact = if missing == *identifier {
                            (*artifact).to_owned()
                        } else {
                            artifact_for(&missing).to_owned()
                        };
                        Check::new(
                            Group::Connectors,
                            "connector",
                            Status::Fail,
                            format!(
                                "{label}: the gateway has no factory for '{missing}' ({artifact} is not on its classpath)"
                            ),
                        )
                        .hint(Hint::AddConnectorJar {
                            identifier: missing,
                            artifact,
                        })
                    }
                    None => Check::new(
                        Group::Connectors,
                        "connector",
                        Status::Fail,
                        format!("{label}: {}", flatten(&err)),
                    ),
                }
            }
        });
    }
    let _ = session.close().await;
    Ok(checks)
}

#[cfg(test)]
mod tests {
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
