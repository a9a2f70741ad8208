//! The session-cluster `FlinkDeployment`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, EnvVar, EphemeralVolumeSource, PersistentVolumeClaimSpec,
    PersistentVolumeClaimTemplate, PodSecurityContext, PodSpec, PodTemplateSpec,
    SecretVolumeSource, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use super::{identity, labels};
use crate::config::{Cloud, StateBackendKind, StudioConfig};
use crate::crd::{
    FlinkConfiguration, FlinkDeployment, FlinkDeploymentSpec, JobManagerSpec,
    KubernetesDeploymentMode, Resource, TaskManagerSpec,
};

/// Name of the main container in operator-managed pods (the operator merges templates into it).
pub const MAIN_CONTAINER: &str = "flink-main-container";
/// Where RocksDB keeps its working files when a local state volume is configured.
pub const ROCKSDB_LOCAL_DIR: &str = "/opt/flink/rocksdb";
/// The `flink` user's group in the official image; volumes must be writable by it.
const FLINK_GID: i64 = 9999;
const KAFKA_VOLUME: &str = "kafka-credentials";
const ROCKSDB_VOLUME: &str = "rocksdb-local";

/// Base URI of the platform's storage, without a trailing slash.
pub fn storage_base(config: &StudioConfig) -> String {
    let prefix = config.flink.storage_prefix.trim_matches('/');
    let root = match (config.cloud, &config.gcp, &config.aks) {
        (Cloud::Gcp, Some(gcp), _) => format!("gs://{}", gcp.bucket),
        (Cloud::Aks, _, Some(aks)) => {
            format!(
                "abfss://{}@{}.dfs.core.windows.net",
                aks.container, aks.storage_account
            )
        }
        // Validation rejects a cloud without its section; keep the builder total anyway.
        (cloud, _, _) => format!("{cloud}://unconfigured"),
    };
    if prefix.is_empty() {
        root
    } else {
        format!("{root}/{prefix}")
    }
}

/// Filesystem plugin jars the image's entrypoint should enable.
pub fn built_in_plugins(config: &StudioConfig) -> String {
    if !config.flink.built_in_plugins.is_empty() {
        return config.flink.built_in_plugins.join(";");
    }
    let release = &config.flink.version.release;
    match config.cloud {
        Cloud::Gcp => format!("flink-gs-fs-hadoop-{release}.jar"),
        Cloud::Aks => format!("flink-azure-fs-hadoop-{release}.jar"),
    }
}

/// Hadoop ABFS settings for Azure Workload Identity (AKS only).
pub fn azure_fs_configuration(config: &StudioConfig) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    if let (Cloud::Aks, Some(aks)) = (config.cloud, &config.aks) {
        keys.insert("fs.azure.account.auth.type".into(), "OAuth".into());
        keys.insert(
            "fs.azure.account.oauth.provider.type".into(),
            "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider".into(),
        );
        keys.insert(
            "fs.azure.account.oauth2.msi.tenant".into(),
            aks.tenant_id.clone(),
        );
        keys.insert(
            "fs.azure.account.oauth2.client.id".into(),
            aks.client_id.clone(),
        );
        keys.insert(
            "fs.azure.account.oauth2.token.file".into(),
            identity::AZURE_TOKEN_FILE.into(),
        );
    }
    keys
}

/// The Flink configuration of the session cluster (Flink 2.x keys).
pub fn flink_configuration(config: &StudioConfig) -> FlinkConfiguration {
    let flink = &config.flink;
    let base = storage_base(config);
    let mut conf = FlinkConfiguration::default();
    conf.set(
        "taskmanager.numberOfTaskSlots",
        flink.task_manager.slots.to_string(),
    );
    // Native mode starts TaskManagers on demand; this floor keeps `taskManager.replicas`
    // of them (and their slots) up. `studio scale` owns it once it has scaled.
    conf.set(
        "slotmanager.number-of-slots.min",
        (flink.task_manager.replicas.max(0) * flink.task_manager.slots.max(0)).to_string(),
    );
    conf.set(
        "execution.checkpointing.interval",
        flink.checkpointing.interval.clone(),
    );
    conf.set("execution.checkpointing.dir", format!("{base}/checkpoints"));
    conf.set(
        "execution.checkpointing.savepoint-dir",
        format!("{base}/savepoints"),
    );
    conf.set(
        "kubernetes.operator.savepoint.format.type",
        flink.checkpointing.savepoint_format.to_operator().as_str(),
    );
    match flink.state_backend.kind {
        StateBackendKind::Rocksdb => {
            conf.set("state.backend.type", "rocksdb");
            conf.set(
                "execution.checkpointing.incremental",
                flink.state_backend.incremental.to_string(),
            );
            if flink.task_manager.local_state_volume.is_some() {
                conf.set("state.backend.rocksdb.localdir", ROCKSDB_LOCAL_DIR);
            }
        }
        StateBackendKind::Hashmap => conf.set("state.backend.type", "hashmap"),
    }
    if flink.high_availability.enabled {
        conf.set("high-availability.type", "kubernetes");
        conf.set("high-availability.storageDir", format!("{base}/ha"));
    }
    conf.set(
        "jobmanager.archive.fs.dir",
        format!("{base}/completed-jobs"),
    );
    for (key, value) in azure_fs_configuration(config) {
        conf.set(key, value);
    }
    // User keys win. Scalars become strings, which every operator version accepts.
    for (key, value) in &flink.configuration {
        let value = match value {
            Value::String(_) | Value::Object(_) | Value::Array(_) => value.clone(),
            scalar => Value::String(scalar.to_string()),
        };
        conf.0.insert(key.clone(), value);
    }
    conf
}

pub(crate) fn plugin_env(config: &StudioConfig) -> EnvVar {
    EnvVar {
        name: "ENABLE_BUILT_IN_PLUGINS".into(),
        value: Some(built_in_plugins(config)),
        value_from: None,
    }
}

pub(crate) fn kafka_volume(config: &StudioConfig) -> (Volume, VolumeMount) {
    (
        Volume {
            name: KAFKA_VOLUME.into(),
            secret: Some(SecretVolumeSource {
                secret_name: Some(config.kafka.credentials_secret.clone()),
                ..SecretVolumeSource::default()
            }),
            ..Volume::default()
        },
        VolumeMount {
            name: KAFKA_VOLUME.into(),
            mount_path: config.kafka.mount_path.clone(),
            read_only: Some(true),
            ..VolumeMount::default()
        },
    )
}

fn rocksdb_volume(config: &StudioConfig) -> Option<(Volume, VolumeMount)> {
    let local = config.flink.task_manager.local_state_volume.as_ref()?;
    let claim = PersistentVolumeClaimSpec {
        access_modes: Some(vec!["ReadWriteOnce".into()]),
        storage_class_name: local.storage_class.clone(),
        resources: Some(VolumeResourceRequirements {
            requests: Some(BTreeMap::from([(
                "storage".to_owned(),
                local.size.to_quantity(),
            )])),
            ..VolumeResourceRequirements::default()
        }),
        ..PersistentVolumeClaimSpec::default()
    };
    Some((
        Volume {
            name: ROCKSDB_VOLUME.into(),
            ephemeral: Some(EphemeralVolumeSource {
                volume_claim_template: Some(PersistentVolumeClaimTemplate {
                    metadata: Some(ObjectMeta {
                        labels: Some(labels::common(config, "rocksdb-local-state")),
                        ..ObjectMeta::default()
                    }),
                    spec: claim,
                }),
            }),
            ..Volume::default()
        },
        VolumeMount {
            name: ROCKSDB_VOLUME.into(),
            mount_path: ROCKSDB_LOCAL_DIR.into(),
            ..VolumeMount::default()
        },
    ))
}

/// Pod template for one role; `extra` adds role-specific volumes.
fn pod_template(config: &StudioConfig, extra: Option<(Volume, VolumeMount)>) -> PodTemplateSpec {
    let (kafka, kafka_mount) = kafka_volume(config);
    let mut volumes = vec![kafka];
    let mut mounts = vec![kafka_mount];
    let mut init_containers = None;
    if let Some((init, volume, mount)) = crate::connectors::pod_parts(config) {
        init_containers = Some(vec![init]);
        volumes.push(volume);
        mounts.push(mount);
    }
    let mut security_context = None;
    if let Some((volume, mount)) = extra {
        volumes.push(volume);
        mounts.push(mount);
        security_context = Some(PodSecurityContext {
            fs_group: Some(FLINK_GID),
            ..PodSecurityContext::default()
        });
    }
    PodTemplateSpec {
        metadata: None,
        spec: Some(PodSpec {
            containers: vec![Container {
                name: MAIN_CONTAINER.into(),
                env: Some(vec![plugin_env(config)]),
                volume_mounts: Some(mounts),
                ..Container::default()
            }],
            init_containers,
            volumes: Some(volumes),
            security_context,
            ..PodSpec::default()
        }),
    }
}

/// The session cluster (no `job`), native mode.
///
/// Containers and volumes go into the JobManager and TaskManager templates rather than the shared
/// `spec.podTemplate`: the operator merges lists by position by default, which would mix the
/// TaskManager's RocksDB volume with the shared Kafka volume.
pub fn flink_deployment(config: &StudioConfig) -> FlinkDeployment {
    let flink = &config.flink;
    let mut pod_labels = labels::common(config, "flink");
    pod_labels.extend(identity::pod_labels(config));
    let spec = FlinkDeploymentSpec {
        image: Some(config.image.clone()),
        image_pull_policy: Some(config.image_pull_policy.clone()),
        flink_version: Some(config.flink_version().clone()),
        mode: Some(KubernetesDeploymentMode::Native),
        service_account: Some(flink.service_account.clone()),
        flink_configuration: Some(flink_configuration(config)),
        pod_template: Some(PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(pod_labels),
                ..ObjectMeta::default()
            }),
            spec: None,
        }),
        job_manager: Some(JobManagerSpec {
            resource: Some(Resource {
                cpu: Some(flink.job_manager.cpu.as_f64()),
                memory: Some(flink.job_manager.memory.to_flink()),
                ..Resource::default()
            }),
            replicas: Some(flink.job_manager.replicas),
            pod_template: Some(pod_template(config, None)),
            ..JobManagerSpec::default()
        }),
        task_manager: Some(TaskManagerSpec {
            resource: Some(Resource {
                cpu: Some(flink.task_manager.cpu.as_f64()),
                memory: Some(flink.task_manager.memory.to_flink()),
                ..Resource::default()
            }),
            replicas: Some(flink.task_manager.replicas),
            pod_template: Some(pod_template(config, rocksdb_volume(config))),
            ..TaskManagerSpec::default()
        }),
        ..FlinkDeploymentSpec::default()
    };
    let mut deployment = FlinkDeployment::new(&flink.cluster_name, spec);
    deployment.metadata = labels::meta(config, &flink.cluster_name, "flink");
    deployment
}
