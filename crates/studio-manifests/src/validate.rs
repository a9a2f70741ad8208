//! Client-side checks for what the operator (or the namespace quota) would reject.

use std::path::Path;

use crate::config::{Cloud, StudioConfig};
use crate::error::{Error, Result};

/// Configuration keys the operator sets itself and rejects in `flinkConfiguration`.
pub const FORBIDDEN_CONFIG_KEYS: &[&str] = &[
    "kubernetes.namespace",
    "kubernetes.cluster-id",
    "high-availability.cluster-id",
];

/// Longest name the operator accepts for a `FlinkDeployment`.
pub const MAX_NAME_LEN: usize = 45;

/// Checks `config`; `file` names the source in errors. Returns the first violation.
///
/// Rules: resource names (length and DNS shape), forbidden Flink configuration keys, nested
/// configuration on operator 1.12, replica counts and HA, the `flinkVersion` the operator knows,
/// Flink 2.x (the generated keys are 2.x keys), the cloud section, and the quota against the
/// TaskManager slots × replicas plus JobManager and gateway.
///
/// # Errors
///
/// [`Error::Invalid`] naming the key and the rule.
pub fn validate(config: &StudioConfig, file: &Path) -> Result<()> {
    let invalid = |key: &str, reason: String| Error::Invalid {
        file: file.to_path_buf(),
        key: key.to_owned(),
        reason,
    };
    let flink = &config.flink;

    check_name("flink.clusterName", &flink.cluster_name, MAX_NAME_LEN)
        .map_err(|r| invalid("flink.clusterName", r))?;
    check_name("namespace", &config.namespace, 63).map_err(|r| invalid("namespace", r))?;
    check_name("flink.serviceAccount", &flink.service_account, 253)
        .map_err(|r| invalid("flink.serviceAccount", r))?;
    check_name("gateway.name", &config.gateway.name, 63).map_err(|r| invalid("gateway.name", r))?;

    for key in flink.configuration.keys() {
        if FORBIDDEN_CONFIG_KEYS.contains(&key.as_str()) {
            return Err(invalid(
                &format!("flink.configuration.{key}"),
                "the operator sets this key itself and rejects it in flinkConfiguration".into(),
            ));
        }
        let value = &flink.configuration[key];
        if !config.operator.allows_nested_configuration() && !is_scalar(value) {
            return Err(invalid(
                &format!("flink.configuration.{key}"),
                format!(
                    "operator {} accepts only flat string values in flinkConfiguration; nested \
                     configuration needs operator 1.13 or later",
                    config.operator
                ),
            ));
        }
    }
    let nested = crate::crd::FlinkConfiguration(flink.configuration.clone()).flattened_keys();
    if let Some(key) = nested
        .iter()
        .find(|k| FORBIDDEN_CONFIG_KEYS.contains(&k.as_str()))
    {
        return Err(invalid(
            &format!("flink.configuration.{key}"),
            "the operator sets this key itself and rejects it in flinkConfiguration".into(),
        ));
    }

    if flink.job_manager.replicas < 1 {
        return Err(invalid(
            "flink.jobManager.replicas",
            "must be at least 1".into(),
        ));
    }
    if flink.job_manager.replicas > 1 && !flink.high_availability.enabled {
        return Err(invalid(
            "flink.jobManager.replicas",
            format!(
                "{} JobManagers need high availability (flink.highAvailability.enabled: true); \
                 the operator rejects standby JobManagers without it",
                flink.job_manager.replicas
            ),
        ));
    }
    if flink.task_manager.replicas < 1 {
        return Err(invalid(
            "flink.taskManager.replicas",
            "must be at least 1".into(),
        ));
    }
    if flink.task_manager.slots < 1 {
        return Err(invalid(
            "flink.taskManager.slots",
            "must be at least 1".into(),
        ));
    }

    let version = config.flink_version();
    if !config.operator.flink_versions().contains(version) {
        return Err(invalid(
            "flink.version",
            format!(
                "Flink {} (flinkVersion {version}) is not known to operator {}; it accepts {}",
                flink.version.release,
                config.operator,
                config
                    .operator
                    .flink_versions()
                    .iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if version.major_minor().is_none_or(|(major, _)| major < 2) {
        return Err(invalid(
            "flink.version",
            format!(
                "Flink {} is not supported: the platform is written with Flink 2.x configuration keys",
                flink.version.release
            ),
        ));
    }

    match config.cloud {
        Cloud::Gcp if config.gcp.is_none() => {
            return Err(invalid(
                "gcp",
                "the cloud is gcp but there is no gcp section (bucket, serviceAccount)".into(),
            ));
        }
        Cloud::Aks if config.aks.is_none() => {
            return Err(invalid(
                "aks",
                "the cloud is aks but there is no aks section (storageAccount, container, tenantId, clientId)".into(),
            ));
        }
        _ => {}
    }
    if let (Cloud::Gcp, Some(gcp)) = (config.cloud, &config.gcp) {
        if gcp.bucket.is_empty() || gcp.bucket.contains('/') {
            return Err(invalid(
                "gcp.bucket",
                format!(
                    "`{}` is not a bucket name (write it without gs://)",
                    gcp.bucket
                ),
            ));
        }
        if !gcp.service_account.ends_with(".iam.gserviceaccount.com") {
            return Err(invalid(
                "gcp.serviceAccount",
                format!(
                    "`{}` is not a Google service account email",
                    gcp.service_account
                ),
            ));
        }
    }
    if let (Cloud::Aks, Some(aks)) = (config.cloud, &config.aks) {
        for (key, value) in [
            ("aks.tenantId", &aks.tenant_id),
            ("aks.clientId", &aks.client_id),
        ] {
            if !is_guid(value) {
                return Err(invalid(key, format!("`{value}` is not a GUID")));
            }
        }
        if aks.storage_account.len() < 3
            || aks.storage_account.len() > 24
            || !aks
                .storage_account
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Err(invalid(
                "aks.storageAccount",
                format!(
                    "`{}` is not a storage account name (3-24 lowercase letters and digits)",
                    aks.storage_account
                ),
            ));
        }
    }

    crate::connectors::resolve(config, file)?;
    check_quota(config).map_err(|(key, reason)| invalid(key, reason))
}

fn check_quota(config: &StudioConfig) -> std::result::Result<(), (&'static str, String)> {
    let quota = &config.quota;
    if !quota.enabled {
        return Ok(());
    }
    let flink = &config.flink;
    let tm = &flink.task_manager;
    let jm = &flink.job_manager;
    let tm_replicas = u64::try_from(tm.replicas).unwrap_or(0);
    let jm_replicas = u64::try_from(jm.replicas).unwrap_or(0);
    let slots = tm_replicas * u64::try_from(tm.slots).unwrap_or(0);
    let cpu =
        tm.cpu.millis() * tm_replicas + jm.cpu.millis() * jm_replicas + config.gateway.cpu.millis();
    let memory = tm.memory.bytes() * tm_replicas
        + jm.memory.bytes() * jm_replicas
        + config.gateway.memory.bytes();
    let describe = format!(
        "{} TaskManagers × {} slots = {slots} slots ({} CPU, {} each) plus {} JobManager(s) and the gateway",
        tm.replicas, tm.slots, tm.cpu, tm.memory, jm.replicas
    );
    if cpu > quota.cpu.millis() {
        return Err((
            "quota.cpu",
            format!(
                "{describe} need {} CPU, more than the quota of {}",
                crate::config::Cpu::from_millis(cpu),
                quota.cpu
            ),
        ));
    }
    if memory > quota.memory.bytes() {
        return Err((
            "quota.memory",
            format!(
                "{describe} need {} memory, more than the quota of {}",
                crate::config::Memory::from_bytes(memory),
                quota.memory
            ),
        ));
    }
    if let Some(pods) = quota.pods {
        let needed = tm_replicas + jm_replicas + 1;
        if needed > u64::try_from(pods).unwrap_or(0) {
            return Err((
                "quota.pods",
                format!("{describe} need {needed} pods, more than the quota of {pods}"),
            ));
        }
    }
    Ok(())
}

fn is_scalar(value: &serde_json::Value) -> bool {
    !(value.is_object() || value.is_array())
}

/// DNS-1123 label check; `max` is the length limit for this kind of name.
fn check_name(what: &str, name: &str, max: usize) -> std::result::Result<(), String> {
    if name.len() > max {
        return Err(format!(
            "`{name}` is {} characters long; {what} allows at most {max}",
            name.len()
        ));
    }
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let valid = starts_with_letter
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-');
    if !valid {
        return Err(format!(
            "`{name}` must start with a lowercase letter and contain only lowercase letters, digits \
             and `-` (not at the end)"
        ));
    }
    Ok(())
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}
