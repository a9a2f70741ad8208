//! Live tests against the Kubernetes testbed (`cargo xtask testbed up --k8s`): a real
//! kube-apiserver with the operator CRDs, controllers and a kwok node. Run with
//! `set -a; . target/testbed/k8s.env; set +a; cargo test -p studio-kube -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, Secret};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, Patch, PatchParams, PostParams};
use studio_kube::apply::{ApplyOptions, Outcome, apply};
use studio_kube::diff::{Change, dry_run};
use studio_kube::platform::KAFKA_SECRET_KEYS;
use studio_kube::readiness::read;
use studio_kube::wait::{WaitOptions, WaitOutcome, wait_ready};
use studio_kube::{Error, Platform, Target, TargetOptions};
use studio_manifests::config::{LoadOptions, StudioConfig};
use studio_manifests::crd::FlinkDeployment;
use tokio::sync::RwLock;

/// Tests that swap the installed CRDs take this for writing; the others for reading.
fn crd_lock() -> &'static RwLock<()> {
    static LOCK: OnceLock<RwLock<()>> = OnceLock::new();
    LOCK.get_or_init(|| RwLock::new(()))
}

fn kubeconfig(var: &str) -> PathBuf {
    PathBuf::from(std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: start the testbed with `cargo xtask testbed up --k8s` and source target/testbed/k8s.env")
    }))
}

async fn admin() -> Target {
    Target::resolve(&TargetOptions::new(
        Some(kubeconfig("STUDIO_K8S_KUBECONFIG")),
        None,
    ))
    .await
    .unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// An example platform in its own namespace.
fn platform(example: &str, namespace: &str, edit: impl FnOnce(&mut StudioConfig)) -> Platform {
    let file = repo().join("examples/platform").join(example);
    let mut config = studio_manifests::config::load(&LoadOptions {
        file: file.clone(),
        env: None,
        cloud: None,
        process_env: BTreeMap::from([(
            "AZURE_TENANT_ID".to_owned(),
            "00000000-0000-4000-8000-000000000001".to_owned(),
        )]),
    })
    .unwrap();
    config.namespace = namespace.to_owned();
    edit(&mut config);
    Platform::from_config(config, &file).unwrap()
}

/// The namespace and the Kafka Secret, as `studio secret kafka` would leave them.
async fn prepare(target: &Target, namespace: &str, secret: &str) {
    let ns: Api<Namespace> = Api::all(target.client.clone());
    let object: Namespace =
        serde_json::from_value(serde_json::json!({"metadata": {"name": namespace}})).unwrap();
    ns.create(&PostParams::default(), &object).await.unwrap();
    let data: BTreeMap<String, String> = KAFKA_SECRET_KEYS
        .iter()
        .map(|k| ((*k).to_owned(), "test".to_owned()))
        .collect();
    let secret: Secret = serde_json::from_value(serde_json::json!({
        "metadata": {"name": secret, "namespace": namespace},
        "stringData": data
    }))
    .unwrap();
    Api::<Secret>::namespaced(target.client.clone(), namespace)
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();
}

/// The GCP example deployed in a fresh namespace (with its Kafka Secret).
async fn deployed(prefix: &str) -> (Target, String, Platform) {
    let target = admin().await;
    let ns = unique(prefix);
    let platform = platform("gcp.yaml", &ns, |_| {});
    prepare(&target, &ns, platform.kafka_secret().unwrap()).await;
    let objects = studio_kube::deploy::objects(&target, &platform)
        .await
        .unwrap();
    let report = apply(&target, &objects, &ApplyOptions::default()).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    (target, ns, platform)
}

async fn delete_namespace(target: &Target, namespace: &str) {
    let _ = Api::<Namespace>::all(target.client.clone())
        .delete(namespace, &Default::default())
        .await;
}

async fn deploy_twice(example: &str) {
    let _guard = crd_lock().read().await;
    let target = admin().await;
    let ns = unique(&example.replace(".yaml", ""));
    let platform = platform(example, &ns, |_| {});
    prepare(&target, &ns, platform.kafka_secret().unwrap()).await;
    let checks = studio_kube::preflight::run(&target, &platform)
        .await
        .unwrap();
    assert!(checks.iter().all(|c| c.ok), "{checks:?}");

    let objects = studio_kube::deploy::objects(&target, &platform)
        .await
        .unwrap();
    let first = apply(&target, &objects, &ApplyOptions::default()).await;
    assert!(first.is_complete(), "{:?}", first.failed);
    assert_eq!(first.applied.len(), objects.len());
    // The namespace existed (the Secret lives there); everything else is new.
    for (object, outcome, _) in &first.applied {
        let expected = if object.kind == "Namespace" {
            Outcome::Configured
        } else {
            Outcome::Created
        };
        assert_eq!(*outcome, expected, "{object}");
    }

    let second = apply(&target, &objects, &ApplyOptions::default()).await;
    assert!(second.is_complete());
    assert!(
        !second.changed(),
        "second apply changed something: {:?}",
        second.applied
    );
    // `Unchanged` means the object's resourceVersion is the same before and after the apply
    // (controllers may still write status between two applies).
    for (object, outcome, _) in &second.applied {
        assert_eq!(*outcome, Outcome::Unchanged, "{object}");
    }

    // A config change shows exactly that change and nothing else.
    let changed = self::platform(example, &ns, |c| {
        c.gateway.memory = studio_manifests::config::Memory::parse("3Gi").unwrap()
    });
    let objects = studio_kube::deploy::objects(&target, &changed)
        .await
        .unwrap();
    let diffs = dry_run(&target, &objects, &ApplyOptions::default())
        .await
        .unwrap();
    let changes: Vec<_> = diffs
        .iter()
        .filter(|d| d.change != Change::Unchanged)
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].object.kind, "Deployment");
    let Change::Update { diff } = &changes[0].change else {
        panic!("not an update: {:?}", changes[0])
    };
    let edits: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        edits,
        [
            "-            memory: 2Gi",
            "+            memory: 3Gi",
            "-            memory: 2Gi",
            "+            memory: 3Gi"
        ],
        "{diff}"
    );
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn gcp_platform_applies_once_then_never_changes() {
    deploy_twice("gcp.yaml").await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn aks_platform_applies_once_then_never_changes() {
    deploy_twice("aks.yaml").await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn gateway_becomes_available_and_wait_follows_the_operator_status() {
    let _guard = crd_lock().read().await;
    let (target, ns, platform) = deployed("wait").await;

    // No operator runs here: without a status the wait times out, saying what it saw.
    let quick = WaitOptions {
        timeout: Duration::from_secs(2),
        interval: Duration::from_millis(200),
    };
    match wait_ready(&target, &platform, quick, |_| {}).await.unwrap() {
        WaitOutcome::TimedOut { state, .. } => {
            assert!(state.cluster.exists);
            assert_eq!(state.cluster.lifecycle_state, None);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }

    // Write the status as the operator would, through the status subresource.
    let fds: Api<FlinkDeployment> = Api::namespaced(target.client.clone(), &ns);
    let fd = fds.get(platform.cluster_name()).await.unwrap();
    let status = serde_json::json!({"status": {
        "lifecycleState": "STABLE",
        "jobManagerDeploymentStatus": "READY",
        "observedGeneration": fd.metadata.generation,
    }});
    fds.patch_status(
        platform.cluster_name(),
        &PatchParams::default(),
        &Patch::Merge(&status),
    )
    .await
    .unwrap();
    // The gateway Pod is scheduled on the kwok node and becomes Ready through the real
    // controllers; the wait sees both halves.
    let patient = WaitOptions {
        timeout: Duration::from_secs(60),
        interval: Duration::from_millis(300),
    };
    let mut seen = Vec::new();
    let outcome = wait_ready(&target, &platform, patient, |s| seen.push(s.clone()))
        .await
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Ready { .. }), "{outcome:?}");
    assert!(read(&target, &platform).await.unwrap().gateway.available);

    // A failure reported by the operator ends the wait at once, with its error.
    let failed =
        serde_json::json!({"status": {"lifecycleState": "FAILED", "error": "boom: image pull"}});
    fds.patch_status(
        platform.cluster_name(),
        &PatchParams::default(),
        &Patch::Merge(&failed),
    )
    .await
    .unwrap();
    match wait_ready(&target, &platform, quick, |_| {}).await.unwrap() {
        WaitOutcome::Failed { state, .. } => {
            assert_eq!(state.cluster.error.as_deref(), Some("boom: image pull"));
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn a_user_without_rights_gets_the_verb_resource_and_namespace() {
    let _guard = crd_lock().read().await;
    let dev = Target::resolve(&TargetOptions::new(
        Some(kubeconfig("STUDIO_K8S_DEV_KUBECONFIG")),
        None,
    ))
    .await
    .unwrap();
    let ns = unique("rbac");
    let platform = platform("gcp.yaml", &ns, |_| {});
    let objects = platform.kube_objects().unwrap();
    let report = apply(&dev, &objects, &ApplyOptions::default()).await;
    assert!(report.applied.is_empty());
    let (object, err) = &report.failed[0];
    assert_eq!(object.kind, "Namespace");
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    // Nothing after the refused stage was attempted.
    assert_eq!(report.not_applied.len(), objects.len() - 1);
    let text = err.to_string();
    assert!(
        text.contains("cannot get namespaces") || text.contains("cannot patch namespaces"),
        "{text}"
    );
    assert!(text.contains("testbed-dev"), "{text}");

    // In an existing namespace the message names it.
    let target = admin().await;
    prepare(&target, &ns, "aiven-credentials").await;
    let report = apply(&dev, &objects[1..2], &ApplyOptions::default()).await;
    let text = report.failed[0].1.to_string();
    assert!(text.contains(&format!("in namespace {ns}")), "{text}");
    assert!(text.contains("serviceaccounts"), "{text}");
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn a_value_the_apiserver_rejects_is_reported_with_its_field_path() {
    let _guard = crd_lock().read().await;
    let target = admin().await;
    let ns = unique("reject");
    let platform = platform("gcp.yaml", &ns, |c| {
        c.labels
            .insert("team".into(), "not a valid label value!".into());
    });
    prepare(&target, &ns, "aiven-credentials").await;
    let objects = platform.kube_objects().unwrap();
    let report = apply(&target, &objects, &ApplyOptions::default()).await;
    assert!(!report.is_complete());
    let (_, err) = report.failed.first().unwrap();
    let Error::Rejected { causes, .. } = err else {
        panic!("{err:?}")
    };
    assert!(
        causes.iter().any(|(field, _)| field == "metadata.labels"),
        "{causes:?}"
    );
    assert!(err.to_string().contains("metadata.labels:"), "{err}");
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn operator_1_15_crds_accept_a_flink_2_2_platform() {
    let _guard = crd_lock().write().await;
    let target = admin().await;
    let crds: Api<CustomResourceDefinition> = Api::all(target.client.clone());
    let install = |operator: &'static str| {
        let crds = crds.clone();
        async move {
            for crd in studio_kube::crds::load(operator).unwrap() {
                let name = crd.metadata.name.clone().unwrap();
                crds.patch(
                    &name,
                    &PatchParams::apply("studio-testbed").force(),
                    &Patch::Apply(&crd),
                )
                .await
                .unwrap();
            }
            // Let the apiserver serve the new schema before it is used.
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    };
    install("1.15.0").await;
    let ns = unique("op115");
    let platform = platform("gcp.yaml", &ns, |c| {
        c.operator = "1.15.0".parse().unwrap();
        c.image = "flink:2.2.0".into();
        c.flink.version = "2.2.0".parse().unwrap();
    });
    prepare(&target, &ns, "aiven-credentials").await;
    let checks = studio_kube::preflight::run(&target, &platform)
        .await
        .unwrap();
    let result = apply(
        &target,
        &studio_kube::deploy::objects(&target, &platform)
            .await
            .unwrap(),
        &ApplyOptions::default(),
    )
    .await;
    install("1.12.1").await;
    assert!(checks.iter().all(|c| c.ok), "{checks:?}");
    assert!(result.is_complete(), "{:?}", result.failed);
    // Back on the 1.12 CRDs, the same platform fails pre-flight with the fix.
    let checks = studio_kube::preflight::run(&target, &platform)
        .await
        .unwrap();
    let crd = checks.iter().find(|c| c.name == "operator-crds").unwrap();
    assert!(!crd.ok);
    assert!(crd.detail.contains("v2_2"), "{}", crd.detail);
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn scale_stays_within_the_quota_and_a_later_deploy_keeps_it() {
    let _guard = crd_lock().read().await;
    let (target, ns, platform) = deployed("scale").await;

    // 2 CPU / 8 GiB per TaskManager, quota 16 CPU / 48 GiB: 5 fit, 6 do not.
    let six = studio_kube::scale::plan(&target, &platform, 6)
        .await
        .unwrap();
    assert_eq!(six.current, Some(4));
    assert!(!six.fits());
    assert!(
        six.quota
            .iter()
            .any(|q| !q.fits && q.resource.ends_with("memory"))
    );
    let five = studio_kube::scale::plan(&target, &platform, 5)
        .await
        .unwrap();
    assert!(five.fits());
    studio_kube::scale::apply(&target, &platform, 5, false)
        .await
        .unwrap();
    assert_eq!(
        studio_kube::scale::current_taskmanagers(&target, &platform)
            .await
            .unwrap(),
        Some(5)
    );
    let fd: FlinkDeployment = Api::namespaced(target.client.clone(), &ns)
        .get(platform.cluster_name())
        .await
        .unwrap();
    let conf = fd.spec.flink_configuration.unwrap();
    assert_eq!(conf.get_str("slotmanager.number-of-slots.min"), Some("10"));

    // A later deploy of the unchanged config leaves the scale alone and changes nothing.
    let objects = studio_kube::deploy::objects(&target, &platform)
        .await
        .unwrap();
    let report = apply(&target, &objects, &ApplyOptions::default()).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    assert!(!report.changed(), "{:?}", report.applied);
    assert_eq!(
        studio_kube::scale::current_taskmanagers(&target, &platform)
            .await
            .unwrap(),
        Some(5)
    );
    delete_namespace(&target, &ns).await;
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn cleanup_removes_everything_and_is_safe_twice() {
    let _guard = crd_lock().read().await;
    let (target, ns, platform) = deployed("clean").await;
    let wait = WaitOptions {
        timeout: Duration::from_secs(90),
        interval: Duration::from_millis(300),
    };
    let first = studio_kube::cleanup::cleanup(&target, &platform, false, Some(wait))
        .await
        .unwrap();
    assert_eq!(first.objects[0].0.kind, "FlinkDeployment");
    assert_eq!(first.objects.last().unwrap().0.kind, "Namespace");
    assert!(first.remaining.is_empty(), "{:?}", first.remaining);
    assert!(
        Api::<Namespace>::all(target.client.clone())
            .get_opt(&ns)
            .await
            .unwrap()
            .is_none()
    );
    let second = studio_kube::cleanup::cleanup(&target, &platform, false, Some(wait))
        .await
        .unwrap();
    assert!(second.nothing_left());
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn an_unreachable_cluster_names_server_and_context() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kubeconfig");
    std::fs::write(&file, "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: gone-ctx\n  context: {cluster: gone, user: u}\ncurrent-context: gone-ctx\n").unwrap();
    let target = Target::resolve(&TargetOptions::new(Some(file), None))
        .await
        .unwrap();
    let err = target.version().await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(
        text.contains("https://127.0.0.1:1/") && text.contains("gone-ctx"),
        "{text}"
    );
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn cleanup_reports_a_flink_deployment_stuck_on_its_finalizer() {
    let _guard = crd_lock().read().await;
    let (target, ns, platform) = deployed("stuck").await;
    // The operator's finalizer, with no operator to remove it.
    let fds: Api<FlinkDeployment> = Api::namespaced(target.client.clone(), &ns);
    let finalizer = serde_json::json!({"metadata": {"finalizers": ["flinkdeployments.flink.apache.org/finalizer"]}});
    fds.patch(
        platform.cluster_name(),
        &PatchParams::default(),
        &Patch::Merge(&finalizer),
    )
    .await
    .unwrap();
    let wait = WaitOptions {
        timeout: Duration::from_secs(4),
        interval: Duration::from_millis(300),
    };
    let report = studio_kube::cleanup::cleanup(&target, &platform, true, Some(wait))
        .await
        .unwrap();
    let stuck = report.stuck.expect("reported as stuck");
    assert!(stuck.deleting);
    // Foreground deletion may add its own `foregroundDeletion` finalizer beside the operator's.
    assert!(
        stuck
            .finalizers
            .contains(&"flinkdeployments.flink.apache.org/finalizer".to_owned()),
        "{:?}",
        stuck.finalizers
    );
    assert!(report.remaining.iter().any(|o| o.kind == "FlinkDeployment"));
    // Release it so the namespace can go.
    let release = serde_json::json!({"metadata": {"finalizers": null}});
    fds.patch(
        platform.cluster_name(),
        &PatchParams::default(),
        &Patch::Merge(&release),
    )
    .await
    .unwrap();
    delete_namespace(&target, &ns).await;
}
