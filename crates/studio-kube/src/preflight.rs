//! Checks before the first write of a deploy: operator CRDs, the Kafka Secret, the quota.

use k8s_openapi::api::core::v1::{ResourceQuota, Secret};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use serde::Serialize;

use crate::crds;
use crate::error::Result;
use crate::platform::{KAFKA_SECRET_KEYS, Platform};
use crate::resources::{Resources, quota_limits};
use crate::target::Target;

/// What the user can do about a failed check; the CLI turns it into a command to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fix", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Fix {
    /// Install (or upgrade) the operator and its CRDs at this version.
    InstallOperator {
        /// Operator version the configuration needs.
        version: String,
    },
    /// Create the Kafka credentials Secret.
    CreateKafkaSecret {
        /// Secret name.
        name: String,
        /// Namespace.
        namespace: String,
    },
    /// Lower the platform's sizes or raise the namespace quota.
    ResizeOrRaiseQuota,
}

/// One pre-flight check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Short name: `operator-crds`, `kafka-secret`, `quota`.
    pub name: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// What was found.
    pub detail: String,
    /// What to do when it failed.
    pub fix: Option<Fix>,
}

/// Runs every pre-flight check; reads only.
///
/// # Errors
///
/// An API error other than "not found" (unreachable cluster, missing permission).
pub async fn run(target: &Target, platform: &Platform) -> Result<Vec<Check>> {
    let (crds, secret, quota) = futures_util::future::try_join3(
        operator_crds(target, platform),
        kafka_secret(target, platform),
        quota(target, platform),
    )
    .await?;
    Ok(vec![crds, secret, quota])
}

pub(crate) async fn operator_crds(target: &Target, platform: &Platform) -> Result<Check> {
    let api: kube::Api<CustomResourceDefinition> = kube::Api::all(target.client.clone());
    let name = "flinkdeployments.flink.apache.org";
    let wanted = platform.config.operator.to_string();
    let fix = Some(Fix::InstallOperator {
        version: wanted.clone(),
    });
    let crd = api.get_opt(name).await.map_err(|err| {
        target.error(
            err,
            "reading the operator CRD",
            "CustomResourceDefinition",
            name,
        )
    })?;
    let Some(crd) = crd else {
        return Ok(Check {
            name: "operator-crds",
            ok: false,
            detail: format!("CRD {name} is not installed"),
            fix,
        });
    };
    let installed = crds::inspect(&crd);
    let flink = platform.config.flink_version().as_str().to_owned();
    let needs_nested = platform.config.operator.allows_nested_configuration();
    if !installed.flink_versions.contains(&flink) {
        return Ok(Check {
            name: "operator-crds",
            ok: false,
            detail: format!(
                "the installed CRDs (operator {}) do not accept flinkVersion {flink}",
                installed.operator_line
            ),
            fix,
        });
    }
    if needs_nested && !installed.nested_configuration {
        return Ok(Check {
            name: "operator-crds",
            ok: false,
            detail: format!(
                "the configuration is for operator {wanted} but the installed CRDs are operator 1.12's"
            ),
            fix,
        });
    }
    Ok(Check {
        name: "operator-crds",
        ok: true,
        detail: format!(
            "installed (operator {} schema, accepts {flink})",
            installed.operator_line
        ),
        fix: None,
    })
}

pub(crate) async fn kafka_secret(target: &Target, platform: &Platform) -> Result<Check> {
    let Some(name) = platform.kafka_secret() else {
        return Ok(Check {
            name: "kafka-secret",
            ok: true,
            detail: "no Kafka credentials Secret configured".into(),
            fix: None,
        });
    };
    let namespace = platform.namespace();
    let fix = Some(Fix::CreateKafkaSecret {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
    });
    let api: kube::Api<Secret> = kube::Api::namespaced(target.client.clone(), namespace);
    let secret = match api.get_opt(name).await {
        Ok(secret) => secret,
        // A namespace that does not exist yet holds no Secret either.
        Err(kube::Error::Api(status)) if status.code == 404 => None,
        Err(err) => return Err(target.error(err, "reading the Kafka Secret", "Secret", name)),
    };
    let Some(secret) = secret else {
        return Ok(Check {
            name: "kafka-secret",
            ok: false,
            detail: format!("Secret {namespace}/{name} does not exist"),
            fix,
        });
    };
    let keys: Vec<&String> = secret
        .data
        .iter()
        .flat_map(|d| d.keys())
        .chain(secret.string_data.iter().flat_map(|d| d.keys()))
        .collect();
    let missing: Vec<&str> = KAFKA_SECRET_KEYS
        .iter()
        .copied()
        .filter(|key| !keys.iter().any(|k| k.as_str() == *key))
        .collect();
    if missing.is_empty() {
        Ok(Check {
            name: "kafka-secret",
            ok: true,
            detail: format!(
                "Secret {namespace}/{name} has {}",
                KAFKA_SECRET_KEYS.join(", ")
            ),
            fix: None,
        })
    } else {
        Ok(Check {
            name: "kafka-secret",
            ok: false,
            detail: format!(
                "Secret {namespace}/{name} lacks the key(s) {}",
                missing.join(", ")
            ),
            fix,
        })
    }
}

pub(crate) async fn quota(target: &Target, platform: &Platform) -> Result<Check> {
    let needed = Resources::of_platform(&platform.config, None);
    let ours = format!("{}-quota", platform.namespace());
    let api: kube::Api<ResourceQuota> =
        kube::Api::namespaced(target.client.clone(), platform.namespace());
    let quotas = match api.list(&Default::default()).await {
        Ok(list) => list.items,
        Err(kube::Error::Api(status)) if status.code == 404 => Vec::new(),
        Err(err) => return Err(target.error(err, "listing quotas", "ResourceQuota", "")),
    };
    let others = quotas
        .iter()
        .filter(|q| q.metadata.name.as_deref() != Some(ours.as_str()));
    if let Some(over) = quota_limits(others, &needed).into_iter().find(|l| !l.fits) {
        return Ok(refused(format!(
            "ResourceQuota {}: {} is {}, the platform needs {}",
            over.quota, over.resource, over.hard, over.needed
        )));
    }
    Ok(Check {
        name: "quota",
        ok: true,
        detail: format!(
            "the platform needs {} CPU and {} memory; the namespace quota allows it",
            needed.cpu_text(),
            needed.memory_text()
        ),
        fix: None,
    })
}

fn refused(detail: String) -> Check {
    Check {
        name: "quota",
        ok: false,
        detail,
        fix: Some(Fix::ResizeOrRaiseQuota),
    }
}
