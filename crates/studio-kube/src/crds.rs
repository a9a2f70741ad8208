//! The Flink Kubernetes Operator's CRDs: found through one specs resolver, verified by
//! SHA-256, and installed with server-side apply.
//!
//! Resolution order: `STUDIO_SPECS_DIR`, then `../shared/specs` beside the working directory
//! (and beside this repository), then `~/.cache/flink-studio/specs/`, which [`fetch_pinned`]
//! fills from the upstream release tags at pinned URLs with pinned checksums.

use std::path::{Path, PathBuf};

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::object::KubeObject;

/// One pinned CRD file of an operator release.
#[derive(Debug, Clone, Copy)]
pub struct PinnedCrd {
    /// Operator release, e.g. `1.12.1`.
    pub operator: &'static str,
    /// File name under `flink-kubernetes-operator/<operator>/crds/`.
    pub file: &'static str,
    /// SHA-256 of the upstream file.
    pub sha256: &'static str,
}

const UPSTREAM: &str = "https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-{operator}/helm/flink-kubernetes-operator/crds/{file}";

/// Every CRD file the project uses, with the checksum of the upstream file.
pub const PINNED: &[PinnedCrd] = &[
    PinnedCrd {
        operator: "1.12.1",
        file: "flinkdeployments.flink.apache.org-v1.yml",
        sha256: "9a9698acf5113479ff2e6935694431d1309d11474fe9b728df90aaa406f5bd9f",
    },
    PinnedCrd {
        operator: "1.12.1",
        file: "flinksessionjobs.flink.apache.org-v1.yml",
        sha256: "c88b16445180c7f1005fdc3f0ea731e10e8187bbe7afcc452aecf137694afd4b",
    },
    PinnedCrd {
        operator: "1.12.1",
        file: "flinkstatesnapshots.flink.apache.org-v1.yml",
        sha256: "b4d9e65e4465c74ff8526cfc46d823a4a5198d51e0e08a9f0f5a8c6f4380e399",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkbluegreendeployments.flink.apache.org-v1.yml",
        sha256: "1e6595166e20fcfbc937cb30eda814dedac3e43ddbc1ff224b48c911a64fe760",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkdeployments.flink.apache.org-v1.yml",
        sha256: "7977265fc26d5e13e46ea5a18b18ce71dc1b93a7c750d781843a7af0d1d13e47",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinksessionjobs.flink.apache.org-v1.yml",
        sha256: "f06cc09cbd11897c5120df8c8aae31558d5eb901ea550e9c476b21dd234f99b1",
    },
    PinnedCrd {
        operator: "1.15.0",
        file: "flinkstatesnapshots.flink.apache.org-v1.yml",
        sha256: "b4d9e65e4465c74ff8526cfc46d823a4a5198d51e0e08a9f0f5a8c6f4380e399",
    },
];

impl PinnedCrd {
    /// The upstream URL of this file.
    pub fn url(&self) -> String {
        UPSTREAM
            .replace("{operator}", self.operator)
            .replace("{file}", self.file)
    }

    /// The path of this file below a specs directory.
    pub fn relative_path(&self) -> PathBuf {
        Path::new("flink-kubernetes-operator")
            .join(self.operator)
            .join("crds")
            .join(self.file)
    }
}

/// The specs directories tried, in order.
pub fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("STUDIO_SPECS_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Ok(cwd) = std::env::current_dir() {
        for ancestor in cwd.ancestors().take(4) {
            dirs.push(ancestor.join("../shared/specs"));
        }
    }
    dirs.push(cache_dir());
    dirs
}

/// `~/.cache/flink-studio/specs`.
pub fn cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("flink-studio")
        .join("specs")
}

/// The CRD files of an operator release, read from the first specs directory that has them
/// all and verified against [`PINNED`].
///
/// # Errors
///
/// [`Error::Specs`] naming the directories tried and how to fill the cache, or a checksum
/// mismatch naming the file.
pub fn load(operator: &str) -> Result<Vec<CustomResourceDefinition>> {
    let pins: Vec<&PinnedCrd> = PINNED.iter().filter(|p| p.operator == operator).collect();
    if pins.is_empty() {
        return Err(Error::Specs {
            message: format!("no CRDs are pinned for operator {operator} (pinned: 1.12.1, 1.15.0)"),
        });
    }
    let tried = candidate_dirs();
    let dir = tried
        .iter()
        .find(|dir| pins.iter().all(|p| dir.join(p.relative_path()).is_file()))
        .ok_or_else(|| Error::Specs {
            message: format!(
                "the operator {operator} CRDs were not found in {}; set STUDIO_SPECS_DIR to a \
                 specs directory, or fill the cache from the pinned upstream files",
                tried
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
    pins.iter()
        .map(|pin| {
            let path = dir.join(pin.relative_path());
            let bytes = std::fs::read(&path).map_err(|err| Error::Io {
                path: path.clone(),
                message: err.to_string(),
            })?;
            verify(&path, &bytes, pin.sha256)?;
            let text = String::from_utf8_lossy(&bytes);
            serde_saphyr::from_str(&text).map_err(|err| Error::Encoding {
                what: path.display().to_string(),
                message: err.to_string(),
            })
        })
        .collect()
}

fn verify(path: &Path, bytes: &[u8], expected: &str) -> Result<()> {
    let actual = hex::encode(Sha256::digest(bytes));
    if actual != expected {
        return Err(Error::Specs {
            message: format!(
                "{} has SHA-256 {actual}, expected {expected}; delete it to download it again",
                path.display()
            ),
        });
    }
    Ok(())
}

/// Downloads the pinned CRD files of `operator` that the cache lacks into [`cache_dir`],
/// verifying each checksum before it is written. Returns the files written.
///
/// # Errors
///
/// [`Error::Specs`] naming the URL that failed or the checksum that did not match.
pub async fn fetch_pinned(operator: &str) -> Result<Vec<PathBuf>> {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .map_err(|err| Error::Specs {
            message: format!("cannot build an HTTP client: {err}"),
        })?;
    let mut written = Vec::new();
    for pin in PINNED.iter().filter(|p| p.operator == operator) {
        let path = cache_dir().join(pin.relative_path());
        if path.is_file() {
            continue;
        }
        let url = pin.url();
        let failed = |err: reqwest::Error| Error::Specs {
            message: format!("downloading {url}: {err}"),
        };
        let bytes = client
            .get(&url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(failed)?
            .bytes()
            .await
            .map_err(failed)?;
        verify(Path::new(&url), &bytes, pin.sha256)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::Io {
                path: parent.to_owned(),
                message: err.to_string(),
            })?;
        }
        std::fs::write(&path, &bytes).map_err(|err| Error::Io {
            path: path.clone(),
            message: err.to_string(),
        })?;
        written.push(path);
    }
    Ok(written)
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
    fn urls_name_the_release_tag_and_file() {
        assert_eq!(
            PINNED[0].url(),
            "https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-1.12.1/helm/flink-kubernetes-operator/crds/flinkdeployments.flink.apache.org-v1.yml"
        );
    }

    #[test]
    fn a_changed_file_fails_its_checksum() {
        let err = verify(Path::new("x.yml"), b"tampered", PINNED[0].sha256).unwrap_err();
        assert!(err.to_string().contains("x.yml has SHA-256"), "{err}");
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
