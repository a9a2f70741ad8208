//! Loading `studio.yaml`: defaults, overlays, seed variables, and errors naming file, key and
//! reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use studio_manifests::Error;
use studio_manifests::config::{Cloud, Cpu, LoadOptions, Memory, StudioConfig, load};

use super::support;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn options(file: PathBuf) -> LoadOptions {
    LoadOptions {
        file,
        ..LoadOptions::default()
    }
}

const MINIMAL: &str = "cloud: gcp\nimage: flink:2.0.0\ngcp:\n  bucket: b\n  serviceAccount: f@p.iam.gserviceaccount.com\n";

#[test]
fn a_minimal_file_gets_the_seed_defaults() {
    let config = StudioConfig::from_yaml_str(MINIMAL, Path::new("studio.yaml")).unwrap();
    assert_eq!(config.namespace, "flink-studio");
    assert_eq!(config.flink.cluster_name, "flink-session-cluster");
    assert_eq!(config.flink.job_manager.memory, Memory::mebibytes(1536));
    assert_eq!(config.flink.job_manager.cpu, Cpu::cores(1));
    assert_eq!(config.flink.task_manager.memory, Memory::mebibytes(8192));
    assert_eq!(
        (
            config.flink.task_manager.replicas,
            config.flink.task_manager.slots
        ),
        (4, 2)
    );
    assert_eq!(config.flink.checkpointing.interval, "5min");
    assert_eq!(config.quota.memory, Memory::mebibytes(48 * 1024));
    assert_eq!(config.quota.cpu, Cpu::cores(16));
    assert_eq!(config.kafka.credentials_secret, "aiven-credentials");
    assert_eq!(config.operator.to_string(), "1.12.1");
}

#[test]
fn the_examples_hold_the_seed_values() {
    let gcp = support::gcp();
    assert_eq!(gcp.cloud, Cloud::Gcp);
    assert_eq!(gcp.gcp.as_ref().unwrap().bucket, "sbx-stag-flink-storage");
    assert_eq!(
        gcp.image,
        "asia-docker.pkg.dev/sbx-ci-cd/public/flink:2.0.0"
    );
    let aks = support::aks();
    let settings = aks.aks.as_ref().unwrap();
    assert_eq!(settings.storage_account, "sbxunileverflinkstorage1");
    assert_eq!(settings.container, "flink");
    assert_eq!(settings.client_id, "911d60a1-3770-40cb-978b-8b7342bf02b8");
    assert_eq!(settings.tenant_id, support::TEST_TENANT);
}

#[test]
fn an_unknown_key_is_named_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "studio.yaml",
        &format!(
            "{MINIMAL}flink:\n  taskManager:\n    memory: 8g\n    cpu: 2\n    replica: 4\n    slots: 2\n"
        ),
    );
    let err = load(&options(file.clone())).unwrap_err();
    let Error::Config {
        file: named,
        key,
        reason,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(named, &file);
    assert_eq!(key, "flink.taskManager.replica");
    assert!(reason.contains("unknown field `replica`"), "{reason}");
}

#[test]
fn a_wrong_value_is_named_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "studio.yaml",
        &format!("{MINIMAL}quota:\n  memory: lots\n"),
    );
    let err = load(&options(file)).unwrap_err().to_string();
    assert!(
        err.contains("studio.yaml: quota.memory: `lots` is not a memory size"),
        "{err}"
    );

    let file = write(
        dir.path(),
        "v.yaml",
        &MINIMAL.replace("cloud: gcp", "cloud: gcp\noperator: 1.9.0"),
    );
    let err = load(&options(file)).unwrap_err().to_string();
    assert!(
        err.contains("v.yaml: operator: operator 1.9.0 is not supported"),
        "{err}"
    );

    let file = write(
        dir.path(),
        "c.yaml",
        &MINIMAL.replace("cloud: gcp", "cloud: aws"),
    );
    let err = load(&options(file)).unwrap_err().to_string();
    assert!(
        err.contains("c.yaml: cloud: unknown variant `aws`"),
        "{err}"
    );
}

#[test]
fn yaml_syntax_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "broken.yaml", "cloud: [gcp\n");
    let err = load(&options(file.clone())).unwrap_err();
    assert!(
        matches!(&err, Error::Syntax { file: f, .. } if f == &file),
        "{err:?}"
    );
    let missing = dir.path().join("missing.yaml");
    let err = load(&options(missing.clone())).unwrap_err();
    assert!(
        matches!(&err, Error::Read { file: f, .. } if f == &missing),
        "{err:?}"
    );
}

#[test]
fn unset_variables_name_the_key_and_the_variable() {
    let err = load(&options(support::example("aks.yaml"))).unwrap_err();
    let Error::Config { file, key, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(file, &support::example("aks.yaml"));
    assert_eq!(key, "aks.tenantId");
    assert!(reason.contains("AZURE_TENANT_ID is not set"), "{reason}");
}

#[test]
fn process_environment_fills_references() {
    let process_env = BTreeMap::from([
        (
            "AZURE_TENANT_ID".to_owned(),
            support::TEST_TENANT.to_owned(),
        ),
        ("K8S_NAMESPACE".to_owned(), "flink-team-a".to_owned()),
    ]);
    let config = load(&LoadOptions {
        process_env,
        ..options(support::example("aks.yaml"))
    })
    .unwrap();
    assert_eq!(config.namespace, "flink-team-a");
}

#[test]
fn the_env_overlay_sets_seed_variables_and_wins_over_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "aks.yaml",
        &std::fs::read_to_string(support::example("aks.yaml")).unwrap(),
    );
    write(
        dir.path(),
        "aks.uat.env",
        "AZURE_STORAGE_ACCOUNT_NAME=uatstorage\nAZURE_TENANT_ID=11111111-2222-3333-4444-555555555555\nK8S_SERVICE_ACCOUNT=flink-uat\n",
    );
    // A stray AZURE_CLIENT_ID in the shell (common with the Azure SDKs) must not beat the file...
    let process_env = BTreeMap::from([(
        "AZURE_TENANT_ID".to_owned(),
        "99999999-9999-9999-9999-999999999999".to_owned(),
    )]);
    let config = load(&LoadOptions {
        env: Some("uat".into()),
        process_env,
        ..options(base)
    })
    .unwrap();
    let aks = config.aks.unwrap();
    assert_eq!(aks.storage_account, "uatstorage");
    assert_eq!(aks.tenant_id, "11111111-2222-3333-4444-555555555555");
    assert_eq!(config.flink.service_account, "flink-uat");
    // ...and unset seed variables keep the file's defaults.
    assert_eq!(aks.container, "flink");
}

#[test]
fn yaml_overlays_merge_and_errors_name_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "gcp.yaml", MINIMAL);
    write(
        dir.path(),
        "gcp.prod.yaml",
        "flink:\n  taskManager:\n    memory: 4g\n    cpu: 1\n    replicas: 6\n    slots: 4\n",
    );
    let config = load(&LoadOptions {
        env: Some("prod".into()),
        ..options(base.clone())
    })
    .unwrap();
    assert_eq!(config.flink.task_manager.replicas, 6);
    assert_eq!(config.flink.task_manager.slots, 4);
    assert_eq!(
        config.flink.job_manager.memory,
        Memory::mebibytes(1536),
        "untouched keys keep the base"
    );

    let overlay = write(dir.path(), "gcp.bad.yaml", "gateway:\n  port: eighty\n");
    let err = load(&LoadOptions {
        env: Some("bad".into()),
        ..options(base.clone())
    })
    .unwrap_err();
    let Error::Config { file, key, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((file, key.as_str()), (&overlay, "gateway.port"));

    let err = load(&LoadOptions {
        env: Some("nope".into()),
        ..options(base)
    })
    .unwrap_err();
    assert!(
        matches!(err, Error::UnknownEnvironment { ref env, .. } if env == "nope"),
        "{err:?}"
    );
}

#[test]
fn the_prod_overlay_never_falls_back_to_sandbox_identifiers() {
    let process_env = BTreeMap::from([(
        "AZURE_TENANT_ID".to_owned(),
        support::TEST_TENANT.to_owned(),
    )]);
    let err = load(&LoadOptions {
        env: Some("samadhan-prod".into()),
        process_env,
        ..options(support::example("aks.yaml"))
    })
    .unwrap_err();
    // Both missing identifiers are reported at once, each with the overlay that names it.
    let Error::Variables { problems } = &err else {
        panic!("{err:?}")
    };
    let keys: Vec<&str> = problems
        .iter()
        .map(|problem| {
            let Error::Config { file, key, .. } = problem else {
                panic!("{problem:?}")
            };
            assert_eq!(file, &support::example("aks.samadhan-prod.yaml"));
            key.as_str()
        })
        .collect();
    assert_eq!(keys, ["aks.clientId", "aks.storageAccount"]);
}

#[test]
fn cloud_flag_overrides_the_file() {
    let mut text = MINIMAL.to_owned();
    text.push_str("aks:\n  storageAccount: acct1\n  container: c\n  tenantId: 00000000-0000-0000-0000-000000000000\n  clientId: 00000000-0000-0000-0000-000000000001\n");
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "both.yaml", &text);
    let config = load(&LoadOptions {
        cloud: Some(Cloud::Aks),
        ..options(file)
    })
    .unwrap();
    assert_eq!(config.cloud, Cloud::Aks);
}

#[test]
fn sizes_parse_in_flink_and_kubernetes_syntax() {
    assert_eq!(Memory::parse("1536m").unwrap(), Memory::mebibytes(1536));
    assert_eq!(Memory::parse("1536Mi").unwrap(), Memory::mebibytes(1536));
    assert_eq!(Memory::parse("8g").unwrap(), Memory::parse("8Gi").unwrap());
    assert_eq!(Memory::parse("8Gi").unwrap().to_flink(), "8192m");
    assert_eq!(Memory::parse("48Gi").unwrap().to_quantity().0, "48Gi");
    assert!(Memory::parse("8 parsecs").is_err());
    assert_eq!(Cpu::parse("500m").unwrap().to_quantity().0, "500m");
    assert_eq!(Cpu::parse("1.5").unwrap().as_f64(), 1.5);
    assert!(Cpu::parse("-1").is_err());
}
