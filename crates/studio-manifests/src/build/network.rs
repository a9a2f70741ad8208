//! NetworkPolicies: default deny, then only what the gateway, JobManager, TaskManagers and Kafka
//! need.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::labels;
use crate::config::{Cloud, StudioConfig};

/// JobManager REST port (Flink's default `rest.port`).
pub(crate) const REST_PORT: i32 = 8081;

fn selector(labels: BTreeMap<String, String>) -> LabelSelector {
    LabelSelector {
        match_labels: Some(labels),
        ..LabelSelector::default()
    }
}

fn pods(labels: BTreeMap<String, String>) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        pod_selector: Some(selector(labels)),
        ..NetworkPolicyPeer::default()
    }
}

fn namespace_named(name: &str) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        namespace_selector: Some(selector(BTreeMap::from([(
            "kubernetes.io/metadata.name".to_owned(),
            name.to_owned(),
        )]))),
        ..NetworkPolicyPeer::default()
    }
}

fn cidr(block: &str) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        ip_block: Some(IPBlock {
            cidr: block.to_owned(),
            except: None,
        }),
        ..NetworkPolicyPeer::default()
    }
}

fn tcp(port: i32) -> NetworkPolicyPort {
    NetworkPolicyPort {
        port: Some(IntOrString::Int(port)),
        protocol: Some("TCP".into()),
        end_port: None,
    }
}

fn egress(to: Vec<NetworkPolicyPeer>, ports: Vec<NetworkPolicyPort>) -> NetworkPolicyEgressRule {
    NetworkPolicyEgressRule {
        to: Some(to),
        ports: if ports.is_empty() { None } else { Some(ports) },
    }
}

fn ingress(
    from: Vec<NetworkPolicyPeer>,
    ports: Vec<NetworkPolicyPort>,
) -> NetworkPolicyIngressRule {
    NetworkPolicyIngressRule {
        from: Some(from),
        ports: if ports.is_empty() { None } else { Some(ports) },
    }
}

fn policy(
    config: &StudioConfig,
    name: &str,
    pod_selector: LabelSelector,
    ingress_rules: Option<Vec<NetworkPolicyIngressRule>>,
    egress_rules: Option<Vec<NetworkPolicyEgressRule>>,
) -> NetworkPolicy {
    let mut types = Vec::new();
    if ingress_rules.is_some() {
        types.push("Ingress".to_owned());
    }
    if egress_rules.is_some() {
        types.push("Egress".to_owned());
    }
    NetworkPolicy {
        metadata: labels::meta(config, name, "network-policy"),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(pod_selector),
            policy_types: Some(types),
            // A deny-all direction is a policy type with no rules; the server drops an empty
            // list, so sending one would make every apply a change.
            ingress: ingress_rules.filter(|rules| !rules.is_empty()),
            egress: egress_rules.filter(|rules| !rules.is_empty()),
        }),
    }
}

/// Egress every platform pod needs beyond the cluster: HTTPS to cloud storage and the identity
/// token endpoints, and on GKE the metadata server that serves Workload Identity tokens.
fn cloud_egress(config: &StudioConfig) -> Vec<NetworkPolicyEgressRule> {
    let mut rules = vec![egress(vec![cidr("0.0.0.0/0")], vec![tcp(443)])];
    if config.cloud == Cloud::Gcp {
        rules.push(egress(
            vec![cidr("169.254.169.254/32"), cidr("169.254.169.252/32")],
            vec![tcp(80), tcp(988)],
        ));
    }
    rules
}

fn kafka_egress(config: &StudioConfig) -> Option<NetworkPolicyEgressRule> {
    let settings = &config.network_policies;
    settings.kafka_egress.then(|| {
        egress(
            settings.kafka_cidrs.iter().map(|c| cidr(c)).collect(),
            settings.kafka_ports.iter().map(|p| tcp(*p)).collect(),
        )
    })
}

/// All policies, in a fixed order.
pub(crate) fn policies(config: &StudioConfig) -> Vec<NetworkPolicy> {
    let settings = &config.network_policies;
    let mut out = Vec::new();
    if settings.default_deny {
        out.push(policy(
            config,
            "default-deny-all",
            LabelSelector::default(),
            Some(Vec::new()),
            Some(Vec::new()),
        ));
    }
    let dns = NetworkPolicyEgressRule {
        to: Some(vec![namespace_named("kube-system")]),
        ports: Some(vec![
            NetworkPolicyPort {
                port: Some(IntOrString::Int(53)),
                protocol: Some("UDP".into()),
                end_port: None,
            },
            tcp(53),
        ]),
    };
    out.push(policy(
        config,
        "allow-dns",
        LabelSelector::default(),
        None,
        Some(vec![dns]),
    ));

    // JobManager and TaskManagers: free traffic among themselves (RPC, blob, data exchange use
    // several ports, some random); REST from the gateway and the operator; the API server for
    // native mode and HA; storage; Kafka.
    let flink_pods = labels::flink_pods(config);
    let gateway_pods = labels::gateway_pods(config);
    let mut flink_egress = vec![
        egress(vec![pods(flink_pods.clone())], Vec::new()),
        egress(
            settings.api_server_cidrs.iter().map(|c| cidr(c)).collect(),
            vec![tcp(443), tcp(6443)],
        ),
    ];
    flink_egress.extend(cloud_egress(config));
    flink_egress.extend(kafka_egress(config));
    out.push(policy(
        config,
        &format!("{}-flink", config.flink.cluster_name),
        selector(flink_pods.clone()),
        Some(vec![
            ingress(vec![pods(flink_pods.clone())], Vec::new()),
            ingress(
                vec![
                    pods(gateway_pods.clone()),
                    namespace_named(&config.operator_namespace),
                ],
                vec![tcp(REST_PORT)],
            ),
        ]),
        Some(flink_egress),
    ));

    // SQL Gateway: clients from this namespace and the configured ones; it calls the JobManager
    // REST endpoint, storage and Kafka.
    let mut clients = vec![NetworkPolicyPeer {
        pod_selector: Some(LabelSelector::default()),
        ..NetworkPolicyPeer::default()
    }];
    clients.extend(
        settings
            .gateway_clients
            .iter()
            .map(|ns| namespace_named(ns)),
    );
    let mut gateway_egress = vec![egress(vec![pods(flink_pods)], vec![tcp(REST_PORT)])];
    gateway_egress.extend(cloud_egress(config));
    gateway_egress.extend(kafka_egress(config));
    out.push(policy(
        config,
        &config.gateway.name,
        selector(gateway_pods),
        Some(vec![ingress(clients, vec![tcp(config.gateway.port)])]),
        Some(gateway_egress),
    ));
    out
}
