//! Reading `studio.yaml`, applying an environment overlay and resolving variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::vars;
use super::{Cloud, StudioConfig};
use crate::error::{Error, Result};

/// The seed's environment variables and the configuration keys they set when an environment's
/// `.env` overlay defines them.
pub const SEED_VARIABLES: &[(&str, &str)] = &[
    ("K8S_NAMESPACE", "namespace"),
    ("K8S_SERVICE_ACCOUNT", "flink.serviceAccount"),
    ("AZURE_STORAGE_ACCOUNT_NAME", "aks.storageAccount"),
    ("AZURE_STORAGE_CONTAINER_NAME", "aks.container"),
    ("AZURE_TENANT_ID", "aks.tenantId"),
    ("AZURE_CLIENT_ID", "aks.clientId"),
];

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The base configuration file, e.g. `examples/platform/aks.yaml`.
    pub file: PathBuf,
    /// Environment overlay name (e.g. `sbx-uat`): reads `<stem>.<env>.yaml` and/or
    /// `<stem>.<env>.env` next to the base file.
    pub env: Option<String>,
    /// Overrides the file's `cloud`.
    pub cloud: Option<Cloud>,
    /// Process environment used for `${VAR}` references not defined by the `.env` overlay. The
    /// caller passes it in (e.g. `std::env::vars().collect()`), which keeps loading testable.
    pub process_env: BTreeMap<String, String>,
}

/// Loads a configuration: base file, then the environment overlay (YAML deep-merged, `.env`
/// seed variables applied to their keys), then `${VAR}` references, then `--cloud`.
///
/// # Errors
///
/// [`Error::Read`], [`Error::Syntax`], [`Error::UnknownEnvironment`], or [`Error::Config`] naming
/// the file, the key and the reason (including unset variables).
pub fn load(options: &LoadOptions) -> Result<StudioConfig> {
    let file = options.file.as_path();
    let mut value = parse_yaml(&read(file)?, file)?;
    let mut overlay_vars = BTreeMap::new();
    // Which file set each key, so errors point at the overlay when the overlay is at fault.
    let mut provenance: BTreeMap<String, PathBuf> = BTreeMap::new();

    if let Some(env) = &options.env {
        let (yaml_overlay, env_overlay) = overlay_paths(file, env);
        let mut found = false;
        if yaml_overlay.is_file() {
            found = true;
            let overlay = parse_yaml(&read(&yaml_overlay)?, &yaml_overlay)?;
            for key in leaf_paths(&overlay) {
                provenance.insert(key, yaml_overlay.clone());
            }
            merge(&mut value, overlay);
        }
        if env_overlay.is_file() {
            found = true;
            overlay_vars = read_env_file(&env_overlay)?;
            for (variable, key) in SEED_VARIABLES {
                if let Some(setting) = overlay_vars.get(*variable) {
                    provenance.insert((*key).to_owned(), env_overlay.clone());
                    set_path(&mut value, key, Value::String(setting.clone()));
                }
            }
        }
        if !found {
            return Err(Error::UnknownEnvironment {
                env: env.clone(),
                looked_for: vec![yaml_overlay, env_overlay],
            });
        }
    }

    let lookup = vars::chain(&overlay_vars, &options.process_env);
    let source_of = |key: &str| -> PathBuf {
        provenance
            .iter()
            .filter(|(set, _)| {
                key == set.as_str()
                    || key.starts_with(&format!("{set}."))
                    || set.starts_with(&format!("{key}."))
            })
            .map(|(_, path)| path.clone())
            .next()
            .unwrap_or_else(|| file.to_path_buf())
    };
    vars::substitute(&mut value, &lookup).map_err(|problems| {
        let mut problems: Vec<Error> = problems
            .into_iter()
            .map(|(key, reason)| Error::Config {
                file: source_of(&key),
                key,
                reason,
            })
            .collect();
        // One problem keeps its plain shape; several are reported together.
        match problems.len() {
            1 => problems.remove(0),
            _ => Error::Variables { problems },
        }
    })?;

    if let Some(cloud) = options.cloud {
        set_path(&mut value, "cloud", Value::String(cloud.to_string()));
    }
    StudioConfig::from_value(value, file).map_err(|err| match err {
        Error::Config { key, reason, .. } => Error::Config {
            file: source_of(&key),
            key,
            reason,
        },
        other => other,
    })
}

/// Dotted paths of every leaf (non-mapping value) in a tree.
fn leaf_paths(value: &Value) -> Vec<String> {
    fn walk(value: &Value, prefix: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, child) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(child, &path, out);
                }
            }
            _ if !prefix.is_empty() => out.push(prefix.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// `<dir>/<stem>.<env>.yaml` and `<dir>/<stem>.<env>.env` for a base file `<dir>/<stem>.yaml`.
pub(crate) fn overlay_paths(file: &Path, env: &str) -> (PathBuf, PathBuf) {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("studio");
    let dir = file.parent().unwrap_or(Path::new(""));
    (
        dir.join(format!("{stem}.{env}.yaml")),
        dir.join(format!("{stem}.{env}.env")),
    )
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|source| Error::Read {
        file: file.to_path_buf(),
        source,
    })
}

/// Parses YAML into a JSON tree; the top level must be a mapping.
pub(crate) fn parse_yaml(text: &str, file: &Path) -> Result<Value> {
    let value: Value = serde_saphyr::from_str(text).map_err(|err| Error::Syntax {
        file: file.to_path_buf(),
        reason: err.to_string(),
    })?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Ok(Value::Object(serde_json::Map::new())),
        _ => Err(Error::Syntax {
            file: file.to_path_buf(),
            reason: "the top level must be a mapping of keys to values".into(),
        }),
    }
}

fn read_env_file(file: &Path) -> Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        file: file.to_path_buf(),
        source,
    })?;
    let pairs = studio_vars::parse_env(&text).map_err(|err| Error::Syntax {
        file: file.to_path_buf(),
        reason: err.to_string(),
    })?;
    Ok(pairs.into_iter().collect())
}

/// Deep merge: mappings merge key by key, anything else (lists included) replaces; `null`
/// removes the key.
pub(crate) fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Object(base_map), Value::Object(overlay_map)) => {
            for (key, value) in overlay_map {
                if value.is_null() {
                    base_map.remove(&key);
                } else if let Some(existing) = base_map.get_mut(&key) {
                    merge(existing, value);
                } else {
                    base_map.insert(key, value);
                }
            }
        }
        (base, overlay) => *base = overlay,
    }
}

fn set_path(value: &mut Value, dotted: &str, new: Value) {
    let mut current = value;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        if !current.is_object() {
            *current = Value::Object(serde_json::Map::new());
        }
        let Value::Object(map) = current else { return };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), new);
            return;
        }
        current = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_replaces_scalars_and_lists_and_removes_nulls() {
        let mut base = serde_json::json!({"a": {"b": 1, "c": [1, 2], "d": "x"}, "e": true});
        merge(
            &mut base,
            serde_json::json!({"a": {"b": 2, "c": [3], "d": null}, "f": 1}),
        );
        assert_eq!(
            base,
            serde_json::json!({"a": {"b": 2, "c": [3]}, "e": true, "f": 1})
        );
    }

    #[test]
    fn set_path_creates_intermediate_maps() {
        let mut value = serde_json::json!({});
        set_path(&mut value, "aks.tenantId", Value::String("t".into()));
        assert_eq!(value, serde_json::json!({"aks": {"tenantId": "t"}}));
    }

    #[test]
    fn overlay_paths_sit_next_to_the_base_file() {
        let (yaml, env) = overlay_paths(Path::new("examples/platform/aks.yaml"), "sbx-uat");
        assert_eq!(yaml, Path::new("examples/platform/aks.sbx-uat.yaml"));
        assert_eq!(env, Path::new("examples/platform/aks.sbx-uat.env"));
    }
}
