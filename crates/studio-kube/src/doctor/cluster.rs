//! The operator, a FlinkDeployment stuck deleting, storage URIs and pods.

use super::*;

/// The Deployment name of the Flink Kubernetes Operator's helm chart.
pub const OPERATOR_DEPLOYMENT: &str = "flink-kubernetes-operator";

pub(super) async fn operator(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
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

pub(super) fn storage(platform: &Platform) -> Check {
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

pub(super) fn valid_bucket(name: &str) -> bool {
    (3..=222).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name.split('.').all(|part| part.len() <= 63)
}

pub(super) fn valid_account(name: &str) -> bool {
    (3..=24).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

pub(super) fn valid_container(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

pub(super) async fn pods(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
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
