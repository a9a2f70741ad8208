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

/// The operator's CRDs, found as the specs resolver (`studio_kube::crds::candidate_dirs`) finds
/// them: `STUDIO_SPECS_DIR`, then `../shared/specs` beside the working directory or one of its
/// three parents, then the cache
/// `~/.cache/flink-studio/specs` (which `studio_kube::crds::fetch_pinned` fills from pinned upstream
/// files). Panics with a clear message when none has them.
pub fn specs_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("flink-studio/specs"));
    let beside = std::env::current_dir()
        .unwrap()
        .ancestors()
        .take(4)
        .map(|a| a.join("../shared/specs"))
        .collect::<Vec<_>>();
    let tried: Vec<PathBuf> = std::env::var_os("STUDIO_SPECS_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(beside)
        .chain(cache)
        .collect();
    tried
        .iter()
        .find(|dir| dir.join("flink-kubernetes-operator").is_dir())
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "operator CRDs not found under any of {tried:?}: set STUDIO_SPECS_DIR to a specs \
                 directory (the one holding flink-kubernetes-operator/1.12.1/crds)"
            )
        })
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
