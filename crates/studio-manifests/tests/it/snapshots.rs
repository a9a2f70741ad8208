//! Golden snapshots of the seed's GCP and AKS platforms, and determinism.

use studio_manifests::render::{OutputFormat, render};

use super::support;

#[test]
fn gcp_platform_yaml() {
    let yaml = render(&support::build(&support::gcp()), OutputFormat::Yaml).unwrap();
    insta::assert_snapshot!("gcp_platform", yaml);
}

#[test]
fn aks_platform_yaml() {
    let yaml = render(&support::build(&support::aks()), OutputFormat::Yaml).unwrap();
    insta::assert_snapshot!("aks_platform", yaml);
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    for config in [support::gcp(), support::aks()] {
        for format in [OutputFormat::Yaml, OutputFormat::Json] {
            let first = render(&support::build(&config), format).unwrap();
            let second = render(&support::build(&config.clone()), format).unwrap();
            assert_eq!(first, second);
        }
    }
}

#[test]
fn objects_come_in_apply_order() {
    let kinds: Vec<&str> = support::build(&support::gcp())
        .iter()
        .map(|o| o.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "ResourceQuota",
            "NetworkPolicy",
            "NetworkPolicy",
            "NetworkPolicy",
            "NetworkPolicy",
            "FlinkDeployment",
            "Deployment",
            "Service",
        ]
    );
}

#[test]
fn json_output_is_a_list_in_the_same_order() {
    let objects = support::build(&support::aks());
    let json: serde_json::Value =
        serde_json::from_str(&render(&objects, OutputFormat::Json).unwrap()).unwrap();
    assert_eq!(json["kind"], "List");
    let kinds: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = objects.iter().map(|o| o.kind()).collect();
    assert_eq!(kinds, expected);
}

#[test]
fn clouds_differ_only_where_they_should() {
    let gcp = render(&support::build(&support::gcp()), OutputFormat::Yaml).unwrap();
    let aks = render(&support::build(&support::aks()), OutputFormat::Yaml).unwrap();
    assert!(
        gcp.contains("iam.gke.io/gcp-service-account: flink-gcs@sbx-stag.iam.gserviceaccount.com")
    );
    assert!(gcp.contains("gs://sbx-stag-flink-storage/flink/checkpoints"));
    assert!(gcp.contains("flink-gs-fs-hadoop-2.0.0.jar"));
    assert!(!gcp.contains("azure"));
    assert!(
        aks.contains("azure.workload.identity/client-id: 911d60a1-3770-40cb-978b-8b7342bf02b8")
    );
    assert!(aks.contains("azure.workload.identity/use: \"true\""));
    assert!(aks.contains("abfss://flink@sbxunileverflinkstorage1.dfs.core.windows.net/flink/ha"));
    assert!(aks.contains("flink-azure-fs-hadoop-2.0.0.jar"));
    assert!(aks.contains("storage: 50Gi"));
    assert!(!aks.contains("gs://"));
    for text in [&gcp, &aks] {
        assert!(!text.contains("${"), "no placeholder may remain");
    }
}
