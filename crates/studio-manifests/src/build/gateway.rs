//! The Flink SQL Gateway: a Deployment next to the session cluster, and its Service.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, HTTPGetAction, PodSpec, PodTemplateSpec, Probe, ResourceRequirements,
    Service, ServicePort, ServiceSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::network::REST_PORT;
use super::session_cluster::{azure_fs_configuration, kafka_volume, plugin_env};
use super::{identity, labels};
use crate::config::StudioConfig;

/// Arguments of the gateway container. They go to `args`, not `command`, so the image's
/// `/docker-entrypoint.sh` still runs (plugins, privileges) before `exec`-ing them.
pub fn gateway_args(config: &StudioConfig) -> Vec<String> {
    let gateway = &config.gateway;
    let mut args = vec![
        "bin/sql-gateway.sh".to_owned(),
        "start-foreground".to_owned(),
        "-Dsql-gateway.endpoint.rest.bind-address=0.0.0.0".to_owned(),
        format!(
            "-Dsql-gateway.endpoint.rest.address={}.{}.svc",
            gateway.name, config.namespace
        ),
        format!("-Dsql-gateway.endpoint.rest.port={}", gateway.port),
        format!(
            "-Dsql-gateway.session.idle-timeout={}",
            gateway.session_idle_timeout
        ),
        format!(
            "-Drest.address={}-rest.{}.svc",
            config.flink.cluster_name, config.namespace
        ),
        format!("-Drest.port={REST_PORT}"),
        "-Dexecution.target=remote".to_owned(),
    ];
    args.extend(
        azure_fs_configuration(config)
            .into_iter()
            .map(|(k, v)| format!("-D{k}={v}")),
    );
    args
}

fn probe(initial_delay: i32) -> Probe {
    Probe {
        http_get: Some(HTTPGetAction {
            path: Some("/v1/info".into()),
            port: IntOrString::String("rest".into()),
            ..HTTPGetAction::default()
        }),
        initial_delay_seconds: Some(initial_delay),
        period_seconds: Some(10),
        timeout_seconds: Some(5),
        failure_threshold: Some(6),
        ..Probe::default()
    }
}

/// The gateway Deployment (one replica: sessions live in memory).
pub fn deployment(config: &StudioConfig) -> Deployment {
    let gateway = &config.gateway;
    let selector = labels::gateway_pods(config);
    let mut pod_labels = labels::common(config, "sql-gateway");
    pod_labels.extend(selector.clone());
    pod_labels.extend(identity::pod_labels(config));
    let mut metadata = labels::meta(config, &gateway.name, "sql-gateway");
    if let Some(l) = metadata.labels.as_mut() {
        l.extend(selector.clone());
    }
    let resources: BTreeMap<_, _> = BTreeMap::from([
        ("cpu".to_owned(), gateway.cpu.to_quantity()),
        ("memory".to_owned(), gateway.memory.to_quantity()),
    ]);
    let (volume, mount) = kafka_volume(config);
    let mut volumes = vec![volume];
    let mut mounts = vec![mount];
    let mut init_containers = None;
    if let Some((init, volume, mount)) = crate::connectors::pod_parts(config) {
        init_containers = Some(vec![init]);
        volumes.push(volume);
        mounts.push(mount);
    }
    let spec = DeploymentSpec {
        replicas: Some(1),
        selector: LabelSelector {
            match_labels: Some(selector),
            ..LabelSelector::default()
        },
        template: PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(pod_labels),
                ..ObjectMeta::default()
            }),
            spec: Some(PodSpec {
                service_account_name: Some(config.flink.service_account.clone()),
                containers: vec![Container {
                    name: "sql-gateway".into(),
                    image: Some(config.image.clone()),
                    image_pull_policy: Some(config.image_pull_policy.clone()),
                    args: Some(gateway_args(config)),
                    env: Some(vec![plugin_env(config)]),
                    ports: Some(vec![ContainerPort {
                        name: Some("rest".into()),
                        container_port: gateway.port,
                        protocol: Some("TCP".into()),
                        ..ContainerPort::default()
                    }]),
                    readiness_probe: Some(probe(10)),
                    liveness_probe: Some(probe(30)),
                    resources: Some(ResourceRequirements {
                        requests: Some(resources.clone()),
                        limits: Some(resources),
                        ..ResourceRequirements::default()
                    }),
                    volume_mounts: Some(mounts),
                    ..Container::default()
                }],
                init_containers,
                volumes: Some(volumes),
                ..PodSpec::default()
            }),
        },
        ..DeploymentSpec::default()
    };
    // `Deployment::spec` is optional up to Kubernetes 1.36 and required from 1.37 on.
    k8s_openapi::k8s_if_le_1_36! { let spec = Some(spec); }
    Deployment {
        metadata,
        spec,
        ..Deployment::default()
    }
}

/// ClusterIP Service in front of the gateway.
pub fn service(config: &StudioConfig) -> Service {
    let gateway = &config.gateway;
    let mut metadata = labels::meta(config, &gateway.name, "sql-gateway");
    if let Some(l) = metadata.labels.as_mut() {
        l.extend(labels::gateway_pods(config));
    }
    Service {
        metadata,
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: Some(labels::gateway_pods(config)),
            ports: Some(vec![ServicePort {
                name: Some("rest".into()),
                port: gateway.port,
                target_port: Some(IntOrString::String("rest".into())),
                protocol: Some("TCP".into()),
                ..ServicePort::default()
            }]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}
