//! Connectors as configuration: the init container in the render, and its script run for real.

use std::path::Path;
use std::process::Command;

use k8s_openapi::api::core::v1::PodSpec;
use sha2::{Digest, Sha256};
use studio_manifests::build::PlatformObject;
use studio_manifests::connectors::{self, Connector, INIT_CONTAINER, LIB_DIR, VOLUME};

use super::support;

fn pod_specs(objects: &[PlatformObject]) -> Vec<(&'static str, PodSpec)> {
    let fd = support::flink_deployment(objects);
    let jm = fd
        .spec
        .job_manager
        .as_ref()
        .unwrap()
        .pod_template
        .clone()
        .unwrap();
    let tm = fd
        .spec
        .task_manager
        .as_ref()
        .unwrap()
        .pod_template
        .clone()
        .unwrap();
    let gateway = objects
        .iter()
        .find_map(|o| match o {
            PlatformObject::Deployment(d) => Some(d.clone()),
            _ => None,
        })
        .unwrap();
    k8s_openapi::k8s_if_le_1_36! { let gateway_spec = gateway.spec.unwrap(); }
    k8s_openapi::k8s_if_ge_1_37! { let gateway_spec = gateway.spec; }
    vec![
        ("jobmanager", jm.spec.unwrap()),
        ("taskmanager", tm.spec.unwrap()),
        ("gateway", gateway_spec.template.spec.unwrap()),
    ]
}

#[test]
fn jobmanager_taskmanagers_and_gateway_get_the_jars() {
    for config in [support::gcp(), support::aks()] {
        let objects = support::build(&config);
        for (role, spec) in pod_specs(&objects) {
            let init = spec.init_containers.as_ref().unwrap();
            assert_eq!(init.len(), 1, "{role}");
            assert_eq!(init[0].name, INIT_CONTAINER);
            let script = &init[0].command.as_ref().unwrap()[2];
            assert!(
                script.contains("org.apache.flink:flink-sql-connector-kafka:"),
                "{role}"
            );
            assert!(script.contains("org.apache.flink:flink-json:"), "{role}");
            assert!(
                spec.volumes
                    .as_ref()
                    .unwrap()
                    .iter()
                    .any(|v| v.name == VOLUME && v.empty_dir.is_some()),
                "{role}"
            );
            let main = &spec.containers[0];
            assert!(
                main.volume_mounts
                    .as_ref()
                    .unwrap()
                    .iter()
                    .any(|m| m.name == VOLUME && m.mount_path == LIB_DIR),
                "{role}"
            );
        }
    }
}

#[test]
fn a_custom_image_has_no_init_container() {
    let mut config = support::gcp();
    config.connectors.custom_image = true;
    for (role, spec) in pod_specs(&support::build(&config)) {
        assert!(spec.init_containers.is_none(), "{role}");
        assert!(
            spec.volumes.unwrap().iter().all(|v| v.name != VOLUME),
            "{role}"
        );
    }
}

#[test]
fn an_invalid_connector_fails_validation_naming_the_key() {
    let mut config = support::gcp();
    config
        .connectors
        .artifacts
        .push(connectors::ConnectorArtifact {
            maven: "com.example:udfs:1.0".into(),
            sha256: None,
        });
    let err = studio_manifests::build::build(&config, Path::new("studio.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("studio.yaml: connectors.artifacts[0].sha256:"),
        "{err}"
    );
}

/// Runs the init container's script against a `file://` repository, as the pod would.
fn run_script(jar_bytes: &[u8], declared_sha: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let jar = Connector {
        group: "com.example".into(),
        artifact: "udfs".into(),
        version: "1.0".into(),
        sha256: declared_sha.into(),
    };
    let path = repo.join("com/example/udfs/1.0/udfs-1.0.jar");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, jar_bytes).unwrap();
    let dest = dir.path().join("dest");
    std::fs::create_dir_all(&dest).unwrap();
    let script = connectors::fetch_script(&[jar], &format!("file://{}", repo.display()));
    let out = Command::new("/bin/sh")
        .args(["-c", &script])
        .env("DEST", &dest)
        .output()
        .unwrap();
    (out, dir)
}

#[test]
fn the_init_script_installs_a_verified_jar() {
    let sha = hex_sha(b"jar bytes");
    let (out, dir) = run_script(b"jar bytes", &sha);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("dest/udfs-1.0.jar")).unwrap(),
        b"jar bytes"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok com.example:udfs:1.0"));
}

#[test]
fn the_init_script_fails_naming_the_artifact_on_a_wrong_checksum() {
    let (out, dir) = run_script(b"tampered", &hex_sha(b"jar bytes"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ERROR: checksum mismatch for com.example:udfs:1.0"),
        "{stderr}"
    );
    assert!(!dir.path().join("dest/udfs-1.0.jar").exists());
    assert!(!dir.path().join("dest/udfs-1.0.jar.part").exists());
}

fn hex_sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
