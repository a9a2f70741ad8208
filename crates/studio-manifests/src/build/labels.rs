//! Labels and metadata shared by every object.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::config::StudioConfig;

/// Value of `app.kubernetes.io/part-of` on every object.
pub const PART_OF: &str = "flink-sql-studio";
/// Field manager for server-side apply and value of `app.kubernetes.io/managed-by`.
pub const FIELD_MANAGER: &str = "studio";

/// `app.kubernetes.io/*` labels plus the configured extra labels.
pub(crate) fn common(config: &StudioConfig, component: &str) -> BTreeMap<String, String> {
    let mut labels = config.labels.clone();
    labels.insert("app.kubernetes.io/part-of".into(), PART_OF.into());
    labels.insert("app.kubernetes.io/managed-by".into(), FIELD_MANAGER.into());
    labels.insert("app.kubernetes.io/component".into(), component.into());
    labels
}

/// Metadata for a namespaced object.
pub(crate) fn meta(config: &StudioConfig, name: &str, component: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(config.namespace.clone()),
        labels: Some(common(config, component)),
        ..ObjectMeta::default()
    }
}

/// Labels the operator puts on the session cluster's JobManager and TaskManager pods.
pub(crate) fn flink_pods(config: &StudioConfig) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app".to_owned(), config.flink.cluster_name.clone()),
        ("type".to_owned(), "flink-native-kubernetes".to_owned()),
    ])
}

/// Selector labels of the SQL Gateway pods.
pub(crate) fn gateway_pods(config: &StudioConfig) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            "app.kubernetes.io/name".to_owned(),
            config.gateway.name.clone(),
        ),
        ("app.kubernetes.io/part-of".to_owned(), PART_OF.to_owned()),
    ])
}
