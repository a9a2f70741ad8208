//! One negative test per client-side validation rule, plus the positive counterparts.

use std::path::Path;

use serde_json::json;
use studio_manifests::Error;
use studio_manifests::config::{Memory, OperatorVersion, StudioConfig};
use studio_manifests::validate::validate;

use super::support;

/// Validates and returns `(key, reason)` of the violation.
fn violation(config: &StudioConfig) -> (String, String) {
    match validate(config, Path::new("studio.yaml")) {
        Err(Error::Invalid { file, key, reason }) => {
            assert_eq!(file, Path::new("studio.yaml"));
            (key, reason)
        }
        other => panic!("expected a violation, got {other:?}"),
    }
}

#[test]
fn the_seed_platforms_are_valid() {
    validate(&support::gcp(), Path::new("gcp.yaml")).unwrap();
    validate(&support::aks(), Path::new("aks.yaml")).unwrap();
}

#[test]
fn cluster_names_over_45_characters_are_rejected() {
    let mut config = support::gcp();
    config.flink.cluster_name = "a".repeat(46);
    let (key, reason) = violation(&config);
    assert_eq!(key, "flink.clusterName");
    assert!(
        reason.contains("46 characters") && reason.contains("at most 45"),
        "{reason}"
    );
    config.flink.cluster_name = "a".repeat(45);
    validate(&config, Path::new("x")).unwrap();
}

#[test]
fn names_must_be_dns_labels() {
    let mut config = support::gcp();
    config.flink.cluster_name = "Flink_Cluster".into();
    assert_eq!(violation(&config).0, "flink.clusterName");
    let mut config = support::gcp();
    config.namespace = "flink-".into();
    assert_eq!(violation(&config).0, "namespace");
}

#[test]
fn forbidden_configuration_keys_are_rejected() {
    for key in studio_manifests::validate::FORBIDDEN_CONFIG_KEYS {
        let mut config = support::gcp();
        config.flink.configuration.insert((*key).into(), json!("x"));
        let (found, reason) = violation(&config);
        assert_eq!(found, format!("flink.configuration.{key}"));
        assert!(reason.contains("operator sets this key"), "{reason}");
    }
    // Also when written as nested YAML (operator 1.13+).
    let mut config = support::gcp();
    config.operator = OperatorVersion::V1_15_0;
    config
        .flink
        .configuration
        .insert("kubernetes".into(), json!({"cluster-id": "x"}));
    assert_eq!(
        violation(&config).0,
        "flink.configuration.kubernetes.cluster-id"
    );
}

#[test]
fn nested_configuration_needs_operator_1_13() {
    let mut config = support::gcp();
    config
        .flink
        .configuration
        .insert("pipeline".into(), json!({"name": "x"}));
    let (key, reason) = violation(&config);
    assert_eq!(key, "flink.configuration.pipeline");
    assert!(
        reason.contains("1.12.1") && reason.contains("1.13"),
        "{reason}"
    );
    config.operator = OperatorVersion::V1_15_0;
    validate(&config, Path::new("x")).unwrap();
}

#[test]
fn several_job_managers_need_ha() {
    let mut config = support::gcp();
    config.flink.job_manager.replicas = 2;
    config.flink.high_availability.enabled = false;
    let (key, reason) = violation(&config);
    assert_eq!(key, "flink.jobManager.replicas");
    assert!(reason.contains("high availability"), "{reason}");
    config.flink.high_availability.enabled = true;
    validate(&config, Path::new("x")).unwrap();
}

#[test]
fn replica_and_slot_counts_must_be_positive() {
    let mut config = support::gcp();
    config.flink.job_manager.replicas = 0;
    assert_eq!(violation(&config).0, "flink.jobManager.replicas");
    let mut config = support::gcp();
    config.flink.task_manager.replicas = 0;
    assert_eq!(violation(&config).0, "flink.taskManager.replicas");
    let mut config = support::gcp();
    config.flink.task_manager.slots = 0;
    assert_eq!(violation(&config).0, "flink.taskManager.slots");
}

#[test]
fn flink_versions_the_operator_does_not_know_are_rejected() {
    let mut config = support::gcp();
    config.flink.version = "2.2.0".parse().unwrap();
    let (key, reason) = violation(&config);
    assert_eq!(key, "flink.version");
    assert!(
        reason.contains("v2_2") && reason.contains("operator 1.12.1"),
        "{reason}"
    );
    config.operator = OperatorVersion::V1_15_0;
    validate(&config, Path::new("x")).unwrap();
    // 2.3 is in operator 1.15's Java enum but not in its CRD.
    config.flink.version = "2.3.0".parse().unwrap();
    assert_eq!(violation(&config).0, "flink.version");
}

#[test]
fn flink_1_x_is_rejected_because_the_keys_are_2_x_keys() {
    let mut config = support::gcp();
    config.flink.version = "1.20.1".parse().unwrap();
    let (key, reason) = violation(&config);
    assert_eq!(key, "flink.version");
    assert!(reason.contains("2.x"), "{reason}");
}

#[test]
fn slots_times_replicas_must_fit_the_quota() {
    // 6 × 8Gi + 1.5Gi + 2Gi > 48Gi.
    let mut config = support::gcp();
    config.flink.task_manager.replicas = 6;
    let (key, reason) = violation(&config);
    assert_eq!(key, "quota.memory");
    assert!(
        reason.contains("6 TaskManagers × 2 slots = 12 slots"),
        "{reason}"
    );
    assert!(reason.contains("48Gi"), "{reason}");

    let mut config = support::gcp();
    config.flink.task_manager.replicas = 5;
    config.flink.task_manager.memory = Memory::mebibytes(4096);
    config.flink.task_manager.cpu = studio_manifests::config::Cpu::cores(3);
    let (key, reason) = violation(&config);
    assert_eq!(key, "quota.cpu");
    assert!(
        reason.contains("17 CPU") && reason.contains("quota of 16"),
        "{reason}"
    );

    let mut config = support::gcp();
    config.quota.pods = Some(5);
    assert_eq!(violation(&config).0, "quota.pods");

    let mut config = support::gcp();
    config.flink.task_manager.replicas = 6;
    config.quota.enabled = false;
    validate(&config, Path::new("x")).unwrap();
}

#[test]
fn the_selected_cloud_needs_its_section() {
    let mut config = support::gcp();
    config.cloud = studio_manifests::config::Cloud::Aks;
    assert_eq!(violation(&config).0, "aks");
    let mut config = support::aks();
    config.cloud = studio_manifests::config::Cloud::Gcp;
    assert_eq!(violation(&config).0, "gcp");
}

#[test]
fn cloud_identifiers_are_checked() {
    let mut config = support::aks();
    config.aks.as_mut().unwrap().tenant_id = "your-tenant-id".into();
    assert_eq!(violation(&config).0, "aks.tenantId");
    let mut config = support::aks();
    config.aks.as_mut().unwrap().storage_account = "Has_Upper".into();
    assert_eq!(violation(&config).0, "aks.storageAccount");
    let mut config = support::gcp();
    config.gcp.as_mut().unwrap().bucket = "gs://bucket".into();
    assert_eq!(violation(&config).0, "gcp.bucket");
    let mut config = support::gcp();
    config.gcp.as_mut().unwrap().service_account = "flink-gcs".into();
    assert_eq!(violation(&config).0, "gcp.serviceAccount");
}

#[test]
fn build_refuses_an_invalid_config() {
    let mut config = support::gcp();
    config.flink.task_manager.replicas = 0;
    let err = studio_manifests::build::build(&config, Path::new("studio.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "studio.yaml: flink.taskManager.replicas: must be at least 1"
    );
}
