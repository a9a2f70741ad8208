//! The Flink Kubernetes Operator's CRDs: found through the project's one specs resolver
//! ([`studio_specs`]: `STUDIO_SPECS_DIR`, `../shared/specs`, then a cache filled from pinned
//! upstream files), verified by SHA-256, and installed with server-side apply.

use std::path::PathBuf;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;

use crate::error::{Error, Result};
use crate::object::KubeObject;

/// One CRD file of an operator release.
#[derive(Debug, Clone, Copy)]
pub struct PinnedCrd {
    /// Operator release, e.g. `1.12.1`.
    pub operator: &'static str,
    /// File name under `flink-kubernetes-operator/<operator>/crds/`.
    pub file: &'static str,
}

/// Every CRD file the project uses; their checksums are pinned in [`studio_specs::PINNED`].
pub const PINNED: &[PinnedCrd] = &[
    PinnedCrd {
        operator: "1.12.1",
        file: "flinkdeployments.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.12.1",
        file: "flinksessionjobs.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.12.1",
        file: "flinkstatesnapshots.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkbluegreendeployments.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkdeployments.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinksessionjobs.flink.apache.org-v1.yml",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkstatesnapshots.flink.apache.org-v1.yml",
    },
];

impl PinnedCrd {
    /// The path of this file below a specs directory.
    pub fn relative_path(&self) -> String {
        format!(
            "flink-kubernetes-operator/{}/crds/{}",
            self.operator, self.file
        )
    }
}

/// The CRD files of an operator release, found (or downloaded into the cache) by the specs
/// resolver and verified against their pinned checksums.
///
/// # Errors
///
/// [`Error::Specs`] naming the file, the directories tried and the URL, or a checksum
/// mismatch naming the file.
pub fn load(operator: &str) -> Result<Vec<CustomResourceDefinition>> {
    let pins: Vec<&PinnedCrd> = PINNED.iter().filter(|p| p.operator == operator).collect();
    if pins.is_empty() {
        return Err(Error::Specs {
            message: format!("no CRDs are pinned for operator {operator} (pinned: 1.12.1, 1.15.0)"),
        });
    }
    pins.iter()
        .map(|pin| {
            let path: PathBuf =
                studio_specs::resolve(&pin.relative_path()).map_err(|err| Error::Specs {
                    message: err.to_string(),
                })?;
            let text = std::fs::read_to_string(&path).map_err(|err| Error::Io {
                path: path.clone(),
                message: err.to_string(),
            })?;
            serde_saphyr::from_str(&text).map_err(|err| Error::Encoding {
                what: path.display().to_string(),
                message: err.to_string(),
            })
        })
        .collect()
}

/// The CRDs of `operator`, ready to apply.
///
/// # Errors
///
/// As [`load`].
pub fn objects(operator: &str) -> Result<Vec<KubeObject>> {
    load(operator)?.iter().map(KubeObject::from_crd).collect()
}

/// What the installed FlinkDeployment CRD accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstalledCrd {
    /// The `spec.flinkVersion` values the schema lists.
    pub flink_versions: Vec<String>,
    /// Whether `spec.flinkConfiguration` takes nested YAML (operator 1.13 and later).
    pub nested_configuration: bool,
    /// The operator line this schema matches: `1.12` or `1.13+`.
    pub operator_line: &'static str,
}

/// Reads what an installed FlinkDeployment CRD accepts from its schema.
pub fn inspect(crd: &CustomResourceDefinition) -> InstalledCrd {
    let value = serde_json::to_value(crd).unwrap_or_default();
    let spec = &value["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"];
    let flink_versions = spec["flinkVersion"]["enum"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let conf = &spec["flinkConfiguration"];
    let nested = conf["x-kubernetes-preserve-unknown-fields"].as_bool() == Some(true)
        || conf.get("additionalProperties").is_none();
    InstalledCrd {
        flink_versions,
        nested_configuration: nested,
        operator_line: if nested { "1.13+" } else { "1.12" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_crd_is_pinned_by_the_specs_resolver() {
        for pin in PINNED {
            assert!(
                studio_specs::pin(&pin.relative_path()).is_some(),
                "{} has no checksum in studio_specs::PINNED",
                pin.relative_path()
            );
        }
    }

    #[test]
    fn both_operator_lines_load_and_differ_in_configuration_shape() {
        let old = load("1.12.1").expect("specs for 1.12.1");
        let new = load("1.15.0").expect("specs for 1.15.0");
        let find = |crds: &[CustomResourceDefinition]| {
            crds.iter()
                .find(|c| c.metadata.name.as_deref() == Some("flinkdeployments.flink.apache.org"))
                .map(inspect)
                .expect("flinkdeployments CRD")
        };
        let (old, new) = (find(&old), find(&new));
        assert_eq!(old.operator_line, "1.12");
        assert_eq!(new.operator_line, "1.13+");
        assert!(old.flink_versions.contains(&"v2_0".to_owned()));
        assert!(!old.flink_versions.contains(&"v2_2".to_owned()));
        assert!(new.flink_versions.contains(&"v2_2".to_owned()));
    }
}
