//! Shared helpers: the example configurations and the specs directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use studio_manifests::build::PlatformObject;
use studio_manifests::config::{LoadOptions, StudioConfig, load};

/// A tenant id for tests only: the seed does not record the real one.
pub const TEST_TENANT: &str = "00000000-0000-4000-8000-000000000001";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn example(name: &str) -> PathBuf {
    repo_root().join("examples/platform").join(name)
}

/// A CRD file of an operator release, through the project's one specs resolver; panics with
/// its message (the directories tried and the URL) when it cannot be found.
pub fn crd_file(operator: &str, file: &str) -> PathBuf {
    studio_specs::resolve(&format!("flink-kubernetes-operator/{operator}/crds/{file}"))
        .unwrap_or_else(|e| panic!("{e}"))
}

pub fn load_example(name: &str, env: Option<&str>) -> StudioConfig {
    let process_env = BTreeMap::from([("AZURE_TENANT_ID".to_owned(), TEST_TENANT.to_owned())]);
    load(&LoadOptions {
        file: example(name),
        env: env.map(str::to_owned),
        cloud: None,
        process_env,
    })
    .unwrap_or_else(|err| panic!("{name}: {err}"))
}

pub fn gcp() -> StudioConfig {
    load_example("gcp.yaml", None)
}

pub fn aks() -> StudioConfig {
    load_example("aks.yaml", None)
}

pub fn build(config: &StudioConfig) -> Vec<PlatformObject> {
    studio_manifests::build::build(config, Path::new("test.yaml")).unwrap()
}

pub fn flink_deployment(objects: &[PlatformObject]) -> &studio_manifests::crd::FlinkDeployment {
    objects
        .iter()
        .find_map(|o| match o {
            PlatformObject::FlinkDeployment(d) => Some(d.as_ref()),
            _ => None,
        })
        .expect("a FlinkDeployment is rendered")
}
