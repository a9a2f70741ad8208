//! The platform image's Dockerfile.

use std::path::Path;

use studio_manifests::{connectors, image};

use super::support;

#[test]
fn gcp_dockerfile() {
    let config = support::gcp();
    let jars = connectors::resolve(&config, Path::new("gcp.yaml")).unwrap();
    let text = image::dockerfile(&config, &config.flink.version.release, &jars);
    insta::assert_snapshot!("gcp_dockerfile", text);
}

#[test]
fn aks_dockerfile_on_flink_2_2_bakes_the_2_2_plugin() {
    let mut config = support::aks();
    config.flink.version.release = "2.2.0".into();
    let jars = connectors::resolve(&config, Path::new("aks.yaml")).unwrap();
    let text = image::dockerfile(&config, "2.2.0", &jars);
    assert!(text.starts_with("# syntax=docker/dockerfile:1.7\n"));
    assert!(text.contains("FROM flink:2.2.0-java17\n"), "{text}");
    assert!(
        text.contains(
            "cp /opt/flink/opt/flink-azure-fs-hadoop-2.2.0.jar /opt/flink/plugins/azure-fs-hadoop/"
        ),
        "{text}"
    );
    assert!(text.contains(&format!(
        "--checksum=sha256:{} https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-kafka/5.0.0-2.2/",
        connectors::FLINK_2_2.kafka.sha256
    )));
}

#[test]
fn a_connector_added_to_the_config_is_baked_in() {
    let mut config = support::gcp();
    config
        .connectors
        .artifacts
        .push(connectors::ConnectorArtifact {
            maven: "org.apache.flink:flink-connector-jdbc:4.0.0-2.0".into(),
            sha256: Some("cd".repeat(32)),
        });
    let jars = connectors::resolve(&config, Path::new("gcp.yaml")).unwrap();
    let text = image::dockerfile(&config, "2.0.0", &jars);
    assert!(text.contains(&format!(
        "ADD --chmod=0644 --checksum=sha256:{} https://repo1.maven.org/maven2/org/apache/flink/flink-connector-jdbc/4.0.0-2.0/flink-connector-jdbc-4.0.0-2.0.jar /opt/flink/lib/studio-connectors/flink-connector-jdbc-4.0.0-2.0.jar",
        "cd".repeat(32)
    )), "{text}");
    let context = image::context(&config, "2.0.0", &jars);
    assert_eq!(context.files[0].0, "Dockerfile");
    assert_eq!(context.files[1], (".dockerignore".into(), "*\n".into()));
}
