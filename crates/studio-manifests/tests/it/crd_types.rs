//! The CRD types read what an operator writes, including fields and values they do not model.

use serde_json::json;
use studio_manifests::crd::*;

#[test]
fn a_status_from_a_newer_operator_parses_and_round_trips() {
    let object = json!({
        "apiVersion": "flink.apache.org/v1beta1",
        "kind": "FlinkDeployment",
        "metadata": {"name": "flink-session-cluster", "namespace": "flink-studio", "generation": 3},
        "spec": {
            "flinkVersion": "v2_3",
            "flinkConfiguration": {"pipeline": {"name": "x"}, "taskmanager.numberOfTaskSlots": "2"},
            "jobManager": {"replicas": 1, "resource": {"cpu": 1.0, "memory": "1536m"}, "resources": {"limits": {"cpu": "1"}}},
            "futureField": {"a": 1}
        },
        "status": {
            "lifecycleState": "STABLE",
            "jobManagerDeploymentStatus": "READY",
            "observedGeneration": 3,
            "clusterInfo": {"flink-version": "2.0.0"},
            "reconciliationStatus": {"state": "DEPLOYED", "lastReconciledSpec": "{}"},
            "conditions": [{"type": "Running", "status": "True", "reason": "JobManagerReady", "message": "", "lastTransitionTime": "2026-11-25T10:00:00Z"}],
            "somethingNew": true
        }
    });
    let deployment: FlinkDeployment = serde_json::from_value(object.clone()).unwrap();
    assert_eq!(deployment.spec.flink_version, Some(FlinkVersion::V2_3));
    assert_eq!(deployment.spec.extra["futureField"], json!({"a": 1}));
    let status = deployment.status.as_ref().unwrap();
    assert!(status.is_ready(deployment.metadata.generation));
    assert!(
        !status.is_ready(Some(4)),
        "a newer generation is not observed yet"
    );
    assert!(!status.is_failed());
    assert_eq!(
        serde_json::to_value(&deployment).unwrap(),
        object,
        "nothing is lost"
    );

    let unknown: FlinkDeploymentStatus =
        serde_json::from_value(json!({"lifecycleState": "HIBERNATING"})).unwrap();
    assert_eq!(
        unknown.lifecycle_state,
        Some(ResourceLifecycleState::Unknown("HIBERNATING".into()))
    );
}

#[test]
fn failures_are_recognised() {
    let failed: FlinkDeploymentStatus =
        serde_json::from_value(json!({"lifecycleState": "FAILED"})).unwrap();
    assert!(failed.is_failed());
    let error: FlinkDeploymentStatus = serde_json::from_value(json!({"error": "boom"})).unwrap();
    assert!(error.is_failed());
}

#[test]
fn flink_versions_parse_in_both_spellings() {
    assert_eq!("2.0".parse::<FlinkVersion>().unwrap(), FlinkVersion::V2_0);
    assert_eq!("2.2.1".parse::<FlinkVersion>().unwrap(), FlinkVersion::V2_2);
    assert_eq!(
        "v1_20".parse::<FlinkVersion>().unwrap(),
        FlinkVersion::V1_20
    );
    assert_eq!(FlinkVersion::V2_1.major_minor(), Some((2, 1)));
    assert!("3.9".parse::<FlinkVersion>().is_err());
    assert!("two".parse::<FlinkVersion>().is_err());
}

#[test]
fn session_jobs_and_snapshots_read_operator_output() {
    let job: FlinkSessionJob = serde_json::from_value(json!({
        "apiVersion": "flink.apache.org/v1beta1",
        "kind": "FlinkSessionJob",
        "metadata": {"name": "j"},
        "spec": {"deploymentName": "flink-session-cluster", "job": {"jarURI": "local:///j.jar", "upgradeMode": "last-state"}},
        "status": {"jobStatus": {"jobId": "abc", "state": "RUNNING"}, "lifecycleState": "STABLE"}
    }))
    .unwrap();
    assert_eq!(
        job.spec.job.unwrap().upgrade_mode,
        Some(UpgradeMode::LastState)
    );
    let snapshot: FlinkStateSnapshot = serde_json::from_value(json!({
        "apiVersion": "flink.apache.org/v1beta1",
        "kind": "FlinkStateSnapshot",
        "metadata": {"name": "s"},
        "spec": {"checkpoint": {}, "jobReference": {"kind": "FlinkDeployment", "name": "d"}},
        "status": {"state": "COMPLETED", "path": "gs://b/cp/chk-1"}
    }))
    .unwrap();
    assert_eq!(
        snapshot.status.unwrap().state,
        Some(SnapshotState::Completed)
    );
}

#[test]
fn crd_metadata_matches_the_operator() {
    use kube_core::{CustomResourceExt, Resource};
    assert_eq!(
        FlinkDeployment::api_version(&()),
        "flink.apache.org/v1beta1"
    );
    assert_eq!(
        FlinkDeployment::crd_name(),
        "flinkdeployments.flink.apache.org"
    );
    assert_eq!(
        FlinkSessionJob::crd_name(),
        "flinksessionjobs.flink.apache.org"
    );
    assert_eq!(
        FlinkStateSnapshot::crd_name(),
        "flinkstatesnapshots.flink.apache.org"
    );
}
