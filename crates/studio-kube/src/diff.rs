//! `--dry-run`: server-side dry-run apply, compared with the live objects.

use futures_util::future::join_all;
use kube::api::{Patch, PatchParams};
use serde::Serialize;
use serde_json::Value;

use crate::apply::ApplyOptions;
use crate::error::{Error, Result};
use crate::object::{KubeObject, ObjectRef};
use crate::target::Target;

/// What a real apply would do to one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Change {
    /// The object does not exist; `yaml` is what would be created.
    Create {
        /// The object as the server would store it.
        yaml: String,
    },
    /// The object would change; `diff` is a unified diff of the YAML (live → new).
    Update {
        /// Unified diff, `---`/`+++` headers first.
        diff: String,
    },
    /// Nothing would change.
    Unchanged,
}

/// The dry-run result of one object.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectDiff {
    /// The object.
    pub object: ObjectRef,
    /// What would happen.
    #[serde(flatten)]
    pub change: Change,
}

/// Runs a server-side dry-run apply of every object and compares the result with the live
/// object, ignoring fields the server manages (`managedFields`, `resourceVersion`, `uid`,
/// `generation`, `creationTimestamp`, `status`). Nothing is persisted.
///
/// # Errors
///
/// The first error the server returns (a rejected object, a missing permission, …).
pub async fn dry_run(
    target: &Target,
    objects: &[KubeObject],
    options: &ApplyOptions,
) -> Result<Vec<ObjectDiff>> {
    // Namespaces that do not exist yet: objects in them are shown as created from the local
    // rendering, because the server cannot dry-run into a namespace that is not there.
    let mut missing_namespaces = Vec::new();
    for object in objects.iter().filter(|o| o.resource.kind == "Namespace") {
        let live = object
            .api(&target.client)
            .get_opt(object.name())
            .await
            .map_err(|err| {
                target.error(err, "reading the namespace", "Namespace", object.name())
            })?;
        if live.is_none() {
            missing_namespaces.push(object.name().to_owned());
        }
    }
    let results = join_all(
        objects
            .iter()
            .map(|o| diff_one(target, o, options, &missing_namespaces)),
    )
    .await;
    results.into_iter().collect()
}

async fn diff_one(
    target: &Target,
    object: &KubeObject,
    options: &ApplyOptions,
    missing_namespaces: &[String],
) -> Result<ObjectDiff> {
    let reference = object.reference();
    let kind = &object.resource.kind;
    let name = object.name();
    let in_missing_namespace = object.namespaced
        && object
            .object
            .metadata
            .namespace
            .as_ref()
            .is_some_and(|ns| missing_namespaces.contains(ns));
    if in_missing_namespace {
        let local = serde_json::to_value(&object.object).map_err(encoding(kind))?;
        return Ok(ObjectDiff {
            object: reference,
            change: Change::Create {
                yaml: to_yaml(&normalize(local))?,
            },
        });
    }
    let api = object.api(&target.client);
    let live = api
        .get_opt(name)
        .await
        .map_err(|err| target.error(err, &format!("reading {kind} {name}"), kind, name))?;
    let mut params = PatchParams::apply(&options.field_manager).dry_run();
    if options.force {
        params = params.force();
    }
    let planned = api
        .patch(name, &params, &Patch::Apply(&object.object))
        .await
        .map_err(|err| target.error(err, &format!("dry-running {kind} {name}"), kind, name))?;
    let planned = to_yaml(&normalize(
        serde_json::to_value(&planned).map_err(encoding(kind))?,
    ))?;
    let change = match live {
        None => Change::Create { yaml: planned },
        Some(live) => {
            let live = to_yaml(&normalize(
                serde_json::to_value(&live).map_err(encoding(kind))?,
            ))?;
            if live == planned {
                Change::Unchanged
            } else {
                let label = format!("{kind}/{name}");
                let diff = similar::TextDiff::from_lines(&live, &planned)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("live {label}"), &format!("planned {label}"))
                    .to_string();
                Change::Update { diff }
            }
        }
    };
    Ok(ObjectDiff {
        object: reference,
        change,
    })
}

fn encoding(kind: &str) -> impl Fn(serde_json::Error) -> Error + '_ {
    move |err| Error::Encoding {
        what: kind.to_owned(),
        message: err.to_string(),
    }
}

/// Drops the fields the server owns, so two versions of one object compare by content.
pub fn normalize(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("status");
        if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in [
                "managedFields",
                "resourceVersion",
                "uid",
                "generation",
                "creationTimestamp",
                "selfLink",
            ] {
                meta.remove(key);
            }
            if let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
                annotations.remove("deployment.kubernetes.io/revision");
                if annotations.is_empty() {
                    meta.remove("annotations");
                }
            }
        }
    }
    value
}

fn to_yaml(value: &Value) -> Result<String> {
    serde_saphyr::to_string(value).map_err(|err| Error::Encoding {
        what: "YAML".into(),
        message: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_server_fields_only() {
        let value = serde_json::json!({
            "metadata": {"name": "a", "resourceVersion": "7", "uid": "u", "generation": 3,
                         "managedFields": [], "labels": {"x": "y"},
                         "annotations": {"deployment.kubernetes.io/revision": "2"}},
            "spec": {"replicas": 1},
            "status": {"ready": true}
        });
        assert_eq!(
            normalize(value),
            serde_json::json!({"metadata": {"name": "a", "labels": {"x": "y"}}, "spec": {"replicas": 1}})
        );
    }
}
