//! Least-privilege Role for Flink's native Kubernetes mode and Kubernetes HA.

use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};

use super::labels;
use crate::config::StudioConfig;

fn rule(group: &str, resources: &[&str], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(vec![group.to_owned()]),
        resources: Some(resources.iter().map(|r| (*r).to_owned()).collect()),
        verbs: verbs.iter().map(|v| (*v).to_owned()).collect(),
        ..PolicyRule::default()
    }
}

fn role_name(config: &StudioConfig) -> String {
    format!("{}-flink", config.flink.cluster_name)
}

/// The Role: the JobManager creates and deletes TaskManager pods (native mode), owns them via its
/// Deployment, and keeps leader election and HA metadata in ConfigMaps.
pub(crate) fn role(config: &StudioConfig) -> Role {
    Role {
        metadata: labels::meta(config, &role_name(config), "rbac"),
        rules: Some(vec![
            rule("", &["pods"], &["get", "list", "watch", "create", "delete"]),
            rule(
                "",
                &["configmaps"],
                &[
                    "get", "list", "watch", "create", "update", "patch", "delete",
                ],
            ),
            rule("apps", &["deployments"], &["get", "list", "watch"]),
            // Owner references with blockOwnerDeletion need update on the owner's finalizers.
            rule("apps", &["deployments/finalizers"], &["update"]),
        ]),
    }
}

/// Binds the Role to the platform's service account.
pub(crate) fn role_binding(config: &StudioConfig) -> RoleBinding {
    let api_group = "rbac.authorization.k8s.io".to_owned();
    // `RoleRef::api_group` became optional in Kubernetes 1.37.
    k8s_openapi::k8s_if_ge_1_37! { let api_group = Some(api_group); }
    RoleBinding {
        metadata: labels::meta(config, &role_name(config), "rbac"),
        role_ref: RoleRef {
            api_group,
            kind: "Role".into(),
            name: role_name(config),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".into(),
            name: config.flink.service_account.clone(),
            namespace: Some(config.namespace.clone()),
            ..Subject::default()
        }]),
    }
}
